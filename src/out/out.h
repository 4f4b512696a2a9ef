/*
 * out.h - result writers: table, csv, tsv, json, ndjson, markdown.
 *
 * One table (out_formats) names the formats; `--format` parsing, help text
 * and dispatch read it.  csv/tsv/json/ndjson stream batch by batch; table
 * and markdown keep the rendered cells until out_finish() to align columns.
 *
 * Conventions: csv per RFC 4180 (header row, CRLF-free "\n" line ends,
 * fields with , " CR LF quoted, NULL as an empty field); tsv with \t \n \\
 * escaped and NULL empty; json/ndjson objects keyed by column name with
 * NULL as null, integers as numbers, doubles as numbers (NaN/Infinity as
 * strings), everything else as strings; table with NULL shown as NULL.
 */
#ifndef FQ_OUT_H
#define FQ_OUT_H

#include <stdio.h>

#include "base/types.h"

enum out_format { OUT_TABLE, OUT_CSV, OUT_TSV, OUT_JSON, OUT_NDJSON, OUT_MARKDOWN, OUT_FORMAT_COUNT };

extern const char *const out_format_names[OUT_FORMAT_COUNT];
/* -1 when unknown. */
int out_format_from_name(const char *name);

struct out_writer;

/* names/types are copied.  color: ANSI colour for the table header. */
struct out_writer *out_new(enum out_format f, FILE *fp, const char *const *names,
			   const enum fq_type *types, int n_cols, bool color);
/* Write the rows of a batch (its first n_cols columns).  false on a write
 * error (e.g. EPIPE) or no memory. */
bool out_batch(struct out_writer *w, const struct batch *b);
/* Flush; for table/markdown this prints everything.  false on write error. */
bool out_finish(struct out_writer *w);
uint64_t out_rows(const struct out_writer *w);
/* For formatting a big result on several threads (csv, tsv, ndjson, json):
 * a writer for a part of the rows writes no header (and no json brackets),
 * and the parts' bytes are then appended in order with out_raw (which
 * writes the header first when due, the comma between json parts, and
 * counts the rows). */
void out_skip_header(struct out_writer *w);
bool out_raw(struct out_writer *w, const char *p, size_t n, uint64_t rows);
/* A writer made with fp NULL keeps its bytes in memory: out_take hands
 * them over (the caller frees them; NULL when there are none) with the
 * count of rows they hold, and starts empty again. */
char *out_take(struct out_writer *w, size_t *len, uint64_t *rows);
/* Whether a format's rows can be formatted apart and concatenated. */
bool out_splittable(enum out_format f);
void out_free(struct out_writer *w);

#endif
