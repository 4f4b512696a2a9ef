/*
 * test_gen.c - the pieces of `flowq generate` that are easy to get subtly
 * wrong: IPv6 text (RFC 5952), civil dates, the JSON layout, and gen_run's
 * contract (exact record count, errors that name the path).
 */
#include <stdio.h>
#include <sys/stat.h>

#include "gen/gen_int.h"
#include "t.h"

static const char *ip6(const char *hex32)
{
	static char out[48];
	uint8_t b[16];
	for (int i = 0; i < 16; i++) {
		unsigned v;
		sscanf(hex32 + 2 * i, "%2x", &v);
		b[i] = (uint8_t)v;
	}
	gen_fmt_ip6(out, b);
	return out;
}

TEST(gen_ip6_text)
{
	CHECK_STR(ip6("20010db8000000000000000000000001"), "2001:db8::1");
	CHECK_STR(ip6("00000000000000000000000000000001"), "::1");
	CHECK_STR(ip6("00000000000000000000000000000000"), "::");
	CHECK_STR(ip6("fe800000000000000000000000000000"), "fe80::");
	/* equal runs: the first is compressed */
	CHECK_STR(ip6("20010db8000000000001000000000001"), "2001:db8::1:0:0:1");
	/* the longest run wins even when it comes later */
	CHECK_STR(ip6("20010000000000010000000000000001"), "2001:0:0:1::1");
	/* a single zero group is not compressed */
	CHECK_STR(ip6("20010db8000000010001000100010001"), "2001:db8:0:1:1:1:1:1");
	CHECK_STR(ip6("26001f184a3b7c000000000000000000"), "2600:1f18:4a3b:7c00::");
	CHECK_STR(ip6("2a0100abcdef012300450000000a0b0c"), "2a01:ab:cdef:123:45:0:a:b0c");
}

TEST(gen_ip4_text)
{
	char s[16];
	CHECK_INT(gen_fmt_ip4(s, 0x0a000002), 8);
	CHECK_STR(s, "10.0.0.2");
	gen_fmt_ip4(s, 0xffffffff);
	CHECK_STR(s, "255.255.255.255");
	gen_fmt_ip4(s, 0);
	CHECK_STR(s, "0.0.0.0");
}

TEST(gen_civil_dates)
{
	/* values from Python's datetime */
	CHECK_INT(gen_days_from_civil(1970, 1, 1), 0);
	CHECK_INT(gen_days_from_civil(2026, 2, 13), 20497);
	CHECK_INT(gen_days_from_civil(2024, 2, 29), 19782);
	CHECK_INT(gen_days_from_civil(2100, 3, 1), 47541);
	for (int64_t z = 19000; z < 48000; z += 37) {
		int y, m, d;
		gen_civil_from_days(z, &y, &m, &d);
		CHECK_INT(gen_days_from_civil(y, m, d), z);
	}
	char iso[24];
	gen_iso_time(iso, 1770940800);
	CHECK_STR(iso, "2026-02-13T00:00:00Z");
	gen_iso_time(iso, 1770940800 + 86399);
	CHECK_STR(iso, "2026-02-13T23:59:59Z");
}

TEST(gen_json_layout)
{
	struct buf b = {0};
	struct jw j;
	jw_init(&j, &b);
	jw_obj(&j, NULL);
	jw_arr(&j, "Empty");
	jw_end_arr(&j);
	jw_arr(&j, "Items");
	jw_int(&j, NULL, 1);
	jw_str(&j, NULL, "a\"b");
	jw_obj(&j, NULL);
	jw_bool(&j, "Ok", true);
	jw_end_obj(&j);
	jw_end_arr(&j);
	jw_end_obj(&j);
	CHECK(j.ok);
	buf_nul(&b);
	CHECK_STR(b.p, "{\n"
		       "    \"Empty\": [],\n"
		       "    \"Items\": [\n"
		       "        1,\n"
		       "        \"a\\\"b\",\n"
		       "        {\n"
		       "            \"Ok\": true\n"
		       "        }\n"
		       "    ]\n"
		       "}\n");
	buf_free(&b);
}

static struct gen_opts small_opts(const char *dir)
{
	struct gen_opts o = {0};
	o.records = 20000;
	o.days = 1;
	o.start_y = 2026;
	o.start_m = 2;
	o.start_d = 13;
	o.seed = 42;
	o.format = GEN_V2;
	o.threads = 2;
	o.outdir = dir;
	o.quiet = true;
	return o;
}

TEST(gen_run_counts)
{
	char dir[512];
	snprintf(dir, sizeof dir, "%s/gen-counts", t_tmpdir());
	struct gen_opts o = small_opts(dir);
	struct gen_result r1, r2;
	struct flowq_error err = {0};
	CHECK_INT(gen_run(&o, &r1, &err), FLOWQ_OK);
	CHECK_INT(r1.records, 20000);
	CHECK_INT(r1.files, 288);
	CHECK(r1.bytes_gz > 0 && r1.bytes_gz < r1.bytes_raw);
	o.threads = 1;
	CHECK_INT(gen_run(&o, &r2, &err), FLOWQ_OK);
	CHECK_INT(r2.bytes_gz, r1.bytes_gz);
	CHECK_INT(r2.bytes_raw, r1.bytes_raw);
	char path[1024];
	struct stat sb;
	snprintf(path, sizeof path, "%s/inventory/describe-nat-gateways.json", dir);
	CHECK(stat(path, &sb) == 0 && sb.st_size > 100);
	snprintf(path, sizeof path, "%s/manifest.json", dir);
	CHECK(stat(path, &sb) == 0 && sb.st_size > 1000);
}

TEST(gen_run_errors)
{
	char dir[600], file[512];
	struct gen_result r;
	struct flowq_error err = {0};
	snprintf(file, sizeof file, "%s/gen-plain", t_tmpdir());
	FILE *f = fopen(file, "w");
	CHECK(f != NULL);
	if (f)
		fclose(f);
	snprintf(dir, sizeof dir, "%s/out", file);
	struct gen_opts o = small_opts(dir);
	CHECK_INT(gen_run(&o, &r, &err), FLOWQ_ERR_IO);
	CHECK(strstr(err.msg, file) != NULL);
	CHECK_INT(r.records, 0);

	o = small_opts(dir);
	o.start_m = 2;
	o.start_d = 29; /* 2026 is not a leap year */
	CHECK_INT(gen_run(&o, &r, &err), FLOWQ_ERR_USAGE);
	CHECK(strstr(err.msg, "2026-02-29") != NULL);
	o = small_opts(dir);
	o.days = 0;
	CHECK_INT(gen_run(&o, &r, &err), FLOWQ_ERR_USAGE);
	o = small_opts(dir);
	o.threads = 0;
	CHECK_INT(gen_run(&o, &r, &err), FLOWQ_ERR_USAGE);
	o = small_opts(NULL);
	CHECK_INT(gen_run(&o, &r, &err), FLOWQ_ERR_USAGE);
}
