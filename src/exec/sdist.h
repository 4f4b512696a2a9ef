/*
 * sdist.h - GROUP BY without aggregates (SELECT DISTINCT) over narrow keys,
 * by sorting packed keys instead of hashing them.
 *
 * Up to three key columns, each an integer within 32 bits or a string that
 * is a canonical dotted quad, pack into one 128-bit number per row that
 * sorts the way the result is ordered: column by column, NULLs last,
 * integers by value, addresses as their text sorts.  Each thread appends its
 * rows' numbers to its own array; at the end the arrays are radix sorted
 * and deduplicated on their threads, merged, and decoded into a table of
 * groups already in key order (so an ORDER BY on a prefix of the keys
 * costs nothing more).  Rows whose keys do not pack (an IPv6 address, other
 * text, a NULL-free integer past 32 bits) are left to the hash aggregation,
 * whose groups then join the table (and the sort runs as usual).
 */
#ifndef FQ_SDIST_H
#define FQ_SDIST_H

#include "plan.h"

#include <stdatomic.h>

#define SD_MAX_KEYS 3

/* Whether p's aggregation can take this path: no aggregates, 1..3 keys,
 * each an integer or an address column of the files.  FLOWQ_NO_SDIST=1
 * turns the path off (to compare). */
bool sd_eligible(const struct plan_select *p);

struct sd_buf;

/* A thread's key array; mem/max_mem account its bytes with the query's. */
struct sd_buf *sd_new(const struct plan_select *p, atomic_size_t *mem, size_t max_mem);
void sd_free(struct sd_buf *b);

/*
 * Pack the keys of the active rows of a batch of n rows.  rest[i] is set to
 * 1 for an active row whose keys do not pack (the caller hashes those) and
 * to 0 otherwise; *n_rest counts them.  (A key packs or not by its value
 * alone, so each group lives on one side.)
 */
flowq_status sd_add(struct sd_buf *b, const struct vec *keys, const uint8_t *active, uint32_t n,
		    uint8_t *rest, uint32_t *n_rest, struct flowq_error *err);

/* Sort, deduplicate and merge the threads' arrays (all freed) into a table
 * of the distinct keys in key order (columns named "_key"). */
flowq_status sd_finish(struct sd_buf **bufs, int n_bufs, int threads, struct rtable **out,
		       struct flowq_error *err);

/* The rank of each octet 0..255 in the order of their decimal texts ("0" <
 * "1" < "10" < "100" < ... < "99"): dotted quads compare as text exactly as
 * their octets' ranks compare in order. */
extern const uint8_t *sd_octet_rank(void);

#endif
