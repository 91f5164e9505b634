// Feedback about a dossier and indicator 766.5.4 (issue 14): a dossier code
// typed by anyone lowered that dossier's score. The link counts only when
// it is known true: the desk (or the Office) records the item, the sender's
// account is the dossier's applicant or verified owner, or the Office
// confirms it after checking; an unconfirmed link is kept and shown to the
// Office. The item takes the dossier's procedure and field.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, run, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { loggedIn, assertError, seedProcedure, onlineComponents } from './helpers.mjs';

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
run(['gen', 'dossiers', '80', '--seed', '14', '--open-percent', '0', '--db', db.url]);
const server = await startServer({ db: { url: db.url, drop() {} } });
after(async () => {
  await server.kill('SIGTERM');
  db.drop();
});

const ymd = (ms) => new Date(ms + 7 * 3600e3).toISOString().slice(0, 10);
const PERIOD = `from=${ymd(Date.now() - 400 * 86400e3)}&to=${ymd(Date.now() + 86400e3)}`;

async function members(c) {
  const r = await c.get(`/api/v1/stats/indicators/766.5.4/items?unit=BQL&${PERIOD}&limit=1000`);
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.json.items.map((i) => [i.ref, i]));
}

test('a dossier code typed by another counts against the dossier only once the Office confirms it; the desk\'s record counts at once', async () => {
  const leader = await loggedIn(server.base, 'lanhdao');
  const before = await members(leader);
  const good = Object.values(before).filter((i) => i.in_denominator && i.in_numerator).map((i) => i.ref);
  assert.ok(good.length >= 2, 'dossiers handled on time and not disliked');
  const [theirs, other] = good;
  const dossier = (await (await loggedIn(server.base, 'vanphong')).get(`/api/v1/dossiers/${theirs}`)).json;

  // Anonymous, and a citizen who does not own it: the link is kept, not counted.
  const citizen = await loggedIn(server.base, 'congdan');
  const sent = [];
  for (const c of [null, citizen]) {
    const body = { sender_name: 'Người lạ', subject: 'Hồ sơ chậm', content: 'Phản ánh về hồ sơ.', dossier_code: theirs };
    const r = c ? await c.post('/api/v1/feedback', body) : await fetch(`${server.base}/api/v1/feedback`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    }).then(async (x) => ({ status: x.status, json: await x.json() }));
    assert.equal(r.status, 201, JSON.stringify(r.json));
    assert.equal(r.json.dossier_code, theirs);
    assert.equal(r.json.dossier_confirmed, false);
    // The dossier's procedure and field are the item's.
    assert.equal(r.json.procedure_code, dossier.procedure.code);
    assert.ok(r.json.field, 'the field of the procedure');
    sent.push(r.json);
  }
  let m = await members(leader);
  assert.equal(m[theirs].in_numerator, true, JSON.stringify(m[theirs]));
  assert.ok(!/phản ánh/.test(m[theirs].reason), m[theirs].reason);

  // The Office sees the unconfirmed link and confirms it: now it counts.
  const office = await loggedIn(server.base, 'vanphong');
  let r = await office.get(`/api/v1/feedback/${sent[0].code}`);
  assert.equal(r.json.dossier_confirmed, false);
  assert.ok(r.json.allowed.includes('confirm_dossier'), JSON.stringify(r.json.allowed));
  r = await office.post(`/api/v1/feedback/${sent[0].code}/actions/confirm_dossier`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dossier_confirmed, true);
  assert.equal(r.json.history[r.json.history.length - 1].action, 'confirm_dossier');
  assertError(await office.post(`/api/v1/feedback/${sent[0].code}/actions/confirm_dossier`, {}), 409, 'FEEDBACK_STATE');
  assertError(await (await loggedIn(server.base, 'chuyenvien')).post(`/api/v1/feedback/${sent[1].code}/actions/confirm_dossier`, {}), 404, 'FEEDBACK_NOT_FOUND');
  m = await members(leader);
  assert.equal(m[theirs].in_numerator, false);
  assert.match(m[theirs].reason, /có phản ánh, kiến nghị về hồ sơ \(của người nộp, do bộ phận một cửa ghi nhận hoặc Văn phòng đã xác nhận\)/);
  assert.match(m[theirs].reason_en, /confirmed by the Office/);

  // The desk records a call about another dossier: it counts at once.
  r = await (await loggedIn(server.base, 'tiepnhan')).post('/api/v1/feedback', {
    channel: 'phone', sender_name: 'Người nộp', subject: 'Gọi điện', content: 'Phản ánh qua điện thoại.', dossier_code: other,
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.dossier_confirmed, true);
  m = await members(leader);
  assert.equal(m[other].in_numerator, false, JSON.stringify(m[other]));
});

test('the applicant, logged in, links feedback to their own dossier: it counts at once', async () => {
  const LD02 = seedProcedure('LD-02');
  const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
  const citizen = await loggedIn(server.base, 'congdan');
  const d = await citizen.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: await onlineComponents(citizen, LD02) });
  assert.equal(d.status, 201, d.text);
  const r = await citizen.post('/api/v1/feedback', { sender_name: me.name, subject: 'Hồ sơ của tôi', content: 'Phản ánh về hồ sơ của tôi.', dossier_code: d.json.code });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.dossier_confirmed, true);
  assert.equal(r.json.procedure_code, 'LD-02');
  const other = await loggedIn(server.base, 'tiepnhan');
  const x = await other.get(`/api/v1/feedback/${r.json.code}`);
  assert.equal(x.status, 404, 'the desk did not record it');
});
