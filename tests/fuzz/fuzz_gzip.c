/*
 * fuzz_gzip.c - libFuzzer target for instream (file reading and streaming
 * gunzip with ISA-L), checked against zlib.
 *
 * Input layout: byte 0 picks the read size (1 .. 256 KiB), the rest is the
 * file, handed over through a memfd.  Checked on every input:
 *   - reads never return more than asked, bytes_out is the sum of reads,
 *     and an ended stream stays ended;
 *   - a file without the gzip magic comes out byte for byte;
 *   - a gzip file is also decoded with zlib the way instream documents it
 *     (members back to back, zero padding after the last one ignored,
 *     anything else after it an error); when both succeed the bytes are
 *     the same, and what instream hands out before an error is a prefix of
 *     what zlib decodes up to the same point.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "io/instream.h"

static void check(int ok)
{
	if (!ok)
		__builtin_trap();
}

/* zlib reference decode; returns true when the whole input is valid. */
static bool zlib_gunzip(const uint8_t *p, size_t n, uint8_t **out, size_t *out_len)
{
	size_t cap = 1 << 16, len = 0;
	uint8_t *o = malloc(cap);
	bool ok = true;
	size_t pos = 0;
	while (o && pos < n) {
		if (n - pos < 2 || p[pos] != 0x1f || p[pos + 1] != 0x8b) {
			/* after a member: only zero padding is allowed */
			for (size_t i = pos; i < n; i++)
				if (p[i])
					ok = false;
			break;
		}
		z_stream z;
		memset(&z, 0, sizeof z);
		if (inflateInit2(&z, 15 + 16) != Z_OK) {
			ok = false;
			break;
		}
		z.next_in = (Bytef *)p + pos;
		z.avail_in = (uInt)(n - pos);
		int rc;
		do {
			if (len == cap) {
				if (cap >= (64u << 20)) { /* bombs: stop comparing */
					rc = Z_MEM_ERROR;
					break;
				}
				uint8_t *no = realloc(o, cap * 2);
				if (!no) {
					rc = Z_MEM_ERROR;
					break;
				}
				o = no;
				cap *= 2;
			}
			z.next_out = o + len;
			z.avail_out = (uInt)(cap - len);
			rc = inflate(&z, Z_NO_FLUSH);
			len = cap - z.avail_out;
		} while (rc == Z_OK || (rc == Z_BUF_ERROR && z.avail_out == 0));
		pos = n - z.avail_in;
		inflateEnd(&z);
		if (rc != Z_STREAM_END) {
			ok = false;
			break;
		}
	}
	*out = o;
	*out_len = len;
	return ok && o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const size_t caps[] = {1, 2, 3, 7, 64, 1000, 4096, 65536, 256 * 1024};
	size_t cap = caps[data[0] % (sizeof caps / sizeof caps[0])];
	const uint8_t *file = data + 1;
	size_t n = size - 1;

	int fd = memfd_create("fuzz", 0);
	if (fd < 0)
		return 0;
	if (n && write(fd, file, n) != (ssize_t)n) {
		close(fd);
		return 0;
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

	struct instream s;
	struct flowq_error err;
	err_clear(&err);
	flowq_status st = ins_open(&s, path, &err);
	check(st == FLOWQ_OK);
	check(s.gzip == (n >= 2 && file[0] == 0x1f && file[1] == 0x8b));

	uint8_t *buf = malloc(cap);
	size_t out_cap = 1 << 16, out_len = 0;
	uint8_t *out = malloc(out_cap);
	check(buf && out);
	for (;;) {
		size_t got = 0;
		st = ins_read(&s, buf, cap, &got, &err);
		check(got <= cap);
		if (out_len + got > out_cap) {
			while (out_len + got > out_cap)
				out_cap *= 2;
			out = realloc(out, out_cap);
			check(out != NULL);
		}
		memcpy(out + out_len, buf, got);
		out_len += got;
		if (st) {
			check(st == FLOWQ_ERR_GZIP || st == FLOWQ_ERR_IO);
			check(err.msg[0] != 0);
			break;
		}
		if (got == 0)
			break;
		if (out_len > (64u << 20))
			break; /* a bomb: enough */
	}
	check(s.bytes_out == out_len);
	bool stopped_early = out_len > (64u << 20);
	if (!stopped_early && !st) {
		size_t again = 5;
		check(ins_read(&s, buf, cap, &again, NULL) == FLOWQ_OK && again == 0);
	}

	if (!s.gzip) {
		check(!st && out_len == n && (n == 0 || memcmp(out, file, n) == 0));
	} else if (!stopped_early) {
		uint8_t *ref = NULL;
		size_t ref_len = 0;
		bool ok = zlib_gunzip(file, n, &ref, &ref_len);
		if (ref && ref_len < (64u << 20)) {
			if (ok && !st)
				check(out_len == ref_len && memcmp(out, ref, out_len) == 0);
			/* instream never hands out bytes zlib would not produce, except
			 * where zlib stops earlier than ISA-L in a corrupt stream */
			if (!st)
				check(ok);
			if (ok)
				check(!st);
			if (st && out_len <= ref_len)
				check(memcmp(out, ref, out_len) == 0);
		}
		free(ref);
	}
	free(buf);
	free(out);
	ins_close(&s);
	close(fd);
	return 0;
}
