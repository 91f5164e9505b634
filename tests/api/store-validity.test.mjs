// Documents whose type has a validity of its own (issue 15 item 8): a
// criminal record extract is good for 6 months from its issue date, a health
// certificate for 12 (core/doctype.c). Stored from an online submission, they
// get a valid_until even when the citizen typed none: counted from the issue
// date when given, else from the upload (valid_from says which); an expired
// one is shown as such, not offered for reuse, and its reuse is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, assertError, seedProcedure, onlineComponents } from './helpers.mjs';

const env = useServer();
const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF scan of a paper')]);
const ord = (t) => LD02.components.findIndex((x) => x.doc_type === t);
const ymd = (d) => d.toISOString().slice(0, 10);
const monthsFrom = (d, m) => { const x = new Date(d); x.setUTCMonth(x.getUTCMonth() + m); return x; };

test('criminal record and health certificate get their validity; expired ones are not offered nor reused', async () => {
  const c = await loggedIn(env.base, 'congdan');
  const stage = async (q) => {
    const r = await c.post(`/api/v1/uploads${q}`, JPEG, { 'content-type': 'image/jpeg' });
    assert.equal(r.status, 201, r.text);
    return { status: 'uploaded', files: [r.json.id] };
  };
  const now = new Date();
  const issuedLongAgo = ymd(monthsFrom(now, -13));
  const comps = await onlineComponents(c, LD02, {
    [ord('criminal_record')]: await stage(''), // no dates given
    [ord('health_certificate')]: await stage(`?issued=${issuedLongAgo}`), // 13 months old
  });
  let r = await c.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(r.status, 201, r.text);
  const desk = await loggedIn(env.base, 'tiepnhan');
  r = await desk.post(`/api/v1/dossiers/${r.json.code}/actions/accept`, {});
  assert.equal(r.status, 200, r.text);

  const store = await c.get('/api/v1/store');
  assert.equal(store.status, 200, store.text);
  const of = (t) => store.json.documents.find((d) => d.doc_type === t);
  const cr = of('criminal_record');
  assert.ok(cr, 'the criminal record is in the store');
  assert.notEqual(cr.valid_until, null, 'a 6-month criminal record stored as never expiring');
  assert.equal(cr.valid_from, 'uploaded');
  const crDays = (Date.parse(cr.valid_until) - Date.parse(cr.created_at)) / 86400000;
  assert.ok(crDays > 180 && crDays <= 185, `criminal record valid ${crDays} days from the upload`);
  const hc = of('health_certificate');
  assert.equal(hc.valid_from, 'issued');
  assert.equal(hc.valid_until.slice(0, 10), ymd(monthsFrom(new Date(`${issuedLongAgo}T12:00:00Z`), 12)));
  assert.ok(Date.parse(hc.valid_until) < Date.now(), 'the 13-month-old health certificate is still valid');
  // Other types keep no limit of their own.
  assert.equal(of('photo_4x6').valid_until, null);
  assert.equal(of('photo_4x6').valid_from, null);

  // The next dossier: the criminal record offered, the health certificate not; its reuse refused.
  r = await c.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: await onlineComponents(c, LD02) });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  const list = await c.get(`/api/v1/dossiers/${code}/components`);
  assert.equal(list.status, 200, list.text);
  const offers = (t) => list.json.components[ord(t)].offers.map((o) => o.id);
  assert.deepEqual(offers('criminal_record'), [cr.id]);
  assert.deepEqual(offers('health_certificate'), [], 'an expired health certificate is offered');
  const reuse = (t, id) => c.post(`/api/v1/dossiers/${code}/components/${ord(t) + 1}/reuse`, { document_id: id });
  assertError(await reuse('health_certificate', hc.id), 409, 'REUSE_EXPIRED', 'document_id');
  assert.equal((await reuse('criminal_record', cr.id)).status, 200);
});
