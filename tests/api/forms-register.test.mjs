// Issue 15, the forms (items 9, 12, 13, 17): the one registry of forms
// (official titles on screen and on paper), the number and symbol of every
// form that leaves the agency from a gapless register per unit, form and
// year (also under concurrent receipts), Form 01's line in the tracking
// book, the agency as it is named now and as it was named then (Hà Nam
// joined Ninh Bình on 1 July 2025), and the details of Forms 01 and 07.
// Every form is read back with pdftotext.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, loggedIn, Client, seedProcedure, assertFetched } from './helpers.mjs';

const env = useServer({ args: ['--testing.clock_api', 'true'] });
const LD02 = seedProcedure('LD-02');
const work = mkdtempSync(path.join(tmpdir(), 'motcua-forms-reg-'));
if (!process.env.KEEP) process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// DOMAIN.md section 6: the titles of Circular 03/2025 appendix I.
const TITLES = {
  '01': 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
  '02': 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
  '03': 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
  '04': 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
  '05': 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
  '06': 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
  '07': 'SỔ THEO DÕI HỒ SƠ',
};

const company = {
  kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565',
  address: 'KCN Đồng Văn I, Duy Tiên, Ninh Bình', phone: '0226385012', email: 'saomai@example.vn',
};
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));

const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}

async function receive(extra = {}, outcome) {
  const components = complete();
  if (outcome === 'request_supplement') components[3].status = 'missing';
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers',
    { procedure_code: 'LD-02', applicant: company, components, ...(outcome ? { outcome } : {}), ...extra });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function act(user, code, action, body = {}) {
  const r = await (await as(user)).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body);
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
  return r.json;
}

async function setClock(now_ms) {
  const r = await new Client(env.base).put('/api/v1/testing/clock', { now_ms });
  assert.equal(r.status, 200, r.text);
}

let serial = 0;
/** The text of a PDF at url (as user), white space folded. */
async function pdf(user, url, raw = false) {
  const c = await as(user);
  const res = await fetch(env.base + url, { headers: { cookie: c.cookie } });
  await assertFetched('GET', url, res);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, 200, `${url}: ${bytes.toString('utf8').slice(0, 300)}`);
  const f = path.join(work, `f${++serial}.pdf`);
  writeFileSync(f, bytes);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', ...(raw ? ['-raw'] : []), f, '-'], { encoding: 'utf8' });
  return { text: text.replace(/\s+/g, ' '), pages: text.split('\f').filter((p) => p.trim()).map((p) => p.replace(/\s+/g, ' ')) };
}
const formUrl = (code, n) => `/api/v1/dossiers/${encodeURIComponent(code)}/forms/${n}`;
/** "Số: 05/GTN-VP" → {seq: 5, symbol: 'GTN-VP'}. */
function numberOf(text) {
  const m = text.match(/Số: (\d+)\/([A-ZĐ]+-[A-ZĐ]+)/);
  assert.ok(m, `no number and symbol in ${text.slice(0, 400)}`);
  return { seq: Number(m[1]), symbol: m[2], raw: `${m[1]}/${m[2]}` };
}

test('one registry of forms: the API gives the official titles, and each PDF prints the same one', async () => {
  const r = await new Client(env.base).get('/api/v1/workflow');
  assert.equal(r.status, 200);
  assert.deepEqual(Object.fromEntries(r.json.forms.map((f) => [f.key, f.title.vi])), TITLES);
  const signer = Object.fromEntries(r.json.forms.map((f) => [f.key, f.signer]));
  assert.equal(signer['04'], 'head_of_agency_at_fault');
  assert.equal(signer['05'], 'head_of_processing_agency');
  assert.deepEqual(r.json.forms.filter((f) => f.numbered).map((f) => f.key), ['01', '02', '03', '04', '05']);

  const d = await receive();
  assert.ok((await pdf('tiepnhan', formUrl(d.code, '01'))).text.includes(TITLES['01']));
  assert.ok((await pdf('tiepnhan', formUrl(d.code, '06'))).text.includes(TITLES['06']));
  const s = await receive({ note: 'Thiếu giấy khám sức khỏe' }, 'request_supplement');
  assert.ok((await pdf('tiepnhan', formUrl(s.code, '02'))).text.includes(TITLES['02']));
  const f = await receive({ note: 'Không thuộc thẩm quyền' }, 'refuse');
  assert.ok((await pdf('tiepnhan', formUrl(f.code, '03'))).text.includes(TITLES['03']));
  const day = d.received_at.slice(0, 10);
  assert.ok((await pdf('tiepnhan', `/api/v1/units/VP/tracking-book.pdf?from=${day}&to=${day}`)).text.includes(TITLES['07']));
  // Nothing older survives on paper.
  for (const old of ['PHIẾU TIẾP NHẬN VÀ HẸN TRẢ', 'DỪNG XỬ LÝ HỒ SƠ', 'HẸN LẠI NGÀY TRẢ KẾT QUẢ']) {
    assert.ok(!(await pdf('tiepnhan', formUrl(d.code, '01'))).text.includes(old), old);
  }
});

test('Số: every form that leaves the agency has a number from the register of its unit, form and year, without gaps', async () => {
  const a = await receive();
  const b = await receive();
  const na = numberOf((await pdf('tiepnhan', formUrl(a.code, '01'))).text);
  const nb = numberOf((await pdf('tiepnhan', formUrl(b.code, '01'))).text);
  assert.equal(na.symbol, 'GTN-VP');
  assert.equal(nb.seq, na.seq + 1, 'the next receipt takes the next number');
  // A refusal and a supplement request at the desk: their own registers.
  const f = await receive({ note: 'Không thuộc thẩm quyền' }, 'refuse');
  assert.match(numberOf((await pdf('tiepnhan', formUrl(f.code, '03'))).text).symbol, /^PTC-VP$/);
  const s = await receive({ note: 'Thiếu giấy tờ' }, 'request_supplement');
  assert.equal(numberOf((await pdf('tiepnhan', formUrl(s.code, '02'))).text).symbol, 'PYCBS-VP');
  // A refused action (a second transfer target that is not an officer) takes no number.
  const c = (await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components: [] }));
  assert.equal(c.status >= 400, true);
  const nc = numberOf((await pdf('tiepnhan', formUrl((await receive()).code, '01'))).text);
  assert.equal(nc.seq, nb.seq + 1, 'a refused receipt gave no number away');
  // A reprint says the same number.
  assert.equal(numberOf((await pdf('vanphong', formUrl(a.code, '01'))).text).raw, na.raw);
});

test('Số: concurrent receipts take distinct consecutive numbers (no gap, no repeat)', { timeout: 60000 }, async () => {
  const first = numberOf((await pdf('tiepnhan', formUrl((await receive()).code, '01'))).text).seq;
  const N = 8;
  const c = await as('tiepnhan');
  const desk = await Promise.all(Array.from({ length: N }, (_, i) => c.post('/api/v1/dossiers',
    { procedure_code: 'LD-02', applicant: { ...company, name: `Công ty ${i}` }, components: complete() })));
  for (const r of desk) assert.equal(r.status, 201, r.text);
  const seqs = [];
  for (const r of desk) seqs.push(numberOf((await pdf('tiepnhan', formUrl(r.json.code, '01'))).text).seq);
  seqs.sort((x, y) => x - y);
  assert.deepEqual(seqs, Array.from({ length: N }, (_, i) => first + 1 + i));
});

test('Form 01 prints its line in the tracking book, and the book prints the same line', async () => {
  const d = await receive();
  const { text } = await pdf('tiepnhan', formUrl(d.code, '01'));
  const n = numberOf(text).seq;
  const m = text.match(/Số thứ tự trong Sổ theo dõi hồ sơ: (\d+)/);
  assert.ok(m, text.slice(0, 600));
  assert.equal(Number(m[1]), n, 'the line is the number of the receipt in the unit\'s register of the year');
  const day = d.received_at.slice(0, 10);
  const book = await pdf('tiepnhan', `/api/v1/units/VP/tracking-book.pdf?from=${day}&to=${day}`, true);
  const flat = book.text.replace(/\s+/g, '');
  const code = d.code.replace(/\s+/g, '');
  assert.ok(flat.includes(`${n}${code}`), `line ${n} before ${code} in the book`);
});

test('the agency as named now (Ninh Bình), and a 2024 dossier reprinted with the 2024 name (Hà Nam)', async () => {
  // A procedure in force since 2024 (the seed catalogue starts on 1 July 2025).
  const p = seedProcedure('LD-02');
  Object.assign(p, { code: 'LD-24', national_code: null, effective_from: '2024-01-01' });
  const admin = await as('admin');
  assert.equal((await admin.post('/api/v1/procedures', p)).status, 201);
  const pub = await admin.post('/api/v1/procedures/LD-24/publish', { effective_from: '2024-01-01' });
  assert.equal(pub.status, 200, pub.text);
  // Received on Monday 6 May 2024, 09:00 local; printed today.
  await setClock(Date.UTC(2024, 4, 6, 2, 0));
  let old;
  try {
    const desk = await loggedIn(env.base, 'tiepnhan'); // a session of that day
    const r = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-24', applicant: company, components: complete() });
    assert.equal(r.status, 201, r.text);
    old = r.json;
  } finally {
    await setClock(0);
  }
  const now = await receive();
  const t24 = (await pdf('vanphong', formUrl(old.code, '01'))).text;
  assert.ok(t24.includes('BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH HÀ NAM'), t24.slice(0, 400));
  assert.ok(!t24.includes('NINH BÌNH') || t24.includes('Ninh Bình, ngày'), 'no 2025 name on a 2024 form');
  assert.ok(numberOf(t24).raw.startsWith('01/'), 'the 2024 register starts at 01');
  const t26 = (await pdf('vanphong', formUrl(now.code, '01'))).text;
  assert.ok(t26.includes('BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH NINH BÌNH'), t26.slice(0, 400));
  assert.ok(!t26.includes('HÀ NAM'), 'not the former name');
  // The root's tracking book: the superior body of the time as well.
  const day24 = old.received_at.slice(0, 10);
  const b24 = (await pdf('lanhdao', `/api/v1/units/BQL/tracking-book.pdf?from=${day24}&to=${day24}`)).text;
  assert.ok(b24.includes('UBND TỈNH HÀ NAM'), b24.slice(0, 300));
  const day = now.received_at.slice(0, 10);
  const b26 = (await pdf('lanhdao', `/api/v1/units/BQL/tracking-book.pdf?from=${day}&to=${day}`)).text;
  assert.ok(b26.includes('UBND TỈNH NINH BÌNH') && b26.includes('TỈNH NINH BÌNH'), b26.slice(0, 300));
  // A unit renamed by the administrator keeps its former name for its earlier forms.
  const r = await admin.put('/api/v1/units/VP', { name: 'Văn phòng Ban Quản lý' });
  assert.equal(r.status, 200, r.text);
  const after = await receive();
  assert.ok((await pdf('vanphong', formUrl(now.code, '01'))).text.includes('VĂN PHÒNG BAN QUẢN LÝ') === false, 'the name of the day of the form');
  assert.ok((await pdf('vanphong', formUrl(after.code, '01'))).text.includes('VĂN PHÒNG BAN QUẢN LÝ'));
  assert.equal((await admin.put('/api/v1/units/VP', { name: 'Văn phòng' })).status, 200);
  // The pages and the units say the name of now.
  const vi = await new Client(env.base).get('/i18n/vi.json');
  assert.equal(vi.json['agency.name'], 'Ban Quản lý các khu công nghiệp tỉnh Ninh Bình');
  const units = await (await as('admin')).get('/api/v1/units');
  const bql = units.json.items.find((u) => u.code === 'BQL');
  assert.equal(bql.name, 'Ban Quản lý các khu công nghiệp tỉnh Ninh Bình');
});

test('the demo signing certificate names the agency as it is now', () => {
  const dir = path.join(work, 'pki-data');
  execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['pki', 'init', '--data-dir', dir]);
  const subject = execFileSync('openssl', ['x509', '-in', path.join(dir, 'pki', 'agency.pem'), '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus'], { encoding: 'utf8' });
  assert.ok(subject.includes('TỈNH NINH BÌNH'), subject);
  assert.ok(!subject.includes('HÀ NAM'), subject);
});

test('Form 01: the typed request, the tax code labelled as such, the signatures with item 7 (never alone on a page)', async () => {
  const d = await receive({ request: 'Cấp giấy phép lao động cho ông John Smith, kỹ sư' });
  const { text, pages } = await pdf('tiepnhan', formUrl(d.code, '01'));
  assert.ok(text.includes('Nội dung yêu cầu giải quyết: Cấp giấy phép lao động cho ông John Smith, kỹ sư'), text);
  assert.ok(text.includes('Mã số thuế: 0101234565'), 'an organisation\'s tax code is labelled as one');
  assert.ok(!text.includes('Số định danh cá nhân/Mã số thuế'), 'no mixed label');
  const last = pages[pages.length - 1];
  assert.ok(last.includes('NGƯỜI TIẾP NHẬN HỒ SƠ'), 'the signatures');
  assert.ok(pages.length <= 2, `${pages.length} pages`);
  assert.ok(last.includes('Tra cứu tình trạng'), `item 7 on the page of the signatures: ${last.slice(0, 200)}`);
});
