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

# expect_same_as_off NAME SWITCH THREADS SQL DATA: an optimisation must not
# change an answer.  The query's csv on 1 and on THREADS threads must equal
# its csv on 1 thread with the environment variable SWITCH=1 (which turns
# the optimisation off).  Outputs stay in $T/NAME.ref, $T/NAME.1, $T/NAME.THREADS.
expect_same_as_off() {
	_n=$1 _th=$3
	env "$2=1" $FLOWQ query --threads 1 --format csv "$4" "$5" >"$T/$_n.ref" 2>"$T/err"
	_s0=$?
	$FLOWQ query --threads 1 --format csv "$4" "$5" >"$T/$_n.1" 2>"$T/err"
	_s1=$?
	$FLOWQ query --threads "$_th" --format csv "$4" "$5" >"$T/$_n.$_th" 2>"$T/err"
	_s2=$?
	expect_status "${_n}_runs" "0 0 0" "$_s0 $_s1 $_s2"
	expect_file "${_n}_1_thread" "$T/$_n.1" "$T/$_n.ref"
	expect_file "${_n}_${_th}_threads" "$T/$_n.$_th" "$T/$_n.ref"
}

# expect_cut NAME SWITCH LIMIT OFFSET SQL DATA: SQL (no LIMIT of its own) with
# "LIMIT LIMIT OFFSET OFFSET" must give, on 3 threads, the rows of SQL in
# full cut afterwards, and agree with SWITCH=1 (expect_same_as_off).
expect_cut() {
	_cn=$1 _lim=$3 _off=$4 _cq=$5
	$FLOWQ query --threads 1 --format csv "$_cq" "$6" 2>"$T/err" |
		sed -n "1p; $((_off + 2)),$((_off + _lim + 1))p" >"$T/$_cn.want"
	expect_same_as_off "$_cn" "$2" 3 "$_cq LIMIT $_lim OFFSET $_off" "$6"
	expect_file "${_cn}_is_the_cut" "$T/$_cn.3" "$T/$_cn.want"
}
