// #/calendar[/YEAR][?unit=CODE] — the working calendar of a year: twelve
// month grids with days off, compensatory days and make-up working days
// marked (by colour and by text, never colour alone), the list of those days
// with their names, the unit's office hours and whether the year follows an
// official notice or the computed default (GET /api/v1/calendar/{year}).
// An administrator also adds and removes days there, and recomputes the due
// times stored on dossiers after a change: first a preview, then for real
// (POST /api/v1/calendar/{year}/recompute) — a change never moves them alone.
import { h, replace, newId } from '../dom.js';
import { t, locale, localName, formatDate } from '../i18n.js';
import { timeEl, errorText } from '../dossiers.js';
import { get, api, post, ApiError } from '../api.js';
import { currentUser } from '../session.js';
import { field, showFieldError, clearFieldError } from '../forms.js';

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
      days.map((d) => h('li', { dataset: { date: d.date, kind: d.kind, name: d.name } },
        h('span', { class: `badge cal-badge cal-${KINDS.includes(d.kind) ? d.kind : 'working'}` }, kindLabel(d.kind)), ' ',
        h('time', { datetime: d.date }, formatDate(d.date)), ' — ', d.name)));

  const user = currentUser();
  const admin = Boolean(user && Array.isArray(user.roles) && user.roles.includes('admin'));
  if (admin && days.length) {
    for (const li of list.querySelectorAll('li')) {
      const date = li.dataset.date;
      li.append(' ', h('button', {
        type: 'button', class: 'btn btn-secondary btn-small', id: `cal-remove-${date}`,
        'aria-label': t('calendar.admin.removeOf', { date: formatDate(date) }),
        // Removing a day off moves due times: asked first (issue 15).
        on: { click: () => { if (window.confirm(t('calendar.admin.confirmRemove', { date: formatDate(date), name: li.dataset.name }))) removeDay(date); } },
      }, t('calendar.admin.remove')));
    }
  }

  replace(body,
    summary,
    legend,
    months,
    h('section', { class: 'cal-days', 'aria-labelledby': 'calendar-list-title' },
      h('h2', { id: 'calendar-list-title' }, t('calendar.listTitle')),
      list),
    admin ? adminSection() : null);

  async function removeDay(date) {
    try {
      await api('DELETE', `/api/v1/calendar/${year}/entries/${date}${query}`);
      if (ctx.isCurrent()) ctx.navigate(`/calendar/${year}${query}`);
    } catch (err) {
      const box = document.getElementById('cal-admin-status');
      if (box) replace(box, h('p', { class: 'alert alert-error' }, errorText(err)));
    }
  }

  function adminSection() {
    const status = h('div', { id: 'cal-admin-status', role: 'status' });
    // A day off or a make-up working day.
    const formAlert = h('div', { class: 'form-alert', role: 'alert' });
    const date = field({ name: 'date', label: t('calendar.admin.date'), type: 'date', id: 'cal-date', min: `${year}-01-01`, max: `${year}-12-31` });
    const name = field({ name: 'name', label: t('calendar.admin.name'), maxlength: 200, id: 'cal-name', lang: 'vi' });
    const kindId = 'cal-kind';
    const kindError = h('p', { class: 'field-error', id: `${kindId}-error`, hidden: true });
    const kindSelect = h('select', { id: kindId, name: 'kind', class: 'input', 'aria-describedby': `${kindId}-error` },
      ['holiday', 'compensatory', 'workday'].map((k) => h('option', { value: k }, kindLabel(k))));
    const kindRow = h('div', { class: 'form-row' }, h('label', { for: kindId, class: 'label' }, t('calendar.admin.kind')), kindError, kindSelect);
    const fields = { date, name, kind: { row: kindRow, input: kindSelect, error: kindError } };
    const addBtn = h('button', { type: 'submit', class: 'btn btn-primary', id: 'cal-add' }, t('calendar.admin.add'));
    const form = h('form', { class: 'setup-form', id: 'cal-add-form', novalidate: true, 'aria-labelledby': 'cal-add-title' },
      h('h3', { id: 'cal-add-title' }, t('calendar.admin.addTitle')),
      formAlert,
      h('div', { class: 'setup-grid' }, date.row, kindRow, name.row),
      h('div', { class: 'form-actions' }, addBtn));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      for (const f of Object.values(fields)) clearFieldError(f);
      replace(formAlert);
      let bad = null;
      if (!date.input.value) { showFieldError(date, t('calendar.admin.required')); bad = bad || date; }
      if (!name.input.value.trim()) { showFieldError(name, t('calendar.admin.required')); bad = bad || name; }
      if (bad) { bad.input.focus(); return; }
      addBtn.disabled = true;
      try {
        await post(`/api/v1/calendar/${year}/entries${query}`, { date: date.input.value, kind: kindSelect.value, name: name.input.value.trim() });
        if (ctx.isCurrent()) ctx.navigate(`/calendar/${year}${query}`);
      } catch (err) {
        addBtn.disabled = false;
        const f = err instanceof ApiError && err.field ? fields[err.field] : null;
        if (f) { showFieldError(f, errorText(err)); f.input.focus(); } else replace(formAlert, h('p', { class: 'alert alert-error' }, errorText(err)));
      }
    });

    // Recomputing the due times stored on dossiers: a preview, then for real.
    const note = field({ name: 'note', label: t('calendar.admin.note'), hint: t('calendar.admin.noteHint'), maxlength: 1000, id: 'cal-recompute-note' });
    const result = h('div', { id: 'cal-recompute-result', role: 'status' });
    const preview = h('button', { type: 'button', class: 'btn btn-secondary', id: 'cal-preview' }, t('calendar.admin.preview'));
    const apply = h('button', { type: 'button', class: 'btn btn-primary', id: 'cal-recompute' }, t('calendar.admin.recompute'));
    async function recompute(dryRun) {
      clearFieldError(note);
      preview.disabled = true;
      apply.disabled = true;
      try {
        const r = await post(`/api/v1/calendar/${year}/recompute${query}`, { dry_run: dryRun, note: note.input.value.trim() || undefined });
        if (!ctx.isCurrent()) return;
        const items = r.items || [];
        replace(result,
          h('p', { class: `alert alert-${dryRun ? 'info' : 'success'}`, id: 'cal-recompute-summary' },
            t(dryRun ? 'calendar.admin.previewed' : 'calendar.admin.recomputed', { changed: r.changed, checked: r.checked })),
          items.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'cal-recompute-table' },
            h('caption', { class: 'visually-hidden' }, t('calendar.admin.changes')),
            h('thead', null, h('tr', null,
              h('th', { scope: 'col' }, t('calendar.admin.code')),
              h('th', { scope: 'col' }, t('calendar.admin.dueBefore')),
              h('th', { scope: 'col' }, t('calendar.admin.dueAfter')))),
            h('tbody', null, items.slice(0, 200).map((x) => h('tr', null,
              h('th', { scope: 'row' }, h('a', { href: `#/dossiers/${encodeURIComponent(x.code)}`, class: 'code' }, x.code)),
              h('td', null, timeEl(x.due_at.before)),
              h('td', null, timeEl(x.due_at.after))))))) : null);
      } catch (err) {
        if (err instanceof ApiError && err.field === 'note') showFieldError(note, errorText(err));
        else replace(result, h('p', { class: 'alert alert-error' }, errorText(err)));
      } finally {
        preview.disabled = false;
        apply.disabled = false;
      }
    }
    preview.addEventListener('click', () => recompute(true));
    apply.addEventListener('click', () => recompute(false));

    return h('section', { class: 'cal-admin', id: 'cal-admin', 'aria-labelledby': 'cal-admin-title' },
      h('h2', { id: 'cal-admin-title' }, t('calendar.admin.title')),
      status,
      form,
      h('div', { class: 'setup-form', id: 'cal-recompute-box' },
        h('h3', null, t('calendar.admin.recomputeTitle')),
        h('p', { class: 'hint' }, t('calendar.admin.recomputeIntro')),
        note.row,
        h('div', { class: 'form-actions' }, preview, apply),
        result));
  }
}
