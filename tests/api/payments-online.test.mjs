// The owner's online payment up to the gateway (issue 13): with the sandbox
// gateway configured, {"method":"online"} makes a pending payment of the
// open demand with a fresh merchant reference and answers the gateway's
// signed address (checked here with the second implementation of VNPAY's
// signing, tests/lib/vnpay.mjs); the sandbox opens the order for that
// amount; a receiver is not the payer. The IPN and the reconciler that
// settle it are the adapter's (payment-sandbox tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, assertError, seedProcedure, Client } from './helpers.mjs';
import { verifyQuery, freePort, sandboxArgs } from '../lib/vnpay.mjs';

const port = await freePort();
const env = useServer({ args: sandboxArgs(port) });
const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };

test('the owner pays online: a pending payment, a signed address for the demand\'s total', async () => {
  const desk = await loggedIn(env.base, 'tiepnhan');
  const comps = LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
  const d = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(d.status, 201, d.text);
  const code = d.json.code;
  const owner = await loggedIn(env.base, 'congdan');
  const r = await owner.post(`/api/v1/dossiers/${code}/payments`, { method: 'online' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'pending');
  assert.equal(r.json.amount, 600000);
  assert.match(r.json.txn_ref, /^MC\d+T\d+$/);
  const url = new URL(r.json.payment_url);
  assert.equal(url.origin + url.pathname, `http://127.0.0.1:${port}/sandbox/pay/vpcpay.html`);
  assert.ok(verifyQuery(url.search.slice(1)), 'the address is signed with the merchant secret');
  assert.equal(url.searchParams.get('vnp_Amount'), String(600000 * 100));
  assert.equal(url.searchParams.get('vnp_TxnRef'), r.json.txn_ref);
  assert.match(url.searchParams.get('vnp_ReturnUrl'), /\/api\/v1\/payments\/vnpay\/return$/);

  // The sandbox opens the order for that amount.
  const page = await new Client(env.base).get(url.pathname + url.search);
  assert.equal(page.status, 200, page.text);
  assert.match(page.text, /600\.000 đồng/);

  // Pending, not paid: the demand stays open, no receipt; the return
  // address alone never pays it.
  const v = await owner.get(`/api/v1/dossiers/${code}/payments`);
  assert.deepEqual(v.json.payments.map((p) => [p.method, p.status, p.txn_ref, p.receipt]),
    [['online', 'pending', r.json.txn_ref, null]]);
  assert.equal(v.json.demands[0].status, 'open');
  assertError(await desk.post(`/api/v1/dossiers/${code}/payments`, { method: 'online' }), 403, 'FORBIDDEN', 'method');
});
