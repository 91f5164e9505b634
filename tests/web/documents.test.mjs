// Browser tests of documents (issue 5): a receiver digitizes a paper
// component at the desk; a citizen reuses a stored document online and sees
// their data store; anyone verifies a signed result by following the QR code
// printed on it, and checks the file in hand.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../lib/motcua.mjs';
import { openPage, go, shot, finish, Client, logIn, PHONE, assertNoHorizontalScroll } from './helpers.mjs';
import { makePdf } from '../lib/pdf.mjs';
import { onlineComponents } from '../lib/submit.mjs';

const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-webdocs-'));
const env = { base: null, browser: null, server: null };
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const company = { kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565', address: 'KCN Đồng Văn I' };
let LD02;
const clients = {};
async function as(user) {
  if (!clients[user]) {
    clients[user] = new Client(env.base);
    assert.equal((await clients[user].login(user)).status, 200);
  }
  return clients[user];
}
async function act(user, code, action, body = {}) {
  const r = await (await as(user)).post(`/api/v1/dossiers/${code}/actions/${action}`, body);
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
}
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF scan')]);
let signed; // {verify_code, pdf}

before(async () => {
  execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['pki', 'init', '--data-dir', dataDir]);
  env.server = await startServer({ args: ['--data-dir', dataDir] });
  env.base = env.server.base;
  env.browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const r = await (await as('congdan')).get('/api/v1/procedures/LD-02');
  LD02 = r.json;
  // A first dossier of the citizen, its request form uploaded, accepted, and a signed result.
  const comps = await onlineComponents(await as('congdan'), LD02);
  const d = await (await as('congdan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(d.status, 201, d.text);
  const code = d.json.code;
  const up = await (await as('congdan')).post(`/api/v1/dossiers/${code}/components/1/files?name=don.pdf`, makePdf('Don'), { 'content-type': 'application/pdf' });
  assert.equal(up.status, 201, up.text);
  await act('tiepnhan', code, 'accept');
  await act('tiepnhan', code, 'transfer', { to_user: 'chuyenvien' });
  await act('chuyenvien', code, 'transfer');
  await act('truongphong', code, 'transfer');
  const dr = await (await as('chuyenvien')).post(`/api/v1/dossiers/${code}/result?doc_type=foreign_worker_demand_approval`,
    makePdf('Giay phep'), { 'content-type': 'application/pdf' });
  assert.equal(dr.status, 201, dr.text);
  await act('lanhdao', code, 'approve');
  const is = await (await as('lanhdao')).post(`/api/v1/dossiers/${code}/issue`, {});
  assert.equal(is.status, 201, is.text);
  const pdf = Buffer.from(await (await fetch(`${env.base}/api/v1/documents/${is.json.document_id}/files/1`,
    { headers: { cookie: (await as('congdan')).cookie } })).arrayBuffer());
  signed = { verify_code: is.json.verify_code, pdf };
});
after(async () => {
  if (env.browser) await env.browser.close();
  if (env.server) await env.server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the receiver digitizes a paper component at the desk and records an exemption', async () => {
  const comps = LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components: comps });
  assert.equal(r.status, 201, r.text);
  const p = await openPage(env, { expectedFailures: ['/components/2/files'] });
  const { page } = p;
  await logIn(page, env.base, 'tiepnhan');
  await go(page, env.base, `#/dossiers/${r.json.code}/documents`);
  const first = page.locator('li.doc-component[data-n="1"]');
  await first.locator('input[type=file]').setInputFiles({ name: 'scan.jpg', mimeType: 'image/jpeg', buffer: JPEG });
  await first.getByRole('button', { name: 'Đính kèm bản quét' }).click();
  await page.waitForSelector('li.doc-component[data-n="1"] .doc-state[data-how="digitized"]');
  assert.match(await page.textContent('li.doc-component[data-n="1"] .doc-state'), /Đã số hóa tại Bộ phận Một cửa \(Nguyễn Thị Lan/);
  assert.ok(await page.locator('li.doc-component[data-n="1"] .doc-files a').count() === 1);
  // A wrong type is refused with the server's message, nothing recorded.
  const second = page.locator('li.doc-component[data-n="2"]');
  await second.locator('input[type=file]').setInputFiles({ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('plain text') });
  await second.getByRole('button', { name: 'Đính kèm bản quét' }).click();
  await page.waitForFunction(() => document.querySelector('li.doc-component[data-n="2"] .field-error').textContent.length > 0);
  assert.match(await second.locator('.field-error').textContent(), /Loại tệp không được chấp nhận/);
  const third = page.locator('li.doc-component[data-n="3"]');
  await third.locator('summary').click();
  await third.getByLabel('Trường hợp').selectOption('shown_only');
  await third.getByLabel('Lý do').fill('Bản chính chỉ để đối chiếu');
  await third.getByRole('button', { name: 'Ghi nhận' }).click();
  await page.waitForSelector('li.doc-component[data-n="3"] .doc-state[data-how="exempt"]');
  await shot(page, 'documents-desk');
  await finish(p);
});

test('the citizen reuses a stored document online and sees their data store', async () => {
  const comps = await onlineComponents(await as('congdan'), LD02);
  const d = await (await as('congdan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(d.status, 201, d.text);
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'congdan');
  await go(page, env.base, `#/dossiers/${d.json.code}/documents`);
  const first = page.locator('li.doc-component[data-n="1"]');
  await first.getByRole('button', { name: 'Dùng lại' }).click();
  await page.waitForSelector('li.doc-component[data-n="1"] .doc-state[data-how="reused"]');
  assert.match(await page.textContent('li.doc-component[data-n="1"] .doc-state'), /Dùng lại từ kho dữ liệu/);
  // The signed result is offered for its document type.
  assert.equal(await page.locator('li.doc-component[data-n="6"] .doc-offers button').count(), 1);
  await shot(page, 'documents-reuse');
  await go(page, env.base, '#/store');
  await page.waitForSelector('#store-table');
  assert.ok(await page.locator('#store-table tbody tr').count() >= 2);
  assert.match(await page.textContent('#store-table'), /Kết quả/);
  // Types in words, not ids; a validity not recorded is not "no limit" (issue 15).
  assert.doesNotMatch(await page.textContent('#store-table tbody'), /\b[a-z]+_[a-z_]+\b/);
  assert.doesNotMatch(await page.textContent('#store-table'), /Không thời hạn/);
  await shot(page, 'documents-store');
  await finish(p);
});

test('anyone verifies a result by its QR code and checks the file in hand', async () => {
  const file = path.join(dataDir, 'r.pdf');
  writeFileSync(file, signed.pdf);
  execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', file, path.join(dataDir, 'p')]);
  const url = execFileSync('zbarimg', ['-q', '--raw', path.join(dataDir, 'p-1.png')], { encoding: 'utf8' }).trim();
  const hash = url.slice(url.indexOf('#'));
  assert.equal(hash, `#/verify/${signed.verify_code}`);
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, hash);
  assert.match(await page.textContent('#verify-verdict'), /Chữ ký số hợp lệ/);
  assert.match(await page.textContent('main'), /BAN QUẢN LÝ/);
  await page.getByLabel('Tệp cần kiểm tra').setInputFiles({ name: 'r.pdf', mimeType: 'application/pdf', buffer: signed.pdf });
  await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
  await page.waitForFunction(() => document.getElementById('verify-match').textContent.length > 0);
  assert.match(await page.textContent('#verify-match'), /trùng khớp với kết quả đã ký/);
  const changed = Buffer.from(signed.pdf);
  changed[200] ^= 1;
  await page.getByLabel('Tệp cần kiểm tra').setInputFiles({ name: 'x.pdf', mimeType: 'application/pdf', buffer: changed });
  await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
  await page.waitForFunction(() => /KHÔNG/.test(document.getElementById('verify-match').textContent));
  await shot(page, 'documents-verify');
  await finish(p);
  // On a phone the long hash and fingerprint wrap: no sideways scrolling (issue 15).
  const phone = await openPage(env, { viewport: PHONE });
  await go(phone.page, env.base, hash);
  await phone.page.waitForSelector('#verify-verdict');
  await assertNoHorizontalScroll(phone.page);
  await shot(phone.page, 'documents-verify-phone');
  await finish(phone);
});
