/*
 * cmd_generate.c - `flowq generate`: write a synthetic VPC's flow logs, its
 * inventory and a manifest of planted incidents into OUTDIR (src/gen does
 * the work; this file parses the options, shows progress on a terminal and
 * prints the one-line summary on stderr).
 */
#include "cli.h"
#include "gen/gen.h"

#include <ctype.h>
#include <stdlib.h>
#include <unistd.h>

static const char usage[] = "[OPTIONS] OUTDIR";

struct progress {
	int last_pct;
};

static void show_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct progress *p = ctx;
	int pct = total ? (int)(done * 100 / total) : 100;
	if (pct > 100)
		pct = 100;
	if (pct == p->last_pct)
		return;
	p->last_pct = pct;
	fprintf(stderr, "\rflowq generate: %3d%% (%llu of %llu records)", pct,
		(unsigned long long)done, (unsigned long long)total);
	fflush(stderr);
}

/* "YYYY-MM-DD", digits exactly there. */
static bool parse_date(const char *z, int *y, int *m, int *d)
{
	static const char shape[] = "dddd-dd-dd";
	for (size_t i = 0; i < sizeof shape; i++) {
		char c = z[i];
		if (shape[i] == 0) {
			if (c != 0)
				return false;
		} else if (shape[i] == 'd' ? !isdigit((unsigned char)c) : c != shape[i]) {
			return false;
		}
	}
	*y = atoi(z);
	*m = atoi(z + 5);
	*d = atoi(z + 8);
	return true;
}

static bool in_range(const char *name, long long v, long long lo, long long hi)
{
	if (v >= lo && v <= hi)
		return true;
	fprintf(stderr, "flowq generate: --%s must be between %lld and %lld, not %lld\n", name,
		lo, hi, v);
	return false;
}

int cmd_generate(int argc, char **argv)
{
	long long records = 1000000, days = 1, seed = 1, threads = FQ_MIN(fq_ncpu(), 256);
	const char *start_date = "2026-02-13", *format = "v2";
	const struct opt_def opts[] = {
		{"records", 'n', OPT_INT, &records, "N",
		 "records to write, in total (default 1000000)"},
		{"days", 'd', OPT_INT, &days, "D", "days of logs, 288 files a day (default 1)"},
		{"start-date", 0, OPT_STRING, &start_date, "YYYY-MM-DD",
		 "first day, UTC (default 2026-02-13)"},
		{"seed", 's', OPT_INT, &seed, "S",
		 "random seed: same seed, same bytes (default 1)"},
		{"format", 'f', OPT_STRING, &format, "v2|v5",
		 "v2: the 14 default fields; v5: 25 fields (default v2)"},
		{"threads", 't', OPT_INT, &threads, "N", "worker threads (default: CPUs)"},
		{0},
	};
	const char *pos[1];
	int n_pos;
	int rc = opt_parse("generate", usage, opts, argc, argv, pos, 1, &n_pos);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (n_pos != 1) {
		fprintf(stderr, "flowq generate: missing OUTDIR (usage: flowq generate %s)\n",
			usage);
		return EXIT_USAGE;
	}

	struct gen_opts o = {0};
	if (!in_range("records", records, 1, 100000000000LL) || !in_range("days", days, 1, 366) ||
	    !in_range("threads", threads, 1, 256) ||
	    !in_range("seed", seed, 0, 0x7fffffffffffffffLL))
		return EXIT_USAGE;
	if (strcmp(format, "v2") == 0) {
		o.format = GEN_V2;
	} else if (strcmp(format, "v5") == 0) {
		o.format = GEN_V5;
	} else {
		fprintf(stderr, "flowq generate: --format must be v2 or v5, not '%s'\n", format);
		return EXIT_USAGE;
	}
	if (!parse_date(start_date, &o.start_y, &o.start_m, &o.start_d)) {
		fprintf(stderr, "flowq generate: --start-date must be YYYY-MM-DD, not '%s'\n",
			start_date);
		return EXIT_USAGE;
	}
	o.records = (uint64_t)records;
	o.days = (int)days;
	o.seed = (uint64_t)seed;
	o.threads = (int)threads;
	o.outdir = pos[0];

	struct progress prog = {-1};
	bool tty = isatty(fileno(stderr));
	o.quiet = !tty;
	if (tty) {
		o.progress = show_progress;
		o.progress_ctx = &prog;
	}

	struct gen_result res;
	struct flowq_error err = {0};
	double t0 = fq_now();
	flowq_status st = gen_run(&o, &res, &err);
	if (tty && prog.last_pct >= 0)
		fprintf(stderr, "\r%*s\r", 60, "");
	if (st != FLOWQ_OK) {
		cli_error(&err);
		return cli_exit_code(st);
	}
	fprintf(stderr, "flowq generate: %llu records in %llu files, %.1f MB gz / %.1f MB raw, "
			"%.2f s -> %s\n",
		(unsigned long long)res.records, (unsigned long long)res.files, res.bytes_gz / 1e6,
		res.bytes_raw / 1e6, fq_now() - t0, o.outdir);
	return EXIT_OK;
}
