// Several servers on one PostgreSQL database: a display board connected to
// server B hears a ticket issued through server A (LISTEN/NOTIFY relays
// what each server publishes), and a ticket issued through B reaches B's
// board once, not twice. On SQLite one process serves and there is nothing
// to relay: there only the single-server case runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/motcua.mjs';
import { readEvents } from './helpers.mjs';

const pg = (process.env.MOTCUA_BACKEND || 'sqlite') === 'postgres';

/** A unit's display events for `ms` after the snapshot arrived and onOpen ran. */
function collect(base, unit, ms, onOpen) {
  return readEvents(`${base}/api/v1/queue/units/${unit}/events`, () => false, { onOpen, forMs: ms });
}

async function alwaysOpen(base) {
  const admin = new Client(base);
  assert.equal((await admin.login('admin')).status, 200);
  const open = await admin.put('/api/v1/queue/units/BQL/desk', { always_open: true });
  assert.equal(open.status, 200, open.text);
  const kiosk = await new Client(base).get('/api/v1/queue/units/BQL/kiosk');
  assert.equal(kiosk.status, 200, kiosk.text);
  return kiosk.json.services[0].id;
}

test('one server: a ticket reaches its board once (the relay never echoes)', async () => {
  const a = await startServer();
  try {
    const service = await alwaysOpen(a.base);
    let number = null;
    const seen = await collect(a.base, 'BQL', 1500, async () => {
      const r = await new Client(a.base).post('/api/v1/queue/units/BQL/tickets', { service });
      assert.equal(r.status, 201, r.text);
      number = r.json.number;
    });
    assert.equal(seen.filter((e) => e.event === 'update' && e.json.action === 'issue' && e.json.number === number).length, 1);
  } finally {
    await a.stop();
  }
});

// Registered on PostgreSQL only (a skipped test would be counted apart).
if (pg) test('a board on one server hears a ticket issued through another', async () => {
  const a = await startServer();
  let b = null;
  try {
    b = await startServer({ db: a.db });
    // B listens once its own connection has run LISTEN.
    for (let i = 0; i < 100 && !/listening for motcua_display/.test(b.log()); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(b.log(), /listening for motcua_display/);
    // Tickets at any hour (the desk keeps office hours otherwise).
    const service = await alwaysOpen(a.base);

    let viaA = null;
    const seenOnB = await collect(b.base, 'BQL', 1500, async () => {
      const r = await new Client(a.base).post('/api/v1/queue/units/BQL/tickets', { service });
      assert.equal(r.status, 201, r.text);
      viaA = r.json.number;
    });
    const issuedA = seenOnB.filter((e) => e.event === 'update' && e.json.action === 'issue' && e.json.number === viaA);
    assert.equal(issuedA.length, 1, `B's board: ${JSON.stringify(seenOnB.map((e) => [e.event, e.json.action, e.json.number]))}`);

    let viaB = null;
    const own = await collect(b.base, 'BQL', 1500, async () => {
      const r = await new Client(b.base).post('/api/v1/queue/units/BQL/tickets', { service });
      assert.equal(r.status, 201, r.text);
      viaB = r.json.number;
    });
    const issuedB = own.filter((e) => e.event === 'update' && e.json.action === 'issue' && e.json.number === viaB);
    assert.equal(issuedB.length, 1, 'its own event reaches B once');
  } finally {
    if (b) await b.kill('SIGTERM');
    await a.stop();
  }
});
