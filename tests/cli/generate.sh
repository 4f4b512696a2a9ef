#!/bin/sh
# generate.sh - `flowq generate`: the S3 layout, the record formats, the
# inventory and manifest, determinism, and bad options.
. "$(dirname "$0")/lib.sh"

DAY=AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/02/13
PREFIX=123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f67890_
H2='version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes'
H2="$H2 start end action log-status"
H5="$H2 vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id"
H5="$H5 flow-direction traffic-path"

# all records of a tree (header lines dropped)
records() { find "$1/AWSLogs" -name '*.log.gz' | sort | xargs gzip -dc | grep -v '^version '; }
# md5 of every file of a tree, by relative path
tree_md5() { (cd "$1" && find . -type f | sort | xargs md5sum); }
# vals FILE FIELD [COND]: the distinct values of an awk field, sorted, on one line
vals() { awk "${3:-1} {print \$$2}" "$1" | sort -u | tr '\n' ' '; }
# first FILE COND: the first line where the awk condition holds (empty: none)
first() { awk "$2 {print; exit}" "$1"; }
# the window-end stamp of a file name: 20260213T0005Z
stamp() { basename "$1" | sed 's/.*_\([0-9]\{8\}T[0-9]\{4\}Z\)_[0-9a-f]*\.log\.gz$/\1/'; }

# ---- v2, one day ----------------------------------------------------------
$FLOWQ generate --records 20000 --seed 3 "$T/a" 2>"$T/a.err"
expect_status generate_ok 0 $?
expect_grep generate_summary "flowq generate: 20000 records in 288 files" "$T/a.err"

n=$(ls "$T/a/$DAY" | wc -l | tr -d ' ')
expect_eq layout_288_files_per_day "$n" 288
expect_eq layout_file_names "$(ls "$T/a/$DAY" |
	grep -c "^${PREFIX}2026021[34]T[0-2][0-9][0-5][05]Z_[0-9a-f]\{8\}\.log\.gz\$")" 288
expect_eq layout_first_window "$(stamp "$(ls "$T/a/$DAY" | head -1)")" "20260213T0005Z"
expect_eq layout_last_window_in_its_day "$(stamp "$(ls "$T/a/$DAY" | tail -1)")" "20260214T0000Z"
expect_eq layout_only_one_day "$(ls "$T/a/AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/02")" "13"

# one stream of all files in time order: each file opens with its header
gzip -dc "$T/a/$DAY"/*.log.gz >"$T/a.all"
expect_eq header_v2 "$(grep '^version ' "$T/a.all" | sort | uniq -c | sed 's/^ *//')" "288 $H2"
expect_eq header_is_first_line "$(python3 -c '
import gzip, sys
print(sorted({gzip.open(f, "rt").readline() for f in sys.argv[1:]}))' "$T/a/$DAY"/*.log.gz)" \
	"['$H2\\n']"
records "$T/a" >"$T/a.txt"
expect_eq record_count "$(wc -l <"$T/a.txt" | tr -d ' ')" 20000
expect_eq v2_14_fields "$(awk 'NF != 14' "$T/a.txt" | head -3)" ""
expect_eq v2_version_account "$(awk '{print $1, $2}' "$T/a.txt" | sort -u)" "2 123456789012"
expect_eq lines_end_with_newline "$(tail -c 1 "$T/a.all" | od -An -c | tr -d ' ')" '\n'

EMPTY='^2 123456789012 eni-[0-9a-f]\{17\} - - - - - - - [0-9]\{10\} [0-9]\{10\} -'
expect_eq nodata_shape "$(grep -c "$EMPTY NODATA\$" "$T/a.txt" | awk '{print ($1 > 0)}')" 1
expect_eq skipdata_shape "$(grep -c "$EMPTY SKIPDATA\$" "$T/a.txt" | awk '{print ($1 > 0)}')" 1
expect_eq status_values "$(vals "$T/a.txt" 14)" "NODATA OK SKIPDATA "
expect_eq action_values "$(vals "$T/a.txt" 13 '$14 == "OK"')" "ACCEPT REJECT "
expect_eq ipv6_present "$(awk '$4 ~ /:/' "$T/a.txt" | wc -l | awk '{print ($1 > 100)}')" 1
expect_eq protocols "$(awk '$14 == "OK" {print $8}' "$T/a.txt" | sort -un | tr '\n' ' ')" "1 6 17 "
expect_eq icmp_ports_zero "$(awk '$8 == 1 && ($6 != 0 || $7 != 0)' "$T/a.txt" | head -1)" ""
expect_eq tcp_bytes_per_packet "$(first "$T/a.txt" '$8 == 6 &&
	($10 < 40 * $9 || $10 > 1500 * $9)')" ""
expect_eq resolver_dns "$(awk '$5 == "10.0.0.2" && $7 == 53 && $8 == 17' "$T/a.txt" | wc -l |
	awk '{print ($1 > 100)}')" 1

# every record starts inside its file's window (2026-02-13 00:00 UTC is
# 1770940800); end - start is 0..600 and end at most a minute past the window
bad=$(awk 'BEGIN {we = 1770940800} /^version / {we += 300; next}
	!($11 >= we - 300 && $11 < we && $12 >= $11 && $12 - $11 <= 600 && $12 <= we + 60) {
	print we ": " $0; exit}' "$T/a.all")
expect_eq records_inside_window "$bad" ""

# ---- inventory and manifest -------------------------------------------------
for j in manifest.json inventory/describe-subnets.json inventory/describe-network-interfaces.json \
	inventory/describe-security-groups.json inventory/describe-nat-gateways.json; do
	if python3 -m json.tool "$T/a/$j" >/dev/null 2>"$T/json.err"; then
		pass "json_parses_$(basename "$j" .json)"
	else
		fail "json_parses_$(basename "$j" .json)" "$(cat "$T/json.err")"
	fi
done
expect_eq inventory_shapes "$(python3 -c '
import json, sys
d = sys.argv[1] + "/inventory/"
s = json.load(open(d + "describe-subnets.json"))["Subnets"]
e = json.load(open(d + "describe-network-interfaces.json"))["NetworkInterfaces"]
g = json.load(open(d + "describe-security-groups.json"))["SecurityGroups"]
n = json.load(open(d + "describe-nat-gateways.json"))["NatGateways"]
print(len(s), sorted({x["AvailabilityZoneId"] for x in s}), len(e) >= 200,
      sorted({x["InterfaceType"] for x in e}), len(n),
      all(x["NatGatewayAddresses"][0]["PublicIp"] for x in n),
      any(p.get("FromPort") == 8080 for x in g for p in x["IpPermissions"]))
' "$T/a")" "9 ['use1-az1', 'use1-az2', 'use1-az4'] True \
['interface', 'lambda', 'nat_gateway', 'vpc_endpoint'] 3 True True"

for k in port_scan port_sweep ssh_bruteforce rdp_bruteforce ssh_alt_port_bruteforce \
	reject_burst exfiltration cross_az nat_top_talker; do
	expect_grep "manifest_incident_$k" "\"kind\": \"$k\"" "$T/a/manifest.json"
done
expect_grep manifest_counts '"records": 20000' "$T/a/manifest.json"

# the planted port scan is in the data: one source, 1000+ ports of one host, mostly REJECT
scan=$(python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
i = [x for x in m["incidents"] if x["kind"] == "port_scan"][0]
print(i["src"], i["dst"])' "$T/a/manifest.json")
set -- $scan
expect_eq port_scan_in_data "$(awk -v s="$1" -v d="$2" '$4 == s && $5 == d && $13 == "REJECT" {
	print $7}' "$T/a.txt" | sort -u | wc -l | awk '{print ($1 >= 1000)}')" 1
brute=$(python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
i = [x for x in m["incidents"] if x["kind"] == "ssh_bruteforce"][0]
print(i["src"], i["dst"], i["connections"])' "$T/a/manifest.json")
set -- $brute
expect_eq ssh_bruteforce_in_data "$(awk -v s="$1" -v d="$2" '$4 == s && $5 == d && $7 == 22' \
	"$T/a.txt" | wc -l | tr -d ' ')" "$3"
# the unused security group rules stay unused: nothing connects to 8080
expect_eq port_8080_unused "$(awk '$7 == 8080 && $13 == "ACCEPT"' "$T/a.txt" | head -1)" ""

# ---- determinism --------------------------------------------------------------
$FLOWQ generate --records 20000 --seed 3 --threads 1 "$T/b" 2>/dev/null
$FLOWQ generate --records 20000 --seed 3 --threads 3 "$T/c" 2>/dev/null
tree_md5 "$T/a" >"$T/a.md5"
tree_md5 "$T/b" >"$T/b.md5"
tree_md5 "$T/c" >"$T/c.md5"
expect_file same_seed_same_bytes "$T/b.md5" "$T/a.md5"
expect_file threads_do_not_change_bytes "$T/c.md5" "$T/a.md5"
$FLOWQ generate --records 20000 --seed 4 "$T/d" 2>/dev/null
tree_md5 "$T/d" >"$T/d.md5"
if cmp -s "$T/a.md5" "$T/d.md5"; then
	fail different_seed_differs
else
	pass different_seed_differs
fi

# a second run into the same directory replaces the first run's files
$FLOWQ generate --records 20000 --seed 3 "$T/d" 2>/dev/null
expect_eq rerun_replaces_files "$(ls "$T/d/$DAY" | wc -l | tr -d ' ')" 288
tree_md5 "$T/d" >"$T/d.md5"
expect_file rerun_same_bytes "$T/d.md5" "$T/a.md5"

# ---- v5, two days across a year end -------------------------------------------
$FLOWQ generate --records 30000 --days 2 --start-date 2025-12-31 --format v5 --seed 9 "$T/v5" \
	2>"$T/v5.err"
expect_status generate_v5_ok 0 $?
base5="$T/v5/AWSLogs/123456789012/vpcflowlogs/us-east-1"
expect_eq v5_days "$(ls "$base5/2025/12" "$base5/2026/01" | grep -c '^[0-9]')" 2
expect_eq v5_files "$(find "$base5" -name '*.log.gz' | wc -l | tr -d ' ')" 576
expect_eq header_v5 "$(find "$base5" -name '*.log.gz' | xargs gzip -dc | grep '^version ' | sort |
	uniq -c | sed 's/^ *//')" "576 $H5"
records "$T/v5" >"$T/v5.txt"
expect_eq v5_record_count "$(wc -l <"$T/v5.txt" | tr -d ' ')" 30000
expect_eq v5_25_fields "$(awk 'NF != 25' "$T/v5.txt" | head -3)" ""
expect_eq v5_version "$(awk '{print $1}' "$T/v5.txt" | sort -u)" 5
expect_eq v5_type "$(vals "$T/v5.txt" 19 '$14 == "OK"')" "IPv4 IPv6 "
expect_eq v5_type_matches_address "$(first "$T/v5.txt" '$14 == "OK" &&
	(($4 ~ /:/) != ($19 == "IPv6"))')" ""
expect_eq v5_direction "$(vals "$T/v5.txt" 24 '$14 == "OK"')" "egress ingress "
expect_eq v5_ingress_path_dash "$(awk '$24 == "ingress" && $25 != "-"' "$T/v5.txt" | head -1)" ""
expect_eq v5_egress_path_values "$(vals "$T/v5.txt" 25 '$24 == "egress"')" "1 2 7 8 "
expect_eq v5_region_az "$(awk '$14 == "OK" {print $22, $23}' "$T/v5.txt" | sort -u | tr '\n' ',')" \
	"us-east-1 use1-az1,us-east-1 use1-az2,us-east-1 use1-az4,"
expect_eq v5_nodata_all_dashes "$(awk '$14 == "NODATA" {
	for (i = 15; i <= 25; i++) if ($i != "-") {print; exit}}' "$T/v5.txt")" ""
# on a NAT gateway ENI the instance-side records carry the internet host in pkt-*addr
expect_eq v5_nat_pkt_addresses "$(awk '$14 == "OK" && $4 ~ /^10\./ && $5 ~ /^10\./ &&
	$21 !~ /^10\./' "$T/v5.txt" | wc -l | awk '{print ($1 > 10)}')" 1
expect_eq v5_pkt_equal_on_instances "$(first "$T/v5.txt" '$14 == "OK" && $17 != "-" &&
	($20 != $4 || $21 != $5)')" ""
expect_eq v5_tcp_flags "$(awk '$14 == "OK" && $8 == 6 {print $18}' "$T/v5.txt" | sort -un |
	tr '\n' ' ')" "0 1 2 3 4 6 18 19 "

# ---- bad options ----------------------------------------------------------------
bad_opt() { # NAME EXPECTED_MESSAGE ARGS...
	name=$1
	msg=$2
	shift 2
	$FLOWQ generate "$@" >"$T/bad.out" 2>"$T/bad.err"
	st=$?
	if [ "$st" = 2 ] && grep -qF -- "$msg" "$T/bad.err"; then
		pass "$name"
	else
		fail "$name" "exit $st, stderr: $(cat "$T/bad.err")"
	fi
}
bad_opt bad_format "--format must be v2 or v5, not 'v3'" --format v3 "$T/x"
bad_opt bad_days "--days must be between 1 and 366, not 0" --days 0 "$T/x"
bad_opt bad_records_text "--records needs a whole number, not 'many'" --records many "$T/x"
bad_opt bad_records_zero "--records must be between 1 and" --records 0 "$T/x"
bad_opt bad_threads "--threads must be between 1 and 256, not 0" --threads 0 "$T/x"
bad_opt bad_date_shape "--start-date must be YYYY-MM-DD, not '2026-2-13'" \
	--start-date 2026-2-13 "$T/x"
bad_opt bad_date_value "--start-date 2026-02-30 is not a date" --start-date 2026-02-30 "$T/x"
bad_opt bad_seed "--seed must be between 0 and" --seed -1 "$T/x"
bad_opt missing_outdir "missing OUTDIR" --records 10
bad_opt two_outdirs "too many arguments" "$T/x" "$T/y"
bad_opt unknown_option "unknown option '--recrods'" --recrods 10 "$T/x"
[ -e "$T/x" ] && fail bad_options_write_nothing "$T/x exists" || pass bad_options_write_nothing

# an output directory that cannot be made: exit 6, the message names the path
: >"$T/plainfile"
$FLOWQ generate --records 100 "$T/plainfile/out" 2>"$T/io.err"
expect_status unwritable_outdir_status 6 $?
expect_grep unwritable_outdir_message "$T/plainfile" "$T/io.err"

# more records than a 5-minute file may hold: exit 5 (a limit), with a hint
$FLOWQ generate --records 100000000000 "$T/big" 2>"$T/big.err"
expect_status too_many_records_status 5 $?
expect_grep too_many_records_hint "hint: spread --records over more --days" "$T/big.err"

$FLOWQ generate --help >"$T/help.out" 2>&1
expect_status help_status 0 $?
expect_grep help_lists_start_date "--start-date YYYY-MM-DD" "$T/help.out"
