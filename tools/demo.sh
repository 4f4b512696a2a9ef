#!/bin/sh
# demo.sh - `make demo`: generate a sample VPC's flow logs (once) and run the
# main report on them: what was read, then the guide's three questions.
set -e
cd "$(dirname "$0")/.."
DATA=${FLOWQ_DEMO_DATA:-demo-data}
RECORDS=${FLOWQ_DEMO_RECORDS:-1000000}
if [ ! -f "$DATA/manifest.json" ]; then
	echo "== generating $RECORDS records of a sample VPC into $DATA/"
	./flowq generate --records "$RECORDS" --days 2 --seed 1 "$DATA"
fi
FMT=table
echo
echo "== what was read: flowq schema $DATA"
./flowq schema "$DATA" 2>/dev/null
echo
echo "== top talkers on 2026-02-13: flowq top-talkers --date 2026-02-13 --limit 10"
./flowq top-talkers --format $FMT --date 2026-02-13 --limit 10 "$DATA" 2>/dev/null
echo
echo "== rejected traffic on 2026-02-13: flowq rejected --date 2026-02-13 --limit 10"
./flowq rejected --format $FMT --date 2026-02-13 --limit 10 "$DATA" 2>/dev/null
echo
echo "== unusual ports on 2026-02-13: flowq unusual-ports --date 2026-02-13 --limit 10"
./flowq unusual-ports --format $FMT --date 2026-02-13 --limit 10 "$DATA" 2>/dev/null
echo
echo "== the same questions in SQL: flowq query 'SELECT ...' $DATA (see README.md)"
./flowq query --format $FMT "SELECT action, count(*) AS flows, sum(bytes) AS bytes FROM vpc_flow_logs GROUP BY action ORDER BY flows DESC" "$DATA" 2>/dev/null
