// Browser test of identity binding (issue 10): a citizen sees that their
// account is not verified; the receiving officer verifies it from the desk
// page, and the citizen's home then says so. At phone width: a number typed
// with spaces as read off the card is accepted, a bad one says why, an
// account verified elsewhere points at the "replace" box, and the home of an
// unverified citizen offers verification instead of a data store that would
// refuse them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, DEMO_PASSWORD, Client, PHONE, DESKTOP, SHOTS, logIn } from './helpers.mjs';

const env = useServerAndBrowser();

test('the desk verifies a citizen\'s account; the citizen\'s home shows it', async () => {
  const reg = await new Client(env.base).post('/api/v1/auth/register', { kind: 'person', id_number: '037190008888',
    full_name: 'Vũ Thị Hoa', email: 'hoa@example.vn', username: 'vuthihoa', password: 'mat-khau-rat-dai-3' });
  assert.equal(reg.status, 202, reg.text);

  let p = await openPage(env);
  await logIn(p.page, env.base, 'vuthihoa', 'mat-khau-rat-dai-3');
  assert.match(await p.page.textContent('#home-identity'), /Chưa xác thực/);
  await finish(p);

  p = await openPage(env, { expectedFailures: ['/api/v1/accounts/vuthihoa/verification'] });
  const { page } = p;
  await logIn(page, env.base, 'tiepnhan', DEMO_PASSWORD);
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
  await logIn(p.page, env.base, 'vuthihoa', 'mat-khau-rat-dai-3');
  assert.match(await p.page.textContent('#home-identity'), /Đã xác thực tại bộ phận một cửa/);
  await finish(p);
});

async function register(username, idNumber) {
  const reg = await new Client(env.base).post('/api/v1/auth/register', { kind: 'person', id_number: idNumber,
    full_name: 'Lê Văn Cường', email: `${username}@example.vn`, username, password: 'mat-khau-rat-dai-4' });
  assert.equal(reg.status, 202, reg.text);
}

/** The error shown under the field named name, or '' when none is. */
async function fieldError(page, name) {
  const id = await page.locator(`input[name="${name}"]`).getAttribute('id');
  const err = page.locator(`#${id}-error`);
  return (await err.isHidden()) ? '' : err.textContent();
}

for (const [width, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
  test(`desk verification at ${width} width: spaced numbers, the API's reasons, the replace box`, async () => {
    const suffix = width === 'phone' ? '1' : '2';
    const num = `03719000777${suffix}`;
    await register(`cuong-cu-${width}`, num);
    await register(`cuong-moi-${width}`, num);
    const p = await openPage(env, { viewport, expectedFailures: ['/verification'] });
    const { page } = p;
    const sent = [];
    page.on('request', (r) => { if (r.url().endsWith('/verification')) sent.push(JSON.parse(r.postData())); });
    await logIn(page, env.base, 'tiepnhan', DEMO_PASSWORD);
    await go(page, env.base, '#/desk');
    await page.waitForSelector('#desk-verify-form');
    const numberLabel = 'verify-number';
    const number = page.getByLabel('Số định danh cá nhân hoặc mã số thuế');
    await page.getByLabel('Tên đăng nhập của công dân').fill(`cuong-cu-${width}`);

    // One digit short, typed in groups: the field keeps every character and
    // the page says how many digits there are, without asking the server.
    await number.fill(`037 190 007 77`);
    assert.equal(await number.inputValue(), '037 190 007 77');
    await page.click('#verify-submit');
    assert.match(await fieldError(page, numberLabel), /11 chữ số.*12 chữ số/);
    assert.equal(sent.length, 0, 'a number of the wrong length was sent');

    // All zeros: the server's reason, in Vietnamese, under the field.
    await number.fill('000 000 000 000');
    await page.click('#verify-submit');
    await page.waitForFunction(() => document.querySelector('#desk-verify-form .has-error .field-error:not([hidden])'));
    assert.match(await fieldError(page, numberLabel), /toàn chữ số 0/);
    await page.locator('#desk-verify').screenshot({ path: path.join(SHOTS, `desk-verify-section-zeros-${width}.png`) });
    assert.deepEqual(sent.pop(), { evidence: 'CCCD', replace: false, id_number: '000000000000' });

    // An empty paper is missing, not too short.
    await number.fill(`037 190 007 77${suffix}`);
    await page.getByLabel('Giấy tờ đã đối chiếu').fill('  ');
    await page.click('#verify-submit');
    assert.match(await fieldError(page, 'verify-evidence'), /Vui lòng nhập giấy tờ đã đối chiếu/);
    assert.equal(await fieldError(page, numberLabel), '');

    // The number as read off the card, with spaces, verifies the account.
    await page.getByLabel('Giấy tờ đã đối chiếu').fill('CCCD');
    await page.click('#verify-submit');
    await page.waitForSelector('#verify-done');
    assert.deepEqual(sent.pop(), { evidence: 'CCCD', replace: false, id_number: num });
    assert.match(await page.textContent('#verify-done'), new RegExp(`cuong-cu-${width}.*${num}`));

    // The same number for a second account: the message sits at the replace
    // box, which gets the focus; ticking it moves the verification.
    await page.getByLabel('Tên đăng nhập của công dân').fill(`cuong-moi-${width}`);
    await page.click('#verify-submit');
    await page.waitForSelector('#verify-replace-row.has-error');
    assert.match(await page.textContent('#verify-replace-error'), /Đã có tài khoản khác.*đánh dấu ô dưới đây/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'verify-replace');
    assert.equal(await page.getAttribute('#verify-replace', 'aria-describedby'), 'verify-replace-error');
    assert.equal(await fieldError(page, numberLabel), '');
    // The box sits on its label's line, at its start.
    const [box, label] = [await page.locator('#verify-replace').boundingBox(), await page.locator('label[for="verify-replace"] span').boundingBox()];
    assert.ok(box.x < label.x && box.y < label.y + label.height && box.y + box.height > label.y,
      `the box (${JSON.stringify(box)}) is not beside its label (${JSON.stringify(label)})`);
    await assertNoHorizontalScroll(page);
    await page.locator('#desk-verify').scrollIntoViewIfNeeded();
    await shot(page, `desk-verify-elsewhere-${width}`);
    await page.locator('#desk-verify').screenshot({ path: path.join(SHOTS, `desk-verify-section-elsewhere-${width}.png`) });
    await page.check('#verify-replace');
    await page.click('#verify-submit');
    await page.waitForSelector('#verify-done');
    assert.equal(sent.pop().replace, true);
    assert.equal(await page.locator('#verify-replace-row.has-error').count(), 0);
    await page.locator('#desk-verify').screenshot({ path: path.join(SHOTS, `desk-verify-section-done-${width}.png`) });
    await finish(p);
  });
}

test('an unverified citizen\'s home offers verification, not the data store, and no unit row', async () => {
  await register('chua-xac-thuc', '037190006666');
  for (const [width, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    const p = await openPage(env, { viewport });
    const { page } = p;
    await logIn(page, env.base, 'chua-xac-thuc', 'mat-khau-rat-dai-4');
    const main = await page.textContent('main');
    assert.doesNotMatch(main, /đang được xây dựng|Hiện tại bạn có thể tra cứu/, 'the stale banner is back');
    assert.doesNotMatch(await page.textContent('.user-facts'), /Đơn vị|Không thuộc đơn vị nào/);
    assert.match(await page.textContent('#home-identity'), /Chưa xác thực/);
    assert.equal(await page.locator('[data-area="dataStore"]').count(), 0, 'a data store card that leads to 403');
    const card = await page.textContent('[data-area="verify"]');
    assert.match(card, /Xác thực tài khoản/);
    assert.match(card, /kho dữ liệu cá nhân/);
    assert.match(card, /bộ phận một cửa.*chua-xac-thuc/);
    // No identity provider configured here (tests/web/oidc.test.mjs has one).
    assert.equal(await page.locator('#identity-oidc').count(), 0);
    assert.ok(await page.locator('#area-submit').isVisible());
    assert.ok(await page.locator('#area-myDossiers').isVisible());
    await assertNoHorizontalScroll(page);
    await shot(page, `home-unverified-${width}`);
    await finish(p);
  }

  const desk = new Client(env.base);
  await desk.login('tiepnhan');
  const r = await desk.post('/api/v1/accounts/chua-xac-thuc/verification', { id_number: '037190006666', evidence: 'CCCD' });
  assert.equal(r.status, 200, r.text);
  for (const [width, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    const p = await openPage(env, { viewport });
    const { page } = p;
    await logIn(page, env.base, 'chua-xac-thuc', 'mat-khau-rat-dai-4');
    assert.match(await page.textContent('#home-identity'), /Đã xác thực tại bộ phận một cửa/);
    assert.equal(await page.locator('[data-area="verify"]').count(), 0);
    assert.equal(await page.getAttribute('#area-dataStore', 'href'), '#/store');
    assert.doesNotMatch(await page.textContent('main'), /đang được xây dựng|Không thuộc đơn vị nào/);
    await assertNoHorizontalScroll(page);
    await shot(page, `home-verified-${width}`);
    await finish(p);
  }
});
