// The action table over HTTP (GET /api/v1/workflow, issue 11 item 1): the
// states with their labels and national codes, and one row per action with
// every attribute, generated from core/workflow.c. The web pages read their
// state and action lists from it, so it must say what the server does: the
// transitions agree with `motcua routes` (the same table seen from the
// authorization matrix), and a few attributes are checked against what the
// dossier routes do with them (a refusal needs a note, to_user only where
// the row takes it, a creating action is not an action on a dossier).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client, useServer, loggedIn, assertError } from './helpers.mjs';

const BIN = process.env.MOTCUA_BIN || 'build/motcua';
const env = useServer();

test('the states and the action table, for anyone, as the server decides', async () => {
  const r = await new Client(env.base).get('/api/v1/workflow');
  assert.equal(r.status, 200, r.text);
  const { states, actions } = r.json;
  assert.deepEqual(states.map((s) => s.name), ['submitted', 'received', 'refused', 'in_process',
    'awaiting_supplement', 'awaiting_payment', 'withdrawn', 'stopped', 'result_ready', 'returned']);
  assert.deepEqual(states.map((s) => s.code), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(states.filter((s) => s.end).map((s) => s.name), ['refused', 'withdrawn', 'stopped', 'returned']);
  for (const s of states) assert.ok(s.label.vi && s.label.en, s.name);
  assert.equal(states.find((s) => s.name === 'in_process').label.vi, 'Đang xử lý');

  // Every transition of the table, and no other.
  const { transitions } = JSON.parse(execFileSync(BIN, ['routes'], { encoding: 'utf8' }));
  const mine = [];
  for (const a of actions) {
    for (const f of a.from) for (const s of f.states) mine.push({ action: a.name, from: s, roles: f.roles });
  }
  const key = (x) => `${x.action} ${x.from}`;
  assert.deepEqual(mine.map(key).sort(), transitions.map(key).sort());
  for (const t of transitions) assert.deepEqual(mine.find((m) => key(m) === key(t)).roles, t.roles, key(t));

  const row = (n) => actions.find((a) => a.name === n);
  assert.equal(actions.length, 19);
  assert.deepEqual(actions.filter((a) => !a.on_dossier).map((a) => a.name), ['submit', 'receive']);
  assert.deepEqual(actions.filter((a) => a.creating).map((a) => a.name), ['submit', 'receive', 'request_supplement', 'refuse']);
  assert.deepEqual(actions.filter((a) => a.note !== 'optional').map((a) => a.name),
    ['request_supplement', 'refuse', 'send_back', 'request_extension', 'stop']);
  assert.deepEqual(actions.filter((a) => a.to_user !== 'no').map((a) => [a.name, a.to_user]),
    [['transfer', 'optional'], ['assign', 'required'], ['reassign', 'required'], ['send_back', 'optional']]);
  assert.deepEqual(actions.filter((a) => a.step_role).map((a) => a.name), ['transfer', 'send_back', 'approve', 'issue_result']);
  assert.deepEqual(actions.filter((a) => a.place === 'desk').map((a) => a.name), ['supplement', 'record_payment', 'withdraw', 'return_result']);
  assert.deepEqual(actions.filter((a) => a.clock !== 'none').map((a) => [a.name, a.clock, a.pause]),
    [['receive', 'starts', null], ['accept', 'starts', null], ['request_supplement', 'pauses', 'supplement'],
      ['supplement', 'resumes', null], ['request_payment', 'pauses', 'payment'], ['record_payment', 'resumes', null]]);
  assert.deepEqual(actions.map((a) => a.form).filter((f) => f), [1, 1, 2, 3, 4, 5, 5]);
  assert.equal(row('supplement').to, 'computed');
  assert.equal(row('record_payment').to, 'resume');
  assert.equal(row('assign').to, 'same');
  assert.deepEqual(row('receive').event_keys, ['channel', 'due_at', 'missing', 'procedure', 'unit', 'version']);
  assert.deepEqual(row('request_extension').event_keys, ['counts_late', 'original_due_at', 'proposed_due_at']);
});

test('the dossier routes do what the rows say', async () => {
  const head = await loggedIn(env.base, 'truongphong');
  const X = '/api/v1/dossiers/000.00.00.H00-260101-0001/actions';
  // A creating action is no action on a dossier; a note-required one needs its note; to_user only where taken.
  assertError(await head.post(`${X}/receive`, {}), 404, 'ACTION_UNKNOWN', 'action');
  assertError(await head.post(`${X}/stop`, {}), 400, 'FIELD_MISSING', 'note');
  assertError(await head.post(`${X}/approve`, { to_user: 'chuyenvien' }), 400, 'FIELD_INVALID', 'to_user');
});
