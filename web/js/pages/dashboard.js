// #/dashboard?unit=CODE&period=month|quarter|half|year|range&year=&part=&from=&to=
// — the leader's dashboard (heads: their own unit; leaders, the office and
// administrators: any unit of the agency or the whole agency), from
// GET /api/v1/stats/indicators: the plan's targets as gauges coloured
// against their target, Decision 766's score with its five groups and the
// 100-point total, every numerator and denominator a link to what it
// counted (#/kpi/KEY, pages/kpi-items.js); then the trend by month (GET
// .../indicators/KEY/trend, drawn as inline SVG, the year before in its
// table), the units directly below ranked by their 766 total and the
// unit's officers by their on-time rate, both from one call
// (GET /api/v1/stats/ranking).
import { h, replace, section } from '../dom.js';
import { t, localName, formatNumber, formatDate } from '../i18n.js';
import { get, ApiError } from '../api.js';
import { currentUser } from '../session.js';
import { field } from '../forms.js';
import {
  s, PERIODS, PARTS, readScope, formatRate, status, pointsStatus,
  gauge, scopeQuery, statusBadge,
} from '../kpi.js';

const ROLES = ['head', 'leader', 'office', 'admin'];
const AGENCY_WIDE = ['leader', 'office', 'admin'];
// The figures the trend follows (shares, 0–100 %).
const TREND = ['766.2.1', 'plan.online_share', 'plan.satisfaction'];

const fmtPoints = (p) => formatNumber(Math.round(p * 100) / 100);

function errorText(err) {
  return err instanceof ApiError && err.serverMessage ? err.serverMessage : t('error.unexpected');
}

function pickers(ctx, q, units, agencyWide) {
  const unitOpts = [];
  if (agencyWide) unitOpts.push(h('option', { value: '', selected: q.unit === '' }, t('kpi.wholeAgency')));
  for (const u of units) unitOpts.push(h('option', { value: u.code, selected: u.code === q.unit }, localName(u)));
  const unit = field({ name: 'unit', id: 'kpi-unit', label: t('kpi.unit'), options: unitOpts, rowClass: 'kpi-pick' });
  const period = field({ name: 'period', id: 'kpi-period', label: t('kpi.period'), rowClass: 'kpi-pick',
    options: PERIODS.map((p) => h('option', { value: p, selected: p === q.period }, t(`kpi.period.${p}`))) });
  const year = field({ name: 'year', id: 'kpi-year', label: t('kpi.year'), type: 'number', min: 2000, max: 2100, value: String(q.year), rowClass: 'kpi-pick' });
  const partOpts = (kind) => Array.from({ length: PARTS[kind] || 0 }, (_, i) => h('option', { value: i + 1, selected: i + 1 === q.part }, t(`kpi.part.${kind}`, { n: i + 1 })));
  const part = field({ name: 'part', id: 'kpi-part', label: t('kpi.part'), options: partOpts(q.period), rowClass: 'kpi-pick' });
  const from = field({ name: 'from', id: 'kpi-from', label: t('kpi.from'), type: 'date', value: q.from, rowClass: 'kpi-pick' });
  const to = field({ name: 'to', id: 'kpi-to', label: t('kpi.to'), type: 'date', value: q.to, rowClass: 'kpi-pick' });
  const show = () => {
    const k = period.input.value;
    year.row.hidden = k === 'range';
    part.row.hidden = !PARTS[k];
    from.row.hidden = k !== 'range';
    to.row.hidden = k !== 'range';
  };
  period.input.addEventListener('change', () => {
    replace(part.input, partOpts(period.input.value));
    show();
  });
  show();
  const form = h('form', {
    class: 'kpi-form', id: 'kpi-form',
    on: {
      submit: (e) => {
        e.preventDefault();
        const p = new URLSearchParams({ unit: unit.input.value, period: period.input.value });
        if (period.input.value === 'range') { p.set('from', from.input.value); p.set('to', to.input.value); } else {
          p.set('year', year.input.value);
          if (PARTS[period.input.value]) p.set('part', part.input.value);
        }
        ctx.navigate(`/${q.mine ? 'scorecard' : 'dashboard'}?${p}`);
      },
    },
  }, agencyWide ? unit.row : null, period.row, year.row, part.row, from.row, to.row,
  h('div', { class: 'form-row kpi-pick' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'kpi-show' }, t('kpi.show'))));
  return form;
}

const itemsHref = (key, q) => `#/kpi/${encodeURIComponent(key)}?${scopeQuery(q.unit, q.from, q.to, { mine: q.mine ? '1' : null })}`;

function countLink(key, q, n, cls) {
  const text = Number.isInteger(n) ? formatNumber(n) : formatNumber(Math.round(n * 10) / 10);
  return h('a', { href: itemsHref(key, q), class: cls }, text);
}

function planGauge(p, q) {
  const st = status(p.key, p.rate, p.target);
  return h('li', { class: `card kpi-gauge kpi-${st}`, dataset: { key: p.key, status: st } },
    h('h3', { class: 'kpi-gauge-name' }, localName(p)),
    gauge(p.key, p.rate, p.target, st),
    h('p', { class: 'kpi-value' }, h('a', { href: itemsHref(p.key, q), class: 'kpi-value-link' }, formatRate(p.key, p.rate))),
    h('p', { class: 'kpi-target' }, p.target === null ? t('kpi.noTarget') : t('kpi.target', { v: formatRate(p.key, p.target) })),
    st === 'nodata' ? null : statusBadge(st),
    h('p', { class: 'kpi-count' }, countLink(p.key, q, p.numerator, 'kpi-num'), ' / ',
      countLink(p.key, q, p.denominator, 'kpi-den')));
}

function groupCards(rep) {
  return h('ul', { class: 'kpi-groups', id: 'kpi-groups' }, rep.groups.map((g) => {
    // Scored out of what is measured (max_points); nothing measured: no data.
    const f = g.max_points ? Math.min(1, g.points / g.max_points) : 0;
    return h('li', { class: 'kpi-group', dataset: { key: g.key, measured: String(g.max_points) } },
      h('span', { class: 'kpi-group-name' }, t(`kpi.group.${g.key}`)),
      h('span', { class: 'kpi-group-points' }, g.max_points
        ? t('kpi.pointsOf', { p: fmtPoints(g.points), max: fmtPoints(g.max_points), full: fmtPoints(g.max_points_full) })
        : t('kpi.noData')),
      s('svg', { class: 'kpi-bar', viewBox: '0 0 100 8', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
        s('rect', { x: 0, y: 0, width: 100, height: 8, class: 'kpi-bar-track' }),
        s('rect', { x: 0, y: 0, width: (f * 100).toFixed(2), height: 8, class: 'kpi-bar-fill' })));
  }));
}

function indicatorRow(i, q) {
  const st = pointsStatus(i);
  const cell = (label, ...c) => h('td', { 'data-label': label }, c);
  return h('tr', { dataset: { key: i.key, status: st } },
    h('th', { scope: 'row', 'data-label': t('kpi.col.indicator') }, h('span', { class: 'kpi-key' }, i.key), ' ', localName(i)),
    cell(t('kpi.col.numerator'), countLink(i.key, q, i.numerator, 'kpi-num')),
    cell(t('kpi.col.denominator'), countLink(i.key, q, i.denominator, 'kpi-den')),
    cell(t('kpi.col.rate'), formatRate(i.key, i.rate), st === 'nodata' ? null : [' ', statusBadge(st)]),
    cell(t('kpi.col.threshold'), i.threshold === null ? '—' : formatRate(i.key, i.threshold)),
    cell(t('kpi.col.points'), t('kpi.points', { p: fmtPoints(i.points), max: fmtPoints(i.max_points) })));
}

function scoreSection(rep, q) {
  return section('kpi-766', t('kpi.section.766'),
    h('p', { class: 'kpi-total', id: 'kpi-total' },
      ...(rep.total.max_points ? [
        h('span', { class: 'kpi-total-points' }, fmtPoints(rep.total.points)),
        h('span', { class: 'kpi-total-max' }, ` / ${fmtPoints(rep.total.max_points)} `),
        t('kpi.pointsMeasured', { full: fmtPoints(rep.total.max_points_full) })]
        : [t('kpi.noData')])),
    groupCards(rep),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'table kpi-table', id: 'kpi-indicators' },
        h('caption', { class: 'visually-hidden' }, t('kpi.section.766')),
        h('thead', null, h('tr', null, ['indicator', 'numerator', 'denominator', 'rate', 'threshold', 'points']
          .map((c) => h('th', { scope: 'col' }, t(`kpi.col.${c}`))))),
        h('tbody', null, rep.indicators.map((i) => indicatorRow(i, q))))));
}

/** The trend chart: one polyline per figure, months along, 0–100 % up. */
function trendChart(months, series) {
  const W = 640;
  const H = 240;
  const L = 40;
  const R = 20;
  const T = 12;
  const B = 28;
  const x = (i) => L + (months.length < 2 ? (W - L - R) / 2 : (i * (W - L - R)) / (months.length - 1));
  const y = (v) => T + (1 - v) * (H - T - B);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((v) => s('g', null,
    s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'trend-grid' }),
    s('text', { x: L - 6, y: y(v) + 4, class: 'trend-axis', 'text-anchor': 'end' }, `${v * 100}%`)));
  const labels = months.map((m, i) => s('text', { x: x(i), y: H - 8, class: 'trend-axis', 'text-anchor': 'middle' }, m.label));
  const lines = series.map((sr, k) => {
    const pts = sr.values.map((v, i) => (v === null ? null : [x(i), y(v)]));
    const segs = [];
    let cur = [];
    for (const p of pts) { if (p) cur.push(p); else if (cur.length) { segs.push(cur); cur = []; } }
    if (cur.length) segs.push(cur);
    return s('g', { class: `trend-series trend-s${k}`, 'data-key': sr.key },
      segs.map((sg) => s('polyline', { points: sg.map((p) => p.map((c) => c.toFixed(1)).join(',')).join(' ') })),
      pts.map((p, i) => (p ? s('circle', { cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: 3.5 },
        s('title', null, `${months[i].label}: ${formatRate(sr.key, sr.values[i])}`)) : null)));
  });
  return s('svg', { class: 'trend', id: 'kpi-trend-svg', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'kpi-trend-sec-h' },
    grid, labels, lines);
}

async function loadTrend(ctx, box, q, rep) {
  // The months of the period, or the twelve ending with it.
  let first = q.from;
  if (q.from.slice(0, 7) === q.to.slice(0, 7)) {
    const y = Number(q.to.slice(0, 4));
    const m = Number(q.to.slice(5, 7));
    first = new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 10);
  }
  let trends;
  try {
    trends = await Promise.all(TREND.map((key) => get(`/api/v1/stats/indicators/${encodeURIComponent(key)}/trend`,
      { unit: q.unit, from: first, to: q.to })));
  } catch (err) {
    if (ctx.isCurrent()) replace(box, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    return;
  }
  if (!ctx.isCurrent()) return;
  const months = trends[0].months.map((m) => ({ ...m, label: `${m.month.slice(5, 7)}/${m.month.slice(2, 4)}` }));
  const named = (key) => rep.indicators.find((i) => i.key === key) || rep.plan.find((i) => i.key === key) || {};
  const series = TREND.map((key, k) => ({
    key, name: localName(named(key)), values: trends[k].months.map((m) => m.rate), before: trends[k].months.map((m) => m.year_before.rate),
  }));
  const cellOf = (sr, i) => [formatRate(sr.key, sr.values[i]),
    h('span', { class: 'kpi-before' }, ` (${t('kpi.yearBefore')}: ${formatRate(sr.key, sr.before[i])})`)];
  const table = h('table', { class: 'table kpi-trend-table', id: 'kpi-trend-table' },
    h('caption', { class: 'visually-hidden' }, t('kpi.section.trend')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('kpi.col.month')), series.map((sr) => h('th', { scope: 'col' }, sr.name)))),
    h('tbody', null, months.map((m, i) => h('tr', { dataset: { month: m.month } },
      h('th', { scope: 'row', 'data-label': t('kpi.col.month') }, m.label),
      series.map((sr) => h('td', { 'data-label': sr.name }, cellOf(sr, i)))))));
  replace(box,
    h('ul', { class: 'trend-legend' }, series.map((sr, k) => h('li', { class: `trend-key trend-s${k}` }, sr.name))),
    h('div', { class: 'trend-wrap' }, trendChart(months, series)),
    h('details', { class: 'kpi-trend-details' }, h('summary', null, t('kpi.trendTable')), h('div', { class: 'table-wrap' }, table)));
  box.dataset.loaded = 'true';
}

/** The units directly below, ranked by the share of their measured 766 points (GET /api/v1/stats/ranking). */
function showUnits(ctx, box, rk) {
  if (!rk.units.length) {
    replace(box, h('p', null, t('kpi.noUnitsBelow')));
    box.dataset.loaded = 'true';
    return;
  }
  // Ranked by the server by the share of the measured points; a unit with
  // nothing measured has no score (not a failing one): last, without a rank.
  replace(box, h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'kpi-ranking' },
    h('caption', { class: 'visually-hidden' }, t('kpi.section.ranking')),
    h('thead', null, h('tr', null, ['rank', 'unit', 'total', 'onTime', 'dossiers'].map((c) => h('th', { scope: 'col' }, t(`kpi.col.${c}`))))),
    h('tbody', null, rk.units.map((row) => {
      const link = new URLSearchParams(ctx.params);
      link.set('unit', row.unit.code);
      const onTime = row.figures.find((x) => x.key === '766.2.1');
      return h('tr', { dataset: { unit: row.unit.code } },
        h('td', { 'data-label': t('kpi.col.rank') }, row.rank ? String(row.rank) : '—'),
        h('th', { scope: 'row', 'data-label': t('kpi.col.unit') }, h('a', { href: `#/dashboard?${link}` }, localName(row.unit))),
        h('td', { 'data-label': t('kpi.col.total'), dataset: { score: String(row.score) } }, row.max_points
          ? t('kpi.share', { s: formatNumber(Math.round(row.score * 10000) / 100), p: fmtPoints(row.points), max: fmtPoints(row.max_points) })
          : t('kpi.noData')),
        h('td', { 'data-label': t('kpi.col.onTime') }, formatRate('766.2.1', onTime.rate)),
        h('td', { 'data-label': t('kpi.col.dossiers') }, formatNumber(onTime.denominator)));
    })))));
  box.dataset.loaded = 'true';
}

/** The officers of the unit ranked by their on-time rate (no data last), then by dossiers handled. */
function showOfficers(q, box, rk) {
  if (!rk.officers.length) {
    replace(box, h('p', null, t('kpi.noOfficers')));
    box.dataset.loaded = 'true';
    return;
  }
  const fig = (row, key) => row.figures.find((x) => x.key === key);
  const link = (o) => `#/kpi/766.2.1?${scopeQuery(q.unit, q.from, q.to, { officer: o.username })}`;
  replace(box, h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'kpi-officers' },
    h('caption', { class: 'visually-hidden' }, t('kpi.section.officers')),
    h('thead', null, h('tr', null, ['rank', 'officer', 'onTime', 'dossiers', 'satisfaction'].map((c) => h('th', { scope: 'col' }, t(`kpi.col.${c}`))))),
    h('tbody', null, rk.officers.map((row) => h('tr', { dataset: { officer: row.officer.username } },
      h('td', { 'data-label': t('kpi.col.rank') }, String(row.rank)),
      h('th', { scope: 'row', 'data-label': t('kpi.col.officer') }, row.officer.full_name || row.officer.username),
      h('td', { 'data-label': t('kpi.col.onTime'), class: 'kpi-officer-ontime' }, h('a', { href: link(row.officer) }, formatRate('766.2.1', fig(row, '766.2.1').rate))),
      h('td', { 'data-label': t('kpi.col.dossiers') }, formatNumber(fig(row, '766.2.1').denominator)),
      h('td', { 'data-label': t('kpi.col.satisfaction') }, formatRate('plan.satisfaction', fig(row, 'plan.satisfaction').rate))))))));
  box.dataset.loaded = 'true';
}

/** The units below and the unit's officers, ranked, from ONE call. */
async function loadRanking(ctx, rankBox, officersBox, q) {
  let rk;
  try {
    rk = await get('/api/v1/stats/ranking', { unit: q.unit, from: q.from, to: q.to });
  } catch (err) {
    if (!ctx.isCurrent()) return;
    for (const box of [rankBox, officersBox]) {
      if (box) replace(box, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    }
    return;
  }
  if (!ctx.isCurrent()) return;
  if (rankBox) showUnits(ctx, rankBox, rk);
  if (officersBox) showOfficers(q, officersBox, rk);
}

export async function render(ctx) {
  const { main, params } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate(`/login?next=${encodeURIComponent('/dashboard')}`); return; }
  ctx.setTitle(t('kpi.title'));
  const roles = user.roles || [];
  if (!roles.some((r) => ROLES.includes(r))) {
    replace(main, h('h1', null, t('kpi.title')), h('p', { class: 'alert alert-info', id: 'kpi-denied' }, t('kpi.denied')));
    return;
  }
  const agencyWide = roles.some((r) => AGENCY_WIDE.includes(r));
  const q = readScope(params, user, agencyWide);
  let rep;
  let units = [];
  try {
    [rep, units] = await Promise.all([
      get('/api/v1/stats/indicators', { unit: q.unit, from: q.from, to: q.to }),
      get('/api/v1/units').then((r) => r.items),
    ]);
  } catch (err) {
    if (!ctx.isCurrent()) return;
    replace(main, h('h1', null, t('kpi.title')),
      h('p', { class: 'alert alert-error', role: 'alert', id: 'kpi-error' }, errorText(err)));
    return;
  }
  if (!ctx.isCurrent()) return;
  const unit = units.find((u) => u.code === q.unit);
  const trendBox = h('div', { id: 'kpi-trend', 'aria-live': 'polite' }, h('p', null, t('common.loading')));
  const rankBox = h('div', { id: 'kpi-rank', 'aria-live': 'polite' }, h('p', null, t('common.loading')));
  const officersBox = h('div', { id: 'kpi-officers-box', 'aria-live': 'polite' }, h('p', null, t('common.loading')));
  replace(main,
    h('h1', null, t('kpi.title')),
    pickers(ctx, q, agencyWide ? units : units.filter((u) => u.code === q.unit), agencyWide),
    h('p', { class: 'kpi-scope', id: 'kpi-scope' },
      h('strong', null, unit ? localName(unit) : t('kpi.wholeAgency')), ' · ',
      t('kpi.fromTo', { from: formatDate(rep.from), to: formatDate(rep.to) }), ' · ',
      t('kpi.ruleSet', { name: rep.rule_set }), ' · ',
      h('a', { href: `#/stats-report?${scopeQuery(q.unit, q.from, q.to)}`, id: 'kpi-to-report' }, t('kpi.toReport'))),
    section('kpi-plan', t('kpi.section.plan'),
      h('p', { class: 'hint' }, t('kpi.legend')),
      h('ul', { class: 'kpi-gauges', id: 'kpi-gauges' }, rep.plan.map((p) => planGauge(p, q)))),
    scoreSection(rep, q),
    section('kpi-trend-sec', t('kpi.section.trend'), trendBox),
    agencyWide ? section('kpi-rank-sec', t('kpi.section.ranking'), rankBox) : null,
    q.unit ? section('kpi-officers-sec', t('kpi.section.officers'), officersBox) : null);
  loadTrend(ctx, trendBox, q, rep);
  if (agencyWide || q.unit) loadRanking(ctx, agencyWide ? rankBox : null, q.unit ? officersBox : null, q);
}

/**
 * #/scorecard?period=&year=&part=&from=&to= — an officer's own scorecard
 * (GET /api/v1/stats/me): the same gauges and 766 table as the dashboard
 * for the dossiers they acted on, the tickets they served and the ratings
 * naming them; every number leads to what it counted (#/kpi/KEY?mine=1).
 */
export async function renderScorecard(ctx) {
  const { main, params } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate(`/login?next=${encodeURIComponent('/scorecard')}`); return; }
  ctx.setTitle(t('kpi.mine.title'));
  if (!(user.roles || []).some((r) => r !== 'citizen')) {
    replace(main, h('h1', null, t('kpi.mine.title')), h('p', { class: 'alert alert-info', id: 'kpi-denied' }, t('kpi.mine.denied')));
    return;
  }
  const q = { ...readScope(params, { ...user, unit: null }, false), unit: '', mine: true };
  let rep;
  try {
    rep = await get('/api/v1/stats/me', { from: q.from, to: q.to });
  } catch (err) {
    if (!ctx.isCurrent()) return;
    replace(main, h('h1', null, t('kpi.mine.title')), h('p', { class: 'alert alert-error', role: 'alert', id: 'kpi-error' }, errorText(err)));
    return;
  }
  if (!ctx.isCurrent()) return;
  replace(main,
    h('h1', null, t('kpi.mine.title')),
    pickers(ctx, q, [], false),
    h('p', { class: 'kpi-scope', id: 'kpi-scope' },
      h('strong', null, user.full_name || user.username), ' · ',
      t('kpi.fromTo', { from: formatDate(rep.from), to: formatDate(rep.to) }), ' · ', t('kpi.ruleSet', { name: rep.rule_set })),
    h('p', { class: 'hint' }, t('kpi.mine.note')),
    section('kpi-plan', t('kpi.section.plan'),
      h('p', { class: 'hint' }, t('kpi.legend')),
      h('ul', { class: 'kpi-gauges', id: 'kpi-gauges' }, rep.plan.map((p) => planGauge(p, q)))),
    scoreSection(rep, q));
}
