/*
 * fn_string.c - varchar functions: length, lower/upper, concat, substr,
 * strpos, split_part, replace, reverse, trim family, starts_with, lpad and
 * rpad, chr/codepoint, levenshtein/hamming distance and translate.
 *
 * Strings are UTF-8 slices; positions and lengths count Unicode code
 * points as Trino does, and a byte that is not valid UTF-8 counts as one
 * code point of its own so that nothing is ever lost or read past the end.
 * Results that are a piece of an argument are returned as a slice of it
 * (no copy); new strings are built in ctx->arena, bounded by FN_MAX_STR.
 *
 * lower() and upper() change ASCII letters only and pass every other
 * character through unchanged (Trino maps all of Unicode; flow log text is
 * ASCII).  Error texts are Trino's ("Index must be greater than zero",
 * "Padding string must not be empty", ...).
 */
#include "exec/fn_impl.h"

static const struct fn_sig s_s[] = {{T_VARCHAR, 1, {T_VARCHAR}}};

/* A code point, or 0x110000 + byte for a byte that is not valid UTF-8. */
#define CP_RAW 0x110000

static int32_t cp_next(const char **pp, const char *end)
{
	unsigned char first = (unsigned char)**pp;
	int32_t cp = fn_utf8_next(pp, end);
	return cp < 0 ? CP_RAW + first : cp;
}

static size_t cp_put(int32_t cp, char *out)
{
	if (cp >= CP_RAW) {
		out[0] = (char)(cp - CP_RAW);
		return 1;
	}
	return fn_utf8_put((uint32_t)cp, out);
}

/* The code points of s in an arena array; NULL with ctx->err set on failure. */
static int32_t *code_points(struct fn_ctx *ctx, struct fq_str s, size_t *n)
{
	int32_t *cps = (int32_t *)fn_alloc(ctx, ((size_t)s.len + 1) * sizeof *cps);
	if (!cps)
		return NULL;
	size_t k = 0;
	const char *p = s.p, *end = s.p + s.len;
	while (p < end)
		cps[k++] = cp_next(&p, end);
	*n = k;
	return cps;
}

static flowq_status ctx_status(struct fn_ctx *ctx)
{
	return ctx->err && ctx->err->code != FLOWQ_OK ? ctx->err->code : FLOWQ_ERR_NOMEM;
}

/* ---- length, lower, upper, reverse ------------------------------------ */

FN_BIND(length)
{
	static const struct fn_sig sigs[] = {{T_BIGINT, 1, {T_VARCHAR}}};
	return fn_bind_sigs(b, err, "length", sigs, 1);
}

FN_EVAL(length)
{
	*out = val_int(T_BIGINT, fn_utf8_count(args[0].s));
	return FLOWQ_OK;
}

static flowq_status map_ascii(struct fn_ctx *ctx, struct fq_str s, struct fq_value *out, char lo,
			      char hi, int delta)
{
	size_t i = 0;
	while (i < s.len && !(s.p[i] >= lo && s.p[i] <= hi))
		i++;
	if (i == s.len)
		return fn_ret_str(out, s.p, s.len); /* nothing to change */
	char *q = fn_alloc(ctx, s.len);
	if (!q)
		return ctx_status(ctx);
	memcpy(q, s.p, s.len);
	for (; i < s.len; i++)
		if (q[i] >= lo && q[i] <= hi)
			q[i] = (char)(q[i] + delta);
	return fn_ret_str(out, q, s.len);
}

FN_BIND(lower)
{
	return fn_bind_sigs(b, err, "lower", s_s, 1);
}

FN_EVAL(lower)
{
	return map_ascii(ctx, args[0].s, out, 'A', 'Z', 32);
}

FN_BIND(upper)
{
	return fn_bind_sigs(b, err, "upper", s_s, 1);
}

FN_EVAL(upper)
{
	return map_ascii(ctx, args[0].s, out, 'a', 'z', -32);
}

FN_BIND(reverse)
{
	return fn_bind_sigs(b, err, "reverse", s_s, 1);
}

FN_EVAL(reverse)
{
	struct fq_str s = args[0].s;
	char *q = fn_alloc(ctx, s.len);
	if (!q)
		return ctx_status(ctx);
	const char *p = s.p, *end = s.p + s.len;
	size_t w = s.len;
	while (p < end) {
		size_t n = fn_utf8_len(p, end);
		w -= n;
		memcpy(q + w, p, n);
		p += n;
	}
	return fn_ret_str(out, q, s.len);
}

/* ---- concat ------------------------------------------------------------- */

FN_BIND(concat)
{
	if (b->n_args < 2)
		return err_set(err, FLOWQ_ERR_SQL_SEMANTIC,
			       "There must be two or more concatenation arguments");
	for (int i = 0; i < b->n_args; i++)
		if (fn_coerce_cost(b->arg_types[i], T_VARCHAR) < 0)
			return fn_bad_args(b, err, "concat", "concat(varchar, varchar, ...)");
	b->result_type = T_VARCHAR;
	for (int i = 0; i < b->n_args; i++)
		b->arg_cast[i] = b->arg_types[i] == T_VARCHAR ? T_UNKNOWN : T_VARCHAR;
	return FLOWQ_OK;
}

FN_EVAL(concat)
{
	size_t total = 0;
	for (int i = 0; i < n_args; i++)
		total += args[i].s.len;
	char *q = fn_alloc(ctx, total);
	if (!q)
		return ctx_status(ctx);
	size_t w = 0;
	for (int i = 0; i < n_args; i++) {
		if (args[i].s.len)
			memcpy(q + w, args[i].s.p, args[i].s.len);
		w += args[i].s.len;
	}
	return fn_ret_str(out, q, total);
}

/* ---- substr ------------------------------------------------------------- */

FN_BIND(substr)
{
	static const struct fn_sig sigs[] = {
		{T_VARCHAR, 2, {T_VARCHAR, T_BIGINT}},
		{T_VARCHAR, 3, {T_VARCHAR, T_BIGINT, T_BIGINT}},
	};
	return fn_bind_sigs(b, err, "substr", sigs, FQ_ARRAY_LEN(sigs));
}

FN_EVAL(substr)
{
	struct fq_str s = args[0].s;
	int64_t start = args[1].i;
	bool has_len = n_args == 3;
	int64_t len = has_len ? args[2].i : 0;
	if (start == 0 || (has_len && len <= 0) || s.len == 0)
		return fn_ret_str(out, s.p, 0);
	int64_t from, to = s.len;
	if (start > 0) {
		from = fn_utf8_offset(s, 0, start - 1);
		if (from < 0)
			return fn_ret_str(out, s.p, 0);
		if (has_len) {
			to = fn_utf8_offset(s, (size_t)from, len);
			if (to < 0)
				to = s.len;
		}
	} else {
		int64_t cps = fn_utf8_count(s);
		if (start < -cps)
			return fn_ret_str(out, s.p, 0);
		start += cps;
		from = fn_utf8_offset(s, 0, start);
		if (has_len && len < cps - start)
			to = fn_utf8_offset(s, (size_t)from, len);
	}
	return fn_ret_str(out, s.p + from, (size_t)(to - from));
}

/* ---- strpos ------------------------------------------------------------- */

/* Last occurrence of needle starting at or before byte `at`; -1 when none. */
static int64_t rfind(struct fq_str s, struct fq_str needle, int64_t at)
{
	if (needle.len > s.len)
		return -1;
	int64_t i = FQ_MIN(at, (int64_t)(s.len - needle.len));
	for (; i >= 0; i--)
		if (memcmp(s.p + i, needle.p, needle.len) == 0)
			return i;
	return -1;
}

static int64_t find(struct fq_str s, struct fq_str needle, int64_t from)
{
	if (from > (int64_t)s.len)
		return -1;
	const char *hit = memmem(s.p + from, s.len - (size_t)from, needle.p, needle.len);
	return hit ? hit - s.p : -1;
}

FN_BIND(strpos)
{
	static const struct fn_sig sigs[] = {
		{T_BIGINT, 2, {T_VARCHAR, T_VARCHAR}},
		{T_BIGINT, 3, {T_VARCHAR, T_VARCHAR, T_BIGINT}},
	};
	return fn_bind_sigs(b, err, "strpos", sigs, FQ_ARRAY_LEN(sigs));
}

FN_EVAL(strpos)
{
	struct fq_str s = args[0].s, sub = args[1].s;
	int64_t instance = n_args == 3 ? args[2].i : 1;
	if (instance == 0)
		return fn_fail(ctx, "'instance' must be a positive or negative number.");
	if (sub.len == 0) {
		*out = val_int(T_BIGINT, 1);
		return FLOWQ_OK;
	}
	int64_t idx;
	if (instance > 0) {
		idx = -1;
		for (int64_t k = 0; k < instance; k++) {
			idx = find(s, sub, idx + 1);
			if (idx < 0)
				break;
		}
	} else {
		idx = s.len;
		for (int64_t k = 0; k > instance; k--) {
			idx = rfind(s, sub, idx - 1);
			if (idx < 0)
				break;
		}
	}
	*out = val_int(T_BIGINT, idx < 0 ? 0 : fn_utf8_count(str_make(s.p, (size_t)idx)) + 1);
	return FLOWQ_OK;
}

/* ---- split_part --------------------------------------------------------- */

FN_BIND(split_part)
{
	static const struct fn_sig sigs[] = {{T_VARCHAR, 3, {T_VARCHAR, T_VARCHAR, T_BIGINT}}};
	return fn_bind_sigs(b, err, "split_part", sigs, 1);
}

FN_EVAL(split_part)
{
	struct fq_str s = args[0].s, delim = args[1].s;
	int64_t index = args[2].i;
	if (index <= 0)
		return fn_fail(ctx, "Index must be greater than zero");
	if (delim.len == 0) {
		/* every character is a field */
		int64_t from = fn_utf8_offset(s, 0, index - 1);
		if (from < 0 || from >= (int64_t)s.len)
			return fn_ret_null(out, T_VARCHAR);
		return fn_ret_str(out, s.p + from, fn_utf8_len(s.p + from, s.p + s.len));
	}
	int64_t matches = 0, prev = 0;
	while (prev < (int64_t)s.len) {
		int64_t hit = find(s, delim, prev);
		if (hit < 0)
			break;
		if (++matches == index)
			return fn_ret_str(out, s.p + prev, (size_t)(hit - prev));
		prev = hit + delim.len;
	}
	if (matches == index - 1)
		return fn_ret_str(out, s.p + prev, s.len - (size_t)prev);
	return fn_ret_null(out, T_VARCHAR);
}

/* ---- replace ------------------------------------------------------------ */

FN_BIND(replace)
{
	static const struct fn_sig sigs[] = {
		{T_VARCHAR, 2, {T_VARCHAR, T_VARCHAR}},
		{T_VARCHAR, 3, {T_VARCHAR, T_VARCHAR, T_VARCHAR}},
	};
	return fn_bind_sigs(b, err, "replace", sigs, FQ_ARRAY_LEN(sigs));
}

FN_EVAL(replace)
{
	struct fq_str s = args[0].s, search = args[1].s;
	struct fq_str rep = n_args == 3 ? args[2].s : str_make("", 0);
	const char *end = s.p + s.len;
	if (search.len == 0) {
		/* the replacement goes before every character and at the end */
		size_t n = (size_t)fn_utf8_count(s);
		if (rep.len && n + 1 > FN_MAX_STR / rep.len)
			return fn_fail(ctx, "replace result too long");
		char *q = fn_alloc(ctx, (n + 1) * rep.len + s.len);
		if (!q)
			return ctx_status(ctx);
		size_t w = 0;
		for (const char *p = s.p; p < end;) {
			size_t k = fn_utf8_len(p, end);
			memcpy(q + w, rep.p, rep.len);
			w += rep.len;
			memcpy(q + w, p, k);
			w += k;
			p += k;
		}
		memcpy(q + w, rep.p, rep.len);
		return fn_ret_str(out, q, w + rep.len);
	}
	size_t hits = 0;
	for (int64_t at = find(s, search, 0); at >= 0; at = find(s, search, at + search.len))
		hits++;
	if (hits == 0)
		return fn_ret_str(out, s.p, s.len);
	size_t total = s.len - hits * search.len;
	if (rep.len && hits > (FN_MAX_STR - total) / rep.len)
		return fn_fail(ctx, "replace result too long");
	total += hits * rep.len;
	char *q = fn_alloc(ctx, total);
	if (!q)
		return ctx_status(ctx);
	size_t w = 0;
	int64_t prev = 0;
	for (int64_t at = find(s, search, 0); at >= 0; at = find(s, search, at + search.len)) {
		memcpy(q + w, s.p + prev, (size_t)(at - prev));
		w += (size_t)(at - prev);
		if (rep.len)
			memcpy(q + w, rep.p, rep.len);
		w += rep.len;
		prev = at + search.len;
	}
	memcpy(q + w, s.p + prev, s.len - (size_t)prev);
	return fn_ret_str(out, q, total);
}

/* ---- trim --------------------------------------------------------------- */

/* Java's Character.isWhitespace, which Trino's trim uses. */
static bool is_ws(int32_t cp)
{
	return (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x20) || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x2006) || (cp >= 0x2008 && cp <= 0x200a) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x205f || cp == 0x3000;
}

static bool in_set(int32_t cp, struct fq_str set)
{
	const char *p = set.p, *end = set.p + set.len;
	while (p < end)
		if (cp_next(&p, end) == cp)
			return true;
	return false;
}

static bool trimmable(int32_t cp, const struct fq_str *set)
{
	return set ? in_set(cp, *set) : is_ws(cp);
}

static flowq_status do_trim(const struct fq_value *args, int n_args, struct fq_value *out,
			    bool left, bool right)
{
	struct fq_str s = args[0].s;
	const struct fq_str *set = n_args == 2 ? &args[1].s : NULL;
	const char *p = s.p, *end = s.p + s.len;
	if (left) {
		while (p < end) {
			const char *q = p;
			if (!trimmable(cp_next(&q, end), set))
				break;
			p = q;
		}
	}
	if (right) {
		while (end > p) {
			/* step back to the start of the last code point */
			const char *q = end - 1;
			while (q > p && ((unsigned char)*q & 0xc0) == 0x80 && end - q < 4)
				q--;
			const char *r = q;
			int32_t cp = cp_next(&r, end);
			if (r != end) { /* not one whole code point: take the last byte alone */
				q = end - 1;
				r = q;
				cp = cp_next(&r, end);
			}
			if (!trimmable(cp, set))
				break;
			end = q;
		}
	}
	return fn_ret_str(out, p, (size_t)(end - p));
}

static const struct fn_sig trim_sigs[] = {
	{T_VARCHAR, 1, {T_VARCHAR}},
	{T_VARCHAR, 2, {T_VARCHAR, T_VARCHAR}},
};

FN_BIND(trim)
{
	return fn_bind_sigs(b, err, "trim", trim_sigs, FQ_ARRAY_LEN(trim_sigs));
}

FN_EVAL(trim)
{
	return do_trim(args, n_args, out, true, true);
}

FN_BIND(ltrim)
{
	return fn_bind_sigs(b, err, "ltrim", trim_sigs, FQ_ARRAY_LEN(trim_sigs));
}

FN_EVAL(ltrim)
{
	return do_trim(args, n_args, out, true, false);
}

FN_BIND(rtrim)
{
	return fn_bind_sigs(b, err, "rtrim", trim_sigs, FQ_ARRAY_LEN(trim_sigs));
}

FN_EVAL(rtrim)
{
	return do_trim(args, n_args, out, false, true);
}

/* ---- starts_with -------------------------------------------------------- */

FN_BIND(starts_with)
{
	static const struct fn_sig sigs[] = {{T_BOOLEAN, 2, {T_VARCHAR, T_VARCHAR}}};
	return fn_bind_sigs(b, err, "starts_with", sigs, 1);
}

FN_EVAL(starts_with)
{
	struct fq_str s = args[0].s, pre = args[1].s;
	*out = val_bool(pre.len <= s.len && memcmp(s.p, pre.p, pre.len) == 0);
	return FLOWQ_OK;
}

/* ---- lpad, rpad --------------------------------------------------------- */

static const struct fn_sig pad_sigs[] = {{T_VARCHAR, 3, {T_VARCHAR, T_BIGINT, T_VARCHAR}}};

static flowq_status pad(const struct fq_value *args, struct fq_value *out, struct fn_ctx *ctx,
			bool left)
{
	struct fq_str s = args[0].s, fill = args[2].s;
	int64_t target = args[1].i;
	if (target < 0 || target > INT32_MAX)
		return fn_fail(ctx, "Target length must be in the range [0..2147483647]");
	if (fill.len == 0)
		return fn_fail(ctx, "Padding string must not be empty");
	int64_t have = fn_utf8_count(s);
	if (have == target)
		return fn_ret_str(out, s.p, s.len);
	if (have > target) {
		int64_t cut = fn_utf8_offset(s, 0, target);
		return fn_ret_str(out, s.p, (size_t)cut);
	}
	size_t need = (size_t)(target - have); /* code points of padding */
	if (need > FN_MAX_STR)
		return fn_fail(ctx, "Target length %lld is too large", (long long)target);
	/* bytes of padding: whole copies of fill, then a prefix of it */
	size_t fill_cps = (size_t)fn_utf8_count(fill);
	size_t whole = need / fill_cps, part_cps = need % fill_cps;
	size_t part = (size_t)fn_utf8_offset(fill, 0, (int64_t)part_cps);
	if (whole > (FN_MAX_STR - part - s.len) / fill.len)
		return fn_fail(ctx, "Target length %lld is too large", (long long)target);
	size_t pad_bytes = whole * fill.len + part;
	char *q = fn_alloc(ctx, pad_bytes + s.len);
	if (!q)
		return ctx_status(ctx);
	char *padp = left ? q : q + s.len;
	memcpy(left ? q + pad_bytes : q, s.p, s.len);
	for (size_t k = 0; k < whole; k++)
		memcpy(padp + k * fill.len, fill.p, fill.len);
	memcpy(padp + whole * fill.len, fill.p, part);
	return fn_ret_str(out, q, pad_bytes + s.len);
}

FN_BIND(lpad)
{
	return fn_bind_sigs(b, err, "lpad", pad_sigs, 1);
}

FN_EVAL(lpad)
{
	return pad(args, out, ctx, true);
}

FN_BIND(rpad)
{
	return fn_bind_sigs(b, err, "rpad", pad_sigs, 1);
}

FN_EVAL(rpad)
{
	return pad(args, out, ctx, false);
}

/* ---- chr, codepoint ----------------------------------------------------- */

FN_BIND(chr)
{
	static const struct fn_sig sigs[] = {{T_VARCHAR, 1, {T_BIGINT}}};
	return fn_bind_sigs(b, err, "chr", sigs, 1);
}

FN_EVAL(chr)
{
	int64_t cp = args[0].i;
	if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return fn_fail(ctx, "Not a valid Unicode code point: %lld", (long long)cp);
	char tmp[4];
	size_t n = fn_utf8_put((uint32_t)cp, tmp);
	return fn_ret_copy(ctx, out, tmp, n);
}

FN_BIND(codepoint)
{
	static const struct fn_sig sigs[] = {{T_INTEGER, 1, {T_VARCHAR}}};
	return fn_bind_sigs(b, err, "codepoint", sigs, 1);
}

FN_EVAL(codepoint)
{
	struct fq_str s = args[0].s;
	const char *p = s.p, *end = s.p + s.len;
	if (fn_utf8_count(s) != 1)
		return fn_fail(ctx, "Input string must be a single character string");
	int32_t cp = fn_utf8_next(&p, end);
	if (cp < 0)
		return fn_fail(ctx, "Invalid UTF-8 encoding");
	*out = val_int(T_INTEGER, cp);
	return FLOWQ_OK;
}

/* ---- distances, translate ----------------------------------------------- */

static const struct fn_sig dist_sigs[] = {{T_BIGINT, 2, {T_VARCHAR, T_VARCHAR}}};

FN_BIND(levenshtein_distance)
{
	return fn_bind_sigs(b, err, "levenshtein_distance", dist_sigs, 1);
}

FN_EVAL(levenshtein_distance)
{
	size_t nl, nr;
	int32_t *l = code_points(ctx, args[0].s, &nl);
	int32_t *r = l ? code_points(ctx, args[1].s, &nr) : NULL;
	if (!r)
		return ctx_status(ctx);
	if (nl < nr) {
		int32_t *t = l;
		size_t tn = nl;
		l = r;
		nl = nr;
		r = t;
		nr = tn;
	}
	if (nr == 0) {
		*out = val_int(T_BIGINT, (int64_t)nl);
		return FLOWQ_OK;
	}
	if ((uint64_t)nl * (nr - 1) > 1000000)
		return fn_fail(ctx, "The combined inputs for Levenshtein distance are too large");
	int64_t *dist = (int64_t *)fn_alloc(ctx, nr * sizeof *dist);
	if (!dist)
		return ctx_status(ctx);
	for (size_t j = 0; j < nr; j++)
		dist[j] = (int64_t)j + 1;
	for (size_t i = 0; i < nl; i++) {
		int64_t diag = (int64_t)i; /* distance of l[0..i) to r[0..0) */
		int64_t left = (int64_t)i + 1;
		for (size_t j = 0; j < nr; j++) {
			int64_t up = dist[j];
			int64_t v = l[i] == r[j] ? diag : FQ_MIN(FQ_MIN(up, left), diag) + 1;
			diag = up;
			dist[j] = left = v;
		}
	}
	*out = val_int(T_BIGINT, dist[nr - 1]);
	return FLOWQ_OK;
}

FN_BIND(hamming_distance)
{
	return fn_bind_sigs(b, err, "hamming_distance", dist_sigs, 1);
}

FN_EVAL(hamming_distance)
{
	const char *a = args[0].s.p, *ae = a + args[0].s.len;
	const char *c = args[1].s.p, *ce = c + args[1].s.len;
	int64_t d = 0;
	while (a < ae && c < ce)
		d += cp_next(&a, ae) != cp_next(&c, ce);
	if (a != ae || c != ce)
		return fn_fail(ctx, "The input strings to hamming_distance function must have the "
				    "same length");
	*out = val_int(T_BIGINT, d);
	return FLOWQ_OK;
}

FN_BIND(translate)
{
	static const struct fn_sig sigs[] = {{T_VARCHAR, 3, {T_VARCHAR, T_VARCHAR, T_VARCHAR}}};
	return fn_bind_sigs(b, err, "translate", sigs, 1);
}

FN_EVAL(translate)
{
	size_t nf, nt;
	int32_t *from = code_points(ctx, args[1].s, &nf);
	int32_t *to = from ? code_points(ctx, args[2].s, &nt) : NULL;
	if (!to)
		return ctx_status(ctx);
	struct fq_str s = args[0].s;
	/* worst case every character becomes a 4-byte one */
	char *q = fn_alloc(ctx, (size_t)s.len * 4);
	if (!q)
		return ctx_status(ctx);
	size_t w = 0;
	const char *p = s.p, *end = s.p + s.len;
	while (p < end) {
		int32_t cp = cp_next(&p, end);
		size_t k = 0;
		while (k < nf && from[k] != cp)
			k++; /* the first occurrence in `from` wins */
		if (k < nf) {
			if (k >= nt)
				continue; /* no counterpart: deleted */
			cp = to[k];
		}
		w += cp_put(cp, q + w);
	}
	return fn_ret_str(out, q, w);
}
