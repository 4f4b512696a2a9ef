/*
 * gzfloor.c - how fast can the flow log files be gunzipped at all?
 *
 * This is the floor every query pays: no reader can be faster than the
 * decompression of its input.  It is also the evidence for the gzip library
 * flowq uses.  Three libraries decompress the same files on N threads
 * (files handed out by an atomic counter, as scan_run does):
 *
 *   isal     ISA-L igzip, streaming: isal_inflate into a 256 KiB output
 *            chunk, reused, exactly the way src/io/instream.c feeds the
 *            reader (the chunk stays in L2 while it is parsed)
 *   deflate  libdeflate, whole buffer: libdeflate_gzip_decompress_ex of the
 *            whole member into one output buffer (kept per thread, grown to
 *            the largest file), looping over concatenated members
 *   zlib     zlib inflate, streaming into 256 KiB chunks like isal
 *
 * Each file's compressed bytes are read into a per-thread buffer first (one
 * read(2) loop; the files are a few hundred KiB), so the input cost is the
 * same for every library.  All three check the CRC-32 and length of each
 * member; the output byte counts must agree or the program fails.
 *
 * --split also touches every output byte the way a record splitter must:
 * it finds every newline and every space and records their offsets (AVX2
 * bit masks when the CPU has them, memchr otherwise).  For the streaming
 * libraries this runs on each chunk while it is hot; for libdeflate it runs
 * on the whole decompressed file afterwards, which is how a whole-buffer
 * reader would use it.
 *
 * Runs are interleaved (run 1 of every library and thread count, then run
 * 2, ...) so a noisy neighbour hurts every configuration alike; the report
 * gives the median and the minimum of the wall time, and the median CPU
 * time (user + system of the process): on a busy machine MB per CPU-second
 * compares the libraries even when the wall clock is disturbed.
 *
 * usage: gzfloor [-l isal,deflate,zlib] [-t 1,2] [-r RUNS] [--split|--both] [-q] PATH...
 *   -q prints only the median seconds of the first configuration (for scripts).
 */
#include <errno.h>
#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "base/base.h"
#include "io/files.h"

#define OUT_CHUNK (256u * 1024)
#define MAX_RUNS 101
#define MAX_THREADS 64

enum lib { LIB_ISAL, LIB_DEFLATE, LIB_ZLIB, LIB_COUNT };
static const char *const lib_names[LIB_COUNT] = {"isal", "deflate", "zlib"};

/* What one thread saw: bytes in/out, lines and spaces found, a checksum of
 * the offsets (so the compiler cannot drop the scan). */
struct tally {
	uint64_t in, out, lines, spaces, sum;
	int files;
	char err[256];
};

struct job {
	const struct src_list *files;
	enum lib lib;
	bool split;
	atomic_int next;
};

struct worker {
	struct job *job;
	pthread_t th;
	struct tally t;
	uint8_t *in;
	size_t in_cap;
	uint8_t *out;
	size_t out_cap;
	struct inflate_state *isal;
	struct libdeflate_decompressor *ld;
};

/* ---- touching the bytes ---------------------------------------------- */

static void split_scalar(const uint8_t *p, size_t n, struct tally *t)
{
	const uint8_t *e = p + n, *base = p;
	while (p < e) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(e - p));
		const uint8_t *le = nl ? nl : e;
		for (const uint8_t *s = p; (s = memchr(s, ' ', (size_t)(le - s))) != NULL; s++) {
			t->spaces++;
			t->sum += (uint64_t)(s - base);
			if (s + 1 >= le)
				break;
		}
		if (!nl)
			break;
		t->lines++;
		t->sum += (uint64_t)(nl - base);
		p = nl + 1;
	}
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_AVX2 1
/* Find newlines and spaces 32 bytes at a time; store every delimiter's
 * offset in a small ring (a splitter stores them per line). */
__attribute__((target("avx2,bmi,popcnt"))) static void split_avx2(const uint8_t *p, size_t n,
								 struct tally *t)
{
	const __m256i nlv = _mm256_set1_epi8('\n'), spv = _mm256_set1_epi8(' ');
	uint32_t ring[256];
	unsigned k = 0;
	uint64_t lines = 0, delims = 0, sum = 0;
	size_t i = 0;
	for (; i + 32 <= n; i += 32) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(p + i));
		uint32_t nl = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, nlv));
		uint32_t m = nl | (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, spv));
		lines += (uint64_t)__builtin_popcount(nl);
		delims += (uint64_t)__builtin_popcount(m);
		while (m) {
			ring[k++ & 255] = (uint32_t)(i + (size_t)__builtin_ctz(m));
			m &= m - 1;
		}
	}
	for (unsigned j = 0; j < 256 && j < k; j++)
		sum += ring[j];
	t->lines += lines;
	t->spaces += delims - lines;
	t->sum += sum;
	if (i < n)
		split_scalar(p + i, n - i, t);
}
#endif

static void (*split_fn)(const uint8_t *, size_t, struct tally *) = split_scalar;

static void touch(struct worker *w, const uint8_t *p, size_t n)
{
	if (w->job->split)
		split_fn(p, n, &w->t);
}

/* ---- the three libraries --------------------------------------------- */

static bool is_member(const uint8_t *p, size_t left)
{
	return left >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static bool run_isal(struct worker *w, const uint8_t *in, size_t n, const char *path)
{
	struct inflate_state *z = w->isal;
	isal_inflate_init(z);
	z->crc_flag = ISAL_GZIP;
	z->next_in = (uint8_t *)in;
	z->avail_in = (uint32_t)n;
	for (;;) {
		z->next_out = w->out;
		z->avail_out = OUT_CHUNK;
		uint32_t in_before = z->avail_in;
		int rc = isal_inflate(z);
		size_t got = OUT_CHUNK - z->avail_out;
		if (rc < 0) {
			snprintf(w->t.err, sizeof w->t.err, "%s: isal_inflate error %d", path, rc);
			return false;
		}
		w->t.out += got;
		touch(w, w->out, got);
		if (z->block_state == ISAL_BLOCK_FINISH) {
			size_t left = z->avail_in;
			const uint8_t *rest = z->next_in;
			if (is_member(rest, left)) {
				isal_inflate_reset(z);
				z->crc_flag = ISAL_GZIP;
				z->next_in = (uint8_t *)rest;
				z->avail_in = (uint32_t)left;
				continue;
			}
			if (!all_zero(rest, left)) {
				snprintf(w->t.err, sizeof w->t.err, "%s: trailing garbage", path);
				return false;
			}
			return true;
		}
		if (got == 0 && in_before == z->avail_in) {
			snprintf(w->t.err, sizeof w->t.err, "%s: truncated gzip data", path);
			return false;
		}
	}
}

static bool grow_out(struct worker *w, size_t need)
{
	if (need <= w->out_cap)
		return true;
	size_t cap = w->out_cap ? w->out_cap : OUT_CHUNK;
	while (cap < need)
		cap *= 2;
	uint8_t *p = realloc(w->out, cap + 64);
	if (!p)
		return false;
	w->out = p;
	w->out_cap = cap;
	return true;
}

static bool run_deflate(struct worker *w, const uint8_t *in, size_t n, const char *path)
{
	size_t off = 0, total = 0;
	/* the last member's ISIZE is a good first guess for single-member files */
	if (n >= 4) {
		const uint8_t *t = in + n - 4;
		size_t isize = (size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16 |
			       (size_t)t[3] << 24;
		if (isize < ((size_t)1 << 31) && !grow_out(w, isize + 1)) {
			snprintf(w->t.err, sizeof w->t.err, "%s: out of memory", path);
			return false;
		}
	}
	while (off < n) {
		if (!is_member(in + off, n - off)) {
			if (all_zero(in + off, n - off))
				break;
			snprintf(w->t.err, sizeof w->t.err, "%s: trailing garbage", path);
			return false;
		}
		size_t used = 0, got = 0;
		enum libdeflate_result r;
		for (;;) {
			r = libdeflate_gzip_decompress_ex(w->ld, in + off, n - off, w->out + total,
							  w->out_cap - total, &used, &got);
			if (r != LIBDEFLATE_INSUFFICIENT_SPACE)
				break;
			if (!grow_out(w, w->out_cap * 2)) {
				snprintf(w->t.err, sizeof w->t.err, "%s: out of memory", path);
				return false;
			}
		}
		if (r != LIBDEFLATE_SUCCESS) {
			snprintf(w->t.err, sizeof w->t.err, "%s: libdeflate error %d", path, (int)r);
			return false;
		}
		off += used;
		total += got;
	}
	w->t.out += total;
	touch(w, w->out, total);
	return true;
}

static bool run_zlib(struct worker *w, const uint8_t *in, size_t n, const char *path)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		snprintf(w->t.err, sizeof w->t.err, "%s: inflateInit2 failed", path);
		return false;
	}
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)n;
	bool ok = true;
	for (;;) {
		z.next_out = w->out;
		z.avail_out = OUT_CHUNK;
		uInt in_before = z.avail_in;
		int rc = inflate(&z, Z_NO_FLUSH);
		size_t got = OUT_CHUNK - z.avail_out;
		w->t.out += got;
		touch(w, w->out, got);
		if (rc == Z_STREAM_END) {
			if (is_member(z.next_in, z.avail_in)) {
				inflateReset(&z);
				continue;
			}
			if (!all_zero(z.next_in, z.avail_in)) {
				snprintf(w->t.err, sizeof w->t.err, "%s: trailing garbage", path);
				ok = false;
			}
			break;
		}
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			snprintf(w->t.err, sizeof w->t.err, "%s: zlib error %d", path, rc);
			ok = false;
			break;
		}
		if (got == 0 && in_before == z.avail_in) {
			snprintf(w->t.err, sizeof w->t.err, "%s: truncated gzip data", path);
			ok = false;
			break;
		}
	}
	inflateEnd(&z);
	return ok;
}

/* ---- threads ----------------------------------------------------------- */

static bool read_file(struct worker *w, const char *path, size_t *n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(w->t.err, sizeof w->t.err, "%s: %s", path, strerror(errno));
		return false;
	}
	size_t len = 0;
	for (;;) {
		if (len == w->in_cap) {
			size_t cap = w->in_cap ? w->in_cap * 2 : (1u << 20);
			uint8_t *p = realloc(w->in, cap);
			if (!p) {
				close(fd);
				snprintf(w->t.err, sizeof w->t.err, "%s: out of memory", path);
				return false;
			}
			w->in = p;
			w->in_cap = cap;
		}
		ssize_t r = read(fd, w->in + len, w->in_cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			snprintf(w->t.err, sizeof w->t.err, "%s: %s", path, strerror(errno));
			return false;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	*n = len;
	return true;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct job *j = w->job;
	for (;;) {
		int i = atomic_fetch_add(&j->next, 1);
		if (i >= j->files->n)
			break;
		const char *path = j->files->files[i].path;
		size_t n;
		if (!read_file(w, path, &n))
			break;
		w->t.in += n;
		w->t.files++;
		bool ok = j->lib == LIB_ISAL	  ? run_isal(w, w->in, n, path)
			  : j->lib == LIB_DEFLATE ? run_deflate(w, w->in, n, path)
						  : run_zlib(w, w->in, n, path);
		if (!ok) {
			atomic_store(&j->next, j->files->n);
			break;
		}
	}
	return NULL;
}

/* User + system CPU seconds of this process so far. */
static double cpu_now(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* Decompress every file once on nt threads; returns wall seconds (and the
 * CPU seconds in *cpu), or -1 with the first error printed. */
static double run_once(const struct src_list *files, enum lib lib, bool split, int nt,
		       struct tally *sum, double *cpu)
{
	struct job j = {.files = files, .lib = lib, .split = split};
	atomic_init(&j.next, 0);
	struct worker ws[MAX_THREADS];
	memset(ws, 0, sizeof ws);
	for (int i = 0; i < nt; i++) {
		ws[i].job = &j;
		ws[i].out_cap = OUT_CHUNK;
		ws[i].out = malloc(OUT_CHUNK + 64);
		ws[i].isal = malloc(sizeof *ws[i].isal);
		ws[i].ld = libdeflate_alloc_decompressor();
		if (!ws[i].out || !ws[i].isal || !ws[i].ld) {
			fprintf(stderr, "gzfloor: out of memory\n");
			exit(1);
		}
	}
	double t0 = fq_now(), c0 = cpu_now();
	for (int i = 1; i < nt; i++)
		if (pthread_create(&ws[i].th, NULL, work, &ws[i]) != 0) {
			fprintf(stderr, "gzfloor: cannot start a thread\n");
			exit(1);
		}
	work(&ws[0]);
	for (int i = 1; i < nt; i++)
		pthread_join(ws[i].th, NULL);
	double secs = fq_now() - t0;
	*cpu = cpu_now() - c0;
	memset(sum, 0, sizeof *sum);
	for (int i = 0; i < nt; i++) {
		if (ws[i].t.err[0] && !sum->err[0])
			snprintf(sum->err, sizeof sum->err, "%s", ws[i].t.err);
		sum->in += ws[i].t.in;
		sum->out += ws[i].t.out;
		sum->lines += ws[i].t.lines;
		sum->spaces += ws[i].t.spaces;
		sum->sum += ws[i].t.sum;
		sum->files += ws[i].t.files;
		free(ws[i].in);
		free(ws[i].out);
		free(ws[i].isal);
		libdeflate_free_decompressor(ws[i].ld);
	}
	if (sum->err[0]) {
		fprintf(stderr, "gzfloor: %s\n", sum->err);
		return -1;
	}
	return secs;
}

/* ---- main -------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int parse_list(const char *arg, const char *const *names, int n_names, int *out, int max)
{
	int n = 0;
	char tmp[256];
	snprintf(tmp, sizeof tmp, "%s", arg);
	for (char *save = NULL, *tok = strtok_r(tmp, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == max)
			return -1;
		int v = -1;
		if (names) {
			for (int i = 0; i < n_names; i++)
				if (strcmp(tok, names[i]) == 0)
					v = i;
		} else {
			char *end;
			long x = strtol(tok, &end, 10);
			if (*end == 0 && x >= 1 && x <= MAX_THREADS)
				v = (int)x;
		}
		if (v < 0)
			return -1;
		out[n++] = v;
	}
	return n;
}

static void usage(void)
{
	fprintf(stderr, "usage: gzfloor [-l isal,deflate,zlib] [-t 1,2] [-r RUNS] [--split|--both] "
			"[-q] PATH...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int libs[LIB_COUNT] = {LIB_ISAL, LIB_DEFLATE, LIB_ZLIB}, n_libs = LIB_COUNT;
	int threads[8] = {1}, n_threads = 1;
	int runs = 5;
	bool modes[2] = {true, false}; /* plain, split */
	bool quiet = false;
	int rc = 1;
	int argi = 1;
	for (; argi < argc && argv[argi][0] == '-' && argv[argi][1]; argi++) {
		const char *a = argv[argi];
		if (strcmp(a, "-l") == 0 && argi + 1 < argc) {
			n_libs = parse_list(argv[++argi], lib_names, LIB_COUNT, libs, LIB_COUNT);
			if (n_libs < 1)
				usage();
		} else if (strcmp(a, "-t") == 0 && argi + 1 < argc) {
			n_threads = parse_list(argv[++argi], NULL, 0, threads, 8);
			if (n_threads < 1)
				usage();
		} else if (strcmp(a, "-r") == 0 && argi + 1 < argc) {
			runs = atoi(argv[++argi]);
			if (runs < 1 || runs > MAX_RUNS)
				usage();
		} else if (strcmp(a, "--split") == 0) {
			modes[0] = false;
			modes[1] = true;
		} else if (strcmp(a, "--both") == 0) {
			modes[0] = modes[1] = true;
		} else if (strcmp(a, "-q") == 0) {
			quiet = true;
		} else {
			usage();
		}
	}
	if (argi >= argc)
		usage();
#ifdef HAVE_AVX2
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi"))
		split_fn = split_avx2;
#endif
	struct src_list files;
	memset(&files, 0, sizeof files);
	for (; argi < argc; argi++) {
		struct flowq_error err;
		err_clear(&err);
		if (src_add_path(&files, argv[argi], &err)) {
			fprintf(stderr, "gzfloor: %s\n", err.msg);
			goto free_files;
		}
	}
	if (files.n == 0) {
		fprintf(stderr, "gzfloor: no files\n");
		goto free_files;
	}

	/* configurations: lib x mode x threads */
	struct cfg {
		int lib, threads;
		bool split;
		double secs[MAX_RUNS], cpu[MAX_RUNS];
		struct tally t;
	};
	int n_cfg = 0;
	struct cfg *cfgs = calloc((size_t)(n_libs * 2 * n_threads), sizeof *cfgs);
	if (!cfgs)
		goto free_files;
	for (int m = 0; m < 2; m++) {
		if (!modes[m])
			continue;
		for (int l = 0; l < n_libs; l++)
			for (int t = 0; t < n_threads; t++)
				cfgs[n_cfg++] = (struct cfg){.lib = libs[l], .threads = threads[t],
							     .split = m == 1};
	}
	uint64_t want_out = 0;
	for (int r = 0; r < runs; r++) {
		for (int c = 0; c < n_cfg; c++) {
			struct tally t;
			double cpu;
			double s = run_once(&files, (enum lib)cfgs[c].lib, cfgs[c].split,
					    cfgs[c].threads, &t, &cpu);
			if (s < 0)
				goto free_cfgs;
			if (!want_out)
				want_out = t.out;
			if (t.out != want_out) {
				fprintf(stderr, "gzfloor: %s produced %llu bytes, expected %llu\n",
					lib_names[cfgs[c].lib], (unsigned long long)t.out,
					(unsigned long long)want_out);
				goto free_cfgs;
			}
			cfgs[c].secs[r] = s;
			cfgs[c].cpu[r] = cpu;
			cfgs[c].t = t;
		}
	}
	if (quiet) {
		printf("%.4f\n", median(cfgs[0].secs, runs));
		rc = 0;
		goto free_cfgs;
	}
	printf("# gzfloor: %d files, %.1f MB gzip, %.1f MB text, %d runs (median, min)%s\n", files.n,
	       (double)cfgs[0].t.in / 1e6, (double)cfgs[0].t.out / 1e6, runs,
	       split_fn == split_scalar ? ", split: scalar memchr" : ", split: AVX2");
	printf("%-8s %-6s %7s %9s %9s %9s %9s %11s", "lib", "mode", "threads", "median_s", "min_s",
	       "MB/s_out", "cpu_s", "MB/cpu_s");
	printf(" %12s %12s\n", "lines", "spaces");
	for (int c = 0; c < n_cfg; c++) {
		struct cfg *k = &cfgs[c];
		double mn = k->secs[0];
		for (int r = 1; r < runs; r++)
			if (k->secs[r] < mn)
				mn = k->secs[r];
		double med = median(k->secs, runs), cpu = median(k->cpu, runs);
		printf("%-8s %-6s %7d %9.3f %9.3f %9.0f %9.3f %11.0f", lib_names[k->lib],
		       k->split ? "split" : "plain", k->threads, med, mn, (double)k->t.out / 1e6 / med,
		       cpu, (double)k->t.out / 1e6 / cpu);
		if (k->split)
			printf(" %12llu %12llu\n", (unsigned long long)k->t.lines,
			       (unsigned long long)k->t.spaces);
		else
			printf(" %12s %12s\n", "-", "-");
	}
	rc = 0;
free_cfgs:
	free(cfgs);
free_files:
	src_list_free(&files);
	return rc;
}
