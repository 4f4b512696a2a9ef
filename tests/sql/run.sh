#!/bin/sh
# run.sh - the SQL cases.  Each tests/sql/cases/*.sql file holds cases:
#
#   -- case: a name
#   -- data: small                 (a folder under tests/sql/data; default small; none: no path)
#   -- args: --threads 1           (extra flowq query options; optional)
#   SELECT ... ;                   (the query, any number of lines)
#   -- expect:                     (the exact csv output follows) or
#   -- error:                      (the exact stderr follows; exit status must be non-zero)
#   ...
#   -- end
#
# A case prints PASS/FAIL with the diff.
. "$(dirname "$0")/../cli/lib.sh"
CASES=$HERE/../sql/cases
DATA=$HERE/../sql/data
for f in "$CASES"/*.sql; do
	[ -f "$f" ] || continue
	rm -rf "$T/c" && mkdir -p "$T/c"
	awk -v dir="$T/c" '
		/^-- case: / { n++; name=substr($0, 10); print name > (dir "/" n ".name"); part="sql"; data="small"; args=""; next }
		/^-- data: / { print substr($0, 10) > (dir "/" n ".data"); next }
		/^-- args: / { print substr($0, 10) > (dir "/" n ".args"); next }
		/^-- expect:/ { part="expect"; printf "" > (dir "/" n ".expect"); next }
		/^-- error:/ { part="error"; printf "" > (dir "/" n ".error"); next }
		/^-- end/ { part=""; next }
		n && part != "" { print > (dir "/" n "." part) }
	' "$f"
	base=$(basename "$f" .sql)
	for nf in "$T"/c/*.name; do
		[ -f "$nf" ] || continue
		i=${nf%.name}
		name="$base: $(cat "$nf")"
		data=small
		[ -f "$i.data" ] && data=$(cat "$i.data")
		args=""
		[ -f "$i.args" ] && args=$(cat "$i.args")
		# shellcheck disable=SC2086
		if [ "$data" = none ]; then
			"$FLOWQ" query --format csv --now 2026-02-14T00:00:00Z $args -f "$i.sql" </dev/null >"$i.out" 2>"$i.err"
		else
			"$FLOWQ" query --format csv --now 2026-02-14T00:00:00Z $args -f "$i.sql" "$DATA/$data" >"$i.out" 2>"$i.err"
		fi
		st=$?
		if [ -f "$i.expect" ]; then
			if [ $st -ne 0 ]; then
				fail "$name" "exit $st" "$(cat "$i.err")"
			elif d=$(diff -u "$i.expect" "$i.out"); then
				pass "$name"
			else
				fail "$name" "$d"
			fi
		elif [ -f "$i.error" ]; then
			if [ $st -eq 0 ]; then
				fail "$name" "succeeded, expected an error" "$(head -5 "$i.out")"
			elif d=$(diff -u "$i.error" "$i.err"); then
				pass "$name"
			else
				fail "$name" "$d"
			fi
		else
			fail "$name" "no -- expect: or -- error: section"
		fi
	done
done
