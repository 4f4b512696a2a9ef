-- GROUP BY columns, expressions and ordinals; HAVING; aggregates over
-- empty input.  Data: `small`.  Per interface: eni-0a1 4 rows, 720000 bytes,
-- 122 packets; eni-0b2 5 rows, 300 bytes; eni-0c3 4 rows, 11300 bytes;
-- eni-0d4 1 NODATA row (NULL bytes).

-- case: group by one column
SELECT interface_id, count(*) AS n, sum(bytes) AS b, sum(packets) AS p FROM vpc_flow_logs
GROUP BY interface_id ORDER BY interface_id;
-- expect:
interface_id,n,b,p
eni-0a1,4,720000,122
eni-0b2,5,300,5
eni-0c3,4,11300,32
eni-0d4,1,,
-- end

-- case: group by two columns
SELECT srcaddr, dstaddr, count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs
GROUP BY srcaddr, dstaddr ORDER BY b DESC NULLS LAST, srcaddr, dstaddr;
-- expect:
srcaddr,dstaddr,n,b
10.0.1.5,10.0.2.9,3,708000
10.0.2.9,10.0.1.5,1,12000
10.0.1.5,10.0.3.3,2,10000
10.0.1.5,192.0.2.44,1,1000
2001:db8::1,2001:db8::2,1,300
203.0.113.7,10.0.1.5,4,240
198.51.100.3,10.0.1.5,1,60
,,1,
-- end

-- case: NULL keys form one group
SELECT protocol, count(*) AS n FROM vpc_flow_logs GROUP BY protocol ORDER BY protocol;
-- expect:
protocol,n
6,12
17,1
,1
-- end

-- case: group by ordinal
SELECT action, count(*) AS n FROM vpc_flow_logs GROUP BY 1 ORDER BY 1;
-- expect:
action,n
ACCEPT,8
REJECT,5
,1
-- end

-- case: group by two ordinals in any order
SELECT dt, action, count(*) AS n FROM vpc_flow_logs GROUP BY 2, 1 ORDER BY 1, 2;
-- expect:
dt,action,n
2026/02/13,ACCEPT,5
2026/02/13,REJECT,4
2026/02/13,,1
2026/02/14,ACCEPT,3
2026/02/14,REJECT,1
-- end

-- case: group by an expression that is selected
SELECT dstport < 1024 AS low, count(*) AS n FROM vpc_flow_logs GROUP BY dstport < 1024 ORDER BY low;
-- expect:
low,n
false,6
true,7
,1
-- end

-- case: group by an ordinal that names an expression
SELECT substr(interface_id, 1, 6) AS pfx, count(*) AS n FROM vpc_flow_logs GROUP BY 1 ORDER BY 1;
-- expect:
pfx,n
eni-0a,4
eni-0b,5
eni-0c,4
eni-0d,1
-- end

-- case: group by an expression that is not selected
SELECT count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs GROUP BY bytes > 1000 ORDER BY n;
-- expect:
n,b
1,
5,729000
8,2600
-- end

-- case: an expression over a key
SELECT dstport + 1 AS next_port, count(*) AS n FROM vpc_flow_logs WHERE dstport IS NOT NULL
GROUP BY dstport ORDER BY n DESC, next_port LIMIT 3;
-- expect:
next_port,n
23,4
444,3
8081,2
-- end

-- case: an expression of several keys
SELECT srcaddr || ' > ' || dstaddr AS pair, count(*) AS n FROM vpc_flow_logs
WHERE srcaddr LIKE '10.%' GROUP BY srcaddr, dstaddr ORDER BY pair;
-- expect:
pair,n
10.0.1.5 > 10.0.2.9,3
10.0.1.5 > 10.0.3.3,2
10.0.1.5 > 192.0.2.44,1
10.0.2.9 > 10.0.1.5,1
-- end

-- case: a key may be grouped without being selected
SELECT sum(bytes) AS b FROM vpc_flow_logs GROUP BY dt ORDER BY b;
-- expect:
b
29540
702060
-- end

-- case: a repeated key is one key
SELECT action, count(*) AS n FROM vpc_flow_logs GROUP BY action, action ORDER BY n;
-- expect:
action,n
,1
REJECT,5
ACCEPT,8
-- end

-- case: HAVING on an aggregate that is selected
SELECT interface_id, count(*) AS n FROM vpc_flow_logs GROUP BY interface_id HAVING count(*) > 3
ORDER BY interface_id;
-- expect:
interface_id,n
eni-0a1,4
eni-0b2,5
eni-0c3,4
-- end

-- case: HAVING on an aggregate that is not selected
SELECT interface_id FROM vpc_flow_logs GROUP BY interface_id HAVING sum(bytes) > 1000
ORDER BY interface_id;
-- expect:
interface_id
eni-0a1
eni-0c3
-- end

-- case: HAVING on a key and an aggregate
SELECT dstport, count(*) AS n FROM vpc_flow_logs GROUP BY dstport HAVING dstport > 1000 AND count(*) > 1;
-- expect:
dstport,n
8080,2
-- end

-- case: HAVING with NULL aggregate drops the group
SELECT interface_id FROM vpc_flow_logs GROUP BY interface_id HAVING max(bytes) < 100000
ORDER BY interface_id;
-- expect:
interface_id
eni-0b2
eni-0c3
-- end

-- case: HAVING without GROUP BY
SELECT count(*) AS n FROM vpc_flow_logs HAVING count(*) > 100;
-- expect:
n
-- end

-- case: HAVING without GROUP BY that holds
SELECT count(*) AS n FROM vpc_flow_logs HAVING count(*) > 10;
-- expect:
n
14
-- end

-- case: aggregates over no rows give one row
SELECT count(*) AS c, count(bytes) AS cb, sum(bytes) AS s, avg(bytes) AS a, min(bytes) AS mn,
       max(srcaddr) AS mx, count(DISTINCT srcaddr) AS cd, count_if(bytes > 0) AS ci
FROM vpc_flow_logs WHERE action = 'NONE';
-- expect:
c,cb,s,a,mn,mx,cd,ci
0,0,,,,,0,0
-- end

-- case: GROUP BY over no rows gives no rows
SELECT action, count(*) AS n FROM vpc_flow_logs WHERE action = 'NONE' GROUP BY action;
-- expect:
action,n
-- end

-- case: arithmetic over aggregates
SELECT interface_id, sum(bytes) / count(*) AS per_row, sum(bytes) * 1.0e0 / sum(packets) AS per_packet
FROM vpc_flow_logs WHERE bytes IS NOT NULL GROUP BY interface_id ORDER BY interface_id;
-- expect:
interface_id,per_row,per_packet
eni-0a1,180000,5901.639344262295
eni-0b2,60,60.0
eni-0c3,2825,353.125
-- end

-- case: group by partition columns
SELECT dt, region, count(*) AS n FROM vpc_flow_logs GROUP BY dt, region ORDER BY dt;
-- expect:
dt,region,n
2026/02/13,us-east-1,10
2026/02/14,us-east-1,4
-- end

-- case: group by a function of a column
SELECT split_part(srcaddr, '.', 1) AS octet, count(*) AS n FROM vpc_flow_logs WHERE srcaddr IS NOT NULL
GROUP BY split_part(srcaddr, '.', 1) ORDER BY octet;
-- expect:
octet,n
10,7
198,1
2001:db8::1,1
203,4
-- end

-- case: many groups on one thread and two threads agree
-- args: --threads 2
SELECT srcport % 7 AS k, count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs GROUP BY srcport % 7 ORDER BY k;
-- expect:
k,n,b
2,3,12120
3,3,9120
4,2,1060
5,3,6300
6,2,703000
,1,
-- end

-- case: the same on one thread
-- args: --threads 1
SELECT srcport % 7 AS k, count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs GROUP BY srcport % 7 ORDER BY k;
-- expect:
k,n,b
2,3,12120
3,3,9120
4,2,1060
5,3,6300
6,2,703000
,1,
-- end

-- case: groups sized by the first keys still take keys too long to live inside a group
-- (9 short port keys, 4 long ones, one NULL; each file may be its own thread's table)
SELECT k, count(*) AS n FROM (
  SELECT CASE WHEN bytes < 5000 THEN CAST(dstport AS varchar)
              ELSE concat(interface_id, '-', srcaddr, '-', dstaddr, '-', CAST(bytes AS varchar), '-padding-to-make-it-long') END AS k
  FROM vpc_flow_logs)
GROUP BY k ORDER BY k;
-- expect:
k,n
22,4
3389,1
443,1
5353,1
8080,1
9999,1
eni-0a1-10.0.1.5-10.0.2.9-5000-padding-to-make-it-long,1
eni-0a1-10.0.1.5-10.0.2.9-700000-padding-to-make-it-long,1
eni-0a1-10.0.2.9-10.0.1.5-12000-padding-to-make-it-long,1
eni-0c3-10.0.1.5-10.0.3.3-9000-padding-to-make-it-long,1
,1
-- end
