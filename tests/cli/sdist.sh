#!/bin/sh
# sdist.sh - GROUP BY without aggregates over narrow keys takes the sort
# path (src/exec/sdist.c): every query here must give, on 1 and on 3
# threads, what the hash aggregation gives (FLOWQ_NO_SDIST=1, 1 thread).
# The data has IPv6 addresses and NODATA rows (NULL keys), so both paths
# meet: packed groups first, hashed ones merged in.
. "$(dirname "$0")/lib.sh"

$FLOWQ generate --records 120000 --days 1 --seed 9 "$T/g" 2>/dev/null
expect_status sdist_data 0 $?

# run NAME SQL: against the hash path, on 1 and 3 threads
run() {
	expect_same_as_off "$1" FLOWQ_NO_SDIST 3 "$2" "$T/g"
}

# the guide's unusual-ports question: ORDER BY a prefix of the keys (no sort)
run ports "SELECT DISTINCT dstport, srcaddr, dstaddr FROM vpc_flow_logs WHERE action = 'ACCEPT' ORDER BY dstport"
# no ORDER BY: groups in key order; NULL addresses (NODATA rows) last
run pairs "SELECT DISTINCT srcaddr, dstaddr FROM vpc_flow_logs"
# a cut of presorted groups
run cut "SELECT DISTINCT srcaddr, dstport FROM vpc_flow_logs ORDER BY srcaddr LIMIT 50 OFFSET 10"
# orders the keys do not give: DESC, NULLS FIRST, a later key first
run desc "SELECT DISTINCT dstaddr FROM vpc_flow_logs ORDER BY dstaddr DESC LIMIT 100"
run nullsfirst "SELECT DISTINCT srcaddr FROM vpc_flow_logs ORDER BY srcaddr NULLS FIRST"
run second "SELECT DISTINCT dstport, srcaddr FROM vpc_flow_logs ORDER BY srcaddr"
# negative integers, GROUP BY ordinals, no aggregate
run negative "SELECT srcport - 40000 AS p, protocol FROM vpc_flow_logs GROUP BY 1, 2 ORDER BY p"
# bigints past 32 bits are hashed, the rest packed
run wide "SELECT DISTINCT bytes * 3000 AS b FROM vpc_flow_logs ORDER BY b"
# text that is not an address: every key hashed
run text "SELECT DISTINCT action, dstport FROM vpc_flow_logs ORDER BY action"
# HAVING without aggregates
run having "SELECT srcaddr, dstport FROM vpc_flow_logs GROUP BY srcaddr, dstport HAVING dstport > 1000 ORDER BY srcaddr, dstport"
# a computed output column over the keys
run computed "SELECT DISTINCT dstport + 1 AS q, srcaddr FROM vpc_flow_logs ORDER BY q"

# without the SIMD reader (no packed addresses from it) the keys still pack
FLOWQ_NO_SIMD=1 $FLOWQ query --threads 2 --format csv "SELECT DISTINCT dstport, srcaddr, dstaddr FROM vpc_flow_logs WHERE action = 'ACCEPT' ORDER BY dstport" "$T/g" >"$T/nosimd" 2>"$T/err"
expect_status nosimd_runs 0 $?
expect_file nosimd_same "$T/nosimd" "$T/ports.ref"
# more threads than the finishing jobs run at once
$FLOWQ query --threads 70 --format csv "SELECT DISTINCT srcaddr, dstaddr FROM vpc_flow_logs" "$T/g" >"$T/many" 2>"$T/err"
expect_status many_threads_runs 0 $?
expect_file many_threads_same "$T/many" "$T/pairs.ref"

# the paths really differ: EXPLAIN names the sort path
$FLOWQ query "EXPLAIN SELECT DISTINCT dstport, srcaddr FROM vpc_flow_logs" "$T/g" >"$T/explain" 2>&1
expect_eq explain_sort_path "$(grep -c 'Aggregate (sort: keys packed in 128 bits' "$T/explain")" 1
FLOWQ_NO_SDIST=1 $FLOWQ query "EXPLAIN SELECT DISTINCT dstport, srcaddr FROM vpc_flow_logs" "$T/g" >"$T/explain" 2>&1
expect_eq explain_hash_path "$(grep -c 'Aggregate (hash' "$T/explain")" 1
# both kinds of group are there: IPv6 (hashed) and IPv4 (packed) sources
expect_eq has_ipv6 "$(grep -c ':' "$T/pairs.ref" | awk '{print ($1 > 0) ? "yes" : "no"}')" yes
expect_eq has_nulls "$(grep -c '^,' "$T/pairs.ref" | awk '{print ($1 > 0) ? "yes" : "no"}')" yes

# the key arrays count toward --max-memory
$FLOWQ query --threads 2 --max-memory 2MB "SELECT DISTINCT dstport, srcaddr, dstaddr FROM vpc_flow_logs" "$T/g" >/dev/null 2>"$T/err"
expect_status memory_limit 5 $?
expect_eq memory_message "$(grep -c 'memory limit exceeded in the aggregation' "$T/err")" 1

