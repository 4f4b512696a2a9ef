-- case: the guide's DDL names the table and its columns
CREATE EXTERNAL TABLE IF NOT EXISTS vpc_flow_logs (
  version int, account_id string, interface_id string, srcaddr string, dstaddr string,
  srcport int, dstport int, protocol bigint, packets bigint, bytes bigint,
  start bigint, `end` bigint, action string, log_status string
)
PARTITIONED BY (dt string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '
LOCATION 's3://my-bucket/AWSLogs/123456789012/vpcflowlogs/us-east-1/'
TBLPROPERTIES ("skip.header.line.count"="1");
SELECT dt, count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs GROUP BY dt ORDER BY dt;
-- expect:
dt,n,b
2026/02/13,10,29540
2026/02/14,4,702060
-- end

-- case: SELECT * follows the DDL's columns, then its partitions
CREATE EXTERNAL TABLE flows (
  version int, account_id string, interface_id string, srcaddr string, dstaddr string,
  srcport int, dstport int, protocol bigint, packets bigint, bytes bigint,
  start bigint, `end` bigint, action string, log_status string
)
PARTITIONED BY (dt string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '
LOCATION 's3://my-bucket/prefix/';
SELECT * FROM flows WHERE dt = '2026/02/14' ORDER BY bytes DESC LIMIT 1;
-- expect:
version,account_id,interface_id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log_status,dt
2,123456789012,eni-0a1,10.0.1.5,10.0.2.9,49160,443,6,100,700000,1771027200,1771027260,ACCEPT,OK,2026/02/14
-- end

-- case: AWS's partition-projection DDL: partitions come from storage.location.template
CREATE EXTERNAL TABLE IF NOT EXISTS test_table_vpclogs (
  `version` int, `account_id` string, `interface_id` string, `srcaddr` string, `dstaddr` string,
  `srcport` int, `dstport` int, `protocol` bigint, `packets` bigint, `bytes` bigint,
  `start` bigint, `end` bigint, `action` string, `log_status` string
)
PARTITIONED BY (accid string, region string, day string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '
LOCATION 's3://my-bucket/AWSLogs/'
TBLPROPERTIES (
"skip.header.line.count"="1",
"projection.enabled"="true",
"projection.accid.type"="enum",
"projection.accid.values"="123456789012",
"projection.region.type"="enum",
"projection.region.values"="us-east-1",
"projection.day.type"="date",
"projection.day.range"="2026/01/01,NOW",
"projection.day.format"="yyyy/MM/dd",
"storage.location.template"="s3://my-bucket/AWSLogs/${accid}/vpcflowlogs/${region}/${day}"
);
SELECT day, accid, region, count(*) AS n FROM test_table_vpclogs GROUP BY 1, 2, 3 ORDER BY day;
-- expect:
day,accid,region,n
2026/02/13,123456789012,us-east-1,10
2026/02/14,123456789012,us-east-1,4
-- end

-- case: a template partition prunes files like dt does
-- args: --stats
CREATE EXTERNAL TABLE t (srcaddr string, bytes bigint)
PARTITIONED BY (day string)
LOCATION 's3://b/AWSLogs/'
TBLPROPERTIES ("projection.day.format"="yyyy/MM/dd",
 "storage.location.template"="s3://b/AWSLogs/123456789012/vpcflowlogs/us-east-1/${day}");
SELECT count(*) AS n FROM t WHERE day = '2026/02/14';
-- expect:
n
4
-- end

-- case: a query on a table the script does not define
SELECT count(*) FROM other_table;
-- error:
flowq: SQL error: Table 'other_table' does not exist
  line 1: SELECT count(*) FROM other_table;
                               ^^^^^^^^^^^
hint: the input paths are the table vpc_flow_logs (choose another name with --table)
-- end

-- case: a DDL maps columns by position, whatever the header says (Athena skips the header line)
CREATE EXTERNAL TABLE IF NOT EXISTS vpc_flow_logs (
  version int, account string, interfaceid string, sourceaddress string, destinationaddress string,
  sourceport int, destinationport int, protocol int, numpackets int, numbytes bigint,
  starttime int, endtime int, action string, logstatus string
)
PARTITIONED BY (dt string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '
LOCATION 's3://b/AWSLogs/'
TBLPROPERTIES ("skip.header.line.count"="1");
SELECT sourceaddress, sum(numbytes) AS b, sum(numpackets) AS p, min(starttime) AS s
FROM vpc_flow_logs WHERE dt = '2026/02/13' AND logstatus = 'OK'
GROUP BY sourceaddress ORDER BY b DESC LIMIT 2;
-- expect:
sourceaddress,b,p,s
10.0.1.5,17000,34,1770940800
10.0.2.9,12000,8,1770940800
-- end

-- case: AT TIME ZONE 'UTC' keeps the instant
SELECT to_iso8601(from_unixtime(1770940800) AT TIME ZONE 'UTC') AS t;
-- expect:
t
2026-02-13T00:00:00.000Z
-- end

-- case: the table without any path is an error, not an empty answer
-- data: none
SELECT count(*) FROM vpc_flow_logs;
-- error:
flowq: query: no input: give the flow log files or directories after the SQL (or a table LOCATION with --s3-root DIR)
-- end

-- case: a table definition's fixed layout gets no line prefilter (fields map by position)
CREATE EXTERNAL TABLE IF NOT EXISTS vpc_flow_logs (
  version int, account_id string, interface_id string, srcaddr string, dstaddr string,
  srcport int, dstport int, protocol bigint, packets bigint, bytes bigint,
  start bigint, `end` bigint, action string, log_status string
)
PARTITIONED BY (dt string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '
LOCATION 's3://my-bucket/AWSLogs/123456789012/vpcflowlogs/us-east-1/';
EXPLAIN SELECT count(*) AS n FROM vpc_flow_logs WHERE action = 'REJECT';
-- expect:
Output: n
Aggregate (hash, per-thread tables merged): keys [] aggregates [count(*)]
Filter: action = 'REJECT'
Scan vpc_flow_logs: columns [action]
  files: 2, pruned 0, to read 2 (0.0 of 0.0 MB)
-- end
