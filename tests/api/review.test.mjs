// Procedure review and compliance cost (issue 14): on a generated year
// (`motcua gen dossiers` writes the dossiers with their queue visits), the
// Office plans the year, the unit fills its form, motcua measures the
// waits, counter times, visits, returns, supplements and dossiers a year of
// the procedure's history and the cost is checked against a hand
// computation from the database's own rows; a simplification's saving by
// hand too; the flow unit → Office → leader with its refusals; the report
// as XLSX (read back) and as a signed PDF (pdftotext); the version that
// enacts the proposal links to it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, freshDb, run, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { loggedIn, assertError, assertFetched, seedProcedure, dbSql } from './helpers.mjs';
import { readXlsx } from '../lib/xlsx.mjs';

const BIN = process.env.MOTCUA_BIN || 'build/motcua';
const CODE = 'LD-01'; // processed by DNLD, whose specialist is chuyenvien
const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
execFileSync(BIN, ['gen', 'dossiers', '500', '--seed', '7', '--open-percent', '10', '--db', db.url], { stdio: 'ignore' });
const keyDir = mkdtempSync(path.join(tmpdir(), 'motcua-review-'));
execFileSync(BIN, ['pki', 'init', '--data-dir', keyDir]);
// A specialist of another unit: reads no form of DNLD's.
run(['user', 'add', 'cv_qldt', '--full-name', 'Vũ Văn Khác', '--role', 'specialist', '--unit', 'QLDT', '--password', DEMO_PASSWORD, '--db', db.url]);
const server = await startServer({ db: { url: db.url, drop() {} }, args: ['--data-dir', keyDir] });
after(async () => {
  await server.kill('SIGTERM');
  db.drop();
});

function sql(q) {
  return dbSql(db.url, q).trim().split('\n').filter(Boolean).map((l) => l.split('|'));
}

const DAY = 86400e3;
const ymd = (ms) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 10);
const localMidnight = (d) => Date.parse(`${d}T00:00:00+07:00`);
const FROM = ymd(Date.now() - 365 * DAY);
const TO = ymd(Date.now());
const YEAR = 2030;
const halfUp = (n, d) => Math.floor((n + Math.floor(d / 2)) / d);

/** The measure, by hand from the rows: dossiers of CODE received in the period. */
function handMeasure() {
  const from = localMidnight(FROM), to = localMidnight(TO) + DAY;
  const rows = sql(`SELECT d.channel, d.supplements, d.return_method, COALESCE(d.returned_at, 0), COALESCE(d.result_at, 0), d.received_at,
    COALESCE(t.id, 0), COALESCE(t.issued_at, 0), COALESCE(t.called_at, 0), COALESCE(t.handling_ms, 0)
    FROM dossiers d JOIN procedure_versions v ON v.id = d.procedure_version_id JOIN procedures p ON p.id = v.procedure_id
    LEFT JOIN ticket_dossiers td ON td.dossier_id = d.id LEFT JOIN queue_tickets t ON t.id = td.ticket_id
    WHERE p.code = '${CODE}' AND d.received_at >= ${from} AND d.received_at < ${to}`).map((r) => r.map((x, i) => (i === 0 || i === 2 ? x : Number(x))));
  const m = { dossiers: rows.length, visits: 0, waits: 0, waitMs: 0, served: 0, counterMs: 0, supplements: 0, directSupplements: 0, returns: 0 };
  for (const [channel, supp, ret, returnedAt, , , ticket, issued, called, handling] of rows) {
    if (ticket) m.visits++;
    if (ticket && called) { m.waits++; m.waitMs += called - issued; }
    if (handling > 0) { m.served++; m.counterMs += handling; }
    m.supplements += supp;
    if (channel === 'direct') m.directSupplements += supp;
    if (ret === 'desk' && returnedAt) m.returns++;
  }
  m.days = Math.round((to - from) / DAY);
  return m;
}

/** The cost by hand (core/ccost.h's formula and rounding). */
function handCost(m, declared, income, fees, other) {
  const per = (n) => Math.min(halfUp(n * 1000, m.dossiers), 100000);
  const acts = {
    prepare: { s: declared.prepare.s, t: declared.prepare.t },
    travel: { s: declared.travel.s, t: per(m.visits + m.returns + m.directSupplements) },
    wait: { s: halfUp(m.waitMs, m.waits * 1000), t: per(m.visits) },
    counter: { s: halfUp(m.counterMs, m.served * 1000), t: per(m.visits) },
    result: { s: declared.result.s, t: per(m.returns) },
    supplement: { s: declared.supplement.s, t: per(m.supplements) },
  };
  let sm = 0n;
  for (const a of Object.values(acts)) sm += BigInt(a.s) * BigInt(a.t);
  const labour = Number((sm * BigInt(income) + 1800000n) / 3600000n);
  const once = labour + fees + other;
  const perYear = halfUp(m.dossiers * 365, m.days);
  return { acts, labour, once, perYear, year: once * perYear, secondsOnce: Number((sm + 500n) / 1000n) };
}

const DECLARED = { prepare: { s: 7200, t: 1000 }, travel: { s: 1800, t: 0 }, result: { s: 1200, t: 0 }, supplement: { s: 3600, t: 0 } };
const INCOME = 40000, OTHER = 35000;
let office, unit, leader, head, formId, proposalId;

test('the office plans the year; refusals name the field and change nothing', async () => {
  office = await loggedIn(server.base, 'vanphong');
  unit = await loggedIn(server.base, 'chuyenvien');
  leader = await loggedIn(server.base, 'lanhdao');
  head = await loggedIn(server.base, 'truongphong');
  assertError(await unit.post('/api/v1/review/plans', { year: YEAR }), 403, 'FORBIDDEN');
  assertError(await office.post('/api/v1/review/plans', { year: 1999 }), 400, 'FIELD_RANGE', 'year');
  assertError(await office.post('/api/v1/review/plans', { year: YEAR, measure_from: TO, measure_to: FROM }), 400, 'FIELD_INVALID', 'measure_to');
  let r = await office.post('/api/v1/review/plans', { year: YEAR, measure_from: FROM, measure_to: TO });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json, { year: YEAR, measure_from: FROM, measure_to: TO, items: 0 });
  assertError(await office.post('/api/v1/review/plans', { year: YEAR }), 409, 'REVIEW_PLAN_EXISTS', 'year');
  assertError(await office.post(`/api/v1/review/plans/${YEAR}/items`, { procedure: 'NO-SUCH', due: `${YEAR}-06-30` }), 404, 'PROCEDURE_NOT_FOUND', 'procedure');
  assertError(await office.post(`/api/v1/review/plans/${YEAR}/items`, { procedure: CODE, due: '30/06/2030' }), 400, 'FIELD_INVALID', 'due');
  assertError(await office.post(`/api/v1/review/plans/2031/items`, { procedure: CODE, due: `${YEAR}-06-30` }), 404, 'REVIEW_PLAN_NOT_FOUND');
  r = await office.post(`/api/v1/review/plans/${YEAR}/items`, { procedure: CODE, due: `${YEAR}-06-30` });
  assert.equal(r.status, 201, r.text);
  formId = r.json.id;
  assert.equal(r.json.unit.code, 'DNLD');
  assert.equal(r.json.state, 'draft');
  assert.equal(r.json.income_per_hour, null);
  assert.equal(r.json.cost.complete, false, 'no income for the year yet');
  assertError(await office.post(`/api/v1/review/plans/${YEAR}/items`, { procedure: CODE, due: `${YEAR}-06-30` }), 409, 'REVIEW_ITEM_EXISTS', 'procedure');
  assertError(await unit.put(`/api/v1/review/incomes/${YEAR}`, { per_hour: INCOME }), 403, 'FORBIDDEN');
  r = await office.put(`/api/v1/review/incomes/${YEAR}`, { per_hour: INCOME });
  assert.equal(r.status, 200, r.text);
  r = await unit.get('/api/v1/review/incomes');
  assert.deepEqual(r.json.incomes, [{ year: YEAR, per_hour: INCOME }]);
});

test('the compliance cost measured from the generated history equals the hand computation', async () => {
  const m = handMeasure();
  assert.ok(m.dossiers >= 10 && m.visits >= 5 && m.returns >= 5, `enough history: ${JSON.stringify(m)}`);
  // A bad verdict, an unknown activity, another unit: refused, nothing saved.
  assertError(await unit.put(`/api/v1/review/items/${formId}`, { necessity: { verdict: 'maybe' } }), 400, 'FIELD_INVALID', 'necessity.verdict');
  assertError(await unit.put(`/api/v1/review/items/${formId}`, { activities: [{ activity: 'nap', seconds: 1, times_milli: 1 }] }), 400, 'FIELD_INVALID', 'activities[0].activity');
  assertError(await unit.put(`/api/v1/review/items/${formId}`, { activities: [{ activity: 'wait', seconds: -1, times_milli: 1 }] }), 400, 'FIELD_RANGE', 'activities[0].seconds');
  assertError(await leader.put(`/api/v1/review/items/${formId}`, { other_costs: 1 }), 403, 'FORBIDDEN');
  const body = {
    necessity: { verdict: 'meets', note: 'Cần thiết để quản lý lao động nước ngoài' },
    reasonableness: { verdict: 'partly', note: 'Thành phần hồ sơ trùng lặp' },
    legality: { verdict: 'meets', note: '' },
    activities: Object.entries(DECLARED).map(([activity, v]) => ({ activity, seconds: v.s, times_milli: v.t })),
    other_costs: OTHER,
  };
  const r = await unit.put(`/api/v1/review/items/${formId}`, body);
  assert.equal(r.status, 200, r.text);
  const f = r.json;
  const fees = seedProcedure(CODE).fees.reduce((s, x) => s + x.amount, 0);
  const hand = handCost(m, DECLARED, INCOME, fees, OTHER);
  assert.equal(f.measure.dossiers, m.dossiers);
  assert.equal(f.measure.visits, m.visits);
  assert.equal(f.measure.desk_returns, m.returns);
  assert.equal(f.measure.supplements, m.supplements);
  assert.equal(f.measure.frozen, false);
  const act = Object.fromEntries(f.cost.activities.map((a) => [a.activity, a]));
  for (const [k, v] of Object.entries(hand.acts)) {
    assert.equal(act[k].seconds, v.s, `${k} seconds`);
    assert.equal(act[k].times_milli, v.t, `${k} times`);
  }
  assert.equal(act.wait.seconds_measured, true);
  assert.equal(act.travel.times_measured, true);
  assert.equal(act.prepare.times_measured, false);
  assert.equal(f.cost.fees, fees);
  assert.equal(f.cost.dossiers_per_year, hand.perYear);
  assert.equal(f.cost.seconds_once, hand.secondsOnce);
  assert.equal(f.cost.labour_once, hand.labour);
  assert.equal(f.cost.cost_once, hand.once);
  assert.equal(f.cost.cost_year, hand.year);
  assert.equal(f.cost.complete, true);
  assert.ok(hand.year > 0);
  assert.equal(f.criteria.reasonableness.verdict, 'partly');
  assert.equal(f.may.edit, true);
  // Another unit's specialist neither reads nor writes it, nor sees it in the plan.
  const other = await loggedIn(server.base, 'cv_qldt');
  assertError(await other.get(`/api/v1/review/items/${formId}`), 403, 'REVIEW_NOT_YOUR_UNIT');
  assertError(await other.put(`/api/v1/review/items/${formId}`, { other_costs: 1 }), 403, 'REVIEW_NOT_YOUR_UNIT');
  assertError(await other.post(`/api/v1/review/items/${formId}/proposals`, { kind: 'other', text: 'x' }), 403, 'REVIEW_NOT_YOUR_UNIT');
  assert.deepEqual((await other.get(`/api/v1/review/plans/${YEAR}`)).json.forms, []);
  assert.equal((await unit.get(`/api/v1/review/items/${formId}`)).json.cost.other_costs, OTHER, 'nothing changed');
  // The head of the same unit reads and may edit; the versions are measured apart.
  const h = await head.get(`/api/v1/review/items/${formId}`);
  assert.equal(h.status, 200, h.text);
  assert.equal(h.json.versions.reduce((s, v) => s + v.dossiers, 0), m.dossiers);
});

test('a simplification: cost after, saving a year and percent, by hand', async () => {
  const move = {
    kind: 'move_online',
    text: 'Tiếp nhận và trả kết quả trực tuyến toàn trình',
    activities: ['travel', 'wait', 'counter', 'result'].map((activity) => ({ activity, times_milli: 0 }))
      .concat([{ activity: 'prepare', seconds: 3600 }]),
    other_costs: 0,
  };
  assertError(await unit.post(`/api/v1/review/items/${formId}/proposals`, { ...move, kind: 'magic' }), 400, 'FIELD_INVALID', 'kind');
  const r = await unit.post(`/api/v1/review/items/${formId}/proposals`, move);
  assert.equal(r.status, 201, r.text);
  const f = r.json;
  const p = f.proposals[0];
  proposalId = p.id;
  // After: prepare 3600 s once, supplements as before; no notarisation.
  const suppT = f.cost.activities.find((a) => a.activity === 'supplement').times_milli;
  const sm = 3600n * 1000n + 3600n * BigInt(suppT);
  const labour = Number((sm * BigInt(INCOME) + 1800000n) / 3600000n);
  const once = labour + f.cost.fees;
  const year = once * f.cost.dossiers_per_year;
  assert.equal(p.after.cost_once, once);
  assert.equal(p.after.cost_year, year);
  assert.equal(p.saving, f.cost.cost_year - year);
  const bp = Math.round((p.saving * 10000) / f.cost.cost_year);
  assert.equal(Math.round(p.saving_percent * 100), bp);
  assert.equal(p.state, 'proposed');
});

test('while the form is a draft the unit edits a proposal (checked as when added, cost after computed again) and deletes it', async () => {
  let r = await unit.post(`/api/v1/review/items/${formId}/proposals`, { kind: 'other', text: 'Bỏ phí', fees: 0 });
  assert.equal(r.status, 201, r.text);
  const before = r.json.cost;
  let p = r.json.proposals[1];
  assert.equal(p.after.cost_once, before.cost_once - before.fees);
  const url = `/api/v1/review/proposals/${p.id}`;
  // The same checks as adding; nothing changed by a refused edit.
  assertError(await unit.put(url, { kind: 'magic', text: 'x' }), 400, 'FIELD_INVALID', 'kind');
  assertError(await unit.put(url, { kind: 'other' }), 400, 'FIELD_MISSING', 'text');
  assertError(await unit.put(url, { kind: 'other', text: 'x', activities: [{ activity: 'nap', seconds: 1 }] }), 400, 'FIELD_INVALID', 'activities[0].activity');
  assertError(await unit.put(url, { kind: 'other', text: 'x', other_costs: -1 }), 400, 'FIELD_RANGE', 'other_costs');
  assertError(await unit.put('/api/v1/review/proposals/999999', { kind: 'other', text: 'x' }), 404, 'REVIEW_PROPOSAL_NOT_FOUND');
  const other = await loggedIn(server.base, 'cv_qldt');
  assertError(await other.put(url, { kind: 'other', text: 'x' }), 403, 'REVIEW_NOT_YOUR_UNIT');
  assertError(await other.del(url), 403, 'REVIEW_NOT_YOUR_UNIT');
  assertError(await leader.put(url, { kind: 'other', text: 'x' }), 403, 'FORBIDDEN');
  assertError(await office.del(url), 403, 'FORBIDDEN');
  r = await unit.get(`/api/v1/review/items/${formId}`);
  assert.deepEqual(r.json.proposals[1], p, 'unchanged');
  // Edited: no file at all any more (dossiers a year 0): the whole yearly cost saved.
  r = await head.put(url, { kind: 'drop_step', text: 'Bỏ thủ tục', dossiers_per_year: 0 });
  assert.equal(r.status, 200, r.text);
  p = r.json.proposals[1];
  assert.deepEqual([p.kind, p.text, p.changes.fees, p.changes.dossiers_per_year], ['drop_step', 'Bỏ thủ tục', null, 0]);
  assert.equal(p.after.cost_once, before.cost_once, 'fees no longer dropped');
  assert.equal(p.after.cost_year, 0);
  assert.equal(p.saving, before.cost_year);
  assert.equal(p.saving_percent, 100);
  // Deleted: the form holds the first proposal only.
  r = await unit.del(url);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.proposals.map((x) => x.id), [proposalId]);
  assertError(await unit.del(url), 404, 'REVIEW_PROPOSAL_NOT_FOUND');
});

test('the flow: submit freezes the measure, the office returns and compiles, a leader adopts', async () => {
  assertError(await office.post(`/api/v1/review/items/${formId}/return`, { note: 'x' }), 409, 'REVIEW_STATE');
  let r = await unit.post(`/api/v1/review/items/${formId}/submit`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'submitted');
  assert.equal(r.json.measure.frozen, true);
  assertError(await unit.put(`/api/v1/review/items/${formId}`, { other_costs: 1 }), 409, 'REVIEW_STATE');
  // Submitted: its proposals are locked, and the reply says why.
  const prop = `/api/v1/review/proposals/${proposalId}`;
  const p = r.json.proposals[0];
  assertError(await unit.put(prop, { kind: p.kind, text: 'x', ...p.changes }), 409, 'REVIEW_PROPOSAL_LOCKED');
  assertError(await unit.del(prop), 409, 'REVIEW_PROPOSAL_LOCKED');
  assertError(await office.post(`/api/v1/review/items/${formId}/return`, {}), 400, 'FIELD_MISSING', 'note');
  r = await office.post(`/api/v1/review/items/${formId}/return`, { note: 'Bổ sung căn cứ pháp lý' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'draft');
  assert.equal(r.json.office_note, 'Bổ sung căn cứ pháp lý');
  // Returned to the unit: it may edit again (the same changes, a clearer text).
  r = await unit.put(prop, { kind: p.kind, text: `${p.text} (toàn trình)`, ...p.changes });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.proposals[0].text, `${p.text} (toàn trình)`);
  assert.deepEqual(r.json.proposals[0].after, p.after);
  r = await unit.post(`/api/v1/review/items/${formId}/submit`, {});
  assert.equal(r.status, 200, r.text);
  assertError(await leader.post(`/api/v1/review/proposals/${proposalId}/decision`, { adopt: true }), 409, 'REVIEW_STATE');
  r = await office.post(`/api/v1/review/plans/${YEAR}/compile`, {});
  assert.deepEqual(r.json, { year: YEAR, compiled: 1 });
  assertError(await unit.del(prop), 409, 'REVIEW_PROPOSAL_LOCKED');
  assertError(await unit.post(`/api/v1/review/proposals/${proposalId}/decision`, { adopt: true }), 403, 'FORBIDDEN');
  r = await leader.post(`/api/v1/review/proposals/${proposalId}/decision`, { adopt: true, note: 'Thông qua' });
  assert.deepEqual(r.json, { id: proposalId, state: 'adopted' });
  r = await leader.get(`/api/v1/review/plans/${YEAR}`);
  assert.equal(r.json.forms.length, 1);
  assert.equal(r.json.forms[0].adopted, 1);
  assert.ok(r.json.forms[0].adopted_saving > 0);
});

test('the report: XLSX read back, signed PDF with the figures', async () => {
  const f = (await office.get(`/api/v1/review/items/${formId}`)).json;
  const p = f.proposals[0];
  assertError(await unit.get(`/api/v1/review/plans/${YEAR}/report?format=xlsx`), 403, 'FORBIDDEN');
  assertError(await office.get(`/api/v1/review/plans/${YEAR}/report?format=doc`), 400, 'BAD_QUERY', 'format');
  let url = `/api/v1/review/plans/${YEAR}/report?format=xlsx`;
  let res = await fetch(server.base + url, { headers: { cookie: office.cookie } });
  await assertFetched('GET', url, res);
  assert.equal(res.status, 200);
  const xlsx = Buffer.from(await res.arrayBuffer());
  const x = readXlsx(xlsx);
  assert.equal(x.rows.length, 3, 'header, the proposal, the total');
  const row = x.rows[1];
  assert.deepEqual(row[0], { type: 'string', value: CODE });
  assert.equal(row[11].value, f.cost.cost_year);
  assert.equal(row[12].value, p.after.cost_year);
  assert.equal(row[13].value, p.saving);
  assert.equal(x.rows[2][13].value, p.saving);
  // The second sheet: the form's compliance cost, activity by activity,
  // each figure the form's own (hours from its seconds and times, money
  // from the hours and the income, half up), then its totals.
  assert.deepEqual(x.sheetNames, ['Phương án đơn giản hóa', 'Chi phí tuân thủ']);
  const c = readXlsx(xlsx, 2);
  assert.equal(c.rows.length, 1 + f.cost.activities.length + 1, 'header, the activities, the total');
  assert.equal(c.rows[0][15].value, 'Chi phí/năm (đồng)');
  const near = (got, want, what) => assert.ok(Math.abs(got - want) < 1e-9, `${what}: ${got} ≠ ${want}`);
  const src = (measured) => (measured ? 'đo được' : 'kê khai');
  f.cost.activities.forEach((a, i) => {
    const row = c.rows[1 + i].map((v) => v && v.value);
    assert.deepEqual([row[0], row[2], row[4], row[6], row[8]], [CODE, a.name, src(a.seconds_measured), src(a.times_measured), f.cost.income_per_hour]);
    near(row[3], a.seconds / 3600, `${a.activity} hours`);
    near(row[5], a.times_milli / 1000, `${a.activity} times`);
    near(row[7], (a.seconds * a.times_milli) / 3600000, `${a.activity} hours a dossier`);
    assert.equal(row[9], Math.floor((a.seconds * a.times_milli * f.cost.income_per_hour + 1800000) / 3600000), `${a.activity} money`);
  });
  const tot = c.rows[c.rows.length - 1].map((v) => v && v.value);
  assert.equal(tot[2], 'Cộng');
  near(tot[7], f.cost.seconds_once / 3600, 'hours a dossier');
  assert.deepEqual([tot[9], tot[10], tot[11], tot[12], tot[13], tot[14], tot[15]],
    [f.cost.labour_once, f.cost.fees, f.cost.other_costs, f.cost.cost_once, f.cost.dossiers_per_year, src(f.cost.dossiers_measured), f.cost.cost_year]);
  assert.equal(tot[9] + tot[10] + tot[11], tot[12]);
  assert.equal(tot[12] * tot[13], tot[15]);
  url = `/api/v1/review/plans/${YEAR}/report?format=pdf`;
  res = await fetch(server.base + url, { headers: { cookie: leader.cookie } });
  await assertFetched('GET', url, res);
  assert.equal(res.status, 200);
  const file = path.join(keyDir, 'review.pdf');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
  assert.match(text, /RÀ SOÁT, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH/);
  // Addressed to the province (review.recipient), whom "Như trên" of the recipients names.
  assert.match(text, /Kính gửi: Ủy ban nhân dân tỉnh Ninh Bình/);
  assert.ok(text.indexOf('Kính gửi') < text.indexOf('Như trên'));
  const dots = (v) => String(v).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  assert.ok(text.includes(dots(p.saving)), `the saving ${dots(p.saving)} in the PDF`);
  assert.ok(text.includes(dots(f.cost.cost_year)), 'the cost before in the PDF');
  assert.match(text, /Chuyển sang thực hiện trực tuyến/);
});

test('publishing the version that enacts the proposal links to it', async () => {
  const admin = await loggedIn(server.base, 'admin');
  const body = seedProcedure(CODE);
  body.name.vi += ' (phiên bản 2)';
  let r = await admin.put(`/api/v1/procedures/${CODE}/draft`, body);
  assert.equal(r.status, 200, r.text);
  assertError(await admin.post(`/api/v1/procedures/${CODE}/publish`, { enacts: ['x'] }), 400, 'FIELD_TYPE', 'enacts[0]');
  assertError(await admin.post(`/api/v1/procedures/${CODE}/publish`, { enacts: [proposalId + 1000] }), 409, 'REVIEW_NOT_ADOPTED', 'enacts');
  // What the publish dialog offers: the adopted proposal, in any case of the code.
  r = await admin.get(`/api/v1/procedures/${CODE.toLowerCase()}/enactable`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.proposals.map((x) => [x.id, x.year]), [[proposalId, YEAR]]);
  r = await admin.post(`/api/v1/procedures/${CODE}/publish`, { enacts: [proposalId] });
  assert.equal(r.status, 200, r.text);
  const version = r.json.version;
  // Enacted once only.
  r = await admin.put(`/api/v1/procedures/${CODE}/draft`, body);
  assertError(await admin.post(`/api/v1/procedures/${CODE}/publish`, { enacts: [proposalId] }), 409, 'REVIEW_NOT_ADOPTED', 'enacts');
  // Next year's plan of the same procedure shows the enacted proposal and the versions side by side.
  assert.equal((await office.post('/api/v1/review/plans', { year: YEAR + 1, measure_from: FROM, measure_to: TO })).status, 201);
  r = await office.post(`/api/v1/review/plans/${YEAR + 1}/items`, { procedure: CODE, due: `${YEAR + 1}-06-30` });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.enacted.map((e) => [e.id, e.year, e.version]), [[proposalId, YEAR, version]]);
  assert.equal(r.json.proposals.length, 0);
  const f = (await unit.get(`/api/v1/review/items/${formId}`)).json;
  assert.equal(f.proposals[0].enacted_version, version);
});
