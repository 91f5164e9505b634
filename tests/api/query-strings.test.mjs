// Query strings, for every API route (issue 12, the rule "bad input gets a
// clear 4xx naming the field"): a value with a NUL (%00) or another control
// character in it, or that is not UTF-8, is refused with 400 BAD_QUERY
// naming the parameter, not cut short at the NUL and answered; a parameter
// given twice is refused naming it, not answered from the first value.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, freshDb, run, DEMO_PASSWORD, Client } from '../lib/motcua.mjs';
import { loggedIn, assertError } from './helpers.mjs';

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
const server = await startServer({ db: { url: db.url, drop() {} } });
after(async () => {
  await server.kill('SIGTERM');
  db.drop();
});

const IND = '/api/v1/stats/indicators?';

test('a value with NUL or a control character in it is refused, naming the parameter', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  assert.equal((await c.get(`${IND}unit=DNLD&from=2026-01-01&to=2026-01-31`)).status, 200);
  assertError(await c.get(`${IND}unit=DNLD&from=2026-01-01%00junk&to=2026-01-31`), 400, 'BAD_QUERY', 'from');
  assertError(await c.get(`${IND}unit=DNLD%00BQL&from=2026-01-01&to=2026-01-31`), 400, 'BAD_QUERY', 'unit');
  assertError(await c.get(`${IND}unit=DNLD&officer=admin%00x&from=2026-01-01&to=2026-01-31`), 400, 'BAD_QUERY', 'officer');
  assertError(await c.get(`${IND}unit=DNLD%0A&from=2026-01-01&to=2026-01-31`), 400, 'BAD_QUERY', 'unit');
  assertError(await c.get(`${IND}unit=DNLD%01&from=2026-01-01&to=2026-01-31`), 400, 'BAD_QUERY', 'unit');
  assertError(await c.get(`${IND}unit=DNLD%7F&from=2026-01-01&to=2026-01-31`), 400, 'BAD_QUERY', 'unit');
  assertError(await c.get(`${IND}unit=DN%FFLD&from=2026-01-01&to=2026-01-31`), 400, 'BAD_QUERY', 'unit');
  assertError(await c.get(`${IND}un%00it=DNLD&from=2026-01-01&to=2026-01-31`), 400, 'BAD_QUERY', 'un?it');

  const anon = new Client(server.base);
  assert.equal((await anon.get('/api/v1/public/quality?unit=BQL')).status, 200);
  assertError(await anon.get('/api/v1/public/quality?unit=BQL%00junk'), 400, 'BAD_QUERY', 'unit');
  // Vietnamese text stays Vietnamese; the detail says why.
  const vi = await anon.get('/api/v1/public/quality?unit=BQL%00junk', { 'Accept-Language': 'vi' });
  assertError(vi, 400, 'BAD_QUERY', 'unit');
  assert.equal(vi.json.error.message, 'Tham số truy vấn không hợp lệ');
  assert.match(vi.json.error.detail, /control characters/);
  const en = await anon.get('/api/v1/public/quality?unit=BQL%00junk', { 'Accept-Language': 'en' });
  assert.match(en.json.error.message, /^A query parameter is not valid: /);
  // Text that is not ASCII is still welcome.
  const q = await c.get(`/api/v1/procedures?q=${encodeURIComponent('giấy phép lao động')}`);
  assert.equal(q.status, 200, q.text);
});

test('a parameter given twice is refused, naming it', async () => {
  const c = await loggedIn(server.base, 'lanhdao');
  assertError(await c.get(`${IND}unit=DNLD&unit=BQL&from=2026-01-01&to=2026-01-31`), 400, 'BAD_QUERY', 'unit');
  assertError(await c.get(`${IND}unit=DNLD&from=2026-01-01&to=2026-01-31&from=2026-01-02`), 400, 'BAD_QUERY', 'from');
  assertError(await new Client(server.base).get('/api/v1/public/quality?unit=DNLD&unit=BQL'), 400, 'BAD_QUERY', 'unit');
  assertError(await c.get('/api/v1/inbox?page=1&page=2'), 400, 'BAD_QUERY', 'page');
});
