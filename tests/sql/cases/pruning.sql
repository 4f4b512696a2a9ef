-- case: start bounds skip files by the window in their names, same answer
-- args: --threads 1
SELECT count(*) AS n, min(start) AS first FROM vpc_flow_logs WHERE start >= 1771027200;
-- expect:
n,first
4,1771027200
-- end

-- case: the same without time pruning
-- args: --no-time-pruning
SELECT count(*) AS n, min(start) AS first FROM vpc_flow_logs WHERE start >= 1771027200;
-- expect:
n,first
4,1771027200
-- end

-- case: from_unixtime(start) against timestamps prunes too
EXPLAIN SELECT count(*) FROM vpc_flow_logs
WHERE from_unixtime(start) BETWEEN timestamp '2026-02-14 00:00:00' AND timestamp '2026-02-14 01:00:00';
-- expect:
Output: _col0
Aggregate (hash, per-thread tables merged): keys [] aggregates [count(*)]
Filter: from_unixtime(start) BETWEEN timestamp '2026-02-14 00:00:00' AND timestamp '2026-02-14 01:00:00'
Scan vpc_flow_logs: columns [start]
  files: 2, pruned 1, to read 1 (0.0 of 0.0 MB)
  time pruning by file-name window: start >= 1771027200, start <= 1771030800
-- end

-- case: a time bound computed from constants prunes (folded first)
EXPLAIN SELECT count(*) FROM vpc_flow_logs WHERE "end" < 1771027200 - 3600 * 2;
-- expect:
Output: _col0
Aggregate (hash, per-thread tables merged): keys [] aggregates [count(*)]
Filter: "end" < 1771027200 - 3600 * 2
Scan vpc_flow_logs: columns [end]
  files: 2, pruned 1, to read 1 (0.0 of 0.0 MB)
  time pruning by file-name window: end <= 1771019999
-- end
