// Browser tests of the desk queue: a visitor takes a ticket at the kiosk
// (with its QR and the 80 mm print layout), the display board receives the
// call over Server-Sent Events and fetches the spoken WAV, the officer
// serves the ticket at the counter page, the visitor rates the visit, and
// the report shows it; following a ticket from a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, Client, PHONE, logIn } from './helpers.mjs';

const env = useServerAndBrowser();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 AA with axe-core, as tests/web/a11y.test.mjs does. */
async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }));
  const found = result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `${label}: accessibility violations`);
}

let desk = null;
/** Sets up the desk of VP once (always open, services A and B, counter 1). */
async function ensureDesk() {
  if (desk) return desk;
  const admin = new Client(env.base);
  assert.equal((await admin.login('admin')).status, 200);
  let r = await admin.put('/api/v1/queue/units/VP/desk', { always_open: true });
  assert.equal(r.status, 200, r.text);
  const ids = [];
  for (const [prefix, name, name_en] of [['A', 'Đầu tư', 'Investment'], ['B', 'Lao động', 'Labour']]) {
    r = await admin.post('/api/v1/queue/units/VP/services', { prefix, name, name_en });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  r = await admin.post('/api/v1/queue/units/VP/counters', { number: 1, name: 'Quầy 1', services: ids, officers: ['tiepnhan'] });
  assert.equal(r.status, 201, r.text);
  desk = { services: ids, counter: r.json.id };
  return desk;
}

test('kiosk ticket → call on the display with voice → served at the counter → rated → in the report', async () => {
  await ensureDesk();
  const d = await openPage(env);
  const k = await openPage(env);
  const c = await openPage(env);
  try {
    // The TV: live, and a click stands for the gesture some browsers want before sound.
    await go(d.page, env.base, '#/display/VP');
    await d.page.waitForFunction(() => document.querySelector('#display-status').textContent === 'Trực tiếp');
    await d.page.click('#display-last');
    assert.match(await d.page.textContent('h1'), /Bảng gọi số — Văn phòng/);

    // The kiosk: large service buttons; a priority toggle; the ticket.
    await go(k.page, env.base, '#/kiosk/VP');
    await k.page.waitForSelector('.kiosk-service[data-prefix="A"]');
    assert.equal(await k.page.locator('.site-header').isVisible(), false, 'the kiosk is full screen');
    const box = await k.page.locator('.kiosk-service').first().boundingBox();
    assert.ok(box.height >= 100, `service buttons are ${box.height}px high`);
    await shot(k.page, 'queue-kiosk');
    await k.page.click('.kiosk-service[data-prefix="A"]');
    await k.page.waitForSelector('#ticket-number');
    const number = await k.page.textContent('#ticket-number');
    assert.match(number, /^A-\d{3}$/);
    assert.match(await k.page.textContent('#ticket-ahead'), /^Số người chờ trước bạn: \d+$/);
    await k.page.waitForFunction(() => { const i = document.querySelector('.ticket-qr img'); return i && i.complete && i.naturalWidth > 0; });
    await shot(k.page, 'queue-kiosk-ticket');
    // Printed on an 80 mm roll: only the ticket, 72 mm wide.
    await k.page.emulateMedia({ media: 'print' });
    const print = await k.page.evaluate(() => ({
      ticket: document.querySelector('.ticket-print').getBoundingClientRect().width,
      actions: getComputedStyle(document.querySelector('.kiosk-actions')).display,
      brand: getComputedStyle(document.querySelector('.brand')).visibility,
    }));
    assert.ok(Math.abs(print.ticket - 272) < 3, `printed ticket is ${print.ticket}px wide, 72 mm expected`);
    assert.equal(print.actions, 'none');
    assert.equal(print.brand, 'hidden');
    await k.page.emulateMedia({ media: 'screen' });

    // The counter: log in, open counter 1, call the next number.
    await logIn(c.page, env.base, 'tiepnhan');
    await go(c.page, env.base, `#/counter?unit=VP&counter=${desk.counter}`);
    await c.page.click('#counter-open');
    await c.page.waitForSelector('#call-next');
    const voice = d.page.waitForResponse((r) => r.url().includes(`/api/v1/queue/voice/${number}/1`));
    await c.page.click('#call-next');
    await c.page.waitForSelector(`#counter-ticket[data-state="called"]`);
    assert.equal(await c.page.textContent('.counter-number'), number);

    // The display shows the number in large type and plays its sound.
    await d.page.waitForFunction((n) => document.querySelector('#last-number').textContent === n, number);
    assert.equal(await d.page.textContent('#last-counter'), 'đến quầy 1');
    const wav = await voice;
    assert.equal(wav.status(), 200);
    assert.equal(wav.headers()['content-type'], 'audio/wav');
    const body = await wav.body();
    assert.equal(body.subarray(0, 4).toString('latin1'), 'RIFF');
    assert.ok(body.length > 10000);
    await d.page.waitForSelector('tr[data-counter="1"] .display-serving');
    assert.equal(await d.page.textContent('tr[data-counter="1"] .display-serving'), number);
    const size = await d.page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('#last-number')).fontSize));
    assert.ok(size >= 80, `the last number is ${size}px`);
    await shot(d.page, 'queue-display');

    // Served, then the visit's rating is offered on the counter's tablet.
    await c.page.click('#ticket-start');
    await c.page.waitForSelector('#counter-ticket[data-state="serving"]');
    await c.page.click('#ticket-finish');
    await c.page.waitForSelector('#rating-link');
    await shot(c.page, 'queue-counter');
    await c.page.click('#rating-link');
    await c.page.waitForSelector('.rating-level');
    assert.equal(await c.page.locator('.rating-level').count(), 5);
    assert.equal(await c.page.locator('.rating-question').count(), 0, 'no dossier questions for a visit');
    await c.page.click('.rating-level[data-level="very_satisfied"]');
    await c.page.getByLabel('Góp ý (không bắt buộc)').fill('Cán bộ hướng dẫn tận tình');
    await shot(c.page, 'queue-rating');
    await c.page.click('#rating-submit');
    await c.page.waitForSelector('#rating-thanks');

    // The day's report has the ticket, its waiting time and the rating.
    await go(c.page, env.base, '#/queue-report?unit=VP&by=counter');
    await c.page.waitForSelector('#qreport-table');
    const counterRow = c.page.locator('#qreport-table tbody tr', { hasText: 'Quầy 1' });
    const cells = await counterRow.locator('td').allTextContents();
    assert.equal(cells[1], '1', 'served');
    assert.match(cells[3], /^\d+(,\d)? phút$/, 'average wait');
    assert.equal(cells[7], '1', 'ratings');
    assert.equal(cells[8], '100 %');
    await shot(c.page, 'queue-report');
  } finally {
    await finish(d);
    await finish(k);
    await finish(c);
  }
});

test('a visitor follows the ticket from a phone', async () => {
  const { services } = await ensureDesk();
  const r = await new Client(env.base).post('/api/v1/queue/units/VP/tickets', { service: services[1], priority: 'pregnant' });
  assert.equal(r.status, 201, r.text);
  const p = await openPage(env, { viewport: PHONE });
  const { page } = p;
  await go(page, env.base, `#/ticket/${r.json.follow_token}`);
  await page.waitForSelector('#ticket-number');
  assert.equal(await page.textContent('#ticket-number'), r.json.number);
  assert.equal(await page.textContent('#follow-status'), 'Đang chờ');
  assert.match(await page.textContent('.ticket-priority'), /Ưu tiên/);
  await assertNoHorizontalScroll(page);
  await shot(page, 'queue-follow-phone');
  await finish(p);
});

test('the kiosk speaks English on request', async () => {
  await ensureDesk();
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/kiosk/VP');
  await page.waitForSelector('.kiosk-service[data-prefix="B"]');
  await page.click('#kiosk-lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('.kiosk-service[data-prefix="B"]');
  assert.equal(await page.textContent('.kiosk-title'), 'Office');
  assert.match(await page.textContent('.kiosk-service[data-prefix="B"] .kiosk-name'), /^Labour$/);
  assert.equal(await page.textContent('.kiosk-priority legend'), 'Priority (if it applies)');
  await page.click('.kiosk-prio[data-priority="elderly"]');
  assert.equal(await page.getAttribute('.kiosk-prio[data-priority="elderly"]', 'aria-pressed'), 'true');
  await page.click('.kiosk-service[data-prefix="B"]');
  await page.waitForSelector('#ticket-number');
  assert.match(await page.textContent('.ticket-priority'), /Priority/);
  assert.match(await page.textContent('#ticket-ahead'), /^People before you: \d+$/);
  await finish(p);
});

test('the queue pages meet WCAG 2.1 AA', async () => {
  const { services } = await ensureDesk();
  const r = await new Client(env.base).post('/api/v1/queue/units/VP/tickets', { service: services[0] });
  assert.equal(r.status, 201, r.text);
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/kiosk/VP');
  await page.waitForSelector('.kiosk-service');
  await axe(page, 'kiosk');
  await page.click('.kiosk-service[data-prefix="A"]');
  await page.waitForSelector('#ticket-number');
  await axe(page, 'kiosk ticket');
  await go(page, env.base, `#/ticket/${r.json.follow_token}`);
  await page.waitForSelector('#follow-status');
  await axe(page, 'follow');
  await go(page, env.base, '#/display/VP');
  await page.waitForFunction(() => document.querySelector('#display-status').textContent === 'Trực tiếp');
  await axe(page, 'display');
  await logIn(page, env.base, 'tiepnhan');
  await go(page, env.base, `#/counter?unit=VP&counter=${desk.counter}`);
  await page.waitForSelector('.counter-card');
  await axe(page, 'counter');
  await go(page, env.base, '#/queue-report?unit=VP');
  await page.waitForSelector('#qreport-table');
  await axe(page, 'report');
  await finish(p);
});
