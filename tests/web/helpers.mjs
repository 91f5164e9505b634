// Shared set-up of the browser tests: one motcua server (tests/lib/motcua.mjs:
// fresh database, demo data, password 'demo-pass') and one headless Chromium
// per test file; a page per test that records console errors, uncaught
// exceptions and Content-Security-Policy violations, and a screenshot per test
// under tests/web/screenshots/ (git-ignored).
//
// Environment:
//   MOTCUA_WEB_BASE   use an already running server at this URL instead of
//                     starting one (for working on the pages)
//   CHROMIUM          the browser (default /usr/bin/chromium)
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, DEMO_PASSWORD, Client } from '../lib/motcua.mjs';

export { DEMO_PASSWORD, Client };

const here = path.dirname(fileURLToPath(import.meta.url));
export const SHOTS = path.join(here, 'screenshots');
mkdirSync(SHOTS, { recursive: true });

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Registers before/after hooks for the file and returns an env object whose
 * base, browser and api (a Client) are set once the hooks ran.
 */
export function useServerAndBrowser(serverOptions = {}) {
  const env = { base: null, browser: null, server: null, api: null };
  before(async () => {
    if (process.env.MOTCUA_WEB_BASE) env.base = process.env.MOTCUA_WEB_BASE.replace(/\/$/, '');
    else {
      env.server = await startServer(serverOptions);
      env.base = env.server.base;
    }
    env.api = new Client(env.base);
    env.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.server) await env.server.stop();
  });
  return env;
}

/**
 * Opens a fresh browser context and page. expectedFailures: URL substrings
 * whose 4xx replies the test provokes on purpose (the browser logs every
 * failed fetch as a console error; those are not defects). Nothing else is
 * expected: an anonymous visit's /api/v1/auth/me answers 200 {"user": null}.
 */
export async function openPage(env, { viewport = DESKTOP, expectedFailures = [] } = {}) {
  const context = await env.browser.newContext({ viewport, locale: 'vi-VN' });
  const page = await context.newPage();
  const problems = [];
  const expected = expectedFailures;
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    const url = (msg.location() && msg.location().url) || '';
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)
        && expected.some((e) => url.includes(e))) return;
    problems.push(`console error: ${text} (${url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { context, page, problems };
}

/** Navigates to a hash route and waits until the app has rendered it. */
export async function go(page, base, hash = '#/') {
  await page.goto(`${base}/${hash}`);
  await page.waitForSelector('body.ready');
  await page.waitForSelector('main[aria-busy="false"]');
}

/** Fills the log-in form shown on the page with username and password and sends it. */
export async function submitLogin(page, username, password = DEMO_PASSWORD) {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
}

/** Logs username in through the log-in page and waits for the home page. */
export async function logIn(page, base, username, password = DEMO_PASSWORD) {
  await go(page, base, '#/login');
  await submitLogin(page, username, password);
  await page.waitForSelector('#home-greeting');
}

/** Saves a full-page screenshot as tests/web/screenshots/<name>.png. */
export async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Fails on console errors, uncaught exceptions or CSP violations; closes the context. */
export async function finish({ context, page, problems }) {
  try {
    const csp = await page.evaluate(() => window.__cspViolations || []).catch(() => []);
    for (const v of csp) problems.push(`CSP violation: ${v}`);
    assert.deepEqual(problems, [], 'the page had errors');
  } finally {
    await context.close();
  }
}

/** The page has no horizontal scrolling at its viewport width. */
export async function assertNoHorizontalScroll(page) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, width: window.innerWidth,
  }));
  assert.ok(scroll <= width, `page is ${scroll}px wide in a ${width}px viewport`);
}
