// `motcua demo` and `motcua serve` started outside the checkout (issue 15
// item 4): they find data/ and web/ beside the binary (or in the install
// prefix), the demo leaves a demo that signs (a demo CA and agency key in
// data_dir/pki, said to be not for production), and a demo whose data
// cannot be found fails before writing anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = path.resolve(process.env.MOTCUA_BIN || 'build/motcua');

function runIn(cwd, args) {
  try {
    return { status: 0, stdout: execFileSync(BIN, args, { cwd, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }), stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

test('demo in an empty folder: data found beside the binary, keys written, a file signed', { timeout: 60000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-elsewhere-'));
  try {
    const r = runIn(dir, ['demo', '--db', 'sqlite:m.db', '--password', 'demo-pass']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /catalogue: 24 procedures imported/);
    assert.match(r.stdout, /signing keys: a demo CA and agency key in var\/pki \(not for production\)/);
    assert.ok(existsSync(path.join(dir, 'var/pki/agency.key')));
    // Run again: the keys are kept.
    const again = runIn(dir, ['demo', '--db', 'sqlite:m.db', '--password', 'demo-pass']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /signing keys: var\/pki exists, kept/);
    // The configured signer (the one serve uses) signs with them.
    writeFileSync(path.join(dir, 'note.txt'), 'kết quả\n');
    const s = runIn(dir, ['pki', 'sign', 'note.txt', '--out', 'note.p7s']);
    assert.equal(s.status, 0, s.stderr);
    assert.ok(existsSync(path.join(dir, 'note.p7s')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('demo with a data folder that is not there writes nothing', { timeout: 30000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-elsewhere-'));
  try {
    const r = runIn(dir, ['demo', '--db', 'sqlite:m.db', '--data', 'nowhere']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no folder nowhere\/catalogue; nothing was written/);
    assert.equal(existsSync(path.join(dir, 'm.db')), false, 'no database made');
    assert.equal(existsSync(path.join(dir, 'var')), false, 'no keys made');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve in an empty folder finds the web pages', { timeout: 90000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-elsewhere-'));
  const child = spawn(BIN, ['serve', '--db', 'sqlite:m.db', '--listen', '127.0.0.1:0', '--worker.interval_seconds', '0'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    let stderr = '';
    const base = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 60000);
      child.stderr.on('data', (d) => {
        stderr += d.toString();
        const m = stderr.match(/listening on (http:\/\/[0-9.]+:\d+)/);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${stderr}`)); });
    });
    const res = await fetch(`${base}/`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<html/i);
  } finally {
    if (child.exitCode === null) {
      const done = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await done;
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
