#!/usr/bin/env node
// check.js - reads every record of every source in the shared conformance
// folder with `flowq cat --format ndjson` and asserts every value the source
// expects, mapping the source's keys onto flowq's columns (see the folder's
// README.md).  One PASS/FAIL line per record (or per group of checks), and a
// NOTE line for each place where sources disagree with each other or with
// the AWS documentation, saying what flowq does and why.
//
// usage: node check.js FLOWQ CONFORMANCE_DIR SCRATCH_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const [FLOWQ, CONF, TMP] = process.argv.slice(2);
let nPass = 0, nFail = 0;

function pass(id) { nPass++; console.log(`PASS ${id}`); }
function fail(id, why) {
	nFail++;
	console.log(`FAIL ${id}`);
	for (const l of String(why).split('\n')) console.log(`    ${l}`);
}
function note(text) { console.log(`NOTE ${text}`); }
// check(id, problems): PASS when the list of problems is empty
function check(id, problems) {
	if (problems.length === 0) pass(id); else fail(id, problems.join('\n'));
}

// ---- facts shared by every source -------------------------------------------------

const INT_FIELDS = new Set(['version', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start',
	'end', 'tcp_flags', 'traffic_path', 'packets_lost_no_route', 'packets_lost_blackhole',
	'packets_lost_mtu_exceeded', 'packets_lost_ttl_expired']);
const PROTO = { 0: 'hopopt', 1: 'icmp', 2: 'igmp', 6: 'tcp', 8: 'egp', 17: 'udp', 47: 'gre', 50: 'esp',
	58: 'ipv6-icmp', 112: 'vrrp', 132: 'sctp' };
const FLAGS = [[1, 'fin'], [2, 'syn'], [4, 'rst'], [8, 'psh'], [16, 'ack'], [32, 'urg']];
const V2 = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

const col = (name) => name.replace(/-/g, '_');
const isoMs = (s) => new Date(s * 1000).toISOString();                // 2014-12-14T04:06:50.000Z
const isoZ = (s) => isoMs(s).replace('.000Z', 'Z');                   // 2014-12-14T04:06:50Z
const naive = (s) => isoMs(s).slice(0, 19);                            // 2014-12-14T04:06:50
const flagNames = (v) => FLAGS.filter(([b]) => v & b).map(([, n]) => n);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const show = (v) => (v === undefined ? 'absent' : JSON.stringify(v));

// The value a peer that keeps '-' as "no value" reads from a token, the way
// the README states the agreed rules: integers as numbers, the rest strings.
function tokenValue(field, tok) {
	if (tok === '-') return null;
	if (INT_FIELDS.has(field)) {
		let n = Number(tok);
		if ((field === 'start' || field === 'end') && n > 2147483647) n = Math.floor(n / 1000);
		return n;
	}
	return tok;
}

// Expected row for a line in a format: {column: value}; split on runs of spaces.
function tokenRow(format, line) {
	const names = format.trim().split(/\s+/).map(col);
	const toks = line.trim().split(/ +/);
	const row = {};
	names.forEach((n, i) => { row[n] = tokenValue(n, toks[i]); });
	return row;
}

// ---- running flowq --------------------------------------------------------------------

let scratchN = 0;
function scratch(name, text) {
	const p = path.join(TMP, `${scratchN++}-${name}`);
	fs.writeFileSync(p, text);
	return p;
}

function flowq(args) {
	const r = spawnSync(FLOWQ, args, { encoding: 'utf8', env: { ...process.env, FLOWQ_NO_PROGRESS: '1' } });
	if (r.error) throw r.error;
	return r;
}

// cat a file as ndjson; returns {rows, stderr, status}
function cat(file, logFormat, extra = []) {
	const args = ['cat', '-f', 'ndjson', ...extra];
	if (logFormat) args.push('--log-format', logFormat);
	args.push(file);
	const r = flowq(args);
	const rows = r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
	return { rows, stderr: r.stderr, status: r.status };
}

// Compare a flowq row with {column: value}; `exact` also requires the same key set.
function diffRow(row, want, exact) {
	const out = [];
	if (!row) return ['flowq gave no row'];
	for (const k of Object.keys(want))
		if (!same(row[k], want[k])) out.push(`${k}: flowq ${show(row[k])}, expected ${show(want[k])}`);
	if (exact) {
		const a = Object.keys(row).sort().join(' '), b = Object.keys(want).sort().join(' ');
		if (a !== b) out.push(`columns: flowq [${a}], expected [${b}]`);
	}
	return out;
}

// Every run must be clean unless a test says otherwise.
function cleanRun(id, r, nRows) {
	const p = [];
	if (r.status !== 0) p.push(`exit status ${r.status}`);
	if (r.stderr !== '') p.push(`stderr: ${r.stderr.trim()}`);
	if (nRows !== undefined && r.rows.length !== nRows) p.push(`${r.rows.length} rows, expected ${nRows}`);
	check(`${id} (read: ${nRows} records, no problems)`, p);
}

// Flatten {a:{b:1}} into {'a.b': 1}; arrays are leaves; {} stays a leaf.
function flatten(o, prefix = '', out = {}) {
	for (const [k, v] of Object.entries(o)) {
		const key = prefix + k;
		if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length) flatten(v, key + '.', out);
		else out[key] = v;
	}
	return out;
}

const readLines = (p) => {
	const t = fs.readFileSync(p, 'utf8');
	const lines = t.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	return lines;
};

// ---- AWS documentation examples ----------------------------------------------------------

// Facts stated in the entries' "meaning" text, beyond the token values.
const AWS_MEANING = {
	'accepted-ssh': [{ dstport: 22, protocol: 6, action: 'ACCEPT', srcaddr: '172.31.16.139', dstaddr: '172.31.16.21',
		interface_id: 'eni-1235b8ca123456789', account_id: '123456789010', packets: 20, bytes: 4249,
		$start: '2014-12-14T04:06:50Z', $end: '2014-12-14T04:07:50Z' }],
	'rejected-rdp': [{ dstport: 3389, protocol: 6, action: 'REJECT' }],
	nodata: [{ srcaddr: null, dstaddr: null, srcport: null, dstport: null, protocol: null, packets: null, bytes: null,
		action: null, log_status: 'NODATA', $start: '2015-05-10T18:01:16Z', $end: '2015-05-10T18:02:14Z' }],
	skipdata: [{ srcaddr: null, packets: null, action: null, log_status: 'SKIPDATA' }],
	'sg-nacl-ping': [
		{ protocol: 1, srcport: 0, dstport: 0, srcaddr: '203.0.113.12', dstaddr: '172.31.16.139', action: 'ACCEPT' },
		{ protocol: 1, srcport: 0, dstport: 0, srcaddr: '172.31.16.139', dstaddr: '203.0.113.12', action: 'REJECT' }],
	'ipv6-ssh': [{ srcaddr: '2001:db8:1234:a100:8d6e:3477:df66:f105', dstaddr: '2001:db8:1234:a102:3304:8879:34cf:4071',
		dstport: 22, action: 'ACCEPT' }],
	'tcp-flag-sequence': [
		{ tcp_flags: 2, srcport: 43416, bytes: 568, packets: 8, start: 1566848875, end: 1566848933 },
		{ tcp_flags: 18, srcport: 5001, dstport: 43416 },
		{ tcp_flags: 2, srcport: 43418 },
		{ tcp_flags: 18, dstport: 43418 },
		{ tcp_flags: 1, start: 1566848933, end: 1566849113 },
		{ tcp_flags: 1, bytes: 23294588, packets: 15774 },
		{ tcp_flags: 3, srcport: 43638, start: 1566933133, end: 1566933193 },
		{ tcp_flags: 19, dstport: 43638 }],
	'nat-gateway': [
		{ instance_id: null, srcaddr: '10.0.1.5', dstaddr: '10.0.0.220', pkt_dstaddr: '203.0.113.5' },
		{ instance_id: null, srcaddr: '10.0.0.220', dstaddr: '203.0.113.5' },
		{ instance_id: null, srcaddr: '203.0.113.5', dstaddr: '10.0.0.220' },
		{ instance_id: null, srcaddr: '10.0.0.220', dstaddr: '10.0.1.5', pkt_srcaddr: '203.0.113.5' },
		{ instance_id: 'i-01234567890123456', interface_id: 'eni-1111aaaa2222bbbb3' },
		{ instance_id: 'i-01234567890123456', srcaddr: '203.0.113.5' }],
	'transit-gateway': [
		{ tcp_flags: 3, instance_id: 'i-01234567890123456', dstport: 80 },
		{ tcp_flags: 19, srcport: 80 },
		{ tcp_flags: 3, instance_id: null, srcaddr: '10.40.1.175', pkt_srcaddr: '10.20.33.164' },
		{ tcp_flags: 19, instance_id: null, dstaddr: '10.40.2.31', pkt_dstaddr: '10.20.33.164' }],
	'service-name-traffic-path-flow-direction': [
		{ pkt_src_aws_service: 'S3', pkt_dst_aws_service: null, traffic_path: null, flow_direction: 'ingress', tcp_flags: 19,
			sublocation_type: null, sublocation_id: null, region: 'ap-southeast-2', az_id: 'apse2-az3' },
		{ pkt_src_aws_service: null, pkt_dst_aws_service: 'S3', traffic_path: 8, flow_direction: 'egress', tcp_flags: 3 }],
	'ecs-fields (version 7)': [{ account_id: '64111117617', ecs_service_name: 'cats', ecs_cluster_name: 'DEMOGO-ECS',
		ecs_second_container_id: null, protocol: 17 }],
};

function parseAwsDocs(text) {
	const entries = [];
	let cur = null, inRecords = false, inFormat = false;
	for (const raw of text.split('\n')) {
		const line = raw.replace(/\s+$/, '');
		let m;
		if ((m = line.match(/^id:\s+(.*)$/))) {
			cur = { id: m[1], format: null, records: [] };
			entries.push(cur);
			inRecords = inFormat = false;
			continue;
		}
		if (!cur) continue;
		if ((m = line.match(/^format:\s+(.*)$/))) { cur.format = m[1]; inFormat = true; continue; }
		if (/^records?:$/.test(line)) { inRecords = true; inFormat = false; continue; }
		if (/^[a-z]+:/.test(line) && !/^[a-z]+-\d+: /.test(line)) { inRecords = inFormat = false; continue; }
		if (inRecords) {
			if (line === '' || line.startsWith('(') || line.startsWith('note') || line.startsWith('-----')) {
				inRecords = false;
				continue;
			}
			const lm = line.match(/^([a-z]+-\d+): (.*)$/);
			cur.records.push(lm ? { label: lm[1], text: lm[2] } : { label: null, text: line });
		}
	}
	for (const e of entries) {
		// "default (v2)" or a list of names, maybe followed by a "(custom ...)" note
		e.format = /^default/.test(e.format) ? V2 : e.format.replace(/\(.*$/, '').trim();
	}
	return entries;
}

function awsDocs() {
	const file = path.join(CONF, 'aws-docs-examples.txt');
	const entries = parseAwsDocs(fs.readFileSync(file, 'utf8'));
	const ids = entries.map((e) => e.id).join(', ');
	check('aws-docs: 11 entries with records (' + ids + ')',
		entries.length === 11 && entries.every((e) => e.records.length > 0) ? [] : [`found ${entries.length}`]);
	let total = 0;
	for (const e of entries) {
		total += e.records.length;
		const f = scratch('aws.log', e.records.map((r) => r.text).join('\n') + '\n');
		const r = cat(f, e.format);
		cleanRun(`aws-docs ${e.id}`, r, e.records.length);
		e.records.forEach((rec, i) => {
			const label = rec.label || String(i + 1);
			check(`aws-docs ${e.id} ${label}: every field`, diffRow(r.rows[i], tokenRow(e.format, rec.text), true));
		});
		const facts = AWS_MEANING[e.id];
		if (!facts) { fail(`aws-docs ${e.id}: meaning`, 'no facts written down for this entry'); continue; }
		facts.forEach((want, i) => {
			const row = r.rows[i], p = [];
			for (const [k, v] of Object.entries(want)) {
				const got = k[0] === '$' ? (row && isoZ(row[k.slice(1)])) : row && row[k];
				if (!same(got, v)) p.push(`${k}: flowq ${show(got)}, expected ${show(v)}`);
			}
			check(`aws-docs ${e.id} ${e.records[i].label || i + 1}: meaning`, p);
		});
	}
	check('aws-docs: 28 records in all', total === 28 ? [] : [`${total} records`]);
	return entries;
}

// ---- Elastic integration (ingest pipeline tests) -------------------------------------------

const V5_ALL = V2 + ' vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id ' +
	'sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path';
const ECS10 = 'ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn ecs-container-instance-id ' +
	'ecs-container-id ecs-second-container-id ecs-service-name ecs-task-definition-arn ecs-task-arn ecs-task-id';
// The pipeline picks the layout from the number of space-separated tokens.
const ELASTIC_LAYOUTS = {
	6: 'instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr',
	14: V2,
	17: 'version interface-id account-id vpc-id subnet-id instance-id srcaddr dstaddr srcport dstport protocol ' +
		'tcp-flags type pkt-srcaddr pkt-dstaddr action log-status',
	21: 'version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport ' +
		'pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status',
	29: V5_ALL,
	36: 'version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id ' +
		'tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id ' +
		'tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes start end ' +
		'log-status type packets-lost-no-route packets-lost-blackhole packets-lost-mtu-exceeded ' +
		'packets-lost-ttl-expired tcp-flags region flow-direction pkt-src-aws-service pkt-dst-aws-service',
	39: V5_ALL + ' ' + ECS10,
	40: V5_ALL + ' ' + ECS10 + ' reject-reason',
};

// expected key -> [column, conversion]
const ELASTIC_KEYS = {
	'aws.vpcflow.version': ['version', 'str'],
	'aws.vpcflow.account_id': ['account_id'], 'cloud.account.id': ['account_id'],
	'aws.vpcflow.interface_id': ['interface_id'],
	'source.address': ['srcaddr'], 'source.ip': ['srcaddr'],
	'destination.address': ['dstaddr'], 'destination.ip': ['dstaddr'],
	'source.port': ['srcport'], 'destination.port': ['dstport'],
	'network.iana_number': ['protocol', 'str'], 'network.transport': ['protocol', 'proto'],
	'source.packets': ['packets'], 'network.packets': ['packets'],
	'source.bytes': ['bytes'], 'network.bytes': ['bytes'],
	'event.start': ['start', 'isoMs'], 'event.end': ['end', 'isoMs'], '@timestamp': ['end', 'isoMs'],
	'aws.vpcflow.action': ['action'], 'event.action': ['action'],
	'event.outcome': ['action', 'outcome'], 'event.type': ['action', 'etype'],
	'aws.vpcflow.log_status': ['log_status'],
	'network.type': ['srcaddr', 'nettype'], 'related.ip': ['srcaddr', 'related'],
	'aws.vpcflow.vpc_id': ['vpc_id'], 'aws.vpcflow.subnet_id': ['subnet_id'],
	'aws.vpcflow.instance_id': ['instance_id'], 'cloud.instance.id': ['instance_id'],
	'aws.vpcflow.type': ['type'], 'aws.vpcflow.pkt_srcaddr': ['pkt_srcaddr'], 'aws.vpcflow.pkt_dstaddr': ['pkt_dstaddr'],
	'aws.vpcflow.tcp_flags': ['tcp_flags', 'str'], 'aws.vpcflow.tcp_flags_array': ['tcp_flags', 'flags'],
	'cloud.region': ['region', 'dashkept'], 'cloud.availability_zone': ['az_id', 'dashkept'],
	'aws.vpcflow.sublocation': ['sublocation_type', 'sublocation'],
	'aws.vpcflow.pkt_src_service': ['pkt_src_aws_service'], 'aws.vpcflow.pkt_dst_service': ['pkt_dst_aws_service'],
	'network.direction': ['flow_direction'],
	'aws.vpcflow.traffic_path': ['traffic_path', 'str'],
	'orchestrator.cluster.id': ['ecs_cluster_arn'], 'orchestrator.cluster.name': ['ecs_cluster_name'],
	'orchestrator.resource.name': ['ecs_container_instance_arn'], 'orchestrator.resource.id': ['ecs_container_instance_id'],
	'service.name': ['ecs_service_name'],
	'event.reason': ['reject_reason'],
	'event.original': [null, 'original'],
};
for (const c of ['ecs_container_id', 'ecs_second_container_id', 'ecs_task_definition_arn', 'ecs_task_arn', 'ecs_task_id',
	'tgw_id', 'tgw_attachment_id', 'tgw_src_vpc_id', 'tgw_dst_vpc_id', 'tgw_src_eni', 'tgw_dst_eni'])
	ELASTIC_KEYS[`aws.vpcflow.${c}`] = [c];
const ELASTIC_IGNORE = [/^ecs\.version$/, /^event\.kind$/, /^event\.category$/, /^tags$/, /^network\.community_id$/,
	/^(source|destination)\.(geo|as)\./, /^cloud\.provider$/];

const seenDisagreements = new Set();
function once(key, text) {
	if (seenDisagreements.has(key)) return;
	seenDisagreements.add(key);
	note(text);
}

// Check one flattened expected object against a flowq row. `conv` applies
// the source's conversions to flowq's value; the result lists problems.
function mapCheck(row, exp, keys, ignore, convs, original) {
	const p = [];
	const covered = new Set();
	for (const [k, v] of Object.entries(exp)) {
		if (ignore.some((re) => re.test(k))) continue;
		const m = keys[k];
		if (!m) { p.push(`unmapped expected key ${k} = ${show(v)}`); continue; }
		const [c, how] = m;
		if (c) covered.add(c);
		if (how === 'sublocation') covered.add('sublocation_id');
		const got = convs(how || 'same', c, row, v, original);
		if (!same(got, v)) p.push(`${k}: expected ${show(v)}, flowq gives ${show(got)} (from ${c} = ${show(row[c])})`);
	}
	return { problems: p, covered };
}

// A header line names only fields (AWS's names, from the layouts above).
const KNOWN = new Set([...Object.values(ELASTIC_LAYOUTS).join(' ').split(' '), 'reject-reason']);
const isHeader = (line) => line.trim().split(/ +/).every((t) => KNOWN.has(t));

function elasticConv(how, c, row, want, original) {
	const v = c ? row[c] : undefined;
	switch (how) {
	case 'same': return v;
	case 'str': return v === null ? null : String(v);
	case 'isoMs': return v === null ? null : isoMs(v);
	case 'proto': return PROTO[v];
	case 'outcome': return v === 'ACCEPT' ? 'success' : v === 'REJECT' ? 'failure' : undefined;
	case 'etype':
		// older files: the string "connection"; newer: ["connection", allowed|denied]
		if (!Array.isArray(want)) return 'connection';
		return v === 'ACCEPT' ? ['connection', 'allowed'] : v === 'REJECT' ? ['connection', 'denied'] : ['connection'];
	case 'nettype': return v === null ? null : v.includes(':') ? 'ipv6' : 'ipv4';
	case 'related': return [row.srcaddr, row.dstaddr].filter((x) => x !== null);
	case 'flags': return flagNames(v);
	case 'dashkept':
		// Elastic keeps "-" outside aws.*; flowq has NULL for "-"
		if (want === '-' && v !== null) return `${show(v)} (flowq should have NULL for "-")`;
		if (want === '-' && v === null) {
			once('dash-kept', 'elastic keeps cloud.region / cloud.availability_zone = "-" (values outside aws.* are ' +
				'not cleaned); flowq makes "-" NULL in every column, as Beats, VRL and flowlogs-reader do ' +
				'(AWS: "-" means the field has no value) - flowq follows them');
			return '-';
		}
		return v;
	case 'sublocation':
		if (row.sublocation_type === null && row.sublocation_id === null) return {};
		return { type: row.sublocation_type, id: row.sublocation_id };
	case 'original': return original;
	default: return `?${how}`;
	}
}

// After the mapped keys: a field of the layout no expected key carries was
// "-" and removed, so flowq must have NULL for it.
function absentMeansNull(row, layoutCols, covered) {
	const p = [];
	for (const c of layoutCols)
		if (!covered.has(c) && row[c] !== null) p.push(`${c}: not in the expected object ('-' dropped), flowq ${show(row[c])}`);
	return p;
}

function elastic() {
	const dir = path.join(CONF, 'elastic-vpcflow');
	const logs = fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
	let total = 0;
	for (const f of logs) {
		const file = path.join(dir, f);
		const expected = JSON.parse(fs.readFileSync(file + '-expected.json', 'utf8')).expected;
		const lines = readLines(file);
		// unwrap {"message": ...}; drop header lines, as the pipeline does
		const msgs = lines.map((l) => (l.startsWith('{') ? JSON.parse(l).message : l))
			.filter((l) => !/^(version|instance-id) /.test(l));
		const counts = new Set(msgs.map((m) => m.trim().split(/ +/).length));
		if (counts.size !== 1) { fail(`elastic ${f}: one layout`, `token counts ${[...counts]}`); continue; }
		const n = [...counts][0];
		const layout = ELASTIC_LAYOUTS[n];
		if (!layout) { fail(`elastic ${f}: layout`, `no layout for ${n} tokens`); continue; }
		const r = cat(file, layout);
		cleanRun(`elastic ${f} (${n}-token layout)`, r, expected.length);
		check(`elastic ${f}: one expected object per line`, msgs.length === expected.length ? [] : [`${msgs.length} lines`]);
		const layoutCols = layout.split(' ').map(col);
		expected.forEach((e, i) => {
			total++;
			const row = r.rows[i];
			if (!row) { fail(`elastic ${f}:${i + 1}`, 'no row'); return; }
			const { problems, covered } = mapCheck(row, flatten(e), ELASTIC_KEYS, ELASTIC_IGNORE, elasticConv, msgs[i]);
			check(`elastic ${f}:${i + 1}`, problems.concat(absentMeansNull(row, layoutCols, covered)));
		});
	}
	check('elastic: 33 records in all', total === 33 ? [] : [`${total} records`]);
}

// ---- Beats processor (golden tests) ----------------------------------------------------------

// A reader for the one YAML file: top-level cases with format, mode, samples,
// anchors (&name) and merges (<<: *name).  Nothing more is needed.
function parseBeatsYaml(text) {
	const cases = [], anchors = {};
	let cur = null, inSamples = false;
	for (const raw of text.split('\n')) {
		if (/^\s*#/.test(raw) || raw.trim() === '' || raw === '---') continue;
		let m;
		if ((m = raw.match(/^([A-Za-z0-9_-]+):\s*(?:&([A-Za-z0-9_-]+))?\s*$/))) {
			cur = { name: m[1], format: null, mode: null, samples: [] };
			cases.push(cur);
			if (m[2]) anchors[m[2]] = cur;
			inSamples = false;
			continue;
		}
		if (!cur) continue;
		if ((m = raw.match(/^\s+<<:\s*\*([A-Za-z0-9_-]+)\s*$/))) {
			const a = anchors[m[1]];
			cur.format = cur.format || a.format;
			cur.samples = a.samples;
			cur.mode = cur.mode || a.mode;
			cur.merged = true;
			continue;
		}
		if ((m = raw.match(/^\s+format:\s+(.*)$/))) { cur.format = m[1].trim(); inSamples = false; continue; }
		if ((m = raw.match(/^\s+mode:\s+(.*)$/))) { cur.mode = m[1].trim(); inSamples = false; continue; }
		if (/^\s+samples:\s*$/.test(raw)) { inSamples = true; cur.samples = []; continue; }
		if (inSamples && (m = raw.match(/^\s+- (.*)$/))) {
			let v = m[1];
			if (v.startsWith("'")) v = v.slice(1, v.lastIndexOf("'")).replace(/''/g, "'");
			else v = v.replace(/\s+#.*$/, '').replace(/\s+$/, ''); // a plain scalar ends at " #"
			cur.samples.push(v);
		}
	}
	// a merged case's own keys (mode) override the anchor's
	return cases;
}

// ECS homes of fields in mode ecs: column -> [[key, conversion], ...]
const BEATS_ECS = {
	srcaddr: [['source.address'], ['source.ip']],
	dstaddr: [['destination.address'], ['destination.ip']],
	srcport: [['source.port']], dstport: [['destination.port']],
	protocol: [['network.iana_number', 'str'], ['network.transport', 'proto']],
	packets: [['source.packets'], ['network.packets']],
	bytes: [['source.bytes'], ['network.bytes']],
	start: [['event.start', 'isoZ']],
	end: [['event.end', 'isoZ'], ['@timestamp', 'isoZ']],
	action: [['event.action', 'lower'], ['event.outcome', 'outcome']],
	account_id: [['cloud.account.id']],
	instance_id: [['cloud.instance.id']],
	region: [['cloud.region']], az_id: [['cloud.availability_zone']],
	flow_direction: [['network.direction']],
	ecs_container_id: [['container.id']],
	ecs_cluster_arn: [['orchestrator.cluster.id']], ecs_cluster_name: [['orchestrator.cluster.name']],
	ecs_container_instance_id: [['orchestrator.resource.id']],
	ecs_container_instance_arn: [['orchestrator.resource.name']],
	ecs_service_name: [['service.name']],
};

function beatsKeys(format, mode) {
	const keys = {};
	const cols = format.split(/\s+/).map(col);
	const ecs = mode !== 'original', orig = mode !== 'ecs';
	for (const c of cols) {
		const conv = c === 'start' || c === 'end' ? 'isoZ' : 'same';
		if (orig || !BEATS_ECS[c]) keys[`aws.vpcflow.${c}`] = [c, conv];
		if (c === 'tcp_flags') keys['aws.vpcflow.tcp_flags_array'] = [c, 'flags'];
		if (ecs && BEATS_ECS[c]) for (const [k, how] of BEATS_ECS[c]) keys[k] = [c, how || 'same'];
	}
	if (ecs) {
		keys['network.type'] = ['srcaddr', 'nettype'];
		keys['related.ip'] = ['srcaddr', 'related'];
		keys['orchestrator.type'] = [null, 'const:ecs'];
		keys['orchestrator.resource.type'] = [null, 'const:container'];
	}
	keys.message = [null, 'original'];
	return keys;
}

function beatsConv(how, c, row, want, original) {
	const v = c ? row[c] : undefined;
	if (how.startsWith('const:')) return how.slice(6);
	switch (how) {
	case 'same': return v;
	case 'str': return v === null ? null : String(v);
	case 'isoZ': return v === null ? null : isoZ(v);
	case 'lower': return v === null ? null : v.toLowerCase();
	case 'outcome': return v === 'ACCEPT' ? 'success' : v === 'REJECT' ? 'failure' : undefined;
	case 'proto': return PROTO[v];
	case 'flags': return flagNames(v);
	case 'nettype': return v === null ? null : v.includes(':') ? 'ipv6' : 'ipv4';
	case 'related': {
		const out = [];
		for (const a of [row.srcaddr, row.dstaddr, row.pkt_srcaddr, row.pkt_dstaddr])
			if (a !== null && a !== undefined && !out.includes(a)) out.push(a);
		return out;
	}
	case 'original': return original;
	default: return `?${how}`;
	}
}

function beatsProcessor() {
	const dir = path.join(CONF, 'beats-vpcflow-processor');
	const cases = parseBeatsYaml(fs.readFileSync(path.join(dir, 'aws-vpc-flow-logs.yml'), 'utf8'));
	check(`beats-processor: 14 cases in the yml (${cases.map((c) => c.name).join(', ')})`,
		cases.length === 14 ? [] : [`found ${cases.length}`]);
	let total = 0;
	const byLine = new Map(); // sample line -> [row, golden in mode original]
	for (const c of cases) {
		const golden = JSON.parse(fs.readFileSync(path.join(dir, `${c.name}.golden.json`), 'utf8'));
		const mode = c.mode || 'ecs';
		const f = scratch('beats.log', c.samples.join('\n') + '\n');
		const r = cat(f, c.format);
		cleanRun(`beats-processor ${c.name} (mode ${mode})`, r, c.samples.length);
		const keys = beatsKeys(c.format, mode);
		const cols = c.format.split(/\s+/).map(col);
		golden.forEach((g, i) => {
			total++;
			const row = r.rows[i];
			if (!row) { fail(`beats-processor ${c.name} #${i + 1}`, 'no row'); return; }
			const { problems, covered } = mapCheck(row, flatten(g), keys, [/^event\.type$/], beatsConv, c.samples[i]);
			// fields absent from the golden were "-" (beats drops them)
			const p = problems.concat(absentMeansNull(row, cols, covered));
			check(`beats-processor ${c.name} #${i + 1}`, p);
			if (mode === 'original') byLine.set(c.samples[i], g);
		});
		if (c.samples.some((s) => / {2}/.test(s)))
			once('double-space', 'beats-processor expects lines with DOUBLE spaces between fields ' +
				`(${c.name}) to parse as if single-spaced; VRL splits on single spaces, so an empty token there is an ` +
				'error ("failed to parse value as i64") or a field-count mismatch; flowq follows AWS (fields are ' +
				'"separated by spaces") and Beats: a run of spaces is one separator');
	}
	check('beats-processor: 36 checks in all', total === 36 ? [] : [`${total} checks`]);
	return { cases, byLine };
}

// ---- Beats module (raw files with headers) -------------------------------------------------------

function beatsModule(beats) {
	const dir = path.join(CONF, 'beats-vpcflow-module');
	const tgwFormat = beats.cases.find((c) => c.name === 'transit-gateway').format;
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
	let total = 0;
	for (const f of files) {
		const file = path.join(dir, f);
		if (f === 'bad.log') {
			const r = cat(file);
			const exp = JSON.parse(fs.readFileSync(path.join(dir, 'bad.log-expected.json'), 'utf8'));
			const p = [];
			if (r.rows.length !== 0) p.push(`${r.rows.length} rows`);
			if (r.status !== 0) p.push(`exit status ${r.status}`);
			const want = `${file}:1: field 5 (dstaddr): missing: the line has 4 fields, the format 14\n` +
				'flowq: 1 records read from 1 file: 0 parsed, 1 skipped (wrong number of fields: 1)\n';
			if (r.stderr !== want) p.push(`stderr: ${r.stderr}`);
			if (exp.length !== 1 || exp[0]['event.original'] !== 'Phony unsupported log format.')
				p.push('bad.log-expected.json is not the one expected object for the line');
			check('beats-module bad.log: skipped and reported as a bad line', p);
			note('beats-module passes bad.log ("Phony unsupported log format.") through as an event with no parsed ' +
				'fields and no error; flowq skips it as a bad record (wrong number of fields), reports ' +
				'file:line and counts it, because a query must not see a row made of nothing - flowq follows ' +
				'its own bad-line rule (skipped and summarised, --strict stops)');
			continue;
		}
		// the headerless 17-field file uses the processor's transit-gateway format
		const lines = readLines(file);
		const hasHeader = isHeader(lines[0]);
		const logFormat = hasHeader ? null : lines[0].split(' ').length === 17 ? tgwFormat : V2;
		const r = cat(file, logFormat && logFormat !== V2 ? logFormat : null);
		// expected values: each record's tokens under the most recent header
		let fmt = logFormat || V2;
		const want = [];
		for (const l of lines) {
			if (l.trim() === '') continue;
			if (isHeader(l)) { fmt = l; continue; }
			want.push({ line: l, row: tokenRow(fmt, l) });
		}
		cleanRun(`beats-module ${f}`, r, want.length);
		want.forEach((w, i) => {
			total++;
			const p = diffRow(r.rows[i], w.row, false);
			// the same line in the processor's golden (mode original) must agree
			const g = beats.byLine.get(w.line);
			if (g) {
				const av = flatten(g);
				for (const [k, v] of Object.entries(av)) {
					if (!k.startsWith('aws.vpcflow.') || k.endsWith('tcp_flags_array')) continue;
					const c = k.slice(12);
					const got = c === 'start' || c === 'end' ? isoZ(r.rows[i][c]) : r.rows[i][c];
					if (!same(got, v)) p.push(`processor golden ${k}: ${show(v)}, flowq ${show(got)}`);
				}
			}
			check(`beats-module ${f}:${i + 1}${g ? ' (also = processor golden)' : ''}`, p);
		});
		if (f === 'tcp-flag-sequence-skip-data.log') {
			const s = flowq(['schema', '-t', '1', file]);
			check('beats-module tcp-flag-sequence-skip-data.log: repeated header and empty line counted',
				/records: 2 \(2 parsed, 0 skipped\); 2 header lines, 1 blank/.test(s.stdout) ? [] : [s.stdout]);
		}
	}
	check('beats-module: 13 records in all', total === 13 ? [] : [`${total} records`]);
	once('headers', 'elastic drops lines starting with "version" or "instance-id" as headers and picks the ' +
		'layout by token count; beats-module files carry the S3 header line (once, or repeated mid-file); ' +
		'flowq reads a header as the format of the records after it (as flowlogs-reader does), so a ' +
		'repeated or different header switches the format');
}

// ---- VRL (Vector) --------------------------------------------------------------------------------

function vrl() {
	const cases = JSON.parse(fs.readFileSync(path.join(CONF, 'vrl-parse_aws_vpc_flow_log', 'cases.json'), 'utf8'));
	const withValues = [...cases.documented_examples.map((c) => ({ ...c, id: c.title })),
		...cases.unit_tests_with_expected_values.map((c) => ({ ...c, id: `unit test ${c.name}` }))];
	for (const c of withValues) {
		const f = scratch('vrl.log', c.input + '\n');
		const r = cat(f, c.format);
		cleanRun(`vrl ${c.id}`, r, 1);
		// every key of the expected object, '-' as null with the key kept
		check(`vrl ${c.id}: every field`, diffRow(r.rows[0], c.expected, true));
	}
	let n = 0;
	const errs = cases.error_behaviour_documented_by_implementation;
	for (const g of cases.must_parse_ok) {
		const fmt = g.format || V2.replace(/-/g, '_');
		const f = scratch('vrl.log', g.inputs.join('\n') + '\n');
		const r = cat(f, g.format);
		cleanRun(`vrl must_parse_ok [${fmt.split(' ').slice(0, 3).join(' ')} ...]`, r, g.inputs.length);
		g.inputs.forEach((line, i) => {
			n++;
			const row = r.rows[i];
			const p = diffRow(row, tokenRow(fmt, line), true);
			// VRL's typing: integer fields are numbers, the rest strings
			if (row)
				for (const [k, v] of Object.entries(row)) {
					if (v === null) continue;
					if (errs.integer_fields.includes(k) && typeof v !== 'number') p.push(`${k} is not a number`);
					if (errs.string_fields.includes(k) && typeof v !== 'string') p.push(`${k} is not a string`);
				}
			check(`vrl must_parse_ok #${n}`, p);
		});
	}
	check('vrl: 27 must-parse lines', n === 27 ? [] : [`${n}`]);

	// error behaviour: where VRL errors, what flowq does
	const base = cases.must_parse_ok[0].inputs[0];
	{
		const f = scratch('vrl-extra.log', base + ' extra\n');
		const r = cat(f);
		check('vrl more_values_than_keys: flowq skips the line too (field count)',
			r.rows.length === 0 && r.stderr.startsWith(`${f}:1: field 15: unexpected: the line has 15 fields, the format 14\n`)
				? [] : [r.stderr]);
	}
	{
		const short = base.split(' ').slice(0, 13).join(' ');
		const f = scratch('vrl-short.log', short + '\n');
		const r = cat(f);
		check('vrl more_keys_than_values: flowq skips the line too (field count)',
			r.rows.length === 0 && r.stderr.startsWith(`${f}:1: field 14 (log-status): missing: the line has 13 fields, the format 14\n`)
				? [] : [r.stderr]);
	}
	{
		const f = scratch('vrl-nan.log', base.replace(' 20641 ', ' 2o641 ') + '\n');
		const r = cat(f);
		check('vrl non_integer_in_integer_field: flowq skips the line too (not a number)',
			r.rows.length === 0 && r.stderr.startsWith(`${f}:1: field 6 (srcport): not a number: '2o641'\n`)
				? [] : [r.stderr]);
	}
	{
		const dbl = base.replace(' 20641 ', '  20641 ');
		const f = scratch('vrl-double.log', dbl + '\n');
		const r = cat(f);
		check('vrl double space: flowq reads it as one separator (VRL would fail to parse an empty i64)',
			r.stderr === '' && r.rows.length === 1 ? diffRow(r.rows[0], tokenRow(V2, base), true) : [r.stderr]);
	}
	{
		const f = scratch('vrl-unknown.log', '- eni-1 10.0.0.1\n');
		const r = cat(f, 'instance_id interface_id my_field');
		check('vrl unknown_key_in_format: flowq keeps an unknown name as a string column',
			r.stderr === '' ? diffRow(r.rows[0], { instance_id: null, interface_id: 'eni-1', my_field: '10.0.0.1' }, true)
				: [r.stderr]);
		note('VRL rejects a format with an unknown key ("unknown key"); flowq keeps unknown names of a header or ' +
			'--log-format as string columns, so files written with fields newer than its catalogue still read - ' +
			'flowq follows AWS, whose header line names the fields');
	}
	{
		const f = scratch('vrl-dup.log', 'eni-1 eni-2\n');
		const r = cat(f, 'interface_id interface_id');
		check('vrl duplicate_key_in_format: flowq keeps the first value of a repeated name',
			r.stderr === '' ? diffRow(r.rows[0], { interface_id: 'eni-1' }, true) : [r.stderr]);
		note('VRL rejects a format naming a field twice ("value already exists for key"); flowq reads it and ' +
			'keeps the first occurrence (AWS formats cannot repeat a field, so this only matters for hand-made ' +
			'formats)');
	}
	note('VRL keeps start/end as Unix seconds, Elastic and Beats turn them into timestamps (Elastic with ' +
		'milliseconds, Beats without), flowlogs-reader into naive UTC datetimes; flowq keeps Unix seconds (BIGINT), ' +
		'as the AWS field and Athena\'s table do - the conversions above compare the same instant');
}

// ---- flowlogs-reader ---------------------------------------------------------------------------------

function flowlogsReader() {
	const dir = path.join(CONF, 'flowlogs-reader');
	const exp = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
	const conv = (row, want) => {
		// start/end: naive UTC datetimes; '-' fields are absent
		const got = {};
		for (const k of Object.keys(want)) got[k] = k === 'start' || k === 'end' ? naive(row[k]) : row[k];
		return got;
	};
	const absent = (row, want) => Object.keys(row).filter((k) => !(k in want) && row[k] !== null)
		.map((k) => `${k}: absent from the expected dict ('-'), flowq ${show(row[k])}`);
	for (const c of exp.cases) {
		const file = path.join(dir, c.input_file);
		const r = cat(file);
		const id = `flowlogs-reader ${c.test}`;
		if (c.input_file === 'v2-records-mixed-tgw.log') {
			// line 3 ("6 TransitGateway ...") is skipped: flowlogs-reader's sentinel version -1
			const p = [];
			if (r.rows.length !== 4) p.push(`${r.rows.length} rows`);
			const want = `${file}:3: field 2 (account-id): invalid account ID: 'TransitGateway'\n` +
				'flowq: 5 records read from 1 file: 4 parsed, 1 skipped (invalid account ID: 1)\n';
			if (r.stderr !== want) p.push(`stderr: ${r.stderr}`);
			if (!same(c.expected_to_dict, { version: -1 })) p.push('expected the skip sentinel');
			if (r.rows.some((x) => x.version === 6)) p.push('the TransitGateway line was read');
			check(`${id}: line 3 skipped`, p);
			note('flowlogs-reader silently skips the "6 TransitGateway ..." line of a v2 file (sentinel version -1); ' +
				'flowq skips it too, but as a reported bad line ("invalid account ID: \'TransitGateway\'") counted ' +
				'in the summary, and --strict stops there - a record that does not fit its format is never dropped ' +
				'without a word');
			continue;
		}
		if (c.expected_to_dict && c.input_line) {
			check(`${id} (line ${c.input_line})`, diffRow(conv(r.rows[c.input_line - 1], c.expected_to_dict),
				c.expected_to_dict, false).concat(absent(r.rows[c.input_line - 1], c.expected_to_dict)));
		} else if (Array.isArray(c.expected_to_dict)) {
			cleanRun(`${id} ${c.input_file}`, r, c.expected_to_dict.length);
			c.expected_to_dict.forEach((w, i) => check(`${id} ${c.input_file} record ${i + 1}`,
				r.rows[i] ? diffRow(conv(r.rows[i], w), w, false).concat(absent(r.rows[i], w)) : ['no row']));
		} else if (c.expected_str) {
			const row = r.rows[c.input_line - 1];
			const str = Object.entries(row).map(([k, v]) =>
				`${k}: ${k === 'start' || k === 'end' ? naive(v).replace('T', ' ') : v}`).join(', ');
			check(`${id} (line ${c.input_line})`, str === c.expected_str ? [] : [`flowq: ${str}`]);
		} else if (c.expected_attributes) {
			const row = r.rows[c.input_line - 1];
			const p = diffRow(conv(row, c.expected_attributes), c.expected_attributes, false);
			check(`${id}: milliseconds read as ${c.expected_attributes.start}`, p);
			note('flowlogs-reader reads start/end above 2^31-1 as milliseconds (1512564058000 -> 2017-12-06T12:40:58); ' +
				'VRL and the Elastic/Beats parsers have no such case (VRL would keep the integer as is); flowq ' +
				'follows flowlogs-reader and divides by 1000, since AWS documents seconds and such values are ' +
				'otherwise dates in the year 49900');
		} else if (c.input_lines && /pairwise distinct/.test(c.expected)) {
			const lines = readLines(file);
			const f = scratch('eq.log', [1, 1, 2, 2, 3, 3].map((k) => lines[k - 1]).join('\n') + '\n');
			const rr = cat(f);
			const set = new Set(rr.rows.map((x) => JSON.stringify(x)));
			check(`${id}: lines 1,1,2,2,3,3 give 3 distinct records`,
				rr.rows.length === 6 && set.size === 3 && same(rr.rows[0], rr.rows[1]) ? [] : [`${set.size} distinct`]);
		} else if (c.input_lines) {
			const p = [];
			if (r.rows.length !== c.input_lines.length) p.push(`${r.rows.length} rows`);
			const lines = readLines(file);
			r.rows.forEach((row, i) => {
				if (row.interface_id !== lines[i].split(' ')[2]) p.push(`row ${i + 1} out of order`);
			});
			check(`${id}: ${c.input_lines.length} records in order`, p);
		} else {
			fail(id, 'case not understood');
		}
	}
	note('absent vs null: flowlogs-reader leaves "-" fields out of its dict, Elastic/Beats drop them, VRL keeps ' +
		'the key with null; flowq has the column with NULL, like VRL (a column exists for every field of the ' +
		'format, as in Athena)');
	note('value types: Elastic writes version, protocol (iana_number), tcp_flags and traffic_path as strings, the ' +
		'others as numbers; flowq has integer columns for all integer fields, as Athena\'s table for flow logs does');
	note('related.ip: Elastic lists srcaddr and dstaddr with duplicates kept, Beats the distinct values of ' +
		'srcaddr, dstaddr, pkt-srcaddr and pkt-dstaddr; flowq has no such column (a derived value, not a field), ' +
		'so neither is followed');
	note('event.action: Elastic keeps ACCEPT/REJECT verbatim, Beats lower-cases it; flowq keeps the action as AWS ' +
		'writes it (ACCEPT/REJECT), as Athena shows it');
}

// ---- AWS docs vs peer copies ---------------------------------------------------------------------------

function crossChecks(docs, beats) {
	// the same AWS records appear in beats and VRL: same values everywhere
	const tcp = docs.find((e) => e.id === 'tcp-flag-sequence');
	const bcase = beats.cases.find((c) => c.name === 'tcp-flag-sequence');
	const p = [];
	tcp.records.forEach((rec, i) => {
		const b = bcase.samples[i];
		if (b.replace(/ +/g, ' ') !== rec.text) p.push(`tcp-${i + 1}: beats copy differs beyond spacing`);
		if (b !== rec.text)
			once('tcp8', `AWS docs (as transcribed, and VRL) write tcp-${i + 1} with single spaces; the beats copy ` +
				'has two spaces between two fields; flowq reads both the same (runs of spaces are one separator), ' +
				'so it agrees with both');
	});
	check('aws-docs tcp-flag-sequence = beats copy (up to spacing)', p);
	once('tgw-version', 'Elastic\'s 36-field TGW layout starts with version, Beats\' v6 case starts with ' +
		'resource-type (TransitGateway, no version); flowq takes whatever order the header or --log-format ' +
		'names, so both read');
	once('version-token', 'version tokens that do not match the fields present (3 on a 39-field line, 5 with v7 ' +
		'fields) are kept as written by every peer; flowq too - the format, not the version token, decides ' +
		'the layout');
}

// ---- main ----------------------------------------------------------------------------------------------------

function main() {
	const r = flowq(['version']);
	if (r.status !== 0) { fail('flowq runs', r.stderr); return; }
	const docs = awsDocs();
	elastic();
	const beats = beatsProcessor();
	beatsModule(beats);
	vrl();
	flowlogsReader();
	crossChecks(docs, beats);
	console.log(`conformance: ${nPass} passed, ${nFail} failed`);
}

try {
	main();
} catch (e) {
	fail('conformance script', e.stack || e);
}
process.exit(nFail ? 1 : 0);
