// Browser test of feedback (issue 14): an anonymous visitor sends an item
// from the portal form and gets its code and key; the Office assigns it on
// its item page, the unit drafts, the leader approves, the Office publishes
// (through the pages, logged in as each); the public page of answered
// feedback finds it by a word and by procedure, in Vietnamese and English,
// at phone width without horizontal scrolling and with no axe violation; the
// sender's tracking page shows the answer and takes the rating.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { useServerAndBrowser, openPage, go, logIn, shot, finish, assertNoHorizontalScroll, PHONE, Client, DEMO_PASSWORD } from './helpers.mjs';

const env = useServerAndBrowser();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const state = {};

test('anyone sends feedback from the portal and gets its code and key', async () => {
  const p = await openPage(env, { expectedFailures: ['/api/v1/feedback'] });
  const { page } = p;
  await go(page, env.base, '#/feedback/answers');
  await page.click('#feedback-send-link');
  await page.waitForSelector('#feedback-form');
  // The required fields are marked; an error the API names is shown at its field.
  assert.match(await page.textContent('label[for="' + await page.getAttribute('[name="sender_name"]', 'id') + '"]'), /\(bắt buộc\)/);
  await page.getByLabel('Tiêu đề').fill('x');
  await page.getByLabel('Nội dung phản ánh, kiến nghị').fill('x');
  await page.click('#feedback-submit');
  await page.waitForSelector('.form-row.has-error [name="sender_name"][aria-invalid="true"]');
  assert.ok((await page.textContent('.form-row.has-error .field-error')).trim().length > 0);
  assert.ok(await page.isHidden('#feedback-send-error'), 'not only in the box under the form');
  await page.getByLabel('Họ và tên người gửi').fill('Phạm Thu Hà');
  await page.getByLabel('Tiêu đề').fill('Mẫu tờ khai cấp giấy phép lao động');
  await page.getByLabel('Nội dung phản ánh, kiến nghị').fill('Đề nghị đăng mẫu tờ khai dạng có thể điền trực tuyến.');
  await page.getByLabel('Mã thủ tục').fill('LD-02');
  await page.dblclick('#feedback-submit'); // a double click sends one item (checked in the inbox)
  await page.waitForSelector('#feedback-receipt');
  state.code = (await page.textContent('#feedback-code')).trim();
  state.key = (await page.textContent('#feedback-key')).trim();
  assert.match(state.code, /^PA-\d{8}-\d{4}$/);
  assert.match(state.key, /^[0-9a-f]{32}$/);
  await page.click('#feedback-track-link');
  await page.waitForSelector('#feedback-card[data-state="received"]');
  await shot(page, 'feedback-track-received');
  await finish(p);
});

async function act(user, action, fill = async () => {}, dbl = false) {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, user);
  await go(page, env.base, `#/feedback/items/${state.code}`);
  await page.waitForSelector(`#feedback-act-${action}`);
  await fill(page);
  await page[dbl ? 'dblclick' : 'click'](`#feedback-act-${action} button[type="submit"]`);
  await page.waitForSelector(`#feedback-history li[data-action="${action}"]`);
  if (dbl) {
    await page.waitForTimeout(500);
    assert.equal(await page.locator(`#feedback-history li[data-action="${action}"]`).count(), 1, 'a double click acts once');
  }
  await finish(p);
}

test('the Office assigns it, the unit drafts, the leader approves, the Office publishes', async () => {
  const p = await openPage(env);
  await logIn(p.page, env.base, 'vanphong');
  await go(p.page, env.base, '#/feedback/inbox');
  await p.page.waitForSelector(`#feedback-inbox tr[data-code="${state.code}"]`);
  assert.equal(await p.page.locator('#feedback-inbox tr', { hasText: 'Mẫu tờ khai cấp giấy phép lao động' }).count(), 1,
    'a double click on "Gửi" sent one item');
  await finish(p);
  await act('vanphong', 'assign', async (page) => {
    await page.selectOption('#feedback-act-assign select[name="category"]', 'regulation');
    // A pick-list of the units where an officer can draft, by name: not a
    // code typed by hand, and no unit without a drafter (BQL, VP).
    const units = await page.$$eval('#feedback-act-assign select[name="unit"] option', (os) => os.map((o) => [o.value, o.textContent]));
    assert.deepEqual(units.map(([v]) => v).filter(Boolean), ['DNLD', 'QHXD', 'QLDT', 'QLMT']);
    assert.ok(units.some(([v, text]) => v === 'DNLD' && text.includes('Phòng Quản lý Doanh nghiệp và Lao động')), JSON.stringify(units));
    await page.selectOption('#feedback-act-assign select[name="unit"]', 'DNLD');
  });
  await act('chuyenvien', 'draft', async (page) => {
    await page.fill('#feedback-act-draft textarea[name="answer"]', 'Mẫu tờ khai điện tử đã được đăng kèm thủ tục LD-02 trên cổng.');
  }, true);
  await act('lanhdao', 'approve');
  await act('vanphong', 'publish');
});

test('the public page finds the answer by word and procedure, in both languages, at phone width', async () => {
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await go(page, env.base, '#/');
  await page.click('.nav-list a[href="#/feedback/answers"]');
  await page.waitForSelector('#feedback-count');
  await page.getByLabel('Từ khóa').fill('điện tử');
  await page.click('#feedback-search-go');
  await page.waitForFunction((code) => document.querySelector(`.feedback-answer[data-code="${code}"]`), state.code);
  assert.match(await page.textContent(`.feedback-answer[data-code="${state.code}"] .fb-answer`), /đã được đăng kèm thủ tục LD-02/);
  await assertNoHorizontalScroll(page);
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
  }));
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  await go(page, env.base, '#/feedback/answers?q=kh%C3%B4ng-c%C3%B3-g%C3%AC');
  assert.match(await page.textContent('#feedback-count'), /Tìm thấy 0/);
  await go(page, env.base, '#/feedback/answers?procedure=LD-02');
  await page.waitForSelector(`.feedback-answer[data-code="${state.code}"]`);
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.querySelector('#feedback-count'));
  assert.equal(await page.textContent('h1'), 'Answered feedback');
  assert.match(await page.textContent(`.feedback-answer[data-code="${state.code}"]`), /Administrative regulation/);
  await shot(page, 'feedback-answers-phone-en');
  await finish(p);
});

test('the sender reads the answer on the tracking page and rates it', async () => {
  const p = await openPage(env, { expectedFailures: ['/track'] });
  const { page } = p;
  await go(page, env.base, `#/feedback/track/${state.code}?k=${'0'.repeat(32)}`);
  await page.waitForSelector('#feedback-track-error');
  await go(page, env.base, `#/feedback/track/${state.code}?k=${state.key}`);
  await page.waitForSelector('#feedback-card[data-state="published"]');
  assert.match(await page.textContent('#feedback-answer'), /đã được đăng kèm/);
  await page.click('#feedback-rate-yes');
  await page.waitForSelector('#feedback-rated');
  assert.equal((await page.textContent('#feedback-rated')).trim(), 'Hài lòng');
  assert.equal(await page.$('#feedback-rate'), null, 'rated once');
  await finish(p);
});

test('raised again at phone width: the history heading clears the button, the earlier answer stays, the public page drops it', async () => {
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await go(page, env.base, `#/feedback/track/${state.code}?k=${state.key}`);
  await page.waitForSelector('#feedback-reraise');
  const gap = await page.evaluate(() => {
    const b = document.querySelector('#feedback-reraise button[type="submit"]').getBoundingClientRect();
    const t = document.querySelector('#feedback-history').previousElementSibling.getBoundingClientRect(); // the heading
    return { b: b.bottom, t: t.top };
  });
  assert.ok(gap.t - gap.b >= 12, `the history heading ${gap.t - gap.b}px below the button`);
  await page.fill('#feedback-reraise textarea[name="note"]', 'Chưa rõ thời hạn đăng mẫu điện tử.');
  await page.click('#feedback-reraise button[type="submit"]');
  await page.waitForSelector('#feedback-card[data-state="received"]');
  assert.match(await page.textContent('#feedback-answer[data-earlier="true"]'), /đã được đăng kèm/);
  await assertNoHorizontalScroll(page);
  await go(page, env.base, '#/feedback/answers?procedure=LD-02');
  await page.waitForSelector('#feedback-count');
  assert.equal(await page.$(`.feedback-answer[data-code="${state.code}"]`), null, 'off the public page until answered again');
  await finish(p);
});

test('raised again as often as allowed: the tracking page says why instead of offering the button, in both languages, at phone width', async () => {
  const staff = async (user) => {
    const c = new Client(env.base);
    assert.equal((await c.login(user, DEMO_PASSWORD)).status, 200);
    return c;
  };
  let r = await (await staff('tiepnhan')).post('/api/v1/feedback', {
    channel: 'phone', sender_name: 'Ngô E', subject: 'Gọi nhiều lần', content: 'Phản ánh qua điện thoại.',
  });
  assert.equal(r.status, 201, r.text);
  const { code, key } = r.json;
  const office = await staff('vanphong');
  for (let i = 0; i <= 3; i++) {
    r = await office.post(`/api/v1/feedback/${code}/actions/refuse`, { note: 'Ngoài phạm vi.' });
    assert.equal(r.status, 200, r.text);
    if (i === 3) break;
    r = await new Client(env.base).post(`/api/v1/feedback/${code}/sender/reraise`, { key, note: `Lần ${i + 1}.` });
    assert.equal(r.status, 200, r.text);
  }
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await go(page, env.base, `#/feedback/track/${code}?k=${key}`);
  await page.waitForSelector('#feedback-card[data-state="refused"]');
  assert.match(await page.textContent('#feedback-raise-limit'), /3 lần, là số lần tối đa/);
  assert.equal(await page.$('#feedback-reraise'), null, 'no button to raise it again');
  await assertNoHorizontalScroll(page);
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
  }));
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.querySelector('#feedback-raise-limit'));
  assert.match(await page.textContent('#feedback-raise-limit'), /3 times, the most allowed/);
  await shot(page, 'feedback-track-raise-limit-phone-en');
  await finish(p);
});

test('sent from the portal at phone width: the receipt shows the deadline that runs now as the tracking page words it', async () => {
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await go(page, env.base, '#/feedback/send');
  await page.waitForSelector('#feedback-form');
  await page.getByLabel('Họ và tên người gửi').fill('Đỗ Văn Nam');
  await page.getByLabel('Tiêu đề').fill('Hỏi về thời hạn');
  await page.getByLabel('Nội dung phản ánh, kiến nghị').fill('Khi nào cơ quan trả lời?');
  await page.click('#feedback-submit');
  await page.waitForSelector('#feedback-receipt');
  const now = page.locator('#feedback-receipt #feedback-due-now');
  await now.waitFor();
  assert.equal(await now.getAttribute('data-kind'), 'refuse', 'received: the refusal or classification first');
  const receipt = (await now.textContent()).trim();
  assert.match(receipt, /^Từ chối hoặc phân loại trước \d/);
  assert.match(await page.textContent('#feedback-receipt'), /Thời hạn đang tính.*Hạn trả lời/s, 'the answer\'s still shown, after it');
  await assertNoHorizontalScroll(page);
  await page.click('#feedback-track-link');
  await page.waitForSelector('#feedback-card[data-state="received"] #feedback-due-now');
  assert.equal((await page.textContent('#feedback-due-now')).trim(), receipt, 'the tracking page\'s words');
  await assertNoHorizontalScroll(page);
  await finish(p);
});
