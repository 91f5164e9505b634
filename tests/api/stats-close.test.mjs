// Closed periods of the periodic report (issue 12, DOMAIN.md 11): POST
// /api/v1/stats/closures freezes a unit's month (quarter, half, year) with
// the SHA-256 of its figures as the next link of a hash chain, signed with
// the agency key; the report of exactly that period then answers the frozen
// figures, and a later change of what the history says (here a day off
// added to March's calendar, which turns a late dossier on time) shows as an
// adjustment (frozen, recomputed, difference) instead of changing the
// closed report; the exports of the period are the frozen figures too;
// `motcua audit verify` checks the chain and the signatures and names a
// closure whose figures were edited behind the triggers' back, and a
// restore refuses a backup of it; who may close, and bad input named;
// `motcua kpi close` from the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, loggedIn, assertError, Client, seedProcedure, runStatus, assertFetched, dbSql } from './helpers.mjs';
import { parseCsv, readXlsx } from '../lib/xlsx.mjs';
import { freshDb } from '../lib/motcua.mjs';
import { draftResult } from '../lib/pdf.mjs';

const BIN = process.env.MOTCUA_BIN || 'build/motcua';
const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-close-'));
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
const env = useServer({ args: ['--testing.clock_api', 'true', '--data-dir', dataDir] },
  () => { execFileSync(BIN, ['pki', 'init', '--data-dir', dataDir]); });
const LD02 = seedProcedure('LD-02');

// Local (UTC+7) wall time in 2026 as UTC ms.
const at = (month, day, hour, minute = 0) => Date.UTC(2026, month - 1, day, hour - 7, minute);

let clients = {};
async function setClock(ms) {
  const r = await new Client(env.base).put('/api/v1/testing/clock', { now_ms: ms });
  assert.equal(r.status, 200, r.text);
  clients = {};
}
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}
const company = { kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565', address: 'KCN Đồng Văn I, Hà Nam' };
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
async function receive(when) {
  await setClock(when);
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components: complete() });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}
async function act(user, code, action, body = {}) {
  const r = await (await as(user)).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body);
  assert.equal(r.status, 200, `${user} ${action} ${code}: ${r.text}`);
}
async function finish(when, code) {
  await setClock(when);
  await act('tiepnhan', code, 'transfer', { to_user: 'chuyenvien' });
  await act('chuyenvien', code, 'transfer');
  await act('truongphong', code, 'transfer');
  await draftResult(await as('chuyenvien'), code);
  await act('lanhdao', code, 'approve');
  await act('lanhdao', code, 'issue_result', { result_code: `GPLĐ-${code.slice(-4)}` });
  await act('tiepnhan', code, 'return_result');
}

const MARCH = { unit: 'DNLD', from: '2026-03-01', to: '2026-03-31' };
const report = (q) => `/api/v1/stats/report?${new URLSearchParams(q)}`;
const audit = () => runStatus(['audit', 'verify', '--db', env.server.db.url, '--data-dir', dataDir]);

// March: D1 received Monday 2 March 08:00 (LD-02: 5 working days, due Monday
// 9 March 08:00), ended the day after: late. D2 open at the month's end.
let building = null;
const built = () => (building ??= (async () => {
  const d1 = await receive(at(3, 2, 8));
  const d2 = await receive(at(3, 2, 9));
  await finish(at(3, 10, 10), d1);
  await setClock(at(4, 10, 9));
  return { d1, d2 };
})());

test('closing March freezes it: signed, chained; refused twice, before its end, to others', async () => {
  await built();
  const live = await (await as('lanhdao')).get(report(MARCH));
  assert.equal(live.status, 200, live.text);
  assert.equal(live.json.closure, undefined, 'an open period has no closure');
  assert.equal(live.json.total.ended_late, 1, JSON.stringify(live.json.total));
  assert.equal(live.json.total.open_overdue + live.json.total.open_not_due, 1);

  for (const who of ['tiepnhan', 'truongphong', 'admin']) {
    assertError(await (await as(who)).post('/api/v1/stats/closures', { unit: 'DNLD', period: '2026-03' }), 403, 'FORBIDDEN');
  }
  const leader = await as('lanhdao');
  for (const [body, status, code, field] of [
    [{ period: '2026-03' }, 400, 'FIELD_MISSING', 'unit'],
    [{ unit: 'DNLD' }, 400, 'FIELD_MISSING', 'period'],
    [{ unit: 'DNLD', period: '2026-13' }, 400, 'FIELD_INVALID', 'period'],
    [{ unit: 'DNLD', period: '2026-Q5' }, 400, 'FIELD_INVALID', 'period'],
    [{ unit: 'DNLD', period: '26-03' }, 400, 'FIELD_INVALID', 'period'],
    [{ unit: 'DNLD', period: '2026-03-01' }, 400, 'FIELD_INVALID', 'period'],
    [{ unit: 'DNLD', period: '2026-04' }, 422, 'KPI_PERIOD_NOT_ENDED', 'period'],
    [{ unit: 'DNLD', period: '2026-Q2' }, 422, 'KPI_PERIOD_NOT_ENDED', 'period'],
    [{ unit: 'DNLD', period: '2026' }, 422, 'KPI_PERIOD_NOT_ENDED', 'period'],
    [{ unit: 'NOPE', period: '2026-03' }, 404, 'UNIT_NOT_FOUND', 'unit'],
  ]) {
    assertError(await leader.post('/api/v1/stats/closures', body), status, code, field);
  }
  assert.deepEqual((await leader.get('/api/v1/stats/closures?unit=DNLD')).json.closures, [], 'nothing was closed');

  const r = await leader.post('/api/v1/stats/closures', { unit: 'DNLD', period: '2026-03' });
  assert.equal(r.status, 201, r.text);
  const c = r.json;
  assert.equal(c.seq, 1);
  assert.deepEqual([c.unit, c.period, c.from, c.to, c.closed_by], ['DNLD', '2026-03', '2026-03-01', '2026-03-31', 'lanhdao']);
  assert.equal(c.prev_hash, '0'.repeat(64));
  assert.match(c.hash, /^[0-9a-f]{64}$/);
  assert.equal(c.signed, true);
  assert.ok(c.signer.length > 0);
  assertError(await leader.post('/api/v1/stats/closures', { unit: 'DNLD', period: '2026-03' }), 409, 'KPI_PERIOD_CLOSED', 'period');
  // The office closes the first quarter of the board: the next link.
  const q1 = await (await as('vanphong')).post('/api/v1/stats/closures', { unit: 'BQL', period: '2026-Q1' });
  assert.equal(q1.status, 201, q1.text);
  assert.equal(q1.json.seq, 2);
  assert.equal(q1.json.prev_hash, c.hash);
  assert.deepEqual([q1.json.from, q1.json.to], ['2026-01-01', '2026-03-31']);
  const list = await leader.get('/api/v1/stats/closures');
  assert.deepEqual(list.json.closures.map((x) => [x.seq, x.unit, x.period]), [[1, 'DNLD', '2026-03'], [2, 'BQL', '2026-Q1']]);
  assert.deepEqual((await leader.get('/api/v1/stats/closures?unit=BQL')).json.closures.map((x) => x.seq), [2]);

  // The closed report: the same figures, the closure, no adjustment.
  const frozen = await leader.get(report(MARCH));
  assert.equal(frozen.status, 200, frozen.text);
  assert.deepEqual(frozen.json.rows, live.json.rows);
  assert.deepEqual(frozen.json.total, live.json.total);
  assert.deepEqual(frozen.json.closure, c);
  assert.deepEqual(frozen.json.adjustments, []);
  // Another span of days is not the closed period.
  assert.equal((await leader.get(report({ ...MARCH, to: '2026-03-30' }))).json.closure, undefined);

  const v = audit();
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /^2 closed periods checked \(2 signatures\): the closures verify$/m);

  // One closure checked as audit verify checks it, with its frozen figures.
  const one = await leader.get('/api/v1/stats/closures/1');
  assert.equal(one.status, 200, one.text);
  assert.deepEqual(one.json.closure, c);
  assert.deepEqual(one.json.verification, { valid: true, signature_verified: true, problem: null });
  assert.deepEqual(one.json.total, live.json.total);
  assert.deepEqual(one.json.rows, live.json.rows);
  assert.deepEqual(one.json.adjustments, []);
  assert.equal((await leader.get('/api/v1/stats/closures/2')).json.closure.prev_hash, c.hash);
  assertError(await leader.get('/api/v1/stats/closures/99'), 404, 'KPI_CLOSURE_NOT_FOUND', 'seq');
  assertError(await leader.get('/api/v1/stats/closures/x1'), 404, 'KPI_CLOSURE_NOT_FOUND', 'seq');
  assertError(await (await as('tiepnhan')).get('/api/v1/stats/closures/1'), 403, 'FORBIDDEN');
});

test('a later change of the history shows as adjustments; the closed figures stay', async () => {
  await built();
  const leader = await as('lanhdao');
  const before = (await leader.get(report(MARCH))).json;
  assert.ok(before.closure, 'closed by the test before');
  // A day off on Wednesday 4 March, added after the close: D1's due time
  // moves to Tuesday 10 March 08:00, so it ended on time, not late.
  const admin = await as('admin');
  const add = await admin.post('/api/v1/calendar/2026/entries?unit=DNLD', { date: '2026-03-04', kind: 'holiday', name: 'Nghỉ bù' });
  assert.equal(add.status, 201, add.text);
  const after = (await leader.get(report(MARCH))).json;
  assert.deepEqual(after.total, before.total, 'the closed report does not change');
  assert.deepEqual(after.rows, before.rows);
  const adj = Object.fromEntries(after.adjustments.filter((a) => a.key === 'total').map((a) => [a.column, a]));
  assert.deepEqual(adj.ended_late, { key: 'total', column: 'ended_late', frozen: 1, recomputed: 0, difference: -1 });
  assert.deepEqual(adj.ended_on_time, { key: 'total', column: 'ended_on_time', frozen: 0, recomputed: 1, difference: 1 });
  assert.deepEqual(Object.keys(adj).sort(), ['ended_late', 'ended_on_time']);
  assert.ok(after.adjustments.some((a) => a.key === 'LD-02' && a.column === 'ended_late' && a.difference === -1), JSON.stringify(after.adjustments));
  assert.deepEqual((await leader.get('/api/v1/stats/closures/1')).json.adjustments, after.adjustments, 'the closure\'s page lists them too');
  // By field and by unit: frozen too.
  for (const by of ['field', 'unit']) {
    const b = (await leader.get(report({ ...MARCH, by }))).json;
    assert.equal(b.total.ended_late, 1, by);
    assert.ok(b.adjustments.some((a) => a.key === 'total' && a.column === 'ended_late' && a.recomputed === 0), by);
  }
  // The CSV of the closed period: the frozen figures.
  const url = report({ ...MARCH, format: 'csv' });
  const res = await fetch(env.base + url, { headers: { cookie: leader.cookie } });
  await assertFetched('GET', url, res);
  assert.equal(res.status, 200);
  const rows = parseCsv(Buffer.from(await res.arrayBuffer()).toString('utf8'));
  const late = rows[0].indexOf('Giải quyết quá hạn');
  assert.ok(late >= 0, rows[0].join('|'));
  assert.equal(Number(rows[rows.length - 1][late]), 1, 'the total row of the CSV is frozen');
  // A period not closed follows the history.
  const open = (await leader.get(report({ ...MARCH, to: '2026-03-30' }))).json;
  assert.equal(open.total.ended_late, 0);
});

test('the next period carries the corrections of a closed one as adjustment rows that add up', async () => {
  await built();
  const leader = await as('lanhdao');
  const APRIL = { unit: 'DNLD', from: '2026-04-01', to: '2026-04-30' };
  const march = (await leader.get(report(MARCH))).json;
  const april = await leader.get(report(APRIL));
  assert.equal(april.status, 200, april.text);
  const carried = april.json.carried_adjustments;
  assert.ok(carried, 'April follows the closed March: ' + april.text);
  assert.deepEqual([carried.corrects.seq, carried.corrects.period, carried.corrects.unit], [1, '2026-03', 'DNLD']);
  // The day off added after the close (the test before) turned D1 on time.
  assert.equal(carried.rows.length, 1, JSON.stringify(carried.rows));
  const [row] = carried.rows;
  assert.equal(row.key, 'LD-02');
  assert.deepEqual([row.ended_late, row.ended_on_time, row.ended_early, row.carried_over, row.open_not_due, row.open_overdue], [-1, 1, 0, 0, 0, 0]);
  assert.match(row.reason, /2026-03.*giải quyết đúng hạn 0 → 1, giải quyết quá hạn 1 → 0/);
  assert.match(row.reason_en, /period 2026-03 \(closed on 2026-04-10, link 1\).*ended late 1 → 0/);
  const sum = (r, ks) => ks.reduce((n, k) => n + r[k], 0);
  const IN = ['carried_over', 'new_online', 'new_direct', 'new_post'];
  const OUT = ['ended_early', 'ended_on_time', 'ended_late', 'open_not_due', 'open_overdue'];
  assert.equal(sum(row, IN), sum(row, OUT), 'the adjustment row adds up');
  // March stays frozen; frozen March plus its adjustments is what the history says.
  assert.equal(march.total.ended_late, 1);
  assert.equal(sum(march.total, ['open_not_due', 'open_overdue']) + row.open_not_due + row.open_overdue,
    april.json.total.carried_over, 'what March left open, corrected, is what April carries over');
  // The files of April print the row after the total: its key names the
  // closed period, its name the reason, its figures the differences.
  const file = async (format, who = leader) => {
    const url = report({ ...APRIL, format });
    const res = await fetch(env.base + url, { headers: { cookie: who.cookie } });
    await assertFetched('GET', url, res);
    assert.equal(res.status, 200);
    return Buffer.from(await res.arrayBuffer());
  };
  const csv = parseCsv((await file('csv')).toString('utf8'));
  const head = csv[0];
  const adjRow = csv[csv.length - 1];
  assert.equal(csv[csv.length - 2][1], 'Tổng cộng', 'the total, then the adjustment');
  assert.equal(adjRow[0], 'ĐC 2026-03 LD-02');
  assert.equal(adjRow[1], row.reason);
  assert.equal(Number(adjRow[head.indexOf('Giải quyết quá hạn')]), -1);
  assert.equal(Number(adjRow[head.indexOf('Giải quyết đúng hạn')]), 1);
  assert.equal(Number(adjRow[head.indexOf('Tổng số đã giải quyết')]), 0);
  const x = readXlsx(await file('xlsx'));
  const last = x.rows[x.rows.length - 1];
  assert.deepEqual(last.slice(0, 2).map((c) => c.value), ['ĐC 2026-03 LD-02', row.reason]);
  assert.equal(last[head.indexOf('Giải quyết quá hạn')].value, -1);
  assert.equal(x.autoFilter, `A1:R${x.rows.length - 2}`, 'neither the total nor the adjustment is filtered');
  // The signed PDF too, once April has ended: the row after the total,
  // unnumbered, its figures as in the CSV.
  await setClock(at(5, 4, 9));
  const pdf = path.join(dataDir, 'april.pdf');
  writeFileSync(pdf, await file('pdf', await as('lanhdao'))); // a new session: the clock moved
  await setClock(at(4, 10, 9));
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  const lines = text.split('\n');
  const total = lines.findIndex((l) => l.includes('Tổng cộng'));
  const adj = lines.findIndex((l) => l.includes('ĐC 2026-03 LD-02'));
  assert.ok(total >= 0 && adj > total, 'the adjustment after the total: ' + text);
  assert.match(lines[adj], /^\s*ĐC 2026-03 LD-02:/, 'no row number');
  assert.deepEqual(lines[adj].trim().split(/\s+/).slice(-16).map(Number), adjRow.slice(2).map(Number));
  assert.ok(text.replace(/\s+/g, ' ').includes('giải quyết đúng hạn 0 → 1'), 'the reason is printed');
  // Only the period of the same kind just before: DNLD's Q1 is not closed,
  // a range that is no period carries nothing; the board's Q2 carries Q1's.
  assert.equal((await leader.get(report({ unit: 'DNLD', from: '2026-04-01', to: '2026-06-30' }))).json.carried_adjustments, undefined);
  assert.equal((await leader.get(report({ ...APRIL, to: '2026-04-29' }))).json.carried_adjustments, undefined);
  const q2 = (await leader.get(report({ unit: 'BQL', from: '2026-04-01', to: '2026-06-30', by: 'unit' }))).json.carried_adjustments;
  assert.equal(q2.corrects.period, '2026-Q1');
  assert.deepEqual(q2.rows.map((r) => [r.key, r.ended_late, r.ended_on_time]), [['DNLD', -1, 1]]);
});

test('audit verify names a closure whose figures were edited; kpi close from the command line', async () => {
  await built();
  const url = env.server.db.url;
  // The command line closes February of DNLD (nobody's name on it).
  let r = runStatus(['kpi', 'close', '--db', url, '--data-dir', dataDir, '--unit', 'DNLD', '--period', '2026-02']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^closed DNLD 2026-02 \(2026-02-01 to 2026-02-28\): closure #3, hash [0-9a-f]{64}, signed by .+$/m);
  r = runStatus(['kpi', 'close', '--db', url, '--data-dir', dataDir, '--unit', 'DNLD', '--period', '2026-02']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /closed already.*\(period\)/);
  r = runStatus(['kpi', 'close', '--db', url, '--data-dir', dataDir, '--unit', 'DNLD', '--period', 'Feb']);
  assert.equal(r.status, 2, r.stderr);
  const list = (await (await as('lanhdao')).get('/api/v1/stats/closures?unit=DNLD')).json.closures;
  assert.deepEqual(list.map((c) => [c.seq, c.period, c.closed_by]), [[1, '2026-03', 'lanhdao'], [3, '2026-02', null]]);
  let v = audit();
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /^3 closed periods checked \(3 signatures\)/m);
  // The frozen figures edited behind the triggers' back.
  const sql = url.startsWith('sqlite:')
    ? ['DROP TRIGGER kpi_closures_no_update;', "UPDATE kpi_closures SET figures = replace(figures, '\"ended_late\":1', '\"ended_late\":0') WHERE seq = 1;"]
    : ['ALTER TABLE kpi_closures DISABLE TRIGGER kpi_closures_no_change;', "UPDATE kpi_closures SET figures = replace(figures, '\"ended_late\":1', '\"ended_late\":0') WHERE seq = 1;"];
  dbSql(url, sql.join(' '));
  v = audit();
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /broken: closure #1 \(unit DNLD, period 2026-03\): the frozen figures do not match their hash/);
  // The closure's own check names it and shows no figures.
  const one = await (await as('lanhdao')).get('/api/v1/stats/closures/1');
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.verification.valid, false);
  assert.match(one.json.verification.problem, /closure #1 \(unit DNLD, period 2026-03\): the frozen figures do not match their hash/);
  assert.equal(one.json.total, undefined);
  assert.equal((await (await as('lanhdao')).get('/api/v1/stats/closures/3')).json.verification.valid, true, 'the others still verify');
  // The report refuses to answer figures that are not what was closed.
  const bad = await (await as('lanhdao')).get(report(MARCH));
  assert.equal(bad.status, 500, bad.text);
  // A backup of it is not restored: restore checks the closures' chain.
  const bk = path.join(dataDir, 'backup');
  r = runStatus(['backup', bk, '--db', url, '--data-dir', dataDir]);
  assert.equal(r.status, 0, r.stderr);
  const target = freshDb();
  try {
    r = runStatus(['restore', bk, '--db', target.url, '--data-dir', path.join(dataDir, 'restored')]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /the closed periods in the backup do not verify: closure #1 \(unit DNLD, period 2026-03\): the frozen figures do not match their hash; nothing was restored/);
  } finally {
    target.drop();
  }
});
