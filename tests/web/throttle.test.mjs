// Log-in throttling as the user sees it: after repeated wrong passwords from
// one address the server answers 429 with Retry-After, and the page says how
// long to wait, even for the right password. The first wait is raised to two
// minutes here so that the browser's try falls inside it. A file of its own,
// so that the throttle cannot touch the other log-in tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, shot, finish, Client, submitLogin } from './helpers.mjs';

const env = useServerAndBrowser({ args: ['--login.backoff_seconds', '120'] });

test('a throttled log-in says how long to wait', async () => {
  const api = new Client(env.base);
  let r;
  for (let i = 0; i < 20; i++) {
    r = await api.login('vanphong', 'wrong-password');
    if (r.status === 429) break;
  }
  assert.equal(r.status, 429, 'the server throttles repeated wrong passwords');
  assert.ok(Number(r.headers.get('retry-after')) > 60, `Retry-After: ${r.headers.get('retry-after')}`);

  const p = await openPage(env, { expectedFailures: ['/api/v1/auth/login'] });
  const { page } = p;
  await go(page, env.base, '#/login');
  await submitLogin(page, 'vanphong');
  await page.waitForSelector('#login-alert .alert-error');
  assert.match(await page.textContent('#login-alert'), /^Bạn đã thử quá nhiều lần\. Vui lòng thử lại sau (1[01]\d|120) giây\.$/);
  assert.equal(new URL(page.url()).hash, '#/login');
  await shot(page, 'login-throttled');
  await finish(p);
});
