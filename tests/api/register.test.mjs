// Citizen self-registration and the bad-input rules of JSON bodies: every
// refused request gets its status and an error naming the problem, and
// nothing is written (the same username and ID number register afterwards).
// A valid form is answered 202 whether its name is free or taken (see
// lockout.test.mjs for the e-mails and the limit per address, which this
// file's many registrations from one address lift).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, assertError, loggedIn, raw, rawJson } from './helpers.mjs';
import { taxCode } from '../lib/ident.mjs';

const env = useServer({ args: ['--register.per_ip_per_hour', '100000'] });
const anon = () => new Client(env.base);
const REG = '/api/v1/auth/register';
const JSON_CT = { 'content-type': 'application/json' };

let serial = 0;
/** A fresh valid tax code (some nine-digit starts have none). */
function freshTax() {
  for (;;) {
    const t = taxCode('01088' + String(++serial).padStart(4, '0'));
    if (t) return t;
  }
}
/** A valid person registration with a fresh username, ID number and e-mail. */
function person(over = {}) {
  serial++;
  return {
    kind: 'person',
    id_number: '001' + String(serial * 7919).padStart(9, '0'),
    full_name: 'Nguyễn Thị Thử',
    email: `citizen${serial}@example.vn`,
    username: `citizen${serial}`,
    password: 'Mật-khẩu-8x',
    ...over,
  };
}

/** Registers `body` (which must succeed now): proves the refused attempt wrote nothing. */
async function mustRegister(body, what) {
  const r = await anon().post(REG, body);
  assert.equal(r.status, 202, `${what}: registering afterwards gave ${r.status} ${r.text}`);
  assert.equal((await anon().login(body.username, body.password)).status, 200, `${what}: no account made`);
  return r;
}

/** Sends `bad`, expects the error, then registers `good` (same username/identity). */
async function refusedThenOk(bad, status, code, field, good) {
  const r = await anon().post(REG, bad);
  assertError(r, status, code, field);
  await mustRegister(good, code);
}

test('a person registers and then logs in as a citizen', async () => {
  const body = person({ full_name: 'Trần Văn Đức' });
  const r = await anon().post(REG, body);
  assert.equal(r.status, 202, r.text);
  assert.deepEqual(r.json, { status: 'check_email' });
  assert.ok(!r.text.includes(body.password));

  const c = new Client(env.base);
  const login = await c.login(body.username, body.password);
  assert.equal(login.status, 200, login.text);
  assert.deepEqual(login.json.user.roles, ['citizen']);
  assert.equal(login.json.user.full_name, 'Trần Văn Đức');
  const me = await c.get('/api/v1/auth/me');
  assert.equal(me.json.user.username, body.username);
  assert.equal(me.json.user.kind, 'person');
  assertError(await anon().post('/api/v1/auth/login', { username: body.username, password: 'Mật-khẩu-9x' }), 401, 'LOGIN_FAILED');
});

test('an organisation registers with a 10- or 13-digit tax code', async () => {
  for (const tax of ['0101234565', '0101234565001']) {
    const body = person({ kind: 'organisation', tax_code: tax, full_name: 'Công ty TNHH Thử Nghiệm' });
    delete body.id_number;
    const r = await anon().post(REG, body);
    assert.equal(r.status, 202, `${tax}: ${r.text}`);
    const login = await anon().login(body.username, body.password);
    assert.equal(login.status, 200, login.text);
    assert.equal(login.json.user.kind, 'organisation');
    assert.deepEqual(login.json.user.roles, ['citizen']);
  }
});

test('an ID number that is not 12 digits is FIELD_INVALID id_number', async () => {
  for (const id of ['12345678901', '01234567890a', '0123 4567890', '０１２３４５６７８９０１']) {
    const good = person();
    await refusedThenOk({ ...good, id_number: id }, 400, 'FIELD_INVALID', 'id_number', good);
  }
  // Too many digits: refused on id_number (FIELD_INVALID or FIELD_TOO_LONG).
  const good = person();
  const r = await anon().post(REG, { ...good, id_number: '0123456789012' });
  assert.equal(r.status, 400, r.text);
  assert.ok(['FIELD_INVALID', 'FIELD_TOO_LONG'].includes(r.json.error.code), r.text);
  assert.equal(r.json.error.field, 'id_number');
  await mustRegister(good, '13 digits');
});

test('a person without an ID number, or an organisation without a tax code, is refused', async () => {
  const good = person();
  const noId = { ...good };
  delete noId.id_number;
  await refusedThenOk(noId, 400, 'FIELD_MISSING', 'id_number', good);
  const org = person({ kind: 'organisation', tax_code: taxCode('010999998') });
  delete org.id_number;
  const noTax = { ...org };
  delete noTax.tax_code;
  await refusedThenOk(noTax, 400, 'FIELD_MISSING', 'tax_code', org);
});

test('a tax code that is not 10 or 13 digits is FIELD_INVALID tax_code', async () => {
  for (const tax of ['010123456', '01012345678', '010123456700', '01012345AB']) {
    const good = person({ kind: 'organisation', tax_code: freshTax() });
    delete good.id_number;
    await refusedThenOk({ ...good, tax_code: tax }, 400, 'FIELD_INVALID', 'tax_code', good);
  }
});

test('an unknown kind is FIELD_INVALID kind', async () => {
  const good = person();
  await refusedThenOk({ ...good, kind: 'alien' }, 400, 'FIELD_INVALID', 'kind', good);
});

test('a user name made of an ID number is kept for the identity provider: FIELD_INVALID username', async () => {
  // A stranger who took "<their number>" and "-1".."-9" once stopped that
  // person from ever getting an account through the provider.
  for (const username of ['037190009999', '037190009999-1', '001090012345-12']) {
    const r = await anon().post(REG, person({ username }));
    assertError(r, 400, 'FIELD_INVALID', 'username');
    assert.match(r.json.error.detail, /identity provider/);
  }
  // Other names of digits are free to take.
  await mustRegister(person({ username: `0370${String(++serial).padStart(5, '0')}` }), 'a name of nine digits');
});

test('a bad e-mail address is refused on the field email', async () => {
  for (const email of ['not-an-email', 'a@', '@example.vn', 'two words@example.vn', 'a@b@example.vn']) {
    const good = person();
    const r = await anon().post(REG, { ...good, email });
    assertError(r, 400, r.json && r.json.error && r.json.error.code, 'email');
    assert.ok(['FIELD_INVALID', 'FIELD_TOO_SHORT'].includes(r.json.error.code), `${email}: ${r.text}`);
    await mustRegister(good, email);
  }
});

test('a password shorter than 8 characters is FIELD_TOO_SHORT password', async () => {
  const good = person();
  await refusedThenOk({ ...good, password: 'Abc-123' }, 400, 'FIELD_TOO_SHORT', 'password', good);
  // Exactly 8 is enough.
  const eight = person({ password: 'Abcd-123' });
  const r = await mustRegister(eight, '8 characters');
  assert.equal(r.status, 202);
});

test('a taken username is answered like a free one and makes no account; an ID number may be claimed by several unverified accounts', async () => {
  const first = person();
  const free = await anon().post(REG, first);
  assert.equal(free.status, 202, free.text);
  // Same username, other identity: the same answer, and no second account.
  const dupUser = person({ username: first.username, password: 'Other-Pass-11' });
  const r1 = await anon().post(REG, dupUser);
  assert.equal(r1.status, free.status, r1.text);
  assert.equal(r1.text, free.text);
  assertError(await anon().login(first.username, dupUser.password), 401, 'LOGIN_FAILED');
  const r2 = await anon().post(REG, person({ username: 'admin' }));
  assert.equal(r2.text, free.text);
  // The refused one's identity is free to claim.
  await mustRegister({ ...dupUser, username: dupUser.username + 'b' }, 'identity of a taken username');
  // Same ID number, other username: registering claims the number, it does
  // not own it (issue 10), so the first to register cannot lock it.
  const dupId = person({ id_number: first.id_number });
  const r3 = await mustRegister(dupId, 'a second claim of one ID number');
  assert.equal(r3.text, free.text);
  // Neither account is verified: neither has a data store.
  for (const who of [first, dupId]) {
    const c = anon();
    assert.equal((await c.login(who.username, who.password)).status, 200);
    const me = await c.get('/api/v1/auth/me');
    assert.equal(me.json.user.kind, 'person');
    assert.equal(me.json.user.id_number, first.id_number);
    assert.equal(me.json.user.verified, null);
    assertError(await c.get('/api/v1/store'), 403, 'IDENTITY_NOT_VERIFIED');
  }
  // The first account is unchanged: its password still works.
  assert.equal((await anon().login(first.username, first.password)).status, 200);

  const org = person({ kind: 'organisation', tax_code: '0107777776' });
  delete org.id_number;
  await mustRegister(org, 'org');
  const org2 = person({ kind: 'organisation', tax_code: '0107777776' });
  delete org2.id_number;
  await mustRegister(org2, 'a second claim of one tax code');
});

test('an unknown field is FIELD_UNKNOWN naming it', async () => {
  const good = person();
  await refusedThenOk({ ...good, nickname: 'x' }, 400, 'FIELD_UNKNOWN', 'nickname', good);
  const good2 = person();
  await refusedThenOk({ ...good2, roles: ['admin'] }, 400, 'FIELD_UNKNOWN', 'roles', good2);
});

test('a missing field is FIELD_MISSING naming it', async () => {
  for (const f of ['email', 'username', 'password', 'full_name', 'kind']) {
    const good = person();
    const bad = { ...good };
    delete bad[f];
    await refusedThenOk(bad, 400, 'FIELD_MISSING', f, good);
  }
});

test('a wrong type is FIELD_TYPE naming the field', async () => {
  const cases = [['username', 12345], ['password', ['x']], ['full_name', { vi: 'x' }], ['email', true], ['id_number', 12345678901]];
  for (const [f, v] of cases) {
    const good = person();
    await refusedThenOk({ ...good, [f]: v }, 400, 'FIELD_TYPE', f, good);
  }
  // null for a required string: refused on that field (FIELD_TYPE or FIELD_MISSING).
  const good = person();
  const r = await anon().post(REG, { ...good, username: null });
  assertError(r, 400, r.json && r.json.error && r.json.error.code, 'username');
  assert.ok(['FIELD_TYPE', 'FIELD_MISSING'].includes(r.json.error.code), r.text);
  await mustRegister(good, 'after null username');
});

test('a full name over 200 characters is FIELD_TOO_LONG; 200 Vietnamese letters are fine', async () => {
  const good = person();
  await refusedThenOk({ ...good, full_name: 'A'.repeat(201) }, 400, 'FIELD_TOO_LONG', 'full_name', good);
  // 200 characters of 3 bytes each: the limit counts characters.
  const long = person({ full_name: 'ễ'.repeat(200) });
  const r = await anon().post(REG, long);
  assert.equal(r.status, 202, r.text);
  assert.equal((await anon().login(long.username, long.password)).json.user.full_name, 'ễ'.repeat(200));
});

test('malformed JSON is 400 BAD_JSON and writes nothing', async () => {
  const good = person();
  const text = JSON.stringify(good);
  for (const bad of [text.slice(0, -1), text + 'x', "{'kind':'person'}", '', '{"kind":"person",}']) {
    const r = await anon().post(REG, bad, JSON_CT);
    assertError(r, 400, 'BAD_JSON');
  }
  // Duplicate keys are not a way round the field checks.
  const dup = text.slice(0, -1) + ',"username":"other' + serial + '"}';
  const r = await anon().post(REG, dup, JSON_CT);
  assert.equal(r.status, 400, `duplicate key accepted: ${r.text}`);
  await mustRegister(good, 'after BAD_JSON');
});

test('a body that is not an object is NOT_AN_OBJECT', async () => {
  for (const b of ['[]', '[{"kind":"person"}]']) assertError(await anon().post(REG, b, JSON_CT), 400, 'NOT_AN_OBJECT');
  // A bare scalar is either not JSON to the parser or not an object.
  for (const b of ['"x"', '42', 'null']) {
    const r = await anon().post(REG, b, JSON_CT);
    assertError(r, 400, r.json && r.json.error && r.json.error.code);
    assert.ok(['NOT_AN_OBJECT', 'BAD_JSON'].includes(r.json.error.code), `${b}: ${r.text}`);
  }
});

test('invalid UTF-8 bytes in the body are 400 BAD_UTF8', async () => {
  const good = person();
  const text = JSON.stringify({ ...good, full_name: 'NAME' });
  const [a, b] = text.split('NAME');
  for (const bytes of [[0xff, 0xfe], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
    const body = Buffer.concat([Buffer.from(a), Buffer.from('Nguy'), Buffer.from(bytes), Buffer.from('n'), Buffer.from(b)]);
    const r = await anon().post(REG, new Uint8Array(body), JSON_CT);
    assertError(r, 400, 'BAD_UTF8');
  }
  await mustRegister(good, 'after BAD_UTF8');
});

test('JSON nested deeper than 16 is 400 JSON_TOO_DEEP', async () => {
  const good = person();
  const deep = '['.repeat(40) + ']'.repeat(40);
  const text = JSON.stringify(good).slice(0, -1) + ',"extra":' + deep + '}';
  assertError(await anon().post(REG, text, JSON_CT), 400, 'JSON_TOO_DEEP');
  const objs = '{"a":'.repeat(20) + '1' + '}'.repeat(20);
  assertError(await anon().post(REG, objs, JSON_CT), 400, 'JSON_TOO_DEEP');
  // Very deep nesting does not crash the server.
  const huge = '['.repeat(3000) + ']'.repeat(3000);
  assertError(await anon().post(REG, huge, JSON_CT), 400, 'JSON_TOO_DEEP');
  await mustRegister(good, 'after JSON_TOO_DEEP');
  assert.equal((await anon().get('/healthz')).status, 200);
});

test('without Content-Type application/json the body is 415', async () => {
  const good = person();
  const text = JSON.stringify(good);
  for (const ct of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const headers = ct ? { 'content-type': ct } : {};
    const r = await raw(env.base, 'POST', REG, { ...headers, 'content-length': Buffer.byteLength(text) }, text);
    assert.equal(r.status, 415, `${ct}: ${r.status} ${r.body}`);
    const j = rawJson(r);
    assert.equal(j && j.error && j.error.code, 'UNSUPPORTED_MEDIA_TYPE', `${ct}: ${r.body}`);
  }
  // A charset parameter is fine.
  const r = await anon().post(REG, text, { 'content-type': 'application/json; charset=utf-8' });
  assert.equal(r.status, 202, r.text);
});

test('a body over 8 KiB is 413 BODY_TOO_LARGE, with or without Content-Length', async () => {
  const good = person();
  const big = JSON.stringify({ ...good, full_name: 'A'.repeat(9000) });
  assert.ok(Buffer.byteLength(big) > 8192);
  assertError(await anon().post(REG, big, JSON_CT), 413, 'BODY_TOO_LARGE');
  // Chunked, so the server only learns the size while reading.
  const huge = JSON.stringify({ ...good, full_name: 'A'.repeat(200000) });
  const r = await raw(env.base, 'POST', REG, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, huge);
  assert.equal(r.status, 413, `chunked: ${r.status} ${r.body}`);
  assert.equal(rawJson(r).error.code, 'BODY_TOO_LARGE');
  await mustRegister(good, 'after BODY_TOO_LARGE');
  // Just under the limit is read (and judged on its fields).
  const near = JSON.stringify({ ...person(), full_name: 'A'.repeat(7600) });
  assert.ok(Buffer.byteLength(near) < 8192);
  assertError(await anon().post(REG, near, JSON_CT), 400, 'FIELD_TOO_LONG', 'full_name');
});

test('an all-zero ID number, or one without a province code, is FIELD_INVALID id_number', async () => {
  // 000 and 003 are no province of Circular 07/2016/TT-BCA; 097 is past Cà Mau (096).
  for (const id of ['000000000000', '000090012345', '003090012345', '097090012345', '100000007919']) {
    const good = person();
    const r = await anon().post(REG, { ...good, id_number: id });
    assertError(r, 400, 'FIELD_INVALID', 'id_number');
    await mustRegister(good, id);
  }
  // Every province code registers, e.g. Hà Nam (035) and Cà Mau (096).
  await mustRegister(person({ id_number: '035190001234' }), 'Hà Nam');
  await mustRegister(person({ id_number: '096190001234' }), 'Cà Mau');
});

test('a tax code with a wrong check digit is FIELD_INVALID tax_code, the branch too', async () => {
  // 0101234565 is valid (check digit 5): 0101234567 is not, nor its branches.
  for (const tax of ['0101234567', '0101234567-001', '0101234567001', '0000000000', '0109999999']) {
    const good = person({ kind: 'organisation', tax_code: freshTax() });
    delete good.id_number;
    const r = await anon().post(REG, { ...good, tax_code: tax });
    assertError(r, 400, 'FIELD_INVALID', 'tax_code');
    await mustRegister(good, tax);
  }
});
