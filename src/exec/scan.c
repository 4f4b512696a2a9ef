/*
 * scan.c - the parallel file scan.  One pthread per thread slot; files are
 * handed out by an atomic counter in list order (largest-first would balance
 * better, but in-order keeps single-thread output ordered and S3 files are
 * all of similar size).  Errors are deterministic: the error of the
 * earliest file in list order wins, whatever the threads' timing.  A
 * failure in file i makes the others drop files after i at once, while
 * files before i are still read to the end (an error there would win).
 */
#include "scan.h"

#include <pthread.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>

struct scan_shared {
	const struct src_list *files;
	const struct scan_opts *opts;
	atomic_int next;
	atomic_int done;
	atomic_int stop_at; /* files after this index are not (or no longer) read */
	atomic_ullong bytes;
	atomic_int pruned;
	pthread_mutex_t lock;
	flowq_status status;
	struct flowq_error err;
	int err_file; /* the file of the error kept (-1: none in particular) */
	struct rd_stats stats;
};

struct scan_thread {
	struct scan_shared *sh;
	int tid;
	pthread_t th;
};

static void fail(struct scan_shared *sh, flowq_status st, const struct flowq_error *e, int file)
{
	pthread_mutex_lock(&sh->lock);
	if (!sh->status || file < sh->err_file) {
		sh->status = st;
		sh->err = *e;
		sh->err_file = file;
	}
	pthread_mutex_unlock(&sh->lock);
	int cur = atomic_load(&sh->stop_at);
	while (file < cur && !atomic_compare_exchange_weak(&sh->stop_at, &cur, file))
		;
}

static void *worker(void *arg)
{
	struct scan_thread *t = arg;
	struct scan_shared *sh = t->sh;
	const struct scan_opts *o = sh->opts;
	struct flowq_error e;
	err_clear(&e);
	struct reader *r = rd_new(&o->rd, o->cols, o->n_cols, &e);
	if (!r) {
		fail(sh, e.code, &e, -1);
		return NULL;
	}
	for (;;) {
		int i = atomic_fetch_add(&sh->next, 1);
		if (i >= sh->files->n || i > atomic_load(&sh->stop_at))
			break;
		const struct src_file *f = &sh->files->files[i];
		if (o->keep_file && !o->keep_file(o->keep_ctx, f)) {
			atomic_fetch_add(&sh->pruned, 1);
			continue;
		}
		if (o->file_begin)
			o->file_begin(o->consume_ctx, t->tid, i);
		flowq_status st = rd_open(r, f, &e);
		while (!st && i <= atomic_load(&sh->stop_at)) {
			struct batch *b;
			st = rd_next(r, &b, &e);
			if (st || !b)
				break;
			st = o->consume(o->consume_ctx, t->tid, b, &e);
		}
		if (o->file_end)
			o->file_end(o->consume_ctx, t->tid, i, st);
		if (st) {
			fail(sh, st, &e, i);
			break;
		}
		int done = atomic_fetch_add(&sh->done, 1) + 1;
		if (o->progress) {
			uint64_t bytes = atomic_fetch_add(&sh->bytes, f->size) + f->size;
			o->progress(o->progress_ctx, done, sh->files->n, bytes);
		}
	}
	rd_close(r); /* a file left open (stopped early) still counts its bytes */
	pthread_mutex_lock(&sh->lock);
	rd_stats_add(&sh->stats, rd_get_stats(r));
	pthread_mutex_unlock(&sh->lock);
	rd_free(r);
	return NULL;
}

flowq_status scan_run(const struct src_list *files, const struct scan_opts *opts,
		      struct scan_result *res, struct flowq_error *err)
{
	double t0 = fq_now();
	struct scan_shared sh;
	memset(&sh, 0, sizeof sh);
	atomic_init(&sh.stop_at, INT_MAX);
	sh.err_file = INT_MAX;
	sh.files = files;
	sh.opts = opts;
	pthread_mutex_init(&sh.lock, NULL);
	int nt = opts->threads < 1 ? 1 : opts->threads;
	if (nt > files->n)
		nt = files->n > 0 ? files->n : 1;
	struct scan_thread *ts = calloc((size_t)nt, sizeof *ts);
	if (!ts)
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory starting threads");
	int started = 0;
	for (int i = 0; i < nt; i++) {
		ts[i].sh = &sh;
		ts[i].tid = i;
		if (nt == 1) {
			worker(&ts[i]);
			continue;
		}
		if (pthread_create(&ts[i].th, NULL, worker, &ts[i]) != 0) {
			struct flowq_error e;
			err_set(&e, FLOWQ_ERR_NOMEM, "cannot start a thread");
			fail(&sh, e.code, &e, -1);
			break;
		}
		started++;
	}
	for (int i = 0; i < started; i++)
		pthread_join(ts[i].th, NULL);
	free(ts);
	memset(res, 0, sizeof *res);
	res->stats = sh.stats;
	res->files_total = files->n;
	res->files_pruned = atomic_load(&sh.pruned);
	res->seconds = fq_now() - t0;
	pthread_mutex_destroy(&sh.lock);
	if (sh.status) {
		if (err)
			*err = sh.err;
		return sh.status;
	}
	return FLOWQ_OK;
}
