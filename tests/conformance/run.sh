#!/bin/sh
# run.sh - conformance: every record of every source in the shared
# conformance folder (AWS documentation examples, Elastic, Beats, VRL,
# flowlogs-reader) read with `flowq cat --format ndjson`, every value the
# source expects asserted (check.js does the JSON work), one PASS/FAIL line
# per record and a NOTE line per disagreement between sources.
#
# usage: FLOWQ=path/to/flowq tests/conformance/run.sh
# The data is $ROOT/../shared/conformance unless FLOWQ_CONFORMANCE says.
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FLOWQ=${FLOWQ:-$ROOT/flowq}
CONF=${FLOWQ_CONFORMANCE:-$ROOT/../shared/conformance}

if [ ! -d "$CONF" ] || [ ! -f "$CONF/README.md" ]; then
	echo "FAIL conformance_data: no conformance folder at $CONF (set FLOWQ_CONFORMANCE)"
	exit 1
fi
if ! command -v node >/dev/null 2>&1; then
	echo "FAIL conformance_node: node (>= 18) is needed to read the JSON expectations"
	exit 1
fi
case $FLOWQ in /*) ;; *) FLOWQ=$(pwd)/$FLOWQ ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/flowq-conf-XXXXXX")
trap 'rm -rf "$T"' EXIT
node "$HERE/check.js" "$FLOWQ" "$(cd "$CONF" && pwd)" "$T"
