// Feedback (issue 14) as the staff handle it, defects a stranger found from a
// fresh clone: an item assigned to a unit nobody there can draft for was
// stuck forever; a dossier code typed by anyone lowered that dossier's
// 766.5.4; a desk officer's phone entry could be recorded as an anonymous
// online item the desk could not reopen; the inbox warned of the answer's
// deadline only. Each test states what the stranger saw and what holds now.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { assertError } from './helpers.mjs';

const env = { server: null };

before(async () => {
  env.server = await startServer({ args: ['--testing.clock_api', 'true', '--feedback.per_ip_per_hour', '100'] });
});
after(async () => {
  if (env.server) await env.server.stop();
});

/** Unix ms of a local (UTC+7) time. */
const local = (y, mo, d, h, mi = 0) => Date.UTC(y, mo - 1, d, h - 7, mi);
async function setClock(ms) {
  const r = await new Client(env.server.base).put('/api/v1/testing/clock', { now_ms: ms });
  assert.equal(r.status, 200, r.text);
}
async function as(user) {
  const c = new Client(env.server.base);
  const r = await c.login(user, DEMO_PASSWORD);
  assert.equal(r.status, 200, r.text);
  return c;
}
const anon = () => new Client(env.server.base);
async function act(user, code, action, body = {}, status = 200) {
  const r = await (await as(user)).post(`/api/v1/feedback/${code}/actions/${action}`, body);
  assert.equal(r.status, status, `${user} ${action}: ${r.text}`);
  return r;
}
async function send(body = {}) {
  const r = await anon().post('/api/v1/feedback', { sender_name: 'Lý Văn Tâm', subject: 'Góp ý', content: 'Nội dung góp ý.', ...body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const last = (item) => item.history[item.history.length - 1];

test('assigned only to a unit where an officer can draft; the Office re-assigns an unanswered item; the unit hands it back with a reason', async () => {
  await setClock(local(2026, 4, 6, 8)); // Monday
  const item = await send();
  // BQL (the board: a leader, an administrator) and VP (the Office, the
  // desk) have nobody who drafts: the item would wait there for ever.
  for (const unit of ['BQL', 'VP']) {
    const r = await act('vanphong', item.code, 'assign', { unit, category: 'regulation' }, 409);
    assertError(r, 409, 'FEEDBACK_UNIT_NO_DRAFTER', 'unit');
  }
  let r = await (await as('vanphong')).get(`/api/v1/feedback/${item.code}`);
  assert.equal(r.json.state.code, 'received', 'nothing changed');
  assert.equal(r.json.history.length, 1);
  assert.deepEqual(r.json.assign_units.map((u) => u.code), ['DNLD', 'QHXD', 'QLDT', 'QLMT']);
  const dnld = r.json.assign_units.find((u) => u.code === 'DNLD');
  assert.equal(dnld.name_vi, 'Phòng Quản lý Doanh nghiệp và Lao động');
  assert.equal(dnld.name_en, 'Enterprise and Labour Management Division');

  r = await act('vanphong', item.code, 'assign', { unit: 'QLDT', category: 'regulation' });
  assert.equal(r.json.unit, 'QLDT');
  const deadlines = r.json.deadlines;
  assert.ok(r.json.allowed.includes('reassign'), JSON.stringify(r.json.allowed));
  assert.ok(!r.json.allowed.includes('assign'));
  // The Office sends it to the right unit: not the same one, not one without a drafter.
  assertError(await act('vanphong', item.code, 'reassign', { unit: 'QLDT' }, 400), 400, 'FIELD_INVALID', 'unit');
  assertError(await act('vanphong', item.code, 'reassign', { unit: 'BQL' }, 409), 409, 'FEEDBACK_UNIT_NO_DRAFTER', 'unit');
  assertError(await act('vanphong', item.code, 'reassign', {}, 400), 400, 'FIELD_MISSING', 'unit');
  assertError(await act('chuyenvien', item.code, 'reassign', { unit: 'DNLD' }, 404), 404, 'FEEDBACK_NOT_FOUND');
  r = await act('vanphong', item.code, 'reassign', { unit: 'DNLD' });
  assert.equal(r.json.state.code, 'assigned');
  assert.equal(r.json.unit, 'DNLD');
  assert.equal(last(r.json).action, 'reassign');
  assert.equal(last(r.json).actor, 'vanphong');
  assertError(await (await as('chuyenvien.qldt')).get(`/api/v1/feedback/${item.code}`), 404, 'FEEDBACK_NOT_FOUND');

  // Drafted, then re-assigned again: still not answered.
  await act('chuyenvien', item.code, 'draft', { answer: 'Bản nháp.' });
  r = await (await as('chuyenvien')).get(`/api/v1/feedback/${item.code}`);
  assert.deepEqual(r.json.allowed.sort(), ['draft', 'hand_back']);
  r = await act('vanphong', item.code, 'reassign', { unit: 'QLMT' });
  assert.equal(r.json.state.code, 'assigned');
  assertError(await act('chuyenvien', item.code, 'hand_back', { note: 'x' }, 404), 404, 'FEEDBACK_NOT_FOUND');

  // The unit hands it back to the Office with a reason; the deadlines stay.
  assertError(await act('chuyenvien.qlmt', item.code, 'hand_back', {}, 400), 400, 'FIELD_MISSING', 'note');
  await setClock(local(2026, 4, 7, 9));
  r = await act('chuyenvien.qlmt', item.code, 'hand_back', { note: 'Nội dung thuộc lĩnh vực đầu tư, không phải môi trường.' });
  assert.equal(r.json.state.code, 'received');
  assert.equal(r.json.unit, null);
  assert.deepEqual(r.json.deadlines, deadlines, 'deadlines unchanged');
  assert.equal(last(r.json).action, 'hand_back');
  assert.equal(last(r.json).actor, 'chuyenvien.qlmt');
  assert.equal(last(r.json).note, 'Nội dung thuộc lĩnh vực đầu tư, không phải môi trường.');
  assertError(await (await as('chuyenvien.qlmt')).get(`/api/v1/feedback/${item.code}`), 404, 'FEEDBACK_NOT_FOUND');
  r = await (await as('vanphong')).get(`/api/v1/feedback/${item.code}`);
  assert.ok(r.json.allowed.includes('assign'), JSON.stringify(r.json.allowed));
  r = await act('vanphong', item.code, 'assign', { unit: 'QLDT' });
  assert.equal(r.json.unit, 'QLDT');
  // Answered: no re-assignment any more.
  await act('chuyenvien.qldt', item.code, 'draft', { answer: 'Trả lời.' });
  await act('lanhdao', item.code, 'approve');
  assertError(await act('vanphong', item.code, 'reassign', { unit: 'DNLD' }, 409), 409, 'FEEDBACK_STATE');
  assertError(await act('chuyenvien.qldt', item.code, 'hand_back', { note: 'x' }, 409), 409, 'FEEDBACK_STATE');
});

test('the desk records a call as itself, never as an anonymous online item, and lists and reopens what it recorded', async () => {
  await setClock(local(2026, 4, 6, 9));
  const desk = await as('tiepnhan');
  const body = { sender_name: 'Đinh Thị Thu', sender_phone: '0987654321', subject: 'Gọi điện hỏi thủ tục', content: 'Bà Thu gọi điện phản ánh.' };
  // Forgetting the channel (the old form's default was online) or choosing
  // online is refused, naming the field, and creates nothing.
  assertError(await desk.post('/api/v1/feedback', body), 400, 'FIELD_INVALID', 'channel');
  assertError(await desk.post('/api/v1/feedback', { ...body, channel: 'online' }), 400, 'FIELD_INVALID', 'channel');
  assertError(await (await as('vanphong')).post('/api/v1/feedback', body), 400, 'FIELD_INVALID', 'channel');
  let r = await desk.post('/api/v1/feedback', { ...body, channel: 'phone' });
  assert.equal(r.status, 201, r.text);
  const { code } = r.json;
  assert.equal(r.json.channel, 'phone');
  // The desk opens it again, and finds it in its list; its action is the desk's record.
  r = await desk.get(`/api/v1/feedback/${code}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.history[0].action, 'record');
  assert.equal(r.json.history[0].actor, 'tiepnhan');
  r = await desk.get('/api/v1/feedback');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.some((x) => x.code === code), r.text);
  assert.ok(r.json.items.every((x) => x.channel !== 'online'), 'only what the desk recorded');
  // A unit's officer still sees only the unit's items.
  r = await (await as('chuyenvien')).get('/api/v1/feedback');
  assert.ok(!r.json.items.some((x) => x.code === code));
});

test('the inbox warns of the deadline that runs in the state: refusal or classification while received, then information, answer, publication', async () => {
  await setClock(local(2026, 6, 1, 8)); // Monday
  const item = await send({ subject: 'Thời hạn từ chối' });
  const office = async () => as('vanphong');
  const inInbox = async () => (await (await office()).get('/api/v1/feedback?state=' + (await get()).state.code)).json.items.find((x) => x.code === item.code);
  const get = async () => (await (await office()).get(`/api/v1/feedback/${item.code}`)).json;
  const at = (s) => s && s.slice(0, 16);
  const kinds = (x) => x.running_deadlines.map((d) => [d.kind, at(d.due_at), d.due_soon, d.overdue]);

  // Received, not classified: the Office must refuse or classify within 2 working days.
  let x = await inInbox();
  assert.deepEqual([x.due_kind, at(x.due_at), x.due_soon, x.overdue], ['refuse', '2026-06-03T08:00', false, false]);
  await setClock(local(2026, 6, 2, 10));
  x = await inInbox();
  assert.deepEqual([x.due_kind, x.due_soon, x.overdue], ['refuse', true, false]);
  await setClock(local(2026, 6, 3, 9)); // past the refusal's deadline
  x = await inInbox();
  assert.deepEqual([x.due_kind, at(x.due_at), x.overdue], ['refuse', '2026-06-03T08:00', true]);
  assert.deepEqual(kinds(await get()), [
    ['refuse', '2026-06-03T08:00', false, true],
    ['request_info', '2026-06-08T08:00', false, false],
    ['answer', '2026-06-22T08:00', false, false],
  ]);
  // Classified in scope: the information's deadline is the nearest; once it
  // passes (asking is optional), the answer's.
  await act('vanphong', item.code, 'classify', { category: 'conduct' });
  x = await inInbox();
  assert.deepEqual([x.due_kind, at(x.due_at), x.overdue], ['request_info', '2026-06-08T08:00', false]);
  await setClock(local(2026, 6, 8, 9));
  x = await inInbox();
  assert.deepEqual([x.due_kind, at(x.due_at), x.overdue], ['answer', '2026-06-22T08:00', false]);
  assert.deepEqual(kinds(await get()).map(([k, , , o]) => [k, o]), [['request_info', true], ['answer', false]]);
  // Assigned: the answer's; answered: the publication's.
  await act('vanphong', item.code, 'assign', { unit: 'DNLD' });
  x = await get();
  assert.deepEqual(kinds(x).map(([k]) => k), ['answer']);
  await act('chuyenvien', item.code, 'draft', { answer: 'Trả lời.' });
  await act('lanhdao', item.code, 'approve');
  x = await inInbox();
  assert.deepEqual([x.due_kind, at(x.due_at)], ['publish', '2026-06-10T09:00']);
});

test('the inbox is in the order of those deadlines: an item due for refusal comes before one whose answer is due later', async () => {
  await setClock(local(2026, 7, 6, 8)); // Monday
  const a = await send({ subject: 'Phân loại sớm' });
  await act('vanphong', a.code, 'classify', { category: 'regulation' });
  await setClock(local(2026, 7, 7, 8));
  const b = await send({ subject: 'Chưa phân loại' });
  const r = await (await as('vanphong')).get('/api/v1/feedback?state=received');
  const codes = r.json.items.map((x) => x.code);
  assert.ok(codes.indexOf(b.code) >= 0 && codes.indexOf(b.code) < codes.indexOf(a.code), JSON.stringify(r.json.items.map((x) => [x.code, x.due_kind, x.due_at])));
});
