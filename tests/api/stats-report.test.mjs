// The periodic report (issue 12, DOMAIN.md section 11): GET
// /api/v1/stats/report. Hand-built histories on the testing clock, each
// dossier placed in one column for a reason (carried over, new by channel;
// ended early / late against the original due time, withdrawn, stopped; open
// not due, overdue, waiting for a supplement; excluded: received after the
// period, refused at receipt); the week after, what was open is carried
// over; the same report as XLSX (opened with tests/lib/xlsx.mjs and checked
// cell by cell: numbers are numeric cells, the header row is frozen) and as
// CSV; as the signed PDF in the official layout (pdftotext, pdfinfo,
// pdfsig), signed by the unit's head whoever downloads it, only of a period
// that has ended; who may see which unit; bad input named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, loggedIn, assertError, Client, seedProcedure, assertFetched, onlineComponents } from './helpers.mjs';
import { readXlsx, parseCsv } from '../lib/xlsx.mjs';
import { draftResult } from '../lib/pdf.mjs';

// The agency's key for the signed PDF: `motcua pki init` in the data folder.
const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-stats-'));
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
const env = useServer({ args: ['--testing.clock_api', 'true', '--data-dir', dataDir, '--agency.place', 'Hà Nam'] },
  () => { execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['pki', 'init', '--data-dir', dataDir]); });
const LD02 = seedProcedure('LD-02');
const KEYS = ['carried_over', 'new_online', 'new_direct', 'new_post', 'ended_early', 'ended_on_time',
  'ended_late', 'refused', 'withdrawn', 'stopped', 'open_not_due', 'open_overdue', 'open_waiting'];

// Local (UTC+7) wall time in 2026 as UTC ms.
const at = (month, day, hour, minute = 0) => Date.UTC(2026, month - 1, day, hour - 7, minute);

let clients = {};
async function setClock(ms) {
  const r = await new Client(env.base).put('/api/v1/testing/clock', { now_ms: ms });
  assert.equal(r.status, 200, r.text);
  clients = {}; // sessions last 12 h of the server's clock: log in again
}
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}

const company = { kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565', address: 'KCN Đồng Văn I, Hà Nam' };
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));

async function receive(when, extra = {}) {
  await setClock(when);
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components: complete(), ...extra });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}

async function act(when, user, code, action, body = {}) {
  if (when) await setClock(when);
  const r = await (await as(user)).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body);
  assert.equal(r.status, 200, `${user} ${action} ${code}: ${r.text}`);
}

/** From the desk to the applicant: every step, then the return. */
async function finish(when, code, from = 'tiepnhan') {
  await setClock(when);
  if (from === 'tiepnhan') await act(null, 'tiepnhan', code, 'transfer', { to_user: 'chuyenvien' });
  await act(null, 'chuyenvien', code, 'transfer');
  await act(null, 'truongphong', code, 'transfer');
  await draftResult(await as('chuyenvien'), code);
  await act(null, 'lanhdao', code, 'approve');
  await act(null, 'lanhdao', code, 'issue_result', { result_code: `GPLĐ-${code.slice(-4)}` });
  await act(null, 'tiepnhan', code, 'return_result');
}

const report = (q) => `/api/v1/stats/report?${new URLSearchParams(q)}`;
const WEEK = { unit: 'DNLD', from: '2026-03-02', to: '2026-03-06' };

function assertAddsUp(row, what) {
  const received = row.carried_over + row.new_online + row.new_direct + row.new_post;
  const ended = row.ended_early + row.ended_on_time + row.ended_late;
  const open = row.open_not_due + row.open_overdue;
  assert.equal(received, ended + open, `${what}: carried over + new = ended + in progress`);
  assert.ok(row.refused + row.withdrawn + row.stopped <= ended, `${what}: of which`);
  assert.ok(row.open_waiting <= open, `${what}: waiting of the open`);
}

const pick = (row) => Object.fromEntries(KEYS.map((k) => [k, row[k]]));

// The history, built once on the testing clock; the week reported is Monday
// 2 to Friday 6 March 2026. LD-02: 5 working days, processed by DNLD.
let building = null;
const built = () => (building ??= (async () => {
  // Week before: D9 stays open (due Mon 2 March 08:00: overdue by the
  // week's end); D5 is stopped during the week (due Fri 6 March: early).
  const d9 = await receive(at(2, 23, 8));
  const d5 = await receive(at(2, 27, 8));
  await act(at(2, 27, 9), 'tiepnhan', d5, 'transfer', { to_user: 'chuyenvien' });
  const d1 = await receive(at(3, 2, 8)); // done the next day: early
  const d2 = await receive(at(3, 2, 8, 10)); // waiting for a supplement at the week's end
  const d3 = await receive(at(3, 2, 8, 20)); // withdrawn: ended, early
  const d4 = await receive(at(3, 2, 8, 30)); // an extension, then done: late
  const d8 = await receive(at(3, 2, 8, 40), { channel: 'post', outcome: 'refuse', note: 'Không thuộc thẩm quyền' });
  const d10 = await receive(at(3, 2, 8, 50), { channel: 'post' }); // by post, open, not due
  await finish(at(3, 3, 9), d1);
  await act(at(3, 3, 9, 30), 'tiepnhan', d2, 'transfer', { to_user: 'chuyenvien' });
  await act(null, 'chuyenvien', d2, 'request_supplement', { note: 'Giấy khám sức khỏe quá hạn' });
  await act(at(3, 3, 10), 'tiepnhan', d4, 'transfer', { to_user: 'chuyenvien' });
  await act(null, 'chuyenvien', d4, 'request_extension', { note: 'Chờ ý kiến cơ quan phối hợp', proposed_due_at: '2026-03-12T16:00+07:00' });
  await act(null, 'lanhdao', d4, 'approve_extension');
  await act(at(3, 4, 9), 'tiepnhan', d3, 'withdraw', { note: 'Người nộp rút hồ sơ' });
  await act(at(3, 4, 10), 'truongphong', d5, 'stop', { note: 'Theo đề nghị của cơ quan có thẩm quyền' });
  // D6: online, submitted and accepted on Wednesday: open, not due.
  await setClock(at(3, 4, 11));
  const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
  const citizen = await as('congdan');
  const s = await citizen.post('/api/v1/dossiers',
    { procedure_code: 'LD-02', applicant: me, components: await onlineComponents(citizen, LD02) });
  assert.equal(s.status, 201, s.text);
  const d6 = s.json.code;
  await act(at(3, 4, 11, 30), 'tiepnhan', d6, 'accept');
  await finish(at(3, 5, 14), d4, 'chuyenvien');
  const d7 = await receive(at(3, 9, 8)); // after the week
  await setClock(at(3, 20, 10));
  return { d1, d2, d3, d4, d5, d6, d7, d8, d9, d10 };
})());

test('the week of hand-built histories: each dossier in its column, rows add up', async () => {
  await built();
  const r = await (await as('truongphong')).get(report(WEEK));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.unit, { code: 'DNLD', name: 'Phòng Quản lý Doanh nghiệp và Lao động', name_en: r.json.unit.name_en });
  assert.equal(r.json.from, '2026-03-02');
  assert.equal(r.json.to, '2026-03-06');
  assert.equal(r.json.by, 'procedure');
  assert.equal(r.json.rows.length, 1);
  const row = r.json.rows[0];
  assert.equal(row.key, 'LD-02');
  assert.equal(row.name, LD02.name.vi);
  assert.equal(row.name_en, LD02.name.en);
  assert.deepEqual(pick(row), {
    carried_over: 2, // D9, D5
    new_online: 1, // D6
    new_direct: 4, // D1, D2, D3, D4 (not D8: refused at receipt; not D7: after the week)
    new_post: 1, // D10
    ended_early: 3, // D1, D3, D5
    ended_on_time: 0,
    ended_late: 1, // D4: an extension counts as late
    refused: 0,
    withdrawn: 1, // D3
    stopped: 1, // D5
    open_not_due: 3, // D2, D6, D10
    open_overdue: 1, // D9
    open_waiting: 1, // D2
  });
  assertAddsUp(row, 'LD-02');
  assert.deepEqual(pick(r.json.total), pick(row));
  assert.equal(r.json.total.key, 'total');
});

test('the week after: what was open at the end is carried over', async () => {
  await built();
  const c = await as('lanhdao');
  const week1 = (await c.get(report(WEEK))).json.total;
  const r = await c.get(report({ unit: 'DNLD', from: '2026-03-07', to: '2026-03-13' }));
  assert.equal(r.status, 200, r.text);
  const t = r.json.total;
  assert.equal(t.carried_over, week1.open_not_due + week1.open_overdue);
  assert.equal(t.new_direct, 1); // D7
  assertAddsUp(t, 'week 2');
  // The week before the one reported: D9 and D5 new, both open and not due.
  const before = (await c.get(report({ unit: 'DNLD', from: '2026-02-23', to: '2026-02-27' }))).json.total;
  assert.deepEqual(pick(before), { ...Object.fromEntries(KEYS.map((k) => [k, 0])), new_direct: 2, open_not_due: 2 });
});

test('by field and by unit; the agency holds its units; another unit has none', async () => {
  await built();
  const c = await as('lanhdao');
  const byField = (await c.get(report({ ...WEEK, by: 'field' }))).json;
  assert.deepEqual(byField.rows.map((x) => [x.key, x.name, x.name_en]), [[LD02.field.vi, LD02.field.vi, LD02.field.en]]);
  const byUnit = (await c.get(report({ ...WEEK, unit: 'BQL', by: 'unit' }))).json;
  assert.equal(byUnit.by, 'unit');
  assert.deepEqual(byUnit.rows.map((x) => x.key), ['DNLD']);
  assert.deepEqual(pick(byUnit.rows[0]), pick(byField.total));
  assert.deepEqual(pick(byUnit.total), pick(byField.total));
  const other = (await c.get(report({ ...WEEK, unit: 'QLDT' }))).json;
  assert.deepEqual(other.rows, []);
  assert.deepEqual(pick(other.total), Object.fromEntries(KEYS.map((k) => [k, 0])));
});

async function fetchFile(c, url) {
  const res = await fetch(env.base + url, { headers: { cookie: c.cookie } });
  await assertFetched('GET', url, res);
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const HEADER = ['Mã', 'Tên', 'Tổng số hồ sơ tiếp nhận', 'Kỳ trước chuyển qua', 'Mới tiếp nhận trực tuyến',
  'Mới tiếp nhận trực tiếp', 'Mới tiếp nhận qua bưu chính', 'Tổng số đã giải quyết', 'Giải quyết trước hạn',
  'Giải quyết đúng hạn', 'Giải quyết quá hạn', 'Trong đó: từ chối', 'Trong đó: rút hồ sơ', 'Trong đó: dừng giải quyết',
  'Tổng số đang giải quyết', 'Đang giải quyết: chưa đến hạn', 'Đang giải quyết: quá hạn',
  'Trong đó: chờ bổ sung, nghĩa vụ tài chính'];
// The file's numbers of a row of the JSON, each total before its parts.
const fileNumbers = (x) => [x.carried_over + x.new_online + x.new_direct + x.new_post, x.carried_over, x.new_online,
  x.new_direct, x.new_post, x.ended_early + x.ended_on_time + x.ended_late, x.ended_early, x.ended_on_time, x.ended_late,
  x.refused, x.withdrawn, x.stopped, x.open_not_due + x.open_overdue, x.open_not_due, x.open_overdue, x.open_waiting];

test('the report as XLSX: numeric cells, frozen header, widths, checked cell by cell', async () => {
  await built();
  const c = await as('vanphong');
  const json = (await c.get(report({ ...WEEK, unit: 'BQL', by: 'unit' }))).json;
  const r = await fetchFile(c, report({ ...WEEK, unit: 'BQL', by: 'unit', format: 'xlsx' }));
  assert.equal(r.status, 200, r.bytes.toString().slice(0, 300));
  assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(r.headers.get('content-disposition'), 'attachment; filename="bao-cao-BQL-2026-03-02-2026-03-06.xlsx"');
  const x = readXlsx(r.bytes);
  assert.equal(x.sheetName, 'Báo cáo');
  assert.deepEqual(x.frozen, { rows: 1, cols: 0 });
  // The filter covers the header and the rows, not the total below them.
  assert.equal(x.autoFilter, `A1:R${1 + json.rows.length}`);
  assert.equal(x.rows.length, 2 + json.rows.length, 'the total is written below the filter');
  for (let col = 1; col <= HEADER.length; col++) assert.ok(x.widths[col] >= 8, `column ${col} has a width`);
  assert.ok(x.widths[2] >= 40, 'the names have room');
  assert.deepEqual(x.rows[0].map((cell) => cell.type), HEADER.map(() => 'string'));
  assert.deepEqual(x.rows[0].map((cell) => cell.value), HEADER);
  assert.equal(x.rows.length, 3);
  const dnld = x.rows[1];
  assert.deepEqual(dnld.slice(0, 2), [{ type: 'string', value: 'DNLD' }, { type: 'string', value: 'Phòng Quản lý Doanh nghiệp và Lao động' }]);
  assert.deepEqual(dnld.slice(2).map((cell) => cell.type), HEADER.slice(2).map(() => 'number'));
  assert.deepEqual(dnld.slice(2).map((cell) => cell.value), fileNumbers(json.rows[0]));
  assert.equal(x.cell('C2').value, 8); // received: 2 carried over + 6 new
  assert.equal(x.cell('H2').value, 4); // ended
  assert.equal(x.cell('O2').value, 4); // in progress
  const total = x.rows[2];
  assert.equal(total[0], null, 'the total row has no code');
  assert.deepEqual(total[1], { type: 'string', value: 'Tổng cộng' });
  assert.deepEqual(total.slice(2).map((cell) => cell.value), fileNumbers(json.total));
});

test('the report as CSV: UTF-8 with a byte order mark, RFC 4180, the same figures', async () => {
  await built();
  const c = await as('admin');
  const json = (await c.get(report(WEEK))).json;
  const r = await fetchFile(c, report({ ...WEEK, format: 'csv' }));
  assert.equal(r.status, 200, r.bytes.toString());
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.equal(r.headers.get('content-disposition'), 'attachment; filename="bao-cao-DNLD-2026-03-02-2026-03-06.csv"');
  assert.deepEqual([...r.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const rows = parseCsv(r.bytes.toString('utf8'));
  assert.deepEqual(rows[0], HEADER);
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[1], ['LD-02', LD02.name.vi, ...fileNumbers(json.rows[0]).map(String)]);
  assert.deepEqual(rows[2], ['', 'Tổng cộng', ...fileNumbers(json.total).map(String)]);
});

test('the report as PDF: A4 landscape, the official head, the figures, signed with the agency key', async () => {
  await built();
  const c = await as('truongphong');
  const json = (await c.get(report(WEEK))).json;
  const r = await fetchFile(c, report({ ...WEEK, format: 'pdf' }));
  assert.equal(r.status, 200, r.bytes.toString().slice(0, 300));
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(r.headers.get('content-disposition'), 'attachment; filename="bao-cao-DNLD-2026-03-02-2026-03-06.pdf"');
  assert.equal(r.bytes.subarray(0, 5).toString(), '%PDF-');
  const file = path.join(dataDir, 'report.pdf');
  writeFileSync(file, r.bytes);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  assert.match(info, /Page size:\s+841\.89 x 595\.27\d? pts \(A4\)/, 'A4 landscape');
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const flat = text.replace(/\s+/g, ' ');
  for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BAN QUẢN LÝ CÁC KHU',
    'PHÒNG QUẢN LÝ DOANH NGHIỆP VÀ LAO ĐỘNG', 'BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
    'Kỳ báo cáo: từ ngày 02 tháng 3 năm 2026 đến ngày 06 tháng 3 năm 2026', 'Hà Nam, ngày 20 tháng 3 năm 2026',
    '(LD-02)', 'THỦ TRƯỞNG ĐƠN VỊ', 'Nơi nhận:'])
    assert.ok(flat.includes(s), `${s} in ${flat.slice(0, 1500)}`);
  // The total row: its sixteen figures in the columns' order.
  const line = text.split('\n').find((l) => l.includes('Tổng cộng'));
  assert.ok(line, text);
  assert.deepEqual(line.trim().split(/\s+/).slice(2).map(Number), fileNumbers(json.total));
  const sig = execFileSync('pdfsig', [file], { encoding: 'utf8' });
  assert.match(sig, /Signature Validation: Signature is Valid/);
  assert.match(sig, /Total document signed/);
  assert.match(sig, /Signer Certificate Common Name: BAN QUẢN LÝ/);
});

/** The text of the report's PDF as user downloads it (200 asserted). */
async function pdfText(user, q) {
  const r = await fetchFile(await as(user), report({ ...q, format: 'pdf' }));
  assert.equal(r.status, 200, r.bytes.toString().slice(0, 300));
  const file = path.join(dataDir, `report-${user}.pdf`);
  writeFileSync(file, r.bytes);
  assert.match(execFileSync('pdfsig', [file], { encoding: 'utf8' }), /Signature Validation: Signature is Valid/);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

test('the PDF is signed by the head of the unit, whoever downloads it (DOMAIN.md 6)', async () => {
  await built();
  // DNLD: its head; the board: its leader. Never the office clerk or the administrator who asked.
  const heads = [['DNLD', 'Lê Thị Hương'], ['BQL', 'Phạm Quốc Hùng']];
  const downloaders = { admin: 'Quản trị hệ thống', vanphong: 'Đỗ Thu Trang', lanhdao: 'Phạm Quốc Hùng' };
  for (const [unit, head] of heads) {
    for (const [user, name] of Object.entries(downloaders)) {
      const text = await pdfText(user, { ...WEEK, unit });
      const block = text.slice(text.indexOf('THỦ TRƯỞNG ĐƠN VỊ'));
      assert.ok(block.includes(head), `${unit} by ${user}: signed by ${head}: ${block}`);
      if (name !== head) assert.ok(!text.includes(name), `${unit} by ${user}: ${name} is not the signer`);
    }
  }
});

test('no signed report of a period that has not ended; the figures of one in progress still', async () => {
  await built(); // the clock: Friday 20 March 2026
  const c = await as('truongphong');
  for (const q of [{ unit: 'DNLD', from: '2027-01-01', to: '2027-12-31' }, { unit: 'DNLD', from: '2026-03-01', to: '2026-03-31' },
    { unit: 'DNLD', from: '2026-03-16', to: '2026-03-20' }]) {
    const r = await c.get(report({ ...q, format: 'pdf' }));
    assertError(r, 422, 'STATS_PERIOD_NOT_ENDED', 'to');
    for (const format of ['json', 'csv', 'xlsx'])
      assert.equal((await fetchFile(c, report({ ...q, format }))).status, 200, `${format} of ${q.from}–${q.to}`);
  }
  await pdfText('truongphong', { unit: 'DNLD', from: '2026-03-16', to: '2026-03-19' }); // ended yesterday
});

test('an indicator\'s drill-down list as XLSX and CSV: every fact, and a SUM gives the figures', async () => {
  await built();
  const c = await as('lanhdao');
  const q = new URLSearchParams(WEEK);
  const ind = (await c.get(`/api/v1/stats/indicators?${q}`)).json.indicators.find((i) => i.key === '766.2.1');
  const items = (await c.get(`/api/v1/stats/indicators/766.2.1/items?${q}&limit=1000`)).json.items;
  assert.ok(items.length >= 7, 'the week\'s dossiers are listed');
  const r = await fetchFile(c, `/api/v1/stats/indicators/766.2.1/items?${q}&format=xlsx&limit=1`);
  assert.equal(r.status, 200, r.bytes.toString().slice(0, 300));
  assert.equal(r.headers.get('content-disposition'), 'attachment; filename="chi-tiet-766.2.1-DNLD-2026-03-02-2026-03-06.xlsx"');
  const x = readXlsx(r.bytes);
  assert.deepEqual(x.frozen, { rows: 1, cols: 0 });
  assert.deepEqual(x.rows[0].map((cell) => cell.value), ['Mã', 'Trong mẫu số', 'Trong tử số', 'Giá trị', 'Lý do', 'Reason',
    'Tiếp nhận', 'Hạn xử lý', 'Kết thúc']);
  assert.equal(x.rows.length, items.length + 1, 'every fact, whatever the page asked');
  items.forEach((it, i) => {
    const row = x.rows[i + 1];
    assert.deepEqual(row[0], { type: 'string', value: it.ref });
    assert.deepEqual([row[1].type, row[1].value, row[2].type, row[2].value], ['number', it.in_denominator ? 1 : 0, 'number', it.in_numerator ? 1 : 0]);
    assert.equal(row[3], null, 'a count adds no value');
    assert.equal(row[4].value, it.reason);
    assert.equal(row[5].value, it.reason_en);
    // The dossier's instants are date cells (a date style), never text.
    assert.equal(row[6]?.type, 'date', `${it.ref}: received is a date cell`);
    assert.match(row[6].value, /^2026-0[23]-\d\d \d\d:\d\d$/);
    assert.equal(row[7]?.type, 'date', `${it.ref}: due is a date cell`);
    assert.ok(row[7].serial > row[6].serial, `${it.ref}: due after received`);
    if (row[8]) {
      assert.equal(row[8].type, 'date', `${it.ref}: ended is a date cell`);
      assert.ok(row[8].serial >= row[6].serial && row[8].value < '2026-03-07', `${it.ref}: ended in the week`);
    }
  });
  assert.ok(x.rows.slice(1).some((row) => row[8]), 'some dossier ended in the week');
  const col = (k) => x.rows.slice(1).reduce((s, row) => s + row[k].value, 0);
  assert.equal(col(1), ind.denominator);
  assert.equal(col(2), ind.numerator);
  const csv = await fetchFile(c, `/api/v1/stats/indicators/766.2.1/items?${q}&format=csv`);
  assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
  const rows = parseCsv(csv.bytes.toString('utf8'));
  assert.deepEqual(rows.slice(1).map((row) => row[0]), items.map((it) => it.ref));
  assert.deepEqual(rows[0].slice(6), ['Tiếp nhận', 'Hạn xử lý', 'Kết thúc']);
  rows.slice(1).forEach((row, i) => {
    assert.equal(row[6], x.rows[i + 1][6].value, 'the CSV carries the same instant, ISO');
    assert.equal(row[7], x.rows[i + 1][7].value);
    assert.equal(row[8], x.rows[i + 1][8]?.value ?? '');
  });
  assertError(await c.get(`/api/v1/stats/indicators/766.2.1/items?${q}&format=pdf`), 400, 'BAD_QUERY', 'format');
  assertError(await c.get(`/api/v1/stats/indicators/766.2.1/items?${q}&format=ods`), 400, 'BAD_QUERY', 'format');
  assertError(await (await as('truongphong')).get(`/api/v1/stats/indicators/766.2.1/items?${new URLSearchParams({ ...WEEK, unit: 'BQL' })}&format=csv`),
    403, 'FORBIDDEN', 'unit');
});

test('who may see: a head their own unit, leaders and the office the agency, administrators any; others not', async () => {
  await built();
  assert.equal((await (await as('truongphong')).get(report(WEEK))).status, 200);
  assertError(await (await as('truongphong')).get(report({ ...WEEK, unit: 'BQL' })), 403, 'FORBIDDEN', 'unit');
  assertError(await (await as('truongphong')).get(report({ ...WEEK, unit: 'QLDT' })), 403, 'FORBIDDEN', 'unit');
  for (const u of ['lanhdao', 'vanphong', 'admin'])
    assert.equal((await (await as(u)).get(report({ ...WEEK, unit: 'BQL' }))).status, 200, u);
  for (const u of ['tiepnhan', 'chuyenvien', 'congdan'])
    assertError(await (await as(u)).get(report(WEEK)), 403, 'FORBIDDEN');
  assertError(await new Client(env.base).get(report(WEEK)), 401, 'UNAUTHENTICATED');
  const file = await fetchFile(new Client(env.base), report({ ...WEEK, format: 'xlsx' }));
  assert.equal(file.status, 401);
});

test('bad input is 400 naming the field (404 for a unit that does not exist)', async () => {
  const c = await as('lanhdao');
  const { unit, from, to } = WEEK;
  assertError(await c.get(report({ from, to })), 400, 'BAD_QUERY', 'unit');
  assertError(await c.get(report({ unit: 'NOPE', from, to })), 404, 'UNIT_NOT_FOUND', 'unit');
  assertError(await c.get(report({ unit, to })), 400, 'BAD_QUERY', 'from');
  assertError(await c.get(report({ unit, from: '2026-02-30', to })), 400, 'BAD_QUERY', 'from');
  assertError(await c.get(report({ unit, from })), 400, 'BAD_QUERY', 'to');
  assertError(await c.get(report({ unit, from, to: '2026-03-01' })), 400, 'BAD_QUERY', 'to');
  assertError(await c.get(report({ unit, from: '2025-01-01', to: '2026-01-02' })), 400, 'BAD_QUERY', 'to');
  assertError(await c.get(report({ ...WEEK, by: 'officer' })), 400, 'BAD_QUERY', 'by');
  assertError(await c.get(report({ ...WEEK, format: 'docx' })), 400, 'BAD_QUERY', 'format');
  assertError(await c.get(report({ ...WEEK, format: 'PDF' })), 400, 'BAD_QUERY', 'format');
});
