// The injected clock over HTTP (config testing.clock_api): sessions expire by
// the server's clock, the route is absent unless enabled; plus registration
// details (one form of a branch tax code) and Retry-After when throttled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, assertError, Client } from './helpers.mjs';

const env = useServer({ args: ['--testing.clock_api', 'true'] });

async function setClock(body) {
  const r = await new Client(env.base).put('/api/v1/testing/clock', body);
  assert.equal(r.status, 200, r.text);
  return r.json.now_ms;
}

test('a session ends when the server clock passes its expiry (12 h)', async () => {
  const t0 = Date.UTC(2026, 0, 5, 1, 0); // 08:00 local, Monday 5 January 2026
  assert.equal(await setClock({ now_ms: t0 }), t0);
  const c = await loggedIn(env.base, 'chuyenvien');
  assert.equal((await c.get('/api/v1/auth/me')).status, 200);
  await setClock({ now_ms: t0 + 11 * 3600e3 });
  assert.equal((await c.get('/api/v1/auth/me')).status, 200);
  await setClock({ now_ms: t0 + 12 * 3600e3 + 1000 });
  assert.deepEqual((await c.get('/api/v1/auth/me')).json, { user: null });
  assertError(await c.get('/api/v1/me/dossiers'), 401, 'UNAUTHENTICATED');
  await setClock({ now_ms: 0 });
});

test('bad clock bodies are refused and name the field', async () => {
  const c = new Client(env.base);
  assertError(await c.put('/api/v1/testing/clock', { now_ms: 'soon' }), 400, 'FIELD_TYPE', 'now_ms');
  assertError(await c.put('/api/v1/testing/clock', { later: 1 }), 400, 'FIELD_UNKNOWN', 'later');
});

test('a branch tax code written with or without its dash is one organisation', async () => {
  const c = new Client(env.base);
  const base = { kind: 'organisation', full_name: 'Công ty TNHH Minh Long – Chi nhánh Hà Nam', email: 'cn@minhlong.vn', password: 'mat-khau-dai' };
  let r = await c.post('/api/v1/auth/register', { ...base, tax_code: '0101243150-001', username: 'minhlong-cn' });
  assert.equal(r.status, 202, r.text);
  r = await c.post('/api/v1/auth/register', { ...base, tax_code: '0101243150001', username: 'minhlong-cn2' });
  assert.equal(r.status, 202, r.text); // a claim only: two accounts may claim one number
  // One number whatever the spelling: verifying the first account at the desk
  // (typed without the dash) makes the second one's claim unverifiable.
  const desk = await loggedIn(env.base, 'tiepnhan');
  r = await desk.post('/api/v1/accounts/minhlong-cn/verification', { tax_code: '0101243150001', evidence: 'Giấy chứng nhận đăng ký hoạt động chi nhánh' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.tax_code, '0101243150001');
  r = await desk.post('/api/v1/accounts/minhlong-cn2/verification', { tax_code: '0101243150-001', evidence: 'GCN' });
  assertError(r, 409, 'IDENTITY_VERIFIED_ELSEWHERE', 'tax_code');
});

test('a throttled log-in says when to try again: 1 s, then twice as long each time', async () => {
  const t0 = Date.UTC(2026, 0, 6, 2, 0);
  await setClock({ now_ms: t0 });
  const c = new Client(env.base);
  for (let i = 0; i < 5; i++) assert.equal((await c.login('vanphong', 'wrong-password')).status, 401);
  let r = await c.login('vanphong', 'wrong-password');
  assertError(r, 429, 'LOGIN_THROTTLED');
  assert.equal(r.headers.get('retry-after'), '1');
  // Each wait over, one more try is looked at, and the next wait doubles.
  let t = t0;
  for (const wait of [1, 2, 4, 8, 16]) {
    t += wait * 1000;
    await setClock({ now_ms: t - 1 });
    assertError(await c.login('vanphong', 'wrong-password'), 429, 'LOGIN_THROTTLED');
    await setClock({ now_ms: t });
    assertError(await c.login('vanphong', 'wrong-password'), 401, 'LOGIN_FAILED');
    r = await c.login('vanphong', 'wrong-password');
    assertError(r, 429, 'LOGIN_THROTTLED');
    assert.equal(r.headers.get('retry-after'), String(wait * 2));
  }
  // Never longer than login.max_backoff_minutes (15).
  for (let i = 0; i < 8; i++) {
    t += 15 * 60 * 1000;
    await setClock({ now_ms: t });
    assertError(await c.login('vanphong', 'wrong-password'), 401, 'LOGIN_FAILED');
  }
  r = await c.login('vanphong', 'wrong-password');
  assert.equal(r.headers.get('retry-after'), '900');
  // The right password, once the wait is over, opens the session.
  await setClock({ now_ms: t + 900 * 1000 });
  assert.equal((await c.login('vanphong')).status, 200);
  await setClock({ now_ms: 0 });
});
