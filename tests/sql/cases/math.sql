-- Numeric functions: abs, round, greatest, least and friends.

-- case: abs keeps the type
SELECT abs(-3) AS a, abs(3) AS b, abs(-2.5e0) AS c, abs(CAST(-9000000000 AS bigint)) AS d, abs(NULL) AS e;
-- expect:
a,b,c,d,e
3,3,2.5,9000000000,
-- end

-- case: abs of the smallest bigint overflows
SELECT abs(-9223372036854775807 - 1);
-- error:
flowq: query failed: Value -9223372036854775808 is out of range for abs(bigint)
  line 1: SELECT abs(-9223372036854775807 - 1);
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: abs of a difference of columns
SELECT srcport, abs(srcport - dstport) AS gap FROM vpc_flow_logs WHERE interface_id = 'eni-0a1' ORDER BY srcport;
-- expect:
srcport,gap
443,48709
49152,48709
49153,48710
49160,48717
-- end

-- case: round of a double rounds half away from zero and stays double
SELECT round(2.5e0) AS a, round(-2.5e0) AS b, round(2.4e0) AS c, round(-0.4e0) AS d, round(2.345e0, 2) AS e,
       round(1.005e0, 2) AS f;
-- expect:
a,b,c,d,e,f
3.0,-3.0,2.0,-0.0,2.35,1.0
-- end

-- case: round of integers with negative digits
SELECT round(7) AS a, round(15, -1) AS b, round(1234, -2) AS c, round(-1250, -2) AS d, round(CAST(1249 AS bigint), -2) AS e;
-- expect:
a,b,c,d,e
7,20,1200,-1300,1200
-- end

-- case: round of an integer past its range is an error
SELECT round(2147483647, -1);
-- error:
flowq: query failed: Out of range for integer: 2147483650
  line 1: SELECT round(2147483647, -1);
                 ^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: round an average
SELECT interface_id, round(avg(bytes), 1) AS a, round(avg(bytes)) AS r FROM vpc_flow_logs WHERE bytes IS NOT NULL
GROUP BY interface_id ORDER BY interface_id;
-- expect:
interface_id,a,r
eni-0a1,180000.0,180000.0
eni-0b2,60.0,60.0
eni-0c3,2825.0,2825.0
-- end

-- case: round a ratio to a percentage
SELECT action, round(100.0e0 * count(*) / (SELECT count(*) FROM vpc_flow_logs), 2) AS pct FROM vpc_flow_logs
GROUP BY action ORDER BY pct DESC;
-- expect:
action,pct
ACCEPT,57.14
REJECT,35.71
,7.14
-- end

-- case: greatest and least over numbers
SELECT greatest(1, 5, 3) AS a, least(1, 5, 3) AS b, greatest(1, 2.5e0) AS c, least(CAST(3 AS bigint), 2) AS d,
       greatest(-1, -2) AS e;
-- expect:
a,b,c,d,e
5,1,2.5,2,-1
-- end

-- case: greatest and least over strings and dates
SELECT greatest('a', 'b', 'ab') AS a, least('b', 'a') AS b, greatest(DATE '2026-01-01', DATE '2026-02-01') AS c,
       least(from_unixtime(1), from_unixtime(0)) AS d;
-- expect:
a,b,c,d
b,a,2026-02-01,1970-01-01 00:00:00.000
-- end

-- case: greatest and least with a NULL argument are NULL
SELECT greatest(1, NULL) AS a, least('a', NULL, 'b') AS b;
-- expect:
a,b
,
-- end

-- case: greatest and least over columns
SELECT srcport, dstport, greatest(srcport, dstport) AS hi, least(srcport, dstport) AS lo FROM vpc_flow_logs
WHERE interface_id = 'eni-0c3' ORDER BY srcport;
-- expect:
srcport,dstport,hi,lo
5353,5353,5353,5353
40001,8080,40001,8080
40002,8080,40002,8080
40003,9999,40003,9999
-- end

-- case: the lower port of a flow, grouped
SELECT least(srcport, dstport) AS service_port, count(*) AS n FROM vpc_flow_logs WHERE srcport IS NOT NULL
GROUP BY 1 ORDER BY n DESC, service_port LIMIT 3;
-- expect:
service_port,n
22,4
443,4
8080,2
-- end

-- case: floor, ceil, truncate, sign and mod
SELECT floor(2.7e0) AS a, ceil(2.1e0) AS b, ceiling(-2.1e0) AS c, floor(7) AS d, truncate(2.7e0) AS e, sign(-5) AS f,
       mod(-7, 3) AS g, mod(7.5e0, 2) AS h;
-- expect:
a,b,c,d,e,f,g,h
2.0,3.0,-2.0,7,2.0,-1,-1,1.5
-- end

-- case: power, sqrt and logarithms are doubles
SELECT power(2, 10) AS a, sqrt(16) AS b, ln(1) AS c, log10(1000) AS d, log2(8) AS e, exp(0) AS f;
-- expect:
a,b,c,d,e,f
1024.0,4.0,0.0,3.0,3.0,1.0
-- end

-- case: NaN and infinity helpers
SELECT is_nan(0e0 / 0) AS a, is_infinite(1e0 / 0) AS b, is_finite(1e0) AS c, nan() AS d, infinity() AS e;
-- expect:
a,b,c,d,e
true,true,true,NaN,Infinity
-- end

-- case: bytes per packet, rounded
SELECT interface_id, round(sum(bytes) * 1.0e0 / sum(packets), 1) AS bpp FROM vpc_flow_logs WHERE packets > 0
GROUP BY interface_id ORDER BY bpp DESC;
-- expect:
interface_id,bpp
eni-0a1,5901.6
eni-0c3,353.1
eni-0b2,60.0
-- end
