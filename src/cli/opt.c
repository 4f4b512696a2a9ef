/*
 * opt.c - the table-driven option parser and the terminal helpers of cli.h.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct opt_def *find_long(const struct opt_def *opts, const char *name, size_t n)
{
	for (const struct opt_def *o = opts; o->name; o++)
		if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
			return o;
	return NULL;
}

static const struct opt_def *find_short(const struct opt_def *opts, char c)
{
	for (const struct opt_def *o = opts; o->name; o++)
		if (o->short_name && o->short_name == c)
			return o;
	return NULL;
}

static int set_opt(const char *cmd, const struct opt_def *o, const char *val)
{
	switch (o->kind) {
	case OPT_FLAG: *(bool *)o->target = true; return 0;
	case OPT_STRING: *(const char **)o->target = val; return 0;
	case OPT_INT: {
		char *end;
		errno = 0;
		long long v = strtoll(val, &end, 10);
		if (errno || end == val || *end) {
			fprintf(stderr, "flowq %s: --%s needs a whole number, not '%s'\n", cmd, o->name, val);
			return EXIT_USAGE;
		}
		*(long long *)o->target = v;
		return 0;
	}
	case OPT_LIST: {
		struct opt_list *l = o->target;
		if (l->n >= (int)FQ_ARRAY_LEN(l->items)) {
			fprintf(stderr, "flowq %s: too many --%s options\n", cmd, o->name);
			return EXIT_USAGE;
		}
		l->items[l->n++] = val;
		return 0;
	}
	}
	return 0;
}

int opt_parse(const char *cmd, const char *usage, const struct opt_def *opts, int argc,
	      char **argv, const char **pos, int max_pos, int *n_pos)
{
	*n_pos = 0;
	bool only_pos = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct opt_def *o = NULL;
		const char *val = NULL;
		if (!only_pos && strcmp(a, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (!only_pos && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			opt_print_help(stdout, cmd, usage, opts);
			return -1;
		}
		if (!only_pos && a[0] == '-' && a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			o = find_long(opts, a + 2, n);
			if (!o) {
				fprintf(stderr, "flowq %s: unknown option '%.*s' (see flowq %s --help)\n", cmd,
					(int)(n + 2), a, cmd);
				return EXIT_USAGE;
			}
			if (eq) {
				if (o->kind == OPT_FLAG) {
					fprintf(stderr, "flowq %s: --%s takes no value\n", cmd, o->name);
					return EXIT_USAGE;
				}
				val = eq + 1;
			}
		} else if (!only_pos && a[0] == '-' && a[1] && !a[2]) {
			o = find_short(opts, a[1]);
			if (!o) {
				fprintf(stderr, "flowq %s: unknown option '%s' (see flowq %s --help)\n", cmd, a, cmd);
				return EXIT_USAGE;
			}
		} else {
			if (*n_pos >= max_pos) {
				fprintf(stderr, "flowq %s: too many arguments\n", cmd);
				return EXIT_USAGE;
			}
			pos[(*n_pos)++] = a;
			continue;
		}
		if (o->kind != OPT_FLAG && !val) {
			if (i + 1 >= argc) {
				fprintf(stderr, "flowq %s: --%s needs a value (%s)\n", cmd, o->name,
					o->arg ? o->arg : "VALUE");
				return EXIT_USAGE;
			}
			val = argv[++i];
		}
		int rc = set_opt(cmd, o, val);
		if (rc)
			return rc;
	}
	return 0;
}

void opt_print_help(FILE *f, const char *cmd, const char *usage, const struct opt_def *opts)
{
	fprintf(f, "usage: flowq %s %s\n", cmd, usage);
	if (opts[0].name)
		fprintf(f, "\noptions:\n");
	for (const struct opt_def *o = opts; o->name; o++) {
		char left[64];
		if (o->short_name)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		fprintf(f, "  %-28s %s\n", left, o->help);
	}
}

int cli_exit_code(flowq_status st)
{
	switch (st) {
	case FLOWQ_OK: return EXIT_OK;
	case FLOWQ_ERR_USAGE: return EXIT_USAGE;
	case FLOWQ_ERR_BAD_INPUT:
	case FLOWQ_ERR_GZIP: return EXIT_BAD_INPUT;
	case FLOWQ_ERR_SQL_SYNTAX:
	case FLOWQ_ERR_SQL_SEMANTIC:
	case FLOWQ_ERR_UNSUPPORTED: return EXIT_SQL;
	case FLOWQ_ERR_LIMIT:
	case FLOWQ_ERR_MEMORY:
	case FLOWQ_ERR_NOMEM: return EXIT_LIMIT;
	case FLOWQ_ERR_IO: return EXIT_IO;
	default: return EXIT_FAILURE_;
	}
}

void cli_error(const struct flowq_error *err)
{
	fprintf(stderr, "flowq: %s\n", err->msg[0] ? err->msg : flowq_strerror(err->code));
	if (err->hint[0])
		fprintf(stderr, "hint: %s\n", err->hint);
}

void cli_errorf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("flowq: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

bool cli_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	return isatty(fileno(f));
}
