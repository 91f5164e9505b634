// "My dossiers" (GET /api/v1/me/dossiers) for the citizen's portal page, and
// the leader's approvals box of the inbox (box=approvals): a citizen sees
// only what they submitted, newest first, in every state, paginated; officers
// and visitors are kept out; the approvals box holds pending extensions and
// draft results at a leader's step until they are approved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, assertError, Client, seedProcedure } from './helpers.mjs';

const env = useServer();
const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const company = { kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565' };

const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}

async function submitOnline() {
  const comps = LD02.components.map((c) => (c.mandatory ? 'uploaded' : 'not_applicable'));
  const r = await (await as('congdan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function act(user, code, action, body) {
  const r = await (await as(user)).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body ?? {});
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
  return r.json;
}

test('a citizen lists their own dossiers, newest first, in every state', async () => {
  const c = await as('congdan');
  const empty = await c.get('/api/v1/me/dossiers');
  assert.equal(empty.status, 200, empty.text);
  assert.deepEqual(empty.json, { items: [], total: 0, page: 1, per_page: 20 });

  const a = await submitOnline();
  const b = await submitOnline();
  await act('congdan', a.code, 'withdraw', { note: 'Không còn nhu cầu' });
  // Someone else's dossier, received at the desk, is not theirs.
  const comps = LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' }));
  const desk = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components: comps });
  assert.equal(desk.status, 201, desk.text);

  const r = await c.get('/api/v1/me/dossiers');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.total, 2);
  assert.deepEqual(r.json.items.map((i) => i.code), [b.code, a.code], 'newest first');
  assert.equal(r.json.items[1].state, 'withdrawn', 'ended dossiers are listed too');
  assert.ok(r.json.items[1].state_label.length > 0);
  const item = r.json.items[0];
  assert.equal(item.state, 'submitted');
  assert.equal(item.state_label_en, 'Submitted online, awaiting acceptance');
  assert.equal(item.procedure.code, 'LD-02');
  assert.equal(item.channel, 'online');
  assert.match(item.submitted_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\+07:00$/);
  assert.ok(!r.text.includes(desk.json.code));

  const p2 = await c.get('/api/v1/me/dossiers?per_page=1&page=2');
  assert.equal(p2.status, 200);
  assert.deepEqual(p2.json.items.map((i) => i.code), [a.code]);
  assert.equal(p2.json.page, 2);
  assert.equal(p2.json.total, 2);
  assertError(await c.get('/api/v1/me/dossiers?per_page=1000'), 400, 'BAD_QUERY', 'per_page');
  assertError(await c.get('/api/v1/me/dossiers?page=0'), 400, 'BAD_QUERY', 'page');
});

test('officers and visitors cannot list a citizen\'s dossiers', async () => {
  assertError(await (await as('tiepnhan')).get('/api/v1/me/dossiers'), 403, 'FORBIDDEN');
  assertError(await new Client(env.base).get('/api/v1/me/dossiers'), 401, 'UNAUTHENTICATED');
});

test('the approvals box: pending extensions and results waiting at a leader\'s step', async () => {
  const comps = LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' }));
  const receive = async () => {
    const r = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components: comps });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const box = async () => {
    const r = await (await as('lanhdao')).get('/api/v1/inbox?box=approvals&per_page=100');
    assert.equal(r.status, 200, r.text);
    return new Map(r.json.items.map((i) => [i.code, i]));
  };
  // A draft result at the leader's step.
  const d = await receive();
  await act('tiepnhan', d.code, 'transfer', { to_user: 'chuyenvien' });
  await act('chuyenvien', d.code, 'transfer');
  assert.ok(!(await box()).has(d.code), 'not yet at the leader');
  await act('truongphong', d.code, 'transfer');
  let items = await box();
  assert.ok(items.has(d.code));
  assert.equal(items.get(d.code).approved, false);
  assert.equal(items.get(d.code).step.role, 'leader');
  assert.equal(items.get(d.code).extension, 'none');
  await act('lanhdao', d.code, 'approve');
  assert.ok(!(await box()).has(d.code), 'approved: off the list');

  // A pending extension, wherever the dossier is.
  const e = await receive();
  await act('tiepnhan', e.code, 'transfer');
  const due = new Date(new Date(e.due_at).getTime() + 3 * 86400000 + 7 * 3600000).toISOString().slice(0, 16) + '+07:00';
  await act('chuyenvien', e.code, 'request_extension', { note: 'Chờ ý kiến cơ quan phối hợp', proposed_due_at: due });
  items = await box();
  assert.equal(items.get(e.code).extension, 'pending');
  assert.equal(items.get(e.code).extension_reason, 'Chờ ý kiến cơ quan phối hợp');
  assert.equal(items.get(e.code).extension_due_at, due);
  await act('lanhdao', e.code, 'approve_extension');
  assert.ok(!(await box()).has(e.code));
  assertError(await (await as('lanhdao')).get('/api/v1/inbox?box=everything'), 400, 'BAD_QUERY', 'box');
});
