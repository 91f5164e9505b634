// The office's reconciliation page in Chromium (issue 13): a payment the
// sandbox gateway took without ever calling the IPN shows as paid at the
// gateway but pending here, marked; the office settles it from the
// gateway's answer with one button, and the row then agrees. The office
// refunds the fee of a refused dossier from its page, after confirming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, shot, finish, logIn, Client } from './helpers.mjs';
import { seedProcedure } from '../api/helpers.mjs';
import { freePort, sandboxArgs } from '../lib/vnpay.mjs';

const port = await freePort();
const env = useServerAndBrowser({ args: sandboxArgs(port) });
const LD02 = seedProcedure('LD-02');

/** A received dossier whose owner paid online at the gateway, which never told motcua. */
async function paidSilently() {
  const desk = new Client(env.base);
  assert.equal((await desk.login('tiepnhan')).status, 200);
  const r = await desk.post('/api/v1/dossiers', {
    procedure_code: 'LD-02',
    applicant: { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' },
    components: LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' })),
  });
  assert.equal(r.status, 201, r.text);
  const owner = new Client(env.base);
  assert.equal((await owner.login('congdan')).status, 200);
  const pay = (await owner.post(`/api/v1/dossiers/${encodeURIComponent(r.json.code)}/payments`, { method: 'online' })).json;
  const payer = new Client(env.base);
  assert.equal((await payer.get(pay.payment_url.slice(env.base.length))).status, 200);
  const c = await payer.post('/sandbox/pay/pay', new URLSearchParams({ vnp_TxnRef: pay.txn_ref, vnp_Outcome: 'silent', vnp_Ipn: 'none' }).toString(),
    { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(c.status, 200, c.text);
  return { code: r.json.code, pay };
}

test('the office sees the gateway\'s word beside motcua\'s and settles a pending payment from it', async () => {
  const { pay } = await paidSilently();
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'vanphong');
  await go(page, env.base, '#/payments-day');
  await page.click('#payday-reconcile');
  await page.waitForSelector('#recon-body[data-loaded="true"]');
  const row = page.locator(`#recon-list tr[data-ref="${pay.txn_ref}"]`);
  assert.equal(await row.getAttribute('data-mismatch'), 'paid_at_gateway');
  assert.match(await row.innerText(), /Đang chờ kết quả/);
  assert.match(await row.locator('.recon-gateway').innerText(), /Đã thanh toán/);
  assert.match(await row.innerText(), /Cổng đã thu, hệ thống chưa ghi nhận/);
  assert.match(await page.textContent('#recon-summary'), /1 khoản chênh lệch/);
  await shot(page, 'payments-reconcile');
  await row.locator('button.recon-settle').click();
  await page.waitForFunction((ref) => {
    const tr = document.querySelector(`#recon-list tr[data-ref="${ref}"]`);
    return tr && tr.dataset.mismatch === '';
  }, pay.txn_ref);
  const after = page.locator(`#recon-list tr[data-ref="${pay.txn_ref}"]`);
  assert.match(await after.locator('.recon-motcua').innerText(), /Đã nộp/);
  assert.match(await after.innerText(), /Khớp/);
  assert.equal(await after.locator('button.recon-settle').count(), 0);
  assert.match(await page.textContent('#recon-summary'), /0 khoản chênh lệch/);
  await finish(p);
});

test('the desk has no reconciliation', async () => {
  const p = await openPage(env, { expectedFailures: ['/api/v1/payments/reconciliation'] });
  const { page } = p;
  await logIn(page, env.base, 'tiepnhan');
  await go(page, env.base, '#/payments-day');
  await page.waitForSelector('#payday-xlsx');
  assert.equal(await page.locator('#payday-reconcile').count(), 0);
  await go(page, env.base, '#/payments-reconcile');
  await page.waitForSelector('#recon-body[data-loaded="true"]');
  assert.match(await page.textContent('#recon-body'), /Vai trò của bạn không được phép/);
  await finish(p);
});

test('the office refunds the fee of a refused dossier from its page, after confirming', async () => {
  const desk = new Client(env.base);
  assert.equal((await desk.login('tiepnhan')).status, 200);
  const r = await desk.post('/api/v1/dossiers', {
    procedure_code: 'LD-02',
    applicant: { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' },
    components: LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' })),
  });
  const code = r.json.code;
  assert.equal((await desk.post(`/api/v1/dossiers/${encodeURIComponent(code)}/payments`, { method: 'cash' })).status, 201);
  assert.equal((await desk.post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/refuse`, { note: 'Không đủ điều kiện' })).status, 200);

  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'vanphong');
  await go(page, env.base, `#/dossiers/${encodeURIComponent(code)}`);
  await page.waitForSelector('#payments-body[data-loaded="true"]');
  const item = page.locator('#sec-payments .payment-item');
  const btn = item.locator('button.pay-refund');
  assert.equal(await btn.innerText(), 'Hoàn trả phí, lệ phí');
  // Dismissed: nothing happens.
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await btn.click();
  assert.match(asked, /Hoàn trả 600\.000 đồng \(Tiền mặt\)/);
  assert.equal(await item.getAttribute('data-status'), 'paid');
  page.once('dialog', (d) => d.accept());
  await btn.click();
  await page.waitForSelector('#sec-payments .payment-item[data-status="refunded"]');
  assert.match(await page.locator('#sec-payments .payment-item').innerText(), /Đã hoàn trả/);
  assert.equal(await page.locator('#sec-payments button.pay-refund').count(), 0);
  await shot(page, 'payments-refund');
  await finish(p);

  // The desk sees no such button.
  const q = await openPage(env);
  await logIn(q.page, env.base, 'tiepnhan');
  await go(q.page, env.base, `#/dossiers/${encodeURIComponent(code)}`);
  await q.page.waitForSelector('#payments-body[data-loaded="true"]');
  assert.equal(await q.page.locator('button.pay-refund').count(), 0);
  await finish(q);
});
