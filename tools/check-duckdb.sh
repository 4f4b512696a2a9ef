#!/bin/sh
# check-duckdb.sh - the differential test against DuckDB (`make check-duckdb`).
#
# Generates the same synthetic flow logs every time (200,000 v2 records over
# two days, and a v5 tree, seed 7) into a scratch directory, then runs the
# corpus of tests/duckdb (hand-written queries and the generated set) through
# ./flowq and through DuckDB (node and @duckdb/node-api, installed by
# ../shared/bench/duckdb-setup.sh when missing) and compares the answers.
# Prints PASS/FAIL per query and "N passed, N failed"; exits 1 on a failure.
#
# usage: tools/check-duckdb.sh [--only SUBSTR] [--keep]
#   FLOWQ=path/to/flowq    the binary under test (default ./flowq)
#   DUCKDB_NODE_DIR=DIR    where @duckdb/node-api is installed (default ./.bench/duckdb)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FLOWQ=${FLOWQ:-$ROOT/flowq}
SHARED=$ROOT/../shared/bench
keep=0
only=""
while [ $# -gt 0 ]; do
	case "$1" in
	--only) only=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	*) echo "usage: tools/check-duckdb.sh [--only SUBSTR] [--keep]" >&2; exit 2 ;;
	esac
done

if ! command -v node >/dev/null 2>&1; then
	echo "check-duckdb: node is not installed: the DuckDB side runs on Node.js" >&2
	exit 2
fi
[ -x "$FLOWQ" ] || { echo "check-duckdb: no flowq binary at $FLOWQ (run make)" >&2; exit 2; }
DUCKDIR=${DUCKDB_NODE_DIR:-$ROOT/.bench/duckdb}
if [ ! -d "$DUCKDIR/node_modules/@duckdb/node-api" ]; then
	echo "check-duckdb: installing DuckDB into $DUCKDIR" >&2
	sh "$SHARED/duckdb-setup.sh" "$DUCKDIR" >&2 || { echo "check-duckdb: DuckDB setup failed" >&2; exit 2; }
fi
export DUCKDB_NODE_DIR=$DUCKDIR

T=$(mktemp -d "${TMPDIR:-/tmp}/flowq-duckdb-XXXXXX")
if [ $keep = 1 ]; then
	echo "check-duckdb: data kept in $T" >&2
else
	trap 'rm -rf "$T"' EXIT
fi
"$FLOWQ" generate --records 200000 --days 2 --seed 7 "$T/v2" 2>/dev/null &&
	"$FLOWQ" generate --records 50000 --days 1 --seed 7 --format v5 "$T/v5" 2>/dev/null || {
	echo "check-duckdb: flowq generate failed" >&2
	exit 2
}

set -- --flowq "$FLOWQ" --data "v2=$T/v2" --data "v5=$T/v5" --generated
[ -n "$only" ] && set -- "$@" --only "$only"
node "$ROOT/tests/duckdb/diff.mjs" "$@" "$ROOT"/tests/duckdb/*.sql
