#!/bin/sh
# fuzz.sh [SECONDS] - build every tests/fuzz/fuzz_*.c as a libFuzzer target
# (clang, ASan + UBSan) against the library sources (src/ without src/cli)
# and run each for SECONDS (default 60) from a seed corpus made of the
# shared conformance files, plain and gzipped.  New inputs are kept in
# build-fuzz/corpus-<target>/ between runs; crashes are written as
# build-fuzz/crash-<target>-*.  Exits non-zero when a target does not build
# or a run finds a crash, leak, timeout or sanitizer error.
#
# FUZZ_CC picks the compiler (default clang); FLOWQ_CONFORMANCE the seeds;
# FUZZ_SEED fixes libFuzzer's random seed (CI uses 1, so a CI run can be
# repeated).  Inputs that once failed live in tests/fuzz/corpus/<target>/ and
# run first every time.
set -u
SECS=${1:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build-fuzz
CC=${FUZZ_CC:-clang}
CONF=${FLOWQ_CONFORMANCE:-$ROOT/../shared/conformance}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -g -O1 -fno-omit-frame-pointer $SAN -Iinclude -Isrc -D_GNU_SOURCE"
LIBS="-ldeflate -lisal -lz -lpcre2-8 -lpthread -lm"

command -v "$CC" >/dev/null 2>&1 || { echo "fuzz: $CC not found" >&2; exit 2; }
cd "$ROOT" || exit 2
mkdir -p "$OUT/obj"
status=0

# the library, instrumented for coverage; a file that does not compile is
# left out (the link says so if a target needs it)
objs=""
for src in $(find src -name '*.c' ! -path 'src/cli/*' | sort); do
	obj=$OUT/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find src include -name '*.h' -newer "$obj" 2>/dev/null | head -1)" ]; then
		if ! $CC $CFLAGS -fsanitize=fuzzer-no-link -c -o "$obj" "$src" 2>"$obj.log"; then
			echo "fuzz: warning: $src does not compile, left out:" >&2
			head -5 "$obj.log" >&2
			rm -f "$obj"
			continue
		fi
	fi
	objs="$objs $obj"
done
rm -f "$OUT/libfuzz.a"
ar rcs "$OUT/libfuzz.a" $objs || exit 2

# seeds: every conformance file as it is and gzipped
SEEDS=$OUT/seeds
rm -rf "$SEEDS"
mkdir -p "$SEEDS"
if [ -d "$CONF" ]; then
	i=0
	for f in $(find "$CONF" -type f | sort); do
		i=$((i + 1))
		cp "$f" "$SEEDS/$i"
		gzip -n -c "$f" >"$SEEDS/$i.gz"
	done
else
	echo "fuzz: warning: no conformance folder at $CONF, starting without seeds" >&2
fi

targets=$(ls tests/fuzz/fuzz_*.c 2>/dev/null)
[ -n "$targets" ] || { echo "fuzz: no targets in tests/fuzz" >&2; exit 2; }
for t in $targets; do
	name=$(basename "$t" .c)
	if ! $CC $CFLAGS -fsanitize=fuzzer -o "$OUT/$name" "$t" "$OUT/libfuzz.a" $LIBS 2>"$OUT/$name.build.log"; then
		echo "FAIL $name: does not build"
		head -20 "$OUT/$name.build.log"
		status=1
		continue
	fi
	mkdir -p "$OUT/corpus-$name"
	extra=""
	[ -d "tests/fuzz/corpus/$name" ] && extra="tests/fuzz/corpus/$name"
	echo "fuzz: $name for ${SECS}s"
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
		"$OUT/$name" -max_total_time="$SECS" ${FUZZ_SEED:+-seed=$FUZZ_SEED} -timeout=20 \
		-rss_limit_mb=4096 -max_len=1048576 \
		-print_final_stats=1 -artifact_prefix="$OUT/crash-$name-" \
		"$OUT/corpus-$name" "$SEEDS" $extra >"$OUT/$name.log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL $name: exit $rc (see $OUT/$name.log)"
		grep -aE 'ERROR|SUMMARY|Test unit written|runtime error' "$OUT/$name.log" | head -10
		status=1
	else
		runs=$(grep -a '^stat::number_of_executed_units:' "$OUT/$name.log" | tail -1 | sed 's/.*: *//')
		cov=$(grep -aE '^#[0-9]+.*(DONE|pulse)' "$OUT/$name.log" | tail -1 | sed 's/.*cov: \([0-9]*\).*/\1/')
		echo "PASS $name: ${runs:-?} runs, coverage ${cov:-?}"
	fi
done
exit $status
