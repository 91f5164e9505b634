// Browser tests of the dossier pages with real log-ins of the demo users:
// the whole path through the pages — received at the desk (Form 01), handed
// over by the desk, the specialist and the head, approved on the leader's
// approvals page, the result issued and returned — after which the public
// tracking page says "Đã trả kết quả"; the desk's checks and Forms 02 and
// 03; the citizen's online submission and "my dossiers"; the inbox's boxes
// and filters; English; phone layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, PHONE, Client, logIn,
} from './helpers.mjs';
import { makePdf, draftResult } from '../lib/pdf.mjs';

const env = useServerAndBrowser();

/** A new browser context with `user` logged in through the log-in page. */
async function as(user, opts = {}) {
  const p = await openPage(env, opts);
  await logIn(p.page, env.base, user);
  return p;
}

/** Marks the page's heading, so that the next render can be told from this one. */
async function mark(page) {
  await page.evaluate(() => { for (const el of document.querySelectorAll('main h1')) el.dataset.stale = '1'; });
}

/** Waits until the app has drawn a new page since mark(). */
async function rendered(page) {
  await page.waitForSelector('main[aria-busy="false"] h1:not([data-stale])');
}

/** Clicks something (a selector or a locator) that changes the route, and waits for the new page. */
async function follow(page, target) {
  await mark(page);
  await (typeof target === 'string' ? page.click(target) : target.click());
  await rendered(page);
}

/** Goes to a route of the app and waits for it (a hash change is no page load). */
async function open(page, hash) {
  await mark(page);
  await go(page, env.base, hash);
  await rendered(page);
}

/** Opens an action on the dossier page, fills its fields, confirms, waits for the new state. */
async function act(page, action, fields = {}) {
  await page.click(`#act-${action}`);
  await page.waitForSelector(`#form-${action}`);
  for (const [name, value] of Object.entries(fields)) {
    const field = page.locator(`#form-${action} [name="${name}"]`);
    if (await field.evaluate((el) => el.tagName) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
  await page.click('#act-confirm');
  await page.waitForSelector('#dossier-notice .alert-success');
}

async function stateOf(page) {
  return page.getAttribute('.dossier-header .dstate', 'data-state');
}

/** Fills the desk form for LD-02: a company submits for its foreign worker's permit. */
async function fillDesk(page) {
  await page.selectOption('#desk-form select[name="procedure"]', 'LD-02');
  await page.waitForSelector('#checklist');
  const sub = page.locator('[data-party="sub"]');
  await sub.locator('input[data-kind="organisation"]').check();
  await sub.getByLabel('Tên tổ chức, doanh nghiệp').fill('Công ty TNHH Sao Mai');
  await sub.getByLabel('Mã số thuế').fill('0101234565');
  await sub.getByLabel('Số điện thoại').fill('0226 3850 123');
  await page.getByLabel('Chủ hồ sơ khác người nộp (nộp thay, ủy quyền)').check();
  const own = page.locator('[data-party="own"]');
  await own.locator('input[data-kind="person"]').check();
  await own.getByLabel('Họ và tên').fill('Nguyễn Văn Bình');
  await own.getByLabel('Số định danh cá nhân (CCCD)').fill('001090099999');
}

test('receive at the desk → transfer → approve → issue → return; public tracking shows "returned"', async () => {
  // The desk: receive (Form 01).
  let p = await as('tiepnhan');
  let { page } = p;
  await follow(page, '#area-desk');
  assert.equal(await page.textContent('h1'), 'Tiếp nhận hồ sơ');
  await fillDesk(page);
  await page.click('#desk-all-paper');
  // Mandatory components are marked on paper, the conditional ones not applicable.
  assert.equal(await page.locator('#checklist input[value="paper"]:checked').count(), 7);
  assert.equal(await page.locator('#checklist input[value="not_applicable"]:checked').count(), 2);
  // The receipt carries an Idempotency-Key: pressing again after a lost
  // answer gets the same dossier, not a second one (issue 10).
  const [sent] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/dossiers')),
    page.click('#desk-receive'),
  ]);
  assert.match(sent.headers()['idempotency-key'] || '', /^[0-9a-f]{32}$/);
  await page.waitForSelector('#desk-result-card');
  const code = (await page.textContent('#desk-result-code')).trim();
  assert.match(code, /^000\.17\.22\.H56\.01-\d{6}-\d{4}$/);
  assert.equal(await page.textContent('#desk-result-card h2'), 'Đã tiếp nhận hồ sơ');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'desk-result-card', 'focus moves to the result');
  const form01 = page.locator('#desk-result-card a[data-form="01"]');
  assert.equal(await form01.getAttribute('href'), `/api/v1/dossiers/${encodeURIComponent(code)}/forms/01`);
  assert.equal(await form01.getAttribute('target'), '_blank');
  assert.match(await form01.textContent(), /In Giấy tiếp nhận hồ sơ và hẹn trả kết quả \(Mẫu 01\).*mở trong thẻ mới/);
  // Digitization at receipt (issue 15 item 18): the card says the paper components are to be scanned, and where.
  assert.match(await page.textContent('#desk-digitize'), /Số hóa từng thành phần hồ sơ giấy/);
  assert.equal(await page.getAttribute('#desk-digitize-link', 'href'), `#/dossiers/${encodeURIComponent(code)}/documents`);
  const pdf = await page.request.get(`${env.base}${await form01.getAttribute('href')}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  await shot(page, 'dossiers-desk-received');

  // The desk hands it over to the specialist, by name.
  await follow(page, '#desk-result-code');
  assert.equal((await page.textContent('#dossier-code .code')).trim(), code);
  assert.equal(await stateOf(page), 'received');
  assert.match(await page.textContent('#current-step'), /Bước 1.*Tiếp nhận hồ sơ/);
  assert.match(await page.textContent('#history'), /Tiếp nhận hồ sơ \(Mẫu 01\).*bởi tiepnhan/);
  // The officer is chosen from the next step's unit and role (a specialist of DNLD), the pool first.
  await page.click('#act-transfer');
  const choices = await page.locator('#form-transfer select[name="to_user"] option').evaluateAll(
    (os) => os.map((o) => [o.value, o.textContent]));
  assert.deepEqual(choices, [['', '— Hồ sơ chung của đơn vị (chưa giao) —'], ['chuyenvien', 'Trần Văn Minh (chuyenvien)']]);
  await page.click('#act-transfer');
  await act(page, 'transfer', { to_user: 'chuyenvien' });
  assert.equal(await stateOf(page), 'in_process');
  assert.match(await page.textContent('#dossier-notice'), /Đã thực hiện: Chuyển bước tiếp theo\. Trạng thái hiện tại: Đang xử lý\./);
  assert.match(await page.textContent('#current-step'), /Bước 2.*Thẩm định hồ sơ.*chuyenvien/);
  assert.match(await page.textContent('#history'), /Chuyển xử lý.*giao cho chuyenvien/);
  assert.equal(await page.locator('#act-transfer').count(), 0, 'the desk cannot act for the specialist');
  await finish(p);

  // The specialist finds it in "assigned to me" and hands it to the head.
  p = await as('chuyenvien');
  ({ page } = p);
  await follow(page, '#area-inbox');
  assert.equal(await page.getAttribute('#box-mine', 'aria-current'), 'page');
  const row = page.locator(`.inbox-row[data-code="${code}"]`);
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /Công ty TNHH Sao Mai|Nguyễn Văn Bình/);
  await shot(page, 'dossiers-inbox');
  await follow(page, row.locator('a.dossier-link'));
  assert.match(await page.textContent('#sec-actions'), /Xin gia hạn/);
  await act(page, 'transfer');
  assert.match(await page.textContent('#current-step'), /Bước 3.*Xem xét, trình ký/);
  await finish(p);

  // The head takes it from the unit's pool and sends it up to the leader.
  p = await as('truongphong');
  ({ page } = p);
  await open(page, '#/inbox?box=pool');
  await follow(page, `.inbox-row[data-code="${code}"] a.dossier-link`);
  await act(page, 'transfer');
  assert.match(await page.textContent('#current-step'), /Bước 4.*Phê duyệt, ký kết quả/);
  await finish(p);

  // The specialist's draft result (approving needs one).
  const cv = new Client(env.base);
  assert.equal((await cv.login('chuyenvien')).status, 200);
  await draftResult(cv, code);

  // The leader approves on the approvals page, then issues the result.
  p = await as('lanhdao');
  ({ page } = p);
  await follow(page, '#area-sign');
  assert.equal(await page.textContent('h1'), 'Hồ sơ chờ phê duyệt');
  const item = page.locator(`#approvals-results .approval-item[data-code="${code}"]`);
  assert.equal(await item.count(), 1);
  await shot(page, 'dossiers-approvals');
  await item.locator('button[data-action="approve"]').click();
  await item.locator('.alert-success').waitFor();
  assert.match(await item.textContent(), /Đã phê duyệt kết quả hồ sơ/);
  await follow(page, item.locator('a', { hasText: 'Mở hồ sơ để ban hành kết quả' }));
  assert.match(await page.textContent('.dossier-header'), /Kết quả đã được phê duyệt/);
  await act(page, 'issue_result', { result_code: '125/GPLĐ-BQL' });
  assert.equal(await stateOf(page), 'result_ready');
  assert.match(await page.textContent('#sec-summary'), /125\/GPLĐ-BQL/);
  await finish(p);

  // The desk returns the result.
  p = await as('tiepnhan');
  ({ page } = p);
  await open(page, '#/inbox?box=all&state=result_ready');
  await follow(page, `.inbox-row[data-code="${code}"] a.dossier-link`);
  await act(page, 'return_result');
  assert.equal(await stateOf(page), 'returned');
  assert.match(await page.textContent('#no-actions'), /Hồ sơ đã kết thúc/);
  const history = await page.locator('#history .tl-item').evaluateAll((els) => els.map((e) => e.dataset.action));
  assert.deepEqual(history, ['return_result', 'result_signed', 'issue_result', 'approve', 'result_drafted', 'transfer', 'transfer', 'transfer',
    'payment_demanded', 'receive']); // LD-02's fee: a demand at receipt (issue 13)
  assert.equal(await page.locator('#sec-forms a[data-form="06"]').count(), 1, 'the process-control sheet can be printed');
  await shot(page, 'dossiers-dossier-returned');
  await finish(p);

  // Anyone: the public tracking page, by typing the code.
  p = await openPage(env);
  ({ page } = p);
  await open(page, '#/');
  await follow(page, '.nav-list a[href="#/track"]');
  await page.getByLabel('Mã hồ sơ', { exact: true }).fill(code);
  await page.click('#track-go');
  await page.waitForSelector('#track-card');
  assert.equal(new URL(page.url()).hash, `#/track/${encodeURIComponent(code)}`);
  assert.equal(await page.getAttribute('#track-card', 'data-state'), 'returned');
  assert.equal((await page.textContent('#track-card .dstate')).trim(), 'Đã trả kết quả');
  const text = await page.textContent('#track-card');
  assert.match(text, /N\*\*\*\*\* V\*\* B\*\*\*/);
  for (const secret of ['Sao Mai', '0101234565', '001090099999', 'Nguyễn Văn Bình', 'chuyenvien']) {
    assert.ok(!text.includes(secret), `tracking shows ${secret}`);
  }
  await shot(page, 'dossiers-track-returned');
  // In English too.
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('#track-card');
  assert.equal((await page.textContent('#track-card .dstate')).trim(), 'Result returned');
  assert.equal(await page.textContent('h1'), 'Track a dossier');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
  await finish(p);
});

test('the desk checks the form, asks for a supplement (Form 02) and refuses (Form 03)', async () => {
  const p = await as('tiepnhan');
  const { page } = p;
  await open(page, '#/desk');
  // Nothing filled in: every problem is named next to its field.
  await page.click('#desk-receive');
  assert.match(await page.textContent('#desk-alert'), /Vui lòng sửa các mục được đánh dấu/);
  assert.equal(await page.evaluate(() => document.activeElement.name), 'procedure');
  await fillDesk(page);
  await page.click('#desk-receive');
  assert.equal(await page.locator('.comp-row.has-error').count(), 9, 'each unanswered component is marked');
  await page.click('#desk-all-paper');
  // A mandatory component missing: cannot be received, can be sent back for a supplement.
  await page.locator('.comp-row[data-index="3"] input[value="missing"]').check();
  await page.click('#desk-receive');
  assert.match(await page.textContent('.comp-row[data-index="3"]'), /Thành phần bắt buộc còn thiếu/);
  await page.getByLabel('Lý do, hướng dẫn').fill('Bổ sung văn bằng, chứng chỉ đã hợp pháp hóa lãnh sự.');
  await page.click('#desk-request_supplement');
  await page.waitForSelector('#desk-result-card');
  assert.equal(await page.textContent('#desk-result-card h2'), 'Đã lập phiếu yêu cầu bổ sung');
  assert.equal(await page.getAttribute('#desk-result-card .dstate', 'data-state'), 'awaiting_supplement');
  assert.match(await page.getAttribute('#desk-result-card a[data-form="02"]', 'href'), /\/forms\/02$/);
  await shot(page, 'dossiers-desk-supplement');

  // Refusal needs its reasons.
  await follow(page, '#desk-new');
  await fillDesk(page);
  await page.click('#desk-all-uploaded');
  await page.click('#desk-refuse');
  assert.match(await page.textContent('#desk-s4'), /Vui lòng ghi lý do từ chối/);
  await page.getByLabel('Lý do, hướng dẫn').fill('Người lao động thuộc diện không phải cấp giấy phép lao động.');
  await page.click('#desk-refuse');
  await page.waitForSelector('#desk-result-card');
  assert.equal(await page.getAttribute('#desk-result-card .dstate', 'data-state'), 'refused');
  assert.match(await page.getAttribute('#desk-result-card a[data-form="03"]', 'href'), /\/forms\/03$/);

  // A wrong ID number comes back from the server and is shown at its field.
  await follow(page, '#desk-new');
  await fillDesk(page);
  await page.locator('[data-party="sub"] input[data-kind="person"]').check();
  await page.locator('[data-party="sub"]').getByLabel('Họ và tên').fill('Trần Thị Mai');
  await page.locator('[data-party="sub"]').getByLabel('Số định danh cá nhân (CCCD)').fill('12345');
  await page.click('#desk-all-paper');
  await page.click('#desk-receive');
  assert.match(await page.textContent('[data-party="sub"]'), /gồm đúng 12 chữ số/);
  await finish(p);
});

test('a citizen submits online, finds it in "my dossiers", and the desk accepts it', async () => {
  let p = await as('congdan');
  let { page } = p;
  await follow(page, '#area-submit');
  assert.equal(await page.textContent('h1'), 'Nộp hồ sơ trực tuyến');
  await page.selectOption('#submit-form select[name="procedure"]', 'LD-02');
  await page.waitForSelector('#checklist');
  assert.equal(await page.locator('[data-party="me"]').getByLabel('Họ và tên').inputValue(), 'Hoàng Văn An');
  await page.locator('[data-party="me"]').getByLabel('Số định danh cá nhân (CCCD)').fill('001090012345');
  // Files first (issue 15): "Nộp hồ sơ" waits until every mandatory component has one.
  assert.equal(await page.isDisabled('#submit-send'), true);
  const missing = await page.locator('.comp-row[data-state="missing"]').evaluateAll((rs) => rs.map((r) => r.dataset.index));
  assert.equal(missing.length, 7);
  for (const i of missing) {
    await page.locator(`.comp-row[data-index="${i}"] input[type="file"]`)
      .setInputFiles({ name: `tp${i}.pdf`, mimeType: 'application/pdf', buffer: makePdf(`Thanh phan ${i}`) });
    await page.waitForSelector(`.comp-row[data-index="${i}"][data-state="attached"]`);
  }
  assert.equal(await page.isDisabled('#submit-send'), false);
  await page.click('#submit-send');
  assert.match(await page.textContent('#submit-form'), /Vui lòng xác nhận cam đoan/);
  await page.getByLabel('Tôi cam đoan các thông tin và giấy tờ trong hồ sơ là đúng sự thật.').check();
  await shot(page, 'dossiers-submit');
  await page.click('#submit-send');
  await page.waitForSelector('#submit-result-card');
  const code = (await page.textContent('#submit-code')).trim();
  assert.equal(await page.getAttribute('#submit-result-card .dstate', 'data-state'), 'submitted');

  await open(page, '#/my-dossiers');
  const mine = page.locator(`.my-item[data-code="${code}"]`);
  assert.equal(await mine.count(), 1);
  assert.match(await mine.textContent(), /Đã nộp trực tuyến, chờ tiếp nhận/);
  await shot(page, 'dossiers-my');
  await follow(page, mine.locator('h2 a'));
  assert.equal(await page.locator('#act-withdraw').count(), 1, 'the citizen may withdraw');
  assert.equal(await page.locator('#act-accept').count(), 0);
  await finish(p);

  // The desk finds it among the online dossiers waiting and accepts it (Form 01).
  p = await as('tiepnhan');
  ({ page } = p);
  await open(page, '#/desk');
  await follow(page, '#desk-online-link');
  assert.equal(await page.getAttribute('#box-pool', 'aria-current'), 'page');
  assert.equal(await page.inputValue('select[name="state"]'), 'submitted');
  await follow(page, `.inbox-row[data-code="${code}"] a.dossier-link`);
  await act(page, 'accept');
  assert.equal(await stateOf(page), 'received');
  assert.match(await page.getAttribute('#dossier-notice a[data-form="01"]', 'href'), /\/forms\/01$/);
  await finish(p);

  // The citizen sees it received.
  p = await as('congdan');
  ({ page } = p);
  await open(page, '#/my-dossiers');
  assert.match(await page.textContent(`.my-item[data-code="${code}"]`), /Đã tiếp nhận/);
  await finish(p);
});

test('an action refused by the server says why, and nothing changes', async () => {
  const p = await as('tiepnhan', { expectedFailures: ['/actions/transfer', '/officers'] });
  const { page } = p;
  // Without the list of officers (an older server) the officer is typed by user name.
  await page.route('**/api/v1/units/*/officers*', (route) => route.fulfill({
    status: 404, contentType: 'application/json', body: '{"error":{"code":"NOT_FOUND","message":"Không tìm thấy"}}',
  }));
  await open(page, '#/desk');
  await fillDesk(page);
  await page.click('#desk-all-paper');
  await page.click('#desk-receive');
  await page.waitForSelector('#desk-result-card');
  await follow(page, '#desk-result-code');
  // Handing over to a head by name is not allowed (the next step is a specialist's).
  await page.click('#act-transfer');
  assert.equal(await page.locator('#form-transfer input[name="to_user"]').count(), 1);
  await page.fill('#form-transfer [name="to_user"]', 'truongphong');
  await page.click('#act-confirm');
  await page.waitForSelector('#form-transfer .field-error:not([hidden])');
  assert.equal(await stateOf(page), 'received');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'to_user');
  // A reason is required to send back, refuse...
  await page.click('#act-refuse');
  await page.click('#act-confirm');
  assert.match(await page.textContent('#form-refuse'), /Vui lòng nhập nội dung này/);
  assert.equal(await page.getAttribute('#act-refuse', 'aria-expanded'), 'true');
  await finish(p);
});

test('the inbox: boxes with counts, filters in the address, English, phone layout', async () => {
  const p = await as('lanhdao', { viewport: PHONE, expectedFailures: ['/api/v1/track/'] });
  const { page } = p;
  await open(page, '#/inbox?box=all&procedure=LD-02');
  assert.equal(await page.getAttribute('#box-all', 'aria-current'), 'page');
  assert.equal(await page.inputValue('select[name="procedure"]'), 'LD-02');
  const n = Number(await page.textContent('#box-all .box-count'));
  assert.ok(n >= 1, 'the leader sees the whole agency');
  for (const s of await page.locator('.inbox-row').evaluateAll((els) => els.map((e) => e.dataset.code))) assert.ok(s);
  await mark(page);
  await page.selectOption('select[name="state"]', 'received');
  await rendered(page);
  assert.match(new URL(page.url()).hash, /state=received/);
  for (const st of await page.locator('.inbox-row').evaluateAll((els) => els.map((e) => e.dataset.state))) assert.equal(st, 'received');
  await assertNoHorizontalScroll(page);
  await shot(page, 'dossiers-inbox-phone');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('#inbox-status');
  assert.equal(await page.textContent('h1'), 'Inbox');
  assert.equal((await page.textContent('#box-overdue .box-name')).trim(), 'Overdue');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
  // The dossier page and the desk on a phone.
  await open(page, '#/inbox?box=all');
  await follow(page, '.inbox-row a.dossier-link >> nth=0');
  await assertNoHorizontalScroll(page);
  await shot(page, 'dossiers-dossier-phone');
  await open(page, '#/track/000.17.22.H56.01-210101-9999');
  await page.waitForSelector('#track-error');
  assert.match(await page.textContent('#track-error'), /Không tìm thấy hồ sơ có mã 000\.17\.22\.H56\.01-210101-9999/);
  await assertNoHorizontalScroll(page);
  await finish(p);
});

test('the desk on a phone has no horizontal scrolling', async () => {
  const p = await as('tiepnhan', { viewport: PHONE });
  const { page } = p;
  await open(page, '#/desk?procedure=LD-02');
  await page.waitForSelector('#checklist');
  await assertNoHorizontalScroll(page);
  await shot(page, 'dossiers-desk-phone');
  await finish(p);
});

test('a specialist asks for an extension (Form 04); the leader approves it on the approvals page', async () => {
  // Set-up over the API: received at the desk and handed to the specialist.
  const desk = new Client(env.base);
  assert.equal((await desk.login('tiepnhan')).status, 200);
  const proc = (await desk.get('/api/v1/procedures/LD-02')).json;
  const r = await desk.post('/api/v1/dossiers', {
    procedure_code: 'LD-02',
    applicant: { kind: 'person', name: 'Lê Văn Cường', id_number: '001090077777' },
    components: proc.components.map((c) => (c.mandatory ? 'paper' : 'not_applicable')),
  });
  assert.equal(r.status, 201, r.text);
  const { code } = r.json;
  assert.equal((await desk.post(`/api/v1/dossiers/${code}/actions/transfer`, { to_user: 'chuyenvien' })).status, 200);

  let p = await as('chuyenvien');
  let { page } = p;
  await open(page, `#/dossiers/${code}`);
  await page.waitForSelector('#dossier-code');
  const due = await page.getAttribute('#sec-summary .due time', 'datetime');
  // A working instant of the processing unit three working days later (Form 04 refuses any other).
  const from = new Date(new Date(due).getTime() + 7 * 3600000).toISOString().slice(0, 16);
  const later = (await (await fetch(`${env.base}/api/v1/calendar/due?unit=DNLD&from=${from}&limit=3wd`)).json()).due.slice(0, 16);
  await page.click('#act-request_extension');
  await page.click('#act-confirm');
  assert.match(await page.textContent('#form-request_extension'), /Vui lòng nhập nội dung này/);
  await page.fill('#form-request_extension [name="note"]', 'Chờ ý kiến của cơ quan phối hợp');
  await page.fill('#form-request_extension [name="proposed_due_at"]', later);
  await page.click('#act-confirm');
  await page.waitForSelector('#dossier-notice .alert-success');
  assert.match(await page.getAttribute('#dossier-notice a[data-form="04"]', 'href'), /\/forms\/04$/);
  assert.match(await page.textContent('.dossier-header'), /Chờ duyệt gia hạn/);
  await finish(p);

  p = await as('lanhdao');
  ({ page } = p);
  await open(page, '#/approvals');
  const item = page.locator(`#approvals-extensions .approval-item[data-code="${code}"]`);
  assert.match(await item.textContent(), /Lý do: Chờ ý kiến của cơ quan phối hợp/);
  assert.equal(await item.locator('time').last().getAttribute('datetime'), `${later}:00+07:00`);
  await shot(page, 'dossiers-approvals-extension');
  await item.locator('button[data-action="approve_extension"]').click();
  await item.locator('.alert-success').waitFor();
  assert.match(await page.textContent('#approvals-status'), /Đã duyệt gia hạn hồ sơ/);
  await open(page, `#/dossiers/${code}`);
  await page.waitForSelector('#dossier-code');
  assert.match(await page.textContent('.dossier-header'), /Đã gia hạn/);
  assert.equal(await page.getAttribute('#sec-summary .due time', 'datetime'), `${later}:00+07:00`);
  await finish(p);
});

test('the pages take the states and actions from the server\'s action table (GET /api/v1/workflow)', async () => {
  const real = (await new Client(env.base).get('/api/v1/workflow')).json;
  assert.ok(real.states.length > 0 && real.actions.length > 0);
  // A table in which "result ready" is an end state: the inbox no longer offers it as a filter.
  const changed = structuredClone(real);
  changed.states.find((s) => s.name === 'result_ready').end = true;
  const p = await openPage(env);
  let asked = 0;
  await p.page.route('**/api/v1/workflow', (route) => {
    asked++;
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(changed) });
  });
  await logIn(p.page, env.base, 'truongphong');
  await open(p.page, '#/inbox');
  const options = await p.page.$$eval('select[name="state"] option', (os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual(options, real.states.filter((s) => !s.end && s.name !== 'result_ready').map((s) => s.name));
  assert.ok(asked >= 1);
  await finish(p);
});
