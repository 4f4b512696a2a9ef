#!/bin/sh
# top_agg.sh - ORDER BY an aggregate ... LIMIT: each partition of the
# aggregation finishes only the groups that can be among the first
# offset+limit (agg_finish_top; ties at the bound and NULLs kept), packed
# groups and those of the general table alike.  The
# rows must be those of the same query without the LIMIT, cut afterwards,
# and those of the general hash table (FLOWQ_NO_PACKED_AGG=1, no cut), on
# 1 and 3 threads.
. "$(dirname "$0")/lib.sh"

$FLOWQ generate --records 60000 --days 1 --seed 11 "$T/g" 2>/dev/null
expect_status top_data 0 $?
# NULL sums (NODATA and '-' bytes), IPv6 groups (the general table), ties
mkdir -p "$T/g/extra"
{
	echo 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'
	for i in 1 2 3 4 5 6; do
		echo "2 123456789012 eni-1 10.9.9.$i 10.8.8.8 1 2 6 1 - 1700000000 1700000060 ACCEPT OK"
		echo "2 123456789012 eni-1 2001:db8::$i 10.8.8.8 1 2 6 1 999999999 1700000000 1700000060 REJECT OK"
		echo "2 123456789012 eni-1 2001:db8::$i 10.8.8.8 1 2 6 1 0 1700000000 1700000060 REJECT OK"
	done
	echo '2 123456789012 eni-1 - - - - - - - 1700000000 1700000060 - NODATA'
} >"$T/g/extra/x.log"

# check NAME LIMIT OFFSET SQL-WITHOUT-LIMIT
check() { expect_cut "$1" FLOWQ_NO_PACKED_AGG "$2" "$3" "$4" "$T/g"; }

check talkers 20 0 "SELECT srcaddr, dstaddr, SUM(bytes) AS b FROM vpc_flow_logs GROUP BY 1, 2 ORDER BY b DESC, srcaddr, dstaddr"
check talkers_asc 15 7 "SELECT srcaddr, dstaddr, SUM(bytes) AS b FROM vpc_flow_logs GROUP BY 1, 2 ORDER BY b, srcaddr, dstaddr"
check nulls_first 10 0 "SELECT srcaddr, SUM(bytes) AS b FROM vpc_flow_logs GROUP BY 1 ORDER BY b DESC NULLS FIRST, srcaddr"
check nulls_asc 10 3 "SELECT srcaddr, SUM(bytes) AS b FROM vpc_flow_logs GROUP BY 1 ORDER BY b ASC NULLS FIRST, srcaddr"
# counts: many ties at the bound
check port_counts 5 0 "SELECT dstport, COUNT(*) AS c FROM vpc_flow_logs GROUP BY dstport ORDER BY c DESC, dstport"
check rejects 12 4 "SELECT srcaddr, count_if(action = 'REJECT') AS r, count(*) AS n FROM vpc_flow_logs GROUP BY srcaddr ORDER BY r DESC, n, srcaddr"
# the sort key is the second aggregate, hidden from the output
check hidden 9 0 "SELECT srcaddr, dstport, count(*) AS c FROM vpc_flow_logs GROUP BY 1, 2 ORDER BY sum(packets) DESC, 1, 2"
# the general table: five keys, an IPv6 address, min/max
check five_tuple 10 0 "SELECT srcaddr, dstaddr, srcport, dstport, protocol, sum(bytes) AS b FROM vpc_flow_logs GROUP BY 1, 2, 3, 4, 5 ORDER BY b DESC, 1, 2, 3, 4"
check five_tuple_asc 8 5 "SELECT srcaddr, dstaddr, srcport, dstport, protocol, sum(bytes) AS b FROM vpc_flow_logs GROUP BY 1, 2, 3, 4, 5 ORDER BY b ASC NULLS FIRST, 1, 2, 3, 4"
check general_max 10 0 "SELECT interface_id, max(bytes) AS m, min(start) AS s FROM vpc_flow_logs GROUP BY 1 ORDER BY m DESC, 1"
check general_count 6 2 "SELECT srcaddr, dstport, count(*) AS c, max(packets) AS p FROM vpc_flow_logs GROUP BY 1, 2 ORDER BY c DESC, 1, 2"
# a limit past the groups: nothing cut
check all 100000 0 "SELECT srcaddr, SUM(bytes) AS b FROM vpc_flow_logs GROUP BY 1 ORDER BY b DESC, srcaddr"
# the guide's top talkers as written (ties broken by the engine alone)
expect_same_as_off guide FLOWQ_NO_PACKED_AGG 3 "SELECT srcaddr, dstaddr, SUM(bytes) as total_bytes FROM vpc_flow_logs GROUP BY srcaddr, dstaddr ORDER BY total_bytes DESC LIMIT 20" "$T/g"
# EXPLAIN says when the cut applies, and not without a LIMIT or with HAVING
$FLOWQ query "EXPLAIN SELECT srcaddr, sum(bytes) AS b FROM vpc_flow_logs GROUP BY 1 ORDER BY b DESC LIMIT 5 OFFSET 2" "$T/g" >"$T/explain" 2>&1
expect_grep explain_top "per-thread tables merged; groups finished only if among the first 7 by sum): keys [srcaddr]" "$T/explain"
$FLOWQ query "EXPLAIN SELECT srcaddr, srcport, dstport, max(bytes) AS m FROM vpc_flow_logs GROUP BY 1, 2, 3 ORDER BY m DESC LIMIT 4" "$T/g" >"$T/explain" 2>&1
expect_grep explain_top_general "Aggregate (hash, per-thread tables merged; groups finished only if among the first 4 by max): keys [srcaddr, srcport, dstport]" "$T/explain"
$FLOWQ query "EXPLAIN SELECT srcaddr, avg(bytes) AS m FROM vpc_flow_logs GROUP BY 1 ORDER BY m DESC LIMIT 4" "$T/g" >"$T/explain" 2>&1
expect_eq explain_not_integer "$(grep -c 'finished only if' "$T/explain")" 0
$FLOWQ query "EXPLAIN SELECT srcaddr, sum(bytes) AS b FROM vpc_flow_logs GROUP BY 1 ORDER BY b DESC" "$T/g" >"$T/explain" 2>&1
expect_eq explain_no_limit "$(grep -c 'finished only if' "$T/explain")" 0
$FLOWQ query "EXPLAIN SELECT srcaddr, sum(bytes) AS b FROM vpc_flow_logs GROUP BY 1 HAVING count(*) > 1 ORDER BY b DESC LIMIT 3" "$T/g" >"$T/explain" 2>&1
expect_eq explain_having "$(grep -c 'finished only if' "$T/explain")" 0
$FLOWQ query "EXPLAIN SELECT srcaddr, sum(bytes) AS b FROM vpc_flow_logs GROUP BY 1 ORDER BY srcaddr LIMIT 3" "$T/g" >"$T/explain" 2>&1
expect_eq explain_key_order "$(grep -c 'finished only if' "$T/explain")" 0
# LIMIT 0: no groups needed (the cut stays off; it once read outside its array)
$FLOWQ query --format csv "SELECT srcport, count(*) c FROM vpc_flow_logs GROUP BY srcport ORDER BY c DESC LIMIT 0" "$T/g" >"$T/zero" 2>"$T/err"
expect_status limit_zero_status 0 $?
expect_eq limit_zero_rows "$(cat "$T/zero")" "srcport,c"
$FLOWQ query --format csv "SELECT srcport, count(*) c FROM vpc_flow_logs GROUP BY srcport ORDER BY c LIMIT 0 OFFSET 3" "$T/g" >"$T/zero" 2>"$T/err"
expect_eq limit_zero_offset_rows "$(cat "$T/zero")" "srcport,c"
