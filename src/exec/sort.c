/*
 * sort.c - ORDER BY, OFFSET and LIMIT over a materialized table.
 *
 * Rows are sorted through a permutation of row indexes (qsort_r with the
 * sort keys, then every column, then the original position: ties always
 * break the same way, so results are deterministic).  With a LIMIT, only
 * offset+limit rows are needed: a bounded max-heap selects them in one pass
 * (O(n log k)), and only those are sorted.
 */
#include <math.h>
#include <stdlib.h>

#include "plan.h"

struct sort_cx {
	const struct rtable *t;
	const struct sort_key *keys;
	int n_keys;
	int threads; /* for the parts that split: keys, buckets, columns */
};

/* Big sorts split their independent parts over threads; below this many
 * rows a thread costs more than it saves. */
#define PAR_MIN_ROWS 65536

/* Cell a of v against cell b of w (two non-NULL cells of one type). */
static int cmp_cells(const struct vec *v, uint32_t a, const struct vec *w, uint32_t b)
{
	switch (v->type) {
	case T_VARCHAR: return str_cmp(v->s[a], w->s[b]);
	case T_DOUBLE: {
		double x = v->f64[a], y = w->f64[b];
		if (isnan(x) || isnan(y))
			return isnan(x) - isnan(y);
		return (x > y) - (x < y);
	}
	case T_BOOLEAN: return (int)v->b[a] - (int)w->b[b];
	case T_IPADDRESS: return memcmp(v->ip[a].b, w->ip[b].b, 16);
	case T_UNKNOWN: return 0;
	default: return (v->i64[a] > w->i64[b]) - (v->i64[a] < w->i64[b]);
	}
}

static int cmp_cell(const struct vec *v, uint32_t a, uint32_t b)
{
	return cmp_cells(v, a, v, b);
}

int rt_cmp_keys(const struct sort_key *keys, int n_keys, const struct vec *ca, uint32_t a,
		const struct vec *cb, uint32_t b)
{
	for (int k = 0; k < n_keys; k++) {
		const struct sort_key *sk = &keys[k];
		const struct vec *v = &ca[sk->col], *w = &cb[sk->col];
		bool na = vec_is_null(v, a) || v->type == T_UNKNOWN,
		     nb = vec_is_null(w, b) || w->type == T_UNKNOWN;
		if (na || nb) {
			if (na && nb)
				continue;
			/* NULLS FIRST/LAST is independent of ASC/DESC */
			return (na ? -1 : 1) * (sk->nulls_first ? 1 : -1);
		}
		int c = cmp_cells(v, a, w, b);
		if (c)
			return sk->desc ? -c : c;
	}
	return 0;
}

static int cmp_rows(const struct sort_cx *cx, uint32_t a, uint32_t b)
{
	const struct rtable *t = cx->t;
	int o = rt_cmp_keys(cx->keys, cx->n_keys, t->cols, a, t->cols, b);
	if (o)
		return o;
	/* determinism: every column ascending, NULLs last, then position */
	for (int c = 0; c < t->n_cols; c++) {
		const struct vec *v = &t->cols[c];
		bool na = vec_is_null(v, a), nb = vec_is_null(v, b);
		if (na || nb) {
			if (na && nb)
				continue;
			return na ? 1 : -1;
		}
		int r = cmp_cell(v, a, b);
		if (r)
			return r;
	}
	return (a > b) - (a < b);
}

static int qcmp(const void *x, const void *y, void *arg)
{
	return cmp_rows(arg, *(const uint32_t *)x, *(const uint32_t *)y);
}

/* A full sort whose first key is an integer (ports, counts, times) or a
 * string (addresses, IDs) sorts (rank, key, row) triples: most comparisons
 * end on the inline key, and only ties go to the row comparator.  A string
 * key is its text's nibble key (see nibble_key) or its first 8 bytes; when
 * that does not hold the whole text, equal keys go to the row comparator. */
struct keyed {
	int64_t k;     /* the key, bit-inverted for DESC (reverses order, no overflow) */
	uint64_t k2;   /* order-preserving prefix of the first tie-break column */
	uint64_t k3;   /* its next 8 bytes, for strings (addresses share prefixes) */
	uint32_t rank; /* bit 0: 0 a value, 1 NULL last (the reverse for NULLS FIRST);
			  bit 1 (KEY_PART): k holds only part of a string key */
	uint32_t row;
};
#define KEY_PART 2u


/* An unsigned number that orders like the cell does (ties stay ties or
 * become "equal prefix": the full comparison settles those). */
static uint64_t prefix_key(const struct vec *v, uint32_t i, uint32_t from)
{
	if (vec_is_null(v, i))
		return UINT64_MAX; /* NULLs last, as in the tie-break */
	switch (v->type) {
	case T_VARCHAR: {
		uint64_t k = 0;
		uint32_t n = v->s[i].len;
		for (uint32_t j = from; j < from + 8; j++)
			k = (k << 8) | (j < n ? (uint8_t)v->s[i].p[j] : 0);
		return k == UINT64_MAX ? UINT64_MAX - 1 : k;
	}
	case T_BOOLEAN: return v->b[i];
	case T_DOUBLE:
	case T_IPADDRESS:
	case T_UNKNOWN: return 0;
	default: {
		uint64_t k = (uint64_t)v->i64[i] ^ (1ULL << 63);
		return k == UINT64_MAX ? UINT64_MAX - 1 : k;
	}
	}
}

/* Quicksort on the keyed array with the comparison inlined (qsort_r pays a
 * call and a 32-byte copy per step): median of three, insertion sort for
 * short runs, recursion on the smaller side only. */
static inline bool klt(const struct keyed *a, const struct keyed *b, const struct sort_cx *cx)
{
	if ((a->rank ^ b->rank) & 1)
		return (a->rank & 1) < (b->rank & 1);
	if (a->k != b->k)
		return a->k < b->k;
	if (a->rank & KEY_PART) /* (equal keys are both whole or both part) */
		return cmp_rows(cx, a->row, b->row) < 0;
	if (a->k2 != b->k2)
		return a->k2 < b->k2;
	if (a->k3 != b->k3)
		return a->k3 < b->k3;
	return cmp_rows(cx, a->row, b->row) < 0;
}

/* One quicksort step over a[0, n) (n > 2): the returned left is such that
 * a[0, left) <= a[left, n). */
static size_t kpartition(struct keyed *a, size_t n, const struct sort_cx *cx)
{
	size_t mid = n / 2;
	/* median of three into a[0] */
	if (klt(&a[mid], &a[0], cx)) {
		struct keyed t = a[mid];
		a[mid] = a[0];
		a[0] = t;
	}
	if (klt(&a[n - 1], &a[mid], cx)) {
		struct keyed t = a[n - 1];
		a[n - 1] = a[mid];
		a[mid] = t;
		if (klt(&a[mid], &a[0], cx)) {
			t = a[mid];
			a[mid] = a[0];
			a[0] = t;
		}
	}
	struct keyed pivot = a[mid];
	size_t i = 0, j = n - 1;
	for (;;) {
		while (klt(&a[i], &pivot, cx))
			i++;
		while (klt(&pivot, &a[j], cx))
			j--;
		if (i >= j)
			break;
		struct keyed t = a[i];
		a[i] = a[j];
		a[j] = t;
		i++;
		j--;
	}
	return j + 1; /* [0, j] and [j+1, n) */
}

static void sort_keys(struct keyed *a, size_t n, const struct sort_cx *cx)
{
	while (n > 16) {
		size_t left = kpartition(a, n, cx);
		if (left < n - left) {
			sort_keys(a, left, cx);
			a += left;
			n -= left;
		} else {
			sort_keys(a + left, n - left, cx);
			n = left;
		}
	}
	for (size_t i = 1; i < n; i++) {
		struct keyed t = a[i];
		size_t j = i;
		while (j > 0 && klt(&t, &a[j - 1], cx)) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = t;
	}
}

struct ksort_job {
	struct keyed *a[2];
	size_t n[2];
	const struct sort_cx *cx;
};

static void ksort_part(void *arg, int part, int parts)
{
	struct ksort_job *j = arg;
	(void)parts;
	sort_keys(j->a[part], j->n[part], j->cx);
}

/* sort_keys with the two sides of the first step on two threads. */
static void sort_keys_par(struct keyed *a, size_t n, const struct sort_cx *cx, int parts)
{
	if (parts < 2 || n < PAR_MIN_ROWS) {
		sort_keys(a, n, cx);
		return;
	}
	size_t left = kpartition(a, n, cx);
	struct ksort_job j = {{a, a + left}, {left, n - left}, cx};
	fq_par_for(2, ksort_part, &j);
}

/*
 * Tie-break keys.  A string column of addresses is best keyed by its text
 * in 4 bits a character: '.', '/', the digits and the end of the string
 * get their own codes, the bytes below '.' and above '9' one code each.
 * Codes rise with the byte, so the key orders like the text; the first 15
 * characters fit, which is every dotted quad whole.  A string that does not
 * fit (a byte outside the set, or longer) is cut there and gets the low
 * nibble 15 ("inexact"), so equal keys mean equal strings only when the
 * low nibble is 0.
 */
enum { NIB_EXACT = 0, NIB_INEXACT = 15 };
static inline uint8_t nib_code(uint8_t c)
{
	return c < '.' ? 1 : c <= '9' ? (uint8_t)(c - '.' + 2) : 14;
}

static uint64_t nibble_key(const char *p, uint32_t n)
{
	uint64_t k = 0;
	uint32_t m = n < 15 ? n : 15;
	for (uint32_t j = 0; j < m; j++) {
		uint8_t c = nib_code((uint8_t)p[j]);
		k |= (uint64_t)c << (60 - 4 * j);
		if (c == 1 || c == 14)
			return k | NIB_INEXACT;
	}
	return n > 15 ? k | NIB_INEXACT : k;
}

/* Nibble keys suit a column when most of its first rows fit them whole. */
static bool wants_nibbles(const struct vec *v, uint32_t base, uint32_t n)
{
	if (v->type != T_VARCHAR)
		return false;
	uint32_t m = n < 1024 ? n : 1024, fit = 0, seen = 0;
	for (uint32_t i = base; i < base + m; i++) {
		if (vec_is_null(v, i))
			continue;
		seen++;
		fit += (nibble_key(v->s[i].p, v->s[i].len) & 15) == NIB_EXACT;
	}
	return seen && fit * 2 > seen;
}

/* What building the keys and sorting the buckets share between threads. */
struct keyed_job {
	const struct sort_cx *cx;
	const struct vec *v, *tie[2];
	int str;  /* the first key: 0 an integer, else a string keyed by STR_NIB or STR_PREFIX */
	uint32_t *dict; /* a string first key of few values: each row's rank among them */
	bool nib0, nib1;
	struct keyed *ks; /* without buckets: row base + i's key at ks[i] */
	uint32_t base, n; /* the rows sorted: [base, base + n) */
	/* the range of the first key, per part, then in all */
	int64_t lo_p[FQ_PAR_MAX], hi_p[FQ_PAR_MAX];
	int64_t lo;
	/* buckets (rank 0 keys lo.., then rank 1): pos[part * n_buckets + b]
	 * counts, then is the next slot of the part's rows of bucket b in tmp;
	 * ends[b] is the end of bucket b */
	uint32_t *pos, *ends;
	size_t nb, n_buckets;
	struct keyed *tmp;
	uint32_t *perm;
};

static inline void part_rows(uint32_t n, int part, int parts, uint32_t *from, uint32_t *to)
{
	*from = (uint32_t)((uint64_t)n * (uint64_t)part / (uint64_t)parts);
	*to = (uint32_t)((uint64_t)n * (uint64_t)(part + 1) / (uint64_t)parts);
}

/* Row i's rank (0: a value, 1: NULL last; the reverse for NULLS FIRST) and
 * first key (bit-inverted for DESC: ~k reverses the order without overflow). */
static inline uint32_t rank_key(const struct keyed_job *j, uint32_t i, int64_t *k)
{
	const struct sort_key *sk = &j->cx->keys[0];
	bool isnull = vec_is_null(j->v, i);
	int64_t x = isnull ? 0 : j->dict ? (int64_t)j->dict[i - j->base] : j->v->i64[i];
	*k = sk->desc ? ~x : x;
	return isnull == sk->nulls_first ? 0 : 1;
}

static int dict_cmp(const void *x, const void *y, void *arg)
{
	const struct fq_str *strs = arg;
	return str_cmp(strs[*(const uint32_t *)x], strs[*(const uint32_t *)y]);
}

/*
 * A string first key with few distinct values (interface IDs, actions,
 * dates) sorts as their ranks: the values are found by hashing, sorted
 * once, and each row's rank goes to j->dict, so the rows sort as integers
 * (by buckets when there are few) and equal strings go on to the tie keys.
 * False (nothing kept) past max(1024, n / 8) values, or out of memory.
 */
static bool dict_rank(struct keyed_job *j)
{
	const struct vec *v = j->v;
	uint32_t n = j->n, most = n / 8 > 1024 ? n / 8 : 1024;
	if (most > (1u << 18))
		most = 1u << 18;
	uint32_t cap = 1024;
	while (cap < 2 * most)
		cap *= 2;
	uint32_t *slot = calloc(cap, sizeof *slot); /* a value's first row + 1 */
	uint32_t *of = malloc((size_t)(n ? n : 1) * sizeof *of); /* row -> slot */
	uint32_t *vals = malloc((size_t)most * sizeof *vals);    /* distinct: their slots */
	struct fq_str *strs = malloc((size_t)most * sizeof *strs);
	uint32_t d = 0;
	bool ok = slot && of && vals && strs;
	for (uint32_t r = 0; ok && r < n; r++) {
		uint32_t i = j->base + r;
		of[r] = 0;
		if (vec_is_null(v, i))
			continue;
		struct fq_str s = v->s[i];
		uint32_t h = (uint32_t)hash_bytes(s.p, s.len, 0) & (cap - 1);
		while (slot[h] && !str_eq(v->s[slot[h] - 1], s))
			h = (h + 1) & (cap - 1);
		if (!slot[h]) {
			if (d == most) {
				ok = false;
				break;
			}
			slot[h] = i + 1;
			strs[d] = s;
			vals[d++] = h;
		}
		of[r] = h;
	}
	if (ok) {
		/* sort the values' indexes, then give each slot its rank */
		uint32_t *ord = malloc((size_t)(d ? d : 1) * sizeof *ord);
		ok = ord != NULL;
		if (ok) {
			for (uint32_t k = 0; k < d; k++)
				ord[k] = k;
			qsort_r(ord, d, sizeof *ord, dict_cmp, strs);
			for (uint32_t k = 0; k < d; k++)
				slot[vals[ord[k]]] = k; /* (slot now maps to a rank) */
			for (uint32_t r = 0; r < n; r++)
				of[r] = slot[of[r]];
			free(ord);
		}
	}
	free(slot);
	free(vals);
	free(strs);
	if (!ok) {
		free(of);
		return false;
	}
	j->dict = of;
	return true;
}

enum { STR_NIB = 1, STR_PREFIX = 2 };

/* A string first key: its rank, key and whether the key is all of it. */
static inline uint32_t rank_key_str(const struct keyed_job *j, uint32_t i, int64_t *k)
{
	const struct sort_key *sk = &j->cx->keys[0];
	if (vec_is_null(j->v, i)) {
		*k = 0;
		return sk->nulls_first ? 0 : 1;
	}
	uint64_t u;
	bool whole;
	if (j->str == STR_NIB) {
		u = nibble_key(j->v->s[i].p, j->v->s[i].len);
		whole = (u & 15) == NIB_EXACT;
	} else {
		u = prefix_key(j->v, i, 0);
		whole = false;
	}
	int64_t x = (int64_t)(u ^ (1ULL << 63));
	*k = sk->desc ? ~x : x;
	return (sk->nulls_first ? 1 : 0) | (whole ? 0 : KEY_PART);
}

static void make_key(const struct keyed_job *j, uint32_t i, struct keyed *e)
{
	const struct vec *const *tie = j->tie;
	e->row = i;
	e->rank = j->str ? rank_key_str(j, i, &e->k) : rank_key(j, i, &e->k);
	e->k2 = e->k3 = 0;
	if (!tie[0])
		return;
	bool exact;
	if (vec_is_null(tie[0], i)) {
		e->k2 = UINT64_MAX;
		exact = true;
	} else if (j->nib0) {
		e->k2 = nibble_key(tie[0]->s[i].p, tie[0]->s[i].len);
		exact = (e->k2 & 15) == NIB_EXACT;
	} else if (tie[0]->type == T_VARCHAR) {
		e->k2 = prefix_key(tie[0], i, 0);
		e->k3 = prefix_key(tie[0], i, 8);
		return;
	} else {
		e->k2 = prefix_key(tie[0], i, 0);
		exact = type_is_i64(tie[0]->type) && e->k2 < UINT64_MAX - 1;
	}
	if (!exact || !tie[1])
		return;
	if (vec_is_null(tie[1], i))
		e->k3 = UINT64_MAX;
	else if (j->nib1)
		e->k3 = nibble_key(tie[1]->s[i].p, tie[1]->s[i].len);
	else
		e->k3 = prefix_key(tie[1], i, 0);
}

static void key_range(void *arg, int part, int parts)
{
	struct keyed_job *j = arg;
	uint32_t from, to;
	part_rows(j->n, part, parts, &from, &to);
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (uint32_t i = j->base + from; i < j->base + to; i++) {
		int64_t k;
		rank_key(j, i, &k);
		lo = k < lo ? k : lo;
		hi = k > hi ? k : hi;
	}
	j->lo_p[part] = lo;
	j->hi_p[part] = hi;
}

static inline size_t bucket_of(const struct keyed_job *j, uint32_t i)
{
	int64_t k;
	uint32_t rank = rank_key(j, i, &k);
	return rank * j->nb + (size_t)(k - j->lo);
}

static void count_buckets(void *arg, int part, int parts)
{
	struct keyed_job *j = arg;
	uint32_t from, to;
	part_rows(j->n, part, parts, &from, &to);
	uint32_t *cnt = j->pos + (size_t)part * j->n_buckets;
	for (uint32_t i = j->base + from; i < j->base + to; i++)
		cnt[bucket_of(j, i)]++;
}

/* Each row's key, into ks[row] or straight into its bucket's next slot. */
static void build_keys(void *arg, int part, int parts)
{
	struct keyed_job *j = arg;
	uint32_t from, to;
	part_rows(j->n, part, parts, &from, &to);
	if (!j->pos) {
		for (uint32_t i = from; i < to; i++)
			make_key(j, j->base + i, &j->ks[i]);
		return;
	}
	uint32_t *pos = j->pos + (size_t)part * j->n_buckets;
	for (uint32_t i = j->base + from; i < j->base + to; i++) {
		struct keyed e;
		make_key(j, i, &e);
		j->tmp[pos[e.rank * j->nb + (size_t)(e.k - j->lo)]++] = e;
	}
}

/* Sort the buckets whose rows fall in this part's share of [0, n) (a
 * bucket belongs to the part its start falls in) and write their rows to
 * perm. */
static void sort_buckets(void *arg, int part, int parts)
{
	struct keyed_job *j = arg;
	uint32_t lo, hi;
	part_rows(j->n, part, parts, &lo, &hi);
	size_t start = 0;
	for (size_t b = 0; b < j->n_buckets; b++) {
		size_t end = j->ends[b];
		if (start >= lo && start < hi && end > start) {
			if (end - start > 1)
				sort_keys(j->tmp + start, end - start, j->cx);
			for (size_t i = start; i < end; i++)
				j->perm[i] = j->tmp[i].row;
		}
		start = end;
	}
}

/*
 * A key of small range (ports, protocols, hours, counts) is bucketed by a
 * counting sort in O(n) and only the rows within a bucket are compared.
 * The counting runs on the threads: each counts its rows per bucket, the
 * counts become each part's slots in bucket order, and each part builds its
 * rows' keys straight into their slots.  False when the range is too wide.
 */
static bool sort_bucketed(struct keyed_job *job, int parts, uint32_t *perm)
{
	uint32_t n = job->n;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (int p = 0; p < parts; p++) {
		lo = job->lo_p[p] < lo ? job->lo_p[p] : lo;
		hi = job->hi_p[p] > hi ? job->hi_p[p] : hi;
	}
	uint64_t range = (uint64_t)hi - (uint64_t)lo;
	if (n <= 4096 || range >= ((uint64_t)1 << 20))
		return false;
	job->lo = lo;
	job->nb = (size_t)range + 1;
	job->n_buckets = 2 * job->nb; /* rank 0 buckets, then rank 1 */
	/* per-part counts cost parts x buckets: past 4M slots count on one */
	int cparts = (size_t)parts * job->n_buckets > ((size_t)1 << 22) ? 1 : parts;
	job->pos = calloc((size_t)cparts * job->n_buckets, sizeof *job->pos);
	job->ends = malloc(job->n_buckets * sizeof *job->ends);
	job->tmp = malloc((size_t)n * sizeof *job->tmp);
	bool ok = job->pos && job->ends && job->tmp;
	if (ok) {
		fq_par_for(cparts, count_buckets, job);
		uint32_t at = 0;
		for (size_t b = 0; b < job->n_buckets; b++) {
			for (int p = 0; p < cparts; p++) {
				uint32_t c = job->pos[(size_t)p * job->n_buckets + b];
				job->pos[(size_t)p * job->n_buckets + b] = at;
				at += c;
			}
			job->ends[b] = at;
		}
		fq_par_for(cparts, build_keys, job);
		job->perm = perm;
		fq_par_for(parts, sort_buckets, job);
	}
	free(job->pos);
	free(job->ends);
	free(job->tmp);
	job->pos = job->ends = NULL;
	job->tmp = NULL;
	return ok;
}

/* Whether sort_keyed takes a first key of this type. */
static bool sort_keys_inline(enum fq_type t)
{
	return type_is_i64(t) || t == T_VARCHAR;
}

/* Rows [base, base + n) of the table in order, into perm. */
static bool sort_keyed(const struct sort_cx *cx, uint32_t *perm, uint32_t base, uint32_t n)
{
	const struct sort_key *sk = &cx->keys[0];
	struct keyed_job *job = calloc(1, sizeof *job);
	if (!job)
		return false;
	job->cx = cx;
	job->v = &cx->t->cols[sk->col];
	job->base = base;
	job->n = n;
	if (job->v->type == T_VARCHAR && !dict_rank(job))
		job->str = wants_nibbles(job->v, base, n) ? STR_NIB : STR_PREFIX;
	/* with one sort key, ties go by the other columns in order (with
	 * more, by the next keys): keys of the first ones ride along, so most
	 * ties end without touching rows.
	 * k2 keys the first tie column; k3 keys the second when k2 is exact for
	 * the row (so equal k2 means an equal first column), else the first
	 * column's next bytes, else 0 (equal: the row comparison decides). */
	int nt = 0;
	if (cx->n_keys == 1) {
		for (int c = 0; c < cx->t->n_cols && nt < 2; c++)
			if (c != sk->col)
				job->tie[nt++] = &cx->t->cols[c];
	} else {
		/* the next sort keys, when they go as the tie keys do: ascending,
		 * NULLs last (a group table's own order: every column so) */
		bool plain = true;
		for (int k = 1; k < cx->n_keys; k++)
			plain = plain && !cx->keys[k].desc && !cx->keys[k].nulls_first;
		for (int k = 1; plain && k < cx->n_keys && nt < 2; k++)
			job->tie[nt++] = &cx->t->cols[cx->keys[k].col];
	}
	job->nib0 = job->tie[0] && wants_nibbles(job->tie[0], base, n);
	job->nib1 = job->tie[1] && wants_nibbles(job->tie[1], base, n);
	int parts = n >= PAR_MIN_ROWS && cx->threads > 1 ? cx->threads : 1;
	if (parts > FQ_PAR_MAX)
		parts = FQ_PAR_MAX;
	bool ok = true;
	if (!job->str)
		fq_par_for(parts, key_range, job); /* (for the buckets) */
	if (job->str || !sort_bucketed(job, parts, perm)) {
		job->ks = malloc((size_t)(n ? n : 1) * sizeof *job->ks);
		ok = job->ks != NULL;
		if (ok) {
			fq_par_for(parts, build_keys, job);
			sort_keys_par(job->ks, n, cx, parts);
			for (uint32_t i = 0; i < n; i++)
				perm[i] = job->ks[i].row;
		}
		free(job->ks);
	}
	free(job->dict);
	free(job);
	return ok;
}

/* max-heap on cmp_rows: the root is the worst row kept */
static void sift_down(const struct sort_cx *cx, uint32_t *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && cmp_rows(cx, h[l], h[m]) > 0)
			m = l;
		if (r < n && cmp_rows(cx, h[r], h[m]) > 0)
			m = r;
		if (m == i)
			return;
		uint32_t tmp = h[i];
		h[i] = h[m];
		h[m] = tmp;
		i = m;
	}
}

static void sift_up(const struct sort_cx *cx, uint32_t *h, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (cmp_rows(cx, h[i], h[p]) <= 0)
			return;
		uint32_t tmp = h[i];
		h[i] = h[p];
		h[p] = tmp;
		i = p;
	}
}

struct perm_job {
	struct rtable *t;
	const uint32_t *perm;
	uint32_t k;
	char *data[RD_MAX_FIELDS * 2 + 2];
	uint8_t *nulls[RD_MAX_FIELDS * 2 + 2];
	int n_cols;
};

/* Gather this part's share of the rows, every column, into the new arrays. */
static void gather_cols(void *arg, int part, int parts)
{
	struct perm_job *j = arg;
	const uint32_t *perm = j->perm;
	uint32_t k = j->k;
	uint32_t from = (uint32_t)((uint64_t)k * (uint64_t)part / (uint64_t)parts);
	uint32_t to = (uint32_t)((uint64_t)k * (uint64_t)(part + 1) / (uint64_t)parts);
	for (int c = 0; c < j->n_cols; c++) {
		const struct vec *v = &j->t->cols[c];
		size_t sz = type_slot_size(v->type);
		char *nd = j->data[c];
		uint8_t *nn = j->nulls[c];
		for (uint32_t i = from; i < to; i++) {
			/* a gather in random order: keep several misses in flight */
			if (i + 16 < to)
				__builtin_prefetch((char *)v->data + (size_t)perm[i + 16] * sz);
			memcpy(nd + (size_t)i * sz, (char *)v->data + (size_t)perm[i] * sz, sz);
			nn[i] = v->nulls ? v->nulls[perm[i]] : 0;
		}
	}
}

/* Reorder t's rows to perm[0..k), the rows split over threads. */
static bool apply_perm(struct rtable *t, const uint32_t *perm, uint32_t k, int threads)
{
	struct perm_job *j = calloc(1, sizeof *j);
	if (!j || t->n_cols > (int)FQ_ARRAY_LEN(j->data)) {
		free(j);
		return false;
	}
	j->t = t;
	j->perm = perm;
	j->k = k;
	j->n_cols = t->n_cols;
	bool ok = true;
	for (int c = 0; c < t->n_cols && ok; c++) {
		j->data[c] = malloc((size_t)(k ? k : 1) * type_slot_size(t->cols[c].type));
		j->nulls[c] = malloc(k ? k : 1);
		ok = j->data[c] && j->nulls[c];
	}
	if (ok) {
		int parts = k >= PAR_MIN_ROWS && threads > 1 ? threads : 1;
		fq_par_for(parts, gather_cols, j);
		for (int c = 0; c < t->n_cols; c++) {
			struct vec *v = &t->cols[c];
			free(v->data);
			free(v->nulls);
			v->data = j->data[c];
			v->nulls = j->nulls[c];
			v->cap = k ? k : 1;
		}
		t->n = k;
		t->cap = k ? k : 1;
	} else {
		for (int c = 0; c < t->n_cols; c++) {
			free(j->data[c]);
			free(j->nulls[c]);
		}
	}
	free(j);
	return ok;
}

flowq_status rt_sort_limit(struct rtable *t, const struct sort_key *keys, int n_keys,
			   int64_t offset, int64_t limit, struct flowq_error *err)
{
	return rt_sort_limit_mt(t, keys, n_keys, offset, limit, 1, err);
}

flowq_status rt_sort_limit_mt(struct rtable *t, const struct sort_key *keys, int n_keys,
			      int64_t offset, int64_t limit, int threads, struct flowq_error *err)
{
	uint32_t n = t->n;
	uint64_t want = limit < 0 ? n : (uint64_t)offset + (uint64_t)limit;
	if (want > n)
		want = n;
	struct sort_cx cx = {t, keys, n_keys, threads};
	uint32_t *perm = malloc((size_t)(n ? n : 1) * sizeof *perm);
	if (!perm)
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory sorting %u rows", n);
	uint32_t k;
	if (n_keys == 0 && offset <= 0 && want == n) {
		free(perm);
		return FLOWQ_OK; /* nothing to order or cut */
	}
	if (n_keys == 0) {
		/* no ORDER BY: keep the order, just cut */
		for (uint32_t i = 0; i < n; i++)
			perm[i] = i;
		k = (uint32_t)want;
	} else if (want < n / 4) {
		size_t h = 0;
		for (uint32_t i = 0; i < n; i++) {
			if (h < want) {
				perm[h++] = i;
				sift_up(&cx, perm, h - 1);
			} else if (want && cmp_rows(&cx, i, perm[0]) < 0) {
				perm[0] = i;
				sift_down(&cx, perm, h, 0);
			}
		}
		k = (uint32_t)h;
		qsort_r(perm, k, sizeof *perm, qcmp, &cx);
	} else {
		const struct vec *v0 = &t->cols[keys[0].col];
		if (!(sort_keys_inline(v0->type) && sort_keyed(&cx, perm, 0, n))) {
			for (uint32_t i = 0; i < n; i++)
				perm[i] = i;
			qsort_r(perm, n, sizeof *perm, qcmp, &cx);
		}
		k = (uint32_t)want;
	}
	uint32_t off = (uint32_t)FQ_MIN((uint64_t)offset, (uint64_t)k);
	bool ok = apply_perm(t, perm + off, k - off, threads);
	free(perm);
	if (!ok)
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory sorting %u rows", n);
	return FLOWQ_OK;
}

struct tail_job {
	const struct sort_cx *cx;
	const uint32_t *tail; /* the tail rows in order */
	uint32_t *pos;        /* each one's place: the first run row after it */
	uint32_t h, run;
};

static void place_tail(void *arg, int part, int parts)
{
	struct tail_job *j = arg;
	uint32_t from = (uint32_t)((uint64_t)j->h * (uint64_t)part / (uint64_t)parts);
	uint32_t to = (uint32_t)((uint64_t)j->h * (uint64_t)(part + 1) / (uint64_t)parts);
	uint32_t lo0 = 0;
	for (uint32_t i = from; i < to; i++) {
		/* places only rise, and the next is usually near: gallop from the
		 * last one (nearby rows, in cache), then halve */
		uint32_t lo = lo0, hi = j->run;
		uint64_t step = 1;
		while (lo < hi) {
			uint64_t probe = (uint64_t)lo + step - 1;
			if (probe >= hi)
				break;
			if (cmp_rows(j->cx, (uint32_t)probe, j->tail[i]) >= 0) {
				hi = (uint32_t)probe;
				break;
			}
			lo = (uint32_t)probe + 1;
			step *= 2;
		}
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			if (cmp_rows(j->cx, mid, j->tail[i]) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		j->pos[i] = lo0 = lo;
	}
}

flowq_status rt_merge_tail(struct rtable *t, uint32_t run, const struct sort_key *keys, int n_keys,
			   int64_t offset, int64_t limit, int threads, struct flowq_error *err)
{
	uint32_t n = t->n;
	bool narrow = true; /* every cell fits the 16-byte scratch */
	for (int c = 0; c < t->n_cols; c++)
		narrow = narrow && type_slot_size(t->cols[c].type) <= 16;
	if (run >= n || n_keys == 0 || !narrow)
		return rt_sort_limit_mt(t, keys, n_keys, offset, limit, threads, err);
	struct sort_cx cx = {t, keys, n_keys, threads};
	uint32_t h = n - run;
	uint32_t *tail = malloc((size_t)h * sizeof *tail);
	uint32_t *pos = malloc((size_t)h * sizeof *pos);
	char *cell = malloc((size_t)h * 16);
	uint8_t *nul = malloc(h);
	if (!tail || !pos || !cell || !nul) {
		free(tail);
		free(pos);
		free(cell);
		free(nul);
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory sorting %u rows", n);
	}
	/* the tail in order: keyed (inline keys, threads) when the first sort
	 * key is an integer, else by the row comparison */
	if (!(sort_keys_inline(t->cols[keys[0].col].type) && sort_keyed(&cx, tail, run, h))) {
		for (uint32_t i = 0; i < h; i++)
			tail[i] = run + i;
		qsort_r(tail, h, sizeof *tail, qcmp, &cx);
	}
	struct tail_job job = {&cx, tail, pos, h, run};
	fq_par_for(h >= 4096 && threads > 1 ? threads : 1, place_tail, &job);
	/* merge in place, column by column, from the back: the tail rows are
	 * set aside, the run's rows move up past the tail rows that go before
	 * them (whole stretches at a time), the tail rows fill the gaps */
	for (int c = 0; c < t->n_cols; c++) {
		struct vec *v = &t->cols[c];
		size_t sz = type_slot_size(v->type);
		char *d = v->data;
		for (uint32_t k = 0; k < h; k++) {
			memcpy(cell + (size_t)k * sz, d + (size_t)tail[k] * sz, sz);
			nul[k] = v->nulls ? v->nulls[tail[k]] : 0;
		}
		uint32_t hi = run, out = n;
		for (uint32_t k = h; k-- > 0;) {
			uint32_t seg = hi - pos[k];
			out -= seg;
			memmove(d + (size_t)out * sz, d + (size_t)pos[k] * sz, (size_t)seg * sz);
			if (v->nulls)
				memmove(v->nulls + out, v->nulls + pos[k], seg);
			hi = pos[k];
			out--;
			memcpy(d + (size_t)out * sz, cell + (size_t)k * sz, sz);
			if (v->nulls)
				v->nulls[out] = nul[k];
		}
	}
	free(tail);
	free(pos);
	free(cell);
	free(nul);
	if (offset > 0 || (limit >= 0 && (uint64_t)limit < n))
		return rt_sort_limit_mt(t, keys, 0, offset, limit, threads, err);
	return FLOWQ_OK;
}
