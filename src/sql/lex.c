/*
 * lex.c - the SQL tokenizer.
 *
 * Athena's query language is Trino's, and its lexical rules are small:
 * unquoted identifiers are [A-Za-z_][A-Za-z0-9_]* and case-insensitive,
 * "double quotes" make an identifier case-sensitive (with "" for a quote),
 * 'single quotes' make a string (with '' for a quote), comments are -- to
 * the end of the line and slash-star blocks.  Hive DDL adds `backquoted`
 * identifiers, which we accept everywhere.
 *
 * The lexer does not allocate: a token is a slice of the source plus, for
 * numbers, the value.  Integers are accumulated with an overflow check
 * (Athena rejects a literal over 2^63-1 rather than wrapping it); decimal
 * literals go through strtod on a bounded stack copy, so a pathological
 * 500 KB number is an error, not a large allocation.  flowq never calls
 * setlocale(), so strtod always reads '.' as the decimal point.
 *
 * Keywords are found by binary search in a sorted table generated from
 * the X-macro in lex.h, which also says which words are reserved.
 */
#include "lex.h"

#include <math.h>
#include <stdlib.h>

static const struct {
	const char *name;
	bool reserved;
} keywords[KW__COUNT] = {
	[KW_NONE] = {"", false},
#define R true
#define N false
#define X(id, nm, res) [KW_##id] = {nm, res},
	TOK_KEYWORDS(X)
#undef X
#undef N
#undef R
};

enum { MAX_KEYWORD_LEN = 24, MAX_DECIMAL_LEN = 255 };

static bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

enum tok_kw tok_lookup(const char *p, size_t n)
{
	if (n == 0 || n > MAX_KEYWORD_LEN)
		return KW_NONE;
	char low[MAX_KEYWORD_LEN + 1];
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		low[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
	}
	low[n] = 0;
	int lo = 1, hi = KW__COUNT - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int c = strcmp(low, keywords[mid].name);
		if (c == 0)
			return (enum tok_kw)mid;
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return KW_NONE;
}

const char *tok_kw_name(enum tok_kw kw)
{
	return (unsigned)kw < KW__COUNT ? keywords[kw].name : "";
}

bool tok_kw_reserved(enum tok_kw kw)
{
	return (unsigned)kw < KW__COUNT && keywords[kw].reserved;
}

void tok_init(struct lexer *lx, const char *src, int len)
{
	lx->src = src;
	lx->len = len;
	lx->off = 0;
}

/* Stop the lexer: every later call returns TK_EOF. */
static void lex_error(struct lexer *lx, struct token *t, enum tok_error e, int pos, int len)
{
	t->kind = TK_ERROR;
	t->error = e;
	t->pos = pos;
	t->len = len;
	lx->off = lx->len;
}

/* Length of the UTF-8 character at s[i] (1 when it is not valid UTF-8). */
static int utf8_len(const unsigned char *s, int i, int n)
{
	unsigned char c = s[i];
	int want = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 1;
	if (c >= 0xf5)
		want = 1;
	if (i + want > n)
		return 1;
	for (int k = 1; k < want; k++)
		if ((s[i + k] & 0xc0) != 0x80)
			return 1;
	return want;
}

static void lex_number(struct lexer *lx, struct token *t, int start)
{
	const char *s = lx->src;
	int n = lx->len, i = start;
	bool is_double = false;
	while (i < n && is_digit((unsigned char)s[i]))
		i++;
	if (i < n && s[i] == '.') {
		is_double = true;
		i++;
		while (i < n && is_digit((unsigned char)s[i]))
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		int j = i + 1;
		if (j < n && (s[j] == '+' || s[j] == '-'))
			j++;
		if (j < n && is_digit((unsigned char)s[j])) {
			is_double = true;
			i = j;
			while (i < n && is_digit((unsigned char)s[i]))
				i++;
		}
		/* else: "1e" / "1ex": caught as a malformed number below */
	}
	if (i < n && (is_alpha((unsigned char)s[i]) || is_digit((unsigned char)s[i]))) {
		while (i < n && (is_alpha((unsigned char)s[i]) || is_digit((unsigned char)s[i])))
			i++;
		lex_error(lx, t, TE_BAD_NUMBER, start, i - start);
		return;
	}
	t->pos = start;
	t->len = i - start;
	lx->off = i;
	if (!is_double) {
		int64_t v = 0;
		for (int k = start; k < i; k++) {
			int d = s[k] - '0';
			if (v > (INT64_MAX - d) / 10) {
				lex_error(lx, t, TE_NUMBER_RANGE, start, i - start);
				return;
			}
			v = v * 10 + d;
		}
		t->kind = TK_INT;
		t->ival = v;
		return;
	}
	if (i - start > MAX_DECIMAL_LEN) {
		lex_error(lx, t, TE_NUMBER_LONG, start, i - start);
		return;
	}
	char buf[MAX_DECIMAL_LEN + 1];
	memcpy(buf, s + start, (size_t)(i - start));
	buf[i - start] = 0;
	double d = strtod(buf, NULL);
	if (isinf(d)) {
		lex_error(lx, t, TE_NUMBER_RANGE, start, i - start);
		return;
	}
	t->kind = TK_DOUBLE;
	t->dval = d;
}

/* A quoted run: '...', "..." or `...`; a doubled quote stands for one. */
static void lex_quoted(struct lexer *lx, struct token *t, int start, char q)
{
	const char *s = lx->src;
	int n = lx->len, i = start + 1;
	for (;;) {
		const char *hit = i < n ? memchr(s + i, q, (size_t)(n - i)) : NULL;
		if (!hit) {
			lex_error(lx, t, q == '\'' ? TE_UNTERMINATED_STRING : TE_UNTERMINATED_IDENT,
				  start, 1);
			return;
		}
		i = (int)(hit - s) + 1;
		if (i < n && s[i] == q) {
			t->escaped = true;
			i++;
			continue;
		}
		break;
	}
	t->pos = start;
	t->len = i - start;
	lx->off = i;
	if (q == '\'') {
		t->kind = TK_STRING;
		return;
	}
	if (t->len == 2) {
		lex_error(lx, t, TE_EMPTY_IDENT, start, 2);
		return;
	}
	t->kind = TK_QIDENT;
	t->quote = q;
}

/* Skip blanks and comments; false (and an error token) for an open comment. */
static bool skip_blanks(struct lexer *lx, struct token *t)
{
	const char *s = lx->src;
	int n = lx->len, i = lx->off;
	for (;;) {
		while (i < n && is_space((unsigned char)s[i]))
			i++;
		if (i + 1 < n && s[i] == '-' && s[i + 1] == '-') {
			const char *nl = memchr(s + i, '\n', (size_t)(n - i));
			i = nl ? (int)(nl - s) + 1 : n;
			continue;
		}
		if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
			int j = i + 2;
			while (j + 1 < n && !(s[j] == '*' && s[j + 1] == '/'))
				j++;
			if (j + 1 >= n) {
				lex_error(lx, t, TE_UNTERMINATED_COMMENT, i, 2);
				return false;
			}
			i = j + 2;
			continue;
		}
		break;
	}
	lx->off = i;
	return true;
}

/* Operators and punctuation: the longest match wins. */
static const struct {
	char text[3];
	enum tok_kind kind;
} operators[] = {
	{"<>", TK_NE}, {"!=", TK_NE}, {"<=", TK_LE}, {">=", TK_GE}, {"||", TK_CONCAT},
	{"=", TK_EQ},  {"<", TK_LT},  {">", TK_GT},  {"+", TK_PLUS}, {"-", TK_MINUS},
	{"*", TK_STAR}, {"/", TK_SLASH}, {"%", TK_PERCENT}, {"(", TK_LPAREN}, {")", TK_RPAREN},
	{"[", TK_LBRACKET}, {"]", TK_RBRACKET}, {",", TK_COMMA}, {".", TK_DOT}, {";", TK_SEMI},
	{":", TK_COLON},
};

void tok_next(struct lexer *lx, struct token *t)
{
	memset(t, 0, sizeof *t);
	if (!skip_blanks(lx, t))
		return;
	const char *s = lx->src;
	int n = lx->len, i = lx->off;
	t->pos = i;
	if (i >= n) {
		t->kind = TK_EOF;
		return;
	}
	unsigned char c = (unsigned char)s[i];
	if (is_alpha(c)) {
		int j = i + 1;
		while (j < n && (is_alpha((unsigned char)s[j]) || is_digit((unsigned char)s[j])))
			j++;
		t->kind = TK_IDENT;
		t->len = j - i;
		t->kw = tok_lookup(s + i, (size_t)(j - i));
		lx->off = j;
		return;
	}
	if (is_digit(c) || (c == '.' && i + 1 < n && is_digit((unsigned char)s[i + 1]))) {
		lex_number(lx, t, i);
		return;
	}
	if (c == '\'' || c == '"' || c == '`') {
		lex_quoted(lx, t, i, (char)c);
		return;
	}
	for (size_t k = 0; k < FQ_ARRAY_LEN(operators); k++) {
		size_t len = strlen(operators[k].text);
		if ((size_t)(n - i) >= len && memcmp(s + i, operators[k].text, len) == 0) {
			t->kind = operators[k].kind;
			t->len = (int)len;
			lx->off = i + (int)len;
			return;
		}
	}
	lex_error(lx, t, TE_UNKNOWN_CHAR, i, utf8_len((const unsigned char *)s, i, n));
}

size_t tok_unquote(const char *src, const struct token *t, char *out)
{
	const char *p = src + t->pos + 1, *end = src + t->pos + t->len - 1;
	if (!t->escaped) {
		size_t n = (size_t)(end - p);
		memcpy(out, p, n);
		return n;
	}
	char q = src[t->pos];
	size_t n = 0;
	while (p < end) {
		out[n++] = *p;
		p += (*p == q) ? 2 : 1;
	}
	return n;
}
