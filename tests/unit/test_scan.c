/*
 * test_scan.c - the parallel scan reports the error of the earliest file,
 * whatever the threads' timing.
 */
#include "t.h"

#include <stdlib.h>
#include <time.h>

#include "exec/scan.h"
#include "format/fields.h"

static const char *write_log(const char *name)
{
	static char path[2][512];
	static int k;
	char *p = path[k++ % 2];
	snprintf(p, 512, "%s/%s", t_tmpdir(), name);
	FILE *f = fopen(p, "w");
	if (!f)
		return NULL;
	fputs("2 123456789012 eni-1 10.0.0.1 10.0.0.2 443 49152 6 10 840 1770940800 1770940860 ACCEPT OK\n", f);
	fclose(f);
	return p;
}

/* file 0 fails late, file 1 at once: file 0's error must win */
static flowq_status slow_first(void *ctx, int tid, struct batch *b, struct flowq_error *err)
{
	(void)ctx;
	(void)tid;
	if (b->file->index == 0) {
		struct timespec ts = {0, 150 * 1000 * 1000};
		nanosleep(&ts, NULL);
		return err_set(err, FLOWQ_ERR_RUNTIME, "error in file 0");
	}
	return err_set(err, FLOWQ_ERR_RUNTIME, "error in file 1");
}

TEST(scan_error_of_the_earliest_file_wins)
{
	struct src_list l;
	memset(&l, 0, sizeof l);
	struct flowq_error err;
	err_clear(&err);
	const char *a = write_log("scan-a.log"), *b = write_log("scan-b.log");
	CHECK(a && b);
	if (!a || !b)
		return;
	CHECK_INT(src_add_path(&l, a, &err), FLOWQ_OK);
	CHECK_INT(src_add_path(&l, b, &err), FLOWQ_OK);
	CHECK_INT(l.n, 2);
	for (int i = 0; i < l.n; i++)
		CHECK_INT(l.files[i].index, i);
	int cols[] = {FLD_SRCADDR};
	struct scan_opts o;
	memset(&o, 0, sizeof o);
	o.threads = 2;
	o.cols = cols;
	o.n_cols = 1;
	o.consume = slow_first;
	struct scan_result res;
	for (int run = 0; run < 3; run++) {
		err_clear(&err);
		CHECK_INT(scan_run(&l, &o, &res, &err), FLOWQ_ERR_RUNTIME);
		CHECK_STR(err.msg, "error in file 0");
	}
	src_list_free(&l);
}
