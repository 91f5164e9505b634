// A walk through the monitoring pages (issue 12) as each of their readers,
// at desktop and phone (390 px) widths, on a generated history: the leader's
// dashboard, an officer's own scorecard, the office's report page and the
// public quality page without a log-in. Each page renders without errors,
// fits its width, passes axe, and is shot (tests/web/screenshots/walk-*)
// for a person to look at; what the walk found wrong is asserted where it
// was fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freshDb, run, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { useServerAndBrowser, openPage, go, shot, finish, assertNoHorizontalScroll, PHONE, DESKTOP, logIn } from './helpers.mjs';

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
run(['gen', 'dossiers', '600', '--seed', '5', '--open-percent', '15', '--db', db.url]);
const env = useServerAndBrowser({ db });

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
  }));
  const found = result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `${label}: accessibility violations`);
}

const WIDTHS = [['desktop', DESKTOP], ['phone', PHONE]];
const PAGES = [
  { who: 'lanhdao', name: 'dashboard', hash: '#/dashboard?unit=BQL&period=year', ready: '#kpi-gauges' },
  { who: 'chuyenvien', name: 'scorecard', hash: '#/scorecard?period=year', ready: '#kpi-gauges' },
  // The office's own unit (VP) handles no dossiers: its pages open on the
  // agency (the report: its root unit; the dashboard: the whole agency),
  // not on a unit where every figure says "no data".
  { who: 'vanphong', name: 'report', hash: '#/stats-report?by=unit', ready: '#report-table', scope: /^Ban Quản lý các khu công nghiệp tỉnh Ninh Bình/ },
  { who: 'vanphong', name: 'office-dashboard', hash: '#/dashboard?period=year', ready: '#kpi-gauges', scope: /^Toàn cơ quan/, scopeSel: '#kpi-scope' },
  { who: null, name: 'quality', hash: '#/quality/QLDT', ready: '#quality-figures' },
];

for (const [width, viewport] of WIDTHS) {
  for (const pg of PAGES) {
    test(`${pg.name} as ${pg.who || 'an anonymous visitor'} at ${width} width`, async () => {
      const p = await openPage(env, { viewport });
      const { page } = p;
      if (pg.who) await logIn(page, env.base, pg.who);
      await go(page, env.base, pg.hash);
      await page.waitForSelector(pg.ready);
      if (pg.scope) assert.match((await page.textContent(pg.scopeSel || '#report-scope')).trim(), pg.scope);
      await assertNoHorizontalScroll(page);
      if (width === 'desktop' && pg.name === 'report') {
        // All thirteen columns show at 1280 px: the table's region does not
        // hide its last ones behind a sideways scroll.
        const { scroll, client } = await page.$eval('#report-table', (t) => ({ scroll: t.parentElement.scrollWidth, client: t.parentElement.clientWidth }));
        assert.ok(scroll <= client, `the report table is ${scroll} px wide in ${client} px`);
      }
      await shot(page, `walk-${pg.name}-${width}`);
      await page.screenshot({ path: `tests/web/screenshots/walk-${pg.name}-${width}-top.png` });
      await axe(page, `${pg.name} ${width}`);
      await finish(p);
    });
  }
}
