// docs/openapi.yaml against the real route table (`motcua routes`), both
// ways: a route without a documented operation fails, and so does a
// documented operation that no route serves. Each operation's `security`
// says what the route table enforces (public, session, CSRF token), each
// has an operationId, and each success reply a schema, which the API tests
// check every reply against (tests/lib/openapi.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { loadSpec, validate, checkReply } from '../lib/openapi.mjs';

const BIN = process.env.MOTCUA_BIN || 'build/motcua';
const routes = JSON.parse(execFileSync(BIN, ['routes'], { encoding: 'utf8' })).routes;
const spec = loadSpec();
const key = (method, path) => `${method} ${path}`;
const documented = new Map(spec.ops.map((o) => [key(o.method, o.template), o.op]));
const routed = new Map(routes.map((r) => [key(r.method, r.pattern), r]));

test('the route table has routes and the spec has operations', () => {
  assert.ok(routes.length >= 10, `${routes.length} routes`);
  assert.ok(spec.ops.length >= 10, `${spec.ops.length} operations`);
});

test('every route is an operation of docs/openapi.yaml', () => {
  const missing = [...routed.keys()].filter((k) => !documented.has(k));
  assert.deepEqual(missing, [], `missing from docs/openapi.yaml: ${missing.join(', ')}`);
});

test('every operation of docs/openapi.yaml is a route', () => {
  const extra = [...documented.keys()].filter((k) => !routed.has(k));
  assert.deepEqual(extra, [], `documented, but no route serves: ${extra.join(', ')}`);
});

test('security says what the route table enforces', () => {
  const wrong = [];
  for (const [k, op] of documented) {
    const r = routed.get(k);
    if (!r) continue;
    const sec = op.security;
    if (!Array.isArray(sec)) { wrong.push(`${k}: no security`); continue; }
    const anonymous = sec.length === 0 || sec.some((req) => Object.keys(req).length === 0);
    if (r.public !== anonymous)
      wrong.push(`${k}: the route is ${r.public ? '' : 'not '}public, the spec says ${JSON.stringify(sec)}`);
    if (r.public) continue;
    for (const req of sec) {
      if (!('session' in req)) wrong.push(`${k}: a requirement without the session cookie`);
      const csrf = r.csrf && r.method !== 'GET' && r.method !== 'HEAD';
      if (csrf !== ('csrf' in req))
        wrong.push(`${k}: the route ${csrf ? 'requires' : 'does not require'} X-CSRF-Token, the spec says ${JSON.stringify(sec)}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('the routes that take an Idempotency-Key say so, and only they', () => {
  const wrong = [];
  for (const [k, op] of documented) {
    const r = routed.get(k);
    if (!r) continue;
    const says = (op.parameters || []).some((p) => p.$ref === '#/components/parameters/IdempotencyKey');
    if (Boolean(r.idempotent) !== says)
      wrong.push(`${k}: the route ${r.idempotent ? 'takes' : 'does not take'} an Idempotency-Key`);
  }
  assert.deepEqual(wrong, []);
});

test('every operation has a unique operationId', () => {
  const ids = spec.ops.map((o) => o.op.operationId);
  assert.deepEqual(spec.ops.filter((o) => !o.op.operationId).map((o) => key(o.method, o.template)), []);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
});

test('every success reply with a body has a schema, and every operation a default Error', () => {
  const wrong = [];
  for (const o of spec.ops) {
    const k = key(o.method, o.template);
    const responses = o.op.responses || {};
    if (!responses.default) wrong.push(`${k}: no default reply`);
    for (const [status, reply] of Object.entries(responses)) {
      if (!/^2/.test(status) || status === '204') continue;
      const content = reply.content || {};
      if (!Object.keys(content).length) wrong.push(`${k} ${status}: no content`);
      for (const [type, media] of Object.entries(content))
        if (!media.schema) wrong.push(`${k} ${status} ${type}: no schema`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('the reply check refuses what does not match', () => {
  const good = { method: 'GET', url: '/api/v1/units', status: 200, contentType: 'application/json',
    json: { items: [{ code: 'VP', ident: '000.1', name: 'V', name_en: 'O', parent: null, office_hours: '07:30-11:30' }] } };
  assert.deepEqual(checkReply(good), []);
  const bad = structuredClone(good);
  delete bad.json.items[0].ident;
  bad.json.items[0].parent = 7;
  assert.deepEqual(checkReply(bad), [
    'GET /api/v1/units -> 200: $.items[0]: required property ident is missing',
    'GET /api/v1/units -> 200: $.items[0].parent: 7 is not of type string',
  ]);
  const more = structuredClone(good);
  more.json.items[0].secret = 'x';
  assert.deepEqual(checkReply(more), ['GET /api/v1/units -> 200: $.items[0]: property secret is not in the schema']);
  assert.match(checkReply({ ...good, status: 201 })[0], /status 201 is not documented/);
  assert.match(checkReply({ ...good, status: 404, json: { nope: 1 } })[0], /required property error is missing/);
  assert.match(checkReply({ ...good, contentType: 'text/html' })[0], /Content-Type text\/html/);
  assert.deepEqual(checkReply({ ...good, url: '/api/v1/no-such-thing' }), []);
  // An error's code is in the registry, with the reply's status.
  const error = (status, code) => checkReply({ ...good, status, json: { error: { code, message: 'm' } } });
  assert.deepEqual(error(400, 'BAD_JSON'), []);
  assert.deepEqual(error(404, 'BAD_JSON'), ['GET /api/v1/units -> 404: BAD_JSON has status 400 in src/base/errors.tsv']);
  assert.deepEqual(error(400, 'NO_SUCH_CODE'), ['GET /api/v1/units -> 400: error code NO_SUCH_CODE is not in src/base/errors.tsv']);
  // A literal segment wins over a parameter, as in the router.
  const due = checkReply({ method: 'GET', url: '/api/v1/calendar/due?x=1', status: 200,
    contentType: 'application/json', json: { year: 2026 } });
  assert.match(due.join('\n'), /GET \/api\/v1\/calendar\/due -> 200: \$: required property due is missing/);
  // nullable, enum, oneOf, allOf
  const s = { type: 'object', properties: { a: { type: 'string', nullable: true, enum: ['x', null] },
    b: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
    c: { type: 'object', nullable: true, allOf: [{ $ref: '#/components/schemas/UnitRef' }] } } };
  assert.deepEqual(validate(s, { a: null, b: 1, c: null }), []);
  assert.deepEqual(validate(s, { a: 'y', b: true, c: { code: 'X' } }).length, 4);
});
