// Roles and the administrator's catalogue work: create a draft, keep it
// from the public, publish it, make a new version of a procedure, and the
// validation that names every problem and saves nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, assertError, loggedIn, seedProcedure } from './helpers.mjs';

let admin, citizen, receiver;
const env = useServer({}, async (e) => {
  admin = await loggedIn(e.base, 'admin');
  citizen = await loggedIn(e.base, 'congdan');
  receiver = await loggedIn(e.base, 'tiepnhan');
});
const anon = () => new Client(env.base);

/** LD-02 as in the seed file, with another code and a name that is easy to find. */
function newProcedure(code, word) {
  const p = seedProcedure('LD-02');
  p.code = code;
  p.national_code = null;
  p.name = { vi: `Thủ tục thử nghiệm ${word}`, en: `Test procedure ${word}` };
  return p;
}

/** A date in YYYY-MM-DD, `days` from today. */
function dateFromToday(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

async function versions(code) {
  const r = await anon().get(`/api/v1/procedures/${code}/versions`);
  return r.status === 200 ? r.json.items : r.status;
}

async function publicTotal() {
  const r = await anon().get('/api/v1/procedures');
  assert.equal(r.status, 200);
  return r.json.total;
}

test('non-administrators may not create, edit or publish procedures (403 FORBIDDEN)', async () => {
  const body = newProcedure('LD-90', 'cấmtạo');
  const specialist = await loggedIn(env.base, 'chuyenvien');
  const leader = await loggedIn(env.base, 'lanhdao');
  for (const [who, c] of [['congdan', citizen], ['tiepnhan', receiver], ['chuyenvien', specialist], ['lanhdao', leader]]) {
    assertError(await c.post('/api/v1/procedures', body), 403, 'FORBIDDEN');
    assertError(await c.put('/api/v1/procedures/LD-02/draft', seedProcedure('LD-02')), 403, 'FORBIDDEN');
    assertError(await c.post('/api/v1/procedures/LD-02/publish', {}), 403, 'FORBIDDEN');
    // The session is still fine: only the route is forbidden.
    assert.equal((await c.get('/api/v1/auth/me')).status, 200, who);
  }
  assert.equal(await versions('LD-90'), 404);
  assert.equal((await versions('LD-02')).length, 1);
});

test('anonymous callers get 401 UNAUTHENTICATED on administrator routes', async () => {
  const c = anon();
  assertError(await c.post('/api/v1/procedures', newProcedure('LD-91', 'vôdanh')), 401, 'UNAUTHENTICATED');
  assertError(await c.put('/api/v1/procedures/LD-02/draft', seedProcedure('LD-02')), 401, 'UNAUTHENTICATED');
  assertError(await c.post('/api/v1/procedures/LD-02/publish', {}), 401, 'UNAUTHENTICATED');
  assert.equal(await versions('LD-91'), 404);
});

test('the administrator needs the CSRF token too (403 CSRF_MISSING)', async () => {
  const body = newProcedure('LD-92', 'khôngcsrf');
  assertError(await admin.post('/api/v1/procedures', body, { 'x-csrf-token': '' }), 403, 'CSRF_MISSING');
  const noToken = new Client(env.base);
  noToken.cookie = admin.cookie;
  assertError(await noToken.post('/api/v1/procedures', body), 403, 'CSRF_MISSING');
  assertError(await noToken.put('/api/v1/procedures/LD-02/draft', seedProcedure('LD-02')), 403, 'CSRF_MISSING');
  assertError(await noToken.post('/api/v1/procedures/LD-02/publish', {}), 403, 'CSRF_MISSING');
  assertError(await admin.post('/api/v1/procedures', body, { 'x-csrf-token': citizen.csrf }), 403, 'CSRF_MISSING');
  assert.equal(await versions('LD-92'), 404);
  assert.equal((await versions('LD-02')).length, 1);
});

test('the administrator creates a draft; the public cannot see it until it is published', async () => {
  const before = await publicTotal();
  const body = newProcedure('LD-77', 'kỳlânbảy');
  const r = await admin.post('/api/v1/procedures', body);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json, { code: 'LD-77', version: 1, status: 'draft' });

  // Hidden from the public.
  assert.equal(await publicTotal(), before);
  const search = await anon().get('/api/v1/procedures?q=' + encodeURIComponent('ky lan bay'));
  assert.equal(search.json.total, 0, 'draft found by search');
  assertError(await anon().get('/api/v1/procedures/LD-77'), 404, 'PROCEDURE_NOT_FOUND');
  assertError(await citizen.get('/api/v1/procedures/LD-77'), 404, 'PROCEDURE_NOT_FOUND');
  // Asking for the version by number does not show it either; the administrator sees it.
  const anonV = await anon().get('/api/v1/procedures/LD-77?version=1');
  assert.equal(anonV.status, 404, anonV.text);
  const own = await admin.get('/api/v1/procedures/LD-77?version=1');
  assert.equal(own.status, 200, own.text);
  assert.equal(own.json.status, 'draft');
  assert.equal(own.json.name, 'Thủ tục thử nghiệm kỳlânbảy');

  // Creating it again is a conflict, draft or not.
  assertError(await admin.post('/api/v1/procedures', body), 409, 'CONFLICT');

  const p = await admin.post('/api/v1/procedures/LD-77/publish');
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.status, 'published');
  assert.equal(p.json.version, 1);

  assert.equal(await publicTotal(), before + 1);
  const found = await anon().get('/api/v1/procedures?q=' + encodeURIComponent('ky lan bay'));
  assert.deepEqual(found.json.items.map((i) => i.code), ['LD-77']);
  const d = await anon().get('/api/v1/procedures/LD-77');
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.name_en, 'Test procedure kỳlânbảy');
  assert.equal(d.json.components.length, body.components.length);
  const v = await versions('LD-77');
  assert.equal(v.length, 1);
  assert.equal(v[0].status, 'published');
  assertError(await admin.post('/api/v1/procedures', body), 409, 'CONFLICT');
  // Nothing left to publish.
  assertError(await admin.post('/api/v1/procedures/LD-77/publish', {}), 409, 'NO_DRAFT');
});

test('creating a code that exists in the seed catalogue is 409 CONFLICT', async () => {
  const body = seedProcedure('LD-02');
  body.name.vi = 'Tên bị thay thế';
  assertError(await admin.post('/api/v1/procedures', body), 409, 'CONFLICT');
  const d = await anon().get('/api/v1/procedures/LD-02');
  assert.equal(d.json.name, seedProcedure('LD-02').name.vi);
  assert.equal((await versions('LD-02')).length, 1);
});

test('a new version of LD-02: PUT draft, publish, then versions lists 2 and detail shows 2', async () => {
  const body = seedProcedure('LD-02');
  body.fees[0].amount = 700000;
  body.name.vi = 'Cấp giấy phép lao động cho người lao động nước ngoài (phiên bản 2)';
  const r = await admin.put('/api/v1/procedures/LD-02/draft', body);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.code, 'LD-02');
  assert.equal(r.json.version, 2);
  assert.equal(r.json.status, 'draft');

  // Until published the public still gets version 1.
  const d1 = await anon().get('/api/v1/procedures/LD-02');
  assert.equal(d1.json.version, 1);
  assert.equal(d1.json.fees[0].amount, 600000);

  // Editing the draft again replaces it (still version 2).
  body.fees[0].amount = 750000;
  const r2 = await admin.put('/api/v1/procedures/LD-02/draft', body);
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.json.version, 2);

  const eff = dateFromToday(-2);
  const p = await admin.post('/api/v1/procedures/LD-02/publish', { effective_from: eff });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.version, 2);

  const v = await versions('LD-02');
  assert.deepEqual(v.map((x) => x.version).sort(), [1, 2]);
  assert.ok(v.every((x) => x.status === 'published'), JSON.stringify(v));
  assert.equal(v.find((x) => x.version === 2).effective_from, eff);
  assert.equal(v.find((x) => x.version === 1).effective_from, '2025-07-01');

  const d2 = await anon().get('/api/v1/procedures/LD-02');
  assert.equal(d2.json.version, 2);
  assert.equal(d2.json.fees[0].amount, 750000);
  assert.equal(d2.json.effective_from, eff);
  assert.equal(d2.json.name, body.name.vi);
  const old = await anon().get('/api/v1/procedures/LD-02?version=1');
  assert.equal(old.status, 200, old.text);
  assert.equal(old.json.version, 1);
  assert.equal(old.json.fees[0].amount, 600000);
  const list = await anon().get('/api/v1/procedures?q=' + encodeURIComponent('phien ban 2'));
  assert.equal(list.json.items.find((i) => i.code === 'LD-02')?.version, 2, list.text);
  assert.equal((await anon().get('/api/v1/procedures')).json.total, await publicTotal());
});

test('a version published with a future date does not replace the one in force', async () => {
  const body = seedProcedure('LD-03');
  body.fees = [];
  const r = await admin.put('/api/v1/procedures/LD-03/draft', body);
  assert.equal(r.status, 200, r.text);
  const p = await admin.post('/api/v1/procedures/LD-03/publish', { effective_from: dateFromToday(400) });
  assert.equal(p.status, 200, p.text);
  const d = await anon().get('/api/v1/procedures/LD-03');
  assert.equal(d.json.version, 1);
  assert.equal(d.json.fees.length, seedProcedure('LD-03').fees.length);
  assert.equal((await versions('LD-03')).length, 2);
});

test('publish refuses a bad date and a procedure without a draft', async () => {
  const body = seedProcedure('LD-04');
  assert.equal((await admin.put('/api/v1/procedures/LD-04/draft', body)).status, 200);
  for (const bad of ['2025-13-01', '2025-02-30', 'yesterday!', '01/07/2025']) {
    const r = await admin.post('/api/v1/procedures/LD-04/publish', { effective_from: bad });
    assert.equal(r.status, 400, `${bad}: ${r.text}`);
    assert.equal(r.json.error.field, 'effective_from', r.text);
  }
  assertError(await admin.post('/api/v1/procedures/LD-04/publish', { effective_from: '2025-08-01', extra: 1 }), 400, 'FIELD_UNKNOWN', 'extra');
  // Still a draft: the public sees version 1 only.
  assert.equal((await anon().get('/api/v1/procedures/LD-04')).json.version, 1);
  assertError(await admin.post('/api/v1/procedures/LD-05/publish', {}), 409, 'NO_DRAFT');
});

test('a procedure with problems is 422 CATALOGUE_INVALID naming every problem; nothing saved', async () => {
  const before = await publicTotal();
  const body = newProcedure('LD-66', 'lỗi');
  body.process[1].hours = 99; // shares no longer sum to 5 x 8
  body.unit = 'XYZ'; // unknown unit
  delete body.name.vi; // missing Vietnamese name
  body.colour = 'đỏ'; // unknown field
  body.process[0].role = 'janitor'; // unknown role
  const r = await admin.post('/api/v1/procedures', body);
  assertError(r, 422, 'CATALOGUE_INVALID');
  const problems = r.json.error.problems;
  assert.ok(Array.isArray(problems), 'no problems array: ' + r.text);
  assert.ok(problems.every((p) => typeof p === 'string' && p.length > 0));
  const text = problems.join('\n');
  const named = {
    shares: problems.some((p) => /hours|share|sum|40/i.test(p) && !/janitor|XYZ/.test(p)),
    unit: problems.some((p) => p.includes('XYZ')),
    name: problems.some((p) => /name/.test(p) && /\bvi\b/.test(p)),
    unknown: problems.some((p) => p.includes('colour')),
    role: problems.some((p) => p.includes('janitor')),
  };
  for (const [k, ok] of Object.entries(named)) assert.ok(ok, `problem "${k}" not named in:\n${text}`);
  assert.ok(problems.length >= 5, text);

  assertError(await admin.get('/api/v1/procedures/LD-66'), 404, 'PROCEDURE_NOT_FOUND');
  assert.equal(await versions('LD-66'), 404);
  assert.equal(await publicTotal(), before);
  // The code is still free.
  const ok = await admin.post('/api/v1/procedures', newProcedure('LD-66', 'sửarồi'));
  assert.equal(ok.status, 201, ok.text);
});

test('an invalid new version of LD-05 is refused and changes nothing', async () => {
  const body = seedProcedure('LD-05');
  body.time_limit.value = 6; // steps still sum to 5 x 8
  body.process[0].unit = 'NOWHERE';
  body.components[0].copies = 0;
  const r = await admin.put('/api/v1/procedures/LD-05/draft', body);
  assertError(r, 422, 'CATALOGUE_INVALID');
  assert.ok(r.json.error.problems.length >= 3, JSON.stringify(r.json.error.problems));
  assert.ok(r.json.error.problems.some((p) => p.includes('NOWHERE')));
  assert.equal((await versions('LD-05')).length, 1);
  assertError(await admin.post('/api/v1/procedures/LD-05/publish', {}), 409, 'NO_DRAFT');

  // The body's code must match the address.
  const other = seedProcedure('LD-06');
  const m = await admin.put('/api/v1/procedures/LD-05/draft', other);
  assertError(m, 422, 'CATALOGUE_INVALID');
  assert.equal((await versions('LD-05')).length, 1);
  assert.equal((await versions('LD-06')).length, 1);
});

test('the catalogue body rules: media type, JSON and size', async () => {
  const body = newProcedure('LD-55', 'thân');
  const text = JSON.stringify(body);
  assertError(await admin.post('/api/v1/procedures', text, { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  assertError(await admin.post('/api/v1/procedures', text.slice(0, -2), { 'content-type': 'application/json' }), 400, 'BAD_JSON');
  const big = { ...body, notes: 'x'.repeat(300 * 1024) };
  assertError(await admin.post('/api/v1/procedures', big), 413, 'BODY_TOO_LARGE');
  assert.equal(await versions('LD-55'), 404);
});
