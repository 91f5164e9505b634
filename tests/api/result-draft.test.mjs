// A result is a file (DOMAIN.md 6: "the result is issued, signed
// electronically; for a paper result, also digitized"): approving and
// issuing need a draft result, approving happens once, the leader's
// approvals list only what has a draft, and a dossier counts as having an
// electronic result (766.4.1, plan.results_digitized) only once its result
// file is signed, not because the desk's e-receipt of the fees is a
// document of the owner's store. Issue 15 (the stranger's report) and 12.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, assertError, seedProcedure } from './helpers.mjs';
import { draftResult } from '../lib/pdf.mjs';

const env = useServer();
const LD02 = seedProcedure('LD-02');
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}
const act = async (user, code, action, body = {}) => (await as(user)).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body);
async function ok(user, code, action, body) {
  const r = await act(user, code, action, body);
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
  return r.json;
}
const dossier = async (code) => (await (await as('lanhdao')).get(`/api/v1/dossiers/${encodeURIComponent(code)}`)).json;
const approvals = async () => {
  const r = await (await as('lanhdao')).get('/api/v1/inbox?box=approvals&per_page=100');
  assert.equal(r.status, 200, r.text);
  return r.json.items.map((i) => i.code);
};
const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
async function eResult(key, code) {
  const c = await as('vanphong');
  for (let offset = 0; ; offset += 500) {
    const r = await c.get(`/api/v1/stats/indicators/${key}/items?unit=BQL&from=${today}&to=${today}&limit=500&offset=${offset}`);
    assert.equal(r.status, 200, r.text);
    const it = r.json.items.find((i) => i.ref === code);
    if (it) return it;
    if (offset + 500 >= r.json.total) return null;
  }
}

/** Received at the desk, the fee paid in cash (an e-receipt), up to the leader. */
async function atLeader() {
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers', {
    procedure_code: 'LD-02', applicant: { kind: 'person', name: 'Trần Văn Bình', id_number: '001085012345' }, components: complete(),
  });
  assert.equal(r.status, 201, r.text);
  const { code } = r.json;
  const p = await (await as('tiepnhan')).post(`/api/v1/dossiers/${encodeURIComponent(code)}/payments`, { method: 'cash' });
  assert.equal(p.status, 201, p.text);
  await ok('tiepnhan', code, 'transfer', { to_user: 'chuyenvien' });
  await ok('chuyenvien', code, 'transfer');
  await ok('truongphong', code, 'transfer');
  return code;
}

test('no draft: the leader can neither approve nor issue, and the approvals do not list it', async () => {
  const code = await atLeader();
  let d = await dossier(code);
  assert.equal(d.step.role, 'leader');
  assert.ok(!d.actions.includes('approve'), d.actions.join());
  assert.ok(!d.actions.includes('issue_result'), d.actions.join());
  let r = await act('lanhdao', code, 'approve');
  assertError(r, 409, 'NO_RESULT_DRAFT');
  assertError(await act('lanhdao', code, 'issue_result', { result_code: 'GP-1' }), 409, 'NO_RESULT_DRAFT');
  assertError(await (await as('lanhdao')).post(`/api/v1/dossiers/${code}/issue`, {}), 409, 'NO_RESULT_DRAFT');
  assert.ok(!(await approvals()).includes(code), 'nothing to approve');
  d = await dossier(code);
  assert.equal(d.state, 'in_process');
  assert.equal(d.approved, false);
  assert.ok(!d.history.some((e) => ['approve', 'issue_result'].includes(e.action)), 'nothing recorded');

  // Drafted: listed, approved once, then off the list.
  await draftResult(await as('chuyenvien'), code, 'Giay phep lao dong');
  assert.ok((await approvals()).includes(code));
  assert.ok((await dossier(code)).actions.includes('approve'));
  d = await ok('lanhdao', code, 'approve');
  assert.equal(d.approved, true);
  assert.ok(!d.actions.includes('approve'), 'approved: approve is no longer offered');
  r = await act('lanhdao', code, 'approve');
  assertError(r, 409, 'ALREADY_APPROVED');
  d = await dossier(code);
  assert.equal(d.history.filter((e) => e.action === 'approve').length, 1, 'approved once in the history');
  assert.ok(!(await approvals()).includes(code));
});

test('only a signed result file counts as an electronic result, not the e-receipt of the fees', async () => {
  const code = await atLeader();
  await draftResult(await as('chuyenvien'), code);
  await ok('lanhdao', code, 'approve');
  // Issued without signing (the plain action): a result, not an electronic one.
  await ok('lanhdao', code, 'issue_result', { result_code: `GP-${code.slice(-4)}` });
  for (const key of ['766.4.1', 'plan.results_digitized']) {
    const it = await eResult(key, code);
    assert.ok(it, `${key}: ${code} listed`);
    assert.equal(it.in_denominator, true, `${key}: ${JSON.stringify(it)}`);
    assert.equal(it.in_numerator, false, `${key}: ${it.reason_en}`);
  }
  // Signed (the /issue route resumes it): now electronic.
  const s = await (await as('lanhdao')).post(`/api/v1/dossiers/${code}/issue`, {});
  assert.equal(s.status, 201, s.text);
  const d = await dossier(code);
  assert.ok(d.history.some((e) => e.action === 'result_signed'));
  for (const key of ['766.4.1', 'plan.results_digitized']) {
    const it = await eResult(key, code);
    assert.equal(it.in_numerator, true, `${key}: ${it.reason_en}`);
  }
});
