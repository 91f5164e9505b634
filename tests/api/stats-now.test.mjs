// Monitoring (issue 12): a period that reaches into the future judges an
// open dossier at the EARLIER of now (the server's clock) and the period's
// end, never at a moment still to come. On generated data (`motcua gen
// dossiers`), the indicators, their drill-down and the periodic report of a
// period ending 40 days from now equal those of the same period ending
// today, and an open dossier's reason says it was judged now.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, run, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { loggedIn } from './helpers.mjs';

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
run(['gen', 'dossiers', '600', '--seed', '21', '--open-percent', '25', '--db', db.url]);
const server = await startServer({ db: { url: db.url, drop() {} } });
after(async () => {
  await server.kill('SIGTERM');
  db.drop();
});

const ymd = (ms) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 10);
const FROM = ymd(Date.now() - 200 * 86400e3);
const TODAY = ymd(Date.now());
const LATER = ymd(Date.now() + 40 * 86400e3);
const JUDGED = ['766.2.1', '766.2.2', '766.5.4', 'plan.on_time'];

async function figures(c, to) {
  const r = await c.get(`/api/v1/stats/indicators?unit=BQL&from=${FROM}&to=${to}`);
  assert.equal(r.status, 200, r.text);
  const all = [...r.json.indicators, ...r.json.plan];
  return Object.fromEntries(JUDGED.map((k) => {
    const f = all.find((i) => i.key === k);
    return [k, { numerator: f.numerator, denominator: f.denominator, rate: f.rate }];
  }));
}

test('a period ending in the future judges open dossiers now, not at its end', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  const today = await figures(c, TODAY);
  assert.ok(today['766.2.1'].denominator > 100, 'dossiers in the period');
  assert.deepEqual(await figures(c, LATER), today);

  const r = await c.get(`/api/v1/stats/indicators/766.2.1/items?unit=BQL&from=${FROM}&to=${LATER}&limit=1000`);
  assert.equal(r.status, 200, r.text);
  const open = r.json.items.filter((i) => /^(not yet due|overdue): open/.test(i.reason_en));
  assert.ok(open.length > 10, 'open dossiers listed');
  for (const i of open) {
    assert.match(i.reason_en, /^(not yet due: open, not yet due|overdue: open, past due) \(judged now \d\d\/\d\d\/\d{4} \d\d:\d\d\)/, i.ref);
    assert.match(i.reason, /xét tại thời điểm hiện tại/, i.ref);
  }
  assert.ok(open.some((i) => /^not yet due: /.test(i.reason_en)), 'some open dossier not yet due now');
});

test('the periodic report counts open dossiers at now too', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  const rep = async (to) => {
    const r = await c.get(`/api/v1/stats/report?unit=BQL&from=${FROM}&to=${to}&by=procedure`);
    assert.equal(r.status, 200, r.text);
    return r.json.total;
  };
  const [a, b] = [await rep(TODAY), await rep(LATER)];
  assert.ok(a.open_not_due + a.open_overdue > 10, 'open dossiers in the report');
  for (const k of ['open_not_due', 'open_overdue', 'open_waiting', 'ended_late', 'ended_on_time'])
    assert.equal(b[k], a[k], k);
});
