/*
 * test_files.c - path classification (S3 AWSLogs layout, Hive layout, the
 * delivery file name) and directory walking.
 *
 * Expected epoch values were computed outside flowq with
 * `date -u -d '2026-02-13 00:05:00' +%s` (1770941100) and friends.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "format/fields.h"
#include "io/files.h"
#include "t.h"

#define AWS_NAME "123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d_20260213T0005Z_1a2b3c4d.log.gz"

static void classify(struct src_file *f, const char *path)
{
	memset(f, 0x55, sizeof *f); /* src_classify must clear every field */
	src_classify(f, path);
}

TEST(files_classify_awslogs)
{
	struct src_file f;
	classify(&f, "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/02/13/" AWS_NAME);
	CHECK_STR(f.dt, "2026/02/13");
	CHECK_STR(f.year, "2026");
	CHECK_STR(f.month, "02");
	CHECK_STR(f.day, "13");
	CHECK_STR(f.hour, "");
	CHECK_STR(f.account, "123456789012");
	CHECK_STR(f.region, "us-east-1");
	CHECK_INT(f.window_end, 1770941100); /* 2026-02-13T00:05:00Z */
	CHECK_STR(src_part_value(&f, COL_DT), "2026/02/13");
	CHECK_STR(src_part_value(&f, COL_YEAR), "2026");
	CHECK_STR(src_part_value(&f, COL_MONTH), "02");
	CHECK_STR(src_part_value(&f, COL_DAY), "13");
	CHECK_STR(src_part_value(&f, COL_HOUR), "");
	CHECK_STR(src_part_value(&f, FLD_SRCADDR), "");
	CHECK_STR(src_part_value(&f, COL_EXTRA), "");
}

TEST(files_classify_awslogs_under_prefix)
{
	struct src_file f;
	classify(&f, "/data/my-bucket/prefix/AWSLogs/210987654321/vpcflowlogs/eu-west-3/2025/12/31/"
		     "210987654321_vpcflowlogs_eu-west-3_fl-1_20251231T2355Z_ffff.log.gz");
	CHECK_STR(f.dt, "2025/12/31");
	CHECK_STR(f.account, "210987654321");
	CHECK_STR(f.region, "eu-west-3");
	CHECK_STR(f.hour, "");
	/* 2025-12-31T23:55:00Z */
	CHECK_INT(f.window_end, 1767225300);
}

TEST(files_classify_awslogs_hour_folder)
{
	struct src_file f;
	classify(&f, "s3/AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/02/13/05/" AWS_NAME);
	CHECK_STR(f.dt, "2026/02/13");
	CHECK_STR(f.hour, "05");
	CHECK_STR(src_part_value(&f, COL_HOUR), "05");
	CHECK_STR(f.account, "123456789012");
	CHECK_STR(f.region, "us-east-1");
	CHECK_INT(f.window_end, 1770941100);
}

TEST(files_classify_directory_date_wins)
{
	/* the folders say the 13th, the name says 00:00 on the 14th: the folder
	 * is what Athena's partition sees */
	struct src_file f;
	classify(&f, "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/02/13/"
		     "123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d_20260214T0000Z_1a2b3c4d.log.gz");
	CHECK_STR(f.dt, "2026/02/13");
	CHECK_STR(f.hour, "");
	CHECK_INT(f.window_end, 1771027200); /* 2026-02-14T00:00:00Z */
}

TEST(files_classify_awslogs_bad_date_folders)
{
	/* account and region come from the layout; "20/2/13" is not a date */
	struct src_file f;
	classify(&f, "AWSLogs/123456789012/vpcflowlogs/us-east-1/20/2/13/flows.log");
	CHECK_STR(f.account, "123456789012");
	CHECK_STR(f.region, "us-east-1");
	CHECK_STR(f.dt, "");
	CHECK_STR(f.year, "");
	CHECK_STR(f.month, "");
	CHECK_STR(f.day, "");
	CHECK_INT(f.window_end, 0);
	/* not vpcflowlogs: not the layout */
	classify(&f, "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/02/13/x.log");
	CHECK_STR(f.account, "");
	CHECK_STR(f.region, "");
	CHECK_STR(f.dt, "");
}

TEST(files_classify_hive)
{
	struct src_file f;
	classify(&f, "lake/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/"
		     "year=2026/month=02/day=13/hour=05/" AWS_NAME);
	CHECK_STR(f.account, "123456789012");
	CHECK_STR(f.region, "us-east-1");
	CHECK_STR(f.year, "2026");
	CHECK_STR(f.month, "02");
	CHECK_STR(f.day, "13");
	CHECK_STR(f.hour, "05");
	CHECK_STR(f.dt, "2026/02/13");
	CHECK_INT(f.window_end, 1770941100);
}

TEST(files_classify_hive_dt_and_bad_values)
{
	struct src_file f;
	classify(&f, "x/dt=2026-02-13/part.log");
	CHECK_STR(f.dt, "2026/02/13");
	CHECK_STR(f.year, "2026");
	CHECK_STR(f.month, "02");
	CHECK_STR(f.day, "13");
	CHECK_STR(f.account, "");
	/* malformed values are ignored, not half-taken */
	classify(&f, "x/year=26/month=2/day=13/hour=5/part.log");
	CHECK_STR(f.year, "");
	CHECK_STR(f.month, "");
	CHECK_STR(f.day, "13");
	CHECK_STR(f.hour, "");
	CHECK_STR(f.dt, "");
}

TEST(files_classify_bare_name)
{
	/* only the file name: account, region and the window; the date comes
	 * from the window's start (end 00:05 -> the 13th, hour 00) */
	struct src_file f;
	classify(&f, AWS_NAME);
	CHECK_STR(f.account, "123456789012");
	CHECK_STR(f.region, "us-east-1");
	CHECK_INT(f.window_end, 1770941100);
	CHECK_STR(f.dt, "2026/02/13");
	CHECK_STR(f.year, "2026");
	CHECK_STR(f.month, "02");
	CHECK_STR(f.day, "13");
	CHECK_STR(f.hour, "00");
}

TEST(files_classify_bare_name_window_at_midnight)
{
	/* a window ending 2026-03-01T00:00Z started on Feb 28th at 23:55 */
	struct src_file f;
	classify(&f, "dl/123456789012_vpcflowlogs_ap-south-1_fl-9_20260301T0000Z_abcd.log.gz");
	CHECK_INT(f.window_end, 1772323200);
	CHECK_STR(f.dt, "2026/02/28");
	CHECK_STR(f.hour, "23");
	CHECK_STR(f.region, "ap-south-1");
}

TEST(files_classify_no_layout)
{
	struct src_file f;
	classify(&f, "/tmp/some/where/flows.log");
	CHECK_STR(f.dt, "");
	CHECK_STR(f.year, "");
	CHECK_STR(f.month, "");
	CHECK_STR(f.day, "");
	CHECK_STR(f.hour, "");
	CHECK_STR(f.account, "");
	CHECK_STR(f.region, "");
	CHECK_INT(f.window_end, 0);
	classify(&f, "-");
	CHECK_STR(f.dt, "");
	CHECK_INT(f.window_end, 0);
	classify(&f, "");
	CHECK_STR(f.dt, "");
	CHECK_STR(f.account, "");
	classify(&f, "///");
	CHECK_STR(f.dt, "");
	/* a window stamp that is not a time is ignored */
	classify(&f, "123456789012_vpcflowlogs_us-east-1_fl-1_20261313T0005Z_x.log");
	CHECK_INT(f.window_end, 0);
	CHECK_STR(f.dt, "");
	CHECK_STR(f.account, "123456789012");
}

/* ---- directory walking ------------------------------------------------ */

static void touch(const char *path, const char *content)
{
	FILE *fp = fopen(path, "w");
	if (!fp) {
		fprintf(stderr, "cannot create %s: %s\n", path, strerror(errno));
		t_failures++;
		return;
	}
	fputs(content, fp);
	fclose(fp);
}

static void mkdirs(const char *path)
{
	char tmp[1024];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			mkdir(tmp, 0755);
			*p = '/';
		}
	mkdir(tmp, 0755);
}

static const char *rel(const char *base, const char *path)
{
	size_t n = strlen(base);
	return strncmp(path, base, n) == 0 ? path + n : path;
}

TEST(files_walk_sorted_and_filtered)
{
	char root[512], p[1024];
	snprintf(root, sizeof root, "%s/walk", t_tmpdir());
	snprintf(p, sizeof p, "%s/b/inner", root);
	mkdirs(p);
	snprintf(p, sizeof p, "%s/.git/objects", root);
	mkdirs(p);
	const char *files[] = {"z.log", "a.log.gz", "m.gz", "n.txt", "README.md", ".hidden.log",
			       "b/inner/deep.log", "b/c.log", ".git/objects/x.log", "data.json"};
	for (size_t i = 0; i < FQ_ARRAY_LEN(files); i++) {
		snprintf(p, sizeof p, "%s/%s", root, files[i]);
		touch(p, "x\n");
	}
	struct src_list l;
	memset(&l, 0, sizeof l);
	struct flowq_error err;
	err_clear(&err);
	CHECK_INT(src_add_path(&l, root, &err), FLOWQ_OK);
	char base[600];
	snprintf(base, sizeof base, "%s/", root);
	const char *want[] = {"a.log.gz", "b/c.log", "b/inner/deep.log", "m.gz", "n.txt", "z.log"};
	CHECK_INT(l.n, FQ_ARRAY_LEN(want));
	for (int i = 0; i < l.n && i < (int)FQ_ARRAY_LEN(want); i++) {
		CHECK_STR(rel(base, l.files[i].path), want[i]);
		CHECK_INT(l.files[i].index, i);
		CHECK_INT(l.files[i].size, 2);
		CHECK(l.files[i].open_path == NULL);
	}
	/* README.md and data.json are not flow logs; hidden entries are ignored */
	CHECK_INT(l.n_skipped, 2);
	CHECK_INT(l.n_skipped_kept, 2);
	if (l.n_skipped_kept == 2) {
		CHECK_STR(rel(base, l.skipped[0]), "README.md");
		CHECK_STR(rel(base, l.skipped[1]), "data.json");
	}
	/* a file named explicitly is taken whatever its name; '-' is stdin */
	snprintf(p, sizeof p, "%s/README.md", root);
	CHECK_INT(src_add_path(&l, p, &err), FLOWQ_OK);
	CHECK_INT(src_add_path(&l, "-", &err), FLOWQ_OK);
	CHECK_INT(l.n, 8);
	if (l.n == 8) {
		CHECK_STR(rel(base, l.files[6].path), "README.md");
		CHECK_INT(l.files[6].index, 6);
		CHECK_STR(l.files[7].path, "-");
		CHECK_INT(l.files[7].size, 0);
	}
	src_list_free(&l);
	CHECK_INT(l.n, 0);
	CHECK(l.files == NULL);
	src_list_free(&l); /* twice is fine */
	src_list_free(NULL);
}

TEST(files_walk_trailing_slash_and_many_skipped)
{
	char root[512], p[1024];
	snprintf(root, sizeof root, "%s/walk2", t_tmpdir());
	mkdirs(root);
	for (int i = 0; i < 8; i++) {
		snprintf(p, sizeof p, "%s/note%d.csv", root, i);
		touch(p, "");
	}
	snprintf(p, sizeof p, "%s/only.log", root);
	touch(p, "");
	struct src_list l;
	memset(&l, 0, sizeof l);
	struct flowq_error err;
	err_clear(&err);
	snprintf(p, sizeof p, "%s/", root);
	CHECK_INT(src_add_path(&l, p, &err), FLOWQ_OK);
	CHECK_INT(l.n, 1);
	if (l.n == 1) {
		char want[1024];
		snprintf(want, sizeof want, "%s/only.log", root); /* no doubled slash */
		CHECK_STR(l.files[0].path, want);
		CHECK_INT(l.files[0].size, 0);
	}
	CHECK_INT(l.n_skipped, 8);
	CHECK_INT(l.n_skipped_kept, 5); /* the first few are kept for the note */
	src_list_free(&l);
}

TEST(files_walk_classifies_s3_layout)
{
	char root[512], p[1024];
	snprintf(root, sizeof root, "%s/walk-s3/AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/02/13",
		 t_tmpdir());
	mkdirs(root);
	snprintf(p, sizeof p, "%s/%s", root, AWS_NAME);
	touch(p, "");
	snprintf(p, sizeof p, "%s/walk-s3", t_tmpdir());
	struct src_list l;
	memset(&l, 0, sizeof l);
	struct flowq_error err;
	err_clear(&err);
	CHECK_INT(src_add_path(&l, p, &err), FLOWQ_OK);
	CHECK_INT(l.n, 1);
	if (l.n == 1) {
		CHECK_STR(l.files[0].dt, "2026/02/13");
		CHECK_STR(l.files[0].account, "123456789012");
		CHECK_STR(l.files[0].region, "us-east-1");
		CHECK_INT(l.files[0].window_end, 1770941100);
	}
	src_list_free(&l);
}

TEST(files_missing_path)
{
	struct src_list l;
	memset(&l, 0, sizeof l);
	struct flowq_error err;
	err_clear(&err);
	char p[1024], want[1200];
	snprintf(p, sizeof p, "%s/does-not-exist.log", t_tmpdir());
	CHECK_INT(src_add_path(&l, p, &err), FLOWQ_ERR_IO);
	CHECK_INT(err.code, FLOWQ_ERR_IO);
	snprintf(want, sizeof want, "%s: No such file or directory", p);
	CHECK_STR(err.msg, want);
	CHECK_INT(l.n, 0);
	/* a path through a regular file */
	char f[512];
	snprintf(f, sizeof f, "%s/plainfile", t_tmpdir());
	touch(f, "x");
	snprintf(p, sizeof p, "%s/sub.log", f);
	err_clear(&err);
	CHECK_INT(src_add_path(&l, p, &err), FLOWQ_ERR_IO);
	snprintf(want, sizeof want, "%s: Not a directory", p);
	CHECK_STR(err.msg, want);
	src_list_free(&l);
}
