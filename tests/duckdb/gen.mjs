// gen.mjs - the generated part of the differential corpus: filters x groupings
// x aggregates x scalar functions, combined deterministically (no randomness:
// the i-th query is always the same), each in flowq's Athena form and in the
// DuckDB form.
//
// Every piece is a pair [athena, duckdb] (one string when both dialects agree).
// Where the dialects differ the DuckDB form says the same thing another way:
//   integer division         a / b                 a // b
//   from_unixtime(start)     epoch_ms(start * 1000) (a TIMESTAMP, session in UTC)
//   date_format '%i'         strftime '%M'
//   date_diff (whole units)  datesub
//   day_of_week              isodow
//   split_part / regexp_extract past the end: NULL  ''  -> NULLIF(..., '')
//   approx_distinct (flowq counts exactly)          count(DISTINCT)
//   approx_percentile (flowq: nearest rank)         quantile_disc
//   count_if over only NULLs: 0                     DuckDB's is NULL -> count(*) FILTER
//   least/greatest with a NULL argument: NULL        DuckDB skips NULLs -> CASE
//   contains(cidr, CAST(x AS IPADDRESS))            a LIKE on the address text
//     (the networks used are octet- or group-aligned, so the text prefix is exact)
// Ordered queries order by every output column or by keys unique per row, so
// the ORDER BY is total and the rows compare one by one.

const P = (x) => (Array.isArray(x) ? x : [x, x]);

const FILTERS = [
  '',
  "action = 'REJECT'",
  "action = 'ACCEPT' AND protocol = 6",
  'dstport IN (22, 3389)',
  'dstport NOT IN (80, 443, 22, 5432, 6379)',
  'bytes BETWEEN 1000 AND 100000',
  "srcaddr LIKE '10.%'",
  "dt = '2026/02/13'",
  "dt >= '2026/02/14'",
  'protocol = 17 OR dstport = 53',
  "NOT (action = 'ACCEPT')",
  "log_status <> 'OK'",
  'srcport IS NULL',
  'start BETWEEN 1770969600 AND 1770980400',
  ["from_unixtime(start) >= TIMESTAMP '2026-02-13 12:00:00' AND from_unixtime(start) < TIMESTAMP '2026-02-13 13:00:00'",
    "epoch_ms(start * 1000) >= TIMESTAMP '2026-02-13 12:00:00' AND epoch_ms(start * 1000) < TIMESTAMP '2026-02-13 13:00:00'"],
  ['packets > 10 AND bytes / packets > 500', 'packets > 10 AND bytes // packets > 500'],
  "lower(action) = 'reject'",
  "strpos(srcaddr, ':') > 0",
  ["strpos(dstaddr, '.') > 0 AND contains('10.0.0.0/16', CAST(dstaddr AS IPADDRESS))",
    "strpos(dstaddr, '.') > 0 AND dstaddr LIKE '10.0.%'"],
  ["strpos(srcaddr, ':') > 0 AND contains('2600:1f18::/32', CAST(srcaddr AS IPADDRESS))",
    "strpos(srcaddr, ':') > 0 AND srcaddr LIKE '2600:1f18:%'"],
  '"end" - start >= 30',
  'dstport < 1024 AND srcport >= 1024',
  "dstaddr IS NOT NULL AND dstport IS DISTINCT FROM 443",
  "interface_id LIKE 'eni-0%' AND NOT dstport BETWEEN 1 AND 1023",
].map(P);

const KEYS = [
  'srcaddr',
  'dstport',
  'action',
  'protocol',
  'dt',
  'interface_id',
  ["date_trunc('hour', from_unixtime(start))", "date_trunc('hour', epoch_ms(start * 1000))"],
  ['hour(from_unixtime(start))', 'hour(epoch_ms(start * 1000))'],
  "split_part(srcaddr, '.', 1)",
  'dstport < 1024',
  'substr(interface_id, 1, 7)',
  ['day_of_week(from_unixtime(start))', 'isodow(epoch_ms(start * 1000))'],
  "CASE WHEN bytes >= 10000 THEN 'large' WHEN bytes >= 1000 THEN 'medium' ELSE 'small' END",
  ["date_format(from_unixtime(start), '%Y-%m-%d %H:00')", "strftime(epoch_ms(start * 1000), '%Y-%m-%d %H:00')"],
  ["regexp_extract(dstaddr, '^(\\d+)\\.', 1)", "NULLIF(regexp_extract(dstaddr, '^(\\d+)\\.', 1), '')"],
  'COALESCE(srcaddr, dstaddr, interface_id)',
  'srcaddr, dstaddr',
  'protocol, action',
  'dt, action',
  'dstport, protocol',
].map(P);

// the first aggregate of each set is an integer: it leads the ORDER BY
const AGGS = [
  ['count(*)'],
  ['sum(bytes)', 'sum(packets)'],
  ['count(*)', 'avg(bytes)'],
  ['count(*)', 'min(start)', 'max("end")'],
  ['count(*)', 'count(DISTINCT dstaddr)', ['approx_distinct(srcaddr)', 'count(DISTINCT srcaddr)']],
  [["count_if(action = 'REJECT')", "count(*) FILTER (WHERE action = 'REJECT')"], 'count(*)'],
  ['sum(bytes)', 'max(bytes) - min(bytes)'],
  ['count(*)', ['sum(bytes) / count(*)', 'sum(bytes) // count(*)']],
  ['count(*)', ['approx_percentile(bytes, 0.5)', 'quantile_disc(bytes, 0.5)']],
  ['sum(packets)', 'max(dstport)', 'min(srcaddr)'],
  ['count(*)', 'sum(bytes) FILTER (WHERE dstport = 443)'],
  ['count(DISTINCT dstport)', 'count(*)'],
  ['count(*)', 'round(avg(packets), 2)'],
  ['count(*)', ['stddev(bytes)', 'stddev_samp(bytes)']],
  ['count(*)', 'count(srcport)', 'count(DISTINCT interface_id)'],
].map((set) => set.map(P));

const FUNCS = [
  'lower(action)',
  'upper(interface_id)',
  'length(srcaddr)',
  'substr(srcaddr, 1, 4)',
  'substr(interface_id, -4)',
  "strpos(dstaddr, '.')",
  ["split_part(dstaddr, '.', 2)", "NULLIF(split_part(dstaddr, '.', 2), '')"],
  "replace(srcaddr, '.', '-')",
  "srcaddr || ':' || CAST(srcport AS varchar)",
  ["concat(srcaddr, '>', dstaddr)", "srcaddr || '>' || dstaddr"],
  ["regexp_like(srcaddr, '^10\\.0\\.')", "regexp_matches(srcaddr, '^10\\.0\\.')"],
  ["regexp_extract(srcaddr, '^(\\d+)\\.(\\d+)', 2)", "NULLIF(regexp_extract(srcaddr, '^(\\d+)\\.(\\d+)', 2), '')"],
  'abs(srcport - dstport)',
  ['round(bytes / 1000.0e0, 1)', 'round(bytes / 1000.0, 1)'],
  'greatest(srcport, dstport)',
  ['least(packets, 10)', 'CASE WHEN packets IS NULL THEN NULL ELSE least(packets, 10) END'],
  "CASE WHEN bytes > 10000 THEN 'big' ELSE 'small' END",
  "COALESCE(srcaddr, '-')",
  'NULLIF(dstport, 443)',
  ["IF(dstport < 1024, 'low', 'high')", "CASE WHEN dstport < 1024 THEN 'low' ELSE 'high' END"],
  ["date_format(from_unixtime(start), '%Y-%m-%d %H:%i')", "strftime(epoch_ms(start * 1000), '%Y-%m-%d %H:%M')"],
  ['to_unixtime(from_unixtime(start))', 'epoch(epoch_ms(start * 1000))'],
  ["date_add('hour', 1, from_unixtime(start))", 'epoch_ms(start * 1000) + INTERVAL 1 HOUR'],
  ["date_diff('second', from_unixtime(start), from_unixtime(\"end\"))",
    "datesub('second', epoch_ms(start * 1000), epoch_ms(\"end\" * 1000))"],
  ['year(from_unixtime(start))', 'year(epoch_ms(start * 1000))'],
  ['month(from_unixtime("end"))', 'month(epoch_ms("end" * 1000))'],
  ['day(from_unixtime(start))', 'day(epoch_ms(start * 1000))'],
  ['hour(from_unixtime(start))', 'hour(epoch_ms(start * 1000))'],
  ['minute(from_unixtime(start))', 'minute(epoch_ms(start * 1000))'],
  ['day_of_week(from_unixtime(start))', 'isodow(epoch_ms(start * 1000))'],
  ["date_trunc('minute', from_unixtime(start))", "date_trunc('minute', epoch_ms(start * 1000))"],
  ['CAST(bytes AS double) / packets', 'CAST(bytes AS DOUBLE) / packets'],
  'bytes % 1000',
  ['bytes / 1000', 'bytes // 1000'],
  ['from_unixtime(start)', 'epoch_ms(start * 1000)'],
  ['CAST(from_unixtime(start) AS date)', 'CAST(epoch_ms(start * 1000) AS DATE)'],
  ["TRY_CAST(split_part(srcaddr, '.', 4) AS integer)", "TRY_CAST(NULLIF(split_part(srcaddr, '.', 4), '') AS INTEGER)"],
  'dstport BETWEEN 1024 AND 49151',
  'srcport * 2 + dstport',
  '-bytes',
  'packets IS NULL',
  "action IS DISTINCT FROM 'ACCEPT'",
  'start % 300',
  ['packets * bytes / 7', 'packets * bytes // 7'],
  'dt',
].map(P);

const where = (f, d) => (f[d] ? ` WHERE ${f[d]}` : '');
const sel = (list, d, prefix) => list.map((x, i) => `${x[d]} AS ${prefix}${i}`).join(', ');
// the number of comma-separated keys at the top level (not inside parentheses or quotes)
function nKeys(k) {
  let n = 1;
  let depth = 0;
  let quote = false;
  for (const ch of k[0]) {
    if (ch === "'") quote = !quote;
    else if (!quote && ch === '(') depth++;
    else if (!quote && ch === ')') depth--;
    else if (!quote && depth === 0 && ch === ',') n++;
  }
  return n;
}

function q(name, athena, duck, compare) {
  return { name, data: 'v2', compare, sortkey: null, athena, duck, file: 'gen.mjs' };
}

export function generate() {
  const out = [];
  // A: grouped aggregates, top 20 by the first aggregate, keys as tie-breakers
  for (let k = 0; k < KEYS.length; k++) {
    for (let j = 0; j < 5; j++) {
      const aggs = AGGS[(k * 5 + j) % AGGS.length];
      const f = FILTERS[(k * 7 + j * 3) % FILTERS.length];
      const key = KEYS[k];
      const nk = nKeys(key);
      const keysel = (d) => (nk > 1 ? key[d] : `${key[d]} AS k`);
      const ord = Array.from({ length: nk }, (_, i) => i + 1).map((i) => `${i}`).join(', ');
      const build = (d) => `SELECT ${keysel(d)}, ${sel(aggs, d, 'a')} FROM ${d ? 'flows' : 'vpc_flow_logs'}${where(f, d)}` +
        ` GROUP BY ${ord} ORDER BY ${nk + 1} DESC, ${ord} LIMIT 20`;
      out.push(q(`gen A${out.length}: top by ${aggs[0][0]} per ${key[0]}${f[0] ? ' where ' + f[0] : ''}`,
        build(0), build(1), 'ordered'));
    }
  }
  // B: grouped aggregates, every group, compared as sets
  for (let k = 0; k < KEYS.length; k++) {
    if (KEYS[k][0].startsWith('srcaddr')) continue; /* thousands of groups: A covers it */
    for (let j = 0; j < 2; j++) {
      const aggs = AGGS[(k * 3 + j * 7 + 2) % AGGS.length];
      const f = FILTERS[(k * 5 + j * 11 + 1) % FILTERS.length];
      const key = KEYS[k];
      const nk = nKeys(key);
      const ord = Array.from({ length: nk }, (_, i) => `${i + 1}`).join(', ');
      const build = (d) => `SELECT ${key[d]}, ${sel(aggs, d, 'a')} FROM ${d ? 'flows' : 'vpc_flow_logs'}${where(f, d)} GROUP BY ${ord}`;
      out.push(q(`gen B${out.length}: all groups of ${key[0]}${f[0] ? ' where ' + f[0] : ''}`, build(0), build(1), 'set'));
    }
  }
  // C: one row of aggregates per filter
  for (let i = 0; i < FILTERS.length; i++) {
    const f = FILTERS[i];
    const aggs = [...AGGS[i % AGGS.length], ...AGGS[(i + 4) % AGGS.length]];
    const build = (d) => `SELECT ${sel(aggs, d, 'a')} FROM ${d ? 'flows' : 'vpc_flow_logs'}${where(f, d)}`;
    out.push(q(`gen C${out.length}: totals${f[0] ? ' where ' + f[0] : ''}`, build(0), build(1), 'set'));
  }
  // D: scalar functions row by row, three at a time, ordered by all of them
  for (let i = 0; i < FUNCS.length; i++) {
    const fs3 = [FUNCS[i], FUNCS[(i + 7) % FUNCS.length], FUNCS[(i + 19) % FUNCS.length]];
    const f = FILTERS[(i * 5 + 3) % FILTERS.length];
    const build = (d) => `SELECT ${sel(fs3, d, 'f')} FROM ${d ? 'flows' : 'vpc_flow_logs'}${where(f, d)}` +
      ' ORDER BY 1, 2, 3 LIMIT 40';
    out.push(q(`gen D${out.length}: ${fs3.map((x) => x[0]).join('; ')}${f[0] ? ' where ' + f[0] : ''}`,
      build(0), build(1), 'ordered'));
  }
  // E: scalar functions as group keys, every group
  for (let i = 0; i < FUNCS.length; i += 2) {
    const fn = FUNCS[i];
    const build = (d) => `SELECT ${fn[d]} AS g, count(*) AS n, sum(bytes) AS b FROM ${d ? 'flows' : 'vpc_flow_logs'}` +
      ` WHERE dt = '2026/02/14' AND interface_id < 'eni-04' GROUP BY 1`;
    out.push(q(`gen E${out.length}: groups of ${fn[0]}`, build(0), build(1), 'set'));
  }
  // F: HAVING, DISTINCT, IN (SELECT ...), CTE and UNION ALL shapes over the keys
  for (let k = 0; k < KEYS.length; k++) {
    const key = KEYS[k];
    if (nKeys(key) > 1) continue;
    const f = FILTERS[(k * 3 + 5) % FILTERS.length];
    const t = (d) => (d ? 'flows' : 'vpc_flow_logs');
    const having = (d) => `SELECT ${key[d]} AS k, count(*) AS n FROM ${t(d)}${where(f, d)} GROUP BY 1 HAVING count(*) > 3 AND sum(bytes) > 1000`;
    out.push(q(`gen F${out.length}: HAVING per ${key[0]}`, having(0), having(1), 'set'));
    const distinct = (d) => `SELECT DISTINCT ${key[d]} AS k, action FROM ${t(d)}${where(f, d)}`;
    out.push(q(`gen F${out.length}: DISTINCT ${key[0]}, action`, distinct(0), distinct(1), 'set'));
    const cte = (d) => `WITH g AS (SELECT ${key[d]} AS k, sum(bytes) AS b, count(*) AS n FROM ${t(d)}${where(f, d)} GROUP BY 1) ` +
      'SELECT count(*) AS ngroups, sum(n) AS rows_in, max(b) AS top, min(b) AS bottom FROM g WHERE n > 1';
    out.push(q(`gen F${out.length}: CTE over groups of ${key[0]}`, cte(0), cte(1), 'set'));
  }
  const sub = [
    ["srcaddr IN (SELECT srcaddr FROM vpc_flow_logs WHERE action = 'REJECT' GROUP BY srcaddr HAVING count(*) >= 3)",
      "srcaddr IN (SELECT srcaddr FROM flows WHERE action = 'REJECT' GROUP BY srcaddr HAVING count(*) >= 3)"],
    ["dstaddr NOT IN (SELECT srcaddr FROM vpc_flow_logs WHERE srcaddr IS NOT NULL AND dt = '2026/02/13')",
      "dstaddr NOT IN (SELECT srcaddr FROM flows WHERE srcaddr IS NOT NULL AND dt = '2026/02/13')"],
    ['dstport IN (SELECT dstport FROM vpc_flow_logs WHERE protocol = 17 AND dstport IS NOT NULL)',
      'dstport IN (SELECT dstport FROM flows WHERE protocol = 17 AND dstport IS NOT NULL)'],
    ['bytes > (SELECT avg(bytes) * 20 FROM vpc_flow_logs)', 'bytes > (SELECT avg(bytes) * 20 FROM flows)'],
  ];
  for (const [a, d] of sub) {
    const build = (w, tb) => `SELECT srcaddr, dstport, count(*) AS n, sum(bytes) AS b FROM ${tb} WHERE ${w} GROUP BY 1, 2`;
    out.push(q(`gen G${out.length}: ${a}`, build(a, 'vpc_flow_logs'), build(d, 'flows'), 'set'));
  }
  for (let i = 0; i < 6; i++) {
    const f1 = FILTERS[(i * 4 + 1) % FILTERS.length];
    const f2 = FILTERS[(i * 4 + 2) % FILTERS.length];
    const build = (d, all) => `SELECT dstport, action FROM ${d ? 'flows' : 'vpc_flow_logs'}${where(f1, d)}` +
      ` UNION${all ? ' ALL' : ''} SELECT dstport, action FROM ${d ? 'flows' : 'vpc_flow_logs'}${where(f2, d)}`;
    out.push(q(`gen H${out.length}: UNION${i % 2 ? ' ALL' : ''} of two filters`, build(0, i % 2), build(1, i % 2), 'set'));
  }
  // I: ORDER BY variants: NULLS FIRST, OFFSET, aliases and expressions of aliases
  const orders = [
    ['SELECT srcaddr, dstport, bytes FROM {t} WHERE {f} ORDER BY bytes DESC NULLS FIRST, srcaddr, dstport LIMIT 30 OFFSET 10'],
    ['SELECT srcaddr, dstport, bytes FROM {t} WHERE {f} ORDER BY bytes NULLS FIRST, srcaddr DESC, dstport LIMIT 25'],
    ['SELECT bytes / packets AS bpp, srcaddr, dstport FROM {t} WHERE packets > 0 AND {f} ORDER BY bpp DESC, srcaddr, dstport LIMIT 20',
      'SELECT bytes // packets AS bpp, srcaddr, dstport FROM {t} WHERE packets > 0 AND {f} ORDER BY bpp DESC, srcaddr, dstport LIMIT 20'],
    ['SELECT bytes / packets AS bpp, srcaddr, dstport FROM {t} WHERE packets > 0 AND {f} ORDER BY -bpp, srcaddr, dstport LIMIT 20',
      'SELECT bytes // packets AS bpp, srcaddr, dstport FROM {t} WHERE packets > 0 AND {f} ORDER BY -(bytes // packets), srcaddr, dstport LIMIT 20'],
    ['SELECT srcaddr AS s, sum(bytes) AS total FROM {t} WHERE {f} GROUP BY srcaddr ORDER BY total * -1, s LIMIT 15',
      'SELECT srcaddr AS s, sum(bytes) AS total FROM {t} WHERE {f} GROUP BY srcaddr ORDER BY sum(bytes) * -1, s LIMIT 15'],
    ['SELECT dstport, count(*) AS n FROM {t} WHERE {f} GROUP BY dstport ORDER BY count(*) DESC, dstport DESC LIMIT 10 OFFSET 3'],
    ['SELECT DISTINCT dt, action FROM {t} WHERE {f} ORDER BY action DESC NULLS FIRST, dt'],
    ['SELECT interface_id, max(start) AS last FROM {t} WHERE {f} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 12'],
  ].map((x) => (x.length === 1 ? [x[0], x[0]] : x));
  const conds = ["action = 'ACCEPT'", "dt = '2026/02/14'", 'protocol <> 6', 'srcport < 1024 OR srcport IS NULL'];
  for (let i = 0; i < orders.length; i++) {
    for (let j = 0; j < 2; j++) {
      const cond = conds[(i + j) % conds.length];
      const build = (d) => orders[i][d].replace(/\{t\}/g, d ? 'flows' : 'vpc_flow_logs').replace(/\{f\}/g, cond);
      const c = q(`gen I${out.length}: ${orders[i][0].slice(0, 60)}... where ${cond}`, build(0), build(1), 'ordered');
      if (j) c.threads = 1;
      out.push(c);
    }
  }
  // J: predicates with edge cases (NULL in IN lists, empty BETWEEN, LIKE '_')
  const preds = [
    "interface_id LIKE 'eni-0_a%'",
    'dstport IN (22, NULL, 443)',
    'dstport NOT IN (22, NULL)',
    "dt BETWEEN '2026/02/13' AND '2026/02/13'",
    'bytes BETWEEN 100000 AND 1000',
    "srcaddr NOT LIKE '%.%' AND srcaddr IS NOT NULL",
    "(action = 'REJECT') IS DISTINCT FROM TRUE",
    "NOT (dstport > 1024 OR bytes < 100)",
    "(srcport > 1024) = (dstport > 1024)",
    "COALESCE(dstport, -1) = -1",
    "CASE WHEN protocol = 6 THEN dstport = 443 ELSE dstport = 53 END",
    "length(srcaddr) BETWEEN 8 AND 10",
  ].map(P);
  for (let i = 0; i < preds.length; i++) {
    const build = (d) => `SELECT count(*) AS n, sum(bytes) AS b, count(DISTINCT srcaddr) AS s FROM ${d ? 'flows' : 'vpc_flow_logs'} WHERE ${preds[i][d]}`;
    out.push(q(`gen J${out.length}: where ${preds[i][0]}`, build(0), build(1), 'set'));
  }
  // K: aggregates of aggregates through a subquery
  for (let k = 0; k < 6; k++) {
    const key = KEYS[k];
    const build = (d) => `SELECT n, count(*) AS groups_of_n FROM (SELECT ${key[d]} AS k, count(*) AS n FROM ${d ? 'flows' : 'vpc_flow_logs'} GROUP BY 1) GROUP BY n ORDER BY n DESC LIMIT 15`;
    out.push(q(`gen K${out.length}: group sizes of ${key[0]}`, build(0), build(1), 'ordered'));
  }
  // L: arithmetic
  const ariths = [
    '-bytes % 7', 'bytes * 3 / 2', '(bytes + packets) % 13', 'bytes / 3.0e0', 'abs(-bytes)', 'srcport - dstport',
    'packets * 1000 / (bytes + 1)', '(start - 1770940800) / 3600', 'bytes % packets', "\"end\" * 2 - start * 2",
  ].map((a) => [a, a.replace(/(\w|\)) \/ (?!3\.0e0)/g, '$1 // ').replace('3.0e0', '3.0')]);
  for (let i = 0; i < ariths.length; i++) {
    const build = (d) => `SELECT ${ariths[i][d]} AS v, count(*) AS n FROM ${d ? 'flows' : 'vpc_flow_logs'} WHERE dt = '2026/02/13' AND packets > 0 GROUP BY 1 ORDER BY n DESC, v LIMIT 20`;
    out.push(q(`gen L${out.length}: ${ariths[i][0]}`, build(0), build(1), 'ordered'));
  }
  // T: time windows on start and end around file and day boundaries (the file
  // name's 5-minute window prunes files: the answer must not change)
  const xs = [1770940800, 1770941117, 1770983999, 1771027200, 1771027170, 1771113300];
  const wins = [
    (x) => `start >= ${x} AND start < ${x + 600}`,
    (x) => `"end" >= ${x} AND "end" <= ${x + 300}`,
    (x) => `start < ${x} AND start > ${x - 400}`,
    (x) => `start BETWEEN ${x - 61} AND ${x + 61} AND "end" > ${x}`,
  ];
  for (let i = 0; i < xs.length; i++) {
    for (let w = 0; w < wins.length; w++) {
      const cond = wins[w](xs[i]);
      const build = (d) => `SELECT dt, count(*) AS n, sum(bytes) AS b, min(start) AS s0, max("end") AS e1 FROM ${d ? 'flows' : 'vpc_flow_logs'} WHERE ${cond} GROUP BY dt`;
      out.push(q(`gen T${out.length}: ${cond}`, build(0), build(1), 'set'));
    }
  }
  return out;
}
