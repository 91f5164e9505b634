// A local SMTP stand-in for tests: speaks enough SMTP (EHLO/HELO, MAIL,
// RCPT, DATA, RSET, NOOP, QUIT) for libcurl to deliver, and records every
// message with its envelope, headers (RFC 2047 subjects decoded) and body.
//
//   const sink = await startSmtpSink();   // sink.url = "smtp://127.0.0.1:PORT"
//   await sink.waitFor((m) => m.subject.includes('...'));
//   sink.messages; sink.failNext(n);        // refuse the next n messages (451)
//   await sink.close();
import net from 'node:net';

/** Decodes RFC 2047 encoded words (B and Q, UTF-8), joining adjacent ones. */
export function decodeHeader(v) {
  return v
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, text) => {
      const bytes = enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), 'binary');
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    });
}

/** Splits a message into {headers (lower-case names, unfolded), body}. */
export function parseMessage(raw) {
  const sep = raw.indexOf('\r\n\r\n');
  const head = sep < 0 ? raw : raw.slice(0, sep);
  const body = sep < 0 ? '' : raw.slice(sep + 4);
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body: body.replace(/\r\n/g, '\n') };
}

export async function startSmtpSink() {
  const messages = [];
  const waiters = [];
  let failures = 0;
  const sockets = new Set();

  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    let buf = Buffer.alloc(0);
    let inData = false;
    let env = { from: null, to: [] };
    const say = (s) => sock.write(s + '\r\n');
    say('220 smtp-sink ready');
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          const atStart = buf.length >= 3 && buf.subarray(0, 3).toString() === '.\r\n';
          if (end < 0 && !atStart) return;
          const rawBytes = atStart ? Buffer.alloc(0) : buf.subarray(0, end);
          buf = atStart ? buf.subarray(3) : buf.subarray(end + 5);
          inData = false;
          // Undo dot-stuffing.
          const raw = rawBytes.toString('utf8').replace(/^\.\./gm, '.');
          if (failures > 0) {
            failures--;
            say('451 4.3.0 try again later');
          } else {
            const { headers, body } = parseMessage(raw);
            const m = {
              from: env.from, to: [...env.to], raw, headers, body,
              subject: decodeHeader(headers.subject || ''),
            };
            messages.push(m);
            say('250 2.0.0 queued');
            for (const w of [...waiters]) w.check();
          }
          env = { from: null, to: [] };
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.subarray(0, nl).toString('utf8');
        buf = buf.subarray(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') { sock.write('250-smtp-sink\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n'); }
        else if (verb === 'HELO') say('250 smtp-sink');
        else if (verb === 'MAIL') { env.from = (line.match(/<([^>]*)>/) || [])[1] ?? null; say('250 2.1.0 ok'); }
        else if (verb === 'RCPT') { env.to.push((line.match(/<([^>]*)>/) || [])[1]); say('250 2.1.5 ok'); }
        else if (verb === 'DATA') { inData = true; say('354 end with <CRLF>.<CRLF>'); }
        else if (verb === 'RSET') { env = { from: null, to: [] }; say('250 ok'); }
        else if (verb === 'NOOP') say('250 ok');
        else if (verb === 'QUIT') { say('221 bye'); sock.end(); return; }
        else say('502 5.5.2 command not implemented');
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    /** Refuses the next n messages with a temporary error. */
    failNext(n) { failures = n; },
    /** Resolves with the messages matching pred once there are at least count. */
    waitFor(pred, count = 1, timeoutMs = 15000) {
      return new Promise((resolve, reject) => {
        const w = {
          check() {
            const got = messages.filter(pred);
            if (got.length >= count) { clearTimeout(w.timer); waiters.splice(waiters.indexOf(w), 1); resolve(got); }
          },
          timer: setTimeout(() => {
            waiters.splice(waiters.indexOf(w), 1);
            reject(new Error(`smtp sink: waited ${timeoutMs} ms for ${count} message(s); have ${messages.map((m) => `${m.to} "${m.subject}"`).join('; ')}`));
          }, timeoutMs),
        };
        waiters.push(w);
        w.check();
      });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
