// The fees and payments of one dossier on its page (issue 13): each demand
// with its lines and total, the payments made against it with their
// receipts, and what the viewer may do now: a receiver records cash, card
// or a transfer and prints the receipt; the owner pays online through the
// gateway. GET and POST /api/v1/dossiers/{code}/payments; the receipt is
// GET /api/v1/payments/{id}/receipt.pdf (a signed PDF, new tab).
import { h, replace, section, newId } from './dom.js';
import { t, formatMoney, localName } from './i18n.js';
import { get, post, serverNow } from './api.js';
import { timeEl, errorText } from './dossiers.js';
import { field, textField } from './forms.js';

const METHODS = ['cash', 'card', 'transfer'];

export function methodLabel(m) {
  return { cash: t('pay.method.cash'), card: t('pay.method.card'), transfer: t('pay.method.transfer'), online: t('pay.method.online') }[m] || m;
}

export function statusLabel(s) {
  return {
    open: t('pay.status.open'), paid: t('pay.status.paid'), cancelled: t('pay.status.cancelled'),
    pending: t('pay.status.pending'), failed: t('pay.status.failed'), refunded: t('pay.status.refunded'),
  }[s] || s;
}

export function receiptLink(p) {
  if (!p.receipt) return null;
  return h('a', { href: p.receipt.href, target: '_blank', rel: 'noopener', class: 'receipt-link', dataset: { payment: String(p.id) } },
    t('pay.receipt', { series: p.receipt.series, number: String(p.receipt.number).padStart(7, '0') }));
}

function demandBlock(dm) {
  return h('div', { class: 'demand', dataset: { demand: String(dm.id), status: dm.status } },
    h('table', { class: 'table demand-lines' },
      h('caption', null, t('pay.demand'), ' ', h('span', { class: `badge pay-${dm.status}` }, statusLabel(dm.status))),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('pay.fee')), h('th', { scope: 'col', class: 'num' }, t('pay.amount')))),
      h('tbody', null, dm.lines.map((l) => h('tr', null,
        h('td', null, localName(l), l.exemption
          ? h('div', { class: 'hint fee-exempt' }, t('pay.exempt', { basis: l.exemption.basis, reason: l.exemption.reason })) : null),
        h('td', { class: 'num' }, formatMoney(l.amount))))),
      h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, t('pay.total')), h('td', { class: 'num demand-total' }, formatMoney(dm.total))))),
    dm.due_at && dm.status === 'open' ? h('p', { class: 'hint' }, t('pay.dueAt'), ' ', timeEl(dm.due_at)) : null,
    // Unpaid past its date (payment.demand_days): the head may stop the dossier (Form 05).
    // Past by the server's clock, as "Quá hạn" is (issue 15 item 11).
    dm.due_at && dm.status === 'open' && Date.parse(dm.due_at) < serverNow()
      ? h('p', { class: 'alert alert-error', id: 'pay-overdue' }, t('pay.overdue')) : null);
}

/**
 * The office's refund of a paid fee of a dossier refused or stopped: asks
 * for confirmation, then POST /api/v1/payments/{id}/refund (online: through
 * the gateway; at the desk: recorded as handed back).
 */
function refundButton(p, reload) {
  const status = h('span', { class: 'form-status', role: 'status' });
  const btn = h('button', { type: 'button', class: 'btn btn-danger btn-small pay-refund', dataset: { payment: String(p.id) } }, t('pay.refund'));
  btn.addEventListener('click', async () => {
    if (!window.confirm(t('pay.refundConfirm', { amount: formatMoney(p.amount), method: methodLabel(p.method) }))) return;
    btn.disabled = true;
    replace(status, t('common.loading'));
    try {
      await post(`/api/v1/payments/${p.id}/refund`, {});
      await reload(null);
    } catch (err) {
      btn.disabled = false;
      replace(status, h('span', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    }
  });
  return [' ', btn, ' ', status];
}

function paymentItem(p, refund) {
  return h('li', { class: 'payment-item', dataset: { status: p.status, method: p.method } },
    h('span', null, methodLabel(p.method), ' · ', formatMoney(p.amount), ' · '),
    h('span', { class: `badge pay-${p.status}` }, statusLabel(p.status)),
    p.paid_at ? [' · ', timeEl(p.paid_at)] : null,
    p.gateway_txn ? [' · ', t('pay.gatewayTxn', { txn: p.gateway_txn })] : null,
    p.receipt ? [' · ', receiptLink(p)] : null,
    refund && p.status === 'paid' ? refund(p) : null);
}

/** The desk's form: method, reference, record. */
function deskForm(code, box, reload) {
  const status = h('p', { class: 'form-status', role: 'status' });
  const method = field({
    name: 'method', label: t('pay.methodLabel'), required: true,
    options: METHODS.map((m) => h('option', { value: m }, methodLabel(m))),
  });
  const reference = textField({ name: 'reference', label: t('pay.reference'), hint: t('pay.referenceHint'), maxlength: 100 });
  const btn = h('button', { type: 'submit', class: 'btn btn-primary', id: 'pay-record' }, t('pay.record'));
  const form = h('form', { class: 'pay-desk', id: 'pay-desk', novalidate: true }, method.row, reference.row,
    h('p', null, btn), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    // One request at a time: a double click records once (no 409 after).
    if (btn.disabled) return;
    btn.disabled = true;
    const body = { method: form.elements.method.value };
    const ref = form.elements.reference.value.trim();
    if (ref) body.reference = ref;
    replace(status, t('common.loading'));
    try {
      const p = await post(`/api/v1/dossiers/${encodeURIComponent(code)}/payments`, body);
      await reload({ paid: p });
    } catch (err) {
      btn.disabled = false;
      replace(status, h('span', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    }
  });
  box.append(form);
}

/**
 * The owner's button: pay online, then off to the gateway. resume: a
 * pending payment's gateway order is still valid; the same request answers
 * that order again (never a second one), so the button continues it.
 */
function onlineButton(code, box, resume) {
  const status = h('p', { class: 'form-status', role: 'status' });
  const btn = resume
    ? h('button', { type: 'button', class: 'btn btn-primary', id: 'pay-resume' }, t('pay.resume'))
    : h('button', { type: 'button', class: 'btn btn-primary', id: 'pay-online' }, t('pay.online'));
  btn.addEventListener('click', async () => {
    btn.disabled = true;
    replace(status, t('common.loading'));
    try {
      const r = await post(`/api/v1/dossiers/${encodeURIComponent(code)}/payments`, { method: 'online' });
      window.location.assign(r.payment_url);
    } catch (err) {
      btn.disabled = false;
      replace(status, h('span', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    }
  });
  box.append(h('p', null, btn), status);
}

/**
 * The section, filled once its data is loaded. user: the viewer; owner:
 * whether the viewer is the dossier's citizen.
 */
export function paymentsSection(d, user) {
  const body = h('div', { id: 'payments-body', dataset: { loaded: 'false' } }, h('p', { class: 'loading' }, t('common.loading')));
  const sec = section('sec-payments', t('pay.title'), body);
  const roles = (user && user.roles) || [];
  async function load(after) {
    let v;
    try {
      v = await get(`/api/v1/dossiers/${encodeURIComponent(d.code)}/payments`);
    } catch (err) {
      replace(body, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
      body.dataset.loaded = 'true';
      return;
    }
    const open = v.demands.find((x) => x.status === 'open');
    // The fee goes back when the agency refused or stopped the dossier: the office's.
    const refund = ['refused', 'stopped'].includes(d.state) && roles.some((r) => r === 'office' || r === 'admin')
      ? (p) => refundButton(p, load) : null;
    const pending = v.payments.some((p) => p.status === 'pending');
    // A pending online order until it expires (expires_at): resumed, not paid twice.
    const live = v.payments.some((p) => p.status === 'pending' && p.expires_at && Date.parse(p.expires_at) > serverNow());
    const actions = h('div', { class: 'pay-actions' });
    if (open && roles.includes('receiver')) deskForm(d.code, actions, load);
    else if (open && roles.includes('citizen')) {
      if (live) actions.append(h('p', { class: 'hint' }, t('pay.pendingHint')));
      onlineButton(d.code, actions, live);
    } else if (open && pending) actions.append(h('p', { class: 'hint' }, t('pay.pendingHint')));
    // Back from the gateway (its return address sends the browser here with
    // ?payment=paid|failed|invalid): what the gateway showed, never proof.
    const back = new URLSearchParams(location.hash.split('?')[1] || '').get('payment');
    const gateway = ['paid', 'failed', 'invalid'].includes(back) && !after
      ? h('p', { class: `alert ${back === 'paid' ? 'alert-success' : 'alert-error'}`, role: 'status', id: 'pay-outcome' },
        t(`pay.back.${back}`)) : null;
    const done = after && after.paid ? h('div', { class: 'alert alert-success', role: 'status', id: 'pay-done' },
      h('p', null, t('pay.done', { amount: formatMoney(after.paid.amount) })),
      after.paid.receipt ? h('p', null, receiptLink(after.paid)) : null) : null;
    replace(body,
      gateway,
      done,
      v.demands.length === 0 ? h('p', { class: 'empty' }, t('pay.none')) : v.demands.map(demandBlock),
      v.payments.length ? [h('h3', { class: 'h-small' }, t('pay.payments')), h('ul', { class: 'payment-list' }, v.payments.map((p) => paymentItem(p, refund)))] : null,
      actions);
    body.dataset.loaded = 'true';
  }
  load(null);
  return sec;
}

/**
 * The desk's fees of a procedure at receipt: a number field for each
 * parameter a fee is charged per (fee_params, e.g. the number of workers),
 * a box for each exemption a fee declares, ticked when the applicant
 * qualifies, with the reason (fee_exemptions: the line is then 0 with the
 * legal basis), and the demand receipt will make, previewed as they change
 * (the fees due at receipt; an amount still to be confirmed is not
 * demanded). Returns null when the procedure has no fee, else { el,
 * fields, params(), exemptions(), fieldFor(apiField), check() }.
 */
export function feeTerms(procedure) {
  const fees = procedure.fees || [];
  if (fees.length === 0) return null;
  const pers = [...new Set(fees.map((f) => f.per).filter(Boolean))];
  const inputs = pers.map((per) => {
    const f = textField({
      name: `fee_params.${per}`, label: t(`desk.feeParam.${per}`) === `desk.feeParam.${per}` ? per : t(`desk.feeParam.${per}`),
      type: 'number', inputmode: 'numeric', value: '1', rowClass: 'form-row-short', hint: t('desk.feeParamHint'),
    });
    f.input.min = '1';
    f.input.max = '100000';
    f.per = per;
    return f;
  });
  // One box per fee that declares an exemption (its index is the API's `fee`).
  const exempts = fees.map((f, i) => [f, i]).filter(([f]) => f.exemption).map(([f, i]) => {
    const id = newId('exempt');
    const box = h('input', { type: 'checkbox', id, name: `fee_exemptions.${i}`, dataset: { fee: String(i) } });
    const reason = textField({ name: `fee_exemptions.${i}.reason`, label: t('desk.exemptReason'), hint: t('desk.exemptReasonHint'), maxlength: 1000, required: true });
    reason.row.hidden = true;
    box.addEventListener('change', () => { reason.row.hidden = !box.checked; });
    const row = h('div', { class: 'form-row checkbox-row desk-exempt' },
      h('label', { class: 'check', for: id }, box, ' ',
        t('desk.exempt', { name: localName(f), who: f.exemption.who, basis: f.exemption.basis })),
      reason.row);
    return { fee: i, box, reason, row };
  });
  const exemptOf = (i) => exempts.find((x) => x.fee === i && x.box.checked);
  const valueOf = (per) => {
    const f = inputs.find((x) => x.per === per);
    const n = f ? Number(f.input.value) : 1;
    return Number.isInteger(n) && n >= 1 && n <= 100000 ? n : null;
  };
  const body = h('tbody');
  const total = h('td', { class: 'num', id: 'desk-fee-total' });
  function preview() {
    let sum = 0;
    let ok = true;
    replace(body, fees.map((f, i) => [f, i]).filter(([f]) => (f.due || 'receipt') === 'receipt').map(([f, i]) => {
      const n = f.per ? valueOf(f.per) : 1;
      if (n === null) ok = false;
      const known = typeof f.amount === 'number';
      const exempt = exemptOf(i);
      const amount = known && n !== null ? (exempt ? 0 : f.amount * n) : null;
      if (amount !== null) sum += amount;
      return h('tr', { dataset: { fee: String(i) } },
        h('td', null, localName(f), f.per && n !== null && n > 1 ? ` (× ${n})` : '',
          exempt ? h('div', { class: 'hint fee-exempt' }, t('desk.exemptLine', { basis: f.exemption.basis })) : null),
        h('td', { class: 'num' }, amount !== null ? formatMoney(amount) : known ? '—' : t('desk.feeUnknown')));
    }));
    replace(total, ok ? formatMoney(sum) : '—');
  }
  for (const f of inputs) f.input.addEventListener('input', preview);
  for (const x of exempts) x.box.addEventListener('change', preview);
  preview();
  const el = h('div', { class: 'desk-fees', id: 'desk-fees' },
    h('h3', { class: 'h-small' }, t('desk.fees')),
    inputs.length ? h('div', { class: 'inline-fields' }, inputs.map((f) => f.row)) : null,
    exempts.map((x) => x.row),
    h('table', { class: 'table demand-lines', id: 'desk-fee-preview' },
      h('caption', null, t('desk.feesAtReceipt')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('pay.fee')), h('th', { scope: 'col', class: 'num' }, t('pay.amount')))),
      body,
      h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, t('pay.total')), total))));
  const ticked = () => exempts.filter((x) => x.box.checked);
  return {
    el,
    fields: inputs.concat(exempts.map((x) => x.reason)),
    /** {name: value} of the parameters, for fee_params. */
    params: () => Object.fromEntries(inputs.map((f) => [f.per, Number(f.input.value)])),
    /** [{fee, reason}] of the exemptions ticked, for fee_exemptions. */
    exemptions: () => ticked().map((x) => ({ fee: x.fee, reason: x.reason.input.value.trim() })),
    /** The field the API named (fee_params.<name>, fee_exemptions[k]...), or null. */
    fieldFor: (name) => {
      const m = /^fee_exemptions\[(\d+)\]/.exec(name || '');
      if (m) return (ticked()[Number(m[1])] || {}).reason || null;
      return inputs.find((f) => `fee_params.${f.per}` === name) || null;
    },
    /** [field, message] of what the browser can tell is wrong. */
    check: () => inputs.filter((f) => valueOf(f.per) === null).map((f) => [f, t('desk.feeParamInvalid')])
      .concat(ticked().filter((x) => !x.reason.input.value.trim()).map((x) => [x.reason, t('desk.exemptReasonMissing')])),
  };
}
