-- Combinations: clauses that meet (aliases and scopes, subqueries with their
-- own ORDER BY/LIMIT, aggregates inside expressions).  Data: `small`.

-- case: ORDER BY an expression of an alias uses the output column
SELECT bytes / 1000 AS kb, srcport FROM vpc_flow_logs WHERE interface_id = 'eni-0a1' ORDER BY kb * -1, srcport;
-- expect:
kb,srcport
700,49160
12,443
5,49152
3,49153
-- end

-- case: an alias used inside an ORDER BY expression wins over the field of the same name
SELECT bytes AS packets, packets AS bytes FROM vpc_flow_logs WHERE interface_id = 'eni-0a1' ORDER BY packets + 0 DESC;
-- expect:
packets,bytes
700000,100
12000,8
5000,10
3000,4
-- end

-- case: ORDER BY an expression of an aggregate alias
SELECT interface_id AS eni, sum(bytes) AS total FROM vpc_flow_logs GROUP BY interface_id
ORDER BY COALESCE(total, 0) / 2 DESC, lower(eni);
-- expect:
eni,total
eni-0a1,720000
eni-0c3,11300
eni-0b2,300
eni-0d4,
-- end

-- case: an alias is not visible in WHERE
SELECT bytes AS b FROM vpc_flow_logs WHERE b > 1;
-- error:
flowq: SQL error: Column 'b' cannot be resolved
  line 1: SELECT bytes AS b FROM vpc_flow_logs WHERE b > 1;
                                                     ^
-- end

-- case: an alias is not visible in HAVING
SELECT action, count(*) AS n FROM vpc_flow_logs GROUP BY action HAVING n > 1;
-- error:
flowq: SQL error: Column 'n' cannot be resolved
  line 1: SELECT action, count(*) AS n FROM vpc_flow_logs GROUP BY action HAVING n > 1;
                                                                                 ^
-- end

-- case: a CTE cannot read a CTE defined after it
WITH a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a;
-- error:
flowq: SQL error: Table 'b' does not exist
  line 1: WITH a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a;
                                   ^
hint: the input paths are the table vpc_flow_logs (choose another name with --table)
-- end

-- case: a subquery keeps its own ORDER BY and LIMIT
SELECT count(*) AS n, sum(b) AS top3 FROM (SELECT bytes AS b FROM vpc_flow_logs ORDER BY bytes DESC LIMIT 3);
-- expect:
n,top3
3,721000
-- end

-- case: parenthesised UNION parts with their own ORDER BY and LIMIT
(SELECT bytes FROM vpc_flow_logs ORDER BY bytes DESC LIMIT 2) UNION ALL (SELECT bytes FROM vpc_flow_logs ORDER BY bytes LIMIT 1);
-- expect:
bytes
700000
12000
60
-- end

-- case: comparing with an empty scalar subquery keeps no row
SELECT count(*) AS n FROM vpc_flow_logs WHERE bytes > (SELECT bytes FROM vpc_flow_logs WHERE 1 = 0);
-- expect:
n
0
-- end

-- case: CASE and COALESCE over aggregates
SELECT CASE WHEN count(*) > 5 THEN sum(bytes) ELSE -1 END AS x, COALESCE(max(srcport), 0) AS y FROM vpc_flow_logs
GROUP BY action ORDER BY x, y;
-- expect:
x,y
-1,0
-1,51600
731300,49160
-- end

-- case: SELECT DISTINCT with ORDER BY an ordinal and LIMIT
SELECT DISTINCT dstport FROM vpc_flow_logs ORDER BY 1 DESC LIMIT 3;
-- expect:
dstport
49152
9999
8080
-- end

-- case: a UNION column that is NULL in some parts takes the type of the others
SELECT x FROM (SELECT NULL AS x UNION ALL SELECT 'a' UNION ALL SELECT NULL) ORDER BY x NULLS FIRST;
-- expect:
x


a
-- end

-- case: DISTINCT aggregates with FILTER
SELECT count(DISTINCT srcaddr) FILTER (WHERE action = 'REJECT') AS rejecters,
       count(DISTINCT dstport) FILTER (WHERE bytes > 1000) AS big_ports FROM vpc_flow_logs;
-- expect:
rejecters,big_ports
2,3
-- end

-- case: the same expression grouped and ordered through different spellings
SELECT lower(action) AS a, count(*) AS n FROM vpc_flow_logs GROUP BY lower(action) ORDER BY lower(action) NULLS FIRST;
-- expect:
a,n
,1
accept,8
reject,5
-- end

-- case: an aggregate over an expression of two columns and a constant
SELECT sum(bytes - packets * 40) AS payload, max(bytes / packets) AS biggest FROM vpc_flow_logs WHERE protocol = 6;
-- expect:
payload,biggest
725020,7000
-- end

-- case: WHERE, GROUP BY, HAVING, ORDER BY, OFFSET and LIMIT together
SELECT dstaddr, count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs
WHERE srcaddr IS NOT NULL AND dstport <> 53
GROUP BY dstaddr HAVING count(*) >= 1
ORDER BY n DESC, dstaddr OFFSET 1 LIMIT 2;
-- expect:
dstaddr,n,b
10.0.2.9,3,708000
10.0.3.3,2,10000
-- end

-- case: a string literal compared with a partition value of another type needs a CAST
SELECT count(*) AS n FROM vpc_flow_logs WHERE CAST(day AS integer) = 13 AND year = '2026';
-- expect:
n
10
-- end
