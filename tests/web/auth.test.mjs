// Browser tests of log-in, log-out, the officer home and citizen
// self-registration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, DEMO_PASSWORD, Client, PHONE, submitLogin } from './helpers.mjs';

const env = useServerAndBrowser();

test('admin logs in and sees the officer home with their name', async () => {
  const api = new Client(env.base);
  const r = await api.login('admin');
  assert.equal(r.status, 200, 'admin can log in over the API');
  const fullName = r.json.user.full_name;

  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/');
  await page.click('#login-link');
  await page.waitForSelector('#login-form');
  // Without oidc.issuer the page offers no identity provider (tests/web/oidc.test.mjs).
  assert.equal(await page.locator('#login-oidc').count(), 0, 'a provider button without a provider');
  await submitLogin(page, 'admin', DEMO_PASSWORD);
  await page.waitForSelector('#home-greeting');
  assert.equal(new URL(page.url()).hash, '#/home');
  assert.equal(await page.textContent('#home-greeting'), `Xin chào, ${fullName}`);
  assert.match(await page.textContent('.user-facts'), /Quản trị hệ thống/);
  assert.ok(await page.locator('.area-card').count() >= 1, 'work areas shown');
  // Every area of an administrator has its page now (users, procedures: issue 15).
  assert.doesNotMatch(await page.textContent('.card-grid'), /Sắp có/);
  // The working calendar card leads to this year's calendar.
  assert.equal(await page.getAttribute('#area-calendar', 'href'), `#/calendar/${new Date().getFullYear()}`);
  assert.equal(await page.textContent('#area-calendar'), 'Lịch làm việc');
  assert.match(await page.textContent('#account'), new RegExp(fullName));
  assert.equal(await page.textContent('.nav-list'), 'Thủ tục hành chínhTra cứu hồ sơChất lượng phục vụPhản ánh, kiến nghịTrang cán bộ');
  await shot(page, 'home-admin');

  // The session survives a reload (GET /auth/me).
  await go(page, env.base, '#/home');
  await page.waitForSelector('#home-greeting');

  // Log out sends the CSRF token and drops the session.
  const logoutReply = page.waitForResponse((res) => res.url().endsWith('/api/v1/auth/logout'));
  await page.click('#logout-button');
  const res = await logoutReply;
  assert.equal(res.status(), 204);
  assert.ok(res.request().headers()['x-csrf-token'], 'log-out sends X-CSRF-Token');
  await page.waitForSelector('#login-link');
  await go(page, env.base, '#/home');
  await page.waitForSelector('#login-form');   // home needs a log-in again
  await finish(p);
});

test('the receiver sees the desk and their unit', async () => {
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await go(page, env.base, '#/login');
  await submitLogin(page, 'tiepnhan', DEMO_PASSWORD);
  await page.waitForSelector('#home-greeting');
  const cards = await page.locator('.area-card h3').allTextContents();
  assert.ok(cards.includes('Tiếp nhận'), `cards: ${cards}`);
  assert.match(await page.textContent('.user-facts'), /Cán bộ Bộ phận Một cửa/);
  assert.doesNotMatch(await page.textContent('.user-facts'), /Không thuộc đơn vị nào/, 'tiepnhan belongs to a unit');
  await assertNoHorizontalScroll(page);
  await shot(page, 'home-receiver-phone');
  await finish(p);
});

test('a wrong password shows an error and stays on the log-in page', async () => {
  const p = await openPage(env, { expectedFailures: ['/api/v1/auth/login'] });
  const { page } = p;
  await go(page, env.base, '#/login');
  await submitLogin(page, 'admin', 'not-the-password');
  await page.waitForSelector('#login-alert .alert-error');
  assert.equal(await page.textContent('#login-alert'), 'Tên đăng nhập hoặc mật khẩu không đúng.');
  assert.equal(await page.getAttribute('#login-alert', 'role'), 'alert');
  assert.equal(new URL(page.url()).hash, '#/login');
  assert.equal(await page.inputValue('input[name="password"]'), '');
  assert.ok(await page.locator('#login-link').count() === 1, 'still logged out');
  await shot(page, 'login-failed');
  await finish(p);
});

test('an empty log-in form is refused before it is sent', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/login');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  assert.equal(await page.textContent('#login-alert'), 'Vui lòng nhập tên đăng nhập và mật khẩu.');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'username');
  await finish(p);
});

test('registration checks the ID number next to the field', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/register');
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill('12345');
  await page.getByLabel('Họ và tên').fill('Nguyễn Văn Thử');
  await page.getByLabel('Thư điện tử').fill('thu@example.vn');
  await page.getByLabel('Tên đăng nhập').fill('nguyenvanthu');
  await page.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-dai-2024');
  await page.getByLabel('Nhập lại mật khẩu').fill('mat-khau-dai-2024');
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  const err = page.locator('input[name="id_number"]').locator('xpath=..').locator('.field-error');
  assert.equal(await err.textContent(), 'Số định danh cá nhân phải gồm đúng 12 chữ số.');
  assert.equal(await page.getAttribute('input[name="id_number"]', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'id_number');
  // An organisation is asked for a tax code instead.
  await page.getByLabel('Tổ chức, doanh nghiệp').check();
  assert.ok(await page.locator('input[name="tax_code"]').isVisible());
  assert.ok(!(await page.locator('input[name="id_number"]').isVisible()));
  assert.ok(await page.getByLabel('Tên tổ chức, doanh nghiệp').isVisible());
  await shot(page, 'register-errors');
  await finish(p);
});

test('a citizen registers, then logs in to their own page', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/register');
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001099012345');
  await page.getByLabel('Họ và tên').fill('Lê Thị Đăng Ký');
  await page.getByLabel('Thư điện tử').fill('dangky@example.vn');
  await page.getByLabel('Tên đăng nhập').fill('lethidangky');
  await page.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-dai-2024');
  await page.getByLabel('Nhập lại mật khẩu').fill('mat-khau-dai-2024');
  const reply = page.waitForResponse((res) => res.url().endsWith('/api/v1/auth/register'));
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  const res = await reply;
  assert.equal(res.status(), 202, `register answered ${res.status()}: ${await res.text()}`);
  await page.waitForSelector('#login-form');
  assert.match(await page.textContent('main'), /Đã nhận đăng ký\. Vui lòng xem thư điện tử/);
  assert.equal(await page.inputValue('input[name="username"]'), 'lethidangky');
  await page.getByLabel('Mật khẩu').fill('mat-khau-dai-2024');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForSelector('#home-greeting');
  assert.equal(await page.textContent('#home-greeting'), 'Xin chào, Lê Thị Đăng Ký');
  assert.match(await page.textContent('.user-facts'), /Công dân, tổ chức/);
  assert.match(await page.textContent('.card-grid'), /Hồ sơ của tôi/);
  await shot(page, 'home-citizen');
  await finish(p);
});

// A taken username is not told on the page (that would tell a
// stranger who has an account): the page says the same as for a free one,
// and the owner is told by e-mail (tests/api/lockout.test.mjs).
test('registering a taken username looks the same as registering a free one', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/register');
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001099054321');
  await page.getByLabel('Họ và tên').fill('Trùng Tên');
  await page.getByLabel('Thư điện tử').fill('trung@example.vn');
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-dai-2024');
  await page.getByLabel('Nhập lại mật khẩu').fill('mat-khau-dai-2024');
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  await page.waitForSelector('#login-form');
  assert.match(await page.textContent('main'), /Đã nhận đăng ký\. Vui lòng xem thư điện tử/);
  assert.equal(await page.inputValue('input[name="username"]'), 'admin');
  await finish(p);
});

test('an ID number the server refuses (no province code) is named next to that field; a claimed one is not refused', async () => {
  // The page checks 12 digits; the server also checks the province code
  // (issue 10) and names the field in its reply.
  const p = await openPage(env, { expectedFailures: ['/api/v1/auth/register'] });
  const { page } = p;
  await go(page, env.base, '#/register');
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill('000099077777');
  await page.getByLabel('Họ và tên').fill('Người Thứ Hai');
  await page.getByLabel('Thư điện tử').fill('hai@example.vn');
  await page.getByLabel('Tên đăng nhập').fill('nguoithuhai');
  await page.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-dai-2024');
  await page.getByLabel('Nhập lại mật khẩu').fill('mat-khau-dai-2024');
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  const err = page.locator('input[name="id_number"]').locator('xpath=..').locator('.field-error');
  await err.waitFor();
  assert.match(await err.textContent(), /Trường có giá trị không hợp lệ/);
  assert.equal(await page.evaluate(() => document.activeElement.name), 'id_number');
  // A number someone else registered with is only claimed: registering with it works.
  const first = await env.api.post('/api/v1/auth/register', {
    kind: 'person', id_number: '001099077777', full_name: 'Người Đầu Tiên',
    email: 'dau@example.vn', username: 'nguoidautien', password: 'mat-khau-dai-2024',
  });
  assert.equal(first.status, 202, first.text);
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001099077777');
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  await page.waitForSelector('#login-form');
  await finish(p);
});

test('a common password is refused next to the password field', async () => {
  const p = await openPage(env, { expectedFailures: ['/api/v1/auth/register'] });
  const { page } = p;
  await go(page, env.base, '#/register');
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001099088888');
  await page.getByLabel('Họ và tên').fill('Mật Khẩu Yếu');
  await page.getByLabel('Thư điện tử').fill('yeu@example.vn');
  await page.getByLabel('Tên đăng nhập').fill('matkhauyeu');
  await page.getByLabel('Mật khẩu', { exact: true }).fill('iloveyou');
  await page.getByLabel('Nhập lại mật khẩu').fill('iloveyou');
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  const err = page.locator('input[name="password"]').locator('xpath=..').locator('.field-error');
  await err.waitFor();
  assert.match(await err.textContent(), /Mật khẩu quá dễ đoán/);
  assert.equal(await page.evaluate(() => document.activeElement.name), 'password');
  await finish(p);
});

test('a username the server does not accept is refused next to the field', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/register');
  await page.getByLabel('Tên đăng nhập').fill('Họ Tên');
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  const err = page.locator('input[name="username"]').locator('xpath=..').locator('.field-error');
  assert.match(await err.textContent(), /3 đến 64 ký tự/);
  await finish(p);
});
