// The citizen's whole path of an online submission on a phone (390 px), as
// on the national portal (issue 15): the procedure page offers the
// component's template and "Nộp hồ sơ trực tuyến"; the submission page shows
// each component with its state (attached / from the data store / missing)
// and keeps "Nộp hồ sơ" disabled until every mandatory component has a
// file; a refused file says why in its row; once submitted, the desk sees
// the files at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, PHONE, Client, logIn,
} from './helpers.mjs';
import { makePdf } from '../lib/pdf.mjs';
import { onlineComponents } from '../lib/submit.mjs';

const env = useServerAndBrowser();
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const pdf = (name, text = name) => ({ name, mimeType: 'application/pdf', buffer: makePdf(text) });

test('on a phone: template, files first, the completeness check, then "Nộp hồ sơ"; the desk sees the files', async () => {
  // A dossier received earlier: its documents are in the citizen's data store.
  const api = new Client(env.base);
  assert.equal((await api.login('congdan')).status, 200);
  const LD02 = (await api.get('/api/v1/procedures/LD-02')).json;
  const earlier = await api.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: await onlineComponents(api, LD02) });
  assert.equal(earlier.status, 201, earlier.text);
  const desk = new Client(env.base);
  assert.equal((await desk.login('tiepnhan')).status, 200);
  assert.equal((await desk.post(`/api/v1/dossiers/${earlier.json.code}/actions/accept`, {})).status, 200);

  const p = await openPage(env, { viewport: PHONE, expectedFailures: ['/api/v1/uploads'] });
  const { page } = p;
  await logIn(page, env.base, 'congdan');
  // The procedure page: the template of component 1 to download, and the way to submit.
  await go(page, env.base, '#/procedures/LD-02');
  const tpl = page.locator('#components a.template-link[data-template="1"]');
  assert.match(await tpl.textContent(), /Mẫu số 11\/PLI/);
  const file = await page.request.get(env.base + await tpl.getAttribute('href'));
  assert.equal(file.status(), 200);
  assert.equal(file.headers()['content-type'], 'application/pdf');
  assert.equal((await file.body()).subarray(0, 5).toString(), '%PDF-');
  await page.click('#procedure-submit');
  await page.waitForSelector('#checklist');
  assert.equal(await page.inputValue('#submit-form select[name="procedure"]'), 'LD-02');
  // Offered on the submission page too.
  assert.equal(await page.locator('.file-row[data-index="0"] a.template-link').count(), 1);

  // Nothing attached: every mandatory component is missing, "Nộp hồ sơ" disabled.
  const mandatory = LD02.components.filter((c) => c.mandatory).length;
  assert.equal(await page.locator('.file-row[data-state="missing"]').count(), mandatory);
  assert.equal(await page.getAttribute('#submit-completeness', 'data-complete'), 'false');
  assert.match(await page.textContent('#submit-completeness'), new RegExp(`Còn thiếu tệp cho ${mandatory}/${mandatory}`));
  assert.equal(await page.isDisabled('#submit-send'), true);

  // A file that is no PDF: refused in its row, still missing.
  const row = (i) => page.locator(`.file-row[data-index="${i}"]`);
  await row(0).locator('input[type="file"]').setInputFiles({ name: 'don.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
  await page.waitForSelector('.file-row[data-index="0"].has-error');
  assert.match(await row(0).locator('.field-error').textContent(), /don\.pdf: /);
  assert.equal(await row(0).getAttribute('data-state'), 'missing');
  // Two pages for the request form, one taken back.
  await row(0).locator('input[type="file"]').setInputFiles([pdf('don-trang-1.pdf'), pdf('don-trang-2.pdf')]);
  await page.waitForSelector('.file-row[data-index="0"][data-state="attached"] .comp-files li:nth-child(2)');
  assert.match(await row(0).locator('.comp-state').textContent(), /Đã đính kèm \(2 tệp\)/);
  await row(0).getByRole('button', { name: 'Xóa tệp don-trang-2.pdf' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.file-row[data-index="0"] .comp-files li').length === 1);
  // The health certificate from the data store.
  const store = row(1).locator('select.comp-store');
  const offered = await store.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.equal(offered.length, 1, 'the store document of this type is offered');
  await store.selectOption(offered[0]);
  assert.equal(await row(1).getAttribute('data-state'), 'store');
  // The rest, one by one: still incomplete until the last.
  const rest = await page.locator('.file-row[data-state="missing"]').evaluateAll((rs) => rs.map((r) => r.dataset.index));
  for (const [k, i] of rest.entries()) {
    assert.equal(await page.isDisabled('#submit-send'), true, `enabled with ${rest.length - k} missing`);
    await row(i).locator('input[type="file"]').setInputFiles(pdf(`tp${i}.pdf`));
    await page.waitForSelector(`.file-row[data-index="${i}"][data-state="attached"]`);
  }
  assert.equal(await page.getAttribute('#submit-completeness', 'data-complete'), 'true');
  assert.equal(await page.isDisabled('#submit-send'), false);
  await shot(page, 'submit-complete-phone');
  await assertNoHorizontalScroll(page);
  await page.getByLabel('Tôi cam đoan các thông tin và giấy tờ trong hồ sơ là đúng sự thật.').check();
  await page.click('#submit-send');
  await page.waitForSelector('#submit-result-card');
  const code = (await page.textContent('#submit-code')).trim();
  await shot(page, 'submit-done-phone');
  await finish(p);

  // The desk sees each component's file at once.
  const seen = (await desk.get(`/api/v1/dossiers/${code}/components`)).json.components;
  assert.equal(seen[0].satisfied.how, 'uploaded');
  assert.equal(seen[0].document.files.length, 1);
  assert.equal(seen[0].document.files[0].name, 'don-trang-1.pdf');
  assert.equal(seen[1].satisfied.how, 'reused');
  assert.ok(seen.every((c) => !c.mandatory || c.satisfied), 'a mandatory component reached the desk without its file');
  const q = await openPage(env, { viewport: PHONE });
  await logIn(q.page, env.base, 'tiepnhan');
  await go(q.page, env.base, `#/dossiers/${code}/documents`);
  await q.page.waitForSelector('li.doc-component[data-n="1"] .doc-state[data-how="uploaded"]');
  await shot(q.page, 'submit-desk-sees-files-phone');
  await finish(q);
});

test('the submission page says plainly when a fee is still to be confirmed', async () => {
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await logIn(page, env.base, 'congdan');
  await go(page, env.base, '#/submit?procedure=MT-01');
  await page.waitForSelector('#checklist');
  assert.equal((await page.textContent('#submit-fees-unknown')).trim(),
    'Phí, lệ phí: chưa xác định — sẽ được thông báo khi tiếp nhận');
  await go(page, env.base, '#/submit?procedure=LD-02');
  await page.waitForSelector('#checklist .file-row[data-doc-type="request_form_work_permit"]');
  assert.equal(await page.locator('#submit-fees-unknown').count(), 0, 'LD-02\'s fee is known');
  await finish(p);
});
