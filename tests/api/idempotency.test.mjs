// A receipt while another process holds the SQLite write lock, and retries
// (issue 10, item 7): the wait is bounded (db.busy_timeout_ms) and answered
// 503 DB_BUSY with Retry-After, nothing committed, instead of hanging a
// minute and committing after the client gave up; and a POST that creates
// something, sent again with the same Idempotency-Key, gets the first reply
// and never a second dossier (another body with the key: 422); every POST
// route either accepts the key or is declared here as creating nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { run } from '../lib/motcua.mjs';
import { useServer, loggedIn, assertError, seedProcedure, Client, dbSql } from './helpers.mjs';

const BUSY_MS = 1500;
const env = useServer({ args: ['--db.busy-timeout-ms', String(BUSY_MS)] });
const LD02 = seedProcedure('LD-02');
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
const company = (name = 'Công ty TNHH Sao Mai') => ({
  kind: 'organisation', name, tax_code: '0101234565', address: 'KCN Đồng Văn I, Duy Tiên, Hà Nam',
  owner: { kind: 'person', name: 'Nguyễn Văn Bình', id_number: '001090099999' },
});
const receipt = (name) => ({ procedure_code: 'LD-02', applicant: company(name), components: complete() });
const sqlite = () => env.server.db.url.startsWith('sqlite:');

/** Counts rows with a query of its own (the sqlite3 or psql tool). */
function count(sql) {
  const url = env.server.db.url;
  return Number(dbSql(url, sql).trim());
}

/** Another process that takes the write lock and keeps it until release(). */
async function holdWriteLock() {
  const p = spawn('sqlite3', [env.server.db.url.slice(7)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('sqlite3 did not take the lock: ' + out)), 10000);
    p.stdout.on('data', (d) => { out += d; if (out.includes('locked')) { clearTimeout(timer); resolve(); } });
    p.stderr.on('data', (d) => { out += d; });
    p.stdin.write("BEGIN IMMEDIATE; UPDATE users SET full_name = full_name WHERE id = 1; SELECT 'locked';\n");
  });
  return {
    async release() {
      const done = new Promise((r) => p.on('exit', r));
      p.stdin.end('ROLLBACK;\n.quit\n');
      await done;
    },
  };
}

test('a receipt while another process holds the write lock: 503 DB_BUSY within the bound, nothing saved', async (t) => {
  if (!sqlite()) {
    t.skip('the write lock of another process is SQLite\'s');
    return;
  }
  const c = await loggedIn(env.base, 'tiepnhan');
  const before = count('SELECT COUNT(*) FROM dossiers');
  const lock = await holdWriteLock();
  let r, ms;
  try {
    const t0 = Date.now();
    r = await c.post('/api/v1/dossiers', receipt(), { 'idempotency-key': 'receipt-while-locked' });
    ms = Date.now() - t0;
  } finally {
    await lock.release();
  }
  assertError(r, 503, 'DB_BUSY');
  assert.ok(Number(r.headers.get('retry-after')) >= 1, `Retry-After: ${r.headers.get('retry-after')}`);
  assert.ok(ms >= BUSY_MS - 100 && ms < BUSY_MS + 2500, `answered after ${ms} ms, the bound is ${BUSY_MS} ms`);
  // Nothing was committed, then or later (the old code committed once the lock went).
  await new Promise((res) => setTimeout(res, 300));
  assert.equal(count('SELECT COUNT(*) FROM dossiers'), before);
  // The key of the refused request is free: its retry now receives the dossier.
  r = await c.post('/api/v1/dossiers', receipt(), { 'idempotency-key': 'receipt-while-locked' });
  assert.equal(r.status, 201, r.text);
  assert.equal(count('SELECT COUNT(*) FROM dossiers'), before + 1);
});

test('a log-in and a registration under another process\'s write lock: 503 DB_BUSY too, not DB_ERROR', async (t) => {
  if (!sqlite()) {
    t.skip('the write lock of another process is SQLite\'s');
    return;
  }
  const lock = await holdWriteLock();
  let login, reg;
  try {
    [login, reg] = await Promise.all([
      new Client(env.base).login('congdan'),
      new Client(env.base).post('/api/v1/auth/register', { kind: 'person', id_number: '001099077001', full_name: 'Khoá Ghi',
        email: 'khoaghi@example.vn', username: 'khoaghi', password: 'Dai-va-kho-doan-43' }),
    ]);
  } finally {
    await lock.release();
  }
  assertError(login, 503, 'DB_BUSY');
  assertError(reg, 503, 'DB_BUSY');
  // And once the lock is gone, both work.
  assert.equal((await new Client(env.base).login('congdan')).status, 200);
});

test('the same Idempotency-Key twice gives one dossier and the same reply; another body 422', async () => {
  const c = await loggedIn(env.base, 'tiepnhan');
  const before = count('SELECT COUNT(*) FROM dossiers');
  const key = `receipt-${Date.now()}`;
  const first = await c.post('/api/v1/dossiers', receipt('Công ty Hòa Bình'), { 'idempotency-key': key });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.headers.get('idempotent-replayed'), null);
  const again = await c.post('/api/v1/dossiers', receipt('Công ty Hòa Bình'), { 'idempotency-key': key });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(again.json.code, first.json.code);
  assert.deepEqual(again.json, first.json);
  assert.equal(count('SELECT COUNT(*) FROM dossiers'), before + 1);

  assertError(await c.post('/api/v1/dossiers', receipt('Công ty Khác'), { 'idempotency-key': key }),
    422, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key');
  assert.equal(count('SELECT COUNT(*) FROM dossiers'), before + 1);

  // Parallel copies of one request: one dossier.
  const key2 = `parallel-${Date.now()}`;
  const replies = await Promise.all([1, 2, 3, 4].map(() =>
    c.post('/api/v1/dossiers', receipt('Công ty Song Song'), { 'idempotency-key': key2 })));
  const codes = new Set(replies.filter((x) => x.status === 201).map((x) => x.json.code));
  assert.equal(codes.size, 1, replies.map((x) => `${x.status} ${x.text.slice(0, 80)}`).join('\n'));
  for (const x of replies) if (x.status !== 201) assertError(x, 409, 'IDEMPOTENCY_IN_PROGRESS');
  assert.equal(count(`SELECT COUNT(*) FROM dossiers WHERE submitter_name = 'Công ty Song Song'`), 1);

  // Without the header nothing changes: two requests, two dossiers.
  const n = count('SELECT COUNT(*) FROM dossiers');
  assert.equal((await c.post('/api/v1/dossiers', receipt('Công ty Hai Lần'))).status, 201);
  assert.equal((await c.post('/api/v1/dossiers', receipt('Công ty Hai Lần'))).status, 201);
  assert.equal(count('SELECT COUNT(*) FROM dossiers'), n + 2);
});

test('a bad Idempotency-Key is refused, naming the header, and creates nothing', async () => {
  const c = await loggedIn(env.base, 'tiepnhan');
  const before = count('SELECT COUNT(*) FROM dossiers');
  assertError(await c.post('/api/v1/dossiers', receipt(), { 'idempotency-key': 'x'.repeat(256) }),
    400, 'IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key');
  assertError(await c.post('/api/v1/dossiers', receipt(), { 'idempotency-key': 'has space' }),
    400, 'IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key');
  assert.equal(count('SELECT COUNT(*) FROM dossiers'), before);
});

// The POSTs that create nothing a retry could duplicate: each says why. Every
// other POST route must be ROUTE_IDEMPOTENT, so that a new creating route
// without an Idempotency-Key fails here.
const CREATES_NOTHING = {
  'POST /api/v1/auth/login': 'opens a session; a second one is harmless',
  'POST /api/v1/auth/logout': 'ends the session',
  'POST /api/v1/accounts/{username}/verification': 'marks an account verified: the same again is a no-op',
  'POST /api/v1/procedures/{code}/publish': 'publishes the draft; again: NO_DRAFT',
  'POST /api/v1/calendar/{year}/recompute': 'recomputes due times from the calendar: the same result again',
  'POST /api/v1/queue/counters/{id}/open': 'sits at a counter: again is a no-op',
  'POST /api/v1/queue/counters/{id}/close': 'leaves a counter',
  'POST /api/v1/queue/tickets/{id}/recall': 'announces the same ticket again, as asked',
  'POST /api/v1/queue/tickets/{id}/skip': 'a state change of one ticket: again, QUEUE_TICKET_STATE',
  'POST /api/v1/queue/tickets/{id}/start': 'a state change of one ticket',
  'POST /api/v1/queue/tickets/{id}/finish': 'a state change of one ticket',
  'POST /api/v1/queue/tickets/{id}/transfer': 'moves one ticket; again: QUEUE_SAME_SERVICE',
  'POST /api/v1/queue/tickets/{id}/priority': 'flags one ticket',
  'POST /api/v1/verify/{code}': 'checks a presented file; stores nothing',
  'POST /sandbox/pay/pay': 'the sandbox gateway settles an open order once; again: GATEWAY_ORDER_CLOSED',
  'POST /sandbox/pay/api/transaction': 'querydr reads; a refund refunds once (again: 95)',
  'POST /api/v1/review/plans/{year}/compile': 'moves the submitted forms to compiled: again, none is left',
  'POST /api/v1/review/items/{id}/submit': 'a state change of one form: again, REVIEW_STATE',
  'POST /api/v1/review/items/{id}/return': 'a state change of one form: again, REVIEW_STATE',
  'POST /api/v1/review/proposals/{id}/decision': 'sets one proposal adopted or rejected: the same again',
};

test('every POST route creates nothing (declared here) or accepts an Idempotency-Key', () => {
  const { routes } = JSON.parse(run(['routes']));
  const posts = routes.filter((r) => r.method === 'POST');
  const unclassified = posts.filter((r) => !r.idempotent && !CREATES_NOTHING[`POST ${r.pattern}`]);
  assert.deepEqual(unclassified.map((r) => r.pattern), [],
    'a POST route that may create something must be ROUTE_IDEMPOTENT (src/api/routes.c), or be declared in CREATES_NOTHING');
  for (const key of Object.keys(CREATES_NOTHING)) {
    const r = posts.find((x) => `POST ${x.pattern}` === key);
    assert.ok(r, `${key} is declared but is no route`);
    assert.equal(r.idempotent, false, `${key} is declared as creating nothing but is ROUTE_IDEMPOTENT`);
  }
  for (const p of ['/api/v1/dossiers', '/api/v1/dossiers/{code}/components/{n}/files', '/api/v1/queue/units/{unit}/tickets']) {
    assert.equal(posts.find((r) => r.pattern === p).idempotent, true, p);
  }
});
