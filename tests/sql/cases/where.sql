-- WHERE: comparisons, three-valued AND/OR/NOT, IN and NOT IN (with NULLs),
-- BETWEEN, LIKE [ESCAPE], IS [NOT] NULL, IS [NOT] DISTINCT FROM.
-- Data: `small` (14 records; the NODATA record has NULL addresses, ports,
-- protocol, packets, bytes and action).

-- case: equality on a string column
SELECT count(*) AS n FROM vpc_flow_logs WHERE action = 'REJECT';
-- expect:
n
5
-- end

-- case: <> and != are the same and skip NULLs
SELECT count(*) AS a, count_if(action != 'ACCEPT') AS b FROM vpc_flow_logs WHERE action <> 'ACCEPT';
-- expect:
a,b
5,5
-- end

-- case: < <= > >= on a bigint column
SELECT count_if(bytes < 1000) AS lt, count_if(bytes <= 1000) AS le, count_if(bytes > 9000) AS gt,
       count_if(bytes >= 9000) AS ge FROM vpc_flow_logs;
-- expect:
lt,le,gt,ge
6,8,2,3
-- end

-- case: integer column against a double literal
SELECT bytes FROM vpc_flow_logs WHERE bytes > 2999.5 AND bytes < 5000.5 ORDER BY bytes;
-- expect:
bytes
3000
5000
-- end

-- case: comparing two columns
SELECT srcport, dstport FROM vpc_flow_logs WHERE srcport = dstport;
-- expect:
srcport,dstport
5353,5353
-- end

-- case: string comparison is by bytes, not by address value
SELECT count_if(srcaddr < '2') AS below_2, count_if(srcaddr > '199') AS above_199 FROM vpc_flow_logs;
-- expect:
below_2,above_199
8,5
-- end

-- case: three-valued AND, OR and NOT over every pair
SELECT a, b, a AND b AS a_and_b, a OR b AS a_or_b, NOT a AS not_a FROM (
  SELECT TRUE AS a, TRUE AS b UNION ALL SELECT TRUE, FALSE UNION ALL SELECT TRUE, NULL
  UNION ALL SELECT FALSE, TRUE UNION ALL SELECT FALSE, FALSE UNION ALL SELECT FALSE, NULL
  UNION ALL SELECT NULL, TRUE UNION ALL SELECT NULL, FALSE UNION ALL SELECT NULL, NULL)
ORDER BY a DESC NULLS LAST, b DESC NULLS LAST;
-- expect:
a,b,a_and_b,a_or_b,not_a
true,true,true,true,false
true,false,false,true,false
true,,,true,false
false,true,false,true,true
false,false,false,false,true
false,,false,,true
,true,,true,
,false,false,,
,,,,
-- end

-- case: NOT over a NULL comparison keeps the row out
SELECT count(*) AS n FROM vpc_flow_logs WHERE NOT (action = 'ACCEPT');
-- expect:
n
5
-- end

-- case: OR with IS NULL brings the NULL row back
SELECT count(*) AS n FROM vpc_flow_logs WHERE NOT (action = 'ACCEPT') OR action IS NULL;
-- expect:
n
6
-- end

-- case: NULL OR TRUE passes the filter, NULL AND TRUE does not
SELECT count_if(bytes > 0 OR srcport > 0) AS or_n, count_if(bytes > 0 AND start > 0) AS and_n,
       count_if(bytes > 0 OR start > 0) AS or_true FROM vpc_flow_logs;
-- expect:
or_n,and_n,or_true
13,13,14
-- end

-- case: AND binds tighter than OR
SELECT count(*) AS n FROM vpc_flow_logs WHERE dstport = 22 OR dstport = 443 AND bytes > 4000;
-- expect:
n
6
-- end

-- case: parentheses override AND before OR
SELECT count(*) AS n FROM vpc_flow_logs WHERE (dstport = 22 OR dstport = 443) AND bytes > 4000;
-- expect:
n
2
-- end

-- case: IN list of integers
SELECT dstport, count(*) AS n FROM vpc_flow_logs WHERE dstport IN (22, 3389, 5353) GROUP BY dstport ORDER BY dstport;
-- expect:
dstport,n
22,4
3389,1
5353,1
-- end

-- case: short integer lists (compared directly) agree with long ones (hashed) and with ORs
SELECT count(*) AS a,
       count_if(dstport IN (22, 443, 3389, 5353, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)) AS long_list,
       count_if(dstport IN (22, 443, 3389, 5353)) AS short_list,
       count_if(dstport = 22 OR dstport = 443 OR dstport = 3389 OR dstport = 5353) AS ors,
       count_if(dstport NOT IN (22, 443, 3389, 5353)) AS not_in,
       count_if(bytes IN (5000, 700000, 9999999999)) AS bigints
FROM vpc_flow_logs;
-- expect:
a,long_list,short_list,ors,not_in,bigints
14,9,9,9,4,2
-- end

-- case: NOT IN list skips NULL values of the column
SELECT count(*) AS n FROM vpc_flow_logs WHERE dstport NOT IN (22, 443);
-- expect:
n
6
-- end

-- case: IN list with a NULL item matches only the listed values
SELECT count(*) AS n FROM vpc_flow_logs WHERE dstport IN (22, NULL);
-- expect:
n
4
-- end

-- case: NOT IN list with a NULL item matches nothing
SELECT count(*) AS n FROM vpc_flow_logs WHERE dstport NOT IN (22, NULL);
-- expect:
n
0
-- end

-- case: IN and NOT IN with NULLs as values
SELECT 1 IN (1, NULL) AS a, 2 IN (1, NULL) AS b, 2 NOT IN (1, NULL) AS c, 1 NOT IN (1, NULL) AS d,
       NULL IN (1, 2) AS e, 3 NOT IN (1, 2) AS f;
-- expect:
a,b,c,d,e,f
true,,,false,,true
-- end

-- case: IN list of strings
SELECT srcaddr, count(*) AS n FROM vpc_flow_logs WHERE srcaddr IN ('10.0.2.9', '198.51.100.3', '8.8.8.8')
GROUP BY srcaddr ORDER BY srcaddr;
-- expect:
srcaddr,n
10.0.2.9,1
198.51.100.3,1
-- end

-- case: IN list mixing integer and double items
SELECT count(*) AS n FROM vpc_flow_logs WHERE bytes IN (60, 300.0, 1e3);
-- expect:
n
8
-- end

-- case: BETWEEN is inclusive on both ends
SELECT bytes FROM vpc_flow_logs WHERE bytes BETWEEN 1000 AND 5000 ORDER BY bytes;
-- expect:
bytes
1000
1000
3000
5000
-- end

-- case: NOT BETWEEN skips NULLs
SELECT count(*) AS n FROM vpc_flow_logs WHERE bytes NOT BETWEEN 1000 AND 5000;
-- expect:
n
9
-- end

-- case: BETWEEN with the bounds reversed is empty
SELECT count(*) AS n FROM vpc_flow_logs WHERE bytes BETWEEN 5000 AND 1000;
-- expect:
n
0
-- end

-- case: BETWEEN with NULL bounds
SELECT NULL BETWEEN 1 AND 2 AS a, 5 BETWEEN NULL AND 4 AS b, 3 BETWEEN NULL AND 4 AS c,
       3 BETWEEN 1 AND NULL AS d, 0 BETWEEN 1 AND NULL AS e;
-- expect:
a,b,c,d,e
,false,,,false
-- end

-- case: BETWEEN on strings
SELECT DISTINCT dstaddr FROM vpc_flow_logs WHERE dstaddr BETWEEN '10.0.1' AND '10.0.2.9' ORDER BY dstaddr;
-- expect:
dstaddr
10.0.1.5
10.0.2.9
-- end

-- case: LIKE with _ for one character
SELECT count(*) AS n FROM vpc_flow_logs WHERE interface_id LIKE 'eni-0_1';
-- expect:
n
4
-- end

-- case: LIKE with % and NOT LIKE, NULLs excluded from both
SELECT count_if(srcaddr LIKE '10.%') AS ten, count_if(srcaddr NOT LIKE '10.%') AS other FROM vpc_flow_logs;
-- expect:
ten,other
7,6
-- end

-- case: LIKE is case-sensitive and anchored
SELECT 'ACCEPT' LIKE 'acc%' AS a, 'ACCEPT' LIKE 'ACC' AS b, 'ACCEPT' LIKE '%CC%' AS c, '' LIKE '%' AS d,
       'abc' LIKE 'a_c' AS e, 'abbc' LIKE 'a_c' AS f;
-- expect:
a,b,c,d,e,f
false,false,true,true,true,false
-- end

-- case: LIKE ESCAPE makes % and _ literal
SELECT 'a%b' LIKE 'a!%b' ESCAPE '!' AS a, 'axb' LIKE 'a!%b' ESCAPE '!' AS b,
       'a_b' LIKE 'a\_b' ESCAPE '\' AS c, 'ab' LIKE 'a\_b' ESCAPE '\' AS d,
       'a\b' LIKE 'a\\b' ESCAPE '\' AS e, '50%' LIKE '%#%' ESCAPE '#' AS f;
-- expect:
a,b,c,d,e,f
true,false,true,false,true,true
-- end

-- case: LIKE with a NULL side is NULL
SELECT NULL LIKE 'a%' AS a, 'abc' LIKE NULL AS b;
-- expect:
a,b
,
-- end

-- case: regex characters are plain in LIKE
SELECT count(*) AS n FROM vpc_flow_logs WHERE srcaddr LIKE '10.0.1.5';
-- expect:
n
6
-- end

-- case: IS NULL and IS NOT NULL
SELECT count_if(srcaddr IS NULL) AS null_src, count_if(srcaddr IS NOT NULL) AS src,
       count_if(start IS NULL) AS null_start FROM vpc_flow_logs;
-- expect:
null_src,src,null_start
1,13,0
-- end

-- case: IS DISTINCT FROM treats NULL as a value
SELECT NULL IS DISTINCT FROM NULL AS a, 1 IS DISTINCT FROM NULL AS b, 1 IS DISTINCT FROM 1 AS c,
       NULL IS NOT DISTINCT FROM NULL AS d, 1 IS NOT DISTINCT FROM 2 AS e, 'x' IS NOT DISTINCT FROM 'x' AS f;
-- expect:
a,b,c,d,e,f
false,true,false,true,false,true
-- end

-- case: IS DISTINCT FROM on a column keeps the NULL row
SELECT count_if(action IS DISTINCT FROM 'ACCEPT') AS d, count_if(action <> 'ACCEPT') AS ne,
       count_if(action IS NOT DISTINCT FROM NULL) AS nul FROM vpc_flow_logs;
-- expect:
d,ne,nul
6,5,1
-- end

-- case: WHERE TRUE, WHERE FALSE and WHERE NULL
SELECT count_if(TRUE) AS t, count(*) AS all_rows FROM vpc_flow_logs WHERE NULL IS NULL;
-- expect:
t,all_rows
14,14
-- end

-- case: WHERE NULL keeps no row
SELECT count(*) AS n FROM vpc_flow_logs WHERE NULL;
-- expect:
n
0
-- end

-- case: a boolean expression as a select item
SELECT srcport, dstport = 22 AS ssh, bytes > 100 AND packets = 1 AS small_one FROM vpc_flow_logs
WHERE interface_id = 'eni-0b2' ORDER BY srcport;
-- expect:
srcport,ssh,small_one
40000,true,false
51515,true,false
51516,true,false
51517,false,false
51600,true,false
-- end

-- case: comparisons with NULL are NULL
SELECT 1 = NULL AS a, NULL <> 1 AS b, NULL < NULL AS c, 'a' >= NULL AS d;
-- expect:
a,b,c,d
,,,
-- end

-- case: comparing booleans
SELECT TRUE > FALSE AS a, FALSE = FALSE AS b, TRUE < FALSE AS c;
-- expect:
a,b,c
true,true,false
-- end
