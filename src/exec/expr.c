/*
 * expr.c - vectorized evaluation of bound expressions.
 *
 * Every node computes a whole batch: children first (into scratch vectors
 * from the per-batch arena), then a tight loop per type.  Column references
 * cost nothing (the output vector shares the batch's arrays).  Masks carry
 * "which rows matter" down the tree so that conditional constructs only
 * evaluate what Trino would, and so runtime errors (division by zero, bad
 * casts) are raised only for rows that reach them.
 *
 * Output vectors always have a null map (zeroed, from the scratch arena);
 * rows outside the active mask are NULL.
 */
#include "expr.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sql/ast.h"

bool vec_alloc(struct vec *v, enum fq_type t, uint32_t n, struct arena *a)
{
	memset(v, 0, sizeof *v);
	v->type = t;
	v->cap = n;
	v->data = arena_alloc(a, (size_t)(n ? n : 1) * type_slot_size(t));
	v->nulls = arena_alloc(a, n ? n : 1);
	return v->data && v->nulls;
}

struct ex *ex_new(struct arena *a, enum ex_kind k, enum fq_type t, int n_args)
{
	struct ex *e = arena_alloc(a, sizeof *e);
	if (!e)
		return NULL;
	e->kind = k;
	e->type = t;
	e->pos = -1;
	e->n_args = n_args;
	if (n_args) {
		e->args = arena_alloc(a, (size_t)n_args * sizeof *e->args);
		if (!e->args)
			return NULL;
	}
	return e;
}

struct ex *ex_const(struct arena *a, const struct fq_value *v)
{
	struct ex *e = ex_new(a, EX_CONST, v->type, 0);
	if (!e)
		return NULL;
	e->u.cval = *v;
	if (v->type == T_VARCHAR && !v->is_null) {
		e->u.cval.s = arena_str(a, v->s);
		if (!e->u.cval.s.p)
			return NULL;
	}
	return e;
}

bool ex_is_const(const struct ex *e)
{
	if (e->kind == EX_COL)
		return false;
	if (e->kind == EX_FUNC && e->u.fn.def->volatile_)
		return false;
	if (e->kind == EX_IN && !e->u.in.set)
		return false;
	for (int i = 0; i < e->n_args; i++)
		if (!ex_is_const(e->args[i]))
			return false;
	return true;
}

static flowq_status rt_error(struct eval_ctx *ctx, const struct ex *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static flowq_status rt_error(struct eval_ctx *ctx, const struct ex *e, const char *fmt, ...)
{
	if (ctx->err) {
		va_list ap;
		va_start(ap, fmt);
		char msg[400];
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		err_set_at(ctx->err, FLOWQ_ERR_RUNTIME, e->pos, e->len, "%s", msg);
	}
	return FLOWQ_ERR_RUNTIME;
}

/* ---- IN sets: open addressing over values ---------------------------- */

#define INSET_SMALL 16
struct ex_inset {
	enum fq_type type;
	size_t cap, n;
	struct fq_value *slots;
	uint8_t *used;
	bool has_null;
	/* a short list of integers, also kept as a plain array: an integer
	 * column tests it with a few compares a row, no value built */
	bool ints;
	int64_t small[INSET_SMALL];
};

struct ex_inset *inset_new(struct arena *a, enum fq_type t, size_t expected)
{
	struct ex_inset *s = arena_alloc(a, sizeof *s);
	if (!s)
		return NULL;
	s->type = t;
	s->ints = type_is_i64(t);
	s->cap = 16;
	while (s->cap < expected * 2 + 2)
		s->cap *= 2;
	s->slots = arena_alloc(a, s->cap * sizeof *s->slots);
	s->used = arena_alloc(a, s->cap);
	return s->slots && s->used ? s : NULL;
}

static bool vals_equal(const struct fq_value *a, const struct fq_value *b)
{
	return val_cmp(a, b) == 0;
}

bool inset_add(struct ex_inset *s, const struct fq_value *v, struct arena *a)
{
	if (v->is_null) {
		s->has_null = true;
		return true;
	}
	if (s->n * 2 + 2 > s->cap) {
		struct ex_inset bigger = *s;
		bigger.cap = s->cap * 2;
		bigger.n = 0;
		bigger.slots = arena_alloc(a, bigger.cap * sizeof *bigger.slots);
		bigger.used = arena_alloc(a, bigger.cap);
		if (!bigger.slots || !bigger.used)
			return false;
		for (size_t i = 0; i < s->cap; i++)
			if (s->used[i] && !inset_add(&bigger, &s->slots[i], a))
				return false;
		*s = bigger;
	}
	size_t m = s->cap - 1, i = val_hash(v) & m;
	while (s->used[i]) {
		if (vals_equal(&s->slots[i], v))
			return true;
		i = (i + 1) & m;
	}
	s->used[i] = 1;
	s->slots[i] = *v;
	if (s->n < INSET_SMALL && type_is_i64(v->type))
		s->small[s->n] = v->i;
	else
		s->ints = false;
	if (v->type == T_VARCHAR) {
		s->slots[i].s = arena_str(a, v->s);
		if (!s->slots[i].s.p)
			return false;
	}
	s->n++;
	return true;
}

bool inset_has(const struct ex_inset *s, const struct fq_value *v)
{
	size_t m = s->cap - 1, i = val_hash(v) & m;
	while (s->used[i]) {
		if (vals_equal(&s->slots[i], v))
			return true;
		i = (i + 1) & m;
	}
	return false;
}

bool inset_has_null(const struct ex_inset *s)
{
	return s->has_null;
}

int inset_ints(const struct ex_inset *s, int64_t *out, int max)
{
	if (!s->ints || s->n > (size_t)max)
		return -1;
	for (size_t i = 0; i < s->n; i++)
		out[i] = s->small[i];
	return (int)s->n;
}

int inset_strings(const struct ex_inset *s, struct fq_str *out, int max)
{
	if (s->type != T_VARCHAR || s->n > (size_t)max)
		return -1;
	int k = 0;
	for (size_t i = 0; i < s->cap; i++)
		if (s->used[i]) {
			if (s->slots[i].type != T_VARCHAR)
				return -1;
			out[k++] = s->slots[i].s;
		}
	return k;
}

/* ---- LIKE -------------------------------------------------------------
 * The pattern is kept as a sequence of parts: literal runs, '_' (one code
 * point) and '%' (any run).  Matching is the classic greedy algorithm with
 * one backtrack point, linear in practice.  In an ASCII string every byte
 * starts a code point, so a '%' followed by a literal tries only the places
 * memmem finds it (`LIKE '%:%'` is then one memchr), and a final '%lit'
 * only the string's end. */

enum { LK_LIT, LK_ONE, LK_ANY };
struct like_part {
	int kind;
	struct fq_str lit;
};
struct ex_like {
	int n;
	struct like_part *parts;
	bool exact; /* no wildcards: plain equality */
	bool prefix; /* literal then a single trailing % */
};

struct ex_like *like_compile(struct arena *a, struct fq_str pat, int escape,
			     struct flowq_error *err)
{
	struct ex_like *p = arena_alloc(a, sizeof *p);
	char *lit = arena_alloc(a, pat.len + 1);
	p->parts = arena_alloc(a, (pat.len + 1) * sizeof *p->parts);
	if (!p || !lit || !p->parts) {
		err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
		return NULL;
	}
	size_t ln = 0;
	char *lit_start = lit;
	for (uint32_t i = 0; i < pat.len; i++) {
		char c = pat.p[i];
		if (escape >= 0 && (unsigned char)c == (unsigned char)escape) {
			if (i + 1 >= pat.len || (pat.p[i + 1] != '%' && pat.p[i + 1] != '_' &&
						 (unsigned char)pat.p[i + 1] != (unsigned char)escape)) {
				err_set(err, FLOWQ_ERR_RUNTIME,
					"Escape character must be followed by '%%', '_' or the escape character itself");
				return NULL;
			}
			lit_start[ln++] = pat.p[++i];
			continue;
		}
		if (c == '%' || c == '_') {
			if (ln) {
				p->parts[p->n].kind = LK_LIT;
				p->parts[p->n].lit = str_make(lit_start, ln);
				p->n++;
				lit_start += ln;
				ln = 0;
			}
			if (c == '%' && p->n && p->parts[p->n - 1].kind == LK_ANY)
				continue;
			p->parts[p->n].kind = c == '%' ? LK_ANY : LK_ONE;
			p->n++;
			continue;
		}
		lit_start[ln++] = c;
	}
	if (ln) {
		p->parts[p->n].kind = LK_LIT;
		p->parts[p->n].lit = str_make(lit_start, ln);
		p->n++;
	}
	p->exact = p->n == 0 || (p->n == 1 && p->parts[0].kind == LK_LIT);
	p->prefix = p->n == 2 && p->parts[0].kind == LK_LIT && p->parts[1].kind == LK_ANY;
	return p;
}

static size_t utf8_len_at(const char *s, size_t i, size_t n)
{
	unsigned char c = (unsigned char)s[i];
	size_t l = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	return i + l <= n ? l : n - i;
}

static bool all_ascii(const char *s, size_t n)
{
	uint64_t or8 = 0;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		or8 |= w;
	}
	for (; i < n; i++)
		or8 |= (unsigned char)s[i];
	return !(or8 & 0x8080808080808080ULL);
}

static bool like_from(const struct ex_like *p, int k, const char *s, size_t i, size_t n,
		      bool ascii)
{
	for (; k < p->n; k++) {
		const struct like_part *pt = &p->parts[k];
		if (pt->kind == LK_LIT) {
			if (n - i < pt->lit.len || memcmp(s + i, pt->lit.p, pt->lit.len) != 0)
				return false;
			i += pt->lit.len;
		} else if (pt->kind == LK_ONE) {
			if (i >= n)
				return false;
			i += utf8_len_at(s, i, n);
		} else {
			if (k == p->n - 1)
				return true;
			const struct like_part *lit = &p->parts[k + 1];
			if (ascii && lit->kind == LK_LIT) {
				size_t m = lit->lit.len;
				if (k + 2 == p->n) /* '%lit' ends the pattern */
					return n - i >= m && memcmp(s + n - m, lit->lit.p, m) == 0;
				for (size_t j = i; n - j >= m; j++) {
					const char *f = memmem(s + j, n - j, lit->lit.p, m);
					if (!f)
						return false;
					j = (size_t)(f - s);
					if (like_from(p, k + 2, s, j + m, n, ascii))
						return true;
				}
				return false;
			}
			/* try every position for the rest */
			for (size_t j = i; j <= n; j += (j < n ? utf8_len_at(s, j, n) : 1))
				if (like_from(p, k + 1, s, j, n, ascii))
					return true;
			return false;
		}
	}
	return i == n;
}

bool like_match(const struct ex_like *p, struct fq_str s)
{
	if (p->exact)
		return p->n == 0 ? s.len == 0 : str_eq(s, p->parts[0].lit);
	if (p->prefix)
		return s.len >= p->parts[0].lit.len &&
		       memcmp(s.p, p->parts[0].lit.p, p->parts[0].lit.len) == 0;
	return like_from(p, 0, s.p, 0, s.len, all_ascii(s.p, s.len));
}

/* ---- casts ----------------------------------------------------------- */

bool ex_cast_ok(enum fq_type from, enum fq_type to)
{
	if (from == to || from == T_UNKNOWN || to == T_VARCHAR)
		return true;
	switch (to) {
	case T_BOOLEAN: return type_is_numeric(from) || from == T_VARCHAR;
	case T_INTEGER:
	case T_BIGINT:
	case T_DOUBLE: return type_is_numeric(from) || from == T_VARCHAR || from == T_BOOLEAN;
	case T_TIMESTAMP: return from == T_VARCHAR || from == T_DATE;
	case T_DATE: return from == T_VARCHAR || from == T_TIMESTAMP;
	case T_IPADDRESS: return from == T_VARCHAR;
	default: return false;
	}
}

/* Trino parses with Java's Long.parseLong: no surrounding spaces, an
 * optional sign, decimal digits only. */
static bool parse_i64(struct fq_str s, int64_t *out)
{
	const char *p = s.p, *e = s.p + s.len;
	if (p == e || e - p > 30 || *p == ' ' || *p == '\t' || e[-1] == ' ' || e[-1] == '\t')
		return false;
	char tmp[32];
	memcpy(tmp, p, (size_t)(e - p));
	tmp[e - p] = 0;
	char *end;
	errno = 0;
	long long v = strtoll(tmp, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

static bool trim_parse_double(struct fq_str s, double *out)
{
	const char *p = s.p, *e = s.p + s.len;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (p == e || e - p > 60)
		return false;
	char tmp[64];
	memcpy(tmp, p, (size_t)(e - p));
	tmp[e - p] = 0;
	if (strcmp(tmp, "NaN") == 0) {
		*out = NAN;
		return true;
	}
	if (strcmp(tmp, "Infinity") == 0 || strcmp(tmp, "+Infinity") == 0) {
		*out = INFINITY;
		return true;
	}
	if (strcmp(tmp, "-Infinity") == 0) {
		*out = -INFINITY;
		return true;
	}
	char *end;
	*out = strtod(tmp, &end);
	return *end == 0 && !(isinf(*out) || isnan(*out));
}

static const char *upper_type(enum fq_type t)
{
	switch (t) {
	case T_BOOLEAN: return "BOOLEAN";
	case T_INTEGER: return "INTEGER";
	case T_BIGINT: return "BIGINT";
	case T_DOUBLE: return "DOUBLE";
	case T_VARCHAR: return "VARCHAR";
	case T_TIMESTAMP: return "TIMESTAMP";
	case T_DATE: return "DATE";
	case T_IPADDRESS: return "IPADDRESS";
	default: return type_name(t);
	}
}

flowq_status ex_cast_value(const struct fq_value *in, enum fq_type to, bool try_,
			   struct fq_value *out, struct arena *a, struct flowq_error *err)
{
	memset(out, 0, sizeof *out);
	out->type = to;
	if (in->is_null || in->type == T_UNKNOWN) {
		out->is_null = true;
		return FLOWQ_OK;
	}
	enum fq_type from = in->type;
	if (from == to || (type_is_int(from) && to == T_BIGINT)) {
		*out = *in;
		out->type = to;
		return FLOWQ_OK;
	}
	struct buf b = {0};
	switch (to) {
	case T_VARCHAR: {
		if (!val_format(in, &b))
			goto nomem;
		out->s = arena_str(a, str_make(b.p ? b.p : "", b.len));
		buf_free(&b);
		if (!out->s.p)
			goto nomem;
		return FLOWQ_OK;
	}
	case T_INTEGER:
	case T_BIGINT: {
		int64_t v = 0;
		if (from == T_INTEGER || from == T_BIGINT)
			v = in->i;
		else if (from == T_BOOLEAN)
			v = in->b;
		else if (from == T_DOUBLE) {
			double d = round(in->d);
			if (isnan(d) || d < -9.223372036854775808e18 || d >= 9.223372036854775808e18)
				goto range;
			v = (int64_t)d;
		} else if (from == T_VARCHAR) {
			if (!parse_i64(in->s, &v))
				goto bad;
		} else
			goto bad;
		if (to == T_INTEGER && (v < INT32_MIN || v > INT32_MAX)) {
			if (from == T_VARCHAR)
				goto bad; /* Integer.parseInt fails: "Cannot cast '...' to INT" */
			goto range;
		}
		out->i = v;
		return FLOWQ_OK;
	}
	case T_DOUBLE:
		if (type_is_int(from))
			out->d = (double)in->i;
		else if (from == T_BOOLEAN)
			out->d = in->b;
		else if (from == T_VARCHAR) {
			if (!trim_parse_double(in->s, &out->d))
				goto bad;
		} else
			goto bad;
		return FLOWQ_OK;
	case T_BOOLEAN:
		if (type_is_int(from))
			out->b = in->i != 0;
		else if (from == T_DOUBLE)
			out->b = in->d != 0;
		else if (from == T_VARCHAR) {
			if (str_eq_nocase(in->s, "true") || str_eq_nocase(in->s, "t") ||
			    str_eq_nocase(in->s, "1"))
				out->b = true;
			else if (str_eq_nocase(in->s, "false") || str_eq_nocase(in->s, "f") ||
				 str_eq_nocase(in->s, "0"))
				out->b = false;
			else
				goto bad;
		} else
			goto bad;
		return FLOWQ_OK;
	case T_TIMESTAMP:
		if (from == T_VARCHAR) {
			if (!fn_parse_timestamp(in->s.p, in->s.len, &out->i))
				goto bad;
		} else if (from == T_DATE) {
			out->i = in->i * 86400000;
		} else
			goto bad;
		return FLOWQ_OK;
	case T_DATE:
		if (from == T_VARCHAR) {
			if (!fn_parse_date(in->s.p, in->s.len, &out->i))
				goto bad;
		} else if (from == T_TIMESTAMP) {
			int64_t ms = in->i;
			out->i = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
		} else
			goto bad;
		return FLOWQ_OK;
	case T_IPADDRESS:
		if (from == T_VARCHAR && ip_parse(in->s.p, in->s.len, &out->ip))
			return FLOWQ_OK;
		if (try_) {
			out->is_null = true;
			return FLOWQ_OK;
		}
		if (from == T_VARCHAR)
			return err_set(err, FLOWQ_ERR_RUNTIME, "Cannot cast value to IPADDRESS: %.*s",
				       (int)FQ_MIN(in->s.len, 100u), in->s.p);
		goto bad;
	default: goto bad;
	}
range:
	/* Trino's messages: bigint or double to integer "Out of range for
	 * integer: 3.0E9", double to bigint "Unable to cast 1.0E20 to bigint" */
	if (try_) {
		out->is_null = true;
		return FLOWQ_OK;
	}
	if (!val_format(in, &b))
		goto nomem;
	buf_nul(&b);
	if (to == T_BIGINT)
		err_set(err, FLOWQ_ERR_RUNTIME, "Unable to cast %.100s to bigint", b.p ? b.p : "");
	else
		err_set(err, FLOWQ_ERR_RUNTIME, "Out of range for integer: %.100s", b.p ? b.p : "");
	buf_free(&b);
	return FLOWQ_ERR_RUNTIME;
bad:
	if (try_) {
		out->is_null = true;
		return FLOWQ_OK;
	}
	if (!val_format(in, &b))
		goto nomem;
	buf_nul(&b);
	if (from == T_VARCHAR && (to == T_DATE || to == T_TIMESTAMP))
		err_set(err, FLOWQ_ERR_RUNTIME, "Value cannot be cast to %s: %.100s",
			to == T_DATE ? "date" : "timestamp", b.p ? b.p : "");
	else
		err_set(err, FLOWQ_ERR_RUNTIME, "Cannot cast '%.100s' to %s", b.p ? b.p : "",
			to == T_INTEGER ? "INT" : upper_type(to));
	buf_free(&b);
	return FLOWQ_ERR_RUNTIME;
nomem:
	buf_free(&b);
	return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
}

/* ---- evaluation ------------------------------------------------------ */

static inline bool row_on(const uint8_t *active, uint32_t i)
{
	return !active || active[i];
}

static flowq_status eval_args(const struct ex *e, const struct batch *b, const uint8_t *active,
			      struct vec *vs, struct eval_ctx *ctx)
{
	for (int i = 0; i < e->n_args; i++) {
		flowq_status st = ex_eval(e->args[i], b, active, &vs[i], ctx);
		if (st)
			return st;
	}
	return FLOWQ_OK;
}

static int cmp_rows(const struct vec *a, uint32_t i, const struct vec *b, uint32_t j)
{
	switch (a->type) {
	case T_VARCHAR: return str_cmp(a->s[i], b->s[j]);
	case T_DOUBLE: {
		double x = a->f64[i], y = b->f64[j];
		if (isnan(x) || isnan(y))
			return isnan(x) - isnan(y);
		return (x > y) - (x < y);
	}
	case T_BOOLEAN: return (int)a->b[i] - (int)b->b[j];
	case T_IPADDRESS: return memcmp(a->ip[i].b, b->ip[j].b, 16);
	default: return (a->i64[i] > b->i64[j]) - (a->i64[i] < b->i64[j]);
	}
}

static inline bool cmp_holds(int op, int c)
{
	switch (op) {
	case AST_OP_EQ: return c == 0;
	case AST_OP_NE: return c != 0;
	case AST_OP_LT: return c < 0;
	case AST_OP_LE: return c <= 0;
	case AST_OP_GT: return c > 0;
	default: return c >= 0;
	}
}

static flowq_status eval_cmp(const struct ex *e, const struct batch *b, const uint8_t *active,
			     struct vec *out, struct eval_ctx *ctx)
{
	uint32_t n = b->n;
	struct vec l, r;
	flowq_status st = ex_eval(e->args[0], b, active, &l, ctx);
	if (st)
		return st;
	/* fast paths: column op constant */
	const struct ex *re = e->args[1];
	if (re->kind == EX_CONST && !re->u.cval.is_null && l.type == re->u.cval.type) {
		const struct fq_value *c = &re->u.cval;
		int op = e->u.op;
		if (type_is_i64(l.type)) {
			int64_t k = c->i;
			for (uint32_t i = 0; i < n; i++) {
				int64_t x = l.i64[i];
				out->b[i] = (uint8_t)cmp_holds(op, (x > k) - (x < k));
				out->nulls[i] = !row_on(active, i) || vec_is_null(&l, i);
			}
			return FLOWQ_OK;
		}
		if (l.type == T_VARCHAR && (op == AST_OP_EQ || op == AST_OP_NE)) {
			struct fq_str k = c->s;
			bool want = op == AST_OP_EQ;
			for (uint32_t i = 0; i < n; i++) {
				bool eq = str_eq(l.s[i], k);
				out->b[i] = eq == want;
				out->nulls[i] = !row_on(active, i) || vec_is_null(&l, i);
			}
			return FLOWQ_OK;
		}
	}
	st = ex_eval(e->args[1], b, active, &r, ctx);
	if (st)
		return st;
	for (uint32_t i = 0; i < n; i++) {
		if (!row_on(active, i) || vec_is_null(&l, i) || vec_is_null(&r, i)) {
			out->nulls[i] = 1;
			continue;
		}
		out->b[i] = cmp_holds(e->u.op, cmp_rows(&l, i, &r, i));
	}
	return FLOWQ_OK;
}

static const char *op_word(int op)
{
	switch (op) {
	case AST_OP_ADD: return "addition";
	case AST_OP_SUB: return "subtraction";
	case AST_OP_MUL: return "multiplication";
	case AST_OP_DIV: return "division";
	default: return "modulus";
	}
}

static flowq_status eval_arith(const struct ex *e, const struct batch *b, const uint8_t *active,
			       struct vec *out, struct eval_ctx *ctx)
{
	struct vec v[2];
	flowq_status st = eval_args(e, b, active, v, ctx);
	if (st)
		return st;
	uint32_t n = b->n;
	int op = e->u.op;
	enum fq_type lt = v[0].type, rt = v[1].type;
	for (uint32_t i = 0; i < n; i++) {
		if (!row_on(active, i) || vec_is_null(&v[0], i) || vec_is_null(&v[1], i)) {
			out->nulls[i] = 1;
			continue;
		}
		if (e->type == T_DOUBLE) {
			double x = lt == T_DOUBLE ? v[0].f64[i] : (double)v[0].i64[i];
			double y = rt == T_DOUBLE ? v[1].f64[i] : (double)v[1].i64[i];
			double z;
			switch (op) {
			case AST_OP_ADD: z = x + y; break;
			case AST_OP_SUB: z = x - y; break;
			case AST_OP_MUL: z = x * y; break;
			case AST_OP_DIV: z = x / y; break;
			default: z = fmod(x, y); break;
			}
			out->f64[i] = z;
			continue;
		}
		if (e->type == T_INTEGER || e->type == T_BIGINT) {
			int64_t x = v[0].i64[i], y = v[1].i64[i], z = 0;
			bool ovf = false;
			switch (op) {
			case AST_OP_ADD: ovf = __builtin_add_overflow(x, y, &z); break;
			case AST_OP_SUB: ovf = __builtin_sub_overflow(x, y, &z); break;
			case AST_OP_MUL: ovf = __builtin_mul_overflow(x, y, &z); break;
			case AST_OP_DIV:
			case AST_OP_MOD:
				if (y == 0)
					return rt_error(ctx, e, "Division by zero");
				if (x == INT64_MIN && y == -1) {
					ovf = op == AST_OP_DIV;
					z = 0;
				} else {
					z = op == AST_OP_DIV ? x / y : x % y;
				}
				break;
			}
			if (!ovf && e->type == T_INTEGER && (z < INT32_MIN || z > INT32_MAX))
				ovf = true;
			if (ovf)
				return rt_error(ctx, e, "%s %s overflow: %lld %s %lld",
						e->type == T_INTEGER ? "integer" : "bigint", op_word(op),
						(long long)x, ast_op_name((enum ast_op)op), (long long)y);
			out->i64[i] = z;
			continue;
		}
		/* temporal: timestamp/date +- interval, timestamp - timestamp */
		int64_t x = v[0].i64[i], y = v[1].i64[i];
		if (e->type == T_INTERVAL_DS && lt == T_TIMESTAMP) {
			out->i64[i] = x - y;
			continue;
		}
		if (e->type == T_INTERVAL_DS || e->type == T_INTERVAL_YM) {
			out->i64[i] = op == AST_OP_ADD ? x + y : x - y;
			continue;
		}
		bool ym = lt == T_INTERVAL_YM || rt == T_INTERVAL_YM;
		int64_t base = type_is_i64(lt) && lt != T_INTERVAL_DS && lt != T_INTERVAL_YM ? x : y;
		int64_t iv = base == x ? y : x;
		if (op == AST_OP_SUB)
			iv = -iv;
		if (!ym) {
			if (e->type == T_DATE)
				out->i64[i] = base + iv / 86400000;
			else
				out->i64[i] = base + iv;
			continue;
		}
		/* add months, clamping the day */
		int64_t days = e->type == T_DATE ? base : (base >= 0 ? base / 86400000 : -((-base + 86399999) / 86400000));
		int64_t rem = e->type == T_DATE ? 0 : base - days * 86400000;
		int64_t yy;
		unsigned mm, dd;
		civil_from_days(days, &yy, &mm, &dd);
		int64_t total = yy * 12 + (mm - 1) + iv;
		int64_t ny = total >= 0 ? total / 12 : -((-total + 11) / 12);
		unsigned nm = (unsigned)(total - ny * 12) + 1;
		static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		unsigned lim = mdays[nm - 1];
		if (nm == 2 && ((ny % 4 == 0 && ny % 100 != 0) || ny % 400 == 0))
			lim = 29;
		if (dd > lim)
			dd = lim;
		int64_t nd = days_from_civil(ny, nm, dd);
		out->i64[i] = e->type == T_DATE ? nd : nd * 86400000 + rem;
	}
	return FLOWQ_OK;
}

static flowq_status eval_logic(const struct ex *e, const struct batch *b, const uint8_t *active,
			       struct vec *out, struct eval_ctx *ctx)
{
	uint32_t n = b->n;
	bool is_and = e->kind == EX_AND;
	/* out->b: current value; out->nulls: unknown.  For AND start TRUE, for OR FALSE. */
	uint8_t *live = arena_alloc(ctx->scratch, n ? n : 1);
	if (!live)
		return FLOWQ_ERR_NOMEM;
	for (uint32_t i = 0; i < n; i++) {
		out->b[i] = is_and;
		out->nulls[i] = 0;
		live[i] = row_on(active, i);
	}
	for (int k = 0; k < e->n_args; k++) {
		struct vec v;
		flowq_status st = ex_eval(e->args[k], b, live, &v, ctx);
		if (st)
			return st;
		for (uint32_t i = 0; i < n; i++) {
			if (!live[i])
				continue;
			if (vec_is_null(&v, i)) {
				out->nulls[i] = 1;
			} else if ((bool)v.b[i] != is_and) {
				/* AND: a false decides; OR: a true decides */
				out->b[i] = !is_and;
				out->nulls[i] = 0;
				live[i] = 0;
			}
		}
	}
	for (uint32_t i = 0; i < n; i++)
		if (!row_on(active, i))
			out->nulls[i] = 1;
	return FLOWQ_OK;
}

static flowq_status eval_case(const struct ex *e, const struct batch *b, const uint8_t *active,
			      struct vec *out, struct eval_ctx *ctx)
{
	uint32_t n = b->n;
	uint8_t *rest = arena_alloc(ctx->scratch, n ? n : 1);
	uint8_t *hit = arena_alloc(ctx->scratch, n ? n : 1);
	if (!rest || !hit)
		return FLOWQ_ERR_NOMEM;
	for (uint32_t i = 0; i < n; i++) {
		rest[i] = row_on(active, i);
		out->nulls[i] = 1;
	}
	int pairs = e->n_args / 2;
	size_t sz = type_slot_size(e->type);
	for (int k = 0; k < pairs; k++) {
		flowq_status st = ex_eval_mask(e->args[2 * k], b, rest, hit, ctx);
		if (st)
			return st;
		bool any = false;
		for (uint32_t i = 0; i < n; i++)
			if (hit[i]) {
				any = true;
				break;
			}
		if (!any)
			continue;
		struct vec v;
		st = ex_eval(e->args[2 * k + 1], b, hit, &v, ctx);
		if (st)
			return st;
		for (uint32_t i = 0; i < n; i++)
			if (hit[i]) {
				rest[i] = 0;
				out->nulls[i] = vec_is_null(&v, i);
				memcpy((char *)out->data + i * sz, (char *)v.data + i * sz, sz);
			}
	}
	if (e->n_args % 2) {
		struct vec v;
		flowq_status st = ex_eval(e->args[e->n_args - 1], b, rest, &v, ctx);
		if (st)
			return st;
		for (uint32_t i = 0; i < n; i++)
			if (rest[i]) {
				out->nulls[i] = vec_is_null(&v, i);
				memcpy((char *)out->data + i * sz, (char *)v.data + i * sz, sz);
			}
	}
	return FLOWQ_OK;
}

static flowq_status eval_coalesce(const struct ex *e, const struct batch *b, const uint8_t *active,
				  struct vec *out, struct eval_ctx *ctx)
{
	uint32_t n = b->n;
	uint8_t *rest = arena_alloc(ctx->scratch, n ? n : 1);
	if (!rest)
		return FLOWQ_ERR_NOMEM;
	for (uint32_t i = 0; i < n; i++) {
		rest[i] = row_on(active, i);
		out->nulls[i] = 1;
	}
	size_t sz = type_slot_size(e->type);
	for (int k = 0; k < e->n_args; k++) {
		struct vec v;
		flowq_status st = ex_eval(e->args[k], b, rest, &v, ctx);
		if (st)
			return st;
		bool left = false;
		for (uint32_t i = 0; i < n; i++)
			if (rest[i] && !vec_is_null(&v, i)) {
				rest[i] = 0;
				out->nulls[i] = 0;
				memcpy((char *)out->data + i * sz, (char *)v.data + i * sz, sz);
			} else if (rest[i]) {
				left = true;
			}
		if (!left)
			break;
	}
	return FLOWQ_OK;
}

static flowq_status eval_func(const struct ex *e, const struct batch *b, const uint8_t *active,
			      struct vec *out, struct eval_ctx *ctx)
{
	struct vec v[FN_MAX_ARGS];
	flowq_status st = eval_args(e, b, active, v, ctx);
	if (st)
		return st;
	const struct fn_def *def = e->u.fn.def;
	struct fn_ctx fc = {e->u.fn.state, ctx->scratch, ctx->now_ms, ctx->err};
	struct fq_value args[FN_MAX_ARGS], res;
	for (uint32_t i = 0; i < b->n; i++) {
		if (!row_on(active, i)) {
			out->nulls[i] = 1;
			continue;
		}
		bool any_null = false;
		for (int k = 0; k < e->n_args; k++) {
			vec_get(&v[k], i, &args[k]);
			any_null |= args[k].is_null;
		}
		if (any_null && def->strict) {
			out->nulls[i] = 1;
			continue;
		}
		memset(&res, 0, sizeof res);
		res.type = e->type;
		st = def->eval(args, e->n_args, &res, &fc);
		if (st) {
			if (ctx->err && ctx->err->pos < 0) {
				ctx->err->pos = e->pos;
				ctx->err->len = e->len;
			}
			return st;
		}
		res.type = e->type;
		vec_set(out, i, &res, ctx->scratch);
	}
	return FLOWQ_OK;
}

static flowq_status eval_cast(const struct ex *e, const struct batch *b, const uint8_t *active,
			      struct vec *out, struct eval_ctx *ctx)
{
	struct vec v;
	flowq_status st = ex_eval(e->args[0], b, active, &v, ctx);
	if (st)
		return st;
	uint32_t n = b->n;
	if (type_is_int(v.type) && e->type == T_BIGINT) {
		for (uint32_t i = 0; i < n; i++) {
			out->i64[i] = v.i64[i];
			out->nulls[i] = !row_on(active, i) || vec_is_null(&v, i);
		}
		return FLOWQ_OK;
	}
	if (type_is_int(v.type) && e->type == T_DOUBLE) {
		for (uint32_t i = 0; i < n; i++) {
			out->f64[i] = (double)v.i64[i];
			out->nulls[i] = !row_on(active, i) || vec_is_null(&v, i);
		}
		return FLOWQ_OK;
	}
	struct fq_value in, res;
	for (uint32_t i = 0; i < n; i++) {
		if (!row_on(active, i)) {
			out->nulls[i] = 1;
			continue;
		}
		vec_get(&v, i, &in);
		st = ex_cast_value(&in, e->type, e->u.cast.try_, &res, ctx->scratch, ctx->err);
		if (st) {
			if (ctx->err) {
				ctx->err->pos = e->pos;
				ctx->err->len = e->len;
			}
			return st;
		}
		vec_set(out, i, &res, ctx->scratch);
	}
	return FLOWQ_OK;
}

static flowq_status eval_in(const struct ex *e, const struct batch *b, const uint8_t *active,
			    struct vec *out, struct eval_ctx *ctx)
{
	struct vec v;
	flowq_status st = ex_eval(e->args[0], b, active, &v, ctx);
	if (st)
		return st;
	const struct ex_inset *s = e->u.in.set;
	bool neg = e->u.in.negated, has_null = s->has_null;
	bool empty = s->n == 0 && !has_null; /* x IN (empty subquery) is false, even for NULL x */
	struct fq_value x;
	bool same = v.type == s->type || ((v.type == T_INTEGER || v.type == T_BIGINT) &&
					  (s->type == T_INTEGER || s->type == T_BIGINT));
	/* integers against a short list of integers: compares, no value built */
	bool ints = s->ints && same && !has_null;
	for (uint32_t i = 0; i < b->n; i++) {
		if (!row_on(active, i)) {
			out->nulls[i] = 1;
			continue;
		}
		if (vec_is_null(&v, i)) {
			if (empty)
				out->b[i] = neg;
			else
				out->nulls[i] = 1;
			continue;
		}
		if (ints) {
			bool found = false;
			for (size_t j = 0; j < s->n; j++)
				found |= s->small[j] == v.i64[i];
			out->b[i] = found != neg;
			continue;
		}
		vec_get(&v, i, &x);
		bool found = s->n && inset_has(s, &x);
		if (!found && has_null) {
			out->nulls[i] = 1;
			continue;
		}
		out->b[i] = found != neg;
	}
	return FLOWQ_OK;
}

static flowq_status eval_like(const struct ex *e, const struct batch *b, const uint8_t *active,
			      struct vec *out, struct eval_ctx *ctx)
{
	struct vec v, pv;
	flowq_status st = ex_eval(e->args[0], b, active, &v, ctx);
	if (st)
		return st;
	const struct ex_like *pat = e->u.like.pat;
	if (!pat) {
		st = ex_eval(e->args[1], b, active, &pv, ctx);
		if (st)
			return st;
	}
	for (uint32_t i = 0; i < b->n; i++) {
		if (!row_on(active, i) || vec_is_null(&v, i) || (!pat && vec_is_null(&pv, i))) {
			out->nulls[i] = 1;
			continue;
		}
		const struct ex_like *p = pat;
		if (!p) {
			p = like_compile(ctx->scratch, pv.s[i], e->u.like.escape, ctx->err);
			if (!p)
				return ctx->err ? ctx->err->code : FLOWQ_ERR_RUNTIME;
		}
		out->b[i] = like_match(p, v.s[i]) != e->u.like.negated;
	}
	return FLOWQ_OK;
}

flowq_status ex_eval(const struct ex *e, const struct batch *b, const uint8_t *active,
		     struct vec *out, struct eval_ctx *ctx)
{
	uint32_t n = b->n;
	if (e->kind == EX_COL) {
		*out = b->cols[e->u.col];
		if (active) {
			/* rows outside the mask read as NULL */
			uint8_t *nl = arena_alloc(ctx->scratch, n ? n : 1);
			if (!nl)
				return FLOWQ_ERR_NOMEM;
			for (uint32_t i = 0; i < n; i++)
				nl[i] = !active[i] || vec_is_null(out, i);
			out->nulls = nl;
		}
		return FLOWQ_OK;
	}
	if (!vec_alloc(out, e->type, n, ctx->scratch))
		return err_set(ctx->err, FLOWQ_ERR_NOMEM, "out of memory");
	switch (e->kind) {
	case EX_CONST: {
		const struct fq_value *c = &e->u.cval;
		for (uint32_t i = 0; i < n; i++) {
			if (c->is_null || !row_on(active, i))
				out->nulls[i] = 1;
			else
				vec_set(out, i, c, ctx->scratch);
		}
		return FLOWQ_OK;
	}
	case EX_CMP: return eval_cmp(e, b, active, out, ctx);
	case EX_ARITH: return eval_arith(e, b, active, out, ctx);
	case EX_AND:
	case EX_OR: return eval_logic(e, b, active, out, ctx);
	case EX_CASE: return eval_case(e, b, active, out, ctx);
	case EX_COALESCE: return eval_coalesce(e, b, active, out, ctx);
	case EX_FUNC: return eval_func(e, b, active, out, ctx);
	case EX_CAST: return eval_cast(e, b, active, out, ctx);
	case EX_IN: return eval_in(e, b, active, out, ctx);
	case EX_LIKE: return eval_like(e, b, active, out, ctx);
	case EX_NOT:
	case EX_NEG:
	case EX_IS_NULL: {
		struct vec v;
		flowq_status st = ex_eval(e->args[0], b, e->kind == EX_IS_NULL ? active : active, &v, ctx);
		if (st)
			return st;
		for (uint32_t i = 0; i < n; i++) {
			if (!row_on(active, i)) {
				out->nulls[i] = 1;
				continue;
			}
			bool isnull = vec_is_null(&v, i);
			if (e->kind == EX_IS_NULL) {
				out->b[i] = isnull != e->u.negated;
				continue;
			}
			if (isnull) {
				out->nulls[i] = 1;
				continue;
			}
			if (e->kind == EX_NOT) {
				out->b[i] = !v.b[i];
			} else if (e->type == T_DOUBLE) {
				out->f64[i] = -v.f64[i];
			} else {
				if (v.i64[i] == INT64_MIN || (e->type == T_INTEGER && v.i64[i] == INT32_MIN))
					return rt_error(ctx, e, "%s negation overflow: %lld",
							e->type == T_INTEGER ? "integer" : "bigint",
							(long long)v.i64[i]);
				out->i64[i] = -v.i64[i];
			}
		}
		return FLOWQ_OK;
	}
	case EX_DISTINCT: {
		struct vec v[2];
		flowq_status st = eval_args(e, b, active, v, ctx);
		if (st)
			return st;
		bool want_distinct = e->u.op == AST_OP_IS_DISTINCT;
		for (uint32_t i = 0; i < n; i++) {
			if (!row_on(active, i)) {
				out->nulls[i] = 1;
				continue;
			}
			bool ln = vec_is_null(&v[0], i), rn = vec_is_null(&v[1], i);
			bool same = ln || rn ? ln == rn : cmp_rows(&v[0], i, &v[1], i) == 0;
			out->b[i] = same != want_distinct;
		}
		return FLOWQ_OK;
	}
	case EX_BETWEEN: {
		struct vec v[3];
		flowq_status st = eval_args(e, b, active, v, ctx);
		if (st)
			return st;
		for (uint32_t i = 0; i < n; i++) {
			if (!row_on(active, i) || vec_is_null(&v[0], i)) {
				out->nulls[i] = 1;
				continue;
			}
			/* x >= lo AND x <= hi, three-valued */
			int ge = vec_is_null(&v[1], i) ? -1 : cmp_rows(&v[0], i, &v[1], i) >= 0;
			int le = vec_is_null(&v[2], i) ? -1 : cmp_rows(&v[0], i, &v[2], i) <= 0;
			int r;
			if (ge == 0 || le == 0)
				r = 0;
			else if (ge < 0 || le < 0)
				r = -1;
			else
				r = 1;
			if (r < 0)
				out->nulls[i] = 1;
			else
				out->b[i] = (r == 1) != e->u.negated;
		}
		return FLOWQ_OK;
	}
	case EX_CONCAT: {
		struct vec v[2];
		flowq_status st = eval_args(e, b, active, v, ctx);
		if (st)
			return st;
		for (uint32_t i = 0; i < n; i++) {
			if (!row_on(active, i) || vec_is_null(&v[0], i) || vec_is_null(&v[1], i)) {
				out->nulls[i] = 1;
				continue;
			}
			struct fq_str x = v[0].s[i], y = v[1].s[i];
			char *p = arena_alloc(ctx->scratch, (size_t)x.len + y.len + 1);
			if (!p)
				return FLOWQ_ERR_NOMEM;
			memcpy(p, x.p, x.len);
			memcpy(p + x.len, y.p, y.len);
			out->s[i] = str_make(p, (size_t)x.len + y.len);
		}
		return FLOWQ_OK;
	}
	default: return err_set(ctx->err, FLOWQ_ERR_INTERNAL, "unknown expression kind %d", e->kind);
	}
}

flowq_status ex_eval_mask(const struct ex *e, const struct batch *b, const uint8_t *active,
			  uint8_t *mask, struct eval_ctx *ctx)
{
	struct vec v;
	flowq_status st = ex_eval(e, b, active, &v, ctx);
	if (st)
		return st;
	for (uint32_t i = 0; i < b->n; i++)
		mask[i] = row_on(active, i) && !vec_is_null(&v, i) && v.b[i];
	return FLOWQ_OK;
}

flowq_status ex_eval_const(const struct ex *e, struct arena *a, int64_t now_ms,
			   struct fq_value *out, struct flowq_error *err)
{
	struct batch one = {0};
	one.n = 1;
	one.cap = 1;
	struct eval_ctx ctx = {a, now_ms, err, NULL};
	struct vec v;
	flowq_status st = ex_eval(e, &one, NULL, &v, &ctx);
	if (st)
		return st;
	vec_get(&v, 0, out);
	out->type = e->type;
	return FLOWQ_OK;
}
