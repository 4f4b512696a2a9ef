/*
 * fn.c - the scalar function registry: one table that names every SQL
 * function flowq knows, plus what the function files share (overload
 * matching, result strings, UTF-8 walking, calendar fields) and the
 * timestamp/date literal parsers the evaluator also uses for CAST.
 *
 * The table is the single truth about functions: the binder looks names
 * up in it, `flowq functions` and docs/functions.md list it, and an alias
 * (ceil/ceiling, dow/day_of_week) is simply a second row pointing at the
 * same callbacks.  Rows are sorted by name; lookups are a linear scan,
 * done once per call site at bind time, never per row.
 *
 * Overloads live inside each function's bind callback as a small array of
 * fn_sig rows; fn_match() picks the one Trino would pick (exact, else the
 * cheapest implicit coercion) and writes the "Expected: ..." list of the
 * error message from the same rows, so the message can never drift from
 * what is accepted.
 *
 * Semantics are Trino's as Athena engine 3 runs them, in UTC (flowq has no
 * other session time zone).  Rows marked flowq_only are not Trino's.
 */
#include "exec/fn_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <strings.h>

/* ---- the table ---------------------------------------------------------- */

/* name, callbacks (fn_bind_<fn>, fn_eval_<fn>), signature, summary */
#define ROW(nm, fn, sig, sum) {nm, true, false, false, fn_bind_##fn, fn_eval_##fn, sig, sum}
#define VOLATILE(nm, fn, sig, sum) {nm, true, false, true, fn_bind_##fn, fn_eval_##fn, sig, sum}
#define FLOWQ(nm, fn, sig, sum) {nm, true, true, false, fn_bind_##fn, fn_eval_##fn, sig, sum}

static const struct fn_def fn_table[] = {
	ROW("abs", abs, "abs(number) -> number", "Absolute value (same type as the argument)"),
	ROW("acos", acos, "acos(double) -> double", "Arc cosine"),
	ROW("asin", asin, "asin(double) -> double", "Arc sine"),
	ROW("atan", atan, "atan(double) -> double", "Arc tangent"),
	ROW("atan2", atan2, "atan2(double, double) -> double", "Arc tangent of y / x"),
	ROW("bit_count", bit_count, "bit_count(bigint x, bigint bits) -> bigint",
	    "Number of 1 bits in x as a bits-wide two's complement integer"),
	ROW("bitwise_and", bitwise_and, "bitwise_and(bigint, bigint) -> bigint",
	    "Bitwise AND"),
	ROW("bitwise_not", bitwise_not, "bitwise_not(bigint) -> bigint",
	    "Bitwise NOT"),
	ROW("bitwise_or", bitwise_or, "bitwise_or(bigint, bigint) -> bigint",
	    "Bitwise OR"),
	ROW("bitwise_xor", bitwise_xor, "bitwise_xor(bigint, bigint) -> bigint",
	    "Bitwise XOR"),
	ROW("cbrt", cbrt, "cbrt(double) -> double", "Cube root"),
	ROW("ceil", ceiling, "ceil(number) -> number", "Alias of ceiling"),
	ROW("ceiling", ceiling, "ceiling(number) -> number",
	    "Round up to the nearest integer (same type as the argument)"),
	ROW("chr", chr, "chr(bigint) -> varchar", "The character of a Unicode code point"),
	ROW("codepoint", codepoint, "codepoint(varchar) -> integer",
	    "The Unicode code point of a one-character string"),
	ROW("concat", concat, "concat(varchar, varchar, ...) -> varchar",
	    "Concatenate 2 to 8 strings (NULL if any is NULL)"),
	ROW("contains", contains, "contains(varchar cidr, ipaddress) -> boolean",
	    "Whether the CIDR network (e.g. '10.0.0.0/16') contains the address"),
	ROW("cos", cos, "cos(double) -> double", "Cosine"),
	ROW("cosh", cosh, "cosh(double) -> double", "Hyperbolic cosine"),
	VOLATILE("current_date", current_date, "current_date -> date",
		 "Today's date (UTC) when the query started"),
	VOLATILE("current_timestamp", current_timestamp,
		 "current_timestamp -> timestamp", "The time the query started (UTC)"),
	ROW("current_timezone", current_timezone, "current_timezone() -> varchar",
	    "The session time zone: always 'UTC' in flowq"),
	ROW("date_add", date_add, "date_add(varchar unit, bigint, timestamp|date) -> same",
	    "Add a number of units (millisecond .. year) to a timestamp or date"),
	ROW("date_diff", date_diff,
	    "date_diff(varchar unit, timestamp|date, timestamp|date) -> bigint",
	    "Whole units from the first to the second value (calendar months and years)"),
	ROW("date_format", date_format, "date_format(timestamp, varchar) -> varchar",
	    "Format with a MySQL-style format string (%Y-%m-%d %H:%i:%s)"),
	ROW("date_parse", date_parse, "date_parse(varchar, varchar) -> timestamp",
	    "Parse with a MySQL-style format string"),
	ROW("date_trunc", date_trunc, "date_trunc(varchar unit, timestamp|date) -> same",
	    "Truncate to the unit (second .. year; week starts on Monday)"),
	ROW("day", day, "day(timestamp|date|interval day to second) -> bigint",
	    "Day of the month (or days of an interval)"),
	ROW("day_of_month", day, "day_of_month(timestamp|date) -> bigint",
	    "Alias of day"),
	ROW("day_of_week", day_of_week, "day_of_week(timestamp|date) -> bigint",
	    "ISO day of the week: 1 = Monday .. 7 = Sunday"),
	ROW("day_of_year", day_of_year, "day_of_year(timestamp|date) -> bigint",
	    "Day of the year, 1 .. 366"),
	ROW("degrees", degrees, "degrees(double) -> double", "Radians to degrees"),
	ROW("dow", day_of_week, "dow(timestamp|date) -> bigint",
	    "Alias of day_of_week"),
	ROW("doy", day_of_year, "doy(timestamp|date) -> bigint",
	    "Alias of day_of_year"),
	ROW("e", e, "e() -> double", "Euler's number"),
	ROW("exp", exp, "exp(double) -> double", "e raised to the power"),
	ROW("floor", floor, "floor(number) -> number",
	    "Round down to the nearest integer (same type as the argument)"),
	ROW("format_datetime", format_datetime,
	    "format_datetime(timestamp, varchar) -> varchar",
	    "Format with a Joda-Time pattern (yyyy-MM-dd HH:mm:ss.SSS)"),
	ROW("from_iso8601_date", from_iso8601_date,
	    "from_iso8601_date(varchar) -> date",
	    "Parse an ISO 8601 date (2026-02-13, 2026-W07-5)"),
	ROW("from_iso8601_timestamp", from_iso8601_timestamp,
	    "from_iso8601_timestamp(varchar) -> timestamp",
	    "Parse an ISO 8601 date-time; an offset is converted to UTC"),
	ROW("from_unixtime", from_unixtime,
	    "from_unixtime(double [, varchar zone | , bigint hours, bigint minutes]) -> timestamp",
	    "Seconds since the epoch to a timestamp (milliseconds kept; the zone must be UTC)"),
	ROW("greatest", greatest, "greatest(value, ...) -> value",
	    "Largest of 1 to 8 values (NULL if any is NULL)"),
	ROW("hamming_distance", hamming_distance,
	    "hamming_distance(varchar, varchar) -> bigint",
	    "Positions at which two equally long strings differ"),
	ROW("hour", hour, "hour(timestamp|interval day to second) -> bigint",
	    "Hour of the day, 0 .. 23"),
	ROW("infinity", infinity, "infinity() -> double", "Positive infinity"),
	ROW("is_finite", is_finite, "is_finite(double) -> boolean",
	    "Whether the value is finite"),
	ROW("is_infinite", is_infinite, "is_infinite(double) -> boolean",
	    "Whether the value is infinite"),
	ROW("is_nan", is_nan, "is_nan(double) -> boolean", "Whether the value is NaN"),
	FLOWQ("is_private_ip", is_private_ip,
	      "is_private_ip(varchar|ipaddress) -> boolean",
	      "Private, shared, loopback or link-local address (RFC 1918, RFC 6598, fc00::/7, "
	      "fe80::/10); NULL when not an address"),
	FLOWQ("is_subnet_of", is_subnet_of,
	      "is_subnet_of(varchar prefix, ipaddress|varchar prefix) -> boolean",
	      "Presto's is_subnet_of with the IPPREFIX given as text (not in Trino/Athena)"),
	ROW("last_day_of_month", last_day_of_month,
	    "last_day_of_month(timestamp|date) -> date", "Last day of the month"),
	ROW("least", least, "least(value, ...) -> value",
	    "Smallest of 1 to 8 values (NULL if any is NULL)"),
	ROW("length", length, "length(varchar) -> bigint", "Length in code points"),
	ROW("levenshtein_distance", levenshtein_distance,
	    "levenshtein_distance(varchar, varchar) -> bigint",
	    "Edit distance between two strings"),
	ROW("ln", ln, "ln(double) -> double", "Natural logarithm"),
	VOLATILE("localtimestamp", current_timestamp,
		 "localtimestamp -> timestamp", "Alias of current_timestamp (UTC)"),
	ROW("log", log, "log(double base, double x) -> double", "Logarithm of x to a base"),
	ROW("log10", log10, "log10(double) -> double", "Base 10 logarithm"),
	ROW("log2", log2, "log2(double) -> double", "Base 2 logarithm"),
	ROW("lower", lower, "lower(varchar) -> varchar",
	    "Lower case (ASCII letters; other characters unchanged)"),
	ROW("lpad", lpad, "lpad(varchar, bigint size, varchar pad) -> varchar",
	    "Pad on the left to size characters (truncates when longer)"),
	ROW("ltrim", ltrim, "ltrim(varchar [, varchar chars]) -> varchar",
	    "Remove leading whitespace (or the given characters)"),
	ROW("millisecond", millisecond,
	    "millisecond(timestamp|interval day to second) -> bigint", "Millisecond of the second"),
	ROW("minute", minute, "minute(timestamp|interval day to second) -> bigint",
	    "Minute of the hour"),
	ROW("mod", mod, "mod(number, number) -> number",
	    "Remainder of a division (sign of the dividend)"),
	ROW("month", month, "month(timestamp|date|interval year to month) -> bigint",
	    "Month of the year, 1 .. 12"),
	ROW("nan", nan, "nan() -> double", "Not a number"),
	VOLATILE("now", current_timestamp, "now() -> timestamp",
		 "Alias of current_timestamp"),
	ROW("pi", pi, "pi() -> double", "The constant pi"),
	ROW("pow", power, "pow(double, double) -> double", "Alias of power"),
	ROW("power", power, "power(double, double) -> double", "x raised to the power p"),
	FLOWQ("protocol_name", protocol_name, "protocol_name(integer) -> varchar",
	      "IANA keyword of an IP protocol number in lower case (6 -> tcp); else the number"),
	ROW("quarter", quarter, "quarter(timestamp|date) -> bigint",
	    "Quarter of the year, 1 .. 4"),
	ROW("radians", radians, "radians(double) -> double", "Degrees to radians"),
	VOLATILE("rand", random, "rand([n [, m]]) -> double|same", "Alias of random"),
	VOLATILE("random", random, "random([n [, m]]) -> double|same",
		 "Pseudo-random double in [0, 1), or integer in [0, n) / [n, m)"),
	ROW("regexp_count", regexp_count, "regexp_count(varchar, varchar) -> bigint",
	    "Number of matches of a regular expression"),
	ROW("regexp_extract", regexp_extract,
	    "regexp_extract(varchar, varchar [, bigint group]) -> varchar",
	    "First match (or its group); NULL when nothing matches"),
	ROW("regexp_like", regexp_like, "regexp_like(varchar, varchar) -> boolean",
	    "Whether the regular expression matches anywhere in the string"),
	ROW("regexp_position", regexp_position,
	    "regexp_position(varchar, varchar [, integer start [, integer n]]) -> integer",
	    "Position of the n-th match at or after start; -1 when none"),
	ROW("regexp_replace", regexp_replace,
	    "regexp_replace(varchar, varchar [, varchar]) -> varchar",
	    "Replace every match ($1, ${name} refer to groups); remove when no replacement"),
	ROW("replace", replace, "replace(varchar, varchar [, varchar]) -> varchar",
	    "Replace every occurrence of a string (remove when no replacement)"),
	ROW("reverse", reverse, "reverse(varchar) -> varchar", "Reverse the code points"),
	ROW("round", round, "round(number [, integer d]) -> number",
	    "Round half away from zero (to d decimal places)"),
	ROW("rpad", rpad, "rpad(varchar, bigint size, varchar pad) -> varchar",
	    "Pad on the right to size characters (truncates when longer)"),
	ROW("rtrim", rtrim, "rtrim(varchar [, varchar chars]) -> varchar",
	    "Remove trailing whitespace (or the given characters)"),
	ROW("second", second, "second(timestamp|interval day to second) -> bigint",
	    "Second of the minute"),
	ROW("sign", sign, "sign(number) -> number", "-1, 0 or 1 (same type as the argument)"),
	ROW("sin", sin, "sin(double) -> double", "Sine"),
	ROW("split_part", split_part,
	    "split_part(varchar, varchar delimiter, bigint index) -> varchar",
	    "Field index (from 1) of the string split on delimiter; NULL past the last"),
	ROW("sqrt", sqrt, "sqrt(double) -> double", "Square root"),
	ROW("starts_with", starts_with, "starts_with(varchar, varchar) -> boolean",
	    "Whether the string starts with the prefix"),
	ROW("strpos", strpos, "strpos(varchar, varchar [, bigint instance]) -> bigint",
	    "Position (from 1) of the n-th occurrence; from the end when n < 0; 0 when absent"),
	ROW("substr", substr, "substr(varchar, bigint start [, bigint length]) -> varchar",
	    "Substring from start (1-based; negative counts from the end)"),
	ROW("substring", substr,
	    "substring(varchar, bigint start [, bigint length]) -> varchar", "Alias of substr"),
	ROW("tan", tan, "tan(double) -> double", "Tangent"),
	ROW("tanh", tanh, "tanh(double) -> double", "Hyperbolic tangent"),
	FLOWQ("tcp_flags_names", tcp_flags_names,
	      "tcp_flags_names(integer) -> varchar",
	      "TCP flag bits as names, e.g. 18 -> 'SYN,ACK' (FIN SYN RST PSH ACK URG ECE CWR)"),
	ROW("to_iso8601", to_iso8601, "to_iso8601(timestamp|date) -> varchar",
	    "ISO 8601 text: 2026-02-13T00:05:00.000Z or 2026-02-13"),
	ROW("to_milliseconds", to_milliseconds,
	    "to_milliseconds(interval day to second) -> bigint", "Interval length in milliseconds"),
	ROW("to_unixtime", to_unixtime, "to_unixtime(timestamp) -> double",
	    "Seconds since the epoch"),
	ROW("translate", translate, "translate(varchar, varchar from, varchar to) -> varchar",
	    "Replace each character of from by the one at the same place in to (drop if none)"),
	ROW("trim", trim, "trim(varchar [, varchar chars]) -> varchar",
	    "Remove leading and trailing whitespace (or the given characters)"),
	ROW("truncate", truncate, "truncate(double [, integer d]) -> double",
	    "Drop the digits after the decimal point (or after d places)"),
	ROW("upper", upper, "upper(varchar) -> varchar",
	    "Upper case (ASCII letters; other characters unchanged)"),
	ROW("week", week, "week(timestamp|date) -> bigint", "ISO week of the year, 1 .. 53"),
	ROW("week_of_year", week, "week_of_year(timestamp|date) -> bigint",
	    "Alias of week"),
	ROW("year", year, "year(timestamp|date|interval year to month) -> bigint", "Year"),
	ROW("year_of_week", year_of_week, "year_of_week(timestamp|date) -> bigint",
	    "Year of the ISO week"),
	ROW("yow", year_of_week, "yow(timestamp|date) -> bigint",
	    "Alias of year_of_week"),
};

const struct fn_def *fn_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < FQ_ARRAY_LEN(fn_table); i++)
		if (strcasecmp(fn_table[i].name, name) == 0)
			return &fn_table[i];
	return NULL;
}

const char *fn_closest(const char *name)
{
	char low[65];
	size_t n = 0;
	if (!name)
		return NULL;
	for (; name[n] && n < sizeof low - 1; n++)
		low[n] = (char)((name[n] >= 'A' && name[n] <= 'Z') ? name[n] + 32 : name[n]);
	low[n] = 0;
	if (name[n] || n == 0)
		return NULL;
	int limit = n <= 3 ? 1 : n <= 6 ? 2 : 3;
	const char *best = NULL;
	int best_d = limit + 1;
	for (size_t i = 0; i < FQ_ARRAY_LEN(fn_table); i++) {
		int d = fq_edit_distance(low, fn_table[i].name);
		if (d < best_d) {
			best_d = d;
			best = fn_table[i].name;
		}
	}
	return best;
}

const struct fn_def *fn_at(size_t i)
{
	return i < FQ_ARRAY_LEN(fn_table) ? &fn_table[i] : NULL;
}

/* ---- overload matching -------------------------------------------------- */

int fn_coerce_cost(enum fq_type from, enum fq_type to)
{
	if (from == to)
		return 0;
	if (from == T_UNKNOWN)
		return 1;
	switch (from) {
	case T_INTEGER: return to == T_BIGINT ? 1 : to == T_DOUBLE ? 2 : -1;
	case T_BIGINT: return to == T_DOUBLE ? 1 : -1;
	case T_DATE: return to == T_TIMESTAMP ? 1 : -1;
	default: return -1;
	}
}

static void append_types(struct buf *out, const enum fq_type *types, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			buf_adds(out, ", ");
		buf_adds(out, type_name(types[i]));
	}
}

flowq_status fn_bad_args(const struct fn_bind *b, struct flowq_error *err, const char *name,
			 const char *expected)
{
	struct buf got = {0};
	append_types(&got, b->arg_types, b->n_args);
	buf_nul(&got);
	err_set(err, FLOWQ_ERR_SQL_SEMANTIC,
		"Unexpected parameters (%s) for function %s. Expected: %s", got.p ? got.p : "",
		name, expected);
	buf_free(&got);
	return FLOWQ_ERR_SQL_SEMANTIC;
}

int fn_match(struct fn_bind *b, struct flowq_error *err, const char *name,
	     const struct fn_sig *sigs, size_t n_sigs)
{
	int best = -1, best_cost = 1 << 30;
	for (size_t i = 0; i < n_sigs; i++) {
		if (sigs[i].n != b->n_args)
			continue;
		int cost = 0;
		for (int a = 0; a < b->n_args && cost >= 0; a++) {
			int c = fn_coerce_cost(b->arg_types[a], sigs[i].args[a]);
			cost = c < 0 ? -1 : cost + c;
		}
		if (cost >= 0 && cost < best_cost) {
			best = (int)i;
			best_cost = cost;
		}
	}
	if (best < 0) {
		struct buf exp = {0};
		for (size_t i = 0; i < n_sigs; i++) {
			if (i)
				buf_adds(&exp, ", ");
			buf_printf(&exp, "%s(", name);
			append_types(&exp, sigs[i].args, sigs[i].n);
			buf_addc(&exp, ')');
		}
		buf_nul(&exp);
		fn_bad_args(b, err, name, exp.p ? exp.p : "");
		buf_free(&exp);
		return -1;
	}
	const struct fn_sig *s = &sigs[best];
	b->result_type = s->ret;
	for (int a = 0; a < b->n_args; a++)
		b->arg_cast[a] = b->arg_types[a] == s->args[a] ? T_UNKNOWN : s->args[a];
	return best;
}

flowq_status fn_bind_sigs(struct fn_bind *b, struct flowq_error *err, const char *name,
			  const struct fn_sig *sigs, size_t n_sigs)
{
	return fn_match(b, err, name, sigs, n_sigs) < 0 ? FLOWQ_ERR_SQL_SEMANTIC : FLOWQ_OK;
}

const struct fq_str *fn_const_str(const struct fn_bind *b, int i)
{
	const struct fq_value *v = i < b->n_args ? b->arg_const[i] : NULL;
	if (!v || v->is_null || v->type != T_VARCHAR)
		return NULL;
	return &v->s;
}

/* ---- results ------------------------------------------------------------ */

char *fn_alloc(struct fn_ctx *ctx, size_t n)
{
	if (n > FN_MAX_STR) {
		err_set(ctx->err, FLOWQ_ERR_LIMIT,
			"Result string of %zu bytes exceeds the %zu MiB limit", n,
			FN_MAX_STR >> 20);
		return NULL;
	}
	char *p = arena_alloc(ctx->arena, n ? n : 1);
	if (!p)
		err_set(ctx->err, FLOWQ_ERR_NOMEM, "out of memory");
	return p;
}

flowq_status fn_ret_copy(struct fn_ctx *ctx, struct fq_value *out, const char *p, size_t n)
{
	char *q = fn_alloc(ctx, n);
	if (!q)
		return ctx->err ? ctx->err->code : FLOWQ_ERR_NOMEM;
	if (n)
		memcpy(q, p, n);
	return fn_ret_str(out, q, n);
}

flowq_status fn_fail(struct fn_ctx *ctx, const char *fmt, ...)
{
	if (ctx->err) {
		char msg[sizeof ctx->err->msg];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		err_set(ctx->err, FLOWQ_ERR_RUNTIME, "%s", msg);
	}
	return FLOWQ_ERR_RUNTIME;
}

/* ---- UTF-8 -------------------------------------------------------------- */

size_t fn_utf8_len(const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;
	size_t n = c < 0x80 ? 1 : c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : c < 0xf8 ? 4 : 1;
	if ((size_t)(end - p) < n)
		return 1;
	for (size_t i = 1; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

int32_t fn_utf8_next(const char **pp, const char *end)
{
	const unsigned char *p = (const unsigned char *)*pp;
	size_t n = fn_utf8_len(*pp, end);
	int32_t cp;
	if (n == 1) {
		cp = p[0] < 0x80 ? p[0] : -1;
	} else if (n == 2) {
		cp = (p[0] & 0x1f) << 6 | (p[1] & 0x3f);
	} else if (n == 3) {
		cp = (p[0] & 0x0f) << 12 | (p[1] & 0x3f) << 6 | (p[2] & 0x3f);
	} else {
		cp = (p[0] & 0x07) << 18 | (p[1] & 0x3f) << 12 | (p[2] & 0x3f) << 6 | (p[3] & 0x3f);
	}
	*pp += n;
	return cp;
}

size_t fn_utf8_put(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int64_t fn_utf8_count(struct fq_str s)
{
	int64_t n = 0;
	const char *p = s.p, *end = s.p + s.len;
	while (p < end) {
		/* fast path: continuation bytes of valid sequences are skipped */
		p += fn_utf8_len(p, end);
		n++;
	}
	return n;
}

int64_t fn_utf8_offset(struct fq_str s, size_t from, int64_t index)
{
	const char *p = s.p + from, *end = s.p + s.len;
	if (index < 0)
		return -1;
	while (index > 0) {
		if (p >= end)
			return -1;
		p += fn_utf8_len(p, end);
		index--;
	}
	if (p > end)
		return -1;
	return p - s.p;
}

/* ---- calendar ----------------------------------------------------------- */

void fn_civil(int64_t ms, struct civil *c)
{
	int64_t days = floor_div(ms, MS_PER_DAY);
	int64_t rem = floor_mod(ms, MS_PER_DAY);
	civil_from_days(days, &c->year, &c->month, &c->day);
	c->days = days;
	c->hour = (unsigned)(rem / MS_PER_HOUR);
	c->minute = (unsigned)(rem / MS_PER_MIN % 60);
	c->second = (unsigned)(rem / MS_PER_SEC % 60);
	c->milli = (unsigned)(rem % 1000);
	c->dow = (unsigned)(floor_mod(days + 3, 7) + 1); /* 1970-01-01 was a Thursday */
	c->doy = (unsigned)(days - days_from_civil(c->year, 1, 1) + 1);
}

void fn_iso_week(int64_t days, int64_t *weekyear, unsigned *week)
{
	int64_t dow = floor_mod(days + 3, 7) + 1;
	int64_t thursday = days - (dow - 1) + 3; /* the Thursday of the same ISO week */
	int64_t y;
	unsigned m, d;
	civil_from_days(thursday, &y, &m, &d);
	*weekyear = y;
	*week = (unsigned)((thursday - days_from_civil(y, 1, 1)) / 7 + 1);
}

/* ---- literal parsing ---------------------------------------------------- */

/* Up to max_digits decimal digits at *i; false when there is none. */
static bool digits(const char *p, size_t n, size_t *i, int max_digits, int64_t *v, int *count)
{
	int64_t x = 0;
	int k = 0;
	while (*i < n && k < max_digits && p[*i] >= '0' && p[*i] <= '9') {
		x = x * 10 + (p[*i] - '0');
		(*i)++;
		k++;
	}
	if (count)
		*count = k;
	*v = x;
	return k > 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* [+-]yyyy-M-d at *i (Trino: four or more year digits, one or two for month and day). */
static bool parse_ymd(const char *p, size_t n, size_t *i, int64_t *days)
{
	bool neg = false;
	int64_t y, m, d;
	int nd;
	if (*i < n && (p[*i] == '+' || p[*i] == '-'))
		neg = p[(*i)++] == '-';
	if (!digits(p, n, i, 9, &y, &nd) || nd < 4)
		return false;
	if (*i >= n || p[*i] != '-')
		return false;
	(*i)++;
	if (!digits(p, n, i, 2, &m, NULL) || *i >= n || p[*i] != '-')
		return false;
	(*i)++;
	if (!digits(p, n, i, 2, &d, NULL))
		return false;
	if (neg)
		y = -y;
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, (unsigned)m))
		return false;
	*days = days_from_civil(y, (unsigned)m, (unsigned)d);
	return true;
}

/* A zone that means UTC, or a numeric offset; *offset_ms is added to local time
 * to get UTC.  Named zones other than UTC's aliases are refused. */
static bool parse_zone(const char *p, size_t n, int64_t *offset_ms)
{
	static const char *const utc_names[] = {
		"z", "utc", "gmt", "ut", "uct", "zulu", "universal", "greenwich", "etc/utc",
		"etc/gmt", "etc/ut", "etc/uct", "etc/zulu", "etc/universal", "etc/greenwich",
		"gmt0", "etc/gmt0", "etc/gmt+0", "etc/gmt-0",
	};
	*offset_ms = 0;
	for (size_t k = 0; k < FQ_ARRAY_LEN(utc_names); k++)
		if (str_eq_nocase(str_make(p, n), utc_names[k]))
			return true;
	if (n < 2 || (p[0] != '+' && p[0] != '-'))
		return false;
	size_t i = 1;
	int64_t h, m = 0;
	int nd;
	if (!digits(p, n, &i, 2, &h, &nd) || nd != 2)
		return false;
	if (i < n && p[i] == ':')
		i++;
	if (i < n && (!digits(p, n, &i, 2, &m, &nd) || nd != 2))
		return false;
	if (i != n || h > 23 || m > 59)
		return false;
	int64_t off = (h * 60 + m) * MS_PER_MIN;
	*offset_ms = p[0] == '-' ? off : -off;
	return true;
}

bool fn_zone_is_utc(const char *p, size_t n)
{
	int64_t off;
	return parse_zone(p, n, &off) && off == 0;
}

bool fn_parse_date(const char *p, size_t n, int64_t *days)
{
	size_t i = 0;
	while (n && is_space(p[n - 1]))
		n--;
	while (i < n && is_space(p[i]))
		i++;
	return parse_ymd(p, n, &i, days) && i == n;
}

bool fn_parse_timestamp(const char *p, size_t n, int64_t *ms)
{
	size_t i = 0;
	int64_t days, h = 0, mi = 0, s = 0, frac_ms = 0, off = 0;
	while (n && is_space(p[n - 1]))
		n--;
	while (i < n && is_space(p[i]))
		i++;
	if (!parse_ymd(p, n, &i, &days))
		return false;
	if (i < n) {
		bool t_sep = p[i] == 'T' || p[i] == 't';
		if (p[i] != ' ' && !t_sep)
			return false;
		i++;
		if (i < n && p[i] >= '0' && p[i] <= '9') {
			if (!digits(p, n, &i, 2, &h, NULL) || i >= n || p[i] != ':')
				return false;
			i++;
			if (!digits(p, n, &i, 2, &mi, NULL))
				return false;
			if (i < n && p[i] == ':') {
				i++;
				if (!digits(p, n, &i, 2, &s, NULL))
					return false;
				if (i < n && p[i] == '.') {
					int64_t f;
					int nd;
					i++;
					if (!digits(p, n, &i, 12, &f, &nd))
						return false;
					/* to ms, rounding half up as Trino's rescale does */
					int64_t scale = 1;
					for (int k = nd; k < 12; k++)
						f *= 10;
					for (int k = 0; k < 9; k++)
						scale *= 10;
					frac_ms = (f + scale / 2) / scale;
				}
			}
			if (h > 23 || mi > 59 || s > 59)
				return false;
		} else if (t_sep) {
			return false;
		}
		while (i < n && is_space(p[i]))
			i++;
		if (i < n && !parse_zone(p + i, n - i, &off))
			return false;
	}
	int64_t tod = h * MS_PER_HOUR + mi * MS_PER_MIN + s * MS_PER_SEC + frac_ms + off;
	if (__builtin_mul_overflow(days, MS_PER_DAY, ms) || __builtin_add_overflow(*ms, tod, ms))
		return false; /* beyond the timestamp range */
	return true;
}
