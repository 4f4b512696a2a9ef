-- String functions and regular expressions.  Data: `small` where a column
-- is needed.

-- case: split_part picks a 1-based field; past the end is NULL
SELECT split_part('10.0.1.5', '.', 1) AS a, split_part('10.0.1.5', '.', 4) AS b, split_part('10.0.1.5', '.', 5) AS c,
       split_part('a..b', '.', 2) AS d, split_part('eni-0a1', '-', 2) AS e, split_part('a::b', '::', 2) AS f;
-- expect:
a,b,c,d,e,f
10,5,,,0a1,b
-- end

-- case: split_part index 0 is an error
SELECT split_part('a.b', '.', 0);
-- error:
flowq: query failed: Index must be greater than zero
  line 1: SELECT split_part('a.b', '.', 0);
                 ^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: top talking /24 subnets with split_part
SELECT split_part(srcaddr, '.', 1) || '.' || split_part(srcaddr, '.', 2) || '.' || split_part(srcaddr, '.', 3) || '.0/24' AS subnet,
       sum(bytes) AS b
FROM vpc_flow_logs WHERE srcaddr LIKE '%.%' GROUP BY 1 ORDER BY b DESC;
-- expect:
subnet,b
10.0.1.0/24,719000
10.0.2.0/24,12000
203.0.113.0/24,240
198.51.100.0/24,60
-- end

-- case: substr with start, length and negative start
SELECT substr('hello', 2) AS a, substr('hello', 2, 3) AS b, substr('hello', -3) AS c, substr('hello', -3, 2) AS d,
       substr('hello', 0) AS e, substr('hello', 10) AS f, substr('hello', 2, -1) AS g, substring('hello', 5, 100) AS h;
-- expect:
a,b,c,d,e,f,g,h
ello,ell,llo,ll,,,,o
-- end

-- case: substr counts characters, not bytes
SELECT substr('héllo', 2, 2) AS a, length('héllo') AS b, substr('日本語', 2) AS c;
-- expect:
a,b,c
él,5,本語
-- end

-- case: substring FROM FOR syntax
SELECT substring('hello' FROM 2 FOR 3) AS a, substring('hello' FROM 4) AS b;
-- expect:
a,b
ell,lo
-- end

-- case: strpos finds the 1-based position, 0 when absent
SELECT strpos('hello', 'l') AS a, strpos('hello', 'z') AS b, strpos('hello', '') AS c, strpos('hello', 'l', 2) AS d,
       strpos(srcaddr, ':') AS e, position('l' IN 'hello') AS f
FROM vpc_flow_logs WHERE srcport = 5353;
-- expect:
a,b,c,d,e,f
3,0,1,4,5,3
-- end

-- case: IPv6 records found with strpos
SELECT count_if(strpos(srcaddr, ':') > 0) AS v6, count_if(strpos(srcaddr, '.') > 0) AS v4 FROM vpc_flow_logs;
-- expect:
v6,v4
1,12
-- end

-- case: lower, upper and length
SELECT lower('AbC-1') AS a, upper('aBc-1') AS b, length('') AS c, length(interface_id) AS d, lower(action) AS e
FROM vpc_flow_logs WHERE srcport = 40000;
-- expect:
a,b,c,d,e
abc-1,ABC-1,0,7,reject
-- end

-- case: string functions of NULL are NULL
SELECT lower(action) AS a, length(srcaddr) AS b, substr(srcaddr, 1, 2) AS c, split_part(srcaddr, '.', 1) AS d,
       strpos(srcaddr, '.') AS e, replace(action, 'A', 'B') AS f
FROM vpc_flow_logs WHERE log_status = 'NODATA';
-- expect:
a,b,c,d,e,f
,,,,,
-- end

-- case: concat of several strings, NULL if any is NULL
SELECT concat(srcaddr, ' -> ', dstaddr) AS flow, concat('a', 'b', 'c', 'd') AS abcd, concat('x', action) AS n
FROM vpc_flow_logs WHERE srcport = 5353 OR log_status = 'NODATA' ORDER BY start DESC;
-- expect:
flow,abcd,n
2001:db8::1 -> 2001:db8::2,abcd,xACCEPT
,abcd,
-- end

-- case: replace every occurrence, or remove
SELECT replace('aaa', 'a', 'bb') AS a, replace('abc', 'b') AS b, replace('10.0.1.5', '.', '-') AS c,
       replace('abc', 'x', 'y') AS d, replace('abc', '', 'x') AS e;
-- expect:
a,b,c,d,e
bbbbbb,ac,10-0-1-5,abc,xaxbxcx
-- end

-- case: trim, lpad, reverse and starts_with
SELECT trim('  x  ') AS a, ltrim('  x') AS b, rtrim('x  ') AS c, lpad('5', 3, '0') AS d, rpad('5', 3, '0') AS e,
       reverse('abc') AS f, starts_with('eni-0a1', 'eni-') AS g;
-- expect:
a,b,c,d,e,f,g
x,x,x,005,500,cba,true
-- end

-- case: regexp_like finds a match anywhere
SELECT regexp_like('10.0.1.5', '^10\.') AS a, regexp_like('10.0.1.5', '1\.5$') AS b, regexp_like('10.0.1.5', '^1\.') AS c,
       regexp_like('ABC', '(?i)abc') AS d, regexp_like('eni-0a1', '[0-9]a') AS e;
-- expect:
a,b,c,d,e
true,true,false,true,true
-- end

-- case: regexp_like as a filter: private 10/8 and 192.168/16 sources
SELECT srcaddr, count(*) AS n FROM vpc_flow_logs WHERE regexp_like(srcaddr, '^(10|192\.168)\.') GROUP BY srcaddr ORDER BY srcaddr;
-- expect:
srcaddr,n
10.0.1.5,6
10.0.2.9,1
-- end

-- case: regexp_extract: whole match, a group, no match
SELECT regexp_extract('10.0.1.5', '^(\d+)\.(\d+)', 2) AS a, regexp_extract('10.0.1.5', '\d+') AS b,
       regexp_extract('abc', 'z') AS c, regexp_extract('eni-0a1', 'eni-(.*)', 1) AS d, regexp_extract('10.0.1.5/24', '[0-9.]+') AS e;
-- expect:
a,b,c,d,e
0,10,,0a1,10.0.1.5
-- end

-- case: regexp_extract of a /16 prefix, grouped
SELECT regexp_extract(dstaddr, '^\d+\.\d+') AS net, count(*) AS n FROM vpc_flow_logs WHERE dstaddr IS NOT NULL
GROUP BY 1 ORDER BY n DESC;
-- expect:
net,n
10.0,11
192.0,1
,1
-- end

-- case: regexp_extract with a missing group is an error
SELECT regexp_extract('abc', 'a(b)', 2);
-- error:
flowq: query failed: Pattern has 1 groups. Cannot access group 2
  line 1: SELECT regexp_extract('abc', 'a(b)', 2);
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: regexp_replace with groups and with nothing
SELECT regexp_replace('10.0.1.5', '(\d+)\.(\d+)\.(\d+)\.(\d+)', '$4.$3.$2.$1') AS a, regexp_replace('abcb', 'b') AS b,
       regexp_replace('a1b22', '\d+', '#') AS c;
-- expect:
a,b,c
5.1.0.10,ac,a#b#
-- end

-- case: a bad regular expression is an error at bind time
SELECT regexp_like(srcaddr, '(') FROM vpc_flow_logs;
-- error:
flowq: SQL error: Invalid regular expression '(': missing closing parenthesis at offset 1
  line 1: SELECT regexp_like(srcaddr, '(') FROM vpc_flow_logs;
                 ^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: concat needs two arguments
SELECT concat('a');
-- error:
flowq: SQL error: There must be two or more concatenation arguments
  line 1: SELECT concat('a');
                 ^^^^^^^^^^^
-- end

-- case: string functions compose
SELECT upper(substr(interface_id, strpos(interface_id, '-') + 1)) AS id, count(*) AS n FROM vpc_flow_logs
GROUP BY 1 ORDER BY 1;
-- expect:
id,n
0A1,4
0B2,5
0C3,4
0D4,1
-- end
