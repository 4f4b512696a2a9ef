/*
 * ast.h - the syntax tree of flowq's SQL dialect (Athena: Trino/Presto for
 * queries, Hive for CREATE EXTERNAL TABLE).
 *
 * The parser (parse.c) builds it; the binder (bind.c) resolves names and
 * types on it and hands the planner a bound tree.  Every node is allocated
 * from the arena of the statement list and carries the byte offset and
 * length of the source text it was parsed from, so every later error can
 * put a caret under the right token.
 *
 * Identifiers are stored as written, without quotes; `quoted` says whether
 * they were double-quoted (quoted identifiers keep their case, unquoted ones
 * are compared case-insensitively, as Trino does).  String literals are
 * stored with '' already unescaped.
 */
#ifndef FQ_AST_H
#define FQ_AST_H

#include "base/base.h"
#include "base/types.h"

enum ast_kind {
	A_NULL,     /* NULL */
	A_BOOL,     /* TRUE / FALSE: u.b */
	A_INT,      /* 42: u.i (a literal above int64 range is a syntax error) */
	A_DOUBLE,   /* 1.5, 1e3, .5: u.d (Trino's DECIMAL literals become double) */
	A_STRING,   /* 'text': u.str */
	A_TYPED,    /* TIMESTAMP '...', DATE '...', IPADDRESS '...': u.typed */
	A_INTERVAL, /* INTERVAL '1' DAY, INTERVAL '2' HOUR, INTERVAL -'3' MONTH: u.interval */
	A_COLUMN,   /* name or qualifier.name: u.col */
	A_STAR,     /* * or qualifier.*: u.col (name NULL) - only in a select list */
	A_UNARY,    /* u.unary: -x, +x, NOT x */
	A_BINARY,   /* u.binary */
	A_IS_NULL,  /* x IS [NOT] NULL: u.is_null */
	A_DISTINCT_FROM, /* x IS [NOT] DISTINCT FROM y: u.binary (op AST_OP_IS_DISTINCT / _NOT_DISTINCT) */
	A_BETWEEN,  /* x [NOT] BETWEEN lo AND hi: u.between */
	A_IN_LIST,  /* x [NOT] IN (a, b, ...): u.in_list */
	A_IN_QUERY, /* x [NOT] IN (SELECT ...): u.in_query */
	A_LIKE,     /* x [NOT] LIKE pattern [ESCAPE e]: u.like */
	A_CASE,     /* CASE [operand] WHEN .. THEN .. [ELSE ..] END: u.case_ */
	A_CAST,     /* CAST(x AS type), TRY_CAST(x AS type): u.cast */
	A_FUNC,     /* name([DISTINCT] args) / count(*): u.func */
	A_SUBQUERY, /* (SELECT ...) as a scalar value: u.subquery */
	A_EXISTS,   /* EXISTS (SELECT ...): u.subquery */
};

enum ast_op {
	AST_OP_NEG, AST_OP_PLUS, AST_OP_NOT,
	AST_OP_ADD, AST_OP_SUB, AST_OP_MUL, AST_OP_DIV, AST_OP_MOD, AST_OP_CONCAT,
	AST_OP_EQ, AST_OP_NE, AST_OP_LT, AST_OP_LE, AST_OP_GT, AST_OP_GE,
	AST_OP_AND, AST_OP_OR,
	AST_OP_IS_DISTINCT, AST_OP_IS_NOT_DISTINCT,
};

enum ast_interval_unit { IU_YEAR, IU_MONTH, IU_DAY, IU_HOUR, IU_MINUTE, IU_SECOND };

struct ast_query;

struct ast_ident {
	const char *name; /* NUL-terminated, as written (quotes removed) */
	bool quoted;
	int pos, len;
};

struct ast_expr {
	enum ast_kind kind;
	int pos, len; /* source span: from the first to the last byte of the expression */
	union {
		bool b;
		int64_t i;
		double d;
		struct fq_str str; /* A_STRING: unescaped, in the arena */
		struct {
			char *type_name;  /* "timestamp", "date", "ipaddress", ... lower case */
			struct fq_str text;
		} typed;
		struct {
			struct fq_str text; /* '1', '1 10:00:00', ... */
			bool negative;
			enum ast_interval_unit unit;
			enum ast_interval_unit to_unit; /* INTERVAL '1 10:00' DAY TO MINUTE; == unit otherwise */
		} interval;
		struct {
			struct ast_ident *qualifier; /* NULL when unqualified */
			struct ast_ident name;       /* name.name NULL for A_STAR */
		} col;
		struct {
			enum ast_op op;
			struct ast_expr *arg;
		} unary;
		struct {
			enum ast_op op;
			struct ast_expr *left, *right;
		} binary;
		struct {
			struct ast_expr *arg;
			bool negated;
		} is_null;
		struct {
			struct ast_expr *arg, *lo, *hi;
			bool negated;
		} between;
		struct {
			struct ast_expr *arg;
			struct ast_expr **items;
			int n_items;
			bool negated;
		} in_list;
		struct {
			struct ast_expr *arg;
			struct ast_query *query;
			bool negated;
		} in_query;
		struct {
			struct ast_expr *arg, *pattern, *escape; /* escape NULL when absent */
			bool negated;
		} like;
		struct {
			struct ast_expr *operand; /* NULL for searched CASE */
			struct ast_expr **whens, **thens;
			int n_whens;
			struct ast_expr *else_; /* NULL when absent */
		} case_;
		struct {
			struct ast_expr *arg;
			char *type_name; /* lower case, as written: "bigint", "varchar(10)", "ipaddress" */
			int type_pos, type_len;
			bool try_;
		} cast;
		struct {
			struct ast_ident name; /* lower-cased when unquoted */
			struct ast_expr **args;
			int n_args;
			bool distinct; /* count(DISTINCT x) */
			bool star;     /* count(*) */
			struct ast_expr *filter; /* agg(x) FILTER (WHERE cond), NULL when absent */
		} func;
		struct ast_query *subquery;
	} u;
};

struct ast_select_item {
	struct ast_expr *expr; /* A_STAR for * and t.* */
	struct ast_ident *alias; /* NULL when absent; `expr AS a` and `expr a` */
};

struct ast_order_item {
	struct ast_expr *expr; /* may be an A_INT ordinal or an alias as A_COLUMN */
	bool desc;
	int nulls; /* 0 default, 1 NULLS FIRST, 2 NULLS LAST */
};

enum ast_from_kind { FROM_TABLE, FROM_SUBQUERY };

struct ast_from {
	enum ast_from_kind kind;
	struct ast_ident *schema; /* FROM db.table: db; NULL otherwise */
	struct ast_ident table;   /* FROM_TABLE */
	struct ast_query *query;  /* FROM_SUBQUERY */
	struct ast_ident *alias;  /* NULL when absent */
	int pos, len;
};

/* One SELECT ... FROM ... WHERE ... GROUP BY ... HAVING ... block. */
struct ast_select {
	bool distinct;
	struct ast_select_item *items;
	int n_items;
	struct ast_from *from; /* NULL: SELECT without FROM (one row) */
	struct ast_expr *where;
	struct ast_expr **group_by; /* expressions; an A_INT is an ordinal */
	int n_group_by;
	struct ast_expr *having;
	int pos, len;
};

struct ast_cte {
	struct ast_ident name;
	struct ast_query *query;
};

/*
 * A query: [WITH ctes] body [UNION ALL body ...] [ORDER BY] [OFFSET] [LIMIT].
 * ORDER BY / LIMIT / OFFSET written after the last body apply to the whole
 * union (and to the single SELECT when there is no union).  A parenthesised
 * query may stand for a body.
 */
struct ast_query {
	struct ast_cte *ctes;
	int n_ctes;
	struct ast_select **bodies;
	int n_bodies;
	bool *union_distinct; /* n_bodies-1 entries: false for UNION ALL, true for UNION [DISTINCT] */
	struct ast_order_item *order_by;
	int n_order_by;
	int64_t limit;  /* -1: none (LIMIT ALL is -1 too) */
	int64_t offset; /* 0: none */
	int limit_pos, offset_pos;
	int pos, len;
};

struct ast_column_def {
	struct ast_ident name;
	char *type_name; /* lower case, as written: "int", "string", "bigint" */
};

/* CREATE EXTERNAL TABLE [IF NOT EXISTS] [db.]name (cols) [PARTITIONED BY (cols)]
 * [ROW FORMAT DELIMITED FIELDS TERMINATED BY ' ' | ROW FORMAT SERDE '...' ...]
 * [STORED AS ...] LOCATION 's3://...' [TBLPROPERTIES ('k' = 'v', ...)] */
struct ast_create_table {
	struct ast_ident *schema;
	struct ast_ident name;
	struct ast_column_def *cols;
	int n_cols;
	struct ast_column_def *partition_cols;
	int n_partition_cols;
	struct fq_str field_delim; /* empty when not given */
	struct fq_str location;    /* empty when not given */
	struct fq_str *prop_keys, *prop_values;
	int n_props;
	bool skip_header; /* TBLPROPERTIES ('skip.header.line.count'='1') */
};

enum ast_stmt_kind { STMT_QUERY, STMT_EXPLAIN, STMT_CREATE_TABLE };

struct ast_stmt {
	enum ast_stmt_kind kind;
	struct ast_query *query;          /* STMT_QUERY, STMT_EXPLAIN */
	bool explain_analyze;             /* EXPLAIN ANALYZE */
	struct ast_create_table *create;  /* STMT_CREATE_TABLE */
	int pos, len;
};

struct ast_script {
	struct ast_stmt **stmts;
	int n_stmts;
};

/*
 * Parse sql (len bytes, need not be NUL-terminated but must stay alive as
 * long as the tree) into a list of statements separated by ';'.  Other DDL
 * Athena accepts around a table (MSCK REPAIR TABLE, ALTER TABLE ... ADD
 * PARTITION, CREATE DATABASE, DROP TABLE) is parsed and skipped.
 * Returns FLOWQ_OK, FLOWQ_ERR_SQL_SYNTAX (err->pos/len point at the bad
 * token, err->msg says what was expected: "expected ')' but found 'FROM'"),
 * FLOWQ_ERR_LIMIT (SQL over 1 MiB or nesting deeper than 200) or
 * FLOWQ_ERR_NOMEM.  All nodes live in `a`.
 */
flowq_status sql_parse(const char *sql, size_t len, struct arena *a, struct ast_script **out,
		       struct flowq_error *err);

/* Name of an operator as written in SQL ("+", "AND", ...). */
const char *ast_op_name(enum ast_op op);

#endif
