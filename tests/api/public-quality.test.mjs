// The public service quality of a unit (issue 12): GET /api/v1/public/quality
// answers without a log-in with this month's on-time rate, online share,
// satisfaction and average waiting, exactly the plan's figures GET
// /api/v1/stats/indicators gives for the same unit and days; nothing else
// (the reply is validated against docs/openapi.yaml, which allows no other
// property); a missing or unknown unit is refused, naming it. And an
// officer's own scorecard (GET /api/v1/stats/me): the indicators with the
// officer scope set to the caller, equal to what a leader reads for them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, run, DEMO_PASSWORD, Client } from '../lib/motcua.mjs';
import { loggedIn, assertError } from './helpers.mjs';

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
// Receipts spread over the year before now: a few dozen in this month.
run(['gen', 'dossiers', '1200', '--seed', '5', '--open-percent', '20', '--db', db.url]);
const server = await startServer({ db: { url: db.url, drop() {} } });
after(async () => {
  await server.kill('SIGTERM');
  db.drop();
});

const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
const first = `${today.slice(0, 7)}-01`;

test('anyone reads a unit\'s four figures of this month, the dashboard\'s own', async () => {
  const anon = new Client(server.base);
  const r = await anon.get('/api/v1/public/quality?unit=BQL');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
  const b = r.json;
  // The board as named now (Hà Nam joined Ninh Bình on 1 July 2025: svc_demo.c).
  assert.deepEqual(b.unit, { code: 'BQL', name: 'Ban Quản lý các khu công nghiệp tỉnh Ninh Bình', name_en: 'Ninh Binh Industrial Zones Management Board' });
  assert.equal(b.month, today.slice(0, 7));
  assert.equal(b.from, first);
  assert.equal(b.to, today);
  assert.deepEqual(Object.keys(b).sort(), ['from', 'month', 'on_time', 'online_share', 'satisfaction', 'to', 'unit', 'wait_minutes']);

  const c = await loggedIn(server.base, 'lanhdao');
  const ind = await c.get(`/api/v1/stats/indicators?unit=BQL&from=${first}&to=${today}`);
  assert.equal(ind.status, 200, ind.text);
  const plan = Object.fromEntries(ind.json.plan.map((p) => [p.key, p]));
  for (const [k, key] of [['on_time', 'plan.on_time'], ['online_share', 'plan.online_share'],
    ['satisfaction', 'plan.satisfaction'], ['wait_minutes', 'plan.wait_minutes']]) {
    assert.deepEqual(b[k], { rate: plan[key].rate, count: plan[key].denominator, target: plan[key].target }, k);
  }
  assert.ok(b.online_share.count > 0, 'dossiers received this month');
  assert.ok(b.online_share.rate > 0 && b.online_share.rate < 1);
  assert.equal(b.online_share.target, 0.5);
  assert.equal(b.wait_minutes.target, 15);

  // A unit below: its own figures, no more than the whole board's.
  const d = await anon.get('/api/v1/public/quality?unit=DNLD');
  assert.equal(d.status, 200, d.text);
  assert.ok(d.json.online_share.count <= b.online_share.count);
  const dInd = await c.get(`/api/v1/stats/indicators?unit=DNLD&from=${first}&to=${today}`);
  assert.equal(d.json.on_time.count, dInd.json.plan.find((p) => p.key === 'plan.on_time').denominator);
});

// The month n months before this one (UTC+7) as YYYY-MM, and its last day.
function monthBefore(n) {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7)) - n;
  while (m < 1) { m += 12; y--; }
  while (m > 12) { m -= 12; y++; }
  const mm = `${y}-${String(m).padStart(2, '0')}`;
  return { month: mm, last: `${mm}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}` };
}

test('a past month, whole: the dashboard\'s figures of its days; months to come or too far back refused', async () => {
  const anon = new Client(server.base);
  const c = await loggedIn(server.base, 'lanhdao');
  for (const n of [1, 5]) {
    const { month, last } = monthBefore(n);
    const r = await anon.get(`/api/v1/public/quality?unit=QLDT&month=${month}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.json.month, r.json.from, r.json.to], [month, `${month}-01`, last]);
    const ind = await c.get(`/api/v1/stats/indicators?unit=QLDT&from=${month}-01&to=${last}`);
    const plan = Object.fromEntries(ind.json.plan.map((p) => [p.key, p]));
    for (const [k, key] of [['on_time', 'plan.on_time'], ['online_share', 'plan.online_share'],
      ['satisfaction', 'plan.satisfaction'], ['wait_minutes', 'plan.wait_minutes']]) {
      assert.deepEqual(r.json[k], { rate: plan[key].rate, count: plan[key].denominator, target: plan[key].target }, `${month} ${k}`);
    }
    assert.ok(r.json.online_share.count > 0, `${month}: dossiers received`);
  }
  // This month named is this month; 24 months back is the bound.
  const now = await anon.get(`/api/v1/public/quality?unit=QLDT&month=${today.slice(0, 7)}`);
  assert.deepEqual([now.json.from, now.json.to], [first, today]);
  assert.equal((await anon.get(`/api/v1/public/quality?unit=QLDT&month=${monthBefore(24).month}`)).status, 200);
  const future = monthBefore(-1).month;
  for (const m of [future, `${Number(today.slice(0, 4)) + 1}-01`, monthBefore(25).month, '2026-13', '2026-00', '2026-1', '202603', 'x', '2026-03-01']) {
    const r = await anon.get(`/api/v1/public/quality?unit=QLDT&month=${m}`);
    assertError(r, 400, 'BAD_QUERY', 'month');
  }
  assert.match((await anon.get(`/api/v1/public/quality?unit=QLDT&month=${future}`, { 'accept-language': 'en' })).json.error.message, /query/i);
});

test('a missing or unknown unit is refused, naming it', async () => {
  const anon = new Client(server.base);
  assertError(await anon.get('/api/v1/public/quality'), 400, 'BAD_QUERY', 'unit');
  assertError(await anon.get('/api/v1/public/quality?unit=NOPE'), 404, 'UNIT_NOT_FOUND');
  assertError(await anon.get(`/api/v1/public/quality?unit=${'X'.repeat(300)}`), 404, 'UNIT_NOT_FOUND');
});

test('an officer reads their own scorecard, the leader\'s figures for them', async () => {
  const from = '2025-12-01';
  const me = await loggedIn(server.base, 'chuyenvien');
  const r = await me.get(`/api/v1/stats/me?from=${from}&to=${today}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.scope, { unit: null, procedure: null, officer: 'chuyenvien', field: null });
  const lead = await loggedIn(server.base, 'lanhdao');
  const l = await lead.get(`/api/v1/stats/indicators?officer=chuyenvien&from=${from}&to=${today}`);
  assert.equal(l.status, 200, l.text);
  assert.deepEqual(r.json, l.json);
  const onTime = r.json.indicators.find((i) => i.key === '766.2.1');
  assert.ok(onTime.denominator > 0, 'the officer acted on dossiers');
  const items = await me.get(`/api/v1/stats/me/766.2.1/items?from=${from}&to=${today}&limit=1000`);
  assert.equal(items.status, 200, items.text);
  // Every dossier counted, listed up to the limit (since a7fca01 the demo has
  // a specialist in every division, so chuyenvien handles DNLD's only).
  assert.ok(items.json.total >= onTime.denominator, `${items.json.total} listed, ${onTime.denominator} counted`);
  assert.equal(items.json.items.length, Math.min(1000, items.json.total));
  const li = await lead.get(`/api/v1/stats/indicators/766.2.1/items?officer=chuyenvien&from=${from}&to=${today}&limit=1000`);
  assert.deepEqual(items.json, li.json);
  // Another officer's figures are theirs, not the caller's.
  const other = await (await loggedIn(server.base, 'tiepnhan')).get(`/api/v1/stats/me?from=${from}&to=${today}`);
  assert.equal(other.json.scope.officer, 'tiepnhan');

  assertError(await me.get(`/api/v1/stats/me?from=x&to=${today}`), 400, 'BAD_QUERY', 'from');
  assertError(await me.get(`/api/v1/stats/me/nope/items?from=${from}&to=${today}`), 404, 'STATS_KEY_NOT_FOUND');
  assertError(await me.get(`/api/v1/stats/me/766.2.1/items?from=${from}&to=${today}&limit=0`), 400, 'BAD_QUERY', 'limit');
  const citizen = await loggedIn(server.base, 'congdan');
  assertError(await citizen.get(`/api/v1/stats/me?from=${from}&to=${today}`), 403, 'FORBIDDEN');
  assertError(await new Client(server.base).get(`/api/v1/stats/me?from=${from}&to=${today}`), 401, 'UNAUTHENTICATED');
});
