/* test_split.c - the AVX2 line splitter agrees with the scalar one. */
#include "t.h"

#include <stdlib.h>

#include "format/reader.h"

/* The same line with only the first `max` fields located. */
static int check_line_max(const char *line, int max)
{
	size_t n = strlen(line);
	char *buf = calloc(1, n + 64);
	memcpy(buf, line, n);
	memset(buf + n, 'x', 63);
	uint32_t o1[RD_MAX_FIELDS], l1[RD_MAX_FIELDS], o2[RD_MAX_FIELDS], l2[RD_MAX_FIELDS];
	long c1, c2;
	int bad = 0;
	for (int simd = 1; simd <= 2 && !bad; simd++) {
		int n1 = rd_split(buf, buf + n, o1, l1, max, &c1, 0);
		int n2 = rd_split(buf, buf + n, o2, l2, max, &c2, simd);
		bad = n1 != n2 || c1 != c2;
		for (int i = 0; !bad && i < n1 && i < max; i++)
			bad = o1[i] != o2[i] || l1[i] != l2[i];
		if (bad)
			fprintf(stderr, "  split(max %d, simd %d) mismatch on '%s'\n", max, simd, line);
	}
	free(buf);
	return bad;
}

static int check_line(const char *line)
{
	size_t n = strlen(line);
	char *buf = calloc(1, n + 64);
	memcpy(buf, line, n);
	memset(buf + n, 'x', 63); /* junk after the line must not count */
	uint32_t o1[RD_MAX_FIELDS], l1[RD_MAX_FIELDS], o2[RD_MAX_FIELDS], l2[RD_MAX_FIELDS];
	long c1, c2;
	int bad = 0;
	for (int simd = 1; simd <= 2 && !bad; simd++) {
		int n1 = rd_split(buf, buf + n, o1, l1, RD_MAX_FIELDS, &c1, 0);
		int n2 = rd_split(buf, buf + n, o2, l2, RD_MAX_FIELDS, &c2, simd);
		bad = n1 != n2 || c1 != c2;
		for (int i = 0; !bad && i < n1 && i < RD_MAX_FIELDS; i++)
			bad = o1[i] != o2[i] || l1[i] != l2[i];
		if (bad)
			fprintf(stderr, "  split (simd %d) mismatch on '%s': %d vs %d tokens, ctl %ld vs %ld\n",
				simd, line, n1, n2, c1, c2);
	}
	free(buf);
	return bad;
}

TEST(split_simd_matches_scalar)
{
	const char *lines[] = {
		"",
		" ",
		"a",
		"2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
		"  leading and trailing  ",
		"x                               y", /* spaces across a 32-byte boundary */
		"0123456789012345678901234567890 1", /* a token ending at byte 31 */
		"01234567890123456789012345678901 2", /* a token ending at byte 32 */
		"0123456789012345678901234567890123456789012345678901234567890123", /* 64 bytes, one token */
		"a\x01\x62 c",
		"tab\there",
		"del\x7f z",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		CHECK_INT(check_line(lines[i]), 0);
	/* single-spaced one-byte tokens: 32 field starts in each 64-byte block
	 * (the AVX-512 path packs them 16 at a time), all wanted or some */
	char many[256];
	for (int i = 0; i < 120; i++) {
		many[2 * i] = (char)('a' + i % 26);
		many[2 * i + 1] = ' ';
	}
	many[239] = 0;
	CHECK_INT(check_line(many), 0);
	for (int max = 1; max <= 120; max += 7)
		CHECK_INT(check_line_max(many, max), 0);
	/* random lines of spaces and letters, all lengths up to 200 */
	unsigned seed = 12345;
	char line[256];
	for (int k = 0; k < 20000; k++) {
		seed = seed * 1103515245u + 12345u;
		int n = (int)((seed >> 16) % 200);
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = (seed >> 16) % 10;
			line[i] = r < 3 ? ' ' : r == 9 && (seed & 0x100000) ? '\x02' : (char)('a' + r);
		}
		line[n] = 0;
		if (check_line(line) || check_line_max(line, 1 + (int)(seed % 16))) {
			CHECK(0);
			break;
		}
	}
	/* single-spaced lines (the fast path) with every small max */
	for (int k = 0; k < 20000; k++) {
		int len = 0;
		seed = seed * 1103515245u + 12345u;
		int toks = 1 + (int)((seed >> 16) % 30);
		for (int t = 0; t < toks && len < 200; t++) {
			if (t)
				line[len++] = ' ';
			seed = seed * 1103515245u + 12345u;
			int tl = 1 + (int)((seed >> 16) % 20);
			for (int j = 0; j < tl && len < 220; j++)
				line[len++] = (char)('a' + (j + t) % 26);
		}
		line[len] = 0;
		if (check_line(line) || check_line_max(line, 1 + k % 20)) {
			CHECK(0);
			break;
		}
	}
	/* counting past max */
	uint32_t o[2], l[2];
	long c;
	char buf[96] = "a b c d e";
	CHECK_INT(rd_split(buf, buf + 9, o, l, 2, &c, true), 5);
	CHECK_INT(rd_split(buf, buf + 9, o, l, 2, &c, false), 5);
}

static int v4_agree(const char *z)
{
	char buf[64] = {0};
	size_t n = strlen(z);
	memcpy(buf, z, n);
	memset(buf + n, '7', 20); /* digits after the token must not count */
	uint32_t packed = 0;
	bool a = rd_valid_v4(buf, (uint32_t)n, false, NULL), b = rd_valid_v4(buf, (uint32_t)n, true, &packed);
	if (a != b)
		fprintf(stderr, "  v4 mismatch on '%s': scalar %d simd %d\n", z, a, b);
	if (a && b) {
		/* the packed form is the address itself */
		unsigned o[4];
		sscanf(z, "%u.%u.%u.%u", &o[0], &o[1], &o[2], &o[3]);
		uint32_t want = o[0] << 24 | o[1] << 16 | o[2] << 8 | o[3];
		if (packed != want) {
			fprintf(stderr, "  v4 packed %08x for '%s', expected %08x\n", packed, z, want);
			return 1;
		}
	}
	return a != b;
}

TEST(valid_v4_simd_matches_scalar)
{
	const char *good[] = {"10.0.1.5", "0.0.0.0", "255.255.255.255", "192.168.100.200", "1.22.133.4"};
	const char *bad[] = {"256.1.1.1", "1.1.1", "1.1.1.1.1", "01.1.1.1", "1..1.1", ".1.1.1", "1.1.1.",
			     "1.1.1.1a", "1234.1.1.1", "1.1.1.260", "10.0.00.1", "a.b.c.d", "1.1.1.1 "};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		char buf[64] = {0};
		strcpy(buf, good[i]);
		CHECK(rd_valid_v4(buf, (uint32_t)strlen(good[i]), true, NULL));
		CHECK_INT(v4_agree(good[i]), 0);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char buf[64] = {0};
		strcpy(buf, bad[i]);
		CHECK(!rd_valid_v4(buf, (uint32_t)strlen(bad[i]), true, NULL));
		CHECK_INT(v4_agree(bad[i]), 0);
	}
	/* random strings of digits and dots */
	unsigned seed = 99;
	char z[32];
	for (int k = 0; k < 200000; k++) {
		seed = seed * 1103515245u + 12345u;
		int n = 7 + (int)((seed >> 16) % 9);
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = (seed >> 16) % 13;
			z[i] = r < 10 ? (char)('0' + r) : r == 12 ? 'x' : '.';
		}
		z[n] = 0;
		if (v4_agree(z)) {
			CHECK(0);
			break;
		}
	}
}

TEST(ip4_from_text_packs)
{
	uint8_t o[4];
	CHECK(ip4_from_text("10.0.16.159", 11, o) && o[0] == 10 && o[1] == 0 && o[2] == 16 && o[3] == 159);
	CHECK(ip4_from_text("255.255.255.255", 15, o) && o[3] == 255);
	CHECK(!ip4_from_text("256.0.0.1", 9, o));
	CHECK(!ip4_from_text("1.2.3.04", 8, o));
}

/* every combination of octet lengths (1-3 digits each), with values at the
 * edges of each length, packs to the address */
TEST(valid_v4_simd_all_lengths)
{
	static const unsigned by_len[3][4] = {{0, 1, 7, 9}, {10, 42, 90, 99}, {100, 199, 250, 255}};
	int bad = 0;
	for (int c = 0; c < 81 && bad < 3; c++) {
		int l[4] = {c / 27, c / 9 % 3, c / 3 % 3, c % 3};
		for (int v = 0; v < 4; v++) {
			char z[32];
			snprintf(z, sizeof z, "%u.%u.%u.%u", by_len[l[0]][v], by_len[l[1]][(v + 1) % 4],
				 by_len[l[2]][(v + 2) % 4], by_len[l[3]][(v + 3) % 4]);
			if (v4_agree(z) || !rd_valid_v4(z, (uint32_t)strlen(z), true, NULL)) {
				fprintf(stderr, "  '%s' not packed right\n", z);
				bad++;
				t_failures++;
			}
		}
	}
	/* octets above 255 in every position, with every length before them */
	CHECK(!rd_valid_v4("256.1.1.1\0\0\0\0\0\0\0", 9, true, NULL));
	CHECK(!rd_valid_v4("1.256.1.1\0\0\0\0\0\0\0", 9, true, NULL));
	CHECK(!rd_valid_v4("1.1.999.1\0\0\0\0\0\0\0", 9, true, NULL));
	CHECK(!rd_valid_v4("10.1.1.300\0\0\0\0\0\0", 10, true, NULL));
}
