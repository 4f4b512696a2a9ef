/*
 * rtable.c - materialized tables: growable column vectors whose strings are
 * copied into the table's own arena, so a table outlives the batches it was
 * built from.  Used for query results, CTEs, subqueries and aggregates.
 */
#include "plan.h"

#include <stdlib.h>

struct rtable *rt_new(int n_cols, const char *const *names, const enum fq_type *types)
{
	struct rtable *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->n_cols = n_cols;
	arena_init(&t->arena, 256 * 1024);
	t->names = arena_alloc(&t->arena, (size_t)(n_cols + 1) * sizeof *t->names);
	t->types = arena_alloc(&t->arena, (size_t)(n_cols + 1) * sizeof *t->types);
	t->cols = calloc((size_t)n_cols + 1, sizeof *t->cols);
	if (!t->names || !t->types || !t->cols) {
		rt_free(t);
		return NULL;
	}
	for (int i = 0; i < n_cols; i++) {
		t->names[i] = arena_strdup(&t->arena, names && names[i] ? names[i] : "_col");
		t->types[i] = types[i];
		t->cols[i].type = types[i];
	}
	return t;
}

void rt_free(struct rtable *t)
{
	if (!t)
		return;
	for (int i = 0; t->cols && i < t->n_cols; i++) {
		free(t->cols[i].data);
		free(t->cols[i].nulls);
	}
	free(t->cols);
	arena_free(&t->arena);
	free(t);
}

static bool grow_to(struct rtable *t, uint32_t cap);

static bool grow(struct rtable *t, uint32_t need)
{
	if (need <= t->cap)
		return true;
	uint32_t cap = t->cap ? t->cap : 1024;
	while (cap < need)
		cap *= 2;
	return grow_to(t, cap);
}

bool rt_reserve(struct rtable *t, uint32_t n)
{
	return n <= t->cap || grow_to(t, n);
}

static bool grow_to(struct rtable *t, uint32_t cap)
{
	for (int i = 0; i < t->n_cols; i++) {
		struct vec *v = &t->cols[i];
		size_t sz = type_slot_size(v->type);
		void *d = realloc(v->data, (size_t)cap * sz);
		if (!d)
			return false;
		v->data = d;
		uint8_t *nl = realloc(v->nulls, cap);
		if (!nl)
			return false;
		memset(nl + t->cap, 0, cap - t->cap);
		v->nulls = nl;
		v->cap = cap;
		t->bytes += (size_t)(cap - t->cap) * (sz + 1);
	}
	t->cap = cap;
	return true;
}

bool rt_append(struct rtable *t, const struct batch *b, const uint8_t *active)
{
	uint32_t k = 0;
	for (uint32_t i = 0; i < b->n; i++)
		k += !active || active[i];
	if (!k)
		return true;
	if (!grow(t, t->n + k))
		return false;
	size_t before = t->arena.used_total;
	for (int c = 0; c < t->n_cols; c++) {
		const struct vec *src = &b->cols[c];
		struct vec *dst = &t->cols[c];
		size_t sz = type_slot_size(dst->type);
		uint32_t o = t->n;
		for (uint32_t i = 0; i < b->n; i++) {
			if (active && !active[i])
				continue;
			bool isnull = vec_is_null(src, i) || src->type == T_UNKNOWN;
			dst->nulls[o] = isnull;
			if (isnull) {
				memset((char *)dst->data + (size_t)o * sz, 0, sz);
			} else if (dst->type == T_VARCHAR) {
				struct fq_str s = arena_str(&t->arena, src->s[i]);
				if (!s.p)
					return false;
				dst->s[o] = s;
			} else if (sz == 8) {
				dst->i64[o] = src->i64[i]; /* int64 and double slots alike */
			} else {
				memcpy((char *)dst->data + (size_t)o * sz, (char *)src->data + (size_t)i * sz, sz);
			}
			o++;
		}
	}
	t->n += k;
	t->bytes += t->arena.used_total - before;
	return true;
}

bool rt_concat(struct rtable *dst, struct rtable *src)
{
	if (dst->n_cols != src->n_cols || (uint64_t)dst->n + src->n > UINT32_MAX ||
	    !rt_reserve(dst, dst->n + src->n))
		return false;
	for (int c = 0; c < dst->n_cols; c++) {
		struct vec *d = &dst->cols[c];
		const struct vec *s = &src->cols[c];
		size_t sz = type_slot_size(d->type);
		if (src->n) {
			memcpy((char *)d->data + (size_t)dst->n * sz, s->data, (size_t)src->n * sz);
			if (s->nulls)
				memcpy(d->nulls + dst->n, s->nulls, src->n);
			else
				memset(d->nulls + dst->n, 0, src->n);
		}
	}
	dst->n += src->n;
	size_t strings = src->arena.used_total;
	arena_adopt(&dst->arena, &src->arena);
	dst->bytes += strings;
	rt_free(src);
	return true;
}

struct rtable *rt_compact(struct rtable *t)
{
	struct rtable *c = rt_new(t->n_cols, (const char *const *)t->names, t->types);
	struct vec cols[RD_MAX_FIELDS * 2 + 2];
	struct batch b;
	if (!c || t->n_cols > (int)(sizeof cols / sizeof cols[0]) || !rt_reserve(c, t->n ? t->n : 1)) {
		rt_free(c);
		return NULL;
	}
	rt_view(t, 0, t->n, &b, cols);
	if (!rt_append(c, &b, NULL)) {
		rt_free(c);
		return NULL;
	}
	rt_free(t);
	return c;
}

void rt_view(const struct rtable *t, uint32_t off, uint32_t n, struct batch *b, struct vec *cols)
{
	memset(b, 0, sizeof *b);
	b->n = n;
	b->cap = n;
	b->n_cols = (uint32_t)t->n_cols;
	b->cols = cols;
	for (int c = 0; c < t->n_cols; c++) {
		const struct vec *v = &t->cols[c];
		size_t sz = type_slot_size(v->type);
		cols[c] = *v;
		cols[c].data = v->data ? (char *)v->data + (size_t)off * sz : NULL;
		cols[c].nulls = v->nulls ? v->nulls + off : NULL;
		cols[c].cap = n;
	}
}
