-- Query structure: WITH (CTEs), subqueries in FROM, IN (SELECT ...),
-- scalar subqueries, EXISTS, UNION ALL and UNION [DISTINCT].  Data: `small`.

-- case: one CTE
WITH rejected AS (SELECT srcaddr, dstport FROM vpc_flow_logs WHERE action = 'REJECT')
SELECT srcaddr, count(*) AS n FROM rejected GROUP BY srcaddr ORDER BY n DESC;
-- expect:
srcaddr,n
203.0.113.7,4
198.51.100.3,1
-- end

-- case: several CTEs, one reading another
WITH per_eni AS (SELECT interface_id, sum(bytes) AS b FROM vpc_flow_logs GROUP BY interface_id),
     big AS (SELECT interface_id, b FROM per_eni WHERE b > 1000),
     ranked AS (SELECT interface_id, b, b / 1000 AS kb FROM big)
SELECT * FROM ranked ORDER BY b DESC;
-- expect:
interface_id,b,kb
eni-0a1,720000,720
eni-0c3,11300,11
-- end

-- case: a CTE read twice through scalar subqueries
WITH t AS (SELECT bytes FROM vpc_flow_logs WHERE bytes IS NOT NULL)
SELECT (SELECT max(bytes) FROM t) AS mx, (SELECT min(bytes) FROM t) AS mn, (SELECT count(*) FROM t) AS n;
-- expect:
mx,mn,n
700000,60,13
-- end

-- case: a CTE that is never used costs nothing and breaks nothing
WITH unused AS (SELECT srcaddr FROM vpc_flow_logs) SELECT 42 AS answer;
-- expect:
answer
42
-- end

-- case: a CTE named like the table hides it after its definition
WITH vpc_flow_logs AS (SELECT * FROM vpc_flow_logs WHERE action = 'REJECT')
SELECT count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs;
-- expect:
n,b
5,300
-- end

-- case: a subquery in FROM with an alias
SELECT s.k, s.n FROM (SELECT dstport AS k, count(*) AS n FROM vpc_flow_logs GROUP BY dstport) s
WHERE s.n > 1 ORDER BY s.k;
-- expect:
k,n
22,4
443,3
8080,2
-- end

-- case: a subquery in FROM without an alias
SELECT max(n) AS most FROM (SELECT count(*) AS n FROM vpc_flow_logs GROUP BY srcaddr);
-- expect:
most
6
-- end

-- case: subqueries nested three deep
SELECT count(*) AS n FROM (SELECT * FROM (SELECT srcaddr, bytes FROM (SELECT * FROM vpc_flow_logs WHERE bytes > 100) WHERE bytes < 10000) WHERE srcaddr LIKE '10.%');
-- expect:
n
5
-- end

-- case: a subquery's star keeps its columns
SELECT * FROM (SELECT interface_id AS eni, bytes FROM vpc_flow_logs WHERE srcport = 5353);
-- expect:
eni,bytes
eni-0c3,300
-- end

-- case: WITH inside a subquery
SELECT a + 1 AS b FROM (WITH x AS (SELECT 1 AS a) SELECT a FROM x);
-- expect:
b
2
-- end

-- case: IN (SELECT ...)
SELECT count(*) AS n FROM vpc_flow_logs
WHERE srcaddr IN (SELECT srcaddr FROM vpc_flow_logs WHERE action = 'REJECT');
-- expect:
n
5
-- end

-- case: IN (SELECT ...) over groups
SELECT srcport FROM vpc_flow_logs
WHERE interface_id IN (SELECT interface_id FROM vpc_flow_logs GROUP BY interface_id HAVING count(*) >= 5)
ORDER BY srcport;
-- expect:
srcport
40000
51515
51516
51517
51600
-- end

-- case: NOT IN (SELECT ...) without NULLs
SELECT dstaddr, count(*) AS n FROM vpc_flow_logs
WHERE dstaddr NOT IN (SELECT srcaddr FROM vpc_flow_logs WHERE srcaddr IS NOT NULL)
GROUP BY dstaddr ORDER BY dstaddr;
-- expect:
dstaddr,n
10.0.3.3,2
192.0.2.44,1
2001:db8::2,1
-- end

-- case: NOT IN (SELECT ...) with a NULL in the subquery matches nothing
SELECT count(*) AS n FROM vpc_flow_logs WHERE dstaddr NOT IN (SELECT srcaddr FROM vpc_flow_logs);
-- expect:
n
0
-- end

-- case: IN (SELECT ...) with a NULL in the subquery still matches
SELECT count(*) AS n FROM vpc_flow_logs WHERE dstaddr IN (SELECT srcaddr FROM vpc_flow_logs);
-- expect:
n
9
-- end

-- case: IN and NOT IN an empty subquery
SELECT count_if(bytes IN (SELECT bytes FROM vpc_flow_logs WHERE 1 = 0)) AS in_empty,
       count_if(bytes NOT IN (SELECT bytes FROM vpc_flow_logs WHERE 1 = 0)) AS not_in_empty
FROM vpc_flow_logs;
-- expect:
in_empty,not_in_empty
0,14
-- end

-- case: NULL IN an empty subquery is false, NOT IN is true
SELECT NULL IN (SELECT 1 WHERE FALSE) AS a, NULL NOT IN (SELECT 1 WHERE FALSE) AS b,
       1 IN (SELECT 1 WHERE FALSE) AS c, CAST(NULL AS integer) IN (SELECT 1) AS d, 2 IN (SELECT NULL) AS e;
-- expect:
a,b,c,d,e
false,true,false,,
-- end

-- case: IN (SELECT ...) of a CTE
WITH scanners AS (SELECT srcaddr FROM vpc_flow_logs WHERE dstport IN (22, 3389) GROUP BY srcaddr HAVING count(*) >= 3)
SELECT dstport, count(*) AS n FROM vpc_flow_logs WHERE srcaddr IN (SELECT srcaddr FROM scanners)
GROUP BY dstport ORDER BY dstport;
-- expect:
dstport,n
22,3
3389,1
-- end

-- case: a scalar subquery in WHERE
SELECT srcport, bytes FROM vpc_flow_logs WHERE bytes > (SELECT avg(bytes) FROM vpc_flow_logs);
-- expect:
srcport,bytes
49160,700000
-- end

-- case: a scalar subquery with no rows is NULL
SELECT (SELECT bytes FROM vpc_flow_logs WHERE 1 = 0) AS nothing;
-- expect:
nothing

-- end

-- case: a scalar subquery in the select list of an aggregate
SELECT action, count(*) * 100 / (SELECT count(*) FROM vpc_flow_logs) AS pct FROM vpc_flow_logs
GROUP BY action ORDER BY pct DESC;
-- expect:
action,pct
ACCEPT,57
REJECT,35
,7
-- end

-- case: a scalar subquery between aggregates
SELECT count(*) AS n, (SELECT count(*) FROM vpc_flow_logs WHERE action = 'REJECT') AS rejects, sum(bytes) AS b
FROM vpc_flow_logs;
-- expect:
n,rejects,b
14,5,731600
-- end

-- case: aggregates inside a subquery inside an aggregate's argument
SELECT count_if(bytes = (SELECT max(bytes) FROM vpc_flow_logs)) AS at_max, max(bytes) AS mx FROM vpc_flow_logs;
-- expect:
at_max,mx
1,700000
-- end

-- case: EXISTS and NOT EXISTS
SELECT EXISTS (SELECT 1 FROM vpc_flow_logs WHERE bytes > 100000) AS big,
       EXISTS (SELECT 1 FROM vpc_flow_logs WHERE bytes > 1000000) AS huge,
       NOT EXISTS (SELECT 1 FROM vpc_flow_logs WHERE protocol = 1) AS no_icmp;
-- expect:
big,huge,no_icmp
true,false,true
-- end

-- case: UNION ALL keeps duplicates
SELECT action FROM vpc_flow_logs WHERE srcport = 40000
UNION ALL SELECT action FROM vpc_flow_logs WHERE srcport = 51515;
-- expect:
action
REJECT
REJECT
-- end

-- case: UNION removes duplicates
SELECT action FROM vpc_flow_logs WHERE srcport = 40000
UNION SELECT action FROM vpc_flow_logs WHERE srcport = 51515;
-- expect:
action
REJECT
-- end

-- case: UNION DISTINCT is UNION
SELECT dstport FROM vpc_flow_logs WHERE interface_id = 'eni-0b2'
UNION DISTINCT SELECT dstport FROM vpc_flow_logs WHERE interface_id = 'eni-0b2'
ORDER BY dstport;
-- expect:
dstport
22
3389
-- end

-- case: UNION also removes duplicates inside one side
SELECT dstport FROM vpc_flow_logs WHERE interface_id = 'eni-0b2' UNION SELECT 8080 ORDER BY 1;
-- expect:
dstport
22
3389
8080
-- end

-- case: UNION ALL of three, names from the first, ORDER BY and LIMIT on the whole
SELECT 'rejects' AS what, count(*) AS n FROM vpc_flow_logs WHERE action = 'REJECT'
UNION ALL SELECT 'accepts', count(*) FROM vpc_flow_logs WHERE action = 'ACCEPT'
UNION ALL SELECT 'nodata', count(*) FROM vpc_flow_logs WHERE log_status = 'NODATA'
ORDER BY n DESC LIMIT 2;
-- expect:
what,n
accepts,8
rejects,5
-- end

-- case: UNION ALL widens integer and bigint to bigint, integer and double to double
SELECT srcport AS v FROM vpc_flow_logs WHERE srcport = 5353
UNION ALL SELECT bytes FROM vpc_flow_logs WHERE bytes = 700000
UNION ALL SELECT 0.5e0;
-- expect:
v
5353.0
700000.0
0.5
-- end

-- case: UNION ALL with NULL in one side takes the other side's type
SELECT NULL AS x UNION ALL SELECT 5 UNION ALL SELECT NULL ORDER BY x;
-- expect:
x
5


-- end

-- case: mixing UNION and UNION ALL goes left to right
SELECT 1 AS x UNION ALL SELECT 1 UNION SELECT 2 ORDER BY x;
-- expect:
x
1
2
-- end

-- case: UNION ALL then UNION ALL keeps every row
SELECT 1 AS x UNION SELECT 1 UNION ALL SELECT 1 ORDER BY x;
-- expect:
x
1
1
-- end

-- case: parenthesised bodies
(SELECT 1 AS x) UNION ALL (SELECT 2) ORDER BY x DESC;
-- expect:
x
2
1
-- end

-- case: a UNION inside a subquery, aggregated outside
SELECT addr, count(*) AS n FROM (
  SELECT srcaddr AS addr FROM vpc_flow_logs UNION ALL SELECT dstaddr FROM vpc_flow_logs
) WHERE addr IS NOT NULL GROUP BY addr ORDER BY n DESC, addr LIMIT 3;
-- expect:
addr,n
10.0.1.5,12
10.0.2.9,4
203.0.113.7,4
-- end

-- case: a CTE holding a UNION
WITH ports AS (SELECT srcport AS p FROM vpc_flow_logs UNION SELECT dstport FROM vpc_flow_logs)
SELECT count(*) AS distinct_ports, count(p) AS non_null FROM ports;
-- expect:
distinct_ports,non_null
18,17
-- end
