/*
 * expr.h - bound expressions and their vectorized evaluation.
 *
 * The binder turns AST expressions into `struct ex` trees whose types are
 * known and whose column references are batch column indexes.  ex_eval()
 * computes a whole batch at a time into a vector; an optional `active` mask
 * limits work (and errors) to the rows that matter, which is how CASE, IF,
 * COALESCE, AND and OR avoid evaluating branches that Trino would not
 * evaluate (`CASE WHEN x <> 0 THEN 1 / x END` never divides by zero).
 *
 * Semantics are Trino's: NULL propagates through operators and strict
 * functions; AND/OR are three-valued; integer arithmetic on bigint checks
 * overflow and division truncates toward zero; integer/0 is an error;
 * varchar compares byte-wise.
 */
#ifndef FQ_EXPR_H
#define FQ_EXPR_H

#include "base/types.h"
#include "exec/fn.h"

enum ex_kind {
	EX_CONST,
	EX_COL,        /* column u.col of the input batch */
	EX_FUNC,       /* scalar function: u.fn */
	EX_CAST,       /* arg[0] to type (u.cast.try_ for TRY_CAST) */
	EX_NEG,
	EX_ARITH,      /* u.op: + - * / % on numbers; + - on timestamp/date and intervals */
	EX_CMP,        /* u.op: = <> < <= > >= */
	EX_DISTINCT,   /* IS [NOT] DISTINCT FROM: u.op (AST_OP_IS_DISTINCT/_NOT_DISTINCT) */
	EX_AND,        /* n_args >= 2 */
	EX_OR,
	EX_NOT,
	EX_IS_NULL,    /* u.negated: IS NOT NULL */
	EX_IN,         /* arg[0] IN set: u.in (constants or a subquery's values) */
	EX_LIKE,       /* arg[0] LIKE pattern: u.like */
	EX_CASE,       /* args: when0, then0, when1, then1, ..., [else] (searched form) */
	EX_COALESCE,
	EX_CONCAT,     /* || on varchar */
	EX_BETWEEN,    /* arg0 BETWEEN arg1 AND arg2 (u.negated) */
};

struct ex_inset; /* a hash set of values */
struct ex_like;  /* a compiled LIKE pattern */

struct ex {
	enum ex_kind kind;
	enum fq_type type;
	int pos, len; /* source span for runtime errors */
	int n_args;
	struct ex **args;
	union {
		struct fq_value cval; /* EX_CONST (strings in the query arena) */
		int col;              /* EX_COL */
		int op;               /* enum ast_op for EX_ARITH / EX_CMP / EX_DISTINCT */
		bool negated;         /* EX_IS_NULL, EX_BETWEEN */
		struct {
			const struct fn_def *def;
			void *state;
		} fn;
		struct {
			bool try_;
		} cast;
		struct {
			struct ex_inset *set;
			bool negated;
		} in;
		struct {
			struct ex_like *pat; /* NULL when the pattern is not constant */
			bool negated;
			int escape; /* -1 none */
		} like;
	} u;
};

struct eval_ctx {
	struct arena *scratch; /* per batch: temporary vectors, result strings */
	int64_t now_ms;
	struct flowq_error *err;
	const char *sql; /* for error positions */
};

/*
 * Evaluate e over the n rows of batch b into out (out->type = e->type;
 * vectors allocated from ctx->scratch).  active: NULL = all rows; else only
 * rows with active[i] != 0 are computed (others are NULL).  Returns
 * FLOWQ_OK or FLOWQ_ERR_RUNTIME / FLOWQ_ERR_NOMEM with ctx->err set.
 */
flowq_status ex_eval(const struct ex *e, const struct batch *b, const uint8_t *active,
		     struct vec *out, struct eval_ctx *ctx);

/* Evaluate a boolean predicate into a 0/1 mask (NULL counts as false). */
flowq_status ex_eval_mask(const struct ex *e, const struct batch *b, const uint8_t *active,
			  uint8_t *mask, struct eval_ctx *ctx);

/* A scratch vector of n slots of type t (NULL when out of memory). */
bool vec_alloc(struct vec *v, enum fq_type t, uint32_t n, struct arena *a);

/* Constructors (arena-allocated). */
struct ex *ex_new(struct arena *a, enum ex_kind k, enum fq_type t, int n_args);
struct ex *ex_const(struct arena *a, const struct fq_value *v);

/* Is e a constant (no column refs, no volatile functions)? */
bool ex_is_const(const struct ex *e);
/* Evaluate a constant expression to a value (strings in `a`). */
flowq_status ex_eval_const(const struct ex *e, struct arena *a, int64_t now_ms,
			   struct fq_value *out, struct flowq_error *err);

/*
 * Cast one value (Trino CAST semantics: varchar -> integer trims and
 * range-checks, double -> integer rounds half away from zero, varchar ->
 * ipaddress parses, ...).  On failure: FLOWQ_ERR_RUNTIME with Trino's
 * message ("Cannot cast 'abc' to BIGINT"), or with try_ a NULL result.
 */
flowq_status ex_cast_value(const struct fq_value *in, enum fq_type to, bool try_,
			   struct fq_value *out, struct arena *a, struct flowq_error *err);
/* Can `from` be cast to `to` at all? */
bool ex_cast_ok(enum fq_type from, enum fq_type to);

/* IN sets */
struct ex_inset *inset_new(struct arena *a, enum fq_type t, size_t expected);
bool inset_add(struct ex_inset *s, const struct fq_value *v, struct arena *a);
bool inset_has(const struct ex_inset *s, const struct fq_value *v);
bool inset_has_null(const struct ex_inset *s);
/* The set's values when they are all strings: up to max of them into out;
 * returns how many, or -1 (another type, or more than max). */
int inset_strings(const struct ex_inset *s, struct fq_str *out, int max);
/* The same for a set of integers; -1 unless every value is one. */
int inset_ints(const struct ex_inset *s, int64_t *out, int max);

/* LIKE: compile pattern with escape (-1 none); NULL + err on a bad escape. */
struct ex_like *like_compile(struct arena *a, struct fq_str pat, int escape,
			     struct flowq_error *err);
bool like_match(const struct ex_like *p, struct fq_str s);

#endif
