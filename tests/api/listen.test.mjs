// An address in use is refused (stranger's test of issue 10, F19): both
// listeners were opened with SO_REUSEPORT, so a second `serve` on the same
// port started and the kernel split the connections between the two, and
// http.metrics_listen equal to listen served /metrics on the public address
// without its token about half the time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/motcua.mjs';

test('a second server on a port in use does not start, naming the address', async () => {
  const first = await startServer({});
  try {
    const addr = new URL(first.base).host;
    await assert.rejects(startServer({ args: ['--listen', addr] }), (e) => {
      assert.match(e.message, new RegExp(`cannot listen on ${addr.replace(/\./g, '\\.')}`));
      return true;
    });
    // The first still answers every request.
    for (let i = 0; i < 10; i++) assert.equal((await fetch(first.base + '/healthz')).status, 200);
  } finally {
    await first.stop();
  }
});

test('http.metrics_listen on the public address is refused at start', async () => {
  const probe = await startServer({});
  const addr = new URL(probe.base).host;
  await probe.stop();
  await assert.rejects(startServer({ args: ['--listen', addr, '--http.metrics_listen', addr] }), (e) => {
    assert.match(e.message, /http\.metrics_listen .* is the public address/);
    return true;
  });
});

// Stranger's report 16, items 11 and 14: a metrics port in use gave no
// reason, and with log_format = json a start failure was plain text.
test('a metrics port in use names the option and the reason; as JSON with log_format json', async () => {
  const first = await startServer({});
  try {
    const addr = new URL(first.base).host;
    await assert.rejects(startServer({ args: ['--http.metrics_listen', addr] }), (e) => {
      assert.match(e.message, new RegExp(`http\\.metrics_listen: cannot listen on ${addr.replace(/\./g, '\\.')} for metrics: Address already in use`));
      return true;
    });
    await assert.rejects(startServer({ args: ['--listen', addr, '--log_format', 'json'] }), (e) => {
      const lines = e.message.split('\n').slice(1).filter((l) => l);
      assert.ok(lines.length > 0, e.message);
      for (const l of lines) assert.doesNotThrow(() => JSON.parse(l), l);
      const fail = lines.map((l) => JSON.parse(l)).find((j) => j.level === 'error');
      assert.ok(fail, e.message);
      assert.match(fail.msg, new RegExp(`^listen: cannot listen on ${addr.replace(/\./g, '\\.')}: Address already in use`));
      assert.match(fail.src, /^cli_commands\.c:\d+$/);
      return true;
    });
  } finally {
    await first.stop();
  }
});
