// Online payment through the sandbox gateway over HTTP (issue 13): the
// owner starts a payment, the payer's browser goes to the gateway's page
// and chooses, the gateway calls motcua's IPN (once, twice, late, never) and
// sends the browser back; the reconciler of `motcua worker` asks querydr
// about what is still pending, also after a kill -9; forged, altered and
// unknown IPNs change nothing; the return address alone never marks paid;
// the fee of a refused dossier is refunded. The messages the test forges are
// signed by a second implementation of VNPAY's rules (tests/lib/vnpay.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { useServer, loggedIn, Client, seedProcedure, until, sandboxChoose } from './helpers.mjs';
import { startServer } from '../lib/motcua.mjs';
import { signedQuery, verifyQuery, freePort, sandboxArgs } from '../lib/vnpay.mjs';

const BIN = process.env.MOTCUA_BIN || 'build/motcua';
const port = await freePort();
// A late IPN comes 20 s after the payer's choice (sandboxArgs: 3 s): the
// reconciler's round must come first, and two worker processes started
// under load took more than 3 s.
const LATE = ['--payment.sandbox_late_seconds', '20'];
const env = useServer({ args: [...sandboxArgs(port), '--testing.clock_api', 'true', ...LATE] });
const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));

let clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}

async function receive() {
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: complete() });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}

const enc = encodeURIComponent;
async function view(code) {
  const r = await (await as('congdan')).get(`/api/v1/dossiers/${enc(code)}/payments`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const paymentOf = async (code, ref) => (await view(code)).payments.find((p) => p.txn_ref === ref);

/** A received dossier and its owner's online payment: { code, pay }. */
async function started() {
  const code = await receive();
  const r = await (await as('congdan')).post(`/api/v1/dossiers/${enc(code)}/payments`, { method: 'online' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'pending');
  assert.equal(r.json.amount, 600000);
  assert.ok(r.json.payment_url.startsWith(`http://127.0.0.1:${port}/sandbox/pay/vpcpay.html?`), r.json.payment_url);
  assert.ok(verifyQuery(new URL(r.json.payment_url).search.slice(1)), 'the payment address is signed as VNPAY signs');
  const u = new URL(r.json.payment_url).searchParams;
  assert.equal(u.get('vnp_Amount'), '60000000');
  assert.equal(u.get('vnp_TxnRef'), r.json.txn_ref);
  assert.match(u.get('vnp_CreateDate'), /^\d{14}$/);
  return { code, pay: r.json };
}

/** The payer on the gateway's page: opens it, chooses; the reply of the choice. */
const choose = (pay, outcome, ipn) => sandboxChoose(env.base, pay, outcome, ipn);

const order = async (ref) => (await new Client(env.base).get(`/sandbox/pay/orders/${enc(ref)}`)).json;

/** One round of `motcua worker` minutes from now, against the server's database and gateway. */
function workerRound(minutes = 25, db = env.server.db.url) {
  const out = execFileSync(BIN, ['worker', '--once', '--db', db, ...sandboxArgs(port), '--testing.clock_api', 'true',
    '--now', String(Date.now() + minutes * 60e3)], { encoding: 'utf8', timeout: 60000 });
  const m = out.match(/payments settled (\d+), refunded (\d+), gateway errors (\d+)/);
  assert.ok(m, out);
  return { settled: Number(m[1]), refunded: Number(m[2]), errors: Number(m[3]) };
}

async function ipn(query) {
  const r = await new Client(env.base).get(`/api/v1/payments/vnpay/ipn?${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json.RspCode;
}
const events = async (code, action) =>
  (await (await as('tiepnhan')).get(`/api/v1/dossiers/${enc(code)}`)).json.history.filter((e) => e.action === action);

test('paid: the IPN confirms once, the browser comes back to the dossier, the receipt exists', async () => {
  const { code, pay } = await started();
  const r = await choose(pay, 'paid', 'once');
  assert.equal(r.status, 303);
  const back = new URL(r.headers.get('location'));
  assert.equal(back.pathname, '/api/v1/payments/vnpay/return');
  const ret = await new Client(env.base).get(back.pathname + back.search);
  assert.equal(ret.status, 303);
  assert.equal(ret.headers.get('location'), `/#/dossiers/${enc(code)}?payment=paid&ref=${pay.txn_ref}`);
  const p = await until('paid', async () => { const x = await paymentOf(code, pay.txn_ref); return x.status === 'paid' && x; });
  assert.equal(p.amount, 600000);
  assert.equal(p.gateway_txn, String((await order(pay.txn_ref)).transaction_no));
  assert.ok(p.receipt && p.receipt.number >= 1);
  assert.equal((await until('the IPN log', async () => (await order(pay.txn_ref)).ipn_log)), '00');
  assert.equal((await view(code)).demands[0].status, 'paid');
  assert.equal((await events(code, 'payment_paid')).length, 1);
});

test('failed: the IPN records the failure; the demand stays open for another try', async () => {
  const { code, pay } = await started();
  const r = await choose(pay, 'failed', 'once');
  const ret = await new Client(env.base).get(new URL(r.headers.get('location')).pathname + new URL(r.headers.get('location')).search);
  assert.match(ret.headers.get('location'), /\?payment=failed&/);
  await until('failed', async () => (await paymentOf(code, pay.txn_ref)).status === 'failed');
  assert.equal((await view(code)).demands[0].status, 'open');
  assert.equal(await until('the IPN log', async () => (await order(pay.txn_ref)).ipn_log), '00');
});

test('a duplicate IPN confirms once (02 the second time)', async () => {
  const { code, pay } = await started();
  await choose(pay, 'paid', 'twice');
  assert.equal(await until('two IPNs', async () => { const l = (await order(pay.txn_ref)).ipn_log; return l.includes(',') && l; }), '00,02');
  assert.equal((await paymentOf(code, pay.txn_ref)).status, 'paid');
  assert.equal((await events(code, 'payment_paid')).length, 1);
});

test('no IPN: the reconciler asks querydr and settles; a late IPN then gets 02', async () => {
  const silent = await started();
  const s = await choose(silent.pay, 'silent', 'none');
  assert.equal(s.status, 200);
  const late = await started();
  await choose(late.pay, 'paid', 'late');
  // The reconciler leaves a payment younger than payment.reconcile_minutes alone.
  assert.equal(workerRound(1).settled, 0);
  assert.equal((await paymentOf(silent.code, silent.pay.txn_ref)).status, 'pending');
  const w = workerRound(25);
  assert.ok(w.settled >= 2, `${JSON.stringify(w)}; the late IPN: ${(await order(late.pay.txn_ref)).ipn_log || 'none yet'}`);
  assert.equal((await paymentOf(silent.code, silent.pay.txn_ref)).status, 'paid');
  assert.equal((await paymentOf(late.code, late.pay.txn_ref)).status, 'paid');
  assert.equal(await until('the late IPN', async () => (await order(late.pay.txn_ref)).ipn_log, 40000), '02');
  assert.equal((await events(late.code, 'payment_paid')).length, 1);
  assert.equal(workerRound(30).settled, 0, 'nothing is left to settle');
});

test('forged, altered, wrong-amount and unknown IPNs; the return address alone never marks paid', async () => {
  const { code, pay } = await started();
  // What the gateway would send for this payment, signed right.
  const good = {
    vnp_Amount: '60000000', vnp_BankCode: 'NCB', vnp_OrderInfo: 'x', vnp_PayDate: '20261206220000',
    vnp_ResponseCode: '00', vnp_TmnCode: 'MOTCUASB', vnp_TransactionNo: '999', vnp_TransactionStatus: '00',
    vnp_TxnRef: pay.txn_ref,
  };
  const altered = signedQuery(good).replace('vnp_Amount=60000000', 'vnp_Amount=100');
  assert.equal(await ipn(altered), '97');
  assert.equal(await ipn(signedQuery(good, 'not-the-secret')), '97');
  assert.equal(await ipn(signedQuery(good).replace(/&vnp_SecureHash=.*/, '')), '97');
  assert.equal(await ipn(signedQuery({ ...good, vnp_TmnCode: 'OTHER' })), '97');
  assert.equal(await ipn(signedQuery({ ...good, vnp_TxnRef: 'MC0T0' })), '01');
  // The browser's return with a good signature shows "paid" but changes nothing.
  const ret = await new Client(env.base).get(`/api/v1/payments/vnpay/return?${signedQuery(good)}`);
  assert.equal(ret.status, 303);
  assert.equal((await paymentOf(code, pay.txn_ref)).status, 'pending');
  const forgedReturn = await new Client(env.base).get(`/api/v1/payments/vnpay/return?${altered}`);
  assert.match(forgedReturn.headers.get('location'), /payment=invalid/);
  // Signed, but for 1.000 đồng: refused and flagged; still pending.
  assert.equal(await ipn(signedQuery({ ...good, vnp_Amount: '100000' })), '04');
  assert.equal((await paymentOf(code, pay.txn_ref)).status, 'pending');
  // Oversized and malformed queries.
  assert.equal(await ipn(`vnp_TxnRef=${'x'.repeat(600)}`), '99');
  assert.equal(await ipn('vnp_Bad-Name=1'), '99');
  // The right one confirms; it again is 02.
  assert.equal(await ipn(signedQuery(good)), '00');
  assert.equal(await ipn(signedQuery(good)), '02');
  const p = await paymentOf(code, pay.txn_ref);
  assert.equal(p.status, 'paid');
  assert.equal(p.gateway_txn, '999');
});

test('ten IPNs at once: exactly one confirms, one payment_paid event', async () => {
  const { code, pay } = await started();
  const q = signedQuery({
    vnp_Amount: '60000000', vnp_ResponseCode: '00', vnp_TmnCode: 'MOTCUASB', vnp_TransactionNo: '4242',
    vnp_TransactionStatus: '00', vnp_TxnRef: pay.txn_ref, vnp_PayDate: '20261206220000',
  });
  const codes = await Promise.all(Array.from({ length: 10 }, () => ipn(q)));
  assert.deepEqual(codes.sort(), ['00', ...Array(9).fill('02')]);
  assert.equal((await events(code, 'payment_paid')).length, 1);
});

test('the fee of a refused dossier is refunded through the gateway', async () => {
  const { code, pay } = await started();
  await choose(pay, 'paid', 'once');
  await until('paid', async () => (await paymentOf(code, pay.txn_ref)).status === 'paid');
  const r = await (await as('tiepnhan')).post(`/api/v1/dossiers/${enc(code)}/actions/refuse`, { note: 'Không thuộc thẩm quyền' });
  assert.equal(r.status, 200, r.text);
  const w = workerRound(1);
  assert.equal(w.refunded, 1, JSON.stringify(w));
  assert.equal((await paymentOf(code, pay.txn_ref)).status, 'refunded');
  assert.equal((await order(pay.txn_ref)).status, 'refunded');
  assert.equal(workerRound(2).refunded, 0, 'refunded once');
});

test('a payment that settles after its demand was cancelled is refunded once, by the worker (IPN or reconciler)', async () => {
  // Withdrawn with no refund of the fee: only the late payment goes back.
  const withdraw = async (code) => {
    const r = await (await as('tiepnhan')).post(`/api/v1/dossiers/${enc(code)}/actions/withdraw`, { note: 'Công dân rút hồ sơ' });
    assert.equal(r.status, 200, r.text);
    assert.equal((await view(code)).demands[0].status, 'cancelled');
  };
  const byIpn = await started();
  const byQuery = await started();
  await withdraw(byIpn.code);
  await withdraw(byQuery.code);
  await choose(byIpn.pay, 'paid', 'once'); // the payer was still on the gateway's page
  await choose(byQuery.pay, 'silent', 'none');
  await until('paid', async () => (await paymentOf(byIpn.code, byIpn.pay.txn_ref)).status === 'paid');
  // The office's list says why it goes back.
  const today = new Date(Date.now() + 7 * 3600000).toISOString().slice(0, 10);
  const office = async (ref) => (await (await as('vanphong')).get(`/api/v1/payments?date=${today}`)).json.payments.find((x) => x.txn_ref === ref);
  assert.equal((await office(byIpn.pay.txn_ref)).flag, 'demand_cancelled');
  // One round settles the silent one from querydr and refunds both.
  const w = workerRound(25);
  assert.ok(w.refunded >= 2, JSON.stringify(w));
  for (const x of [byIpn, byQuery]) {
    const q = await paymentOf(x.code, x.pay.txn_ref);
    assert.equal(q.status, 'refunded', JSON.stringify(q));
    assert.equal((await office(x.pay.txn_ref)).flag, 'demand_cancelled');
    assert.equal((await order(x.pay.txn_ref)).status, 'refunded');
    const ev = await events(x.code, 'payment_refunded');
    assert.equal(ev.length, 1);
  }
  assert.equal(workerRound(30).refunded, 0, 'refunded once');
  for (const x of [byIpn, byQuery]) assert.equal((await events(x.code, 'payment_refunded')).length, 1);
});

test('kill -9 after the gateway took the money: the restarted server\'s reconciler settles it', async () => {
  const { code, pay } = await started();
  await choose(pay, 'paid', 'late'); // the IPN would come in 20 s; the server dies first
  await env.server.kill('SIGKILL');
  const db = env.server.db;
  env.server = await startServer({ db, args: [...sandboxArgs(port), '--testing.clock_api', 'true', ...LATE] });
  env.base = env.server.base;
  clients = {};
  assert.equal((await paymentOf(code, pay.txn_ref)).status, 'pending');
  assert.equal(workerRound(25).settled >= 1, true);
  assert.equal((await paymentOf(code, pay.txn_ref)).status, 'paid');
});
