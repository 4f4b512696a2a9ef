/*
 * files.c - directory walking and S3 key classification.
 *
 * Classification looks at the path's segments once: it finds the AWSLogs
 * layout (account, "vpcflowlogs", region, then date segments), Hive-style
 * key=value segments, and the file-name pattern.  Where both the directory
 * and the file name give a date, the directory wins (it is what Athena's
 * partition sees); the file name is the fallback when a user synced only a
 * sub-folder.
 */
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "format/fields.h"

static bool all_digits(const char *p, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

static void copy_part(char *dst, size_t cap, const char *p, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, p, n);
	dst[n] = 0;
}

/* n decimal digits of v (zero-padded, NUL-terminated) into out[n+1]. */
static void put_digits(char *out, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
	out[n] = 0;
}

struct seg {
	const char *p;
	size_t n;
};

static int64_t parse_window(const char *name, size_t n)
{
	/* find "_YYYYMMDDTHHmmZ_" */
	for (size_t i = 0; i + 15 <= n; i++) {
		const char *s = name + i;
		if (s[0] != '_' || !all_digits(s + 1, 8) || s[9] != 'T' || !all_digits(s + 10, 4) ||
		    s[14] != 'Z')
			continue;
		int y = (s[1] - '0') * 1000 + (s[2] - '0') * 100 + (s[3] - '0') * 10 + (s[4] - '0');
		unsigned mo = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
		unsigned d = (unsigned)((s[7] - '0') * 10 + (s[8] - '0'));
		int hh = (s[10] - '0') * 10 + (s[11] - '0');
		int mm = (s[12] - '0') * 10 + (s[13] - '0');
		if (mo < 1 || mo > 12 || d < 1 || d > 31 || hh > 23 || mm > 59)
			continue;
		return days_from_civil(y, mo, d) * 86400 + hh * 3600 + mm * 60;
	}
	return 0;
}

void src_classify(struct src_file *f, const char *path)
{
	memset(f->dt, 0, sizeof f->dt);
	f->year[0] = f->month[0] = f->day[0] = f->hour[0] = 0;
	f->account[0] = f->region[0] = 0;
	f->window_end = 0;
	f->n_xpart = 0;

	struct seg segs[64];
	int ns = 0;
	const char *p = path;
	while (*p && ns < 64) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *q = strchr(p, '/');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		segs[ns].p = p;
		segs[ns].n = n;
		ns++;
		p += n;
	}
	if (ns == 0)
		return;
	int dirs = ns - 1; /* the last segment is the file name */

	/* AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD[/HH] */
	for (int i = 0; i + 3 < dirs; i++) {
		if (segs[i].n != 7 || memcmp(segs[i].p, "AWSLogs", 7) != 0)
			continue;
		if (!(segs[i + 2].n == 11 && memcmp(segs[i + 2].p, "vpcflowlogs", 11) == 0))
			continue;
		copy_part(f->account, sizeof f->account, segs[i + 1].p, segs[i + 1].n);
		copy_part(f->region, sizeof f->region, segs[i + 3].p, segs[i + 3].n);
		int j = i + 4;
		if (j + 2 < dirs && segs[j].n == 4 && all_digits(segs[j].p, 4) && segs[j + 1].n == 2 &&
		    all_digits(segs[j + 1].p, 2) && segs[j + 2].n == 2 && all_digits(segs[j + 2].p, 2)) {
			copy_part(f->year, sizeof f->year, segs[j].p, 4);
			copy_part(f->month, sizeof f->month, segs[j + 1].p, 2);
			copy_part(f->day, sizeof f->day, segs[j + 2].p, 2);
			if (j + 3 < dirs && segs[j + 3].n == 2 && all_digits(segs[j + 3].p, 2))
				copy_part(f->hour, sizeof f->hour, segs[j + 3].p, 2);
		}
		break;
	}
	/* Hive style key=value segments */
	for (int i = 0; i < dirs; i++) {
		const char *eq = memchr(segs[i].p, '=', segs[i].n);
		if (!eq)
			continue;
		size_t kn = (size_t)(eq - segs[i].p);
		const char *v = eq + 1;
		size_t vn = segs[i].n - kn - 1;
		const char *k = segs[i].p;
#define KEY(z) (kn == sizeof(z) - 1 && memcmp(k, z, kn) == 0)
		if (KEY("aws-account-id"))
			copy_part(f->account, sizeof f->account, v, vn);
		else if (KEY("aws-region"))
			copy_part(f->region, sizeof f->region, v, vn);
		else if (KEY("year") && vn == 4 && all_digits(v, 4))
			copy_part(f->year, sizeof f->year, v, vn);
		else if (KEY("month") && vn == 2 && all_digits(v, 2))
			copy_part(f->month, sizeof f->month, v, vn);
		else if (KEY("day") && vn == 2 && all_digits(v, 2))
			copy_part(f->day, sizeof f->day, v, vn);
		else if (KEY("hour") && vn == 2 && all_digits(v, 2))
			copy_part(f->hour, sizeof f->hour, v, vn);
		else if (KEY("dt") && vn == 10 && all_digits(v, 4) && all_digits(v + 5, 2) &&
			 all_digits(v + 8, 2)) {
			copy_part(f->year, sizeof f->year, v, 4);
			copy_part(f->month, sizeof f->month, v + 5, 2);
			copy_part(f->day, sizeof f->day, v + 8, 2);
		}
#undef KEY
	}
	/* the file name: <account>_vpcflowlogs_<region>_<id>_YYYYMMDDTHHmmZ_<hash> */
	const struct seg *name = &segs[ns - 1];
	f->window_end = parse_window(name->p, name->n);
	const char *us = memchr(name->p, '_', name->n);
	if (us && name->n > 13 && strncmp(us, "_vpcflowlogs_", 13) == 0) {
		if (!f->account[0])
			copy_part(f->account, sizeof f->account, name->p, (size_t)(us - name->p));
		const char *r = us + 13;
		const char *re = memchr(r, '_', name->n - (size_t)(r - name->p));
		if (re && !f->region[0])
			copy_part(f->region, sizeof f->region, r, (size_t)(re - r));
	}
	if (!f->year[0] && f->window_end) {
		/* fall back to the window's date; the name stamps the window's end,
		 * and AWS files the window under the day it started */
		int64_t t = f->window_end - 1;
		int64_t days = t / 86400;
		int64_t y;
		unsigned m, d;
		civil_from_days(days, &y, &m, &d);
		put_digits(f->year, (unsigned)y, 4);
		put_digits(f->month, m, 2);
		put_digits(f->day, d, 2);
		put_digits(f->hour, (unsigned)(t % 86400 / 3600), 2);
	}
	if (f->year[0] && f->month[0] && f->day[0]) {
		memcpy(f->dt, f->year, 4);
		f->dt[4] = '/';
		memcpy(f->dt + 5, f->month, 2);
		f->dt[7] = '/';
		memcpy(f->dt + 8, f->day, 2);
		f->dt[10] = 0;
	}
}

const char *src_part_value(const struct src_file *f, int col)
{
	switch (col) {
	case COL_DT: return f->dt;
	case COL_YEAR: return f->year;
	case COL_MONTH: return f->month;
	case COL_DAY: return f->day;
	case COL_HOUR: return f->hour;
	default:
		for (int i = 0; col >= COL_EXTRA && i < f->n_xpart; i++)
			if (f->xpart_col[i] == col)
				return f->xpart_val[i];
		return "";
	}
}

/* Split "a/b/c" into segments (pointers into buf, which is modified). */
static int split_segs(char *buf, char **segs, int max)
{
	int n = 0;
	for (char *p = strtok(buf, "/"); p && n < max; p = strtok(NULL, "/"))
		segs[n++] = p;
	return n;
}

void src_apply_template(struct src_list *l, const char *tmpl, const struct tmpl_part *parts, int n)
{
	char tb[1024];
	if (strncmp(tmpl, "s3://", 5) == 0)
		tmpl += 5;
	snprintf(tb, sizeof tb, "%s", tmpl);
	char *ts[64];
	int nt = split_segs(tb, ts, 64);
	for (int fi = 0; fi < l->n; fi++) {
		struct src_file *f = &l->files[fi];
		char pb[4096];
		snprintf(pb, sizeof pb, "%s", f->path);
		char *ps[256];
		int np = split_segs(pb, ps, 256) - 1; /* directories only */
		int j = np - 1;
		struct src_file tmp = *f;
		tmp.n_xpart = 0;
		bool ok = true;
		for (int k = nt - 1; k >= 0 && ok; k--) {
			/* once no placeholder is left, the rest may be anything (the
			 * local copy can be rooted anywhere) */
			bool left = false;
			for (int q = 0; q <= k; q++)
				left |= strstr(ts[q], "${") != NULL;
			if (!left)
				break;
			const char *seg = ts[k];
			const char *ph = strstr(seg, "${");
			if (!ph) {
				ok = j >= 0 && strcmp(seg, ps[j]) == 0;
				j--;
				continue;
			}
			const char *end = strchr(ph, '}');
			if (!end || j < 0) {
				ok = false;
				break;
			}
			const struct tmpl_part *tp = NULL;
			for (int i = 0; i < n; i++)
				if (strlen(parts[i].name) == (size_t)(end - ph - 2) &&
				    strncmp(parts[i].name, ph + 2, (size_t)(end - ph - 2)) == 0)
					tp = &parts[i];
			int span = tp && tp->segments > 1 ? tp->segments : 1;
			if (j - span + 1 < 0) {
				ok = false;
				break;
			}
			/* a literal prefix within the segment: "aws-region=${aws-region}" */
			size_t pre = (size_t)(ph - seg);
			const char *first = ps[j - span + 1];
			if (strncmp(first, seg, pre) != 0) {
				ok = false;
				break;
			}
			char val[64] = "";
			size_t vn = 0;
			for (int s2 = j - span + 1; s2 <= j; s2++) {
				const char *v = s2 == j - span + 1 ? first + pre : ps[s2];
				vn += (size_t)snprintf(val + vn, sizeof val - vn, "%s%s", vn ? "/" : "", v);
				if (vn >= sizeof val)
					vn = sizeof val - 1;
			}
			if (tp && tmp.n_xpart < 8) {
				if (tp->date && strlen(val) == 10)
					for (char *c = val; *c; c++)
						if (*c == '/')
							*c = '-';
				tmp.xpart_col[tmp.n_xpart] = tp->col;
				size_t vl = strnlen(val, sizeof tmp.xpart_val[0] - 1);
				memcpy(tmp.xpart_val[tmp.n_xpart], val, vl);
				tmp.xpart_val[tmp.n_xpart][vl] = 0;
				tmp.n_xpart++;
			}
			j -= span;
		}
		if (ok) {
			f->n_xpart = tmp.n_xpart;
			memcpy(f->xpart_col, tmp.xpart_col, sizeof f->xpart_col);
			memcpy(f->xpart_val, tmp.xpart_val, sizeof f->xpart_val);
		}
	}
}

static flowq_status push_file(struct src_list *l, const char *path, uint64_t size,
			      struct flowq_error *err)
{
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 64;
		struct src_file *nf = realloc(l->files, (size_t)cap * sizeof *nf);
		if (!nf)
			return err_set(err, FLOWQ_ERR_NOMEM, "out of memory listing files");
		l->files = nf;
		l->cap = cap;
	}
	if (!l->arena.block_size)
		arena_init(&l->arena, 64 * 1024);
	struct src_file *f = &l->files[l->n];
	memset(f, 0, sizeof *f);
	f->path = arena_strdup(&l->arena, path);
	if (!f->path)
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory listing files");
	f->size = size;
	f->index = l->n;
	src_classify(f, path);
	l->n++;
	return FLOWQ_OK;
}

static bool looks_like_log(const char *name)
{
	size_t n = strlen(name);
	static const char *const ext[] = {".log", ".log.gz", ".gz", ".txt"};
	for (size_t i = 0; i < FQ_ARRAY_LEN(ext); i++) {
		size_t e = strlen(ext[i]);
		if (n > e && strcmp(name + n - e, ext[i]) == 0)
			return true;
	}
	return false;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static flowq_status walk(struct src_list *l, const char *dir, int depth, struct flowq_error *err)
{
	if (depth > 64)
		return err_set(err, FLOWQ_ERR_LIMIT, "%s: directories nested deeper than 64", dir);
	DIR *d = opendir(dir);
	if (!d)
		return err_set(err, FLOWQ_ERR_IO, "%s: %s", dir, strerror(errno));
	char **names = NULL;
	size_t n = 0, cap = 0;
	flowq_status st = FLOWQ_OK;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nn = realloc(names, cap * sizeof *nn);
			if (!nn) {
				st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory walking %s", dir);
				goto out;
			}
			names = nn;
		}
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory walking %s", dir);
			goto out;
		}
		n++;
	}
	qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n && st == FLOWQ_OK; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *full = malloc(len);
		if (!full) {
			st = err_set(err, FLOWQ_ERR_NOMEM, "out of memory walking %s", dir);
			break;
		}
		snprintf(full, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		struct stat sb;
		if (stat(full, &sb) != 0) {
			/* a dangling link or a race: note it and go on */
			l->n_skipped++;
		} else if (S_ISDIR(sb.st_mode)) {
			st = walk(l, full, depth + 1, err);
		} else if (S_ISREG(sb.st_mode) && looks_like_log(names[i])) {
			st = push_file(l, full, (uint64_t)sb.st_size, err);
		} else {
			l->n_skipped++;
			if (l->n_skipped_kept < 5) {
				char **ns = realloc(l->skipped, (size_t)(l->n_skipped_kept + 1) * sizeof *ns);
				if (ns) {
					l->skipped = ns;
					if (!l->arena.block_size)
						arena_init(&l->arena, 64 * 1024);
					l->skipped[l->n_skipped_kept++] = arena_strdup(&l->arena, full);
				}
			}
		}
		free(full);
	}
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return st;
}

flowq_status src_add_path(struct src_list *l, const char *path, struct flowq_error *err)
{
	if (strcmp(path, "-") == 0)
		return push_file(l, "-", 0, err);
	struct stat sb;
	if (stat(path, &sb) != 0)
		return err_set(err, FLOWQ_ERR_IO, "%s: %s", path, strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return walk(l, path, 0, err);
	return push_file(l, path, (uint64_t)sb.st_size, err);
}

void src_list_free(struct src_list *l)
{
	if (!l)
		return;
	free(l->files);
	free(l->skipped);
	arena_free(&l->arena);
	memset(l, 0, sizeof *l);
}
