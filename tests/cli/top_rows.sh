#!/bin/sh
# top_rows.sh - ORDER BY ... LIMIT over rows (no aggregation): each thread
# trims its rows to the best offset+limit, and once it holds that many the
# last of them is a bound: rows whose sort keys come after it are dropped
# before their other columns are projected.  The rows must be those of the
# same query without the LIMIT, cut afterwards, and those with the bound
# off (FLOWQ_NO_TOPN_BOUND=1), on 1 and 3 threads.  60,000 records make
# every thread trim several times, with rows appended after each trim.
. "$(dirname "$0")/lib.sh"

$FLOWQ generate --records 60000 --days 1 --seed 5 "$T/g" 2>/dev/null
expect_status top_rows_data 0 $?
# NULL sort keys ('-' bytes, NODATA) and long strings
mkdir -p "$T/g/extra"
{
	echo 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'
	for i in 1 2 3 4 5 6 7 8; do
		echo "2 123456789012 eni-1 10.9.9.$i 10.8.8.8 1 2 6 1 - 1700000000 1700000060 ACCEPT OK"
		echo "2 123456789012 eni-1 2001:db8::$i 10.8.8.8 1 2 6 1 999999999999 1700000000 1700000060 REJECT OK"
	done
	echo '2 123456789012 eni-1 - - - - - - - 1700000000 1700000060 - NODATA'
} >"$T/g/extra/x.log"

# check NAME LIMIT OFFSET SQL-WITHOUT-LIMIT
check() { expect_cut "$1" FLOWQ_NO_TOPN_BOUND "$2" "$3" "$4" "$T/g"; }

# the sort key alone decides: ties between whole rows broken by the engine
check biggest 10 0 "SELECT * FROM vpc_flow_logs ORDER BY bytes DESC"
check biggest_offset 5 40 "SELECT * FROM vpc_flow_logs ORDER BY bytes DESC"
check smallest 25 0 "SELECT srcaddr, dstaddr, bytes FROM vpc_flow_logs ORDER BY bytes"
check nulls_first 12 0 "SELECT srcaddr, dstport, bytes FROM vpc_flow_logs ORDER BY bytes NULLS FIRST, srcaddr"
check desc_nulls_first 12 3 "SELECT srcaddr, dstport, bytes FROM vpc_flow_logs ORDER BY bytes DESC NULLS FIRST"
check two_keys 30 0 "SELECT interface_id, srcaddr, start FROM vpc_flow_logs ORDER BY interface_id DESC, start"
check string_key 40 0 "SELECT srcaddr, action, dstport FROM vpc_flow_logs WHERE action = 'REJECT' ORDER BY srcaddr DESC"
# the key is an expression, hidden from the output; a constant column
check hidden_key 15 0 "SELECT srcaddr, 'x' AS c, dstport FROM vpc_flow_logs ORDER BY bytes / 1000 DESC, dstport"
# many ties at the bound: protocol has few values
check ties 50 0 "SELECT srcaddr, dstaddr, protocol FROM vpc_flow_logs ORDER BY protocol DESC"
# a limit near the row count: the bound comes late or never
check most 59000 0 "SELECT srcaddr, srcport FROM vpc_flow_logs ORDER BY srcport"

# a projection that can fail keeps the bound off, so its error is raised
# for every row as before (here the division by zero of a NODATA-free row)
$FLOWQ query --threads 2 --format csv "SELECT srcaddr, 1 / (packets - packets) AS x FROM vpc_flow_logs ORDER BY bytes DESC LIMIT 3" "$T/g" >/dev/null 2>"$T/err"
expect_status failing_projection 1 $?
expect_grep failing_projection_says "Division by zero" "$T/err"

# --max-memory: a thread over its share trims to the LIMIT's rows at once
# (strings copied out) instead of failing; the answer is the same
$FLOWQ query --threads 2 --format csv "SELECT * FROM vpc_flow_logs ORDER BY bytes DESC LIMIT 10" "$T/g" >"$T/mem.want" 2>/dev/null
$FLOWQ query --threads 2 --max-memory 1M --format csv "SELECT * FROM vpc_flow_logs ORDER BY bytes DESC LIMIT 10" "$T/g" >"$T/mem.got" 2>"$T/err"
expect_status max_memory_limit_runs 0 $?
expect_file max_memory_limit_same "$T/mem.got" "$T/mem.want"
# when the LIMIT's rows themselves do not fit, the error says so
$FLOWQ query --threads 2 --max-memory 1M "SELECT * FROM vpc_flow_logs ORDER BY bytes DESC LIMIT 50000" "$T/g" >/dev/null 2>"$T/err"
expect_status max_memory_big_limit 5 $?
expect_grep max_memory_big_limit_says "(--max-memory 1 MB); lower the LIMIT or OFFSET, or raise --max-memory" "$T/err"
$FLOWQ query --threads 2 --max-memory 1M "SELECT * FROM vpc_flow_logs ORDER BY bytes DESC" "$T/g" >/dev/null 2>"$T/err"
expect_status max_memory_no_limit 5 $?
expect_grep max_memory_no_limit_says "(--max-memory 1 MB); add a LIMIT or an aggregation" "$T/err"
