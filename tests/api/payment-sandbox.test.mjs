// The sandbox payment gateway (issue 13) on its own, spoken to as a merchant
// would with a second implementation of VNPAY's signing (tests/lib/vnpay.mjs):
// it opens a signed payment address and refuses an altered one, sends the
// payer back to the return address with a signed outcome, and answers
// querydr and refund signed; with another gateway configured it is off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client, assertError, useServer } from './helpers.mjs';
import { startServer } from '../lib/motcua.mjs';
import {
  SECRET, signedQuery, verifyQuery, pipeHash, vnTime, freePort, sandboxArgs,
  QUERYDR_REQUEST, QUERYDR_ANSWER, REFUND_REQUEST, REFUND_ANSWER,
} from '../lib/vnpay.mjs';

const port = await freePort();
const env = useServer({ args: sandboxArgs(port) });
const RETURN = 'http://127.0.0.1:1/back';

function order(ref, amount = 600000, extra = {}) {
  return {
    vnp_Version: '2.1.0', vnp_Command: 'pay', vnp_TmnCode: 'MOTCUASB', vnp_Amount: amount * 100,
    vnp_CurrCode: 'VND', vnp_TxnRef: ref, vnp_OrderInfo: `Thanh toan ${ref}`, vnp_OrderType: 'other',
    vnp_Locale: 'vn', vnp_ReturnUrl: RETURN, vnp_IpAddr: '127.0.0.1', vnp_CreateDate: vnTime(),
    vnp_ExpireDate: vnTime(Date.now() + 15 * 60e3), ...extra,
  };
}

async function form(c, fields) {
  return c.post('/sandbox/pay/pay', new URLSearchParams(fields).toString(),
    { 'content-type': 'application/x-www-form-urlencoded' });
}

async function api(c, fields, kind) {
  const body = { ...fields };
  body.vnp_SecureHash = pipeHash(body, kind);
  return c.post('/sandbox/pay/api/transaction', body);
}

test('a signed payment address opens the order; an altered one is refused and records nothing', async () => {
  const c = new Client(env.base);
  const r = await c.get(`/sandbox/pay/vpcpay.html?${signedQuery(order('SB1'))}`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /600\.000 đồng/);
  assert.match(r.text, /id="sandbox-pay"/);
  const o = await c.get('/sandbox/pay/orders/SB1');
  assert.equal(o.status, 200);
  assert.equal(o.json.amount, 600000);
  assert.equal(o.json.status, 'open');

  // The amount changed after signing; a signature under another secret; a
  // foreign terminal; no signature at all.
  const q = signedQuery(order('SB2')).replace('vnp_Amount=60000000', 'vnp_Amount=100');
  for (const bad of [q, signedQuery(order('SB2'), 'another-secret'),
    signedQuery(order('SB2', 600000, { vnp_TmnCode: 'OTHER' })),
    signedQuery(order('SB2')).replace(/&vnp_SecureHash=.*/, '')]) {
    const b = await c.get(`/sandbox/pay/vpcpay.html?${bad}`);
    assert.equal(b.status, 400, bad);
    assert.match(b.text, /id="sandbox-error"/);
  }
  assertError(await c.get('/sandbox/pay/orders/SB2'), 404, 'GATEWAY_ORDER_NOT_FOUND');
  // Signed, but a wrong amount or version.
  const odd = await c.get(`/sandbox/pay/vpcpay.html?${signedQuery(order('SB3', 600000, { vnp_Amount: '150' }))}`);
  assert.equal(odd.status, 400);
  assert.match(odd.text, /vnp_Amount/);
  const v = await c.get(`/sandbox/pay/vpcpay.html?${signedQuery(order('SB3', 600000, { vnp_Version: '2.0.0' }))}`);
  assert.match(v.text, /vnp_Version/);
});

test('the payer fails: back to the return address with a signed outcome; the order is closed', async () => {
  const c = new Client(env.base);
  const address = `/sandbox/pay/vpcpay.html?${signedQuery(order('SB4', 35000))}`;
  const open = await c.get(address);
  assert.equal(open.status, 200);
  assert.doesNotMatch(open.text, /id="sandbox-back"/, 'no way back while the order is open');
  const r = await form(c, { vnp_TxnRef: 'SB4', vnp_Outcome: 'failed', vnp_Ipn: 'none' });
  assert.equal(r.status, 303, r.text);
  const loc = new URL(r.headers.get('location'));
  assert.equal(loc.origin + loc.pathname, RETURN);
  assert.ok(verifyQuery(loc.search.slice(1)), 'the return query is signed');
  assert.equal(loc.searchParams.get('vnp_ResponseCode'), '24');
  assert.equal(loc.searchParams.get('vnp_Amount'), '3500000');
  assert.equal(loc.searchParams.get('vnp_TxnRef'), 'SB4');
  // The browser's Back button opens the payment address again: the page
  // says the order is processed and links to the same signed return.
  const back = await c.get(address);
  assert.equal(back.status, 200);
  assert.match(back.text, /id="sandbox-closed"/);
  const href = back.text.match(/<a [^>]*id="sandbox-back" href="([^"]*)"[^>]*>([^<]*)/);
  assert.ok(href, 'a link back to the merchant');
  assert.match(href[2], /Quay lại trang hồ sơ/);
  assert.equal(href[1].replaceAll('&amp;', '&'), r.headers.get('location'));
  // A second choice for the same order is refused.
  const again = await form(c, { vnp_TxnRef: 'SB4', vnp_Outcome: 'paid', vnp_Ipn: 'none' });
  assert.equal(again.status, 409);
  assert.equal((await c.get('/sandbox/pay/orders/SB4')).json.status, 'failed');
  // A form without a choice.
  assertError(await form(c, { vnp_TxnRef: 'SB4', vnp_Outcome: 'maybe', vnp_Ipn: 'none' }), 400,
    'GATEWAY_REQUEST_INVALID', 'vnp_Outcome');
});

test('querydr and refund: signed requests get signed answers; a bad signature gets 97', async () => {
  const c = new Client(env.base);
  const created = vnTime();
  assert.equal((await c.get(`/sandbox/pay/vpcpay.html?${signedQuery(order('SB5', 200000))}`)).status, 200);
  const q = {
    vnp_RequestId: 'r1', vnp_Version: '2.1.0', vnp_Command: 'querydr', vnp_TmnCode: 'MOTCUASB',
    vnp_TxnRef: 'SB5', vnp_TransactionDate: created, vnp_CreateDate: vnTime(), vnp_IpAddr: '127.0.0.1',
    vnp_OrderInfo: 'Truy van SB5',
  };
  let a = await api(c, q, QUERYDR_REQUEST);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.vnp_ResponseCode, '00');
  assert.equal(a.json.vnp_TransactionStatus, '01', 'not finished yet');
  assert.equal(a.json.vnp_SecureHash, pipeHash(a.json, QUERYDR_ANSWER));

  // "Silent": paid at the gateway, nobody told; querydr knows.
  const s = await form(c, { vnp_TxnRef: 'SB5', vnp_Outcome: 'silent', vnp_Ipn: 'once' });
  assert.equal(s.status, 200);
  assert.match(s.text, /id="sandbox-silent"/);
  a = await api(c, { ...q, vnp_RequestId: 'r2' }, QUERYDR_REQUEST);
  assert.equal(a.json.vnp_TransactionStatus, '00');
  assert.equal(a.json.vnp_Amount, '20000000');
  assert.ok(Number(a.json.vnp_TransactionNo) > 0);
  assert.equal((await c.get('/sandbox/pay/orders/SB5')).json.ipn_log, '', 'no IPN was sent');

  const bad = await c.post('/sandbox/pay/api/transaction', { ...q, vnp_SecureHash: 'ab'.repeat(64) });
  assert.equal(bad.json.vnp_ResponseCode, '97');
  const unknown = await api(c, { ...q, vnp_TxnRef: 'NOPE' }, QUERYDR_REQUEST);
  assert.equal(unknown.json.vnp_ResponseCode, '91');

  const refund = {
    vnp_RequestId: 'r3', vnp_Version: '2.1.0', vnp_Command: 'refund', vnp_TmnCode: 'MOTCUASB',
    vnp_TransactionType: '02', vnp_TxnRef: 'SB5', vnp_Amount: '20000000', vnp_TransactionNo: a.json.vnp_TransactionNo,
    vnp_TransactionDate: created, vnp_CreateBy: 'test', vnp_CreateDate: vnTime(), vnp_IpAddr: '127.0.0.1',
    vnp_OrderInfo: 'Hoan tien SB5',
  };
  const partial = await api(c, { ...refund, vnp_Amount: '100' }, REFUND_REQUEST);
  assert.equal(partial.json.vnp_ResponseCode, '02');
  const ok = await api(c, refund, REFUND_REQUEST);
  assert.equal(ok.json.vnp_ResponseCode, '00');
  assert.equal(ok.json.vnp_SecureHash, pipeHash(ok.json, REFUND_ANSWER));
  assert.equal((await c.get('/sandbox/pay/orders/SB5')).json.status, 'refunded');
  const twice = await api(c, { ...refund, vnp_RequestId: 'r4' }, REFUND_REQUEST);
  assert.equal(twice.json.vnp_ResponseCode, '95');
});

test('with payment.gateway = none the sandbox is off', async () => {
  const s = await startServer({ args: ['--payment.gateway', 'none', '--payment.vnpay.secret', SECRET] });
  try {
    const c = new Client(s.base);
    assertError(await c.get(`/sandbox/pay/vpcpay.html?${signedQuery(order('SB6'))}`), 404, 'SANDBOX_OFF');
    assertError(await c.get('/sandbox/pay/orders/SB6'), 404, 'SANDBOX_OFF');
  } finally {
    await s.stop();
  }
});

test('config show masks the merchant secret', () => {
  const out = execFileSync(process.env.MOTCUA_BIN || 'build/motcua',
    ['config', 'show', '--payment.gateway', 'vnpay', '--payment.vnpay.secret', 'VNPAY-HASH-SECRET-42'], { encoding: 'utf8' });
  assert.match(out, /^payment\.vnpay\.secret = \*{8}/m);
  assert.ok(!out.includes('VNPAY-HASH-SECRET-42'), 'the secret is not printed');
});
