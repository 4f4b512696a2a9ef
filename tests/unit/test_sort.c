/*
 * test_sort.c - ORDER BY over materialized tables: the keyed sort (counting
 * sort on an integer key, tie keys for the next columns) against a plain
 * reference comparison of the same rows.
 */
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/plan.h"
#include "exec/sdist.h"

/* xorshift: the same tables every run */
static uint64_t rnd_state = 88172645463325252ULL;
static uint64_t rnd(void)
{
	return t_xorshift(&rnd_state);
}

/* Strings that stress the tie keys: dotted quads (short, long, sharing
 * prefixes), IPv6, CIDRs, bytes just below/above '.', '/', '0' and '9',
 * strings of 15, 16 and more characters, the empty string and NULL. */
static int make_string(char *out)
{
	switch (rnd() % 9) {
	case 0:
	case 1:
	case 2:
		return sprintf(out, "%u.%u.%u.%u", (unsigned)(rnd() % 3) * 100 + (unsigned)(rnd() % 3),
			       (unsigned)(rnd() % 256), (unsigned)(rnd() % 12), (unsigned)(rnd() % 256));
	case 3: return sprintf(out, "10.0.%u.%u", (unsigned)(rnd() % 2), (unsigned)(rnd() % 30));
	case 4: return sprintf(out, "2600:1f18:%x::%x", (unsigned)(rnd() % 4), (unsigned)(rnd() % 300));
	case 5: return sprintf(out, "10.%u.0.0/%u", (unsigned)(rnd() % 3), (unsigned)(rnd() % 33));
	case 6: {
		static const char set[] = "-./09:A,";
		int n = (int)(rnd() % 20);
		for (int i = 0; i < n; i++)
			out[i] = set[rnd() % 8];
		out[n] = 0;
		return n;
	}
	case 7: return sprintf(out, "111.111.111.11%u", (unsigned)(rnd() % 3)); /* 15 chars */
	default: return sprintf(out, "111.111.111.111%s", rnd() % 2 ? "1" : ""); /* 15, 16 */
	}
}

static int ref_cell(const struct vec *v, uint32_t a, uint32_t b)
{
	if (v->type == T_VARCHAR)
		return str_cmp(v->s[a], v->s[b]);
	return (v->i64[a] > v->i64[b]) - (v->i64[a] < v->i64[b]);
}

/* The reference order for qsort: the keys in order, then every column
 * ascending with NULLs last. */
static const struct rtable *ref_t;
static const struct sort_key *ref_keys;
static int ref_n;

static int ref_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	for (int k = 0; k < ref_n; k++) {
		const struct vec *v = &ref_t->cols[ref_keys[k].col];
		bool na = vec_is_null(v, a), nb = vec_is_null(v, b);
		if (na != nb)
			return (na ? -1 : 1) * (ref_keys[k].nulls_first ? 1 : -1);
		if (!na) {
			int c = ref_cell(v, a, b);
			if (c)
				return ref_keys[k].desc ? -c : c;
		}
	}
	for (int c = 0; c < ref_t->n_cols; c++) {
		const struct vec *v = &ref_t->cols[c];
		bool na = vec_is_null(v, a), nb = vec_is_null(v, b);
		if (na != nb)
			return na ? 1 : -1;
		if (!na) {
			int r = ref_cell(v, a, b);
			if (r)
				return r;
		}
	}
	return 0;
}

/* Column c (of type t) of a random row: a string into txt (its length
 * returned) or an integer into *iv. */
typedef int (*cell_fn)(int c, enum fq_type t, char *txt, int64_t *iv, const void *ctx);

/* One random row, appended to each of the n_dst tables: each cell NULL one
 * time in null_in, else made by cell(). */
static void append_row(struct rtable **dst, int n_dst, const enum fq_type *types, int nc,
		       uint32_t null_in, cell_fn cell, const void *ctx)
{
	struct vec cols[8];
	uint8_t nulls[8];
	int64_t iv[8];
	struct fq_str sv[8];
	char txt[8][40];
	memset(cols, 0, sizeof cols);
	for (int c = 0; c < nc; c++) {
		cols[c].type = types[c];
		cols[c].cap = 1;
		nulls[c] = rnd() % null_in == 0;
		cols[c].nulls = &nulls[c];
		int l = cell(c, types[c], txt[c], &iv[c], ctx);
		if (types[c] == T_VARCHAR) {
			sv[c] = str_make(txt[c], (uint32_t)l);
			cols[c].s = &sv[c];
		} else {
			cols[c].i64 = &iv[c];
		}
	}
	struct batch b = {0};
	b.n = 1;
	b.cap = 1;
	b.cols = cols;
	b.n_cols = (uint32_t)nc;
	for (int d = 0; d < n_dst; d++)
		CHECK(rt_append(dst[d], &b, NULL));
}

/* Row i of x holds what row j of y does. */
static bool same_row(const struct rtable *x, uint32_t i, const struct rtable *y, uint32_t j)
{
	for (int c = 0; c < x->n_cols; c++) {
		const struct vec *a = &x->cols[c], *b = &y->cols[c];
		bool na = vec_is_null(a, i), nb = vec_is_null(b, j);
		if (na != nb || (!na && (a->type == T_VARCHAR ? str_cmp(a->s[i], b->s[j]) != 0
							   : a->i64[i] != b->i64[j])))
			return false;
	}
	return true;
}

/* t, sorted by keys, must hold copy's rows in the reference order; the
 * first three rows that differ are reported with `what`. */
static void check_sorted(const struct rtable *t, const struct rtable *copy,
			 const struct sort_key *keys, int n_keys, const char *what)
{
	uint32_t n = copy->n;
	CHECK_INT(t->n, n);
	uint32_t *perm = malloc((n ? n : 1) * sizeof *perm);
	for (uint32_t i = 0; i < n; i++)
		perm[i] = i;
	ref_t = copy;
	ref_keys = keys;
	ref_n = n_keys;
	qsort(perm, n, sizeof *perm, ref_cmp);
	int bad = 0;
	for (uint32_t i = 0; i < n && i < t->n && bad < 3; i++)
		if (!same_row(t, i, copy, perm[i])) {
			fprintf(stderr, "  row %u differs (%s)\n", i, what);
			bad++;
			t_failures++;
		}
	free(perm);
}

struct int_key_gen {
	int64_t range;
};

/* sort_case_mt's columns: the key in [0, range), then strings or a small
 * integer with the odd INT64_MAX */
static int int_key_cell(int c, enum fq_type t, char *txt, int64_t *iv, const void *ctx)
{
	const struct int_key_gen *g = ctx;
	if (c == 0) {
		*iv = (int64_t)(rnd() % (uint64_t)g->range);
		return 0;
	}
	if (t == T_VARCHAR)
		return make_string(txt);
	*iv = (int64_t)(rnd() % 7) - 3;
	if (rnd() % 50 == 0)
		*iv = rnd() % 2 ? INT64_MAX : INT64_MAX - 1;
	return 0;
}

/* Build a table (int key with the given range, two or three more columns),
 * sort it both ways, compare row by row. */
static void sort_case_mt(uint32_t n, int64_t range, bool desc, bool nulls_first, bool int_tie, int threads)
{
	const char *names[] = {"k", "a", "b", "c"};
	enum fq_type types[] = {T_INTEGER, int_tie ? T_BIGINT : T_VARCHAR, T_VARCHAR, T_VARCHAR};
	struct rtable *tabs[2] = {rt_new(4, names, types), rt_new(4, names, types)};
	CHECK(tabs[0] && tabs[1]);
	if (!tabs[0] || !tabs[1])
		return;
	struct int_key_gen g = {range};
	for (uint32_t i = 0; i < n; i++)
		append_row(tabs, 2, types, 4, 40, int_key_cell, &g);
	struct sort_key key = {0, desc, nulls_first};
	struct flowq_error err;
	CHECK_INT(rt_sort_limit_mt(tabs[0], &key, 1, 0, -1, threads, &err), FLOWQ_OK);
	char what[64];
	snprintf(what, sizeof what, "n %u range %lld", n, (long long)range);
	check_sorted(tabs[0], tabs[1], &key, 1, what);
	rt_free(tabs[0]);
	rt_free(tabs[1]);
}

static void sort_case(uint32_t n, int64_t range, bool desc, bool nulls_first, bool int_tie)
{
	sort_case_mt(n, range, desc, nulls_first, int_tie, 1);
}

TEST(sort_keyed_matches_reference)
{
	/* > 4096 rows with a small key range: the counting sort */
	sort_case(20000, 50, false, false, false);
	sort_case(20000, 50, true, false, false);
	sort_case(20000, 3, false, true, false);
	sort_case(20000, 40, false, false, true);
	/* a wide range: the quicksort over keyed rows */
	sort_case(9000, (int64_t)1 << 40, false, false, false);
	sort_case(9000, (int64_t)1 << 40, true, true, true);
	/* small tables */
	sort_case(100, 5, false, false, false);
}

/* big enough for the threaded parts (keys, buckets, gathers) */
TEST(sort_keyed_threads_match_reference)
{
	sort_case_mt(100000, 300, false, false, false, 2);
	sort_case_mt(100000, 7, true, true, false, 3);
	sort_case_mt(70000, (int64_t)1 << 40, false, false, true, 2);
	/* buckets too many for counts per thread: counted on one, sorted on 3 */
	sort_case_mt(100000, ((int64_t)1 << 20) - 8, false, true, false, 3);
}

/* ---- several keys, strings first ----------------------------------------
 * Columns: 0 addresses (nibble keys), 1 a small integer, 2 interface-like
 * IDs (8-byte prefix keys: letters), 3 a bigint, 4 a string of 40 values
 * (ranks of a dictionary).  Sorted by each list of keys below, against
 * qsort with a plain comparator: the keys in order, then every column
 * ascending with NULLs last. */

static int make_id(char *out)
{
	/* shared prefixes, letters (no nibble key holds them), some longer */
	static const char hex[] = "0123456789abcdef";
	int n = sprintf(out, "eni-0%c%c", hex[rnd() % 3], hex[rnd() % 16]);
	int more = rnd() % 4 == 0 ? (int)(rnd() % 14) : 3;
	for (int i = 0; i < more; i++)
		out[n++] = hex[rnd() % 16];
	out[n] = 0;
	return n;
}

/* multi_case's columns (see above) */
static int multi_cell(int c, enum fq_type t, char *txt, int64_t *iv, const void *ctx)
{
	(void)t;
	(void)ctx;
	switch (c) {
	case 0: return make_string(txt);
	case 1: *iv = (int64_t)(rnd() % 5) - 2; return 0;
	case 2: return make_id(txt);
	case 3: *iv = (int64_t)(rnd() % 1000) - 500; return 0;
	default: return sprintf(txt, "v%u", (unsigned)(rnd() % 40));
	}
}

static void multi_case(uint32_t n, const struct sort_key *keys, int n_keys, int threads)
{
	const char *names[] = {"addr", "small", "id", "big", "few"};
	enum fq_type types[] = {T_VARCHAR, T_INTEGER, T_VARCHAR, T_BIGINT, T_VARCHAR};
	struct rtable *tabs[2] = {rt_new(5, names, types), rt_new(5, names, types)};
	CHECK(tabs[0] && tabs[1]);
	if (!tabs[0] || !tabs[1])
		return;
	for (uint32_t i = 0; i < n; i++)
		append_row(tabs, 2, types, 5, 30, multi_cell, NULL);
	struct flowq_error err;
	CHECK_INT(rt_sort_limit_mt(tabs[0], keys, n_keys, 0, -1, threads, &err), FLOWQ_OK);
	char what[64];
	snprintf(what, sizeof what, "n %u, %d keys, first col %d", n, n_keys, keys[0].col);
	check_sorted(tabs[0], tabs[1], keys, n_keys, what);
	rt_free(tabs[0]);
	rt_free(tabs[1]);
}

TEST(sort_string_and_several_keys_match_reference)
{
	static const struct sort_key cases[][3] = {
		{{0, false, false}},                                   /* addresses */
		{{0, true, true}},                                     /* DESC NULLS FIRST */
		{{2, false, false}},                                   /* IDs: prefix keys */
		{{2, true, false}},
		{{0, false, false}, {1, false, false}, {2, false, false}}, /* a group table's order */
		{{0, false, false}, {1, true, false}},                 /* a DESC second key */
		{{1, false, false}, {0, false, false}, {2, false, false}}, /* an integer first */
		{{2, true, false}, {0, false, false}},
		{{0, false, true}, {3, false, false}},                 /* NULLS FIRST first */
		{{4, false, false}},                                   /* few values: ranks */
		{{4, true, true}, {1, false, false}, {0, false, false}},
		{{4, false, false}, {3, true, false}},
	};
	static const int counts[] = {1, 1, 1, 1, 3, 2, 3, 2, 2, 1, 3, 2};
	for (int c = 0; c < (int)(sizeof counts / sizeof counts[0]); c++) {
		multi_case(5000, cases[c], counts[c], 1);
		multi_case(70000, cases[c], counts[c], 2); /* both sides of the first step on threads */
	}
}

/* Dotted quads compare as text exactly as their octets' text-order ranks
 * compare in order (what lets the distinct path pack addresses). */
TEST(sdist_octet_ranks_order_addresses_as_text)
{
	const uint8_t *rank = sd_octet_rank();
	bool seen[256] = {0};
	for (int v = 0; v < 256; v++)
		seen[rank[v]] = true;
	for (int r = 0; r < 256; r++)
		CHECK(seen[r]); /* a permutation */
	uint64_t seed = 77;
	int bad = 0;
	for (int t = 0; t < 200000; t++) {
		uint8_t a[4], b[4];
		for (int k = 0; k < 4; k++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			/* small values often, so prefixes ("1" / "10" / "100") meet */
			unsigned x = (unsigned)(seed >> 40);
			a[k] = (uint8_t)(x & 1 ? x % 256 : x % 12);
			b[k] = (uint8_t)((x >> 9) & 1 ? (x >> 10) % 256 : (x >> 10) % 12);
			if ((x >> 20) % 3 == 0)
				b[k] = a[k];
		}
		char ta[16], tb[16];
		snprintf(ta, sizeof ta, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
		snprintf(tb, sizeof tb, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
		int text = strcmp(ta, tb);
		uint32_t ka = 0, kb = 0;
		for (int k = 0; k < 4; k++) {
			ka = ka << 8 | rank[a[k]];
			kb = kb << 8 | rank[b[k]];
		}
		int packed = (ka > kb) - (ka < kb);
		if ((text > 0) - (text < 0) != packed && bad++ < 3)
			fprintf(stderr, "  %s vs %s: text %d, ranks %d\n", ta, tb, text, packed);
	}
	CHECK_INT(bad, 0);
}

static void copy_row(struct rtable *dst, const struct rtable *src, uint32_t i)
{
	struct batch b;
	struct vec cols[8];
	rt_view(src, i, 1, &b, cols);
	CHECK(rt_append(dst, &b, NULL));
}

/* A sorted run with unsorted rows after it: rt_merge_tail must give what
 * the full sort gives, cut included. */
static void merge_tail_case(uint32_t n, int tail_every, int threads, int64_t offset, int64_t limit)
{
	const char *names[] = {"k", "a", "b"};
	enum fq_type types[] = {T_INTEGER, T_VARCHAR, T_VARCHAR};
	struct rtable *t = rt_new(3, names, types);
	CHECK(t != NULL);
	if (!t)
		return;
	for (uint32_t i = 0; i < n; i++)
		append_row(&t, 1, types, 3, 40, int_key_cell, &(struct int_key_gen){500});
	struct sort_key key = {0, false, false};
	struct flowq_error err;
	CHECK_INT(rt_sort_limit_mt(t, &key, 1, 0, -1, 1, &err), FLOWQ_OK);
	/* u: the sorted rows less every tail_every-th, then those, shuffled */
	struct rtable *u = rt_new(3, names, types);
	uint32_t *tail = malloc(n * sizeof *tail), h = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (rnd() % (uint64_t)tail_every == 0)
			tail[h++] = i;
		else
			copy_row(u, t, i);
	}
	uint32_t run = u->n;
	for (uint32_t i = h; i > 1; i--) {
		uint32_t j = (uint32_t)(rnd() % i), x = tail[i - 1];
		tail[i - 1] = tail[j];
		tail[j] = x;
	}
	for (uint32_t i = 0; i < h; i++)
		copy_row(u, t, tail[i]);
	CHECK_INT(rt_merge_tail(u, run, &key, 1, offset, limit, threads, &err), FLOWQ_OK);
	uint32_t from = (uint32_t)offset, to = limit < 0 ? n : (uint32_t)FQ_MIN((uint64_t)n, (uint64_t)(offset + limit));
	CHECK_INT(u->n, to - from);
	int bad = 0;
	for (uint32_t i = 0; i < u->n && bad < 3; i++)
		if (!same_row(u, i, t, from + i)) {
			fprintf(stderr, "  merge_tail: row %u differs (n %u, tail %u)\n", i, n, h);
			bad++;
			t_failures++;
		}
	free(tail);
	rt_free(t);
	rt_free(u);
}

TEST(sort_merge_tail_matches_full_sort)
{
	merge_tail_case(3000, 10, 1, 0, -1);
	merge_tail_case(3000, 1, 1, 0, -1);     /* every row in the tail */
	merge_tail_case(3000, 1000000, 1, 0, -1); /* (almost) no tail */
	merge_tail_case(60000, 5, 3, 0, -1);    /* > 4096 tail rows: placed on threads */
	merge_tail_case(60000, 7, 2, 100, 5000); /* a cut */
	merge_tail_case(5000, 3, 2, 4990, 50);  /* a cut past the end */
}

/* Feed sd buffers integer keys v(i) for rows [0, rows), n_bufs buffers in
 * turn, batch by batch; returns the largest memory count seen. */
static size_t sd_feed(struct sd_buf **bufs, int n_bufs, atomic_size_t *mem, uint64_t rows,
		      int64_t (*v)(uint64_t))
{
	static int64_t vals[4096];
	size_t peak = 0;
	uint8_t rest[4096];
	for (uint64_t at = 0, b = 0; at < rows; b++) {
		uint32_t n = (uint32_t)FQ_MIN((uint64_t)4096, rows - at);
		for (uint32_t i = 0; i < n; i++)
			vals[i] = v(at + i);
		struct vec col;
		memset(&col, 0, sizeof col);
		col.type = T_INTEGER;
		col.cap = n;
		col.i64 = vals;
		uint32_t n_rest = 99;
		struct flowq_error err;
		CHECK_INT(sd_add(bufs[b % (uint64_t)n_bufs], &col, NULL, n, rest, &n_rest, &err), FLOWQ_OK);
		CHECK_INT(n_rest, 0);
		size_t m = atomic_load(mem);
		peak = m > peak ? m : peak;
		at += n;
	}
	return peak;
}

static int64_t three_values(uint64_t i)
{
	return (int64_t)(i % 3) - 1;
}

static int64_t spread_values(uint64_t i)
{
	return (int64_t)((i * 2654435761u) % 1000003); /* distinct for i < 1000003 */
}

/* A GROUP BY of one integer column and no aggregates (what sd_new needs). */
static void int_key_plan(struct ex *e, struct ex **keys, struct plan_select *p)
{
	memset(e, 0, sizeof *e);
	e->kind = EX_COL;
	e->type = T_INTEGER;
	keys[0] = e;
	memset(p, 0, sizeof *p);
	p->aggregate = true;
	p->n_keys = 1;
	p->keys = keys;
}

/* Memory follows the distinct keys, not the rows: 3M rows of 3 keys stay
 * small (the array is deduplicated when full, before it grows). */
TEST(sdist_memory_follows_distinct_keys)
{
	struct ex e;
	struct ex *keys[1];
	struct plan_select p;
	int_key_plan(&e, keys, &p);
	atomic_size_t mem = 0;
	struct sd_buf *b = sd_new(&p, &mem, 0);
	CHECK(b != NULL);
	size_t peak = sd_feed(&b, 1, &mem, 3000000, three_values);
	CHECK(peak <= (size_t)8 << 20);
	struct rtable *t = NULL;
	struct flowq_error err;
	CHECK_INT(sd_finish(&b, 1, 2, &t, &err), FLOWQ_OK);
	CHECK(t && t->n == 3);
	if (t && t->n == 3) {
		CHECK_INT(t->cols[0].i64[0], -1);
		CHECK_INT(t->cols[0].i64[1], 0);
		CHECK_INT(t->cols[0].i64[2], 1);
	}
	rt_free(t);
	sd_free(b);
	CHECK_INT(atomic_load(&mem), 0); /* every counted byte given back */
}

/* More buffers than fq_par_for runs jobs (70 threads' worth): none lost. */
TEST(sdist_more_buffers_than_jobs)
{
	struct ex e;
	struct ex *keys[1];
	struct plan_select p;
	int_key_plan(&e, keys, &p);
	atomic_size_t mem = 0;
	struct sd_buf *bufs[70];
	for (int i = 0; i < 70; i++)
		CHECK((bufs[i] = sd_new(&p, &mem, 0)) != NULL);
	/* distinct keys, so a lost buffer shows as missing rows */
	sd_feed(bufs, 70, &mem, 70 * 4096 * 2, spread_values);
	struct rtable *t = NULL;
	struct flowq_error err;
	CHECK_INT(sd_finish(bufs, 70, 70, &t, &err), FLOWQ_OK);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(t->n, 70 * 4096 * 2);
		bool ordered = true;
		for (uint32_t i = 1; i < t->n; i++)
			ordered = ordered && t->cols[0].i64[i - 1] < t->cols[0].i64[i];
		CHECK(ordered);
	}
	rt_free(t);
	for (int i = 0; i < 70; i++)
		sd_free(bufs[i]);
}
