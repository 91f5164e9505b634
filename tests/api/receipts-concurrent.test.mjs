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

async function metric(c, name) {
  const r = await c.get('/metrics', { authorization: `Bearer ${TOKEN}` });
  assert.equal(r.status, 200, r.text);
  const m = new RegExp(`^${name} ([0-9.]+)$`, 'm').exec(r.text);
  assert.ok(m, `${name} is there`);
  return Number(m[1]);
}
const retries = (c) => metric(c, 'motcua_db_retries_total');

// The group commit's profile (bench/pg.sh reads it): how many groups, the
// receipts in them, the time the writer ran them and committed them.
async function groups(c) {
  const names = ['commits', 'members', 'member_seconds', 'commit_seconds'];
  const v = {};
  for (const n of names) v[n] = await metric(c, `motcua_db_group_${n}_total`);
  return v;
}

test(`${N} receipts of one unit at once: all received, codes gapless, no retry`, async () => {
  const c = await loggedIn(env.base, 'tiepnhan');
  const first = await c.post('/api/v1/dossiers',
    { procedure_code: 'LD-01', applicant: company, components: [{ status: 'paper' }, { status: 'paper' }, { status: 'paper' }] });
  assert.equal(first.status, 201, first.text);
  const before = await retries(c);
  const g0 = await groups(c);
  const replies = await Promise.all(Array.from({ length: N }, () => c.post('/api/v1/dossiers',
    { procedure_code: 'LD-01', applicant: company, components: [{ status: 'paper' }, { status: 'paper' }, { status: 'paper' }] })));
  for (const r of replies) assert.equal(r.status, 201, r.text);
  const after = await retries(c);
  assert.equal(after - before, 0, `transactions retried during the ${N} receipts`);
  const g1 = await groups(c);
  const members = g1.members - g0.members;
  const commits = g1.commits - g0.commits;
  assert.ok(members >= N, `${members} group members for ${N} receipts`);
  assert.ok(commits >= 1 && commits <= members, `${commits} group commits for ${members} members`);
  assert.ok(g1.member_seconds > g0.member_seconds, 'the members\' time is counted');
  assert.ok(g1.commit_seconds > g0.commit_seconds, 'the commits\' time is counted');
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

// A receipt that fails inside its transaction, after taking its number (a
// fee parameter the procedure does not charge per is refused there): on
// PostgreSQL the receipts of the server share one transaction (group
// commit), each under a savepoint, so a failed one must roll back its number
// with it without taking the others' with it. The failed ones answer 400
// naming the field and leave nothing; the others' codes stay gapless.
test(`${N} receipts at once, every third failing inside its transaction: the others' codes gapless`, async () => {
  const c = await loggedIn(env.base, 'tiepnhan');
  const body = (bad) => ({
    procedure_code: 'LD-01', applicant: company,
    components: [{ status: 'paper' }, { status: 'paper' }, { status: 'paper' }],
    ...(bad ? { fee_params: { cats: 2 } } : {}),
  });
  const first = await c.post('/api/v1/dossiers', body(false));
  assert.equal(first.status, 201, first.text);
  const total = async () => (await c.get('/api/v1/inbox?per_page=1')).json.total;
  const before = await total();
  const replies = await Promise.all(Array.from({ length: N }, (_, i) => c.post('/api/v1/dossiers', body(i % 3 === 1))));
  let good = 0;
  for (const [i, r] of replies.entries()) {
    if (i % 3 === 1) {
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.error.code, 'FIELD_INVALID');
      assert.equal(r.json.error.field, 'fee_params.cats');
    } else {
      assert.equal(r.status, 201, r.text);
      good++;
    }
  }
  assert.equal(await total(), before + good, 'the refused receipts made nothing');
  const prefix = first.json.code.replace(/-\d+$/, '');
  const seqs = replies.filter((r) => r.status === 201).map((r) => r.json.code)
    .filter((code) => code.startsWith(prefix + '-'))
    .map((code) => Number(code.slice(prefix.length + 1))).sort((a, b) => a - b);
  const start = Number(first.json.code.slice(prefix.length + 1));
  if (seqs.length === good) { // not across the unit's midnight
    assert.deepEqual(seqs, Array.from({ length: good }, (_, i) => start + 1 + i));
  }
  const v = runStatus(['audit', 'verify', '--db', env.server.db.url]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
});
