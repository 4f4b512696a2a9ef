/*
 * bind.c - names, types and plans: the AST of one query becomes
 * plan_select blocks that the executor runs.
 *
 * Binding and running interleave: a CTE, a subquery in FROM or IN (...),
 * a scalar subquery or a UNION part is run to a materialized table as soon
 * as it is bound, and the outer block reads that table.  Only uncorrelated
 * subqueries exist in this dialect subset, so this order is always valid.
 *
 * Scopes: a block's FROM is either the flow log table (columns resolve to
 * catalogue fields, partition columns, header extras or DDL columns, and
 * each referenced column joins the block's scan list) or a materialized
 * table (columns resolve by name).  In an aggregate block, the select list,
 * HAVING and ORDER BY bind in "post" mode: an expression equal to a GROUP
 * BY expression becomes a key column, an aggregate call becomes an
 * aggregate column (its arguments bound in the input scope), and any other
 * column reference is an error, as in Trino.
 *
 * The WHERE clause is split into conjuncts: those that only read partition
 * columns become the per-file predicate (files are skipped before they are
 * opened), simple bounds on start/end become time-pruning bounds (and stay
 * in the row filter, as file windows are approximate).
 */
#include "query.h"

#include <math.h>
#include <stdarg.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>

#include "exec/agg.h"
#include "exec/sdist.h"
#include "format/fields.h"

enum bmode { M_INPUT, M_POST };

struct scope {
	bool files;                /* the flow log table, else a materialized table */
	const struct rtable *t;
	const char *qual;          /* alias or table name; NULL: none */
	struct plan_select *p;     /* for registering scan columns */
};

struct cte {
	const char *name;
	struct ast_query *q;
	struct rtable *t;
};

struct binder {
	struct arena *a;
	const char *sql;
	struct exec_ctx *x;
	struct table_src *tab;
	struct flowq_error *err;
	struct cte ctes[64];
	int n_ctes;
	struct rtable *owned[512];
	int n_owned;
	int depth;
	/* aggregate context of the block being bound */
	struct ast_expr **group_ast;
	int n_group;
	struct plan_select *agg_p;
	const struct scope *agg_in;
	bool in_agg_arg;
	const char *agg_outer; /* the aggregate whose arguments are being bound */
	/* EXPLAIN */
	bool explain;
	struct buf *ex_out;
	int ex_level;
};

static flowq_status bind_query(struct binder *b, struct ast_query *q, struct rtable **out);
static struct ex *bind_expr(struct binder *b, struct ast_expr *e, const struct scope *sc,
			    enum bmode mode);

static flowq_status sem_error(struct binder *b, const struct ast_expr *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static flowq_status sem_error(struct binder *b, const struct ast_expr *e, const char *fmt, ...)
{
	char msg[480];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set_at(b->err, FLOWQ_ERR_SQL_SEMANTIC, e ? e->pos : -1, e ? e->len : 0, "%s", msg);
}

static bool keep_table(struct binder *b, struct rtable *t)
{
	if (b->n_owned >= (int)FQ_ARRAY_LEN(b->owned))
		return false;
	b->owned[b->n_owned++] = t;
	return true;
}

/* ---- AST helpers ------------------------------------------------------ */

static bool ident_eq(const struct ast_ident *a, const struct ast_ident *b2)
{
	if (!a || !b2)
		return a == b2;
	return strcasecmp(a->name, b2->name) == 0;
}

static bool ast_equal(const struct ast_expr *x, const struct ast_expr *y)
{
	if (!x || !y)
		return x == y;
	if (x->kind != y->kind)
		return false;
	switch (x->kind) {
	case A_NULL: return true;
	case A_BOOL: return x->u.b == y->u.b;
	case A_INT: return x->u.i == y->u.i;
	case A_DOUBLE: return x->u.d == y->u.d;
	case A_STRING: return str_eq(x->u.str, y->u.str);
	case A_TYPED:
		return strcmp(x->u.typed.type_name, y->u.typed.type_name) == 0 &&
		       str_eq(x->u.typed.text, y->u.typed.text);
	case A_INTERVAL:
		return str_eq(x->u.interval.text, y->u.interval.text) &&
		       x->u.interval.unit == y->u.interval.unit &&
		       x->u.interval.negative == y->u.interval.negative;
	case A_COLUMN:
		if (x->u.col.qualifier && y->u.col.qualifier &&
		    !ident_eq(x->u.col.qualifier, y->u.col.qualifier))
			return false;
		return strcasecmp(x->u.col.name.name, y->u.col.name.name) == 0;
	case A_STAR: return true;
	case A_UNARY: return x->u.unary.op == y->u.unary.op && ast_equal(x->u.unary.arg, y->u.unary.arg);
	case A_BINARY:
	case A_DISTINCT_FROM:
		return x->u.binary.op == y->u.binary.op && ast_equal(x->u.binary.left, y->u.binary.left) &&
		       ast_equal(x->u.binary.right, y->u.binary.right);
	case A_IS_NULL:
		return x->u.is_null.negated == y->u.is_null.negated &&
		       ast_equal(x->u.is_null.arg, y->u.is_null.arg);
	case A_BETWEEN:
		return x->u.between.negated == y->u.between.negated &&
		       ast_equal(x->u.between.arg, y->u.between.arg) &&
		       ast_equal(x->u.between.lo, y->u.between.lo) && ast_equal(x->u.between.hi, y->u.between.hi);
	case A_IN_LIST:
		if (x->u.in_list.negated != y->u.in_list.negated || x->u.in_list.n_items != y->u.in_list.n_items ||
		    !ast_equal(x->u.in_list.arg, y->u.in_list.arg))
			return false;
		for (int i = 0; i < x->u.in_list.n_items; i++)
			if (!ast_equal(x->u.in_list.items[i], y->u.in_list.items[i]))
				return false;
		return true;
	case A_LIKE:
		return x->u.like.negated == y->u.like.negated && ast_equal(x->u.like.arg, y->u.like.arg) &&
		       ast_equal(x->u.like.pattern, y->u.like.pattern) && ast_equal(x->u.like.escape, y->u.like.escape);
	case A_CASE:
		if (x->u.case_.n_whens != y->u.case_.n_whens || !ast_equal(x->u.case_.operand, y->u.case_.operand) ||
		    !ast_equal(x->u.case_.else_, y->u.case_.else_))
			return false;
		for (int i = 0; i < x->u.case_.n_whens; i++)
			if (!ast_equal(x->u.case_.whens[i], y->u.case_.whens[i]) ||
			    !ast_equal(x->u.case_.thens[i], y->u.case_.thens[i]))
				return false;
		return true;
	case A_CAST:
		return x->u.cast.try_ == y->u.cast.try_ && strcmp(x->u.cast.type_name, y->u.cast.type_name) == 0 &&
		       ast_equal(x->u.cast.arg, y->u.cast.arg);
	case A_FUNC:
		if (strcasecmp(x->u.func.name.name, y->u.func.name.name) != 0 ||
		    x->u.func.n_args != y->u.func.n_args || x->u.func.distinct != y->u.func.distinct ||
		    x->u.func.star != y->u.func.star || !ast_equal(x->u.func.filter, y->u.func.filter))
			return false;
		for (int i = 0; i < x->u.func.n_args; i++)
			if (!ast_equal(x->u.func.args[i], y->u.func.args[i]))
				return false;
		return true;
	default: return false; /* subqueries never compare equal */
	}
}

static const struct {
	const char *name;
	enum agg_kind kind;
} agg_names[] = {
	{"count", AGG_COUNT},	      {"sum", AGG_SUM},
	{"avg", AGG_AVG},	      {"min", AGG_MIN},
	{"max", AGG_MAX},	      {"count_if", AGG_COUNT_IF},
	{"arbitrary", AGG_ARBITRARY}, {"any_value", AGG_ARBITRARY},
	{"max_by", AGG_MAX_BY},	      {"min_by", AGG_MIN_BY},
	{"approx_distinct", AGG_APPROX_DISTINCT},
	{"approx_percentile", AGG_APPROX_PERCENTILE},
	{"bool_and", AGG_BOOL_AND},   {"every", AGG_BOOL_AND},
	{"bool_or", AGG_BOOL_OR},     {"stddev", AGG_STDDEV},
	{"stddev_samp", AGG_STDDEV},  {"stddev_pop", AGG_STDDEV_POP},
	{"variance", AGG_VARIANCE},   {"var_samp", AGG_VARIANCE},
	{"var_pop", AGG_VAR_POP},
};

static int agg_lookup(const char *name)
{
	for (size_t i = 0; i < FQ_ARRAY_LEN(agg_names); i++)
		if (strcasecmp(name, agg_names[i].name) == 0)
			return (int)agg_names[i].kind;
	return -1;
}

static bool has_agg(const struct ast_expr *e)
{
	if (!e)
		return false;
	switch (e->kind) {
	case A_FUNC:
		if (agg_lookup(e->u.func.name.name) >= 0)
			return true;
		for (int i = 0; i < e->u.func.n_args; i++)
			if (has_agg(e->u.func.args[i]))
				return true;
		return false;
	case A_UNARY: return has_agg(e->u.unary.arg);
	case A_BINARY:
	case A_DISTINCT_FROM: return has_agg(e->u.binary.left) || has_agg(e->u.binary.right);
	case A_IS_NULL: return has_agg(e->u.is_null.arg);
	case A_BETWEEN: return has_agg(e->u.between.arg) || has_agg(e->u.between.lo) || has_agg(e->u.between.hi);
	case A_IN_LIST:
		if (has_agg(e->u.in_list.arg))
			return true;
		for (int i = 0; i < e->u.in_list.n_items; i++)
			if (has_agg(e->u.in_list.items[i]))
				return true;
		return false;
	case A_IN_QUERY: return has_agg(e->u.in_query.arg);
	case A_LIKE: return has_agg(e->u.like.arg) || has_agg(e->u.like.pattern);
	case A_CASE:
		if (has_agg(e->u.case_.operand) || has_agg(e->u.case_.else_))
			return true;
		for (int i = 0; i < e->u.case_.n_whens; i++)
			if (has_agg(e->u.case_.whens[i]) || has_agg(e->u.case_.thens[i]))
				return true;
		return false;
	case A_CAST: return has_agg(e->u.cast.arg);
	default: return false;
	}
}

/* ---- types ------------------------------------------------------------ */

static bool common_type(enum fq_type a, enum fq_type c, enum fq_type *out)
{
	if (a == c) {
		*out = a;
		return true;
	}
	if (a == T_UNKNOWN) {
		*out = c;
		return true;
	}
	if (c == T_UNKNOWN) {
		*out = a;
		return true;
	}
	if (type_is_numeric(a) && type_is_numeric(c)) {
		*out = (a == T_DOUBLE || c == T_DOUBLE) ? T_DOUBLE : T_BIGINT;
		return true;
	}
	if ((a == T_DATE && c == T_TIMESTAMP) || (a == T_TIMESTAMP && c == T_DATE)) {
		*out = T_TIMESTAMP;
		return true;
	}
	return false;
}

/* Implicit coercion: wrap in a CAST when the physical value changes. */
static struct ex *coerce(struct binder *b, struct ex *e, enum fq_type to)
{
	if (!e || e->type == to)
		return e;
	if (type_is_int(e->type) && type_is_int(to)) {
		if (e->kind == EX_CONST) {
			e->type = to;
			e->u.cval.type = to;
			return e;
		}
		/* same slots: relabel through a no-op cast */
	}
	if (e->kind == EX_CONST && e->u.cval.is_null) {
		e->type = to;
		e->u.cval.type = to;
		return e;
	}
	struct ex *c = ex_new(b->a, EX_CAST, to, 1);
	if (!c)
		return NULL;
	c->args[0] = e;
	c->pos = e->pos;
	c->len = e->len;
	if (ex_is_const(c)) {
		struct fq_value v;
		if (ex_eval_const(c, b->a, b->x->now_ms, &v, b->err) == FLOWQ_OK)
			return ex_const(b->a, &v);
	}
	return c;
}

/* Fold constant subtrees into EX_CONST (errors surface at run time). */
static struct ex *fold(struct binder *b, struct ex *e)
{
	if (!e || e->kind == EX_CONST || !ex_is_const(e))
		return e;
	struct fq_value v;
	struct flowq_error tmp;
	err_clear(&tmp);
	if (ex_eval_const(e, b->a, b->x->now_ms, &v, &tmp) != FLOWQ_OK)
		return e;
	struct ex *c = ex_const(b->a, &v);
	if (!c)
		return e;
	c->type = e->type;
	c->u.cval.type = e->type;
	c->pos = e->pos;
	c->len = e->len;
	return c;
}

/* ---- column resolution ---------------------------------------------- */

static int table_col_id(struct binder *b, const char *name)
{
	struct table_src *t = b->tab;
	if (t->has_ddl) {
		for (int i = 0; i < t->n_ddl; i++)
			if (strcasecmp(t->ddl_names[i], name) == 0)
				return i; /* index into DDL list */
		/* partition columns always exist */
	}
	size_t n = strlen(name);
	int id = fld_lookup(name, n);
	if (id < 0)
		for (int c = COL_DT; c < COL_EXTRA; c++)
			if (strcasecmp(part_column_name(c), name) == 0)
				id = c;
	if (id < 0 && t->extras)
		id = extras_find(t->extras, name, n);
	if (id < 0 && t->star_columns && t->extras && !t->has_ddl) {
		/* maybe a header names it: scan the headers once */
		int tmp[TABLE_MAX_COLS];
		t->star_columns(t->star_ctx, tmp, TABLE_MAX_COLS);
		id = extras_find(t->extras, name, n);
	}
	if (id < 0)
		return -1;
	return t->has_ddl ? -2 - id : id; /* -2-id: a non-DDL column while a DDL is in force */
}

static struct ex *scan_ref(struct binder *b, struct plan_select *p, int col, enum fq_type type,
			   const struct ast_expr *at)
{
	int idx = -1;
	for (int i = 0; i < p->n_scan; i++)
		if (p->scan[i] == col)
			idx = i;
	if (idx < 0) {
		if (p->n_scan >= (int)FQ_ARRAY_LEN(p->scan)) {
			err_set(b->err, FLOWQ_ERR_LIMIT, "too many columns");
			return NULL;
		}
		idx = p->n_scan;
		p->scan[p->n_scan++] = col;
	}
	enum fq_type native = col < FLD_COUNT ? fld_sql_type(col) : T_VARCHAR;
	struct ex *e = ex_new(b->a, EX_COL, native, 0);
	if (!e)
		return NULL;
	e->u.col = idx;
	e->pos = at ? at->pos : -1;
	e->len = at ? at->len : 0;
	if (type != native && type != T_UNKNOWN) {
		if (type_is_int(type) && type_is_int(native)) {
			e->type = type; /* integer vs bigint: same slots */
			return e;
		}
		struct ex *c = ex_new(b->a, EX_CAST, type, 1);
		if (!c)
			return NULL;
		c->args[0] = e;
		c->pos = e->pos;
		c->len = e->len;
		return c;
	}
	return e;
}

static const char *closest_column(struct binder *b, const struct scope *sc, const char *name)
{
	const char *best = NULL;
	int bestd = strlen(name) <= 3 ? 2 : 3; /* a short name hints only at distance 1 */
	if (sc->files) {
		for (int i = 0; i < FLD_COUNT; i++) {
			int d = fq_edit_distance(name, fld_defs[i].column);
			if (d < bestd) {
				bestd = d;
				best = fld_defs[i].column;
			}
		}
		for (int c = COL_DT; c < COL_EXTRA; c++) {
			int d = fq_edit_distance(name, part_column_name(c));
			if (d < bestd) {
				bestd = d;
				best = part_column_name(c);
			}
		}
		if (b->tab->has_ddl)
			for (int i = 0; i < b->tab->n_ddl; i++) {
				int d = fq_edit_distance(name, b->tab->ddl_names[i]);
				if (d < bestd) {
					bestd = d;
					best = b->tab->ddl_names[i];
				}
			}
	} else if (sc->t) {
		for (int i = 0; i < sc->t->n_cols; i++) {
			int d = fq_edit_distance(name, sc->t->names[i]);
			if (d < bestd) {
				bestd = d;
				best = sc->t->names[i];
			}
		}
	}
	return best;
}

static struct ex *bind_column(struct binder *b, struct ast_expr *e, const struct scope *sc)
{
	const char *name = e->u.col.name.name;
	if (e->u.col.qualifier && sc->qual && strcasecmp(e->u.col.qualifier->name, sc->qual) != 0) {
		sem_error(b, e, "Column '%s.%s' cannot be resolved", e->u.col.qualifier->name, name);
		return NULL;
	}
	if (sc->files) {
		int id = table_col_id(b, name);
		if (id >= 0 && !b->tab->has_ddl)
			return scan_ref(b, sc->p, id, T_UNKNOWN, e);
		if (b->tab->has_ddl && id >= 0)
			return scan_ref(b, sc->p, b->tab->ddl_cols[id], b->tab->ddl_types[id], e);
		if (b->tab->has_ddl && id <= -2) {
			int col = -2 - id;
			if (col >= COL_DT && col < COL_EXTRA)
				return scan_ref(b, sc->p, col, T_VARCHAR, e);
		}
	} else if (sc->t) {
		for (int i = 0; i < sc->t->n_cols; i++)
			if (strcasecmp(sc->t->names[i], name) == 0) {
				struct ex *c = ex_new(b->a, EX_COL, sc->t->types[i], 0);
				if (!c)
					return NULL;
				c->u.col = i;
				c->pos = e->pos;
				c->len = e->len;
				return c;
			}
	}
	sem_error(b, e, "Column '%s' cannot be resolved", name);
	const char *best = closest_column(b, sc, name);
	if (!best && e->u.col.name.quoted && !e->u.col.qualifier)
		err_hint(b->err, "double quotes name a column; a string is in single quotes: '%s'", name);
	else if (best)
		err_hint(b->err, "did you mean '%s'?", best);
	else if (strcasecmp(name, "end") == 0)
		err_hint(b->err, "\"end\" is a reserved word: write \"end\" in double quotes");
	return NULL;
}

/* ---- literals --------------------------------------------------------- */

static bool parse_interval(const struct ast_expr *e, int64_t *out, bool *ym)
{
	char tmp[64];
	struct fq_str t = e->u.interval.text;
	if (t.len >= sizeof tmp)
		return false;
	memcpy(tmp, t.p, t.len);
	tmp[t.len] = 0;
	enum ast_interval_unit u = e->u.interval.unit, to = e->u.interval.to_unit;
	*ym = u == IU_YEAR || u == IU_MONTH;
	char *end;
	int64_t v;
	if (u == to || (u != IU_DAY && u != IU_YEAR && u != IU_HOUR)) {
		double d = strtod(tmp, &end);
		if (end == tmp || *end)
			return false;
		static const int64_t ms[] = {0, 0, 86400000, 3600000, 60000, 1000};
		if (u == IU_YEAR)
			v = (int64_t)d * 12;
		else if (u == IU_MONTH)
			v = (int64_t)d;
		else
			v = (int64_t)llround(d * (double)ms[u]);
	} else if (*ym) {
		/* 'Y-M' YEAR TO MONTH */
		long y = 0, m = 0;
		if (sscanf(tmp, "%ld-%ld", &y, &m) < 1)
			return false;
		v = y * 12 + m;
	} else {
		/* 'D HH:MM:SS' DAY TO SECOND and friends */
		long d = 0, h = 0, mi = 0;
		double s = 0;
		int k;
		if (u == IU_DAY)
			k = sscanf(tmp, "%ld %ld:%ld:%lf", &d, &h, &mi, &s);
		else
			k = sscanf(tmp, "%ld:%ld:%lf", &h, &mi, &s);
		if (k < 1)
			return false;
		v = ((d * 24 + h) * 60 + mi) * 60000 + (int64_t)llround(s * 1000);
	}
	*out = e->u.interval.negative ? -v : v;
	return true;
}

static struct ex *bind_literal(struct binder *b, struct ast_expr *e)
{
	struct fq_value v;
	memset(&v, 0, sizeof v);
	switch (e->kind) {
	case A_NULL: v = val_null(T_UNKNOWN); break;
	case A_BOOL: v = val_bool(e->u.b); break;
	case A_INT: v = val_int(e->u.i >= INT32_MIN && e->u.i <= INT32_MAX ? T_INTEGER : T_BIGINT, e->u.i); break;
	case A_DOUBLE: v = val_double(e->u.d); break;
	case A_STRING: v = val_str(e->u.str); break;
	case A_TYPED: {
		enum fq_type t = type_from_name(e->u.typed.type_name, strlen(e->u.typed.type_name));
		if (t == T_UNKNOWN || t == T_VARCHAR) {
			if (t == T_VARCHAR) {
				v = val_str(e->u.typed.text);
				break;
			}
			sem_error(b, e, "Unknown type: %s", e->u.typed.type_name);
			return NULL;
		}
		struct fq_value in = val_str(e->u.typed.text);
		struct flowq_error tmp;
		if (ex_cast_value(&in, t, false, &v, b->a, &tmp) != FLOWQ_OK) {
			sem_error(b, e, "'%.*s' is not a valid %s literal", (int)e->u.typed.text.len,
				  e->u.typed.text.p, type_name(t));
			return NULL;
		}
		break;
	}
	case A_INTERVAL: {
		int64_t iv;
		bool ym;
		if (!parse_interval(e, &iv, &ym)) {
			sem_error(b, e, "Invalid interval literal '%.*s'", (int)e->u.interval.text.len,
				  e->u.interval.text.p);
			return NULL;
		}
		v = val_int(ym ? T_INTERVAL_YM : T_INTERVAL_DS, iv);
		break;
	}
	default: return NULL;
	}
	struct ex *c = ex_const(b->a, &v);
	if (c) {
		c->pos = e->pos;
		c->len = e->len;
	}
	return c;
}

/* ---- operators -------------------------------------------------------- */

static struct ex *bind_cmp(struct binder *b, struct ast_expr *e, struct ex *l, struct ex *r, int op)
{
	enum fq_type t;
	if (!common_type(l->type, r->type, &t) || (t == T_UNKNOWN && false)) {
		sem_error(b, e, "Cannot apply operator: %s %s %s", type_name(l->type),
			  ast_op_name((enum ast_op)op), type_name(r->type));
		if ((l->type == T_TIMESTAMP || r->type == T_TIMESTAMP) &&
		    (l->type == T_VARCHAR || r->type == T_VARCHAR))
			err_hint(b->err, "write a timestamp literal: TIMESTAMP '2026-02-13 00:00:00'");
		else if ((l->type == T_VARCHAR || r->type == T_VARCHAR) &&
			 (type_is_numeric(l->type) || type_is_numeric(r->type)))
			err_hint(b->err, "compare like with like: CAST(x AS BIGINT) or a quoted string");
		return NULL;
	}
	if (!(type_is_int(l->type) && type_is_int(r->type))) {
		l = coerce(b, l, t);
		r = coerce(b, r, t);
	}
	if (!l || !r)
		return NULL;
	struct ex *c = ex_new(b->a, e->kind == A_DISTINCT_FROM ? EX_DISTINCT : EX_CMP, T_BOOLEAN, 2);
	if (!c)
		return NULL;
	/* constants on the right, for the evaluator's fast path */
	if (l->kind == EX_CONST && r->kind != EX_CONST && e->kind != A_DISTINCT_FROM) {
		struct ex *tmp = l;
		l = r;
		r = tmp;
		switch (op) {
		case AST_OP_LT: op = AST_OP_GT; break;
		case AST_OP_LE: op = AST_OP_GE; break;
		case AST_OP_GT: op = AST_OP_LT; break;
		case AST_OP_GE: op = AST_OP_LE; break;
		default: break;
		}
	}
	c->args[0] = l;
	c->args[1] = r;
	c->u.op = op;
	return c;
}

static struct ex *bind_arith(struct binder *b, struct ast_expr *e, struct ex *l, struct ex *r, int op)
{
	enum fq_type lt = l->type, rt = r->type, t;
	if (lt == T_UNKNOWN)
		lt = rt == T_UNKNOWN ? T_BIGINT : rt;
	if (rt == T_UNKNOWN)
		rt = lt;
	if (type_is_numeric(lt) && type_is_numeric(rt)) {
		if (lt == T_DOUBLE || rt == T_DOUBLE)
			t = T_DOUBLE;
		else if (lt == T_BIGINT || rt == T_BIGINT)
			t = T_BIGINT;
		else
			t = T_INTEGER;
		if (t == T_DOUBLE) {
			l = coerce(b, l, T_DOUBLE);
			r = coerce(b, r, T_DOUBLE);
		}
	} else if ((op == AST_OP_ADD || op == AST_OP_SUB) &&
		   (lt == T_TIMESTAMP || lt == T_DATE) && (rt == T_INTERVAL_DS || rt == T_INTERVAL_YM)) {
		t = lt;
	} else if (op == AST_OP_ADD && (rt == T_TIMESTAMP || rt == T_DATE) &&
		   (lt == T_INTERVAL_DS || lt == T_INTERVAL_YM)) {
		t = rt;
	} else if (op == AST_OP_SUB && lt == T_TIMESTAMP && rt == T_TIMESTAMP) {
		t = T_INTERVAL_DS;
	} else if ((op == AST_OP_ADD || op == AST_OP_SUB) && lt == rt &&
		   (lt == T_INTERVAL_DS || lt == T_INTERVAL_YM)) {
		t = lt;
	} else {
		sem_error(b, e, "Cannot apply operator: %s %s %s", type_name(l->type),
			  ast_op_name((enum ast_op)op), type_name(r->type));
		if (op == AST_OP_ADD && (lt == T_VARCHAR || rt == T_VARCHAR))
			err_hint(b->err, "use || or concat() to join strings");
		return NULL;
	}
	if (!l || !r)
		return NULL;
	struct ex *c = ex_new(b->a, EX_ARITH, t, 2);
	if (!c)
		return NULL;
	c->args[0] = l;
	c->args[1] = r;
	c->u.op = op;
	return c;
}

static struct ex *want_bool(struct binder *b, struct ast_expr *at, struct ex *e, const char *what)
{
	if (!e)
		return NULL;
	if (e->type == T_UNKNOWN)
		return coerce(b, e, T_BOOLEAN);
	if (e->type != T_BOOLEAN) {
		sem_error(b, at, "%s must evaluate to a boolean: actual type %s", what, type_name(e->type));
		return NULL;
	}
	return e;
}

/* Bind and coerce a list of expressions to one type. */
static bool unify(struct binder *b, struct ex **xs, int n, struct ast_expr **at, enum fq_type *out)
{
	enum fq_type t = T_UNKNOWN;
	for (int i = 0; i < n; i++) {
		enum fq_type nt;
		if (!common_type(t, xs[i]->type, &nt)) {
			sem_error(b, at[i], "All values must be of the same type: %s and %s", type_name(t),
				  type_name(xs[i]->type));
			return false;
		}
		t = nt;
	}
	for (int i = 0; i < n; i++) {
		if (type_is_int(t) && type_is_int(xs[i]->type) && xs[i]->kind != EX_CONST)
			continue;
		xs[i] = coerce(b, xs[i], t);
		if (!xs[i])
			return false;
	}
	*out = t;
	return true;
}

/* ---- subqueries as values --------------------------------------------- */

static struct rtable *run_subquery(struct binder *b, struct ast_query *q, struct ast_expr *at)
{
	struct rtable *t = NULL;
	bool ex = b->explain;
	b->explain = false; /* subqueries run, even under EXPLAIN */
	flowq_status st = bind_query(b, q, &t);
	b->explain = ex;
	if (st)
		return NULL;
	if (!keep_table(b, t)) {
		rt_free(t);
		sem_error(b, at, "too many subqueries");
		return NULL;
	}
	return t;
}

/* ---- functions ------------------------------------------------------- */

static struct ex *bind_agg_call(struct binder *b, struct ast_expr *e, enum bmode mode)
{
	if (b->in_agg_arg) {
		/* Trino: "Cannot nest aggregations inside aggregation 'sum': [count(*)]" */
		sem_error(b, e, "Cannot nest aggregations inside aggregation '%s': [%.*s]",
			  b->agg_outer ? b->agg_outer : "?", e->len, b->sql ? b->sql + e->pos : "");
		return NULL;
	}
	if (mode != M_POST || !b->agg_p) {
		sem_error(b, e, "Aggregate function %s() is not allowed here", e->u.func.name.name);
		if (mode == M_INPUT)
			err_hint(b->err, "aggregates belong in the select list, HAVING or ORDER BY");
		return NULL;
	}
	struct plan_select *p = b->agg_p;
	/* the same call twice shares one aggregate column */
	enum agg_kind kind = (enum agg_kind)agg_lookup(e->u.func.name.name);
	int n = e->u.func.n_args;
	const char *fname = e->u.func.name.name;
	if (e->u.func.star) {
		if (kind != AGG_COUNT) {
			sem_error(b, e, "%s(*) is not allowed", fname);
			return NULL;
		}
		kind = AGG_COUNT_STAR;
	}
	int want = kind == AGG_COUNT_STAR ? 0
		   : (kind == AGG_MAX_BY || kind == AGG_MIN_BY || kind == AGG_APPROX_PERCENTILE) ? 2
		   : 1;
	if (kind == AGG_APPROX_DISTINCT && n == 2)
		want = 2; /* approx_distinct(x, max_error) */
	if (n != want) {
		sem_error(b, e, "Unexpected parameters for function %s: %d argument%s, expected %d", fname,
			  n, n == 1 ? "" : "s", want);
		return NULL;
	}
	struct agg_spec s;
	memset(&s, 0, sizeof s);
	s.kind = kind;
	s.distinct = e->u.func.distinct;
	b->in_agg_arg = true;
	b->agg_outer = fname;
	if (n >= 1) {
		s.arg = bind_expr(b, e->u.func.args[0], b->agg_in, M_INPUT);
		if (!s.arg)
			goto fail;
	}
	if (n == 2 && kind != AGG_APPROX_DISTINCT) {
		struct ex *a2 = bind_expr(b, e->u.func.args[1], b->agg_in, M_INPUT);
		if (!a2)
			goto fail;
		if (kind == AGG_APPROX_PERCENTILE) {
			struct fq_value pv;
			a2 = coerce(b, a2, T_DOUBLE);
			if (!a2 || !ex_is_const(a2) ||
			    ex_eval_const(a2, b->a, b->x->now_ms, &pv, b->err) || pv.is_null || pv.d < 0 ||
			    pv.d > 1) {
				sem_error(b, e->u.func.args[1], "Percentile must be between 0 and 1");
				goto fail;
			}
			s.pct = pv.d;
		} else {
			s.arg2 = a2;
		}
	}
	if (e->u.func.filter) {
		s.filter = want_bool(b, e->u.func.filter, bind_expr(b, e->u.func.filter, b->agg_in, M_INPUT),
				     "FILTER");
		if (!s.filter)
			goto fail;
	}
	b->in_agg_arg = false;
	enum fq_type at = s.arg ? s.arg->type : T_UNKNOWN;
	switch (kind) {
	case AGG_COUNT_STAR:
	case AGG_COUNT:
	case AGG_APPROX_DISTINCT: s.type = T_BIGINT; break;
	case AGG_COUNT_IF:
		s.arg = want_bool(b, e->u.func.args[0], s.arg, "count_if argument");
		if (!s.arg)
			return NULL;
		s.type = T_BIGINT;
		break;
	case AGG_SUM:
		if (at == T_UNKNOWN)
			at = T_BIGINT;
		if (!type_is_numeric(at) && at != T_INTERVAL_DS) {
			sem_error(b, e, "Unexpected parameters (%s) for function sum. Expected: sum(bigint), sum(double)",
				  type_name(at));
			return NULL;
		}
		s.type = at == T_DOUBLE ? T_DOUBLE : T_BIGINT;
		break;
	case AGG_AVG:
	case AGG_STDDEV:
	case AGG_STDDEV_POP:
	case AGG_VARIANCE:
	case AGG_VAR_POP:
		if (!type_is_numeric(at) && at != T_UNKNOWN) {
			sem_error(b, e, "Unexpected parameters (%s) for function %s. Expected: %s(bigint), %s(double)",
				  type_name(at), fname, fname, fname);
			return NULL;
		}
		s.type = T_DOUBLE;
		break;
	case AGG_BOOL_AND:
	case AGG_BOOL_OR:
		s.arg = want_bool(b, e->u.func.args[0], s.arg, fname);
		if (!s.arg)
			return NULL;
		s.type = T_BOOLEAN;
		break;
	case AGG_APPROX_PERCENTILE:
		if (!type_is_numeric(at)) {
			sem_error(b, e, "Unexpected parameters (%s) for function approx_percentile", type_name(at));
			return NULL;
		}
		s.type = at == T_INTEGER ? T_BIGINT : at;
		break;
	default: s.type = at; break;
	}
	if (s.distinct && kind != AGG_COUNT && kind != AGG_SUM && kind != AGG_AVG && kind != AGG_MIN &&
	    kind != AGG_MAX && kind != AGG_APPROX_DISTINCT) {
		sem_error(b, e, "DISTINCT is not supported for %s()", fname);
		return NULL;
	}
	int idx = p->n_aggs;
	struct agg_spec *na = arena_alloc(b->a, (size_t)(p->n_aggs + 1) * sizeof *na);
	if (!na)
		return NULL;
	if (p->n_aggs)
		memcpy(na, p->aggs, (size_t)p->n_aggs * sizeof *na);
	na[idx] = s;
	p->aggs = na;
	p->n_aggs++;
	if (p->n_aggs > 60) {
		sem_error(b, e, "too many aggregates in one query (at most 60)");
		return NULL;
	}
	struct ex *c = ex_new(b->a, EX_COL, s.type, 0);
	if (!c)
		return NULL;
	c->u.col = p->n_keys + idx;
	c->pos = e->pos;
	c->len = e->len;
	return c;
fail:
	b->in_agg_arg = false;
	return NULL;
}

static struct ex *bind_func(struct binder *b, struct ast_expr *e, const struct scope *sc, enum bmode mode)
{
	const char *name = e->u.func.name.name;
	int n = e->u.func.n_args;
	if (agg_lookup(name) >= 0)
		return bind_agg_call(b, e, mode);
	if (e->u.func.star || e->u.func.distinct) {
		sem_error(b, e, "%s is not an aggregate function", name);
		return NULL;
	}
	if (n > FN_MAX_ARGS) {
		sem_error(b, e, "Too many arguments for function %s", name);
		return NULL;
	}
	struct ex *args[FN_MAX_ARGS + 1];
	for (int i = 0; i < n; i++) {
		args[i] = bind_expr(b, e->u.func.args[i], sc, mode);
		if (!args[i])
			return NULL;
	}
	/* special forms */
	if (strcmp(name, "coalesce") == 0 || strcmp(name, "if") == 0 || strcmp(name, "nullif") == 0) {
		if (strcmp(name, "coalesce") == 0) {
			if (n < 1) {
				sem_error(b, e, "coalesce() needs at least one argument");
				return NULL;
			}
			enum fq_type t;
			if (!unify(b, args, n, e->u.func.args, &t))
				return NULL;
			struct ex *c = ex_new(b->a, EX_COALESCE, t, n);
			if (!c)
				return NULL;
			memcpy(c->args, args, (size_t)n * sizeof *args);
			return c;
		}
		if (strcmp(name, "if") == 0) {
			if (n < 2 || n > 3) {
				sem_error(b, e, "if() takes 2 or 3 arguments");
				return NULL;
			}
			args[0] = want_bool(b, e->u.func.args[0], args[0], "IF condition");
			if (!args[0])
				return NULL;
			struct ex *vals[2] = {args[1], n == 3 ? args[2] : NULL};
			if (!vals[1]) {
				struct fq_value nv = val_null(T_UNKNOWN);
				vals[1] = ex_const(b->a, &nv);
			}
			struct ast_expr *ats[2] = {e->u.func.args[1], n == 3 ? e->u.func.args[2] : e};
			enum fq_type t;
			if (!unify(b, vals, 2, ats, &t))
				return NULL;
			struct ex *c = ex_new(b->a, EX_CASE, t, 3);
			if (!c)
				return NULL;
			c->args[0] = args[0];
			c->args[1] = vals[0];
			c->args[2] = vals[1];
			return c;
		}
		/* nullif(a, b): CASE WHEN a = b THEN NULL ELSE a END */
		if (n != 2) {
			sem_error(b, e, "nullif() takes 2 arguments");
			return NULL;
		}
		struct ex *eq = bind_cmp(b, e, args[0], args[1], AST_OP_EQ);
		if (!eq)
			return NULL;
		struct fq_value nv = val_null(args[0]->type);
		struct ex *c = ex_new(b->a, EX_CASE, args[0]->type, 3);
		if (!c)
			return NULL;
		c->args[0] = eq;
		c->args[1] = ex_const(b->a, &nv);
		c->args[2] = args[0];
		return c;
	}
	if (strcmp(name, "at_timezone") == 0 && n == 2) {
		/* x AT TIME ZONE 'UTC': flowq's timestamps are UTC already */
		struct ex *z = fold(b, args[1]);
		if (args[0]->type != T_TIMESTAMP) {
			sem_error(b, e, "Cannot apply AT TIME ZONE to %s", type_name(args[0]->type));
			return NULL;
		}
		if (z->kind != EX_CONST || z->type != T_VARCHAR || z->u.cval.is_null ||
		    !(str_eq_nocase(z->u.cval.s, "UTC") || str_eq_nocase(z->u.cval.s, "GMT") ||
		      str_eq_nocase(z->u.cval.s, "Z") || str_eq_nocase(z->u.cval.s, "Etc/UTC") ||
		      str_eq_nocase(z->u.cval.s, "+00:00"))) {
			err_set_at(b->err, FLOWQ_ERR_UNSUPPORTED, e->pos, e->len,
				   "AT TIME ZONE supports only 'UTC' (flowq keeps every time in UTC)");
			return NULL;
		}
		return args[0];
	}
	if (strcmp(name, "date") == 0 && n == 1) {
		if (!ex_cast_ok(args[0]->type, T_DATE)) {
			sem_error(b, e, "Cannot cast %s to date", type_name(args[0]->type));
			return NULL;
		}
		return coerce(b, args[0], T_DATE);
	}
	const struct fn_def *def = fn_find(name);
	if (!def) {
		sem_error(b, e, "Function '%s' not registered", name);
		const char *best = fn_closest(name);
		{
			/* an aggregate may be closer than any scalar function */
			int bestd = best ? fq_edit_distance(name, best) : 3;
			for (size_t i = 0; i < FQ_ARRAY_LEN(agg_names); i++) {
				int d = fq_edit_distance(name, agg_names[i].name);
				if (d < bestd) {
					bestd = d;
					best = agg_names[i].name;
				}
			}
		}
		if (best)
			err_hint(b->err, "did you mean %s()?", best);
		return NULL;
	}
	struct fn_bind fb;
	memset(&fb, 0, sizeof fb);
	fb.n_args = n;
	fb.arena = b->a;
	struct fq_value consts[FN_MAX_ARGS];
	for (int i = 0; i < n; i++) {
		fb.arg_types[i] = args[i]->type;
		args[i] = fold(b, args[i]);
		if (args[i]->kind == EX_CONST) {
			consts[i] = args[i]->u.cval;
			fb.arg_const[i] = &consts[i];
		}
	}
	struct flowq_error fe;
	err_clear(&fe);
	if (def->bind(&fb, &fe) != FLOWQ_OK) {
		err_set_at(b->err, fe.code ? fe.code : FLOWQ_ERR_SQL_SEMANTIC, e->pos, e->len, "%s", fe.msg);
		if (fe.hint[0])
			err_hint(b->err, "%s", fe.hint);
		return NULL;
	}
	struct ex *c = ex_new(b->a, EX_FUNC, fb.result_type, n);
	if (!c)
		return NULL;
	for (int i = 0; i < n; i++) {
		c->args[i] = fb.arg_cast[i] != T_UNKNOWN ? coerce(b, args[i], fb.arg_cast[i]) : args[i];
		if (!c->args[i])
			return NULL;
	}
	c->u.fn.def = def;
	c->u.fn.state = fb.state;
	return c;
}

/* ---- expressions ------------------------------------------------------ */

static struct ex *bind_expr_inner(struct binder *b, struct ast_expr *e, const struct scope *sc,
				  enum bmode mode)
{
	/* post-aggregation: GROUP BY expressions are key columns */
	if (mode == M_POST && b->agg_p) {
		for (int k = 0; k < b->n_group; k++)
			if (ast_equal(e, b->group_ast[k])) {
				struct ex *c = ex_new(b->a, EX_COL, b->agg_p->keys[k]->type, 0);
				if (c)
					c->u.col = k;
				return c;
			}
	}
	switch (e->kind) {
	case A_NULL:
	case A_BOOL:
	case A_INT:
	case A_DOUBLE:
	case A_STRING:
	case A_TYPED:
	case A_INTERVAL: return bind_literal(b, e);
	case A_COLUMN:
		if (mode == M_POST && b->agg_p) {
			/* is it a column at all? give Trino's message either way */
			struct plan_select dummy;
			memset(&dummy, 0, sizeof dummy);
			struct scope s2 = *b->agg_in;
			s2.p = &dummy;
			if (!bind_column(b, e, &s2))
				return NULL;
			sem_error(b, e, "'%s' must be an aggregate expression or appear in GROUP BY clause",
				  e->u.col.name.name);
			return NULL;
		}
		return bind_column(b, e, sc);
	case A_STAR: sem_error(b, e, "* is only allowed in the select list or count(*)"); return NULL;
	case A_UNARY: {
		struct ex *a = bind_expr(b, e->u.unary.arg, sc, mode);
		if (!a)
			return NULL;
		if (e->u.unary.op == AST_OP_NOT) {
			a = want_bool(b, e->u.unary.arg, a, "NOT operand");
			if (!a)
				return NULL;
			struct ex *c = ex_new(b->a, EX_NOT, T_BOOLEAN, 1);
			if (c)
				c->args[0] = a;
			return c;
		}
		if (!type_is_numeric(a->type) && a->type != T_UNKNOWN && a->type != T_INTERVAL_DS &&
		    a->type != T_INTERVAL_YM) {
			sem_error(b, e, "Cannot negate %s", type_name(a->type));
			return NULL;
		}
		if (e->u.unary.op == AST_OP_PLUS)
			return a;
		struct ex *c = ex_new(b->a, EX_NEG, a->type == T_UNKNOWN ? T_BIGINT : a->type, 1);
		if (c)
			c->args[0] = a;
		return c;
	}
	case A_BINARY:
	case A_DISTINCT_FROM: {
		int op = e->u.binary.op;
		struct ex *l = bind_expr(b, e->u.binary.left, sc, mode);
		if (!l)
			return NULL;
		struct ex *r = bind_expr(b, e->u.binary.right, sc, mode);
		if (!r)
			return NULL;
		switch (op) {
		case AST_OP_AND:
		case AST_OP_OR: {
			l = want_bool(b, e->u.binary.left, l, op == AST_OP_AND ? "AND operand" : "OR operand");
			r = want_bool(b, e->u.binary.right, r, op == AST_OP_AND ? "AND operand" : "OR operand");
			if (!l || !r)
				return NULL;
			enum ex_kind k = op == AST_OP_AND ? EX_AND : EX_OR;
			/* flatten a AND b AND c */
			int nl = l->kind == k ? l->n_args : 1, nr = r->kind == k ? r->n_args : 1;
			struct ex *c = ex_new(b->a, k, T_BOOLEAN, nl + nr);
			if (!c)
				return NULL;
			int i = 0;
			if (l->kind == k)
				for (int j = 0; j < nl; j++)
					c->args[i++] = l->args[j];
			else
				c->args[i++] = l;
			if (r->kind == k)
				for (int j = 0; j < nr; j++)
					c->args[i++] = r->args[j];
			else
				c->args[i++] = r;
			return c;
		}
		case AST_OP_CONCAT: {
			if ((l->type != T_VARCHAR && l->type != T_UNKNOWN) ||
			    (r->type != T_VARCHAR && r->type != T_UNKNOWN)) {
				sem_error(b, e, "Cannot apply operator: %s || %s", type_name(l->type),
					  type_name(r->type));
				err_hint(b->err, "CAST the non-varchar side AS varchar");
				return NULL;
			}
			struct ex *c = ex_new(b->a, EX_CONCAT, T_VARCHAR, 2);
			if (!c)
				return NULL;
			c->args[0] = coerce(b, l, T_VARCHAR);
			c->args[1] = coerce(b, r, T_VARCHAR);
			return c;
		}
		case AST_OP_EQ:
		case AST_OP_NE:
		case AST_OP_LT:
		case AST_OP_LE:
		case AST_OP_GT:
		case AST_OP_GE:
		case AST_OP_IS_DISTINCT:
		case AST_OP_IS_NOT_DISTINCT: return bind_cmp(b, e, l, r, op);
		default: return bind_arith(b, e, l, r, op);
		}
	}
	case A_IS_NULL: {
		struct ex *a = bind_expr(b, e->u.is_null.arg, sc, mode);
		if (!a)
			return NULL;
		struct ex *c = ex_new(b->a, EX_IS_NULL, T_BOOLEAN, 1);
		if (!c)
			return NULL;
		c->args[0] = a;
		c->u.negated = e->u.is_null.negated;
		return c;
	}
	case A_BETWEEN: {
		struct ex *xs[3];
		struct ast_expr *ats[3] = {e->u.between.arg, e->u.between.lo, e->u.between.hi};
		for (int i = 0; i < 3; i++)
			if (!(xs[i] = bind_expr(b, ats[i], sc, mode)))
				return NULL;
		enum fq_type t;
		if (!unify(b, xs, 3, ats, &t))
			return NULL;
		struct ex *c = ex_new(b->a, EX_BETWEEN, T_BOOLEAN, 3);
		if (!c)
			return NULL;
		memcpy(c->args, xs, sizeof xs);
		c->u.negated = e->u.between.negated;
		return c;
	}
	case A_IN_LIST: {
		int n = e->u.in_list.n_items;
		struct ex **xs = arena_alloc(b->a, (size_t)(n + 1) * sizeof *xs);
		struct ast_expr **ats = arena_alloc(b->a, (size_t)(n + 1) * sizeof *ats);
		if (!xs || !ats)
			return NULL;
		ats[0] = e->u.in_list.arg;
		for (int i = 0; i < n; i++)
			ats[i + 1] = e->u.in_list.items[i];
		for (int i = 0; i <= n; i++)
			if (!(xs[i] = bind_expr(b, ats[i], sc, mode)))
				return NULL;
		enum fq_type t;
		if (!unify(b, xs, n + 1, ats, &t))
			return NULL;
		bool all_const = true;
		for (int i = 1; i <= n; i++) {
			xs[i] = fold(b, xs[i]);
			all_const &= xs[i]->kind == EX_CONST;
		}
		if (all_const) {
			struct ex_inset *s = inset_new(b->a, t, (size_t)n);
			if (!s)
				return NULL;
			for (int i = 1; i <= n; i++) {
				struct fq_value v = xs[i]->u.cval;
				v.type = t;
				if (!inset_add(s, &v, b->a))
					return NULL;
			}
			struct ex *c = ex_new(b->a, EX_IN, T_BOOLEAN, 1);
			if (!c)
				return NULL;
			c->args[0] = xs[0];
			c->u.in.set = s;
			c->u.in.negated = e->u.in_list.negated;
			return c;
		}
		/* x IN (a, b) with expressions: x = a OR x = b */
		struct ex *c = ex_new(b->a, EX_OR, T_BOOLEAN, n);
		if (!c)
			return NULL;
		for (int i = 0; i < n; i++) {
			struct ex *q = ex_new(b->a, EX_CMP, T_BOOLEAN, 2);
			if (!q)
				return NULL;
			q->args[0] = xs[0];
			q->args[1] = xs[i + 1];
			q->u.op = AST_OP_EQ;
			c->args[i] = q;
		}
		if (e->u.in_list.negated) {
			struct ex *nt = ex_new(b->a, EX_NOT, T_BOOLEAN, 1);
			if (nt)
				nt->args[0] = c;
			return nt;
		}
		return c;
	}
	case A_IN_QUERY: {
		struct ex *a = bind_expr(b, e->u.in_query.arg, sc, mode);
		if (!a)
			return NULL;
		struct rtable *t = run_subquery(b, e->u.in_query.query, e);
		if (!t)
			return NULL;
		if (t->n_cols != 1) {
			sem_error(b, e, "Multiple columns returned by subquery are not yet supported. Found %d",
				  t->n_cols);
			return NULL;
		}
		enum fq_type ct;
		if (!common_type(a->type, t->types[0], &ct)) {
			sem_error(b, e, "Value expression and result of subquery must be of the same type: %s vs %s",
				  type_name(a->type), type_name(t->types[0]));
			return NULL;
		}
		struct ex_inset *s = inset_new(b->a, ct, t->n);
		if (!s)
			return NULL;
		for (uint32_t i = 0; i < t->n; i++) {
			struct fq_value v, cv;
			vec_get(&t->cols[0], i, &v);
			if (ex_cast_value(&v, ct, false, &cv, b->a, b->err))
				return NULL;
			if (!inset_add(s, &cv, b->a))
				return NULL;
		}
		if (!(type_is_int(a->type) && type_is_int(ct)))
			a = coerce(b, a, ct);
		struct ex *c = ex_new(b->a, EX_IN, T_BOOLEAN, 1);
		if (!c)
			return NULL;
		c->args[0] = a;
		c->u.in.set = s;
		c->u.in.negated = e->u.in_query.negated;
		return c;
	}
	case A_LIKE: {
		struct ex *a = bind_expr(b, e->u.like.arg, sc, mode);
		struct ex *pt = a ? bind_expr(b, e->u.like.pattern, sc, mode) : NULL;
		if (!pt)
			return NULL;
		if ((a->type != T_VARCHAR && a->type != T_UNKNOWN) || (pt->type != T_VARCHAR && pt->type != T_UNKNOWN)) {
			sem_error(b, e, "Cannot apply LIKE to %s", type_name(a->type != T_VARCHAR ? a->type : pt->type));
			return NULL;
		}
		int esc = -1;
		if (e->u.like.escape) {
			struct ex *es = fold(b, bind_expr(b, e->u.like.escape, sc, mode));
			if (!es)
				return NULL;
			if (es->kind != EX_CONST || es->type != T_VARCHAR || es->u.cval.s.len != 1) {
				sem_error(b, e->u.like.escape, "Escape string must be a single character");
				return NULL;
			}
			esc = (unsigned char)es->u.cval.s.p[0];
		}
		struct ex *c = ex_new(b->a, EX_LIKE, T_BOOLEAN, 2);
		if (!c)
			return NULL;
		c->args[0] = coerce(b, a, T_VARCHAR);
		c->args[1] = coerce(b, fold(b, pt), T_VARCHAR);
		c->u.like.negated = e->u.like.negated;
		c->u.like.escape = esc;
		if (c->args[1]->kind == EX_CONST && !c->args[1]->u.cval.is_null) {
			struct flowq_error le;
			c->u.like.pat = like_compile(b->a, c->args[1]->u.cval.s, esc, &le);
			if (!c->u.like.pat) {
				sem_error(b, e->u.like.pattern, "%s", le.msg);
				return NULL;
			}
		}
		return c;
	}
	case A_CASE: {
		int n = e->u.case_.n_whens;
		struct ex **conds = arena_alloc(b->a, (size_t)n * sizeof *conds);
		struct ex **vals = arena_alloc(b->a, (size_t)(n + 1) * sizeof *vals);
		struct ast_expr **vats = arena_alloc(b->a, (size_t)(n + 1) * sizeof *vats);
		if (!conds || !vals || !vats)
			return NULL;
		struct ex *operand = NULL;
		if (e->u.case_.operand && !(operand = bind_expr(b, e->u.case_.operand, sc, mode)))
			return NULL;
		for (int i = 0; i < n; i++) {
			struct ex *w = bind_expr(b, e->u.case_.whens[i], sc, mode);
			if (!w)
				return NULL;
			if (operand) {
				w = bind_cmp(b, e->u.case_.whens[i], operand, w, AST_OP_EQ);
			} else {
				w = want_bool(b, e->u.case_.whens[i], w, "CASE WHEN clause");
			}
			if (!w)
				return NULL;
			conds[i] = w;
			if (!(vals[i] = bind_expr(b, e->u.case_.thens[i], sc, mode)))
				return NULL;
			vats[i] = e->u.case_.thens[i];
		}
		int nv = n;
		if (e->u.case_.else_) {
			if (!(vals[n] = bind_expr(b, e->u.case_.else_, sc, mode)))
				return NULL;
			vats[n] = e->u.case_.else_;
			nv++;
		}
		enum fq_type t;
		if (!unify(b, vals, nv, vats, &t))
			return NULL;
		struct ex *c = ex_new(b->a, EX_CASE, t, 2 * n + (nv > n));
		if (!c)
			return NULL;
		for (int i = 0; i < n; i++) {
			c->args[2 * i] = conds[i];
			c->args[2 * i + 1] = vals[i];
		}
		if (nv > n)
			c->args[2 * n] = vals[n];
		return c;
	}
	case A_CAST: {
		struct ex *a = bind_expr(b, e->u.cast.arg, sc, mode);
		if (!a)
			return NULL;
		const char *tn = e->u.cast.type_name;
		enum fq_type t = type_from_name(tn, strlen(tn));
		if (t == T_UNKNOWN) {
			err_set_at(b->err, FLOWQ_ERR_SQL_SEMANTIC, e->u.cast.type_pos, e->u.cast.type_len,
				   "Unknown type: %s", tn);
			return NULL;
		}
		if (!ex_cast_ok(a->type, t)) {
			sem_error(b, e, "Cannot cast %s to %s", type_name(a->type), type_name(t));
			return NULL;
		}
		struct ex *c = ex_new(b->a, EX_CAST, t, 1);
		if (!c)
			return NULL;
		c->args[0] = a;
		c->u.cast.try_ = e->u.cast.try_;
		return c;
	}
	case A_FUNC: return bind_func(b, e, sc, mode);
	case A_SUBQUERY:
	case A_EXISTS: {
		struct rtable *t = run_subquery(b, e->u.subquery, e);
		if (!t)
			return NULL;
		struct fq_value v;
		if (e->kind == A_EXISTS) {
			v = val_bool(t->n > 0);
		} else {
			if (t->n_cols != 1) {
				sem_error(b, e, "Multiple columns returned by subquery are not yet supported. Found %d",
					  t->n_cols);
				return NULL;
			}
			if (t->n > 1) {
				err_set_at(b->err, FLOWQ_ERR_RUNTIME, e->pos, e->len,
					   "Scalar sub-query has returned multiple rows");
				return NULL;
			}
			if (t->n == 0)
				v = val_null(t->types[0]);
			else
				vec_get(&t->cols[0], 0, &v);
		}
		return ex_const(b->a, &v);
	}
	default: sem_error(b, e, "unsupported expression"); return NULL;
	}
}

static struct ex *bind_expr(struct binder *b, struct ast_expr *e, const struct scope *sc, enum bmode mode)
{
	if (++b->depth > 400) {
		err_set_at(b->err, FLOWQ_ERR_LIMIT, e->pos, e->len, "expression nested too deeply");
		b->depth--;
		return NULL;
	}
	struct ex *x = bind_expr_inner(b, e, sc, mode);
	b->depth--;
	if (x && x->pos < 0) {
		x->pos = e->pos;
		x->len = e->len;
	}
	return x;
}

/* ---- WHERE analysis: pruning ------------------------------------------ */

/* Which scan columns does e read?  Sets *other when it reads a non-partition column. */
static void cols_used(const struct ex *e, const struct plan_select *p, const struct table_src *tab,
		      bool *part, bool *other)
{
	if (e->kind == EX_COL) {
		int col = p->scan[e->u.col];
		if ((col >= COL_DT && col < COL_EXTRA) ||
		    (col >= COL_EXTRA && col - COL_EXTRA < RD_MAX_EXTRAS && tab->part_extra[col - COL_EXTRA]))
			*part = true;
		else
			*other = true;
		return;
	}
	if (e->kind == EX_FUNC && e->u.fn.def->volatile_)
		*other = true;
	for (int i = 0; i < e->n_args; i++)
		cols_used(e->args[i], p, tab, part, other);
}

static bool is_col(const struct ex *e, const struct plan_select *p, int col)
{
	return e->kind == EX_COL && p->scan[e->u.col] == col;
}

/* Tighten [lo, hi] on start/end from `col op const`. */
/*
 * Is e a time column, seen through the shapes queries use: start, end,
 * CAST(start AS double/bigint), from_unixtime(start)?  Returns the column
 * (FLD_START/FLD_END) or -1, and *ts = true for from_unixtime (a timestamp
 * in milliseconds).
 */
static int time_col(const struct ex *e, const struct plan_select *p, bool *ts)
{
	*ts = false;
	if (e->kind == EX_FUNC && e->n_args == 1 && strcmp(e->u.fn.def->name, "from_unixtime") == 0) {
		*ts = true;
		e = e->args[0];
	}
	while (e->kind == EX_CAST && e->n_args == 1 && type_is_numeric(e->type))
		e = e->args[0];
	if (is_col(e, p, FLD_START))
		return FLD_START;
	if (is_col(e, p, FLD_END))
		return FLD_END;
	return -1;
}

/* A constant as Unix seconds: rounded down (lo) or up (hi) when fractional. */
static bool const_seconds(const struct ex *c, bool ts, bool up, int64_t *out)
{
	if (c->kind != EX_CONST || c->u.cval.is_null)
		return false;
	double d;
	if (ts && c->type == T_TIMESTAMP)
		d = (double)c->u.cval.i / 1000.0;
	else if (!ts && type_is_int(c->type))
		d = (double)c->u.cval.i;
	else if (!ts && c->type == T_DOUBLE)
		d = c->u.cval.d;
	else
		return false;
	if (!(d > -9e15 && d < 9e15))
		return false;
	*out = (int64_t)(up ? ceil(d) : floor(d));
	return true;
}

/* Tighten the start/end bounds from one conjunct.  Bounds only prune files,
 * so they may be loose but never too tight. */
static void time_bound(struct plan_select *p, const struct ex *e)
{
	bool ts;
	int col;
	int64_t v, w;
	if (e->kind == EX_CMP && (col = time_col(e->args[0], p, &ts)) >= 0) {
		int64_t *lo = col == FLD_START ? &p->start_lo : &p->end_lo;
		int64_t *hi = col == FLD_START ? &p->start_hi : &p->end_hi;
		switch (e->u.op) {
		case AST_OP_EQ:
			if (const_seconds(e->args[1], ts, false, &v) && const_seconds(e->args[1], ts, true, &w)) {
				*lo = FQ_MAX(*lo, v);
				*hi = FQ_MIN(*hi, w);
			}
			break;
		case AST_OP_GT:
		case AST_OP_GE:
			if (const_seconds(e->args[1], ts, false, &v)) {
				/* an integer bound is exact: start > 5 means start >= 6 */
				if (e->u.op == AST_OP_GT && !ts && type_is_int(e->args[1]->type))
					v++;
				*lo = FQ_MAX(*lo, v);
			}
			break;
		case AST_OP_LT:
		case AST_OP_LE:
			if (const_seconds(e->args[1], ts, true, &v)) {
				if (e->u.op == AST_OP_LT && !ts && type_is_int(e->args[1]->type))
					v--;
				*hi = FQ_MIN(*hi, v);
			}
			break;
		default: break;
		}
	} else if (e->kind == EX_BETWEEN && !e->u.negated && (col = time_col(e->args[0], p, &ts)) >= 0) {
		int64_t *lo = col == FLD_START ? &p->start_lo : &p->end_lo;
		int64_t *hi = col == FLD_START ? &p->start_hi : &p->end_hi;
		if (const_seconds(e->args[1], ts, false, &v))
			*lo = FQ_MAX(*lo, v);
		if (const_seconds(e->args[2], ts, true, &w))
			*hi = FQ_MIN(*hi, w);
	}
}

/* Fold constant subtrees everywhere below e (fold() only looks at e). */
static struct ex *fold_deep(struct binder *b, struct ex *e)
{
	if (!e)
		return e;
	for (int i = 0; i < e->n_args; i++)
		e->args[i] = fold_deep(b, e->args[i]);
	return fold(b, e);
}

/*
 * A line prefilter from one row conjunct: `col = 'text'` or `col IN ('a',
 * ...)` over a text field of the record lines (not a partition column, nor
 * an extra that a path gives).  A line holding none of the texts cannot
 * match.  Returns false when c is not of that shape.
 */
/* A non-negative integer's decimal text, in the arena (for the prefilter:
 * a field whose value it is holds it, also as milliseconds for start/end). */
static bool int_needle(struct arena *a, int64_t v, struct fq_str *out)
{
	if (v < 0)
		return false;
	char *t = arena_alloc(a, 24); /* (zeroed: the text ends with a NUL) */
	if (!t)
		return false;
	*out = str_make(t, (uint32_t)int_format(v, t));
	return true;
}

static bool prefilter_of(const struct ex *c, const struct plan_select *p,
			 const struct table_src *tab, struct arena *a, struct rd_prefilter *out)
{
	const struct ex *col = NULL;
	struct rd_prefilter f;
	memset(&f, 0, sizeof f);
	if (c->kind == EX_CMP && c->u.op == AST_OP_EQ && c->n_args == 2) {
		const struct ex *x = c->args[0], *y = c->args[1];
		if (y->kind == EX_COL && x->kind == EX_CONST) {
			const struct ex *t = x;
			x = y;
			y = t;
		}
		if (x->kind != EX_COL || y->kind != EX_CONST || y->u.cval.is_null)
			return false;
		col = x;
		f.n = 1;
		if (y->u.cval.type == T_VARCHAR && x->type == T_VARCHAR)
			f.needle[0] = y->u.cval.s;
		else if ((y->u.cval.type == T_INTEGER || y->u.cval.type == T_BIGINT) &&
			 (x->type == T_INTEGER || x->type == T_BIGINT)) {
			if (!int_needle(a, y->u.cval.i, &f.needle[0]))
				return false;
		} else {
			return false;
		}
	} else if (c->kind == EX_IN && !c->u.in.negated && c->n_args >= 1 &&
		   c->args[0]->kind == EX_COL) {
		col = c->args[0];
		if (col->type == T_VARCHAR) {
			f.n = inset_strings(c->u.in.set, f.needle, RD_MAX_NEEDLES);
		} else if (col->type == T_INTEGER || col->type == T_BIGINT) {
			int64_t v[RD_MAX_NEEDLES];
			f.n = inset_ints(c->u.in.set, v, RD_MAX_NEEDLES);
			for (int i = 0; i < f.n; i++)
				if (!int_needle(a, v[i], &f.needle[i]))
					return false;
		}
		if (f.n <= 0)
			return false;
	} else {
		return false;
	}
	int id = p->scan[col->u.col];
	if (col->type != T_VARCHAR && id >= FLD_COUNT)
		return false; /* integers: catalogue fields only */
	if (id >= FLD_COUNT && !(id >= COL_EXTRA && id - COL_EXTRA < RD_MAX_EXTRAS &&
				 !tab->part_extra[id - COL_EXTRA]))
		return false;
	for (int i = 0; i < f.n; i++)
		if (f.needle[i].len == 0)
			return false;
	f.col = id;
	*out = f;
	return true;
}

static uint32_t shortest_needle(const struct rd_prefilter *f)
{
	uint32_t m = UINT32_MAX;
	for (int i = 0; i < f->n; i++)
		m = f->needle[i].len < m ? f->needle[i].len : m;
	return m;
}

static flowq_status split_where(struct binder *b, struct plan_select *p, struct ex *w)
{
	p->start_lo = p->end_lo = INT64_MIN;
	p->start_hi = p->end_hi = INT64_MAX;
	if (!w)
		return FLOWQ_OK;
	int n = w->kind == EX_AND ? w->n_args : 1;
	struct ex **cs = w->kind == EX_AND ? w->args : &w;
	struct ex *rows[256], *parts[256];
	int nr = 0, np = 0;
	for (int i = 0; i < n && i < 256; i++) {
		struct ex *c = fold_deep(b, cs[i]);
		bool part = false, other = false;
		cols_used(c, p, b->tab, &part, &other);
		if (p->src == SRC_FILES && part && !other) {
			parts[np++] = c;
			continue;
		}
		if (p->src == SRC_FILES) {
			time_bound(p, c);
			/* the conjunct with the longest literals makes the prefilter */
			struct rd_prefilter f;
			/* not for a table definition's fixed layout, nor under --strict
			 * (every line is checked then): the reader would not use it */
			if (!fq_switch_off("FLOWQ_NO_PREFILTER") && !b->x->rd.fixed_format &&
			    !b->x->rd.strict && prefilter_of(c, p, b->tab, b->a, &f) &&
			    (!p->prefilter.n || shortest_needle(&f) > shortest_needle(&p->prefilter)))
				p->prefilter = f;
		}
		rows[nr++] = c;
	}
	if (n > 256)
		return err_set(b->err, FLOWQ_ERR_LIMIT, "more than 256 AND terms in WHERE");
	struct ex *pw = NULL;
	if (np == 1)
		pw = parts[0];
	else if (np > 1) {
		pw = ex_new(b->a, EX_AND, T_BOOLEAN, np);
		if (!pw)
			return FLOWQ_ERR_NOMEM;
		memcpy(pw->args, parts, (size_t)np * sizeof *parts);
	}
	p->file_pred = pw;
	if (nr == 0)
		p->where = NULL;
	else if (nr == 1)
		p->where = rows[0];
	else {
		p->where = ex_new(b->a, EX_AND, T_BOOLEAN, nr);
		if (!p->where)
			return FLOWQ_ERR_NOMEM;
		memcpy(p->where->args, rows, (size_t)nr * sizeof *rows);
	}
	/* a constant FALSE/NULL row filter keeps nothing; a TRUE one is dropped */
	if (p->where && p->where->kind == EX_CONST) {
		if (!p->where->u.cval.is_null && p->where->u.cval.b)
			p->where = NULL;
	}
	return FLOWQ_OK;
}

/* ---- EXPLAIN ---------------------------------------------------------- */

static void ex_text(struct binder *b, const struct ex *e, struct buf *o)
{
	if (e->pos >= 0 && b->sql) {
		buf_add(o, b->sql + e->pos, (size_t)e->len);
	} else if ((e->kind == EX_AND || e->kind == EX_OR) && e->n_args > 0) {
		/* conjuncts regrouped by split_where have no source span of their own */
		for (int i = 0; i < e->n_args; i++) {
			if (i)
				buf_adds(o, e->kind == EX_AND ? " AND " : " OR ");
			bool paren = e->args[i]->kind == EX_OR && e->kind == EX_AND && e->args[i]->pos < 0;
			if (paren)
				buf_addc(o, '(');
			ex_text(b, e->args[i], o);
			if (paren)
				buf_addc(o, ')');
		}
	} else {
		buf_adds(o, "(expression)");
	}
}

static const char *agg_name(enum agg_kind k)
{
	if (k == AGG_COUNT_STAR)
		return "count(*)";
	for (size_t i = 0; i < FQ_ARRAY_LEN(agg_names); i++)
		if (agg_names[i].kind == k)
			return agg_names[i].name;
	return "?";
}

static bool prune_file(struct binder *b, const struct plan_select *p, const struct src_file *f);

static void explain_select(struct binder *b, const struct plan_select *p)
{
	struct buf *o = b->ex_out;
	int ind = b->ex_level * 2;
	buf_printf(o, "%*sOutput: ", ind, "");
	for (int i = 0; i < p->n_visible; i++)
		buf_printf(o, "%s%s", i ? ", " : "", p->names[i]);
	buf_addc(o, '\n');
	if (p->limit >= 0 || p->offset)
		buf_printf(o, "%*sLimit: %lld offset %lld%s\n", ind, "", (long long)p->limit,
			   (long long)p->offset,
			   p->n_sort && !p->aggregate ? " (top-N: each thread keeps the best rows)" : "");
	if (p->n_sort) {
		buf_printf(o, "%*sSort: ", ind, "");
		for (int i = 0; i < p->n_sort; i++) {
			const struct sort_key *k = &p->sort[i];
			if (i)
				buf_adds(o, ", ");
			if (k->col < p->n_visible)
				buf_adds(o, p->names[k->col]);
			else
				ex_text(b, p->proj[k->col], o);
			buf_printf(o, " %s NULLS %s", k->desc ? "DESC" : "ASC", k->nulls_first ? "FIRST" : "LAST");
		}
		buf_addc(o, '\n');
	}
	if (p->distinct)
		buf_printf(o, "%*sDistinct (hash)\n", ind, "");
	if (p->aggregate) {
		if (p->having) {
			buf_printf(o, "%*sFilter (HAVING): ", ind, "");
			ex_text(b, p->having, o);
			buf_addc(o, '\n');
		}
		if (exec_splits_distinct(p))
			buf_printf(o,
				   "%*sAggregate (count(DISTINCT) in two groupings: the distinct keys and "
				   "argument on the threads, then the count per key): keys [",
				   ind, "");
		else if (sd_eligible(p))
			buf_printf(o,
				   "%*sAggregate (sort: keys packed in 128 bits, per-thread arrays sorted and "
				   "merged; keys that do not pack hashed): keys [",
				   ind, "");
		else {
			bool desc;
			uint64_t k;
			int a = exec_top_aggregate(p, &desc, &k);
			buf_printf(o, "%*sAggregate (hash%s, per-thread tables merged", ind, "",
				   agg_packs_keys(p) ? "; keys packed in 64 bits where they fit" : "");
			if (a >= 0 && type_is_int(p->aggs[a].type))
				buf_printf(o, "; groups finished only if among the first %llu by %s",
					   (unsigned long long)k, agg_name(p->aggs[a].kind));
			buf_adds(o, "): keys [");
		}
		for (int i = 0; i < p->n_keys; i++) {
			if (i)
				buf_adds(o, ", ");
			ex_text(b, p->keys[i], o);
		}
		buf_adds(o, "] aggregates [");
		for (int i = 0; i < p->n_aggs; i++) {
			const struct agg_spec *s = &p->aggs[i];
			buf_printf(o, "%s%s", i ? ", " : "", agg_name(s->kind));
			if (s->arg) {
				buf_printf(o, "(%s", s->distinct ? "DISTINCT " : "");
				ex_text(b, s->arg, o);
				buf_addc(o, ')');
			}
		}
		buf_adds(o, "]\n");
	}
	if (p->where) {
		buf_printf(o, "%*sFilter: ", ind, "");
		ex_text(b, p->where, o);
		buf_addc(o, '\n');
	}
	if (p->src == SRC_FILES) {
		buf_printf(o, "%*sScan %s: columns [", ind, "", b->tab->name);
		for (int i = 0; i < p->n_scan; i++) {
			int c = p->scan[i];
			const char *nm = c < FLD_COUNT ? fld_defs[c].column
					 : c < COL_EXTRA ? part_column_name(c)
					 : b->tab->extras && c - COL_EXTRA < b->tab->extras->n
						 ? b->tab->extras->names[c - COL_EXTRA]
						 : "?";
			buf_printf(o, "%s%s", i ? ", " : "", nm);
		}
		buf_adds(o, "]\n");
		const struct src_list *fl = b->x->files;
		int kept = 0;
		uint64_t bytes = 0, kept_bytes = 0;
		for (int i = 0; fl && i < fl->n; i++) {
			bytes += fl->files[i].size;
			if (!prune_file(b, p, &fl->files[i])) {
				kept++;
				kept_bytes += fl->files[i].size;
			}
		}
		buf_printf(o, "%*s  files: %d, pruned %d, to read %d (%.1f of %.1f MB)\n", ind, "",
			   fl ? fl->n : 0, (fl ? fl->n : 0) - kept, kept, (double)kept_bytes / 1e6,
			   (double)bytes / 1e6);
		if (p->file_pred) {
			buf_printf(o, "%*s  partition predicate (per file, not per row): ", ind, "");
			ex_text(b, p->file_pred, o);
			buf_addc(o, '\n');
		}
		if (p->prefilter.n) {
			buf_printf(o, "%*s  line prefilter (lines without ", ind, "");
			for (int i = 0; i < p->prefilter.n; i++)
				buf_printf(o, "%s'%.*s'", i ? i + 1 == p->prefilter.n ? " or " : ", " : "",
					   (int)p->prefilter.needle[i].len, p->prefilter.needle[i].p);
			int c = p->prefilter.col;
			buf_printf(o, " are checked, not converted): %s\n",
				   c < FLD_COUNT ? fld_defs[c].column
				   : b->tab->extras && c - COL_EXTRA < b->tab->extras->n
					   ? b->tab->extras->names[c - COL_EXTRA]
					   : "?");
		}
		if (p->start_lo != INT64_MIN || p->start_hi != INT64_MAX || p->end_lo != INT64_MIN ||
		    p->end_hi != INT64_MAX) {
			/* only the bounds the query sets: "start >= 1770940800, end <= 1770944400" */
			const struct {
				const char *col, *op;
				int64_t v, none;
			} bd[4] = {{"start", ">=", p->start_lo, INT64_MIN}, {"start", "<=", p->start_hi, INT64_MAX},
				   {"end", ">=", p->end_lo, INT64_MIN}, {"end", "<=", p->end_hi, INT64_MAX}};
			buf_printf(o, "%*s  time pruning by file-name window:", ind, "");
			int nb = 0;
			for (int i = 0; i < 4; i++)
				if (bd[i].v != bd[i].none)
					buf_printf(o, "%s %s %s %lld", nb++ ? "," : "", bd[i].col, bd[i].op,
						   (long long)bd[i].v);
			buf_addc(o, '\n');
		}
	} else if (p->src == SRC_TABLE) {
		buf_printf(o, "%*sScan materialized table (%u rows)\n", ind, "", p->table ? p->table->n : 0);
	} else {
		buf_printf(o, "%*sOne row (no FROM)\n", ind, "");
	}
}

/* ---- SELECT blocks ---------------------------------------------------- */

static struct rtable *find_cte(struct binder *b, const char *name, struct ast_from *f, flowq_status *st)
{
	for (int i = b->n_ctes - 1; i >= 0; i--) {
		if (strcasecmp(b->ctes[i].name, name) != 0)
			continue;
		if (!b->ctes[i].t) {
			/* materialize on first use, in the scope of the CTEs before it */
			int saved = b->n_ctes;
			b->n_ctes = i;
			bool ex = b->explain;
			b->explain = false;
			*st = bind_query(b, b->ctes[i].q, &b->ctes[i].t);
			b->explain = ex;
			b->n_ctes = saved;
			if (*st)
				return NULL;
			if (!keep_table(b, b->ctes[i].t)) {
				*st = err_set_at(b->err, FLOWQ_ERR_LIMIT, f->pos, f->len, "too many CTEs");
				return NULL;
			}
		}
		return b->ctes[i].t;
	}
	return NULL;
}

/*
 * In ORDER BY, a name is first an output column (Trino analyzes ORDER BY in
 * a scope that sees the select list: SELECT bytes / 1000 AS kb ... ORDER BY
 * kb * 2).  Return e with every unqualified column that names an aliased
 * select item replaced by that item's expression (copying only the nodes on
 * the way), or e itself when nothing changes; NULL on an error (an alias
 * given to two items) or when out of memory.  Aggregate arguments and
 * subqueries keep their input scope.
 */
static struct ast_expr *subst_aliases(struct binder *b, struct ast_expr *e, const struct ast_select *sel)
{
	if (!e)
		return e;
	struct ast_expr tmp = *e;
	bool changed = false;
#define SUB(field)                                                        \
	do {                                                              \
		struct ast_expr *n_ = subst_aliases(b, tmp.field, sel);   \
		if (tmp.field && !n_)                                     \
			return NULL;                                      \
		changed |= n_ != tmp.field;                               \
		tmp.field = n_;                                           \
	} while (0)
	switch (e->kind) {
	case A_COLUMN: {
		if (e->u.col.qualifier)
			return e;
		struct ast_expr *found = NULL;
		for (int i = 0; i < sel->n_items; i++) {
			const struct ast_select_item *it = &sel->items[i];
			if (!it->alias || strcasecmp(it->alias->name, e->u.col.name.name) != 0)
				continue;
			if (found && !ast_equal(found, it->expr)) {
				sem_error(b, e, "Column '%s' is ambiguous", e->u.col.name.name);
				return NULL;
			}
			found = it->expr;
		}
		return found ? found : e;
	}
	case A_UNARY: SUB(u.unary.arg); break;
	case A_BINARY:
	case A_DISTINCT_FROM:
		SUB(u.binary.left);
		SUB(u.binary.right);
		break;
	case A_IS_NULL: SUB(u.is_null.arg); break;
	case A_BETWEEN:
		SUB(u.between.arg);
		SUB(u.between.lo);
		SUB(u.between.hi);
		break;
	case A_IN_QUERY: SUB(u.in_query.arg); break;
	case A_LIKE:
		SUB(u.like.arg);
		SUB(u.like.pattern);
		SUB(u.like.escape);
		break;
	case A_CAST: SUB(u.cast.arg); break;
	case A_IN_LIST:
	case A_CASE:
	case A_FUNC: {
		struct ast_expr ***lists[2] = {NULL, NULL};
		int counts[2] = {0, 0};
		if (e->kind == A_IN_LIST) {
			SUB(u.in_list.arg);
			lists[0] = &tmp.u.in_list.items;
			counts[0] = tmp.u.in_list.n_items;
		} else if (e->kind == A_CASE) {
			SUB(u.case_.operand);
			SUB(u.case_.else_);
			lists[0] = &tmp.u.case_.whens;
			lists[1] = &tmp.u.case_.thens;
			counts[0] = counts[1] = tmp.u.case_.n_whens;
		} else {
			if (agg_lookup(e->u.func.name.name) >= 0)
				return e; /* aggregate arguments read the input */
			lists[0] = &tmp.u.func.args;
			counts[0] = tmp.u.func.n_args;
		}
		for (int l = 0; l < 2; l++) {
			if (!lists[l] || !counts[l])
				continue;
			struct ast_expr **src = *lists[l], **dst = NULL;
			for (int i = 0; i < counts[l]; i++) {
				struct ast_expr *n = subst_aliases(b, src[i], sel);
				if (!n)
					return NULL;
				if (n != src[i] && !dst) {
					dst = arena_alloc(b->a, (size_t)counts[l] * sizeof *dst);
					if (!dst)
						return NULL;
					memcpy(dst, src, (size_t)counts[l] * sizeof *dst);
				}
				if (dst)
					dst[i] = n;
			}
			if (dst) {
				*lists[l] = dst;
				changed = true;
			}
		}
		break;
	}
	default: return e; /* literals, *, subqueries, EXISTS */
	}
#undef SUB
	if (!changed)
		return e;
	struct ast_expr *c = arena_alloc(b->a, sizeof *c);
	if (!c)
		return NULL;
	*c = tmp;
	return c;
}

/* Resolve an ORDER BY item to a projected column (adding a hidden one if needed). */
static int order_column(struct binder *b, struct plan_select *p, struct ast_select *sel,
			struct ast_order_item *oi, const struct scope *sc, enum bmode mode, bool *ok)
{
	struct ast_expr *e = oi->expr;
	*ok = false;
	if (e->kind == A_INT) {
		if (e->u.i < 1 || e->u.i > p->n_visible) {
			sem_error(b, e, "ORDER BY position %lld is not in select list", (long long)e->u.i);
			return -1;
		}
		*ok = true;
		return (int)e->u.i - 1;
	}
	if (e->kind == A_COLUMN && !e->u.col.qualifier) {
		int found = -1;
		for (int i = 0; i < p->n_visible; i++)
			if (strcasecmp(p->names[i], e->u.col.name.name) == 0) {
				/* an alias, or a plain column selected under its own name */
				struct ast_expr *ie = sel ? sel->items[i].expr : NULL;
				if (sel && !sel->items[i].alias && ie && ie->kind != A_COLUMN)
					continue;
				if (found >= 0) {
					sem_error(b, e, "Column '%s' is ambiguous", e->u.col.name.name);
					return -1;
				}
				found = i;
			}
		if (found >= 0) {
			*ok = true;
			return found;
		}
	}
	if (sel) {
		e = subst_aliases(b, e, sel);
		if (!e)
			return -1;
	}
	if (sel)
		for (int i = 0; i < sel->n_items; i++)
			if (sel->items[i].expr->kind != A_STAR && ast_equal(sel->items[i].expr, e)) {
				*ok = true;
				return i;
			}
	if (p->distinct || (sel && sel->distinct)) {
		sem_error(b, e, "For SELECT DISTINCT, ORDER BY expressions must appear in select list");
		return -1;
	}
	if (!sel) {
		sem_error(b, e, "ORDER BY of a UNION must name an output column or position");
		return -1;
	}
	if (p->n_proj >= PLAN_MAX_COLS) {
		sem_error(b, e, "too many select items and ORDER BY expressions (at most %d)", PLAN_MAX_COLS);
		return -1;
	}
	struct ex *x = bind_expr(b, e, sc, mode);
	if (!x)
		return -1;
	struct ex **np = arena_alloc(b->a, (size_t)(p->n_proj + 1) * sizeof *np);
	if (!np)
		return -1;
	memcpy(np, p->proj, (size_t)p->n_proj * sizeof *np);
	np[p->n_proj] = x;
	p->proj = np;
	*ok = true;
	return p->n_proj++;
}

static flowq_status bind_order(struct binder *b, struct plan_select *p, struct ast_select *sel,
			       struct ast_order_item *items, int n, const struct scope *sc, enum bmode mode)
{
	if (!n)
		return FLOWQ_OK;
	p->sort = arena_alloc(b->a, (size_t)n * sizeof *p->sort);
	if (!p->sort)
		return FLOWQ_ERR_NOMEM;
	for (int i = 0; i < n; i++) {
		bool ok;
		int col = order_column(b, p, sel, &items[i], sc, mode, &ok);
		if (!ok)
			return b->err->code ? b->err->code : FLOWQ_ERR_SQL_SEMANTIC;
		p->sort[i].col = col;
		p->sort[i].desc = items[i].desc;
		/* Trino: NULLS LAST by default, for ASC and DESC alike */
		p->sort[i].nulls_first = items[i].nulls == 1;
	}
	p->n_sort = n;
	return FLOWQ_OK;
}

static const char *item_name(struct binder *b, struct ast_select_item *it, int i)
{
	if (it->alias)
		return it->alias->name;
	if (it->expr->kind == A_COLUMN)
		return it->expr->u.col.name.name;
	return arena_printf(b->a, "_col%d", i);
}

static flowq_status bind_select(struct binder *b, struct ast_select *sel, struct ast_order_item *order,
				int n_order, int64_t limit, int64_t offset, struct rtable **out)
{
	struct plan_select *p = arena_alloc(b->a, sizeof *p);
	if (!p)
		return FLOWQ_ERR_NOMEM;
	p->limit = limit;
	p->offset = offset;
	struct scope sc;
	memset(&sc, 0, sizeof sc);
	sc.p = p;
	flowq_status st = FLOWQ_OK;
	/* FROM */
	if (!sel->from) {
		p->src = SRC_ONE_ROW;
	} else if (sel->from->kind == FROM_SUBQUERY) {
		struct rtable *t = NULL;
		bool ex = b->explain;
		b->explain = false;
		st = bind_query(b, sel->from->query, &t);
		b->explain = ex;
		if (st)
			return st;
		if (!keep_table(b, t)) {
			rt_free(t);
			return err_set(b->err, FLOWQ_ERR_LIMIT, "too many subqueries");
		}
		p->src = SRC_TABLE;
		p->table = t;
		sc.t = t;
		sc.qual = sel->from->alias ? sel->from->alias->name : NULL;
	} else {
		const char *tn = sel->from->table.name;
		struct rtable *t = find_cte(b, tn, sel->from, &st);
		if (st)
			return st;
		if (t && !sel->from->schema) {
			p->src = SRC_TABLE;
			p->table = t;
			sc.t = t;
		} else if (strcasecmp(tn, b->tab->name) == 0) {
			p->src = SRC_FILES;
			sc.files = true;
		} else {
			err_set_at(b->err, FLOWQ_ERR_SQL_SEMANTIC, sel->from->table.pos, sel->from->table.len,
				   "Table '%s%s%s' does not exist", sel->from->schema ? sel->from->schema->name : "",
				   sel->from->schema ? "." : "", tn);
			err_hint(b->err, "the input paths are the table %s (choose another name with --table)",
				 b->tab->name);
			return FLOWQ_ERR_SQL_SEMANTIC;
		}
		sc.qual = sel->from->alias ? sel->from->alias->name : tn;
	}
	/* WHERE */
	struct ex *where = NULL;
	if (sel->where) {
		if (has_agg(sel->where))
			return sem_error(b, sel->where, "WHERE clause cannot contain aggregations or window functions");
		where = want_bool(b, sel->where, bind_expr(b, sel->where, &sc, M_INPUT), "WHERE clause");
		if (!where)
			return b->err->code;
	}
	/* select items: expand * */
	struct ast_select_item items[TABLE_MAX_COLS * 2];
	int n_items = 0;
	for (int i = 0; i < sel->n_items; i++) {
		struct ast_select_item *it = &sel->items[i];
		if (it->expr->kind != A_STAR) {
			if (n_items >= (int)FQ_ARRAY_LEN(items))
				return err_set(b->err, FLOWQ_ERR_LIMIT, "too many select items");
			items[n_items++] = *it;
			continue;
		}
		int cols[TABLE_MAX_COLS];
		const char *names[TABLE_MAX_COLS];
		int nc = 0;
		if (sc.files) {
			if (b->tab->has_ddl) {
				for (int k = 0; k < b->tab->n_ddl; k++)
					names[nc++] = b->tab->ddl_names[k];
			} else {
				nc = b->tab->star_columns ? b->tab->star_columns(b->tab->star_ctx, cols, TABLE_MAX_COLS) : 0;
				if (!nc) {
					for (int k = 0; k < 14; k++)
						cols[nc++] = fld_default_v2[k];
				}
				for (int k = 0; k < nc; k++)
					names[k] = cols[k] < FLD_COUNT ? fld_defs[cols[k]].column
						   : cols[k] < COL_EXTRA ? part_column_name(cols[k])
						   : b->tab->extras->names[cols[k] - COL_EXTRA];
			}
		} else if (sc.t) {
			for (int k = 0; k < sc.t->n_cols; k++)
				names[nc++] = sc.t->names[k];
		}
		for (int k = 0; k < nc; k++) {
			if (n_items >= (int)FQ_ARRAY_LEN(items))
				return err_set(b->err, FLOWQ_ERR_LIMIT, "too many select items");
			struct ast_expr *ce = arena_alloc(b->a, sizeof *ce);
			if (!ce)
				return FLOWQ_ERR_NOMEM;
			ce->kind = A_COLUMN;
			ce->pos = it->expr->pos;
			ce->len = it->expr->len;
			ce->u.col.name.name = arena_strdup(b->a, names[k]);
			ce->u.col.name.quoted = true;
			items[n_items].expr = ce;
			items[n_items].alias = NULL;
			n_items++;
		}
	}
	struct ast_select esel = *sel;
	esel.items = items;
	esel.n_items = n_items;

	bool aggregate = sel->n_group_by > 0 || (sel->having != NULL);
	for (int i = 0; i < n_items && !aggregate; i++)
		aggregate = has_agg(items[i].expr);
	for (int i = 0; i < n_order && !aggregate; i++)
		aggregate = has_agg(order[i].expr);
	/* SELECT DISTINCT without aggregates is a GROUP BY of the select list */
	bool distinct_as_group = sel->distinct && !aggregate;

	p->names = arena_alloc(b->a, (size_t)(n_items + 1) * sizeof *p->names);
	p->n_visible = n_items;
	if (!p->names)
		return FLOWQ_ERR_NOMEM;
	for (int i = 0; i < n_items; i++)
		p->names[i] = (char *)item_name(b, &items[i], i);

	enum bmode mode = M_INPUT;
	if (aggregate || distinct_as_group) {
		p->aggregate = true;
		mode = M_POST;
		struct ast_expr **gast;
		int ng;
		if (distinct_as_group) {
			ng = n_items;
			gast = arena_alloc(b->a, (size_t)(ng + 1) * sizeof *gast);
			if (!gast)
				return FLOWQ_ERR_NOMEM;
			for (int i = 0; i < ng; i++)
				gast[i] = items[i].expr;
		} else {
			ng = sel->n_group_by;
			gast = arena_alloc(b->a, (size_t)(ng + 1) * sizeof *gast);
			if (!gast)
				return FLOWQ_ERR_NOMEM;
			for (int i = 0; i < ng; i++) {
				struct ast_expr *g = sel->group_by[i];
				if (g->kind == A_INT) {
					if (g->u.i < 1 || g->u.i > n_items)
						return sem_error(b, g, "GROUP BY position %lld is not in select list",
								 (long long)g->u.i);
					g = items[g->u.i - 1].expr;
				}
				if (has_agg(g))
					return sem_error(b, g, "GROUP BY clause cannot contain aggregations or window functions");
				gast[i] = g;
			}
		}
		if (ng > 60)
			return sem_error(b, sel->group_by ? sel->group_by[0] : NULL, "too many GROUP BY expressions (at most 60)");
		p->keys = arena_alloc(b->a, (size_t)(ng + 1) * sizeof *p->keys);
		if (!p->keys)
			return FLOWQ_ERR_NOMEM;
		for (int i = 0; i < ng; i++) {
			p->keys[i] = bind_expr(b, gast[i], &sc, M_INPUT);
			if (!p->keys[i])
				return b->err->code;
		}
		p->n_keys = ng;
		b->group_ast = gast;
		b->n_group = ng;
		b->agg_p = p;
		b->agg_in = &sc;
	}
	/* projections (the executor's per-column arrays hold PLAN_MAX_COLS) */
	if (n_items > PLAN_MAX_COLS)
		return err_set(b->err, FLOWQ_ERR_LIMIT, "too many select items: %d (at most %d)", n_items,
			       PLAN_MAX_COLS);
	p->proj = arena_alloc(b->a, (size_t)(n_items + 1) * sizeof *p->proj);
	if (!p->proj)
		return FLOWQ_ERR_NOMEM;
	for (int i = 0; i < n_items; i++) {
		p->proj[i] = bind_expr(b, items[i].expr, &sc, mode);
		if (!p->proj[i])
			goto fail;
		p->proj[i] = fold(b, p->proj[i]);
	}
	p->n_proj = n_items;
	if (sel->having) {
		p->having = want_bool(b, sel->having, bind_expr(b, sel->having, &sc, M_POST), "HAVING clause");
		if (!p->having)
			goto fail;
	}
	p->distinct = sel->distinct && aggregate;
	st = bind_order(b, p, &esel, order, n_order, &sc, mode);
	if (st)
		goto fail;
	b->agg_p = NULL;
	b->group_ast = NULL;
	b->n_group = 0;
	st = split_where(b, p, where);
	if (st)
		return st;
	if (b->explain) {
		explain_select(b, p);
		*out = NULL;
		return FLOWQ_OK;
	}
	return exec_select(b->x, p, out, b->err);
fail:
	b->agg_p = NULL;
	b->group_ast = NULL;
	b->n_group = 0;
	return b->err->code ? b->err->code : FLOWQ_ERR_SQL_SEMANTIC;
}

static bool prune_file(struct binder *b, const struct plan_select *p, const struct src_file *f)
{
	return !exec_keep_file(b->x, p, f);
}

/* ---- queries: CTEs, UNION ALL ---------------------------------------- */

static flowq_status bind_query(struct binder *b, struct ast_query *q, struct rtable **out)
{
	if (++b->depth > 200) {
		b->depth--;
		return err_set_at(b->err, FLOWQ_ERR_LIMIT, q->pos, q->len, "query nested too deeply");
	}
	int saved_ctes = b->n_ctes;
	/* a subquery is bound in the middle of its outer block (a scalar
	 * subquery in an aggregate's select list): keep the outer block's
	 * aggregate context, which bind_select clears when it is done */
	struct ast_expr **saved_group = b->group_ast;
	int saved_n_group = b->n_group;
	struct plan_select *saved_agg_p = b->agg_p;
	const struct scope *saved_agg_in = b->agg_in;
	bool saved_in_agg_arg = b->in_agg_arg;
	b->group_ast = NULL;
	b->n_group = 0;
	b->agg_p = NULL;
	b->agg_in = NULL;
	b->in_agg_arg = false;
	flowq_status st = FLOWQ_OK;
	for (int i = 0; i < q->n_ctes; i++) {
		if (b->n_ctes >= (int)FQ_ARRAY_LEN(b->ctes)) {
			st = err_set(b->err, FLOWQ_ERR_LIMIT, "too many CTEs");
			goto out;
		}
		for (int j = saved_ctes; j < b->n_ctes; j++)
			if (strcasecmp(b->ctes[j].name, q->ctes[i].name.name) == 0) {
				st = err_set_at(b->err, FLOWQ_ERR_SQL_SEMANTIC, q->ctes[i].name.pos,
						q->ctes[i].name.len, "WITH query name '%s' specified more than once",
						q->ctes[i].name.name);
				goto out;
			}
		b->ctes[b->n_ctes].name = q->ctes[i].name.name;
		b->ctes[b->n_ctes].q = q->ctes[i].query;
		b->ctes[b->n_ctes].t = NULL;
		b->n_ctes++;
	}
	if (q->n_bodies == 1) {
		st = bind_select(b, q->bodies[0], q->order_by, q->n_order_by, q->limit, q->offset, out);
		goto out;
	}
	/* UNION [ALL]: run every part, append, then order/limit the whole */
	struct rtable *acc = NULL;
	bool ex = b->explain;
	if (ex)
		buf_printf(b->ex_out, "%*sUnion of %d parts\n", b->ex_level * 2, "", q->n_bodies);
	for (int i = 0; i < q->n_bodies; i++) {
		struct rtable *t = NULL;
		b->ex_level++;
		st = bind_select(b, q->bodies[i], NULL, 0, -1, 0, &t);
		b->ex_level--;
		if (st)
			goto union_fail;
		if (ex)
			continue;
		if (!acc) {
			acc = t;
			continue;
		}
		if (t->n_cols != acc->n_cols) {
			st = err_set_at(b->err, FLOWQ_ERR_SQL_SEMANTIC, q->bodies[i]->pos, q->bodies[i]->len,
					"UNION query has different number of fields: %d, %d", acc->n_cols, t->n_cols);
			rt_free(t);
			goto union_fail;
		}
		for (int c = 0; c < t->n_cols; c++) {
			enum fq_type ct;
			if (!common_type(acc->types[c], t->types[c], &ct)) {
				st = err_set_at(b->err, FLOWQ_ERR_SQL_SEMANTIC, q->bodies[i]->pos, q->bodies[i]->len,
						"column %d in UNION query has incompatible types: %s, %s", c + 1,
						type_name(acc->types[c]), type_name(t->types[c]));
				rt_free(t);
				goto union_fail;
			}
			if (ct != acc->types[c] || ct != t->types[c]) {
				/* widen both sides in place */
				struct rtable *sides[2] = {acc, t};
				for (int s = 0; s < 2; s++) {
					struct rtable *r = sides[s];
					if (r->types[c] == ct)
						continue;
					if (type_is_int(r->types[c]) && ct == T_BIGINT) {
						r->types[c] = ct;
						r->cols[c].type = ct;
						continue;
					}
					for (uint32_t k = 0; k < r->n; k++) {
						struct fq_value v, cv;
						vec_get(&r->cols[c], k, &v);
						ex_cast_value(&v, ct, true, &cv, &r->arena, NULL);
						r->cols[c].type = ct;
						vec_set(&r->cols[c], k, &cv, &r->arena);
						r->cols[c].type = r->types[c];
					}
					r->types[c] = ct;
					r->cols[c].type = ct;
				}
			}
		}
		struct vec vcols[TABLE_MAX_COLS * 2];
		for (uint32_t off = 0; off < t->n; off += RD_BATCH) {
			struct batch bt;
			uint32_t n = FQ_MIN((uint32_t)RD_BATCH, t->n - off);
			rt_view(t, off, n, &bt, vcols);
			if (!rt_append(acc, &bt, NULL)) {
				rt_free(t);
				st = err_set(b->err, FLOWQ_ERR_NOMEM, "out of memory in UNION");
				goto union_fail;
			}
		}
		rt_free(t);
		if (q->union_distinct && q->union_distinct[i - 1]) {
			/* UNION (DISTINCT): dedupe what we have so far */
			struct plan_select dp;
			memset(&dp, 0, sizeof dp);
			dp.src = SRC_TABLE;
			dp.table = acc;
			dp.limit = -1;
			dp.n_visible = dp.n_proj = acc->n_cols;
			dp.names = acc->names;
			dp.proj = arena_alloc(b->a, (size_t)acc->n_cols * sizeof *dp.proj);
			dp.keys = arena_alloc(b->a, (size_t)acc->n_cols * sizeof *dp.keys);
			if (!dp.proj || !dp.keys) {
				st = FLOWQ_ERR_NOMEM;
				goto union_fail;
			}
			for (int c = 0; c < acc->n_cols; c++) {
				dp.keys[c] = ex_new(b->a, EX_COL, acc->types[c], 0);
				dp.proj[c] = ex_new(b->a, EX_COL, acc->types[c], 0);
				if (!dp.keys[c] || !dp.proj[c]) {
					st = FLOWQ_ERR_NOMEM;
					goto union_fail;
				}
				dp.keys[c]->u.col = c;
				dp.proj[c]->u.col = c;
			}
			dp.aggregate = true;
			dp.n_keys = acc->n_cols;
			struct rtable *d = NULL;
			st = exec_select(b->x, &dp, &d, b->err);
			if (st)
				goto union_fail;
			rt_free(acc);
			acc = d;
		}
	}
	if (ex) {
		*out = NULL;
		goto out;
	}
	{
		struct plan_select op;
		memset(&op, 0, sizeof op);
		op.n_visible = acc->n_cols;
		op.names = acc->names;
		st = bind_order(b, &op, NULL, q->order_by, q->n_order_by, NULL, M_INPUT);
		if (st)
			goto union_fail;
		if (op.n_sort || q->limit >= 0 || q->offset) {
			st = rt_sort_limit(acc, op.sort, op.n_sort, q->offset, q->limit, b->err);
			if (st)
				goto union_fail;
		}
	}
	*out = acc;
	goto out;
union_fail:
	rt_free(acc);
out:
	b->n_ctes = saved_ctes;
	b->group_ast = saved_group;
	b->n_group = saved_n_group;
	b->agg_p = saved_agg_p;
	b->agg_in = saved_agg_in;
	b->in_agg_arg = saved_in_agg_arg;
	b->depth--;
	return st;
}

/* ---- DDL -------------------------------------------------------------- */

static flowq_status apply_ddl(struct binder *b, struct ast_create_table *c)
{
	struct table_src *t = b->tab;
	snprintf(t->name, sizeof t->name, "%s", c->name.name);
	t->has_ddl = true;
	t->n_ddl = 0;
	int fmt_cols[TABLE_MAX_COLS];
	int nf = 0;
	struct tmpl_part tparts[16];
	int ntp = 0;
	const char *tmpl = NULL;
	char tmpl_buf[1024];
	for (int i = 0; i < c->n_props; i++)
		if (c->prop_keys[i].len == 25 && memcmp(c->prop_keys[i].p, "storage.location.template", 25) == 0) {
			snprintf(tmpl_buf, sizeof tmpl_buf, "%.*s", (int)c->prop_values[i].len, c->prop_values[i].p);
			tmpl = tmpl_buf;
		}
	for (int i = 0; i < c->n_cols + c->n_partition_cols; i++) {
		bool part = i >= c->n_cols;
		struct ast_column_def *d = part ? &c->partition_cols[i - c->n_cols] : &c->cols[i];
		if (t->n_ddl >= TABLE_MAX_COLS)
			return err_set(b->err, FLOWQ_ERR_LIMIT, "too many columns in CREATE TABLE");
		const char *nm = d->name.name;
		size_t n = strlen(nm);
		int id = -1;
		char ph[160];
		snprintf(ph, sizeof ph, "${%s}", nm);
		if (part && tmpl && strstr(tmpl, ph)) {
			id = extras_intern(t->extras, nm, n); /* filled from the template */
		} else if (part) {
			for (int k = COL_DT; k < COL_EXTRA; k++)
				if (strcasecmp(part_column_name(k), nm) == 0)
					id = k;
			if (id < 0 && fld_lookup(nm, n) >= 0)
				id = fld_lookup(nm, n); /* account_id, region from the path */
			if (id < 0)
				id = extras_intern(t->extras, nm, n); /* unknown partition: NULL */
		} else {
			id = fld_lookup(nm, n);
			if (id < 0)
				id = extras_intern(t->extras, nm, n);
		}
		if (id < 0)
			return err_set_at(b->err, FLOWQ_ERR_LIMIT, d->name.pos, d->name.len, "too many columns");
		enum fq_type ty = type_from_name(d->type_name, strlen(d->type_name));
		if (ty == T_UNKNOWN)
			ty = T_VARCHAR;
		t->ddl_names[t->n_ddl] = arena_strdup(b->a, nm);
		t->ddl_cols[t->n_ddl] = id;
		t->ddl_types[t->n_ddl] = ty;
		t->n_ddl++;
		if (!part)
			fmt_cols[nf++] = id;
		if (part && id >= COL_EXTRA && id - COL_EXTRA < RD_MAX_EXTRAS)
			t->part_extra[id - COL_EXTRA] = true;
		if (part && tmpl && strstr(tmpl, ph) && ntp < 16) {
			/* how many path segments: the projection's date format says */
			int segs = 1;
			char key[160];
			snprintf(key, sizeof key, "projection.%s.format", nm);
			for (int k = 0; k < c->n_props; k++)
				if (c->prop_keys[k].len == strlen(key) && memcmp(c->prop_keys[k].p, key, strlen(key)) == 0)
					for (uint32_t q = 0; q < c->prop_values[k].len; q++)
						segs += c->prop_values[k].p[q] == '/';
			tparts[ntp].name = t->ddl_names[t->n_ddl - 1];
			tparts[ntp].col = id;
			tparts[ntp].segments = segs;
			tparts[ntp].date = ty == T_DATE;
			ntp++;
		}
	}
	if (t->set_format)
		t->set_format(t->format_ctx, fmt_cols, nf);
	if (c->location.len && t->set_location) {
		char loc[1024];
		snprintf(loc, sizeof loc, "%.*s", (int)c->location.len, c->location.p);
		snprintf(t->location, sizeof t->location, "%s", loc);
		flowq_status st = t->set_location(t->location_ctx, loc, b->err);
		if (st)
			return st;
	}
	if (tmpl && ntp && t->set_partitions)
		t->set_partitions(t->partitions_ctx, tmpl, tparts, ntp);
	return FLOWQ_OK;
}

flowq_status query_run(const char *sql, size_t len, struct exec_ctx *x, struct table_src *tab,
		       struct query_result *res, struct flowq_error *err)
{
	memset(res, 0, sizeof *res);
	struct arena a;
	arena_init(&a, 64 * 1024);
	struct ast_script *script = NULL;
	flowq_status st = sql_parse(sql, len, &a, &script, err);
	if (st) {
		arena_free(&a);
		return st;
	}
	struct binder b;
	memset(&b, 0, sizeof b);
	b.a = &a;
	b.sql = sql;
	b.x = x;
	b.tab = tab;
	b.err = err;
	x->sql = sql;
	struct ast_stmt *last = NULL;
	for (int i = 0; i < script->n_stmts; i++) {
		struct ast_stmt *s = script->stmts[i];
		if (s->kind == STMT_CREATE_TABLE) {
			st = apply_ddl(&b, s->create);
			if (st)
				goto done;
		} else {
			if (last) {
				st = err_set_at(err, FLOWQ_ERR_USAGE, s->pos, s->len,
						"only one query per run: the script has more than one");
				goto done;
			}
			last = s;
		}
	}
	if (!last) {
		st = err_set(err, FLOWQ_ERR_USAGE, "no query to run (the script has only DDL)");
		goto done;
	}
	if (last->kind == STMT_EXPLAIN) {
		struct buf o = {0};
		b.explain = true;
		b.ex_out = &o;
		struct rtable *t = NULL;
		st = bind_query(&b, last->query, &t);
		rt_free(t);
		if (st) {
			buf_free(&o);
			goto done;
		}
		buf_nul(&o);
		res->explain = o.p;
	} else {
		st = bind_query(&b, last->query, &res->table);
	}
done:
	for (int i = 0; i < b.n_owned; i++)
		rt_free(b.owned[i]);
	arena_free(&a);
	return st;
}

void query_result_free(struct query_result *res)
{
	if (!res)
		return;
	rt_free(res->table);
	free(res->explain);
	res->table = NULL;
	res->explain = NULL;
}
