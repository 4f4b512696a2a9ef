/*
 * fn_regex.c - regexp_like, regexp_extract, regexp_replace, regexp_count
 * and regexp_position on PCRE2 (UTF mode; invalid UTF-8 in the subject is
 * tolerated and simply never matches a multi-byte character).
 *
 * Trino runs these on Joni with Java syntax; PCRE2 accepts the same
 * everyday syntax (classes, quantifiers, groups, named groups, lookaround,
 * (?i)).  The iteration rules are Trino's: after an empty match the next
 * search starts one code point further on, and replacement strings know
 * $n (the longest existing group number), ${name}, and \ as an escape.
 *
 * Memory: a constant pattern is compiled once at bind time into the
 * query arena (PCRE2 is given the arena as its allocator, so nothing needs
 * freeing), together with a few match-data slots that concurrent batches
 * claim with an atomic flag.  Each slot owns a fixed region for the
 * backtracking frames PCRE2 grows while matching, so no two threads ever
 * allocate from the same place; a match that outgrows its region is
 * retried with match data in the batch arena (ctx->arena, which belongs to
 * one thread).  A pattern that changes per row is compiled into a fixed
 * region of the call site's state and kept as a one-entry cache behind a
 * spin lock; should it not fit, the row compiles into the batch arena.
 * A match may use at most RX_HEAP_KIB of frames.  Nothing uses malloc; a
 * constant pattern's JIT code (PCRE2's own executable mapping) is released
 * by a cleanup of the query arena.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#include "exec/fn_impl.h"

#define RX_SLOTS 4
#define RX_REGION (64 << 10)   /* per slot, and for the per-row cache */
#define RX_HEAP_KIB (64 << 10) /* 64 MiB of backtracking frames per match */
#define RX_OPTIONS (PCRE2_UTF | PCRE2_MATCH_INVALID_UTF)

/* A bump allocator over a fixed block; `floor` keeps what survives a reset. */
struct rx_region {
	char *base;
	size_t cap, used, floor;
};

struct rx {
	pcre2_code *code; /* the constant pattern, or NULL */
	pcre2_match_context *mctx;
	struct {
		atomic_flag busy;
		struct rx_region region;
		pcre2_match_data *md;
	} slots[RX_SLOTS];
	/* per-row patterns: a one-entry cache in `region`, behind `lock` */
	atomic_flag lock;
	struct rx_region region;
	pcre2_general_context *region_gctx;
	pcre2_compile_context *region_cctx;
	const char *cache_pat;
	size_t cache_len;
	pcre2_code *cache_code;
	pcre2_match_data *cache_md;
};

static void *arena_malloc(PCRE2_SIZE n, void *data)
{
	return arena_alloc((struct arena *)data, n);
}

static void no_free(void *p, void *data)
{
	(void)p;
	(void)data;
}

static void *region_malloc(PCRE2_SIZE n, void *data)
{
	struct rx_region *r = data;
	size_t need = (n + 15) & ~(size_t)15;
	if (need > r->cap - r->used)
		return NULL;
	void *p = r->base + r->used;
	r->used += need;
	return p;
}

/* Compile pat with memory from `a` (a fresh general context in that arena). */
static pcre2_code *compile_in(struct arena *a, struct fq_str pat, int *ec, PCRE2_SIZE *eo)
{
	pcre2_general_context *g = pcre2_general_context_create(arena_malloc, no_free, a);
	pcre2_compile_context *c = g ? pcre2_compile_context_create(g) : NULL;
	if (!c) {
		*ec = PCRE2_ERROR_NOMEMORY;
		*eo = 0;
		return NULL;
	}
	return pcre2_compile((PCRE2_SPTR)(pat.p ? pat.p : ""), pat.len, RX_OPTIONS, ec, eo, c);
}

/* The code's memory is the arena's (no_free); this releases its JIT pages. */
static void jit_free(void *code)
{
	pcre2_code_free(code);
}

static pcre2_match_data *match_data_in(struct arena *a, const pcre2_code *code)
{
	pcre2_general_context *g = pcre2_general_context_create(arena_malloc, no_free, a);
	return g ? pcre2_match_data_create_from_pattern(code, g) : NULL;
}

static void compile_error(char *msg, size_t cap, struct fq_str pat, int ec, PCRE2_SIZE eo)
{
	char why[160];
	if (pcre2_get_error_message(ec, (PCRE2_UCHAR *)why, sizeof why) < 0)
		snprintf(why, sizeof why, "error %d", ec);
	snprintf(msg, cap, "Invalid regular expression '%.*s': %s at offset %zu",
		 (int)FQ_MIN(pat.len, 200u), pat.p ? pat.p : "", why, (size_t)eo);
}

/* Bind-time set-up: compile a constant pattern (argument 1), else prepare the
 * per-row cache. */
static flowq_status rx_bind(struct fn_bind *b, struct flowq_error *err)
{
	struct rx *rx = arena_alloc(b->arena, sizeof *rx);
	if (!rx)
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
	for (int i = 0; i < RX_SLOTS; i++)
		atomic_flag_clear(&rx->slots[i].busy);
	atomic_flag_clear(&rx->lock);
	b->state = rx;
	pcre2_general_context *g = pcre2_general_context_create(arena_malloc, no_free, b->arena);
	rx->mctx = g ? pcre2_match_context_create(g) : NULL;
	if (!rx->mctx)
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
	pcre2_set_heap_limit(rx->mctx, RX_HEAP_KIB);
	const struct fq_str *pat = fn_const_str(b, 1);
	if (pat) {
		int ec;
		PCRE2_SIZE eo;
		rx->code = compile_in(b->arena, *pat, &ec, &eo);
		/* machine code for the constant pattern (a quarter off a
		 * regexp_like over 10M rows); its executable pages are PCRE2's own
		 * mapping, released when the arena goes.  Without JIT (a build or
		 * a system that refuses it) the interpreter matches as before. */
		if (rx->code && pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE) == 0 &&
		    !arena_on_free(b->arena, jit_free, rx->code))
			return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
		if (!rx->code) {
			if (ec == PCRE2_ERROR_NOMEMORY)
				return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
			char msg[400];
			compile_error(msg, sizeof msg, *pat, ec, eo);
			return err_set(err, FLOWQ_ERR_SQL_SEMANTIC, "%s", msg);
		}
		for (int i = 0; i < RX_SLOTS; i++) {
			struct rx_region *r = &rx->slots[i].region;
			r->base = arena_alloc(b->arena, RX_REGION);
			r->cap = r->base ? RX_REGION : 0;
			pcre2_general_context *sg =
				pcre2_general_context_create(region_malloc, no_free, r);
			if (sg)
				rx->slots[i].md = pcre2_match_data_create_from_pattern(rx->code, sg);
		}
		return FLOWQ_OK;
	}
	rx->region.base = arena_alloc(b->arena, RX_REGION);
	if (!rx->region.base)
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
	rx->region.cap = RX_REGION;
	rx->region_gctx = pcre2_general_context_create(region_malloc, no_free, &rx->region);
	rx->region_cctx = rx->region_gctx ? pcre2_compile_context_create(rx->region_gctx) : NULL;
	if (!rx->region_cctx)
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
	rx->region.floor = rx->region.used;
	return FLOWQ_OK;
}

/* What one evaluation uses; rx_release() gives back the slot or the lock. */
struct rx_use {
	struct rx *rx;
	const pcre2_code *code;
	pcre2_match_data *md;
	int slot;    /* claimed slot, or -1 */
	bool locked; /* holding rx->lock (using the cache) */
	bool own_md; /* md is this row's own, in the batch arena */
};

static void rx_release(struct rx_use *u)
{
	if (u->slot >= 0)
		atomic_flag_clear_explicit(&u->rx->slots[u->slot].busy, memory_order_release);
	if (u->locked)
		atomic_flag_clear_explicit(&u->rx->lock, memory_order_release);
}

static void rx_lock(struct rx *rx)
{
	while (atomic_flag_test_and_set_explicit(&rx->lock, memory_order_acquire))
		sched_yield();
}

static flowq_status rx_acquire(struct rx *rx, struct fq_str pat, struct fn_ctx *ctx,
			       struct rx_use *u)
{
	u->rx = rx;
	u->slot = -1;
	u->locked = false;
	u->own_md = false;
	u->md = NULL;
	if (rx->code) {
		u->code = rx->code;
		for (int i = 0; i < RX_SLOTS; i++) {
			atomic_flag *busy = &rx->slots[i].busy;
			if (rx->slots[i].md &&
			    !atomic_flag_test_and_set_explicit(busy, memory_order_acquire)) {
				u->slot = i;
				u->md = rx->slots[i].md;
				return FLOWQ_OK;
			}
		}
		u->md = match_data_in(ctx->arena, u->code);
		u->own_md = true;
		return u->md ? FLOWQ_OK : err_set(ctx->err, FLOWQ_ERR_NOMEM, "out of memory");
	}
	rx_lock(rx);
	u->locked = true;
	if (rx->cache_code && rx->cache_len == pat.len &&
	    (pat.len == 0 || memcmp(rx->cache_pat, pat.p, pat.len) == 0)) {
		u->code = rx->cache_code;
		u->md = rx->cache_md;
		return FLOWQ_OK;
	}
	/* recompile into the region */
	rx->region.used = rx->region.floor;
	rx->cache_code = NULL;
	int ec;
	PCRE2_SIZE eo;
	char *copy = region_malloc(pat.len + 1, &rx->region);
	pcre2_code *code = NULL;
	if (copy) {
		if (pat.len)
			memcpy(copy, pat.p, pat.len);
		code = pcre2_compile((PCRE2_SPTR)copy, pat.len, RX_OPTIONS, &ec, &eo,
				     rx->region_cctx);
	}
	pcre2_match_data *md = code ? pcre2_match_data_create_from_pattern(code, rx->region_gctx)
				    : NULL;
	if (md) {
		rx->cache_pat = copy;
		rx->cache_len = pat.len;
		rx->cache_code = code;
		rx->cache_md = md;
		u->code = code;
		u->md = md;
		return FLOWQ_OK;
	}
	/* too big for the region (or invalid): compile this row in the batch arena */
	rx_release(u);
	u->locked = false;
	code = compile_in(ctx->arena, pat, &ec, &eo);
	if (!code) {
		if (ec == PCRE2_ERROR_NOMEMORY)
			return err_set(ctx->err, FLOWQ_ERR_NOMEM, "out of memory");
		char msg[400];
		compile_error(msg, sizeof msg, pat, ec, eo);
		return fn_fail(ctx, "%s", msg);
	}
	u->code = code;
	u->md = match_data_in(ctx->arena, code);
	u->own_md = true;
	return u->md ? FLOWQ_OK : err_set(ctx->err, FLOWQ_ERR_NOMEM, "out of memory");
}

/* Search s from byte `at`.  1 on a match (ovector in u->md), 0 on none,
 * negative with ctx->err set on a matching failure. */
static int rx_search(struct rx_use *u, struct fq_str s, size_t at, struct fn_ctx *ctx)
{
	if (at > s.len)
		return 0;
	uint32_t opts = 0;
	int rc = pcre2_match(u->code, (PCRE2_SPTR)(s.p ? s.p : ""), s.len, at, opts, u->md,
			     u->rx->mctx);
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT) {
		/* deep backtracking outgrows the JIT's stack: the interpreter
		 * keeps its frames on the heap, within RX_HEAP_KIB */
		opts = PCRE2_NO_JIT;
		rc = pcre2_match(u->code, (PCRE2_SPTR)(s.p ? s.p : ""), s.len, at, opts, u->md,
				 u->rx->mctx);
	}
	if (rc == PCRE2_ERROR_NOMEMORY && !u->own_md) {
		/* the shared region is full: this row gets match data of its own */
		u->md = match_data_in(ctx->arena, u->code);
		u->own_md = true;
		if (!u->md) {
			err_set(ctx->err, FLOWQ_ERR_NOMEM, "out of memory");
			return -1;
		}
		rc = pcre2_match(u->code, (PCRE2_SPTR)(s.p ? s.p : ""), s.len, at, opts, u->md,
				 u->rx->mctx);
	}
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		char why[160];
		pcre2_get_error_message(rc, (PCRE2_UCHAR *)why, sizeof why);
		fn_fail(ctx, "Regular expression matching failed: %s", why);
		return -1;
	}
	return 1;
}

/* The status after rx_search() failed (it set ctx->err). */
static flowq_status rx_failed(struct fn_ctx *ctx)
{
	return ctx->err && ctx->err->code != FLOWQ_OK ? ctx->err->code : FLOWQ_ERR_RUNTIME;
}

/* Where the next search starts after the match [beg, end) (Trino's rule). */
static size_t next_start(struct fq_str s, size_t beg, size_t end)
{
	if (end != beg)
		return end;
	if (beg < s.len)
		return beg + fn_utf8_len(s.p + beg, s.p + s.len);
	return s.len + 1;
}

static uint32_t capture_count(const pcre2_code *code)
{
	uint32_t n = 0;
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &n);
	return n;
}

/* ---- regexp_like, regexp_count ------------------------------------------ */

FN_BIND(regexp_like)
{
	static const struct fn_sig sigs[] = {{T_BOOLEAN, 2, {T_VARCHAR, T_VARCHAR}}};
	if (fn_match(b, err, "regexp_like", sigs, 1) < 0)
		return FLOWQ_ERR_SQL_SEMANTIC;
	return rx_bind(b, err);
}

FN_EVAL(regexp_like)
{
	struct rx_use u;
	flowq_status st = rx_acquire(ctx->state, args[1].s, ctx, &u);
	if (st != FLOWQ_OK)
		return st;
	int rc = rx_search(&u, args[0].s, 0, ctx);
	rx_release(&u);
	if (rc < 0)
		return rx_failed(ctx);
	*out = val_bool(rc > 0);
	return FLOWQ_OK;
}

FN_BIND(regexp_count)
{
	static const struct fn_sig sigs[] = {{T_BIGINT, 2, {T_VARCHAR, T_VARCHAR}}};
	if (fn_match(b, err, "regexp_count", sigs, 1) < 0)
		return FLOWQ_ERR_SQL_SEMANTIC;
	return rx_bind(b, err);
}

FN_EVAL(regexp_count)
{
	struct rx_use u;
	struct fq_str s = args[0].s;
	flowq_status st = rx_acquire(ctx->state, args[1].s, ctx, &u);
	if (st != FLOWQ_OK)
		return st;
	int64_t count = 0;
	size_t at = 0;
	int rc;
	while ((rc = rx_search(&u, s, at, ctx)) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(u.md);
		at = next_start(s, ov[0], ov[1]);
		count++;
	}
	rx_release(&u);
	if (rc < 0)
		return rx_failed(ctx);
	*out = val_int(T_BIGINT, count);
	return FLOWQ_OK;
}

/* ---- regexp_extract ----------------------------------------------------- */

FN_BIND(regexp_extract)
{
	static const struct fn_sig sigs[] = {
		{T_VARCHAR, 2, {T_VARCHAR, T_VARCHAR}},
		{T_VARCHAR, 3, {T_VARCHAR, T_VARCHAR, T_BIGINT}},
	};
	if (fn_match(b, err, "regexp_extract", sigs, FQ_ARRAY_LEN(sigs)) < 0)
		return FLOWQ_ERR_SQL_SEMANTIC;
	return rx_bind(b, err);
}

FN_EVAL(regexp_extract)
{
	struct rx_use u;
	struct fq_str s = args[0].s;
	int64_t group = n_args == 3 ? args[2].i : 0;
	flowq_status st = rx_acquire(ctx->state, args[1].s, ctx, &u);
	if (st != FLOWQ_OK)
		return st;
	uint32_t groups = capture_count(u.code);
	if (group < 0 || group > (int64_t)groups) {
		rx_release(&u);
		if (group < 0)
			return fn_fail(ctx, "Group cannot be negative");
		return fn_fail(ctx, "Pattern has %u groups. Cannot access group %lld", groups,
			       (long long)group);
	}
	int rc = rx_search(&u, s, 0, ctx);
	PCRE2_SIZE beg = 0, end = 0;
	if (rc > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(u.md);
		beg = ov[2 * group];
		end = ov[2 * group + 1];
	}
	rx_release(&u);
	if (rc < 0)
		return rx_failed(ctx);
	if (rc == 0 || beg == PCRE2_UNSET)
		return fn_ret_null(out, T_VARCHAR);
	return fn_ret_str(out, s.p + beg, end - beg);
}

/* ---- regexp_position ---------------------------------------------------- */

FN_BIND(regexp_position)
{
	static const struct fn_sig sigs[] = {
		{T_INTEGER, 2, {T_VARCHAR, T_VARCHAR}},
		{T_INTEGER, 3, {T_VARCHAR, T_VARCHAR, T_INTEGER}},
		{T_INTEGER, 4, {T_VARCHAR, T_VARCHAR, T_INTEGER, T_INTEGER}},
	};
	if (fn_match(b, err, "regexp_position", sigs, FQ_ARRAY_LEN(sigs)) < 0)
		return FLOWQ_ERR_SQL_SEMANTIC;
	return rx_bind(b, err);
}

FN_EVAL(regexp_position)
{
	struct fq_str s = args[0].s;
	int64_t start = n_args >= 3 ? args[2].i : 1;
	int64_t occurrence = n_args == 4 ? args[3].i : 1;
	if (start < 1)
		return fn_fail(ctx, "start position cannot be smaller than 1");
	if (occurrence < 1)
		return fn_fail(ctx, "occurrence cannot be smaller than 1");
	if (start > fn_utf8_count(s)) {
		*out = val_int(T_INTEGER, -1);
		return FLOWQ_OK;
	}
	struct rx_use u;
	flowq_status st = rx_acquire(ctx->state, args[1].s, ctx, &u);
	if (st != FLOWQ_OK)
		return st;
	size_t at = (size_t)fn_utf8_offset(s, 0, start - 1);
	int64_t count = 0, pos = -1;
	int rc;
	while ((rc = rx_search(&u, s, at, ctx)) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(u.md);
		if (++count == occurrence) {
			pos = fn_utf8_count(str_make(s.p, ov[0])) + 1;
			break;
		}
		at = next_start(s, ov[0], ov[1]);
	}
	rx_release(&u);
	if (rc < 0)
		return rx_failed(ctx);
	*out = val_int(T_INTEGER, pos);
	return FLOWQ_OK;
}

/* ---- regexp_replace ----------------------------------------------------- */

/* An output string growing in the batch arena (a full buffer is abandoned to
 * the arena, so the total stays under twice the final size). */
struct abuf {
	char *p;
	size_t len, cap;
	struct fn_ctx *ctx;
};

static bool abuf_add(struct abuf *o, const char *p, size_t n)
{
	if (n > o->cap - o->len) {
		size_t cap = FQ_MAX(o->cap * 2, o->len + n);
		char *q = fn_alloc(o->ctx, cap);
		if (!q)
			return false;
		if (o->len)
			memcpy(q, o->p, o->len);
		o->p = q;
		o->cap = cap;
	}
	if (n)
		memcpy(o->p + o->len, p, n);
	o->len += n;
	return true;
}

/* Append the replacement for the current match (Trino's rules for $ and \). */
static flowq_status append_replacement(struct abuf *o, struct fq_str s, struct fq_str rep,
				       const struct rx_use *u, struct fn_ctx *ctx)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(u->md);
	uint32_t n_regs = capture_count(u->code) + 1;
	size_t i = 0;
	while (i < rep.len) {
		char c = rep.p[i];
		if (c == '$') {
			i++;
			if (i == rep.len)
				return fn_fail(ctx, "Illegal replacement sequence: %.*s",
					       (int)rep.len, rep.p);
			int64_t ref;
			if (rep.p[i] == '{') {
				size_t from = ++i;
				while (i < rep.len && rep.p[i] != '}')
					i++;
				char name[128];
				size_t nl = FQ_MIN(i - from, sizeof name - 1);
				memcpy(name, rep.p + from, nl);
				name[nl] = 0;
				int num = pcre2_substring_number_from_name(u->code,
									   (PCRE2_SPTR)name);
				if (num < 0 || i - from >= sizeof name)
					return fn_fail(ctx, "Illegal replacement sequence: "
							    "unknown group { %s }",
						       name);
				ref = num;
				i++;
			} else {
				ref = rep.p[i] - '0';
				if (ref < 0 || ref > 9)
					return fn_fail(ctx, "Illegal replacement sequence: %.*s",
						       (int)rep.len, rep.p);
				if (ref >= n_regs)
					return fn_fail(ctx, "Illegal replacement sequence: "
							    "unknown group %lld",
						       (long long)ref);
				i++;
				/* take more digits while the group exists */
				while (i < rep.len && rep.p[i] >= '0' && rep.p[i] <= '9') {
					int64_t next = ref * 10 + (rep.p[i] - '0');
					if (next >= n_regs)
						break;
					ref = next;
					i++;
				}
			}
			PCRE2_SIZE b = ov[2 * ref], e = ov[2 * ref + 1];
			if (b != PCRE2_UNSET && !abuf_add(o, s.p + b, e - b))
				return ctx->err ? ctx->err->code : FLOWQ_ERR_NOMEM;
		} else {
			if (c == '\\') {
				i++;
				if (i == rep.len)
					return fn_fail(ctx, "Illegal replacement sequence: %.*s",
						       (int)rep.len, rep.p);
				c = rep.p[i];
			}
			if (!abuf_add(o, &c, 1))
				return ctx->err ? ctx->err->code : FLOWQ_ERR_NOMEM;
			i++;
		}
	}
	return FLOWQ_OK;
}

FN_BIND(regexp_replace)
{
	static const struct fn_sig sigs[] = {
		{T_VARCHAR, 2, {T_VARCHAR, T_VARCHAR}},
		{T_VARCHAR, 3, {T_VARCHAR, T_VARCHAR, T_VARCHAR}},
	};
	if (fn_match(b, err, "regexp_replace", sigs, FQ_ARRAY_LEN(sigs)) < 0)
		return FLOWQ_ERR_SQL_SEMANTIC;
	return rx_bind(b, err);
}

FN_EVAL(regexp_replace)
{
	struct fq_str s = args[0].s;
	struct fq_str rep = n_args == 3 ? args[2].s : str_make("", 0);
	struct rx_use u;
	flowq_status st = rx_acquire(ctx->state, args[1].s, ctx, &u);
	if (st != FLOWQ_OK)
		return st;
	struct abuf o = {NULL, 0, 0, ctx};
	size_t at = 0, last_end = 0;
	bool matched = false;
	int rc;
	while ((rc = rx_search(&u, s, at, ctx)) > 0) {
		matched = true;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(u.md);
		size_t beg = ov[0], end = ov[1];
		at = next_start(s, beg, end);
		if (!abuf_add(&o, s.p + last_end, beg - last_end)) {
			st = ctx->err ? ctx->err->code : FLOWQ_ERR_NOMEM;
			break;
		}
		last_end = end;
		st = append_replacement(&o, s, rep, &u, ctx);
		if (st != FLOWQ_OK)
			break;
	}
	rx_release(&u);
	if (rc < 0)
		return rx_failed(ctx);
	if (st != FLOWQ_OK)
		return st;
	if (!matched) /* the input unchanged */
		return fn_ret_str(out, s.p, s.len);
	if (!abuf_add(&o, s.p + last_end, s.len - last_end))
		return ctx->err ? ctx->err->code : FLOWQ_ERR_NOMEM;
	return fn_ret_str(out, o.p ? o.p : "", o.len);
}
