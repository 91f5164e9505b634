// Browser test of the public service-quality page (#/quality/UNIT, issue 12)
// on a generated history: without a log-in, at phone width, it shows this
// month's on-time rate, online share, satisfaction and average waiting of
// the unit as GET /api/v1/stats/indicators computes them for a leader; the
// unit picker changes the unit; English too; axe finds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freshDb, run, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, Client, PHONE } from './helpers.mjs';

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
run(['gen', 'dossiers', '1200', '--seed', '9', '--open-percent', '20', '--db', db.url]);
const env = useServerAndBrowser({ db });

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
const first = `${today.slice(0, 7)}-01`;
const pctVi = (rate) => `${new Intl.NumberFormat('vi-VN').format(Math.round(rate * 1000) / 10)} %`;

async function plan(unit) {
  const c = new Client(env.base);
  const l = await c.post('/api/v1/auth/login', { username: 'lanhdao', password: DEMO_PASSWORD });
  assert.equal(l.status, 200, l.text);
  const r = await c.get(`/api/v1/stats/indicators?unit=${unit}&from=${first}&to=${today}`);
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.json.plan.map((p) => [p.key, p]));
}

test('anyone sees a unit\'s quality this month, at phone width, without logging in', async () => {
  const want = await plan('QLDT');
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await go(page, env.base, '#/');
  await page.click('.nav-list a[href="#/quality"]');
  await page.waitForSelector('#quality-figures');
  assert.match(await page.textContent('#quality-scope'), /Ban Quản lý các khu công nghiệp/);
  await page.selectOption('#quality-unit', 'QLDT');
  await page.waitForFunction(() => location.hash === '#/quality/QLDT' && document.querySelector('#quality-figures'));
  await page.waitForSelector('main[aria-busy="false"]');
  assert.match(await page.textContent('#quality-scope'), /Phòng Quản lý Đầu tư/);
  const value = async (name) => (await page.textContent(`[data-figure="${name}"] .kpi-value`)).trim();
  const online = want['plan.online_share'];
  assert.ok(online.denominator > 0, 'dossiers received this month');
  assert.equal(await value('online_share'), pctVi(online.rate));
  assert.match(await page.textContent('[data-figure="online_share"] .kpi-count'), new RegExp(`trên ${online.denominator} hồ sơ`));
  const onTime = want['plan.on_time'];
  assert.equal(await value('on_time'), onTime.rate === null ? 'Chưa có dữ liệu' : pctVi(onTime.rate));
  const sat = want['plan.satisfaction'];
  assert.equal(await value('satisfaction'), sat.rate === null ? 'Chưa có dữ liệu' : pctVi(sat.rate));
  const wait = want['plan.wait_minutes'];
  if (wait.rate === null) {
    assert.equal(await value('wait_minutes'), 'Chưa có dữ liệu');
    assert.equal(await page.getAttribute('[data-figure="wait_minutes"]', 'data-status'), 'nodata');
  }
  assert.equal(await page.getAttribute('[data-figure="online_share"]', 'data-status'),
    online.rate >= 0.5 ? 'met' : online.rate >= 0.45 ? 'near' : 'below');
  await assertNoHorizontalScroll(page);
  await shot(page, 'quality-phone');
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
  }));
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);

  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.querySelector('#quality-figures'));
  assert.match(await page.textContent('[data-figure="online_share"] h2'), /Dossiers submitted online/);
  await finish(p);
});

test('a past month from the picker: its figures, whole; the address keeps it', async () => {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7)) - 2;
  if (m < 1) { m += 12; y--; }
  const month = `${y}-${String(m).padStart(2, '0')}`;
  const last = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
  const c = new Client(env.base);
  await c.post('/api/v1/auth/login', { username: 'lanhdao', password: DEMO_PASSWORD });
  const ind = await c.get(`/api/v1/stats/indicators?unit=DNLD&from=${month}-01&to=${last}`);
  const online = ind.json.plan.find((x) => x.key === 'plan.online_share');
  assert.ok(online.denominator > 0, 'dossiers received that month');
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/quality/DNLD');
  await page.waitForSelector('#quality-figures');
  assert.equal(await page.inputValue('#quality-month'), today.slice(0, 7));
  assert.equal(await page.locator('#quality-month option').count(), 25);
  await page.selectOption('#quality-month', month);
  await page.waitForFunction((m) => location.hash === `#/quality/DNLD?month=${m}` && document.querySelector('#quality-figures'), month);
  await page.waitForSelector('main[aria-busy="false"]');
  assert.match(await page.textContent('#quality-scope'), new RegExp(`tháng ${m}/${y}`));
  assert.equal((await page.textContent('[data-figure="online_share"] .kpi-value')).trim(), pctVi(online.rate));
  assert.match(await page.textContent('[data-figure="online_share"] .kpi-count'), new RegExp(`trên ${online.denominator} hồ sơ`));
  assert.match(await page.textContent('main'), /Số liệu của cả tháng/);
  // The unit picker keeps the month.
  await page.selectOption('#quality-unit', 'QLDT');
  await page.waitForFunction((m) => location.hash === `#/quality/QLDT?month=${m}`, month);
  await finish(p);
});

test('an unknown unit is said so', async () => {
  const p = await openPage(env, { expectedFailures: ['/api/v1/public/quality'] });
  const { page } = p;
  await go(page, env.base, '#/quality/NOPE');
  await page.waitForSelector('#quality-error');
  await shot(page, 'quality-unknown');
  await finish(p);
});
