/*
 * fn.h - the scalar function registry.
 *
 * Every SQL scalar function (lower, split_part, from_unixtime, contains,
 * regexp_like, ...) is one entry of a table: its name, a bind callback that
 * checks argument types and picks the result type, and an eval callback that
 * computes one row.  The binder calls fn_find() and the entry's bind once per
 * call site; the executor calls eval per row (NULL arguments never reach a
 * `strict` function: the executor returns NULL for it).
 *
 * Aggregates (count, sum, ...) are not here: they live in the aggregation
 * operator.  Operators (+, =, LIKE, CAST, ...) are not here either: the
 * expression evaluator has them built in.  The dialect is Trino's as Athena
 * runs it; flowq-only functions are marked so in the table and in the docs.
 */
#ifndef FQ_FN_H
#define FQ_FN_H

#include "base/base.h"
#include "base/types.h"

#define FN_MAX_ARGS 8

struct fn_bind {
	/* in */
	int n_args;
	enum fq_type arg_types[FN_MAX_ARGS];
	/* constant arguments (literals after folding), for precompiling a regex,
	 * a date_trunc unit, a CIDR...: arg_const[i] is NULL when argument i is
	 * not constant */
	const struct fq_value *arg_const[FN_MAX_ARGS];
	struct arena *arena; /* for state that lives as long as the query */
	/* out */
	enum fq_type result_type;
	/* coerce argument i to this type before the call (T_UNKNOWN: leave it);
	 * the binder inserts the cast (integer -> bigint/double, unknown NULL -> any) */
	enum fq_type arg_cast[FN_MAX_ARGS];
	void *state; /* handed to eval in ctx->state */
};

struct fn_ctx {
	void *state;          /* what bind left in fn_bind.state */
	struct arena *arena;  /* for result strings; lives at least as long as the batch */
	int64_t now_ms;       /* current_timestamp for this query (--now pins it) */
	struct flowq_error *err;
};

/*
 * bind: check the argument types. Return FLOWQ_OK, or
 * FLOWQ_ERR_SQL_SEMANTIC with err->msg set (the caller adds the position),
 * e.g. "Unexpected parameters (varchar) for function abs. Expected: abs(bigint), abs(double)".
 *
 * eval: compute one row. args[i] has the (possibly coerced) arg types, never
 * NULL when the function is strict.  Set *out (out->type = result type,
 * out->is_null for NULL).  Strings must point into ctx->arena or into an
 * argument's bytes.  Return FLOWQ_OK, or FLOWQ_ERR_RUNTIME with ctx->err set
 * for a runtime failure (e.g. "Invalid IP address: 'x'"), which ends the query.
 */
struct fn_def {
	const char *name;  /* lower case */
	bool strict;       /* NULL in any argument -> NULL out, eval not called */
	bool flowq_only;   /* not a Trino function: documented as such */
	bool volatile_;    /* now(), random(): never folded into a constant */
	flowq_status (*bind)(struct fn_bind *b, struct flowq_error *err);
	flowq_status (*eval)(const struct fq_value *args, int n_args, struct fq_value *out,
			     struct fn_ctx *ctx);
	const char *signature; /* for docs and error hints: "split_part(varchar, varchar, bigint) -> varchar" */
	const char *summary;   /* one line for docs */
};

/* Look a function up by name (case-insensitive). NULL when unknown. */
const struct fn_def *fn_find(const char *name);
/* The closest known function name, for "did you mean" hints; NULL if none close. */
const char *fn_closest(const char *name);
/* Iterate all functions (for docs/functions.md and `flowq functions`). */
const struct fn_def *fn_at(size_t i); /* NULL past the end */

/* Helpers shared by function files. */
/* Parse Trino timestamp/date literal text ("2026-02-13", "2026-02-13 10:00:00[.123]",
 * ISO 'T' separator and trailing 'Z' / " UTC" accepted) into ms since epoch. */
bool fn_parse_timestamp(const char *p, size_t n, int64_t *ms);
bool fn_parse_date(const char *p, size_t n, int64_t *days);

#endif
