// #/tracking-book?unit=CODE&from=YYYY-MM-DD&to=YYYY-MM-DD — the receiving
// unit's tracking book (Form 07, issue 15): choose the unit and the period,
// then open the PDF (GET /api/v1/units/CODE/tracking-book.pdf) in a new
// tab. The officer's own unit is chosen first; the period defaults to this
// month so far.
import { h, replace, newId } from '../dom.js';
import { t, localName } from '../i18n.js';
import { get } from '../api.js';
import { currentUser } from '../session.js';
import { errorText } from '../dossiers.js';

/** Today and the first of this month in the agency's time (UTC+7), as YYYY-MM-DD. */
function thisMonth() {
  const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
  return { from: `${today.slice(0, 8)}01`, to: today };
}

export async function render(ctx) {
  const { main, params } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate('/login?next=%2Ftracking-book'); return; }
  ctx.setTitle(t('book.title'));
  let units = [];
  try {
    units = (await get('/api/v1/units')).items || [];
  } catch (err) {
    if (!ctx.isCurrent()) return;
    replace(main, h('h1', null, t('book.title')), h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    return;
  }
  if (!ctx.isCurrent()) return;
  const period = thisMonth();
  const ids = { unit: newId('book-unit'), from: newId('book-from'), to: newId('book-to') };
  const chosen = params.get('unit') || (user.unit && user.unit.code) || (units[0] && units[0].code) || '';
  const unitSel = h('select', { id: ids.unit, name: 'unit', class: 'input' },
    units.map((u) => h('option', { value: u.code, selected: u.code === chosen }, localName(u))));
  const from = h('input', { type: 'date', id: ids.from, name: 'from', class: 'input', value: params.get('from') || period.from });
  const to = h('input', { type: 'date', id: ids.to, name: 'to', class: 'input', value: params.get('to') || period.to });
  const link = h('a', { class: 'btn btn-primary', id: 'book-open', target: '_blank', rel: 'noopener' },
    t('book.open'), h('span', { class: 'visually-hidden' }, ` ${t('common.newTab')}`));
  const update = () => {
    const q = new URLSearchParams({ from: from.value, to: to.value });
    link.href = `/api/v1/units/${encodeURIComponent(unitSel.value)}/tracking-book.pdf?${q}`;
  };
  for (const el of [unitSel, from, to]) el.addEventListener('change', update);
  update();
  replace(main,
    h('div', { class: 'page-intro' },
      h('h1', null, t('book.title')),
      h('p', { class: 'lead' }, t('book.intro'))),
    h('form', { class: 'card', id: 'book-form', on: { submit: (e) => e.preventDefault() } },
      h('div', { class: 'form-row' }, h('label', { for: ids.unit, class: 'label' }, t('book.unit')), unitSel),
      h('div', { class: 'inline-fields' },
        h('div', { class: 'form-row' }, h('label', { for: ids.from, class: 'label' }, t('qreport.from')), from),
        h('div', { class: 'form-row' }, h('label', { for: ids.to, class: 'label' }, t('qreport.to')), to)),
      h('div', { class: 'button-row' }, link)));
}
