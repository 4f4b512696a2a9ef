/*
 * agg.h - hash aggregation (GROUP BY, DISTINCT) with per-thread tables
 * that merge at the end.
 *
 * A group's key is the row's key columns serialized into bytes (a null
 * flag per column, fixed-width numbers, length-prefixed strings); the table
 * is open addressing over (hash, key pointer) entries, and each group's
 * aggregate states sit right after its key bytes in the table's arena.
 * Memory is counted into a counter shared by all threads and checked
 * against --max-memory, so a query with too many groups ends with a clear
 * error instead of swapping.
 */
#ifndef FQ_AGG_H
#define FQ_AGG_H

#include <stdatomic.h>

#include "exec/plan.h"

struct agg_table;

struct agg_table *agg_new(const struct plan_select *p, atomic_size_t *mem, size_t max_mem);
void agg_free(struct agg_table *t);

/*
 * Add the active rows: keys[0..n_keys) are the evaluated key columns,
 * args[2*i] / args[2*i+1] the evaluated argument(s) of aggregate i (unused
 * ones may be anything), filt[i] the FILTER mask of aggregate i or NULL.
 * FLOWQ_ERR_MEMORY when the memory bound is hit, FLOWQ_ERR_RUNTIME on
 * bigint overflow in sum().
 */
flowq_status agg_update(struct agg_table *t, const struct vec *keys, const struct vec *args,
			uint8_t *const *filt, const uint8_t *active, uint32_t n,
			struct flowq_error *err);
/*
 * The same over a table split in n_parts partitions by the keys' hash
 * (agg_part_of): each group lives in ts[agg_part_of(hash, n_parts)], so
 * partition j of every thread merges and finishes on its own, in parallel.
 * At most AGG_MAX_PARTS.
 */
#define AGG_MAX_PARTS 64
/* what queries use: one partition per thread up to 16 (each thread keeps that
 * many tables, so more would cost memory on big machines for little gain) */
#define AGG_PARTS_USED 16
flowq_status agg_update_parts(struct agg_table *const *ts, int n_parts, const struct vec *keys,
			      const struct vec *args, uint8_t *const *filt, const uint8_t *active,
			      uint32_t n, struct flowq_error *err);
unsigned agg_part_of(uint64_t hash, int n_parts);
/* A structure that holds `*counted` bytes of the query's memory total *mem
 * now holds `now`: the total moves by the difference (atomically, threads
 * share it) and is returned.  The aggregation's tables and the distinct
 * path's key arrays count through it; now 0 gives all back. */
size_t agg_mem_count(atomic_size_t *mem, size_t *counted, size_t now);
/* Fold `from` into `into` (from is left empty but must still be freed). */
flowq_status agg_merge(struct agg_table *into, struct agg_table *from, struct flowq_error *err);
/* The groups as a table: key columns then aggregate results. With no keys
 * and no rows, one row of empty aggregates (count 0, sum NULL), as SQL says. */
flowq_status agg_finish(struct agg_table *t, struct rtable **out, struct flowq_error *err);
/* Before agg_finish, for ORDER BY aggregate a [DESC] LIMIT (k = offset +
 * limit): groups that cannot be among the first k by a's value are left
 * out (each partition holds distinct groups, so the first k overall
 * are among each partition's first k).  Ties at the bound and NULLs stay,
 * so the sort that follows gives the same rows. */
void agg_finish_top(struct agg_table *t, int a, bool desc, uint64_t k);
uint64_t agg_groups(const struct agg_table *t);
/* Group key k is an address column of the files: text that the reader
 * packs as IPv4 (vec.v4) for most rows. */
bool agg_key_is_address(const struct plan_select *p, int k);
/* Groups whose keys pack into 64 bits (one or two columns, integers within
 * 32 bits or IPv4 addresses, no NULL) take a table of [key][states] slots,
 * one slot a probe (one cache line, or two when a slot straddles); the others are hashed by their serialized keys.
 * Only for counts and sums; FLOWQ_NO_PACKED_AGG=1 turns it off. */
bool agg_packs_keys(const struct plan_select *p);

#endif
