/*
 * base.c - errors, arena, buffers, hashing and small OS helpers.
 *
 * The arena is a linked list of blocks; each allocation is carved from the
 * head block and rounded to 16 bytes, and a request larger than a block gets
 * a block of its own.  Nothing is freed individually: the owner of the arena
 * (a query, a parsed statement, a group table) frees it whole.
 */
#include "base.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static const char *const status_names[FLOWQ_STATUS_COUNT] = {
	[FLOWQ_OK] = "ok",
	[FLOWQ_ERR_NOMEM] = "out of memory",
	[FLOWQ_ERR_IO] = "I/O error",
	[FLOWQ_ERR_BAD_INPUT] = "bad input",
	[FLOWQ_ERR_GZIP] = "corrupt gzip data",
	[FLOWQ_ERR_LIMIT] = "limit exceeded",
	[FLOWQ_ERR_USAGE] = "usage error",
	[FLOWQ_ERR_SQL_SYNTAX] = "SQL syntax error",
	[FLOWQ_ERR_SQL_SEMANTIC] = "SQL error",
	[FLOWQ_ERR_RUNTIME] = "query failed",
	[FLOWQ_ERR_MEMORY] = "memory limit exceeded",
	[FLOWQ_ERR_INTERNAL] = "internal error",
	[FLOWQ_ERR_UNSUPPORTED] = "not supported",
};

const char *flowq_strerror(flowq_status st)
{
	if ((unsigned)st >= FLOWQ_STATUS_COUNT || !status_names[st])
		return "unknown status";
	return status_names[st];
}

static void err_vset(struct flowq_error *err, flowq_status code, int pos, int len, const char *fmt,
		     va_list ap)
{
	err->code = code;
	err->pos = pos;
	err->len = len;
	err->hint[0] = 0;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

flowq_status err_set(struct flowq_error *err, flowq_status code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		err_vset(err, code, -1, 0, fmt, ap);
		va_end(ap);
	}
	return code;
}

flowq_status err_set_at(struct flowq_error *err, flowq_status code, int pos, int len,
			const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		err_vset(err, code, pos, len, fmt, ap);
		va_end(ap);
	}
	return code;
}

void err_hint(struct flowq_error *err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof err->hint, fmt, ap);
	va_end(ap);
}

void err_clear(struct flowq_error *err)
{
	if (err) {
		err->code = FLOWQ_OK;
		err->pos = -1;
		err->len = 0;
		err->msg[0] = 0;
		err->hint[0] = 0;
	}
}

int str_cmp(struct fq_str a, struct fq_str b)
{
	uint32_t n = a.len < b.len ? a.len : b.len;
	int c = n ? memcmp(a.p, b.p, n) : 0;
	if (c)
		return c;
	return (a.len > b.len) - (a.len < b.len);
}

bool str_eq_nocase(struct fq_str a, const char *z)
{
	size_t n = strlen(z);
	if (a.len != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char x = a.p[i], y = z[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (char)(y + 32);
		if (x != y)
			return false;
	}
	return true;
}

/* ---- arena ----------------------------------------------------------- */

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

struct arena_cleanup {
	void (*fn)(void *ctx);
	void *ctx;
	struct arena_cleanup *next;
};

void arena_init(struct arena *a, size_t block_size)
{
	a->head = NULL;
	a->used_total = 0;
	a->block_size = block_size ? block_size : 64 * 1024;
	a->cleanups = NULL;
}

bool arena_on_free(struct arena *a, void (*fn)(void *ctx), void *ctx)
{
	struct arena_cleanup *c = arena_alloc(a, sizeof *c);
	if (!c)
		return false;
	c->fn = fn;
	c->ctx = ctx;
	c->next = a->cleanups;
	a->cleanups = c;
	return true;
}

void *arena_alloc(struct arena *a, size_t n)
{
	void *p = arena_alloc_raw(a, n);
	if (p)
		memset(p, 0, (n + 15) & ~(size_t)15);
	return p;
}

void *arena_alloc_raw(struct arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (n == 0)
		n = 16;
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t sz = n > a->block_size / 2 ? n : a->block_size;
		struct arena_block *nb = malloc(sizeof *nb + sz);
		if (!nb)
			return NULL;
		nb->size = sz;
		nb->used = 0;
		if (b && sz != a->block_size && b->size - b->used > 1024) {
			/* a big one-off: keep the current head for small allocations */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += n;
	a->used_total += n;
	return p;
}

void *arena_dup(struct arena *a, const void *p, size_t n)
{
	void *q = arena_alloc(a, n);
	if (q && n)
		memcpy(q, p, n);
	return q;
}

char *arena_strndup(struct arena *a, const char *p, size_t n)
{
	char *q = arena_alloc(a, n + 1);
	if (q) {
		if (n)
			memcpy(q, p, n);
		q[n] = 0;
	}
	return q;
}

char *arena_strdup(struct arena *a, const char *z)
{
	return arena_strndup(a, z, strlen(z));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *q = arena_alloc(a, (size_t)n + 1);
	if (!q)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(q, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return q;
}

struct fq_str arena_str(struct arena *a, struct fq_str s)
{
	struct fq_str r = {0};
	if (s.len == 0) {
		r.p = "";
		return r;
	}
	char *q = arena_alloc(a, s.len);
	if (!q)
		return r; /* p == NULL marks failure */
	memcpy(q, s.p, s.len);
	r.p = q;
	r.len = s.len;
	return r;
}

void arena_adopt(struct arena *dst, struct arena *src)
{
	struct arena_block *first = src->head;
	if (!first)
		return;
	if (!dst->head) {
		dst->head = first;
	} else {
		/* behind dst's head, which stays the block allocations come from */
		struct arena_block *last = first;
		while (last->next)
			last = last->next;
		last->next = dst->head->next;
		dst->head->next = first;
	}
	dst->used_total += src->used_total;
	src->head = NULL;
	src->used_total = 0;
	if (src->cleanups) {
		struct arena_cleanup *last = src->cleanups;
		while (last->next)
			last = last->next;
		last->next = dst->cleanups;
		dst->cleanups = src->cleanups;
		src->cleanups = NULL;
	}
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	/* the cleanups first: their records live in the blocks */
	for (struct arena_cleanup *c = a->cleanups; c; c = c->next)
		c->fn(c->ctx);
	a->cleanups = NULL;
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *n = b->next;
		free(b);
		b = n;
	}
	a->head = NULL;
	a->used_total = 0;
}

/* ---- buf ------------------------------------------------------------- */

bool buf_grow(struct buf *b, size_t extra)
{
	if (b->cap - b->len > extra)
		return true;
	if (extra > SIZE_MAX / 4 - b->len) {
		b->failed = true; /* (the doubling below would wrap) */
		return false;
	}
	size_t cap = b->cap ? b->cap : 256;
	while (cap - b->len <= extra)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

bool buf_adds(struct buf *b, const char *z)
{
	return buf_add(b, z, strlen(z));
}

bool buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !buf_reserve(b, (size_t)n + 1))
		return false;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return true;
}

bool buf_nul(struct buf *b)
{
	if (!buf_reserve(b, 1))
		return false;
	b->p[b->len] = 0;
	return true;
}

void buf_free(struct buf *b)
{
	if (!b)
		return;
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}

/* ---- hashing: a small wyhash-style mixer over 8-byte words ------------ */

/* ---- misc ------------------------------------------------------------ */

int fq_edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64)
		return 99;
	int d[65][65];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			int x = d[i - 1][j] + 1, y = d[i][j - 1] + 1;
			d[i][j] = c < x ? (c < y ? c : y) : (x < y ? x : y);
		}
	return d[n][m];
}

bool fq_switch_off(const char *name)
{
	const char *v = getenv(name);
	return v && *v && strcmp(v, "0") != 0;
}

double fq_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

size_t fq_peak_rss(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (size_t)ru.ru_maxrss * 1024;
}

bool fq_parse_size(const char *z, size_t *out)
{
	char *end;
	if (!z || !*z)
		return false;
	double v = strtod(z, &end);
	if (end == z || v < 0)
		return false;
	double mul = 1;
	switch (*end) {
	case 'k': case 'K': mul = 1024.0; end++; break;
	case 'm': case 'M': mul = 1024.0 * 1024; end++; break;
	case 'g': case 'G': mul = 1024.0 * 1024 * 1024; end++; break;
	case 't': case 'T': mul = 1024.0 * 1024 * 1024 * 1024; end++; break;
	default: break;
	}
	if (*end == 'B' || *end == 'b' || (*end == 'i' && (end[1] == 'B' || end[1] == 'b')))
		end += *end == 'i' ? 2 : 1;
	if (*end)
		return false;
	*out = (size_t)(v * mul);
	return true;
}

int fq_ncpu(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

/* through a volatile pointer so the compiler cannot turn malloc+memset back
 * into calloc */
static void *(*volatile zero_fill)(void *, int, size_t) = memset;

void *zalloc_written(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p)
		zero_fill(p, 0, n);
	return p;
}

struct par_job {
	void (*fn)(void *, int, int);
	void *ctx;
	int i, n;
};

static void *par_job(void *arg)
{
	struct par_job *j = arg;
	j->fn(j->ctx, j->i, j->n);
	return NULL;
}

void fq_par_for(int n, void (*fn)(void *ctx, int i, int n), void *ctx)
{
	pthread_t tid[FQ_PAR_MAX];
	bool started[FQ_PAR_MAX] = {0};
	struct par_job jobs[FQ_PAR_MAX];
	if (n > FQ_PAR_MAX)
		n = FQ_PAR_MAX;
	for (int i = 0; i < n; i++)
		jobs[i] = (struct par_job){fn, ctx, i, n};
	for (int i = 1; i < n; i++)
		started[i] = pthread_create(&tid[i], NULL, par_job, &jobs[i]) == 0;
	if (n > 0)
		fn(ctx, 0, n);
	for (int i = 1; i < n; i++) {
		if (started[i])
			pthread_join(tid[i], NULL);
		else
			fn(ctx, i, n);
	}
}
