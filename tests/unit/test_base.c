/* test_base.c - arena, buffers, addresses, dates and value rendering. */
#include "t.h"

#include "base/types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *fmt_val(struct fq_value v)
{
	static char out[128];
	struct buf b = {0};
	val_format(&v, &b);
	buf_nul(&b);
	snprintf(out, sizeof out, "%s", b.p ? b.p : "");
	buf_free(&b);
	return out;
}

TEST(ip_roundtrip_v4)
{
	struct fq_ip ip;
	char out[64];
	CHECK(ip_parse("10.0.1.5", 8, &ip));
	CHECK(ip_is_v4(&ip));
	ip_format(&ip, out);
	CHECK_STR(out, "10.0.1.5");
	CHECK(!ip_parse("10.0.1", 6, &ip));
	CHECK(!ip_parse("10.0.1.256", 10, &ip));
	CHECK(!ip_parse("10.0.01.5", 9, &ip));
	CHECK(!ip_parse("10.0.1.5.", 9, &ip));
	CHECK(!ip_parse("", 0, &ip));
}

/* every octet value in every position, against printf, into exactly 16 bytes */
TEST(ip4_format_every_octet)
{
	int bad = 0;
	for (int pos = 0; pos < 4; pos++)
		for (int v = 0; v < 256; v++) {
			uint8_t b[4] = {255, 255, 255, 255};
			if (pos % 2)
				memset(b, 7, 4);
			b[pos] = (uint8_t)v;
			char *out = malloc(16), want[32];
			snprintf(want, sizeof want, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
			size_t n = ip4_format(b, out);
			if ((n != strlen(want) || strcmp(out, want) != 0) && bad++ < 3)
				fprintf(stderr, "  %s: got '%s' (%zu)\n", want, out, n);
			free(out);
		}
	CHECK_INT(bad, 0);
}

TEST(ip_roundtrip_v6)
{
	struct fq_ip ip;
	char out[64];
	const char *a = "2001:db8:1234:a100:8d6e:3477:df66:f105";
	CHECK(ip_parse(a, strlen(a), &ip));
	CHECK(!ip_is_v4(&ip));
	ip_format(&ip, out);
	CHECK_STR(out, a);
	CHECK(ip_parse("2a02:cf40::", 11, &ip));
	ip_format(&ip, out);
	CHECK_STR(out, "2a02:cf40::");
	CHECK(ip_parse("::1", 3, &ip));
	ip_format(&ip, out);
	CHECK_STR(out, "::1");
	CHECK(ip_parse("2001:0db8:0000:0000:0000:0000:0000:0001", 39, &ip));
	ip_format(&ip, out);
	CHECK_STR(out, "2001:db8::1");
	CHECK(ip_parse("::ffff:1.2.3.4", 14, &ip));
	CHECK(ip_is_v4(&ip));
	CHECK(!ip_parse("1:2:3:4:5:6:7:8:9", 17, &ip));
	CHECK(!ip_parse("1::2::3", 7, &ip));
	CHECK(!ip_parse("12345::", 7, &ip));
	CHECK(!ip_parse("g::", 3, &ip));
}

TEST(civil_dates)
{
	CHECK_INT(days_from_civil(1970, 1, 1), 0);
	CHECK_INT(days_from_civil(2026, 2, 13), 20497);
	int64_t y;
	unsigned m, d;
	civil_from_days(20497, &y, &m, &d);
	CHECK_INT(y, 2026);
	CHECK_INT(m, 2);
	CHECK_INT(d, 13);
	civil_from_days(-1, &y, &m, &d);
	CHECK_INT(y, 1969);
	CHECK_INT(m, 12);
	CHECK_INT(d, 31);
}

TEST(value_rendering)
{
	CHECK_STR(fmt_val(val_double(1.0)), "1.0");
	CHECK_STR(fmt_val(val_double(0.5)), "0.5");
	CHECK_STR(fmt_val(val_double(1e10)), "1.0E10");
	CHECK_STR(fmt_val(val_double(1234567.0)), "1234567.0");
	CHECK_STR(fmt_val(val_double(12345678.9)), "1.23456789E7");
	CHECK_STR(fmt_val(val_double(0.0001)), "1.0E-4");
	CHECK_STR(fmt_val(val_double(-2.25)), "-2.25");
	CHECK_STR(fmt_val(val_int(T_BIGINT, -42)), "-42");
	CHECK_STR(fmt_val(val_int(T_TIMESTAMP, 1418530010000LL)), "2014-12-14 04:06:50.000");
	CHECK_STR(fmt_val(val_int(T_DATE, 20497)), "2026-02-13");
	CHECK_STR(fmt_val(val_bool(true)), "true");
	CHECK_STR(fmt_val(val_null(T_BIGINT)), "NULL");
}

TEST(arena_and_buf)
{
	struct arena a;
	arena_init(&a, 128);
	char *big = arena_alloc(&a, 1000);
	CHECK(big != NULL);
	memset(big, 'x', 1000);
	char *s = arena_strdup(&a, "hello");
	CHECK_STR(s, "hello");
	CHECK((((uintptr_t)s) & 15) == 0);
	arena_free(&a);
	struct buf b = {0};
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	buf_nul(&b);
	CHECK(b.len > 3000);
	CHECK(strncmp(b.p, "0,1,2,", 6) == 0);
	CHECK(!b.failed);
	/* a size no allocation can give: false, the bytes kept, the failure
	 * remembered (the writers check it once per batch) */
	size_t had = b.len;
	CHECK(!buf_reserve(&b, SIZE_MAX - 8));
	CHECK(!buf_reserve(&b, SIZE_MAX / 2));
	CHECK(b.failed);
	CHECK_INT(b.len, had);
	CHECK(strncmp(b.p, "0,1,2,", 6) == 0);
	buf_free(&b);
	size_t sz;
	CHECK(fq_parse_size("512M", &sz) && sz == 512u * 1024 * 1024);
	CHECK(fq_parse_size("2G", &sz) && sz == 2ull * 1024 * 1024 * 1024);
	CHECK(!fq_parse_size("12x", &sz));
	CHECK_INT(fq_edit_distance("srcadr", "srcaddr"), 1);
}

/* int_format (every integer the writers and val_format print) against
 * printf at every digit-count boundary, both signs, the limits, and random
 * values. */
TEST(int_format_matches_printf)
{
	int64_t vals[200];
	int n = 0;
	vals[n++] = INT64_MIN;
	vals[n++] = INT64_MAX;
	vals[n++] = 0;
	for (int k = 0; k < 19; k++) {
		int64_t p = (int64_t)fq_pow10[k];
		vals[n++] = p - 1;
		vals[n++] = p;
		vals[n++] = -p;
		vals[n++] = -(p - 1);
		vals[n++] = p + 1;
	}
	uint64_t st = 12345;
	while (n < 200)
		vals[n++] = (int64_t)(t_xorshift(&st) >> (t_xorshift(&st) % 64));
	int wrong = 0;
	for (int i = 0; i < n; i++) {
		char got[24], want[24];
		size_t len = int_format(vals[i], got);
		got[len] = 0;
		snprintf(want, sizeof want, "%lld", (long long)vals[i]);
		if (strcmp(got, want) != 0 && wrong++ < 3)
			CHECK_STR(got, want);
	}
	CHECK_INT(wrong, 0);
}

TEST(type_names)
{
	CHECK_INT(type_from_name("BIGINT", 6), T_BIGINT);
	CHECK_INT(type_from_name("varchar(10)", 11), T_VARCHAR);
	CHECK_INT(type_from_name("string", 6), T_VARCHAR);
	CHECK_INT(type_from_name("int", 3), T_INTEGER);
	CHECK_INT(type_from_name("timestamp(3) with time zone", 27), T_TIMESTAMP);
	CHECK_INT(type_from_name("blob", 4), T_UNKNOWN);
	CHECK_STR(type_name(T_IPADDRESS), "ipaddress");
}

TEST(str_eq_every_length_and_position)
{
	/* the overlapping-load paths (4..16 bytes) and memcmp, a difference at
	 * each position, and strings that differ only past their length */
	char a[40], b[40];
	for (uint32_t n = 0; n <= 33; n++) {
		for (uint32_t i = 0; i < n; i++)
			a[i] = b[i] = (char)('a' + i % 26);
		a[n] = 'X';
		b[n] = 'Y';
		CHECK(str_eq(str_make(a, n), str_make(b, n)));
		for (uint32_t d = 0; d < n; d++) {
			b[d] ^= 1;
			if (str_eq(str_make(a, n), str_make(b, n))) {
				CHECK(!"strings differing at one byte compared equal");
				break;
			}
			b[d] ^= 1;
		}
		if (n)
			CHECK(!str_eq(str_make(a, n), str_make(b, n - 1)));
	}
}

/* arena_on_free: cleanups run once, at arena_free, the last added first;
 * arena_adopt hands them to the adopting arena. */
static char cleanup_log[16];
static int cleanup_n;
static void log_cleanup(void *ctx)
{
	if (cleanup_n < (int)sizeof cleanup_log - 1)
		cleanup_log[cleanup_n++] = *(const char *)ctx;
}

TEST(arena_cleanups_run_at_free)
{
	static const char a = 'a', b = 'b', c = 'c';
	struct arena x, y;
	arena_init(&x, 256);
	arena_init(&y, 256);
	cleanup_n = 0;
	CHECK(arena_on_free(&x, log_cleanup, (void *)&a));
	CHECK(arena_on_free(&x, log_cleanup, (void *)&b));
	CHECK(arena_on_free(&y, log_cleanup, (void *)&c));
	arena_adopt(&x, &y);
	arena_free(&y); /* empty now: runs nothing */
	CHECK_INT(cleanup_n, 0);
	arena_free(&x);
	cleanup_log[cleanup_n] = 0;
	CHECK_STR(cleanup_log, "cba");
	arena_free(&x); /* twice: nothing more */
	CHECK_INT(cleanup_n, 3);
}
