#!/bin/sh
# reader.sh - `flowq cat` and `flowq schema` end to end: every output format,
# column selection, --log-format, mixed formats, stdin, directory walks, every
# kind of bad input (stderr lines, summary, exit status), --strict, empty,
# missing and unreadable files, and the schema report.  Long outputs are
# compared with golden files in tests/cli/golden/ (UPDATE_GOLDEN=1 rewrites
# them; review the diff before committing).
. "$(dirname "$0")/lib.sh"
G=$HERE/golden
export FLOWQ_NO_PROGRESS=1

# All fixtures live in $T and commands run there, so paths in messages are
# short and the same on every machine.
cd "$T" || exit 1

HDR='version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'
ACC='2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK'
REJ='2 123456789010 eni-1235b8ca123456789 2001:db8::1 2001:db8::2 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK'
NOD='2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA'
NAT1='- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5'
NAT2='i-01234567890123456 eni-1111aaaa2222bbbb3 10.0.1.5 203.0.113.5 10.0.1.5 203.0.113.5'
NATFMT='${instance-id} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} ${pkt-dstaddr}'

# run NAME [flowq args...]: stdout in NAME.out, stderr in NAME.err, status in $rc
run() {
	n=$1
	shift
	"$FLOWQ" "$@" >"$n.out" 2>"$n.err"
	rc=$?
}

# ---- every output format ----------------------------------------------------
# a header with an unknown field ("note") whose values need quoting in csv/tsv
printf '%s note\n%s a,"b"\n%s -\n%s back\\slash\n' "$HDR" "$ACC" "$NOD" "$REJ" >fmt.log
for f in csv tsv json ndjson table markdown; do
	run "fmt-$f" cat -f "$f" fmt.log
	expect_status "cat_format_${f}_status" 0 "$rc"
	expect_file "cat_format_${f}" "fmt-$f.out" "$G/reader-cat.$f"
	expect_eq "cat_format_${f}_warning" "$(cat "fmt-$f.err")" \
		"warning: fmt.log:1: unknown field 'note' kept as a string column"
done
# the essentials, stated outright as well as in the goldens
expect_eq cat_csv_rfc4180_quote "$(sed -n 2p fmt-csv.out | sed 's/.*,OK,//')" '"a,""b"""'
expect_eq cat_csv_null_empty "$(sed -n 3p fmt-csv.out)" \
	'2,123456789010,eni-1235b8ca123456789,,,,,,,,1431280876,1431280934,,NODATA,'
expect_eq cat_tsv_backslash "$(sed -n 4p fmt-tsv.out | awk -F'\t' '{print $15}')" 'back\\slash'
expect_eq cat_ndjson_types "$(sed -n 2p fmt-ndjson.out)" \
	'{"version":2,"account_id":"123456789010","interface_id":"eni-1235b8ca123456789","srcaddr":null,"dstaddr":null,"srcport":null,"dstport":null,"protocol":null,"packets":null,"bytes":null,"start":1431280876,"end":1431280934,"action":null,"log_status":"NODATA","note":null}'
expect_eq cat_table_null "$(sed -n 4p fmt-table.out | awk '{print $4, $NF}')" 'NULL NULL'
run fmt-bad cat -f xml fmt.log
expect_status cat_format_unknown_status 2 "$rc"
expect_eq cat_format_unknown_msg "$(cat fmt-bad.err)" \
	"flowq: cat: unknown format 'xml' (csv, tsv, json, ndjson, table, markdown)"
run fmt-jsonl cat -f jsonl -c log_status fmt.log
expect_eq cat_format_jsonl_alias "$(cat fmt-jsonl.out | tr '\n' ' ')" \
	'{"log_status":"OK"} {"log_status":"NODATA"} {"log_status":"OK"} '

# ---- --columns ------------------------------------------------------------------
run cols cat -f csv -c ' log_status , srcport,Start_Time,note,srcport' fmt.log
expect_eq cat_columns "$(cat cols.out | tr '\n' ' ')" \
	'log_status,srcport,start,note,srcport OK,20641,1418530010,"a,""b""",20641 NODATA,,1431280876,, OK,49761,1418530010,back\slash,49761 '
run cols-hyphen cat -f tsv -c LOG-STATUS,dstaddr fmt.log
expect_eq cat_columns_hyphen_case "$(sed -n 1p cols-hyphen.out; sed -n 4p cols-hyphen.out)" \
	"log_status	dstaddr
OK	2001:db8::2"
run cols-bad cat -c srcport,bogus fmt.log
expect_status cat_columns_unknown_status 2 "$rc"
expect_eq cat_columns_unknown_msg "$(cat cols-bad.err)" "flowq: cat: unknown column 'bogus' (see flowq fields)"
expect_eq cat_columns_unknown_no_output "$(cat cols-bad.out)" ""

# ---- --log-format for a headerless custom file ----------------------------------
printf '%s\n%s\n' "$NAT1" "$NAT2" >nat.log
run nat cat -f csv --log-format "$NATFMT" nat.log
expect_status cat_log_format_status 0 "$rc"
expect_eq cat_log_format "$(cat nat.out)" "instance_id,interface_id,srcaddr,dstaddr,pkt_srcaddr,pkt_dstaddr
,eni-1235b8ca123456789,10.0.1.5,10.0.0.220,10.0.1.5,203.0.113.5
i-01234567890123456,eni-1111aaaa2222bbbb3,10.0.1.5,203.0.113.5,10.0.1.5,203.0.113.5"
expect_eq cat_log_format_quiet "$(cat nat.err)" ""
# plain list with underscores works the same
run nat2 cat -f csv --log-format 'instance_id interface_id srcaddr dstaddr pkt_srcaddr pkt_dstaddr' nat.log
expect_eq cat_log_format_plain_list "$(cat nat2.out)" "$(cat nat.out)"
# without it: the default v2 format does not fit
run nat3 cat -f csv nat.log
expect_status cat_no_log_format_status 0 "$rc"
expect_eq cat_no_log_format_err "$(cat nat3.err)" "nat.log:1: field 7 (dstport): missing: the line has 6 fields, the format 14
nat.log:2: field 7 (dstport): missing: the line has 6 fields, the format 14
flowq: 2 records read from 1 file: 0 parsed, 2 skipped (wrong number of fields: 2)"
# a name the catalogue does not know becomes a string column (as in headers)
run nat4 cat -f csv --log-format '${instance-id} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} ${my-extra}' nat.log
expect_status cat_log_format_extra_status 0 "$rc"
expect_eq cat_log_format_extra "$(cut -d, -f6 nat4.out | tr '\n' ' ')" "my_extra 203.0.113.5 203.0.113.5 "
run nat5 cat --log-format '${instance-id' nat.log
expect_status cat_log_format_syntax_status 2 "$rc"
expect_eq cat_log_format_syntax_msg "$(cat nat5.err)" \
	"flowq: log format: expected '}' after '\${instance-id' at offset 13"
# a header in the file wins over --log-format
printf 'interface-id log-status\neni-x OK\n' >hdr-wins.log
run hw cat -f csv --log-format "$NATFMT" hdr-wins.log
expect_eq cat_header_beats_log_format "$(cat hw.out)" "interface_id,log_status
eni-x,OK"

# ---- mixed formats in one run: the union of the columns -------------------------
mkdir -p mixed
printf '%s\n%s\n' "$ACC" "$NOD" >mixed/a-v2.log
cp "$CONF/flowlogs-reader/v5-file.log" mixed/b-v5.log
printf '%s\n%s\n' "$HDR" "$REJ" | gzip -n -c >mixed/c-v2-header.log.gz
run mixed cat -f csv mixed
expect_status cat_mixed_status 0 "$rc"
expect_file cat_mixed_union "mixed.out" "$G/reader-mixed.csv"
expect_eq cat_mixed_quiet "$(cat mixed.err)" ""
expect_eq cat_mixed_header "$(sed -n 1p mixed.out)" \
	"version,account_id,interface_id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log_status,az_id,flow_direction,instance_id,pkt_dst_aws_service,pkt_dstaddr,pkt_src_aws_service,pkt_srcaddr,region,sublocation_id,sublocation_type,subnet_id,tcp_flags,traffic_path,type,vpc_id"
# the v2 rows have NULL for every v5-only column
expect_eq cat_mixed_v2_nulls "$(sed -n 2p mixed.out | cut -d, -f15-)" ",,,,,,,,,,,,,,"
run mixed-nd cat -f ndjson -c interface_id,flow_direction,traffic_path mixed
expect_eq cat_mixed_ndjson "$(cat mixed-nd.out)" '{"interface_id":"eni-1235b8ca123456789","flow_direction":null,"traffic_path":null}
{"interface_id":"eni-1235b8ca123456789","flow_direction":null,"traffic_path":null}
{"interface_id":"eni-00123456789abcdef","flow_direction":"ingress","traffic_path":null}
{"interface_id":"eni-00123456789abcdef","flow_direction":"egress","traffic_path":7}
{"interface_id":"eni-1235b8ca123456789","flow_direction":null,"traffic_path":null}'

# ---- stdin ------------------------------------------------------------------------
printf '%s\n%s\n' "$ACC" "$NOD" >in.log
"$FLOWQ" cat -f ndjson -c srcport,log_status - <in.log >stdin.out 2>stdin.err
expect_status cat_stdin_plain_status 0 $?
expect_eq cat_stdin_plain "$(cat stdin.out)" '{"srcport":20641,"log_status":"OK"}
{"srcport":null,"log_status":"NODATA"}'
gzip -n -c in.log | "$FLOWQ" cat -f ndjson -c srcport,log_status - >stdin2.out 2>stdin2.err
expect_status cat_stdin_gzip_status 0 $?
expect_eq cat_stdin_gzip "$(cat stdin2.out)" "$(cat stdin.out)"
# no path at all means stdin; without --columns stdin is spooled and read twice
printf '%s\n%s\n' "$HDR" "$REJ" | gzip -n -c | "$FLOWQ" cat -f csv >stdin3.out 2>stdin3.err
expect_status cat_stdin_default_status 0 $?
expect_eq cat_stdin_default "$(cat stdin3.out)" "version,account_id,interface_id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log_status
2,123456789010,eni-1235b8ca123456789,2001:db8::1,2001:db8::2,49761,3389,6,20,4249,1418530010,1418530070,REJECT,OK"
printf 'x\n' | "$FLOWQ" cat -f csv -c srcport >stdin4.out 2>stdin4.err
expect_eq cat_stdin_bad_line "$(cat stdin4.err)" "-:1: field 2 (account-id): missing: the line has 1 fields, the format 14
flowq: 1 records read from 1 file: 0 parsed, 1 skipped (wrong number of fields: 1)"

# ---- a directory walk with a file that is not a flow log ----------------------------
mkdir -p walk/sub walk/.hidden
printf '%s\n' "$ACC" >walk/sub/one.log
printf '%s\n' "$NOD" | gzip -n -c >walk/two.log.gz
printf 'notes\n' >walk/README.md
printf 'x\n' >walk/.hidden/three.log
run walk cat -f csv -c interface_id,log_status walk
expect_status cat_walk_status 0 "$rc"
expect_eq cat_walk_rows "$(cat walk.out)" "interface_id,log_status
eni-1235b8ca123456789,OK
eni-1235b8ca123456789,NODATA"
expect_eq cat_walk_note "$(cat walk.err)" \
	"flowq: note: skipped 1 file that is not flow logs (by name), e.g. walk/README.md"
printf 'x\n' >walk/b.csv
run walk2 cat -f csv -c interface_id walk
expect_eq cat_walk_note_plural "$(cat walk2.err)" \
	"flowq: note: skipped 2 files that are not flow logs (by name), e.g. walk/README.md"
# a file named explicitly is read whatever its name
run walk3 cat -f csv -c log_status walk/README.md
expect_eq cat_explicit_odd_name "$(cat walk3.err)" "walk/README.md:1: field 2 (account-id): missing: the line has 1 fields, the format 14
flowq: 1 records read from 1 file: 0 parsed, 1 skipped (wrong number of fields: 1)"

# ---- every kind of bad input, end to end -------------------------------------------------
mkdir -p bad
GOOD='2 123456789010 eni-good 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK'
printf '%s\n2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2\n' "$GOOD" >bad/a-few-fields.log
printf '2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK extra\n%s\n' "$GOOD" >bad/b-many-fields.log
printf '2 123456789010 eni-a 10.0.0.1 10.0.0.2 x 2 6 1 1 1 2 ACCEPT OK\n' >bad/c-not-a-number.log
printf '2 123456789010 eni-a 10.0.0.1 10.0.0.2 65536 2 6 1 1 1 2 ACCEPT OK\n' >bad/d-port.log
printf '2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 256 1 1 1 2 ACCEPT OK\n' >bad/e-protocol.log
printf '2 123456789010 eni-a 10.0.0.256 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK\n' >bad/f-address.log
printf '6 TransitGateway eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK\n' >bad/g-account.log
printf '2 123456789010 eni-\000a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK\n' >bad/h-binary.log
{ printf '%s\n2 123456789010 eni-' "$GOOD"; head -c 70000 /dev/zero | tr '\0' a; printf ' 1\n%s\n' "$GOOD"; } >bad/i-long-line.log
# a gzip file without its 8-byte trailer, whose text has no final newline:
# the complete line is read, the partial one is a "truncated line"
printf '%s\n2 123456789010 eni-cut 10.0.0.1' "$GOOD" | gzip -n -c >full.gz
head -c $(($(wc -c <full.gz) - 8)) full.gz >bad/j-truncated.log.gz
# a wrong CRC-32 in the trailer
printf '%s\n' "$GOOD" | gzip -n -c >crc.gz
n=$(wc -c <crc.gz)
{ head -c $((n - 8)) crc.gz; printf '\377\377\377\377'; tail -c 4 crc.gz; } >bad/k-bad-crc.log.gz
{ printf '%s\n' "$GOOD" | gzip -n -c; printf 'trailing garbage'; } >bad/l-garbage.log.gz
: >bad/m-empty.log
run bad cat -f csv bad
expect_status cat_bad_input_status 0 "$rc"
expect_file cat_bad_input_stderr bad.err "$G/reader-bad.err"
expect_eq cat_bad_input_rows "$(cut -d, -f3 bad.out | tr '\n' ' ')" \
	"interface_id eni-good eni-good eni-good eni-good eni-good eni-good eni-good "
expect_eq cat_bad_input_summary "$(tail -2 bad.err)" "flowq: 17 records read from 13 files: 7 parsed, 10 skipped (wrong number of fields: 2, not a number: 1, number out of range: 2, invalid address: 1, invalid account ID: 1, line too long: 1, binary data: 1, truncated line: 1)
flowq: 4 files with problems: corrupt or truncated gzip 3, empty 1"
# only the selected columns are converted and checked: with -c interface_id
# the lines whose only problem is in another field are records
run bad-lazy cat -f csv -c interface_id bad
expect_eq cat_bad_input_lazy_rows "$(cat bad-lazy.out | tr '\n' ' ')" \
	"interface_id eni-good eni-good eni-a eni-a eni-a eni-a eni-a eni-good eni-good eni-good eni-good eni-good "
expect_eq cat_bad_input_lazy_summary "$(sed -n 1p bad-lazy.err; tail -2 bad-lazy.err)" "bad/a-few-fields.log:2: field 13 (action): missing: the line has 12 fields, the format 14
flowq: 17 records read from 13 files: 12 parsed, 5 skipped (wrong number of fields: 2, line too long: 1, binary data: 1, truncated line: 1)
flowq: 4 files with problems: corrupt or truncated gzip 3, empty 1"

# a corrupt deflate stream (bytes flipped in the middle)
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "2 123456789010 eni-%d 10.0.0.1 10.0.0.2 %d 443 6 1 %d 1 2 ACCEPT OK\n", i, i, i * 7 }' >big.log
gzip -n -c big.log >big.gz
n=$(wc -c <big.gz)
{ head -c $((n / 2)) big.gz; printf '\377\377\377\377\377\377\377\377\377\377\377\377'; tail -c $((n - n / 2 - 12)) big.gz; } >corrupt.log.gz
run corrupt cat -f csv -c interface_id corrupt.log.gz
expect_grep cat_corrupt_gzip_msg "corrupt.log.gz: corrupt gzip data: " corrupt.err
expect_grep cat_corrupt_gzip_where "; the lines before it were read)" corrupt.err
expect_grep cat_corrupt_gzip_summary "flowq: 1 file with problems: corrupt or truncated gzip 1" corrupt.err
expect_eq cat_corrupt_gzip_some_rows "$([ "$(wc -l <corrupt.out)" -gt 1 ] && [ "$(wc -l <corrupt.out)" -lt 3001 ] && echo ok)" ok

# ---- --strict ------------------------------------------------------------------------------
run strict1 cat --strict -f csv bad/g-account.log
expect_status cat_strict_bad_line_status 3 "$rc"
expect_eq cat_strict_bad_line_msg "$(cat strict1.err)" "flowq: bad/g-account.log:1: field 2 (account-id): invalid account ID: 'TransitGateway'
flowq: 1 records read from 1 file: 0 parsed, 1 skipped (invalid account ID: 1)"
# it stops at the first problem: the good line after it is not read
run strict2 cat --strict -f csv bad/b-many-fields.log
expect_status cat_strict_stops_status 3 "$rc"
expect_eq cat_strict_stops_msg "$(cat strict2.err)" "flowq: bad/b-many-fields.log:1: field 15: unexpected: the line has 15 fields, the format 14
flowq: 1 records read from 1 file: 0 parsed, 1 skipped (wrong number of fields: 1)"
expect_eq cat_strict_stops_no_rows "$(cat strict2.out)" "version,account_id,interface_id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log_status"
run strict3 cat --strict -f csv -c interface_id bad/j-truncated.log.gz
expect_status cat_strict_gzip_status 3 "$rc"
expect_eq cat_strict_gzip_msg "$(sed -n 1p strict3.err)" \
	"flowq: bad/j-truncated.log.gz: truncated gzip data (after line 1; the lines before it were read)"
run strict4 cat --strict -f csv -c interface_id bad/i-long-line.log
expect_status cat_strict_long_line_status 3 "$rc"
expect_eq cat_strict_long_line_msg "$(sed -n 1p strict4.err)" \
	"flowq: bad/i-long-line.log:2: field 1 (version): line too long: 70021 bytes (at most 65536)"
run strict5 cat --strict -f csv -c interface_id walk
expect_status cat_strict_clean_input_status 0 "$rc"

# ---- empty, missing, unreadable ----------------------------------------------------------------
run empty cat -f csv bad/m-empty.log
expect_status cat_empty_status 0 "$rc"
expect_eq cat_empty_out "$(cat empty.out)" \
	"version,account_id,interface_id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log_status"
expect_eq cat_empty_err "$(cat empty.err)" "flowq: 0 records read from 1 file: 0 parsed, 0 skipped
flowq: 1 file with problems: empty 1"
run missing cat -f csv does-not-exist.log
expect_status cat_missing_status 6 "$rc"
expect_eq cat_missing_msg "$(cat missing.err)" "flowq: does-not-exist.log: No such file or directory"
expect_eq cat_missing_no_output "$(cat missing.out)" ""
run missing2 cat -f csv in.log does-not-exist.log
expect_status cat_missing_among_others_status 6 "$rc"
run missing3 schema does-not-exist.log
expect_status schema_missing_status 6 "$rc"
expect_eq schema_missing_msg "$(cat missing3.err)" "flowq: does-not-exist.log: No such file or directory"
if [ "$(id -u)" != 0 ]; then
	printf '%s\n' "$ACC" >secret.log
	chmod 000 secret.log
	run unread cat -f csv -c log_status secret.log
	expect_status cat_unreadable_status 3 "$rc"
	expect_eq cat_unreadable_msg "$(cat unread.err)" "secret.log: cannot read: Permission denied
flowq: 0 records read from 1 file: 0 parsed, 0 skipped
flowq: 1 file with problems: unreadable 1"
	chmod 644 secret.log
else
	echo "# cat_unreadable (chmod 000) skipped: running as root, permissions do not apply"
fi
# a file that opens but cannot be read, even as root: /proc/self/mem gives EIO at offset 0
if [ -e /proc/self/mem ]; then
	run unread2 cat -f csv -c log_status in.log /proc/self/mem
	expect_status cat_unreadable_with_good_status 0 "$rc"
	expect_eq cat_unreadable_with_good_msg "$(cat unread2.err)" "/proc/self/mem: cannot read: read error: Input/output error
flowq: 2 records read from 2 files: 2 parsed, 0 skipped
flowq: 1 file with problems: unreadable 1"
	run unread3 cat -f csv -c log_status /proc/self/mem
	expect_status cat_nothing_readable_status 3 "$rc"
	run unread4 cat --strict -f csv -c log_status /proc/self/mem
	expect_status cat_strict_unreadable_status 3 "$rc"
	expect_eq cat_strict_unreadable_msg "$(sed -n 1p unread4.err)" \
		"flowq: /proc/self/mem: cannot read: read error: Input/output error"
fi

# ---- schema --------------------------------------------------------------------------------------
A=tree/AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/02/13
mkdir -p "$A" tree/other
cp "$CONF/beats-vpcflow-module/accept-reject-traffic.log" "$A/123456789012_vpcflowlogs_us-east-1_fl-1_20260213T0005Z_aa.log"
gzip -n -c "$CONF/flowlogs-reader/v5-file.log" >"$A/123456789012_vpcflowlogs_us-east-1_fl-1_20260213T0010Z_bb.log.gz"
cp "$CONF/flowlogs-reader/v2-records-mixed-tgw.log" tree/other/mixed-tgw.log
cp "$CONF/beats-vpcflow-module/tcp-flag-sequence-skip-data.log" tree/other/skip.log
printf '2 123456789010 eni-a 10.0.0.1 10.0.0.2 99999 2 6 1 1 1 2 ACCEPT OK\n' >tree/other/port.log
printf 'hello\n' >tree/notes.md
run schema schema -t 1 tree
expect_status schema_status 0 "$rc"
expect_file schema_report schema.out "$G/reader-schema.txt"
expect_file schema_stderr schema.err "$G/reader-schema.err"
# the same report with several threads (order of formats must not depend on timing)
run schema4 schema -t 4 tree
expect_file schema_report_threads schema4.out "$G/reader-schema.txt"
run schema-strict schema --strict -t 1 tree/other/mixed-tgw.log
expect_status schema_strict_status 3 "$rc"
expect_eq schema_strict_msg "$(cat schema-strict.err)" \
	"flowq: tree/other/mixed-tgw.log:3: field 2 (account-id): invalid account ID: 'TransitGateway'"
run schema-nat schema --log-format "$NATFMT" nat.log
expect_eq schema_log_format "$(sed -n 3,4p schema-nat.out)" "format 1: v3 custom, 6 fields, no header (default/--log-format); 1 file, 2 records
  instance_id interface_id srcaddr dstaddr pkt_srcaddr pkt_dstaddr"
