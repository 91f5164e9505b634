// The background worker (issue 4, item 7) against a local SMTP stand-in:
// the applicant is mailed when the dossier is received, asked to
// supplement, extended and when the result is ready; the assignee (or the
// step's pool) when a dossier comes due soon and when it is overdue, each
// finding recorded once as an event of the dossier; a mail refused by the
// relay is sent again later, once; and several `motcua worker` processes
// beside the server's own worker thread make every event and mail exactly
// once, on either backend.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { startServer, Client, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';
import { seedProcedure, workingLater, dbSql } from './helpers.mjs';
import { taxCodeFrom } from '../lib/ident.mjs';
import { draftResult } from '../lib/pdf.mjs';

const BIN = process.env.MOTCUA_BIN || 'build/motcua';
const PUBLIC_URL = 'https://motcua.example.vn';
const FROM = 'Một cửa điện tử <motcua@example.vn>';
const env = { server: null, sink: null };

before(async () => {
  env.sink = await startSmtpSink();
  env.server = await startServer({
    args: ['--testing.clock_api', 'true', '--worker.interval_seconds', '1', '--smtp.url', env.sink.url,
      '--smtp.from', FROM, '--public_url', PUBLIC_URL],
  });
  sql("UPDATE users SET email = 'tiepnhan@example.vn' WHERE username = 'tiepnhan'");
  sql("UPDATE users SET email = 'chuyenvien@example.vn' WHERE username = 'chuyenvien'");
});
after(async () => {
  if (env.server) await env.server.stop();
  if (env.sink) await env.sink.close();
});

/** Runs SQL on the server's database (SQLite or PostgreSQL). */
function sql(text) {
  return dbSql(env.server.db.url, text);
}

const LD02 = seedProcedure('LD-02');
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
let serial = 0;
/** A company with its own mail box, so that each test finds its own mails. */
function company() {
  serial++;
  return {
    kind: 'organisation', name: `Công ty TNHH Hải Đăng ${serial}`, tax_code: taxCodeFrom(100000000 + serial * 97),
    address: 'KCN Đồng Văn II, Duy Tiên, Hà Nam', phone: '0226385012', email: `haidang${serial}@example.vn`,
  };
}

/** A client logged in now (the server's clock moves: old sessions expire). */
async function as(user) {
  const c = new Client(env.server.base);
  const r = await c.login(user, DEMO_PASSWORD);
  assert.equal(r.status, 200, r.text);
  return c;
}

async function setClock(body) {
  const r = await new Client(env.server.base).put('/api/v1/testing/clock', body);
  assert.equal(r.status, 200, r.text);
}

async function receive(applicant, extra = {}) {
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers',
    { procedure_code: 'LD-02', applicant, components: complete(), ...extra });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function act(user, code, action, body = {}) {
  const r = await (await as(user)).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body);
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
  return r.json;
}

async function history(code) {
  const r = await (await as('lanhdao')).get(`/api/v1/dossiers/${encodeURIComponent(code)}`);
  assert.equal(r.status, 200, r.text);
  return r.json.history;
}

/** Polls until the dossier's history has an event `action`, returns the history. */
async function waitForEvent(code, action, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const h = await history(code);
    if (h.some((e) => e.action === action)) return h;
    if (Date.now() > end) throw new Error(`no ${action} event on ${code}: ${h.map((e) => e.action).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mailsTo = (to, code) => env.sink.messages.filter((m) => m.to.includes(to) && m.subject.includes(code));

test('the applicant is told when the dossier is received, in Vietnamese, with the tracking address', async () => {
  const who = company();
  const d = await receive(who);
  const [m] = await env.sink.waitFor((x) => x.to.includes(who.email) && x.subject.includes(d.code));
  assert.equal(m.subject, `Hồ sơ ${d.code} đã được tiếp nhận`);
  assert.deepEqual(m.to, [who.email]);
  assert.equal(m.from, 'motcua@example.vn', 'the envelope sender is the bare address of smtp.from');
  assert.match(m.headers.from, /motcua@example\.vn/);
  assert.match(m.headers['content-type'], /text\/plain; charset=UTF-8/i);
  assert.ok(m.body.includes(`Kính gửi ${who.name},`), m.body);
  assert.ok(m.body.includes('Văn phòng đã tiếp nhận hồ sơ'), m.body);
  assert.ok(m.body.includes('Cấp giấy phép lao động cho người lao động nước ngoài'), 'the procedure');
  assert.ok(m.body.includes(`${PUBLIC_URL}/#/track/${d.code}`), 'the tracking address');
  const [, y, mo, dd, hh, mi] = d.due_at.match(/^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/);
  assert.ok(m.body.includes(`Ngày hẹn trả kết quả: ${hh}:${mi} ngày ${dd}/${mo}/${y}`), m.body);
  // Once: later rounds send nothing more about it.
  await sleep(2500);
  assert.equal(mailsTo(who.email, d.code).length, 1);
});

test('supplement needed, extension approved and result ready reach the applicant', async () => {
  const who = company();
  const d = await receive(who);
  await act('tiepnhan', d.code, 'transfer', { to_user: 'chuyenvien' });
  const comps = complete();
  comps[1].status = 'missing';
  await act('chuyenvien', d.code, 'request_supplement', { note: 'Giấy khám sức khỏe đã quá 12 tháng', components: comps });
  let [m] = await env.sink.waitFor((x) => x.to.includes(who.email) && x.subject === `Hồ sơ ${d.code} cần bổ sung, hoàn thiện`);
  assert.ok(m.body.includes('Giấy khám sức khỏe đã quá 12 tháng'), m.body);
  assert.ok(m.body.includes('Giấy chứng nhận sức khỏe'), 'the missing component is named');
  await act('tiepnhan', d.code, 'supplement', { components: complete() });
  const proposed = await workingLater(env.server.base, d.due_at);
  await act('chuyenvien', d.code, 'request_extension', { note: 'Chờ ý kiến cơ quan phối hợp', proposed_due_at: proposed });
  await act('lanhdao', d.code, 'approve_extension');
  [m] = await env.sink.waitFor((x) => x.to.includes(who.email) && x.subject === `Hồ sơ ${d.code} được hẹn lại ngày trả kết quả`);
  assert.ok(m.body.includes('xin lỗi'), m.body);
  assert.ok(m.body.includes('Chờ ý kiến cơ quan phối hợp'), 'the reason');
  const [, y, mo, dd] = proposed.match(/^(\d{4})-(\d\d)-(\d\d)/);
  assert.ok(m.body.includes(`Ngày hẹn trả mới: ${proposed.slice(11, 16)} ngày ${dd}/${mo}/${y}`), m.body);
  await act('chuyenvien', d.code, 'transfer');
  await act('truongphong', d.code, 'transfer');
  await draftResult(await as('chuyenvien'), d.code);
  await act('lanhdao', d.code, 'approve');
  await act('lanhdao', d.code, 'issue_result', { result_code: 'GPLĐ-2026-042' });
  [m] = await env.sink.waitFor((x) => x.to.includes(who.email) && x.subject === `Hồ sơ ${d.code} đã có kết quả`);
  assert.ok(m.body.includes('GPLĐ-2026-042'), m.body);
  assert.ok(m.body.includes('Bộ phận Một cửa'), 'where to collect it');
});

test('due soon and overdue: recorded once as events, and the assignee is reminded once each', async () => {
  const d = await receive(company());
  const due = new Date(d.due_at).getTime();
  // Two office hours before the appointment: due within one working day.
  await setClock({ now_ms: due - 2 * 3600e3 });
  let h = await waitForEvent(d.code, 'due_soon');
  const soon = h.filter((e) => e.action === 'due_soon');
  assert.equal(soon.length, 1);
  assert.equal(soon[0].actor, '', 'recorded by the system');
  assert.equal(soon[0].from_state, 'received');
  assert.equal(soon[0].to_state, 'received');
  // The event keeps the instant to the millisecond; the dossier shows it to the second.
  assert.equal(Math.floor(soon[0].data.due_at / 1000) * 1000, due);
  let [m] = await env.sink.waitFor((x) => x.to.includes('tiepnhan@example.vn') && x.subject === `Hồ sơ ${d.code} sắp đến hạn giải quyết`);
  assert.ok(m.body.includes('Tiếp nhận hồ sơ'), 'the current step');
  // An hour past it: overdue.
  await setClock({ now_ms: due + 3600e3 });
  h = await waitForEvent(d.code, 'overdue');
  [m] = await env.sink.waitFor((x) => x.to.includes('tiepnhan@example.vn') && x.subject === `Hồ sơ ${d.code} đã quá hạn giải quyết`);
  assert.ok(m.body.includes('Mẫu 04'), m.body);
  // Several more rounds change nothing.
  await sleep(3000);
  h = await history(d.code);
  assert.equal(h.filter((e) => e.action === 'due_soon').length, 1);
  assert.equal(h.filter((e) => e.action === 'overdue').length, 1);
  assert.equal(mailsTo('tiepnhan@example.vn', d.code).length, 2);
  await setClock({ now_ms: 0 });
});

test('an unassigned step: its pool is reminded; a paused dossier is never overdue', async () => {
  const pooled = await receive(company());
  await act('tiepnhan', pooled.code, 'transfer'); // to the specialists of DNLD, nobody in particular
  const paused = await receive(company());
  await act('tiepnhan', paused.code, 'transfer', { to_user: 'chuyenvien' });
  await act('chuyenvien', paused.code, 'request_supplement', { note: 'Bổ sung hộ chiếu' });
  await setClock({ now_ms: new Date(pooled.due_at).getTime() + 86400e3 });
  await waitForEvent(pooled.code, 'overdue');
  await env.sink.waitFor((x) => x.to.includes('chuyenvien@example.vn') && x.subject === `Hồ sơ ${pooled.code} đã quá hạn giải quyết`);
  await sleep(1500);
  const h = await history(paused.code);
  assert.ok(!h.some((e) => e.action === 'overdue' || e.action === 'due_soon'), 'time does not run while waiting for the applicant');
  await setClock({ now_ms: 0 });
});

test('a mail the relay refuses is sent again later, once', async () => {
  const who = company();
  env.sink.failNext(1);
  const d = await receive(who);
  await sleep(2500);
  assert.equal(mailsTo(who.email, d.code).length, 0, 'refused the first time');
  // The next try is a minute later.
  await setClock({ offset_ms: 2 * 60e3 });
  await env.sink.waitFor((x) => x.to.includes(who.email) && x.subject.includes(d.code));
  await sleep(2500);
  assert.equal(mailsTo(who.email, d.code).length, 1);
  await setClock({ now_ms: 0 });
});

/** Runs `motcua worker --once` against the server's database at instant now. */
function workerOnce(now) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['worker', '--once', '--db', env.server.db.url, '--smtp.url', env.sink.url,
      '--smtp.from', FROM, '--public_url', PUBLIC_URL, '--log_level', 'warn', '--testing.clock_api', 'true',
      '--now', String(now)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => { out += b; });
    child.stderr.on('data', (b) => { out += b; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker exited ${code}: ${out}`))));
  });
}

test('several worker processes beside the server\'s worker: every event and every mail exactly once', async () => {
  const people = [];
  const codes = [];
  let latest = 0;
  for (let i = 0; i < 8; i++) {
    const who = company();
    people.push(who);
    const d = await receive(who);
    codes.push(d.code);
    latest = Math.max(latest, new Date(d.due_at).getTime());
  }
  // The server's worker (real clock, every second) sends the "received" mails
  // first. Let it finish before time jumps a day ahead: a mail it had claimed
  // but not yet marked sent would look, a day later, like a lease long run out.
  for (let t = 0; t < 100 && people.some((p, i) => mailsTo(p.email, codes[i]).length < 1); t++) await sleep(100);
  await sleep(1500);
  // A day after the last appointment, for the server's worker and four processes at once.
  const now = latest + 86400e3;
  await setClock({ now_ms: now });
  const runs = [];
  for (let round = 0; round < 3; round++) {
    const batch = await Promise.all([workerOnce(now), workerOnce(now), workerOnce(now), workerOnce(now)]);
    runs.push(...batch);
  }
  await sleep(2500); // and the server's own rounds
  for (let i = 0; i < codes.length; i++) {
    const h = await history(codes[i]);
    assert.equal(h.filter((e) => e.action === 'overdue').length, 1, `${codes[i]}: ${h.map((e) => e.action)}`);
    assert.equal(h.filter((e) => e.action === 'due_soon').length, 0, 'past due: overdue, not due soon');
    assert.equal(mailsTo(people[i].email, codes[i]).length, 1, `received mail of ${codes[i]}`);
    assert.equal(mailsTo('tiepnhan@example.vn', codes[i]).length, 1, `overdue mail of ${codes[i]}`);
  }
  const queued = runs.map((o) => Number((o.match(/mails queued (\d+)/) || [])[1] || 0)).reduce((a, b) => a + b, 0);
  assert.ok(queued <= codes.length * 2, `queued ${queued}: at most one per mail across processes`);
  const audit = execFileSync(BIN, ['audit', 'verify', '--db', env.server.db.url], { encoding: 'utf8' });
  assert.match(audit, /\d+ events/);
  await setClock({ now_ms: 0 });
});

test('motcua worker needs --once or an interval; --now only with the test clock enabled', () => {
  const status = (args) => {
    try {
      execFileSync(BIN, ['worker', '--db', env.server.db.url, ...args], { stdio: 'pipe' });
      return 0;
    } catch (e) { return e.status; }
  };
  assert.equal(status(['--worker.interval_seconds', '0']), 2);
  assert.equal(status(['--once', '--now', '1700000000000']), 2);
  assert.equal(status(['--once', '--testing.clock_api', 'true', '--now', 'soon']), 2);
});
