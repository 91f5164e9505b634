// The procedure editor's server side (issue 15, items 3 and 11): "Kiểm tra"
// (dry_run) runs every check and writes nothing; each problem names its
// field path with a Vietnamese and an English message; bad drafts change
// nothing; publishing twice; the administrators' list of drafts; English
// conditions and fee notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, assertError, loggedIn, seedProcedure } from './helpers.mjs';

let admin, receiver;
const env = useServer({}, async (e) => {
  admin = await loggedIn(e.base, 'admin');
  receiver = await loggedIn(e.base, 'tiepnhan');
});
const anon = () => new Client(env.base);

function newProcedure(code) {
  const p = seedProcedure('LD-02');
  p.code = code;
  p.national_code = null;
  p.name = { vi: `Thủ tục biên tập ${code}`, en: `Edited procedure ${code}` };
  return p;
}

async function versionCount(code) {
  const r = await anon().get(`/api/v1/procedures/${code}/versions`);
  return r.status === 200 ? r.json.items.length : r.status;
}

// Each defect, the field path the reply must name, and a word of its
// Vietnamese message.
const CASES = [
  ['components[2].name.vi', (p) => { p.components[2].name.vi = ''; }, 'tên tiếng Việt'],
  ['components[1].copies', (p) => { p.components[1].copies = 0; }, 'từ 1 đến 10'],
  ['components[0].copy_type', (p) => { p.components[0].copy_type = 'photo'; }, 'bản chính'],
  ['components[0].condition', (p) => { p.components[0].mandatory = false; p.components[0].condition = null; }, 'điều kiện'],
  ['components[0].doc_type', (p) => { p.components[0].doc_type = ''; }, 'loại giấy tờ'],
  ['components', (p) => { p.components = []; }, 'ít nhất một'],
  ['process[1].role', (p) => { p.process[1].role = 'janitor'; }, "vai trò 'janitor'"],
  ['process[0].unit', (p) => { p.process[0].unit = 'NOWHERE'; }, "đơn vị 'NOWHERE'"],
  ['process', (p) => { p.process[0].hours += 1; }, 'tổng thời gian các bước là 25 giờ nhưng thời hạn giải quyết là 24 giờ'],
  ['process', (p) => { p.process = p.process.slice(0, 1); }, 'cần từ 2 đến'],
  ['fees[0].amount', (p) => { p.fees[0].amount = -5; }, 'số âm'],
  ['fees[0].amount', (p) => { delete p.fees[0].amount; }, 'chưa xác định'],
  ['fees[0].due', (p) => { p.fees[0].due = 'later'; }, 'trước khi trả kết quả'],
  ['fees[0].per', (p) => { p.fees[0].per = 'Số người'; }, 'a-z'],
  ['fees[0].exemption.basis', (p) => { p.fees[0].exemption = { who: 'Người có công' }; }, 'bắt buộc nhập'],
  ['time_limit.unit', (p) => { p.time_limit.unit = 'weeks'; }, "'weeks'"],
  ['time_limit.value', (p) => { p.time_limit.value = 9999; }, 'không nằm trong khoảng'],
  ['online_level', (p) => { p.online_level = 'some'; }, "'some'"],
  ['unit', (p) => { p.unit = 'XYZ'; }, "đơn vị 'XYZ'"],
  ['name.en', (p) => { p.name.en = ''; }, 'tên tiếng Anh'],
  ['legal_basis[0]', (p) => { p.legal_basis[0] = ' '; }, 'để trống'],
  ['colour', (p) => { p.colour = 'đỏ'; }, 'không có trong mẫu'],
  ['effective_from', (p) => { p.effective_from = '2025-02-30'; }, 'không phải là ngày'],
];

test('each defect of a draft is named by its field path, in Vietnamese and English; nothing is saved', async () => {
  for (const [field, spoil, vi] of CASES) {
    const body = seedProcedure('LD-03');
    spoil(body);
    for (const q of ['?dry_run=true', '']) {
      const r = await admin.put(`/api/v1/procedures/LD-03/draft${q}`, body);
      assertError(r, 422, 'CATALOGUE_INVALID');
      const d = r.json.error.details.find((x) => x.field === field);
      assert.ok(d, `${field}${q}: not named in ${JSON.stringify(r.json.error.details)}`);
      assert.ok(d.vi.includes(vi), `${field}: Vietnamese "${d.vi}" lacks "${vi}"`);
      assert.ok(d.en.length > 0 && d.en !== d.vi, `${field}: English "${d.en}"`);
      assert.equal(r.json.error.details.length, r.json.error.problems.length);
    }
  }
  assert.equal(await versionCount('LD-03'), 1);
  assertError(await admin.post('/api/v1/procedures/LD-03/publish', {}), 409, 'NO_DRAFT');
  // The reply in English says so in English; the details carry both.
  const body = seedProcedure('LD-03');
  body.components[0].copies = 11;
  const en = await admin.put('/api/v1/procedures/LD-03/draft?dry_run=true', body, { 'accept-language': 'en' });
  assertError(en, 422, 'CATALOGUE_INVALID', 'components[0].copies');
  assert.deepEqual(en.json.error.details, [{ field: 'components[0].copies', en: 'must be from 1 to 10', vi: 'phải từ 1 đến 10' }]);
});

test('dry_run: a good draft is valid and nothing is written; a new code that exists is 409', async () => {
  const put = await admin.put('/api/v1/procedures/LD-03/draft?dry_run=true', seedProcedure('LD-03'));
  assert.equal(put.status, 200, put.text);
  assert.deepEqual(put.json, { code: 'LD-03', valid: true });
  assert.equal(await versionCount('LD-03'), 1);
  const post = await admin.post('/api/v1/procedures?dry_run=true', newProcedure('ED-01'));
  assert.equal(post.status, 200, post.text);
  assert.deepEqual(post.json, { code: 'ED-01', valid: true });
  assert.equal(await versionCount('ED-01'), 404);
  assertError(await admin.post('/api/v1/procedures?dry_run=true', seedProcedure('LD-03')), 409, 'CONFLICT', 'code');
  assertError(await admin.put('/api/v1/procedures/LD-03/draft?dry_run=yes', seedProcedure('LD-03')), 400, 'BAD_QUERY', 'dry_run');
});

test('publishing twice: the second finds no draft (409) and the version stays one', async () => {
  assert.equal((await admin.post('/api/v1/procedures', newProcedure('ED-02'))).status, 201);
  const first = await admin.post('/api/v1/procedures/ED-02/publish', {});
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.version, 1);
  assertError(await admin.post('/api/v1/procedures/ED-02/publish', {}), 409, 'NO_DRAFT');
  assert.equal(await versionCount('ED-02'), 1);
  assert.equal((await anon().get('/api/v1/procedures/ED-02')).json.version, 1);
});

test('the administrators list every procedure with its published version and its draft', async () => {
  assert.equal((await admin.post('/api/v1/procedures', newProcedure('ED-03'))).status, 201);
  const changed = seedProcedure('LD-04');
  changed.name.vi = 'Tên mới của LD-04';
  assert.equal((await admin.put('/api/v1/procedures/LD-04/draft', changed)).status, 200);
  const r = await admin.get('/api/v1/procedure-drafts');
  assert.equal(r.status, 200, r.text);
  const by = Object.fromEntries(r.json.items.map((x) => [x.code, x]));
  assert.ok(r.json.items.length >= 25);
  assert.equal(by['ED-03'].published, null);
  assert.equal(by['ED-03'].draft, 1);
  assert.equal(by['ED-03'].name, 'Thủ tục biên tập ED-03');
  assert.equal(by['LD-04'].published, 1);
  assert.equal(by['LD-04'].effective_from, seedProcedure('LD-04').effective_from);
  assert.equal(by['LD-04'].draft, 2);
  assert.equal(by['LD-04'].name, 'Tên mới của LD-04', 'the draft name wins');
  assert.equal(by['LD-02'].draft, null);
  assert.equal(by['LD-02'].draft_created_at, null);
  assert.deepEqual(r.json.items.map((x) => x.code), [...r.json.items.map((x) => x.code)].sort());
});

test('only administrators: the list, dry_run, drafts and publishing are 403 for others, 401 anonymous', async () => {
  assertError(await receiver.get('/api/v1/procedure-drafts'), 403, 'FORBIDDEN');
  assertError(await anon().get('/api/v1/procedure-drafts'), 401, 'UNAUTHENTICATED');
  assertError(await receiver.put('/api/v1/procedures/LD-03/draft?dry_run=true', seedProcedure('LD-03')), 403, 'FORBIDDEN');
  assertError(await receiver.post('/api/v1/procedures?dry_run=true', newProcedure('ED-09')), 403, 'FORBIDDEN');
  assertError(await receiver.post('/api/v1/procedures/LD-03/publish', {}), 403, 'FORBIDDEN');
  assert.equal(await versionCount('LD-03'), 1);
});

test('conditions and fee notes have their English (seed, detail, drafts as {vi, en} or a plain string)', async () => {
  const seed = seedProcedure('LD-02');
  const r = await anon().get('/api/v1/procedures/LD-02');
  const cond = r.json.components.filter((c) => c.condition);
  assert.ok(cond.length > 0);
  for (const c of cond) {
    const s = seed.components.find((x) => x.doc_type === c.doc_type);
    assert.equal(c.condition, s.condition.vi);
    assert.equal(c.condition_en, s.condition.en);
    assert.ok(/^[\x20-\x7e]+$/.test(c.condition_en), `not English: ${c.condition_en}`);
  }
  assert.equal(r.json.components.find((c) => c.mandatory).condition_en, null);
  assert.equal(r.json.fees[0].note, seed.fees[0].note.vi);
  assert.equal(r.json.fees[0].note_en, seed.fees[0].note.en);
  assert.match(r.json.fees[0].note_en, /People's Council/);

  const body = newProcedure('ED-04');
  const k = body.components.findIndex((c) => !c.mandatory);
  body.components[k].condition = 'Chỉ có tiếng Việt';
  body.fees[0].note = { vi: 'Ghi chú', en: 'A note' };
  assert.equal((await admin.post('/api/v1/procedures', body)).status, 201);
  const d = await admin.get('/api/v1/procedures/ED-04?version=1');
  assert.equal(d.json.components[k].condition, 'Chỉ có tiếng Việt');
  assert.equal(d.json.components[k].condition_en, null);
  assert.equal(d.json.fees[0].note, 'Ghi chú');
  assert.equal(d.json.fees[0].note_en, 'A note');
  body.fees[0].note = { vi: 'x', fr: 'y' };
  assertError(await admin.put('/api/v1/procedures/ED-04/draft', body), 422, 'CATALOGUE_INVALID', 'fees[0].note.fr');
});
