/*
 * readbench.c - read + parse throughput of the library, against the floor.
 *
 * Three things run over the same files on the same number of threads, one
 * after another in each round so that machine noise hits them alike:
 *
 *   floor   decompression only: each file through the library's own
 *           instream (ins_open / ins_read, ISA-L, 256 KiB chunks, the
 *           reader's chunk size), bytes thrown away
 *   all14   scan_run (src/exec/scan.h) requesting the 14 default v2
 *           columns, with a consumer that does nothing
 *   q1      scan_run requesting only what Q1 needs: srcaddr, dstaddr, bytes
 *
 * and the report gives, per configuration, the median wall and CPU seconds,
 * records/s, MB/s of raw (decompressed) text, and the ratio of the median to
 * the floor's median for the same threads.  The target the reader is held
 * to: all 14 fields cost at most 1.30x the floor.
 *
 * usage: readbench [-t 1,2] [-r RUNS] [-w floor,all14,q1cols] PATH...
 *   -w runs only the named measurements (e.g. one of them under perf); the
 *   x_floor column needs floor.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "base/base.h"
#include "exec/scan.h"
#include "format/fields.h"
#include "io/files.h"
#include "io/instream.h"

#define CHUNK (256u * 1024)
#define MAX_RUNS 101
#define MAX_THREADS 64

enum what { W_FLOOR, W_ALL14, W_Q1, W_COUNT };
static const char *const what_names[W_COUNT] = {"floor", "all14", "q1cols"};

struct result {
	double secs, cpu;
	uint64_t raw, records;
};

static double cpu_now(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* ---- the floor: instream only ------------------------------------------ */

struct floor_job {
	const struct src_list *files;
	atomic_int next;
	atomic_ullong raw;
	atomic_int failed;
};

static void *floor_work(void *arg)
{
	struct floor_job *j = arg;
	uint8_t *buf = malloc(CHUNK);
	uint64_t raw = 0;
	if (!buf) {
		atomic_store(&j->failed, 1);
		return NULL;
	}
	for (;;) {
		int i = atomic_fetch_add(&j->next, 1);
		if (i >= j->files->n)
			break;
		struct instream s;
		struct flowq_error err;
		err_clear(&err);
		if (ins_open(&s, j->files->files[i].path, &err)) {
			fprintf(stderr, "readbench: %s\n", err.msg);
			atomic_store(&j->failed, 1);
			break;
		}
		size_t got;
		do {
			if (ins_read(&s, buf, CHUNK, &got, &err)) {
				fprintf(stderr, "readbench: %s\n", err.msg);
				atomic_store(&j->failed, 1);
				got = 0;
			}
			raw += got;
		} while (got);
		ins_close(&s);
	}
	atomic_fetch_add(&j->raw, raw);
	free(buf);
	return NULL;
}

static bool run_floor(const struct src_list *files, int nt, struct result *res)
{
	struct floor_job j = {.files = files};
	atomic_init(&j.next, 0);
	atomic_init(&j.raw, 0);
	atomic_init(&j.failed, 0);
	pthread_t th[MAX_THREADS];
	double t0 = fq_now(), c0 = cpu_now();
	for (int i = 1; i < nt; i++)
		if (pthread_create(&th[i], NULL, floor_work, &j) != 0) {
			fprintf(stderr, "readbench: cannot start a thread\n");
			exit(1);
		}
	floor_work(&j);
	for (int i = 1; i < nt; i++)
		pthread_join(th[i], NULL);
	res->secs = fq_now() - t0;
	res->cpu = cpu_now() - c0;
	res->raw = atomic_load(&j.raw);
	res->records = 0;
	return !atomic_load(&j.failed);
}

/* ---- read + parse through scan_run -------------------------------------- */

static flowq_status consume_nothing(void *ctx, int tid, struct batch *b, struct flowq_error *err)
{
	(void)ctx;
	(void)tid;
	(void)b;
	(void)err;
	return FLOWQ_OK;
}

static bool run_scan(const struct src_list *files, int nt, const int *cols, int n_cols,
		     struct result *res)
{
	struct extra_cols extras;
	extras_init(&extras);
	struct scan_opts o;
	memset(&o, 0, sizeof o);
	o.threads = nt;
	o.rd.extras = &extras;
	o.cols = cols;
	o.n_cols = n_cols;
	o.consume = consume_nothing;
	struct scan_result sr;
	struct flowq_error err;
	err_clear(&err);
	double c0 = cpu_now();
	flowq_status st = scan_run(files, &o, &sr, &err);
	res->cpu = cpu_now() - c0;
	extras_free(&extras);
	if (st) {
		fprintf(stderr, "readbench: %s\n", err.msg);
		return false;
	}
	res->secs = sr.seconds;
	res->raw = sr.stats.bytes_raw;
	res->records = sr.stats.records;
	if (sr.stats.skipped)
		fprintf(stderr, "readbench: note: %llu bad lines skipped\n",
			(unsigned long long)sr.stats.skipped);
	return true;
}

/* ---- main -------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
	double tmp[MAX_RUNS];
	memcpy(tmp, v, (size_t)n * sizeof *v);
	qsort(tmp, (size_t)n, sizeof *tmp, cmp_double);
	return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

static void usage(void)
{
	fprintf(stderr, "usage: readbench [-t 1,2] [-r RUNS] [-w floor,all14,q1cols] PATH...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int threads[8] = {1, 2}, n_threads = 2, runs = 5;
	bool want[W_COUNT] = {true, true, true};
	int rc = 1;
	int argi = 1;
	for (; argi < argc && argv[argi][0] == '-' && argv[argi][1]; argi++) {
		if (strcmp(argv[argi], "-t") == 0 && argi + 1 < argc) {
			n_threads = 0;
			char tmp[128];
			snprintf(tmp, sizeof tmp, "%s", argv[++argi]);
			for (char *save = NULL, *tok = strtok_r(tmp, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				int t = atoi(tok);
				if (t < 1 || t > MAX_THREADS || n_threads == 8)
					usage();
				threads[n_threads++] = t;
			}
			if (!n_threads)
				usage();
		} else if (strcmp(argv[argi], "-w") == 0 && argi + 1 < argc) {
			char tmp[128];
			snprintf(tmp, sizeof tmp, "%s", argv[++argi]);
			memset(want, 0, sizeof want);
			for (char *save = NULL, *tok = strtok_r(tmp, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				int w = 0;
				while (w < W_COUNT && strcmp(tok, what_names[w]) != 0)
					w++;
				if (w == W_COUNT)
					usage();
				want[w] = true;
			}
		} else if (strcmp(argv[argi], "-r") == 0 && argi + 1 < argc) {
			runs = atoi(argv[++argi]);
			if (runs < 1 || runs > MAX_RUNS)
				usage();
		} else {
			usage();
		}
	}
	if (argi >= argc)
		usage();
	struct src_list files;
	memset(&files, 0, sizeof files);
	for (; argi < argc; argi++) {
		struct flowq_error err;
		err_clear(&err);
		if (src_add_path(&files, argv[argi], &err)) {
			fprintf(stderr, "readbench: %s\n", err.msg);
			goto free_files;
		}
	}
	if (files.n == 0) {
		fprintf(stderr, "readbench: no files\n");
		goto free_files;
	}
	const int q1_cols[3] = {FLD_SRCADDR, FLD_DSTADDR, FLD_BYTES};

	static double secs[8][W_COUNT][MAX_RUNS], cpu[8][W_COUNT][MAX_RUNS];
	struct result last[8][W_COUNT];
	memset(last, 0, sizeof last);
	for (int r = 0; r < runs; r++)
		for (int t = 0; t < n_threads; t++)
			for (int w = 0; w < W_COUNT; w++) {
				if (!want[w])
					continue;
				struct result res;
				bool ok = w == W_FLOOR ? run_floor(&files, threads[t], &res)
					  : w == W_ALL14
						  ? run_scan(&files, threads[t], fld_default_v2, 14, &res)
						  : run_scan(&files, threads[t], q1_cols, 3, &res);
				if (!ok)
					goto free_files;
				secs[t][w][r] = res.secs;
				cpu[t][w][r] = res.cpu;
				last[t][w] = res;
			}

	uint64_t raw = 0, recs = 0;
	for (int w = 0; w < W_COUNT; w++) {
		if (last[0][w].raw)
			raw = last[0][w].raw;
		if (last[0][w].records)
			recs = last[0][w].records;
	}
	printf("# readbench: %d files, %.1f MB text, %llu records, %d runs (medians)\n", files.n,
	       (double)raw / 1e6, (unsigned long long)recs, runs);
	printf("%-7s %7s %9s %9s %9s %9s %9s\n", "what", "threads", "median_s", "cpu_s", "Mrec/s",
	       "MB/s_raw", "x_floor");
	for (int t = 0; t < n_threads; t++) {
		double floor_s = want[W_FLOOR] ? median(secs[t][W_FLOOR], runs) : 0;
		for (int w = 0; w < W_COUNT; w++) {
			if (!want[w])
				continue;
			double s = median(secs[t][w], runs), c = median(cpu[t][w], runs);
			printf("%-7s %7d %9.3f %9.3f %9.2f %9.0f", what_names[w], threads[t], s, c,
			       (double)recs / 1e6 / s, (double)raw / 1e6 / s);
			if (floor_s > 0)
				printf(" %9.2f\n", s / floor_s);
			else
				printf(" %9s\n", "-");
		}
	}
	rc = 0;
free_files:
	src_list_free(&files);
	return rc;
}
