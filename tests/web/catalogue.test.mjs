// Browser tests of the public catalogue: listing, search without tone marks,
// filters, procedure detail, keyboard use and the phone layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, PHONE } from './helpers.mjs';

const env = useServerAndBrowser();

test('the catalogue lists procedures in Vietnamese', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/');
  await page.waitForSelector('.result');
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  const count = await page.locator('.result').count();
  assert.ok(count >= 10, `only ${count} procedures listed`);
  const status = await page.textContent('#results-status');
  assert.match(status, /^Tìm thấy \d+ thủ tục$/);
  // Each result shows code, field, time limit and online level.
  const first = page.locator('.result').first();
  assert.ok((await first.getAttribute('data-code')).length > 0);
  const meta = await first.locator('.result-meta').textContent();
  assert.match(meta, /Mã thủ tục/);
  assert.match(meta, /Lĩnh vực/);
  assert.match(meta, /(ngày làm việc|ngày|giờ làm việc)/);
  assert.match(meta, /(Trực tuyến toàn trình|Trực tuyến một phần|Nộp trực tiếp)/);
  // The live region announces the count.
  assert.equal(await page.getAttribute('#results-status', 'aria-live'), 'polite');
  assert.match(await page.textContent('.brand-agency'), /Ban Quản lý/);
  await shot(page, 'catalogue-desktop');
  await finish(p);
});

test('searching "giay phep lao dong" without tone marks finds LD-02', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/');
  await page.waitForSelector('.result');
  const box = page.getByLabel('Tìm thủ tục', { exact: true });
  await box.click();
  await box.pressSequentially('giay phep lao dong', { delay: 20 });
  const ld02 = page.locator('.result[data-code="LD-02"]');
  await ld02.waitFor();
  assert.match((await ld02.locator('.result-title').textContent()).toLowerCase(), /giấy phép lao động/);
  // Only matching procedures remain.
  await page.waitForFunction(() => !document.querySelector('.result[data-code="DT-01"]'));
  for (const title of await page.locator('.result-title').allTextContents()) {
    assert.match(title.toLowerCase(), /giấy phép lao động/, `unexpected result ${title}`);
  }
  assert.match(await page.textContent('#results-status'), /^Tìm thấy \d+ thủ tục$/);
  // The search is kept in the address.
  const hash = new URL(page.url()).hash;
  assert.equal(new URLSearchParams(hash.slice(hash.indexOf('?') + 1)).get('q'), 'giay phep lao dong');
  await shot(page, 'catalogue-search');
  await finish(p);
});

test('filtering by field shows only that field', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/');
  await page.waitForSelector('.result');
  const select = page.getByLabel('Lĩnh vực', { exact: true });
  await page.waitForSelector('select[name="field"] option[value="Xây dựng"]', { state: 'attached' });
  await select.selectOption('Xây dựng');
  await page.waitForFunction(() => [...document.querySelectorAll('.result')].length > 0
    && [...document.querySelectorAll('.result .result-meta')].every((m) => m.textContent.includes('Xây dựng')));
  const metas = await page.locator('.result .result-meta').allTextContents();
  assert.ok(metas.length >= 1);
  for (const m of metas) assert.match(m, /Xây dựng/);
  await finish(p);
});

test('a procedure page shows its components, time limit and legal basis', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/?q=LD-02');
  const link = page.locator('.result[data-code="LD-02"] .result-title a');
  await link.waitFor();
  await link.click();
  await page.waitForSelector('article.procedure[data-code="LD-02"]');
  assert.match((await page.textContent('h1')).toLowerCase(), /giấy phép lao động/);
  const rows = page.locator('#components tbody tr');
  assert.ok(await rows.count() >= 3, 'LD-02 has at least three components');
  const table = await page.textContent('#components');
  assert.match(table, /Bản chính|Bản sao chứng thực|Bản sao/);
  assert.match(table, /Bắt buộc/);
  const summary = await page.textContent('#sec-summary');
  assert.match(summary, /LD-02/);
  assert.match(summary, /5 ngày làm việc/);
  assert.match(summary, /Mức độ trực tuyến/);
  assert.ok(await page.locator('#sec-legal li').count() >= 1, 'legal basis listed');
  assert.ok(await page.locator('#sec-fees').count() === 1, 'fees section present');
  const fees = await page.textContent('#sec-fees');
  assert.ok(/đồng|Không thu phí|Theo quy định/.test(fees), `fees: ${fees}`);
  assert.match(await page.title(), /giấy phép lao động/i);
  await shot(page, 'procedure-desktop');
  // Back to the list.
  await page.click('.back-link');
  await page.waitForSelector('.result');
  await finish(p);
});

test('an unknown procedure says it is not found', async () => {
  const p = await openPage(env, { expectedFailures: ['/api/v1/procedures/NO-SUCH'] });
  const { page } = p;
  await go(page, env.base, '#/procedures/NO-SUCH');
  assert.equal(await page.textContent('h1'), 'Không tìm thấy thủ tục');
  await finish(p);
});

test('keyboard: Tab reaches the search box, then the results, and Enter opens one', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/');
  await page.waitForSelector('.result');
  // The first Tab lands on the skip link.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'skip-link');
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement && document.activeElement.name === 'q');
  }
  assert.ok(reached, 'the search box is reachable with Tab');
  // The focus is visible.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await page.keyboard.type('lao dong');
  await page.keyboard.press('Enter');     // submitting moves focus to the first result
  await page.waitForFunction(() => document.activeElement && document.activeElement.closest('.result'));
  const code = await page.evaluate(() => document.activeElement.closest('.result').dataset.code);
  assert.ok(code);
  // Tab moves on to the next result.
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => Boolean(document.activeElement.closest('.result'))), 'Tab reaches the next result');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`article.procedure[data-code="${code}"]`);
  // After navigation the heading has focus, for screen readers.
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
  await shot(page, 'keyboard-procedure');
  await finish(p);
});

test('the skip link moves focus to the main content', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  assert.equal(new URL(page.url()).hash, '#/');
  await finish(p);
});

test('on a phone the catalogue and a procedure fit the screen', async () => {
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await go(page, env.base, '#/');
  await page.waitForSelector('.result');
  await assertNoHorizontalScroll(page);
  await shot(page, 'catalogue-phone');
  await go(page, env.base, '#/procedures/LD-02');
  await page.waitForSelector('#components');
  await assertNoHorizontalScroll(page);
  // Table cells stack with their column name in front.
  const label = await page.evaluate(() => getComputedStyle(document.querySelector('#components tbody td'), '::before').content);
  assert.notEqual(label, 'none');
  await shot(page, 'procedure-phone');
  await finish(p);
});

test('pages of results and the online-level filter', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/');
  await page.waitForSelector('.result');
  const total = Number((await page.textContent('#results-status')).match(/\d+/)[0]);
  const firstPage = await page.locator('.result').evaluateAll((els) => els.map((e) => e.dataset.code));
  assert.equal(firstPage.length, Math.min(total, 20));
  if (total > 20) {
    await page.getByRole('button', { name: 'Trang 2', exact: true }).click();
    await page.waitForFunction((first) => document.querySelector('.result')?.dataset.code !== first, firstPage[0]);
    const second = await page.locator('.result').evaluateAll((els) => els.map((e) => e.dataset.code));
    assert.equal(second.length, Math.min(total - 20, 20));
    assert.ok(second.every((c) => !firstPage.includes(c)), 'page 2 holds other procedures');
    assert.ok(await page.evaluate(() => Boolean(document.activeElement.closest('.result'))), 'focus moves to the results');
    assert.equal(await page.getAttribute('button[aria-current="page"]', 'aria-label'), 'Trang 2');
  }
  await page.getByLabel('Mức độ trực tuyến').selectOption('full');
  await page.waitForFunction(() => {
    const r = [...document.querySelectorAll('.result .result-meta')];
    return r.length > 0 && r.every((m) => m.textContent.includes('Trực tuyến toàn trình'));
  });
  assert.match(new URL(page.url()).hash, /level=full/);
  assert.doesNotMatch(new URL(page.url()).hash, /page=/, 'a new filter starts at page 1');
  await finish(p);
});
