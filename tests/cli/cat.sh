#!/bin/sh
# cat.sh - `flowq cat` on the conformance files and on bad input.
. "$(dirname "$0")/lib.sh"

# default v2 without header, no final newline
out=$($FLOWQ cat -f tsv -c srcaddr,dstport,log_status "$CONF/elastic-vpcflow/test-extra-samples.log" 2>&1)
expect_eq cat_v2_tsv "$(printf '%s\n' "$out" | sed -n 2p)" "2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6	22	OK"
expect_eq cat_v2_rows "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 8

# a file whose third line is not a v2 record: skipped, reported, counted
$FLOWQ cat "$CONF/flowlogs-reader/v2-records-mixed-tgw.log" >"$T/out" 2>"$T/err"
expect_status cat_bad_line_exit 0 $?
expect_grep cat_bad_line_msg "v2-records-mixed-tgw.log:3: field 2 (account-id): invalid account ID: 'TransitGateway'" "$T/err"
expect_grep cat_bad_line_summary "5 records read from 1 file: 4 parsed, 1 skipped" "$T/err"
$FLOWQ cat --strict "$CONF/flowlogs-reader/v2-records-mixed-tgw.log" >"$T/out" 2>"$T/err"
expect_status cat_strict_exit 3 $?

# stdin, gzipped
gzip -c "$CONF/elastic-vpcflow/test-extra-samples.log" | $FLOWQ cat -f ndjson -c srcport,action - >"$T/out" 2>"$T/err"
expect_eq cat_stdin_gzip "$(sed -n 1p "$T/out")" '{"srcport":34892,"action":"ACCEPT"}'

# an address column asked for twice: both copies, no leak (the ASan run checks)
out=$($FLOWQ cat -f tsv -c srcaddr,srcaddr "$CONF/elastic-vpcflow/test-extra-samples.log" 2>&1 | sed -n 5p)
expect_eq cat_addr_twice "$out" "89.160.20.156	89.160.20.156"

# a gzip member with reserved header flag bits: refused, as zlib and gzip(1) do
printf '\037\213\010\051\000\061\000\000\000\000\000\003\000\000\000\000\000\000\000\000\000\000' >"$T/flags.gz"
$FLOWQ cat "$T/flags.gz" >/dev/null 2>"$T/err"
expect_status cat_gzip_reserved_flags_exit 3 $?
expect_grep cat_gzip_reserved_flags_msg "flags.gz: corrupt gzip data: reserved header flags set" "$T/err"

# ---- several threads: the same bytes, in file order, on stdout and stderr --------------
# (each thread formats its files in memory; a file is written on its turn)
$FLOWQ generate --records 30000 --days 1 --seed 7 "$T/par" >/dev/null 2>&1
expect_status cat_par_data 0 $?
d=$(find "$T/par" -name '*.log.gz' | sort | sed -n 5p | xargs dirname)
printf '2 123456789010 eni-a 10.0.0.1 10.0.0.2 x 2 6 1 1 1 2 ACCEPT OK\n' >"$d/zz-bad1.log"
printf '2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2\n2 1 eni-b 1.2.3.4 1.2.3.5 1 2 6 1 1 1 2 ACCEPT OK\n' >"$d/aa-bad2.log"
# two files of several batches each, read side by side: the second is held
# batch after batch until the first is written
mkdir -p "$T/par/zz"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "2 123456789010 eni-%d 10.0.%d.%d 10.1.0.1 %d 443 6 1 %d 1 2 ACCEPT OK\n", i, i % 200, i % 250, 1024 + i % 60000, i }' >"$T/par/zz/big1.log"
sed 's/eni-/eni-b/' "$T/par/zz/big1.log" >"$T/par/zz/big2.log"
for fmt in csv tsv ndjson json; do
	$FLOWQ cat --threads 1 -f $fmt "$T/par" >"$T/par.1.$fmt" 2>"$T/par.1.err"
	expect_status "cat_par_${fmt}_1_status" 0 $?
	timeout 120 $FLOWQ cat --threads 3 -f $fmt "$T/par" >"$T/par.3.$fmt" 2>"$T/par.3.err"
	expect_status "cat_par_${fmt}_3_status" 0 $?
	expect_file "cat_par_${fmt}_3_same" "$T/par.3.$fmt" "$T/par.1.$fmt"
	expect_file "cat_par_${fmt}_3_same_err" "$T/par.3.err" "$T/par.1.err"
	# a hold of one byte: every thread but the one whose turn it is waits
	FLOWQ_CAT_HOLD=1 timeout 120 $FLOWQ cat --threads 3 -f $fmt "$T/par" >"$T/par.h.$fmt" 2>"$T/par.h.err"
	expect_status "cat_par_${fmt}_hold_status" 0 $?
	expect_file "cat_par_${fmt}_hold_same" "$T/par.h.$fmt" "$T/par.1.$fmt"
	expect_file "cat_par_${fmt}_hold_same_err" "$T/par.h.err" "$T/par.1.err"
done
expect_eq cat_par_rows "$(($(wc -l <"$T/par.1.csv") - 1))" 70001
expect_grep cat_par_bad_msg "zz-bad1.log:1: field 6 (srcport): not a number: 'x'" "$T/par.1.err"
# a reader that goes away: the run ends (no thread left waiting for its turn)
expect_eq cat_par_closed_pipe_ends "$(timeout 60 sh -c "FLOWQ_CAT_HOLD=1 $FLOWQ cat --threads 3 -f csv '$T/par' 2>/dev/null | head -c 1000 >/dev/null; echo done")" done
# a write error while later files wait their turn: the run ends with the
# write error (it once left every thread waiting for a turn that never came)
# (a first file slow to read and writing nothing, later files parked: the
# failing write is that of the parked files, when the first one ends)
if [ -w /dev/full ]; then
	mkdir -p "$T/dl"
	awk 'BEGIN { print "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"
		for (i = 0; i < 100000; i++) print "2 123456789012 eni-1 10.0.2.65 10.0.0.2 59648 53 17 4 368 1770974123" }' >"$T/dl/000.log"
	for i in $(seq 101 160); do
		awk 'BEGIN { for (i = 0; i < 20; i++) print "2 123456789012 eni-1 10.0.2.65 10.0.0.2 59648 53 17 4 368 1770974123 1770974127 ACCEPT OK" }' >"$T/dl/$i.log"
	done
	FLOWQ_CAT_HOLD=20000 timeout 60 $FLOWQ cat --threads 2 "$T/dl" >/dev/full 2>"$T/full.err"
	expect_status cat_par_full_status 6 $?
	expect_grep cat_par_full_msg "cannot write the output" "$T/full.err"
fi

# ---- a table of more rows than it holds to find its widths (GRID_HOLD, 50000) -------------
# it prints the first rows aligned, then the rest as they come (a wider cell
# overflows its column); memory stays bounded
awk 'BEGIN { for (i = 0; i < 60000; i++) printf "2 123456789010 eni-%d 10.0.0.1 10.0.0.2 1 2 6 1 %d 1 2 ACCEPT OK\n", i % 10, i;
	print "2 123456789010 eni-a-much-longer-interface-name 10.0.0.1 10.0.0.2 1 2 6 1 7 1 2 ACCEPT OK" }' >"$T/grid.log"
for fmt in table markdown; do
	$FLOWQ cat -f $fmt -c interface_id,bytes "$T/grid.log" >"$T/grid.$fmt" 2>"$T/grid.err"
	expect_status "cat_grid_${fmt}_status" 0 $?
	expect_grep "cat_grid_${fmt}_last_row" "eni-a-much-longer-interface-name" "$T/grid.$fmt"
	# every row below the first 50000 keeps the widths of those (no row longer than the
	# header, except the one with the wider cell)
	expect_eq "cat_grid_${fmt}_widths" "$(awk -v h="$(head -1 "$T/grid.$fmt" | wc -c)" 'length($0) + 1 > h' "$T/grid.$fmt")" \
		"$(grep longer "$T/grid.$fmt")"
done
expect_eq cat_grid_table_rows "$(tail -1 "$T/grid.table")" "(60001 rows)"
expect_eq cat_grid_table_lines "$(wc -l <"$T/grid.table" | tr -d ' ')" 60004
expect_eq cat_grid_markdown_lines "$(wc -l <"$T/grid.markdown" | tr -d ' ')" 60003

# ---- progress: on a terminal's stderr, not when the records go to that terminal too -------
# (only where script(1) can give the command a terminal)
if command -v script >/dev/null 2>&1 &&
	script -qc 'test -t 2 && echo on-a-tty' /dev/null 2>/dev/null | grep -q on-a-tty; then
	script -qc "$FLOWQ cat --threads 2 '$T/par' >/dev/null" /dev/null >"$T/tty.out" 2>&1
	expect_grep cat_progress_shown "files, " "$T/tty.out"
	# the last one counts every file
	expect_eq cat_progress_to_the_end "$(tr '\r' '\n' <"$T/tty.out" | grep 'files, ' | tail -1 |
		sed 's/.*\[K//' | awk -F'[/ ]' '{ print ($1 == $2 && $1 > 100) }')" 1

	script -qc "$FLOWQ cat -c version '$T/par/zz'" /dev/null >"$T/tty2.out" 2>&1
	expect_eq cat_progress_not_with_records "$(grep -c 'files, ' "$T/tty2.out")" 0
	NO_COLOR=1 FLOWQ_NO_PROGRESS=1 script -qc "$FLOWQ cat '$T/par' >/dev/null" /dev/null >"$T/tty3.out" 2>&1
	expect_eq cat_progress_off "$(grep -c 'files, ' "$T/tty3.out")" 0
	script -qc "$FLOWQ query 'SELECT count(*) FROM vpc_flow_logs' '$T/par' >/dev/null" /dev/null >"$T/tty4.out" 2>&1
	expect_grep query_progress_shown "files, " "$T/tty4.out"
fi
