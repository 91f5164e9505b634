// Shared pieces of the API tests (tests/api/*.test.mjs): one server per test
// file (tests/lib/motcua.mjs), assertions on the error body, raw HTTP for the
// checks that fetch would hide (compressed bytes, invalid UTF-8 in the URL).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, Client, DEMO_PASSWORD, runStatus } from '../lib/motcua.mjs';
import { assertFetched } from '../lib/openapi.mjs';
import { onlineComponents } from '../lib/submit.mjs';

export { Client, DEMO_PASSWORD, runStatus, assertFetched, onlineComponents };

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');

/**
 * Runs SQL on a test database behind the server's back (sqlite3 or psql) and
 * answers its output, columns separated by '|'. SQLite waits up to 10 s for
 * the server's write lock: a busy machine must not turn a test's own
 * statement into "database is locked".
 */
export function dbSql(url, text) {
  if (url.startsWith('sqlite:')) {
    return execFileSync('sqlite3', ['-cmd', '.timeout 10000', '-separator', '|', url.slice(7), text], { encoding: 'utf8' });
  }
  return execFileSync('psql', [url, '-qAtF', '|', '-c', text], { encoding: 'utf8' });
}

/**
 * Registers before/after hooks that start and stop one server for the file.
 * setup(env), if given, runs once the server is up. (Node 20 runs several
 * root-level before hooks concurrently, so a file must not add its own.)
 */
export function useServer(options, setup) {
  const env = { server: null, base: null };
  before(async () => {
    env.server = await startServer(options);
    env.base = env.server.base;
    if (setup) await setup(env);
  });
  after(async () => {
    if (env.server) await env.server.stop();
  });
  return env;
}

/** A new client, already logged in as `username` (demo password). */
export async function loggedIn(base, username) {
  const c = new Client(base);
  const r = await c.login(username);
  assert.equal(r.status, 200, `login ${username}: ${r.text}`);
  assert.ok(c.cookie, `login ${username} set no cookie`);
  assert.ok(c.csrf, `login ${username} gave no csrf_token`);
  return c;
}

/**
 * Checks an error reply: status, {"error":{"code","message",("field")}}.
 * field: the expected field name, or undefined to skip the check.
 */
export function assertError(r, status, code, field) {
  const what = `${status} ${code}${field ? ' field ' + field : ''}; got ${r.status} ${r.text.slice(0, 400)}`;
  assert.equal(r.status, status, what);
  assert.ok(r.json && typeof r.json === 'object', `error body is not JSON: ${what}`);
  assert.ok(r.json.error && typeof r.json.error === 'object', `no "error" object: ${what}`);
  assert.equal(r.json.error.code, code, what);
  assert.equal(typeof r.json.error.message, 'string', `message is not a string: ${what}`);
  assert.ok(r.json.error.message.length > 0, `empty message: ${what}`);
  if (field !== undefined) assert.equal(r.json.error.field, field, what);
  const ct = r.headers.get('content-type') || '';
  assert.match(ct, /^application\/json/, `error Content-Type: ${ct}`);
}

/** The seed file of a procedure, as an object. */
export function seedProcedure(code) {
  return JSON.parse(readFileSync(path.join(ROOT, 'data/catalogue', `${code}.json`), 'utf8'));
}

/**
 * A raw HTTP request through node:http: the path is sent as given (bytes such
 * as %FF stay as they are) and the body is not decompressed.
 * Returns {status, headers (lower-case names), body: Buffer}.
 */
export function raw(base, method, urlPath, headers = {}, body) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path: urlPath, headers }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The JSON of a raw reply's body, or null. */
export function rawJson(r) {
  try { return JSON.parse(r.body.toString('utf8')); } catch { return null; }
}

/**
 * Reads a text/event-stream until pred(event) holds and returns the events
 * seen (each {event, data, json}). onOpen runs once the first event (the
 * snapshot) has arrived; with forMs, reading stops that long after onOpen
 * and returns what came, whatever pred says.
 */
export async function readEvents(url, pred, { timeout = 8000, onOpen, forMs } = {}) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeout);
  let window = null;
  const res = await fetch(url, { signal: ctl.signal, headers: { accept: 'text/event-stream' } });
  await assertFetched('GET', url, res);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/event-stream/);
  const events = [];
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  let opened = false;
  let windowOver = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const ev = { event: 'message', data: '' };
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) ev.event = line.slice(7);
          else if (line.startsWith('data: ')) ev.data += line.slice(6);
        }
        if (!ev.data) continue;
        ev.json = JSON.parse(ev.data);
        events.push(ev);
        if (!opened) {
          opened = true;
          if (onOpen) await onOpen();
          if (forMs) window = setTimeout(() => { windowOver = true; ctl.abort(); }, forMs);
        }
        if (pred(ev)) return events;
      }
    }
  } catch (err) {
    if (!windowOver) throw err;
    return events;
  } finally {
    clearTimeout(timer);
    clearTimeout(window);
    ctl.abort();
  }
  throw new Error(`stream ended without the event; saw ${JSON.stringify(events)}`);
}

/**
 * A working instant `days` working days after the due time iso, by the
 * processing unit's calendar (GET /api/v1/calendar/due): a proposed due
 * time of Form 04 that the server accepts whatever the day the test runs.
 * Returns "YYYY-MM-DDTHH:MM+07:00".
 */
export async function workingLater(base, iso, days = 3, unit = 'DNLD') {
  const from = new Date(new Date(iso).getTime() + 7 * 3600000).toISOString().slice(0, 16);
  const r = await new Client(base).get(`/api/v1/calendar/due?unit=${unit}&from=${from}&limit=${days}wd`);
  assert.equal(r.status, 200, r.text);
  return `${r.json.due.slice(0, 16)}+07:00`;
}

/** Calls fn every 100 ms until it gives a true value, which it returns; fails naming `what` after ms. */
export async function until(what, fn, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The payer on the sandbox gateway's page: opens the payment's address and
 * chooses (outcome paid|failed|silent; IPN once|twice|late|none). Answers the choice's reply.
 */
export async function sandboxChoose(base, pay, outcome, ipn) {
  const c = new Client(base);
  const page = await c.get(pay.payment_url.slice(base.length));
  assert.equal(page.status, 200, page.text);
  return c.post('/sandbox/pay/pay', new URLSearchParams({ vnp_TxnRef: pay.txn_ref, vnp_Outcome: outcome, vnp_Ipn: ipn }).toString(),
    { 'content-type': 'application/x-www-form-urlencoded' });
}
