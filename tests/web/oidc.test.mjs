// Browser test of log-in through the identity provider (issue 10): with a
// provider configured (the stand-in of tests/lib/oidc-provider.mjs on
// 127.0.0.1), the log-in page offers it next to the password form, in
// Vietnamese and in English, and its button leads through the provider's
// flow to the citizen's home, logged in to an account verified for the ID
// number the provider vouched for. Without a provider the button is absent
// (tests/web/auth.test.mjs).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, PHONE, Client, logIn } from './helpers.mjs';
import { startProvider } from '../lib/oidc-provider.mjs';

/** A free loopback port: the provider must know where to send the browser back. */
const port = await new Promise((resolve, reject) => {
  const s = net.createServer();
  s.on('error', reject);
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const idp = await startProvider();
after(() => idp.stop());
const env = useServerAndBrowser({ args: ['--listen', `127.0.0.1:${port}`,
  '--oidc.issuer', idp.issuer, '--oidc.client_id', idp.clientId, '--oidc.client_secret', idp.clientSecret,
  '--oidc.id_claim', 'id_number', '--oidc.redirect_uri', `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`] });

test('the log-in page offers the identity provider, whose flow ends logged in and verified', async () => {
  idp.mode = null;
  idp.user = { id_number: '079301003333', name: 'Trịnh Văn Định', email: 'dinh@example.vn' };
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await go(page, env.base, '#/login');
  await page.waitForSelector('#login-form');
  const button = page.getByRole('link', { name: 'Đăng nhập qua nhà cung cấp định danh' });
  assert.ok(await button.isVisible(), 'no provider button');
  assert.equal(await button.getAttribute('href'), '/api/v1/auth/oidc/start');
  // Below the password form, which stays the first way in.
  const [formBox, buttonBox] = [await page.locator('#login-form').boundingBox(), await button.boundingBox()];
  assert.ok(buttonBox.y > formBox.y + formBox.height - 1, 'the provider comes after the password form');
  assert.ok(buttonBox.height >= 44, `the button is ${buttonBox.height}px tall: too small to tap`);
  await assertNoHorizontalScroll(page);
  await shot(page, 'login-oidc-phone');

  await button.click();
  await page.waitForSelector('#home-greeting');
  assert.equal(new URL(page.url()).hash, '#/home');
  assert.equal(await page.textContent('#home-greeting'), 'Xin chào, Trịnh Văn Định');
  assert.match(await page.textContent('#home-identity'), /Đã xác thực qua nhà cung cấp định danh/);
  const me = await page.evaluate(async () => (await (await fetch('/api/v1/auth/me')).json()).user);
  assert.equal(me.id_number, '079301003333');
  assert.deepEqual(me.roles, ['citizen']);
  assert.equal(me.verified.how, 'oidc');
  await finish(p);
});

test('in English the button says so', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/login');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('#login-oidc-start');
  assert.equal((await page.textContent('#login-oidc-start')).trim(), 'Log in with the identity provider');
  assert.match(await page.textContent('#login-oidc'), /For citizens/);
  await finish(p);
});

test('an unverified citizen\'s home offers the identity provider next to the desk', async () => {
  const reg = await new Client(env.base).post('/api/v1/auth/register', { kind: 'person', id_number: '079301004444',
    full_name: 'Đỗ Thị Lan', email: 'lan@example.vn', username: 'dothilan', password: 'mat-khau-rat-dai-5' });
  assert.equal(reg.status, 202, reg.text);
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await logIn(page, env.base, 'dothilan', 'mat-khau-rat-dai-5');
  const card = page.locator('[data-area="verify"]');
  assert.match(await card.textContent(), /bộ phận một cửa.*dothilan/);
  const link = card.getByRole('link', { name: 'Xác thực qua nhà cung cấp định danh' });
  assert.equal(await link.getAttribute('href'), '/api/v1/auth/oidc/start');
  assert.equal(await page.locator('[data-area="dataStore"]').count(), 0);
  await assertNoHorizontalScroll(page);
  await shot(page, 'home-unverified-oidc-phone');
  await finish(p);
});
