#!/bin/sh
# check.sh FLOWQ UNIT - run every test suite against one build and close
# with "N passed, N failed" (the total).  Exit 1 when anything failed.
FLOWQ=$1
UNIT=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export FLOWQ="$(cd "$(dirname "$FLOWQ")" && pwd)/$(basename "$FLOWQ")"
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count_plain() { # count PASS/FAIL lines of a suite's output in $log
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	grep -A30 '^FAIL ' "$log" | head -200
	passed=$((passed + p))
	failed=$((failed + f))
	echo "$1: $p passed, $f failed"
}

# unit tests
"$UNIT" >"$log" 2>&1
st=$?
cat "$log" | grep -v '^unit:' | head -100
p=$(sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$log")
f=$(sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$log")
[ -z "$p" ] && { p=0; f=1; echo "unit: runner crashed (status $st)"; }
[ "$st" -ne 0 ] && [ "$f" = 0 ] && f=1
passed=$((passed + p)); failed=$((failed + f))
echo "unit: $p passed, $f failed"

# CLI, SQL and conformance suites: scripts that print PASS/FAIL lines
for s in "$ROOT"/tests/cli/*.sh "$ROOT"/tests/sql/run.sh "$ROOT"/tests/conformance/run.sh; do
	[ -f "$s" ] || continue
	case "$s" in */lib.sh) continue ;; esac
	sh "$s" >"$log" 2>&1
	st=$?
	name=$(basename "$(dirname "$s")")/$(basename "$s" .sh)
	if ! grep -q '^\(PASS\|FAIL\) ' "$log" || [ "$st" -ne 0 ] && ! grep -q '^FAIL ' "$log"; then
		echo "FAIL $name: exited $st" >>"$log"
		tail -20 "$log"
	fi
	count_plain "$name"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
