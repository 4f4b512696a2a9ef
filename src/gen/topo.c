/*
 * topo.c - the synthetic VPC of `flowq generate`, the internet around it,
 * and its inventory as the AWS CLI prints it.
 *
 * The VPC is fixed (the same for every --seed, so documentation can name
 * its hosts): 10.0.0.0/16 plus 2600:1f18:4a3b:7c00::/56, three AZs
 * (us-east-1a/b/c = use1-az1/az2/az4), and in each AZ a public /24, an app
 * /20 and a data /24.  In it live about 260 ENIs, described by a table of
 * roles (web fleet with public IPs behind an ALB, app tier, workers, NAT
 * gateways with Elastic IPs, RDS PostgreSQL, ElastiCache Redis, Lambda and
 * interface-endpoint ENIs, a bastion and a few exposed hosts, idle standby
 * ENIs that only ever log NODATA).  ENIs of one role are stored together,
 * AZ by AZ, so traffic code picks "an app instance in az2" by index.
 *
 * The internet depends on --seed: pools of client, service, scanner and
 * admin addresses, each with a Zipf-Mandelbrot popularity (weight ~
 * 1/(rank+q), integers only, so every platform draws the same numbers).
 * Public IPv4 addresses come from a 32-bit bijection of a counter, which
 * makes every address distinct without a hash set; reserved, private and
 * documentation ranges, and the /16s the VPC's own public addresses use,
 * are skipped.
 *
 * Every address is stored once, preformatted, in the address table; the
 * ENI table keeps the record prefix ("2 123456789012 eni-... ") and the v5
 * columns that belong to the ENI, so writing a record is mostly memcpy.
 */
#include "gen/gen_int.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const az_name[GEN_NAZ] = {"us-east-1a", "us-east-1b", "us-east-1c"};
static const char *const az_id[GEN_NAZ] = {"use1-az1", "use1-az2", "use1-az4"};

enum {
	SG_DEFAULT, SG_ALB, SG_WEB, SG_APP, SG_WORKER, SG_BATCH, SG_MON, SG_CI, SG_BASTION,
	SG_WINJUMP, SG_LEGACY, SG_REPORTING, SG_VPN, SG_RDS, SG_REDIS, SG_LAMBDA, SG_VPCE,
	SG_COUNT, SG_NONE = 255
};

static const struct {
	const char *name, *desc;
} sg_def[SG_COUNT] = {
	[SG_DEFAULT] = {"default", "default VPC security group"},
	[SG_ALB] = {"prod-alb-sg", "public load balancer"},
	[SG_WEB] = {"prod-web-sg", "web fleet"},
	[SG_APP] = {"prod-app-sg", "API tier"},
	[SG_WORKER] = {"prod-worker-sg", "queue workers"},
	[SG_BATCH] = {"prod-batch-sg", "batch and backup jobs"},
	[SG_MON] = {"prod-monitoring-sg", "monitoring"},
	[SG_CI] = {"prod-ci-sg", "CI runners"},
	[SG_BASTION] = {"prod-bastion-sg", "bastion host"},
	[SG_WINJUMP] = {"prod-winjump-sg", "Windows jump host"},
	[SG_LEGACY] = {"legacy-sftp-sg", "legacy partner SFTP"},
	[SG_REPORTING] = {"prod-reporting-sg", "reporting server"},
	[SG_VPN] = {"prod-vpn-sg", "OpenVPN server"},
	[SG_RDS] = {"prod-rds-sg", "PostgreSQL"},
	[SG_REDIS] = {"prod-redis-sg", "Redis"},
	[SG_LAMBDA] = {"prod-lambda-sg", "Lambda functions"},
	[SG_VPCE] = {"prod-vpce-sg", "interface endpoints"},
};

/* Security group rules: ingress unless egress is set.  Some allow traffic
 * that no flow ever uses (8080 and 3306, ftp): the "unused rule" reports
 * should find them. */
static const struct sg_rule {
	uint8_t sg;
	const char *proto; /* "tcp", "udp", "icmp", "-1" */
	int from, to;
	const char *cidr, *cidr6;
	uint8_t src_sg; /* SG_NONE when by CIDR */
	const char *desc;
} sg_rules[] = {
	{SG_DEFAULT, "-1", 0, 0, NULL, NULL, SG_DEFAULT, NULL},
	{SG_ALB, "tcp", 443, 443, "0.0.0.0/0", "::/0", SG_NONE, "https"},
	{SG_ALB, "tcp", 80, 80, "0.0.0.0/0", "::/0", SG_NONE, "http redirect"},
	{SG_WEB, "tcp", 80, 80, NULL, NULL, SG_ALB, "from the load balancer"},
	{SG_WEB, "tcp", 22, 22, NULL, NULL, SG_BASTION, "ssh from bastion"},
	{SG_WEB, "icmp", -1, -1, NULL, NULL, SG_MON, "ping from monitoring"},
	{SG_WEB, "tcp", 9100, 9100, NULL, NULL, SG_MON, "node exporter"},
	{SG_WEB, "tcp", 8080, 8080, "0.0.0.0/0", NULL, SG_NONE, "temporary debug port"},
	{SG_APP, "tcp", 443, 443, NULL, NULL, SG_WEB, "API from web"},
	{SG_APP, "tcp", 22, 22, NULL, NULL, SG_BASTION, "ssh from bastion"},
	{SG_APP, "icmp", -1, -1, NULL, NULL, SG_MON, "ping from monitoring"},
	{SG_APP, "tcp", 9100, 9100, NULL, NULL, SG_MON, "node exporter"},
	{SG_WORKER, "tcp", 22, 22, NULL, NULL, SG_BASTION, "ssh from bastion"},
	{SG_WORKER, "icmp", -1, -1, NULL, NULL, SG_MON, "ping from monitoring"},
	{SG_WORKER, "tcp", 9100, 9100, NULL, NULL, SG_MON, "node exporter"},
	{SG_BATCH, "tcp", 22, 22, NULL, NULL, SG_BASTION, "ssh from bastion"},
	{SG_BATCH, "tcp", 9100, 9100, NULL, NULL, SG_MON, "node exporter"},
	{SG_MON, "tcp", 22, 22, NULL, NULL, SG_BASTION, "ssh from bastion"},
	{SG_CI, "tcp", 22, 22, NULL, NULL, SG_BASTION, "ssh from bastion"},
	{SG_BASTION, "tcp", 22, 22, "0.0.0.0/0", NULL, SG_NONE, "ssh (TODO: office only)"},
	{SG_WINJUMP, "tcp", 3389, 3389, "0.0.0.0/0", NULL, SG_NONE, "rdp"},
	{SG_LEGACY, "tcp", 2222, 2222, "0.0.0.0/0", NULL, SG_NONE, "partner sftp"},
	{SG_LEGACY, "tcp", 21, 21, "0.0.0.0/0", NULL, SG_NONE, "old ftp"},
	{SG_REPORTING, "tcp", 443, 443, "0.0.0.0/0", NULL, SG_NONE, "reports"},
	{SG_REPORTING, "tcp", 22, 22, NULL, NULL, SG_BASTION, "ssh from bastion"},
	{SG_VPN, "udp", 1194, 1194, "0.0.0.0/0", NULL, SG_NONE, "openvpn"},
	{SG_VPN, "tcp", 443, 443, "0.0.0.0/0", NULL, SG_NONE, "openvpn over tcp"},
	{SG_VPN, "tcp", 22, 22, NULL, NULL, SG_BASTION, "ssh from bastion"},
	{SG_RDS, "tcp", 5432, 5432, NULL, NULL, SG_APP, "postgres from app"},
	{SG_RDS, "tcp", 5432, 5432, NULL, NULL, SG_WORKER, "postgres from workers"},
	{SG_RDS, "tcp", 5432, 5432, NULL, NULL, SG_LAMBDA, "postgres from lambda"},
	{SG_RDS, "tcp", 5432, 5432, NULL, NULL, SG_BATCH, "postgres from batch"},
	{SG_RDS, "tcp", 3306, 3306, NULL, NULL, SG_APP, "mysql (legacy)"},
	{SG_REDIS, "tcp", 6379, 6379, NULL, NULL, SG_APP, "redis from app"},
	{SG_REDIS, "tcp", 6379, 6379, NULL, NULL, SG_WORKER, "redis from workers"},
	{SG_REDIS, "tcp", 6379, 6379, NULL, NULL, SG_LAMBDA, "redis from lambda"},
	{SG_VPCE, "tcp", 443, 443, GEN_VPC_CIDR, NULL, SG_NONE, "https from the VPC"},
};

enum { NET_PUBLIC, NET_APP, NET_DATA };

/* The roles: how many ENIs per AZ, where, with which addresses. */
static const struct role_def {
	const char *stem;  /* Name tag stem */
	int per_az[GEN_NAZ];
	uint8_t net, sg;
	uint8_t pub;       /* 0 none, 1 auto-assigned public IP, 2 Elastic IP */
	bool ip6, instance;
	const char *type;  /* InterfaceType */
	const char *owner; /* Attachment.InstanceOwnerId / RequesterId for managed ENIs */
} roles[R_COUNT] = {
	[R_WEB] = {"web", {24, 24, 24}, NET_PUBLIC, SG_WEB, 1, true, true, "interface", NULL},
	[R_APP] = {"api", {40, 40, 40}, NET_APP, SG_APP, 0, false, true, "interface", NULL},
	[R_WORKER] = {"worker", {8, 8, 8}, NET_APP, SG_WORKER, 0, false, true, "interface", NULL},
	[R_BATCH] = {"batch", {1, 1, 1}, NET_APP, SG_BATCH, 0, false, true, "interface", NULL},
	[R_MON] = {"monitoring", {1, 1, 0}, NET_APP, SG_MON, 0, false, true, "interface", NULL},
	[R_CI] = {"ci-runner", {1, 0, 1}, NET_APP, SG_CI, 0, false, true, "interface", NULL},
	[R_BASTION] = {"bastion", {1, 0, 0}, NET_PUBLIC, SG_BASTION, 2, false, true, "interface",
		       NULL},
	[R_WINJUMP] = {"winjump", {0, 1, 0}, NET_PUBLIC, SG_WINJUMP, 2, false, true, "interface",
		       NULL},
	[R_LEGACY] = {"legacy-sftp", {0, 0, 1}, NET_PUBLIC, SG_LEGACY, 2, false, true, "interface",
		      NULL},
	[R_REPORTING] = {"reporting", {1, 0, 0}, NET_PUBLIC, SG_REPORTING, 2, false, true,
			 "interface", NULL},
	[R_VPN] = {"vpn", {0, 1, 0}, NET_PUBLIC, SG_VPN, 2, false, true, "interface", NULL},
	[R_STANDBY] = {"standby", {4, 4, 4}, NET_APP, SG_APP, 0, false, true, "interface", NULL},
	[R_ALB] = {"alb", {1, 1, 1}, NET_PUBLIC, SG_ALB, 1, true, false, "interface", "amazon-elb"},
	[R_NAT] = {"nat", {1, 1, 1}, NET_PUBLIC, SG_NONE, 2, false, false, "nat_gateway",
		   "amazon-aws"},
	[R_RDS] = {"rds", {1, 1, 1}, NET_DATA, SG_RDS, 0, false, false, "interface", "amazon-rds"},
	[R_REDIS] = {"redis", {1, 1, 1}, NET_DATA, SG_REDIS, 0, false, false, "interface",
		     "amazon-elasticache"},
	[R_LAMBDA] = {"lambda", {2, 2, 2}, NET_APP, SG_LAMBDA, 0, false, false, "lambda",
		      "AROAZ3EXAMPLE7LAMBDA:orders-worker"},
	[R_VPCE] = {"vpce", {2, 2, 2}, NET_APP, SG_VPCE, 0, false, false, "vpc_endpoint",
		    "210987654321"},
};

/* /16s the VPC's own public addresses come from (AWS-like ranges); the
 * internet pools never use them, so a public address means one thing. */
static const uint16_t aws16[] = {
	0x03d0, 0x03e6, 0x12cc, 0x22c4, 0x22e1, 0x2cce, 0x2cda, 0x3414, 0x3654, 0x36a0,
};

#define TOPO_SEED 0x666c6f7771766963ULL /* the VPC does not depend on --seed */

/* ---- small helpers ----------------------------------------------------- */

static uint64_t th(uint64_t a, uint64_t b)
{
	return hash_combine(hash_u64(TOPO_SEED ^ a), b);
}

void gen_make_id(char *out, size_t cap, const char *prefix, uint64_t h)
{
	snprintf(out, cap, "%s0%016llx", prefix, (unsigned long long)h);
}

static const char hexd[] = "0123456789abcdef";

static char *put_dec(char *p, unsigned v)
{
	char t[12];
	int n = 0;
	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = t[--n];
	return p;
}

int gen_fmt_ip4(char *out, uint32_t v)
{
	char *p = out;
	for (int s = 24; s >= 0; s -= 8) {
		p = put_dec(p, (v >> s) & 255);
		if (s)
			*p++ = '.';
	}
	*p = 0;
	return (int)(p - out);
}

int gen_fmt_ip6(char *out, const uint8_t b[16])
{
	unsigned g[8];
	for (int i = 0; i < 8; i++)
		g[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
	/* the longest run of two or more zero groups, the first on a tie */
	int best = -1, best_len = 1;
	for (int i = 0; i < 8;) {
		if (g[i]) {
			i++;
			continue;
		}
		int j = i;
		while (j < 8 && !g[j])
			j++;
		if (j - i > best_len) {
			best = i;
			best_len = j - i;
		}
		i = j;
	}
	char *p = out;
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			*p++ = ':';
			if (i == 0)
				*p++ = ':';
			i += best_len - 1;
			continue;
		}
		bool lead = true;
		for (int s = 12; s >= 0; s -= 4) {
			unsigned d = (g[i] >> s) & 15;
			if (d || !lead || s == 0) {
				*p++ = hexd[d];
				lead = false;
			}
		}
		if (i < 7)
			*p++ = ':';
	}
	*p = 0;
	return (int)(p - out);
}

static uint32_t add_addr(struct gen_topo *t, const char *txt, int len, bool is6)
{
	if (t->n_addrs == t->cap_addrs) {
		uint32_t cap = t->cap_addrs ? t->cap_addrs * 2 : 4096;
		struct gen_addr *a = realloc(t->addrs, cap * sizeof *a);
		if (!a)
			return GEN_NONE;
		t->addrs = a;
		t->cap_addrs = cap;
	}
	struct gen_addr *a = &t->addrs[t->n_addrs];
	memcpy(a->txt, txt, (size_t)len + 1);
	a->len = (uint8_t)len;
	a->is6 = is6;
	return t->n_addrs++;
}

static uint32_t add4(struct gen_topo *t, uint32_t v)
{
	char s[16];
	int n = gen_fmt_ip4(s, v);
	return add_addr(t, s, n, false);
}

static uint32_t add6(struct gen_topo *t, const uint8_t b[16])
{
	char s[40];
	int n = gen_fmt_ip6(s, b);
	return add_addr(t, s, n, true);
}

/* A bijection of 32-bit integers (xorshift-multiply rounds are invertible). */
static uint32_t perm32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x;
}

static bool is_internet4(uint32_t v)
{
	unsigned a = v >> 24, b = (v >> 16) & 255, c = (v >> 8) & 255;
	if (a == 0 || a == 10 || a == 127 || a >= 224)
		return false;
	if (a == 100 && b >= 64 && b < 128) /* CGNAT */
		return false;
	if ((a == 169 && b == 254) || (a == 172 && b >= 16 && b < 32) || (a == 192 && b == 168))
		return false;
	if (a == 192 && b == 0 && (c == 0 || c == 2)) /* IETF, TEST-NET-1 */
		return false;
	if ((a == 198 && (b == 18 || b == 19)) || (a == 198 && b == 51 && c == 100) ||
	    (a == 203 && b == 0 && c == 113) || (a == 192 && b == 88 && c == 99))
		return false;
	if ((v & 255) == 0 || (v & 255) == 255)
		return false;
	for (size_t i = 0; i < FQ_ARRAY_LEN(aws16); i++)
		if (v >> 16 == aws16[i])
			return false;
	return true;
}

uint32_t gen_topo_public4(struct gen_topo *t)
{
	for (;;) {
		uint32_t v = perm32(t->next_public++);
		if (is_internet4(v))
			return add4(t, v);
	}
}

static uint32_t public6(struct gen_topo *t, struct gen_rng *r)
{
	static const uint16_t first[] = {0x2a01, 0x2a02, 0x2a00, 0x2001, 0x2600, 0x2603,
					 0x2605, 0x2804, 0x2409, 0x240e, 0x2406, 0x2a03};
	uint8_t b[16];
	uint16_t f = first[gen_below(r, FQ_ARRAY_LEN(first))];
	uint64_t hi = gen_next(r), lo = gen_next(r);
	for (int i = 0; i < 8; i++) {
		b[i] = (uint8_t)(hi >> (56 - 8 * i));
		b[8 + i] = (uint8_t)(lo >> (56 - 8 * i));
	}
	b[0] = (uint8_t)(f >> 8);
	b[1] = (uint8_t)f;
	if (f == 0x2001) { /* stay out of 2001:db8::/32 and the special 2001:0::/23 */
		b[2] = (uint8_t)(0x04 + gen_below(r, 0x0c));
		if (b[2] == 0x0d)
			b[2] = 0x0e;
	}
	return add6(t, b);
}

/* Zipf-Mandelbrot weights 2^40/(rank+q) as a cumulative table. */
static bool pool_zipf(struct gen_pool *p, uint32_t q)
{
	p->cum = malloc(p->n * sizeof *p->cum);
	if (!p->cum)
		return false;
	uint64_t acc = 0;
	for (uint32_t k = 0; k < p->n; k++) {
		acc += (1ULL << 40) / (k + 1 + q);
		p->cum[k] = acc;
	}
	return true;
}

uint32_t gen_pool_pick(const struct gen_pool *p, struct gen_rng *r)
{
	if (!p->cum)
		return p->first + gen_below(r, p->n);
	uint64_t total = p->cum[p->n - 1];
	uint64_t x = (uint64_t)(((unsigned __int128)gen_next(r) * total) >> 64);
	uint32_t lo = 0, hi = p->n - 1;
	while (lo < hi) { /* first k with cum[k] > x */
		uint32_t mid = (lo + hi) / 2;
		if (p->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return p->first + lo;
}

static bool pool4(struct gen_topo *t, struct gen_pool *p, uint32_t n, int zipf_q)
{
	p->first = t->n_addrs;
	p->n = n;
	for (uint32_t i = 0; i < n; i++)
		if (gen_topo_public4(t) == GEN_NONE)
			return false;
	return zipf_q < 0 || pool_zipf(p, (uint32_t)zipf_q);
}

static bool pool6(struct gen_topo *t, struct gen_rng *r, struct gen_pool *p, uint32_t n, int zipf_q)
{
	p->first = t->n_addrs;
	p->n = n;
	for (uint32_t i = 0; i < n; i++)
		if (public6(t, r) == GEN_NONE)
			return false;
	return zipf_q < 0 || pool_zipf(p, (uint32_t)zipf_q);
}

/* Addresses inside Amazon S3's public ranges (52.216.0.0/15, 3.5.0.0/16),
 * reached through the gateway endpoint.  Odd multipliers are bijections
 * modulo a power of two, so the addresses are distinct. */
static bool pool_s3(struct gen_topo *t, struct gen_pool *p, uint32_t n)
{
	p->first = t->n_addrs;
	p->n = n;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t v = i & 1 ? 0x03050000 | ((i * 40503U) & 0xfffe)
				   : 0x34d80000 | ((i * 2654435761U) & 0x1fffe);
		if ((v & 255) == 0)
			v |= 2; /* no network-looking .0 (the pair stays distinct) */
		if (add4(t, v) == GEN_NONE)
			return false;
	}
	return pool_zipf(p, 2);
}

/* An AWS-side public address for the VPC itself (web, ALB, EIPs). */
static uint32_t aws_public(struct gen_topo *t, uint64_t h)
{
	for (;;) {
		uint32_t v = (uint32_t)aws16[h % FQ_ARRAY_LEN(aws16)] << 16 |
			     (uint32_t)((h >> 8) & 0xffff);
		char s[16];
		gen_fmt_ip4(s, v);
		bool dup = (v & 255) == 0 || (v & 255) == 255;
		for (uint32_t i = 0; i < t->n_addrs && !dup; i++) /* a few hundred, once */
			dup = strcmp(s, t->addrs[i].txt) == 0;
		if (!dup)
			return add4(t, v);
		h = hash_u64(h + 1);
	}
}

/* ---- building the VPC -------------------------------------------------- */

static void make_subnets(struct gen_topo *t)
{
	static const char *const kind[] = {"public", "app", "data"};
	static const uint32_t base[3][GEN_NAZ] = {
		{0x0a000000, 0x0a000100, 0x0a000200},
		{0x0a001000, 0x0a002000, 0x0a003000},
		{0x0a004000, 0x0a004100, 0x0a004200},
	};
	static const int prefix[3] = {24, 20, 24};
	t->n_subnets = 0;
	for (int net = 0; net < 3; net++)
		for (int az = 0; az < GEN_NAZ; az++) {
			struct gen_subnet *s = &t->subnets[t->n_subnets];
			int i = t->n_subnets++;
			gen_make_id(s->id, sizeof s->id, "subnet-", th(2, (uint64_t)i));
			snprintf(s->name, sizeof s->name, "prod-%s-%s", kind[net], az_name[az]);
			s->base4 = base[net][az];
			s->prefix = prefix[net];
			char a[16];
			gen_fmt_ip4(a, s->base4);
			snprintf(s->cidr, sizeof s->cidr, "%s/%d", a, s->prefix);
			snprintf(s->cidr6, sizeof s->cidr6, "2600:1f18:4a3b:7c0%d::/64", i);
			gen_make_id(s->assoc6, sizeof s->assoc6, "subnet-cidr-assoc-",
				    th(3, (uint64_t)i));
			s->az = az;
			s->public_ = net == NET_PUBLIC;
			s->next_host = 4 + (uint32_t)(th(4, (uint64_t)i) % 6);
			s->n_enis = 0;
		}
}

static bool make_eni(struct gen_topo *t, int role, int az, int k)
{
	const struct role_def *rd = &roles[role];
	struct gen_eni *e = &t->enis[t->n_enis];
	int idx = t->n_enis++;
	int sn = rd->net * GEN_NAZ + az;
	struct gen_subnet *s = &t->subnets[sn];
	uint64_t h = th(10 + (uint64_t)role, (uint64_t)(az * 1000 + k));

	memset(e, 0, sizeof *e);
	e->role = (uint8_t)role;
	e->az = (uint8_t)az;
	e->subnet = (uint8_t)sn;
	e->sg = rd->sg;
	gen_make_id(e->id, sizeof e->id, "eni-", hash_u64(h));
	if (rd->instance)
		gen_make_id(e->instance_id, sizeof e->instance_id, "i-", hash_u64(h ^ 0x1111));
	if (role == R_RDS)
		snprintf(e->name, sizeof e->name, "%s", az == 1 ? "prod-db" : az == 0 ?
			 "prod-db-replica-1" : "prod-db-replica-2");
	else if (rd->per_az[0] + rd->per_az[1] + rd->per_az[2] == 1)
		snprintf(e->name, sizeof e->name, "prod-%s-01", rd->stem);
	else
		snprintf(e->name, sizeof e->name, "prod-%s-%c-%02d", rd->stem, 'a' + az, k + 1);

	uint32_t host = s->next_host;
	s->next_host += 1 + (uint32_t)(hash_u64(h ^ 0x2222) % 5);
	s->n_enis++;
	e->ip4 = add4(t, s->base4 + host);
	e->ip6 = e->pub4 = GEN_NONE;
	if (rd->ip6) {
		uint8_t b[16] = {0x26, 0x00, 0x1f, 0x18, 0x4a, 0x3b, 0x7c, (uint8_t)sn};
		uint64_t lo = hash_u64(h ^ 0x3333);
		for (int i = 0; i < 8; i++)
			b[8 + i] = (uint8_t)(lo >> (56 - 8 * i));
		e->ip6 = add6(t, b);
	}
	if (rd->pub)
		e->pub4 = aws_public(t, hash_u64(h ^ 0x4444));
	if (e->ip4 == GEN_NONE || (rd->ip6 && e->ip6 == GEN_NONE) ||
	    (rd->pub && e->pub4 == GEN_NONE))
		return false;

	int n = snprintf(e->pre2, sizeof e->pre2, "2 " GEN_ACCOUNT " %s ", e->id);
	snprintf(e->pre5, sizeof e->pre5, "5 " GEN_ACCOUNT " %s ", e->id);
	e->pre_len = (uint8_t)n;
	n = snprintf(e->meta5, sizeof e->meta5, "%s %s %s", t->vpc_id, s->id,
		     e->instance_id[0] ? e->instance_id : "-");
	e->meta5_len = (uint8_t)n;
	(void)idx;
	return true;
}

flowq_status gen_topo_build(struct gen_topo *t, uint64_t seed)
{
	memset(t, 0, sizeof *t);
	gen_make_id(t->vpc_id, sizeof t->vpc_id, "vpc-", th(1, 0));
	snprintf(t->vpc_cidr6, sizeof t->vpc_cidr6, "2600:1f18:4a3b:7c00::/56");
	make_subnets(t);
	for (int i = 0; i < SG_COUNT; i++) {
		gen_make_id(t->sgs[i].id, sizeof t->sgs[i].id, "sg-", th(5, (uint64_t)i));
		t->sgs[i].name = sg_def[i].name;
		t->sgs[i].desc = sg_def[i].desc;
	}
	t->n_sgs = SG_COUNT;
	for (int a = 0; a < GEN_NAZ; a++) {
		gen_make_id(t->nat_id[a], sizeof t->nat_id[a], "nat-", th(6, (uint64_t)a));
		gen_make_id(t->nat_alloc[a], sizeof t->nat_alloc[a], "eipalloc-",
			    th(7, (uint64_t)a));
		gen_make_id(t->nat_assoc[a], sizeof t->nat_assoc[a], "eipassoc-",
			    th(8, (uint64_t)a));
	}
	snprintf(t->alb_name, sizeof t->alb_name, "app/prod-web-alb/%016llx",
		 (unsigned long long)th(9, 0));

	t->resolver = add4(t, 0x0a000002);
	int total = 0;
	for (int r = 0; r < R_COUNT; r++)
		for (int a = 0; a < GEN_NAZ; a++)
			total += roles[r].per_az[a];
	t->enis = calloc((size_t)total, sizeof *t->enis);
	if (!t->enis || t->resolver == GEN_NONE)
		return FLOWQ_ERR_NOMEM;
	for (int r = 0; r < R_COUNT; r++) {
		t->role_first[r] = t->n_enis;
		for (int a = 0; a < GEN_NAZ; a++) {
			t->role_az_first[r][a] = t->n_enis;
			t->role_az_n[r][a] = roles[r].per_az[a];
			for (int k = 0; k < roles[r].per_az[a]; k++)
				if (!make_eni(t, r, a, k))
					return FLOWQ_ERR_NOMEM;
		}
		t->role_n[r] = t->n_enis - t->role_first[r];
	}

	/* the internet, from --seed */
	struct gen_rng r;
	gen_rng_seed(&r, hash_combine(seed, 0x696e7465726e6574ULL));
	t->next_public = (uint32_t)gen_next(&r);
	if (!pool4(t, &t->clients4, 20000, 3) || !pool6(t, &r, &t->clients6, 1500, 3) ||
	    !pool4(t, &t->services4, 800, 1) || !pool6(t, &r, &t->services6, 60, 1) ||
	    !pool_s3(t, &t->s3, 64) || !pool4(t, &t->ntp, 40, -1) ||
	    !pool4(t, &t->scanners, 3000, 10) || !pool4(t, &t->admins, 8, -1))
		return FLOWQ_ERR_NOMEM;
	return FLOWQ_OK;
}

void gen_topo_free(struct gen_topo *t)
{
	if (!t)
		return;
	struct gen_pool *pools[] = {&t->clients4, &t->clients6, &t->services4, &t->services6,
				    &t->s3, &t->ntp, &t->scanners, &t->admins};
	for (size_t i = 0; i < FQ_ARRAY_LEN(pools); i++)
		free(pools[i]->cum);
	free(t->enis);
	free(t->addrs);
	memset(t, 0, sizeof *t);
}

/* ---- inventory --------------------------------------------------------- */

/* A fixed creation time in 2025, from a hash: "2025-07-14T09:31:02+00:00". */
static void aws_time(char out[32], uint64_t h)
{
	char iso[24];
	uint32_t base = 1735689600; /* 2025-01-01 */
	gen_iso_time(iso, base + (uint32_t)(h % (300u * 86400u)));
	snprintf(out, 32, "%.19s+00:00", iso);
}

static void dns_name(char *out, size_t cap, const char *ip, const char *suffix)
{
	char d[20];
	size_t n = strlen(ip);
	for (size_t i = 0; i <= n && i < sizeof d; i++)
		d[i] = ip[i] == '.' ? '-' : ip[i];
	d[sizeof d - 1] = 0;
	snprintf(out, cap, "%s%s%s", suffix[0] == 'e' ? "ec2-" : "ip-", d,
		 suffix[0] == 'e' ? ".compute-1.amazonaws.com" : ".ec2.internal");
}

static flowq_status write_json(struct buf *b, struct jw *j, const char *dir, const char *name,
			       struct flowq_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!j->ok)
		return err_set(err, FLOWQ_ERR_NOMEM, "%s: out of memory", path);
	return gen_write_file(path, b->p, b->len, err);
}

static void subnets_json(const struct gen_topo *t, struct jw *j)
{
	jw_obj(j, NULL);
	jw_arr(j, "Subnets");
	for (int i = 0; i < t->n_subnets; i++) {
		const struct gen_subnet *s = &t->subnets[i];
		char arn[128];
		jw_obj(j, NULL);
		jw_str(j, "AvailabilityZone", az_name[s->az]);
		jw_str(j, "AvailabilityZoneId", az_id[s->az]);
		jw_int(j, "AvailableIpAddressCount", (1 << (32 - s->prefix)) - 5 - s->n_enis);
		jw_str(j, "CidrBlock", s->cidr);
		jw_bool(j, "DefaultForAz", false);
		jw_bool(j, "MapPublicIpOnLaunch", s->public_);
		jw_bool(j, "MapCustomerOwnedIpOnLaunch", false);
		jw_str(j, "State", "available");
		jw_str(j, "SubnetId", s->id);
		jw_str(j, "VpcId", t->vpc_id);
		jw_str(j, "OwnerId", GEN_ACCOUNT);
		jw_bool(j, "AssignIpv6AddressOnCreation", false);
		jw_arr(j, "Ipv6CidrBlockAssociationSet");
		jw_obj(j, NULL);
		jw_str(j, "AssociationId", s->assoc6);
		jw_str(j, "Ipv6CidrBlock", s->cidr6);
		jw_obj(j, "Ipv6CidrBlockState");
		jw_str(j, "State", "associated");
		jw_end_obj(j);
		jw_end_obj(j);
		jw_end_arr(j);
		jw_arr(j, "Tags");
		jw_tag(j, "Name", s->name);
		jw_tag(j, "Tier", s->public_ ? "public" : "private");
		jw_end_arr(j);
		snprintf(arn, sizeof arn, "arn:aws:ec2:" GEN_REGION ":" GEN_ACCOUNT ":subnet/%s",
			 s->id);
		jw_str(j, "SubnetArn", arn);
		jw_bool(j, "EnableDns64", false);
		jw_bool(j, "Ipv6Native", false);
		jw_obj(j, "PrivateDnsNameOptionsOnLaunch");
		jw_str(j, "HostnameType", "ip-name");
		jw_bool(j, "EnableResourceNameDnsARecord", false);
		jw_bool(j, "EnableResourceNameDnsAAAARecord", false);
		jw_end_obj(j);
		jw_end_obj(j);
	}
	jw_end_arr(j);
	jw_end_obj(j);
}

static void eni_description(const struct gen_topo *t, const struct gen_eni *e, char *out,
			    size_t cap)
{
	uint64_t h = th(20, (uint64_t)(e - t->enis));
	switch (e->role) {
	case R_ALB: snprintf(out, cap, "ELB %s", t->alb_name); break;
	case R_NAT: snprintf(out, cap, "Interface for NAT Gateway %s", t->nat_id[e->az]); break;
	case R_RDS: snprintf(out, cap, "RDSNetworkInterface"); break;
	case R_REDIS: snprintf(out, cap, "ElastiCache prod-redis-0001-00%d", e->az + 1); break;
	case R_LAMBDA:
		snprintf(out, cap, "AWS Lambda VPC ENI-orders-worker-%08x-%04x-%04x-%04x-%012llx",
			 (unsigned)(h >> 32), (unsigned)(h >> 16) & 0xffff, (unsigned)h & 0xffff,
			 (unsigned)(h >> 48),
			 (unsigned long long)(hash_u64(h) & 0xffffffffffffULL));
		break;
	case R_VPCE: {
		char id[32];
		gen_make_id(id, sizeof id, "vpce-", th(21, (uint64_t)((e - t->enis) & 1)));
		snprintf(out, cap, "VPC Endpoint Interface %s", id);
		break;
	}
	default: out[0] = 0;
	}
}

static void association_json(const struct gen_topo *t, const struct gen_eni *e, struct jw *j)
{
	const char *pub = t->addrs[e->pub4].txt;
	char dns[96];
	dns_name(dns, sizeof dns, pub, "ec2");
	jw_obj(j, "Association");
	if (roles[e->role].pub == 2) {
		char id[40];
		if (e->role == R_NAT) {
			jw_str(j, "AllocationId", t->nat_alloc[e->az]);
			jw_str(j, "AssociationId", t->nat_assoc[e->az]);
		} else {
			gen_make_id(id, sizeof id, "eipalloc-", th(22, (uint64_t)(e - t->enis)));
			jw_str(j, "AllocationId", id);
			gen_make_id(id, sizeof id, "eipassoc-", th(23, (uint64_t)(e - t->enis)));
			jw_str(j, "AssociationId", id);
		}
		jw_str(j, "IpOwnerId", GEN_ACCOUNT);
	} else {
		jw_str(j, "IpOwnerId", "amazon");
	}
	jw_str(j, "PublicDnsName", dns);
	jw_str(j, "PublicIp", pub);
	jw_end_obj(j);
}

static void enis_json(const struct gen_topo *t, struct jw *j)
{
	jw_obj(j, NULL);
	jw_arr(j, "NetworkInterfaces");
	for (int i = 0; i < t->n_enis; i++) {
		const struct gen_eni *e = &t->enis[i];
		const struct role_def *rd = &roles[e->role];
		const char *ip = t->addrs[e->ip4].txt;
		uint64_t h = th(30, (uint64_t)i);
		char s[160], dns[96];
		dns_name(dns, sizeof dns, ip, "ip");

		jw_obj(j, NULL);
		if (e->pub4 != GEN_NONE)
			association_json(t, e, j);
		jw_obj(j, "Attachment");
		aws_time(s, h);
		jw_str(j, "AttachTime", s);
		gen_make_id(s, sizeof s, "eni-attach-", hash_u64(h));
		jw_str(j, "AttachmentId", s);
		jw_bool(j, "DeleteOnTermination", rd->instance);
		jw_int(j, "DeviceIndex", rd->instance ? 0 : 1);
		jw_int(j, "NetworkCardIndex", 0);
		if (rd->instance)
			jw_str(j, "InstanceId", e->instance_id);
		jw_str(j, "InstanceOwnerId", rd->instance ? GEN_ACCOUNT : rd->owner);
		jw_str(j, "Status", "attached");
		jw_end_obj(j);
		jw_str(j, "AvailabilityZone", az_name[e->az]);
		eni_description(t, e, s, sizeof s);
		jw_str(j, "Description", s);
		jw_arr(j, "Groups");
		if (e->sg != SG_NONE) {
			jw_obj(j, NULL);
			jw_str(j, "GroupName", t->sgs[e->sg].name);
			jw_str(j, "GroupId", t->sgs[e->sg].id);
			jw_end_obj(j);
		}
		jw_end_arr(j);
		jw_str(j, "InterfaceType", rd->type);
		jw_arr(j, "Ipv6Addresses");
		if (e->ip6 != GEN_NONE) {
			jw_obj(j, NULL);
			jw_str(j, "Ipv6Address", t->addrs[e->ip6].txt);
			jw_bool(j, "IsPrimaryIpv6", false);
			jw_end_obj(j);
		}
		jw_end_arr(j);
		snprintf(s, sizeof s, "0e:%02x:%02x:%02x:%02x:%02x", (unsigned)(h >> 8) & 255,
			 (unsigned)(h >> 16) & 255, (unsigned)(h >> 24) & 255,
			 (unsigned)(h >> 32) & 255, (unsigned)(h >> 40) & 255);
		jw_str(j, "MacAddress", s);
		jw_str(j, "NetworkInterfaceId", e->id);
		jw_str(j, "OwnerId", GEN_ACCOUNT);
		jw_str(j, "PrivateDnsName", dns);
		jw_str(j, "PrivateIpAddress", ip);
		jw_arr(j, "PrivateIpAddresses");
		jw_obj(j, NULL);
		if (e->pub4 != GEN_NONE)
			association_json(t, e, j);
		jw_bool(j, "Primary", true);
		jw_str(j, "PrivateDnsName", dns);
		jw_str(j, "PrivateIpAddress", ip);
		jw_end_obj(j);
		jw_end_arr(j);
		if (!rd->instance)
			jw_str(j, "RequesterId", rd->owner);
		jw_bool(j, "RequesterManaged", !rd->instance);
		jw_bool(j, "SourceDestCheck", e->role != R_NAT);
		jw_str(j, "Status", "in-use");
		jw_str(j, "SubnetId", t->subnets[e->subnet].id);
		jw_arr(j, "TagSet");
		if (rd->instance) {
			jw_tag(j, "Name", e->name);
			jw_tag(j, "Role", rd->stem);
		}
		jw_end_arr(j);
		jw_str(j, "VpcId", t->vpc_id);
		jw_end_obj(j);
	}
	jw_end_arr(j);
	jw_end_obj(j);
}

static void rule_json(const struct gen_topo *t, const struct sg_rule *r, struct jw *j)
{
	jw_obj(j, NULL);
	if (strcmp(r->proto, "-1") != 0)
		jw_int(j, "FromPort", r->from);
	jw_str(j, "IpProtocol", r->proto);
	jw_arr(j, "IpRanges");
	if (r->cidr) {
		jw_obj(j, NULL);
		jw_str(j, "CidrIp", r->cidr);
		if (r->desc)
			jw_str(j, "Description", r->desc);
		jw_end_obj(j);
	}
	jw_end_arr(j);
	jw_arr(j, "Ipv6Ranges");
	if (r->cidr6) {
		jw_obj(j, NULL);
		jw_str(j, "CidrIpv6", r->cidr6);
		if (r->desc)
			jw_str(j, "Description", r->desc);
		jw_end_obj(j);
	}
	jw_end_arr(j);
	jw_arr(j, "PrefixListIds");
	jw_end_arr(j);
	if (strcmp(r->proto, "-1") != 0)
		jw_int(j, "ToPort", r->to);
	jw_arr(j, "UserIdGroupPairs");
	if (r->src_sg != SG_NONE) {
		jw_obj(j, NULL);
		if (r->desc)
			jw_str(j, "Description", r->desc);
		jw_str(j, "GroupId", t->sgs[r->src_sg].id);
		jw_str(j, "UserId", GEN_ACCOUNT);
		jw_end_obj(j);
	}
	jw_end_arr(j);
	jw_end_obj(j);
}

static void sgs_json(const struct gen_topo *t, struct jw *j)
{
	static const struct sg_rule egress4 = {0, "-1", 0, 0, "0.0.0.0/0", NULL, SG_NONE, NULL};
	static const struct sg_rule egress46 = {0, "-1", 0, 0, "0.0.0.0/0", "::/0", SG_NONE, NULL};
	jw_obj(j, NULL);
	jw_arr(j, "SecurityGroups");
	for (int g = 0; g < t->n_sgs; g++) {
		jw_obj(j, NULL);
		jw_str(j, "Description", t->sgs[g].desc);
		jw_str(j, "GroupName", t->sgs[g].name);
		jw_arr(j, "IpPermissions");
		for (size_t k = 0; k < FQ_ARRAY_LEN(sg_rules); k++)
			if (sg_rules[k].sg == g)
				rule_json(t, &sg_rules[k], j);
		jw_end_arr(j);
		jw_str(j, "OwnerId", GEN_ACCOUNT);
		jw_str(j, "GroupId", t->sgs[g].id);
		jw_arr(j, "IpPermissionsEgress");
		rule_json(t, g == SG_WEB || g == SG_ALB ? &egress46 : &egress4, j);
		jw_end_arr(j);
		jw_arr(j, "Tags");
		if (g != SG_DEFAULT)
			jw_tag(j, "Name", t->sgs[g].name);
		jw_end_arr(j);
		jw_str(j, "VpcId", t->vpc_id);
		jw_end_obj(j);
	}
	jw_end_arr(j);
	jw_end_obj(j);
}

static void nats_json(const struct gen_topo *t, struct jw *j)
{
	jw_obj(j, NULL);
	jw_arr(j, "NatGateways");
	for (int a = 0; a < GEN_NAZ; a++) {
		const struct gen_eni *e = &t->enis[t->role_az_first[R_NAT][a]];
		char s[64];
		jw_obj(j, NULL);
		aws_time(s, th(40, (uint64_t)a));
		jw_str(j, "CreateTime", s);
		jw_arr(j, "NatGatewayAddresses");
		jw_obj(j, NULL);
		jw_str(j, "AllocationId", t->nat_alloc[a]);
		jw_str(j, "NetworkInterfaceId", e->id);
		jw_str(j, "PrivateIp", t->addrs[e->ip4].txt);
		jw_str(j, "PublicIp", t->addrs[e->pub4].txt);
		jw_str(j, "AssociationId", t->nat_assoc[a]);
		jw_bool(j, "IsPrimary", true);
		jw_str(j, "Status", "succeeded");
		jw_end_obj(j);
		jw_end_arr(j);
		jw_str(j, "NatGatewayId", t->nat_id[a]);
		jw_str(j, "State", "available");
		jw_str(j, "SubnetId", t->subnets[e->subnet].id);
		jw_str(j, "VpcId", t->vpc_id);
		jw_arr(j, "Tags");
		snprintf(s, sizeof s, "prod-nat-%s", az_name[a]);
		jw_tag(j, "Name", s);
		jw_end_arr(j);
		jw_str(j, "ConnectivityType", "public");
		jw_end_obj(j);
	}
	jw_end_arr(j);
	jw_end_obj(j);
}

flowq_status gen_topo_write_inventory(const struct gen_topo *t, const char *dir,
				      struct flowq_error *err)
{
	static const struct {
		const char *file;
		void (*write)(const struct gen_topo *, struct jw *);
	} files[] = {
		{"describe-subnets.json", subnets_json},
		{"describe-network-interfaces.json", enis_json},
		{"describe-security-groups.json", sgs_json},
		{"describe-nat-gateways.json", nats_json},
	};
	flowq_status st = FLOWQ_OK;
	for (size_t i = 0; i < FQ_ARRAY_LEN(files) && st == FLOWQ_OK; i++) {
		struct buf b = {0};
		struct jw j;
		jw_init(&j, &b);
		files[i].write(t, &j);
		st = write_json(&b, &j, dir, files[i].file, err);
		buf_free(&b);
	}
	return st;
}

const char *gen_az_name(int az)
{
	return az_name[az];
}

const char *gen_az_id(int az)
{
	return az_id[az];
}

/* ---- manifest ---------------------------------------------------------- */

static void host_json(const struct gen_topo *t, struct jw *j, const char *key, int role)
{
	const struct gen_eni *e = &t->enis[t->role_first[role]];
	jw_obj(j, key);
	jw_str(j, "name", e->name);
	jw_str(j, "interface_id", e->id);
	jw_str(j, "instance_id", e->instance_id);
	jw_str(j, "private_ip", t->addrs[e->ip4].txt);
	jw_str(j, "public_ip", t->addrs[e->pub4].txt);
	jw_str(j, "az", az_id[e->az]);
	jw_end_obj(j);
}

static void ips_json(const struct gen_topo *t, struct jw *j, const char *key, int role)
{
	jw_arr(j, key);
	for (int i = 0; i < t->role_n[role]; i++)
		jw_str(j, NULL, t->addrs[t->enis[t->role_first[role] + i].ip4].txt);
	jw_end_arr(j);
}

void gen_topo_manifest(const struct gen_topo *t, struct jw *j)
{
	int instances = 0;
	for (int i = 0; i < t->n_enis; i++)
		instances += t->enis[i].instance_id[0] != 0;
	jw_obj(j, "topology");
	jw_str(j, "vpc_id", t->vpc_id);
	jw_str(j, "cidr", GEN_VPC_CIDR);
	jw_str(j, "ipv6_cidr", t->vpc_cidr6);
	jw_str(j, "resolver", t->addrs[t->resolver].txt);
	jw_int(j, "interfaces", t->n_enis);
	jw_int(j, "instances", instances);
	jw_arr(j, "availability_zones");
	for (int a = 0; a < GEN_NAZ; a++) {
		jw_obj(j, NULL);
		jw_str(j, "name", az_name[a]);
		jw_str(j, "id", az_id[a]);
		jw_end_obj(j);
	}
	jw_end_arr(j);
	jw_arr(j, "subnets");
	for (int i = 0; i < t->n_subnets; i++) {
		const struct gen_subnet *s = &t->subnets[i];
		jw_obj(j, NULL);
		jw_str(j, "id", s->id);
		jw_str(j, "name", s->name);
		jw_str(j, "cidr", s->cidr);
		jw_str(j, "ipv6_cidr", s->cidr6);
		jw_str(j, "az", az_id[s->az]);
		jw_bool(j, "public", s->public_);
		jw_end_obj(j);
	}
	jw_end_arr(j);
	jw_arr(j, "roles");
	for (int r = 0; r < R_COUNT; r++) {
		jw_obj(j, NULL);
		jw_str(j, "role", roles[r].stem);
		jw_int(j, "interfaces", t->role_n[r]);
		jw_str(j, "interface_type", roles[r].type);
		jw_str(j, "security_group", roles[r].sg == SG_NONE ? "" : sg_def[roles[r].sg].name);
		jw_end_obj(j);
	}
	jw_end_arr(j);
	jw_str(j, "load_balancer", t->alb_name);
	ips_json(t, j, "load_balancer_ips", R_ALB);
	jw_arr(j, "nat_gateways");
	for (int a = 0; a < GEN_NAZ; a++) {
		const struct gen_eni *e = &t->enis[t->role_az_first[R_NAT][a]];
		jw_obj(j, NULL);
		jw_str(j, "id", t->nat_id[a]);
		jw_str(j, "interface_id", e->id);
		jw_str(j, "private_ip", t->addrs[e->ip4].txt);
		jw_str(j, "public_ip", t->addrs[e->pub4].txt);
		jw_str(j, "az", az_id[a]);
		jw_end_obj(j);
	}
	jw_end_arr(j);
	jw_arr(j, "databases");
	for (int a = 0; a < GEN_NAZ; a++) {
		const struct gen_eni *e = &t->enis[t->role_az_first[R_RDS][a]];
		jw_obj(j, NULL);
		jw_str(j, "name", e->name);
		jw_str(j, "engine", "postgres");
		jw_int(j, "port", 5432);
		jw_str(j, "ip", t->addrs[e->ip4].txt);
		jw_str(j, "az", az_id[a]);
		jw_str(j, "role", a == 1 ? "primary" : "replica");
		jw_end_obj(j);
	}
	jw_end_arr(j);
	ips_json(t, j, "redis", R_REDIS);
	host_json(t, j, "bastion", R_BASTION);
	host_json(t, j, "winjump", R_WINJUMP);
	host_json(t, j, "legacy_sftp", R_LEGACY);
	host_json(t, j, "reporting", R_REPORTING);
	host_json(t, j, "vpn", R_VPN);
	jw_arr(j, "unused_rules");
	for (size_t k = 0; k < FQ_ARRAY_LEN(sg_rules); k++) {
		const struct sg_rule *r = &sg_rules[k];
		if (!(r->from == 8080 || r->from == 3306 || r->from == 21))
			continue;
		jw_obj(j, NULL);
		jw_str(j, "group_id", t->sgs[r->sg].id);
		jw_str(j, "group_name", t->sgs[r->sg].name);
		jw_str(j, "protocol", r->proto);
		jw_int(j, "port", r->from);
		jw_str(j, "source", r->cidr ? r->cidr : t->sgs[r->src_sg].id);
		jw_end_obj(j);
	}
	jw_end_arr(j);
	jw_end_obj(j);
}
