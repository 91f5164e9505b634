// The message files and the language switch: vi.json and en.json have the
// same keys and placeholders, every key the code uses exists, the page holds
// no inline script or style (the CSP would block them), and switching to
// English shows English strings and English procedure names, remembered
// across reloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useServerAndBrowser, openPage, go, shot, finish } from './helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const web = path.join(root, 'web');
const load = (lang) => JSON.parse(readFileSync(path.join(web, 'i18n', `${lang}.json`), 'utf8'));

function jsFiles(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? jsFiles(p) : (n.endsWith('.js') ? [p] : []);
  });
}

test('vi.json and en.json have the same keys, placeholders and no empty strings', () => {
  const vi = load('vi');
  const en = load('en');
  assert.deepEqual(Object.keys(en).sort(), Object.keys(vi).sort());
  const holes = (s) => (s.match(/\{\w+\}/g) || []).sort();
  for (const k of Object.keys(vi)) {
    assert.equal(typeof vi[k], 'string', `vi ${k}`);
    assert.equal(typeof en[k], 'string', `en ${k}`);
    assert.ok(vi[k].trim() && en[k].trim(), `empty message ${k}`);
    assert.deepEqual(holes(en[k]), holes(vi[k]), `placeholders of ${k}`);
  }
});

test('every message key named in the code and the page exists', () => {
  const vi = load('vi');
  const used = new Set();
  for (const f of jsFiles(path.join(web, 'js'))) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\bt\('([A-Za-z0-9_.]+)'/g)) used.add(m[1]);
    for (const m of src.matchAll(/\btn\('([A-Za-z0-9_.]+)'/g)) { used.add(`${m[1]}.other`); used.add(`${m[1]}.one`); }
  }
  const html = readFileSync(path.join(web, 'index.html'), 'utf8');
  for (const m of html.matchAll(/data-i18n(?:-aria-label)?="([^"]+)"/g)) used.add(m[1]);
  // Keys built at run time from API values.
  for (const x of ['full', 'partial', 'none']) used.add(`level.${x}`);
  for (const x of ['original', 'certified_copy', 'copy', 'original_or_certified_copy']) used.add(`copy.${x}`);
  for (const x of ['admin', 'receiver', 'specialist', 'head', 'leader', 'office', 'citizen']) used.add(`role.${x}`);
  for (const x of ['working_days', 'days', 'working_hours']) { used.add(`time.${x}.one`); used.add(`time.${x}.other`); }
  assert.ok(used.size > 100, `only ${used.size} keys found: the scan is broken`);
  const missing = [...used].filter((k) => !(k in vi));
  assert.deepEqual(missing, []);
});

test('the page has no inline script, inline style or event handler attributes', () => {
  const html = readFileSync(path.join(web, 'index.html'), 'utf8');
  for (const m of html.matchAll(/<script\b([^>]*)>/g)) assert.match(m[1], /\bsrc=/, 'inline <script>');
  assert.doesNotMatch(html, /<style\b/i);
  assert.doesNotMatch(html, /\sstyle=/i);
  assert.doesNotMatch(html, /\son[a-z]+=/i);
  for (const f of jsFiles(path.join(web, 'js'))) {
    const src = readFileSync(f, 'utf8');
    assert.doesNotMatch(src, /\.innerHTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/, path.relative(root, f));
  }
});

test('switching to English shows English strings and names, and is remembered', async () => {
  const p = await openPage(env);
  const { page } = p;
  await go(page, env.base, '#/');
  await page.waitForSelector('.result[data-code="LD-02"]');
  assert.equal(await page.textContent('#lang-switch'), 'English');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector('.result[data-code="LD-02"]');
  assert.equal(await page.textContent('h1'), 'Administrative procedures');
  assert.equal(await page.textContent('#lang-switch'), 'Tiếng Việt');
  assert.equal(await page.getAttribute('#lang-switch', 'lang'), 'vi');
  assert.match(await page.textContent('.skip-link'), /Skip to main content/);
  assert.match(await page.textContent('#results-status'), /^\d+ procedures? found$/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'lang-switch', 'focus stays on the switch');

  // Procedure names come from name_en (falling back to name).
  const r = await env.api.get('/api/v1/procedures/LD-02');
  assert.equal(r.status, 200);
  const english = r.json.name_en || r.json.name;
  assert.equal((await page.textContent('.result[data-code="LD-02"] .result-title')).trim(), english);
  const meta = await page.textContent('.result[data-code="LD-02"] .result-meta');
  assert.match(meta, /Time limit/);
  assert.match(meta, /working days?|days?|working hours?/);
  await shot(page, 'catalogue-english');

  // The choice survives a reload, and the detail page is English too.
  await go(page, env.base, '#/procedures/LD-02');
  await page.waitForSelector('#components');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal((await page.textContent('h1')).trim(), english);
  assert.match(await page.textContent('#sec-components h2'), /Documents to submit/);
  assert.match(await page.textContent('#sec-summary'), /Time limit/);
  // Conditions and fee notes in English too (issue 15, item 11), no Vietnamese left.
  const comps = await page.textContent('#components');
  for (const c of r.json.components.filter((x) => x.condition)) {
    assert.ok(c.condition_en && comps.includes(c.condition_en), `condition in English: ${c.condition_en}`);
    assert.ok(!comps.includes(c.condition), `Vietnamese condition shown: ${c.condition}`);
  }
  assert.equal((await page.textContent('#sec-fees .fee-note')).trim(), r.json.fees[0].note_en);
  assert.equal(await page.getAttribute('#sec-fees .fee-note', 'lang'), null);
  await shot(page, 'procedure-english');

  // And back to Vietnamese.
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
  await page.waitForSelector('#components');
  assert.equal((await page.textContent('h1')).trim(), r.json.name);
  await finish(p);
});

const env = useServerAndBrowser();
