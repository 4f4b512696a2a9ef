/*
 * out.c - the result writers.  Each row is rendered cell by cell into a
 * reusable buffer (val_format gives Athena's text for every type) and then
 * escaped for the target format.  Table and markdown keep rendered cells in
 * an arena and the column widths, then print at the end; widths count
 * UTF-8 code points, not bytes, so non-ASCII text stays aligned.
 */
#include "out.h"

#include <math.h>
#include <stdlib.h>

const char *const out_format_names[OUT_FORMAT_COUNT] = {
	[OUT_TABLE] = "table", [OUT_CSV] = "csv", [OUT_TSV] = "tsv",
	[OUT_JSON] = "json",   [OUT_NDJSON] = "ndjson", [OUT_MARKDOWN] = "markdown",
};

int out_format_from_name(const char *name)
{
	for (int i = 0; i < OUT_FORMAT_COUNT; i++)
		if (strcmp(name, out_format_names[i]) == 0)
			return i;
	if (strcmp(name, "md") == 0)
		return OUT_MARKDOWN;
	if (strcmp(name, "jsonl") == 0)
		return OUT_NDJSON;
	return -1;
}

struct out_writer {
	enum out_format fmt;
	FILE *fp;
	int n_cols;
	char **names;
	enum fq_type *types;
	bool color;
	uint64_t rows;
	bool started;
	struct buf line, cell;
	/* table/markdown */
	struct arena cells;
	struct fq_str *kept; /* rows * n_cols */
	uint8_t *kept_null;
	size_t n_kept, cap_kept;
	size_t *width;
	bool io_error;
};

struct out_writer *out_new(enum out_format f, FILE *fp, const char *const *names,
			   const enum fq_type *types, int n_cols, bool color)
{
	struct out_writer *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->fmt = f;
	w->fp = fp;
	w->n_cols = n_cols;
	w->color = color;
	w->names = calloc((size_t)n_cols + 1, sizeof *w->names);
	w->types = calloc((size_t)n_cols + 1, sizeof *w->types);
	w->width = calloc((size_t)n_cols + 1, sizeof *w->width);
	arena_init(&w->cells, 256 * 1024);
	if (!w->names || !w->types || !w->width) {
		out_free(w);
		return NULL;
	}
	for (int i = 0; i < n_cols; i++) {
		w->names[i] = strdup(names[i]);
		if (!w->names[i]) {
			out_free(w);
			return NULL;
		}
		w->types[i] = types[i];
	}
	return w;
}

void out_free(struct out_writer *w)
{
	if (!w)
		return;
	for (int i = 0; w->names && i < w->n_cols; i++)
		free(w->names[i]);
	free(w->names);
	free(w->types);
	free(w->width);
	free(w->kept);
	free(w->kept_null);
	buf_free(&w->line);
	buf_free(&w->cell);
	arena_free(&w->cells);
	free(w);
}

uint64_t out_rows(const struct out_writer *w)
{
	return w->rows;
}

static size_t utf8_width(const char *p, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			w++;
	return w;
}

static void json_string(struct buf *b, const char *p, size_t n)
{
	buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		switch (c) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		default:
			if (c < 0x20)
				buf_printf(b, "\\u%04x", c);
			else
				buf_addc(b, (char)c);
		}
	}
	buf_addc(b, '"');
}

static void csv_field(struct buf *b, const char *p, size_t n)
{
	bool q = false;
	for (size_t i = 0; i < n; i++)
		if (p[i] == ',' || p[i] == '"' || p[i] == '\n' || p[i] == '\r') {
			q = true;
			break;
		}
	if (!q) {
		buf_add(b, p, n);
		return;
	}
	buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, p[i]);
	}
	buf_addc(b, '"');
}

static void tsv_field(struct buf *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (p[i]) {
		case '\t': buf_adds(b, "\\t"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\\': buf_adds(b, "\\\\"); break;
		default: buf_addc(b, p[i]);
		}
	}
}

static bool flush_line(struct out_writer *w)
{
	if (!w->fp)
		return true; /* a memory writer: the bytes wait for out_take */
	if (w->line.len && fwrite(w->line.p, 1, w->line.len, w->fp) != w->line.len) {
		w->io_error = true;
		return false;
	}
	w->line.len = 0;
	return true;
}

static void header(struct out_writer *w)
{
	if (w->started)
		return;
	w->started = true;
	if (w->fmt == OUT_CSV || w->fmt == OUT_TSV) {
		for (int i = 0; i < w->n_cols; i++) {
			if (i)
				buf_addc(&w->line, w->fmt == OUT_CSV ? ',' : '\t');
			if (w->fmt == OUT_CSV)
				csv_field(&w->line, w->names[i], strlen(w->names[i]));
			else
				tsv_field(&w->line, w->names[i], strlen(w->names[i]));
		}
		buf_addc(&w->line, '\n');
	} else if (w->fmt == OUT_JSON) {
		buf_addc(&w->line, '[');
	} else if (w->fmt == OUT_TABLE || w->fmt == OUT_MARKDOWN) {
		for (int i = 0; i < w->n_cols; i++)
			w->width[i] = utf8_width(w->names[i], strlen(w->names[i]));
	}
}

static bool keep_cell(struct out_writer *w, const char *p, size_t n, bool is_null)
{
	if (w->n_kept == w->cap_kept) {
		size_t cap = w->cap_kept ? w->cap_kept * 2 : 1024;
		struct fq_str *k = realloc(w->kept, cap * sizeof *k);
		if (!k)
			return false;
		w->kept = k;
		uint8_t *kn = realloc(w->kept_null, cap);
		if (!kn)
			return false;
		w->kept_null = kn;
		w->cap_kept = cap;
	}
	struct fq_str s = arena_str(&w->cells, str_make(p, n));
	if (!s.p)
		return false;
	w->kept[w->n_kept] = s;
	w->kept_null[w->n_kept] = is_null;
	w->n_kept++;
	return true;
}

/* An integer's decimal text at o (room for 20 bytes); returns its length. */
static inline size_t put_int(char *o, int64_t x)
{
	char tmp[24];
	int n = 0;
	uint64_t u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
	do {
		tmp[sizeof tmp - 1 - n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (x < 0)
		tmp[sizeof tmp - 1 - n++] = '-';
	memcpy(o, tmp + sizeof tmp - n, (size_t)n);
	return (size_t)n;
}

/*
 * CSV of integer and varchar columns only (the common big result: ports,
 * counts, addresses): no value built per cell, the column types looked at
 * once a batch.  The same bytes as the general loop.
 */
static bool csv_plain(struct out_writer *w, const struct batch *b)
{
	enum { AHEAD = 16 };
	int nc = w->n_cols;
	for (uint32_t r = 0; r < b->n; r++) {
		if (r + AHEAD < b->n)
			for (int c = 0; c < nc; c++)
				if (b->cols[c].type == T_VARCHAR)
					__builtin_prefetch(b->cols[c].s[r + AHEAD].p);
		for (int c = 0; c < nc; c++) {
			const struct vec *v = &b->cols[c];
			if (c && !buf_addc(&w->line, ','))
				return false;
			if (vec_is_null(v, r))
				continue;
			if (v->type == T_VARCHAR) {
				csv_field(&w->line, v->s[r].p, v->s[r].len);
			} else {
				if (!buf_reserve(&w->line, 24))
					return false;
				w->line.len += put_int(w->line.p + w->line.len, v->i64[r]);
			}
		}
		if (!buf_addc(&w->line, '\n'))
			return false;
		w->rows++;
		if (w->line.len > 64 * 1024 && !flush_line(w))
			return false;
	}
	return flush_line(w);
}

bool out_batch(struct out_writer *w, const struct batch *b)
{
	header(w);
	if (w->fmt == OUT_CSV) {
		bool plain = true;
		for (int c = 0; c < w->n_cols && plain; c++)
			plain = b->cols[c].type == T_VARCHAR || b->cols[c].type == T_INTEGER ||
				b->cols[c].type == T_BIGINT;
		if (plain)
			return csv_plain(w, b);
	}
	struct fq_value v;
	enum { AHEAD = 16 };
	for (uint32_t r = 0; r < b->n; r++) {
		/* sorted results point at their strings in random order: fetch a few
		 * rows ahead so the cache misses overlap */
		if (r + AHEAD < b->n)
			for (int c = 0; c < w->n_cols; c++)
				if (b->cols[c].type == T_VARCHAR)
					__builtin_prefetch(b->cols[c].s[r + AHEAD].p);
		if (w->fmt == OUT_JSON)
			buf_adds(&w->line, w->rows ? ",\n" : "\n");
		if (w->fmt == OUT_JSON || w->fmt == OUT_NDJSON)
			buf_addc(&w->line, '{');
		for (int c = 0; c < w->n_cols; c++) {
			vec_get(&b->cols[c], r, &v);
			if (w->fmt == OUT_CSV || w->fmt == OUT_TSV) {
				/* the hot path of big results: no intermediate cell copy for
				 * strings, and numbers never need quoting */
				if (c)
					buf_addc(&w->line, w->fmt == OUT_CSV ? ',' : '\t');
				if (v.is_null)
					continue;
				if (v.type == T_VARCHAR) {
					if (w->fmt == OUT_CSV)
						csv_field(&w->line, v.s.p, v.s.len);
					else
						tsv_field(&w->line, v.s.p, v.s.len);
				} else if (type_is_numeric(v.type) || v.type == T_BOOLEAN) {
					val_format(&v, &w->line);
				} else {
					w->cell.len = 0;
					val_format(&v, &w->cell);
					if (w->fmt == OUT_CSV)
						csv_field(&w->line, w->cell.p, w->cell.len);
					else
						tsv_field(&w->line, w->cell.p, w->cell.len);
				}
				continue;
			}
			w->cell.len = 0;
			if (!v.is_null)
				val_format(&v, &w->cell);
			switch (w->fmt) {
			case OUT_CSV:
			case OUT_TSV:
				if (c)
					buf_addc(&w->line, w->fmt == OUT_CSV ? ',' : '\t');
				if (!v.is_null) {
					if (w->fmt == OUT_CSV)
						csv_field(&w->line, w->cell.p, w->cell.len);
					else
						tsv_field(&w->line, w->cell.p, w->cell.len);
				}
				break;
			case OUT_JSON:
			case OUT_NDJSON:
				if (c)
					buf_addc(&w->line, ',');
				json_string(&w->line, w->names[c], strlen(w->names[c]));
				buf_addc(&w->line, ':');
				if (v.is_null)
					buf_adds(&w->line, "null");
				else if (type_is_int(v.type) || v.type == T_BOOLEAN ||
					 (v.type == T_DOUBLE && isfinite(v.d)))
					buf_add(&w->line, w->cell.p, w->cell.len);
				else
					json_string(&w->line, w->cell.p, w->cell.len);
				break;
			case OUT_TABLE:
			case OUT_MARKDOWN: {
				const char *p = v.is_null ? "NULL" : w->cell.p;
				size_t n = v.is_null ? 4 : w->cell.len;
				if (!p)
					p = "";
				if (!keep_cell(w, p, n, v.is_null))
					return false;
				size_t wd = utf8_width(p, n);
				if (wd > w->width[c])
					w->width[c] = wd;
				break;
			}
			default: break;
			}
		}
		if (w->fmt == OUT_JSON)
			buf_addc(&w->line, '}');
		else if (w->fmt == OUT_NDJSON)
			buf_adds(&w->line, "}\n");
		else if (w->fmt == OUT_CSV || w->fmt == OUT_TSV)
			buf_addc(&w->line, '\n');
		w->rows++;
		if (w->line.len > 64 * 1024 && !flush_line(w))
			return false;
	}
	return flush_line(w);
}

static void pad(struct buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_addc(b, ' ');
}

static bool right_aligned(enum fq_type t)
{
	return type_is_numeric(t);
}

static bool finish_grid(struct out_writer *w)
{
	int nc = w->n_cols;
	bool md = w->fmt == OUT_MARKDOWN;
	struct buf *b = &w->line;
	/* header */
	if (md)
		buf_adds(b, "|");
	for (int c = 0; c < nc; c++) {
		size_t wd = utf8_width(w->names[c], strlen(w->names[c]));
		if (md)
			buf_addc(b, ' ');
		else if (c)
			buf_adds(b, "  ");
		if (w->color && !md)
			buf_adds(b, "\033[1m");
		if (right_aligned(w->types[c]) && !md)
			pad(b, w->width[c] - wd);
		buf_adds(b, w->names[c]);
		if (w->color && !md)
			buf_adds(b, "\033[0m");
		if (!right_aligned(w->types[c]) || md)
			if (c < nc - 1 || md)
				pad(b, w->width[c] - wd);
		if (md)
			buf_adds(b, " |");
	}
	buf_addc(b, '\n');
	if (md)
		buf_adds(b, "|");
	for (int c = 0; c < nc; c++) {
		if (md) {
			buf_addc(b, ' ');
			for (size_t i = 0; i < w->width[c] - (right_aligned(w->types[c]) ? 1 : 0); i++)
				buf_addc(b, '-');
			if (right_aligned(w->types[c]))
				buf_addc(b, ':');
			buf_adds(b, " |");
		} else {
			if (c)
				buf_adds(b, "  ");
			for (size_t i = 0; i < w->width[c]; i++)
				buf_addc(b, '-');
		}
	}
	buf_addc(b, '\n');
	if (!flush_line(w))
		return false;
	for (size_t r = 0; r * (size_t)nc < w->n_kept; r++) {
		if (md)
			buf_adds(b, "|");
		for (int c = 0; c < nc; c++) {
			struct fq_str s = w->kept[r * (size_t)nc + (size_t)c];
			size_t wd = utf8_width(s.p, s.len);
			if (md) {
				buf_addc(b, ' ');
				for (uint32_t i = 0; i < s.len; i++) {
					if (s.p[i] == '|')
						buf_addc(b, '\\');
					buf_addc(b, s.p[i] == '\n' ? ' ' : s.p[i]);
				}
				pad(b, w->width[c] - wd);
				buf_adds(b, " |");
				continue;
			}
			if (c)
				buf_adds(b, "  ");
			if (right_aligned(w->types[c]))
				pad(b, w->width[c] - wd);
			buf_add(b, s.p, s.len);
			if (!right_aligned(w->types[c]) && c < nc - 1)
				pad(b, w->width[c] - wd);
		}
		buf_addc(b, '\n');
		if (b->len > 64 * 1024 && !flush_line(w))
			return false;
	}
	if (!md)
		buf_printf(b, "(%llu row%s)\n", (unsigned long long)w->rows, w->rows == 1 ? "" : "s");
	return flush_line(w);
}

void out_skip_header(struct out_writer *w)
{
	w->started = true;
}

bool out_splittable(enum out_format f)
{
	return f == OUT_CSV || f == OUT_TSV || f == OUT_NDJSON;
}

bool out_raw(struct out_writer *w, const char *p, size_t n, uint64_t rows)
{
	header(w);
	if (!flush_line(w))
		return false;
	if (n && fwrite(p, 1, n, w->fp) != n) {
		w->io_error = true;
		return false;
	}
	w->rows += rows;
	return true;
}

char *out_take(struct out_writer *w, size_t *len, uint64_t *rows)
{
	char *p = w->line.p;
	*len = w->line.len;
	*rows = w->rows;
	memset(&w->line, 0, sizeof w->line);
	w->rows = 0;
	return p;
}

bool out_finish(struct out_writer *w)
{
	header(w);
	bool ok = true;
	switch (w->fmt) {
	case OUT_JSON:
		buf_adds(&w->line, w->rows ? "\n]\n" : "]\n");
		ok = flush_line(w);
		break;
	case OUT_TABLE:
	case OUT_MARKDOWN: ok = finish_grid(w); break;
	default: ok = flush_line(w); break;
	}
	if (w->fp && fflush(w->fp) != 0)
		ok = false;
	return ok && !w->io_error;
}
