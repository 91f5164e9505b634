// Every route of the portal (web/js/app.js), opened by a user who may open
// it, at desktop (1280 px) and phone (390 px) widths (issue 15): the page
// renders without console errors, fits its width, and is shot as
// tests/web/screenshots/route-<name>-<width>.png for a person to look at.
// The route table is read from app.js: a new route fails this test until it
// is added to WALK below. Also: the kiosk's language button does not overlap
// its heading at 768 and 390 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makePdf } from '../lib/pdf.mjs';
import { Client, useServerAndBrowser, openPage, go, finish, logIn, shot, PHONE, DESKTOP } from './helpers.mjs';

// A key to sign with: #/verify/CODE checks a signed result.
const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-walk-'));
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
execFileSync(process.env.MOTCUA_BIN || 'build/motcua', ['pki', 'init', '--data-dir', dataDir]);
const env = useServerAndBrowser({ args: ['--data-dir', dataDir] });
const APP = readFileSync(new URL('../../web/js/app.js', import.meta.url), 'utf8');
const ROUTES = [...APP.matchAll(/\{ re: \/(.+?)\/, page:/g)].map((m) => m[1]);

// route regex source -> [name, user or null, hash (a function of the set-up's values)]
const WALK = {
  '^\\/$': ['catalogue', null, () => '#/'],
  '^\\/procedures\\/([^/]+)$': ['procedure', null, () => '#/procedures/LD-02'],
  '^\\/login$': ['login', null, () => '#/login'],
  '^\\/register$': ['register', null, () => '#/register'],
  '^\\/home$': ['home', 'tiepnhan', () => '#/home'],
  '^\\/calendar(?:\\/(\\d{4}))?$': ['calendar', 'admin', () => '#/calendar'],
  '^\\/kiosk\\/([^/]+)$': ['kiosk', null, () => '#/kiosk/VP'],
  '^\\/ticket\\/([0-9a-f]+)$': ['ticket', null, (s) => `#/ticket/${s.ticket}`],
  '^\\/display\\/([^/]+)$': ['display', null, () => '#/display/VP'],
  '^\\/counter$': ['counter', 'tiepnhan', () => '#/counter'],
  '^\\/rate\\/(visit|dossier)\\/(\\d+)$': ['rate', null, (s) => s.rate],
  '^\\/queue-report$': ['queue-report', 'lanhdao', () => '#/queue-report'],
  '^\\/desk$': ['desk', 'tiepnhan', () => '#/desk'],
  '^\\/inbox$': ['inbox', 'chuyenvien', () => '#/inbox'],
  '^\\/dossiers\\/([^/]+)$': ['dossier', 'chuyenvien', (s) => `#/dossiers/${s.code}`],
  '^\\/approvals$': ['approvals', 'lanhdao', () => '#/approvals'],
  '^\\/submit$': ['submit', 'congdan', () => '#/submit'],
  '^\\/my-dossiers$': ['my-dossiers', 'congdan', () => '#/my-dossiers'],
  '^\\/track(?:\\/([^/]+))?$': ['track', null, () => '#/track'],
  '^\\/dossiers\\/([^/]+)\\/documents$': ['dossier-documents', 'chuyenvien', (s) => `#/dossiers/${s.code}/documents`],
  '^\\/store$': ['store', 'congdan', () => '#/store'],
  '^\\/verify\\/([^/]+)$': ['verify', null, (s) => `#/verify/${s.verify}`],
  '^\\/desk-setup(?:\\/([^/]+))?$': ['desk-setup', 'admin', () => '#/desk-setup/VP'],
  '^\\/units$': ['units', 'admin', () => '#/units'],
  '^\\/users$': ['users', 'admin', () => '#/users'],
  '^\\/procedures-admin(?:\\/([^/]+))?$': ['procedures-admin', 'admin', () => '#/procedures-admin'],
  '^\\/password$': ['password', 'congdan', () => '#/password'],
  '^\\/dashboard$': ['dashboard', 'lanhdao', () => '#/dashboard'],
  '^\\/kpi\\/([^/]+)$': ['kpi', 'lanhdao', () => '#/kpi/766.2.1?unit=BQL&period=range&from=2026-01-01&to=2026-12-31'],
  '^\\/scorecard$': ['scorecard', 'chuyenvien', () => '#/scorecard'],
  '^\\/stats-report$': ['stats-report', 'vanphong', () => '#/stats-report'],
  '^\\/closures(?:\\/(\\d+))?$': ['closures', 'vanphong', () => '#/closures'],
  '^\\/tracking-book$': ['tracking-book', 'tiepnhan', () => '#/tracking-book'],
  '^\\/payments-day$': ['payments-day', 'tiepnhan', () => '#/payments-day'],
  '^\\/payments-reconcile$': ['payments-reconcile', 'vanphong', () => '#/payments-reconcile'],
  '^\\/review$': ['review', 'vanphong', () => '#/review'],
  '^\\/review\\/items\\/(\\d+)$': ['review-item', 'vanphong', (s) => `#/review/items/${s.review}`],
  '^\\/quality(?:\\/([^/]+))?$': ['quality', null, () => '#/quality'],
  '^\\/feedback\\/(?:track|items|mine)\\/([^/]+)$': ['feedback-item', 'vanphong', (s) => `#/feedback/items/${s.feedback}`],
  '^\\/feedback\\/(?:send|answers|inbox|track|mine)$': ['feedback-inbox', 'vanphong', () => '#/feedback/inbox'],
};
// Second variants of routes already in WALK: [name, user or null, hash].
const MORE = [
  // No dates in the address: the dashboard's defaults, not two 400s.
  ['kpi-bare', 'lanhdao', () => '#/kpi/766.2.1'],
  ['calendar-year', 'admin', () => '#/calendar/2026'],
  ['track-code', null, (s) => `#/track/${s.code}`],
  ['closure', 'vanphong', (s) => `#/closures/${s.closure}`],
  ['quality-unit', null, () => '#/quality/BQL'],
  ['procedure-admin', 'admin', () => '#/procedures-admin/LD-02'],
  ['feedback-track', null, (s) => `#/feedback/track/${s.feedback}?k=${s.feedbackKey}`],
  ['feedback-send', null, () => '#/feedback/send'],
  ['feedback-answers', null, () => '#/feedback/answers'],
  ['feedback-track-form', null, () => '#/feedback/track'],
  ['feedback-mine', 'congdan', () => '#/feedback/mine'],
];
// null: a route not walked (none now).
const NOT_WALKED = Object.keys(WALK).filter((k) => WALK[k] === null);

const setup = {};

/** A paper dossier carried to its signed result; the result's verify code. */
async function signedResult(desk, proc) {
  let r = await desk.post('/api/v1/dossiers', {
    procedure_code: 'LD-02',
    applicant: { kind: 'person', name: 'Đỗ Minh Khôi', id_number: '001090066666' },
    components: proc.components.map((c) => (c.mandatory ? 'paper' : 'not_applicable')),
  });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  const steps = [['tiepnhan', 'transfer', { to_user: 'chuyenvien' }], ['chuyenvien', 'transfer', {}],
    ['truongphong', 'transfer', {}], ['lanhdao', 'approve', {}]];
  const as = {};
  for (const who of ['chuyenvien', 'truongphong', 'lanhdao']) {
    as[who] = new Client(env.base);
    assert.equal((await as[who].login(who)).status, 200);
  }
  as.tiepnhan = desk;
  for (const [who, action, body] of steps) {
    if (action === 'approve') { // approving needs the draft result
      r = await as.chuyenvien.post(`/api/v1/dossiers/${code}/result?doc_type=foreign_worker_demand_approval`,
        makePdf('Giay phep'), { 'content-type': 'application/pdf' });
      assert.equal(r.status, 201, r.text);
    }
    r = await as[who].post(`/api/v1/dossiers/${code}/actions/${action}`, body);
    assert.equal(r.status, 200, `${who} ${action}: ${r.text}`);
  }
  r = await as.lanhdao.post(`/api/v1/dossiers/${code}/issue`, {});
  assert.equal(r.status, 201, r.text);
  return r.json.verify_code;
}
async function ensureSetup() {
  if (setup.code) return;
  const desk = new Client(env.base);
  assert.equal((await desk.login('tiepnhan')).status, 200);
  const proc = (await desk.get('/api/v1/procedures/LD-02')).json;
  let r = await desk.post('/api/v1/dossiers', {
    procedure_code: 'LD-02',
    applicant: { kind: 'person', name: 'Lê Văn Cường', id_number: '001090077777' },
    components: proc.components.map((c) => (c.mandatory ? 'paper' : 'not_applicable')),
  });
  assert.equal(r.status, 201, r.text);
  setup.code = r.json.code;
  assert.equal((await desk.post(`/api/v1/dossiers/${setup.code}/actions/transfer`, { to_user: 'chuyenvien' })).status, 200);
  const admin = new Client(env.base);
  assert.equal((await admin.login('admin')).status, 200);
  assert.equal((await admin.put('/api/v1/queue/units/VP/desk', { always_open: true })).status, 200);
  r = await admin.post('/api/v1/queue/units/VP/services', { prefix: 'A', name: 'Đầu tư', name_en: 'Investment' });
  assert.equal(r.status, 201, r.text);
  const service = r.json.id;
  r = await admin.post('/api/v1/queue/units/VP/counters', { number: 1, name: 'Quầy 1', services: [service], officers: ['tiepnhan'] });
  assert.equal(r.status, 201, r.text);
  const counter = r.json.id;
  // A visit served and finished: its rating link (#/rate/visit/ID?t=).
  r = await new Client(env.base).post('/api/v1/queue/units/VP/tickets', { service });
  assert.equal(r.status, 201, r.text);
  const served = r.json.id;
  assert.equal((await desk.post(`/api/v1/queue/counters/${counter}/open`)).status, 200);
  r = await desk.post(`/api/v1/queue/counters/${counter}/call`);
  assert.equal(r.json.ticket.id, served, r.text);
  assert.equal((await desk.post(`/api/v1/queue/tickets/${served}/start`)).status, 200);
  r = await desk.post(`/api/v1/queue/tickets/${served}/finish`);
  assert.equal(r.status, 200, r.text);
  setup.rate = `#${r.json.ticket.rating_url.split('#')[1]}`;
  r = await new Client(env.base).post('/api/v1/queue/units/VP/tickets', { service });
  assert.equal(r.status, 201, r.text);
  setup.ticket = r.json.follow_token;
  setup.verify = await signedResult(desk, proc);
  // A procedure in this year's review plan: its form (#/review/items/ID).
  const office = new Client(env.base);
  assert.equal((await office.login('vanphong')).status, 200);
  const year = new Date().getUTCFullYear();
  r = await office.post('/api/v1/review/plans', { year });
  assert.equal(r.status, 201, r.text);
  r = await office.post(`/api/v1/review/plans/${year}/items`, { procedure: 'LD-02', due: `${year}-12-31` });
  assert.equal(r.status, 201, r.text);
  setup.review = r.json.id;
  r = await new Client(env.base).post('/api/v1/feedback', {
    sender_name: 'Phạm Thu Hà', subject: 'Mẫu tờ khai', content: 'Đề nghị đăng mẫu tờ khai dạng điền trực tuyến.', procedure_code: 'LD-02',
  });
  assert.equal(r.status, 201, r.text);
  setup.feedback = r.json.code;
  setup.feedbackKey = r.json.key;
  // A closed, signed period of the board: its check (#/closures/SEQ).
  r = await office.post('/api/v1/stats/closures', { unit: 'BQL', period: '2026-01' });
  assert.equal(r.status, 201, r.text);
  setup.closure = r.json.seq;
}

test('every route of app.js is in the walk', () => {
  assert.ok(ROUTES.length >= 30, `read ${ROUTES.length} routes from app.js`);
  const missing = ROUTES.filter((re) => !(re in WALK));
  assert.deepEqual(missing, [], 'routes of app.js not walked: add them to WALK');
  assert.deepEqual(NOT_WALKED, []);
});

for (const [width, viewport] of [['1280', DESKTOP], ['390', PHONE]]) {
  test(`every route at ${width} px`, async () => {
    await ensureSetup();
    const byUser = new Map();
    for (const entry of [...Object.values(WALK), ...MORE]) {
      if (!entry) continue;
      const who = entry[1] || '';
      if (!byUser.has(who)) byUser.set(who, []);
      byUser.get(who).push(entry);
    }
    const overflow = [];
    for (const [who, entries] of byUser) {
      const p = await openPage(env, { viewport });
      try {
        if (who) await logIn(p.page, env.base, who);
        for (const [name, , hash] of entries) {
          await go(p.page, env.base, hash(setup));
          await p.page.waitForLoadState('networkidle');
          const { scroll, inner } = await p.page.evaluate(() => ({
            scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth,
          }));
          if (scroll > inner) overflow.push(`${name}: ${scroll} px in ${inner}`);
          await shot(p.page, `route-${name}-${width}`);
          assert.deepEqual(p.problems, [], `${name} as ${who || 'anonymous'}`);
        }
      } finally {
        await finish(p);
      }
    }
    assert.deepEqual(overflow, [], 'pages wider than the viewport');
  });
}

for (const width of [768, 390]) {
  test(`the kiosk's language button does not overlap its heading at ${width} px`, async () => {
    await ensureSetup();
    const p = await openPage(env, { viewport: { width, height: 900 } });
    await go(p.page, env.base, '#/kiosk/VP');
    await p.page.waitForSelector('#kiosk-lang');
    const a = await p.page.locator('#kiosk-lang').boundingBox();
    const b = await p.page.locator('.kiosk-title').boundingBox();
    const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    assert.ok(!overlap, `button ${JSON.stringify(a)} overlaps heading ${JSON.stringify(b)}`);
    await shot(p.page, `route-kiosk-lang-${width}`);
    await finish(p);
  });
}
