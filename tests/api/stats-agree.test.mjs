// Monitoring has one reader of dossiers (issue 12, "rules in one place"):
// the periodic report (GET /api/v1/stats/report) and the indicators
// (GET /api/v1/stats/indicators/766.2.1/items) count the same dossiers of the
// same scope, judged the same way (the end of processing is result_ready, not
// the hand-over; DOMAIN.md 6). On generated data (`motcua gen dossiers`), for
// the agency's top unit and for each processing unit, over a long period and
// one month: the report's ended early / on time / late and open not due /
// overdue equal what 766.2.1's drill-down lists as such, and the report's
// received total is 766.2.1's denominator.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, run, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { loggedIn } from './helpers.mjs';

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
run(['gen', 'dossiers', '1500', '--seed', '7', '--open-percent', '10', '--db', db.url]);
const server = await startServer({ db: { url: db.url, drop() {} } });
after(async () => {
  await server.kill('SIGTERM');
  db.drop();
});

const ymd = (ms) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 10);
const PERIODS = [
  { from: ymd(Date.now() - 330 * 86400e3), to: ymd(Date.now() - 10 * 86400e3) },
  { from: ymd(Date.now() - 75 * 86400e3), to: ymd(Date.now() - 45 * 86400e3) },
];

/** 766.2.1's drill-down of a scope and period, counted by its reasons. */
async function drillDown(c, unit, p) {
  const items = [];
  for (let offset = 0; ; offset += 1000) {
    const qs = new URLSearchParams({ unit, ...p, limit: '1000', offset: String(offset) });
    const r = await c.get(`/api/v1/stats/indicators/766.2.1/items?${qs}`);
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    if (items.length >= r.json.total) break;
  }
  const n = { ended_early: 0, ended_on_time: 0, ended_late: 0, open_not_due: 0, open_overdue: 0, handled: 0 };
  for (const i of items.filter((x) => x.in_denominator)) {
    n.handled++;
    if (/^early: /.test(i.reason_en)) n.ended_early++;
    else if (/^on time: /.test(i.reason_en)) n.ended_on_time++;
    else if (/^late: /.test(i.reason_en)) n.ended_late++;
    else if (/^not yet due: /.test(i.reason_en)) n.open_not_due++;
    else if (/^overdue: /.test(i.reason_en)) n.open_overdue++;
    else assert.fail(`${i.ref}: a reason neither ended nor open: ${i.reason_en}`);
  }
  return n;
}

async function report(c, unit, p, by = 'procedure') {
  const r = await c.get(`/api/v1/stats/report?${new URLSearchParams({ unit, ...p, by })}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const picked = (t) => ({
  ended_early: t.ended_early, ended_on_time: t.ended_on_time, ended_late: t.ended_late,
  open_not_due: t.open_not_due, open_overdue: t.open_overdue,
  handled: t.carried_over + t.new_online + t.new_direct + t.new_post,
});

test('the report counts what 766.2.1 counts, for the agency and each processing unit', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  const units = (await report(c, 'BQL', PERIODS[0], 'unit')).rows.map((r) => r.key);
  assert.ok(units.length >= 2, 'dossiers processed by several units');
  let ended = 0;
  for (const p of PERIODS) {
    for (const unit of ['BQL', ...units]) {
      const want = await drillDown(c, unit, p);
      const got = picked((await report(c, unit, p)).total);
      assert.deepEqual(got, want, `${unit} ${p.from}..${p.to}: report vs 766.2.1`);
      ended += want.ended_early + want.ended_on_time + want.ended_late;
    }
  }
  assert.ok(ended > 500, 'hundreds of ended dossiers compared');
});
