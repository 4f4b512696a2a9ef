/*
 * fn_ip.c - address functions (Trino's contains(cidr, ipaddress) and
 * Presto's is_subnet_of with the prefix as text) and flowq's own helpers
 * for flow log fields: is_private_ip, protocol_name, tcp_flags_names.
 *
 * contains() follows Trino exactly: the CIDR text must have a '/', a valid
 * network address and, for IPv4, no host bits set ('10.0.0.1/8' is an
 * error); an IPv4 network never contains an IPv6 address nor the other way
 * round, and an IPv4-mapped address (::ffff:a.b.c.d) counts as IPv4 on both
 * sides, as Java's InetAddress makes it.  A constant CIDR is parsed once at
 * bind time, so a typo is reported before any file is read.
 *
 * is_subnet_of() follows Presto's IPPREFIX: the prefix text is masked to its
 * network ('10.1.2.3/8' means 10.0.0.0/8) and compared as a 16-byte range,
 * so an IPv6 prefix such as ::/0 also covers IPv4 addresses.  Trino (and so
 * Athena engine 3) has no IPPREFIX; flowq offers it as its own function.
 */
#include "exec/fn_impl.h"

#include <stdio.h>

/* A network: address bits of the family (v4: the last 4 bytes of net). */
struct cidr {
	struct fq_ip net;
	int bits; /* prefix length within the family (v4: 0..32) */
	bool v4;
};

/* Java's Integer.parseInt: [+-]digits within int32. */
static bool java_int(const char *p, size_t n, int64_t *v)
{
	size_t i = 0;
	bool neg = false;
	if (n && (p[0] == '+' || p[0] == '-')) {
		neg = p[0] == '-';
		i = 1;
	}
	if (i == n)
		return false;
	int64_t x = 0;
	for (; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		x = x * 10 + (p[i] - '0');
		if (x > (int64_t)INT32_MAX + 1)
			return false;
	}
	x = neg ? -x : x;
	if (x > INT32_MAX)
		return false;
	*v = x;
	return true;
}

/* Trino's CIDR rules for contains(); false with msg set. */
static bool parse_cidr(struct fq_str s, struct cidr *c, char *msg, size_t cap)
{
	const char *slash = s.len ? memchr(s.p, '/', s.len) : NULL;
	if (!slash) {
		snprintf(msg, cap, "Invalid CIDR");
		return false;
	}
	if (!ip_parse(s.p, (size_t)(slash - s.p), &c->net)) {
		snprintf(msg, cap, "Invalid network IP address");
		return false;
	}
	int64_t bits;
	const char *num = slash + 1;
	if (!java_int(num, (size_t)(s.p + s.len - num), &bits)) {
		snprintf(msg, cap, "Invalid CIDR");
		return false;
	}
	if (bits < 0) {
		snprintf(msg, cap, "Invalid prefix length");
		return false;
	}
	c->v4 = ip_is_v4(&c->net);
	if (bits > (c->v4 ? 32 : 128)) {
		snprintf(msg, cap, "Prefix length exceeds address length");
		return false;
	}
	c->bits = (int)bits;
	if (c->v4) {
		uint32_t a = (uint32_t)c->net.b[12] << 24 | (uint32_t)c->net.b[13] << 16 |
			     (uint32_t)c->net.b[14] << 8 | c->net.b[15];
		uint32_t host = bits == 32 ? 0 : 0xffffffffu >> bits;
		if (a & host) {
			snprintf(msg, cap, "Invalid CIDR");
			return false;
		}
	}
	return true;
}

/* Do the first `bits` bits of a and b (from byte `from`) agree? */
static bool prefix_eq(const uint8_t *a, const uint8_t *b, int bits)
{
	int whole = bits / 8, rest = bits % 8;
	if (memcmp(a, b, (size_t)whole) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (a[whole] & mask) == (b[whole] & mask);
}

static bool cidr_contains(const struct cidr *c, const struct fq_ip *ip)
{
	bool v4 = ip_is_v4(ip);
	if (v4 != c->v4)
		return false;
	if (v4)
		return prefix_eq(c->net.b + 12, ip->b + 12, c->bits);
	return prefix_eq(c->net.b, ip->b, c->bits);
}

/* ---- contains ----------------------------------------------------------- */

FN_BIND(contains)
{
	static const struct fn_sig sigs[] = {{T_BOOLEAN, 2, {T_VARCHAR, T_IPADDRESS}}};
	if (fn_match(b, err, "contains", sigs, 1) < 0)
		return FLOWQ_ERR_SQL_SEMANTIC;
	const struct fq_str *s = fn_const_str(b, 0);
	if (!s)
		return FLOWQ_OK;
	struct cidr *c = arena_alloc(b->arena, sizeof *c);
	if (!c)
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
	char msg[128];
	if (!parse_cidr(*s, c, msg, sizeof msg))
		return err_set(err, FLOWQ_ERR_SQL_SEMANTIC, "%s", msg);
	b->state = c;
	return FLOWQ_OK;
}

FN_EVAL(contains)
{
	struct cidr tmp;
	const struct cidr *c = ctx->state;
	if (!c) {
		char msg[128];
		if (!parse_cidr(args[0].s, &tmp, msg, sizeof msg))
			return fn_fail(ctx, "%s", msg);
		c = &tmp;
	}
	/* Trino (and so Athena) refuses to compare across IP versions */
	if (ip_is_v4(&args[1].ip) != c->v4)
		return fn_fail(ctx, "IP address version should be the same");
	*out = val_bool(cidr_contains(c, &args[1].ip));
	return FLOWQ_OK;
}

/* ---- is_subnet_of (Presto's IPPREFIX) ----------------------------------- */

/* A prefix over the 16-byte form: IPv4 /n is ::ffff:a.b.c.d/(96 + n). */
struct prefix {
	struct fq_ip net;
	int bits;
};

static bool parse_prefix(struct fq_str s, struct prefix *px)
{
	const char *slash = s.len ? memchr(s.p, '/', s.len) : NULL;
	int64_t bits;
	if (!slash || !ip_parse(s.p, (size_t)(slash - s.p), &px->net) ||
	    !java_int(slash + 1, (size_t)(s.p + s.len - slash - 1), &bits))
		return false;
	bool v4 = ip_is_v4(&px->net);
	if (bits < 0 || bits > (v4 ? 32 : 128))
		return false;
	px->bits = (int)bits + (v4 ? 96 : 0);
	for (int i = px->bits; i < 128; i++) /* mask the host bits */
		px->net.b[i / 8] &= (uint8_t) ~(0x80 >> (i % 8));
	return true;
}

struct subnet_state {
	bool have;
	struct prefix px;
};

FN_BIND(is_subnet_of)
{
	static const struct fn_sig sigs[] = {
		{T_BOOLEAN, 2, {T_VARCHAR, T_IPADDRESS}},
		{T_BOOLEAN, 2, {T_VARCHAR, T_VARCHAR}},
	};
	if (fn_match(b, err, "is_subnet_of", sigs, FQ_ARRAY_LEN(sigs)) < 0)
		return FLOWQ_ERR_SQL_SEMANTIC;
	const struct fq_str *s = fn_const_str(b, 0);
	if (!s)
		return FLOWQ_OK;
	struct subnet_state *st = arena_alloc(b->arena, sizeof *st);
	if (!st)
		return err_set(err, FLOWQ_ERR_NOMEM, "out of memory");
	if (!parse_prefix(*s, &st->px))
		return err_set(err, FLOWQ_ERR_SQL_SEMANTIC, "Cannot cast value to IPPREFIX: %.*s",
			       (int)FQ_MIN(s->len, 200u), s->p);
	st->have = true;
	b->state = st;
	return FLOWQ_OK;
}

FN_EVAL(is_subnet_of)
{
	const struct subnet_state *st = ctx->state;
	struct prefix outer, inner;
	if (st && st->have) {
		outer = st->px;
	} else if (!parse_prefix(args[0].s, &outer)) {
		return fn_fail(ctx, "Cannot cast value to IPPREFIX: %.*s",
			       (int)FQ_MIN(args[0].s.len, 200u), args[0].s.p);
	}
	if (args[1].type == T_IPADDRESS) {
		inner.net = args[1].ip;
		inner.bits = 128;
	} else if (!parse_prefix(args[1].s, &inner)) {
		return fn_fail(ctx, "Cannot cast value to IPPREFIX: %.*s",
			       (int)FQ_MIN(args[1].s.len, 200u), args[1].s.p);
	}
	*out = val_bool(inner.bits >= outer.bits &&
			prefix_eq(outer.net.b, inner.net.b, outer.bits));
	return FLOWQ_OK;
}

/* ---- is_private_ip ------------------------------------------------------ */

/* The private, shared, loopback and link-local ranges, as 16-byte prefixes. */
static const struct {
	uint8_t b[16];
	int bits;
} private_nets[] = {
	{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 0}, 96 + 8},	/* RFC 1918 */
	{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 172, 16, 0, 0}, 96 + 12}, /* RFC 1918 */
	{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 0, 0}, 96 + 16}, /* RFC 1918 */
	{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 100, 64, 0, 0}, 96 + 10}, /* RFC 6598 */
	{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 0}, 96 + 8},   /* loopback */
	{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 169, 254, 0, 0}, 96 + 16}, /* link-local */
	{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128},		/* ::1 */
	{{0xfc, 0}, 7},								/* fc00::/7 */
	{{0xfe, 0x80}, 10},							/* fe80::/10 */
};

FN_BIND(is_private_ip)
{
	static const struct fn_sig sigs[] = {
		{T_BOOLEAN, 1, {T_VARCHAR}},
		{T_BOOLEAN, 1, {T_IPADDRESS}},
	};
	return fn_bind_sigs(b, err, "is_private_ip", sigs, FQ_ARRAY_LEN(sigs));
}

FN_EVAL(is_private_ip)
{
	struct fq_ip ip;
	if (args[0].type == T_IPADDRESS)
		ip = args[0].ip;
	else if (!ip_parse(args[0].s.p, args[0].s.len, &ip))
		return fn_ret_null(out, T_BOOLEAN); /* '-' and other non-addresses */
	bool priv = false;
	for (size_t i = 0; i < FQ_ARRAY_LEN(private_nets) && !priv; i++)
		priv = prefix_eq(private_nets[i].b, ip.b, private_nets[i].bits);
	*out = val_bool(priv);
	return FLOWQ_OK;
}

/* ---- protocol_name, tcp_flags_names ------------------------------------- */

/* IANA protocol keywords, lower case. */
static const struct {
	int number;
	const char *name;
} protocols[] = {
	{0, "hopopt"}, {1, "icmp"},	 {2, "igmp"},	   {4, "ipv4"}, {6, "tcp"},
	{17, "udp"},   {41, "ipv6"},	 {47, "gre"},	   {50, "esp"}, {51, "ah"},
	{58, "ipv6-icmp"}, {89, "ospfigp"}, {103, "pim"}, {112, "vrrp"}, {115, "l2tp"},
	{132, "sctp"},
};

FN_BIND(protocol_name)
{
	static const struct fn_sig sigs[] = {
		{T_VARCHAR, 1, {T_INTEGER}},
		{T_VARCHAR, 1, {T_BIGINT}},
	};
	return fn_bind_sigs(b, err, "protocol_name", sigs, FQ_ARRAY_LEN(sigs));
}

FN_EVAL(protocol_name)
{
	for (size_t i = 0; i < FQ_ARRAY_LEN(protocols); i++)
		if (protocols[i].number == args[0].i)
			return fn_ret_str(out, protocols[i].name, strlen(protocols[i].name));
	char tmp[24];
	int n = snprintf(tmp, sizeof tmp, "%lld", (long long)args[0].i);
	return fn_ret_copy(ctx, out, tmp, (size_t)n);
}

static const char *const tcp_flag_names[8] = {"FIN", "SYN", "RST", "PSH",
					       "ACK", "URG", "ECE", "CWR"};

FN_BIND(tcp_flags_names)
{
	static const struct fn_sig sigs[] = {
		{T_VARCHAR, 1, {T_INTEGER}},
		{T_VARCHAR, 1, {T_BIGINT}},
	};
	return fn_bind_sigs(b, err, "tcp_flags_names", sigs, FQ_ARRAY_LEN(sigs));
}

FN_EVAL(tcp_flags_names)
{
	int64_t v = args[0].i;
	if (v < 0)
		return fn_ret_null(out, T_VARCHAR);
	char tmp[40];
	size_t n = 0;
	for (int bit = 0; bit < 8; bit++) {
		if (!(v >> bit & 1))
			continue;
		if (n)
			tmp[n++] = ',';
		memcpy(tmp + n, tcp_flag_names[bit], 3);
		n += 3;
	}
	return fn_ret_copy(ctx, out, tmp, n);
}
