/*
 * parse.c - the SQL parser: statements -> the tree of ast.h.
 *
 * A hand-written recursive-descent parser over the token stream of lex.c,
 * one token of lookahead plus a few peeks (the lexer is a plain offset, so
 * peeking is lexing from a copy).  The grammar is Athena's: Trino for
 * queries, Hive for CREATE EXTERNAL TABLE, and the other DDL that people
 * paste around a table definition (MSCK REPAIR TABLE, ALTER TABLE ... ADD
 * PARTITION, CREATE DATABASE, DROP TABLE) is parsed and dropped.
 *
 * Expression precedence, loosest first, as Trino's grammar has it:
 *
 *   OR  <  AND  <  NOT  <  predicate (= <> < <= > >=, IS, BETWEEN, IN, LIKE)
 *       <  ||  <  + -  <  * / %  <  unary + -  <  AT TIME ZONE  <  primary
 *
 * A predicate takes at most one comparison (a = b = c is an error, as in
 * Trino), and each level has its own small function.  Special forms that
 * have no node of their own are rewritten into function calls the binder
 * already knows: EXTRACT(hour FROM x) -> hour(x), x AT TIME ZONE z ->
 * at_timezone(x, z), POSITION(a IN b) -> strpos(b, a), TRIM(LEADING c FROM
 * s) -> ltrim(s, c), SUBSTRING(s FROM a FOR b) -> substring(s, a, b), and
 * current_date and friends -> calls with no arguments.  A parenthesised
 * query used as a UNION operand becomes its single SELECT when it is a
 * plain one, and SELECT * FROM (query) otherwise.
 *
 * Errors: the first error wins and is sticky.  Failing functions set
 * p->st (and the caller's flowq_error, with the offending token's span)
 * and return NULL/false; every caller passes the failure up.  After an
 * error the current token is forced to end-of-query, so no loop can spin.
 * Recursion is bounded: each nested expression, NOT, unary sign and query
 * counts against MAX_DEPTH, so 100000 '(' is a clean "nested too deeply".
 * Operator chains are parsed in loops, not recursion, but a+b+c+... still
 * builds a tree as deep as the chain is long, and the binder and evaluator
 * walk trees recursively; so each finished query is measured once more
 * (iteratively, with an explicit stack) against MAX_TREE_DEPTH.  That
 * stack is the parser's only malloc: one buffer, freed before returning.
 *
 * Memory: every node, list and string is carved from the caller's arena;
 * lists grow by doubling into fresh arena blocks (the old copy is simply
 * left behind, bounded by the final size).  Spans: every node records the
 * bytes from its first to its last token; a parenthesised expression's
 * span is widened to include its parentheses.
 */
#include "ast.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lex.h"

enum {
	MAX_SQL_LEN = 1 << 20, /* bytes of SQL text */
	MAX_DEPTH = 200,       /* nested expressions, subqueries, NOTs and signs */
	MAX_TREE_DEPTH = 1000, /* levels of the finished tree (a+b+c+... is a+b, then +c...) */
	TOKEN_SHOWN = 40,      /* bytes of a token quoted in an error message */
};

struct parser {
	const char *src;
	int src_len;
	struct lexer lx;  /* positioned just after tok */
	struct token tok; /* the current token */
	int prev_end;     /* offset just past the last consumed token */
	int depth;
	struct arena *a;
	struct flowq_error *err;
	flowq_status st; /* the first error, FLOWQ_OK until then */
};

/* ---- errors ----------------------------------------------------------- */

static bool __attribute__((format(printf, 5, 6)))
fail_at(struct parser *p, flowq_status code, int pos, int len, const char *fmt, ...)
{
	if (p->st != FLOWQ_OK)
		return false;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	err_set_at(p->err, code, pos, len, "%s", msg);
	p->st = code;
	/* Wind down: nothing after an error can match. */
	p->tok.kind = TK_EOF;
	p->tok.kw = KW_NONE;
	p->tok.pos = p->src_len;
	p->tok.len = 0;
	return false;
}

static bool nomem(struct parser *p)
{
	return fail_at(p, FLOWQ_ERR_NOMEM, -1, 0, "out of memory");
}

/* 'text' of a token (cut at TOKEN_SHOWN bytes), or "end of query". */
static const char *describe(const struct parser *p, const struct token *t, char *buf, size_t cap)
{
	if (t->kind == TK_EOF)
		return "end of query";
	int n = t->len;
	const char *dots = "";
	if (n > TOKEN_SHOWN) {
		n = TOKEN_SHOWN;
		while (n > 0 && ((unsigned char)p->src[t->pos + n] & 0xc0) == 0x80)
			n--; /* do not cut a UTF-8 character */
		dots = "...";
	}
	snprintf(buf, cap, "'%.*s%s'", n, p->src + t->pos, dots);
	return buf;
}

static void end_hint(struct parser *p, const struct token *t)
{
	if (t->kind == TK_IDENT && t->kw == KW_END)
		err_hint(p->err,
			 "\"end\" is a reserved word: write \"end\" (double quotes) or end_time");
}

/* "expected WHAT but found 'x'" at the current token. */
static bool fail_expected(struct parser *p, const char *what)
{
	if (p->st != FLOWQ_OK)
		return false;
	struct token t = p->tok;
	if (t.kind == TK_EOF)
		return fail_at(p, FLOWQ_ERR_SQL_SYNTAX, p->prev_end, 0,
			       "unexpected end of query, expected %s", what);
	char buf[TOKEN_SHOWN + 8];
	fail_at(p, FLOWQ_ERR_SQL_SYNTAX, t.pos, t.len, "expected %s but found %s", what,
		describe(p, &t, buf, sizeof buf));
	end_hint(p, &t);
	return false;
}

/* "unexpected 'x'": a token that cannot continue what came before. */
static bool fail_unexpected(struct parser *p)
{
	if (p->st != FLOWQ_OK)
		return false;
	struct token t = p->tok;
	char buf[TOKEN_SHOWN + 8];
	fail_at(p, FLOWQ_ERR_SQL_SYNTAX, t.pos, t.len, "unexpected %s",
		describe(p, &t, buf, sizeof buf));
	end_hint(p, &t);
	if (t.kind == TK_COLON)
		err_hint(p->err, "there are no :: casts in Athena SQL: write CAST(x AS type)");
	return false;
}

/* A construct flowq does not run: "JOIN is not supported" at the token. */
static bool fail_unsupported(struct parser *p, int pos, int len, const char *what)
{
	return fail_at(p, FLOWQ_ERR_SQL_SYNTAX, pos, len, "%s is not supported", what);
}

static const char *const lex_messages[] = {
	[TE_NONE] = "bad token",
	[TE_UNKNOWN_CHAR] = "unknown character",
	[TE_UNTERMINATED_STRING] = "unterminated string literal",
	[TE_UNTERMINATED_IDENT] = "unterminated quoted identifier",
	[TE_UNTERMINATED_COMMENT] = "unterminated comment",
	[TE_EMPTY_IDENT] = "zero-length quoted identifier",
	[TE_BAD_NUMBER] = "malformed number",
	[TE_NUMBER_RANGE] = "number out of range",
	[TE_NUMBER_LONG] = "number literal too long",
};

static bool fail_lex(struct parser *p)
{
	struct token t = p->tok;
	const char *msg = (unsigned)t.error < FQ_ARRAY_LEN(lex_messages) ? lex_messages[t.error]
									 : "bad token";
	const unsigned char *s = (const unsigned char *)p->src + t.pos;
	if (t.error == TE_UNKNOWN_CHAR && t.len == 1 && (s[0] < 0x20 || s[0] >= 0x7f))
		fail_at(p, FLOWQ_ERR_SQL_SYNTAX, t.pos, t.len, "%s '\\x%02x'", msg, s[0]);
	else if (t.error == TE_UNKNOWN_CHAR || t.error == TE_BAD_NUMBER)
		fail_at(p, FLOWQ_ERR_SQL_SYNTAX, t.pos, t.len, "%s '%.*s'", msg,
			FQ_MIN(t.len, TOKEN_SHOWN), (const char *)s);
	else
		fail_at(p, FLOWQ_ERR_SQL_SYNTAX, t.pos, t.len, "%s", msg);
	/* typographic quotes pasted from a document: U+2018, U+2019, U+201C, U+201D */
	if (t.error == TE_UNKNOWN_CHAR && t.len == 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    s[2] >= 0x98 && s[2] <= 0x9d)
		err_hint(p->err, "use straight quotes: 'text' for strings, \"name\" for names");
	return false;
}

/* ---- tokens ----------------------------------------------------------- */

/* Consume the current token.  False once anything has failed. */
static bool advance(struct parser *p)
{
	if (p->st != FLOWQ_OK)
		return false;
	p->prev_end = p->tok.pos + p->tok.len;
	tok_next(&p->lx, &p->tok);
	if (p->tok.kind == TK_ERROR)
		return fail_lex(p);
	return true;
}

/* The token n places after the current one (n >= 1), without consuming. */
static struct token peek(const struct parser *p, int n)
{
	struct lexer lx = p->lx;
	struct token t = p->tok;
	while (n-- > 0 && t.kind != TK_EOF && t.kind != TK_ERROR)
		tok_next(&lx, &t);
	return t;
}

static bool at(const struct parser *p, enum tok_kind k)
{
	return p->tok.kind == k;
}

static bool at_kw(const struct parser *p, enum tok_kw kw)
{
	return p->tok.kind == TK_IDENT && p->tok.kw == kw;
}

static bool is_kw(const struct token *t, enum tok_kw kw)
{
	return t->kind == TK_IDENT && t->kw == kw;
}

static bool accept(struct parser *p, enum tok_kind k)
{
	return at(p, k) && advance(p);
}

static bool accept_kw(struct parser *p, enum tok_kw kw)
{
	return at_kw(p, kw) && advance(p);
}

static bool expect(struct parser *p, enum tok_kind k, const char *what)
{
	return at(p, k) ? advance(p) : fail_expected(p, what);
}

static bool expect_kw(struct parser *p, enum tok_kw kw, const char *what)
{
	return at_kw(p, kw) ? advance(p) : fail_expected(p, what);
}

/* A token usable as a name as it stands: quoted, or an unreserved word. */
static bool is_name(const struct token *t)
{
	return t->kind == TK_QIDENT || (t->kind == TK_IDENT && !tok_kw_reserved(t->kw));
}

static bool enter(struct parser *p)
{
	if (p->depth >= MAX_DEPTH)
		return fail_at(p, FLOWQ_ERR_LIMIT, p->tok.pos, p->tok.len,
			       "query nested too deeply (more than %d levels)", MAX_DEPTH);
	p->depth++;
	return true;
}

static void leave(struct parser *p)
{
	p->depth--;
}

/* ---- allocation ------------------------------------------------------- */

static void *alloc(struct parser *p, size_t n)
{
	void *q = arena_alloc(p->a, n);
	if (!q)
		nomem(p);
	return q;
}

/* Room for one more element in an arena array of *cap (doubling). */
static void *grow(struct parser *p, void *arr, int n, int *cap, size_t size)
{
	if (n < *cap)
		return arr;
	int ncap = *cap ? *cap * 2 : 4;
	void *q = alloc(p, (size_t)ncap * size);
	if (!q)
		return NULL;
	if (n)
		memcpy(q, arr, (size_t)n * size);
	*cap = ncap;
	return q;
}

static struct ast_expr *new_expr(struct parser *p, enum ast_kind kind, int pos)
{
	struct ast_expr *e = alloc(p, sizeof *e);
	if (e) {
		e->kind = kind;
		e->pos = pos;
		e->len = p->prev_end - pos;
	}
	return e;
}

/* Close a node's span at the last consumed token. */
static void *span(struct parser *p, struct ast_expr *e)
{
	if (e)
		e->len = p->prev_end - e->pos;
	return e;
}

static char *lower_dup(struct parser *p, const char *s, int n)
{
	char *z = arena_strndup(p->a, s, (size_t)n);
	if (!z) {
		nomem(p);
		return NULL;
	}
	for (int i = 0; i < n; i++)
		if (z[i] >= 'A' && z[i] <= 'Z')
			z[i] = (char)(z[i] + 32);
	return z;
}

/* The current word or quoted identifier as an ast_ident; consumes it. */
static bool take_ident(struct parser *p, struct ast_ident *id)
{
	const struct token *t = &p->tok;
	char *z;
	if (t->kind == TK_QIDENT) {
		z = alloc(p, (size_t)t->len);
		if (!z)
			return false;
		z[tok_unquote(p->src, t, z)] = 0;
	} else {
		z = lower_dup(p, p->src + t->pos, t->len);
		if (!z)
			return false;
	}
	id->name = z;
	id->quoted = t->kind == TK_QIDENT;
	id->pos = t->pos;
	id->len = t->len;
	return advance(p);
}

static bool parse_ident(struct parser *p, struct ast_ident *id, const char *what)
{
	return is_name(&p->tok) ? take_ident(p, id) : fail_expected(p, what);
}

static struct ast_ident *dup_ident(struct parser *p, const struct ast_ident *id)
{
	struct ast_ident *c = alloc(p, sizeof *c);
	if (c)
		*c = *id;
	return c;
}

/* The current 'string' (or, in DDL, "string") unquoted into the arena. */
static bool take_string(struct parser *p, struct fq_str *out)
{
	const struct token *t = &p->tok;
	char *z = alloc(p, (size_t)t->len);
	if (!z)
		return false;
	size_t n = tok_unquote(p->src, t, z);
	z[n] = 0;
	*out = str_make(z, n);
	return advance(p);
}

/* ---- types ------------------------------------------------------------ */

/* Words that may follow a type's first word: double precision, timestamp
 * with time zone, interval day to second, character varying. */
static bool type_word(const struct token *t)
{
	static const enum tok_kw words[] = {
		KW_PRECISION, KW_WITH, KW_WITHOUT, KW_TIME, KW_ZONE, KW_TO, KW_VARYING,
		KW_YEAR, KW_MONTH, KW_DAY, KW_HOUR, KW_MINUTE, KW_SECOND,
	};
	if (t->kind != TK_IDENT)
		return false;
	for (size_t i = 0; i < FQ_ARRAY_LEN(words); i++)
		if (t->kw == words[i])
			return true;
	return false;
}

/*
 * The text of src[start..end) as a type name: words lower-cased and joined
 * by one space, punctuation without spaces ("decimal(10,2)",
 * "timestamp(3) with time zone", "array<string>").
 */
static char *type_text(struct parser *p, int start, int end)
{
	char *out = alloc(p, (size_t)(end - start) * 2 + 1);
	if (!out)
		return NULL;
	struct lexer lx;
	tok_init(&lx, p->src, end);
	lx.off = start;
	size_t n = 0;
	bool prev_word = false;
	for (;;) {
		struct token t;
		tok_next(&lx, &t);
		if (t.kind == TK_EOF || t.kind == TK_ERROR)
			break;
		bool word = t.kind == TK_IDENT || t.kind == TK_QIDENT || t.kind == TK_INT ||
			    t.kind == TK_DOUBLE;
		if (word && prev_word)
			out[n++] = ' ';
		for (int i = 0; i < t.len; i++) {
			char c = p->src[t.pos + i];
			if (t.kind == TK_IDENT && c >= 'A' && c <= 'Z')
				c = (char)(c + 32);
			out[n++] = c;
		}
		prev_word = word;
	}
	out[n] = 0;
	return out;
}

/* A type: word [ (args) | <args> ] [more words]; see type_text. */
static char *parse_type(struct parser *p, int *pos, int *len)
{
	int start = p->tok.pos;
	if (!(p->tok.kind == TK_IDENT && !tok_kw_reserved(p->tok.kw))) {
		fail_expected(p, "a type name");
		return NULL;
	}
	if (!advance(p))
		return NULL;
	for (;;) {
		if (at(p, TK_LPAREN) || at(p, TK_LT)) {
			int nest = 0;
			do {
				if (at(p, TK_LPAREN) || at(p, TK_LT))
					nest++;
				else if (at(p, TK_RPAREN) || at(p, TK_GT))
					nest--;
				else if (at(p, TK_EOF) || at(p, TK_SEMI))
					return fail_expected(p, "')' or '>'"), NULL;
				if (!advance(p))
					return NULL;
			} while (nest > 0);
		} else if (type_word(&p->tok)) {
			if (!advance(p))
				return NULL;
		} else {
			break;
		}
	}
	if (pos) {
		*pos = start;
		*len = p->prev_end - start;
	}
	return type_text(p, start, p->prev_end);
}

/* ---- expressions ------------------------------------------------------ */

static struct ast_expr *parse_expr(struct parser *p);
static struct ast_expr *parse_concat(struct parser *p);
static struct ast_query *parse_query(struct parser *p);
static struct ast_query *query_rest(struct parser *p, struct ast_query *q,
				    struct ast_select *first, struct ast_query *paren, int pos);
static struct ast_select *as_body(struct parser *p, struct ast_query *q, int pos, int len);

static bool starts_query(const struct token *t)
{
	return is_kw(t, KW_SELECT) || is_kw(t, KW_WITH);
}

static struct ast_expr *binary(struct parser *p, enum ast_op op, struct ast_expr *l,
			       struct ast_expr *r)
{
	if (!l || !r)
		return NULL;
	struct ast_expr *e = new_expr(p, A_BINARY, l->pos);
	if (e) {
		e->u.binary.op = op;
		e->u.binary.left = l;
		e->u.binary.right = r;
	}
	return e;
}

/* Append e to a growing expression list. */
static bool push_expr(struct parser *p, struct ast_expr ***list, int *n, int *cap,
		      struct ast_expr *e)
{
	if (!e)
		return false;
	struct ast_expr **l = grow(p, *list, *n, cap, sizeof *l);
	if (!l)
		return false;
	l[(*n)++] = e;
	*list = l;
	return true;
}

/* A call node named `name` (an unquoted built-in) with the given args. */
static struct ast_expr *make_call(struct parser *p, const char *name, int name_pos, int name_len,
				  int pos, struct ast_expr **args, int n_args)
{
	struct ast_expr *e = new_expr(p, A_FUNC, pos);
	if (!e)
		return NULL;
	e->u.func.name.name = name;
	e->u.func.name.pos = name_pos;
	e->u.func.name.len = name_len;
	if (n_args) {
		e->u.func.args = alloc(p, sizeof *args * (size_t)n_args);
		if (!e->u.func.args)
			return NULL;
		memcpy(e->u.func.args, args, sizeof *args * (size_t)n_args);
	}
	e->u.func.n_args = n_args;
	return e;
}

/* name( [DISTINCT|ALL] args | * ) [FILTER (WHERE cond)]; at '(' */
static struct ast_expr *parse_call(struct parser *p, const struct ast_ident *name,
				   enum tok_kw name_kw)
{
	struct ast_expr *e = new_expr(p, A_FUNC, name->pos);
	if (!e || !advance(p))
		return NULL;
	e->u.func.name = *name;
	int cap = 0;
	if (name_kw == KW_POSITION && !name->quoted) {
		/* POSITION(needle IN haystack) = strpos(haystack, needle) */
		struct ast_expr *needle = parse_concat(p);
		if (!needle || !expect_kw(p, KW_IN, "IN"))
			return NULL;
		struct ast_expr *hay = parse_concat(p);
		if (!push_expr(p, &e->u.func.args, &e->u.func.n_args, &cap, hay) ||
		    !push_expr(p, &e->u.func.args, &e->u.func.n_args, &cap, needle))
			return NULL;
		e->u.func.name.name = "strpos";
	} else if (at(p, TK_STAR)) {
		e->u.func.star = true;
		if (!advance(p))
			return NULL;
	} else if (!at(p, TK_RPAREN)) {
		if (at_kw(p, KW_DISTINCT))
			e->u.func.distinct = true;
		if ((at_kw(p, KW_DISTINCT) || at_kw(p, KW_ALL)) && !advance(p))
			return NULL;
		do {
			if (!push_expr(p, &e->u.func.args, &e->u.func.n_args, &cap, parse_expr(p)))
				return NULL;
		} while (accept(p, TK_COMMA));
		if (name_kw == KW_SUBSTRING && !name->quoted && e->u.func.n_args == 1 &&
		    accept_kw(p, KW_FROM)) {
			/* SUBSTRING(s FROM start [FOR length]) */
			if (!push_expr(p, &e->u.func.args, &e->u.func.n_args, &cap, parse_expr(p)))
				return NULL;
			if (accept_kw(p, KW_FOR) &&
			    !push_expr(p, &e->u.func.args, &e->u.func.n_args, &cap, parse_expr(p)))
				return NULL;
		}
	}
	if (!expect(p, TK_RPAREN, "')'"))
		return NULL;
	if (at_kw(p, KW_FILTER) && peek(p, 1).kind == TK_LPAREN) {
		if (!advance(p) || !advance(p) || !expect_kw(p, KW_WHERE, "WHERE"))
			return NULL;
		e->u.func.filter = parse_expr(p);
		if (!e->u.func.filter || !expect(p, TK_RPAREN, "')'"))
			return NULL;
	}
	if (at_kw(p, KW_OVER)) {
		fail_at(p, FLOWQ_ERR_SQL_SYNTAX, p->tok.pos, p->tok.len,
			"window functions (OVER) are not supported");
		return NULL;
	}
	return span(p, e);
}

/* A column (name, t.name) or a call (name(...)); at a word or quoted name. */
static struct ast_expr *parse_name(struct parser *p)
{
	struct ast_ident first;
	enum tok_kw kw = p->tok.kw;
	if (!take_ident(p, &first))
		return NULL;
	if (at(p, TK_LPAREN))
		return parse_call(p, &first, kw);
	struct ast_expr *e = new_expr(p, A_COLUMN, first.pos);
	if (!e)
		return NULL;
	e->u.col.name = first;
	if (at(p, TK_DOT)) {
		if (!advance(p) || !parse_ident(p, &e->u.col.name, "a column name"))
			return NULL;
		e->u.col.qualifier = dup_ident(p, &first);
		if (!e->u.col.qualifier)
			return NULL;
		if (at(p, TK_LPAREN)) {
			fail_at(p, FLOWQ_ERR_SQL_SYNTAX, first.pos, p->prev_end - first.pos,
				"qualified function names are not supported");
			return NULL;
		}
		if (at(p, TK_DOT)) {
			fail_at(p, FLOWQ_ERR_SQL_SYNTAX, p->tok.pos, p->tok.len,
				"a column reference has at most two parts (table.column)");
			return NULL;
		}
	}
	return span(p, e);
}

static struct ast_expr *parse_case(struct parser *p)
{
	struct ast_expr *e = new_expr(p, A_CASE, p->tok.pos);
	if (!e || !advance(p))
		return NULL;
	if (!at_kw(p, KW_WHEN) && !(e->u.case_.operand = parse_expr(p)))
		return NULL;
	int wcap = 0, tcap = 0, n = 0, n_thens = 0;
	while (accept_kw(p, KW_WHEN)) {
		struct ast_expr *w = parse_expr(p);
		if (!w || !expect_kw(p, KW_THEN, "THEN"))
			return NULL;
		if (!push_expr(p, &e->u.case_.whens, &n, &wcap, w) ||
		    !push_expr(p, &e->u.case_.thens, &n_thens, &tcap, parse_expr(p)))
			return NULL;
	}
	if (p->st != FLOWQ_OK)
		return NULL;
	e->u.case_.n_whens = n;
	if (n == 0)
		return fail_expected(p, "WHEN"), NULL;
	if (accept_kw(p, KW_ELSE) && !(e->u.case_.else_ = parse_expr(p)))
		return NULL;
	if (!expect_kw(p, KW_END, n ? "WHEN, ELSE or END" : "WHEN"))
		return NULL;
	return span(p, e);
}

/* CAST(x AS type) / TRY_CAST(x AS type) */
static struct ast_expr *parse_cast(struct parser *p, bool try_)
{
	struct ast_expr *e = new_expr(p, A_CAST, p->tok.pos);
	if (!e || !advance(p) || !expect(p, TK_LPAREN, "'('"))
		return NULL;
	e->u.cast.try_ = try_;
	if (!(e->u.cast.arg = parse_expr(p)) || !expect_kw(p, KW_AS, "AS"))
		return NULL;
	e->u.cast.type_name = parse_type(p, &e->u.cast.type_pos, &e->u.cast.type_len);
	if (!e->u.cast.type_name || !expect(p, TK_RPAREN, "')'"))
		return NULL;
	return span(p, e);
}

static const struct {
	enum tok_kw kw;
	enum ast_interval_unit unit;
} interval_units[] = {
	{KW_YEAR, IU_YEAR},     {KW_YEARS, IU_YEAR},     {KW_MONTH, IU_MONTH},
	{KW_MONTHS, IU_MONTH},  {KW_DAY, IU_DAY},        {KW_DAYS, IU_DAY},
	{KW_HOUR, IU_HOUR},     {KW_HOURS, IU_HOUR},     {KW_MINUTE, IU_MINUTE},
	{KW_MINUTES, IU_MINUTE}, {KW_SECOND, IU_SECOND}, {KW_SECONDS, IU_SECOND},
};

static bool parse_unit(struct parser *p, enum ast_interval_unit *unit)
{
	for (size_t i = 0; i < FQ_ARRAY_LEN(interval_units); i++)
		if (at_kw(p, interval_units[i].kw)) {
			*unit = interval_units[i].unit;
			return advance(p);
		}
	return fail_expected(p, "YEAR, MONTH, DAY, HOUR, MINUTE or SECOND");
}

/* INTERVAL [+|-] 'text' unit [TO unit] */
static struct ast_expr *parse_interval(struct parser *p)
{
	struct ast_expr *e = new_expr(p, A_INTERVAL, p->tok.pos);
	if (!e || !advance(p))
		return NULL;
	if (at(p, TK_MINUS) || at(p, TK_PLUS)) {
		e->u.interval.negative = at(p, TK_MINUS);
		if (!advance(p))
			return NULL;
	}
	if (!at(p, TK_STRING)) {
		bool number = at(p, TK_INT) || at(p, TK_DOUBLE);
		fail_expected(p, "a quoted string");
		if (number)
			err_hint(p->err, "write the amount in quotes: INTERVAL '1' DAY");
		return NULL;
	}
	if (!take_string(p, &e->u.interval.text) || !parse_unit(p, &e->u.interval.unit))
		return NULL;
	e->u.interval.to_unit = e->u.interval.unit;
	if (accept_kw(p, KW_TO) && !parse_unit(p, &e->u.interval.to_unit))
		return NULL;
	return span(p, e);
}

/* EXTRACT(field FROM x) becomes the function of the same meaning. */
static const struct {
	const char *field, *fn;
} extract_fields[] = {
	{"year", "year"},       {"quarter", "quarter"},
	{"month", "month"},     {"week", "week"},
	{"day", "day"},         {"day_of_month", "day"},
	{"day_of_week", "day_of_week"}, {"dow", "day_of_week"},
	{"day_of_year", "day_of_year"}, {"doy", "day_of_year"},
	{"year_of_week", "year_of_week"}, {"yow", "year_of_week"},
	{"hour", "hour"},       {"minute", "minute"},
	{"second", "second"},   {"timezone_hour", "timezone_hour"},
	{"timezone_minute", "timezone_minute"},
};

static struct ast_expr *parse_extract(struct parser *p)
{
	int pos = p->tok.pos;
	if (!advance(p) || !expect(p, TK_LPAREN, "'('"))
		return NULL;
	struct token f = p->tok;
	const char *fn = NULL;
	if (f.kind == TK_IDENT)
		for (size_t i = 0; i < FQ_ARRAY_LEN(extract_fields) && !fn; i++)
			if (str_eq_nocase(str_make(p->src + f.pos, (size_t)f.len),
					  extract_fields[i].field))
				fn = extract_fields[i].fn;
	if (!fn) {
		fail_expected(p, "a field such as YEAR, MONTH, DAY, HOUR, MINUTE or SECOND");
		return NULL;
	}
	if (!advance(p) || !expect_kw(p, KW_FROM, "FROM"))
		return NULL;
	struct ast_expr *arg = parse_expr(p);
	if (!arg || !expect(p, TK_RPAREN, "')'"))
		return NULL;
	return make_call(p, fn, f.pos, f.len, pos, &arg, 1);
}

/* TRIM([BOTH|LEADING|TRAILING] [chars] FROM s) -> trim/ltrim/rtrim(s[, chars]);
 * TRIM(s) and TRIM(s, chars) are plain calls. */
static struct ast_expr *parse_trim(struct parser *p)
{
	int pos = p->tok.pos, name_pos = p->tok.pos, name_len = p->tok.len;
	const char *fn = "trim";
	if (!advance(p) || !expect(p, TK_LPAREN, "'('"))
		return NULL;
	bool spec = false;
	if (at_kw(p, KW_BOTH) || at_kw(p, KW_LEADING) || at_kw(p, KW_TRAILING)) {
		fn = at_kw(p, KW_LEADING) ? "ltrim" : at_kw(p, KW_TRAILING) ? "rtrim" : "trim";
		spec = true;
		if (!advance(p))
			return NULL;
	}
	struct ast_expr *args[2];
	int n = 0;
	if (spec && accept_kw(p, KW_FROM)) {
		if (!(args[n++] = parse_expr(p)))
			return NULL;
	} else {
		struct ast_expr *x = parse_expr(p);
		if (!x)
			return NULL;
		if (accept_kw(p, KW_FROM)) {
			if (!(args[n++] = parse_expr(p)))
				return NULL;
			args[n++] = x;
		} else if (spec) {
			return fail_expected(p, "FROM"), NULL;
		} else {
			args[n++] = x;
			if (accept(p, TK_COMMA) && !(args[n++] = parse_expr(p)))
				return NULL;
		}
	}
	if (!expect(p, TK_RPAREN, "')'"))
		return NULL;
	return make_call(p, fn, name_pos, name_len, pos, args, n);
}

/* '(' at the current token: a scalar subquery or a parenthesised expression. */
static struct ast_expr *parse_paren(struct parser *p)
{
	int pos = p->tok.pos;
	if (!advance(p))
		return NULL;
	struct ast_expr *e;
	if (starts_query(&p->tok)) {
		e = new_expr(p, A_SUBQUERY, pos);
		if (!e || !(e->u.subquery = parse_query(p)))
			return NULL;
	} else {
		e = parse_expr(p);
		if (!e)
			return NULL;
		/* ((SELECT ...) UNION ALL (SELECT ...)): the subquery goes on */
		if (e->kind == A_SUBQUERY &&
		    (at_kw(p, KW_UNION) || at_kw(p, KW_ORDER) || at_kw(p, KW_LIMIT) ||
		     at_kw(p, KW_OFFSET) || at_kw(p, KW_FETCH))) {
			struct ast_query *q = alloc(p, sizeof *q);
			struct ast_select *first =
				q ? as_body(p, e->u.subquery, e->pos, e->len) : NULL;
			if (!first)
				return NULL;
			q->limit = -1;
			q->limit_pos = q->offset_pos = -1;
			if (!(e->u.subquery = query_rest(p, q, first, e->u.subquery, e->pos)))
				return NULL;
		}
	}
	if (!expect(p, TK_RPAREN, "')'"))
		return NULL;
	e->pos = pos;
	return span(p, e);
}

static const enum tok_kw niladic[] = {
	KW_CURRENT_DATE, KW_CURRENT_TIME, KW_CURRENT_TIMESTAMP, KW_LOCALTIME, KW_LOCALTIMESTAMP,
	KW_CURRENT_USER, KW_CURRENT_CATALOG, KW_CURRENT_SCHEMA, KW_CURRENT_PATH, KW_CURRENT_ROLE,
};

static bool is_niladic(enum tok_kw kw)
{
	for (size_t i = 0; i < FQ_ARRAY_LEN(niladic); i++)
		if (niladic[i] == kw)
			return true;
	return false;
}

static struct ast_expr *parse_primary(struct parser *p)
{
	struct token t = p->tok;
	struct ast_expr *e;
	switch (t.kind) {
	case TK_INT:
	case TK_DOUBLE:
		if (!advance(p) || !(e = new_expr(p, t.kind == TK_INT ? A_INT : A_DOUBLE, t.pos)))
			return NULL;
		if (t.kind == TK_INT)
			e->u.i = t.ival;
		else
			e->u.d = t.dval;
		return e;
	case TK_STRING:
		if (!(e = new_expr(p, A_STRING, t.pos)) || !take_string(p, &e->u.str))
			return NULL;
		return span(p, e);
	case TK_LPAREN:
		return parse_paren(p);
	case TK_QIDENT:
		return parse_name(p);
	case TK_IDENT:
		break;
	default:
		return fail_expected(p, "an expression"), NULL;
	}
	struct token next = peek(p, 1);
	switch (t.kw) {
	case KW_NULL:
	case KW_TRUE:
	case KW_FALSE:
		if (!advance(p) || !(e = new_expr(p, t.kw == KW_NULL ? A_NULL : A_BOOL, t.pos)))
			return NULL;
		e->u.b = t.kw == KW_TRUE;
		return e;
	case KW_CASE:
		return parse_case(p);
	case KW_CAST:
		return parse_cast(p, false);
	case KW_TRY_CAST:
		if (next.kind == TK_LPAREN)
			return parse_cast(p, true);
		break;
	case KW_EXISTS:
		if (!(e = new_expr(p, A_EXISTS, t.pos)) || !advance(p) ||
		    !expect(p, TK_LPAREN, "'('") || !(e->u.subquery = parse_query(p)) ||
		    !expect(p, TK_RPAREN, "')'"))
			return NULL;
		return span(p, e);
	case KW_EXTRACT:
		return parse_extract(p);
	case KW_TRIM:
		return parse_trim(p);
	case KW_NORMALIZE:
		if (next.kind == TK_LPAREN)
			return parse_name(p);
		break;
	case KW_INTERVAL:
		if (next.kind == TK_STRING || next.kind == TK_MINUS || next.kind == TK_PLUS ||
		    ((next.kind == TK_INT || next.kind == TK_DOUBLE) &&
		     peek(p, 2).kind == TK_IDENT))
			return parse_interval(p);
		break;
	default:
		if (is_niladic(t.kw)) {
			if (next.kind == TK_LPAREN)
				return parse_name(p); /* current_timestamp(3) */
			char *name = lower_dup(p, p->src + t.pos, t.len);
			if (!name || !advance(p))
				return NULL;
			return make_call(p, name, t.pos, t.len, t.pos, NULL, 0);
		}
		break;
	}
	if (tok_kw_reserved(t.kw))
		return fail_expected(p, "an expression"), NULL;
	if (next.kind == TK_STRING) {
		/* a typed literal: TIMESTAMP '...', DATE '...', IPADDRESS '...' */
		if (!(e = new_expr(p, A_TYPED, t.pos)) ||
		    !(e->u.typed.type_name = lower_dup(p, p->src + t.pos, t.len)) || !advance(p) ||
		    !take_string(p, &e->u.typed.text))
			return NULL;
		return span(p, e);
	}
	return parse_name(p);
}

/* primary [AT TIME ZONE zone]...: x AT TIME ZONE z is at_timezone(x, z) */
static struct ast_expr *parse_postfix(struct parser *p)
{
	struct ast_expr *e = parse_primary(p);
	while (e) {
		if (at(p, TK_LBRACKET)) {
			bool ctor = e->kind == A_COLUMN && !e->u.col.qualifier &&
				    !e->u.col.name.quoted && !strcmp(e->u.col.name.name, "array");
			fail_at(p, FLOWQ_ERR_SQL_SYNTAX, p->tok.pos, p->tok.len, "%s",
				ctor ? "ARRAY[...] constructors are not supported"
				     : "subscripts (a[i]) are not supported");
			if (!ctor)
				err_hint(p->err, "use element_at(a, i)");
			return NULL;
		}
		if (!at_kw(p, KW_AT))
			break;
		struct token next = peek(p, 1);
		if (!is_kw(&next, KW_TIME))
			break;
		int at_pos = p->tok.pos;
		if (!advance(p) || !advance(p) || !expect_kw(p, KW_ZONE, "ZONE"))
			return NULL;
		int name_len = p->prev_end - at_pos;
		struct ast_expr *args[2] = {e, parse_primary(p)};
		if (!args[1])
			return NULL;
		e = make_call(p, "at_timezone", at_pos, name_len, e->pos, args, 2);
	}
	return e;
}

static struct ast_expr *parse_unary(struct parser *p)
{
	if (!at(p, TK_MINUS) && !at(p, TK_PLUS))
		return parse_postfix(p);
	int pos = p->tok.pos;
	enum ast_op op = at(p, TK_MINUS) ? AST_OP_NEG : AST_OP_PLUS;
	if (!enter(p))
		return NULL;
	struct ast_expr *arg = advance(p) ? parse_unary(p) : NULL;
	leave(p);
	struct ast_expr *e = arg ? new_expr(p, A_UNARY, pos) : NULL;
	if (e) {
		e->u.unary.op = op;
		e->u.unary.arg = arg;
	}
	return e;
}

/* Binary operator tables, one per level. */
struct op_map {
	enum tok_kind tok;
	enum ast_op op;
};

static const struct op_map mul_ops[] = {
	{TK_STAR, AST_OP_MUL}, {TK_SLASH, AST_OP_DIV}, {TK_PERCENT, AST_OP_MOD}};
static const struct op_map add_ops[] = {{TK_PLUS, AST_OP_ADD}, {TK_MINUS, AST_OP_SUB}};
static const struct op_map cmp_ops[] = {
	{TK_EQ, AST_OP_EQ}, {TK_NE, AST_OP_NE}, {TK_LT, AST_OP_LT},
	{TK_LE, AST_OP_LE}, {TK_GT, AST_OP_GT}, {TK_GE, AST_OP_GE},
};

static bool match_op(const struct parser *p, const struct op_map *ops, size_t n, enum ast_op *op)
{
	for (size_t i = 0; i < n; i++)
		if (p->tok.kind == ops[i].tok) {
			*op = ops[i].op;
			return true;
		}
	return false;
}

static struct ast_expr *parse_mul(struct parser *p)
{
	struct ast_expr *l = parse_unary(p);
	enum ast_op op;
	while (l && match_op(p, mul_ops, FQ_ARRAY_LEN(mul_ops), &op))
		l = advance(p) ? binary(p, op, l, parse_unary(p)) : NULL;
	return l;
}

static struct ast_expr *parse_add(struct parser *p)
{
	struct ast_expr *l = parse_mul(p);
	enum ast_op op;
	while (l && match_op(p, add_ops, FQ_ARRAY_LEN(add_ops), &op))
		l = advance(p) ? binary(p, op, l, parse_mul(p)) : NULL;
	return l;
}

static struct ast_expr *parse_concat(struct parser *p)
{
	struct ast_expr *l = parse_add(p);
	while (l && at(p, TK_CONCAT))
		l = advance(p) ? binary(p, AST_OP_CONCAT, l, parse_add(p)) : NULL;
	return l;
}

/* x [NOT] IN ( list | query ); at IN */
static struct ast_expr *parse_in(struct parser *p, struct ast_expr *l, bool negated)
{
	if (!advance(p) || !expect(p, TK_LPAREN, "'('"))
		return NULL;
	struct ast_expr *e;
	if (starts_query(&p->tok)) {
		if (!(e = new_expr(p, A_IN_QUERY, l->pos)) ||
		    !(e->u.in_query.query = parse_query(p)))
			return NULL;
		e->u.in_query.arg = l;
		e->u.in_query.negated = negated;
	} else {
		if (!(e = new_expr(p, A_IN_LIST, l->pos)))
			return NULL;
		e->u.in_list.arg = l;
		e->u.in_list.negated = negated;
		int cap = 0;
		do {
			if (!push_expr(p, &e->u.in_list.items, &e->u.in_list.n_items, &cap,
				       parse_expr(p)))
				return NULL;
		} while (accept(p, TK_COMMA));
	}
	if (!expect(p, TK_RPAREN, "')'"))
		return NULL;
	return span(p, e);
}

/* value [comparison | IS ... | [NOT] BETWEEN/IN/LIKE ...]: one predicate at most */
static struct ast_expr *parse_predicate(struct parser *p)
{
	struct ast_expr *l = parse_concat(p), *e;
	enum ast_op op;
	if (!l)
		return NULL;
	if (match_op(p, cmp_ops, FQ_ARRAY_LEN(cmp_ops), &op))
		return advance(p) ? binary(p, op, l, parse_concat(p)) : NULL;
	if (at_kw(p, KW_IS)) {
		if (!advance(p))
			return NULL;
		bool negated = accept_kw(p, KW_NOT);
		if (accept_kw(p, KW_NULL)) {
			if (!(e = new_expr(p, A_IS_NULL, l->pos)))
				return NULL;
			e->u.is_null.arg = l;
			e->u.is_null.negated = negated;
			return e;
		}
		if (!expect_kw(p, KW_DISTINCT, negated ? "NULL or DISTINCT FROM"
						       : "NULL, NOT or DISTINCT FROM") ||
		    !expect_kw(p, KW_FROM, "FROM"))
			return NULL;
		struct ast_expr *r = parse_concat(p);
		if (!r || !(e = new_expr(p, A_DISTINCT_FROM, l->pos)))
			return NULL;
		e->u.binary.op = negated ? AST_OP_IS_NOT_DISTINCT : AST_OP_IS_DISTINCT;
		e->u.binary.left = l;
		e->u.binary.right = r;
		return e;
	}
	bool negated = false;
	if (at_kw(p, KW_NOT)) {
		if (!advance(p))
			return NULL;
		negated = true;
		if (!at_kw(p, KW_BETWEEN) && !at_kw(p, KW_IN) && !at_kw(p, KW_LIKE))
			return fail_expected(p, "BETWEEN, IN or LIKE"), NULL;
	}
	if (at_kw(p, KW_IN))
		return parse_in(p, l, negated);
	if (at_kw(p, KW_BETWEEN)) {
		if (!(e = new_expr(p, A_BETWEEN, l->pos)) || !advance(p))
			return NULL;
		e->u.between.arg = l;
		e->u.between.negated = negated;
		if (!(e->u.between.lo = parse_concat(p)) || !expect_kw(p, KW_AND, "AND") ||
		    !(e->u.between.hi = parse_concat(p)))
			return NULL;
		return span(p, e);
	}
	if (at_kw(p, KW_LIKE)) {
		if (!(e = new_expr(p, A_LIKE, l->pos)) || !advance(p))
			return NULL;
		e->u.like.arg = l;
		e->u.like.negated = negated;
		if (!(e->u.like.pattern = parse_concat(p)))
			return NULL;
		if (accept_kw(p, KW_ESCAPE) && !(e->u.like.escape = parse_concat(p)))
			return NULL;
		return span(p, e);
	}
	return l;
}

static struct ast_expr *parse_not(struct parser *p)
{
	if (!at_kw(p, KW_NOT))
		return parse_predicate(p);
	int pos = p->tok.pos;
	if (!enter(p))
		return NULL;
	struct ast_expr *arg = advance(p) ? parse_not(p) : NULL;
	leave(p);
	struct ast_expr *e = arg ? new_expr(p, A_UNARY, pos) : NULL;
	if (e) {
		e->u.unary.op = AST_OP_NOT;
		e->u.unary.arg = arg;
	}
	return e;
}

static struct ast_expr *parse_and(struct parser *p)
{
	struct ast_expr *l = parse_not(p);
	while (l && at_kw(p, KW_AND))
		l = advance(p) ? binary(p, AST_OP_AND, l, parse_not(p)) : NULL;
	return l;
}

static struct ast_expr *parse_or(struct parser *p)
{
	struct ast_expr *l = parse_and(p);
	while (l && at_kw(p, KW_OR))
		l = advance(p) ? binary(p, AST_OP_OR, l, parse_and(p)) : NULL;
	return l;
}

static struct ast_expr *parse_expr(struct parser *p)
{
	if (!enter(p))
		return NULL;
	struct ast_expr *e = parse_or(p);
	leave(p);
	return e;
}

/* ---- queries ---------------------------------------------------------- */

static struct ast_query *new_query(struct parser *p)
{
	struct ast_query *q = alloc(p, sizeof *q);
	if (q) {
		q->limit = -1;
		q->limit_pos = q->offset_pos = -1;
	}
	return q;
}

/*
 * A parenthesised query standing for a UNION operand: its SELECT when it
 * is a plain one, else SELECT * FROM (query) spanning the parentheses.
 */
static struct ast_select *as_body(struct parser *p, struct ast_query *q, int pos, int len)
{
	if (q->n_ctes == 0 && q->n_bodies == 1 && q->n_order_by == 0 && q->limit < 0 &&
	    q->offset == 0)
		return q->bodies[0];
	struct ast_select *s = alloc(p, sizeof *s);
	struct ast_select_item *item = s ? alloc(p, sizeof *item) : NULL;
	struct ast_expr *star = item ? alloc(p, sizeof *star) : NULL;
	struct ast_from *from = star ? alloc(p, sizeof *from) : NULL;
	if (!from)
		return NULL;
	star->kind = A_STAR;
	star->pos = pos;
	star->len = len;
	item->expr = star;
	from->kind = FROM_SUBQUERY;
	from->query = q;
	from->pos = pos;
	from->len = len;
	s->items = item;
	s->n_items = 1;
	s->from = from;
	s->pos = pos;
	s->len = len;
	return s;
}

static bool can_alias(const struct parser *p)
{
	if (!is_name(&p->tok))
		return false;
	if (at_kw(p, KW_FETCH)) { /* FETCH FIRST n ROWS ONLY, not an alias */
		struct token n = peek(p, 1);
		return !is_kw(&n, KW_FIRST) && !is_kw(&n, KW_NEXT);
	}
	return true;
}

/* [AS] alias; *alias stays NULL when there is none. */
static bool parse_alias(struct parser *p, struct ast_ident **alias)
{
	bool as = at_kw(p, KW_AS);
	if (as && !advance(p))
		return false;
	if (!as && !can_alias(p))
		return p->st == FLOWQ_OK;
	struct ast_ident *id = alloc(p, sizeof *id);
	if (!id || !parse_ident(p, id, "an alias"))
		return false;
	*alias = id;
	return true;
}

/* [catalog.][schema.]table: the catalog, when given, is dropped. */
static bool parse_table_name(struct parser *p, struct ast_ident **schema, struct ast_ident *name)
{
	struct ast_ident parts[3];
	int n = 0;
	do {
		if (n == 3)
			return fail_at(p, FLOWQ_ERR_SQL_SYNTAX, p->tok.pos, p->tok.len, "%s",
				       "a table name has at most three parts "
				       "(catalog.schema.table)");
		if (!parse_ident(p, &parts[n++], "a table name"))
			return false;
	} while (accept(p, TK_DOT));
	if (p->st != FLOWQ_OK)
		return false;
	*name = parts[n - 1];
	if (n >= 2 && !(*schema = dup_ident(p, &parts[n - 2])))
		return false;
	return true;
}

static bool parse_select_item(struct parser *p, struct ast_select_item *it)
{
	struct token t1 = peek(p, 1), t2 = peek(p, 2);
	if (at(p, TK_STAR) || (is_name(&p->tok) && t1.kind == TK_DOT && t2.kind == TK_STAR)) {
		struct ast_expr *e = new_expr(p, A_STAR, p->tok.pos);
		if (!e)
			return false;
		if (!at(p, TK_STAR)) { /* t.* */
			struct ast_ident q;
			if (!take_ident(p, &q) || !advance(p) ||
			    !(e->u.col.qualifier = dup_ident(p, &q)))
				return false;
		}
		if (!advance(p))
			return false;
		it->expr = span(p, e);
		return true;
	}
	it->expr = parse_expr(p);
	return it->expr && parse_alias(p, &it->alias);
}

static const enum tok_kw join_words[] = {
	KW_JOIN, KW_INNER, KW_LEFT, KW_RIGHT, KW_FULL, KW_CROSS, KW_NATURAL,
};

/* After the FROM item: JOIN in any spelling, or a comma, is an error. */
static bool reject_join(struct parser *p)
{
	if (at(p, TK_COMMA))
		return fail_at(p, FLOWQ_ERR_SQL_SYNTAX, p->tok.pos, p->tok.len,
			       "JOIN is not supported (a comma in FROM joins tables)");
	for (size_t i = 0; i < FQ_ARRAY_LEN(join_words); i++) {
		if (!at_kw(p, join_words[i]))
			continue;
		int pos = p->tok.pos, end = p->tok.pos + p->tok.len;
		for (int k = 1; k <= 3; k++) { /* LEFT OUTER JOIN: underline up to JOIN */
			struct token t = peek(p, k);
			if (is_kw(&t, KW_JOIN)) {
				end = t.pos + t.len;
				break;
			}
		}
		fail_at(p, FLOWQ_ERR_SQL_SYNTAX, pos, end - pos, "JOIN is not supported");
		err_hint(p->err, "flowq reads one table per query; "
				 "a subquery with IN (SELECT ...) or EXISTS can often stand in");
		return false;
	}
	return true;
}

static struct ast_from *parse_from(struct parser *p)
{
	struct ast_from *f = alloc(p, sizeof *f);
	if (!f)
		return NULL;
	f->pos = p->tok.pos;
	if (at(p, TK_LPAREN)) {
		f->kind = FROM_SUBQUERY;
		if (!advance(p) || !(f->query = parse_query(p)) || !expect(p, TK_RPAREN, "')'"))
			return NULL;
	} else if (is_name(&p->tok)) {
		f->kind = FROM_TABLE;
		if (!parse_table_name(p, &f->schema, &f->table))
			return NULL;
	} else {
		return fail_expected(p, "a table name or '('"), NULL;
	}
	if (!parse_alias(p, &f->alias))
		return NULL;
	f->len = p->prev_end - f->pos;
	return reject_join(p) ? f : NULL;
}

static struct ast_select *parse_select(struct parser *p)
{
	struct ast_select *s = alloc(p, sizeof *s);
	if (!s)
		return NULL;
	s->pos = p->tok.pos;
	if (!advance(p))
		return NULL;
	s->distinct = at_kw(p, KW_DISTINCT);
	if ((at_kw(p, KW_DISTINCT) || at_kw(p, KW_ALL)) && !advance(p))
		return NULL;
	int cap = 0;
	do {
		struct ast_select_item *items = grow(p, s->items, s->n_items, &cap, sizeof *items);
		if (!items)
			return NULL;
		s->items = items;
		if (!parse_select_item(p, &items[s->n_items]))
			return NULL;
		s->n_items++;
	} while (accept(p, TK_COMMA));
	if (accept_kw(p, KW_FROM) && !(s->from = parse_from(p)))
		return NULL;
	if (accept_kw(p, KW_WHERE) && !(s->where = parse_expr(p)))
		return NULL;
	if (at_kw(p, KW_GROUP)) {
		if (!advance(p) || !expect_kw(p, KW_BY, "BY"))
			return NULL;
		if (at_kw(p, KW_ROLLUP) || at_kw(p, KW_CUBE) || at_kw(p, KW_GROUPING)) {
			fail_unsupported(p, p->tok.pos, p->tok.len,
					 at_kw(p, KW_ROLLUP) ? "ROLLUP"
					 : at_kw(p, KW_CUBE) ? "CUBE" : "GROUPING SETS");
			return NULL;
		}
		cap = 0;
		do {
			if (!push_expr(p, &s->group_by, &s->n_group_by, &cap, parse_expr(p)))
				return NULL;
		} while (accept(p, TK_COMMA));
	}
	if (accept_kw(p, KW_HAVING) && !(s->having = parse_expr(p)))
		return NULL;
	if (p->st != FLOWQ_OK)
		return NULL;
	s->len = p->prev_end - s->pos;
	return s;
}

/* A UNION operand: SELECT ... or ( query ).  *paren gets the query in the
 * second case. */
static struct ast_select *parse_term(struct parser *p, struct ast_query **paren)
{
	*paren = NULL;
	if (at_kw(p, KW_SELECT))
		return parse_select(p);
	if (at(p, TK_LPAREN)) {
		int pos = p->tok.pos;
		struct ast_query *q;
		if (!advance(p) || !(q = parse_query(p)) || !expect(p, TK_RPAREN, "')'"))
			return NULL;
		*paren = q;
		return as_body(p, q, pos, p->prev_end - pos);
	}
	if (at_kw(p, KW_VALUES))
		return fail_unsupported(p, p->tok.pos, p->tok.len, "VALUES"), NULL;
	return fail_expected(p, "SELECT"), NULL;
}

static bool parse_count(struct parser *p, int64_t *n)
{
	if (!at(p, TK_INT))
		return fail_expected(p, "a number");
	*n = p->tok.ival;
	return advance(p);
}

static bool parse_order_by(struct parser *p, struct ast_query *q)
{
	if (!advance(p) || !expect_kw(p, KW_BY, "BY"))
		return false;
	int cap = 0;
	do {
		struct ast_order_item *o = grow(p, q->order_by, q->n_order_by, &cap, sizeof *o);
		if (!o)
			return false;
		q->order_by = o;
		o += q->n_order_by;
		if (!(o->expr = parse_expr(p)))
			return false;
		q->n_order_by++;
		o->desc = at_kw(p, KW_DESC);
		if ((at_kw(p, KW_ASC) || at_kw(p, KW_DESC)) && !advance(p))
			return false;
		if (accept_kw(p, KW_NULLS)) {
			if (!at_kw(p, KW_FIRST) && !at_kw(p, KW_LAST))
				return fail_expected(p, "FIRST or LAST");
			o->nulls = at_kw(p, KW_FIRST) ? 1 : 2;
			if (!advance(p))
				return false;
		}
	} while (accept(p, TK_COMMA));
	return p->st == FLOWQ_OK;
}

/* [ORDER BY ...] then OFFSET n [ROWS], LIMIT n|ALL, FETCH FIRST n ROWS ONLY
 * in either order (Trino puts OFFSET first; many people write it last). */
static bool parse_tail(struct parser *p, struct ast_query *q)
{
	if (at_kw(p, KW_ORDER) && !parse_order_by(p, q))
		return false;
	bool have_limit = false, have_offset = false;
	for (;;) {
		struct token t = p->tok;
		if (at_kw(p, KW_OFFSET)) {
			if (have_offset)
				return fail_at(p, FLOWQ_ERR_SQL_SYNTAX, t.pos, t.len,
					       "more than one OFFSET");
			have_offset = true;
			q->offset_pos = t.pos;
			if (!advance(p) || !parse_count(p, &q->offset))
				return false;
			if ((at_kw(p, KW_ROW) || at_kw(p, KW_ROWS)) && !advance(p))
				return false;
			continue;
		}
		bool fetch = false;
		if (at_kw(p, KW_FETCH)) {
			struct token n = peek(p, 1);
			fetch = is_kw(&n, KW_FIRST) || is_kw(&n, KW_NEXT);
		}
		if (!at_kw(p, KW_LIMIT) && !fetch)
			break;
		if (have_limit)
			return fail_at(p, FLOWQ_ERR_SQL_SYNTAX, t.pos, t.len,
				       "more than one LIMIT or FETCH FIRST");
		have_limit = true;
		q->limit_pos = t.pos;
		if (!advance(p))
			return false;
		if (!fetch) {
			if (at_kw(p, KW_ALL)) {
				q->limit = -1;
				if (!advance(p))
					return false;
			} else if (!parse_count(p, &q->limit)) {
				return false;
			}
			continue;
		}
		q->limit = 1; /* FETCH FIRST ROW ONLY */
		if (!advance(p) || (at(p, TK_INT) && !parse_count(p, &q->limit)))
			return false;
		if (!at_kw(p, KW_ROW) && !at_kw(p, KW_ROWS))
			return fail_expected(p, "ROW or ROWS");
		if (!advance(p))
			return false;
		if (at_kw(p, KW_WITH))
			return fail_unsupported(p, p->tok.pos, p->tok.len, "FETCH ... WITH TIES");
		if (!expect_kw(p, KW_ONLY, "ONLY"))
			return false;
	}
	return p->st == FLOWQ_OK;
}

static bool has_tail(const struct ast_query *q)
{
	return q->n_order_by || q->limit >= 0 || q->offset;
}

/* After the first operand (already parsed): UNION ..., then the tail. */
static struct ast_query *query_rest(struct parser *p, struct ast_query *q,
				    struct ast_select *first, struct ast_query *paren, int pos)
{
	int cap = 0, ucap = 0, n_union = 0;
	struct ast_select *body = first;
	for (;;) {
		struct ast_select **b = grow(p, q->bodies, q->n_bodies, &cap, sizeof *b);
		if (!b)
			return NULL;
		q->bodies = b;
		b[q->n_bodies++] = body;
		if (at_kw(p, KW_EXCEPT) || at_kw(p, KW_INTERSECT))
			return fail_unsupported(p, p->tok.pos, p->tok.len,
						at_kw(p, KW_EXCEPT) ? "EXCEPT" : "INTERSECT"),
			       NULL;
		if (!at_kw(p, KW_UNION))
			break;
		if (!advance(p))
			return NULL;
		bool distinct = !at_kw(p, KW_ALL);
		if ((at_kw(p, KW_ALL) || at_kw(p, KW_DISTINCT)) && !advance(p))
			return NULL;
		bool *u = grow(p, q->union_distinct, n_union, &ucap, sizeof *u);
		if (!u)
			return NULL;
		q->union_distinct = u;
		u[n_union++] = distinct;
		struct ast_query *ignored;
		if (!(body = parse_term(p, &ignored)))
			return NULL;
	}
	if (!parse_tail(p, q))
		return NULL;
	q->pos = pos;
	q->len = p->prev_end - pos;
	/* A lone parenthesised query: hand back the inner query itself when
	 * the outer WITH and tail can move into it unchanged. */
	if (q->n_bodies == 1 && paren && !(q->n_ctes && paren->n_ctes) &&
	    !(has_tail(q) && has_tail(paren))) {
		if (q->n_ctes) {
			paren->ctes = q->ctes;
			paren->n_ctes = q->n_ctes;
		}
		if (has_tail(q)) { /* (a LIMIT ALL alone is a no-op and is dropped) */
			paren->order_by = q->order_by;
			paren->n_order_by = q->n_order_by;
			paren->limit = q->limit;
			paren->offset = q->offset;
			paren->limit_pos = q->limit_pos;
			paren->offset_pos = q->offset_pos;
		}
		paren->pos = q->pos;
		paren->len = q->len;
		return paren;
	}
	return q;
}

static bool parse_with(struct parser *p, struct ast_query *q)
{
	if (!advance(p))
		return false;
	if (at_kw(p, KW_RECURSIVE))
		return fail_unsupported(p, p->tok.pos, p->tok.len, "WITH RECURSIVE");
	int cap = 0;
	do {
		struct ast_cte *c = grow(p, q->ctes, q->n_ctes, &cap, sizeof *c);
		if (!c)
			return false;
		q->ctes = c;
		c += q->n_ctes;
		if (!parse_ident(p, &c->name, "a name for the WITH query"))
			return false;
		if (at(p, TK_LPAREN))
			return fail_unsupported(p, p->tok.pos, p->tok.len, "a column list in WITH");
		if (!expect_kw(p, KW_AS, "AS") || !expect(p, TK_LPAREN, "'('") ||
		    !(c->query = parse_query(p)) || !expect(p, TK_RPAREN, "')'"))
			return false;
		q->n_ctes++;
	} while (accept(p, TK_COMMA));
	return p->st == FLOWQ_OK;
}

/* [WITH ...] operand [UNION ...] [ORDER BY] [OFFSET] [LIMIT] */
static struct ast_query *parse_query(struct parser *p)
{
	if (!enter(p))
		return NULL;
	int pos = p->tok.pos;
	struct ast_query *q = new_query(p), *paren = NULL, *r = NULL;
	struct ast_select *first;
	if (q && (!at_kw(p, KW_WITH) || parse_with(p, q)) && (first = parse_term(p, &paren)))
		r = query_rest(p, q, first, paren, pos);
	leave(p);
	return r;
}

/* ---- DDL -------------------------------------------------------------- */

/* 'text' or, as Hive allows in DDL, "text". */
static bool ddl_string(struct parser *p, struct fq_str *out)
{
	if (at(p, TK_STRING) || (at(p, TK_QIDENT) && p->tok.quote == '"'))
		return take_string(p, out);
	return fail_expected(p, "a quoted string");
}

/*
 * Hive reads backslash escapes in DDL strings: FIELDS TERMINATED BY '\t'
 * is a tab and '\001' is byte 1.  Applied to delimiters only.
 */
static struct fq_str hive_unescape(struct parser *p, struct fq_str s)
{
	char *out = alloc(p, (size_t)s.len + 1);
	if (!out)
		return s;
	size_t n = 0;
	for (uint32_t i = 0; i < s.len; i++) {
		char c = s.p[i];
		if (c != '\\' || i + 1 == s.len) {
			out[n++] = c;
			continue;
		}
		c = s.p[++i];
		if (c >= '0' && c <= '7') {
			int v = 0;
			for (int k = 0; k < 3 && i < s.len && s.p[i] >= '0' && s.p[i] <= '7'; k++)
				v = v * 8 + (s.p[i++] - '0');
			i--;
			out[n++] = (char)v;
			continue;
		}
		out[n++] = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
	}
	out[n] = 0;
	return str_make(out, n);
}

/* ( name type [COMMENT 'x'], ... ) */
static bool parse_columns(struct parser *p, struct ast_column_def **cols, int *n)
{
	if (!expect(p, TK_LPAREN, "'('"))
		return false;
	int cap = 0;
	do {
		struct ast_column_def *c = grow(p, *cols, *n, &cap, sizeof *c);
		if (!c)
			return false;
		*cols = c;
		c += *n;
		/* Hive is lenient about keywords as column names; so are we */
		if (!at(p, TK_IDENT) && !at(p, TK_QIDENT))
			return fail_expected(p, "a column name");
		if (!take_ident(p, &c->name) || !(c->type_name = parse_type(p, NULL, NULL)))
			return false;
		(*n)++;
		struct fq_str comment;
		if (accept_kw(p, KW_COMMENT) && !ddl_string(p, &comment))
			return false;
	} while (accept(p, TK_COMMA));
	return expect(p, TK_RPAREN, "',' or ')'");
}

/* ( 'key' = 'value', ... ) */
static bool parse_props(struct parser *p, struct fq_str **keys, struct fq_str **values, int *n)
{
	if (!expect(p, TK_LPAREN, "'('"))
		return false;
	int kcap = 0, vcap = 0;
	do {
		struct fq_str *k = grow(p, *keys, *n, &kcap, sizeof *k);
		struct fq_str *v = k ? grow(p, *values, *n, &vcap, sizeof *v) : NULL;
		if (!v)
			return false;
		*keys = k;
		*values = v;
		if (!ddl_string(p, &k[*n]) || !expect(p, TK_EQ, "'='") || !ddl_string(p, &v[*n]))
			return false;
		(*n)++;
	} while (accept(p, TK_COMMA));
	return expect(p, TK_RPAREN, "',' or ')'");
}

static bool terminated_by(struct parser *p, struct fq_str *s)
{
	return expect_kw(p, KW_TERMINATED, "TERMINATED") && expect_kw(p, KW_BY, "BY") &&
	       ddl_string(p, s);
}

/* ROW FORMAT DELIMITED [FIELDS TERMINATED BY 'c' [ESCAPED BY 'c']]
 * [COLLECTION ITEMS ...] [MAP KEYS ...] [LINES ...] [NULL DEFINED AS 'x'] */
static bool parse_delimited(struct parser *p, struct ast_create_table *ct)
{
	struct fq_str s;
	for (;;) {
		if (accept_kw(p, KW_FIELDS)) {
			if (!terminated_by(p, &s))
				return false;
			ct->field_delim = hive_unescape(p, s);
			if (accept_kw(p, KW_ESCAPED) &&
			    !(expect_kw(p, KW_BY, "BY") && ddl_string(p, &s)))
				return false;
		} else if (accept_kw(p, KW_COLLECTION)) {
			if (!expect_kw(p, KW_ITEMS, "ITEMS") || !terminated_by(p, &s))
				return false;
		} else if (accept_kw(p, KW_MAP)) {
			if (!expect_kw(p, KW_KEYS, "KEYS") || !terminated_by(p, &s))
				return false;
		} else if (accept_kw(p, KW_LINES)) {
			if (!terminated_by(p, &s))
				return false;
		} else if (accept_kw(p, KW_NULL)) {
			if (!expect_kw(p, KW_DEFINED, "DEFINED") || !expect_kw(p, KW_AS, "AS") ||
			    !ddl_string(p, &s))
				return false;
		} else {
			return p->st == FLOWQ_OK;
		}
	}
}

/* ROW FORMAT SERDE 'class' [WITH SERDEPROPERTIES (...)]: a 'field.delim'
 * (LazySimpleSerDe) or 'separatorChar' (OpenCSVSerde) gives the delimiter. */
static bool parse_serde(struct parser *p, struct ast_create_table *ct)
{
	struct fq_str cls, *keys = NULL, *values = NULL;
	int n = 0;
	if (!ddl_string(p, &cls))
		return false;
	if (!at_kw(p, KW_WITH))
		return true;
	if (!advance(p) || !expect_kw(p, KW_SERDEPROPERTIES, "SERDEPROPERTIES") ||
	    !parse_props(p, &keys, &values, &n))
		return false;
	for (int i = 0; i < n; i++)
		if (ct->field_delim.len == 0 &&
		    (str_eq_c(keys[i], "field.delim") || str_eq_c(keys[i], "separatorChar")))
			ct->field_delim = hive_unescape(p, values[i]);
	return true;
}

/* STORED AS INPUTFORMAT '...' OUTPUTFORMAT '...' | STORED AS name */
static bool parse_stored(struct parser *p)
{
	struct fq_str s;
	if (!expect_kw(p, KW_AS, "AS"))
		return false;
	if (accept_kw(p, KW_INPUTFORMAT))
		return ddl_string(p, &s) && expect_kw(p, KW_OUTPUTFORMAT, "OUTPUTFORMAT") &&
		       ddl_string(p, &s);
	if (!at(p, TK_IDENT))
		return fail_expected(p, "a file format or INPUTFORMAT");
	return advance(p);
}

static bool header_lines(struct fq_str v)
{
	int64_t n = 0;
	if (v.len == 0 || v.len > 9)
		return false;
	for (uint32_t i = 0; i < v.len; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
		n = n * 10 + (v.p[i] - '0');
	}
	return n > 0;
}

static const enum tok_kw table_clauses[] = {
	KW_COMMENT, KW_PARTITIONED, KW_ROW, KW_STORED, KW_LOCATION, KW_TBLPROPERTIES,
};

/* The clauses after the column list, each at most once, in any order. */
static bool parse_table_clauses(struct parser *p, struct ast_create_table *ct)
{
	unsigned seen = 0;
	while (!at(p, TK_EOF) && !at(p, TK_SEMI)) {
		struct token t = p->tok;
		size_t i = 0;
		while (i < FQ_ARRAY_LEN(table_clauses) && !at_kw(p, table_clauses[i]))
			i++;
		if (i == FQ_ARRAY_LEN(table_clauses))
			return fail_expected(p, "COMMENT, PARTITIONED BY, ROW FORMAT, STORED AS, "
						"LOCATION or TBLPROPERTIES");
		if (seen & (1u << i))
			return fail_at(p, FLOWQ_ERR_SQL_SYNTAX, t.pos, t.len, "more than one %.*s",
				       t.len, p->src + t.pos);
		seen |= 1u << i;
		if (!advance(p))
			return false;
		struct fq_str s;
		bool ok;
		switch (t.kw) {
		case KW_COMMENT:
			ok = ddl_string(p, &s);
			break;
		case KW_PARTITIONED:
			ok = expect_kw(p, KW_BY, "BY") &&
			     parse_columns(p, &ct->partition_cols, &ct->n_partition_cols);
			break;
		case KW_ROW:
			ok = expect_kw(p, KW_FORMAT, "FORMAT");
			if (ok && accept_kw(p, KW_DELIMITED))
				ok = parse_delimited(p, ct);
			else if (ok && accept_kw(p, KW_SERDE))
				ok = parse_serde(p, ct);
			else if (ok)
				ok = fail_expected(p, "DELIMITED or SERDE");
			break;
		case KW_STORED:
			ok = parse_stored(p);
			break;
		case KW_LOCATION:
			ok = ddl_string(p, &ct->location);
			break;
		default: /* KW_TBLPROPERTIES */
			ok = parse_props(p, &ct->prop_keys, &ct->prop_values, &ct->n_props);
			break;
		}
		if (!ok)
			return false;
	}
	return p->st == FLOWQ_OK;
}

/* IF EXISTS / IF NOT EXISTS, when present. */
static bool skip_if_exists(struct parser *p, bool not_)
{
	if (!accept_kw(p, KW_IF))
		return p->st == FLOWQ_OK;
	return (!not_ || expect_kw(p, KW_NOT, "NOT")) && expect_kw(p, KW_EXISTS, "EXISTS");
}

/* CREATE [EXTERNAL] TABLE ...; at the word after CREATE */
static bool parse_create_table(struct parser *p, struct ast_stmt *st)
{
	bool external = at_kw(p, KW_EXTERNAL);
	if (external && !advance(p))
		return false;
	if (!expect_kw(p, KW_TABLE, external ? "TABLE" : "EXTERNAL TABLE or DATABASE") ||
	    !skip_if_exists(p, true))
		return false;
	struct ast_create_table *ct = alloc(p, sizeof *ct);
	if (!ct || !parse_table_name(p, &ct->schema, &ct->name))
		return false;
	if (at_kw(p, KW_AS) || at_kw(p, KW_WITH))
		return fail_unsupported(p, p->tok.pos, p->tok.len, "CREATE TABLE AS SELECT");
	if (!parse_columns(p, &ct->cols, &ct->n_cols) || !parse_table_clauses(p, ct))
		return false;
	for (int i = 0; i < ct->n_props; i++)
		if (str_eq_c(ct->prop_keys[i], "skip.header.line.count"))
			ct->skip_header = header_lines(ct->prop_values[i]);
	st->kind = STMT_CREATE_TABLE;
	st->create = ct;
	return true;
}

/* PARTITION (key = value, ...) */
static bool skip_partition_spec(struct parser *p)
{
	if (!expect_kw(p, KW_PARTITION, "PARTITION") || !expect(p, TK_LPAREN, "'('"))
		return false;
	do {
		if (!at(p, TK_IDENT) && !at(p, TK_QIDENT))
			return fail_expected(p, "a partition column");
		if (!advance(p) || !expect(p, TK_EQ, "'='"))
			return false;
		if (!at(p, TK_STRING) && !at(p, TK_INT) && !at(p, TK_DOUBLE) &&
		    !(at(p, TK_QIDENT) && p->tok.quote == '"'))
			return fail_expected(p, "a partition value");
		if (!advance(p))
			return false;
	} while (accept(p, TK_COMMA));
	return expect(p, TK_RPAREN, "',' or ')'");
}

/* ALTER TABLE name ADD [IF NOT EXISTS] PARTITION (...) [LOCATION '...'] ...
 * | ALTER TABLE name DROP [IF EXISTS] PARTITION (...) [, PARTITION (...)] */
static bool skip_alter(struct parser *p)
{
	struct ast_ident *schema = NULL, name;
	struct fq_str s;
	if (!advance(p) || !expect_kw(p, KW_TABLE, "TABLE") ||
	    !parse_table_name(p, &schema, &name))
		return false;
	if (accept_kw(p, KW_ADD)) {
		if (!skip_if_exists(p, true))
			return false;
		do {
			if (!skip_partition_spec(p))
				return false;
			if (accept_kw(p, KW_LOCATION) && !ddl_string(p, &s))
				return false;
		} while (at_kw(p, KW_PARTITION));
		return p->st == FLOWQ_OK;
	}
	if (accept_kw(p, KW_DROP)) {
		if (!skip_if_exists(p, false))
			return false;
		do {
			if (!skip_partition_spec(p))
				return false;
		} while (accept(p, TK_COMMA));
		return p->st == FLOWQ_OK;
	}
	return fail_expected(p, "ADD PARTITION or DROP PARTITION");
}

/* DROP TABLE|DATABASE|SCHEMA [IF EXISTS] name [PURGE|CASCADE|RESTRICT] */
static bool skip_drop(struct parser *p)
{
	struct ast_ident *schema = NULL, name;
	if (!advance(p))
		return false;
	if (!at_kw(p, KW_TABLE) && !at_kw(p, KW_DATABASE) && !at_kw(p, KW_SCHEMA))
		return fail_expected(p, "TABLE or DATABASE");
	if (!advance(p) || !skip_if_exists(p, false) || !parse_table_name(p, &schema, &name))
		return false;
	if ((at_kw(p, KW_PURGE) || at_kw(p, KW_CASCADE) || at_kw(p, KW_RESTRICT)) && !advance(p))
		return false;
	return true;
}

/* CREATE DATABASE|SCHEMA [IF NOT EXISTS] name [COMMENT '...'] [LOCATION '...']
 * [WITH DBPROPERTIES (...)]; at DATABASE */
static bool skip_create_database(struct parser *p)
{
	struct ast_ident name;
	struct fq_str s, *keys = NULL, *values = NULL;
	int n = 0;
	if (!advance(p) || !skip_if_exists(p, true) || !parse_ident(p, &name, "a database name"))
		return false;
	for (;;) {
		if (accept_kw(p, KW_COMMENT) || accept_kw(p, KW_LOCATION)) {
			if (!ddl_string(p, &s))
				return false;
		} else if (accept_kw(p, KW_WITH)) {
			if (!expect_kw(p, KW_DBPROPERTIES, "DBPROPERTIES") ||
			    !parse_props(p, &keys, &values, &n))
				return false;
		} else {
			return p->st == FLOWQ_OK;
		}
	}
}

/* MSCK REPAIR TABLE name */
static bool skip_msck(struct parser *p)
{
	struct ast_ident *schema = NULL, name;
	return advance(p) && expect_kw(p, KW_REPAIR, "REPAIR") && expect_kw(p, KW_TABLE, "TABLE") &&
	       parse_table_name(p, &schema, &name);
}

/* ---- tree depth ------------------------------------------------------- */

/* One pending node of the depth walk: an expression or a query. */
struct walk_item {
	const struct ast_expr *e;
	const struct ast_query *q;
	int depth;
};

struct walk {
	struct walk_item *items;
	size_t n, cap;
	bool nomem;
};

static void walk_push(struct walk *w, const struct ast_expr *e, const struct ast_query *q,
		      int depth)
{
	if ((!e && !q) || w->nomem)
		return;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct walk_item *items = realloc(w->items, cap * sizeof *items);
		if (!items) {
			w->nomem = true;
			return;
		}
		w->items = items;
		w->cap = cap;
	}
	w->items[w->n++] = (struct walk_item){e, q, depth};
}

static void walk_exprs(struct walk *w, struct ast_expr *const *list, int n, int depth)
{
	for (int i = 0; i < n; i++)
		walk_push(w, list[i], NULL, depth);
}

static void walk_query(struct walk *w, const struct ast_query *q, int d)
{
	for (int i = 0; i < q->n_ctes; i++)
		walk_push(w, NULL, q->ctes[i].query, d);
	for (int i = 0; i < q->n_bodies; i++) {
		const struct ast_select *s = q->bodies[i];
		for (int k = 0; k < s->n_items; k++)
			walk_push(w, s->items[k].expr, NULL, d);
		if (s->from && s->from->kind == FROM_SUBQUERY)
			walk_push(w, NULL, s->from->query, d);
		walk_push(w, s->where, NULL, d);
		walk_exprs(w, s->group_by, s->n_group_by, d);
		walk_push(w, s->having, NULL, d);
	}
	for (int i = 0; i < q->n_order_by; i++)
		walk_push(w, q->order_by[i].expr, NULL, d);
}

static void walk_expr(struct walk *w, const struct ast_expr *e, int d)
{
	switch (e->kind) {
	case A_UNARY:
		walk_push(w, e->u.unary.arg, NULL, d);
		break;
	case A_BINARY:
	case A_DISTINCT_FROM:
		/* left popped first: a too-long a+b+c+... chain is reported at
		 * its start, not somewhere in its middle */
		walk_push(w, e->u.binary.right, NULL, d);
		walk_push(w, e->u.binary.left, NULL, d);
		break;
	case A_IS_NULL:
		walk_push(w, e->u.is_null.arg, NULL, d);
		break;
	case A_BETWEEN:
		walk_push(w, e->u.between.arg, NULL, d);
		walk_push(w, e->u.between.lo, NULL, d);
		walk_push(w, e->u.between.hi, NULL, d);
		break;
	case A_IN_LIST:
		walk_push(w, e->u.in_list.arg, NULL, d);
		walk_exprs(w, e->u.in_list.items, e->u.in_list.n_items, d);
		break;
	case A_IN_QUERY:
		walk_push(w, e->u.in_query.arg, NULL, d);
		walk_push(w, NULL, e->u.in_query.query, d);
		break;
	case A_LIKE:
		walk_push(w, e->u.like.arg, NULL, d);
		walk_push(w, e->u.like.pattern, NULL, d);
		walk_push(w, e->u.like.escape, NULL, d);
		break;
	case A_CASE:
		walk_push(w, e->u.case_.operand, NULL, d);
		walk_exprs(w, e->u.case_.whens, e->u.case_.n_whens, d);
		walk_exprs(w, e->u.case_.thens, e->u.case_.n_whens, d);
		walk_push(w, e->u.case_.else_, NULL, d);
		break;
	case A_CAST:
		walk_push(w, e->u.cast.arg, NULL, d);
		break;
	case A_FUNC:
		walk_exprs(w, e->u.func.args, e->u.func.n_args, d);
		walk_push(w, e->u.func.filter, NULL, d);
		break;
	case A_SUBQUERY:
	case A_EXISTS:
		walk_push(w, NULL, e->u.subquery, d);
		break;
	default:
		break;
	}
}

/* The query's tree, subqueries included, is at most MAX_TREE_DEPTH deep. */
static bool check_tree_depth(struct parser *p, const struct ast_query *root)
{
	struct walk w = {0};
	bool ok = true;
	walk_push(&w, NULL, root, 1);
	while (w.n && !w.nomem) {
		struct walk_item it = w.items[--w.n];
		if (it.depth > MAX_TREE_DEPTH) {
			int pos = it.e ? it.e->pos : it.q->pos, len = it.e ? it.e->len : it.q->len;
			ok = fail_at(p, FLOWQ_ERR_LIMIT, pos, len,
				     "expression nested too deeply (more than %d levels)",
				     MAX_TREE_DEPTH);
			err_hint(p->err, "a long chain of OR or + is one level per operator; "
					 "x IN (a, b, ...) is not");
			break;
		}
		if (it.e)
			walk_expr(&w, it.e, it.depth + 1);
		else
			walk_query(&w, it.q, it.depth + 1);
	}
	if (w.nomem)
		ok = nomem(p);
	free(w.items);
	return ok;
}

/* ---- statements ------------------------------------------------------- */

/* One statement; *out stays NULL for DDL that is parsed and dropped. */
static bool parse_statement(struct parser *p, struct ast_stmt **out)
{
	int pos = p->tok.pos;
	*out = NULL;
	if (at_kw(p, KW_MSCK))
		return skip_msck(p);
	if (at_kw(p, KW_ALTER))
		return skip_alter(p);
	if (at_kw(p, KW_DROP))
		return skip_drop(p);
	if (at_kw(p, KW_CREATE)) {
		struct token next = peek(p, 1);
		if (is_kw(&next, KW_DATABASE) || is_kw(&next, KW_SCHEMA))
			return advance(p) && skip_create_database(p);
	} else if (!starts_query(&p->tok) && !at(p, TK_LPAREN) && !at_kw(p, KW_EXPLAIN)) {
		return fail_expected(p, "a statement (SELECT, WITH, EXPLAIN or "
					"CREATE EXTERNAL TABLE)");
	}
	struct ast_stmt *st = alloc(p, sizeof *st);
	if (!st)
		return false;
	st->pos = pos;
	if (at_kw(p, KW_CREATE)) {
		if (!advance(p) || !parse_create_table(p, st))
			return false;
	} else {
		st->kind = STMT_QUERY;
		if (at_kw(p, KW_EXPLAIN)) {
			st->kind = STMT_EXPLAIN;
			if (!advance(p))
				return false;
			st->explain_analyze = at_kw(p, KW_ANALYZE);
			if (st->explain_analyze && !advance(p))
				return false;
			struct token next = peek(p, 1);
			if (at(p, TK_LPAREN) && !starts_query(&next) && next.kind != TK_LPAREN)
				return fail_unsupported(p, p->tok.pos, p->tok.len,
							"EXPLAIN with options");
		}
		if (!(st->query = parse_query(p)) || !check_tree_depth(p, st->query))
			return false;
	}
	st->len = p->prev_end - pos;
	*out = st;
	return true;
}

flowq_status sql_parse(const char *sql, size_t len, struct arena *a, struct ast_script **out,
		       struct flowq_error *err)
{
	*out = NULL;
	err_clear(err);
	if (len > MAX_SQL_LEN)
		return err_set(err, FLOWQ_ERR_LIMIT, "SQL text is longer than %d bytes (%zu)",
			       MAX_SQL_LEN, len);
	struct parser p = {.src = sql ? sql : "", .src_len = (int)len, .a = a, .err = err};
	tok_init(&p.lx, p.src, p.src_len);
	struct ast_script *script = alloc(&p, sizeof *script);
	int cap = 0;
	if (script)
		advance(&p);
	while (p.st == FLOWQ_OK) {
		while (accept(&p, TK_SEMI))
			;
		if (at(&p, TK_EOF) || p.st != FLOWQ_OK)
			break;
		struct ast_stmt *st;
		if (!parse_statement(&p, &st))
			break;
		if (!at(&p, TK_SEMI) && !at(&p, TK_EOF)) {
			fail_unexpected(&p);
			break;
		}
		if (!st)
			continue;
		struct ast_stmt **l = grow(&p, script->stmts, script->n_stmts, &cap, sizeof *l);
		if (!l)
			break;
		script->stmts = l;
		l[script->n_stmts++] = st;
	}
	if (p.st != FLOWQ_OK)
		return p.st;
	*out = script;
	return FLOWQ_OK;
}

static const char *const op_names[] = {
	[AST_OP_NEG] = "-",
	[AST_OP_PLUS] = "+",
	[AST_OP_NOT] = "NOT",
	[AST_OP_ADD] = "+",
	[AST_OP_SUB] = "-",
	[AST_OP_MUL] = "*",
	[AST_OP_DIV] = "/",
	[AST_OP_MOD] = "%",
	[AST_OP_CONCAT] = "||",
	[AST_OP_EQ] = "=",
	[AST_OP_NE] = "<>",
	[AST_OP_LT] = "<",
	[AST_OP_LE] = "<=",
	[AST_OP_GT] = ">",
	[AST_OP_GE] = ">=",
	[AST_OP_AND] = "AND",
	[AST_OP_OR] = "OR",
	[AST_OP_IS_DISTINCT] = "IS DISTINCT FROM",
	[AST_OP_IS_NOT_DISTINCT] = "IS NOT DISTINCT FROM",
};

const char *ast_op_name(enum ast_op op)
{
	return (unsigned)op < FQ_ARRAY_LEN(op_names) && op_names[op] ? op_names[op] : "?";
}
