/*
 * files.h - turning the paths a user gives into the list of flow log files
 * to read, with what their S3 keys say about them.
 *
 * A path is a file, a directory (walked recursively, sorted, so every run
 * sees the same order) or "-" (stdin).  AWS's S3 key layouts are recognised
 * anywhere in a path:
 *
 *   .../AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD[/HH]/<file>
 *   .../aws-account-id=<a>/aws-service=vpcflowlogs/aws-region=<r>/
 *       year=YYYY/month=MM/day=DD[/hour=HH]/<file>            (Hive style)
 *
 * and the file name <account>_vpcflowlogs_<region>_<id>_YYYYMMDDTHHmmZ_<hash>.log.gz
 * gives the 5-minute delivery window.  These become partition columns (dt,
 * year, month, day, hour; account_id and region for records without them)
 * and let the engine skip files without opening them.
 */
#ifndef FQ_FILES_H
#define FQ_FILES_H

#include "base/base.h"

struct src_file {
	char *path;          /* as given ("-" for stdin); used in messages */
	char *open_path;     /* where to read it from when not path (stdin spooled); NULL */
	uint64_t size;       /* bytes on disk (0 for stdin) */
	/* partitions: empty strings when the key does not say */
	char dt[11];         /* YYYY/MM/DD */
	char year[5], month[3], day[3], hour[3];
	char account[32];
	char region[32];
	int64_t window_end;  /* Unix seconds of the file-name timestamp; 0 if none */
	/* partition columns a DDL's storage.location.template defines (extras) */
	int n_xpart;
	int xpart_col[8];
	char xpart_val[8][32];
	int index;           /* position in the list */
};

struct src_list {
	struct src_file *files;
	int n, cap;
	int n_skipped;       /* files in walked directories that are not flow logs */
	struct arena arena;  /* paths */
	char **skipped;      /* first few skipped paths, for a note */
	int n_skipped_kept;
};

/*
 * Add the files under `path` to the list.  In a directory, files whose names
 * end in .log, .log.gz, .gz or .txt are flow logs; others are skipped and
 * counted (hidden files and directories are ignored).  A file named
 * explicitly is always taken, whatever its name.
 * Returns FLOWQ_OK, FLOWQ_ERR_IO (path does not exist / unreadable
 * directory; err names it) or FLOWQ_ERR_NOMEM.
 */
flowq_status src_add_path(struct src_list *l, const char *path, struct flowq_error *err);
/* Work out partitions and window for one path (exposed for tests). */
void src_classify(struct src_file *f, const char *path);
void src_list_free(struct src_list *l);

/* The partition value of a file for a partition column id (COL_DT..COL_HOUR,
 * or an extra column a location template defines), or "" when it has none. */
const char *src_part_value(const struct src_file *f, int col);

/* A partition column of a location template. */
struct tmpl_part {
	const char *name; /* as in ${name} */
	int col;          /* column id it fills */
	int segments;     /* path segments it spans (yyyy/MM/dd: 3) */
	bool date;        /* a date column: store 'YYYY-MM-DD' */
};
/*
 * Match every file's directory against an Athena storage.location.template
 * ("s3://b/p/AWSLogs/${account}/vpcflowlogs/${region}/${day}"), from the
 * file's parent directory backwards, and record the ${...} values as
 * partitions.  Files that do not match get no values (NULL).
 */
void src_apply_template(struct src_list *l, const char *tmpl, const struct tmpl_part *parts, int n);

#endif
