// public_url left unset (issue 13): serve derives it from the address it
// actually bound, so an online payment started on a server listening on
// any port (here port 0, a free one) sends the payer to this server's
// gateway page and back to this server, not to the default port 8080.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, Client, seedProcedure } from './helpers.mjs';
import { SECRET } from '../lib/vnpay.mjs';

const env = useServer({ args: ['--payment.gateway', 'sandbox', '--payment.vnpay.secret', SECRET] });
const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));

test('without public_url, payment_url and vnp_ReturnUrl use the address the server bound, and the payment settles', async () => {
  assert.doesNotMatch(env.base, /:8080$/, 'the harness listens on a random port');
  const desk = await loggedIn(env.base, 'tiepnhan');
  let r = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: complete() });
  assert.equal(r.status, 201, r.text);
  const { code } = r.json;
  const owner = await loggedIn(env.base, 'congdan');
  r = await owner.post(`/api/v1/dossiers/${encodeURIComponent(code)}/payments`, { method: 'online' });
  assert.equal(r.status, 201, r.text);
  const url = new URL(r.json.payment_url);
  assert.equal(url.origin, env.base, r.json.payment_url);
  assert.equal(url.searchParams.get('vnp_ReturnUrl'), `${env.base}/api/v1/payments/vnpay/return`);
  // The gateway's page is served by this server; the payer pays, the IPN
  // reaches this server and the browser comes back to it, paid.
  const c = new Client(env.base);
  const page = await c.get(r.json.payment_url.slice(env.base.length));
  assert.equal(page.status, 200, page.text);
  const back = await c.post('/sandbox/pay/pay', new URLSearchParams({ vnp_TxnRef: r.json.txn_ref, vnp_Outcome: 'paid', vnp_Ipn: 'once' }).toString(),
    { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(back.status, 303, back.text);
  assert.ok(back.headers.get('location').startsWith(`${env.base}/api/v1/payments/vnpay/return?`), back.headers.get('location'));
  // The sandbox sends the IPN to public_url (from another thread): paid
  // within seconds, which it never was when public_url named port 8080.
  const end = Date.now() + 15000;
  let status;
  while (Date.now() < end) {
    const list = await owner.get(`/api/v1/dossiers/${encodeURIComponent(code)}/payments`);
    status = list.json.payments.find((p) => p.txn_ref === r.json.txn_ref).status;
    if (status === 'paid') break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(status, 'paid');
});
