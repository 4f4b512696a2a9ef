#!/bin/sh
# packed_agg.sh - GROUP BY one or two integer or address keys with counts
# and sums keeps its groups in a table of packed 64-bit keys (agg.c,
# fx_*); keys that do not pack (NULL, IPv6, integers past 32 bits, the
# all-ones key that marks a free slot) go to the general hash table.  Every
# answer must equal the general path's (FLOWQ_NO_PACKED_AGG=1), on 1 and 3
# threads, and the hand-made edge cases must give the values written below.
. "$(dirname "$0")/lib.sh"

$FLOWQ generate --records 120000 --days 1 --seed 5 "$T/g" 2>/dev/null
expect_status packed_data 0 $?

run() {
	expect_same_as_off "$1" FLOWQ_NO_PACKED_AGG 3 "$2" "$3"
}

# the guide's first two questions, and a sum over all rows per port
run talkers "SELECT srcaddr, dstaddr, SUM(bytes) AS total_bytes FROM vpc_flow_logs GROUP BY srcaddr, dstaddr ORDER BY total_bytes DESC, srcaddr, dstaddr LIMIT 200" "$T/g"
run rejects "SELECT srcaddr, dstport, COUNT(*) AS n FROM vpc_flow_logs WHERE action = 'REJECT' GROUP BY srcaddr, dstport ORDER BY n DESC, srcaddr, dstport" "$T/g"
run ports "SELECT dstport, count(*), count(srcport), count_if(action = 'REJECT'), sum(packets), sum(bytes * 0.5) FROM vpc_flow_logs GROUP BY dstport ORDER BY dstport" "$T/g"
# every group, in no particular order asked for (the engine orders them)
run all_pairs "SELECT srcaddr, dstaddr, count(*) FROM vpc_flow_logs GROUP BY 1, 2" "$T/g"
# negative integers; bigints some past 32 bits (those hashed); an integer
# and an address together
run negative "SELECT srcport - 40000 AS p, protocol, sum(bytes) FROM vpc_flow_logs GROUP BY 1, 2 ORDER BY 1, 2" "$T/g"
run wide "SELECT bytes * 3000 AS b, count(*) FROM vpc_flow_logs GROUP BY 1 ORDER BY 1" "$T/g"
run mixed "SELECT dstport, dstaddr, sum(packets) FROM vpc_flow_logs GROUP BY dstport, dstaddr HAVING sum(packets) > 10 ORDER BY 3 DESC, 1, 2" "$T/g"

# hand-made edge cases: the free-slot key (255.255.255.255 twice), a group
# whose sums are all NULL, IPv6 and NULL keys (NODATA), a sum at the bigint
# limit
mkdir -p "$T/e"
cat >"$T/e/a.log" <<'LOG'
version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
2 123456789012 eni-1 255.255.255.255 255.255.255.255 1 2 6 1 100 1700000000 1700000060 ACCEPT OK
2 123456789012 eni-1 255.255.255.255 255.255.255.255 1 2 6 1 50 1700000000 1700000060 ACCEPT OK
2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 - 1700000000 1700000060 ACCEPT OK
2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 - 1700000000 1700000060 REJECT OK
2 123456789012 eni-1 10.0.0.1 10.0.0.3 1 2 6 1 7 1700000000 1700000060 REJECT OK
2 123456789012 eni-1 2001:db8::1 10.0.0.3 1 2 6 1 9 1700000000 1700000060 REJECT OK
2 123456789012 eni-1 0.0.0.0 0.0.0.0 0 0 0 1 9223372036854775807 1700000000 1700000060 REJECT OK
2 123456789012 eni-1 - - - - - - - 1700000000 1700000060 - NODATA
LOG
EDGE="SELECT srcaddr, dstaddr, sum(bytes) s, count(*) c, count(bytes) cb, count_if(action = 'REJECT') r FROM vpc_flow_logs GROUP BY 1, 2 ORDER BY 1, 2"
$FLOWQ query --format csv "$EDGE" "$T/e" >"$T/edge" 2>"$T/err"
expect_status edge_runs 0 $?
cat >"$T/edge.want" <<'CSV'
srcaddr,dstaddr,s,c,cb,r
0.0.0.0,0.0.0.0,9223372036854775807,1,1,1
10.0.0.1,10.0.0.2,,2,0,1
10.0.0.1,10.0.0.3,7,1,1,1
2001:db8::1,10.0.0.3,9,1,1,1
255.255.255.255,255.255.255.255,150,2,2,0
,,,1,0,0
CSV
expect_file edge_values "$T/edge" "$T/edge.want"
run edge "$EDGE" "$T/e"
# -1 as an integer key is all ones too
run minus_one "SELECT srcport - 2 AS k, dstport - 3 AS j, count(*) FROM vpc_flow_logs GROUP BY 1, 2 ORDER BY 1, 2" "$T/e"

# a sum past the bigint range is an error in the table and when per-thread
# tables merge (the two halves are in different files, one per thread)
mkdir -p "$T/o"
head -1 "$T/e/a.log" >"$T/o/1.log"
grep ' 0.0.0.0 ' "$T/e/a.log" >>"$T/o/1.log"
cp "$T/o/1.log" "$T/o/2.log"
for th in 1 2; do
	for off in 0 1; do
		FLOWQ_NO_PACKED_AGG=$off $FLOWQ query --threads $th "SELECT srcaddr, sum(bytes) FROM vpc_flow_logs GROUP BY srcaddr" "$T/o" >/dev/null 2>"$T/err"
		expect_status "overflow_${th}_$off" 1 $?
		expect_grep "overflow_message_${th}_$off" "bigint addition overflow in sum()" "$T/err"
	done
done

# EXPLAIN names the path; aggregates other than counts and sums keep the
# general table
$FLOWQ query "EXPLAIN SELECT srcaddr, dstaddr, sum(bytes) FROM vpc_flow_logs GROUP BY 1, 2" "$T/g" >"$T/explain" 2>&1
expect_grep explain_packed "Aggregate (hash; keys packed in 64 bits where they fit" "$T/explain"
$FLOWQ query "EXPLAIN SELECT srcaddr, max(bytes) FROM vpc_flow_logs GROUP BY 1" "$T/g" >"$T/explain" 2>&1
expect_grep explain_max_general "Aggregate (hash, per-thread tables merged)" "$T/explain"
$FLOWQ query "EXPLAIN SELECT action, count(*) FROM vpc_flow_logs GROUP BY 1" "$T/g" >"$T/explain" 2>&1
expect_grep explain_text_general "Aggregate (hash, per-thread tables merged)" "$T/explain"

# the packed tables count toward --max-memory
$FLOWQ query --threads 2 --max-memory 2MB "SELECT srcaddr, dstaddr, srcport, count(*) FROM vpc_flow_logs GROUP BY 1, 2, 3" "$T/g" >/dev/null 2>"$T/err"
expect_status memory_limit_general 5 $?
$FLOWQ query --threads 2 --max-memory 1MB "SELECT srcport, dstport, sum(bytes) FROM vpc_flow_logs GROUP BY 1, 2" "$T/g" >/dev/null 2>"$T/err"
expect_status memory_limit_packed 5 $?
expect_grep memory_message "memory limit exceeded in the aggregation" "$T/err"
