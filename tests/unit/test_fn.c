/*
 * test_fn.c - the scalar function library: every function is bound with
 * typed arguments and evaluated, and the result is compared, as text, with
 * a value worked out by hand from Trino's documentation and semantics.
 *
 * CALL(name, args...) runs a call twice: once with the arguments given to
 * bind as constants (so units, patterns and CIDRs are precompiled) and once
 * as per-row values; both must agree.  It returns the result rendered the
 * way Athena prints it, "NULL", "ERROR: <runtime message>" or
 * "BIND: <bind message>".  A bind error that only happens with constants
 * (a bad constant pattern) is reported as ERROR when the per-row run fails
 * with the same text at runtime.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "exec/expr.h"
#include "exec/fn.h"
#include "t.h"

/* ---- values ------------------------------------------------------------- */

static struct fq_value S(const char *z)
{
	return val_str(str_c(z));
}
static struct fq_value I(int64_t v)
{
	return val_int(T_INTEGER, v);
}
static struct fq_value BI(int64_t v)
{
	return val_int(T_BIGINT, v);
}
static struct fq_value D(double d)
{
	return val_double(d);
}
static struct fq_value TS(const char *z)
{
	int64_t ms = 0;
	if (!fn_parse_timestamp(z, strlen(z), &ms))
		fprintf(stderr, "  bad timestamp literal in test: %s\n", z);
	return val_int(T_TIMESTAMP, ms);
}
static struct fq_value DT(const char *z)
{
	int64_t days = 0;
	if (!fn_parse_date(z, strlen(z), &days))
		fprintf(stderr, "  bad date literal in test: %s\n", z);
	return val_int(T_DATE, days);
}
static struct fq_value IP(const char *z)
{
	struct fq_value v;
	memset(&v, 0, sizeof v);
	v.type = T_IPADDRESS;
	if (!ip_parse(z, strlen(z), &v.ip))
		fprintf(stderr, "  bad address in test: %s\n", z);
	return v;
}
static struct fq_value NUL(enum fq_type t)
{
	return val_null(t);
}
#define NULLV NUL(T_UNKNOWN)

/* ---- the call helper ---------------------------------------------------- */

static const int64_t NOW_MS = 1770979032345LL; /* 2026-02-13 10:37:12.345 */

static char last[1300];            /* the rendered result of the last CALL */
static enum fq_type last_type;    /* its result type */

/* Coerce a value to the type bind asked for (what the binder's cast does). */
static struct fq_value coerce(struct fq_value v, enum fq_type to)
{
	if (to == T_UNKNOWN || v.type == to)
		return v;
	if (v.is_null || v.type == T_UNKNOWN)
		return val_null(to);
	if (to == T_DOUBLE && (v.type == T_INTEGER || v.type == T_BIGINT))
		return val_double((double)v.i);
	if (to == T_BIGINT && v.type == T_INTEGER)
		return val_int(T_BIGINT, v.i);
	if (to == T_TIMESTAMP && v.type == T_DATE)
		return val_int(T_TIMESTAMP, v.i * 86400000LL);
	fprintf(stderr, "  test cannot coerce %s to %s\n", type_name(v.type), type_name(to));
	return val_null(to);
}

/* One bind + eval; the rendering goes to out. */
static void run_once(const char *name, const struct fq_value *args, int n, bool consts,
		     char *out, size_t cap, enum fq_type *type)
{
	const struct fn_def *def = fn_find(name);
	*type = T_UNKNOWN;
	if (!def) {
		snprintf(out, cap, "NO SUCH FUNCTION");
		return;
	}
	struct arena qa, ba;
	arena_init(&qa, 4096);
	arena_init(&ba, 4096);
	struct fn_bind b;
	memset(&b, 0, sizeof b);
	b.n_args = n;
	b.arena = &qa;
	for (int i = 0; i < n; i++) {
		b.arg_types[i] = args[i].type;
		b.arg_const[i] = consts ? &args[i] : NULL;
	}
	struct flowq_error err;
	memset(&err, 0, sizeof err);
	flowq_status st = def->bind(&b, &err);
	if (st != FLOWQ_OK) {
		snprintf(out, cap, "BIND: %s", err.msg);
		goto done;
	}
	*type = b.result_type;
	struct fq_value cargs[FN_MAX_ARGS];
	bool any_null = false;
	for (int i = 0; i < n; i++) {
		cargs[i] = coerce(args[i], b.arg_cast[i]);
		any_null |= cargs[i].is_null;
	}
	if (def->strict && any_null) {
		snprintf(out, cap, "NULL");
		goto done;
	}
	struct fn_ctx ctx = {b.state, &ba, NOW_MS, &err};
	struct fq_value res;
	memset(&res, 0, sizeof res);
	st = def->eval(cargs, n, &res, &ctx);
	if (st != FLOWQ_OK) {
		snprintf(out, cap, "ERROR: %s", err.msg);
		goto done;
	}
	if (res.is_null) {
		snprintf(out, cap, "NULL");
		goto done;
	}
	if (res.type != b.result_type)
		snprintf(out, cap, "WRONG TYPE %s (bound %s)", type_name(res.type),
			 type_name(b.result_type));
	else if (res.type == T_TIMESTAMP && (res.i > (1LL << 62) || res.i < -(1LL << 62)))
		/* far outside any calendar anyone uses: the raw value (val_format of
		 * INT64_MIN overflows in types.c) */
		snprintf(out, cap, "ms:%lld", (long long)res.i);
	else {
		struct buf fb = {0};
		val_format(&res, &fb);
		buf_nul(&fb);
		snprintf(out, cap, "%s", fb.p ? fb.p : "");
		buf_free(&fb);
	}
done:
	arena_free(&qa);
	arena_free(&ba);
}

static const char *call_(const char *name, const struct fq_value *args, int n)
{
	char a[600], b[600];
	enum fq_type ta, tb;
	run_once(name, args, n, true, a, sizeof a, &ta);
	run_once(name, args, n, false, b, sizeof b, &tb);
	last_type = ta;
	if (strcmp(a, b) == 0)
		snprintf(last, sizeof last, "%s", a);
	else if (strncmp(a, "BIND: ", 6) == 0 && strncmp(b, "ERROR: ", 7) == 0 &&
		 strcmp(a + 6, b + 7) == 0)
		snprintf(last, sizeof last, "%s", b); /* a constant argument failed early */
	else
		snprintf(last, sizeof last, "MISMATCH const=[%s] row=[%s]", a, b);
	return last;
}

#define ARGS(...) ((const struct fq_value[]){__VA_ARGS__})
#define NARGS(...) ((int)(sizeof ARGS(__VA_ARGS__) / sizeof(struct fq_value)))
#define CALL(name, ...) call_(name, ARGS(__VA_ARGS__), NARGS(__VA_ARGS__))
#define CALL0(name) call_(name, NULL, 0)

/* One run only, for volatile functions whose two runs cannot agree. */
static const char *call_once(const char *name, const struct fq_value *args, int n)
{
	run_once(name, args, n, false, last, sizeof last, &last_type);
	return last;
}
#define CALL_ONCE(name, ...) call_once(name, ARGS(__VA_ARGS__), NARGS(__VA_ARGS__))
#define CHECK_CALL(expect, name, ...) CHECK_STR(CALL(name, __VA_ARGS__), expect)
#define CHECK_PREFIX(s, prefix) CHECK(strncmp((s), (prefix), strlen(prefix)) == 0)

/* ---- registry ----------------------------------------------------------- */

TEST(fn_registry)
{
	const struct fn_def *d = fn_find("SPLIT_Part");
	CHECK(d != NULL);
	CHECK_STR(d ? d->name : NULL, "split_part");
	CHECK(fn_find("no_such_function") == NULL);
	CHECK(fn_find(NULL) == NULL);
	CHECK_STR(fn_closest("splitpart"), "split_part");
	CHECK_STR(fn_closest("DATEDIFF"), "date_diff");
	CHECK_STR(fn_closest("date_diffs"), "date_diff");
	CHECK(fn_closest("xyzzyplugh") == NULL);

	static const char *const flowq_only[] = {"is_private_ip", "is_subnet_of", "protocol_name",
						 "tcp_flags_names"};
	static const char *const volatile_[] = {"current_date", "current_timestamp",
						"localtimestamp", "now", "rand", "random"};
	size_t n = 0;
	for (const struct fn_def *f; (f = fn_at(n)); n++) {
		CHECK(f->bind && f->eval && f->signature && f->summary);
		CHECK(f->strict);
		for (const char *c = f->name; *c; c++)
			CHECK((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_');
		if (n > 0)
			CHECK(strcmp(fn_at(n - 1)->name, f->name) < 0); /* sorted, unique */
		/* the signature starts with the name */
		CHECK(strncmp(f->signature, f->name, strlen(f->name)) == 0);
		bool fo = false, vo = false;
		for (size_t k = 0; k < FQ_ARRAY_LEN(flowq_only); k++)
			fo |= strcmp(f->name, flowq_only[k]) == 0;
		for (size_t k = 0; k < FQ_ARRAY_LEN(volatile_); k++)
			vo |= strcmp(f->name, volatile_[k]) == 0;
		if (f->flowq_only != fo || f->volatile_ != vo)
			fprintf(stderr, "  flags of %s\n", f->name);
		CHECK(f->flowq_only == fo);
		CHECK(f->volatile_ == vo);
	}
	CHECK(n >= 110);
	CHECK(fn_at(n) == NULL);
}

/* Text for a Markdown table cell: '|' escaped. */
static void md_cell(char *out, size_t cap, const char *z)
{
	size_t n = 0;
	for (; *z && n + 2 < cap; z++) {
		if (*z == '|')
			out[n++] = '\\';
		out[n++] = *z;
	}
	out[n] = 0;
}

/* docs/functions.md lists every function with the table's signature and summary. */
TEST(fn_docs_match_table)
{
	FILE *f = fopen("docs/functions.md", "rb");
	if (!f) {
		fprintf(stderr, "  (no docs/functions.md in the working directory; skipped)\n");
		return;
	}
	static char doc[256 << 10];
	size_t len = fread(doc, 1, sizeof doc - 1, f);
	fclose(f);
	doc[len] = 0;
	for (size_t i = 0; fn_at(i); i++) {
		const struct fn_def *d = fn_at(i);
		char sig[300], sum[300], line[700];
		md_cell(sig, sizeof sig, d->signature);
		md_cell(sum, sizeof sum, d->summary);
		snprintf(line, sizeof line, "| `%s` | %s%s |", sig,
			 d->flowq_only ? "**flowq-only.** " : "", sum);
		if (!strstr(doc, line)) {
			fprintf(stderr, "  docs/functions.md lacks: %s\n", line);
			t_failures++;
		}
	}
}

TEST(fn_parse_literals)
{
	int64_t v = 0;
	CHECK(fn_parse_timestamp("2026-02-13", 10, &v));
	CHECK_INT(v, 1770940800000LL);
	CHECK(fn_parse_timestamp("2026-02-13 10:37:12.345", 23, &v));
	CHECK_INT(v, 1770979032345LL);
#define PT(z, ms)                                                      \
	do {                                                           \
		int64_t x_ = -1;                                       \
		CHECK(fn_parse_timestamp(z, strlen(z), &x_));          \
		CHECK_INT(x_, ms);                                     \
	} while (0)
#define PT_BAD(z)                                                \
	do {                                                     \
		int64_t x_ = -1;                                 \
		CHECK(!fn_parse_timestamp(z, strlen(z), &x_));   \
	} while (0)
	PT("2026-02-13T10:37:12.345Z", 1770979032345LL);
	PT("2026-02-13 10:37:12.345 UTC", 1770979032345LL);
	PT("  2026-02-13 10:37:12.345  ", 1770979032345LL);
	PT("2026-02-13 10:37", 1770979020000LL);
	PT("2026-2-3 1:2:3", 1770080523000LL);
	PT("2026-02-13 10:37:12.3455", 1770979032346LL); /* rounded half up to ms */
	PT("2026-02-13 10:37:12.9999", 1770979033000LL);
	PT("2026-02-13 11:37:12.345 +01:00", 1770979032345LL);
	PT("2026-02-13 05:07:12.345-05:30", 1770979032345LL);
	PT("2026-02-13 UTC", 1770940800000LL);
	PT("1969-12-31 23:59:59.999", -1);
	PT_BAD("2026-02-30");
	PT_BAD("2026-02-13 24:00:00");
	PT_BAD("2026-02-13 10:60");
	PT_BAD("2026-02-13T");
	PT_BAD("2026-02-13 10:00:00 America/New_York");
	PT_BAD("26-02-13");
	PT_BAD("garbage");
	PT_BAD("");

	CHECK(fn_parse_date("2026-02-13", 10, &v));
	CHECK_INT(v, 20497);
	CHECK(fn_parse_date(" 2026-2-3 ", 10, &v));
	CHECK_INT(v, 20487);
	CHECK(fn_parse_date("1969-12-31", 10, &v));
	CHECK_INT(v, -1);
	CHECK(!fn_parse_date("2026-02-13 10:00", 16, &v));
	CHECK(!fn_parse_date("20260213", 8, &v));
	CHECK(!fn_parse_date("2025-02-29", 10, &v));
	CHECK(fn_parse_date("2024-02-29", 10, &v));
}

/* ---- time --------------------------------------------------------------- */

TEST(fn_date_trunc)
{
	struct fq_value t = TS("2026-02-13 10:37:12.345");
	CHECK_CALL("2026-02-13 10:00:00.000", "date_trunc", S("hour"), t);
	CHECK_CALL("2026-02-13 10:37:12.345", "date_trunc", S("millisecond"), t);
	CHECK_CALL("2026-02-13 10:37:12.000", "date_trunc", S("second"), t);
	CHECK_CALL("2026-02-13 10:37:00.000", "date_trunc", S("minute"), t);
	CHECK_CALL("2026-02-13 00:00:00.000", "date_trunc", S("day"), t);
	CHECK_CALL("2026-02-09 00:00:00.000", "date_trunc", S("week"), t); /* Monday */
	CHECK_CALL("2026-02-01 00:00:00.000", "date_trunc", S("month"), t);
	CHECK_CALL("2026-01-01 00:00:00.000", "date_trunc", S("quarter"), t);
	CHECK_CALL("2026-10-01 00:00:00.000", "date_trunc", S("quarter"),
		   TS("2026-11-30 23:00:00"));
	CHECK_CALL("2026-01-01 00:00:00.000", "date_trunc", S("year"), t);
	CHECK_CALL("2026-02-13 10:00:00.000", "date_trunc", S("HOUR"), t);
	CHECK(last_type == T_TIMESTAMP);
	/* before the epoch, truncation still goes down */
	CHECK_CALL("1969-12-31 00:00:00.000", "date_trunc", S("day"),
		   TS("1969-12-31 23:59:59.999"));
	CHECK_CALL("1969-12-31 23:59:59.000", "date_trunc", S("second"),
		   TS("1969-12-31 23:59:59.999"));
	/* dates */
	CHECK_CALL("2026-02-09", "date_trunc", S("week"), DT("2026-02-15")); /* a Sunday */
	CHECK(last_type == T_DATE);
	CHECK_CALL("2026-02-01", "date_trunc", S("month"), DT("2026-02-13"));
	CHECK_CALL("ERROR: 'hour' is not a valid DATE field", "date_trunc", S("hour"),
		   DT("2026-02-13"));
	CHECK_CALL("ERROR: 'hours' is not a valid Timestamp field", "date_trunc", S("Hours"), t);
	CHECK_CALL("NULL", "date_trunc", S("hour"), NUL(T_TIMESTAMP));
	CHECK_CALL("BIND: Unexpected parameters (varchar, varchar) for function date_trunc. "
		   "Expected: date_trunc(varchar, timestamp), date_trunc(varchar, date)",
		   "date_trunc", S("hour"), S("2026-02-13"));
}

TEST(fn_date_parts)
{
	struct fq_value t = TS("2026-02-13 10:37:12.345");
	CHECK_CALL("2026", "year", t);
	CHECK(last_type == T_BIGINT);
	CHECK_CALL("1", "quarter", t);
	CHECK_CALL("4", "quarter", DT("2026-11-30"));
	CHECK_CALL("2", "month", t);
	CHECK_CALL("7", "week", t);
	CHECK_CALL("7", "week_of_year", DT("2026-02-13"));
	CHECK_CALL("53", "week", DT("2021-01-01"));
	CHECK_CALL("2020", "year_of_week", DT("2021-01-01"));
	CHECK_CALL("2026", "yow", DT("2025-12-29"));
	CHECK_CALL("1", "week", DT("2025-12-29"));
	CHECK_CALL("13", "day", t);
	CHECK_CALL("13", "day_of_month", DT("2026-02-13"));
	CHECK_CALL("5", "day_of_week", t); /* Friday */
	CHECK_CALL("7", "dow", DT("2026-02-15"));
	CHECK_CALL("1", "dow", DT("2026-02-09"));
	CHECK_CALL("44", "day_of_year", t);
	CHECK_CALL("366", "doy", DT("2024-12-31"));
	CHECK_CALL("10", "hour", t);
	CHECK_CALL("37", "minute", t);
	CHECK_CALL("12", "second", t);
	CHECK_CALL("345", "millisecond", t);
	CHECK_CALL("0", "hour", DT("2026-02-13")); /* a date is coerced to a timestamp */
	CHECK_CALL("23", "hour", TS("1969-12-31 23:59:59.999"));
	CHECK_CALL("999", "millisecond", TS("1969-12-31 23:59:59.999"));
	/* intervals: 1 day 02:03:04.005 and 2 years 2 months */
	struct fq_value ds = val_int(T_INTERVAL_DS, 93784005), ym = val_int(T_INTERVAL_YM, 26);
	CHECK_CALL("1", "day", ds);
	CHECK_CALL("2", "hour", ds);
	CHECK_CALL("3", "minute", ds);
	CHECK_CALL("4", "second", ds);
	CHECK_CALL("5", "millisecond", ds);
	CHECK_CALL("-2", "hour", val_int(T_INTERVAL_DS, -93784005));
	CHECK_CALL("2", "year", ym);
	CHECK_CALL("2", "month", ym);
	CHECK_CALL("93784005", "to_milliseconds", ds);
	CHECK_CALL("2024-02-29", "last_day_of_month", DT("2024-02-10"));
	CHECK_CALL("2026-12-31", "last_day_of_month", TS("2026-12-05 10:00:00"));
	CHECK_CALL("BIND: Unexpected parameters (varchar) for function year. Expected: "
		   "year(timestamp), year(date), year(interval year to month)",
		   "year", S("2026"));
	CHECK_CALL("BIND: Unexpected parameters (interval year to month) for function hour. "
		   "Expected: hour(timestamp), hour(interval day to second)",
		   "hour", val_int(T_INTERVAL_YM, 1));
}

TEST(fn_date_add)
{
	struct fq_value t = TS("2026-02-13 10:37:12.345");
	CHECK_CALL("2026-02-13 15:37:12.345", "date_add", S("hour"), I(5), t);
	CHECK(last_type == T_TIMESTAMP);
	CHECK_CALL("2026-02-12 23:00:00.000", "date_add", S("minute"), BI(-90),
		   TS("2026-02-13 00:30:00"));
	CHECK_CALL("2026-02-13 10:37:12.346", "date_add", S("millisecond"), I(1), t);
	CHECK_CALL("2026-02-27 10:37:12.345", "date_add", S("week"), I(2), t);
	CHECK_CALL("2026-02-28 12:00:00.000", "date_add", S("month"), I(1),
		   TS("2026-01-31 12:00:00"));
	CHECK_CALL("2024-02-29", "date_add", S("month"), I(1), DT("2024-01-31"));
	CHECK(last_type == T_DATE);
	CHECK_CALL("2025-02-28", "date_add", S("year"), I(1), DT("2024-02-29"));
	CHECK_CALL("2026-02-28", "date_add", S("quarter"), I(-1), DT("2026-05-31"));
	CHECK_CALL("2026-02-28", "date_add", S("day"), I(-1), DT("2026-03-01"));
	CHECK_CALL("2025-12-13", "date_add", S("month"), I(-2), DT("2026-02-13"));
	CHECK_CALL("ERROR: 'hour' is not a valid DATE field", "date_add", S("hour"), I(1),
		   DT("2026-02-13"));
	CHECK_CALL("ERROR: integer overflow", "date_add", S("second"), BI(3000000000LL), t);
	CHECK_CALL("NULL", "date_add", S("day"), NULLV, t);
}

TEST(fn_date_diff)
{
	CHECK_CALL("0", "date_diff", S("day"), TS("2026-02-13 10:00:00"),
		   TS("2026-02-14 09:59:59.999"));
	CHECK(last_type == T_BIGINT);
	CHECK_CALL("2", "date_diff", S("day"), TS("2026-02-13 10:00:00"),
		   TS("2026-02-15 10:00:00"));
	CHECK_CALL("-2", "date_diff", S("hour"), TS("2026-02-13 12:30:00"),
		   TS("2026-02-13 10:00:00"));
	CHECK_CALL("1", "date_diff", S("second"), TS("2026-02-13 10:00:00"),
		   TS("2026-02-13 10:00:01.500"));
	CHECK_CALL("1500", "date_diff", S("millisecond"), TS("2026-02-13 10:00:00"),
		   TS("2026-02-13 10:00:01.500"));
	CHECK_CALL("2", "date_diff", S("week"), DT("2026-02-01"), DT("2026-02-15"));
	CHECK_CALL("1", "date_diff", S("month"), DT("2026-01-31"), DT("2026-02-28"));
	CHECK_CALL("0", "date_diff", S("month"), DT("2026-01-30"), DT("2026-02-27"));
	CHECK_CALL("1", "date_diff", S("month"), DT("2026-01-15"), DT("2026-03-14"));
	CHECK_CALL("-1", "date_diff", S("month"), DT("2026-03-14"), DT("2026-01-15"));
	CHECK_CALL("0", "date_diff", S("month"), TS("2021-02-28 12:00:00"),
		   TS("2021-03-28 11:59:59"));
	CHECK_CALL("1", "date_diff", S("month"), TS("2021-02-28 12:00:00"),
		   TS("2021-03-28 12:00:00"));
	CHECK_CALL("3", "date_diff", S("quarter"), DT("2026-01-01"), DT("2026-12-31"));
	CHECK_CALL("1", "date_diff", S("year"), DT("2020-02-29"), DT("2021-02-28"));
	CHECK_CALL("0", "date_diff", S("year"), DT("2020-03-01"), DT("2021-02-28"));
	CHECK_CALL("-120", "date_diff", S("year"), DT("2021-01-01"), DT("1900-03-28"));
	/* a date and a timestamp: both timestamps */
	CHECK_CALL("36", "date_diff", S("hour"), DT("2026-02-13"), TS("2026-02-14 12:00:00"));
	CHECK_CALL("ERROR: 'minute' is not a valid DATE field", "date_diff", S("minute"),
		   DT("2026-02-13"), DT("2026-02-14"));
}

TEST(fn_unixtime)
{
	CHECK_CALL("2026-02-13 00:05:00.000", "from_unixtime", BI(1770941100));
	CHECK(last_type == T_TIMESTAMP);
	CHECK_CALL("1970-01-01 00:00:01.500", "from_unixtime", D(1.5));
	CHECK_CALL("1970-01-01 00:00:00.001", "from_unixtime", D(0.0005)); /* half up */
	CHECK_CALL("1970-01-01 00:00:00.000", "from_unixtime", D(-0.0005));
	CHECK_CALL("1969-12-31 23:59:59.000", "from_unixtime", I(-1));
	CHECK_CALL("2026-02-13 00:05:00.000", "from_unixtime", BI(1770941100), S("UTC"));
	CHECK_CALL("2026-02-13 00:05:00.000", "from_unixtime", BI(1770941100), BI(0), BI(0));
	CHECK_STR(CALL("from_unixtime", BI(1), S("America/New_York")),
		  "ERROR: Time zone not supported: America/New_York (flowq computes in UTC only)");
	CHECK_CALL("1.77094110025E9", "to_unixtime", TS("2026-02-13 00:05:00.250"));
	CHECK(last_type == T_DOUBLE);
	CHECK_CALL("0.0", "to_unixtime", DT("1970-01-01"));
	CHECK_CALL("2026-02-13T00:05:00.000Z", "to_iso8601", TS("2026-02-13 00:05:00"));
	CHECK_CALL("2026-02-13", "to_iso8601", DT("2026-02-13"));
}

/* Timestamps at the ends of the int64 range saturate instead of overflowing
 * (the ASan/UBSan build would stop on any signed overflow here). */
TEST(fn_time_extremes)
{
	struct fq_value hi = val_int(T_TIMESTAMP, INT64_MAX), lo = val_int(T_TIMESTAMP, INT64_MIN);
	static const char *const units[] = {"millisecond", "second", "day", "week", "month",
					    "quarter", "year"};
	for (size_t i = 0; i < FQ_ARRAY_LEN(units); i++) {
		CHECK(strncmp(CALL("date_trunc", S(units[i]), lo), "MISMATCH", 8) != 0);
		CHECK(strncmp(CALL("date_add", S(units[i]), I(INT32_MAX), hi), "MISMATCH", 8) != 0);
		CHECK(strncmp(CALL("date_add", S(units[i]), I(INT32_MIN), lo), "MISMATCH", 8) != 0);
		CHECK(strncmp(CALL("date_diff", S(units[i]), lo, hi), "MISMATCH", 8) != 0);
	}
	CHECK_CALL("ERROR: Value out of range", "date_diff", S("second"), lo, hi);
	CHECK_CALL("ERROR: Value out of range", "date_add", S("day"), I(INT32_MAX), hi);
	CHECK_CALL("9.223372036854776E15", "to_unixtime", val_int(T_TIMESTAMP, INT64_MAX));
	CHECK(strncmp(CALL("year", hi), "MISMATCH", 8) != 0);
	CHECK(strncmp(CALL("week", lo), "MISMATCH", 8) != 0);
	CHECK(strncmp(CALL("date_format", lo, S("%Y %x %v %y %j")), "MISMATCH", 8) != 0);
	CHECK(strncmp(CALL("format_datetime", lo, S("yy C w x D")), "MISMATCH", 8) != 0);
	CHECK(strncmp(CALL("to_iso8601", hi), "MISMATCH", 8) != 0);
	CHECK_CALL("ERROR: Cannot parse \"999999999-12-31\": Value 999999999 for year must be in "
		   "the range [-292275054,292278993]",
		   "from_iso8601_timestamp", S("999999999-12-31"));
	int64_t v;
	CHECK(!fn_parse_timestamp("999999999-12-31 00:00:00", 25, &v));
	CHECK_CALL("0", "strpos", S("abc"), S("b"), BI(INT64_MIN));
	CHECK_CALL("", "substr", S("abc"), BI(INT64_MIN), BI(INT64_MAX));
	CHECK_CALL("bc", "substr", S("abc"), BI(-2), BI(INT64_MAX));
	CHECK_CALL("NULL", "split_part", S("a.b"), S(""), BI(INT64_MAX));
}

TEST(fn_current)
{
	CHECK_STR(CALL0("current_timestamp"), "2026-02-13 10:37:12.345");
	CHECK_STR(CALL0("now"), "2026-02-13 10:37:12.345");
	CHECK_STR(CALL0("localtimestamp"), "2026-02-13 10:37:12.345");
	CHECK_STR(CALL0("current_date"), "2026-02-13");
	CHECK(last_type == T_DATE);
	CHECK_STR(CALL0("current_timezone"), "UTC");
	CHECK_CALL("BIND: Unexpected parameters (integer) for function current_date. Expected: "
		   "current_date()",
		   "current_date", I(1));
}

TEST(fn_iso8601)
{
	CHECK_CALL("2026-02-13 10:37:12.345", "from_iso8601_timestamp",
		   S("2026-02-13T10:37:12.345Z"));
	CHECK(last_type == T_TIMESTAMP);
	CHECK_CALL("2026-02-13 09:37:12.000", "from_iso8601_timestamp",
		   S("2026-02-13T10:37:12+01:00"));
	CHECK_CALL("2026-02-13 16:07:12.345", "from_iso8601_timestamp",
		   S("2026-02-13T10:37:12.3456789-05:30"));
	CHECK_CALL("2026-02-13 00:00:00.000", "from_iso8601_timestamp", S("2026-02-13"));
	CHECK_CALL("2026-02-13 10:00:00.000", "from_iso8601_timestamp", S("2026-02-13T10"));
	CHECK_CALL("2026-02-13 10:30:00.000", "from_iso8601_timestamp", S("2026-02-13T10:30Z"));
	CHECK_CALL("2026-02-13 10:30:00.000", "from_iso8601_timestamp", S("2026-02-13T10.5"));
	CHECK_CALL("2026-02-01 00:00:00.000", "from_iso8601_timestamp", S("2026-02"));
	CHECK_CALL("ERROR: Invalid format: \"2026-02-13 10:00:00\" is malformed at \" 10:00:00\"",
		   "from_iso8601_timestamp", S("2026-02-13 10:00:00"));
	CHECK_CALL("ERROR: Cannot parse \"2026-13-01\": Value 13 for monthOfYear must be in the "
		   "range [1,12]",
		   "from_iso8601_timestamp", S("2026-13-01"));
	CHECK_CALL("ERROR: Cannot parse \"2026-02-13T25:00\": Value 25 for hourOfDay must be in "
		   "the range [0,23]",
		   "from_iso8601_timestamp", S("2026-02-13T25:00"));
	CHECK_CALL("ERROR: Invalid format: \"\"", "from_iso8601_timestamp", S(""));
	CHECK_CALL("ERROR: Invalid format: \"2026-02-\" is too short", "from_iso8601_timestamp",
		   S("2026-02-"));

	CHECK_CALL("2026-02-13", "from_iso8601_date", S("2026-02-13"));
	CHECK(last_type == T_DATE);
	CHECK_CALL("2026-02-13", "from_iso8601_date", S("2026-W07-5"));
	CHECK_CALL("2026-02-09", "from_iso8601_date", S("2026-W07"));
	CHECK_CALL("2025-12-29", "from_iso8601_date", S("2026-W01-1"));
	CHECK_CALL("2026-02-13", "from_iso8601_date", S("2026-044"));
	CHECK_CALL("2026-02-01", "from_iso8601_date", S("2026-02"));
	CHECK_CALL("2026-01-01", "from_iso8601_date", S("2026"));
	CHECK_CALL("ERROR: Invalid format: \"2026-02-13T00:00\" is malformed at \"T00:00\"",
		   "from_iso8601_date", S("2026-02-13T00:00"));
	CHECK_CALL("ERROR: Cannot parse \"2026-02-29\": Value 29 for dayOfMonth must be in the "
		   "range [1,28]",
		   "from_iso8601_date", S("2026-02-29"));
}

TEST(fn_date_format)
{
	struct fq_value t = TS("2026-02-13 10:37:12.345");
	CHECK_CALL("2026-02-13 10:37:12", "date_format", t, S("%Y-%m-%d %H:%i:%s"));
	CHECK(last_type == T_VARCHAR);
	CHECK_CALL("Friday, February 13, 2026 10:37:12 AM", "date_format", t,
		   S("%W, %M %e, %Y %r"));
	CHECK_CALL("Fri Feb 2/13 26", "date_format", t, S("%a %b %c/%e %y"));
	CHECK_CALL("345000 044 10:37:12", "date_format", t, S("%f %j %T"));
	CHECK_CALL("10 10 10 10 AM", "date_format", t, S("%h %I %l %k %p"));
	CHECK_CALL("12 12 12 0 AM", "date_format", TS("2026-02-13 00:05:00"), S("%h %I %l %k %p"));
	CHECK_CALL("01 01 1 13 PM", "date_format", TS("2026-02-13 13:05:00"), S("%h %I %l %k %p"));
	CHECK_CALL("07 2026", "date_format", t, S("%v %x"));
	CHECK_CALL("01 2026", "date_format", TS("2025-12-29 00:00:00"), S("%v %x"));
	CHECK_CALL("100% Q", "date_format", t, S("100%% %Q"));
	CHECK_CALL("2026-02-13", "date_format", DT("2026-02-13"), S("%Y-%m-%d"));
	CHECK_CALL("ERROR: %D not supported in date format string", "date_format", t, S("%D"));
	CHECK_CALL("ERROR: %w not supported in date format string", "date_format", t, S("%Y %w"));
}

TEST(fn_date_parse)
{
	CHECK_CALL("2026-02-13 10:37:12.000", "date_parse", S("2026-02-13 10:37:12"),
		   S("%Y-%m-%d %H:%i:%s"));
	CHECK(last_type == T_TIMESTAMP);
	CHECK_CALL("2026-02-13 10:37:12.000", "date_parse", S("13/Feb/2026:10:37:12"),
		   S("%d/%b/%Y:%H:%i:%s"));
	CHECK_CALL("2026-02-13 13:05:00.000", "date_parse", S("02/13/26 1:05 PM"),
		   S("%m/%d/%y %l:%i %p"));
	CHECK_CALL("2026-02-13 00:05:00.000", "date_parse", S("12:05:00 am 2026-02-13"),
		   S("%r %Y-%m-%d"));
	CHECK_CALL("1970-02-13 10:37:12.345", "date_parse", S("02-13 10:37:12.345678"),
		   S("%m-%d %H:%i:%s.%f"));
	CHECK_CALL("2026-02-12 00:00:00.000", "date_parse", S("12 february 2026"), S("%d %M %Y"));
	CHECK_CALL("2026-02-12 00:00:00.000", "date_parse", S("12 feb 2026"), S("%d %M %Y"));
	CHECK_CALL("0069-01-01 00:00:00.000", "date_parse", S("69"), S("%Y"));
	CHECK_CALL("2069-01-01 00:00:00.000", "date_parse", S("69"), S("%y"));
	CHECK_CALL("1970-01-01 00:00:00.000", "date_parse", S("70"), S("%y"));
	CHECK_CALL("2026-02-13 00:00:00.000", "date_parse", S("2026-044"), S("%Y-%j"));
	CHECK_CALL("2026-02-13 00:00:00.000", "date_parse", S("2026 07 Friday"), S("%x %v %W"));
	CHECK_CALL("ERROR: Cannot parse \"2026-02-30\": Value 30 for dayOfMonth must be in the "
		   "range [1,28]",
		   "date_parse", S("2026-02-30"), S("%Y-%m-%d"));
	CHECK_CALL("ERROR: Cannot parse \"2026-13-01\": Value 13 for monthOfYear must be in the "
		   "range [1,12]",
		   "date_parse", S("2026-13-01"), S("%Y-%m-%d"));
	CHECK_CALL("ERROR: Invalid format: \"2026-02-13x\" is malformed at \"x\"", "date_parse",
		   S("2026-02-13x"), S("%Y-%m-%d"));
	CHECK_CALL("ERROR: Invalid format: \"2026-02\" is too short", "date_parse", S("2026-02"),
		   S("%Y-%m-%d"));
	CHECK_CALL("ERROR: Invalid format: \"abc\"", "date_parse", S("abc"), S("%Y"));
	CHECK_CALL("ERROR: %U not supported in date format string", "date_parse", S("1"), S("%U"));
}

TEST(fn_format_datetime)
{
	struct fq_value t = TS("2026-02-13 10:37:12.345");
	CHECK_CALL("2026-02-13 10:37:12.345", "format_datetime", t, S("yyyy-MM-dd HH:mm:ss.SSS"));
	CHECK(last_type == T_VARCHAR);
	CHECK_CALL("Fri, 13 Feb 2026", "format_datetime", t, S("EEE, dd MMM yyyy"));
	CHECK_CALL("Friday February 26 2/13", "format_datetime", t, S("EEEE MMMM yy M/d"));
	CHECK_CALL("10:37 AM", "format_datetime", t, S("h:mm a"));
	CHECK_CALL("T10 o'clock", "format_datetime", t, S("'T'HH 'o''clock'"));
	CHECK_CALL("'", "format_datetime", t, S("''"));
	CHECK_CALL("+0000 +00:00 UTC UTC", "format_datetime", t, S("Z ZZ ZZZ z"));
	CHECK_CALL("3 345000 044 7 5", "format_datetime", t, S("S SSSSSS DDD w e"));
	CHECK_CALL("24 0 12", "format_datetime", TS("2026-02-13 00:05:00"), S("k K h"));
	CHECK_CALL("AD 20 02026", "format_datetime", t, S("G C yyyyy"));
	CHECK_CALL("ERROR: Illegal pattern component: q", "format_datetime", t, S("yyyy q"));
}

/* ---- strings ------------------------------------------------------------ */

TEST(fn_split_part)
{
	CHECK_CALL("b", "split_part", S("a.b.c"), S("."), BI(2));
	CHECK(last_type == T_VARCHAR);
	CHECK_CALL("a", "split_part", S("a.b.c"), S("."), I(1)); /* integer index coerced */
	CHECK_CALL("c", "split_part", S("a.b.c"), S("."), I(3));
	CHECK_CALL("NULL", "split_part", S("a.b.c"), S("."), I(4));
	CHECK_CALL("ERROR: Index must be greater than zero", "split_part", S("a.b.c"), S("."),
		   I(0));
	CHECK_CALL("", "split_part", S("a..b"), S("."), I(2));
	CHECK_CALL("c", "split_part", S("a::b::c"), S("::"), I(3));
	CHECK_CALL("b", "split_part", S("abc"), S(""), I(2));
	CHECK_CALL("NULL", "split_part", S("abc"), S(""), I(4));
	CHECK_CALL("", "split_part", S(""), S("."), I(1));
	CHECK_CALL("NULL", "split_part", S(""), S("."), I(2));
	CHECK_CALL("", "split_part", S("a."), S("."), I(2));
	CHECK_CALL("NULL", "split_part", NUL(T_VARCHAR), S("."), I(1));
	CHECK_CALL("NULL", "split_part", NULLV, S("."), I(1));
	CHECK_CALL("BIND: Unexpected parameters (varchar, varchar) for function split_part. "
		   "Expected: split_part(varchar, varchar, bigint)",
		   "split_part", S("a"), S("."));
}

TEST(fn_substr_strpos)
{
	CHECK_CALL("ello", "substr", S("hello"), I(2));
	CHECK_CALL("ell", "substr", S("hello"), I(2), I(3));
	CHECK_CALL("llo", "substr", S("hello"), I(-3));
	CHECK_CALL("ll", "substring", S("hello"), I(-3), I(2));
	CHECK_CALL("", "substr", S("hello"), I(0));
	CHECK_CALL("", "substr", S("hello"), I(6));
	CHECK_CALL("", "substr", S("hello"), I(10));
	CHECK_CALL("", "substr", S("hello"), I(-10));
	CHECK_CALL("", "substr", S("hello"), I(1), I(0));
	CHECK_CALL("hello", "substr", S("hello"), I(1), BI(1000));
	CHECK_CALL("\xc3\xa9l", "substr", S("h\xc3\xa9llo"), I(2), I(2));
	CHECK_CALL("\xc3\xa9llo", "substr", S("h\xc3\xa9llo"), I(-4));

	CHECK_CALL("3", "strpos", S("hello"), S("l"));
	CHECK(last_type == T_BIGINT);
	CHECK_CALL("0", "strpos", S("hello"), S("z"));
	CHECK_CALL("1", "strpos", S("hello"), S(""));
	CHECK_CALL("3", "strpos", S("h\xc3\xa9llo"), S("l"));
	CHECK_CALL("2", "strpos", S("aaaa"), S("aa"), I(2));
	CHECK_CALL("5", "strpos", S("abcabc"), S("bc"), I(-1));
	CHECK_CALL("2", "strpos", S("abcabc"), S("bc"), I(-2));
	CHECK_CALL("0", "strpos", S("abcabc"), S("bc"), I(3));
	CHECK_CALL("ERROR: 'instance' must be a positive or negative number.", "strpos", S("abc"),
		   S("b"), I(0));
}

TEST(fn_string_basics)
{
	CHECK_CALL("5", "length", S("h\xc3\xa9llo"));
	CHECK_CALL("0", "length", S(""));
	CHECK_CALL("hello \xc3\x89", "lower", S("HeLLo \xc3\x89")); /* É stays (ASCII only) */
	CHECK_CALL("H\xc3\xa9LLO", "upper", S("h\xc3\xa9llo"));
	CHECK_CALL("oll\xc3\xa9h", "reverse", S("h\xc3\xa9llo"));
	CHECK_CALL("abc", "concat", S("a"), S("b"), S("c"));
	CHECK_CALL("NULL", "concat", S("a"), NUL(T_VARCHAR));
	CHECK_CALL("BIND: There must be two or more concatenation arguments", "concat", S("a"));
	CHECK_CALL("BIND: Unexpected parameters (varchar, integer) for function concat. Expected: "
		   "concat(varchar, varchar, ...)",
		   "concat", S("a"), I(1));
	CHECK_CALL("a::b::c", "replace", S("a.b.c"), S("."), S("::"));
	CHECK_CALL("abc", "replace", S("a.b.c"), S("."));
	CHECK_CALL("-a-b-c-", "replace", S("abc"), S(""), S("-"));
	CHECK_CALL("ba", "replace", S("aaa"), S("aa"), S("b"));
	CHECK_CALL("abc", "replace", S("abc"), S("x"), S("y"));
	CHECK_CALL("", "replace", S("aaaa"), S("a"));
	CHECK_CALL("true", "starts_with", S("hello"), S("he"));
	CHECK_CALL("false", "starts_with", S("he"), S("hello"));
	CHECK_CALL("true", "starts_with", S("x"), S(""));
}

TEST(fn_trim_pad)
{
	CHECK_CALL("a b", "trim", S("  a b  "));
	CHECK_CALL("a b  ", "ltrim", S("  a b  "));
	CHECK_CALL("  a b", "rtrim", S("  a b  "));
	CHECK_CALL("a", "trim", S("\t\n a \r\x0b\x0c"));
	CHECK_CALL("a", "trim", S("\xe3\x80\x80" "a\xe2\x80\xa8")); /* U+3000, U+2028 */
	CHECK_CALL("\xc2\xa0" "a", "trim", S("\xc2\xa0" "a ")); /* no-break space stays */
	CHECK_CALL("a", "trim", S("xxaxx"), S("x"));
	CHECK_CALL("axy", "ltrim", S("xyaxy"), S("yx"));
	CHECK_CALL("\xc3\xa9" "a", "rtrim", S("\xc3\xa9" "a\xc3\xa9\xc3\xa9"), S("\xc3\xa9"));
	CHECK_CALL("", "trim", S("   "));

	CHECK_CALL("xyxyxabc", "lpad", S("abc"), I(8), S("xy"));
	CHECK_CALL("abcxyxyx", "rpad", S("abc"), I(8), S("xy"));
	CHECK_CALL("abc", "lpad", S("abcdef"), I(3), S("x"));
	CHECK_CALL("abc", "rpad", S("abc"), I(3), S("x"));
	CHECK_CALL("\xc3\xbc\xc3\xbc\xc3\xa9", "lpad", S("\xc3\xa9"), I(3), S("\xc3\xbc"));
	CHECK_CALL("ERROR: Padding string must not be empty", "lpad", S("a"), I(3), S(""));
	CHECK_CALL("ERROR: Target length must be in the range [0..2147483647]", "rpad", S("a"),
		   I(-1), S("x"));
}

TEST(fn_chars)
{
	CHECK_CALL("A", "chr", I(65));
	CHECK_CALL("\xc3\xa9", "chr", I(233));
	CHECK_CALL("\xf0\x9f\x98\x80", "chr", I(0x1f600));
	CHECK_CALL("ERROR: Not a valid Unicode code point: -1", "chr", I(-1));
	CHECK_CALL("ERROR: Not a valid Unicode code point: 55296", "chr", I(55296));
	CHECK_CALL("65", "codepoint", S("A"));
	CHECK(last_type == T_INTEGER);
	CHECK_CALL("233", "codepoint", S("\xc3\xa9"));
	CHECK_CALL("ERROR: Input string must be a single character string", "codepoint", S("ab"));
	CHECK_CALL("3", "levenshtein_distance", S("kitten"), S("sitting"));
	CHECK_CALL("3", "levenshtein_distance", S(""), S("abc"));
	CHECK_CALL("1", "levenshtein_distance", S("h\xc3\xa9llo"), S("hello"));
	CHECK_CALL("1", "hamming_distance", S("abc"), S("abd"));
	CHECK_CALL("ERROR: The input strings to hamming_distance function must have the same "
		   "length",
		   "hamming_distance", S("ab"), S("abc"));
	CHECK_CALL("xcd", "translate", S("abcd"), S("ab"), S("x"));
	CHECK_CALL("xbcd", "translate", S("abcd"), S("aa"), S("xy"));
	CHECK_CALL("h\xc3\xa9llo", "translate", S("hello"), S("e"), S("\xc3\xa9"));
}

TEST(fn_regex)
{
	CHECK_CALL("true", "regexp_like", S("10.0.1.2"), S("^10\\."));
	CHECK(last_type == T_BOOLEAN);
	CHECK_CALL("false", "regexp_like", S("abc"), S("^b"));
	CHECK_CALL("true", "regexp_like", S("ABC"), S("(?i)b"));
	/* . is one code point */
	CHECK_CALL("true", "regexp_like", S("h\xc3\xa9llo"), S("^h.llo$"));
	CHECK_PREFIX(CALL("regexp_like", S("abc"), S("(")),
		     "ERROR: Invalid regular expression '(': missing closing parenthesis");

	CHECK_CALL("123", "regexp_extract", S("abc123def"), S("[0-9]+"));
	CHECK_CALL("NULL", "regexp_extract", S("abc"), S("[0-9]+"));
	CHECK_CALL("1", "regexp_extract", S("a1b22"), S("([a-z])([0-9]+)"), I(2));
	CHECK_CALL("NULL", "regexp_extract", S("x"), S("(a)|x"), I(1));
	CHECK_CALL("ERROR: Pattern has 1 groups. Cannot access group 2", "regexp_extract", S("abc"),
		   S("(b)"), I(2));
	CHECK_CALL("ERROR: Group cannot be negative", "regexp_extract", S("abc"), S("(b)"), I(-1));

	CHECK_CALL("a#b#c", "regexp_replace", S("a1b22c"), S("[0-9]+"), S("#"));
	CHECK_CALL("abc", "regexp_replace", S("a1b22c"), S("[0-9]"));
	CHECK_CALL("-a-b-c-", "regexp_replace", S("abc"), S(""), S("-"));
	CHECK_CALL("-a-b-c-", "regexp_replace", S("abc"), S("x*"), S("-"));
	CHECK_CALL("smith john", "regexp_replace", S("john smith"), S("(\\w+) (\\w+)"), S("$2 $1"));
	CHECK_CALL("aab", "regexp_replace", S("ab"), S("(?<x>a)"), S("${x}${x}"));
	CHECK_CALL("a$c", "regexp_replace", S("abc"), S("b"), S("\\$"));
	CHECK_CALL("ab2c", "regexp_replace", S("abc"), S("(b)"), S("$12"));
	CHECK_CALL("", "regexp_replace", S("aaa"), S("a"), S(""));
	CHECK_CALL("abc", "regexp_replace", S("abc"), S("x"), S("y"));
	CHECK_CALL("ERROR: Illegal replacement sequence: $", "regexp_replace", S("abc"), S("b"),
		   S("$"));
	CHECK_CALL("ERROR: Illegal replacement sequence: unknown group 2", "regexp_replace",
		   S("abc"), S("(b)"), S("$2"));
	CHECK_CALL("ERROR: Illegal replacement sequence: unknown group { y }", "regexp_replace",
		   S("abc"), S("(?<x>b)"), S("${y}"));

	CHECK_CALL("3", "regexp_count", S("a1b22c333"), S("[0-9]+"));
	CHECK(last_type == T_BIGINT);
	CHECK_CALL("4", "regexp_count", S("abc"), S(""));
	CHECK_CALL("0", "regexp_count", S("abc"), S("x"));

	CHECK_CALL("2", "regexp_position", S("a1b22c333"), S("[0-9]+"));
	CHECK(last_type == T_INTEGER);
	CHECK_CALL("4", "regexp_position", S("a1b22c333"), S("[0-9]+"), I(3));
	CHECK_CALL("7", "regexp_position", S("a1b22c333"), S("[0-9]+"), I(1), I(3));
	CHECK_CALL("-1", "regexp_position", S("a1b22c333"), S("x"));
	CHECK_CALL("-1", "regexp_position", S("abc"), S("c"), I(4));
	CHECK_CALL("6", "regexp_position", S("h\xc3\xa9llo1"), S("[0-9]"));
	CHECK_CALL("ERROR: start position cannot be smaller than 1", "regexp_position", S("a"),
		   S("a"), I(0));
	CHECK_CALL("ERROR: occurrence cannot be smaller than 1", "regexp_position", S("a"), S("a"),
		   I(1), I(0));
}

/* A pattern that changes per row goes through the one-entry cache. */
TEST(fn_regex_per_row)
{
	const struct fn_def *d = fn_find("regexp_like");
	struct arena qa, ba;
	arena_init(&qa, 4096);
	arena_init(&ba, 4096);
	struct fn_bind b;
	memset(&b, 0, sizeof b);
	b.n_args = 2;
	b.arena = &qa;
	b.arg_types[0] = b.arg_types[1] = T_VARCHAR;
	struct flowq_error err;
	memset(&err, 0, sizeof err);
	CHECK_INT(d->bind(&b, &err), FLOWQ_OK);
	struct fn_ctx ctx = {b.state, &ba, NOW_MS, &err};
	static const struct {
		const char *s, *pat;
		bool match;
	} rows[] = {
		{"abc", "b", true},  {"abc", "b", true},   {"abc", "^b", false},
		{"xyz", "^b", false}, {"xyz", "y", true},  {"abc", "b", true},
	};
	for (size_t i = 0; i < FQ_ARRAY_LEN(rows); i++) {
		struct fq_value args[2] = {S(rows[i].s), S(rows[i].pat)}, res;
		CHECK_INT(d->eval(args, 2, &res, &ctx), FLOWQ_OK);
		CHECK(res.type == T_BOOLEAN && res.b == rows[i].match);
	}
	/* a match whose backtracking outgrows the slot's region retries in the batch arena */
	struct buf subj = {0};
	for (int i = 0; i < 20000; i++)
		buf_adds(&subj, "ab");
	buf_adds(&subj, "c");
	buf_nul(&subj);
	CHECK_CALL("true", "regexp_like", S(subj.p), S("^(a|b)*c$"));
	CHECK_CALL("false", "regexp_like", S(subj.p), S("^(a|b)*d$"));
	buf_free(&subj);

	/* a pattern far too big for the cache region still works (batch arena) */
	struct buf big = {0};
	for (int i = 0; i < 3000; i++)
		buf_adds(&big, "(a|b)");
	struct fq_value args[2] = {S("ab"), val_str(str_make(big.p, big.len))}, res;
	CHECK_INT(d->eval(args, 2, &res, &ctx), FLOWQ_OK);
	CHECK(res.type == T_BOOLEAN && !res.b);
	buf_free(&big);
	arena_free(&qa);
	arena_free(&ba);
}

/* Batches on several threads share one call site's state (the regex slots,
 * the per-row cache, the random counter); each thread has its own arena. */
struct mt_job {
	const struct fn_def *def;
	void *state;
	bool const_pattern;
	int bad;
};

static void *mt_worker(void *arg)
{
	struct mt_job *job = arg;
	struct arena a;
	arena_init(&a, 4096);
	struct flowq_error err;
	memset(&err, 0, sizeof err);
	struct fn_ctx ctx = {job->state, &a, NOW_MS, &err};
	for (int i = 0; i < 3000; i++) {
		char subj[32];
		snprintf(subj, sizeof subj, "row%d-x%d", i, i % 7);
		/* per-row patterns alternate so the cache is replaced under contention */
		const char *pat = job->const_pattern || i % 2 ? "[0-9]+" : "x[0-9]";
		struct fq_value args[3] = {S(subj), S(pat), S("#")}, res;
		if (job->def->eval(args, 3, &res, &ctx) != FLOWQ_OK) {
			job->bad++;
			continue;
		}
		char want[40];
		if (pat[0] == '[')
			snprintf(want, sizeof want, "row#-x#");
		else
			snprintf(want, sizeof want, "row%d-#", i);
		if (res.s.len != strlen(want) || memcmp(res.s.p, want, res.s.len) != 0)
			job->bad++;
	}
	arena_free(&a);
	return NULL;
}

TEST(fn_regex_threads)
{
	for (int mode = 0; mode < 2; mode++) {
		const struct fn_def *d = fn_find("regexp_replace");
		struct arena qa;
		arena_init(&qa, 4096);
		struct fq_value pat = S("[0-9]+");
		struct fn_bind b;
		memset(&b, 0, sizeof b);
		b.n_args = 3;
		b.arena = &qa;
		b.arg_types[0] = b.arg_types[1] = b.arg_types[2] = T_VARCHAR;
		b.arg_const[1] = mode == 0 ? &pat : NULL;
		struct flowq_error err;
		CHECK_INT(d->bind(&b, &err), FLOWQ_OK);
		pthread_t th[8];
		struct mt_job jobs[8];
		for (int i = 0; i < 8; i++) {
			jobs[i] = (struct mt_job){d, b.state, mode == 0, 0};
			CHECK_INT(pthread_create(&th[i], NULL, mt_worker, &jobs[i]), 0);
		}
		for (int i = 0; i < 8; i++) {
			pthread_join(th[i], NULL);
			CHECK_INT(jobs[i].bad, 0);
		}
		arena_free(&qa);
	}
}

/* ---- math --------------------------------------------------------------- */

TEST(fn_math_rounding)
{
	CHECK_CALL("5", "abs", I(-5));
	CHECK(last_type == T_INTEGER);
	CHECK_CALL("2.5", "abs", D(-2.5));
	CHECK_CALL("ERROR: Value -9223372036854775808 is out of range for abs(bigint)", "abs",
		   BI(INT64_MIN));
	CHECK_CALL("ERROR: Value -2147483648 is out of range for abs(integer)", "abs",
		   I(INT32_MIN));
	CHECK_CALL("BIND: Unexpected parameters (varchar) for function abs. Expected: "
		   "abs(integer), abs(bigint), abs(double)",
		   "abs", S("x"));

	CHECK_CALL("3.0", "round", D(2.5));
	CHECK_CALL("-3.0", "round", D(-2.5));
	CHECK_CALL("2.0", "round", D(2.4));
	CHECK_CALL("0.0", "round", D(0.49999999999999994));
	CHECK_CALL("1.3", "round", D(1.25), I(1));
	CHECK_CALL("-1.3", "round", D(-1.25), I(1));
	CHECK_CALL("1200.0", "round", D(1234.5), I(-2));
	CHECK_CALL("5", "round", I(5));
	CHECK(last_type == T_INTEGER);
	CHECK_CALL("1200", "round", I(1234), I(-2));
	CHECK_CALL("1300", "round", I(1250), I(-2));
	CHECK_CALL("-1300", "round", BI(-1250), I(-2));
	CHECK(last_type == T_BIGINT);
	CHECK_CALL("ERROR: Out of range for integer: 2147483650", "round", I(2147483647), I(-1));
	CHECK_CALL("9.223372036854776E18", "round", D(1e20)); /* Java's Math.round saturates */
	CHECK_CALL("NaN", "round", D(NAN));
	CHECK_CALL("2.0", "ceil", D(1.2));
	CHECK_CALL("-1.0", "ceiling", D(-1.2));
	CHECK_CALL("5", "ceil", I(5));
	CHECK(last_type == T_INTEGER);
	CHECK_CALL("-2.0", "floor", D(-1.2));
	CHECK_CALL("7", "floor", BI(7));
	CHECK_CALL("-2.0", "truncate", D(-2.7));
	CHECK_CALL("2.78", "truncate", D(2.789), I(2));
	CHECK_CALL("-1", "sign", I(-3));
	CHECK(last_type == T_INTEGER);
	CHECK_CALL("0.0", "sign", D(0.0));
	CHECK_CALL("1.0", "sign", D(2.5));
	CHECK_CALL("NaN", "sign", D(NAN));
}

TEST(fn_math_ops)
{
	CHECK_CALL("1", "mod", I(7), I(3));
	CHECK_CALL("-1", "mod", I(-7), I(3));
	CHECK_CALL("1", "mod", I(7), I(-3));
	CHECK_CALL("ERROR: Division by zero", "mod", I(7), I(0));
	CHECK_CALL("1.5", "mod", D(7.5), I(2));
	CHECK(last_type == T_DOUBLE);
	CHECK_CALL("0", "mod", BI(INT64_MIN), BI(-1));
	CHECK_CALL("NaN", "mod", D(5.0), D(0.0));
	CHECK_CALL("4.0", "sqrt", I(16));
	CHECK_CALL("NaN", "sqrt", D(-1));
	CHECK_CALL("3.0", "cbrt", D(27));
	CHECK_CALL("1024.0", "power", I(2), I(10));
	CHECK_CALL("1024.0", "pow", D(2), D(10));
	CHECK_CALL("1.0", "exp", I(0));
	CHECK_CALL("0.0", "ln", I(1));
	CHECK_CALL("-Infinity", "ln", I(0));
	CHECK_CALL("3.0", "log2", I(8));
	CHECK_CALL("3.0", "log10", I(1000));
	CHECK_CALL("3.0", "log", I(2), I(8));
	CHECK_CALL("180.0", "degrees", D(3.141592653589793));
	CHECK_CALL("3.141592653589793", "radians", I(180));
	CHECK_CALL("0.7853981633974483", "atan2", I(1), I(1));
	CHECK_CALL("1.0", "cos", I(0));
	CHECK_STR(CALL0("pi"), "3.141592653589793");
	CHECK_STR(CALL0("e"), "2.718281828459045");
	CHECK_STR(CALL0("infinity"), "Infinity");
	CHECK_STR(CALL0("nan"), "NaN");
	CHECK_CALL("true", "is_nan", D(NAN));
	CHECK_CALL("false", "is_nan", I(1));
	CHECK_CALL("false", "is_finite", D(INFINITY));
	CHECK_CALL("true", "is_infinite", D(-INFINITY));
	CHECK_CALL("BIND: Unexpected parameters (varchar) for function sqrt. Expected: "
		   "sqrt(double)",
		   "sqrt", S("4"));
	CHECK_CALL("BIND: Unexpected parameters (integer) for function pi. Expected: pi()", "pi",
		   I(1));

	CHECK_CALL("2", "bitwise_and", I(19), I(2));
	CHECK(last_type == T_BIGINT);
	CHECK_CALL("3", "bitwise_or", I(1), I(2));
	CHECK_CALL("2", "bitwise_xor", I(3), I(1));
	CHECK_CALL("-1", "bitwise_not", I(0));
	CHECK_CALL("2", "bit_count", I(9), I(64));
	CHECK_CALL("8", "bit_count", I(-1), I(8));
	CHECK_CALL("ERROR: Number must be representable with the bits specified. 256 cannot be "
		   "represented with 8 bits",
		   "bit_count", I(256), I(8));
	CHECK_CALL("ERROR: Bits specified in bit_count must be between 2 and 64, got 1",
		   "bit_count", I(1), I(1));
}

TEST(fn_greatest_least)
{
	CHECK_CALL("3", "greatest", I(1), I(3), I(2));
	CHECK(last_type == T_INTEGER);
	CHECK_CALL("2.5", "greatest", I(1), D(2.5));
	CHECK(last_type == T_DOUBLE);
	CHECK_CALL("NULL", "greatest", I(1), NULLV);
	CHECK_CALL("NULL", "least", NUL(T_INTEGER), I(1));
	CHECK_CALL("a", "least", S("b"), S("a"), S("c"));
	CHECK_CALL("3", "least", BI(5), I(3));
	CHECK(last_type == T_BIGINT);
	CHECK_CALL("2026-02-13 10:00:00.000", "greatest", DT("2026-02-13"),
		   TS("2026-02-13 10:00:00"));
	CHECK_CALL("10.0.0.2", "greatest", IP("10.0.0.1"), IP("10.0.0.2"));
	CHECK_CALL("7", "greatest", I(7));
	CHECK_CALL("BIND: Unexpected parameters (integer, varchar) for function greatest. "
		   "Expected: greatest(E, ...) E:orderable",
		   "greatest", I(1), S("a"));
}

TEST(fn_random)
{
	for (int i = 0; i < 200; i++) {
		double d = atof(call_once("random", NULL, 0));
		CHECK(d >= 0.0 && d < 1.0);
		CHECK(last_type == T_DOUBLE);
		int64_t v = atoll(CALL_ONCE("random", I(10)));
		CHECK(v >= 0 && v < 10);
		CHECK(last_type == T_INTEGER);
		v = atoll(CALL_ONCE("rand", BI(3), BI(5)));
		CHECK(v >= 3 && v < 5);
	}
	CHECK_CALL("ERROR: bound must be positive", "random", I(0));
	CHECK_CALL("ERROR: start value must be less than stop value", "random", I(5), I(3));
}

/* ---- addresses ---------------------------------------------------------- */

TEST(fn_contains)
{
	CHECK_CALL("true", "contains", S("10.0.0.0/16"), IP("10.0.255.1"));
	CHECK(last_type == T_BOOLEAN);
	CHECK_CALL("false", "contains", S("10.0.0.0/16"), IP("10.1.0.1"));
	CHECK_CALL("true", "contains", S("10.0.0.0/8"), IP("10.255.255.255"));
	CHECK_CALL("false", "contains", S("10.0.0.0/8"), IP("11.255.255.255"));
	CHECK_CALL("true", "contains", S("10.0.0.1/32"), IP("10.0.0.1"));
	CHECK_CALL("true", "contains", S("172.16.0.0/12"), IP("172.31.1.1"));
	CHECK_CALL("false", "contains", S("172.16.0.0/12"), IP("172.32.0.1"));
	CHECK_CALL("true", "contains", S("0.0.0.0/0"), IP("1.2.3.4"));
	CHECK_CALL("true", "contains", S("2001:0db8:0:0:0:ff00:0042:8329/128"),
		   IP("2001:db8::ff00:42:8329"));
	CHECK_CALL("false", "contains", S("2001:0db8:0:0:0:ff00:0042:8329/128"),
		   IP("2001:db8::ff00:42:8328"));
	CHECK_CALL("true", "contains", S("2001:db8::/32"), IP("2001:db8:1::1"));
	CHECK_CALL("false", "contains", S("2001:db8::/32"), IP("2001:db9::1"));
	CHECK_CALL("true", "contains", S("2001:db8::/31"), IP("2001:db9::1"));
	/* families never mix: an error, as in Trino; IPv4-mapped counts as IPv4 */
	CHECK_CALL("ERROR: IP address version should be the same", "contains", S("0.0.0.0/0"), IP("::1"));
	CHECK_CALL("ERROR: IP address version should be the same", "contains", S("::/0"), IP("10.0.0.1"));
	CHECK_CALL("true", "contains", S("::/0"), IP("::1"));
	CHECK_CALL("true", "contains", S("::ffff:10.0.0.0/8"), IP("10.1.2.3"));
	CHECK_CALL("ERROR: Prefix length exceeds address length", "contains",
		   S("::ffff:10.0.0.0/104"), IP("10.1.2.3"));
	CHECK_CALL("ERROR: Invalid CIDR", "contains", S("10.0.0.1/8"), IP("10.0.0.1"));
	CHECK_CALL("ERROR: Invalid CIDR", "contains", S("10.0.0.0"), IP("10.0.0.1"));
	CHECK_CALL("ERROR: Invalid CIDR", "contains", S("10.0.0.0/x"), IP("10.0.0.1"));
	CHECK_CALL("ERROR: Invalid network IP address", "contains", S("10.0.0.256/8"),
		   IP("10.0.0.1"));
	CHECK_CALL("ERROR: Prefix length exceeds address length", "contains", S("10.0.0.0/33"),
		   IP("10.0.0.1"));
	CHECK_CALL("ERROR: Invalid prefix length", "contains", S("10.0.0.0/-1"), IP("10.0.0.1"));
	CHECK_CALL("NULL", "contains", S("10.0.0.0/8"), NUL(T_IPADDRESS));
	CHECK_CALL("BIND: Unexpected parameters (varchar, varchar) for function contains. "
		   "Expected: contains(varchar, ipaddress)",
		   "contains", S("10.0.0.0/8"), S("10.0.0.1"));
}

TEST(fn_subnet_private)
{
	CHECK_CALL("true", "is_subnet_of", S("10.1.2.3/8"), IP("10.200.0.1")); /* masked */
	CHECK_CALL("true", "is_subnet_of", S("1.2.3.128/26"), IP("1.2.3.129"));
	CHECK_CALL("false", "is_subnet_of", S("1.2.3.128/26"), IP("1.2.5.1"));
	CHECK_CALL("true", "is_subnet_of", S("2001:db8::/32"), IP("2001:db8::1"));
	CHECK_CALL("true", "is_subnet_of", S("::/0"), IP("1.2.3.4"));
	CHECK_CALL("false", "is_subnet_of", S("0.0.0.0/0"), IP("::1"));
	CHECK_CALL("true", "is_subnet_of", S("10.0.0.0/8"), S("10.1.0.0/16"));
	CHECK_CALL("false", "is_subnet_of", S("10.1.0.0/16"), S("10.0.0.0/8"));
	CHECK_CALL("ERROR: Cannot cast value to IPPREFIX: 10.0.0.0", "is_subnet_of", S("10.0.0.0"),
		   IP("10.0.0.1"));
	CHECK_CALL("ERROR: Cannot cast value to IPPREFIX: 10.0.0.0/33", "is_subnet_of",
		   S("10.0.0.0/33"), IP("10.0.0.1"));

	static const struct {
		const char *addr;
		const char *want;
	} cases[] = {
		{"10.1.2.3", "true"},	    {"172.31.255.255", "true"}, {"172.32.0.1", "false"},
		{"192.168.0.1", "true"},    {"192.169.0.1", "false"},	{"100.64.0.1", "true"},
		{"100.128.0.1", "false"},   {"8.8.8.8", "false"},	{"127.0.0.1", "true"},
		{"169.254.169.254", "true"}, {"::1", "true"},		{"fd00::1", "true"},
		{"fe80::1", "true"},	    {"2001:db8::1", "false"},	{"-", "NULL"},
		{"", "NULL"},
	};
	for (size_t i = 0; i < FQ_ARRAY_LEN(cases); i++) {
		const char *got = CALL("is_private_ip", S(cases[i].addr));
		if (strcmp(got, cases[i].want) != 0)
			fprintf(stderr, "  is_private_ip('%s') = %s\n", cases[i].addr, got);
		CHECK_STR(got, cases[i].want);
	}
	CHECK_CALL("true", "is_private_ip", IP("10.0.0.1"));
	CHECK_CALL("false", "is_private_ip", IP("52.95.110.1"));
}

TEST(fn_flow_helpers)
{
	CHECK_CALL("tcp", "protocol_name", I(6));
	CHECK(last_type == T_VARCHAR);
	CHECK_CALL("udp", "protocol_name", I(17));
	CHECK_CALL("icmp", "protocol_name", I(1));
	CHECK_CALL("ipv6-icmp", "protocol_name", I(58));
	CHECK_CALL("gre", "protocol_name", I(47));
	CHECK_CALL("esp", "protocol_name", I(50));
	CHECK_CALL("ah", "protocol_name", I(51));
	CHECK_CALL("sctp", "protocol_name", BI(132));
	CHECK_CALL("253", "protocol_name", I(253));
	CHECK_CALL("-1", "protocol_name", I(-1));
	CHECK_CALL("SYN,ACK", "tcp_flags_names", I(18));
	CHECK_CALL("SYN", "tcp_flags_names", I(2));
	CHECK_CALL("FIN,SYN", "tcp_flags_names", I(3));
	CHECK_CALL("FIN,SYN,RST,PSH,ACK,URG", "tcp_flags_names", I(63));
	CHECK_CALL("", "tcp_flags_names", I(0));
	CHECK_CALL("NULL", "tcp_flags_names", I(-1));
}

/* ---- LIKE ----------------------------------------------------------------
 * like_match against a plain recursive matcher over code points, on random
 * strings and patterns of a small alphabet: ASCII ones take the memmem
 * path after '%', strings with a two-byte 'é' the position-by-position one. */

static size_t cp_len(const char *s)
{
	return (unsigned char)s[0] < 0x80 ? 1 : 2; /* the alphabet's 'é' */
}

static bool ref_like(const char *s, size_t n, const char *p, size_t m)
{
	if (m == 0)
		return n == 0;
	if (p[0] == '%') {
		for (size_t j = 0; j <= n; j += j < n ? cp_len(s + j) : 1)
			if (ref_like(s + j, n - j, p + 1, m - 1))
				return true;
		return false;
	}
	if (n == 0)
		return false;
	if (p[0] == '_')
		return ref_like(s + cp_len(s), n - cp_len(s), p + 1, m - 1);
	size_t l = cp_len(p);
	return n >= l && memcmp(s, p, l) == 0 && ref_like(s + l, n - l, p + l, m - l);
}

static size_t random_text(uint64_t *rng, const char *const *alpha, int n_alpha, int max, char *out)
{
	size_t n = 0;
	int len = (int)(t_xorshift(rng) % (uint64_t)(max + 1));
	for (int i = 0; i < len; i++) {
		const char *a = alpha[t_xorshift(rng) % (uint64_t)n_alpha];
		memcpy(out + n, a, strlen(a));
		n += strlen(a);
	}
	out[n] = 0;
	return n;
}

TEST(like_matches_reference)
{
	static const char *const str_alpha[] = {"a", "b", ":", "a", "b", "\xc3\xa9"};
	static const char *const pat_alpha[] = {"a", "b", ":", "%", "%", "_", "\xc3\xa9"};
	uint64_t rng = 0x5eed1234;
	struct arena a;
	arena_init(&a, 1 << 16);
	int bad = 0, matched = 0;
	for (int round = 0; round < 200000 && bad < 5; round++) {
		char s[64], p[64];
		/* most strings ASCII (the fast path), one in four may have 'é' */
		int n_s = round % 4 ? 5 : 6;
		size_t sn = random_text(&rng, str_alpha, n_s, 10, s);
		size_t pn = random_text(&rng, pat_alpha, 7, 6, p);
		struct flowq_error err;
		if (round % 4096 == 0) {
			arena_free(&a);
			arena_init(&a, 1 << 16);
		}
		struct ex_like *lk = like_compile(&a, str_make(p, (uint32_t)pn), -1, &err);
		CHECK(lk != NULL);
		if (!lk)
			break;
		bool got = like_match(lk, str_make(s, (uint32_t)sn));
		bool want = ref_like(s, sn, p, pn);
		matched += want;
		if (got != want) {
			fprintf(stderr, "  '%s' LIKE '%s': %d, expected %d\n", s, p, got, want);
			bad++;
		}
	}
	arena_free(&a);
	CHECK_INT(bad, 0);
	CHECK(matched > 1000); /* the rounds test matches, not only misses */
}
