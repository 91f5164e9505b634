// The working calendar over HTTP: the public year view and due-time
// preview, the administrator's edits (CSRF, roles), bad input refused with
// the field named and nothing changed, the change history, and due times
// computed before a change staying what they were. The demo data loads the
// official schedules of data/calendar/ (2023–2026).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, loggedIn, assertError } from './helpers.mjs';

const env = useServer();
const anon = () => new Client(env.base);

const kindOn = (year, date) => (year.days.find((d) => d.date === date) || { kind: 'working' }).kind;

async function year(y, query = '') {
  const r = await anon().get(`/api/v1/calendar/${y}${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

async function due(query) {
  const r = await anon().get(`/api/v1/calendar/due?${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

async function history(admin, y, query = '') {
  const r = await admin.get(`/api/v1/calendar/${y}/changes${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

test('a year shows its days off, swapped workdays and office hours', async () => {
  const y = await year(2026);
  assert.equal(y.year, 2026);
  assert.equal(y.source, 'official');
  assert.equal(y.unit, null);
  assert.equal(y.office_hours, '07:30-11:30,13:00-17:00');
  const d = (date) => y.days.find((x) => x.date === date);
  assert.deepEqual(d('2026-04-27'), { date: '2026-04-27', kind: 'compensatory', name: 'Nghỉ bù Giỗ Tổ Hùng Vương', weekday: 1 });
  assert.equal(d('2026-01-10').kind, 'workday');
  assert.equal(d('2026-02-17').kind, 'holiday');
  // 24 November is stored, switched off.
  assert.equal(d('2026-11-24'), undefined);
  const nov24 = y.entries.find((e) => e.date === '2026-11-24');
  assert.equal(nov24.kind, 'holiday-optional');
  assert.equal(nov24.enabled, false);
  // Sorted by date, all within the year.
  const dates = y.days.map((x) => x.date);
  assert.deepEqual([...dates].sort(), dates);
  assert.ok(dates.every((x) => x.startsWith('2026-')));
});

test('a year without a notice is the computed default; a unit shows its hours', async () => {
  const y = await year(2027, '?unit=DNLD');
  assert.equal(y.source, 'computed');
  assert.equal(y.unit.code, 'DNLD');
  assert.ok(y.unit.name_en.length > 0);
  assert.equal(y.entries.length, 0);
  assert.equal(kindOn(y, '2027-01-01'), 'holiday');
  assert.equal(kindOn(y, '2027-02-08'), 'holiday'); // mùng 3 Tết Đinh Mùi
  assert.equal(y.office_hours, '07:30-11:30,13:00-17:00');
});

test('year and unit are checked', async () => {
  assertError(await anon().get('/api/v1/calendar/1899'), 400, 'CALENDAR_YEAR_RANGE', 'year');
  assertError(await anon().get('/api/v1/calendar/abcd'), 400, 'CALENDAR_YEAR_RANGE', 'year');
  assertError(await anon().get('/api/v1/calendar/2026?unit=NOPE'), 404, 'UNIT_NOT_FOUND', 'unit');
});

test('the due-time preview uses the stored calendar', async () => {
  const r = await due('unit=BQL&from=2026-04-24T10:00&limit=3wd');
  assert.equal(r.due, '2026-05-04T10:00:00+07:00');
  assert.equal(typeof r.version, 'number');
  assert.equal((await due('from=2026-04-30T09:00&limit=0wd')).due, '2026-05-04T17:00:00+07:00');
  // A reply's time is accepted back as it is written (seconds, +07:00).
  const again = await due(`unit=BQL&from=${encodeURIComponent(r.from)}&limit=3wd`);
  assert.equal(r.from, '2026-04-24T10:00:00+07:00');
  assert.equal(again.due, r.due);
  assert.equal((await due('unit=BQL&from=2026-04-24T10:00:30&limit=3wd')).from, '2026-04-24T10:00:30+07:00');
  assert.equal((await due('from=2026-04-24T10:00&limit=5d')).due, '2026-04-29T17:00:00+07:00');
  assert.equal((await due('from=2026-04-24T10:00&limit=6d')).due, '2026-05-04T17:00:00+07:00');
  assertError(await anon().get('/api/v1/calendar/due?from=2026-04-24T10:00&limit=3weeks'), 400, 'CALENDAR_LIMIT_INVALID', 'limit');
  assertError(await anon().get('/api/v1/calendar/due?from=2026-02-30T10:00&limit=3wd'), 400, 'BAD_QUERY', 'from');
  assertError(await anon().get('/api/v1/calendar/due?from=2026-04-24T10:00&limit=3wd&unit=NOPE'), 404, 'UNIT_NOT_FOUND', 'unit');
});

test('editing needs an administrator and the CSRF token', async () => {
  const body = { date: '2026-12-31', kind: 'holiday', name: 'Nghỉ cuối năm' };
  assertError(await anon().post('/api/v1/calendar/2026/entries', body), 401, 'UNAUTHENTICATED');
  for (const who of ['tiepnhan', 'lanhdao', 'congdan']) {
    const c = await loggedIn(env.base, who);
    assertError(await c.post('/api/v1/calendar/2026/entries', body), 403, 'FORBIDDEN');
    assertError(await c.get('/api/v1/calendar/2026/changes'), 403, 'FORBIDDEN');
  }
  const admin = await loggedIn(env.base, 'admin');
  assertError(await admin.post('/api/v1/calendar/2026/entries', body, { 'x-csrf-token': 'wrong' }), 403, 'CSRF_MISSING');
  assertError(await admin.del('/api/v1/calendar/2026/entries/2026-04-27', { 'x-csrf-token': '' }), 403, 'CSRF_MISSING');
  // Nothing changed.
  const y = await year(2026);
  assert.equal(kindOn(y, '2026-12-31'), 'working');
  assert.equal(kindOn(y, '2026-04-27'), 'compensatory');
});

test('bad input is refused naming the field, and nothing changes', async () => {
  const admin = await loggedIn(env.base, 'admin');
  const before = await year(2026);
  const changes = (await history(admin, 2026)).length;
  const cases = [
    [{ date: '2026-13-01', kind: 'holiday', name: 'x' }, 400, 'CALENDAR_DATE_INVALID', 'date'],
    [{ date: '31/12/2026', kind: 'holiday', name: 'x' }, 400, 'CALENDAR_DATE_INVALID', 'date'],
    [{ date: '2027-01-04', kind: 'holiday', name: 'x' }, 400, 'CALENDAR_DATE_OUTSIDE_YEAR', 'date'],
    [{ date: '2026-12-31', kind: 'vacation', name: 'x' }, 400, 'CALENDAR_KIND_UNKNOWN', 'kind'],
    [{ date: '2026-12-31', kind: 'holiday' }, 400, 'FIELD_MISSING', 'name'],
    [{ date: '2026-12-31', kind: 'holiday', name: '' }, 400, 'FIELD_TOO_SHORT', 'name'],
    [{ date: '2026-12-31', kind: 'holiday', name: 'a # b' }, 400, 'FIELD_INVALID', 'name'],
    [{ date: '2026-12-31', kind: 'holiday', name: 'x', colour: 'red' }, 400, 'FIELD_UNKNOWN', 'colour'],
    [{ date: '2026-12-31', kind: 'workday', name: 'Thứ Năm' }, 422, 'CALENDAR_RULE', 'kind'],
    [{ date: '2026-12-26', kind: 'compensatory', name: 'Thứ Bảy' }, 422, 'CALENDAR_RULE', 'kind'],
    [{ date: '2026-04-27', kind: 'holiday', name: 'again' }, 409, 'CALENDAR_ENTRY_EXISTS', 'date'],
  ];
  for (const [body, status, code, field] of cases) {
    assertError(await admin.post('/api/v1/calendar/2026/entries', body), status, code, field);
  }
  assertError(await admin.post('/api/v1/calendar/2026/entries?unit=NOPE', { date: '2026-12-31', kind: 'holiday', name: 'x' }), 404, 'UNIT_NOT_FOUND', 'unit');
  assertError(await admin.put('/api/v1/calendar/2026/entries/2026-06-03', { name: 'x' }), 404, 'CALENDAR_ENTRY_NOT_FOUND', 'date');
  assertError(await admin.put('/api/v1/calendar/2026/entries/2026-4-27', { name: 'x' }), 400, 'CALENDAR_DATE_INVALID', 'date');
  assertError(await admin.put('/api/v1/calendar/2026/entries/2026-04-27', {}), 400, 'FIELD_MISSING', 'kind');
  assertError(await admin.put('/api/v1/calendar/2026/entries/2026-04-27', { kind: 'workday' }), 422, 'CALENDAR_RULE', 'kind');
  assertError(await admin.put('/api/v1/calendar/2026/entries/2026-04-27', { enabled: 'yes' }), 400, 'FIELD_TYPE', 'enabled');
  assertError(await admin.del('/api/v1/calendar/2025/entries/2026-04-27'), 400, 'CALENDAR_DATE_OUTSIDE_YEAR', 'date');
  assertError(await admin.del('/api/v1/calendar/2026/entries/2026-06-03'), 404, 'CALENDAR_ENTRY_NOT_FOUND', 'date');
  // English messages on request.
  const en = await admin.post('/api/v1/calendar/2026/entries', { date: '2026-12-31', kind: 'vacation', name: 'x' }, { 'accept-language': 'en' });
  assert.match(en.json.error.message, /holiday, compensatory, workday or holiday-optional/);
  const after = await year(2026);
  assert.deepEqual(after.days, before.days);
  assert.deepEqual(after.entries, before.entries);
  assert.equal(after.version, before.version);
  assert.equal((await history(admin, 2026)).length, changes);
});

test('an edit is recorded with who, what, before and after', async () => {
  const admin = await loggedIn(env.base, 'admin');
  const v0 = (await year(2026)).version;
  let r = await admin.post('/api/v1/calendar/2026/entries', { date: '2026-12-31', kind: 'holiday', name: 'Nghỉ cuối năm', note: 'thử' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.date, '2026-12-31');
  assert.equal(r.json.enabled, true);
  assert.equal(r.json.version, v0 + 1);
  assert.equal(kindOn(await year(2026), '2026-12-31'), 'holiday');

  r = await admin.put('/api/v1/calendar/2026/entries/2026-11-24', { enabled: true, note: 'đã công bố' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.kind, 'holiday-optional');
  assert.equal(kindOn(await year(2026), '2026-11-24'), 'holiday');

  r = await admin.del('/api/v1/calendar/2026/entries/2026-12-31');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.version, v0 + 3);
  assert.equal(kindOn(await year(2026), '2026-12-31'), 'working');

  const items = await history(admin, 2026);
  const [del, put, add] = items;
  assert.equal(del.action, 'remove');
  assert.equal(del.date, '2026-12-31');
  assert.deepEqual(del.before, { kind: 'holiday', name: 'Nghỉ cuối năm', enabled: true });
  assert.equal(del.after, null);
  assert.equal(put.action, 'change');
  assert.deepEqual(put.before, { kind: 'holiday-optional', name: 'Ngày Văn hóa Việt Nam', enabled: false });
  assert.deepEqual(put.after, { kind: 'holiday-optional', name: 'Ngày Văn hóa Việt Nam', enabled: true });
  assert.equal(put.note, 'đã công bố');
  assert.equal(add.action, 'add');
  assert.equal(add.before, null);
  assert.equal(add.note, 'thử');
  for (const x of [del, put, add]) {
    assert.equal(x.user.username, 'admin');
    assert.match(x.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    assert.equal(x.unit, null);
  }
  assert.deepEqual([del.version, put.version, add.version], [v0 + 3, v0 + 2, v0 + 1]);
  // The official schedule that the demo loaded is in the history too.
  assert.ok(items.some((x) => x.action === 'load' && x.note === '2026.txt' && x.user === null));
});

test('a unit can have its own entries; the agency calendar is unchanged', async () => {
  const admin = await loggedIn(env.base, 'admin');
  const r = await admin.post('/api/v1/calendar/2026/entries?unit=QLMT', { date: '2026-06-05', kind: 'holiday', name: 'Ngày Môi trường thế giới' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.unit, 'QLMT');
  const unitYear = await year(2026, '?unit=QLMT');
  assert.equal(kindOn(unitYear, '2026-06-05'), 'holiday');
  assert.equal(unitYear.unit_entries, true);
  assert.equal(kindOn(await year(2026), '2026-06-05'), 'working');
  assert.equal(kindOn(await year(2026, '?unit=QLDT'), '2026-06-05'), 'working');
  assert.equal((await due('unit=QLMT&from=2026-06-04T17:00&limit=1h')).due, '2026-06-08T08:30:00+07:00');
  assert.equal((await due('unit=QLDT&from=2026-06-04T17:00&limit=1h')).due, '2026-06-05T08:30:00+07:00');
  const items = await history(admin, 2026, '?unit=QLMT');
  assert.equal(items.length, 1);
  assert.equal(items[0].unit, 'QLMT');
});

test('a due time computed before a change stays; later ones follow the change, and nothing is recomputed silently', async () => {
  const admin = await loggedIn(env.base, 'admin');
  // The receipt appointment of a dossier received Friday 24 April 2026 10:00
  // with a 3-working-day limit, as the lifecycle stores it.
  const stored = await due('unit=BQL&from=2026-04-24T10:00&limit=3wd');
  assert.equal(stored.due, '2026-05-04T10:00:00+07:00');
  const changesBefore = await history(admin, 2026);
  // The administrator learns that Monday 27 April is worked after all.
  const r = await admin.del('/api/v1/calendar/2026/entries/2026-04-27');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.version > stored.version);
  // A dossier received now is due earlier ...
  const later = await due('unit=BQL&from=2026-04-24T10:00&limit=3wd');
  assert.equal(later.due, '2026-04-29T10:00:00+07:00');
  assert.equal(later.version, r.json.version);
  // ... while what was computed before stays as it was: the edit recorded
  // only itself, no recomputation of anything.
  assert.equal(stored.due, '2026-05-04T10:00:00+07:00');
  const changesAfter = await history(admin, 2026);
  assert.equal(changesAfter.length, changesBefore.length + 1);
  assert.equal(changesAfter[0].action, 'remove');
  assert.ok(!changesAfter.some((x) => x.action === 'recompute'));
  // Putting the day back restores the earlier answer for new computations.
  const back = await admin.post('/api/v1/calendar/2026/entries', { date: '2026-04-27', kind: 'compensatory', name: 'Nghỉ bù Giỗ Tổ Hùng Vương' });
  assert.equal(back.status, 201, back.text);
  assert.equal((await due('unit=BQL&from=2026-04-24T10:00&limit=3wd')).due, '2026-05-04T10:00:00+07:00');
});

test('the first edit of a computed year stores its default, recorded as such', async () => {
  const admin = await loggedIn(env.base, 'admin');
  const before = await year(2027);
  assert.equal(before.source, 'computed');
  const r = await admin.post('/api/v1/calendar/2027/entries', { date: '2027-12-31', kind: 'holiday', name: 'Nghỉ cuối năm' });
  assert.equal(r.status, 201, r.text);
  const after = await year(2027);
  assert.equal(after.source, 'official');
  for (const d of before.days) assert.equal(kindOn(after, d.date), d.kind, d.date);
  assert.equal(kindOn(after, '2027-12-31'), 'holiday');
  const items = await history(admin, 2027);
  assert.deepEqual(items.map((x) => x.action), ['add', 'load']);
});
