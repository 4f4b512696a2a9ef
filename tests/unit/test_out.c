/*
 * test_out.c - the writers' plain path for integer and varchar columns
 * (out.c: sv_plain, json_plain, has_special; int_format in types.h) writes the same
 * bytes as the general loop (FLOWQ_NO_FAST_OUT=1), in csv, tsv, json and
 * ndjson, to a FILE (crossing the 64 KiB flush) and to memory (out_take);
 * and a few cells hold the exact text written below.
 */
#include "t.h"

#include <stdint.h>
#include <stdlib.h>

#include "out/out.h"

/* xorshift: the same cells every run */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	return t_xorshift(&rnd_state);
}

enum { N_COLS = 5, MAX_ROWS = 4096, MAX_BATCHES = 4 };

/* Column names that need escaping in every format. */
static const char *const names[N_COLS] = {"s", "i\"n\\t", "big", "s2 ,\t\x01\xc3\xbc", "e"};
static const enum fq_type types[N_COLS] = {T_VARCHAR, T_INTEGER, T_BIGINT, T_VARCHAR, T_VARCHAR};

struct table {
	struct batch b[MAX_BATCHES];
	int n_batches;
	struct vec cols[MAX_BATCHES][N_COLS];
	struct fq_str s[MAX_BATCHES][3][MAX_ROWS];
	int64_t i[MAX_BATCHES][2][MAX_ROWS];
	uint8_t nulls[MAX_BATCHES][N_COLS][MAX_ROWS];
	char text[1 << 20];
	size_t text_len;
};

static struct fq_str keep(struct table *t, const char *p, size_t n)
{
	struct fq_str s = {t->text + t->text_len, (uint32_t)n, 0};
	if (t->text_len + n > sizeof t->text) {
		s.p = "";
		s.len = 0;
		return s;
	}
	memcpy(t->text + t->text_len, p, n);
	t->text_len += n;
	return s;
}

/* Integers at every digit-count boundary, both signs, and the limits. */
static int64_t pick_int(uint64_t k)
{
	static int64_t edge[19 * 4 + 6];
	static int n_edge;
	if (!n_edge) {
		int64_t p = 1;
		for (int d = 0; d < 19; d++) {
			if (d)
				p *= 10; /* 10^0 .. 10^18 */
			edge[n_edge++] = p;
			edge[n_edge++] = p - 1;
			edge[n_edge++] = -p;
			edge[n_edge++] = 1 - p;
		}
		edge[n_edge++] = INT64_MIN;
		edge[n_edge++] = INT64_MAX;
		edge[n_edge++] = INT64_MIN + 1;
		edge[n_edge++] = INT32_MIN;
		edge[n_edge++] = INT32_MAX;
		edge[n_edge++] = (int64_t)1 << 62;
	}
	if (k < (uint64_t)n_edge)
		return edge[k];
	switch (rnd() % 4) {
	case 0: return (int64_t)(rnd() % 65536);
	case 1: return (int64_t)rnd() >> (rnd() % 64);
	case 2: return ((int64_t)1 << (rnd() % 62)) - (int64_t)(rnd() % 3) + 1;
	default: return (int64_t)rnd();
	}
}

/*
 * String k: the hand-made ones first (empty, each byte 0x01-0x1f alone and
 * all together, quotes, backslashes, UTF-8, each format's special bytes and
 * their neighbours), then a special byte at every position of strings of
 * 1-40 bytes (the word-at-a-time check's whole words and overlapping
 * tail), then random strings over an alphabet of awkward bytes.
 */
static struct fq_str pick_str(struct table *t, uint64_t k)
{
	static const char *const fixed[] = {
		"", "\"", "\\", "\"\"", "\\\\", "a\"b", "a\\b", "\\u0041", "\xc5\xbc\xc3\xb3\xc5\x82w \xe2\x82\xac",
		"\xf0\x9f\x98\x80", "\x7f", "\x80\xff", " ", "!", "#", "[]", "]", ",", "a,b", "\t", "a\tb",
		"\r\n", "10.0.0.1", "eni-0b0a1250a6d646516", "ACCEPT", "2001:db8::1", "12345678",
		"123456789", "1234567\n", "\x1f\x20\x21", "\x0d\x0e", "\x5b\x5c\x5d", "\x21\x22\x23",
	};
	enum { N_FIXED = sizeof fixed / sizeof fixed[0] };
	char tmp[64];
	if (k < 0x1f) {
		tmp[0] = (char)(k + 1);
		return keep(t, tmp, 1);
	}
	k -= 0x1f;
	if (k == 0) {
		for (int c = 1; c < 0x20; c++)
			tmp[c - 1] = (char)c;
		return keep(t, tmp, 0x1f);
	}
	k--;
	if (k < N_FIXED)
		return keep(t, fixed[k], strlen(fixed[k]));
	k -= N_FIXED;
	/* lengths 1..40, each position, a rotating special byte */
	static const char special[] = {'"', '\\', '\n', '\t', '\r', ',', 0x01, 0x1f};
	uint64_t at = 0;
	for (size_t len = 1; len <= 40; len++) {
		if (k < at + len) {
			memset(tmp, 'a', len);
			tmp[k - at] = special[(k + len) % sizeof special];
			return keep(t, tmp, len);
		}
		at += len;
	}
	static const char alpha[] = "aZ09 ,\"\\\t\n\r\x01\x1f\x7f\x80\xc3\xa9#[]:{}";
	size_t len = (size_t)(rnd() % 48);
	bool clean = rnd() % 2;
	for (size_t i = 0; i < len; i++)
		tmp[i] = clean ? (char)('a' + rnd() % 26) : alpha[rnd() % (sizeof alpha - 1)];
	return keep(t, tmp, len);
}

static void make_table(struct table *t)
{
	memset(t, 0, sizeof *t);
	static const uint32_t rows[MAX_BATCHES] = {MAX_ROWS, 0, 1, 3000};
	uint64_t ks = 0, ki = 0;
	t->n_batches = MAX_BATCHES;
	for (int bi = 0; bi < MAX_BATCHES; bi++) {
		struct batch *b = &t->b[bi];
		b->n = rows[bi];
		b->cap = MAX_ROWS;
		b->n_cols = N_COLS;
		b->cols = t->cols[bi];
		int si = 0, ii = 0;
		for (int c = 0; c < N_COLS; c++) {
			struct vec *v = &t->cols[bi][c];
			v->type = types[c];
			v->cap = MAX_ROWS;
			if (types[c] == T_VARCHAR)
				v->s = t->s[bi][si++];
			else
				v->i64 = t->i[bi][ii++];
			/* column "e" of the first batch has no null map at all */
			if (!(bi == 0 && c == 4))
				v->nulls = t->nulls[bi][c];
		}
		for (uint32_t r = 0; r < b->n; r++) {
			for (int c = 0; c < N_COLS; c++) {
				struct vec *v = &t->cols[bi][c];
				if (v->nulls && rnd() % 7 == 0)
					v->nulls[r] = 1;
				/* a NULL cell's slot holds junk, as a reader's might */
				if (v->type == T_VARCHAR)
					v->s[r] = pick_str(t, ks++);
				else
					v->i64[r] = pick_int(ki++);
			}
		}
	}
}

/* Set FLOWQ_NO_FAST_OUT for the writers made next; the old value comes
 * back with restore_env. */
static char *saved_env;
static void set_fast(bool fast)
{
	if (fast)
		unsetenv("FLOWQ_NO_FAST_OUT");
	else
		setenv("FLOWQ_NO_FAST_OUT", "1", 1);
}
static void save_env(void)
{
	const char *e = getenv("FLOWQ_NO_FAST_OUT");
	saved_env = e ? strdup(e) : NULL;
}
static void restore_env(void)
{
	if (saved_env)
		setenv("FLOWQ_NO_FAST_OUT", saved_env, 1);
	else
		unsetenv("FLOWQ_NO_FAST_OUT");
	free(saved_env);
	saved_env = NULL;
}

/* The bytes of writing batches [from, to) in format f to a FILE (to_file)
 * or to memory; NULL on failure.  *rows gets the writer's row count. */
static char *render(enum out_format f, bool fast, bool to_file, const char *const *nm,
		    const struct table *t, int from, int to, int n_cols, size_t *len, uint64_t *rows)
{
	set_fast(fast);
	char *p = NULL;
	size_t n = 0;
	FILE *fp = to_file ? open_memstream(&p, &n) : NULL;
	if (to_file && !fp)
		return NULL;
	struct out_writer *w = out_new(f, fp, nm, types, n_cols, false);
	bool ok = w != NULL;
	for (int bi = from; ok && bi < to; bi++)
		ok = out_batch(w, &t->b[bi]);
	ok = ok && out_finish(w);
	*rows = w ? out_rows(w) : 0;
	if (!to_file && w) {
		uint64_t kept;
		p = out_take(w, &n, &kept);
		if (kept != *rows)
			ok = false;
	}
	out_free(w);
	if (fp)
		fclose(fp);
	if (!ok) {
		free(p);
		return NULL;
	}
	*len = n;
	return p ? p : calloc(1, 1);
}

/* The first byte where two outputs part, for the failure message. */
static void report_diff(const char *what, const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0;
	while (i < na && i < nb && a[i] == b[i])
		i++;
	size_t s = i > 40 ? i - 40 : 0;
	fprintf(stderr, "  %s: %zu vs %zu bytes, first difference at %zu:\n    fast:    %.*s\n    general: %.*s\n",
		what, na, nb, i, (int)((na - s) < 80 ? na - s : 80), a + s,
		(int)((nb - s) < 80 ? nb - s : 80), b + s);
}

static void compare(const char *const *nm, const struct table *t, int from, int to, int n_cols,
		    const char *what)
{
	static const enum out_format fmts[] = {OUT_CSV, OUT_TSV, OUT_JSON, OUT_NDJSON};
	for (size_t fi = 0; fi < sizeof fmts / sizeof fmts[0]; fi++) {
		for (int to_file = 0; to_file < 2; to_file++) {
			size_t na = 0, nb = 0;
			uint64_t ra = 0, rb = 0;
			char *a = render(fmts[fi], true, to_file, nm, t, from, to, n_cols, &na, &ra);
			char *b = render(fmts[fi], false, to_file, nm, t, from, to, n_cols, &nb, &rb);
			CHECK(a != NULL);
			CHECK(b != NULL);
			CHECK_INT(ra, rb);
			if (a && b && (na != nb || memcmp(a, b, na) != 0)) {
				char label[128];
				snprintf(label, sizeof label, "%s %s %s", what, out_format_names[fmts[fi]],
					 to_file ? "file" : "memory");
				report_diff(label, a, na, b, nb);
				t_failures++;
			}
			free(a);
			free(b);
		}
	}
}

TEST(out_plain_same_as_general)
{
	struct table *t = malloc(sizeof *t);
	CHECK(t != NULL);
	if (!t)
		return;
	save_env();
	make_table(t);
	compare(names, t, 0, t->n_batches, N_COLS, "all batches");
	compare(names, t, 2, 3, N_COLS, "one row");
	compare(names, t, 1, 2, N_COLS, "no rows");
	compare(names, t, 0, 0, N_COLS, "no batches");
	compare(names, t, 0, 1, 2, "two columns");
	compare(names, t, 3, 4, 0, "no columns");
	/* long keys: json keys copied in several steps, and a key buffer
	 * filled to its last byte (a name of only escaped bytes) */
	char ctl[42], longer[100], longest[400];
	memset(ctl, 0x01, 41);
	ctl[41] = 0;
	memset(longer, 'k', 99);
	longer[60] = '"';
	longer[99] = 0;
	for (int i = 0; i < 399; i++)
		longest[i] = (char)("ab\\c\x1f\xc3\xa9"[i % 7]);
	longest[399] = 0;
	const char *const long_names[N_COLS] = {ctl, longer, "b", longest, ""};
	compare(long_names, t, 0, 1, 1, "one long key");
	compare(long_names, t, 0, t->n_batches, N_COLS, "long keys");
	restore_env();
	free(t);
}

/* The exact text of a row of awkward cells in each format. */
TEST(out_plain_exact_text)
{
	save_env();
	const char *nm[3] = {"a\"\x02", "n", "m"};
	const enum fq_type ty[3] = {T_VARCHAR, T_BIGINT, T_INTEGER};
	static const char awkward[] = "\x01\"\\\n\t\r\x1f" "\xc3\xa9,x";
	struct fq_str s[2] = {{awkward, sizeof awkward - 1, 0}, {"", 0, 0}};
	int64_t n[2] = {INT64_MIN, INT64_MAX}, m[2] = {-1, 0};
	uint8_t mnull[2] = {0, 1};
	struct vec cols[3] = {
		{.type = T_VARCHAR, .cap = 2, .s = s},
		{.type = T_BIGINT, .cap = 2, .i64 = n},
		{.type = T_INTEGER, .cap = 2, .nulls = mnull, .i64 = m},
	};
	struct batch b = {.n = 2, .cap = 2, .n_cols = 3, .cols = cols};
	static const char *const want[] = {
		[OUT_CSV] = "\"a\"\"\x02\",n,m\n"
			    "\"\x01\"\"\\\n\t\r\x1f\xc3\xa9,x\",-9223372036854775808,-1\n"
			    ",9223372036854775807,\n",
		[OUT_TSV] = "a\"\x02\tn\tm\n"
			    "\x01\"\\\\\\n\\t\\r\x1f\xc3\xa9,x\t-9223372036854775808\t-1\n"
			    "\t9223372036854775807\t\n",
		[OUT_JSON] = "[\n{\"a\\\"\\u0002\":\"\\u0001\\\"\\\\\\n\\t\\r\\u001f\xc3\xa9,x\","
			     "\"n\":-9223372036854775808,\"m\":-1},\n"
			     "{\"a\\\"\\u0002\":\"\",\"n\":9223372036854775807,\"m\":null}\n]\n",
		[OUT_NDJSON] = "{\"a\\\"\\u0002\":\"\\u0001\\\"\\\\\\n\\t\\r\\u001f\xc3\xa9,x\","
			       "\"n\":-9223372036854775808,\"m\":-1}\n"
			       "{\"a\\\"\\u0002\":\"\",\"n\":9223372036854775807,\"m\":null}\n",
	};
	for (int f = OUT_CSV; f <= OUT_NDJSON; f++) {
		for (int fast = 0; fast < 2; fast++) {
			set_fast(fast);
			struct out_writer *w = out_new((enum out_format)f, NULL, nm, ty, 3, false);
			CHECK(w != NULL);
			if (!w)
				continue;
			CHECK(out_batch(w, &b));
			CHECK(out_finish(w));
			size_t len;
			uint64_t rows;
			char *p = out_take(w, &len, &rows);
			CHECK_INT(rows, 2);
			CHECK_MEM(p, len, want[f]);
			free(p);
			out_free(w);
		}
	}
	restore_env();
}
