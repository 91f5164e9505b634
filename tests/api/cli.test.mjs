// The command line beside a running server: import validates every problem
// and imports all or nothing, export re-imports, config show masks secrets,
// exit codes 0 / 1 / 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, Client, runStatus, seedProcedure } from './helpers.mjs';

const tmp = mkdtempSync(path.join(tmpdir(), 'motcua-cli-'));
const env = useServer();
const anon = () => new Client(env.base);
const T = { timeout: 20000 };

process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** A new, empty database of the backend under test, with a drop(). */
function freshDb(name) {
  if ((process.env.MOTCUA_BACKEND || 'sqlite') !== 'postgres') {
    const url = `sqlite:${tmp}/${name}.db`;
    return { url, drop() {} };
  }
  const admin = process.env.MOTCUA_PG_ADMIN;
  const db = `motcua_cli_${process.pid}_${Date.now()}_${name}`;
  execFileSync('psql', [admin, '-qAtc', `CREATE DATABASE ${db}`]);
  // libpq URIs may have an empty host (socket folder in ?host=), which WHATWG URL refuses.
  const url = admin.replace(/^(postgres(?:ql)?:\/\/[^/]*)\/[^?]*/, `$1/${db}`);
  return {
    url,
    drop() { try { execFileSync('psql', [admin, '-qAtc', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]); } catch { /* best effort */ } },
  };
}

function write(name, obj) {
  const f = path.join(tmp, name);
  writeFileSync(f, typeof obj === 'string' ? obj : JSON.stringify(obj, null, 2));
  return f;
}

function exportCodes(url) {
  const r = runStatus(['export', 'procedures', '--db', url], T);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).procedures.map((p) => p.code).sort();
}

function procedure(code, word) {
  const p = seedProcedure('LD-02');
  p.code = code;
  p.national_code = null;
  p.name = { vi: `Thủ tục nhập từ tệp ${word}`, en: `Imported procedure ${word}` };
  return p;
}

test('import of a bad file prints every problem, exits 1 and imports nothing', () => {
  const bad = procedure('LD-66', 'hỏng');
  bad.process[1].hours = 99; // shares
  bad.unit = 'XYZ'; // unknown unit
  delete bad.name.vi; // missing Vietnamese name
  bad.colour = 'đỏ'; // unknown field
  bad.process[0].role = 'janitor'; // unknown role
  const f = write('bad.json', bad);
  const before = exportCodes(env.server.db.url);
  const r = runStatus(['import', 'procedures', '--db', env.server.db.url, f], T);
  assert.equal(r.status, 1, `exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  const out = r.stdout + r.stderr;
  const named = {
    shares: /hours|share|sum/i.test(out),
    unit: out.includes('XYZ'),
    name: /name\.vi|Vietnamese name/.test(out),
    unknown: out.includes('colour'),
    role: out.includes('janitor'),
  };
  for (const [k, ok] of Object.entries(named)) assert.ok(ok, `problem "${k}" not printed:\n${out}`);
  assert.deepEqual(exportCodes(env.server.db.url), before);
});

test('a good file and a bad file together: exit 1, neither imported', () => {
  const good = write('good1.json', procedure('LD-81', 'tốt'));
  const badP = procedure('LD-82', 'xấu');
  badP.components[0].copies = 0;
  const bad = write('bad2.json', badP);
  const notJson = write('bad3.json', '{"code": "LD-83",');
  const r = runStatus(['import', 'procedures', '--db', env.server.db.url, good, bad, notJson], T);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /copies/);
  assert.match(r.stderr, /bad3\.json/);
  const codes = exportCodes(env.server.db.url);
  for (const c of ['LD-81', 'LD-82', 'LD-83']) assert.ok(!codes.includes(c), `${c} imported`);
});

test('a good file imports (exit 0) and the server shows it', async () => {
  const f = write('good.json', procedure('LD-88', 'támtám'));
  const r = runStatus(['import', 'procedures', '--db', env.server.db.url, f], T);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.ok(exportCodes(env.server.db.url).includes('LD-88'));
  const d = await anon().get('/api/v1/procedures/LD-88');
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.name, 'Thủ tục nhập từ tệp támtám');
  const s = await anon().get('/api/v1/procedures?q=' + encodeURIComponent('tam tam'));
  assert.deepEqual(s.json.items.map((i) => i.code), ['LD-88']);
});

test('export output re-imports into another database and exports the same', () => {
  const first = runStatus(['export', 'procedures', '--db', env.server.db.url], T);
  assert.equal(first.status, 0, first.stderr);
  const doc = JSON.parse(first.stdout);
  assert.ok(doc.procedures.length >= 24);
  const LD02 = doc.procedures.find((p) => p.code === 'LD-02');
  assert.deepEqual(LD02, seedProcedure('LD-02'), 'export of LD-02 differs from its seed file');
  const f = write('export.json', first.stdout);
  const db = freshDb('reimport');
  try {
    // Units come with the demo data; the export (which also holds LD-88) goes on top.
    const m = runStatus(['demo', '--db', db.url, '--password', 'other-pass'], T);
    assert.equal(m.status, 0, m.stderr);
    assert.ok(!exportCodes(db.url).includes('LD-88'));
    const r = runStatus(['import', 'procedures', '--db', db.url, f], T);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const second = runStatus(['export', 'procedures', '--db', db.url], T);
    assert.equal(second.status, 0, second.stderr);
    assert.deepEqual(JSON.parse(second.stdout), doc);
  } finally {
    db.drop();
  }
});

test('import: no file is a usage error (2); a missing file is a failure (1)', () => {
  assert.equal(runStatus(['import', 'procedures', '--db', env.server.db.url], T).status, 2);
  const r = runStatus(['import', 'procedures', '--db', env.server.db.url, path.join(tmp, 'nope.json')], T);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /nope\.json/);
});

test('config show masks secrets: PKCS#11 PIN, database password, INI secrets', () => {
  // A PIN no option's name contains (oidc.client_secret is a name, not a value).
  const r = runStatus(['config', 'show', '--pkcs11.pin', 'Pin-7731-bi-mat'], T);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!(r.stdout + r.stderr).includes('Pin-7731'), r.stdout);
  assert.match(r.stdout, /pkcs11\.pin/);

  const url = 'postgresql://motcua:S3cretPw9@db.example.vn:5432/motcua';
  const u = runStatus(['config', 'show', '--db', url], T);
  assert.equal(u.status, 0, u.stderr);
  assert.ok(!(u.stdout + u.stderr).includes('S3cretPw9'), u.stdout);
  assert.match(u.stdout, /postgresql:\/\/motcua:[^\s@]*@db\.example\.vn:5432\/motcua/);

  const ini = write('m.ini', '[smtp]\npassword = IniSecret77\n\n[pkcs11]\npin = 4242-Pin-99\n');
  const i = runStatus(['config', 'show', '--config', ini], T);
  assert.equal(i.status, 0, i.stderr);
  assert.ok(!(i.stdout + i.stderr).includes('IniSecret77'), i.stdout);
  assert.ok(!(i.stdout + i.stderr).includes('4242-Pin-99'), i.stdout);
  assert.match(i.stdout, /smtp\.password/);
});

test('config show prints the effective value of an option', () => {
  const r = runStatus(['config', 'show', '--threads', '3', '--listen', '127.0.0.1:9999'], T);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^threads\s*=\s*3\b/m);
  assert.match(r.stdout, /^listen\s*=\s*127\.0\.0\.1:9999\b/m);
});

test('exit codes: unknown command 2, --help 0, bad option values 2', () => {
  assert.equal(runStatus(['nosuch'], T).status, 2);
  assert.equal(runStatus([], T).status, 2);
  const h = runStatus(['serve', '--help'], T);
  assert.equal(h.status, 0, h.stderr);
  assert.match(h.stdout, /usage/i);
  assert.match(h.stdout, /--listen/);
  for (const cmd of [['migrate'], ['demo'], ['user', 'add'], ['import', 'procedures'], ['export', 'procedures'], ['config', 'show']]) {
    const x = runStatus([...cmd, '--help'], T);
    assert.equal(x.status, 0, `${cmd.join(' ')} --help: ${x.status} ${x.stderr}`);
    assert.match(x.stdout, /usage/i, cmd.join(' '));
  }
  // --threads 0 is out of bounds: refused before anything starts.
  const t = runStatus(['serve', '--threads', '0', '--db', `sqlite:${tmp}/t0.db`, '--listen', '127.0.0.1:0'], T);
  assert.equal(t.status, 2, `serve --threads 0: ${t.status} ${t.stderr}`);
  assert.match(t.stderr, /threads/);
  assert.equal(runStatus(['config', 'show', '--threads', '0'], T).status, 2);
  assert.equal(runStatus(['config', 'show', '--threads', 'many'], T).status, 2);
  assert.equal(runStatus(['serve', '--no-such-option', 'x'], T).status, 2);
});

test('a bad option value is refused naming the option, exit 2; a backup of a data_dir that is not there fails', () => {
  // Stranger's report 16, item 14.
  const cases = [
    [['config', 'show', '--db', 'mysql://x/y'], /option 'db': unknown database URL 'mysql:\/\/x\/y'/],
    [['config', 'show', '--db.replica', 'mysql://u:pw@x/y'], /option 'db\.replica': unknown database URL 'mysql:\/\/u:\*{8}@x\/y'/],
    [['serve', '--db', `sqlite:${tmp}/b1.db`, '--http.metrics_listen', 'bogus'], /option 'http\.metrics_listen': 'bogus' must be HOST:PORT/],
    [['serve', '--db', `sqlite:${tmp}/b2.db`, '--listen', 'bogus'], /option 'listen': 'bogus' must be HOST:PORT/],
    [['serve', '--db', `sqlite:${tmp}/b3.db`, '--listen', '127.0.0.1:70000'], /option 'listen': the port in '127\.0\.0\.1:70000' must be 0\.\.65535/],
    [['worker', '--once', '--db', `sqlite:${tmp}/b4.db`, '--smtp.url', 'http://x'], /option 'smtp\.url': unknown mail relay URL 'http:\/\/x'/],
  ];
  for (const [args, want] of cases) {
    const r = runStatus(args, T);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.status} ${r.stderr}`);
    assert.match(r.stderr, want, args.join(' '));
    assert.doesNotMatch(r.stderr, /pw@/);
  }
  const r = runStatus(['backup', path.join(tmp, 'bk-nodata'), '--db', `sqlite:${tmp}/b5.db`, '--data-dir', '/nonexist/dir'], T);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /data_dir \/nonexist\/dir: No such file or directory/);
});

test('the server kept serving while the command line worked on its database', async () => {
  const r = await anon().get('/healthz');
  assert.equal(r.status, 200);
});
