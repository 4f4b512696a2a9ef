#!/usr/bin/env node
// diff.mjs - the differential test: run every query of the corpus through
// flowq and through DuckDB over the same generated flow logs, and compare.
//
// usage: node diff.mjs --flowq BIN --data v2=DIR [--data v5=DIR] [--only SUBSTR]
//                      [--list] [--generated] CORPUS.sql...
//   DIR is a tree written by `flowq generate` (the folder that holds AWSLogs/)
//
// A corpus file holds cases (the same shape as tests/sql/cases):
//
//   -- name: top talkers on one day
//   -- data: v2                 (the tree to read: v2 (default) or v5)
//   -- compare: ordered         (ordered: row by row; set: as multisets, the
//                                default when the query has no LIMIT; sorted:
//                                see sortkey)
//   -- sortkey: 3               (compare: sorted: the 1-based columns of the ORDER BY
//                                key; rows with equal keys compare as multisets, and
//                                when LIMIT cut the result, the last key's group only
//                                by its size: the rows tied at the cut may differ)
//   SELECT ... FROM vpc_flow_logs ...;      the Athena form, run by flowq
//   -- duckdb:
//   SELECT ... FROM flows ...;              the DuckDB form (optional: by default
//                                           the Athena form with vpc_flow_logs -> flows)
//   -- end
//
// --generated adds the queries of gen.mjs (filters x groupings x aggregates x
// functions).  DuckDB reads each tree once into a table `flows` (the view of
// ../shared/bench/sql/flows-view*.sql, materialized), so each query costs only
// its own run.
//
// Values are compared after normalising both sides: NULL (flowq's tsv prints it
// as an empty field, DuckDB's client gives null) becomes one marker; timestamps
// lose a zero fraction, 'T' and a UTC suffix; numbers compare by value (integers
// exactly, doubles to 12 significant digits, so 1.0E20 = 1e+20 and 100.0 = 100).
// Ordered queries must make their ORDER BY total (tie-breakers on the keys), so
// the rows compared row by row are the same rows on both sides.
//
// Prints PASS/FAIL per query and a final "N passed, N failed"; exit 1 on a failure.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './gen.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const NOW = '2026-02-14T00:00:00Z';

function die(msg) {
  console.error('diff.mjs: ' + msg);
  process.exit(2);
}

const opt = { flowq: null, data: {}, files: [], only: null, generated: false, list: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const next = () => (i + 1 < argv.length ? argv[++i] : die(`${a} needs a value`));
  if (a === '--flowq') opt.flowq = next();
  else if (a === '--data') {
    const kv = next();
    const k = kv.indexOf('=');
    if (k < 1) die('--data TAG=DIR');
    opt.data[kv.slice(0, k)] = kv.slice(k + 1);
  } else if (a === '--only') opt.only = next();
  else if (a === '--generated') opt.generated = true;
  else if (a === '--list') opt.list = true;
  else if (a.startsWith('-')) die(`unknown option ${a}`);
  else opt.files.push(a);
}

// ---- the corpus -------------------------------------------------------------

function parseCorpus(file) {
  const cases = [];
  let cur = null;
  let part = null;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (const line of lines) {
    let m;
    if ((m = line.match(/^-- name: (.*)$/))) {
      cur = { name: m[1].trim(), data: 'v2', compare: null, sortkey: null, athena: '', duck: null, file };
      part = 'athena';
      cases.push(cur);
    } else if (!cur) {
      continue;
    } else if ((m = line.match(/^-- data: (\S+)/))) {
      cur.data = m[1];
    } else if ((m = line.match(/^-- compare: (\S+)/))) {
      cur.compare = m[1];
    } else if ((m = line.match(/^-- sortkey: (\S+)/))) {
      cur.sortkey = m[1].split(',').map((x) => parseInt(x, 10) - 1);
      cur.compare = 'sorted';
    } else if (/^-- duckdb:/.test(line)) {
      part = 'duck';
      cur.duck = '';
    } else if (/^-- end/.test(line)) {
      part = null;
    } else if (part === 'athena') {
      cur.athena += line + '\n';
    } else if (part === 'duck') {
      cur.duck += line + '\n';
    }
  }
  return cases;
}

let cases = [];
for (const f of opt.files) cases.push(...parseCorpus(f));
if (opt.generated) cases.push(...generate());
for (const c of cases) {
  c.athena = c.athena.trim();
  if (c.duck === null || !c.duck.trim()) c.duck = c.athena.replace(/\bvpc_flow_logs\b/g, 'flows');
  c.duck = c.duck.trim();
  if (!c.compare) c.compare = /\bLIMIT\s+\d+\s*;?\s*$/i.test(c.athena) ? 'ordered' : 'set';
}
if (opt.only) cases = cases.filter((c) => c.name.includes(opt.only));
if (opt.list) {
  for (const c of cases) console.log(`${c.name}\t${c.data}\t${c.compare}`);
  process.exit(0);
}
if (!opt.flowq) die('--flowq BIN is required');
for (const c of cases) if (!opt.data[c.data]) die(`case "${c.name}" reads data ${c.data}: give --data ${c.data}=DIR`);

// ---- DuckDB -------------------------------------------------------------------

function loadDuck() {
  const dirs = [process.env.DUCKDB_NODE_DIR, path.join(root, '.bench/duckdb'),
    path.resolve(root, '../shared/bench/.bench/duckdb')].filter(Boolean);
  for (const d of dirs) {
    try {
      return createRequire(path.join(path.resolve(d), 'package.json'))('@duckdb/node-api');
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  die('@duckdb/node-api not found: run sh ../shared/bench/duckdb-setup.sh (or set DUCKDB_NODE_DIR)');
}

const views = { v2: 'flows-view.sql', v5: 'flows-view-v5.sql' };
const { DuckDBInstance } = loadDuck();
const conns = {};
for (const tag of Object.keys(opt.data)) {
  if (!views[tag]) die(`no DuckDB view for data ${tag}`);
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await inst.connect();
  await con.run("SET TimeZone = 'UTC'");
  const view = fs.readFileSync(path.resolve(root, '../shared/bench/sql', views[tag]), 'utf8')
    .replace(/\$\{DATA\}/g, opt.data[tag])
    .replace(/CREATE OR REPLACE VIEW flows AS/, 'CREATE TABLE flows AS');
  await con.run(view);
  conns[tag] = con;
}

async function runDuck(c) {
  const r = await conns[c.data].run(c.duck);
  const rows = await r.getRows();
  return rows.map((row) => row.map((v) => (v === null || v === undefined ? null : String(v))));
}

// ---- flowq --------------------------------------------------------------------

function runFlowq(c) {
  // the tree's AWSLogs/ (the root also holds inventory/ and manifest.json)
  const dir = opt.data[c.data];
  const logs = fs.existsSync(path.join(dir, 'AWSLogs')) ? path.join(dir, 'AWSLogs') : dir;
  const r = spawnSync(opt.flowq, ['query', '--format', 'tsv', '--threads', String(c.threads || 2), '--now', NOW,
    c.athena, logs],
    { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`flowq exit ${r.status}: ${(r.stderr || '').trim()}`);
  const lines = r.stdout.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.shift(); // the header
  return lines.map((l) => l.split('\t').map((v) => (v === '' ? null : v)));
}

// ---- normalising and comparing -----------------------------------------------

const NUM = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TS = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d+)?(Z| UTC|[+-]00(:?00)?)?$/;

function norm(v) {
  if (v === null) return '\u2205';
  const s = v.trim();
  let m;
  if ((m = s.match(TS))) {
    const frac = m[3] && /[1-9]/.test(m[3]) ? m[3].replace(/0+$/, '') : '';
    return `${m[1]} ${m[2]}${frac}`;
  }
  if (s === 'Infinity' || s === '-Infinity' || s === 'NaN' || s === 'inf' || s === '-inf' || s === 'nan') {
    return s.replace(/^inf$/, 'Infinity').replace(/^-inf$/, '-Infinity').replace(/^nan$/, 'NaN');
  }
  if (NUM.test(s)) {
    if (/^[+-]?\d+$/.test(s)) return BigInt(s).toString();
    const x = Number(s);
    if (Number.isInteger(x) && Math.abs(x) < 2 ** 53) return String(x);
    return String(Number(x.toPrecision(12)));
  }
  return s;
}

const key = (row) => row.join('\u0001');

const byKey = (x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0);

// compare: sorted.  Split both results into runs of equal sort keys; each run
// compares as a multiset.  When the query's LIMIT cut the result, the last run
// is the tie group at the cut: only its key and size must agree.
function compareSorted(c, a, b) {
  const diffs = [];
  const sk = (row) => c.sortkey.map((i) => row[i]).join('\u0001');
  const runs = (rows) => {
    const out = [];
    for (const r of rows) {
      const k = sk(r);
      if (!out.length || out[out.length - 1].k !== k) out.push({ k, rows: [] });
      out[out.length - 1].rows.push(r);
    }
    return out;
  };
  const ra = runs(a);
  const rb = runs(b);
  const lim = c.athena.match(/\bLIMIT\s+(\d+)\s*;?\s*$/i);
  const cut = lim && a.length === parseInt(lim[1], 10);
  if (a.length !== b.length) diffs.push(`rows: flowq ${a.length}, duckdb ${b.length}`);
  if (ra.length !== rb.length) diffs.push(`sort-key groups: flowq ${ra.length}, duckdb ${rb.length}`);
  for (let i = 0; i < Math.min(ra.length, rb.length) && diffs.length < 6; i++) {
    const ga = ra[i];
    const gb = rb[i];
    const show = (k) => k.replace(/\u0001/g, ' | ');
    if (ga.k !== gb.k) {
      diffs.push(`group ${i + 1}: key flowq [${show(ga.k)}] duckdb [${show(gb.k)}]`);
      continue;
    }
    if (ga.rows.length !== gb.rows.length) {
      diffs.push(`group ${i + 1} [${show(ga.k)}]: flowq ${ga.rows.length} rows, duckdb ${gb.rows.length}`);
      continue;
    }
    if (cut && i === ra.length - 1) continue; /* the tie group at the LIMIT */
    const x = ga.rows.map(key).sort();
    const y = gb.rows.map(key).sort();
    for (let j = 0; j < x.length; j++)
      if (x[j] !== y[j]) {
        diffs.push(`group ${i + 1} [${show(ga.k)}]: flowq [${show(x[j])}] duckdb [${show(y[j])}]`);
        break;
      }
  }
  return diffs;
}

function compare(c, fq, dk) {
  const a = fq.map((r) => r.map(norm));
  const b = dk.map((r) => r.map(norm));
  if (c.compare === 'sorted') return compareSorted(c, a, b);
  if (c.compare === 'set') {
    a.sort(byKey);
    b.sort(byKey);
  }
  const diffs = [];
  if (a.length !== b.length) diffs.push(`rows: flowq ${a.length}, duckdb ${b.length}`);
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n && diffs.length < 6; i++) {
    const x = a[i] ? key(a[i]) : '(none)';
    const y = b[i] ? key(b[i]) : '(none)';
    if (x !== y) diffs.push(`row ${i + 1}: flowq [${x.replace(/\u0001/g, ' | ')}] duckdb [${y.replace(/\u0001/g, ' | ')}]`);
  }
  return diffs;
}

// ---- run ------------------------------------------------------------------------

let passed = 0;
let failed = 0;
const t0 = Date.now();
for (const c of cases) {
  let fq;
  let dk;
  try {
    fq = runFlowq(c);
  } catch (e) {
    failed++;
    console.log(`FAIL ${c.name}\n    flowq: ${e.message.split('\n').join('\n    ')}`);
    continue;
  }
  try {
    dk = await runDuck(c);
  } catch (e) {
    failed++;
    console.log(`FAIL ${c.name}\n    duckdb: ${e.message.split('\n')[0]}\n    ${c.duck.split('\n').join('\n    ')}`);
    continue;
  }
  const diffs = compare(c, fq, dk);
  if (diffs.length === 0) {
    passed++;
    console.log(`PASS ${c.name} (${fq.length} rows)`);
  } else {
    failed++;
    console.log(`FAIL ${c.name}`);
    for (const d of diffs) console.log('    ' + d);
    console.log('    athena: ' + c.athena.replace(/\s+/g, ' '));
    console.log('    duckdb: ' + c.duck.replace(/\s+/g, ' '));
  }
}
console.log(`duckdb differential: ${cases.length} queries in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
