// Documents over HTTP (issue 5): uploads typed from their content with
// limits; digitization at the desk and exemptions; the applicant's data
// store with reuse offered and recorded (expired documents not offered,
// another owner's refused); the authorization of every download, each
// officer download an event; the result drafted, signed at issue by the one
// allowed to (pdfsig and the verification route judge the signature); the
// next dossier offered the signed result; and the e-archive of a dossier
// verified offline and caught when altered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, loggedIn, assertError, Client, runStatus, seedProcedure, onlineComponents } from './helpers.mjs';
import { makePdf, draftResult } from '../lib/pdf.mjs';

const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-docs-'));
const env = useServer({ args: ['--data-dir', dataDir, '--files.max-file-mb', '1', '--files.max-dossier-mb', '3'] },
  () => { execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['pki', 'init', '--data-dir', dataDir]); });
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));

const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const company = { kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565', address: 'KCN Đồng Văn I' };

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF scan of a paper')]);

const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}
const upload = (c, code, n, body, type = 'application/pdf', q = '') =>
  c.post(`/api/v1/dossiers/${code}/components/${n}/files${q}`, body, { 'content-type': type });
async function act(user, code, action, body = {}) {
  const r = await (await as(user)).post(`/api/v1/dossiers/${code}/actions/${action}`, body);
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
  return r.json;
}
async function submitOnline() {
  const comps = await onlineComponents(await as('congdan'), LD02);
  const r = await (await as('congdan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}
/** From received to in_process with the leader (approving needs a draft result). */
async function toLeader(code) {
  await act('tiepnhan', code, 'transfer', { to_user: 'chuyenvien' });
  await act('chuyenvien', code, 'transfer');
  await act('truongphong', code, 'transfer');
}
const components = async (user, code) => {
  const r = await (await as(user)).get(`/api/v1/dossiers/${code}/components`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};

let first; // the first dossier's code, signed result and its documents
const docs = {};

test('uploads are typed from their content and capped; bad ones change nothing', async () => {
  const c = await as('congdan');
  // Attached before submitting (issue 15): the request form (PDF), a health
  // certificate valid a year, a passport copy already expired.
  const stage = async (body, type, q) => {
    const r = await c.post(`/api/v1/uploads${q}`, body, { 'content-type': type });
    assert.equal(r.status, 201, r.text);
    return { status: 'uploaded', files: [r.json.id] };
  };
  const year = new Date(Date.now() + 365 * 86400000).toISOString().slice(0, 10);
  const comps = await onlineComponents(c, LD02, {
    0: await stage(makePdf('Don de nghi'), 'application/pdf', '?name=don.pdf'),
    1: await stage(JPEG, 'image/jpeg', `?valid_until=${year}&issuer=${encodeURIComponent('Bệnh viện Bạch Mai')}`),
    6: await stage(JPEG, 'application/octet-stream', '?valid_until=2020-01-01'),
  });
  let r = await c.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  first = code;
  let list = await components('congdan', code);
  assert.equal(list.components[0].document.files[0].type, 'pdf');
  assert.match(list.components[0].document.hash, /^[0-9a-f]{64}$/);
  assert.equal(list.components[1].document.issuer, 'Bệnh viện Bạch Mai');
  assert.equal(list.components[1].document.valid_until.slice(0, 10), year);
  docs.form = list.components[0].document.id;
  docs.health = list.components[1].document.id;
  docs.passport = list.components[6].document.id;
  // More pages while the dossier waits at the desk: the same bounds.
  assertError(await upload(c, code, 1, Buffer.from('just some text, named .pdf')), 415, 'FILE_TYPE_NOT_ALLOWED', 'file');
  assertError(await upload(c, code, 1, makePdf(), 'image/png'), 415, 'FILE_TYPE_MISMATCH', 'file');
  assertError(await upload(c, code, 1, Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n')), 422, 'FILE_PDF_INVALID', 'file');
  assertError(await upload(c, code, 1, Buffer.alloc(0)), 400, 'FILE_EMPTY', 'file');
  const big = Buffer.concat([JPEG, Buffer.alloc(1024 * 1024 + 10)]);
  assertError(await upload(c, code, 1, big, 'image/jpeg'), 413, 'FILE_TOO_LARGE', 'file');
  assertError(await upload(c, code, 99, makePdf()), 404, 'COMPONENT_NOT_FOUND', 'component');
  list = await components('congdan', code);
  assert.ok(list.components.every((x) => !x.document || x.document.files.length === 1), 'a refused upload left a trace');
  // A second page of the same component makes one document of two files.
  r = await upload(c, code, 1, makePdf('Trang 2'));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.id, docs.form);
  assert.equal(r.json.files.length, 2);
  // The dossier's total: 3 MB at most (three files of ~1 MB pass, a fourth does not).
  const mb = Buffer.concat([JPEG, Buffer.alloc(1000 * 1000)]);
  assert.equal((await upload(c, code, 3, mb, 'image/jpeg')).status, 201);
  assert.equal((await upload(c, code, 4, mb, 'image/jpeg')).status, 201);
  assert.equal((await upload(c, code, 8, mb, 'image/jpeg')).status, 201);
  assertError(await upload(c, code, 9, mb, 'image/jpeg'), 413, 'DOSSIER_FILES_TOO_LARGE', 'file');
  list = await components('congdan', code);
  assert.equal(list.components[0].satisfied.how, 'uploaded');
  assert.equal(list.components[8].satisfied, null, 'the refused file left a trace');
});

test('the desk digitizes paper and records exemptions; the applicant cannot attach once received', async () => {
  await act('tiepnhan', first, 'accept');
  const desk = await as('tiepnhan');
  let r = await upload(desk, first, 5, JPEG, 'image/jpeg');
  assert.equal(r.status, 201, r.text);
  r = await desk.post(`/api/v1/dossiers/${first}/components/6/exempt`, { exemption: 'shown_only', reason: 'Bản chính chỉ để đối chiếu' });
  assert.equal(r.status, 200, r.text);
  assertError(await desk.post(`/api/v1/dossiers/${first}/components/9/exempt`, { exemption: 'lost', reason: 'x' }),
    400, 'EXEMPTION_INVALID', 'exemption');
  assertError(await desk.post(`/api/v1/dossiers/${first}/components/9/exempt`, { exemption: 'confidential' }),
    400, 'EXEMPTION_INVALID', 'reason');
  assertError(await upload(await as('congdan'), first, 8, makePdf()), 409, 'COMPONENT_LOCKED');
  const list = await components('tiepnhan', first);
  assert.equal(list.components[4].satisfied.how, 'digitized');
  assert.equal(list.components[4].satisfied.by, 'Nguyễn Thị Lan');
  assert.equal(list.components[5].satisfied.exemption, 'shown_only');
  const d = await desk.get(`/api/v1/dossiers/${first}`);
  const actions = d.json.history.map((e) => e.action);
  for (const a of ['component_uploaded', 'component_digitized', 'component_exempted']) assert.ok(actions.includes(a), a);
});

test('downloads: the owner and officers handling the dossier, each officer download an event; nobody else', async () => {
  const href = `/api/v1/documents/${docs.form}/files/1`;
  let r = await (await as('congdan')).get(href);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  const before = (await (await as('tiepnhan')).get(`/api/v1/dossiers/${first}`)).json.history.length;
  r = await (await as('tiepnhan')).get(href);
  assert.equal(r.status, 200);
  const hist = (await (await as('tiepnhan')).get(`/api/v1/dossiers/${first}`)).json.history;
  assert.ok(hist.slice(before).some((e) => e.action === 'file_downloaded' && e.data.document_id === docs.form), 'no download event');
  assertError(await (await as('admin')).get(href), 403, 'NO_PERSONAL_DATA'); // administrators see no personal data
  // Another citizen.
  const other = new Client(env.base);
  const reg = await other.post('/api/v1/auth/register', { kind: 'person', id_number: '001090054321', full_name: 'Lê Văn Khác',
    email: 'khac@example.vn', username: 'levankhac', password: 'mat-khau-dai-1' });
  assert.equal(reg.status, 202, reg.text);
  assert.equal((await other.login('levankhac', 'mat-khau-dai-1')).status, 200);
  assertError(await other.get(href), 403, 'DOWNLOAD_FORBIDDEN');
  assertError(await other.get(`/api/v1/dossiers/${first}/components`), 404, 'DOSSIER_NOT_FOUND');
  assertError(await (await as('congdan')).get(`/api/v1/documents/${docs.form}/files/9`), 404, 'DOCUMENT_NOT_FOUND', 'file');
  assertError(await (await as('congdan')).get('/api/v1/documents/999999/files/1'), 404, 'DOCUMENT_NOT_FOUND');
});

let signed;
test('the result is drafted, then signed at issue only by whom the lifecycle allows; pdfsig validates it', async () => {
  await toLeader(first);
  assertError(await (await as('lanhdao')).post(`/api/v1/dossiers/${first}/issue`, {}), 409, 'NO_RESULT_DRAFT');
  const spec = await as('chuyenvien');
  const q = '?doc_type=foreign_worker_demand_approval&title=' + encodeURIComponent('Văn bản chấp thuận nhu cầu sử dụng lao động');
  assertError(await spec.post(`/api/v1/dossiers/${first}/result${q}`, Buffer.from('<not a pdf'), { 'content-type': 'application/pdf' }),
    415, 'FILE_TYPE_MISMATCH', 'file');
  let r = await spec.post(`/api/v1/dossiers/${first}/result${q}`, makePdf('Giay phep'), { 'content-type': 'application/pdf' });
  assert.equal(r.status, 201, r.text);
  await act('lanhdao', first, 'approve');
  assertError(await spec.post(`/api/v1/dossiers/${first}/issue`, {}), 403, 'FORBIDDEN');
  r = await (await as('lanhdao')).post(`/api/v1/dossiers/${first}/issue`, { result_code: 'GPLĐ-2026-007' });
  assert.equal(r.status, 201, r.text);
  signed = r.json;
  assert.match(signed.verify_code, /^[2-9A-Z]{12}$/);
  assert.equal(signed.format, 'pades');
  assert.equal(signed.signed_by, 'Phạm Quốc Hùng');
  const d = (await (await as('lanhdao')).get(`/api/v1/dossiers/${first}`)).json;
  assert.equal(d.state, 'result_ready');
  assert.equal(d.result_code, 'GPLĐ-2026-007');
  assert.ok(d.history.some((e) => e.action === 'result_signed' && e.data.verify_code === signed.verify_code));
  // Issuing twice is refused by the lifecycle, nothing signed again.
  assertError(await (await as('lanhdao')).post(`/api/v1/dossiers/${first}/issue`, {}), 403, 'SIGN_FORBIDDEN');
  // The owner downloads the signed PDF; pdfsig says valid and names the signer.
  r = await (await as('congdan')).get(`/api/v1/documents/${signed.document_id}/files/1`);
  assert.equal(r.status, 200);
  const raw = Buffer.from(await (await fetch(env.base + `/api/v1/documents/${signed.document_id}/files/1`,
    { headers: { cookie: (await as('congdan')).cookie } })).arrayBuffer());
  const file = path.join(dataDir, 'result.pdf');
  writeFileSync(file, raw);
  const out = execFileSync('pdfsig', [file], { encoding: 'utf8' });
  assert.match(out, /Signature Validation: Signature is Valid/);
  assert.match(out, /ETSI\.CAdES\.detached/);
  assert.match(out, /Signer Certificate Common Name: BAN QUẢN LÝ/);
  // The stamp's QR code leads to the verification page.
  if (existsSync('/usr/bin/zbarimg')) {
    execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', file, path.join(dataDir, 'page')]);
    const qr = execFileSync('zbarimg', ['-q', '--raw', path.join(dataDir, 'page-1.png')], { encoding: 'utf8' });
    assert.match(qr.trim(), new RegExp(`/#/verify/${signed.verify_code}$`));
  }
  signed.bytes = raw;
});

test('verification: public, says valid, who and when; a presented file matches or not', async () => {
  const pub = new Client(env.base);
  let r = await pub.get(`/api/v1/verify/${signed.verify_code}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.valid, true);
  assert.equal(r.json.signature.valid, true);
  assert.equal(r.json.signature.whole, true);
  assert.match(r.json.signature.signer, /^BAN QUẢN LÝ/);
  assert.match(r.json.sha256, /^[0-9a-f]{64}$/);
  assert.equal(r.json.dossier, first);
  assert.ok(!JSON.stringify(r.json).includes('001090012345'), 'the owner\'s ID is not public');
  r = await pub.post(`/api/v1/verify/${signed.verify_code}`, signed.bytes, { 'content-type': 'application/pdf' });
  assert.equal(r.json.presented.matches, true);
  const changed = Buffer.from(signed.bytes);
  changed[300] ^= 1;
  r = await pub.post(`/api/v1/verify/${signed.verify_code}`, changed, { 'content-type': 'application/pdf' });
  assert.equal(r.json.presented.matches, false);
  assert.equal(r.json.presented.signature.valid, false);
  assertError(await pub.get('/api/v1/verify/ABCDEFGHJKMN'), 404, 'RESULT_NOT_FOUND');
  assertError(await pub.get('/api/v1/verify/x'), 404, 'RESULT_NOT_FOUND', 'code');
});

test('the next dossier is offered what the store holds, still valid; reuse is recorded; others\' and expired refused', async () => {
  const code = await submitOnline();
  const list = await components('congdan', code);
  const offered = (n) => list.components[n - 1].offers.map((o) => o.id);
  assert.deepEqual(offered(1), [docs.form]);
  assert.deepEqual(offered(2), [docs.health]);
  assert.deepEqual(offered(7), [], 'an expired document is offered');
  assert.deepEqual(offered(6), [signed.document_id], 'the signed result is offered');
  const c = await as('congdan');
  const reuse = (n, id) => c.post(`/api/v1/dossiers/${code}/components/${n}/reuse`, { document_id: id });
  assertError(await reuse(7, docs.passport), 409, 'REUSE_EXPIRED', 'document_id');
  assertError(await reuse(3, docs.health), 409, 'REUSE_TYPE_MISMATCH', 'document_id');
  // A company's document, digitized at the desk.
  const desk = await as('tiepnhan');
  const comps = LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' }));
  const co = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components: comps });
  assert.equal(co.status, 201, co.text);
  const up = await upload(desk, co.json.code, 1, makePdf('Cong ty'));
  assertError(await reuse(1, up.json.id), 403, 'REUSE_NOT_OWNER', 'document_id');
  assertError(await (await as('congdan')).get(`/api/v1/documents/${up.json.id}/files/1`), 403, 'DOWNLOAD_FORBIDDEN');
  assert.equal((await reuse(1, docs.form)).status, 200);
  assert.equal((await reuse(2, docs.health)).status, 200);
  const after = await components('congdan', code);
  assert.equal(after.components[0].satisfied.how, 'reused');
  assert.equal(after.components[0].satisfied.reused_from, first);
  assert.equal(after.components[0].document.id, docs.form);
  // An officer sees the store only while handling a dossier of that owner.
  const st = await desk.get(`/api/v1/dossiers/${code}/store`);
  assert.equal(st.status, 200, st.text);
  assert.ok(st.json.documents.some((d) => d.id === signed.document_id));
  const own = await c.get('/api/v1/store');
  assert.ok(own.json.documents.some((d) => d.id === docs.passport), 'the owner sees expired documents too');
  // Done when: two reused, one digitized paper, a signed result offered again.
  await act('tiepnhan', code, 'accept');
  assert.equal((await upload(desk, code, 3, JPEG, 'image/jpeg')).status, 201);
  await toLeader(code);
  const spec = await as('chuyenvien');
  await spec.post(`/api/v1/dossiers/${code}/result?doc_type=foreign_worker_demand_approval`, makePdf('Lan 2'), { 'content-type': 'application/pdf' });
  await act('lanhdao', code, 'approve');
  const r = await (await as('lanhdao')).post(`/api/v1/dossiers/${code}/issue`, {});
  assert.equal(r.status, 201, r.text);
  const v = await new Client(env.base).get(`/api/v1/verify/${r.json.verify_code}`);
  assert.equal(v.json.valid, true);
  const third = await components('congdan', await submitOnline());
  assert.ok(third.components[5].offers.some((o) => o.id === r.json.document_id));
});

test('the e-archive package verifies offline, and fails when a file or an event is altered', async () => {
  const bin = process.env.MOTCUA_BIN || 'build/motcua';
  const pkg = path.join(dataDir, 'archive.tar');
  let r = runStatus(['archive', 'retention', 'LD-02', '5', '--basis', 'Quy định lưu trữ hồ sơ cấp phép', '--db', env.server.db.url]);
  assert.equal(r.status, 0, r.stderr);
  r = runStatus(['archive', 'export', first, '--out', pkg, '--db', env.server.db.url, '--data-dir', dataDir]);
  assert.equal(r.status, 0, r.stderr);
  // Offline: a copy far from the data directory, no database.
  const alone = path.join(mkdtempSync(path.join(tmpdir(), 'motcua-arch-')), 'a.tar');
  writeFileSync(alone, readFileSync(pkg));
  r = runStatus(['archive', 'verify', alone]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /files match their SHA-256/);
  assert.match(r.stdout, /ok {3}result [2-9A-Z]{12} \(pades\)/);
  assert.match(r.stdout, /retention: \d{4}-\d{2}-\d{2}/);
  const tarList = execFileSync('tar', ['tf', alone], { encoding: 'utf8' });
  assert.match(tarList, /^manifest\.json$/m);
  assert.match(tarList, /^files\/[0-9a-f]{64}\.pdf$/m);
  const manifest = JSON.parse(execFileSync('tar', ['xOf', alone, 'manifest.json'], { encoding: 'utf8' }));
  assert.equal(manifest.dossier.code, first);
  assert.equal(manifest.retention.years, 5);
  assert.ok(manifest.events.some((e) => e.action === 'result_signed'));
  assert.equal(manifest.chain.nevents, manifest.events.length);
  // One byte of one file.
  const bytes = readFileSync(alone);
  const name = manifest.files.find((f) => f.type === 'jpeg').path;
  let hdr = bytes.indexOf(Buffer.from(name));
  while (hdr % 512 !== 0) hdr = bytes.indexOf(Buffer.from(name), hdr + 1); // the tar header, not the manifest
  const at = hdr + 512;
  const bad1 = Buffer.from(bytes);
  bad1[at + 3] ^= 0x55;
  writeFileSync(alone, bad1);
  r = runStatus(['archive', 'verify', alone]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /FAIL file files\/[0-9a-f]{64}\.jpg does not match/);
  // One character of one event (same length: the tar stays well formed).
  const text = bytes.toString('latin1');
  const i = text.indexOf('"actor": "tiepnhan"');
  assert.ok(i > 0);
  const bad2 = Buffer.from(bytes);
  bad2[i + 17] = 'm'.charCodeAt(0);
  writeFileSync(alone, bad2);
  r = runStatus(['archive', 'verify', alone]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /FAIL manifest signed/);
  assert.match(r.stdout, /FAIL event \d+ .* does not match its hash/);
  assert.ok(!existsSync(path.join(dataDir, 'nothing')));
});

test('event data with quotes, backslashes, control characters and Vietnamese: kept by the history, audit verify and the e-archive', async () => {
  const nasty = 'GP "số" 1\\2\n\t\u0001 — Hà Nam </script>';
  const desk = await as('tiepnhan');
  const comps = LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' }));
  const co = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components: comps });
  assert.equal(co.status, 201, co.text);
  const code = co.json.code;
  await toLeader(code);
  await draftResult(await as('chuyenvien'), code);
  await act('lanhdao', code, 'approve');
  const d = await act('lanhdao', code, 'issue_result', { result_code: nasty });
  assert.equal(d.result_code, nasty);
  const issued = d.history.at(-1);
  assert.equal(issued.action, 'issue_result');
  assert.equal(issued.data.result_code, nasty);
  let r = runStatus(['audit', 'verify', '--db', env.server.db.url, '--data-dir', dataDir]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /the history verifies/);
  const pkg = path.join(dataDir, 'nasty.tar');
  r = runStatus(['archive', 'export', code, '--out', pkg, '--db', env.server.db.url, '--data-dir', dataDir]);
  assert.equal(r.status, 0, r.stderr);
  r = runStatus(['archive', 'verify', pkg]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /ok {3}history: \d+ events chained/);
  const manifest = JSON.parse(execFileSync('tar', ['xOf', pkg, 'manifest.json'], { encoding: 'utf8' }));
  const last = manifest.events.at(-1);
  assert.equal(last.action, 'issue_result');
  assert.equal(JSON.parse(last.data).result_code, nasty);
  assert.equal(last.hash, issued.hash);
});
