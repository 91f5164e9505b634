// Lockout as denial of service (issue 10, item 6): a stranger's wrong
// passwords from one address do not lock the owner out from another; parallel
// guesses are looked at no more than the limit; an unknown user and a wrong
// password are answered alike; registration does not tell whether a user
// name has an account (the owner is told by e-mail); weak passwords are
// refused; registrations and kiosk tickets are limited per address; and
// sixteen parallel registrations stay within memory (Argon2id in flight is
// bounded). Clients take distinct loopback addresses (127.0.0.x, bound as the
// socket's local address) so that each test is its own stranger; behind a
// trusted proxy, X-Forwarded-For tells them apart instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { startServer, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';

const env = { server: null, sink: null };
before(async () => {
  env.sink = await startSmtpSink();
  env.server = await startServer({
    args: ['--worker.interval_seconds', '1', '--smtp.url', env.sink.url, '--smtp.from', 'motcua@example.vn',
      // A first wait long enough that no test outlives it by chance
      // (the doubling itself is checked with the test clock in clock.test.mjs).
      '--login.backoff_seconds', '60', '--queue.tickets_per_ip_per_hour', '5'],
  });
});
after(async () => {
  if (env.server) await env.server.stop();
  if (env.sink) await env.sink.close();
});

/** One request from the local address `from`; JSON body in and out. */
function call(base, from, method, path, body, extra = {}) {
  const u = new URL(base);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers = payload ? { 'content-type': 'application/json', 'content-length': payload.length, ...extra } : { ...extra };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers, localAddress: from, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json = null;
        try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
const login = (from, username, password = DEMO_PASSWORD) =>
  call(env.server.base, from, 'POST', '/api/v1/auth/login', { username, password });
const register = (from, body) => call(env.server.base, from, 'POST', '/api/v1/auth/register', body);

function assertCode(r, status, code, field) {
  assert.equal(r.status, status, `${status} ${code}: ${r.status} ${r.text}`);
  assert.equal(r.json && r.json.error && r.json.error.code, code, r.text);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
}

function retryAfter(r) {
  const v = r.headers['retry-after'];
  assert.match(v || '', /^[1-9]\d*$/, `Retry-After on ${r.status}: ${v}`);
  return Number(v);
}

let serial = 0;
function person(over = {}) {
  serial++;
  return {
    kind: 'person',
    id_number: `0010990${String(60000 + serial)}`,
    full_name: 'Phạm Thị Khóa',
    email: `khoa${serial}@example.vn`,
    username: `khoa${serial}`,
    password: 'Dai-va-kho-doan-42',
    ...over,
  };
}

test('a stranger\'s wrong passwords do not lock the owner out from another address', async () => {
  // The stranger at 127.0.0.2: five tries are looked at, then it must wait.
  for (let i = 0; i < 5; i++) assertCode(await login('127.0.0.2', 'tiepnhan', `guess-${i}`), 401, 'LOGIN_FAILED');
  for (let i = 0; i < 15; i++) {
    const r = await login('127.0.0.2', 'tiepnhan', `guess-more-${i}`);
    assertCode(r, 429, 'LOGIN_THROTTLED');
    const wait = retryAfter(r);
    assert.ok(wait > 1 && wait <= 60, `Retry-After ${wait}`);
  }
  // Even the right password waits there...
  assertCode(await login('127.0.0.2', 'tiepnhan'), 429, 'LOGIN_THROTTLED');
  // ... but the owner, elsewhere, logs in at once.
  const owner = await login('127.0.0.1', 'tiepnhan');
  assert.equal(owner.status, 200, owner.text);
  assert.equal((await login('127.0.0.3', 'tiepnhan')).status, 200);
  // And the stranger's address is not locked out of other accounts.
  assert.equal((await login('127.0.0.2', 'lanhdao')).status, 200);
});

test('X-Forwarded-For names the client only from a trusted proxy', async () => {
  // Not trusted (no http.trusted_proxies): a guesser cannot pass for a new
  // client by writing the header.
  for (let i = 0; i < 5; i++) {
    const r = await call(env.server.base, '127.0.0.13', 'POST', '/api/v1/auth/login', { username: 'vanphong', password: `x-${i}` },
      { 'x-forwarded-for': `198.51.100.${i + 1}` });
    assertCode(r, 401, 'LOGIN_FAILED');
  }
  const spoofed = await call(env.server.base, '127.0.0.13', 'POST', '/api/v1/auth/login', { username: 'vanphong', password: 'x-5' },
    { 'x-forwarded-for': '198.51.100.99' });
  assertCode(spoofed, 429, 'LOGIN_THROTTLED');
  // Behind a trusted proxy, the stranger and the owner are told apart by it.
  const proxied = await startServer({ args: ['--http.trusted_proxies', '127.0.0.1', '--login.backoff_seconds', '60'] });
  try {
    const via = (client, password) => call(proxied.base, '127.0.0.1', 'POST', '/api/v1/auth/login', { username: 'tiepnhan', password },
      { 'x-forwarded-for': client });
    for (let i = 0; i < 5; i++) assertCode(await via('203.0.113.5', `guess-${i}`), 401, 'LOGIN_FAILED');
    assertCode(await via('203.0.113.5', DEMO_PASSWORD), 429, 'LOGIN_THROTTLED');
    assert.equal((await via('198.51.100.7', DEMO_PASSWORD)).status, 200);
  } finally {
    await proxied.stop();
  }
});

test('48 parallel guesses are looked at no more than the limit (5)', async () => {
  const replies = await Promise.all(Array.from({ length: 48 }, (_, i) => login('127.0.0.4', 'truongphong', `parallel-${i}`)));
  const looked = replies.filter((r) => r.status === 401);
  const refused = replies.filter((r) => r.status === 429);
  // A guess turned away because every hashing slot is taken was not looked at either.
  const busy = replies.filter((r) => r.status === 503);
  for (const r of busy) assertCode(r, 503, 'AUTH_BUSY');
  assert.equal(looked.length + refused.length + busy.length, 48, replies.map((r) => r.status).join(' '));
  assert.ok(looked.length <= 5, `${looked.length} guesses were looked at`);
  assert.ok(looked.length >= 1);
  for (const r of refused) { assertCode(r, 429, 'LOGIN_THROTTLED'); retryAfter(r); }
  assert.equal((await login('127.0.0.1', 'truongphong')).status, 200);
});

test('an unknown user and a wrong password are answered alike, after as long', async () => {
  const timed = async (username) => {
    const t = process.hrtime.bigint();
    const r = await login('127.0.0.5', username, 'not-the-password-1');
    return { r, ms: Number(process.hrtime.bigint() - t) / 1e6 };
  };
  const wrong = [], unknown = [];
  for (let i = 0; i < 3; i++) {
    wrong.push(await timed('chuyenvien'));
    unknown.push(await timed('nobody-at-all'));
  }
  for (const x of [...wrong, ...unknown]) assertCode(x.r, 401, 'LOGIN_FAILED');
  assert.equal(unknown[0].r.text, wrong[0].r.text);
  assert.deepEqual(Object.keys(unknown[0].r.headers).sort(), Object.keys(wrong[0].r.headers).sort());
  // An unknown user costs a hash too: not answered at once.
  const median = (xs) => xs.map((x) => x.ms).sort((a, b) => a - b)[1];
  assert.ok(median(unknown) > 0.3 * median(wrong), `unknown ${median(unknown)} ms, wrong ${median(wrong)} ms`);
});

test('registering a taken username is answered like a free one; the owner is told by e-mail', async () => {
  const fresh = person();
  const free = await register('127.0.0.6', fresh);
  assert.equal(free.status, 202, free.text);
  assert.deepEqual(free.json, { status: 'check_email' });
  // A demo citizen's user name, by a stranger with his own e-mail: the same
  // answer, and no account made.
  const byName = await register('127.0.0.6', person({ username: 'congdan', email: 'stranger1@example.vn' }));
  assert.equal(byName.status, free.status);
  assert.equal(byName.text, free.text);
  assert.deepEqual(Object.keys(byName.headers).sort(), Object.keys(free.headers).sort());
  assertCode(await login('127.0.0.6', 'congdan', 'Dai-va-kho-doan-42'), 401, 'LOGIN_FAILED');
  // An ID number that has an account only claims it (identity.test.mjs):
  // answered alike too.
  const byId = await register('127.0.0.6', person({ id_number: fresh.id_number }));
  assert.equal(byId.text, free.text);

  // The new account is welcomed; the owner of the taken name is told; the
  // stranger's address gets nothing.
  const [welcome] = await env.sink.waitFor((m) => String(m.to).includes(fresh.email) && m.subject.includes('đã được tạo'));
  assert.match(welcome.body, new RegExp(`tên đăng nhập ${fresh.username}`));
  const [toOwner] = await env.sink.waitFor((m) => String(m.to).includes('congdan@example.vn'));
  assert.match(toOwner.subject, /trùng với tài khoản của ông\/bà/);
  assert.match(toOwner.body, /tên đăng nhập congdan/);
  assert.match(toOwner.body, /Không có tài khoản mới nào được tạo/);
  // Twice in a day: the owner is not flooded.
  await register('127.0.0.6', person({ username: 'congdan', email: 'stranger3@example.vn' }));
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(env.sink.messages.filter((m) => String(m.to).includes('congdan@example.vn')).length, 1);
  assert.ok(!env.sink.messages.some((m) => String(m.to).includes('stranger')), 'a stranger was mailed');
});

test('a password that is or holds the user name, or is common, is PASSWORD_WEAK on password', async () => {
  const good = person({ username: 'nguyenminhanh' });
  for (const password of ['NguyenMinhAnh', 'xx-NGUYENminhanh-99', 'iloveyou', 'Password1', 'matkhau123', 'QWERTYUIOP']) {
    assertCode(await register('127.0.0.12', { ...good, password }), 400, 'PASSWORD_WEAK', 'password');
  }
  // Nothing was written: the name registers with a good password.
  assert.equal((await register('127.0.0.12', good)).status, 202);
  assert.equal((await login('127.0.0.12', good.username, good.password)).status, 200);
});

test('registrations from one address are limited per hour (register.per_ip_per_hour 20)', async () => {
  // Forms that are not valid count nothing: a citizen on the office's
  // shared connection who mistypes uses up no one's registrations.
  const bad = { ...person(), kind: 'alien' };
  for (let i = 0; i < 25; i++) assertCode(await register('127.0.0.7', bad), 400, 'FIELD_INVALID', 'kind');
  for (let i = 0; i < 20; i++) assert.equal((await register('127.0.0.7', person())).status, 202, `registration ${i + 1}`);
  const r = await register('127.0.0.7', person());
  assertCode(r, 429, 'RATE_LIMITED');
  const wait = retryAfter(r);
  assert.ok(wait > 3000 && wait <= 3600, `Retry-After ${wait}`);
  // Another address is not held up.
  assert.equal((await register('127.0.0.8', person())).status, 202);
});

test('kiosk tickets from one address are limited per hour', async () => {
  const admin = await login('127.0.0.1', 'admin');
  assert.equal(admin.status, 200, admin.text);
  const cookie = admin.headers['set-cookie'][0].split(';')[0];
  const csrf = admin.json.csrf_token;
  const u = new URL(env.server.base);
  const adminCall = (method, path, body) => new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = http.request({ host: u.hostname, port: u.port, method, path, agent: false,
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', 'content-length': payload.length } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(text || 'null'), text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
  let r = await adminCall('PUT', '/api/v1/queue/units/VP/desk', { always_open: true });
  assert.equal(r.status, 200, r.text);
  r = await adminCall('POST', '/api/v1/queue/units/VP/services', { prefix: 'K', name: 'Kiosk', name_en: 'Kiosk' });
  assert.equal(r.status, 201, r.text);
  const service = r.json.id;
  const ticket = (from) => call(env.server.base, from, 'POST', '/api/v1/queue/units/VP/tickets', { service });
  for (let i = 0; i < 5; i++) assert.equal((await ticket('127.0.0.9')).status, 201);
  r = await ticket('127.0.0.9');
  assertCode(r, 429, 'RATE_LIMITED');
  assert.ok(retryAfter(r) > 3000);
  assert.equal((await ticket('127.0.0.10')).status, 201);
});

test('sixteen parallel registrations keep the server under 300 MB (Argon2id in flight is bounded)', async () => {
  const server = await startServer({ args: ['--password.max_wait_ms', '20000'] });
  try {
    // 20 ms apart, each sent as it connects: a server thread busy hashing
    // accepts no more, so the requests spread over the threads and hash at
    // once (all sixteen at the same moment land on one thread). Without the
    // bound this reaches about 1 GB (password.max_parallel 16: 982 MB).
    const pending = [];
    for (let i = 0; i < 16; i++) {
      pending.push(call(server.base, '127.0.0.11', 'POST', '/api/v1/auth/register', person({ username: `memory${i}` })));
      await new Promise((r) => setTimeout(r, 20));
    }
    const replies = await Promise.all(pending);
    for (const r of replies) {
      if (r.status === 503) { assertCode(r, 503, 'AUTH_BUSY'); retryAfter(r); } else assert.equal(r.status, 202, r.text);
    }
    assert.ok(replies.filter((r) => r.status === 202).length >= 8, replies.map((r) => r.status).join(' '));
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const peak = Number(status.match(/VmHWM:\s+(\d+) kB/)[1]) / 1024;
    assert.ok(peak < 300, `peak RSS ${peak.toFixed(0)} MB`);
  } finally {
    await server.stop();
  }
});
