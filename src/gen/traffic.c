/*
 * traffic.c - the everyday traffic of the synthetic VPC.
 *
 * One background event is one connection (or one rejected probe), chosen
 * from a weighted table of traffic classes: internet clients to the load
 * balancer, the load balancer to the web fleet, web to the API tier, the
 * API tier to PostgreSQL and Redis, DNS to the VPC resolver, instances to
 * the internet through their AZ's NAT gateway or straight out through the
 * internet gateway, S3 through the gateway endpoint, Lambda and interface
 * endpoints, admin ssh through the bastion, monitoring pings and scrapes,
 * and the background noise of internet scanners hitting public addresses.
 *
 * Each connection is logged the way AWS logs it: once per direction on
 * every ENI it crosses.  Inside the VPC A->B gives four records (both
 * directions on A's ENI and on B's); internet->ALB gives two on the ALB
 * ENI; instance->internet via NAT gives two on the instance ENI and four
 * on the NAT ENI, where, as in the AWS "traffic through a NAT gateway"
 * example, the instance-side records carry the NAT's private address in
 * srcaddr/dstaddr and the internet host in pkt-srcaddr/pkt-dstaddr.  A
 * rejected inbound probe is one record on the target ENI.
 *
 * Sizes are heavy-tailed (gen_heavy) and popular hosts are Zipf-like, so a
 * few pairs carry most bytes.  TCP bytes/packet stay between 40 and 1500.
 * Everything is drawn from the caller's generator: the same generator state
 * gives the same records.
 */
#include "gen/gen_int.h"

/* ---- records ----------------------------------------------------------- */

/* A source port from 1024-65535 (load balancers, NAT gateways) that is not
 * a service port of this VPC, so that "traffic to port 8080" only ever
 * means a request to 8080. */
static uint16_t eph_wide(struct gen_rng *r)
{
	static const uint16_t service[] = {1194, 1433, 2222, 2375, 3306, 3389, 5432,
					   5900, 6379, 8080, 8443, 9100, 9200};
	for (;;) {
		uint16_t p = (uint16_t)gen_range(r, 1024, 65535);
		size_t i = 0;
		while (i < FQ_ARRAY_LEN(service) && service[i] != p)
			i++;
		if (i == FQ_ARRAY_LEN(service))
			return p;
	}
}

void gen_rec1(struct gen_recs *rs, int eni, uint32_t src, uint32_t dst, uint16_t sport,
	      uint16_t dport, uint8_t proto, uint32_t pk, uint64_t by, uint32_t start, uint32_t end,
	      uint8_t action, uint8_t flags, uint8_t dir, uint8_t path)
{
	struct gen_rec *x = &rs->r[rs->n++];
	x->src = x->psrc = src;
	x->dst = x->pdst = dst;
	x->sport = sport;
	x->dport = dport;
	x->proto = proto;
	x->packets = pk;
	x->bytes = by;
	x->start = start;
	x->end = end;
	x->eni = (uint16_t)eni;
	x->action = action;
	x->status = ST_OK;
	x->flags = flags;
	x->dir = dir;
	x->path = dir == DIR_EGRESS ? path : 0;
}

void gen_conn_on(struct gen_recs *rs, const struct gen_conn *c, int eni, bool a_local,
		 uint8_t path)
{
	gen_rec1(rs, eni, c->a, c->b, c->a_port, c->b_port, c->proto, c->pk_ab, c->by_ab, c->start,
		 c->end, c->action, c->fl_ab, a_local ? DIR_EGRESS : DIR_INGRESS, path);
	gen_rec1(rs, eni, c->b, c->a, c->b_port, c->a_port, c->proto, c->pk_ba, c->by_ba, c->start,
		 c->end, c->action, c->fl_ba, a_local ? DIR_INGRESS : DIR_EGRESS, path);
}

/* The same connection as another ENI saw it: its capture window is a
 * second or two later, but the record still starts in this file's window. */
static struct gen_conn later(const struct gen_conn *c, struct gen_rng *r, uint32_t ws)
{
	struct gen_conn d = *c;
	uint32_t s = c->start + gen_below(r, 3);
	d.start = s < ws + GEN_WINDOW ? s : ws + GEN_WINDOW - 1;
	d.end = c->end + (d.start - c->start);
	return d;
}

void gen_conn_nat(const struct gen_ctx *g, struct gen_rng *r, struct gen_recs *rs,
		  const struct gen_conn *c, int inst_eni, int nat_eni)
{
	const struct gen_topo *t = &g->topo;
	uint32_t nat = t->enis[nat_eni].ip4;
	uint16_t q = eph_wide(r); /* the NAT's port */
	uint32_t ws = c->start - (c->start - g->t_begin) % GEN_WINDOW;
	struct gen_conn n = later(c, r, ws);

	gen_conn_on(rs, c, inst_eni, true, 1);
	/* instance -> NAT (pkt-dstaddr: the internet host) */
	gen_rec1(rs, nat_eni, c->a, nat, c->a_port, c->b_port, c->proto, c->pk_ab, c->by_ab,
		 n.start, n.end, c->action, c->fl_ab, DIR_INGRESS, 0);
	rs->r[rs->n - 1].pdst = c->b;
	/* NAT -> internet, internet -> NAT */
	gen_rec1(rs, nat_eni, nat, c->b, q, c->b_port, c->proto, c->pk_ab, c->by_ab, n.start, n.end,
		 c->action, c->fl_ab, DIR_EGRESS, 2);
	gen_rec1(rs, nat_eni, c->b, nat, c->b_port, q, c->proto, c->pk_ba, c->by_ba, n.start, n.end,
		 c->action, c->fl_ba, DIR_INGRESS, 0);
	/* NAT -> instance (pkt-srcaddr: the internet host) */
	gen_rec1(rs, nat_eni, nat, c->a, c->b_port, c->a_port, c->proto, c->pk_ba, c->by_ba,
		 n.start, n.end, c->action, c->fl_ba, DIR_EGRESS, 1);
	rs->r[rs->n - 1].psrc = c->b;
}

void gen_bg_status(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, int eni, int status,
		   struct gen_recs *rs)
{
	(void)g;
	struct gen_rec *x = &rs->r[rs->n++];
	memset(x, 0, sizeof *x);
	x->eni = (uint16_t)eni;
	x->status = (uint8_t)status;
	x->start = ws + gen_below(r, GEN_WINDOW);
	x->end = x->start + gen_range(r, 50, 60);
}

/* ---- building blocks --------------------------------------------------- */

static int pick(const struct gen_topo *t, struct gen_rng *r, int role)
{
	return t->role_first[role] + (int)gen_below(r, (uint32_t)t->role_n[role]);
}

/* An ENI of the role in AZ az when there is one, else anywhere. */
static int pick_az(const struct gen_topo *t, struct gen_rng *r, int role, int az)
{
	int n = t->role_az_n[role][az];
	if (n == 0)
		return pick(t, r, role);
	return t->role_az_first[role][az] + (int)gen_below(r, (uint32_t)n);
}

/* Skewed towards the first ENIs of the role in an AZ: a few hot hosts. */
static int pick_hot(const struct gen_topo *t, struct gen_rng *r, int role, int az)
{
	int n = t->role_az_n[role][az];
	if (n == 0)
		return pick(t, r, role);
	uint32_t k = gen_below(r, gen_below(r, (uint32_t)n) + 1);
	return t->role_az_first[role][az] + (int)k;
}

static uint16_t eph_linux(struct gen_rng *r)
{
	return (uint16_t)gen_range(r, 32768, 60999);
}

static uint16_t eph_client(struct gen_rng *r)
{
	return (uint16_t)(gen_pct(r, 55) ? gen_range(r, 49152, 65535) : gen_range(r, 32768, 60999));
}

/* Start, end and TCP flags of a connection seen in window ws. */
static void timing(struct gen_conn *c, struct gen_rng *r, uint32_t ws)
{
	uint32_t p = gen_below(r, 100);
	c->start = ws + gen_below(r, GEN_WINDOW);
	if (p < 55) { /* opened and closed within the interval */
		c->end = c->start + gen_below(r, 12);
		c->fl_ab = 3;
		c->fl_ba = 19;
	} else if (p < 70) { /* opened */
		c->end = c->start + gen_range(r, 20, 60);
		c->fl_ab = 2;
		c->fl_ba = 18;
	} else if (p < 90) { /* in the middle of a long connection */
		c->end = c->start + gen_range(r, 50, 60);
		c->fl_ab = c->fl_ba = 0;
	} else if (p < 97) { /* closed */
		c->end = c->start + gen_range(r, 5, 60);
		c->fl_ab = c->fl_ba = 1;
	} else { /* reset by the server */
		c->end = c->start + gen_below(r, 5);
		c->fl_ab = 3;
		c->fl_ba = 4;
	}
	c->action = ACT_ACCEPT;
	c->proto = 6;
}

/* Packets ~ heavy(base), bytes = packets * an average in [lo, hi]. */
static void sizes(struct gen_rng *r, uint32_t *pk, uint64_t *by, uint64_t base, int shift,
		  uint32_t lo, uint32_t hi)
{
	uint64_t p = gen_heavy(r, base, shift);
	if (p > 4000000)
		p = 4000000;
	*pk = (uint32_t)p;
	*by = p * gen_range(r, lo, hi);
}

static void tcp(struct gen_conn *c, struct gen_rng *r, uint64_t b_ab, int s_ab, uint32_t lo_ab,
		uint32_t hi_ab, uint64_t b_ba, int s_ba, uint32_t lo_ba, uint32_t hi_ba)
{
	sizes(r, &c->pk_ab, &c->by_ab, b_ab, s_ab, lo_ab, hi_ab);
	sizes(r, &c->pk_ba, &c->by_ba, b_ba, s_ba, lo_ba, hi_ba);
}

static void udp(struct gen_conn *c, struct gen_rng *r, uint32_t pk_max, uint32_t lo_ab,
		uint32_t hi_ab, uint32_t lo_ba, uint32_t hi_ba)
{
	c->proto = 17;
	c->fl_ab = c->fl_ba = 0;
	c->pk_ab = gen_range(r, 1, pk_max);
	c->pk_ba = c->pk_ab;
	c->by_ab = (uint64_t)c->pk_ab * gen_range(r, lo_ab, hi_ab);
	c->by_ba = (uint64_t)c->pk_ba * gen_range(r, lo_ba, hi_ba);
	if (c->end > c->start + 30)
		c->end = c->start + gen_below(r, 30);
}

/* Both ENIs of an intra-VPC connection. */
static void intra(struct gen_recs *rs, struct gen_rng *r, uint32_t ws, const struct gen_conn *c,
		  int eni_a, int eni_b)
{
	struct gen_conn d = later(c, r, ws);
	gen_conn_on(rs, c, eni_a, true, 1);
	gen_conn_on(rs, &d, eni_b, false, 1);
}

static uint32_t ip4(const struct gen_topo *t, int eni)
{
	return t->enis[eni].ip4;
}

/* ---- the classes ------------------------------------------------------- */

typedef void bg_fn(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs);

/* internet client -> ALB (443, some 80 redirects, some IPv6) */
static void bg_alb_in(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	const struct gen_topo *t = &g->topo;
	struct gen_conn c;
	int alb = pick(t, r, R_ALB);
	timing(&c, r, ws);
	if (gen_pct(r, 10)) {
		c.a = gen_pool_pick(&t->clients6, r);
		c.b = t->enis[alb].ip6;
	} else {
		c.a = gen_pool_pick(&t->clients4, r);
		c.b = ip4(t, alb);
	}
	c.a_port = eph_client(r);
	if (gen_pct(r, 8)) {
		c.b_port = 80;
		tcp(&c, r, 3, 1, 60, 140, 3, 1, 60, 200);
	} else {
		c.b_port = 443;
		tcp(&c, r, 6, 8, 90, 400, 8, 14, 700, 1400);
	}
	gen_conn_on(rs, &c, alb, false, 2);
}

/* ALB node -> web instance :80 (cross-zone) */
static void bg_alb_web(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	const struct gen_topo *t = &g->topo;
	struct gen_conn c;
	int alb = pick(t, r, R_ALB), web = pick(t, r, R_WEB);
	timing(&c, r, ws);
	c.a = ip4(t, alb);
	c.b = ip4(t, web);
	c.a_port = eph_wide(r);
	c.b_port = 80;
	tcp(&c, r, 6, 8, 120, 500, 8, 14, 800, 1448);
	intra(rs, r, ws, &c, alb, web);
}

/* web -> API tier :443, mostly in the same AZ, some hot API hosts */
static void bg_web_app(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	const struct gen_topo *t = &g->topo;
	struct gen_conn c;
	int web = pick(t, r, R_WEB);
	int az = gen_pct(r, 75) ? t->enis[web].az : (int)gen_below(r, GEN_NAZ);
	int app = pick_hot(t, r, R_APP, az);
	timing(&c, r, ws);
	c.a = ip4(t, web);
	c.b = ip4(t, app);
	c.a_port = eph_linux(r);
	c.b_port = 443;
	tcp(&c, r, 5, 8, 100, 600, 6, 12, 500, 1448);
	intra(rs, r, ws, &c, web, app);
}

static int db_client(const struct gen_topo *t, struct gen_rng *r)
{
	uint32_t p = gen_below(r, 100);
	return pick(t, r, p < 72 ? R_APP : p < 94 ? R_WORKER : R_BATCH);
}

/* app/worker/batch -> PostgreSQL: the primary in az2 or the local replica */
static void bg_rds(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	const struct gen_topo *t = &g->topo;
	struct gen_conn c;
	int src = db_client(t, r);
	int az = gen_pct(r, 65) ? 1 : t->enis[src].az;
	int db = t->role_az_first[R_RDS][az];
	timing(&c, r, ws);
	c.a = ip4(t, src);
	c.b = ip4(t, db);
	c.a_port = eph_linux(r);
	c.b_port = 5432;
	tcp(&c, r, 4, 6, 90, 400, 5, 13, 300, 1448);
	intra(rs, r, ws, &c, src, db);
}

/* app/worker -> Redis, mostly the local node */
static void bg_redis(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	const struct gen_topo *t = &g->topo;
	struct gen_conn c;
	int src = pick(t, r, gen_pct(r, 75) ? R_APP : R_WORKER);
	int az = gen_pct(r, 80) ? t->enis[src].az : (int)gen_below(r, GEN_NAZ);
	int redis = t->role_az_first[R_REDIS][az];
	timing(&c, r, ws);
	c.a = ip4(t, src);
	c.b = ip4(t, redis);
	c.a_port = eph_linux(r);
	c.b_port = 6379;
	tcp(&c, r, 4, 6, 60, 200, 4, 6, 60, 600);
	intra(rs, r, ws, &c, src, redis);
}

static int any_instance(const struct gen_topo *t, struct gen_rng *r)
{
	static const uint8_t mix[] = {R_WEB, R_WEB, R_WEB, R_APP, R_APP, R_APP, R_APP, R_WORKER,
				      R_WORKER, R_BATCH, R_MON, R_CI, R_BASTION, R_REPORTING,
				      R_VPN, R_LEGACY};
	return pick(t, r, mix[gen_below(r, FQ_ARRAY_LEN(mix))]);
}

/* DNS to the VPC resolver 10.0.0.2 */
static void bg_dns(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	const struct gen_topo *t = &g->topo;
	struct gen_conn c;
	int src = any_instance(t, r);
	timing(&c, r, ws);
	c.a = ip4(t, src);
	c.b = t->resolver;
	c.a_port = eph_linux(r);
	c.b_port = 53;
	udp(&c, r, 4, 58, 110, 90, 320);
	gen_conn_on(rs, &c, src, true, 1);
}

static int nat_of(const struct gen_topo *t, int eni)
{
	return t->role_az_first[R_NAT][t->enis[eni].az];
}

/* private instances -> internet through their AZ's NAT gateway */
static void bg_nat(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	const struct gen_topo *t = &g->topo;
	struct gen_conn c;
	uint32_t p = gen_below(r, 100);
	int src = pick(t, r, p < 50 ? R_APP : p < 85 ? R_WORKER : p < 95 ? R_CI : R_BATCH);
	timing(&c, r, ws);
	c.a = ip4(t, src);
	c.b = gen_pool_pick(&t->services4, r);
	c.a_port = eph_linux(r);
	c.b_port = gen_pct(r, 90) ? 443 : 80;
	if (t->enis[src].role == R_CI) /* pulls images and packages */
		tcp(&c, r, 8, 8, 52, 120, 12, 12, 1200, 1448);
	else
		tcp(&c, r, 5, 7, 100, 700, 5, 9, 300, 1400);
	gen_conn_nat(g, r, rs, &c, src, nat_of(t, src));
}

/* web instances (public IPs) -> internet directly, IPv4 or IPv6 */
static void bg_web_out(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	const struct gen_topo *t = &g->topo;
	struct gen_conn c;
	int web = pick(t, r, R_WEB);
	timing(&c, r, ws);
	if (gen_pct(r, 30)) {
		c.a = t->enis[web].ip6;
		c.b = gen_pool_pick(&t->services6, r);
	} else {
		c.a = ip4(t, web);
		c.b = gen_pool_pick(&t->services4, r);
	}
	c.a_port = eph_linux(r);
	c.b_port = 443;
	tcp(&c, r, 5, 6, 100, 600, 5, 9, 400, 1400);
	gen_conn_on(rs, &c, web, true, 8);
}

/* NTP to public servers (udp 123) */
static void bg_ntp(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	const struct gen_topo *t = &g->topo;
	struct gen_conn c;
	int src = any_instance(t, r);
	timing(&c, r, ws);
	c.a = ip4(t, src);
	c.b = gen_pool_pick(&t->ntp, r);
	c.a_port = eph_linux(r);
	c.b_port = 123;
	udp(&c, r, 2, 76, 76, 76, 76);
	if (t->enis[src].pub4 != GEN_NONE)
		gen_conn_on(rs, &c, src, true, 8);
	else
		gen_conn_nat(g, r, rs, &c, src, nat_of(t, src));
}

/* Lambda -> PostgreSQL, Redis or an interface endpoint */
static void bg_lambda(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	const struct gen_topo *t = &g->topo;
	struct gen_conn c;
	int src = pick(t, r, R_LAMBDA);
	uint32_t p = gen_below(r, 100);
	int dst;
	timing(&c, r, ws);
	if (p < 50) {
		dst = t->role_az_first[R_RDS][1];
		c.b_port = 5432;
	} else if (p < 80) {
		dst = t->role_az_first[R_REDIS][t->enis[src].az];
		c.b_port = 6379;
	} else {
		dst = pick_az(t, r, R_VPCE, t->enis[src].az);
		c.b_port = 443;
	}
	c.a = ip4(t, src);
	c.b = ip4(t, dst);
	c.a_port = eph_linux(r);
	tcp(&c, r, 4, 5, 80, 400, 4, 8, 200, 1400);
	intra(rs, r, ws, &c, src, dst);
}

/* instances -> interface endpoints (secrets, ssm) in their AZ */
static void bg_vpce(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	const struct gen_topo *t = &g->topo;
	struct gen_conn c;
	int src = pick(t, r, gen_pct(r, 60) ? R_APP : gen_pct(r, 50) ? R_WORKER : R_WEB);
	int dst = pick_az(t, r, R_VPCE, t->enis[src].az);
	timing(&c, r, ws);
	c.a = ip4(t, src);
	c.b = ip4(t, dst);
	c.a_port = eph_linux(r);
	c.b_port = 443;
	tcp(&c, r, 6, 3, 100, 500, 6, 4, 200, 1200);
	intra(rs, r, ws, &c, src, dst);
}

/* private instances -> S3 through the gateway endpoint (traffic-path 7) */
static void bg_s3(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	const struct gen_topo *t = &g->topo;
	struct gen_conn c;
	uint32_t p = gen_below(r, 100);
	int src = pick(t, r, p < 50 ? R_APP : p < 85 ? R_WORKER : R_BATCH);
	timing(&c, r, ws);
	c.a = ip4(t, src);
	c.b = gen_pool_pick(&t->s3, r);
	c.a_port = eph_linux(r);
	c.b_port = 443;
	tcp(&c, r, 8, 10, 400, 1448, 8, 10, 300, 1448);
	gen_conn_on(rs, &c, src, true, 7);
}

/* admins: office -> bastion :22, bastion -> hosts :22 */
static void bg_admin(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	const struct gen_topo *t = &g->topo;
	struct gen_conn c;
	int bastion = t->role_first[R_BASTION];
	timing(&c, r, ws);
	c.b_port = 22;
	if (gen_pct(r, 40)) {
		c.a = gen_pool_pick(&t->admins, r);
		c.b = ip4(t, bastion);
		c.a_port = eph_client(r);
		tcp(&c, r, 20, 6, 60, 160, 20, 8, 80, 600);
		gen_conn_on(rs, &c, bastion, false, 8);
		return;
	}
	static const uint8_t to[] = {R_WEB, R_APP, R_APP, R_WORKER, R_BATCH, R_MON, R_CI,
				     R_REPORTING, R_VPN};
	int dst = pick(t, r, to[gen_below(r, FQ_ARRAY_LEN(to))]);
	c.a = ip4(t, bastion);
	c.b = ip4(t, dst);
	c.a_port = eph_linux(r);
	tcp(&c, r, 20, 6, 60, 160, 20, 8, 80, 600);
	intra(rs, r, ws, &c, bastion, dst);
}

/* monitoring: ICMP echo and node-exporter scrapes */
static void bg_mon(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	const struct gen_topo *t = &g->topo;
	struct gen_conn c;
	static const uint8_t to[] = {R_WEB, R_APP, R_WORKER};
	int mon = pick(t, r, R_MON);
	int dst = pick(t, r, to[gen_below(r, FQ_ARRAY_LEN(to))]);
	timing(&c, r, ws);
	c.a = ip4(t, mon);
	c.b = ip4(t, dst);
	if (gen_pct(r, 50)) {
		c.proto = 1;
		c.a_port = c.b_port = 0;
		c.fl_ab = c.fl_ba = 0;
		c.pk_ab = c.pk_ba = gen_range(r, 1, 6);
		c.by_ab = c.by_ba = 84ULL * c.pk_ab;
	} else {
		c.a_port = eph_linux(r);
		c.b_port = 9100;
		tcp(&c, r, 5, 1, 60, 200, 8, 2, 900, 1448);
	}
	intra(rs, r, ws, &c, mon, dst);
}

bool gen_sg_allows(int role, uint16_t port)
{
	switch (role) {
	case R_ALB: return port == 443 || port == 80;
	case R_BASTION: return port == 22;
	case R_WINJUMP: return port == 3389;
	case R_LEGACY: return port == 2222 || port == 21;
	case R_REPORTING: return port == 443;
	case R_VPN: return port == 443;
	default: return false;
	}
}

/* the internet's background noise: scanners probing public addresses */
static void bg_scan(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	/* never 8080 or 21: the rules that allow them must stay unused */
	static const uint16_t ports[] = {22, 23, 80, 443, 445, 3389, 1433, 3306, 5900, 8443, 25,
					 111, 135, 139, 6379, 9200, 2375, 8000, 8888, 81, 5555,
					 37215, 7547, 5060, 161};
	static const uint8_t to[] = {R_WEB, R_WEB, R_WEB, R_WEB, R_ALB, R_BASTION, R_WINJUMP,
				     R_LEGACY, R_REPORTING, R_VPN};
	const struct gen_topo *t = &g->topo;
	int dst = pick(t, r, to[gen_below(r, FQ_ARRAY_LEN(to))]);
	uint32_t src = gen_pool_pick(&t->scanners, r);
	uint16_t port = ports[gen_below(r, FQ_ARRAY_LEN(ports))];
	uint8_t proto = port == 161 || port == 5060 ? 17 : 6;
	uint32_t start = ws + gen_below(r, GEN_WINDOW);
	uint16_t sport = eph_client(r);
	int role = t->enis[dst].role;

	if (proto == 6 && gen_sg_allows(role, port)) {
		struct gen_conn c = {.a = src, .b = ip4(t, dst), .a_port = sport, .b_port = port,
				     .proto = 6, .action = ACT_ACCEPT, .fl_ab = 3, .fl_ba = 19,
				     .pk_ab = gen_range(r, 2, 4), .pk_ba = gen_range(r, 1, 3),
				     .start = start};
		c.by_ab = c.pk_ab * 52ULL;
		c.by_ba = c.pk_ba * 60ULL;
		c.end = start + gen_below(r, 3);
		gen_conn_on(rs, &c, dst, false, role == R_ALB ? 2 : 8);
		return;
	}
	uint32_t pk = gen_range(r, 1, 3);
	gen_rec1(rs, dst, src, ip4(t, dst), sport, port, proto, pk,
		 pk * (proto == 6 ? 44ULL : 72ULL), start, start + gen_below(r, 4 * pk), ACT_REJECT,
		 proto == 6 ? 2 : 0, DIR_INGRESS, 0);
}

static const struct {
	uint32_t weight;
	bg_fn *fn;
} classes[] = {
	{22, bg_alb_in}, {16, bg_alb_web}, {12, bg_web_app}, {9, bg_rds}, {9, bg_redis},
	{12, bg_dns},    {6, bg_nat},      {3, bg_web_out},  {1, bg_ntp}, {2, bg_lambda},
	{2, bg_vpce},    {2, bg_s3},       {1, bg_admin},    {2, bg_mon}, {4, bg_scan},
};

void gen_bg_event(const struct gen_ctx *g, struct gen_rng *r, uint32_t ws, struct gen_recs *rs)
{
	uint32_t total = 0;
	for (size_t i = 0; i < FQ_ARRAY_LEN(classes); i++)
		total += classes[i].weight;
	uint32_t x = gen_below(r, total);
	for (size_t i = 0; i < FQ_ARRAY_LEN(classes); i++) {
		if (x < classes[i].weight) {
			classes[i].fn(g, r, ws, rs);
			return;
		}
		x -= classes[i].weight;
	}
}
