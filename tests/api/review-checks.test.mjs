// The procedure review's checks (issue 14, a stranger's test from a fresh
// clone): what a form needs before it is sent, what a plan item may be,
// the inputs' bounds and the saving's sign, the report's state, codes in
// any case. Each refusal names its field and changes nothing. A demo
// database without history: the cost is that of the declared inputs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, run, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { loggedIn, assertError } from './helpers.mjs';

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
const server = await startServer({ db: { url: db.url, drop() {} } });
after(async () => {
  await server.kill('SIGTERM');
  db.drop();
});

const YEAR = 2027;
let office, unit, head, leader;

async function plan(year) {
  const r = await office.post('/api/v1/review/plans', { year });
  assert.equal(r.status, 201, r.text);
  assert.equal((await office.put(`/api/v1/review/incomes/${year}`, { per_hour: 40000 })).status, 200);
}

async function item(year, procedure, extra = {}) {
  const r = await office.post(`/api/v1/review/plans/${year}/items`, { procedure, due: `${year}-06-30`, ...extra });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

const VERDICTS = { necessity: { verdict: 'meets' }, reasonableness: { verdict: 'partly' }, legality: { verdict: 'meets' } };

test('a form is sent only with the three criteria assessed', async () => {
  office = await loggedIn(server.base, 'vanphong');
  unit = await loggedIn(server.base, 'chuyenvien');
  head = await loggedIn(server.base, 'truongphong');
  leader = await loggedIn(server.base, 'lanhdao');
  await plan(YEAR);
  const id = await item(YEAR, 'LD-01');
  assertError(await head.post(`/api/v1/review/items/${id}/submit`, {}), 409, 'REVIEW_CRITERIA_MISSING', 'necessity.verdict');
  assert.equal((await head.put(`/api/v1/review/items/${id}`, { necessity: { verdict: 'meets' }, legality: { verdict: 'fails' } })).status, 200);
  const r = await head.post(`/api/v1/review/items/${id}/submit`, {});
  assertError(r, 409, 'REVIEW_CRITERIA_MISSING', 'reasonableness.verdict');
  const f = (await head.get(`/api/v1/review/items/${id}`)).json;
  assert.equal(f.state, 'draft', 'nothing changed');
  assert.equal(f.measure.frozen, false);
  assert.equal((await head.put(`/api/v1/review/items/${id}`, VERDICTS)).status, 200);
  const s = await head.post(`/api/v1/review/items/${id}/submit`, {});
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.state, 'submitted');
});

test('a plan item goes to a unit that can fill the form; the office corrects or removes it until it is sent', async () => {
  for (const u of ['VP', 'BQL']) {
    assertError(await office.post(`/api/v1/review/plans/${YEAR}/items`, { procedure: 'LD-03', unit: u, due: `${YEAR}-06-30` }), 400, 'REVIEW_UNIT_NO_REVIEWER', 'unit');
  }
  assert.equal((await office.get(`/api/v1/review/plans/${YEAR}`)).json.forms.length, 1, 'nothing added');
  const id = await item(YEAR, 'LD-03');
  const path = `/api/v1/review/items/${id}/plan`;
  assertError(await unit.put(path, { unit: 'QLDT' }), 403, 'FORBIDDEN');
  assertError(await office.put(path, { unit: 'VP' }), 400, 'REVIEW_UNIT_NO_REVIEWER', 'unit');
  assertError(await office.put(path, { unit: 'NOPE' }), 404, 'UNIT_NOT_FOUND', 'unit');
  assertError(await office.put(path, { due: '30/09/2027' }), 400, 'FIELD_INVALID', 'due');
  let f = (await office.get(`/api/v1/review/items/${id}`)).json;
  assert.deepEqual([f.unit.code, f.due], ['DNLD', `${YEAR}-06-30`], 'nothing changed');
  let r = await office.put(path, { unit: 'QLDT', due: `${YEAR}-09-30` });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.unit.code, r.json.due], ['QLDT', `${YEAR}-09-30`]);
  assertError(await unit.get(`/api/v1/review/items/${id}`), 403, 'REVIEW_NOT_YOUR_UNIT');
  r = await office.put(path, { due: `${YEAR}-10-31` });
  assert.deepEqual([r.json.unit.code, r.json.due], ['QLDT', `${YEAR}-10-31`], 'the unit kept');
  // A draft with a proposal is removed with it.
  const other = await loggedIn(server.base, 'chuyenvien.qldt');
  assert.equal((await other.post(`/api/v1/review/items/${id}/proposals`, { kind: 'other', text: 'x', other_costs: 0 })).status, 201);
  assertError(await unit.del(`/api/v1/review/items/${id}`), 403, 'FORBIDDEN');
  r = await office.del(`/api/v1/review/items/${id}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { id, deleted: true });
  assertError(await office.get(`/api/v1/review/items/${id}`), 404, 'REVIEW_ITEM_NOT_FOUND');
  assertError(await office.del(`/api/v1/review/items/${id}`), 404, 'REVIEW_ITEM_NOT_FOUND');
  // The form sent in the first test: kept as it is.
  const sent = (await office.get(`/api/v1/review/plans/${YEAR}`)).json.forms[0];
  assert.equal(sent.state, 'submitted');
  assertError(await office.put(`/api/v1/review/items/${sent.id}/plan`, { due: `${YEAR}-12-31` }), 409, 'REVIEW_STATE');
  assertError(await office.del(`/api/v1/review/items/${sent.id}`), 409, 'REVIEW_STATE');
  // Sent once and returned: still kept (it was submitted).
  assert.equal((await office.post(`/api/v1/review/items/${sent.id}/return`, { note: 'Bổ sung' })).status, 200);
  assertError(await office.del(`/api/v1/review/items/${sent.id}`), 409, 'REVIEW_STATE');
  f = (await office.get(`/api/v1/review/items/${sent.id}`)).json;
  assert.equal(f.due, `${YEAR}-06-30`);
  assert.equal((await head.post(`/api/v1/review/items/${sent.id}/submit`, {})).status, 200);
});

test('codes in any case; a due date inside the plan\'s window', async () => {
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  for (const due of ['1990-01-01', `${YEAR + 1}-01-01`]) {
    assertError(await office.post(`/api/v1/review/plans/${YEAR}/items`, { procedure: 'LD-02', due }), 400, 'FIELD_RANGE', 'due');
  }
  assert.equal((await office.get(`/api/v1/review/plans/${YEAR}`)).json.forms.length, 1, 'nothing added');
  const r = await office.post(`/api/v1/review/plans/${YEAR}/items`, { procedure: 'ld-02', unit: 'qldt', due: today });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.procedure.code, r.json.unit.code, r.json.due], ['LD-02', 'QLDT', today]);
  assertError(await office.post(`/api/v1/review/plans/${YEAR}/items`, { procedure: 'Ld-02', due: today }), 409, 'REVIEW_ITEM_EXISTS', 'procedure');
  const path = `/api/v1/review/items/${r.json.id}/plan`;
  assertError(await office.put(path, { due: '1990-01-01' }), 400, 'FIELD_RANGE', 'due');
  const c = await office.put(path, { unit: 'dnld', due: `${YEAR}-12-31` });
  assert.equal(c.status, 200, c.text);
  assert.deepEqual([c.json.unit.code, c.json.due], ['DNLD', `${YEAR}-12-31`]);
});

test('a proposal that raises the cost says so; an activity of 1000 hours × 100 a dossier is refused', async () => {
  const id = (await office.get(`/api/v1/review/plans/${YEAR}`)).json.forms.find((f) => f.procedure.code === 'LD-02').id;
  const dnld = await loggedIn(server.base, 'chuyenvien');
  const prep = { activity: 'prepare', seconds: 3600, times_milli: 1000 };
  let r = await dnld.put(`/api/v1/review/items/${id}`, { activities: [prep], dossiers_per_year: 100 });
  assert.equal(r.status, 200, r.text);
  const huge = { activity: 'prepare', seconds: 3600000, times_milli: 100000 };
  assertError(await dnld.put(`/api/v1/review/items/${id}`, { activities: [huge] }), 400, 'FIELD_RANGE', 'activities[0].times_milli');
  assertError(await dnld.post(`/api/v1/review/items/${id}/proposals`, { kind: 'other', text: 'x', activities: [huge] }), 400, 'FIELD_RANGE', 'activities[0].times_milli');
  r = await dnld.get(`/api/v1/review/items/${id}`);
  assert.equal(r.json.proposals.length, 0, 'nothing added');
  assert.equal(r.json.cost.activities.find((a) => a.activity === 'prepare').seconds, 3600, 'nothing changed');
  r = await dnld.post(`/api/v1/review/items/${id}/proposals`, { kind: 'other', text: 'Thêm bước', activities: [{ activity: 'prepare', seconds: 7200 }] });
  assert.equal(r.status, 201, r.text);
  let p = r.json.proposals[0];
  assert.ok(p.saving < 0, `a cost increase: ${p.saving}`);
  assert.equal(p.raises_cost, true);
  r = await dnld.post(`/api/v1/review/items/${id}/proposals`, { kind: 'move_online', text: 'Trực tuyến', activities: [{ activity: 'prepare', seconds: 1800 }] });
  p = r.json.proposals[1];
  assert.ok(p.saving > 0);
  assert.equal(p.raises_cost, false);
});

test('the signed PDF only once a leader adopted a proposal; the XLSX at any time', async () => {
  for (const who of [office, leader]) {
    assertError(await who.get(`/api/v1/review/plans/${YEAR}/report?format=pdf`), 409, 'REVIEW_NOTHING_ADOPTED');
  }
  const url = `/api/v1/review/plans/${YEAR}/report?format=xlsx`;
  const res = await fetch(server.base + url, { headers: { cookie: office.cookie } });
  assert.equal(res.status, 200);
});
