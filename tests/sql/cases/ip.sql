-- Addresses: CAST(x AS IPADDRESS), IPADDRESS literals, contains(cidr, ip)
-- for IPv4 and IPv6.  Addresses are varchar columns (they sort as text);
-- IPADDRESS values compare by value, IPv4 as IPv4-mapped IPv6.
-- Data: `small` (10.0.x.x, 203.0.113.7, 198.51.100.3, 192.0.2.44 and
-- 2001:db8::1 -> 2001:db8::2) and `v5` (2600:1f18::10 -> 2600:1f18::20).

-- case: CAST to IPADDRESS prints the canonical form
SELECT CAST('10.0.0.1' AS IPADDRESS) AS a, CAST('::ffff:10.0.0.1' AS IPADDRESS) AS b,
       CAST('2001:DB8:0:0:0:0:0:1' AS IPADDRESS) AS c, CAST('2001:db8:0:0:1:0:0:1' AS IPADDRESS) AS d,
       CAST('::' AS IPADDRESS) AS e, CAST(CAST('10.0.0.1' AS IPADDRESS) AS varchar) AS f;
-- expect:
a,b,c,d,e,f
10.0.0.1,10.0.0.1,2001:db8::1,2001:db8::1:0:0:1,::,10.0.0.1
-- end

-- case: IPADDRESS values compare by value (16 bytes, IPv4 as ::ffff:a.b.c.d), text compares by bytes
SELECT IPADDRESS '9.0.0.1' < IPADDRESS '10.0.0.0' AS by_value, '9.0.0.1' < '10.0.0.0' AS by_text,
       IPADDRESS '10.0.0.1' = IPADDRESS '::ffff:10.0.0.1' AS mapped, IPADDRESS '255.255.255.255' < IPADDRESS '2001:db8::' AS v4_below,
       IPADDRESS '::1' < IPADDRESS '0.0.0.0' AS low_v6_below;
-- expect:
by_value,by_text,mapped,v4_below,low_v6_below
true,false,true,true,true
-- end

-- case: a bad address is an error
SELECT CAST('10.0.0.256' AS IPADDRESS);
-- error:
flowq: query failed: Cannot cast value to IPADDRESS: 10.0.0.256
  line 1: SELECT CAST('10.0.0.256' AS IPADDRESS);
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: leading zeros are not an address (Java's InetAddresses)
SELECT TRY_CAST('10.0.0.01' AS IPADDRESS) AS a, TRY_CAST('1.2.3' AS IPADDRESS) AS b, TRY_CAST('' AS IPADDRESS) AS c;
-- expect:
a,b,c
,,
-- end

-- case: CAST of the address columns
SELECT CAST(srcaddr AS IPADDRESS) AS src, CAST(dstaddr AS IPADDRESS) AS dst FROM vpc_flow_logs
WHERE srcport IN (5353, 40003) ORDER BY srcport;
-- expect:
src,dst
2001:db8::1,2001:db8::2
10.0.1.5,192.0.2.44
-- end

-- case: contains with IPv4 networks
SELECT contains('10.0.0.0/8', IPADDRESS '10.255.255.255') AS a, contains('10.0.0.0/16', IPADDRESS '10.1.0.1') AS b,
       contains('0.0.0.0/0', IPADDRESS '1.2.3.4') AS c, contains('10.0.0.1/32', IPADDRESS '10.0.0.1') AS d,
       contains('192.168.0.0/16', IPADDRESS '192.169.0.1') AS e;
-- expect:
a,b,c,d,e
true,false,true,true,false
-- end

-- case: contains with IPv6 networks
SELECT contains('2001:db8::/32', IPADDRESS '2001:db8::1') AS a, contains('2001:db8::/32', IPADDRESS '2001:db9::1') AS b,
       contains('::/0', IPADDRESS '2001::1') AS c, contains('2600:1f18::/32', IPADDRESS '2600:1f18:0:0:ffff::1') AS d,
       contains('::1/128', IPADDRESS '::1') AS e;
-- expect:
a,b,c,d,e
true,false,true,true,true
-- end

-- case: IPv4-mapped addresses count as IPv4 on both sides
SELECT contains('::ffff:7f00:0001/32', IPADDRESS '127.0.0.1') AS a, contains('127.0.0.1/32', IPADDRESS '::ffff:7f00:0001') AS b;
-- expect:
a,b
true,true
-- end

-- case: contains of NULL is NULL
SELECT contains('10.0.0.0/8', CAST(NULL AS IPADDRESS)) AS a, contains(NULL, IPADDRESS '10.0.0.1') AS b;
-- expect:
a,b
,
-- end

-- case: contains over the IPv4 rows of a column
SELECT srcaddr, count(*) AS n FROM vpc_flow_logs
WHERE strpos(srcaddr, '.') > 0 AND contains('10.0.0.0/16', CAST(srcaddr AS IPADDRESS))
GROUP BY srcaddr ORDER BY srcaddr;
-- expect:
srcaddr,n
10.0.1.5,6
10.0.2.9,1
-- end

-- case: contains over the IPv6 rows of a column
SELECT srcaddr, dstaddr FROM vpc_flow_logs
WHERE strpos(dstaddr, ':') > 0 AND contains('2001:db8::/32', CAST(dstaddr AS IPADDRESS));
-- expect:
srcaddr,dstaddr
2001:db8::1,2001:db8::2
-- end

-- case: IPv6 traffic in a v5 file, by its type field
-- data: v5
SELECT type, count(*) AS n, sum(bytes) AS b FROM vpc_flow_logs WHERE type IS NOT NULL GROUP BY type ORDER BY type;
-- expect:
type,n,b
IPv4,4,26044
IPv6,1,200
-- end

-- case: contains on an IPv6 column of a v5 file
-- data: v5
SELECT interface_id FROM vpc_flow_logs
WHERE type = 'IPv6' AND contains('2600:1f18::/32', CAST(pkt_srcaddr AS IPADDRESS));
-- expect:
interface_id
eni-4
-- end

-- case: traffic leaving the private ranges (RFC 1918) on IPv4 rows
SELECT dstaddr, sum(bytes) AS b FROM vpc_flow_logs
WHERE strpos(dstaddr, '.') > 0
  AND NOT (contains('10.0.0.0/8', CAST(dstaddr AS IPADDRESS)) OR contains('172.16.0.0/12', CAST(dstaddr AS IPADDRESS))
           OR contains('192.168.0.0/16', CAST(dstaddr AS IPADDRESS)))
GROUP BY dstaddr;
-- expect:
dstaddr,b
192.0.2.44,1000
-- end

-- case: a CIDR with host bits set is an error at bind time
SELECT contains('10.1.0.0/8', CAST(srcaddr AS IPADDRESS)) FROM vpc_flow_logs;
-- error:
flowq: SQL error: Invalid CIDR
  line 1: SELECT contains('10.1.0.0/8', CAST(srcaddr AS IPADDRESS)) FROM vpc_flow_logs;
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a CIDR without a prefix length is an error
SELECT contains('10.0.0.0', IPADDRESS '10.0.0.1');
-- error:
flowq: SQL error: Invalid CIDR
  line 1: SELECT contains('10.0.0.0', IPADDRESS '10.0.0.1');
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a prefix longer than the address is an error
SELECT contains('10.0.0.0/33', IPADDRESS '10.0.0.1');
-- error:
flowq: SQL error: Prefix length exceeds address length
  line 1: SELECT contains('10.0.0.0/33', IPADDRESS '10.0.0.1');
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: a bad network address is an error
SELECT contains('x.x.x.x/1', IPADDRESS '10.0.0.1');
-- error:
flowq: SQL error: Invalid network IP address
  line 1: SELECT contains('x.x.x.x/1', IPADDRESS '10.0.0.1');
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end

-- case: contains needs an IPADDRESS, not a varchar
SELECT contains('10.0.0.0/16', srcaddr) FROM vpc_flow_logs;
-- error:
flowq: SQL error: Unexpected parameters (varchar, varchar) for function contains. Expected: contains(varchar, ipaddress)
  line 1: SELECT contains('10.0.0.0/16', srcaddr) FROM vpc_flow_logs;
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
-- end
