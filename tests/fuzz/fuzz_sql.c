/*
 * fuzz_sql.c - libFuzzer target for the SQL tokenizer and parser.
 *
 * Each input is parsed as a whole script with a fresh arena.  Besides
 * "no crash, no leak, no undefined behaviour" (the sanitizers' job), it
 * checks two promises of ast.h: an error's position lies inside the text,
 * and every expression node of a successful parse has a non-empty span
 * inside the text.  A broken promise traps.
 *
 *   clang -fsanitize=fuzzer,address -Iinclude -Isrc -D_GNU_SOURCE \
 *     tests/fuzz/fuzz_sql.c src/sql/lex.c src/sql/parse.c \
 *     src/base/base.c src/base/types.c -lm
 */
#include <stddef.h>
#include <stdint.h>

#include "sql/ast.h"

static void check_query(const struct ast_query *q, size_t size, int depth);

static void check_expr(const struct ast_expr *e, size_t size, int depth)
{
	if (!e)
		return;
	if (depth > 10000 || e->pos < 0 || e->len <= 0 || (size_t)e->pos + (size_t)e->len > size)
		__builtin_trap();
	switch (e->kind) {
	case A_UNARY:
		check_expr(e->u.unary.arg, size, depth + 1);
		break;
	case A_BINARY:
	case A_DISTINCT_FROM:
		check_expr(e->u.binary.left, size, depth + 1);
		check_expr(e->u.binary.right, size, depth + 1);
		break;
	case A_IS_NULL:
		check_expr(e->u.is_null.arg, size, depth + 1);
		break;
	case A_BETWEEN:
		check_expr(e->u.between.arg, size, depth + 1);
		check_expr(e->u.between.lo, size, depth + 1);
		check_expr(e->u.between.hi, size, depth + 1);
		break;
	case A_IN_LIST:
		check_expr(e->u.in_list.arg, size, depth + 1);
		for (int i = 0; i < e->u.in_list.n_items; i++)
			check_expr(e->u.in_list.items[i], size, depth + 1);
		break;
	case A_IN_QUERY:
		check_expr(e->u.in_query.arg, size, depth + 1);
		check_query(e->u.in_query.query, size, depth + 1);
		break;
	case A_LIKE:
		check_expr(e->u.like.arg, size, depth + 1);
		check_expr(e->u.like.pattern, size, depth + 1);
		check_expr(e->u.like.escape, size, depth + 1);
		break;
	case A_CASE:
		check_expr(e->u.case_.operand, size, depth + 1);
		for (int i = 0; i < e->u.case_.n_whens; i++) {
			check_expr(e->u.case_.whens[i], size, depth + 1);
			check_expr(e->u.case_.thens[i], size, depth + 1);
		}
		check_expr(e->u.case_.else_, size, depth + 1);
		break;
	case A_CAST:
		check_expr(e->u.cast.arg, size, depth + 1);
		if (!e->u.cast.type_name || !e->u.cast.type_name[0])
			__builtin_trap();
		break;
	case A_FUNC:
		if (!e->u.func.name.name)
			__builtin_trap();
		for (int i = 0; i < e->u.func.n_args; i++)
			check_expr(e->u.func.args[i], size, depth + 1);
		check_expr(e->u.func.filter, size, depth + 1);
		break;
	case A_SUBQUERY:
	case A_EXISTS:
		check_query(e->u.subquery, size, depth + 1);
		break;
	case A_COLUMN:
		if (!e->u.col.name.name)
			__builtin_trap();
		break;
	default:
		break;
	}
}

static void check_query(const struct ast_query *q, size_t size, int depth)
{
	if (!q || q->n_bodies < 1)
		__builtin_trap();
	for (int i = 0; i < q->n_ctes; i++)
		check_query(q->ctes[i].query, size, depth + 1);
	for (int i = 0; i < q->n_bodies; i++) {
		const struct ast_select *s = q->bodies[i];
		if (!s || s->n_items < 1)
			__builtin_trap();
		for (int k = 0; k < s->n_items; k++)
			check_expr(s->items[k].expr, size, depth + 1);
		if (s->from && s->from->kind == FROM_SUBQUERY)
			check_query(s->from->query, size, depth + 1);
		check_expr(s->where, size, depth + 1);
		for (int k = 0; k < s->n_group_by; k++)
			check_expr(s->group_by[k], size, depth + 1);
		check_expr(s->having, size, depth + 1);
	}
	for (int i = 0; i < q->n_order_by; i++)
		check_expr(q->order_by[i].expr, size, depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct ast_script *script = NULL;
	struct flowq_error err;
	arena_init(&a, 0);
	flowq_status st = sql_parse((const char *)data, size, &a, &script, &err);
	if (st == FLOWQ_OK) {
		for (int i = 0; i < script->n_stmts; i++)
			if (script->stmts[i]->query)
				check_query(script->stmts[i]->query, size, 0);
	} else if (err.code != st || (err.pos >= 0 && (size_t)err.pos + (size_t)err.len > size)) {
		__builtin_trap();
	}
	arena_free(&a);
	return 0;
}
