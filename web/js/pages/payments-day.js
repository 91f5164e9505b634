// #/payments-day?date=YYYY-MM-DD — the office's (and the desk's) fees of
// one day: every payment of the agency created or settled that day, with
// the dossier, method, amount, state and receipt, then the totals paid per
// method, and the day as an XLSX workbook (GET /api/v1/payments).
import { h, replace, newId } from '../dom.js';
import { t, formatMoney, formatNumber } from '../i18n.js';
import { get } from '../api.js';
import { currentUser } from '../session.js';
import { timeEl, errorText } from '../dossiers.js';
import { methodLabel, statusLabel, receiptLink } from '../payments.js';

const today = () => new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);

export async function render(ctx) {
  const { main, params } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate('/login?next=%2Fpayments-day'); return; }
  ctx.setTitle(t('payday.title'));
  const date = params.get('date') || today();
  let v;
  try {
    v = await get('/api/v1/payments', { date });
  } catch (err) {
    if (!ctx.isCurrent()) return;
    replace(main, h('h1', null, t('payday.title')), h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    return;
  }
  if (!ctx.isCurrent()) return;
  const id = newId('date');
  const form = h('form', {
    class: 'qreport-form',
    on: { submit: (e) => { e.preventDefault(); ctx.navigate(`/payments-day?date=${encodeURIComponent(form.elements.date.value)}`); } },
  }, h('label', { for: id }, t('payday.date')), h('input', { type: 'date', id, name: 'date', value: date }),
  h('button', { type: 'submit', class: 'btn btn-primary' }, t('payday.show')));
  replace(main,
    h('h1', null, t('payday.title')),
    form,
    h('p', null, h('a', { href: `/api/v1/payments?date=${encodeURIComponent(date)}&format=xlsx`, id: 'payday-xlsx', class: 'btn btn-secondary', download: '' }, t('payday.xlsx')),
      (user.roles || []).some((r) => r === 'office' || r === 'admin')
        ? [' ', h('a', { href: `#/payments-reconcile?date=${encodeURIComponent(date)}`, id: 'payday-reconcile', class: 'btn btn-secondary' }, t('recon.title'))] : null),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'table', id: 'payday-totals' },
        h('caption', null, t('payday.totals', { date })),
        h('thead', null, h('tr', null, [t('pay.methodLabel'), t('payday.count'), t('pay.amount')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, v.totals.map((x) => h('tr', { dataset: { method: x.method } },
          h('th', { scope: 'row' }, methodLabel(x.method)), h('td', { class: 'num' }, formatNumber(x.count)), h('td', { class: 'num' }, formatMoney(x.amount))))),
        h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, t('pay.total')), h('td', null, ''), h('td', { class: 'num', id: 'payday-total' }, formatMoney(v.total)))))),
    v.payments.length === 0 ? h('p', { class: 'empty' }, t('payday.none'))
      : h('div', { class: 'table-wrap' },
        h('table', { class: 'table', id: 'payday-list' },
          h('caption', null, t('payday.list')),
          h('thead', null, h('tr', null, [t('dossier.code'), t('pay.methodLabel'), t('pay.amount'), t('payday.state'), t('payday.time'), t('payday.receipt')]
            .map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', null, v.payments.map((p) => h('tr', { dataset: { status: p.status } },
            h('td', null, h('a', { href: `#/dossiers/${encodeURIComponent(p.dossier)}` }, p.dossier)),
            h('td', null, methodLabel(p.method)),
            h('td', { class: 'num' }, formatMoney(p.amount)),
            h('td', null, statusLabel(p.status), p.flag ? [' ', h('span', { class: 'badge badge-late' }, p.flag)] : null),
            h('td', null, timeEl(p.paid_at)),
            h('td', null, receiptLink(p))))))));
}
