-- case: guide q1 top talkers on one day
SELECT srcaddr, dstaddr, SUM(bytes) as total_bytes
FROM vpc_flow_logs
WHERE dt = '2026/02/13'
GROUP BY srcaddr, dstaddr
ORDER BY total_bytes DESC
LIMIT 20;
-- expect:
srcaddr,dstaddr,total_bytes
10.0.2.9,10.0.1.5,12000
10.0.1.5,10.0.3.3,9000
10.0.1.5,10.0.2.9,8000
2001:db8::1,2001:db8::2,300
203.0.113.7,10.0.1.5,180
198.51.100.3,10.0.1.5,60
,,
-- end

-- case: guide q2 rejected on one day
SELECT srcaddr, dstport, COUNT(*) as reject_count
FROM vpc_flow_logs
WHERE action = 'REJECT' AND dt = '2026/02/13'
GROUP BY srcaddr, dstport
ORDER BY reject_count DESC
LIMIT 50;
-- expect:
srcaddr,dstport,reject_count
203.0.113.7,22,2
198.51.100.3,22,1
203.0.113.7,3389,1
-- end

-- case: guide q3 unusual ports on one day
SELECT DISTINCT dstport, srcaddr, dstaddr
FROM vpc_flow_logs
WHERE dstport NOT IN (80, 443, 22, 5432, 6379)
AND action = 'ACCEPT'
AND dt = '2026/02/13'
ORDER BY dstport;
-- expect:
dstport,srcaddr,dstaddr
5353,2001:db8::1,2001:db8::2
8080,10.0.1.5,10.0.3.3
49152,10.0.2.9,10.0.1.5
-- end

-- case: q1 over both days reads the gzipped day too
SELECT srcaddr, dstaddr, SUM(bytes) as total_bytes
FROM vpc_flow_logs
GROUP BY srcaddr, dstaddr
ORDER BY total_bytes DESC
LIMIT 2;
-- expect:
srcaddr,dstaddr,total_bytes
10.0.1.5,10.0.2.9,708000
10.0.2.9,10.0.1.5,12000
-- end

-- case: unknown column names the closest
SELECT srcadr FROM vpc_flow_logs;
-- error:
flowq: SQL error: Column 'srcadr' cannot be resolved
  line 1: SELECT srcadr FROM vpc_flow_logs;
                 ^^^^^^
hint: did you mean 'srcaddr'?
-- end
