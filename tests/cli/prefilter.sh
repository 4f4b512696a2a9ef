#!/bin/sh
# prefilter.sh - the line prefilter (WHERE col = 'text' / col IN ('a', ...)):
# lines that hold none of the texts are only checked (field count, control
# bytes), not converted.  Answers must not change, bad lines that are not
# plainly well-formed are still reported, --strict turns it off.
. "$(dirname "$0")/lib.sh"
export FLOWQ_NO_PROGRESS=1

$FLOWQ generate --records 80000 --days 1 --seed 4 "$T/g" 2>/dev/null
expect_status prefilter_data 0 $?
SRC=$($FLOWQ query --format csv "SELECT srcaddr FROM vpc_flow_logs WHERE action = 'REJECT' ORDER BY srcaddr LIMIT 1" "$T/g" 2>/dev/null | tail -1)
ENI=$($FLOWQ query --format csv "SELECT interface_id FROM vpc_flow_logs ORDER BY interface_id LIMIT 1" "$T/g" 2>/dev/null | tail -1)

# run NAME SQL: with the prefilter on 1 and 2 threads, against it turned off
run() {
	expect_same_as_off "$1" FLOWQ_NO_PREFILTER 2 "$2" "$T/g"
}

run rejects "SELECT srcaddr, dstport, count(*) AS n FROM vpc_flow_logs WHERE action = 'REJECT' GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 50"
run address "SELECT dstaddr, dstport, sum(bytes) AS b FROM vpc_flow_logs WHERE srcaddr = '$SRC' GROUP BY 1, 2 ORDER BY 1, 2"
run reversed "SELECT count(*) AS n, sum(packets) AS p FROM vpc_flow_logs WHERE '$ENI' = interface_id"
run in_list "SELECT action, log_status, count(*) AS n FROM vpc_flow_logs WHERE log_status IN ('NODATA', 'SKIPDATA') GROUP BY 1, 2 ORDER BY 1, 2"
run two_conjuncts "SELECT count(*) AS n FROM vpc_flow_logs WHERE action = 'ACCEPT' AND srcaddr = '$SRC'"
run no_match "SELECT count(*) AS n FROM vpc_flow_logs WHERE action = 'DENY'"
run or_not_used "SELECT count(*) AS n FROM vpc_flow_logs WHERE action = 'REJECT' OR dstport = 22"
# integers: the value's digits must be in the line
run port "SELECT srcaddr, count(*) AS n FROM vpc_flow_logs WHERE dstport = 3389 GROUP BY 1 ORDER BY n DESC, 1 LIMIT 20"
run ports_in "SELECT dstport, count(*) AS n FROM vpc_flow_logs WHERE dstport IN (22, 3389, 445) GROUP BY 1 ORDER BY 1"

# the AVX2 and scalar checks agree with the AVX-512 one (where the CPU has it)
for path in FLOWQ_NO_AVX512 FLOWQ_NO_SIMD; do
	env $path=1 $FLOWQ query --threads 2 --format csv "SELECT srcaddr, dstport, count(*) AS n FROM vpc_flow_logs WHERE action = 'REJECT' GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 50" "$T/g" >"$T/$path.out" 2>/dev/null
	expect_file "rejects_$path" "$T/$path.out" "$T/rejects.ref"
	env $path=1 $FLOWQ query --stats "SELECT count(*) FROM vpc_flow_logs WHERE action = 'REJECT'" "$T/g" 2>&1 >/dev/null | grep '^stats: records' >"$T/$path.stats"
	$FLOWQ query --stats "SELECT count(*) FROM vpc_flow_logs WHERE action = 'REJECT'" "$T/g" 2>&1 >/dev/null | grep '^stats: records' >"$T/default.stats"
	expect_file "ruled_out_count_$path" "$T/$path.stats" "$T/default.stats"
done

# EXPLAIN names it; the stats count the lines it ruled out
$FLOWQ query "EXPLAIN SELECT count(*) FROM vpc_flow_logs WHERE action = 'REJECT'" "$T/g" >"$T/explain" 2>&1
expect_grep explain_prefilter "line prefilter (lines without 'REJECT' are checked, not converted): action" "$T/explain"
$FLOWQ query --stats "SELECT count(*) FROM vpc_flow_logs WHERE action = 'REJECT'" "$T/g" >/dev/null 2>"$T/stats"
expect_grep stats_ruled_out "of those parsed only checked: the line prefilter ruled them out" "$T/stats"

# bad lines: a REJECT line with a bad address is parsed and reported; ACCEPT
# lines with a missing field or a control byte fail the check, are parsed
# and reported; an ACCEPT line with a bad address is ruled out unconverted
cd "$T" || exit 1
H='version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'
A='2 123456789010 eni-1 10.0.0.1 10.0.0.2 1000 22 6 1 40 1418530010 1418530070 ACCEPT OK'
R='2 123456789010 eni-1 10.0.0.3 10.0.0.2 1000 22 6 1 40 1418530010 1418530070 REJECT OK'
printf '%s\n%s\n%s\n' "$H" "$A" "$R" >bad.log
printf '2 123456789010 eni-1 10.0.0.999 10.0.0.2 1000 22 6 1 40 1418530010 1418530070 REJECT OK\n' >>bad.log
printf '2 123456789010 eni-1 10.0.0.1 10.0.0.2 1000 22 6 1 40 1418530010 ACCEPT OK\n' >>bad.log
printf '2 123456789010 eni-1 10.0.0.1 10.0.0.2 1000 22 6 1 40 1418530010 1418530070 ACC\001EPT OK\n' >>bad.log
printf '2 123456789010 eni-1 10.0.0.x 10.0.0.2 1000 22 6 1 40 1418530010 1418530070 ACCEPT OK\n' >>bad.log
Q="SELECT srcaddr, count(*) AS n FROM vpc_flow_logs WHERE action = 'REJECT' GROUP BY 1"
$FLOWQ query "$Q" bad.log >bad.out 2>bad.err
expect_status bad_runs 0 $?
expect_eq bad_answer "$(cat bad.out)" "srcaddr,n
10.0.0.3,1"
expect_grep bad_address_reported "bad.log:4: field 4 (srcaddr): invalid address: '10.0.0.999'" bad.err
expect_grep field_count_reported "bad.log:5: field 14 (log-status): missing: the line has 13 fields, the format 14" bad.err
expect_grep control_byte_reported "bad.log:6: field 13 (action): binary data: byte 0x01 at column" bad.err
expect_eq ruled_out_address_not_reported "$(grep -c 'bad.log:7' bad.err)" 0
# without the prefilter, and with --strict, the last one is reported too
expect_grep bad_summary "flowq: 6 records read from 1 file: 3 parsed, 3 skipped (wrong number of fields: 1, invalid address: 1, binary data: 1)" bad.err
FLOWQ_NO_PREFILTER=1 $FLOWQ query "$Q" bad.log >/dev/null 2>bad2.err
expect_grep unfiltered_counts_all "flowq: 6 records read from 1 file: 2 parsed, 4 skipped (wrong number of fields: 1, invalid address: 2, binary data: 1)" bad2.err
$FLOWQ query --strict "$Q" bad.log >/dev/null 2>bad3.err
expect_status strict_stops 3 $?
expect_grep strict_first_problem "bad.log:4: field 4 (srcaddr): invalid address: '10.0.0.999'" bad3.err
$FLOWQ query --strict "EXPLAIN $Q" bad.log >strict.explain 2>&1
expect_eq strict_explain_no_prefilter "$(grep -c 'line prefilter' strict.explain)" 0

# start/end in milliseconds hold the seconds' digits: still found
printf '%s\n%s\n' "$H" '2 123456789010 eni-1 10.0.0.1 10.0.0.2 1000 22 6 1 40 1418530010123 1418530070000 ACCEPT OK' >ms.log
printf '%s\n' "$A" >>ms.log
$FLOWQ query "SELECT count(*) AS n FROM vpc_flow_logs WHERE start = 1418530010" ms.log >ms.out 2>/dev/null
expect_eq millisecond_start "$(tail -1 ms.out)" 2
$FLOWQ query "EXPLAIN SELECT count(*) AS n FROM vpc_flow_logs WHERE start = 1418530010" ms.log >ms.explain 2>&1
expect_grep millisecond_start_prefilter "line prefilter (lines without '1418530010' are checked, not converted): start" ms.explain

# a literal on a column a path supplies (no region field in the lines)
mkdir -p AWSLogs/111111111111/vpcflowlogs/eu-west-1/2026/02/13
cp bad.log AWSLogs/111111111111/vpcflowlogs/eu-west-1/2026/02/13/x.log
$FLOWQ query "SELECT count(*) AS n FROM vpc_flow_logs WHERE region = 'eu-west-1'" AWSLogs >region.out 2>/dev/null
expect_eq region_from_path "$(tail -1 region.out)" 4
