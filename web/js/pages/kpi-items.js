// #/kpi/KEY?unit=&from=&to=&offset= — what one indicator counted
// (GET /api/v1/stats/indicators/KEY/items): every dossier, procedure,
// ticket or rating read for the scope and period, whether it is in the
// denominator and the numerator, and why; a dossier links to its page, a
// procedure to the catalogue. 100 a page; every fact as XLSX or CSV.
import { h, replace } from '../dom.js';
import { t, formatNumber, formatDate, getLang } from '../i18n.js';
import { get, ApiError } from '../api.js';
import { currentUser } from '../session.js';
import { formatRate, scopeQuery, downloadButton, readScope } from '../kpi.js';

const PAGE = 100;
// What the refs of an indicator are (core/kpi_index.c's subjects).
const PROCEDURES = ['766.1.1', '766.1.2', '766.1.3', '766.3.1', '766.3.2'];
const NOT_DOSSIERS = ['plan.wait_minutes', 'plan.desk_minutes', 'plan.satisfaction'];

function refCell(key, ref) {
  if (PROCEDURES.includes(key)) return h('a', { href: `#/procedures/${encodeURIComponent(ref)}` }, ref);
  if (NOT_DOSSIERS.includes(key)) return ref;
  return h('a', { href: `#/dossiers/${encodeURIComponent(ref)}`, class: 'kpi-ref' }, ref);
}

const yesNo = (b) => h('span', { class: b ? 'kpi-yes' : 'kpi-no' }, b ? t('kpi.yes') : t('kpi.no'));

export async function render(ctx) {
  const { main, params, match } = ctx;
  const key = decodeURIComponent(match[1]);
  const user = currentUser();
  if (!user) { ctx.navigate(`/login?next=${encodeURIComponent(`/kpi/${key}?${params}`)}`); return; }
  ctx.setTitle(t('kpi.items.title', { key }));
  let unit = params.get('unit') || '';
  const officer = params.get('officer') || null;
  let from = params.get('from') || '';
  let to = params.get('to') || '';
  // A bare #/kpi/KEY (no dates in the address) opens on the dashboard's
  // defaults: this month, the user's unit (the office: the whole agency).
  if (!from || !to) ({ unit, from, to } = readScope(params, user, true));
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  // ?mine=1: the officer's own scorecard (GET /api/v1/stats/me...).
  const mine = params.get('mine') === '1';
  const base = mine ? '/api/v1/stats/me' : '/api/v1/stats/indicators';
  let r;
  let ind;
  try {
    [r, ind] = await Promise.all([
      get(`${base}/${encodeURIComponent(key)}/items`, { unit: mine ? null : unit, officer, from, to, limit: PAGE, offset }),
      get(base, { unit: mine ? null : unit, officer, from, to }),
    ]);
  } catch (err) {
    if (!ctx.isCurrent()) return;
    replace(main, h('h1', null, t('kpi.items.title', { key })),
      h('p', { class: 'alert alert-error', role: 'alert', id: 'kpi-items-error' },
        err instanceof ApiError && err.serverMessage ? err.serverMessage : t('error.unexpected')));
    return;
  }
  if (!ctx.isCurrent()) return;
  const fig = ind.indicators.find((i) => i.key === key) || ind.plan.find((i) => i.key === key);
  const en = getLang() === 'en';
  const pageLink = (o) => `#/kpi/${encodeURIComponent(key)}?${scopeQuery(unit, from, to, { offset: o, officer, mine: mine ? '1' : null })}`;
  const back = `#/${mine ? 'scorecard' : 'dashboard'}?${scopeQuery(unit, from, to, { period: 'range' })}`;
  const hasValue = r.items.some((i) => typeof i.value === 'number');
  const failed = h('p', { class: 'alert alert-error', role: 'alert', id: 'kpi-items-download-error', hidden: true });
  replace(main,
    h('p', null, h('a', { href: back, id: 'kpi-back' }, t(mine ? 'kpi.mine.back' : 'kpi.items.back'))),
    h('h1', null, fig ? `${key} — ${en && fig.name_en ? fig.name_en : fig.name}` : key),
    h('p', { class: 'kpi-scope' }, mine ? t('kpi.mine.title') : (unit || t('kpi.wholeAgency')), officer ? ` · ${officer}` : null, ' · ', t('kpi.fromTo', { from: formatDate(from), to: formatDate(to) })),
    fig ? h('p', { class: 'kpi-items-sum', id: 'kpi-items-sum' },
      t('kpi.items.sum', { num: formatNumber(Math.round(fig.numerator * 100) / 100), den: formatNumber(fig.denominator), rate: formatRate(key, fig.rate) })) : null,
    mine ? null : h('ul', { class: 'report-downloads', id: 'kpi-items-downloads' }, ['xlsx', 'csv'].map((f) => h('li', null,
      downloadButton(`/api/v1/stats/indicators/${encodeURIComponent(key)}/items?${scopeQuery(unit, from, to, { officer, format: f })}`,
        `kpi-items-${f}`, t(`report.download.${f}`), failed)))),
    failed,
    h('p', { id: 'kpi-items-range' }, r.items.length
      ? t('kpi.items.range', { a: formatNumber(offset + 1), b: formatNumber(offset + r.items.length), n: formatNumber(r.total) })
      : t('kpi.items.none', { n: formatNumber(r.total) })),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'kpi-items' },
      h('caption', { class: 'visually-hidden' }, t('kpi.items.title', { key })),
      h('thead', null, h('tr', null, [t('kpi.items.ref'), t('kpi.items.inDen'), t('kpi.items.inNum'), hasValue ? t('kpi.items.value') : null, t('kpi.items.reason')]
        .filter(Boolean).map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, r.items.map((i) => h('tr', { dataset: { ref: i.ref, num: String(i.in_numerator), den: String(i.in_denominator) } },
        h('th', { scope: 'row', 'data-label': t('kpi.items.ref') }, refCell(key, i.ref)),
        h('td', { 'data-label': t('kpi.items.inDen') }, yesNo(i.in_denominator)),
        h('td', { 'data-label': t('kpi.items.inNum') }, yesNo(i.in_numerator)),
        hasValue ? h('td', { 'data-label': t('kpi.items.value') }, typeof i.value === 'number' ? formatNumber(Math.round(i.value * 100) / 100) : '') : null,
        h('td', { 'data-label': t('kpi.items.reason'), lang: en ? null : 'vi' }, en ? i.reason_en : i.reason)))))),
    h('nav', { class: 'pager', 'aria-label': t('kpi.items.pages') },
      // Past the end (an offset typed in the address), the previous page is the last one.
      offset > 0 ? h('a', { href: pageLink(Math.max(0, Math.min(offset - PAGE, Math.floor((r.total - 1) / PAGE) * PAGE))), class: 'btn btn-secondary', id: 'kpi-prev' }, t('kpi.items.prev')) : null,
      offset + r.items.length < r.total ? h('a', { href: pageLink(offset + PAGE), class: 'btn btn-secondary', id: 'kpi-next' }, t('kpi.items.next')) : null));
}
