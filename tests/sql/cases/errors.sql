-- Errors: the exact text on stderr.  Shape:
--   flowq: SQL syntax error: <what>        (exit 4)
--   flowq: SQL error: <Trino's message>    (exit 4: unknown names, types)
--   flowq: query failed: <Trino's message> (exit 1: division by zero, casts)
--   flowq: unsupported: <what>             (exit 4)
-- then the line of the query with a caret under the bad part, and maybe a
-- "hint:" line.

-- case: syntax error: unexpected end of the query
SELECT srcaddr FROM vpc_flow_logs WHERE
-- error:
flowq: SQL syntax error: unexpected end of query, expected an expression
  line 1: SELECT srcaddr FROM vpc_flow_logs WHERE
                                                 ^
-- end

-- case: syntax error: a misspelt keyword
SELEC srcaddr FROM vpc_flow_logs;
-- error:
flowq: SQL syntax error: expected a statement (SELECT, WITH, EXPLAIN or CREATE EXTERNAL TABLE) but found 'SELEC'
  line 1: SELEC srcaddr FROM vpc_flow_logs;
          ^^^^^
-- end

-- case: syntax error: a doubled comma
SELECT srcaddr,, dstaddr FROM vpc_flow_logs;
-- error:
flowq: SQL syntax error: expected an expression but found ','
  line 1: SELECT srcaddr,, dstaddr FROM vpc_flow_logs;
                         ^
-- end

-- case: syntax error on the third line points at that line
SELECT srcaddr, count(*)
FROM vpc_flow_logs
GROUP srcaddr;
-- error:
flowq: SQL syntax error: expected BY but found 'srcaddr'
  line 3: GROUP srcaddr;
                ^^^^^^^
-- end

-- case: syntax error: an unterminated string
SELECT 'abc FROM vpc_flow_logs;
-- error:
flowq: SQL syntax error: unterminated string literal
  line 1: SELECT 'abc FROM vpc_flow_logs;
                 ^
-- end

-- case: syntax error: end is a reserved word
SELECT end FROM vpc_flow_logs;
-- error:
flowq: SQL syntax error: expected an expression but found 'end'
  line 1: SELECT end FROM vpc_flow_logs;
                 ^^^
hint: "end" is a reserved word: write "end" (double quotes) or end_time
-- end

-- case: syntax error: a number out of bigint range
SELECT 9223372036854775808;
-- error:
flowq: SQL syntax error: number out of range
  line 1: SELECT 9223372036854775808;
                 ^^^^^^^^^^^^^^^^^^^
-- end

-- case: syntax error: two LIMITs
SELECT 1 FROM vpc_flow_logs LIMIT 1 LIMIT 2;
-- error:
flowq: SQL syntax error: more than one LIMIT or FETCH FIRST
  line 1: SELECT 1 FROM vpc_flow_logs LIMIT 1 LIMIT 2;
                                              ^^^^^
-- end

-- case: unknown column with a hint
SELECT srcadr, dstaddr FROM vpc_flow_logs;
-- error:
flowq: SQL error: Column 'srcadr' cannot be resolved
  line 1: SELECT srcadr, dstaddr FROM vpc_flow_logs;
                 ^^^^^^
hint: did you mean 'srcaddr'?
-- end

-- case: unknown column on a later line
SELECT count(*)
FROM vpc_flow_logs
WHERE dst_port = 22;
-- error:
flowq: SQL error: Column 'dst_port' cannot be resolved
  line 3: WHERE dst_port = 22;
                ^^^^^^^^
hint: did you mean 'dstport'?
-- end

-- case: unknown column of a subquery names the subquery's columns
SELECT total FROM (SELECT sum(bytes) AS totals FROM vpc_flow_logs);
-- error:
flowq: SQL error: Column 'total' cannot be resolved
  line 1: SELECT total FROM (SELECT sum(bytes) AS totals FROM vpc_flow_logs);
                 ^^^^^
hint: did you mean 'totals'?
-- end

-- case: a string in double quotes is a column name
SELECT count(*) FROM vpc_flow_logs WHERE action = "ACCEPT";
-- error:
flowq: SQL error: Column 'ACCEPT' cannot be resolved
  line 1: SELECT count(*) FROM vpc_flow_logs WHERE action = "ACCEPT";
                                                            ^^^^^^^^
hint: double quotes name a column; a string is in single quotes: 'ACCEPT'
-- end

-- case: an unknown qualifier
SELECT x.bytes FROM vpc_flow_logs v;
-- error:
flowq: SQL error: Column 'x.bytes' cannot be resolved
  line 1: SELECT x.bytes FROM vpc_flow_logs v;
                 ^^^^^^^
-- end

-- case: an alias is not visible in GROUP BY
SELECT dstport AS p, count(*) FROM vpc_flow_logs GROUP BY p;
-- error:
flowq: SQL error: Column 'p' cannot be resolved
  line 1: SELECT dstport AS p, count(*) FROM vpc_flow_logs GROUP BY p;
                                                                    ^
-- end

-- case: an ambiguous name in ORDER BY
SELECT bytes AS x, packets AS x FROM vpc_flow_logs ORDER BY x;
-- error:
flowq: SQL error: Column 'x' is ambiguous
  line 1: SELECT bytes AS x, packets AS x FROM vpc_flow_logs ORDER BY x;
                                                                      ^
-- end

-- case: unknown function with a hint
SELECT sumx(bytes) FROM vpc_flow_logs;
-- error:
flowq: SQL error: Function 'sumx' not registered
  line 1: SELECT sumx(bytes) FROM vpc_flow_logs;
                 ^^^^^^^^^^^
hint: did you mean sum()?
-- end

-- case: unknown function close to a scalar function
SELECT lowr(action) FROM vpc_flow_logs;
-- error:
flowq: SQL error: Function 'lowr' not registered
  line 1: SELECT lowr(action) FROM vpc_flow_logs;
                 ^^^^^^^^^^^^
hint: did you mean lower()?
-- end

-- case: unknown function far from any
SELECT xyzzy(bytes) FROM vpc_flow_logs;
-- error:
flowq: SQL error: Function 'xyzzy' not registered
  line 1: SELECT xyzzy(bytes) FROM vpc_flow_logs;
                 ^^^^^^^^^^^^
-- end

-- case: unknown table with a hint
SELECT count(*) FROM flow_logs;
-- error:
flowq: SQL error: Table 'flow_logs' does not exist
  line 1: SELECT count(*) FROM flow_logs;
                               ^^^^^^^^^
hint: the input paths are the table vpc_flow_logs (choose another name with --table)
-- end

-- case: unknown table with --table in force
-- args: --table flows
SELECT count(*) FROM vpc_flow_logs;
-- error:
flowq: SQL error: Table 'vpc_flow_logs' does not exist
  line 1: SELECT count(*) FROM vpc_flow_logs;
                               ^^^^^^^^^^^^^
hint: the input paths are the table flows (choose another name with --table)
-- end

-- case: type mismatch: bigint against varchar
SELECT srcaddr FROM vpc_flow_logs WHERE bytes > 'abc';
-- error:
flowq: SQL error: Cannot apply operator: bigint > varchar
  line 1: SELECT srcaddr FROM vpc_flow_logs WHERE bytes > 'abc';
                                                  ^^^^^^^^^^^^^
hint: compare like with like: CAST(x AS BIGINT) or a quoted string
-- end

-- case: type mismatch: a port against a quoted number
SELECT count(*) FROM vpc_flow_logs WHERE dstport = '22';
-- error:
flowq: SQL error: Cannot apply operator: integer = varchar
  line 1: SELECT count(*) FROM vpc_flow_logs WHERE dstport = '22';
                                                   ^^^^^^^^^^^^^^
hint: compare like with like: CAST(x AS BIGINT) or a quoted string
-- end

-- case: type mismatch: LIKE on a number
SELECT count(*) FROM vpc_flow_logs WHERE srcport LIKE '4%';
-- error:
flowq: SQL error: Cannot apply LIKE to integer
  line 1: SELECT count(*) FROM vpc_flow_logs WHERE srcport LIKE '4%';
                                                   ^^^^^^^^^^^^^^^^^
-- end

-- case: type mismatch: an IN list of two types
SELECT count(*) FROM vpc_flow_logs WHERE dstport IN (22, '443');
-- error:
flowq: SQL error: All values must be of the same type: integer and varchar
  line 1: SELECT count(*) FROM vpc_flow_logs WHERE dstport IN (22, '443');
                                                                   ^^^^^
-- end

-- case: type mismatch: a WHERE that is not boolean
SELECT count(*) FROM vpc_flow_logs WHERE action;
-- error:
flowq: SQL error: WHERE clause must evaluate to a boolean: actual type varchar
  line 1: SELECT count(*) FROM vpc_flow_logs WHERE action;
                                                   ^^^^^^
-- end

-- case: type mismatch: sum of a string
SELECT sum(action) FROM vpc_flow_logs;
-- error:
flowq: SQL error: Unexpected parameters (varchar) for function sum. Expected: sum(bigint), sum(double)
  line 1: SELECT sum(action) FROM vpc_flow_logs;
                 ^^^^^^^^^^^
-- end

-- case: type mismatch: function arguments
SELECT length(bytes) FROM vpc_flow_logs;
-- error:
flowq: SQL error: Unexpected parameters (bigint) for function length. Expected: length(varchar)
  line 1: SELECT length(bytes) FROM vpc_flow_logs;
                 ^^^^^^^^^^^^^
-- end

-- case: type mismatch: || with a number
SELECT srcaddr || srcport FROM vpc_flow_logs;
-- error:
flowq: SQL error: Cannot apply operator: varchar || integer
  line 1: SELECT srcaddr || srcport FROM vpc_flow_logs;
                 ^^^^^^^^^^^^^^^^^^
hint: CAST the non-varchar side AS varchar
-- end

-- case: type mismatch: CASE branches
SELECT CASE WHEN bytes > 0 THEN bytes ELSE 'none' END FROM vpc_flow_logs;
-- error:
flowq: SQL error: All values must be of the same type: bigint and varchar
  line 1: SELECT CASE WHEN bytes > 0 THEN bytes ELSE 'none' END FROM vpc_flow_logs;
                                                     ^^^^^^
-- end

-- case: an unknown type in CAST
SELECT CAST(bytes AS money) FROM vpc_flow_logs;
-- error:
flowq: SQL error: Unknown type: money
  line 1: SELECT CAST(bytes AS money) FROM vpc_flow_logs;
                               ^^^^^
-- end

-- case: non-aggregated column in the select list
SELECT srcaddr, count(*) FROM vpc_flow_logs;
-- error:
flowq: SQL error: 'srcaddr' must be an aggregate expression or appear in GROUP BY clause
  line 1: SELECT srcaddr, count(*) FROM vpc_flow_logs;
                 ^^^^^^^
-- end

-- case: non-aggregated column grouped by another
SELECT srcaddr, count(*) FROM vpc_flow_logs GROUP BY dstaddr;
-- error:
flowq: SQL error: 'srcaddr' must be an aggregate expression or appear in GROUP BY clause
  line 1: SELECT srcaddr, count(*) FROM vpc_flow_logs GROUP BY dstaddr;
                 ^^^^^^^
-- end

-- case: non-aggregated column in HAVING
SELECT action, count(*) FROM vpc_flow_logs GROUP BY action HAVING bytes > 1;
-- error:
flowq: SQL error: 'bytes' must be an aggregate expression or appear in GROUP BY clause
  line 1: SELECT action, count(*) FROM vpc_flow_logs GROUP BY action HAVING bytes > 1;
                                                                            ^^^^^
-- end

-- case: non-aggregated column in ORDER BY of an aggregate
SELECT action, count(*) FROM vpc_flow_logs GROUP BY action ORDER BY srcaddr;
-- error:
flowq: SQL error: 'srcaddr' must be an aggregate expression or appear in GROUP BY clause
  line 1: SELECT action, count(*) FROM vpc_flow_logs GROUP BY action ORDER BY srcaddr;
                                                                              ^^^^^^^
-- end

-- case: an aggregate in WHERE
SELECT count(*) FROM vpc_flow_logs WHERE sum(bytes) > 1;
-- error:
flowq: SQL error: WHERE clause cannot contain aggregations or window functions
  line 1: SELECT count(*) FROM vpc_flow_logs WHERE sum(bytes) > 1;
                                                   ^^^^^^^^^^^^^^
-- end

-- case: an aggregate in GROUP BY
SELECT count(*) FROM vpc_flow_logs GROUP BY sum(bytes);
-- error:
flowq: SQL error: GROUP BY clause cannot contain aggregations or window functions
  line 1: SELECT count(*) FROM vpc_flow_logs GROUP BY sum(bytes);
                                                      ^^^^^^^^^^
-- end

-- case: nested aggregates
SELECT sum(count(*)) FROM vpc_flow_logs;
-- error:
flowq: SQL error: Cannot nest aggregations inside aggregation 'sum': [count(*)]
  line 1: SELECT sum(count(*)) FROM vpc_flow_logs;
                     ^^^^^^^^
-- end

-- case: an ORDER BY position past the select list
SELECT bytes FROM vpc_flow_logs ORDER BY 2;
-- error:
flowq: SQL error: ORDER BY position 2 is not in select list
  line 1: SELECT bytes FROM vpc_flow_logs ORDER BY 2;
                                                   ^
-- end

-- case: a GROUP BY position past the select list
SELECT bytes FROM vpc_flow_logs GROUP BY 2;
-- error:
flowq: SQL error: GROUP BY position 2 is not in select list
  line 1: SELECT bytes FROM vpc_flow_logs GROUP BY 2;
                                                   ^
-- end

-- case: ORDER BY of SELECT DISTINCT must be selected
SELECT DISTINCT srcaddr FROM vpc_flow_logs ORDER BY bytes;
-- error:
flowq: SQL error: For SELECT DISTINCT, ORDER BY expressions must appear in select list
  line 1: SELECT DISTINCT srcaddr FROM vpc_flow_logs ORDER BY bytes;
                                                              ^^^^^
-- end

-- case: UNION parts with different numbers of columns
SELECT srcaddr FROM vpc_flow_logs UNION ALL SELECT srcaddr, dstaddr FROM vpc_flow_logs;
-- error:
flowq: SQL error: UNION query has different number of fields: 1, 2
  line 1: SELECT srcaddr FROM vpc_flow_logs UNION ALL SELECT srcaddr, dstaddr FROM vpc_flow_logs;
                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: UNION parts with incompatible types
SELECT srcaddr FROM vpc_flow_logs UNION ALL SELECT bytes FROM vpc_flow_logs;
-- error:
flowq: SQL error: column 1 in UNION query has incompatible types: varchar, bigint
  line 1: SELECT srcaddr FROM vpc_flow_logs UNION ALL SELECT bytes FROM vpc_flow_logs;
                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a CTE named twice
WITH a AS (SELECT 1 AS x), a AS (SELECT 2 AS x) SELECT x FROM a;
-- error:
flowq: SQL error: WITH query name 'a' specified more than once
  line 1: WITH a AS (SELECT 1 AS x), a AS (SELECT 2 AS x) SELECT x FROM a;
                                     ^
-- end

-- case: a scalar subquery of two columns
SELECT (SELECT min(bytes), max(bytes) FROM vpc_flow_logs);
-- error:
flowq: SQL error: Multiple columns returned by subquery are not yet supported. Found 2
  line 1: SELECT (SELECT min(bytes), max(bytes) FROM vpc_flow_logs);
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: IN (SELECT ...) of another type
SELECT count(*) FROM vpc_flow_logs WHERE bytes IN (SELECT srcaddr FROM vpc_flow_logs);
-- error:
flowq: SQL error: Value expression and result of subquery must be of the same type: bigint vs varchar
  line 1: SELECT count(*) FROM vpc_flow_logs WHERE bytes IN (SELECT srcaddr FROM vpc_flow_logs);
                                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a scalar subquery of several rows fails at run time
SELECT (SELECT bytes FROM vpc_flow_logs) AS b;
-- error:
flowq: query failed: Scalar sub-query has returned multiple rows
  line 1: SELECT (SELECT bytes FROM vpc_flow_logs) AS b;
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: division by zero over a column
SELECT bytes / (srcport - 49152) FROM vpc_flow_logs WHERE srcport IS NOT NULL;
-- error:
flowq: query failed: Division by zero
  line 1: SELECT bytes / (srcport - 49152) FROM vpc_flow_logs WHERE srcport IS NOT NULL;
                 ^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a bad cast of a column value
SELECT CAST(action AS bigint) FROM vpc_flow_logs;
-- error:
flowq: query failed: Cannot cast 'ACCEPT' to BIGINT
  line 1: SELECT CAST(action AS bigint) FROM vpc_flow_logs;
                 ^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a bad cast of a literal
SELECT CAST('10.0.0.x' AS IPADDRESS);
-- error:
flowq: query failed: Cannot cast value to IPADDRESS: 10.0.0.x
  line 1: SELECT CAST('10.0.0.x' AS IPADDRESS);
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a percentile out of range
SELECT approx_percentile(bytes, 1.5) FROM vpc_flow_logs;
-- error:
flowq: SQL error: Percentile must be between 0 and 1
  line 1: SELECT approx_percentile(bytes, 1.5) FROM vpc_flow_logs;
                                          ^^^
-- end

-- case: a bad date_trunc unit
SELECT date_trunc('fortnight', from_unixtime(start)) FROM vpc_flow_logs;
-- error:
flowq: SQL error: 'fortnight' is not a valid Timestamp field
  line 1: SELECT date_trunc('fortnight', from_unixtime(start)) FROM vpc_flow_logs;
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: JOIN is not supported
SELECT a.srcaddr FROM vpc_flow_logs a JOIN vpc_flow_logs b ON a.srcaddr = b.dstaddr;
-- error:
flowq: SQL syntax error: JOIN is not supported
  line 1: SELECT a.srcaddr FROM vpc_flow_logs a JOIN vpc_flow_logs b ON a.srcaddr = b.dstaddr;
                                                ^^^^
hint: flowq reads one table per query; a subquery with IN (SELECT ...) or EXISTS can often stand in
-- end

-- case: window functions are not supported
SELECT row_number() OVER (ORDER BY bytes) FROM vpc_flow_logs;
-- error:
flowq: SQL syntax error: window functions (OVER) are not supported
  line 1: SELECT row_number() OVER (ORDER BY bytes) FROM vpc_flow_logs;
                              ^^^^
-- end

-- case: INTERSECT is not supported
SELECT srcaddr FROM vpc_flow_logs INTERSECT SELECT dstaddr FROM vpc_flow_logs;
-- error:
flowq: SQL syntax error: INTERSECT is not supported
  line 1: SELECT srcaddr FROM vpc_flow_logs INTERSECT SELECT dstaddr FROM vpc_flow_logs;
                                            ^^^^^^^^^
-- end

-- case: a column list in WITH is not supported
WITH t (port) AS (SELECT dstport FROM vpc_flow_logs) SELECT port FROM t;
-- error:
flowq: SQL syntax error: a column list in WITH is not supported
  line 1: WITH t (port) AS (SELECT dstport FROM vpc_flow_logs) SELECT port FROM t;
                 ^
-- end

-- case: VALUES is not supported
SELECT x FROM (VALUES 1, 2) t (x);
-- error:
flowq: SQL syntax error: VALUES is not supported
  line 1: SELECT x FROM (VALUES 1, 2) t (x);
                         ^^^^^^
-- end

-- case: one query per run
SELECT 1; SELECT 2;
-- error:
flowq: usage error: only one query per run: the script has more than one
  line 1: SELECT 1; SELECT 2;
                    ^^^^^^^^
-- end

-- case: a limit, not a crash: more select items than a block holds (14 stars of 19 columns)
SELECT *, *, *, *, *, *, *, *, *, *, *, *, *, * FROM vpc_flow_logs ORDER BY 7;
-- error:
flowq: too many select items: 266 (at most 256)
-- end
