/*
 * sdist.c - SELECT DISTINCT / GROUP BY without aggregates over narrow keys,
 * by sorting packed keys (see sdist.h).
 *
 * Key layout, most significant bits first: per key column c a NULL bit
 * (1: NULL, so NULLs sort last) and 32 bits of value, 33 bits a column.
 * Integers keep their order with the sign bit flipped; an address packs as
 * the text-order ranks of its four octets.  The sort is an MSD radix sort
 * in 8-bit digits from the highest bit that varies (a port column leaves
 * its upper bits alone), insertion sort for small buckets.
 */
#include "sdist.h"

#include "agg.h"
#include "format/fields.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


__extension__ typedef unsigned __int128 u128;

#define COL_BITS 33

/* Compact (sort and dedupe) a full array from this many slots on; smaller
 * ones just grow. */
#define COMPACT_FROM 65536

struct sd_buf {
	int n_keys;
	enum fq_type types[SD_MAX_KEYS];
	u128 *k, *tmp; /* keys; scratch of the same size */
	size_t n, cap;
	size_t sorted; /* k[0, sorted) is sorted and has no duplicates */
	atomic_size_t *mem;
	size_t max_mem, counted;
};

static uint8_t rank_of[256], octet_of[256];
static pthread_once_t rank_once = PTHREAD_ONCE_INIT;

static void rank_init(void)
{
	/* sort 0..255 by their decimal texts: a prefix sorts first ("1" < "10"),
	 * as it does before '.' or the end of the string */
	char txt[256][12]; /* room for any int: -O1 cannot see v < 256 */
	int ord[256];
	for (int v = 0; v < 256; v++) {
		snprintf(txt[v], sizeof txt[v], "%d", v);
		ord[v] = v;
	}
	for (int i = 1; i < 256; i++) {
		int x = ord[i], j = i;
		while (j > 0 && strcmp(txt[ord[j - 1]], txt[x]) > 0) {
			ord[j] = ord[j - 1];
			j--;
		}
		ord[j] = x;
	}
	for (int r = 0; r < 256; r++) {
		rank_of[ord[r]] = (uint8_t)r;
		octet_of[r] = (uint8_t)ord[r];
	}
}

const uint8_t *sd_octet_rank(void)
{
	pthread_once(&rank_once, rank_init);
	return rank_of;
}

bool sd_eligible(const struct plan_select *p)
{
	if (!p->aggregate || p->n_aggs != 0 || p->n_keys < 1 || p->n_keys > SD_MAX_KEYS)
		return false;
	for (int k = 0; k < p->n_keys; k++) {
		const struct ex *e = p->keys[k];
		/* strings: only an address column of the files (most rows pack) */
		if (e->type != T_INTEGER && e->type != T_BIGINT && !agg_key_is_address(p, k))
			return false;
	}
	return !fq_switch_off("FLOWQ_NO_SDIST");
}

struct sd_buf *sd_new(const struct plan_select *p, atomic_size_t *mem, size_t max_mem)
{
	pthread_once(&rank_once, rank_init);
	struct sd_buf *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->n_keys = p->n_keys;
	for (int k = 0; k < p->n_keys; k++)
		b->types[k] = p->keys[k]->type;
	b->mem = mem;
	b->max_mem = max_mem;
	return b;
}

static void uncount(struct sd_buf *b)
{
	agg_mem_count(b->mem, &b->counted, 0);
}

void sd_free(struct sd_buf *b)
{
	if (!b)
		return;
	uncount(b);
	free(b->k);
	free(b->tmp);
	free(b);
}

/* Count `now` bytes for b against --max-memory. */
static flowq_status account(struct sd_buf *b, size_t now, struct flowq_error *err)
{
	bool grew = now > b->counted;
	size_t total = agg_mem_count(b->mem, &b->counted, now);
	if (grew && b->max_mem && total > b->max_mem)
		return err_set(err, FLOWQ_ERR_MEMORY,
			       "memory limit exceeded in the aggregation: %.0f MB for %llu rows "
			       "of distinct keys (--max-memory %.0f MB)",
			       (double)total / 1048576.0, (unsigned long long)b->n,
			       (double)b->max_mem / 1048576.0);
	return FLOWQ_OK;
}

/* Column value of row i as 33 bits (NULL bit, 32 bits); false: it does not pack. */
static inline bool pack_col(const struct vec *v, enum fq_type t, uint32_t i, uint64_t *out)
{
	if (vec_is_null(v, i) || v->type == T_UNKNOWN) {
		*out = 1ULL << 32;
		return true;
	}
	if (t == T_VARCHAR) {
		uint32_t x;
		if (v->v4 && v->v4[i] >= 0) {
			x = (uint32_t)v->v4[i];
		} else {
			/* not packed by the reader (IPv6, or its SIMD path is off) */
			uint8_t o[4];
			uint32_t n = v->s[i].len;
			if (n < 7 || n > 15 || !ip4_from_text(v->s[i].p, n, o))
				return false;
			x = (uint32_t)o[0] << 24 | (uint32_t)o[1] << 16 | (uint32_t)o[2] << 8 | o[3];
		}
		*out = (uint64_t)rank_of[x >> 24] << 24 | (uint64_t)rank_of[(x >> 16) & 255] << 16 |
		       (uint64_t)rank_of[(x >> 8) & 255] << 8 | rank_of[x & 255];
		return true;
	}
	int64_t x = v->i64[i];
	if (x < INT32_MIN || x > INT32_MAX)
		return false;
	*out = (uint32_t)(int32_t)x ^ 0x80000000u;
	return true;
}

static bool compact(struct sd_buf *b);

flowq_status sd_add(struct sd_buf *b, const struct vec *keys, const uint8_t *active, uint32_t n,
		    uint8_t *rest, uint32_t *n_rest, struct flowq_error *err)
{
	uint32_t nr = 0;
	if (b->n + n > b->cap) {
		/* full: drop the duplicates first, grow only if that does not
		 * leave half the room (so memory follows the distinct keys, not
		 * the rows) */
		if (b->cap >= COMPACT_FROM && !compact(b))
			return err_set(err, FLOWQ_ERR_NOMEM, "out of memory in the aggregation");
		size_t cap = b->cap ? b->cap : 16384;
		while (b->n + n > cap || (cap >= COMPACT_FROM && b->n > cap / 2))
			cap *= 2;
		if (cap != b->cap) {
			u128 *k = realloc(b->k, cap * sizeof *k);
			if (k)
				b->k = k;
			u128 *t = k ? realloc(b->tmp, cap * sizeof *t) : NULL;
			if (t)
				b->tmp = t;
			if (!k || !t)
				return err_set(err, FLOWQ_ERR_NOMEM, "out of memory in the aggregation");
			b->cap = cap;
			flowq_status st = account(b, 2 * cap * sizeof *k, err);
			if (st)
				return st;
		}
	}
	int nk = b->n_keys;
	size_t at = b->n;
	for (uint32_t i = 0; i < n; i++) {
		rest[i] = 0;
		if (active && !active[i])
			continue;
		u128 key = 0;
		bool ok = true;
		for (int c = 0; c < nk && ok; c++) {
			uint64_t x;
			ok = pack_col(&keys[c], b->types[c], i, &x);
			if (ok)
				key |= (u128)x << (128 - COL_BITS * (c + 1));
		}
		if (!ok) {
			rest[i] = 1;
			nr++;
			continue;
		}
		b->k[at++] = key;
	}
	b->n = at;
	*n_rest = nr;
	return FLOWQ_OK;
}

/* ---- sort, dedupe, merge ------------------------------------------------ */

/* The highest bit in which the keys differ, or -1 when they are all equal. */
static int top_bit(const u128 *a, size_t n)
{
	u128 diff = 0;
	for (size_t i = 1; i < n; i++)
		diff |= a[i] ^ a[0];
	uint64_t hi = (uint64_t)(diff >> 64), lo = (uint64_t)diff;
	return hi ? 127 - __builtin_clzll(hi) : lo ? 63 - __builtin_clzll(lo) : -1;
}

static void insertion_sort(u128 *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		u128 x = a[i];
		size_t j = i;
		while (j > 0 && a[j - 1] > x) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = x;
	}
}

/*
 * MSD radix sort, 8 bits a level from bit `shift` down: the keys in x, the
 * result in y when to_y, else in x (y is scratch of the same size).  Small
 * buckets are finished by insertion sort.
 */
static void msd_sort(u128 *x, u128 *y, size_t n, int shift, bool to_y)
{
	if (n <= 32 || shift < 0) {
		if (shift >= 0)
			insertion_sort(x, n); /* shift < 0: all equal */
		if (to_y)
			memcpy(y, x, n * sizeof *x);
		return;
	}
	size_t cnt[256] = {0};
	for (size_t i = 0; i < n; i++)
		cnt[(unsigned)(x[i] >> shift) & 255]++;
	int next = shift >= 8 ? shift - 8 : shift > 0 ? 0 : -1;
	if (cnt[(unsigned)(x[0] >> shift) & 255] == n) {
		/* one bucket: go straight to the highest bit below that varies */
		int top = top_bit(x, n);
		msd_sort(x, y, n, top < 0 ? -1 : top >= 7 ? top - 7 : 0, to_y);
		return;
	}
	size_t pos[256], at = 0;
	for (int d = 0; d < 256; d++) {
		pos[d] = at;
		at += cnt[d];
	}
	for (size_t i = 0; i < n; i++)
		y[pos[(unsigned)(x[i] >> shift) & 255]++] = x[i];
	/* the keys are in y now: each bucket sorts from y, its result where
	 * this call's result goes */
	at = 0;
	for (int d = 0; d < 256; d++) {
		if (cnt[d])
			msd_sort(y + at, x + at, cnt[d], next, !to_y);
		at += cnt[d];
	}
}

/* Sort a[0..n) (tmp: n slots of scratch), drop duplicates; returns the count. */
static size_t sort_unique(u128 *a, u128 *tmp, size_t n)
{
	if (n > 1) {
		/* start at the highest bit that varies (a port column leaves the
		 * top of its 32 bits alone) */
		int top = top_bit(a, n);
		if (top >= 0)
			msd_sort(a, tmp, n, top >= 7 ? top - 7 : 0, false);
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || a[i] != a[m - 1])
			a[m++] = a[i];
	return m;
}

/* Merge the sorted, duplicate-free x and y into o (room for nx + ny),
 * dropping keys they share; returns the count. */
static size_t merge_unique(const u128 *x, size_t nx, const u128 *y, size_t ny, u128 *o)
{
	size_t a = 0, b = 0, m = 0;
	while (a < nx && b < ny) {
		u128 va = x[a], vb = y[b];
		o[m++] = va < vb ? va : vb;
		a += va <= vb;
		b += vb <= va;
	}
	while (a < nx)
		o[m++] = x[a++];
	while (b < ny)
		o[m++] = y[b++];
	return m;
}

/* Sort and dedupe b's keys: the rows added since the last time are sorted
 * on their own, then merged with the sorted part (each key is sorted once,
 * the merges are linear).  False when out of memory (b unchanged). */
static bool compact(struct sd_buf *b)
{
	if (b->sorted == b->n)
		return true;
	if (!b->tmp && !(b->tmp = malloc((b->cap ? b->cap : 1) * sizeof *b->tmp)))
		return false;
	size_t m = sort_unique(b->k + b->sorted, b->tmp, b->n - b->sorted);
	if (b->sorted) {
		size_t all = merge_unique(b->k, b->sorted, b->k + b->sorted, m, b->tmp);
		u128 *t = b->k;
		b->k = b->tmp;
		b->tmp = t;
		m = all;
	}
	b->n = b->sorted = m;
	return true;
}

struct fin_job {
	struct sd_buf **bufs;
	int n_bufs;
	/* merge rounds: arrays and counts, pairs (2i, 2i+1) into out[i] */
	u128 **arr;
	size_t *len;
	u128 **out;
	size_t *out_len;
	atomic_bool failed;
	int n_pairs;
	/* decoding */
	struct rtable *rt;
	const u128 *keys;
	size_t n;
	char *txt[SD_MAX_KEYS]; /* 16 bytes a row for each varchar column */
	int n_keys;
	enum fq_type types[SD_MAX_KEYS];
};

/* Buffers i, i + n, ...: each sorted and deduplicated into arr[] (one job
 * a thread, however many buffers there are). */
static void sort_job(void *ctx, int i, int n)
{
	struct fin_job *j = ctx;
	for (int k = i; k < j->n_bufs; k += n) {
		struct sd_buf *b = j->bufs[k];
		j->arr[k] = NULL;
		j->len[k] = 0;
		if (!b || !b->n)
			continue;
		if (!compact(b)) {
			j->failed = true;
			continue;
		}
		j->arr[k] = b->k;
		j->len[k] = b->n;
		b->k = NULL;
		free(b->tmp);
		b->tmp = NULL;
	}
}

/* Pairs (2p, 2p + 1) for p = i, i + n, ... below n_pairs into out[p]. */
static void merge_job(void *ctx, int i, int n)
{
	struct fin_job *j = ctx;
	for (int p = i; p < j->n_pairs; p += n) {
		u128 *x = j->arr[2 * p], *y = j->arr[2 * p + 1];
		size_t nx = j->len[2 * p], ny = j->len[2 * p + 1];
		j->out[p] = NULL;
		j->out_len[p] = 0;
		if (!y || !ny || !x || !nx) {
			j->out[p] = x && nx ? x : y;
			j->out_len[p] = x && nx ? nx : ny;
			free(x && nx ? y : x);
			continue;
		}
		u128 *o = malloc((nx + ny) * sizeof *o);
		if (!o) {
			j->failed = true;
			free(x);
			free(y);
			continue;
		}
		j->out[p] = o;
		j->out_len[p] = merge_unique(x, nx, y, ny, o);
		free(x);
		free(y);
	}
}

static void decode_job(void *ctx, int part, int parts)
{
	struct fin_job *j = ctx;
	size_t from = j->n * (size_t)part / (size_t)parts, to = j->n * (size_t)(part + 1) / (size_t)parts;
	struct vec *cols = j->rt->cols;
	for (size_t i = from; i < to; i++) {
		u128 key = j->keys[i];
		for (int c = 0; c < j->n_keys; c++) {
			uint64_t x = (uint64_t)(key >> (128 - COL_BITS * (c + 1))) & ((1ULL << COL_BITS) - 1);
			struct vec *v = &cols[c];
			if (x >> 32) {
				v->nulls[i] = 1;
				memset((char *)v->data + i * type_slot_size(v->type), 0,
				       type_slot_size(v->type));
				continue;
			}
			v->nulls[i] = 0;
			uint32_t y = (uint32_t)x;
			if (j->types[c] == T_VARCHAR) {
				uint8_t o[4] = {octet_of[y >> 24], octet_of[(y >> 16) & 255],
						octet_of[(y >> 8) & 255], octet_of[y & 255]};
				char *t = j->txt[c] + i * 16;
				v->s[i] = str_make(t, (uint32_t)ip4_format(o, t));
			} else {
				v->i64[i] = (int32_t)(y ^ 0x80000000u);
			}
		}
	}
}

flowq_status sd_finish(struct sd_buf **bufs, int n_bufs, int threads, struct rtable **out,
		       struct flowq_error *err)
{
	*out = NULL;
	struct fin_job j;
	memset(&j, 0, sizeof j);
	int nk = 0;
	enum fq_type types[SD_MAX_KEYS];
	for (int i = 0; i < n_bufs; i++)
		if (bufs[i]) {
			nk = bufs[i]->n_keys;
			memcpy(types, bufs[i]->types, sizeof types);
		}
	if (nk == 0)
		return err_set(err, FLOWQ_ERR_INTERNAL, "distinct keys: no buffers");
	j.bufs = bufs;
	j.n_bufs = n_bufs;
	j.arr = calloc((size_t)n_bufs + 1, sizeof *j.arr);
	j.len = calloc((size_t)n_bufs + 1, sizeof *j.len);
	j.out = calloc((size_t)n_bufs + 1, sizeof *j.out);
	j.out_len = calloc((size_t)n_bufs + 1, sizeof *j.out_len);
	flowq_status st = FLOWQ_OK;
	struct rtable *rt = NULL;
	if (!j.arr || !j.len || !j.out || !j.out_len)
		goto nomem;
	int jobs = threads > 0 ? threads : 1;
	fq_par_for(FQ_MIN(jobs, n_bufs), sort_job, &j);
	if (j.failed)
		goto nomem;
	/* merge pairwise until one array is left */
	int cnt = n_bufs;
	while (cnt > 1) {
		if (cnt % 2) {
			j.arr[cnt] = NULL;
			j.len[cnt] = 0;
			cnt++;
		}
		j.n_pairs = cnt / 2;
		fq_par_for(FQ_MIN(jobs, j.n_pairs), merge_job, &j);
		for (int i = 0; i < cnt; i++) {
			/* the inputs are freed or moved to out */
			j.arr[i] = i < cnt / 2 ? j.out[i] : NULL;
			j.len[i] = i < cnt / 2 ? j.out_len[i] : 0;
		}
		cnt /= 2;
		if (j.failed)
			goto nomem;
	}
	size_t n = j.len[0];
	if (n > UINT32_MAX - 1)
		goto nomem;
	const char *names[SD_MAX_KEYS] = {"_key", "_key", "_key"};
	rt = rt_new(nk, names, types);
	if (!rt || !rt_reserve(rt, (uint32_t)(n ? n : 1)))
		goto nomem;
	size_t arena_before = rt->arena.used_total;
	j.rt = rt;
	j.keys = j.arr[0];
	j.n = n;
	j.n_keys = nk;
	memcpy(j.types, types, sizeof types);
	for (int c = 0; c < nk; c++)
		if (types[c] == T_VARCHAR && n && !(j.txt[c] = arena_alloc_raw(&rt->arena, n * 16)))
			goto nomem;
	int parts = n >= 65536 && threads > 1 ? threads : 1;
	fq_par_for(parts, decode_job, &j);
	rt->n = (uint32_t)n;
	rt->bytes += rt->arena.used_total - arena_before;
	*out = rt;
	rt = NULL;
	goto done;
nomem:
	st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory building the distinct keys");
done:
	rt_free(rt);
	for (int i = 0; j.arr && i <= n_bufs; i++)
		free(j.arr[i]);
	for (int i = 0; i < n_bufs; i++)
		if (bufs[i]) {
			free(bufs[i]->k);
			bufs[i]->k = NULL;
			bufs[i]->n = bufs[i]->cap = 0;
			uncount(bufs[i]);
		}
	free(j.arr);
	free(j.len);
	free(j.out);
	free(j.out_len);
	return st;
}
