// What operators of several servers need (issue 16, item 6): the request id
// a proxy sends kept and written on every log line of the request, the log
// as JSON lines (log_format=json), and /metrics with the process's figures,
// the build, and the business gauges (open, overdue, waiting dossiers and
// today's queue) as the officers' inbox counts them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, Client, seedProcedure } from './helpers.mjs';

const TOKEN = { authorization: 'Bearer ops-metrics-token' };
const env = useServer({
  args: ['--log_format', 'json', '--http.metrics_token', 'ops-metrics-token', '--testing.clock_api', 'true'],
});
const OURS = /^[0-9a-f]{8}-[0-9a-f]{6,}$/;

/** The server's JSON log lines so far, each parsed. */
function jsonLines() {
  return env.server.log().split('\n').filter((l) => l).map((l) => JSON.parse(l));
}

async function metrics() {
  const r = await new Client(env.base).get('/metrics', TOKEN);
  assert.equal(r.status, 200, r.text);
  const m = new Map();
  for (const line of r.text.split('\n')) {
    const x = line.match(/^([a-z_]+(?:\{[^}]*\})?) (\S+)$/);
    if (x) m.set(x[1], Number(x[2]));
  }
  return m;
}

test('an incoming X-Request-Id is kept, echoed, and on every line the request logs', async () => {
  const c = new Client(env.base);
  const r = await c.post('/api/v1/auth/login', { username: 'tiepnhan', password: 'wrong-password' },
    { 'x-request-id': 'lb-7f3a.01:x' });
  assert.equal(r.status, 401);
  assert.equal(r.headers.get('x-request-id'), 'lb-7f3a.01:x');
  // The access line is written when the connection is done with the
  // reply, which may be just after the client has it.
  for (let i = 0; i < 50 && !jsonLines().some((l) => l.rid === 'lb-7f3a.01:x' && l.level === 'access'); i++) {
    await new Promise((res) => setTimeout(res, 100));
  }
  const mine = jsonLines().filter((l) => l.rid === 'lb-7f3a.01:x');
  const failed = mine.find((l) => l.level === 'warn' && /login failed for user=tiepnhan/.test(l.msg));
  assert.ok(failed, `no warn line with the request id:\n${env.server.log().slice(-2000)}`);
  assert.match(failed.src, /^svc_auth\.c:\d+$/);
  assert.match(failed.ts, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  const access = mine.find((l) => l.level === 'access');
  assert.ok(access, 'no access line with the request id');
  assert.match(access.msg, /route=\/api\/v1\/auth\/login status=401/);
  // Lines logged outside any request carry no request id.
  assert.ok(jsonLines().some((l) => l.rid === undefined));
});

test('an id that a log line cannot carry as it is gets replaced by ours', async () => {
  for (const bad of ['a b', 'x'.repeat(65), 'semi;colon', '"quoted"']) {
    const r = await new Client(env.base).get('/healthz', { 'x-request-id': bad });
    const id = r.headers.get('x-request-id');
    assert.match(id, OURS, `${JSON.stringify(bad)} -> ${id}`);
  }
  const ok = await new Client(env.base).get('/healthz', { 'x-request-id': 'x'.repeat(64) });
  assert.equal(ok.headers.get('x-request-id'), 'x'.repeat(64));
  // Without one, each request gets its own.
  const a = (await new Client(env.base).get('/healthz')).headers.get('x-request-id');
  const b = (await new Client(env.base).get('/healthz')).headers.get('x-request-id');
  assert.match(a, OURS);
  assert.notEqual(a, b);
});

test('every log line is one JSON object, the start-up lines too; each has ts, level and src', () => {
  // Stranger's report 16, item 11: "motcua: listening on ..." was plain
  // text, and access lines had no src.
  const lines = env.server.log().split('\n').filter((l) => l);
  assert.ok(lines.length > 5);
  for (const l of lines) assert.doesNotThrow(() => JSON.parse(l), l);
  const all = lines.map((l) => JSON.parse(l));
  assert.ok(all.some((j) => /^listening on http:\/\/127\.0\.0\.1:\d+$/.test(j.msg) && j.level === 'info'));
  assert.ok(all.some((j) => j.level === 'access'));
  for (const j of all) {
    assert.match(j.ts, /^\d{4}-\d{2}-\d{2}T/, JSON.stringify(j));
    assert.match(j.src, /^[a-z_0-9]+\.c:\d+$/, JSON.stringify(j));
  }
  assert.doesNotMatch(env.server.log(), /libmicrohttpd|MHD_OPTION/);
});

test('/metrics: the process, the build, and the business gauges as the inbox counts them', async () => {
  const health = (await new Client(env.base).get('/healthz')).json;
  const m = await metrics();
  assert.ok(m.get('process_cpu_seconds_total') > 0);
  assert.ok(m.get('process_resident_memory_bytes') > 1e6);
  assert.ok(m.get('process_virtual_memory_bytes') >= m.get('process_resident_memory_bytes'));
  assert.ok(m.get('process_open_fds') >= 3);
  assert.ok(m.get('process_max_fds') >= m.get('process_open_fds'));
  const started = m.get('process_start_time_seconds');
  assert.ok(Math.abs(started - Date.now() / 1000) < 600, `start ${started}`);
  assert.equal(m.get(`motcua_build_info{version="${health.version}"}`), 1);

  const leader = await loggedIn(env.base, 'lanhdao');
  const inbox = async () => (await leader.get('/api/v1/inbox')).json.counts;
  const before = await inbox();
  assert.equal(m.get('motcua_dossiers_open'), before.all);
  assert.equal(m.get('motcua_dossiers_overdue'), before.overdue);
  assert.equal(m.get('motcua_dossiers_waiting'), before.waiting);
  assert.equal(m.get('motcua_queue_waiting'), 0);

  // A dossier received: the next reading (after the gauges' 5 s) counts it.
  const LD02 = seedProcedure('LD-02');
  const r = await (await loggedIn(env.base, 'tiepnhan')).post('/api/v1/dossiers', {
    procedure_code: 'LD-02',
    applicant: { kind: 'person', name: 'Trần Thị Hoa', id_number: '035090001234' },
    components: LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' })),
  });
  assert.equal(r.status, 201, r.text);
  const clock = new Client(env.base);
  assert.equal((await clock.put('/api/v1/testing/clock', { offset_ms: 6000 })).status, 200);
  const after = await metrics();
  const now = await inbox();
  assert.equal(now.all, before.all + 1);
  assert.equal(after.get('motcua_dossiers_open'), now.all);
  assert.equal((await clock.put('/api/v1/testing/clock', { offset_ms: 0 })).status, 200);
});
