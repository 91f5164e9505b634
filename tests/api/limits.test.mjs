// Paths built in fixed buffers fail loudly when they do not fit (issue 11,
// item 5): `pki init` with a data_dir so long that "<data_dir>/pki" is cut
// short once wrote the agency's keys into "<data_dir>/p"; now it says the
// folder is too long, exits 1 and writes nothing. A catalogue search with
// more than 12 words checks every word (the 13th and later were dropped).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runStatus, startServer, Client } from '../lib/motcua.mjs';

const tmp = mkdtempSync(path.join(tmpdir(), 'motcua-limits-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

test('pki init refuses a data_dir whose pki folder does not fit, and writes nothing', { timeout: 20000 }, () => {
  // A real folder 2045 characters long: "<dir>/pki" needs 2049 bytes of
  // the 2048 the command has, and "<dir>/p" is what a cut would leave.
  let dir = tmp;
  while (dir.length < 2045 - 201) dir = path.join(dir, 'd'.repeat(200));
  dir = path.join(dir, 'e'.repeat(2045 - dir.length - 1));
  assert.equal(dir.length, 2045);
  mkdirSync(dir, { recursive: true });
  const r = runStatus(['pki', 'init', '--data-dir', dir], { timeout: 15000 });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /data_dir is too long/);
  assert.ok(!existsSync(path.join(dir, 'p')), 'keys were written into a cut-short folder');
  assert.deepEqual(readdirSync(dir), []);
});

// The bound covers the server's start too (migrate, demo, serve): 20 s was
// not enough for the sanitizer build on a loaded machine.
test('a catalogue search counts every word, not the first 12', { timeout: 120000 }, async () => {
  const env = await startServer();
  try {
    const list = async (q) => {
      const r = await new Client(env.base).get('/api/v1/procedures?q=' + encodeURIComponent(q));
      assert.equal(r.status, 200, r.text);
      return r.json;
    };
    const twelve = Array(12).fill('lao').join(' ');
    assert.ok((await list(twelve)).total >= 1, 'twelve words that occur find something');
    // A 13th word that occurs nowhere: nothing has every word.
    const j = await list(twelve + ' zzzzkhongco');
    assert.equal(j.total, 0, `found ${j.items.map((i) => i.code).join(', ')}`);
  } finally {
    await env.stop();
  }
});
