-- Date and time functions.  flowq works in UTC; the runner pins now() with
-- --now 2026-02-14T00:00:00Z.  start 1770940800 is 2026-02-13 00:00:00 UTC
-- (a Friday), 1771027200 is 2026-02-14 00:00:00 (a Saturday).

-- case: from_unixtime turns seconds into a timestamp
SELECT srcport, from_unixtime(start) AS t0, from_unixtime("end") AS t1 FROM vpc_flow_logs
WHERE interface_id = 'eni-0b2' ORDER BY start;
-- expect:
srcport,t0,t1
51515,2026-02-13 00:00:01.000,2026-02-13 00:01:01.000
51516,2026-02-13 00:00:02.000,2026-02-13 00:01:02.000
51517,2026-02-13 00:00:03.000,2026-02-13 00:01:03.000
40000,2026-02-13 00:00:04.000,2026-02-13 00:01:04.000
51600,2026-02-14 00:00:01.000,2026-02-14 00:01:01.000
-- end

-- case: from_unixtime keeps milliseconds of a double, and accepts the UTC zone
SELECT from_unixtime(1770940800.5e0) AS a, from_unixtime(1770940800.25e0) AS b, from_unixtime(0) AS epoch,
       from_unixtime(1770940800, 'UTC') AS z;
-- expect:
a,b,epoch,z
2026-02-13 00:00:00.500,2026-02-13 00:00:00.250,1970-01-01 00:00:00.000,2026-02-13 00:00:00.000
-- end

-- case: to_unixtime gives seconds as a double
SELECT to_unixtime(from_unixtime(start)) AS secs, CAST(to_unixtime(from_unixtime(start)) AS bigint) = start AS same,
       to_unixtime(TIMESTAMP '1970-01-01 00:00:01.5') AS x
FROM vpc_flow_logs WHERE srcport = 49152;
-- expect:
secs,same,x
1.7709408E9,true,1.5
-- end

-- case: to_iso8601 of from_unixtime and of a date
SELECT to_iso8601(from_unixtime(start)) AS ts, to_iso8601(CAST(from_unixtime(start) AS date)) AS d
FROM vpc_flow_logs WHERE srcport = 51600;
-- expect:
ts,d
2026-02-14T00:00:01.000Z,2026-02-14
-- end

-- case: date_trunc to each unit
SELECT date_trunc('second', t) AS s, date_trunc('minute', t) AS mi, date_trunc('hour', t) AS h, date_trunc('day', t) AS d
FROM (SELECT from_unixtime(1770958865.5e0) AS t);
-- expect:
s,mi,h,d
2026-02-13 05:01:05.000,2026-02-13 05:01:00.000,2026-02-13 05:00:00.000,2026-02-13 00:00:00.000
-- end

-- case: date_trunc to week (Monday), month, quarter and year
SELECT date_trunc('week', t) AS w, date_trunc('month', t) AS m, date_trunc('quarter', t) AS q, date_trunc('year', t) AS y
FROM (SELECT from_unixtime(1771027200) AS t);
-- expect:
w,m,q,y
2026-02-09 00:00:00.000,2026-02-01 00:00:00.000,2026-01-01 00:00:00.000,2026-01-01 00:00:00.000
-- end

-- case: date_trunc of a date stays a date
SELECT date_trunc('month', DATE '2026-02-13') AS m, date_trunc('week', DATE '2026-02-15') AS w, date_trunc('year', DATE '2026-12-31') AS y;
-- expect:
m,w,y
2026-02-01,2026-02-09,2026-01-01
-- end

-- case: bytes per hour with date_trunc(from_unixtime(start))
-- data: parts
SELECT date_trunc('hour', from_unixtime(start)) AS hour_start, sum(bytes) AS b, count(*) AS n FROM vpc_flow_logs
GROUP BY 1 ORDER BY 1;
-- expect:
hour_start,b,n
2026-02-12 23:00:00.000,300,2
2026-02-13 05:00:00.000,1200,2
2026-02-13 17:00:00.000,4800,2
2026-02-14 07:00:00.000,19200,2
-- end

-- case: bytes per day with date_trunc
SELECT date_trunc('day', from_unixtime(start)) AS d, sum(bytes) AS b FROM vpc_flow_logs GROUP BY 1 ORDER BY 1;
-- expect:
d,b
2026-02-13 00:00:00.000,29540
2026-02-14 00:00:00.000,702060
-- end

-- case: date_format with MySQL specifiers
SELECT date_format(t, '%Y-%m-%d %H:%i:%s') AS a, date_format(t, '%a %W %b %M') AS b, date_format(t, '%e %j %p %T') AS c,
       date_format(t, '%y %h %I %k %l %c %d %f %%') AS d
FROM (SELECT from_unixtime(1770958805) AS t);
-- expect:
a,b,c,d
2026-02-13 05:00:05,Fri Friday Feb February,13 044 AM 05:00:05,26 05 05 5 5 2 13 000000 %
-- end

-- case: date_format for an hourly key
-- data: parts
SELECT date_format(from_unixtime(start), '%Y-%m-%d %H:00') AS hr, count(*) AS n FROM vpc_flow_logs GROUP BY 1 ORDER BY 1;
-- expect:
hr,n
2026-02-12 23:00,2
2026-02-13 05:00,2
2026-02-13 17:00,2
2026-02-14 07:00,2
-- end

-- case: date_parse reads a dt partition
SELECT DISTINCT dt, date_parse(dt, '%Y/%m/%d') AS day FROM vpc_flow_logs ORDER BY dt;
-- expect:
dt,day
2026/02/13,2026-02-13 00:00:00.000
2026/02/14,2026-02-14 00:00:00.000
-- end

-- case: date_add to timestamps and dates
SELECT date_add('minute', 90, t) AS a, date_add('second', -1, t) AS b, date_add('hour', 24, t) AS c,
       date_add('day', 1, DATE '2026-02-28') AS d, date_add('month', 1, DATE '2026-01-31') AS e,
       date_add('year', -1, t) AS f, date_add('week', 1, DATE '2026-02-13') AS g
FROM (SELECT from_unixtime(1770940800) AS t);
-- expect:
a,b,c,d,e,f,g
2026-02-13 01:30:00.000,2026-02-12 23:59:59.000,2026-02-14 00:00:00.000,2026-03-01,2026-02-28,2025-02-13 00:00:00.000,2026-02-20
-- end

-- case: date_diff counts whole units, negative backwards (Jan 31 to Feb 28 is a month, as in Joda-Time)
SELECT date_diff('second', from_unixtime(start), from_unixtime("end")) AS secs,
       date_diff('minute', from_unixtime(start), from_unixtime("end" - 1)) AS mins,
       date_diff('day', DATE '2026-02-14', DATE '2026-02-01') AS days,
       date_diff('month', DATE '2026-01-31', DATE '2026-02-28') AS months,
       date_diff('hour', from_unixtime(start), now()) AS hours_ago
FROM vpc_flow_logs WHERE srcport = 40000;
-- expect:
secs,mins,days,months,hours_ago
60,0,-13,1,23
-- end

-- case: year, month, day, hour, minute, second
-- data: parts
SELECT year(t) AS y, month(t) AS m, day(t) AS d, hour(t) AS h, minute(t) AS mi, second(t) AS s
FROM (SELECT from_unixtime(start + 65) AS t FROM vpc_flow_logs WHERE bytes = 800);
-- expect:
y,m,d,h,mi,s
2026,2,13,5,1,6
-- end

-- case: day_of_week is ISO: Monday 1 .. Sunday 7, and friends
SELECT day_of_week(DATE '2026-02-13') AS fri, day_of_week(DATE '2026-02-15') AS sun, dow(DATE '2026-02-16') AS mon,
       day_of_year(DATE '2026-02-13') AS doy, week(DATE '2026-02-13') AS wk, quarter(DATE '2026-02-13') AS q,
       day_of_month(DATE '2026-02-13') AS dom;
-- expect:
fri,sun,mon,doy,wk,q,dom
5,7,1,44,7,1,13
-- end

-- case: field functions over a column, grouped
-- data: parts
SELECT day_of_week(from_unixtime(start)) AS dow, hour(from_unixtime(start)) AS h, count(*) AS n FROM vpc_flow_logs
GROUP BY 1, 2 ORDER BY 1, 2;
-- expect:
dow,h,n
4,23,2
5,5,2
5,17,2
6,7,2
-- end

-- case: current_date and now() come from --now
SELECT current_date AS d, now() AS n, current_timestamp AS ts, current_date - INTERVAL '1' DAY AS yesterday;
-- expect:
d,n,ts,yesterday
2026-02-14,2026-02-14 00:00:00.000,2026-02-14 00:00:00.000,2026-02-13
-- end

-- case: --now given on the command line wins
-- args: --now 2026-03-01T12:30:00Z
SELECT current_date AS d, now() AS n;
-- expect:
d,n
2026-03-01,2026-03-01 12:30:00.000
-- end

-- case: the last day relative to now()
SELECT count(*) AS n FROM vpc_flow_logs WHERE from_unixtime(start) > now() - INTERVAL '1' DAY;
-- expect:
n
11
-- end

-- case: a timestamp compared with a date
SELECT count(*) AS today, count_if(from_unixtime(start) < current_date) AS before FROM vpc_flow_logs
WHERE from_unixtime(start) >= current_date OR start < 1770940802;
-- expect:
today,before
8,4
-- end

-- case: timestamps compared with timestamp literals and BETWEEN
SELECT count(*) AS n FROM vpc_flow_logs
WHERE from_unixtime(start) BETWEEN TIMESTAMP '2026-02-13 00:00:02' AND TIMESTAMP '2026-02-13 00:00:05';
-- expect:
n
4
-- end

-- case: date() of a timestamp, compared with a date literal
SELECT date(from_unixtime(start)) AS d, count(*) AS n FROM vpc_flow_logs WHERE date(from_unixtime(start)) = DATE '2026-02-14'
GROUP BY 1;
-- expect:
d,n
2026-02-14,4
-- end

-- case: interval literals in day-to-second units
SELECT from_unixtime(start) + INTERVAL '90' MINUTE AS a, from_unixtime(start) - INTERVAL '30' SECOND AS b
FROM vpc_flow_logs WHERE srcport = 49152;
-- expect:
a,b
2026-02-13 01:30:00.000,2026-02-12 23:59:30.000
-- end
