// Staff accounts by administrators (issue 15 item 3, DOMAIN.md 15):
// /api/v1/users lists, reads, creates and changes them with the rules
// `motcua user ...` has (svc_users.c): bad input names the field and
// changes nothing; only administrators, and an administrator of a sub-unit
// only within their units; a change of state, unit, roles or password ends
// the sessions, a disabled account cannot log in; the same change twice
// changes nothing more; every change is in the account's history. The desk
// (not an administrator) verifies a citizen's identity, recording the paper.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, loggedIn, assertError, Client, DEMO_PASSWORD } from './helpers.mjs';

const env = useServer();
const clients = {};
async function as(user) {
  if (!clients[user]) clients[user] = await loggedIn(env.base, user);
  return clients[user];
}
async function me(c) {
  // A session that ended is anonymous: 200 {"user": null}, as 401.
  const r = await c.get('/api/v1/auth/me');
  return r.status === 200 ? r.json.user || 401 : r.status;
}
const total = async () => (await (await as('admin')).get('/api/v1/users?limit=1')).json.total;

test('the list: staff only, filters by unit, role, state and text, pages bounded', async () => {
  const admin = await as('admin');
  let r = await admin.get('/api/v1/users');
  assert.equal(r.status, 200, r.text);
  const names = r.json.items.map((u) => u.username);
  assert.deepEqual(names, [...names].sort(), 'by user name');
  for (const u of ['admin', 'tiepnhan', 'chuyenvien', 'truongphong', 'lanhdao', 'vanphong']) assert.ok(names.includes(u), u);
  assert.ok(!names.includes('congdan'), 'a citizen is not an administrator\'s');
  assert.equal(r.json.total, r.json.items.length);
  const tp = r.json.items.find((u) => u.username === 'truongphong');
  assert.deepEqual(tp.unit, { code: 'DNLD', name: 'Phòng Quản lý Doanh nghiệp và Lao động', name_en: 'Enterprise and Labour Management Division' });
  assert.deepEqual(tp.roles, ['head']);
  assert.equal(tp.active, true);

  r = await admin.get('/api/v1/users?unit=DNLD');
  assert.deepEqual(r.json.items.map((u) => u.username), ['chuyenvien', 'truongphong']);
  r = await admin.get('/api/v1/users?role=receiver');
  assert.deepEqual(r.json.items.map((u) => u.username), ['tiepnhan']);
  r = await admin.get(`/api/v1/users?q=${encodeURIComponent('Thị Hương')}`);
  assert.deepEqual(r.json.items.map((u) => u.username), ['truongphong'], 'in the full name');
  r = await admin.get('/api/v1/users?q=0229');
  assert.deepEqual(r.json.items, [], 'no demo officer has a phone yet');
  r = await admin.get('/api/v1/users?q=TRUONG');
  assert.deepEqual(r.json.items.map((u) => u.username),
    ['truongphong', 'truongphong.qhxd', 'truongphong.qldt', 'truongphong.qlmt'], 'case-insensitive in the user name');
  // Vietnamese letters fold too (SQLite's LOWER() folds ASCII only), on both backends.
  for (const q of ['HƯƠNG', 'THỊ HƯƠNG', 'hương', 'Hương']) {
    r = await admin.get(`/api/v1/users?q=${encodeURIComponent(q)}`);
    assert.deepEqual(r.json.items.map((u) => u.username), ['truongphong'], q);
    assert.equal(r.json.total, 1, q);
  }
  // A text search pages like any list: the total counts every match.
  const all = await admin.get('/api/v1/users?q=n');
  const one = await admin.get('/api/v1/users?q=n&limit=1&offset=1');
  assert.ok(all.json.total >= 2, all.text);
  assert.equal(one.json.total, all.json.total);
  assert.deepEqual(one.json.items.map((u) => u.username), [all.json.items[1].username]);
  r = await admin.get('/api/v1/users?q=50%25');
  assert.deepEqual(r.json.items, [], 'a % is a character, not a wildcard');
  r = await admin.get('/api/v1/users?state=disabled');
  assert.equal(r.status, 200);
  const page1 = await admin.get('/api/v1/users?limit=2');
  const page2 = await admin.get('/api/v1/users?limit=2&offset=2');
  assert.equal(page1.json.items.length, 2);
  assert.equal(page1.json.limit, 2);
  assert.notEqual(page1.json.items[0].username, page2.json.items[0].username);
  assert.equal(page1.json.total, page2.json.total);

  assertError(await admin.get('/api/v1/users?role=boss'), 400, 'BAD_QUERY', 'role');
  assertError(await admin.get('/api/v1/users?role=citizen'), 400, 'BAD_QUERY', 'role');
  assertError(await admin.get('/api/v1/users?state=asleep'), 400, 'BAD_QUERY', 'state');
  assertError(await admin.get('/api/v1/users?unit=NOPE'), 400, 'BAD_QUERY', 'unit');
  assertError(await admin.get('/api/v1/users?limit=0'), 400, 'BAD_QUERY', 'limit');
  assertError(await admin.get('/api/v1/users?limit=101'), 400, 'BAD_QUERY', 'limit');
  assertError(await admin.get('/api/v1/users?offset=-1'), 400, 'BAD_QUERY', 'offset');
  assertError(await admin.get(`/api/v1/users?q=${'a'.repeat(101)}`), 400, 'BAD_QUERY', 'q');
});

test('anyone but an administrator is refused (403), and a citizen\'s account is no administrator\'s (404)', async () => {
  for (const who of ['tiepnhan', 'lanhdao', 'vanphong', 'congdan']) {
    const c = await as(who);
    assertError(await c.get('/api/v1/users'), 403, 'FORBIDDEN');
    assertError(await c.get('/api/v1/users/tiepnhan'), 403, 'FORBIDDEN');
    assertError(await c.post('/api/v1/users', { username: 'x-by-' + who, full_name: 'X', roles: ['receiver'] }), 403, 'FORBIDDEN');
    assertError(await c.put('/api/v1/users/tiepnhan', { active: false }), 403, 'FORBIDDEN');
    assertError(await c.post('/api/v1/users/tiepnhan/password', {}), 403, 'FORBIDDEN');
  }
  assertError(await new Client(env.base).get('/api/v1/users'), 401, 'UNAUTHENTICATED');
  const admin = await as('admin');
  assertError(await admin.get('/api/v1/users/congdan'), 404, 'USER_NOT_FOUND', 'username');
  assertError(await admin.put('/api/v1/users/congdan', { active: false }), 404, 'USER_NOT_FOUND', 'username');
  assertError(await admin.get('/api/v1/users/nobody-here'), 404, 'USER_NOT_FOUND', 'username');
  assert.equal((await (await as('tiepnhan')).get('/api/v1/auth/me')).status, 200, 'the refusals changed nothing');
});

test('create: a generated password shown once, the history, and the new officer logs in', async () => {
  const admin = await as('admin');
  const r = await admin.post('/api/v1/users', {
    username: 'mot.cua', full_name: 'Nguyễn Thị Một Cửa', email: 'motcua@example.vn', phone: '0229 3 852 799',
    unit: 'VP', roles: ['receiver', 'office'],
  });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.initial_password, /^[A-Za-z0-9_-]{16}$/);
  const u = r.json.user;
  assert.equal(u.username, 'mot.cua');
  assert.equal(u.unit.code, 'VP');
  assert.deepEqual(u.roles, ['receiver', 'office']);
  assert.equal(u.email, 'motcua@example.vn');
  assert.equal(u.phone, '0229 3 852 799');
  assert.equal(u.history.length, 1);
  assert.match(u.history[0].what, /^created, roles receiver,office, unit VP$/);
  assert.equal(u.history[0].by, 'admin');
  assert.equal(u.must_change_password, true, 'a password an administrator chose');
  const c = new Client(env.base);
  const l = await c.login('mot.cua', r.json.initial_password);
  assert.equal(l.status, 200, l.text);
  assert.equal(l.json.user.must_change_password, true);

  // A chosen password, no unit or contact.
  const own = await admin.post('/api/v1/users', { username: 'chon.mk', full_name: 'Chọn Mật Khẩu', roles: ['specialist'], password: 'Cay-tre-tram-dot-9' });
  assert.equal(own.status, 201, own.text);
  assert.equal(own.json.initial_password, undefined);
  assert.equal(own.json.user.unit, null);
  assert.equal(own.json.user.email, null);
  assert.equal(own.json.user.must_change_password, true);

  // The same request again is a taken user name (and with the same
  // Idempotency-Key, the first reply).
  assertError(await admin.post('/api/v1/users', { username: 'chon.mk', full_name: 'Lần hai', roles: ['specialist'] }), 409, 'USERNAME_TAKEN', 'username');
  const key = { 'idempotency-key': 'users-admin-create-1' };
  const first = await admin.post('/api/v1/users', { username: 'lap.lai', full_name: 'Lặp Lại', roles: ['head'], unit: 'QLDT' }, key);
  const again = await admin.post('/api/v1/users', { username: 'lap.lai', full_name: 'Lặp Lại', roles: ['head'], unit: 'QLDT' }, key);
  assert.equal(first.status, 201, first.text);
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.initial_password, first.json.initial_password);
});

test('create: each wrong input names its field and creates nothing', async () => {
  const admin = await as('admin');
  const before = await total();
  const ok = { username: 'sai.nhap', full_name: 'Sai Nhập', roles: ['receiver'], unit: 'VP' };
  const cases = [
    [{ ...ok, username: undefined }, 400, 'FIELD_MISSING', 'username'],
    [{ ...ok, username: 'AB' }, 400, 'FIELD_INVALID', 'username'],
    [{ ...ok, username: 'có dấu' }, 400, 'FIELD_INVALID', 'username'],
    [{ ...ok, username: '001090012345' }, 400, 'FIELD_INVALID', 'username'],
    [{ ...ok, full_name: undefined }, 400, 'FIELD_MISSING', 'full_name'],
    [{ ...ok, full_name: '' }, 400, 'FIELD_TOO_SHORT', 'full_name'],
    [{ ...ok, full_name: 'x'.repeat(201) }, 400, 'FIELD_TOO_LONG', 'full_name'],
    [{ ...ok, email: 'not-an-address' }, 400, 'FIELD_INVALID', 'email'],
    [{ ...ok, phone: '12ab' }, 400, 'FIELD_INVALID', 'phone'],
    [{ ...ok, phone: '123' }, 400, 'FIELD_INVALID', 'phone'],
    [{ ...ok, roles: undefined }, 400, 'FIELD_MISSING', 'roles'],
    [{ ...ok, roles: [] }, 400, 'FIELD_MISSING', 'roles'],
    [{ ...ok, roles: ['receiver', 'boss'] }, 400, 'FIELD_INVALID', 'roles[1]'],
    [{ ...ok, roles: ['citizen'] }, 400, 'FIELD_INVALID', 'roles'],
    [{ ...ok, roles: 'receiver' }, 400, 'FIELD_TYPE', 'roles'],
    [{ ...ok, unit: 'NOPE' }, 404, 'UNIT_NOT_FOUND', 'unit'],
    [{ ...ok, password: 'short' }, 400, 'FIELD_TOO_SHORT', 'password'],
    [{ ...ok, password: '123456789' }, 400, 'PASSWORD_WEAK', 'password'],
    [{ ...ok, password: 'sai.nhap-2026' }, 400, 'PASSWORD_WEAK', 'password'],
    [{ ...ok, extra: 1 }, 400, 'FIELD_UNKNOWN', 'extra'],
    [{ ...ok, username: 'tiepnhan' }, 409, 'USERNAME_TAKEN', 'username'],
  ];
  for (const [body, status, code, field] of cases) {
    assertError(await admin.post('/api/v1/users', body), status, code, field);
  }
  assert.equal(await total(), before, 'nothing was created');
});

test('roles and unit change; the sessions end; twice in a row changes nothing more', async () => {
  const admin = await as('admin');
  const c = await loggedIn(env.base, 'chuyenvien');
  let r = await admin.put('/api/v1/users/chuyenvien', { unit: 'QLMT', roles: ['specialist', 'head'] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.sessions_ended, 1);
  assert.equal(r.json.user.unit.code, 'QLMT');
  assert.deepEqual(r.json.user.roles, ['specialist', 'head']);
  assert.equal(await me(c), 401, 'the open session stopped at once');
  const n = r.json.user.history.length;
  assert.match(r.json.user.history[0].what, /^unit QLMT, roles specialist,head$/);

  const c2 = await loggedIn(env.base, 'chuyenvien');
  r = await admin.put('/api/v1/users/chuyenvien', { unit: 'QLMT', roles: ['specialist', 'head'] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.sessions_ended, 0, 'the same change twice ends nothing');
  assert.equal(r.json.user.history.length, n, 'and records nothing');
  assert.equal((await me(c2)).username, 'chuyenvien');

  // Name and contact: no session ends; "" removes.
  r = await admin.put('/api/v1/users/chuyenvien', { full_name: 'Trần Văn Minh', phone: '0912 345 678', email: 'minh@example.vn' });
  assert.equal(r.json.sessions_ended, 0);
  assert.equal(r.json.user.phone, '0912 345 678');
  r = await admin.put('/api/v1/users/chuyenvien', { email: '' });
  assert.equal(r.json.user.email, null);
  assert.match(r.json.user.history[0].what, /^e-mail$/);

  for (const [body, status, code, field] of [
    [{ unit: 'NOPE' }, 404, 'UNIT_NOT_FOUND', 'unit'],
    [{ roles: [] }, 400, 'FIELD_MISSING', 'roles'],
    [{ roles: ['boss'] }, 400, 'FIELD_INVALID', 'roles[0]'],
    [{ roles: ['citizen'] }, 400, 'FIELD_INVALID', 'roles'],
    [{ active: 'no' }, 400, 'FIELD_TYPE', 'active'],
    [{ phone: 'call me' }, 400, 'FIELD_INVALID', 'phone'],
    [{ email: 'a@b' }, 400, 'FIELD_INVALID', 'email'],
    [{ full_name: '' }, 400, 'FIELD_TOO_SHORT', 'full_name'],
    [{ username: 'x' }, 400, 'FIELD_UNKNOWN', 'username'],
  ]) assertError(await admin.put('/api/v1/users/chuyenvien', body), status, code, field);
  r = await admin.get('/api/v1/users/chuyenvien');
  assert.equal(r.json.unit.code, 'QLMT', 'nothing changed');
  assert.equal((await me(c2)).username, 'chuyenvien');
  // Back where the demo has him.
  r = await admin.put('/api/v1/users/chuyenvien', { unit: 'DNLD', roles: ['specialist'] });
  assert.equal(r.status, 200, r.text);
});

test('disable ends the sessions and refuses log-in; enable lets the officer in again; both twice', async () => {
  const admin = await as('admin');
  const c = await loggedIn(env.base, 'lanhdao');
  let r = await admin.put('/api/v1/users/lanhdao', { active: false });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.active, false);
  assert.ok(r.json.sessions_ended >= 1, r.text); // this one and the 403 test's
  assert.equal(await me(c), 401);
  const l = await new Client(env.base).login('lanhdao');
  assertError(l, 403, 'ACCOUNT_INACTIVE');
  r = await admin.put('/api/v1/users/lanhdao', { active: false });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.sessions_ended, 0);
  assert.equal(r.json.user.history.filter((h) => h.what === 'disabled').length, 1, 'recorded once');
  const disabled = await admin.get('/api/v1/users?state=disabled');
  assert.deepEqual(disabled.json.items.map((u) => u.username), ['lanhdao']);

  r = await admin.put('/api/v1/users/lanhdao', { active: true });
  assert.equal(r.json.user.active, true);
  assert.equal((await me(await loggedIn(env.base, 'lanhdao'))).username, 'lanhdao');
  assert.equal((await admin.put('/api/v1/users/lanhdao', { active: true })).status, 200);

  // An administrator does not lock themselves out.
  assertError(await admin.put('/api/v1/users/admin', { active: false }), 400, 'FIELD_INVALID', 'active');
  assertError(await admin.put('/api/v1/users/admin', { roles: ['receiver'] }), 400, 'FIELD_INVALID', 'roles');
  assert.equal((await me(admin)).username, 'admin');
});

test('reset password: a generated one, the old one gone, the sessions ended', async () => {
  const admin = await as('admin');
  const c = await loggedIn(env.base, 'vanphong');
  let r = await admin.post('/api/v1/users/vanphong/password', {});
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.sessions_ended >= 1, r.text);
  const pw = r.json.initial_password;
  assert.match(pw, /^[A-Za-z0-9_-]{16}$/);
  assert.equal(await me(c), 401);
  assertError(await new Client(env.base).login('vanphong'), 401, 'LOGIN_FAILED');
  assert.equal((await new Client(env.base).login('vanphong', pw)).status, 200);
  assert.equal(r.json.user.history[0].what, 'password');

  assertError(await admin.post('/api/v1/users/vanphong/password', { password: 'short' }), 400, 'FIELD_TOO_SHORT', 'password');
  assertError(await admin.post('/api/v1/users/vanphong/password', { password: 'vanphong-2026' }), 400, 'PASSWORD_WEAK', 'password');
  assertError(await admin.post('/api/v1/users/vanphong/password', { pass: 'x' }), 400, 'FIELD_UNKNOWN', 'pass');
  assertError(await admin.post('/api/v1/users/nobody-here/password', {}), 404, 'USER_NOT_FOUND', 'username');
  assert.equal((await new Client(env.base).login('vanphong', pw)).status, 200, 'the refused resets changed nothing');
  r = await admin.post('/api/v1/users/vanphong/password', { password: DEMO_PASSWORD });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.initial_password, undefined);
});

test('an administrator of a sub-unit manages that unit and the ones under it only', async () => {
  const admin = await as('admin');
  // A unit under VP, and an administrator of VP.
  assert.equal((await admin.post('/api/v1/units', { code: 'VP-TN', ident: '000.17.22.H56.01.01', name: 'Bộ phận Tiếp nhận', parent: 'VP' })).status, 201);
  let r = await admin.post('/api/v1/users', { username: 'qt.vp', full_name: 'Quản trị Văn phòng', roles: ['admin'], unit: 'VP', password: 'Quan-tri-van-phong-1' });
  assert.equal(r.status, 201, r.text);
  const sub = new Client(env.base);
  assert.equal((await sub.login('qt.vp', 'Quan-tri-van-phong-1')).status, 200);
  assertError(await sub.get('/api/v1/users'), 403, 'PASSWORD_CHANGE_REQUIRED');
  assert.equal((await sub.put('/api/v1/auth/password', { current_password: 'Quan-tri-van-phong-1', new_password: 'Quan-tri-van-phong-2' })).status, 200);

  r = await sub.get('/api/v1/users');
  assert.equal(r.status, 200, r.text);
  const units = new Set(r.json.items.map((u) => u.unit && u.unit.code));
  assert.deepEqual([...units].sort(), ['VP'], r.text);
  assertError(await sub.get('/api/v1/users?unit=DNLD'), 403, 'FORBIDDEN', 'unit');
  assertError(await sub.get('/api/v1/users/truongphong'), 404, 'USER_NOT_FOUND', 'username');
  assertError(await sub.put('/api/v1/users/truongphong', { active: false }), 404, 'USER_NOT_FOUND', 'username');
  assertError(await sub.post('/api/v1/users', { username: 'ngoai.vp', full_name: 'Ngoài', roles: ['specialist'], unit: 'DNLD' }), 403, 'FORBIDDEN', 'unit');
  assertError(await sub.post('/api/v1/users', { username: 'khong.dv', full_name: 'Không đơn vị', roles: ['specialist'] }), 400, 'FIELD_MISSING', 'unit');
  assertError(await sub.put('/api/v1/users/tiepnhan', { unit: 'DNLD' }), 403, 'FORBIDDEN', 'unit');
  // Within: VP and the unit under it.
  r = await sub.post('/api/v1/users', { username: 'tn.con', full_name: 'Tiếp nhận con', roles: ['receiver'], unit: 'VP-TN' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.user.history[0].by, 'qt.vp');
  r = await sub.put('/api/v1/users/tn.con', { unit: 'VP' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await (await as('admin')).get('/api/v1/users/truongphong')).json.active, true, 'nothing outside changed');
});

test('the desk verifies a citizen\'s identity, recording the paper checked; an administrator may not', async () => {
  const c = new Client(env.base);
  const body = { kind: 'person', id_number: '035190004321', full_name: 'Lê Văn Xác', email: 'xacminh@example.vn', username: 'xacminh', password: 'mat-khau-rat-dai-1' };
  assert.equal((await c.post('/api/v1/auth/register', body)).status, 202);
  const admin = await as('admin');
  assertError(await admin.post('/api/v1/accounts/xacminh/verification', { id_number: '035190004321', evidence: 'CCCD' }), 403, 'FORBIDDEN');
  assertError(await admin.get('/api/v1/accounts/xacminh'), 403, 'FORBIDDEN');
  const desk = await as('tiepnhan');
  assertError(await desk.post('/api/v1/accounts/xacminh/verification', { id_number: '035190004321' }), 400, 'FIELD_MISSING', 'evidence');
  for (let i = 0; i < 2; i++) {
    const r = await desk.post('/api/v1/accounts/xacminh/verification', { id_number: '035190004321', evidence: 'CCCD số 035190004321, bản gốc' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.verified.how, 'desk');
    assert.equal(r.json.verifications.length, 1, 'twice is one verification');
    assert.equal(r.json.verifications[0].evidence, 'CCCD số 035190004321, bản gốc');
    assert.equal(r.json.verifications[0].by, 'tiepnhan');
  }
});

test('a password an administrator chose is changed by its owner before anything else', async () => {
  const admin = await as('admin');
  const r = await admin.post('/api/v1/users', { username: 'doi.mk', full_name: 'Đổi Mật Khẩu', roles: ['receiver'], unit: 'VP' });
  assert.equal(r.status, 201, r.text);
  const given = r.json.initial_password;
  const c = new Client(env.base);
  const other = new Client(env.base);
  assert.equal((await c.login('doi.mk', given)).status, 200);
  assert.equal((await other.login('doi.mk', given)).status, 200);
  // Everything that needs a log-in but the change and the log-out is refused.
  assertError(await c.get('/api/v1/inbox'), 403, 'PASSWORD_CHANGE_REQUIRED');
  assertError(await c.post('/api/v1/dossiers', {}), 403, 'PASSWORD_CHANGE_REQUIRED');
  assert.equal((await c.get('/api/v1/auth/me')).json.user.must_change_password, true);
  assert.equal((await c.get('/api/v1/procedures')).status, 200, 'public pages stay open');

  const change = (body) => c.put('/api/v1/auth/password', body);
  for (const [body, status, code, field] of [
    [{ current_password: 'wrong-one-1234', new_password: 'Rung-thong-xanh-3' }, 400, 'FIELD_INVALID', 'current_password'],
    [{ current_password: given, new_password: given }, 400, 'FIELD_INVALID', 'new_password'],
    [{ current_password: given, new_password: 'short' }, 400, 'FIELD_TOO_SHORT', 'new_password'],
    [{ current_password: given, new_password: '123456789' }, 400, 'PASSWORD_WEAK', 'new_password'],
    [{ current_password: given }, 400, 'FIELD_MISSING', 'new_password'],
    [{ current_password: given, new_password: 'Rung-thong-xanh-3', x: 1 }, 400, 'FIELD_UNKNOWN', 'x'],
  ]) assertError(await change(body), status, code, field);
  assertError(await c.get('/api/v1/inbox'), 403, 'PASSWORD_CHANGE_REQUIRED', undefined);

  const ok = await change({ current_password: given, new_password: 'Rung-thong-xanh-3' });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json, { must_change_password: false, sessions_ended: 1 });
  assert.equal((await c.get('/api/v1/inbox')).status, 200, 'now the officer works');
  assert.equal(await me(other), 401, 'the other session ended');
  assertError(await new Client(env.base).login('doi.mk', given), 401, 'LOGIN_FAILED');
  const u = (await admin.get('/api/v1/users/doi.mk')).json;
  assert.equal(u.must_change_password, false);
  assert.equal(u.history[0].what, 'password changed by its owner');
  assert.equal(u.history[0].by, 'doi.mk');
  // An officer changes their own password at will; the rules are the same.
  const own = await loggedIn(env.base, 'truongphong');
  assert.equal((await own.put('/api/v1/auth/password', { current_password: DEMO_PASSWORD, new_password: 'Truong-phong-moi-5' })).status, 200);
  assert.equal((await own.put('/api/v1/auth/password', { current_password: 'Truong-phong-moi-5', new_password: DEMO_PASSWORD })).status, 200);
  assertError(await new Client(env.base).put('/api/v1/auth/password', { current_password: 'a', new_password: 'b' }), 401, 'UNAUTHENTICATED');
});
