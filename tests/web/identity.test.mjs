// Browser test of identity binding (issue 10): a citizen sees that their
// account is not verified; the receiving officer verifies it from the desk
// page, and the citizen's home then says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, shot, finish, DEMO_PASSWORD, Client } from './helpers.mjs';

const env = useServerAndBrowser();

async function logIn(page, username, password) {
  await go(page, env.base, '#/login');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForSelector('#home-greeting');
}

test('the desk verifies a citizen\'s account; the citizen\'s home shows it', async () => {
  const reg = await new Client(env.base).post('/api/v1/auth/register', { kind: 'person', id_number: '037190008888',
    full_name: 'Vũ Thị Hoa', email: 'hoa@example.vn', username: 'vuthihoa', password: 'mat-khau-rat-dai-3' });
  assert.equal(reg.status, 202, reg.text);

  let p = await openPage(env);
  await logIn(p.page, 'vuthihoa', 'mat-khau-rat-dai-3');
  assert.match(await p.page.textContent('#home-identity'), /Chưa xác thực/);
  await finish(p);

  p = await openPage(env, { expectedFailures: ['/api/v1/accounts/vuthihoa/verification'] });
  const { page } = p;
  await logIn(page, 'tiepnhan', DEMO_PASSWORD);
  await go(page, env.base, '#/desk');
  await page.waitForSelector('#desk-verify-form');
  await page.getByLabel('Tên đăng nhập của công dân').fill('vuthihoa');
  await page.getByLabel('Số định danh cá nhân hoặc mã số thuế').fill('037190008889');
  await page.click('#verify-submit');
  // A number other than the registered one names the field.
  await page.waitForSelector('#desk-verify-form .has-error');
  assert.match(await page.textContent('#desk-verify-form .has-error'), /không khớp/);
  await page.getByLabel('Số định danh cá nhân hoặc mã số thuế').fill('037190008888');
  await page.click('#verify-submit');
  await page.waitForSelector('#verify-done');
  assert.match(await page.textContent('#verify-done'), /vuthihoa.*Vũ Thị Hoa.*037190008888/);
  await shot(page, 'desk-verify');
  await finish(p);

  p = await openPage(env);
  await logIn(p.page, 'vuthihoa', 'mat-khau-rat-dai-3');
  assert.match(await p.page.textContent('#home-identity'), /Đã xác thực tại bộ phận một cửa/);
  await finish(p);
});
