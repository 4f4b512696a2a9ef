/*
 * query.h - from SQL text to a result table.
 *
 * query_run() parses the script, applies any CREATE EXTERNAL TABLE it
 * holds to the table definition, then binds and runs the last query (or
 * explains it).  The table named by the query's FROM is the flow log files
 * (struct table_src); CTEs and subqueries become materialized tables.
 */
#ifndef FQ_QUERY_H
#define FQ_QUERY_H

#include "exec/plan.h"
#include "sql/ast.h"

#define TABLE_MAX_COLS (RD_MAX_FIELDS + PART_COUNT + 8)

/* The flow log table the paths are bound to. */
struct table_src {
	char name[128];           /* "vpc_flow_logs" unless --table */
	struct extra_cols *extras;
	/* a CREATE EXTERNAL TABLE, when one was given */
	bool has_ddl;
	int n_ddl;
	char *ddl_names[TABLE_MAX_COLS];
	int ddl_cols[TABLE_MAX_COLS];        /* table column id of each DDL column */
	enum fq_type ddl_types[TABLE_MAX_COLS];
	char location[1024];
	/* the columns `SELECT *` shows when there is no DDL: filled on demand */
	int (*star_columns)(void *ctx, int *cols, int max);
	void *star_ctx;
	/* apply a DDL's column list as the format of headerless files */
	void (*set_format)(void *ctx, const int *cols, int n);
	void *format_ctx;
	/* header/DDL columns that are partitions (filled per file, prunable) */
	bool part_extra[RD_MAX_EXTRAS];
	/* a DDL's storage.location.template: the CLI matches it against paths */
	void (*set_partitions)(void *ctx, const char *tmpl, const struct tmpl_part *parts, int n);
	void *partitions_ctx;
	/* a DDL's LOCATION (s3://...): the CLI maps it to files */
	flowq_status (*set_location)(void *ctx, const char *location, struct flowq_error *err);
	void *location_ctx;
};

struct query_result {
	struct rtable *table;   /* rows (NULL for EXPLAIN) */
	char *explain;          /* EXPLAIN text (malloc'd), NULL otherwise */
};

/*
 * Run the script sql[0..len).  Returns FLOWQ_OK and fills res, or an error
 * (syntax, semantic, runtime, memory) with err->pos into sql when known.
 */
flowq_status query_run(const char *sql, size_t len, struct exec_ctx *x, struct table_src *tab,
		       struct query_result *res, struct flowq_error *err);
void query_result_free(struct query_result *res);

#endif
