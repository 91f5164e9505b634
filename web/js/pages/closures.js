// #/closures[?unit=CODE] — every closed period of the periodic report (GET
// /api/v1/stats/closures): its period and days, the unit, who closed it and
// when, whether the agency signed it, and links to check it, to its frozen
// report and to the report of the period after (which carries its later
// corrections as adjustment rows). A leader or the office closes a period
// that has ended from here, after confirming (POST /api/v1/stats/closures).
// #/closures/SEQ — one closure checked as `motcua audit verify` checks it
// (GET /api/v1/stats/closures/SEQ): the link, the figures' hash, the
// signature; its frozen figures by procedure and the adjustments since.
import { h, replace } from '../dom.js';
import { t, localName, formatNumber, formatDate } from '../i18n.js';
import { get, post, ApiError } from '../api.js';
import { currentUser } from '../session.js';
import { field, showFieldError, clearFieldError } from '../forms.js';
import { formatDateTime } from '../dossiers.js';

const ROLES = ['head', 'leader', 'office', 'admin'];
const COLS = ['carried_over', 'new_online', 'new_direct', 'new_post', 'ended_early', 'ended_on_time',
  'ended_late', 'refused', 'withdrawn', 'stopped', 'open_not_due', 'open_overdue', 'open_waiting'];

const pad = (n) => String(n).padStart(2, '0');
const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const errorText = (err) => (err instanceof ApiError && err.serverMessage ? err.serverMessage : t('error.unexpected'));

/** The days of the period after a closed one, of the same kind ("2026-03" → April). */
export function nextPeriod(period) {
  const y = Number(period.slice(0, 4));
  const kind = period.length === 4 ? 'Y' : (/^\d{4}-\d{2}$/.test(period) ? 'M' : period[5]);
  const months = { M: 1, Q: 3, H: 6, Y: 12 }[kind];
  const n = kind === 'Y' ? 1 : Number(period.slice(kind === 'M' ? 5 : 6));
  let m0 = (n - 1) * months + 1 + months;
  let year = y;
  if (m0 > 12) { m0 -= 12; year += 1; }
  const m1 = m0 + months - 1;
  return { from: `${year}-${pad(m0)}-01`, to: `${year}-${pad(m1)}-${pad(lastDay(year, m1))}` };
}

const reportHref = (unit, from, to) => `#/stats-report?${new URLSearchParams({ unit, from, to })}`;

function closureRow(c) {
  const next = nextPeriod(c.period);
  return h('tr', { dataset: { seq: String(c.seq) } },
    h('td', { class: 'num', 'data-label': t('closures.seq') }, String(c.seq)),
    h('th', { scope: 'row', 'data-label': t('closures.period') }, h('span', null, c.period,
      h('span', { class: 'closures-days' }, ` (${t('kpi.fromTo', { from: formatDate(c.from), to: formatDate(c.to) })})`))),
    h('td', { 'data-label': t('closures.unit') }, c.unit),
    h('td', { 'data-label': t('closures.closedBy') }, c.closed_by || t('report.closedCli')),
    h('td', { 'data-label': t('closures.closedAt') }, formatDateTime(c.closed_at)),
    h('td', { 'data-label': t('closures.signature') }, c.signed ? t('closures.signedBy', { signer: c.signer }) : t('closures.unsigned')),
    h('td', { 'data-label': t('closures.links') },
      h('ul', { class: 'closures-links' },
        h('li', null, h('a', { href: `#/closures/${c.seq}`, class: 'closures-verify' }, t('closures.verify'))),
        h('li', null, h('a', { href: reportHref(c.unit, c.from, c.to), class: 'closures-frozen' }, t('closures.frozen'))),
        h('li', null, h('a', { href: reportHref(c.unit, next.from, next.to), class: 'closures-next' }, t('closures.next'))))));
}

/** The form that closes a period: a unit, a period, a confirmation. */
function closeForm(ctx, units, user, chosen) {
  const own = chosen || (user.unit && user.unit.code);
  const unitF = field({ name: 'unit', id: 'closures-unit', label: t('kpi.unit'),
    options: units.map((u) => h('option', { value: u.code, selected: u.code === own }, localName(u))) });
  const periodF = field({ name: 'period', id: 'closures-period', label: t('closures.periodLabel'),
    hint: t('closures.periodHint'), autocomplete: 'off', required: true, placeholder: '2026-03' });
  const failed = h('p', { class: 'alert alert-error', role: 'alert', id: 'closures-close-error', hidden: true });
  const button = h('button', { type: 'submit', class: 'btn btn-primary', id: 'closures-close' }, t('closures.close'));
  return h('form', {
    class: 'card', id: 'closures-form', novalidate: true,
    on: {
      submit: async (e) => {
        e.preventDefault();
        clearFieldError(periodF);
        failed.hidden = true;
        const period = periodF.input.value.trim();
        if (!period) { showFieldError(periodF, t('closures.periodMissing')); periodF.input.focus(); return; }
        const unit = unitF.input.value;
        if (!window.confirm(t('closures.confirm', { period, unit }))) return;
        button.disabled = true;
        try {
          await post('/api/v1/stats/closures', { unit, period });
          if (ctx.isCurrent()) ctx.navigate(`/closures?${new URLSearchParams({ closed: period, unit })}`);
        } catch (err) {
          if (err instanceof ApiError && err.field === 'period') {
            // The registry's "a field has a value that is not accepted" says
            // not what is: the forms a period takes, here.
            showFieldError(periodF, err.code === 'FIELD_INVALID' ? t('closures.periodInvalid') : errorText(err));
            periodF.input.focus();
          } else {
            failed.textContent = errorText(err);
            failed.hidden = false;
          }
          button.disabled = false;
        }
      },
    },
  }, h('h2', null, t('closures.closeTitle')), h('p', { class: 'hint' }, t('report.closeHint')),
  unitF.row, periodF.row, failed, h('div', { class: 'form-row' }, button));
}

async function renderList(ctx, user) {
  const { main, params } = ctx;
  // A head sees the closures of their own unit only.
  const whole = (user.roles || []).some((r) => r === 'leader' || r === 'office' || r === 'admin');
  const unit = params.get('unit') || (whole ? '' : (user.unit && user.unit.code) || '');
  let list;
  let units = [];
  try {
    [list, units] = await Promise.all([
      get('/api/v1/stats/closures', unit ? { unit } : {}).then((r) => r.closures),
      get('/api/v1/units').then((r) => r.items),
    ]);
  } catch (err) {
    if (!ctx.isCurrent()) return;
    replace(main, h('h1', null, t('closures.title')),
      h('p', { class: 'alert alert-error', role: 'alert', id: 'closures-error' }, errorText(err)));
    return;
  }
  if (!ctx.isCurrent()) return;
  const mayClose = (user.roles || []).some((r) => r === 'leader' || r === 'office');
  const closed = params.get('closed');
  replace(main,
    h('h1', null, t('closures.title')),
    h('p', { class: 'hint' }, t('closures.intro')),
    closed ? h('p', { class: 'alert alert-success', role: 'status', id: 'closures-done' }, t('closures.done', { period: closed, unit: params.get('unit') || '' })) : null,
    mayClose ? closeForm(ctx, units, user, params.get('unit')) : null,
    list.length
      ? h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'closures-caption' },
        h('table', { class: 'table closures-table', id: 'closures-table' },
          h('caption', { id: 'closures-caption' }, t('closures.caption', { n: list.length })),
          h('thead', null, h('tr', null, ['seq', 'period', 'unit', 'closedBy', 'closedAt', 'signature', 'links']
            .map((k) => h('th', { scope: 'col' }, t(`closures.${k}`))))),
          h('tbody', null, list.slice().reverse().map(closureRow))))
      : h('p', { class: 'alert alert-info', id: 'closures-none' }, t('closures.none')));
}

function figuresTable(d) {
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'closure-figures-caption' },
    h('table', { class: 'table report-table', id: 'closure-figures' },
      h('caption', { id: 'closure-figures-caption' }, t('closures.figures')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('report.by.procedure')),
        COLS.map((c) => h('th', { scope: 'col', class: 'num' }, t(`report.col.${c}`))))),
      h('tbody', null, d.rows.map((r) => h('tr', { dataset: { key: r.key } }, h('th', { scope: 'row', 'data-label': t('report.by.procedure') }, localName(r)),
        COLS.map((c) => h('td', { class: 'num', 'data-label': t(`report.col.${c}`), dataset: { col: c } }, formatNumber(r[c])))))),
      h('tfoot', null, h('tr', { class: 'report-total', dataset: { key: 'total' } }, h('th', { scope: 'row', 'data-label': t('report.by.procedure') }, t('report.total')),
        COLS.map((c) => h('td', { class: 'num', 'data-label': t(`report.col.${c}`), dataset: { col: c } }, formatNumber(d.total[c])))))));
}

function adjustmentsTable(adj) {
  if (!adj.length) return h('p', { class: 'hint', id: 'closure-no-adjustments' }, t('report.noAdjustments'));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'closure-adjustments' },
    h('caption', null, t('report.adjustments')),
    h('thead', null, h('tr', null, ['key', 'column', 'frozen', 'recomputed', 'difference'].map((k) => h('th', { scope: 'col' }, t(`report.adj.${k}`))))),
    h('tbody', null, adj.map((a) => h('tr', { dataset: { key: a.key, col: a.column } },
      h('th', { scope: 'row', 'data-label': t('report.adj.key') }, a.key === 'total' ? t('report.total') : a.key),
      h('td', { 'data-label': t('report.adj.column') }, t(`report.col.${a.column}`)),
      h('td', { class: 'num', 'data-label': t('report.adj.frozen') }, formatNumber(a.frozen)),
      h('td', { class: 'num', 'data-label': t('report.adj.recomputed') }, formatNumber(a.recomputed)),
      h('td', { class: 'num', 'data-label': t('report.adj.difference') }, (a.difference > 0 ? '+' : '') + formatNumber(a.difference)))))));
}

async function renderOne(ctx, seq) {
  const { main } = ctx;
  let d;
  try {
    d = await get(`/api/v1/stats/closures/${encodeURIComponent(seq)}`);
  } catch (err) {
    if (!ctx.isCurrent()) return;
    replace(main, h('h1', null, t('closures.oneTitle', { seq })),
      h('p', { class: 'alert alert-error', role: 'alert', id: 'closures-error' }, errorText(err)),
      h('p', null, h('a', { href: '#/closures' }, t('closures.back'))));
    return;
  }
  if (!ctx.isCurrent()) return;
  const c = d.closure;
  const v = d.verification;
  const next = nextPeriod(c.period);
  let verdict;
  if (!v.valid) verdict = h('p', { class: 'alert alert-error', role: 'alert', id: 'closure-verdict' }, t('closures.broken'), ' ', v.problem);
  else verdict = h('p', { class: 'alert alert-success', id: 'closure-verdict' }, t(v.signature_verified ? 'closures.valid' : 'closures.validUnsigned'));
  const fact = (k, val) => h('div', { class: 'summary-row' }, h('dt', null, t(`closures.${k}`)), h('dd', null, val));
  ctx.setTitle(t('closures.oneTitle', { seq: c.seq }));
  replace(main,
    h('h1', null, t('closures.oneTitle', { seq: c.seq })),
    verdict,
    h('dl', { class: 'summary card', id: 'closure-facts' },
      fact('unit', c.unit),
      fact('period', `${c.period} (${t('kpi.fromTo', { from: formatDate(c.from), to: formatDate(c.to) })})`),
      fact('closedBy', c.closed_by || t('report.closedCli')),
      fact('closedAt', formatDateTime(c.closed_at)),
      fact('signature', c.signed ? t('closures.signedBy', { signer: c.signer }) : t('closures.unsigned')),
      fact('hash', h('code', { class: 'hash' }, c.hash)),
      fact('prevHash', h('code', { class: 'hash' }, c.prev_hash)),
      fact('figuresHash', h('code', { class: 'hash' }, c.figures_hash))),
    v.valid ? figuresTable(d) : null,
    v.valid ? adjustmentsTable(d.adjustments || []) : null,
    h('ul', { class: 'closures-links' },
      h('li', null, h('a', { href: reportHref(c.unit, c.from, c.to), id: 'closure-report' }, t('closures.frozen'))),
      h('li', null, h('a', { href: reportHref(c.unit, next.from, next.to), id: 'closure-next' }, t('closures.next'))),
      h('li', null, h('a', { href: '#/closures' }, t('closures.back')))));
}

export async function render(ctx) {
  const { main, match } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate(`/login?next=${encodeURIComponent('/closures')}`); return; }
  ctx.setTitle(t('closures.title'));
  if (!(user.roles || []).some((r) => ROLES.includes(r))) {
    replace(main, h('h1', null, t('closures.title')), h('p', { class: 'alert alert-info', id: 'closures-denied' }, t('kpi.denied')));
    return;
  }
  if (match && match[1]) await renderOne(ctx, match[1]);
  else await renderList(ctx, user);
}
