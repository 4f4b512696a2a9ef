/*
 * gen.c - gen_run(): write a synthetic VPC's flow logs exactly as AWS
 * delivers them to S3, with its inventory and a manifest of what was
 * planted.
 *
 * The output is one gzip file per 5-minute window ("file" and "window" are
 * the same thing here), 288 a day, under
 *   AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/
 *     <account>_vpcflowlogs_<region>_<flow-log-id>_YYYYMMDDTHHmmZ_<hash>.log.gz
 * where the timestamp is the end of the window, the folder is the window's
 * day, and every record in the file starts inside the window.
 *
 * Determinism is the design constraint: the same options give the same
 * bytes whatever --threads is.  So nothing is shared between files except
 * read-only state built first, in this order:
 *   1. the topology and the internet's address pools (topo.c);
 *   2. the incident plan, and a pass that runs every incident event once to
 *      count its records per window (incident.c);
 *   3. the record budget: N records are spread over the windows by a
 *      diurnal weight (UTC hours of a US-East business day, quieter
 *      weekends, +-10% noise), and a window that holds a big incident gets
 *      max(incident records, its share) - a water-filling search finds the
 *      level that makes the total exactly N (integers only);
 * then each file is built from (seed, window) alone: incident records, a
 * few NODATA/SKIPDATA rows, background events until the budget is met
 * (the last event is cut to fit), a counting sort by start second, the
 * text, libdeflate gzip.  Worker threads take windows from an atomic
 * counter; each has its own buffers and compressor, and the calling thread
 * is one of them (it also reports progress).
 *
 * Numbers are formatted by hand (two digits per step) and addresses are
 * copied from the preformatted address table: printf never runs per field.
 */
#include "gen/gen_int.h"

#include <dirent.h>
#include <errno.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define GEN_LEVEL 6          /* what AWS's own files look like */
#define GEN_LINE_MAX 512     /* a v5 record with IPv6 addresses is ~330 bytes */
#define GEN_MAX_RECORDS 100000000000ULL
#define GEN_MAX_DAYS 366
#define GEN_MAX_THREADS 256
#define GEN_MAX_FILE_RECORDS 2000000 /* per 5-minute file: ~1.2 GB of buffers per thread */

static const char hdr_v2[] = "version account-id interface-id srcaddr dstaddr srcport dstport "
			     "protocol packets bytes start end action log-status";
static const char hdr_v5[] = " vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr "
			     "pkt-dstaddr region az-id flow-direction traffic-path";

/* ---- dates ------------------------------------------------------------- */

/* Howard Hinnant's days_from_civil: proleptic Gregorian, exact. */
int64_t gen_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void gen_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void gen_iso_time(char out[24], uint32_t t)
{
	int y, m, d;
	gen_civil_from_days(t / 86400, &y, &m, &d);
	uint32_t s = t % 86400;
	/* the modulos change nothing (a 32-bit time is before 2107) but bound the
	 * widths for the compiler's truncation check */
	snprintf(out, 24, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u, s / 3600 % 100u, s / 60 % 60, s % 60);
}

static bool valid_date(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1970 || y > 2100 || m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* ---- the record budget ------------------------------------------------- */

/* Traffic by UTC hour: a US-East business day. */
static const uint16_t hour_weight[24] = {70, 62, 55, 50, 46, 45, 47, 52, 58, 64, 70, 76,
					 84, 92, 100, 106, 110, 112, 110, 106, 100, 94, 86, 78};

static uint64_t window_weight(const struct gen_ctx *g, uint32_t w)
{
	uint32_t t = g->t_begin + w * GEN_WINDOW;
	int64_t day = t / 86400;
	int dow = (int)((day + 4) % 7); /* 0 = Sunday; 1970-01-01 was a Thursday */
	uint64_t noise = 90 + hash_combine(g->seed, 0x776569676874ULL + w) % 21;
	return hour_weight[t % 86400 / 3600] * noise * (dow == 0 || dow == 6 ? 8 : 10);
}

static uint64_t share(uint64_t level, uint64_t weight)
{
	return (uint64_t)(((unsigned __int128)level * weight) >> 32);
}

/* Total records at a level, stopping early past cap. */
static uint64_t total_at(const struct gen_ctx *g, const uint64_t *wt, uint64_t level, uint64_t cap)
{
	uint64_t s = 0;
	for (uint32_t w = 0; w < g->n_windows && s <= cap; w++)
		s += FQ_MAX(g->inc_recs[w], share(level, wt[w]));
	return s;
}

/* bg_recs[w] = max(incident records, level * weight) - incident records,
 * with the level chosen so that the total is exactly n (or as close as the
 * incidents allow when they alone exceed n). */
static flowq_status plan_budget(struct gen_ctx *g, uint64_t n)
{
	uint64_t *wt = malloc(g->n_windows * sizeof *wt);
	g->bg_recs = calloc(g->n_windows, sizeof *g->bg_recs);
	if (!wt || !g->bg_recs) {
		free(wt);
		return FLOWQ_ERR_NOMEM;
	}
	for (uint32_t w = 0; w < g->n_windows; w++)
		wt[w] = window_weight(g, w);
	uint64_t lo = 0, hi = 1ULL << 62;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo + 1) / 2;
		if (total_at(g, wt, mid, n) <= n)
			lo = mid;
		else
			hi = mid - 1;
	}
	uint64_t sum = 0;
	for (uint32_t w = 0; w < g->n_windows; w++) {
		uint64_t s = share(lo, wt[w]);
		uint64_t inc = g->inc_recs[w];
		g->bg_recs[w] = (uint32_t)(s > inc ? s - inc : 0);
		sum += FQ_MAX(s, inc);
	}
	/* the rounding remainder, one record at a time to windows not full of
	 * incident records */
	uint64_t rem = sum < n ? n - sum : 0;
	for (int pass = 0; rem > 0 && pass < 1000; pass++) {
		bool any = false;
		for (uint32_t w = 0; w < g->n_windows && rem > 0; w++)
			if (share(lo, wt[w]) >= g->inc_recs[w]) {
				g->bg_recs[w]++;
				rem--;
				any = true;
			}
		if (!any) {
			g->bg_recs[0] += (uint32_t)rem;
			rem = 0;
		}
	}
	free(wt);
	for (uint32_t w = 0; w < g->n_windows; w++)
		if ((uint64_t)g->bg_recs[w] + g->inc_recs[w] > GEN_MAX_FILE_RECORDS)
			return FLOWQ_ERR_LIMIT;
	return FLOWQ_OK;
}

/* ---- formatting -------------------------------------------------------- */

static const char digits2[] = "00010203040506070809101112131415161718192021222324252627282930313233"
			      "34353637383940414243444546474849505152535455565758596061626364656667"
			      "6869707172737475767778798081828384858687888990919293949596979899";

static inline char *put_u64(char *p, uint64_t v)
{
	char t[24];
	int n = 24;
	while (v >= 100) {
		unsigned d = (unsigned)(v % 100) * 2;
		v /= 100;
		t[--n] = digits2[d + 1];
		t[--n] = digits2[d];
	}
	if (v >= 10) {
		t[--n] = digits2[v * 2 + 1];
		t[--n] = digits2[v * 2];
	} else {
		t[--n] = (char)('0' + v);
	}
	memcpy(p, t + n, 24 - (size_t)n);
	return p + (24 - n);
}

/* Copy a short string with a fixed-size memcpy; the buffer has slack. */
static inline char *put_fixed(char *p, const char *src, size_t len, size_t max)
{
	memcpy(p, src, max);
	return p + len;
}

/* A string literal: its size is a constant, so memcpy is a few moves. */
#define PUT_LIT(p, lit) (memcpy((p), (lit), sizeof(lit) - 1), (p) + sizeof(lit) - 1)

static inline char *put_addr(char *p, const struct gen_addr *a)
{
	return put_fixed(p, a->txt, a->len, sizeof a->txt);
}

static char *fmt_rec(char *p, const struct gen_ctx *g, const struct gen_rec *x)
{
	const struct gen_topo *t = &g->topo;
	const struct gen_eni *e = &t->enis[x->eni];
	bool v5 = g->format == GEN_V5;
	p = put_fixed(p, v5 ? e->pre5 : e->pre2, e->pre_len, sizeof e->pre2);
	if (x->status != ST_OK) {
		p = PUT_LIT(p, "- - - - - - - ");
		p = put_u64(p, x->start);
		*p++ = ' ';
		p = put_u64(p, x->end);
		if (x->status == ST_NODATA)
			p = PUT_LIT(p, " - NODATA");
		else
			p = PUT_LIT(p, " - SKIPDATA");
		if (v5)
			p = PUT_LIT(p, " - - - - - - - - - - -");
		*p++ = '\n';
		return p;
	}
	p = put_addr(p, &t->addrs[x->src]);
	*p++ = ' ';
	p = put_addr(p, &t->addrs[x->dst]);
	*p++ = ' ';
	p = put_u64(p, x->sport);
	*p++ = ' ';
	p = put_u64(p, x->dport);
	*p++ = ' ';
	p = put_u64(p, x->proto);
	*p++ = ' ';
	p = put_u64(p, x->packets);
	*p++ = ' ';
	p = put_u64(p, x->bytes);
	*p++ = ' ';
	p = put_u64(p, x->start);
	*p++ = ' ';
	p = put_u64(p, x->end);
	p = x->action == ACT_ACCEPT ? PUT_LIT(p, " ACCEPT OK") : PUT_LIT(p, " REJECT OK");
	if (v5) {
		*p++ = ' ';
		p = put_fixed(p, e->meta5, e->meta5_len, sizeof e->meta5);
		*p++ = ' ';
		p = put_u64(p, x->flags);
		p = t->addrs[x->src].is6 ? PUT_LIT(p, " IPv6 ") : PUT_LIT(p, " IPv4 ");
		p = put_addr(p, &t->addrs[x->psrc]);
		*p++ = ' ';
		p = put_addr(p, &t->addrs[x->pdst]);
		p = PUT_LIT(p, " " GEN_REGION " ");
		p = put_fixed(p, gen_az_id(e->az), 8, 8);
		if (x->dir == DIR_EGRESS) {
			p = PUT_LIT(p, " egress ");
			*p++ = x->path ? (char)('0' + x->path) : '-';
		} else {
			p = PUT_LIT(p, " ingress -");
		}
	}
	*p++ = '\n';
	return p;
}

/* ---- one file ---------------------------------------------------------- */

struct shared {
	struct gen_ctx *g;
	const struct gen_opts *o;
	char **day_dirs;
	uint32_t next;     /* next window to take (atomic) */
	uint64_t done;     /* records written so far (atomic) */
	int failed;        /* set once by the first failure (atomic) */
	pthread_mutex_t lock;
	struct flowq_error err; /* the first failure, under lock */
};

struct worker {
	struct shared *sh;
	pthread_t tid;
	struct gen_recs rs;
	struct gen_rec *sorted;
	uint32_t *count;
	char *text;
	size_t text_cap;
	char *gz;
	size_t gz_cap;
	struct libdeflate_compressor *c;
	bool is_main; /* the calling thread: reports progress */
	uint64_t records, bytes_raw, bytes_gz, files, nodata, skipdata;
};

static void fail(struct shared *sh, const struct flowq_error *err)
{
	pthread_mutex_lock(&sh->lock);
	if (!__atomic_load_n(&sh->failed, __ATOMIC_RELAXED)) {
		sh->err = *err;
		__atomic_store_n(&sh->failed, 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&sh->lock);
}

static void file_name(const struct gen_ctx *g, uint32_t w, char *out, size_t cap)
{
	int y, m, d;
	uint32_t end = g->t_begin + (w + 1) * GEN_WINDOW;
	gen_civil_from_days(end / 86400, &y, &m, &d);
	uint32_t h = (uint32_t)hash_combine(hash_combine(g->seed, w),
					    (uint64_t)g->format + 0x4e414d45);
	snprintf(out, cap, GEN_ACCOUNT "_vpcflowlogs_" GEN_REGION "_" GEN_FLOW_LOG_ID
		 "_%04d%02d%02dT%02u%02uZ_%08x.log.gz", y, m, d, end % 86400 / 3600,
		 end % 3600 / 60, h);
}

/* The records of window w, sorted by start second, into wk->sorted. */
static flowq_status build(struct worker *wk, uint32_t w)
{
	const struct gen_ctx *g = wk->sh->g;
	const struct gen_topo *t = &g->topo;
	uint32_t ws = g->t_begin + w * GEN_WINDOW;
	struct gen_recs *rs = &wk->rs;
	struct gen_rng r;

	rs->n = 0;
	gen_inc_window(g, w, rs);
	if (rs->n != g->inc_recs[w])
		return FLOWQ_ERR_INTERNAL;
	size_t inc = rs->n, bg = g->bg_recs[w];
	gen_rng_seed(&r, hash_combine(hash_u64(g->seed), 0x66696c6500000000ULL + w));

	/* idle ENIs report NODATA; now and then an ENI skips an interval */
	uint32_t idle = (uint32_t)t->role_n[R_STANDBY];
	uint32_t n_nodata = (uint32_t)FQ_MIN((uint64_t)idle, FQ_MAX((size_t)1, bg / 250));
	if (n_nodata > bg)
		n_nodata = (uint32_t)bg;
	for (uint32_t i = 0; i < n_nodata; i++) {
		int eni = t->role_first[R_STANDBY] + (int)((w * 5 + i) % idle);
		gen_bg_status(g, &r, ws, eni, ST_NODATA, rs);
		wk->nodata++;
	}
	if (rs->n - inc < bg && hash_combine(g->seed, 0x736b6970ULL + w) % 12 == 0) {
		int role = gen_pct(&r, 50) ? R_WEB : R_APP;
		int eni = t->role_first[role] + (int)gen_below(&r, (uint32_t)t->role_n[role]);
		gen_bg_status(g, &r, ws, eni, ST_SKIPDATA, rs);
		wk->skipdata++;
	}
	while (rs->n - inc < bg)
		gen_bg_event(g, &r, ws, rs);
	rs->n = inc + bg; /* the last event may not fit whole */

	/* counting sort by start second */
	memset(wk->count, 0, (GEN_WINDOW + 1) * sizeof *wk->count);
	for (size_t i = 0; i < rs->n; i++) {
		uint32_t off = rs->r[i].start - ws;
		if (off >= GEN_WINDOW)
			return FLOWQ_ERR_INTERNAL;
		wk->count[off + 1]++;
	}
	for (uint32_t i = 0; i < GEN_WINDOW; i++)
		wk->count[i + 1] += wk->count[i];
	for (size_t i = 0; i < rs->n; i++)
		wk->sorted[wk->count[rs->r[i].start - ws]++] = rs->r[i];
	return FLOWQ_OK;
}

static flowq_status write_window(struct worker *wk, uint32_t w, struct flowq_error *err)
{
	struct shared *sh = wk->sh;
	const struct gen_ctx *g = sh->g;
	flowq_status st = build(wk, w);
	if (st != FLOWQ_OK)
		return err_set(err, st, "generate: window %u: internal error building records", w);

	size_t n = wk->rs.n;
	char *p = wk->text;
	memcpy(p, hdr_v2, sizeof hdr_v2 - 1);
	p += sizeof hdr_v2 - 1;
	if (g->format == GEN_V5) {
		memcpy(p, hdr_v5, sizeof hdr_v5 - 1);
		p += sizeof hdr_v5 - 1;
	}
	*p++ = '\n';
	for (size_t i = 0; i < n; i++)
		p = fmt_rec(p, g, &wk->sorted[i]);
	size_t raw = (size_t)(p - wk->text);

	size_t bound = libdeflate_gzip_compress_bound(wk->c, raw);
	if (bound > wk->gz_cap) {
		char *gz = realloc(wk->gz, bound);
		if (!gz)
			return err_set(err, FLOWQ_ERR_NOMEM, "generate: out of memory");
		wk->gz = gz;
		wk->gz_cap = bound;
	}
	size_t gz = libdeflate_gzip_compress(wk->c, wk->text, raw, wk->gz, wk->gz_cap);
	if (gz == 0)
		return err_set(err, FLOWQ_ERR_INTERNAL, "generate: gzip compression failed");

	char name[160], path[4096 + 160];
	file_name(g, w, name, sizeof name);
	snprintf(path, sizeof path, "%s/%s", sh->day_dirs[w / (86400 / GEN_WINDOW)], name);
	st = gen_write_file(path, wk->gz, gz, err);
	if (st != FLOWQ_OK)
		return st;
	wk->records += n;
	wk->bytes_raw += raw;
	wk->bytes_gz += gz;
	wk->files++;
	__atomic_add_fetch(&sh->done, n, __ATOMIC_RELAXED);
	return FLOWQ_OK;
}

static void *work(void *arg)
{
	struct worker *wk = arg;
	struct shared *sh = wk->sh;
	for (;;) {
		if (__atomic_load_n(&sh->failed, __ATOMIC_ACQUIRE))
			break;
		uint32_t w = __atomic_fetch_add(&sh->next, 1, __ATOMIC_RELAXED);
		if (w >= sh->g->n_windows)
			break;
		struct flowq_error err = {0};
		if (write_window(wk, w, &err) != FLOWQ_OK) {
			fail(sh, &err);
			break;
		}
		if (wk->is_main && sh->o->progress && !sh->o->quiet) {
			uint64_t done = __atomic_load_n(&sh->done, __ATOMIC_RELAXED);
			sh->o->progress(sh->o->progress_ctx, done, sh->o->records);
		}
	}
	return NULL;
}

static bool worker_init(struct worker *wk, struct shared *sh, size_t max_recs)
{
	memset(wk, 0, sizeof *wk);
	wk->sh = sh;
	wk->rs.cap = max_recs + GEN_MAX_EVENT_RECS;
	wk->rs.r = malloc(wk->rs.cap * sizeof *wk->rs.r);
	wk->sorted = malloc(wk->rs.cap * sizeof *wk->sorted);
	wk->count = malloc((GEN_WINDOW + 1) * sizeof *wk->count);
	wk->text_cap = sizeof hdr_v2 + sizeof hdr_v5 + wk->rs.cap * GEN_LINE_MAX + 64;
	wk->text = malloc(wk->text_cap);
	wk->c = libdeflate_alloc_compressor(GEN_LEVEL);
	return wk->rs.r && wk->sorted && wk->count && wk->text && wk->c;
}

static void worker_free(struct worker *wk)
{
	free(wk->rs.r);
	free(wk->sorted);
	free(wk->count);
	free(wk->text);
	free(wk->gz);
	libdeflate_free_compressor(wk->c);
}

/* ---- directories ------------------------------------------------------- */

static flowq_status mkdir_p(const char *path, struct flowq_error *err)
{
	char tmp[4096];
	size_t n = strlen(path);
	if (n >= sizeof tmp)
		return err_set(err, FLOWQ_ERR_IO, "%s: path too long", path);
	memcpy(tmp, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (tmp[i] != '/' && tmp[i] != 0)
			continue;
		char c = tmp[i];
		tmp[i] = 0;
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return err_set(err, FLOWQ_ERR_IO, "%s: %s", tmp, strerror(errno));
		struct stat sb;
		if (stat(tmp, &sb) != 0 || !S_ISDIR(sb.st_mode))
			return err_set(err, FLOWQ_ERR_IO, "%s: not a directory", tmp);
		tmp[i] = c;
	}
	return FLOWQ_OK;
}

/* Remove flow log files of this flow log left by an earlier run in dir, so
 * a day holds exactly one file per window. */
static flowq_status clean_day(const char *dir, struct flowq_error *err)
{
	static const char prefix[] = GEN_ACCOUNT "_vpcflowlogs_" GEN_REGION "_" GEN_FLOW_LOG_ID "_";
	DIR *d = opendir(dir);
	if (!d)
		return err_set(err, FLOWQ_ERR_IO, "%s: %s", dir, strerror(errno));
	struct dirent *de;
	flowq_status st = FLOWQ_OK;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		if (n < sizeof prefix + 7 || strncmp(de->d_name, prefix, sizeof prefix - 1) != 0 ||
		    strcmp(de->d_name + n - 7, ".log.gz") != 0)
			continue;
		char path[4096 + 256];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (unlink(path) != 0) {
			st = err_set(err, FLOWQ_ERR_IO, "%s: %s", path, strerror(errno));
			break;
		}
	}
	closedir(d);
	return st;
}

static flowq_status make_dirs(const struct gen_ctx *g, const char *outdir, char **day_dirs,
			      struct flowq_error *err)
{
	int days = (int)(g->n_windows / (86400 / GEN_WINDOW));
	char path[4096];
	for (int i = 0; i < days; i++) {
		int y, m, d;
		gen_civil_from_days(g->t_begin / 86400 + i, &y, &m, &d);
		int n = snprintf(path, sizeof path, "%s/AWSLogs/" GEN_ACCOUNT "/vpcflowlogs/"
				 GEN_REGION "/%04d/%02d/%02d", outdir, y, m, d);
		if (n < 0 || (size_t)n >= sizeof path)
			return err_set(err, FLOWQ_ERR_IO, "%s: path too long", outdir);
		flowq_status st = mkdir_p(path, err);
		if (st == FLOWQ_OK)
			st = clean_day(path, err);
		if (st != FLOWQ_OK)
			return st;
		day_dirs[i] = strdup(path);
		if (!day_dirs[i])
			return FLOWQ_ERR_NOMEM;
	}
	snprintf(path, sizeof path, "%s/inventory", outdir);
	return mkdir_p(path, err);
}

/* ---- manifest ---------------------------------------------------------- */

static flowq_status write_manifest(const struct gen_ctx *g, const struct gen_opts *o,
				   const struct gen_result *res, uint64_t nodata,
				   uint64_t skipdata, struct flowq_error *err)
{
	struct buf b = {0};
	struct jw j;
	char s[128], path[4096];
	uint64_t inc_total = 0;
	for (int k = 0; k < INC_COUNT; k++)
		inc_total += g->inc[k].records;

	jw_init(&j, &b);
	jw_obj(&j, NULL);
	jw_str(&j, "generator", "flowq generate");
	jw_str(&j, "flowq_version", FLOWQ_VERSION);
	jw_obj(&j, "options");
	jw_int(&j, "records", (int64_t)o->records);
	jw_int(&j, "days", o->days);
	snprintf(s, sizeof s, "%04d-%02d-%02d", o->start_y, o->start_m, o->start_d);
	jw_str(&j, "start_date", s);
	snprintf(s, sizeof s, "%llu", (unsigned long long)o->seed);
	jw_str(&j, "seed", s);
	jw_str(&j, "format", o->format == GEN_V5 ? "v5" : "v2");
	jw_end_obj(&j);
	jw_str(&j, "account_id", GEN_ACCOUNT);
	jw_str(&j, "region", GEN_REGION);
	jw_str(&j, "flow_log_id", GEN_FLOW_LOG_ID);
	jw_str(&j, "prefix", "AWSLogs/" GEN_ACCOUNT "/vpcflowlogs/" GEN_REGION "/");
	snprintf(path, sizeof path, "%s%s", hdr_v2, o->format == GEN_V5 ? hdr_v5 : "");
	jw_str(&j, "log_format", path);
	jw_int(&j, "window_seconds", GEN_WINDOW);
	jw_int(&j, "start", g->t_begin);
	jw_int(&j, "end", g->t_begin + g->n_windows * GEN_WINDOW);
	gen_iso_time(s, g->t_begin);
	jw_str(&j, "start_time", s);
	gen_iso_time(s, g->t_begin + g->n_windows * GEN_WINDOW);
	jw_str(&j, "end_time", s);
	jw_obj(&j, "counts");
	jw_int(&j, "records", (int64_t)res->records);
	jw_int(&j, "files", (int64_t)res->files);
	jw_int(&j, "bytes_gz", (int64_t)res->bytes_gz);
	jw_int(&j, "bytes_raw", (int64_t)res->bytes_raw);
	jw_int(&j, "incident_records", (int64_t)inc_total);
	jw_int(&j, "nodata_records", (int64_t)nodata);
	jw_int(&j, "skipdata_records", (int64_t)skipdata);
	jw_end_obj(&j);
	gen_topo_manifest(&g->topo, &j);
	gen_inc_manifest(g, &j);
	jw_end_obj(&j);

	snprintf(path, sizeof path, "%s/manifest.json", o->outdir);
	flowq_status st = j.ok ? gen_write_file(path, b.p, b.len, err)
			       : err_set(err, FLOWQ_ERR_NOMEM, "%s: out of memory", path);
	buf_free(&b);
	return st;
}

/* ---- gen_run ----------------------------------------------------------- */

static flowq_status check_opts(const struct gen_opts *o, struct flowq_error *err)
{
	if (!o->outdir || !o->outdir[0])
		return err_set(err, FLOWQ_ERR_USAGE, "generate: no output directory");
	if (strlen(o->outdir) > 3000)
		return err_set(err, FLOWQ_ERR_USAGE, "%s: output directory path too long",
			       o->outdir);
	if (o->records < 1 || o->records > GEN_MAX_RECORDS)
		return err_set(err, FLOWQ_ERR_USAGE,
			       "generate: --records must be between 1 and %llu",
			       (unsigned long long)GEN_MAX_RECORDS);
	if (o->days < 1 || o->days > GEN_MAX_DAYS)
		return err_set(err, FLOWQ_ERR_USAGE, "generate: --days must be between 1 and %d",
			       GEN_MAX_DAYS);
	if (!valid_date(o->start_y, o->start_m, o->start_d))
		return err_set(err, FLOWQ_ERR_USAGE,
			       "generate: --start-date %04d-%02d-%02d is not a date in 1970-2100",
			       o->start_y, o->start_m, o->start_d);
	if (o->threads < 1 || o->threads > GEN_MAX_THREADS)
		return err_set(err, FLOWQ_ERR_USAGE, "generate: --threads must be between 1 and %d",
			       GEN_MAX_THREADS);
	if (o->format != GEN_V2 && o->format != GEN_V5)
		return err_set(err, FLOWQ_ERR_USAGE, "generate: unknown format");
	return FLOWQ_OK;
}

flowq_status gen_run(const struct gen_opts *o, struct gen_result *res, struct flowq_error *err)
{
	struct gen_result r0 = {0};
	if (res)
		*res = r0;
	flowq_status st = check_opts(o, err);
	if (st != FLOWQ_OK)
		return st;

	struct gen_ctx *g = calloc(1, sizeof *g);
	if (!g)
		return err_set(err, FLOWQ_ERR_NOMEM, "generate: out of memory");
	g->seed = o->seed;
	g->records = o->records;
	g->format = o->format;
	g->t_begin = (uint32_t)(gen_days_from_civil(o->start_y, o->start_m, o->start_d) * 86400);
	g->n_windows = (uint32_t)o->days * (86400 / GEN_WINDOW);

	int days = o->days, n_workers = 0;
	char **day_dirs = calloc((size_t)days, sizeof *day_dirs);
	struct worker *wks = NULL;
	struct shared sh = {.g = g, .o = o, .day_dirs = day_dirs};
	pthread_mutex_init(&sh.lock, NULL);

	st = day_dirs ? gen_topo_build(&g->topo, o->seed) : FLOWQ_ERR_NOMEM;
	if (st == FLOWQ_OK)
		st = gen_inc_plan(g);
	if (st == FLOWQ_OK)
		st = gen_inc_measure(g);
	if (st == FLOWQ_OK)
		st = plan_budget(g, o->records);
	if (st == FLOWQ_ERR_LIMIT) {
		err_set(err, st, "generate: more than %d records in one 5-minute file",
			GEN_MAX_FILE_RECORDS);
		err_hint(err, "spread --records over more --days");
		goto done;
	}
	if (st != FLOWQ_OK) {
		err_set(err, st, "generate: %s while planning",
			st == FLOWQ_ERR_NOMEM ? "out of memory" : flowq_strerror(st));
		goto done;
	}
	st = make_dirs(g, o->outdir, day_dirs, err);
	if (st == FLOWQ_ERR_NOMEM)
		err_set(err, st, "generate: out of memory");
	if (st != FLOWQ_OK)
		goto done;
	char inv[4096];
	snprintf(inv, sizeof inv, "%s/inventory", o->outdir);
	st = gen_topo_write_inventory(&g->topo, inv, err);
	if (st != FLOWQ_OK)
		goto done;

	size_t max_recs = 0;
	for (uint32_t w = 0; w < g->n_windows; w++)
		max_recs = FQ_MAX(max_recs, (size_t)g->bg_recs[w] + g->inc_recs[w]);
	int nt = (int)FQ_MIN((uint32_t)o->threads, g->n_windows);
	wks = calloc((size_t)nt, sizeof *wks);
	if (!wks) {
		st = err_set(err, FLOWQ_ERR_NOMEM, "generate: out of memory");
		goto done;
	}
	for (; n_workers < nt; n_workers++) {
		if (!worker_init(&wks[n_workers], &sh, max_recs)) {
			worker_free(&wks[n_workers]);
			st = err_set(err, FLOWQ_ERR_NOMEM, "generate: out of memory");
			goto done;
		}
	}
	int started = 1;
	for (int i = 1; i < nt; i++, started++)
		if (pthread_create(&wks[i].tid, NULL, work, &wks[i]) != 0)
			break; /* fewer threads: the others take up the work */
	wks[0].is_main = true;
	work(&wks[0]);
	for (int i = 1; i < started; i++)
		pthread_join(wks[i].tid, NULL);
	if (sh.failed) {
		if (err)
			*err = sh.err;
		st = sh.err.code;
		goto done;
	}

	struct gen_result out = {0};
	uint64_t nodata = 0, skipdata = 0;
	for (int i = 0; i < nt; i++) {
		out.records += wks[i].records;
		out.files += wks[i].files;
		out.bytes_gz += wks[i].bytes_gz;
		out.bytes_raw += wks[i].bytes_raw;
		nodata += wks[i].nodata;
		skipdata += wks[i].skipdata;
	}
	st = write_manifest(g, o, &out, nodata, skipdata, err);
	if (st == FLOWQ_OK && res)
		*res = out;

done:
	for (int i = 0; i < n_workers; i++)
		worker_free(&wks[i]);
	free(wks);
	for (int i = 0; day_dirs && i < days; i++)
		free(day_dirs[i]);
	free(day_dirs);
	pthread_mutex_destroy(&sh.lock);
	gen_inc_free(g);
	free(g->bg_recs);
	gen_topo_free(&g->topo);
	free(g);
	return st;
}
