// #/queue-report?unit=CODE&from=YYYY-MM-DD&to=YYYY-MM-DD&by=service — the
// desk's report for staff: per service, counter, officer or day, the
// tickets, those served, no-shows, waiting (called − issued: average, 90th
// percentile, longest), handling (finished − started), ratings and the
// share satisfied, with the totals (GET /api/v1/queue/units/CODE/report).
import { h, replace, newId } from '../dom.js';
import { t, localName, formatNumber } from '../i18n.js';
import { get, ApiError } from '../api.js';
import { currentUser } from '../session.js';
import { formatMinutes } from './kiosk.js';

function byLabel(by) {
  const labels = {
    service: t('qreport.by.service'),
    counter: t('qreport.by.counter'),
    officer: t('qreport.by.officer'),
    day: t('qreport.by.day'),
  };
  return labels[by] || by;
}

const pct = (x) => `${formatNumber(Math.round(x * 1000) / 10)} %`;

function row(r, total) {
  const cells = [
    h(total ? 'th' : 'th', { scope: 'row' }, total ? t('qreport.total') : r.name),
    h('td', null, String(r.tickets)),
    h('td', null, String(r.served)),
    h('td', null, String(r.no_shows)),
    h('td', null, formatMinutes(r.waiting.avg_ms)),
    h('td', null, formatMinutes(r.waiting.p90_ms)),
    h('td', null, formatMinutes(r.waiting.max_ms)),
    h('td', null, formatMinutes(r.handling.avg_ms)),
    h('td', null, String(r.ratings)),
    h('td', null, r.ratings ? pct(r.satisfied_share) : '—'),
  ];
  return h('tr', { class: total ? 'qreport-total' : null, dataset: { key: r.key } }, cells);
}

/**
 * The unit whose desk to report on when none is named: the agency (root
 * unit) of the user's unit, where the one-stop desk is (issue 15: the
 * office's unit has none of its own).
 */
async function agencyOf(user) {
  let code = (user.unit && user.unit.code) || '';
  try {
    const units = (await get('/api/v1/units')).items || [];
    const by = new Map(units.map((u) => [u.code, u]));
    for (let i = 0; i < 16 && by.get(code) && by.get(code).parent; i++) code = by.get(code).parent;
  } catch { /* the user's own unit, then */ }
  return code;
}

export async function render(ctx) {
  const { main, params } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate('/login?next=%2Fqueue-report'); return; }
  ctx.setTitle(t('qreport.title'));
  const unit = params.get('unit') || await agencyOf(user);
  const query = { from: params.get('from') || undefined, to: params.get('to') || undefined, by: params.get('by') || 'service' };
  let rep;
  try {
    rep = await get(`/api/v1/queue/units/${encodeURIComponent(unit)}/report`, query);
  } catch (err) {
    if (!ctx.isCurrent()) return;
    replace(main, h('h1', null, t('qreport.title')),
      h('p', { class: 'alert alert-error', role: 'alert' }, err instanceof ApiError && err.serverMessage ? err.serverMessage : t('error.unexpected')));
    return;
  }
  if (!ctx.isCurrent()) return;
  const ids = { from: newId('from'), to: newId('to'), by: newId('by') };
  const form = h('form', {
    class: 'qreport-form',
    on: {
      submit: (e) => {
        e.preventDefault();
        const p = new URLSearchParams({ unit, from: form.elements.from.value, to: form.elements.to.value, by: form.elements.by.value });
        ctx.navigate(`/queue-report?${p}`);
      },
    },
  },
  h('label', { for: ids.from }, t('qreport.from')), h('input', { type: 'date', id: ids.from, name: 'from', value: rep.from }),
  h('label', { for: ids.to }, t('qreport.to')), h('input', { type: 'date', id: ids.to, name: 'to', value: rep.to }),
  h('label', { for: ids.by }, t('qreport.byLabel')),
  h('select', { id: ids.by, name: 'by' }, ['service', 'counter', 'officer', 'day'].map((b) => h('option', { value: b, selected: b === rep.by }, byLabel(b)))),
  h('button', { type: 'submit', class: 'btn btn-primary' }, t('qreport.show')));
  replace(main,
    h('h1', null, t('qreport.title')),
    h('p', null, localName(rep.unit)),
    form,
    h('div', { class: 'table-wrap' },
      h('table', { class: 'table qreport-table', id: 'qreport-table' },
        h('caption', null, t('qreport.caption', { by: byLabel(rep.by), from: rep.from, to: rep.to })),
        h('thead', null, h('tr', null, [
          byLabel(rep.by), t('qreport.tickets'), t('qreport.served'), t('qreport.noShows'),
          t('qreport.waitAvg'), t('qreport.waitP90'), t('qreport.waitMax'), t('qreport.handlingAvg'),
          t('qreport.ratings'), t('qreport.satisfied'),
        ].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, rep.rows.map((r) => row(r, false))),
        h('tfoot', null, row(rep.total, true)))));
}
