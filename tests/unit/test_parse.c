/*
 * test_parse.c - the SQL tokenizer and parser.
 *
 * Expression shapes are checked as S-expressions written by the small
 * printer below, e.g. "1+2*3" must read "(+ 1 (* 2 3))"; the expected
 * strings are worked out by hand from Trino's precedence rules.  Error
 * tests check the exact message and the byte span of the bad token.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/ast.h"
#include "sql/lex.h"
#include "t.h"

/* ---- helpers ---------------------------------------------------------- */

struct pr {
	char buf[4096];
	size_t n;
};

static void put(struct pr *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct pr *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (o->n < sizeof o->buf)
		o->n += (size_t)vsnprintf(o->buf + o->n, sizeof o->buf - o->n, fmt, ap);
	va_end(ap);
	if (o->n > sizeof o->buf)
		o->n = sizeof o->buf;
}

static void pr_ident(struct pr *o, const struct ast_ident *id)
{
	put(o, id->quoted ? "\"%s\"" : "%s", id->name);
}

static const char *const unit_names[] = {"year", "month", "day", "hour", "minute", "second"};

static void pr_expr(struct pr *o, const struct ast_expr *e);

static void pr_args(struct pr *o, struct ast_expr *const *args, int n)
{
	for (int i = 0; i < n; i++) {
		put(o, " ");
		pr_expr(o, args[i]);
	}
}

static void pr_expr(struct pr *o, const struct ast_expr *e)
{
	if (!e) {
		put(o, "<null>");
		return;
	}
	switch (e->kind) {
	case A_NULL: put(o, "NULL"); break;
	case A_BOOL: put(o, e->u.b ? "TRUE" : "FALSE"); break;
	case A_INT: put(o, "%lld", (long long)e->u.i); break;
	case A_DOUBLE: put(o, "%gd", e->u.d); break;
	case A_STRING: put(o, "'%.*s'", (int)e->u.str.len, e->u.str.p); break;
	case A_TYPED:
		put(o, "%s'%.*s'", e->u.typed.type_name, (int)e->u.typed.text.len,
		    e->u.typed.text.p);
		break;
	case A_INTERVAL:
		put(o, "(interval %s'%.*s' %s", e->u.interval.negative ? "-" : "",
		    (int)e->u.interval.text.len, e->u.interval.text.p,
		    unit_names[e->u.interval.unit]);
		if (e->u.interval.to_unit != e->u.interval.unit)
			put(o, " to %s", unit_names[e->u.interval.to_unit]);
		put(o, ")");
		break;
	case A_COLUMN:
	case A_STAR:
		if (e->u.col.qualifier) {
			pr_ident(o, e->u.col.qualifier);
			put(o, ".");
		}
		if (e->kind == A_STAR)
			put(o, "*");
		else
			pr_ident(o, &e->u.col.name);
		break;
	case A_UNARY:
		put(o, "(%s ", ast_op_name(e->u.unary.op));
		pr_expr(o, e->u.unary.arg);
		put(o, ")");
		break;
	case A_BINARY:
	case A_DISTINCT_FROM:
		put(o, "(%s ", ast_op_name(e->u.binary.op));
		pr_expr(o, e->u.binary.left);
		put(o, " ");
		pr_expr(o, e->u.binary.right);
		put(o, ")");
		break;
	case A_IS_NULL:
		put(o, e->u.is_null.negated ? "(notnull " : "(isnull ");
		pr_expr(o, e->u.is_null.arg);
		put(o, ")");
		break;
	case A_BETWEEN:
		put(o, e->u.between.negated ? "(not-between " : "(between ");
		pr_expr(o, e->u.between.arg);
		put(o, " ");
		pr_expr(o, e->u.between.lo);
		put(o, " ");
		pr_expr(o, e->u.between.hi);
		put(o, ")");
		break;
	case A_IN_LIST:
		put(o, e->u.in_list.negated ? "(not-in " : "(in ");
		pr_expr(o, e->u.in_list.arg);
		pr_args(o, e->u.in_list.items, e->u.in_list.n_items);
		put(o, ")");
		break;
	case A_IN_QUERY:
		put(o, e->u.in_query.negated ? "(not-in " : "(in ");
		pr_expr(o, e->u.in_query.arg);
		put(o, " <query>)");
		break;
	case A_LIKE:
		put(o, e->u.like.negated ? "(not-like " : "(like ");
		pr_expr(o, e->u.like.arg);
		put(o, " ");
		pr_expr(o, e->u.like.pattern);
		if (e->u.like.escape) {
			put(o, " escape ");
			pr_expr(o, e->u.like.escape);
		}
		put(o, ")");
		break;
	case A_CASE:
		put(o, "(case");
		if (e->u.case_.operand) {
			put(o, " ");
			pr_expr(o, e->u.case_.operand);
		}
		for (int i = 0; i < e->u.case_.n_whens; i++) {
			put(o, " (when ");
			pr_expr(o, e->u.case_.whens[i]);
			put(o, " ");
			pr_expr(o, e->u.case_.thens[i]);
			put(o, ")");
		}
		if (e->u.case_.else_) {
			put(o, " (else ");
			pr_expr(o, e->u.case_.else_);
			put(o, ")");
		}
		put(o, ")");
		break;
	case A_CAST:
		put(o, "(%s ", e->u.cast.try_ ? "try_cast" : "cast");
		pr_expr(o, e->u.cast.arg);
		put(o, " %s)", e->u.cast.type_name);
		break;
	case A_FUNC:
		put(o, "(");
		pr_ident(o, &e->u.func.name);
		if (e->u.func.distinct)
			put(o, " distinct");
		if (e->u.func.star)
			put(o, " *");
		pr_args(o, e->u.func.args, e->u.func.n_args);
		if (e->u.func.filter) {
			put(o, " (filter ");
			pr_expr(o, e->u.func.filter);
			put(o, ")");
		}
		put(o, ")");
		break;
	case A_SUBQUERY: put(o, "(subquery)"); break;
	case A_EXISTS: put(o, "(exists)"); break;
	}
}

/* A parsed script kept alive for the checks of one test. */
struct parsed {
	struct arena a;
	struct ast_script *s;
	struct flowq_error err;
	flowq_status st;
	char text[4096];
};

static struct parsed *parse(const char *sql)
{
	struct parsed *p = calloc(1, sizeof *p);
	arena_init(&p->a, 0);
	p->st = sql_parse(sql, strlen(sql), &p->a, &p->s, &p->err);
	return p;
}

static void done(struct parsed *p)
{
	arena_free(&p->a);
	free(p);
}

static const struct ast_select *first_select(const struct parsed *p)
{
	if (p->st != FLOWQ_OK || p->s->n_stmts < 1 || !p->s->stmts[0]->query)
		return NULL;
	return p->s->stmts[0]->query->bodies[0];
}

/* The S-expression of the first select item of `SELECT <expr>`. */
static const char *expr_of(struct parsed *p)
{
	const struct ast_select *s = first_select(p);
	if (!s) {
		snprintf(p->text, sizeof p->text, "error: %s", p->err.msg);
		return p->text;
	}
	struct pr o = {.n = 0};
	pr_expr(&o, s->items[0].expr);
	snprintf(p->text, sizeof p->text, "%s", o.buf);
	return p->text;
}

/* Parse `SELECT <e>` and compare the first item with want. */
#define CHECK_EXPR(e, want)                                                          \
	do {                                                                         \
		struct parsed *p_ = parse("SELECT " e);                              \
		CHECK_STR(expr_of(p_), want);                                        \
		done(p_);                                                            \
	} while (0)

/* Parse sql and check it fails with the given status, message and span. */
#define CHECK_ERR(sql, want_code, want_msg, want_pos, want_len)                    \
	do {                                                                         \
		struct parsed *p_ = parse(sql);                                      \
		CHECK_INT(p_->st, want_code);                                        \
		CHECK_INT(p_->err.code, want_code);                                  \
		CHECK_STR(p_->err.msg, want_msg);                                    \
		CHECK_INT(p_->err.pos, want_pos);                                    \
		CHECK_INT(p_->err.len, want_len);                                    \
		done(p_);                                                            \
	} while (0)

/* ---- the tokenizer ---------------------------------------------------- */

TEST(lex_keyword_table_sorted)
{
	for (int k = KW_NONE + 2; k < KW__COUNT; k++)
		CHECK(strcmp(tok_kw_name((enum tok_kw)(k - 1)), tok_kw_name((enum tok_kw)k)) < 0);
	for (int k = KW_NONE + 1; k < KW__COUNT; k++) {
		const char *name = tok_kw_name((enum tok_kw)k);
		CHECK_INT(tok_lookup(name, strlen(name)), k);
	}
	CHECK_INT(tok_lookup("SeLeCt", 6), KW_SELECT);
	CHECK_INT(tok_lookup("srcaddr", 7), KW_NONE);
	CHECK(tok_kw_reserved(KW_END));
	CHECK(tok_kw_reserved(KW_LIMIT));
	CHECK(!tok_kw_reserved(KW_DAY));
	CHECK(!tok_kw_reserved(KW_NONE));
}

TEST(lex_tokens)
{
	const char *sql = "SELECT \"A\"\"b\", `end`, 'it''s' -- c\n"
			  " /* x */ <> != <= >= || 1.5e3 .5 7 ; :";
	static const enum tok_kind want[] = {
		TK_IDENT,  TK_QIDENT, TK_COMMA, TK_QIDENT, TK_COMMA, TK_STRING, TK_NE,   TK_NE,
		TK_LE,     TK_GE,     TK_CONCAT, TK_DOUBLE, TK_DOUBLE, TK_INT,  TK_SEMI, TK_COLON,
		TK_EOF,
	};
	struct lexer lx;
	struct token t;
	tok_init(&lx, sql, (int)strlen(sql));
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		tok_next(&lx, &t);
		CHECK_INT(t.kind, want[i]);
		char out[64];
		if (i == 1) {
			CHECK_INT(t.quote, '"');
			size_t n = tok_unquote(sql, &t, out);
			CHECK_MEM(out, n, "A\"b");
		}
		if (i == 3)
			CHECK_INT(t.quote, '`');
		if (i == 5) {
			size_t n = tok_unquote(sql, &t, out);
			CHECK_MEM(out, n, "it's");
		}
		if (i == 11)
			CHECK(t.dval == 1500.0);
		if (i == 12)
			CHECK(t.dval == 0.5);
		if (i == 13)
			CHECK_INT(t.ival, 7);
	}
	tok_next(&lx, &t);
	CHECK_INT(t.kind, TK_EOF);
}

TEST(lex_int_limits)
{
	struct lexer lx;
	struct token t;
	tok_init(&lx, "9223372036854775807", 19);
	tok_next(&lx, &t);
	CHECK_INT(t.kind, TK_INT);
	CHECK(t.ival == INT64_MAX);
	tok_init(&lx, "9223372036854775808", 19);
	tok_next(&lx, &t);
	CHECK_INT(t.kind, TK_ERROR);
	CHECK_INT(t.error, TE_NUMBER_RANGE);
}

TEST(lex_not_nul_terminated)
{
	/* the lexer must stop at len even inside a word, number or string */
	const char buf[] = {'a', 'b', 'c', 'd'};
	struct lexer lx;
	struct token t;
	tok_init(&lx, buf, 2);
	tok_next(&lx, &t);
	CHECK_INT(t.kind, TK_IDENT);
	CHECK_INT(t.len, 2);
	const char num[] = {'1', '2', '.', '5', 'x'};
	tok_init(&lx, num, 4);
	tok_next(&lx, &t);
	CHECK_INT(t.kind, TK_DOUBLE);
	CHECK(t.dval == 12.5);
	const char str[] = {'\'', 'a', '\'', '\''};
	tok_init(&lx, str, 3);
	tok_next(&lx, &t);
	CHECK_INT(t.kind, TK_STRING);
	CHECK_INT(t.len, 3);
}

/* ---- the guide's queries ---------------------------------------------- */

TEST(parse_guide_top_talkers)
{
	struct parsed *p = parse(
		"SELECT srcaddr, dstaddr, SUM(bytes) as total_bytes FROM vpc_flow_logs "
		"WHERE dt = '2026/02/13' GROUP BY srcaddr, dstaddr "
		"ORDER BY total_bytes DESC LIMIT 20;");
	CHECK_INT(p->st, FLOWQ_OK);
	if (p->st == FLOWQ_OK) {
		CHECK_INT(p->s->n_stmts, 1);
		const struct ast_stmt *st = p->s->stmts[0];
		CHECK_INT(st->kind, STMT_QUERY);
		CHECK_INT(st->pos, 0);
		const struct ast_query *q = st->query;
		CHECK_INT(q->n_ctes, 0);
		CHECK_INT(q->n_bodies, 1);
		const struct ast_select *s = q->bodies[0];
		CHECK(!s->distinct);
		CHECK_INT(s->n_items, 3);
		struct pr o = {.n = 0};
		pr_expr(&o, s->items[2].expr);
		CHECK_STR(o.buf, "(sum bytes)");
		CHECK(s->items[0].alias == NULL);
		CHECK(s->items[2].alias && !strcmp(s->items[2].alias->name, "total_bytes"));
		CHECK(s->from && s->from->kind == FROM_TABLE);
		CHECK_STR(s->from->table.name, "vpc_flow_logs");
		CHECK(s->from->schema == NULL && s->from->alias == NULL);
		o.n = 0;
		pr_expr(&o, s->where);
		CHECK_STR(o.buf, "(= dt '2026/02/13')");
		CHECK_INT(s->n_group_by, 2);
		CHECK_STR(s->group_by[1]->u.col.name.name, "dstaddr");
		CHECK(s->having == NULL);
		CHECK_INT(q->n_order_by, 1);
		CHECK(q->order_by[0].desc);
		CHECK_INT(q->order_by[0].nulls, 0);
		CHECK_STR(q->order_by[0].expr->u.col.name.name, "total_bytes");
		CHECK_INT(q->limit, 20);
		CHECK_INT(q->offset, 0);
	}
	done(p);
}

TEST(parse_guide_rejects)
{
	struct parsed *p = parse(
		"SELECT srcaddr, dstport, COUNT(*) as reject_count FROM vpc_flow_logs "
		"WHERE action = 'REJECT' AND dt = '2026/02/13' GROUP BY srcaddr, dstport "
		"ORDER BY reject_count DESC LIMIT 50;");
	const struct ast_select *s = first_select(p);
	CHECK(s != NULL);
	if (s) {
		struct pr o = {.n = 0};
		pr_expr(&o, s->items[2].expr);
		CHECK_STR(o.buf, "(count *)");
		CHECK(s->items[2].expr->u.func.star);
		CHECK_INT(s->items[2].expr->u.func.n_args, 0);
		o.n = 0;
		pr_expr(&o, s->where);
		CHECK_STR(o.buf, "(AND (= action 'REJECT') (= dt '2026/02/13'))");
		CHECK_INT(p->s->stmts[0]->query->limit, 50);
	}
	done(p);
}

TEST(parse_guide_distinct_not_in)
{
	struct parsed *p = parse(
		"SELECT DISTINCT dstport, srcaddr, dstaddr FROM vpc_flow_logs "
		"WHERE dstport NOT IN (80, 443, 22, 5432, 6379) AND action = 'ACCEPT' "
		"AND dt = '2026/02/13' ORDER BY dstport;");
	const struct ast_select *s = first_select(p);
	CHECK(s != NULL);
	if (s) {
		CHECK(s->distinct);
		CHECK_INT(s->n_items, 3);
		struct pr o = {.n = 0};
		pr_expr(&o, s->where);
		CHECK_STR(o.buf, "(AND (AND (not-in dstport 80 443 22 5432 6379) "
				 "(= action 'ACCEPT')) (= dt '2026/02/13'))");
		const struct ast_query *q = p->s->stmts[0]->query;
		CHECK_INT(q->n_order_by, 1);
		CHECK(!q->order_by[0].desc);
		CHECK_INT(q->limit, -1);
	}
	done(p);
}

/* ---- expressions ------------------------------------------------------ */

TEST(parse_precedence)
{
	CHECK_EXPR("1+2*3", "(+ 1 (* 2 3))");
	CHECK_EXPR("(1+2)*3", "(* (+ 1 2) 3)");
	CHECK_EXPR("1-2-3", "(- (- 1 2) 3)");
	CHECK_EXPR("8/4%3", "(% (/ 8 4) 3)");
	CHECK_EXPR("a OR b AND c", "(OR a (AND b c))");
	CHECK_EXPR("a AND b OR c", "(OR (AND a b) c)");
	CHECK_EXPR("NOT a = b", "(NOT (= a b))");
	CHECK_EXPR("NOT a AND b", "(AND (NOT a) b)");
	CHECK_EXPR("-x*y", "(* (- x) y)");
	CHECK_EXPR("- -x", "(- (- x))");
	CHECK_EXPR("a || b = c", "(= (|| a b) c)");
	CHECK_EXPR("a || b + c", "(|| a (+ b c))");
	CHECK_EXPR("a + b < c * d", "(< (+ a b) (* c d))");
	CHECK_EXPR("a <> b", "(<> a b)");
	CHECK_EXPR("a != b", "(<> a b)");
	CHECK_EXPR("a >= 1 AND a <= 2", "(AND (>= a 1) (<= a 2))");
	CHECK_EXPR("NOT NOT a", "(NOT (NOT a))");
}

TEST(parse_literals)
{
	CHECK_EXPR("42", "42");
	CHECK_EXPR("1.5", "1.5d");
	CHECK_EXPR(".5", "0.5d");
	CHECK_EXPR("1e3", "1000d");
	CHECK_EXPR("1.5E-3", "0.0015d");
	CHECK_EXPR("'it''s'", "'it's'");
	CHECK_EXPR("''", "''");
	CHECK_EXPR("NULL", "NULL");
	CHECK_EXPR("true", "TRUE");
	CHECK_EXPR("FALSE", "FALSE");
	CHECK_EXPR("9223372036854775807", "9223372036854775807");
}

TEST(parse_identifiers)
{
	CHECK_EXPR("SrcAddr", "srcaddr");
	CHECK_EXPR("\"SrcAddr\"", "\"SrcAddr\"");
	CHECK_EXPR("\"end\"", "\"end\"");
	CHECK_EXPR("`end`", "\"end\"");
	CHECK_EXPR("t.a", "t.a");
	CHECK_EXPR("T.\"A\"", "t.\"A\"");
	CHECK_EXPR("\"a\"\"b\"", "\"a\"b\"");
	/* non-reserved words are ordinary names */
	CHECK_EXPR("start", "start");
	CHECK_EXPR("date", "date");
	CHECK_EXPR("timestamp", "timestamp");
	CHECK_EXPR("year + month + day", "(+ (+ year month) day)");
	CHECK_EXPR("action", "action");
	CHECK_EXPR("region", "region");
	CHECK_EXPR("filter", "filter");
	CHECK_EXPR("location", "location");
	CHECK_EXPR("interval", "interval");
	CHECK_EXPR("rows", "rows");
}

TEST(parse_non_reserved_alias)
{
	struct parsed *p = parse("SELECT start, date_trunc('day', from_unixtime(start)) AS day, "
				 "bytes bytes2, packets \"Pk\" FROM t");
	const struct ast_select *s = first_select(p);
	CHECK(s != NULL);
	if (s) {
		CHECK_INT(s->n_items, 4);
		struct pr o = {.n = 0};
		pr_expr(&o, s->items[1].expr);
		CHECK_STR(o.buf, "(date_trunc 'day' (from_unixtime start))");
		CHECK_STR(s->items[1].alias->name, "day");
		CHECK(!s->items[1].alias->quoted);
		CHECK_STR(s->items[2].alias->name, "bytes2");
		CHECK_STR(s->items[3].alias->name, "Pk");
		CHECK(s->items[3].alias->quoted);
	}
	done(p);
}

TEST(parse_functions)
{
	CHECK_EXPR("COUNT(*)", "(count *)");
	CHECK_EXPR("count(DISTINCT srcaddr)", "(count distinct srcaddr)");
	CHECK_EXPR("count(ALL srcaddr)", "(count srcaddr)");
	CHECK_EXPR("now()", "(now)");
	CHECK_EXPR("\"Lower\"(x)", "(\"Lower\" x)");
	CHECK_EXPR("sum(bytes) FILTER (WHERE action = 'REJECT')",
		   "(sum bytes (filter (= action 'REJECT')))");
	CHECK_EXPR("count(*) filter (where x > 1)", "(count * (filter (> x 1)))");
	CHECK_EXPR("approx_percentile(bytes, 0.5)", "(approx_percentile bytes 0.5d)");
	CHECK_EXPR("current_date", "(current_date)");
	CHECK_EXPR("CURRENT_TIMESTAMP", "(current_timestamp)");
	CHECK_EXPR("current_time", "(current_time)");
	CHECK_EXPR("localtimestamp", "(localtimestamp)");
	CHECK_EXPR("ts AT TIME ZONE 'UTC'", "(at_timezone ts 'UTC')");
	CHECK_EXPR("-ts AT TIME ZONE 'UTC'", "(- (at_timezone ts 'UTC'))");
	CHECK_EXPR("EXTRACT(hour FROM ts)", "(hour ts)");
	CHECK_EXPR("extract(DOW from ts)", "(day_of_week ts)");
	CHECK_EXPR("position('a' IN s)", "(strpos s 'a')");
	CHECK_EXPR("substring(s FROM 2 FOR 3)", "(substring s 2 3)");
	CHECK_EXPR("substring(s, 2)", "(substring s 2)");
	CHECK_EXPR("trim(s)", "(trim s)");
	CHECK_EXPR("trim(LEADING 'x' FROM s)", "(ltrim s 'x')");
	CHECK_EXPR("trim(TRAILING FROM s)", "(rtrim s)");
	CHECK_EXPR("if(a, 1, 2)", "(if a 1 2)");
}

TEST(parse_func_node_fields)
{
	struct parsed *p = parse("SELECT max(bytes) filter (where x=1) FROM t");
	const struct ast_select *s = first_select(p);
	CHECK(s != NULL);
	if (s) {
		const struct ast_expr *e = s->items[0].expr;
		CHECK_INT(e->kind, A_FUNC);
		CHECK_STR(e->u.func.name.name, "max");
		CHECK(!e->u.func.name.quoted);
		CHECK_INT(e->u.func.n_args, 1);
		CHECK(e->u.func.filter != NULL);
		CHECK_INT(e->pos, 7);
		CHECK_INT(e->len, (int)strlen("max(bytes) filter (where x=1)"));
	}
	done(p);
}

TEST(parse_predicates)
{
	CHECK_EXPR("x IS NULL", "(isnull x)");
	CHECK_EXPR("x IS NOT NULL", "(notnull x)");
	CHECK_EXPR("x IS DISTINCT FROM y", "(IS DISTINCT FROM x y)");
	CHECK_EXPR("x IS NOT DISTINCT FROM y + 1", "(IS NOT DISTINCT FROM x (+ y 1))");
	CHECK_EXPR("x BETWEEN 1 AND 2", "(between x 1 2)");
	CHECK_EXPR("x NOT BETWEEN a + 1 AND b AND c", "(AND (not-between x (+ a 1) b) c)");
	CHECK_EXPR("x IN (1)", "(in x 1)");
	CHECK_EXPR("x IN ('a', 'b')", "(in x 'a' 'b')");
	CHECK_EXPR("x IN (SELECT y FROM t)", "(in x <query>)");
	CHECK_EXPR("x NOT IN (SELECT y FROM t)", "(not-in x <query>)");
	CHECK_EXPR("x LIKE '10.%'", "(like x '10.%')");
	CHECK_EXPR("x NOT LIKE 'a!%' ESCAPE '!'", "(not-like x 'a!%' escape '!')");
	CHECK_EXPR("NOT x LIKE 'a'", "(NOT (like x 'a'))");
	CHECK_EXPR("x IS NULL OR y", "(OR (isnull x) y)");
	CHECK_EXPR("EXISTS (SELECT 1 FROM t)", "(exists)");
	CHECK_EXPR("NOT EXISTS (SELECT 1)", "(NOT (exists))");
}

TEST(parse_case)
{
	CHECK_EXPR("CASE WHEN a = 1 THEN 'one' WHEN a = 2 THEN 'two' ELSE 'many' END",
		   "(case (when (= a 1) 'one') (when (= a 2) 'two') (else 'many'))");
	CHECK_EXPR("CASE action WHEN 'ACCEPT' THEN 1 END", "(case action (when 'ACCEPT' 1))");
	CHECK_EXPR("CASE WHEN a THEN CASE WHEN b THEN 1 END END",
		   "(case (when a (case (when b 1))))");
	/* many arms: the when and then lists grow separately */
	CHECK_EXPR("CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' WHEN 3 THEN 'c' WHEN 4 THEN 'd' "
		   "WHEN 5 THEN 'e' WHEN 6 THEN 'f' END",
		   "(case x (when 1 'a') (when 2 'b') (when 3 'c') (when 4 'd') (when 5 'e') "
		   "(when 6 'f'))");
}

TEST(parse_cast)
{
	CHECK_EXPR("CAST(x AS varchar(10))", "(cast x varchar(10))");
	CHECK_EXPR("CAST(srcaddr AS IPADDRESS)", "(cast srcaddr ipaddress)");
	CHECK_EXPR("TRY_CAST(x AS bigint)", "(try_cast x bigint)");
	CHECK_EXPR("try_cast(x AS DECIMAL(10, 2))", "(try_cast x decimal(10,2))");
	CHECK_EXPR("cast(x as timestamp with time zone)", "(cast x timestamp with time zone)");
	CHECK_EXPR("cast(x as Double Precision)", "(cast x double precision)");
	CHECK_EXPR("cast(x as timestamp(3))", "(cast x timestamp(3))");
	CHECK_EXPR("cast(x as array(varchar))", "(cast x array(varchar))");
	struct parsed *p = parse("SELECT CAST(x AS varchar(10))");
	const struct ast_select *s = first_select(p);
	if (s) {
		CHECK_INT(s->items[0].expr->u.cast.type_pos, 17);
		CHECK_INT(s->items[0].expr->u.cast.type_len, 11);
	}
	done(p);
}

TEST(parse_typed_literals)
{
	CHECK_EXPR("TIMESTAMP '2026-02-13 00:00:00'", "timestamp'2026-02-13 00:00:00'");
	CHECK_EXPR("DATE '2026-02-13'", "date'2026-02-13'");
	CHECK_EXPR("time '10:00'", "time'10:00'");
	CHECK_EXPR("IPADDRESS '10.0.0.1'", "ipaddress'10.0.0.1'");
	CHECK_EXPR("ts >= TIMESTAMP '2026-02-13' - INTERVAL '1' DAY",
		   "(>= ts (- timestamp'2026-02-13' (interval '1' day)))");
}

TEST(parse_interval)
{
	CHECK_EXPR("INTERVAL '1' DAY", "(interval '1' day)");
	CHECK_EXPR("interval '2' hour", "(interval '2' hour)");
	CHECK_EXPR("INTERVAL -'3' MONTH", "(interval -'3' month)");
	CHECK_EXPR("INTERVAL + '3' YEAR", "(interval '3' year)");
	CHECK_EXPR("INTERVAL '5' MINUTES", "(interval '5' minute)");
	CHECK_EXPR("INTERVAL '1 10:00' DAY TO MINUTE", "(interval '1 10:00' day to minute)");
	CHECK_EXPR("interval '30' second", "(interval '30' second)");
}

TEST(parse_spans)
{
	/*            0123456789012345678901234 */
	const char *sql = "SELECT (a + b) * c, -x, f(1, 2) AS z FROM t";
	struct parsed *p = parse(sql);
	const struct ast_select *s = first_select(p);
	CHECK(s != NULL);
	if (s) {
		const struct ast_expr *mul = s->items[0].expr;
		CHECK_INT(mul->pos, 7);
		CHECK_INT(mul->len, 11); /* "(a + b) * c" */
		CHECK_INT(mul->u.binary.left->pos, 7);
		CHECK_INT(mul->u.binary.left->len, 7); /* "(a + b)" with its parentheses */
		CHECK_INT(mul->u.binary.right->pos, 17);
		CHECK_INT(mul->u.binary.right->len, 1);
		CHECK_INT(s->items[1].expr->pos, 20);
		CHECK_INT(s->items[1].expr->len, 2);
		CHECK_INT(s->items[2].expr->pos, 24);
		CHECK_INT(s->items[2].expr->len, 7);
		CHECK_INT(s->items[2].alias->pos, 35);
		CHECK_INT(s->from->pos, 42);
		CHECK_INT(s->from->len, 1);
		CHECK_INT(s->pos, 0);
		CHECK_INT(s->len, (int)strlen(sql));
	}
	done(p);
}

/* ---- queries ---------------------------------------------------------- */

TEST(parse_select_star)
{
	struct parsed *p = parse("SELECT *, t.*, \"T\".* FROM db.flows AS t WHERE x");
	const struct ast_select *s = first_select(p);
	CHECK(s != NULL);
	if (s) {
		CHECK_INT(s->n_items, 3);
		CHECK_INT(s->items[0].expr->kind, A_STAR);
		CHECK(s->items[0].expr->u.col.qualifier == NULL);
		CHECK(s->items[0].expr->u.col.name.name == NULL);
		CHECK_INT(s->items[1].expr->kind, A_STAR);
		CHECK_STR(s->items[1].expr->u.col.qualifier->name, "t");
		CHECK_INT(s->items[1].expr->pos, 10);
		CHECK_INT(s->items[1].expr->len, 3);
		CHECK_STR(s->items[2].expr->u.col.qualifier->name, "T");
		CHECK(s->items[2].expr->u.col.qualifier->quoted);
		CHECK_STR(s->from->schema->name, "db");
		CHECK_STR(s->from->table.name, "flows");
		CHECK_STR(s->from->alias->name, "t");
	}
	done(p);
	p = parse("SELECT 1 FROM \"AwsDataCatalog\".\"default\".vpc_flow_logs v");
	s = first_select(p);
	CHECK(s != NULL);
	if (s) {
		CHECK_STR(s->from->schema->name, "default");
		CHECK_STR(s->from->table.name, "vpc_flow_logs");
		CHECK_STR(s->from->alias->name, "v");
	}
	done(p);
}

TEST(parse_select_without_from)
{
	struct parsed *p = parse("SELECT 1 + 1");
	const struct ast_select *s = first_select(p);
	CHECK(s && s->from == NULL && s->n_items == 1);
	done(p);
}

TEST(parse_group_having)
{
	struct parsed *p = parse("SELECT srcaddr, count(*) c FROM t GROUP BY 1 "
				 "HAVING count(*) > 10 "
				 "ORDER BY 2 DESC NULLS LAST, 1 ASC NULLS FIRST");
	const struct ast_select *s = first_select(p);
	CHECK(s != NULL);
	if (s) {
		CHECK_INT(s->n_group_by, 1);
		CHECK_INT(s->group_by[0]->kind, A_INT);
		CHECK_INT(s->group_by[0]->u.i, 1);
		struct pr o = {.n = 0};
		pr_expr(&o, s->having);
		CHECK_STR(o.buf, "(> (count *) 10)");
		const struct ast_query *q = p->s->stmts[0]->query;
		CHECK_INT(q->n_order_by, 2);
		CHECK(q->order_by[0].desc);
		CHECK_INT(q->order_by[0].nulls, 2);
		CHECK(!q->order_by[1].desc);
		CHECK_INT(q->order_by[1].nulls, 1);
		CHECK_INT(q->order_by[0].expr->u.i, 2);
	}
	done(p);
}

TEST(parse_cte_union_limit)
{
	struct parsed *p = parse(
		"WITH a AS (SELECT srcaddr FROM t WHERE action = 'REJECT'), "
		"b AS (SELECT dstaddr AS srcaddr FROM t) "
		"SELECT srcaddr FROM a UNION ALL SELECT srcaddr FROM b UNION SELECT 'x' "
		"UNION DISTINCT SELECT 'y' ORDER BY 1 OFFSET 5 ROWS LIMIT 10");
	CHECK_INT(p->st, FLOWQ_OK);
	if (p->st == FLOWQ_OK) {
		const struct ast_query *q = p->s->stmts[0]->query;
		CHECK_INT(q->n_ctes, 2);
		CHECK_STR(q->ctes[0].name.name, "a");
		CHECK_STR(q->ctes[1].name.name, "b");
		CHECK_INT(q->ctes[0].query->n_bodies, 1);
		CHECK(q->ctes[0].query->bodies[0]->where != NULL);
		CHECK_INT(q->n_bodies, 4);
		CHECK(!q->union_distinct[0]);
		CHECK(q->union_distinct[1]);
		CHECK(q->union_distinct[2]);
		CHECK_INT(q->n_order_by, 1);
		CHECK_INT(q->limit, 10);
		CHECK_INT(q->offset, 5);
		CHECK(q->limit_pos > q->offset_pos);
		CHECK_STR(q->bodies[1]->from->table.name, "b");
	}
	done(p);
}

TEST(parse_limit_offset_orders)
{
	const char *forms[] = {
		"SELECT a FROM t LIMIT 10 OFFSET 5",
		"SELECT a FROM t OFFSET 5 LIMIT 10",
		"SELECT a FROM t OFFSET 5 ROW FETCH FIRST 10 ROWS ONLY",
		"SELECT a FROM t FETCH NEXT 10 ROW ONLY OFFSET 5",
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		struct parsed *p = parse(forms[i]);
		CHECK_INT(p->st, FLOWQ_OK);
		if (p->st == FLOWQ_OK) {
			CHECK_INT(p->s->stmts[0]->query->limit, 10);
			CHECK_INT(p->s->stmts[0]->query->offset, 5);
			/* FETCH must not be taken for an alias of t */
			CHECK(p->s->stmts[0]->query->bodies[0]->from->alias == NULL);
		}
		done(p);
	}
	struct parsed *p = parse("SELECT a FROM t LIMIT ALL");
	CHECK(p->st == FLOWQ_OK && p->s->stmts[0]->query->limit == -1);
	done(p);
	p = parse("SELECT a FROM t FETCH FIRST ROW ONLY");
	CHECK(p->st == FLOWQ_OK && p->s->stmts[0]->query->limit == 1);
	done(p);
	p = parse("SELECT a FROM t fetch");
	CHECK(p->st == FLOWQ_OK && !strcmp(first_select(p)->from->alias->name, "fetch"));
	done(p);
}

TEST(parse_subquery_from_and_in)
{
	struct parsed *p = parse("SELECT x.n FROM (SELECT count(*) AS n FROM t) x "
				 "WHERE x.n IN (SELECT 1) AND x.n > (SELECT avg(n) FROM u)");
	const struct ast_select *s = first_select(p);
	CHECK(s != NULL);
	if (s) {
		CHECK_INT(s->from->kind, FROM_SUBQUERY);
		CHECK_STR(s->from->alias->name, "x");
		CHECK_INT(s->from->query->n_bodies, 1);
		CHECK_STR(s->from->query->bodies[0]->items[0].alias->name, "n");
		struct pr o = {.n = 0};
		pr_expr(&o, s->where);
		CHECK_STR(o.buf, "(AND (in x.n <query>) (> x.n (subquery)))");
		const struct ast_expr *gt = s->where->u.binary.right;
		CHECK_INT(gt->u.binary.right->kind, A_SUBQUERY);
		CHECK_STR(gt->u.binary.right->u.subquery->bodies[0]->from->table.name, "u");
	}
	done(p);
	/* a subquery in FROM needs no alias */
	p = parse("SELECT * FROM (SELECT 1)");
	CHECK_INT(p->st, FLOWQ_OK);
	done(p);
}

TEST(parse_parenthesised_queries)
{
	/* a whole parenthesised query is the inner query itself */
	struct parsed *p = parse("(SELECT a FROM t ORDER BY a LIMIT 3)");
	CHECK_INT(p->st, FLOWQ_OK);
	if (p->st == FLOWQ_OK) {
		const struct ast_query *q = p->s->stmts[0]->query;
		CHECK_INT(q->n_bodies, 1);
		CHECK_INT(q->limit, 3);
		CHECK_STR(q->bodies[0]->from->table.name, "t");
	}
	done(p);
	/* the outer tail moves in when the inner has none */
	p = parse("((SELECT a FROM t)) ORDER BY a LIMIT 4");
	CHECK_INT(p->st, FLOWQ_OK);
	if (p->st == FLOWQ_OK) {
		const struct ast_query *q = p->s->stmts[0]->query;
		CHECK_INT(q->n_bodies, 1);
		CHECK_INT(q->limit, 4);
		CHECK_INT(q->n_order_by, 1);
		CHECK_STR(q->bodies[0]->from->table.name, "t");
	}
	done(p);
	/* a plain operand is its SELECT; one with a LIMIT is wrapped */
	p = parse("(SELECT a FROM t) UNION ALL (SELECT b FROM u ORDER BY b LIMIT 1) LIMIT 7");
	CHECK_INT(p->st, FLOWQ_OK);
	if (p->st == FLOWQ_OK) {
		const struct ast_query *q = p->s->stmts[0]->query;
		CHECK_INT(q->n_bodies, 2);
		CHECK_INT(q->limit, 7);
		CHECK_STR(q->bodies[0]->from->table.name, "t");
		const struct ast_select *w = q->bodies[1];
		CHECK_INT(w->n_items, 1);
		CHECK_INT(w->items[0].expr->kind, A_STAR);
		CHECK_INT(w->from->kind, FROM_SUBQUERY);
		CHECK(w->from->alias == NULL);
		CHECK_INT(w->from->query->limit, 1);
	}
	done(p);
	/* an outer LIMIT ALL does not undo an inner LIMIT */
	p = parse("(SELECT a FROM t LIMIT 5) LIMIT ALL");
	CHECK(p->st == FLOWQ_OK && p->s->stmts[0]->query->limit == 5);
	done(p);
	/* an outer WITH moves into a parenthesised query */
	p = parse("WITH w AS (SELECT 1 AS a) (SELECT a FROM w ORDER BY a)");
	CHECK_INT(p->st, FLOWQ_OK);
	if (p->st == FLOWQ_OK) {
		const struct ast_query *q = p->s->stmts[0]->query;
		CHECK_INT(q->n_ctes, 1);
		CHECK_INT(q->n_order_by, 1);
		CHECK_STR(q->bodies[0]->from->table.name, "w");
	}
	done(p);
	/* (inner LIMIT) then outer ORDER BY: both kept, so wrapped */
	p = parse("(SELECT a FROM t LIMIT 10) ORDER BY a");
	CHECK_INT(p->st, FLOWQ_OK);
	if (p->st == FLOWQ_OK) {
		const struct ast_query *q = p->s->stmts[0]->query;
		CHECK_INT(q->n_order_by, 1);
		CHECK_INT(q->limit, -1);
		CHECK_INT(q->bodies[0]->from->kind, FROM_SUBQUERY);
		CHECK_INT(q->bodies[0]->from->query->limit, 10);
	}
	done(p);
	/* a scalar subquery that is a union of parenthesised queries */
	CHECK_EXPR("((SELECT 1) UNION ALL (SELECT 2))", "(subquery)");
	p = parse("SELECT ((SELECT 1) UNION ALL (SELECT 2))");
	if (first_select(p))
		CHECK_INT(first_select(p)->items[0].expr->u.subquery->n_bodies, 2);
	done(p);
	CHECK_EXPR("((SELECT 1)) + 1", "(+ (subquery) 1)");
}

TEST(parse_statements)
{
	struct parsed *p = parse(";; SELECT 1; ;EXPLAIN SELECT 2;EXPLAIN ANALYZE SELECT 3 ;");
	CHECK_INT(p->st, FLOWQ_OK);
	if (p->st == FLOWQ_OK) {
		CHECK_INT(p->s->n_stmts, 3);
		CHECK_INT(p->s->stmts[0]->kind, STMT_QUERY);
		CHECK_INT(p->s->stmts[0]->pos, 3);
		CHECK_INT(p->s->stmts[0]->len, 8);
		CHECK_INT(p->s->stmts[1]->kind, STMT_EXPLAIN);
		CHECK(!p->s->stmts[1]->explain_analyze);
		CHECK_INT(p->s->stmts[2]->kind, STMT_EXPLAIN);
		CHECK(p->s->stmts[2]->explain_analyze);
		CHECK_INT(p->s->stmts[2]->query->bodies[0]->items[0].expr->u.i, 3);
	}
	done(p);
	p = parse("  -- only a comment\n /* and another */ ");
	CHECK(p->st == FLOWQ_OK && p->s->n_stmts == 0);
	done(p);
	p = parse("");
	CHECK(p->st == FLOWQ_OK && p->s->n_stmts == 0);
	done(p);
}

/* ---- DDL -------------------------------------------------------------- */

static const char guide_ddl[] =
	"CREATE EXTERNAL TABLE IF NOT EXISTS vpc_flow_logs (\n"
	"  version int, account_id string, interface_id string, srcaddr string, dstaddr string,\n"
	"  srcport int, dstport int, protocol bigint, packets bigint, bytes bigint,\n"
	"  start bigint, `end` bigint, action string, log_status string\n"
	")\n"
	"PARTITIONED BY (dt string)\n"
	"ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '\n"
	"LOCATION 's3://my-bucket/AWSLogs/123456789012/vpcflowlogs/us-east-1/'\n"
	"TBLPROPERTIES (\"skip.header.line.count\"=\"1\");";

TEST(parse_guide_ddl)
{
	struct parsed *p = parse(guide_ddl);
	CHECK_INT(p->st, FLOWQ_OK);
	if (p->st != FLOWQ_OK) {
		fprintf(stderr, "  %s at %d\n", p->err.msg, p->err.pos);
		done(p);
		return;
	}
	CHECK_INT(p->s->n_stmts, 1);
	const struct ast_stmt *st = p->s->stmts[0];
	CHECK_INT(st->kind, STMT_CREATE_TABLE);
	const struct ast_create_table *ct = st->create;
	CHECK(ct->schema == NULL);
	CHECK_STR(ct->name.name, "vpc_flow_logs");
	CHECK_INT(ct->n_cols, 14);
	static const char *const names[] = {
		"version", "account_id", "interface_id", "srcaddr", "dstaddr", "srcport", "dstport",
		"protocol", "packets", "bytes", "start", "end", "action", "log_status"};
	static const char *const types[] = {
		"int", "string", "string", "string", "string", "int", "int",
		"bigint", "bigint", "bigint", "bigint", "bigint", "string", "string"};
	for (int i = 0; i < 14 && i < ct->n_cols; i++) {
		CHECK_STR(ct->cols[i].name.name, names[i]);
		CHECK_STR(ct->cols[i].type_name, types[i]);
	}
	CHECK(ct->cols[11].name.quoted);
	CHECK(!ct->cols[10].name.quoted);
	CHECK_INT(ct->n_partition_cols, 1);
	CHECK_STR(ct->partition_cols[0].name.name, "dt");
	CHECK_STR(ct->partition_cols[0].type_name, "string");
	CHECK_MEM(ct->field_delim.p, ct->field_delim.len, " ");
	CHECK_MEM(ct->location.p, ct->location.len,
		  "s3://my-bucket/AWSLogs/123456789012/vpcflowlogs/us-east-1/");
	CHECK_INT(ct->n_props, 1);
	CHECK_MEM(ct->prop_keys[0].p, ct->prop_keys[0].len, "skip.header.line.count");
	CHECK_MEM(ct->prop_values[0].p, ct->prop_values[0].len, "1");
	CHECK(ct->skip_header);
	done(p);
}

TEST(parse_projection_ddl)
{
	struct parsed *p = parse(
		"CREATE EXTERNAL TABLE IF NOT EXISTS `vpc_flow_logs` (\n"
		"  `version` int,\n  `account_id` string,\n  `start` bigint,\n  `end` bigint,\n"
		"  `action` string COMMENT 'ACCEPT or REJECT'\n)\n"
		"PARTITIONED BY (`region` string, `dt` string)\n"
		"ROW FORMAT DELIMITED\nFIELDS TERMINATED BY '\\t'\nLINES TERMINATED BY '\\n'\n"
		"STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'\n"
		"OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n"
		"LOCATION 's3://bucket/prefix/AWSLogs/{account_id}/vpcflowlogs/'\n"
		"TBLPROPERTIES (\n"
		"  'skip.header.line.count'='1',\n"
		"  'projection.enabled'='true',\n"
		"  'projection.region.type'='enum',\n"
		"  'projection.region.values'='us-east-1,eu-west-1',\n"
		"  'projection.dt.type'='date',\n"
		"  'projection.dt.range'='2021/01/01,NOW',\n"
		"  'projection.dt.format'='yyyy/MM/dd',\n"
		"  \"storage.location.template\"='s3://bucket/prefix/AWSLogs/${account_id}/"
		"vpcflowlogs/${region}/${dt}'\n"
		")");
	CHECK_INT(p->st, FLOWQ_OK);
	if (p->st == FLOWQ_OK) {
		const struct ast_create_table *ct = p->s->stmts[0]->create;
		CHECK_STR(ct->name.name, "vpc_flow_logs");
		CHECK(ct->name.quoted);
		CHECK_INT(ct->n_cols, 5);
		CHECK_STR(ct->cols[3].name.name, "end");
		CHECK_STR(ct->cols[4].type_name, "string");
		CHECK_INT(ct->n_partition_cols, 2);
		CHECK_STR(ct->partition_cols[0].name.name, "region");
		CHECK_MEM(ct->field_delim.p, ct->field_delim.len, "\t");
		CHECK_INT(ct->n_props, 8);
		CHECK_MEM(ct->prop_keys[6].p, ct->prop_keys[6].len, "projection.dt.format");
		CHECK_MEM(ct->prop_values[6].p, ct->prop_values[6].len, "yyyy/MM/dd");
		CHECK_MEM(ct->prop_keys[7].p, ct->prop_keys[7].len, "storage.location.template");
		CHECK_MEM(ct->prop_values[7].p, ct->prop_values[7].len,
			  "s3://bucket/prefix/AWSLogs/${account_id}/vpcflowlogs/${region}/${dt}");
		CHECK(ct->skip_header);
	}
	done(p);
}

TEST(parse_ddl_variants)
{
	struct parsed *p = parse(
		"CREATE EXTERNAL TABLE db.t (a array<string>, b map<string,int>, "
		"c struct<x:int,y:string>, d decimal(10,2), e varchar(10)) "
		"COMMENT 'flows' "
		"ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe' "
		"WITH SERDEPROPERTIES ('field.delim' = ' ', 'serialization.format' = ' ') "
		"STORED AS TEXTFILE LOCATION 's3://b/p/' "
		"TBLPROPERTIES ('skip.header.line.count'='0', 'EXTERNAL'='true')");
	CHECK_INT(p->st, FLOWQ_OK);
	if (p->st == FLOWQ_OK) {
		const struct ast_create_table *ct = p->s->stmts[0]->create;
		CHECK_STR(ct->schema->name, "db");
		CHECK_STR(ct->name.name, "t");
		CHECK_STR(ct->cols[0].type_name, "array<string>");
		CHECK_STR(ct->cols[1].type_name, "map<string,int>");
		CHECK_STR(ct->cols[2].type_name, "struct<x:int,y:string>");
		CHECK_STR(ct->cols[3].type_name, "decimal(10,2)");
		CHECK_STR(ct->cols[4].type_name, "varchar(10)");
		CHECK_MEM(ct->field_delim.p, ct->field_delim.len, " ");
		CHECK(!ct->skip_header);
		CHECK_INT(ct->n_props, 2);
	}
	done(p);
	/* no TBLPROPERTIES, no delimiter */
	p = parse("CREATE EXTERNAL TABLE t (a int) STORED AS PARQUET LOCATION 's3://x/'");
	CHECK_INT(p->st, FLOWQ_OK);
	if (p->st == FLOWQ_OK) {
		const struct ast_create_table *ct = p->s->stmts[0]->create;
		CHECK_INT(ct->field_delim.len, 0);
		CHECK_INT(ct->n_props, 0);
		CHECK(!ct->skip_header);
	}
	done(p);
}

TEST(parse_skipped_ddl)
{
	struct parsed *p = parse(
		"CREATE DATABASE IF NOT EXISTS flows;\n"
		"DROP TABLE IF EXISTS flows.vpc_flow_logs;\n"
		"CREATE EXTERNAL TABLE t (a int) LOCATION 's3://x/';\n"
		"MSCK REPAIR TABLE t;\n"
		"ALTER TABLE t ADD IF NOT EXISTS PARTITION (dt='2026/02/13') "
		"LOCATION 's3://x/2026/02/13/' PARTITION (dt = '2026/02/14', n = 5);\n"
		"ALTER TABLE t DROP PARTITION (dt='2026/02/13'), PARTITION (dt='2026/02/14');\n"
		"CREATE SCHEMA s COMMENT 'x' LOCATION 's3://y/';\n"
		"SELECT * FROM t");
	CHECK_INT(p->st, FLOWQ_OK);
	if (p->st == FLOWQ_OK) {
		CHECK_INT(p->s->n_stmts, 2);
		CHECK_INT(p->s->stmts[0]->kind, STMT_CREATE_TABLE);
		CHECK_INT(p->s->stmts[1]->kind, STMT_QUERY);
	}
	done(p);
}

/* ---- errors ----------------------------------------------------------- */

TEST(parse_error_messages)
{
	CHECK_ERR("SELECT count(* FROM t", FLOWQ_ERR_SQL_SYNTAX,
		  "expected ')' but found 'FROM'", 15, 4);
	CHECK_ERR("SELECT a FROM t WHERE", FLOWQ_ERR_SQL_SYNTAX,
		  "unexpected end of query, expected an expression", 21, 0);
	CHECK_ERR("SELECT 'abc", FLOWQ_ERR_SQL_SYNTAX, "unterminated string literal", 7, 1);
	CHECK_ERR("SELECT \"abc", FLOWQ_ERR_SQL_SYNTAX, "unterminated quoted identifier", 7, 1);
	CHECK_ERR("SELECT a @ b", FLOWQ_ERR_SQL_SYNTAX, "unknown character '@'", 9, 1);
	CHECK_ERR("SELECT 99999999999999999999", FLOWQ_ERR_SQL_SYNTAX, "number out of range", 7,
		  20);
	CHECK_ERR("SELECT 1e999", FLOWQ_ERR_SQL_SYNTAX, "number out of range", 7, 5);
	CHECK_ERR("SELECT 12abc", FLOWQ_ERR_SQL_SYNTAX, "malformed number '12abc'", 7, 5);
	CHECK_ERR("SELECT /* x", FLOWQ_ERR_SQL_SYNTAX, "unterminated comment", 7, 2);
	CHECK_ERR("SELECT \"\" FROM t", FLOWQ_ERR_SQL_SYNTAX, "zero-length quoted identifier", 7,
		  2);
	CHECK_ERR("SELECT a FROM t GROUP srcaddr", FLOWQ_ERR_SQL_SYNTAX,
		  "expected BY but found 'srcaddr'", 22, 7);
	CHECK_ERR("SELECT a b c FROM t", FLOWQ_ERR_SQL_SYNTAX, "unexpected 'c'", 11, 1);
	CHECK_ERR("SELECT FROM t", FLOWQ_ERR_SQL_SYNTAX,
		  "expected an expression but found 'FROM'", 7, 4);
	CHECK_ERR("SELECT a FROM", FLOWQ_ERR_SQL_SYNTAX,
		  "unexpected end of query, expected a table name or '('", 13, 0);
	CHECK_ERR("SELECT a = b = c", FLOWQ_ERR_SQL_SYNTAX, "unexpected '='", 13, 1);
	CHECK_ERR("SELECT CASE WHEN a THEN 1", FLOWQ_ERR_SQL_SYNTAX,
		  "unexpected end of query, expected WHEN, ELSE or END", 25, 0);
	CHECK_ERR("SELECT CAST(a AS) FROM t", FLOWQ_ERR_SQL_SYNTAX,
		  "expected a type name but found ')'", 16, 1);
	CHECK_ERR("SELECT a FROM t LIMIT -1", FLOWQ_ERR_SQL_SYNTAX,
		  "expected a number but found '-'", 22, 1);
	CHECK_ERR("SELECT a FROM t LIMIT 1 LIMIT 2", FLOWQ_ERR_SQL_SYNTAX,
		  "more than one LIMIT or FETCH FIRST", 24, 5);
	CHECK_ERR("SELECT a NOT b", FLOWQ_ERR_SQL_SYNTAX,
		  "expected BETWEEN, IN or LIKE but found 'b'", 13, 1);
	CHECK_ERR("DELETE FROM t", FLOWQ_ERR_SQL_SYNTAX,
		  "expected a statement (SELECT, WITH, EXPLAIN or CREATE EXTERNAL TABLE) "
		  "but found 'DELETE'", 0, 6);
	CHECK_ERR("SELECT 1 SELECT 2", FLOWQ_ERR_SQL_SYNTAX, "unexpected 'SELECT'", 9, 6);
	CHECK_ERR("SELECT INTERVAL '1' WEEK", FLOWQ_ERR_SQL_SYNTAX,
		  "expected YEAR, MONTH, DAY, HOUR, MINUTE or SECOND but found 'WEEK'", 20, 4);
	CHECK_ERR("SELECT 'x' FROM t; SELECT @", FLOWQ_ERR_SQL_SYNTAX,
		  "unknown character '@'", 26, 1);
	/* long tokens are cut in the message */
	CHECK_ERR("SELECT a FROM t x 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'",
		  FLOWQ_ERR_SQL_SYNTAX,
		  "unexpected ''aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'", 18, 53);
}

TEST(parse_error_control_and_utf8)
{
	CHECK_ERR("SELECT \x01", FLOWQ_ERR_SQL_SYNTAX, "unknown character '\\x01'", 7, 1);
	struct parsed *p = parse("SELECT \xe2\x80\x98x\xe2\x80\x99");
	CHECK_INT(p->st, FLOWQ_ERR_SQL_SYNTAX);
	CHECK_STR(p->err.msg, "unknown character '\xe2\x80\x98'");
	CHECK_INT(p->err.pos, 7);
	CHECK_INT(p->err.len, 3);
	CHECK(strstr(p->err.hint, "straight quotes") != NULL);
	done(p);
	/* a NUL byte inside the text is an unknown character, not the end */
	const char sql[] = "SELECT 1\0 + 2";
	struct arena a;
	struct ast_script *s;
	struct flowq_error err;
	arena_init(&a, 0);
	CHECK_INT(sql_parse(sql, sizeof sql - 1, &a, &s, &err), FLOWQ_ERR_SQL_SYNTAX);
	CHECK_STR(err.msg, "unknown character '\\x00'");
	CHECK_INT(err.pos, 8);
	arena_free(&a);
}

TEST(parse_error_join)
{
	CHECK_ERR("SELECT * FROM a JOIN b ON a.x = b.x", FLOWQ_ERR_SQL_SYNTAX,
		  "JOIN is not supported", 16, 4);
	CHECK_ERR("SELECT * FROM a x LEFT OUTER JOIN b ON true", FLOWQ_ERR_SQL_SYNTAX,
		  "JOIN is not supported", 18, 15);
	CHECK_ERR("SELECT * FROM a CROSS JOIN b", FLOWQ_ERR_SQL_SYNTAX,
		  "JOIN is not supported", 16, 10);
	CHECK_ERR("SELECT * FROM a, b", FLOWQ_ERR_SQL_SYNTAX,
		  "JOIN is not supported (a comma in FROM joins tables)", 15, 1);
}

TEST(parse_error_end_hint)
{
	struct parsed *p = parse("SELECT start, end FROM vpc_flow_logs");
	CHECK_INT(p->st, FLOWQ_ERR_SQL_SYNTAX);
	CHECK_STR(p->err.msg, "expected an expression but found 'end'");
	CHECK_INT(p->err.pos, 14);
	CHECK_INT(p->err.len, 3);
	CHECK_STR(p->err.hint,
		  "\"end\" is a reserved word: write \"end\" (double quotes) or end_time");
	done(p);
	p = parse("SELECT start FROM t WHERE end - start > 60");
	CHECK_STR(p->err.msg, "expected an expression but found 'end'");
	CHECK(p->err.hint[0] != 0);
	done(p);
	p = parse("SELECT x AS end FROM t");
	CHECK_STR(p->err.msg, "expected an alias but found 'end'");
	CHECK(p->err.hint[0] != 0);
	done(p);
	/* END closing a CASE is fine, and other errors carry no hint */
	p = parse("SELECT CASE WHEN \"end\" > 0 THEN 1 END FROM t");
	CHECK_INT(p->st, FLOWQ_OK);
	done(p);
	p = parse("SELECT FROM t");
	CHECK_STR(p->err.hint, "");
	done(p);
}

TEST(parse_error_unsupported)
{
	CHECK_ERR("SELECT row_number() OVER (ORDER BY a) FROM t", FLOWQ_ERR_SQL_SYNTAX,
		  "window functions (OVER) are not supported", 20, 4);
	CHECK_ERR("SELECT a FROM t EXCEPT SELECT a FROM u", FLOWQ_ERR_SQL_SYNTAX,
		  "EXCEPT is not supported", 16, 6);
	CHECK_ERR("WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r", FLOWQ_ERR_SQL_SYNTAX,
		  "WITH RECURSIVE is not supported", 5, 9);
	CHECK_ERR("SELECT a[1] FROM t", FLOWQ_ERR_SQL_SYNTAX,
		  "subscripts (a[i]) are not supported", 8, 1);
	CHECK_ERR("SELECT ARRAY[1, 2]", FLOWQ_ERR_SQL_SYNTAX,
		  "ARRAY[...] constructors are not supported", 12, 1);
	CHECK_ERR("SELECT a FROM t GROUP BY ROLLUP (a)", FLOWQ_ERR_SQL_SYNTAX,
		  "ROLLUP is not supported", 25, 6);
	CHECK_ERR("CREATE TABLE t AS SELECT 1", FLOWQ_ERR_SQL_SYNTAX,
		  "CREATE TABLE AS SELECT is not supported", 15, 2);
}

TEST(parse_error_cast_hint)
{
	struct parsed *p = parse("SELECT x::int FROM t");
	CHECK_STR(p->err.msg, "unexpected ':'");
	CHECK_INT(p->err.pos, 8);
	CHECK(strstr(p->err.hint, "CAST(x AS type)") != NULL);
	done(p);
}

TEST(parse_error_interval_hint)
{
	struct parsed *p = parse("SELECT now() - INTERVAL 1 DAY");
	CHECK_INT(p->st, FLOWQ_ERR_SQL_SYNTAX);
	CHECK_STR(p->err.msg, "expected a quoted string but found '1'");
	CHECK_INT(p->err.pos, 24);
	CHECK(strstr(p->err.hint, "INTERVAL '1' DAY") != NULL);
	done(p);
}

TEST(parse_error_ddl)
{
	CHECK_ERR("CREATE EXTERNAL TABLE t (a int) LOCATION 's3://x' LOCATION 's3://y'",
		  FLOWQ_ERR_SQL_SYNTAX, "more than one LOCATION", 50, 8);
	CHECK_ERR("CREATE EXTERNAL TABLE t (a int) TBLPROPERTIES ('a' = 1)",
		  FLOWQ_ERR_SQL_SYNTAX, "expected a quoted string but found '1'", 53, 1);
	CHECK_ERR("CREATE EXTERNAL TABLE t (a int,)", FLOWQ_ERR_SQL_SYNTAX,
		  "expected a column name but found ')'", 31, 1);
	CHECK_ERR("CREATE EXTERNAL TABLE t (a int) FOO", FLOWQ_ERR_SQL_SYNTAX,
		  "expected COMMENT, PARTITIONED BY, ROW FORMAT, STORED AS, LOCATION or "
		  "TBLPROPERTIES but found 'FOO'", 32, 3);
	/* double-quoted strings are DDL-only: in a query "x" is a column */
	CHECK_EXPR("\"skip\"", "\"skip\"");
}

/* ---- limits ----------------------------------------------------------- */

TEST(parse_limit_nesting)
{
	size_t n = 100000;
	char *sql = malloc(n + 8);
	memcpy(sql, "SELECT ", 7);
	memset(sql + 7, '(', n);
	struct arena a;
	struct ast_script *s;
	struct flowq_error err;
	arena_init(&a, 0);
	CHECK_INT(sql_parse(sql, n + 7, &a, &s, &err), FLOWQ_ERR_LIMIT);
	CHECK_STR(err.msg, "query nested too deeply (more than 200 levels)");
	CHECK(err.pos > 7 && err.pos < 7 + 300);
	arena_free(&a);
	/* the same at statement level (nested parenthesised queries) */
	arena_init(&a, 0);
	CHECK_INT(sql_parse(sql + 7, n, &a, &s, &err), FLOWQ_ERR_LIMIT);
	arena_free(&a);
	/* and for prefix operators, which recurse too */
	for (size_t i = 0; i < n; i++)
		sql[7 + i] = (i % 2) ? ' ' : '-';
	arena_init(&a, 0);
	CHECK_INT(sql_parse(sql, n + 7, &a, &s, &err), FLOWQ_ERR_LIMIT);
	arena_free(&a);
	char *nots = malloc(4 * 1000 + 16);
	strcpy(nots, "SELECT ");
	for (int i = 0; i < 1000; i++)
		strcat(nots, "NOT ");
	strcat(nots, "a");
	arena_init(&a, 0);
	CHECK_INT(sql_parse(nots, strlen(nots), &a, &s, &err), FLOWQ_ERR_LIMIT);
	arena_free(&a);
	free(nots);
	free(sql);
}

TEST(parse_limit_nesting_within_bounds)
{
	/* 150 levels of parentheses are fine, and long flat chains do not nest */
	char sql[1024];
	strcpy(sql, "SELECT ");
	for (int i = 0; i < 150; i++)
		strcat(sql, "(");
	strcat(sql, "1");
	for (int i = 0; i < 150; i++)
		strcat(sql, ")");
	struct parsed *p = parse(sql);
	CHECK_INT(p->st, FLOWQ_OK);
	done(p);
	/* a chain of 900 operators builds a tree 900 deep: still fine */
	struct arena a;
	struct ast_script *s;
	struct flowq_error err;
	size_t n = 900;
	char *flat = malloc(260000 * 4 + 16);
	strcpy(flat, "SELECT 1");
	size_t len = strlen(flat);
	for (size_t i = 0; i < n; i++) {
		memcpy(flat + len, " + 1", 4);
		len += 4;
	}
	arena_init(&a, 0);
	CHECK_INT(sql_parse(flat, len, &a, &s, &err), FLOWQ_OK);
	arena_free(&a);
	/* 260000 of them parse without recursion, but the tree would be too
	 * deep for the recursive passes after the parser */
	for (size_t i = n; i < 260000; i++) {
		memcpy(flat + len, " + 1", 4);
		len += 4;
	}
	arena_init(&a, 0);
	CHECK_INT(sql_parse(flat, len, &a, &s, &err), FLOWQ_ERR_LIMIT);
	CHECK_STR(err.msg, "expression nested too deeply (more than 1000 levels)");
	CHECK_INT(err.pos, 7);
	arena_free(&a);
	/* a long flat IN list or select list is wide, not deep */
	strcpy(flat, "SELECT a FROM t WHERE a IN (1");
	len = strlen(flat);
	for (size_t i = 0; i < 100000; i++) {
		memcpy(flat + len, ", 1", 3);
		len += 3;
	}
	flat[len++] = ')';
	arena_init(&a, 0);
	CHECK_INT(sql_parse(flat, len, &a, &s, &err), FLOWQ_OK);
	arena_free(&a);
	free(flat);
}

TEST(parse_limit_size)
{
	size_t n = (1u << 20) + 1;
	char *sql = malloc(n);
	memset(sql, ' ', n);
	memcpy(sql, "SELECT 1", 8);
	struct arena a;
	struct ast_script *s;
	struct flowq_error err;
	arena_init(&a, 0);
	CHECK_INT(sql_parse(sql, n, &a, &s, &err), FLOWQ_ERR_LIMIT);
	CHECK_INT(sql_parse(sql, n - 1, &a, &s, &err), FLOWQ_OK);
	arena_free(&a);
	free(sql);
}

/* ---- robustness ------------------------------------------------------- */

TEST(parse_every_prefix)
{
	static const char *const queries[] = {
		"WITH a AS (SELECT srcaddr, SUM(bytes) AS b FROM vpc_flow_logs WHERE dt = "
		"'2026/02/13' AND action = 'REJECT' GROUP BY 1 HAVING count(*) > 2) SELECT * "
		"FROM a UNION ALL (SELECT 'x', 1) ORDER BY b DESC NULLS LAST OFFSET 1 LIMIT 5;",
		"SELECT CASE WHEN \"end\" - start > 60 THEN 'long' ELSE 'short' END AS k, "
		"CAST(srcaddr AS ipaddress), TRY_CAST(x AS decimal(10,2)), "
		"date_trunc('hour', from_unixtime(start)) AT TIME ZONE 'UTC', "
		"count(DISTINCT dstport) FILTER (WHERE dstport NOT BETWEEN 1 AND 1023) "
		"FROM t WHERE x IN (SELECT y FROM u) AND NOT EXISTS (SELECT 1) "
		"AND ts > TIMESTAMP '2026-01-01' - INTERVAL '1' DAY AND s LIKE 'a%' ESCAPE '!' "
		"AND z IS NOT DISTINCT FROM -1.5e3 FETCH FIRST 3 ROWS ONLY",
		guide_ddl,
		"ALTER TABLE t ADD PARTITION (dt='x') LOCATION 's3://y'; MSCK REPAIR TABLE t; "
		"/* c */ SELECT extract(hour FROM ts), trim(BOTH 'x' FROM s) -- end\n",
	};
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		size_t n = strlen(queries[q]);
		struct parsed *full = parse(queries[q]);
		CHECK_INT(full->st, FLOWQ_OK);
		if (full->st != FLOWQ_OK)
			fprintf(stderr, "  query %zu: %s at %d\n", q, full->err.msg, full->err.pos);
		done(full);
		for (size_t i = 0; i <= n; i++) {
			/* a heap copy of exactly i bytes, so ASan sees any overread */
			char *copy = malloc(i ? i : 1);
			memcpy(copy, queries[q], i);
			struct arena a;
			struct ast_script *s = NULL;
			struct flowq_error err;
			arena_init(&a, 0);
			flowq_status st = sql_parse(copy, i, &a, &s, &err);
			CHECK(st == FLOWQ_OK || st == FLOWQ_ERR_SQL_SYNTAX);
			if (st != FLOWQ_OK) {
				CHECK(err.pos >= 0 && (size_t)(err.pos + err.len) <= i);
				CHECK(err.msg[0] != 0);
			}
			arena_free(&a);
			free(copy);
		}
	}
}

TEST(parse_op_names)
{
	CHECK_STR(ast_op_name(AST_OP_ADD), "+");
	CHECK_STR(ast_op_name(AST_OP_CONCAT), "||");
	CHECK_STR(ast_op_name(AST_OP_NE), "<>");
	CHECK_STR(ast_op_name(AST_OP_AND), "AND");
	CHECK_STR(ast_op_name(AST_OP_NOT), "NOT");
	CHECK_STR(ast_op_name(AST_OP_NEG), "-");
	CHECK_STR(ast_op_name(AST_OP_IS_NOT_DISTINCT), "IS NOT DISTINCT FROM");
}
