/*
 * agg.c - the aggregation hash table.
 *
 * Layout: an open-addressing index of 8-byte slots (the hash's top 32 bits
 * and the group's position) over a dense array of 64-byte groups in
 * insertion order.  A group holds its full hash, key length and, when they
 * fit in 48 bytes, its key bytes and aggregate states inline; otherwise a
 * pointer to [key][padding to 16][states...] in the arena.  The index
 * doubles at half load and is rebuilt from the dense array; groups never
 * move between slots, so the index stays small enough to stay in cache.
 *
 * Groups of one or two integer or address keys whose aggregates are all
 * counts and sums may instead pack their key into 64 bits (fx_*): those
 * live in a second table of [key][states] slots, probed directly, so a row
 * costs one slot (one cache line, two for the quarter of 24-byte slots that
 * straddle one).  A key packs or not by its value alone, so each
 * group is in exactly one of the two tables.
 *
 * States by kind:
 *   count*, count, count_if          int64 n
 *   sum (integers)                   int64 sum, int64 has
 *   sum (double)                     double sum, int64 has
 *   avg                              double or __int128 sum, int64 n
 *   min, max, arbitrary              struct fq_value (strings in the arena)
 *   max_by, min_by                   two struct fq_value (x, y)
 *   bool_and/or                      int64 has, int64 value
 *   stddev/variance                  int64 n, double mean, double m2 (Welford)
 *   approx_distinct, DISTINCT aggs,
 *   approx_percentile                pointer to a value list (struct vlist;
 *                                    numbers as 8-byte order keys)
 */
#include "agg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/fields.h"
#include "sql/ast.h"

struct vlist { /* a growable list of values (deduplicated when `set`) */
	uint32_t n, cap;
	struct fq_value *v;
	uint32_t hcap;
	uint32_t *slots; /* hash slots (index+1) for sets */
	/* approx_percentile of numbers: their order keys (see num_key) */
	uint32_t nn, ncap;
	int64_t *num;
};

/* One group: a 16-byte header, then `inline_bytes` (16, 32, 48 or 112,
 * chosen per table from the first keys seen) holding the key and states
 * when they fit, so a probe touches one line (two adjacent ones for the
 * 128-byte groups of keys with an interface ID); bigger ones hold a
 * pointer into the arena.  Small groups (DISTINCT over ports and
 * addresses) take 32 bytes, not 64. */
#define INLINE_MAX 112
/* packed keys: at most two columns of 32 bits; all ones marks a free slot
 * (a row whose key packs to it takes the general path) */
#define FX_MAX_KEYS 2
#define FX_EMPTY UINT64_MAX
#define FX_NONE 255 /* part[] of a row not in the packed table */
#define ENT_USED 1u
#define ENT_INLINE 2u
struct entry {
	uint64_t hash;
	uint32_t klen;
	uint32_t flags;
	/* followed by the inline bytes, or a uint8_t * to the group */
};

static inline uint8_t *ent_data(struct entry *e)
{
	return (uint8_t *)(e + 1);
}

static inline uint8_t *ent_key(struct entry *e)
{
	if (e->flags & ENT_INLINE)
		return ent_data(e);
	uint8_t *g;
	memcpy(&g, ent_data(e), sizeof g);
	return g;
}

static inline uint8_t *ent_state(struct entry *e)
{
	return ent_key(e) + ((e->klen + 15) & ~15u);
}

struct agg_table {
	const struct plan_select *p;
	uint64_t *idx;       /* open addressing: 0 empty, else (hash high 32 bits, dense index + 1) */
	size_t cap, n;       /* index slots; groups */
	char *ents;          /* the groups (esize bytes each), dense, in insertion order */
	size_t ecap;
	size_t esize;        /* 0 until the first group sets it */
	size_t inline_bytes;
	struct arena arena;
	size_t state_size;
	size_t off[64];   /* state offset of each aggregate */
	atomic_size_t *mem;
	size_t max_mem, counted;
	struct buf key;   /* scratch: the serialized keys of one batch */
	uint64_t *hashes; /* per row of the batch */
	uint32_t *koff, *klen;
	uint8_t *part;    /* per row: its partition */
	uint32_t batch_cap;
	/* groups whose key packs into 64 bits (see fx_pack) live apart, in
	 * open addressing straight over [key][states] slots: a probe touches one
	 * cache line instead of an index slot and a group */
	bool fx_on;
	int fx_nk;
	bool fx_addr[FX_MAX_KEYS]; /* the key column is an address (text) */
	uint8_t *fx;               /* fx_cap slots of fx_stride bytes */
	size_t fx_cap, fx_n, fx_stride;
	size_t fx_off[64];         /* state offsets within a slot's states */
	uint64_t *fx_keys;         /* per row of the batch: its packed key */
	uint8_t *rest;             /* per row: active and not packed */
	/* agg_finish_top: only groups that can be among the first top_k by
	 * aggregate top_a come out (top_a -1: all) */
	int top_a;
	bool top_desc;
	uint64_t top_k;
};

static inline struct entry *ent_at(const struct agg_table *t, size_t i)
{
	return (struct entry *)(t->ents + i * t->esize);
}

/* The inline room for keys of `klen` bytes (rounded to 16) and the states. */
static size_t inline_for(const struct agg_table *t, size_t klen)
{
	size_t need = ((klen + 15) & ~(size_t)15) + t->state_size;
	return need <= 16 ? 16 : need <= 32 ? 32 : need <= 48 ? 48 : INLINE_MAX;
}

/* Fix the group size before the first group. */
static bool set_esize(struct agg_table *t, size_t in)
{
	t->inline_bytes = in;
	t->esize = sizeof(struct entry) + in;
	char *e = malloc(t->ecap * t->esize);
	if (!e)
		return false;
	free(t->ents);
	t->ents = e;
	return true;
}

static size_t state_size(const struct agg_spec *a)
{
	if (a->distinct)
		return sizeof(void *);
	switch (a->kind) {
	case AGG_COUNT_STAR:
	case AGG_COUNT:
	case AGG_COUNT_IF: return 8;
	case AGG_SUM: return 16;
	case AGG_AVG: return 32;
	case AGG_MIN:
	case AGG_MAX:
	case AGG_ARBITRARY: return sizeof(struct fq_value);
	case AGG_MAX_BY:
	case AGG_MIN_BY: return 2 * sizeof(struct fq_value);
	case AGG_BOOL_AND:
	case AGG_BOOL_OR: return 16;
	case AGG_STDDEV:
	case AGG_STDDEV_POP:
	case AGG_VARIANCE:
	case AGG_VAR_POP: return 32;
	default: return sizeof(void *);
	}
}

bool agg_key_is_address(const struct plan_select *p, int k)
{
	const struct ex *e = p->keys[k];
	return e->type == T_VARCHAR && e->kind == EX_COL && p->src == SRC_FILES && e->u.col >= 0 &&
	       e->u.col < p->n_scan && p->scan[e->u.col] < FLD_COUNT &&
	       fld_defs[p->scan[e->u.col]].kind == FK_ADDR;
}

/* Packed keys when there are one or two key columns, each an integer or an
 * address column of the files, and every aggregate is a count or a sum
 * (states of plain numbers, 8 bytes aligned). */
bool agg_packs_keys(const struct plan_select *p)
{
	if (fq_switch_off("FLOWQ_NO_PACKED_AGG") || p->n_keys < 1 || p->n_keys > FX_MAX_KEYS ||
	    p->n_aggs > 64)
		return false;
	for (int k = 0; k < p->n_keys; k++) {
		enum fq_type ty = p->keys[k]->type;
		if (ty != T_INTEGER && ty != T_BIGINT && !agg_key_is_address(p, k))
			return false;
	}
	for (int a = 0; a < p->n_aggs; a++) {
		const struct agg_spec *s = &p->aggs[a];
		if (s->distinct || (s->kind != AGG_COUNT_STAR && s->kind != AGG_COUNT &&
				    s->kind != AGG_COUNT_IF && s->kind != AGG_SUM))
			return false;
	}
	return true;
}

static void fx_setup(struct agg_table *t)
{
	const struct plan_select *p = t->p;
	if (!agg_packs_keys(p))
		return;
	for (int k = 0; k < p->n_keys; k++)
		t->fx_addr[k] = agg_key_is_address(p, k);
	size_t o = 0;
	for (int a = 0; a < p->n_aggs; a++) {
		t->fx_off[a] = o;
		o += state_size(&p->aggs[a]);
	}
	t->fx_on = true;
	t->fx_nk = p->n_keys;
	t->fx_stride = 8 + o;
}

struct agg_table *agg_new(const struct plan_select *p, atomic_size_t *mem, size_t max_mem)
{
	struct agg_table *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->p = p;
	t->mem = mem;
	t->max_mem = max_mem;
	t->top_a = -1;
	arena_init(&t->arena, 1 << 20);
	size_t off = 0;
	for (int i = 0; i < p->n_aggs && i < 64; i++) {
		t->off[i] = off;
		off += (state_size(&p->aggs[i]) + 15) & ~(size_t)15;
	}
	t->state_size = off;
	fx_setup(t);
	t->cap = 1024;
	t->idx = calloc(t->cap, sizeof *t->idx);
	t->ecap = 256;
	if (!t->idx) {
		agg_free(t);
		return NULL;
	}
	return t;
}

void agg_free(struct agg_table *t)
{
	if (!t)
		return;
	if (t->mem)
		agg_mem_count(t->mem, &t->counted, 0);
	free(t->idx);
	free(t->ents);
	arena_free(&t->arena);
	buf_free(&t->key);
	free(t->hashes);
	free(t->koff);
	free(t->klen);
	free(t->part);
	free(t->fx);
	free(t->fx_keys);
	free(t->rest);
	free(t);
}

uint64_t agg_groups(const struct agg_table *t)
{
	return t->n + t->fx_n;
}

size_t agg_mem_count(atomic_size_t *mem, size_t *counted, size_t now)
{
	size_t was = *counted;
	*counted = now;
	if (now >= was)
		return atomic_fetch_add(mem, now - was) + (now - was);
	return atomic_fetch_sub(mem, was - now) - (was - now);
}

static flowq_status account(struct agg_table *t, struct flowq_error *err)
{
	size_t now = t->arena.used_total + t->cap * sizeof(uint64_t) + t->ecap * t->esize +
		     t->fx_cap * t->fx_stride;
	/* every byte counts (a query may hold hundreds of small tables: threads
	 * x partitions); this runs once a batch per table */
	if (now <= t->counted)
		return FLOWQ_OK;
	size_t total = agg_mem_count(t->mem, &t->counted, now);
	if (t->max_mem && total > t->max_mem)
		return err_set(err, FLOWQ_ERR_MEMORY,
			       "memory limit exceeded in the aggregation: %.0f MB for %llu groups "
			       "(--max-memory %.0f MB)",
			       (double)total / 1048576.0, (unsigned long long)(t->n + t->fx_n),
			       (double)t->max_mem / 1048576.0);
	return FLOWQ_OK;
}

/* A canonical dotted quad packs into 4 bytes exactly, so it can stand for
 * the text in a key.  Address columns from the reader come packed already
 * (vec.v4); other strings are parsed here. */
static inline bool pack_v4(const char *t, uint32_t n, uint8_t out[4])
{
	return n >= 7 && n <= 15 && ip4_from_text(t, n, out);
}


/* Append row i of the key columns, serialized, to b: per column a tag
 * (0 value, 1 NULL, 2 a varchar that is a packed IPv4 address, 3 an
 * integer outside 32 bits), then the value. */
static bool serialize(struct buf *b, const struct vec *keys, int n_keys, uint32_t i)
{
	for (int k = 0; k < n_keys; k++) {
		const struct vec *v = &keys[k];
		if (!buf_reserve(b, 24))
			return false;
		if (vec_is_null(v, i) || v->type == T_UNKNOWN) {
			b->p[b->len++] = 1;
			continue;
		}
		b->p[b->len++] = 0;
		switch (v->type) {
		case T_VARCHAR: {
			uint32_t l = v->s[i].len;
			if (v->v4 && v->v4[i] >= 0) {
				/* the reader packed it already */
				uint32_t x = (uint32_t)v->v4[i];
				uint8_t *o = (uint8_t *)b->p + b->len;
				o[0] = (uint8_t)(x >> 24);
				o[1] = (uint8_t)(x >> 16);
				o[2] = (uint8_t)(x >> 8);
				o[3] = (uint8_t)x;
				b->p[b->len - 1] = 2;
				b->len += 4;
				break;
			}
			if (pack_v4(v->s[i].p, l, (uint8_t *)b->p + b->len)) {
				b->p[b->len - 1] = 2;
				b->len += 4;
				break;
			}
			memcpy(b->p + b->len, &l, 4);
			b->len += 4;
			if (!buf_add(b, v->s[i].p, l))
				return false;
			break;
		}
		case T_BOOLEAN: b->p[b->len++] = (char)v->b[i]; break;
		case T_INTEGER: {
			/* always within 32 bits (casts and arithmetic check), so 4
			 * bytes; tag 3 keeps the key exact if one ever is not */
			int64_t x = v->i64[i];
			if (x >= INT32_MIN && x <= INT32_MAX) {
				int32_t y = (int32_t)x;
				memcpy(b->p + b->len, &y, 4);
				b->len += 4;
			} else {
				b->p[b->len - 1] = 3;
				memcpy(b->p + b->len, &x, 8);
				b->len += 8;
			}
			break;
		}
		case T_IPADDRESS:
			memcpy(b->p + b->len, v->ip[i].b, 16);
			b->len += 16;
			break;
		case T_DOUBLE: {
			double d = v->f64[i];
			if (d == 0)
				d = 0; /* -0.0 groups with 0.0 */
			if (isnan(d))
				d = NAN;
			memcpy(b->p + b->len, &d, 8);
			b->len += 8;
			break;
		}
		default:
			memcpy(b->p + b->len, &v->i64[i], 8);
			b->len += 8;
			break;
		}
	}
	return true;
}

/* Double the index. */
static bool rehash(struct agg_table *t)
{
	size_t cap = t->cap * 2;
	uint64_t *x = zalloc_written(cap * sizeof *x);
	if (!x)
		return false;
	for (size_t i = 0; i < t->n; i++) {
		uint64_t h = ent_at(t, i)->hash;
		size_t j = h & (cap - 1);
		while (x[j])
			j = (j + 1) & (cap - 1);
		x[j] = (h & 0xffffffff00000000ULL) | (uint64_t)(i + 1);
	}
	free(t->idx);
	t->idx = x;
	t->cap = cap;
	return true;
}

static void init_state(struct agg_table *t, uint8_t *st)
{
	for (int a = 0; a < t->p->n_aggs; a++) {
		const struct agg_spec *s = &t->p->aggs[a];
		uint8_t *x = st + t->off[a];
		if (!s->distinct && (s->kind == AGG_MIN || s->kind == AGG_MAX || s->kind == AGG_ARBITRARY)) {
			((struct fq_value *)x)->is_null = true;
		} else if (!s->distinct && (s->kind == AGG_MAX_BY || s->kind == AGG_MIN_BY)) {
			((struct fq_value *)x)[0].is_null = true;
			((struct fq_value *)x)[1].is_null = true;
		}
	}
}

/* Find or add the group with key t->key; NULL when out of memory. */
static uint8_t *lookup(struct agg_table *t, const char *key, uint32_t klen, uint64_t h, bool *fresh)
{
	if (!t->esize && !set_esize(t, inline_for(t, klen)))
		return NULL;
	if (t->n * 2 >= t->cap && !rehash(t))
		return NULL;
	size_t m = t->cap - 1, j = h & m;
	uint64_t tag = h & 0xffffffff00000000ULL;
	for (;;) {
		uint64_t x = t->idx[j];
		if (!x)
			break;
		if ((x & 0xffffffff00000000ULL) == tag) {
			struct entry *e = ent_at(t, (x & 0xffffffffu) - 1);
			if (e->hash == h && e->klen == klen && bytes_eq(ent_key(e), key, klen)) {
				*fresh = false;
				return ent_state(e);
			}
		}
		j = (j + 1) & m;
	}
	if (t->n == t->ecap) {
		char *ne = realloc(t->ents, t->ecap * 2 * t->esize);
		if (!ne)
			return NULL;
		t->ents = ne;
		t->ecap *= 2;
	}
	if (t->n >= 0xfffffffeu)
		return NULL;
	t->idx[j] = tag | (uint64_t)(t->n + 1);
	struct entry *e = ent_at(t, t->n);
	size_t koff = (klen + 15) & ~15u;
	e->hash = h;
	e->klen = klen;
	if (koff + t->state_size <= t->inline_bytes) {
		e->flags = ENT_USED | ENT_INLINE;
		memset(ent_data(e), 0, t->inline_bytes);
	} else {
		uint8_t *g = arena_alloc(&t->arena, koff + t->state_size);
		if (!g)
			return NULL;
		e->flags = ENT_USED;
		memcpy(ent_data(e), &g, sizeof g);
	}
	memcpy(ent_key(e), key, klen);
	t->n++;
	*fresh = true;
	init_state(t, ent_state(e));
	return ent_state(e);
}

static bool keep_value(struct agg_table *t, struct fq_value *dst, const struct fq_value *src)
{
	*dst = *src;
	if (src->type == T_VARCHAR && !src->is_null) {
		dst->s = arena_str(&t->arena, src->s);
		return dst->s.p != NULL;
	}
	return true;
}

/* A number's order key: integers (and times) as they are, doubles by their
 * bits turned to order as signed integers (NaN above everything, as
 * val_cmp has it). */
static inline int64_t double_order(int64_t bits) /* its own inverse */
{
	return bits < 0 ? bits ^ INT64_MAX : bits;
}

static inline int64_t num_key(const struct fq_value *v)
{
	if (v->type != T_DOUBLE)
		return v->i;
	double d = isnan(v->d) ? NAN : v->d;
	int64_t k;
	memcpy(&k, &d, 8);
	return double_order(k);
}

static void num_value(int64_t k, enum fq_type type, struct fq_value *out)
{
	memset(out, 0, sizeof *out);
	out->type = type;
	if (type != T_DOUBLE) {
		out->i = k;
		return;
	}
	k = double_order(k);
	memcpy(&out->d, &k, 8);
}

static inline bool is_num(enum fq_type t)
{
	return type_is_i64(t) || t == T_DOUBLE;
}

/* *lp, made (empty) in the arena when NULL. */
static struct vlist *vlist_of(struct agg_table *t, struct vlist **lp)
{
	if (!*lp)
		*lp = arena_alloc(&t->arena, sizeof **lp);
	return *lp;
}

/* Room for one more after the n elements (of sz bytes) at p, whose
 * capacity is *cap: p itself, or a copy twice as big in the arena (first
 * elements at the start); NULL when out of memory. */
static void *list_room(struct agg_table *t, void *p, uint32_t n, uint32_t *cap, size_t sz,
		       uint32_t first)
{
	if (n < *cap)
		return p;
	if (*cap >= UINT32_MAX / 2)
		return NULL;
	uint32_t c = *cap ? *cap * 2 : first;
	void *q = arena_alloc_raw(&t->arena, c * sz);
	if (!q)
		return NULL;
	if (n)
		memcpy(q, p, n * sz);
	*cap = c;
	return q;
}

/* Append a number's order key to *lp (approx_percentile). */
static bool vlist_add_num(struct agg_table *t, struct vlist **lp, int64_t k)
{
	struct vlist *l = vlist_of(t, lp);
	int64_t *num = l ? list_room(t, l->num, l->nn, &l->ncap, sizeof *num, 16) : NULL;
	if (!num)
		return false;
	l->num = num;
	l->num[l->nn++] = k;
	return true;
}

static bool vlist_add(struct agg_table *t, struct vlist **lp, const struct fq_value *v, bool set)
{
	struct vlist *l = vlist_of(t, lp);
	if (!l)
		return false;
	if (set) {
		if (l->n * 2 + 2 > l->hcap) {
			uint32_t hc = l->hcap ? l->hcap * 2 : 16;
			uint32_t *s = arena_alloc(&t->arena, hc * sizeof *s);
			if (!s)
				return false;
			for (uint32_t i = 0; i < l->n; i++) {
				uint32_t j = (uint32_t)val_hash(&l->v[i]) & (hc - 1);
				while (s[j])
					j = (j + 1) & (hc - 1);
				s[j] = i + 1;
			}
			l->slots = s;
			l->hcap = hc;
		}
		uint32_t j = (uint32_t)val_hash(v) & (l->hcap - 1);
		while (l->slots[j]) {
			if (val_cmp(&l->v[l->slots[j] - 1], v) == 0)
				return true;
			j = (j + 1) & (l->hcap - 1);
		}
		l->slots[j] = l->n + 1;
	}
	struct fq_value *vals = list_room(t, l->v, l->n, &l->cap, sizeof *vals, 8);
	if (!vals)
		return false;
	l->v = vals;
	return keep_value(t, &l->v[l->n++], v);
}

static flowq_status update_one(struct agg_table *t, const struct agg_spec *s, uint8_t *x,
			       const struct fq_value *v, const struct fq_value *v2,
			       struct flowq_error *err)
{
	if (s->distinct) {
		if (v->is_null)
			return FLOWQ_OK;
		return vlist_add(t, (struct vlist **)x, v, true) ? FLOWQ_OK
								: err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
	}
	switch (s->kind) {
	case AGG_COUNT_STAR: (*(int64_t *)x)++; break;
	case AGG_COUNT:
		if (!v->is_null)
			(*(int64_t *)x)++;
		break;
	case AGG_COUNT_IF:
		if (!v->is_null && v->b)
			(*(int64_t *)x)++;
		break;
	case AGG_SUM: {
		if (v->is_null)
			break;
		int64_t *has = (int64_t *)(x + 8);
		if (s->type == T_DOUBLE) {
			*(double *)x += v->type == T_DOUBLE ? v->d : (double)v->i;
		} else if (__builtin_add_overflow(*(int64_t *)x, v->i, (int64_t *)x)) {
			return err_set(err, FLOWQ_ERR_RUNTIME, "bigint addition overflow in sum()");
		}
		*has = 1;
		break;
	}
	case AGG_AVG:
		if (v->is_null)
			break;
		if (v->type == T_DOUBLE)
			*(double *)x += v->d;
		else
			*(__int128 *)x += v->i;
		(*(int64_t *)(x + 16))++;
		break;
	case AGG_MIN:
	case AGG_MAX: {
		if (v->is_null)
			break;
		struct fq_value *cur = (struct fq_value *)x;
		int c = cur->is_null ? 0 : val_cmp(v, cur);
		if (cur->is_null || (s->kind == AGG_MIN ? c < 0 : c > 0))
			if (!keep_value(t, cur, v))
				return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
		break;
	}
	case AGG_ARBITRARY: {
		struct fq_value *cur = (struct fq_value *)x;
		if (cur->is_null && !v->is_null && !keep_value(t, cur, v))
			return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
		break;
	}
	case AGG_MAX_BY:
	case AGG_MIN_BY: {
		if (v2->is_null)
			break;
		struct fq_value *cur = (struct fq_value *)x;
		int c = cur[1].is_null ? 0 : val_cmp(v2, &cur[1]);
		/* ties on y keep the smallest x (NULL last), so the answer does not
		 * depend on the order rows and threads arrive in */
		bool tie_wins = !cur[1].is_null && c == 0 && !v->is_null &&
				(cur[0].is_null || val_cmp(v, &cur[0]) < 0);
		if (cur[1].is_null || (s->kind == AGG_MIN_BY ? c < 0 : c > 0) || tie_wins)
			if (!keep_value(t, &cur[0], v) || !keep_value(t, &cur[1], v2))
				return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
		break;
	}
	case AGG_BOOL_AND:
	case AGG_BOOL_OR: {
		if (v->is_null)
			break;
		int64_t *has = (int64_t *)x, *val = (int64_t *)(x + 8);
		if (!*has)
			*val = v->b;
		else if (s->kind == AGG_BOOL_AND)
			*val = *val && v->b;
		else
			*val = *val || v->b;
		*has = 1;
		break;
	}
	case AGG_STDDEV:
	case AGG_STDDEV_POP:
	case AGG_VARIANCE:
	case AGG_VAR_POP: {
		if (v->is_null)
			break;
		double d = v->type == T_DOUBLE ? v->d : (double)v->i;
		int64_t *n = (int64_t *)x;
		double *mean = (double *)(x + 8), *m2 = (double *)(x + 16);
		(*n)++;
		double delta = d - *mean;
		*mean += delta / (double)*n;
		*m2 += delta * (d - *mean);
		break;
	}
	case AGG_APPROX_DISTINCT:
		if (v->is_null)
			break;
		return vlist_add(t, (struct vlist **)x, v, true) ? FLOWQ_OK
								: err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
	case AGG_APPROX_PERCENTILE:
		if (v->is_null)
			break;
		return (is_num(v->type) ? vlist_add_num(t, (struct vlist **)x, num_key(v))
					: vlist_add(t, (struct vlist **)x, v, false))
			       ? FLOWQ_OK
			       : err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
	default: break;
	}
	return FLOWQ_OK;
}

/* Fold row i's aggregate arguments into the group states at st. */
static inline flowq_status update_row(struct agg_table *tp, const size_t *off, uint8_t *st,
				      const struct vec *args, uint8_t *const *filt, uint32_t i,
				      struct fq_value *v, struct fq_value *v2, struct flowq_error *err)
{
	const struct plan_select *p = tp->p;
	for (int a = 0; a < p->n_aggs; a++) {
		const struct agg_spec *s = &p->aggs[a];
		if (filt && filt[a] && !filt[a][i])
			continue;
		uint8_t *x = st + off[a];
		/* hot cases without building values */
		if (!s->distinct) {
			if (s->kind == AGG_COUNT_STAR) {
				(*(int64_t *)x)++;
				continue;
			}
			if (s->kind == AGG_SUM && s->type == T_BIGINT) {
				const struct vec *av = &args[2 * a];
				if (vec_is_null(av, i))
					continue;
				if (__builtin_add_overflow(*(int64_t *)x, av->i64[i], (int64_t *)x))
					return err_set(err, FLOWQ_ERR_RUNTIME,
						       "bigint addition overflow in sum()");
				*(int64_t *)(x + 8) = 1;
				continue;
			}
			if ((s->kind == AGG_MIN || s->kind == AGG_MAX) &&
			    args[2 * a].type == s->type && type_is_i64(s->type)) {
				/* as update_one does it, without building the value first */
				const struct vec *av = &args[2 * a];
				if (vec_is_null(av, i))
					continue;
				struct fq_value *cur = (struct fq_value *)x;
				int64_t y = av->i64[i];
				if (cur->is_null || (s->kind == AGG_MIN ? y < cur->i : y > cur->i))
					vec_get(av, i, cur);
				continue;
			}
		}
		if (s->arg)
			vec_get(&args[2 * a], i, v);
		else
			v->is_null = false;
		if (s->arg2)
			vec_get(&args[2 * a + 1], i, v2);
		flowq_status rc = update_one(tp, s, x, v, v2, err);
		if (rc)
			return rc;
	}
	return FLOWQ_OK;
}


/* ---- packed keys -------------------------------------------------------- */

static flowq_status merge_state(struct agg_table *into, const struct agg_spec *s, uint8_t *x,
				uint8_t *y, struct flowq_error *err);

static inline uint8_t *fx_slot(const struct agg_table *t, size_t i)
{
	return t->fx + i * t->fx_stride;
}

static inline uint64_t fx_key(const uint8_t *slot)
{
	uint64_t k;
	memcpy(&k, slot, 8);
	return k;
}

/* A table of cap free slots. */
static uint8_t *fx_alloc(const struct agg_table *t, size_t cap)
{
	uint8_t *x = malloc(cap * t->fx_stride);
	if (x)
		for (size_t i = 0; i < cap; i++)
			memset(x + i * t->fx_stride, 0xff, 8);
	return x;
}

/* Room for `more` groups at under half load. */
static bool fx_reserve(struct agg_table *t, size_t more)
{
	if ((t->fx_n + more) * 2 <= t->fx_cap)
		return true;
	size_t cap = t->fx_cap ? t->fx_cap : 1024;
	while ((t->fx_n + more) * 2 > cap)
		cap *= 2;
	uint8_t *x = fx_alloc(t, cap);
	if (!x)
		return false;
	for (size_t i = 0; i < t->fx_cap; i++) {
		const uint8_t *o = fx_slot(t, i);
		uint64_t k = fx_key(o);
		if (k == FX_EMPTY)
			continue;
		size_t j = hash_u64(k) & (cap - 1);
		while (fx_key(x + j * t->fx_stride) != FX_EMPTY)
			j = (j + 1) & (cap - 1);
		memcpy(x + j * t->fx_stride, o, t->fx_stride);
	}
	free(t->fx);
	t->fx = x;
	t->fx_cap = cap;
	return true;
}

/* The states of the group with key k, added (zeroed) when new.  Room must
 * have been reserved. */
static inline uint8_t *fx_find(struct agg_table *t, uint64_t k, uint64_t h, bool *fresh)
{
	size_t m = t->fx_cap - 1, j = h & m;
	for (;;) {
		uint8_t *e = fx_slot(t, j);
		uint64_t x = fx_key(e);
		if (x == k) {
			*fresh = false;
			return e + 8;
		}
		if (x == FX_EMPTY) {
			memcpy(e, &k, 8);
			memset(e + 8, 0, t->fx_stride - 8);
			t->fx_n++;
			*fresh = true;
			return e + 8;
		}
		j = (j + 1) & m;
	}
}

/* Row i's key packed: column 0 in the high 32 bits when there are two.
 * An address column packs when it holds a canonical dotted quad (the text
 * is made back from the 4 bytes exactly), an integer when it fits 32 bits;
 * NULL does not pack. */
static inline bool fx_pack(const struct agg_table *t, const struct vec *keys, uint32_t i,
			   uint64_t *out)
{
	uint64_t k = 0;
	for (int c = 0; c < t->fx_nk; c++) {
		const struct vec *v = &keys[c];
		if (vec_is_null(v, i) || v->type == T_UNKNOWN)
			return false;
		uint32_t x;
		if (t->fx_addr[c]) {
			if (v->v4 && v->v4[i] >= 0) {
				x = (uint32_t)v->v4[i];
			} else {
				uint8_t o[4];
				if (!pack_v4(v->s[i].p, v->s[i].len, o))
					return false;
				x = (uint32_t)o[0] << 24 | (uint32_t)o[1] << 16 | (uint32_t)o[2] << 8 |
				    o[3];
			}
		} else {
			int64_t y = v->i64[i];
			if (y < INT32_MIN || y > INT32_MAX)
				return false;
			x = (uint32_t)(int32_t)y;
		}
		k = k << 32 | x;
	}
	*out = k;
	return k != FX_EMPTY;
}

/*
 * The rows whose keys pack, into the packed tables (the same three passes
 * as the general path: keys and hashes, prefetches, probes).  rest[] gets
 * the active rows that did not pack, *n_rest their count.
 */
static flowq_status fx_update(struct agg_table *const *ts, int n_parts, const struct vec *keys,
			      const struct vec *args, uint8_t *const *filt, const uint8_t *active,
			      uint32_t n, uint32_t *n_rest, struct flowq_error *err)
{
	struct agg_table *t = ts[0];
	uint64_t *fk = t->fx_keys, *hs = t->hashes;
	uint8_t *part = t->part, *rest = t->rest;
	uint32_t rows_of[AGG_MAX_PARTS] = {0}, nr = 0;
	for (uint32_t i = 0; i < n; i++) {
		part[i] = FX_NONE;
		rest[i] = 0;
		if (active && !active[i])
			continue;
		if (!fx_pack(t, keys, i, &fk[i])) {
			rest[i] = 1;
			nr++;
			continue;
		}
		uint64_t h = hash_u64(fk[i]);
		hs[i] = h;
		part[i] = n_parts > 1 ? (uint8_t)agg_part_of(h, n_parts) : 0;
		rows_of[part[i]]++;
	}
	*n_rest = nr;
	for (int j = 0; j < n_parts; j++)
		if (rows_of[j] && !fx_reserve(ts[j], rows_of[j]))
			return err_set(err, FLOWQ_ERR_NOMEM, "out of memory in the aggregation");
	for (uint32_t i = 0; i < n; i++)
		if (part[i] != FX_NONE) {
			const struct agg_table *tp = ts[part[i]];
			__builtin_prefetch(fx_slot(tp, hs[i] & (tp->fx_cap - 1)));
		}
	struct fq_value v, v2;
	memset(&v, 0, sizeof v);
	memset(&v2, 0, sizeof v2);
	for (uint32_t i = 0; i < n; i++) {
		if (part[i] == FX_NONE)
			continue;
		struct agg_table *tp = ts[part[i]];
		bool fresh;
		uint8_t *st = fx_find(tp, fk[i], hs[i], &fresh);
		flowq_status rc = update_row(tp, tp->fx_off, st, args, filt, i, &v, &v2, err);
		if (rc)
			return rc;
	}
	return FLOWQ_OK;
}

/* Fold from's packed groups into into's. */
static flowq_status fx_merge(struct agg_table *into, struct agg_table *from,
			     struct flowq_error *err)
{
	const struct plan_select *p = into->p;
	enum { BLOCK = 256 };
	size_t cap = from->fx_cap;
	for (size_t b = 0; b < cap; b += BLOCK) {
		size_t end = FQ_MIN(b + BLOCK, cap), cnt = 0;
		for (size_t i = b; i < end; i++)
			cnt += fx_key(fx_slot(from, i)) != FX_EMPTY;
		if (!cnt)
			continue;
		if (!fx_reserve(into, cnt))
			return err_set(err, FLOWQ_ERR_NOMEM, "out of memory merging groups");
		for (size_t i = b; i < end; i++) {
			uint64_t k = fx_key(fx_slot(from, i));
			if (k != FX_EMPTY)
				__builtin_prefetch(fx_slot(into, hash_u64(k) & (into->fx_cap - 1)));
		}
		for (size_t i = b; i < end; i++) {
			uint8_t *src = fx_slot(from, i);
			uint64_t k = fx_key(src);
			if (k == FX_EMPTY)
				continue;
			bool fresh;
			uint8_t *st = fx_find(into, k, hash_u64(k), &fresh);
			if (fresh) {
				memcpy(st, src + 8, into->fx_stride - 8); /* plain numbers */
				continue;
			}
			for (int a = 0; a < p->n_aggs; a++) {
				flowq_status rc = merge_state(into, &p->aggs[a], st + into->fx_off[a],
							      src + 8 + into->fx_off[a], err);
				if (rc)
					return rc;
			}
		}
	}
	return FLOWQ_OK;
}

unsigned agg_part_of(uint64_t hash, int n_parts)
{
	/* the hash's top bits: the index slot comes from the low ones */
	return (unsigned)(((hash >> 32) * (uint64_t)n_parts) >> 32);
}

flowq_status agg_update(struct agg_table *t, const struct vec *keys, const struct vec *args,
			uint8_t *const *filt, const uint8_t *active, uint32_t n,
			struct flowq_error *err)
{
	return agg_update_parts(&t, 1, keys, args, filt, active, n, err);
}


/*
 * Rows are handled in three passes so that memory latency overlaps:
 * serialize and hash every key of the batch, prefetch the table slots,
 * then probe and update.  Aggregation over a few hundred thousand groups is
 * bound by cache misses, and this keeps several in flight.
 */
flowq_status agg_update_parts(struct agg_table *const *ts, int n_parts, const struct vec *keys,
			      const struct vec *args, uint8_t *const *filt, const uint8_t *active,
			      uint32_t n, struct flowq_error *err)
{
	struct agg_table *t = ts[0]; /* its scratch serves the batch */
	const struct plan_select *p = t->p;
	struct fq_value v, v2;
	memset(&v, 0, sizeof v);
	memset(&v2, 0, sizeof v2);
	if (p->n_keys == 0 && n_parts == 1) {
		/* a global aggregate: one group, found once, no key per row */
		bool fresh;
		uint8_t *st = lookup(t, "", 0, hash_bytes("", 0, 0), &fresh);
		if (!st)
			return err_set(err, FLOWQ_ERR_NOMEM, "out of memory in the aggregation");
		for (uint32_t i = 0; i < n; i++) {
			if (active && !active[i])
				continue;
			flowq_status rc = update_row(t, t->off, st, args, filt, i, &v, &v2, err);
			if (rc)
				return rc;
		}
		return account(t, err);
	}
	if (n > t->batch_cap) {
		free(t->hashes);
		free(t->koff);
		free(t->klen);
		free(t->part);
		free(t->fx_keys);
		free(t->rest);
		t->hashes = malloc(n * sizeof *t->hashes);
		t->koff = malloc(n * sizeof *t->koff);
		t->klen = malloc(n * sizeof *t->klen);
		t->part = malloc(n);
		t->fx_keys = malloc(n * sizeof *t->fx_keys);
		t->rest = malloc(n);
		if (!t->hashes || !t->koff || !t->klen || !t->part || !t->fx_keys || !t->rest) {
			t->batch_cap = 0;
			return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
		}
		t->batch_cap = n;
	}
	if (t->fx_on) {
		uint32_t n_rest;
		flowq_status rc = fx_update(ts, n_parts, keys, args, filt, active, n, &n_rest, err);
		if (rc)
			return rc;
		if (!n_rest) {
			for (int j = 0; j < n_parts; j++)
				if ((rc = account(ts[j], err)))
					return rc;
			return FLOWQ_OK;
		}
		active = t->rest; /* the rows left, by their serialized keys */
	}
	t->key.len = 0;
	uint32_t longest = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (active && !active[i])
			continue;
		size_t start = t->key.len;
		if (!serialize(&t->key, keys, p->n_keys, i))
			return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
		t->koff[i] = (uint32_t)start;
		t->klen[i] = (uint32_t)(t->key.len - start);
		longest = t->klen[i] > longest ? t->klen[i] : longest;
	}
	const char *kb = t->key.p ? t->key.p : "";
	uint8_t *part = t->part;
	uint32_t rows_of[AGG_MAX_PARTS] = {0};
	for (uint32_t i = 0; i < n; i++) {
		if (active && !active[i])
			continue;
		uint64_t h = hash_bytes(kb + t->koff[i], t->klen[i], 0);
		t->hashes[i] = h;
		part[i] = n_parts > 1 ? (uint8_t)agg_part_of(h, n_parts) : 0;
		rows_of[part[i]]++;
	}
	for (int j = 0; j < n_parts; j++) {
		struct agg_table *tj = ts[j];
		/* size the groups for the longest key of the first rows */
		if (!tj->esize && !set_esize(tj, inline_for(tj, longest)))
			return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
		/* each partition grows for its own rows, before the probes, so the
		 * prefetched slots stay valid */
		while ((tj->n + rows_of[j]) * 2 >= tj->cap)
			if (!rehash(tj))
				return err_set(err, FLOWQ_ERR_NOMEM, "out of memory in the aggregation");
	}
	for (uint32_t i = 0; i < n; i++) {
		if (active && !active[i])
			continue;
		const struct agg_table *tp = ts[part[i]];
		__builtin_prefetch(&tp->idx[t->hashes[i] & (tp->cap - 1)]);
	}
	for (uint32_t i = 0; i < n; i++) {
		if (active && !active[i])
			continue;
		const struct agg_table *tp = ts[part[i]];
		uint64_t x = tp->idx[t->hashes[i] & (tp->cap - 1)];
		if (x)
			__builtin_prefetch(ent_at(tp, (x & 0xffffffffu) - 1));
	}
	for (uint32_t i = 0; i < n; i++) {
		if (active && !active[i])
			continue;
		struct agg_table *tp = ts[part[i]];
		bool fresh;
		uint8_t *st = lookup(tp, kb + t->koff[i], t->klen[i], t->hashes[i], &fresh);
		if (!st)
			return err_set(err, FLOWQ_ERR_NOMEM, "out of memory in the aggregation");
		flowq_status rc = update_row(tp, tp->off, st, args, filt, i, &v, &v2, err);
		if (rc)
			return rc;
	}
	for (int j = 0; j < n_parts; j++) {
		flowq_status rc = account(ts[j], err);
		if (rc)
			return rc;
	}
	return FLOWQ_OK;
}

static flowq_status merge_state(struct agg_table *into, const struct agg_spec *s, uint8_t *x,
				uint8_t *y, struct flowq_error *err)
{
	if (s->distinct || s->kind == AGG_APPROX_DISTINCT || s->kind == AGG_APPROX_PERCENTILE) {
		struct vlist *l = *(struct vlist **)y;
		bool set = s->distinct || s->kind == AGG_APPROX_DISTINCT;
		for (uint32_t i = 0; l && i < l->n; i++)
			if (!vlist_add(into, (struct vlist **)x, &l->v[i], set))
				return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
		for (uint32_t i = 0; l && i < l->nn; i++)
			if (!vlist_add_num(into, (struct vlist **)x, l->num[i]))
				return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
		return FLOWQ_OK;
	}
	switch (s->kind) {
	case AGG_COUNT_STAR:
	case AGG_COUNT:
	case AGG_COUNT_IF: *(int64_t *)x += *(int64_t *)y; break;
	case AGG_SUM:
		if (!*(int64_t *)(y + 8))
			break;
		if (s->type == T_DOUBLE)
			*(double *)x += *(double *)y;
		else if (__builtin_add_overflow(*(int64_t *)x, *(int64_t *)y, (int64_t *)x))
			return err_set(err, FLOWQ_ERR_RUNTIME, "bigint addition overflow in sum()");
		*(int64_t *)(x + 8) = 1;
		break;
	case AGG_AVG:
		if (s->arg && s->arg->type == T_DOUBLE)
			*(double *)x += *(double *)y;
		else
			*(__int128 *)x += *(__int128 *)y;
		*(int64_t *)(x + 16) += *(int64_t *)(y + 16);
		break;
	case AGG_MIN:
	case AGG_MAX:
	case AGG_ARBITRARY: {
		struct fq_value *o = (struct fq_value *)y;
		if (o->is_null)
			break;
		if (s->kind == AGG_ARBITRARY) {
			struct fq_value *cur = (struct fq_value *)x;
			if (cur->is_null && !keep_value(into, cur, o))
				return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
			break;
		}
		return update_one(into, s, x, o, NULL, err);
	}
	case AGG_MAX_BY:
	case AGG_MIN_BY: {
		struct fq_value *o = (struct fq_value *)y;
		if (o[1].is_null)
			break;
		return update_one(into, s, x, &o[0], &o[1], err);
	}
	case AGG_BOOL_AND:
	case AGG_BOOL_OR: {
		if (!*(int64_t *)y)
			break;
		struct fq_value b = val_bool(*(int64_t *)(y + 8) != 0);
		return update_one(into, s, x, &b, NULL, err);
	}
	case AGG_STDDEV:
	case AGG_STDDEV_POP:
	case AGG_VARIANCE:
	case AGG_VAR_POP: {
		int64_t na = *(int64_t *)x, nb = *(int64_t *)y;
		if (!nb)
			break;
		double ma = *(double *)(x + 8), mb = *(double *)(y + 8);
		double m2a = *(double *)(x + 16), m2b = *(double *)(y + 16);
		int64_t n = na + nb;
		double delta = mb - ma;
		*(int64_t *)x = n;
		*(double *)(x + 8) = ma + delta * (double)nb / (double)n;
		*(double *)(x + 16) = m2a + m2b + delta * delta * (double)na * (double)nb / (double)n;
		break;
	}
	default: break;
	}
	return FLOWQ_OK;
}

flowq_status agg_merge(struct agg_table *into, struct agg_table *from, struct flowq_error *err)
{
	const struct plan_select *p = into->p;
	if (from->fx_n) {
		flowq_status rc = fx_merge(into, from, err);
		if (rc)
			return rc;
	}
	if (!into->esize && from->esize && !set_esize(into, from->inline_bytes))
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory merging groups");
	enum { BLOCK = 512 };
	for (size_t i = 0; i < from->n; i++) {
		if (i % BLOCK == 0) {
			/* the next block's index slots, then the groups they point at
			 * (only hints: a rehash inside the block just wastes them) */
			size_t end = FQ_MIN(i + BLOCK, from->n), m = into->cap - 1;
			for (size_t k = i; k < end; k++)
				__builtin_prefetch(&into->idx[ent_at(from, k)->hash & m]);
			for (size_t k = i; k < end; k++) {
				uint64_t x = into->idx[ent_at(from, k)->hash & m];
				if (x)
					__builtin_prefetch(ent_at(into, (x & 0xffffffffu) - 1));
			}
		}
		struct entry *e = ent_at(from, i);
		bool fresh;
		uint8_t *st = lookup(into, (const char *)ent_key(e), e->klen, e->hash, &fresh);
		if (!st)
			return err_set(err, FLOWQ_ERR_NOMEM, "out of memory merging groups");
		uint8_t *src = ent_state(e);
		if (fresh) {
			/* keys are bytes: copy states, but strings must move to `into`'s arena */
			memcpy(st, src, into->state_size);
			for (int a = 0; a < p->n_aggs; a++) {
				const struct agg_spec *s = &p->aggs[a];
				uint8_t *x = st + into->off[a];
				if (s->distinct || s->kind == AGG_APPROX_DISTINCT ||
				    s->kind == AGG_APPROX_PERCENTILE) {
					*(struct vlist **)x = NULL;
					flowq_status rc = merge_state(into, s, x, src + into->off[a], err);
					if (rc)
						return rc;
				} else if (s->kind == AGG_MIN || s->kind == AGG_MAX || s->kind == AGG_ARBITRARY) {
					if (!keep_value(into, (struct fq_value *)x, (struct fq_value *)(src + into->off[a])))
						return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
				} else if (s->kind == AGG_MAX_BY || s->kind == AGG_MIN_BY) {
					struct fq_value *o = (struct fq_value *)(src + into->off[a]);
					if (!keep_value(into, (struct fq_value *)x, &o[0]) ||
					    !keep_value(into, (struct fq_value *)x + 1, &o[1]))
						return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
				}
			}
			continue;
		}
		for (int a = 0; a < p->n_aggs; a++) {
			flowq_status rc = merge_state(into, &p->aggs[a], st + into->off[a], src + into->off[a], err);
			if (rc)
				return rc;
		}
	}
	return account(into, err);
}

static int cmp_vals(const void *a, const void *b)
{
	return val_cmp(a, b);
}

/* The k-th smallest of v[0..n) (k < n); v is reordered. */
static int64_t kth_smallest(int64_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		int64_t pivot = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				int64_t x = v[i];
				v[i] = v[j];
				v[j] = x;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		/* [lo, j] <= pivot <= [i, hi] */
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

static void finalize(const struct agg_spec *s, uint8_t *x, struct fq_value *out)
{
	memset(out, 0, sizeof *out);
	out->type = s->type;
	if (s->distinct) {
		struct vlist *l = *(struct vlist **)x;
		uint32_t n = l ? l->n : 0;
		switch (s->kind) {
		case AGG_COUNT:
		case AGG_APPROX_DISTINCT: out->i = n; return;
		case AGG_SUM:
		case AGG_AVG: {
			if (!n) {
				out->is_null = true;
				return;
			}
			double ds = 0;
			int64_t is = 0;
			for (uint32_t i = 0; i < n; i++) {
				if (l->v[i].type == T_DOUBLE)
					ds += l->v[i].d;
				else {
					is += l->v[i].i;
					ds += (double)l->v[i].i;
				}
			}
			if (s->kind == AGG_AVG)
				out->d = ds / n;
			else if (s->type == T_DOUBLE)
				out->d = ds;
			else
				out->i = is;
			return;
		}
		case AGG_MIN:
		case AGG_MAX: {
			if (!n) {
				out->is_null = true;
				return;
			}
			struct fq_value best = l->v[0];
			for (uint32_t i = 1; i < n; i++) {
				int c = val_cmp(&l->v[i], &best);
				if (s->kind == AGG_MIN ? c < 0 : c > 0)
					best = l->v[i];
			}
			*out = best;
			out->type = s->type;
			return;
		}
		default: out->i = n; return;
		}
	}
	switch (s->kind) {
	case AGG_COUNT_STAR:
	case AGG_COUNT:
	case AGG_COUNT_IF: out->i = *(int64_t *)x; return;
	case AGG_SUM:
		if (!*(int64_t *)(x + 8)) {
			out->is_null = true;
			return;
		}
		if (s->type == T_DOUBLE)
			out->d = *(double *)x;
		else
			out->i = *(int64_t *)x;
		return;
	case AGG_AVG: {
		int64_t n = *(int64_t *)(x + 16);
		if (!n) {
			out->is_null = true;
			return;
		}
		if (s->arg && s->arg->type == T_DOUBLE)
			out->d = *(double *)x / (double)n;
		else
			out->d = (double)*(__int128 *)x / (double)n;
		return;
	}
	case AGG_MIN:
	case AGG_MAX:
	case AGG_ARBITRARY:
		*out = *(struct fq_value *)x;
		out->type = s->type;
		return;
	case AGG_MAX_BY:
	case AGG_MIN_BY:
		*out = ((struct fq_value *)x)[0];
		if (((struct fq_value *)x)[1].is_null)
			out->is_null = true;
		out->type = s->type;
		return;
	case AGG_BOOL_AND:
	case AGG_BOOL_OR:
		if (!*(int64_t *)x) {
			out->is_null = true;
			return;
		}
		out->b = *(int64_t *)(x + 8) != 0;
		return;
	case AGG_STDDEV:
	case AGG_STDDEV_POP:
	case AGG_VARIANCE:
	case AGG_VAR_POP: {
		int64_t n = *(int64_t *)x;
		double m2 = *(double *)(x + 16);
		bool pop = s->kind == AGG_STDDEV_POP || s->kind == AGG_VAR_POP;
		if (n == 0 || (!pop && n < 2)) {
			out->is_null = true;
			return;
		}
		double var = m2 / (double)(pop ? n : n - 1);
		out->d = (s->kind == AGG_STDDEV || s->kind == AGG_STDDEV_POP) ? sqrt(var) : var;
		return;
	}
	case AGG_APPROX_DISTINCT: {
		struct vlist *l = *(struct vlist **)x;
		out->i = l ? l->n : 0;
		return;
	}
	case AGG_APPROX_PERCENTILE: {
		struct vlist *l = *(struct vlist **)x;
		size_t n = l ? l->n + l->nn : 0; /* (one of the two) */
		if (!n) {
			out->is_null = true;
			return;
		}
		/* nearest rank */
		double r = ceil(s->pct * (double)n);
		size_t idx = r < 1 ? 0 : (size_t)r - 1;
		if (idx >= n)
			idx = n - 1;
		if (l->nn) {
			num_value(kth_smallest(l->num, l->nn, idx), s->type, out);
			return;
		}
		qsort(l->v, l->n, sizeof *l->v, cmp_vals);
		*out = l->v[idx];
		out->type = s->type;
		return;
	}
	default: out->is_null = true; return;
	}
}

/* Row i of a result column is NULL (its slot zeroed, as rt_append does). */
static void null_cell(struct vec *v, size_t i)
{
	v->nulls[i] = 1;
	memset((char *)v->data + i * type_slot_size(v->type), 0, type_slot_size(v->type));
}

/* A group's aggregate results into row i of the columns after the keys. */
static bool finish_states(const struct agg_table *t, uint8_t *st, const size_t *off,
			  struct vec *cols, size_t i, struct arena *a)
{
	const struct plan_select *p = t->p;
	for (int k = 0; k < p->n_aggs; k++) {
		struct vec *v = &cols[p->n_keys + k];
		struct fq_value val;
		finalize(&p->aggs[k], st + off[k], &val);
		if (val.is_null || val.type == T_UNKNOWN) {
			null_cell(v, i);
			continue;
		}
		if (v->type == T_VARCHAR) {
			val.s = arena_str(a, val.s);
			if (!val.s.p)
				return false;
		}
		vec_set(v, (uint32_t)i, &val, a);
	}
	return true;
}

void agg_finish_top(struct agg_table *t, int a, bool desc, uint64_t k)
{
	t->top_a = a;
	t->top_desc = desc;
	t->top_k = k;
}


/* Whether a group whose value is x reaches the bound. */
static inline bool top_keeps(const struct agg_table *t, int64_t x, int64_t bound)
{
	return t->top_desc ? x >= bound : x <= bound;
}

/* A group's value of the aggregate agg_finish_top sorts by, from its
 * states (st, offsets off): false when it is NULL. */
static inline bool top_value(const struct agg_table *t, uint8_t *st, const size_t *off,
			     int64_t *x)
{
	struct fq_value val;
	finalize(&t->p->aggs[t->top_a], st + off[t->top_a], &val);
	*x = val.i;
	return !val.is_null;
}

/* With agg_finish_top: the bound a group's value must reach (at least it
 * when descending, at most it ascending) to be kept; false when every
 * group is kept (few enough, a non-integer aggregate, no memory). */
static bool top_bound(struct agg_table *t, int64_t *bound)
{
	int a = t->top_a;
	size_t total = t->fx_n + t->n;
	if (a < 0 || t->top_k == 0 || total <= t->top_k || !type_is_int(t->p->aggs[a].type))
		return false;
	int64_t *v = malloc(total * sizeof *v);
	if (!v)
		return false;
	size_t m = 0;
	for (size_t j = 0; j < t->fx_cap; j++) {
		uint8_t *e = fx_slot(t, j);
		if (fx_key(e) != FX_EMPTY && top_value(t, e + 8, t->fx_off, &v[m]))
			m++;
	}
	for (size_t g = 0; g < t->n; g++)
		if (top_value(t, ent_state(ent_at(t, g)), t->off, &v[m]))
			m++;
	bool cut = m > t->top_k;
	if (cut)
		*bound = kth_smallest(v, m, t->top_desc ? m - t->top_k : t->top_k - 1);
	free(v);
	return cut;
}

/*
 * The groups are written straight into the result table: its columns are
 * sized to the group count once, key strings are made (packed addresses)
 * or copied (other strings) into its arena, and so are string results
 * (min/max/arbitrary live in the aggregation's arena, freed with it).
 */
flowq_status agg_finish(struct agg_table *t, struct rtable **out, struct flowq_error *err)
{
	const struct plan_select *p = t->p;
	int nc = p->n_keys + p->n_aggs;
	enum fq_type *types = calloc((size_t)nc + 1, sizeof *types);
	const char **names = calloc((size_t)nc + 1, sizeof *names);
	struct rtable *rt = NULL;
	flowq_status st = FLOWQ_OK;
	if (!types || !names)
		goto nomem;
	for (int k = 0; k < p->n_keys; k++) {
		types[k] = p->keys[k]->type;
		names[k] = "_key";
	}
	for (int a = 0; a < p->n_aggs; a++) {
		types[p->n_keys + a] = p->aggs[a].type;
		names[p->n_keys + a] = "_agg";
	}
	/* a global aggregate over no rows still has one row */
	if (p->n_keys == 0 && t->n == 0) {
		bool fresh;
		if (!lookup(t, "", 0, hash_bytes("", 0, 0), &fresh))
			goto nomem;
	}
	size_t total = t->n + t->fx_n;
	if (total > UINT32_MAX - 1)
		goto nomem;
	rt = rt_new(nc, names, types);
	if (!rt || !rt_reserve(rt, (uint32_t)(total ? total : 1)))
		goto nomem;
	size_t arena_before = rt->arena.used_total;
	struct vec *cols = rt->cols;
	/* the packed groups first, then the others */
	int64_t bound = 0;
	bool cut = top_bound(t, &bound);
	size_t row = 0;
	for (size_t j = 0; j < t->fx_cap; j++) {
		uint8_t *e = fx_slot(t, j);
		uint64_t k = fx_key(e);
		if (k == FX_EMPTY)
			continue;
		int64_t val;
		if (cut && top_value(t, e + 8, t->fx_off, &val) && !top_keeps(t, val, bound))
			continue; /* (NULLs and ties stay: the sort decides them) */
		for (int c = 0; c < p->n_keys; c++) {
			struct vec *v = &cols[c];
			uint32_t x = (uint32_t)(k >> (32 * (p->n_keys - 1 - c)));
			v->nulls[row] = 0;
			if (t->fx_addr[c]) {
				uint8_t o[4] = {(uint8_t)(x >> 24), (uint8_t)(x >> 16), (uint8_t)(x >> 8),
						(uint8_t)x};
				char *txt = arena_alloc(&rt->arena, 16);
				if (!txt)
					goto nomem;
				v->s[row] = str_make(txt, (uint32_t)ip4_format(o, txt));
			} else {
				v->i64[row] = (int32_t)x;
			}
		}
		if (!finish_states(t, e + 8, t->fx_off, cols, row, &rt->arena))
			goto nomem;
		row++;
	}
	for (size_t g = 0; g < t->n; g++) {
		size_t i = row;
		struct entry *e = ent_at(t, g);
		int64_t val;
		if (cut && top_value(t, ent_state(e), t->off, &val) && !top_keeps(t, val, bound))
			continue;
		row++;
		/* decode the key bytes */
		const uint8_t *q = ent_key(e);
		for (int k = 0; k < p->n_keys; k++) {
			struct vec *v = &cols[k];
			uint8_t tag = *q++;
			if (tag == 1) {
				null_cell(v, i);
				continue;
			}
			v->nulls[i] = 0;
			if (tag == 2) {
				char *txt = arena_alloc(&rt->arena, 16);
				if (!txt)
					goto nomem;
				v->s[i] = str_make(txt, (uint32_t)ip4_format(q, txt));
				q += 4;
				continue;
			}
			switch (v->type) {
			case T_VARCHAR: {
				uint32_t l;
				memcpy(&l, q, 4);
				v->s[i] = arena_str(&rt->arena, str_make((const char *)q + 4, l));
				if (l && !v->s[i].p)
					goto nomem;
				q += 4 + l;
				break;
			}
			case T_BOOLEAN: v->b[i] = *q++; break;
			case T_INTEGER:
				if (tag == 3) {
					memcpy(&v->i64[i], q, 8);
					q += 8;
				} else {
					int32_t y;
					memcpy(&y, q, 4);
					v->i64[i] = y;
					q += 4;
				}
				break;
			case T_IPADDRESS:
				memcpy(v->ip[i].b, q, 16);
				q += 16;
				break;
			default:
				memcpy((char *)v->data + i * 8, q, 8);
				q += 8;
				break;
			}
		}
		if (!finish_states(t, ent_state(e), t->off, cols, i, &rt->arena))
			goto nomem;
	}
	rt->n = (uint32_t)row;
	rt->bytes += rt->arena.used_total - arena_before;
	*out = rt;
	rt = NULL;
	goto done;
nomem:
	st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory building the aggregate result");
done:
	rt_free(rt);
	free(types);
	free(names);
	return st;
}
