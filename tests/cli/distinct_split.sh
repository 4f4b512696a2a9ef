#!/bin/sh
# distinct_split.sh - a GROUP BY whose aggregates are count(DISTINCT x) of
# one x, with counts, sums, min and max beside them, runs as two groupings:
# the distinct (keys, x) pairs on the threads with those aggregates per
# pair, then count(x) per key and the pairs' aggregates combined.  Every answer must equal the one of a set
# of values per group (FLOWQ_NO_DISTINCT_SPLIT=1), on 1 and 3 threads, with
# NULL arguments and keys, IPv6 addresses, HAVING, ORDER BY ... LIMIT,
# expressions, partitions and a CTE as the source.
. "$(dirname "$0")/lib.sh"

$FLOWQ generate --records 40000 --days 2 --seed 21 "$T/g" 2>/dev/null
expect_status split_data 0 $?
mkdir -p "$T/g/extra"
{
	echo 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'
	for i in 1 2 3 4 5; do
		# a key whose arguments are all NULL counts 0; NULL keys group too
		echo "2 123456789012 eni-nul 10.9.9.9 10.8.8.$i - - - 1 - 1700000000 1700000060 ACCEPT OK"
		echo "2 123456789012 eni-v6 2001:db8::$i 2001:db8::1 1 $i 6 1 10 1700000000 1700000060 REJECT OK"
		echo "2 123456789012 eni-v6 2001:db8::$i 2001:db8::1 1 $i 6 1 10 1700000000 1700000060 REJECT OK"
	done
	echo '2 123456789012 eni-1 - - - - - - - 1700000000 1700000060 - NODATA'
} >"$T/g/extra/x.log"

same() { expect_same_as_off "$1" FLOWQ_NO_DISTINCT_SPLIT 3 "$2" "$T/g"; }

# the port scan question: distinct destination ports per source
same ports "SELECT srcaddr, count(DISTINCT dstport) AS n FROM vpc_flow_logs GROUP BY srcaddr ORDER BY n DESC, srcaddr"
same ports_having "SELECT srcaddr, count(DISTINCT dstport) AS n FROM vpc_flow_logs WHERE action = 'REJECT' GROUP BY srcaddr HAVING count(DISTINCT dstport) > 3 ORDER BY n DESC, srcaddr LIMIT 15"
same sources "SELECT interface_id, count(DISTINCT srcaddr) AS n FROM vpc_flow_logs GROUP BY 1"
same bytes "SELECT dstport, count(DISTINCT bytes) AS n FROM vpc_flow_logs GROUP BY dstport ORDER BY 2 DESC, 1 LIMIT 25"
same two_keys "SELECT dt, protocol, count(DISTINCT dstaddr) AS n FROM vpc_flow_logs GROUP BY dt, protocol"
same expr_key "SELECT substr(interface_id, 1, 6) AS p, count(DISTINCT srcport) AS n, count(DISTINCT srcport) * 2 AS m FROM vpc_flow_logs GROUP BY 1 ORDER BY 1"
same expr_arg "SELECT action, count(DISTINCT dstport / 100) AS n FROM vpc_flow_logs GROUP BY action"
same only_having "SELECT srcaddr FROM vpc_flow_logs GROUP BY srcaddr HAVING count(DISTINCT dstaddr) >= 5 ORDER BY 1"
same cte "WITH r AS (SELECT srcaddr, dstport FROM vpc_flow_logs WHERE action = 'REJECT') SELECT srcaddr, count(DISTINCT dstport) AS n FROM r GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10"
same select_distinct "SELECT DISTINCT count(DISTINCT dstport) AS n FROM vpc_flow_logs GROUP BY srcaddr ORDER BY 1"
# with other aggregates, combined from the pairs'
same with_count "SELECT srcaddr, count(DISTINCT dstport) AS ports, count(*) AS attempts FROM vpc_flow_logs WHERE action = 'REJECT' GROUP BY srcaddr ORDER BY ports DESC, srcaddr LIMIT 20"
same with_all "SELECT interface_id, count(DISTINCT srcaddr) AS n, count(*) AS c, count(bytes) AS cb, count_if(action = 'REJECT') AS r, sum(bytes) AS b, min(start) AS f, max(\"end\") AS l, min(srcaddr) AS lo, max(dstaddr) AS hi FROM vpc_flow_logs GROUP BY 1 ORDER BY 1"
same with_filter "SELECT srcaddr, count(DISTINCT dstaddr) AS n, count(*) FILTER (WHERE dstport < 1024) AS low, sum(packets) FILTER (WHERE action = 'ACCEPT') AS p FROM vpc_flow_logs GROUP BY srcaddr HAVING count(*) > 2 ORDER BY n DESC, srcaddr LIMIT 30"
same with_null_sums "SELECT dstport, count(DISTINCT srcaddr) AS n, sum(bytes) AS b, max(bytes) AS m FROM vpc_flow_logs WHERE srcaddr LIKE '10.9.%' OR dstport IS NULL GROUP BY dstport ORDER BY 1"

# the port scan answer by hand: distinct pairs counted with sort and uniq
$FLOWQ query --format csv "SELECT srcaddr, count(DISTINCT dstport) AS n FROM vpc_flow_logs WHERE srcaddr IS NOT NULL GROUP BY srcaddr ORDER BY srcaddr" "$T/g" 2>/dev/null | tail -n +2 >"$T/ports.flowq"
$FLOWQ cat --format csv --columns srcaddr,dstport "$T/g" 2>/dev/null | tail -n +2 | sort -u |
	awk -F, '$1 != "" { n[$1] += ($2 != "") } END { for (k in n) print k "," n[k] }' | LC_ALL=C sort >"$T/ports.awk"
LC_ALL=C sort "$T/ports.flowq" >"$T/ports.flowq.sorted"
expect_file ports_by_hand "$T/ports.flowq.sorted" "$T/ports.awk"

# EXPLAIN says when it applies, and not with another aggregate, two
# different arguments, a FILTER or no keys
explain() {
	$FLOWQ query "EXPLAIN $1" "$T/g" >"$T/explain" 2>&1
	grep -q '^Aggregate' "$T/explain" || { echo "no plan"; return; }
	grep -c 'in two groupings' "$T/explain"
}
expect_eq explain_split "$(explain "SELECT srcaddr, count(DISTINCT dstport) FROM vpc_flow_logs GROUP BY 1")" 1
expect_eq explain_with_count "$(explain "SELECT srcaddr, count(DISTINCT dstport), count(*) FROM vpc_flow_logs GROUP BY 1")" 1
expect_eq explain_other_agg "$(explain "SELECT srcaddr, count(DISTINCT dstport), avg(bytes) FROM vpc_flow_logs GROUP BY 1")" 0
expect_eq explain_two_args "$(explain "SELECT srcaddr, count(DISTINCT dstport), count(DISTINCT dstaddr) FROM vpc_flow_logs GROUP BY 1")" 0
expect_eq explain_filter "$(explain "SELECT srcaddr, count(DISTINCT dstport) FILTER (WHERE action = 'ACCEPT') FROM vpc_flow_logs GROUP BY 1")" 0
expect_eq explain_global "$(explain "SELECT count(DISTINCT dstport) FROM vpc_flow_logs")" 0
