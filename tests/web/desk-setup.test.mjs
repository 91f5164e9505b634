// Browser tests of the administrator's desk set-up (#/desk-setup/UNIT): a
// service and a counter serving it with officer tiepnhan created on unit VP
// and listed; a duplicate letter shows the server's error at the letter
// field and changes nothing; the desk's "always open" switch; a receiving
// officer gets a message and no controls. Screenshots at 1280 and 390 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, Client, PHONE, logIn } from './helpers.mjs';

const env = useServerAndBrowser();

async function setupOf(unit) {
  const admin = new Client(env.base);
  assert.equal((await admin.login('admin')).status, 200);
  const r = await admin.get(`/api/v1/queue/units/${unit}/setup`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

test('the administrator creates a service and a counter serving it with tiepnhan', async () => {
  const p = await openPage(env, { expectedFailures: ['/api/v1/queue/units/VP/services'] });
  const { page } = p;
  await logIn(page, env.base, 'admin');
  // The home card opens the set-up of the administrator's unit.
  assert.equal(await page.getAttribute('#area-deskSetup', 'href'), '#/desk-setup/BQL');
  await go(page, env.base, '#/desk-setup/VP');
  await page.waitForSelector('#svc-form');
  assert.match(await page.textContent('h1'), /Văn phòng/);

  // A service.
  await page.getByLabel('Chữ cái').fill('a');
  await page.getByLabel('Tên (tiếng Việt)').fill('Đầu tư');
  await page.getByLabel('Tên (tiếng Anh)').fill('Investment');
  await page.click('#svc-save');
  await page.waitForSelector('#desk-setup-svc-table tr[data-prefix="A"]');
  const row = page.locator('#desk-setup-svc-table tr[data-prefix="A"]');
  assert.match(await row.textContent(), /Đầu tư.*Investment.*Có/);
  assert.match(await page.textContent('#desk-setup-svc-status'), /Đã thêm dịch vụ A/);

  // The same letter again: the server's error at the letter field, nothing added.
  await page.getByLabel('Chữ cái').fill('A');
  await page.getByLabel('Tên (tiếng Việt)').fill('Trùng');
  await page.click('#svc-save');
  await page.waitForSelector('#svc-prefix[aria-invalid="true"]');
  const err = page.locator('#svc-prefix-error');
  assert.ok(await err.isVisible());
  assert.ok((await err.textContent()).trim().length > 0);
  assert.equal(await page.locator('#desk-setup-svc-table tbody tr').count(), 1);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'svc-prefix');
  let s = await setupOf('VP');
  assert.deepEqual(s.services.map((x) => x.prefix), ['A']);

  // A counter serving A with tiepnhan.
  await page.getByLabel('Số quầy').fill('5');
  await page.getByLabel('Tên quầy').fill('Quầy 5');
  await page.locator('#ctr-form').getByLabel('A — Đầu tư').check();
  await page.locator('#ctr-form').getByLabel('Nguyễn Thị Lan (tiepnhan)').check();
  await page.click('#ctr-save');
  await page.waitForSelector('#desk-setup-ctr-table tr[data-number="5"]');
  const ctr = page.locator('#desk-setup-ctr-table tr[data-number="5"]');
  assert.equal((await ctr.locator('.ctr-services').textContent()).trim(), 'A');
  assert.equal((await ctr.locator('.ctr-officers').textContent()).trim(), 'tiepnhan');
  s = await setupOf('VP');
  assert.equal(s.counters.length, 1);
  assert.equal(s.counters[0].number, 5);
  assert.deepEqual(s.counters[0].services, [s.services[0].id]);
  assert.equal(s.counters[0].officers.length, 1);
  // After a reload the page names the counter's officers from their ids.
  await page.reload();
  await page.waitForSelector('#desk-setup-ctr-table tr[data-number="5"]');
  assert.equal((await page.locator('#desk-setup-ctr-table tr[data-number="5"] .ctr-officers').textContent()).trim(), 'tiepnhan');

  // Editing the service: inactive.
  await page.click(`#svc-edit-${s.services[0].id}`);
  await page.locator('#svc-form').getByLabel('Đang hoạt động').uncheck();
  await page.click('#svc-save');
  await page.waitForFunction(() => /Không/.test(document.querySelector('#desk-setup-svc-table tr[data-prefix="A"]').textContent));
  assert.equal((await setupOf('VP')).services[0].active, false);

  // The desk's switch.
  const before = s.always_open;
  await page.getByLabel('Luôn mở cửa (không theo giờ làm việc)').click();
  await page.waitForSelector('#desk-setup-desk-status .alert-success');
  assert.equal((await setupOf('VP')).always_open, !before);

  await shot(page, 'desk-setup');
  await finish(p);

  // Phone width, in the same state.
  const q = await openPage(env, { viewport: PHONE });
  await logIn(q.page, env.base, 'admin');
  await go(q.page, env.base, '#/desk-setup/VP');
  await q.page.waitForSelector('#desk-setup-ctr-table');
  await assertNoHorizontalScroll(q.page);
  await shot(q.page, 'desk-setup-phone');
  await finish(q);
});

test('a receiving officer gets a message and no controls', async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'tiepnhan');
  assert.equal(await page.locator('#area-deskSetup').count(), 0);
  await go(page, env.base, '#/desk-setup/VP');
  await page.waitForSelector('#desk-setup-denied');
  assert.match(await page.textContent('#desk-setup-denied'), /quản trị/);
  assert.equal(await page.locator('main form, main input, main select').count(), 0);
  await finish(p);
});
