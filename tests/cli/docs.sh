#!/bin/sh
# docs.sh - generated documentation matches the tables it comes from.
. "$(dirname "$0")/lib.sh"
$FLOWQ fields --markdown >"$T/fields.md"
expect_file docs_fields_md "$T/fields.md" "$ROOT/docs/fields.md"
