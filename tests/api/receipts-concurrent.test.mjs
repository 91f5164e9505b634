// Many receipts of one unit at once (issue 16): every one succeeds, the
// unit's day codes are gapless (DOMAIN section 4) and `motcua audit verify`
// agrees, and none of them failed and started again on the way. On
// PostgreSQL the day counter was updated under SERIALIZABLE, so concurrent
// receipts failed at each other's commit ("could not serialize access"),
// backed off and retried (193 retries for 200 receipts in one run); they now
// wait for the counter row instead (db_run_txn_counter). (One address
// may hold 64 connections by default: the test allows all 200.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, runStatus } from './helpers.mjs';

const TOKEN = 'receipts-metrics-token';
const N = 200;
const env = useServer({ args: ['--http.metrics_token', TOKEN, '--threads', '16', '--http.max_conn_per_ip', '1024'] });

const company = {
  kind: 'organisation', name: 'Công ty TNHH Điện tử Đồng Văn', tax_code: '0101234565',
  address: 'KCN Đồng Văn I, Duy Tiên, Hà Nam', phone: '0226385012',
};

async function retries(c) {
  const r = await c.get('/metrics', { authorization: `Bearer ${TOKEN}` });
  assert.equal(r.status, 200, r.text);
  const m = /^motcua_db_retries_total (\d+)$/m.exec(r.text);
  assert.ok(m, 'motcua_db_retries_total is there');
  return Number(m[1]);
}

test(`${N} receipts of one unit at once: all received, codes gapless, no retry`, async () => {
  const c = await loggedIn(env.base, 'tiepnhan');
  const first = await c.post('/api/v1/dossiers',
    { procedure_code: 'LD-01', applicant: company, components: [{ status: 'paper' }, { status: 'paper' }, { status: 'paper' }] });
  assert.equal(first.status, 201, first.text);
  const before = await retries(c);
  const replies = await Promise.all(Array.from({ length: N }, () => c.post('/api/v1/dossiers',
    { procedure_code: 'LD-01', applicant: company, components: [{ status: 'paper' }, { status: 'paper' }, { status: 'paper' }] })));
  for (const r of replies) assert.equal(r.status, 201, r.text);
  const after = await retries(c);
  assert.equal(after - before, 0, `transactions retried during the ${N} receipts`);
  // One unit, one day (the first receipt's): its sequence numbers follow
  // the first one's without a gap or a repeat.
  const prefix = first.json.code.replace(/-\d+$/, '');
  const seqs = replies.map((r) => r.json.code).filter((code) => code.startsWith(prefix + '-'))
    .map((code) => Number(code.slice(prefix.length + 1))).sort((a, b) => a - b);
  const start = Number(first.json.code.slice(prefix.length + 1));
  if (seqs.length === N) { // not across the unit's midnight
    assert.deepEqual(seqs, Array.from({ length: N }, (_, i) => start + 1 + i));
  }
  const v = runStatus(['audit', 'verify', '--db', env.server.db.url]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
});
