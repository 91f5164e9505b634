// The authorization matrix (issue 10, DOMAIN.md section 15), generated from
// the server's own tables (`motcua routes`: the route table of
// src/api/routes.c and the transition table of src/core/workflow.c):
//
// - every route × every role × own unit / other unit / no unit, each cell
//   with its expected answer declared below (ROUTES); a route without a
//   declaration, or a declaration without a route, fails the suite;
// - every transition (action × from-state) × every role × own / other /
//   none, on a fresh dossier in that state (TRANSITIONS says which), against
//   a second statement of the rules written here (expectAction), so that
//   core/access.c and core/workflow.c are checked against something other
//   than themselves.
//
// Actors: the demo users are "own" (their unit is the one LD-02 gives their
// role: receiver and office VP, specialist and head DNLD, leader and
// administrator BQL; the citizen is the applicant); "other" users of each
// role work in QLDT (not in LD-02's process), "none" users have no unit; a
// citizen "other" is another account, "none" is nobody logged in.
// An answer is "ok" when it is not a refusal of authorization (a 2xx, or a
// 4xx about the input or the state, which comes after the check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, Client, DEMO_PASSWORD, seedProcedure, assertFetched, workingLater, onlineComponents } from './helpers.mjs';
import { makePdf, draftResult } from '../lib/pdf.mjs';

const BIN = process.env.MOTCUA_BIN || 'build/motcua';
const TABLES = JSON.parse(execFileSync(BIN, ['routes'], { encoding: 'utf8' }));
const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-authz-'));
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
const env = useServer({ args: ['--data-dir', dataDir] });

const LD02 = seedProcedure('LD-02');
const ROLES = ['admin', 'receiver', 'specialist', 'head', 'leader', 'office', 'citizen'];
const PLACES = ['own', 'other', 'none'];
const HOME = { admin: 'BQL', receiver: 'VP', specialist: 'DNLD', head: 'DNLD', leader: 'BQL', office: 'VP' };
const OWN = { admin: 'admin', receiver: 'tiepnhan', specialist: 'chuyenvien', head: 'truongphong', leader: 'lanhdao', office: 'vanphong', citizen: 'congdan' };
const PASSWORD = 'Ma-tran-quyen-2026';
const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345', email: 'congdan@example.vn' };
const company = { kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565', address: 'KCN Đồng Văn I' };
const paper = () => LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));

// Refusals of authorization; anything else means the check let the caller through.
const REFUSALS = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'CSRF_MISSING', 'NO_PERSONAL_DATA', 'NOT_HANDLING_DOSSIER',
  'NOT_HANDLING', 'NOT_RECEIVING_DESK', 'NOT_YOUR_STEP', 'ACTION_FORBIDDEN', 'DOWNLOAD_FORBIDDEN', 'SIGN_FORBIDDEN', 'DOSSIER_NOT_FOUND']);

const userOf = (role, place) => (place === 'own' ? OWN[role] : role === 'citizen' ? (place === 'other' ? 'congdan_khac' : null) : `${place}_${role}`);

const sessions = {};
async function client(role, place, fresh = false) {
  const user = userOf(role, place);
  if (!user) return new Client(env.base);
  if (!fresh && sessions[user]) return sessions[user];
  const c = new Client(env.base);
  const r = await c.login(user, place === 'own' ? DEMO_PASSWORD : PASSWORD);
  assert.equal(r.status, 200, `login ${user}: ${r.text}`);
  if (!fresh) sessions[user] = c;
  return c;
}

async function as(user) {
  const role = Object.keys(OWN).find((k) => OWN[k] === user);
  return client(role, 'own');
}

async function act(user, code, action, body = {}) {
  const r = await (await as(user)).post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, body);
  assert.equal(r.status, 200, `${user} ${action}: ${r.text}`);
  return r.json;
}

// ---- dossiers in every state the matrix needs (LD-02, submitted online by the citizen) ----

async function submitted() {
  const c = await as('congdan');
  const r = await c.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me, components: await onlineComponents(c, LD02) });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const SCENARIOS = {
  submitted: { step: 1, assignee: null, async make() { return (await submitted()).code; } },
  received: { step: 1, assignee: 'tiepnhan', async make() { const d = await submitted(); await act('tiepnhan', d.code, 'accept'); return d.code; } },
  ip2: { step: 2, assignee: null, async make() { const c = await SCENARIOS.received.make(); await act('tiepnhan', c, 'transfer'); return c; } },
  ip2a: { step: 2, assignee: 'chuyenvien', async make() { const c = await SCENARIOS.received.make(); await act('tiepnhan', c, 'transfer', { to_user: 'chuyenvien' }); return c; } },
  ip3: { step: 3, assignee: null, async make() { const c = await SCENARIOS.ip2.make(); await act('chuyenvien', c, 'transfer'); return c; } },
  ip3d: { step: 3, assignee: null, async make() { const c = await SCENARIOS.ip3.make(); await draftResult(await as('truongphong'), c); return c; } },
  ip4: { step: 4, assignee: null, async make() { const c = await SCENARIOS.ip3.make(); await act('truongphong', c, 'transfer'); await draftResult(await as('chuyenvien'), c); await act('lanhdao', c, 'approve'); return c; } },
  supp2: { step: 2, assignee: null, async make() { const c = await SCENARIOS.ip2.make(); await act('chuyenvien', c, 'request_supplement', { note: 'Bổ sung' }); return c; } },
  supp2a: { step: 2, assignee: 'chuyenvien', async make() { const c = await SCENARIOS.ip2a.make(); await act('chuyenvien', c, 'request_supplement', { note: 'Bổ sung' }); return c; } },
  pay2: { step: 2, assignee: null, async make() { const c = await SCENARIOS.ip2.make(); await act('chuyenvien', c, 'request_payment'); return c; } },
  pay2a: { step: 2, assignee: 'chuyenvien', async make() { const c = await SCENARIOS.ip2a.make(); await act('chuyenvien', c, 'request_payment'); return c; } },
  ext2: { step: 2, assignee: null, async make() { const c = await SCENARIOS.ip2.make(); await requestExtension(c); return c; } },
  ext2supp: { step: 2, assignee: null, async make() { const c = await SCENARIOS.ext2.make(); await act('chuyenvien', c, 'request_supplement', { note: 'Bổ sung' }); return c; } },
  ext2pay: { step: 2, assignee: null, async make() { const c = await SCENARIOS.ext2.make(); await act('chuyenvien', c, 'request_payment'); return c; } },
  ready: { step: 5, assignee: null, async make() { const c = await SCENARIOS.ip4.make(); await act('lanhdao', c, 'issue_result'); return c; } },
};
async function requestExtension(code) {
  const d = (await (await as('chuyenvien')).get(`/api/v1/dossiers/${encodeURIComponent(code)}`)).json;
  await act('chuyenvien', code, 'request_extension', { note: 'Chờ ý kiến', proposed_due_at: await workingLater(env.base, d.due_at) });
}

// ---- the transitions: which dossier each is tried on, and the rules ----

// action@from → the scenario, and `pre` when the state itself refuses the
// action to whoever may take it (the precondition's error). Creation (from
// "none") is the POST /api/v1/dossiers route of the route matrix.
const CREATION = new Set(['submit@none', 'receive@none', 'request_supplement@none', 'refuse@none']);
const TRANSITIONS = {
  'accept@submitted': { sc: 'submitted' },
  'request_supplement@submitted': { sc: 'submitted' },
  'request_supplement@received': { sc: 'received' },
  'request_supplement@in_process': { sc: 'ip2' },
  'supplement@awaiting_supplement': { sc: 'supp2' },
  'refuse@submitted': { sc: 'submitted' },
  'refuse@received': { sc: 'received' },
  'refuse@in_process': { sc: 'ip2' },
  'transfer@received': { sc: 'received' },
  'transfer@in_process': { sc: 'ip2' },
  'assign@received': { sc: 'received', pre: 'ALREADY_ASSIGNED' },
  'assign@in_process': { sc: 'ip2' },
  'assign@awaiting_supplement': { sc: 'supp2' },
  'assign@awaiting_payment': { sc: 'pay2' },
  'reassign@received': { sc: 'received' },
  'reassign@in_process': { sc: 'ip2a' },
  'reassign@awaiting_supplement': { sc: 'supp2a' },
  'reassign@awaiting_payment': { sc: 'pay2a' },
  'send_back@in_process': { sc: 'ip2' },
  'approve@in_process': { sc: 'ip3d' },
  'request_extension@received': { sc: 'received' },
  'request_extension@in_process': { sc: 'ip2' },
  'approve_extension@received': { sc: 'received', pre: 'NO_EXTENSION_PENDING' },
  'approve_extension@in_process': { sc: 'ext2' },
  'approve_extension@awaiting_supplement': { sc: 'ext2supp' },
  'approve_extension@awaiting_payment': { sc: 'ext2pay' },
  'request_payment@received': { sc: 'received' },
  'request_payment@in_process': { sc: 'ip2' },
  'record_payment@awaiting_payment': { sc: 'pay2' },
  'stop@received': { sc: 'received' },
  'stop@in_process': { sc: 'ip2' },
  'stop@awaiting_supplement': { sc: 'supp2' },
  'stop@awaiting_payment': { sc: 'pay2' },
  'withdraw@submitted': { sc: 'submitted' },
  'withdraw@received': { sc: 'received' },
  'withdraw@in_process': { sc: 'ip2' },
  'withdraw@awaiting_supplement': { sc: 'supp2' },
  'withdraw@awaiting_payment': { sc: 'pay2' },
  'issue_result@in_process': { sc: 'ip4' },
  'return_result@result_ready': { sc: 'ready' },
};

// LD-02's process: the unit and the role of each step.
const STEP_UNIT = [null, 'VP', 'DNLD', 'DNLD', 'BQL', 'VP'];
const STEP_ROLE = [null, 'receiver', 'specialist', 'head', 'leader', 'receiver'];
// The step's own actions (only its role; when assigned, its officer or a head).
const STEP_ROLE_BOUND = new Set(['transfer', 'send_back', 'approve', 'issue_result']);
const ASSIGNEE_BOUND = new Set([...STEP_ROLE_BOUND, 'assign', 'reassign']);
// What the applicant does at the receiving desk, wherever the dossier is.
const DESK = new Set(['supplement', 'withdraw', 'record_payment', 'return_result']);

/** Leaders and the office of a unit of the agency (any unit of the demo's one tree). */
const agencyWide = (role, place) => (role === 'leader' || role === 'office') && place !== 'none';

/** DOMAIN.md 15 as this test reads it: the expected answer of one cell. */
function expectAction(t, sc, roles, role, place) {
  if (role === 'citizen') {
    if (place === 'none') return 'UNAUTHENTICATED';
    if (place === 'other') return 'DOSSIER_NOT_FOUND';
    return roles.includes('citizen') ? 'ok' : 'ACTION_FORBIDDEN';
  }
  if (role === 'admin') return 'NO_PERSONAL_DATA';
  const unit = place === 'own' ? HOME[role] : place === 'other' ? 'QLDT' : null;
  const user = userOf(role, place);
  // Sees it: leaders and the office their whole agency (the unit tree of
  // their unit: none without a unit), others in a unit of its process.
  if (!(agencyWide(role, place) || (unit && STEP_UNIT.includes(unit)))) return 'NOT_HANDLING_DOSSIER';
  if (!roles.includes(role)) return 'ACTION_FORBIDDEN';
  if (STEP_ROLE_BOUND.has(t.action) && STEP_ROLE[sc.step] !== role) return 'NOT_YOUR_STEP';
  if (t.pre) return t.pre;
  // Acts: a leader anywhere; the assignee; the receiving desk for the
  // applicant's business; else the current step's unit.
  if (role === 'leader' || (sc.assignee && sc.assignee === user)) return 'ok';
  if (role === 'receiver' && DESK.has(t.action) && unit === 'VP') return 'ok';
  if (unit !== STEP_UNIT[sc.step]) return 'NOT_HANDLING_DOSSIER';
  if (ASSIGNEE_BOUND.has(t.action) && sc.assignee && role !== 'head') return 'NOT_YOUR_STEP';
  return 'ok';
}

function bodyOf(action) {
  switch (action) {
    case 'assign': case 'reassign': return { to_user: 'chuyenvien' };
    case 'refuse': case 'send_back': case 'request_supplement': case 'stop': return { note: 'Lý do' };
    case 'withdraw': return { note: 'Không còn nhu cầu' };
    default: return {};
  }
}

// ---- the routes ----

// Cells by rule: each returns the expected answer of (role, place).
const anyone = () => 'ok';
const only = (...allowed) => (role, place) => {
  if (role === 'citizen' && place === 'none') return 'UNAUTHENTICATED';
  return allowed.includes(role) ? 'ok' : 'FORBIDDEN';
};
const loggedIn = only(...ROLES);
/** A read of the personal data of the dossier at step 2 (DNLD), submitted by the citizen. */
const reads = (allowed = ROLES, refusal = 'NOT_HANDLING_DOSSIER', citizenOther = 'DOSSIER_NOT_FOUND') => (role, place) => {
  if (role === 'citizen' && place === 'none') return 'UNAUTHENTICATED';
  if (!allowed.includes(role)) return 'FORBIDDEN';
  if (role === 'admin') return 'NO_PERSONAL_DATA';
  if (role === 'citizen') return place === 'own' ? 'ok' : citizenOther;
  if (agencyWide(role, place) || place === 'own') return 'ok';
  return refusal;
};
const STAFF = ['admin', 'receiver', 'specialist', 'head', 'leader', 'office'];
const OFFICERS = ['receiver', 'specialist', 'head', 'leader', 'office'];
const REVIEWERS = ['specialist', 'head', 'leader', 'office'];
/** A proposal of DNLD's review form: its specialists and head; officers of
 * another unit or none are refused by svc_review.c, other roles by the route. */
const unitReviewers = (role, place) => {
  if (role === 'citizen' && place === 'none') return 'UNAUTHENTICATED';
  if (!['specialist', 'head'].includes(role)) return 'FORBIDDEN';
  return place === 'own' ? 'ok' : 'REVIEW_NOT_YOUR_UNIT';
};
const REVIEW = { ids: [] };
/** n proposals in DNLD's draft review form of LD-02 (plan 2031). */
async function reviewProposals(n) {
  const office = await as('vanphong');
  let r = await office.post('/api/v1/review/plans', { year: 2031 });
  assert.equal(r.status, 201, r.text);
  r = await office.post('/api/v1/review/plans/2031/items', { procedure: 'LD-02', due: '2031-06-30' });
  assert.equal(r.status, 201, r.text);
  const form = r.json.id;
  const unit = await as('chuyenvien');
  const ids = [];
  for (let i = 0; i < n; i++) {
    r = await unit.post(`/api/v1/review/items/${form}/proposals`, { kind: 'other', text: `Phương án ${i}` });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.proposals[r.json.proposals.length - 1].id);
  }
  return ids;
}
const book = (role, place) => {
  if (role === 'citizen') return place === 'none' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
  if (role === 'admin') return 'FORBIDDEN';
  return agencyWide(role, place) || place === 'own' ? 'ok' : 'FORBIDDEN';
};

// The statistics of a unit (issue 12): counts, no names, so administrators
// too; leaders and the office their agency; a head their own unit only.
const stats = (role, place) => {
  if (role === 'citizen') return place === 'none' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
  if (role === 'admin') return 'ok';
  if (role === 'head') return place === 'own' ? 'ok' : 'FORBIDDEN';
  return agencyWide(role, place) ? 'ok' : 'FORBIDDEN';
};

// Requests that pass every check but authorization, or fail on input after
// it (ids that do not exist, empty bodies): nothing a refused cell could
// change, and little an allowed one does.
const X = 999999;
const ROUTES = {
  'GET /healthz': { expect: anyone },
  'GET /metrics': { expect: anyone },
  'PUT /api/v1/testing/clock': { expect: anyone, body: {} },
  'POST /api/v1/auth/login': { expect: anyone, body: {} },
  'POST /api/v1/auth/logout': { expect: loggedIn, fresh: true },
  'GET /api/v1/auth/me': { expect: anyone },
  // One's own password (issue 15): anyone logged in; the body is checked after.
  'PUT /api/v1/auth/password': { expect: loggedIn, body: {} },
  'POST /api/v1/uploads': { expect: only('citizen'), pdf: true },
  'DELETE /api/v1/uploads/{id}': { expect: only('citizen') },
  'POST /api/v1/auth/register': { expect: anyone, body: {} },
  // Log-in through the identity provider (the provider is the credential).
  // Citizens and visitors only: staff accounts are not verified this way.
  'GET /api/v1/auth/oidc/start': { expect: (role) => (role === 'citizen' ? 'ok' : 'FORBIDDEN') },
  'GET /api/v1/auth/oidc/callback': { expect: anyone },
  // Whether the log-in page offers the provider: public.
  'GET /api/v1/auth/oidc': { expect: anyone },
  // A citizen's account, looked up and verified at any desk (identity binding).
  'GET /api/v1/accounts/{username}': { expect: only('receiver'), params: { username: 'nobody-here' } },
  'POST /api/v1/accounts/{username}/verification': { expect: only('receiver'), params: { username: 'nobody-here' }, body: {} },
  'GET /api/v1/procedures': { expect: anyone },
  'POST /api/v1/procedures': { expect: only('admin'), body: {} },
  'GET /api/v1/procedures/{code}': { expect: anyone, params: { code: 'LD-02' } },
  'GET /api/v1/procedures/{code}/components/{n}/template.pdf': { expect: anyone, params: { code: 'LD-02', n: 1 } },
  'GET /api/v1/procedures/{code}/versions': { expect: anyone, params: { code: 'LD-02' } },
  'PUT /api/v1/procedures/{code}/draft': { expect: only('admin'), params: { code: 'NOPE-1' }, body: {} },
  'POST /api/v1/procedures/{code}/publish': { expect: only('admin'), params: { code: 'NOPE-1' }, body: {} },
  'GET /api/v1/procedure-drafts': { expect: only('admin') },
  'GET /api/v1/fields': { expect: anyone },
  'GET /api/v1/units': { expect: anyone },
  'POST /api/v1/units': { expect: only('admin'), body: {} },
  'PUT /api/v1/units/{code}': { expect: only('admin'), params: { code: 'NOPE' }, body: {} },
  'GET /api/v1/units/{code}/officers': { expect: only(...STAFF), params: { code: 'DNLD' } },
  // Staff accounts (issue 15): administrators, any unit (the rule of their
  // units is tests/api/users-admin.test.mjs's; an unknown name is a 404 after it).
  'GET /api/v1/users': { expect: only('admin') },
  'POST /api/v1/users': { expect: only('admin'), body: {} },
  'GET /api/v1/users/{username}': { expect: only('admin'), params: { username: 'nobody-here' } },
  'PUT /api/v1/users/{username}': { expect: only('admin'), params: { username: 'nobody-here' }, body: {} },
  'POST /api/v1/users/{username}/password': { expect: only('admin'), params: { username: 'nobody-here' }, body: {} },
  'GET /api/v1/calendar/due': { expect: anyone },
  'GET /api/v1/calendar/{year}': { expect: anyone, params: { year: '2026' } },
  'GET /api/v1/calendar/{year}/changes': { expect: only('admin'), params: { year: '2026' } },
  'POST /api/v1/calendar/{year}/entries': { expect: only('admin'), params: { year: '2026' }, body: {} },
  'PUT /api/v1/calendar/{year}/entries/{date}': { expect: only('admin'), params: { year: '2026', date: '2026-07-15' }, body: {} },
  'DELETE /api/v1/calendar/{year}/entries/{date}': { expect: only('admin'), params: { year: '2026', date: '2026-07-15' } },
  'POST /api/v1/calendar/{year}/recompute': { expect: only('admin'), params: { year: '2026' }, body: { dry_run: true } },
  // Receipt: the transitions from "none" (receive, request_supplement, refuse, submit).
  // At the desk only by a receiver of the procedure's receiving unit (LD-02: VP) or of a
  // unit above it (core/access.h access_receive()); a citizen submits as themselves (the
  // body names the demo citizen).
  'POST /api/v1/dossiers': { expect: (role, place) => (role === 'citizen' && place !== 'own' ? { other: 'APPLICANT_NOT_SELF', none: 'UNAUTHENTICATED' }[place]
    : role === 'receiver' && place !== 'own' ? 'NOT_RECEIVING_DESK'
      : ['receiver', 'citizen'].includes(role) ? 'ok' : 'FORBIDDEN'),
    body: async (role, c) => (role === 'citizen' ? { procedure_code: 'LD-02', applicant: me, components: c.cookie ? await onlineComponents(c, LD02) : LD02.components.map(() => 'uploaded') } : { procedure_code: 'LD-02', applicant: company, components: paper() }) },
  'GET /api/v1/dossiers/{code}': { expect: reads() },
  'POST /api/v1/dossiers/{code}/actions/{action}': { transitions: true },
  'GET /api/v1/inbox': { expect: only(...OFFICERS) },
  'GET /api/v1/track/{code}': { expect: anyone },
  'GET /api/v1/workflow': { expect: anyone },
  'GET /api/v1/dossiers/{code}/forms/{form}': { expect: reads(OFFICERS.concat('citizen')), params: { form: '01' } },
  'GET /api/v1/units/{unit}/tracking-book.pdf': { expect: book, query: '?from=2026-01-01&to=2026-01-02', unitOfRole: true },
  'GET /api/v1/me/dossiers': { expect: only('citizen') },
  'GET /api/v1/stats/report': { expect: stats, query: (role) => `?unit=${HOME[role] || 'VP'}&from=2026-01-01&to=2026-01-02` },
  // The desk queue: tickets and counters are the desk's; a counter is its
  // officer's (tests/api/queue.test.mjs), so no unit rule here.
  'GET /api/v1/queue/units/{unit}/kiosk': { expect: anyone, params: { unit: 'VP' } },
  'POST /api/v1/queue/units/{unit}/tickets': { expect: anyone, params: { unit: 'NOPE' }, body: {} },
  'GET /api/v1/queue/tickets/follow/{token}': { expect: anyone, params: { token: 'x' } },
  'GET /api/v1/queue/tickets/follow/{token}/qr': { expect: anyone, params: { token: 'x' } },
  'GET /api/v1/queue/units/{unit}/display': { expect: anyone, params: { unit: 'VP' } },
  'GET /api/v1/queue/units/{unit}/events': { expect: anyone, params: { unit: 'NOPE' } },
  'GET /api/v1/queue/voice/{number}/{counter}': { expect: anyone, params: { number: 'A001', counter: '1' } },
  'GET /api/v1/queue/counters/{id}': { expect: only('receiver', 'admin'), params: { id: X } },
  'POST /api/v1/queue/counters/{id}/open': { expect: only('receiver'), params: { id: X }, body: {} },
  'POST /api/v1/queue/counters/{id}/close': { expect: only('receiver'), params: { id: X }, body: {} },
  'POST /api/v1/queue/counters/{id}/call': { expect: only('receiver'), params: { id: X }, body: {} },
  'POST /api/v1/queue/tickets/{id}/recall': { expect: only('receiver'), params: { id: X }, body: {} },
  'POST /api/v1/queue/tickets/{id}/skip': { expect: only('receiver'), params: { id: X }, body: {} },
  'POST /api/v1/queue/tickets/{id}/start': { expect: only('receiver'), params: { id: X }, body: {} },
  'POST /api/v1/queue/tickets/{id}/finish': { expect: only('receiver'), params: { id: X }, body: {} },
  'POST /api/v1/queue/tickets/{id}/transfer': { expect: only('receiver'), params: { id: X }, body: {} },
  'POST /api/v1/queue/tickets/{id}/priority': { expect: only('receiver'), params: { id: X }, body: {} },
  'GET /api/v1/queue/my-counters': { expect: only('receiver') },
  'GET /api/v1/queue/units/{unit}/setup': { expect: only('admin', 'receiver'), params: { unit: 'NOPE' } },
  'PUT /api/v1/queue/units/{unit}/desk': { expect: only('admin'), params: { unit: 'NOPE' }, body: {} },
  'POST /api/v1/queue/units/{unit}/services': { expect: only('admin'), params: { unit: 'NOPE' }, body: {} },
  'PUT /api/v1/queue/services/{id}': { expect: only('admin'), params: { id: X }, body: {} },
  'POST /api/v1/queue/units/{unit}/counters': { expect: only('admin'), params: { unit: 'NOPE' }, body: {} },
  'PUT /api/v1/queue/counters/{id}': { expect: only('admin'), params: { id: X }, body: {} },
  'GET /api/v1/queue/units/{unit}/report': { expect: only('receiver', 'head', 'leader', 'office', 'admin'), params: { unit: 'NOPE' } },
  // Monitoring (issue 12): a head sees their own unit (DNLD) only.
  'GET /api/v1/stats/indicators': { expect: stats, query: '?unit=DNLD&from=2026-01-01&to=2026-01-31' },
  'GET /api/v1/stats/indicators/{key}/items': { expect: stats, params: { key: '766.2.1' }, query: '?unit=DNLD&from=2026-01-01&to=2026-01-31' },
  'GET /api/v1/stats/indicators/{key}/trend': { expect: stats, params: { key: '766.2.1' }, query: '?unit=DNLD&from=2026-01-01&to=2026-01-31' },
  'GET /api/v1/stats/evaluation': { expect: stats, query: '?unit=DNLD&from=2026-01-01&to=2026-01-31' },
  // Closed periods: a leader or the office of the agency closes (without a
  // key here: 503 after the checks), those who see the unit's figures list.
  'POST /api/v1/stats/closures': { expect: (role, place) => (['leader', 'office'].includes(role) ? stats(role, place) : only()(role, place)),
    body: { unit: 'DNLD', period: '2025-12' } },
  'GET /api/v1/stats/closures': { expect: stats, query: '?unit=DNLD' },
  // One closure checked (no such closure here: the role is judged first,
  // the closure's unit after it is found, in tests/api/stats-close.test.mjs).
  'GET /api/v1/stats/closures/{seq}': { expect: only('head', 'leader', 'office', 'admin'), params: { seq: X } },
  'GET /api/v1/stats/ranking': { expect: stats, query: '?unit=DNLD&from=2026-01-01&to=2026-01-31' },
  // Four aggregates of a unit this month: the public service-quality page.
  'GET /api/v1/public/quality': { expect: anyone, query: '?unit=DNLD' },
  // An officer's own scorecard: the scope is the caller.
  'GET /api/v1/stats/me': { expect: only(...STAFF), query: '?from=2026-01-01&to=2026-01-31' },
  'GET /api/v1/stats/me/{key}/items': { expect: only(...STAFF), params: { key: '766.2.1' }, query: '?from=2026-01-01&to=2026-01-31' },
  'GET /api/v1/stats/evaluation/items': { expect: stats, query: '?unit=DNLD&from=2026-01-01&to=2026-01-31' },
  'POST /api/v1/ratings/links': { expect: only(...STAFF), body: {} },
  'POST /api/v1/dossiers/{code}/rating-link': { expect: reads(['citizen']) },
  'GET /api/v1/dossiers/{code}/result/draft': { expect: reads(STAFF) },
  // The signed link is the credential (none given here): the same for everyone.
  'GET /api/v1/ratings/{kind}/{id}': { expect: () => 'RATING_LINK_INVALID', params: { kind: 'visit', id: X } },
  'POST /api/v1/ratings/{kind}/{id}': { expect: anyone, params: { kind: 'visit', id: X }, body: {} },
  // Documents of the dossier: reading (the checklist), working on its papers.
  'GET /api/v1/dossiers/{code}/components': { expect: reads() },
  'POST /api/v1/dossiers/{code}/components/{n}/files': { expect: reads(), params: { n: 1 }, pdf: true },
  'POST /api/v1/dossiers/{code}/components/{n}/reuse': { expect: reads(), params: { n: 1 }, body: { document_id: X } },
  'POST /api/v1/dossiers/{code}/components/{n}/exempt': { expect: reads(STAFF), params: { n: 6 }, body: { exemption: 'shown_only', reason: 'Đối chiếu' } },
  'GET /api/v1/dossiers/{code}/store': { expect: reads(STAFF) },
  'POST /api/v1/dossiers/{code}/result': { expect: reads(['specialist', 'head', 'leader']), pdf: true, query: '?doc_type=foreign_worker_demand_approval&title=KQ' },
  'POST /api/v1/dossiers/{code}/issue': { expect: reads(['head', 'leader']), body: {} },
  'GET /api/v1/documents/{id}/files/{n}': { expect: reads(ROLES, 'DOWNLOAD_FORBIDDEN', 'DOWNLOAD_FORBIDDEN'), params: { n: 1 } },
  // The other citizen's account is not verified: no store (identity binding).
  'GET /api/v1/store': { expect: (role, place) => (role === 'citizen' && place === 'other' ? 'IDENTITY_NOT_VERIFIED' : only('citizen')(role, place)) },
  'GET /api/v1/verify/{code}': { expect: anyone, params: { code: 'ABCDEFGHJKLM' } },
  'POST /api/v1/verify/{code}': { expect: anyone, params: { code: 'ABCDEFGHJKLM' }, body: {} },
  // The sandbox payment gateway (issue 13): public, as a gateway is.
  'GET /api/v1/payments/vnpay/ipn': { expect: anyone },
  'GET /api/v1/payments/vnpay/return': { expect: anyone },
  'GET /sandbox/pay/vpcpay.html': { expect: anyone },
  'POST /sandbox/pay/pay': { expect: anyone, body: {} },
  'GET /sandbox/pay/orders/{txn_ref}': { expect: anyone, params: { txn_ref: 'NONE' } },
  'POST /sandbox/pay/api/transaction': { expect: anyone, body: {} },
  // The procedure review (issue 14): the reviewing unit's specialists and
  // heads fill their forms, the office plans and compiles, a leader decides;
  // which unit's form is svc_review.c's (tests/api/review.test.mjs).
  'GET /api/v1/review/incomes': { expect: only(...REVIEWERS) },
  'PUT /api/v1/review/incomes/{year}': { expect: only('office'), params: { year: '2030' }, body: {} },
  'GET /api/v1/review/plans': { expect: only(...REVIEWERS) },
  'POST /api/v1/review/plans': { expect: only('office'), body: {} },
  'GET /api/v1/review/plans/{year}': { expect: only(...REVIEWERS), params: { year: '1999' } },
  'POST /api/v1/review/plans/{year}/items': { expect: only('office'), params: { year: '1999' }, body: {} },
  'POST /api/v1/review/plans/{year}/compile': { expect: only('office'), params: { year: '1999' }, body: {} },
  'GET /api/v1/review/plans/{year}/report': { expect: only('office', 'leader'), params: { year: '1999' }, query: '?format=xlsx' },
  'GET /api/v1/review/items/{id}': { expect: only(...REVIEWERS), params: { id: X } },
  'PUT /api/v1/review/items/{id}': { expect: only('specialist', 'head'), params: { id: X }, body: {} },
  'POST /api/v1/review/items/{id}/submit': { expect: only('specialist', 'head'), params: { id: X }, body: {} },
  'POST /api/v1/review/items/{id}/return': { expect: only('office'), params: { id: X }, body: {} },
  'PUT /api/v1/review/items/{id}/plan': { expect: only('office'), params: { id: X }, body: {} },
  'DELETE /api/v1/review/items/{id}': { expect: only('office'), params: { id: X } },
  'GET /api/v1/procedures/{code}/enactable': { expect: only('admin'), params: { code: 'NOPE-1' } },
  'POST /api/v1/review/items/{id}/proposals': { expect: only('specialist', 'head'), params: { id: X }, body: {} },
  'POST /api/v1/review/proposals/{id}/decision': { expect: only('leader'), params: { id: X }, body: {} },
  // A proposal is changed or deleted by its form's unit only (DNLD's
  // specialists and head): each cell gets a proposal of its own in a draft
  // form of DNLD (reviewProposals()), so an allowed cell really changes one.
  'PUT /api/v1/review/proposals/{id}': { expect: unitReviewers, params: { get id() { return REVIEW.ids.pop() || X; } }, body: { kind: 'other', text: 'Sửa' } },
  'DELETE /api/v1/review/proposals/{id}': { expect: unitReviewers, params: { get id() { return REVIEW.ids.pop() || X; } } },
  // Feedback (issue 14): anyone sends, follows with the key and reads the
  // public page; the Office, leaders and a unit's officers work the inbox.
  'POST /api/v1/feedback': { expect: anyone, body: {} },
  'GET /api/v1/feedback': { expect: only('receiver', 'specialist', 'head', 'leader', 'office') },
  'GET /api/v1/feedback/answers': { expect: anyone },
  'GET /api/v1/feedback/{code}': { expect: only('receiver', 'specialist', 'head', 'leader', 'office') },
  'POST /api/v1/feedback/{code}/actions/{action}': { expect: only('specialist', 'head', 'leader', 'office'), params: { action: 'refuse' }, body: {} },
  'GET /api/v1/feedback/{code}/track': { expect: anyone },
  'POST /api/v1/feedback/{code}/sender/{action}': { expect: anyone, params: { action: 'rate' }, body: {} },
  'GET /api/v1/me/feedback': { expect: only('citizen') },
  'GET /api/v1/me/feedback/{code}': { expect: only('citizen') },
  'POST /api/v1/me/feedback/{code}/{action}': { expect: only('citizen'), params: { action: 'rate' }, body: {} },
  // Payments (issue 13): the demands and payments are read like the dossier;
  // the owner pays online and a receiver at the desk (the method is checked
  // after the role); a receipt by its payment; the office's list of a day.
  'GET /api/v1/dossiers/{code}/payments': { expect: reads() },
  'POST /api/v1/dossiers/{code}/payments': { expect: only('receiver', 'citizen'), body: {} },
  'GET /api/v1/payments/{id}/receipt.pdf': { expect: loggedIn, params: { id: X } },
  'GET /api/v1/payments': { expect: only('office', 'leader', 'admin', 'receiver'), query: '?date=2026-01-01' },
  // The reconciliation with the gateway, and settling from its answer: the office's.
  'GET /api/v1/payments/reconciliation': { expect: only('office', 'admin'), query: '?date=2026-01-01' },
  'POST /api/v1/payments/{id}/settle': { expect: only('office', 'admin'), params: { id: X }, body: {} },
  'POST /api/v1/payments/{id}/refund': { expect: only('office', 'admin'), params: { id: X }, body: {} },
};

/** What a reply says, as the matrix writes it: "ok" unless authorization
 * refused it, or the error code when the cell expects that code. */
function verdict(r, want) {
  const code = r.json && r.json.error && r.json.error.code;
  if (want !== 'ok' && code === want) return code;
  if (r.status === 401) return code || 'UNAUTHENTICATED';
  if (code && REFUSALS.has(code)) return code;
  if (r.status === 403) return code || 'FORBIDDEN';
  return r.status >= 500 && r.status !== 503 ? `HTTP ${r.status}` : 'ok';
}

// The actors of the other unit and of none, and the second citizen.
let setupDone = null;
function setup() {
  if (setupDone) return setupDone;
  setupDone = (async () => {
    for (const role of STAFF)
      for (const place of ['other', 'none'])
        execFileSync(BIN, ['user', 'add', userOf(role, place), '--full-name', `${place} ${role}`, '--role', role,
          ...(place === 'other' ? ['--unit', 'QLDT'] : []), '--password', PASSWORD, '--db', env.server.db.url], { stdio: 'pipe' });
    const reg = await new Client(env.base).post('/api/v1/auth/register', {
      kind: 'person', id_number: '001199000778', full_name: 'Trần Thị Khác', email: 'khac@example.vn',
      username: 'congdan_khac', password: PASSWORD,
    });
    assert.equal(reg.status, 202, reg.text);
  })();
  return setupDone;
}

test('every route and every transition of the server has a declared expectation, and none is stale', () => {
  const routes = TABLES.routes.map((r) => `${r.method} ${r.pattern}`);
  assert.ok(routes.length > 50, 'motcua routes lists the route table');
  const undeclared = routes.filter((k) => !(k in ROUTES));
  assert.deepEqual(undeclared, [], 'routes without an expectation in ROUTES');
  const stale = Object.keys(ROUTES).filter((k) => !routes.includes(k));
  assert.deepEqual(stale, [], 'expectations of routes that no longer exist');
  const transitions = TABLES.transitions.map((t) => `${t.action}@${t.from}`);
  const missing = transitions.filter((k) => !(k in TRANSITIONS) && !CREATION.has(k));
  assert.deepEqual(missing, [], 'transitions without a scenario in TRANSITIONS');
  const gone = Object.keys(TRANSITIONS).concat([...CREATION]).filter((k) => !transitions.includes(k));
  assert.deepEqual(gone, [], 'scenarios of transitions that no longer exist');
});

test('every route × role × own unit / other unit / no unit answers as declared', async () => {
  await setup();
  // The dossier read: submitted online with a file, accepted, at DNLD's step.
  const d = await submitted();
  const up = await (await as('congdan')).post(`/api/v1/dossiers/${encodeURIComponent(d.code)}/components/1/files`, makePdf('Don'),
    { 'content-type': 'application/pdf' });
  assert.equal(up.status, 201, up.text);
  await act('tiepnhan', d.code, 'accept');
  await act('tiepnhan', d.code, 'transfer');
  const defaults = { code: d.code, id: up.json.id };
  REVIEW.ids = await reviewProposals(2 * ROLES.length * PLACES.length);
  const bad = [];
  let cells = 0;
  for (const r of TABLES.routes) {
    const key = `${r.method} ${r.pattern}`;
    const spec = ROUTES[key];
    if (!spec || spec.transitions) continue; // undeclared: the first test says so; actions: the next
    for (const role of ROLES)
      for (const place of PLACES) {
        const params = { ...defaults, ...(spec.params || {}) };
        if (spec.unitOfRole) params.unit = HOME[role] || 'VP';
        let url = r.pattern.replace(/\{(\w+)\}/g, (_, p) => encodeURIComponent(String(params[p])));
        url += (typeof spec.query === 'function' ? spec.query(role) : spec.query) || '';
        const c = await client(role, place, spec.fresh);
        let res;
        if (key === 'GET /api/v1/queue/units/{unit}/events') {
          res = await headersOnly(c, url);
        } else if (spec.pdf) {
          res = await c.request(r.method, url, makePdf('Tep'), { 'content-type': 'application/pdf' });
        } else {
          const body = typeof spec.body === 'function' ? await spec.body(role, c) : spec.body;
          res = await c.request(r.method, url, body);
        }
        const want = spec.expect(role, place);
        const got = verdict(res, want);
        cells++;
        if (got !== want) bad.push(`${key} as ${role}/${place}: expected ${want}, got ${got} (${res.status} ${res.text.slice(0, 160)})`);
      }
  }
  assert.deepEqual(bad, [], `${bad.length} of ${cells} cells differ`);
  assert.equal(cells, (TABLES.routes.length - 1) * ROLES.length * PLACES.length);
});

/** An event stream: the status and error of its first bytes, then closed. */
async function headersOnly(c, url) {
  const ctl = new AbortController();
  const res = await fetch(env.base + url, { headers: c.cookie ? { cookie: c.cookie } : {}, signal: ctl.signal });
  await assertFetched('GET', url, res);
  let text = '';
  if (res.status !== 200) text = await res.text();
  ctl.abort();
  let json = null;
  try { json = JSON.parse(text); } catch { /* a stream */ }
  return { status: res.status, text, json };
}

test('every transition × role × own unit / other unit / no unit answers as the rules say', async () => {
  await setup();
  const pool = {}; // scenario → a dossier in that state nobody has changed yet
  const bad = [];
  let cells = 0;
  let made = 0;
  for (const t of TABLES.transitions) {
    const key = `${t.action}@${t.from}`;
    if (CREATION.has(key)) continue;
    const spec = { ...TRANSITIONS[key], action: t.action };
    const sc = SCENARIOS[spec.sc];
    for (const role of ROLES)
      for (const place of PLACES) {
        if (!pool[spec.sc]) {
          pool[spec.sc] = await sc.make();
          made++;
        }
        const code = pool[spec.sc];
        const c = await client(role, place);
        let body = bodyOf(t.action);
        if (t.action === 'request_extension') {
          const d = (await (await as('lanhdao')).get(`/api/v1/dossiers/${encodeURIComponent(code)}`)).json;
          body = { note: 'Chờ ý kiến', proposed_due_at: await workingLater(env.base, d.due_at) };
        }
        const want = expectAction(spec, sc, t.roles, role, place);
        // Who may read it is offered the action exactly when taking it would pass.
        if (!['NOT_HANDLING_DOSSIER', 'NO_PERSONAL_DATA', 'DOSSIER_NOT_FOUND', 'UNAUTHENTICATED'].includes(want)) {
          const view = await c.get(`/api/v1/dossiers/${encodeURIComponent(code)}`);
          assert.equal(view.status, 200, `${role}/${place} reads ${key}: ${view.text.slice(0, 200)}`);
          if (view.json.actions.includes(t.action) !== (want === 'ok'))
            bad.push(`${key} as ${role}/${place}: offered ${view.json.actions.includes(t.action)}, expected ${want}`);
        }
        const res = await c.post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${t.action}`, body);
        const got = verdict(res, want);
        cells++;
        if (got !== want) bad.push(`${key} as ${role}/${place}: expected ${want}, got ${got} (${res.status} ${res.text.slice(0, 160)})`);
        if (res.status === 200) pool[spec.sc] = null; // changed: the next cell gets a fresh one
      }
  }
  assert.deepEqual(bad, [], `${bad.length} of ${cells} cells differ`);
  assert.equal(cells, Object.keys(TRANSITIONS).length * ROLES.length * PLACES.length);
  assert.ok(made > Object.keys(SCENARIOS).length);
});

test('the inbox lists only dossiers its reader handles; an officer\'s reads are in the history', async () => {
  await setup();
  const d = await SCENARIOS.ip2.make();
  for (const role of OFFICERS)
    for (const place of PLACES) {
      const r = await (await client(role, place)).get('/api/v1/inbox?per_page=100');
      assert.equal(r.status, 200, r.text);
      const listed = r.json.items.some((i) => i.code === d);
      const sees = agencyWide(role, place) || (place === 'own' && ['specialist', 'head'].includes(role));
      assert.equal(listed, sees, `${role}/${place} inbox lists ${d}: ${listed}`);
    }
  const spec = await client('specialist', 'own');
  assert.equal((await spec.get(`/api/v1/dossiers/${encodeURIComponent(d)}/components`)).status, 200);
  assert.equal((await spec.get(`/api/v1/dossiers/${encodeURIComponent(d)}/store`)).status, 200);
  const hist = (await (await client('leader', 'own')).get(`/api/v1/dossiers/${encodeURIComponent(d)}`)).json.history;
  const views = hist.filter((e) => e.action === 'viewed' && e.actor === 'chuyenvien').map((e) => e.data.what);
  assert.deepEqual(views.slice(-2), ['components', 'store']);
  assert.equal(hist.at(-1).action, 'viewed');
  assert.equal(hist.at(-1).actor, 'lanhdao');
  // Refused reads record nothing.
  const other = await client('specialist', 'other');
  assert.equal((await other.get(`/api/v1/dossiers/${encodeURIComponent(d)}/components`)).status, 403);
  const after = (await (await client('leader', 'own')).get(`/api/v1/dossiers/${encodeURIComponent(d)}`)).json.history;
  assert.ok(!after.some((e) => e.actor === 'other_specialist'));
  // The chain is intact after all of it.
  const out = execFileSync(BIN, ['audit', 'verify', '--db', env.server.db.url, '--data_dir', dataDir], { encoding: 'utf8' });
  assert.match(out, /the history verifies/);
});

// Receiving is the procedure's desk's (issue 10, item 4): LD-02 is received at
// VP (its first step), which sits under the board BQL. A receiver of BQL (a
// desk above VP) receives it and accepts it online; receivers of a
// department (QLDT, outside its process; DNLD, which processes it) neither
// receive nor accept, and nothing is created or changed.
test('a receiver receives and accepts only for procedures received at their desk or below it', async () => {
  await setup();
  for (const [user, unit] of [['desk_receiver', 'BQL'], ['dept_receiver', 'DNLD']])
    execFileSync(BIN, ['user', 'add', user, '--full-name', `${unit} receiver`, '--role', 'receiver', '--unit', unit,
      '--password', PASSWORD, '--db', env.server.db.url], { stdio: 'pipe' });
  const login = async (user) => {
    const c = new Client(env.base);
    assert.equal((await c.login(user, PASSWORD)).status, 200);
    return c;
  };
  const board = await login('desk_receiver');
  const dept = await login('dept_receiver');
  const other = await client('receiver', 'other');
  const leader = await client('leader', 'own');
  const total = async () => (await leader.get('/api/v1/inbox?per_page=1')).json.total;
  const receipt = { procedure_code: 'LD-02', applicant: company, components: paper() };

  const before = await total();
  for (const c of [dept, other, await client('receiver', 'none')]) {
    const r = await c.post('/api/v1/dossiers', receipt);
    assert.equal(r.status, 403, r.text);
    assert.equal(r.json.error.code, 'NOT_RECEIVING_DESK');
    assert.equal(r.json.error.field, 'procedure_code');
  }
  assert.equal(await total(), before, 'a refused receipt created a dossier');
  const r = await board.post('/api/v1/dossiers', receipt);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.receiving_unit.code, 'BQL');
  assert.equal(await total(), before + 1);

  // Accepting an online dossier: the same rule.
  const d = await submitted();
  const accept = (c) => c.post(`/api/v1/dossiers/${encodeURIComponent(d.code)}/actions/accept`, {});
  let a = await accept(dept);
  assert.equal(a.status, 403, a.text);
  assert.equal(a.json.error.code, 'NOT_RECEIVING_DESK');
  a = await accept(other);
  assert.equal(a.status, 403, a.text);
  assert.equal(a.json.error.code, 'NOT_HANDLING_DOSSIER');
  const view = await dept.get(`/api/v1/dossiers/${encodeURIComponent(d.code)}`);
  assert.equal(view.json.state, 'submitted');
  assert.ok(!view.json.actions.includes('accept'), 'a refused receiver is offered accept');
  assert.ok((await board.get(`/api/v1/dossiers/${encodeURIComponent(d.code)}`)).json.actions.includes('accept'));
  a = await accept(board);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.state, 'received');
});

// Leaders and the office see the whole agency: the unit tree of their own
// unit (stranger report F3). A unit added without a parent is the root of
// another tree; its leader and office read nothing of this agency's
// dossiers, list none of them, print none of its units' books, and cannot
// stop one, while this agency's leader still sees them all.
test('a leader and the office of another unit tree see and do nothing in this agency', async () => {
  await setup();
  const db = ['--db', env.server.db.url];
  execFileSync(BIN, ['unit', 'add', 'VP2', '--ident', '000.17.22.H57', '--name', 'Bộ phận một cửa khác', ...db], { stdio: 'pipe' });
  for (const [user, role] of [['ld_tree2', 'leader'], ['vp_tree2', 'office']])
    execFileSync(BIN, ['user', 'add', user, '--full-name', `${role} VP2`, '--role', role, '--unit', 'VP2',
      '--password', PASSWORD, ...db], { stdio: 'pipe' });
  const d = await SCENARIOS.ip2.make();
  const path = `/api/v1/dossiers/${encodeURIComponent(d)}`;
  const own = await client('leader', 'own');
  const before = (await own.get(path)).json;
  for (const user of ['ld_tree2', 'vp_tree2']) {
    const c = new Client(env.base);
    assert.equal((await c.login(user, PASSWORD)).status, 200);
    for (const sub of ['', '/components', '/store', '/forms/01']) {
      const r = await c.get(path + sub);
      assert.equal(r.status, 403, `${user} GET ${sub}: ${r.text.slice(0, 200)}`);
      assert.equal(r.json.error.code, 'NOT_HANDLING_DOSSIER', `${user} GET ${sub}`);
    }
    const stop = await c.post(`${path}/actions/stop`, { note: 'x' });
    assert.equal(stop.status, 403, `${user} stop: ${stop.text}`);
    assert.equal(stop.json.error.code, 'NOT_HANDLING_DOSSIER');
    const inbox = await c.get('/api/v1/inbox?per_page=100');
    assert.equal(inbox.status, 200, inbox.text);
    assert.deepEqual(inbox.json.items.map((i) => i.code), [], `${user}'s inbox lists this agency's dossiers`);
    assert.equal(inbox.json.total, 0);
    const book = await c.get('/api/v1/units/VP/tracking-book.pdf?from=2026-01-01&to=2026-01-02');
    assert.equal(book.status, 403, `${user} VP's book: ${book.status}`);
  }
  const after = (await own.get(path)).json;
  assert.equal(after.state, before.state, 'a refused stop changed the dossier');
  assert.ok(!after.history.some((e) => ['ld_tree2', 'vp_tree2'].includes(e.actor)), 'refused reads are in the history');
  // This agency's leader and office, with two trees in the organisation: all of theirs still.
  for (const c of [own, await client('office', 'own'), await client('leader', 'other')]) {
    const inbox = await c.get('/api/v1/inbox?per_page=100');
    assert.ok(inbox.json.items.some((i) => i.code === d), 'the agency\'s inbox lost a dossier');
    assert.ok(inbox.json.total >= 1);
  }
});
