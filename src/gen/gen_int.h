/*
 * gen_int.h - what the files of `flowq generate` share (private to src/gen).
 *
 *   topo.c      the VPC (subnets, ENIs, security groups, NAT gateways), the
 *               internet around it (address pools with Zipf popularity), and
 *               the AWS CLI inventory JSON of that VPC
 *   traffic.c   the background traffic: one "event" is one connection, logged
 *               on every ENI it crosses, in both directions
 *   incident.c  the planted incidents: their plan, their events, their
 *               manifest entries
 *   jsonw.c     a small pretty-printing JSON writer (the inventory, manifest)
 *   gen.c       gen_run: options, the per-file record budget, the worker
 *               threads that build, format, compress and write each file
 *
 * Every address that can appear in a record lives once in the address table
 * (struct gen_addr, preformatted text) and records refer to it by index, so
 * formatting an address is a short memcpy.
 */
#ifndef FQ_GEN_INT_H
#define FQ_GEN_INT_H

#include "gen/gen.h"

#define GEN_ACCOUNT "123456789012"
#define GEN_REGION "us-east-1"
#define GEN_FLOW_LOG_ID "fl-0a1b2c3d4e5f67890"
#define GEN_VPC_CIDR "10.0.0.0/16"
#define GEN_WINDOW 300u /* seconds per delivered file */
#define GEN_NONE UINT32_MAX
#define GEN_MAX_EVENT_RECS 8 /* records one event may add (background or incident) */

/* ---- random numbers: xoshiro256** seeded through splitmix64 ------------ */

struct gen_rng {
	uint64_t s[4];
};

static inline uint64_t gen_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void gen_rng_seed(struct gen_rng *r, uint64_t seed)
{
	uint64_t x = seed;
	for (int i = 0; i < 4; i++)
		r->s[i] = gen_splitmix(&x);
}

static inline uint64_t gen_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t gen_next(struct gen_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = gen_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = gen_rotl(s[3], 45);
	return out;
}

/* Uniform in [0, n) (n >= 1), by multiply-shift: no division. */
static inline uint32_t gen_below(struct gen_rng *r, uint32_t n)
{
	return (uint32_t)(((gen_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi], inclusive. */
static inline uint32_t gen_range(struct gen_rng *r, uint32_t lo, uint32_t hi)
{
	return lo + gen_below(r, hi - lo + 1);
}

/* True with probability pct/100. */
static inline bool gen_pct(struct gen_rng *r, uint32_t pct)
{
	return gen_below(r, 100) < pct;
}

/*
 * A heavy-tailed positive size: base * 2^k with P(k) = 2^-(k+1) (k capped at
 * max_shift), then uniform within the octave.  Most draws are near base, a
 * few are thousands of times larger: few flows carry most bytes.
 */
static inline uint64_t gen_heavy(struct gen_rng *r, uint64_t base, int max_shift)
{
	uint64_t x = gen_next(r);
	int k = __builtin_clzll(x | 1);
	if (k > max_shift)
		k = max_shift;
	uint64_t lo = base << k;
	return lo + (gen_next(r) >> 11) % lo;
}

/* ---- addresses --------------------------------------------------------- */

struct gen_addr {
	char txt[40]; /* as flow logs print it */
	uint8_t len;
	uint8_t is6;
};

/* A set of addresses (contiguous ids) with a Zipf-Mandelbrot popularity. */
struct gen_pool {
	uint32_t first, n;
	uint64_t *cum; /* cumulative weights, n entries (NULL: uniform) */
};

/* ---- the VPC ----------------------------------------------------------- */

enum gen_role {
	R_WEB,       /* public subnets, public IPv4 + IPv6, behind the ALB */
	R_APP,       /* private subnets, API tier behind web */
	R_WORKER,    /* private, queue workers: redis, rds, internet via NAT */
	R_BATCH,     /* private, nightly jobs and backups */
	R_MON,       /* private, monitoring: ping and scrape */
	R_CI,        /* private, CI runners: pull from the internet */
	R_BASTION,   /* public, EIP, ssh open to the world */
	R_WINJUMP,   /* public, EIP, RDP open to the world */
	R_LEGACY,    /* public, EIP, sftp on 2222 */
	R_REPORTING, /* public, EIP, https */
	R_VPN,       /* public, EIP, openvpn udp 1194 + tcp 443 */
	R_STANDBY,   /* private, attached but idle: NODATA */
	R_ALB,       /* application load balancer nodes */
	R_NAT,       /* NAT gateways */
	R_RDS,       /* RDS PostgreSQL: primary in az2, replicas */
	R_REDIS,     /* ElastiCache Redis nodes */
	R_LAMBDA,    /* Lambda hyperplane ENIs */
	R_VPCE,      /* interface VPC endpoints */
	R_COUNT
};

enum { GEN_NAZ = 3 };

struct gen_subnet {
	char id[32];
	char name[32];
	char cidr[24];
	char cidr6[48];
	char assoc6[40]; /* subnet-cidr-assoc-... */
	uint32_t base4;  /* network address, host order */
	int prefix;
	int az;
	bool public_;
	uint32_t next_host; /* allocation cursor (offset from base4) */
	int n_enis;
};

struct gen_eni {
	char id[24];          /* eni-0... */
	char instance_id[24]; /* i-0..., "" for requester-managed ENIs */
	char name[40];        /* Name tag / description stem */
	uint8_t role, az, subnet, sg;
	uint32_t ip4, ip6, pub4; /* address ids, GEN_NONE when absent */
	/* record prefixes: "2 123456789012 eni-... " and the v5 form */
	char pre2[48], pre5[48];
	uint8_t pre_len;
	/* v5 columns that come from the ENI: "vpc-.. subnet-.. i-.." (or "-") */
	char meta5[80];
	uint8_t meta5_len;
};

struct gen_sg {
	char id[24];
	const char *name;
	const char *desc;
};

struct gen_topo {
	char vpc_id[24];
	char vpc_cidr6[48];
	struct gen_subnet subnets[9];
	int n_subnets;
	struct gen_eni *enis;
	int n_enis;
	/* ENIs of one role are contiguous and AZ-major */
	int role_first[R_COUNT], role_n[R_COUNT];
	int role_az_first[R_COUNT][GEN_NAZ], role_az_n[R_COUNT][GEN_NAZ];
	struct gen_sg sgs[20];
	int n_sgs;
	char nat_id[GEN_NAZ][24], nat_alloc[GEN_NAZ][32], nat_assoc[GEN_NAZ][32];
	char alb_name[64];

	struct gen_addr *addrs;
	uint32_t n_addrs, cap_addrs;
	uint32_t resolver; /* 10.0.0.2 */
	uint32_t next_public; /* counter of the public-address bijection */
	/* the internet */
	struct gen_pool clients4, clients6, services4, services6, s3, ntp, scanners, admins;
};

/* ---- records ----------------------------------------------------------- */

enum { ACT_ACCEPT, ACT_REJECT };
enum { ST_OK, ST_NODATA, ST_SKIPDATA };
enum { DIR_INGRESS, DIR_EGRESS };

struct gen_rec {
	uint32_t src, dst, psrc, pdst; /* address ids */
	uint32_t start, end;
	uint64_t bytes;
	uint32_t packets;
	uint16_t sport, dport;
	uint16_t eni;
	uint8_t proto, action, status, flags, dir, path; /* path 0 = "-" */
};

struct gen_recs {
	struct gen_rec *r;
	size_t n, cap;
};

/*
 * One connection between endpoint a (the initiator) and b, as both ends
 * see it: a_to_b is the request direction.  Emitted on an ENI as two
 * records (a->b and b->a) by gen_conn_on().
 */
struct gen_conn {
	uint32_t a, b; /* addresses */
	uint16_t a_port, b_port;
	uint8_t proto;
	uint8_t action;
	uint8_t fl_ab, fl_ba; /* tcp-flags per direction */
	uint32_t pk_ab, pk_ba;
	uint64_t by_ab, by_ba;
	uint32_t start, end;
};

/* ---- the whole run ----------------------------------------------------- */

enum gen_inc_kind {
	INC_PORT_SCAN,
	INC_PORT_SWEEP,
	INC_SSH_BRUTE,
	INC_RDP_BRUTE,
	INC_SSH_ALT_BRUTE,
	INC_REJECT_BURST,
	INC_EXFIL,
	INC_CROSS_AZ,
	INC_NAT_HOG,
	INC_COUNT
};

struct gen_incident {
	int kind;
	uint32_t t0, dur;     /* events happen in [t0, t0 + dur) */
	uint32_t n_events;
	uint32_t src;         /* attacker / sender address */
	uint32_t dst;         /* target / receiver address (GEN_NONE when many) */
	int eni;              /* the ENI it is about (target, or sender) */
	int eni2;             /* a second ENI (the NAT, the RDS primary), or -1 */
	uint16_t port;
	uint16_t sport;       /* fixed source port (scanners, long connections) */
	uint64_t event_bytes; /* nat_top_talker: mean bytes per event */
	uint16_t *ports;      /* port_scan: n_events ports */
	uint32_t *hosts;      /* port_sweep: n_events ENI indexes; cross_az: the apps */
	uint32_t n_hosts;
	uint32_t bot_first, n_bots; /* reject_burst: address ids of the botnet */
	/* measured by the planning pass */
	uint64_t records, bytes, packets, rejects;
	uint32_t first_start, last_end;
};

struct gen_ctx {
	uint64_t seed;
	uint64_t records;   /* --records */
	enum gen_format format;
	uint32_t t_begin;   /* epoch of the first window */
	uint32_t n_windows;
	struct gen_topo topo;
	struct gen_incident inc[INC_COUNT];
	uint32_t *inc_recs; /* incident records per window */
	uint32_t *bg_recs;  /* background records per window */
};

struct jw;

/* topo.c */
flowq_status gen_topo_build(struct gen_topo *t, uint64_t seed);
void gen_topo_free(struct gen_topo *t);
/* The topology summary of the manifest (an object member "topology"). */
void gen_topo_manifest(const struct gen_topo *t, struct jw *j);
/* Write the four describe-*.json files into dir (which exists). */
flowq_status gen_topo_write_inventory(const struct gen_topo *t, const char *dir,
				      struct flowq_error *err);
/* Add a fresh public IPv4 address (no pool has it); GEN_NONE on NOMEM. */
uint32_t gen_topo_public4(struct gen_topo *t);
uint32_t gen_pool_pick(const struct gen_pool *p, struct gen_rng *r);
const char *gen_az_name(int az); /* "us-east-1a" */
const char *gen_az_id(int az);   /* "use1-az1" */
/* Format an IPv6 address (RFC 5952); returns the length. */
int gen_fmt_ip6(char *out, const uint8_t b[16]);
int gen_fmt_ip4(char *out, uint32_t v);
/* An ID like "eni-0" + 16 hex digits, from a hash. */
void gen_make_id(char *out, size_t cap, const char *prefix, uint64_t h);

/* traffic.c */
/* Append one background event (1..6 records) starting in window [ws, ws+300). */
void gen_bg_event(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs);
/* Append a NODATA or SKIPDATA record for ENI eni. */
void gen_bg_status(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, int eni, int status,
		   struct gen_recs *rs);
/* Emit a connection on one ENI: two records, a->b and b->a.  a_local says
 * which end is the ENI; path is the traffic-path of the egress record. */
void gen_conn_on(struct gen_recs *rs, const struct gen_conn *c, int eni, bool a_local,
		 uint8_t path);
/* Emit a connection through a NAT gateway: 2 records on the instance ENI
 * and 4 on the NAT ENI, as AWS logs them. */
void gen_conn_nat(const struct gen_ctx *g, struct gen_rng *r, struct gen_recs *rs,
		  const struct gen_conn *c, int inst_eni, int nat_eni);
/* True when the role's security group admits TCP `port` from the internet. */
bool gen_sg_allows(int role, uint16_t port);
/* Emit one record. */
void gen_rec1(struct gen_recs *rs, int eni, uint32_t src, uint32_t dst, uint16_t sport,
	      uint16_t dport, uint8_t proto, uint32_t pk, uint64_t by, uint32_t start, uint32_t end,
	      uint8_t action, uint8_t flags, uint8_t dir, uint8_t path);

/* incident.c */
flowq_status gen_inc_plan(struct gen_ctx *g);
void gen_inc_free(struct gen_ctx *g);
/* Append the incident records whose events fall in window w. */
void gen_inc_window(const struct gen_ctx *g, uint32_t w, struct gen_recs *rs);
/* Measure every incident (records per window, bytes, time span). */
flowq_status gen_inc_measure(struct gen_ctx *g);
const char *gen_inc_name(int kind);
void gen_inc_manifest(const struct gen_ctx *g, struct jw *j);

/* jsonw.c - a pretty-printing JSON writer in the AWS CLI's layout (4-space
 * indent, "Key": value).  Keys are NULL inside arrays and at the root.  A
 * failed allocation sets ok = false and later calls do nothing. */
struct jw {
	struct buf *b;
	int depth;
	bool first[32]; /* no member written yet at this depth */
	bool ok;
};
void jw_init(struct jw *j, struct buf *b);
void jw_obj(struct jw *j, const char *key);
void jw_arr(struct jw *j, const char *key);
void jw_end_obj(struct jw *j);
void jw_end_arr(struct jw *j);
void jw_str(struct jw *j, const char *key, const char *v);
void jw_int(struct jw *j, const char *key, int64_t v);
void jw_bool(struct jw *j, const char *key, bool v);
/* {"Key": k, "Value": v} inside an array */
void jw_tag(struct jw *j, const char *k, const char *v);
/* Write b to path (whole file); FLOWQ_ERR_IO names the path. */
flowq_status gen_write_file(const char *path, const void *p, size_t n, struct flowq_error *err);

/* Civil date <-> days since 1970-01-01. */
int64_t gen_days_from_civil(int y, int m, int d);
void gen_civil_from_days(int64_t z, int *y, int *m, int *d);
/* "2026-02-13T10:05:00Z" */
void gen_iso_time(char out[24], uint32_t t);

#endif
