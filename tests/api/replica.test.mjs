// A read replica (issue 16, item 3): with db.replica naming a streaming hot
// standby of the database, public tracking, verification, the catalogue,
// public quality and the dashboards read from the standby while every write
// goes to the primary; the standby is used only while it is at most
// db.replica_max_lag_ms behind the primary (measured every 500 ms against the
// primary's WAL position), so a reply is at most that bound + 500 ms stale,
// and past it the primary answers — also when the standby's WAL receiver
// stalled. A standby that stops answering holds a request at most
// db.replica_timeout_ms before the primary answers it; serve starts without
// its standby; a standby of another database or cluster is refused; each
// change of state is logged once. The test starts the standby itself
// (scripts/pg-test.sh standby) from the suite's cluster. PostgreSQL only:
// SQLite has no replica.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, Client, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { seedProcedure, ROOT } from './helpers.mjs';

const PG = process.env.MOTCUA_BACKEND === 'postgres';
const MAX_LAG_MS = 4000;
const TIMEOUT_MS = 1000; // db.replica_timeout_ms
const BIN = process.env.MOTCUA_BIN || 'build/motcua';
const env = { server: null, standby: null, dir: null, other: null };

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
    '--db.replica_timeout_ms', String(TIMEOUT_MS), '--http.track_cache_ms', '0',
    // Fewer threads than the requests of the stopped-standby test: were
    // they held on the standby, /healthz would wait behind them.
    '--threads', '4'] });
  env.replica = replica;
});
after(async () => {
  if (process.env.REPLICA_LOG) console.error(env.server?.log());
  if (env.server) await env.server.stop();
  if (env.dir) {
    execFileSync('sh', [path.join(ROOT, 'scripts/pg-test.sh'), 'stop', `${env.dir}/pg`]);
    if (env.other) execFileSync('sh', [path.join(ROOT, 'scripts/pg-test.sh'), 'stop', `${env.dir}/other`]);
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
const track = async (code, base = env.server.base) => (await new Client(base).get(`/api/v1/track/${encodeURIComponent(code)}`)).status;

// The standby's postmaster and its children (startup, walreceiver,
// backends), to stop and continue them.
function standbyPids() {
  const main = readFileSync(`${env.dir}/pg/data/postmaster.pid`, 'utf8').split('\n')[0].trim();
  const kids = execFileSync('ps', ['-o', 'pid=', '--ppid', main], { encoding: 'utf8' }).split('\n').map((x) => x.trim()).filter(Boolean);
  return [main, ...kids].map(Number);
}
function signal(pids, sig) {
  for (const pid of pids) { try { process.kill(pid, sig); } catch { /* gone */ } }
}
// Lines of the server's log written since mark (a length of it).
const logSince = (server, mark) => server.log().slice(mark);
const count = (text, re) => (text.match(new RegExp(re, 'g')) || []).length;

// A GET that gives up after ms: its status and how long it took (status 0:
// no answer).
async function timedGet(base, url, ms = 10000) {
  const t0 = Date.now();
  try {
    const r = await fetch(base + url, { signal: AbortSignal.timeout(ms) });
    await r.text();
    return { status: r.status, ms: Date.now() - t0 };
  } catch { return { status: 0, ms: Date.now() - t0 }; }
}

// `motcua serve` with args that must be listening within ms, else it is
// killed and the promise rejects; {base, log(), stop()}.
function serveWithin(args, ms) {
  const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--worker.interval_seconds', '0', ...args],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise((r) => child.on('exit', r));
    child.kill('SIGTERM');
    await done;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`not listening after ${ms} ms:\n${log}`)); }, ms);
    child.stderr.on('data', (d) => {
      log += d.toString();
      const m = log.match(/listening on (http:\/\/[0-9.]+:\d+)/);
      if (m) { clearTimeout(timer); resolve({ base: m[1], log: () => log, stop }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited ${code}:\n${log}`)); });
  });
}

// serve with args, expected to refuse to start: its stderr (killed after
// ms if it runs).
function refused(args, ms = 10000) {
  try {
    execFileSync(BIN, ['serve', '--listen', '127.0.0.1:0', '--worker.interval_seconds', '0', ...args],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: ms });
  } catch (e) { return String(e.stderr); }
  return '';
}

test('reads go to the standby while it keeps up, to the primary once it falls behind', { skip: !PG && 'PostgreSQL only' }, async () => {
  // Caught up: a receipt shows through the replica within the bound.
  const first = await receive();
  await waitFor(async () => (await track(first)) === 200, 'the first dossier through the replica', MAX_LAG_MS + 5000);

  // Replay paused: what the primary writes now is not on the standby. A
  // dossier received now is not found (the read went to the standby)...
  const mark = env.server.log().length;
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
    // Said once, not at every probe (every 500 ms) while it stays behind.
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(count(logSince(env.server, mark), 'replica behind'), 1, logSince(env.server, mark));
  } finally {
    psql(env.standby, 'SELECT pg_wal_replay_resume()');
  }
  await waitFor(() => /replica back in use/.test(logSince(env.server, mark)), 'the replica back in use', 10000);
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
  assert.match(out, /option 'db\.replica': unknown database URL 'sqlite:\/tmp\/nope\.db'/);
});

test('a standby that stops answering holds no request: the primary answers, and the standby is used again once it answers', { skip: !PG && 'PostgreSQL only' }, async () => {
  const code = await receive();
  await waitFor(async () => (await track(code)) === 200, 'the dossier through the replica', MAX_LAG_MS + 5000);
  const mark = env.server.log().length;
  const pids = standbyPids();
  signal(pids, 'SIGSTOP');
  let replies;
  try {
    // More requests than one at a time, /healthz among them: each is
    // answered from the primary within the replica's timeout and a little.
    replies = await Promise.all([
      ...Array.from({ length: 6 }, () => timedGet(env.server.base, `/api/v1/track/${encodeURIComponent(code)}`)),
      timedGet(env.server.base, '/healthz'),
    ]);
    const again = await timedGet(env.server.base, `/api/v1/track/${encodeURIComponent(code)}`);
    replies.push(again);
  } finally {
    signal(pids, 'SIGCONT');
  }
  for (const r of replies) {
    assert.equal(r.status, 200, JSON.stringify(replies));
    assert.ok(r.ms < TIMEOUT_MS + 3000, `answered in ${r.ms} ms: ${JSON.stringify(replies)}`);
  }
  // The last one did not wait on the standby at all: it was known down.
  assert.ok(replies.at(-1).ms < TIMEOUT_MS, JSON.stringify(replies));
  await waitFor(() => /replica back in use/.test(logSince(env.server, mark)), 'the replica back in use', 10000);
  const log = logSince(env.server, mark);
  assert.equal(count(log, 'replica not answering'), 1, log);
  // Whichever waited first says it: a statement, or a connection opened.
  assert.match(log, /replica not answering \((cannot connect to )?postgresql: no answer within 1000 ms\): reads go to the primary/);
});

test('a standby whose WAL receiver stalled is left within db.replica_max_lag_ms + 500 ms', { skip: !PG && 'PostgreSQL only' }, async () => {
  const first = await receive();
  await waitFor(async () => (await track(first)) === 200, 'the dossier through the replica', MAX_LAG_MS + 5000);
  const receiver = Number(psql(env.standby, 'SELECT pid FROM pg_stat_wal_receiver'));
  assert.ok(receiver > 0, 'a walreceiver runs');
  const mark = env.server.log().length;
  process.kill(receiver, 'SIGSTOP');
  let seenAfter;
  try {
    // The standby still says it is streaming and has replayed all it
    // received; what the primary writes now never reaches it.
    const code = await receive();
    const t0 = Date.now();
    assert.equal(await track(code), 404, 'read from the standby at first');
    await waitFor(async () => (await track(code)) === 200, 'the primary to answer', MAX_LAG_MS + 500 + 3000);
    seenAfter = Date.now() - t0;
  } finally {
    process.kill(receiver, 'SIGCONT');
  }
  assert.ok(seenAfter <= MAX_LAG_MS + 500 + 1500, `seen after ${seenAfter} ms`);
  assert.match(logSince(env.server, mark), /replica behind \(lag \d+ ms, bound 4000 ms\): reads go to the primary/);
  await waitFor(() => /replica back in use/.test(logSince(env.server, mark)), 'the replica back in use', 15000);
});

test('serve starts while its standby does not answer, and uses it once it does', { skip: !PG && 'PostgreSQL only' }, async () => {
  const code = await receive();
  // Nothing at that address: warned, and the primary answers.
  const none = await serveWithin(['--db', env.server.db.url, '--db.replica',
    `postgresql://postgres@/postgres?host=${env.dir}&port=1`, '--db.replica_timeout_ms', String(TIMEOUT_MS)], 30000);
  try {
    assert.equal(await track(code, none.base), 200);
    assert.match(none.log(), /replica not answering \(cannot connect to postgresql: .+\): reads go to the primary/);
  } finally { await none.stop(); }

  // The standby stopped (it accepts the connection, and says nothing).
  const pids = standbyPids();
  signal(pids, 'SIGSTOP');
  let srv;
  try {
    srv = await serveWithin(['--db', env.server.db.url, '--db.replica', env.replica, '--db.replica_max_lag_ms',
      String(MAX_LAG_MS), '--db.replica_timeout_ms', String(TIMEOUT_MS), '--http.track_cache_ms', '0'], 30000);
    assert.match(srv.log(), /replica not answering \(cannot connect to postgresql: no answer within 1000 ms\)/);
    const r = await timedGet(srv.base, `/api/v1/track/${encodeURIComponent(code)}`);
    assert.equal(r.status, 200);
  } finally {
    signal(pids, 'SIGCONT');
  }
  try {
    await waitFor(() => /replica back in use/.test(srv.log()), 'the replica in use', 10000);
    // In use: a dossier the paused standby has not replayed is not found.
    assert.equal(psql(env.standby, 'SELECT pg_wal_replay_pause()'), '');
    try {
      const fresh = await receive();
      assert.equal(await track(fresh, srv.base), 404, 'read from the standby');
    } finally {
      psql(env.standby, 'SELECT pg_wal_replay_resume()');
    }
  } finally { await srv.stop(); }
});

test('a standby of another database or cluster, or beside a SQLite db, is refused naming db.replica', { skip: !PG && 'PostgreSQL only' }, () => {
  // The standby's database "postgres" is not the server's database.
  const otherDb = env.replica.replace(/\/[^/?]*\?/, '/postgres?');
  let out = refused(['--db', env.server.db.url, '--db.replica', otherDb]);
  assert.match(out, /db\.replica: not a standby of db \(the standby: system identifier \d+, database postgres; db: system identifier \d+, database motcua_t_/);
  // The primary itself is no standby.
  out = refused(['--db', env.server.db.url, '--db.replica', env.server.db.url]);
  assert.match(out, /db\.replica: not a standby of db \(the standby: .*, not in recovery;/);
  // Another cluster: another system identifier.
  const port = String(20000 + Math.floor(Math.random() * 20000));
  env.other = execFileSync('sh', [path.join(ROOT, 'scripts/pg-test.sh'), 'start', `${env.dir}/other`, port], { encoding: 'utf8' }).trim();
  out = refused(['--db', env.server.db.url, '--db.replica', env.other]);
  const ids = out.match(/the standby: system identifier (\d+), database postgres, not in recovery; db: system identifier (\d+)/);
  assert.ok(ids, out);
  assert.notEqual(ids[1], ids[2]);
  // SQLite has no standby.
  out = refused(['--db', `sqlite:${env.dir}/m.db`, '--db.replica', env.replica]);
  assert.match(out, /db\.replica: db is not PostgreSQL/);
});
