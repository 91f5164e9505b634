// Benchmark of the display boards' live stream: N event-stream clients
// (default 500) subscribe to one unit's channel of a running server; a
// receiving officer recalls a ticket R times; for every delivery the time
// from sending the recall to the event's arrival at a client is recorded.
// Prints p50/p99/max of that latency, with the p99 of a plain request
// (GET /healthz) from the same client as the machine's own yardstick.
// Measured, never asserted.
//
//   node bench/queue-sse.mjs BASE_URL [CLIENTS=500] [ROUNDS=40]
// The server must allow that many connections from one address
// (--http.max_conn_per_ip, --http.max_connections).
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Client } from '../tests/lib/motcua.mjs';

const [base, nArg, rArg] = process.argv.slice(2);
const N = Number(nArg || 500);
const ROUNDS = Number(rArg || 40);
const url = new URL(base);

function must(r, what) {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.json;
}

const pct = (v, p) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function setup() {
  const admin = new Client(base);
  must(await admin.login('admin'), 'admin login');
  must(await admin.put('/api/v1/queue/units/VP/desk', { always_open: true }), 'desk');
  let setupInfo = must(await admin.get('/api/v1/queue/units/VP/setup'), 'setup');
  let svc = setupInfo.services.find((s) => s.prefix === 'Z');
  if (!svc) svc = must(await admin.post('/api/v1/queue/units/VP/services', { prefix: 'Z', name: 'Đo hiệu năng' }), 'service');
  let counter = setupInfo.counters.find((c) => c.number === 99);
  if (!counter) counter = must(await admin.post('/api/v1/queue/units/VP/counters', { number: 99, services: [svc.id] }), 'counter');
  const officer = new Client(base);
  must(await officer.login('tiepnhan'), 'officer login');
  must(await officer.post(`/api/v1/queue/counters/${counter.id}/open`), 'open');
  must(await new Client(base).post('/api/v1/queue/units/VP/tickets', { service: svc.id }), 'ticket');
  const called = must(await officer.post(`/api/v1/queue/counters/${counter.id}/call`), 'call');
  if (!called.ticket) throw new Error('nothing to call');
  return { officer, ticket: called.ticket.id };
}

/** Opens one stream; calls onCall(now) for each "call" event. */
function subscribe(onReady, onCall) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: url.hostname, port: url.port, path: '/api/v1/queue/units/VP/events', agent: false,
      headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) { reject(new Error(`stream ${res.statusCode}`)); return; }
      res.setEncoding('utf8');
      let buf = '';
      let ready = false;
      res.on('data', (chunk) => {
        const now = performance.now();
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (block.startsWith('event: snapshot') && !ready) { ready = true; onReady(); }
          else if (block.startsWith('event: call')) onCall(now);
        }
      });
      resolve(req);
    });
    req.on('error', reject);
  });
}

async function healthz(n) {
  const lat = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await fetch(`${base}/healthz`);
    await r.text();
    lat.push(performance.now() - t0);
  }
  return lat;
}

const { officer, ticket } = await setup();
const yard = await healthz(200);
let ready = 0;
let round = -1;
let sentAt = 0;
let got = 0;
let roundDone = null;
const latencies = [];
const reqs = [];
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  reqs.push(await subscribe(() => { ready++; }, (now) => {
    if (round < 0) return;
    latencies.push(now - sentAt);
    if (++got === N && roundDone) roundDone();
  }));
}
while (ready < N) await new Promise((r) => setTimeout(r, 20));
const connectMs = performance.now() - t0;
const recallLat = [];
let missing = 0;
for (round = 0; round < ROUNDS; round++) {
  got = 0;
  const done = new Promise((resolve) => { roundDone = resolve; });
  sentAt = performance.now();
  const r = await officer.post(`/api/v1/queue/tickets/${ticket}/recall`);
  recallLat.push(performance.now() - sentAt);
  if (r.status !== 200) throw new Error(`recall: ${r.status} ${r.text}`);
  const timeout = new Promise((resolve) => setTimeout(resolve, 5000));
  await Promise.race([done, timeout]);
  if (got < N) missing += N - got;
  await new Promise((r2) => setTimeout(r2, 50));
}
for (const q of reqs) q.destroy();
const f = (x) => `${x.toFixed(1)} ms`;
console.log(`display stream: ${N} clients connected in ${f(connectMs)}, ${ROUNDS} calls, ${latencies.length} deliveries, ${missing} missing`);
console.log(`  call → display latency   p50 ${f(pct(latencies, 50))}   p99 ${f(pct(latencies, 99))}   max ${f(Math.max(...latencies))}`);
console.log(`  recall request itself    p50 ${f(pct(recallLat, 50))}   p99 ${f(pct(recallLat, 99))}`);
console.log(`  GET /healthz (yardstick) p50 ${f(pct(yard, 50))}   p99 ${f(pct(yard, 99))}`);
console.log(`  ratio p99 delivery to ${N} / p99 healthz: ${(pct(latencies, 99) / pct(yard, 99)).toFixed(1)}`);
process.exit(0);
