// The API contract as the tests see it: docs/openapi.yaml read once, the
// operation of a request found by method and path template, and a reply
// checked against it (its status is documented, its JSON body matches the
// schema). tests/lib/motcua.mjs's Client checks every reply with it, so a
// test whose reply drifts from the spec fails.
//
// The validator knows the subset of JSON Schema (OpenAPI 3.0 flavour) that
// docs/openapi.yaml uses: $ref, type (integer included), nullable, enum,
// properties, required, additionalProperties, items, oneOf, anyOf, allOf,
// minimum, maximum, minLength, maxLength, pattern. Anything else in a schema is an
// error, so a keyword the spec starts to use is either taught here or not
// used at all.
//
// Environment:
//   MOTCUA_OPENAPI_CHECK=0      turns the check off; 1 demands it (it is on
//                               by default when the yaml package is there)
//   MOTCUA_OPENAPI_STRICT=0     a field that the schema does not name is
//                               no problem (by default it is one)
//   MOTCUA_OPENAPI_RECORD=FILE  appends one JSON line per reply (method,
//                               url, status, type, body) to FILE, checked or not
import { readFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The yaml package (package.json, npm ci). Without it the check is off, with
// one warning, unless MOTCUA_OPENAPI_CHECK=1 (scripts/check.sh) demands it.
let parse = null;
try {
  ({ parse } = await import('yaml'));
} catch {
  parse = null;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const SPEC_PATH = path.resolve(here, '../../docs/openapi.yaml');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const KNOWN = new Set(['$ref', 'type', 'nullable', 'enum', 'properties', 'required',
  'additionalProperties', 'items', 'oneOf', 'anyOf', 'allOf', 'minimum', 'maximum',
  'minLength', 'maxLength', 'pattern', 'description', 'format', 'example', 'default', 'title']);

// Strict (the default): an object schema with properties and no
// additionalProperties is closed, so a reply's field that the spec does not
// name is a problem, and a field added to the code is added to the spec.
const STRICT = process.env.MOTCUA_OPENAPI_STRICT !== '0';
let cached = null;

/** The parsed spec and its operations: [{method, template, parts, op}]. */
export function loadSpec(file = SPEC_PATH) {
  if (cached && cached.file === file) return cached;
  if (!parse) throw new Error('the yaml package is missing: run npm ci');
  const doc = parse(readFileSync(file, 'utf8'));
  const ops = [];
  for (const [template, item] of Object.entries(doc.paths || {}))
    for (const m of METHODS)
      if (item[m]) ops.push({ method: m.toUpperCase(), template, parts: template.split('/'), op: item[m] });
  cached = { file, doc, ops };
  return cached;
}

/**
 * The operation that serves METHOD URL, or null. A literal segment beats a
 * parameter at the same place (as the router's order puts /calendar/due
 * before /calendar/{year}).
 */
export function findOperation(method, url, spec = loadSpec()) {
  const p = url.split('?')[0].split('#')[0];
  const parts = p.split('/');
  let best = null;
  let bestScore = -1;
  for (const o of spec.ops) {
    if (o.method !== method || o.parts.length !== parts.length) continue;
    let score = 0;
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      if (/^\{[^}]+\}$/.test(o.parts[i])) ok = parts[i] !== '';
      else if (o.parts[i] === parts[i]) score++;
      else ok = false;
    }
    if (ok && score > bestScore) { best = o; bestScore = score; }
  }
  return best;
}

function resolve(doc, schema) {
  let s = schema;
  for (let n = 0; s && s.$ref; n++) {
    if (n > 20 || !s.$ref.startsWith('#/')) throw new Error(`cannot resolve ${s.$ref}`);
    s = s.$ref.slice(2).split('/').reduce((o, k) => (o ? o[k.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc);
    if (!s) throw new Error(`unresolved ${schema.$ref}`);
  }
  return s;
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function show(v) {
  const s = JSON.stringify(v);
  return s && s.length > 80 ? s.slice(0, 77) + '...' : s;
}

// The property names a schema declares, its allOf parts included.
function propNames(doc, schema, acc = new Set()) {
  const s = resolve(doc, schema);
  for (const k of Object.keys(s.properties || {})) acc.add(k);
  for (const sub of s.allOf || []) propNames(doc, sub, acc);
  return acc;
}

/**
 * Problems of VALUE against SCHEMA, as ["$.a.b: why", ...] (empty: it
 * matches). PART: SCHEMA is one part of an allOf, whose undeclared
 * properties are judged by the whole.
 */
export function validate(schema, value, doc = loadSpec().doc, where = '$', out = [], part = false) {
  const s = resolve(doc, schema);
  for (const k of Object.keys(s))
    if (!KNOWN.has(k) && !k.startsWith('x-')) out.push(`${where}: schema keyword ${k} is not known to tests/lib/openapi.mjs`);
  if (value === null) {
    if (s.nullable || (s.enum && s.enum.includes(null))) return out;
    if (!s.type && !s.oneOf && !s.anyOf && !s.allOf && !s.enum) return out;
    if (!s.oneOf && !s.anyOf && !s.allOf) { out.push(`${where}: null is not allowed`); return out; }
  }
  if (s.type) {
    const t = typeOf(value);
    const ok = t === s.type || (s.type === 'number' && t === 'integer');
    if (!ok) { out.push(`${where}: ${show(value)} is not of type ${s.type}`); return out; }
  }
  if (s.enum && !s.enum.includes(value)) out.push(`${where}: ${show(value)} is not one of ${s.enum.join(', ')}`);
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) out.push(`${where}: ${value} < ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum) out.push(`${where}: ${value} > ${s.maximum}`);
  }
  if (typeof value === 'string') {
    if (s.minLength !== undefined && value.length < s.minLength) out.push(`${where}: shorter than ${s.minLength}`);
    if (s.maxLength !== undefined && value.length > s.maxLength) out.push(`${where}: longer than ${s.maxLength}`);
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value)) out.push(`${where}: ${show(value)} does not match ${s.pattern}`);
  }
  if (s.allOf) for (const sub of s.allOf) validate(sub, value, doc, where, out, true);
  for (const key of ['oneOf', 'anyOf']) {
    if (!s[key]) continue;
    const fits = s[key].filter((sub) => validate(sub, value, doc, where, []).length === 0).length;
    if (key === 'oneOf' ? fits !== 1 : fits === 0) {
      const why = s[key].map((sub, i) => `#${i}: ${validate(sub, value, doc, where, []).slice(0, 2).join('; ') || 'matches'}`);
      out.push(`${where}: ${fits} of the ${key} alternatives match (${why.join(' | ')})`);
    }
  }
  if (Array.isArray(value) && s.items)
    value.forEach((v, i) => validate(s.items, v, doc, `${where}[${i}]`, out));
  if (typeOf(value) === 'object') {
    const props = s.properties || {};
    for (const r of s.required || []) if (!(r in value)) out.push(`${where}: required property ${r} is missing`);
    const names = part ? null : propNames(doc, s);
    const closed = s.additionalProperties === false ||
      (STRICT && s.additionalProperties === undefined && names && names.size > 0);
    for (const [k, v] of Object.entries(value)) {
      if (props[k]) validate(props[k], v, doc, `${where}.${k}`, out);
      if (part || names.has(k)) continue;
      if (closed) out.push(`${where}: property ${k} is not in the schema`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object')
        validate(s.additionalProperties, v, doc, `${where}.${k}`, out);
    }
  }
  return out;
}

// The error registry: code -> HTTP status. An error reply's code is one of
// them, with its status.
let codes = null;
function registry() {
  if (!codes) {
    codes = new Map();
    for (const line of readFileSync(path.resolve(here, '../../src/base/errors.tsv'), 'utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const cols = line.split('\t');
      codes.set(cols[1], Number(cols[2]));
    }
  }
  return codes;
}

let checked = 0;
let warned = false;
/** How many replies were checked against the spec by this process. */
export function checkedReplies() { return checked; }

/**
 * Checks one reply: {method, url, status, contentType, json}. Returns a list
 * of problems (empty: it matches, or no documented operation serves the
 * address, which the route test in tests/docs covers). A status that the
 * operation does not list is a problem, unless it is an error (4xx, 5xx)
 * and the operation has a `default` reply; a JSON body is checked against
 * the reply's application/json schema; an error's code must be in the
 * registry (src/base/errors.tsv) with the reply's status.
 */
export function checkReply({ method, url, status, contentType, json }, spec = loadSpec()) {
  const o = findOperation(method, url, spec);
  if (!o) return [];
  checked++;
  const where = `${method} ${o.template} -> ${status}`;
  const responses = o.op.responses || {};
  let reply = responses[String(status)];
  if (!reply && status >= 400) reply = responses.default;
  if (!reply) return [`${where}: status ${status} is not documented`];
  reply = resolve(spec.doc, reply);
  const ct = (contentType || '').split(';')[0].trim().toLowerCase();
  const content = reply.content || {};
  if (ct === 'application/json') {
    const media = content['application/json'];
    if (!media || !media.schema) return [`${where}: a JSON reply, but no application/json schema is documented`];
    const problems = validate(media.schema, json, spec.doc).map((p) => `${where}: ${p}`);
    const code = status >= 400 && json && json.error && json.error.code;
    if (typeof code === 'string') {
      const want = registry().get(code);
      if (want === undefined) problems.push(`${where}: error code ${code} is not in src/base/errors.tsv`);
      else if (want !== status) problems.push(`${where}: ${code} has status ${want} in src/base/errors.tsv`);
    }
    return problems;
  }
  const types = Object.keys(content);
  if (types.length && ct && !types.some((t) => t === ct || t === '*/*' || (t.endsWith('/*') && ct.startsWith(t.slice(0, -1)))))
    return [`${where}: Content-Type ${ct} is not among ${types.join(', ')}`];
  return [];
}

/**
 * What the Client calls for every reply: records it if asked, checks it
 * unless turned off, and throws an Error naming every problem.
 */
export function assertReply(reply) {
  if (process.env.MOTCUA_OPENAPI_RECORD)
    appendFileSync(process.env.MOTCUA_OPENAPI_RECORD, JSON.stringify(reply) + '\n');
  const mode = process.env.MOTCUA_OPENAPI_CHECK;
  if (mode === '0') return;
  if (!parse && mode !== '1') {
    if (!warned) process.stderr.write('tests/lib/openapi.mjs: no yaml package (npm ci), replies are not checked\n');
    warned = true;
    return;
  }
  const problems = checkReply(reply);
  if (problems.length)
    throw new Error(`the reply does not match docs/openapi.yaml:\n  ${problems.slice(0, 10).join('\n  ')}`);
}

/**
 * The same check for a reply that a test fetched itself (a redirect, a
 * PDF, an event stream): URL absolute or a path; a JSON body is read from a
 * clone, so the test still reads the reply.
 */
export async function assertFetched(method, url, res) {
  const contentType = res.headers.get('content-type');
  let json = null;
  if (/^application\/json/i.test(contentType || '')) json = await res.clone().json().catch(() => null);
  assertReply({ method, url: new URL(url, 'http://127.0.0.1').pathname, status: res.status, contentType, json });
}
