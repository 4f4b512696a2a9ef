#!/bin/sh
# threads.sh - results do not depend on the thread count: big results go
# through the partitioned aggregation, the threaded sort and the threaded
# output (csv, tsv, ndjson over 65536 rows), small ones do not; each is
# compared with the same query on one thread.
. "$(dirname "$0")/lib.sh"

$FLOWQ generate --records 200000 --days 2 --seed 5 "$T/g" 2>/dev/null
expect_status threads_data 0 $?

# run NAME SQL: the query on 1 and on 3 threads, in every streamed format
run() {
	name=$1
	for fmt in csv tsv ndjson json; do
		$FLOWQ query --threads 1 --format $fmt "$2" "$T/g" >"$T/$name.1.$fmt" 2>"$T/err"
		s1=$?
		$FLOWQ query --threads 3 --format $fmt "$2" "$T/g" >"$T/$name.3.$fmt" 2>"$T/err"
		s3=$?
		expect_status "${name}_${fmt}_runs" "0 0" "$s1 $s3"
		expect_file "${name}_${fmt}_same_on_3_threads" "$T/$name.3.$fmt" "$T/$name.1.$fmt"
	done
}

# DISTINCT over ports and addresses: ~100k groups, sorted on a small-range key
run distinct "SELECT DISTINCT dstport, srcaddr, dstaddr FROM vpc_flow_logs WHERE action = 'ACCEPT' ORDER BY dstport"
# every row, a wide-range sort key (the quicksort), strings and numbers
run rows "SELECT srcaddr, dstaddr, srcport, bytes, start FROM vpc_flow_logs ORDER BY start, srcaddr, srcport"
# aggregates over many groups, no ORDER BY (groups come out sorted by key)
run groups "SELECT srcaddr, dstport, count(*) AS n, sum(bytes) AS b, min(dstaddr) AS m FROM vpc_flow_logs GROUP BY srcaddr, dstport"

# max_by/min_by with ties on the ordering value (few distinct packet counts)
run maxby "SELECT srcaddr, max_by(dstaddr, packets) AS a, min_by(dstport, packets) AS b, count(*) AS n FROM vpc_flow_logs GROUP BY srcaddr ORDER BY srcaddr"

# the big results are big enough to take the threaded paths
rows=$(($(wc -l <"$T/distinct.3.csv") - 1))
expect_eq distinct_is_big "$([ "$rows" -gt 65536 ] && echo yes || echo "no: $rows rows")" yes
rows=$(($(wc -l <"$T/rows.3.csv") - 1))
expect_eq rows_is_all "$rows" 200000
# one header line, at the top
expect_eq csv_one_header "$(grep -c '^srcaddr,dstaddr,srcport,bytes,start$' "$T/rows.3.csv")" 1
expect_eq csv_header_first "$(head -1 "$T/rows.3.csv")" "srcaddr,dstaddr,srcport,bytes,start"
expect_eq ndjson_lines "$(wc -l <"$T/rows.3.ndjson" | tr -d ' ')" 200000
