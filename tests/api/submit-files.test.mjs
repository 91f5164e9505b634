// Online submission with its files first (issue 15, item 5), as on the
// national portal: each component's files are staged by the citizen
// (POST /api/v1/uploads) or taken from their data store, and only then is
// the dossier submitted, naming them. A mandatory component without a file
// is refused (422 naming components[i]) and nothing is created, so no
// dossier reaches the desk without its files; the desk sees the files at
// once; a staged file is submitted once; the same submission sent twice
// with its Idempotency-Key is one dossier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, loggedIn, assertError, seedProcedure, onlineComponents, Client } from './helpers.mjs';
import { makePdf } from '../lib/pdf.mjs';

const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-submit-files-'));
const env = useServer({ args: ['--data-dir', dataDir] });
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));

const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}
const stage = (c, body, type = 'application/pdf') => c.post('/api/v1/uploads?name=giay-to.pdf', body, { 'content-type': type });
const submit = (c, components, headers) => c.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components }, headers);
async function mine() {
  const r = await (await as('congdan')).get('/api/v1/me/dossiers?per_page=100');
  assert.equal(r.status, 200, r.text);
  return r.json.total;
}
async function deskComponents(code) {
  const r = await (await as('tiepnhan')).get(`/api/v1/dossiers/${code}/components`);
  assert.equal(r.status, 200, r.text);
  return r.json.components;
}

let firstCode;

test('submitted with every file: the desk sees each component\'s file at once; staged files are used up', async () => {
  const c = await as('congdan');
  const comps = await onlineComponents(c, LD02);
  // A second page for the first component.
  const page2 = await stage(c, makePdf('Trang 2'));
  assert.equal(page2.status, 201, page2.text);
  assert.equal(page2.json.type, 'pdf');
  comps[0].files.push(page2.json.id);
  const r = await submit(c, comps);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.state, 'submitted');
  firstCode = r.json.code;
  const seen = await deskComponents(firstCode);
  for (const [i, comp] of LD02.components.entries()) {
    if (!comp.mandatory) { assert.equal(seen[i].satisfied, null); continue; }
    assert.equal(seen[i].satisfied.how, 'uploaded', `component ${i + 1}`);
    assert.equal(seen[i].document.files.length, i === 0 ? 2 : 1);
  }
  // The receiver opens the second page: the bytes the citizen sent.
  const f = seen[0].document.files[1];
  const dl = await (await as('tiepnhan')).get(f.href);
  assert.equal(dl.status, 200);
  assert.ok(dl.text.includes('Trang 2'));
  // The history says who uploaded what, one event per page.
  const d = await (await as('tiepnhan')).get(`/api/v1/dossiers/${firstCode}`);
  const pages = d.json.history.filter((e) => e.action === 'component_uploaded');
  assert.equal(pages.length, comps.filter((x) => typeof x === 'object').reduce((n, x) => n + x.files.length, 0));
  // A staged file is submitted once: it left the staging area.
  assertError(await c.del(`/api/v1/uploads/${page2.json.id}`), 422, 'UPLOAD_NOT_FOUND', 'id');
});

test('a mandatory component without a file is refused naming it, and nothing is created', async () => {
  const c = await as('congdan');
  const before = await mine();
  const comps = await onlineComponents(c, LD02);
  const without = structuredClone(comps);
  without[2] = 'uploaded'; // "sent electronically", but no file
  let r = await submit(c, without);
  assertError(r, 422, 'COMPONENT_FILE_MISSING', 'components[2]');
  assert.match(r.json.error.message, /chưa có tệp|no file/);
  const notApplicable = structuredClone(comps);
  notApplicable[0] = 'not_applicable';
  assertError(await submit(c, notApplicable), 422, 'COMPONENTS_INCOMPLETE', 'components[0]');
  const missing = structuredClone(comps);
  missing[1] = { status: 'missing' };
  assertError(await submit(c, missing), 422, 'COMPONENTS_INCOMPLETE', 'components[1]');
  // A file given twice, an unknown id, files on a component not sent, an id that is no number.
  const twice = structuredClone(comps);
  twice[1] = { status: 'uploaded', files: comps[0].files };
  assertError(await submit(c, twice), 400, 'FIELD_INVALID', 'components[1].files[0]');
  const unknown = structuredClone(comps);
  unknown[1] = { status: 'uploaded', files: [999999] };
  assertError(await submit(c, unknown), 422, 'UPLOAD_NOT_FOUND', 'components[1].files[0]');
  const notSent = structuredClone(comps);
  notSent[5] = { status: 'not_applicable', files: comps[1].files }; // an optional component
  assertError(await submit(c, notSent), 400, 'FIELD_INVALID', 'components[5].status');
  assertError(await submit(c, comps.map((x, i) => (i === 0 ? { status: 'uploaded', files: ['x'] } : x))), 400, 'FIELD_TYPE', 'components[0].files[0]');
  assert.equal(await mine(), before, 'a refused submission created a dossier');
  // The staged files were not used up by the refusals: the same submission, complete, goes through.
  r = await submit(c, comps);
  assert.equal(r.status, 201, r.text);
  assert.equal(await mine(), before + 1);
});

test('staged files keep the upload bounds: type from the content, hostile PDFs, the owner only', async () => {
  const c = await as('congdan');
  assertError(await stage(c, Buffer.from('just some text, named .pdf')), 415, 'FILE_TYPE_NOT_ALLOWED', 'file');
  assertError(await stage(c, makePdf(), 'image/png'), 415, 'FILE_TYPE_MISMATCH', 'file');
  assertError(await stage(c, Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n')), 422, 'FILE_PDF_INVALID', 'file');
  assertError(await stage(c, Buffer.alloc(0)), 400, 'FILE_EMPTY', 'file');
  // An officer stages nothing; another citizen cannot use or remove my file.
  assertError(await stage(await as('tiepnhan'), makePdf()), 403, 'FORBIDDEN');
  const mineUp = await stage(c, makePdf('Cua toi'));
  assert.equal(mineUp.status, 201, mineUp.text);
  const reg = await new Client(env.base).post('/api/v1/auth/register', {
    kind: 'person', id_number: '001199000778', full_name: 'Trần Thị Khác', email: 'khac@example.vn',
    username: 'congdan_khac', password: 'Mat-khau-khac-2026',
  });
  assert.equal(reg.status, 202, reg.text);
  const stranger = new Client(env.base);
  assert.equal((await stranger.login('congdan_khac', 'Mat-khau-khac-2026')).status, 200);
  assertError(await stranger.del(`/api/v1/uploads/${mineUp.json.id}`), 422, 'UPLOAD_NOT_FOUND', 'id');
  const comps = await onlineComponents(stranger, LD02, { 0: { status: 'uploaded', files: [mineUp.json.id] } });
  const r1 = await stranger.post('/api/v1/dossiers', { procedure_code: 'LD-02',
    applicant: { kind: 'person', name: 'Trần Thị Khác', id_number: '001199000778' }, components: comps });
  assertError(r1, 422, 'UPLOAD_NOT_FOUND', 'components[0].files[0]');
  // The desk gives no files with a receipt: it scans papers after.
  const desk = await as('tiepnhan');
  const r = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me,
    components: LD02.components.map((x, i) => (i === 0 ? { status: 'paper', files: [mineUp.json.id] } : (x.mandatory ? 'paper' : 'not_applicable'))) });
  assertError(r, 400, 'FIELD_INVALID', 'components[0].files');
  assert.equal((await c.del(`/api/v1/uploads/${mineUp.json.id}`)).status, 204);
});

test('a document of the data store is reused instead of a file', async () => {
  // The first dossier accepted: its components enter the citizen's store.
  const r0 = await (await as('tiepnhan')).post(`/api/v1/dossiers/${firstCode}/actions/accept`, {});
  assert.equal(r0.status, 200, r0.text);
  const c = await as('congdan');
  const store = await c.get('/api/v1/store');
  assert.equal(store.status, 200, store.text);
  const health = store.json.documents.find((d) => d.doc_type === LD02.components[1].doc_type);
  assert.ok(health, `no ${LD02.components[1].doc_type} in the store: ${store.text.slice(0, 300)}`);
  // Of another type than the component: refused naming it.
  const wrong = await onlineComponents(c, LD02, { 2: { status: 'uploaded', document_id: health.id } });
  assertError(await submit(c, wrong), 409, 'REUSE_TYPE_MISMATCH', 'components[2].document_id');
  const comps = await onlineComponents(c, LD02, { 1: { status: 'uploaded', document_id: health.id } });
  const r = await submit(c, comps);
  assert.equal(r.status, 201, r.text);
  const seen = await deskComponents(r.json.code);
  assert.equal(seen[1].satisfied.how, 'reused');
  assert.equal(seen[1].satisfied.reused_from, firstCode);
  assert.equal(seen[1].document.id, health.id);
});

test('the same submission twice in a row is one dossier', async () => {
  const c = await as('congdan');
  const before = await mine();
  const comps = await onlineComponents(c, LD02);
  const key = `submit-twice-${Date.now()}`;
  const a = await submit(c, comps, { 'idempotency-key': key });
  assert.equal(a.status, 201, a.text);
  const b = await submit(c, comps, { 'idempotency-key': key });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.headers.get('idempotent-replayed'), 'true');
  assert.equal(b.json.code, a.json.code);
  // Sent again without the key: its files were submitted already, nothing new.
  assertError(await submit(c, comps), 422, 'UPLOAD_NOT_FOUND', 'components[0].files[0]');
  assert.equal(await mine(), before + 1);
});
