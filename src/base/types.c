/*
 * types.c - type names, value comparison, hashing and Athena-style
 * rendering, address parsing and civil-date arithmetic.
 *
 * Rendering follows what the Athena console (Trino) prints, because the
 * promise is "the same answer": doubles in Java's Double.toString shape
 * (1.0, 0.5, 1.0E10), timestamps with milliseconds, IPv6 in RFC 5952 form.
 */
#include "types.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const type_names[T_TYPE_COUNT] = {
	[T_UNKNOWN] = "unknown",	 [T_BOOLEAN] = "boolean",
	[T_INTEGER] = "integer",	 [T_BIGINT] = "bigint",
	[T_DOUBLE] = "double",		 [T_VARCHAR] = "varchar",
	[T_TIMESTAMP] = "timestamp",	 [T_DATE] = "date",
	[T_INTERVAL_DS] = "interval day to second",
	[T_INTERVAL_YM] = "interval year to month",
	[T_IPADDRESS] = "ipaddress",
};

const char *type_name(enum fq_type t)
{
	return (unsigned)t < T_TYPE_COUNT ? type_names[t] : "?";
}

enum fq_type type_from_name(const char *name, size_t len)
{
	char low[32];
	size_t n = 0;
	for (size_t i = 0; i < len && n < sizeof low - 1; i++) {
		char c = name[i];
		if (c == '(')
			break; /* varchar(10), timestamp(3), decimal(10,2) */
		low[n++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
	}
	while (n && low[n - 1] == ' ')
		n--;
	low[n] = 0;
	static const struct {
		const char *name;
		enum fq_type t;
	} map[] = {
		{"boolean", T_BOOLEAN},	 {"tinyint", T_INTEGER}, {"smallint", T_INTEGER},
		{"int", T_INTEGER},	 {"integer", T_INTEGER}, {"bigint", T_BIGINT},
		{"double", T_DOUBLE},	 {"real", T_DOUBLE},	 {"float", T_DOUBLE},
		{"decimal", T_DOUBLE},	 {"varchar", T_VARCHAR}, {"string", T_VARCHAR},
		{"char", T_VARCHAR},	 {"timestamp", T_TIMESTAMP}, {"date", T_DATE},
		{"ipaddress", T_IPADDRESS},
	};
	for (size_t i = 0; i < FQ_ARRAY_LEN(map); i++)
		if (strcmp(low, map[i].name) == 0)
			return map[i].t;
	if (strncmp(low, "timestamp", 9) == 0)
		return T_TIMESTAMP; /* "timestamp with time zone" */
	return T_UNKNOWN;
}

size_t type_slot_size(enum fq_type t)
{
	switch (t) {
	case T_BOOLEAN: return 1;
	case T_DOUBLE: return sizeof(double);
	case T_VARCHAR: return sizeof(struct fq_str);
	case T_IPADDRESS: return sizeof(struct fq_ip);
	case T_UNKNOWN: return 1;
	default: return sizeof(int64_t);
	}
}

void vec_get(const struct vec *v, uint32_t i, struct fq_value *out)
{
	memset(out, 0, sizeof *out);
	out->type = v->type;
	if (vec_is_null(v, i)) {
		out->is_null = true;
		return;
	}
	switch (v->type) {
	case T_BOOLEAN: out->b = v->b[i] != 0; break;
	case T_DOUBLE: out->d = v->f64[i]; break;
	case T_VARCHAR: out->s = v->s[i]; break;
	case T_IPADDRESS: out->ip = v->ip[i]; break;
	case T_UNKNOWN: out->is_null = true; break;
	default: out->i = v->i64[i]; break;
	}
}

bool vec_set(struct vec *v, uint32_t i, const struct fq_value *val, struct arena *a)
{
	if (val->is_null || val->type == T_UNKNOWN) {
		if (!v->nulls) {
			v->nulls = arena_alloc(a, v->cap);
			if (!v->nulls)
				return false;
		}
		v->nulls[i] = 1;
		return true;
	}
	if (v->nulls)
		v->nulls[i] = 0;
	switch (v->type) {
	case T_BOOLEAN: v->b[i] = val->b; break;
	case T_DOUBLE: v->f64[i] = val->d; break;
	case T_VARCHAR: v->s[i] = val->s; break;
	case T_IPADDRESS: v->ip[i] = val->ip; break;
	case T_UNKNOWN: break;
	default: v->i64[i] = val->i; break;
	}
	return true;
}

int val_cmp(const struct fq_value *a, const struct fq_value *b)
{
	switch (a->type) {
	case T_BOOLEAN: return (int)a->b - (int)b->b;
	case T_DOUBLE:
		if (isnan(a->d) || isnan(b->d)) /* Trino: NaN sorts above everything */
			return isnan(a->d) - isnan(b->d);
		return (a->d > b->d) - (a->d < b->d);
	case T_VARCHAR: return str_cmp(a->s, b->s);
	case T_IPADDRESS: return memcmp(a->ip.b, b->ip.b, 16);
	case T_UNKNOWN: return 0;
	default: return (a->i > b->i) - (a->i < b->i);
	}
}

uint64_t val_hash(const struct fq_value *v)
{
	if (v->is_null)
		return 0x6e756c6cULL;
	switch (v->type) {
	case T_BOOLEAN: return hash_u64(v->b);
	case T_DOUBLE: {
		double d = v->d == 0 ? 0.0 : v->d; /* -0.0 == 0.0 */
		uint64_t u;
		memcpy(&u, &d, 8);
		return hash_u64(u);
	}
	case T_VARCHAR: return hash_bytes(v->s.p, v->s.len, 0);
	case T_IPADDRESS: return hash_bytes(v->ip.b, 16, 0);
	default: return hash_u64((uint64_t)v->i);
	}
}

/* Java's Double.toString: shortest digits that round-trip, plain notation for
 * 1e-3 <= |d| < 1e7, otherwise d.dddE[-]n. */
static bool format_double(double d, struct buf *b)
{
	if (isnan(d))
		return buf_adds(b, "NaN");
	if (isinf(d))
		return buf_adds(b, d > 0 ? "Infinity" : "-Infinity");
	if (d == 0)
		return buf_adds(b, signbit(d) ? "-0.0" : "0.0");
	char tmp[40];
	int prec;
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*e", prec - 1, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	/* tmp = [-]D.DDDDe[+-]XX */
	char digits[24];
	int nd = 0;
	const char *p = tmp;
	bool neg = false;
	if (*p == '-') {
		neg = true;
		p++;
	}
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	int exp10 = atoi(p + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = 0;
	if (neg && !buf_addc(b, '-'))
		return false;
	double ad = fabs(d);
	if (ad >= 1e-3 && ad < 1e7) {
		if (exp10 >= 0) {
			for (int i = 0; i <= exp10; i++)
				buf_addc(b, i < nd ? digits[i] : '0');
			buf_addc(b, '.');
			if (nd > exp10 + 1)
				buf_add(b, digits + exp10 + 1, (size_t)(nd - exp10 - 1));
			else
				buf_addc(b, '0');
		} else {
			buf_adds(b, "0.");
			for (int i = 0; i < -exp10 - 1; i++)
				buf_addc(b, '0');
			buf_add(b, digits, (size_t)nd);
		}
		return true;
	}
	buf_addc(b, digits[0]);
	buf_addc(b, '.');
	if (nd > 1)
		buf_add(b, digits + 1, (size_t)(nd - 1));
	else
		buf_addc(b, '0');
	return buf_printf(b, "E%d", exp10);
}

const char fq_digit_pairs[201] = "00010203040506070809"
				 "10111213141516171819"
				 "20212223242526272829"
				 "30313233343536373839"
				 "40414243444546474849"
				 "50515253545556575859"
				 "60616263646566676869"
				 "70717273747576777879"
				 "80818283848586878889"
				 "90919293949596979899";

const uint64_t fq_pow10[20] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
	100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
	10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL,
};

bool val_format(const struct fq_value *v, struct buf *b)
{
	if (v->is_null)
		return buf_adds(b, "NULL");
	switch (v->type) {
	case T_BOOLEAN: return buf_adds(b, v->b ? "true" : "false");
	case T_INTEGER:
	case T_BIGINT: {
		/* by hand: printf is most of the cost of printing big results */
		char tmp[24];
		return buf_add(b, tmp, int_format(v->i, tmp));
	}
	case T_DOUBLE: return format_double(v->d, b);
	case T_VARCHAR: return buf_add(b, v->s.p, v->s.len);
	case T_TIMESTAMP: {
		int64_t ms = v->i;
		/* floor division without negating (INT64_MIN has no negation) */
		int64_t days = ms / 86400000 - (ms % 86400000 < 0);
		int64_t rem = ms - days * 86400000;
		int64_t y;
		unsigned m, d;
		civil_from_days(days, &y, &m, &d);
		return buf_printf(b, "%04lld-%02u-%02u %02d:%02d:%02d.%03d", (long long)y, m, d,
				  (int)(rem / 3600000), (int)(rem / 60000 % 60), (int)(rem / 1000 % 60),
				  (int)(rem % 1000));
	}
	case T_DATE: {
		int64_t y;
		unsigned m, d;
		civil_from_days(v->i, &y, &m, &d);
		return buf_printf(b, "%04lld-%02u-%02u", (long long)y, m, d);
	}
	case T_INTERVAL_DS: {
		int64_t ms = v->i;
		const char *sign = "";
		if (ms < 0) {
			sign = "-";
			ms = -ms;
		}
		return buf_printf(b, "%s%lld %02d:%02d:%02d.%03d", sign, (long long)(ms / 86400000),
				  (int)(ms / 3600000 % 24), (int)(ms / 60000 % 60),
				  (int)(ms / 1000 % 60), (int)(ms % 1000));
	}
	case T_INTERVAL_YM: {
		int64_t mo = v->i;
		const char *sign = "";
		if (mo < 0) {
			sign = "-";
			mo = -mo;
		}
		return buf_printf(b, "%s%lld-%lld", sign, (long long)(mo / 12), (long long)(mo % 12));
	}
	case T_IPADDRESS: {
		char tmp[64];
		size_t n = ip_format(&v->ip, tmp);
		return buf_add(b, tmp, n);
	}
	default: return buf_adds(b, "?");
	}
}

/* ---- addresses ------------------------------------------------------- */

bool ip4_from_text(const char *p, size_t n, uint8_t out[4])
{
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		if (part) {
			if (i >= n || p[i] != '.')
				return false;
			i++;
		}
		size_t start = i;
		unsigned v = 0;
		while (i < n && p[i] >= '0' && p[i] <= '9' && i - start < 3)
			v = v * 10 + (unsigned)(p[i++] - '0');
		if (i == start || v > 255)
			return false;
		if (i - start > 1 && p[start] == '0')
			return false; /* leading zeros are ambiguous (octal?): reject */
		out[part] = (uint8_t)v;
	}
	return i == n;
}

/* Each octet's text and '.' as 4 bytes (digits first, the rest zero) and
 * its length with the dot, made once at start-up: an address is then four
 * loads and four overlapping stores, with no branch on the octets' lengths. */
static uint32_t octet_txt[256];
static uint8_t octet_len[256];

__attribute__((constructor)) static void octet_init(void)
{
	for (unsigned x = 0; x < 256; x++) {
		unsigned len = 1 + (x >= 10) + (x >= 100);
		uint8_t t[4] = {0};
		unsigned at = 0;
		if (x >= 100)
			t[at++] = (uint8_t)('0' + x / 100);
		if (x >= 10)
			t[at++] = (uint8_t)('0' + x / 10 % 10);
		t[at++] = (uint8_t)('0' + x % 10);
		t[at] = '.';
		memcpy(&octet_txt[x], t, 4); /* byte order as in memory */
		octet_len[x] = (uint8_t)(len + 1);
	}
}

static inline size_t octet_dot(unsigned x, char *out)
{
	memcpy(out, &octet_txt[x], 4);
	return octet_len[x];
}

size_t ip4_format(const uint8_t b[4], char *out)
{
	size_t n = octet_dot(b[0], out);
	n += octet_dot(b[1], out + n);
	n += octet_dot(b[2], out + n);
	n += octet_dot(b[3], out + n) - 1; /* no '.' after the last */
	out[n] = 0;
	return n;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool parse_v6(const char *p, size_t n, uint8_t out[16])
{
	uint16_t words[8];
	int nw = 0, gap = -1;
	size_t i = 0;
	if (n < 2)
		return false;
	/* only a string with a '.' can end in an embedded IPv4 address */
	bool has_dot = memchr(p, '.', n) != NULL;
	if (p[0] == ':') {
		if (p[1] != ':')
			return false;
		gap = 0;
		i = 2;
		if (i == n)
			goto done;
	}
	while (i < n) {
		if (nw >= 8)
			return false;
		/* an embedded IPv4 tail */
		size_t j = i;
		while (has_dot && j < n && p[j] != ':' && p[j] != '.')
			j++;
		if (has_dot && j < n && p[j] == '.') {
			uint8_t v4[4];
			if (nw > 6 || !ip4_from_text(p + i, n - i, v4))
				return false;
			words[nw++] = (uint16_t)(v4[0] << 8 | v4[1]);
			words[nw++] = (uint16_t)(v4[2] << 8 | v4[3]);
			i = n;
			break;
		}
		unsigned v = 0;
		size_t start = i;
		int h;
		while (i < n && i - start < 4 && (h = hexval(p[i])) >= 0) {
			v = v * 16 + (unsigned)h;
			i++;
		}
		if (i == start)
			return false;
		words[nw++] = (uint16_t)v;
		if (i == n)
			break;
		if (p[i] != ':')
			return false;
		i++;
		if (i < n && p[i] == ':') {
			if (gap >= 0)
				return false;
			gap = nw;
			i++;
			if (i == n)
				break;
		} else if (i == n) {
			return false; /* trailing single colon */
		}
	}
done:
	if (gap < 0 && nw != 8)
		return false;
	if (gap >= 0 && nw > 7)
		return false;
	memset(out, 0, 16);
	int k = 0;
	int tail = gap >= 0 ? nw - gap : 0;
	for (int w = 0; w < (gap >= 0 ? gap : nw); w++, k++) {
		out[2 * k] = (uint8_t)(words[w] >> 8);
		out[2 * k + 1] = (uint8_t)words[w];
	}
	if (gap >= 0) {
		k = 8 - tail;
		for (int w = gap; w < nw; w++, k++) {
			out[2 * k] = (uint8_t)(words[w] >> 8);
			out[2 * k + 1] = (uint8_t)words[w];
		}
	}
	return true;
}

bool ip_parse(const char *p, size_t n, struct fq_ip *out)
{
	if (n == 0 || n > 45)
		return false;
	if (memchr(p, ':', n))
		return parse_v6(p, n, out->b);
	uint8_t v4[4];
	if (!ip4_from_text(p, n, v4))
		return false;
	memset(out->b, 0, 10);
	out->b[10] = out->b[11] = 0xff;
	memcpy(out->b + 12, v4, 4);
	return true;
}

size_t ip_format(const struct fq_ip *ip, char *out)
{
	if (ip_is_v4(ip))
		return ip4_format(ip->b + 12, out);
	uint16_t w[8];
	for (int i = 0; i < 8; i++)
		w[i] = (uint16_t)(ip->b[2 * i] << 8 | ip->b[2 * i + 1]);
	/* longest run of zero words (length >= 2), first one on ties */
	int best = -1, best_len = 0;
	for (int i = 0; i < 8;) {
		if (w[i] == 0) {
			int j = i;
			while (j < 8 && w[j] == 0)
				j++;
			if (j - i > best_len && j - i >= 2) {
				best = i;
				best_len = j - i;
			}
			i = j;
		} else {
			i++;
		}
	}
	size_t n = 0;
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			out[n++] = ':';
			if (i == 0)
				out[n++] = ':';
			i += best_len - 1;
			continue;
		}
		n += (size_t)sprintf(out + n, "%x", w[i]);
		if (i < 7)
			out[n++] = ':';
	}
	out[n] = 0;
	return n;
}

/* ---- civil dates (Howard Hinnant's well-known algorithms) ------------ */

int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	/* keep the arithmetic in range: beyond +-2^50 days no calendar matters */
	if (z > ((int64_t)1 << 50))
		z = (int64_t)1 << 50;
	if (z < -((int64_t)1 << 50))
		z = -((int64_t)1 << 50);
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}
