// The organisation tree by an administrator over HTTP: create a unit, change
// its names, identifier, parent and office hours; every bad request refused
// with the field named and nothing changed; a new identifier used by codes
// given from then on while earlier codes stay; new office hours used by the
// next due time computed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, loggedIn, assertError, seedProcedure } from './helpers.mjs';

const env = useServer();
const LD02 = seedProcedure('LD-02');
const components = LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
const company = { kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565', address: 'KCN Đồng Văn I' };

async function units() {
  const r = await new Client(env.base).get('/api/v1/units');
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

test('an administrator creates and changes units; bad input changes nothing', async () => {
  const admin = await loggedIn(env.base, 'admin');
  const before = await units();
  const r = await admin.post('/api/v1/units', {
    code: 'KTTD', ident: '000.17.22.H56.06', name: 'Phòng Kinh tế tổng hợp', name_en: 'General Economics Division',
    parent: 'BQL', office_hours: '07:00-11:30,13:30-17:00',
  });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json, {
    code: 'KTTD', ident: '000.17.22.H56.06', name: 'Phòng Kinh tế tổng hợp', name_en: 'General Economics Division',
    parent: 'BQL', office_hours: '07:00-11:30,13:30-17:00',
  });
  assert.equal((await units()).length, before.length + 1);

  // Refusals, each naming its field; the tree stays as it was.
  const after = await units();
  assertError(await new Client(env.base).post('/api/v1/units', { code: 'A', ident: 'a', name: 'A' }), 401, 'UNAUTHENTICATED');
  assertError(await (await loggedIn(env.base, 'lanhdao')).post('/api/v1/units', { code: 'A', ident: 'a', name: 'A' }), 403, 'FORBIDDEN');
  assertError(await admin.post('/api/v1/units', { code: 'A', name: 'A' }), 400, 'FIELD_MISSING', 'ident');
  assertError(await admin.post('/api/v1/units', { code: 'A B', ident: 'x.1', name: 'A' }), 400, 'FIELD_INVALID', 'code');
  assertError(await admin.post('/api/v1/units', { code: 'A', ident: 'x/1', name: 'A' }), 400, 'FIELD_INVALID', 'ident');
  assertError(await admin.post('/api/v1/units', { code: 'A', ident: 'x.1', name: '' }), 400, 'FIELD_INVALID', 'name');
  assertError(await admin.post('/api/v1/units', { code: 'A', ident: 'x.1', name: 'A', office_hours: '13:00-11:00' }), 400, 'FIELD_INVALID', 'office_hours');
  assertError(await admin.post('/api/v1/units', { code: 'A', ident: 'x.1', name: 'A', parent: 'NOPE' }), 404, 'UNIT_NOT_FOUND', 'parent');
  assertError(await admin.post('/api/v1/units', { code: 'KTTD', ident: 'x.1', name: 'A' }), 409, 'UNIT_TAKEN');
  assertError(await admin.post('/api/v1/units', { code: 'A', ident: '000.17.22.H56.06', name: 'A' }), 409, 'UNIT_TAKEN', 'ident');
  assertError(await admin.post('/api/v1/units', { code: 'A', ident: 'x.1', name: 'A', colour: 'red' }), 400, 'FIELD_UNKNOWN', 'colour');
  assertError(await admin.put('/api/v1/units/NOPE', { name: 'X' }), 404, 'UNIT_NOT_FOUND', 'code');
  assertError(await admin.put('/api/v1/units/BQL', { parent: 'KTTD' }), 400, 'FIELD_INVALID', 'parent');
  assertError(await admin.put('/api/v1/units/KTTD', { parent: 'KTTD' }), 400, 'FIELD_INVALID', 'parent');
  assert.deepEqual(await units(), after);

  // A change: names and parent; a unit moved to the root with parent "".
  const ch = await admin.put('/api/v1/units/KTTD', { name: 'Phòng Kinh tế', parent: 'QLDT' });
  assert.equal(ch.status, 200, ch.text);
  assert.equal(ch.json.name, 'Phòng Kinh tế');
  assert.equal(ch.json.parent, 'QLDT');
  assert.equal(ch.json.ident, '000.17.22.H56.06');
  const root = await admin.put('/api/v1/units/KTTD', { parent: '' });
  assert.equal(root.json.parent, null);
});

test('a new identifier names the codes given from then on; new hours the next due time', async () => {
  const admin = await loggedIn(env.base, 'admin');
  const desk = await loggedIn(env.base, 'tiepnhan');
  const first = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components });
  assert.equal(first.status, 201, first.text);
  assert.match(first.json.code, /^000\.17\.22\.H56\.01-/);
  const r = await admin.put('/api/v1/units/VP', { ident: '000.17.22.H56.10' });
  assert.equal(r.status, 200, r.text);
  const second = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components });
  assert.equal(second.status, 201, second.text);
  assert.match(second.json.code, /^000\.17\.22\.H56\.10-/);
  // The earlier code is still found under its own name.
  assert.equal((await desk.get(`/api/v1/track/${encodeURIComponent(first.json.code)}`)).status, 200);
  // VP's old identifier is in its earlier codes: no other unit may take it
  // (its own counter would hand out those codes again: every receipt of the
  // day failed). VP itself may take it back.
  assertError(await admin.put('/api/v1/units/QLMT', { ident: '000.17.22.H56.01' }), 409, 'UNIT_TAKEN', 'ident');
  assertError(await admin.post('/api/v1/units', { code: 'MOI', ident: '000.17.22.H56.01', name: 'Mới' }), 409, 'UNIT_TAKEN', 'ident');
  assert.equal((await units()).find((u) => u.code === 'QLMT').ident, '000.17.22.H56.04');
  assert.equal((await admin.put('/api/v1/units/VP', { ident: '000.17.22.H56.01' })).status, 200);

  // One working hour from 17:00 on a Thursday: 08:30 the next day, then
  // 09:00 once the unit opens at 08:00.
  const q = '/api/v1/calendar/due?unit=QLMT&from=2026-06-04T17:00&limit=1h';
  assert.equal((await desk.get(q)).json.due, '2026-06-05T08:30:00+07:00');
  const h = await admin.put('/api/v1/units/QLMT', { office_hours: '08:00-12:00,13:00-17:00' });
  assert.equal(h.status, 200, h.text);
  assert.equal((await desk.get(q)).json.due, '2026-06-05T09:00:00+07:00');
});

test('a renamed unit shows in the steps of a procedure at the next request', async () => {
  // Stranger's report 16, item 6: the kept parts of a published version
  // carried the old name for up to a minute.
  const admin = await loggedIn(env.base, 'admin');
  const anon = new Client(env.base);
  const steps = async () => {
    const r = await anon.get('/api/v1/procedures/LD-02');
    assert.equal(r.status, 200, r.text);
    return r.json.process;
  };
  const first = await steps();
  await steps(); // kept now
  const step = first.find((s) => s.unit && s.unit_name);
  assert.ok(step, JSON.stringify(first));
  const old = step.unit_name;
  let r = await admin.put(`/api/v1/units/${step.unit}`, { name: `${old} (đổi tên)`, name_en: 'Renamed Division' });
  assert.equal(r.status, 200, r.text);
  const renamed = (await steps()).filter((s) => s.unit === step.unit);
  assert.ok(renamed.length > 0);
  for (const s of renamed) {
    assert.equal(s.unit_name, `${old} (đổi tên)`);
    assert.equal(s.unit_name_en, 'Renamed Division');
  }
  r = await admin.put(`/api/v1/units/${step.unit}`, { name: old, name_en: step.unit_name_en ?? '' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await steps()).find((s) => s.unit === step.unit).unit_name, old);
});
