// GET /api/v1/units/{code}/officers: the officers a dossier can be assigned
// or transferred to — the unit's active staff, optionally only those with
// a role; staff only; an unknown unit or role named in the error; disabled
// accounts left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { useServer, loggedIn, assertError, Client } from './helpers.mjs';

const env = useServer();

/** Runs SQL on the server's database (SQLite or PostgreSQL). */
function sql(text) {
  const url = env.server.db.url;
  if (url.startsWith('sqlite:')) return execFileSync('sqlite3', ['-cmd', '.timeout 10000', url.slice(7), text], { encoding: 'utf8' });
  return execFileSync('psql', [url, '-qAtc', text], { encoding: 'utf8' });
}

test('the officers of a unit, by user name, with their roles', async () => {
  const c = await loggedIn(env.base, 'tiepnhan');
  const r = await c.get('/api/v1/units/DNLD/officers');
  assert.equal(r.status, 200, r.text);
  for (const o of r.json.items) assert.ok(Number.isInteger(o.id) && o.id > 0, JSON.stringify(o));
  assert.deepEqual(r.json.items.map(({ id, ...rest }) => rest), [
      { username: 'chuyenvien', full_name: 'Trần Văn Minh', roles: ['specialist'] },
      { username: 'truongphong', full_name: 'Lê Thị Hương', roles: ['head'] },
  ]);
  const vp = await c.get('/api/v1/units/VP/officers');
  assert.deepEqual(vp.json.items.map((o) => o.username), ['tiepnhan', 'vanphong']);
});

test('?role= keeps only the officers holding that role', async () => {
  const c = await loggedIn(env.base, 'chuyenvien');
  const r = await c.get('/api/v1/units/DNLD/officers?role=specialist');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((o) => o.username), ['chuyenvien']);
  const none = await c.get('/api/v1/units/DNLD/officers?role=leader');
  assert.deepEqual(none.json, { items: [] });
});

test('an unknown unit is 404 and an unknown role 400, each naming the field', async () => {
  const c = await loggedIn(env.base, 'truongphong');
  assertError(await c.get('/api/v1/units/NOPE/officers'), 404, 'UNIT_NOT_FOUND', 'unit');
  assertError(await c.get(`/api/v1/units/${'X'.repeat(200)}/officers`), 404, 'UNIT_NOT_FOUND', 'unit');
  assertError(await c.get('/api/v1/units/DNLD/officers?role=boss'), 400, 'BAD_QUERY', 'role');
  assertError(await c.get('/api/v1/units/DNLD/officers?role='), 400, 'BAD_QUERY', 'role');
});

test('only staff may list officers', async () => {
  assertError(await new Client(env.base).get('/api/v1/units/DNLD/officers'), 401, 'UNAUTHENTICATED');
  const citizen = await loggedIn(env.base, 'congdan');
  assertError(await citizen.get('/api/v1/units/DNLD/officers'), 403, 'FORBIDDEN');
});

test('a disabled account is not offered', async () => {
  const c = await loggedIn(env.base, 'lanhdao');
  sql("UPDATE users SET active = 0 WHERE username = 'truongphong'");
  try {
    const r = await c.get('/api/v1/units/DNLD/officers');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((o) => o.username), ['chuyenvien']);
  } finally {
    sql("UPDATE users SET active = 1 WHERE username = 'truongphong'");
  }
});
