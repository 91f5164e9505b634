// WCAG 2.1 AA checks with axe-core on every page, in both languages and at
// phone width: labels, contrast, landmarks, names of controls, lang. axe runs
// through the DevTools protocol, so the page's CSP does not have to allow it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { useServerAndBrowser, openPage, go, finish, PHONE, logIn } from './helpers.mjs';

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
  await logIn(page, env.base, 'truongphong');
  await axe(page, 'home');
  await finish(p);
});

// The administrator's desk set-up (tests/web/desk-setup.test.mjs has its
// behaviour): the demo desk of BQL with a field error shown, and in English.
for (const [name, viewport] of [['desktop', undefined], ['phone', PHONE]]) {
  test(`the desk set-up meets WCAG 2.1 AA (${name})`, async () => {
    const p = await openPage(env, { viewport });
    const { page } = p;
    await logIn(page, env.base, 'admin');
    await go(page, env.base, '#/desk-setup/BQL');
    await page.waitForSelector('#desk-setup-ctr-table');
    await page.click('#svc-save');                        // shows the errors
    await page.waitForSelector('.field-error:not([hidden])');
    await axe(page, 'desk set-up with errors');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForSelector('#desk-setup-ctr-table');
    await page.locator('#desk-setup-ctr-table button').first().click();
    await page.waitForSelector('#ctr-cancel');
    await axe(page, 'desk set-up in English, editing a counter');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'vi');
    await finish(p);
  });
}

// The administrator's units (tests/web/units.test.mjs has their behaviour):
// the tree with the form's errors shown, then in English editing a unit.
for (const [name, viewport] of [['desktop', undefined], ['phone', PHONE]]) {
  test(`the units page meets WCAG 2.1 AA (${name})`, async () => {
    const p = await openPage(env, { viewport });
    const { page } = p;
    await logIn(page, env.base, 'admin');
    await go(page, env.base, '#/units');
    await page.waitForSelector('#units-table');
    await page.click('#unit-save'); // shows the errors
    await page.waitForSelector('.field-error:not([hidden])');
    await axe(page, 'units with errors');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForSelector('#units-table');
    await page.click('#unit-edit-VP');
    await page.waitForSelector('#unit-cancel');
    await axe(page, 'units in English, editing one');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'vi');
    await finish(p);
  });
}

// The administrator's staff accounts (tests/web/users.test.mjs has their
// behaviour): the list with the form's errors shown, then in English editing
// one with the confirmation open.
for (const [name, viewport] of [['desktop', undefined], ['phone', PHONE]]) {
  test(`the users page meets WCAG 2.1 AA (${name})`, async () => {
    const p = await openPage(env, { viewport });
    const { page } = p;
    await logIn(page, env.base, 'admin');
    await go(page, env.base, '#/users');
    await page.waitForSelector('#users-table');
    await page.click('#user-save'); // shows the errors
    await page.waitForSelector('.field-error:not([hidden])');
    await axe(page, 'users with errors');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForSelector('#users-table');
    await page.click('#user-edit-tiepnhan');
    await page.waitForSelector('#user-disable');
    await page.click('#user-disable');
    await page.waitForSelector('#user-confirm');
    await axe(page, 'users in English, a confirmation open');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'vi');
    await finish(p);
  });
}

// The dossier pages (tests/web/dossiers.test.mjs has their behaviour): the
// desk with its checks shown, the inbox, a dossier with an action open, the
// leader's approvals, the citizen's submission and list, public tracking;
// Vietnamese and English, desktop and phone.
for (const [name, viewport] of [['desktop', undefined], ['phone', PHONE]]) {
  test(`the dossier pages meet WCAG 2.1 AA (${name})`, async () => {
    let p = await openPage(env, { viewport });
    let { page } = p;
    await logIn(page, env.base, 'tiepnhan');
    await go(page, env.base, '#/desk?procedure=LD-02');
    await page.waitForSelector('#checklist');
    await page.click('#desk-receive');                   // shows the errors
    await page.waitForSelector('.comp-row.has-error');
    await page.click('[data-party="sub"] input[data-kind="organisation"]');
    await page.getByLabel('Chủ hồ sơ khác người nộp (nộp thay, ủy quyền)').check();
    await axe(page, 'desk with errors');
    await page.locator('[data-party="sub"]').getByLabel('Tên tổ chức, doanh nghiệp').fill('Công ty TNHH Sao Mai');
    await page.locator('[data-party="sub"]').getByLabel('Mã số thuế').fill('0101234565');
    await page.locator('[data-party="own"] input[data-kind="person"]').check();
    await page.locator('[data-party="own"]').getByLabel('Họ và tên').fill('Nguyễn Văn Bình');
    await page.locator('[data-party="own"]').getByLabel('Số định danh cá nhân (CCCD)').fill('001090099999');
    await page.click('#desk-all-paper');
    await page.click('#desk-receive');
    await page.waitForSelector('#desk-result-card');
    const code = (await page.textContent('#desk-result-code')).trim();
    await axe(page, 'desk, received');
    await go(page, env.base, '#/inbox?box=all');
    await page.waitForSelector('#inbox-table');
    await axe(page, 'inbox');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForSelector('#inbox-table');
    await axe(page, 'inbox in English');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'vi');
    await go(page, env.base, `#/dossiers/${code}`);
    await page.waitForSelector('#dossier-code');
    await page.click('#act-transfer');
    await page.waitForSelector('#form-transfer');
    await axe(page, 'dossier with an action open');
    await page.click('#act-confirm');
    await page.waitForSelector('#dossier-notice .alert-success');
    await axe(page, 'dossier after an action');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await go(page, env.base, `#/dossiers/${code}`);
    await page.waitForSelector('#dossier-code');
    await axe(page, 'dossier in English');
    await go(page, env.base, `#/track/${code}`);
    await page.waitForSelector('#track-card');
    await axe(page, 'tracking in English');
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'vi');
    await page.waitForSelector('#track-card');
    await axe(page, 'tracking');
    await finish(p);

    p = await openPage(env, { viewport });
    ({ page } = p);
    await logIn(page, env.base, 'lanhdao');
    await go(page, env.base, '#/approvals');
    await page.waitForSelector('#approvals-results');
    await axe(page, 'approvals');
    await finish(p);

    p = await openPage(env, { viewport });
    ({ page } = p);
    await logIn(page, env.base, 'congdan');
    await go(page, env.base, '#/submit?procedure=LD-02');
    await page.waitForSelector('#checklist');
    await page.waitForSelector('#submit-completeness[data-complete="false"]'); // files missing: "Nộp hồ sơ" waits
    await axe(page, 'online submission, files missing');
    await go(page, env.base, '#/my-dossiers');
    await page.waitForSelector('#my-status');
    await axe(page, 'my dossiers');
    await finish(p);
  });
}
