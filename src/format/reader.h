/*
 * reader.h - flow log files in, typed column batches out.
 *
 * A reader belongs to one thread and reads one file at a time: it streams
 * the file through instream (gunzip), finds header lines (the first line AWS
 * writes names the fields; a header may also appear mid-stream when files
 * were concatenated), splits each record line into fields and converts only
 * the columns the caller asked for into vectors.  Bad lines are counted by
 * reason and described (`file:line: field N (name): reason`) through a
 * callback; with `strict` the first one ends the read.
 *
 * Invariant checked by the tests: records = parsed + skipped, where records
 * are the non-blank, non-header lines (parsed includes the lines a
 * prefilter ruled out after checking them).
 */
#ifndef FQ_READER_H
#define FQ_READER_H

#include <pthread.h>

#include "base/types.h"
#include "format/fields.h"
#include "io/files.h"

#define RD_BATCH 4096
#define RD_MAX_FIELDS 128
#define RD_DEFAULT_MAX_LINE (64 * 1024)
#define RD_MAX_EXTRAS 256

/* A record layout: the column id of each field position. */
struct fmt {
	int n;
	int col[RD_MAX_FIELDS];
};

/* Fill f with the default v2 layout. */
void fmt_default(struct fmt *f);
/*
 * Parse AWS's custom format syntax ("${version} ${vpc-id} ...") or a plain
 * list of names ("version vpc-id ...", hyphens or underscores).  Unknown
 * names become extra columns in `extras` (which may be NULL: then unknown
 * names are an error).  FLOWQ_ERR_USAGE with err naming the bad token.
 */
struct extra_cols;
flowq_status fmt_parse(struct fmt *f, const char *text, struct extra_cols *extras,
		       struct flowq_error *err);

/* Columns named by headers that the catalogue does not know; shared by all
 * readers of a run (thread-safe). */
struct extra_cols {
	pthread_mutex_t lock;
	int n;
	char *names[RD_MAX_EXTRAS]; /* column names: '-' folded to '_', lower case */
};
void extras_init(struct extra_cols *x);
void extras_free(struct extra_cols *x);
/* Column id for a name, adding it when new; -1 when the table is full. */
int extras_intern(struct extra_cols *x, const char *name, size_t len);
/* Column id of a known extra, or -1. */
int extras_find(struct extra_cols *x, const char *name, size_t len);

enum rd_reason {
	RR_FIELD_COUNT,   /* wrong number of fields */
	RR_NOT_A_NUMBER,  /* a numeric field with other characters */
	RR_OUT_OF_RANGE,  /* a number above the field's maximum */
	RR_BAD_ADDRESS,   /* an address field that is not IPv4/IPv6 */
	RR_BAD_ACCOUNT,   /* an account ID that is not digits or 'unknown' */
	RR_LINE_TOO_LONG, /* over max_line bytes */
	RR_BINARY,        /* NUL or other control bytes */
	RR_TRUNCATED,     /* the last line of a corrupt/truncated gzip file */
	RR_COUNT
};
extern const char *const rd_reason_names[RR_COUNT];

enum rd_file_problem {
	FP_UNREADABLE, /* cannot open or read */
	FP_GZIP,       /* corrupt or truncated gzip */
	FP_EMPTY,      /* no bytes at all */
	FP_COUNT
};
extern const char *const rd_file_problem_names[FP_COUNT];

struct rd_stats {
	uint64_t files, files_ok;
	uint64_t file_problems[FP_COUNT];
	uint64_t bytes_in, bytes_raw;
	uint64_t lines, blank, headers;
	uint64_t records, parsed, skipped;
	/* of parsed: records the prefilter ruled out (checked, not converted) */
	uint64_t ruled_out;
	uint64_t by_reason[RR_COUNT];
	int64_t min_start, max_end; /* over parsed records with start/end read; 0 if none */
};
void rd_stats_add(struct rd_stats *into, const struct rd_stats *from);

/*
 * A line prefilter, from a WHERE conjunct `col = 'literal'` or `col IN
 * ('a', 'b', ...)` over a text field: a record line that contains none of
 * the literals cannot match, so it is only checked for its field count and
 * control bytes (a line that fails those is parsed as usual, and reported),
 * not converted.  It applies to the files whose format has col in the line
 * (not to a value the path supplies).
 */
#define RD_MAX_NEEDLES 8
struct rd_prefilter {
	int col;
	int n;
	struct fq_str needle[RD_MAX_NEEDLES]; /* non-empty */
};

struct rd_config {
	const struct fmt *default_fmt; /* for files without a header; NULL: v2 */
	struct extra_cols *extras;     /* required */
	bool strict;
	/* header lines are skipped, not read as the format: a CREATE TABLE's
	 * column list maps fields by position (Athena's skip.header.line.count) */
	bool fixed_format;
	size_t max_line;               /* 0: RD_DEFAULT_MAX_LINE */
	int issues_per_file;           /* messages per file before only counting; 0: 3 */
	/* Called (from the reader's thread) with one formatted problem
	 * ("path:12: field 6 (srcport): not a number: 'x'") or warning
	 * ("warning: path:1: unknown field 'foo' kept as a string column").
	 * May be NULL. */
	void (*on_issue)(void *ctx, const char *msg);
	void *issue_ctx;
	/* Called when a file's format (header) is seen: lets `schema` tally
	 * formats. May be NULL. */
	void (*on_format)(void *ctx, const struct src_file *f, const struct fmt *fmt, bool from_header);
	void *format_ctx;
	const struct rd_prefilter *prefilter; /* may be NULL */
	/* every line through the careful path, none through the line index
	 * (which AVX-512 CPUs use; also FLOWQ_NO_LINE_INDEX=1): for tests that
	 * compare the two */
	bool no_line_index;
};

struct reader;

/*
 * A reader producing the columns cols[0..n_cols-1] (column ids: catalogue
 * fields, partition columns COL_DT.., extras) as batch columns in that
 * order.  Returns NULL (err set) on bad arguments or no memory.
 */
struct reader *rd_new(const struct rd_config *cfg, const int *cols, int n_cols,
		      struct flowq_error *err);
/*
 * Open a file.  A file that cannot be opened is counted (FP_UNREADABLE)
 * and reported; the call returns FLOWQ_OK and the next rd_next gives no
 * rows, unless strict (then FLOWQ_ERR_IO / FLOWQ_ERR_BAD_INPUT).
 */
flowq_status rd_open(struct reader *r, const struct src_file *f, struct flowq_error *err);
/*
 * The next batch of the open file, or *out == NULL at its end.  The batch
 * and the strings it points to are valid until the next rd_next/rd_open.
 * Returns FLOWQ_OK, or with strict FLOWQ_ERR_BAD_INPUT / FLOWQ_ERR_GZIP at
 * the first problem (err holds the same message on_issue got), or
 * FLOWQ_ERR_NOMEM.
 */
flowq_status rd_next(struct reader *r, struct batch **out, struct flowq_error *err);
/* Close the open file, if any (rd_next closes it at its end). */
void rd_close(struct reader *r);
/* Statistics accumulated over every file this reader read. */
const struct rd_stats *rd_get_stats(const struct reader *r);
void rd_free(struct reader *r);

/* The line splitter, exposed for tests: simd 0 is the scalar reference, 1
 * the AVX2 version, 2 the AVX-512 one (each when the CPU has it, else the
 * one below).  The line must be followed by 32 readable bytes. */
int rd_split(const char *p, const char *e, uint32_t *off, uint32_t *len, int max, long *ctl,
	     int simd);
/* The dotted-quad check of address fields, exposed for tests (16 readable
 * bytes at t); the SIMD one also packs the address into *packed (may be NULL). */
bool rd_valid_v4(const char *t, uint32_t n, bool simd, uint32_t *packed);
/* The reader's quick IPv6 check (x86-64; false elsewhere): true only for
 * text ip_parse accepts; it may say false for some that ip_parse accepts
 * (embedded IPv4), which then go to ip_parse.  Reads 48 bytes from t. */
bool rd_valid_v6(const char *t, uint32_t n);

#endif
