// #/payments-reconcile?date=YYYY-MM-DD — the office's reconciliation of a
// day's online payments with the gateway (issue 13): each payment with the
// state motcua records beside the one the gateway gives now (querydr), the
// mismatches marked, and for a payment still pending here a button that
// settles it from the gateway's answer. GET /api/v1/payments/reconciliation,
// POST /api/v1/payments/{id}/settle. The office and the administrator only.
import { h, replace, newId } from '../dom.js';
import { t, formatMoney, formatNumber } from '../i18n.js';
import { get, post } from '../api.js';
import { currentUser } from '../session.js';
import { errorText } from '../dossiers.js';
import { statusLabel } from '../payments.js';

const today = () => new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);

function gatewayCell(p) {
  const g = p.gateway;
  return h('td', { class: 'recon-gateway', dataset: { state: g.state } },
    t(`recon.gw.${g.state}`),
    g.amount !== null && g.amount !== p.amount ? [' · ', formatMoney(g.amount)] : null,
    g.transaction_no ? [' · ', t('pay.gatewayTxn', { txn: g.transaction_no })] : null);
}

function row(p, settle) {
  const status = h('span', { class: 'form-status', role: 'status' });
  const btn = p.status === 'pending'
    ? h('button', { type: 'button', class: 'btn btn-secondary btn-small recon-settle', dataset: { payment: String(p.id) } }, t('recon.settle'))
    : null;
  if (btn) btn.addEventListener('click', () => settle(p, btn, status));
  return h('tr', { dataset: { ref: p.txn_ref || '', mismatch: p.mismatch || '' }, class: p.mismatch ? 'recon-mismatch' : null },
    h('td', null, h('a', { href: `#/dossiers/${encodeURIComponent(p.dossier)}` }, p.dossier)),
    h('td', { class: 'code' }, p.txn_ref || ''),
    h('td', { class: 'num' }, formatMoney(p.amount)),
    h('td', { class: 'recon-motcua' }, statusLabel(p.status)),
    gatewayCell(p),
    h('td', null, p.mismatch ? h('span', { class: 'badge badge-late' }, t(`recon.mismatch.${p.mismatch}`)) : t('recon.agree')),
    h('td', null, btn, status));
}

export async function render(ctx) {
  const { main, params } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate('/login?next=%2Fpayments-reconcile'); return; }
  ctx.setTitle(t('recon.title'));
  const date = params.get('date') || today();
  const id = newId('date');
  const form = h('form', {
    class: 'qreport-form',
    on: { submit: (e) => { e.preventDefault(); ctx.navigate(`/payments-reconcile?date=${encodeURIComponent(form.elements.date.value)}`); } },
  }, h('label', { for: id }, t('payday.date')), h('input', { type: 'date', id, name: 'date', value: date }),
  h('button', { type: 'submit', class: 'btn btn-primary' }, t('payday.show')));
  const body = h('div', { id: 'recon-body', dataset: { loaded: 'false' } }, h('p', { class: 'loading' }, t('common.loading')));
  replace(main, h('h1', null, t('recon.title')), h('p', { class: 'lead' }, t('recon.intro')), form, body);

  async function settle(p, btn, status) {
    btn.disabled = true;
    replace(status, t('common.loading'));
    try {
      await post(`/api/v1/payments/${p.id}/settle`, {});
      await load();
    } catch (err) {
      btn.disabled = false;
      replace(status, h('span', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    }
  }
  async function load() {
    let v;
    try {
      v = await get('/api/v1/payments/reconciliation', { date });
    } catch (err) {
      if (!ctx.isCurrent()) return;
      replace(body, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
      body.dataset.loaded = 'true';
      return;
    }
    if (!ctx.isCurrent()) return;
    replace(body,
      h('p', { id: 'recon-summary', class: v.mismatches ? 'alert alert-error' : 'alert alert-success', role: 'status' },
        t('recon.summary', { n: formatNumber(v.payments.length), m: formatNumber(v.mismatches) })),
      v.payments.length === 0 ? h('p', { class: 'empty' }, t('recon.none'))
        : h('div', { class: 'table-wrap' },
          h('table', { class: 'table', id: 'recon-list' },
            h('caption', null, t('recon.list', { date })),
            h('thead', null, h('tr', null, [t('dossier.code'), t('recon.ref'), t('pay.amount'), t('recon.motcua'), t('recon.gateway'), t('recon.check'), t('recon.action')]
              .map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', null, v.payments.map((p) => row(p, settle))))));
    body.dataset.loaded = 'true';
  }
  await load();
}
