// One citizen account cannot flood the desk with online dossiers (issue 10,
// next to item 6's registration and ticket limits): past
// submit.per_account_per_hour a submission gets 429 RATE_LIMITED with
// Retry-After; a refused form counts nothing; another account and the desk
// are not held up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, assertError, seedProcedure, onlineComponents } from './helpers.mjs';

const env = useServer({ args: ['--submit.per_account_per_hour', '3'] });
const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const body = async (c, over = {}) => ({
  procedure_code: 'LD-02', applicant: me,
  components: over.components || await onlineComponents(c, LD02), ...over,
});

test('past submit.per_account_per_hour an account waits; refused forms count nothing', async () => {
  const c = await loggedIn(env.base, 'congdan');
  for (let i = 0; i < 5; i++) assertError(await c.post('/api/v1/dossiers', await body(c, { procedure_code: 'NO-SUCH', components: [] })), 404, 'PROCEDURE_NOT_FOUND');
  for (let i = 0; i < 3; i++) assert.equal((await c.post('/api/v1/dossiers', await body(c))).status, 201, `submission ${i + 1}`);
  const r = await c.post('/api/v1/dossiers', await body(c));
  assertError(r, 429, 'RATE_LIMITED');
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(wait > 3000 && wait <= 3600, `Retry-After ${r.headers.get('retry-after')}`);
  // Twice in a row: still refused, nothing made.
  assertError(await c.post('/api/v1/dossiers', await body(c)), 429, 'RATE_LIMITED');
  const mine = await c.get('/api/v1/me/dossiers');
  assert.equal(mine.status, 200, mine.text);
  const n = (mine.json.items || mine.json.dossiers || mine.json).length;
  assert.equal(n, 3, mine.text.slice(0, 300));
  // The desk receives as ever.
  const desk = await loggedIn(env.base, 'tiepnhan');
  const d = await desk.post('/api/v1/dossiers', await body(desk, { components: LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' })) }));
  assert.equal(d.status, 201, d.text);
});
