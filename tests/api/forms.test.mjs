// Forms 01–07 as PDF over HTTP: each form read back with pdftotext for its
// Vietnamese text, the QR code of Form 01 decoded with zbarimg to the public
// tracking address, 404 for a form the dossier has no event for, the
// process-control sheet after hand-overs, a unit's tracking book for a
// period, and who may print what (the applicant, officers handling the
// dossier; not another citizen, not an officer elsewhere, not anonymous).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, loggedIn, assertError, Client, seedProcedure, assertFetched, workingLater, onlineComponents } from './helpers.mjs';
import { draftResult } from '../lib/pdf.mjs';

const PUBLIC_URL = 'https://motcua.example.vn/';
const env = useServer({ args: ['--public_url', PUBLIC_URL, '--agency.superior', 'UBND tỉnh Ninh Bình'] });
const LD02 = seedProcedure('LD-02');
const work = mkdtempSync(path.join(tmpdir(), 'motcua-forms-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const company = {
  kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565',
  address: 'KCN Đồng Văn I, Duy Tiên, Hà Nam', phone: '0226385012', email: 'saomai@example.vn',
  owner: { kind: 'person', name: 'Nguyễn Văn Bình', id_number: '001090099999' },
};
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));

const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}

async function receive(extra = {}) {
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers',
    { procedure_code: 'LD-02', applicant: company, components: complete(), ...extra });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function act(user, code, action, body = {}) {
  const r = await (await as(user)).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body);
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
  return r.json;
}

/** GET a PDF with client c (or anonymously); returns {status, headers, bytes, json}. */
async function getPdf(c, url) {
  const headers = c && c.cookie ? { cookie: c.cookie } : {};
  const res = await fetch(env.base + url, { headers });
  await assertFetched('GET', url, res);
  const bytes = Buffer.from(await res.arrayBuffer());
  let json = null;
  try { json = JSON.parse(bytes.toString('utf8')); } catch { /* a PDF */ }
  return { status: res.status, headers: res.headers, bytes, json, text: json ? bytes.toString('utf8') : '' };
}

let serial = 0;
function save(bytes) {
  const f = path.join(work, `f${++serial}.pdf`);
  writeFileSync(f, bytes);
  return f;
}

/** The text of a PDF, whitespace runs folded to one space; raw: in the
 * order it was drawn (a table cell's lines together). */
function pdfText(bytes, raw = false) {
  const f = save(bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', ...(raw ? ['-raw'] : []), f, '-'], { encoding: 'utf8' })
    .replace(/\s+/g, ' ');
}

/** Checks a PDF reply and returns its text. */
async function form(c, url, raw = false) {
  const r = await getPdf(c, url);
  assert.equal(r.status, 200, `${url}: ${r.text}`);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.match(r.headers.get('content-disposition') || '', /^inline; filename="[^"]+\.pdf"$/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.equal(r.bytes.subarray(0, 5).toString(), '%PDF-');
  return { text: pdfText(r.bytes, raw), bytes: r.bytes };
}

const formUrl = (code, n) => `/api/v1/dossiers/${encodeURIComponent(code)}/forms/${n}`;
const today = (d) => d.received_at.slice(0, 10);

test('Form 01: the receipt in Vietnamese, and its QR code opens the public tracking page', async () => {
  const d = await receive({ sets: 2 });
  const { text, bytes } = await form(await as('tiepnhan'), formUrl(d.code, '01'));
  assert.ok(text.includes('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ'), text);
  assert.ok(text.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));
  assert.ok(text.includes(d.code), 'the dossier code');
  assert.ok(text.includes('Cấp giấy phép lao động cho người lao động nước ngoài'), 'the procedure');
  assert.ok(text.includes('Công ty TNHH Sao Mai'), 'the submitter');
  assert.ok(text.includes('Nguyễn Văn Bình'), 'the owner');
  assert.ok(text.includes('Nguyễn Thị Lan'), 'the receiving officer by full name');
  assert.ok(text.includes('VĂN PHÒNG'), 'the receiving unit, in capitals');
  assert.ok(text.includes('BAN QUẢN LÝ CÁC KHU'), 'its parent unit as the superior body');
  assert.ok(text.includes('Ninh Bình, ngày'), 'the configured place (default)');
  assert.ok(text.includes('5 ngày làm việc'), 'the legal time limit');
  assert.ok(text.includes('Văn bản đề nghị cấp giấy phép lao động'), 'a component handed in');
  assert.ok(!text.includes('Văn bản chấp thuận nhu cầu sử dụng'), 'a component not applicable is not listed');
  const [, hh, mm] = d.due_at.match(/T(\d\d):(\d\d)/);
  assert.ok(text.includes(`${hh} giờ ${mm} phút`), `the appointment ${d.due_at}`);
  const url = `https://motcua.example.vn/#/track/${d.code}`;
  assert.ok(text.includes(url), 'the look-up address printed');
  const pdf = save(bytes);
  const prefix = path.join(work, `qr${serial}`);
  execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '2', pdf, prefix]);
  const pngs = readdirSync(work).filter((f) => f.startsWith(path.basename(prefix)) && f.endsWith('.png'));
  assert.ok(pngs.length >= 1);
  let decoded = '';
  for (const p of pngs) {
    try {
      decoded += execFileSync('zbarimg', ['--raw', '-q', path.join(work, p)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch { /* no code on that page */ }
  }
  assert.equal(decoded.trim(), url);
});

test('an officer printing a form is recorded as a view of the dossier', async () => {
  const d = await receive();
  await form(await as('tiepnhan'), formUrl(d.code, '01'));
  const r = await (await as('vanphong')).get(`/api/v1/dossiers/${encodeURIComponent(d.code)}`);
  const views = r.json.history.filter((e) => e.action === 'viewed').map((e) => e.actor);
  assert.ok(views.includes('tiepnhan'), JSON.stringify(views));
});

test('a form the dossier has no event for is 404, and so is an unknown form or code', async () => {
  const d = await receive();
  const c = await as('tiepnhan');
  for (const n of ['02', '03', '04', '05']) assertError(await getPdf(c, formUrl(d.code, n)), 404, 'NOT_FOUND', 'form');
  assertError(await getPdf(c, formUrl(d.code, '07')), 404, 'NOT_FOUND', 'form');
  assertError(await getPdf(c, formUrl(d.code, '00')), 404, 'NOT_FOUND', 'form');
  assertError(await getPdf(c, formUrl(d.code, 'x1')), 404, 'NOT_FOUND', 'form');
  assertError(await getPdf(c, formUrl('000.17.22.H56.01-200101-9999', '01')), 404, 'DOSSIER_NOT_FOUND', 'code');
  assertError(await getPdf(c, formUrl('nonsense', '01')), 404, 'DOSSIER_NOT_FOUND', 'code');
  await form(c, formUrl(d.code, '1')); // one digit is accepted
});

test('Form 02 at the desk lists the missing components; there is no Form 01 before receipt', async () => {
  const comps = complete();
  comps[3].status = 'missing';
  comps[6].status = 'missing';
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers',
    { procedure_code: 'LD-02', applicant: company, components: comps, outcome: 'request_supplement', note: 'Bổ sung theo phiếu này' });
  assert.equal(r.status, 201, r.text);
  const c = await as('tiepnhan');
  const { text } = await form(c, formUrl(r.json.code, '02'));
  assert.ok(text.includes('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ'), text);
  assert.ok(text.includes('giấy tờ chứng minh là'), 'component 4');
  assert.ok(text.includes('Bản sao có chứng thực hộ chiếu còn giá trị'), 'component 7');
  assert.ok(!text.includes('Giấy chứng nhận sức khỏe'), 'a component handed in is not asked for');
  assert.ok(text.includes('Bổ sung theo phiếu này'), 'the reason');
  assertError(await getPdf(c, formUrl(r.json.code, '01')), 404, 'NOT_FOUND', 'form');
  assertError(await getPdf(c, formUrl(r.json.code, '06')), 404, 'NOT_FOUND', 'form');
});

test('Form 02 during processing, from the processing unit, with the components ticked missing', async () => {
  const d = await receive();
  await act('tiepnhan', d.code, 'transfer', { to_user: 'chuyenvien' });
  const comps = complete();
  comps[1].status = 'missing';
  await act('chuyenvien', d.code, 'request_supplement', { note: 'Giấy khám sức khỏe đã quá 12 tháng', components: comps });
  const { text } = await form(await as('chuyenvien'), formUrl(d.code, '02'));
  assert.ok(text.includes('Giấy chứng nhận sức khỏe'), text);
  assert.ok(text.includes('Giấy khám sức khỏe đã quá 12 tháng'));
  assert.ok(text.includes('PHÒNG QUẢN LÝ DOANH NGHIỆP VÀ LAO ĐỘNG'), 'issued by the processing unit');
  assert.ok(text.includes('Trần Văn Minh'), 'the guiding officer');
});

test('Form 03: refusal with one reason per line', async () => {
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers',
    { procedure_code: 'LD-02', applicant: company, components: complete(), outcome: 'refuse',
      note: 'Không thuộc thẩm quyền giải quyết\nNgười lao động không thuộc khu công nghiệp' });
  assert.equal(r.status, 201, r.text);
  const { text } = await form(await as('tiepnhan'), formUrl(r.json.code, '03'));
  assert.ok(text.includes('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ'), text);
  assert.ok(text.includes('Không thuộc thẩm quyền giải quyết'));
  assert.ok(text.includes('Người lao động không thuộc khu công nghiệp'));
});

test('Forms 04 (extension, with its approval) and 05 (stop)', async () => {
  const d = await receive();
  await act('tiepnhan', d.code, 'transfer');
  const proposed = await workingLater(env.base, d.due_at);
  await act('chuyenvien', d.code, 'request_extension', { note: 'Chờ ý kiến cơ quan phối hợp', proposed_due_at: proposed });
  await act('lanhdao', d.code, 'approve_extension');
  let { text } = await form(await as('truongphong'), formUrl(d.code, '04'));
  assert.ok(text.includes('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT'), text);
  assert.ok(text.includes('Chờ ý kiến cơ quan phối hợp'), 'the reason');
  assert.ok(text.includes('Nguyễn Văn Bình'), 'addressed to the owner');
  assert.ok(text.includes('Phạm Quốc Hùng'), 'approved by the leader');
  // Signed by the head of the agency at fault (the board, not its department),
  // not the specialist who asked (DOMAIN.md 6).
  assert.match(text, /THỦ TRƯỞNG CƠ QUAN.*Phạm Quốc Hùng/, 'the head of the agency signs');
  assert.ok(!text.includes('Trần Văn Minh'), 'not the specialist who asked');
  assert.ok(!text.includes('Lê Thị Hương'), 'not the department head');
  const [y, m, dd] = proposed.slice(0, 10).split('-');
  assert.ok(text.includes(`${dd}/${m}/${y}`) || text.includes(`ngày ${dd} tháng`), `the new appointment ${proposed}`);
  await act('truongphong', d.code, 'stop', { note: 'Quá hạn bổ sung theo quy định' });
  ({ text } = await form(await as('truongphong'), formUrl(d.code, '05')));
  assert.ok(text.includes('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ'), text);
  assert.ok(text.includes('Quá hạn bổ sung theo quy định'));
  assert.ok(text.includes('Thẩm định hồ sơ'), 'the stage reached');
  // Stopped by a department head: signed by the head of the processing agency.
  assert.match(text, /THỦ TRƯỞNG CƠ QUAN.*Phạm Quốc Hùng/, 'the head of the agency signs');
  assert.ok(!text.includes('Lê Thị Hương'), 'not the department head who stopped it');
  // Withdrawn at the desk: still signed by the head of the processing agency, never the receiving officer.
  const w = await receive();
  await act('tiepnhan', w.code, 'withdraw', { note: 'Người nộp rút hồ sơ' });
  ({ text } = await form(await as('truongphong'), formUrl(w.code, '05')));
  assert.match(text, /THỦ TRƯỞNG CƠ QUAN.*Phạm Quốc Hùng/, 'the head of the agency signs');
  assert.ok(!text.includes('Nguyễn Thị Lan'), 'not the receiving officer');
});

test('Form 06: one row per hand-over, with the officers and units, through to the return', async () => {
  const d = await receive({ coordinating_units: ['QLDT'] });
  await act('tiepnhan', d.code, 'transfer', { to_user: 'chuyenvien' });
  await act('chuyenvien', d.code, 'transfer');
  await act('truongphong', d.code, 'transfer');
  await draftResult(await as('chuyenvien'), d.code);
  await act('lanhdao', d.code, 'approve');
  await act('lanhdao', d.code, 'issue_result', { result_code: 'GPLĐ-2026-777' });
  await act('tiepnhan', d.code, 'return_result');
  const { text } = await form(await as('lanhdao'), formUrl(d.code, '06'));
  assert.ok(text.includes('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ'), text);
  assert.ok(text.includes(d.code));
  for (const who of ['Nguyễn Thị Lan', 'Trần Văn Minh', 'Lê Thị Hương', 'Phạm Quốc Hùng']) assert.ok(text.includes(who), who);
  assert.ok(text.includes('Phòng Quản lý Đầu tư'), 'the co-ordinating unit');
  assert.ok(/Trước hạn|Đúng hạn/.test(text), 'the timeliness of a hand-over');
  assert.ok(text.includes('Tổ chức, cá nhân: Nguyễn Văn Bình'), 'the return to the applicant');
  // The citizen-facing forms of this dossier are still there.
  await form(await as('tiepnhan'), formUrl(d.code, '01'));
});

test('Form 07: the receiving unit\'s tracking book for a period', async () => {
  const a = await receive();
  const b = await receive();
  await act('tiepnhan', b.code, 'transfer');
  const day = today(a);
  const url = `/api/v1/units/VP/tracking-book.pdf?from=${day}&to=${day}`;
  const { text } = await form(await as('tiepnhan'), url, true);
  assert.ok(text.includes('SỔ THEO DÕI HỒ SƠ'), text);
  // Codes are wrapped in their narrow column: compare without white space.
  const flat = text.replace(/\s+/g, '');
  assert.ok(flat.includes(a.code) && flat.includes(b.code), 'both dossiers of the day');
  assert.ok(text.includes('Nguyễn Văn Bình'), 'the owner');
  assert.ok(text.includes('Nguyễn Thị Lan'), 'the receiving officer');
  // The leader and the office may print any unit's.
  await form(await as('lanhdao'), url);
  // A period before anything was received is an empty book.
  const empty = await form(await as('vanphong'), '/api/v1/units/VP/tracking-book.pdf?from=2020-01-01&to=2020-01-31', true);
  assert.ok(!empty.text.replace(/\s+/g, '').includes(a.code));
  // The root unit prints the configured superior body.
  const root = await form(await as('lanhdao'), `/api/v1/units/BQL/tracking-book.pdf?from=${day}&to=${day}`);
  assert.ok(root.text.includes('UBND TỈNH NINH BÌNH'), root.text.slice(0, 300));
});

test('Form 07: bad periods and units name the parameter; officers of another unit may not print it', async () => {
  const c = await as('tiepnhan');
  const book = (q, unit = 'VP') => getPdf(c, `/api/v1/units/${unit}/tracking-book.pdf${q}`);
  assertError(await book(''), 400, 'BAD_QUERY', 'from');
  assertError(await book('?from=2026-01-01'), 400, 'BAD_QUERY', 'to');
  assertError(await book('?from=2026-02-30&to=2026-03-01'), 400, 'BAD_QUERY', 'from');
  assertError(await book('?from=2026-03-02&to=2026-03-01'), 400, 'BAD_QUERY', 'to');
  assertError(await book('?from=2025-01-01&to=2026-03-01'), 400, 'BAD_QUERY', 'to');
  assertError(await book('?from=2026-01-01&to=2026-01-02', 'NOPE'), 404, 'UNIT_NOT_FOUND', 'unit');
  assertError(await getPdf(await as('chuyenvien'), '/api/v1/units/VP/tracking-book.pdf?from=2026-01-01&to=2026-01-02'), 403, 'FORBIDDEN');
  assertError(await getPdf(await as('congdan'), '/api/v1/units/VP/tracking-book.pdf?from=2026-01-01&to=2026-01-02'), 403, 'FORBIDDEN');
  assertError(await getPdf(null, '/api/v1/units/VP/tracking-book.pdf?from=2026-01-01&to=2026-01-02'), 401, 'UNAUTHENTICATED');
});

test('who may print: the applicant yes, another citizen no (404), an officer elsewhere no (403), anonymous no (401)', async () => {
  const citizen = await as('congdan');
  const comps = await onlineComponents(citizen, LD02);
  const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
  const r = await citizen.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  assertError(await getPdf(citizen, formUrl(code, '01')), 404, 'NOT_FOUND', 'form'); // not accepted yet
  await act('tiepnhan', code, 'accept');
  const { text } = await form(citizen, formUrl(code, '01'));
  assert.ok(text.includes('Hoàng Văn An'));
  assert.ok(text.includes('Bản điện tử'), 'components uploaded online');
  const own = await citizen.get(`/api/v1/dossiers/${encodeURIComponent(code)}`);
  assert.ok(!own.json.history.some((e) => e.action === 'viewed'), 'the applicant\'s own print is not a `viewed` event');

  const other = new Client(env.base);
  const reg = await other.post('/api/v1/auth/register', {
    kind: 'person', id_number: '001199000777', full_name: 'Trần Thị Khác', email: 'khac@example.vn',
    username: 'congdan2', password: 'Mật-khẩu-8x',
  });
  assert.equal(reg.status, 202, reg.text);
  assert.equal((await other.login('congdan2', 'Mật-khẩu-8x')).status, 200);
  assertError(await getPdf(other, formUrl(code, '01')), 404, 'DOSSIER_NOT_FOUND', 'code');
  assertError(await getPdf(await as('admin'), formUrl(code, '01')), 403, 'FORBIDDEN');
  assertError(await getPdf(null, formUrl(code, '01')), 401, 'UNAUTHENTICATED');
});
