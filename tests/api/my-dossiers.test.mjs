// "My dossiers" (GET /api/v1/me/dossiers) for the citizen's portal page, and
// the leader's approvals box of the inbox (box=approvals): a citizen sees
// only what they submitted, newest first, in every state, paginated; officers
// and visitors are kept out; the approvals box holds pending extensions and
// draft results at a leader's step until they are approved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, assertError, Client, seedProcedure, workingLater, onlineComponents } from './helpers.mjs';
import { draftResult } from '../lib/pdf.mjs';

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
  const comps = await onlineComponents(await as('congdan'), LD02);
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
  assert.match(item.submitted_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
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
  assert.ok(!(await box()).has(d.code), 'at the leader, but nothing drafted to approve');
  await draftResult(await as('chuyenvien'), d.code);
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
  const due = await workingLater(env.base, e.due_at);
  await act('chuyenvien', e.code, 'request_extension', { note: 'Chờ ý kiến cơ quan phối hợp', proposed_due_at: due });
  items = await box();
  assert.equal(items.get(e.code).extension, 'pending');
  assert.equal(items.get(e.code).extension_reason, 'Chờ ý kiến cơ quan phối hợp');
  assert.equal(items.get(e.code).extension_due_at, due.replace('+07:00', ':00+07:00'));
  await act('lanhdao', e.code, 'approve_extension');
  assert.ok(!(await box()).has(e.code));
  assertError(await (await as('lanhdao')).get('/api/v1/inbox?box=everything'), 400, 'BAD_QUERY', 'box');
});

// Issue 10, DOMAIN.md section 15: "my dossiers" is by owner for an account
// verified for that owner. The demo citizen congdan is verified for
// me.id_number; another account submits for them as their representative,
// and the desk receives one with them as applicant: both are theirs to
// follow (not to act on). An account that only claims the number, and the
// representative, see only what they submitted.
test('a verified account lists and opens the dossiers it owns, whoever submitted them', async () => {
  const register = async (username, over) => {
    const c = new Client(env.base);
    const body = { kind: 'person', full_name: 'Lê Văn Đại Diện', email: `${username}@example.vn`, username,
      password: 'mat-khau-rat-dai-1', ...over };
    const r = await c.post('/api/v1/auth/register', body);
    assert.equal(r.status, 202, r.text);
    assert.equal((await c.login(username, body.password)).status, 200);
    return c;
  };
  const owner = await as('congdan');
  const before = (await owner.get('/api/v1/me/dossiers?per_page=100')).json;
  const rep = await register('dai-dien', { id_number: '001099066666' });
  const repSelf = { kind: 'person', name: 'Lê Văn Đại Diện', id_number: '001099066666' };
  const onlineComps = await onlineComponents(rep, LD02);
  const forOwner = await rep.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: { ...repSelf, owner: me }, components: onlineComps });
  assert.equal(forOwner.status, 201, forOwner.text);
  const ownComps = LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' }));
  const atDesk = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: ownComps });
  assert.equal(atDesk.status, 201, atDesk.text);
  // Another owner's dossier, though the owner is the applicant's representative there.
  const notTheirs = await (await as('tiepnhan')).post('/api/v1/dossiers',
    { procedure_code: 'LD-02', applicant: { ...me, owner: company }, components: ownComps });
  assert.equal(notTheirs.status, 201, notTheirs.text);

  // What the representative submitted reaches the owner only once the desk
  // has received it (stranger report F17): before, nothing of it.
  let r = await owner.get('/api/v1/me/dossiers?per_page=100');
  assert.equal(r.json.total, before.total + 1, r.text);
  assert.ok(!r.json.items.some((i) => i.code === forOwner.json.code), 'listed before the desk received it');
  for (const sub of ['', '/components'])
    assertError(await owner.get(`/api/v1/dossiers/${forOwner.json.code}${sub}`), 404, 'DOSSIER_NOT_FOUND', 'code');
  const accepted = await (await as('tiepnhan')).post(`/api/v1/dossiers/${forOwner.json.code}/actions/accept`, {});
  assert.equal(accepted.status, 200, accepted.text);

  r = await owner.get('/api/v1/me/dossiers?per_page=100');
  assert.equal(r.status, 200, r.text);
  const codes = r.json.items.map((i) => i.code);
  assert.equal(r.json.total, before.total + 2, r.text);
  assert.deepEqual(codes.slice(0, 2), [atDesk.json.code, forOwner.json.code], 'newest first');
  assert.ok(!codes.includes(notTheirs.json.code), 'owned by the company, not by them');
  // The detail and the components view, as its owner.
  const detail = await owner.get(`/api/v1/dossiers/${forOwner.json.code}`);
  assert.equal(detail.status, 200, detail.text);
  assert.equal(detail.json.code, forOwner.json.code);
  assert.deepEqual(detail.json.actions, [], 'the owner follows; the representative acts');
  assert.equal((await owner.get(`/api/v1/dossiers/${atDesk.json.code}`)).status, 200);
  assert.equal((await owner.get(`/api/v1/dossiers/${forOwner.json.code}/components`)).status, 200);
  assertError(await owner.get(`/api/v1/dossiers/${notTheirs.json.code}`), 404, 'DOSSIER_NOT_FOUND', 'code');
  // Following is not acting: the withdrawal is the representative's, and nothing changes.
  assertError(await owner.post(`/api/v1/dossiers/${forOwner.json.code}/actions/withdraw`, { note: 'Không cần nữa' }),
    403, 'ACTION_FORBIDDEN');
  assert.equal((await owner.get(`/api/v1/dossiers/${forOwner.json.code}`)).json.state, 'received');

  // The representative sees what they submitted, not the desk's dossier of the owner.
  const theirs = await rep.get('/api/v1/me/dossiers');
  assert.deepEqual(theirs.json.items.map((i) => i.code), [forOwner.json.code]);
  assertError(await rep.get(`/api/v1/dossiers/${atDesk.json.code}`), 404, 'DOSSIER_NOT_FOUND', 'code');
  // An account that only claims the owner's number sees nothing of theirs.
  const claimer = await register('nhan-vo', { id_number: me.id_number });
  assert.deepEqual((await claimer.get('/api/v1/me/dossiers')).json, { items: [], total: 0, page: 1, per_page: 20 });
  assertError(await claimer.get(`/api/v1/dossiers/${atDesk.json.code}`), 404, 'DOSSIER_NOT_FOUND', 'code');
});

test('an organisation verified at the desk lists its dossiers by tax code, a branch by its own', async () => {
  const c = new Client(env.base);
  const body = { kind: 'organisation', tax_code: '0100109106', full_name: 'Công ty Cổ phần Ánh Dương',
    email: 'anhduong@example.vn', username: 'anh-duong', password: 'mat-khau-rat-dai-1' };
  assert.equal((await c.post('/api/v1/auth/register', body)).status, 202);
  assert.equal((await c.login(body.username, body.password)).status, 200);
  const desk = await as('tiepnhan');
  const comps = LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' }));
  const firm = { kind: 'organisation', name: 'Công ty Cổ phần Ánh Dương', tax_code: '0100109106' };
  const own = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: firm, components: comps });
  assert.equal(own.status, 201, own.text);
  const branch = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: { ...firm, tax_code: '0100109106-001' }, components: comps });
  assert.equal(branch.status, 201, branch.text);
  // Claimed only: nothing.
  assert.equal((await c.get('/api/v1/me/dossiers')).json.total, 0);
  const v = await desk.post('/api/v1/accounts/anh-duong/verification', { tax_code: '0100109106', evidence: 'Giấy chứng nhận đăng ký doanh nghiệp' });
  assert.equal(v.status, 200, v.text);
  const r = await c.get('/api/v1/me/dossiers');
  assert.deepEqual(r.json.items.map((i) => i.code), [own.json.code]);
  assert.equal((await c.get(`/api/v1/dossiers/${own.json.code}`)).status, 200);
  assertError(await c.get(`/api/v1/dossiers/${branch.json.code}`), 404, 'DOSSIER_NOT_FOUND', 'code');
});
