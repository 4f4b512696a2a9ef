/*
 * t.h - the unit test kit.  A test is `TEST(name) { ... }` in any file
 * of tests/unit; the Makefile collects the names and runner.c runs
 * them all (or those whose name contains argv[1]).  CHECK* record a failure
 * with file:line and the values, and let the test go on.
 */
#ifndef FQ_T_H
#define FQ_T_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

extern int t_failures; /* failed checks in the current test */

#define TEST(name) void test_##name(void); void test_##name(void)

#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
			t_failures++;                                                \
		}                                                                    \
	} while (0)

#define CHECK_INT(a, b)                                                              \
	do {                                                                         \
		long long a_ = (long long)(a), b_ = (long long)(b);                  \
		if (a_ != b_) {                                                      \
			fprintf(stderr, "  %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, \
				#a, a_, b_);                                         \
			t_failures++;                                                \
		}                                                                    \
	} while (0)

#define CHECK_STR(a, b)                                                              \
	do {                                                                         \
		const char *a_ = (a), *b_ = (b);                                     \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                             \
			fprintf(stderr, "  %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, \
				__LINE__, #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
			t_failures++;                                                \
		}                                                                    \
	} while (0)

/* Compare a (pointer, length) slice with a C string. */
#define CHECK_MEM(p, n, z)                                                           \
	do {                                                                         \
		const char *p_ = (p), *z_ = (z);                                     \
		size_t n_ = (n);                                                     \
		if (!p_ || n_ != strlen(z_) || memcmp(p_, z_, n_) != 0) {            \
			fprintf(stderr, "  %s:%d: %s == \"%.*s\", expected \"%s\"\n", __FILE__, \
				__LINE__, #p, p_ ? (int)n_ : 6, p_ ? p_ : "(null)", z_); \
			t_failures++;                                                \
		}                                                                    \
	} while (0)

/* xorshift64: the next number of the sequence in *state (tests keep
 * their own state, so each file gets the same numbers every run). */
static inline uint64_t t_xorshift(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* Path of a scratch directory for this run (created by the runner). */
const char *t_tmpdir(void);

#endif
