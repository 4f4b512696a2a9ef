-- SELECT lists: columns, *, expressions, aliases, DISTINCT, FROM aliases,
-- SELECT without FROM.  Data: the `small` fixture (14 records over two days,
-- one NODATA record whose fields are NULL).

-- case: star lists the fields then the partition columns
SELECT * FROM vpc_flow_logs WHERE log_status = 'NODATA';
-- expect:
version,account_id,interface_id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log_status,region,dt,year,month,day
2,123456789012,eni-0d4,,,,,,,,1770940800,1770940860,,NODATA,us-east-1,2026/02/13,2026,02,13
-- end

-- case: star of a v5 file lists its header's fields
-- data: v5
SELECT * FROM vpc_flow_logs WHERE interface_id = 'eni-3';
-- expect:
version,account_id,interface_id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log_status,vpc_id,subnet_id,instance_id,tcp_flags,type,pkt_srcaddr,pkt_dstaddr,region,az_id,flow_direction,traffic_path,dt,year,month,day
5,123456789012,eni-3,10.0.3.5,52.94.1.1,50000,443,6,20,20000,1770976801,1770976861,ACCEPT,OK,vpc-1,subnet-c,,3,IPv4,10.0.3.5,52.94.1.1,us-east-1,use1-az1,egress,8,2026/02/13,2026,02,13
-- end

-- case: qualified star through the table alias
SELECT f.* FROM vpc_flow_logs f WHERE bytes = 700000;
-- expect:
version,account_id,interface_id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log_status,region,dt,year,month,day
2,123456789012,eni-0a1,10.0.1.5,10.0.2.9,49160,443,6,100,700000,1771027200,1771027260,ACCEPT,OK,us-east-1,2026/02/14,2026,02,14
-- end

-- case: star next to an expression
SELECT bytes * 2 AS twice, * FROM vpc_flow_logs WHERE bytes = 300;
-- expect:
twice,version,account_id,interface_id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log_status,region,dt,year,month,day
600,2,123456789012,eni-0c3,2001:db8::1,2001:db8::2,5353,5353,17,2,300,1770940807,1770940867,ACCEPT,OK,us-east-1,2026/02/13,2026,02,13
-- end

-- case: rows come in file order without ORDER BY
SELECT interface_id, bytes FROM vpc_flow_logs WHERE protocol = 6 AND bytes >= 3000;
-- expect:
interface_id,bytes
eni-0a1,5000
eni-0a1,12000
eni-0a1,3000
eni-0c3,9000
eni-0a1,700000
-- end

-- case: unnamed expressions are _colN by position
SELECT bytes, bytes / packets, packets + 1 FROM vpc_flow_logs WHERE srcport = 49152;
-- expect:
bytes,_col1,_col2
5000,500,11
-- end

-- case: AS alias and bare alias
SELECT bytes AS b, packets p, srcaddr "Source Addr" FROM vpc_flow_logs WHERE srcport = 49153;
-- expect:
b,p,Source Addr
3000,4,10.0.1.5
-- end

-- case: unquoted names and aliases come out in lower case (Trino folds them)
SELECT BYTES, Packets, SrcAddr AS SRC FROM vpc_flow_logs WHERE srcport = 49153;
-- expect:
bytes,packets,src
3000,4,10.0.1.5
-- end

-- case: hyphenated field names are not columns, underscored ones are
SELECT log_status, interface_id FROM vpc_flow_logs WHERE srcport = 40000;
-- expect:
log_status,interface_id
OK,eni-0b2
-- end

-- case: table alias with AS qualifies columns
SELECT v.srcaddr, v.bytes FROM vpc_flow_logs AS v WHERE v.bytes > 8000 ORDER BY v.bytes;
-- expect:
srcaddr,bytes
10.0.1.5,9000
10.0.2.9,12000
10.0.1.5,700000
-- end

-- case: the table name qualifies columns too
SELECT vpc_flow_logs.dstport FROM vpc_flow_logs WHERE vpc_flow_logs.srcport = 51517;
-- expect:
dstport
3389
-- end

-- case: SELECT DISTINCT over one column keeps NULL as a value
SELECT DISTINCT action FROM vpc_flow_logs ORDER BY action;
-- expect:
action
ACCEPT
REJECT

-- end

-- case: SELECT DISTINCT over several columns
SELECT DISTINCT interface_id, action FROM vpc_flow_logs ORDER BY interface_id, action;
-- expect:
interface_id,action
eni-0a1,ACCEPT
eni-0b2,REJECT
eni-0c3,ACCEPT
eni-0d4,
-- end

-- case: SELECT DISTINCT over an expression
SELECT DISTINCT dstport / 1000 AS k FROM vpc_flow_logs ORDER BY k;
-- expect:
k
0
3
5
8
9
49

-- end

-- case: SELECT DISTINCT with an aggregate
SELECT DISTINCT count(*) AS n FROM vpc_flow_logs GROUP BY interface_id ORDER BY n;
-- expect:
n
1
4
5
-- end

-- case: SELECT without FROM gives one row
SELECT 1 AS one, 'two' AS two, 1 + 2 * 3 AS seven, NULL AS nothing;
-- expect:
one,two,seven,nothing
1,two,7,
-- end

-- case: SELECT without FROM with WHERE false gives no rows
SELECT 1 AS x WHERE 1 = 2;
-- expect:
x
-- end

-- case: start_time and end_time answer for start and end
SELECT start_time, end_time, end_time - start_time AS secs FROM vpc_flow_logs WHERE srcport = 40001;
-- expect:
start_time,end_time,secs
1770940806,1770940866,60
-- end

-- case: "end" in double quotes is the end column
SELECT "end" - start AS d FROM vpc_flow_logs WHERE srcport = 40002;
-- expect:
d
60
-- end

-- case: a quoted alias may be a reserved word
SELECT bytes AS "select", packets AS "from" FROM vpc_flow_logs WHERE srcport = 40003;
-- expect:
select,from
1000,5
-- end

-- case: the same column twice
SELECT bytes, bytes FROM vpc_flow_logs WHERE srcport = 40003;
-- expect:
bytes,bytes
1000,1000
-- end

-- case: constants next to columns repeat per row
SELECT 'x' AS tag, dstport FROM vpc_flow_logs WHERE srcaddr = '203.0.113.7' ORDER BY dstport, srcport;
-- expect:
tag,dstport
x,22
x,22
x,22
x,3389
-- end

-- case: a SELECT with only a LIMIT
SELECT srcport FROM vpc_flow_logs LIMIT 2;
-- expect:
srcport
49152
443
-- end

-- case: LIMIT 0 gives the header only
SELECT srcport FROM vpc_flow_logs LIMIT 0;
-- expect:
srcport
-- end

-- case: the query may end without a semicolon and with comments
/* a block comment */ SELECT count(*) AS n -- trailing comment
FROM vpc_flow_logs
-- expect:
n
14
-- end

-- case: keywords are case-insensitive
select Count(*) as N from VPC_FLOW_LOGS where ACTION = 'REJECT';
-- expect:
n
5
-- end

-- case: --table names the table the paths are bound to
-- args: --table flows
SELECT count(*) AS n FROM flows;
-- expect:
n
14
-- end

-- case: a schema-qualified table name
SELECT count(*) AS n FROM default.vpc_flow_logs WHERE action = 'ACCEPT';
-- expect:
n
8
-- end
