/*
 * fn_math.c - numeric functions: abs, round, ceiling, floor, truncate,
 * sign, mod, greatest/least, random, the double-only functions (sqrt, ln,
 * power, trigonometry, ...) and the bitwise family.
 *
 * Trino keeps the argument's type where it can: abs, ceiling, floor,
 * round, sign and mod of an integer stay integers; everything else works
 * on double (integers are coerced by the binder).  The results follow
 * Java's arithmetic, which is what Trino computes with: round() is
 * Math.round (half away from zero here because negative values are
 * mirrored first, saturating at 2^63), mod() has the dividend's sign, log2
 * is ln(x) / ln(2), and double functions return NaN or infinities instead
 * of failing.  Integer functions fail with Trino's messages ("Division by
 * zero", "Value ... is out of range for abs(bigint)").
 */
#include "exec/fn_impl.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#define NUM1_SIGS {T_INTEGER, 1, {T_INTEGER}}, {T_BIGINT, 1, {T_BIGINT}}, {T_DOUBLE, 1, {T_DOUBLE}}

static const struct fn_sig num1_sigs[] = {NUM1_SIGS};

/* An integer result of type t, range-checked for INTEGER. */
static flowq_status ret_int(struct fn_ctx *ctx, struct fq_value *out, enum fq_type t, int64_t v)
{
	if (t == T_INTEGER && (v < INT32_MIN || v > INT32_MAX))
		return fn_fail(ctx, "Out of range for integer: %lld", (long long)v);
	*out = val_int(t, v);
	return FLOWQ_OK;
}

/* ---- abs, ceiling, floor, sign ------------------------------------------ */

FN_BIND(abs)
{
	return fn_bind_sigs(b, err, "abs", num1_sigs, FQ_ARRAY_LEN(num1_sigs));
}

FN_EVAL(abs)
{
	const struct fq_value *x = &args[0];
	if (x->type == T_DOUBLE) {
		*out = val_double(fabs(x->d));
		return FLOWQ_OK;
	}
	if (x->type == T_INTEGER && x->i == INT32_MIN)
		return fn_fail(ctx, "Value -2147483648 is out of range for abs(integer)");
	if (x->i == INT64_MIN)
		return fn_fail(ctx, "Value -9223372036854775808 is out of range for abs(bigint)");
	*out = val_int(x->type, x->i < 0 ? -x->i : x->i);
	return FLOWQ_OK;
}

FN_BIND(ceiling)
{
	return fn_bind_sigs(b, err, "ceiling", num1_sigs, FQ_ARRAY_LEN(num1_sigs));
}

FN_EVAL(ceiling)
{
	*out = args[0];
	if (args[0].type == T_DOUBLE)
		out->d = ceil(args[0].d);
	return FLOWQ_OK;
}

FN_BIND(floor)
{
	return fn_bind_sigs(b, err, "floor", num1_sigs, FQ_ARRAY_LEN(num1_sigs));
}

FN_EVAL(floor)
{
	*out = args[0];
	if (args[0].type == T_DOUBLE)
		out->d = floor(args[0].d);
	return FLOWQ_OK;
}

FN_BIND(sign)
{
	return fn_bind_sigs(b, err, "sign", num1_sigs, FQ_ARRAY_LEN(num1_sigs));
}

FN_EVAL(sign)
{
	const struct fq_value *x = &args[0];
	if (x->type == T_DOUBLE) {
		/* Math.signum: NaN and signed zeros come back unchanged */
		*out = val_double(x->d > 0 ? 1.0 : x->d < 0 ? -1.0 : x->d);
		return FLOWQ_OK;
	}
	*out = val_int(x->type, (x->i > 0) - (x->i < 0));
	return FLOWQ_OK;
}

/* ---- round, truncate ---------------------------------------------------- */

/* Java's Math.round for a non-negative double: floor(x + 0.5), saturating at
 * Long.MAX_VALUE (Trino's round(double) inherits the saturation). */
static double java_round_pos(double x)
{
	if (x >= 9223372036854775807.0)
		return 9223372036854775807.0;
	return round(x); /* half away from zero == floor(x + 0.5) for x >= 0 */
}

static double round_double(double x, int64_t d)
{
	if (isnan(x) || isinf(x))
		return x;
	double factor = pow(10.0, (double)d);
	if (x < 0)
		return -(java_round_pos(-x * factor) / factor);
	return java_round_pos(x * factor) / factor;
}

/* round(bigint, d) for d < 0: divide by 10^-d rounding half away from zero,
 * then scale back, failing on overflow as Trino does. */
static flowq_status round_long(struct fn_ctx *ctx, int64_t x, int64_t d, int64_t *res)
{
	if (d >= 0) {
		*res = x;
		return FLOWQ_OK;
	}
	if (d < -18)
		return fn_fail(ctx, "numerical overflow: %lld", (long long)x);
	int64_t f = 1;
	for (int64_t k = 0; k < -d; k++)
		f *= 10;
	int64_t q = x / f, r = x % f;
	/* |r| >= f/2 rounds away from zero (RoundingMode.HALF_UP) */
	if (r != 0 && (r > 0 ? r : -r) >= f - (r > 0 ? r : -r))
		q += x < 0 ? -1 : 1;
	if (__builtin_mul_overflow(q, f, res))
		return fn_fail(ctx, "numerical overflow: %lld", (long long)x);
	return FLOWQ_OK;
}

FN_BIND(round)
{
	static const struct fn_sig sigs[] = {
		NUM1_SIGS,
		{T_INTEGER, 2, {T_INTEGER, T_INTEGER}},
		{T_BIGINT, 2, {T_BIGINT, T_INTEGER}},
		{T_DOUBLE, 2, {T_DOUBLE, T_INTEGER}},
	};
	return fn_bind_sigs(b, err, "round", sigs, FQ_ARRAY_LEN(sigs));
}

FN_EVAL(round)
{
	const struct fq_value *x = &args[0];
	int64_t d = n_args > 1 ? args[1].i : 0;
	if (x->type == T_DOUBLE) {
		*out = val_double(round_double(x->d, d));
		return FLOWQ_OK;
	}
	int64_t r = 0;
	flowq_status st = round_long(ctx, x->i, d, &r);
	if (st != FLOWQ_OK)
		return st;
	return ret_int(ctx, out, x->type, r);
}

FN_BIND(truncate)
{
	static const struct fn_sig sigs[] = {
		{T_DOUBLE, 1, {T_DOUBLE}},
		{T_DOUBLE, 2, {T_DOUBLE, T_INTEGER}},
	};
	return fn_bind_sigs(b, err, "truncate", sigs, FQ_ARRAY_LEN(sigs));
}

FN_EVAL(truncate)
{
	double x = args[0].d;
	if (n_args == 1 || isnan(x) || isinf(x)) {
		*out = val_double(trunc(x));
		return FLOWQ_OK;
	}
	/* Trino's truncate(x, d) is a decimal function; on doubles we scale,
	 * drop the fraction and scale back. */
	double factor = pow(10.0, (double)args[1].i);
	double t = trunc(x * factor) / factor;
	*out = val_double(isfinite(t) ? t : x);
	return FLOWQ_OK;
}

/* ---- mod ---------------------------------------------------------------- */

FN_BIND(mod)
{
	static const struct fn_sig sigs[] = {
		{T_INTEGER, 2, {T_INTEGER, T_INTEGER}},
		{T_BIGINT, 2, {T_BIGINT, T_BIGINT}},
		{T_DOUBLE, 2, {T_DOUBLE, T_DOUBLE}},
	};
	return fn_bind_sigs(b, err, "mod", sigs, FQ_ARRAY_LEN(sigs));
}

FN_EVAL(mod)
{
	if (args[0].type == T_DOUBLE) {
		*out = val_double(fmod(args[0].d, args[1].d));
		return FLOWQ_OK;
	}
	int64_t a = args[0].i, m = args[1].i;
	if (m == 0)
		return fn_fail(ctx, "Division by zero");
	*out = val_int(args[0].type, m == -1 ? 0 : a % m);
	return FLOWQ_OK;
}

/* ---- greatest, least ---------------------------------------------------- */

/* The common type of all arguments (Trino: integer < bigint < double,
 * date < timestamp, unknown fits anything); T_TYPE_COUNT when there is none.
 * Every flowq type is orderable, so any common type will do. */
static enum fq_type common_type(const struct fn_bind *b)
{
	enum fq_type t = T_UNKNOWN;
	for (int i = 0; i < b->n_args; i++) {
		enum fq_type a = b->arg_types[i];
		if (fn_coerce_cost(a, t) >= 0 && t != T_UNKNOWN)
			continue;
		if (fn_coerce_cost(t, a) >= 0)
			t = a;
		else
			return T_TYPE_COUNT;
	}
	return t;
}

static flowq_status bind_extreme(struct fn_bind *b, struct flowq_error *err, const char *name)
{
	enum fq_type t = b->n_args >= 1 ? common_type(b) : T_TYPE_COUNT;
	if (t == T_TYPE_COUNT) {
		char exp[64];
		snprintf(exp, sizeof exp, "%s(E, ...) E:orderable", name);
		return fn_bad_args(b, err, name, exp);
	}
	b->result_type = t;
	for (int i = 0; i < b->n_args; i++)
		b->arg_cast[i] = b->arg_types[i] == t ? T_UNKNOWN : t;
	return FLOWQ_OK;
}

static flowq_status eval_extreme(const struct fq_value *args, int n_args, struct fq_value *out,
				 int sign)
{
	int best = 0;
	for (int i = 1; i < n_args; i++)
		if (val_cmp(&args[i], &args[best]) * sign > 0)
			best = i;
	*out = args[best];
	return FLOWQ_OK;
}

FN_BIND(greatest)
{
	return bind_extreme(b, err, "greatest");
}

FN_EVAL(greatest)
{
	return eval_extreme(args, n_args, out, 1);
}

FN_BIND(least)
{
	return bind_extreme(b, err, "least");
}

FN_EVAL(least)
{
	return eval_extreme(args, n_args, out, -1);
}

/* ---- random ------------------------------------------------------------- */

/* A per-call-site counter run through splitmix64: lock-free, so concurrent
 * batches may share it. */
struct rand_state {
	_Atomic uint64_t next;
};

static uint64_t rand_u64(struct rand_state *s)
{
	uint64_t z = atomic_fetch_add(&s->next, 0x9e3779b97f4a7c15ULL) + 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) without modulo bias. */
static uint64_t rand_below(struct rand_state *s, uint64_t n)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t r;
	do
		r = rand_u64(s);
	while (r >= limit);
	return r % n;
}

FN_BIND(random)
{
	static const struct fn_sig sigs[] = {
		{T_DOUBLE, 0, {0}},
		{T_INTEGER, 1, {T_INTEGER}},
		{T_BIGINT, 1, {T_BIGINT}},
		{T_INTEGER, 2, {T_INTEGER, T_INTEGER}},
		{T_BIGINT, 2, {T_BIGINT, T_BIGINT}},
	};
	if (fn_match(b, err, "random", sigs, FQ_ARRAY_LEN(sigs)) < 0)
		return FLOWQ_ERR_SQL_SEMANTIC;
	struct rand_state *s = arena_alloc(b->arena, sizeof *s);
	if (!s)
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	atomic_init(&s->next, (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
				      (uint64_t)(uintptr_t)s);
	b->state = s;
	return FLOWQ_OK;
}

FN_EVAL(random)
{
	struct rand_state *s = ctx->state;
	if (n_args == 0) {
		*out = val_double((double)(rand_u64(s) >> 11) * 0x1.0p-53);
		return FLOWQ_OK;
	}
	int64_t lo = 0, hi = args[0].i;
	if (n_args == 2) {
		lo = args[0].i;
		hi = args[1].i;
		if (lo >= hi)
			return fn_fail(ctx, "start value must be less than stop value");
	} else if (hi <= 0) {
		return fn_fail(ctx, "bound must be positive");
	}
	uint64_t span = (uint64_t)hi - (uint64_t)lo;
	*out = val_int(args[0].type, (int64_t)((uint64_t)lo + rand_below(s, span)));
	return FLOWQ_OK;
}

/* ---- double functions --------------------------------------------------- */

/* Each double function gets its own bind so that a type error names it. */
#define DBL_BIND(name, n_, ret_, ...)                                              \
	FN_BIND(name)                                                              \
	{                                                                          \
		static const struct fn_sig sigs[] = {{ret_, n_, {__VA_ARGS__}}};  \
		return fn_bind_sigs(b, err, #name, sigs, 1);                       \
	}
#define DBL1(name, expr)                         \
	DBL_BIND(name, 1, T_DOUBLE, T_DOUBLE)    \
	FN_EVAL(name)                            \
	{                                        \
		double x = args[0].d;            \
		*out = val_double(expr);         \
		return FLOWQ_OK;                 \
	}
#define DBL2(name, expr)                                   \
	DBL_BIND(name, 2, T_DOUBLE, T_DOUBLE, T_DOUBLE)    \
	FN_EVAL(name)                                      \
	{                                                  \
		double x = args[0].d, y = args[1].d;       \
		*out = val_double(expr);                   \
		return FLOWQ_OK;                           \
	}
#define DBL0(name, value)                      \
	DBL_BIND(name, 0, T_DOUBLE, T_UNKNOWN) \
	FN_EVAL(name)                          \
	{                                      \
		*out = val_double(value);      \
		return FLOWQ_OK;               \
	}
#define PRED(name, expr)                         \
	DBL_BIND(name, 1, T_BOOLEAN, T_DOUBLE)   \
	FN_EVAL(name)                            \
	{                                        \
		double x = args[0].d;            \
		*out = val_bool(expr);           \
		return FLOWQ_OK;                 \
	}

DBL1(sqrt, sqrt(x))
DBL1(cbrt, (double)cbrtl(x)) /* libm's cbrt is off by an ulp where Java's is not */
DBL1(exp, exp(x))
DBL1(ln, log(x))
DBL1(log2, log(x) / log(2.0))
DBL1(log10, log10(x))
DBL1(sin, sin(x))
DBL1(cos, cos(x))
DBL1(tan, tan(x))
DBL1(asin, asin(x))
DBL1(acos, acos(x))
DBL1(atan, atan(x))
DBL1(cosh, cosh(x))
DBL1(tanh, tanh(x))
DBL1(degrees, x * 57.29577951308232)
DBL1(radians, x * 0.017453292519943295)
DBL2(log, log(y) / log(x))
DBL2(power, pow(x, y))
DBL2(atan2, atan2(x, y))
DBL0(pi, 3.141592653589793)
DBL0(e, 2.718281828459045)
DBL0(infinity, INFINITY)
DBL0(nan, NAN)
PRED(is_nan, isnan(x))
PRED(is_finite, isfinite(x))
PRED(is_infinite, isinf(x))

/* ---- bitwise ------------------------------------------------------------ */

#define BITWISE2(name, op)                                               \
	DBL_BIND(name, 2, T_BIGINT, T_BIGINT, T_BIGINT)                  \
	FN_EVAL(name)                                                    \
	{                                                                \
		*out = val_int(T_BIGINT, args[0].i op args[1].i);        \
		return FLOWQ_OK;                                         \
	}

BITWISE2(bitwise_and, &)
BITWISE2(bitwise_or, |)
BITWISE2(bitwise_xor, ^)

FN_BIND(bitwise_not)
{
	static const struct fn_sig sigs[] = {{T_BIGINT, 1, {T_BIGINT}}};
	return fn_bind_sigs(b, err, "bitwise_not", sigs, 1);
}

FN_EVAL(bitwise_not)
{
	*out = val_int(T_BIGINT, ~args[0].i);
	return FLOWQ_OK;
}

FN_BIND(bit_count)
{
	static const struct fn_sig sigs[] = {{T_BIGINT, 2, {T_BIGINT, T_BIGINT}}};
	return fn_bind_sigs(b, err, "bit_count", sigs, 1);
}

FN_EVAL(bit_count)
{
	int64_t x = args[0].i, bits = args[1].i;
	if (bits < 2 || bits > 64)
		return fn_fail(ctx,
			       "Bits specified in bit_count must be between 2 and 64, got %lld",
			       (long long)bits);
	if (bits < 64) {
		int64_t lo = -((int64_t)1 << (bits - 1)), hi = ((int64_t)1 << (bits - 1)) - 1;
		if (x < lo || x > hi)
			return fn_fail(ctx,
				       "Number must be representable with the bits specified. "
				       "%lld cannot be represented with %lld bits",
				       (long long)x, (long long)bits);
	}
	uint64_t u = (uint64_t)x;
	if (bits < 64)
		u &= ((uint64_t)1 << bits) - 1;
	*out = val_int(T_BIGINT, __builtin_popcountll(u));
	return FLOWQ_OK;
}
