// What the applicant sees of their dossier's history (issue 15 item 8): the
// office's work among itself (views, assignments, drafts) is left out,
// officers are not named and their internal notes are not shown; what is
// addressed to the applicant (the supplement request's reasons) is. The
// officers' view keeps everything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, seedProcedure, onlineComponents } from './helpers.mjs';

const env = useServer();
const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };

test('the applicant\'s history: no views, no officers\' names, no internal notes; the request to them kept', async () => {
  const citizen = await loggedIn(env.base, 'congdan');
  const desk = await loggedIn(env.base, 'tiepnhan');
  const comps = await onlineComponents(citizen, LD02);
  const sub = await citizen.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(sub.status, 201, sub.text);
  const code = encodeURIComponent(sub.json.code);
  assert.equal((await desk.get(`/api/v1/dossiers/${code}`)).status, 200); // a recorded view
  let r = await desk.post(`/api/v1/dossiers/${code}/actions/accept`, { note: 'Nội bộ: cần đối chiếu bản gốc khi trả' });
  assert.equal(r.status, 200, r.text);
  r = await desk.post(`/api/v1/dossiers/${code}/actions/request_supplement`, { note: 'Xin bổ sung bản sao hộ chiếu còn hạn.' });
  assert.equal(r.status, 200, r.text);

  const staff = (await desk.get(`/api/v1/dossiers/${code}`)).json.history;
  assert.ok(staff.some((e) => e.action === 'viewed' && e.actor === 'tiepnhan'), 'officers see the views');
  assert.ok(staff.some((e) => e.note === 'Nội bộ: cần đối chiếu bản gốc khi trả'), 'and the internal note');

  const got = await citizen.get(`/api/v1/dossiers/${code}`);
  assert.equal(got.status, 200, got.text);
  const mine = got.json.history;
  // (The fee demanded at acceptance is the applicant's business: kept.)
  // The files they attached before submitting (issue 15) are theirs too: one event per page.
  const pages = comps.filter((x) => typeof x === 'object').length;
  assert.deepEqual(mine.map((e) => e.action).filter((a) => !a.startsWith('payment_')),
    ['submit', ...Array(pages).fill('component_uploaded'), 'accept', 'request_supplement']);
  assert.ok(!got.text.includes('tiepnhan'), 'no officer\'s user name');
  assert.ok(!got.text.includes('Nội bộ: cần đối chiếu'), 'no internal note');
  assert.equal(mine[0].actor, 'congdan', 'their own events keep their name');
  assert.equal(mine[1].actor, 'congdan');
  assert.equal(mine.find((e) => e.action === 'accept').actor, '');
  assert.equal(mine.find((e) => e.action === 'request_supplement').note, 'Xin bổ sung bản sao hộ chiếu còn hạn.', 'what is asked of them is shown');
});

test('a procedure\'s reviewers\' notes are for officers, not the public', async () => {
  const anon = await fetch(`${env.base}/api/v1/procedures/DT-01`);
  assert.equal(anon.status, 200);
  const pub = await anon.json();
  assert.equal(pub.notes, '');
  assert.ok(!JSON.stringify(pub).includes('cần đối chiếu'), 'no reviewer\'s note to the public');
  const citizen = await loggedIn(env.base, 'congdan');
  assert.equal((await citizen.get('/api/v1/procedures/DT-01')).json.notes, '');
  const office = await loggedIn(env.base, 'vanphong');
  assert.match((await office.get('/api/v1/procedures/DT-01')).json.notes, /cần đối chiếu/);
});

test('public tracking: a person\'s name masked, an organisation\'s as registered', async () => {
  const desk = await loggedIn(env.base, 'tiepnhan');
  const comps = LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' }));
  const org = await desk.post('/api/v1/dossiers', {
    procedure_code: 'LD-02', components: comps,
    applicant: { kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565' },
  });
  assert.equal(org.status, 201, org.text);
  const t = await (await fetch(`${env.base}/api/v1/track/${encodeURIComponent(org.json.code)}`)).json();
  assert.equal(t.owner, 'Công ty TNHH Sao Mai');
  const person = await desk.post('/api/v1/dossiers', {
    procedure_code: 'LD-02', components: comps,
    applicant: { kind: 'person', name: 'Trần Văn Hải', id_number: '001090077777' },
  });
  assert.equal(person.status, 201, person.text);
  const t2 = await (await fetch(`${env.base}/api/v1/track/${encodeURIComponent(person.json.code)}`)).json();
  assert.equal(t2.owner, 'T*** V** H**');
});
