// Browser tests of the procedure editor (issue 15, item 3): the
// administrator's home card opens the list; a new procedure gets a
// component, two steps and a fee; "Kiểm tra" shows the server's problems at
// their fields and saves nothing; fixed, it is valid, published after a
// confirmation that shows its effective date, and the public catalogue shows
// it; a second version changes a fee and the versions list says so. The
// editor works at 390 px. Screenshots at 1280 and 390 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, Client, PHONE, logIn } from './helpers.mjs';

const env = useServerAndBrowser();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 AA as tests/web/a11y.test.mjs checks it. */
async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }));
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `${label}: accessibility violations`);
}
const anon = () => new Client(env.base);

test('an administrator creates, checks, fixes and publishes a procedure; the public sees it', async () => {
  const p = await openPage(env, { expectedFailures: ['/api/v1/procedures'] });
  const { page } = p;
  await logIn(page, env.base, 'admin');
  assert.equal(await page.getAttribute('#area-procedures', 'href'), '#/procedures-admin');
  await page.click('#area-procedures');
  await page.waitForSelector('#pa-table tr[data-code="LD-02"]');
  assert.match(await page.textContent('#pa-table tr[data-code="LD-02"]'), /Phiên bản 1, hiệu lực từ 01\/07\/2025/);

  await page.click('#pa-new');
  await page.waitForSelector('#pa-general');
  await page.fill('#pa-code', 'ED-77');
  await page.fill('#pa-name-vi', 'Cấp giấy xác nhận thử nghiệm');
  await page.fill('#pa-name-en', 'Issue of a trial certificate');
  await page.fill('#pa-field-vi', 'Việc làm');
  await page.fill('#pa-field-en', 'Employment');
  await page.selectOption('#pa-unit', 'DNLD');
  await page.fill('#pa-time-limit-value', '2');
  await page.fill('#pa-legal', 'Nghị định 219/2025/NĐ-CP');

  await page.click('#pa-component-add');
  await page.fill('#pa-components-0-name-vi', 'Đơn đề nghị xác nhận');
  await page.fill('#pa-components-0-name-en', 'Request for a certificate');
  // doc_type left empty: the server must name components[0].doc_type.
  await page.click('#pa-step-add');
  await page.fill('#pa-process-0-name-vi', 'Tiếp nhận');
  await page.selectOption('#pa-process-0-role', 'receiver');
  await page.selectOption('#pa-process-0-unit', 'VP');
  await page.click('#pa-step-add');
  await page.fill('#pa-process-1-name-vi', 'Thẩm định');
  await page.fill('#pa-process-1-hours', '10'); // 8 + 10 is not 2 working days
  await page.click('#pa-fee-add');
  await page.fill('#pa-fees-0-name-vi', 'Lệ phí xác nhận');
  await page.fill('#pa-fees-0-name-en', 'Certificate fee');
  await page.fill('#pa-fees-0-amount', '150000');

  await page.click('#pa-check');
  await page.waitForSelector('#pa-problem-list');
  await page.waitForSelector('#pa-components-0-doc-type[aria-invalid="true"]');
  assert.match(await page.textContent('#pa-components-0-doc-type-error'), /chưa có loại giấy tờ/);
  assert.match(await page.textContent('#pa-process-err'), /tổng thời gian các bước là 18 giờ nhưng thời hạn giải quyết là 16 giờ/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pa-components-0-doc-type');
  assert.equal((await anon().get('/api/v1/procedures/ED-77/versions')).status, 404, 'nothing saved');
  await shot(page, 'procedure-editor-problems');
  await axe(page, 'the editor with its problems');

  await page.fill('#pa-components-0-doc-type', 'request_form');
  await page.fill('#pa-process-1-hours', '8');
  await page.click('#pa-check');
  await page.waitForSelector('#pa-valid');
  assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
  assert.equal((await anon().get('/api/v1/procedures/ED-77/versions')).status, 404, 'a check saves nothing');

  await page.click('#pa-publish');
  await page.waitForSelector('#pa-confirm-text');
  const today = await page.inputValue('#pa-effective');
  const [y, m, d] = today.split('-');
  assert.match(await page.textContent('#pa-confirm-text'), new RegExp(`Phiên bản 1 của thủ tục ED-77 .*hiệu lực từ ngày ${d}/${m}/${y}`));
  await shot(page, 'procedure-editor-confirm');
  await page.click('#pa-publish-yes');
  await page.waitForSelector('#pa-published');
  await page.waitForSelector('#pa-version-list li[data-version="1"]');
  assert.match(await page.textContent('#pa-version-list li[data-version="1"]'), /Đang hiệu lực/);

  const pub = await anon().get('/api/v1/procedures/ED-77');
  assert.equal(pub.status, 200, pub.text);
  assert.equal(pub.json.version, 1);
  assert.equal(pub.json.components[0].doc_type, 'request_form');
  assert.equal(pub.json.fees[0].amount, 150000);
  assert.deepEqual(pub.json.process.map((s) => [s.role, s.unit, s.hours]), [['receiver', 'VP', 8], ['specialist', 'DNLD', 8]]);

  // A second version: the fee changes; the versions list says what changed.
  await page.fill('#pa-fees-0-amount', '200000');
  await page.click('#pa-publish');
  await page.waitForSelector('#pa-confirm-text');
  assert.match(await page.textContent('#pa-confirm-text'), /Phiên bản 2 của thủ tục ED-77/);
  await page.click('#pa-publish-yes');
  await page.waitForSelector('#pa-version-list li[data-version="2"]');
  assert.match(await page.textContent('#pa-version-list li[data-version="2"]'), /Phí Lệ phí xác nhận: 150\.000.*→ 200\.000/);
  // Version 2 is in force from today (the server's): version 1 is superseded.
  const published = (v) => page.waitForFunction((sel) => {
    const b = document.querySelector(sel);
    return b && !/Bản nháp/.test(b.textContent);
  }, `#pa-version-list li[data-version="${v}"] .badge`);
  await published(2);
  assert.match(await page.textContent('#pa-version-list li[data-version="2"] .badge'), /Đang hiệu lực/);
  assert.match(await page.textContent('#pa-version-list li[data-version="1"] .badge'), /Đã thay thế/);
  // A third one effective next year waits; version 2 stays in force.
  await page.fill('#pa-fees-0-amount', '250000');
  await page.click('#pa-publish');
  await page.waitForSelector('#pa-confirm-text');
  await page.fill('#pa-effective', `${Number(y) + 1}-${m}-01`);
  await page.click('#pa-publish-yes');
  await published(3);
  assert.match(await page.textContent('#pa-version-list li[data-version="3"] .badge'), /Chờ hiệu lực/);
  assert.match(await page.textContent('#pa-version-list li[data-version="2"] .badge'), /Đang hiệu lực/);
  assert.match(await page.textContent('#pa-version-list li[data-version="1"] .badge'), /Đã thay thế/);
  await shot(page, 'procedure-editor-desktop');

  // The public catalogue shows the new version.
  await page.click('#pa-public-link');
  await page.waitForSelector('#procedure-name');
  assert.equal((await page.textContent('#procedure-name')).trim(), 'Cấp giấy xác nhận thử nghiệm');
  assert.match(await page.textContent('#sec-summary'), /2/);
  assert.match(await page.textContent('#sec-fees'), /200\.000/);
  assert.match(await page.textContent('#components'), /Đơn đề nghị xác nhận/);
  await go(page, env.base, '#/?q=xac+nhan+thu+nghiem');
  await page.waitForSelector('.result[data-code="ED-77"]');
  await finish(p);
});

test('the editor works on a phone; others get no controls', async () => {
  const p = await openPage(env, { viewport: PHONE, expectedFailures: ['/api/v1/procedures'] });
  const { page } = p;
  await logIn(page, env.base, 'admin');
  await go(page, env.base, '#/procedures-admin');
  await page.waitForSelector('#pa-table');
  await assertNoHorizontalScroll(page);
  await shot(page, 'procedures-admin-phone');
  await axe(page, 'the procedures list on a phone');
  await page.click('#pa-edit-LD-02');
  await page.waitForSelector('#pa-components');
  assert.equal(await page.inputValue('#pa-code'), 'LD-02');
  assert.equal(await page.getAttribute('#pa-code', 'readonly'), '');
  // Reordering components moves the card.
  const first = await page.inputValue('#pa-components-0-name-vi');
  const second = await page.inputValue('#pa-components-1-name-vi');
  await page.click('#pa-component-list li[data-index="0"] button[aria-label^="Chuyển thành phần 1 xuống"]');
  assert.equal(await page.inputValue('#pa-components-0-name-vi'), second);
  assert.equal(await page.inputValue('#pa-components-1-name-vi'), first);
  await page.click('#pa-check');
  await page.waitForSelector('#pa-valid');
  await assertNoHorizontalScroll(page);
  await shot(page, 'procedure-editor-phone');
  await axe(page, 'the editor on a phone');
  // In English, the labels and the server's messages are English.
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('#pa-components-0-copies');
  assert.match(await page.textContent('#pa-check'), /Check/);
  await page.fill('#pa-components-0-copies', '11');
  await page.click('#pa-check');
  await page.waitForSelector('#pa-components-0-copies[aria-invalid="true"]');
  assert.equal((await page.textContent('#pa-components-0-copies-error')).trim(), 'must be from 1 to 10');
  await assertNoHorizontalScroll(page);
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
  await finish(p);

  const q = await openPage(env);
  await logIn(q.page, env.base, 'tiepnhan');
  await go(q.page, env.base, '#/procedures-admin');
  await q.page.waitForSelector('#pa-denied');
  assert.equal(await q.page.locator('#pa-table').count(), 0);
  await finish(q);
});

test('every seed procedure, opened in the editor and sent back, is its file again (nothing lost)', async () => {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
  const dir = path.join(root, 'data/catalogue');
  const seeds = readdirSync(dir).filter((f) => /^[A-Z]{2}-\d{2}\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
  assert.equal(seeds.length, 24);
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'admin');
  const drafts = await page.evaluate(async (codes) => {
    const m = await import('/js/pages/procedures-admin.js');
    const out = {};
    for (const c of codes) {
      const r = await fetch(`/api/v1/procedures/${c}`, { headers: { Accept: 'application/json' } });
      out[c] = m.cleaned(m.toDraft(await r.json()));
    }
    return out;
  }, seeds.map((s) => s.code));
  for (const seed of seeds) {
    const want = { ...seed };
    delete want.effective_from; // set when the version is published
    assert.deepEqual(drafts[seed.code], want, seed.code);
  }
  await finish(p);
});
