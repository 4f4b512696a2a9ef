/*
 * reader.c - parse flow log text into column batches.
 *
 * Data layout: the decompressed stream is pulled into `chunk` (CHUNK_SIZE
 * bytes plus room for one carried-over partial line).  Lines are found with
 * memchr, split on runs of spaces into (offset, length) tokens, and only
 * the tokens of requested columns are converted: numbers into int64 slots,
 * strings and addresses into slices that point into the chunk (no copies,
 * no allocation per record).  The partial last line of a chunk moves to the
 * chunk's front before the next refill, so a batch's strings stay valid
 * until the caller asks for the next batch.
 *
 * Per field position the reader keeps `slot` (which output column, or -1)
 * and `kind` (how to validate).  Requested columns the file's format lacks
 * are NULL, except account_id and region, which fall back to the value the
 * S3 key gives.
 */
#include "reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "io/instream.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_AVX2_SPLIT 1 /* the x86-64 SIMD paths, chosen at run time by CPU */
#endif

/* The SIMD paths (splitter, IPv4 packing) are on: AVX2 and BMI1 at least;
 * avx512_on: the AVX-512 (VBMI2) splitter's CPUs (and the line index). */
static bool simd_on __attribute__((unused)); /* only read by the x86 paths */
#ifdef HAVE_AVX2_SPLIT
static bool avx512_on;
#endif

#define CHUNK_SIZE (256u * 1024)
#define SIMD_PAD 64

static void pick_splitter(void);

const char *const rd_reason_names[RR_COUNT] = {
	[RR_FIELD_COUNT] = "wrong number of fields",
	[RR_NOT_A_NUMBER] = "not a number",
	[RR_OUT_OF_RANGE] = "number out of range",
	[RR_BAD_ADDRESS] = "invalid address",
	[RR_BAD_ACCOUNT] = "invalid account ID",
	[RR_LINE_TOO_LONG] = "line too long",
	[RR_BINARY] = "binary data",
	[RR_TRUNCATED] = "truncated line",
};

const char *const rd_file_problem_names[FP_COUNT] = {
	[FP_UNREADABLE] = "unreadable",
	[FP_GZIP] = "corrupt or truncated gzip",
	[FP_EMPTY] = "empty",
};

/* ---- formats and extra columns --------------------------------------- */

void fmt_default(struct fmt *f)
{
	f->n = 14;
	for (int i = 0; i < 14; i++)
		f->col[i] = fld_default_v2[i];
}

void extras_init(struct extra_cols *x)
{
	memset(x, 0, sizeof *x);
	pthread_mutex_init(&x->lock, NULL);
}

void extras_free(struct extra_cols *x)
{
	if (!x)
		return;
	for (int i = 0; i < x->n; i++)
		free(x->names[i]);
	x->n = 0;
	pthread_mutex_destroy(&x->lock);
}

static void fold_name(char *dst, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		dst[i] = c == '-' ? '_' : c;
	}
	dst[n] = 0;
}

static int extras_find_locked(struct extra_cols *x, const char *folded)
{
	for (int i = 0; i < x->n; i++)
		if (strcmp(x->names[i], folded) == 0)
			return COL_EXTRA + i;
	return -1;
}

int extras_find(struct extra_cols *x, const char *name, size_t len)
{
	char tmp[128];
	if (len >= sizeof tmp)
		return -1;
	fold_name(tmp, name, len);
	pthread_mutex_lock(&x->lock);
	int id = extras_find_locked(x, tmp);
	pthread_mutex_unlock(&x->lock);
	return id;
}

int extras_intern(struct extra_cols *x, const char *name, size_t len)
{
	char tmp[128];
	if (len >= sizeof tmp)
		return -1;
	fold_name(tmp, name, len);
	pthread_mutex_lock(&x->lock);
	int id = extras_find_locked(x, tmp);
	if (id < 0 && x->n < RD_MAX_EXTRAS) {
		x->names[x->n] = strdup(tmp);
		if (x->names[x->n])
			id = COL_EXTRA + x->n++;
	}
	pthread_mutex_unlock(&x->lock);
	return id;
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

flowq_status fmt_parse(struct fmt *f, const char *text, struct extra_cols *extras,
		       struct flowq_error *err)
{
	f->n = 0;
	const char *p = text;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ',')
			p++;
		if (!*p)
			break;
		bool dollar = false;
		if (p[0] == '$' && p[1] == '{') {
			dollar = true;
			p += 2;
		}
		const char *s = p;
		while (is_name_char(*p))
			p++;
		size_t n = (size_t)(p - s);
		if (n == 0 && dollar)
			return err_set(err, FLOWQ_ERR_USAGE,
				       "log format: expected a field name after '${' at offset %d",
				       (int)(p - text));
		if (n == 0)
			return err_set(err, FLOWQ_ERR_USAGE, "log format: unexpected '%c' at offset %d", *p,
				       (int)(p - text));
		if (dollar) {
			if (*p != '}')
				return err_set(err, FLOWQ_ERR_USAGE,
					       "log format: expected '}' after '${%.*s' at offset %d", (int)n,
					       s, (int)(p - text));
			p++;
		}
		if (f->n >= RD_MAX_FIELDS)
			return err_set(err, FLOWQ_ERR_LIMIT, "log format: more than %d fields",
				       RD_MAX_FIELDS);
		int id = fld_lookup(s, n);
		if (id < 0) {
			if (!extras)
				return err_set(err, FLOWQ_ERR_USAGE, "log format: unknown field '%.*s'",
					       (int)n, s);
			id = extras_intern(extras, s, n);
			if (id < 0)
				return err_set(err, FLOWQ_ERR_LIMIT, "log format: too many unknown fields");
		}
		f->col[f->n++] = id;
	}
	if (f->n == 0)
		return err_set(err, FLOWQ_ERR_USAGE, "log format: no fields");
	return FLOWQ_OK;
}

/* ---- the reader ------------------------------------------------------ */

/* How a requested field is converted (the plan of a format, per position). */
enum fop_kind {
	OP_INT,     /* a number up to max */
	OP_TIME,    /* start/end: a number; above 2^31-1 it is milliseconds */
	OP_ADDR,    /* an IPv4 or IPv6 address, with its packed IPv4 form */
	OP_ACCOUNT, /* digits or 'unknown' */
	OP_STR,     /* any token */
};

struct fop {
	uint8_t op;  /* enum fop_kind */
	uint8_t pos; /* the field's position in the line */
	int16_t k;   /* the output column */
	int64_t max; /* OP_INT: the largest value */
};

/* A line of the index: the offset of its '\n', and the count of the
 * window's spaces before it; IX_DIRTY when the line needs the careful
 * path (control bytes, a '\r', runs of spaces, a space at either end, an
 * empty line). */
struct ix_line {
	uint32_t end;
	uint32_t sp_end;
};
#define IX_DIRTY 0x80000000u
#define IX_WINDOW (32u * 1024)
#define IX_RUN 128 /* lines converted a field at a time (see convert_run) */

struct reader {
	struct rd_config cfg;
	int n_cols;
	int cols[RD_MAX_FIELDS + PART_COUNT + 8];
	struct batch batch;
	struct vec vecs[RD_MAX_FIELDS + PART_COUNT + 8];
	uint8_t *null_store; /* n_cols * RD_BATCH */

	/* the open file */
	const struct src_file *file;
	struct instream in;
	bool open, in_done, file_failed;
	char *chunk;
	size_t chunk_cap, len, pos; /* bytes in chunk; next unparsed byte */
	bool skipping_long;         /* inside a line over max_line: drop to '\n' */
	uint64_t line_no;
	int issues_this_file;
	bool seen_first_line;
	uint64_t headers_at_open;

	/* the current format and its per-position plan */
	struct fmt fmt;
	int n_fields;
	int need; /* fields to locate: the last requested position + 1 */
	int16_t slot[RD_MAX_FIELDS];  /* output column, or -1 */
	int8_t kind[RD_MAX_FIELDS];   /* enum fld_kind, or -1 for "not validated" */
	int16_t fld[RD_MAX_FIELDS];   /* catalogue id or -1 */
	/* the requested positions in order, each with what converts it */
	struct fop ops[RD_MAX_FIELDS];
	int n_ops;
	/* output columns not in the format: fill with NULL or a path value */
	int n_fill;
	int fill_slot[RD_MAX_FIELDS + PART_COUNT + 8];
	struct fq_str fill_val[RD_MAX_FIELDS + PART_COUNT + 8]; /* p NULL: NULL */
	uint32_t seg_start; /* first row of the batch read with the current format */
	/* a column requested twice is read once and copied: dup_of[k] = the
	 * first output with the same column id, or -1 */
	int16_t dup_of[RD_MAX_FIELDS + PART_COUNT + 8];
	/* a gzip/read error, reported once the lines before it are handed out */
	flowq_status pending_st;
	char pending_msg[sizeof(((struct flowq_error *)0)->msg)];
	/* JSON-unwrapped lines live here until the next batch */
	struct arena scratch;

	struct rd_stats stats;
	int8_t time_slot_start, time_slot_end;
	bool pf_on;    /* the prefilter applies to the current format */
	bool pf_short; /* its literals fit the AVX2 check (32 bytes at most) */
	/* each file's first PF_PROBE records try it; it stays on for the file
	 * only if it ruled out at least half of them (a literal most lines hold,
	 * like action = 'ACCEPT', would only add a look at every line) */
	uint32_t pf_tried, pf_hits;
	bool pf_keep;

	/* the line index (AVX-512 CPUs): the complete lines of a window of the
	 * chunk, found 64 bytes a step together with their spaces, so a line
	 * is neither searched for its end nor split again */
	bool ix_ok;
	uint32_t *ix_sp;          /* chunk offsets of the window's spaces */
	struct ix_line *ix_line;  /* its lines in order */
	uint32_t ix_n, ix_at;     /* lines in the index; the next to hand out */
	uint32_t ix_from;         /* chunk offset of the first line */
	uint32_t ix_solo;         /* lines before this one go one at a time */
};

#define PF_PROBE 256

static void plan_format(struct reader *r, const struct fmt *f)
{
	r->fmt = *f;
	r->n_fields = f->n;
	bool present[RD_MAX_FIELDS + PART_COUNT + 8] = {0};
	for (int i = 0; i < f->n; i++) {
		int col = f->col[i];
		r->slot[i] = -1;
		r->fld[i] = col < FLD_COUNT ? (int16_t)col : -1;
		r->kind[i] = col < FLD_COUNT ? (int8_t)fld_defs[col].kind : (int8_t)FK_STRING;
		for (int k = 0; k < r->n_cols; k++)
			if (r->cols[k] == col && !present[k] && r->dup_of[k] < 0) {
				r->slot[i] = (int16_t)k;
				present[k] = true;
				break;
			}
	}
	r->pf_on = false;
	const struct rd_prefilter *pf = r->cfg.prefilter;
	if (pf && pf->n > 0 && !r->cfg.fixed_format && !r->cfg.strict)
		for (int i = 0; i < f->n; i++)
			r->pf_on = r->pf_on || f->col[i] == pf->col;
	r->pf_short = true;
	for (int k = 0; pf && k < pf->n; k++)
		r->pf_short = r->pf_short && pf->needle[k].len <= 32;
	r->need = 1;
	r->n_ops = 0;
	for (int i = 0; i < f->n; i++) {
		if (r->slot[i] < 0)
			continue;
		r->need = i + 1;
		struct fop *o = &r->ops[r->n_ops++];
		int fld = r->fld[i];
		o->pos = (uint8_t)i;
		o->k = r->slot[i];
		o->max = INT64_MAX;
		switch (r->kind[i]) {
		case FK_INT32:
			o->max = fld_defs[fld].max;
			/* fall through */
		case FK_INT64:
			o->op = fld == FLD_START || fld == FLD_END ? OP_TIME : OP_INT;
			break;
		case FK_ADDR: o->op = OP_ADDR; break;
		case FK_ACCOUNT: o->op = OP_ACCOUNT; break;
		default: o->op = OP_STR; break;
		}
	}
	r->n_fill = 0;
	for (int k = 0; k < r->n_cols; k++) {
		if (present[k] || r->dup_of[k] >= 0)
			continue;
		int col = r->cols[k];
		struct fq_str v = {0};
		if (col >= COL_DT) {
			const char *z = r->file ? src_part_value(r->file, col) : "";
			if (*z)
				v = str_c(z);
		} else if (col == FLD_ACCOUNT_ID && r->file && r->file->account[0]) {
			v = str_c(r->file->account);
		} else if (col == FLD_REGION && r->file && r->file->region[0]) {
			v = str_c(r->file->region);
		}
		r->fill_slot[r->n_fill] = k;
		r->fill_val[r->n_fill] = v;
		r->n_fill++;
	}
}

/* The null map of output k, set up on first use in a batch: rows before
 * `row` were written without one, so they are not NULL. */
static uint8_t *null_map(struct reader *r, int k, uint32_t row)
{
	struct vec *v = &r->vecs[k];
	if (!v->nulls) {
		v->nulls = r->null_store + (size_t)k * RD_BATCH;
		memset(v->nulls, 0, row);
	}
	return v->nulls;
}

/* Fill rows [from, to) of the outputs the current format lacks (NULL or the
 * value the path gives).  Called when the format changes mid-batch and at
 * the end of a batch, so each row gets the fill of the format it was read
 * with. */
static void fill_rows(struct reader *r, uint32_t from, uint32_t to)
{
	if (from >= to)
		return;
	for (int f = 0; f < r->n_fill; f++) {
		int k = r->fill_slot[f];
		struct vec *v = &r->vecs[k];
		struct fq_str val = r->fill_val[f];
		if (!val.p) {
			memset(null_map(r, k, from) + from, 1, to - from);
			if (v->type == T_VARCHAR)
				for (uint32_t i = from; i < to; i++)
					v->s[i] = str_make("", 0);
			else
				memset((char *)v->data + from * type_slot_size(v->type), 0,
				       (to - from) * type_slot_size(v->type));
		} else {
			for (uint32_t i = from; i < to; i++)
				v->s[i] = val;
			if (v->nulls)
				memset(v->nulls + from, 0, to - from);
		}
	}
}

struct reader *rd_new(const struct rd_config *cfg, const int *cols, int n_cols,
		      struct flowq_error *err)
{
	if (n_cols < 0 || n_cols > (int)FQ_ARRAY_LEN(((struct reader *)0)->cols)) {
		err_set(err, FLOWQ_ERR_LIMIT, "too many columns requested (%d)", n_cols);
		return NULL;
	}
	pick_splitter();
	struct reader *r = calloc(1, sizeof *r);
	if (!r) {
		err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
		return NULL;
	}
	r->cfg = *cfg;
	if (!r->cfg.max_line)
		r->cfg.max_line = RD_DEFAULT_MAX_LINE;
	if (!r->cfg.issues_per_file)
		r->cfg.issues_per_file = 3;
	r->n_cols = n_cols;
	if (n_cols)
		memcpy(r->cols, cols, (size_t)n_cols * sizeof *cols);
	for (int k = 0; k < n_cols; k++) {
		r->dup_of[k] = -1;
		for (int k0 = 0; k0 < k; k0++)
			if (cols[k0] == cols[k]) {
				r->dup_of[k] = (int16_t)k0;
				break;
			}
	}
	r->chunk_cap = CHUNK_SIZE + r->cfg.max_line + 1;
	r->chunk = malloc(r->chunk_cap + SIMD_PAD); /* vector loads may read past a line */
	r->null_store = calloc((size_t)(n_cols ? n_cols : 1), RD_BATCH);
	arena_init(&r->scratch, 64 * 1024);
	if (!r->chunk || !r->null_store)
		goto nomem;
	for (int k = 0; k < n_cols; k++) {
		int col = cols[k];
		enum fq_type t = col < FLD_COUNT ? fld_sql_type(col) : T_VARCHAR;
		r->vecs[k].type = t;
		r->vecs[k].cap = RD_BATCH;
		if (col < FLD_COUNT && fld_defs[col].kind == FK_ADDR) {
			r->vecs[k].v4 = malloc(RD_BATCH * sizeof(int64_t));
			if (!r->vecs[k].v4)
				goto nomem;
		}
		r->vecs[k].data = calloc(RD_BATCH, type_slot_size(t));
		if (!r->vecs[k].data)
			goto nomem;
	}
#ifdef HAVE_AVX2_SPLIT
	const char *noix = getenv("FLOWQ_NO_LINE_INDEX");
	if (avx512_on && !cfg->no_line_index && !(noix && *noix && strcmp(noix, "0") != 0)) {
		/* a window holds at most one space, or one line, per byte */
		r->ix_sp = malloc(IX_WINDOW * sizeof *r->ix_sp);
		r->ix_line = malloc((IX_WINDOW + 1) * sizeof *r->ix_line);
		if (!r->ix_sp || !r->ix_line)
			goto nomem;
		r->ix_ok = true;
	}
#endif
	r->batch.cols = r->vecs;
	r->batch.n_cols = (uint32_t)n_cols;
	r->batch.cap = RD_BATCH;
	r->time_slot_start = r->time_slot_end = -1;
	for (int k = 0; k < n_cols; k++) {
		if (cols[k] == FLD_START)
			r->time_slot_start = (int8_t)k;
		if (cols[k] == FLD_END)
			r->time_slot_end = (int8_t)k;
	}
	return r;
nomem:
	rd_free(r);
	err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
	return NULL;
}

void rd_free(struct reader *r)
{
	if (!r)
		return;
	if (r->open)
		ins_close(&r->in);
	for (int k = 0; k < r->n_cols; k++) {
		free(r->vecs[k].data);
		free(r->vecs[k].v4); /* each column has its own, duplicates too */
	}
	free(r->null_store);
	free(r->chunk);
	free(r->ix_sp);
	free(r->ix_line);
	arena_free(&r->scratch);
	free(r);
}

const struct rd_stats *rd_get_stats(const struct reader *r)
{
	return &r->stats;
}

void rd_stats_add(struct rd_stats *into, const struct rd_stats *from)
{
	into->files += from->files;
	into->files_ok += from->files_ok;
	for (int i = 0; i < FP_COUNT; i++)
		into->file_problems[i] += from->file_problems[i];
	into->bytes_in += from->bytes_in;
	into->bytes_raw += from->bytes_raw;
	into->lines += from->lines;
	into->blank += from->blank;
	into->headers += from->headers;
	into->records += from->records;
	into->parsed += from->parsed;
	into->skipped += from->skipped;
	into->ruled_out += from->ruled_out;
	for (int i = 0; i < RR_COUNT; i++)
		into->by_reason[i] += from->by_reason[i];
	if (from->min_start && (!into->min_start || from->min_start < into->min_start))
		into->min_start = from->min_start;
	if (from->max_end > into->max_end)
		into->max_end = from->max_end;
}

/* Report one problem; returns the status the caller should return
 * (FLOWQ_OK to go on, an error with --strict). */
static flowq_status issue(struct reader *r, flowq_status code, struct flowq_error *err,
			  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static flowq_status issue(struct reader *r, flowq_status code, struct flowq_error *err,
			  const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (r->cfg.strict) {
		err_set(err, code, "%s", msg);
		return code;
	}
	if (r->issues_this_file < r->cfg.issues_per_file && r->cfg.on_issue)
		r->cfg.on_issue(r->cfg.issue_ctx, msg);
	else if (r->issues_this_file == r->cfg.issues_per_file && r->cfg.on_issue) {
		snprintf(msg, sizeof msg, "%s: further problems in this file are only counted",
			 r->file->path);
		r->cfg.on_issue(r->cfg.issue_ctx, msg);
	}
	r->issues_this_file++;
	return FLOWQ_OK;
}

/* A problem with the file itself (corrupt gzip, read error), found after
 * line `after`: always reported, even when the file's bad lines have used
 * up their messages, since the summary counts it against the file. */
static flowq_status file_issue(struct reader *r, flowq_status code, struct flowq_error *err,
			       const char *path, const char *what, uint64_t after)
{
	char msg[sizeof r->pending_msg + 600];
	snprintf(msg, sizeof msg, "%s: %s (after line %llu; the lines before it were read)", path,
		 what, (unsigned long long)after);
	if (r->cfg.strict)
		return err_set(err, code, "%s", msg);
	if (r->cfg.on_issue)
		r->cfg.on_issue(r->cfg.issue_ctx, msg);
	return FLOWQ_OK;
}

static void finish_file(struct reader *r);

flowq_status rd_open(struct reader *r, const struct src_file *f, struct flowq_error *err)
{
	finish_file(r);
	r->file = f;
	r->len = r->pos = 0;
	r->in_done = false;
	r->file_failed = false;
	r->skipping_long = false;
	r->pending_st = FLOWQ_OK;
	r->line_no = 0;
	r->issues_this_file = 0;
	r->seen_first_line = false;
	r->pf_tried = r->pf_hits = 0;
	r->pf_keep = false;
	r->ix_n = r->ix_at = 0;
	r->headers_at_open = r->stats.headers;
	r->stats.files++;
	struct fmt def;
	if (r->cfg.default_fmt)
		def = *r->cfg.default_fmt;
	else
		fmt_default(&def);
	plan_format(r, &def);

	struct flowq_error e;
	err_clear(&e);
	flowq_status st = ins_open(&r->in, f->open_path ? f->open_path : f->path, &e);
	if (st) {
		r->stats.file_problems[FP_UNREADABLE]++;
		r->in_done = true;
		r->file_failed = true;
		if (st == FLOWQ_ERR_NOMEM)
			return err_set(err, st, "%s", e.msg);
		return issue(r, FLOWQ_ERR_IO, err, "%s: cannot read: %s", f->path,
			     e.msg + (strncmp(e.msg, f->path, strlen(f->path)) == 0 ? strlen(f->path) + 2 : 0));
	}
	r->open = true;
	return FLOWQ_OK;
}

/* Refill the chunk: keep bytes from pos on, read more after them. */
static flowq_status refill(struct reader *r, struct flowq_error *err)
{
	if (r->pos > 0) {
		memmove(r->chunk, r->chunk + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	size_t room = r->chunk_cap - 1 - r->len;
	if (room > CHUNK_SIZE)
		room = CHUNK_SIZE;
	size_t got = 0;
	struct flowq_error e;
	err_clear(&e);
	flowq_status st = ins_read(&r->in, (uint8_t *)r->chunk + r->len, room, &got, &e);
	r->len += got;
	if (st) {
		r->in_done = true;
		r->file_failed = true;
		if (st == FLOWQ_ERR_NOMEM)
			return err_set(err, st, "%s", e.msg);
		if (st == FLOWQ_ERR_GZIP)
			r->stats.file_problems[FP_GZIP]++;
		else
			r->stats.file_problems[FP_UNREADABLE]++;
		/* reported by rd_next once the complete lines before it are read,
		 * so the message can say where the damage starts */
		r->pending_st = st == FLOWQ_ERR_GZIP ? FLOWQ_ERR_GZIP : FLOWQ_ERR_IO;
		snprintf(r->pending_msg, sizeof r->pending_msg, "%s",
			 e.msg + (strncmp(e.msg, r->file->path, strlen(r->file->path)) == 0
					  ? strlen(r->file->path) + 2
					  : 0));
		return FLOWQ_OK;
	}
	if (got == 0)
		r->in_done = true;
	return FLOWQ_OK;
}

/* Split [p, e) on runs of spaces.  Returns the number of tokens (which may
 * exceed max: only the first max are stored).  *ctl gets the offset of the
 * first control byte, or -1.  The scalar version is the reference; the AVX2
 * one finds spaces and control bytes 32 bytes at a time and walks the bit
 * masks of token starts and ends (it may read up to 31 bytes past e, which
 * the chunk's padding allows). */
static int split_line_scalar(const char *p, const char *e, uint32_t *off, uint32_t *len, int max,
			     long *ctl)
{
	const char *base = p;
	int n = 0;
	*ctl = -1;
	while (p < e) {
		while (p < e && *p == ' ')
			p++;
		if (p >= e)
			break;
		const char *s = p;
		while (p < e && *p != ' ') {
			if (FQ_UNLIKELY((unsigned char)*p < 0x20 || *p == 0x7f) && *ctl < 0)
				*ctl = p - base;
			p++;
		}
		if (n < max) {
			off[n] = (uint32_t)(s - base);
			len[n] = (uint32_t)(p - s);
		}
		n++;
	}
	return n;
}

#ifdef HAVE_AVX2_SPLIT
__attribute__((target("avx2,bmi,bmi2,popcnt"))) static int
split_line_avx2_full(const char *p, const char *e, uint32_t *off, uint32_t *len, int max, long *ctl)
{
	size_t n = (size_t)(e - p);
	const __m256i space = _mm256_set1_epi8(' ');
	const __m256i c1f = _mm256_set1_epi8(0x1f);
	const __m256i del = _mm256_set1_epi8(0x7f);
	int ns = 0, ne = 0;
	uint32_t prev_nonsp = 0; /* was the byte before this block a token byte? */
	*ctl = -1;
	for (size_t i = 0; i < n; i += 32) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(p + i));
		uint32_t sp = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, space));
		uint32_t cc = (uint32_t)_mm256_movemask_epi8(
			_mm256_or_si256(_mm256_cmpeq_epi8(_mm256_min_epu8(v, c1f), v), _mm256_cmpeq_epi8(v, del)));
		uint32_t valid = n - i >= 32 ? 0xffffffffu : (1u << (n - i)) - 1;
		cc &= valid;
		if (FQ_UNLIKELY(cc) && *ctl < 0)
			*ctl = (long)(i + (size_t)__builtin_ctz(cc));
		uint32_t tok = ~sp & valid;
		uint32_t shifted = (tok << 1) | prev_nonsp;
		uint32_t starts = tok & ~shifted;
		uint32_t ends = ~tok & shifted & (valid | (valid << 1) | 1u);
		/* an end at bit 32 (token runs to the block's last byte) shows up as
		 * prev_nonsp of the next block, or as the line end below */
		/* record positions while they are wanted, then only count */
		while (starts && ns < max) {
			off[ns++] = (uint32_t)(i + (size_t)__builtin_ctz(starts));
			starts &= starts - 1;
		}
		ns += __builtin_popcount(starts);
		while (ends && ne < max) {
			len[ne] = (uint32_t)(i + (size_t)__builtin_ctz(ends)) - off[ne];
			ne++;
			ends &= ends - 1;
		}
		ne += __builtin_popcount(ends);
		prev_nonsp = n - i >= 32 ? tok >> 31 : 0;
		if (n - i < 32 && (tok >> (n - i - 1)) & 1)
			prev_nonsp = 1; /* last token touches the line end */
	}
	if (ne < ns) {
		if (ne < max)
			len[ne] = (uint32_t)n - off[ne];
		ne++;
	}
	return ns;
}

/*
 * The common case: fields separated by exactly one space.  Only token starts
 * are walked (lengths follow from the next start), spaces are counted; when
 * the count shows a run of spaces or a space at either end, the full walk
 * above takes over.
 */
__attribute__((target("avx2,bmi,bmi2,popcnt"))) static int
split_line_avx2(const char *p, const char *e, uint32_t *off, uint32_t *len, int max, long *ctl)
{
	size_t n = (size_t)(e - p);
	if (n == 0 || p[0] == ' ' || p[n - 1] == ' ' || max < 1)
		return split_line_avx2_full(p, e, off, len, max, ctl);
	const __m256i space = _mm256_set1_epi8(' ');
	const __m256i c1f = _mm256_set1_epi8(0x1f);
	const __m256i del = _mm256_set1_epi8(0x7f);
	int ns = 0, rec = max + 1; /* one start more than wanted: it ends the last one */
	uint32_t nsp = 0, prev_nonsp = 0, next = 0;
	*ctl = -1;
	for (size_t i = 0; i < n; i += 32) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(p + i));
		uint32_t sp = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, space));
		uint32_t cc = (uint32_t)_mm256_movemask_epi8(
			_mm256_or_si256(_mm256_cmpeq_epi8(_mm256_min_epu8(v, c1f), v), _mm256_cmpeq_epi8(v, del)));
		uint32_t valid = n - i >= 32 ? 0xffffffffu : (1u << (n - i)) - 1;
		cc &= valid;
		if (FQ_UNLIKELY(cc) && *ctl < 0)
			*ctl = (long)(i + (size_t)__builtin_ctz(cc));
		sp &= valid;
		nsp += (uint32_t)__builtin_popcount(sp);
		uint32_t tok = ~sp & valid;
		uint32_t starts = tok & ~((tok << 1) | prev_nonsp);
		while (starts && ns < rec) {
			uint32_t at = (uint32_t)(i + (size_t)__builtin_ctz(starts));
			if (ns < max)
				off[ns] = at;
			else
				next = at;
			ns++;
			starts &= starts - 1;
		}
		ns += __builtin_popcount(starts);
		prev_nonsp = tok >> 31;
	}
	if (nsp + 1 != (uint32_t)ns)
		return split_line_avx2_full(p, e, off, len, max, ctl);
	int m = ns < max ? ns : max;
	for (int i = 0; i < m; i++) {
		uint32_t end = i + 1 >= ns ? (uint32_t)n : i + 1 < max ? off[i + 1] - 1 : next - 1;
		len[i] = end - off[i];
	}
	return ns;
}

/*
 * The 64-byte steps of the AVX-512 paths (the splitter, the line index and
 * the prefilter check): bytes [i, i + 64) of p cut at `end` by a masked
 * load (nothing read past it), with the masks of spaces and of control
 * bytes (0x00-0x1f and 0x7f; the index takes its newlines out).
 */
struct blk64 {
	__m512i v;
	uint64_t valid, sp, cc;
};

static inline __attribute__((always_inline, target("avx512f,avx512bw,avx512vl"))) struct blk64
blk64_at(const char *p, size_t i, size_t end)
{
	struct blk64 b;
	b.valid = end - i >= 64 ? ~0ULL : (1ULL << (end - i)) - 1;
	b.v = _mm512_maskz_loadu_epi8(b.valid, p + i);
	b.sp = _mm512_cmpeq_epi8_mask(b.v, _mm512_set1_epi8(' ')) & b.valid;
	b.cc = (_mm512_cmple_epu8_mask(b.v, _mm512_set1_epi8(0x1f)) |
		_mm512_cmpeq_epi8_mask(b.v, _mm512_set1_epi8(0x7f))) &
	       b.valid;
	return b;
}

/* The positions of the first `take` set bits of m, plus base, stored at out
 * as 32-bit numbers: packed by one compress, widened and stored 16 at a
 * time. */
static inline __attribute__((always_inline, target("avx512f,avx512bw,avx512vl,avx512vbmi2"))) void
store_positions(uint32_t *out, uint64_t m, uint32_t base, int take)
{
	const __m512i lanes = _mm512_set_epi8(63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50,
					      49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36,
					      35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22,
					      21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7,
					      6, 5, 4, 3, 2, 1, 0);
	__m512i pos = _mm512_maskz_compress_epi8(m, lanes);
	const __m512i b = _mm512_set1_epi32((int)base);
	for (int c = 0; c < take; c += 16) {
		__m512i w = _mm512_add_epi32(_mm512_cvtepu8_epi32(_mm512_castsi512_si128(pos)), b);
		int left = take - c;
		_mm512_mask_storeu_epi32(out + c, (__mmask16)(left >= 16 ? 0xffff : (1u << left) - 1), w);
		pos = _mm512_alignr_epi32(_mm512_setzero_si512(), pos, 4);
	}
}

/*
 * The single-space fast path with AVX-512 (VBMI2): 64 bytes a step, a
 * masked load (nothing read past the line), and the positions of the
 * field starts packed by one compress instead of a bit-by-bit walk.
 */
__attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi2,bmi,bmi2,popcnt"))) static int
split_line_avx512(const char *p, const char *e, uint32_t *off, uint32_t *len, int max, long *ctl)
{
	size_t n = (size_t)(e - p);
	if (n == 0 || p[0] == ' ' || p[n - 1] == ' ' || max < 1 || max > RD_MAX_FIELDS)
		return split_line_avx2_full(p, e, off, len, max, ctl);
	/* starts, the one after the last wanted included (it ends that field) */
	uint32_t st[RD_MAX_FIELDS + 1 + 64];
	int ns = 0, rec = max + 1;
	uint64_t nsp = 0, prev_nonsp = 0;
	*ctl = -1;
	for (size_t i = 0; i < n; i += 64) {
		struct blk64 b = blk64_at(p, i, n);
		if (FQ_UNLIKELY(b.cc) && *ctl < 0)
			*ctl = (long)(i + (size_t)__builtin_ctzll(b.cc));
		nsp += (uint64_t)__builtin_popcountll(b.sp);
		uint64_t tok = ~b.sp & b.valid;
		uint64_t starts = tok & ~((tok << 1) | prev_nonsp);
		prev_nonsp = tok >> 63;
		int k = __builtin_popcountll(starts);
		if (ns < rec && k) /* only as many as are still wanted */
			store_positions(st + ns, starts, (uint32_t)i, k < rec - ns ? k : rec - ns);
		ns += k;
	}
	if (nsp + 1 != (uint64_t)ns)
		return split_line_avx2_full(p, e, off, len, max, ctl);
	int m = ns < max ? ns : max;
	for (int i = 0; i < m; i++) {
		off[i] = st[i];
		uint32_t end = i + 1 < ns ? st[i + 1] - 1 : (uint32_t)n;
		len[i] = end - st[i];
	}
	return ns;
}
#endif

static int (*split_line)(const char *, const char *, uint32_t *, uint32_t *, int, long *) =
	split_line_scalar;

#ifdef HAVE_AVX2_SPLIT
static void v4_shuf_init(void);
#endif


__attribute__((unused)) static bool have_avx512_split(void)
{
#ifdef HAVE_AVX2_SPLIT
	return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
	       __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vbmi2");
#else
	return false;
#endif
}

static void pick_splitter_once(void)
{
#ifdef HAVE_AVX2_SPLIT
	__builtin_cpu_init();
	v4_shuf_init();
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && !getenv("FLOWQ_NO_SIMD")) {
		simd_on = true;
		split_line = split_line_avx2;
		if (have_avx512_split() && !getenv("FLOWQ_NO_AVX512")) {
			split_line = split_line_avx512;
			avx512_on = true;
		}
	}
#endif
}

static void pick_splitter(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, pick_splitter_once);
}

int rd_split(const char *p, const char *e, uint32_t *off, uint32_t *len, int max, long *ctl,
	     int simd)
{
#ifdef HAVE_AVX2_SPLIT
	pick_splitter();
	if (simd >= 2 && have_avx512_split())
		return split_line_avx512(p, e, off, len, max, ctl);
	if (simd >= 1 && __builtin_cpu_supports("avx2"))
		return split_line_avx2(p, e, off, len, max, ctl);
#endif
	(void)simd;
	return split_line_scalar(p, e, off, len, max, ctl);
}

/* Is this line a header ("version account-id ...")? */
static bool is_header(const char *p, const uint32_t *off, const uint32_t *len, int n)
{
	if (n == 0 || n > RD_MAX_FIELDS)
		return false;
	int known = 0;
	for (int i = 0; i < n; i++) {
		const char *t = p + off[i];
		if (!((t[0] >= 'a' && t[0] <= 'z') || (t[0] >= 'A' && t[0] <= 'Z')))
			return false;
		for (uint32_t j = 0; j < len[i]; j++)
			if (!is_name_char(t[j]))
				return false;
		if (fld_lookup(t, len[i]) >= 0)
			known++;
	}
	return known * 2 >= n;
}

static flowq_status set_header(struct reader *r, const char *p, const uint32_t *off,
			       const uint32_t *len, int n, struct flowq_error *err)
{
	struct fmt f;
	f.n = n;
	for (int i = 0; i < n; i++) {
		int id = fld_lookup(p + off[i], len[i]);
		if (id < 0) {
			id = extras_intern(r->cfg.extras, p + off[i], len[i]);
			if (id < 0)
				return err_set(err, FLOWQ_ERR_LIMIT, "%s:%llu: more than %d unknown fields",
					       r->file->path, (unsigned long long)r->line_no,
					       RD_MAX_EXTRAS);
			if (r->cfg.on_issue && r->issues_this_file < r->cfg.issues_per_file) {
				char msg[400];
				snprintf(msg, sizeof msg,
					 "warning: %s:%llu: unknown field '%.*s' kept as a string column",
					 r->file->path, (unsigned long long)r->line_no, (int)len[i],
					 p + off[i]);
				r->cfg.on_issue(r->cfg.issue_ctx, msg);
			}
		}
		f.col[i] = id;
	}
	plan_format(r, &f);
	if (r->cfg.on_format)
		r->cfg.on_format(r->cfg.format_ctx, r->file, &f, true);
	return FLOWQ_OK;
}

static const char *field_name(const struct reader *r, int i, char *tmp, size_t cap)
{
	int col = r->fmt.col[i];
	if (col < FLD_COUNT)
		return fld_defs[col].aws_name;
	if (col >= COL_EXTRA && col - COL_EXTRA < r->cfg.extras->n)
		return r->cfg.extras->names[col - COL_EXTRA];
	snprintf(tmp, cap, "?");
	return tmp;
}

/* A dotted-quad IPv4 address (no leading zeros), the common case. */
static inline bool valid_v4(const char *t, uint32_t n)
{
	uint8_t b[4];
	return ip4_from_text(t, n, b);
}

#ifdef HAVE_AVX2_SPLIT
/*
 * A dotted-quad IPv4 address checked and packed without a loop per
 * character: one 16-byte compare gives the masks of digits and dots, and
 * the rules become bit tests (three dots, none first/last/adjacent, no run
 * of four digits, no leading zero).  Then one shuffle puts each octet's
 * digits right-aligned in a 4-byte lane (the shuffle for each of the 81
 * combinations of octet lengths is built once), and two multiply-adds turn
 * the lanes into the octet values, which must be <= 255; *packed gets
 * a<<24|b<<16|c<<8|d.  Reads 16 bytes from t (the chunk is padded).  Not
 * inlined (parse_line is built for any x86-64); the call costs less than
 * the octet loop it replaces.
 */
static uint8_t v4_shuf[81][16];

static void v4_shuf_init(void)
{
	for (int c = 0; c < 81; c++) {
		int l[4] = {c / 27 + 1, c / 9 % 3 + 1, c / 3 % 3 + 1, c % 3 + 1};
		int at = 0;
		for (int k = 0; k < 4; k++) {
			/* lane k: bytes [h t o 0]; missing leading digits are zero */
			for (int d = 0; d < 3; d++) {
				int from = at + d - (3 - l[k]);
				v4_shuf[c][4 * k + d] = from >= at ? (uint8_t)from : 0x80;
			}
			v4_shuf[c][4 * k + 3] = 0x80;
			at += l[k] + 1;
		}
	}
}

__attribute__((target("ssse3,sse4.1,popcnt,bmi"))) static inline bool
valid_v4_ssse3(const char *t, uint32_t n, uint32_t *packed)
{
	if (n < 7 || n > 15)
		return false;
	__m128i v = _mm_loadu_si128((const __m128i *)t);
	uint32_t valid = (1u << n) - 1;
	__m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
	/* digits: 0..9 after the subtraction, as unsigned bytes */
	__m128i isdig = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
	uint32_t digit = (uint32_t)_mm_movemask_epi8(isdig) & valid;
	uint32_t dot = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.'))) & valid;
	uint32_t zero = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(d, _mm_setzero_si128())) & valid;
	uint32_t d1 = dot & (dot - 1), d2 = d1 & (d1 - 1), d3 = d2 & (d2 - 1);
	if ((digit | dot) != valid || !d2 || d3 || (dot & 1) || (dot >> (n - 1)) || (dot & (dot >> 1)) ||
	    (digit & (digit >> 1) & (digit >> 2) & (digit >> 3)))
		return false;
	uint32_t starts = digit & ~(digit << 1);
	if (zero & starts & (digit >> 1))
		return false; /* a leading zero */
	uint32_t e0 = (uint32_t)__builtin_ctz(dot), e1 = (uint32_t)__builtin_ctz(d1),
		 e2 = (uint32_t)__builtin_ctz(d2);
	uint32_t l0 = e0, l1 = e1 - e0 - 1, l2 = e2 - e1 - 1, l3 = n - e2 - 1;
	uint32_t c = (l0 - 1) * 27 + (l1 - 1) * 9 + (l2 - 1) * 3 + (l3 - 1);
	__m128i lanes = _mm_shuffle_epi8(d, _mm_loadu_si128((const __m128i *)v4_shuf[c]));
	/* [h t o 0] -> (100h + 10t, o) -> 100h + 10t + o per 32-bit lane */
	__m128i pairs = _mm_maddubs_epi16(lanes, _mm_setr_epi8(100, 10, 1, 0, 100, 10, 1, 0, 100, 10,
								 1, 0, 100, 10, 1, 0));
	__m128i oct = _mm_madd_epi16(pairs, _mm_set1_epi16(1));
	if (_mm_movemask_epi8(_mm_cmpgt_epi32(oct, _mm_set1_epi32(255))))
		return false;
	__m128i b = _mm_packus_epi16(_mm_packus_epi32(oct, oct), _mm_setzero_si128());
	uint32_t x = (uint32_t)_mm_cvtsi128_si32(b);
	if (packed)
		*packed = __builtin_bswap32(x);
	return true;
}
#endif

#ifdef HAVE_AVX2_SPLIT
/*
 * An IPv6 address of hex groups only (no embedded IPv4), checked on masks:
 * every byte a hex digit or ':', groups of 1 to 4 digits, at most one '::'
 * and no ':::', a colon at either end only as part of '::', 8 groups
 * without '::' and at most 7 with it.  Sound, not complete: what it
 * rejects goes to ip_parse, which has the last word.  Reads 48 bytes from t
 * (lines are padded).
 */
static inline bool valid_v6_hex(const char *t, uint32_t n)
{
	if (n < 2 || n > 39)
		return false;
	uint64_t hex = 0, col = 0;
	for (int k = 0; k < 3; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(t + 16 * k));
		__m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
		__m128i isd = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
		__m128i l = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
		__m128i isl = _mm_cmpeq_epi8(_mm_min_epu8(l, _mm_set1_epi8(5)), l);
		hex |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128(isd, isl)) << (16 * k);
		col |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(':')))
		       << (16 * k);
	}
	uint64_t valid = (1ULL << n) - 1;
	hex &= valid;
	col &= valid;
	if ((hex | col) != valid)
		return false;
	uint64_t dc = col & (col >> 1); /* a colon followed by a colon */
	if (dc & (dc - 1))
		return false; /* two '::', or ':::' */
	if ((col & 1) && !(dc & 1))
		return false; /* a single leading colon */
	if (((col >> (n - 1)) & 1) && !((dc >> (n - 2)) & 1))
		return false; /* a single trailing colon */
	if (hex & (hex >> 1) & (hex >> 2) & (hex >> 3) & (hex >> 4))
		return false; /* a group of five digits */
	int groups = __builtin_popcountll(hex & ~(hex << 1));
	return dc ? groups <= 7 : groups == 8;
}
#endif

bool rd_valid_v6(const char *t, uint32_t n)
{
#ifdef HAVE_AVX2_SPLIT
	return valid_v6_hex(t, n);
#else
	(void)t;
	(void)n;
	return false;
#endif
}

bool rd_valid_v4(const char *t, uint32_t n, bool simd, uint32_t *packed)
{
#ifdef HAVE_AVX2_SPLIT
	pick_splitter(); /* builds the shuffles */
	/* the same gate as parsing: the AVX2 splitter's CPUs have SSSE3,
	 * SSE4.1, POPCNT and BMI1, which valid_v4_ssse3 is built for */
	if (simd && simd_on)
		return valid_v4_ssse3(t, n, packed);
#endif
	(void)simd;
	return valid_v4(t, n);
}

/* Parse an unsigned decimal; false on junk or overflow. */
static bool parse_u64_slow(const char *p, uint32_t n, uint64_t *out)
{
	if (n == 0 || n > 20)
		return false;
	/* up to 19 digits cannot overflow: check the digits, then accumulate
	 * without a test per step; only a 20-digit number needs overflow care */
	uint64_t v = 0;
	unsigned bad = 0;
	uint32_t m = n < 20 ? n : 19;
	for (uint32_t i = 0; i < m; i++) {
		unsigned d = (unsigned)(p[i] - '0');
		bad |= d > 9;
		v = v * 10 + d;
	}
	if (bad)
		return false;
	if (n == 20) {
		unsigned d = (unsigned)(p[19] - '0');
		if (d > 9 || __builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, d, &v))
			return false;
	}
	*out = v;
	return true;
}

#define ONES8 0x0101010101010101ull

/*
 * Eight ASCII bytes as one little-endian word, the first character lowest,
 * with the n (1..8) characters at p moved to the top and '0' filling in
 * front: "42" becomes "00000042".  Reads 8 bytes from p (the line is padded).
 */
static inline uint64_t load_digits8(const char *p, uint32_t n)
{
	uint64_t x;
	memcpy(&x, p, 8);
	unsigned s = 8 * (8 - n); /* 0..56 */
	return (x << s) | ((ONES8 * '0') & ((1ull << s) - 1));
}

/* true when all eight bytes of x are '0'..'9' */
static inline bool all_digits8(uint64_t x)
{
	uint64_t hi = ONES8 * 0xF0;
	return ((x & hi) | (((x + ONES8 * 6) & hi) >> 4)) == ONES8 * 0x33;
}

/* the value of eight digit characters (checked by all_digits8) */
static inline uint64_t digits8_value(uint64_t x)
{
	x -= ONES8 * '0';
	/* byte 2k becomes the pair 10*d[2k] + d[2k+1] */
	x = x * 10 + (x >> 8);
	/* pairs q0 q1 q2 q3 (bytes 0, 2, 4, 6): q0*10^6 + q1*10^4 + q2*100 + q3,
	 * gathered in the top half of two 64-bit products */
	uint64_t m = 0x000000FF000000FFull;
	return ((x & m) * (100 + (1000000ull << 32)) + ((x >> 16) & m) * (1 + (10000ull << 32))) >>
	       32;
}

/*
 * Parse an unsigned decimal of up to 16 digits without a loop: one or two
 * 8-byte words checked and converted in parallel (no branch on each digit,
 * so varying lengths cost no mispredictions).  Longer numbers and junk take
 * the careful path.  Reads up to 8 bytes past the number (padded).
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR_DIGITS 1
#endif

static inline bool parse_u64(const char *p, uint32_t n, uint64_t *out)
{
#ifndef SWAR_DIGITS
	return parse_u64_slow(p, n, out); /* the words assume little-endian */
#endif
	if (n - 1 < 8) {
		uint64_t x = load_digits8(p, n);
		if (!all_digits8(x))
			return false;
		*out = digits8_value(x);
		return true;
	}
	if (n - 9 < 8) {
		uint64_t a = load_digits8(p, n - 8), b;
		memcpy(&b, p + n - 8, 8);
		if (!all_digits8(a) || !all_digits8(b))
			return false;
		*out = digits8_value(a) * 100000000u + digits8_value(b);
		return true;
	}
	return parse_u64_slow(p, n, out);
}

/*
 * Unwrap a CloudWatch Logs export line {"message":"..."} into scratch.
 * Returns false when the line is not of that shape.
 */
static bool unwrap_json(struct reader *r, const char *p, const char *e, const char **np,
			const char **ne)
{
	const char *k = NULL;
	for (const char *q = p; q + 10 < e; q++)
		if (memcmp(q, "\"message\"", 9) == 0) {
			k = q + 9;
			break;
		}
	if (!k)
		return false;
	while (k < e && (*k == ' ' || *k == ':'))
		k++;
	if (k >= e || *k != '"')
		return false;
	k++;
	char *out = arena_alloc(&r->scratch, (size_t)(e - k) + 1 + SIMD_PAD);
	if (!out)
		return false;
	size_t n = 0;
	while (k < e && *k != '"') {
		if (*k == '\\' && k + 1 < e) {
			k++;
			char c = *k;
			out[n++] = c == 'n' ? ' ' : c == 't' ? ' ' : c;
		} else {
			out[n++] = *k;
		}
		k++;
	}
	if (k >= e)
		return false;
	*np = out;
	*ne = out + n;
	return true;
}

/* 1..32 decimal digits (an account ID), checked a word at a time up to 16 */
static inline bool all_digits(const char *t, uint32_t n)
{
#ifdef SWAR_DIGITS
	if (n - 1 < 8)
		return all_digits8(load_digits8(t, n));
	if (n - 9 < 8) {
		uint64_t b;
		memcpy(&b, t + n - 8, 8);
		return all_digits8(load_digits8(t, n - 8)) && all_digits8(b);
	}
#endif
	if (n == 0 || n > 32)
		return false;
	for (uint32_t j = 0; j < n; j++)
		if (t[j] < '0' || t[j] > '9')
			return false;
	return true;
}

/* Report field i's bad value (the line is skipped): 0, or -1 with *stp set
 * when the read must stop.  Out of line: the parse loop stays small. */
static FQ_COLD int bad_field(struct reader *r, int i, const char *t, uint32_t tl,
			     enum rd_reason why, flowq_status *stp, struct flowq_error *err)
{
	char tmp[8];
	r->stats.skipped++;
	r->stats.by_reason[why]++;
	const char *what = why == RR_BAD_ADDRESS ? "invalid address" : "invalid account ID";
	flowq_status st = issue(r, FLOWQ_ERR_BAD_INPUT, err, "%s:%llu: field %d (%s): %s: '%.*s'",
				r->file->path, (unsigned long long)r->line_no, i + 1,
				field_name(r, i, tmp, sizeof tmp), what, (int)FQ_MIN(tl, 60u), t);
	if (st) {
		*stp = st;
		return -1;
	}
	return 0;
}

/* A field that should be a number up to max but is not. */
static FQ_COLD int bad_number(struct reader *r, int i, const char *t, uint32_t tl, int64_t max,
			      flowq_status *stp, struct flowq_error *err)
{
	char tmp[8];
	uint64_t x;
	flowq_status st;
	r->stats.skipped++;
	if (parse_u64_slow(t, tl, &x)) {
		/* a number, too big for the field */
		r->stats.by_reason[RR_OUT_OF_RANGE]++;
		st = issue(r, FLOWQ_ERR_BAD_INPUT, err,
			   "%s:%llu: field %d (%s): number out of range: %.*s (at most %lld)",
			   r->file->path, (unsigned long long)r->line_no, i + 1,
			   field_name(r, i, tmp, sizeof tmp), (int)FQ_MIN(tl, 40u), t, (long long)max);
	} else {
		/* a sign, a letter, or 20+ digits */
		bool digits = true;
		for (uint32_t j = 0; j < tl; j++)
			if (t[j] < '0' || t[j] > '9')
				digits = false;
		enum rd_reason why = digits ? RR_OUT_OF_RANGE : RR_NOT_A_NUMBER;
		r->stats.by_reason[why]++;
		st = issue(r, FLOWQ_ERR_BAD_INPUT, err, "%s:%llu: field %d (%s): %s: '%.*s'",
			   r->file->path, (unsigned long long)r->line_no, i + 1,
			   field_name(r, i, tmp, sizeof tmp), rd_reason_names[why],
			   (int)FQ_MIN(tl, 40u), t);
	}
	if (st) {
		*stp = st;
		return -1;
	}
	return 0;
}

/* Convert one field's text [t, t+tl) with `op` (o->op; a constant where
 * the caller loops over one field) into row `row` of output v: false when
 * the value is bad (nothing reported: the caller does that). */
static inline __attribute__((always_inline)) bool
convert_value(struct reader *r, int op, const struct fop *o, struct vec *v, const char *t,
	      uint32_t tl, uint32_t row)
{
	if (tl == 1 && t[0] == '-') {
		null_map(r, o->k, row)[row] = 1;
		if (v->type == T_VARCHAR)
			v->s[row] = str_make(t, 0);
		else
			v->i64[row] = 0;
		return true;
	}
	if (v->nulls)
		v->nulls[row] = 0;
	switch (op) {
	case OP_INT:
	case OP_TIME: {
		uint64_t x;
		if (FQ_UNLIKELY(!parse_u64(t, tl, &x) || x > (uint64_t)o->max))
			return false;
		if (op == OP_TIME && x > INT32_MAX)
			x /= 1000; /* milliseconds, seen in the wild */
		v->i64[row] = (int64_t)x;
		break;
	}
	case OP_ADDR: {
#ifdef HAVE_AVX2_SPLIT
		uint32_t packed = 0;
		bool ok4 = simd_on ? valid_v4_ssse3(t, tl, &packed) : valid_v4(t, tl);
		if (v->v4)
			v->v4[row] = ok4 && simd_on ? (int64_t)packed : -1;
		if (FQ_UNLIKELY(!ok4) && !valid_v6_hex(t, tl)) {
#else
		bool ok4 = valid_v4(t, tl);
		if (v->v4)
			v->v4[row] = -1;
		if (FQ_UNLIKELY(!ok4)) {
#endif
			struct fq_ip ip;
			if (!ip_parse(t, tl, &ip))
				return false;
		}
		v->s[row] = str_make(t, tl);
		break;
	}
	case OP_ACCOUNT:
		if (FQ_UNLIKELY(!all_digits(t, tl)) && !(tl == 7 && memcmp(t, "unknown", 7) == 0))
			return false;
		v->s[row] = str_make(t, tl);
		break;
	default: v->s[row] = str_make(t, tl); break;
	}
	return true;
}

/* Report field i's bad value, converted with op (the line is skipped). */
static FQ_COLD int bad_value(struct reader *r, const struct fop *o, const char *t, uint32_t tl,
			     flowq_status *stp, struct flowq_error *err)
{
	if (o->op == OP_INT || o->op == OP_TIME)
		return bad_number(r, o->pos, t, tl, o->max, stp, err);
	return bad_field(r, o->pos, t, tl, o->op == OP_ADDR ? RR_BAD_ADDRESS : RR_BAD_ACCOUNT, stp,
			 err);
}

/* Convert the requested fields among the first `upto` (at off/len in p)
 * into row `row`: 1, or when one is bad (counted and reported) 0, or -1
 * with *stp set when the run must stop. */
static inline __attribute__((always_inline)) int
convert_fields(struct reader *r, const char *p, const uint32_t *off, const uint32_t *len, int upto,
	       uint32_t row, flowq_status *stp, struct flowq_error *err)
{
	for (int j = 0; j < r->n_ops; j++) {
		const struct fop *o = &r->ops[j];
		int i = o->pos;
		if (i >= upto)
			break;
		const char *t = p + off[i];
		if (FQ_UNLIKELY(!convert_value(r, o->op, o, &r->vecs[o->k], t, len[i], row)))
			return bad_value(r, o, t, len[i], stp, err);
	}
	return 1;
}

/*
 * Parse one line [p, e) (no newline) into row `row` of the batch.
 * Returns 1 when a record was added, 0 when the line was skipped (bad,
 * blank or a header), or -1 with err set when the read must stop.
 */
static inline __attribute__((always_inline)) int
parse_line_impl(struct reader *r, const char *p, const char *e, uint32_t row, flowq_status *stp,
		struct flowq_error *err)
{
	uint32_t off[RD_MAX_FIELDS], len[RD_MAX_FIELDS];
	long ctl;
	r->line_no++;
	r->stats.lines++;
	if (e > p && e[-1] == '\r')
		e--;
	if (FQ_UNLIKELY(p < e && *p == '{')) {
		const char *np, *ne;
		if (unwrap_json(r, p, e, &np, &ne)) {
			p = np;
			e = ne;
		}
	}
	int n = split_line(p, e, off, len, r->need, &ctl);
	if (FQ_UNLIKELY(n > r->need && ((p[off[0]] >= 'a' && p[off[0]] <= 'z') ||
					(p[off[0]] >= 'A' && p[off[0]] <= 'Z'))))
		n = split_line(p, e, off, len, RD_MAX_FIELDS, &ctl); /* maybe a header: see all */
	if (n == 0) {
		if (ctl >= 0)
			goto binary;
		r->stats.blank++;
		return 0;
	}
	if (ctl >= 0)
		goto binary;
	if (FQ_UNLIKELY((p[off[0]] >= 'a' && p[off[0]] <= 'z') ||
			(p[off[0]] >= 'A' && p[off[0]] <= 'Z')) &&
	    is_header(p, off, len, n)) {
		r->stats.headers++;
		r->seen_first_line = true;
		if (r->cfg.fixed_format)
			return 0; /* a table definition maps columns by position, as Athena does */
		fill_rows(r, r->seg_start, row);
		r->seg_start = row;
		flowq_status st = set_header(r, p, off, len, n, err);
		if (st) {
			*stp = st;
			return -1;
		}
		return 0;
	}
	if (FQ_UNLIKELY(!r->seen_first_line)) {
		r->seen_first_line = true;
		if (r->cfg.on_format && r->stats.headers == r->headers_at_open)
			r->cfg.on_format(r->cfg.format_ctx, r->file, &r->fmt, false);
	}
	r->stats.records++;
	if (FQ_UNLIKELY(n != r->n_fields) && r->cfg.fixed_format) {
		/* a table definition reads like Athena's text SerDe: extra fields are
		 * ignored, missing ones are NULL */
		for (int i = n; i < r->need; i++) {
			int k = r->slot[i];
			if (k < 0)
				continue;
			struct vec *v = &r->vecs[k];
			if (!v->nulls)
				v->nulls = r->null_store + (size_t)k * RD_BATCH;
			v->nulls[row] = 1;
			if (v->type == T_VARCHAR)
				v->s[row] = str_make("", 0);
			else
				v->i64[row] = 0;
		}
	} else if (FQ_UNLIKELY(n != r->n_fields)) {
		char tmp[8];
		r->stats.skipped++;
		r->stats.by_reason[RR_FIELD_COUNT]++;
		flowq_status st;
		if (n < r->n_fields)
			st = issue(r, FLOWQ_ERR_BAD_INPUT, err,
				   "%s:%llu: field %d (%s): missing: the line has %d fields, the format %d",
				   r->file->path, (unsigned long long)r->line_no, n + 1,
				   field_name(r, n, tmp, sizeof tmp), n, r->n_fields);
		else
			st = issue(r, FLOWQ_ERR_BAD_INPUT, err,
				   "%s:%llu: field %d: unexpected: the line has %d fields, the format %d",
				   r->file->path, (unsigned long long)r->line_no, r->n_fields + 1, n,
				   r->n_fields);
		if (st) {
			*stp = st;
			return -1;
		}
		return 0;
	}
	int c = convert_fields(r, p, off, len, n < r->need ? n : r->need, row, stp, err);
	if (c != 1)
		return c;
	r->stats.parsed++;
	return 1;

binary:
	r->stats.records++;
	r->stats.skipped++;
	r->stats.by_reason[RR_BINARY]++;
	{
		/* name the field the control byte is in */
		int fi = 0;
		for (int i = 0; i < n && i < r->need; i++)
			if ((long)off[i] <= ctl)
				fi = i;
		char tmp[8];
		flowq_status st = issue(r, FLOWQ_ERR_BAD_INPUT, err,
					"%s:%llu: field %d (%s): binary data: byte 0x%02x at column %ld",
					r->file->path, (unsigned long long)r->line_no, fi + 1,
					fi < r->n_fields ? field_name(r, fi, tmp, sizeof tmp) : "?",
					(unsigned char)p[ctl], ctl + 1);
		if (st) {
			*stp = st;
			return -1;
		}
	}
	return 0;
}

/* The line parser twice: for any x86-64, and built for the CPUs the SIMD
 * paths need, so that the IPv4 packing inlines into it. */
static int parse_line_any(struct reader *r, const char *p, const char *e, uint32_t row,
			  flowq_status *stp, struct flowq_error *err)
{
	return parse_line_impl(r, p, e, row, stp, err);
}

#ifdef HAVE_AVX2_SPLIT
__attribute__((target("ssse3,sse4.1,popcnt,bmi"))) static int
parse_line_simd(struct reader *r, const char *p, const char *e, uint32_t row, flowq_status *stp,
		struct flowq_error *err)
{
	return parse_line_impl(r, p, e, row, stp, err);
}
#endif

static inline int parse_line(struct reader *r, const char *p, const char *e, uint32_t row,
			     flowq_status *stp, struct flowq_error *err)
{
#ifdef HAVE_AVX2_SPLIT
	if (simd_on)
		return parse_line_simd(r, p, e, row, stp, err);
#endif
	return parse_line_any(r, p, e, row, stp, err);
}

static void finish_file(struct reader *r)
{
	if (!r->open)
		return;
	r->stats.bytes_in += r->in.bytes_in;
	r->stats.bytes_raw += r->in.bytes_out;
	if (r->in.bytes_in == 0 && !r->file_failed)
		r->stats.file_problems[FP_EMPTY]++;
	else if (!r->file_failed)
		r->stats.files_ok++;
	ins_close(&r->in);
	r->open = false;
}

void rd_close(struct reader *r)
{
	if (r)
		finish_file(r);
}

/* Whether [p, p + n) holds needle s. */
static inline bool holds(const char *p, size_t n, struct fq_str s)
{
	if (s.len > n)
		return false;
	char first = s.p[0];
	const char *end = p + n - s.len + 1;
	for (const char *q = p; (q = memchr(q, first, (size_t)(end - q))) != NULL; q++)
		if (memcmp(q, s.p, s.len) == 0)
			return true;
	return false;
}

/*
 * The prefilter's look at a record line [p, e): true when the line holds
 * none of the literals and is plainly well-formed (the format's field count
 * with single spaces, no control bytes), so it can be counted without being
 * converted.  Anything else (a match, a header, odd spacing, a bad line)
 * goes to parse_line, which reads or reports it as usual.
 */
#ifdef HAVE_AVX2_SPLIT
/* The same 32 bytes at a time (needles of up to 32 bytes: the loads stay
 * within the chunk's padding); the caller has checked the ends. */
__attribute__((target("avx2,bmi,popcnt"))) static bool
ruled_out_avx2(const char *p, size_t n, const struct rd_prefilter *pf, int n_fields)
{
	const __m256i space = _mm256_set1_epi8(' ');
	const __m256i c1f = _mm256_set1_epi8(0x1f);
	const __m256i del = _mm256_set1_epi8(0x7f);
	uint32_t spaces = 0, prev_sp = 0;
	for (size_t i = 0; i < n; i += 32) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(p + i));
		uint32_t valid = n - i >= 32 ? 0xffffffffu : (1u << (n - i)) - 1;
		uint32_t sp = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, space)) & valid;
		uint32_t cc = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
				      _mm256_cmpeq_epi8(_mm256_min_epu8(v, c1f), v), _mm256_cmpeq_epi8(v, del))) &
			      valid;
		if (cc || (sp & ((sp << 1) | prev_sp)))
			return false; /* a control byte or a run of spaces */
		prev_sp = sp >> 31;
		spaces += (uint32_t)__builtin_popcount(sp);
	}
	if ((int)spaces + 1 != n_fields)
		return false;
	for (int k = 0; k < pf->n; k++) {
		struct fq_str s = pf->needle[k];
		if (s.len > n)
			continue;
		const __m256i first = _mm256_set1_epi8(s.p[0]), last = _mm256_set1_epi8(s.p[s.len - 1]);
		size_t starts = n - s.len + 1; /* positions where it could begin */
		for (size_t i = 0; i < starts; i += 32) {
			__m256i a = _mm256_loadu_si256((const __m256i *)(p + i));
			__m256i b = _mm256_loadu_si256((const __m256i *)(p + i + s.len - 1));
			uint32_t m = (uint32_t)_mm256_movemask_epi8(
				_mm256_and_si256(_mm256_cmpeq_epi8(a, first), _mm256_cmpeq_epi8(b, last)));
			if (starts - i < 32)
				m &= (1u << (starts - i)) - 1;
			for (; m; m &= m - 1)
				if (memcmp(p + i + (size_t)__builtin_ctz(m), s.p, s.len) == 0)
					return false;
		}
	}
	return true;
}
#endif

#ifdef HAVE_AVX2_SPLIT
/* Whether literal s begins at one of the positions vs marks in the 64
 * bytes v loaded from p + i (first, last: its end bytes broadcast). */
__attribute__((target("avx512f,avx512bw,avx512vl,bmi,bmi2,popcnt"))) static inline bool
holds_at_avx512(const char *p, size_t i, __m512i v, uint64_t vs, struct fq_str s, __m512i first,
		__m512i last)
{
	__m512i b = _mm512_maskz_loadu_epi8(vs, p + i + s.len - 1);
	uint64_t m = _mm512_cmpeq_epi8_mask(v, first) & _mm512_cmpeq_epi8_mask(b, last) & vs;
	for (; m; m &= m - 1)
		if (memcmp(p + i + (size_t)__builtin_ctzll(m), s.p, s.len) == 0)
			return true;
	return false;
}

/* The same 64 bytes at a time, with masked loads (nothing read past the
 * line).  One literal (the usual case) is looked for in the same pass as
 * the field check; several after it. */
__attribute__((target("avx512f,avx512bw,avx512vl,bmi,bmi2,popcnt"))) static bool
ruled_out_avx512(const char *p, size_t n, const struct rd_prefilter *pf, int n_fields)
{
	bool one = pf->n == 1 && pf->needle[0].len <= n;
	struct fq_str s1 = pf->needle[0];
	const __m512i first1 = _mm512_set1_epi8(s1.p[0]), last1 = _mm512_set1_epi8(s1.p[s1.len - 1]);
	size_t starts1 = one ? n - s1.len + 1 : 0; /* positions where it could begin */
	uint64_t spaces = 0, prev_sp = 0;
	for (size_t i = 0; i < n; i += 64) {
		struct blk64 b = blk64_at(p, i, n);
		if (b.cc || (b.sp & ((b.sp << 1) | prev_sp)))
			return false; /* a control byte or a run of spaces */
		prev_sp = b.sp >> 63;
		spaces += (uint64_t)__builtin_popcountll(b.sp);
		if (i < starts1) {
			uint64_t vs = starts1 - i >= 64 ? ~0ULL : (1ULL << (starts1 - i)) - 1;
			if (holds_at_avx512(p, i, b.v, vs, s1, first1, last1))
				return false;
		}
	}
	if ((int)spaces + 1 != n_fields)
		return false;
	for (int k = 0; k < pf->n && !one; k++) {
		struct fq_str s = pf->needle[k];
		if (s.len > n)
			continue;
		const __m512i first = _mm512_set1_epi8(s.p[0]), last = _mm512_set1_epi8(s.p[s.len - 1]);
		size_t starts = n - s.len + 1;
		for (size_t i = 0; i < starts; i += 64) {
			uint64_t vs = starts - i >= 64 ? ~0ULL : (1ULL << (starts - i)) - 1;
			if (holds_at_avx512(p, i, _mm512_maskz_loadu_epi8(vs, p + i), vs, s, first, last))
				return false;
		}
	}
	return true;
}

#endif

static bool ruled_out(const struct reader *r, const char *p, const char *e)
{
	if (e > p && e[-1] == '\r')
		e--;
	size_t n = (size_t)(e - p);
	if (n == 0 || p[0] < '0' || p[0] > '9' || p[n - 1] == ' ')
		return false; /* blank, a header, JSON, leading/trailing space */
	const struct rd_prefilter *pf = r->cfg.prefilter;
#ifdef HAVE_AVX2_SPLIT
	if (avx512_on)
		return ruled_out_avx512(p, n, pf, r->n_fields);
	if (simd_on && r->pf_short)
		return ruled_out_avx2(p, n, pf, r->n_fields);
#endif
	for (int k = 0; k < pf->n; k++)
		if (holds(p, n, pf->needle[k]))
			return false;
	int spaces = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c <= ' ' || c == 0x7f) {
			if (c != ' ' || p[i - 1] == ' ')
				return false; /* a control byte or a run of spaces */
			spaces++;
		}
	}
	return spaces + 1 == r->n_fields;
}

/* ruled_out() with the per-file probe (deterministic: it depends on the
 * file's own lines only, never on threads or timing). */
static inline bool prefilter_rules_out(struct reader *r, const char *p, const char *e)
{
	bool out = ruled_out(r, p, e);
	if (r->pf_tried < PF_PROBE) {
		r->pf_hits += out;
		if (++r->pf_tried == PF_PROBE)
			r->pf_keep = r->pf_hits * 2 >= PF_PROBE;
	}
	return out;
}

/* The prefilter may look at this file's lines: it applies to the format,
 * and the file is in its probe or kept it. */
static inline bool prefilter_may_apply(const struct reader *r)
{
	return r->pf_on && (r->pf_keep || r->pf_tried < PF_PROBE);
}

/* It looks at the next line (the file's first line is never ruled out). */
static inline bool prefilter_active(const struct reader *r)
{
	return prefilter_may_apply(r) && r->seen_first_line;
}

#ifdef HAVE_AVX2_SPLIT
/*
 * Index the complete lines of the chunk from r->pos, up to IX_WINDOW bytes
 * (false when that holds no '\n': a line longer than the window, or the
 * chunk's last bytes, which the careful path handles).  One pass, 64 bytes
 * a step: the masks of spaces, newlines and control bytes; the spaces'
 * positions packed by one compress; for each newline, the count of spaces
 * before it and whether the line is clean (no control byte, no separator
 * next to another or at an end).
 */
__attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi2,bmi,bmi2,popcnt"))) static bool
index_lines(struct reader *r)
{
	size_t from = r->pos, to = FQ_MIN(r->len, from + IX_WINDOW);
	if (from >= to)
		return false;
	const char *last = memrchr(r->chunk + from, '\n', to - from);
	if (!last)
		return false;
	to = (size_t)(last - r->chunk) + 1;
	const char *p = r->chunk;
	uint32_t *sp_out = r->ix_sp;
	struct ix_line *ln = r->ix_line;
	uint32_t nsp = 0, nl = 0;
	uint64_t prev_sep = 1; /* the window starts a line */
	bool dirty = false;
	for (size_t i = from; i < to; i += 64) {
		struct blk64 blk = blk64_at(p, i, to);
		uint64_t sp = blk.sp;
		uint64_t nlm = _mm512_cmpeq_epi8_mask(blk.v, _mm512_set1_epi8('\n')) & blk.valid;
		uint64_t sep = sp | nlm;
		uint64_t bad = (blk.cc & ~nlm) | (sep & ((sep << 1) | prev_sep));
		prev_sep = sep >> 63;
		if (sp)
			store_positions(sp_out + nsp, sp, (uint32_t)i, __builtin_popcountll(sp));
		for (uint64_t m = nlm; m; m &= m - 1) {
			int b = __builtin_ctzll(m);
			uint64_t before = (1ULL << b) - 1, upto = before | (1ULL << b);
			ln[nl].end = (uint32_t)(i + (size_t)b);
			ln[nl].sp_end = (nsp + (uint32_t)__builtin_popcountll(sp & before)) |
					(dirty || (bad & upto) ? IX_DIRTY : 0);
			nl++;
			bad &= ~upto;
			dirty = false;
		}
		dirty |= bad != 0;
		nsp += (uint32_t)__builtin_popcountll(sp);
	}
	r->ix_from = (uint32_t)from;
	r->ix_n = nl;
	r->ix_at = 0;
	r->ix_solo = 0;
	return nl > 0;
}

/* A line of the index that starts so is a record (a header starts with a
 * letter, JSON with '{'): the one-line and the run paths both ask. */
static inline bool ix_record_start(char c)
{
	return (c >= '0' && c <= '9') || c == '-';
}

/* A clean line of the index with the format's field count: its fields
 * come straight from the space positions (sps: the chunk offsets of its
 * nsp spaces).  Anything else takes parse_line. */
__attribute__((target("ssse3,sse4.1,popcnt,bmi"))) static int
parse_line_ix(struct reader *r, const char *p, const char *e, const uint32_t *sps, uint32_t nsp,
	      uint32_t row, flowq_status *stp, struct flowq_error *err)
{
	if (FQ_UNLIKELY((int)nsp + 1 != r->n_fields || !r->seen_first_line ||
			!ix_record_start(*p)))
		return parse_line(r, p, e, row, stp, err);
	r->line_no++;
	r->stats.lines++;
	r->stats.records++;
	uint32_t off[RD_MAX_FIELDS], len[RD_MAX_FIELDS];
	uint32_t base = (uint32_t)(p - r->chunk), prev = 0;
	int upto = FQ_MIN(r->need, r->n_fields);
	for (int i = 0; i < upto; i++) {
		uint32_t end = i < (int)nsp ? sps[i] - base : (uint32_t)(e - p);
		off[i] = prev;
		len[i] = end - prev;
		prev = end + 1;
	}
	int c = convert_fields(r, p, off, len, upto, row, stp, err);
	if (c != 1)
		return c;
	r->stats.parsed++;
	return 1;
}

/* The lines from the index's next one that parse_line_ix would take whole
 * (clean, the format's field count, a digit or '-' first, within
 * max_line), at most `room`. */
static uint32_t ix_run_len(const struct reader *r, uint32_t room)
{
	const struct ix_line *ln = r->ix_line;
	uint32_t want = (uint32_t)r->n_fields - 1, n = 0;
	uint32_t start = r->ix_at ? ln[r->ix_at - 1].end + 1 : r->ix_from;
	uint32_t sp0 = r->ix_at ? ln[r->ix_at - 1].sp_end & ~IX_DIRTY : 0;
	for (uint32_t L = r->ix_at; L < r->ix_n && n < room; L++, n++) {
		if (ln[L].sp_end - sp0 != want || !ix_record_start(r->chunk[start]) ||
		    ln[L].end - start > r->cfg.max_line)
			break; /* (a dirty line's IX_DIRTY bit fails the count) */
		start = ln[L].end + 1;
		sp0 = ln[L].sp_end;
	}
	return n;
}

/*
 * An integer field over n lines of a run (starts bo[], lengths ln_[]), 8
 * lines a step on AVX-512.  A field of up to 16 bytes is two words: its
 * last 8 (or fewer) bytes and the ones before them, each gathered,
 * shifted so its digits end at the top byte with '0's below (as
 * load_digits8 does), checked for digits and valued by pairwise multiply-
 * adds.  A step with a field of 17 bytes or more, or none, or a time in
 * milliseconds, goes through convert_value; a bad value (not digits, above
 * max) makes it return false like convert_value, and the caller takes the
 * lines one at a time.
 */
__attribute__((target("avx512f,avx512bw,avx512vl,bmi,bmi2,popcnt,ssse3,sse4.1"))) static inline __m512i
digits_word(const char *base, __m512i at, __m512i len, __mmask8 *bad, __m512i *raw)
{
	const __m512i zero8 = _mm512_set1_epi8('0');
	__m512i x = _mm512_i64gather_epi64(at, (const void *)base, 1);
	if (raw)
		*raw = x; /* (the bytes as gathered) */
	/* a shift of 64 (no digits) gives 0 and an all-'0' fill */
	__m512i sh = _mm512_slli_epi64(_mm512_sub_epi64(_mm512_set1_epi64(8), len), 3);
	__m512i fill = _mm512_srlv_epi64(_mm512_set1_epi64(-1),
					 _mm512_sub_epi64(_mm512_set1_epi64(64), sh));
	x = _mm512_or_si512(_mm512_sllv_epi64(x, sh), _mm512_and_si512(zero8, fill));
	__m512i d = _mm512_sub_epi8(x, zero8);
	__mmask64 notdig = _mm512_cmpgt_epu8_mask(d, _mm512_set1_epi8(9));
	*bad |= _mm512_test_epi64_mask(_mm512_movm_epi8(notdig), _mm512_movm_epi8(notdig));
	__m512i v16 = _mm512_maddubs_epi16(d, _mm512_set1_epi16(0x010a)); /* 10a + b */
	__m512i v32 = _mm512_madd_epi16(v16, _mm512_set1_epi32(0x00010064)); /* 100ab + cd */
	return _mm512_add_epi64(_mm512_mul_epu32(v32, _mm512_set1_epi64(10000)),
				_mm512_srli_epi64(v32, 32));
}

__attribute__((target("avx512f,avx512bw,avx512vl,bmi,bmi2,popcnt,ssse3,sse4.1"))) static bool
convert_ints_avx512(struct reader *r, const struct fop *o, struct vec *v, uint32_t row,
		    uint32_t n, const uint32_t *bo, const uint32_t *ln_)
{
	const __m512i one = _mm512_set1_epi64(1), eight = _mm512_set1_epi64(8);
	const __m512i maxv = _mm512_set1_epi64(o->max);
	uint32_t q = 0;
	for (; q + 8 <= n; q += 8) {
		__m512i len = _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i *)(ln_ + q)));
		if (_mm512_cmpgt_epu64_mask(_mm512_sub_epi64(len, one), _mm512_set1_epi64(15)))
			goto scalar; /* a field of 17 bytes or more, or empty */
		__m512i at = _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i *)(bo + q)));
		__m512i lo_len = _mm512_min_epu64(len, eight), hi_len = _mm512_sub_epi64(len, lo_len);
		__mmask8 bad = 0;
		__m512i first;
		__m512i lo = digits_word(r->chunk, _mm512_add_epi64(at, hi_len), lo_len, &bad, &first);
		__m512i val = lo;
		if (_mm512_test_epi64_mask(hi_len, hi_len))
			val = _mm512_add_epi64(
				_mm512_mul_epu32(digits_word(r->chunk, at, hi_len, &bad, NULL),
						 _mm512_set1_epi64(100000000)),
				lo);
		/* '-' alone is NULL (a field of one byte: its word starts at it) */
		__mmask8 null = _mm512_cmpeq_epu64_mask(len, one) &
				_mm512_cmpeq_epu64_mask(_mm512_and_si512(first, _mm512_set1_epi64(0xff)),
							_mm512_set1_epi64('-'));
		bad |= _mm512_cmpgt_epu64_mask(val, maxv);
		if (bad & ~null)
			return false;
		if (o->op == OP_TIME &&
		    (_mm512_cmpgt_epu64_mask(val, _mm512_set1_epi64(INT32_MAX)) & ~null))
			goto scalar; /* milliseconds */
		val = _mm512_maskz_mov_epi64((__mmask8)~null, val);
		_mm512_storeu_si512((void *)(v->i64 + row + q), val);
		if (null) {
			uint8_t *nm = null_map(r, o->k, row + q);
			for (int k = 0; k < 8; k++)
				nm[row + q + k] = (uint8_t)((null >> k) & 1);
		} else if (v->nulls) {
			memset(v->nulls + row + q, 0, 8);
		}
		continue;
	scalar:
		for (uint32_t k = q; k < q + 8; k++)
			if (!convert_value(r, o->op, o, v, r->chunk + bo[k], ln_[k], row + k))
				return false;
	}
	for (; q < n; q++)
		if (!convert_value(r, o->op, o, v, r->chunk + bo[q], ln_[q], row + q))
			return false;
	return true;
}

/*
 * Convert n lines of the index from the next one (all taken whole, see
 * ix_run_len) into rows [row, row + n), a field at a time over the lines:
 * one conversion in a tight loop instead of a dispatch per field and line.
 * False when a value is bad: the caller then takes these lines one by one,
 * which reports it in order and skips its line (rows written here are
 * overwritten).
 */
__attribute__((target("ssse3,sse4.1,popcnt,bmi"))) static bool
convert_run(struct reader *r, uint32_t row, uint32_t n)
{
	const struct ix_line *ln = r->ix_line + r->ix_at;
	const uint32_t *sps = r->ix_sp;
	uint32_t last = (uint32_t)r->n_fields - 1; /* spaces a line has */
	uint32_t first_start = r->ix_at ? ln[-1].end + 1 : r->ix_from;
	uint32_t first_sp0 = r->ix_at ? ln[-1].sp_end & ~IX_DIRTY : 0;
	for (int j = 0; j < r->n_ops; j++) {
		const struct fop *o = &r->ops[j];
		uint32_t i = o->pos;
		if (i > last)
			break;
		struct vec *v = &r->vecs[o->k];
		/* field i of line q: from after space i-1 (or the line's start)
		 * to space i (or the line's end); every line of a run has `last`
		 * spaces, so those of line q start at first_sp0 + q * last */
#define FIELD_AT(q, t, tl)                                                                   \
	uint32_t sp0_ = first_sp0 + (q) * last;                                                   \
	uint32_t b_ = i ? sps[sp0_ + i - 1] + 1 : (q) ? ln[(q) - 1].end + 1 : first_start;        \
	uint32_t e_ = i < last ? sps[sp0_ + i] : ln[q].end;                                       \
	const char *t = r->chunk + b_;                                                            \
	uint32_t tl = e_ - b_
#define RUN(OP)                                                                              \
	for (uint32_t q = 0; q < n; q++) {                                                       \
		FIELD_AT(q, t, tl);                                                              \
		if (FQ_UNLIKELY(!convert_value(r, OP, o, v, t, tl, row + q)))                    \
			return false;                                                            \
	}                                                                                        \
	break
		if ((o->op == OP_INT || o->op == OP_TIME) && avx512_on) {
			uint32_t bo[IX_RUN], len[IX_RUN];
			for (uint32_t q = 0; q < n; q++) {
				FIELD_AT(q, t, tl);
				bo[q] = b_;
				len[q] = tl;
				(void)t;
			}
			if (!convert_ints_avx512(r, o, v, row, n, bo, len))
				return false;
			continue;
		}
		switch (o->op) {
		case OP_INT: RUN(OP_INT);
		case OP_TIME: RUN(OP_TIME);
		case OP_ADDR: RUN(OP_ADDR);
		case OP_ACCOUNT: RUN(OP_ACCOUNT);
		default: RUN(OP_STR);
		}
#undef RUN
#undef FIELD_AT
	}
	return true;
}

/* Take the index's next lines in one run when they allow it: the count
 * of rows added (0: the next line goes one at a time). */
static uint32_t ix_take_run(struct reader *r, uint32_t row)
{
	if (r->ix_at < r->ix_solo || !r->seen_first_line || r->skipping_long ||
	    prefilter_active(r))
		return 0;
	uint32_t n = ix_run_len(r, FQ_MIN(RD_BATCH - row, IX_RUN));
	if (n < 2)
		return 0;
	if (!convert_run(r, row, n)) {
		r->ix_solo = r->ix_at + n; /* a bad value among them */
		return 0;
	}
	r->ix_at += n;
	r->pos = (size_t)r->ix_line[r->ix_at - 1].end + 1;
	r->line_no += n;
	r->stats.lines += n;
	r->stats.records += n;
	r->stats.parsed += n;
	return n;
}
#endif

flowq_status rd_next(struct reader *r, struct batch **out, struct flowq_error *err)
{
	*out = NULL;
	r->batch.n = 0;
	r->batch.file = r->file;
	for (int k = 0; k < r->n_cols; k++)
		r->vecs[k].nulls = NULL;
	arena_free(&r->scratch);
	arena_init(&r->scratch, 64 * 1024);
	r->seg_start = 0;
	uint32_t row = 0;
	flowq_status st = FLOWQ_OK;
	while (row < RD_BATCH) {
		char *nl, *line;
		const uint32_t *sps = NULL; /* a clean line of the index: its spaces */
		uint32_t nsp = 0;
#ifdef HAVE_AVX2_SPLIT
		/* (not while the prefilter looks at every line: most of those
		 * lines are only checked, and finding their spaces costs more
		 * than memchr) */
		if (r->ix_at < r->ix_n || (r->ix_ok && !prefilter_may_apply(r) && index_lines(r))) {
			uint32_t taken = ix_take_run(r, row);
			if (taken) {
				row += taken;
				continue;
			}
			uint32_t L = r->ix_at++;
			const struct ix_line *x = &r->ix_line[L];
			uint32_t start = L ? r->ix_line[L - 1].end + 1 : r->ix_from;
			uint32_t sp0 = L ? r->ix_line[L - 1].sp_end & ~IX_DIRTY : 0;
			line = r->chunk + start;
			nl = r->chunk + x->end;
			r->pos = (size_t)x->end + 1;
			if (!(x->sp_end & IX_DIRTY)) {
				sps = r->ix_sp + sp0;
				nsp = x->sp_end - sp0;
			}
			goto have_line;
		}
#endif
		nl = r->pos < r->len ? memchr(r->chunk + r->pos, '\n', r->len - r->pos) : NULL;
		if (!nl) {
			size_t partial = r->len - r->pos;
			if (partial > r->cfg.max_line) {
				/* a line longer than allowed: report once, drop to its end */
				if (!r->skipping_long) {
					r->line_no++;
					r->stats.lines++;
					r->stats.records++;
					r->stats.skipped++;
					r->stats.by_reason[RR_LINE_TOO_LONG]++;
					st = issue(r, FLOWQ_ERR_BAD_INPUT, err,
						   "%s:%llu: field 1 (%s): line too long: over %zu bytes",
						   r->file->path, (unsigned long long)r->line_no,
						   r->n_fields ? field_name(r, 0, (char[8]){0}, 8) : "?",
						   r->cfg.max_line);
					if (st)
						return st;
					r->skipping_long = true;
				}
				r->pos = r->len;
			}
			if (row > 0)
				break; /* hand out what we have before moving bytes */
			if (r->in_done) {
				if (r->pending_st) {
					flowq_status pst = r->pending_st;
					r->pending_st = FLOWQ_OK;
					st = file_issue(r, pst, err, r->file->path, r->pending_msg,
							r->line_no);
					if (st)
						return st;
				}
				if (r->pos < r->len && !r->skipping_long) {
					/* the last line without its newline */
					if (r->file_failed) {
						r->line_no++;
						r->stats.lines++;
						r->stats.records++;
						r->stats.skipped++;
						r->stats.by_reason[RR_TRUNCATED]++;
						st = issue(r, FLOWQ_ERR_BAD_INPUT, err,
							   "%s:%llu: field 1 (%s): truncated line (the file ends inside it)",
							   r->file->path, (unsigned long long)r->line_no,
							   r->n_fields ? field_name(r, 0, (char[8]){0}, 8) : "?");
						r->pos = r->len;
						if (st)
							return st;
						continue;
					}
					r->chunk[r->len] = '\n';
					r->len++;
					continue;
				}
				r->pos = r->len;
				finish_file(r);
				break;
			}
			st = refill(r, err);
			if (st)
				return st;
			continue;
		}
		line = r->chunk + r->pos;
		r->pos = (size_t)(nl - r->chunk) + 1;
#ifdef HAVE_AVX2_SPLIT
	have_line:
#endif
		if (r->skipping_long) {
			r->skipping_long = false;
			continue;
		}
		if ((size_t)(nl - line) > r->cfg.max_line) {
			r->line_no++;
			r->stats.lines++;
			r->stats.records++;
			r->stats.skipped++;
			r->stats.by_reason[RR_LINE_TOO_LONG]++;
			st = issue(r, FLOWQ_ERR_BAD_INPUT, err, "%s:%llu: field 1 (%s): line too long: %zu bytes (at most %zu)",
				   r->file->path, (unsigned long long)r->line_no,
				   r->n_fields ? field_name(r, 0, (char[8]){0}, 8) : "?",
				   (size_t)(nl - line), r->cfg.max_line);
			if (st)
				return st;
			continue;
		}
		if (prefilter_active(r) && prefilter_rules_out(r, line, nl)) {
			r->line_no++;
			r->stats.lines++;
			r->stats.records++;
			r->stats.parsed++;
			r->stats.ruled_out++;
			continue;
		}
		int rc;
#ifdef HAVE_AVX2_SPLIT
		if (sps)
			rc = parse_line_ix(r, line, nl, sps, nsp, row, &st, err);
		else
#endif
			rc = parse_line(r, line, nl, row, &st, err);
		if (rc < 0)
			return st;
		row += (uint32_t)rc;
	}
	r->batch.n = row;
	if (row > 0) {
		fill_rows(r, r->seg_start, row);
		/* columns requested twice */
		for (int k = 0; k < r->n_cols; k++) {
			int k0 = r->dup_of[k];
			if (k0 < 0)
				continue;
			struct vec *v = &r->vecs[k], *v0 = &r->vecs[k0];
			memcpy(v->data, v0->data, row * type_slot_size(v->type));
			if (v->v4 && v0->v4)
				memcpy(v->v4, v0->v4, row * sizeof *v->v4);
			v->nulls = NULL;
			if (v0->nulls)
				memcpy(null_map(r, k, 0), v0->nulls, row);
		}
		if (r->time_slot_start >= 0) {
			struct vec *v = &r->vecs[r->time_slot_start];
			for (uint32_t i = 0; i < row; i++)
				if (!vec_is_null(v, i) && (!r->stats.min_start || v->i64[i] < r->stats.min_start))
					r->stats.min_start = v->i64[i];
		}
		if (r->time_slot_end >= 0) {
			struct vec *v = &r->vecs[r->time_slot_end];
			for (uint32_t i = 0; i < row; i++)
				if (!vec_is_null(v, i) && v->i64[i] > r->stats.max_end)
					r->stats.max_end = v->i64[i];
		}
		*out = &r->batch;
	}
	return FLOWQ_OK;
}
