// An anonymous visit of the portal (issue 15): no error in the browser's
// console (GET /api/v1/auth/me answers 200 {"user": null}, not 401), and a
// fee whose amount is still to be confirmed is said plainly on the
// procedure's page, never as 0 or a blank.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, shot, finish, PHONE } from './helpers.mjs';

const env = useServerAndBrowser();

test('an anonymous visit logs no console error, /auth/me included', async () => {
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  const me = [];
  page.on('response', (r) => { if (r.url().includes('/api/v1/auth/me')) me.push(r.status()); });
  await go(page, env.base, '#/');
  await page.waitForSelector('.result');
  await go(page, env.base, '#/procedures/LD-02');
  await page.waitForSelector('#procedure-name');
  await go(page, env.base, '#/track');
  assert.ok(me.length >= 1, 'the page did not ask who is logged in');
  assert.deepEqual([...new Set(me)], [200]);
  // openPage() expects no failed request at all: finish() fails on any console error.
  assert.deepEqual(p.problems, []);
  await finish(p);
});

test('a fee to be confirmed says so plainly, in Vietnamese and in English', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/procedures/MT-01');
  await page.waitForSelector('#sec-fees');
  assert.equal((await page.textContent('#fees-unknown')).trim(),
    'Phí, lệ phí: chưa xác định — sẽ được thông báo khi tiếp nhận');
  const cell = (await page.locator('#sec-fees td.num').first().textContent()).trim();
  assert.equal(cell, 'Chưa xác định — sẽ được thông báo khi tiếp nhận');
  assert.doesNotMatch(cell, /^0|^$/);
  await shot(page, 'procedure-fee-unknown');
  // A procedure whose fee is known shows the amount and no such notice.
  await go(page, env.base, '#/procedures/LD-02');
  await page.waitForSelector('#sec-fees');
  assert.equal(await page.locator('#fees-unknown').count(), 0);
  assert.match(await page.locator('#sec-fees td.num').first().textContent(), /600\.000/);
  // English.
  await page.evaluate(() => localStorage.setItem('motcua.lang', 'en'));
  await go(page, env.base, '#/procedures/MT-01');
  await page.reload();
  await page.waitForSelector('html[lang="en"]');
  await page.waitForSelector('#fees-unknown');
  assert.equal((await page.textContent('#fees-unknown')).trim(),
    'Fees and charges: not yet determined — you will be told when the dossier is received');
  await finish(p);
});
