// Browser test of the procedure review's checks (issue 14, a stranger's
// test from a fresh clone): errors at the inputs that caused them, with the
// bounds; the phone layout of a form; the plan's items corrected or
// removed; a version published with the proposals it enacts. A demo
// database without history, set up through the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { freshDb, run, DEMO_PASSWORD } from '../lib/motcua.mjs';
import path from 'node:path';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, PHONE, logIn, Client, SHOTS } from './helpers.mjs';

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
const env = useServerAndBrowser({ db: { url: db.url, drop() { db.drop(); } } });
const YEAR = 2027;

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

async function apiAs(user) {
  const c = new Client(env.base);
  const l = await c.post('/api/v1/auth/login', { username: user, password: DEMO_PASSWORD });
  assert.equal(l.status, 200, l.text);
  c.csrf = l.json.csrf_token;
  return c;
}

let office, formId;

test('setup: the office plans the year through the API', async () => {
  office = await apiAs('vanphong');
  assert.equal((await office.post('/api/v1/review/plans', { year: YEAR })).status, 201);
  assert.equal((await office.put(`/api/v1/review/incomes/${YEAR}`, { per_hour: 40000 })).status, 200);
  const r = await office.post(`/api/v1/review/plans/${YEAR}/items`, { procedure: 'LD-01', due: `${YEAR}-06-30` });
  assert.equal(r.status, 201, r.text);
  formId = r.json.id;
});

test('sending a form without the criteria assessed: the error at the criterion, nothing sent', async () => {
  const p = await as('truongphong', { expectedFailures: ['/submit'] });
  const { page } = p;
  await open(page, `#/review/items/${formId}`);
  await page.click('#rv-submit');
  const err = page.locator('#rv-form select[name="necessity-verdict"] + .field-error');
  await err.waitFor();
  assert.match(await err.textContent(), /Cần đánh giá đủ/);
  assert.equal(await page.getAttribute('#rv-form select[name="necessity-verdict"]', 'aria-invalid'), 'true');
  assert.equal(await page.textContent('#rv-state'), 'Đang rà soát');
  p.problems.length = 0;
  await finish(p);
});

test('the office corrects a plan item not yet sent and removes one after confirming', async () => {
  const add = await office.post(`/api/v1/review/plans/${YEAR}/items`, { procedure: 'LD-03', due: `${YEAR}-06-30` });
  assert.equal(add.status, 201, add.text);
  const id = add.json.id;
  const p = await as('vanphong', { expectedFailures: ['/plan'] });
  const { page } = p;
  await open(page, `#/review?year=${YEAR}`);
  const row = page.locator(`#rv-plan tbody tr[data-id="${id}"]`);
  await row.locator('.rv-item-edit').click();
  // A unit nobody of which can fill the form: refused at the unit's input.
  await row.locator('input[name="unit"]').fill('VP');
  await row.locator('button[type="submit"]').click();
  const err = row.locator('input[name="unit"] + .field-error');
  await err.waitFor();
  assert.match(await err.textContent(), /không có chuyên viên hoặc trưởng phòng/);
  await row.locator('input[name="unit"]').fill('QLDT');
  await row.locator('input[name="due"]').fill(`${YEAR}-09-30`);
  await page.evaluate(() => { for (const el of document.querySelectorAll('main h1')) el.dataset.stale = '1'; });
  await row.locator('button[type="submit"]').click();
  await page.waitForSelector('main[aria-busy="false"] h1:not([data-stale])');
  const f = (await office.get(`/api/v1/review/items/${id}`)).json;
  assert.deepEqual([f.unit.code, f.due], ['QLDT', `${YEAR}-09-30`]);
  assert.match(await page.locator(`#rv-plan tbody tr[data-id="${id}"]`).textContent(), /2027-09-30/);
  // Removing asks first; cancelling keeps it.
  await page.locator(`#rv-plan tbody tr[data-id="${id}"] .rv-item-delete`).click();
  await page.locator(`#rv-plan tbody tr[data-id="${id}"] .rv-item-confirm button.btn-secondary`).click();
  assert.equal((await office.get(`/api/v1/review/items/${id}`)).status, 200, 'cancelled: kept');
  await page.locator(`#rv-plan tbody tr[data-id="${id}"] .rv-item-delete`).click();
  assert.match(await page.textContent(`#rv-plan tbody tr[data-id="${id}"] .rv-item-confirm`), /Xóa .*LD-03.* khỏi kế hoạch/);
  await page.evaluate(() => { for (const el of document.querySelectorAll('main h1')) el.dataset.stale = '1'; });
  await page.locator(`#rv-plan tbody tr[data-id="${id}"] .rv-item-delete-yes`).click();
  await page.waitForSelector('main[aria-busy="false"] h1:not([data-stale])');
  assert.equal(await page.locator(`#rv-plan tbody tr[data-id="${id}"]`).count(), 0);
  assert.equal((await office.get(`/api/v1/review/items/${id}`)).status, 404);
  p.problems.length = 0;
  await finish(p);
});

test('an enacted proposal has no Adopt/Reject; the Office\'s note shows only while the form is returned', async () => {
  const head = await apiAs('truongphong');
  const leader = await apiAs('lanhdao');
  const admin = await apiAs('admin');
  const form = `/api/v1/review/items/${formId}`;
  assert.equal((await head.put(form, { necessity: { verdict: 'meets' }, reasonableness: { verdict: 'meets' }, legality: { verdict: 'meets' } })).status, 200);
  for (const text of ['Nộp trực tuyến', 'Bỏ bản sao']) {
    assert.equal((await head.post(`${form}/proposals`, { kind: 'other', text, other_costs: 0 })).status, 201);
  }
  assert.equal((await head.post(`${form}/submit`, {})).status, 200);
  assert.equal((await office.post(`${form}/return`, { note: 'Bổ sung căn cứ' })).status, 200);
  let p = await as('truongphong');
  await open(p.page, `#/review/items/${formId}`);
  assert.match(await p.page.textContent('main'), /Bổ sung căn cứ/, 'shown while returned');
  assert.equal((await head.post(`${form}/submit`, {})).status, 200);
  assert.equal((await office.post(`/api/v1/review/plans/${YEAR}/compile`, {})).status, 200);
  await open(p.page, `#/review?year=${YEAR}`);
  await open(p.page, `#/review/items/${formId}`);
  assert.doesNotMatch(await p.page.textContent('main'), /Bổ sung căn cứ/, 'not after it was sent again');
  await finish(p);
  const props = (await head.get(form)).json.proposals;
  for (const x of props) assert.equal((await leader.post(`/api/v1/review/proposals/${x.id}/decision`, { adopt: true })).status, 200);
  const body = JSON.parse(readFileSync(new URL('../../data/catalogue/LD-01.json', import.meta.url), 'utf8'));
  assert.equal((await admin.put('/api/v1/procedures/LD-01/draft', body)).status, 200);
  const pub = await admin.post('/api/v1/procedures/LD-01/publish', { enacts: [props[0].id] });
  assert.equal(pub.status, 200, pub.text);
  p = await as('lanhdao');
  await open(p.page, `#/review/items/${formId}`);
  assert.equal(await p.page.locator(`#rv-proposals tr[data-id="${props[0].id}"] button`).count(), 0, 'enacted: no buttons');
  assert.equal(await p.page.locator(`#rv-proposals tr[data-id="${props[1].id}"] button`).count(), 2, 'not enacted: Adopt and Reject');
  await finish(p);
  enactable = props[1].id;
});

let enactable;

test('the publish dialog lists the adopted proposals not yet enacted; the ticked one is linked to the version', async () => {
  const admin = await apiAs('admin');
  const body = JSON.parse(readFileSync(new URL('../../data/catalogue/LD-01.json', import.meta.url), 'utf8'));
  body.name.vi += ' (sửa đổi)';
  assert.equal((await admin.put('/api/v1/procedures/LD-01/draft', body)).status, 200);
  const p = await as('admin');
  const { page } = p;
  await open(page, '#/procedures-admin/LD-01');
  await page.click('#pa-publish');
  await page.waitForSelector('#pa-confirm-text');
  const boxes = page.locator('#pa-enacts input[type="checkbox"]');
  await boxes.first().waitFor();
  assert.equal(await boxes.count(), 1, 'only the one adopted and not enacted');
  assert.match(await page.textContent('#pa-enacts'), /2027 — Phương án khác: Bỏ bản sao/);
  await page.check(`#pa-enact-${enactable}`);
  await page.click('#pa-publish-yes');
  await page.waitForSelector('#pa-published');
  const f = (await office.get(`/api/v1/review/items/${formId}`)).json;
  const x = f.proposals.find((q) => q.id === enactable);
  assert.ok(x.enacted_version >= 3, `enacted by the version published: ${x.enacted_version}`);
  assert.deepEqual((await admin.get('/api/v1/procedures/LD-01/enactable')).json, { proposals: [] });
  await finish(p);
});

test('a cost input out of bounds or not whole: the error at that input, with the bounds', async () => {
  const add = await office.post(`/api/v1/review/plans/${YEAR}/items`, { procedure: 'LD-02', due: `${YEAR}-06-30` });
  assert.equal(add.status, 201, add.text);
  const id = add.json.id;
  const p = await as('chuyenvien', { expectedFailures: [`/review/items/${id}`] });
  const { page } = p;
  await open(page, `#/review/items/${id}`);
  const mins = '#rv-activities input[name="prepare-minutes"]';
  await page.fill(mins, '99999999');
  await page.click('#rv-save');
  const err = page.locator(`${mins} + .field-error`);
  await err.waitFor();
  assert.match(await err.textContent(), /ngoài phạm vi.*từ 0 đến 60\.000/);
  assert.equal(await page.getAttribute(mins, 'aria-invalid'), 'true');
  assert.equal(await page.locator('#rv-messages .alert-error').count(), 0, 'not a banner');
  await page.fill(mins, '30');
  await page.fill('#rv-form input[name="other_costs"]', '12.5');
  await page.click('#rv-save');
  const err2 = page.locator('#rv-form input[name="other_costs"] + .field-error');
  await err2.waitFor();
  assert.match(await err2.textContent(), /số nguyên/);
  assert.equal(await page.locator(`${mins} + .field-error`).count(), 0, 'the earlier error is gone');
  const f = (await (await apiAs('chuyenvien')).get(`/api/v1/review/items/${id}`)).json;
  assert.equal(f.cost.other_costs, 0, 'nothing saved');
  p.problems.length = 0;
  await finish(p);
});

test('a proposal\'s input out of bounds or not whole: the error at that input (the i-th activity sent), not in a banner', async () => {
  const id = (await office.get(`/api/v1/review/plans/${YEAR}`)).json.forms.find((f) => f.procedure.code === 'LD-02').id;
  const p = await as('chuyenvien', { viewport: PHONE, expectedFailures: [`/review/items/${id}/proposals`] });
  const { page } = p;
  await open(page, `#/review/items/${id}`);
  const form = '#rv-proposal-form';
  // No text: the API's error at the text, in the page's words.
  await page.click('#rv-propose');
  await page.locator(`${form} textarea[name="text"] + .field-error`).waitFor();
  await page.fill(`${form} textarea[name="text"]`, 'Bỏ bản sao');
  // The first row filled is activities[0]: the error of activities[1] goes to the second.
  await page.fill(`${form} input[name="p-prepare-minutes"]`, '10');
  const travel = `${form} input[name="p-travel-minutes"]`;
  await page.fill(travel, '99999999');
  await page.click('#rv-propose');
  const err = page.locator(`${travel} + .field-error`);
  await err.waitFor();
  assert.match(await err.textContent(), /ngoài phạm vi.*từ 0 đến 60\.000/);
  assert.equal(await page.getAttribute(travel, 'aria-invalid'), 'true');
  assert.equal(await page.locator('#rv-messages .alert-error').count(), 0, 'not a banner');
  await assertNoHorizontalScroll(page);
  await page.fill(travel, '');
  await page.fill(`${form} input[name="p-other"]`, '12.5');
  await page.click('#rv-propose');
  const err2 = page.locator(`${form} input[name="p-other"] + .field-error`);
  await err2.waitFor();
  assert.match(await err2.textContent(), /số nguyên/);
  assert.equal(await page.locator(`${travel} + .field-error`).count(), 0, 'the earlier error is gone');
  assert.equal(await page.locator('#rv-messages .alert-error').count(), 0, 'not a banner');
  await assertNoHorizontalScroll(page);
  const f = (await (await apiAs('chuyenvien')).get(`/api/v1/review/items/${id}`)).json;
  assert.equal(f.proposals.length, 0, 'nothing added');
  p.problems.length = 0;
  await finish(p);
});

test('phone width: the cost table\'s caption spans the card, each stacked cell is labelled, a reader\'s inputs look read-only', async () => {
  const id = (await office.get(`/api/v1/review/plans/${YEAR}`)).json.forms.find((f) => f.procedure.code === 'LD-02').id;
  let p = await as('chuyenvien', { viewport: PHONE });
  await open(p.page, `#/review/items/${id}`);
  await assertNoHorizontalScroll(p.page);
  const cap = await p.page.locator('#rv-activities caption').boundingBox();
  assert.ok(cap.width > 300, `caption ${cap.width} px wide`);
  const labels = await p.page.$$eval('#rv-activities tr[data-activity="prepare"] > *', (cells) => cells.map((c) => getComputedStyle(c, '::before').content));
  assert.deepEqual(labels, ['"Công việc"', '"Phút mỗi lần"', '"Số lần mỗi hồ sơ"', '"Giờ mỗi hồ sơ"']);
  // A label wraps rather than running under its input.
  assert.equal(await p.page.$eval('#rv-activities tr[data-activity="prepare"] td.num', (c) => getComputedStyle(c, '::before').whiteSpace), 'normal');
  const editable = await p.page.$eval('#rv-activities input[name="prepare-minutes"]', (el) => getComputedStyle(el).backgroundColor);
  await shot(p.page, 'review-checks-form-phone-unit');
  await p.page.locator('#rv-activities').screenshot({ path: path.join(SHOTS, 'review-checks-costs-phone-unit.png') });
  await finish(p);
  p = await as('lanhdao', { viewport: PHONE });
  await open(p.page, `#/review/items/${formId}`);
  await assertNoHorizontalScroll(p.page);
  const input = p.page.locator('#rv-form select[name="necessity-verdict"]');
  assert.equal(await input.isDisabled(), true);
  const ro = await input.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).borderStyle]);
  assert.notEqual(ro[0], editable, 'a disabled input is not drawn as an editable one');
  assert.match(ro[1], /dashed/);
  await shot(p.page, 'review-checks-form-phone-leader');
  await p.page.locator('#rv-form').screenshot({ path: path.join(SHOTS, 'review-checks-form-phone-leader-form.png') });
  await finish(p);
});
