// Browser tests of the administrator's part of the calendar page
// (#/calendar/YEAR): a dossier received on Friday 24 April 2026 (test clock)
// is due on Wednesday 6 May while Monday 27 April is a day off; the
// administrator removes that day, previews the recomputation (the dossier is
// listed, nothing changes), recomputes (its due time becomes Tuesday 5 May),
// and adds a day off; other visitors see no controls; WCAG 2.1 AA in both
// languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { useServerAndBrowser, openPage, go, shot, finish, Client, logIn } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const env = useServerAndBrowser({ args: ['--testing.clock_api', 'true'] });
const LD02 = JSON.parse(readFileSync(new URL('../../data/catalogue/LD-02.json', import.meta.url), 'utf8'));
const components = LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));

async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }));
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `${label}: accessibility violations`);
}

test('the administrator removes a day off, previews and recomputes due times, and adds a day', async () => {
  const desk = new Client(env.base);
  assert.equal((await desk.login('tiepnhan')).status, 200);
  assert.equal((await desk.put('/api/v1/testing/clock', { now_ms: Date.UTC(2026, 3, 24, 3, 0) })).status, 200);
  const rec = await desk.post('/api/v1/dossiers', {
    procedure_code: 'LD-02', components,
    applicant: { kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565', address: 'KCN Đồng Văn I' },
  });
  assert.equal(rec.status, 201, rec.text);
  const code = rec.json.code;
  assert.equal(rec.json.due_at, '2026-05-06T10:00:00+07:00');
  const dueNow = async () => (await desk.get(`/api/v1/track/${encodeURIComponent(code)}`)).json.due_at;

  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'admin');
  await go(page, env.base, '#/calendar/2026');
  await page.waitForSelector('#cal-admin');
  // Removing a day asks first (issue 15): "no" keeps it.
  const asked = [];
  page.once('dialog', (dlg) => { asked.push(dlg.message()); dlg.dismiss(); });
  await page.click('#cal-remove-2026-04-27');
  await page.waitForTimeout(300);
  assert.match(asked.join(), /^Bỏ ngày 27\/04\/2026 \(.+\) khỏi lịch\?/);
  assert.equal(await page.locator('#calendar-days li[data-date="2026-04-27"]').count(), 1, 'kept');
  page.once('dialog', (dlg) => dlg.accept());
  await page.click('#cal-remove-2026-04-27');
  await page.waitForFunction(() => !document.querySelector('#calendar-days li[data-date="2026-04-27"]'));

  await page.getByLabel('Lý do (ghi vào lịch sử)').fill('Thứ Hai 27/4 làm việc');
  await page.click('#cal-preview');
  await page.waitForSelector('#cal-recompute-summary');
  assert.match(await page.textContent('#cal-recompute-summary'), /Xem trước: 1 trong 1 hồ sơ sẽ đổi hạn/);
  assert.match(await page.textContent('#cal-recompute-table'), new RegExp(code.replace(/\./g, '\\.')));
  assert.equal(await dueNow(), '2026-05-06T10:00:00+07:00', 'a preview changes nothing');

  await page.click('#cal-recompute');
  await page.waitForFunction(() => /Đã tính lại/.test(document.querySelector('#cal-recompute-summary')?.textContent || ''));
  assert.equal(await dueNow(), '2026-05-05T10:00:00+07:00');
  await shot(page, 'calendar-admin');

  await page.getByLabel('Ngày', { exact: true }).fill('2026-10-16');
  await page.selectOption('#cal-kind', 'holiday');
  await page.getByLabel('Tên (ví dụ: Nghỉ bù Quốc khánh)').fill('Nghỉ thử nghiệm');
  await page.click('#cal-add');
  await page.waitForSelector('#calendar-days li[data-date="2026-10-16"]');
  assert.match(await page.textContent('#calendar-days li[data-date="2026-10-16"]'), /Nghỉ thử nghiệm/);
  await finish(p);

  // A visitor sees the calendar without the controls.
  const q = await openPage(env);
  await go(q.page, env.base, '#/calendar/2026');
  await q.page.waitForSelector('#calendar-days');
  assert.equal(await q.page.locator('#cal-admin').count(), 0);
  assert.equal(await q.page.locator('#calendar-days button').count(), 0);
  await finish(q);
});

test("the administrator's calendar controls meet WCAG 2.1 AA in both languages", async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'admin');
  await go(page, env.base, '#/calendar/2026');
  await page.waitForSelector('#cal-admin');
  await page.click('#cal-add'); // shows the errors
  await page.waitForSelector('.field-error:not([hidden])');
  await axe(page, 'calendar administration with errors');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('#cal-admin');
  await page.click('#cal-preview');
  await page.waitForSelector('#cal-recompute-summary');
  await axe(page, 'calendar administration in English, after a preview');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
  await finish(p);
});
