/*
 * cli.h - what the commands share: the command table, a small table-driven
 * option parser, and terminal helpers.  Only src/cli and src/out print.
 *
 * Each command lives in its own cmd_<name>.c and declares its options as a
 * table of struct opt_def; opt_parse() walks argv with it and --help prints
 * it, so the help text and the parser cannot disagree.
 */
#ifndef FQ_CLI_H
#define FQ_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "base/base.h"

/* Exit codes (docs/exit-codes.md). */
enum {
	EXIT_OK = 0,
	EXIT_FAILURE_ = 1, /* a query or command failed at run time */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_BAD_INPUT = 3,/* --strict and a bad record, or no input could be read */
	EXIT_SQL = 4,      /* SQL syntax or semantic error */
	EXIT_LIMIT = 5,    /* a limit was hit (memory, line length, groups) */
	EXIT_IO = 6,       /* could not read or write a file */
};

enum opt_kind {
	OPT_FLAG,   /* bool *: set to true */
	OPT_STRING, /* const char **: the argument */
	OPT_INT,    /* long long *: a decimal integer */
	OPT_LIST,   /* struct opt_list *: repeatable, collected */
};

struct opt_list {
	const char *items[64];
	int n;
};

struct opt_def {
	const char *name;  /* long name without "--" */
	char short_name;   /* 0 when none */
	enum opt_kind kind;
	void *target;
	const char *arg;   /* placeholder in help: "N", "FILE" */
	const char *help;
};

/*
 * Parse argv[1..] against opts (terminated by an entry with name NULL).
 * Accepts --name VALUE, --name=VALUE, -x VALUE; "--" ends options; a lone
 * "-" is a positional (stdin).  Positionals are collected in order into
 * pos (at most max_pos).  Returns 0, or prints an error naming the command
 * and returns EXIT_USAGE.  --help/-h prints the usage and returns -1.
 */
int opt_parse(const char *cmd, const char *usage, const struct opt_def *opts, int argc,
	      char **argv, const char **pos, int max_pos, int *n_pos);
void opt_print_help(FILE *f, const char *cmd, const char *usage, const struct opt_def *opts);

/* Map a library status to the documented exit code. */
int cli_exit_code(flowq_status st);
/* Print "flowq: <msg>" (and the hint) on stderr. */
void cli_error(const struct flowq_error *err);
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* True when colour may be used on this stream (a TTY and NO_COLOR unset). */
bool cli_color(FILE *f);

struct command {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
	const char *summary;
};

int cmd_cat(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_fields(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_top_talkers(int argc, char **argv);
int cmd_rejected(int argc, char **argv);
int cmd_unusual_ports(int argc, char **argv);

#endif
