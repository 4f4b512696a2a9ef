/*
 * cmd_cat.c - `flowq cat`: decoded records, as csv/tsv/json/ndjson/table.
 *
 * Records come out in input order (file by file, line by line) however
 * many threads read.  With one thread, or a format that cannot be cut
 * (table, markdown), or --strict, batches are written as they come.
 * Otherwise (csv, tsv, ndjson, json) each thread formats its file's batches into
 * memory; the file whose turn it is (all before it written) is written
 * batch by batch, a later one is parked whole until its turn.  A thread
 * whose bytes in waiting pass CAT_HOLD waits for its turn, so memory stays
 * bounded whatever the file sizes; the earliest file in reading never
 * waits, so the run always moves on.  The reader's problem reports wait
 * with their file's bytes, so stderr too follows the file order.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "input.h"
#include "out/out.h"

/* bytes a thread may hold before it waits for its turn (FLOWQ_CAT_HOLD
 * sets another, for tests) */
#define CAT_HOLD ((size_t)64 << 20)

struct cat_part {
	struct buf out, msgs;
	uint64_t rows;
	bool done; /* the file was read to its end */
};

struct cat_thread {
	struct out_writer *w; /* into memory */
	int file;             /* the file it reads */
	struct cat_part held; /* its bytes and reports not written yet */
};

struct cat_ctx {
	struct out_writer *w; /* stdout */
	/* on several threads */
	struct cat_thread *th;
	pthread_mutex_t lock;
	pthread_cond_t turn;
	int next;               /* the first file not written */
	int n_files;
	struct cat_part *parked; /* by file index */
	size_t parked_bytes;
	size_t hold;            /* CAT_HOLD */
	int fail_file;          /* the earliest file that stopped with an error */
	bool io_error;
	bool json; /* pieces of json rows are joined with a comma */
	void (*print_issue)(void *ctx, const char *msg); /* the reader's reports */
	void *issue_ctx;
};

static _Thread_local struct cat_thread *cat_self; /* the reading thread's */

static flowq_status consume(void *ctx, int tid, struct batch *b, struct flowq_error *err)
{
	struct cat_ctx *c = ctx;
	(void)tid;
	if (!out_batch(c->w, b))
		return err_set(err, FLOWQ_ERR_IO, "cannot write the output");
	return FLOWQ_OK;
}

/* Print a part's reports (with the lock held) and forget them. */
static void emit_msgs(struct cat_ctx *c, struct cat_part *q)
{
	if (q->msgs.len) {
		q->msgs.p[q->msgs.len - 1] = 0; /* the last '\n' (print_issue adds one) */
		c->print_issue(c->issue_ctx, q->msgs.p);
		q->msgs.len = 0;
	}
}

/* Write a part's reports to stderr and its bytes to stdout, and empty it
 * (with the lock held); false on a write error. */
static bool emit(struct cat_ctx *c, struct cat_part *q)
{
	emit_msgs(c, q);
	if (!c->io_error && !out_raw(c->w, q->out.p, q->out.len, q->rows))
		c->io_error = true;
	q->out.len = 0;
	q->rows = 0;
	return !c->io_error;
}

static flowq_status consume_par(void *ctx, int tid, struct batch *b, struct flowq_error *err)
{
	struct cat_ctx *c = ctx;
	struct cat_thread *t = &c->th[tid];
	if (!out_batch(t->w, b))
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory formatting records");
	size_t n;
	uint64_t rows;
	char *p = out_take(t->w, &n, &rows);
	/* json: each taken piece starts its first row without the comma */
	bool ok = !n || !c->json || !t->held.out.len || buf_addc(&t->held.out, ',');
	ok = ok && (!n || buf_add(&t->held.out, p, n));
	free(p);
	if (!ok)
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory formatting records");
	t->held.rows += rows;
	flowq_status st = FLOWQ_OK;
	pthread_mutex_lock(&c->lock);
	while (t->file != c->next && t->file < c->fail_file && !c->io_error &&
	       t->held.out.len + c->parked_bytes > c->hold)
		pthread_cond_wait(&c->turn, &c->lock);
	if (t->file > c->fail_file)
		st = err_set(err, FLOWQ_ERR_IO, "stopped: an earlier file failed");
	else if (c->io_error) /* (a write failed, maybe for another file: next may never move) */
		st = err_set(err, FLOWQ_ERR_IO, "cannot write the output");
	else if (t->file == c->next && !emit(c, &t->held))
		st = err_set(err, FLOWQ_ERR_IO, "cannot write the output");
	pthread_mutex_unlock(&c->lock);
	return st;
}

static void file_begin_par(void *ctx, int tid, int index)
{
	struct cat_ctx *c = ctx;
	cat_self = &c->th[tid];
	pthread_mutex_lock(&c->lock);
	cat_self->file = index;
	pthread_mutex_unlock(&c->lock);
}

/* A reader's report: kept with its file's bytes, printed on its turn. */
static void issue_par(void *ctx, const char *msg)
{
	struct cat_ctx *c = ctx;
	struct cat_thread *t = cat_self;
	pthread_mutex_lock(&c->lock);
	if (!t || !buf_adds(&t->held.msgs, msg) || !buf_addc(&t->held.msgs, '\n'))
		c->print_issue(c->issue_ctx, msg); /* (out of memory: now) */
	else if (t->file == c->next)
		emit_msgs(c, &t->held);
	pthread_mutex_unlock(&c->lock);
}

static void file_end_par(void *ctx, int tid, int index, flowq_status st)
{
	struct cat_ctx *c = ctx;
	struct cat_thread *t = &c->th[tid];
	pthread_mutex_lock(&c->lock);
	if (st) {
		if (index < c->fail_file)
			c->fail_file = index;
	} else if (index == c->next) {
		bool ok = emit(c, &t->held);
		for (c->next++; ok && c->next < c->n_files && c->parked[c->next].done; c->next++) {
			struct cat_part *q = &c->parked[c->next];
			c->parked_bytes -= q->out.len;
			ok = emit(c, q);
			buf_free(&q->out);
			buf_free(&q->msgs);
		}
	} else {
		/* parked whole until its turn (the buffers change hands) */
		c->parked[index] = t->held;
		c->parked[index].done = true;
		c->parked_bytes += t->held.out.len;
		memset(&t->held, 0, sizeof t->held);
	}
	t->held.out.len = t->held.msgs.len = 0;
	t->held.rows = 0;
	t->file = -1;
	pthread_cond_broadcast(&c->turn);
	pthread_mutex_unlock(&c->lock);
}

/* Set up the threads' writers: false when out of memory. */
static bool par_init(struct cat_ctx *c, int threads, int n_files, enum out_format fmt,
		     const char *const *names, const enum fq_type *types, int n_cols)
{
	c->th = calloc((size_t)threads, sizeof *c->th);
	c->parked = calloc((size_t)n_files + 1, sizeof *c->parked);
	c->n_files = n_files;
	c->fail_file = n_files;
	c->json = fmt == OUT_JSON;
	const char *hold = getenv("FLOWQ_CAT_HOLD");
	c->hold = hold ? (size_t)strtoull(hold, NULL, 10) : CAT_HOLD;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->turn, NULL);
	if (!c->th || !c->parked)
		return false;
	for (int i = 0; i < threads; i++) {
		c->th[i].file = -1;
		c->th[i].w = out_new(fmt, NULL, names, types, n_cols, false);
		if (!c->th[i].w)
			return false;
		out_skip_header(c->th[i].w);
	}
	return true;
}

static void par_free(struct cat_ctx *c, int threads)
{
	for (int i = 0; c->th && i < threads; i++) {
		out_free(c->th[i].w);
		buf_free(&c->th[i].held.out);
		buf_free(&c->th[i].held.msgs);
	}
	for (int i = 0; c->parked && i < c->n_files; i++) {
		buf_free(&c->parked[i].out);
		buf_free(&c->parked[i].msgs);
	}
	free(c->th);
	free(c->parked);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->turn);
}

/* True when one of the inputs is stdin (which can be read only once). */
static bool reads_stdin(const struct cli_input *in)
{
	for (int i = 0; i < in->files.n; i++)
		if (strcmp(in->files.files[i].path, "-") == 0)
			return true;
	return false;
}

/* Resolve "a,b,c" into column ids.  A name that is neither a catalogue
 * field nor a partition may be a field only a header names: the files'
 * headers are looked at once (not stdin's) to learn those. */
static int parse_columns(struct cli_input *in, const char *list, int *cols, int max)
{
	int n = 0;
	bool learned = false;
	const char *p = list;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		while (len && *p == ' ') {
			p++;
			len--;
		}
		while (len && p[len - 1] == ' ')
			len--;
		int id = fld_lookup(p, len);
		if (id < 0)
			for (int c = COL_DT; c < COL_EXTRA; c++)
				if (strlen(part_column_name(c)) == len && strncmp(part_column_name(c), p, len) == 0)
					id = c;
		if (id < 0)
			id = extras_find(&in->extras, p, len);
		if (id < 0 && !learned && !reads_stdin(in)) {
			int tmp[RD_MAX_FIELDS + PART_COUNT + 8];
			cli_input_columns(in, tmp, (int)FQ_ARRAY_LEN(tmp));
			learned = true;
			id = extras_find(&in->extras, p, len);
		}
		if (id < 0) {
			cli_errorf("cat: unknown column '%.*s' (see flowq fields)", (int)len, p);
			return -EXIT_USAGE;
		}
		if (n >= max) {
			cli_errorf("cat: too many columns");
			return -EXIT_USAGE;
		}
		cols[n++] = id;
		if (!e)
			break;
		p = e + 1;
	}
	return n;
}

int cmd_cat(int argc, char **argv)
{
	const char *format = NULL, *columns = NULL, *log_format = NULL;
	bool strict = false;
	long long threads = 0;
	const struct opt_def opts[] = {
		{"format", 'f', OPT_STRING, &format, "FMT", "csv (default), tsv, json, ndjson, table or markdown"},
		{"columns", 'c', OPT_STRING, &columns, "A,B,..", "only these columns, in this order"},
		{"log-format", 0, OPT_STRING, &log_format, "FMT",
		 "format of files without a header line ('${version} ${srcaddr} ...')"},
		{"strict", 0, OPT_FLAG, &strict, NULL, "stop at the first bad line or file (one thread)"},
		{"threads", 't', OPT_INT, &threads, "N", "threads (default: all cores)"},
		{0},
	};
	const char *paths[4096];
	int n_paths;
	int rc = opt_parse("cat", "[OPTIONS] PATH...", opts, argc, argv, paths, 4096, &n_paths);
	if (rc)
		return rc < 0 ? 0 : rc;
	int fmt = OUT_CSV;
	if (format && (fmt = out_format_from_name(format)) < 0) {
		cli_errorf("cat: unknown format '%s' (csv, tsv, json, ndjson, table, markdown)", format);
		return EXIT_USAGE;
	}
	struct cli_input in;
	rc = cli_input_open(&in, paths, n_paths, log_format, !columns);
	if (rc) {
		cli_input_close(&in);
		return rc;
	}
	int cols[RD_MAX_FIELDS + PART_COUNT + 8];
	int n_cols = columns ? parse_columns(&in, columns, cols, (int)FQ_ARRAY_LEN(cols))
			     : cli_input_columns(&in, cols, (int)FQ_ARRAY_LEN(cols));
	if (n_cols < 0) {
		cli_input_close(&in);
		return -n_cols;
	}
	const char *names[FQ_ARRAY_LEN(cols)];
	enum fq_type types[FQ_ARRAY_LEN(cols)];
	for (int i = 0; i < n_cols; i++) {
		names[i] = cli_column_name(&in, cols[i]);
		types[i] = cols[i] < FLD_COUNT ? fld_sql_type(cols[i]) : T_VARCHAR;
	}
	struct cat_ctx c;
	memset(&c, 0, sizeof c);
	c.w = out_new((enum out_format)fmt, stdout, names, types, n_cols, cli_color(stdout));
	if (!c.w) {
		cli_input_close(&in);
		cli_errorf("out of memory");
		return EXIT_LIMIT;
	}
	int nt = threads > 0 ? (int)FQ_MIN(threads, 256) : fq_ncpu();
	if (nt > in.files.n)
		nt = in.files.n;
	if (strict || reads_stdin(&in) || !out_splittable((enum out_format)fmt))
		nt = 1;
	struct scan_opts so = {0};
	so.threads = nt > 1 ? nt : 1;
	cli_input_rd_config(&in, &so.rd, strict);
	so.cols = cols;
	so.n_cols = n_cols;
	so.consume = consume;
	so.consume_ctx = &c;
	/* progress on a terminal's stderr, unless the records go to that terminal too */
	if (!isatty(1)) {
		so.progress = cli_progress;
		so.progress_ctx = &in;
	}
	if (nt > 1) {
		if (!par_init(&c, nt, in.files.n, (enum out_format)fmt, names, types, n_cols)) {
			par_free(&c, nt);
			out_free(c.w);
			cli_input_close(&in);
			cli_errorf("out of memory");
			return EXIT_LIMIT;
		}
		so.consume = consume_par;
		so.file_begin = file_begin_par;
		so.file_end = file_end_par;
		c.print_issue = so.rd.on_issue;
		c.issue_ctx = so.rd.issue_ctx;
		so.rd.on_issue = issue_par;
		so.rd.issue_ctx = &c;
	}
	struct scan_result res;
	struct flowq_error err;
	err_clear(&err);
	flowq_status st = scan_run(&in.files, &so, &res, &err);
	if (nt > 1)
		par_free(&c, nt);
	bool ok = out_finish(c.w);
	out_free(c.w);
	if (st) {
		cli_error(&err);
		cli_input_summary(&in, &res, false);
		cli_input_close(&in);
		return strict && (st == FLOWQ_ERR_BAD_INPUT || st == FLOWQ_ERR_GZIP || st == FLOWQ_ERR_IO ||
				  st == FLOWQ_ERR_LIMIT)
			       ? EXIT_BAD_INPUT
			       : cli_exit_code(st);
	}
	rc = cli_input_summary(&in, &res, false);
	cli_input_close(&in);
	if (!ok) {
		cli_errorf("cannot write the output");
		return EXIT_IO;
	}
	return rc;
}
