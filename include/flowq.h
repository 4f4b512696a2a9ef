/*
 * flowq.h - the public API of libflowq.
 *
 * flowq reads AWS VPC Flow Logs exactly as AWS delivers them and answers
 * Athena (Presto/Trino) SQL over them.  The library never prints and never
 * exits: every function reports through its return value (a flowq_status)
 * and, where it can fail in more than one way, a struct flowq_error that
 * carries a human-readable message and, for SQL, the byte offset of the
 * offending token.
 *
 * Status codes are numbered once and never renumbered; flowq_strerror()
 * names them.  The command line maps them to exit codes (docs/exit-codes.md).
 */
#ifndef FLOWQ_H
#define FLOWQ_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FLOWQ_VERSION "0.1.0"

typedef enum flowq_status {
	FLOWQ_OK = 0,
	FLOWQ_ERR_NOMEM = 1,        /* malloc failed */
	FLOWQ_ERR_IO = 2,           /* open/read/write failed */
	FLOWQ_ERR_BAD_INPUT = 3,    /* a bad record or file (fatal only with --strict) */
	FLOWQ_ERR_GZIP = 4,         /* corrupt or truncated gzip stream */
	FLOWQ_ERR_LIMIT = 5,        /* a documented bound was hit (line length, groups, ...) */
	FLOWQ_ERR_USAGE = 6,        /* bad option or argument */
	FLOWQ_ERR_SQL_SYNTAX = 7,   /* the SQL does not parse */
	FLOWQ_ERR_SQL_SEMANTIC = 8, /* unknown column/function, type mismatch, ... */
	FLOWQ_ERR_RUNTIME = 9,      /* division by zero, overflow, failed CAST, ... */
	FLOWQ_ERR_MEMORY = 10,      /* --max-memory exceeded */
	FLOWQ_ERR_INTERNAL = 11,    /* a bug: an invariant did not hold */
	FLOWQ_ERR_UNSUPPORTED = 12, /* valid SQL that flowq does not run (yet) */
	FLOWQ_STATUS_COUNT
} flowq_status;

/* Short, stable name of a status ("out of memory", ...). Never NULL. */
const char *flowq_strerror(flowq_status st);

/*
 * An error: the status, a message, and for SQL errors the byte offset and
 * length of the token the message is about (-1 when there is none), plus an
 * optional hint ("did you mean srcaddr?").
 */
struct flowq_error {
	flowq_status code;
	int pos;
	int len;
	char msg[512];
	char hint[256];
};

#ifdef __cplusplus
}
#endif
#endif
