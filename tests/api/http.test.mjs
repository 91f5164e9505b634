// The HTTP layer seen from outside: /healthz, /metrics, security headers on
// every reply, static files (ETag, 304, gzip), routing errors (404, 405 with
// Allow) and the language of error messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { useServer, Client, assertError, raw, rawJson, ROOT } from './helpers.mjs';

// /metrics is served only with the configured bearer token (overload.test.mjs
// checks the refusals).
const METRICS = { authorization: 'Bearer test-metrics-token' };
const env = useServer({ args: ['--http.metrics_token', 'test-metrics-token'] });
const anon = () => new Client(env.base);

const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]/i;

function assertSecurityHeaders(headers, what) {
  const get = (n) => (typeof headers.get === 'function' ? headers.get(n) : headers[n]);
  const csp = get('content-security-policy');
  assert.ok(csp, `${what}: no Content-Security-Policy`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP ${csp}`);
  assert.doesNotMatch(csp, /unsafe-inline/, `${what}: CSP ${csp}`);
  assert.equal(get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.ok(get('referrer-policy'), `${what}: no Referrer-Policy`);
  const id = get('x-request-id');
  assert.ok(id && String(id).length > 0, `${what}: no X-Request-Id`);
  return id;
}

/** Parses Prometheus text into a map "name{labels}" -> number. */
function parseMetrics(text) {
  const m = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const x = line.match(/^(\S+(?:\{[^}]*\})?)\s+(\S+)$/);
    assert.ok(x, `not a Prometheus sample line: ${line}`);
    m.set(x[1], Number(x[2]));
  }
  return m;
}

test('GET /healthz answers ok with the backend and schema version', async () => {
  const r = await anon().get('/healthz');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'ok');
  const backend = (process.env.MOTCUA_BACKEND || 'sqlite') === 'postgres' ? 'postgresql' : 'sqlite';
  assert.equal(r.json.database, backend);
  assert.ok(Number.isInteger(r.json.schema) && r.json.schema >= 1, `schema: ${r.json.schema}`);
  assertSecurityHeaders(r.headers, '/healthz');
});

test('GET /metrics counts requests by route and status and times them', async () => {
  const c = anon();
  const before = parseMetrics((await c.get('/metrics', METRICS)).text);
  for (let i = 0; i < 3; i++) assert.equal((await c.get('/api/v1/units')).status, 200);
  assert.equal((await c.get('/api/v1/procedures/NO-SUCH')).status, 404);
  const r = await c.get('/metrics', METRICS);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') || '', /^text\/plain/);
  assert.match(r.text, /# TYPE motcua_http_requests_total counter/);
  assert.match(r.text, /# TYPE motcua_http_request_duration_seconds histogram/);
  const after = parseMetrics(r.text);

  const key = [...after.keys()].find((k) => /^motcua_http_requests_total\{/.test(k)
    && /route="[^"]*\/api\/v1\/units"/.test(k) && /status="200"/.test(k));
  assert.ok(key, 'no motcua_http_requests_total series for /api/v1/units status 200:\n' + r.text);
  assert.equal(after.get(key) - (before.get(key) || 0), 3, `${key}: counted ${before.get(key)} -> ${after.get(key)}`);

  const k404 = [...after.keys()].find((k) => /^motcua_http_requests_total\{/.test(k)
    && /route="[^"]*\/api\/v1\/procedures\/\{code\}"/.test(k) && /status="404"/.test(k));
  assert.ok(k404, 'the 404 on /api/v1/procedures/{code} is not counted:\n' + r.text);
  assert.ok(after.get(k404) >= 1);

  const count = [...after.keys()].find((k) => /^motcua_http_request_duration_seconds_count\{/.test(k)
    && /route="[^"]*\/api\/v1\/units"/.test(k));
  assert.ok(count, 'no duration histogram for /api/v1/units');
  assert.equal(after.get(count) - (before.get(count) || 0), 3);
  const inf = [...after.keys()].find((k) => /^motcua_http_request_duration_seconds_bucket\{/.test(k)
    && /route="[^"]*\/api\/v1\/units"/.test(k) && /le="\+Inf"/.test(k));
  assert.ok(inf, 'no +Inf bucket');
  assert.equal(after.get(inf), after.get(count));
  // Buckets are cumulative: never decreasing with le.
  const buckets = [...after.entries()]
    .filter(([k]) => /^motcua_http_request_duration_seconds_bucket\{/.test(k) && /route="[^"]*\/api\/v1\/units"/.test(k))
    .map(([k, v]) => [k.match(/le="([^"]+)"/)[1], v])
    .map(([le, v]) => [le === '+Inf' ? Infinity : Number(le), v])
    .sort((a, b) => a[0] - b[0]);
  assert.ok(buckets.length >= 3);
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i][1] >= buckets[i - 1][1], JSON.stringify(buckets));
});

test('security headers are on every kind of reply, with a fresh request id', async () => {
  const c = anon();
  const ids = new Set();
  const replies = {
    'GET /': await c.get('/'),
    'GET /api/v1/procedures': await c.get('/api/v1/procedures'),
    'GET /api/v1/nothing (404)': await c.get('/api/v1/nothing'),
    'DELETE /api/v1/procedures (405)': await c.del('/api/v1/procedures'),
    'GET /api/v1/me/dossiers (401)': await c.get('/api/v1/me/dossiers'),
    'POST /api/v1/auth/login (400)': await c.post('/api/v1/auth/login', '{', { 'content-type': 'application/json' }),
    'GET /metrics': await c.get('/metrics', METRICS),
  };
  for (const [what, r] of Object.entries(replies)) ids.add(assertSecurityHeaders(r.headers, what));
  assert.equal(ids.size, Object.keys(replies).length, 'request ids repeat');
  const etag = replies['GET /'].headers.get('etag');
  const r304 = await raw(env.base, 'GET', '/', { 'if-none-match': etag });
  assert.equal(r304.status, 304);
  assertSecurityHeaders(r304.headers, '304');
});

test('GET / is web/index.html with an ETag; If-None-Match gives 304', async () => {
  const c = anon();
  const r = await c.get('/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') || '', /^text\/html/);
  // web/index.html as written, but for the versions of the files it names
  // and the import map the server adds (compression.test.mjs checks them).
  const served = r.text.replace(/\?v=[0-9a-f]{12}/g, '').replace(/<script type="importmap">.*?<\/script>\n  /, '')
    .replace(/(data-i18n="[^"]*"[^>]*>)[^<]*</g, '$1<'); // and the words it fills in for the first paint
  assert.equal(served, readFileSync(path.join(ROOT, 'web/index.html'), 'utf8'));
  const etag = r.headers.get('etag');
  assert.ok(etag, 'no ETag');
  const r2 = await raw(env.base, 'GET', '/', { 'if-none-match': etag });
  assert.equal(r2.status, 304);
  assert.equal(r2.body.length, 0, '304 has a body');
  // Another file has another ETag, and a stale ETag gets the full file.
  const css = await c.get('/css/app.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type') || '', /^text\/css/);
  assert.notEqual(css.headers.get('etag'), etag);
  const stale = await raw(env.base, 'GET', '/', { 'if-none-match': '"not-the-etag"' });
  assert.equal(stale.status, 200);
  assert.ok(stale.body.length > 0);
});

test('a large CSS/JS file is gzip-compressed when the client accepts gzip', async () => {
  const file = readFileSync(path.join(ROOT, 'web/css/app.css'));
  const gz = await raw(env.base, 'GET', '/css/app.css', { 'accept-encoding': 'gzip' });
  assert.equal(gz.status, 200);
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.ok(gz.body.length < file.length, `compressed ${gz.body.length} >= ${file.length}`);
  assert.deepEqual(gunzipSync(gz.body), file);

  const plain = await raw(env.base, 'GET', '/css/app.css', {});
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.deepEqual(plain.body, file);

  const js = readFileSync(path.join(ROOT, 'web/js/app.js'));
  const jsgz = await raw(env.base, 'GET', '/js/app.js', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(jsgz.status, 200);
  assert.match(jsgz.headers['content-type'] || '', /javascript/);
  assert.equal(jsgz.headers['content-encoding'], 'gzip');
  assert.deepEqual(gunzipSync(jsgz.body), js);
});

test('static files do not escape web/', async () => {
  const secret = readFileSync(path.join(ROOT, 'meson.build'), 'utf8').slice(0, 40);
  for (const p of ['/../meson.build', '/%2e%2e/meson.build', '/css/..%2f..%2fmeson.build', '/%2e%2e%2fmeson.build']) {
    const r = await raw(env.base, 'GET', p, {});
    assert.ok(r.status >= 400 && r.status < 500, `${p}: ${r.status}`);
    assert.ok(!r.body.toString('utf8').includes(secret), `${p} served meson.build`);
  }
});

test('an unknown API address is 404 NOT_FOUND', async () => {
  const c = anon();
  assertError(await c.get('/api/v1/nothing'), 404, 'NOT_FOUND');
  assertError(await c.post('/api/v1/nothing', {}), 404, 'NOT_FOUND');
});

test('a wrong method is 405 with Allow listing the methods of the path', async () => {
  const c = anon();
  const r = await c.del('/api/v1/procedures');
  assertError(r, 405, 'METHOD_NOT_ALLOWED');
  const allow = (r.headers.get('allow') || '').split(',').map((s) => s.trim());
  assert.ok(allow.includes('GET') && allow.includes('POST'), `Allow: ${r.headers.get('allow')}`);
  assert.ok(!allow.includes('DELETE'), `Allow: ${r.headers.get('allow')}`);

  const r2 = await c.put('/api/v1/auth/login', { username: 'admin', password: 'x' });
  assertError(r2, 405, 'METHOD_NOT_ALLOWED');
  assert.deepEqual((r2.headers.get('allow') || '').split(',').map((s) => s.trim()), ['POST']);

  const r3 = await c.post('/api/v1/procedures/LD-02/versions', {});
  assertError(r3, 405, 'METHOD_NOT_ALLOWED');
  assert.match(r3.headers.get('allow') || '', /\bGET\b/);
});

test('error messages are Vietnamese by default and English with Accept-Language: en', async () => {
  const c = anon();
  const vi = await c.get('/api/v1/nothing');
  const viExplicit = await c.get('/api/v1/nothing', { 'accept-language': 'vi-VN,vi;q=0.9' });
  const en = await c.get('/api/v1/nothing', { 'accept-language': 'en' });
  const enUS = await c.get('/api/v1/nothing', { 'accept-language': 'en-US,en;q=0.9,vi;q=0.5' });
  for (const r of [vi, viExplicit, en, enUS]) assertError(r, 404, 'NOT_FOUND');
  assert.match(vi.json.error.message, VIETNAMESE, vi.json.error.message);
  assert.equal(viExplicit.json.error.message, vi.json.error.message);
  assert.doesNotMatch(en.json.error.message, VIETNAMESE);
  assert.match(en.json.error.message, /^[\x20-\x7e]+$/);
  assert.notEqual(en.json.error.message, vi.json.error.message);
  assert.equal(enUS.json.error.message, en.json.error.message);
  // Same for an error raised by a handler, with a field.
  const pv = await c.get('/api/v1/procedures?page=0');
  const pe = await c.get('/api/v1/procedures?page=0', { 'accept-language': 'en' });
  assertError(pv, 400, 'BAD_QUERY', 'page');
  assertError(pe, 400, 'BAD_QUERY', 'page');
  assert.match(pv.json.error.message, VIETNAMESE);
  assert.doesNotMatch(pe.json.error.message, VIETNAMESE);
});

test('invalid UTF-8 in the query string is refused', async () => {
  const r = await raw(env.base, 'GET', '/api/v1/procedures?q=%FF', {});
  assert.equal(r.status, 400);
  const j = rawJson(r);
  assert.ok(j && j.error, r.body.toString());
  assert.ok(['BAD_UTF8', 'BAD_QUERY'].includes(j.error.code), j.error.code);
  assert.equal(j.error.field, 'q');
});

test('an oversized request header is refused and the server keeps serving', async () => {
  let status = null;
  try {
    const r = await raw(env.base, 'GET', '/api/v1/procedures', { 'x-filler': 'a'.repeat(200 * 1024) });
    status = r.status;
  } catch {
    status = 'closed'; // dropping the connection is a refusal too
  }
  assert.ok(status === 'closed' || [400, 413, 431].includes(status), `oversized header answered ${status}`);
  const r = await anon().get('/healthz');
  assert.equal(r.status, 200);
});
