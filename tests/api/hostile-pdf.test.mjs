// Hostile files against the signature paths (issue 10, items 1 and 2): a
// result draft whose trailer's /XRefStm points at its own table (it was
// accepted, then crashed the server at issue) is refused at upload with 422
// FILE_PDF_INVALID and the server lives on; a presented file with a huge
// signature (decoded in quadratic time before: 2 MB took 20 s, 25 MB an
// hour of a worker thread) is answered at once while /healthz stays up;
// a presented file larger than any accepted file is refused with 413.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, loggedIn, assertError, Client, seedProcedure, onlineComponents } from './helpers.mjs';
import { makePdf, makePdfTrailer, makeHugeSignaturePdf } from '../lib/pdf.mjs';

const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-hostile-'));
const env = useServer({ args: ['--data-dir', dataDir, '--files.max-file-mb', '20'] },
  () => { execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['pki', 'init', '--data-dir', dataDir]); });
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));

const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}
async function act(user, code, action, body = {}) {
  const r = await (await as(user)).post(`/api/v1/dossiers/${code}/actions/${action}`, body);
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
}
async function atLeader() {
  const comps = await onlineComponents(await as('congdan'), LD02);
  const r = await (await as('congdan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  await act('tiepnhan', code, 'accept');
  await act('tiepnhan', code, 'transfer', { to_user: 'chuyenvien' });
  await act('chuyenvien', code, 'transfer');
  await act('truongphong', code, 'transfer');
  return code;
}
const draft = async (code, body) => (await as('chuyenvien')).post(`/api/v1/dossiers/${code}/result?doc_type=x`, body,
  { 'content-type': 'application/pdf' });
const healthy = async () => (await fetch(env.base + '/healthz')).status === 200;

let verifyCode;

test('a result draft whose cross-references loop is refused at upload, and the server lives on', async () => {
  const code = await atLeader();
  for (const extra of ['/XRefStm @X', '/Prev @X', '/XRefStm 9 /Prev 9']) {
    assertError(await draft(code, makePdfTrailer(extra)), 422, 'FILE_PDF_INVALID', 'file');
    assert.ok(await healthy(), `the server died on ${extra}`);
  }
  // Nothing was kept: the leader has no draft to issue.
  assertError(await (await as('lanhdao')).post(`/api/v1/dossiers/${code}/issue`, {}), 409, 'NO_RESULT_DRAFT');
  // A sound draft is still accepted and signed.
  assert.equal((await draft(code, makePdf('Giay phep'))).status, 201);
  await act('lanhdao', code, 'approve');
  const r = await (await as('lanhdao')).post(`/api/v1/dossiers/${code}/issue`, {});
  assert.equal(r.status, 201, r.text);
  verifyCode = r.json.verify_code;
});

test('a presented file with a huge signature is answered at once; /healthz stays up meanwhile', async () => {
  const pub = new Client(env.base);
  const huge = makeHugeSignaturePdf(16 * 1024 * 1024);
  const posts = [0, 1].map(() => pub.post(`/api/v1/verify/${verifyCode}`, huge, { 'content-type': 'application/pdf' }));
  // While both run, another client is served (six such requests starved
  // /healthz for 45 s before). The bound is the client's patience, not a
  // speed: the old decoder needed hours for 16 MB.
  const h = await fetch(env.base + '/healthz', { signal: AbortSignal.timeout(30000) });
  assert.equal(h.status, 200);
  for (const p of posts) {
    const r = await Promise.race([p, new Promise((_, no) => setTimeout(() => no(new Error('no answer in 60 s')), 60000).unref())]);
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.equal(r.json.presented.matches, false);
    assert.ok(!r.json.presented.signature?.valid, 'a zero signature is no valid signature');
    assert.equal(r.json.valid, true, 'the stored result is still valid');
  }
});

test('a presented file larger than any accepted file is refused with 413, naming the file', async () => {
  const pub = new Client(env.base);
  assertError(await pub.post(`/api/v1/verify/${verifyCode}`, makeHugeSignaturePdf(21 * 1024 * 1024),
    { 'content-type': 'application/pdf' }), 413, 'FILE_TOO_LARGE', 'file');
});
