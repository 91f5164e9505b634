// Rating a dossier (issue 10, item 7): the link is mailed to the applicant
// when the result is returned, one per recipient, a random token the
// database keeps only as its hash, usable once; an officer may have it
// mailed again (the new link replaces the unused old one) but never sees a
// token, and may not rate a dossier even holding its link.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';
import { assertError, seedProcedure } from './helpers.mjs';
import { draftResult } from '../lib/pdf.mjs';

const PUBLIC_URL = 'https://motcua.example.vn';
const env = { server: null, sink: null };

before(async () => {
  env.sink = await startSmtpSink();
  env.server = await startServer({
    args: ['--worker.interval_seconds', '1', '--smtp.url', env.sink.url, '--public_url', PUBLIC_URL],
  });
});
after(async () => {
  if (env.server) await env.server.stop();
  if (env.sink) await env.sink.close();
});

function sql(text) {
  const url = env.server.db.url;
  if (url.startsWith('sqlite:')) return execFileSync('sqlite3', ['-cmd', '.timeout 10000', url.slice(7), text], { encoding: 'utf8' }).trim();
  return execFileSync('psql', [url, '-qAtc', text], { encoding: 'utf8' }).trim();
}

const LD02 = seedProcedure('LD-02');
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
const anon = () => new Client(env.server.base);
const clients = {};
async function as(user) {
  if (!clients[user]) {
    const c = new Client(env.server.base);
    const r = await c.login(user, DEMO_PASSWORD);
    assert.equal(r.status, 200, r.text);
    clients[user] = c;
  }
  return clients[user];
}
async function act(user, code, action, body = {}) {
  const r = await (await as(user)).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body);
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
}
async function returned(applicant) {
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant, components: complete() });
  assert.equal(r.status, 201, r.text);
  const { code } = r.json;
  await act('tiepnhan', code, 'transfer', { to_user: 'chuyenvien' });
  await act('chuyenvien', code, 'transfer');
  await act('truongphong', code, 'transfer');
  await draftResult(await as('chuyenvien'), code);
  await act('lanhdao', code, 'approve');
  await act('lanhdao', code, 'issue_result', { result_code: `GP-${code.slice(-4)}` });
  return { code };
}
/** The rating link of the mail, as {id, token}. */
function linkOf(m) {
  const x = m.body.match(/https:\/\/motcua\.example\.vn\/#\/rate\/dossier\/(\d+)\?t=([0-9a-f]+)/);
  assert.ok(x, m.body);
  return { id: Number(x[1]), token: x[2] };
}

test('the applicant gets a link of their own by e-mail; an officer gets none and cannot rate', async () => {
  const email = 'hoa.tran@example.vn';
  const d = await returned({ kind: 'person', name: 'Trần Thị Hoa', id_number: '001190012345', email });
  const officer = await as('tiepnhan');
  // Not returned yet: nothing to rate, no mail to send.
  assertError(await officer.post('/api/v1/ratings/links', { kind: 'dossier', code: d.code }), 409, 'RATING_NOT_READY');
  await act('tiepnhan', d.code, 'return_result');
  const isInvite = (x) => x.to.includes(email) && x.subject === `Mời ông/bà đánh giá việc giải quyết hồ sơ ${d.code}`;
  const [first] = await env.sink.waitFor(isInvite);
  const l1 = linkOf(first);
  d.id = l1.id;
  assert.equal(l1.token.length, 64);
  assert.ok(first.body.includes('Kính gửi Ông/Bà Trần Thị Hoa,'), first.body);
  // The database holds no working token: the link's hash only, nothing in the outbox.
  assert.equal(sql(`SELECT COUNT(*) FROM rating_links WHERE token_hash = '${l1.token}'`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM mail_outbox WHERE body LIKE '%${l1.token}%'`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM rating_links WHERE kind = 'dossier' AND target_id = ${d.id}`), '1');

  // An officer asks for it again: 202, the address masked, no token in sight.
  const r = await officer.post('/api/v1/ratings/links', { kind: 'dossier', code: d.code });
  assert.equal(r.status, 202, r.text);
  assert.deepEqual(r.json, { kind: 'dossier', id: d.id, sent_to: 'h***@example.vn' });
  const [, second] = await env.sink.waitFor(isInvite, 2);
  const l2 = linkOf(second);
  assert.notEqual(l2.token, l1.token);
  // One link per recipient: the new one replaced the old.
  assert.equal(sql(`SELECT COUNT(*) FROM rating_links WHERE kind = 'dossier' AND target_id = ${d.id}`), '1');
  const rate = (c, token, body = {}) => c.post(`/api/v1/ratings/dossier/${d.id}`, { token, satisfaction: 'very_satisfied', ...body });
  assertError(await rate(anon(), l1.token), 403, 'RATING_LINK_INVALID', 'token');
  // An officer holding the applicant's link still may not rate the dossier.
  assertError(await rate(officer, l2.token), 403, 'RATING_BY_STAFF');
  assertError(await rate(await as('chuyenvien'), l2.token), 403, 'RATING_BY_STAFF');
  // The applicant rates, once.
  let x = await anon().get(`/api/v1/ratings/dossier/${d.id}?token=${l2.token}`);
  assert.equal(x.status, 200, x.text);
  assert.equal(x.json.used, false);
  x = await rate(anon(), l2.token, { comment: 'Đúng hẹn' });
  assert.equal(x.status, 201, x.text);
  assertError(await rate(anon(), l2.token), 409, 'RATING_LINK_USED', 'token');
  x = await anon().get(`/api/v1/ratings/dossier/${d.id}?token=${l2.token}`);
  assert.equal(x.json.used, true);
  // The recipient who rated is mailed no new link.
  assert.equal((await officer.post('/api/v1/ratings/links', { kind: 'dossier', code: d.code })).status, 202);
  await new Promise((res) => setTimeout(res, 2500));
  assert.equal(env.sink.messages.filter(isInvite).length, 2);
});

test('no address, no link: 409 RATING_NO_RECIPIENT', async () => {
  const d = await returned({ kind: 'person', name: 'Lê Văn Nam', id_number: '001090054321' });
  await act('tiepnhan', d.code, 'return_result');
  assertError(await (await as('tiepnhan')).post('/api/v1/ratings/links', { kind: 'dossier', code: d.code }), 409, 'RATING_NO_RECIPIENT');
  assertError(await anon().post('/api/v1/ratings/links', { kind: 'dossier', code: d.code }), 401, 'UNAUTHENTICATED');
});
