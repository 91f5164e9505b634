// A read replica (issue 16, item 3): with db.replica naming a streaming hot
// standby of the database, public tracking, verification, the catalogue,
// public quality and the dashboards read from the standby while every write
// goes to the primary; the standby is used only while its replay is at most
// db.replica_max_lag_ms behind (read every 500 ms), so a reply is at most
// that bound + 500 ms stale, and past it the primary answers. The test starts
// the standby itself (scripts/pg-test.sh standby) from the suite's cluster.
// PostgreSQL only: SQLite has no replica.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, Client, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { seedProcedure, ROOT } from './helpers.mjs';

const PG = process.env.MOTCUA_BACKEND === 'postgres';
const MAX_LAG_MS = 4000;
const env = { server: null, standby: null, dir: null };

before(async () => {
  if (!PG) return;
  env.dir = mkdtempSync(path.join(tmpdir(), 'motcua-standby-'));
  execFileSync('chmod', ['755', env.dir]);
  const port = String(20000 + Math.floor(Math.random() * 20000));
  env.standby = execFileSync('sh', [path.join(ROOT, 'scripts/pg-test.sh'), 'standby', `${env.dir}/pg`, port,
    process.env.MOTCUA_PG_ADMIN], { encoding: 'utf8' }).trim();
  // The database the server gets is created on the primary after the base
  // backup: the standby receives it with the WAL.
  const db = (await import('../lib/motcua.mjs')).freshDb();
  const name = db.url.match(/\/([^/?]+)\?/)[1];
  const replica = env.standby.replace(/\/[^/?]*\?/, `/${name}?`);
  await waitFor(() => psql(replica, 'SELECT 1') === '1', 'the standby to have the database');
  execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['migrate', '--db', db.url]);
  execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
  env.server = await startServer({ db, args: ['--db.replica', replica, '--db.replica_max_lag_ms', String(MAX_LAG_MS),
    '--http.track_cache_ms', '0'] });
  env.replica = replica;
});
after(async () => {
  if (env.server) await env.server.stop();
  if (env.dir) {
    execFileSync('sh', [path.join(ROOT, 'scripts/pg-test.sh'), 'stop', `${env.dir}/pg`]);
    rmSync(env.dir, { recursive: true, force: true });
  }
});

function psql(url, sql) {
  try { return execFileSync('psql', [url, '-qAtc', sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; }
}
async function waitFor(fn, what, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const LD02 = PG ? seedProcedure('LD-02') : null;
async function receive() {
  const c = new Client(env.server.base);
  assert.equal((await c.login('tiepnhan')).status, 200);
  const r = await c.post('/api/v1/dossiers', {
    procedure_code: 'LD-02',
    applicant: { kind: 'person', name: 'Lê Văn Nam', id_number: '035090004321' },
    components: LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' })),
  });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}
const track = async (code) => (await new Client(env.server.base).get(`/api/v1/track/${encodeURIComponent(code)}`)).status;

test('reads go to the standby while it keeps up, to the primary once it falls behind', { skip: !PG && 'PostgreSQL only' }, async () => {
  // Caught up: a receipt shows through the replica within the bound.
  const first = await receive();
  await waitFor(async () => (await track(first)) === 200, 'the first dossier through the replica', MAX_LAG_MS + 5000);

  // Replay paused: what the primary writes now is not on the standby. A
  // dossier received now is not found (the read went to the standby)...
  assert.equal(psql(env.standby, 'SELECT pg_wal_replay_pause()'), '');
  try {
    const second = await receive();
    assert.equal(await track(second), 404, 'tracking read the primary, not the standby');
    // ...writes still go to the primary (a write on the standby would fail)...
    const third = await receive();
    assert.ok(third);
    // ...and once the standby is more than the bound behind, the primary
    // answers: the dossier is found, within bound + check interval.
    await waitFor(async () => (await track(second)) === 200, 'the primary to answer', MAX_LAG_MS + 10000);
    assert.match(env.server.log(), /replica behind \(lag \d+ ms, bound 4000 ms\): reads go to the primary/);
  } finally {
    psql(env.standby, 'SELECT pg_wal_replay_resume()');
  }
  // Caught up again: the replica answers again (a fresh receipt is seen).
  const fourth = await receive();
  await waitFor(async () => (await track(fourth)) === 200, 'the replica again', MAX_LAG_MS + 5000);
});

test('the catalogue and a leader\'s dashboard answer through the replica', { skip: !PG && 'PostgreSQL only' }, async () => {
  const anon = new Client(env.server.base);
  const cat = await anon.get('/api/v1/procedures');
  assert.equal(cat.status, 200);
  assert.ok(cat.json.items.length > 0);
  const leader = new Client(env.server.base);
  assert.equal((await leader.login('lanhdao')).status, 200);
  const y = new Date().getFullYear();
  const r = await leader.get(`/api/v1/stats/indicators?from=${y}-01-01&to=${y}-12-31`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.indicators.length > 0);
});

test('a replica URL that is not PostgreSQL stops the server before it starts', { skip: !PG && 'PostgreSQL only' }, () => {
  let out = '';
  try {
    execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['serve', '--db', env.server.db.url, '--listen', '127.0.0.1:0',
      '--db.replica', 'sqlite:/tmp/nope.db'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10000 });
  } catch (e) { out = String(e.stderr); }
  assert.match(out, /db\.replica: a replica must be a PostgreSQL standby/);
});
