/*
 * base.h - the small pieces everything else stands on: error helpers, an
 * arena allocator, growable byte buffers, string slices and hashing.
 *
 * Ownership: an arena owns every block it hands out; arena_free() releases
 * them all at once.  A buf owns its bytes.  A slice owns nothing: it points
 * into memory somebody else keeps alive (the decompressed input, an arena).
 */
#ifndef FQ_BASE_H
#define FQ_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "flowq.h"

#define FQ_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define FQ_MIN(a, b) ((a) < (b) ? (a) : (b))
#define FQ_MAX(a, b) ((a) > (b) ? (a) : (b))
#define FQ_LIKELY(x) __builtin_expect(!!(x), 1)
#define FQ_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define FQ_COLD __attribute__((cold, noinline))

/* ---- errors ---------------------------------------------------------- */

/* Fill err (may be NULL) with code and a printf-style message; returns code. */
flowq_status err_set(struct flowq_error *err, flowq_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Same, with the SQL position of the token the message is about. */
flowq_status err_set_at(struct flowq_error *err, flowq_status code, int pos, int len,
			const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Set the hint of an error already set. */
void err_hint(struct flowq_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void err_clear(struct flowq_error *err);

/* ---- slices ---------------------------------------------------------- */

/* A string slice: bytes not NUL-terminated, owned elsewhere. 16 bytes. */
struct fq_str {
	const char *p;
	uint32_t len;
	uint32_t pad_;
};

static inline struct fq_str str_make(const char *p, size_t len)
{
	struct fq_str s = {p, (uint32_t)len, 0};
	return s;
}
static inline struct fq_str str_c(const char *z)
{
	return str_make(z, strlen(z));
}
/* n equal bytes at a and b.  Runs of 4 to 16 bytes (actions, ports,
 * addresses, packed group keys) compare as two overlapping loads each,
 * inside both runs, without a call. */
static inline bool bytes_eq(const void *a, const void *b, uint32_t n)
{
	const char *x = a, *y = b;
	if (n >= 8 && n <= 16) {
		uint64_t x0, x1, y0, y1;
		memcpy(&x0, x, 8);
		memcpy(&y0, y, 8);
		memcpy(&x1, x + n - 8, 8);
		memcpy(&y1, y + n - 8, 8);
		return ((x0 ^ y0) | (x1 ^ y1)) == 0;
	}
	if (n >= 4 && n < 8) {
		uint32_t x0, x1, y0, y1;
		memcpy(&x0, x, 4);
		memcpy(&y0, y, 4);
		memcpy(&x1, x + n - 4, 4);
		memcpy(&y1, y + n - 4, 4);
		return ((x0 ^ y0) | (x1 ^ y1)) == 0;
	}
	return n == 0 || memcmp(x, y, n) == 0;
}
static inline bool str_eq(struct fq_str a, struct fq_str b)
{
	return a.len == b.len && bytes_eq(a.p, b.p, a.len);
}
static inline bool str_eq_c(struct fq_str a, const char *z)
{
	size_t n = strlen(z);
	return a.len == n && memcmp(a.p, z, n) == 0;
}
/* Byte-wise comparison (the order Athena/Trino uses for varchar). */
int str_cmp(struct fq_str a, struct fq_str b);
bool str_eq_nocase(struct fq_str a, const char *z);

/* ---- arena ----------------------------------------------------------- */

struct arena_block;
struct arena_cleanup;
struct arena {
	struct arena_block *head;
	size_t used_total; /* bytes handed out, for memory accounting */
	size_t block_size;
	struct arena_cleanup *cleanups; /* run by arena_free */
};

void arena_init(struct arena *a, size_t block_size);
/* Run fn(ctx) when a is freed, the last added first (for what the arena's
 * memory points at but does not own: a JIT-compiled pattern's code).
 * False when out of memory. */
bool arena_on_free(struct arena *a, void (*fn)(void *ctx), void *ctx);
/* Move src's blocks into dst (dst frees them; src is left empty). */
void arena_adopt(struct arena *dst, struct arena *src);
/* Zeroed heap memory that is already written, for big tables that are read
 * before they are written (hash indexes): calloc leaves fresh pages mapped
 * to the shared zero page, and the first write then costs a copy-on-write
 * fault with a TLB shootdown on every core.  Free with free(). */
void *zalloc_written(size_t n);

/* Run fn(ctx, i, n) for i in [0, n): i = 0 on the calling thread, the others
 * on threads of their own (or here, one after another, when a thread cannot
 * start).  n is capped at FQ_PAR_MAX; fn sees the capped n, so work split by
 * (i, n) is always covered. */
#define FQ_PAR_MAX 64
void fq_par_for(int n, void (*fn)(void *ctx, int i, int n), void *ctx);

/* Zeroed, 16-byte aligned memory; NULL only when malloc fails. */
void *arena_alloc(struct arena *a, size_t n);
/* The same, not zeroed: for big buffers the caller fills (on its threads,
 * which then take the first-touch page faults). */
void *arena_alloc_raw(struct arena *a, size_t n);
void *arena_dup(struct arena *a, const void *p, size_t n);
/* NUL-terminated copy. */
char *arena_strndup(struct arena *a, const char *p, size_t n);
char *arena_strdup(struct arena *a, const char *z);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Copy a slice's bytes into the arena; the result points into the arena. */
struct fq_str arena_str(struct arena *a, struct fq_str s);
/* Free everything; the arena can be reused after arena_init(). NULL-safe. */
void arena_free(struct arena *a);

/* ---- growable buffer ------------------------------------------------- */

struct buf {
	char *p;
	size_t len;
	size_t cap;
	bool failed; /* a call ran out of memory (sticky: checked once at the end) */
};

/* All return false when malloc fails (the buffer keeps what it had, and
 * `failed` stays set, so a writer that checks it once per line or batch
 * never loses bytes silently).
 * The common calls are inline (the writers and the aggregation's key
 * building make one per field); buf_grow is the slow path. */
bool buf_grow(struct buf *b, size_t extra);
static inline bool buf_reserve(struct buf *b, size_t extra)
{
	return b->cap - b->len > extra || buf_grow(b, extra);
}
static inline bool buf_add(struct buf *b, const void *p, size_t n)
{
	if (!buf_reserve(b, n))
		return false;
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	return true;
}
static inline bool buf_addc(struct buf *b, char c)
{
	if (!buf_reserve(b, 1))
		return false;
	b->p[b->len++] = c;
	return true;
}
bool buf_adds(struct buf *b, const char *z);
bool buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* NUL-terminate without counting the NUL in len. */
bool buf_nul(struct buf *b);
void buf_free(struct buf *b);

/* ---- hashing --------------------------------------------------------- */

/* A fast 64-bit hash of n bytes (inline: the aggregation hashes every row). */
static inline uint64_t fq_load64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t fq_mix(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t hash_bytes(const void *data, size_t n, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ 0x2d358dccaa6c78a5ULL ^ (n * 0x8bb84b93962eacc9ULL);
	while (n >= 16) {
		h = fq_mix(fq_load64(p) ^ 0x4b33a62ed433d4a3ULL, fq_load64(p + 8) ^ h);
		p += 16;
		n -= 16;
	}
	uint64_t a = 0, b = 0;
	if (n >= 8) {
		a = fq_load64(p);
		b = fq_load64(p + n - 8);
	} else if (n >= 4) {
		uint32_t x, y;
		memcpy(&x, p, 4);
		memcpy(&y, p + n - 4, 4);
		a = x;
		b = y;
	} else if (n > 0) {
		a = ((uint64_t)p[0] << 16) | ((uint64_t)p[n >> 1] << 8) | p[n - 1];
	}
	return fq_mix(a ^ 0x4b33a62ed433d4a3ULL, b ^ h);
}

static inline uint64_t hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}
static inline uint64_t hash_combine(uint64_t h, uint64_t v)
{
	return hash_u64(h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)));
}

/* ---- misc ------------------------------------------------------------ */

/* Edit distance between two names, for "did you mean" hints. */
int fq_edit_distance(const char *a, const char *b);
/* Monotonic seconds. */
double fq_now(void);
/* Whether the comparison switch `name` (FLOWQ_NO_...) is set: to anything
 * but empty or "0". */
bool fq_switch_off(const char *name);
/* Peak resident set size of this process in bytes (0 if unknown). */
size_t fq_peak_rss(void);
/* Parse "512M", "2G", "100000" into bytes; false on junk. */
bool fq_parse_size(const char *z, size_t *out);
/* Number of online CPUs (>= 1). */
int fq_ncpu(void);

#endif
