// Staged uploads and the file store (issue 15, item 5): an upload nobody
// submitted is dropped a day later (at a later upload) or by its owner, and
// its file leaves the file store with it unless a row still names the same
// content (a dossier's document); an upload refused after its bytes were
// stored leaves no file behind. `motcua audit verify` stays clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, loggedIn, assertError, runStatus, seedProcedure, onlineComponents, Client } from './helpers.mjs';
import { makePdf } from '../lib/pdf.mjs';

const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-upload-expiry-'));
const env = useServer({ args: ['--data-dir', dataDir, '--testing.clock_api', 'true', '--files.max_dossier_mb', '1'] });
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));

const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const sha = (b) => createHash('sha256').update(b).digest('hex');
const blobPath = (h) => path.join(dataDir, 'blobs', h.slice(0, 2), h.slice(2, 4), h);
const stage = (c, body) => c.post('/api/v1/uploads?name=giay-to.pdf', body, { 'content-type': 'application/pdf' });
const audit = () => runStatus(['audit', 'verify', '--db', env.server.db.url, '--data-dir', dataDir]);
const blobCount = () => {
  let n = 0;
  const root = path.join(dataDir, 'blobs');
  for (const a of readdirSync(root)) {
    if (a === 'tmp') continue;
    for (const b of readdirSync(path.join(root, a))) n += readdirSync(path.join(root, a, b)).length;
  }
  return n;
};

test('an upload refused after storing, or dropped by its owner, leaves no file', async () => {
  const c = await loggedIn(env.base, 'congdan');
  const big = makePdf('Lon '.repeat(150000));
  const r1 = await stage(c, big);
  assert.equal(r1.status, 201, r1.text);
  const big2 = makePdf('Khac '.repeat(150000));
  assertError(await stage(c, big2), 413, 'DOSSIER_FILES_TOO_LARGE', 'file');
  assert.ok(existsSync(blobPath(sha(big))));
  assert.ok(!existsSync(blobPath(sha(big2))), 'the refused file is not kept');
  // Dropped by its owner: its file goes too.
  assert.equal((await c.del(`/api/v1/uploads/${r1.json.id}`)).status, 204);
  assert.ok(!existsSync(blobPath(sha(big))), 'a dropped upload\'s file is not kept');
});

test('an expired upload takes its file with it, unless a dossier\'s document shares it', async () => {
  const c = await loggedIn(env.base, 'congdan');
  const comps = await onlineComponents(c, LD02);
  const r = await c.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(r.status, 201, r.text);
  // The same bytes as the dossier's first document, staged again and left.
  const shared = makePdf('Thanh phan 1');
  assert.equal((await stage(c, shared)).status, 201);
  const forgotten = makePdf('Bo quen');
  assert.equal((await stage(c, forgotten)).status, 201);
  assert.ok(existsSync(blobPath(sha(forgotten))));
  const before = blobCount();

  // Two days later, someone uploads: the old uploads are dropped.
  const clock = await new Client(env.base).put('/api/v1/testing/clock', { now_ms: Date.now() + 2 * 86400e3 });
  assert.equal(clock.status, 200, clock.text);
  const c2 = await loggedIn(env.base, 'congdan');
  const fresh = makePdf('Moi');
  assert.equal((await stage(c2, fresh)).status, 201);
  assert.ok(!existsSync(blobPath(sha(forgotten))), 'the forgotten file is deleted');
  assert.ok(existsSync(blobPath(sha(shared))), 'the file a dossier names stays');
  assert.ok(existsSync(blobPath(sha(fresh))));
  assert.equal(blobCount(), before); // one gone, one new
  const seen = await (await loggedIn(env.base, 'tiepnhan')).get(`/api/v1/dossiers/${r.json.code}/components`);
  assert.equal(seen.status, 200, seen.text);
  const a = audit();
  assert.equal(a.status, 0, a.stdout + a.stderr);
});
