/*
 * fn_datefmt.c - timestamps to and from text: date_format and date_parse
 * (MySQL-style %-specifiers) and format_datetime (Joda-Time patterns).
 *
 * Trino implements the MySQL specifiers on top of Joda-Time, so that is
 * what these follow: %f prints six digits, %y parses with the pivot
 * 1970..2069, month and weekday names parse case-insensitively in full,
 * abbreviated or as numbers, literals match case-insensitively, and
 * %D %U %u %V %w %X are refused ("%D not supported in date format
 * string").  Parse errors carry Joda's wording ('Invalid format: "x" is
 * malformed at "y"', 'Cannot parse "x": Value 13 for monthOfYear must be in
 * the range [1,12]') because that is what Athena shows.  All in UTC.
 */
#include "exec/fn_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <strings.h>

static const char *const month_names[12] = {
	"January", "February", "March",	    "April",   "May",	   "June",
	"July",	   "August",   "September", "October", "November", "December",
};
static const char *const day_names[7] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

/* Specifiers Trino refuses. */
static bool unsupported_spec(char c)
{
	return c && strchr("DUuVwX", c) != NULL;
}

/* Check a MySQL format string; false with msg set on a refused specifier. */
static bool mysql_format_ok(struct fq_str f, char *msg, size_t cap)
{
	for (size_t i = 0; i + 1 < f.len; i++) {
		if (f.p[i] != '%')
			continue;
		char c = f.p[++i];
		if (unsupported_spec(c)) {
			snprintf(msg, cap, "%%%c not supported in date format string", c);
			return false;
		}
	}
	return true;
}

static flowq_status bind_mysql(struct fn_bind *b, struct flowq_error *err, const char *name,
			       enum fq_type ret, enum fq_type arg0)
{
	const struct fn_sig sigs[] = {{ret, 2, {arg0, T_VARCHAR}}};
	if (fn_match(b, err, name, sigs, 1) < 0)
		return FLOWQ_ERR_SQL_SEMANTIC;
	const struct fq_str *f = fn_const_str(b, 1);
	char msg[128];
	if (f && !mysql_format_ok(*f, msg, sizeof msg))
		return err_set(err, FLOWQ_ERR_SQL_SEMANTIC, "%s", msg);
	return FLOWQ_OK;
}

/* ---- date_format -------------------------------------------------------- */

/* Append to q at *w (the caller sized q for the worst case). */
static void put(char *q, size_t *w, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void put(char *q, size_t *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(q + *w, 32, fmt, ap);
	va_end(ap);
	*w += (size_t)FQ_MIN(n, 31);
}

/* Room for formatting with f: no specifier or pattern letter expands to more
 * than 31 bytes per format byte.  The stack buffer when it is big enough
 * (the caller copies the result out), else the batch arena. */
static char *out_buf(struct fn_ctx *ctx, struct fq_str f, char *stack, size_t cap)
{
	size_t need = (size_t)f.len * 32 + 1;
	return need <= cap ? stack : fn_alloc(ctx, need);
}

static unsigned clock12(unsigned h)
{
	return h % 12 == 0 ? 12 : h % 12;
}

FN_BIND(date_format)
{
	return bind_mysql(b, err, "date_format", T_VARCHAR, T_TIMESTAMP);
}

FN_EVAL(date_format)
{
	struct fq_str f = args[1].s;
	char msg[128];
	if (!mysql_format_ok(f, msg, sizeof msg))
		return fn_fail(ctx, "%s", msg);
	struct civil c;
	fn_civil(args[0].i, &c);
	int64_t wy;
	unsigned wk;
	fn_iso_week(c.days, &wy, &wk);
	char stack[1024];
	char *q = out_buf(ctx, f, stack, sizeof stack);
	if (!q)
		return ctx->err ? ctx->err->code : FLOWQ_ERR_NOMEM;
	size_t w = 0;
	for (size_t i = 0; i < f.len; i++) {
		char ch = f.p[i];
		if (ch != '%') {
			q[w++] = ch;
			continue;
		}
		if (++i >= f.len)
			break; /* a lone % at the end prints nothing */
		switch (f.p[i]) {
		case 'a': put(q, &w, "%.3s", day_names[c.dow - 1]); break;
		case 'b': put(q, &w, "%.3s", month_names[c.month - 1]); break;
		case 'c': put(q, &w, "%u", c.month); break;
		case 'd': put(q, &w, "%02u", c.day); break;
		case 'e': put(q, &w, "%u", c.day); break;
		case 'f': put(q, &w, "%06u", c.milli * 1000); break;
		case 'H': put(q, &w, "%02u", c.hour); break;
		case 'h':
		case 'I': put(q, &w, "%02u", clock12(c.hour)); break;
		case 'i': put(q, &w, "%02u", c.minute); break;
		case 'j': put(q, &w, "%03u", c.doy); break;
		case 'k': put(q, &w, "%u", c.hour); break;
		case 'l': put(q, &w, "%u", clock12(c.hour)); break;
		case 'M': put(q, &w, "%s", month_names[c.month - 1]); break;
		case 'm': put(q, &w, "%02u", c.month); break;
		case 'p': put(q, &w, "%s", c.hour < 12 ? "AM" : "PM"); break;
		case 'r':
			put(q, &w, "%02u:%02u:%02u %s", clock12(c.hour), c.minute, c.second,
			    c.hour < 12 ? "AM" : "PM");
			break;
		case 'S':
		case 's': put(q, &w, "%02u", c.second); break;
		case 'T': put(q, &w, "%02u:%02u:%02u", c.hour, c.minute, c.second); break;
		case 'v': put(q, &w, "%02u", wk); break;
		case 'x': put(q, &w, "%04lld", (long long)wy); break;
		case 'W': put(q, &w, "%s", day_names[c.dow - 1]); break;
		case 'Y': put(q, &w, "%04lld", (long long)c.year); break;
		case 'y': put(q, &w, "%02lld", (long long)floor_mod(c.year, 100)); break;
		default: q[w++] = f.p[i]; break; /* %% and %<other>: the character itself */
		}
	}
	return q == stack ? fn_ret_copy(ctx, out, q, w) : fn_ret_str(out, q, w);
}

/* ---- date_parse --------------------------------------------------------- */

struct dp {
	const char *p;
	size_t n, i;
	/* fields as parsed; have_* says which were */
	int64_t year, month, day, doy, hour, clock, minute, second, milli, dow, week, weekyear;
	int pm; /* -1 unset, 0 AM, 1 PM */
	bool have_year, have_month, have_day, have_doy, have_hour, have_clock, have_dow;
	bool have_week, have_weekyear;
};

/* Up to max digits (a sign first when `sign`); false when there is no digit. */
static bool dp_num(struct dp *d, int max, bool sign, int64_t *v)
{
	size_t i = d->i;
	bool neg = false;
	if (sign && i < d->n && (d->p[i] == '-' || d->p[i] == '+')) {
		neg = d->p[i] == '-';
		i++;
	}
	int k = 0;
	int64_t x = 0;
	while (i < d->n && k < max && d->p[i] >= '0' && d->p[i] <= '9') {
		x = x * 10 + (d->p[i++] - '0');
		k++;
	}
	if (k == 0)
		return false;
	d->i = i;
	*v = neg ? -x : x;
	return true;
}

/* The longest of names (full or 3-letter) or numerals 1..n at the position. */
static bool dp_text(struct dp *d, const char *const *names, int n, int64_t *v)
{
	size_t best_len = 0;
	int best = -1;
	size_t left = d->n - d->i;
	for (int k = 0; k < n; k++) {
		size_t full = strlen(names[k]);
		if (full <= left && full > best_len &&
		    strncasecmp(d->p + d->i, names[k], full) == 0) {
			best_len = full;
			best = k;
		}
		if (3 <= left && 3 > best_len && strncasecmp(d->p + d->i, names[k], 3) == 0) {
			best_len = 3;
			best = k;
		}
		char num[4];
		size_t nl = (size_t)snprintf(num, sizeof num, "%d", k + 1);
		if (nl <= left && nl > best_len && memcmp(d->p + d->i, num, nl) == 0) {
			best_len = nl;
			best = k;
		}
	}
	if (best < 0)
		return false;
	d->i += best_len;
	*v = best + 1;
	return true;
}

static bool dp_halfday(struct dp *d)
{
	if (d->n - d->i >= 2 && (strncasecmp(d->p + d->i, "AM", 2) == 0 ||
				 strncasecmp(d->p + d->i, "PM", 2) == 0)) {
		d->pm = (d->p[d->i] == 'P' || d->p[d->i] == 'p');
		d->i += 2;
		return true;
	}
	return false;
}

static bool dp_lit(struct dp *d, char c)
{
	if (d->i < d->n) {
		char x = d->p[d->i];
		if (x == c || (((x | 32) == (c | 32)) && (c | 32) >= 'a' && (c | 32) <= 'z')) {
			d->i++;
			return true;
		}
	}
	return false;
}

static bool dp_hms(struct dp *d, bool clock)
{
	int64_t h;
	if (!dp_num(d, 2, false, &h))
		return false;
	if (clock) {
		d->clock = h;
		d->have_clock = true;
	} else {
		d->hour = h;
		d->have_hour = true;
	}
	return dp_lit(d, ':') && dp_num(d, 2, false, &d->minute) && dp_lit(d, ':') &&
	       dp_num(d, 2, false, &d->second);
}

/* One specifier; false when the text does not fit it. */
static bool dp_spec(struct dp *d, char c)
{
	int64_t v;
	switch (c) {
	case 'a':
	case 'W':
		return dp_text(d, day_names, 7, &d->dow) && (d->have_dow = true);
	case 'b':
	case 'M':
		return dp_text(d, month_names, 12, &d->month) && (d->have_month = true);
	case 'c':
	case 'm': return dp_num(d, 2, false, &d->month) && (d->have_month = true);
	case 'd':
	case 'e': return dp_num(d, 2, false, &d->day) && (d->have_day = true);
	case 'f': {
		size_t start = d->i;
		if (!dp_num(d, 9, false, &v))
			return false;
		int64_t scale = 1;
		for (size_t k = start; k < d->i; k++)
			scale *= 10;
		d->milli = v * 1000 / scale;
		return true;
	}
	case 'H':
	case 'k': return dp_num(d, 2, false, &d->hour) && (d->have_hour = true);
	case 'h':
	case 'I':
	case 'l': return dp_num(d, 2, false, &d->clock) && (d->have_clock = true);
	case 'i': return dp_num(d, 2, false, &d->minute);
	case 'j': return dp_num(d, 3, false, &d->doy) && (d->have_doy = true);
	case 'p': return dp_halfday(d);
	case 'r': return dp_hms(d, true) && dp_lit(d, ' ') && dp_halfday(d);
	case 'S':
	case 's': return dp_num(d, 2, false, &d->second);
	case 'T': return dp_hms(d, false);
	case 'v': return dp_num(d, 2, false, &d->week) && (d->have_week = true);
	case 'x': return dp_num(d, 4, true, &d->weekyear) && (d->have_weekyear = true);
	case 'Y': return dp_num(d, 4, true, &d->year) && (d->have_year = true);
	case 'y':
		/* exactly two digits, pivot 2020: 70..99 -> 1970.., 00..69 -> 2000.. */
		if (d->n - d->i < 2 || d->p[d->i] < '0' || d->p[d->i] > '9' ||
		    d->p[d->i + 1] < '0' || d->p[d->i + 1] > '9')
			return false;
		v = (d->p[d->i] - '0') * 10 + (d->p[d->i + 1] - '0');
		d->i += 2;
		d->year = v + (v < 70 ? 2000 : 1900);
		d->have_year = true;
		return true;
	default: return dp_lit(d, c); /* %% and %<other> */
	}
}

/* Joda's "Value v for field must be in the range [lo,hi]" check. */
static bool dp_range(struct fn_ctx *ctx, struct fq_str text, int64_t v, const char *field,
		     int64_t lo, int64_t hi)
{
	if (v >= lo && v <= hi)
		return true;
	fn_fail(ctx, "Cannot parse \"%.*s\": Value %lld for %s must be in the range [%lld,%lld]",
		(int)FQ_MIN(text.len, 200u), text.p, (long long)v, field, (long long)lo,
		(long long)hi);
	return false;
}

static void parse_error(struct fn_ctx *ctx, struct fq_str text, size_t at)
{
	int n = (int)FQ_MIN(text.len, 200u);
	if (at == 0)
		fn_fail(ctx, "Invalid format: \"%.*s\"", n, text.p);
	else if (at >= text.len)
		fn_fail(ctx, "Invalid format: \"%.*s\" is too short", n, text.p);
	else
		fn_fail(ctx, "Invalid format: \"%.*s\" is malformed at \"%.*s\"", n, text.p,
			(int)FQ_MIN(text.len - at, 200u), text.p + at);
}

/* The timestamp of the parsed fields, Joda's order: year, month, day of
 * year, day of month, week, day of week, then the time of day. */
static bool dp_compute(struct dp *d, struct fn_ctx *ctx, struct fq_str text, int64_t *ms)
{
	int64_t y = d->have_year ? d->year : 1970;
	int64_t m = d->have_month ? d->month : 1;
	if (!dp_range(ctx, text, y, "year", -292275054, 292278993) ||
	    !dp_range(ctx, text, m, "monthOfYear", 1, 12))
		return false;
	int64_t days = days_from_civil(y, (unsigned)m, 1);
	if (d->have_doy) {
		if (!dp_range(ctx, text, d->doy, "dayOfYear", 1, is_leap(y) ? 366 : 365))
			return false;
		days = days_from_civil(y, 1, 1) + d->doy - 1;
	}
	if (d->have_day) {
		int64_t cy;
		unsigned cm, cd;
		civil_from_days(days, &cy, &cm, &cd);
		if (!dp_range(ctx, text, d->day, "dayOfMonth", 1, days_in_month(cy, cm)))
			return false;
		days = days_from_civil(cy, cm, (unsigned)d->day);
	}
	if (d->have_week || d->have_weekyear) {
		int64_t wy;
		unsigned w, last;
		fn_iso_week(days, &wy, &w);
		if (d->have_weekyear)
			wy = d->weekyear;
		if (d->have_week)
			w = (unsigned)FQ_MIN(FQ_MAX(d->week, 0), 99);
		int64_t dummy;
		fn_iso_week(days_from_civil(wy, 12, 28), &dummy, &last);
		if (!dp_range(ctx, text, d->have_week ? d->week : w, "weekOfWeekyear", 1, last))
			return false;
		int64_t dow = floor_mod(days + 3, 7) + 1;
		int64_t jan4 = days_from_civil(wy, 1, 4);
		days = jan4 - floor_mod(jan4 + 3, 7) + (int64_t)(w - 1) * 7 + dow - 1;
	}
	if (d->have_dow)
		days += d->dow - (floor_mod(days + 3, 7) + 1);
	int64_t h = d->pm > 0 ? 12 : 0;
	if (d->have_hour) {
		if (!dp_range(ctx, text, d->hour, "hourOfDay", 0, 23))
			return false;
		h = d->hour;
	} else if (d->have_clock) {
		if (!dp_range(ctx, text, d->clock, "clockhourOfHalfday", 1, 12))
			return false;
		h = d->clock % 12 + (d->pm > 0 ? 12 : 0);
	}
	if (!dp_range(ctx, text, d->minute, "minuteOfHour", 0, 59) ||
	    !dp_range(ctx, text, d->second, "secondOfMinute", 0, 59))
		return false;
	*ms = days * MS_PER_DAY + h * MS_PER_HOUR + d->minute * MS_PER_MIN +
	      d->second * MS_PER_SEC + d->milli;
	return true;
}

FN_BIND(date_parse)
{
	return bind_mysql(b, err, "date_parse", T_TIMESTAMP, T_VARCHAR);
}

FN_EVAL(date_parse)
{
	struct fq_str text = args[0].s, f = args[1].s;
	char msg[128];
	if (!mysql_format_ok(f, msg, sizeof msg))
		return fn_fail(ctx, "%s", msg);
	struct dp d;
	memset(&d, 0, sizeof d);
	d.p = text.p ? text.p : "";
	d.n = text.len;
	d.pm = -1;
	for (size_t i = 0; i < f.len; i++) {
		bool ok;
		if (f.p[i] != '%')
			ok = dp_lit(&d, f.p[i]);
		else if (i + 1 < f.len)
			ok = dp_spec(&d, f.p[++i]);
		else
			break;
		if (!ok) {
			parse_error(ctx, text, d.i);
			return FLOWQ_ERR_RUNTIME;
		}
	}
	if (d.i < d.n) {
		parse_error(ctx, text, d.i);
		return FLOWQ_ERR_RUNTIME;
	}
	int64_t ms = 0;
	if (!dp_compute(&d, ctx, text, &ms))
		return FLOWQ_ERR_RUNTIME;
	*out = val_int(T_TIMESTAMP, ms);
	return FLOWQ_OK;
}

/* ---- format_datetime (Joda patterns) ------------------------------------ */

/* Print one pattern letter repeated `count` times; false for an unknown one. */
static bool joda_field(char *q, size_t *w, char letter, int count, const struct civil *c)
{
	int64_t wy;
	unsigned wk;
	int pad = FQ_MIN(count, 20);
	switch (letter) {
	case 'G': put(q, w, "%s", c->year > 0 ? "AD" : "BC"); break;
	case 'C': put(q, w, "%0*lld", pad, (long long)(c->year / 100)); break;
	case 'y':
	case 'Y':
		if (count == 2)
			put(q, w, "%02lld", (long long)floor_mod(c->year, 100));
		else
			put(q, w, "%0*lld", pad, (long long)c->year);
		break;
	case 'x':
		fn_iso_week(c->days, &wy, &wk);
		if (count == 2)
			put(q, w, "%02lld", (long long)floor_mod(wy, 100));
		else
			put(q, w, "%0*lld", pad, (long long)wy);
		break;
	case 'w':
		fn_iso_week(c->days, &wy, &wk);
		put(q, w, "%0*u", pad, wk);
		break;
	case 'M':
		if (count >= 4)
			put(q, w, "%s", month_names[c->month - 1]);
		else if (count == 3)
			put(q, w, "%.3s", month_names[c->month - 1]);
		else
			put(q, w, "%0*u", pad, c->month);
		break;
	case 'd': put(q, w, "%0*u", pad, c->day); break;
	case 'D': put(q, w, "%0*u", pad, c->doy); break;
	case 'e': put(q, w, "%0*u", pad, c->dow); break;
	case 'E':
		if (count >= 4)
			put(q, w, "%s", day_names[c->dow - 1]);
		else
			put(q, w, "%.3s", day_names[c->dow - 1]);
		break;
	case 'a': put(q, w, "%s", c->hour < 12 ? "AM" : "PM"); break;
	case 'h': put(q, w, "%0*u", pad, clock12(c->hour)); break;
	case 'K': put(q, w, "%0*u", pad, c->hour % 12); break;
	case 'H': put(q, w, "%0*u", pad, c->hour); break;
	case 'k': put(q, w, "%0*u", pad, c->hour == 0 ? 24 : c->hour); break;
	case 'm': put(q, w, "%0*u", pad, c->minute); break;
	case 's': put(q, w, "%0*u", pad, c->second); break;
	case 'S': {
		/* count digits of the fraction, truncated */
		char digits[24];
		snprintf(digits, sizeof digits, "%03u%018d", c->milli, 0);
		put(q, w, "%.*s", pad, digits);
		break;
	}
	case 'z': put(q, w, "%s", count >= 4 ? "Coordinated Universal Time" : "UTC"); break;
	case 'Z': put(q, w, "%s", count == 1 ? "+0000" : count == 2 ? "+00:00" : "UTC"); break;
	default: return false;
	}
	return true;
}

FN_BIND(format_datetime)
{
	static const struct fn_sig sigs[] = {{T_VARCHAR, 2, {T_TIMESTAMP, T_VARCHAR}}};
	return fn_bind_sigs(b, err, "format_datetime", sigs, 1);
}

FN_EVAL(format_datetime)
{
	struct fq_str f = args[1].s;
	struct civil c;
	fn_civil(args[0].i, &c);
	char stack[1024];
	char *q = out_buf(ctx, f, stack, sizeof stack);
	if (!q)
		return ctx->err ? ctx->err->code : FLOWQ_ERR_NOMEM;
	size_t w = 0;
	for (size_t i = 0; i < f.len;) {
		char ch = f.p[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
			size_t j = i;
			while (j < f.len && f.p[j] == ch)
				j++;
			if (!joda_field(q, &w, ch, (int)(j - i), &c))
				return fn_fail(ctx, "Illegal pattern component: %.*s", (int)(j - i),
					       f.p + i);
			i = j;
		} else if (ch == '\'') {
			i++;
			if (i < f.len && f.p[i] == '\'') { /* '' is a quote */
				q[w++] = '\'';
				i++;
				continue;
			}
			while (i < f.len) {
				if (f.p[i] == '\'') {
					if (i + 1 < f.len && f.p[i + 1] == '\'') {
						q[w++] = '\'';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				q[w++] = f.p[i++];
			}
		} else {
			q[w++] = ch;
			i++;
		}
	}
	return q == stack ? fn_ret_copy(ctx, out, q, w) : fn_ret_str(out, q, w);
}
