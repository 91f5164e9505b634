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

const env = useServer({ args: ['--feedback.per_ip_per_hour', '100'] });

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
});
