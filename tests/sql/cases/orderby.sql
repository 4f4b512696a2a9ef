-- ORDER BY expressions, aliases and ordinals, ASC/DESC, NULLS FIRST/LAST
-- (NULLS LAST by default in both directions, as in Trino), LIMIT, OFFSET.
-- Data: `small`; bytes are 5000 12000 3000 60 60 60 60 9000 300 NULL
-- (day one) and 700000 60 1000 1000 (day two).

-- case: ORDER BY a column ascending puts NULL last
SELECT bytes FROM vpc_flow_logs WHERE interface_id IN ('eni-0c3', 'eni-0d4') ORDER BY bytes;
-- expect:
bytes
300
1000
1000
9000

-- end

-- case: ORDER BY DESC also puts NULL last
SELECT bytes FROM vpc_flow_logs WHERE interface_id IN ('eni-0c3', 'eni-0d4') ORDER BY bytes DESC;
-- expect:
bytes
9000
1000
1000
300

-- end

-- case: ASC NULLS FIRST
SELECT bytes FROM vpc_flow_logs WHERE interface_id IN ('eni-0c3', 'eni-0d4') ORDER BY bytes ASC NULLS FIRST;
-- expect:
bytes

300
1000
1000
9000
-- end

-- case: DESC NULLS LAST written out
SELECT bytes FROM vpc_flow_logs WHERE interface_id IN ('eni-0c3', 'eni-0d4') ORDER BY bytes DESC NULLS LAST;
-- expect:
bytes
9000
1000
1000
300

-- end

-- case: DESC NULLS FIRST
SELECT bytes FROM vpc_flow_logs WHERE interface_id IN ('eni-0c3', 'eni-0d4') ORDER BY bytes DESC NULLS FIRST;
-- expect:
bytes

9000
1000
1000
300
-- end

-- case: ORDER BY a column that is not selected
SELECT srcport FROM vpc_flow_logs WHERE interface_id = 'eni-0a1' ORDER BY bytes DESC;
-- expect:
srcport
49160
443
49152
49153
-- end

-- case: ORDER BY an expression
SELECT srcport, bytes, packets FROM vpc_flow_logs WHERE interface_id = 'eni-0a1' ORDER BY bytes / packets;
-- expect:
srcport,bytes,packets
49152,5000,10
49153,3000,4
443,12000,8
49160,700000,100
-- end

-- case: ORDER BY an expression equal to a select item
SELECT srcport, bytes / packets AS per FROM vpc_flow_logs WHERE interface_id = 'eni-0a1' ORDER BY bytes / packets DESC;
-- expect:
srcport,per
49160,7000
443,1500
49153,750
49152,500
-- end

-- case: ORDER BY an alias
SELECT srcport AS sp, bytes AS b FROM vpc_flow_logs WHERE interface_id = 'eni-0c3' ORDER BY b DESC, sp;
-- expect:
sp,b
40001,9000
40002,1000
40003,1000
5353,300
-- end

-- case: an alias wins over the input column of the same name
SELECT bytes AS packets, packets AS bytes FROM vpc_flow_logs WHERE interface_id = 'eni-0a1' ORDER BY packets;
-- expect:
packets,bytes
3000,4
5000,10
12000,8
700000,100
-- end

-- case: ORDER BY ordinals
SELECT srcport, dstport, bytes FROM vpc_flow_logs WHERE interface_id = 'eni-0b2' ORDER BY 2 DESC, 1;
-- expect:
srcport,dstport,bytes
51517,3389,60
40000,22,60
51515,22,60
51516,22,60
51600,22,60
-- end

-- case: several keys with mixed directions
SELECT dt, srcport FROM vpc_flow_logs WHERE interface_id = 'eni-0c3' ORDER BY dt DESC, srcport ASC;
-- expect:
dt,srcport
2026/02/14,40002
2026/02/14,40003
2026/02/13,5353
2026/02/13,40001
-- end

-- case: strings sort by bytes: addresses sort as text
SELECT DISTINCT srcaddr FROM vpc_flow_logs ORDER BY srcaddr;
-- expect:
srcaddr
10.0.1.5
10.0.2.9
198.51.100.3
2001:db8::1
203.0.113.7

-- end

-- case: addresses as IPADDRESS sort by value, IPv4 before IPv6
SELECT srcaddr FROM vpc_flow_logs WHERE srcaddr IS NOT NULL GROUP BY srcaddr ORDER BY CAST(srcaddr AS IPADDRESS);
-- expect:
srcaddr
10.0.1.5
10.0.2.9
198.51.100.3
203.0.113.7
2001:db8::1
-- end

-- case: ORDER BY an aggregate alias
SELECT interface_id, sum(bytes) AS total FROM vpc_flow_logs GROUP BY interface_id ORDER BY total DESC;
-- expect:
interface_id,total
eni-0a1,720000
eni-0c3,11300
eni-0b2,300
eni-0d4,
-- end

-- case: ORDER BY an aggregate that is not selected
SELECT interface_id FROM vpc_flow_logs GROUP BY interface_id ORDER BY count(*) DESC, interface_id;
-- expect:
interface_id
eni-0b2
eni-0a1
eni-0c3
eni-0d4
-- end

-- case: ORDER BY an expression over an aggregate
SELECT interface_id, count(*) AS n FROM vpc_flow_logs GROUP BY interface_id ORDER BY -count(*), interface_id DESC;
-- expect:
interface_id,n
eni-0b2,5
eni-0c3,4
eni-0a1,4
eni-0d4,1
-- end

-- case: ORDER BY an ordinal of an aggregate
SELECT action, count(*) FROM vpc_flow_logs GROUP BY action ORDER BY 2;
-- expect:
action,_col1
,1
REJECT,5
ACCEPT,8
-- end

-- case: ORDER BY a string, NULLs last
SELECT DISTINCT action FROM vpc_flow_logs ORDER BY action DESC;
-- expect:
action
REJECT
ACCEPT

-- end

-- case: ORDER BY a boolean: false before true
SELECT DISTINCT dstport = 22 AS ssh FROM vpc_flow_logs ORDER BY ssh;
-- expect:
ssh
false
true

-- end

-- case: ORDER BY a double
SELECT srcport, bytes * 1.0e0 / packets AS per FROM vpc_flow_logs WHERE interface_id = 'eni-0c3' ORDER BY per;
-- expect:
srcport,per
5353,150.0
40002,200.0
40003,200.0
40001,450.0
-- end

-- case: ORDER BY a timestamp
SELECT srcport, from_unixtime(start) AS ts FROM vpc_flow_logs WHERE interface_id = 'eni-0b2' ORDER BY ts DESC LIMIT 2;
-- expect:
srcport,ts
51600,2026-02-14 00:00:01.000
40000,2026-02-13 00:00:04.000
-- end

-- case: LIMIT after ORDER BY keeps the top rows
SELECT bytes FROM vpc_flow_logs ORDER BY bytes DESC LIMIT 3;
-- expect:
bytes
700000
12000
9000
-- end

-- case: LIMIT larger than the result
SELECT srcport FROM vpc_flow_logs WHERE interface_id = 'eni-0c3' ORDER BY srcport LIMIT 100;
-- expect:
srcport
5353
40001
40002
40003
-- end

-- case: OFFSET then LIMIT (Trino's order)
SELECT bytes FROM vpc_flow_logs ORDER BY bytes DESC OFFSET 2 LIMIT 3;
-- expect:
bytes
9000
5000
3000
-- end

-- case: LIMIT then OFFSET is accepted too
SELECT bytes FROM vpc_flow_logs ORDER BY bytes DESC LIMIT 3 OFFSET 2;
-- expect:
bytes
9000
5000
3000
-- end

-- case: OFFSET without LIMIT
SELECT bytes FROM vpc_flow_logs ORDER BY bytes OFFSET 11;
-- expect:
bytes
12000
700000

-- end

-- case: OFFSET ROWS and FETCH FIRST ROWS ONLY
SELECT bytes FROM vpc_flow_logs ORDER BY bytes DESC OFFSET 1 ROWS FETCH FIRST 2 ROWS ONLY;
-- expect:
bytes
12000
9000
-- end

-- case: OFFSET past the end gives no rows
SELECT bytes FROM vpc_flow_logs ORDER BY bytes OFFSET 20;
-- expect:
bytes
-- end

-- case: LIMIT ALL keeps every row
SELECT count(*) AS n FROM (SELECT bytes FROM vpc_flow_logs ORDER BY bytes LIMIT ALL);
-- expect:
n
14
-- end

-- case: top-N on two threads equals one thread
-- args: --threads 2
SELECT srcport, bytes FROM vpc_flow_logs ORDER BY bytes DESC NULLS FIRST, srcport LIMIT 4;
-- expect:
srcport,bytes
,
49160,700000
443,12000
40001,9000
-- end

-- case: top-N with a tie at the cut keeps the order total with another key
-- args: --threads 1
SELECT srcport, bytes FROM vpc_flow_logs WHERE bytes = 60 ORDER BY bytes, srcport DESC LIMIT 2;
-- expect:
srcport,bytes
51600,60
51517,60
-- end

-- case: ORDER BY of a UNION names an output column
SELECT srcport AS p FROM vpc_flow_logs WHERE interface_id = 'eni-0c3'
UNION ALL SELECT dstport FROM vpc_flow_logs WHERE interface_id = 'eni-0c3'
ORDER BY p DESC LIMIT 3;
-- expect:
p
40003
40002
40001
-- end

-- case: ORDER BY in a subquery does not order the outer query's groups
SELECT action, count(*) AS n FROM (SELECT action FROM vpc_flow_logs ORDER BY bytes) GROUP BY action ORDER BY n DESC;
-- expect:
action,n
ACCEPT,8
REJECT,5
,1
-- end
