// Overload and slow clients (issue 10 item 5): what an anonymous client can
// hold is bounded. Each test starts its own server with small limits so that
// it runs in seconds; all traffic is on loopback (the "other clients" come
// from other 127.x.y.z source addresses, which Linux routes to lo).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/motcua.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function portOf(base) { return Number(new URL(base).port); }

/**
 * Sends raw text on a new connection and reads one reply.
 * Resolves {status, headers, body} | {closed: true} (closed or reset with no
 * reply) | {timeout: true}.
 */
function rawOnce(base, text, { localAddress, timeoutMs = 3000 } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port: portOf(base), localAddress });
    let data = Buffer.alloc(0);
    let done = false;
    const finish = (v) => { if (!done) { done = true; clearTimeout(timer); sock.destroy(); resolve(v); } };
    const timer = setTimeout(() => finish({ timeout: true }), timeoutMs);
    sock.on('connect', () => sock.write(text));
    sock.on('data', (d) => {
      data = Buffer.concat([data, d]);
      const r = parseReply(data);
      if (r) finish(r);
    });
    sock.on('error', () => finish({ closed: true }));
    sock.on('close', () => finish(parseReply(data, true) || { closed: true }));
  });
}

/** Parses an HTTP/1.1 reply with a Content-Length (or, at end, what came). */
function parseReply(buf, atEnd = false) {
  const s = buf.toString('latin1');
  const end = s.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const lines = s.slice(0, end).split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const body = buf.subarray(Buffer.byteLength(s.slice(0, end + 4), 'latin1'));
  const len = headers['content-length'] !== undefined ? Number(headers['content-length']) : null;
  if (len !== null && body.length < len && !atEnd) return null;
  if (len === null && !atEnd && !/event-stream/.test(headers['content-type'] || '')) return null;
  let json = null;
  try { json = JSON.parse(body.toString('utf8')); } catch { /* not JSON */ }
  return { status, headers, body, json };
}

function get(path, extra = '') {
  return `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;
}

/**
 * Opens a connection that sends a request's headers announcing a body and
 * then sends nothing: the request stays in progress. Resolves the socket
 * once the server has had a moment to read the headers.
 */
async function holdRequest(base, { localAddress, xff, length = 1000, pathName = '/api/v1/auth/login' } = {}) {
  const sock = net.connect({ host: '127.0.0.1', port: portOf(base), localAddress });
  sock.on('error', () => {});
  sock.replies = '';
  sock.on('data', (d) => { sock.replies += d.toString('latin1'); });
  await new Promise((r, j) => { sock.once('connect', r); sock.once('error', j); });
  sock.write(`POST ${pathName} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n`
    + (xff ? `X-Forwarded-For: ${xff}\r\n` : '') + `Content-Length: ${length}\r\n\r\n`);
  await sleep(100);
  return sock;
}

/** Opens an event stream; resolves the socket once its first bytes came, or the reply if refused. */
function openStream(base, url, { localAddress } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port: portOf(base), localAddress });
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => resolve({ timeout: true, sock }), 3000);
    sock.on('error', () => { clearTimeout(timer); resolve({ closed: true, sock }); });
    sock.on('connect', () => sock.write(get(url)));
    sock.on('data', (d) => {
      data = Buffer.concat([data, d]);
      const r = parseReply(data);
      if (r) { clearTimeout(timer); resolve({ ...r, sock }); }
    });
  });
}

function vmRssKb(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return Number(m[1]);
}

function assertBusy(r, what) {
  assert.ok(!r.timeout, `${what}: no answer within the time (the connection hangs)`);
  assert.ok(!r.closed, `${what}: closed without a reply`);
  assert.equal(r.status, 503, `${what}: status ${r.status} ${r.body}`);
  assert.ok(Number(r.headers['retry-after']) > 0, `${what}: no Retry-After`);
  assert.equal(r.json?.error?.code, 'SERVER_BUSY', `${what}: ${r.body}`);
}

test('above the connection cap the next request gets 503 with Retry-After at once', async () => {
  const srv = await startServer({ demo: false, args: ['--http.max_connections', '10'] });
  const held = [];
  try {
    for (let i = 0; i < 10; i++) held.push(await holdRequest(srv.base));
    const t0 = Date.now();
    const r = await rawOnce(srv.base, get('/healthz'));
    assertBusy(r, '11th connection');
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
    // Past the margin above the cap (10 + 10/4 + 16 = 28), connections are
    // closed at once rather than left waiting in the listen queue.
    for (let i = 10; i < 28; i++) held.push(await holdRequest(srv.base));
    const t1 = Date.now();
    const past = await rawOnce(srv.base, get('/healthz'));
    assert.ok(!past.timeout, 'a connection past the margin hangs');
    assert.ok(past.closed || past.status === 503, JSON.stringify(past));
    assert.ok(Date.now() - t1 < 2000, `took ${Date.now() - t1} ms`);
    // Freeing the slots lets clients in again.
    for (const s of held) s.destroy();
    held.length = 0;
    await sleep(300);
    const ok = await rawOnce(srv.base, get('/healthz'));
    assert.equal(ok.status, 200, JSON.stringify(ok));
  } finally {
    for (const s of held) s.destroy();
    await srv.stop();
  }
});

test('200 slowloris connections do not stop a normal client, and are closed at the header deadline', async () => {
  const srv = await startServer({
    demo: false,
    args: ['--http.max_connections', '50', '--http.header_timeout', '2'],
  });
  const slow = [];
  let closed = 0;
  let timer;
  try {
    // 200 clients from 200 addresses, each trickling a header byte every 300 ms.
    for (let i = 0; i < 200; i++) {
      const s = net.connect({ host: '127.0.0.1', port: portOf(srv.base), localAddress: `127.0.${1 + (i >> 7)}.${1 + (i & 127)}` });
      s.on('error', () => {});
      s.on('close', () => { closed++; });
      s.on('connect', () => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'));
      slow.push(s);
    }
    await sleep(300);
    timer = setInterval(() => { for (const s of slow) if (!s.destroyed) s.write('X'); }, 300);
    // A normal client, on new connections, is answered every time, quickly.
    for (let i = 0; i < 20; i++) {
      const t0 = Date.now();
      const r = await rawOnce(srv.base, get('/healthz'), { timeoutMs: 2000 });
      assert.equal(r.status, 200, `request ${i}: ${JSON.stringify(r)}`);
      assert.ok(Date.now() - t0 < 1000, `request ${i} took ${Date.now() - t0} ms`);
    }
    // However slowly they trickle, none outlives the 2 s header deadline.
    await sleep(3000);
    assert.equal(closed, 200, `slowloris connections still open: ${200 - closed}`);
  } finally {
    clearInterval(timer);
    for (const s of slow) s.destroy();
    await srv.stop();
  }
});

test('a client that reads its replies too slowly is closed', async () => {
  const srv = await startServer({
    demo: false,
    args: ['--http.header_timeout', '1', '--http.body_min_rate', '100000', '--http.timeout', '3600',
      '--http.metrics_token', 't'],
  });
  const sock = net.connect({ host: '127.0.0.1', port: portOf(srv.base) });
  sock.on('error', () => {});
  try {
    await new Promise((r) => sock.once('connect', r));
    sock.pause(); // reads nothing: the replies fill the socket buffers
    sock.write(get('/i18n/vi.json').repeat(400));
    await sleep(4500);
    const m = await rawOnce(srv.base, get('/metrics', 'Authorization: Bearer t\r\n'));
    assert.equal(m.status, 200);
    const text = m.body.toString();
    const timedOut = Number(text.match(/motcua_http_overload_total\{what="timed_out"\} (\d+)/)[1]);
    assert.ok(timedOut >= 1, `no connection closed past its reply deadline:\n${text.match(/motcua_http_(overload|connections).*/g).join('\n')}`);
    assert.equal(Number(text.match(/^motcua_http_connections (\d+)/m)[1]), 1, 'the slow reader still holds a connection');
  } finally {
    sock.destroy();
    await srv.stop();
  }
});

test('event streams are capped per client address and in all', async () => {
  const srv = await startServer({
    args: ['--http.max_streams_per_ip', '2', '--http.max_streams', '3'],
  });
  const socks = [];
  try {
    const url = '/api/v1/queue/units/VP/events';
    for (let i = 0; i < 2; i++) {
      const r = await openStream(srv.base, url);
      socks.push(r.sock);
      assert.equal(r.status, 200, `stream ${i}: ${JSON.stringify(r.headers)}`);
      assert.match(r.headers['content-type'], /text\/event-stream/);
    }
    const third = await openStream(srv.base, url);
    socks.push(third.sock);
    assertBusy(third, 'third stream from one address');
    const other = await openStream(srv.base, url, { localAddress: '127.0.0.2' });
    socks.push(other.sock);
    assert.equal(other.status, 200, 'a stream from another address');
    const fourth = await openStream(srv.base, url, { localAddress: '127.0.0.3' });
    socks.push(fourth.sock);
    assertBusy(fourth, 'fourth stream in all');
    // A board that closes frees its place within a couple of seconds.
    socks[0].destroy();
    await sleep(2000);
    const again = await openStream(srv.base, url, { localAddress: '127.0.0.3' });
    socks.push(again.sock);
    assert.equal(again.status, 200, 'a stream after one closed');
  } finally {
    for (const s of socks) s?.destroy();
    await srv.stop();
  }
});

test('large bodies go to temporary files: RSS stays bounded; past the disk budget 503', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-overload-'));
  const srv = await startServer({
    demo: false,
    args: ['--data_dir', dir, '--http.body_disk_mb', '140'],
  });
  const socks = [];
  try {
    const before = vmRssKb(srv.pid);
    const MB = 1024 * 1024;
    const size = 16 * MB;
    const chunk = Buffer.alloc(MB, 0x41);
    // Eight 16 MB bodies in flight at once (128 MB), each one byte short.
    for (let i = 0; i < 8; i++) {
      const s = await holdRequest(srv.base, { pathName: '/api/v1/verify/NOPE', length: size, localAddress: `127.0.3.${i + 1}` });
      for (let k = 0; k < 15; k++) s.write(chunk);
      await new Promise((r) => s.write(chunk.subarray(0, MB - 1), r));
      socks.push(s);
    }
    const tmpDir = path.join(dir, 'tmp');
    const openFiles = () => readdirSync(`/proc/${srv.pid}/fd`).map((fd) => {
      try { return readlinkSync(`/proc/${srv.pid}/fd/${fd}`); } catch { return ''; }
    }).filter((l) => l.startsWith(tmpDir));
    // The server reads the bodies at its own pace (slower under ASan): wait
    // until all eight are on disk, 15 s at most.
    let files = openFiles();
    for (let t = 0; t < 150 && files.length < 8; t++) { await sleep(100); files = openFiles(); }
    await sleep(500);
    const during = vmRssKb(srv.pid);
    assert.ok(during - before < 48 * 1024, `RSS grew by ${Math.round((during - before) / 1024)} MB with 128 MB of bodies in flight`);
    assert.ok(files.length >= 8, `bodies held in temporary files: ${files.length} (${files.join(', ')})`);
    // The disk budget (140 MB) is nearly spent: a ninth 16 MB body is refused at once.
    const r = await rawOnce(srv.base, `POST /api/v1/verify/NOPE HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\n\r\n`);
    assertBusy(r, 'body past the disk budget');
    // The held bodies end and are answered, one after another: each is
    // mapped while its handler reads it, and eight 16 MB mappings at once
    // would pass the 96 MB memory budget (a 503 by design, docs/operations.md).
    for (const s of socks) {
      s.write('A');
      for (let t = 0; t < 100 && !/\r\n\r\n/.test(s.replies); t++) await sleep(100);
      assert.match(s.replies, /^HTTP\/1\.1 (404|400|422)/, s.replies.slice(0, 200) + s.replies.slice(-300));
    }
    let left = openFiles();
    for (let t = 0; t < 50 && left.length; t++) { await sleep(100); left = openFiles(); }
    assert.equal(left.length, 0, `temporary files left open: ${left.join(', ')}`);
  } finally {
    for (const s of socks) s.destroy();
    await srv.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('X-Forwarded-For counts only from a trusted proxy; IPv6 clients by their /64', async () => {
  // Untrusted peer: the header is ignored; its connections count as its own.
  const a = await startServer({ demo: false, args: ['--http.max_conn_per_ip', '2'] });
  const held = [];
  try {
    held.push(await holdRequest(a.base, { xff: '10.0.0.1' }));
    held.push(await holdRequest(a.base, { xff: '10.0.0.1' }));
    const r = await rawOnce(a.base, get('/healthz', 'X-Forwarded-For: 10.0.0.2\r\n'));
    assert.notEqual(r.status, 200, 'a third connection from an untrusted peer got through by naming another client');
    assert.ok(!r.timeout, 'the refused connection hangs');
    // Another peer is not affected.
    const other = await rawOnce(a.base, get('/healthz'), { localAddress: '127.0.0.2' });
    assert.equal(other.status, 200);
  } finally {
    for (const s of held) s.destroy();
    held.length = 0;
    await a.stop();
  }
  // Trusted proxy: each forwarded client has its own limit.
  const b = await startServer({
    demo: false,
    args: ['--http.max_conn_per_ip', '2', '--http.trusted_proxies', '127.0.0.0/8, ::1'],
  });
  try {
    held.push(await holdRequest(b.base, { xff: '10.0.0.1' }));
    held.push(await holdRequest(b.base, { xff: '10.0.0.1' }));
    const same = await rawOnce(b.base, get('/healthz', 'X-Forwarded-For: 10.0.0.1\r\n'));
    assertBusy(same, 'third request of one forwarded client');
    // A client cannot escape by writing its own entry in front.
    const spoof = await rawOnce(b.base, get('/healthz', 'X-Forwarded-For: 10.0.0.9, 10.0.0.1\r\n'));
    assertBusy(spoof, 'forged leading X-Forwarded-For entry');
    // Trusted proxies in the chain (127.0.0.0/8 here) are passed over.
    const chained = await rawOnce(b.base, get('/healthz', 'X-Forwarded-For: 10.0.0.1, 127.0.0.5\r\n'));
    assertBusy(chained, 'client behind two trusted proxies');
    const another = await rawOnce(b.base, get('/healthz', 'X-Forwarded-For: 10.0.0.2\r\n'));
    assert.equal(another.status, 200, JSON.stringify(another));
    // An IPv6 client counts by its /64: new addresses in it are the same client.
    held.push(await holdRequest(b.base, { xff: '2001:db8:1:2::1' }));
    held.push(await holdRequest(b.base, { xff: '2001:db8:1:2:aaaa::2' }));
    const v6 = await rawOnce(b.base, get('/healthz', 'X-Forwarded-For: 2001:db8:1:2::99\r\n'));
    assertBusy(v6, 'third request from one IPv6 /64');
    const v6other = await rawOnce(b.base, get('/healthz', 'X-Forwarded-For: 2001:db8:1:3::1\r\n'));
    assert.equal(v6other.status, 200, JSON.stringify(v6other));
  } finally {
    for (const s of held) s.destroy();
    await b.stop();
  }
});

test('/metrics: off by default, 401 without the token, or only on its own address', async () => {
  const off = await startServer({ demo: false });
  try {
    const r = await rawOnce(off.base, get('/metrics'));
    assert.equal(r.status, 404, 'metrics must not be public by default');
  } finally {
    await off.stop();
  }
  const tok = await startServer({ demo: false, args: ['--http.metrics_token', 's3cret-token'] });
  try {
    const none = await rawOnce(tok.base, get('/metrics'));
    assert.equal(none.status, 401);
    assert.equal(none.headers['www-authenticate'], 'Bearer');
    const wrong = await rawOnce(tok.base, get('/metrics', 'Authorization: Bearer s3cret-tokex\r\n'));
    assert.equal(wrong.status, 401);
    const right = await rawOnce(tok.base, get('/metrics', 'Authorization: Bearer s3cret-token\r\n'));
    assert.equal(right.status, 200);
    assert.match(right.body.toString(), /motcua_http_connections \d+/);
  } finally {
    await tok.stop();
  }
  const sep = await startServer({ demo: false, args: ['--http.metrics_listen', '127.0.0.1:0'] });
  try {
    const port = Number(sep.log().match(/metrics on port (\d+)/)[1]);
    const main = await rawOnce(sep.base, get('/metrics'));
    assert.equal(main.status, 404);
    const own = await rawOnce(`http://127.0.0.1:${port}`, get('/metrics'));
    assert.equal(own.status, 200);
    assert.match(own.body.toString(), /motcua_http_requests_total/);
    const other = await rawOnce(`http://127.0.0.1:${port}`, get('/healthz'));
    assert.equal(other.status, 404);
  } finally {
    await sep.stop();
  }
});

test('a malformed http.trusted_proxies stops the server at start, naming the option', async () => {
  await assert.rejects(
    startServer({ demo: false, args: ['--http.trusted_proxies', '10.0.0.0/33'] }),
    /http\.trusted_proxies: '10\.0\.0\.0\/33'/);
  await assert.rejects(
    startServer({ demo: false, args: ['--http.trusted_proxies', '127.0.0.1, proxy.local'] }),
    /http\.trusted_proxies: 'proxy\.local'/);
});
