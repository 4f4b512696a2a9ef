/*
 * fuzz_reader.c - libFuzzer target for the record reader (and, through it,
 * instream, header detection, fmt_parse and the JSON unwrapper).
 *
 * Input layout: byte 0 picks the settings, the rest is the file.
 *   bit 0  strict
 *   bit 1  a small max_line (32..287 bytes, from byte 1)
 *   bit 2-3 the columns asked for: every catalogue field and partition /
 *          the v2 fields / a few, one of them twice, plus an extra / none
 *   bit 4  the file's first line is a --log-format text (fmt_parse)
 *   bit 5  gzip the file (zlib) so the gzip path sees well-formed streams
 *   bit 6  one problem message per file
 *   bit 7  read the file twice with the same reader (rd_open resets state)
 * The file is handed over through a memfd.  Checked on every input: the
 * reader's counters add up (records = parsed + skipped, lines = blank +
 * headers + records, reasons sum to skipped), batches stay within
 * RD_BATCH, every string slice is readable (ASan checks the bytes), and
 * problem messages are non-empty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "format/fields.h"
#include "format/reader.h"
#include "io/files.h"

static void check(int ok)
{
	if (!ok)
		__builtin_trap();
}

static uint64_t mix(uint64_t h, uint64_t x)
{
	return (h ^ x) * 0x100000001b3ULL;
}

struct issues {
	int n;
	uint64_t dig; /* of the messages' text */
};

static void on_issue(void *ctx, const char *msg)
{
	check(msg != NULL && msg[0] != 0 && strlen(msg) < 4096);
	struct issues *is = ctx;
	is->n++;
	for (const char *c = msg; *c; c++)
		is->dig = mix(is->dig, (unsigned char)*c);
	is->dig = mix(is->dig, 0x100);
}

static void on_format(void *ctx, const struct src_file *f, const struct fmt *fmt, bool hdr)
{
	check(fmt->n > 0 && fmt->n <= RD_MAX_FIELDS);
	(void)ctx;
	(void)f;
	(void)hdr;
}

static size_t gzip_into(const uint8_t *p, size_t n, uint8_t **out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	size_t cap = deflateBound(&z, (uLong)n) + 64;
	*out = malloc(cap);
	if (!*out) {
		deflateEnd(&z);
		return 0;
	}
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	z.next_out = *out;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	size_t len = cap - z.avail_out;
	deflateEnd(&z);
	return len;
}

/* Read the file; returns a digest of every value and NULL read. */
static uint64_t read_all(struct reader *r, const struct src_file *f, int n_cols)
{
	struct flowq_error err;
	err_clear(&err);
	flowq_status st = rd_open(r, f, &err);
	uint64_t dig = 0xcbf29ce484222325ULL;
	while (!st) {
		struct batch *b = NULL;
		st = rd_next(r, &b, &err);
		if (st || !b)
			break;
		check(b->n > 0 && b->n <= RD_BATCH && b->n_cols == (uint32_t)n_cols);
		for (int k = 0; k < n_cols; k++) {
			const struct vec *v = &b->cols[k];
			for (uint32_t i = 0; i < b->n; i++) {
				if (vec_is_null(v, i)) {
					dig = mix(dig, 0x4e);
					continue;
				}
				if (v->type == T_VARCHAR) {
					check(v->s[i].p != NULL || v->s[i].len == 0);
					for (uint32_t j = 0; j < v->s[i].len; j++)
						dig = mix(dig, (unsigned char)v->s[i].p[j]);
					dig = mix(dig, 0x100);
				} else {
					check(v->i64[i] >= 0);
					dig = mix(dig, (uint64_t)v->i64[i]);
				}
			}
		}
	}
	if (st)
		check(err.msg[0] != 0);
	return mix(dig, (uint64_t)st);
}

/* One reader over f with cfg, reading it once or twice (rd_open resets the
 * reader's state in between): the digest of what it read, and its counts. */
struct run {
	uint64_t dig;
	struct rd_stats st;
};

static struct run read_with(const struct rd_config *cfg, const int *cols, int n_cols,
			    const struct src_file *f, bool twice)
{
	struct flowq_error err;
	err_clear(&err);
	struct reader *r = rd_new(cfg, cols, n_cols, &err);
	check(r != NULL);
	struct run out;
	out.dig = read_all(r, f, n_cols);
	if (twice)
		out.dig = mix(out.dig, read_all(r, f, n_cols));
	rd_close(r);
	out.st = *rd_get_stats(r);
	rd_free(r);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	uint8_t cfg_byte = data[0];
	const uint8_t *body = data + 1;
	size_t body_len = size - 1;

	struct extra_cols x;
	extras_init(&x);
	struct rd_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.extras = &x;
	cfg.strict = cfg_byte & 1;
	if (cfg_byte & 2)
		cfg.max_line = 32 + body[0];
	cfg.issues_per_file = (cfg_byte & 64) ? 1 : 0;
	struct issues issues = {0, 0};
	cfg.on_issue = on_issue;
	cfg.issue_ctx = &issues;
	cfg.on_format = on_format;

	struct fmt fmt;
	if (cfg_byte & 16) {
		/* the first line is a format text */
		const uint8_t *nl = memchr(body, '\n', body_len);
		size_t n = nl ? (size_t)(nl - body) : body_len;
		char *text = malloc(n + 1);
		if (text) {
			memcpy(text, body, n);
			text[n] = 0;
			struct flowq_error err;
			err_clear(&err);
			if (fmt_parse(&fmt, text, &x, &err) == FLOWQ_OK) {
				check(fmt.n > 0 && fmt.n <= RD_MAX_FIELDS);
				cfg.default_fmt = &fmt;
			} else {
				check(err.msg[0] != 0);
			}
			free(text);
		}
		body += nl ? n + 1 : n;
		body_len -= nl ? n + 1 : n;
	}

	int cols[FLD_COUNT + PART_COUNT + 4];
	int n_cols = 0;
	switch ((cfg_byte >> 2) & 3) {
	case 0:
		for (int i = 0; i < COL_EXTRA; i++)
			cols[n_cols++] = i;
		break;
	case 1:
		for (int i = 0; i < 14; i++)
			cols[n_cols++] = fld_default_v2[i];
		break;
	case 2:
		cols[n_cols++] = FLD_SRCADDR;
		cols[n_cols++] = FLD_START;
		cols[n_cols++] = FLD_REGION;
		cols[n_cols++] = FLD_SRCADDR;
		cols[n_cols++] = COL_DT;
		cols[n_cols++] = COL_EXTRA;
		break;
	default: break;
	}

	uint8_t *gz = NULL;
	const uint8_t *file = body;
	size_t file_len = body_len;
	if (cfg_byte & 32) {
		file_len = gzip_into(body, body_len, &gz);
		file = gz;
	}
	int fd = memfd_create("fuzz", 0);
	if (fd < 0 || (file_len && write(fd, file, file_len) != (ssize_t)file_len)) {
		if (fd >= 0)
			close(fd);
		free(gz);
		extras_free(&x);
		return 0;
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

	struct src_file f;
	memset(&f, 0, sizeof f);
	src_classify(&f, "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/02/13/05/x.log");
	f.path = path;

	struct run a = read_with(&cfg, cols, n_cols, &f, cfg_byte & 128);
	/* the line index (AVX-512 CPUs) must read exactly as the careful path:
	 * the same values, counts and problem messages */
	struct issues issues_index = issues;
	issues.n = 0;
	issues.dig = 0;
	struct rd_config cfg2 = cfg;
	cfg2.no_line_index = true;
	struct run b = read_with(&cfg2, cols, n_cols, &f, cfg_byte & 128);
	const struct rd_stats *s = &a.st, *s2 = &b.st;
	if (a.dig != b.dig || issues.n != issues_index.n || issues.dig != issues_index.dig)
		fprintf(stderr, "line index and careful path differ: digest %016llx/%016llx, "
				"issues %d/%d, records %llu/%llu, skipped %llu/%llu\n",
			(unsigned long long)a.dig, (unsigned long long)b.dig, issues_index.n, issues.n,
			(unsigned long long)s->records, (unsigned long long)s2->records,
			(unsigned long long)s->skipped, (unsigned long long)s2->skipped);
	check(a.dig == b.dig);
	check(issues.n == issues_index.n && issues.dig == issues_index.dig);
	check(s->records == s2->records && s->parsed == s2->parsed && s->skipped == s2->skipped &&
	      s->lines == s2->lines && s->blank == s2->blank && s->headers == s2->headers);
	for (int i = 0; i < RR_COUNT; i++)
		check(s->by_reason[i] == s2->by_reason[i]);
	check(s->records == s->parsed + s->skipped);
	check(s->lines == s->blank + s->headers + s->records);
	uint64_t reasons = 0;
	for (int i = 0; i < RR_COUNT; i++)
		reasons += s->by_reason[i];
	check(reasons == s->skipped);
	check(s->files == ((cfg_byte & 128) ? 2u : 1u));
	close(fd);
	free(gz);
	extras_free(&x);
	return 0;
}
