// Officers who move or leave: `motcua user disable|enable|set|password`
// beside a running server. Each change ends every session of the user at
// once, a disabled user cannot log in (ACCOUNT_INACTIVE), and wrong input
// exits 1 or 2 naming what is wrong and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, Client, DEMO_PASSWORD, runStatus, loggedIn } from './helpers.mjs';

const env = useServer();
const T = { timeout: 20000 };
const cli = (...args) => runStatus([...args, '--db', env.server.db.url], T);
const cliIn = (input, ...args) => runStatus([...args, '--db', env.server.db.url], { ...T, input });

async function me(c) {
  // A session that ended is anonymous: 200 {"user": null}, as 401.
  const r = await c.get('/api/v1/auth/me');
  return r.status === 200 ? r.json.user || 401 : r.status;
}

test('user disable ends the sessions and refuses log-in; enable lets the user in again', async () => {
  const c = await loggedIn(env.base, 'tiepnhan');
  const c2 = await loggedIn(env.base, 'tiepnhan');
  assert.equal((await me(c)).username, 'tiepnhan');

  const r = cli('user', 'disable', 'tiepnhan');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /user tiepnhan disabled; 2 sessions ended/);
  assert.equal(await me(c), 401, 'an open session stops at once');
  assert.equal(await me(c2), 401);
  const l = await new Client(env.base).login('tiepnhan');
  assert.equal(l.status, 403);
  assert.equal(l.json.error.code, 'ACCOUNT_INACTIVE');

  const again = cli('user', 'disable', 'tiepnhan');
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /disabled; 0 sessions ended/);

  const e = cli('user', 'enable', 'tiepnhan');
  assert.equal(e.status, 0, e.stderr);
  assert.match(e.stdout, /user tiepnhan enabled/);
  const back = await loggedIn(env.base, 'tiepnhan');
  assert.equal((await me(back)).username, 'tiepnhan');
  assert.equal(cli('user', 'enable', 'tiepnhan').status, 0, 'twice is fine');
});

test('user set moves an officer to another unit with new roles and ends the session', async () => {
  const c = await loggedIn(env.base, 'chuyenvien');
  const before = await me(c);
  assert.equal(before.unit.code, 'DNLD');
  assert.deepEqual(before.roles, ['specialist']);

  const r = cli('user', 'set', 'chuyenvien', '--unit', 'QLMT', '--role', 'specialist,head',
    '--full-name', 'Trần Văn Minh (QLMT)');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /user chuyenvien changed; 1 session ended/);
  assert.equal(await me(c), 401);
  const after = await me(await loggedIn(env.base, 'chuyenvien'));
  assert.equal(after.unit.code, 'QLMT');
  assert.deepEqual(after.roles, ['specialist', 'head']);
  assert.equal(after.full_name, 'Trần Văn Minh (QLMT)');

  // Roles replace the old set; twice in a row is fine.
  for (let i = 0; i < 2; i++) {
    const s = cli('user', 'set', 'chuyenvien', '--role', 'specialist', '--unit', 'DNLD');
    assert.equal(s.status, 0, s.stderr);
  }
  const back = await me(await loggedIn(env.base, 'chuyenvien'));
  assert.equal(back.unit.code, 'DNLD');
  assert.deepEqual(back.roles, ['specialist']);
});

test('user password sets a new password from stdin or --password and ends the sessions', async () => {
  const c = await loggedIn(env.base, 'vanphong');
  const r = cliIn('Hoa-sen-trong-dam-7\n', 'user', 'password', 'vanphong');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /user vanphong has a new password; 1 session ended/);
  assert.equal(await me(c), 401);
  assert.equal((await new Client(env.base).login('vanphong')).status, 401, 'the old password is gone');
  const n = new Client(env.base);
  assert.equal((await n.login('vanphong', 'Hoa-sen-trong-dam-7')).status, 200);

  const p = cli('user', 'password', 'vanphong', '--password', DEMO_PASSWORD);
  assert.equal(p.status, 0, p.stderr);
  assert.equal(await me(n), 401);
  assert.equal((await new Client(env.base).login('vanphong')).status, 200);
});

test('wrong input exits 1 or 2 naming what is wrong and changes nothing', async () => {
  const c = await loggedIn(env.base, 'truongphong');
  const cases = [
    [['user', 'disable', 'nobody-here'], 1, /no user named 'nobody-here'/],
    [['user', 'enable', 'nobody-here'], 1, /no user named 'nobody-here'/],
    [['user', 'set', 'nobody-here', '--unit', 'VP'], 1, /no user named 'nobody-here'/],
    [['user', 'password', 'nobody-here', '--password', 'Hoa-sen-trong-dam-7'], 1, /no user named 'nobody-here'/],
    [['user', 'set', 'truongphong', '--unit', 'NOPE'], 1, /no unit with code 'NOPE'/],
    [['user', 'set', 'truongphong', '--role', 'head,boss'], 2, /unknown staff role 'boss'/],
    [['user', 'set', 'truongphong', '--role', 'citizen'], 2, /unknown staff role 'citizen'/],
    [['user', 'set', 'truongphong'], 2, /at least one of --unit, --role, --full-name/],
    [['user', 'set', 'congdan', '--unit', 'VP'], 2, /citizen's account has no unit/],
    [['user', 'password', 'truongphong', '--password', '123456789'], 2, /too easy to guess.*common password/],
    [['user', 'password', 'truongphong', '--password', 'truongphong-2026'], 2, /too easy to guess.*user name/],
    [['user', 'password', 'truongphong', '--password', 'short'], 2, /too short/],
    [['user', 'disable'], 2, /USERNAME is required/],
  ];
  for (const [args, status, message] of cases) {
    const r = cli(...args);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
  const empty = cliIn('', 'user', 'password', 'truongphong');
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /standard input or with --password/);

  const u = await me(c);
  assert.equal(u.username, 'truongphong', 'the session still works');
  assert.equal(u.unit.code, 'DNLD');
  assert.deepEqual(u.roles, ['head']);
  assert.equal((await new Client(env.base).login('truongphong')).status, 200, 'the password is unchanged');
});

test('each user command has --help', () => {
  for (const cmd of ['disable', 'enable', 'set', 'password']) {
    const r = runStatus(['user', cmd, '--help'], T);
    assert.equal(r.status, 0);
    assert.match(r.stdout, new RegExp(`usage: motcua user ${cmd} USERNAME`));
  }
});
