/*
 * cmd_query.c - `flowq query` and the guide's questions as commands
 * (top-talkers, rejected, unusual-ports), which build their SQL and run it
 * through the same path, so `--show-sql` prints exactly what ran.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "input.h"
#include "out/out.h"
#include "sql/query.h"

/* Big csv/tsv/ndjson/json results are formatted on the query's threads, a round
 * of `threads` parts of PAR_OUT_ROWS rows at a time (so memory stays
 * small), and written in order. */
enum { PAR_OUT_MIN = 65536, PAR_OUT_ROWS = 32768 };

/* Rows [from, to) of t through w. */
static bool write_rows(struct out_writer *w, const struct rtable *t, uint32_t from, uint32_t to)
{
	struct vec vcols[TABLE_MAX_COLS * 2];
	bool ok = true;
	for (uint32_t off = from; ok && off < to; off += RD_BATCH) {
		struct batch b;
		rt_view(t, off, FQ_MIN((uint32_t)RD_BATCH, to - off), &b, vcols);
		ok = out_batch(w, &b);
	}
	return ok;
}

struct out_part {
	const struct rtable *t;
	enum out_format fmt;
	const char *const *names;
	uint32_t off, n;
	char *buf;
	size_t len;
	bool ok;
};

static void format_part(void *ctx, int i, int n)
{
	struct out_part *j = &((struct out_part *)ctx)[i];
	(void)n;
	j->ok = false;
	j->buf = NULL;
	j->len = 0;
	FILE *fp = open_memstream(&j->buf, &j->len);
	if (!fp)
		return;
	struct out_writer *w = out_new(j->fmt, fp, j->names, j->t->types, j->t->n_cols, false);
	bool ok = w != NULL;
	if (w) {
		out_skip_header(w);
		ok = write_rows(w, j->t, j->off, j->off + j->n);
		ok = out_finish(w) && ok;
		out_free(w);
	}
	ok = fclose(fp) == 0 && ok;
	j->ok = ok;
}

static bool write_parallel(struct out_writer *w, const struct rtable *t, enum out_format fmt,
			   const char *const *names, int threads)
{
	struct out_part parts[FQ_PAR_MAX];
	if (threads > FQ_PAR_MAX)
		threads = FQ_PAR_MAX;
	bool ok = true;
	for (uint64_t base = 0; base < t->n && ok; base += (uint64_t)threads * PAR_OUT_ROWS) {
		int np = 0;
		for (int i = 0; i < threads; i++) {
			uint64_t off = base + (uint64_t)i * PAR_OUT_ROWS;
			if (off >= t->n)
				break;
			parts[i] = (struct out_part){t, fmt, names, (uint32_t)off,
						     (uint32_t)FQ_MIN((uint64_t)PAR_OUT_ROWS, t->n - off), NULL, 0,
						     false};
			np++;
		}
		fq_par_for(np, format_part, parts);
		for (int i = 0; i < np; i++) {
			if (ok && !parts[i].ok)
				ok = false;
			if (ok)
				ok = out_raw(w, parts[i].buf, parts[i].len, parts[i].n);
			free(parts[i].buf);
		}
	}
	return ok;
}

struct qopts {
	const char *format, *table, *sql_file, *max_memory, *s3_root, *now, *log_format;
	long long threads;
	bool stats, strict, show_sql, no_time_pruning;
};

struct qrun {
	struct cli_input in;
	struct exec_ctx *x;
	bool have_paths;
	const char *s3_root;
	int n_star;
	int star[TABLE_MAX_COLS];
	bool star_done;
};

static int star_columns(void *ctx, int *cols, int max)
{
	struct qrun *q = ctx;
	if (!q->star_done) {
		q->n_star = cli_input_columns(&q->in, q->star, TABLE_MAX_COLS);
		q->star_done = true;
	}
	int n = FQ_MIN(q->n_star, max);
	memcpy(cols, q->star, (size_t)n * sizeof *cols);
	return n;
}

static void set_format(void *ctx, const int *cols, int n)
{
	struct qrun *q = ctx;
	q->in.fmt.n = FQ_MIN(n, RD_MAX_FIELDS);
	memcpy(q->in.fmt.col, cols, (size_t)q->in.fmt.n * sizeof *cols);
	q->in.has_fmt = true;
	if (q->x)
		q->x->rd.fixed_format = true;
}

static flowq_status set_location(void *ctx, const char *loc, struct flowq_error *err)
{
	struct qrun *q = ctx;
	if (q->have_paths)
		return FLOWQ_OK; /* paths on the command line win */
	if (strncmp(loc, "s3://", 5) != 0)
		return src_add_path(&q->in.files, loc, err);
	if (!q->s3_root)
		return err_set(err, FLOWQ_ERR_USAGE,
			       "the table's LOCATION is %s: give the files as paths, or map s3:// to a local copy with --s3-root DIR",
			       loc);
	char path[2048];
	snprintf(path, sizeof path, "%s/%s", q->s3_root, loc + 5);
	if (access(path, F_OK) != 0) {
		/* DIR may be the copy of the bucket itself */
		const char *slash = strchr(loc + 5, '/');
		snprintf(path, sizeof path, "%s/%s", q->s3_root, slash ? slash + 1 : "");
	}
	return src_add_path(&q->in.files, path, err);
}

static void set_partitions(void *ctx, const char *tmpl, const struct tmpl_part *parts, int n)
{
	struct qrun *q = ctx;
	src_apply_template(&q->in.files, tmpl, parts, n);
}

static char *read_all(FILE *f, size_t max)
{
	struct buf b = {0};
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
		if (b.len + n > max || !buf_add(&b, tmp, n)) {
			buf_free(&b);
			return NULL;
		}
	}
	if (!buf_nul(&b)) {
		buf_free(&b);
		return NULL;
	}
	return b.p ? b.p : strdup("");
}

/* Print the SQL with a caret under the error position. */
static void print_sql_error(const char *sql, const struct flowq_error *err)
{
	fprintf(stderr, "flowq: %s: %s\n", flowq_strerror(err->code), err->msg);
	if (err->pos >= 0 && sql) {
		const char *ls = sql + err->pos, *le;
		while (ls > sql && ls[-1] != '\n')
			ls--;
		le = strchr(sql + err->pos, '\n');
		if (!le)
			le = sql + strlen(sql);
		int line = 1;
		for (const char *p = sql; p < ls; p++)
			line += *p == '\n';
		int col = (int)(sql + err->pos - ls);
		fprintf(stderr, "  line %d: %.*s\n", line, (int)(le - ls), ls);
		int pad = (int)snprintf(NULL, 0, "  line %d: ", line) + col;
		int len = err->len > 0 ? err->len : 1;
		if (sql + err->pos + len > le)
			len = (int)(le - (sql + err->pos));
		if (len < 1)
			len = 1;
		fprintf(stderr, "%*s", pad, "");
		for (int i = 0; i < len; i++)
			fputc('^', stderr);
		fputc('\n', stderr);
	}
	if (err->hint[0])
		fprintf(stderr, "hint: %s\n", err->hint);
}

static bool parse_now(const char *z, int64_t *ms)
{
	return fn_parse_timestamp(z, strlen(z), ms);
}

static void print_stats(const struct exec_ctx *x, const struct query_result *r, double t_out,
			double t_total)
{
	const struct rd_stats *s = &x->stats;
	fprintf(stderr, "stats: files %d seen, %d pruned, %d read\n", x->files_total, x->files_pruned,
		x->files_read);
	fprintf(stderr, "stats: bytes %.1f MB compressed, %.1f MB raw\n", (double)s->bytes_in / 1e6,
		(double)s->bytes_raw / 1e6);
	fprintf(stderr, "stats: records %llu read, %llu parsed, %llu skipped",
		(unsigned long long)s->records, (unsigned long long)s->parsed,
		(unsigned long long)s->skipped);
	if (s->ruled_out)
		fprintf(stderr, " (%llu of those parsed only checked: the line prefilter ruled them out)",
			(unsigned long long)s->ruled_out);
	fputc('\n', stderr);
	fprintf(stderr, "stats: rows out %u\n", r->table ? r->table->n : 0);
	fprintf(stderr,
		"stats: time scan %.3f s, merge+final %.3f s (merge %.3f, sort %.3f), output %.3f s, "
		"total %.3f s\n",
		x->t_scan, x->t_final, x->t_merge, x->t_sort, t_out, t_total);
	fprintf(stderr, "stats: peak memory %.1f MB\n", (double)fq_peak_rss() / 1048576.0);
}

/* Run sql over paths with the options; returns the exit code. */
static int run_sql(const char *sql, const struct qopts *o, const char **paths, int n_paths)
{
	double t0 = fq_now();
	int fmt = -1;
	if (o->format && (fmt = out_format_from_name(o->format)) < 0) {
		cli_errorf("query: unknown format '%s' (table, csv, tsv, json, ndjson, markdown)", o->format);
		return EXIT_USAGE;
	}
	if (fmt < 0)
		fmt = isatty(1) ? OUT_TABLE : OUT_CSV;
	struct qrun q;
	memset(&q, 0, sizeof q);
	q.s3_root = o->s3_root;
	q.have_paths = n_paths > 0;
	int rc;
	if (n_paths > 0) {
		rc = cli_input_open(&q.in, paths, n_paths, o->log_format, true);
	} else {
		/* no paths: the DDL's LOCATION must give them (checked below) */
		rc = cli_input_open(&q.in, NULL, -1, o->log_format, false);
	}
	if (rc) {
		cli_input_close(&q.in);
		return rc;
	}
	struct table_src tab;
	memset(&tab, 0, sizeof tab);
	snprintf(tab.name, sizeof tab.name, "%s", o->table ? o->table : "vpc_flow_logs");
	tab.extras = &q.in.extras;
	tab.star_columns = star_columns;
	tab.star_ctx = &q;
	tab.set_format = set_format;
	tab.format_ctx = &q;
	tab.set_location = set_location;
	tab.location_ctx = &q;
	tab.set_partitions = set_partitions;
	tab.partitions_ctx = &q;

	struct exec_ctx x;
	memset(&x, 0, sizeof x);
	x.threads = o->threads > 0 ? (int)o->threads : fq_ncpu();
	x.time_pruning = !o->no_time_pruning;
	x.max_memory = 0;
	if (o->max_memory && !fq_parse_size(o->max_memory, &x.max_memory)) {
		cli_errorf("query: --max-memory needs a size like 512M or 4G, not '%s'", o->max_memory);
		cli_input_close(&q.in);
		return EXIT_USAGE;
	}
	if (!o->max_memory) {
		long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGE_SIZE);
		x.max_memory = pages > 0 && psz > 0 ? (size_t)pages * (size_t)psz / 2 : (size_t)4 << 30;
	}
	if (o->now) {
		if (!parse_now(o->now, &x.now_ms)) {
			cli_errorf("query: --now needs a timestamp like 2026-02-13T12:00:00Z, not '%s'", o->now);
			cli_input_close(&q.in);
			return EXIT_USAGE;
		}
	} else {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		x.now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	}
	cli_input_rd_config(&q.in, &x.rd, o->strict);
	q.x = &x;
	x.files = &q.in.files;
	x.progress = cli_progress;
	x.progress_ctx = &q.in;

	struct query_result res;
	struct flowq_error err;
	err_clear(&err);
	flowq_status st = query_run(sql, strlen(sql), &x, &tab, &res, &err);
	if (!st && x.scanned && q.in.files.n == 0 && !res.explain) {
		/* nothing to read: say so rather than answer over no data */
		if (!q.have_paths) {
			cli_errorf("query: no input: give the flow log files or directories after the SQL "
				   "(or a table LOCATION with --s3-root DIR)");
			cli_input_close(&q.in);
			query_result_free(&res);
			return EXIT_USAGE;
		}
		cli_errorf("note: no flow log files under the given paths");
	}
	if (st) {
		if (err.code == FLOWQ_ERR_SQL_SYNTAX || err.code == FLOWQ_ERR_SQL_SEMANTIC ||
		    (err.code == FLOWQ_ERR_RUNTIME && err.pos >= 0) || err.code == FLOWQ_ERR_UNSUPPORTED ||
		    (err.code == FLOWQ_ERR_LIMIT && err.pos >= 0) || (err.code == FLOWQ_ERR_USAGE && err.pos >= 0))
			print_sql_error(sql, &err);
		else
			cli_error(&err);
		if (x.stats.files)
			cli_input_summary(&q.in, &(struct scan_result){.stats = x.stats}, false);
		cli_input_close(&q.in);
		query_result_free(&res);
		if (o->strict && (st == FLOWQ_ERR_BAD_INPUT || st == FLOWQ_ERR_GZIP || st == FLOWQ_ERR_IO))
			return EXIT_BAD_INPUT;
		return cli_exit_code(st);
	}
	bool ok = true;
	double t_out = fq_now();
	if (res.explain) {
		fputs(res.explain, stdout);
	} else if (res.table) {
		struct rtable *t = res.table;
		const char *names[TABLE_MAX_COLS * 2];
		for (int i = 0; i < t->n_cols && i < (int)FQ_ARRAY_LEN(names); i++)
			names[i] = t->names[i];
		struct out_writer *w = out_new((enum out_format)fmt, stdout, names, t->types, t->n_cols,
					       cli_color(stdout));
		if (!w) {
			cli_errorf("out of memory");
			ok = false;
		}
		if (w && t->n >= PAR_OUT_MIN && x.threads > 1 && out_splittable((enum out_format)fmt)) {
			ok = write_parallel(w, t, (enum out_format)fmt, names, x.threads);
		} else if (w) {
			ok = write_rows(w, t, 0, t->n);
		}
		if (w)
			ok = out_finish(w) && ok;
		out_free(w);
	}
	t_out = fq_now() - t_out;
	if (o->stats)
		print_stats(&x, &res, t_out, fq_now() - t0);
	rc = x.stats.files ? cli_input_summary(&q.in, &(struct scan_result){.stats = x.stats}, false) : 0;
	cli_input_close(&q.in);
	query_result_free(&res);
	if (!ok) {
		cli_errorf("cannot write the output");
		return EXIT_IO;
	}
	return rc;
}

#define COMMON_OPTS(o)                                                                              \
	{"format", 0, OPT_STRING, &(o).format, "FMT", "table (on a terminal), csv (otherwise), tsv, json, ndjson, markdown"}, \
	{"threads", 't', OPT_INT, &(o).threads, "N", "threads (default: all cores)"},                  \
	{"stats", 0, OPT_FLAG, &(o).stats, NULL, "print files, bytes, records, times and peak memory on stderr"}, \
	{"max-memory", 0, OPT_STRING, &(o).max_memory, "SIZE", "end the query past this much memory (default: half of RAM)"}, \
	{"strict", 0, OPT_FLAG, &(o).strict, NULL, "stop at the first bad line or file"},             \
	{"log-format", 0, OPT_STRING, &(o).log_format, "FMT", "format of files without a header line"}, \
	{"now", 0, OPT_STRING, &(o).now, "TS", "pin now()/current_date, e.g. 2026-02-14T00:00:00Z"},   \
	{"no-time-pruning", 0, OPT_FLAG, &(o).no_time_pruning, NULL, "read every file a start/end predicate could skip"}

int cmd_query(int argc, char **argv)
{
	struct qopts o;
	memset(&o, 0, sizeof o);
	const struct opt_def opts[] = {
		COMMON_OPTS(o),
		{"file", 'f', OPT_STRING, &o.sql_file, "FILE", "read the SQL from FILE (- for stdin)"},
		{"table", 0, OPT_STRING, &o.table, "NAME", "the table name the paths are bound to (default vpc_flow_logs)"},
		{"s3-root", 0, OPT_STRING, &o.s3_root, "DIR", "map a DDL's s3:// LOCATION to this local copy"},
		{0},
	};
	const char *pos[4096];
	int n_pos;
	int rc = opt_parse("query", "[OPTIONS] 'SQL' PATH...  |  -f FILE.sql PATH...  |  PATH... < query.sql",
			   opts, argc, argv, pos, 4096, &n_pos);
	if (rc)
		return rc < 0 ? 0 : rc;
	char *sql = NULL;
	const char **paths = pos;
	int n_paths = n_pos;
	if (o.sql_file) {
		FILE *f = strcmp(o.sql_file, "-") == 0 ? stdin : fopen(o.sql_file, "r");
		if (!f) {
			cli_errorf("query: %s: %s", o.sql_file, strerror(errno));
			return EXIT_IO;
		}
		sql = read_all(f, 1 << 20);
		if (f != stdin)
			fclose(f);
	} else if (n_pos > 0 && (strchr(pos[0], ' ') || strchr(pos[0], '\n') || strchr(pos[0], '\t'))) {
		sql = strdup(pos[0]);
		paths = pos + 1;
		n_paths = n_pos - 1;
	} else if (!isatty(0)) {
		sql = read_all(stdin, 1 << 20);
	} else {
		cli_errorf("query: no SQL: give it as the first argument, with -f FILE, or on stdin");
		return EXIT_USAGE;
	}
	if (!sql) {
		cli_errorf("query: cannot read the SQL (over 1 MiB?)");
		return EXIT_USAGE;
	}
	rc = run_sql(sql, &o, paths, n_paths);
	free(sql);
	return rc;
}

/* ---- the guide's questions ------------------------------------------ */

/* "--date 2026-02-13" or "2026-02-13..2026-02-15" into a dt predicate. */
static bool date_pred(const char *date, char *out, size_t cap)
{
	if (!date) {
		out[0] = 0;
		return true;
	}
	char a[11], b[11];
	const char *dots = strstr(date, "..");
	size_t la = dots ? (size_t)(dots - date) : strlen(date);
	if (la != 10 || (dots && strlen(dots + 2) != 10))
		return false;
	memcpy(a, date, 10);
	a[10] = 0;
	if (dots)
		memcpy(b, dots + 2, 11);
	for (char *s = a; *s; s++)
		if (*s == '-')
			*s = '/';
	if (dots)
		for (char *s = b; *s; s++)
			if (*s == '-')
				*s = '/';
	int64_t d;
	if (!fn_parse_date(date, 10, &d) || (dots && !fn_parse_date(dots + 2, 10, &d)))
		return false;
	if (dots)
		snprintf(out, cap, "dt BETWEEN '%s' AND '%s'", a, b);
	else
		snprintf(out, cap, "dt = '%s'", a);
	return true;
}

enum report { R_TOP_TALKERS, R_REJECTED, R_UNUSUAL_PORTS };

static int run_report(enum report r, const char *cmd, int argc, char **argv)
{
	struct qopts o;
	memset(&o, 0, sizeof o);
	const char *date = NULL, *allow = NULL;
	long long limit = -1;
	const struct opt_def opts[] = {
		COMMON_OPTS(o),
		{"date", 'd', OPT_STRING, &date, "DATE", "one day (2026-02-13) or a range (2026-02-13..2026-02-15)"},
		{"limit", 'n', OPT_INT, &limit, "N", "rows to show"},
		{"allow", 0, OPT_STRING, &allow, "PORTS", "unusual-ports: ports that are usual (default 80,443,22,5432,6379)"},
		{"show-sql", 0, OPT_FLAG, &o.show_sql, NULL, "print the SQL instead of running it"},
		{0},
	};
	const char *pos[4096];
	int n_pos;
	int rc = opt_parse(cmd, "[OPTIONS] PATH...", opts, argc, argv, pos, 4096, &n_pos);
	if (rc)
		return rc < 0 ? 0 : rc;
	char dp[80];
	if (!date_pred(date, dp, sizeof dp)) {
		cli_errorf("%s: --date needs YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, not '%s'", cmd, date);
		return EXIT_USAGE;
	}
	if (allow) {
		for (const char *p = allow; *p; p++)
			if (!((*p >= '0' && *p <= '9') || *p == ',' || *p == ' ')) {
				cli_errorf("%s: --allow needs a list of port numbers like 80,443", cmd);
				return EXIT_USAGE;
			}
	}
	char sql[2048];
	const char *and_dt = dp[0] ? "\nAND " : "";
	switch (r) {
	case R_TOP_TALKERS:
		snprintf(sql, sizeof sql,
			 "SELECT srcaddr, dstaddr, SUM(bytes) as total_bytes\nFROM vpc_flow_logs\n%s%s%s"
			 "GROUP BY srcaddr, dstaddr\nORDER BY total_bytes DESC\nLIMIT %lld;\n",
			 dp[0] ? "WHERE " : "", dp, dp[0] ? "\n" : "", limit > 0 ? limit : 20);
		break;
	case R_REJECTED:
		snprintf(sql, sizeof sql,
			 "SELECT srcaddr, dstport, COUNT(*) as reject_count\nFROM vpc_flow_logs\n"
			 "WHERE action = 'REJECT'%s%s\nGROUP BY srcaddr, dstport\n"
			 "ORDER BY reject_count DESC\nLIMIT %lld;\n",
			 dp[0] ? " AND " : "", dp, limit > 0 ? limit : 50);
		break;
	case R_UNUSUAL_PORTS: {
		char lim[40] = "";
		if (limit > 0)
			snprintf(lim, sizeof lim, "\nLIMIT %lld", limit);
		snprintf(sql, sizeof sql,
			 "SELECT DISTINCT dstport, srcaddr, dstaddr\nFROM vpc_flow_logs\n"
			 "WHERE dstport NOT IN (%s)\nAND action = 'ACCEPT'%s%s\nORDER BY dstport%s;\n",
			 allow ? allow : "80, 443, 22, 5432, 6379", and_dt, dp, lim);
		break;
	}
	}
	if (o.show_sql) {
		fputs(sql, stdout);
		return 0;
	}
	return run_sql(sql, &o, pos, n_pos);
}

int cmd_top_talkers(int argc, char **argv)
{
	return run_report(R_TOP_TALKERS, "top-talkers", argc, argv);
}

int cmd_rejected(int argc, char **argv)
{
	return run_report(R_REJECTED, "rejected", argc, argv);
}

int cmd_unusual_ports(int argc, char **argv)
{
	return run_report(R_UNUSUAL_PORTS, "unusual-ports", argc, argv);
}
