/*
 * test_instream.c - plain and gzip input: single and multi-member streams,
 * trailing padding and garbage, truncated and corrupt streams, empty,
 * missing and unreadable files, stdin (a file and a pipe).
 *
 * Fixtures are made at test time with zlib (a different implementation
 * from the ISA-L inflater under test), so the expected bytes never come
 * from the code being tested.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "io/instream.h"
#include "t.h"

static void path_of(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s", t_tmpdir(), name);
}

static void write_bytes(const char *path, const void *p, size_t n)
{
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(p, 1, n, fp) != n) {
		fprintf(stderr, "cannot write %s\n", path);
		t_failures++;
	}
	if (fp)
		fclose(fp);
}

/* gzip-compress p[0..n) as one member with zlib into out. */
static void gz_member(struct buf *out, const void *p, size_t n)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		t_failures++;
		return;
	}
	size_t bound = deflateBound(&z, (uLong)n) + 64;
	buf_reserve(out, bound);
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out->p + out->len;
	z.avail_out = (uInt)bound;
	CHECK_INT(deflate(&z, Z_FINISH), Z_STREAM_END);
	out->len += bound - z.avail_out;
	deflateEnd(&z);
}

/* Some flow-log-like text, n lines, with a pseudo-random part so that it
 * does not compress to nothing. */
static void make_text(struct buf *b, int n_lines, uint32_t seed)
{
	uint32_t x = seed;
	for (int i = 0; i < n_lines; i++) {
		x = x * 1664525u + 1013904223u;
		buf_printf(b, "2 123456789010 eni-%08x 10.%u.%u.%u 172.31.%u.%u %u 443 6 %u %u "
			      "1700000000 1700000060 ACCEPT OK\n",
			   x, x >> 24, (x >> 16) & 255, (x >> 8) & 255, x & 255, (x >> 4) & 255,
			   x % 65536, x % 1000, x % 100000);
	}
}

struct got {
	struct buf data;
	flowq_status st;
	struct flowq_error err;
	int calls;
};

/* Read a whole stream with reads of at most cap bytes. */
static void read_all(struct instream *s, size_t cap, struct got *g)
{
	memset(g, 0, sizeof *g);
	err_clear(&g->err);
	uint8_t *tmp = malloc(cap);
	for (;;) {
		size_t got = 12345;
		flowq_status st = ins_read(s, tmp, cap, &got, &g->err);
		g->calls++;
		CHECK(got <= cap);
		if (got)
			buf_add(&g->data, tmp, got);
		if (st) {
			g->st = st;
			/* an ended stream stays ended */
			size_t again = 99;
			CHECK_INT(ins_read(s, tmp, cap, &again, NULL), FLOWQ_OK);
			CHECK_INT(again, 0);
			break;
		}
		if (got == 0)
			break;
		if (g->calls > 10000000) {
			CHECK(!"ins_read does not end");
			break;
		}
	}
	free(tmp);
}

static void open_read(const char *path, size_t cap, struct got *g, struct instream *s)
{
	struct flowq_error err;
	err_clear(&err);
	CHECK_INT(ins_open(s, path, &err), FLOWQ_OK);
	read_all(s, cap, g);
}

static bool same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

static bool is_prefix(const struct buf *pre, const struct buf *whole)
{
	return pre->len <= whole->len && (pre->len == 0 || memcmp(pre->p, whole->p, pre->len) == 0);
}

TEST(instream_plain)
{
	struct buf text = {0};
	make_text(&text, 100, 1);
	char path[512];
	path_of(path, sizeof path, "plain.log");
	write_bytes(path, text.p, text.len);
	size_t caps[] = {1, 7, 4096, 1 << 20};
	for (size_t i = 0; i < FQ_ARRAY_LEN(caps); i++) {
		struct instream s;
		struct got g;
		open_read(path, caps[i], &g, &s);
		CHECK_INT(g.st, FLOWQ_OK);
		CHECK(!s.gzip);
		CHECK(same(&g.data, &text));
		CHECK_INT(s.bytes_in, text.len);
		CHECK_INT(s.bytes_out, text.len);
		ins_close(&s);
		ins_close(&s); /* twice is fine */
		buf_free(&g.data);
	}
	ins_close(NULL);
	buf_free(&text);
}

TEST(instream_gzip_single_member)
{
	struct buf text = {0}, gz = {0};
	make_text(&text, 500, 2);
	gz_member(&gz, text.p, text.len);
	char path[512];
	path_of(path, sizeof path, "single.log.gz");
	write_bytes(path, gz.p, gz.len);
	size_t caps[] = {1, 13, 65536, 1 << 20};
	for (size_t i = 0; i < FQ_ARRAY_LEN(caps); i++) {
		struct instream s;
		struct got g;
		open_read(path, caps[i], &g, &s);
		CHECK_INT(g.st, FLOWQ_OK);
		CHECK(s.gzip);
		CHECK_INT(s.members, 1);
		CHECK(same(&g.data, &text));
		CHECK_INT(s.bytes_in, gz.len);
		CHECK_INT(s.bytes_out, text.len);
		ins_close(&s);
		buf_free(&g.data);
	}
	/* the name does not matter: gzip is sniffed from the magic bytes */
	path_of(path, sizeof path, "gzip-named.txt");
	write_bytes(path, gz.p, gz.len);
	struct instream s;
	struct got g;
	open_read(path, 4096, &g, &s);
	CHECK(s.gzip);
	CHECK(same(&g.data, &text));
	ins_close(&s);
	buf_free(&g.data);
	buf_free(&text);
	buf_free(&gz);
}

TEST(instream_gzip_multi_member)
{
	/* two gzip files concatenated (cat a.gz b.gz) read as a + b, as gzip -d does;
	 * the second member is empty-content in one variant */
	struct buf a = {0}, b = {0}, gz = {0}, both = {0};
	make_text(&a, 300, 3);
	make_text(&b, 200, 4);
	gz_member(&gz, a.p, a.len);
	gz_member(&gz, b.p, b.len);
	gz_member(&gz, "", 0);
	buf_add(&both, a.p, a.len);
	buf_add(&both, b.p, b.len);
	char path[512];
	path_of(path, sizeof path, "multi.log.gz");
	write_bytes(path, gz.p, gz.len);
	size_t caps[] = {3, 4096, 1 << 20};
	for (size_t i = 0; i < FQ_ARRAY_LEN(caps); i++) {
		struct instream s;
		struct got g;
		open_read(path, caps[i], &g, &s);
		CHECK_INT(g.st, FLOWQ_OK);
		CHECK_INT(s.members, 3);
		CHECK(same(&g.data, &both));
		ins_close(&s);
		buf_free(&g.data);
	}
	buf_free(&a);
	buf_free(&b);
	buf_free(&gz);
	buf_free(&both);
}

TEST(instream_gzip_large_multi_member)
{
	/* members larger than the 1 MiB input buffer, so member boundaries and
	 * refills fall at arbitrary places */
	struct buf a = {0}, b = {0}, gz = {0}, both = {0};
	make_text(&a, 40000, 5);
	make_text(&b, 30000, 6);
	gz_member(&gz, a.p, a.len);
	size_t first = gz.len;
	gz_member(&gz, b.p, b.len);
	CHECK(first > (1u << 20) / 2);
	buf_add(&both, a.p, a.len);
	buf_add(&both, b.p, b.len);
	char path[512];
	path_of(path, sizeof path, "large.log.gz");
	write_bytes(path, gz.p, gz.len);
	struct instream s;
	struct got g;
	open_read(path, 256 * 1024, &g, &s);
	CHECK_INT(g.st, FLOWQ_OK);
	CHECK_INT(s.members, 2);
	CHECK_INT(g.data.len, both.len);
	CHECK(same(&g.data, &both));
	CHECK_INT(s.bytes_in, gz.len);
	ins_close(&s);
	buf_free(&g.data);
	buf_free(&a);
	buf_free(&b);
	buf_free(&gz);
	buf_free(&both);
}

TEST(instream_gzip_trailing_zeros)
{
	/* zero padding after the last member (tape blocks) is ignored, as gzip -d does */
	struct buf text = {0}, gz = {0};
	make_text(&text, 50, 7);
	gz_member(&gz, text.p, text.len);
	char zeros[3000] = {0};
	buf_add(&gz, zeros, sizeof zeros);
	char path[512];
	path_of(path, sizeof path, "zeros.log.gz");
	write_bytes(path, gz.p, gz.len);
	struct instream s;
	struct got g;
	open_read(path, 1000, &g, &s);
	CHECK_INT(g.st, FLOWQ_OK);
	CHECK(same(&g.data, &text));
	ins_close(&s);
	buf_free(&g.data);
	buf_free(&text);
	buf_free(&gz);
}

TEST(instream_gzip_trailing_garbage)
{
	/* junk after the last member is an error, but what came before is kept */
	struct buf text = {0}, gz = {0};
	make_text(&text, 50, 8);
	gz_member(&gz, text.p, text.len);
	buf_adds(&gz, "garbage\n");
	char path[512], want[600];
	path_of(path, sizeof path, "garbage.log.gz");
	write_bytes(path, gz.p, gz.len);
	size_t caps[] = {100, 1 << 20};
	for (size_t i = 0; i < FQ_ARRAY_LEN(caps); i++) {
		struct instream s;
		struct got g;
		open_read(path, caps[i], &g, &s);
		CHECK_INT(g.st, FLOWQ_ERR_GZIP);
		snprintf(want, sizeof want, "%s: trailing garbage after gzip data", path);
		CHECK_STR(g.err.msg, want);
		CHECK_INT(g.err.code, FLOWQ_ERR_GZIP);
		CHECK(same(&g.data, &text));
		CHECK_INT(s.bytes_out, text.len);
		ins_close(&s);
		buf_free(&g.data);
	}
	/* zeros then junk: still garbage */
	buf_free(&gz);
	gz_member(&gz, text.p, text.len);
	buf_add(&gz, "\0\0\0\0x", 5);
	write_bytes(path, gz.p, gz.len);
	struct instream s;
	struct got g;
	open_read(path, 1 << 20, &g, &s);
	CHECK_INT(g.st, FLOWQ_ERR_GZIP);
	CHECK_STR(g.err.msg, want);
	CHECK(same(&g.data, &text));
	ins_close(&s);
	buf_free(&g.data);
	buf_free(&text);
	buf_free(&gz);
}

TEST(instream_gzip_truncated)
{
	struct buf text = {0}, gz = {0};
	make_text(&text, 2000, 9);
	gz_member(&gz, text.p, text.len);
	char path[512], want[600];
	path_of(path, sizeof path, "trunc.log.gz");
	snprintf(want, sizeof want, "%s: truncated gzip data", path);
	/* cut in the middle, inside the trailer, and after the header only */
	size_t cuts[] = {gz.len / 2, gz.len - 4, gz.len - 1, 12, 2};
	for (size_t i = 0; i < FQ_ARRAY_LEN(cuts); i++) {
		write_bytes(path, gz.p, cuts[i]);
		size_t caps[] = {4096, 1 << 20};
		for (size_t c = 0; c < FQ_ARRAY_LEN(caps); c++) {
			struct instream s;
			struct got g;
			open_read(path, caps[c], &g, &s);
			CHECK_INT(g.st, FLOWQ_ERR_GZIP);
			CHECK_STR(g.err.msg, want);
			/* what was decompressed is a prefix of the original */
			CHECK(is_prefix(&g.data, &text));
			if (i == 0)
				CHECK(g.data.len > 0 && g.data.len < text.len);
			ins_close(&s);
			buf_free(&g.data);
		}
	}
	buf_free(&text);
	buf_free(&gz);
}

TEST(instream_gzip_corrupt)
{
	struct buf text = {0}, gz = {0};
	make_text(&text, 2000, 10);
	gz_member(&gz, text.p, text.len);
	char path[512], want[600];
	path_of(path, sizeof path, "corrupt.log.gz");
	snprintf(want, sizeof want, "%s: corrupt gzip data: ", path);

	/* bytes flipped in the middle of the deflate data */
	struct buf bad = {0};
	buf_add(&bad, gz.p, gz.len);
	for (size_t i = bad.len / 2; i < bad.len / 2 + 16; i++)
		bad.p[i] = (char)~bad.p[i];
	write_bytes(path, bad.p, bad.len);
	struct instream s;
	struct got g;
	open_read(path, 65536, &g, &s);
	CHECK_INT(g.st, FLOWQ_ERR_GZIP);
	CHECK(strncmp(g.err.msg, want, strlen(want)) == 0);
	CHECK(!same(&g.data, &text)); /* whatever came out, it was reported */
	ins_close(&s);
	buf_free(&g.data);

	/* a wrong CRC-32 in the trailer: every byte decompresses, then the check fails */
	memcpy(bad.p, gz.p, gz.len);
	bad.p[gz.len - 8] ^= 0x01;
	write_bytes(path, bad.p, bad.len);
	open_read(path, 65536, &g, &s);
	CHECK_INT(g.st, FLOWQ_ERR_GZIP);
	char full[700];
	snprintf(full, sizeof full, "%sCRC-32 or length mismatch", want);
	CHECK_STR(g.err.msg, full);
	CHECK(is_prefix(&g.data, &text));
	ins_close(&s);
	buf_free(&g.data);

	/* a wrong length (ISIZE) in the trailer */
	memcpy(bad.p, gz.p, gz.len);
	bad.p[gz.len - 4] ^= 0x01;
	write_bytes(path, bad.p, bad.len);
	open_read(path, 65536, &g, &s);
	CHECK_INT(g.st, FLOWQ_ERR_GZIP);
	CHECK_STR(g.err.msg, full);
	ins_close(&s);
	buf_free(&g.data);

	/* a header with an unknown compression method */
	memcpy(bad.p, gz.p, gz.len);
	bad.p[2] = 7;
	write_bytes(path, bad.p, bad.len);
	open_read(path, 65536, &g, &s);
	CHECK_INT(g.st, FLOWQ_ERR_GZIP);
	CHECK(strncmp(g.err.msg, want, strlen(want)) == 0);
	CHECK_INT(g.data.len, 0);
	ins_close(&s);
	buf_free(&g.data);

	/* a second member that is corrupt: the first one's bytes are kept */
	buf_free(&bad);
	struct buf one = {0};
	make_text(&one, 10, 11);
	gz_member(&bad, one.p, one.len);
	size_t first = bad.len;
	gz_member(&bad, text.p, text.len);
	for (size_t i = first + 40; i < first + 60; i++)
		bad.p[i] = (char)0xff;
	write_bytes(path, bad.p, bad.len);
	open_read(path, 1 << 20, &g, &s);
	CHECK_INT(g.st, FLOWQ_ERR_GZIP);
	CHECK(strncmp(g.err.msg, want, strlen(want)) == 0);
	CHECK(g.data.len >= one.len);
	CHECK(g.data.len >= one.len && memcmp(g.data.p, one.p, one.len) == 0);
	ins_close(&s);
	buf_free(&g.data);
	buf_free(&one);
	buf_free(&bad);
	buf_free(&text);
	buf_free(&gz);
}

TEST(instream_empty_and_tiny)
{
	char path[512];
	path_of(path, sizeof path, "empty.log");
	write_bytes(path, "", 0);
	struct instream s;
	struct got g;
	open_read(path, 4096, &g, &s);
	CHECK_INT(g.st, FLOWQ_OK);
	CHECK(!s.gzip);
	CHECK_INT(g.data.len, 0);
	CHECK_INT(s.bytes_in, 0);
	CHECK_INT(s.bytes_out, 0);
	ins_close(&s);
	buf_free(&g.data);

	/* one byte: too short to sniff, read as text */
	path_of(path, sizeof path, "one.log");
	write_bytes(path, "\x1f", 1);
	open_read(path, 4096, &g, &s);
	CHECK_INT(g.st, FLOWQ_OK);
	CHECK(!s.gzip);
	CHECK_MEM(g.data.p, g.data.len, "\x1f");
	ins_close(&s);
	buf_free(&g.data);

	/* a gzip of nothing: a valid stream with no output */
	struct buf gz = {0};
	gz_member(&gz, "", 0);
	path_of(path, sizeof path, "nothing.log.gz");
	write_bytes(path, gz.p, gz.len);
	open_read(path, 4096, &g, &s);
	CHECK_INT(g.st, FLOWQ_OK);
	CHECK(s.gzip);
	CHECK_INT(g.data.len, 0);
	CHECK_INT(s.bytes_in, gz.len);
	ins_close(&s);
	buf_free(&g.data);
	buf_free(&gz);
}

TEST(instream_missing_and_unreadable)
{
	char path[512], want[700];
	struct instream s;
	struct flowq_error err;
	err_clear(&err);
	path_of(path, sizeof path, "no-such-file.log");
	CHECK_INT(ins_open(&s, path, &err), FLOWQ_ERR_IO);
	snprintf(want, sizeof want, "%s: No such file or directory", path);
	CHECK_STR(err.msg, want);
	ins_close(&s); /* safe after a failed open */

	/* a directory opens but cannot be read (works as root too) */
	path_of(path, sizeof path, "a-directory.log");
	mkdir(path, 0755);
	err_clear(&err);
	CHECK_INT(ins_open(&s, path, &err), FLOWQ_ERR_IO);
	snprintf(want, sizeof want, "%s: read error: Is a directory", path);
	CHECK_STR(err.msg, want);
	ins_close(&s);

	/* permission denied, where permissions apply (not as root) */
	if (geteuid() != 0) {
		path_of(path, sizeof path, "secret.log");
		write_bytes(path, "x\n", 2);
		chmod(path, 0);
		err_clear(&err);
		CHECK_INT(ins_open(&s, path, &err), FLOWQ_ERR_IO);
		snprintf(want, sizeof want, "%s: Permission denied", path);
		CHECK_STR(err.msg, want);
		ins_close(&s);
		chmod(path, 0644);
	}
	err_clear(&err);
	CHECK_INT(ins_open(&s, NULL, &err), FLOWQ_ERR_IO);
	CHECK_STR(err.msg, "no path");
}

/* Run fn with fd 0 replaced by fd; restores stdin after. */
static void with_stdin(int fd, void (*fn)(void *), void *ctx)
{
	int saved = dup(0);
	CHECK(saved >= 0);
	CHECK(dup2(fd, 0) == 0);
	fn(ctx);
	dup2(saved, 0);
	close(saved);
}

struct stdin_case {
	const struct buf *want;
	bool gzip;
};

static void read_stdin(void *ctx)
{
	struct stdin_case *c = ctx;
	struct instream s;
	struct got g;
	open_read("-", 5000, &g, &s);
	CHECK_INT(g.st, FLOWQ_OK);
	CHECK_INT(s.gzip, c->gzip);
	CHECK(same(&g.data, c->want));
	ins_close(&s);
	buf_free(&g.data);
}

TEST(instream_stdin_file)
{
	struct buf text = {0}, gz = {0};
	make_text(&text, 300, 12);
	gz_member(&gz, text.p, text.len);
	char path[512];
	path_of(path, sizeof path, "stdin.log.gz");
	write_bytes(path, gz.p, gz.len);
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	struct stdin_case c = {&text, true};
	with_stdin(fd, read_stdin, &c);
	close(fd);
	buf_free(&text);
	buf_free(&gz);
}

/* A child writes `data` into a pipe in small pieces with pauses. */
static int pipe_from_child(const struct buf *data)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		size_t off = 0;
		while (off < data->len) {
			size_t n = FQ_MIN((size_t)1000, data->len - off);
			if (write(fds[1], data->p + off, n) != (ssize_t)n)
				_exit(1);
			off += n;
			if (off % 20000 < 1000)
				usleep(1000);
		}
		_exit(0);
	}
	close(fds[1]);
	return fds[0];
}

TEST(instream_stdin_pipe)
{
	struct buf text = {0}, gz = {0};
	make_text(&text, 2000, 13);
	gz_member(&gz, text.p, text.len);
	const struct buf *inputs[] = {&text, &gz};
	for (int i = 0; i < 2; i++) {
		int fd = pipe_from_child(inputs[i]);
		CHECK(fd >= 0);
		if (fd < 0)
			break;
		struct stdin_case c = {&text, i == 1};
		with_stdin(fd, read_stdin, &c);
		close(fd);
		int status = 0;
		wait(&status);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	buf_free(&text);
	buf_free(&gz);
}
