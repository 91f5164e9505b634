// Hostile anonymous clients for bench/overload.sh: keeps N connections to a
// server open for a number of seconds, from N/8 loopback addresses
// (127.1.x.y, eight each, under the default per-address caps), and opens a
// new one whenever one is closed or refused, as an attacker would.
// Measured, never asserted.
//
//   node bench/hostile.mjs MODE N PORT SECONDS
//
// MODE: slowloris  a request line, then one header line every 2 s, never the end;
//       stream     a display board's event stream (GET .../units/VP/events);
//       upload     POST /api/v1/verify/X announcing 24 MB, sent at 256 KB/s.
// Prints one line: connections attempted, replies by status, closes without
// a reply, and the average number open.
import net from 'node:net';

const [mode, nArg, portArg, secArg] = process.argv.slice(2);
const N = Number(nArg);
const PORT = Number(portArg);
const END = Date.now() + Number(secArg) * 1000;
const PER_ADDRESS = 8;

let attempts = 0;
let open = 0;
let silentCloses = 0;
const statuses = {};
const samples = [];

function address(i) {
  const a = Math.floor(i / PER_ADDRESS);
  return `127.1.${a >> 8}.${(a & 255) + 1}`;
}

function start(i) {
  if (Date.now() >= END) return;
  attempts++;
  const s = net.connect({ host: '127.0.0.1', port: PORT, localAddress: address(i) });
  let timer = null;
  let replied = false;
  let connected = false;
  s.setNoDelay(true);
  s.on('connect', () => {
    connected = true;
    open++;
    if (mode === 'slowloris') {
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      timer = setInterval(() => s.write('X-Slow: 1\r\n'), 2000);
    } else if (mode === 'stream') {
      s.write('GET /api/v1/queue/units/VP/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n');
    } else {
      const total = 24 * 1024 * 1024;
      let sent = 0;
      const piece = Buffer.alloc(32 * 1024, 0x41);
      s.write(`POST /api/v1/verify/NOPE HTTP/1.1\r\nHost: x\r\nContent-Type: application/pdf\r\nContent-Length: ${total}\r\n\r\n`);
      timer = setInterval(() => {
        if (sent < total && s.writable) {
          s.write(piece);
          sent += piece.length;
        }
      }, 125);
    }
  });
  s.on('data', (d) => {
    if (replied) return;
    replied = true;
    const m = d.toString('latin1').match(/^HTTP\/1\.1 (\d+)/);
    const st = m ? m[1] : '?';
    statuses[st] = (statuses[st] || 0) + 1;
    // A refused stream or upload is answered and closed; a real stream stays.
    if (st !== '200') s.destroy();
  });
  s.on('error', () => {});
  s.on('close', () => {
    if (timer) clearInterval(timer);
    if (connected) open--;
    if (!replied) silentCloses++;
    setTimeout(() => start(i), 100);
  });
  setTimeout(() => s.destroy(), Math.max(0, END - Date.now()));
}

for (let i = 0; i < N; i++) setTimeout(() => start(i), Math.floor(i / 50) * 20);
const sampler = setInterval(() => samples.push(open), 250);
setTimeout(() => {
  clearInterval(sampler);
  const avg = samples.length ? Math.round(samples.reduce((a, b) => a + b, 0) / samples.length) : 0;
  const st = Object.entries(statuses).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
  console.log(`${mode} x${N}: ${attempts} connections, replies {${st}}, closed without reply ${silentCloses}, open on average ${avg}`);
  process.exit(0);
}, END - Date.now() + 300);
