// Browser test of the procedure review (issue 14) on a generated history:
// the office plans the year, sets the income per hour and adds a procedure;
// the unit's specialist opens the form from their home, sees the measured
// fields as measured (no input), fills the declared ones and the criteria,
// proposes a simplification and submits; the office compiles; the leader
// adopts and finds the report's links. The figures on the page are the
// API's. Vietnamese and English; desktop and phone width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freshDb, run, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, PHONE, logIn, Client } from './helpers.mjs';

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
run(['gen', 'dossiers', '300', '--seed', '5', '--db', db.url]);
const env = useServerAndBrowser({ db: { url: db.url, drop() { db.drop(); } } });

const ymd = (ms) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 10);
const FROM = ymd(Date.now() - 365 * 86400e3);
const TO = ymd(Date.now());
const YEAR = 2030;
const money = (v) => `${new Intl.NumberFormat('vi-VN').format(v)} đồng`;

async function as(user, opts = {}) {
  const p = await openPage(env, opts);
  await logIn(p.page, env.base, user);
  return p;
}

async function open(page, hash) {
  await page.evaluate(() => { for (const el of document.querySelectorAll('main h1')) el.dataset.stale = '1'; });
  await go(page, env.base, hash);
  await page.waitForSelector('main[aria-busy="false"] h1:not([data-stale])');
}

/** Waits until the page is drawn again after an action. */
async function redrawn(page, click) {
  await page.evaluate(() => { for (const el of document.querySelectorAll('main h1')) el.dataset.stale = '1'; });
  await click();
  await page.waitForSelector('main[aria-busy="false"] h1:not([data-stale])');
}

async function apiAs(user) {
  const c = new Client(env.base);
  const l = await c.post('/api/v1/auth/login', { username: user, password: DEMO_PASSWORD });
  assert.equal(l.status, 200, l.text);
  c.csrf = l.json.csrf_token;
  return c;
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
  }));
  const found = result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `${label}: accessibility violations`);
}

let formId;

test('the office plans the year, sets the income and adds a procedure', async () => {
  const p = await as('vanphong');
  const { page } = p;
  await page.click('#area-catalogueReview');
  await page.waitForSelector('#rv-plan-form');
  await page.fill('#rv-plan-form input[name="year"]', String(YEAR));
  await page.fill('#rv-plan-form input[name="measure_from"]', FROM);
  await page.fill('#rv-plan-form input[name="measure_to"]', TO);
  await redrawn(page, () => page.click('#rv-plan-form button[type="submit"]'));
  await page.waitForSelector('#rv-add-form');
  assert.match(await page.textContent('#rv-income'), /Chưa có thu nhập bình quân/);
  await page.fill('#rv-income-form input[name="per_hour"]', '40000');
  await redrawn(page, () => page.click('#rv-income-form button[type="submit"]'));
  assert.match(await page.textContent('#rv-income'), /40\.000 đồng/);
  await page.fill('#rv-add-form input[name="procedure"]', 'LD-01');
  // A double click adds the procedure once (the button waits for the reply).
  await redrawn(page, () => page.dblclick('#rv-add-form button[type="submit"]'));
  const row = page.locator('#rv-plan tbody tr');
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /LD-01/);
  formId = await row.getAttribute('data-id');
  // A procedure that does not exist: the API's message, nothing added.
  await page.fill('#rv-add-form input[name="procedure"]', 'KHONG-CO');
  await page.click('#rv-add-form button[type="submit"]');
  await page.waitForSelector('#rv-messages .alert-error');
  assert.match(await page.textContent('#rv-messages'), /Không tìm thấy thủ tục/);
  assert.equal(await page.locator('#rv-plan tbody tr').count(), 1);
  await axe(page, 'the plan (office)');
  await shot(page, 'review-plan-office');
  p.problems.length = 0; // the 404 above was provoked
  await finish(p);
});

test('the unit fills its form: measured fields shown as measured, the cost as the API computes it', async () => {
  const p = await as('chuyenvien');
  const { page } = p;
  await page.click('#area-catalogueReview');
  await page.waitForSelector('#rv-plan');
  await redrawn(page, () => page.click('#rv-plan tbody a'));
  await page.waitForSelector('#rv-measure');
  // wait and counter: measured both ways, so no input; prepare: declared.
  const wait = page.locator('#rv-activities tr[data-activity="wait"]');
  assert.equal(await wait.locator('input').count(), 0, 'no input for a measured field');
  assert.equal(await wait.locator('.badge-measured').count(), 2);
  const travel = page.locator('#rv-activities tr[data-activity="travel"]');
  assert.equal(await travel.locator('input').count(), 1, 'travel: minutes declared, trips measured');
  await page.fill('#rv-activities input[name="prepare-minutes"]', '120');
  await page.fill('#rv-activities input[name="prepare-times"]', '1');
  await page.fill('#rv-activities input[name="travel-minutes"]', '30');
  await page.selectOption('#rv-form select[name="necessity-verdict"]', 'meets');
  await page.fill('#rv-form textarea[name="necessity-note"]', 'Cần thiết');
  await page.selectOption('#rv-form select[name="reasonableness-verdict"]', 'partly');
  await page.selectOption('#rv-form select[name="legality-verdict"]', 'meets');
  await page.fill('#rv-form input[name="other_costs"]', '35000');
  await redrawn(page, () => page.click('#rv-save'));
  const api = await apiAs('chuyenvien');
  let f = (await api.get(`/api/v1/review/items/${formId}`)).json;
  assert.equal(f.cost.activities.find((a) => a.activity === 'prepare').seconds, 7200);
  assert.equal(f.criteria.necessity.verdict, 'meets');
  assert.ok(f.cost.cost_year > 0);
  assert.equal(await page.textContent('#rv-cost [data-total="year"]'), money(f.cost.cost_year));
  assert.equal(await page.textContent('#rv-measure [data-m="dossiers"]'), String(f.measure.dossiers));
  // A simplification: no trip, no wait, no counter, no coming back.
  await page.selectOption('#rv-proposal-form select[name="kind"]', 'move_online');
  await page.fill('#rv-proposal-form textarea[name="text"]', 'Thực hiện trực tuyến toàn trình');
  for (const a of ['travel', 'wait', 'counter', 'result']) await page.fill(`#rv-proposal-form input[name="p-${a}-times"]`, '0');
  // A double click proposes once (issue 14: it made two identical proposals).
  await redrawn(page, () => page.dblclick('#rv-propose'));
  f = (await api.get(`/api/v1/review/items/${formId}`)).json;
  assert.equal(f.proposals.length, 1, 'a double click makes one proposal');
  const prop = f.proposals[0];
  assert.ok(prop.saving > 0);
  assert.equal(await page.getAttribute('#rv-proposals tbody td[data-saving]', 'data-saving'), String(prop.saving));
  assert.match(await page.textContent('#rv-proposals tbody'), new RegExp(money(prop.saving).replace(/\./g, '\\.')));
  await editAndDelete(api);
  await redrawn(page, () => page.reload());
  assert.equal(await page.locator('#rv-proposals tbody tr').count(), 1);
  assert.equal(await page.locator('#rv-proposals .rv-edit').count(), 1, 'the unit may edit its draft\'s proposal');
  await axe(page, 'the form (unit)');
  await shot(page, 'review-form-unit');
  await redrawn(page, () => page.click('#rv-submit'));
  assert.equal(await page.textContent('#rv-state'), 'Đã gửi Văn phòng');
  assert.equal(await page.locator('#rv-save').count(), 0, 'a submitted form is read-only');
  assert.match(await page.textContent('#rv-measure'), /Chốt khi gửi/);
  await finish(p);
});

/** At phone width, in both languages: a second proposal is added, edited
 * (the form filled with it, saved, the cost after computed again) and
 * deleted after the confirmation (refused once: nothing deleted). */
async function editAndDelete(api) {
  const p = await as('chuyenvien', { viewport: PHONE });
  const { page } = p;
  await open(page, `#/review/items/${formId}`);
  await page.selectOption('#rv-proposal-form select[name="kind"]', 'reuse_document');
  await page.fill('#rv-proposal-form textarea[name="text"]', 'Khai thác lý lịch tư pháp từ kho dữ liệu');
  await page.fill('#rv-proposal-form input[name="p-prepare-minutes"]', '60');
  await redrawn(page, () => page.click('#rv-propose'));
  let f = (await api.get(`/api/v1/review/items/${formId}`)).json;
  assert.equal(f.proposals.length, 2);
  const id = f.proposals[1].id;
  const row = `#rv-proposals tr[data-id="${id}"]`;
  await page.click(`${row} .rv-edit`);
  assert.equal(await page.getAttribute('#rv-proposal-form', 'data-editing'), String(id));
  assert.equal(await page.textContent('#rv-proposal-form h2'), 'Sửa phương án');
  assert.equal(await page.inputValue('#rv-proposal-form textarea[name="text"]'), 'Khai thác lý lịch tư pháp từ kho dữ liệu');
  assert.equal(await page.inputValue('#rv-proposal-form input[name="p-prepare-minutes"]'), '60');
  await page.fill('#rv-proposal-form input[name="p-prepare-minutes"]', '30');
  await page.fill('#rv-proposal-form input[name="p-other"]', '0');
  await page.fill('#rv-proposal-form textarea[name="text"]', 'Khai thác lý lịch tư pháp, bỏ chứng thực');
  await assertNoHorizontalScroll(page);
  await axe(page, 'editing a proposal (phone)');
  await shot(page, 'review-proposal-edit-phone');
  await redrawn(page, () => page.click('#rv-propose'));
  f = (await api.get(`/api/v1/review/items/${formId}`)).json;
  assert.equal(f.proposals.length, 2, 'changed, not added');
  const x = f.proposals[1];
  assert.equal(x.text, 'Khai thác lý lịch tư pháp, bỏ chứng thực');
  assert.deepEqual(x.changes.activities, [{ activity: 'prepare', seconds: 1800, times_milli: null }]);
  assert.equal(x.changes.other_costs, 0);
  assert.equal(await page.getAttribute(`${row} td[data-saving]`, 'data-saving'), String(x.saving));
  assert.equal(await page.textContent('#rv-proposal-form h2'), 'Đề xuất phương án', 'the form adds again');
  // Delete asks first; dismissed, nothing is deleted.
  await page.click('#lang-switch');
  await page.waitForSelector('#rv-proposals .rv-delete:text("Delete")');
  let asked = null;
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await page.click(`${row} .rv-delete`);
  assert.match(asked, /^Delete the proposal “Khai thác lý lịch tư pháp, bỏ chứng thực”\?$/);
  assert.equal((await api.get(`/api/v1/review/items/${formId}`)).json.proposals.length, 2);
  page.once('dialog', (d) => d.accept());
  await redrawn(page, () => page.click(`${row} .rv-delete`));
  assert.equal(await page.locator(row).count(), 0);
  f = (await api.get(`/api/v1/review/items/${formId}`)).json;
  assert.deepEqual(f.proposals.map((y) => y.id), [f.proposals[0].id]);
  await assertNoHorizontalScroll(page);
  await axe(page, 'the proposals (phone, English)');
  await page.click('#lang-switch');
  await finish(p);
}

test('the office compiles, the leader adopts and finds the report; English and phone width', async () => {
  let p = await as('vanphong');
  await open(p.page, `#/review?year=${YEAR}`);
  await redrawn(p.page, () => p.page.click('#rv-compile'));
  assert.match(await p.page.textContent('#rv-plan tbody'), /Đã tổng hợp/);
  await finish(p);

  p = await as('lanhdao');
  const { page } = p;
  await open(page, `#/review/items/${formId}`);
  await redrawn(page, () => page.click('#rv-proposals button.btn-primary'));
  assert.match(await page.textContent('#rv-proposals tbody'), /Đã thông qua/);
  await open(page, `#/review?year=${YEAR}`);
  assert.equal(await page.getAttribute('#rv-report-pdf', 'href'), `/api/v1/review/plans/${YEAR}/report?format=pdf`);
  assert.equal(await page.getAttribute('#rv-report-xlsx', 'href'), `/api/v1/review/plans/${YEAR}/report?format=xlsx`);
  const res = await page.request.get(`${env.base}/api/v1/review/plans/${YEAR}/report?format=xlsx`);
  assert.equal(res.status(), 200);
  await page.click('#lang-switch');
  await page.waitForSelector('main h1:text("Procedure review")');
  assert.match(await page.textContent('#rv-plan thead'), /Compliance cost a year/);
  await finish(p);

  p = await as('chuyenvien', { viewport: PHONE });
  await open(p.page, `#/review/items/${formId}`);
  await assertNoHorizontalScroll(p.page);
  await shot(p.page, 'review-form-phone');
  await finish(p);
});
