// Nothing acknowledged is lost when the server dies: receipts are fired from
// many connections at once (on SQLite they share commit groups), the
// process is killed with SIGKILL in the middle, and a new server on the
// same database must find every dossier it answered 201 for, with no code
// given twice and the history and the day's numbering intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, runStatus, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { seedProcedure } from './helpers.mjs';

const LD02 = seedProcedure('LD-02');
const company = {
  kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565',
  address: 'KCN Đồng Văn I, Duy Tiên, Hà Nam',
};
const components = LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));

test('every receipt answered 201 survives a SIGKILL of the server', async () => {
  const first = await startServer();
  let second = null;
  try {
    const desk = new Client(first.base);
    assert.equal((await desk.login('tiepnhan', DEMO_PASSWORD)).status, 200);
    const acked = [];
    let stop = false;
    let refused = 0;
    const loop = async () => {
      while (!stop) {
        let r;
        try {
          r = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components });
        } catch {
          return; // the server is gone
        }
        if (r.status === 201) acked.push(r.json.code);
        else refused++;
      }
    };
    const loops = Array.from({ length: 12 }, loop);
    // Kill while receipts are in flight, once a good number have been answered.
    while (acked.length < 150) await new Promise((r) => setTimeout(r, 20));
    await first.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);
    assert.equal(refused, 0, 'no receipt was refused before the kill');
    assert.equal(new Set(acked).size, acked.length, 'no code was given twice');

    second = await startServer({ db: first.db });
    const pub = new Client(second.base);
    for (const code of acked) {
      const r = await pub.get(`/api/v1/track/${encodeURIComponent(code)}`);
      assert.equal(r.status, 200, `${code} was answered 201 but is gone: ${r.text}`);
      assert.equal(r.json.code, code);
    }
    // The server still receives, numbering on from the last committed code.
    const again = new Client(second.base);
    assert.equal((await again.login('tiepnhan', DEMO_PASSWORD)).status, 200);
    const r = await again.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components });
    assert.equal(r.status, 201, r.text);
    assert.ok(!acked.includes(r.json.code));
    // Histories verify, and each unit-day's codes run 1..N without a gap.
    const audit = runStatus(['audit', 'verify', '--db', first.db.url]);
    assert.equal(audit.status, 0, audit.stdout + audit.stderr);
    assert.match(audit.stdout, /the history verifies/);
  } finally {
    if (second) await second.stop(); // drops the shared database
    else await first.stop();
  }
});
