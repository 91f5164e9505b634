// Identity binding (issue 10, DOMAIN.md section 15): ID numbers and tax
// codes are checked wherever they are entered (registration, the applicant
// and owner of a dossier at the desk or online); a self-registered account
// only claims its number and opens nobody's papers until the desk (or the
// identity provider, oidc.test.mjs) verified it; online one submits only as
// oneself, or as the representative of an owner named on the dossier, whose
// data store then stays closed. The regression of the hole: a citizen who
// gave someone else's ID number listed that person's store, reused their
// documents and uploaded into their store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, loggedIn, assertError, Client, seedProcedure, onlineComponents } from './helpers.mjs';
import { makePdf } from '../lib/pdf.mjs';

const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-identity-'));
const env = useServer({ args: ['--data-dir', dataDir] });
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
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

// ---- the hole of issue 10 ----

const victim = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const upload = (c, code, n, body, type = 'application/pdf') =>
  c.post(`/api/v1/dossiers/${code}/components/${n}/files`, body, { 'content-type': type });

async function register(username, over = {}) {
  const body = { kind: 'person', id_number: '001099077777', full_name: 'Lê Văn Mạo', email: `${username}@example.vn`,
    username, password: 'mat-khau-rat-dai-1', ...over };
  const c = new Client(env.base);
  const r = await c.post('/api/v1/auth/register', body);
  assert.equal(r.status, 202, r.text);
  assert.equal((await c.login(username, body.password)).status, 200);
  return c;
}

/** The victim (demo citizen congdan, verified) has a received dossier with an uploaded form in their store. */
let victimDoc;
let mallory; // a citizen with their own (unverified) ID number
async function victimStore() {
  if (victimDoc) return victimDoc;
  const c = await as('congdan');
  const r = await c.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: victim, components: await onlineComponents(c, LD02) });
  assert.equal(r.status, 201, r.text);
  const up = await upload(c, r.json.code, 1, makePdf('Don cua nan nhan'));
  assert.equal(up.status, 201, up.text);
  const acc = await (await as('tiepnhan')).post(`/api/v1/dossiers/${r.json.code}/actions/accept`, {});
  assert.equal(acc.status, 200, acc.text);
  const store = await c.get('/api/v1/store');
  assert.equal(store.status, 200, store.text);
  victimDoc = store.json.documents.find((d) => d.id === up.json.id);
  assert.ok(victimDoc, `the victim's form is not in their store: ${store.text}`);
  return victimDoc;
}

test('a citizen cannot submit online with someone else\'s ID number as applicant', async () => {
  await victimStore();
  mallory = await register('mallory');
  const r = await mallory.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: victim, components: await onlineComponents(mallory, LD02) });
  assertError(r, 403, 'APPLICANT_NOT_SELF', 'applicant.id_number');
  // Claiming the victim's number at registration does not help: it is verified for the victim's account.
  const claimer = await register('claimer', { id_number: victim.id_number });
  assertError(await claimer.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: victim, components: await onlineComponents(claimer, LD02) }),
    403, 'APPLICANT_NOT_SELF', 'applicant.id_number');
  assertError(await claimer.get('/api/v1/store'), 403, 'IDENTITY_NOT_VERIFIED');
  // Nothing was submitted.
  for (const c of [mallory, claimer]) assert.equal((await c.get('/api/v1/me/dossiers')).json.total, 0);
  // An organisation account submits only as that organisation.
  const org = await register('saomai-org', { kind: 'organisation', id_number: undefined, tax_code: '0101234565' });
  const other = { kind: 'organisation', name: 'Công ty khác', tax_code: '0100109106' };
  assertError(await org.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: other, components: await onlineComponents(org, LD02) }),
    403, 'APPLICANT_NOT_SELF', 'applicant.tax_code');
  const self = { kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565' };
  const ok = await org.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: self, components: await onlineComponents(org, LD02) });
  assert.equal(ok.status, 201, ok.text);
});

test('as representative of another owner: no store, no reuse, and uploads stay out of the owner\'s store', async () => {
  const doc = await victimStore();
  const me = { kind: 'person', name: 'Lê Văn Mạo', id_number: '001099077777' };
  const r = await mallory.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: { ...me, owner: victim }, components: await onlineComponents(mallory, LD02) });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  // The components view: the victim's store is not offered.
  const list = await mallory.get(`/api/v1/dossiers/${code}/components`);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.store_open, false);
  assert.ok(list.json.components.every((x) => x.offers.length === 0), `offers shown: ${list.text}`);
  assert.ok(!list.text.includes(doc.hash), 'the victim\'s document hash leaked');
  // Reuse of the victim's document is refused, and changes nothing.
  assertError(await mallory.post(`/api/v1/dossiers/${code}/components/1/reuse`, { document_id: doc.id }),
    403, 'IDENTITY_NOT_VERIFIED', 'document_id');
  assert.equal((await mallory.get(`/api/v1/dossiers/${code}/components`)).json.components[0].satisfied.how, 'uploaded',
    'the file attached before submitting is kept, not replaced by the victim\'s');
  // Downloads of the victim's document are refused.
  assertError(await mallory.get(`/api/v1/documents/${doc.id}/files/1`), 403, 'DOWNLOAD_FORBIDDEN');
  // An upload is the applicant's, in this dossier only.
  const pdf = makePdf('Giay to gia mao');
  const up = await upload(mallory, code, 2, pdf);
  assert.equal(up.status, 201, up.text);
  assert.equal((await mallory.get(`/api/v1/documents/${up.json.id}/files/1`)).status, 200);
  // Even once the desk accepts the dossier, the upload is not in the victim's store.
  const acc = await (await as('tiepnhan')).post(`/api/v1/dossiers/${code}/actions/accept`, {});
  assert.equal(acc.status, 200, acc.text);
  const store = await (await as('congdan')).get('/api/v1/store');
  assert.equal(store.status, 200);
  assert.ok(!store.json.documents.some((d) => d.id === up.json.id || d.hash === up.json.hash), `the upload landed in the victim's store: ${store.text}`);
  // Nor do the files attached before submitting (issue 15).
  assert.ok(!store.json.documents.some((d) => d.dossier === code), `a submitted file landed in the victim's store: ${store.text}`);
  assertError(await (await as('congdan')).get(`/api/v1/documents/${up.json.id}/files/1`), 403, 'DOWNLOAD_FORBIDDEN');
  // The officer handling it still sees the dossier's files.
  assert.equal((await (await as('tiepnhan')).get(`/api/v1/documents/${up.json.id}/files/1`)).status, 200);
  // The owner's components view of a dossier submitted by someone else is closed to the
  // unverified representative, and the victim (verified) may see it as its owner.
  assert.equal((await (await as('congdan')).get(`/api/v1/dossiers/${code}/components`)).status, 200);
});

test('the desk verifies an account against the ID card; then its store opens', async () => {
  const c = await register('xacthuc', { id_number: '035190004321' });
  assertError(await c.get('/api/v1/store'), 403, 'IDENTITY_NOT_VERIFIED');
  const desk = await as('tiepnhan');
  let r = await desk.get('/api/v1/accounts/xacthuc');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.id_number, '035190004321');
  assert.equal(r.json.verified, null);
  // Who may verify: receiving officers only.
  assertError(await (await as('chuyenvien')).post('/api/v1/accounts/xacthuc/verification', { id_number: '035190004321', evidence: 'CCCD' }),
    403, 'FORBIDDEN');
  assertError(await c.post('/api/v1/accounts/xacthuc/verification', { id_number: '035190004321', evidence: 'CCCD' }), 403, 'FORBIDDEN');
  // Bad input names the field and changes nothing.
  assertError(await desk.post('/api/v1/accounts/xacthuc/verification', { id_number: '035190004321' }), 400, 'FIELD_MISSING', 'evidence');
  assertError(await desk.post('/api/v1/accounts/xacthuc/verification', { evidence: 'CCCD' }), 400, 'FIELD_MISSING', 'id_number');
  assertError(await desk.post('/api/v1/accounts/xacthuc/verification', { id_number: '000000000000', evidence: 'CCCD' }), 400, 'FIELD_INVALID', 'id_number');
  assertError(await desk.post('/api/v1/accounts/xacthuc/verification', { id_number: '035190004322', evidence: 'CCCD' }), 409, 'IDENTITY_MISMATCH', 'id_number');
  assertError(await desk.post('/api/v1/accounts/nobody-here/verification', { id_number: '035190004321', evidence: 'CCCD' }), 404, 'ACCOUNT_NOT_FOUND', 'username');
  assertError(await desk.post('/api/v1/accounts/chuyenvien/verification', { id_number: '035190004321', evidence: 'CCCD' }), 404, 'ACCOUNT_NOT_FOUND', 'username');
  assert.equal((await desk.get('/api/v1/accounts/xacthuc')).json.verified, null);
  r = await desk.post('/api/v1/accounts/xacthuc/verification', { id_number: '035190004321', evidence: 'CCCD số 035190004321' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.verified.how, 'desk');
  assert.equal(r.json.verifications.length, 1);
  assert.deepEqual({ ...r.json.verifications[0], at: undefined },
    { action: 'verified', ident: '035190004321', how: 'desk', evidence: 'CCCD số 035190004321', by: 'tiepnhan', at: undefined });
  // Again: nothing new.
  r = await desk.post('/api/v1/accounts/xacthuc/verification', { id_number: '035190004321', evidence: 'CCCD' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.verifications.length, 1);
  const me = await c.get('/api/v1/auth/me');
  assert.equal(me.json.user.verified.how, 'desk');
  const store = await c.get('/api/v1/store');
  assert.equal(store.status, 200, store.text);
  assert.deepEqual(store.json.documents, []);
});

test('one verified account per number: a second needs replace, which withdraws the first', async () => {
  const a = await register('chu-that', { id_number: '079200005678' });
  const b = await register('chu-moi', { id_number: '079200005678' });
  const desk = await as('tiepnhan');
  const verify = (u, extra = {}) => desk.post(`/api/v1/accounts/${u}/verification`, { id_number: '079200005678', evidence: 'CCCD', ...extra });
  assert.equal((await verify('chu-that')).status, 200);
  assertError(await verify('chu-moi'), 409, 'IDENTITY_VERIFIED_ELSEWHERE', 'id_number');
  assert.equal((await desk.get('/api/v1/accounts/chu-moi')).json.verified, null);
  // The unverified claimant cannot submit as the number either.
  const me = { kind: 'person', name: 'Trần Văn Chủ', id_number: '079200005678' };
  assertError(await b.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: await onlineComponents(b, LD02) }),
    403, 'APPLICANT_NOT_SELF', 'applicant.id_number');
  const ok = await a.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: await onlineComponents(a, LD02) });
  assert.equal(ok.status, 201, ok.text);
  // The person lost access to the first account: the desk moves the verification.
  const r = await verify('chu-moi', { replace: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.verified.how, 'desk');
  const first = (await desk.get('/api/v1/accounts/chu-that')).json;
  assert.equal(first.verified, null);
  assert.deepEqual(first.verifications.map((v) => v.action), ['verified', 'withdrawn']);
  assertError(await a.get('/api/v1/store'), 403, 'IDENTITY_NOT_VERIFIED');
  assert.equal((await b.get('/api/v1/store')).status, 200);
});

// Stranger report F8: after the desk moves a verification, the dossiers the
// old account submitted as the number follow the number to the account now
// verified for it; the old account (lost, perhaps stolen) keeps nothing of
// them: no read, no upload, no withdrawal, no file, not in its list. What
// it submitted and the desk has not received yet reaches the new account
// once received.
test('after the desk moves a verification, the owner\'s dossiers follow the number, not the old account', async () => {
  const number = '079200007777';
  const oldAcc = await register('tk-cu', { id_number: number });
  const newAcc = await register('tk-moi', { id_number: number });
  const desk = await as('tiepnhan');
  const verify = (u, extra = {}) => desk.post(`/api/v1/accounts/${u}/verification`, { id_number: number, evidence: 'CCCD', ...extra });
  assert.equal((await verify('tk-cu')).status, 200);
  const me = { kind: 'person', name: 'Phan Văn Chuyển', id_number: number };
  const submit = async () => {
    const r = await oldAcc.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: await onlineComponents(oldAcc, LD02) });
    assert.equal(r.status, 201, r.text);
    return r.json.code;
  };
  const received = await submit();
  const up = await upload(oldAcc, received, 1, makePdf('Don'));
  assert.equal(up.status, 201, up.text);
  assert.equal((await desk.post(`/api/v1/dossiers/${received}/actions/accept`, {})).status, 200);
  const waiting = await submit();
  const mine = async (c) => (await c.get('/api/v1/me/dossiers?per_page=100')).json.items.map((i) => i.code);
  assert.deepEqual(await mine(oldAcc), [waiting, received]);

  assert.equal((await verify('tk-moi', { replace: true })).status, 200);
  // The old account: nothing of them.
  for (const code of [received, waiting]) {
    assertError(await oldAcc.get(`/api/v1/dossiers/${code}`), 404, 'DOSSIER_NOT_FOUND', 'code');
    assertError(await oldAcc.get(`/api/v1/dossiers/${code}/components`), 404, 'DOSSIER_NOT_FOUND', 'code');
    assertError(await upload(oldAcc, code, 2, makePdf('Giay')), 404, 'DOSSIER_NOT_FOUND', 'code');
    assertError(await oldAcc.post(`/api/v1/dossiers/${code}/actions/withdraw`, { note: 'rút' }), 404, 'DOSSIER_NOT_FOUND', 'code');
  }
  assertError(await oldAcc.get(`/api/v1/documents/${up.json.id}/files/1`), 403, 'DOWNLOAD_FORBIDDEN');
  assert.deepEqual(await mine(oldAcc), []);
  // The account now verified for the number: the received one is theirs to follow and act on.
  assert.deepEqual(await mine(newAcc), [received]);
  const view = await newAcc.get(`/api/v1/dossiers/${received}`);
  assert.equal(view.status, 200, view.text);
  assert.ok(view.json.actions.includes('withdraw'), view.text);
  assert.equal((await newAcc.get(`/api/v1/documents/${up.json.id}/files/1`)).status, 200);
  // The one the desk has not received: nothing yet, to either.
  assertError(await newAcc.get(`/api/v1/dossiers/${waiting}`), 404, 'DOSSIER_NOT_FOUND', 'code');
  assert.equal((await desk.post(`/api/v1/dossiers/${waiting}/actions/accept`, {})).status, 200);
  assert.deepEqual(await mine(newAcc), [waiting, received]);
  assert.equal((await newAcc.get(`/api/v1/dossiers/${waiting}/components`)).status, 200);
  const w = await newAcc.post(`/api/v1/dossiers/${received}/actions/withdraw`, { note: 'Không còn nhu cầu' });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.state, 'withdrawn');
  assertError(await oldAcc.get(`/api/v1/dossiers/${waiting}`), 404, 'DOSSIER_NOT_FOUND', 'code');
});

test('an unverified account submits as itself, without a store', async () => {
  const c = await register('chua-xac-thuc', { id_number: '001299000123' });
  const me = { kind: 'person', name: 'Lê Văn Mới', id_number: '001299000123' };
  const r = await c.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: await onlineComponents(c, LD02) });
  assert.equal(r.status, 201, r.text);
  const list = await c.get(`/api/v1/dossiers/${r.json.code}/components`);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.store_open, false);
  assert.equal(list.json.can_attach, true);
  const up = await upload(c, r.json.code, 1, makePdf('Don'));
  assert.equal(up.status, 201, up.text);
  assert.equal((await c.get(`/api/v1/documents/${up.json.id}/files/1`)).status, 200);
});

test('without oidc.issuer, the identity provider routes say it is not configured', async () => {
  const info = await new Client(env.base).get('/api/v1/auth/oidc');
  assert.equal(info.status, 200, info.text);
  assert.deepEqual(info.json, { enabled: false });
  const r = await new Client(env.base).get('/api/v1/auth/oidc/start');
  assertError(r, 404, 'OIDC_DISABLED');
  assertError(await new Client(env.base).get('/api/v1/auth/oidc/callback?state=x&code=y'), 404, 'OIDC_DISABLED');
});
