// Browser tests of the administrator's staff accounts (#/users, issue 15
// item 3): the home card opens it (no longer "Sắp có"); the list filters by
// text, unit, role and state; an account is created with a generated
// password shown once, a wrong input is shown at its field; roles and unit
// are changed; the password is reset and the account disabled, each after a
// confirmation, and the disabled officer's open session ends. Works at
// 390 px; other roles get a message and no controls. Screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, Client, PHONE, logIn } from './helpers.mjs';

const env = useServerAndBrowser();

async function apiAs(username) {
  const c = new Client(env.base);
  assert.equal((await c.login(username)).status, 200);
  return c;
}

test('the administrator finds, creates and changes accounts, resets a password and disables one', async () => {
  const p = await openPage(env, { expectedFailures: ['/api/v1/users'] });
  const { page } = p;
  await logIn(page, env.base, 'admin');
  const card = page.locator('[data-area="users"]');
  assert.equal(await card.locator('.badge-soon').count(), 0, 'no longer "Sắp có"');
  assert.equal(await page.getAttribute('#area-users', 'href'), '#/users');
  await page.click('#area-users');
  await page.waitForSelector('#users-table tr[data-username="tiepnhan"]');
  assert.match(await page.textContent('#users-count'), /trên \d+ tài khoản/);

  // Filters: unit, role, state, text.
  await page.selectOption('#users-f-unit', 'DNLD');
  await page.waitForFunction(() => !document.querySelector('#users-table tr[data-username="tiepnhan"]'));
  const dnld = await page.locator('#users-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.username));
  assert.deepEqual(dnld, ['chuyenvien', 'truongphong']);
  await page.selectOption('#users-f-role', 'head');
  await page.waitForFunction(() => document.querySelectorAll('#users-table tbody tr').length === 1);
  await page.selectOption('#users-f-unit', '');
  await page.selectOption('#users-f-role', '');
  await page.getByLabel('Tìm theo tên đăng nhập, họ tên, thư điện tử, điện thoại').fill('lanh');
  await page.click('#users-filter');
  await page.waitForFunction(() => document.querySelectorAll('#users-table tbody tr').length === 1);
  assert.equal(await page.locator('#users-table tbody tr').getAttribute('data-username'), 'lanhdao');
  await page.getByLabel('Tìm theo tên đăng nhập, họ tên, thư điện tử, điện thoại').fill('');
  await page.click('#users-filter');
  await page.waitForSelector('#users-table tr[data-username="tiepnhan"]');

  // Create: a bad e-mail is shown at its field, nothing is created.
  await page.fill('#user-username', 'tn.moi');
  await page.fill('#user-full-name', 'Phạm Thị Tiếp Nhận');
  await page.fill('#user-email', 'khong-phai-thu');
  await page.selectOption('#user-unit', 'VP');
  await page.check('#user-role-receiver');
  await page.click('#user-save');
  await page.waitForSelector('#user-email[aria-invalid="true"]');
  assert.ok((await page.textContent('#user-email-error')).trim().length > 0);
  const admin = await apiAs('admin');
  assert.equal((await admin.get('/api/v1/users/tn.moi')).status, 404);
  // Corrected: created, the generated password shown once.
  await page.fill('#user-email', 'tn.moi@example.vn');
  await page.click('#user-save');
  await page.waitForSelector('#user-initial-password');
  const pw = (await page.textContent('#user-initial-password')).trim();
  assert.match(pw, /^[A-Za-z0-9_-]{16}$/);
  assert.match(await page.textContent('#users-status'), /Đã tạo tài khoản tn\.moi/);
  await page.waitForSelector('#users-table tr[data-username="tn.moi"]');
  assert.match(await page.textContent('#users-table tr[data-username="tn.moi"]'), /Chưa đổi mật khẩu được cấp/);
  await shot(page, 'users-desktop');

  // Change roles and unit.
  await page.click('#user-edit-tn\\.moi');
  await page.waitForSelector('#user-cancel');
  assert.equal(await page.getAttribute('#user-username', 'readonly'), '');
  await page.check('#user-role-office');
  await page.selectOption('#user-unit', 'BQL');
  await page.click('#user-save');
  await page.waitForFunction(() => /Đã lưu tài khoản tn\.moi/.test(document.querySelector('#users-status').textContent));
  let u = (await admin.get('/api/v1/users/tn.moi')).json;
  assert.deepEqual(u.roles, ['receiver', 'office']);
  assert.equal(u.unit.code, 'BQL');
  assert.match(await page.textContent('#user-history'), /đơn vị BQL; vai trò: Cán bộ Bộ phận Một cửa, Văn phòng — admin/);

  // The officer is logged in; reset the password (confirmed), then disable (confirmed).
  const officer = new Client(env.base);
  assert.equal((await officer.login('tn.moi', pw)).status, 200);
  await page.click('#user-reset');
  await page.waitForSelector('#user-confirm');
  assert.match(await page.textContent('#user-confirm'), /Đặt lại mật khẩu của tn\.moi\?/);
  await page.keyboard.press('Escape');
  await page.waitForSelector('#user-reset');
  assert.equal(await page.locator('#user-confirm').count(), 0, 'Escape closes the confirmation');
  assert.equal((await officer.get('/api/v1/auth/me')).json.user.username, 'tn.moi', 'cancelled: nothing changed');
  await page.click('#user-reset');
  await page.click('#user-confirm-yes');
  await page.waitForFunction(() => /Đã đặt lại mật khẩu của tn\.moi/.test(document.querySelector('#users-status').textContent));
  const pw2 = (await page.textContent('#user-initial-password')).trim();
  assert.notEqual(pw2, pw);
  assert.equal((await officer.get('/api/v1/auth/me')).json.user, null, 'the reset ended the session');
  assert.equal((await officer.login('tn.moi', pw2)).status, 200);

  await page.click('#user-disable');
  await page.waitForSelector('#user-confirm');
  await page.click('#user-confirm-no');
  await page.waitForSelector('#user-disable');
  assert.equal((await admin.get('/api/v1/users/tn.moi')).json.active, true, 'cancelled: still active');
  await page.click('#user-disable');
  await page.waitForSelector('#user-confirm');
  assert.match(await page.textContent('#user-confirm'), /Vô hiệu hóa tài khoản tn\.moi\?/);
  await shot(page, 'users-confirm');
  await page.click('#user-confirm-yes');
  await page.waitForFunction(() => /Đã vô hiệu hóa tài khoản tn\.moi/.test(document.querySelector('#users-status').textContent));
  assert.match(await page.textContent('#user-state'), /Đã vô hiệu hóa/);
  assert.equal((await officer.get('/api/v1/auth/me')).json.user, null, 'the disabled officer\'s session ended');
  const again = await new Client(env.base).login('tn.moi', pw2);
  assert.equal(again.status, 403);
  assert.equal(again.json.error.code, 'ACCOUNT_INACTIVE');
  u = (await admin.get('/api/v1/users/tn.moi')).json;
  assert.equal(u.active, false);
  // Enabled again from the same place.
  await page.click('#user-enable');
  await page.waitForFunction(() => /Đã kích hoạt lại tài khoản tn\.moi/.test(document.querySelector('#users-status').textContent));
  assert.equal((await admin.get('/api/v1/users/tn.moi')).json.active, true);
  await finish(p);
});

test('the users page works on a phone and in English, and other roles get no controls', async () => {
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await logIn(page, env.base, 'admin');
  await go(page, env.base, '#/users');
  await page.waitForSelector('#users-table');
  await page.waitForSelector('#user-form');
  await assertNoHorizontalScroll(page);
  await shot(page, 'users-phone');
  await page.click('#user-edit-truongphong');
  await page.waitForSelector('#user-reset');
  // One's own account: no reset or disable here, a link to one's own password.
  await page.click('#user-edit-admin');
  await page.waitForSelector('#user-own-password');
  assert.equal(await page.locator('#user-reset, #user-disable').count(), 0);
  await page.click('#user-edit-truongphong');
  await page.waitForSelector('#user-reset');
  await assertNoHorizontalScroll(page);
  await shot(page, 'users-phone-edit');
  await finish(p);

  const e = await openPage(env);
  await logIn(e.page, env.base, 'admin');
  await e.page.evaluate(() => localStorage.setItem('motcua.lang', 'en'));
  await go(e.page, env.base, '#/users');
  await e.page.reload();
  await e.page.waitForSelector('html[lang="en"]');
  await e.page.waitForSelector('#users-table');
  assert.match(await e.page.textContent('#users-count'), /of \d+ accounts/);
  assert.equal((await e.page.textContent('#users-title')).trim(), 'Users');
  await finish(e);

  const q = await openPage(env);
  await logIn(q.page, env.base, 'lanhdao');
  await go(q.page, env.base, '#/users');
  await q.page.waitForSelector('#users-denied');
  assert.equal(await q.page.locator('#user-form').count(), 0);
  await finish(q);
});

test('an officer given a password by the administrator changes it before anything else', async () => {
  const admin = await apiAs('admin');
  const r = await admin.post('/api/v1/users', { username: 'cv.moi', full_name: 'Chuyên Viên Mới', roles: ['specialist'], unit: 'DNLD' });
  assert.equal(r.status, 201, r.text);
  const p = await openPage(env, { viewport: PHONE, expectedFailures: ['/api/v1/auth/password'] });
  const { page } = p;
  await go(page, env.base, '#/login');
  await page.getByLabel('Tên đăng nhập').fill('cv.moi');
  await page.getByLabel('Mật khẩu').fill(r.json.initial_password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForSelector('#pw-forced');
  await go(page, env.base, '#/inbox');
  await page.waitForSelector('#pw-forced'); // every route until it is changed
  await assertNoHorizontalScroll(page);
  await shot(page, 'password-forced-phone');
  // The two new ones differ: said at the field, nothing sent.
  await page.fill('#pw-current', r.json.initial_password);
  await page.fill('#pw-new', 'Hoa-ban-trang-4');
  await page.fill('#pw-again', 'Hoa-ban-trang-5');
  await page.click('#pw-save');
  await page.waitForSelector('#pw-again[aria-invalid="true"]');
  // A wrong current password: the server's error at that field.
  await page.fill('#pw-current', 'khong-dung-1234');
  await page.fill('#pw-again', 'Hoa-ban-trang-4');
  await page.click('#pw-save');
  await page.waitForSelector('#pw-current[aria-invalid="true"]');
  await page.fill('#pw-current', r.json.initial_password);
  await page.click('#pw-save');
  // On to the page that was opened.
  await page.waitForSelector('#pw-form', { state: 'detached' });
  await page.waitForFunction(() => location.hash === '#/inbox');
  const c = new Client(env.base);
  assert.equal((await c.login('cv.moi', 'Hoa-ban-trang-4')).status, 200);
  assert.equal((await c.get('/api/v1/auth/me')).json.user.must_change_password, false);
  await finish(p);
});
