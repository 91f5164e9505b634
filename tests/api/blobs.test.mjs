// The file store when a stored file is damaged on disk (issue 10, item 7):
// a download says the file is corrupt (500 FILE_CORRUPT, not 503 "try
// again"), `motcua audit verify` names the file, and uploading the same
// content again repairs the copy instead of being accepted onto it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, loggedIn, assertError, runStatus, seedProcedure, dbSql, onlineComponents } from './helpers.mjs';
import { makePdf } from '../lib/pdf.mjs';

const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-blobs-'));
const env = useServer({ args: ['--data-dir', dataDir] });
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));

const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const blobPath = (sha) => path.join(dataDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
const audit = () => runStatus(['audit', 'verify', '--db', env.server.db.url, '--data-dir', dataDir]);

test('a damaged file: 500 FILE_CORRUPT, named by audit verify, repaired by uploading it again', async () => {
  const c = await loggedIn(env.base, 'congdan');
  // The request form attached before submitting (issue 15), as every file is.
  const pdf = makePdf('Don de nghi cap giay phep');
  let r = await c.post('/api/v1/uploads?name=don.pdf', pdf, { 'content-type': 'application/pdf' });
  assert.equal(r.status, 201, r.text);
  const comps = await onlineComponents(c, LD02, { 0: { status: 'uploaded', files: [r.json.id] } });
  r = await c.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  r = await c.get(`/api/v1/dossiers/${code}/components`);
  assert.equal(r.status, 200, r.text);
  const doc = r.json.components[0].document.id;
  const sha = r.json.components[0].document.files[0].sha256;
  const href = `/api/v1/documents/${doc}/files/1`;
  r = await c.get(href);
  assert.equal(r.status, 200, r.text);

  let a = audit();
  assert.equal(a.status, 0, a.stdout + a.stderr);
  assert.match(a.stdout, /the history verifies/);
  assert.match(a.stdout, /^[1-9]\d* files checked: the file store verifies$/m);

  // One byte changed in place, the size kept (a bad sector, a careless edit).
  const damaged = Buffer.from(pdf);
  damaged[20] ^= 0x20;
  chmodSync(blobPath(sha), 0o640);
  writeFileSync(blobPath(sha), damaged);
  r = await c.get(href);
  assertError(r, 500, 'FILE_CORRUPT');
  assert.equal(r.headers.get('retry-after'), null);

  a = audit();
  assert.equal(a.status, 1, a.stdout + a.stderr);
  assert.match(a.stdout, new RegExp(`broken: file ${sha}: its bytes do not match its SHA-256`));

  // The same content uploaded again (a second page of the component): the
  // damaged copy is rewritten, and the first document reads again.
  r = await c.post(`/api/v1/dossiers/${code}/components/1/files`, pdf, { 'content-type': 'application/pdf' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(readFileSync(blobPath(sha)), pdf);
  r = await c.get(href);
  assert.equal(r.status, 200, r.text);
  a = audit();
  assert.equal(a.status, 0, a.stdout + a.stderr);

  // A file gone from the store is named too.
  rmSync(blobPath(sha));
  a = audit();
  assert.equal(a.status, 1, a.stdout + a.stderr);
  assert.match(a.stdout, new RegExp(`broken: file ${sha}: is missing from the file store`));

  // A broken counter too: both are named, one does not hide the other.
  const url = env.server.db.url;
  const bump = (d) => {
    const q = `UPDATE dossier_counters SET last = last + (${d})`;
    dbSql(url, q);
  };
  bump(5);
  try {
    a = audit();
    assert.equal(a.status, 1, a.stdout + a.stderr);
    assert.match(a.stdout, /^broken: .*counter/m);
    assert.match(a.stdout, new RegExp(`broken: file ${sha}: is missing from the file store`));
  } finally {
    bump(-5);
  }
});
