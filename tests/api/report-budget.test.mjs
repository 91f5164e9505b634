// A report an officer waits for has a budget of its own (stranger's test of
// issue 10, F14): with the request budget asked inside the PDF table loops,
// a year's tracking book of a busy desk could not be had at all. Routes
// flagged as reports (the tracking book) get http.report_budget_ms; spent,
// the book is 503 REQUEST_BUDGET_SPENT naming the period ("to").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, freshDb, run, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { loggedIn, assertError } from './helpers.mjs';

const BIN = process.env.MOTCUA_BIN || 'build/motcua';

// One database of 3,000 dossiers of the last year at the desk (VP), for both servers.
const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
execFileSync(BIN, ['gen', 'dossiers', '3000', '--seed', '7', '--db', db.url], { stdio: 'ignore' });
process.on('exit', () => db.drop());
const ymd = (ms) => new Date(ms).toISOString().slice(0, 10);
const book = `/api/v1/units/VP/tracking-book.pdf?from=${ymd(Date.now() - 365 * 86400e3)}&to=${ymd(Date.now())}`;

test('the tracking book runs under the report budget, not the request budget', async () => {
  // A request budget far too short for the book: the book still comes. The
  // report budget is set well above the default 120 s: under a loaded
  // machine the book of 3,000 dossiers took longer than that.
  const s = await startServer({ db: { url: db.url, drop() {} },
    args: ['--http.request_budget_ms', '100', '--http.report_budget_ms', '600000'] });
  try {
    const r = await (await loggedIn(s.base, 'tiepnhan')).get(book);
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.equal(r.headers.get('content-type'), 'application/pdf');
  } finally {
    await s.kill('SIGTERM');
  }
});

test('a report budget spent is 503 REQUEST_BUDGET_SPENT naming the period', async () => {
  const s = await startServer({ db: { url: db.url, drop() {} }, args: ['--http.report_budget_ms', '100'] });
  try {
    const c = await loggedIn(s.base, 'tiepnhan');
    const r = await c.get(book);
    assertError(r, 503, 'REQUEST_BUDGET_SPENT', 'to');
    assert.match(r.json.error.detail, /shorter period/);
    // Twice in a row: the same answer, and the server serves the next request.
    assertError(await c.get(book), 503, 'REQUEST_BUDGET_SPENT', 'to');
    assert.equal((await c.get('/api/v1/auth/me')).status, 200);
  } finally {
    await s.kill('SIGTERM');
  }
});
