// Monitoring (issue 12): the plan's waiting and counter times from the desk
// queue's tickets. With the injected clock, two tickets taken at 08:00 are
// called 10 and 40 minutes later and served 20 and 5 minutes: the mean wait
// is 25 minutes against the target of 15, the mean time at the counter 12.5,
// each ticket listed with what it adds; an officer who served none has no data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, Client } from './helpers.mjs';

const env = useServer({ args: ['--testing.clock_api', 'true'] });
const T0 = Date.UTC(2026, 2, 9, 1, 0); // Monday 9 March 2026, 08:00 local
const MIN = 60e3;

async function at(ms) {
  const r = await new Client(env.base).put('/api/v1/testing/clock', { now_ms: ms });
  assert.equal(r.status, 200, r.text);
}

test('waiting and counter minutes: means, targets, the tickets behind them', async () => {
  await at(T0 - 60 * MIN);
  const admin = await loggedIn(env.base, 'admin');
  assert.equal((await admin.put('/api/v1/queue/units/VP/desk', { always_open: true })).status, 200);
  let r = await admin.post('/api/v1/queue/units/VP/services', { prefix: 'A', name: 'Đầu tư', name_en: 'Investment' });
  assert.equal(r.status, 201, r.text);
  const service = r.json.id;
  r = await admin.post('/api/v1/queue/units/VP/counters', { number: 1, name: 'Quầy 1', services: [service], officers: ['tiepnhan'] });
  assert.equal(r.status, 201, r.text);
  const counter = r.json.id;
  const officer = await loggedIn(env.base, 'tiepnhan');
  await at(T0);
  const tickets = [];
  for (let i = 0; i < 2; i++) {
    r = await new Client(env.base).post('/api/v1/queue/units/VP/tickets', { service });
    assert.equal(r.status, 201, r.text);
    tickets.push(r.json.id);
  }
  assert.equal((await officer.post(`/api/v1/queue/counters/${counter}/open`)).status, 200);
  // Called at 08:10, served 08:10–08:30; called at 08:40, served 08:40–08:45.
  for (const [call, done] of [[10, 30], [40, 45]]) {
    await at(T0 + call * MIN);
    r = await officer.post(`/api/v1/queue/counters/${counter}/call`);
    assert.equal(r.status, 200, r.text);
    const id = r.json.ticket ? r.json.ticket.id : r.json.id;
    assert.equal((await officer.post(`/api/v1/queue/tickets/${id}/start`)).status, 200);
    await at(T0 + done * MIN);
    assert.equal((await officer.post(`/api/v1/queue/tickets/${id}/finish`)).status, 200);
  }
  await at(T0 + 60 * MIN);
  const leader = await loggedIn(env.base, 'lanhdao');
  const q = 'unit=VP&from=2026-03-09&to=2026-03-09';
  r = await leader.get(`/api/v1/stats/indicators?${q}`);
  assert.equal(r.status, 200, r.text);
  const plan = Object.fromEntries(r.json.plan.map((p) => [p.key, p]));
  assert.deepEqual(plan['plan.wait_minutes'],
    { ...plan['plan.wait_minutes'], numerator: 50, denominator: 2, rate: 25, target: 15, met: false });
  assert.deepEqual(plan['plan.desk_minutes'],
    { ...plan['plan.desk_minutes'], numerator: 25, denominator: 2, rate: 12.5, target: null, met: null });
  r = await leader.get(`/api/v1/stats/indicators/plan.wait_minutes/items?${q}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((i) => [i.ref, i.value, i.reason_en]),
    [[String(tickets[0]), 10, 'waited 10.0 minutes'], [String(tickets[1]), 40, 'waited 40.0 minutes']]);
  // The officer served both; another officer none: no data, not 0.
  r = await leader.get(`/api/v1/stats/indicators?${q}&officer=tiepnhan`);
  assert.equal(r.json.plan.find((p) => p.key === 'plan.wait_minutes').denominator, 2);
  r = await leader.get(`/api/v1/stats/indicators?${q}&officer=truongphong`);
  const none = r.json.plan.find((p) => p.key === 'plan.wait_minutes');
  assert.equal(none.denominator, 0);
  assert.equal(none.rate, null);
  assert.equal(none.met, null);
  // The day before: nothing called.
  r = await leader.get('/api/v1/stats/indicators?unit=VP&from=2026-03-08&to=2026-03-08');
  assert.equal(r.json.plan.find((p) => p.key === 'plan.wait_minutes').rate, null);
  await at(0);
});
