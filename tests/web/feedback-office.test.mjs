// Browser test of what a stranger found in feedback (issue 14): the desk
// form and the item page let the Office mark personal data, such an item
// is not offered for publication, and the Office publishes a text with the
// personal data taken out; the public page shows and searches only that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, logIn, finish, Client, DEMO_PASSWORD } from './helpers.mjs';

const env = useServerAndBrowser();
const CCCD = '001234567890';

async function as(user) {
  const c = new Client(env.base);
  const r = await c.login(user, DEMO_PASSWORD);
  assert.equal(r.status, 200, r.text);
  return c;
}
async function act(user, code, action, body = {}) {
  const r = await (await as(user)).post(`/api/v1/feedback/${code}/actions/${action}`, body);
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
  return r.json;
}
/** Sent anonymously, assigned, drafted, approved. */
async function answered() {
  const r = await new Client(env.base).post('/api/v1/feedback', {
    sender_name: 'Trần Thị Hoa', subject: 'Chậm trả kết quả', content: `Tôi chờ quá hạn. Số CCCD của tôi là ${CCCD}.`, procedure_code: 'LD-03',
  });
  assert.equal(r.status, 201, r.text);
  const { code } = r.json;
  await act('vanphong', code, 'assign', { unit: 'DNLD', category: 'conduct' });
  await act('chuyenvien', code, 'draft', { answer: 'Cơ quan xin lỗi Ông/Bà vì sự chậm trễ.' });
  await act('lanhdao', code, 'approve');
  return code;
}

test('the desk marks personal data when it records an item', async () => {
  const p = await openPage(env);
  const { page } = p;
  await logIn(page, env.base, 'vanphong');
  await go(page, env.base, '#/feedback/send');
  await page.waitForSelector('#feedback-form');
  await page.selectOption('[name="channel"]', 'phone');
  await page.getByLabel('Họ và tên người gửi').fill('Lê Văn Nam');
  await page.getByLabel('Tiêu đề').fill('Gọi điện phản ánh');
  await page.getByLabel('Nội dung phản ánh, kiến nghị').fill(`Số CCCD ${CCCD}, địa chỉ 12 Trần Phú.`);
  await page.getByLabel('Nội dung có thông tin cá nhân (không công khai)').check();
  await page.click('#feedback-submit');
  await page.waitForSelector('#feedback-receipt');
  const code = (await page.textContent('#feedback-code')).trim();
  await go(page, env.base, `#/feedback/items/${code}`);
  await page.waitForSelector('#feedback-personal');
  assert.match(await page.textContent('#feedback-personal'), /Có — không công khai/);
  await finish(p);
});

test('the Office marks personal data on the item page, then publishes a redacted text', async () => {
  const code = await answered();
  const p = await openPage(env, { expectedFailures: [] });
  const { page } = p;
  await logIn(page, env.base, 'vanphong');
  await go(page, env.base, `#/feedback/items/${code}`);
  await page.waitForSelector('#feedback-act-mark_personal_data');
  await page.check('#feedback-act-mark_personal_data [name="personal_data"]');
  await page.click('#feedback-act-mark_personal_data button[type="submit"]');
  await page.waitForSelector('#feedback-history li[data-action="mark_personal_data"]');
  assert.match(await page.textContent('#feedback-personal'), /Có — không công khai/);
  assert.equal(await page.locator('#feedback-act-publish').count(), 0, 'an item marked so is not offered for publication');
  // Unmarked once the text to publish is edited: only that text goes public.
  await page.uncheck('#feedback-act-mark_personal_data [name="personal_data"]');
  await page.click('#feedback-act-mark_personal_data button[type="submit"]');
  await page.waitForSelector('#feedback-act-publish');
  await page.fill('#feedback-act-publish [name="published_content"]', 'Tôi chờ quá hạn. Số CCCD của tôi là [đã ẩn].');
  await page.click('#feedback-act-publish button[type="submit"]');
  await page.waitForSelector('#feedback-card[data-state="published"]');
  await go(page, env.base, `#/feedback/answers?q=${CCCD}`);
  await page.waitForSelector('#feedback-count');
  assert.equal(await page.locator(`article[data-code="${code}"]`).count(), 0, 'the number is not searchable');
  await go(page, env.base, '#/feedback/answers?q=da%20an');
  await page.waitForSelector(`article[data-code="${code}"]`);
  const text = await page.textContent(`article[data-code="${code}"]`);
  assert.ok(text.includes('[đã ẩn]') && !text.includes(CCCD), text);
  await finish(p);
});

test('raised again, the tracking and staff pages show the first receipt and the new round', async () => {
  let r = await new Client(env.base).post('/api/v1/feedback', { sender_name: 'Ngô Văn Tâm', subject: 'Lệ phí', content: 'Đề nghị giảm lệ phí.' });
  assert.equal(r.status, 201, r.text);
  const item = r.json;
  await act('vanphong', item.code, 'refuse', { note: 'Không thuộc thẩm quyền.' });
  await new Promise((res) => setTimeout(res, 1100));
  r = await new Client(env.base).post(`/api/v1/feedback/${item.code}/sender/reraise`, { key: item.key, note: 'Xem lại.' });
  assert.equal(r.status, 200, r.text);
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, `#/feedback/track/${item.code}?k=${item.key}`);
  await page.waitForSelector('#feedback-raised-at');
  const times = async () => [await page.getAttribute('#feedback-received-at time', 'datetime'), await page.getAttribute('#feedback-raised-at time', 'datetime')];
  const [rec, raised] = await times();
  assert.ok(rec && raised && rec < raised, `${rec} ${raised}`);
  assert.match(await page.textContent('.summary'), /Phản ánh lại lúc \(lần 1\)/);
  await logIn(page, env.base, 'vanphong');
  await go(page, env.base, `#/feedback/items/${item.code}`);
  await page.waitForSelector('#feedback-raised-at');
  assert.deepEqual(await times(), [rec, raised]);
  await finish(p);
});

test('the sender types the code and key on the tracking form; a citizen opens "my feedback" without the key', async () => {
  const r = await new Client(env.base).post('/api/v1/feedback', { sender_name: 'Vũ Thị Lan', subject: 'Tra cứu bằng mã', content: 'Nội dung.' });
  assert.equal(r.status, 201, r.text);
  const item = r.json;
  const p = await openPage(env, { expectedFailures: ['/track'] });
  const { page } = p;
  // The answer mail's link, without the key: the form, the code filled in.
  await go(page, env.base, `#/feedback/track/${item.code}`);
  await page.waitForSelector('#feedback-track-form');
  assert.equal(await page.inputValue('[name="code"]'), item.code);
  await page.click('#feedback-track-go');
  await page.waitForSelector('.form-row.has-error [name="key"][aria-invalid="true"]');
  assert.match(await page.textContent('.form-row.has-error .field-error'), /32 ký tự/);
  await page.getByLabel('Mã tra cứu', { exact: false }).fill('0'.repeat(32));
  await page.click('#feedback-track-go');
  await page.waitForFunction(() => /Không có phản ánh/.test(document.querySelector('.form-row.has-error .field-error')?.textContent || ''));
  // From the answers page: the form's link.
  await go(page, env.base, '#/feedback/answers');
  await page.click('#feedback-track-form-link');
  await page.waitForSelector('#feedback-track-form');
  await page.fill('[name="code"]', item.code.toLowerCase());
  await page.fill('[name="key"]', item.key);
  await page.click('#feedback-track-go');
  await page.waitForSelector('#feedback-card[data-state="received"]');
  await finish(p);

  // A citizen's own item: listed in "my feedback", opened without the key.
  const citizen = new Client(env.base);
  assert.equal((await citizen.login('congdan', DEMO_PASSWORD)).status, 200);
  const own = await citizen.post('/api/v1/feedback', { sender_name: 'Hoàng Văn An', subject: 'Phản ánh của công dân', content: 'Nội dung của tôi.' });
  assert.equal(own.status, 201, own.text);
  const q = await openPage(env);
  await logIn(q.page, env.base, 'congdan');
  await go(q.page, env.base, '#/feedback/mine');
  await q.page.waitForSelector(`#feedback-mine tr[data-code="${own.json.code}"]`);
  assert.equal(await q.page.locator(`#feedback-mine tr[data-code="${item.code}"]`).count(), 0, 'not another sender\'s');
  await q.page.click(`#feedback-mine tr[data-code="${own.json.code}"] a`);
  await q.page.waitForSelector('#feedback-card[data-state="received"]');
  assert.match(await q.page.textContent('#feedback-card h2'), /Phản ánh của công dân/);
  await finish(q);
});
