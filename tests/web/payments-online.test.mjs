// The citizen pays a fee online in Chromium (issue 13): the dossier page
// shows the fee and its total, "Thanh toán trực tuyến" goes to the sandbox
// gateway's page (motcua's stand-in for VNPAY, payment.gateway = sandbox),
// the payer confirms, the browser comes back to the dossier page, which says
// the payment as paid with its receipt once the gateway's IPN came (the
// return address itself pays nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, shot, finish, logIn, Client } from './helpers.mjs';
import { seedProcedure, dbSql } from '../api/helpers.mjs';
import { freePort, sandboxArgs } from '../lib/vnpay.mjs';

const port = await freePort();
const env = useServerAndBrowser({ args: sandboxArgs(port) });
const LD02 = seedProcedure('LD-02');

async function received() {
  const c = new Client(env.base);
  assert.equal((await c.login('tiepnhan')).status, 200);
  const r = await c.post('/api/v1/dossiers', {
    procedure_code: 'LD-02',
    applicant: { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' },
    components: LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' })),
  });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}

test('the citizen pays online from the dossier page and comes back to it paid', async () => {
  const code = await received();
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'congdan');
  await go(page, env.base, `#/dossiers/${encodeURIComponent(code)}`);
  const sec = page.locator('#sec-payments');
  await sec.locator('.demand-total').waitFor();
  assert.match(await sec.locator('.demand-total').innerText(), /600\.000 đồng/);
  await shot(page, 'payments-due');

  await Promise.all([page.waitForURL(/\/sandbox\/pay\/vpcpay\.html\?/), page.click('#pay-online')]);
  assert.match(await page.locator('#sandbox-amount').innerText(), /600\.000 đồng/);
  await shot(page, 'payments-gateway');
  await Promise.all([page.waitForURL(/#\/dossiers\/.*payment=paid/), page.click('#sandbox-pay')]);
  await page.locator('#pay-outcome').waitFor();
  assert.match(await page.locator('#pay-outcome').innerText(), /thành công/);
  assert.match(page.url(), new RegExp(`#/dossiers/${encodeURIComponent(code).replace(/\./g, '\\.')}\\?payment=paid&ref=MC`));

  // The IPN comes from the gateway's own thread: reload until the page shows it.
  let status = '';
  for (let i = 0; i < 50 && status !== 'paid'; i++) {
    await page.reload();
    await sec.locator('.payment-item').first().waitFor();
    status = await sec.locator('.payment-item').first().getAttribute('data-status');
    if (status !== 'paid') await page.waitForTimeout(200);
  }
  assert.equal(status, 'paid');
  assert.ok(await sec.locator('.receipt-link').count() >= 1, 'a receipt link');
  assert.equal(await page.locator('#pay-online').count(), 0, 'nothing is left to pay');
  await shot(page, 'payments-paid');
  await finish(p);
});

test('a citizen who left the gateway\'s page continues the same payment from the dossier page', async () => {
  const code = await received();
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'congdan');
  await go(page, env.base, `#/dossiers/${encodeURIComponent(code)}`);
  const sec = page.locator('#sec-payments');
  await sec.locator('.demand-total').waitFor();
  await Promise.all([page.waitForURL(/\/sandbox\/pay\/vpcpay\.html\?/), page.click('#pay-online')]);
  const first = new URL(page.url()).searchParams.get('vnp_TxnRef');
  // The payer leaves the gateway's page without paying and comes back.
  await go(page, env.base, `#/dossiers/${encodeURIComponent(code)}`);
  await sec.locator('#pay-resume').waitFor();
  assert.match(await sec.locator('#pay-resume').innerText(), /Tiếp tục thanh toán/);
  assert.equal(await sec.locator('#pay-online').count(), 0, 'no second payment while the first is valid');
  await shot(page, 'payments-resume');
  await Promise.all([page.waitForURL(/\/sandbox\/pay\/vpcpay\.html\?/), page.click('#pay-resume')]);
  assert.equal(new URL(page.url()).searchParams.get('vnp_TxnRef'), first, 'the same gateway order');
  await Promise.all([page.waitForURL(/#\/dossiers\/.*payment=paid/), page.click('#sandbox-pay')]);
  let status = '';
  for (let i = 0; i < 50 && status !== 'paid'; i++) {
    await page.reload();
    await sec.locator('.payment-item').first().waitFor();
    status = await sec.locator('.payment-item').first().getAttribute('data-status');
    if (status !== 'paid') await page.waitForTimeout(200);
  }
  assert.equal(status, 'paid');
  assert.equal(await sec.locator('.payment-item').count(), 1, 'paid once');
  assert.equal(await sec.locator('#pay-resume').count(), 0);
  await finish(p);
});

test('after its gateway order expired, the pay button again', async (t) => {
  if (!env.server) return t.skip('needs its own server\'s database');
  const code = await received();
  const owner = new Client(env.base);
  assert.equal((await owner.login('congdan')).status, 200);
  const r = await owner.post(`/api/v1/dossiers/${encodeURIComponent(code)}/payments`, { method: 'online' });
  assert.equal(r.status, 201, r.text);
  // payment.expire_minutes is 15: made 16 minutes ago, its order is gone.
  dbSql(env.server.db.url, `UPDATE payments SET created_at = created_at - 960000 WHERE id = ${Number(r.json.id)}`);
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'congdan');
  await go(page, env.base, `#/dossiers/${encodeURIComponent(code)}`);
  const sec = page.locator('#sec-payments');
  await sec.locator('#pay-online').waitFor();
  assert.equal(await sec.locator('#pay-resume').count(), 0);
  await Promise.all([page.waitForURL(/\/sandbox\/pay\/vpcpay\.html\?/), page.click('#pay-online')]);
  assert.notEqual(new URL(page.url()).searchParams.get('vnp_TxnRef'), r.json.txn_ref, 'a new order');
  await finish(p);
});
