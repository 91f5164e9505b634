// Browser test of the staff's feedback pages (issue 14), for defects a
// stranger found: the desk's entry form defaulted to "online" (an anonymous
// item the desk could not open again), and the item page lacked key facts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, logIn, finish, assertNoHorizontalScroll, Client, DEMO_PASSWORD, PHONE } from './helpers.mjs';

const env = useServerAndBrowser();
const state = {};

test('the desk records a phone call (no online channel offered), reopens it from the receipt and finds it in its inbox', async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'tiepnhan');
  await go(page, env.base, '#/feedback/send');
  await page.waitForSelector('#feedback-form select[name="channel"]');
  assert.equal(await page.inputValue('select[name="channel"]'), 'phone');
  const channels = await page.$$eval('select[name="channel"] option', (os) => os.map((o) => o.value));
  assert.ok(!channels.includes('online'), JSON.stringify(channels));
  await page.getByLabel('Họ và tên người gửi').fill('Đinh Thị Thu');
  await page.getByLabel('Tiêu đề').fill('Gọi điện hỏi về giấy phép');
  await page.getByLabel('Nội dung phản ánh, kiến nghị').fill('Bà Thu gọi điện phản ánh thời gian chờ.');
  await page.click('#feedback-submit');
  await page.waitForSelector('#feedback-receipt');
  const code = (await page.textContent('#feedback-code')).trim();
  state.code = code;
  await page.click('#feedback-item-link');
  await page.waitForSelector('#feedback-card');
  assert.match(await page.textContent('#feedback-history'), /tiepnhan/);
  await go(page, env.base, '#/feedback/inbox');
  await page.waitForSelector(`#feedback-inbox tr[data-code="${code}"]`);
  await finish(p);
});

test('the Office sees every running deadline on the item page and the nearest one in the inbox', async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'vanphong');
  await go(page, env.base, '#/feedback/inbox');
  await page.waitForSelector(`#feedback-inbox tr[data-code="${state.code}"] td.fb-due[data-kind="refuse"]`);
  assert.match(await page.textContent(`#feedback-inbox tr[data-code="${state.code}"] td.fb-due`), /Từ chối hoặc phân loại trước/);
  await go(page, env.base, `#/feedback/items/${state.code}`);
  await page.waitForSelector('#feedback-deadlines');
  const kinds = await page.$$eval('#feedback-deadlines li', (ls) => ls.map((l) => l.dataset.kind));
  assert.deepEqual(kinds, ['refuse', 'request_info', 'answer']);
  await finish(p);
});

test('the staff item page shows procedure, field and the private flag; a staff member who may not see it is told so without a key', async () => {
  const c = new Client(env.base);
  assert.equal((await c.login('vanphong', DEMO_PASSWORD)).status, 200);
  const r = await c.post('/api/v1/feedback', {
    channel: 'letter', sender_name: 'Cao Văn Hải', subject: 'Thư về giấy phép lao động', content: 'Thư phản ánh.', procedure_code: 'LD-02', private: true,
  });
  assert.equal(r.status, 201, r.text);
  const { code, field } = r.json;
  assert.ok(field, 'the procedure has a field');
  let p = await openPage(env);
  await logIn(p.page, env.base, 'vanphong');
  await go(p.page, env.base, `#/feedback/items/${code}`);
  await p.page.waitForSelector('#feedback-private');
  const card = await p.page.textContent('#feedback-card');
  assert.ok(card.includes('LD-02') && card.includes(field), card);
  assert.equal(await p.page.getAttribute('#feedback-private', 'data-private'), 'true');
  assert.match(await p.page.textContent('#feedback-private'), /không công khai/);
  await finish(p);
  p = await openPage(env, { expectedFailures: [`/api/v1/feedback/${code}`] });
  await logIn(p.page, env.base, 'chuyenvien');
  await go(p.page, env.base, `#/feedback/items/${code}`);
  await p.page.waitForSelector('#feedback-item-load-error');
  const text = await p.page.textContent('#feedback-item-load-error');
  assert.ok(!/mã tra cứu/.test(text), text);
  assert.match(text, /không thuộc phạm vi xử lý của bạn/);
  await finish(p);
});

test('an assigned item: the Office re-assigns it from a pick-list of other units, the unit hands it back with a reason', async () => {
  const office = new Client(env.base);
  assert.equal((await office.login('vanphong', DEMO_PASSWORD)).status, 200);
  let r = await office.post('/api/v1/feedback', { channel: 'email', sender_name: 'Mai Anh', subject: 'Thư điện tử', content: 'Phản ánh qua thư điện tử.' });
  assert.equal(r.status, 201, r.text);
  const { code } = r.json;
  r = await office.post(`/api/v1/feedback/${code}/actions/assign`, { unit: 'QLDT', category: 'conduct' });
  assert.equal(r.status, 200, r.text);
  let p = await openPage(env);
  await logIn(p.page, env.base, 'vanphong');
  await go(p.page, env.base, `#/feedback/items/${code}`);
  await p.page.waitForSelector('#feedback-act-reassign select[name="unit"]');
  const units = await p.page.$$eval('#feedback-act-reassign select[name="unit"] option', (os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual(units, ['DNLD', 'QHXD', 'QLMT'], 'not the unit in charge, nor one without a drafter');
  await p.page.selectOption('#feedback-act-reassign select[name="unit"]', 'DNLD');
  await p.page.click('#feedback-act-reassign button[type="submit"]');
  await p.page.waitForSelector('#feedback-history li[data-action="reassign"]');
  await finish(p);
  p = await openPage(env);
  await logIn(p.page, env.base, 'chuyenvien');
  await go(p.page, env.base, `#/feedback/items/${code}`);
  await p.page.waitForSelector('#feedback-act-hand_back');
  await p.page.fill('#feedback-act-hand_back textarea[name="note"]', 'Không thuộc lĩnh vực của phòng.');
  await p.page.click('#feedback-act-hand_back button[type="submit"]');
  // No longer the unit's: back to its inbox, where it is not listed.
  await p.page.waitForFunction(() => location.hash === '#/feedback/inbox');
  await p.page.waitForSelector('#feedback-inbox, .empty');
  assert.equal(await p.page.$(`#feedback-inbox tr[data-code="${code}"]`), null);
  await finish(p);
  r = await office.get(`/api/v1/feedback/${code}`);
  assert.equal(r.json.state.code, 'received');
  assert.equal(r.json.history[r.json.history.length - 1].action, 'hand_back');
});

test('raised again: the item page says how often of feedback.max_raises (3), and at the limit that the sender cannot raise it again', async () => {
  const office = new Client(env.base);
  assert.equal((await office.login('vanphong', DEMO_PASSWORD)).status, 200);
  let r = await office.post('/api/v1/feedback', { channel: 'letter', sender_name: 'Lê Văn Ba', subject: 'Gửi lại', content: 'Thư phản ánh.' });
  assert.equal(r.status, 201, r.text);
  const { code, key } = r.json;
  const raise = async (i) => {
    r = await office.post(`/api/v1/feedback/${code}/actions/refuse`, { note: `Ngoài phạm vi (${i}).` });
    assert.equal(r.status, 200, r.text);
    r = await new Client(env.base).post(`/api/v1/feedback/${code}/sender/reraise`, { key, note: `Lần ${i}.` });
    assert.equal(r.status, 200, r.text);
  };
  const look = async () => {
    const p = await openPage(env, { viewport: PHONE });
    await logIn(p.page, env.base, 'vanphong');
    await go(p.page, env.base, `#/feedback/items/${code}`);
    await p.page.waitForSelector('#feedback-card');
    const raises = await p.page.$('#feedback-raises');
    const out = raises ? { text: await raises.textContent(), limit: await raises.getAttribute('data-limit') } : null;
    await assertNoHorizontalScroll(p.page);
    await finish(p);
    return out;
  };
  assert.equal(await look(), null, 'never raised again: no row');
  await raise(1);
  let s = await look();
  assert.ok(s, 'raised once: the row is shown');
  assert.match(s.text, /Phản ánh lại lần 1\/3/);
  assert.ok(!/không thể phản ánh lại/.test(s.text), s.text);
  assert.equal(s.limit, 'false');
  await raise(2);
  await raise(3);
  s = await look();
  assert.match(s.text, /Phản ánh lại lần 3\/3/);
  assert.match(s.text, /người gửi không thể phản ánh lại nữa/);
  assert.equal(s.limit, 'true');
});
