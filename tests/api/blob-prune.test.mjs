// The file store's prune (issue 15): files no row names leave the store
// once nobody wrote or found them for blob.prune_grace_hours (git's rule),
// through `motcua blobs prune` and the worker. A young file stays (a writer
// may not have committed its row yet), a file a row names stays, and a
// writer that finds its bytes already stored freshens the file's time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, loggedIn, runStatus } from './helpers.mjs';
import { makePdf } from '../lib/pdf.mjs';

const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-blob-prune-'));
// No worker in the server: the test runs the prunes itself.
const env = useServer({ args: ['--data-dir', dataDir, '--worker.interval_seconds', '0'] });
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));

const sha = (b) => createHash('sha256').update(b).digest('hex');
const blobPath = (h) => path.join(dataDir, 'blobs', h.slice(0, 2), h.slice(2, 4), h);
const threeDaysAgo = (h) => {
  const t = new Date(Date.now() - 3 * 86400e3);
  utimesSync(blobPath(h), t, t);
};
const cli = (...args) => runStatus([...args, '--db', env.server.db.url, '--data-dir', dataDir], { timeout: 60000 });

async function citizen() {
  const c = await loggedIn(env.base, 'congdan');
  return {
    async stage(text) {
      const body = makePdf(text);
      const r = await c.post('/api/v1/uploads?name=giay-to.pdf', body, { 'content-type': 'application/pdf' });
      assert.equal(r.status, 201, r.text);
      return { id: r.json.id, hex: sha(body), text };
    },
    async drop(f) {
      assert.equal((await c.del(`/api/v1/uploads/${f.id}`)).status, 204);
    },
  };
}

test('blobs prune removes only old files no row names; a file found again by a writer stays', async () => {
  const c = await citizen();
  const gone = await c.stage('Bo quen tu lau');
  await c.drop(gone);
  threeDaysAgo(gone.hex); // nobody names it, untouched for three days
  const young = await c.stage('Vua bo');
  await c.drop(young); // nobody names it, but it is young
  const named = await c.stage('Con dang dung');
  threeDaysAgo(named.hex); // old, but its staged upload names it
  const found = await c.stage('Tim lai');
  await c.drop(found);
  threeDaysAgo(found.hex);
  const oldTime = statSync(blobPath(found.hex)).mtimeMs;
  // A writer stores the same bytes again: the file's time is freshened,
  // and it stays after its new row is gone too.
  await c.drop(await c.stage(found.text));
  assert.ok(statSync(blobPath(found.hex)).mtimeMs > oldTime + 86400e3, 'the writer freshened the file');

  const dry = cli('blobs', 'prune', '--dry-run');
  assert.equal(dry.status, 0, dry.stdout + dry.stderr);
  assert.match(dry.stdout, new RegExp(`^would remove ${gone.hex} \\(\\d+ bytes\\)$`, 'm'));
  assert.ok(existsSync(blobPath(gone.hex)), '--dry-run removes nothing');

  const r = cli('blobs', 'prune');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const removed = r.stdout.split('\n').filter((l) => l.startsWith('removed '));
  assert.deepEqual(removed.map((l) => l.split(' ')[1]), [gone.hex], r.stdout);
  assert.match(r.stdout, /: 1 removed \(\d+ bytes\), 1 named by a row, 0 found by a writer since/);
  assert.ok(!existsSync(blobPath(gone.hex)), 'the old file no row names is removed');
  assert.ok(existsSync(blobPath(young.hex)), 'a young file stays');
  assert.ok(existsSync(blobPath(named.hex)), 'a file a row names stays');
  assert.ok(existsSync(blobPath(found.hex)), 'a file found again by a writer stays');
  const audit = cli('audit', 'verify');
  assert.equal(audit.status, 0, audit.stdout + audit.stderr);
});

test('the worker prunes too', async () => {
  const c = await citizen();
  const gone = await c.stage('Cho worker');
  await c.drop(gone);
  threeDaysAgo(gone.hex);
  const r = cli('worker', '--once');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /files pruned 1\b/);
  assert.ok(!existsSync(blobPath(gone.hex)));
});

test('blobs prune --help says what it does', () => {
  const r = runStatus(['blobs', 'prune', '--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /--dry-run/);
  assert.match(r.stdout, /blob\.prune_grace_hours/);
});
