// #/stats-report?unit=CODE&from=&to=&by=procedure|field|unit — the office's
// periodic report on the handling of dossiers (DOMAIN.md section 11, GET
// /api/v1/stats/report): per procedure, field or unit, the dossiers carried
// over and new (online, direct, by post), ended (early, on time, late; of
// them refused, withdrawn, stopped) and still open (not due, overdue; of
// them waiting), the total row below; and the same report to download as
// XLSX, CSV or the signed PDF (the same address with format=). A closed
// period (POST /api/v1/stats/closures) says so and lists its adjustments;
// a leader or the office closes a whole month, quarter, half or year that
// has ended from here. The month (quarter, ...) after a closed one shows the
// closed one's later corrections as adjustment rows of their own, each with
// its reason, below the table.
import { h, replace } from '../dom.js';
import { t, localName, formatNumber, formatDate } from '../i18n.js';
import { get, post, ApiError } from '../api.js';
import { currentUser } from '../session.js';
import { field } from '../forms.js';
import { todayLocal, downloadButton } from '../kpi.js';

const COLS = ['carried_over', 'new_online', 'new_direct', 'new_post', 'ended_early', 'ended_on_time',
  'ended_late', 'refused', 'withdrawn', 'stopped', 'open_not_due', 'open_overdue', 'open_waiting'];
const BY = ['procedure', 'field', 'unit'];
const ROLES = ['head', 'leader', 'office', 'admin'];

function row(r, total, byLabel) {
  return h('tr', { class: total ? 'report-total' : null, dataset: { key: r.key } },
    h('th', { scope: 'row', 'data-label': byLabel }, total ? t('report.total') : localName(r)),
    COLS.map((c) => h('td', { class: 'num', 'data-label': t(`report.col.${c}`), dataset: { col: c } }, formatNumber(r[c]))));
}

const signed = (n) => (n > 0 ? '+' : '') + formatNumber(n);
const pad = (n) => String(n).padStart(2, '0');
const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The period ("2026-03", "2026-Q1", "2026-H2", "2026") whose days are exactly from..to, or null. */
function periodOf(from, to) {
  const y = Number(from.slice(0, 4));
  const m1 = Number(from.slice(5, 7));
  const m2 = Number(to.slice(5, 7));
  if (to.slice(0, 4) !== from.slice(0, 4) || from.slice(8) !== '01' || Number(to.slice(8)) !== lastDay(y, m2)) return null;
  if (m1 === m2) return `${y}-${pad(m1)}`;
  if (m2 - m1 === 2 && (m1 - 1) % 3 === 0) return `${y}-Q${(m1 + 2) / 3}`;
  if (m2 - m1 === 5 && (m1 === 1 || m1 === 7)) return `${y}-H${m1 === 1 ? 1 : 2}`;
  if (m1 === 1 && m2 === 12) return String(y);
  return null;
}

/** The closure of a closed report and what the history now says otherwise; else, for those who may, the button that closes it. */
function closureBlock(ctx, rep, user, today) {
  if (rep.closure) {
    const c = rep.closure;
    const adj = rep.adjustments || [];
    return h('div', { id: 'report-closure', class: 'card' },
      h('p', { class: 'alert alert-info' }, t('report.closed', {
        period: c.period, at: formatDate(c.closed_at.slice(0, 10)), by: c.closed_by || t('report.closedCli'), seq: c.seq,
      }), c.signed ? ` ${t('report.signedBy', { signer: c.signer })}` : null),
      adj.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'report-adjustments' },
        h('caption', null, t('report.adjustments')),
        h('thead', null, h('tr', null, ['key', 'column', 'frozen', 'recomputed', 'difference'].map((k) => h('th', { scope: 'col' }, t(`report.adj.${k}`))))),
        h('tbody', null, adj.map((a) => h('tr', { dataset: { key: a.key, col: a.column } },
          h('th', { scope: 'row', 'data-label': t('report.adj.key') }, a.key === 'total' ? t('report.total') : a.key),
          h('td', { 'data-label': t('report.adj.column') }, t(`report.col.${a.column}`)),
          h('td', { class: 'num', 'data-label': t('report.adj.frozen') }, formatNumber(a.frozen)),
          h('td', { class: 'num', 'data-label': t('report.adj.recomputed') }, formatNumber(a.recomputed)),
          h('td', { class: 'num', 'data-label': t('report.adj.difference') }, signed(a.difference)))))))
        : h('p', { class: 'hint', id: 'report-no-adjustments' }, t('report.noAdjustments')));
  }
  const period = periodOf(rep.from, rep.to);
  const mayClose = (user.roles || []).some((r) => r === 'leader' || r === 'office');
  if (!period || !mayClose || rep.to >= today) return null;
  const failed = h('p', { class: 'alert alert-error', role: 'alert', id: 'report-close-error', hidden: true });
  const button = h('button', {
    type: 'button', class: 'btn', id: 'report-close',
    on: {
      click: async () => {
        if (!window.confirm(t('report.closeConfirm', { period }))) return;
        button.disabled = true;
        try {
          await post('/api/v1/stats/closures', { unit: rep.unit.code, period });
          if (ctx.isCurrent()) ctx.navigate(`/stats-report?${new URLSearchParams({ unit: rep.unit.code, from: rep.from, to: rep.to, by: rep.by })}`);
        } catch (err) {
          failed.textContent = err instanceof ApiError && err.serverMessage ? err.serverMessage : t('error.unexpected');
          failed.hidden = false;
          button.disabled = false;
        }
      },
    },
  }, t('report.close', { period }));
  return h('div', { id: 'report-closing' }, h('p', { class: 'hint' }, t('report.closeHint')), button, failed);
}

/** The corrections of the closed period before, carried into this report as rows of their own. */
function carriedBlock(rep, byLabel) {
  const cr = rep.carried_adjustments;
  if (!cr) return null;
  const c = cr.corrects;
  const caption = t('report.carried', { period: c.period, seq: c.seq });
  if (!cr.rows.length) return h('p', { class: 'hint', id: 'report-carried-none' }, t('report.carriedNone', { period: c.period }));
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', { class: 'table report-table', id: 'report-carried' },
      h('caption', null, caption),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, byLabel),
        COLS.map((k) => h('th', { scope: 'col', class: 'num' }, t(`report.col.${k}`))))),
      // Each row's figures, then its reason across the table's width.
      cr.rows.map((r) => h('tbody', { class: 'report-carried-row', dataset: { key: r.key } },
        h('tr', null, h('th', { scope: 'row', 'data-label': byLabel, rowspan: 2 }, localName(r)),
          COLS.map((k) => h('td', { class: 'num', 'data-label': t(`report.col.${k}`), dataset: { col: k } }, r[k] ? signed(r[k]) : '0'))),
        h('tr', null, h('td', { class: 'report-reason', colspan: COLS.length, 'data-label': t('report.carriedReason') }, localName(r, 'reason')))))));
}

export async function render(ctx) {
  const { main, params } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate(`/login?next=${encodeURIComponent('/stats-report')}`); return; }
  ctx.setTitle(t('report.title'));
  if (!(user.roles || []).some((r) => ROLES.includes(r))) {
    replace(main, h('h1', null, t('report.title')), h('p', { class: 'alert alert-info', id: 'report-denied' }, t('kpi.denied')));
    return;
  }
  const today = todayLocal();
  const q = {
    unit: params.get('unit') || (user.unit && user.unit.code) || '',
    from: params.get('from') || `${today.slice(0, 7)}-01`,
    to: params.get('to') || today,
    by: BY.includes(params.get('by')) ? params.get('by') : 'procedure',
  };
  let rep;
  let units = [];
  try {
    units = (await get('/api/v1/units')).items;
    // The office's own unit handles no dossiers (issue 15): it reports on
    // the agency, the root of its unit, unless a unit is asked.
    const roles = user.roles || [];
    if (!params.get('unit') && roles.includes('office') && !roles.some((r) => r === 'leader' || r === 'head')) {
      const by = new Map(units.map((u) => [u.code, u]));
      for (let i = 0; i < 16 && by.get(q.unit) && by.get(q.unit).parent; i++) q.unit = by.get(q.unit).parent;
    }
    rep = await get('/api/v1/stats/report', q);
  } catch (err) {
    if (!ctx.isCurrent()) return;
    replace(main, h('h1', null, t('report.title')),
      h('p', { class: 'alert alert-error', role: 'alert', id: 'report-error' },
        err instanceof ApiError && err.serverMessage ? err.serverMessage : t('error.unexpected')));
    return;
  }
  if (!ctx.isCurrent()) return;
  const own = !(user.roles || []).some((r) => r !== 'head' && ROLES.includes(r));
  const shown = own ? units.filter((u) => u.code === q.unit) : units;
  const unitF = field({ name: 'unit', id: 'report-unit', label: t('kpi.unit'), rowClass: 'kpi-pick',
    options: shown.map((u) => h('option', { value: u.code, selected: u.code === q.unit }, localName(u))) });
  const fromF = field({ name: 'from', id: 'report-from', label: t('kpi.from'), type: 'date', value: rep.from, rowClass: 'kpi-pick' });
  const toF = field({ name: 'to', id: 'report-to', label: t('kpi.to'), type: 'date', value: rep.to, rowClass: 'kpi-pick' });
  const byF = field({ name: 'by', id: 'report-by', label: t('report.byLabel'), rowClass: 'kpi-pick',
    options: BY.map((b) => h('option', { value: b, selected: b === rep.by }, t(`report.by.${b}`))) });
  const form = h('form', {
    class: 'kpi-form', id: 'report-form',
    on: {
      submit: (e) => {
        e.preventDefault();
        const p = new URLSearchParams({ unit: unitF.input.value, from: fromF.input.value, to: toF.input.value, by: byF.input.value });
        ctx.navigate(`/stats-report?${p}`);
      },
    },
  }, unitF.row, fromF.row, toF.row, byF.row,
  h('div', { class: 'form-row kpi-pick' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('report.show'))));
  const fileQuery = (format) => new URLSearchParams({ unit: rep.unit.code, from: rep.from, to: rep.to, by: rep.by, format });
  const byLabel = t(`report.by.${rep.by}`);
  const failed = h('p', { class: 'alert alert-error', role: 'alert', id: 'report-download-error', hidden: true });
  replace(main,
    h('h1', null, t('report.title')),
    form,
    h('p', { class: 'kpi-scope', id: 'report-scope' }, h('strong', null, localName(rep.unit)), ' · ',
      t('kpi.fromTo', { from: formatDate(rep.from), to: formatDate(rep.to) })),
    h('ul', { class: 'report-downloads', id: 'report-downloads' }, ['xlsx', 'csv', 'pdf'].map((f) => h('li', null,
      // Signed only once the period has ended (the server refuses it before):
      // the button says why instead of failing when pressed.
      f === 'pdf' && rep.to >= today
        ? [h('button', { type: 'button', class: 'btn btn-secondary', id: 'report-pdf', disabled: true, 'aria-describedby': 'report-pdf-why' }, t('report.download.pdf')),
          h('small', { class: 'hint', id: 'report-pdf-why' }, ` ${t('report.pdfNotEnded')}`)]
        : downloadButton(`/api/v1/stats/report?${fileQuery(f)}`, `report-${f}`, t(`report.download.${f}`), failed)))),
    failed,
    closureBlock(ctx, rep, user, today),
    // Wider than the screen on a desktop: the region scrolls, by keyboard too.
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'report-caption' },
      h('table', { class: 'table report-table', id: 'report-table' },
        h('caption', { id: 'report-caption' }, t('report.caption', { by: byLabel })),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, byLabel), COLS.map((c) => h('th', { scope: 'col', class: 'num' }, t(`report.col.${c}`))))),
        h('tbody', null, rep.rows.length ? rep.rows.map((r) => row(r, false, byLabel))
          : h('tr', null, h('td', { colspan: COLS.length + 1 }, t('report.empty')))),
        h('tfoot', null, row(rep.total, true, byLabel)))),
    carriedBlock(rep, byLabel),
    h('p', { class: 'hint' }, t('report.note')));
}
