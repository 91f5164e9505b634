// Browser tests of the closed periods (issue 12, DOMAIN.md 11) on a small
// history made on the server's clock: the office closes a month from #/closures after
// confirming (a missing or bad period is named at the field, a dismissed
// confirmation closes nothing); the list shows it signed, by whom and when;
// its check (#/closures/SEQ) says the link, the figures' hash and the
// agency's signature are valid and shows the frozen figures; a correction
// made afterwards (a day off added to that month) shows there as
// adjustments, and in the next month's report as adjustment rows with
// their reason, while the closed figures stay; a head sees their own
// unit's closures and cannot close. Desktop and phone widths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { run, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, Client, PHONE, logIn } from './helpers.mjs';
import { draftResult } from '../lib/pdf.mjs';

const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-closures-'));
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
run(['pki', 'init', '--data-dir', dataDir]);
const env = useServerAndBrowser({ args: ['--testing.clock_api', 'true', '--data-dir', dataDir] });
const LD02 = JSON.parse(readFileSync('data/catalogue/LD-02.json', 'utf8'));

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
  }));
  const found = result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `${label}: accessibility violations`);
}

async function client(who) {
  const c = new Client(env.base);
  const l = await c.post('/api/v1/auth/login', { username: who, password: DEMO_PASSWORD });
  assert.equal(l.status, 200, l.text);
  c.csrf = l.json.csrf_token;
  return c;
}

// The history, on the server's clock (local UTC+7 wall time in 2026): D1
// received Monday 2 March 08:00 (LD-02: 5 working days, due 9 March 08:00),
// ended the 10th: late; D2 still open. Then the clock stays at 10 April.
const at = (month, day, hour) => Date.UTC(2026, month - 1, day, hour - 7);
async function setClock(ms) {
  const r = await new Client(env.base).put('/api/v1/testing/clock', { now_ms: ms });
  assert.equal(r.status, 200, r.text);
}
async function act(c, code, action, body = {}) {
  const r = await c.post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body);
  assert.equal(r.status, 200, `${action} ${code}: ${r.text}`);
}
let building = null;
const built = () => (building ??= (async () => {
  await setClock(at(3, 2, 8));
  const desk = await client('tiepnhan');
  const company = { kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565', address: 'KCN Đồng Văn I, Hà Nam' };
  const components = LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
  const codes = [];
  for (let i = 0; i < 2; i++) {
    const r = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components });
    assert.equal(r.status, 201, r.text);
    codes.push(r.json.code);
  }
  await setClock(at(3, 10, 10));
  const [d1] = codes;
  await act(await client('tiepnhan'), d1, 'transfer', { to_user: 'chuyenvien' });
  await act(await client('chuyenvien'), d1, 'transfer');
  await act(await client('truongphong'), d1, 'transfer');
  const leader = await client('lanhdao');
  await draftResult(await client('chuyenvien'), d1);
  await act(leader, d1, 'approve');
  await act(leader, d1, 'issue_result', { result_code: `GPLĐ-${d1.slice(-4)}` });
  await act(await client('tiepnhan'), d1, 'return_result');
  await setClock(at(4, 10, 9));
})());
const CLOSED = { period: '2026-03', from: '2026-03-01', to: '2026-03-31' };
const NEXT = { from: '2026-04-01', to: '2026-04-30' };
const fmt = (n) => new Intl.NumberFormat('vi-VN').format(n);

// At phone width a table's rows stack as cards, each cell its label (the
// ::before of data-label) in a first column, then its figure: a label kept
// on one line (white-space: nowrap) that is wider than that column runs
// over the figure.
async function assertCellsFit(page, selector) {
  const spill = await page.$$eval(`${selector} tbody > tr > *, ${selector} tfoot > tr > *`, (cells) => {
    const ctx = document.createElement('canvas').getContext('2d');
    return cells.filter((c) => c.dataset.label).flatMap((c) => {
      const before = getComputedStyle(c, '::before');
      const col = parseFloat(getComputedStyle(c).gridTemplateColumns.split(' ')[0]);
      ctx.font = before.font;
      const w = ctx.measureText(c.dataset.label).width;
      return before.whiteSpace === 'nowrap' && w > col ? [`${c.dataset.label}: ${Math.round(w)} > ${Math.round(col)}`] : [];
    });
  });
  assert.deepEqual(spill, [], `${selector}: labels run over their figures`);
}

test('the office closes a month from the closures page, after confirming; bad input is named', async () => {
  await built();
  const p = await openPage(env, { expectedFailures: ['/api/v1/stats/closures'] });
  const { page } = p;
  await logIn(page, env.base, 'vanphong');
  assert.equal(await page.getAttribute('#area-closures', 'href'), '#/closures');
  await go(page, env.base, '#/closures');
  await page.waitForSelector('#closures-none');
  await page.selectOption('#closures-unit', 'DNLD');
  // Nothing entered: said at the field, nothing asked.
  await page.click('#closures-close');
  await page.waitForSelector('#closures-period-error:not([hidden])');
  // A period the server refuses: its message at the field.
  await page.fill('#closures-period', '2026-13');
  page.once('dialog', (d) => d.accept());
  await page.click('#closures-close');
  await page.waitForSelector('#closures-period[aria-invalid="true"]');
  assert.match(await page.textContent('#closures-period-error'), /^Kỳ không hợp lệ: nhập tháng \(2026-03\)/);
  // Dismissed: nothing closed.
  await page.fill('#closures-period', CLOSED.period);
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await page.click('#closures-close');
  assert.match(asked, new RegExp(`Khóa sổ kỳ ${CLOSED.period} của đơn vị DNLD\\?`));
  const office = await client('vanphong');
  assert.deepEqual((await office.get('/api/v1/stats/closures')).json.closures, []);
  // Confirmed: closed, listed, signed.
  page.once('dialog', (d) => d.accept());
  await page.click('#closures-close');
  await page.waitForSelector('#closures-done');
  const row = page.locator('#closures-table tbody tr[data-seq="1"]');
  await row.waitFor();
  const text = await row.textContent();
  assert.match(text, new RegExp(`${CLOSED.period}.*DNLD.*vanphong.*Đã ký`));
  assert.equal(await row.locator('a.closures-verify').getAttribute('href'), '#/closures/1');
  assert.equal(await row.locator('a.closures-next').getAttribute('href'), `#/stats-report?unit=DNLD&from=${NEXT.from}&to=${NEXT.to}`);
  await shot(page, 'closures-desktop');
  await axe(page, 'closures list');
  // Twice: refused, and said.
  await page.fill('#closures-period', CLOSED.period);
  page.once('dialog', (d) => d.accept());
  await page.click('#closures-close');
  await page.waitForSelector('#closures-period[aria-invalid="true"]');
  assert.match(await page.textContent('#closures-period-error'), /đã được khóa sổ/);
  await finish(p);
});

test('a closure checked: valid and signed, its frozen figures; a later correction shows as adjustments here and in the next month', async () => {
  const office = await client('vanphong');
  const closure = (await office.get('/api/v1/stats/closures/1')).json;
  assert.equal(closure.closure.period, CLOSED.period, 'closed by the test before');
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'lanhdao');
  await go(page, env.base, '#/closures');
  await page.click('#closures-table tbody tr[data-seq="1"] a.closures-verify');
  await page.waitForSelector('#closure-verdict');
  assert.match(await page.textContent('#closure-verdict'), /^Hợp lệ: .*chữ ký số của cơ quan được xác thực/);
  assert.equal((await page.textContent('#closure-figures tfoot td[data-col="ended_on_time"]')).trim(), fmt(closure.total.ended_on_time));
  assert.ok(await page.isVisible('#closure-no-adjustments'));
  await axe(page, 'one closure');

  // A correction after the close: a day off on Wednesday 4 March moves
  // D1's due time to Tuesday 10 March 08:00, so it ended on time, not late.
  const admin = await client('admin');
  const r = await admin.post('/api/v1/calendar/2026/entries?unit=DNLD', { date: '2026-03-04', kind: 'holiday', name: 'Nghỉ bù' });
  assert.equal(r.status, 201, r.text);
  const after = (await office.get('/api/v1/stats/closures/1')).json;
  assert.deepEqual(after.total, closure.total, 'the frozen figures stay');
  assert.ok(after.adjustments.length > 0, 'the days off change what the history says');
  await page.reload();
  await page.waitForSelector('#closure-adjustments');
  assert.equal(await page.locator('#closure-adjustments tbody tr').count(), after.adjustments.length);
  assert.equal((await page.textContent('#closure-figures tfoot td[data-col="ended_on_time"]')).trim(), fmt(closure.total.ended_on_time));

  // The next month's report carries them as rows with their reason.
  const next = (await office.get(`/api/v1/stats/report?unit=DNLD&from=${NEXT.from}&to=${NEXT.to}`)).json;
  assert.equal(next.carried_adjustments.corrects.seq, 1);
  assert.ok(next.carried_adjustments.rows.length > 0, JSON.stringify(next.carried_adjustments));
  await page.click('#closure-next');
  await page.waitForSelector('#report-carried');
  const rows = page.locator('#report-carried tbody.report-carried-row');
  assert.equal(await rows.count(), next.carried_adjustments.rows.length);
  const first = next.carried_adjustments.rows[0];
  const shown = page.locator(`#report-carried tbody[data-key="${first.key}"]`);
  const sign = (n) => (n > 0 ? '+' : '') + fmt(n);
  assert.equal((await shown.locator('td[data-col="ended_on_time"]').textContent()).trim(), first.ended_on_time ? sign(first.ended_on_time) : '0');
  assert.equal((await shown.locator('td.report-reason').textContent()).trim(), first.reason);
  assert.match(await page.textContent('#report-carried caption'), new RegExp(`Điều chỉnh kỳ ${CLOSED.period} đã khóa sổ`));
  await shot(page, 'closures-next-report-desktop');
  await axe(page, 'next report with adjustment rows');
  await finish(p);
});

test('at phone width: the list, a closure and the adjustment rows fit; a head sees their unit and cannot close', async () => {
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await logIn(page, env.base, 'vanphong');
  await go(page, env.base, '#/closures');
  await page.waitForSelector('#closures-table');
  await assertNoHorizontalScroll(page);
  await shot(page, 'closures-phone');
  await go(page, env.base, '#/closures/1');
  await page.waitForSelector('#closure-verdict');
  await assertNoHorizontalScroll(page);
  await shot(page, 'closure-one-phone');
  await page.locator('#closure-figures').screenshot({ path: path.join('tests/web/screenshots', 'closure-figures-phone.png') });
  await assertCellsFit(page, '#closure-figures');
  await assertCellsFit(page, '#closure-adjustments');
  await go(page, env.base, `#/stats-report?unit=DNLD&from=${NEXT.from}&to=${NEXT.to}`);
  await page.waitForSelector('#report-carried');
  await assertNoHorizontalScroll(page);
  await shot(page, 'closures-next-report-phone');
  await assertCellsFit(page, '#report-table');
  await assertCellsFit(page, '#report-carried');
  await finish(p);

  const h = await openPage(env, { viewport: PHONE });
  await logIn(h.page, env.base, 'truongphong');
  await go(h.page, env.base, '#/closures');
  await h.page.waitForSelector('#closures-none, #closures-table, #closures-error, #closures-denied');
  assert.equal(await h.page.locator('#closures-table tbody tr').count(), 1, 'DNLD\'s closure');
  assert.equal(await h.page.locator('#closures-form').count(), 0, 'a head does not close');
  await finish(h);
});
