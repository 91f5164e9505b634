// `motcua serve` stops on SIGTERM and SIGINT whenever they come: right
// after it says it listens, while its threads start, and under requests.
// The server used to catch the signal with a handler and wait in pause():
// a signal landing between the flag's check and pause(), or on another
// thread than the main one, left it running for ever (seen in CI: a test
// waited on a server that had been sent SIGTERM).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, freshDb, run } from '../lib/motcua.mjs';

/** Resolves with the server's exit, or rejects after ms. */
function exitWithin(srv, signal, ms) {
  return Promise.race([
    srv.kill(signal).then(() => 'exited'),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no exit ${ms} ms after ${signal}`)), ms)),
  ]);
}

test('SIGTERM or SIGINT at once after start: the server exits every time', async () => {
  const db = freshDb();
  run(['migrate', '--db', db.url]);
  try {
    for (let i = 0; i < 30; i++) {
      const srv = await startServer({ db, args: ['--threads', '16'] });
      const signal = i % 2 ? 'SIGINT' : 'SIGTERM';
      assert.equal(await exitWithin(srv, signal, 10000), 'exited', `round ${i}`);
      assert.match(srv.log(), /stopping/, `round ${i}: the server says why it stops`);
    }
  } finally {
    db.drop();
  }
});

test('SIGTERM while requests run: the server exits', async () => {
  const db = freshDb();
  run(['migrate', '--db', db.url]);
  try {
    for (let i = 0; i < 5; i++) {
      const srv = await startServer({ db });
      // node:http, not fetch: a fetch cut off by the server's exit can stay
      // pending with nothing left on the event loop (undici), which ends
      // the test run instead of the test.
      const load = Array.from({ length: 20 }, () => new Promise((resolve) => {
        const req = http.get(`${srv.base}/healthz`, { agent: false }, (res) => {
          res.resume();
          res.on('close', resolve);
        });
        req.on('error', resolve);
        req.on('close', resolve);
      }));
      assert.equal(await exitWithin(srv, 'SIGTERM', 10000), 'exited', `round ${i}`);
      await Promise.all(load);
    }
  } finally {
    db.drop();
  }
});
