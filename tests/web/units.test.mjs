// Browser tests of the administrator's organisation tree (#/units): the
// home card opens it; a unit added through the form appears in the table;
// malformed office hours are shown at their field and add nothing; a unit's
// name and parent are changed through the same form; another role gets a
// message and no controls. Screenshots at 1280 and 390 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, Client, PHONE, logIn } from './helpers.mjs';

const env = useServerAndBrowser();

async function unitList() {
  const r = await new Client(env.base).get('/api/v1/units');
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

test('the administrator adds a unit, sees a field error, and changes the unit', async () => {
  const p = await openPage(env, { expectedFailures: ['/api/v1/units'] });
  const { page } = p;
  await logIn(page, env.base, 'admin');
  assert.equal(await page.getAttribute('#area-units', 'href'), '#/units');
  await page.click('#area-units');
  await page.waitForSelector('#units-table tr[data-code="DNLD"]');
  const before = (await unitList()).length;

  // Malformed hours: the server's error at that field, nothing added.
  await page.getByLabel('Mã đơn vị').fill('KTTD');
  await page.getByLabel('Mã định danh điện tử').fill('000.17.22.H56.06');
  await page.getByLabel('Tên (tiếng Việt)').fill('Phòng Kinh tế tổng hợp');
  await page.getByLabel('Tên (tiếng Anh)').fill('General Economics Division');
  await page.selectOption('#unit-parent', 'BQL');
  await page.getByLabel('Giờ làm việc').fill('13:00-11:00');
  await page.click('#unit-save');
  await page.waitForSelector('#unit-hours[aria-invalid="true"]');
  assert.ok((await page.textContent('#unit-hours-error')).trim().length > 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'unit-hours');
  assert.equal((await unitList()).length, before);

  // Corrected: added, listed under its parent.
  await page.getByLabel('Giờ làm việc').fill('07:00-11:30,13:30-17:00');
  await page.click('#unit-save');
  await page.waitForSelector('#units-table tr[data-code="KTTD"]');
  assert.match(await page.textContent('#units-status'), /Đã thêm đơn vị KTTD/);
  const row = page.locator('#units-table tr[data-code="KTTD"]');
  assert.match(await row.textContent(), /Phòng Kinh tế tổng hợp.*000\.17\.22\.H56\.06.*Ban Quản lý.*07:00-11:30,13:30-17:00/);
  await shot(page, 'units-desktop');

  // Changed: a new name and parent.
  await page.click('#unit-edit-KTTD');
  await page.waitForSelector('#unit-cancel');
  assert.equal(await page.getAttribute('#unit-code', 'readonly'), '');
  await page.getByLabel('Tên (tiếng Việt)').fill('Phòng Kinh tế');
  await page.selectOption('#unit-parent', 'QLDT');
  await page.click('#unit-save');
  await page.waitForFunction(() => /Đã lưu đơn vị KTTD/.test(document.querySelector('#units-status').textContent));
  const kttd = (await unitList()).find((u) => u.code === 'KTTD');
  assert.equal(kttd.name, 'Phòng Kinh tế');
  assert.equal(kttd.parent, 'QLDT');
  assert.equal(kttd.office_hours, '07:00-11:30,13:30-17:00');
  await finish(p);
});

test('the units page works on a phone, and other roles get no controls', async () => {
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await logIn(page, env.base, 'admin');
  await go(page, env.base, '#/units');
  await page.waitForSelector('#units-table');
  await assertNoHorizontalScroll(page);
  await shot(page, 'units-phone');
  await finish(p);
  const q = await openPage(env);
  await logIn(q.page, env.base, 'lanhdao');
  await go(q.page, env.base, '#/units');
  await q.page.waitForSelector('#units-denied');
  assert.equal(await q.page.locator('#unit-form').count(), 0);
  await finish(q);
});
