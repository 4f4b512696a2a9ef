-- Aggregate functions.  Data: `small`: 14 records, 13 with bytes
-- (5000 12000 3000 60 60 60 60 9000 300 | 700000 60 1000 1000, sum 731600),
-- the NODATA record has NULL in every field but start/end and the path ones.

-- case: count(*) counts rows, count(x) counts non-NULL values
SELECT count(*) AS rows, count(bytes) AS with_bytes, count(action) AS with_action, count(start) AS with_start,
       count(1) AS ones, count(NULL) AS nulls FROM vpc_flow_logs;
-- expect:
rows,with_bytes,with_action,with_start,ones,nulls
14,13,13,14,14,0
-- end

-- case: count(DISTINCT x) ignores NULLs
SELECT count(DISTINCT srcaddr) AS src, count(DISTINCT dstport) AS ports, count(DISTINCT bytes) AS sizes,
       count(DISTINCT dt) AS days FROM vpc_flow_logs;
-- expect:
src,ports,sizes,days
5,7,8,2
-- end

-- case: count(DISTINCT) per group next to plain aggregates
SELECT interface_id, count(*) AS n, count(DISTINCT dstport) AS ports, count(DISTINCT srcaddr) AS srcs
FROM vpc_flow_logs GROUP BY interface_id ORDER BY interface_id;
-- expect:
interface_id,n,ports,srcs
eni-0a1,4,2,2
eni-0b2,5,2,2
eni-0c3,4,3,2
eni-0d4,1,0,0
-- end

-- case: sum of bigint and of integer columns is bigint
SELECT sum(bytes) AS b, sum(packets) AS p, sum(srcport) AS sp, sum(protocol) AS pr FROM vpc_flow_logs;
-- expect:
b,p,sp,pr
731600,159,519415,89
-- end

-- case: sum of doubles is double
SELECT sum(bytes * 1.0e0) AS b, sum(0.5e0) AS halves FROM vpc_flow_logs;
-- expect:
b,halves
731600.0,7.0
-- end

-- case: sum(DISTINCT) and avg(DISTINCT)
SELECT sum(DISTINCT bytes) AS s, avg(DISTINCT bytes) AS a, sum(DISTINCT dstport) AS p FROM vpc_flow_logs;
-- expect:
s,a,p
730360,91295.0,76438
-- end

-- case: avg is a double, of integers too
SELECT avg(bytes) AS b, avg(packets) AS p, avg(srcport) AS sp, avg(protocol) AS pr FROM vpc_flow_logs;
-- expect:
b,p,sp,pr
56276.92307692308,12.23076923076923,39955.0,6.846153846153846
-- end

-- case: avg per group
SELECT interface_id, avg(bytes) AS a FROM vpc_flow_logs GROUP BY interface_id ORDER BY interface_id;
-- expect:
interface_id,a
eni-0a1,180000.0
eni-0b2,60.0
eni-0c3,2825.0
eni-0d4,
-- end

-- case: min and max of numbers
SELECT min(bytes) AS mn, max(bytes) AS mx, min(srcport) AS msp, max(start) AS ms FROM vpc_flow_logs;
-- expect:
mn,mx,msp,ms
60,700000,443,1771027203
-- end

-- case: min and max of strings compare bytes
SELECT min(srcaddr) AS mn, max(srcaddr) AS mx, min(interface_id) AS e, max(dt) AS d FROM vpc_flow_logs;
-- expect:
mn,mx,e,d
10.0.1.5,203.0.113.7,eni-0a1,2026/02/14
-- end

-- case: min and max of timestamps, booleans and addresses
SELECT min(from_unixtime(start)) AS t0, max(from_unixtime("end")) AS t1, min(bytes > 100) AS b0, max(bytes > 100) AS b1,
       max(CAST(srcaddr AS IPADDRESS)) AS ip, min(CAST(dstaddr AS IPADDRESS)) AS ip0 FROM vpc_flow_logs;
-- expect:
t0,t1,b0,b1,ip,ip0
2026-02-13 00:00:00.000,2026-02-14 00:01:03.000,false,true,2001:db8::1,10.0.1.5
-- end

-- case: count_if counts TRUE only
SELECT count_if(action = 'REJECT') AS rejects, count_if(bytes > 1000) AS big, count_if(NULL) AS nothing,
       count_if(dstport IN (22, 3389)) AS admin FROM vpc_flow_logs;
-- expect:
rejects,big,nothing,admin
5,5,0,5
-- end

-- case: count_if per group
SELECT dt, count_if(action = 'ACCEPT') AS accepted, count_if(action = 'REJECT') AS rejected FROM vpc_flow_logs
GROUP BY dt ORDER BY dt;
-- expect:
dt,accepted,rejected
2026/02/13,5,4
2026/02/14,3,1
-- end

-- case: approx_distinct counts distinct non-NULL values
SELECT approx_distinct(srcaddr) AS src, approx_distinct(dstport) AS ports, approx_distinct(srcaddr, 0.01) AS src2
FROM vpc_flow_logs;
-- expect:
src,ports,src2
5,7,5
-- end

-- case: approx_distinct per group
SELECT dt, approx_distinct(dstaddr) AS dsts FROM vpc_flow_logs GROUP BY dt ORDER BY dt;
-- expect:
dt,dsts
2026/02/13,4
2026/02/14,4
-- end

-- case: max_by and min_by
SELECT max_by(srcaddr, bytes) AS biggest_src, max_by(srcport, bytes) AS biggest_port, min_by(dstport, packets) AS p,
       min_by(interface_id, start) AS first_eni FROM vpc_flow_logs WHERE bytes > 60;
-- expect:
biggest_src,biggest_port,p,first_eni
10.0.1.5,49160,5353,eni-0a1
-- end

-- case: max_by per group
SELECT interface_id, max_by(dstport, bytes) AS port_of_max FROM vpc_flow_logs WHERE bytes IS NOT NULL
GROUP BY interface_id ORDER BY interface_id;
-- expect:
interface_id,port_of_max
eni-0a1,443
eni-0b2,22
eni-0c3,8080
-- end

-- case: max_by ignores rows whose ordering value is NULL, keeps a NULL result value
SELECT max_by(bytes, start) AS last_bytes, max_by(action, bytes) AS act FROM vpc_flow_logs WHERE dt = '2026/02/13';
-- expect:
last_bytes,act
300,ACCEPT
-- end

-- case: arbitrary picks a value of the group
SELECT interface_id, arbitrary(account_id) AS acct, arbitrary(region) AS r FROM vpc_flow_logs
GROUP BY interface_id ORDER BY interface_id;
-- expect:
interface_id,acct,r
eni-0a1,123456789012,us-east-1
eni-0b2,123456789012,us-east-1
eni-0c3,123456789012,us-east-1
eni-0d4,123456789012,us-east-1
-- end

-- case: arbitrary skips NULLs
SELECT arbitrary(action) AS a FROM vpc_flow_logs WHERE log_status = 'NODATA' OR srcport = 5353;
-- expect:
a
ACCEPT
-- end

-- case: approx_percentile at points where neighbours agree
SELECT approx_percentile(bytes, 0.5) AS median, approx_percentile(bytes, 0.2) AS p20,
       approx_percentile(bytes, 0) AS p0, approx_percentile(bytes, 1) AS p100 FROM vpc_flow_logs;
-- expect:
median,p20,p0,p100
1000,60,60,700000
-- end

-- case: approx_percentile of a double is a double
SELECT approx_percentile(bytes * 1.0e0, 0.5) AS median FROM vpc_flow_logs;
-- expect:
median
1000.0
-- end

-- case: approx_percentile of negative doubles and integers (order keys of their bits)
-- bytes x -1.5 sorted: -1050000 -18000 -13500 -7500 -4500 -1500 -1500 -450 -90 x5;
-- nearest rank: p 0.1 -> 2nd, 0.5 -> 7th, 0.9 -> 12th
SELECT approx_percentile(bytes * -1.5e0, 0.1) AS d10, approx_percentile(bytes * -1.5e0, 0.5) AS d50,
       approx_percentile(bytes * -1.5e0, 0.9) AS d90, approx_percentile(60 - bytes, 0.3) AS i30,
       approx_percentile(60 - bytes, 0.8) AS i80, approx_percentile(bytes - 1000, 0.5) AS i50
FROM vpc_flow_logs;
-- expect:
d10,d50,d90,i30,i80,i50
-18000.0,-1500.0,-90.0,-4940,0,0
-- end

-- case: approx_percentile per group
SELECT interface_id, approx_percentile(packets, 0.5) AS p FROM vpc_flow_logs WHERE interface_id <> 'eni-0d4'
GROUP BY interface_id ORDER BY interface_id;
-- expect:
interface_id,p
eni-0a1,8
eni-0b2,1
eni-0c3,5
-- end

-- case: aggregates of only NULLs
SELECT sum(bytes) AS s, avg(bytes) AS a, min(bytes) AS mn, max_by(srcaddr, bytes) AS mb, arbitrary(action) AS ar,
       approx_percentile(bytes, 0.5) AS p, count(bytes) AS c, approx_distinct(bytes) AS d
FROM vpc_flow_logs WHERE log_status = 'NODATA';
-- expect:
s,a,mn,mb,ar,p,c,d
,,,,,,0,0
-- end

-- case: stddev, variance and friends
SELECT stddev(bytes) AS sd, stddev_pop(bytes) AS sdp, variance(packets) FILTER (WHERE interface_id = 'eni-0c3') AS v,
       var_pop(packets) FILTER (WHERE interface_id = 'eni-0c3') AS vp, var_pop(dstport) FILTER (WHERE dstport = 22) AS v0,
       stddev(srcport) FILTER (WHERE srcport = 0) AS none
FROM vpc_flow_logs;
-- expect:
sd,sdp,v,vp,v0,none
193453.03286089087,185863.66200005586,66.0,49.5,0.0,
-- end

-- case: bool_and, bool_or and every
SELECT bool_and(bytes > 0) AS all_pos, bool_or(bytes > 100000) AS any_big, every(action = 'ACCEPT') AS all_acc
FROM vpc_flow_logs;
-- expect:
all_pos,any_big,all_acc
true,true,false
-- end

-- case: FILTER (WHERE ...) on aggregates
SELECT count(*) FILTER (WHERE action = 'REJECT') AS rejects, sum(bytes) FILTER (WHERE dt = '2026/02/14') AS day2
FROM vpc_flow_logs;
-- expect:
rejects,day2
5,702060
-- end

-- case: aggregate arguments may be expressions
SELECT sum(bytes / packets) AS s, max(length(interface_id)) AS l, count(DISTINCT substr(srcaddr, 1, 3)) AS prefixes
FROM vpc_flow_logs;
-- expect:
s,l,prefixes
11050,7,4
-- end

-- case: aggregates over a subquery's rows
SELECT count(*) AS pairs, sum(n) AS flows, max(b) AS top FROM (
  SELECT srcaddr, dstaddr, count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs GROUP BY srcaddr, dstaddr);
-- expect:
pairs,flows,top
8,14,708000
-- end

-- case: the same aggregate twice is computed once and shown twice
SELECT sum(bytes) AS a, sum(bytes) AS b, sum(bytes) - sum(bytes) AS z FROM vpc_flow_logs;
-- expect:
a,b,z
731600,731600,0
-- end

-- case: aggregates agree on one and two threads
-- args: --threads 2
SELECT count(*) AS n, sum(bytes) AS b, count(DISTINCT srcaddr) AS s, approx_distinct(dstport) AS d, max_by(srcport, bytes) AS m,
       approx_percentile(bytes, 0.5) AS p FROM vpc_flow_logs;
-- expect:
n,b,s,d,m,p
14,731600,5,7,49160,1000
-- end
