// A database that fails under a read the handler made itself used to come
// out as something else: a counter that "does not exist" (404
// QUEUE_COUNTER_NOT_FOUND), a log-in that succeeds with no unit. Those
// reads are use cases now (issue 11, item 2), and a failure is DB_ERROR,
// 503, like every other. The failure is made by renaming a table under the
// running server (the sqlite3 or psql tool), and undone after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../lib/motcua.mjs';
import { useServer, loggedIn, assertError, dbSql } from './helpers.mjs';

const env = useServer({ args: ['--http.metrics_token', 'test-metrics-token'] });

function sql(text) {
  dbSql(env.server.db.url, text);
}

/** Runs fn while table is missing (renamed), and puts it back. */
async function withoutTable(table, fn) {
  sql(`ALTER TABLE ${table} RENAME TO ${table}_gone`);
  try {
    return await fn();
  } finally {
    sql(`ALTER TABLE ${table}_gone RENAME TO ${table}`);
  }
}

test('a counter that cannot be read is DB_ERROR, not QUEUE_COUNTER_NOT_FOUND', async () => {
  const admin = await loggedIn(env.base, 'admin');
  let r = await admin.post('/api/v1/queue/units/VP/counters', { number: 9, name: 'Quầy 9', services: [] });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  r = await withoutTable('queue_counters', () => admin.put(`/api/v1/queue/counters/${id}`, { number: 9, name: 'Quầy chín', services: [] }));
  assertError(r, 503, 'DB_ERROR');
  // The database's own words (tables, columns, values) go to the log only.
  assert.equal(r.json.error.detail, undefined, r.text);
  assert.ok(!/queue_counters|sqlite|postgresql/i.test(r.text), r.text);
  // Once the table is back, the same request works and a missing counter is 404.
  r = await admin.put(`/api/v1/queue/counters/${id}`, { number: 9, name: 'Quầy chín', services: [] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.name, 'Quầy chín');
  assertError(await admin.put('/api/v1/queue/counters/424242', { number: 9, services: [] }), 404, 'QUEUE_COUNTER_NOT_FOUND', 'id');
});

// Units are kept in memory while their version in cache_versions stays
// (issue 16): the version is read first, so a unit cannot be read when
// neither can.
const withoutUnits = (fn) => withoutTable('cache_versions', () => withoutTable('units', fn));

test('a log-in whose unit cannot be read is DB_ERROR, not a user without a unit', async () => {
  const c = new Client(env.base);
  const r = await withoutUnits(() => c.login('tiepnhan'));
  assertError(r, 503, 'DB_ERROR');
  assert.equal(r.headers.get('set-cookie'), null, 'no session cookie with the error');
  // And /auth/me of a session opened before the failure.
  const s = await loggedIn(env.base, 'tiepnhan');
  assert.equal(typeof s.csrf, 'string');
  const me = await withoutUnits(() => s.get('/api/v1/auth/me'));
  assertError(me, 503, 'DB_ERROR');
  const ok = await s.get('/api/v1/auth/me');
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.user.unit.code, 'VP');
});

test('a citizen\'s /auth/me whose identity cannot be read is DB_ERROR, not a user without one', async () => {
  const c = await loggedIn(env.base, 'congdan');
  const me = await withoutTable('account_verifications', () => c.get('/api/v1/auth/me'));
  assertError(me, 503, 'DB_ERROR');
  const ok = await c.get('/api/v1/auth/me');
  assert.equal(ok.status, 200, ok.text);
  assert.ok('verified' in ok.json.user, ok.text);
});

test('/metrics still counts the database failures (the http layer gets them through its hook)', async () => {
  const c = new Client(env.base);
  const r = await c.get('/metrics', { authorization: 'Bearer test-metrics-token' });
  assert.equal(r.status, 200, r.text);
  const m = /^motcua_db_errors_total (\d+)$/m.exec(r.text);
  assert.ok(m, 'motcua_db_errors_total is there');
  assert.ok(Number(m[1]) >= 1, `the failures above are counted: ${m[1]}`);
  assert.match(r.text, /^motcua_db_retries_total \d+$/m);
});
