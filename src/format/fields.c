/*
 * fields.c - the field catalogue table (expanded from FLD_TABLE) and name
 * lookup.  AWS writes hyphenated names in header lines and custom format
 * strings (`${pkt-srcaddr}`); Athena columns use underscores.  Both spell
 * the same field, so lookup folds '-' to '_' and case.
 */
#include "fields.h"

const struct fld_def fld_defs[FLD_COUNT] = {
#define X(id, aws, col, ver, kind, max, meaning) {aws, col, ver, kind, max, meaning},
	FLD_TABLE(X)
#undef X
};

const int fld_default_v2[14] = {
	FLD_VERSION, FLD_ACCOUNT_ID, FLD_INTERFACE_ID, FLD_SRCADDR, FLD_DSTADDR,
	FLD_SRCPORT, FLD_DSTPORT, FLD_PROTOCOL, FLD_PACKETS, FLD_BYTES,
	FLD_START, FLD_END, FLD_ACTION, FLD_LOG_STATUS,
};

static const char *const part_names[PART_COUNT] = {"dt", "year", "month", "day", "hour"};

const char *part_column_name(int col)
{
	if (col < COL_DT || col >= COL_EXTRA)
		return NULL;
	return part_names[col - COL_DT];
}

/* Compare a name with a column name, folding case and '-' to '_'. */
static bool name_matches(const char *name, size_t len, const char *column)
{
	size_t i = 0;
	for (; i < len; i++) {
		char c = name[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c == '-')
			c = '_';
		if (column[i] != c)
			return false;
	}
	return column[i] == 0;
}

int fld_lookup(const char *name, size_t len)
{
	for (int i = 0; i < FLD_COUNT; i++)
		if (name_matches(name, len, fld_defs[i].column))
			return i;
	if (name_matches(name, len, "start_time"))
		return FLD_START;
	if (name_matches(name, len, "end_time"))
		return FLD_END;
	return -1;
}

enum fq_type fld_sql_type(int fld)
{
	switch (fld_defs[fld].kind) {
	case FK_INT32: return T_INTEGER;
	case FK_INT64: return T_BIGINT;
	default: return T_VARCHAR;
	}
}
