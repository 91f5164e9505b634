// The desk queue over HTTP: set-up by the administrator, a ticket at the
// kiosk (public), calling at a counter with the roles and errors of the
// issue, the display's live stream and the spoken call, a dossier received
// during the visit linked to its ticket, ratings through signed links, and
// the day's report with the waiting time and the rating. Times come from
// the server's clock, so they are checked structurally.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, assertError, Client, seedProcedure, readEvents, assertFetched } from './helpers.mjs';
import { draftResult } from '../lib/pdf.mjs';

const env = useServer({}, async (e) => {
  const admin = await loggedIn(e.base, 'admin');
  let r = await admin.put('/api/v1/queue/units/VP/desk', { always_open: true });
  assert.equal(r.status, 200, r.text);
  const svc = {};
  for (const [prefix, name, name_en] of [['A', 'Đầu tư', 'Investment'], ['B', 'Lao động', 'Labour'], ['C', 'Trả kết quả', 'Results']]) {
    r = await admin.post('/api/v1/queue/units/VP/services', { prefix, name, name_en });
    assert.equal(r.status, 201, r.text);
    svc[prefix] = r.json.id;
  }
  r = await admin.post('/api/v1/queue/units/VP/counters', { number: 1, name: 'Quầy 1', services: [svc.A, svc.B], officers: ['tiepnhan'] });
  assert.equal(r.status, 201, r.text);
  const c1 = r.json.id;
  r = await admin.post('/api/v1/queue/units/VP/counters', { number: 3, name: 'Quầy 3', services: [svc.C] });
  assert.equal(r.status, 201, r.text);
  e.desk = { svc, c1, c3: r.json.id };
});

const LD02 = seedProcedure('LD-02');
const NUMBER = /^[A-Z]-\d{3,}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;
const anon = () => new Client(env.base);
const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}

async function take(service, priority) {
  const r = await anon().post('/api/v1/queue/units/VP/tickets', priority ? { service, priority } : { service });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('the kiosk shows the desk, open, with its services (public)', async () => {
  const r = await anon().get('/api/v1/queue/units/VP/kiosk');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.unit.code, 'VP');
  assert.equal(r.json.open, true);
  assert.deepEqual(r.json.services.map((s) => s.prefix), ['A', 'B', 'C']);
  for (const s of r.json.services) {
    for (const k of ['waiting', 'avg_wait_ms', 'max_wait_ms', 'longest_waiting_ms']) assert.ok(Number.isInteger(s[k]), k);
  }
  assert.deepEqual(r.json.counters.map((c) => c.number), [1, 3]);
  assertError(await anon().get('/api/v1/queue/units/NOPE/kiosk'), 404, 'UNIT_NOT_FOUND', 'unit');
});

test('tickets: numbers per service, people ahead, priority first, follow by token and QR', async () => {
  const { svc } = env.desk;
  const c1 = await take(svc.C);
  const c2 = await take(svc.C);
  assert.match(c1.number, NUMBER);
  assert.equal(c1.number[0], 'C');
  assert.equal(Number(c2.number.slice(2)), Number(c1.number.slice(2)) + 1);
  assert.equal(c2.ahead, c1.ahead + 1);
  assert.equal(c1.state, 'waiting');
  assert.match(c1.issued_at, ISO);
  assert.equal(c1.waiting_ms, null);
  assert.match(c1.follow_url, /\/#\/ticket\/[0-9a-f]{24}$/);
  const p = await take(svc.C, 'elderly');
  assert.equal(p.priority, true);
  assert.equal(p.priority_reason, 'elderly');
  assert.equal(p.ahead, 0);
  const f = await anon().get(`/api/v1/queue/tickets/follow/${c2.follow_token}`);
  assert.equal(f.status, 200, f.text);
  assert.equal(f.json.number, c2.number);
  assert.equal(f.json.ahead, c2.ahead + 1, 'the priority ticket went ahead');
  const qr = await anon().get(`/api/v1/queue/tickets/follow/${c2.follow_token}/qr`);
  assert.equal(qr.status, 200);
  assert.match(qr.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(qr.text, /^<svg[^>]*viewBox="0 0 \d+ \d+"/);
  assertError(await anon().get('/api/v1/queue/tickets/follow/0000'), 404, 'QUEUE_TICKET_NOT_FOUND');
});

test('bad tickets change nothing', async () => {
  const { svc } = env.desk;
  const before = await take(svc.B);
  const post = (body) => anon().post('/api/v1/queue/units/VP/tickets', body);
  assertError(await post({ service: 999999 }), 404, 'QUEUE_SERVICE_NOT_FOUND', 'service');
  assertError(await post({ service: svc.B, priority: 'vip' }), 400, 'FIELD_INVALID', 'priority');
  assertError(await post({ service: 'B' }), 400, 'FIELD_TYPE', 'service');
  assertError(await post({}), 400, 'FIELD_MISSING', 'service');
  assertError(await post({ service: svc.B, colour: 'red' }), 400, 'FIELD_UNKNOWN', 'colour');
  assertError(await anon().post('/api/v1/queue/units/NOPE/tickets', { service: svc.B }), 404, 'UNIT_NOT_FOUND', 'unit');
  const after = await take(svc.B);
  assert.equal(Number(after.number.slice(2)), Number(before.number.slice(2)) + 1, 'a refused ticket used a number');
});

test('set-up is for administrators; bad set-up names the field', async () => {
  const { svc } = env.desk;
  assertError(await anon().post('/api/v1/queue/units/VP/services', { prefix: 'D', name: 'X' }), 401, 'UNAUTHENTICATED');
  assertError(await (await as('tiepnhan')).post('/api/v1/queue/units/VP/services', { prefix: 'D', name: 'X' }), 403, 'FORBIDDEN');
  const admin = await as('admin');
  assertError(await admin.post('/api/v1/queue/units/VP/services', { prefix: 'A', name: 'Trùng' }), 409, 'QUEUE_PREFIX_TAKEN', 'prefix');
  assertError(await admin.post('/api/v1/queue/units/VP/services', { prefix: 'a', name: 'X' }), 400, 'FIELD_INVALID', 'prefix');
  assertError(await admin.post('/api/v1/queue/units/VP/counters', { number: 1, services: [] }), 409, 'QUEUE_COUNTER_NUMBER_TAKEN', 'number');
  assertError(await admin.post('/api/v1/queue/units/VP/counters', { number: 7, services: [424242] }), 404, 'QUEUE_SERVICE_NOT_FOUND', 'services[0]');
  assertError(await admin.post('/api/v1/queue/units/VP/counters', { number: 7, services: [svc.A], officers: ['chuyenvien'] }), 400, 'FIELD_INVALID', 'officers[0]');
  assertError(await admin.post('/api/v1/queue/units/VP/counters', { number: 100, services: [] }), 400, 'FIELD_RANGE', 'number');
  const s = await admin.get('/api/v1/queue/units/VP/setup');
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.services.length, 3);
  assert.equal(s.json.counters.length, 2);
});

test('a visit: called on the display with voice, served, dossier linked, rated, in the report', async () => {
  const { svc, c1 } = env.desk;
  const officer = await as('tiepnhan');
  const a = await take(svc.A);
  // Calling at a closed counter is refused; others may not call.
  assertError(await officer.post(`/api/v1/queue/counters/${c1}/call`), 409, 'QUEUE_COUNTER_CLOSED');
  assertError(await (await as('congdan')).post(`/api/v1/queue/counters/${c1}/call`), 403, 'FORBIDDEN');
  assertError(await anon().post(`/api/v1/queue/counters/${c1}/call`), 401, 'UNAUTHENTICATED');
  let r = await officer.post(`/api/v1/queue/counters/${c1}/open`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.open, true);
  assert.equal(r.json.officer.name, 'Nguyễn Thị Lan');

  // The display subscribes, then the officer calls: a "call" event with
  // the phrase and the sound arrives on the stream.
  const events = await readEvents(`${env.base}/api/v1/queue/units/VP/events`,
    (e) => e.event === 'call', {
      onOpen: async () => {
        const c = await officer.post(`/api/v1/queue/counters/${c1}/call`);
        assert.equal(c.status, 200, c.text);
      },
    });
  assert.equal(events[0].event, 'snapshot');
  assert.equal(events[0].json.unit.code, 'VP');
  const call = events.at(-1).json;
  // B tickets waited longer than A's: FIFO across the counter's services.
  assert.match(call.number, /^[AB]-\d{3}$/);
  assert.equal(call.counter, 1);
  assert.match(call.phrase, /^Mời số [AB]( (không|một|hai|ba|bốn|năm|sáu|bảy|tám|chín)){3} đến quầy số một$/);
  assert.equal(call.voice, `/api/v1/queue/voice/${call.number}/1`);
  const wav = await fetch(env.base + call.voice);
  await assertFetched('GET', call.voice, wav);
  assert.equal(wav.status, 200);
  assert.equal(wav.headers.get('content-type'), 'audio/wav');
  const bytes = Buffer.from(await wav.arrayBuffer());
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'RIFF');
  assert.equal(bytes.subarray(8, 12).toString('latin1'), 'WAVE');
  assert.ok(bytes.length > 10000, `only ${bytes.length} bytes of sound`);
  assertError(await anon().get('/api/v1/queue/voice/A-12/1'), 404, 'NOT_FOUND');
  // Only calls that happened are spoken: the public address cannot fill the disk.
  assertError(await anon().get('/api/v1/queue/voice/Q-987/42'), 404, 'NOT_FOUND');

  // Serve the called tickets until ours: each is started and finished.
  let current = call.ticket;
  const fin = async (id) => {
    assertError(await officer.post(`/api/v1/queue/tickets/${id}/finish`), 409, 'QUEUE_TICKET_STATE');
    assert.equal((await officer.post(`/api/v1/queue/tickets/${id}/start`)).status, 200);
  };
  while (current !== a.id) {
    await fin(current);
    assert.equal((await officer.post(`/api/v1/queue/tickets/${current}/finish`)).status, 200);
    r = await officer.post(`/api/v1/queue/counters/${c1}/call`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.ticket, 'our ticket was never called');
    current = r.json.ticket.id;
  }
  assertError(await officer.post(`/api/v1/queue/counters/${c1}/call`), 409, 'QUEUE_COUNTER_BUSY');
  r = await officer.post(`/api/v1/queue/tickets/${a.id}/recall`);
  assert.equal(r.json.ticket.calls, 2);
  await fin(a.id);
  // A transfer to a service that does not exist changes nothing.
  assertError(await officer.post(`/api/v1/queue/tickets/${a.id}/transfer`, { service: 999999 }), 404, 'QUEUE_SERVICE_NOT_FOUND', 'service');
  r = await officer.get(`/api/v1/queue/counters/${c1}`);
  assert.equal(r.json.ticket.id, a.id);
  assert.equal(r.json.ticket.state, 'serving');
  assert.equal(r.json.mine, true);

  // A dossier received now is linked to the visit's ticket.
  const components = LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
  r = await officer.post('/api/v1/dossiers', {
    procedure_code: 'LD-02', components,
    applicant: { kind: 'person', name: 'Trần Thị Mai', id_number: '035190001234' },
  });
  assert.equal(r.status, 201, r.text);
  const dossierCode = r.json.code;
  r = await officer.get(`/api/v1/queue/counters/${c1}`);
  assert.deepEqual(r.json.ticket.dossiers.map((d) => d.code), [dossierCode]);
  const dossierId = r.json.ticket.dossiers[0].id;

  r = await officer.post(`/api/v1/queue/tickets/${a.id}/finish`);
  assert.equal(r.status, 200, r.text);
  const t = r.json.ticket;
  assert.equal(t.state, 'finished');
  assert.ok(Number.isInteger(t.waiting_ms) && t.waiting_ms >= 0);
  assert.ok(Number.isInteger(t.handling_ms) && t.handling_ms >= 0);
  assert.match(t.rating_token, /^[0-9a-f]{64}$/);
  assert.match(t.rating_url, new RegExp(`#/rate/visit/${a.id}\\?t=${t.rating_token}$`));

  // The visit is rated through the link, once.
  const rateUrl = `/api/v1/ratings/visit/${a.id}`;
  r = await anon().get(`${rateUrl}?token=${t.rating_token}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.label, a.number);
  assert.equal(r.json.ready, true);
  assert.equal(r.json.used, false);
  assert.deepEqual(r.json.levels, ['very_satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very_dissatisfied']);
  assertError(await anon().post(`/api/v1/ratings/visit/${a.id + 1}`, { token: t.rating_token, satisfaction: 'satisfied' }),
    403, 'RATING_LINK_INVALID', 'token');
  assertError(await anon().post(rateUrl, { token: t.rating_token, satisfaction: 'happy' }), 400, 'FIELD_INVALID', 'satisfaction');
  r = await anon().post(rateUrl, { token: t.rating_token, satisfaction: 'very_satisfied', comment: 'Nhanh, chu đáo' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.satisfied, true);
  assert.equal(r.json.ticket, a.id);
  assert.equal(r.json.officers.length, 1);
  assertError(await anon().post(rateUrl, { token: t.rating_token, satisfaction: 'satisfied' }), 409, 'RATING_LINK_USED', 'token');
  // The holder has a link of their own on the follow page (their phone):
  // the same at every look, not the counter's, and it rates once (issue 10).
  let f = await anon().get(`/api/v1/queue/tickets/follow/${a.follow_token}`);
  assert.equal(f.status, 200, f.text);
  assert.match(f.json.rating_token, /^[0-9a-f]{64}$/);
  assert.notEqual(f.json.rating_token, t.rating_token);
  const holder = f.json.rating_token;
  f = await anon().get(`/api/v1/queue/tickets/follow/${a.follow_token}`);
  assert.equal(f.json.rating_token, holder);
  assert.equal((await officer.get(`/api/v1/queue/counters/${c1}`)).text.includes(holder), false, 'the officer does not see it');
  r = await anon().post(rateUrl, { token: holder, satisfaction: 'satisfied' });
  assert.equal(r.status, 201, r.text);
  assertError(await anon().post(rateUrl, { token: holder, satisfaction: 'neutral' }), 409, 'RATING_LINK_USED', 'token');
  f = await anon().get(`/api/v1/queue/tickets/follow/${a.follow_token}`);
  assert.equal(f.json.rating_token, undefined, 'a used link is not offered again');

  // The day's report: the ticket with its waiting time and the rating.
  r = await (await as('vanphong')).get('/api/v1/queue/units/VP/report?by=counter');
  assert.equal(r.status, 200, r.text);
  const row = r.json.rows.find((x) => x.name === 'Quầy 1');
  assert.ok(row, JSON.stringify(r.json.rows));
  assert.ok(row.served >= 1);
  assert.ok(row.ratings >= 1);
  assert.equal(row.satisfied_share, 1);
  assert.ok(row.waiting.n >= 1 && row.waiting.max_ms >= t.waiting_ms && row.waiting.p90_ms <= row.waiting.max_ms);
  assert.ok(row.handling.n >= 1);
  for (const by of ['service', 'officer', 'day']) {
    r = await (await as('vanphong')).get(`/api/v1/queue/units/VP/report?by=${by}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.total.ratings, row.ratings);
  }
  assertError(await (await as('vanphong')).get('/api/v1/queue/units/VP/report?by=week'), 400, 'BAD_QUERY', 'by');
  assertError(await (await as('vanphong')).get('/api/v1/queue/units/VP/report?from=2026-13-01'), 400, 'BAD_QUERY', 'from');
  assertError(await (await as('congdan')).get('/api/v1/queue/units/VP/report'), 403, 'FORBIDDEN');

  // The dossier is rated by its applicant through the link mailed to them
  // (tests/api/ratings.test.mjs): an officer never gets one (issue 10).
  r = await officer.post('/api/v1/ratings/links', { kind: 'dossier', id: dossierId });
  assertError(r, 409, 'RATING_NOT_READY');
  assert.ok(!/[0-9a-f]{64}/.test(r.text), r.text);
  assertError(await officer.post('/api/v1/ratings/links', { kind: 'dossier', code: 'NO-SUCH-CODE' }), 404, 'DOSSIER_NOT_FOUND', 'code');
  assertError(await officer.post('/api/v1/ratings/links', { kind: 'visit', id: a.id }), 400, 'FIELD_INVALID', 'kind');
  assertError(await officer.post('/api/v1/ratings/links', { kind: 'dossier', id: dossierId, code: dossierCode }), 400, 'FIELD_INVALID', 'code');
  assertError(await officer.post('/api/v1/ratings/links', { kind: 'dossier' }), 400, 'FIELD_MISSING', 'id');
  const act = async (user, action, body) => {
    const x = await (await as(user)).post(`/api/v1/dossiers/${encodeURIComponent(dossierCode)}/actions/${action}`, body ?? {});
    assert.equal(x.status, 200, `${user} ${action}: ${x.text}`);
  };
  await act('tiepnhan', 'transfer', { to_user: 'chuyenvien' });
  await act('chuyenvien', 'transfer');
  await act('truongphong', 'transfer');
  await draftResult(await as('chuyenvien'), dossierCode);
  await act('lanhdao', 'approve');
  await act('lanhdao', 'issue_result', { result_code: 'GPLĐ-Q-001' });
  await act('tiepnhan', 'return_result');
  // Returned, but this applicant gave no address (and no mail is set up here).
  assertError(await officer.post('/api/v1/ratings/links', { kind: 'dossier', code: dossierCode }), 409, 'RATING_NO_RECIPIENT');
});

test('skip returns a ticket once, then it is a no-show; transfer keeps the number', async () => {
  const { svc, c3 } = env.desk;
  const officer = await as('tiepnhan');
  // tiepnhan moves to counter 3 (services C only) once counter 1 is free.
  let r = await officer.post(`/api/v1/queue/counters/${c3}/open`);
  assert.equal(r.status, 200, r.text);
  r = await officer.post(`/api/v1/queue/counters/${c3}/call`);
  const first = r.json.ticket;
  assert.equal(first.priority, true, 'the priority C ticket comes first');
  r = await officer.post(`/api/v1/queue/tickets/${first.id}/skip`);
  assert.equal(r.json.ticket.state, 'waiting');
  assert.equal(r.json.ticket.skips, 1);
  // Transfer the next one to B: same number, waiting in B.
  r = await officer.post(`/api/v1/queue/counters/${c3}/call`);
  const second = r.json.ticket;
  assertError(await officer.post(`/api/v1/queue/tickets/${second.id}/transfer`, { service: svc.C }), 409, 'QUEUE_SAME_SERVICE', 'service');
  r = await officer.post(`/api/v1/queue/tickets/${second.id}/transfer`, { service: svc.B });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.ticket.number, second.number);
  assert.equal(r.json.ticket.service.prefix, 'B');
  assert.equal(r.json.ticket.state, 'waiting');
  // Call until the skipped one comes back, then skip it again: no-show.
  for (let i = 0; i < 10; i++) {
    r = await officer.post(`/api/v1/queue/counters/${c3}/call`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.ticket);
    if (r.json.ticket.id === first.id) break;
    await officer.post(`/api/v1/queue/tickets/${r.json.ticket.id}/start`);
    await officer.post(`/api/v1/queue/tickets/${r.json.ticket.id}/finish`);
  }
  assert.equal(r.json.ticket.id, first.id);
  r = await officer.post(`/api/v1/queue/tickets/${first.id}/skip`);
  assert.equal(r.json.ticket.state, 'no_show');
  assertError(await officer.post(`/api/v1/queue/tickets/${first.id}/start`), 409, 'QUEUE_TICKET_STATE');
  // An officer flags a waiting ticket as priority.
  const w = await take(svc.B);
  r = await officer.post(`/api/v1/queue/tickets/${w.id}/priority`, { reason: 'pregnant' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.ticket.priority, true);
  assertError(await officer.post(`/api/v1/queue/tickets/${w.id}/priority`, { reason: 'vip' }), 400, 'FIELD_INVALID', 'reason');
  r = await officer.post(`/api/v1/queue/counters/${c3}/close`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.open, false);
});
