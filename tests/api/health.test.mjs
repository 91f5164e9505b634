// /healthz reports a disk motcua cannot write to (issue 10, item 7): with
// free space below health.min_free_mb or a failed test write it answers
// 503 {"status":"degraded","reasons":[...]} instead of 200 while log-ins
// and uploads fail. The real full disk is a small tmpfs, mounted when the
// tests run as root with the right to mount (skipped otherwise); the
// threshold check runs everywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, DEMO_PASSWORD } from './helpers.mjs';
import { startServer, run } from '../lib/motcua.mjs';

async function health(base) {
  const r = await new Client(base).get('/healthz');
  return r;
}

test('free space below health.min_free_mb: 503 degraded, with a code for each folder and no path', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-health-'));
  // 2^40 MB: more than any disk has free.
  const s = await startServer({ args: ['--data-dir', dataDir, '--health.min-free-mb', String(2 ** 40)] });
  try {
    const r = await health(s.base);
    assert.equal(r.status, 503, r.text);
    assert.equal(r.json.status, 'degraded');
    assert.equal(r.json.schema, r.json.schema_latest);
    assert.ok(Array.isArray(r.json.reasons), r.text);
    // PostgreSQL's disk is its server's to report; SQLite's folder is ours.
    if (s.db.url.startsWith('sqlite:')) assert.ok(r.json.reasons.includes('database_low_space'), r.text);
    assert.ok(r.json.reasons.includes('files_low_space'), r.text);
    // /healthz is public: no folder, no figure (they go to the log).
    assert.ok(!r.text.includes(dataDir) && !/MB/.test(r.text), r.text);
  } finally {
    await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a full disk under the database and the files: degraded, then ok once space is freed', async (t) => {
  const mnt = mkdtempSync(path.join(tmpdir(), 'motcua-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mnt], { stdio: 'ignore' });
  } catch {
    rmSync(mnt, { recursive: true, force: true });
    t.skip('cannot mount a tmpfs here (not root, or no right to mount)');
    return;
  }
  let s;
  try {
    const db = { url: `sqlite:${mnt}/m.db`, drop() {} };
    run(['migrate', '--db', db.url]);
    run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
    mkdirSync(`${mnt}/var`);
    // Checked on every request: the disk fills between two of them.
    s = await startServer({ db, args: ['--data-dir', `${mnt}/var`, '--health.min-free-mb', '1', '--health.disk-check-ms', '0'] });
    let r = await health(s.base);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'ok');
    assert.equal(r.json.reasons, undefined);

    // Fill the disk to the last block.
    const fd = openSync(`${mnt}/filler`, 'w');
    const chunk = Buffer.alloc(1 << 16, 0x55);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (e) {
      assert.equal(e.code, 'ENOSPC');
    }
    try {
      for (;;) writeSync(fd, chunk, 0, 512);
    } catch { /* full */ }
    closeSync(fd);
    r = await health(s.base);
    assert.equal(r.status, 503, r.text);
    assert.equal(r.json.status, 'degraded');
    for (const code of ['database_low_space', 'database_write_failed', 'files_low_space', 'files_write_failed']) {
      assert.ok(r.json.reasons.includes(code), `${code}: ${r.text}`);
    }
    assert.ok(!r.text.includes(mnt), r.text);

    rmSync(`${mnt}/filler`);
    r = await health(s.base);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'ok');
  } finally {
    if (s) await s.stop();
    try { execFileSync('umount', [mnt], { stdio: 'ignore' }); } catch { /* not mounted */ }
    rmSync(mnt, { recursive: true, force: true });
  }
});

// /healthz is public: each disk check writes and fsyncs a probe file in each
// folder, so one check answers every request for health.disk_check_ms. A
// probe file created and removed in the data folder changes its mtime.
test('the disk check is reused for health.disk_check_ms: a stranger polling /healthz does not make it write', async () => {
  for (const [every, writes] of [['60000', false], ['0', true]]) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-health-'));
    const s = await startServer({ args: ['--data-dir', dataDir, '--health.disk-check-ms', every] });
    try {
      assert.equal((await health(s.base)).status, 200);
      const before = statSync(dataDir, { bigint: true }).mtimeNs;
      await new Promise((r) => setTimeout(r, 20));
      for (let i = 0; i < 20; i++) assert.equal((await health(s.base)).status, 200);
      const after = statSync(dataDir, { bigint: true }).mtimeNs;
      assert.equal(after !== before, writes, `health.disk_check_ms=${every}: the data folder ${writes ? 'was not' : 'was'} written by 20 requests`);
    } finally {
      await s.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
});
