/*
 * incident.c - the planted incidents of `flowq generate`, the things the
 * built-in reports and the guide's queries are meant to find:
 *
 *   port_scan                one internet address probes 1200 TCP ports of the VPN
 *                            host in seven minutes; all but the open one are REJECTs
 *   port_sweep               one address probes port 22 (or 3389) on every public host
 *   ssh_bruteforce           300 short ssh connections to the bastion
 *   rdp_bruteforce           250 short RDP connections to the Windows jump host
 *   ssh_alt_port_bruteforce  200 short ssh connections to the legacy SFTP host's 2222
 *   reject_burst             a botnet: 1200 rejected probes in three minutes
 *   exfiltration             the reporting host sends ~6 GB to one address over 3 hours
 *   cross_az                 four az1 API hosts pull ~30 GB from the az2 database in 6 h
 *   nat_top_talker           one batch host sends most bytes of its AZ's NAT gateway
 *
 * An incident is a list of events (a probe, a connection, a minute of a
 * long transfer).  Event j's time and contents depend only on (seed, kind,
 * j), never on which window is being written, so the planning pass can run
 * every event once to count records per window and measure the incident
 * (records, bytes, first start, last end) for the manifest, and the
 * writers later produce exactly the same records.  Incidents are placed on
 * different days when there are several.
 */
#include "gen/gen_int.h"

#include <stdlib.h>

static const char *const inc_names[INC_COUNT] = {
	[INC_PORT_SCAN] = "port_scan",
	[INC_PORT_SWEEP] = "port_sweep",
	[INC_SSH_BRUTE] = "ssh_bruteforce",
	[INC_RDP_BRUTE] = "rdp_bruteforce",
	[INC_SSH_ALT_BRUTE] = "ssh_alt_port_bruteforce",
	[INC_REJECT_BURST] = "reject_burst",
	[INC_EXFIL] = "exfiltration",
	[INC_CROSS_AZ] = "cross_az",
	[INC_NAT_HOG] = "nat_top_talker",
};

static const char *const inc_desc[INC_COUNT] = {
	[INC_PORT_SCAN] = "vertical port scan of one host, mostly rejected",
	[INC_PORT_SWEEP] = "horizontal sweep of one port across the public hosts",
	[INC_SSH_BRUTE] = "ssh brute force against the bastion: many short accepted connections",
	[INC_RDP_BRUTE] = "RDP brute force against the Windows jump host",
	[INC_SSH_ALT_BRUTE] = "ssh brute force on a non-standard port (2222)",
	[INC_REJECT_BURST] = "burst of rejected traffic from a botnet within a few minutes",
	[INC_EXFIL] = "large transfer from one instance to one internet address over hours",
	[INC_CROSS_AZ] = "heavy cross-AZ traffic between API hosts in az1 and the database in az2",
	[INC_NAT_HOG] = "one instance sends most of its NAT gateway's traffic",
};

static const uint16_t burst_ports[] = {23, 2323, 445, 1433, 3306, 5900, 139, 135, 37215, 52869};

const char *gen_inc_name(int kind)
{
	return inc_names[kind];
}

static uint64_t ev_hash(const struct gen_ctx *g, const struct gen_incident *inc, uint32_t j)
{
	return hash_combine(hash_combine(g->seed, 0x696e636964656e74ULL + (uint64_t)inc->kind), j);
}

/* When event j happens: spread evenly with jitter, or one per window. */
static uint32_t ev_time(const struct gen_ctx *g, const struct gen_incident *inc, uint32_t j)
{
	uint64_t h = ev_hash(g, inc, j);
	switch (inc->kind) {
	case INC_CROSS_AZ:
		return inc->t0 + (j / inc->n_hosts) * GEN_WINDOW + (uint32_t)(h % 240);
	case INC_NAT_HOG:
		return inc->t0 + 2 * j * GEN_WINDOW + (uint32_t)(h % 240);
	default: {
		uint32_t step = inc->dur / inc->n_events;
		return inc->t0 + (uint32_t)((uint64_t)j * inc->dur / inc->n_events) +
		       (step ? (uint32_t)(h % step) : 0);
	}
	}
}

/* A connection of megabytes: full-size segments one way, ACKs the other. */
static void bulk(struct gen_conn *c, struct gen_rng *r, uint64_t bytes)
{
	c->pk_ab = (uint32_t)(bytes / 1448 + 1);
	c->by_ab = (uint64_t)c->pk_ab * gen_range(r, 1380, 1448);
	c->pk_ba = c->pk_ab / 2 + 1;
	c->by_ba = (uint64_t)c->pk_ba * 52;
}

static void probe_reject(struct gen_recs *rs, struct gen_rng *r, int eni, uint32_t src,
			 uint32_t dst, uint16_t sport, uint16_t port, uint32_t t)
{
	uint32_t pk = gen_pct(r, 12) ? 2 : 1;
	gen_rec1(rs, eni, src, dst, sport, port, 6, pk, 44ULL * pk, t, t + pk - 1, ACT_REJECT, 2,
		 DIR_INGRESS, 0);
}

static void probe_accept(struct gen_recs *rs, int eni, uint32_t src, uint32_t dst,
			 uint16_t sport, uint16_t port, uint32_t t)
{
	/* SYN, SYN-ACK, then the scanner's RST */
	struct gen_conn c = {.a = src, .b = dst, .a_port = sport, .b_port = port, .proto = 6,
			     .action = ACT_ACCEPT, .fl_ab = 6, .fl_ba = 18, .pk_ab = 2, .pk_ba = 1,
			     .by_ab = 84, .by_ba = 44, .start = t, .end = t};
	gen_conn_on(rs, &c, eni, false, 8);
}

/* The records of event j; *bytes gets the bytes the incident is about. */
static void emit(const struct gen_ctx *g, const struct gen_incident *inc, uint32_t j,
		 struct gen_recs *rs, uint64_t *bytes)
{
	const struct gen_topo *t = &g->topo;
	uint32_t ts = ev_time(g, inc, j);
	struct gen_rng r;
	gen_rng_seed(&r, ev_hash(g, inc, j) ^ 0x6576656e74ULL);
	struct gen_conn c = {.a = inc->src, .b = inc->dst, .a_port = inc->sport,
			     .b_port = inc->port, .proto = 6, .action = ACT_ACCEPT, .start = ts};

	switch (inc->kind) {
	case INC_PORT_SCAN: {
		uint16_t port = inc->ports[j];
		if (gen_sg_allows(t->enis[inc->eni].role, port))
			probe_accept(rs, inc->eni, inc->src, inc->dst, inc->sport, port, ts);
		else
			probe_reject(rs, &r, inc->eni, inc->src, inc->dst, inc->sport, port, ts);
		break;
	}
	case INC_PORT_SWEEP: {
		int eni = (int)inc->hosts[j];
		uint32_t dst = t->enis[eni].ip4;
		if (gen_sg_allows(t->enis[eni].role, inc->port))
			probe_accept(rs, eni, inc->src, dst, inc->sport, inc->port, ts);
		else
			probe_reject(rs, &r, eni, inc->src, dst, inc->sport, inc->port, ts);
		break;
	}
	case INC_SSH_BRUTE:
	case INC_SSH_ALT_BRUTE:
	case INC_RDP_BRUTE: {
		bool rdp = inc->kind == INC_RDP_BRUTE;
		c.a_port = (uint16_t)(rdp ? gen_range(&r, 49152, 65535)
					  : gen_range(&r, 32768, 60999));
		c.end = ts + gen_range(&r, 1, rdp ? 8 : 5);
		c.fl_ab = 3;
		c.fl_ba = 19;
		c.pk_ab = gen_range(&r, rdp ? 14 : 11, rdp ? 30 : 22);
		c.by_ab = (uint64_t)c.pk_ab * gen_range(&r, rdp ? 150 : 90, rdp ? 400 : 170);
		c.pk_ba = gen_range(&r, rdp ? 12 : 9, rdp ? 26 : 18);
		c.by_ba = (uint64_t)c.pk_ba * gen_range(&r, rdp ? 300 : 120, rdp ? 900 : 260);
		gen_conn_on(rs, &c, inc->eni, false, 8);
		*bytes += c.by_ab + c.by_ba;
		break;
	}
	case INC_REJECT_BURST: {
		static const uint8_t to[] = {R_WEB, R_WEB, R_WEB, R_ALB, R_BASTION, R_WINJUMP,
					     R_LEGACY, R_REPORTING, R_VPN};
		int role = to[gen_below(&r, FQ_ARRAY_LEN(to))];
		int eni = t->role_first[role] + (int)gen_below(&r, (uint32_t)t->role_n[role]);
		uint32_t src = inc->bot_first + gen_below(&r, inc->n_bots);
		uint16_t port = burst_ports[gen_below(&r, FQ_ARRAY_LEN(burst_ports))];
		probe_reject(rs, &r, eni, src, t->enis[eni].ip4,
			     (uint16_t)gen_range(&r, 1024, 65535), port, ts);
		break;
	}
	case INC_EXFIL: {
		uint64_t base = 36ULL << 20;
		bulk(&c, &r, base * gen_range(&r, 70, 130) / 100);
		c.a = inc->src;
		c.b = inc->dst;
		c.end = ts + gen_range(&r, 56, 60);
		c.fl_ab = j == 0 ? 2 : j + 1 == inc->n_events ? 1 : 0;
		c.fl_ba = j == 0 ? 18 : j + 1 == inc->n_events ? 1 : 0;
		gen_conn_on(rs, &c, inc->eni, true, 8);
		*bytes += c.by_ab;
		break;
	}
	case INC_CROSS_AZ: {
		int app = (int)inc->hosts[j % inc->n_hosts];
		struct gen_conn d;
		c.a = t->enis[app].ip4;
		c.a_port = (uint16_t)(inc->sport + j % inc->n_hosts);
		c.end = ts + gen_range(&r, 55, 60);
		c.fl_ab = c.fl_ba = 0;
		c.pk_ab = gen_range(&r, 1500, 5500);
		c.by_ab = (uint64_t)c.pk_ab * gen_range(&r, 500, 1448);
		c.pk_ba = gen_range(&r, 42000, 110000);
		c.by_ba = (uint64_t)c.pk_ba * gen_range(&r, 1300, 1448);
		d = c;
		d.start = ts + 1;
		d.end = c.end + 1;
		gen_conn_on(rs, &c, app, true, 1);
		gen_conn_on(rs, &d, inc->eni2, false, 1);
		*bytes += c.by_ab + c.by_ba;
		break;
	}
	case INC_NAT_HOG: {
		bulk(&c, &r, inc->event_bytes * gen_range(&r, 70, 130) / 100);
		c.a = t->enis[inc->eni].ip4;
		c.a_port = (uint16_t)gen_range(&r, 32768, 60999);
		c.end = ts + gen_range(&r, 40, 60);
		c.fl_ab = 3;
		c.fl_ba = 19;
		gen_conn_nat(g, &r, rs, &c, inc->eni, inc->eni2);
		*bytes += c.by_ab;
		break;
	}
	}
}

static uint32_t window_of(const struct gen_ctx *g, uint32_t t)
{
	return (t - g->t_begin) / GEN_WINDOW;
}

void gen_inc_window(const struct gen_ctx *g, uint32_t w, struct gen_recs *rs)
{
	for (int k = 0; k < INC_COUNT; k++) {
		const struct gen_incident *inc = &g->inc[k];
		uint64_t bytes = 0;
		for (uint32_t j = 0; j < inc->n_events; j++) {
			uint32_t ew = window_of(g, ev_time(g, inc, j));
			if (ew == w)
				emit(g, inc, j, rs, &bytes);
			else if (ew > w)
				break; /* event times only grow with j */
		}
	}
}

flowq_status gen_inc_measure(struct gen_ctx *g)
{
	struct gen_rec scratch[GEN_MAX_EVENT_RECS];
	g->inc_recs = calloc(g->n_windows, sizeof *g->inc_recs);
	if (!g->inc_recs)
		return FLOWQ_ERR_NOMEM;
	for (int k = 0; k < INC_COUNT; k++) {
		struct gen_incident *inc = &g->inc[k];
		inc->first_start = UINT32_MAX;
		for (uint32_t j = 0; j < inc->n_events; j++) {
			struct gen_recs rs = {scratch, 0, FQ_ARRAY_LEN(scratch)};
			uint32_t w = window_of(g, ev_time(g, inc, j));
			if (w >= g->n_windows)
				return FLOWQ_ERR_INTERNAL;
			emit(g, inc, j, &rs, &inc->bytes);
			g->inc_recs[w] += (uint32_t)rs.n;
			inc->records += rs.n;
			for (size_t i = 0; i < rs.n; i++) {
				const struct gen_rec *x = &scratch[i];
				inc->packets += x->packets;
				inc->rejects += x->action == ACT_REJECT;
				inc->first_start = FQ_MIN(inc->first_start, x->start);
				inc->last_end = FQ_MAX(inc->last_end, x->end);
			}
		}
	}
	return FLOWQ_OK;
}

/* ---- planning ---------------------------------------------------------- */

/* The ports of the vertical scan: 1-1024, well-known high ports, then a
 * run from 10000; shuffled, as nmap does. */
static uint16_t *scan_ports(struct gen_rng *r, uint32_t n)
{
	static const uint16_t high[] = {1080, 1194, 1433, 1521, 1723, 2049, 2082, 2083, 2181,
					2222, 2375, 2376, 3000, 3128, 3306, 3389, 4443, 4848,
					5000, 5432, 5601, 5672, 5900, 5984, 6379, 6443, 7001,
					7474, 8000, 8008, 8081, 8443, 8888, 9000, 9042, 9090,
					9200, 9300, 9418, 11211, 15672, 27017, 50000};
	uint16_t *p = malloc(n * sizeof *p);
	if (!p)
		return NULL;
	uint32_t k = 0;
	for (uint32_t i = 1; i <= 1024 && k < n; i++)
		p[k++] = (uint16_t)i;
	for (size_t i = 0; i < FQ_ARRAY_LEN(high) && k < n; i++)
		p[k++] = high[i];
	for (uint32_t i = 10000; k < n; i++)
		p[k++] = (uint16_t)i;
	for (uint32_t i = n - 1; i > 0; i--) {
		uint32_t x = gen_below(r, i + 1);
		uint16_t tmp = p[i];
		p[i] = p[x];
		p[x] = tmp;
	}
	return p;
}

/* Start of an incident of dur seconds on day `day`, between 01:00 and the
 * end of that day. */
static uint32_t place(const struct gen_ctx *g, struct gen_rng *r, int day, uint32_t dur)
{
	uint32_t day_start = g->t_begin + (uint32_t)day * 86400u;
	uint32_t room = 86400u - 3600u - dur - GEN_WINDOW;
	return day_start + 3600u + gen_below(r, room);
}

flowq_status gen_inc_plan(struct gen_ctx *g)
{
	struct gen_topo *t = &g->topo;
	struct gen_rng r;
	int days = (int)(g->n_windows / (86400 / GEN_WINDOW));
	gen_rng_seed(&r, hash_combine(g->seed, 0x706c616eULL));

	for (int k = 0; k < INC_COUNT; k++) {
		struct gen_incident *inc = &g->inc[k];
		int day = (int)((uint64_t)(k + g->seed) % (uint64_t)days);
		memset(inc, 0, sizeof *inc);
		inc->kind = k;
		inc->eni = inc->eni2 = -1;
		inc->dst = GEN_NONE;
		inc->sport = (uint16_t)gen_range(&r, 33000, 60000);
		if (k != INC_CROSS_AZ && k != INC_NAT_HOG && k != INC_EXFIL) {
			inc->src = gen_topo_public4(t);
			if (inc->src == GEN_NONE)
				return FLOWQ_ERR_NOMEM;
		}
		switch (k) {
		case INC_PORT_SCAN:
			inc->eni = t->role_first[R_VPN];
			inc->n_events = 1200;
			inc->dur = 420;
			inc->ports = scan_ports(&r, inc->n_events);
			if (!inc->ports)
				return FLOWQ_ERR_NOMEM;
			break;
		case INC_PORT_SWEEP: {
			static const uint8_t pub[] = {R_WEB, R_BASTION, R_WINJUMP, R_LEGACY,
						      R_REPORTING, R_VPN};
			inc->port = g->seed & 1 ? 3389 : 22;
			inc->hosts = malloc((size_t)t->n_enis * sizeof *inc->hosts);
			if (!inc->hosts)
				return FLOWQ_ERR_NOMEM;
			for (size_t p = 0; p < FQ_ARRAY_LEN(pub); p++) {
				int first = t->role_first[pub[p]];
				for (int e = 0; e < t->role_n[pub[p]]; e++)
					inc->hosts[inc->n_hosts++] = (uint32_t)(first + e);
			}
			inc->n_events = inc->n_hosts;
			inc->dur = 150;
			break;
		}
		case INC_SSH_BRUTE:
			inc->eni = t->role_first[R_BASTION];
			inc->port = 22;
			inc->n_events = 300;
			inc->dur = 2700;
			break;
		case INC_RDP_BRUTE:
			inc->eni = t->role_first[R_WINJUMP];
			inc->port = 3389;
			inc->n_events = 250;
			inc->dur = 2400;
			break;
		case INC_SSH_ALT_BRUTE:
			inc->eni = t->role_first[R_LEGACY];
			inc->port = 2222;
			inc->n_events = 200;
			inc->dur = 1800;
			break;
		case INC_REJECT_BURST:
			inc->n_bots = 150;
			inc->bot_first = t->n_addrs;
			for (uint32_t b = 0; b < inc->n_bots; b++)
				if (gen_topo_public4(t) == GEN_NONE)
					return FLOWQ_ERR_NOMEM;
			inc->n_events = 1200;
			inc->dur = 180;
			break;
		case INC_EXFIL:
			inc->eni = t->role_first[R_REPORTING];
			inc->src = t->enis[inc->eni].ip4;
			inc->dst = gen_topo_public4(t);
			inc->port = 443;
			inc->n_events = 180;
			inc->dur = 180 * 60;
			break;
		case INC_CROSS_AZ: {
			uint32_t first = (uint32_t)t->role_az_first[R_APP][0];
			uint32_t off = gen_below(&r, (uint32_t)t->role_az_n[R_APP][0] - 10);
			inc->n_hosts = 4;
			inc->hosts = malloc(inc->n_hosts * sizeof *inc->hosts);
			if (!inc->hosts)
				return FLOWQ_ERR_NOMEM;
			for (uint32_t a = 0; a < inc->n_hosts; a++)
				inc->hosts[a] = first + off + a * 3;
			inc->eni2 = t->role_az_first[R_RDS][1]; /* the primary, az2 */
			inc->dst = t->enis[inc->eni2].ip4;
			inc->port = 5432;
			inc->dur = 6 * 3600;
			inc->n_events = inc->n_hosts * (inc->dur / GEN_WINDOW);
			break;
		}
		case INC_NAT_HOG:
			inc->eni = t->role_az_first[R_BATCH][2];
			inc->eni2 = t->role_az_first[R_NAT][2];
			inc->src = t->enis[inc->eni].ip4;
			inc->dst = gen_topo_public4(t);
			inc->port = 443;
			inc->t0 = g->t_begin;
			inc->dur = g->n_windows * GEN_WINDOW;
			inc->n_events = (g->n_windows + 1) / 2;
			/* about three times what the rest of the AZ sends through the
			 * NAT, which grows with --records (~100 bytes a day per record) */
			inc->event_bytes = g->records / (g->n_windows / (86400 / GEN_WINDOW)) * 2;
			inc->event_bytes = FQ_MAX(inc->event_bytes, 64ULL << 10);
			inc->event_bytes = FQ_MIN(inc->event_bytes, 400ULL << 20);
			break;
		}
		if (inc->eni >= 0 && inc->dst == GEN_NONE)
			inc->dst = t->enis[inc->eni].ip4;
		if (k == INC_EXFIL && inc->dst == GEN_NONE)
			return FLOWQ_ERR_NOMEM;
		if (k == INC_NAT_HOG)
			continue;
		inc->t0 = place(g, &r, day, inc->dur);
		if (k == INC_CROSS_AZ) /* whole windows */
			inc->t0 -= (inc->t0 - g->t_begin) % GEN_WINDOW;
	}
	return FLOWQ_OK;
}

void gen_inc_free(struct gen_ctx *g)
{
	for (int k = 0; k < INC_COUNT; k++) {
		free(g->inc[k].ports);
		free(g->inc[k].hosts);
		g->inc[k].ports = NULL;
		g->inc[k].hosts = NULL;
	}
	free(g->inc_recs);
	g->inc_recs = NULL;
}

/* ---- manifest ---------------------------------------------------------- */

static void times_json(struct jw *j, const struct gen_incident *inc)
{
	char iso[24];
	jw_int(j, "start", inc->first_start);
	jw_int(j, "end", inc->last_end);
	gen_iso_time(iso, inc->first_start);
	jw_str(j, "start_time", iso);
	gen_iso_time(iso, inc->last_end);
	jw_str(j, "end_time", iso);
}

void gen_inc_manifest(const struct gen_ctx *g, struct jw *j)
{
	const struct gen_topo *t = &g->topo;
	const struct gen_addr *A = t->addrs;
	jw_arr(j, "incidents");
	for (int k = 0; k < INC_COUNT; k++) {
		const struct gen_incident *inc = &g->inc[k];
		const struct gen_eni *e = inc->eni >= 0 ? &t->enis[inc->eni] : NULL;
		jw_obj(j, NULL);
		jw_str(j, "kind", inc_names[k]);
		jw_str(j, "description", inc_desc[k]);
		switch (k) {
		case INC_PORT_SCAN:
		case INC_SSH_BRUTE:
		case INC_RDP_BRUTE:
		case INC_SSH_ALT_BRUTE:
			jw_str(j, "src", A[inc->src].txt);
			jw_str(j, "dst", A[inc->dst].txt);
			jw_str(j, "dst_public", A[e->pub4].txt);
			jw_str(j, "dst_name", e->name);
			jw_str(j, "interface_id", e->id);
			if (k == INC_PORT_SCAN) {
				jw_int(j, "ports", inc->n_events);
				jw_int(j, "src_port", inc->sport);
				jw_arr(j, "open_ports");
				jw_int(j, NULL, 443);
				jw_end_arr(j);
				jw_str(j, "action", "REJECT");
			} else {
				jw_int(j, "port", inc->port);
				jw_int(j, "connections", inc->n_events);
				jw_int(j, "bytes", (int64_t)inc->bytes);
				jw_str(j, "action", "ACCEPT");
			}
			break;
		case INC_PORT_SWEEP:
			jw_str(j, "src", A[inc->src].txt);
			jw_int(j, "port", inc->port);
			jw_int(j, "hosts", inc->n_hosts);
			jw_int(j, "src_port", inc->sport);
			jw_str(j, "action", "REJECT");
			break;
		case INC_REJECT_BURST:
			jw_int(j, "sources", inc->n_bots);
			jw_str(j, "first_source", A[inc->bot_first].txt);
			jw_str(j, "last_source", A[inc->bot_first + inc->n_bots - 1].txt);
			jw_arr(j, "ports");
			for (size_t p = 0; p < FQ_ARRAY_LEN(burst_ports); p++)
				jw_int(j, NULL, burst_ports[p]);
			jw_end_arr(j);
			jw_str(j, "action", "REJECT");
			break;
		case INC_EXFIL:
			jw_str(j, "src", A[inc->src].txt);
			jw_str(j, "src_public", A[e->pub4].txt);
			jw_str(j, "src_name", e->name);
			jw_str(j, "interface_id", e->id);
			jw_str(j, "dst", A[inc->dst].txt);
			jw_int(j, "port", inc->port);
			jw_int(j, "bytes", (int64_t)inc->bytes);
			break;
		case INC_CROSS_AZ: {
			const struct gen_eni *db = &t->enis[inc->eni2];
			jw_arr(j, "srcs");
			for (uint32_t a = 0; a < inc->n_hosts; a++)
				jw_str(j, NULL, A[t->enis[inc->hosts[a]].ip4].txt);
			jw_end_arr(j);
			jw_str(j, "src_az", gen_az_id(t->enis[inc->hosts[0]].az));
			jw_str(j, "dst", A[db->ip4].txt);
			jw_str(j, "dst_name", db->name);
			jw_str(j, "dst_az", gen_az_id(db->az));
			jw_str(j, "interface_id", db->id);
			jw_int(j, "port", inc->port);
			jw_int(j, "bytes", (int64_t)inc->bytes);
			break;
		}
		case INC_NAT_HOG: {
			const struct gen_eni *nat = &t->enis[inc->eni2];
			jw_str(j, "src", A[inc->src].txt);
			jw_str(j, "src_name", e->name);
			jw_str(j, "interface_id", e->id);
			jw_str(j, "nat_gateway_id", t->nat_id[nat->az]);
			jw_str(j, "nat_interface_id", nat->id);
			jw_str(j, "nat_private_ip", A[nat->ip4].txt);
			jw_str(j, "nat_public_ip", A[nat->pub4].txt);
			jw_str(j, "az", gen_az_id(nat->az));
			jw_str(j, "dst", A[inc->dst].txt);
			jw_int(j, "port", inc->port);
			jw_int(j, "bytes", (int64_t)inc->bytes);
			break;
		}
		}
		jw_int(j, "events", inc->n_events);
		jw_int(j, "records", (int64_t)inc->records);
		jw_int(j, "rejects", (int64_t)inc->rejects);
		times_json(j, inc);
		jw_end_obj(j);
	}
	jw_end_arr(j);
}
