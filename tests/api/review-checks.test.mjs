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
