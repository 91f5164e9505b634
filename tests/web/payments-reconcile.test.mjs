// The office's reconciliation page in Chromium (issue 13): a payment the
// sandbox gateway took without ever calling the IPN shows as paid at the
// gateway but pending here, marked; the office settles it from the
// gateway's answer with one button, and the row then agrees.
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
