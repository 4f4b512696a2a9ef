/*
 * input.c - the shared input side of the reading commands.
 */
#include "input.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "io/instream.h"

static void print_issue(void *ctx, const char *msg)
{
	struct cli_input *in = ctx;
	if (in->quiet)
		return;
	pthread_mutex_lock(&in->lock);
	if (in->progress)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%s\n", msg);
	pthread_mutex_unlock(&in->lock);
}

void cli_progress(void *ctx, int done, int total, uint64_t bytes)
{
	struct cli_input *in = ctx;
	if (!in->progress)
		return;
	pthread_mutex_lock(&in->lock);
	fprintf(stderr, "\r\033[K%d/%d files, %.1f MB", done, total, (double)bytes / 1e6);
	if (done == total)
		fputs("\r\033[K", stderr);
	pthread_mutex_unlock(&in->lock);
}

static int spool_stdin(struct cli_input *in)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	size_t n = strlen(dir) + 32;
	in->spool_path = malloc(n);
	if (!in->spool_path)
		return EXIT_LIMIT;
	snprintf(in->spool_path, n, "%s/flowq-stdin-XXXXXX", dir);
	int fd = mkstemp(in->spool_path);
	if (fd < 0) {
		cli_errorf("cannot create a temporary file in %s for stdin", dir);
		free(in->spool_path);
		in->spool_path = NULL;
		return EXIT_IO;
	}
	char buf[1 << 16];
	ssize_t r;
	while ((r = read(0, buf, sizeof buf)) > 0)
		if (write(fd, buf, (size_t)r) != r) {
			cli_errorf("cannot spool stdin to %s", in->spool_path);
			close(fd);
			return EXIT_IO;
		}
	close(fd);
	return 0;
}

int cli_input_open(struct cli_input *in, const char **paths, int n, const char *log_format,
		   bool spool)
{
	memset(in, 0, sizeof *in);
	pthread_mutex_init(&in->lock, NULL);
	extras_init(&in->extras);
	in->progress = isatty(2) && !getenv("FLOWQ_NO_PROGRESS");
	struct flowq_error err;
	err_clear(&err);
	if (log_format) {
		if (fmt_parse(&in->fmt, log_format, &in->extras, &err)) {
			cli_error(&err);
			return EXIT_USAGE;
		}
		in->has_fmt = true;
	} else {
		fmt_default(&in->fmt);
	}
	static const char *const dash[] = {"-"};
	if (n == 0) {
		paths = (const char **)dash;
		n = 1;
	}
	for (int i = 0; i < n; i++) {
		flowq_status st = src_add_path(&in->files, paths[i], &err);
		if (st) {
			cli_error(&err);
			return cli_exit_code(st);
		}
	}
	for (int i = 0; i < in->files.n; i++) {
		struct src_file *f = &in->files.files[i];
		if (strcmp(f->path, "-") == 0 && spool) {
			if (!in->spool_path) {
				int rc = spool_stdin(in);
				if (rc)
					return rc;
			}
			f->open_path = in->spool_path;
		}
	}
	if (in->files.n_skipped) {
		fprintf(stderr, "flowq: note: skipped %d file%s that %s not flow logs (by name)%s%s\n",
			in->files.n_skipped, in->files.n_skipped == 1 ? "" : "s",
			in->files.n_skipped == 1 ? "is" : "are",
			in->files.n_skipped_kept ? ", e.g. " : "",
			in->files.n_skipped_kept ? in->files.skipped[0] : "");
	}
	return 0;
}

void cli_input_close(struct cli_input *in)
{
	if (in->spool_path) {
		unlink(in->spool_path);
		free(in->spool_path);
	}
	src_list_free(&in->files);
	extras_free(&in->extras);
	pthread_mutex_destroy(&in->lock);
}

void cli_input_rd_config(struct cli_input *in, struct rd_config *rd, bool strict)
{
	memset(rd, 0, sizeof *rd);
	rd->default_fmt = &in->fmt;
	rd->extras = &in->extras;
	rd->strict = strict;
	rd->on_issue = print_issue;
	rd->issue_ctx = in;
}

const char *cli_column_name(const struct cli_input *in, int col)
{
	if (col < FLD_COUNT)
		return fld_defs[col].column;
	if (col < COL_EXTRA)
		return part_column_name(col);
	if (col - COL_EXTRA < in->extras.n)
		return in->extras.names[col - COL_EXTRA];
	return "?";
}

static void add_col(int *cols, int *n, int max, int col)
{
	for (int i = 0; i < *n; i++)
		if (cols[i] == col)
			return;
	if (*n < max)
		cols[(*n)++] = col;
}

/* The format a file starts with: its header, else the default. */
static void first_format(struct cli_input *in, const struct src_file *f, struct fmt *out)
{
	*out = in->fmt;
	struct instream s;
	struct flowq_error e;
	if (ins_open(&s, f->open_path ? f->open_path : f->path, &e))
		return;
	char buf[16384];
	size_t got = 0, len = 0;
	while (len < sizeof buf - 1 && !ins_read(&s, (uint8_t *)buf + len, sizeof buf - 1 - len, &got, &e) &&
	       got > 0)
		len += got;
	ins_close(&s);
	buf[len] = 0;
	char *p = buf;
	while (*p == '\n' || *p == '\r' || *p == ' ')
		p++;
	char *nl = strchr(p, '\n');
	if (nl)
		*nl = 0;
	size_t l = strlen(p);
	if (l && p[l - 1] == '\r')
		p[l - 1] = 0;
	/* header-shaped: only name characters and spaces, starts with a letter */
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return;
	for (char *q = p; *q; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
		      *q == '-' || *q == '_' || *q == ' '))
			return;
	struct fmt h;
	if (fmt_parse(&h, p, NULL, &e) == FLOWQ_OK) {
		*out = h;
		return;
	}
	/* unknown names: count known ones as the reader does */
	int known = 0, total = 0;
	for (char *q = p; *q;) {
		while (*q == ' ')
			q++;
		if (!*q)
			break;
		char *s0 = q;
		while (*q && *q != ' ')
			q++;
		total++;
		if (fld_lookup(s0, (size_t)(q - s0)) >= 0)
			known++;
	}
	if (known * 2 >= total)
		fmt_parse(out, p, &in->extras, &e);
}

int cli_input_columns(struct cli_input *in, int *cols, int max)
{
	int n = 0;
	bool parts[PART_COUNT] = {0};
	bool account = false, region = false;
	for (int i = 0; i < in->files.n; i++) {
		const struct src_file *f = &in->files.files[i];
		struct fmt fm;
		first_format(in, f, &fm);
		for (int k = 0; k < fm.n; k++)
			add_col(cols, &n, max, fm.col[k]);
		for (int c = COL_DT; c < COL_EXTRA; c++)
			if (*src_part_value(f, c))
				parts[c - COL_DT] = true;
		account |= f->account[0] != 0;
		region |= f->region[0] != 0;
	}
	if (account)
		add_col(cols, &n, max, FLD_ACCOUNT_ID);
	if (region)
		add_col(cols, &n, max, FLD_REGION);
	for (int c = COL_DT; c < COL_EXTRA; c++)
		if (parts[c - COL_DT])
			add_col(cols, &n, max, c);
	return n;
}

static void commas(char *out, size_t cap, uint64_t v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
	size_t o = 0;
	for (int i = 0; i < n && o + 2 < cap; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = tmp[i];
	}
	out[o] = 0;
}

int cli_input_summary(struct cli_input *in, const struct scan_result *res, bool verbose)
{
	const struct rd_stats *s = &res->stats;
	uint64_t file_problems = 0;
	for (int i = 0; i < FP_COUNT; i++)
		file_problems += s->file_problems[i];
	if (s->skipped || file_problems || verbose) {
		char a[32], b[32], c[32];
		commas(a, sizeof a, s->records);
		commas(b, sizeof b, s->parsed);
		commas(c, sizeof c, s->skipped);
		fprintf(stderr, "flowq: %s records read from %llu file%s: %s parsed, %s skipped", a,
			(unsigned long long)s->files, s->files == 1 ? "" : "s", b, c);
		if (s->skipped) {
			fputs(" (", stderr);
			bool first = true;
			for (int i = 0; i < RR_COUNT; i++)
				if (s->by_reason[i]) {
					fprintf(stderr, "%s%s: %llu", first ? "" : ", ", rd_reason_names[i],
						(unsigned long long)s->by_reason[i]);
					first = false;
				}
			fputs(")", stderr);
		}
		fputs("\n", stderr);
		if (file_problems) {
			fprintf(stderr, "flowq: %llu file%s with problems:", (unsigned long long)file_problems,
				file_problems == 1 ? "" : "s");
			bool first = true;
			for (int i = 0; i < FP_COUNT; i++)
				if (s->file_problems[i]) {
					fprintf(stderr, "%s %s %llu", first ? "" : ",", rd_file_problem_names[i],
						(unsigned long long)s->file_problems[i]);
					first = false;
				}
			fputs("\n", stderr);
		}
	}
	/* nothing could be read at all */
	if (s->files > 0 && s->files_ok == 0 && s->file_problems[FP_UNREADABLE] + s->file_problems[FP_GZIP] > 0 &&
	    s->parsed == 0)
		return EXIT_BAD_INPUT;
	return 0;
}
