#!/bin/sh
# bench/sweep.sh - `make bench-sweep`: the queries an analyst writes beyond the
# guide's four (bench/sweep.txt), flowq against DuckDB on the same files.
#
# For each query: flowq's whole-process wall time (median of BENCH_RUNS, default
# 3, `--threads 2`, output to /dev/null) and DuckDB's own in-process query_ms
# (`duckq.mjs --repeat BENCH_RUNS`: node's start-up and the view are left out,
# so the ratio favours DuckDB).  Prints a markdown table: id, flowq s, DuckDB
# ms, DuckDB/flowq, and the query.  Uses the data of `make bench`
# ($FLOWQ_BENCH_DATA, default /tmp/flowq-bench-10m; made when missing) and
# skips the DuckDB column without node or DuckDB.  SWEEP_ONLY=ID,ID runs some.
set -u

cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
SHARED=${BENCH_SHARED:-$ROOT/../shared/bench}
RUNS=${BENCH_RUNS:-3}
DATA=${FLOWQ_BENCH_DATA:-/tmp/flowq-bench-10m}
DUCK_DIR=${DUCKDB_NODE_DIR:-$ROOT/.bench/duckdb}
TMP=$(mktemp -d /tmp/flowq-sweep.XXXXXX) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

die() { printf 'sweep: %s\n' "$*" >&2; exit 1; }

[ -x ./flowq ] || make flowq >&2 || die "cannot build flowq"
cp ./flowq "$TMP/flowq" || die "cannot copy ./flowq"
if [ ! -d "$DATA/AWSLogs" ]; then
	"$TMP/flowq" generate --records 10000000 --days 3 "$DATA" >&2 || die "flowq generate failed"
fi
find "$DATA/AWSLogs" -type f -name '*.gz' -exec cat {} + >/dev/null

DUCK=1
if ! command -v node >/dev/null 2>&1 || [ ! -f "$SHARED/duckq.mjs" ]; then
	DUCK=0
elif [ ! -d "$DUCK_DIR/node_modules/@duckdb/node-api" ]; then
	sh "$SHARED/duckdb-setup.sh" "$DUCK_DIR" >&2 || DUCK=0
fi

echo "| id | flowq s | DuckDB query_ms | DuckDB/flowq | query |"
echo "| --- | ---: | ---: | ---: | --- |"
grep -v '^#' bench/sweep.txt | while IFS='|' read -r id sql; do
	[ -n "$id" ] || continue
	case ",${SWEEP_ONLY:-$id}," in *",$id,"*) ;; *) continue ;; esac
	fq=$(printf '%s' "$sql" | sed 's/\bT\b/vpc_flow_logs/g')
	dk=$(printf '%s' "$sql" | sed 's/\bT\b/flows/g')
	: >"$TMP/t"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		if /usr/bin/time -o "$TMP/one" -f '%e' "$TMP/flowq" query --threads 2 "$fq" "$DATA" \
			>/dev/null 2>"$TMP/err"; then
			cat "$TMP/one" >>"$TMP/t"
		else
			printf 'sweep: %s failed: %s\n' "$id" "$(head -1 "$TMP/err")" >&2
			echo "$id" >>"$TMP/failed"
		fi
		i=$((i + 1))
	done
	f=$(sort -g "$TMP/t" | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }')
	d=-
	if [ "$DUCK" = 1 ]; then
		DUCKDB_NODE_DIR=$DUCK_DIR node "$SHARED/duckq.mjs" --threads 2 --repeat "$RUNS" \
			-D DATA="$DATA" "$SHARED/sql/flows-view.sql" -e "$dk" 2>"$TMP/duck" >/dev/null
		# the median of the repeats, or the one run's query_ms
		d=$(sed -n 's/.*repeat_median_ms=\([0-9.]*\).*/\1/p' "$TMP/duck" | tail -1)
		[ -n "$d" ] || d=$(sed -n 's/.*stmt 2\/2.* query_ms=\([0-9.]*\).*/\1/p' "$TMP/duck" | tail -1)
		[ -n "$d" ] || d=-
	fi
	r=$(awk -v f="$f" -v d="$d" 'BEGIN { if (f == "-" || d == "-" || f + 0 == 0) print "-";
		else printf "%.2f\n", d / 1000 / f }')
	printf '| %s | %s | %s | %s | `%s` |\n' "$id" "$f" "$d" "$r" "$fq"
done
[ ! -s "$TMP/failed" ]
