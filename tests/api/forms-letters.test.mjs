// Issue 15, the letters of the agency during processing (items 14, 15, 16,
// 17): Form 04 as the 2025 form (a request with an apology whose proposed
// due time is a working instant of the processing unit, asked only by the
// processing unit once the dossier has reached it, signed by the head of
// the agency, dated and numbered when the competent leader approves it;
// the apology alone still possible once the one-working-day limit has
// passed), Form 02 during processing (what motcua does with the clock, the
// contact telephone, by when to supplement), Form 05 (the head of the
// processing agency signs; the basis and the fee handling chosen when
// stopping) and Form 06 (stops and withdrawals, room for signatures). The
// server's clock is set (testing.clock_api) so that due times are known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, loggedIn, Client, seedProcedure, assertFetched, assertError } from './helpers.mjs';

const BIN = process.env.MOTCUA_BIN || 'build/motcua';
const env = useServer({ args: ['--testing.clock_api', 'true'] }, async (e) => {
  // A specialist of another unit (QLDT), for the processing unit's rule.
  execFileSync(BIN, ['user', 'add', 'cv_qldt', '--full-name', 'Vũ Văn Khác', '--role', 'specialist', '--unit', 'QLDT',
    '--password', 'demo-pass', '--db', e.server.db.url], { stdio: 'pipe' });
});
const LD02 = seedProcedure('LD-02');
const work = mkdtempSync(path.join(tmpdir(), 'motcua-letters-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const company = {
  kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565',
  address: 'KCN Đồng Văn I, Duy Tiên, Ninh Bình', phone: '0226385012', email: 'saomai@example.vn',
};
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));

let clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}
/** Sets the server's clock to a local (UTC+7) time "2026-03-02T08:00"; new sessions for it. */
async function at(local) {
  const ms = Date.parse(`${local}:00+07:00`);
  const r = await new Client(env.base).put('/api/v1/testing/clock', { now_ms: ms });
  assert.equal(r.status, 200, r.text);
  clients = {};
}

async function receive() {
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components: complete() });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
async function post(user, code, action, body = {}) {
  return (await as(user)).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body);
}
async function act(user, code, action, body = {}) {
  const r = await post(user, code, action, body);
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
  return r.json;
}

let serial = 0;
async function pdf(user, url) {
  const c = await as(user);
  const res = await fetch(env.base + url, { headers: { cookie: c.cookie } });
  await assertFetched('GET', url, res);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return { status: res.status, text: bytes.toString('utf8') };
  const f = path.join(work, `f${++serial}.pdf`);
  writeFileSync(f, bytes);
  const raw = execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
  const drawn = execFileSync('pdftotext', ['-enc', 'UTF-8', '-raw', f, '-'], { encoding: 'utf8' });
  return { status: 200, text: raw.replace(/\s+/g, ' '), raw: drawn.replace(/\s+/g, ' ') };
}
const formUrl = (code, n) => `/api/v1/dossiers/${encodeURIComponent(code)}/forms/${n}`;

test('Form 04: only the processing unit asks, once the dossier has reached it; the proposed due time is a working instant', async () => {
  await at('2026-03-02T08:00'); // Monday
  const d = await receive();
  // Still at the desk: nobody of the processing unit holds it yet.
  const desk = await post('chuyenvien', d.code, 'request_extension', { note: 'Chờ ý kiến', proposed_due_at: '2026-03-16T16:00+07:00' });
  assert.equal(desk.status, 403, desk.text);
  await act('tiepnhan', d.code, 'transfer', { to_user: 'chuyenvien' });
  // A specialist of another unit may not ask for it.
  const other = await post('cv_qldt', d.code, 'request_extension', { note: 'Chờ ý kiến', proposed_due_at: '2026-03-16T16:00+07:00' });
  assert.equal(other.status, 403, other.text);
  // Not working instants of the processing unit: 4xx naming the field, nothing changes.
  for (const bad of ['2027-01-01T09:00+07:00', '2026-03-16T22:00+07:00', '2026-03-14T09:00+07:00', '2026-03-16T12:00+07:00']) {
    const r = await post('chuyenvien', d.code, 'request_extension', { note: 'Chờ ý kiến', proposed_due_at: bad });
    assert.ok(r.status >= 400 && r.status < 500, `${bad}: ${r.status} ${r.text}`);
    assert.equal(r.json.error.field, 'proposed_due_at', bad);
  }
  const r = await post('chuyenvien', d.code, 'request_extension', { note: 'Chờ ý kiến', proposed_due_at: '2026-03-16T22:00+07:00' });
  assertError(r, 422, 'NOT_WORKING_TIME', 'proposed_due_at');
  const still = (await (await as('lanhdao')).get(`/api/v1/dossiers/${encodeURIComponent(d.code)}`)).json;
  assert.ok(!still.history.some((e) => e.action === 'request_extension'), 'the refused requests left no trace');
  assert.equal((await pdf('chuyenvien', formUrl(d.code, '04'))).status, 404);
  // 17:00, the end of the afternoon, is a working instant.
  await act('chuyenvien', d.code, 'request_extension', { note: 'Chờ ý kiến cơ quan phối hợp', proposed_due_at: '2026-03-16T17:00+07:00' });
});

test('Form 04: a request promises nothing; approved, it is dated and numbered on the day of its approval, signed by the head of the agency', async () => {
  await at('2026-03-02T08:30');
  const d = await receive();
  await act('tiepnhan', d.code, 'transfer', { to_user: 'chuyenvien' });
  await at('2026-03-03T09:00');
  await act('chuyenvien', d.code, 'request_extension', { note: 'Chờ ý kiến cơ quan phối hợp', proposed_due_at: '2026-03-17T16:00+07:00' });
  let f = await pdf('chuyenvien', formUrl(d.code, '04'));
  assert.ok(f.text.includes('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT'), f.text);
  assert.ok(f.text.includes('đề nghị gia hạn thời gian giải quyết hồ sơ đến 16 giờ 00 phút, ngày 17 tháng 3 năm 2026'), f.text);
  assert.ok(f.text.includes('chờ người có thẩm quyền phê duyệt'), 'a request, not a promise');
  assert.ok(!/sẽ trả kết quả giải quyết hồ sơ cho ông\/bà vào/.test(f.text), 'no promised date before approval');
  assert.ok(!/Số: \d+\//.test(f.text), 'not numbered before it is sent');
  assert.ok(f.text.includes('trân trọng xin lỗi'), 'the apology');
  await at('2026-03-04T10:00');
  await act('lanhdao', d.code, 'approve_extension');
  f = await pdf('chuyenvien', formUrl(d.code, '04'));
  assert.ok(f.text.includes('Ninh Bình, ngày 04 tháng 3 năm 2026'), `dated on the day of approval: ${f.text.slice(0, 500)}`);
  assert.ok(f.text.includes('phê duyệt ngày 04 tháng 3 năm 2026'), 'the approval, same day as the letter');
  assert.ok(f.text.includes('sẽ trả kết quả giải quyết hồ sơ cho ông/bà vào 16 giờ 00 phút, ngày 17 tháng 3 năm 2026'));
  assert.match(f.text, /Số: \d+\/VBXL-BQL/, 'numbered in the register of the agency');
  assert.ok(f.text.includes('Ban Quản lý các khu công nghiệp tỉnh Ninh Bình trân trọng xin lỗi'), 'from the agency, not its department');
  assert.match(f.text, /THỦ TRƯỞNG CƠ QUAN.*Phạm Quốc Hùng/, 'the head of the agency at fault signs');
  assert.ok(!f.text.includes('Trần Văn Minh') && !f.text.includes('Lê Thị Hương'), 'not the drafter, not the department head');
});

test('Form 04: once the one-working-day limit has passed, the apology alone is still owed (and before it, a due time must be proposed)', async () => {
  await at('2026-03-02T08:00');
  const d = await receive();
  await act('tiepnhan', d.code, 'transfer', { to_user: 'chuyenvien' });
  // Early: the apology must come with a proposal.
  assertError(await post('chuyenvien', d.code, 'request_extension', { note: 'Chờ ý kiến' }), 400, 'FIELD_MISSING', 'proposed_due_at');
  // Past the due time (overdue): an extension is too late ...
  const due = d.due_at;
  const after = new Date(Date.parse(due) + 2 * 86400000 + 7 * 3600000).toISOString().slice(0, 10);
  await at(`${after}T09:00`);
  assertError(await post('chuyenvien', d.code, 'request_extension', { note: 'Chờ ý kiến', proposed_due_at: `${after}T16:00+07:00` }), 409, 'EXTENSION_TOO_LATE');
  // ... the apology is not.
  const r = await act('chuyenvien', d.code, 'request_extension', { note: 'Hồ sơ phải lấy thêm ý kiến của Sở Nội vụ' });
  assert.ok(r.history.some((e) => e.action === 'request_extension'));
  const f = await pdf('chuyenvien', formUrl(d.code, '04'));
  assert.ok(f.text.includes('trân trọng xin lỗi'), f.text);
  assert.ok(f.text.includes('trong thời gian sớm nhất'), 'no new due time promised');
  assert.ok(f.text.includes('Hồ sơ phải lấy thêm ý kiến của Sở Nội vụ'));
  assert.match(f.text, /Số: \d+\/VBXL-BQL/, 'sent, and numbered, at once');
});

test('Form 02 during processing says the clock pauses and resumes with the time left, the contact telephone, and by when to supplement', async () => {
  await at('2026-03-02T08:00');
  const d = await receive();
  await act('tiepnhan', d.code, 'transfer', { to_user: 'chuyenvien' });
  await at('2026-03-03T10:15');
  const comps = complete();
  comps[1].status = 'missing';
  await act('chuyenvien', d.code, 'request_supplement', { note: 'Giấy khám sức khỏe đã quá 12 tháng', components: comps });
  const f = await pdf('chuyenvien', formUrl(d.code, '02'));
  assert.ok(f.text.includes('tạm dừng từ 10 giờ 15 phút, ngày 03 tháng 3 năm 2026'), f.text);
  assert.ok(f.text.includes('tiếp tục được tính với thời gian còn lại'), 'what motcua does');
  assert.ok(!f.text.includes('được tính lại từ khi nhận đủ'), 'not "starts again"');
  assert.ok(f.text.includes('số điện thoại 0229 3 852 705'), 'the processing unit\'s telephone');
  // Ten working days of the unit (forms.supplement_working_days) after 10:15 on Tuesday 3 March 2026.
  assert.ok(f.text.includes('bổ sung, hoàn thiện hồ sơ trước 10 giờ 15 phút, ngày 17 tháng 3 năm 2026'), f.text);
  // At the desk, before receipt: the limit has not started.
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers',
    { procedure_code: 'LD-02', applicant: company, components: comps, outcome: 'request_supplement', note: 'Thiếu giấy khám sức khỏe' });
  assert.equal(r.status, 201, r.text);
  const g = await pdf('tiepnhan', formUrl(r.json.code, '02'));
  assert.ok(g.text.includes('Hồ sơ chưa được tiếp nhận'), g.text);
  assert.ok(g.text.includes('số điện thoại 0229 3 852 701'), 'the desk\'s telephone');
});

test('Form 06 records a stop and a withdrawal, with room for the signatures of each hand-over', async () => {
  await at('2026-03-02T08:00');
  const d = await receive();
  await act('tiepnhan', d.code, 'transfer', { to_user: 'chuyenvien' });
  await act('truongphong', d.code, 'stop', { note: 'Quá hạn bổ sung theo quy định' });
  let f = await pdf('lanhdao', formUrl(d.code, '06'));
  assert.ok(f.text.includes('Ký giao:') && f.text.includes('Ký nhận:'), 'room to sign');
  assert.ok(f.raw.includes('Dừng giải quyết (Mẫu 05)'), f.raw);
  assert.ok(f.raw.includes('Quá hạn bổ sung theo quy định'));
  const w = await receive();
  await act('tiepnhan', w.code, 'withdraw', { note: 'Người nộp rút hồ sơ' });
  f = await pdf('lanhdao', formUrl(w.code, '06'));
  assert.ok(f.raw.includes('Rút hồ sơ theo đề nghị (Mẫu 05)'), f.raw);
  assert.ok(f.raw.includes('Tổ chức, cá nhân: Công ty TNHH Sao Mai'), `back to the applicant: ${f.raw}`);
});

test('Form 05: the basis for stopping and the fee handling chosen when stopping; signed by the head of the processing agency', async () => {
  await at('2026-03-02T08:00');
  const d = await receive();
  await act('tiepnhan', d.code, 'transfer', { to_user: 'chuyenvien' });
  assertError(await post('truongphong', d.code, 'stop', { note: 'x', fee_handling: 'half' }), 400, 'FIELD_INVALID', 'fee_handling');
  assertError(await post('chuyenvien', d.code, 'transfer', { legal_basis: 'x' }), 400, 'FIELD_INVALID', 'legal_basis');
  await act('truongphong', d.code, 'stop', {
    note: 'Quá thời hạn bổ sung hồ sơ', legal_basis: 'Khoản 2 Điều 16 Nghị định số 118/2025/NĐ-CP', fee_handling: 'refund',
  });
  const f = await pdf('truongphong', formUrl(d.code, '05'));
  assert.ok(f.text.includes('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ'), f.text);
  assert.ok(f.text.includes('Căn cứ pháp lý: Khoản 2 Điều 16 Nghị định số 118/2025/NĐ-CP'), f.text);
  assert.ok(!f.text.includes('Quy định về thủ tục hành chính tại'), 'not the procedure\'s own basis');
  assert.ok(f.text.includes('Phí, lệ phí đã nộp: Phí, lệ phí đã nộp được hoàn trả cho tổ chức, cá nhân.'), 'the fee handling chosen');
  assert.match(f.text, /Số: \d+\/TB-BQL/);
  assert.match(f.text, /THỦ TRƯỞNG CƠ QUAN.*Phạm Quốc Hùng/, 'the head of the processing agency signs');
  // A withdrawal, nothing paid.
  const w = await receive();
  await act('tiepnhan', w.code, 'withdraw', { note: 'Người nộp rút hồ sơ', fee_handling: 'none' });
  const g = await pdf('tiepnhan', formUrl(w.code, '05'));
  assert.ok(g.text.includes('Hồ sơ không phải nộp phí, lệ phí.'), g.text);
  assert.ok(!g.text.includes('Nguyễn Thị Lan'), 'never the receiving officer');
});
