/*
 * fn_time.c - date and time functions: epoch conversions, ISO 8601,
 * date_trunc / date_add / date_diff, the field extractors (year .. millisecond,
 * day_of_week, week, ...), last_day_of_month and the current_* values.
 *
 * Everything is UTC: a TIMESTAMP is milliseconds since the epoch and a DATE
 * is days since it.  The calendar arithmetic is Trino's, which is Joda-Time's
 * ISO chronology: adding months clamps the day to the end of the month
 * (Jan 31 + 1 month = Feb 28), and date_diff counts whole units the way Joda
 * does - fixed-length units (millisecond .. week) by dividing the difference
 * and truncating toward zero, months by calendar with the end-of-month rule
 * (Jan 31 -> Feb 28 is one month), quarters as months / 3, and years with
 * Joda's leap-day balancing.  Weeks start on Monday.
 *
 * A constant unit ('hour') is resolved once at bind time; an invalid one is
 * then a bind error with Trino's text ("'hours' is not a valid Timestamp
 * field").  Zones other than UTC are refused (flowq has no other zone).
 */
#include "exec/fn_impl.h"

#include <math.h>
#include <stdio.h>

/* ---- units -------------------------------------------------------------- */

enum unit { U_MS, U_SECOND, U_MINUTE, U_HOUR, U_DAY, U_WEEK, U_MONTH, U_QUARTER, U_YEAR };

static const struct {
	const char *name;
	enum unit unit;
	int64_t ms; /* fixed length, 0 for calendar units */
} units[] = {
	{"millisecond", U_MS, 1},	  {"second", U_SECOND, MS_PER_SEC},
	{"minute", U_MINUTE, MS_PER_MIN}, {"hour", U_HOUR, MS_PER_HOUR},
	{"day", U_DAY, MS_PER_DAY},	  {"week", U_WEEK, 7 * MS_PER_DAY},
	{"month", U_MONTH, 0},		  {"quarter", U_QUARTER, 0},
	{"year", U_YEAR, 0},
};

/* The unit named by s for a DATE (day and larger) or a TIMESTAMP; -1 with msg
 * set (Trino's text) when there is none. */
static int unit_parse(struct fq_str s, bool date, char *msg, size_t cap)
{
	char low[32];
	size_t n = FQ_MIN(s.len, sizeof low - 1);
	for (size_t i = 0; i < n; i++)
		low[i] = (char)((s.p[i] >= 'A' && s.p[i] <= 'Z') ? s.p[i] + 32 : s.p[i]);
	low[n] = 0;
	for (size_t i = 0; i < FQ_ARRAY_LEN(units); i++)
		if (s.len == n && strcmp(low, units[i].name) == 0 &&
		    (!date || units[i].unit >= U_DAY))
			return (int)units[i].unit;
	/* Trino quotes the unit lower-cased */
	snprintf(msg, cap, "'%s%s' is not a valid %s field", low, s.len > n ? "..." : "",
		 date ? "DATE" : "Timestamp");
	return -1;
}

/* Per-call-site state of the unit functions: the constant unit, or -1. */
struct unit_state {
	int unit;
};

/* Resolve a constant unit in argument 0 for the chosen result type. */
static flowq_status unit_bind(struct fn_bind *b, struct flowq_error *err, bool date)
{
	struct unit_state *st = arena_alloc(b->arena, sizeof *st);
	if (!st)
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
	st->unit = -1;
	const struct fq_str *u = fn_const_str(b, 0);
	if (u) {
		char msg[200];
		st->unit = unit_parse(*u, date, msg, sizeof msg);
		if (st->unit < 0)
			return err_set(err, FLOWQ_ERR_SQL_SEMANTIC, "%s", msg);
	}
	b->state = st;
	return FLOWQ_OK;
}

static flowq_status unit_eval(struct fn_ctx *ctx, const struct fq_value *arg, bool date, int *unit)
{
	const struct unit_state *st = ctx->state;
	if (st && st->unit >= 0) {
		*unit = st->unit;
		return FLOWQ_OK;
	}
	char msg[200];
	*unit = unit_parse(arg->s, date, msg, sizeof msg);
	return *unit < 0 ? fn_fail(ctx, "%s", msg) : FLOWQ_OK;
}

static int64_t unit_ms(int unit)
{
	for (size_t i = 0; i < FQ_ARRAY_LEN(units); i++)
		if ((int)units[i].unit == unit)
			return units[i].ms;
	return 0;
}

/* ---- calendar arithmetic ------------------------------------------------ */

static int64_t trunc_ms(int64_t ms, int unit)
{
	struct civil c;
	int64_t fixed = unit_ms(unit);
	if (unit <= U_DAY)
		return sat_add(ms, -floor_mod(ms, fixed));
	fn_civil(ms, &c);
	switch (unit) {
	case U_WEEK: return days_to_ms(c.days - (int64_t)(c.dow - 1));
	case U_MONTH: return days_to_ms(days_from_civil(c.year, c.month, 1));
	case U_QUARTER: return days_to_ms(days_from_civil(c.year, (c.month - 1) / 3 * 3 + 1, 1));
	default: return days_to_ms(days_from_civil(c.year, 1, 1));
	}
}

/* ms plus n months, the day clamped to the end of the target month. */
static int64_t add_months(int64_t ms, int64_t n)
{
	struct civil c;
	fn_civil(ms, &c);
	int64_t total = c.year * 12 + (c.month - 1) + n;
	int64_t y = floor_div(total, 12);
	unsigned m = (unsigned)(floor_mod(total, 12) + 1);
	unsigned d = FQ_MIN(c.day, days_in_month(y, m));
	return sat_add(days_to_ms(days_from_civil(y, m, d)), floor_mod(ms, MS_PER_DAY));
}

static flowq_status add_unit(struct fn_ctx *ctx, int64_t ms, int unit, int64_t v, int64_t *res)
{
	if (v < INT32_MIN || v > INT32_MAX)
		return fn_fail(ctx, "integer overflow");
	int64_t fixed = unit_ms(unit), delta;
	if (fixed) {
		if (__builtin_mul_overflow(v, fixed, &delta) ||
		    __builtin_add_overflow(ms, delta, res))
			return fn_fail(ctx, "Value out of range");
		return FLOWQ_OK;
	}
	*res = add_months(ms, unit == U_MONTH ? v : unit == U_QUARTER ? v * 3 : v * 12);
	return FLOWQ_OK;
}

/* Joda's month difference (minuend - subtrahend), end-of-month aware. */
static int64_t month_diff(int64_t m_ms, int64_t s_ms)
{
	if (m_ms < s_ms)
		return -month_diff(s_ms, m_ms);
	struct civil m, s;
	fn_civil(m_ms, &m);
	fn_civil(s_ms, &s);
	int64_t diff = (m.year - s.year) * 12 + (int64_t)m.month - (int64_t)s.month;
	unsigned s_day = s.day;
	if (m.day == days_in_month(m.year, m.month) && s_day > m.day)
		s_day = m.day; /* Jan 31 -> Feb 28 counts as a whole month */
	int64_t m_rem = (int64_t)(m.day - 1) * MS_PER_DAY + floor_mod(m_ms, MS_PER_DAY);
	int64_t s_rem = (int64_t)(s_day - 1) * MS_PER_DAY + floor_mod(s_ms, MS_PER_DAY);
	return m_rem < s_rem ? diff - 1 : diff;
}

/* Joda's year difference, balancing the leap day. */
static int64_t year_diff(int64_t m_ms, int64_t s_ms)
{
	if (m_ms < s_ms)
		return -year_diff(s_ms, m_ms);
	struct civil m, s;
	fn_civil(m_ms, &m);
	fn_civil(s_ms, &s);
	const int64_t feb29 = 59 * MS_PER_DAY; /* offset of Feb 29 in a leap year */
	int64_t m_rem = (int64_t)(m.doy - 1) * MS_PER_DAY + floor_mod(m_ms, MS_PER_DAY);
	int64_t s_rem = (int64_t)(s.doy - 1) * MS_PER_DAY + floor_mod(s_ms, MS_PER_DAY);
	if (s_rem >= feb29) {
		if (is_leap(s.year)) {
			if (!is_leap(m.year))
				s_rem -= MS_PER_DAY;
		} else if (m_rem >= feb29 && is_leap(m.year)) {
			m_rem -= MS_PER_DAY;
		}
	}
	int64_t diff = m.year - s.year;
	return m_rem < s_rem ? diff - 1 : diff;
}

static flowq_status diff_unit(struct fn_ctx *ctx, int64_t a, int64_t b, int unit, int64_t *res)
{
	int64_t fixed = unit_ms(unit), d;
	if (fixed) {
		if (__builtin_sub_overflow(b, a, &d))
			return fn_fail(ctx, "Value out of range");
		*res = d / fixed; /* truncates toward zero, as Java does */
		return FLOWQ_OK;
	}
	if (unit == U_YEAR)
		*res = year_diff(b, a);
	else
		*res = unit == U_MONTH ? month_diff(b, a) : month_diff(b, a) / 3;
	return FLOWQ_OK;
}

/* ---- from_unixtime, to_unixtime, to_iso8601 ----------------------------- */

/* Java's Math.round(x * 1000): floor(v + 0.5), NaN -> 0, saturating. */
static int64_t seconds_to_ms(double x)
{
	double v = x * 1000.0;
	if (isnan(v))
		return 0;
	if (v >= 9223372036854775807.0)
		return INT64_MAX;
	if (v <= -9223372036854775808.0)
		return INT64_MIN;
	double f = floor(v);
	if (v - f >= 0.5)
		f += 1.0;
	return (int64_t)f;
}

static bool zone_is_utc(struct fq_str z)
{
	return fn_zone_is_utc(z.p, z.len);
}

FN_BIND(from_unixtime)
{
	static const struct fn_sig sigs[] = {
		{T_TIMESTAMP, 1, {T_DOUBLE}},
		{T_TIMESTAMP, 2, {T_DOUBLE, T_VARCHAR}},
		{T_TIMESTAMP, 3, {T_DOUBLE, T_BIGINT, T_BIGINT}},
	};
	int k = fn_match(b, err, "from_unixtime", sigs, FQ_ARRAY_LEN(sigs));
	if (k < 0)
		return FLOWQ_ERR_SQL_SEMANTIC;
	const struct fq_str *zone = fn_const_str(b, 1);
	if (k == 1 && zone && !zone_is_utc(*zone))
		return err_set(err, FLOWQ_ERR_UNSUPPORTED,
			       "Time zone not supported: %.*s (flowq computes in UTC only)",
			       (int)FQ_MIN(zone->len, 100u), zone->p);
	return FLOWQ_OK;
}

FN_EVAL(from_unixtime)
{
	if (n_args == 2 && !zone_is_utc(args[1].s))
		return err_set(ctx->err, FLOWQ_ERR_UNSUPPORTED,
			       "Time zone not supported: %.*s (flowq computes in UTC only)",
			       (int)FQ_MIN(args[1].s.len, 100u), args[1].s.p);
	if (n_args == 3 && (args[1].i != 0 || args[2].i != 0))
		return err_set(ctx->err, FLOWQ_ERR_UNSUPPORTED,
			       "Time zone offset %lld:%02lld not supported "
			       "(flowq computes in UTC only)",
			       (long long)args[1].i, (long long)args[2].i);
	*out = val_int(T_TIMESTAMP, seconds_to_ms(args[0].d));
	return FLOWQ_OK;
}

FN_BIND(to_unixtime)
{
	static const struct fn_sig sigs[] = {{T_DOUBLE, 1, {T_TIMESTAMP}}};
	return fn_bind_sigs(b, err, "to_unixtime", sigs, 1);
}

FN_EVAL(to_unixtime)
{
	*out = val_double((double)args[0].i / 1000.0);
	return FLOWQ_OK;
}

FN_BIND(to_iso8601)
{
	static const struct fn_sig sigs[] = {
		{T_VARCHAR, 1, {T_TIMESTAMP}},
		{T_VARCHAR, 1, {T_DATE}},
	};
	return fn_bind_sigs(b, err, "to_iso8601", sigs, FQ_ARRAY_LEN(sigs));
}

FN_EVAL(to_iso8601)
{
	char tmp[64];
	int n;
	struct civil c;
	if (args[0].type == T_DATE) {
		fn_civil(days_to_ms(args[0].i), &c);
		n = snprintf(tmp, sizeof tmp, "%04lld-%02u-%02u", (long long)c.year, c.month,
			     c.day);
	} else {
		fn_civil(args[0].i, &c);
		n = snprintf(tmp, sizeof tmp, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ",
			     (long long)c.year, c.month, c.day, c.hour, c.minute, c.second,
			     c.milli);
	}
	return fn_ret_copy(ctx, out, tmp, (size_t)n);
}

/* ---- ISO 8601 parsing (Joda's dateTimeParser / dateElementParser) -------- */

struct iso {
	const char *p;
	size_t n, i;
	size_t err_at;    /* furthest position a parse failed at */
	char *msg;        /* a range error, when set */
	size_t msg_cap;
	int64_t year;
	int64_t month, day, doy, week, wday; /* -1 when absent */
	int64_t hour, minute, second, milli;
	int64_t offset_ms;
};

static bool iso_fail(struct iso *s)
{
	if (s->i > s->err_at || s->err_at == (size_t)-1)
		s->err_at = s->i;
	return false;
}

static int iso_digits(struct iso *s, int max, int64_t *v)
{
	int k = 0;
	int64_t x = 0;
	while (s->i < s->n && k < max && s->p[s->i] >= '0' && s->p[s->i] <= '9') {
		x = x * 10 + (s->p[s->i++] - '0');
		k++;
	}
	*v = x;
	return k;
}

static bool iso_char(struct iso *s, char c)
{
	if (s->i < s->n && s->p[s->i] == c) {
		s->i++;
		return true;
	}
	return false;
}

/* ('.' | ',') digits: a fraction of a unit of unit_ms, in whole milliseconds
 * (truncated, as Joda does). */
static bool iso_fraction(struct iso *s, int64_t unit_ms, int64_t *ms)
{
	if (!(iso_char(s, '.') || iso_char(s, ',')))
		return false;
	int64_t v, scale = 1;
	size_t start = s->i;
	int k = iso_digits(s, 9, &v);
	while (s->i < s->n && s->p[s->i] >= '0' && s->p[s->i] <= '9')
		s->i++; /* digits past nanoseconds do not matter */
	if (k == 0) {
		s->i = start;
		return iso_fail(s);
	}
	for (int j = 0; j < k; j++)
		scale *= 10;
	*ms = v * unit_ms / scale;
	return true;
}

static bool iso_date(struct iso *s)
{
	int64_t v;
	bool neg = false;
	if (s->i < s->n && (s->p[s->i] == '-' || s->p[s->i] == '+'))
		neg = s->p[s->i++] == '-';
	if (iso_digits(s, 9, &v) == 0)
		return iso_fail(s);
	s->year = neg ? -v : v;
	if (!iso_char(s, '-'))
		return true;
	if (iso_char(s, 'W')) {
		if (iso_digits(s, 2, &s->week) == 0)
			return iso_fail(s);
		if (iso_char(s, '-') && iso_digits(s, 1, &s->wday) == 0)
			return iso_fail(s);
		return true;
	}
	size_t at = s->i;
	int k = iso_digits(s, 3, &v);
	if (k == 3 && !(s->i < s->n && s->p[s->i] == '-')) {
		s->doy = v;
		return true;
	}
	s->i = at;
	if (iso_digits(s, 2, &s->month) == 0)
		return iso_fail(s);
	if (iso_char(s, '-') && iso_digits(s, 2, &s->day) == 0)
		return iso_fail(s);
	return true;
}

static bool iso_time(struct iso *s)
{
	int64_t frac;
	if (iso_fraction(s, MS_PER_HOUR, &frac)) { /* a fraction of the (zero) hour */
		s->milli = frac;
		return true;
	}
	if (iso_digits(s, 2, &s->hour) == 0)
		return iso_fail(s);
	if (iso_char(s, ':')) {
		if (iso_digits(s, 2, &s->minute) == 0)
			return iso_fail(s);
		if (iso_char(s, ':')) {
			if (iso_digits(s, 2, &s->second) == 0)
				return iso_fail(s);
			if (iso_fraction(s, MS_PER_SEC, &frac))
				s->milli = frac;
		} else if (iso_fraction(s, MS_PER_MIN, &frac)) {
			s->milli = frac;
		}
	} else if (iso_fraction(s, MS_PER_HOUR, &frac)) {
		s->milli = frac;
	}
	return true;
}

static bool iso_offset(struct iso *s)
{
	if (iso_char(s, 'Z'))
		return true;
	if (s->i >= s->n || (s->p[s->i] != '+' && s->p[s->i] != '-'))
		return true; /* no offset */
	bool neg = s->p[s->i++] == '-';
	int64_t h, m = 0, sec = 0;
	if (iso_digits(s, 2, &h) != 2)
		return iso_fail(s);
	bool colon = iso_char(s, ':');
	if (s->i < s->n && s->p[s->i] >= '0' && s->p[s->i] <= '9') {
		if (iso_digits(s, 2, &m) != 2)
			return iso_fail(s);
		if ((colon ? iso_char(s, ':') : true) && s->i < s->n && s->p[s->i] >= '0' &&
		    s->p[s->i] <= '9' && iso_digits(s, 2, &sec) != 2)
			return iso_fail(s);
	} else if (colon) {
		return iso_fail(s);
	}
	if (h > 23 || m > 59 || sec > 59) {
		snprintf(s->msg, s->msg_cap, "Cannot parse \"%.*s\": Offset out of range",
			 (int)s->n, s->p);
		return false;
	}
	int64_t off = (h * 3600 + m * 60 + sec) * MS_PER_SEC;
	s->offset_ms = neg ? off : -off;
	return true;
}

/* Joda's message for a text that stopped parsing at err_at. */
static void joda_format_error(char *msg, size_t cap, const char *p, size_t n, size_t at)
{
	size_t sample = FQ_MIN(n, 200u);
	if (at == 0 || at == (size_t)-1)
		snprintf(msg, cap, "Invalid format: \"%.*s\"", (int)sample, p);
	else if (at >= n)
		snprintf(msg, cap, "Invalid format: \"%.*s\" is too short", (int)sample, p);
	else
		snprintf(msg, cap, "Invalid format: \"%.*s\" is malformed at \"%.*s\"",
			 (int)sample, p, (int)FQ_MIN(n - at, 200u), p + at);
}

static bool range_ok(struct iso *s, int64_t v, const char *field, int64_t lo, int64_t hi)
{
	if (v >= lo && v <= hi)
		return true;
	snprintf(s->msg, s->msg_cap,
		 "Cannot parse \"%.*s\": Value %lld for %s must be in the range [%lld,%lld]",
		 (int)FQ_MIN(s->n, 200u), s->p, (long long)v, field, (long long)lo, (long long)hi);
	return false;
}

/* The day of the parsed date fields; false with s->msg set on a range error. */
static bool iso_days(struct iso *s, int64_t *days)
{
	if (!range_ok(s, s->year, "year", -292275054, 292278993))
		return false;
	if (s->week >= 0) {
		/* ISO week date: the Monday of week 1 is in the week holding Jan 4 */
		int64_t jan4 = days_from_civil(s->year, 1, 4);
		int64_t monday1 = jan4 - floor_mod(jan4 + 3, 7);
		int64_t last_week;
		unsigned w;
		fn_iso_week(days_from_civil(s->year, 12, 28), &last_week, &w);
		if (!range_ok(s, s->week, "weekOfWeekyear", 1, w))
			return false;
		int64_t wd = s->wday >= 0 ? s->wday : 1;
		if (!range_ok(s, wd, "dayOfWeek", 1, 7))
			return false;
		*days = monday1 + (s->week - 1) * 7 + (wd - 1);
		return true;
	}
	if (s->doy >= 0) {
		if (!range_ok(s, s->doy, "dayOfYear", 1, is_leap(s->year) ? 366 : 365))
			return false;
		*days = days_from_civil(s->year, 1, 1) + s->doy - 1;
		return true;
	}
	int64_t m = s->month >= 0 ? s->month : 1, d = s->day >= 0 ? s->day : 1;
	if (!range_ok(s, m, "monthOfYear", 1, 12) ||
	    !range_ok(s, d, "dayOfMonth", 1, days_in_month(s->year, (unsigned)m)))
		return false;
	*days = days_from_civil(s->year, (unsigned)m, (unsigned)d);
	return true;
}

static void iso_init(struct iso *s, struct fq_str text, char *msg, size_t cap)
{
	memset(s, 0, sizeof *s);
	s->p = text.p ? text.p : "";
	s->n = text.len;
	s->err_at = (size_t)-1;
	s->msg = msg;
	s->msg_cap = cap;
	s->year = 1970;
	s->month = s->day = s->doy = s->week = s->wday = -1;
	msg[0] = 0;
}

static bool iso_finish(struct iso *s, bool ok)
{
	if (ok && s->i == s->n)
		return true;
	if (!s->msg[0]) {
		if (ok)
			iso_fail(s); /* stopped early: malformed where it stopped */
		joda_format_error(s->msg, s->msg_cap, s->p, s->n, s->err_at);
	}
	return false;
}

/* Parse an ISO 8601 date-time; the instant in UTC. */
static bool parse_iso_timestamp(struct fq_str text, int64_t *ms, char *msg, size_t cap)
{
	struct iso s;
	iso_init(&s, text, msg, cap);
	bool ok;
	if (s.n && s.p[0] == 'T') {
		s.i = 1;
		ok = iso_time(&s) && iso_offset(&s);
	} else {
		ok = iso_date(&s);
		if (ok && iso_char(&s, 'T')) {
			if (s.i < s.n && (s.p[s.i] == '.' || s.p[s.i] == ',' ||
					  (s.p[s.i] >= '0' && s.p[s.i] <= '9')))
				ok = iso_time(&s);
			ok = ok && iso_offset(&s);
		}
	}
	if (!iso_finish(&s, ok))
		return false;
	int64_t days = 0;
	if (!iso_days(&s, &days) || !range_ok(&s, s.hour, "hourOfDay", 0, 23) ||
	    !range_ok(&s, s.minute, "minuteOfHour", 0, 59) ||
	    !range_ok(&s, s.second, "secondOfMinute", 0, 59))
		return false;
	int64_t tod = s.hour * MS_PER_HOUR + s.minute * MS_PER_MIN + s.second * MS_PER_SEC +
		      s.milli + s.offset_ms;
	if (__builtin_mul_overflow(days, MS_PER_DAY, ms) || __builtin_add_overflow(*ms, tod, ms)) {
		snprintf(msg, cap, "Cannot parse \"%.*s\": Value out of range",
			 (int)FQ_MIN(text.len, 200u), text.p ? text.p : "");
		return false;
	}
	return true;
}

static bool parse_iso_date(struct fq_str text, int64_t *days, char *msg, size_t cap)
{
	struct iso s;
	iso_init(&s, text, msg, cap);
	if (!iso_finish(&s, iso_date(&s)))
		return false;
	return iso_days(&s, days);
}

FN_BIND(from_iso8601_timestamp)
{
	static const struct fn_sig sigs[] = {{T_TIMESTAMP, 1, {T_VARCHAR}}};
	return fn_bind_sigs(b, err, "from_iso8601_timestamp", sigs, 1);
}

FN_EVAL(from_iso8601_timestamp)
{
	char msg[512];
	int64_t ms = 0;
	if (!parse_iso_timestamp(args[0].s, &ms, msg, sizeof msg))
		return fn_fail(ctx, "%s", msg);
	*out = val_int(T_TIMESTAMP, ms);
	return FLOWQ_OK;
}

FN_BIND(from_iso8601_date)
{
	static const struct fn_sig sigs[] = {{T_DATE, 1, {T_VARCHAR}}};
	return fn_bind_sigs(b, err, "from_iso8601_date", sigs, 1);
}

FN_EVAL(from_iso8601_date)
{
	char msg[512];
	int64_t days = 0;
	if (!parse_iso_date(args[0].s, &days, msg, sizeof msg))
		return fn_fail(ctx, "%s", msg);
	*out = val_int(T_DATE, days);
	return FLOWQ_OK;
}

/* ---- date_trunc, date_add, date_diff ------------------------------------ */

FN_BIND(date_trunc)
{
	static const struct fn_sig sigs[] = {
		{T_TIMESTAMP, 2, {T_VARCHAR, T_TIMESTAMP}},
		{T_DATE, 2, {T_VARCHAR, T_DATE}},
	};
	int k = fn_match(b, err, "date_trunc", sigs, FQ_ARRAY_LEN(sigs));
	return k < 0 ? FLOWQ_ERR_SQL_SEMANTIC : unit_bind(b, err, k == 1);
}

FN_EVAL(date_trunc)
{
	bool date = args[1].type == T_DATE;
	int unit;
	flowq_status st = unit_eval(ctx, &args[0], date, &unit);
	if (st != FLOWQ_OK)
		return st;
	if (date)
		*out = val_int(T_DATE, trunc_ms(days_to_ms(args[1].i), unit) / MS_PER_DAY);
	else
		*out = val_int(T_TIMESTAMP, trunc_ms(args[1].i, unit));
	return FLOWQ_OK;
}

FN_BIND(date_add)
{
	static const struct fn_sig sigs[] = {
		{T_TIMESTAMP, 3, {T_VARCHAR, T_BIGINT, T_TIMESTAMP}},
		{T_DATE, 3, {T_VARCHAR, T_BIGINT, T_DATE}},
	};
	int k = fn_match(b, err, "date_add", sigs, FQ_ARRAY_LEN(sigs));
	return k < 0 ? FLOWQ_ERR_SQL_SEMANTIC : unit_bind(b, err, k == 1);
}

FN_EVAL(date_add)
{
	bool date = args[2].type == T_DATE;
	int unit;
	int64_t res = 0;
	flowq_status st = unit_eval(ctx, &args[0], date, &unit);
	if (st == FLOWQ_OK)
		st = add_unit(ctx, date ? days_to_ms(args[2].i) : args[2].i, unit, args[1].i, &res);
	if (st != FLOWQ_OK)
		return st;
	*out = val_int(date ? T_DATE : T_TIMESTAMP, date ? floor_div(res, MS_PER_DAY) : res);
	return FLOWQ_OK;
}

FN_BIND(date_diff)
{
	static const struct fn_sig sigs[] = {
		{T_BIGINT, 3, {T_VARCHAR, T_TIMESTAMP, T_TIMESTAMP}},
		{T_BIGINT, 3, {T_VARCHAR, T_DATE, T_DATE}},
	};
	int k = fn_match(b, err, "date_diff", sigs, FQ_ARRAY_LEN(sigs));
	return k < 0 ? FLOWQ_ERR_SQL_SEMANTIC : unit_bind(b, err, k == 1);
}

FN_EVAL(date_diff)
{
	bool date = args[1].type == T_DATE;
	int unit;
	int64_t res = 0;
	flowq_status st = unit_eval(ctx, &args[0], date, &unit);
	if (st != FLOWQ_OK)
		return st;
	int64_t a = date ? days_to_ms(args[1].i) : args[1].i;
	int64_t b = date ? days_to_ms(args[2].i) : args[2].i;
	st = diff_unit(ctx, a, b, unit, &res);
	if (st != FLOWQ_OK)
		return st;
	*out = val_int(T_BIGINT, res);
	return FLOWQ_OK;
}

FN_BIND(last_day_of_month)
{
	static const struct fn_sig sigs[] = {
		{T_DATE, 1, {T_TIMESTAMP}},
		{T_DATE, 1, {T_DATE}},
	};
	return fn_bind_sigs(b, err, "last_day_of_month", sigs, FQ_ARRAY_LEN(sigs));
}

FN_EVAL(last_day_of_month)
{
	struct civil c;
	fn_civil(args[0].type == T_DATE ? days_to_ms(args[0].i) : args[0].i, &c);
	*out = val_int(T_DATE, days_from_civil(c.year, c.month, days_in_month(c.year, c.month)));
	return FLOWQ_OK;
}

/* ---- field extractors --------------------------------------------------- */

static const struct fn_sig ymd_ym_sigs[] = {
	{T_BIGINT, 1, {T_TIMESTAMP}},
	{T_BIGINT, 1, {T_DATE}},
	{T_BIGINT, 1, {T_INTERVAL_YM}},
};
static const struct fn_sig ymd_ds_sigs[] = {
	{T_BIGINT, 1, {T_TIMESTAMP}},
	{T_BIGINT, 1, {T_DATE}},
	{T_BIGINT, 1, {T_INTERVAL_DS}},
};
static const struct fn_sig ymd_sigs[] = {
	{T_BIGINT, 1, {T_TIMESTAMP}},
	{T_BIGINT, 1, {T_DATE}},
};
static const struct fn_sig hms_sigs[] = {
	{T_BIGINT, 1, {T_TIMESTAMP}},
	{T_BIGINT, 1, {T_INTERVAL_DS}},
};

static void civil_of(const struct fq_value *v, struct civil *c)
{
	fn_civil(v->type == T_DATE ? days_to_ms(v->i) : v->i, c);
}

#define PART(name, sigs, expr)                                                \
	FN_BIND(name)                                                         \
	{                                                                     \
		return fn_bind_sigs(b, err, #name, sigs, FQ_ARRAY_LEN(sigs)); \
	}                                                                     \
	FN_EVAL(name)                                                         \
	{                                                                     \
		const struct fq_value *x = &args[0];                          \
		struct civil c;                                               \
		if (x->type != T_INTERVAL_YM && x->type != T_INTERVAL_DS)     \
			civil_of(x, &c);                                      \
		*out = val_int(T_BIGINT, (expr));                             \
		return FLOWQ_OK;                                              \
	}

static int64_t week_of(const struct civil *c)
{
	int64_t wy;
	unsigned w;
	fn_iso_week(c->days, &wy, &w);
	return w;
}

static int64_t weekyear_of(const struct civil *c)
{
	int64_t wy;
	unsigned w;
	fn_iso_week(c->days, &wy, &w);
	return wy;
}

/* Intervals: Java's % keeps the sign, so negative intervals give negative parts. */
PART(year, ymd_ym_sigs, x->type == T_INTERVAL_YM ? x->i / 12 : c.year)
PART(month, ymd_ym_sigs, x->type == T_INTERVAL_YM ? x->i % 12 : (int64_t)c.month)
PART(day, ymd_ds_sigs, x->type == T_INTERVAL_DS ? x->i / MS_PER_DAY : (int64_t)c.day)
PART(quarter, ymd_sigs, (int64_t)(c.month - 1) / 3 + 1)
PART(week, ymd_sigs, week_of(&c))
PART(year_of_week, ymd_sigs, weekyear_of(&c))
PART(day_of_week, ymd_sigs, (int64_t)c.dow)
PART(day_of_year, ymd_sigs, (int64_t)c.doy)
PART(hour, hms_sigs, x->type == T_INTERVAL_DS ? x->i % MS_PER_DAY / MS_PER_HOUR : (int64_t)c.hour)
PART(minute, hms_sigs,
     x->type == T_INTERVAL_DS ? x->i % MS_PER_HOUR / MS_PER_MIN : (int64_t)c.minute)
PART(second, hms_sigs,
     x->type == T_INTERVAL_DS ? x->i % MS_PER_MIN / MS_PER_SEC : (int64_t)c.second)
PART(millisecond, hms_sigs, x->type == T_INTERVAL_DS ? x->i % MS_PER_SEC : (int64_t)c.milli)

FN_BIND(to_milliseconds)
{
	static const struct fn_sig sigs[] = {{T_BIGINT, 1, {T_INTERVAL_DS}}};
	return fn_bind_sigs(b, err, "to_milliseconds", sigs, 1);
}

FN_EVAL(to_milliseconds)
{
	*out = val_int(T_BIGINT, args[0].i);
	return FLOWQ_OK;
}

/* ---- current values ----------------------------------------------------- */

FN_BIND(current_date)
{
	static const struct fn_sig sigs[] = {{T_DATE, 0, {0}}};
	return fn_bind_sigs(b, err, "current_date", sigs, 1);
}

FN_EVAL(current_date)
{
	*out = val_int(T_DATE, floor_div(ctx->now_ms, MS_PER_DAY));
	return FLOWQ_OK;
}

FN_BIND(current_timestamp)
{
	static const struct fn_sig sigs[] = {{T_TIMESTAMP, 0, {0}}};
	return fn_bind_sigs(b, err, "current_timestamp", sigs, 1);
}

FN_EVAL(current_timestamp)
{
	*out = val_int(T_TIMESTAMP, ctx->now_ms);
	return FLOWQ_OK;
}

FN_BIND(current_timezone)
{
	static const struct fn_sig sigs[] = {{T_VARCHAR, 0, {0}}};
	return fn_bind_sigs(b, err, "current_timezone", sigs, 1);
}

FN_EVAL(current_timezone)
{
	return fn_ret_str(out, "UTC", 3);
}
