// `motcua gen dossiers` with visits (issue 12): each direct dossier comes
// with its queue ticket (issued, called, served, finished, the dossier
// linked to it) and some visits and returned dossiers rated, so that the
// indicators of the desk (plan.wait_minutes, plan.desk_minutes) and of the
// applicants (plan.satisfaction) have data on generated histories; their
// drill-downs list exactly what they count; the history still verifies;
// --no-visits writes none.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, run, runStatus, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { loggedIn } from './helpers.mjs';

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
run(['gen', 'dossiers', '600', '--seed', '21', '--db', db.url]);
const server = await startServer({ db: { url: db.url, drop() {} } });
after(async () => {
  await server.kill('SIGTERM');
  db.drop();
});

const ymd = (ms) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 10);
const q = `unit=BQL&from=${ymd(Date.now() - 366 * 86400e3)}&to=${ymd(Date.now())}`;

async function allItems(c, key) {
  const items = [];
  for (let offset = 0; ; offset += 500) {
    const r = await c.get(`/api/v1/stats/indicators/${key}/items?${q}&limit=500&offset=${offset}`);
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    if (items.length >= r.json.total) return items;
  }
}

test('generated visits and ratings give the desk and satisfaction figures, drilled down', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  const r = await c.get(`/api/v1/stats/indicators?${q}`);
  assert.equal(r.status, 200, r.text);
  const plan = Object.fromEntries(r.json.plan.map((p) => [p.key, p]));
  for (const key of ['plan.wait_minutes', 'plan.desk_minutes', 'plan.satisfaction']) {
    const f = plan[key];
    assert.ok(f.denominator > 0, `${key} has data: ${JSON.stringify(f)}`);
    const items = await allItems(c, key);
    assert.equal(items.filter((i) => i.in_denominator).length, f.denominator, `${key} denominator`);
  }
  // About 60 % of 600 are direct, each with its visit; waits of 3 to 60 min.
  const w = plan['plan.wait_minutes'];
  assert.ok(w.denominator > 250 && w.denominator < 450, `visits ${w.denominator}`);
  assert.ok(w.rate >= 3 && w.rate <= 30, `average wait ${w.rate}`);
  const waits = (await allItems(c, 'plan.wait_minutes')).filter((i) => i.in_denominator).map((i) => i.value);
  assert.ok(waits.every((v) => v >= 3 && v <= 60), 'every wait within 3 to 60 minutes');
  // Mostly satisfied, some not.
  const s = plan['plan.satisfaction'];
  assert.ok(s.numerator < s.denominator && s.numerator / s.denominator > 0.6, JSON.stringify(s));
});

test('the history with visits verifies; --no-visits writes none', () => {
  const v = runStatus(['audit', 'verify', '--db', db.url]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  const other = freshDb();
  try {
    run(['migrate', '--db', other.url]);
    run(['demo', '--db', other.url, '--password', DEMO_PASSWORD]);
    const out = run(['gen', 'dossiers', '50', '--seed', '21', '--no-visits', '--db', other.url]);
    assert.match(out, /generated 50 dossiers/);
    const k = JSON.parse(run(['kpi', 'recompute', '--db', other.url, '--unit', 'BQL',
      '--from', ymd(Date.now() - 366 * 86400e3), '--to', ymd(Date.now())]));
    const plan = Object.fromEntries(k.plan.map((p) => [p.key, p]));
    assert.equal(plan['plan.wait_minutes'].denominator, 0);
    assert.equal(plan['plan.satisfaction'].denominator, 0);
  } finally {
    other.drop();
  }
  assert.match(run(['gen', 'dossiers', '--help']), /--no-visits/);
});
