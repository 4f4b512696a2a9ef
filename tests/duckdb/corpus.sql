-- The hand-written differential corpus: the guide's queries, the queries AWS
-- documents for flow logs in Athena (adapted to the S3-layout table: `dt`
-- 'YYYY/MM/DD' stands for AWS's `date` partition, and every ORDER BY ... LIMIT
-- either breaks ties or says its sort key), and more queries an analyst writes.
-- Format: see diff.mjs.  now() is pinned to 2026-02-14T00:00:00Z.

-- name: guide q1 top talkers on one day
-- sortkey: 3
SELECT srcaddr, dstaddr, SUM(bytes) as total_bytes
FROM vpc_flow_logs
WHERE dt = '2026/02/13'
GROUP BY srcaddr, dstaddr
ORDER BY total_bytes DESC
LIMIT 20;
-- end

-- name: guide q2 rejected on one day
-- sortkey: 3
SELECT srcaddr, dstport, COUNT(*) as reject_count
FROM vpc_flow_logs
WHERE action = 'REJECT' AND dt = '2026/02/13'
GROUP BY srcaddr, dstport
ORDER BY reject_count DESC
LIMIT 50;
-- end

-- name: guide q3 unusual ports on one day
-- sortkey: 1
SELECT DISTINCT dstport, srcaddr, dstaddr
FROM vpc_flow_logs
WHERE dstport NOT IN (80, 443, 22, 5432, 6379)
AND action = 'ACCEPT'
AND dt = '2026/02/13'
ORDER BY dstport;
-- end

-- name: guide q4 top talkers over all days
-- sortkey: 3
SELECT srcaddr, dstaddr, SUM(bytes) AS total_bytes FROM vpc_flow_logs
GROUP BY srcaddr, dstaddr ORDER BY total_bytes DESC LIMIT 20;
-- end

-- name: aws rejected TCP traffic with the day of the week
SELECT day_of_week(date_parse(dt, '%Y/%m/%d')) AS day, dt, interface_id, srcaddr, action, protocol
FROM vpc_flow_logs
WHERE action = 'REJECT' AND protocol = 6
ORDER BY dt, interface_id, srcaddr
LIMIT 100;
-- duckdb:
SELECT isodow(strptime(dt, '%Y/%m/%d')) AS day, dt, interface_id, srcaddr, action, protocol
FROM flows
WHERE action = 'REJECT' AND protocol = 6
ORDER BY dt, interface_id, srcaddr
LIMIT 100;
-- end

-- name: aws servers receiving the most HTTPS packets in the last week
-- sortkey: 1
SELECT SUM(packets) AS packetcount, dstaddr
FROM vpc_flow_logs
WHERE dstport = 443 AND date_parse(dt, '%Y/%m/%d') > current_date - interval '7' day
GROUP BY dstaddr
ORDER BY packetcount DESC
LIMIT 10;
-- duckdb:
SELECT SUM(packets) AS packetcount, dstaddr
FROM flows
WHERE dstport = 443 AND strptime(dt, '%Y/%m/%d') > DATE '2026-02-14' - INTERVAL 7 DAY
GROUP BY dstaddr
ORDER BY packetcount DESC
LIMIT 10;
-- end

-- name: aws top talkers (source and destination by bytes)
SELECT srcaddr, dstaddr, sum(bytes) AS bytes_total FROM vpc_flow_logs
GROUP BY srcaddr, dstaddr ORDER BY bytes_total DESC, srcaddr, dstaddr LIMIT 50;
-- end

-- name: aws accepted traffic
SELECT srcaddr, dstaddr, dstport, protocol, count(*) AS flows FROM vpc_flow_logs
WHERE action = 'ACCEPT' GROUP BY 1, 2, 3, 4 ORDER BY flows DESC, 1, 2, 3, 4 LIMIT 50;
-- end

-- name: aws rejected traffic
SELECT srcaddr, dstaddr, dstport, protocol, count(*) AS flows FROM vpc_flow_logs
WHERE action = 'REJECT' GROUP BY 1, 2, 3, 4 ORDER BY flows DESC, 1, 2, 3, 4 LIMIT 50;
-- end

-- name: aws traffic on admin ports
SELECT srcaddr, dstaddr, dstport, action, count(*) AS flows, sum(bytes) AS b FROM vpc_flow_logs
WHERE dstport IN (22, 3389, 23, 135, 139, 445, 5900) GROUP BY 1, 2, 3, 4;
-- end

-- name: aws SSH and RDP traffic, either direction
SELECT srcaddr, dstaddr, srcport, dstport, action, bytes FROM vpc_flow_logs
WHERE srcport IN (22, 3389) OR dstport IN (22, 3389)
ORDER BY bytes DESC, srcaddr, dstaddr, srcport, dstport, action LIMIT 100;
-- end

-- name: aws rejected SSH attempts per source per day
SELECT dt, srcaddr, count(*) AS attempts FROM vpc_flow_logs
WHERE action = 'REJECT' AND dstport = 22 GROUP BY dt, srcaddr HAVING count(*) >= 2;
-- end

-- name: aws IPv4 traffic by protocol
SELECT protocol, count(*) AS flows, sum(bytes) AS b FROM vpc_flow_logs
WHERE strpos(srcaddr, '.') > 0 GROUP BY protocol;
-- end

-- name: aws IPv6 traffic
SELECT srcaddr, dstaddr, sum(bytes) AS b FROM vpc_flow_logs
WHERE strpos(srcaddr, ':') > 0 OR strpos(dstaddr, ':') > 0
GROUP BY 1, 2 ORDER BY b DESC, 1, 2 LIMIT 30;
-- end

-- name: aws IPv6 traffic of a v5 log by its type field
-- data: v5
SELECT type, flow_direction, count(*) AS flows, sum(bytes) AS b FROM vpc_flow_logs
WHERE type IS NOT NULL GROUP BY 1, 2;
-- end

-- name: aws top talking /24 subnets (split_part)
SELECT split_part(srcaddr, '.', 1) || '.' || split_part(srcaddr, '.', 2) || '.' || split_part(srcaddr, '.', 3) || '.0/24' AS subnet,
       sum(bytes) AS b
FROM vpc_flow_logs WHERE strpos(srcaddr, '.') > 0
GROUP BY 1 ORDER BY b DESC, 1 LIMIT 25;
-- end

-- name: aws top talking /16 networks (regexp_extract)
SELECT regexp_extract(dstaddr, '^\d+\.\d+') || '.0.0/16' AS net, count(*) AS flows, sum(bytes) AS b
FROM vpc_flow_logs WHERE regexp_like(dstaddr, '^\d+\.\d+\.')
GROUP BY 1 ORDER BY b DESC, 1 LIMIT 25;
-- duckdb:
SELECT regexp_extract(dstaddr, '^\d+\.\d+') || '.0.0/16' AS net, count(*) AS flows, sum(bytes) AS b
FROM flows WHERE regexp_matches(dstaddr, '^\d+\.\d+\.')
GROUP BY 1 ORDER BY b DESC, 1 LIMIT 25;
-- end

-- name: aws top talking subnets of a v5 log
-- data: v5
SELECT subnet_id, sum(bytes) AS b, count(*) AS flows FROM vpc_flow_logs
GROUP BY subnet_id ORDER BY b DESC NULLS LAST, subnet_id LIMIT 20;
-- end

-- name: aws top talking instances of a v5 log
-- data: v5
SELECT instance_id, sum(bytes) AS b FROM vpc_flow_logs WHERE instance_id IS NOT NULL
GROUP BY instance_id ORDER BY b DESC, instance_id LIMIT 20;
-- end

-- name: aws top talkers at the packet level of a v5 log
-- data: v5
SELECT pkt_srcaddr, pkt_dstaddr, sum(bytes) AS b FROM vpc_flow_logs
GROUP BY 1, 2 ORDER BY b DESC, 1, 2 LIMIT 20;
-- end

-- name: aws top TCP traffic
SELECT srcaddr, dstaddr, dstport, sum(bytes) AS b FROM vpc_flow_logs WHERE protocol = 6
GROUP BY 1, 2, 3 ORDER BY b DESC, 1, 2, 3 LIMIT 20;
-- end

-- name: aws top interfaces
SELECT interface_id, sum(bytes) AS b, sum(packets) AS p, count(*) AS flows FROM vpc_flow_logs
GROUP BY interface_id ORDER BY b DESC NULLS LAST, interface_id LIMIT 20;
-- end

-- name: aws total bytes transferred per day and action
SELECT dt, action, sum(bytes) AS b, sum(packets) AS p FROM vpc_flow_logs GROUP BY dt, action;
-- end

-- name: aws traffic from one source address
SELECT dstaddr, dstport, action, count(*) AS n FROM vpc_flow_logs
WHERE srcaddr = (SELECT max_by(srcaddr, n) FROM (SELECT srcaddr, count(*) * 100000 + sum(bytes) % 100000 AS n FROM vpc_flow_logs WHERE srcaddr LIKE '10.%' GROUP BY srcaddr))
GROUP BY 1, 2, 3;
-- duckdb:
SELECT dstaddr, dstport, action, count(*) AS n FROM flows
WHERE srcaddr = (SELECT arg_max(srcaddr, n) FROM (SELECT srcaddr, count(*) * 100000 + sum(bytes) % 100000 AS n FROM flows WHERE srcaddr LIKE '10.%' GROUP BY srcaddr))
GROUP BY 1, 2, 3;
-- end

-- name: aws traffic to one destination network (contains, IPv4)
SELECT srcaddr, count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs
WHERE strpos(dstaddr, '.') > 0 AND contains('10.0.0.0/16', CAST(dstaddr AS IPADDRESS)) AND action = 'REJECT'
GROUP BY srcaddr;
-- duckdb:
SELECT srcaddr, count(*) AS n, sum(bytes) AS b FROM flows
WHERE strpos(dstaddr, '.') > 0 AND dstaddr LIKE '10.0.%' AND action = 'REJECT'
GROUP BY srcaddr;
-- end

-- name: traffic from one IPv6 network (contains, IPv6)
SELECT dstport, count(*) AS n FROM vpc_flow_logs
WHERE strpos(srcaddr, ':') > 0 AND contains('2600:1f18::/32', CAST(srcaddr AS IPADDRESS))
GROUP BY dstport;
-- duckdb:
SELECT dstport, count(*) AS n FROM flows
WHERE strpos(srcaddr, ':') > 0 AND srcaddr LIKE '2600:1f18:%'
GROUP BY dstport;
-- end

-- name: traffic leaving the private ranges (RFC 1918)
SELECT dstaddr, sum(bytes) AS b FROM vpc_flow_logs
WHERE strpos(dstaddr, '.') > 0
  AND NOT (contains('10.0.0.0/8', CAST(dstaddr AS IPADDRESS)) OR contains('192.168.0.0/16', CAST(dstaddr AS IPADDRESS)))
GROUP BY dstaddr ORDER BY b DESC, dstaddr LIMIT 25;
-- duckdb:
SELECT dstaddr, sum(bytes) AS b FROM flows
WHERE strpos(dstaddr, '.') > 0
  AND NOT (dstaddr LIKE '10.%' OR dstaddr LIKE '192.168.%')
GROUP BY dstaddr ORDER BY b DESC, dstaddr LIMIT 25;
-- end

-- name: bytes per hour with date_trunc(from_unixtime(start))
SELECT date_trunc('hour', from_unixtime(start)) AS hour_start, sum(bytes) AS b, count(*) AS flows
FROM vpc_flow_logs GROUP BY 1;
-- duckdb:
SELECT date_trunc('hour', epoch_ms(start * 1000)) AS hour_start, sum(bytes) AS b, count(*) AS flows
FROM flows GROUP BY 1;
-- end

-- name: bytes per hour, ordered
SELECT date_trunc('hour', from_unixtime(start)) AS hour_start, sum(bytes) AS b
FROM vpc_flow_logs WHERE dt = '2026/02/14' GROUP BY 1 ORDER BY 1;
-- duckdb:
SELECT date_trunc('hour', epoch_ms(start * 1000)) AS hour_start, sum(bytes) AS b
FROM flows WHERE dt = '2026/02/14' GROUP BY 1 ORDER BY 1;
-- compare: ordered
-- end

-- name: flows per 5 minutes with date_format
SELECT date_format(from_unixtime(start - start % 300), '%Y-%m-%d %H:%i') AS slot, count(*) AS flows
FROM vpc_flow_logs WHERE dt = '2026/02/13' AND hour(from_unixtime(start)) = 9 GROUP BY 1;
-- duckdb:
SELECT strftime(epoch_ms((start - start % 300) * 1000), '%Y-%m-%d %H:%M') AS slot, count(*) AS flows
FROM flows WHERE dt = '2026/02/13' AND hour(epoch_ms(start * 1000)) = 9 GROUP BY 1;
-- end

-- name: per-port counts
SELECT dstport, count(*) AS flows, count(DISTINCT srcaddr) AS sources FROM vpc_flow_logs GROUP BY dstport;
-- end

-- name: per-port counts of accepted TCP, top 25
SELECT dstport, count(*) AS flows FROM vpc_flow_logs WHERE protocol = 6 AND action = 'ACCEPT'
GROUP BY dstport ORDER BY flows DESC, dstport LIMIT 25;
-- end

-- name: per-protocol name with CASE
SELECT CASE protocol WHEN 6 THEN 'TCP' WHEN 17 THEN 'UDP' WHEN 1 THEN 'ICMP' ELSE 'other' END AS proto,
       count(*) AS flows, sum(bytes) AS b FROM vpc_flow_logs GROUP BY 1;
-- end

-- name: NODATA and SKIPDATA records
SELECT log_status, count(*) AS n, count(srcaddr) AS with_addr, min(start) AS first_start FROM vpc_flow_logs
WHERE log_status <> 'OK' GROUP BY log_status;
-- end

-- name: scanners: sources that hit many ports
SELECT srcaddr, count(DISTINCT dstport) AS ports, count(*) AS flows FROM vpc_flow_logs
WHERE action = 'REJECT' GROUP BY srcaddr HAVING count(DISTINCT dstport) >= 5;
-- end

-- name: long flows with date_diff
SELECT date_diff('second', from_unixtime(start), from_unixtime("end")) AS secs, count(*) AS flows
FROM vpc_flow_logs GROUP BY 1;
-- duckdb:
SELECT datesub('second', epoch_ms(start * 1000), epoch_ms("end" * 1000)) AS secs, count(*) AS flows
FROM flows GROUP BY 1;
-- end

-- name: flows in the last 12 hours before now()
SELECT count(*) AS flows, sum(bytes) AS b FROM vpc_flow_logs
WHERE from_unixtime(start) >= now() - INTERVAL '12' HOUR AND from_unixtime(start) < now();
-- duckdb:
SELECT count(*) AS flows, sum(bytes) AS b FROM flows
WHERE epoch_ms(start * 1000) >= TIMESTAMP '2026-02-13 12:00:00' AND epoch_ms(start * 1000) < TIMESTAMP '2026-02-14 00:00:00';
-- end

-- name: a time window on start prunes files and keeps the answer
SELECT count(*) AS flows, sum(bytes) AS b, min(start) AS first, max(start) AS last FROM vpc_flow_logs
WHERE start >= 1770998400 AND start < 1771002000;
-- end

-- name: a time window on end
SELECT action, count(*) AS flows FROM vpc_flow_logs WHERE "end" BETWEEN 1771070000 AND 1771070600 GROUP BY action;
-- end

-- name: share of rejected flows per destination port
SELECT dstport, count_if(action = 'REJECT') AS rejected, count(*) AS total,
       round(100.0e0 * count_if(action = 'REJECT') / count(*), 2) AS pct
FROM vpc_flow_logs GROUP BY dstport HAVING count(*) >= 100;
-- duckdb:
SELECT dstport, count(*) FILTER (WHERE action = 'REJECT') AS rejected, count(*) AS total,
       round(100.0 * count(*) FILTER (WHERE action = 'REJECT') / count(*), 2) AS pct
FROM flows GROUP BY dstport HAVING count(*) >= 100;
-- end

-- name: busiest interface per port (max_by over a unique key)
SELECT dstport, max_by(interface_id, n * 1000000 + r) AS busiest FROM (
  SELECT dstport, interface_id, count(*) AS n, max(start % 1000000) AS r FROM vpc_flow_logs
  WHERE dstport IN (22, 53, 80, 443, 5432) GROUP BY 1, 2)
GROUP BY dstport;
-- duckdb:
SELECT dstport, arg_max(interface_id, n * 1000000 + r) AS busiest FROM (
  SELECT dstport, interface_id, count(*) AS n, max(start % 1000000) AS r FROM flows
  WHERE dstport IN (22, 53, 80, 443, 5432) GROUP BY 1, 2)
GROUP BY dstport;
-- end

-- name: CTEs, one reading another
WITH per_src AS (SELECT srcaddr, sum(bytes) AS b, count(*) AS n FROM vpc_flow_logs WHERE action = 'ACCEPT' GROUP BY srcaddr),
     big AS (SELECT srcaddr, b FROM per_src WHERE n >= 50)
SELECT count(*) AS sources, sum(b) AS b, max(b) AS top FROM big;
-- end

-- name: IN (SELECT ...) of rejected sources
SELECT action, count(*) AS flows FROM vpc_flow_logs
WHERE srcaddr IN (SELECT srcaddr FROM vpc_flow_logs WHERE action = 'REJECT') GROUP BY action;
-- end

-- name: UNION ALL of sources and destinations
SELECT addr, count(*) AS n FROM (SELECT srcaddr AS addr FROM vpc_flow_logs UNION ALL SELECT dstaddr FROM vpc_flow_logs)
WHERE addr LIKE '10.0.%' GROUP BY addr ORDER BY n DESC, addr LIMIT 30;
-- end

-- name: tcp flags of a v5 log
-- data: v5
SELECT tcp_flags, action, count(*) AS n FROM vpc_flow_logs WHERE protocol = 6 GROUP BY 1, 2;
-- end

-- name: half-open scans in a v5 log (SYN and RST)
-- data: v5
SELECT srcaddr, count(*) AS n FROM vpc_flow_logs WHERE tcp_flags = 6 GROUP BY srcaddr ORDER BY n DESC, srcaddr LIMIT 20;
-- end

-- name: egress by traffic path in a v5 log
-- data: v5
SELECT traffic_path, flow_direction, sum(bytes) AS b FROM vpc_flow_logs GROUP BY 1, 2;
-- end

-- name: bytes per availability zone and subnet in a v5 log
-- data: v5
SELECT az_id, subnet_id, count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs GROUP BY 1, 2;
-- end

-- name: biggest flows, whole rows (top-N over rows: rows past the bound dropped unprojected)
-- sortkey: 10
SELECT * FROM vpc_flow_logs ORDER BY bytes DESC LIMIT 15;
-- duckdb:
SELECT * EXCLUDE (dt), 'us-east-1' AS region, dt, split_part(dt, '/', 1) AS year,
       split_part(dt, '/', 2) AS month, split_part(dt, '/', 3) AS day
FROM flows ORDER BY bytes DESC LIMIT 15;
-- end

-- name: smallest accepted flows with an offset, ties broken by every column
SELECT srcaddr, dstaddr, srcport, dstport, bytes FROM vpc_flow_logs WHERE action = 'ACCEPT'
ORDER BY bytes, srcaddr, dstaddr, srcport, dstport LIMIT 20 OFFSET 30;
-- end

-- name: port scan: distinct destination ports per source (count DISTINCT in two groupings)
SELECT srcaddr, count(DISTINCT dstport) AS ports FROM vpc_flow_logs
GROUP BY srcaddr HAVING count(DISTINCT dstport) > 10 ORDER BY ports DESC, srcaddr LIMIT 25;
-- end

-- name: distinct sources per interface and day
SELECT dt, interface_id, count(DISTINCT srcaddr) AS sources FROM vpc_flow_logs
GROUP BY dt, interface_id ORDER BY sources DESC, dt, interface_id LIMIT 30;
-- end

-- name: IPv6 traffic by LIKE '%:%' (memmem after %)
SELECT count(*) AS n, count_if(dstaddr LIKE '%:%') AS both6, count_if(srcaddr LIKE '%::%') AS gap
FROM vpc_flow_logs WHERE srcaddr LIKE '%:%';
-- end

-- name: LIKE with several % parts and a suffix
SELECT count_if(interface_id LIKE '%0%a%') AS a, count_if(srcaddr LIKE '10.%.1%') AS b,
       count_if(dstaddr LIKE '%.10') AS c, count_if(action LIKE '%EP%') AS d
FROM vpc_flow_logs;
-- end

-- name: per-host summary with min and max times
SELECT srcaddr, sum(bytes) AS b, count(*) AS n, min(start) AS first_seen, max("end") AS last_seen
FROM vpc_flow_logs GROUP BY srcaddr ORDER BY b DESC, srcaddr LIMIT 20;
-- end

-- name: top five-tuples by bytes (top-N finish over the general table)
-- sortkey: 6
SELECT srcaddr, dstaddr, srcport, dstport, protocol, sum(bytes) AS b FROM vpc_flow_logs
GROUP BY 1, 2, 3, 4, 5 ORDER BY b DESC LIMIT 10;
-- end

-- name: port scan with attempts and bytes beside the distinct ports (split with combined aggregates)
SELECT srcaddr, count(DISTINCT dstport) AS ports, count(*) AS attempts, sum(bytes) AS b,
       min(start) AS first_seen, max("end") AS last_seen
FROM vpc_flow_logs WHERE action = 'REJECT'
GROUP BY srcaddr HAVING count(*) > 5 ORDER BY ports DESC, attempts DESC, srcaddr LIMIT 25;
-- end

-- name: many groups without ORDER BY (the stable order by string keys)
SELECT interface_id, dstport, count(*) AS c FROM vpc_flow_logs GROUP BY 1, 2;
-- end
