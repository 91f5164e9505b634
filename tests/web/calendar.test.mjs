// Browser tests of the working calendar page (#/calendar/YEAR): the year as
// twelve month grids with days off marked, the list of named days, the
// switch to English, a unit's own calendar, the phone layout and WCAG 2.1 AA
// (axe-core). The demo data has the official schedule of 2026.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, PHONE } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const env = useServerAndBrowser();

async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }));
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `${label}: accessibility violations`);
}

test('the page shows 2026 with its days off marked, in Vietnamese', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/calendar/2026');
  await page.waitForSelector('#calendar-days');
  assert.equal(await page.textContent('h1'), 'Lịch làm việc năm 2026');
  assert.equal(await page.locator('.cal-month').count(), 12);
  assert.equal(await page.locator('.cal-day').count(), 365);
  // Monday 27 April 2026: compensatory day for the Hùng Kings' day.
  const apr27 = page.locator('.cal-day[data-date="2026-04-27"]');
  assert.equal(await apr27.getAttribute('data-kind'), 'compensatory');
  assert.match(await apr27.getAttribute('class'), /\bcal-compensatory\b/);
  assert.match(await apr27.textContent(), /Nghỉ bù: Nghỉ bù Giỗ Tổ Hùng Vương/);
  assert.equal(await page.getAttribute('.cal-day[data-date="2026-04-30"]', 'data-kind'), 'holiday');
  assert.equal(await page.getAttribute('.cal-day[data-date="2026-01-10"]', 'data-kind'), 'workday');
  assert.equal(await page.getAttribute('.cal-day[data-date="2026-04-25"]', 'data-kind'), 'weekend');
  assert.equal(await page.getAttribute('.cal-day[data-date="2026-04-28"]', 'data-kind'), 'working');
  // 24 November is off only when switched on.
  assert.equal(await page.getAttribute('.cal-day[data-date="2026-11-24"]', 'data-kind'), 'working');
  // The list names each day.
  const item = page.locator('#calendar-days li[data-date="2026-04-27"]');
  assert.match(await item.textContent(), /27\/04\/2026.*Nghỉ bù Giỗ Tổ Hùng Vương/);
  assert.equal(await page.textContent('#calendar-source'), 'Theo thông báo chính thức');
  assert.match(await page.textContent('#calendar-hours'), /07:30-11:30,13:00-17:00/);
  // The first week of April 2026 starts on Wednesday: two empty cells.
  const firstRow = page.locator('.cal-month').nth(3).locator('tbody tr').first();
  assert.equal(await firstRow.locator('.cal-empty').count(), 2);
  await shot(page, 'calendar-2026');
  await axe(page, 'calendar');
  await finish(p);
});

test('switching to English shows the calendar in English', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/calendar/2026');
  await page.waitForSelector('#calendar-days');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForFunction(() => document.querySelector('h1') && document.querySelector('h1').textContent === 'Working calendar 2026');
  await page.waitForSelector('#calendar-days');
  assert.equal(await page.textContent('#calendar-source'), 'Official schedule');
  assert.equal(await page.textContent('.cal-month-title >> nth=3'), 'April');
  assert.match(await page.textContent('.cal-day[data-date="2026-04-27"]'), /Day off in lieu/);
  assert.match(await page.textContent('#calendar-days li[data-date="2026-04-27"]'), /Day off in lieu/);
  assert.match(await page.textContent('.cal-legend'), /Public holiday.*Day off in lieu.*Make-up working day.*Weekend/);
  await axe(page, 'calendar in English');
  await shot(page, 'calendar-2026-en');
  // Back to Vietnamese for the other tests (the choice is remembered).
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
  await finish(p);
});

test('a year without a notice is computed; years and units can be chosen', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/calendar/2026');
  await page.waitForSelector('#calendar-days');
  await page.click('#cal-next');
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Lịch làm việc năm 2027');
  await page.waitForSelector('#calendar-days');
  assert.match(await page.textContent('#calendar-source'), /chưa có thông báo chính thức/);
  assert.equal(await page.getAttribute('.cal-day[data-date="2027-02-08"]', 'data-kind'), 'holiday');
  // A unit from the list: its calendar is the agency's with its own hours.
  await page.getByLabel('Đơn vị', { exact: true }).selectOption('DNLD');
  await page.waitForFunction(() => location.hash === '#/calendar/2027?unit=DNLD');
  await page.waitForSelector('#calendar-days');
  assert.equal(await page.getByLabel('Đơn vị', { exact: true }).inputValue(), 'DNLD');
  assert.equal(await page.getAttribute('.cal-day[data-date="2027-02-08"]', 'data-kind'), 'holiday');
  await finish(p);
});

test('the calendar fits a phone screen', async () => {
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await go(page, env.base, '#/calendar/2026');
  await page.waitForSelector('#calendar-days');
  await assertNoHorizontalScroll(page);
  await axe(page, 'calendar on a phone');
  await shot(page, 'calendar-2026-phone');
  await finish(p);
});
