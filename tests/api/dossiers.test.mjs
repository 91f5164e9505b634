// The dossier lifecycle over HTTP: receipt at the desk (Forms 01, 02, 03),
// online submission and acceptance, the actions of the transition table with
// the roles that may take them, bad input that changes nothing, extension
// once, stop and withdrawal, the inbox, public tracking without personal
// data, and `motcua audit verify` before and after tampering with the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, assertError, Client, runStatus, seedProcedure, workingLater, dbSql, onlineComponents } from './helpers.mjs';
import { draftResult } from '../lib/pdf.mjs';

const env = useServer();
const LD02 = seedProcedure('LD-02');
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;
const CODE = /^000\.17\.22\.H56\.01-\d{6}-\d{4,}$/;

const company = {
  kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565',
  address: 'KCN Đồng Văn I, Duy Tiên, Hà Nam', phone: '0226 3850 123',
  owner: { kind: 'person', name: 'Nguyễn Văn Bình', id_number: '001090099999' },
};
/** Every LD-02 component provided, the conditional ones not applicable. */
const complete = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));

const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}

async function receive(extra = {}) {
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers',
    { procedure_code: 'LD-02', applicant: company, components: complete(), ...extra });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function act(user, code, action, body, status = 200) {
  const r = await (await as(user)).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body ?? {});
  if (status === 200) assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
  return r;
}

const localPlusDays = (t, days) => {
  const d = new Date(new Date(t).getTime() + days * 86400000 + 7 * 3600000);
  return d.toISOString().slice(0, 16) + '+07:00';
};

test('a complete dossier is received at the desk: code, appointment, Form 01, first step', async () => {
  const d = await receive({ coordinating_units: ['QLDT'], sets: 2 });
  assert.match(d.code, CODE);
  assert.equal(d.state, 'received');
  assert.equal(d.national_status, 2);
  assert.equal(d.state_label_en, 'Received');
  assert.equal(d.form, '01');
  assert.equal(d.channel, 'direct');
  assert.match(d.received_at, TIME);
  assert.match(d.due_at, TIME);
  assert.ok(new Date(d.due_at) > new Date(d.received_at));
  assert.equal(d.receiving_unit.code, 'VP');
  assert.equal(d.processing_unit.code, 'DNLD');
  assert.deepEqual(d.coordinating_units, ['QLDT']);
  assert.equal(d.sets, 2);
  assert.equal(d.applicant.tax_code, '0101234565');
  assert.equal(d.applicant.owner.name, 'Nguyễn Văn Bình');
  assert.equal(d.components.length, LD02.components.length);
  assert.equal(d.step.number, 1);
  assert.equal(d.step.role, 'receiver');
  assert.equal(d.step.assignee, 'tiepnhan');
  assert.match(d.step.due_at, TIME);
  assert.ok(new Date(d.step.due_at) <= new Date(d.due_at));
  assert.equal(d.history.length, 1);
  assert.equal(d.history[0].action, 'receive');
  assert.match(d.history[0].hash, /^[0-9a-f]{64}$/);
  assert.ok(d.actions.includes('transfer'));
});

test('codes of one desk and day follow each other without a gap', async () => {
  const a = await receive();
  const b = await receive();
  const seq = (c) => Number(c.split('-').pop());
  assert.equal(a.code.split('-').slice(0, 2).join('-'), b.code.split('-').slice(0, 2).join('-'));
  assert.equal(seq(b.code), seq(a.code) + 1);
});

test('bad receipts get a 4xx naming the field, and no dossier or code is used', async () => {
  const c = await as('tiepnhan');
  const before = await receive();
  const post = (body) => c.post('/api/v1/dossiers', body);
  const base = { procedure_code: 'LD-02', applicant: company, components: complete() };
  assertError(await post({ ...base, procedure_code: 'XX-99' }), 404, 'PROCEDURE_NOT_FOUND', 'procedure_code');
  assertError(await post({ ...base, version: 99 }), 404, 'VERSION_NOT_FOUND', 'version');
  assertError(await post({ ...base, components: complete().slice(1) }), 422, 'COMPONENTS_MISMATCH', 'components');
  const swapped = complete();
  swapped[0].doc_type = 'passport_copy';
  assertError(await post({ ...base, components: swapped }), 422, 'COMPONENTS_MISMATCH', 'components[0].doc_type');
  const missing = complete();
  missing[1].status = 'missing';
  assertError(await post({ ...base, components: missing }), 422, 'COMPONENTS_INCOMPLETE', 'components[1]');
  const bogus = complete();
  bogus[2].status = 'lost';
  assertError(await post({ ...base, components: bogus }), 400, 'FIELD_INVALID', 'components[2].status');
  assertError(await post({ ...base, applicant: { ...company, tax_code: '12AB' } }), 400, 'FIELD_INVALID', 'applicant.tax_code');
  assertError(await post({ ...base, applicant: { ...company, owner: { kind: 'person', name: 'X', id_number: '123' } } }),
    400, 'FIELD_INVALID', 'applicant.owner.id_number');
  assertError(await post({ ...base, applicant: { kind: 'person', name: 'Y' } }), 400, 'FIELD_MISSING', 'applicant.id_number');
  assertError(await post({ ...base, coordinating_units: ['NOPE'] }), 404, 'UNIT_NOT_FOUND', 'coordinating_units[0]');
  assertError(await post({ ...base, outcome: 'refuse' }), 400, 'FIELD_MISSING', 'note');
  assertError(await post({ ...base, outcome: 'approve' }), 400, 'FIELD_INVALID', 'outcome');
  assertError(await post({ ...base, channel: 'online' }), 400, 'FIELD_INVALID', 'channel');
  assertError(await post({ ...base, colour: 'red' }), 400, 'FIELD_UNKNOWN', 'colour');
  const { components, ...noComponents } = base;
  assertError(await post(noComponents), 400, 'FIELD_MISSING', 'components');
  // Roles: a specialist may not receive.
  assertError(await (await as('chuyenvien')).post('/api/v1/dossiers', base), 403, 'FORBIDDEN');
  const after = await receive();
  assert.equal(Number(after.code.split('-').pop()), Number(before.code.split('-').pop()) + 1,
    'a refused receipt used a number');
});

test('Form 02 at the desk lists what is missing; the supplement receives it then', async () => {
  const comps = complete();
  comps[3].status = 'missing';
  comps[6].status = 'missing';
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers',
    { procedure_code: 'LD-02', applicant: company, components: comps, outcome: 'request_supplement', note: 'Bổ sung theo phiếu' });
  assert.equal(r.status, 201, r.text);
  const d = r.json;
  assert.equal(d.state, 'awaiting_supplement');
  assert.equal(d.form, '02');
  assert.equal(d.received_at, null, 'the clock has not started');
  assert.equal(d.due_at, null);
  assert.deepEqual(d.history[0].data.missing, [4, 7]);
  // Nothing is missing: not a supplement request.
  assertError(await (await as('tiepnhan')).post('/api/v1/dossiers',
    { procedure_code: 'LD-02', applicant: company, components: complete(), outcome: 'request_supplement' }),
  400, 'FIELD_INVALID', 'outcome');
  // Still missing: cannot be received yet.
  assertError(await act('tiepnhan', d.code, 'supplement', {}, 422), 422, 'COMPONENTS_INCOMPLETE', 'components[3]');
  const s = await act('tiepnhan', d.code, 'supplement', { components: complete() });
  assert.equal(s.json.state, 'received');
  assert.equal(s.json.form, '01');
  assert.match(s.json.received_at, TIME);
  assert.match(s.json.due_at, TIME);
});

test('Form 03: refusal at the desk with reasons', async () => {
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers',
    { procedure_code: 'LD-02', applicant: company, components: complete(), outcome: 'refuse', note: 'Không thuộc thẩm quyền' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.state, 'refused');
  assert.equal(r.json.form, '03');
  assert.equal(r.json.history[0].note, 'Không thuộc thẩm quyền');
  assert.deepEqual(r.json.actions, []);
  assertError(await act('tiepnhan', r.json.code, 'transfer', {}, 409), 409, 'ACTION_NOT_ALLOWED', 'action');
});

test('the normal path: transfer, appraisal, review, approval, result, return, public tracking', async () => {
  const d = await receive();
  const code = d.code;
  // Roles and steps are checked before anything is written.
  assertError(await act('chuyenvien', code, 'transfer', {}, 403), 403, 'NOT_YOUR_STEP');
  assertError(await act('chuyenvien', code, 'stop', { note: 'x' }, 403), 403, 'ACTION_FORBIDDEN', 'action');
  assertError(await act('tiepnhan', code, 'return_result', {}, 409), 409, 'ACTION_NOT_ALLOWED', 'action');
  assertError(await act('tiepnhan', code, 'transfer', { to_user: 'truongphong' }, 422), 422, 'ASSIGNEE_INVALID', 'to_user');
  assertError(await act('tiepnhan', code, 'fly', {}, 404), 404, 'ACTION_UNKNOWN', 'action');
  let r = await act('tiepnhan', code, 'transfer', { to_user: 'chuyenvien' });
  assert.equal(r.json.state, 'in_process');
  assert.equal(r.json.step.number, 2);
  assert.equal(r.json.step.unit, 'DNLD');
  assert.equal(r.json.step.assignee, 'chuyenvien');
  const handover = r.json.history.at(-1);
  assert.equal(handover.action, 'transfer');
  assert.ok(['early', 'on_time', 'late'].includes(handover.timeliness));
  assert.equal(handover.data.to_user, 'chuyenvien');
  assertError(await act('chuyenvien', code, 'approve', {}, 403), 403, 'ACTION_FORBIDDEN', 'action');
  assertError(await act('chuyenvien', code, 'send_back', {}, 400), 400, 'FIELD_MISSING', 'note');
  r = await act('chuyenvien', code, 'transfer');
  assert.equal(r.json.step.role, 'head');
  r = await act('truongphong', code, 'send_back', { note: 'Thiếu ý kiến thẩm định' });
  assert.equal(r.json.step.number, 2);
  r = await act('chuyenvien', code, 'transfer');
  r = await act('truongphong', code, 'transfer');
  assert.equal(r.json.step.role, 'leader');
  assertError(await act('lanhdao', code, 'issue_result', {}, 409), 409, 'NO_RESULT_DRAFT');
  await draftResult(await as('chuyenvien'), code);
  assertError(await act('lanhdao', code, 'issue_result', {}, 409), 409, 'NOT_APPROVED');
  r = await act('lanhdao', code, 'approve');
  assert.equal(r.json.approved, true);
  r = await act('lanhdao', code, 'issue_result', { result_code: 'GPLĐ-2026-001' });
  assert.equal(r.json.state, 'result_ready');
  assert.equal(r.json.result_code, 'GPLĐ-2026-001');
  assert.equal(r.json.step.role, 'receiver');
  assert.ok(['early', 'on_time', 'late'].includes(r.json.timeliness));
  r = await act('tiepnhan', code, 'return_result');
  assert.equal(r.json.state, 'returned');
  assert.equal(r.json.national_status, 10);
  const actions = r.json.history.map((e) => e.action);
  // LD-02's fee makes a payment demand at receipt, an event of its own (issue 13).
  assert.deepEqual(actions, ['receive', 'payment_demanded', 'transfer', 'transfer', 'send_back', 'transfer', 'transfer', 'result_drafted', 'approve', 'issue_result', 'return_result']);
  for (let i = 1; i < r.json.history.length; i++) assert.equal(r.json.history[i].seq, i + 1);

  // Public tracking: no log-in, state and dates, units passed, no personal data.
  const t = await new Client(env.base).get(`/api/v1/track/${code}`);
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.state, 'returned');
  assert.equal(t.json.state_label, 'Đã trả kết quả');
  assert.equal(t.json.procedure.code, 'LD-02');
  assert.match(t.json.received_at, TIME);
  assert.match(t.json.due_at, TIME);
  assert.equal(t.json.owner, 'N***** V** B***');
  assert.ok(t.json.steps.length >= 4);
  for (const s of t.json.steps) assert.deepEqual(Object.keys(s).sort(), ['date', 'unit', 'unit_name', 'unit_name_en']);
  for (const secret of ['0101234565', 'Sao Mai', '001090099999', 'Nguyễn Văn Bình', '3850', 'Đồng Văn', 'chuyenvien', 'history'])
    assert.ok(!t.text.includes(secret), `tracking shows ${secret}`);
  assertError(await new Client(env.base).get('/api/v1/track/000.17.22.H56.01-210101-9999'), 404, 'DOSSIER_NOT_FOUND');
  assertError(await new Client(env.base).get('/api/v1/track/not-a-code'), 404, 'DOSSIER_NOT_FOUND');
});

test('a procedure limited in calendar days shows each step\'s share in days', async () => {
  const DT01 = seedProcedure('DT-01');
  const components = DT01.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
  const r = await (await as('tiepnhan')).post('/api/v1/dossiers', { procedure_code: 'DT-01', applicant: company, components });
  assert.equal(r.status, 201, r.text);
  const got = await (await as('tiepnhan')).get(`/api/v1/dossiers/${r.json.code}`);
  assert.equal(got.status, 200, got.text);
  assert.ok(got.json.process.length > 0);
  for (const step of got.json.process) {
    assert.equal(typeof step.days, 'number', JSON.stringify(step));
    assert.equal(step.hours, undefined);
  }
  const total = got.json.process.reduce((n, step) => n + step.days, 0);
  assert.ok(total <= DT01.time_limit.value, `${total} days of ${DT01.time_limit.value}`);
});

test('an officer reading a dossier is recorded; the public and other citizens are not let in', async () => {
  const d = await receive();
  const r = await (await as('chuyenvien')).get(`/api/v1/dossiers/${d.code}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.history.at(-1).action, 'viewed');
  assert.equal(r.json.history.at(-1).actor, 'chuyenvien');
  const again = await (await as('tiepnhan')).get(`/api/v1/dossiers/${d.code}`);
  // receive, payment_demanded (LD-02's fee, issue 13), viewed, viewed.
  assert.equal(again.json.history.length, 4);
  // The read shown in the reply is the event as stored, field for field.
  assert.deepEqual(again.json.history[2], r.json.history.at(-1));
  const third = await (await as('chuyenvien')).get(`/api/v1/dossiers/${d.code}`);
  assert.deepEqual(third.json.history.slice(0, 4), again.json.history);
  assertError(await new Client(env.base).get(`/api/v1/dossiers/${d.code}`), 401, 'UNAUTHENTICATED');
  assertError(await (await as('congdan')).get(`/api/v1/dossiers/${d.code}`), 404, 'DOSSIER_NOT_FOUND');
  assertError(await (await as('congdan')).post(`/api/v1/dossiers/${d.code}/actions/withdraw`, {}), 404, 'DOSSIER_NOT_FOUND');
});

test('online: submitted by a citizen, in the receivers\' pool, accepted, then withdrawn by the citizen', async () => {
  const citizen = await as('congdan');
  const comps = await onlineComponents(citizen, LD02);
  const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
  const paper = [...comps];
  paper[0] = 'paper';
  assertError(await citizen.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: paper }),
    400, 'FIELD_INVALID', 'components[0].status');
  const r = await citizen.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: comps });
  assert.equal(r.status, 201, r.text);
  const d = r.json;
  assert.equal(d.state, 'submitted');
  assert.equal(d.channel, 'online');
  assert.equal(d.received_at, null);
  assert.match(d.submitted_at, TIME);
  assert.match(d.step.due_at, TIME, 'acceptance is due within 8 working hours');
  const own = await citizen.get(`/api/v1/dossiers/${d.code}`);
  assert.equal(own.status, 200);
  assert.equal(own.json.history[0].action, 'submit');
  assert.ok(!own.json.history.some((e) => e.action === 'viewed'), 'a citizen reading their own dossier is not a `viewed` event');
  // The files came with it (issue 15): one event per page, nothing else.
  assert.deepEqual([...new Set(own.json.history.slice(1).map((e) => e.action))], ['component_uploaded']);
  const pool = await (await as('tiepnhan')).get('/api/v1/inbox?box=pool&state=submitted&per_page=100');
  assert.equal(pool.status, 200, pool.text);
  assert.ok(pool.json.items.some((i) => i.code === d.code));
  assertError(await act('congdan', d.code, 'accept', {}, 403), 403, 'ACTION_FORBIDDEN', 'action');
  const a = await act('tiepnhan', d.code, 'accept');
  assert.equal(a.json.state, 'received');
  assert.equal(a.json.form, '01');
  const w = await act('congdan', d.code, 'withdraw', { note: 'Không còn nhu cầu' });
  assert.equal(w.json.state, 'withdrawn');
  assert.equal(w.json.form, '05');
});

test('a procedure offered offline only cannot be submitted online', async () => {
  const list = await new Client(env.base).get('/api/v1/procedures?online_level=none&per_page=1');
  if (!list.json.items.length) return; // nothing offline in the seed
  const p = (await new Client(env.base).get(`/api/v1/procedures/${list.json.items[0].code}`)).json;
  const r = await (await as('congdan')).post('/api/v1/dossiers', {
    procedure_code: p.code,
    applicant: { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345' },
    components: p.components.map(() => 'uploaded'),
  });
  assertError(r, 409, 'PROCEDURE_NOT_ONLINE', 'procedure_code');
});

test('supplement during processing once; a second only knowingly, counted late', async () => {
  const d = await receive();
  await act('tiepnhan', d.code, 'transfer');
  let r = await act('chuyenvien', d.code, 'request_supplement', { note: 'Bổ sung bản dịch' });
  assert.equal(r.json.state, 'awaiting_supplement');
  assert.equal(r.json.paused, true);
  assert.equal(r.json.form, '02');
  const due = r.json.due_at;
  r = await act('tiepnhan', d.code, 'supplement');
  assert.equal(r.json.state, 'in_process');
  assert.equal(r.json.paused, false);
  assert.ok(new Date(r.json.due_at) >= new Date(due), 'the pause never brings the due time forward');
  assertError(await act('chuyenvien', d.code, 'request_supplement', { note: 'Lần hai' }, 409), 409, 'SUPPLEMENT_ALREADY_REQUESTED');
  r = await act('chuyenvien', d.code, 'request_supplement', { note: 'Lần hai', accept_late: true });
  assert.equal(r.json.counts_late, true);
});

test('extension (Form 04) once, approved by a leader; stop (Form 05) by the head', async () => {
  const d = await receive();
  await act('tiepnhan', d.code, 'transfer');
  const proposed = await workingLater(env.base, d.due_at);
  assertError(await act('chuyenvien', d.code, 'request_extension', { note: 'Chờ ý kiến' }, 400), 400, 'FIELD_MISSING', 'proposed_due_at');
  assertError(await act('chuyenvien', d.code, 'request_extension', { note: 'x', proposed_due_at: 'tomorrow' }, 400), 400, 'FIELD_INVALID', 'proposed_due_at');
  assertError(await act('chuyenvien', d.code, 'request_extension', { note: 'x', proposed_due_at: localPlusDays(d.due_at, -1) }, 400),
    400, 'FIELD_INVALID', 'proposed_due_at');
  assertError(await act('lanhdao', d.code, 'approve_extension', {}, 409), 409, 'NO_EXTENSION_PENDING');
  let r = await act('chuyenvien', d.code, 'request_extension', { note: 'Chờ ý kiến cơ quan phối hợp', proposed_due_at: proposed });
  assert.equal(r.json.form, '04');
  assert.equal(r.json.extension.state, 'pending');
  assert.equal(r.json.counts_late, true);
  assert.equal(r.json.extension.proposed_due_at, proposed.replace('+07:00', ':00+07:00'), 'replies carry seconds');
  // The reply's own form (with seconds) is accepted back.
  assertError(await act('chuyenvien', d.code, 'request_extension', { note: 'x', proposed_due_at: r.json.extension.proposed_due_at }, 409), 409, 'EXTENSION_ALREADY_REQUESTED');
  assertError(await act('chuyenvien', d.code, 'request_extension', { note: 'x', proposed_due_at: proposed.replace('+07:00', ':60+07:00') }, 400),
    400, 'FIELD_INVALID', 'proposed_due_at');
  assertError(await act('truongphong', d.code, 'approve_extension', {}, 403), 403, 'ACTION_FORBIDDEN');
  r = await act('lanhdao', d.code, 'approve_extension');
  assert.equal(r.json.extension.state, 'approved');
  assert.equal(r.json.due_at, proposed.replace('+07:00', ':00+07:00'));
  assert.equal(r.json.original_due_at, d.due_at);
  assertError(await act('truongphong', d.code, 'stop', {}, 400), 400, 'FIELD_MISSING', 'note');
  r = await act('truongphong', d.code, 'stop', { note: 'Quá hạn bổ sung' });
  assert.equal(r.json.state, 'stopped');
  assert.equal(r.json.form, '05');
  assert.equal(r.json.timeliness, 'late');
});

test('the inbox: boxes, counts, filters, sorting by due time, pagination, the leader sees all', async () => {
  const mine = await receive();
  const r = await (await as('tiepnhan')).get('/api/v1/inbox?box=mine&per_page=100');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.some((i) => i.code === mine.code));
  for (const k of ['all', 'mine', 'pool', 'due_soon', 'overdue', 'waiting']) assert.equal(typeof r.json.counts[k], 'number');
  const dues = r.json.items.map((i) => i.due_at ?? i.step.due_at).filter(Boolean).map((t) => new Date(t).getTime());
  assert.deepEqual(dues, [...dues].sort((a, b) => a - b), 'sorted by due time');
  const page = await (await as('tiepnhan')).get('/api/v1/inbox?per_page=1&page=2');
  assert.equal(page.json.items.length, 1);
  assert.equal(page.json.page, 2);
  const f = await (await as('tiepnhan')).get('/api/v1/inbox?procedure=LD-02&state=received&per_page=100');
  for (const i of f.json.items) {
    assert.equal(i.procedure.code, 'LD-02');
    assert.equal(i.state, 'received');
  }
  const none = await (await as('tiepnhan')).get('/api/v1/inbox?procedure=QL-01');
  assert.equal(none.json.total, 0);
  // The specialist's pool holds what the desk sent to the unit without a name.
  await act('tiepnhan', mine.code, 'transfer');
  const sp = await (await as('chuyenvien')).get('/api/v1/inbox?box=pool&per_page=100');
  assert.ok(sp.json.items.some((i) => i.code === mine.code));
  const lead = await (await as('lanhdao')).get('/api/v1/inbox?per_page=100');
  assert.ok(lead.json.total >= sp.json.total);
  // Each box's count is the number of dossiers that box lists, for every role
  // (the items, not the page's total, which the server takes from the counts).
  for (const user of ['tiepnhan', 'chuyenvien', 'truongphong', 'lanhdao']) {
    const c = await as(user);
    const all = await c.get('/api/v1/inbox?per_page=1');
    for (const box of ['all', 'mine', 'pool', 'due_soon', 'overdue', 'waiting']) {
      const b = await c.get(`/api/v1/inbox?box=${box}&per_page=100`);
      assert.equal(b.status, 200, b.text);
      assert.ok(b.json.total < 100, `${user}: ${box} fits one page`);
      assert.equal(all.json.counts[box], b.json.items.length, `${user}: count of ${box}`);
      assert.equal(b.json.total, b.json.items.length, `${user}: total of ${box}`);
    }
  }
  assertError(await (await as('tiepnhan')).get('/api/v1/inbox?box=everything'), 400, 'BAD_QUERY', 'box');
  assertError(await (await as('tiepnhan')).get('/api/v1/inbox?state=flying'), 400, 'BAD_QUERY', 'state');
  assertError(await (await as('tiepnhan')).get('/api/v1/inbox?per_page=1000'), 400, 'BAD_QUERY', 'per_page');
  assertError(await (await as('congdan')).get('/api/v1/inbox'), 403, 'FORBIDDEN');
  assertError(await (await as('truongphong')).post(`/api/v1/dossiers/${mine.code}/actions/assign`, { to_user: 'nobody' }),
    422, 'ASSIGNEE_INVALID', 'to_user');
  const as1 = await act('truongphong', mine.code, 'assign', { to_user: 'chuyenvien' });
  assert.equal(as1.json.step.assignee, 'chuyenvien');
  assertError(await act('truongphong', mine.code, 'assign', { to_user: 'chuyenvien' }, 409), 409, 'ALREADY_ASSIGNED');
});

test('audit verify: the history verifies, then one edited event is named', async () => {
  const url = env.server.db.url;
  let r = runStatus(['audit', 'verify', '--db', url]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const m = r.stdout.match(/^(\d+) events checked in (\d+) dossiers/m);
  assert.ok(m, r.stdout);
  assert.ok(Number(m[1]) > 20);
  // Tamper behind the triggers' back, as someone with the database's keys could.
  const sql = url.startsWith('sqlite:')
    ? ['DROP TRIGGER dossier_events_no_update;', "UPDATE dossier_events SET note = 'sửa' WHERE id = 3;"]
    : ['ALTER TABLE dossier_events DISABLE TRIGGER dossier_events_no_change;', "UPDATE dossier_events SET note = 'sửa' WHERE id = 3;"];
  dbSql(url, sql.join(' '));
  r = runStatus(['audit', 'verify', '--db', url]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /broken: event 3 \(dossier [^)]+\): stored hash does not match/);
});
