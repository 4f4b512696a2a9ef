/*
 * lex.h - the SQL tokenizer: turns query text into tokens, one at a time.
 *
 * A token is a slice of the source (pos, len) plus a kind; unquoted words
 * are also looked up in the keyword table, so the parser can test
 * `t.kw == KW_SELECT` without comparing text.  The lexer keeps no state but
 * its offset, so copying a struct lexer is how the parser peeks ahead.
 * Errors (an unterminated string, an unknown character, a number out of
 * range) come back as a TK_ERROR token whose `error` says what went wrong;
 * the parser turns it into a message.
 */
#ifndef FQ_LEX_H
#define FQ_LEX_H

#include "base/base.h"

enum tok_kind {
	TK_EOF,
	TK_ERROR,    /* see token.error */
	TK_IDENT,    /* unquoted word; token.kw says whether it is a keyword */
	TK_QIDENT,   /* "quoted" or `backquoted` identifier; token.quote says which */
	TK_STRING,   /* 'text' ('' inside is one quote) */
	TK_INT,      /* 123: token.ival */
	TK_DOUBLE,   /* 1.5, .5, 1e3: token.dval */
	TK_EQ,       /* = */
	TK_NE,       /* <> or != */
	TK_LT,       /* < */
	TK_LE,       /* <= */
	TK_GT,       /* > */
	TK_GE,       /* >= */
	TK_PLUS,     /* + */
	TK_MINUS,    /* - */
	TK_STAR,     /* * */
	TK_SLASH,    /* / */
	TK_PERCENT,  /* % */
	TK_CONCAT,   /* || */
	TK_LPAREN,   /* ( */
	TK_RPAREN,   /* ) */
	TK_LBRACKET, /* [ (only to report that subscripts are unsupported) */
	TK_RBRACKET, /* ] */
	TK_COMMA,    /* , */
	TK_DOT,      /* . */
	TK_SEMI,     /* ; */
	TK_COLON,    /* : (Hive struct<a:int> types) */
};

enum tok_error {
	TE_NONE,
	TE_UNKNOWN_CHAR,         /* pos/len cover the whole (UTF-8) character */
	TE_UNTERMINATED_STRING,  /* pos at the opening quote */
	TE_UNTERMINATED_IDENT,   /* pos at the opening quote */
	TE_UNTERMINATED_COMMENT, /* pos at the opening slash-star */
	TE_EMPTY_IDENT,          /* "" */
	TE_BAD_NUMBER,           /* 123abc, 1e */
	TE_NUMBER_RANGE,         /* an integer over INT64_MAX, a double that overflows */
	TE_NUMBER_LONG,          /* a decimal literal of more than 255 characters */
};

/*
 * The keyword table, sorted by name (tok_lookup does a binary search; a
 * unit test checks the order).  R: reserved (Trino's reserved words plus
 * ALL, LIMIT and OFFSET): it cannot be a bare column name or alias.  N: a
 * word the parser looks for in some places but that is an ordinary
 * identifier everywhere else (start, date, day, location, ...).
 */
#define TOK_KEYWORDS(X)                                                                  \
	X(ADD, "add", N) X(ALL, "all", R) X(ALTER, "alter", R) X(ANALYZE, "analyze", N)   \
	X(AND, "and", R) X(AS, "as", R) X(ASC, "asc", N) X(AT, "at", N)                  \
	X(BETWEEN, "between", R) X(BOTH, "both", N) X(BY, "by", R)                       \
	X(CASCADE, "cascade", N) X(CASE, "case", R) X(CAST, "cast", R)                   \
	X(CLUSTERED, "clustered", N) X(COLLECTION, "collection", N)                       \
	X(COMMENT, "comment", N) X(CONSTRAINT, "constraint", R) X(CREATE, "create", R)   \
	X(CROSS, "cross", R) X(CUBE, "cube", R) X(CURRENT_CATALOG, "current_catalog", R) \
	X(CURRENT_DATE, "current_date", R) X(CURRENT_PATH, "current_path", R)            \
	X(CURRENT_ROLE, "current_role", R) X(CURRENT_SCHEMA, "current_schema", R)        \
	X(CURRENT_TIME, "current_time", R) X(CURRENT_TIMESTAMP, "current_timestamp", R)  \
	X(CURRENT_USER, "current_user", R) X(DATABASE, "database", N) X(DAY, "day", N)   \
	X(DAYS, "days", N) X(DBPROPERTIES, "dbproperties", N)                            \
	X(DEALLOCATE, "deallocate", R) X(DEFINED, "defined", N) X(DELETE, "delete", R)   \
	X(DELIMITED, "delimited", N) X(DESC, "desc", N) X(DESCRIBE, "describe", R)        \
	X(DISTINCT, "distinct", R) X(DROP, "drop", R) X(ELSE, "else", R) X(END, "end", R) \
	X(ESCAPE, "escape", R) X(ESCAPED, "escaped", N) X(EXCEPT, "except", R)            \
	X(EXECUTE, "execute", R) X(EXISTS, "exists", R) X(EXPLAIN, "explain", N)          \
	X(EXTERNAL, "external", N) X(EXTRACT, "extract", R) X(FALSE, "false", R)          \
	X(FETCH, "fetch", N) X(FIELDS, "fields", N) X(FILTER, "filter", N)                \
	X(FIRST, "first", N) X(FOR, "for", R) X(FORMAT, "format", N) X(FROM, "from", R)   \
	X(FULL, "full", R) X(GROUP, "group", R) X(GROUPING, "grouping", R)                \
	X(HAVING, "having", R) X(HOUR, "hour", N) X(HOURS, "hours", N) X(IF, "if", N)     \
	X(IN, "in", R) X(INNER, "inner", R) X(INPUTFORMAT, "inputformat", N)              \
	X(INSERT, "insert", R) X(INTERSECT, "intersect", R) X(INTERVAL, "interval", N)    \
	X(INTO, "into", R) X(IS, "is", R) X(ITEMS, "items", N) X(JOIN, "join", R)         \
	X(JSON_ARRAY, "json_array", R) X(JSON_EXISTS, "json_exists", R)                   \
	X(JSON_OBJECT, "json_object", R) X(JSON_QUERY, "json_query", R)                   \
	X(JSON_TABLE, "json_table", R) X(JSON_VALUE, "json_value", R) X(KEYS, "keys", N)  \
	X(LAST, "last", N) X(LEADING, "leading", N) X(LEFT, "left", R) X(LIKE, "like", R) \
	X(LIMIT, "limit", R) X(LINES, "lines", N) X(LISTAGG, "listagg", R)                \
	X(LOCALTIME, "localtime", R) X(LOCALTIMESTAMP, "localtimestamp", R)               \
	X(LOCATION, "location", N) X(MAP, "map", N) X(MINUTE, "minute", N)                \
	X(MINUTES, "minutes", N) X(MONTH, "month", N) X(MONTHS, "months", N)              \
	X(MSCK, "msck", N) X(NATURAL, "natural", R) X(NEXT, "next", N)                    \
	X(NORMALIZE, "normalize", R) X(NOT, "not", R) X(NULL, "null", R)                  \
	X(NULLS, "nulls", N) X(OFFSET, "offset", R) X(ON, "on", R) X(ONLY, "only", N)      \
	X(OR, "or", R) X(ORDER, "order", R) X(OUTER, "outer", R)                          \
	X(OUTPUTFORMAT, "outputformat", N) X(OVER, "over", N) X(PARTITION, "partition", N) \
	X(PARTITIONED, "partitioned", N) X(POSITION, "position", N)                       \
	X(PRECISION, "precision", N) X(PREPARE, "prepare", R) X(PURGE, "purge", N)        \
	X(RECURSIVE, "recursive", R) X(REPAIR, "repair", N) X(RESTRICT, "restrict", N)    \
	X(RIGHT, "right", R) X(ROLLUP, "rollup", R) X(ROW, "row", N) X(ROWS, "rows", N)   \
	X(SCHEMA, "schema", N) X(SECOND, "second", N) X(SECONDS, "seconds", N)            \
	X(SELECT, "select", R) X(SERDE, "serde", N)                                       \
	X(SERDEPROPERTIES, "serdeproperties", N) X(SKIP, "skip", R) X(STORED, "stored", N) \
	X(SUBSTRING, "substring", N) X(TABLE, "table", R)                                 \
	X(TBLPROPERTIES, "tblproperties", N) X(TERMINATED, "terminated", N)               \
	X(THEN, "then", R) X(TIES, "ties", N) X(TIME, "time", N) X(TO, "to", N)           \
	X(TRAILING, "trailing", N) X(TRIM, "trim", R) X(TRUE, "true", R)                  \
	X(TRY_CAST, "try_cast", N) X(UESCAPE, "uescape", R) X(UNION, "union", R)          \
	X(UNNEST, "unnest", R) X(USING, "using", R) X(VALUES, "values", R)                \
	X(VARYING, "varying", N) X(WHEN, "when", R) X(WHERE, "where", R)                  \
	X(WITH, "with", R) X(WITHOUT, "without", N) X(YEAR, "year", N)                    \
	X(YEARS, "years", N) X(ZONE, "zone", N)

enum tok_kw {
	KW_NONE = 0,
#define X(id, name, res) KW_##id,
	TOK_KEYWORDS(X)
#undef X
	KW__COUNT
};

struct token {
	enum tok_kind kind;
	enum tok_kw kw;        /* TK_IDENT only; KW_NONE for other words */
	enum tok_error error;  /* TK_ERROR only */
	char quote;            /* TK_QIDENT: '"' or '`' */
	bool escaped;          /* TK_STRING / TK_QIDENT: contains a doubled quote */
	int pos, len;          /* byte span in the source, quotes included */
	int64_t ival;          /* TK_INT */
	double dval;           /* TK_DOUBLE */
};

struct lexer {
	const char *src;
	int len;
	int off; /* where the next token starts (before any blanks) */
};

/* Start lexing src[0..len).  src need not be NUL-terminated. */
void tok_init(struct lexer *lx, const char *src, int len);

/*
 * Scan the next token into *t.  Never fails: problems are TK_ERROR tokens.
 * After TK_EOF or TK_ERROR every further call returns TK_EOF.
 */
void tok_next(struct lexer *lx, struct token *t);

/* The keyword spelled by p[0..n) (any case), or KW_NONE. */
enum tok_kw tok_lookup(const char *p, size_t n);
/* Lower-case spelling of a keyword ("select"); "" for KW_NONE. */
const char *tok_kw_name(enum tok_kw kw);
/* True for reserved words, which need double quotes to be identifiers. */
bool tok_kw_reserved(enum tok_kw kw);

/*
 * Copy the text of a TK_STRING or TK_QIDENT token without its quotes,
 * turning each doubled quote into one, into out (which must hold t->len
 * bytes).  Returns the number of bytes written (no NUL is added).
 */
size_t tok_unquote(const char *src, const struct token *t, char *out);

#endif
