/*
 * input.h - what the reading commands (cat, schema, query, ...) share:
 * turning positional paths into a file list, the log format option, the
 * problem printer and the end-of-run summary.
 */
#ifndef FQ_CLI_INPUT_H
#define FQ_CLI_INPUT_H

#include <pthread.h>

#include "exec/scan.h"
#include "format/reader.h"
#include "io/files.h"

struct cli_input {
	struct src_list files;
	struct extra_cols extras;
	struct fmt fmt;      /* --log-format, or v2 */
	bool has_fmt;
	pthread_mutex_t lock;
	char *spool_path;    /* stdin copied here when a pre-scan needs to read it twice */
	bool quiet;          /* no problem lines (summary still printed) */
	bool progress;       /* stderr is a terminal: show progress */
};

/*
 * Collect the files of paths[0..n) (none: "-"), parse log_format when given.
 * spool_stdin: copy stdin to a temporary file so it can be read twice.
 * Returns 0 or an exit code (after printing the error).
 */
int cli_input_open(struct cli_input *in, const char **paths, int n, const char *log_format,
		   bool spool_stdin);
void cli_input_close(struct cli_input *in);
/* Reader settings that print problems on stderr. */
void cli_input_rd_config(struct cli_input *in, struct rd_config *rd, bool strict);
/*
 * The columns of the files: union of their formats (header lines, else the
 * default format) in order of first appearance, then the partition columns
 * any file has.  Opens each file's first chunk.  Returns the count.
 */
int cli_input_columns(struct cli_input *in, int *cols, int max);
/* Name of a column id. */
const char *cli_column_name(const struct cli_input *in, int col);
/* Print the summary of skipped lines and files (always when there are any,
 * or when verbose).  Returns the exit code the run should end with. */
int cli_input_summary(struct cli_input *in, const struct scan_result *res, bool verbose);
/* Progress line on stderr (for scan_opts.progress). */
void cli_progress(void *ctx, int done, int total, uint64_t bytes);

#endif
