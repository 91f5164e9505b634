// "Quá hạn" by the server's clock (issue 15 item 11): the pages judge a due
// time against the instant the server sends with every API reply
// (X-Server-Time), the clock its overdue box uses, not the browser's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, finish, logIn, Client, shot } from './helpers.mjs';

const env = useServerAndBrowser({ args: ['--testing.clock_api', 'true'] });

test('a dossier overdue by the server\'s clock shows "Quá hạn" though the browser\'s clock is earlier', async () => {
  const desk = new Client(env.base);
  assert.equal((await desk.login('tiepnhan')).status, 200);
  const r = await desk.post('/api/v1/dossiers', {
    procedure_code: 'LD-02', channel: 'direct', outcome: 'receive',
    applicant: { kind: 'person', name: 'Trần Văn Hải', id_number: '001090077777' },
    components: Array.from({ length: 9 }, (_, i) => ({ status: [5, 8].includes(i) ? 'not_applicable' : 'paper' })),
  });
  assert.equal(r.status, 201, r.text);
  const due = Date.parse(r.json.due_at);
  const pays = await desk.get(`/api/v1/dossiers/${encodeURIComponent(r.json.code)}/payments`);
  assert.equal(pays.status, 200, pays.text);
  const demand = pays.json.demands.find((x) => x.status === 'open');
  assert.ok(demand, `an open fee demand: ${pays.text}`);
  assert.ok(due > Date.now(), 'due in the future by the browser\'s clock');
  const set = await desk.put('/api/v1/testing/clock', { now_ms: due + 86400000 });
  assert.equal(set.status, 200, set.text);
  try {
    assert.equal(Number((await desk.get('/api/v1/inbox?box=overdue')).headers.get('x-server-time')) > due, true);
    const p = await openPage(env);
    const { page } = p;
    await logIn(page, env.base, 'tiepnhan');
    await go(page, env.base, `#/dossiers/${encodeURIComponent(r.json.code)}`);
    await page.waitForSelector('.dossier-header');
    assert.ok(await page.locator('.due .badge-late').count() >= 1, 'the due time is shown overdue');
    assert.match(await page.textContent('.due .badge-late'), /Quá hạn/);
    await shot(page, 'server-time-overdue');
    await page.waitForSelector('#payments-body[data-loaded="true"]');
    assert.equal(await page.locator('#pay-overdue').count(), 0, 'the fee is not yet due');
    // The fee unpaid past its pay-by date, by the server's clock too.
    assert.ok(Date.parse(demand.due_at) > Date.now(), 'the fee is due in the future by the browser\'s clock');
    assert.equal((await new Client(env.base).put('/api/v1/testing/clock', { now_ms: Date.parse(demand.due_at) + 86400000 })).status, 200);
    await finish(p);
    const q = await openPage(env); // a new log-in: the first session ended by the server's clock
    await logIn(q.page, env.base, 'tiepnhan');
    await go(q.page, env.base, `#/dossiers/${encodeURIComponent(r.json.code)}`);
    await q.page.waitForSelector('#payments-body[data-loaded="true"]');
    assert.equal(await q.page.locator('#pay-overdue').count(), 1, 'the fee is shown unpaid past its date');
    assert.match(await q.page.textContent('#pay-overdue'), /Đã quá hạn nộp phí, lệ phí/);
    await finish(q);
  } finally {
    await new Client(env.base).put('/api/v1/testing/clock', { now_ms: 0 });
  }
});
