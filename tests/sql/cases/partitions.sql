-- Partition columns from the S3 key (dt = 'YYYY/MM/DD', year, month, day,
-- hour: varchar) in predicates and as output, file pruning and EXPLAIN.
-- Data: `parts`, four files of two records each:
--   AWSLogs/111111111111/.../us-east-1/2026/02/12/23/  bytes 100, 200 (ACCEPT)
--   AWSLogs/111111111111/.../eu-west-1/2026/02/13/05/  bytes 400 (REJECT), 800
--   AWSLogs/222222222222/.../us-east-1/2026/02/13/17/  bytes 1600, 3200 (REJECT)
--   aws-account-id=333333333333/.../aws-region=ap-south-1/year=2026/month=02/day=14/hour=07/
--                                                      bytes 6400, 12800 (records of 333.. and 444..)
-- account_id is the record's field; region comes from the key for v2 records.

-- case: partition values as output
-- data: parts
SELECT DISTINCT dt, year, month, day, hour, region FROM vpc_flow_logs ORDER BY dt, hour;
-- expect:
dt,year,month,day,hour,region
2026/02/12,2026,02,12,23,us-east-1
2026/02/13,2026,02,13,05,eu-west-1
2026/02/13,2026,02,13,17,us-east-1
2026/02/14,2026,02,14,07,ap-south-1
-- end

-- case: account_id is the record's, even under a Hive-style key
-- data: parts
SELECT account_id, region, count(*) AS n FROM vpc_flow_logs GROUP BY account_id, region ORDER BY account_id;
-- expect:
account_id,region,n
111111111111,eu-west-1,2
111111111111,us-east-1,2
222222222222,us-east-1,2
333333333333,ap-south-1,1
444444444444,ap-south-1,1
-- end

-- case: dt = one day
-- data: parts
SELECT count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs WHERE dt = '2026/02/13';
-- expect:
n,b
4,6000
-- end

-- case: dt IN a list of days
-- data: parts
SELECT count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs WHERE dt IN ('2026/02/12', '2026/02/14');
-- expect:
n,b
4,19500
-- end

-- case: dt BETWEEN two days
-- data: parts
SELECT sum(bytes) AS b FROM vpc_flow_logs WHERE dt BETWEEN '2026/02/13' AND '2026/02/14';
-- expect:
b
25200
-- end

-- case: dt < and dt >=
-- data: parts
SELECT sum(bytes) FILTER (WHERE dt < '2026/02/13') AS before, sum(bytes) FILTER (WHERE dt >= '2026/02/13') AS after
FROM vpc_flow_logs;
-- expect:
before,after
300,25200
-- end

-- case: dt < in WHERE
-- data: parts
SELECT sum(bytes) AS b FROM vpc_flow_logs WHERE dt < '2026/02/13';
-- expect:
b
300
-- end

-- case: year, month and day together
-- data: parts
SELECT sum(bytes) AS b FROM vpc_flow_logs WHERE year = '2026' AND month = '02' AND day = '13';
-- expect:
b
6000
-- end

-- case: day IN and day BETWEEN
-- data: parts
SELECT sum(bytes) FILTER (WHERE day IN ('12', '14')) AS a, sum(bytes) FILTER (WHERE day BETWEEN '12' AND '13') AS b
FROM vpc_flow_logs;
-- expect:
a,b
19500,6300
-- end

-- case: hour from hourly keys, = and IN
-- data: parts
SELECT sum(bytes) AS b FROM vpc_flow_logs WHERE hour IN ('05', '07');
-- expect:
b
20400
-- end

-- case: hour >= and <
-- data: parts
SELECT sum(bytes) FILTER (WHERE hour >= '17') AS late, sum(bytes) FILTER (WHERE hour < '07') AS early FROM vpc_flow_logs;
-- expect:
late,early
5100,1200
-- end

-- case: region = and IN
-- data: parts
SELECT sum(bytes) FILTER (WHERE region = 'us-east-1') AS use1, sum(bytes) FILTER (WHERE region IN ('eu-west-1', 'ap-south-1')) AS other
FROM vpc_flow_logs;
-- expect:
use1,other
5100,20400
-- end

-- case: region in WHERE
-- data: parts
SELECT dt, sum(bytes) AS b FROM vpc_flow_logs WHERE region <> 'us-east-1' GROUP BY dt ORDER BY dt;
-- expect:
dt,b
2026/02/13,1200
2026/02/14,19200
-- end

-- case: account_id = and IN
-- data: parts
SELECT sum(bytes) FILTER (WHERE account_id = '444444444444') AS a, sum(bytes) FILTER (WHERE account_id IN ('111111111111', '222222222222')) AS b
FROM vpc_flow_logs;
-- expect:
a,b
12800,6300
-- end

-- case: account_id BETWEEN and >=
-- data: parts
SELECT count(*) AS n FROM vpc_flow_logs WHERE account_id BETWEEN '200000000000' AND '400000000000' AND account_id >= '300000000000';
-- expect:
n
1
-- end

-- case: a partition predicate next to a row predicate
-- data: parts
SELECT sum(bytes) AS b FROM vpc_flow_logs WHERE dt = '2026/02/13' AND action = 'REJECT';
-- expect:
b
3600
-- end

-- case: a partition predicate ORed with a row predicate
-- data: parts
SELECT sum(bytes) AS b FROM vpc_flow_logs WHERE dt = '2026/02/12' OR bytes > 10000;
-- expect:
b
13100
-- end

-- case: functions of partition columns
-- data: parts
SELECT substr(dt, 1, 7) AS ym, count(*) AS n FROM vpc_flow_logs WHERE dt LIKE '2026/02/1%' AND CAST(day AS integer) >= 13
GROUP BY 1;
-- expect:
ym,n
2026/02,6
-- end

-- case: a partition column the key does not have is NULL
SELECT count(*) AS n, count(hour) AS with_hour FROM vpc_flow_logs WHERE hour IS NULL;
-- expect:
n,with_hour
14,0
-- end

-- case: partition columns in GROUP BY and ORDER BY
-- data: parts
SELECT dt, hour, sum(bytes) AS b FROM vpc_flow_logs GROUP BY dt, hour ORDER BY b DESC LIMIT 2;
-- expect:
dt,hour,b
2026/02/14,07,19200
2026/02/13,17,4800
-- end

-- case: no file matches: the answer is empty, not an error
-- data: parts
SELECT count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs WHERE dt = '2025/01/01';
-- expect:
n,b
0,
-- end

-- case: EXPLAIN shows the files pruned by dt
-- data: parts
EXPLAIN SELECT count(*) FROM vpc_flow_logs WHERE dt = '2026/02/13';
-- expect:
Output: _col0
Aggregate (hash, per-thread tables merged): keys [] aggregates [count(*)]
Scan vpc_flow_logs: columns [dt]
  files: 4, pruned 2, to read 2 (0.0 of 0.0 MB)
  partition predicate (per file, not per row): dt = '2026/02/13'
-- end

-- case: EXPLAIN with dt IN, a row filter, ORDER BY and LIMIT
-- data: parts
EXPLAIN SELECT dt, sum(bytes) AS b FROM vpc_flow_logs WHERE dt IN ('2026/02/12', '2026/02/14') AND action = 'ACCEPT'
GROUP BY dt ORDER BY b DESC LIMIT 5;
-- expect:
Output: dt, b
Limit: 5 offset 0
Sort: b DESC NULLS LAST
Aggregate (hash, per-thread tables merged; groups finished only if among the first 5 by sum): keys [dt] aggregates [sum(bytes)]
Filter: action = 'ACCEPT'
Scan vpc_flow_logs: columns [dt, action, bytes]
  files: 4, pruned 2, to read 2 (0.0 of 0.0 MB)
  partition predicate (per file, not per row): dt IN ('2026/02/12', '2026/02/14')
  line prefilter (lines without 'ACCEPT' are checked, not converted): action
-- end

-- case: EXPLAIN with several partition conjuncts
-- data: parts
EXPLAIN SELECT srcaddr FROM vpc_flow_logs WHERE dt BETWEEN '2026/02/13' AND '2026/02/14' AND hour >= '07' AND bytes > 5;
-- expect:
Output: srcaddr
Filter: bytes > 5
Scan vpc_flow_logs: columns [dt, hour, bytes, srcaddr]
  files: 4, pruned 2, to read 2 (0.0 of 0.0 MB)
  partition predicate (per file, not per row): dt BETWEEN '2026/02/13' AND '2026/02/14' AND hour >= '07'
-- end

-- case: EXPLAIN: year, month, day and < prune too
-- data: parts
EXPLAIN SELECT count(*) FROM vpc_flow_logs WHERE year = '2026' AND month = '02' AND day < '14';
-- expect:
Output: _col0
Aggregate (hash, per-thread tables merged): keys [] aggregates [count(*)]
Scan vpc_flow_logs: columns [year, month, day]
  files: 4, pruned 1, to read 3 (0.0 of 0.0 MB)
  partition predicate (per file, not per row): year = '2026' AND month = '02' AND day < '14'
-- end

-- case: EXPLAIN: an OR with a row column prunes nothing
-- data: parts
EXPLAIN SELECT count(*) FROM vpc_flow_logs WHERE dt = '2026/02/12' OR bytes > 10000;
-- expect:
Output: _col0
Aggregate (hash, per-thread tables merged): keys [] aggregates [count(*)]
Filter: dt = '2026/02/12' OR bytes > 10000
Scan vpc_flow_logs: columns [dt, bytes]
  files: 4, pruned 0, to read 4 (0.0 of 0.0 MB)
-- end

-- case: EXPLAIN: every file pruned
-- data: parts
EXPLAIN SELECT count(*) FROM vpc_flow_logs WHERE month = '03';
-- expect:
Output: _col0
Aggregate (hash, per-thread tables merged): keys [] aggregates [count(*)]
Scan vpc_flow_logs: columns [month]
  files: 4, pruned 4, to read 0 (0.0 of 0.0 MB)
  partition predicate (per file, not per row): month = '03'
-- end

-- case: EXPLAIN: start/end bounds prune by the file-name window
EXPLAIN SELECT count(*) FROM vpc_flow_logs WHERE start > 1771027200 AND "end" <= 1771027300;
-- expect:
Output: _col0
Aggregate (hash, per-thread tables merged): keys [] aggregates [count(*)]
Filter: start > 1771027200 AND "end" <= 1771027300
Scan vpc_flow_logs: columns [start, end]
  files: 2, pruned 1, to read 1 (0.0 of 0.0 MB)
  time pruning by file-name window: start >= 1771027201, end <= 1771027300
-- end

-- case: the same query answers the same with and without time pruning
SELECT count(*) AS n FROM vpc_flow_logs WHERE start > 1771027200 AND "end" <= 1771027300;
-- expect:
n
3
-- end

-- case: --no-time-pruning reads every file
-- args: --no-time-pruning
SELECT count(*) AS n FROM vpc_flow_logs WHERE start > 1771027200 AND "end" <= 1771027300;
-- expect:
n
3
-- end

-- case: EXPLAIN of a UNION explains each part
-- data: parts
EXPLAIN SELECT 1 UNION ALL SELECT count(*) FROM vpc_flow_logs WHERE region = 'eu-west-1' AND dt = '2026/02/13';
-- expect:
Union of 2 parts
  Output: _col0
  One row (no FROM)
  Output: _col0
  Aggregate (hash, per-thread tables merged): keys [] aggregates [count(*)]
  Filter: region = 'eu-west-1'
  Scan vpc_flow_logs: columns [region, dt]
    files: 4, pruned 2, to read 2 (0.0 of 0.0 MB)
    partition predicate (per file, not per row): dt = '2026/02/13'
    line prefilter (lines without 'eu-west-1' are checked, not converted): region
-- end

-- case: two threads read the partitions the same
-- data: parts
-- args: --threads 2
SELECT dt, count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs WHERE dt >= '2026/02/13' GROUP BY dt ORDER BY dt;
-- expect:
dt,n,b
2026/02/13,4,6000
2026/02/14,2,19200
-- end
