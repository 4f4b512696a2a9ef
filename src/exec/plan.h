/*
 * plan.h - what the binder hands the executor, and the executor's result.
 *
 * A query is run block by block.  A block (struct plan_select) reads one
 * source - the flow log files, a materialized table (a CTE, a subquery in
 * FROM, a UNION's parts) or nothing (SELECT without FROM) - and produces a
 * materialized table (struct rtable).  Over the files the block runs on all
 * threads: filter, then either hash aggregation (per-thread tables merged
 * at the end) or projection into per-thread row sets (with a per-thread
 * top-N when ORDER BY ... LIMIT allows it).  The rest (HAVING, the final
 * projection, DISTINCT, ORDER BY, OFFSET/LIMIT) runs on the merged result.
 */
#ifndef FQ_PLAN_H
#define FQ_PLAN_H

#include "base/types.h"
#include "exec/expr.h"
#include "format/reader.h"
#include "io/files.h"

/* A materialized table: column vectors that grow, strings in its arena. */
struct rtable {
	int n_cols;
	char **names;
	enum fq_type *types;
	struct vec *cols;
	uint32_t n, cap;
	struct arena arena;
	size_t bytes; /* memory held, for --max-memory */
};

struct rtable *rt_new(int n_cols, const char *const *names, const enum fq_type *types);
void rt_free(struct rtable *t);
/* Append the active rows of batch b (columns 0..n_cols-1), copying strings.
 * false when out of memory. */
bool rt_append(struct rtable *t, const struct batch *b, const uint8_t *active);
/* Room for n rows in all (a known result size: no doubling past it). */
bool rt_reserve(struct rtable *t, uint32_t n);
/* Append src's rows to dst (same columns) and free src; its strings stay
 * where they are, their memory now dst's.  False (src untouched) when out
 * of memory. */
bool rt_concat(struct rtable *dst, struct rtable *src);
/* t's rows in a new table whose arena holds only their strings (rows cut by
 * a sort leave theirs behind); t is freed.  NULL when out of memory (t is
 * then untouched). */
struct rtable *rt_compact(struct rtable *t);
/* A batch view of rows [off, off+n) (no copy). */
void rt_view(const struct rtable *t, uint32_t off, uint32_t n, struct batch *b, struct vec *cols);

enum agg_kind {
	AGG_COUNT_STAR,
	AGG_COUNT,
	AGG_COUNT_IF,
	AGG_SUM,
	AGG_AVG,
	AGG_MIN,
	AGG_MAX,
	AGG_ARBITRARY,
	AGG_MAX_BY,
	AGG_MIN_BY,
	AGG_APPROX_DISTINCT,
	AGG_APPROX_PERCENTILE,
	AGG_BOOL_AND,
	AGG_BOOL_OR,
	AGG_STDDEV,     /* stddev / stddev_samp */
	AGG_STDDEV_POP,
	AGG_VARIANCE,   /* variance / var_samp */
	AGG_VAR_POP,
	AGG_KIND_COUNT
};

struct agg_spec {
	enum agg_kind kind;
	bool distinct;
	struct ex *arg;    /* NULL for count(*) */
	struct ex *arg2;   /* max_by/min_by: the ordering value */
	double pct;        /* approx_percentile */
	struct ex *filter; /* FILTER (WHERE ...), NULL when absent */
	enum fq_type type; /* result type */
};

/* Select items plus hidden ORDER BY columns of one block, at most (the
 * executor's per-column arrays are sized for this plus a sequence column). */
#define PLAN_MAX_COLS (RD_MAX_FIELDS * 2)

struct sort_key {
	int col;          /* column of the projected table */
	bool desc;
	bool nulls_first;
};

enum src_kind { SRC_FILES, SRC_TABLE, SRC_ONE_ROW };

struct plan_select {
	enum src_kind src;
	struct rtable *table;      /* SRC_TABLE */
	int n_scan;                /* SRC_FILES: table column ids read, batch column i = scan[i] */
	int scan[RD_MAX_FIELDS + PART_COUNT + 8];
	struct ex *file_pred;      /* partition-only conjuncts, evaluated once per file */
	int64_t start_lo, start_hi, end_lo, end_hi; /* time pruning bounds (INT64_MIN/MAX: none) */
	struct ex *where;          /* row filter (NULL: none) */
	struct rd_prefilter prefilter; /* from the row filter (n 0: none) */

	bool aggregate;
	int n_keys;
	struct ex **keys;          /* over the source batch */
	int n_aggs;
	struct agg_spec *aggs;
	struct ex *having;         /* over the aggregate batch (keys, then aggs) */

	int n_proj;                /* visible columns first, then hidden sort columns */
	struct ex **proj;          /* over the source batch, or the aggregate batch */
	int n_visible;
	char **names;
	bool distinct;             /* after projection (SELECT DISTINCT with aggregates) */
	bool unordered;            /* the rows feed a grouping: no order needed without ORDER BY */

	int n_sort;
	struct sort_key *sort;
	int64_t limit;             /* -1: none */
	int64_t offset;
};

/* Settings and counters of one query run. */
struct exec_ctx {
	int threads;
	size_t max_memory;
	int64_t now_ms;
	const char *sql;
	struct rd_config rd;             /* for SRC_FILES */
	const struct src_list *files;
	void (*progress)(void *ctx, int done, int total, uint64_t bytes);
	void *progress_ctx;
	bool time_pruning;
	/* counters for --stats */
	struct rd_stats stats;
	int files_total, files_pruned, files_read;
	bool scanned; /* some block read the flow log table */
	/* seconds: scanning, merging per-thread groups, the rest of the blocks'
	 * work after the scan (merge included), of which sorting */
	double t_scan, t_merge, t_final, t_sort;
	size_t mem_peak;
};

/* Whether exec_select runs the block's aggregation as two groupings: its
 * aggregates are count(DISTINCT x) of one x and, beside them, counts,
 * sums, min and max; first by (keys, x) with those, then count(x) and the
 * combined counts, sums, min and max by keys.  FLOWQ_NO_DISTINCT_SPLIT=1
 * keeps a set of values per group instead. */
bool exec_splits_distinct(const struct plan_select *p);
/* Run one block; *out is a new table (caller frees) with n_visible columns. */
flowq_status exec_select(struct exec_ctx *x, const struct plan_select *p, struct rtable **out,
			 struct flowq_error *err);

/* The aggregate the first ORDER BY key is, when the block's result is cut
 * by a LIMIT right after its sort (no HAVING, no DISTINCT): its index, with
 * the direction and the rows kept (offset + limit); else -1.  Each
 * partition then finishes only the groups that can be among those rows
 * (agg_finish_top). */
int exec_top_aggregate(const struct plan_select *p, bool *desc, uint64_t *k);

/* Would a block over the files read f?  False when its partition values fail
 * the block's per-file predicate or its window misses the start/end bounds. */
bool exec_keep_file(const struct exec_ctx *x, const struct plan_select *p, const struct src_file *f);

/* Row a of columns ca against row b of columns cb by the sort keys alone
 * (columns indexed by sort_key.col; NULL and untyped cells as NULLs):
 * below 0 when a comes first, 0 on a tie. */
int rt_cmp_keys(const struct sort_key *keys, int n_keys, const struct vec *ca, uint32_t a,
		const struct vec *cb, uint32_t b);
/* Sort the rows of t by keys (then by every column, for determinism), keep
 * rows [offset, offset+limit).  limit -1: all. */
flowq_status rt_sort_limit(struct rtable *t, const struct sort_key *keys, int n_keys,
			   int64_t offset, int64_t limit, struct flowq_error *err);
/* The same with the big parts (keys, buckets, column gathers) on up to
 * `threads` threads. */
flowq_status rt_sort_limit_mt(struct rtable *t, const struct sort_key *keys, int n_keys,
			      int64_t offset, int64_t limit, int threads, struct flowq_error *err);
/* The same when rows [0, run) are in order already: the rest are sorted
 * and merged in (each placed by binary search), then the cut is made. */
flowq_status rt_merge_tail(struct rtable *t, uint32_t run, const struct sort_key *keys, int n_keys,
			   int64_t offset, int64_t limit, int threads, struct flowq_error *err);

#endif
