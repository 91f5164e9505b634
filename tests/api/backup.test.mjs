// Backup and restore (issue 10, item 8): `motcua backup DIR` copies the
// database, the file store and the keys while the server runs, with a
// manifest of hashes; `motcua restore DIR` refuses a backup whose files or
// manifest were touched, restores into a fresh place where files download
// and signatures verify, and moves the code counters past the codes handed
// out after the backup that it can find (here: in a file of the store that
// survived), so that the next receipt does not hand one out again.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, statSync, cpSync, unlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { useServer, loggedIn, Client, runStatus, seedProcedure, dbSql, onlineComponents } from './helpers.mjs';
import { startServer, freshDb } from '../lib/motcua.mjs';
import { makePdf, draftResult } from '../lib/pdf.mjs';

const BIN = process.env.MOTCUA_BIN || 'build/motcua';
const work = mkdtempSync(path.join(tmpdir(), 'motcua-backup-'));
const dataA = path.join(work, 'a');
const env = useServer({ args: ['--data-dir', dataA] },
  () => { execFileSync(BIN, ['pki', 'init', '--data-dir', dataA]); });
const dbs = [];
after(() => {
  for (const d of dbs) d.drop();
  rmSync(work, { recursive: true, force: true });
});

const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };

const clients = {};
async function as(user, base = env.base) {
  const key = `${base} ${user}`;
  if (!clients[key]) clients[key] = await loggedIn(base, user);
  return clients[key];
}
async function act(user, code, action, body = {}) {
  const r = await (await as(user)).post(`/api/v1/dossiers/${code}/actions/${action}`, body);
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
}
async function submitOnline(base = env.base) {
  const c = await as('congdan', base);
  const comps = await onlineComponents(c, LD02);
  const r = await c.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}
const upload = async (code, body) => {
  const r = await (await as('congdan')).post(`/api/v1/dossiers/${code}/components/1/files`, body, { 'content-type': 'application/pdf' });
  assert.equal(r.status, 201, r.text);
  return r.json;
};
const seqOf = (code) => Number(code.split('-')[2]);
/** A one-page PDF whose page text is Flate-compressed (as most PDFs are). */
function flatePdf(text) {
  const content = deflateSync(Buffer.from(`BT /F1 24 Tf 72 760 Td (${text}) Tj ET`, 'latin1'));
  const objs = [Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'), Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>'),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
    Buffer.concat([Buffer.from(`<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`), content, Buffer.from('\nendstream')])];
  const parts = [Buffer.from('%PDF-1.4\n')];
  let len = parts[0].length;
  const offs = [];
  objs.forEach((o, i) => {
    offs.push(len);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from('\nendobj\n')]);
    parts.push(b);
    len += b.length;
  });
  let x = `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offs) x += `${String(o).padStart(10, '0')} 00000 n \n`;
  x += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${len}\n%%EOF\n`;
  parts.push(Buffer.from(x));
  return Buffer.concat(parts);
}
const backup = (dir, db, data, ...more) => runStatus(['backup', dir, '--db', db, '--data-dir', data, ...more]);
const restore = (dir, db, data, ...more) => runStatus(['restore', dir, '--db', db, '--data-dir', data, ...more]);
function newDb() {
  const d = freshDb();
  dbs.push(d);
  return d;
}

const bk = path.join(work, 'backup');
const before = {}; // what existed at the backup
const later = []; // codes handed out after it

test('backup while serving: database, files and keys with a manifest; a non-empty folder is refused', async () => {
  // A dossier with an uploaded file and a signed result (the draft names its code).
  const code = await submitOnline();
  before.code = code;
  before.doc = (await upload(code, makePdf('Don de nghi'))).id;
  await act('tiepnhan', code, 'accept');
  await act('tiepnhan', code, 'transfer', { to_user: 'chuyenvien' });
  await act('chuyenvien', code, 'transfer');
  await act('truongphong', code, 'transfer');
  await draftResult(await as('chuyenvien'), code);
  await act('lanhdao', code, 'approve');
  let r = await (await as('chuyenvien')).post(`/api/v1/dossiers/${code}/result?doc_type=foreign_worker_demand_approval`,
    makePdf(`Ket qua ho so ${code}`), { 'content-type': 'application/pdf' });
  assert.equal(r.status, 201, r.text);
  r = await (await as('lanhdao')).post(`/api/v1/dossiers/${code}/issue`, {});
  assert.equal(r.status, 201, r.text);
  before.signed = r.json;
  before.file = Buffer.from((await (await as('congdan')).get(`/api/v1/documents/${before.doc}/files/1`)).text, 'latin1');

  // While the server runs (it keeps serving: a request during and after).
  r = backup(bk, env.server.db.url, dataA);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal((await new Client(env.base).get('/healthz')).status, 200);
  const m = JSON.parse(readFileSync(path.join(bk, 'manifest.json'), 'utf8'));
  assert.equal(m.format, 'motcua-backup');
  assert.match(m.motcua_version, /^\d+\.\d+/);
  assert.ok(m.schema_version >= 11, JSON.stringify(m.schema_version));
  assert.ok(Math.abs(m.created_at - Date.now()) < 60000);
  const dbFile = (process.env.MOTCUA_BACKEND || 'sqlite') === 'sqlite' ? 'db.sqlite' : 'db.pgdump';
  assert.equal(m.database, dbFile);
  const paths = m.files.map((f) => f.path);
  assert.ok(paths.includes(dbFile));
  for (const k of ['pki/agency.key', 'pki/agency.pem', 'pki/chain.pem']) assert.ok(paths.includes(k), k);
  assert.ok(paths.filter((p) => p.startsWith('blobs/')).length >= 3, 'the upload, the draft and the signed result');
  for (const f of m.files) {
    assert.match(f.sha256, /^[0-9a-f]{64}$/);
    assert.equal(statSync(path.join(bk, f.path)).size, f.size, f.path);
  }
  assert.equal(statSync(path.join(bk, 'pki/agency.key')).mode & 0o777, 0o600);
  assert.equal(statSync(bk).mode & 0o777, 0o700);
  // The highest code of the day's counter is the dossier's.
  const [ident, day] = code.split('-');
  const counter = m.counters.find((c) => c.unit === ident && String(c.day).slice(2) === day);
  assert.ok(counter, JSON.stringify(m.counters));
  assert.equal(counter.code, code);
  assert.equal(counter.last, seqOf(code));

  // Not over an existing folder unasked; --force brings it up to date.
  r = backup(bk, env.server.db.url, dataA);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /is not empty.*--force/);
  r = backup(bk, env.server.db.url, dataA, '--force');
  assert.equal(r.status, 0, r.stderr);
  const help = runStatus(['backup', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: motcua backup DIR/);
  assert.equal(runStatus(['backup']).status, 2);
});

test('codes handed out after the backup', async () => {
  // N+1: a dossier that leaves no file (nothing can tell a restore about it).
  later.push(await submitOnline());
  // N+2: a dossier whose uploaded file names its code.
  const code = await submitOnline();
  later.push(code);
  await upload(code, makePdf(`To khai ho so ${code}`));
  // N+3: the same, in a PDF whose text is compressed.
  const third = await submitOnline();
  later.push(third);
  const pdf = flatePdf(`To khai ho so ${third}`);
  assert.ok(!pdf.includes(third), 'the code is not in the bytes as written');
  await upload(third, pdf);
  assert.deepEqual(later.map(seqOf), [1, 2, 3].map((k) => seqOf(before.code) + k));
});

test('a backup whose files or manifest were touched is refused, naming the file; nothing is restored', async () => {
  const m = JSON.parse(readFileSync(path.join(bk, 'manifest.json'), 'utf8'));
  const blob = m.files.find((f) => f.path.startsWith('blobs/')).path;
  const cases = [
    ['a file of the store changed', (d) => { const p = path.join(d, blob); const b = readFileSync(p); b[10] ^= 1; writeFileSync(p, b); },
      new RegExp(`${blob}: its SHA-256 does not match`)],
    ['a key missing', (d) => unlinkSync(path.join(d, 'pki/agency.key')), /pki\/agency\.key: missing/],
    ['the manifest edited', (d) => {
      const mm = JSON.parse(readFileSync(path.join(d, 'manifest.json'), 'utf8'));
      mm.files.find((f) => f.path === m.database).sha256 = '0'.repeat(64);
      writeFileSync(path.join(d, 'manifest.json'), JSON.stringify(mm));
    }, new RegExp(`${m.database.replace('.', '\\.')}: its SHA-256 does not match`)],
    ['a file renamed in the manifest', (d) => {
      const mm = JSON.parse(readFileSync(path.join(d, 'manifest.json'), 'utf8'));
      mm.files.find((f) => f.path === blob).sha256 = 'f'.repeat(64);
      writeFileSync(path.join(d, 'manifest.json'), JSON.stringify(mm));
    }, new RegExp(`${blob}: a stored file's name must be its SHA-256`)],
    ['no manifest', (d) => unlinkSync(path.join(d, 'manifest.json')), /manifest\.json: missing/],
  ];
  for (const [what, spoil, expect] of cases) {
    const copy = path.join(work, 'spoilt');
    rmSync(copy, { recursive: true, force: true });
    cpSync(bk, copy, { recursive: true });
    spoil(copy);
    const db = newDb();
    const data = path.join(work, 'spoilt-data');
    const r = restore(copy, db.url, data);
    assert.equal(r.status, 1, `${what}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout + r.stderr, expect, what);
    assert.ok(!existsSync(path.join(data, 'pki')), `${what}: keys were restored`);
    // The database is still empty: a restore there needs no --force.
    const again = restore(bk, db.url, path.join(work, 'spoilt-data2'));
    assert.equal(again.status, 0, `${what}: ${again.stderr}`);
    rmSync(path.join(work, 'spoilt-data2'), { recursive: true, force: true });
  }
});

test('a backup of a history that does not verify is not restored', async () => {
  // A database whose history was edited behind the triggers' back, backed up
  // (the manifest then matches it): the restore checks the chains.
  const db = newDb();
  const data = path.join(work, 'edited');
  let r = restore(bk, db.url, data);
  assert.equal(r.status, 0, r.stderr);
  const sql = db.url.startsWith('sqlite:')
    ? ['DROP TRIGGER dossier_events_no_update;', "UPDATE dossier_events SET note = 'sửa' WHERE id = 2;"]
    : ['ALTER TABLE dossier_events DISABLE TRIGGER dossier_events_no_change;', "UPDATE dossier_events SET note = 'sửa' WHERE id = 2;"];
  dbSql(db.url, sql.join(' '));
  const bkEdited = path.join(work, 'edited-backup');
  r = backup(bkEdited, db.url, data);
  assert.equal(r.status, 0, r.stderr);
  const target = newDb();
  r = restore(bkEdited, target.url, path.join(work, 'edited-target'));
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /the history in the backup does not verify: event 2 \(dossier [^)]+\): stored hash does not match/);
  // Nothing was restored: a SQLite file that was not there is not left behind...
  if (target.url.startsWith('sqlite:')) assert.ok(!existsSync(target.url.slice(7)), 'an empty database file was left');
  // ...and the database is still empty.
  r = restore(bk, target.url, path.join(work, 'edited-target'));
  assert.equal(r.status, 0, r.stderr);
});

test('restore into a fresh place: files download, the signature verifies, no code is handed out twice', async (t) => {
  // The database is lost; the file store, on a disk of its own, survived
  // (it holds the file of N+2); the keys come from the backup.
  const db = newDb();
  const dataB = path.join(work, 'b');
  cpSync(path.join(dataA, 'blobs'), path.join(dataB, 'blobs'), { recursive: true });
  // A citizen's upload naming made-up codes (stranger's test, F18): a
  // number far past anything the desk hands out in a day, and a unit that
  // receives nothing. Neither moves a counter.
  const [ident, day] = before.code.split('-');
  const planted = Buffer.from(`Ma ho so ${ident}-${day}-777777 va 000.17.22.H56.05-${day}-0005`);
  const psha = createHash('sha256').update(planted).digest('hex');
  mkdirSync(path.join(dataB, 'blobs', psha.slice(0, 2), psha.slice(2, 4)), { recursive: true });
  writeFileSync(path.join(dataB, 'blobs', psha.slice(0, 2), psha.slice(2, 4), psha), planted);
  let r = restore(bk, db.url, dataB);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /ignored: a code of .*number 777777.*past what that unit hands out in a day/);
  assert.match(r.stdout, /ignored: a code of 000\.17\.22\.H56\.05.*has received no dossier/);
  assert.doesNotMatch(r.stdout, /-> 777777|H56\.05 of/);
  assert.match(r.stdout, /files match their SHA-256/);
  assert.match(r.stdout, /history: \d+ events of \d+ dossiers verify/);
  const last = later[later.length - 1];
  assert.match(r.stdout, new RegExp(`counter ${last.split('-')[0]} of \\d+: ${seqOf(before.code)} -> ${seqOf(last)} \\(code ${last} in blobs/`));
  assert.equal(statSync(path.join(dataB, 'pki/agency.key')).mode & 0o777, 0o600);
  // The restored database holds password hashes and ID numbers: the owner's only.
  if (db.url.startsWith('sqlite:')) assert.equal(statSync(db.url.slice(7)).mode & 0o777, 0o600);
  // The history verifies, the skipped codes accounted for.
  r = runStatus(['audit', 'verify', '--db', db.url, '--data-dir', dataB]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^3 dossier codes were skipped by restores/m);
  // Not twice over a database that now holds data, unless --force.
  r = restore(bk, db.url, dataB);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /already holds data: restore --force/);

  const srv = await startServer({ db: { url: db.url, drop() {} }, args: ['--data-dir', dataB] });
  t.after(() => srv.kill('SIGTERM'));
  const citizen = await as('congdan', srv.base);
  r = await citizen.get(`/api/v1/documents/${before.doc}/files/1`);
  assert.equal(r.status, 200, r.text);
  assert.equal(Buffer.from(r.text, 'latin1').compare(before.file), 0);
  r = await citizen.get(`/api/v1/documents/${before.signed.document_id}/files/1`);
  assert.equal(r.status, 200, r.text);
  const v = await new Client(srv.base).get(`/api/v1/verify/${before.signed.verify_code}`);
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.valid, true);
  assert.equal(v.json.signature.valid, true);
  // The dossiers after the backup are not in the database...
  assert.equal((await citizen.get(`/api/v1/dossiers/${last}`)).status, 404);
  // ...but the next receipt does not hand their codes out again.
  const next = await submitOnline(srv.base);
  assert.ok(!later.includes(next), `${next} was handed out after the backup`);
  assert.equal(seqOf(next), seqOf(last) + 1);
  r = runStatus(['audit', 'verify', '--db', db.url, '--data-dir', dataB]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  await srv.kill('SIGTERM');

  // --force replaces the data of a database that holds some.
  r = restore(bk, db.url, dataB, '--force');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /--force/);
});

test('restore --force refuses a database in use, and moves past the codes the replaced database handed out', async (t) => {
  // Stranger's report 16, item 8: a restore --force under a running server
  // dropped the database holding the later codes; the next receipt got one
  // already handed out.
  const db = newDb();
  const dataC = path.join(work, 'c');
  let r = restore(bk, db.url, dataC);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  let srv = await startServer({ db: { url: db.url, drop() {} }, args: ['--data-dir', dataC] });
  t.after(() => srv.kill('SIGTERM'));
  const given = [await submitOnline(srv.base), await submitOnline(srv.base)];
  // The server is running: refused, naming what to do, in both languages.
  r = restore(bk, db.url, dataC, '--force');
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /in use .*stop every motcua server and worker using it, then restore again; nothing was restored/);
  assert.match(r.stderr, /Cơ sở dữ liệu đang được sử dụng/);
  const citizen = await as('congdan', srv.base);
  assert.equal((await citizen.get(`/api/v1/dossiers/${given[1]}`)).status, 200, 'the database was left as it was');
  await srv.kill('SIGTERM');
  delete clients[`${srv.base} congdan`]; // its session goes with the database

  // Stopped: the restore reads the counters of the database it replaces first.
  r = restore(bk, db.url, dataC, '--force');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const [ident] = given[1].split('-');
  assert.match(r.stdout, new RegExp(`counter ${ident} of \\d+: \\d+ -> ${seqOf(given[1])} \\(code ${given[1]} in the database replaced\\)`));
  assert.match(r.stdout, /[1-9]\d* counters? moved/);
  srv = await startServer({ db: { url: db.url, drop() {} }, args: ['--data-dir', dataC] });
  const next = await submitOnline(srv.base);
  assert.ok(!given.includes(next), `${next} was handed out before the restore`);
  assert.equal(seqOf(next), seqOf(given[1]) + 1);
  await srv.kill('SIGTERM');
});

test('a backup taken under a stream of receipts is consistent; a damaged store file is named, not carried along', async () => {
  const { execFile } = await import('node:child_process');
  const bk2 = path.join(work, 'busy');
  const running = new Promise((resolve) => {
    execFile(BIN, ['backup', bk2, '--db', env.server.db.url, '--data-dir', dataA], (e, stdout, stderr) =>
      resolve({ status: e ? e.code : 0, stdout, stderr }));
  });
  const codes = await Promise.all(Array.from({ length: 12 }, () => submitOnline()));
  assert.equal(new Set(codes).size, 12);
  let r = await running;
  assert.equal(r.status, 0, r.stdout + r.stderr);
  // Whatever instant the copy holds, its counters and dossiers agree (the
  // restore's audit would name a gap), and its codes are among those given.
  const db = newDb();
  r = restore(bk2, db.url, path.join(work, 'busy-data'));
  assert.equal(r.status, 0, r.stdout + r.stderr);

  // A file of the live store goes bad: the backup says which and fails.
  const m = JSON.parse(readFileSync(path.join(bk, 'manifest.json'), 'utf8'));
  const rel = m.files.find((f) => f.path.startsWith('blobs/')).path;
  const live = path.join(dataA, rel);
  const bytes = readFileSync(live);
  bytes[20] ^= 1;
  writeFileSync(live, bytes);
  const bk3 = path.join(work, 'damaged');
  r = backup(bk3, env.server.db.url, dataA);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const hex = path.basename(rel);
  assert.match(r.stdout, new RegExp(`CORRUPT .*${hex}`));
  assert.match(r.stderr, new RegExp(`could not be backed up .*${hex}`));
  // Such a backup restores nothing that would answer "unavailable".
  r = restore(bk3, newDb().url, path.join(work, 'damaged-data'));
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`${hex}: is missing from the file store`));
});
