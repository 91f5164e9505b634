// Browser test of the fees on the dossier page (issue 13): the receiver sees
// the demand made at receipt (its line and total in đồng), records a card
// payment with its slip number, gets the signed e-receipt to print, and the
// history shows the payment; the owner sees the fees paid and the receipt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../lib/motcua.mjs';
import { openPage, go, shot, finish, Client, logIn } from './helpers.mjs';
import { seedProcedure } from '../api/helpers.mjs';

const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-webpay-'));
const env = { base: null, browser: null, server: null };
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
let code, late;

before(async () => {
  execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['pki', 'init', '--data-dir', dataDir]);
  env.server = await startServer({ args: ['--data-dir', dataDir, '--testing.clock_api', 'true'] });
  env.base = env.server.base;
  env.browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const desk = new Client(env.base);
  assert.equal((await desk.login('tiepnhan')).status, 200);
  const ld = (await desk.get('/api/v1/procedures/LD-02')).json;
  const comps = ld.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
  const r = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(r.status, 201, r.text);
  code = r.json.code;
  // A dossier received 40 days ago whose fee was never paid: past its
  // pay-by date (payment.demand_days working days).
  const clock = (body) => new Client(env.base).put('/api/v1/testing/clock', body);
  assert.equal((await clock({ offset_ms: -40 * 86400e3 })).status, 200);
  const old = new Client(env.base);
  assert.equal((await old.login('tiepnhan')).status, 200);
  const o = await old.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal((await clock({ offset_ms: 0 })).status, 200);
  assert.equal(o.status, 201, o.text);
  late = o.json.code;
});

after(async () => {
  if (env.browser) await env.browser.close();
  if (env.server) await env.server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the desk records a card payment on the dossier page and prints the signed receipt', async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'tiepnhan');
  await go(page, env.base, `#/dossiers/${encodeURIComponent(code)}`);
  await page.waitForSelector('#payments-body[data-loaded="true"]');
  const sec = page.locator('#sec-payments');
  assert.match(await sec.textContent(), /Lệ phí cấp giấy phép lao động/);
  assert.equal((await sec.locator('.demand-total').textContent()).trim(), '600.000 đồng');
  assert.match(await sec.locator('.demand').textContent(), /Chưa nộp/);

  await page.getByLabel('Hình thức thu').selectOption('card');
  await page.getByLabel('Số chứng từ').fill('POS 778812');
  // A double click records once: the button waits for its request.
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/payments')) posts.push(r.url()); });
  await page.getByRole('button', { name: 'Ghi nhận đã thu và cấp biên lai' }).dblclick();
  await page.waitForSelector('#pay-done');
  await page.waitForLoadState('networkidle');
  assert.equal(posts.length, 1, 'one request for a double click');
  assert.match(await page.textContent('#pay-done'), /Đã thu 600\.000 đồng/);
  const link = page.locator('#pay-done .receipt-link');
  assert.match(await link.textContent(), /^Biên lai số 0000001 \(AA-26E\)$/);
  const href = await link.getAttribute('href');
  const pdf = await page.request.get(env.base + href);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  assert.match(await sec.locator('.demand').textContent(), /Đã nộp/);
  assert.match(await sec.locator('.payment-item').textContent(), /Thẻ ngân hàng · 600\.000 đồng/);
  // Nothing left to record.
  assert.equal(await page.locator('#pay-desk').count(), 0);
  await shot(page, 'payments-desk');
  // The history (reloaded) shows the demand and the payment.
  await page.reload();
  await page.waitForSelector('body.ready');
  await page.waitForSelector('main[aria-busy="false"]');
  await page.waitForSelector('#history .tl-item[data-action="payment_paid"]');
  const history = await page.textContent('#history');
  assert.match(history, /Thông báo nộp phí, lệ phí/);
  assert.match(history, /Đã nộp phí, lệ phí/);
  await finish(p);
});

test('on an English page the fee lines carry the fee\'s English name', async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'tiepnhan');
  await go(page, env.base, `#/dossiers/${encodeURIComponent(late)}`);
  await page.waitForSelector('#payments-body[data-loaded="true"]');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('#payments-body[data-loaded="true"] .demand-lines');
  const line = (await page.textContent('#sec-payments .demand-lines tbody td')).trim();
  assert.equal(line, 'Work permit fee');
  await finish(p);
});

test('the owner sees the fees paid and the receipt on the dossier page', async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'congdan');
  await go(page, env.base, `#/dossiers/${encodeURIComponent(code)}`);
  await page.waitForSelector('#payments-body[data-loaded="true"]');
  const sec = page.locator('#sec-payments');
  assert.match(await sec.textContent(), /600\.000 đồng/);
  assert.equal(await sec.locator('.receipt-link').count(), 1);
  assert.equal(await page.locator('#pay-online').count(), 0, 'nothing to pay any more');
  await finish(p);
});

test('the office sees the day\'s payments with totals per method, and downloads them as XLSX', async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'vanphong');
  await page.getByRole('link', { name: 'Thu phí, lệ phí' }).click();
  await page.waitForSelector('#payday-totals');
  assert.equal((await page.textContent('#payday-totals tr[data-method="card"] td:last-child')).trim(), '600.000 đồng');
  assert.equal((await page.textContent('#payday-total')).trim(), '600.000 đồng');
  assert.match(await page.textContent('#payday-list'), new RegExp(code.replace(/\./g, '\\.')));
  const href = await page.getAttribute('#payday-xlsx', 'href');
  const x = await page.request.get(env.base + href);
  assert.equal(x.status(), 200);
  assert.match(x.headers()['content-type'], /spreadsheetml/);
  assert.equal((await x.body()).subarray(0, 2).toString(), 'PK');
  await shot(page, 'payments-day');
  await finish(p);
});

test('a demand unpaid past its date says the dossier may be stopped (Form 05)', async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'tiepnhan');
  await go(page, env.base, `#/dossiers/${encodeURIComponent(late)}`);
  await page.waitForSelector('#payments-body[data-loaded="true"]');
  assert.match(await page.textContent('#pay-overdue'), /Đã quá hạn nộp phí, lệ phí: hồ sơ có thể bị dừng xử lý \(Mẫu 05\)/);
  await go(page, env.base, `#/dossiers/${encodeURIComponent(code)}`);
  await page.waitForSelector('#payments-body[data-loaded="true"]');
  assert.equal(await page.locator('#pay-overdue').count(), 0, 'the paid one is not');
  await finish(p);
});

test('the desk gives the number of workers a fee is charged per and sees the demand previewed', async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'tiepnhan');
  await go(page, env.base, '#/desk');
  await page.selectOption('#desk-form select[name="procedure"]', 'LD-02');
  await page.waitForSelector('#checklist');
  const preview = page.locator('#desk-fee-preview');
  assert.match(await preview.textContent(), /Lệ phí cấp giấy phép lao động/);
  assert.equal((await page.textContent('#desk-fee-total')).trim(), '600.000 đồng');
  const workers = page.getByLabel('Số người lao động');
  await workers.fill('3');
  assert.equal((await page.textContent('#desk-fee-total')).trim(), '1.800.000 đồng');
  assert.match(await preview.textContent(), /\(× 3\)/);
  const sub = page.locator('[data-party="sub"]');
  await sub.locator('input[data-kind="person"]').check();
  await sub.getByLabel('Họ và tên').fill('Hoàng Văn An');
  await sub.getByLabel('Số định danh cá nhân (CCCD)').fill('001090012345');
  await page.click('#desk-all-paper');
  // A value the fee cannot be charged per is caught before sending.
  await workers.fill('0');
  assert.equal((await page.textContent('#desk-fee-total')).trim(), '—');
  await page.click('#desk-receive');
  assert.equal(await workers.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#desk-result-card').count(), 0);
  await workers.fill('3');
  const [sent] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/dossiers')),
    page.click('#desk-receive'),
  ]);
  assert.deepEqual(JSON.parse(sent.postData()).fee_params, { workers: 3 });
  await page.waitForSelector('#desk-result-card');
  const made = (await page.textContent('#desk-result-code')).trim();
  const desk = new Client(env.base);
  assert.equal((await desk.login('tiepnhan')).status, 200);
  const v = (await desk.get(`/api/v1/dossiers/${encodeURIComponent(made)}/payments`)).json;
  assert.equal(v.demands[0].total, 1800000);
  assert.deepEqual(v.demands[0].lines, [{ name: 'Lệ phí cấp giấy phép lao động (× 3)', name_en: 'Work permit fee (× 3)', amount: 1800000 }]);
  await shot(page, 'desk-fees');
  await finish(p);
});

test('the desk ticks an exemption the applicant qualifies for, with the reason: the line is 0 with its legal basis', async () => {
  const basis = 'Điểm a khoản 2 Điều 5 Nghị quyết 25/2024/NQ-HĐND';
  const admin = new Client(env.base);
  assert.equal((await admin.login('admin')).status, 200);
  const p = seedProcedure('LD-02');
  p.fees[0].exemption = { who: 'Người lao động làm việc cho dự án ODA', basis };
  Object.assign(p, { code: 'LD-EX', national_code: null });
  const c = await admin.post('/api/v1/procedures', p);
  assert.equal(c.status, 201, c.text);
  assert.equal((await admin.post('/api/v1/procedures/LD-EX/publish', { effective_from: '2025-07-01' })).status, 200);

  const pg = await openPage(env);
  const { page } = pg;
  await logIn(page, env.base, 'tiepnhan');
  await go(page, env.base, '#/desk');
  await page.selectOption('#desk-form select[name="procedure"]', 'LD-EX');
  await page.waitForSelector('#checklist');
  const sub = page.locator('[data-party="sub"]');
  await sub.locator('input[data-kind="person"]').check();
  await sub.getByLabel('Họ và tên').fill('Hoàng Văn An');
  await sub.getByLabel('Số định danh cá nhân (CCCD)').fill('001090012345');
  await page.click('#desk-all-paper');
  await page.getByLabel('Số người lao động').fill('2');
  assert.equal((await page.textContent('#desk-fee-total')).trim(), '1.200.000 đồng');
  await page.locator('.desk-exempt input[type="checkbox"]').check();
  assert.equal((await page.textContent('#desk-fee-total')).trim(), '0 đồng');
  assert.match(await page.textContent('#desk-fee-preview'), new RegExp(`Miễn thu theo ${basis}`));
  // Ticked without a reason: caught before sending.
  await page.click('#desk-receive');
  const reason = page.getByLabel('Căn cứ xác định được miễn');
  assert.equal(await reason.getAttribute('aria-invalid'), 'true');
  await reason.fill('Văn bản xác nhận dự án ODA số 12/XN-BKH');
  const [sent] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/dossiers')),
    page.click('#desk-receive'),
  ]);
  assert.deepEqual(JSON.parse(sent.postData()).fee_exemptions, [{ fee: 0, reason: 'Văn bản xác nhận dự án ODA số 12/XN-BKH' }]);
  await page.waitForSelector('#desk-result-card');
  const made = (await page.textContent('#desk-result-code')).trim();
  const desk = new Client(env.base);
  assert.equal((await desk.login('tiepnhan')).status, 200);
  const [d] = (await desk.get(`/api/v1/dossiers/${encodeURIComponent(made)}/payments`)).json.demands;
  assert.equal(d.total, 0);
  assert.deepEqual(d.lines[0].exemption, { basis, reason: 'Văn bản xác nhận dự án ODA số 12/XN-BKH' });
  // The dossier page shows the line at 0 with its legal basis.
  await go(page, env.base, `#/dossiers/${encodeURIComponent(made)}`);
  await page.waitForSelector('#payments-body[data-loaded="true"]');
  assert.match(await page.textContent('#sec-payments .fee-exempt'), new RegExp(`Miễn thu theo ${basis}`));
  await finish(pg);
});
