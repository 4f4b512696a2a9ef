-- Scalar expressions: arithmetic (integer division truncates, % keeps the
-- dividend's sign, overflow is an error), ||, CASE, CAST, TRY_CAST,
-- COALESCE, NULLIF, IF.  Data: `small` where a column is needed.

-- case: integer division truncates toward zero
SELECT 7 / 2 AS a, -7 / 2 AS b, 7 / -2 AS c, -7 / -2 AS d, 1 / 3 AS e;
-- expect:
a,b,c,d,e
3,-3,-3,3,0
-- end

-- case: modulus takes the sign of the dividend
SELECT 7 % 3 AS a, -7 % 3 AS b, 7 % -3 AS c, -7 % -3 AS d, 6 % 3 AS e;
-- expect:
a,b,c,d,e
1,-1,1,-1,0
-- end

-- case: precedence: * / % before + -, left to right
SELECT 2 + 3 * 4 AS a, (2 + 3) * 4 AS b, 20 / 2 / 5 AS c, 10 - 2 - 3 AS d, 2 + 7 % 4 * 2 AS e, -2 * -3 AS f;
-- expect:
a,b,c,d,e,f
14,20,2,5,8,6
-- end

-- case: a double operand makes the result double
SELECT 7 / 2.0e0 AS a, 7 * 0.5e0 AS b, 1 + 0.25e0 AS c, 7.5e0 % 2 AS d, 1e0 / 3 AS e;
-- expect:
a,b,c,d,e
3.5,3.5,1.25,1.5,0.3333333333333333
-- end

-- case: double division by zero gives infinities and NaN
SELECT 1e0 / 0 AS a, -1e0 / 0 AS b, 0e0 / 0 AS c, 5 % 0e0 AS d;
-- expect:
a,b,c,d
Infinity,-Infinity,NaN,NaN
-- end

-- case: doubles print like Java's Double.toString
SELECT 12345678.5e0 AS a, 1e20 AS b, 0.1e0 + 0.2e0 AS c, 1e-5 AS d, 100e0 AS e, 1234567e0 AS f, 0.001e0 AS g;
-- expect:
a,b,c,d,e,f,g
1.23456785E7,1.0E20,0.30000000000000004,1.0E-5,100.0,1234567.0,0.001
-- end

-- case: arithmetic on columns: integer and bigint
SELECT srcport + dstport AS s, bytes - packets AS d, bytes * 2 AS m, bytes / packets AS q, bytes % 7 AS r
FROM vpc_flow_logs WHERE srcport = 49152;
-- expect:
s,d,m,q,r
49595,4990,10000,500,2
-- end

-- case: arithmetic with a NULL operand is NULL
SELECT count(*) AS n, count(bytes + 1) AS plus, count(bytes * packets) AS times, count(1 + NULL) AS lit
FROM vpc_flow_logs;
-- expect:
n,plus,times,lit
14,13,13,0
-- end

-- case: unary minus and plus
SELECT -bytes AS neg, +bytes AS pos, - -bytes AS negneg FROM vpc_flow_logs WHERE srcport = 5353;
-- expect:
neg,pos,negneg
-300,300,300
-- end

-- case: bigint addition overflow is an error
SELECT 9223372036854775807 + 1;
-- error:
flowq: query failed: bigint addition overflow: 9223372036854775807 + 1
  line 1: SELECT 9223372036854775807 + 1;
                 ^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: bigint multiplication overflow on a column is an error
SELECT bytes * 9223372036854775807 FROM vpc_flow_logs WHERE bytes IS NOT NULL;
-- error:
flowq: query failed: bigint multiplication overflow: 5000 * 9223372036854775807
  line 1: SELECT bytes * 9223372036854775807 FROM vpc_flow_logs WHERE bytes IS NOT NULL;
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: bigint subtraction overflow
SELECT -9223372036854775807 - 2;
-- error:
flowq: query failed: bigint subtraction overflow: -9223372036854775807 - 2
  line 1: SELECT -9223372036854775807 - 2;
                 ^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: bigint negation overflow
SELECT -(-9223372036854775807 - 1);
-- error:
flowq: query failed: bigint negation overflow: -9223372036854775808
  line 1: SELECT -(-9223372036854775807 - 1);
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: integer columns overflow as integer
SELECT srcport * 100000 FROM vpc_flow_logs;
-- error:
flowq: query failed: integer multiplication overflow: 49152 * 100000
  line 1: SELECT srcport * 100000 FROM vpc_flow_logs;
                 ^^^^^^^^^^^^^^^^
-- end

-- case: integer literals above 2^31 are bigint, so no integer overflow
SELECT srcport * 3000000000 AS big FROM vpc_flow_logs WHERE srcport = 443;
-- expect:
big
1329000000000
-- end

-- case: a CAST to bigint avoids integer overflow
SELECT CAST(srcport AS bigint) * 100000 AS big FROM vpc_flow_logs WHERE srcport = 49152;
-- expect:
big
4915200000
-- end

-- case: integer division by zero is an error
SELECT bytes / (packets - packets) FROM vpc_flow_logs;
-- error:
flowq: query failed: Division by zero
  line 1: SELECT bytes / (packets - packets) FROM vpc_flow_logs;
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: modulus by zero is an error
SELECT 5 % 0;
-- error:
flowq: query failed: Division by zero
  line 1: SELECT 5 % 0;
                 ^^^^^
-- end

-- case: division by zero in a row the filter removes is no error
SELECT bytes / (dstport - 22) AS x FROM vpc_flow_logs WHERE dstport <> 22 AND srcport = 49152;
-- expect:
x
11
-- end

-- case: || concatenates strings and NULL makes NULL
SELECT srcaddr || ':' || CAST(srcport AS varchar) AS ep, 'a' || NULL AS n FROM vpc_flow_logs WHERE srcport = 5353;
-- expect:
ep,n
2001:db8::1:5353,
-- end

-- case: || with an empty string
SELECT '' || 'x' || '' AS a, 'ab' || 'cd' AS b;
-- expect:
a,b
x,abcd
-- end

-- case: simple CASE
SELECT protocol, CASE protocol WHEN 6 THEN 'TCP' WHEN 17 THEN 'UDP' WHEN 1 THEN 'ICMP' ELSE 'other' END AS name,
       count(*) AS n
FROM vpc_flow_logs GROUP BY protocol ORDER BY n DESC;
-- expect:
protocol,name,n
6,TCP,12
17,UDP,1
,other,1
-- end

-- case: searched CASE takes the first true branch
SELECT bytes, CASE WHEN bytes >= 10000 THEN 'big' WHEN bytes >= 1000 THEN 'medium' WHEN bytes IS NULL THEN 'none' ELSE 'small' END AS size
FROM vpc_flow_logs WHERE interface_id IN ('eni-0a1', 'eni-0d4') ORDER BY bytes NULLS FIRST;
-- expect:
bytes,size
,none
3000,medium
5000,medium
12000,big
700000,big
-- end

-- case: CASE without ELSE is NULL when nothing matches
SELECT CASE WHEN 1 = 2 THEN 'x' END AS a, CASE 3 WHEN 1 THEN 'one' END AS b, CASE WHEN NULL THEN 1 ELSE 2 END AS c;
-- expect:
a,b,c
,,2
-- end

-- case: simple CASE never matches a NULL operand
SELECT CASE NULL WHEN NULL THEN 'matched' ELSE 'not matched' END AS a,
       CASE action WHEN 'ACCEPT' THEN 1 ELSE 0 END AS b
FROM vpc_flow_logs WHERE log_status = 'NODATA';
-- expect:
a,b
not matched,0
-- end

-- case: CASE branches widen integer to bigint and double
SELECT CASE WHEN srcport = 443 THEN srcport ELSE bytes END AS a, CASE WHEN TRUE THEN 1 ELSE 2.5e0 END AS b
FROM vpc_flow_logs WHERE srcport = 443;
-- expect:
a,b
443,1.0
-- end

-- case: CASE inside an aggregate
SELECT sum(CASE WHEN action = 'ACCEPT' THEN bytes ELSE 0 END) AS accepted,
       sum(CASE WHEN action = 'REJECT' THEN 1 END) AS rejects FROM vpc_flow_logs;
-- expect:
accepted,rejects
731300,5
-- end

-- case: CASE does not evaluate the branches it does not take
SELECT CASE WHEN packets = 0 THEN 0 ELSE bytes / packets END AS per FROM vpc_flow_logs WHERE srcport = 40001;
-- expect:
per
450
-- end

-- case: CAST between numbers rounds half away from zero
SELECT CAST(3.7e0 AS integer) AS a, CAST(3.5e0 AS integer) AS b, CAST(-3.5e0 AS integer) AS c,
       CAST(2.5e0 AS bigint) AS d, CAST(-0.4e0 AS bigint) AS e, CAST(7 AS double) AS f, CAST(bytes AS double) AS g
FROM vpc_flow_logs WHERE srcport = 5353;
-- expect:
a,b,c,d,e,f,g
4,4,-4,3,0,7.0,300.0
-- end

-- case: CAST to varchar
SELECT CAST(srcport AS varchar) AS a, CAST(1.5e0 AS varchar) AS b, CAST(1e20 AS varchar) AS c,
       CAST(TRUE AS varchar) AS d, CAST(DATE '2026-02-13' AS varchar) AS e, CAST(-42 AS varchar(10)) AS f
FROM vpc_flow_logs WHERE srcport = 5353;
-- expect:
a,b,c,d,e,f
5353,1.5,1.0E20,true,2026-02-13,-42
-- end

-- case: CAST from varchar to numbers and booleans
SELECT CAST('42' AS integer) AS a, CAST('-9000000000' AS bigint) AS b, CAST('1.5' AS double) AS c,
       CAST(' 2.5 ' AS double) AS d, CAST('true' AS boolean) AS e, CAST('F' AS boolean) AS f, CAST('1e3' AS double) AS g;
-- expect:
a,b,c,d,e,f,g
42,-9000000000,1.5,2.5,true,false,1000.0
-- end

-- case: CAST of booleans and to booleans
SELECT CAST(TRUE AS integer) AS a, CAST(FALSE AS bigint) AS b, CAST(0 AS boolean) AS c, CAST(-3 AS boolean) AS d,
       CAST(0.5e0 AS boolean) AS e;
-- expect:
a,b,c,d,e
1,0,false,true,true
-- end

-- case: CAST to date and timestamp
SELECT CAST('2026-02-13' AS date) AS a, CAST('2026-02-13 10:20:30' AS timestamp) AS b,
       CAST(DATE '2026-02-13' AS timestamp) AS c, CAST(TIMESTAMP '2026-02-13 23:59:59' AS date) AS d,
       CAST(from_unixtime(start) AS date) AS e
FROM vpc_flow_logs WHERE srcport = 51600;
-- expect:
a,b,c,d,e
2026-02-13,2026-02-13 10:20:30.000,2026-02-13 00:00:00.000,2026-02-13,2026-02-14
-- end

-- case: CAST of NULL is NULL of the type
SELECT CAST(NULL AS integer) AS a, CAST(NULL AS varchar) AS b, CAST(bytes AS varchar) AS c
FROM vpc_flow_logs WHERE log_status = 'NODATA';
-- expect:
a,b,c
,,
-- end

-- case: a failed CAST is an error naming the value (Trino's message)
SELECT CAST(interface_id AS integer) FROM vpc_flow_logs;
-- error:
flowq: query failed: Cannot cast 'eni-0a1' to INT
  line 1: SELECT CAST(interface_id AS integer) FROM vpc_flow_logs;
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: CAST to bigint does not trim spaces
SELECT CAST(' 42' AS bigint);
-- error:
flowq: query failed: Cannot cast ' 42' to BIGINT
  line 1: SELECT CAST(' 42' AS bigint);
                 ^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a failed CAST to double
SELECT CAST('1.2.3' AS double);
-- error:
flowq: query failed: Cannot cast '1.2.3' to DOUBLE
  line 1: SELECT CAST('1.2.3' AS double);
                 ^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a failed CAST to boolean
SELECT CAST('yes' AS boolean);
-- error:
flowq: query failed: Cannot cast 'yes' to BOOLEAN
  line 1: SELECT CAST('yes' AS boolean);
                 ^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a failed CAST to date
SELECT CAST('2026/02/13' AS date);
-- error:
flowq: query failed: Value cannot be cast to date: 2026/02/13
  line 1: SELECT CAST('2026/02/13' AS date);
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a failed CAST to timestamp
SELECT CAST('yesterday' AS timestamp);
-- error:
flowq: query failed: Value cannot be cast to timestamp: yesterday
  line 1: SELECT CAST('yesterday' AS timestamp);
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a bigint out of integer range
SELECT CAST(bytes * 10000 AS integer) FROM vpc_flow_logs WHERE srcport = 49160;
-- error:
flowq: query failed: Out of range for integer: 7000000000
  line 1: SELECT CAST(bytes * 10000 AS integer) FROM vpc_flow_logs WHERE srcport = 49160;
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a double out of integer range
SELECT CAST(3e9 AS integer);
-- error:
flowq: query failed: Out of range for integer: 3.0E9
  line 1: SELECT CAST(3e9 AS integer);
                 ^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a double out of bigint range
SELECT CAST(1e19 AS bigint);
-- error:
flowq: query failed: Unable to cast 1.0E19 to bigint
  line 1: SELECT CAST(1e19 AS bigint);
                 ^^^^^^^^^^^^^^^^^^^^
-- end

-- case: TRY_CAST gives NULL where CAST fails
SELECT TRY_CAST('abc' AS integer) AS a, TRY_CAST('42' AS integer) AS b, TRY_CAST('3000000000' AS integer) AS c,
       TRY_CAST('x' AS date) AS d, TRY_CAST('1.2.3.4.5' AS ipaddress) AS e, TRY_CAST(1e19 AS bigint) AS f,
       TRY_CAST(' 7' AS integer) AS g;
-- expect:
a,b,c,d,e,f,g
,42,,,,,
-- end

-- case: TRY_CAST over a column
SELECT count(TRY_CAST(interface_id AS integer)) AS ints, count(TRY_CAST(srcaddr AS ipaddress)) AS ips
FROM vpc_flow_logs;
-- expect:
ints,ips
0,13
-- end

-- case: COALESCE takes the first non-NULL argument
SELECT COALESCE(bytes, 0) AS b, COALESCE(NULL, action, 'none') AS a, COALESCE(srcaddr, dstaddr, interface_id) AS who
FROM vpc_flow_logs WHERE interface_id IN ('eni-0d4', 'eni-0c3') ORDER BY b, who;
-- expect:
b,a,who
0,none,eni-0d4
300,ACCEPT,2001:db8::1
1000,ACCEPT,10.0.1.5
1000,ACCEPT,10.0.1.5
9000,ACCEPT,10.0.1.5
-- end

-- case: COALESCE of NULLs is NULL, and widens integer to bigint
SELECT COALESCE(NULL, NULL) AS a, COALESCE(srcport, bytes) AS b FROM vpc_flow_logs WHERE srcport = 443;
-- expect:
a,b
,443
-- end

-- case: NULLIF
SELECT NULLIF(dstport, 22) AS p, NULLIF('a', 'b') AS q, NULLIF(NULL, 1) AS r FROM vpc_flow_logs
WHERE interface_id = 'eni-0b2' ORDER BY srcport;
-- expect:
p,q,r
,a,
,a,
,a,
3389,a,
,a,
-- end

-- case: NULLIF avoids division by zero
SELECT bytes / NULLIF(packets - packets, 0) AS x FROM vpc_flow_logs WHERE srcport = 443;
-- expect:
x

-- end

-- case: IF with two and three arguments
SELECT srcport, IF(dstport = 22, 'ssh', 'other') AS a, IF(bytes > 60, bytes) AS b, IF(NULL, 1, 2) AS c
FROM vpc_flow_logs WHERE interface_id = 'eni-0b2' ORDER BY srcport;
-- expect:
srcport,a,b,c
40000,ssh,,2
51515,ssh,,2
51516,ssh,,2
51517,other,,2
51600,ssh,,2
-- end

-- case: IF does not evaluate the branch it does not take
SELECT IF(packets > 0, bytes / packets, 0) AS per FROM vpc_flow_logs WHERE srcport = 443;
-- expect:
per
1500
-- end

-- case: boolean literals and NOT
SELECT TRUE AS t, FALSE AS f, NOT TRUE AS nt, NOT NOT FALSE AS nnf, TRUE AND NOT FALSE AS x;
-- expect:
t,f,nt,nnf,x
true,false,false,false,true
-- end

-- case: string literals with quotes and unicode
SELECT 'it''s' AS a, length('héllo') AS b, '' AS c, upper('abc') AS d;
-- expect:
a,b,c,d
it's,5,,ABC
-- end

-- case: typed literals
SELECT DATE '2026-02-13' AS d, TIMESTAMP '2026-02-13 01:02:03' AS ts, TIMESTAMP '2026-02-13 01:02:03.456' AS ms,
       IPADDRESS '10.0.0.1' AS ip;
-- expect:
d,ts,ms,ip
2026-02-13,2026-02-13 01:02:03.000,2026-02-13 01:02:03.456,10.0.0.1
-- end

-- case: interval arithmetic on timestamps and dates
SELECT TIMESTAMP '2026-02-13 23:00:00' + INTERVAL '2' HOUR AS a, DATE '2026-02-13' - INTERVAL '1' DAY AS b,
       TIMESTAMP '2026-01-31 00:00:00' + INTERVAL '1' MONTH AS c, DATE '2026-02-13' + INTERVAL '1' YEAR AS d;
-- expect:
a,b,c,d
2026-02-14 01:00:00.000,2026-02-12,2026-02-28 00:00:00.000,2027-02-13
-- end

-- case: subtracting timestamps gives an interval
SELECT TIMESTAMP '2026-02-14 01:00:00' - TIMESTAMP '2026-02-13 00:00:00' AS d;
-- expect:
d
1 01:00:00.000
-- end
