/*
 * cmd_schema.c - `flowq schema`: what the input holds.  The formats found
 * (their fields and the flow log version they need), files and records per
 * format, partitions and the time span, and the problems by reason.
 */
#include <stdlib.h>
#include <time.h>

#include "cli.h"
#include "input.h"

#define MAX_FORMATS 64

struct schema_ctx {
	pthread_mutex_t lock;
	struct fmt formats[MAX_FORMATS];
	bool from_header[MAX_FORMATS];
	uint64_t files[MAX_FORMATS], records[MAX_FORMATS];
	/* where a format was first seen, (file index << 20) + its place among
	 * the file's formats: the report lists formats in that order, so it
	 * does not depend on which thread got there first */
	uint64_t first_seen[MAX_FORMATS];
	int n_formats;
	int *file_format; /* per file index: format id, -1 */
	int *file_n_formats; /* per file index: formats seen so far */
};

static int format_id(struct schema_ctx *s, const struct fmt *f, bool hdr, uint64_t seen)
{
	for (int i = 0; i < s->n_formats; i++)
		if (s->formats[i].n == f->n &&
		    memcmp(s->formats[i].col, f->col, (size_t)f->n * sizeof f->col[0]) == 0) {
			if (seen < s->first_seen[i]) {
				s->first_seen[i] = seen;
				s->from_header[i] = hdr;
			}
			return i;
		}
	if (s->n_formats == MAX_FORMATS)
		return MAX_FORMATS - 1;
	s->formats[s->n_formats] = *f;
	s->from_header[s->n_formats] = hdr;
	s->first_seen[s->n_formats] = seen;
	return s->n_formats++;
}

static void on_format(void *ctx, const struct src_file *f, const struct fmt *fm, bool hdr)
{
	struct schema_ctx *s = ctx;
	pthread_mutex_lock(&s->lock);
	uint64_t seen = ((uint64_t)f->index << 20) + (uint64_t)s->file_n_formats[f->index]++;
	int id = format_id(s, fm, hdr, seen);
	if (s->file_format[f->index] < 0) {
		s->file_format[f->index] = id;
		s->files[id]++;
	}
	pthread_mutex_unlock(&s->lock);
}

static flowq_status consume(void *ctx, int tid, struct batch *b, struct flowq_error *err)
{
	struct schema_ctx *s = ctx;
	pthread_mutex_lock(&s->lock);
	int id = b->file ? s->file_format[b->file->index] : -1;
	if (id >= 0)
		s->records[id] += b->n;
	pthread_mutex_unlock(&s->lock);
	return FLOWQ_OK;
}

static int fmt_version(const struct fmt *f)
{
	int v = 2;
	for (int i = 0; i < f->n; i++)
		if (f->col[i] < FLD_COUNT && fld_defs[f->col[i]].version > v)
			v = fld_defs[f->col[i]].version;
	return v;
}

static bool is_default(const struct fmt *f)
{
	if (f->n != 14)
		return false;
	for (int i = 0; i < 14; i++)
		if (f->col[i] != fld_default_v2[i])
			return false;
	return true;
}

static void iso(int64_t t, char *out, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct fmt_order {
	uint64_t first_seen;
	int id;
};

static int cmp_first_seen(const void *a, const void *b)
{
	uint64_t x = ((const struct fmt_order *)a)->first_seen;
	uint64_t y = ((const struct fmt_order *)b)->first_seen;
	return x < y ? -1 : x > y;
}

/* Print the distinct values of one partition, sorted, abbreviated. */
static void print_partition(const char *name, struct src_list *l, int col, const char *(*get)(const struct src_file *, int))
{
	const char **vals = calloc((size_t)l->n + 1, sizeof *vals);
	if (!vals)
		return;
	int n = 0;
	for (int i = 0; i < l->n; i++) {
		const char *v = get(&l->files[i], col);
		if (*v)
			vals[n++] = v;
	}
	if (n) {
		qsort(vals, (size_t)n, sizeof *vals, cmp_str);
		int d = 0;
		for (int i = 0; i < n; i++)
			if (i == 0 || strcmp(vals[i], vals[d - 1]) != 0)
				vals[d++] = vals[i];
		printf("  %-10s %d value%s: ", name, d, d == 1 ? "" : "s");
		if (d <= 6) {
			for (int i = 0; i < d; i++)
				printf("%s%s", i ? ", " : "", vals[i]);
		} else {
			printf("%s, %s, %s ... %s", vals[0], vals[1], vals[2], vals[d - 1]);
		}
		printf("\n");
	}
	free(vals);
}

static const char *get_part(const struct src_file *f, int col)
{
	if (col == FLD_ACCOUNT_ID)
		return f->account;
	if (col == FLD_REGION)
		return f->region;
	return src_part_value(f, col);
}

int cmd_schema(int argc, char **argv)
{
	const char *log_format = NULL;
	bool strict = false;
	long long threads = 0;
	const struct opt_def opts[] = {
		{"log-format", 0, OPT_STRING, &log_format, "FMT", "format of files without a header line"},
		{"strict", 0, OPT_FLAG, &strict, NULL, "stop at the first bad line or file"},
		{"threads", 't', OPT_INT, &threads, "N", "threads to read with (default: all cores)"},
		{0},
	};
	const char *paths[4096];
	int n_paths;
	int rc = opt_parse("schema", "[OPTIONS] PATH...", opts, argc, argv, paths, 4096, &n_paths);
	if (rc)
		return rc < 0 ? 0 : rc;
	struct cli_input in;
	rc = cli_input_open(&in, paths, n_paths, log_format, false);
	if (rc) {
		cli_input_close(&in);
		return rc;
	}
	struct schema_ctx s;
	memset(&s, 0, sizeof s);
	pthread_mutex_init(&s.lock, NULL);
	s.file_format = malloc(((size_t)in.files.n + 1) * sizeof *s.file_format);
	s.file_n_formats = calloc((size_t)in.files.n + 1, sizeof *s.file_n_formats);
	if (!s.file_format || !s.file_n_formats) {
		free(s.file_format);
		free(s.file_n_formats);
		cli_input_close(&in);
		return EXIT_LIMIT;
	}
	for (int i = 0; i < in.files.n; i++)
		s.file_format[i] = -1;
	/* every catalogue field: the report counts the problems `cat` would
	 * find (the reader validates only the columns it is asked for) */
	int cols[FLD_COUNT];
	for (int i = 0; i < FLD_COUNT; i++)
		cols[i] = i;
	struct scan_opts so = {0};
	so.threads = threads > 0 ? (int)threads : fq_ncpu();
	cli_input_rd_config(&in, &so.rd, strict);
	so.rd.on_format = on_format;
	so.rd.format_ctx = &s;
	so.cols = cols;
	so.n_cols = FLD_COUNT;
	so.consume = consume;
	so.consume_ctx = &s;
	so.progress = cli_progress;
	so.progress_ctx = &in;
	struct scan_result res;
	struct flowq_error err;
	err_clear(&err);
	flowq_status st = scan_run(&in.files, &so, &res, &err);
	if (st) {
		cli_error(&err);
		cli_input_close(&in);
		free(s.file_format);
		free(s.file_n_formats);
		return strict ? EXIT_BAD_INPUT : cli_exit_code(st);
	}
	const struct rd_stats *t = &res.stats;
	printf("files:   %d (%.1f MB read, %.1f MB decompressed)\n", in.files.n, (double)t->bytes_in / 1e6,
	       (double)t->bytes_raw / 1e6);
	printf("records: %llu (%llu parsed, %llu skipped); %llu header line%s, %llu blank\n",
	       (unsigned long long)t->records, (unsigned long long)t->parsed,
	       (unsigned long long)t->skipped, (unsigned long long)t->headers,
	       t->headers == 1 ? "" : "s", (unsigned long long)t->blank);
	struct fmt_order order[MAX_FORMATS];
	for (int i = 0; i < s.n_formats; i++)
		order[i] = (struct fmt_order){s.first_seen[i], i};
	qsort(order, (size_t)s.n_formats, sizeof order[0], cmp_first_seen);
	for (int o = 0; o < s.n_formats; o++) {
		int i = order[o].id;
		const struct fmt *f = &s.formats[i];
		printf("format %d: v%d%s, %d fields, %s; %llu file%s, %llu records\n", o + 1, fmt_version(f),
		       is_default(f) ? " default" : " custom", f->n,
		       s.from_header[i] ? "from header" : "no header (default/--log-format)",
		       (unsigned long long)s.files[i], s.files[i] == 1 ? "" : "s",
		       (unsigned long long)s.records[i]);
		printf("  ");
		for (int k = 0; k < f->n; k++)
			printf("%s%s", k ? " " : "", cli_column_name(&in, f->col[k]));
		printf("\n");
	}
	if (in.extras.n) {
		/* sorted: the order names were met in depends on the threads */
		char *names[RD_MAX_EXTRAS];
		memcpy(names, in.extras.names, (size_t)in.extras.n * sizeof names[0]);
		qsort(names, (size_t)in.extras.n, sizeof names[0], cmp_str);
		printf("unknown fields (string columns):");
		for (int i = 0; i < in.extras.n; i++)
			printf(" %s", names[i]);
		printf("\n");
	}
	printf("partitions:%s\n", in.files.n && (in.files.files[0].dt[0] || in.files.files[0].account[0]) ? "" : " none in the paths");
	print_partition("dt", &in.files, COL_DT, get_part);
	print_partition("hour", &in.files, COL_HOUR, get_part);
	print_partition("account_id", &in.files, FLD_ACCOUNT_ID, get_part);
	print_partition("region", &in.files, FLD_REGION, get_part);
	if (t->min_start || t->max_end) {
		char a[32], b[32];
		iso(t->min_start, a, sizeof a);
		iso(t->max_end, b, sizeof b);
		printf("time span: %s .. %s (start %lld .. end %lld)\n", a, b, (long long)t->min_start,
		       (long long)t->max_end);
	}
	if (t->skipped) {
		printf("skipped lines by reason:\n");
		for (int i = 0; i < RR_COUNT; i++)
			if (t->by_reason[i])
				printf("  %-24s %llu\n", rd_reason_names[i], (unsigned long long)t->by_reason[i]);
	}
	uint64_t fp = 0;
	for (int i = 0; i < FP_COUNT; i++)
		fp += t->file_problems[i];
	if (fp) {
		printf("files with problems:\n");
		for (int i = 0; i < FP_COUNT; i++)
			if (t->file_problems[i])
				printf("  %-24s %llu\n", rd_file_problem_names[i],
				       (unsigned long long)t->file_problems[i]);
	}
	rc = cli_input_summary(&in, &res, false);
	cli_input_close(&in);
	free(s.file_format);
	free(s.file_n_formats);
	pthread_mutex_destroy(&s.lock);
	return rc;
}
