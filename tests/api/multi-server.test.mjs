// Several servers on one PostgreSQL database (issue 16, item 2): what one
// server changes, another serves within the documented bound — public
// tracking after http.track_cache_ms (each server's reply cache cannot hear
// the other's changes, docs/operations.md), the working calendar at once
// (each server's calendar cache is keyed by the stored version, read first),
// a unit renamed at once (each server keeps units read, checked against the
// version a trigger changes with every change to units, once per request)
// — and both servers write the same day's counter without a gap. The
// display boards' relay has its own test (queue-fanout); the worker on
// several processes, worker.test.mjs. PostgreSQL only: SQLite is one process.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { seedProcedure } from './helpers.mjs';

const PG = process.env.MOTCUA_BACKEND === 'postgres';
const TTL_MS = 400;
const env = { a: null, b: null };

before(async () => {
  if (!PG) return;
  env.a = await startServer({ args: ['--http.track_cache_ms', String(TTL_MS)] });
  env.b = await startServer({ db: env.a.db, args: ['--http.track_cache_ms', String(TTL_MS)] });
});
after(async () => {
  if (env.b) await env.b.kill('SIGTERM');
  if (env.a) await env.a.stop();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sessions = new Map();
async function as(server, user) {
  const key = `${server.base} ${user}`;
  if (!sessions.has(key)) {
    const c = new Client(server.base);
    assert.equal((await c.login(user, DEMO_PASSWORD)).status, 200);
    sessions.set(key, c);
  }
  return sessions.get(key);
}
const LD02 = PG ? seedProcedure('LD-02') : null;
async function receive(server, name) {
  const r = await (await as(server, 'tiepnhan')).post('/api/v1/dossiers', {
    procedure_code: 'LD-02',
    applicant: { kind: 'person', name, id_number: '035090007777' },
    components: LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' })),
  });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}
const track = async (server, code) => (await new Client(server.base).get(`/api/v1/track/${encodeURIComponent(code)}`)).json;

test('a change made through server A shows through server B within http.track_cache_ms', { skip: !PG && 'PostgreSQL only' }, async () => {
  const code = await receive(env.a, 'Phạm Thị Lan');
  const before = await track(env.b, code); // now in B's cache
  assert.equal(before.state, 'received');
  const w = await (await as(env.a, 'tiepnhan')).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/withdraw`,
    { note: 'Theo đề nghị của người nộp' });
  assert.equal(w.status, 200, w.text);
  assert.equal((await track(env.a, code)).state, 'withdrawn', 'A forgets its own cached reply at once');
  await sleep(TTL_MS + 100);
  assert.equal((await track(env.b, code)).state, 'withdrawn', 'B serves the change once its cached reply is older than the bound');
});

test('a holiday added through A moves due times computed by B at once', { skip: !PG && 'PostgreSQL only' }, async () => {
  const due = async (server) => (await new Client(server.base).get('/api/v1/calendar/due?unit=BQL&from=2026-12-10T10:00&limit=1wd')).json;
  const d0 = await due(env.b);
  assert.equal(d0.due, '2026-12-11T10:00:00+07:00');
  const admin = await as(env.a, 'admin');
  const r = await admin.post('/api/v1/calendar/2026/entries', { date: '2026-12-11', kind: 'holiday', name: 'Ngày nghỉ thử' });
  assert.equal(r.status, 201, r.text);
  try {
    const d1 = await due(env.b);
    assert.ok(d1.version > d0.version);
    assert.equal(d1.due, '2026-12-14T10:00:00+07:00');
  } finally {
    await admin.del('/api/v1/calendar/2026/entries/2026-12-11');
  }
});

test('a unit renamed through A shows in the next reply of B, whose units are kept in memory', { skip: !PG && 'PostgreSQL only' }, async () => {
  const code = await receive(env.b, 'Trần Văn Hòa');
  const get = async () => (await (await as(env.b, 'tiepnhan')).get(`/api/v1/dossiers/${encodeURIComponent(code)}`)).json;
  const d0 = await get(); // B has read the unit, and keeps it
  const unit = d0.receiving_unit.code;
  const admin = await as(env.a, 'admin');
  const r = await admin.put(`/api/v1/units/${encodeURIComponent(unit)}`, { name: 'Bộ phận một cửa (đổi tên thử)' });
  assert.equal(r.status, 200, r.text);
  try {
    assert.equal((await get()).receiving_unit.name, 'Bộ phận một cửa (đổi tên thử)');
  } finally {
    const back = await admin.put(`/api/v1/units/${encodeURIComponent(unit)}`, { name: d0.receiving_unit.name });
    assert.equal(back.status, 200, back.text);
  }
  assert.equal((await get()).receiving_unit.name, d0.receiving_unit.name);
});

test('receipts through both servers at once share the day counter without a gap', { skip: !PG && 'PostgreSQL only' }, async () => {
  await as(env.a, 'tiepnhan');
  await as(env.b, 'tiepnhan');
  const codes = await Promise.all(Array.from({ length: 24 }, (_, i) => receive(i % 2 ? env.b : env.a, `Người nộp ${i}`)));
  const seqs = codes.map((c) => Number(c.split('-').pop())).sort((x, y) => x - y);
  for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `gap between ${seqs[i - 1]} and ${seqs[i]}`);
  const out = execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['audit', 'verify', '--db', env.a.db.url], { encoding: 'utf8' });
  assert.match(out, /the history verifies/);
});
