// Log-in throttling as the user sees it: after repeated wrong passwords the
// server answers 429 and the page says to wait, even for the right password.
// A file of its own, so that the throttle cannot touch the other log-in tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, shot, finish, DEMO_PASSWORD, Client } from './helpers.mjs';

const env = useServerAndBrowser();

test('a throttled log-in says to wait', async () => {
  const api = new Client(env.base);
  let status = 0;
  for (let i = 0; i < 20 && status !== 429; i++) status = (await api.login('vanphong', 'wrong-password')).status;
  assert.equal(status, 429, 'the server throttles repeated wrong passwords');

  const p = await openPage(env, { expectedFailures: ['/api/v1/auth/login'] });
  const { page } = p;
  await go(page, env.base, '#/login');
  await page.getByLabel('Tên đăng nhập').fill('vanphong');
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForSelector('#login-alert .alert-error');
  assert.equal(await page.textContent('#login-alert'), 'Bạn đã thử quá nhiều lần. Vui lòng đợi vài phút rồi thử lại.');
  assert.equal(new URL(page.url()).hash, '#/login');
  await shot(page, 'login-throttled');
  await finish(p);
});
