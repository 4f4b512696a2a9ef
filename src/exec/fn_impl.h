/*
 * fn_impl.h - private to the function files (src/exec/fn*.c): overload
 * matching, result-string helpers, UTF-8 and calendar helpers, and the
 * declarations of every bind/eval callback that fn.c's table points at.
 *
 * Nothing here is for the rest of flowq: callers use fn.h.
 */
#ifndef FQ_FN_IMPL_H
#define FQ_FN_IMPL_H

#include "exec/fn.h"

/* Longest string a function may build (lpad, replace, concat, ...). */
#define FN_MAX_STR ((size_t)64 << 20)

#define MS_PER_SEC 1000LL
#define MS_PER_MIN 60000LL
#define MS_PER_HOUR 3600000LL
#define MS_PER_DAY 86400000LL

/* ---- overloads --------------------------------------------------------- */

/* One overload of a function: parameter types and result type. */
struct fn_sig {
	enum fq_type ret;
	uint8_t n;
	enum fq_type args[4];
};

/*
 * Pick the overload of `name` that fits b's argument types: an exact match,
 * else the one reachable with the cheapest implicit coercions (Trino's:
 * integer -> bigint -> double, date -> timestamp, unknown -> anything).
 * Sets b->result_type and b->arg_cast.  Returns the index of the chosen
 * overload, or -1 with err set to Trino's "Unexpected parameters (...) for
 * function f. Expected: f(...), ..." (FLOWQ_ERR_SQL_SEMANTIC).
 */
int fn_match(struct fn_bind *b, struct flowq_error *err, const char *name,
	     const struct fn_sig *sigs, size_t n_sigs);
/* fn_match() as a status. */
flowq_status fn_bind_sigs(struct fn_bind *b, struct flowq_error *err, const char *name,
			  const struct fn_sig *sigs, size_t n_sigs);
/* The cost of the implicit coercion from -> to (0 when equal), -1 when none. */
int fn_coerce_cost(enum fq_type from, enum fq_type to);
/* Set the "Unexpected parameters" error with a free-form expected list. */
flowq_status fn_bad_args(const struct fn_bind *b, struct flowq_error *err, const char *name,
			 const char *expected);
/* The constant varchar argument i, or NULL when it is not a non-NULL constant string. */
const struct fq_str *fn_const_str(const struct fn_bind *b, int i);

/* Is the zone name or offset text UTC ("UTC", "Z", "GMT", "+00:00", ...)? */
bool fn_zone_is_utc(const char *p, size_t n);

/* ---- results ------------------------------------------------------------ */

/* n bytes for a result string in ctx->arena; NULL with ctx->err set (NOMEM or
 * LIMIT past FN_MAX_STR). */
char *fn_alloc(struct fn_ctx *ctx, size_t n);
/* out = a varchar (p, n) that already lives long enough (argument bytes or arena). */
static inline flowq_status fn_ret_str(struct fq_value *out, const char *p, size_t n)
{
	*out = val_str(str_make(p, n));
	return FLOWQ_OK;
}
/* out = a copy of (p, n) in ctx->arena. */
flowq_status fn_ret_copy(struct fn_ctx *ctx, struct fq_value *out, const char *p, size_t n);
static inline flowq_status fn_ret_null(struct fq_value *out, enum fq_type t)
{
	*out = val_null(t);
	return FLOWQ_OK;
}
/* A runtime failure (Trino's INVALID_FUNCTION_ARGUMENT and friends). */
flowq_status fn_fail(struct fn_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- UTF-8 (invalid bytes count as one code point each) ------------------ */

/* Byte length of the code point starting at p[0] (1..4, never past end). */
size_t fn_utf8_len(const char *p, const char *end);
/* Decode one code point at *pp (advancing it); an invalid byte decodes as
 * -1 and advances one byte. */
int32_t fn_utf8_next(const char **pp, const char *end);
/* Encode cp (0..0x10FFFF) into out (4 bytes); returns the length. */
size_t fn_utf8_put(uint32_t cp, char *out);
/* Number of code points in s. */
int64_t fn_utf8_count(struct fq_str s);
/* Byte offset of code point `index` (0-based) in s, counting from byte `from`;
 * -1 when s has fewer code points. */
int64_t fn_utf8_offset(struct fq_str s, size_t from, int64_t index);

/* ---- calendar ----------------------------------------------------------- */

static inline int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
static inline int64_t floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;
	return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}
/* a + b, clamped to the int64 range (timestamps at the far ends saturate
 * instead of wrapping). */
static inline int64_t sat_add(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return r;
}
/* Days since the epoch to milliseconds, saturating. */
static inline int64_t days_to_ms(int64_t days)
{
	int64_t r;
	if (__builtin_mul_overflow(days, MS_PER_DAY, &r))
		return days > 0 ? INT64_MAX : INT64_MIN;
	return r;
}
static inline bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
static inline unsigned days_in_month(int64_t y, unsigned m)
{
	static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* A timestamp broken into its civil fields (UTC). */
struct civil {
	int64_t year;
	unsigned month, day;     /* 1-based */
	unsigned hour, minute, second, milli;
	int64_t days;            /* days since 1970-01-01 */
	unsigned dow;            /* ISO: 1 = Monday .. 7 = Sunday */
	unsigned doy;            /* 1..366 */
};
void fn_civil(int64_t ms, struct civil *c);
/* ISO 8601 week number and week-based year of a day. */
void fn_iso_week(int64_t days, int64_t *weekyear, unsigned *week);

/* ---- callbacks ---------------------------------------------------------- */

#define FN_BIND(x) flowq_status fn_bind_##x(struct fn_bind *b, struct flowq_error *err)
#define FN_EVAL(x)                                                                          \
	flowq_status fn_eval_##x(const struct fq_value *args, int n_args, struct fq_value *out, \
				 struct fn_ctx *ctx)
#define FN_BOTH(x) FN_BIND(x); FN_EVAL(x)

/* fn_math.c */
FN_BOTH(abs); FN_BOTH(ceiling); FN_BOTH(floor); FN_BOTH(round); FN_BOTH(truncate);
FN_BOTH(sign); FN_BOTH(mod); FN_BOTH(greatest); FN_BOTH(least); FN_BOTH(random);
FN_BOTH(sqrt); FN_BOTH(cbrt); FN_BOTH(exp); FN_BOTH(ln); FN_BOTH(log2); FN_BOTH(log10);
FN_BOTH(log); FN_BOTH(power); FN_BOTH(sin); FN_BOTH(cos); FN_BOTH(tan); FN_BOTH(asin);
FN_BOTH(acos); FN_BOTH(atan); FN_BOTH(atan2); FN_BOTH(cosh); FN_BOTH(tanh);
FN_BOTH(degrees); FN_BOTH(radians); FN_BOTH(pi); FN_BOTH(e); FN_BOTH(infinity);
FN_BOTH(nan); FN_BOTH(is_nan); FN_BOTH(is_finite); FN_BOTH(is_infinite);
FN_BOTH(bitwise_and); FN_BOTH(bitwise_or); FN_BOTH(bitwise_xor); FN_BOTH(bitwise_not);
FN_BOTH(bit_count);

/* fn_string.c */
FN_BOTH(length); FN_BOTH(lower); FN_BOTH(upper); FN_BOTH(concat); FN_BOTH(substr);
FN_BOTH(strpos); FN_BOTH(split_part); FN_BOTH(replace); FN_BOTH(reverse);
FN_BOTH(trim); FN_BOTH(ltrim); FN_BOTH(rtrim);
FN_BOTH(starts_with); FN_BOTH(lpad); FN_BOTH(rpad); FN_BOTH(chr);
FN_BOTH(codepoint); FN_BOTH(levenshtein_distance); FN_BOTH(hamming_distance);
FN_BOTH(translate);

/* fn_regex.c */
FN_BOTH(regexp_like); FN_BOTH(regexp_extract); FN_BOTH(regexp_replace);
FN_BOTH(regexp_count); FN_BOTH(regexp_position);

/* fn_time.c */
FN_BOTH(from_unixtime); FN_BOTH(to_unixtime); FN_BOTH(to_iso8601);
FN_BOTH(from_iso8601_timestamp); FN_BOTH(from_iso8601_date); FN_BOTH(date_trunc);
FN_BOTH(date_add); FN_BOTH(date_diff); FN_BOTH(last_day_of_month);
FN_BOTH(year); FN_BOTH(quarter); FN_BOTH(month); FN_BOTH(week); FN_BOTH(year_of_week);
FN_BOTH(day); FN_BOTH(day_of_week); FN_BOTH(day_of_year); FN_BOTH(hour); FN_BOTH(minute);
FN_BOTH(second); FN_BOTH(millisecond);
FN_BOTH(current_date); FN_BOTH(current_timestamp); FN_BOTH(current_timezone);
FN_BOTH(to_milliseconds);

/* fn_datefmt.c */
FN_BOTH(date_format); FN_BOTH(date_parse); FN_BOTH(format_datetime);

/* fn_ip.c */
FN_BOTH(contains); FN_BOTH(is_subnet_of); FN_BOTH(is_private_ip);
FN_BOTH(protocol_name); FN_BOTH(tcp_flags_names);

#endif
