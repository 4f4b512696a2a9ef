/*
 * cmd_cat.c - `flowq cat`: decoded records, as csv/tsv/json/ndjson/table.
 * One thread, so records come out in input order.
 */
#include <stdlib.h>

#include "cli.h"
#include "input.h"
#include "out/out.h"

struct cat_ctx {
	struct out_writer *w;
};

static flowq_status consume(void *ctx, int tid, struct batch *b, struct flowq_error *err)
{
	struct cat_ctx *c = ctx;
	if (!out_batch(c->w, b))
		return err_set(err, FLOWQ_ERR_IO, "cannot write the output");
	return FLOWQ_OK;
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
	const struct opt_def opts[] = {
		{"format", 'f', OPT_STRING, &format, "FMT", "csv (default), tsv, json, ndjson, table or markdown"},
		{"columns", 'c', OPT_STRING, &columns, "A,B,..", "only these columns, in this order"},
		{"log-format", 0, OPT_STRING, &log_format, "FMT",
		 "format of files without a header line ('${version} ${srcaddr} ...')"},
		{"strict", 0, OPT_FLAG, &strict, NULL, "stop at the first bad line or file"},
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
	struct cat_ctx c = {out_new((enum out_format)fmt, stdout, names, types, n_cols, cli_color(stdout))};
	if (!c.w) {
		cli_input_close(&in);
		cli_errorf("out of memory");
		return EXIT_LIMIT;
	}
	struct scan_opts so = {0};
	so.threads = 1;
	cli_input_rd_config(&in, &so.rd, strict);
	so.cols = cols;
	so.n_cols = n_cols;
	so.consume = consume;
	so.consume_ctx = &c;
	struct scan_result res;
	struct flowq_error err;
	err_clear(&err);
	flowq_status st = scan_run(&in.files, &so, &res, &err);
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
