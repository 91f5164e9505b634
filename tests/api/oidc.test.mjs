// Identity verification and log-in through an OpenID Connect provider
// (issue 10): a stand-in provider (tests/lib/oidc-provider.mjs) on 127.0.0.1
// approves a configured user; motcua runs the authorization code flow with
// PKCE, checks the ID token and then verifies the logged-in account for the
// ID number of the token, logs in the account verified for it, or creates
// one. Forged or broken answers (wrong signature, audience, issuer, nonce,
// expired, alg none, a state not from this browser, a flow older than its
// 10 minutes by the server's clock) are a clear 4xx and
// change nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, assertError, Client, assertFetched } from './helpers.mjs';
import { startProvider } from '../lib/oidc-provider.mjs';

const idp = await startProvider();
after(() => idp.stop());
const env = useServer({ args: ['--oidc.issuer', idp.issuer, '--oidc.client_id', idp.clientId,
  '--oidc.client_secret', idp.clientSecret, '--oidc.id_claim', 'id_number', '--testing.clock_api', 'true'] });

/** A browser's view of one flow: start (with the session cookie if any), the provider, the callback. */
async function flow(client, { tamper, beforeCallback } = {}) {
  const headers = client && client.cookie ? { cookie: client.cookie } : {};
  const start = await fetch(`${env.base}/api/v1/auth/oidc/start`, { headers, redirect: 'manual' });
  await assertFetched('GET', start.url, start);
  assert.equal(start.status, 302, await start.text());
  const location = new URL(start.headers.get('location'));
  assert.equal(location.origin + location.pathname, `${idp.issuer}/authorize`);
  assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
  assert.match(location.searchParams.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  assert.ok(location.searchParams.get('nonce'));
  const bind = (start.headers.get('set-cookie') || '').match(/motcua_oidc=([^;]+)/);
  assert.ok(bind, 'no binding cookie');
  assert.match(start.headers.get('set-cookie'), /HttpOnly/);
  const auth = await fetch(location, { redirect: 'manual' });
  assert.equal(auth.status, 302, await auth.text());
  const back = new URL(auth.headers.get('location'));
  let cb = `${env.base}/api/v1/auth/oidc/callback${back.search}`;
  let cookie = `motcua_oidc=${bind[1]}`;
  if (tamper) [cb, cookie] = tamper(cb, cookie);
  if (beforeCallback) await beforeCallback();
  // The provider's redirect is a cross-site navigation: the session cookie
  // (SameSite=Strict) does not come with it, only the binding cookie (Lax).
  const r = await fetch(cb, { headers: { cookie }, redirect: 'manual' });
  await assertFetched('GET', cb, r);
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* a redirect */ }
  return { status: r.status, headers: r.headers, text, json, cb, cookie };
}

/** A session cookie set by a reply, as a Client. */
function clientFrom(r) {
  const m = (r.headers.get('set-cookie') || '').match(/motcua_session=([^;]+)/);
  if (!m) return null;
  const c = new Client(env.base);
  c.cookie = `motcua_session=${m[1]}`;
  return c;
}

async function register(username, idNumber) {
  const c = new Client(env.base);
  const r = await c.post('/api/v1/auth/register', { kind: 'person', id_number: idNumber, full_name: 'Đinh Thị Thử',
    email: `${username}@example.vn`, username, password: 'mat-khau-rat-dai-2' });
  assert.equal(r.status, 202, r.text);
  assert.equal((await c.login(username, 'mat-khau-rat-dai-2')).status, 200);
  return c;
}

const desk = () => loggedIn(env.base, 'tiepnhan');
const verifiedOf = async (username) => (await (await desk()).get(`/api/v1/accounts/${username}`)).json.verified;

test('a logged-in citizen verifies their account through the provider', async () => {
  // The log-in page asks whether to offer the provider.
  const info = await new Client(env.base).get('/api/v1/auth/oidc');
  assert.equal(info.status, 200, info.text);
  assert.deepEqual(info.json, { enabled: true });
  const c = await register('xacthuc-oidc', '001095001111');
  assertError(await c.get('/api/v1/store'), 403, 'IDENTITY_NOT_VERIFIED');
  idp.mode = null;
  idp.user = { id_number: '001095001111', name: 'Đinh Thị Thử' };
  const r = await flow(c);
  assert.equal(r.status, 302, r.text);
  assert.equal(r.headers.get('location'), '/#/home');
  assert.ok(!/motcua_session=[^;]/.test(r.headers.get('set-cookie') || ''), 'a verification opens no new session');
  const me = await c.get('/api/v1/auth/me');
  assert.equal(me.json.user.verified.how, 'oidc');
  assert.equal((await c.get('/api/v1/store')).status, 200);
  const acc = (await (await desk()).get('/api/v1/accounts/xacthuc-oidc')).json;
  assert.equal(acc.verifications.length, 1);
  assert.equal(acc.verifications[0].how, 'oidc');
  assert.equal(acc.verifications[0].evidence, `${idp.issuer} sub=sub-001095001111`);
  // The token request authenticated with client_secret_basic and sent the PKCE verifier.
  const tok = idp.seen.filter((s) => s.path === '/token').at(-1);
  assert.match(tok.headers.authorization, /^Basic /);
  assert.match(tok.body, /code_verifier=[A-Za-z0-9_-]{43}/);
  assert.ok(!tok.body.includes(idp.clientSecret));
  // The flow is used up: its callback again is refused.
  const again = await fetch(r.cb, { headers: { cookie: r.cookie }, redirect: 'manual' });
  await assertFetched('GET', r.cb, again);
  assert.equal(again.status, 400);
  assert.equal((await again.json()).error.code, 'OIDC_STATE_INVALID');
});

test('without a session, the provider logs in the account verified for the number, or creates one', async () => {
  idp.mode = null;
  idp.user = { id_number: '079301002222', name: 'Phan Văn Mới', email: 'moi@example.vn' };
  let r = await flow(null);
  assert.equal(r.status, 302, r.text);
  let c = clientFrom(r);
  assert.ok(c, 'no session cookie');
  let me = await c.get('/api/v1/auth/me');
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.user.username, '079301002222');
  assert.equal(me.json.user.full_name, 'Phan Văn Mới');
  assert.equal(me.json.user.id_number, '079301002222');
  assert.deepEqual(me.json.user.roles, ['citizen']);
  assert.equal(me.json.user.verified.how, 'oidc');
  // The new account has no password one could guess.
  assert.equal((await new Client(env.base).login('079301002222', '!')).status, 401);
  // The second time, the same account.
  r = await flow(null);
  c = clientFrom(r);
  me = await c.get('/api/v1/auth/me');
  assert.equal(me.json.user.username, '079301002222');
  // The demo citizen (verified at the desk) is logged in by the provider too.
  idp.user = { id_number: '001090012345', name: 'Hoàng Văn An' };
  r = await flow(null);
  me = await clientFrom(r).get('/api/v1/auth/me');
  assert.equal(me.json.user.username, 'congdan');
});

test('forged or broken ID tokens are 401 OIDC_TOKEN_INVALID and change nothing', async () => {
  const c = await register('nan-nhan-oidc', '001095003333');
  idp.user = { id_number: '001095003333', name: 'Đinh Thị Thử' };
  for (const [mode, detail] of [['wrong-signature', 'signature'], ['wrong-aud', 'aud'], ['expired', 'exp'],
    ['wrong-nonce', 'nonce'], ['wrong-iss', 'iss'], ['alg-none', 'alg']]) {
    idp.mode = mode;
    const r = await flow(c);
    assert.equal(r.status, 401, `${mode}: ${r.status} ${r.text}`);
    assert.equal(r.json.error.code, 'OIDC_TOKEN_INVALID', mode);
    assert.equal(r.json.error.field, 'id_token', mode);
    assert.match(r.json.error.detail, new RegExp(detail), mode);
    assert.ok(!/motcua_session=[^;]/.test(r.headers.get('set-cookie') || ''), `${mode} opened a session`);
    assert.equal(await verifiedOf('nan-nhan-oidc'), null, `${mode} verified the account`);
  }
  // A forged token for a number nobody has opens no account either.
  idp.user = { id_number: '001095004444', name: 'Kẻ Giả Mạo' };
  idp.mode = 'wrong-signature';
  const r = await flow(null);
  assert.equal(r.status, 401);
  assertError(await (await desk()).get('/api/v1/accounts/001095004444'), 404, 'ACCOUNT_NOT_FOUND', 'username');
  idp.mode = null;
});

test('a state that is not this browser\'s, or changed, is 400 OIDC_STATE_INVALID and changes nothing', async () => {
  const c = await register('trang-thai', '001095005555');
  idp.user = { id_number: '001095005555', name: 'Đinh Thị Thử' };
  idp.mode = null;
  let r = await flow(c, { tamper: (cb, cookie) => [cb.replace(/state=[^&]+/, 'state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), cookie] });
  assertError({ ...r, headers: r.headers }, 400, 'OIDC_STATE_INVALID', 'state');
  // Another browser (without the binding cookie) finishing someone's flow.
  r = await flow(c, { tamper: (cb) => [cb, 'motcua_oidc=someone-elses'] });
  assertError(r, 400, 'OIDC_STATE_INVALID', 'state');
  r = await flow(c, { tamper: (cb) => [cb.replace(/state=[^&]+&?/, ''), 'x=y'] });
  assertError(r, 400, 'OIDC_STATE_INVALID', 'state');
  assert.equal(await verifiedOf('trang-thai'), null);
  // The provider refused: 403 OIDC_DENIED.
  idp.mode = 'deny';
  assertError(await flow(c), 403, 'OIDC_DENIED');
  // The provider does not know our client: 403 OIDC_DENIED too.
  idp.mode = 'reject-client';
  assertError(await flow(c), 403, 'OIDC_DENIED');
  assert.equal(await verifiedOf('trang-thai'), null);
  idp.mode = null;
});

test('the provider\'s number must be the account\'s, and not verified for another one', async () => {
  const c = await register('so-khac', '001095006666');
  idp.mode = null;
  idp.user = { id_number: '001095007777', name: 'Người Khác' };
  assertError(await flow(c), 409, 'IDENTITY_MISMATCH', 'id_number');
  assert.equal(await verifiedOf('so-khac'), null);
  // Claiming the demo citizen's number and proving it through... someone else's number: no.
  const claimer = await register('mao-nhan', '001090012345');
  idp.user = { id_number: '001090012345', name: 'Hoàng Văn An' };
  assertError(await flow(claimer), 409, 'IDENTITY_VERIFIED_ELSEWHERE', 'id_number');
  assert.equal(await verifiedOf('mao-nhan'), null);
  // A claim the provider cannot back (no ID number, or an invalid one): 422.
  idp.user = { name: 'Không Số' };
  assertError(await flow(c), 422, 'OIDC_CLAIM_INVALID', 'id_number');
  idp.user = { id_number: '000000000000', name: 'Số Không' };
  assertError(await flow(c), 422, 'OIDC_CLAIM_INVALID', 'id_number');
  // Staff accounts are not verified this way.
  const r = await fetch(`${env.base}/api/v1/auth/oidc/start`, { headers: { cookie: (await desk()).cookie }, redirect: 'manual' });
  await assertFetched('GET', r.url, r);
  assert.equal(r.status, 403);
});

/** Moves the server's clock (testing.clock_api) by offset ms from the real time. */
async function clockOffset(ms) {
  const r = await new Client(env.base).put('/api/v1/testing/clock', { offset_ms: ms });
  assert.equal(r.status, 200, r.text);
}

test('a flow left unfinished for its lifetime (10 minutes) is refused at the callback, and changes nothing', async () => {
  const c = await register('cham-tre', '001095008888');
  idp.mode = null;
  idp.user = { id_number: '001095008888', name: 'Đinh Thị Chậm' };
  const tokens = () => idp.seen.filter((s) => s.path === '/token').length;
  try {
    // Started 10 minutes and 1 second ago by the server's clock: the
    // provider answered, but the browser comes back too late.
    await clockOffset(-(10 * 60e3 + 1000));
    const before = tokens();
    let r = await flow(c, { beforeCallback: () => clockOffset(0) });
    assertError(r, 400, 'OIDC_STATE_INVALID', 'state');
    assert.equal(tokens(), before, 'the code was redeemed for an expired flow');
    assert.ok(!/motcua_session=[^;]/.test(r.headers.get('set-cookie') || ''), 'an expired flow opened a session');
    assert.equal(await verifiedOf('cham-tre'), null);
    assertError(await c.get('/api/v1/store'), 403, 'IDENTITY_NOT_VERIFIED');
    // Used up too: the same answer again is refused.
    const again = await fetch(r.cb, { headers: { cookie: r.cookie }, redirect: 'manual' });
    await assertFetched('GET', r.cb, again);
    assert.equal(again.status, 400);
    assert.equal((await again.json()).error.code, 'OIDC_STATE_INVALID');
    // Without a session the same: no account is made for the number.
    idp.user = { id_number: '001095009999', name: 'Người Chậm' };
    await clockOffset(-(10 * 60e3 + 1000));
    r = await flow(null, { beforeCallback: () => clockOffset(0) });
    assertError(r, 400, 'OIDC_STATE_INVALID', 'state');
    assertError(await (await desk()).get('/api/v1/accounts/001095009999'), 404, 'ACCOUNT_NOT_FOUND', 'username');
    // Within its lifetime (9 minutes 50 seconds) the same flow verifies the account.
    idp.user = { id_number: '001095008888', name: 'Đinh Thị Chậm' };
    await clockOffset(-(9 * 60e3 + 50e3));
    r = await flow(c, { beforeCallback: () => clockOffset(0) });
    assert.equal(r.status, 302, r.text);
    assert.equal((await verifiedOf('cham-tre')).how, 'oidc');
  } finally {
    await clockOffset(0);
  }
});
