// WCAG 2.1 AA checks with axe-core on every page, in both languages and at
// phone width: labels, contrast, landmarks, names of controls, lang. axe runs
// through the DevTools protocol, so the page's CSP does not have to allow it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { useServerAndBrowser, openPage, go, finish, DEMO_PASSWORD, PHONE } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const env = useServerAndBrowser();

async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }));
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `${label}: accessibility violations`);
}

for (const [name, viewport] of [['desktop', undefined], ['phone', PHONE]]) {
  test(`public pages meet WCAG 2.1 AA (${name})`, async () => {
    const p = await openPage(env, { viewport, expectedFailures: ['/api/v1/procedures/NO-SUCH'] });
    const { page } = p;
    await go(page, env.base, '#/');
    await page.waitForSelector('.result');
    await axe(page, 'catalogue');
    await go(page, env.base, '#/procedures/LD-02');
    await page.waitForSelector('#components');
    await axe(page, 'procedure');
    await go(page, env.base, '#/procedures/NO-SUCH');
    await axe(page, 'unknown procedure');
    await go(page, env.base, '#/login');
    await axe(page, 'login');
    await go(page, env.base, '#/register');
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();   // shows every error
    await page.waitForSelector('.field-error:not([hidden])');
    await axe(page, 'register with errors');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await go(page, env.base, '#/');
    await page.waitForSelector('.result');
    await axe(page, 'catalogue in English');
    await go(page, env.base, '#/procedures/LD-02');
    await page.waitForSelector('#components');
    await axe(page, 'procedure in English');
    await finish(p);
  });
}

test('the officer home meets WCAG 2.1 AA', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/login');
  await page.getByLabel('Tên đăng nhập').fill('truongphong');
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForSelector('#home-greeting');
  await axe(page, 'home');
  await finish(p);
});
