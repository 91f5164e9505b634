// Fees and payments at the desk (issue 13): the fees of the procedure
// version, the demand made at receipt and by request_payment (the clock
// pauses and resumes when paid), cash, card and transfer recorded by a
// receiver with their e-receipt, NO_PAYMENT_DUE, the owner's online branch
// when no gateway is configured, the events in the hash-chained history,
// and the office's list of a day with totals per method and its XLSX.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, loggedIn, assertError, seedProcedure } from './helpers.mjs';

const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-pay-'));
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
const env = useServer({ args: ['--payment.gateway', 'none', '--data-dir', dataDir] },
  () => { execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['pki', 'init', '--data-dir', dataDir]); });
const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));

const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}

async function receive(procedure = 'LD-02', applicant = me, components = complete()) {
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: procedure, applicant, components });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}

async function act(user, code, action, body = {}) {
  const r = await (await as(user)).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body);
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
  return r.json;
}

const payments = async (user, code) => {
  const r = await (await as(user)).get(`/api/v1/dossiers/${encodeURIComponent(code)}/payments`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const pay = (user, code, body) => as(user).then((c) => c.post(`/api/v1/dossiers/${encodeURIComponent(code)}/payments`, body));
const history = async (code) => (await (await as('tiepnhan')).get(`/api/v1/dossiers/${encodeURIComponent(code)}`)).json.history.filter((e) => e.action !== 'viewed');

test('the fees are data of the procedure version: amount, per, due, exemption, to be confirmed', async () => {
  const c = await as('tiepnhan');
  const ld = (await c.get('/api/v1/procedures/LD-02')).json;
  assert.deepEqual(ld.fees.map((f) => [f.amount, f.per, f.due, f.exemption]), [[600000, 'workers', 'receipt', null]]);
  const mt = (await c.get('/api/v1/procedures/MT-01')).json;
  assert.equal(mt.fees[0].amount, null, 'an amount to be confirmed is null');
});

test('receipt makes the demand of the fees due then; the desk takes cash and gives a receipt', async () => {
  const code = await receive();
  const v = await payments('tiepnhan', code);
  assert.equal(v.demands.length, 1);
  const [d] = v.demands;
  assert.deepEqual(d.lines, [{ name: 'Lệ phí cấp giấy phép lao động', name_en: 'Work permit fee', amount: 600000 }]);
  assert.equal(d.total, 600000);
  assert.equal(d.status, 'open');
  assert.match(d.due_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
  assert.deepEqual(v.payments, []);
  const h = await history(code);
  assert.deepEqual(h.map((e) => e.action), ['receive', 'payment_demanded']);
  assert.equal(h[1].data.total, 600000);

  // The owner can see it too; a stranger cannot.
  assert.equal((await payments('congdan', code)).demands[0].total, 600000);

  const r = await pay('tiepnhan', code, { method: 'cash' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'paid');
  assert.equal(r.json.amount, 600000);
  assert.equal(r.json.method, 'cash');
  assert.ok(r.json.receipt && r.json.receipt.number >= 1, r.text);
  assert.equal(r.json.receipt.href, `/api/v1/payments/${r.json.id}/receipt.pdf`);
  const after = await payments('congdan', code);
  assert.equal(after.demands[0].status, 'paid');
  assert.equal(after.payments.length, 1);
  assert.equal(after.payments[0].status, 'paid');
  assert.match(after.payments[0].paid_at, /\+07:00$/);
  const h2 = await history(code);
  const ev = h2.find((e) => e.action === 'payment_paid');
  assert.equal(ev.data.method, 'cash');
  assert.equal(ev.data.amount, 600000);
  assert.equal(ev.data.receipt, `${r.json.receipt.series}/${String(r.json.receipt.number).padStart(7, '0')}`);

  // Nothing is due any more.
  assertError(await pay('tiepnhan', code, { method: 'card' }), 409, 'NO_PAYMENT_DUE');
});

test('bad input names the field and changes nothing; roles decide who pays how', async () => {
  const code = await receive();
  assertError(await pay('tiepnhan', code, {}), 400, 'FIELD_MISSING', 'method');
  assertError(await pay('tiepnhan', code, { method: 'cheque' }), 400, 'FIELD_INVALID', 'method');
  assertError(await pay('tiepnhan', code, { method: 'cash', reference: 'x'.repeat(101) }), 400, 'FIELD_TOO_LONG', 'reference');
  assertError(await pay('tiepnhan', code, { method: 'online' }), 403, 'FORBIDDEN', 'method');
  assertError(await pay('congdan', code, { method: 'cash' }), 403, 'FORBIDDEN');
  assertError(await pay('chuyenvien', code, { method: 'cash' }), 403, 'FORBIDDEN');
  // payment.gateway = none: online payment is off, clearly.
  assertError(await pay('congdan', code, { method: 'online' }), 503, 'PAYMENT_GATEWAY_UNAVAILABLE');
  assertError(await pay('tiepnhan', 'KHONG-CO', { method: 'cash' }), 404, 'DOSSIER_NOT_FOUND');
  const v = await payments('tiepnhan', code);
  assert.deepEqual(v.payments, []);
  assert.equal(v.demands[0].status, 'open');
  // A transfer with its reference.
  const r = await pay('tiepnhan', code, { method: 'transfer', reference: 'UNC 0042' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.method, 'transfer');
});

test('request_payment pauses the clock on the open demand; paying it resumes the clock', async () => {
  const code = await receive();
  await act('tiepnhan', code, 'transfer');
  const paused = await act('chuyenvien', code, 'request_payment');
  assert.equal(paused.state, 'awaiting_payment');
  const r = await pay('tiepnhan', code, { method: 'card', reference: 'POS 778812' });
  assert.equal(r.status, 201, r.text);
  const d = (await (await as('tiepnhan')).get(`/api/v1/dossiers/${encodeURIComponent(code)}`)).json;
  assert.equal(d.state, 'in_process');
  const h = d.history.filter((e) => e.action !== 'viewed');
  assert.deepEqual(h.slice(-2).map((e) => e.action), ['payment_paid', 'record_payment']);
  assert.equal(h.at(-1).actor, 'tiepnhan');
  assert.equal(h.at(-1).data.clock, 'resumed');
});

test('a procedure without fees has no demand; NO_PAYMENT_DUE', async () => {
  const DT01 = seedProcedure('DT-01');
  const comps = DT01.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
  const code = await receive('DT-01', { kind: 'organisation', name: 'Công ty A', tax_code: '0101234565' }, comps);
  assert.deepEqual((await payments('tiepnhan', code)).demands, []);
  assertError(await pay('tiepnhan', code, { method: 'cash' }), 409, 'NO_PAYMENT_DUE');
});

test('the office lists a day\'s payments with totals per method, and as XLSX', async () => {
  const code = await receive();
  assert.equal((await pay('tiepnhan', code, { method: 'cash' })).status, 201);
  const today = new Date(Date.now() + 7 * 3600000).toISOString().slice(0, 10);
  const office = await as('vanphong');
  const r = await office.get(`/api/v1/payments?date=${today}`);
  assert.equal(r.status, 200, r.text);
  const paid = r.json.payments.filter((p) => p.status === 'paid');
  assert.ok(paid.some((p) => p.dossier === code));
  const sum = (m) => paid.filter((p) => p.method === m).reduce((s, p) => s + p.amount, 0);
  for (const t of r.json.totals) assert.equal(t.amount, sum(t.method), t.method);
  assert.equal(r.json.total, paid.reduce((s, p) => s + p.amount, 0));
  const x = await office.get(`/api/v1/payments?date=${today}&format=xlsx`);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assertError(await office.get('/api/v1/payments?date=2026-13-01'), 400, 'BAD_QUERY', 'date');
  assertError(await (await as('chuyenvien')).get(`/api/v1/payments?date=${today}`), 403, 'FORBIDDEN');
});

/** The receipt PDF of payment id as `user` sees it, written to a file. */
async function receiptFile(user, id) {
  const c = await as(user);
  const res = await fetch(env.base + `/api/v1/payments/${id}/receipt.pdf`, { headers: { cookie: c.cookie } });
  assert.equal(res.status, 200, `receipt ${id} for ${user}`);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const file = path.join(dataDir, `receipt-${id}-${user}.pdf`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

test('the e-receipt: amounts in figures and words, symbol, series, number, signed, verifiable, in the store', async () => {
  const code = await receive();
  const r = await pay('tiepnhan', code, { method: 'cash' });
  assert.equal(r.status, 201, r.text);
  const { id, receipt } = r.json;
  const file = await receiptFile('congdan', id);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  assert.match(text, /BIÊN LAI THU PHÍ, LỆ PHÍ/);
  assert.match(text, /Ký hiệu mẫu: 01BLP0-001/);
  assert.match(text, new RegExp(`Ký hiệu: ${receipt.series}`));
  assert.match(text, new RegExp(`Số: ${String(receipt.number).padStart(7, '0')}`));
  assert.match(text, /Lệ phí cấp giấy phép lao động\s+600\.000/);
  assert.match(text, /Tổng cộng\s+600\.000/);
  assert.match(text, /Số tiền bằng chữ: Sáu trăm nghìn đồng\./);
  assert.match(text, /Hình thức thanh toán: Tiền mặt/);
  assert.match(text, new RegExp(code.replace(/\./g, '\\.')));
  assert.match(text, /Hoàng Văn An/);
  // Headed as Form 01 of the dossier is (the receiving office under the
  // Board), signed by the collecting agency, the Board.
  const flow = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  const head = flow.split('BIÊN LAI THU PHÍ')[0];
  const words = (t) => new RegExp(t.split(' ').join('\\s+'), 'i');
  assert.match(head, words('BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH NINH BÌNH'), head);
  assert.match(head, /VĂN PHÒNG/, head);
  assert.doesNotMatch(flow, /UBND tỉnh Ninh Bình/i);
  assert.doesNotMatch(flow, words('Người ký: Văn phòng'));
  assert.match(flow, words('Người ký: Ban quản lý các khu công nghiệp tỉnh Ninh Bình'), flow);
  const sig = execFileSync('pdfsig', [file], { encoding: 'utf8' });
  assert.match(sig, /Signature Validation: Signature is Valid/);
  assert.match(sig, /Signer Certificate Common Name: BAN QUẢN LÝ/);

  // Verifiable like a result, by the code printed on it.
  const vcode = text.match(/Mã tra cứu: ([2-9A-Z]{12})/)[1];
  const v = await (await as('congdan')).get(`/api/v1/verify/${vcode}`);
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.valid, true);
  assert.equal(v.json.dossier, code);
  assert.equal(v.json.format, 'pades');
  assert.match(v.json.title, /^Biên lai thu phí, lệ phí số /);

  // The same bytes every time (rendered once), and in the payer's data store.
  const again = await receiptFile('tiepnhan', id);
  assert.deepEqual(execFileSync('sha256sum', [again]).toString().split(' ')[0],
    execFileSync('sha256sum', [file]).toString().split(' ')[0]);
  const store = await (await as('congdan')).get('/api/v1/store');
  assert.equal(store.status, 200, store.text);
  assert.ok(JSON.stringify(store.json).includes('fee_receipt'), 'the receipt is in the payer\'s store');

  // Other citizens and unknown payments: nothing.
  assertError(await (await as('congdan')).get('/api/v1/payments/999999/receipt.pdf'), 404, 'PAYMENT_NOT_FOUND');
});

test('receipt numbers are gapless under concurrency: concurrent payments never share or skip', async () => {
  const codes = [];
  for (let i = 0; i < 12; i++) codes.push(await receive());
  const replies = await Promise.all(codes.map((c, i) => pay('tiepnhan', c, { method: ['cash', 'card', 'transfer'][i % 3] })));
  for (const r of replies) assert.equal(r.status, 201, r.text);
  const numbers = replies.map((r) => r.json.receipt.number).sort((a, b) => a - b);
  assert.equal(new Set(numbers).size, numbers.length, `a number was shared: ${numbers}`);
  assert.equal(numbers.at(-1) - numbers[0], numbers.length - 1, `a number was skipped: ${numbers}`);
  // ... and follow the ones taken before without a gap.
  const today = new Date(Date.now() + 7 * 3600000).toISOString().slice(0, 10);
  const all = (await (await as('vanphong')).get(`/api/v1/payments?date=${today}`)).json.payments
    .filter((p) => p.receipt).map((p) => p.receipt.number).sort((a, b) => a - b);
  assert.deepEqual(all, all.map((_, i) => i + 1));
});

test('766.3.5 and 766.3.6 are measured from the payments: fee-bearing dossiers, none paid online', async () => {
  const code = await receive();
  assert.equal((await pay('tiepnhan', code, { method: 'cash' })).status, 201);
  const today = new Date(Date.now() + 7 * 3600000).toISOString().slice(0, 10);
  const r = await (await as('lanhdao')).get(`/api/v1/stats/indicators?unit=BQL&from=${today}&to=${today}`);
  assert.equal(r.status, 200, r.text);
  const k = (key) => r.json.indicators.find((i) => i.key === key);
  assert.ok(k('766.3.6').denominator >= 1, 'the dossiers with a demand count');
  assert.equal(k('766.3.6').numerator, 0, 'paid at the desk, not online');
  assert.equal(k('766.3.6').rate, 0);
  assert.ok(k('766.3.5').denominator >= 1, 'LD-02 has a confirmed fee');
  assert.equal(k('766.3.5').rate, 0);
});

test('a fee charged per a parameter: the desk gives its value at receipt; bad values name the field', async () => {
  const c = await as('tiepnhan');
  const body = (fee_params) => ({ procedure_code: 'LD-02', applicant: me, components: complete(), fee_params });
  const r = await c.post('/api/v1/dossiers', body({ workers: 3 }));
  assert.equal(r.status, 201, r.text);
  const [d] = (await payments('tiepnhan', r.json.code)).demands;
  assert.deepEqual(d.lines, [{ name: 'Lệ phí cấp giấy phép lao động (× 3)', name_en: 'Work permit fee (× 3)', amount: 1800000 }]);
  assert.equal(d.total, 1800000);
  const before = (await c.get('/api/v1/inbox?per_page=1')).json.total;
  assertError(await c.post('/api/v1/dossiers', body({ workers: 0 })), 400, 'FIELD_RANGE', 'fee_params.workers');
  assertError(await c.post('/api/v1/dossiers', body({ workers: 'ba' })), 400, 'FIELD_TYPE', 'fee_params.workers');
  assertError(await c.post('/api/v1/dossiers', body({ cats: 2 })), 400, 'FIELD_INVALID', 'fee_params.cats');
  assert.equal((await c.get('/api/v1/inbox?per_page=1')).json.total, before, 'refused receipts made nothing');
});

test('record_payment does not resume the clock while the demand is unpaid', async () => {
  const code = await receive();
  await act('tiepnhan', code, 'transfer');
  await act('chuyenvien', code, 'request_payment');
  const r = await (await as('tiepnhan')).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/record_payment`, {});
  assertError(r, 409, 'PAYMENT_NOT_PAID', 'action');
  const d = (await (await as('tiepnhan')).get(`/api/v1/dossiers/${encodeURIComponent(code)}`)).json;
  assert.equal(d.state, 'awaiting_payment', 'still paused');
  assert.ok(!d.history.some((e) => e.action === 'record_payment'));
  assert.equal((await payments('tiepnhan', code)).demands[0].status, 'open');
  // Paid at the desk: the same rule lets the payment resume it.
  assert.equal((await pay('tiepnhan', code, { method: 'cash' })).status, 201);
  const after = (await (await as('tiepnhan')).get(`/api/v1/dossiers/${encodeURIComponent(code)}`)).json;
  assert.equal(after.state, 'in_process');
});

test('an open demand is cancelled, in the history, when its dossier is refused, stopped or withdrawn', async () => {
  const ends = {
    withdraw: async (code) => act('tiepnhan', code, 'withdraw', { note: 'Công dân rút hồ sơ', fee_handling: 'none' }),
    refuse: async (code) => { await act('tiepnhan', code, 'transfer'); return act('truongphong', code, 'refuse', { note: 'Không đủ điều kiện' }); },
    stop: async (code) => {
      await act('tiepnhan', code, 'transfer');
      await act('chuyenvien', code, 'request_payment');
      return act('truongphong', code, 'stop', { note: 'Không nộp phí', legal_basis: 'Khoản 1 Điều 20 Nghị định 61/2018/NĐ-CP', fee_handling: 'none' });
    },
  };
  for (const [action, end] of Object.entries(ends)) {
    const code = await receive();
    await end(code);
    const v = await payments('tiepnhan', code);
    assert.deepEqual(v.demands.map((d) => d.status), ['cancelled'], action);
    const h = await history(code);
    const ev = h.filter((e) => e.action === 'payment_cancelled');
    assert.equal(ev.length, 1, `${action}: ${h.map((e) => e.action)}`);
    assert.deepEqual(ev[0].data, { cause: action, demand: v.demands[0].id, total: 600000 });
    assert.equal(h.at(-1).action, 'payment_cancelled', 'after the action that ended the dossier');
    assertError(await pay('tiepnhan', code, { method: 'cash' }), 409, 'NO_PAYMENT_DUE');
  }
});

test('an exemption the applicant qualifies for: the fee is not demanded, the line shows 0 and the legal basis', async () => {
  const basis = 'Điểm a khoản 2 Điều 5 Nghị quyết 25/2024/NQ-HĐND';
  const who = 'Người lao động nước ngoài làm việc cho dự án ODA';
  const admin = await as('admin');
  const make = async (code, extra) => {
    const p = seedProcedure('LD-02');
    p.fees[0].exemption = { who, basis };
    Object.assign(p, { code, national_code: null, fees: [p.fees[0], ...extra] });
    const c = await admin.post('/api/v1/procedures', p);
    assert.equal(c.status, 201, c.text);
    assert.equal((await admin.post(`/api/v1/procedures/${code}/publish`, { effective_from: '2025-07-01' })).status, 200);
  };
  await make('LD-MG', [{ name: { vi: 'Phí thẩm định hồ sơ', en: 'Appraisal fee' }, amount: 100000, per: null, due: 'receipt', exemption: null, note: null }]);
  await make('LD-MH', []);
  const desk = await as('tiepnhan');
  const body = (procedure_code, fee_exemptions) => ({ procedure_code, applicant: me, components: complete(), fee_params: { workers: 2 }, fee_exemptions });
  const reason = 'Văn bản xác nhận dự án ODA số 12/XN-BKH';

  const r = await desk.post('/api/v1/dossiers', body('LD-MG', [{ fee: 0, reason }]));
  assert.equal(r.status, 201, r.text);
  const [d] = (await payments('tiepnhan', r.json.code)).demands;
  assert.deepEqual(d.lines, [
    { name: 'Lệ phí cấp giấy phép lao động (× 2)', name_en: 'Work permit fee (× 2)', amount: 0, exemption: { basis, reason } },
    { name: 'Phí thẩm định hồ sơ', name_en: 'Appraisal fee', amount: 100000 }]);
  assert.equal(d.total, 100000);
  assert.equal(d.status, 'open');
  const h = await history(r.json.code);
  assert.deepEqual(h.map((e) => e.action), ['receive', 'payment_demanded', 'fee_exempted']);
  assert.deepEqual(h[2].data, { amount: 1200000, basis, demand: d.id, fee: 0, reason });
  const paid = await pay('tiepnhan', r.json.code, { method: 'cash' });
  assert.equal(paid.status, 201, paid.text);
  assert.equal(paid.json.amount, 100000, 'only what is not exempted is collected');

  // Without the declaration the fee is charged as before.
  const full = await desk.post('/api/v1/dossiers', body('LD-MG'));
  assert.equal((await payments('tiepnhan', full.json.code)).demands[0].total, 1300000);

  // Every fee exempted: nothing is owed, the demand is settled as it is
  // made, and the dossier bears no fee for 766.3.6.
  const today = new Date(Date.now() + 7 * 3600000).toISOString().slice(0, 10);
  const feeBearing = async () => (await (await as('lanhdao')).get(`/api/v1/stats/indicators?unit=BQL&from=${today}&to=${today}`))
    .json.indicators.find((i) => i.key === '766.3.6').denominator;
  const bearing = await feeBearing();
  const none = await desk.post('/api/v1/dossiers', body('LD-MH', [{ fee: 0, reason }]));
  assert.equal(none.status, 201, none.text);
  const [z] = (await payments('tiepnhan', none.json.code)).demands;
  assert.equal(z.total, 0);
  assert.equal(z.status, 'paid');
  assertError(await pay('tiepnhan', none.json.code, { method: 'cash' }), 409, 'NO_PAYMENT_DUE');
  assert.equal(await feeBearing(), bearing, 'an exempted dossier bears no fee');
  assert.equal((await desk.post('/api/v1/dossiers', body('LD-MG'))).status, 201);
  assert.equal(await feeBearing(), bearing + 1, 'one that owes does');

  // A fee without an exemption, one declared twice, no such fee, no reason: named, nothing made.
  const before = (await desk.get('/api/v1/inbox?per_page=1')).json.total;
  assertError(await desk.post('/api/v1/dossiers', body('LD-MG', [{ fee: 1, reason }])), 400, 'FIELD_INVALID', 'fee_exemptions[0].fee');
  assertError(await desk.post('/api/v1/dossiers', body('LD-02', [{ fee: 0, reason }])), 400, 'FIELD_INVALID', 'fee_exemptions[0].fee');
  assertError(await desk.post('/api/v1/dossiers', body('LD-MG', [{ fee: 0, reason }, { fee: 0, reason }])), 400, 'FIELD_INVALID', 'fee_exemptions[1].fee');
  assertError(await desk.post('/api/v1/dossiers', body('LD-MG', [{ fee: 5, reason }])), 400, 'FIELD_INVALID', 'fee_exemptions[0].fee');
  assertError(await desk.post('/api/v1/dossiers', body('LD-MG', [{ fee: 0 }])), 400, 'FIELD_MISSING', 'fee_exemptions[0].reason');
  assertError(await desk.post('/api/v1/dossiers', body('LD-MG', [{ fee: 0, reason: '' }])), 400, 'FIELD_MISSING', 'fee_exemptions[0].reason');
  assert.equal((await desk.get('/api/v1/inbox?per_page=1')).json.total, before, 'refused receipts made nothing');
});
