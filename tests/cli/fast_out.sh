#!/bin/sh
# fast_out.sh - batches of only integer and varchar columns are written by
# the writers' plain path (out.c: sv_plain, json_plain).  Its bytes must
# equal the general loop's (FLOWQ_NO_FAST_OUT=1) in every streaming
# format: for `flowq cat` of generated and conformance files (NULLs from
# `-`, custom formats), and for query results, one thread and several
# (the parallel formatter writes parts to memory).
. "$(dirname "$0")/lib.sh"

$FLOWQ generate --records 70000 --days 1 --seed 11 "$T/g" 2>/dev/null
expect_status fast_out_data 0 $?

# same NAME ARGS...: `flowq ARGS` with and without the plain path
same() {
	_n=$1
	shift
	FLOWQ_NO_FAST_OUT=1 $FLOWQ "$@" >"$T/$_n.ref" 2>"$T/err"
	_s0=$?
	$FLOWQ "$@" >"$T/$_n.out" 2>"$T/err"
	_s1=$?
	expect_status "${_n}_runs" "0 0" "$_s0 $_s1"
	expect_file "$_n" "$T/$_n.out" "$T/$_n.ref"
}

for f in csv tsv json ndjson; do
	same "fast_out_cat_$f" cat --format "$f" "$T/g"
	same "fast_out_conf_$f" cat --format "$f" "$CONF/beats-vpcflow-module" "$CONF/elastic-vpcflow"
	same "fast_out_query_$f" query --threads 1 --format "$f" \
		"SELECT srcaddr, nullif(dstport, 443) AS p, count(*) AS n, sum(bytes) - 5000 AS b, CASE WHEN srcport > 30000 THEN 'x\\y' WHEN srcport > 1024 THEN 'q\"' END AS z FROM vpc_flow_logs GROUP BY 1, 2, 5 ORDER BY 3 DESC, 1, 2, 5" "$T/g"
	same "fast_out_threads_$f" query --threads 2 --format "$f" \
		"SELECT interface_id, srcaddr, srcport, bytes * -3 AS b, action FROM vpc_flow_logs" "$T/g"
done
