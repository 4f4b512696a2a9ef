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
