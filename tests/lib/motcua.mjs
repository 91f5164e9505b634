// Test harness shared by tests/api and tests/web: starts a real `motcua serve`
// on an ephemeral port over a fresh database loaded with demo data, and gives
// a small HTTP client that keeps the session cookie and CSRF token and checks
// every reply against docs/openapi.yaml.
//
// Environment:
//   MOTCUA_BIN       the binary (default build/motcua)
//   MOTCUA_BACKEND   "sqlite" (default) or "postgres"
//   MOTCUA_PG_ADMIN  with postgres: an admin URI of the throwaway cluster,
//                    e.g. postgresql://postgres@/postgres?host=/tmp/x&port=54329
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertReply } from './openapi.mjs';

export const DEMO_PASSWORD = 'demo-pass';
const BIN = process.env.MOTCUA_BIN || 'build/motcua';

export function freshDb() {
  const backend = process.env.MOTCUA_BACKEND || 'sqlite';
  if (backend === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'motcua-test-'));
    return { url: `sqlite:${dir}/m.db`, drop() { rmSync(dir, { recursive: true, force: true }); } };
  }
  const admin = process.env.MOTCUA_PG_ADMIN;
  if (!admin) throw new Error('MOTCUA_PG_ADMIN is required with MOTCUA_BACKEND=postgres');
  const name = `motcua_t_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  execFileSync('psql', [admin, '-qAtc', `CREATE DATABASE ${name}`]);
  // libpq URIs may have an empty host (socket folder in ?host=), which
  // WHATWG URL refuses: replace the database name by hand.
  const url = admin.replace(/^(postgres(?:ql)?:\/\/[^/]*)\/[^?]*/, `$1/${name}`);
  return {
    url,
    drop() { try { execFileSync('psql', [admin, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]); } catch { /* best effort */ } },
  };
}

export function run(args, opts = {}) {
  return execFileSync(BIN, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
}

/** Runs the binary and returns {status, stdout, stderr} without throwing. */
export function runStatus(args, opts = {}) {
  try {
    const stdout = execFileSync(BIN, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

/**
 * Starts a server. Returns {base, db, stop(), log()}.
 * options.demo (default true) loads demo data; options.args adds serve flags.
 */
export async function startServer(options = {}) {
  // options.db: the database of an earlier server (after its kill()), reused as it is.
  const db = options.db || freshDb();
  if (!options.db) {
    run(['migrate', '--db', db.url]);
    if (options.demo !== false) run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
  }
  // The background worker is off unless a test turns it on (its rounds
  // would add `due_soon`/`overdue` events to histories other tests check).
  // Tests make far more online dossiers per account than a citizen may in
  // an hour; a test of that limit sets it in its own args (later wins).
  const child = spawn(BIN, ['serve', '--db', db.url, '--listen', '127.0.0.1:0', '--worker.interval_seconds', '0',
    '--submit.per_account_per_hour', '1000000',
    // Digitization at receipt (issue 15 item 18) is on in production; tests
    // that are not about it move paper dossiers without scanning them, and
    // the tests of it turn it on in their own args (later wins).
    '--desk.require_digitization', 'false', ...(options.args || [])],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  // 60 s to bind: the sanitizer build on a loaded 2-core machine took more
  // than 15 s between reading its password list and listening.
  const base = await new Promise((resolve, reject) => {
    // Given up on, it is ended: a server left running holds the test file
    // open, and the whole suite hung after the file had failed.
    const timer = setTimeout(() => {
      reject(new Error('server did not start:\n' + stderr));
      child.kill('SIGKILL');
    }, 60000);
    child.stderr.on('data', (d) => {
      stderr += d.toString();
      const m = stderr.match(/listening on (http:\/\/[0-9.]+:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${stderr}`)); });
    child.on('error', (e) => { clearTimeout(timer); reject(new Error(`server not started: ${e.message}`)); });
  });
  child.stdout.on('data', () => {});
  return {
    base,
    db,
    pid: child.pid,
    log: () => stderr,
    /** Ends the process with a signal (SIGKILL: a crash) and keeps the database. */
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) {
        const done = new Promise((r) => child.on('exit', r));
        child.kill(signal);
        await done;
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const done = new Promise((r) => child.on('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      db.drop();
    },
  };
}

/** A client that keeps one session: cookie jar of one cookie plus the CSRF token. */
export class Client {
  constructor(base) { this.base = base; this.cookie = null; this.csrf = null; }

  async request(method, url, body, headers = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && method !== 'HEAD' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    let payload = body;
    if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      payload = JSON.stringify(body);
      h['content-type'] = h['content-type'] || 'application/json';
    }
    const res = await fetch(this.base + url, { method, headers: h, body: payload, redirect: 'manual' });
    const set = res.headers.get('set-cookie');
    if (set) {
      const m = set.match(/motcua_session=([^;]*)/);
      if (m) this.cookie = m[1] ? `motcua_session=${m[1]}` : null;
    }
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    // Every reply is checked against docs/openapi.yaml (tests/lib/openapi.mjs).
    assertReply({ method, url, status: res.status, contentType: res.headers.get('content-type'), json });
    return { status: res.status, headers: res.headers, text, json };
  }

  get(url, headers) { return this.request('GET', url, undefined, headers); }
  post(url, body, headers) { return this.request('POST', url, body, headers); }
  put(url, body, headers) { return this.request('PUT', url, body, headers); }
  del(url, headers) { return this.request('DELETE', url, undefined, headers); }

  async login(username, password = DEMO_PASSWORD) {
    const r = await this.post('/api/v1/auth/login', { username, password });
    if (r.status === 200) this.csrf = r.json.csrf_token;
    return r;
  }
}
