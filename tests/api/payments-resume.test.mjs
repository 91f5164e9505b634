// One live gateway order a demand (issue 13): while the owner's online
// payment is pending and not expired (payment.expire_minutes), paying
// online again (a second tab, the payer back from the gateway's page)
// answers that same payment and address, 200, never a second order that
// could charge the fee twice; after it expired, a new order. A late
// payment of the expired order that still settles is a duplicate, and the
// worker refunds it through the gateway by itself. The fee receipt is in
// the payer's data store as a receipt, not a result of the procedure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { useServer, loggedIn, Client, seedProcedure, dbSql, until, sandboxChoose } from './helpers.mjs';
import { freePort, sandboxArgs } from '../lib/vnpay.mjs';

const port = await freePort();
const env = useServer({ args: sandboxArgs(port) });
const LD02 = seedProcedure('LD-02');
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const enc = encodeURIComponent;

async function received() {
  const desk = await loggedIn(env.base, 'tiepnhan');
  const components = LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
  const r = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}

/** The payer pays order pay on the sandbox's page, its IPN sent once. */
async function pay(pay) {
  const r = await sandboxChoose(env.base, pay, 'paid', 'once');
  assert.ok(r.status === 303 || r.status === 200, r.text);
}


/** Payment id created `minutes` earlier than it was (its order expires sooner). */
function backdate(id, minutes) {
  dbSql(env.server.db.url, `UPDATE payments SET created_at = created_at - ${minutes * 60000} WHERE id = ${Number(id)}`);
}

function workerRound() {
  const out = execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['worker', '--once', '--db', env.server.db.url,
    ...sandboxArgs(port)], { encoding: 'utf8', timeout: 60000 });
  const m = out.match(/payments settled (\d+), refunded (\d+), gateway errors (\d+)/);
  assert.ok(m, out);
  return { settled: Number(m[1]), refunded: Number(m[2]), errors: Number(m[3]) };
}

test('paying online again while the order is pending resumes it; after it expired, a new order', async () => {
  const code = await received();
  const owner = await loggedIn(env.base, 'congdan');
  const url = `/api/v1/dossiers/${enc(code)}/payments`;
  const first = await owner.post(url, { method: 'online' });
  assert.equal(first.status, 201, first.text);
  const again = await owner.post(url, { method: 'online' });
  assert.equal(again.status, 200, 'the same payment, resumed: ' + again.text);
  assert.deepEqual(again.json, first.json, 'its id, reference and gateway address');
  // Two tabs at once: still the one order.
  const both = await Promise.all([owner.post(url, { method: 'online' }), owner.post(url, { method: 'online' })]);
  for (const r of both) {
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.id, first.json.id);
  }
  let v = (await owner.get(url)).json;
  assert.equal(v.payments.length, 1, 'one gateway order for the demand');
  const expires = Date.parse(v.payments[0].expires_at);
  assert.ok(expires > Date.now() + 14 * 60000 && expires <= Date.now() + 15 * 60000 + 5000, v.payments[0].expires_at);

  // Its order expired (payment.expire_minutes = 15): paying again is a new one.
  backdate(first.json.id, 16);
  v = (await owner.get(url)).json;
  assert.ok(Date.parse(v.payments[0].expires_at) < Date.now(), 'the page sees it expired');
  const second = await owner.post(url, { method: 'online' });
  assert.equal(second.status, 201, second.text);
  assert.notEqual(second.json.id, first.json.id);
  assert.notEqual(second.json.txn_ref, first.json.txn_ref);
  const resumed = await owner.post(url, { method: 'online' });
  assert.equal(resumed.status, 200, resumed.text);
  assert.equal(resumed.json.id, second.json.id, 'the live one is resumed, not the expired one');
});

test('a late payment of an expired order that still settles is refunded by the worker', async () => {
  const code = await received();
  const owner = await loggedIn(env.base, 'congdan');
  const url = `/api/v1/dossiers/${enc(code)}/payments`;
  const first = (await owner.post(url, { method: 'online' })).json;
  backdate(first.id, 16);
  const second = (await owner.post(url, { method: 'online' })).json;
  assert.notEqual(second.id, first.id);
  await pay(second);
  await until('the second paid', async () => (await owner.get(url)).json.payments.find((p) => p.id === second.id).status === 'paid');
  await pay(first); // the payer had kept the first tab open
  await until('the first settled', async () => (await owner.get(url)).json.payments.find((p) => p.id === first.id).status === 'paid');
  const paid = (await owner.get(url)).json.payments;
  assert.equal(paid.filter((p) => p.receipt).length, 1, 'one receipt');

  assert.equal(workerRound().refunded, 1, 'the duplicate refunded through the gateway');
  const after = (await owner.get(url)).json.payments;
  assert.deepEqual(after.map((p) => [p.id, p.status, !!p.receipt]).sort((a, b) => a[0] - b[0]),
    [[first.id, 'refunded', false], [second.id, 'paid', true]]);
  assert.equal((await new Client(env.base).get(`/sandbox/pay/orders/${enc(first.txn_ref)}`)).json.status, 'refunded');
  const h = (await owner.get(`/api/v1/dossiers/${enc(code)}`)).json.history;
  assert.equal(h.filter((e) => e.action === 'payment_refunded').length, 1);
  assert.equal(workerRound().refunded, 0, 'once');
});

test('the fee receipt is in the payer\'s store as a receipt, not a result', async () => {
  const code = await received();
  const owner = await loggedIn(env.base, 'congdan');
  const url = `/api/v1/dossiers/${enc(code)}/payments`;
  const p = (await owner.post(url, { method: 'online' })).json;
  await pay(p);
  await until('paid', async () => (await owner.get(url)).json.payments[0].status === 'paid');
  const store = await until('the receipt in the store', async () => {
    const s = await owner.get('/api/v1/store');
    assert.equal(s.status, 200, s.text);
    return s.json.documents.find((d) => d.doc_type === 'fee_receipt' && d.dossier === code);
  });
  assert.equal(store.kind, 'receipt');
});
