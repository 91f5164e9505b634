// Feedback (issue 14, DOMAIN.md section 13): what a stranger found from a
// fresh clone. Blank texts are refused by field; the Office marks personal
// data at any step before publishing (and may publish a redacted text); the
// approved answer, the rating and the category are in the hash-chained
// history and `audit verify` compares the row with them; the public search
// by field folds as q does; raising again keeps the first receipt date; the
// sender gets back to an item from the tracking form or, logged in, from
// "my feedback".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, DEMO_PASSWORD, runStatus } from '../lib/motcua.mjs';
import { assertError, useServer, dbSql } from './helpers.mjs';

// Mail goes to a closed loopback port: queued in mail_outbox, read from there.
const env = useServer({ args: ['--feedback.per_ip_per_hour', '100', '--smtp.url', 'smtp://127.0.0.1:9',
  '--public_url', 'https://motcua.example.vn', '--testing.clock_api', 'true'] });

/** Unix ms of a local (UTC+7) time; now_ms 0 returns to the real clock. */
const local = (y, mo, d, h, mi = 0) => Date.UTC(y, mo - 1, d, h - 7, mi);
async function setClock(ms) {
  const r = await anon().put('/api/v1/testing/clock', { now_ms: ms });
  assert.equal(r.status, 200, r.text);
}

const anon = () => new Client(env.base);
async function as(user) {
  const c = new Client(env.base);
  const r = await c.login(user, DEMO_PASSWORD);
  assert.equal(r.status, 200, r.text);
  return c;
}
async function act(user, code, action, body = {}, status = 200) {
  const r = await (await as(user)).post(`/api/v1/feedback/${code}/actions/${action}`, body);
  assert.equal(r.status, status, `${user} ${action}: ${r.text}`);
  return r;
}
async function send(body = {}, client = anon()) {
  const r = await client.post('/api/v1/feedback', {
    sender_name: 'Trần Thị Hoa', subject: 'Thời hạn giải quyết', content: 'Đề nghị rút ngắn thời hạn.',
    procedure_code: 'LD-03', ...body,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
/** Sent, assigned, drafted and approved: answered, ready to publish. */
async function answered(body = {}, answer = 'Cơ quan tiếp thu và sẽ rút ngắn thời hạn.') {
  const item = await send(body);
  await act('vanphong', item.code, 'assign', { unit: 'DNLD', category: 'regulation' });
  await act('chuyenvien', item.code, 'draft', { answer });
  await act('lanhdao', item.code, 'approve');
  return item;
}

test('blank sender name, subject or content is refused by field, and the texts are trimmed', async () => {
  for (const f of ['sender_name', 'subject', 'content']) {
    const r = await anon().post('/api/v1/feedback', {
      sender_name: 'A', subject: 'S', content: 'C', [f]: '   \t ',
    });
    assertError(r, 400, 'FIELD_MISSING', f);
  }
  const item = await send({ sender_name: '  Lê Văn An  ', subject: ' Chủ đề ', content: '\n Nội dung \n' });
  assert.equal(item.sender.name, 'Lê Văn An');
  assert.equal(item.subject, 'Chủ đề');
  assert.equal(item.content, 'Nội dung');
  // A staff note or answer of white space only names its field too.
  await act('vanphong', item.code, 'refuse', { note: '   ' }, 400);
  await act('vanphong', item.code, 'assign', { unit: 'DNLD', category: 'regulation' });
  assertError(await act('chuyenvien', item.code, 'draft', { answer: '  ' }, 400), 400, 'FIELD_MISSING', 'answer');
});

test('the public answers are found by field folded and in part, as by q', async () => {
  const item = await answered({ subject: 'Lịch tiếp công dân', content: 'Đề nghị tiếp công dân cả sáng thứ bảy.' });
  await act('vanphong', item.code, 'publish');
  const found = async (qs) => (await anon().get(`/api/v1/feedback/answers?${qs}`)).json.items.some((x) => x.code === item.code);
  for (const f of ['Việc làm', 'viec lam', 'việc', 'VIEC LAM', 'làm']) {
    assert.ok(await found(`field=${encodeURIComponent(f)}`), `field=${f}`);
  }
  assert.ok(!(await found(`field=${encodeURIComponent('Đất đai')}`)), 'another field');
  assert.ok(!(await found(`field=${encodeURIComponent('viec xyz')}`)), 'the field holds the words as one run');
  // With q, both must hold.
  assert.ok(await found(`field=viec&q=${encodeURIComponent('thu bay')}`));
  assert.ok(!(await found(`field=viec&q=${encodeURIComponent('xyzzy')}`)));
  assert.ok(!(await found(`field=dat&q=${encodeURIComponent('thu bay')}`)));
  // A field too long is named as such, not as the procedure.
  const long = await anon().get(`/api/v1/feedback/answers?field=${'a'.repeat(301)}`);
  assert.equal(long.status, 400, long.text);
  assert.equal(long.json.error.field, 'field');
});

test('the Office marks personal data at any step before publishing, and publishes a redacted text', async () => {
  const cccd = '001234567890';
  const item = await send({ content: `Tôi chờ quá hạn. Số CCCD của tôi là ${cccd}.` });
  await act('vanphong', item.code, 'assign', { unit: 'DNLD', category: 'conduct' });
  // Assigned: the Office marks it (the unit may not); the flag must be given.
  assertError(await act('vanphong', item.code, 'mark_personal_data', {}, 400), 400, 'FIELD_MISSING', 'personal_data');
  assert.equal((await act('chuyenvien', item.code, 'mark_personal_data', { personal_data: true }, 403)).status, 403);
  let r = await act('vanphong', item.code, 'mark_personal_data', { personal_data: true, note: 'Có số CCCD.' });
  assert.equal(r.json.personal_data, true);
  assert.equal(r.json.state.code, 'assigned');
  assert.equal(r.json.history.at(-1).action, 'mark_personal_data');
  await act('chuyenvien', item.code, 'draft', { answer: 'Xin lỗi Ông/Bà vì sự chậm trễ.' });
  r = await act('lanhdao', item.code, 'approve');
  assert.equal(r.json.deadlines.publish, null, 'no publication due for an item marked so');
  const seen = (await (await as('vanphong')).get(`/api/v1/feedback/${item.code}`)).json;
  assert.ok(seen.allowed.includes('mark_personal_data'), JSON.stringify(seen.allowed));
  assert.ok(!seen.allowed.includes('publish'), 'publishing is not offered');
  assertError(await act('vanphong', item.code, 'publish', {}, 409), 409, 'FEEDBACK_PRIVATE');
  let pub = await anon().get(`/api/v1/feedback/answers?q=${cccd}`);
  assert.equal(pub.json.total, 0, pub.text);
  // The Office takes the number out, unmarks and publishes the redacted text.
  r = await act('vanphong', item.code, 'mark_personal_data', { personal_data: false });
  assert.equal(r.json.personal_data, false);
  assert.ok(r.json.deadlines.publish, 'publication is due again');
  assertError(await act('vanphong', item.code, 'publish', { published_content: '  ' }, 400), 400, 'FIELD_INVALID', 'published_content');
  const redacted = 'Tôi chờ quá hạn. Số CCCD của tôi là [đã ẩn].';
  r = await act('vanphong', item.code, 'publish', { published_content: redacted });
  assert.equal(r.json.published_content, redacted);
  assert.ok(r.json.content.includes(cccd), 'staff still read what was sent');
  pub = await anon().get(`/api/v1/feedback/answers?q=${cccd}`);
  assert.equal(pub.json.total, 0, `the number is neither shown nor searched: ${pub.text}`);
  pub = await anon().get(`/api/v1/feedback/answers?q=${encodeURIComponent('da an')}`);
  const shown = pub.json.items.find((x) => x.code === item.code);
  assert.ok(shown, pub.text);
  assert.equal(shown.content, redacted);
  // Both steps are in the item's history, with what they set.
  const rows = dbSql(env.server.db.url, `SELECT e.action, e.data FROM feedback_events e JOIN feedback f ON f.id = e.feedback_id WHERE f.code = '${item.code}' AND e.action IN ('mark_personal_data', 'publish') ORDER BY e.seq`)
    .trim().split('\n').map((l) => [l.slice(0, l.indexOf('|')), JSON.parse(l.slice(l.indexOf('|') + 1))]);
  assert.deepEqual(rows, [['mark_personal_data', { personal_data: true }], ['mark_personal_data', { personal_data: false }],
    ['publish', { published_content: redacted }]]);
  // Published: too late to mark.
  assertError(await act('vanphong', item.code, 'mark_personal_data', { personal_data: true }, 409), 409, 'FEEDBACK_STATE');
  // The desk records an item holding personal data: never published.
  const desk = await send({ channel: 'phone', personal_data: true }, await as('vanphong'));
  assert.equal(desk.personal_data, true);
});

test('the approved answer, the rating and the category are in the history, and audit verify compares the row', async () => {
  const answer = 'Thời hạn giải quyết là 05 ngày làm việc.';
  const item = await answered({}, answer);
  await act('vanphong', item.code, 'publish');
  let r = await anon().post(`/api/v1/feedback/${item.code}/sender/rate`, { key: item.key, rating: 'dissatisfied' });
  assert.equal(r.status, 200, r.text);
  const url = env.server.db.url;
  const data = (action) => JSON.parse(dbSql(url, `SELECT e.data FROM feedback_events e JOIN feedback f ON f.id = e.feedback_id WHERE f.code = '${item.code}' AND e.action = '${action}'`).trim());
  assert.equal(data('draft').answer, answer);
  assert.match(data('approve').answer_sha256, /^[0-9a-f]{64}$/);
  assert.equal(data('rate').rating, 'dissatisfied');
  assert.equal(data('assign').category, 'regulation');
  const verify = () => runStatus(['audit', 'verify', '--db', url, '--data_dir', '/nonexistent-motcua']);
  let out = verify();
  assert.equal(out.status, 0, out.stdout + out.stderr);
  // The row edited behind the history's back: named, item and field.
  for (const [set, what, back] of [
    ["answer = 'Đã giải quyết xong.'", 'answer', `answer = '${answer}'`],
    ["rating = 'satisfied'", 'rating', "rating = 'dissatisfied'"],
    ["category = 'conduct'", 'category', "category = 'regulation'"],
  ]) {
    dbSql(url, `UPDATE feedback SET ${set} WHERE code = '${item.code}'`);
    out = verify();
    assert.equal(out.status, 1, `${what}: ${out.stdout}${out.stderr}`);
    assert.match(out.stdout, new RegExp(`feedback item ${item.code}: its ${what} is not the one its history records \\(event #\\d+\\)`), out.stdout);
    dbSql(url, `UPDATE feedback SET ${back} WHERE code = '${item.code}'`);
  }
  out = verify();
  assert.equal(out.status, 0, out.stdout + out.stderr);
});

test('raising again keeps the first receipt date; the round start is shown beside it', async () => {
  // On the test clock, in working hours: deadlines counted from a receipt
  // outside them all start at the next working morning and could be equal.
  let item, r;
  try {
    await setClock(local(2026, 3, 3, 9)); // Tuesday
    item = await send({ subject: 'Ngoài phạm vi' });
    await act('vanphong', item.code, 'refuse', { note: 'Không thuộc thẩm quyền.' });
    await setClock(local(2026, 3, 4, 10)); // the next day
    r = await anon().post(`/api/v1/feedback/${item.code}/sender/reraise`, { key: item.key, note: 'Đề nghị xem lại.' });
  } finally {
    await setClock(0);
  }
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.received_at, item.received_at, 'the first receipt stays');
  assert.equal(r.json.raised_at, r.json.history.at(-1).at, 'the round began when raised again');
  assert.ok(r.json.raised_at > item.received_at);
  assert.equal(r.json.reraised, 1);
  assert.equal(r.json.state.code, 'received');
  assert.ok(r.json.deadlines.answer > item.deadlines.answer, 'the new round has its own deadlines');
  const staff = (await (await as('vanphong')).get(`/api/v1/feedback/${item.code}`)).json;
  assert.equal(staff.received_at, item.received_at);
  assert.equal(staff.raised_at, r.json.raised_at);
  assert.equal(item.raised_at, null, 'never raised: none');
});

test('the answer mail says where to type the code and key; a logged-in citizen has "my feedback", opened without the key', async () => {
  const citizen = await as('congdan');
  const reg = await anon().post('/api/v1/auth/register', {
    kind: 'person', id_number: '001199000779', full_name: 'Đỗ Thị Khác', email: 'khac.pa@example.vn',
    username: 'congdan_pa', password: 'mat-khau-dai-1',
  });
  assert.equal(reg.status, 202, reg.text);
  const stranger = new Client(env.base);
  assert.equal((await stranger.login('congdan_pa', 'mat-khau-dai-1')).status, 200);
  const mine = await send({ sender_email: 'congdan.pa@example.vn', subject: 'Của tôi' }, citizen);
  const other = await send({ subject: 'Của người khác' });
  await act('vanphong', mine.code, 'assign', { unit: 'DNLD', category: 'regulation' });
  await act('chuyenvien', mine.code, 'draft', { answer: 'Trả lời của cơ quan.' });
  await act('lanhdao', mine.code, 'approve');
  const body = dbSql(env.server.db.url, `SELECT body FROM mail_outbox WHERE dedup LIKE 'feedback:${mine.code}:answer:%'`);
  assert.ok(body.includes('https://motcua.example.vn/#/feedback/track,'), body);
  assert.match(body, /nhập mã phản ánh PA-\d{8}-\d{4} và mã tra cứu được cấp khi gửi phản ánh/);
  assert.match(body, /enter the code PA-\d{8}-\d{4} and the tracking key given when the feedback was sent/);
  assert.ok(body.includes('https://motcua.example.vn/#/feedback/mine'), body);
  // My feedback: the citizen's own items only, newest first.
  let r = await citizen.get('/api/v1/me/feedback');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.some((x) => x.code === mine.code), r.text);
  assert.ok(!r.json.items.some((x) => x.code === other.code), 'not another sender\'s');
  r = await citizen.get(`/api/v1/me/feedback/${mine.code}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.answer, 'Trả lời của cơ quan.');
  assert.deepEqual(r.json.allowed.sort(), ['rate', 'reraise']);
  assertError(await citizen.get(`/api/v1/me/feedback/${other.code}`), 404, 'FEEDBACK_NOT_FOUND');
  assertError(await stranger.get(`/api/v1/me/feedback/${mine.code}`), 404, 'FEEDBACK_NOT_FOUND');
  assertError(await stranger.post(`/api/v1/me/feedback/${mine.code}/rate`, { rating: 'satisfied' }), 404, 'FEEDBACK_NOT_FOUND');
  assertError(await (await as('vanphong')).get('/api/v1/me/feedback'), 403, 'FORBIDDEN');
  r = await citizen.post(`/api/v1/me/feedback/${mine.code}/rate`, { rating: 'satisfied' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.rating, 'satisfied');
  assertError(await citizen.post(`/api/v1/me/feedback/${mine.code}/rate`, { rating: 'satisfied' }), 409, 'FEEDBACK_RATED');
  assertError(await citizen.post(`/api/v1/me/feedback/${mine.code}/bogus`, {}), 404, 'FEEDBACK_ACTION_UNKNOWN');
});
