// Identity binding (issue 10, DOMAIN.md section 15): ID numbers and tax
// codes are checked wherever they are entered (registration, the applicant
// and owner of a dossier at the desk or online).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, assertError, seedProcedure } from './helpers.mjs';

const env = useServer();
const LD02 = seedProcedure('LD-02');
const deskComps = LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' }));

const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}

test('the desk refuses an applicant or owner whose ID number or tax code is not valid, naming the field', async () => {
  const desk = await as('tiepnhan');
  const receive = (applicant) => desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant, components: deskComps });
  const person = { kind: 'person', name: 'Nguyễn Văn Thử' };
  const firm = { kind: 'organisation', name: 'Công ty TNHH Sao Mai' };
  assertError(await receive({ ...person, id_number: '000000000000' }), 400, 'FIELD_INVALID', 'applicant.id_number');
  assertError(await receive({ ...person, id_number: '003090012345' }), 400, 'FIELD_INVALID', 'applicant.id_number');
  assertError(await receive({ ...firm, tax_code: '0101234567' }), 400, 'FIELD_INVALID', 'applicant.tax_code');
  assertError(await receive({ ...firm, tax_code: '0101234567-001' }), 400, 'FIELD_INVALID', 'applicant.tax_code');
  assertError(await receive({ ...firm, tax_code: '0101234565', owner: { ...person, id_number: '999090012345' } }), 400,
    'FIELD_INVALID', 'applicant.owner.id_number');
  // Nothing was received; the valid forms are.
  const inbox = await desk.get('/api/v1/inbox');
  assert.equal(inbox.status, 200, inbox.text);
  const before = inbox.json.total;
  assert.equal(typeof before, 'number');
  for (const a of [{ ...person, id_number: '035190001234' }, { ...firm, tax_code: '0101234565-001' }]) {
    const r = await receive(a);
    assert.equal(r.status, 201, r.text);
  }
  const after = (await desk.get('/api/v1/inbox')).json.total;
  assert.equal(after, before + 2);
});
