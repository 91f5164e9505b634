// Browser test of the staff's feedback pages (issue 14), for defects a
// stranger found: the desk's entry form defaulted to "online" (an anonymous
// item the desk could not open again), and the item page lacked key facts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, logIn, finish } from './helpers.mjs';

const env = useServerAndBrowser();
const state = {};

test('the desk records a phone call (no online channel offered), reopens it from the receipt and finds it in its inbox', async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'tiepnhan');
  await go(page, env.base, '#/feedback/send');
  await page.waitForSelector('#feedback-form select[name="channel"]');
  assert.equal(await page.inputValue('select[name="channel"]'), 'phone');
  const channels = await page.$$eval('select[name="channel"] option', (os) => os.map((o) => o.value));
  assert.ok(!channels.includes('online'), JSON.stringify(channels));
  await page.getByLabel('Họ và tên người gửi').fill('Đinh Thị Thu');
  await page.getByLabel('Tiêu đề').fill('Gọi điện hỏi về giấy phép');
  await page.getByLabel('Nội dung phản ánh, kiến nghị').fill('Bà Thu gọi điện phản ánh thời gian chờ.');
  await page.click('#feedback-submit');
  await page.waitForSelector('#feedback-receipt');
  const code = (await page.textContent('#feedback-code')).trim();
  state.code = code;
  await page.click('#feedback-item-link');
  await page.waitForSelector('#feedback-card');
  assert.match(await page.textContent('#feedback-history'), /tiepnhan/);
  await go(page, env.base, '#/feedback/inbox');
  await page.waitForSelector(`#feedback-inbox tr[data-code="${code}"]`);
  await finish(p);
});

test('the Office sees every running deadline on the item page and the nearest one in the inbox', async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'vanphong');
  await go(page, env.base, '#/feedback/inbox');
  await page.waitForSelector(`#feedback-inbox tr[data-code="${state.code}"] td.fb-due[data-kind="refuse"]`);
  assert.match(await page.textContent(`#feedback-inbox tr[data-code="${state.code}"] td.fb-due`), /Từ chối hoặc phân loại trước/);
  await go(page, env.base, `#/feedback/items/${state.code}`);
  await page.waitForSelector('#feedback-deadlines');
  const kinds = await page.$$eval('#feedback-deadlines li', (ls) => ls.map((l) => l.dataset.kind));
  assert.deepEqual(kinds, ['refuse', 'request_info', 'answer']);
  await finish(p);
});
