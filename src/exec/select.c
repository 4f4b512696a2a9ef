/*
 * select.c - run one SELECT block (struct plan_select) to a table.
 *
 * Over flow log files the block runs inside scan_run's threads: each
 * thread owns a scratch arena (reset per batch), and either an aggregation
 * table or a row set.  Row sets carry a hidden sequence column (file index
 * and row number) so that a query without ORDER BY returns rows in input
 * order whatever the threads did.  With ORDER BY ... LIMIT each thread
 * trims its row set to the best offset+limit rows whenever it grows, so
 * memory stays bounded by the limit, not the input; once it holds that
 * many, the last of them is a bound: a row whose sort keys come after it
 * cannot be in the result, and is dropped before its other columns are
 * projected and copied.
 *
 * Files are pruned before they are opened: the partition-only conjuncts of
 * WHERE are evaluated once per file on its path values, and start/end
 * bounds are compared with the 5-minute window in the file's name.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "exec/scan.h"
#include "format/fields.h"
#include "plan.h"
#include "sdist.h"

/* Records in a file stamped W have start and end within [W - before, W + after]
 * (AWS delivers a window's records in the file named for it; aggregation
 * intervals are at most 10 minutes).  Generous on purpose: pruning must never
 * change an answer.  Documented in docs/sql.md. */
#define WINDOW_BEFORE (3600)
#define WINDOW_AFTER (1200)

struct sel_thread {
	struct arena scratch;
	struct agg_table *agg[AGG_MAX_PARTS]; /* by partition of the group keys */
	struct sd_buf *sd;                    /* narrow distinct keys, sorted at the end */
	uint8_t *rest;                        /* rows whose keys sd could not pack */
	struct rtable *rows;
	bool bounded; /* rows holds offset+limit rows: its last is the bound */
	uint8_t *mask, *kept;
	int64_t seq_file, seq_row;
};

struct sel_run {
	struct exec_ctx *x;
	const struct plan_select *p;
	struct sel_thread *th;
	int n_th;
	int n_parts; /* aggregation partitions: one per thread when there are keys */
	bool use_sd; /* distinct keys by sorting (sdist.h) */
	atomic_size_t mem;
	struct arena pred_arena;
	bool with_seq;
	uint64_t trim_at;
	bool use_bound; /* ORDER BY ... LIMIT over rows: drop rows past the bound */
	/* ORDER BY an aggregate ... LIMIT: groups past the first top_k by
	 * aggregate top_a need not be finished (agg_finish_top) */
	int top_a;
	bool top_desc;
	uint64_t top_k;
	pthread_mutex_t lock;
};

static void drop_cols(struct rtable *t, int keep)
{
	for (int c = keep; c < t->n_cols; c++) {
		free(t->cols[c].data);
		free(t->cols[c].nulls);
		t->cols[c].data = NULL;
		t->cols[c].nulls = NULL;
	}
	t->n_cols = keep;
}

static struct rtable *new_rows(const struct plan_select *p, bool with_seq)
{
	int n = p->n_proj + (with_seq ? 1 : 0);
	enum fq_type types[RD_MAX_FIELDS * 2 + 2];
	const char *names[RD_MAX_FIELDS * 2 + 2];
	for (int i = 0; i < p->n_proj; i++) {
		types[i] = p->proj[i]->type;
		names[i] = i < p->n_visible ? p->names[i] : "_sort";
	}
	if (with_seq) {
		types[p->n_proj] = T_BIGINT;
		names[p->n_proj] = "_seq";
	}
	return rt_new(n, names, types);
}

static flowq_status process(struct sel_run *r, struct sel_thread *t, struct batch *b,
			    struct flowq_error *err)
{
	const struct plan_select *p = r->p;
	struct exec_ctx *x = r->x;
	arena_free(&t->scratch);
	arena_init(&t->scratch, 256 * 1024);
	struct eval_ctx ec = {&t->scratch, x->now_ms, err, x->sql};
	const uint8_t *active = NULL;
	if (p->where) {
		flowq_status st = ex_eval_mask(p->where, b, NULL, t->mask, &ec);
		if (st)
			return st;
		active = t->mask;
		bool any = false;
		for (uint32_t i = 0; i < b->n && !any; i++)
			any = t->mask[i];
		if (!any)
			return FLOWQ_OK;
	}
	if (p->aggregate) {
		struct vec keys[64], args[128];
		uint8_t *filt[64] = {0};
		/* a plain column is taken as it is: the aggregation skips the
		 * inactive rows itself, so masking them NULL (a pass over the batch
		 * per column) buys nothing; computed keys and arguments still see
		 * the mask, so filtered-out rows cannot raise errors */
		for (int k = 0; k < p->n_keys; k++) {
			const struct ex *e = p->keys[k];
			flowq_status st = ex_eval(e, b, e->kind == EX_COL ? NULL : active, &keys[k], &ec);
			if (st)
				return st;
		}
		for (int a = 0; a < p->n_aggs; a++) {
			const struct agg_spec *s = &p->aggs[a];
			if (s->arg) {
				flowq_status st = ex_eval(s->arg, b, s->arg->kind == EX_COL ? NULL : active,
							  &args[2 * a], &ec);
				if (st)
					return st;
			}
			if (s->arg2) {
				flowq_status st = ex_eval(s->arg2, b, s->arg2->kind == EX_COL ? NULL : active,
							  &args[2 * a + 1], &ec);
				if (st)
					return st;
			}
			if (s->filter) {
				filt[a] = arena_alloc(&t->scratch, b->n ? b->n : 1);
				if (!filt[a])
					return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
				flowq_status st = ex_eval_mask(s->filter, b, active, filt[a], &ec);
				if (st)
					return st;
			}
		}
		if (t->sd) {
			uint32_t n_rest;
			flowq_status st = sd_add(t->sd, keys, active, b->n, t->rest, &n_rest, err);
			if (st || !n_rest)
				return st;
			active = t->rest;
		}
		return agg_update_parts(t->agg, r->n_parts, keys, args, filt, active, b->n, err);
	}
	/* projection into the thread's row set */
	struct vec cols[RD_MAX_FIELDS * 2 + 2];
	bool done[RD_MAX_FIELDS * 2 + 2] = {false};
	if (r->use_bound && t->bounded) {
		/* the sort keys first: rows that sort after the bound go */
		for (int k = 0; k < p->n_sort; k++) {
			int c = p->sort[k].col;
			if (done[c])
				continue;
			flowq_status st = ex_eval(p->proj[c], b, active, &cols[c], &ec);
			if (st)
				return st;
			done[c] = true;
		}
		/* rows appended since the last trim follow it */
		const struct rtable *rows = t->rows;
		uint32_t bound = (uint32_t)(p->offset + p->limit - 1);
		bool any = false;
		for (uint32_t i = 0; i < b->n; i++) {
			t->kept[i] = (!active || active[i]) &&
				     rt_cmp_keys(p->sort, p->n_sort, cols, i, rows->cols, bound) <= 0;
			any |= t->kept[i];
		}
		if (!any)
			return FLOWQ_OK;
		active = t->kept;
	}
	for (int i = 0; i < p->n_proj; i++) {
		if (done[i])
			continue;
		flowq_status st = ex_eval(p->proj[i], b, active, &cols[i], &ec);
		if (st)
			return st;
	}
	if (r->with_seq) {
		struct vec *s = &cols[p->n_proj];
		if (!vec_alloc(s, T_BIGINT, b->n, &t->scratch))
			return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
		int64_t fi = b->file ? b->file->index : 0;
		if (fi != t->seq_file) {
			t->seq_file = fi;
			t->seq_row = 0;
		}
		for (uint32_t i = 0; i < b->n; i++)
			s->i64[i] = (fi << 32) | (t->seq_row + i);
		t->seq_row += b->n;
	}
	struct batch pb = {0};
	pb.n = b->n;
	pb.cap = b->n;
	pb.cols = cols;
	pb.n_cols = (uint32_t)(p->n_proj + (r->with_seq ? 1 : 0));
	if (!rt_append(t->rows, &pb, active))
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory collecting rows");
	/* each thread's share of --max-memory */
	size_t budget = x->max_memory ? x->max_memory / (size_t)(r->n_th ? r->n_th : 1) : 0;
	bool over = budget && t->rows->bytes > budget;
	uint64_t want = p->limit >= 0 ? (uint64_t)(p->offset + p->limit) : UINT64_MAX;
	if (p->limit >= 0 && (t->rows->n >= r->trim_at || (over && t->rows->n > want))) {
		flowq_status st = rt_sort_limit(t->rows, p->sort, p->n_sort, 0, p->offset + p->limit, err);
		if (st)
			return st;
		/* the cut rows' strings stay in the arena (and their slots in the
		 * columns): copy the kept ones out when they are a small part of
		 * it, or memory is short */
		if (over || t->rows->arena.used_total > (1u << 20)) {
			struct rtable *c = rt_compact(t->rows);
			if (!c)
				return err_set(err, FLOWQ_ERR_NOMEM, "out of memory collecting rows");
			t->rows = c;
		}
		t->bounded = t->rows->n > 0 && (uint64_t)t->rows->n == want;
	}
	if (budget && t->rows->bytes > budget)
		return err_set(err, FLOWQ_ERR_MEMORY,
			       "memory limit exceeded collecting result rows: %u rows, %.0f MB "
			       "(--max-memory %.0f MB); %s",
			       t->rows->n, (double)t->rows->bytes / 1048576.0,
			       (double)x->max_memory / 1048576.0,
			       p->limit >= 0 ? "lower the LIMIT or OFFSET, or raise --max-memory"
					     : "add a LIMIT or an aggregation");
	return FLOWQ_OK;
}

static flowq_status consume(void *ctx, int tid, struct batch *b, struct flowq_error *err)
{
	struct sel_run *r = ctx;
	return process(r, &r->th[tid], b, err);
}

/* Partition j of the aggregation: every thread's groups of it folded into
 * thread 0's table (each freed once merged), then made a table. */
struct part_job {
	struct sel_run *r;
	struct rtable *out;
	flowq_status st;
	struct flowq_error err;
};

static void merge_part(void *ctx, int j, int n_parts)
{
	struct part_job *job = &((struct part_job *)ctx)[j];
	struct sel_run *r = job->r;
	(void)n_parts;
	err_clear(&job->err);
	for (int i = 1; i < r->n_th && !job->st; i++) {
		job->st = agg_merge(r->th[0].agg[j], r->th[i].agg[j], &job->err);
		agg_free(r->th[i].agg[j]);
		r->th[i].agg[j] = NULL;
	}
	if (!job->st && r->top_a >= 0)
		agg_finish_top(r->th[0].agg[j], r->top_a, r->top_desc, r->top_k);
	if (!job->st)
		job->st = agg_finish(r->th[0].agg[j], &job->out, &job->err);
	agg_free(r->th[0].agg[j]);
	r->th[0].agg[j] = NULL;
}

/* All partitions merged and finished (on a thread each), then stacked into
 * one table. */
static flowq_status merge_parts(struct sel_run *r, struct rtable **out, struct flowq_error *err)
{
	struct part_job jobs[AGG_MAX_PARTS];
	memset(jobs, 0, sizeof jobs);
	for (int j = 0; j < r->n_parts; j++)
		jobs[j].r = r;
	fq_par_for(r->n_parts, merge_part, jobs);
	flowq_status st = FLOWQ_OK;
	for (int j = 0; j < r->n_parts; j++)
		if (jobs[j].st && !st) {
			st = jobs[j].st;
			*err = jobs[j].err;
		}
	struct rtable *res = st ? NULL : jobs[0].out;
	for (int j = st ? 0 : 1; j < r->n_parts; j++) {
		if (!st && !rt_concat(res, jobs[j].out))
			st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory merging groups");
		if (st)
			rt_free(jobs[j].out);
	}
	if (st) {
		rt_free(res);
		return st;
	}
	*out = res;
	return FLOWQ_OK;
}

int exec_top_aggregate(const struct plan_select *p, bool *desc, uint64_t *k)
{
	if (!p->aggregate || p->having || p->distinct || p->limit <= 0 || p->n_sort < 1)
		return -1; /* (LIMIT 0 needs no groups at all) */
	const struct ex *e = p->proj[p->sort[0].col];
	if (e->kind != EX_COL || e->u.col < p->n_keys || e->u.col >= p->n_keys + p->n_aggs)
		return -1;
	*desc = p->sort[0].desc;
	*k = p->offset > INT64_MAX - p->limit ? UINT64_MAX : (uint64_t)(p->offset + p->limit);
	return e->u.col - p->n_keys;
}

bool exec_keep_file(const struct exec_ctx *x, const struct plan_select *p, const struct src_file *f)
{
	if (x->time_pruning && f->window_end) {
		int64_t lo = f->window_end - WINDOW_BEFORE, hi = f->window_end + WINDOW_AFTER;
		if (p->start_lo > hi || p->start_hi < lo || p->end_lo > hi || p->end_hi < lo)
			return false;
	}
	if (!p->file_pred)
		return true;
	/* one row holding this file's partition values (the predicate reads
	 * nothing else) */
	struct vec cols[RD_MAX_FIELDS + PART_COUNT + 8];
	struct fq_str vals[RD_MAX_FIELDS + PART_COUNT + 8];
	uint8_t nulls[RD_MAX_FIELDS + PART_COUNT + 8];
	memset(cols, 0, sizeof cols);
	for (int i = 0; i < p->n_scan; i++) {
		int col = p->scan[i];
		const char *z = col >= COL_DT ? src_part_value(f, col) : "";
		vals[i] = str_c(z);
		nulls[i] = *z == 0;
		cols[i].type = T_VARCHAR;
		cols[i].cap = 1;
		cols[i].s = &vals[i];
		cols[i].nulls = &nulls[i];
	}
	struct batch b = {0};
	b.n = 1;
	b.cap = 1;
	b.cols = cols;
	b.n_cols = (uint32_t)p->n_scan;
	struct arena a;
	arena_init(&a, 4096);
	struct flowq_error e;
	struct eval_ctx ec = {&a, x->now_ms, &e, NULL};
	uint8_t m = 0;
	flowq_status st = ex_eval_mask(p->file_pred, &b, NULL, &m, &ec);
	arena_free(&a);
	return st != FLOWQ_OK || m; /* on an error, read the file: the row filter decides */
}

static bool keep_file(void *ctx, const struct src_file *f)
{
	struct sel_run *r = ctx;
	pthread_mutex_lock(&r->lock);
	bool keep = exec_keep_file(r->x, r->p, f);
	pthread_mutex_unlock(&r->lock);
	return keep;
}

/* The first count(DISTINCT x) of p, or -1. */
static int split_first(const struct plan_select *p)
{
	for (int a = 0; a < p->n_aggs; a++)
		if (p->aggs[a].distinct)
			return a;
	return -1;
}

/* An aggregate the second grouping can make from the first's per (keys, x):
 * counts (summed), sums, min and max (of themselves). */
static bool split_combines(const struct agg_spec *s)
{
	switch (s->kind) {
	case AGG_COUNT_STAR:
	case AGG_COUNT:
	case AGG_COUNT_IF:
	case AGG_MIN:
	case AGG_MAX: return true;
	case AGG_SUM: return s->type == T_BIGINT;
	default: return false;
	}
}

bool exec_splits_distinct(const struct plan_select *p)
{
	if (!p->aggregate || p->n_aggs < 1 || p->n_keys < 1 || p->n_keys >= 63 ||
	    p->n_aggs > 60)
		return false;
	int f = split_first(p);
	if (f < 0)
		return false;
	const struct ex *x0 = p->aggs[f].arg;
	for (int a = 0; a < p->n_aggs; a++) {
		const struct agg_spec *s = &p->aggs[a];
		if (!s->distinct) {
			if (!split_combines(s))
				return false;
			continue;
		}
		if (s->kind != AGG_COUNT || s->filter || !s->arg)
			return false;
		/* several: the same column (count(DISTINCT x) in SELECT and HAVING) */
		if (a > f && !(x0->kind == EX_COL && s->arg->kind == EX_COL &&
			       s->arg->u.col == x0->u.col && s->arg->type == x0->type))
			return false;
	}
	return !fq_switch_off("FLOWQ_NO_DISTINCT_SPLIT");
}

/*
 * count(DISTINCT x) ... GROUP BY k as two groupings: the distinct (k, x)
 * pairs first (over the files, on every thread, by the fast paths for
 * narrow keys), with the block's other aggregates per pair, then per k
 * count(x) over those pairs (NULL x counts nothing, as in count(DISTINCT
 * x)), the pairs' counts summed and their sums, min and max combined.  The
 * second block is the first with its source swapped, so HAVING, the
 * projection, the order and the limit stay as they were; the first needs
 * no order.  This replaces a set of values kept per group.
 */
static flowq_status split_distinct(struct exec_ctx *x, const struct plan_select *p,
				   struct rtable **out, struct flowq_error *err)
{
	struct arena ar;
	arena_init(&ar, 4096);
	int nk = p->n_keys, na = p->n_aggs;
	const struct ex *xarg = p->aggs[split_first(p)].arg;
	struct plan_select in = *p, on = *p;
	struct rtable *pairs = NULL;
	flowq_status st = FLOWQ_OK;
	/* the first block's columns, which are the second's input: the keys,
	 * x, then its aggregates (the block's own but the distinct counts);
	 * col[c] reads column c in either */
	struct ex **col = arena_alloc(&ar, (size_t)(nk + 1 + na) * sizeof *col);
	in.keys = arena_alloc(&ar, (size_t)(nk + 1) * sizeof *in.keys);
	in.aggs = arena_alloc(&ar, (size_t)na * sizeof *in.aggs);
	in.names = arena_alloc(&ar, (size_t)(nk + 1 + na) * sizeof *in.names);
	on.aggs = arena_alloc(&ar, (size_t)na * sizeof *on.aggs);
	if (!col || !in.keys || !in.aggs || !in.names || !on.aggs)
		goto nomem;
	for (int c = 0; c <= nk; c++) {
		in.keys[c] = c < nk ? p->keys[c] : (struct ex *)xarg;
		if (!(col[c] = ex_new(&ar, EX_COL, in.keys[c]->type, 0)))
			goto nomem;
		col[c]->u.col = c;
		in.names[c] = "_key";
	}
	int ni = 0; /* the first block's aggregates */
	for (int a = 0; a < na; a++) {
		const struct agg_spec *s = &p->aggs[a];
		on.aggs[a] = *s;
		on.aggs[a].filter = NULL;
		on.aggs[a].distinct = false;
		on.aggs[a].arg2 = NULL;
		if (s->distinct) {
			on.aggs[a].arg = col[nk];
			continue;
		}
		/* per pair in the first block, combined in the second */
		int c = nk + 1 + ni;
		if (!(col[c] = ex_new(&ar, EX_COL, s->type, 0)))
			goto nomem;
		col[c]->u.col = c;
		in.names[c] = "_agg";
		in.aggs[ni++] = *s;
		on.aggs[a].arg = col[c];
		if (s->kind == AGG_COUNT_STAR || s->kind == AGG_COUNT || s->kind == AGG_COUNT_IF)
			on.aggs[a].kind = AGG_SUM; /* (every pair has a count: never NULL) */
	}
	in.n_keys = nk + 1;
	in.n_aggs = ni;
	in.having = NULL;
	in.proj = col;
	in.n_proj = in.n_visible = nk + 1 + ni;
	in.distinct = false;
	in.n_sort = 0;
	in.sort = NULL;
	in.limit = -1;
	in.offset = 0;
	in.unordered = true;
	st = exec_select(x, &in, &pairs, err);
	if (st)
		goto done;
	on.src = SRC_TABLE;
	on.table = pairs;
	on.n_scan = 0;
	on.file_pred = NULL;
	on.where = NULL;
	memset(&on.prefilter, 0, sizeof on.prefilter);
	on.keys = col;
	st = exec_select(x, &on, out, err);
	goto done;
nomem:
	st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
done:
	rt_free(pairs);
	arena_free(&ar);
	return st;
}

flowq_status exec_select(struct exec_ctx *x, const struct plan_select *p, struct rtable **out,
			 struct flowq_error *err)
{
	if (exec_splits_distinct(p))
		return split_distinct(x, p, out, err);
	struct sel_run r;
	memset(&r, 0, sizeof r);
	r.x = x;
	r.p = p;
	pthread_mutex_init(&r.lock, NULL);
	r.with_seq = !p->aggregate && p->src == SRC_FILES;
	r.trim_at = p->limit >= 0 ? (uint64_t)(p->offset + p->limit) * 4 + 8192 : UINT64_MAX;
	/* rows past the bound are dropped unprojected only when projecting
	 * them could not have failed (columns, constants) */
	r.use_bound = !p->aggregate && !p->distinct && p->limit > 0 && p->n_sort > 0 &&
		      !fq_switch_off("FLOWQ_NO_TOPN_BOUND");
	for (int i = 0; r.use_bound && i < p->n_proj; i++) {
		bool key = false;
		for (int k = 0; k < p->n_sort; k++)
			key |= p->sort[k].col == i;
		r.use_bound = key || p->proj[i]->kind == EX_COL || ex_is_const(p->proj[i]);
	}
	r.n_th = p->src == SRC_FILES ? (x->threads > 0 ? x->threads : 1) : 1;
	r.n_parts = p->aggregate && p->n_keys > 0 ? FQ_MIN(r.n_th, AGG_PARTS_USED) : 1;
	r.use_sd = sd_eligible(p);
	r.top_a = exec_top_aggregate(p, &r.top_desc, &r.top_k);
	/* res holds the groups in key order: rows [0, sorted_run) sorted, the
	 * rest (hashed groups) not */
	bool presorted = false;
	uint32_t sorted_run = 0;
	flowq_status st = FLOWQ_OK;
	struct rtable *res = NULL, *aggt = NULL;
	r.th = calloc((size_t)r.n_th, sizeof *r.th);
	if (!r.th)
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
	for (int i = 0; i < r.n_th; i++) {
		struct sel_thread *t = &r.th[i];
		arena_init(&t->scratch, 256 * 1024);
		t->mask = malloc(RD_BATCH);
		t->kept = r.use_bound ? malloc(RD_BATCH) : NULL;
		t->seq_file = -1;
		bool ok = true;
		if (p->aggregate) {
			for (int j = 0; j < r.n_parts; j++)
				ok = ok && (t->agg[j] = agg_new(p, &r.mem, x->max_memory)) != NULL;
			if (r.use_sd)
				ok = ok && (t->sd = sd_new(p, &r.mem, x->max_memory)) != NULL &&
				     (t->rest = malloc(RD_BATCH)) != NULL;
		} else {
			ok = (t->rows = new_rows(p, r.with_seq)) != NULL;
		}
		if (!t->mask || (r.use_bound && !t->kept) || !ok) {
			st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
			goto done;
		}
	}
	double t0 = fq_now();
	if (p->src == SRC_FILES) {
		x->scanned = true;
		struct scan_opts so = {0};
		so.threads = r.n_th;
		so.rd = x->rd;
		if (p->prefilter.n)
			so.rd.prefilter = &p->prefilter;
		so.cols = p->scan;
		so.n_cols = p->n_scan;
		so.keep_file = keep_file;
		so.keep_ctx = &r;
		so.consume = consume;
		so.consume_ctx = &r;
		so.progress = x->progress;
		so.progress_ctx = x->progress_ctx;
		struct scan_result sr;
		st = scan_run(x->files, &so, &sr, err);
		rd_stats_add(&x->stats, &sr.stats);
		x->files_total += sr.files_total;
		x->files_pruned += sr.files_pruned;
		x->files_read += sr.files_total - sr.files_pruned;
		if (st)
			goto done;
	} else {
		/* a table or one empty row, in chunks */
		struct vec vcols[RD_MAX_FIELDS * 2];
		if (p->src == SRC_ONE_ROW) {
			struct batch b = {0};
			b.n = 1;
			b.cap = 1;
			b.cols = vcols;
			st = process(&r, &r.th[0], &b, err);
		} else {
			for (uint32_t off = 0; off < p->table->n && !st; off += RD_BATCH) {
				struct batch b;
				uint32_t n = FQ_MIN((uint32_t)RD_BATCH, p->table->n - off);
				rt_view(p->table, off, n, &b, vcols);
				st = process(&r, &r.th[0], &b, err);
			}
		}
		if (st)
			goto done;
	}
	x->t_scan += fq_now() - t0;
	t0 = fq_now();

	if (p->aggregate) {
		double tm = fq_now();
		st = merge_parts(&r, &aggt, err);
		if (!st && r.use_sd) {
			struct sd_buf **bufs = calloc((size_t)r.n_th, sizeof *bufs);
			struct rtable *sdt = NULL;
			if (!bufs) {
				st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
			} else {
				for (int i = 0; i < r.n_th; i++)
					bufs[i] = r.th[i].sd;
				st = sd_finish(bufs, r.n_th, x->threads, &sdt, err);
				free(bufs);
			}
			if (!st) {
				/* the packed keys' groups, in key order, then the hashed ones */
				sorted_run = sdt->n;
				presorted = true;
				if (!rt_concat(sdt, aggt)) {
					rt_free(sdt);
					st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory merging groups");
				} else {
					aggt = sdt;
				}
			}
		}
		x->t_merge += fq_now() - tm;
		if (st)
			goto done;
		/* the common case: the output is the groups' columns, each once, in
		 * some order: take the aggregate table as it is */
		bool plain = !p->having && p->n_proj <= aggt->n_cols;
		bool seen[256] = {0};
		for (int i = 0; plain && i < p->n_proj; i++) {
			const struct ex *e = p->proj[i];
			plain = e->kind == EX_COL && e->u.col < 256 && !seen[e->u.col] &&
				e->type == aggt->types[e->u.col];
			if (plain)
				seen[e->u.col] = true;
		}
		/* presorted groups stay so when the output is the keys in order */
		presorted = presorted && plain && p->n_proj == p->n_keys && p->n_visible == p->n_proj;
		for (int i = 0; presorted && i < p->n_proj; i++)
			presorted = p->proj[i]->u.col == i;
		if (plain) {
			struct vec *nc = calloc((size_t)aggt->n_cols + 1, sizeof *nc);
			if (!nc) {
				st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
				goto done;
			}
			int k = 0;
			for (int i = 0; i < p->n_proj; i++)
				nc[k++] = aggt->cols[p->proj[i]->u.col];
			for (int c = 0; c < aggt->n_cols; c++)
				if (!seen[c])
					nc[k++] = aggt->cols[c]; /* unused: freed with the table */
			free(aggt->cols);
			aggt->cols = nc;
			for (int i = 0; i < p->n_proj; i++) {
				aggt->types[i] = nc[i].type;
				aggt->names[i] = arena_strdup(&aggt->arena, i < p->n_visible ? p->names[i] : "_sort");
			}
			res = aggt;
			aggt = NULL;
			goto projected;
		}
		res = new_rows(p, false);
		if (!res) {
			st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
			goto done;
		}
		struct vec vcols[256], pcols[RD_MAX_FIELDS * 2];
		struct arena scratch;
		arena_init(&scratch, 256 * 1024);
		uint8_t *mask = malloc(RD_BATCH);
		for (uint32_t off = 0; off < aggt->n && !st; off += RD_BATCH) {
			struct batch b;
			uint32_t n = FQ_MIN((uint32_t)RD_BATCH, aggt->n - off);
			rt_view(aggt, off, n, &b, vcols);
			arena_free(&scratch);
			arena_init(&scratch, 256 * 1024);
			struct eval_ctx ec = {&scratch, x->now_ms, err, x->sql};
			const uint8_t *active = NULL;
			if (p->having) {
				st = ex_eval_mask(p->having, &b, NULL, mask, &ec);
				if (st)
					break;
				active = mask;
			}
			for (int i = 0; i < p->n_proj && !st; i++)
				st = ex_eval(p->proj[i], &b, active, &pcols[i], &ec);
			if (st)
				break;
			struct batch pb = {0};
			pb.n = n;
			pb.cap = n;
			pb.cols = pcols;
			pb.n_cols = (uint32_t)p->n_proj;
			if (!rt_append(res, &pb, active))
				st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
		}
		free(mask);
		arena_free(&scratch);
		if (st)
			goto done;
	} else {
		res = r.th[0].rows;
		r.th[0].rows = NULL;
		for (int i = 1; i < r.n_th; i++) {
			struct rtable *o = r.th[i].rows;
			struct vec vcols[RD_MAX_FIELDS * 2 + 2];
			for (uint32_t off = 0; off < o->n; off += RD_BATCH) {
				struct batch b;
				uint32_t n = FQ_MIN((uint32_t)RD_BATCH, o->n - off);
				rt_view(o, off, n, &b, vcols);
				if (!rt_append(res, &b, NULL)) {
					st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
					goto done;
				}
			}
			rt_free(o);
			r.th[i].rows = NULL;
		}
	}
projected:
	if (p->distinct) {
		/* dedupe on all projected columns: group by them */
		struct plan_select dp;
		memset(&dp, 0, sizeof dp);
		dp.n_keys = p->n_proj;
		struct ex *keys[RD_MAX_FIELDS * 2];
		for (int i = 0; i < p->n_proj; i++) {
			keys[i] = ex_new(&r.pred_arena, EX_COL, p->proj[i]->type, 0);
			if (!keys[i]) {
				st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
				goto done;
			}
			keys[i]->u.col = i;
		}
		dp.keys = keys;
		struct agg_table *dt = agg_new(&dp, &r.mem, x->max_memory);
		struct vec vcols[RD_MAX_FIELDS * 2];
		for (uint32_t off = 0; dt && off < res->n && !st; off += RD_BATCH) {
			struct batch b;
			uint32_t n = FQ_MIN((uint32_t)RD_BATCH, res->n - off);
			rt_view(res, off, n, &b, vcols);
			st = agg_update(dt, vcols, NULL, NULL, NULL, n, err);
		}
		struct rtable *dres = NULL;
		if (!dt)
			st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
		else if (!st)
			st = agg_finish(dt, &dres, err);
		agg_free(dt);
		if (st)
			goto done;
		for (int i = 0; i < p->n_proj; i++)
			dres->names[i] = arena_strdup(&dres->arena, res->names[i]);
		rt_free(res);
		res = dres;
	}
	if (p->n_sort || p->limit >= 0 || p->offset > 0 || r.with_seq || p->aggregate || p->distinct) {
		struct sort_key keys[RD_MAX_FIELDS * 2 + 1];
		int nk = p->n_sort;
		if (nk)
			memcpy(keys, p->sort, (size_t)nk * sizeof *keys);
		if (nk == 0 && r.with_seq) {
			keys[0].col = p->n_proj;
			keys[0].desc = false;
			keys[0].nulls_first = false;
			nk = 1;
		} else if (nk == 0 && (p->aggregate || p->distinct) && !p->unordered) {
			/* groups come out of hash tables: give them a stable order */
			for (int i = 0; i < p->n_visible; i++) {
				keys[i].col = i;
				keys[i].desc = false;
				keys[i].nulls_first = false;
			}
			nk = p->n_visible;
		}
		/* groups in key order need no sort when the order asked for is a
		 * prefix of the keys, ascending with NULLs last: the ties then go by
		 * the remaining columns in order, as the sort would break them */
		bool sorted = presorted && !p->distinct;
		for (int i = 0; sorted && i < nk; i++)
			sorted = keys[i].col == i && !keys[i].desc && !keys[i].nulls_first;
		double ts = fq_now();
		if (sorted && sorted_run < res->n)
			st = rt_merge_tail(res, sorted_run, keys, nk, p->offset, p->limit, x->threads, err);
		else
			st = rt_sort_limit_mt(res, keys, sorted ? 0 : nk, p->offset, p->limit, x->threads,
					      err);
		x->t_sort += fq_now() - ts;
		if (st)
			goto done;
	}
	drop_cols(res, p->n_visible);
	x->t_final += fq_now() - t0;
	*out = res;
	res = NULL;
done:
	for (int i = 0; i < r.n_th; i++) {
		arena_free(&r.th[i].scratch);
		for (int j = 0; j < AGG_MAX_PARTS; j++)
			agg_free(r.th[i].agg[j]);
		rt_free(r.th[i].rows);
		free(r.th[i].mask);
		free(r.th[i].kept);
		sd_free(r.th[i].sd);
		free(r.th[i].rest);
	}
	free(r.th);
	rt_free(res);
	rt_free(aggt);
	arena_free(&r.pred_arena);
	pthread_mutex_destroy(&r.lock);
	return st;
}
