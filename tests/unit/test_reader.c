/*
 * test_reader.c - the field catalogue, log format parsing and the record
 * reader: headers, default and custom formats, '-' as NULL, addresses,
 * spacing and line ends, millisecond times, every bad-line reason with its
 * exact message, strict mode, mid-file headers, JSON-wrapped lines, large
 * batches and chunk boundaries, column selection and path partitions.
 *
 * Every read goes through one harness (struct h) that renders the rows as
 * "v1|v2|..." text (NULL as \N), collects the problem messages and checks
 * the reader's invariants: records == parsed + skipped, lines == blank +
 * headers + records, rows handed out == parsed, batches within RD_BATCH,
 * column types as the catalogue says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "format/fields.h"
#include "format/reader.h"
#include "io/files.h"
#include "t.h"

/* ---- the field catalogue ---------------------------------------------- */

/* The fields AWS defines, by version, written out independently of fields.h
 * (AWS "Available fields" table). */
static const struct {
	const char *aws;
	int version;
	enum fld_kind kind;
	int64_t max;
} aws_fields[] = {
	{"version", 2, FK_INT32, 255},
	{"account-id", 2, FK_ACCOUNT, 0},
	{"interface-id", 2, FK_STRING, 0},
	{"srcaddr", 2, FK_ADDR, 0},
	{"dstaddr", 2, FK_ADDR, 0},
	{"srcport", 2, FK_INT32, 65535},
	{"dstport", 2, FK_INT32, 65535},
	{"protocol", 2, FK_INT32, 255},
	{"packets", 2, FK_INT64, 0},
	{"bytes", 2, FK_INT64, 0},
	{"start", 2, FK_INT64, 0},
	{"end", 2, FK_INT64, 0},
	{"action", 2, FK_STRING, 0},
	{"log-status", 2, FK_STRING, 0},
	{"vpc-id", 3, FK_STRING, 0},
	{"subnet-id", 3, FK_STRING, 0},
	{"instance-id", 3, FK_STRING, 0},
	{"tcp-flags", 3, FK_INT32, 255},
	{"type", 3, FK_STRING, 0},
	{"pkt-srcaddr", 3, FK_ADDR, 0},
	{"pkt-dstaddr", 3, FK_ADDR, 0},
	{"region", 4, FK_STRING, 0},
	{"az-id", 4, FK_STRING, 0},
	{"sublocation-type", 4, FK_STRING, 0},
	{"sublocation-id", 4, FK_STRING, 0},
	{"pkt-src-aws-service", 5, FK_STRING, 0},
	{"pkt-dst-aws-service", 5, FK_STRING, 0},
	{"flow-direction", 5, FK_STRING, 0},
	{"traffic-path", 5, FK_INT32, 255},
	{"resource-type", 6, FK_STRING, 0},
	{"tgw-id", 6, FK_STRING, 0},
	{"tgw-attachment-id", 6, FK_STRING, 0},
	{"tgw-src-vpc-account-id", 6, FK_ACCOUNT, 0},
	{"tgw-dst-vpc-account-id", 6, FK_ACCOUNT, 0},
	{"tgw-src-vpc-id", 6, FK_STRING, 0},
	{"tgw-dst-vpc-id", 6, FK_STRING, 0},
	{"tgw-src-subnet-id", 6, FK_STRING, 0},
	{"tgw-dst-subnet-id", 6, FK_STRING, 0},
	{"tgw-src-eni", 6, FK_STRING, 0},
	{"tgw-dst-eni", 6, FK_STRING, 0},
	{"tgw-src-az-id", 6, FK_STRING, 0},
	{"tgw-dst-az-id", 6, FK_STRING, 0},
	{"tgw-pair-attachment-id", 6, FK_STRING, 0},
	{"packets-lost-no-route", 6, FK_INT64, 0},
	{"packets-lost-blackhole", 6, FK_INT64, 0},
	{"packets-lost-mtu-exceeded", 6, FK_INT64, 0},
	{"packets-lost-ttl-expired", 6, FK_INT64, 0},
	{"ecs-cluster-arn", 7, FK_STRING, 0},
	{"ecs-cluster-name", 7, FK_STRING, 0},
	{"ecs-container-instance-arn", 7, FK_STRING, 0},
	{"ecs-container-instance-id", 7, FK_STRING, 0},
	{"ecs-container-id", 7, FK_STRING, 0},
	{"ecs-second-container-id", 7, FK_STRING, 0},
	{"ecs-service-name", 7, FK_STRING, 0},
	{"ecs-task-definition-arn", 7, FK_STRING, 0},
	{"ecs-task-arn", 7, FK_STRING, 0},
	{"ecs-task-id", 7, FK_STRING, 0},
	{"reject-reason", 8, FK_STRING, 0},
};

static int lookup(const char *z)
{
	return fld_lookup(z, strlen(z));
}

TEST(fields_catalogue_matches_aws)
{
	CHECK_INT(FLD_COUNT, FQ_ARRAY_LEN(aws_fields));
	for (size_t i = 0; i < FQ_ARRAY_LEN(aws_fields); i++) {
		int id = lookup(aws_fields[i].aws);
		CHECK_INT(id, (int)i); /* table order is AWS's order */
		if (id < 0)
			continue;
		const struct fld_def *d = &fld_defs[id];
		CHECK_STR(d->aws_name, aws_fields[i].aws);
		CHECK_INT(d->version, aws_fields[i].version);
		CHECK_INT(d->kind, aws_fields[i].kind);
		CHECK_INT(d->max, aws_fields[i].max);
		CHECK(d->meaning && d->meaning[0]);
		/* the column is the AWS name with '_' for '-' */
		char col[64];
		snprintf(col, sizeof col, "%s", aws_fields[i].aws);
		for (char *c = col; *c; c++)
			if (*c == '-')
				*c = '_';
		CHECK_STR(d->column, col);
		CHECK_INT(lookup(col), id);
		/* upper case and mixed separators fold to the same field */
		char up[64];
		for (size_t j = 0; j <= strlen(col); j++)
			up[j] = (char)(col[j] >= 'a' && col[j] <= 'z' ? col[j] - 32 : col[j]);
		CHECK_INT(lookup(up), id);
		enum fq_type want = d->kind == FK_INT32   ? T_INTEGER
				    : d->kind == FK_INT64 ? T_BIGINT
							  : T_VARCHAR;
		CHECK_INT(fld_sql_type(id), want);
	}
}

TEST(fields_lookup_folding_and_aliases)
{
	CHECK_INT(lookup("log-status"), FLD_LOG_STATUS);
	CHECK_INT(lookup("log_status"), FLD_LOG_STATUS);
	CHECK_INT(lookup("Log-Status"), FLD_LOG_STATUS);
	CHECK_INT(lookup("LOG_STATUS"), FLD_LOG_STATUS);
	CHECK_INT(lookup("pkt_src-aws_service"), FLD_PKT_SRC_AWS_SERVICE);
	CHECK_INT(lookup("start_time"), FLD_START);
	CHECK_INT(lookup("START-TIME"), FLD_START);
	CHECK_INT(lookup("end_time"), FLD_END);
	CHECK_INT(lookup("End-Time"), FLD_END);
	CHECK_INT(lookup("start"), FLD_START);
	CHECK_INT(lookup("end"), FLD_END);
	/* near misses are unknown */
	CHECK_INT(lookup("versio"), -1);
	CHECK_INT(lookup("version2"), -1);
	CHECK_INT(lookup("srcaddr "), -1);
	CHECK_INT(lookup("log status"), -1);
	CHECK_INT(lookup(""), -1);
	CHECK_INT(lookup("start_times"), -1);
	CHECK_INT(lookup("dt"), -1); /* partitions are not catalogue fields */
	/* a slice, not a C string */
	CHECK_INT(fld_lookup("srcaddr dstaddr", 7), FLD_SRCADDR);
	CHECK_INT(fld_lookup("dstport", 3), -1);
}

TEST(fields_default_v2_and_partitions)
{
	const char *v2[] = {"version", "account-id", "interface-id", "srcaddr", "dstaddr",
			    "srcport", "dstport", "protocol", "packets", "bytes",
			    "start", "end", "action", "log-status"};
	for (int i = 0; i < 14; i++)
		CHECK_INT(fld_default_v2[i], lookup(v2[i]));
	struct fmt f;
	fmt_default(&f);
	CHECK_INT(f.n, 14);
	for (int i = 0; i < 14; i++)
		CHECK_INT(f.col[i], lookup(v2[i]));
	CHECK_INT(PART_COUNT, 5);
	CHECK_STR(part_column_name(COL_DT), "dt");
	CHECK_STR(part_column_name(COL_YEAR), "year");
	CHECK_STR(part_column_name(COL_MONTH), "month");
	CHECK_STR(part_column_name(COL_DAY), "day");
	CHECK_STR(part_column_name(COL_HOUR), "hour");
	CHECK(part_column_name(COL_EXTRA) == NULL);
	CHECK(part_column_name(FLD_VERSION) == NULL);
	CHECK(part_column_name(-1) == NULL);
}

/* ---- fmt_parse and extra columns -------------------------------------- */

TEST(fmt_parse_aws_syntax)
{
	struct fmt f;
	struct flowq_error err;
	err_clear(&err);
	CHECK_INT(fmt_parse(&f,
			    "${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} "
			    "${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "
			    "${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} "
			    "${end} ${action} ${tcp-flags} ${log-status}",
			    NULL, &err),
		  FLOWQ_OK);
	int want[] = {FLD_VERSION, FLD_VPC_ID, FLD_SUBNET_ID, FLD_INSTANCE_ID, FLD_INTERFACE_ID,
		      FLD_ACCOUNT_ID, FLD_TYPE, FLD_SRCADDR, FLD_DSTADDR, FLD_SRCPORT, FLD_DSTPORT,
		      FLD_PKT_SRCADDR, FLD_PKT_DSTADDR, FLD_PROTOCOL, FLD_BYTES, FLD_PACKETS,
		      FLD_START, FLD_END, FLD_ACTION, FLD_TCP_FLAGS, FLD_LOG_STATUS};
	CHECK_INT(f.n, FQ_ARRAY_LEN(want));
	for (int i = 0; i < f.n && i < (int)FQ_ARRAY_LEN(want); i++)
		CHECK_INT(f.col[i], want[i]);
	/* no spaces between, upper case, start_time alias */
	CHECK_INT(fmt_parse(&f, "${Version}${SRCADDR}${start_time}", NULL, &err), FLOWQ_OK);
	CHECK_INT(f.n, 3);
	CHECK_INT(f.col[0], FLD_VERSION);
	CHECK_INT(f.col[1], FLD_SRCADDR);
	CHECK_INT(f.col[2], FLD_START);
}

TEST(fmt_parse_plain_lists)
{
	struct fmt f;
	struct flowq_error err;
	err_clear(&err);
	CHECK_INT(fmt_parse(&f, "instance_id interface-id  srcaddr,dstaddr\tpkt_srcaddr\npkt-dstaddr\r\n",
			    NULL, &err),
		  FLOWQ_OK);
	int want[] = {FLD_INSTANCE_ID, FLD_INTERFACE_ID, FLD_SRCADDR, FLD_DSTADDR, FLD_PKT_SRCADDR,
		      FLD_PKT_DSTADDR};
	CHECK_INT(f.n, 6);
	for (int i = 0; i < 6 && i < f.n; i++)
		CHECK_INT(f.col[i], want[i]);
	/* a list with both spellings mixed with ${} */
	CHECK_INT(fmt_parse(&f, "version ${account-id} account_id", NULL, &err), FLOWQ_OK);
	CHECK_INT(f.n, 3);
	CHECK_INT(f.col[1], FLD_ACCOUNT_ID);
	CHECK_INT(f.col[2], FLD_ACCOUNT_ID);
}

TEST(fmt_parse_unknown_names_become_extras)
{
	struct extra_cols x;
	extras_init(&x);
	struct fmt f;
	struct flowq_error err;
	err_clear(&err);
	CHECK_INT(fmt_parse(&f, "${version} ${My-Tag} srcaddr ${other_field} my_tag", &x, &err),
		  FLOWQ_OK);
	CHECK_INT(f.n, 5);
	CHECK_INT(f.col[0], FLD_VERSION);
	CHECK_INT(f.col[1], COL_EXTRA);
	CHECK_INT(f.col[2], FLD_SRCADDR);
	CHECK_INT(f.col[3], COL_EXTRA + 1);
	CHECK_INT(f.col[4], COL_EXTRA); /* "my_tag" is "My-Tag" folded */
	CHECK_INT(x.n, 2);
	CHECK_STR(x.names[0], "my_tag");
	CHECK_STR(x.names[1], "other_field");
	CHECK_INT(extras_find(&x, "MY-TAG", 6), COL_EXTRA);
	CHECK_INT(extras_find(&x, "other-field", 11), COL_EXTRA + 1);
	CHECK_INT(extras_find(&x, "nope", 4), -1);
	extras_free(&x);
	extras_free(NULL);
}

TEST(fmt_parse_errors)
{
	struct fmt f;
	struct flowq_error err;
	err_clear(&err);
	CHECK_INT(fmt_parse(&f, "version bogus-field srcaddr", NULL, &err), FLOWQ_ERR_USAGE);
	CHECK_STR(err.msg, "log format: unknown field 'bogus-field'");
	CHECK_INT(fmt_parse(&f, "${version} ${srcaddr", NULL, &err), FLOWQ_ERR_USAGE);
	CHECK_STR(err.msg, "log format: expected '}' after '${srcaddr' at offset 20");
	CHECK_INT(fmt_parse(&f, "${version) x", NULL, &err), FLOWQ_ERR_USAGE);
	CHECK_STR(err.msg, "log format: expected '}' after '${version' at offset 9");
	CHECK_INT(fmt_parse(&f, "version $srcaddr", NULL, &err), FLOWQ_ERR_USAGE);
	CHECK_STR(err.msg, "log format: unexpected '$' at offset 8");
	CHECK_INT(fmt_parse(&f, "version; srcaddr", NULL, &err), FLOWQ_ERR_USAGE);
	CHECK_STR(err.msg, "log format: unexpected ';' at offset 7");
	CHECK_INT(fmt_parse(&f, "", NULL, &err), FLOWQ_ERR_USAGE);
	CHECK_STR(err.msg, "log format: no fields");
	CHECK_INT(fmt_parse(&f, " , \t\n", NULL, &err), FLOWQ_ERR_USAGE);
	CHECK_STR(err.msg, "log format: no fields");
	CHECK_INT(fmt_parse(&f, "${}", NULL, &err), FLOWQ_ERR_USAGE);
	CHECK_STR(err.msg, "log format: expected a field name after '${' at offset 2");
	/* more than RD_MAX_FIELDS fields */
	struct buf b = {0};
	for (int i = 0; i <= RD_MAX_FIELDS; i++)
		buf_adds(&b, "srcport ");
	buf_nul(&b);
	CHECK_INT(fmt_parse(&f, b.p, NULL, &err), FLOWQ_ERR_LIMIT);
	CHECK_STR(err.msg, "log format: more than 128 fields");
	buf_free(&b);
}

TEST(extras_limits)
{
	struct extra_cols x;
	extras_init(&x);
	char name[32];
	for (int i = 0; i < RD_MAX_EXTRAS; i++) {
		snprintf(name, sizeof name, "x%d", i);
		CHECK_INT(extras_intern(&x, name, strlen(name)), COL_EXTRA + i);
	}
	CHECK_INT(extras_intern(&x, "one-more", 8), -1);
	CHECK_INT(extras_intern(&x, "x7", 2), COL_EXTRA + 7); /* known names still resolve */
	char longname[200];
	memset(longname, 'a', sizeof longname);
	CHECK_INT(extras_find(&x, longname, sizeof longname), -1);
	extras_free(&x);

	extras_init(&x);
	CHECK_INT(extras_intern(&x, longname, 127), COL_EXTRA);
	CHECK_INT(extras_intern(&x, longname, 128), -1); /* over the name bound */
	/* a format with one unknown name too many */
	struct fmt f;
	struct flowq_error err;
	err_clear(&err);
	for (int i = 1; i < RD_MAX_EXTRAS; i++) {
		snprintf(name, sizeof name, "y%d", i);
		extras_intern(&x, name, strlen(name));
	}
	CHECK_INT(fmt_parse(&f, "version brand-new", &x, &err), FLOWQ_ERR_LIMIT);
	CHECK_STR(err.msg, "log format: too many unknown fields");
	extras_free(&x);
}

/* ---- the read harness ------------------------------------------------- */

struct h {
	struct extra_cols x;
	struct rd_config cfg;
	char *msgs[256];
	int n_msgs;
	char **rows;
	int n_rows, cap_rows;
	int batches;
	uint32_t max_batch;
	flowq_status st;
	struct flowq_error err;
	struct rd_stats stats;
	struct fmt formats[16];
	bool from_header[16];
	int n_formats;
};

static void on_issue(void *ctx, const char *msg)
{
	struct h *h = ctx;
	if (h->n_msgs < (int)FQ_ARRAY_LEN(h->msgs))
		h->msgs[h->n_msgs++] = strdup(msg);
}

static void on_format(void *ctx, const struct src_file *f, const struct fmt *fmt, bool hdr)
{
	struct h *h = ctx;
	if (h->n_formats < (int)FQ_ARRAY_LEN(h->formats)) {
		h->formats[h->n_formats] = *fmt;
		h->from_header[h->n_formats] = hdr;
		h->n_formats++;
	}
}

static void h_init(struct h *h)
{
	memset(h, 0, sizeof *h);
	extras_init(&h->x);
	h->cfg.extras = &h->x;
	h->cfg.on_issue = on_issue;
	h->cfg.issue_ctx = h;
	h->cfg.on_format = on_format;
	h->cfg.format_ctx = h;
	h->cfg.issues_per_file = 1000;
	err_clear(&h->err);
}

static void h_free(struct h *h)
{
	for (int i = 0; i < h->n_msgs; i++)
		free(h->msgs[i]);
	for (int i = 0; i < h->n_rows; i++)
		free(h->rows[i]);
	free(h->rows);
	extras_free(&h->x);
}

static enum fq_type col_type(int col)
{
	return col < FLD_COUNT ? fld_sql_type(col) : T_VARCHAR;
}

static void add_row(struct h *h, const struct batch *b, uint32_t i)
{
	struct buf line = {0};
	for (uint32_t k = 0; k < b->n_cols; k++) {
		const struct vec *v = &b->cols[k];
		if (k)
			buf_addc(&line, '|');
		if (vec_is_null(v, i))
			buf_adds(&line, "\\N");
		else if (v->type == T_VARCHAR)
			buf_add(&line, v->s[i].p, v->s[i].len);
		else
			buf_printf(&line, "%lld", (long long)v->i64[i]);
	}
	buf_nul(&line);
	if (h->n_rows == h->cap_rows) {
		h->cap_rows = h->cap_rows ? h->cap_rows * 2 : 64;
		h->rows = realloc(h->rows, (size_t)h->cap_rows * sizeof *h->rows);
	}
	h->rows[h->n_rows++] = line.p ? line.p : strdup("");
}

/* Read files with one reader; returns the first error status (or OK). */
static flowq_status h_read_files(struct h *h, const char *const *paths, int n_paths,
				 const int *cols, int n_cols)
{
	struct src_file files[8];
	struct reader *r = rd_new(&h->cfg, cols, n_cols, &h->err);
	CHECK(r != NULL);
	if (!r)
		return h->err.code;
	flowq_status st = FLOWQ_OK;
	for (int p = 0; p < n_paths && !st; p++) {
		struct src_file *f = &files[p];
		memset(f, 0, sizeof *f);
		src_classify(f, paths[p]);
		f->path = (char *)paths[p];
		f->index = p;
		st = rd_open(r, f, &h->err);
		while (!st) {
			struct batch *b = NULL;
			st = rd_next(r, &b, &h->err);
			if (st || !b)
				break;
			h->batches++;
			CHECK(b->n > 0);
			CHECK(b->n <= RD_BATCH);
			CHECK_INT(b->n_cols, n_cols);
			CHECK(b->file == f);
			if (b->n > h->max_batch)
				h->max_batch = b->n;
			for (int k = 0; k < n_cols; k++)
				CHECK_INT(b->cols[k].type, col_type(cols[k]));
			for (uint32_t i = 0; i < b->n; i++)
				add_row(h, b, i);
		}
	}
	rd_close(r);
	h->stats = *rd_get_stats(r);
	rd_free(r);
	h->st = st;
	const struct rd_stats *s = &h->stats;
	CHECK_INT(s->records, s->parsed + s->skipped);
	CHECK_INT(s->lines, s->blank + s->headers + s->records);
	uint64_t by_reason = 0;
	for (int i = 0; i < RR_COUNT; i++)
		by_reason += s->by_reason[i];
	CHECK_INT(by_reason, s->skipped);
	if (!st)
		CHECK_INT(h->n_rows, s->parsed - s->ruled_out); /* ruled-out lines give no row */
	return st;
}

static flowq_status h_read(struct h *h, const char *path, const int *cols, int n_cols)
{
	return h_read_files(h, &path, 1, cols, n_cols);
}

static const char *row(struct h *h, int i)
{
	return i < h->n_rows ? h->rows[i] : "(no such row)";
}

static const char *msg(struct h *h, int i)
{
	return i < h->n_msgs ? h->msgs[i] : "(no such message)";
}

/* A file in the scratch directory; returns its path (static storage, 8 slots). */
static const char *wfile(const char *name, const char *content, size_t n)
{
	static char paths[8][512];
	static int next;
	char *p = paths[next++ % 8];
	snprintf(p, 512, "%s/%s", t_tmpdir(), name);
	FILE *fp = fopen(p, "wb");
	if (fp) {
		fwrite(content, 1, n, fp);
		fclose(fp);
	} else {
		t_failures++;
	}
	return p;
}

static const char *wtext(const char *name, const char *content)
{
	return wfile(name, content, strlen(content));
}

static char *fmtmsg(const char *fmt, const char *path)
{
	static char out[4][1024];
	static int next;
	char *o = out[next++ % 4];
	snprintf(o, 1024, fmt, path);
	return o;
}

#define V2 fld_default_v2, 14

#define L_ACCEPT "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"
#define R_ACCEPT "2|123456789010|eni-1235b8ca123456789|172.31.16.139|172.31.16.21|20641|22|6|20|4249|1418530010|1418530070|ACCEPT|OK"
#define L_NODATA "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA"
#define R_NODATA "2|123456789010|eni-1235b8ca123456789|\\N|\\N|\\N|\\N|\\N|\\N|\\N|1431280876|1431280934|\\N|NODATA"
#define L_SKIP "2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA"
#define R_SKIP "2|123456789010|eni-11111111aaaaaaaaa|\\N|\\N|\\N|\\N|\\N|\\N|\\N|1431280876|1431280934|\\N|SKIPDATA"
#define HDR_V2 "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"

/* ---- good input --------------------------------------------------------- */

TEST(reader_default_v2)
{
	struct h h;
	h_init(&h);
	const char *p = wtext("v2.log", L_ACCEPT "\n" L_NODATA "\n" L_SKIP "\n");
	CHECK_INT(h_read(&h, p, V2), FLOWQ_OK);
	CHECK_INT(h.n_rows, 3);
	CHECK_STR(row(&h, 0), R_ACCEPT);
	CHECK_STR(row(&h, 1), R_NODATA);
	CHECK_STR(row(&h, 2), R_SKIP);
	CHECK_INT(h.stats.records, 3);
	CHECK_INT(h.stats.parsed, 3);
	CHECK_INT(h.stats.headers, 0);
	CHECK_INT(h.stats.files, 1);
	CHECK_INT(h.stats.files_ok, 1);
	CHECK_INT(h.stats.min_start, 1418530010);
	CHECK_INT(h.stats.max_end, 1431280934);
	CHECK_INT(h.stats.bytes_in, strlen(L_ACCEPT L_NODATA L_SKIP) + 3);
	CHECK_INT(h.n_msgs, 0);
	/* the file's format: the default, not from a header */
	CHECK_INT(h.n_formats, 1);
	CHECK(!h.from_header[0]);
	CHECK_INT(h.formats[0].n, 14);
	h_free(&h);
}

TEST(reader_header_hyphens_and_underscores)
{
	const char *headers[] = {
		HDR_V2,
		"version account_id interface_id srcaddr dstaddr srcport dstport protocol packets bytes start end action log_status",
		"VERSION Account-Id interface_id SRCADDR dstaddr srcport dstport protocol packets bytes start_time end_time action LOG-STATUS",
	};
	for (size_t i = 0; i < FQ_ARRAY_LEN(headers); i++) {
		struct h h;
		h_init(&h);
		struct buf b = {0};
		buf_printf(&b, "%s\n%s\n", headers[i], L_ACCEPT);
		const char *p = wfile("hdr.log", b.p, b.len);
		CHECK_INT(h_read(&h, p, V2), FLOWQ_OK);
		CHECK_INT(h.n_rows, 1);
		CHECK_STR(row(&h, 0), R_ACCEPT);
		CHECK_INT(h.stats.headers, 1);
		CHECK_INT(h.stats.records, 1);
		CHECK_INT(h.stats.lines, 2);
		CHECK_INT(h.n_formats, 1);
		CHECK(h.from_header[0]);
		CHECK_INT(h.x.n, 0);
		buf_free(&b);
		h_free(&h);
	}
}

TEST(reader_header_decides_column_order)
{
	/* flowlogs-reader's v3 file: header in its own order */
	struct h h;
	h_init(&h);
	const char *p = wtext("v3.log",
			      "account-id bytes dstaddr dstport end instance-id packets pkt-dstaddr "
			      "pkt-srcaddr protocol srcaddr srcport start subnet-id tcp-flags type version vpc-id\n"
			      "000000000000 6392 172.18.160.93 47460 1568300425 i-06f9249b 10 172.18.160.93 "
			      "192.168.0.1 6 172.18.160.68 443 1568300367 subnet-089e7569 19 IPv4 3 vpc-0461a061\n");
	int cols[] = {FLD_VERSION, FLD_SRCADDR, FLD_SRCPORT, FLD_PKT_SRCADDR, FLD_TCP_FLAGS,
		      FLD_START, FLD_END, FLD_ACCOUNT_ID, FLD_ACTION};
	CHECK_INT(h_read(&h, p, cols, 9), FLOWQ_OK);
	CHECK_STR(row(&h, 0), "3|172.18.160.68|443|192.168.0.1|19|1568300367|1568300425|000000000000|\\N");
	h_free(&h);
}

TEST(reader_header_with_unknown_fields)
{
	/* at least half the names known: a header; the rest become string columns */
	struct h h;
	h_init(&h);
	const char *p = wtext("unk.log", "version srcaddr my-tag Other_Thing\n"
					 "5 10.0.0.1 blue 42\n"
					 "5 10.0.0.2 - x\n");
	int cols[] = {FLD_VERSION, FLD_SRCADDR, COL_EXTRA, COL_EXTRA + 1};
	CHECK_INT(h_read(&h, p, cols, 4), FLOWQ_OK);
	CHECK_INT(h.x.n, 2);
	CHECK_STR(h.x.names[0], "my_tag");
	CHECK_STR(h.x.names[1], "other_thing");
	CHECK_STR(row(&h, 0), "5|10.0.0.1|blue|42");
	CHECK_STR(row(&h, 1), "5|10.0.0.2|\\N|x");
	CHECK_INT(h.n_msgs, 2);
	CHECK_STR(msg(&h, 0), fmtmsg("warning: %s:1: unknown field 'my-tag' kept as a string column", p));
	CHECK_STR(msg(&h, 1),
		  fmtmsg("warning: %s:1: unknown field 'Other_Thing' kept as a string column", p));
	h_free(&h);

	/* fewer than half known: not a header, a bad record */
	h_init(&h);
	p = wtext("unk2.log", "foo bar baz version\n");
	CHECK_INT(h_read(&h, p, V2), FLOWQ_OK);
	CHECK_INT(h.stats.headers, 0);
	CHECK_INT(h.stats.skipped, 1);
	CHECK_INT(h.stats.by_reason[RR_FIELD_COUNT], 1);
	CHECK_STR(msg(&h, 0),
		  fmtmsg("%s:1: field 5 (dstaddr): missing: the line has 4 fields, the format 14", p));
	h_free(&h);
}

TEST(reader_custom_format_from_config)
{
	/* the NAT gateway example: a record may start with '-' */
	struct h h;
	h_init(&h);
	struct fmt f;
	struct flowq_error err;
	CHECK_INT(fmt_parse(&f, "${instance-id} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} "
				"${pkt-dstaddr}",
			    NULL, &err),
		  FLOWQ_OK);
	h.cfg.default_fmt = &f;
	const char *p = wtext("nat.log",
			      "- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5\n"
			      "i-01234567890123456 eni-1111aaaa2222bbbb3 10.0.1.5 203.0.113.5 10.0.1.5 203.0.113.5\n");
	int cols[] = {FLD_INSTANCE_ID, FLD_INTERFACE_ID, FLD_SRCADDR, FLD_DSTADDR, FLD_PKT_SRCADDR,
		      FLD_PKT_DSTADDR, FLD_VERSION, FLD_START};
	CHECK_INT(h_read(&h, p, cols, 8), FLOWQ_OK);
	CHECK_STR(row(&h, 0), "\\N|eni-1235b8ca123456789|10.0.1.5|10.0.0.220|10.0.1.5|203.0.113.5|\\N|\\N");
	CHECK_STR(row(&h, 1),
		  "i-01234567890123456|eni-1111aaaa2222bbbb3|10.0.1.5|203.0.113.5|10.0.1.5|203.0.113.5|\\N|\\N");
	CHECK_INT(h.stats.min_start, 0); /* no start values at all */
	CHECK_INT(h.stats.max_end, 0);
	CHECK_INT(h.n_formats, 1);
	CHECK(!h.from_header[0]);
	CHECK_INT(h.formats[0].n, 6);
	h_free(&h);
}

TEST(reader_dash_is_null_for_every_kind)
{
	/* tcp-flag-sequence SKIPDATA: ten '-' fields of int, string, addr kinds */
	struct h h;
	h_init(&h);
	const char *p = wtext("dash.log",
			      "version vpc-id subnet-id instance-id interface-id account-id type srcaddr "
			      "dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start "
			      "end action tcp-flags log-status\n"
			      "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 - eni-1235b8ca123456789 - "
			      "- - - - - - - - - - 1566848875 1566848933 - - SKIPDATA\n");
	int cols[] = {FLD_VERSION, FLD_INSTANCE_ID, FLD_ACCOUNT_ID, FLD_TYPE,
		      FLD_SRCADDR, FLD_SRCPORT, FLD_PKT_DSTADDR, FLD_PROTOCOL,
		      FLD_BYTES, FLD_ACTION, FLD_TCP_FLAGS, FLD_LOG_STATUS};
	CHECK_INT(h_read(&h, p, cols, 12), FLOWQ_OK);
	CHECK_STR(row(&h, 0), "3|\\N|\\N|\\N|\\N|\\N|\\N|\\N|\\N|\\N|\\N|SKIPDATA");
	/* '-' inside a token is a value, "--" too */
	h_free(&h);
	h_init(&h);
	p = wtext("dash2.log", "2 123456789010 -- - - - - - - - 1 2 ACC-EPT -\n");
	CHECK_INT(h_read(&h, p, V2), FLOWQ_OK);
	CHECK_STR(row(&h, 0), "2|123456789010|--|\\N|\\N|\\N|\\N|\\N|\\N|\\N|1|2|ACC-EPT|\\N");
	h_free(&h);
}

TEST(reader_addresses)
{
	struct h h;
	h_init(&h);
	const char *p = wtext(
		"addr.log",
		"2 123456789010 eni-1 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK\n"
		"2 123456789010 eni-2 2a02:cf40:: 1.128.0.0 1 2 17 1 1 1 2 REJECT OK\n"
		"2 123456789010 eni-3 :: ::1 0 0 58 1 1 1 2 ACCEPT OK\n"
		"2 123456789010 eni-4 ::ffff:10.0.0.1 0.0.0.0 0 0 1 1 1 1 2 ACCEPT OK\n"
		"2 123456789010 eni-5 255.255.255.255 FE80::1 0 0 1 1 1 1 2 ACCEPT OK\n");
	int cols[] = {FLD_INTERFACE_ID, FLD_SRCADDR, FLD_DSTADDR};
	CHECK_INT(h_read(&h, p, cols, 3), FLOWQ_OK);
	CHECK_INT(h.n_rows, 5);
	/* kept as written, not canonicalised */
	CHECK_STR(row(&h, 0), "eni-1|2001:db8:1234:a100:8d6e:3477:df66:f105|2001:db8:1234:a102:3304:8879:34cf:4071");
	CHECK_STR(row(&h, 1), "eni-2|2a02:cf40::|1.128.0.0");
	CHECK_STR(row(&h, 2), "eni-3|::|::1");
	CHECK_STR(row(&h, 3), "eni-4|::ffff:10.0.0.1|0.0.0.0");
	CHECK_STR(row(&h, 4), "eni-5|255.255.255.255|FE80::1");
	CHECK_INT(h.n_msgs, 0);
	h_free(&h);
}

TEST(reader_spacing_and_line_ends)
{
	/* runs of spaces are one separator; leading/trailing spaces, CRLF, blank
	 * lines, and a last line without newline */
	struct h h;
	h_init(&h);
	const char *p = wtext("spaces.log",
			      "   \n"
			      "2  123456789010   eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK  \n"
			      "\n"
			      "  " L_NODATA "\r\n"
			      "\r\n" L_SKIP);
	CHECK_INT(h_read(&h, p, V2), FLOWQ_OK);
	CHECK_INT(h.n_rows, 3);
	CHECK_STR(row(&h, 0), R_ACCEPT);
	CHECK_STR(row(&h, 1), R_NODATA);
	CHECK_STR(row(&h, 2), R_SKIP);
	CHECK_INT(h.stats.blank, 3);
	CHECK_INT(h.stats.lines, 6);
	CHECK_INT(h.n_msgs, 0);
	h_free(&h);

	/* a file that is only a header, and one that is only blank lines */
	h_init(&h);
	p = wtext("onlyhdr.log", HDR_V2);
	CHECK_INT(h_read(&h, p, V2), FLOWQ_OK);
	CHECK_INT(h.n_rows, 0);
	CHECK_INT(h.stats.headers, 1);
	CHECK_INT(h.stats.records, 0);
	CHECK_INT(h.stats.files_ok, 1);
	h_free(&h);
	h_init(&h);
	p = wtext("blank.log", "\n\n  \n");
	CHECK_INT(h_read(&h, p, V2), FLOWQ_OK);
	CHECK_INT(h.stats.blank, 3);
	CHECK_INT(h.stats.records, 0);
	CHECK_INT(h.n_formats, 0);
	h_free(&h);
}

TEST(reader_millisecond_times)
{
	/* start/end above 2^31-1 are milliseconds: divided by 1000 */
	struct h h;
	h_init(&h);
	const char *p = wtext("ms.log",
			      "2 123456789010 eni-4b118871 - - - - - - - 1512564058000 1512564059000 - SKIPDATA\n"
			      "2 123456789010 eni-a - - - - - - - 2147483647 2147483648 - NODATA\n"
			      "2 123456789010 eni-b - - - - - - - 164000066 0 - NODATA\n"
			      "2 123456789010 eni-c - - - - - - - 1512564058999 9223372036854775807 - NODATA\n");
	int cols[] = {FLD_INTERFACE_ID, FLD_START, FLD_END};
	CHECK_INT(h_read(&h, p, cols, 3), FLOWQ_OK);
	CHECK_STR(row(&h, 0), "eni-4b118871|1512564058|1512564059");
	CHECK_STR(row(&h, 1), "eni-a|2147483647|2147483");
	CHECK_STR(row(&h, 2), "eni-b|164000066|0");
	CHECK_STR(row(&h, 3), "eni-c|1512564058|9223372036854775");
	CHECK_INT(h.stats.min_start, 164000066);
	CHECK_INT(h.stats.max_end, 9223372036854775LL);
	/* other 64-bit fields are not scaled */
	h_free(&h);
	h_init(&h);
	p = wtext("big.log", "2 123456789010 eni-a 1.2.3.4 5.6.7.8 1 2 6 9223372036854775807 "
			     "1512564058000 1 2 ACCEPT OK\n");
	int cols2[] = {FLD_PACKETS, FLD_BYTES};
	CHECK_INT(h_read(&h, p, cols2, 2), FLOWQ_OK);
	CHECK_STR(row(&h, 0), "9223372036854775807|1512564058000");
	h_free(&h);
}

TEST(reader_account_ids)
{
	struct h h;
	h_init(&h);
	const char *p = wtext("acct.log",
			      "2 unknown eni-a - - - - - - - 1 2 - NODATA\n"
			      "2 000000000000 eni-b - - - - - - - 1 2 - NODATA\n"
			      "2 64111117617 eni-c - - - - - - - 1 2 - NODATA\n"
			      "2 - eni-d - - - - - - - 1 2 - NODATA\n"
			      "2 UNKNOWN eni-e - - - - - - - 1 2 - NODATA\n"
			      "2 12345678901a eni-f - - - - - - - 1 2 - NODATA\n"
			      "2 123456789012345678901234567890123 eni-g - - - - - - - 1 2 - NODATA\n");
	int cols[] = {FLD_ACCOUNT_ID, FLD_INTERFACE_ID};
	CHECK_INT(h_read(&h, p, cols, 2), FLOWQ_OK);
	CHECK_INT(h.n_rows, 4);
	CHECK_STR(row(&h, 0), "unknown|eni-a");
	CHECK_STR(row(&h, 1), "000000000000|eni-b");
	CHECK_STR(row(&h, 2), "64111117617|eni-c");
	CHECK_STR(row(&h, 3), "\\N|eni-d");
	CHECK_INT(h.stats.by_reason[RR_BAD_ACCOUNT], 3);
	CHECK_STR(msg(&h, 0), fmtmsg("%s:5: field 2 (account-id): invalid account ID: 'UNKNOWN'", p));
	CHECK_STR(msg(&h, 1), fmtmsg("%s:6: field 2 (account-id): invalid account ID: '12345678901a'", p));
	CHECK_STR(msg(&h, 2),
		  fmtmsg("%s:7: field 2 (account-id): invalid account ID: '123456789012345678901234567890123'",
			 p));
	h_free(&h);
}

/*
 * Numbers of every length 1..20 (the word-at-a-time parser takes 1..16, a
 * loop the rest), with leading zeros, and with a non-digit at every position:
 * each value must match strtoull, each bad one must be skipped with its reason.
 */
TEST(reader_numbers_every_length_and_bad_digit)
{
	struct h h;
	h_init(&h);
	struct buf text = {0};
	char want[64][24];
	int n_want = 0, n_bad = 0, n_range = 0;
	uint64_t seed = 12345;
	for (int len = 1; len <= 20; len++) {
		char num[24];
		for (int j = 0; j < len; j++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			num[j] = (char)('0' + (seed >> 33) % 10);
		}
		if (len == 20)
			num[0] = '1'; /* fits in 64 bits but not in bytes' int64 */
		num[len] = 0;
		buf_printf(&text, "2 1 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 %s 1 2 ACCEPT OK\n", num);
		unsigned long long v = strtoull(num, NULL, 10);
		if (v > INT64_MAX)
			n_range++;
		else
			snprintf(want[n_want++], sizeof want[0], "%llu", v);
		/* a leading-zero form of a short number */
		if (len <= 10) {
			buf_printf(&text, "2 1 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 000000%s 1 2 ACCEPT OK\n",
				   num);
			snprintf(want[n_want++], sizeof want[0], "%llu", v);
		}
		const char junk[] = {'/', ':', 'x', '+', '.'};
		for (int j = 0; j < len; j++) {
			char bad[24];
			memcpy(bad, num, (size_t)len + 1);
			bad[j] = junk[j % 5];
			buf_printf(&text, "2 1 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 %s 1 2 ACCEPT OK\n", bad);
			n_bad++;
		}
	}
	/* 21 digits and 2^64 are out of range too */
	buf_adds(&text, "2 1 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 123456789012345678901 1 2 ACCEPT OK\n");
	buf_adds(&text, "2 1 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 18446744073709551616 1 2 ACCEPT OK\n");
	n_range += 2;
	buf_nul(&text);
	const char *p = wtext("numbers.log", text.p);
	int cols[] = {FLD_BYTES};
	CHECK_INT(h_read(&h, p, cols, 1), FLOWQ_OK);
	CHECK_INT(h.n_rows, n_want);
	for (int i = 0; i < n_want && i < h.n_rows; i++)
		CHECK_STR(row(&h, i), want[i]);
	CHECK_INT(h.stats.by_reason[RR_NOT_A_NUMBER], n_bad);
	CHECK_INT(h.stats.by_reason[RR_OUT_OF_RANGE], n_range);
	free(text.p);
	h_free(&h);
}

/* Ports and protocols at and past their bounds, and 16-digit times. */
TEST(reader_number_bounds)
{
	struct h h;
	h_init(&h);
	const char *p = wtext("bounds.log",
			      "2 1 eni-a 10.0.0.1 10.0.0.2 65535 0 255 1 9 1 2 ACCEPT OK\n"
			      "2 1 eni-a 10.0.0.1 10.0.0.2 65536 0 6 1 9 1 2 ACCEPT OK\n"
			      "2 1 eni-a 10.0.0.1 10.0.0.2 1 0 256 1 9 1 2 ACCEPT OK\n"
			      "2 1 eni-a 10.0.0.1 10.0.0.2 1 00000065535 6 1 9 1 2 ACCEPT OK\n"
			      "2 1 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 9 9999999999999999 1 ACCEPT OK\n");
	int cols[] = {FLD_SRCPORT, FLD_DSTPORT, FLD_PROTOCOL, FLD_START};
	CHECK_INT(h_read(&h, p, cols, 4), FLOWQ_OK);
	CHECK_INT(h.n_rows, 3);
	CHECK_STR(row(&h, 0), "65535|0|255|1");
	CHECK_STR(row(&h, 1), "1|65535|6|1");
	CHECK_STR(row(&h, 2), "1|2|6|9999999999999"); /* milliseconds -> seconds */
	CHECK_INT(h.stats.by_reason[RR_OUT_OF_RANGE], 2);
	CHECK_STR(msg(&h, 0),
		  fmtmsg("%s:2: field 6 (srcport): number out of range: 65536 (at most 65535)", p));
	CHECK_STR(msg(&h, 1),
		  fmtmsg("%s:3: field 8 (protocol): number out of range: 256 (at most 255)", p));
	h_free(&h);
}

/* ---- bad input ------------------------------------------------------------ */

struct bad_case {
	const char *line;
	enum rd_reason reason;
	const char *msg; /* after "path:LINE: " */
};

TEST(reader_bad_lines_each_reason)
{
	static const struct bad_case cases[] = {
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2", RR_FIELD_COUNT,
		 "field 13 (action): missing: the line has 12 fields, the format 14"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK extra", RR_FIELD_COUNT,
		 "field 15: unexpected: the line has 15 fields, the format 14"},
		{"2", RR_FIELD_COUNT, "field 2 (account-id): missing: the line has 1 fields, the format 14"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 x 2 6 1 1 1 2 ACCEPT OK", RR_NOT_A_NUMBER,
		 "field 6 (srcport): not a number: 'x'"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 -1 2 6 1 1 1 2 ACCEPT OK", RR_NOT_A_NUMBER,
		 "field 6 (srcport): not a number: '-1'"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1.5 1 1 2 ACCEPT OK", RR_NOT_A_NUMBER,
		 "field 9 (packets): not a number: '1.5'"},
		{"v2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK", RR_NOT_A_NUMBER,
		 "field 1 (version): not a number: 'v2'"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 65536 2 6 1 1 1 2 ACCEPT OK", RR_OUT_OF_RANGE,
		 "field 6 (srcport): number out of range: 65536 (at most 65535)"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 99999999999 6 1 1 1 2 ACCEPT OK", RR_OUT_OF_RANGE,
		 "field 7 (dstport): number out of range: 99999999999 (at most 65535)"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 256 1 1 1 2 ACCEPT OK", RR_OUT_OF_RANGE,
		 "field 8 (protocol): number out of range: 256 (at most 255)"},
		{"256 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK", RR_OUT_OF_RANGE,
		 "field 1 (version): number out of range: 256 (at most 255)"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 9223372036854775808 1 2 ACCEPT OK",
		 RR_OUT_OF_RANGE,
		 "field 10 (bytes): number out of range: 9223372036854775808 (at most 9223372036854775807)"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 123456789012345678901 1 2 ACCEPT OK",
		 RR_OUT_OF_RANGE, "field 10 (bytes): number out of range: '123456789012345678901'"},
		{"2 123456789010 eni-a 10.0.0.256 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK", RR_BAD_ADDRESS,
		 "field 4 (srcaddr): invalid address: '10.0.0.256'"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0 1 2 6 1 1 1 2 ACCEPT OK", RR_BAD_ADDRESS,
		 "field 5 (dstaddr): invalid address: '10.0.0'"},
		{"2 123456789010 eni-a 2001:db8::g 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK", RR_BAD_ADDRESS,
		 "field 4 (srcaddr): invalid address: '2001:db8::g'"},
		{"2 123456789010 eni-a 1:2:3:4:5:6:7:8:9 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK", RR_BAD_ADDRESS,
		 "field 4 (srcaddr): invalid address: '1:2:3:4:5:6:7:8:9'"},
		{"2 123456789010 eni-a host.example 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK", RR_BAD_ADDRESS,
		 "field 4 (srcaddr): invalid address: 'host.example'"},
		{"2 TransitGateway eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK", RR_BAD_ACCOUNT,
		 "field 2 (account-id): invalid account ID: 'TransitGateway'"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACC\x01PT OK", RR_BINARY,
		 "field 13 (action): binary data: byte 0x01 at column 57"},
		{"2 123456789010 eni-a\t10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK", RR_BINARY,
		 "field 3 (interface-id): binary data: byte 0x09 at column 21"},
		{"\x7f", RR_BINARY, "field 1 (version): binary data: byte 0x7f at column 1"},
	};
	struct buf b = {0};
	for (size_t i = 0; i < FQ_ARRAY_LEN(cases); i++)
		buf_printf(&b, "%s\n%s\n", cases[i].line, L_ACCEPT);
	/* and a NUL byte inside a field */
	static const char nul_line[] = "2 123456789010 eni\0a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK\n";
	buf_add(&b, nul_line, sizeof nul_line - 1);
	const char *p = wfile("bad.log", b.p, b.len);
	struct h h;
	h_init(&h);
	CHECK_INT(h_read(&h, p, V2), FLOWQ_OK);
	size_t n = FQ_ARRAY_LEN(cases);
	CHECK_INT(h.stats.records, 2 * n + 1);
	CHECK_INT(h.stats.parsed, n);
	CHECK_INT(h.stats.skipped, n + 1);
	CHECK_INT(h.n_rows, n);
	for (int i = 0; i < h.n_rows; i++)
		CHECK_STR(row(&h, i), R_ACCEPT);
	uint64_t want[RR_COUNT] = {0};
	for (size_t i = 0; i < n; i++) {
		want[cases[i].reason]++;
		char w[1024];
		snprintf(w, sizeof w, "%s:%zu: %s", p, 2 * i + 1, cases[i].msg);
		CHECK_STR(msg(&h, (int)i), w);
	}
	want[RR_BINARY]++;
	CHECK_STR(msg(&h, (int)n),
		  fmtmsg("%s:45: field 3 (interface-id): binary data: byte 0x00 at column 19", p));
	CHECK_INT(h.n_msgs, n + 1);
	for (int r = 0; r < RR_COUNT; r++)
		CHECK_INT(h.stats.by_reason[r], want[r]);
	buf_free(&b);
	h_free(&h);
}

TEST(reader_problem_messages_per_file_are_capped)
{
	struct h h;
	h_init(&h);
	h.cfg.issues_per_file = 0; /* the default: 3 */
	const char *p = wtext("many.log", "x\nx\nx\nx\nx\nx\n" L_ACCEPT "\n");
	const char *q = wtext("many2.log", "y\n");
	const char *paths[] = {p, q};
	CHECK_INT(h_read_files(&h, paths, 2, V2), FLOWQ_OK);
	CHECK_INT(h.stats.skipped, 7);
	CHECK_INT(h.stats.parsed, 1);
	CHECK_INT(h.n_msgs, 5);
	CHECK_STR(msg(&h, 0), fmtmsg("%s:1: field 2 (account-id): missing: the line has 1 fields, the format 14", p));
	CHECK_STR(msg(&h, 2), fmtmsg("%s:3: field 2 (account-id): missing: the line has 1 fields, the format 14", p));
	CHECK_STR(msg(&h, 3), fmtmsg("%s: further problems in this file are only counted", p));
	/* the cap is per file */
	CHECK_STR(msg(&h, 4), fmtmsg("%s:1: field 2 (account-id): missing: the line has 1 fields, the format 14", q));
	CHECK_INT(h.stats.files, 2);
	h_free(&h);
}

static void gzip_buf(struct buf *out, const char *p, size_t n);

TEST(reader_file_problem_reported_past_the_cap)
{
	/* five bad lines use up the file's messages; the gzip damage after them
	 * is still reported (the summary counts it against the file) */
	struct buf text = {0}, gz = {0};
	buf_adds(&text, "x\nx\nx\nx\nx\n" L_ACCEPT "\n");
	gzip_buf(&gz, text.p, text.len);
	buf_adds(&gz, "!");
	const char *p = wfile("capped.log.gz", gz.p, gz.len);
	struct h h;
	h_init(&h);
	h.cfg.issues_per_file = 0; /* the default: 3 */
	CHECK_INT(h_read(&h, p, V2), FLOWQ_OK);
	CHECK_INT(h.n_rows, 1);
	CHECK_INT(h.n_msgs, 5);
	CHECK_STR(msg(&h, 3), fmtmsg("%s: further problems in this file are only counted", p));
	CHECK_STR(msg(&h, 4),
		  fmtmsg("%s: trailing garbage after gzip data (after line 6; the lines before it were read)", p));
	CHECK_INT(h.stats.file_problems[FP_GZIP], 1);
	h_free(&h);
	buf_free(&text);
	buf_free(&gz);
}

TEST(reader_line_too_long)
{
	/* max_line small: a long line in the middle (whole in the chunk) and a
	 * long last line without newline (seen only as an unfinished line) */
	struct buf b = {0};
	buf_printf(&b, "%s\n", L_ACCEPT);
	buf_adds(&b, "2 123456789010 eni-");
	for (int i = 0; i < 200; i++)
		buf_addc(&b, 'a');
	buf_adds(&b, " 1 2 3\n");
	buf_printf(&b, "%s\n", L_NODATA);
	for (int i = 0; i < 300; i++)
		buf_addc(&b, 'z');
	const char *p = wfile("long.log", b.p, b.len);
	struct h h;
	h_init(&h);
	h.cfg.max_line = 150;
	CHECK_INT(h_read(&h, p, V2), FLOWQ_OK);
	CHECK_INT(h.n_rows, 2);
	CHECK_STR(row(&h, 0), R_ACCEPT);
	CHECK_STR(row(&h, 1), R_NODATA);
	CHECK_INT(h.stats.by_reason[RR_LINE_TOO_LONG], 2);
	CHECK_INT(h.stats.records, 4);
	CHECK_STR(msg(&h, 0), fmtmsg("%s:2: field 1 (version): line too long: 225 bytes (at most 150)", p));
	CHECK_STR(msg(&h, 1), fmtmsg("%s:4: field 1 (version): line too long: over 150 bytes", p));
	CHECK_INT(h.n_msgs, 2);
	h_free(&h);

	/* a line longer than a whole chunk with the default bound */
	buf_free(&b);
	buf_printf(&b, "%s\n", L_ACCEPT);
	for (int i = 0; i < 400 * 1024; i++)
		buf_addc(&b, 'q');
	buf_printf(&b, "\n%s\n", L_SKIP);
	p = wfile("huge.log", b.p, b.len);
	h_init(&h);
	CHECK_INT(h_read(&h, p, V2), FLOWQ_OK);
	CHECK_INT(h.n_rows, 2);
	CHECK_STR(row(&h, 0), R_ACCEPT);
	CHECK_STR(row(&h, 1), R_SKIP);
	CHECK_INT(h.stats.by_reason[RR_LINE_TOO_LONG], 1);
	CHECK_STR(msg(&h, 0), fmtmsg("%s:2: field 1 (version): line too long: over 65536 bytes", p));
	CHECK_INT(h.n_msgs, 1);
	h_free(&h);
	buf_free(&b);
}

/* gzip with zlib; returns the compressed bytes in out */
static void gzip_buf(struct buf *out, const char *p, size_t n)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	size_t bound = deflateBound(&z, (uLong)n) + 64;
	buf_reserve(out, bound);
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out->p + out->len;
	z.avail_out = (uInt)bound;
	CHECK_INT(deflate(&z, Z_FINISH), Z_STREAM_END);
	out->len += bound - z.avail_out;
	deflateEnd(&z);
}

TEST(reader_truncated_gzip)
{
	/* the gzip stream stops inside the 3rd line: lines 1-2 are read, the
	 * file is reported, the partial line is a skipped record */
	struct buf text = {0}, gz = {0};
	buf_printf(&text, "%s\n%s\n%s\n", L_ACCEPT, L_NODATA, L_SKIP);
	/* store-only deflate so the cut point maps to a known text offset */
	z_stream z;
	memset(&z, 0, sizeof z);
	deflateInit2(&z, 0, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	buf_reserve(&gz, 4096);
	z.next_in = (Bytef *)text.p;
	z.avail_in = (uInt)text.len;
	z.next_out = (Bytef *)gz.p;
	z.avail_out = 4096;
	CHECK_INT(deflate(&z, Z_FINISH), Z_STREAM_END);
	gz.len = 4096 - z.avail_out;
	deflateEnd(&z);
	/* header 10 bytes + stored block header 5 bytes, then the text */
	size_t cut = 10 + 5 + strlen(L_ACCEPT) + 1 + strlen(L_NODATA) + 1 + 20;
	const char *p = wfile("trunc.log.gz", gz.p, cut);
	struct h h;
	h_init(&h);
	CHECK_INT(h_read(&h, p, V2), FLOWQ_OK);
	CHECK_INT(h.n_rows, 2);
	CHECK_STR(row(&h, 0), R_ACCEPT);
	CHECK_STR(row(&h, 1), R_NODATA);
	CHECK_INT(h.stats.records, 3);
	CHECK_INT(h.stats.by_reason[RR_TRUNCATED], 1);
	CHECK_INT(h.stats.file_problems[FP_GZIP], 1);
	CHECK_INT(h.stats.files_ok, 0);
	CHECK_INT(h.n_msgs, 2);
	CHECK_STR(msg(&h, 0),
		  fmtmsg("%s: truncated gzip data (after line 2; the lines before it were read)", p));
	CHECK_STR(msg(&h, 1),
		  fmtmsg("%s:3: field 1 (version): truncated line (the file ends inside it)", p));
	h_free(&h);

	/* cut exactly at a line end: no partial line */
	cut = 10 + 5 + strlen(L_ACCEPT) + 1;
	p = wfile("trunc2.log.gz", gz.p, cut);
	h_init(&h);
	CHECK_INT(h_read(&h, p, V2), FLOWQ_OK);
	CHECK_INT(h.n_rows, 1);
	CHECK_INT(h.stats.skipped, 0);
	CHECK_INT(h.n_msgs, 1);
	CHECK_STR(msg(&h, 0),
		  fmtmsg("%s: truncated gzip data (after line 1; the lines before it were read)", p));
	h_free(&h);

	/* trailing garbage: every line is kept, the file is reported */
	buf_free(&gz);
	gzip_buf(&gz, text.p, text.len);
	buf_adds(&gz, "junk");
	p = wfile("junk.log.gz", gz.p, gz.len);
	h_init(&h);
	CHECK_INT(h_read(&h, p, V2), FLOWQ_OK);
	CHECK_INT(h.n_rows, 3);
	CHECK_INT(h.stats.skipped, 0);
	CHECK_INT(h.stats.file_problems[FP_GZIP], 1);
	CHECK_STR(msg(&h, 0),
		  fmtmsg("%s: trailing garbage after gzip data (after line 3; the lines before it were read)", p));
	h_free(&h);
	buf_free(&text);
	buf_free(&gz);
}

TEST(reader_empty_missing_unreadable_files)
{
	struct h h;
	h_init(&h);
	const char *empty = wtext("empty.log", "");
	char missing[512], dir[512];
	snprintf(missing, sizeof missing, "%s/missing.log", t_tmpdir());
	snprintf(dir, sizeof dir, "%s/dir.log", t_tmpdir());
	mkdir(dir, 0755);
	const char *ok = wtext("ok.log", L_ACCEPT "\n");
	const char *paths[] = {empty, missing, dir, ok};
	CHECK_INT(h_read_files(&h, paths, 4, V2), FLOWQ_OK);
	CHECK_INT(h.stats.files, 4);
	CHECK_INT(h.stats.files_ok, 1);
	CHECK_INT(h.stats.file_problems[FP_EMPTY], 1);
	CHECK_INT(h.stats.file_problems[FP_UNREADABLE], 2);
	CHECK_INT(h.n_rows, 1);
	CHECK_INT(h.n_msgs, 2);
	CHECK_STR(msg(&h, 0), fmtmsg("%s: cannot read: No such file or directory", missing));
	CHECK_STR(msg(&h, 1), fmtmsg("%s: cannot read: read error: Is a directory", dir));
	h_free(&h);

	/* strict: the unreadable file stops the read */
	h_init(&h);
	h.cfg.strict = true;
	CHECK_INT(h_read(&h, missing, V2), FLOWQ_ERR_IO);
	CHECK_STR(h.err.msg, fmtmsg("%s: cannot read: No such file or directory", missing));
	CHECK_INT(h.n_msgs, 0);
	h_free(&h);
}

TEST(reader_strict_stops_at_first_problem)
{
	static const struct {
		const char *line;
		flowq_status st;
		const char *msg;
	} cases[] = {
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT", FLOWQ_ERR_BAD_INPUT,
		 "%s:3: field 14 (log-status): missing: the line has 13 fields, the format 14"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK x", FLOWQ_ERR_BAD_INPUT,
		 "%s:3: field 15: unexpected: the line has 15 fields, the format 14"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2O ACCEPT OK", FLOWQ_ERR_BAD_INPUT,
		 "%s:3: field 12 (end): not a number: '2O'"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 300 1 1 1 2 ACCEPT OK", FLOWQ_ERR_BAD_INPUT,
		 "%s:3: field 8 (protocol): number out of range: 300 (at most 255)"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.x 1 2 6 1 1 1 2 ACCEPT OK", FLOWQ_ERR_BAD_INPUT,
		 "%s:3: field 5 (dstaddr): invalid address: '10.0.0.x'"},
		{"2 12345678901x eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK", FLOWQ_ERR_BAD_INPUT,
		 "%s:3: field 2 (account-id): invalid account ID: '12345678901x'"},
		{"2 123456789010 eni-a 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT O\x02K", FLOWQ_ERR_BAD_INPUT,
		 "%s:3: field 14 (log-status): binary data: byte 0x02 at column 62"},
		{"2 123456789010 eni-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK",
		 FLOWQ_ERR_BAD_INPUT, "%s:3: field 1 (version): line too long: 129 bytes (at most 120)"},
	};
	for (size_t i = 0; i < FQ_ARRAY_LEN(cases); i++) {
		struct buf b = {0};
		buf_printf(&b, "%s\n%s\n%s\n%s\n", HDR_V2, L_ACCEPT, cases[i].line, L_NODATA);
		const char *p = wfile("strict.log", b.p, b.len);
		struct h h;
		h_init(&h);
		h.cfg.strict = true;
		h.cfg.max_line = 120;
		CHECK_INT(h_read(&h, p, V2), cases[i].st);
		CHECK_INT(h.err.code, cases[i].st);
		CHECK_STR(h.err.msg, fmtmsg(cases[i].msg, p));
		CHECK_INT(h.n_msgs, 0); /* the error is returned, not reported */
		CHECK_INT(h.stats.records, 2);
		CHECK_INT(h.stats.skipped, 1);
		CHECK_INT(h.stats.parsed, 1);
		h_free(&h);
		buf_free(&b);
	}

	/* a truncated gzip in strict mode: the lines before it, then the error */
	struct buf text = {0}, gz = {0};
	buf_printf(&text, "%s\n%s\n", L_ACCEPT, L_NODATA);
	gzip_buf(&gz, text.p, text.len);
	const char *p = wfile("strict.log.gz", gz.p, gz.len - 3);
	struct h h;
	h_init(&h);
	h.cfg.strict = true;
	CHECK_INT(h_read(&h, p, V2), FLOWQ_ERR_GZIP);
	CHECK_STR(h.err.msg,
		  fmtmsg("%s: truncated gzip data (after line 2; the lines before it were read)", p));
	CHECK_INT(h.n_rows, 2);
	h_free(&h);
	buf_free(&text);
	buf_free(&gz);
}

TEST(reader_midfile_header_switches_format)
{
	/* concatenated files: a v2 part, then a NAT part, then v2 again; the
	 * columns each format lacks are NULL in its rows */
	const char *p = wtext("mixed.log",
			      HDR_V2 "\n" L_ACCEPT "\n"
			      "instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr\n"
			      "i-01234567890123456 eni-1111aaaa2222bbbb3 10.0.1.5 203.0.113.5 10.0.1.5 203.0.113.5\n"
			      "- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 -\n"
			      "\n" HDR_V2 "\n" L_NODATA "\n");
	int cols[] = {FLD_VERSION, FLD_INTERFACE_ID, FLD_INSTANCE_ID, FLD_SRCADDR, FLD_PKT_DSTADDR,
		      FLD_SRCPORT, FLD_LOG_STATUS};
	struct h h;
	h_init(&h);
	CHECK_INT(h_read(&h, p, cols, 7), FLOWQ_OK);
	CHECK_INT(h.n_rows, 4);
	CHECK_STR(row(&h, 0), "2|eni-1235b8ca123456789|\\N|172.31.16.139|\\N|20641|OK");
	CHECK_STR(row(&h, 1), "\\N|eni-1111aaaa2222bbbb3|i-01234567890123456|10.0.1.5|203.0.113.5|\\N|\\N");
	CHECK_STR(row(&h, 2), "\\N|eni-1235b8ca123456789|\\N|10.0.1.5|\\N|\\N|\\N");
	CHECK_STR(row(&h, 3), "2|eni-1235b8ca123456789|\\N|\\N|\\N|\\N|NODATA");
	CHECK_INT(h.stats.headers, 3);
	CHECK_INT(h.stats.blank, 1);
	CHECK_INT(h.n_formats, 3);
	CHECK(h.from_header[0] && h.from_header[1] && h.from_header[2]);
	CHECK_INT(h.formats[1].n, 6);
	CHECK_INT(h.batches, 1); /* all in one batch */
	h_free(&h);

	/* a headerless start, then a header: the first part uses the default */
	h_init(&h);
	p = wtext("mixed2.log", L_SKIP "\n"
				"interface-id log-status\n"
				"eni-x OK\n");
	int cols2[] = {FLD_INTERFACE_ID, FLD_LOG_STATUS, FLD_START};
	CHECK_INT(h_read(&h, p, cols2, 3), FLOWQ_OK);
	CHECK_STR(row(&h, 0), "eni-11111111aaaaaaaaa|SKIPDATA|1431280876");
	CHECK_STR(row(&h, 1), "eni-x|OK|\\N");
	CHECK_INT(h.n_formats, 2);
	CHECK(!h.from_header[0]);
	CHECK(h.from_header[1]);
	h_free(&h);
}

TEST(reader_next_file_starts_with_default_format)
{
	const char *a = wtext("fa.log", "interface-id log-status\neni-x OK\n");
	const char *b = wtext("fb.log", L_NODATA "\n");
	const char *paths[] = {a, b};
	int cols[] = {FLD_INTERFACE_ID, FLD_LOG_STATUS, FLD_VERSION};
	struct h h;
	h_init(&h);
	CHECK_INT(h_read_files(&h, paths, 2, cols, 3), FLOWQ_OK);
	CHECK_STR(row(&h, 0), "eni-x|OK|\\N");
	CHECK_STR(row(&h, 1), "eni-1235b8ca123456789|NODATA|2");
	CHECK_INT(h.stats.files, 2);
	CHECK_INT(h.stats.files_ok, 2);
	h_free(&h);
}

TEST(reader_json_wrapped_lines)
{
	const char *p = wtext("json.log",
			      "{\"message\":\"2 428961148399 eni-0e0bf7be352692297 - - - - - - - 1671029698 1671029728 - NODATA\"}\n"
			      "{\"timestamp\":1, \"message\" : \"" L_ACCEPT "\", \"x\":2}\n"
			      "{\"message\":\"2 123456789010 eni-\\\"q\\\\ - - - - - - - 1 2 - NODATA\"}\n"
			      "{\"other\":\"x\"}\n");
	int cols[] = {FLD_ACCOUNT_ID, FLD_INTERFACE_ID, FLD_SRCPORT, FLD_LOG_STATUS};
	struct h h;
	h_init(&h);
	CHECK_INT(h_read(&h, p, cols, 4), FLOWQ_OK);
	CHECK_INT(h.n_rows, 3);
	CHECK_STR(row(&h, 0), "428961148399|eni-0e0bf7be352692297|\\N|NODATA");
	CHECK_STR(row(&h, 1), "123456789010|eni-1235b8ca123456789|20641|OK");
	CHECK_STR(row(&h, 2), "123456789010|eni-\"q\\|\\N|NODATA");
	CHECK_INT(h.stats.skipped, 1);
	CHECK_STR(msg(&h, 0),
		  fmtmsg("%s:4: field 2 (account-id): missing: the line has 1 fields, the format 14", p));
	h_free(&h);
}

/* One generated record per i: fields derived from i so every row can be
 * checked; NODATA every 7th line and a variable-length interface id. */
static void gen_line(struct buf *b, int i)
{
	if (i % 7 == 3) {
		buf_printf(b, "2 123456789010 eni-%d - - - - - - - %d %d - NODATA\n", i, 1600000000 + i,
			   1600000060 + i);
		return;
	}
	buf_printf(b, "2 123456789010 eni-%0*d 10.%d.%d.%d 172.16.0.1 %d 443 6 %d %lld %d %d ACCEPT OK\n",
		   1 + i % 37, i, (i >> 16) & 255, (i >> 8) & 255, i & 255, i % 65536, i % 1000,
		   (long long)i * 1000003LL, 1600000000 + i, 1600000060 + i);
}

static void want_row(char *out, size_t cap, int i)
{
	if (i % 7 == 3)
		snprintf(out, cap, "eni-%d|\\N|\\N|%d|%d", i, 1600000000 + i, 1600000060 + i);
	else
		snprintf(out, cap, "eni-%0*d|10.%d.%d.%d|%d|%d|%d", 1 + i % 37, i, (i >> 16) & 255,
			 (i >> 8) & 255, i & 255, i % 65536, 1600000000 + i, 1600000060 + i);
}

static void check_generated(struct h *h, int n)
{
	CHECK_INT(h->n_rows, n);
	int bad = 0;
	char w[256];
	for (int i = 0; i < h->n_rows && i < n; i++) {
		want_row(w, sizeof w, i);
		if (strcmp(h->rows[i], w) != 0 && bad++ < 5)
			CHECK_STR(h->rows[i], w);
	}
	CHECK_INT(bad, 0);
}

TEST(reader_batches_over_rd_batch)
{
	/* 10000 lines: several batches, every row checked */
	struct buf b = {0};
	int n = 10000;
	for (int i = 0; i < n; i++)
		gen_line(&b, i);
	const char *p = wfile("10k.log", b.p, b.len);
	int cols[] = {FLD_INTERFACE_ID, FLD_SRCADDR, FLD_SRCPORT, FLD_START, FLD_END};
	struct h h;
	h_init(&h);
	CHECK_INT(h_read(&h, p, cols, 5), FLOWQ_OK);
	check_generated(&h, n);
	CHECK(h.batches >= 3);
	CHECK(h.max_batch <= RD_BATCH);
	CHECK_INT(h.stats.min_start, 1600000000);
	CHECK_INT(h.stats.max_end, 1600000060 + n - 1);
	h_free(&h);
	buf_free(&b);

	/* short lines, so batches are full (RD_BATCH rows): a NULL at row 5 of
	 * the first batch, a value at row 5 of the second and a NULL later in
	 * it; the first batch's NULL map must not leak into the second */
	struct fmt f;
	struct flowq_error err;
	CHECK_INT(fmt_parse(&f, "srcport log-status", NULL, &err), FLOWQ_OK);
	n = 10000;
	for (int i = 0; i < n; i++) {
		if (i == 5 || i == RD_BATCH + 10)
			buf_adds(&b, "- NODATA\n");
		else
			buf_printf(&b, "%d OK\n", i);
	}
	p = wfile("stale.log", b.p, b.len);
	h_init(&h);
	h.cfg.default_fmt = &f;
	int cols2[] = {FLD_SRCPORT, FLD_LOG_STATUS};
	CHECK_INT(h_read(&h, p, cols2, 2), FLOWQ_OK);
	CHECK_INT(h.n_rows, n);
	CHECK_INT(h.batches, 3);
	CHECK_INT(h.max_batch, RD_BATCH);
	int bad = 0;
	for (int i = 0; i < h.n_rows; i++) {
		char w[64];
		if (i == 5 || i == RD_BATCH + 10)
			snprintf(w, sizeof w, "\\N|NODATA");
		else
			snprintf(w, sizeof w, "%d|OK", i);
		if (strcmp(h.rows[i], w) != 0 && bad++ < 3) {
			CHECK_STR(h.rows[i], w);
			fprintf(stderr, "  (row %d)\n", i);
		}
	}
	CHECK_INT(bad, 0);
	h_free(&h);
	buf_free(&b);
}

TEST(reader_lines_across_chunk_boundaries)
{
	/* ~4 MB of lines of varying length: lines straddle every 256 KiB chunk
	 * boundary; read plain and gzipped */
	struct buf b = {0}, gz = {0};
	int n = 45000;
	for (int i = 0; i < n; i++)
		gen_line(&b, i);
	CHECK(b.len > 3 * 1024 * 1024);
	int cols[] = {FLD_INTERFACE_ID, FLD_SRCADDR, FLD_SRCPORT, FLD_START, FLD_END};
	const char *p = wfile("4mb.log", b.p, b.len);
	struct h h;
	h_init(&h);
	CHECK_INT(h_read(&h, p, cols, 5), FLOWQ_OK);
	check_generated(&h, n);
	CHECK_INT(h.stats.bytes_in, b.len);
	CHECK_INT(h.stats.bytes_raw, b.len);
	h_free(&h);

	gzip_buf(&gz, b.p, b.len);
	p = wfile("4mb.log.gz", gz.p, gz.len);
	h_init(&h);
	CHECK_INT(h_read(&h, p, cols, 5), FLOWQ_OK);
	check_generated(&h, n);
	CHECK_INT(h.stats.bytes_in, gz.len);
	CHECK_INT(h.stats.bytes_raw, b.len);
	h_free(&h);

	/* the same with a JSON wrapper on every line (strings live in scratch) */
	struct buf j = {0};
	const char *q = b.p;
	while (q < b.p + b.len) {
		const char *nl = memchr(q, '\n', (size_t)(b.p + b.len - q));
		buf_printf(&j, "{\"message\":\"%.*s\"}\n", (int)(nl - q), q);
		q = nl + 1;
	}
	p = wfile("4mb.json.log", j.p, j.len);
	h_init(&h);
	CHECK_INT(h_read(&h, p, cols, 5), FLOWQ_OK);
	check_generated(&h, n);
	h_free(&h);
	buf_free(&j);
	buf_free(&b);
	buf_free(&gz);
}

TEST(reader_column_selection_and_partitions)
{
	char dir[700], path[1200];
	snprintf(dir, sizeof dir, "%s/s3/AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/02/13/05",
		 t_tmpdir());
	char cmd[1400];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
	CHECK_INT(system(cmd), 0);
	snprintf(path, sizeof path,
		 "%s/123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d_20260213T0505Z_1a2b3c4d.log", dir);
	FILE *fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (!fp)
		return;
	fputs(HDR_V2 "\n" L_ACCEPT "\n", fp);
	fclose(fp);

	/* only the requested columns, in the requested order; partitions from
	 * the path; region (not in v2) from the path; account-id from the record */
	int cols[] = {COL_HOUR, FLD_DSTPORT, COL_DT, FLD_REGION, FLD_ACCOUNT_ID, COL_YEAR,
		      COL_MONTH, COL_DAY, FLD_AZ_ID, FLD_DSTPORT};
	struct h h;
	h_init(&h);
	CHECK_INT(h_read(&h, path, cols, 10), FLOWQ_OK);
	CHECK_STR(row(&h, 0), "05|22|2026/02/13|us-east-1|123456789010|2026|02|13|\\N|22");
	h_free(&h);

	/* a format without account-id: the path's account */
	fp = fopen(path, "w");
	fputs("interface-id srcaddr\neni-a 10.0.0.1\neni-b -\n", fp);
	fclose(fp);
	int cols2[] = {FLD_ACCOUNT_ID, FLD_INTERFACE_ID, FLD_SRCADDR, FLD_REGION, COL_DT};
	h_init(&h);
	CHECK_INT(h_read(&h, path, cols2, 5), FLOWQ_OK);
	CHECK_STR(row(&h, 0), "123456789012|eni-a|10.0.0.1|us-east-1|2026/02/13");
	CHECK_STR(row(&h, 1), "123456789012|eni-b|\\N|us-east-1|2026/02/13");
	h_free(&h);

	/* a record's '-' region stays NULL (the path does not replace a value
	 * the record has), and no columns at all still counts records */
	fp = fopen(path, "w");
	fputs("region account-id\n- -\neu-west-1 111111111111\n", fp);
	fclose(fp);
	int cols3[] = {FLD_REGION, FLD_ACCOUNT_ID};
	h_init(&h);
	CHECK_INT(h_read(&h, path, cols3, 2), FLOWQ_OK);
	CHECK_STR(row(&h, 0), "\\N|\\N");
	CHECK_STR(row(&h, 1), "eu-west-1|111111111111");
	h_free(&h);
	h_init(&h);
	CHECK_INT(h_read(&h, path, NULL, 0), FLOWQ_OK);
	CHECK_INT(h.stats.parsed, 2);
	CHECK_INT(h.n_rows, 2);
	h_free(&h);

	/* a path without layout: partitions are NULL */
	const char *plain = wtext("nolayout.log", L_ACCEPT "\n");
	int cols4[] = {COL_DT, COL_HOUR, FLD_REGION, FLD_ACCOUNT_ID};
	h_init(&h);
	CHECK_INT(h_read(&h, plain, cols4, 4), FLOWQ_OK);
	CHECK_STR(row(&h, 0), "\\N|\\N|\\N|123456789010");
	h_free(&h);
}

TEST(reader_only_requested_columns_are_validated)
{
	/* a bad value in a column nobody asked for does not skip the line */
	const char *p = wtext("lazy.log", "2 123456789010 eni-a 10.0.0.1 10.0.0.2 99999 2 6 1 1 1 2 ACCEPT OK\n");
	int cols[] = {FLD_INTERFACE_ID};
	struct h h;
	h_init(&h);
	CHECK_INT(h_read(&h, p, cols, 1), FLOWQ_OK);
	CHECK_STR(row(&h, 0), "eni-a");
	CHECK_INT(h.stats.skipped, 0);
	h_free(&h);
	int cols2[] = {FLD_INTERFACE_ID, FLD_SRCPORT};
	h_init(&h);
	CHECK_INT(h_read(&h, p, cols2, 2), FLOWQ_OK);
	CHECK_INT(h.n_rows, 0);
	CHECK_STR(msg(&h, 0), fmtmsg("%s:1: field 6 (srcport): number out of range: 99999 (at most 65535)", p));
	h_free(&h);
}

TEST(reader_new_bad_arguments)
{
	struct extra_cols x;
	extras_init(&x);
	struct rd_config cfg = {0};
	cfg.extras = &x;
	struct flowq_error err;
	err_clear(&err);
	int cols[RD_MAX_FIELDS + PART_COUNT + 9] = {0};
	CHECK(rd_new(&cfg, cols, (int)FQ_ARRAY_LEN(cols), &err) == NULL);
	CHECK_INT(err.code, FLOWQ_ERR_LIMIT);
	CHECK_STR(err.msg, "too many columns requested (142)");
	CHECK(rd_new(&cfg, cols, -1, &err) == NULL);
	rd_free(NULL);
	extras_free(&x);
}

TEST(reader_stats_add)
{
	struct rd_stats a = {0}, b = {0};
	a.files = 1;
	a.records = 10;
	a.parsed = 9;
	a.skipped = 1;
	a.by_reason[RR_BINARY] = 1;
	a.min_start = 100;
	a.max_end = 200;
	b.files = 2;
	b.files_ok = 2;
	b.records = 5;
	b.parsed = 5;
	b.file_problems[FP_EMPTY] = 1;
	b.min_start = 50;
	b.max_end = 150;
	rd_stats_add(&a, &b);
	CHECK_INT(a.files, 3);
	CHECK_INT(a.files_ok, 2);
	CHECK_INT(a.records, 15);
	CHECK_INT(a.parsed, 14);
	CHECK_INT(a.skipped, 1);
	CHECK_INT(a.by_reason[RR_BINARY], 1);
	CHECK_INT(a.file_problems[FP_EMPTY], 1);
	CHECK_INT(a.min_start, 50);
	CHECK_INT(a.max_end, 200);
	/* a side without times does not reset the other */
	struct rd_stats c = {0};
	rd_stats_add(&a, &c);
	CHECK_INT(a.min_start, 50);
	CHECK_INT(a.max_end, 200);
	struct rd_stats d = {0};
	rd_stats_add(&d, &a);
	CHECK_INT(d.min_start, 50);
	CHECK_STR(rd_reason_names[RR_FIELD_COUNT], "wrong number of fields");
	CHECK_STR(rd_reason_names[RR_TRUNCATED], "truncated line");
	CHECK_STR(rd_file_problem_names[FP_GZIP], "corrupt or truncated gzip");
}

/* ---- the line index against the careful path ---------------------------- */

static uint64_t ix_seed = 0x9e3779b97f4a7c15ULL;
static uint32_t ix_rand(uint32_t n)
{
	return (uint32_t)(t_xorshift(&ix_seed) % n);
}

/* One random line of a v2 file: mostly good records, and every kind of
 * line the index must hand to the careful path; with ix_good_odds set, all
 * but one in ix_good_odds lines are good. */
static uint32_t ix_good_odds;
static void ix_line(struct buf *b)
{
	static const char *addrs[] = {"10.0.0.1", "172.31.16.139", "2001:db8::1", "-", "010.1.1.1",
				      "1.2.3", "255.255.255.255", "fe80::1%eth0"};
	static const char *nums[] = {"0", "22", "65535", "65536", "-", "x1", "4294967295",
				     "18446744073709551616", "1700000000000"};
	uint32_t kind = ix_rand(40);
	if (ix_good_odds && ix_rand(ix_good_odds)) {
		/* a good record (runs of them take the index's field-at-a-time
		 * conversion; a bad value among them sends the run back) */
		static const char *good_addrs[] = {"10.0.0.1", "172.31.16.139", "2001:db8::1", "-",
						   "255.255.255.255", "0.0.0.0"};
		static const char *good_nums[] = {"0", "22", "65535", "-", "443", "00080"};
		/* now and then one bad value among good lines: a port or protocol
		 * past its maximum, a letter, a number of 17+ digits */
		static const char *bad_port[] = {"65536", "99999", "7x", "123456789"};
		static const char *bad_proto[] = {"256", "6a", "-6"};
		static const char *bad_bytes[] = {"123456789012345678", "1e5", "99999999999999999999"};
		char bytes[24];
		snprintf(bytes, sizeof bytes, "%u", ix_rand(100000) * (ix_rand(3) ? 1u : 40000u));
		uint32_t dent = ix_rand(60);
		char line[256];
		snprintf(line, sizeof line, "%s 123456789012 eni-%u %s %s %s %s %s %s %s %u %s %s OK\n",
			 ix_rand(9) ? "2" : "-", ix_rand(1000), good_addrs[ix_rand(6)],
			 good_addrs[ix_rand(6)], dent == 0 ? bad_port[ix_rand(4)] : good_nums[ix_rand(6)],
			 good_nums[ix_rand(6)], dent == 1 ? bad_proto[ix_rand(3)] : "6",
			 good_nums[ix_rand(6)], dent == 2 ? bad_bytes[ix_rand(3)] : bytes,
			 1700000000 + ix_rand(1000), ix_rand(5) ? "1700000060" : "1700000060123",
			 ix_rand(2) ? "ACCEPT" : "REJECT");
		buf_adds(b, line);
		return;
	}
	switch (kind) {
	case 0: buf_adds(b, "\n"); return;                           /* empty */
	case 1: buf_adds(b, "   \n"); return;                        /* spaces only */
	case 2: buf_adds(b, HDR_V2 "\n"); return;                    /* a header again */
	case 3: buf_adds(b, "version srcaddr dstaddr bytes\n"); return; /* a new format */
	case 4: buf_adds(b, "2 123 eni-1 1.1.1.1\n"); return;      /* too few fields */
	case 5: {                                                    /* a line past 32 KiB */
		buf_adds(b, "2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 ");
		for (int i = 0; i < 9000; i++)
			buf_adds(b, "1234");
		buf_adds(b, " 1 2 ACCEPT OK\n");
		return;
	}
	case 6:
		buf_adds(b, "{\"message\":\"2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 9 1 2 ACCEPT OK\"}\n");
		return;
	default: break;
	}
	/* a record, maybe damaged */
	const char *f[14] = {"2", "123456789012", "eni-1235b8ca", addrs[ix_rand(8)], addrs[ix_rand(8)],
			     nums[ix_rand(9)], nums[ix_rand(9)], "6", nums[ix_rand(4)],
			     nums[ix_rand(9)], "1700000000", "1700000060", ix_rand(2) ? "ACCEPT" : "REJECT",
			     "OK"};
	int nf = 14;
	if (kind == 7 || kind == 13 || kind == 14 || kind == 15)
		nf = 13;
	if (kind == 14)
		buf_addc(b, ' '); /* a leading space: 14 separators, 13 fields */
	for (int i = 0; i < nf; i++) {
		if (i) /* a run of spaces; with 13 fields as many as 14 would have */
			buf_adds(b, (kind == 8 || kind == 13) && i == 5 ? "  " : " ");
		if (kind == 9 && i == 7)
			buf_addc(b, (char)ix_rand(32)); /* a control byte */
		buf_adds(b, f[i]);
	}
	if (kind == 10)
		buf_adds(b, " extra");
	if (kind == 11 || kind == 15)
		buf_addc(b, ' '); /* a trailing space */
	if (kind == 12)
		buf_addc(b, '\r');
	buf_addc(b, '\n');
}

static void ix_compare(const char *path, const int *cols, int n_cols, size_t max_line, bool strict,
		       const struct rd_prefilter *pf)
{
	struct h a, b;
	h_init(&a);
	h_init(&b);
	a.cfg.max_line = b.cfg.max_line = max_line;
	a.cfg.strict = b.cfg.strict = strict;
	a.cfg.prefilter = b.cfg.prefilter = pf;
	b.cfg.no_line_index = true;
	flowq_status sa = h_read(&a, path, cols, n_cols);
	flowq_status sb = h_read(&b, path, cols, n_cols);
	CHECK_INT(sa, sb);
	CHECK_INT(a.n_rows, b.n_rows);
	for (int i = 0; i < a.n_rows && i < b.n_rows; i++)
		if (strcmp(a.rows[i], b.rows[i]) != 0) {
			CHECK_STR(a.rows[i], b.rows[i]);
			break;
		}
	CHECK_INT(a.n_msgs, b.n_msgs);
	for (int i = 0; i < a.n_msgs && i < b.n_msgs; i++)
		if (strcmp(a.msgs[i], b.msgs[i]) != 0) {
			CHECK_STR(a.msgs[i], b.msgs[i]);
			break;
		}
	CHECK_INT(a.stats.records, b.stats.records);
	CHECK_INT(a.stats.parsed, b.stats.parsed);
	CHECK_INT(a.stats.ruled_out, b.stats.ruled_out);
	CHECK_INT(a.stats.skipped, b.stats.skipped);
	CHECK_INT(a.stats.lines, b.stats.lines);
	CHECK_INT(a.stats.blank, b.stats.blank);
	CHECK_INT(a.stats.headers, b.stats.headers);
	for (int i = 0; i < RR_COUNT; i++)
		CHECK_INT(a.stats.by_reason[i], b.stats.by_reason[i]);
	CHECK_INT(a.stats.min_start, b.stats.min_start);
	CHECK_INT(a.stats.max_end, b.stats.max_end);
	h_free(&a);
	h_free(&b);
}

TEST(reader_line_index_matches_careful_path)
{
	/* about 1.2 MB: several chunks and many index windows, lines split
	 * across both; rounds 3 and 4 mostly good lines */
	for (int round = 0; round < 5; round++) {
		struct buf b = {0};
		ix_good_odds = round == 3 ? 60 : round == 4 ? 400 : 0;
		if (round != 1)
			buf_adds(&b, HDR_V2 "\n");
		while (b.len < 1200000)
			ix_line(&b);
		if (round == 2)
			b.len--; /* the last line without its newline */
		char name[32];
		snprintf(name, sizeof name, "ix%d.log", round);
		const char *p = wfile(name, b.p, b.len);
		int all[RD_MAX_FIELDS];
		for (int i = 0; i < 14; i++)
			all[i] = fld_default_v2[i];
		int few[] = {FLD_SRCADDR, FLD_DSTADDR, FLD_BYTES};
		int first[] = {FLD_VERSION};
		ix_compare(p, all, 14, 0, false, NULL);
		ix_compare(p, few, 3, 0, false, NULL);
		ix_compare(p, first, 1, 0, false, NULL);
		ix_compare(p, few, 3, 20000, false, NULL); /* lines over max_line */
		ix_compare(p, all, 14, 0, true, NULL);
		/* the prefilter: kept (half the lines hold REJECT), or given up
		 * after its probe (most hold OK), when the index takes over */
		struct rd_prefilter pf = {FLD_ACTION, 1, {str_c("REJECT")}};
		int act[] = {FLD_SRCADDR, FLD_ACTION};
		ix_compare(p, act, 2, 0, false, &pf);
		struct rd_prefilter pf_ok = {FLD_LOG_STATUS, 1, {str_c("OK")}};
		int st[] = {FLD_SRCADDR, FLD_LOG_STATUS};
		ix_compare(p, st, 2, 0, false, &pf_ok);
		free(b.p);
	}
	ix_good_odds = 0;
}

#if defined(__x86_64__)
#define HAVE_X86_SIMD 1
#else
#define HAVE_X86_SIMD 0
#endif

/* The quick IPv6 check must never accept what ip_parse rejects, and must
 * accept the common forms (so IPv6 rows skip the full parser). */
TEST(reader_valid_v6_is_sound_and_takes_common_forms)
{
	static const char alpha[] = "0123456789abcdefABCDEFg:::::.%";
	char buf[64 + 48];
	int accepted = 0, wrong = 0;
	for (int it = 0; it < 400000; it++) {
		uint32_t n = 1 + ix_rand(44);
		for (uint32_t i = 0; i < n; i++)
			buf[i] = alpha[ix_rand(sizeof alpha - 1)];
		/* often a near-valid shape: 8 or fewer groups of 1-4 digits */
		if (it % 2) {
			n = 0;
			int groups = 1 + (int)ix_rand(9), gap = (int)ix_rand(10);
			for (int g = 0; g < groups; g++) {
				if (g)
					buf[n++] = ':';
				if (g == gap)
					buf[n++] = ':';
				uint32_t len = ix_rand(6);
				for (uint32_t j = 0; j < len && n < 44; j++)
					buf[n++] = alpha[ix_rand(22)];
			}
			if (gap == groups)
				buf[n++] = ':', buf[n++] = ':';
		}
		for (uint32_t i = n; i < sizeof buf; i++)
			buf[i] = (char)ix_rand(256); /* junk after the token */
		struct fq_ip ip;
		bool fast = rd_valid_v6(buf, n), full = ip_parse(buf, n, &ip);
		accepted += fast;
		if (fast && !full && wrong++ < 3) {
			fprintf(stderr, "  valid_v6 accepts '%.*s', ip_parse does not\n", (int)n, buf);
			t_failures++;
		}
	}
	static const char *common[] = {"2001:db8::1", "::", "::1", "1::", "fe80::1ff:fe23:4567:890a",
				       "2600:1f18:4d5e:9a00:1234:5678:9abc:def0", "2001:DB8:0:0:8:800:200C:417A",
				       "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8"};
	for (size_t i = 0; i < FQ_ARRAY_LEN(common); i++) {
		memset(buf, 0, sizeof buf);
		memcpy(buf, common[i], strlen(common[i]));
		struct fq_ip ip;
		CHECK(ip_parse(buf, (uint32_t)strlen(common[i]), &ip));
		if (HAVE_X86_SIMD)
			CHECK(rd_valid_v6(buf, (uint32_t)strlen(common[i])));
	}
	static const char *bad[] = {":", ":::", "1:::2", "1::2::3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:",
				    "1:2:3:4:5:6:7", "12345::", "1::2:3:4:5:6:7:8", "::ffff:1.2.3.4", "g::"};
	for (size_t i = 0; i < FQ_ARRAY_LEN(bad); i++) {
		memset(buf, 0, sizeof buf);
		memcpy(buf, bad[i], strlen(bad[i]));
		CHECK(!rd_valid_v6(buf, (uint32_t)strlen(bad[i])));
	}
	if (HAVE_X86_SIMD)
		CHECK(accepted > 1000);
}
