// Recomputing stored due times after a calendar change (DOMAIN.md 5): never
// silent, always explicit and recorded. A dossier received on Friday 24
// April 2026 (LD-02, 5 working days, processed by DNLD) is due Wednesday 6
// May while Monday 27 April is a day off; when the administrator makes that
// Monday a working day, the stored due time stays until the administrator
// recomputes, first as a preview that changes nothing, then for real: the
// dossier's due time moves to Tuesday 5 May, its history says so, the
// calendar's history records the act, and the history still verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, assertError, seedProcedure, runStatus } from './helpers.mjs';

const env = useServer({ args: ['--testing.clock_api', 'true'] });
const LD02 = seedProcedure('LD-02');
const components = LD02.components.map((c) => ({ doc_type: c.doc_type, status: c.mandatory ? 'paper' : 'not_applicable' }));
const company = { kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565', address: 'KCN Đồng Văn I' };
const ms = (s) => Date.parse(s);

test('a calendar change moves stored due times only when recomputed, and the recomputation is recorded', async () => {
  const admin = await loggedIn(env.base, 'admin');
  const desk = await loggedIn(env.base, 'tiepnhan');
  // The administrator recomputes but sees no dossier (DOMAIN.md 15): a leader reads them.
  const leader = await loggedIn(env.base, 'lanhdao');
  // Friday 24 April 2026, 10:00 local.
  assert.equal((await desk.put('/api/v1/testing/clock', { now_ms: Date.UTC(2026, 3, 24, 3, 0) })).status, 200);
  const rec = await desk.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: company, components });
  assert.equal(rec.status, 201, rec.text);
  const code = rec.json.code;
  const stepDue = rec.json.step.due_at;
  const before = (await desk.get(`/api/v1/calendar/due?unit=DNLD&from=2026-04-24T10:00&limit=5wd`)).json.due;
  assert.equal(ms(rec.json.due_at), ms(before));
  assert.equal(ms(before), ms('2026-05-06T10:00+07:00'));

  // Monday 27 April becomes a working day: new computations follow ...
  const del = await admin.del('/api/v1/calendar/2026/entries/2026-04-27');
  assert.equal(del.status, 200, del.text);
  const after = (await desk.get(`/api/v1/calendar/due?unit=DNLD&from=2026-04-24T10:00&limit=5wd`)).json.due;
  assert.equal(ms(after), ms('2026-05-05T10:00+07:00'));
  // ... the stored one does not.
  const stored = await leader.get(`/api/v1/dossiers/${encodeURIComponent(code)}`);
  assert.equal(ms(stored.json.due_at), ms(before));
  const changes0 = (await admin.get('/api/v1/calendar/2026/changes')).json.items;

  // Bad requests change nothing and name what is wrong.
  assertError(await desk.post('/api/v1/calendar/2026/recompute', {}), 403, 'FORBIDDEN');
  assertError(await admin.post('/api/v1/calendar/2026/recompute?unit=NOPE', {}), 404, 'UNIT_NOT_FOUND', 'unit');
  assertError(await admin.post('/api/v1/calendar/2026/recompute', { dry_run: 'yes' }), 400, 'FIELD_TYPE', 'dry_run');
  assertError(await admin.post('/api/v1/calendar/1800/recompute', {}), 400, 'CALENDAR_YEAR_RANGE', 'year');

  // A preview: what would move, and nothing written.
  const dry = await admin.post('/api/v1/calendar/2026/recompute?unit=DNLD', { dry_run: true });
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.json.dry_run, true);
  const mine = dry.json.items.find((x) => x.code === code);
  assert.ok(mine, dry.text);
  assert.equal(ms(mine.due_at.before), ms(before));
  assert.equal(ms(mine.due_at.after), ms(after));
  assert.equal(ms(mine.step_due_at.after), ms(stepDue), 'the first step (VP, Friday) does not move');
  const still = await leader.get(`/api/v1/dossiers/${encodeURIComponent(code)}`);
  assert.equal(ms(still.json.due_at), ms(before));
  assert.ok(!still.json.history.some((e) => e.action === 'due_recomputed'));
  assert.equal((await admin.get('/api/v1/calendar/2026/changes')).json.items.length, changes0.length);

  // For real, with a note.
  const done = await admin.post('/api/v1/calendar/2026/recompute', { note: 'Thứ Hai 27/4 làm việc bình thường' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.dry_run, false);
  assert.ok(done.json.changed >= 1 && done.json.checked >= done.json.changed);
  const moved = await leader.get(`/api/v1/dossiers/${encodeURIComponent(code)}`);
  assert.equal(ms(moved.json.due_at), ms(after));
  assert.equal(ms(moved.json.step.due_at), ms(stepDue));
  const ev = moved.json.history.find((e) => e.action === 'due_recomputed');
  assert.ok(ev, 'the history records the move');
  assert.equal(ev.actor, 'admin');
  assert.equal(ev.note, 'Thứ Hai 27/4 làm việc bình thường');
  assert.deepEqual(ev.data.due_at, [ms(before), ms(after)]);
  assert.equal(ev.data.calendar_version, done.json.calendar_version);
  const changes1 = (await admin.get('/api/v1/calendar/2026/changes')).json.items;
  assert.equal(changes1.length, changes0.length + 1);
  assert.equal(changes1[0].action, 'recompute');
  assert.match(changes1[0].note, /dossiers moved: Thứ Hai 27\/4/);
  // Public tracking shows the new appointment at once.
  const track = await desk.get(`/api/v1/track/${encodeURIComponent(code)}`);
  assert.equal(ms(track.json.due_at), ms(after));

  // Again: nothing left to move, and the act is still recorded.
  const again = await admin.post('/api/v1/calendar/2026/recompute', {});
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.changed, 0);
  assert.equal((await admin.get('/api/v1/calendar/2026/changes')).json.items.length, changes0.length + 2);

  const audit = runStatus(['audit', 'verify', '--db', env.server.db.url]);
  assert.equal(audit.status, 0, audit.stdout + audit.stderr);
});
