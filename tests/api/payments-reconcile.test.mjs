// The office's reconciliation of online payments with the gateway (issue 13,
// item 7), over HTTP through the sandbox gateway: for a day, each online
// payment with motcua's state beside the gateway's answer to querydr, the
// mismatches flagged (paid at the gateway but pending here, failed there,
// a wrong amount reported by an IPN: VNPAY 04), and the office settling a
// pending one from the gateway's answer, exactly once; the office's refund
// of a paid fee of a refused or stopped dossier, and the back-off of a
// refund the gateway refuses; the office and the administrator only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { useServer, loggedIn, Client, seedProcedure, assertError, until, sandboxChoose } from './helpers.mjs';
import { signedQuery, freePort, sandboxArgs, pipeHash, vnTime, REFUND_REQUEST } from '../lib/vnpay.mjs';

const port = await freePort();
const env = useServer({ args: sandboxArgs(port) });
const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
const enc = encodeURIComponent;
const today = () => new Date(Date.now() + 7 * 3600000).toISOString().slice(0, 10);

const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}

/** A received dossier and its owner's online payment (pending). */
async function started() {
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: complete() });
  assert.equal(r.status, 201, r.text);
  const p = await (await as('congdan')).post(`/api/v1/dossiers/${enc(r.json.code)}/payments`, { method: 'online' });
  assert.equal(p.status, 201, p.text);
  return { code: r.json.code, pay: p.json };
}

/** The payer chooses on the sandbox's page (outcome paid|failed|silent; IPN once|none). */
async function choose(pay, outcome, ipn) {
  const r = await sandboxChoose(env.base, pay, outcome, ipn);
  assert.ok(r.status === 303 || r.status === 200, r.text);
}

const view = async (code) => (await (await as('congdan')).get(`/api/v1/dossiers/${enc(code)}/payments`)).json;
const reconcile = async (user = 'vanphong') => {
  const r = await (await as(user)).get(`/api/v1/payments/reconciliation?date=${today()}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const rowOf = (rec, pay) => rec.payments.find((p) => p.txn_ref === pay.txn_ref);
const settle = async (id, user = 'vanphong') => (await as(user)).post(`/api/v1/payments/${id}/settle`, {});

test('the day\'s online payments beside the gateway\'s answer, mismatches flagged; the office settles from the gateway', async () => {
  const ok = await started();
  await choose(ok.pay, 'paid', 'once');
  await until('paid', async () => (await view(ok.code)).payments[0].status === 'paid');
  const silent = await started(); // paid at the gateway, no IPN ever
  await choose(silent.pay, 'silent', 'none');
  const gone = await started(); // failed at the gateway, no IPN
  await choose(gone.pay, 'failed', 'none');
  const waiting = await started(); // the payer opened the gateway's page, never chose
  assert.equal((await new Client(env.base).get(waiting.pay.payment_url.slice(env.base.length))).status, 200);
  const away = await started(); // the payer never reached the gateway
  const wrong = await started(); // an IPN that reports 1.000 đồng (VNPAY 04)
  const ipn = await new Client(env.base).get(`/api/v1/payments/vnpay/ipn?${signedQuery({
    vnp_Amount: '100000', vnp_ResponseCode: '00', vnp_TmnCode: 'MOTCUASB', vnp_TransactionNo: '777',
    vnp_TransactionStatus: '00', vnp_TxnRef: wrong.pay.txn_ref, vnp_PayDate: '20261206220000' })}`);
  assert.equal(ipn.json.RspCode, '04');

  const rec = await reconcile();
  assert.equal(rec.date, today());
  const r = (x) => rowOf(rec, x.pay);
  assert.equal(r(ok).status, 'paid');
  assert.equal(r(ok).gateway.state, 'paid');
  assert.equal(r(ok).gateway.amount, 600000);
  assert.equal(r(ok).gateway.transaction_no, r(ok).gateway_txn);
  assert.equal(r(ok).mismatch, null);
  assert.equal(r(silent).status, 'pending');
  assert.equal(r(silent).gateway.state, 'paid');
  assert.equal(r(silent).mismatch, 'paid_at_gateway');
  assert.equal(r(gone).mismatch, 'failed_at_gateway');
  assert.equal(r(waiting).gateway.state, 'pending');
  assert.equal(r(waiting).mismatch, null);
  assert.equal(r(away).gateway.state, 'not_found');
  assert.equal(r(away).mismatch, null, 'not yet at the gateway: not a mismatch');
  assert.equal(r(wrong).flag, 'amount_mismatch');
  assert.equal(r(wrong).mismatch, 'amount');
  assert.equal(rec.mismatches, rec.payments.filter((p) => p.mismatch).length);
  assert.ok(rec.mismatches >= 3);
  assert.ok(rec.payments.every((p) => p.method === 'online'));

  // Settled from the gateway's answer: paid with its receipt, once.
  const s = await settle(r(silent).id);
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.status, 'paid');
  assert.ok(s.json.receipt, s.text);
  assert.equal((await view(silent.code)).demands[0].status, 'paid');
  const h = (await (await as('tiepnhan')).get(`/api/v1/dossiers/${enc(silent.code)}`)).json.history;
  assert.equal(h.filter((e) => e.action === 'payment_paid').length, 1);
  assertError(await settle(r(silent).id), 409, 'PAYMENT_NOT_PENDING');
  const f = await settle(r(gone).id, 'admin');
  assert.equal(f.status, 200, f.text);
  assert.equal(f.json.status, 'failed');
  assert.equal((await view(gone.code)).demands[0].status, 'open', 'the applicant may try again');
  // The gateway has no final word yet: nothing changes.
  assertError(await settle(r(waiting).id), 409, 'PAYMENT_GATEWAY_UNSETTLED');
  assert.equal((await view(waiting.code)).payments[0].status, 'pending');
  assertError(await settle(999999), 404, 'PAYMENT_NOT_FOUND');
  // A desk payment is not the gateway's.
  const desk = await (await as('tiepnhan')).post(`/api/v1/dossiers/${enc(waiting.code)}/payments`, { method: 'cash' });
  assert.equal(desk.status, 201, desk.text);
  assertError(await settle(desk.json.id), 409, 'PAYMENT_NOT_PENDING');

  const again = await reconcile('admin');
  assert.equal(rowOf(again, silent.pay).mismatch, null);
  assert.equal(rowOf(again, gone.pay).status, 'failed');
  assert.equal(rowOf(again, gone.pay).mismatch, null);
});

test('the office and the administrator only; a bad date is named', async () => {
  for (const user of ['tiepnhan', 'chuyenvien', 'lanhdao', 'congdan']) {
    assertError(await (await as(user)).get(`/api/v1/payments/reconciliation?date=${today()}`), 403, 'FORBIDDEN');
    assertError(await settle(1, user), 403, 'FORBIDDEN');
  }
  assertError(await (await as('vanphong')).get('/api/v1/payments/reconciliation?date=2026-02-30'), 400, 'BAD_QUERY', 'date');
  assertError(await (await as('vanphong')).get('/api/v1/payments/reconciliation'), 400, 'BAD_QUERY', 'date');
});

/** One round of `motcua worker` minutes from now, against the server's database and gateway. */
function workerRound(minutes) {
  const out = execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['worker', '--once', '--db', env.server.db.url,
    ...sandboxArgs(port), '--testing.clock_api', 'true', '--now', String(Date.now() + minutes * 60e3)], { encoding: 'utf8', timeout: 60000 });
  const m = out.match(/payments settled (\d+), refunded (\d+), gateway errors (\d+)/);
  assert.ok(m, out);
  return { settled: Number(m[1]), refunded: Number(m[2]), errors: Number(m[3]) };
}
const refund = async (id, user = 'vanphong') => (await as(user)).post(`/api/v1/payments/${id}/refund`, {});
const act = async (user, code, action, body = {}) => {
  const r = await (await as(user)).post(`/api/v1/dossiers/${enc(code)}/actions/${action}`, body);
  assert.equal(r.status, 200, `${action}: ${r.text}`);
};
const refuse = async (code) => act('tiepnhan', code, 'refuse', { note: 'Không thuộc thẩm quyền' });
async function paidOnline() {
  const s = await started();
  await choose(s.pay, 'paid', 'once');
  const p = await until('paid', async () => (await view(s.code)).payments.find((x) => x.status === 'paid'));
  return { ...s, id: p.id };
}

test('the office refunds a paid fee of a refused dossier: at the gateway, or handed back at the desk', async () => {
  // Online: through the gateway, once.
  const on = await paidOnline();
  assertError(await refund(on.id), 409, 'PAYMENT_NOT_REFUNDABLE', 'id'); // still in process
  await refuse(on.code);
  const r = await refund(on.id);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'refunded');
  assert.equal((await new Client(env.base).get(`/sandbox/pay/orders/${enc(on.pay.txn_ref)}`)).json.status, 'refunded');
  const h = (await (await as('tiepnhan')).get(`/api/v1/dossiers/${enc(on.code)}`)).json.history;
  assert.equal(h.filter((e) => e.action === 'payment_refunded').length, 1);
  assertError(await refund(on.id), 409, 'PAYMENT_NOT_REFUNDABLE', 'id');
  // At the desk: recorded as handed back.
  const desk = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: complete() });
  const cash = await (await as('tiepnhan')).post(`/api/v1/dossiers/${enc(desk.json.code)}/payments`, { method: 'cash' });
  assert.equal(cash.status, 201, cash.text);
  await act('tiepnhan', desk.json.code, 'transfer');
  await act('truongphong', desk.json.code, 'stop', { note: 'Dừng xử lý', legal_basis: 'Điều 20 Nghị định 61/2018/NĐ-CP', fee_handling: 'refund' });
  for (const user of ['tiepnhan', 'lanhdao']) assertError(await refund(cash.json.id, user), 403, 'FORBIDDEN');
  const c = await refund(cash.json.id, 'admin');
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.status, 'refunded');
  assertError(await refund(999999), 404, 'PAYMENT_NOT_FOUND');
});

test('a refund the gateway refuses is asked again after a back-off that doubles, not at every round', async () => {
  const { code, pay, id } = await paidOnline();
  // The money went back at the gateway behind motcua's back: the gateway
  // now refuses to refund it again (95), and keeps refusing.
  const order = (await new Client(env.base).get(`/sandbox/pay/orders/${enc(pay.txn_ref)}`)).json;
  const q = {
    vnp_RequestId: 'bk1', vnp_Version: '2.1.0', vnp_Command: 'refund', vnp_TmnCode: 'MOTCUASB',
    vnp_TransactionType: '02', vnp_TxnRef: pay.txn_ref, vnp_Amount: '60000000', vnp_TransactionNo: String(order.transaction_no),
    vnp_TransactionDate: new URL(pay.payment_url).searchParams.get('vnp_CreateDate'), vnp_CreateBy: 'test',
    vnp_CreateDate: vnTime(), vnp_IpAddr: '127.0.0.1', vnp_OrderInfo: 'Hoan tien',
  };
  const direct = await new Client(env.base).post('/sandbox/pay/api/transaction', { ...q, vnp_SecureHash: pipeHash(q, REFUND_REQUEST) });
  assert.equal(direct.json.vnp_ResponseCode, '00', direct.text);
  await refuse(code);
  assertError(await refund(id), 502, 'PAYMENT_REFUND_REFUSED');
  // payment.refund_backoff_minutes = 30 (the default): not before.
  assert.deepEqual(workerRound(1), { settled: 0, refunded: 0, errors: 0 }, 'waits its back-off');
  assert.equal(workerRound(31).errors, 1, 'asked again after 30 minutes');
  assert.equal(workerRound(60).errors, 0, 'then waits twice as long');
  assert.equal(workerRound(95).errors, 1);
  assert.equal((await view(code)).payments[0].status, 'paid', 'never marked refunded without the gateway');
});

test('the fee goes back as chosen when the dossier was withdrawn or stopped: refund yes, no_refund never', async () => {
  const back = await paidOnline(); // withdrawn, fee refunded
  await act('tiepnhan', back.code, 'withdraw', { note: 'Công dân rút hồ sơ', fee_handling: 'refund' });
  const kept = await paidOnline(); // withdrawn, fee not refunded
  await act('tiepnhan', kept.code, 'withdraw', { note: 'Công dân rút hồ sơ', fee_handling: 'no_refund' });
  const stopped = await paidOnline(); // stopped, fee not refunded
  await act('tiepnhan', stopped.code, 'transfer');
  await act('truongphong', stopped.code, 'stop', { note: 'Dừng xử lý', legal_basis: 'Điều 20 Nghị định 61/2018/NĐ-CP', fee_handling: 'no_refund' });
  workerRound(1);
  const status = async (x) => (await view(x.code)).payments.find((p) => p.id === x.id).status;
  assert.equal(await status(back), 'refunded', 'withdrawn with the fee refunded: the worker refunds it');
  assert.equal(await status(kept), 'paid', 'withdrawn with no refund: kept');
  assert.equal(await status(stopped), 'paid', 'stopped with no refund: kept');
  for (const x of [kept, stopped]) assertError(await refund(x.id), 409, 'PAYMENT_NOT_REFUNDABLE', 'id');
  // At the desk: the office hands back the fee of a dossier withdrawn with a refund.
  const desk = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: complete() });
  const cash = await (await as('tiepnhan')).post(`/api/v1/dossiers/${enc(desk.json.code)}/payments`, { method: 'cash' });
  assert.equal(cash.status, 201, cash.text);
  await act('tiepnhan', desk.json.code, 'withdraw', { note: 'Công dân rút hồ sơ', fee_handling: 'refund' });
  const c = await refund(cash.json.id);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.status, 'refunded');
});
