/*
 * scan.h - read a list of files on several threads and hand every batch to
 * a consumer.  Files are independent, so each thread takes the next file
 * from a shared counter, reads it with its own reader and feeds its own
 * consumer state (per-thread partial aggregates, merged by the caller at
 * the end).  With one thread, batches arrive in file order.
 */
#ifndef FQ_SCAN_H
#define FQ_SCAN_H

#include "format/reader.h"
#include "io/files.h"

struct scan_opts {
	int threads;                 /* >= 1 */
	struct rd_config rd;         /* reader settings (issue callback must be thread-safe) */
	const int *cols;             /* column ids to read */
	int n_cols;
	/* return false to skip a file without opening it (pruning); may be NULL */
	bool (*keep_file)(void *ctx, const struct src_file *f);
	void *keep_ctx;
	/* called with each batch on the thread that read it; tid in [0, threads) */
	flowq_status (*consume)(void *ctx, int tid, struct batch *b, struct flowq_error *err);
	void *consume_ctx;
	/* called on the reading thread before it opens file `index` (of the
	 * list), and when it is done with it: st FLOWQ_OK, else the error that
	 * stopped it (a file dropped because an earlier one failed may end with
	 * FLOWQ_OK); not for pruned files; with consume_ctx; may be NULL */
	void (*file_begin)(void *ctx, int tid, int index);
	void (*file_end)(void *ctx, int tid, int index, flowq_status st);
	/* progress (may be NULL): files done of total, bytes read so far; from any thread */
	void (*progress)(void *ctx, int files_done, int files_total, uint64_t bytes);
	void *progress_ctx;
};

struct scan_result {
	struct rd_stats stats;
	int files_total, files_pruned;
	double seconds;
};

/*
 * Run the scan.  Returns FLOWQ_OK or the first error of any thread (a
 * consumer's error, --strict's bad input, out of memory); the other
 * threads stop at their next batch.  res is filled either way.
 */
flowq_status scan_run(const struct src_list *files, const struct scan_opts *opts,
		      struct scan_result *res, struct flowq_error *err);

#endif
