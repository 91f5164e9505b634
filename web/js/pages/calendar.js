// #/calendar[/YEAR][?unit=CODE] — the working calendar of a year: twelve
// month grids with days off, compensatory days and make-up working days
// marked (by colour and by text, never colour alone), the list of those days
// with their names, the unit's office hours and whether the year follows an
// official notice or the computed default (GET /api/v1/calendar/{year}).
import { h, replace, newId } from '../dom.js';
import { t, locale, localName, formatDate } from '../i18n.js';
import { get } from '../api.js';

const MIN_YEAR = 1900;
const MAX_YEAR = 2199;
const KINDS = ['holiday', 'compensatory', 'workday', 'weekend'];

const pad = (n) => String(n).padStart(2, '0');
const iso = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;

function kindLabel(kind) {
  return KINDS.includes(kind) ? t(`calendar.kind.${kind}`) : kind;
}

/** "tháng 4" -> "Tháng 4"; English month names as they are. */
function monthName(year, month) {
  const s = new Intl.DateTimeFormat(locale(), { month: 'long', timeZone: 'UTC' })
    .format(new Date(Date.UTC(year, month - 1, 1)));
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Weekday names Monday first, short and long. */
function weekdayNames() {
  const short = new Intl.DateTimeFormat(locale(), { weekday: 'short', timeZone: 'UTC' });
  const long = new Intl.DateTimeFormat(locale(), { weekday: 'long', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return [0, 1, 2, 3, 4, 5, 6].map((i) => {
    const d = new Date(Date.UTC(2024, 0, 1 + i));
    return { short: short.format(d), long: long.format(d) };
  });
}

function monthGrid(year, month, byDate, names) {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // Monday = 0
  const rows = [];
  let cells = [];
  for (let i = 0; i < lead; i++) cells.push(h('td', { class: 'cal-empty' }));
  for (let d = 1; d <= days; d++) {
    const date = iso(year, month, d);
    const wd = (lead + d - 1) % 7;
    const entry = byDate.get(date);
    let kind = entry ? entry.kind : (wd >= 5 ? 'weekend' : 'working');
    if (!KINDS.includes(kind)) kind = 'working';
    const label = entry ? `${kindLabel(kind)}: ${entry.name}` : (kind === 'weekend' ? kindLabel('weekend') : null);
    cells.push(h('td', {
      class: `cal-day cal-${kind}`,
      dataset: { date, kind },
      title: entry ? entry.name : null,
    },
    h('span', { 'aria-hidden': label ? 'true' : null }, String(d)),
    label ? h('span', { class: 'visually-hidden' }, `${d}, ${label}`) : null));
    if (cells.length === 7) { rows.push(h('tr', null, cells)); cells = []; }
  }
  if (cells.length) {
    while (cells.length < 7) cells.push(h('td', { class: 'cal-empty' }));
    rows.push(h('tr', null, cells));
  }
  const captionId = newId('month');
  return h('section', { class: 'cal-month', 'aria-labelledby': captionId },
    h('h2', { id: captionId, class: 'cal-month-title' }, monthName(year, month)),
    h('table', { class: 'cal-table' },
      h('thead', null, h('tr', null, names.map((n) => h('th', { scope: 'col', abbr: n.long }, n.short)))),
      h('tbody', null, rows)));
}

export async function render(ctx) {
  const { main, params, match } = ctx;
  const thisYear = new Date().getFullYear();
  let year = match && match[1] ? parseInt(match[1], 10) : thisYear;
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) year = thisYear;
  const unit = params.get('unit') || '';
  const query = unit ? `?unit=${encodeURIComponent(unit)}` : '';
  ctx.setTitle(t('calendar.title', { year }));

  const unitId = newId('unit');
  const unitSelect = h('select', { id: unitId, name: 'unit', class: 'input' },
    h('option', { value: '' }, t('calendar.agencyWide')));
  unitSelect.addEventListener('change', () => {
    const u = unitSelect.value;
    ctx.navigate(`/calendar/${year}${u ? `?unit=${encodeURIComponent(u)}` : ''}`);
  });

  const nav = h('nav', { class: 'cal-nav', 'aria-label': t('calendar.yearNav') },
    year > MIN_YEAR ? h('a', { class: 'btn btn-secondary', id: 'cal-prev', href: `#/calendar/${year - 1}${query}` }, `← ${year - 1}`) : null,
    year < MAX_YEAR ? h('a', { class: 'btn btn-secondary', id: 'cal-next', href: `#/calendar/${year + 1}${query}` }, `${year + 1} →`) : null,
    h('div', { class: 'form-row cal-unit' }, h('label', { for: unitId, class: 'label' }, t('calendar.unit')), unitSelect));

  const body = h('div', { id: 'calendar-body' });
  replace(main,
    h('div', { class: 'page-intro' },
      h('h1', null, t('calendar.title', { year })),
      h('p', { class: 'lead' }, t('calendar.intro'))),
    nav,
    body);

  let units = [];
  let data;
  try {
    [data, units] = await Promise.all([
      get(`/api/v1/calendar/${year}`, { unit }),
      get('/api/v1/units').then((r) => r.items || []).catch(() => []),
    ]);
  } catch (err) {
    if (!ctx.isCurrent()) return;
    replace(body, h('p', { class: 'alert alert-error', role: 'alert' }, t('calendar.loadError')));
    return;
  }
  if (!ctx.isCurrent()) return;
  for (const u of units) {
    unitSelect.appendChild(h('option', { value: u.code, selected: u.code === unit }, localName(u)));
  }

  const days = Array.isArray(data.days) ? data.days : [];
  const byDate = new Map(days.map((d) => [d.date, d]));
  const names = weekdayNames();
  // Days off that fall on a weekday (a holiday on a Sunday costs no working day).
  const offCount = days.filter((d) => d.kind !== 'workday' && d.weekday >= 1 && d.weekday <= 5).length;

  const summary = h('div', { class: 'cal-summary' },
    h('p', { id: 'calendar-source', class: `badge cal-source-${data.source === 'official' ? 'official' : 'computed'}` },
      t(data.source === 'official' ? 'calendar.source.official' : 'calendar.source.computed')),
    h('p', { id: 'calendar-hours' }, t('calendar.officeHours', { hours: data.office_hours || '' })),
    h('p', null, t('calendar.count', { n: offCount })));

  const legend = h('div', { class: 'cal-legend' },
    h('h2', { class: 'visually-hidden' }, t('calendar.legend')),
    h('ul', { class: 'cal-legend-list' },
      KINDS.map((k) => h('li', null, h('span', { class: `cal-swatch cal-${k}`, 'aria-hidden': 'true' }), ' ', kindLabel(k)))));

  const months = h('div', { class: 'cal-months' },
    Array.from({ length: 12 }, (_, i) => monthGrid(year, i + 1, byDate, names)));

  const list = days.length === 0
    ? h('p', { class: 'empty' }, t('calendar.none'))
    : h('ul', { class: 'cal-list', id: 'calendar-days' },
      days.map((d) => h('li', { dataset: { date: d.date, kind: d.kind } },
        h('span', { class: `badge cal-badge cal-${KINDS.includes(d.kind) ? d.kind : 'working'}` }, kindLabel(d.kind)), ' ',
        h('time', { datetime: d.date }, formatDate(d.date)), ' — ', d.name)));

  replace(body,
    summary,
    legend,
    months,
    h('section', { class: 'cal-days', 'aria-labelledby': 'calendar-list-title' },
      h('h2', { id: 'calendar-list-title' }, t('calendar.listTitle')),
      list));
}
