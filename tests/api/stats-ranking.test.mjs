// The dashboard's ranking in one call (issue 12): GET /api/v1/stats/ranking
// on generated dossiers (`motcua gen dossiers`): the units below a unit (or
// the agency's top units) ranked by their 766 total, the unit's officers by
// their on-time rate, each entry's figures equal to what GET
// /api/v1/stats/indicators answers for that unit or officer alone, in the
// order the dashboard showed them; who may look; bad input named.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, run, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { loggedIn, assertError } from './helpers.mjs';

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
run(['gen', 'dossiers', '400', '--seed', '7', '--open-percent', '10', '--db', db.url]);
const server = await startServer({ db: { url: db.url, drop() {} } });
after(async () => {
  await server.kill('SIGTERM');
  db.drop();
});

const ymd = (ms) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 10);
const FROM = ymd(Date.now() - 300 * 86400e3);
const TO = ymd(Date.now() - 20 * 86400e3);
const KEYS = ['766.2.1', 'plan.online_share', 'plan.satisfaction'];

async function alone(c, extra) {
  const r = await c.get(`/api/v1/stats/indicators?${new URLSearchParams({ ...extra, from: FROM, to: TO })}`);
  assert.equal(r.status, 200, r.text);
  const all = [...r.json.indicators, ...r.json.plan];
  return { total: r.json.total, figs: KEYS.map((k) => all.find((x) => x.key === k)) };
}

function sameFigures(entry, own, what) {
  assert.equal(entry.points, own.total.points, `${what}: points`);
  assert.equal(entry.max_points, own.total.max_points, `${what}: max_points`);
  assert.deepEqual(entry.figures.map((f) => f.key), KEYS, what);
  entry.figures.forEach((f, i) => {
    assert.deepEqual([f.numerator, f.denominator, f.rate], [own.figs[i].numerator, own.figs[i].denominator, own.figs[i].rate], `${what}: ${f.key}`);
  });
}

test('the units below the agency and below the board, ranked, each as its own indicators say', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  const top = await c.get(`/api/v1/stats/ranking?from=${FROM}&to=${TO}`);
  assert.equal(top.status, 200, top.text);
  assert.deepEqual(top.json.scope, { unit: null });
  assert.deepEqual(top.json.officers, [], 'no officers without a unit');
  assert.deepEqual(top.json.units.map((u) => u.unit.code), ['BQL']);
  const agency = await alone(c, {});
  assert.deepEqual(top.json.total, { points: agency.total.points, max_points: agency.total.max_points });

  const r = await c.get(`/api/v1/stats/ranking?unit=BQL&from=${FROM}&to=${TO}`);
  assert.equal(r.status, 200, r.text);
  const units = r.json.units;
  assert.deepEqual(units.map((u) => u.unit.code).sort(), ['DNLD', 'QHXD', 'QLDT', 'QLMT', 'VP']);
  for (const u of units) sameFigures(u, await alone(c, { unit: u.unit.code }), u.unit.code);
  // By the share of the measured points, best first; nothing measured: last, no rank.
  const share = (u) => (u.max_points ? u.points / u.max_points : -1);
  for (let i = 1; i < units.length; i++) assert.ok(share(units[i - 1]) >= share(units[i]), `${units[i - 1].unit.code} before ${units[i].unit.code}`);
  units.forEach((u, i) => assert.equal(u.rank, u.max_points ? i + 1 : null, u.unit.code));
  assert.ok(units.filter((u) => u.rank).length >= 2, 'at least two units measured');
  // What they are ranked by is said: score = points / max_points, 4 decimals (issue 12).
  for (const u of units) assert.equal(u.score, u.max_points ? Math.round((u.points / u.max_points) * 1e4) / 1e4 : null, u.unit.code);
  for (let i = 1; i < units.length; i++) assert.ok((units[i - 1].score ?? -1) >= (units[i].score ?? -1), `${units[i - 1].unit.code} by score`);
});

test('the officers of a unit, ranked by their on-time rate, each as their own indicators say', async () => {
  const c = await loggedIn(server.base, 'truongphong'); // head of DNLD
  const r = await c.get(`/api/v1/stats/ranking?unit=DNLD&from=${FROM}&to=${TO}`);
  assert.equal(r.status, 200, r.text);
  const officers = r.json.officers;
  assert.ok(officers.some((o) => o.officer.username === 'chuyenvien'), JSON.stringify(officers.map((o) => o.officer)));
  assert.ok(officers.some((o) => o.figures[0].denominator > 0), 'someone handled dossiers');
  for (const o of officers) sameFigures(o, await alone(c, { unit: 'DNLD', officer: o.officer.username }), o.officer.username);
  const rate = (o) => o.figures[0].rate ?? -1;
  for (let i = 1; i < officers.length; i++) {
    const a = officers[i - 1];
    const b = officers[i];
    assert.ok(rate(a) > rate(b) || (rate(a) === rate(b) && (a.figures[0].denominator > b.figures[0].denominator
      || (a.figures[0].denominator === b.figures[0].denominator && a.officer.username < b.officer.username))), `${a.officer.username} before ${b.officer.username}`);
  }
  officers.forEach((o, i) => assert.equal(o.rank, i + 1));
});

test('who may look, and bad input named', async () => {
  const head = await loggedIn(server.base, 'truongphong');
  assertError(await head.get(`/api/v1/stats/ranking?unit=QLDT&from=${FROM}&to=${TO}`), 403, 'FORBIDDEN', 'unit');
  assertError(await head.get(`/api/v1/stats/ranking?from=${FROM}&to=${TO}`), 403, 'FORBIDDEN');
  assertError(await (await loggedIn(server.base, 'tiepnhan')).get(`/api/v1/stats/ranking?unit=VP&from=${FROM}&to=${TO}`), 403, 'FORBIDDEN');
  const c = await loggedIn(server.base, 'vanphong');
  for (const [qs, field] of [
    [`to=${TO}`, 'from'],
    [`from=${FROM}`, 'to'],
    [`from=2026-13-01&to=${TO}`, 'from'],
    [`from=${TO}&to=${FROM}`, 'to'],
    [`unit=NOPE&from=${FROM}&to=${TO}`, 'unit'],
    [`unit=BQL&procedure=LD-02&from=${FROM}&to=${TO}`, 'procedure'],
    [`unit=BQL&officer=chuyenvien&from=${FROM}&to=${TO}`, 'officer'],
    [`unit=BQL&field=x&from=${FROM}&to=${TO}`, 'field'],
  ]) {
    const r = await c.get(`/api/v1/stats/ranking?${qs}`);
    assert.equal(r.status, 400, `${qs}: ${r.text}`);
    assert.equal(r.json.error.field, field, qs);
  }
});

test('points printed with 2 decimals as the indicators print them; no admin-only account among the officers (issue 12)', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  const texts = [];
  for (const unit of ['', 'BQL', 'DNLD', 'QHXD', 'QLDT', 'QLMT', 'VP']) {
    const r = await c.get(`/api/v1/stats/ranking?${new URLSearchParams({ ...(unit ? { unit } : {}), from: FROM, to: TO })}`);
    assert.equal(r.status, 200, r.text);
    texts.push(r.text);
    // admin (BQL, the admin role only) handles no dossier: not ranked.
    for (const o of r.json.officers) assert.notEqual(o.officer.username, 'admin', unit);
    if (unit) assert.ok(r.json.officers.length > 0 || unit !== 'DNLD', unit);
  }
  const bql = JSON.parse(texts[1]);
  assert.ok(!bql.officers.some((o) => o.officer.username === 'admin'), JSON.stringify(bql.officers.map((o) => o.officer.username)));
  const points = texts.flatMap((s) => [...s.matchAll(/"(?:max_)?points":(-?[0-9.eE+-]+)/g)].map((m) => m[1]));
  assert.ok(points.length > 20, `${points.length} points read`);
  const long = points.filter((p) => !/^-?\d+(\.\d{1,2})?$/.test(p));
  assert.deepEqual(long, [], 'points with more than 2 decimals');
});
