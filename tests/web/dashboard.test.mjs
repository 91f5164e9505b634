// Browser tests of monitoring (issue 12) on a generated history (`motcua gen
// dossiers`): the leader's dashboard shows the plan's targets as gauges with
// the figure and colour the API gives, the 766 score and its groups, the
// trend and the ranking; a number leads to the list of the dossiers it
// counts, and a dossier of it to its page; a head sees only their unit;
// the office's report page shows the table and downloads XLSX, CSV and the
// signed PDF. Desktop and phone widths, Vietnamese and English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { freshDb, run, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, Client, PHONE, logIn } from './helpers.mjs';

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
run(['gen', 'dossiers', '400', '--seed', '7', '--open-percent', '10', '--db', db.url]);
// The agency's key, for the signed PDF.
const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-dash-'));
run(['pki', 'init', '--data-dir', dataDir]);
const env = useServerAndBrowser({
  db: { url: db.url, drop() { db.drop(); rmSync(dataDir, { recursive: true, force: true }); } },
  args: ['--data-dir', dataDir],
});

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
  }));
  const found = result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `${label}: accessibility violations`);
}

const ymd = (ms) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 10);
const FROM = ymd(Date.now() - 300 * 86400e3);
const TO = ymd(Date.now() - 20 * 86400e3);
const RANGE = `unit=BQL&period=range&from=${FROM}&to=${TO}`;

async function indicators(who, unit = 'BQL') {
  const c = new Client(env.base);
  const l = await c.post('/api/v1/auth/login', { username: who, password: DEMO_PASSWORD });
  assert.equal(l.status, 200, l.text);
  c.csrf = l.json.csrf_token;
  const r = await c.get(`/api/v1/stats/indicators?unit=${unit}&from=${FROM}&to=${TO}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

async function indicatorsItemsTotal(who, key) {
  const c = new Client(env.base);
  const l = await c.post('/api/v1/auth/login', { username: who, password: DEMO_PASSWORD });
  assert.equal(l.status, 200, l.text);
  const r = await c.get(`/api/v1/stats/indicators/${key}/items?unit=BQL&from=${FROM}&to=${TO}&limit=1`);
  assert.equal(r.status, 200, r.text);
  return r.json.total;
}

// The figure as the page writes it in Vietnamese.
const pctVi = (rate) => `${new Intl.NumberFormat('vi-VN').format(Math.round(rate * 1000) / 10)} %`;

test('the leader sees the targets as gauges, the 766 score, the trend and the ranking', async () => {
  const want = await indicators('lanhdao');
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'lanhdao');
  assert.equal(await page.getAttribute('#area-dashboard', 'href'), '#/dashboard');
  const calls = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/v1/stats/')) calls.push(u.pathname + u.search);
  });
  await go(page, env.base, `#/dashboard?${RANGE}`);
  await page.waitForSelector('#kpi-gauges');

  const onTime = want.plan.find((x) => x.key === 'plan.on_time');
  assert.ok(onTime.denominator > 100, 'hundreds of dossiers judged');
  const g = page.locator('[data-key="plan.on_time"]');
  assert.equal((await g.locator('.kpi-value').textContent()).trim(), pctVi(onTime.rate));
  // Green met, amber within 10 % of the target, red below.
  const st = onTime.rate >= 1 ? 'met' : onTime.rate >= 0.9 ? 'near' : 'below';
  assert.equal(await g.getAttribute('data-status'), st);
  assert.equal((await g.locator('.kpi-num').textContent()).trim(), String(onTime.numerator));
  const online = want.plan.find((x) => x.key === 'plan.online_share');
  assert.equal((await page.locator('[data-key="plan.online_share"] .kpi-value').textContent()).trim(), pctVi(online.rate));
  assert.equal(await page.getAttribute('[data-key="plan.online_share"]', 'data-status'),
    online.rate >= 0.5 ? 'met' : online.rate >= 0.45 ? 'near' : 'below');
  // No data is said, never 0 %.
  const sat = want.plan.find((x) => x.key === 'plan.satisfaction');
  if (sat.rate === null) {
    assert.equal((await page.locator('[data-key="plan.satisfaction"] .kpi-value').textContent()).trim(), 'Chưa có dữ liệu');
    assert.equal(await page.getAttribute('[data-key="plan.satisfaction"]', 'data-status'), 'nodata');
  }
  // The 766 total and its five groups.
  const total = new Intl.NumberFormat('vi-VN').format(Math.round(want.total.points * 100) / 100);
  assert.equal((await page.textContent('.kpi-total-points')).trim(), total);
  // Out of what is measured ("no data" is never 0), the full scale beside it.
  const measured = new Intl.NumberFormat('vi-VN').format(Math.round(want.total.max_points * 100) / 100);
  assert.ok(want.total.max_points < 100, `measured ${want.total.max_points}`);
  assert.equal((await page.textContent('.kpi-total-max')).trim(), `/ ${measured}`);
  assert.match(await page.textContent('#kpi-total'), /điểm đo được \(thang 100\)/);
  assert.equal(await page.locator('#kpi-groups li').count(), 5);
  const noPay = page.locator('#kpi-indicators tr[data-key="766.3.6"]');
  assert.match(await noPay.textContent(), /Chưa có dữ liệu/);
  // The trend: one point per month of the period, drawn as SVG.
  await page.waitForSelector('#kpi-trend[data-loaded="true"]');
  const months = await page.locator('#kpi-trend-table tbody tr').count();
  assert.ok(months >= 9 && months <= 11, `${months} months`);
  assert.ok(await page.locator('#kpi-trend-svg .trend-s0 circle').count() >= 9);
  // The units below BQL, ranked by their 766 total.
  await page.waitForSelector('#kpi-rank[data-loaded="true"]');
  const ranked = await page.locator('#kpi-ranking tbody tr').count();
  assert.equal(ranked, 5);
  // Ranked by the share of the measured points; no data last, unranked.
  const ranks = await page.locator('#kpi-ranking tbody tr td:first-child').allTextContents();
  const firstNone = ranks.indexOf('—');
  if (firstNone >= 0) assert.ok(ranks.slice(firstNone).every((r) => r === '—'), ranks.join(','));
  assert.deepEqual(ranks.filter((r) => r !== '—'), ranks.filter((r) => r !== '—').map((_, i) => String(i + 1)));
  // The column says what the units are ranked by (issue 12): the share of the points, then the points.
  assert.equal(await page.textContent('#kpi-ranking thead th:nth-child(3)'), 'Tỷ lệ điểm đạt (đạt/đo được)');
  const first = page.locator('#kpi-ranking tbody tr:first-child td[data-score]');
  assert.match(await first.textContent(), /^\d+(,\d+)? % \(\d+(,\d+)?\/\d+(,\d+)?\)$/);
  // The units and officers ranked in ONE call, not one per unit or officer.
  assert.equal(calls.filter((u) => u.startsWith('/api/v1/stats/ranking?')).length, 1, calls.join('\n'));
  assert.deepEqual(calls.filter((u) => u.startsWith('/api/v1/stats/indicators?')), [`/api/v1/stats/indicators?unit=BQL&from=${FROM}&to=${TO}`]);
  await shot(page, 'dashboard-desktop');
  await axe(page, 'dashboard');

  // English.
  await page.click('#lang-switch');
  await page.waitForSelector('#kpi-gauges');
  assert.match(await page.textContent('#kpi-plan-h'), /The plan's targets/);
  assert.match(await page.textContent('[data-key="plan.online_share"] .kpi-gauge-name'), /Online share/);
  await page.waitForSelector('#kpi-trend[data-loaded="true"]');
  await page.screenshot({ path: 'tests/web/screenshots/dashboard-en-top.png' });
  await finish(p);
});

test('a number leads to the dossiers it counts, and a dossier to its page', async () => {
  const want = await indicators('vanphong');
  const f = want.indicators.find((x) => x.key === '766.2.1');
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'vanphong');
  await go(page, env.base, `#/dashboard?${RANGE}`);
  await page.waitForSelector('#kpi-indicators');
  await page.click('#kpi-indicators tr[data-key="766.2.1"] .kpi-num');
  await page.waitForSelector('#kpi-items');
  assert.match(await page.textContent('h1'), /766\.2\.1/);
  const sum = await page.textContent('#kpi-items-sum');
  assert.match(sum, new RegExp(`Tử số ${f.numerator}, mẫu số ${f.denominator}`));
  const rows = page.locator('#kpi-items tbody tr');
  assert.equal(await rows.count(), 100, 'the first page of 100');
  const late = page.locator('#kpi-items tbody tr', { hasText: /trễ hạn|quá hạn/ });
  assert.ok(await page.locator('#kpi-items tbody tr[data-num="true"]').count() > 0);
  assert.ok(await late.count() >= 0);
  // The whole list as a file: a row per fact, the header first.
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#kpi-items-csv')]);
  const csv = readFileSync(await d.path(), 'utf8');
  assert.equal(csv.trim().split(/\r?\n/).length, 1 + (await indicatorsItemsTotal('vanphong', '766.2.1')));
  await page.click('#kpi-next');
  await page.waitForFunction(() => /offset=100/.test(location.hash) && document.querySelector('#kpi-items'));
  const ref = await page.locator('#kpi-items tbody tr[data-den="true"] .kpi-ref').first().textContent();
  await shot(page, 'kpi-items-desktop');
  await axe(page, 'drill-down');
  await page.locator('#kpi-items tbody tr[data-den="true"] .kpi-ref').first().click();
  await page.waitForFunction((code) => location.hash === `#/dossiers/${code}` && document.querySelector('main[aria-busy="false"]'), ref);
  assert.match(await page.textContent('main'), new RegExp(ref.replace(/\./g, '\\.')));
  // An offset past the end, typed in the address: no rows, said so, and
  // "previous" leads to the last page, not to the row before the offset.
  const total = await indicatorsItemsTotal('vanphong', '766.2.1');
  await go(page, env.base, `#/kpi/766.2.1?${RANGE}&offset=999999999`);
  await page.waitForSelector('#kpi-items');
  const none = await page.textContent('#kpi-items-range');
  assert.match(none, /^Không có dòng nào ở đây; danh sách có [\d.]+ dòng\.$/);
  assert.equal(Number(none.replace(/\D/g, '')), total);
  assert.match(await page.getAttribute('#kpi-prev', 'href'), new RegExp(`offset=${Math.floor((total - 1) / 100) * 100}(&|$)`));
  await finish(p);
});

test('a head sees only their own unit; a specialist is told the page is not theirs', async () => {
  const want = await indicators('truongphong', 'DNLD');
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await logIn(page, env.base, 'truongphong');
  await go(page, env.base, `#/dashboard?period=range&from=${FROM}&to=${TO}&unit=BQL`);
  await page.waitForSelector('#kpi-gauges');
  assert.equal(await page.locator('#kpi-unit').count(), 0, 'no unit picker');
  assert.match(await page.textContent('#kpi-scope'), /Doanh nghiệp và Lao động/);
  const onTime = want.plan.find((x) => x.key === 'plan.on_time');
  assert.equal((await page.locator('[data-key="plan.on_time"] .kpi-value').textContent()).trim(),
    onTime.rate === null ? 'Chưa có dữ liệu' : pctVi(onTime.rate));
  assert.equal(await page.locator('#kpi-rank-sec').count(), 0);
  // The unit's officers ranked by their on-time rate, each figure the API's for them.
  await page.waitForSelector('#kpi-officers-box[data-loaded="true"]');
  const c = new Client(env.base);
  await c.post('/api/v1/auth/login', { username: 'truongphong', password: DEMO_PASSWORD });
  const mine = (await c.get(`/api/v1/stats/indicators?unit=DNLD&officer=chuyenvien&from=${FROM}&to=${TO}`)).json;
  const rate = mine.indicators.find((x) => x.key === '766.2.1').rate;
  assert.equal((await page.textContent('#kpi-officers tr[data-officer="chuyenvien"] .kpi-officer-ontime')).trim(),
    rate === null ? 'Chưa có dữ liệu' : pctVi(rate));
  assert.equal(await page.locator('#kpi-officers tbody tr').count(), 2);
  await page.waitForSelector('#kpi-trend[data-loaded="true"]');
  await assertNoHorizontalScroll(page);
  await shot(page, 'dashboard-phone');
  await page.screenshot({ path: 'tests/web/screenshots/dashboard-phone-top.png' });
  await axe(page, 'dashboard at phone width');
  await finish(p);
  const q = await openPage(env);
  await logIn(q.page, env.base, 'chuyenvien');
  await go(q.page, env.base, '#/dashboard');
  await q.page.waitForSelector('#kpi-denied');
  await finish(q);
});

test('the periods: a month, a quarter and a year give their dates', async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'lanhdao');
  await go(page, env.base, '#/dashboard?unit=BQL&period=quarter&year=2025&part=2');
  await page.waitForSelector('#kpi-gauges');
  assert.match(await page.textContent('#kpi-scope'), /từ 01\/04\/2025 đến 30\/06\/2025/);
  await page.selectOption('#kpi-period', 'half');
  await page.selectOption('#kpi-part', '2');
  await page.click('#kpi-show');
  await page.waitForFunction(() => /period=half/.test(location.hash) && document.querySelector('#kpi-scope'));
  await page.waitForSelector('main[aria-busy="false"]');
  assert.match(await page.textContent('#kpi-scope'), /từ 01\/07\/2025 đến 31\/12\/2025/);
  await finish(p);
});

test('a leader closes a past month from the report page: frozen, signed, no adjustment', async () => {
  // The month before last (UTC+7): whole, ended.
  const now = new Date(Date.now() + 7 * 3600e3);
  const y = now.getUTCMonth() < 2 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
  const m = ((now.getUTCMonth() + 10) % 12) + 1;
  const month = `${y}-${String(m).padStart(2, '0')}`;
  const last = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'lanhdao');
  // Not a whole period: nothing to close.
  await go(page, env.base, `#/stats-report?unit=DNLD&from=${month}-02&to=${last}`);
  await page.waitForSelector('#report-table');
  assert.equal(await page.locator('#report-close').count(), 0);
  await go(page, env.base, `#/stats-report?unit=DNLD&from=${month}-01&to=${last}`);
  await page.waitForSelector('#report-close');
  assert.equal((await page.textContent('#report-close')).trim(), `Khóa sổ kỳ ${month}`);
  const before = (await page.textContent('#report-table tfoot')).trim();
  page.once('dialog', (d) => d.accept());
  await page.click('#report-close');
  await page.waitForSelector('#report-closure');
  assert.match(await page.textContent('#report-closure'), new RegExp(`Kỳ ${month} đã khóa sổ .* bởi lanhdao .*Đã ký số`));
  assert.ok(await page.isVisible('#report-no-adjustments'));
  assert.equal((await page.textContent('#report-table tfoot')).trim(), before, 'the same figures');
  assert.equal(await page.locator('#report-close').count(), 0);
  await axe(page, 'closed report');
  // The office's list of closures has it, signed.
  const c = new Client(env.base);
  await c.post('/api/v1/auth/login', { username: 'vanphong', password: DEMO_PASSWORD });
  const list = (await c.get('/api/v1/stats/closures?unit=DNLD')).json.closures;
  assert.deepEqual(list.map((x) => [x.period, x.closed_by, x.signed]), [[month, 'lanhdao', true]]);
  await finish(p);
});

test('the office reads the periodic report and downloads it as XLSX, CSV and PDF', async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'vanphong');
  assert.equal(await page.getAttribute('#area-reports', 'href'), '#/stats-report');
  await go(page, env.base, `#/stats-report?unit=BQL&from=${FROM}&to=${TO}&by=unit`);
  await page.waitForSelector('#report-table');
  const c = new Client(env.base);
  const l = await c.post('/api/v1/auth/login', { username: 'vanphong', password: DEMO_PASSWORD });
  assert.equal(l.status, 200);
  const rep = (await c.get(`/api/v1/stats/report?unit=BQL&from=${FROM}&to=${TO}&by=unit`)).json;
  const cell = async (key, col) => (await page.textContent(`#report-table tr[data-key="${key}"] td[data-col="${col}"]`)).trim();
  const fmt = (n) => new Intl.NumberFormat('vi-VN').format(n);
  assert.equal(await cell('total', 'ended_on_time'), fmt(rep.total.ended_on_time));
  assert.equal(await cell('total', 'new_online'), fmt(rep.total.new_online));
  assert.equal(await page.locator('#report-table tbody tr').count(), rep.rows.length);
  await shot(page, 'stats-report-desktop');
  await axe(page, 'report');
  const download = async (id) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
    const file = await d.path();
    return { name: d.suggestedFilename(), bytes: readFileSync(file) };
  };
  const x = await download('#report-xlsx');
  assert.equal(x.name, `bao-cao-BQL-${FROM}-${TO}.xlsx`);
  assert.equal(x.bytes.subarray(0, 2).toString(), 'PK');
  const csv = await download('#report-csv');
  assert.ok(csv.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'UTF-8 with a byte order mark');
  assert.match(csv.bytes.toString('utf8'), new RegExp(`\\b${rep.total.ended_on_time}\\b`));
  const pdf = await download('#report-pdf');
  assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
  await finish(p);
});

test('the report page at phone width; a refused file is said on the page', async () => {
  const p = await openPage(env, { viewport: PHONE, expectedFailures: ['/api/v1/stats/report'] });
  const { page } = p;
  await logIn(page, env.base, 'vanphong');
  // The default period, this month to today, has not ended: no signed PDF, and the page says why.
  await go(page, env.base, '#/stats-report?unit=DNLD');
  await page.waitForSelector('#report-table');
  assert.equal(await page.isDisabled('#report-pdf'), true, 'the signed PDF of a running period is offered');
  assert.match(await page.textContent('#report-pdf-why'), /kết thúc/);
  await go(page, env.base, `#/stats-report?unit=DNLD&from=${FROM}&to=${TO}`);
  await page.waitForSelector('#report-table');
  await page.waitForFunction(() => !document.querySelector('#report-pdf-why'));
  await assertNoHorizontalScroll(page);
  await shot(page, 'stats-report-phone');
  await page.screenshot({ path: 'tests/web/screenshots/stats-report-phone-top.png' });
  // The server refuses the file (here made to): its message, no failed download.
  await page.route('**/api/v1/stats/report?*format=pdf*', (route) => route.fulfill({
    status: 400, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'STATS_TOO_MANY', message: 'Quá nhiều hồ sơ: chọn kỳ ngắn hơn', field: 'to' } }),
  }));
  let downloads = 0;
  page.on('download', () => { downloads += 1; });
  await page.click('#report-pdf');
  await page.waitForSelector('#report-download-error:not([hidden])');
  assert.match(await page.textContent('#report-download-error'), /Quá nhiều hồ sơ/);
  assert.equal(downloads, 0);
  await finish(p);
});

test('an officer reads their own scorecard and what a figure of it counted, at phone width', async () => {
  const c = new Client(env.base);
  const l = await c.post('/api/v1/auth/login', { username: 'chuyenvien', password: DEMO_PASSWORD });
  assert.equal(l.status, 200, l.text);
  const want = (await c.get(`/api/v1/stats/me?from=${FROM}&to=${TO}`)).json;
  const f = want.indicators.find((x) => x.key === '766.2.1');
  assert.ok(f.denominator > 0, 'the specialist acted on dossiers');
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await logIn(page, env.base, 'chuyenvien');
  assert.equal(await page.getAttribute('#area-scorecard', 'href'), '#/scorecard');
  await go(page, env.base, `#/scorecard?period=range&from=${FROM}&to=${TO}`);
  await page.waitForSelector('#kpi-gauges');
  assert.match(await page.textContent('#kpi-scope'), /Trần Văn Minh/);
  const onTime = want.plan.find((x) => x.key === 'plan.on_time');
  assert.equal((await page.locator('[data-key="plan.on_time"] .kpi-value').textContent()).trim(), pctVi(onTime.rate));
  // The catalogue is not the officer's work: no data, out of the measured points.
  assert.equal(want.indicators.find((x) => x.key === '766.1.3').rate, null);
  assert.match(await page.locator('#kpi-indicators tr[data-key="766.1.3"]').textContent(), /Chưa có dữ liệu/);
  const measured = new Intl.NumberFormat('vi-VN').format(Math.round(want.total.max_points * 100) / 100);
  assert.equal((await page.textContent('.kpi-total-max')).trim(), `/ ${measured}`);
  await assertNoHorizontalScroll(page);
  await page.screenshot({ path: 'tests/web/screenshots/scorecard-phone-top.png' });
  await axe(page, 'scorecard');
  await page.click('#kpi-indicators tr[data-key="766.2.1"] .kpi-den');
  await page.waitForSelector('#kpi-items');
  assert.match(await page.textContent('#kpi-items-sum'), new RegExp(`mẫu số ${f.denominator}`));
  assert.equal(await page.locator('#kpi-items-downloads').count(), 0);
  const total = (await c.get(`/api/v1/stats/me/766.2.1/items?from=${FROM}&to=${TO}&limit=1`)).json.total;
  assert.equal(await page.locator('#kpi-items tbody tr').count(), Math.min(100, total));
  assert.ok(await page.locator('#kpi-items tbody tr[data-den="true"] .kpi-ref').count() > 0, 'dossiers link to their page');
  await page.click('#kpi-back');
  await page.waitForSelector('#kpi-gauges');
  await finish(p);
});
