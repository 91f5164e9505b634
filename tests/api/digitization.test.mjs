// Issue 15 item 18: digitization at receipt (Circular 03/2025; DOMAIN.md 6).
// A paper dossier leaves the receiving desk (its first hand-over) only once
// every paper component is scanned (or uploaded, or reused) or exempted with
// a reason; the refusal names the component and changes nothing; a
// procedure may say otherwise ("digitize_at_receipt": false).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, assertError, seedProcedure } from './helpers.mjs';
import { makePdf } from '../lib/pdf.mjs';

const env = useServer({ args: ['--desk.require_digitization', 'true'] });
const LD02 = seedProcedure('LD-02');
const company = { kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565', address: 'KCN Đồng Văn I' };
const paper = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}
async function receive(code = 'LD-02') {
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: code, applicant: company, components: paper() });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}
const transfer = async (code) => (await as('tiepnhan')).post(`/api/v1/dossiers/${code}/actions/transfer`, { to_user: 'chuyenvien' });

test('a paper dossier leaves the desk only when each paper component is scanned or exempted with a reason', async () => {
  const code = await receive();
  const idx = LD02.components.map((c, i) => (c.mandatory ? i : -1)).filter((i) => i >= 0);
  assert.ok(idx.length >= 3);
  // Nothing digitized: refused, naming the first paper component; nothing changes.
  assertError(await transfer(code), 409, 'DIGITIZATION_MISSING', `components[${idx[0]}]`);
  const desk = await as('tiepnhan');
  let d = (await desk.get(`/api/v1/dossiers/${code}`)).json;
  assert.equal(d.state, 'received');
  assert.ok(!d.history.some((e) => e.action === 'transfer'));
  // The first scanned, the second exempted (papers shown only for comparison), the rest still not.
  const up = await desk.post(`/api/v1/dossiers/${code}/components/${idx[0] + 1}/files`, makePdf('Scan'), { 'content-type': 'application/pdf' });
  assert.equal(up.status, 201, up.text);
  const ex = await desk.post(`/api/v1/dossiers/${code}/components/${idx[1] + 1}/exempt`, { exemption: 'shown_only', reason: 'Bản chính chỉ xuất trình để đối chiếu' });
  assert.equal(ex.status, 200, ex.text);
  assertError(await transfer(code), 409, 'DIGITIZATION_MISSING', `components[${idx[2]}]`);
  for (const i of idx.slice(2)) {
    const r = await desk.post(`/api/v1/dossiers/${code}/components/${i + 1}/files`, makePdf(`Scan ${i}`), { 'content-type': 'application/pdf' });
    assert.equal(r.status, 201, r.text);
  }
  const ok = await transfer(code);
  assert.equal(ok.status, 200, ok.text);
  d = (await desk.get(`/api/v1/dossiers/${code}`)).json;
  assert.equal(d.state, 'in_process');
});

test('an exemption needs its reason; a procedure may say that receipt needs no digitization', async () => {
  const code = await receive();
  const desk = await as('tiepnhan');
  assertError(await desk.post(`/api/v1/dossiers/${code}/components/1/exempt`, { exemption: 'shown_only' }), 400, 'EXEMPTION_INVALID', 'reason');
  // A procedure that says otherwise.
  const p = seedProcedure('LD-02');
  Object.assign(p, { code: 'LD-SH', national_code: null, digitize_at_receipt: false });
  const admin = await as('admin');
  const c = await admin.post('/api/v1/procedures', p);
  assert.equal(c.status, 201, c.text);
  assert.equal((await admin.post('/api/v1/procedures/LD-SH/publish', { effective_from: '2025-07-01' })).status, 200);
  const other = await receive('LD-SH');
  const r = await transfer(other);
  assert.equal(r.status, 200, r.text);
});

test('refused or withdrawn at the desk, the papers go back to the applicant unscanned', async () => {
  const desk = await as('tiepnhan');
  const refused = await receive();
  let r = await desk.post(`/api/v1/dossiers/${refused}/actions/refuse`, { note: 'Không thuộc thẩm quyền giải quyết' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await desk.get(`/api/v1/dossiers/${refused}`)).json.state, 'refused');
  const withdrawn = await receive();
  r = await desk.post(`/api/v1/dossiers/${withdrawn}/actions/withdraw`, { note: 'Công dân rút hồ sơ', fee_handling: 'none' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await desk.get(`/api/v1/dossiers/${withdrawn}`)).json.state, 'withdrawn');
});
