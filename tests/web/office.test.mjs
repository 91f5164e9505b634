// Browser tests of the office as it really works (issue 15): the desk
// cannot receive the same papers twice, a receiver finds the counters they
// are assigned to, the screens reach Form 07 and the queue report, and the
// small things an officer trips over (a holiday deleted without asking,
// Escape on an action panel). Screenshots at desktop and phone width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, PHONE, logIn, Client, DEMO_PASSWORD,
} from './helpers.mjs';
import { run } from '../lib/motcua.mjs';
import { makePdf, draftResult } from '../lib/pdf.mjs';
import { onlineComponents } from '../lib/submit.mjs';
import { taxCode } from '../lib/ident.mjs';

const env = useServerAndBrowser();

/** A new browser context with `user` logged in through the log-in page. */
async function as(user, opts = {}, password = DEMO_PASSWORD) {
  const p = await openPage(env, opts);
  await logIn(p.page, env.base, user, password);
  return p;
}

/** Goes to a route of the app and waits until a new page is drawn. */
async function open(page, hash) {
  await page.evaluate(() => { for (const el of document.querySelectorAll('main h1')) el.dataset.stale = '1'; });
  await go(page, env.base, hash);
  await page.waitForSelector('main[aria-busy="false"] h1:not([data-stale])');
}

/** Fills the desk form for LD-02 received from a person, every component on paper. */
async function fillDesk(page) {
  await page.selectOption('#desk-form select[name="procedure"]', 'LD-02');
  await page.waitForSelector('#checklist');
  const sub = page.locator('[data-party="sub"]');
  await sub.getByLabel('Họ và tên').fill('Trần Văn Hải');
  await sub.getByLabel('Số định danh cá nhân (CCCD)').fill('001090077777');
  await page.click('#desk-all-paper');
}

test('the desk: once received, the form is gone and a second press receives nothing', async () => {
  const p = await as('tiepnhan');
  const { page } = p;
  await open(page, '#/desk');
  const api = new Client(env.base);
  assert.equal((await api.login('tiepnhan')).status, 200);
  const count = async () => {
    const r = await api.get('/api/v1/inbox?procedure=LD-02&per_page=100');
    assert.equal(r.status, 200, r.text);
    return r.json.counts.all;
  };
  const before = await count();
  await fillDesk(page);
  const posts = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/v1/dossiers')) posts.push(r.headers()['idempotency-key']);
  });
  await page.click('#desk-receive');
  await page.waitForSelector('#desk-result-card');
  const code = (await page.textContent('#desk-result-code')).trim();
  assert.equal(await page.isVisible('#desk-form'), false, 'the filled form is no longer on the page');
  assert.equal(await page.isVisible('#desk-receive'), false);
  // Even a submit that slips through (Enter in a field kept focused) sends nothing.
  await page.evaluate(() => document.getElementById('desk-form').requestSubmit());
  await page.evaluate(() => document.getElementById('desk-receive').click());
  await page.waitForTimeout(300);
  assert.equal(posts.length, 1, 'one receipt, one request');
  assert.equal(await count(), before + 1, `one dossier (${code}) for these papers`);
  await shot(page, 'office-desk-received');
  // "Tiếp nhận hồ sơ khác" gives an empty form again.
  await page.click('#desk-new');
  await page.waitForSelector('#desk-form:not([hidden])');
  assert.equal(await page.inputValue('#desk-form select[name="procedure"]'), '');
  await finish(p);
});

test('the counter page: the demo receiver (of VP) finds the BQL counters they are assigned to', async () => {
  const p = await as('tiepnhan');
  const { page } = p;
  await open(page, '#/counter');
  const mine = page.locator('#my-counters');
  await mine.waitFor();
  assert.match(await mine.textContent(), /Quầy của bạn: .*Ban Quản lý.*Quầy 1.*Quầy 2.*Quầy 3/);
  assert.match(await page.textContent('.counter-unit'), /Ban Quản lý/);
  assert.ok(await page.locator('#counter-select option').count() > 1, 'the desk\'s counters to choose from');
  await shot(page, 'office-counter-assigned');
  await page.locator('#my-counters a').first().click();
  await page.waitForSelector('#counter-open');
  await finish(p);
});

test('the counter page: a receiver assigned to no counter is told so, and who assigns one', async () => {
  run(['user', 'add', 'tiepnhan2', '--full-name', 'Lê Thị Hoa', '--role', 'receiver', '--unit', 'VP',
    '--password', DEMO_PASSWORD, '--db', env.server.db.url]);
  for (const viewport of [undefined, PHONE]) {
    const p = await as('tiepnhan2', viewport ? { viewport } : {});
    const { page } = p;
    await open(page, '#/counter');
    const none = page.locator('#counter-none');
    await none.waitFor();
    assert.match(await none.textContent(), /chưa được phân công ngồi quầy nào.*Quản trị hệ thống phân công/);
    if (viewport) await assertNoHorizontalScroll(page);
    await shot(page, viewport ? 'office-counter-none-phone' : 'office-counter-none');
    await finish(p);
  }
});

test('the office (vanphong) home reaches the overdue dossiers, the tracking book (Form 07) and the queue report', async () => {
  for (const viewport of [undefined, PHONE]) {
    const p = await as('vanphong', viewport ? { viewport } : {});
    const { page } = p;
    for (const a of ['overdue', 'trackingBook', 'queueReport', 'reports', 'dashboard']) {
      const card = page.locator(`.area-card[data-area="${a}"]`);
      assert.equal(await card.locator(`#area-${a}`).count(), 1, `${a} is a link`);
      assert.equal(await card.locator('.badge-soon').count(), 0, `${a} is not "coming soon"`);
    }
    if (viewport) await assertNoHorizontalScroll(page);
    await shot(page, viewport ? 'office-home-phone' : 'office-home');
    await finish(p);
  }
  const p = await as('vanphong');
  const { page } = p;
  await page.click('#area-trackingBook');
  await page.waitForSelector('#book-open');
  assert.equal(await page.inputValue('#book-form select[name="unit"]'), 'VP', 'the officer\'s own receiving unit first');
  const href = await page.getAttribute('#book-open', 'href');
  assert.match(href, /^\/api\/v1\/units\/VP\/tracking-book\.pdf\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}$/);
  const pdf = await page.request.get(`${env.base}${href}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  await shot(page, 'office-tracking-book');
  await open(page, '#/home');
  await page.click('#area-queueReport');
  await page.waitForSelector('#qreport-table');
  assert.match(await page.textContent('main'), /Ban Quản lý/, 'the report of the agency\'s desk');
  await open(page, '#/home');
  await page.click('#area-overdue');
  await page.waitForSelector('#box-overdue[aria-current="page"]');
  await finish(p);
});

test('Escape closes an action panel of the dossier page, as Cancel does', async () => {
  const api = new Client(env.base);
  assert.equal((await api.login('tiepnhan')).status, 200);
  const r = await api.post('/api/v1/dossiers', {
    procedure_code: 'LD-02', channel: 'direct', outcome: 'receive',
    applicant: { kind: 'person', name: 'Phan Thị Thu', id_number: '001090066666' },
    components: Array.from({ length: 9 }, (_, i) => ({ status: [5, 8].includes(i) ? 'not_applicable' : 'paper' })),
  });
  assert.equal(r.status, 201, r.text);
  const p = await as('tiepnhan');
  const { page } = p;
  await open(page, `#/dossiers/${encodeURIComponent(r.json.code)}`);
  await page.click('#act-transfer');
  await page.waitForSelector('#form-transfer');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#form-transfer', { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'act-transfer', 'focus back on the action');
  assert.equal(await page.getAttribute('#act-transfer', 'aria-expanded'), 'false');
  await finish(p);
});

test('the citizen\'s dossier history: labels, not raw keys; no officers\' names or internal notes', async () => {
  const citizen = new Client(env.base);
  assert.equal((await citizen.login('congdan')).status, 200);
  const desk = new Client(env.base);
  assert.equal((await desk.login('tiepnhan')).status, 200);
  const sub = await citizen.post('/api/v1/dossiers', {
    procedure_code: 'LD-02',
    applicant: { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' },
    components: await onlineComponents(citizen, (await citizen.get('/api/v1/procedures/LD-02')).json),
  });
  assert.equal(sub.status, 201, sub.text);
  const code = encodeURIComponent(sub.json.code);
  const up = await citizen.post(`/api/v1/dossiers/${code}/components/1/files?name=don.pdf`, makePdf('Don'), { 'content-type': 'application/pdf' });
  assert.equal(up.status, 201, up.text);
  assert.equal((await desk.post(`/api/v1/dossiers/${code}/actions/accept`, { note: 'Nội bộ: đối chiếu bản gốc' })).status, 200);
  for (const viewport of [undefined, PHONE]) {
    const p = await as('congdan', viewport ? { viewport } : {});
    const { page } = p;
    await open(page, `#/dossiers/${code}`);
    const history = await page.textContent('#history');
    assert.match(history, /Tải lên giấy tờ/, 'the upload by its label');
    assert.doesNotMatch(history, /\b[a-z]+_[a-z_]+\b/, 'no raw keys');
    assert.doesNotMatch(history, /tiepnhan|Nội bộ|Hệ thống|Xem hồ sơ/, 'no officer, internal note or views');
    if (viewport) await assertNoHorizontalScroll(page);
    await shot(page, viewport ? 'office-citizen-history-phone' : 'office-citizen-history');
    await finish(p);
  }
});

test('a procedure page shows the reviewers\' notes to officers only', async () => {
  let p = await openPage(env, { viewport: PHONE });
  await open(p.page, '#/procedures/DT-01');
  assert.equal(await p.page.locator('#sec-notes').count(), 0);
  assert.doesNotMatch(await p.page.textContent('main'), /cần đối chiếu|cần rà soát/i);
  await shot(p.page, 'office-procedure-public-phone');
  await finish(p);
  p = await as('vanphong');
  await open(p.page, '#/procedures/DT-01');
  assert.match(await p.page.textContent('#sec-notes'), /Ghi chú rà soát \(nội bộ.*cần đối chiếu/s);
  await finish(p);
});

/** A logged-in API client. */
async function client(user) {
  const c = new Client(env.base);
  assert.equal((await c.login(user)).status, 200);
  return c;
}

/** Receives LD-02 at the desk for the demo citizen as owner; returns its code. */
async function deskDossierOfCongdan() {
  const desk = await client('tiepnhan');
  const r = await desk.post('/api/v1/dossiers', {
    procedure_code: 'LD-02', channel: 'direct', outcome: 'receive',
    applicant: { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345' },
    components: Array.from({ length: 9 }, (_, i) => ({ status: [5, 8].includes(i) ? 'not_applicable' : 'paper' })),
  });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}

async function step(user, code, action, body = {}) {
  const r = await (await client(user)).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body);
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
}

test('the citizen: a desk dossier in "my dossiers", the supplement request on top in their words, and rating from the page', async () => {
  // A supplement requested: shown first, with its reasons, and the button in the citizen's words.
  const asked = await deskDossierOfCongdan();
  await step('tiepnhan', asked, 'request_supplement', { note: 'Xin bổ sung phiếu lý lịch tư pháp cấp trong 6 tháng.' });
  let p = await as('congdan');
  let { page } = p;
  await open(page, '#/my-dossiers');
  assert.equal(await page.locator(`.my-item[data-code="${asked}"]`).count(), 1, 'received at the desk, listed as theirs');
  await open(page, `#/dossiers/${encodeURIComponent(asked)}`);
  const box = page.locator('#supplement-box');
  assert.match(await box.textContent(), /Hồ sơ của bạn cần bổ sung.*Xin bổ sung phiếu lý lịch tư pháp/s);
  const first = await page.evaluate(() => {
    const b = document.getElementById('supplement-box');
    const l = document.querySelector('.dossier-layout');
    return Boolean(b.compareDocumentPosition(l) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(first, 'the request comes before the rest of the page');
  assert.equal(await page.locator('text=Nhận hồ sơ bổ sung').count(), 0, 'not the officer\'s wording');
  await shot(page, 'office-citizen-supplement');
  await finish(p);

  // Returned: the citizen rates it from the page.
  const done = await deskDossierOfCongdan();
  await step('tiepnhan', done, 'transfer', { to_user: 'chuyenvien' });
  await step('chuyenvien', done, 'transfer');
  await step('truongphong', done, 'transfer');
  await draftResult(await client('chuyenvien'), done);
  await step('lanhdao', done, 'approve');
  await step('lanhdao', done, 'issue_result', { result_code: 'GPLĐ-2026-077' });
  await step('tiepnhan', done, 'return_result');
  p = await as('congdan', { viewport: PHONE });
  ({ page } = p);
  await open(page, `#/dossiers/${encodeURIComponent(done)}`);
  await assertNoHorizontalScroll(page);
  await shot(page, 'office-citizen-rate-phone');
  await page.click('#rate-own');
  await page.waitForURL(/#\/rate\/dossier\/\d+\?t=[0-9a-f]{64}$/);
  await page.waitForSelector('main[aria-busy="false"] form, main[aria-busy="false"] fieldset');
  await finish(p);
});

test('an organisation\'s account submits online as the organisation: its name, tax code and e-mail prefilled', async () => {
  const tax = taxCode('010888777');
  const reg = await new Client(env.base).post('/api/v1/auth/register', {
    kind: 'organisation', tax_code: tax, full_name: 'Công ty TNHH Ánh Dương', email: 'anhduong@example.vn',
    username: 'anhduong', password: 'Mật-khẩu-8x',
  });
  assert.equal(reg.status, 202, reg.text);
  const p = await as('anhduong', {}, 'Mật-khẩu-8x');
  const { page } = p;
  await open(page, '#/submit');
  const me = page.locator('[data-party="me"]');
  assert.equal(await me.locator('input[data-kind="organisation"]').isChecked(), true, 'as an organisation');
  assert.equal(await me.getByLabel('Tên tổ chức, doanh nghiệp').inputValue(), 'Công ty TNHH Ánh Dương');
  assert.equal(await me.getByLabel('Mã số thuế').inputValue(), tax);
  assert.equal(await me.getByLabel('Thư điện tử').inputValue(), 'anhduong@example.vn');
  assert.equal(await me.getByLabel('Họ và tên').isVisible(), false);
  await shot(page, 'office-submit-organisation');
  await finish(p);
});

test('the leader sees the draft result on the approvals page, approves it and signs it there', async () => {
  const code = await deskDossierOfCongdan();
  await step('tiepnhan', code, 'transfer', { to_user: 'chuyenvien' });
  const cv = await client('chuyenvien');
  const up = await cv.post(`/api/v1/dossiers/${encodeURIComponent(code)}/result?name=ket-qua.pdf`, makePdf('Giay phep'), { 'content-type': 'application/pdf' });
  assert.equal(up.status, 201, up.text);
  await step('chuyenvien', code, 'transfer');
  await step('truongphong', code, 'transfer');
  const p = await as('lanhdao');
  const { page } = p;
  await open(page, '#/approvals');
  const item = page.locator(`#approvals-results .approval-item[data-code="${code}"]`);
  const draft = item.locator(`a[data-draft="${code}"]`);
  assert.equal(await draft.getAttribute('target'), '_blank');
  const file = await page.request.get(`${env.base}${await draft.getAttribute('href')}`);
  assert.equal(file.status(), 200);
  assert.equal(file.headers()['content-type'], 'application/pdf');
  assert.match((await file.body()).subarray(0, 5).toString(), /^%PDF-/);
  await shot(page, 'office-approvals-draft');
  await item.locator('button[data-action="approve"]').click();
  await page.click(`#sign-${code.replace(/\./g, '\\.')}`);
  await page.waitForSelector(`.approval-item[data-code="${code}"] .alert-success >> text=Đã ký số và ban hành`);
  const d = await (await client('lanhdao')).get(`/api/v1/dossiers/${encodeURIComponent(code)}`);
  assert.equal(d.json.state, 'result_ready');
  await finish(p);
});

test('a procedure offered online has a "Nộp hồ sơ trực tuyến" button that opens the submission with it chosen', async () => {
  const procs = (await new Client(env.base).get('/api/v1/procedures?per_page=100')).json.items;
  const online = procs.find((x) => x.online_level === 'full' || x.online_level === 'partial');
  const offline = procs.find((x) => x.online_level !== 'full' && x.online_level !== 'partial');
  assert.ok(online, 'the seed catalogue has a procedure offered online');
  const p = await as('congdan', { viewport: PHONE });
  const { page } = p;
  if (offline) {
    await open(page, `#/procedures/${encodeURIComponent(offline.code)}`);
    assert.equal(await page.locator('#procedure-submit').count(), 0, 'not offered online: no button');
  }
  await open(page, `#/procedures/${encodeURIComponent(online.code)}`);
  await assertNoHorizontalScroll(page);
  await shot(page, 'office-procedure-submit-phone');
  await page.click('#procedure-submit');
  await page.waitForSelector('#checklist');
  assert.equal(await page.inputValue('#submit-form select[name="procedure"]'), online.code);
  await finish(p);
});
