# lib.sh - helpers for the CLI tests (sourced by each tests/cli/*.sh).
# Each case prints "PASS name" or "FAIL name" (with a diff); tools/check.sh
# counts them.  $FLOWQ is the binary under test, $T a scratch directory,
# $HERE the tests/cli directory, $ROOT the repository, $CONF ../shared/conformance.
set -u
: "${FLOWQ:?FLOWQ must name the flowq binary}"
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CONF=${FLOWQ_CONFORMANCE:-$ROOT/../shared/conformance}
T=$(mktemp -d "${TMPDIR:-/tmp}/flowq-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
export NO_COLOR=1

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; shift; [ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/    /'; }

# expect_eq NAME ACTUAL EXPECTED
expect_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected: $3" "actual:   $2"; fi
}

# expect_file NAME ACTUAL_FILE GOLDEN_FILE  (diff -u; UPDATE_GOLDEN=1 rewrites the golden)
expect_file() {
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then cp "$2" "$3"; fi
	if d=$(diff -u "$3" "$2" 2>&1); then pass "$1"; else fail "$1" "$d"; fi
}

# expect_status NAME WANT_STATUS GOT_STATUS
expect_status() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "exit status $3, expected $2"; fi
}

# expect_grep NAME PATTERN FILE: FILE has a line matching the fixed string PATTERN
expect_grep() {
	if grep -qF -- "$2" "$3"; then pass "$1"; else fail "$1" "no line with: $2" "in:" "$(head -20 "$3")"; fi
}
