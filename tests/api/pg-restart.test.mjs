// PostgreSQL restarts under a running server (issue 16): `pg_ctl restart -m
// fast` cuts every session, so every pooled connection and the group-commit
// writer are stale. A connection found closed is opened again and what
// failed on it before its COMMIT was sent runs again, so no request answers
// 503 for it, a receipt included, and the day's codes stay gapless. With the
// database stopped, /healthz answers the documented degraded shape and
// /metrics says the business gauges are missing (motcua_business_gauges_up 0).
// The test runs its own cluster (scripts/pg-test.sh). PostgreSQL only.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, Client, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { seedProcedure, ROOT } from './helpers.mjs';

const PG = process.env.MOTCUA_BACKEND === 'postgres';
const THREADS = 4;
const TOKEN = 'pg-restart-metrics';
const env = { server: null, dir: null };
const pgTest = (...args) => execFileSync('sh', [path.join(ROOT, 'scripts/pg-test.sh'), ...args], { encoding: 'utf8' }).trim();

before(async () => {
  if (!PG) return;
  env.dir = mkdtempSync(path.join(tmpdir(), 'motcua-pgrestart-'));
  execFileSync('chmod', ['755', env.dir]);
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const admin = pgTest('start', `${env.dir}/pg`, port);
  execFileSync('psql', [admin, '-qAtc', 'CREATE DATABASE motcua']);
  const url = admin.replace(/\/postgres\?/, '/motcua?');
  execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['migrate', '--db', url]);
  execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['demo', '--db', url, '--password', DEMO_PASSWORD]);
  // A standby of it, for the replica's pool (public tracking reads there).
  const standby = pgTest('standby', `${env.dir}/sb`, String(Number(port) + 1), admin);
  env.replica = standby.replace(/\/postgres\?/, '/motcua?');
  await waitFor(() => streaming(), 'the standby to stream');
  env.server = await startServer({
    db: { url, drop() {} },
    args: ['--threads', String(THREADS), '--db.pg_writers', '1', '--http.track_cache_ms', '0',
      '--http.metrics_token', TOKEN, '--db.replica', env.replica, '--db.replica_max_lag_ms', '4000'],
  });
});
after(async () => {
  if (env.server) await env.server.stop();
  if (env.dir) {
    pgTest('stop', `${env.dir}/sb`);
    pgTest('stop', `${env.dir}/pg`);
    rmSync(env.dir, { recursive: true, force: true });
  }
});

function streaming() {
  try {
    return execFileSync('psql', [env.replica, '-qAtc', 'SELECT status FROM pg_stat_wal_receiver'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'streaming';
  } catch { return false; }
}
async function waitFor(fn, what, ms = 20000) {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const LD02 = PG ? seedProcedure('LD-02') : null;
async function receive(c, name) {
  return c.post('/api/v1/dossiers', {
    procedure_code: 'LD-02',
    applicant: { kind: 'person', name, id_number: '035090001616' },
    components: LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' })),
  });
}
const trackStatus = async (code) => (await new Client(env.server.base).get(`/api/v1/track/${encodeURIComponent(code)}`)).status;
const seq = (code) => Number(code.match(/(\d+)$/)[1]);
// Every pooled connection busy at once: more parallel requests than threads,
// each with a session (its look-up runs on the request's connection).
async function burst(desk, codes) {
  const reqs = [];
  for (let i = 0; i < 4 * THREADS; i++) {
    reqs.push(i % 2 ? desk.get('/api/v1/inbox') : new Client(env.server.base).get(`/api/v1/track/${encodeURIComponent(codes[i % codes.length])}`));
  }
  return Promise.all(reqs);
}

test('after PostgreSQL restarts, stale connections are opened again: reads and a receipt succeed, codes gapless', { skip: !PG && 'PostgreSQL only', timeout: 60000 }, async () => {
  const desk = new Client(env.server.base);
  assert.equal((await desk.login('tiepnhan', DEMO_PASSWORD)).status, 200);
  const first = await receive(desk, 'Trần Văn Một');
  assert.equal(first.status, 201, first.text);
  await waitFor(async () => (await trackStatus(first.json.code)) === 200, 'the receipt on the standby');
  for (const r of await burst(desk, [first.json.code])) assert.equal(r.status, 200, r.text);

  pgTest('restart', `${env.dir}/pg`);

  const after = await burst(desk, [first.json.code]);
  assert.deepEqual(after.map((r) => r.status), after.map(() => 200),
    `every request answered after the restart:\n${after.filter((r) => r.status !== 200).map((r) => r.text).join('\n')}`);
  const second = await receive(desk, 'Trần Văn Hai');
  assert.equal(second.status, 201, second.text);
  assert.equal(seq(second.json.code), seq(first.json.code) + 1, `${first.json.code} then ${second.json.code}`);
  // A second restart while receipts are sent in parallel: each one is
  // numbered once, and the numbers follow each other.
  pgTest('restart', `${env.dir}/pg`);
  const many = await Promise.all([0, 1, 2, 3].map((i) => receive(desk, `Trần Văn Ba ${i}`)));
  for (const r of many) assert.equal(r.status, 201, r.text);
  const nums = many.map((r) => seq(r.json.code)).sort((a, b) => a - b);
  assert.deepEqual(nums, [1, 2, 3, 4].map((i) => seq(second.json.code) + i));
  assert.doesNotMatch(env.server.log(), /DB_ERROR: \(no detail\)/);
  env.code = second.json.code;
});

test('after the standby restarts, the replica pool opens its connections again: tracking answers', { skip: !PG && 'PostgreSQL only', timeout: 60000 }, async () => {
  const desk = new Client(env.server.base);
  assert.equal((await desk.login('tiepnhan', DEMO_PASSWORD)).status, 200);
  await waitFor(async () => (await trackStatus(env.code)) === 200, 'the receipts on the standby');
  for (const r of await burst(desk, [env.code])) assert.equal(r.status, 200, r.text);
  const before = env.server.log().length;
  pgTest('restart', `${env.dir}/sb`);
  await waitFor(() => streaming(), 'the standby to stream again');
  await new Promise((r) => setTimeout(r, 700)); // the replica's lag read again (every 500 ms)
  const after = await burst(desk, [env.code]);
  assert.deepEqual(after.map((r) => r.status), after.map(() => 200),
    `every request answered after the standby's restart:\n${after.filter((r) => r.status !== 200).map((r) => r.text).join('\n')}`);
  assert.match(env.server.log().slice(before), /connection lost/);
});

test('with PostgreSQL stopped, /healthz is degraded with a reason and /metrics says its gauges are missing', { skip: !PG && 'PostgreSQL only', timeout: 60000 }, async () => {
  const anon = new Client(env.server.base);
  const ok = await anon.get('/healthz');
  assert.equal(ok.status, 200, ok.text);
  pgTest('halt', `${env.dir}/pg`);
  const h = await anon.get('/healthz');
  assert.equal(h.status, 503, h.text);
  assert.equal(h.json.status, 'degraded', h.text);
  assert.deepEqual(h.json.reasons, ['database_unreachable']);
  assert.equal(h.json.database, 'postgresql');
  const m = await anon.get('/metrics', { authorization: `Bearer ${TOKEN}` });
  assert.equal(m.status, 200, m.text);
  assert.match(m.text, /^motcua_business_gauges_up 0$/m);
  assert.doesNotMatch(m.text, /^motcua_dossiers_open /m);
  // The libpq message is in the log, not in the public reply.
  assert.match(env.server.log(), /postgresql: .*(No such file|could not connect|connection to server)/);
});
