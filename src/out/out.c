/*
 * out.c - the result writers.  Each row is rendered cell by cell into a
 * reusable buffer (val_format gives Athena's text for every type) and then
 * escaped for the target format.  Table and markdown keep the rendered
 * cells of their first GRID_HOLD rows in an arena to find the column
 * widths, then print those and every later row as it comes; widths count
 * UTF-8 code points, not bytes, so non-ASCII text stays aligned.
 *
 * The big results (flowq cat, wide SELECTs) are mostly integer and varchar
 * columns.  For a batch of only those, csv/tsv/json/ndjson take a plain
 * path: cells go from the vectors straight into the line buffer, integers
 * by int_format, strings with one memcpy unless a word-at-a-time check finds
 * a byte that may need escaping (then the general escaper runs), and the
 * json keys ("name": with its comma) rendered once per writer.  The plain
 * path writes the same bytes as the general loop; FLOWQ_NO_FAST_OUT=1
 * turns it off so tests can hold it to that.
 */
#include "out.h"

#include <math.h>
#include <stdlib.h>

/* Rows a table or markdown grid keeps to find its column widths; after
 * them it prints as it goes, with those widths (wider cells overflow).
 * Memory stays bounded whatever the row count. */
#define GRID_HOLD 50000

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
	bool part; /* out_skip_header: a later part of the rows (no header, no json close) */
	bool head_done; /* table/markdown: the header is out, the widths are fixed */
	bool no_fast; /* FLOWQ_NO_FAST_OUT: every batch takes the general loop */
	/* json/ndjson plain path: column c's key, `"name":` (with a leading
	 * `,` after the first column), is keys.p[key_off[c] .. key_off[c+1]);
	 * key_off NULL until the first plain batch */
	struct buf keys;
	size_t *key_off;
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
	w->no_fast = fq_switch_off("FLOWQ_NO_FAST_OUT");
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
	buf_free(&w->keys);
	free(w->key_off);
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
	if (w->line.failed || w->cell.failed)
		return false; /* out of memory on the way: bytes are missing */
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

/*
 * Whether any of p's n bytes is below `lim` or equal to c1 or c2: the
 * bytes a plain string must not hold.  Eight bytes a step: a byte b is
 * flagged when b's top bit is clear and b - lim or (b ^ c) - 1 (c = c1,
 * c2) goes below zero; a borrow only passes upwards from a byte that is
 * itself flagged, so "none flagged" is exact (for lim <= 0x80 and ASCII
 * c1, c2).
 */
static inline bool has_special(const char *p, size_t n, unsigned lim, unsigned c1, unsigned c2)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	const uint64_t l = ones * lim, e1 = ones * c1, e2 = ones * c2;
	if (n < 8) {
		for (size_t i = 0; i < n; i++) {
			unsigned c = (unsigned char)p[i];
			if (c < lim || c == c1 || c == c2)
				return true;
		}
		return false;
	}
	uint64_t x, acc = 0;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&x, p + i, 8);
		acc |= ((x - l) | ((x ^ e1) - ones) | ((x ^ e2) - ones)) & ~x;
	}
	if (i < n) { /* the last 8 bytes, overlapping what was checked */
		memcpy(&x, p + n - 8, 8);
		acc |= ((x - l) | ((x ^ e1) - ones) | ((x ^ e2) - ones)) & ~x;
	}
	return (acc & highs) != 0;
}

/* A batch of only integer and varchar columns takes the plain paths. */
static bool plain_batch(const struct out_writer *w, const struct batch *b)
{
	if (w->no_fast)
		return false;
	for (int c = 0; c < w->n_cols; c++)
		if (b->cols[c].type != T_VARCHAR && b->cols[c].type != T_INTEGER &&
		    b->cols[c].type != T_BIGINT)
			return false;
	return true;
}

/* Fetch the strings a few rows ahead: sorted results point at them in
 * random order, so the cache misses overlap. */
static inline void prefetch_row(const struct out_writer *w, const struct batch *b, uint32_t r)
{
	enum { AHEAD = 16 };
	if (r + AHEAD < b->n)
		for (int c = 0; c < w->n_cols; c++)
			if (b->cols[c].type == T_VARCHAR)
				__builtin_prefetch(b->cols[c].s[r + AHEAD].p);
}

/*
 * CSV or TSV of integer and varchar columns only (the common big result:
 * ports, counts, addresses): no value built per cell, the column types
 * looked at once a batch.  A string with none of its format's special
 * bytes is copied whole.  The check is wider than the escaping (bytes
 * below 0x0e and `,` `"` for csv, which quotes for , " CR LF; below 0x0e
 * and `\` for tsv, which escapes TAB LF CR \): a false alarm only costs
 * the general escaper.  The same bytes as the general loop.
 */
static bool sv_plain(struct out_writer *w, const struct batch *b)
{
	bool csv = w->fmt == OUT_CSV;
	char sep = csv ? ',' : '\t';
	unsigned lim = 0x0e, c1 = csv ? ',' : '\\', c2 = csv ? '"' : '\\';
	struct buf *o = &w->line;
	int nc = w->n_cols;
	for (uint32_t r = 0; r < b->n; r++) {
		prefetch_row(w, b, r);
		for (int c = 0; c < nc; c++) {
			const struct vec *v = &b->cols[c];
			if (vec_is_null(v, r)) {
				if (c && !buf_addc(o, sep))
					return false;
				continue;
			}
			if (v->type == T_VARCHAR) {
				struct fq_str s = v->s[r];
				if (!buf_reserve(o, (size_t)s.len + 1))
					return false;
				if (c)
					o->p[o->len++] = sep;
				if (!has_special(s.p, s.len, lim, c1, c2)) {
					if (s.len)
						memcpy(o->p + o->len, s.p, s.len);
					o->len += s.len;
				} else if (csv) {
					csv_field(o, s.p, s.len);
				} else {
					tsv_field(o, s.p, s.len);
				}
			} else {
				if (!buf_reserve(o, 24))
					return false;
				if (c)
					o->p[o->len++] = sep;
				o->len += int_format(v->i64[r], o->p + o->len);
			}
		}
		if (!buf_addc(o, '\n'))
			return false;
		w->rows++;
		if (o->len > 64 * 1024 && !flush_line(w))
			return false;
	}
	return flush_line(w);
}

/* Keys are copied in whole steps of this many bytes (no call to memcpy
 * for a length known only at run time): the key buffer has KEY_STEP bytes
 * of slack after the last key, and the line room for the key + KEY_STEP. */
enum { KEY_STEP = 32 };
static inline void put_key(char *d, const char *key, size_t n)
{
	for (size_t i = 0; i < n; i += KEY_STEP)
		memcpy(d + i, key + i, KEY_STEP);
}

/* The json keys of the plain path, rendered by json_string as the general
 * loop renders them (room for the longest escaping reserved first, so no
 * byte is lost).  false when out of memory. */
static bool json_keys(struct out_writer *w)
{
	size_t need = 1 + KEY_STEP; /* KEY_STEP: the slack after the last key */
	for (int c = 0; c < w->n_cols; c++)
		need += 6 * strlen(w->names[c]) + 4; /* , " \u00XX... " : */
	size_t *off = malloc(((size_t)w->n_cols + 1) * sizeof *off);
	if (!off || !buf_reserve(&w->keys, need)) {
		free(off);
		return false;
	}
	for (int c = 0; c < w->n_cols; c++) {
		off[c] = w->keys.len;
		if (c)
			buf_addc(&w->keys, ',');
		json_string(&w->keys, w->names[c], strlen(w->names[c]));
		buf_addc(&w->keys, ':');
	}
	off[w->n_cols] = w->keys.len;
	memset(w->keys.p + w->keys.len, 0, KEY_STEP);
	w->key_off = off;
	return true;
}

/*
 * JSON or NDJSON of integer and varchar columns only: each cell is its
 * key copied whole, then `null`, the integer, or the string between
 * quotes (json_string when it holds `"`, `\` or a byte below 0x20).  Rows
 * are punctuated as the general loop does.
 */
static bool json_plain(struct out_writer *w, const struct batch *b)
{
	if (!w->key_off && !json_keys(w))
		return false;
	bool nd = w->fmt == OUT_NDJSON;
	struct buf *o = &w->line;
	int nc = w->n_cols;
	for (uint32_t r = 0; r < b->n; r++) {
		prefetch_row(w, b, r);
		if (!buf_reserve(o, 3))
			return false;
		if (!nd) {
			if (w->rows)
				o->p[o->len++] = ',';
			o->p[o->len++] = '\n';
		}
		o->p[o->len++] = '{';
		for (int c = 0; c < nc; c++) {
			const struct vec *v = &b->cols[c];
			const char *key = w->keys.p + w->key_off[c];
			size_t key_len = w->key_off[c + 1] - w->key_off[c];
			if (vec_is_null(v, r)) {
				if (!buf_reserve(o, key_len + KEY_STEP + 4))
					return false;
				put_key(o->p + o->len, key, key_len);
				memcpy(o->p + o->len + key_len, "null", 4);
				o->len += key_len + 4;
			} else if (v->type == T_VARCHAR) {
				struct fq_str s = v->s[r];
				if (!buf_reserve(o, key_len + KEY_STEP + s.len + 2))
					return false;
				put_key(o->p + o->len, key, key_len);
				o->len += key_len;
				if (has_special(s.p, s.len, 0x20, '"', '\\')) {
					json_string(o, s.p, s.len);
					continue;
				}
				char *d = o->p + o->len;
				d[0] = '"';
				if (s.len)
					memcpy(d + 1, s.p, s.len);
				d[1 + s.len] = '"';
				o->len += (size_t)s.len + 2;
			} else {
				if (!buf_reserve(o, key_len + KEY_STEP + 20))
					return false;
				put_key(o->p + o->len, key, key_len);
				o->len += key_len;
				o->len += int_format(v->i64[r], o->p + o->len);
			}
		}
		if (!buf_reserve(o, 2))
			return false;
		o->p[o->len++] = '}';
		if (nd)
			o->p[o->len++] = '\n';
		w->rows++;
		if (o->len > 64 * 1024 && !flush_line(w))
			return false;
	}
	return flush_line(w);
}

static bool grid_rows(struct out_writer *w);

bool out_batch(struct out_writer *w, const struct batch *b)
{
	header(w);
	switch (w->fmt) {
	case OUT_CSV:
	case OUT_TSV:
		if (plain_batch(w, b))
			return sv_plain(w, b);
		break;
	case OUT_JSON:
	case OUT_NDJSON:
		if (plain_batch(w, b))
			return json_plain(w, b);
		break;
	default: break;
	}
	struct fq_value v;
	for (uint32_t r = 0; r < b->n; r++) {
		prefetch_row(w, b, r);
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
				if (wd > w->width[c] && !w->head_done)
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
		/* a grid holds GRID_HOLD rows to find its widths, then prints */
		if ((w->fmt == OUT_TABLE || w->fmt == OUT_MARKDOWN) &&
		    w->n_kept >= (size_t)GRID_HOLD * (size_t)w->n_cols && !grid_rows(w))
			return false;
	}
	if (w->head_done && !grid_rows(w))
		return false;
	return flush_line(w);
}

/* Spaces up to `width` after text `wd` wide (none when the text is wider:
 * rows past the first GRID_HOLD may be, their widths came later). */
static void pad(struct buf *b, size_t width, size_t wd)
{
	for (size_t i = wd; i < width; i++)
		buf_addc(b, ' ');
}

static bool right_aligned(enum fq_type t)
{
	return type_is_numeric(t);
}

/* The header and its rule, with the widths known so far. */
static void grid_head(struct out_writer *w)
{
	int nc = w->n_cols;
	bool md = w->fmt == OUT_MARKDOWN;
	struct buf *b = &w->line;
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
			pad(b, w->width[c], wd);
		buf_adds(b, w->names[c]);
		if (w->color && !md)
			buf_adds(b, "\033[0m");
		if (!right_aligned(w->types[c]) || md)
			if (c < nc - 1 || md)
				pad(b, w->width[c], wd);
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
	w->head_done = true;
}

/* Print the rows kept so far and forget them (the widths stay). */
static bool grid_rows(struct out_writer *w)
{
	int nc = w->n_cols;
	bool md = w->fmt == OUT_MARKDOWN;
	struct buf *b = &w->line;
	if (!w->head_done)
		grid_head(w);
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
				pad(b, w->width[c], wd);
				buf_adds(b, " |");
				continue;
			}
			if (c)
				buf_adds(b, "  ");
			if (right_aligned(w->types[c]))
				pad(b, w->width[c], wd);
			buf_add(b, s.p, s.len);
			if (!right_aligned(w->types[c]) && c < nc - 1)
				pad(b, w->width[c], wd);
		}
		buf_addc(b, '\n');
		if (b->len > 64 * 1024 && !flush_line(w))
			return false;
	}
	w->n_kept = 0;
	arena_free(&w->cells);
	arena_init(&w->cells, 256 * 1024);
	return flush_line(w);
}

static bool finish_grid(struct out_writer *w)
{
	if (!grid_rows(w))
		return false;
	if (w->fmt != OUT_MARKDOWN)
		buf_printf(&w->line, "(%llu row%s)\n", (unsigned long long)w->rows,
			   w->rows == 1 ? "" : "s");
	return flush_line(w);
}

void out_skip_header(struct out_writer *w)
{
	w->started = true;
	w->part = true;
}

bool out_splittable(enum out_format f)
{
	return f == OUT_CSV || f == OUT_TSV || f == OUT_NDJSON || f == OUT_JSON;
}

bool out_raw(struct out_writer *w, const char *p, size_t n, uint64_t rows)
{
	header(w);
	/* a json part starts its first row with "\n" (its writer had no rows
	 * before): the comma after the rows already written goes here */
	if (w->fmt == OUT_JSON && n && w->rows)
		buf_addc(&w->line, ',');
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
		if (!w->part) /* (a part's rows are closed by the writer they go to) */
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
