#!/bin/sh
# bench/run.sh - `make bench`: flowq against its floor and against DuckDB.
#
# What it does, in order:
#   1. builds ./flowq (if missing) and the bench programs build/bench/gzfloor and
#      build/bench/readbench (against build/libflowq.a);
#   2. makes the data if missing: `flowq generate --records 10000000 --days 3`
#      into $FLOWQ_BENCH_DATA (default /tmp/flowq-bench-10m; BENCH_QUICK=1: 1M
#      records in /tmp/flowq-bench-1m);
#   3. installs DuckDB (../shared/bench/duckdb-setup.sh) into .bench/duckdb if
#      missing; without node or DuckDB the DuckDB column is skipped, never fatal;
#   4. the gzip library study (gzfloor: ISA-L, libdeflate, zlib; 1 and 2 threads;
#      plain and split) unless BENCH_GZIP=0, and readbench (read+parse vs floor);
#   5. $BENCH_RUNS rounds (default 5); each round runs, one after another, the floor
#      (ISA-L, 2 threads) for all files and for one day, then Q1..Q4 with flowq and
#      with DuckDB alternately, so machine noise hits both alike, then (unless
#      BENCH_EXPORT=0) the export of every record as CSV: flowq cat and DuckDB's COPY;
#   6. prints medians: query, flowq s, DuckDB s, DuckDB/flowq, flowq/floor, peak RSS,
#      and the same for the export.
# Exit status 1 when a flowq or floor run failed (the table is printed anyway).
#
# Times are whole-process wall times from /usr/bin/time (DuckDB: node included; its
# own query_ms is shown too).  Q1-Q3 read one day (dt = 2026/02/13), Q4 all days;
# their floor is the decompression of the same files.  Q3 returns ~1M rows: flowq
# writes them (CSV) to /dev/null, DuckDB only counts them (duckq.mjs --count).
#
# env: BENCH_RUNS, BENCH_QUICK=1, BENCH_GZIP=0, BENCH_EXPORT=0, FLOWQ_BENCH_DATA, BENCH_THREADS (2),
#      DUCKDB_NODE_DIR, BENCH_SHARED (default ../shared/bench), CC.
set -u

cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
SHARED=${BENCH_SHARED:-$ROOT/../shared/bench}
RUNS=${BENCH_RUNS:-5}
THREADS=${BENCH_THREADS:-2}
DAY=2026/02/13
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	RECORDS=1000000
	DATA=${FLOWQ_BENCH_DATA:-/tmp/flowq-bench-1m}
else
	RECORDS=10000000
	DATA=${FLOWQ_BENCH_DATA:-/tmp/flowq-bench-10m}
fi
BIN=build/bench
CC=${CC:-cc}
TMP=$(mktemp -d /tmp/flowq-bench.XXXXXX) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

say() { printf '%s\n' "$*"; }
note() { printf 'bench: note: %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# median of the numbers in a file (one per line); "-" when there are none
median() {
	[ -s "$1" ] || { echo -; return; }
	sort -g "$1" | awk '{ v[NR] = $1 } END {
		if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2
		print m }'
}
# a / b with 2 decimals, "-" when either is missing
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-";
		else printf "%.2f\n", a / b }'
}
# KB to MB
mb() {
	awk -v k="$1" 'BEGIN { if (k == "-") print "-"; else printf "%.0f\n", k / 1024 }'
}

# ---- 1. build --------------------------------------------------------------

if [ ! -x ./flowq ] || [ ! -f build/libflowq.a ]; then
	make flowq >&2 || die "cannot build flowq"
fi
# a private copy, so a rebuild during the run (others share the tree) cannot mix binaries
cp ./flowq "$TMP/flowq" || die "cannot copy ./flowq"
FLOWQ=$TMP/flowq
LDLIBS=$(sed -n 's/^LDLIBS *:= *//p' Makefile)
mkdir -p "$BIN"
for prog in gzfloor readbench; do
	if [ ! -x "$BIN/$prog" ] ||
	   [ -n "$(find "bench/$prog.c" build/libflowq.a -newer "$BIN/$prog" 2>/dev/null)" ]; then
		# shellcheck disable=SC2086
		$CC -O2 -Iinclude -Isrc -D_GNU_SOURCE -o "$BIN/$prog" "bench/$prog.c" \
			build/libflowq.a $LDLIBS || die "cannot build $BIN/$prog"
	fi
done

# ---- 2. data ---------------------------------------------------------------

if [ ! -d "$DATA/AWSLogs" ]; then
	say "bench: generating $RECORDS records over 3 days into $DATA" >&2
	"$FLOWQ" generate --records "$RECORDS" --days 3 "$DATA" >&2 || die "flowq generate failed"
fi
LOGS=$DATA/AWSLogs
DAY_DIRS=$(find "$LOGS" -type d -path "*/$DAY" | sort)
[ -n "$DAY_DIRS" ] || die "no $DAY folder under $LOGS"
# warm the page cache so the first round is not a disk benchmark
find "$LOGS" -type f -name '*.gz' -exec cat {} + >/dev/null

# ---- 3. DuckDB -------------------------------------------------------------

DUCK_DIR=${DUCKDB_NODE_DIR:-$ROOT/.bench/duckdb}
DUCK=1
if ! command -v node >/dev/null 2>&1; then
	note "node not found: the DuckDB column is skipped"
	DUCK=0
elif [ ! -f "$SHARED/duckq.mjs" ]; then
	note "$SHARED/duckq.mjs not found: the DuckDB column is skipped"
	DUCK=0
else
	if [ ! -d "$DUCK_DIR/node_modules/@duckdb/node-api" ]; then
		say "bench: installing DuckDB into $DUCK_DIR" >&2
		sh "$SHARED/duckdb-setup.sh" "$DUCK_DIR" >&2 || true
	fi
	if ! DUCKDB_NODE_DIR=$DUCK_DIR node "$SHARED/duckq.mjs" -e 'SELECT 1' >/dev/null 2>"$TMP/duck.err"
	then
		note "DuckDB does not run ($(head -1 "$TMP/duck.err")): the DuckDB column is skipped"
		DUCK=0
	fi
fi
DUCK_VERSION=-
[ "$DUCK" = 1 ] && DUCK_VERSION=$(DUCKDB_NODE_DIR=$DUCK_DIR node "$SHARED/duckq.mjs" \
	-e 'SELECT version()' 2>/dev/null | tail -1)

# the queries: flowq's table is vpc_flow_logs
for q in 1 2 3 4; do
	[ -f "$SHARED/sql/q$q.sql" ] || die "$SHARED/sql/q$q.sql not found"
	sed 's/\bflows\b/vpc_flow_logs/g' "$SHARED/sql/q$q.sql" >"$TMP/q$q.sql"
done

EXPORT=${BENCH_EXPORT:-1}

TIME=/usr/bin/time
[ -x "$TIME" ] || note "/usr/bin/time not found: wall times from date(1), no peak RSS"

# run CMD... under /usr/bin/time; append wall s, peak KB, cpu s to $TMP/$1.{wall,rss,cpu}
timed() {
	name=$1
	shift
	if [ -x "$TIME" ]; then
		"$TIME" -f '%e %M %U %S' -o "$TMP/t" "$@" >/dev/null 2>"$TMP/$name.err"
		rc=$?
		if [ $rc -eq 0 ]; then
			read -r w k u s <"$TMP/t"
			echo "$w" >>"$TMP/$name.wall"
			echo "$k" >>"$TMP/$name.rss"
			awk -v u="$u" -v s="$s" 'BEGIN { print u + s }' >>"$TMP/$name.cpu"
		fi
	else
		t0=$(date +%s.%N)
		"$@" >/dev/null 2>"$TMP/$name.err"
		rc=$?
		t1=$(date +%s.%N)
		[ $rc -eq 0 ] && awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }' >>"$TMP/$name.wall"
	fi
	if [ $rc -ne 0 ]; then
		note "$name failed (exit $rc): $(tail -1 "$TMP/$name.err")"
	fi
	return $rc
}

# ---- 4. header, gzip study, readbench --------------------------------------

CPU=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
say "# flowq bench  $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine: $(nproc) CPUs, ${CPU:-unknown CPU}; $(uname -sr)"
HEAD=$(git rev-parse --short HEAD 2>/dev/null || echo -)
SUM=$(sha1sum "$FLOWQ" | cut -c1-12)
BUILT=$(date -u -r ./flowq '+%H:%M:%S UTC')
say "$("$FLOWQ" version 2>/dev/null | head -1) (tree at $HEAD, binary built $BUILT, sha1 $SUM)"
say "DuckDB ${DUCK_VERSION}, node $(node --version 2>/dev/null || echo -)"
say "data: $DATA ($RECORDS records, $(find "$LOGS" -type f -name '*.gz' | wc -l) files," \
	"$(du -sm "$LOGS" | cut -f1) MB on disk); threads $THREADS; $RUNS runs, medians"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
say ""

if [ "${BENCH_GZIP:-1}" != 0 ]; then
	say "## gzip libraries (gzfloor, all files)"
	"$BIN/gzfloor" -l isal,deflate,zlib -t 1,2 -r "$RUNS" --both "$LOGS" ||
		note "gzfloor failed"
	say ""
fi
say "## read + parse through the library (readbench, all files)"
"$BIN/readbench" -t 1,2 -r "$RUNS" "$LOGS" || note "readbench failed"
say ""

# ---- 5. rounds -------------------------------------------------------------

FAILED=0
r=1
while [ "$r" -le "$RUNS" ]; do
	printf 'bench: round %d/%d\n' "$r" "$RUNS" >&2
	for scope in all day; do
		if [ $scope = all ]; then
			set -- "$LOGS"
		else
			# shellcheck disable=SC2086
			set -- $DAY_DIRS
		fi
		if s=$("$BIN/gzfloor" -l isal -t "$THREADS" -r 1 -q "$@" 2>"$TMP/floor.err"); then
			echo "$s" >>"$TMP/floor_$scope.wall"
		else
			note "gzfloor failed: $(tail -1 "$TMP/floor.err")"
			FAILED=1
		fi
	done
	for q in 1 2 3 4; do
		timed "flowq_q$q" "$FLOWQ" query --threads "$THREADS" -f "$TMP/q$q.sql" "$LOGS" ||
			FAILED=1
		if [ "$DUCK" = 1 ]; then
			count=
			[ $q = 3 ] && count=--count
			# shellcheck disable=SC2086
			if timed "duck_q$q" env DUCKDB_NODE_DIR="$DUCK_DIR" node "$SHARED/duckq.mjs" \
				--threads "$THREADS" $count -D DATA="$DATA" \
				"$SHARED/sql/flows-view.sql" "$SHARED/sql/q$q.sql"; then
				sed -n 's/^duckq: stmt [0-9]*\/[0-9]* .*query_ms=\([0-9.]*\).*/\1/p' \
					"$TMP/duck_q$q.err" | tail -1 >>"$TMP/duck_q$q.qms"
			fi
		fi
	done
	if [ "$EXPORT" = 1 ]; then
		timed flowq_export "$FLOWQ" cat --threads "$THREADS" --format csv "$LOGS" || FAILED=1
		[ "$DUCK" = 1 ] &&
			timed duck_export env DUCKDB_NODE_DIR="$DUCK_DIR" node "$SHARED/duckq.mjs" \
				--threads "$THREADS" -D DATA="$DATA" "$SHARED/sql/flows-view.sql" \
				-e "COPY (SELECT * FROM flows) TO '/dev/null' (FORMAT csv)"
	fi
	r=$((r + 1))
done

# ---- 6. the table ----------------------------------------------------------

FLOOR_ALL=$(median "$TMP/floor_all.wall")
FLOOR_DAY=$(median "$TMP/floor_day.wall")
say "## queries, $THREADS threads (medians of $RUNS runs; whole-process wall time and peak RSS)"
say "floor (ISA-L decompression only, $THREADS threads): all files ${FLOOR_ALL} s," \
	"one day ${FLOOR_DAY} s"
say ""
say "| query | flowq s | DuckDB s | DuckDB query_ms | DuckDB/flowq | flowq/floor |" \
	"flowq RSS MB | DuckDB RSS MB | flowq CPU s | DuckDB CPU s |"
say "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for q in 1 2 3 4; do
	fw=$(median "$TMP/flowq_q$q.wall")
	dw=$(median "$TMP/duck_q$q.wall")
	dq=$(median "$TMP/duck_q$q.qms")
	floor=$FLOOR_DAY
	[ $q = 4 ] && floor=$FLOOR_ALL
	say "| Q$q | $fw | $dw | $dq | $(ratio "$dw" "$fw") | $(ratio "$fw" "$floor") |" \
		"$(mb "$(median "$TMP/flowq_q$q.rss")") | $(mb "$(median "$TMP/duck_q$q.rss")") |" \
		"$(median "$TMP/flowq_q$q.cpu") | $(median "$TMP/duck_q$q.cpu") |"
done
[ "$DUCK" = 1 ] || say "(DuckDB skipped: see the note above)"
say ""
if [ "$EXPORT" = 1 ]; then
	fw=$(median "$TMP/flowq_export.wall")
	dw=$(median "$TMP/duck_export.wall")
	say "## export: every record as CSV to /dev/null, $THREADS threads (flowq cat, 19 columns with" \
		"the path partitions; DuckDB COPY ... TO, 15)"
	say ""
	say "| export | flowq s | DuckDB s | DuckDB/flowq | flowq/floor | flowq RSS MB | DuckDB RSS MB |"
	say "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
	say "| all files | $fw | $dw | $(ratio "$dw" "$fw") | $(ratio "$fw" "$FLOOR_ALL") |" \
		"$(mb "$(median "$TMP/flowq_export.rss")") | $(mb "$(median "$TMP/duck_export.rss")") |"
	say ""
fi
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
# a failing flowq run fails the bench; DuckDB problems only leave notes
[ "$FAILED" = 0 ] || die "some flowq or floor runs failed (see the notes above)"
