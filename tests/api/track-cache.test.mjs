// Public tracking is answered from a cache of rendered replies
// (http.track_cache_ms): a change made through this server shows at the next
// lookup, however long the TTL; a change made by another process (a second
// server on the same database) shows once the TTL has passed; TTL 0 turns
// the cache off; a cached reply carries the same bytes and headers as a
// fresh one; unknown codes are not remembered.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { useServer, loggedIn, assertError, Client, seedProcedure } from './helpers.mjs';

const BIN = process.env.MOTCUA_BIN || 'build/motcua';
// Long enough that only forgetting can explain a fresh reply on this server.
const env = useServer({ args: ['--http.track_cache_ms', '600000'] });
const LD02 = seedProcedure('LD-02');

const company = {
  kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565',
  address: 'KCN Đồng Văn I, Duy Tiên, Hà Nam', phone: '0226 3850 123',
};
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));

const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}

async function receive() {
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers',
    { procedure_code: 'LD-02', applicant: company, components: complete() });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}

async function act(user, code, action, body) {
  const r = await (await as(user)).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body ?? {});
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
  return r.json;
}

const track = (base, code) => new Client(base).get(`/api/v1/track/${code}`);

/** A second `motcua serve` on the test server's database. */
const others = [];
async function otherServer(ttl) {
  const child = spawn(BIN, ['serve', '--db', env.server.db.url, '--listen', '127.0.0.1:0',
    '--worker.interval_seconds', '0', '--http.track_cache_ms', String(ttl)], { stdio: ['ignore', 'pipe', 'pipe'] });
  others.push(child);
  let stderr = '';
  child.stdout.on('data', () => {});
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('second server did not start:\n' + stderr)), 60000);
    child.stderr.on('data', (d) => {
      stderr += d.toString();
      const m = stderr.match(/listening on (http:\/\/[0-9.]+:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (c) => { clearTimeout(timer); reject(new Error(`second server exited ${c}:\n${stderr}`)); });
  });
}
after(async () => {
  for (const c of others) {
    if (c.exitCode !== null) continue;
    const done = new Promise((r) => c.on('exit', r));
    c.kill('SIGTERM');
    await done;
  }
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('an action taken through this server shows at the next lookup', async () => {
  const code = await receive();
  let t = await track(env.base, code);
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.state, 'received');
  const steps = t.json.steps.length;
  assert.equal((await track(env.base, code)).json.state, 'received'); // now from the cache

  await act('tiepnhan', code, 'transfer', { to_user: 'chuyenvien' });
  t = await track(env.base, code);
  assert.equal(t.json.state, 'in_process');
  assert.equal(t.json.steps.length, steps + 1);
  assert.equal(t.json.steps.at(-1).unit, 'DNLD');

  await act('chuyenvien', code, 'request_supplement', { note: 'Thiếu bản sao hợp đồng lao động' });
  t = await track(env.base, code);
  assert.equal(t.json.state, 'awaiting_supplement');
});

test('a cached reply is the fresh reply: same bytes, same headers', async () => {
  const code = await receive();
  const first = await track(env.base, code);  // built
  const second = await track(env.base, code); // from the cache
  assert.equal(second.text, first.text);
  const headers = (r) => [...r.headers.entries()].filter(([k]) => !['date', 'x-request-id', 'x-server-time'].includes(k)); // per reply
  assert.deepEqual(headers(second), headers(first));
  assert.match(first.headers.get('content-type'), /^application\/json; charset=utf-8$/);
  assert.equal(first.headers.get('cache-control'), 'no-store');
  assert.equal(first.headers.get('x-content-type-options'), 'nosniff');
});

test('unknown codes are not remembered: a dossier received after a miss is found at once', async () => {
  // The desk's next code is predictable: look it up before it exists.
  const a = await receive();
  const parts = a.split('-');
  const next = `${parts[0]}-${parts[1]}-${String(Number(parts[2]) + 1).padStart(parts[2].length, '0')}`;
  assertError(await track(env.base, next), 404, 'DOSSIER_NOT_FOUND');
  assert.equal(await receive(), next);
  const t = await track(env.base, next);
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.state, 'received');
});

test('a change by another process shows within the TTL; TTL 0 shows it at once', async () => {
  const ttl = 1500;
  const cached = await otherServer(ttl);
  const uncached = await otherServer(0);
  const code = await receive();
  const t0 = Date.now();
  assert.equal((await track(cached, code)).json.state, 'received');
  assert.equal((await track(uncached, code)).json.state, 'received');

  await act('tiepnhan', code, 'transfer', { to_user: 'chuyenvien' }); // through the first server
  assert.equal((await track(uncached, code)).json.state, 'in_process');
  const stale = await track(cached, code);
  // Within the TTL the other server may still show its copy (it cannot know
  // of the change); only check that when the machine was quick enough.
  if (Date.now() - t0 < ttl / 2) assert.equal(stale.json.state, 'received');
  await sleep(Math.max(0, t0 + ttl + 300 - Date.now()));
  assert.equal((await track(cached, code)).json.state, 'in_process');
});

test('http.track_cache_ms is a bounded option', async () => {
  const { runStatus } = await import('./helpers.mjs');
  const r = runStatus(['config', 'show', '--http.track_cache_ms', '-1']);
  assert.notEqual(r.status, 0);
  const ok = runStatus(['config', 'show', '--http.track_cache_ms', '250']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^http\.track_cache_ms = 250\b/m);
});
