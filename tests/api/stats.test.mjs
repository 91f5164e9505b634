// Monitoring (issue 12): GET /api/v1/stats/indicators and its drill-down
// .../indicators/{key}/items on generated dossiers (`motcua gen dossiers`):
// the contract's shape and keys, rates and points that follow from the
// numerators, drill-down lists that add up to them, `motcua kpi recompute`
// equal to the API, the judgement rebuilt from the history equal to the
// timeliness each dossier recorded live, who may look, and bad input.
import { test, after } from 'node:test';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { startServer, freshDb, run, runStatus, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { loggedIn, assertError, dbSql } from './helpers.mjs';

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
run(['gen', 'dossiers', '800', '--seed', '12', '--open-percent', '10', '--db', db.url]);
const server = await startServer({ db: { url: db.url, drop() {} } });
after(async () => {
  await server.kill('SIGTERM');
  db.drop();
});

// gen dossiers spreads receipts over the year before now.
const ymd = (ms) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 10);
const FROM = ymd(Date.now() - 300 * 86400e3);
const TO = ymd(Date.now() - 20 * 86400e3);
const q = (extra = '') => `from=${FROM}&to=${TO}${extra}`;

const KEYS_766 = ['766.1.1', '766.1.2', '766.1.3', '766.1.4', '766.2.1', '766.2.2', '766.3.1', '766.3.2',
  '766.3.3', '766.3.5', '766.3.6', '766.4.1', '766.4.2', '766.4.3', '766.4.4', '766.5.1', '766.5.2', '766.5.3', '766.5.4'];
const KEYS_PLAN = ['plan.online_share', 'plan.electronic_routing', 'plan.resolved_digitized',
  'plan.results_digitized', 'plan.no_resubmission', 'plan.wait_minutes', 'plan.desk_minutes', 'plan.on_time',
  'plan.satisfaction'];

const near = (a, b, eps, what) => assert.ok(Math.abs(a - b) <= eps, `${what}: ${a} vs ${b}`);

test('the indicators of a unit and a year: the contract, rates and points', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  const r = await c.get(`/api/v1/stats/indicators?unit=BQL&${q()}`);
  assert.equal(r.status, 200, r.text);
  const b = r.json;
  assert.deepEqual(b.scope, { unit: 'BQL', procedure: null, officer: null, field: null });
  assert.equal(b.from, FROM);
  assert.equal(b.to, TO);
  assert.equal(b.rule_set, '766-2022');
  assert.deepEqual(b.indicators.map((i) => i.key), KEYS_766);
  assert.deepEqual(b.plan.map((i) => i.key), KEYS_PLAN);
  for (const i of b.indicators) {
    if (i.denominator === 0) {
      assert.equal(i.rate, null, `${i.key}: no data is null`);
      assert.equal(i.points, 0, i.key);
      continue;
    }
    near(i.rate, i.numerator / i.denominator, 0.00005, `${i.key} rate`);
    const share = i.key === '766.2.2' ? Math.min(1, i.threshold / (i.numerator / i.denominator))
      : Math.min(1, (i.numerator / i.denominator) / i.threshold);
    near(i.points, i.max_points * share, 0.005, `${i.key} points`);
  }
  // No feedback yet, and the generated history has no payment demand (gen
  // writes no payments): no data, never 0 %.
  for (const k of ['766.3.6', '766.5.1', '766.5.2', '766.5.3'])
    assert.equal(b.indicators.find((i) => i.key === k).rate, null, k);
  // Payments (issue 13): the catalogue's procedures with a confirmed fee
  // count; none was paid online, so 0 %, measured.
  const fees = b.indicators.find((x) => x.key === '766.3.5');
  assert.ok(fees.denominator > 0, '766.3.5 counts the fee-bearing procedures');
  assert.equal(fees.numerator, 0);
  assert.equal(fees.rate, 0);
  const byKey = Object.fromEntries(b.indicators.map((i) => [i.key, i]));
  assert.ok(byKey['766.2.1'].denominator > 300, 'hundreds of dossiers in the period');
  assert.equal(byKey['766.2.1'].max_points, 10);
  // Groups add up; each is scored out of its indicators WITH data ("no
  // data" is never 0), the full scale kept beside it (national points, 100).
  assert.deepEqual(b.groups.map((g) => g.key), ['766.1', '766.2', '766.3', '766.4', '766.5']);
  assert.deepEqual(b.groups.map((g) => g.max_points_full), [18, 20, 22, 22, 18]);
  for (const g of b.groups) {
    const inG = b.indicators.filter((i) => i.key.startsWith(g.key + '.'));
    near(g.points, inG.reduce((s, i) => s + i.points, 0), 0.011, g.key);
    near(g.max_points, inG.filter((i) => i.rate !== null).reduce((s, i) => s + i.max_points, 0), 0.011, `${g.key} measured`);
  }
  near(b.total.points, b.groups.reduce((s, g) => s + g.points, 0), 0.011, 'total');
  near(b.total.max_points, b.groups.reduce((s, g) => s + g.max_points, 0), 0.011, 'total measured');
  assert.ok(b.total.max_points < 100 && b.total.max_points > 50, `measured ${b.total.max_points}`);
  assert.ok(b.total.points <= b.total.max_points);
  assert.equal(b.total.max_points_full, 100);
  // The plan: online share and on time are 766.3.3 and 766.2.1 again.
  const plan = Object.fromEntries(b.plan.map((i) => [i.key, i]));
  assert.equal(plan['plan.online_share'].numerator, byKey['766.3.3'].numerator);
  assert.equal(plan['plan.online_share'].target, 0.5);
  assert.equal(plan['plan.online_share'].met, plan['plan.online_share'].rate >= 0.5);
  assert.equal(plan['plan.on_time'].denominator, byKey['766.2.1'].denominator);
  assert.equal(plan['plan.wait_minutes'].target, 15);
  assert.equal(plan['plan.desk_minutes'].target, null);
});

async function allItems(c, key, extra = '') {
  const items = [];
  for (let offset = 0; ; offset += 500) {
    const r = await c.get(`/api/v1/stats/indicators/${key}/items?unit=BQL&${q(extra)}&limit=500&offset=${offset}`);
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    if (items.length >= r.json.total) return items;
  }
}

test('every figure drills down to the dossiers it counts, with a reason', async () => {
  const c = await loggedIn(server.base, 'vanphong');
  const ind = (await c.get(`/api/v1/stats/indicators?unit=BQL&${q()}`)).json;
  for (const key of ['766.2.1', '766.2.2', '766.3.3', '766.4.2', '766.1.3', 'plan.electronic_routing']) {
    const f = ind.indicators.find((i) => i.key === key) || ind.plan.find((i) => i.key === key);
    const items = await allItems(c, key);
    const den = items.filter((i) => i.in_denominator);
    assert.equal(den.length, f.denominator, `${key} denominator`);
    if (key === '766.2.2')
      near(den.reduce((s, i) => s + i.value, 0), f.numerator, 0.01, `${key} sum`);
    else
      assert.equal(items.filter((i) => i.in_numerator).length, f.numerator, `${key} numerator`);
    assert.ok(items.every((i) => i.reason && i.reason_en), key);
  }
  const items = await allItems(c, '766.2.1');
  for (const i of items.filter((x) => x.in_denominator))
    assert.match(i.reason_en, /^(early: |on time: |late: |not yet due: open at the period's end, due |overdue: open at the period's end, )/);
  assert.ok(items.some((i) => /^late: ended \d\d\/\d\d\/\d{4} \d\d:\d\d after due \d\d\/\d\d\/\d{4} \d\d:\d\d$/.test(i.reason_en)),
    'a late dossier says when it ended and when it was due');
  const online = await allItems(c, '766.3.3');
  assert.ok(online.some((i) => /^excluded: received before the period/.test(i.reason_en)), 'carried over: excluded');
});

test('the judgement rebuilt from the history equals the timeliness recorded live', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  const items = (await allItems(c, '766.2.1')).filter((i) => /^(early|on time|late): (ended|refused|withdrawn|stopped) /.test(i.reason_en));
  assert.ok(items.length > 100);
  const word = { early: 'early', 'on time': 'on_time', late: 'late' };
  // Every 5th: each one is a request.
  let checked = 0;
  for (let n = 0; n < items.length; n += 5) {
    const it = items[n];
    // Plain fetch: only the timeliness is read here.
    const d = await fetch(`${server.base}/api/v1/dossiers/${encodeURIComponent(it.ref)}`, { headers: { cookie: c.cookie } });
    assert.equal(d.status, 200);
    assert.equal((await d.json()).timeliness, word[it.reason_en.split(':')[0]], `${it.ref}: ${it.reason_en}`);
    checked++;
  }
  assert.ok(checked > 20);
});

test('the trend: month by month, beside the same months a year before', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  const whole = (await c.get(`/api/v1/stats/indicators?unit=BQL&${q()}`)).json;
  const r = await c.get(`/api/v1/stats/indicators/766.3.3/trend?unit=BQL&${q()}`);
  assert.equal(r.status, 200, r.text);
  const months = r.json.months;
  assert.equal(months[0].from, FROM);
  assert.equal(months.at(-1).to, TO);
  assert.ok(months.length >= 9 && months.length <= 11);
  for (let i = 1; i < months.length; i++)
    assert.equal(months[i].from, ymd(Date.parse(months[i - 1].to + 'T00:00:00Z') + 86400e3 - 7 * 3600e3));
  // Received in the period = received in its months, one by one.
  const f = whole.indicators.find((i) => i.key === '766.3.3');
  assert.equal(months.reduce((s, m) => s + m.denominator, 0), f.denominator);
  assert.equal(months.reduce((s, m) => s + m.numerator, 0), f.numerator);
  // A month equals the indicators asked for its days.
  const m = months[2];
  const one = (await c.get(`/api/v1/stats/indicators?unit=BQL&from=${m.from}&to=${m.to}`)).json.indicators.find((i) => i.key === '766.3.3');
  assert.deepEqual([m.numerator, m.denominator, m.rate, m.points], [one.numerator, one.denominator, one.rate, one.points]);
  // Generated dossiers start a year before now: the year before is mostly empty.
  assert.equal(months[0].year_before.rate, null);
  assertError(await c.get('/api/v1/stats/indicators/766.3.3/trend?from=2024-01-01&to=2026-01-31'), 400, 'BAD_QUERY', 'to');
  assertError(await c.get(`/api/v1/stats/indicators/766.0/trend?${q()}`), 404, 'STATS_KEY_NOT_FOUND', 'key');
});

test('the evaluation of Circular 01/2018: indices per dossier and per unit', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  const r = await c.get(`/api/v1/stats/evaluation?unit=BQL&${q()}`);
  assert.equal(r.status, 200, r.text);
  const idx = Object.fromEntries(r.json.indices.map((i) => [i.index, i]));
  assert.deepEqual(Object.keys(idx).map(Number), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // Index 1 from the same judgement as 766.2.1: early 2, on time 1, late 0.
  const ended = (await allItems(c, '766.2.1')).filter((i) => /^(early|on time|late): /.test(i.reason_en));
  const points = { early: 2, 'on time': 1, late: 0 };
  const sum = ended.reduce((s, i) => s + points[i.reason_en.split(':')[0]], 0);
  assert.equal(r.json.dossiers, ended.length);
  assert.equal(idx[1].count, ended.length);
  near(idx[1].score, sum / ended.length, 0.00005, 'index 1');
  assert.equal(idx[1].basis, 'dossier');
  assert.ok(idx[3].score >= 0 && idx[3].score <= 2 && idx[3].count === ended.length);
  assert.equal(idx[4].score, null, 'no rating answered: not scored');
  assert.equal(idx[4].count, 0);
  assert.equal(idx[5].score, null, 'index 5: no data yet');
  assert.equal(idx[8].score, 2, 'index 8: no feedback item is full marks (DOMAIN.md 7)');
  assert.equal(idx[9].basis, 'unit');
  assert.equal(idx[9].score, 0, 'some dossiers late: 0');
  // Per dossier, the same count, and index 1 as its reason says.
  const items = [];
  for (let offset = 0; ; offset += 1000) {
    const p = await c.get(`/api/v1/stats/evaluation/items?unit=BQL&${q()}&limit=1000&offset=${offset}`);
    assert.equal(p.status, 200, p.text);
    items.push(...p.json.items);
    if (items.length >= p.json.total) break;
  }
  assert.equal(items.length, ended.length);
  const word = Object.fromEntries(ended.map((i) => [i.ref, points[i.reason_en.split(':')[0]]]));
  for (const it of items) assert.equal(it.scores['1'], word[it.ref], it.ref);
});

test('motcua kpi recompute prints what the API answers', async () => {
  const c = await loggedIn(server.base, 'admin');
  for (const extra of [['--unit', 'BQL'], ['--unit', 'DNLD'], []]) {
    const qs = extra.length ? `unit=${extra[1]}&${q()}` : q();
    const api = await c.get(`/api/v1/stats/indicators?${qs}`);
    assert.equal(api.status, 200, api.text);
    const cli = JSON.parse(run(['kpi', 'recompute', '--from', FROM, '--to', TO, ...extra, '--db', db.url]));
    assert.deepEqual(cli, api.json, `scope ${extra.join(' ') || 'agency'}`);
  }
  const bad = runStatus(['kpi', 'recompute', '--from', TO, '--to', FROM, '--db', db.url]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /\(to\): must not be before from/);
  const citizen = runStatus(['kpi', 'recompute', '--from', FROM, '--to', TO, '--officer', 'congdan', '--db', db.url]);
  assert.equal(citizen.status, 2);
  assert.match(citizen.stderr, /\(officer\)/);
});

test('scopes: officer, procedure, field; an empty period has no data', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  const all = (await c.get(`/api/v1/stats/indicators?${q()}`)).json;
  const den = (b) => b.indicators.find((i) => i.key === '766.2.1').denominator;
  const off = await c.get(`/api/v1/stats/indicators?unit=BQL&officer=tiepnhan&${q()}`);
  assert.equal(off.status, 200, off.text);
  assert.equal(off.json.scope.officer, 'tiepnhan');
  assert.ok(den(off.json) > 0 && den(off.json) <= den(all));
  // Reading a dossier is not handling it: an officer who only opened one counts none.
  const one = (await c.get(`/api/v1/stats/indicators/766.2.1/items?unit=BQL&${q()}&limit=1`)).json.items[0].ref;
  const office = await loggedIn(server.base, 'vanphong');
  assert.equal((await fetch(`${server.base}/api/v1/dossiers/${encodeURIComponent(one)}`, { headers: { cookie: office.cookie } })).status, 200);
  const viewer = (await c.get(`/api/v1/stats/indicators?officer=vanphong&${q()}`)).json;
  assert.equal(den(viewer), 0);
  // The catalogue is not an officer's work: no data in an officer's scope,
  // so one who acted on nothing scores nothing out of nothing.
  for (const k of ['766.1.1', '766.1.2', '766.1.3', '766.3.1', '766.3.2'])
    for (const b of [off.json, viewer])
      assert.equal(b.indicators.find((i) => i.key === k).rate, null, k);
  const idle = (await c.get(`/api/v1/stats/indicators?officer=admin&${q()}`)).json;
  assert.deepEqual([idle.total.points, idle.total.max_points, idle.total.max_points_full], [0, 0, 100]);
  assert.equal((await c.get(`/api/v1/stats/indicators/766.1.3/items?officer=tiepnhan&${q()}`)).json.total, 0);
  const proc = (await c.get('/api/v1/procedures?limit=1')).json;
  const code = (proc.items || proc)[0].code;
  const p = await c.get(`/api/v1/stats/indicators?procedure=${encodeURIComponent(code)}&${q()}`);
  assert.equal(p.status, 200, p.text);
  assert.ok(den(p.json) < den(all));
  assert.equal(p.json.indicators.find((i) => i.key === '766.1.3').denominator, 1);
  // A field of procedures, by its Vietnamese or English name: no more than the whole.
  const first = (proc.items || proc)[0];
  for (const name of [first.field, first.field_en]) {
    const f = await c.get(`/api/v1/stats/indicators?field=${encodeURIComponent(name)}&${q()}`);
    assert.equal(f.status, 200, f.text);
    assert.equal(f.json.scope.field, name);
    assert.ok(den(f.json) <= den(all));
  }
  assertError(await c.get(`/api/v1/stats/indicators?field=${encodeURIComponent('no such field')}&${q()}`), 400, 'BAD_QUERY', 'field');
  const empty = (await c.get('/api/v1/stats/indicators?unit=BQL&from=2023-01-01&to=2023-01-31')).json;
  for (const i of [...empty.indicators, ...empty.plan].filter((x) => !x.key.startsWith('766.1') && !x.key.startsWith('766.3.1')))
    assert.equal(i.rate, null, `${i.key} in an empty period`);
});

test('who may look: a head sees their own unit only; desk staff not at all', async () => {
  const head = await loggedIn(server.base, 'truongphong'); // head of DNLD
  assert.equal((await head.get(`/api/v1/stats/indicators?unit=DNLD&${q()}`)).status, 200);
  assertError(await head.get(`/api/v1/stats/indicators?unit=BQL&${q()}`), 403, 'FORBIDDEN', 'unit');
  assertError(await head.get(`/api/v1/stats/indicators?${q()}`), 403, 'FORBIDDEN', 'unit');
  assertError(await head.get(`/api/v1/stats/indicators/766.2.1/items?unit=VP&${q()}`), 403, 'FORBIDDEN', 'unit');
  for (const u of ['tiepnhan', 'chuyenvien'])
    assertError(await (await loggedIn(server.base, u)).get(`/api/v1/stats/indicators?${q()}`), 403, 'FORBIDDEN');
  for (const u of ['lanhdao', 'vanphong', 'admin'])
    assert.equal((await (await loggedIn(server.base, u)).get(`/api/v1/stats/indicators?unit=VP&${q()}`)).status, 200, u);
});

test('bad input is a 400 naming the field; an unknown indicator 404', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  const get = (qs) => c.get(`/api/v1/stats/indicators?${qs}`);
  assertError(await get(`to=${TO}`), 400, 'BAD_QUERY', 'from');
  assertError(await get(`from=${FROM}`), 400, 'BAD_QUERY', 'to');
  assertError(await get('from=2026-02-30&to=2026-03-01'), 400, 'BAD_QUERY', 'from');
  assertError(await get('from=2026-03-01&to=1-3-2026'), 400, 'BAD_QUERY', 'to');
  // from after to: to is named, as the periodic report names it.
  const order = await get('from=2026-03-02&to=2026-03-01');
  assertError(order, 400, 'BAD_QUERY', 'to');
  assert.equal(order.json.error.detail, 'must not be before from');
  // A date past the calendars' years: the message gives the range.
  const far = await get('from=2026-03-01&to=2200-12-31');
  assertError(far, 400, 'BAD_QUERY', 'to');
  assert.equal(far.json.error.detail, 'a date YYYY-MM-DD from 1900-01-01 to 2199-12-31');
  // An unknown field of procedures is refused like an unknown unit.
  assertError(await get(`field=NOPE&${q()}`), 400, 'BAD_QUERY', 'field');
  assertError(await get(`unit=NOPE&${q()}`), 400, 'BAD_QUERY', 'unit');
  assertError(await get(`procedure=NOPE&${q()}`), 400, 'BAD_QUERY', 'procedure');
  assertError(await get(`officer=nobody&${q()}`), 400, 'BAD_QUERY', 'officer');
  assertError(await get(`officer=congdan&${q()}`), 400, 'BAD_QUERY', 'officer'); // a citizen
  assertError(await get('from=2021-01-01&to=2021-12-31'), 400, 'STATS_NO_RULE_SET', 'from');
  assertError(await c.get(`/api/v1/stats/indicators/766.9.9/items?${q()}`), 404, 'STATS_KEY_NOT_FOUND', 'key');
  assertError(await c.get(`/api/v1/stats/indicators/766.2.1/items?${q()}&limit=0`), 400, 'BAD_QUERY', 'limit');
  assertError(await c.get(`/api/v1/stats/indicators/766.2.1/items?${q()}&limit=1001`), 400, 'BAD_QUERY', 'limit');
  assertError(await c.get(`/api/v1/stats/indicators/766.2.1/items?${q()}&offset=-1`), 400, 'BAD_QUERY', 'offset');
  assert.equal((await c.get(`/api/v1/stats/indicators/766.2.1/items?${q()}&offset=999999999`)).status, 200);
  const big = await c.get(`/api/v1/stats/indicators/766.2.1/items?${q()}&offset=1000000000`);
  assertError(big, 400, 'BAD_QUERY', 'offset');
  assert.equal(big.json.error.detail, 'a whole number from 0 to 999999999');
  const page = await c.get(`/api/v1/stats/indicators/766.2.1/items?${q()}&limit=7&offset=3`);
  assert.equal(page.status, 200);
  assert.equal(page.json.items.length, 7);
  assert.ok(page.json.total > 10, 'total says how many there are beyond the page');
});

test('group 1 reads the catalogue: announced and published on time, published completely', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-kpi-'));
  const day = (n) => ymd(Date.now() - n * 86400e3);
  const proc = (code, fields) => {
    const p = { ...JSON.parse(readFileSync(`data/catalogue/${code}.json`, 'utf8')), ...fields };
    const file = path.join(dir, `${code}.json`);
    writeFileSync(file, JSON.stringify(p));
    return file;
  };
  try {
    // DT-01: announced before it takes effect, published the next day, complete.
    // DT-02: announced after it took effect, published 20 days later.
    const bad = runStatus(['import', 'procedures', proc('DT-01', { decision_date: '2026-02-30' }), '--db', db.url]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stdout + bad.stderr, /decision_date/);
    run(['import', 'procedures', '--db', db.url,
      proc('DT-01', { subjects: 'Nhà đầu tư', sets: 1, decision_date: day(200), published_date: day(199), effective_from: day(190) }),
      proc('DT-02', { decision_date: day(150), published_date: day(130), effective_from: day(160) })]);
    const exported = JSON.parse(run(['export', 'procedures', '--db', db.url]));
    const dt01 = (Array.isArray(exported) ? exported : exported.procedures).find((p) => p.code === 'DT-01');
    assert.equal(dt01.decision_date, day(200));
    assert.equal(dt01.sets, 1);
    const c = await loggedIn(server.base, 'lanhdao');
    const b = (await c.get(`/api/v1/stats/indicators?${q()}`)).json;
    const f = Object.fromEntries(b.indicators.map((i) => [i.key, i]));
    assert.deepEqual([f['766.1.1'].numerator, f['766.1.1'].denominator], [1, 2]);
    assert.deepEqual([f['766.1.2'].numerator, f['766.1.2'].denominator], [1, 2]);
    assert.equal(f['766.1.3'].numerator, 1);
    assert.ok(f['766.1.3'].denominator > 10);
    const items = await allItems(c, '766.1.3');
    assert.ok(items.find((i) => i.ref === 'DT-01').in_numerator);
    assert.match(items.find((i) => i.ref === 'DT-02').reason_en, /^missing: .*number of sets, subjects/);
    const pub = await allItems(c, '766.1.2');
    assert.match(pub.find((i) => i.ref === 'DT-02').reason_en, /^not on time: announced/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the rule set is data, append-only: a new version takes effect on its date; a published one is never edited', async () => {
  const c = await loggedIn(server.base, 'admin');
  const points = async (from, to) => {
    const b = (await c.get(`/api/v1/stats/indicators?from=${from}&to=${to}`)).json;
    return [b.rule_set, Object.fromEntries(b.indicators.map((i) => [i.key, i.max_points]))];
  };
  const list = () => run(['kpi', 'rules', 'list', '--db', db.url]);
  const saved = list();
  // Editing the published set, with or without a date: refused with the
  // registry's error naming what was edited, nothing changed.
  for (const [args, field] of [
    [['766.2.1:points=12', '766.2.2:points=8'], '766.2.1'],
    [['766.3.3:threshold=0.6'], '766.3.3'],
    [['766.2.1:threshold=0.9', '--from', '2027-01-01'], '766.2.1'],
    [['--from', '2027-01-01'], 'from'],
  ]) {
    const r = runStatus(['kpi', 'rules', 'set', '766-2022', ...args, '--db', db.url]);
    assert.equal(r.status, 1, `${args}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`published rule set is never edited.*\\(${field.replace(/\./g, '\\.')}\\).*766-2022 is published \\(in force from 2022-06-23\\)`), args.join(' '));
  }
  assert.equal(list(), saved);
  assert.equal((await points(FROM, TO))[1]['766.2.1'], 10);
  // A new version out of the group's 20 points: refused, nothing changed.
  const bad = runStatus(['kpi', 'rules', 'set', '766-2027', '766.2.1:points=15', '--from', '2027-01-01', '--db', db.url]);
  assert.equal(bad.status, 1, bad.stderr);
  assert.match(bad.stderr, /766\.2/);
  // Numbers out of range or not finite, a new set before the first:
  // refused with the true reason, nothing changed.
  for (const [args, why] of [
    [['766.3.3:threshold=1e999'], /766\.3\.3.*threshold of a share must be above 0 and at most 1/],
    [['766.3.3:threshold=1.5'], /at most 1/],
    [['766.3.3:threshold=nan'], /at most 1/],
    [['766.3.3:threshold=0'], /above 0/],
    [['plan.wait_minutes:threshold=inf'], /above 0 and at most 100000/],
    [['766.3.3:points=1e999'], /points must be between 0 and 100/],
    [[], /\(from\).*a new rule set needs its effective date/],
  ]) {
    const from = args.length ? ['--from', '2027-01-01'] : [];
    const r = runStatus(['kpi', 'rules', 'set', '766-2027', ...args, ...from, '--db', db.url]);
    assert.equal(r.status, 1, `${args}: ${r.stderr}`);
    assert.match(r.stderr, why, args.join(' '));
  }
  const early = runStatus(['kpi', 'rules', 'set', '766-2019', '766.2.1:threshold=0.9', '--from', '2019-01-01', '--db', db.url]);
  assert.equal(early.status, 1, early.stderr);
  assert.match(early.stderr, /\(from\).*no rule set is in force on that date/);
  assert.doesNotMatch(early.stderr, /add up/);
  assert.equal(list(), saved);
  const help = runStatus(['kpi', 'rules', '--help']);
  assert.match(help.stdout + help.stderr, /append-only: a published set is never edited/);
  run(['kpi', 'rules', 'set', '766-2026', '766.3.3:points=6', '766.3.6:points=2.8', '766.2.1:points=12', '766.2.2:points=8', '--from', '2026-07-01', '--db', db.url]);
  const [before, pb] = await points('2026-06-30', '2026-07-31');
  const [fromJuly, pa] = await points('2026-07-01', '2026-07-31');
  assert.equal(before, '766-2022');
  assert.equal(pb['766.3.3'], 4.4);
  assert.equal(pb['766.2.1'], 10);
  assert.equal(fromJuly, '766-2026');
  assert.equal(pa['766.3.3'], 6);
  assert.equal(pa['766.2.1'], 12);
  assert.equal(pa['766.4.2'], 5.5, 'a new set starts as a copy of the one in force');
  // Once saved, the new version is published too.
  const again = runStatus(['kpi', 'rules', 'set', '766-2026', '766.3.3:points=4.4', '--db', db.url]);
  assert.equal(again.status, 1, again.stderr);
  assert.match(again.stderr, /\(766\.3\.3\).*766-2026 is published \(in force from 2026-07-01\)/);
  assert.match(run(['kpi', 'rules', 'list', '--db', db.url]), /766-2026\tin force from 2026-07-01/);
});

// A comparison read as a value is an integer in SQLite and a boolean ("t" or
// "f") in PostgreSQL: read as a number, every "t" was 0, and on PostgreSQL
// 766.3.1 counted no procedure offered online (and 766.3.2, 766.4.1 and
// 766.5.4 were judged wrong with it, by the walk and the counters alike).
test('766.3.1 counts the procedures offered online, on either database', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  const r = (await c.get(`/api/v1/stats/indicators?${q()}`)).json.indicators.find((i) => i.key === '766.3.1');
  const online = Number(dbSql(db.url, "SELECT COUNT(DISTINCT procedure_id) FROM procedure_versions WHERE status = 'published' AND online_level <> 'none'").trim());
  assert.ok(online > 0, 'the demo catalogue offers procedures online');
  assert.equal(r.numerator, online, JSON.stringify(r));
  const items = (await c.get(`/api/v1/stats/indicators/766.3.1/items?${q()}&limit=200`)).json.items;
  assert.equal(items.filter((i) => i.in_numerator).length, online);
});
