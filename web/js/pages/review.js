// The procedure review and its compliance cost (issue 14):
//   #/review[?year=Y]      the year's plan: its forms, and for the office the
//                          plan, the income per hour, the procedures to add,
//                          compiling; the report (PDF, XLSX) for the office
//                          and leaders
//   #/review/items/ID      one review form: the three criteria, the cost with
//                          each field shown as measured (from motcua's own
//                          history, read-only) or declared (the unit fills
//                          it), the proposals with their saving; submit,
//                          return, adopt or reject as the API allows (may).
import { h, replace, newId } from '../dom.js';
import { t, localName, formatNumber, formatMoney } from '../i18n.js';
import { api, get, post, idempotencyKeys, ApiError } from '../api.js';
import { currentUser } from '../session.js';
import { errorText } from '../dossiers.js';

const KINDS = ['drop_component', 'merge_component', 'shorten_limit', 'move_online', 'reuse_document', 'drop_step', 'other'];
const CRITERIA = ['necessity', 'reasonableness', 'legality'];
const VERDICTS = ['', 'meets', 'partly', 'fails'];

// The API's bounds (core/ccost.h) in the inputs' units.
const MAX_MINUTES = 60000, MAX_TIMES = 100, MAX_MONEY = 1000000000;

const has = (role) => (currentUser()?.roles || []).includes(role);
const minutes = (s) => formatNumber(Math.round((s / 60) * 100) / 100);
const times = (m) => formatNumber(m / 1000);
const alert = (text, kind = 'error') => h('p', { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
/** A table that scrolls on its own on a narrow screen. */
const table = (attrs, ...c) => h('div', { class: 'table-wrap' }, h('table', { class: 'table', ...attrs }, ...c));
const measured = () => h('span', { class: 'badge badge-measured' }, t('rv.measured'));

function field(label, input) {
  return h('div', { class: 'form-row' }, h('label', { for: input.id, class: 'label' }, label), input);
}

function input(name, value, attrs = {}) {
  return h('input', { id: newId(`rv-${name}`), name, class: 'input', value: value ?? '', ...attrs });
}

/** Shows err at the input whose API field it is (fields: the API's field
 * name → its input, or a function giving them as the form was sent), with
 * the input's bounds when a number is out of range; false when err names
 * no input of fields. */
function showAtField(fields, err) {
  const map = typeof fields === 'function' ? fields() : fields;
  const el = map && err instanceof ApiError && err.field ? map[err.field] : null;
  if (!el) return false;
  for (const old of document.querySelectorAll('.rv-field-error')) old.remove();
  for (const old of document.querySelectorAll('[aria-invalid="true"]')) old.removeAttribute('aria-invalid');
  const { max } = el.dataset;
  const v = Number(el.value);
  let bounds = '';
  if (err.code === 'FIELD_RANGE' && max !== undefined) {
    bounds = v >= 0 && v <= Number(max) && /times_milli$/.test(err.field) ? ` ${t('rv.actBound')}`
      : ` ${t('rv.bounds', { min: formatNumber(0), max: formatNumber(Number(max)) })}`;
  } else if (err.code === 'FIELD_TYPE') bounds = ` ${t('rv.wholeNumber')}`;
  const msg = h('p', { class: 'field-error rv-field-error', id: newId('rv-err') }, `${errorText(err)}${bounds}`);
  el.insertAdjacentElement('afterend', msg);
  el.setAttribute('aria-invalid', 'true');
  el.setAttribute('aria-describedby', msg.id);
  el.focus();
  return true;
}

/** Runs fn, then draws the page again (or shows the error at its input in
 * fields, else in box); the button (if given) is disabled meanwhile, so
 * that a double click sends one request (issue 14). */
async function act(ctx, box, fn, button, fields) {
  if (button) {
    if (button.disabled) return;
    button.disabled = true;
  }
  try {
    await fn();
    if (ctx.isCurrent()) ctx.navigate(ctx.path);
  } catch (err) {
    if (showAtField(fields, err)) replace(box);
    else replace(box, alert(errorText(err)));
  } finally {
    if (button) button.disabled = false;
  }
}

/** A form's submit handler running fn with act(), its submit button
 * disabled during the request. */
const onSubmit = (ctx, box, fn, fields) => (e) => {
  e.preventDefault();
  act(ctx, box, fn, e.currentTarget.querySelector('button[type="submit"]'), fields);
};

/** POSTs a body that creates something with an Idempotency-Key (one per
 * body until a reply came), so a press that slips through is a retry and
 * not a second creation. */
function creator() {
  const keyFor = idempotencyKeys();
  return async (path, body) => {
    const r = await post(path, body, { idempotencyKey: keyFor(body) });
    keyFor.done();
    return r;
  };
}

export async function render(ctx) {
  const user = currentUser();
  if (!user) { ctx.navigate('/login?next=%2Freview'); return; }
  if (ctx.match && ctx.match[1]) return renderForm(ctx, ctx.match[1]);
  return renderPlan(ctx);
}

// ---- the plan ----

async function renderPlan(ctx) {
  const { main, params } = ctx;
  ctx.setTitle(t('rv.title'));
  const box = h('div', { id: 'rv-messages', 'aria-live': 'polite' });
  let plans = [], incomes = [];
  try {
    [plans, incomes] = await Promise.all([get('/api/v1/review/plans').then((r) => r.plans),
      get('/api/v1/review/incomes').then((r) => r.incomes)]);
  } catch (err) {
    replace(main, h('h1', null, t('rv.title')), alert(errorText(err)));
    return;
  }
  if (!ctx.isCurrent()) return;
  const year = Number(params.get('year')) || (plans[0] && plans[0].year) || new Date().getFullYear() + 1;
  ctx.path = `/review?year=${year}`;
  let plan = null;
  if (plans.some((p) => p.year === year)) plan = await get(`/api/v1/review/plans/${year}`);
  if (!ctx.isCurrent()) return;
  const income = incomes.find((x) => x.year === year);
  const yearSel = h('select', { id: newId('rv-year'), class: 'input', on: { change: (e) => ctx.navigate(`/review?year=${e.target.value}`) } },
    plans.map((p) => h('option', { value: p.year, selected: p.year === year }, String(p.year))));
  replace(main,
    h('div', { class: 'page-intro' }, h('h1', null, t('rv.title')), h('p', { class: 'lead' }, t('rv.intro'))),
    box,
    plans.length ? h('form', { class: 'card', on: { submit: (e) => e.preventDefault() } }, field(t('rv.year'), yearSel)) : null,
    plan ? planTable(ctx, box, plan) : h('p', { id: 'rv-no-plan' }, t('rv.noPlan', { year })),
    h('p', { id: 'rv-income' }, income ? t('rv.incomeIs', { year, amount: formatMoney(income.per_hour) }) : t('rv.incomeMissing', { year })),
    plan && (has('office') || has('leader')) ? h('p', { class: 'button-row' },
      // The signed PDF is the report of what a leader adopted: none before.
      plan.forms.some((f) => f.adopted > 0)
        ? h('a', { class: 'btn btn-secondary', id: 'rv-report-pdf', href: `/api/v1/review/plans/${year}/report?format=pdf` }, t('rv.reportPdf'))
        : h('span', { id: 'rv-report-none' }, t('rv.reportNone')),
      h('a', { class: 'btn btn-secondary', id: 'rv-report-xlsx', href: `/api/v1/review/plans/${year}/report?format=xlsx` }, t('rv.reportXlsx'))) : null,
    has('office') ? officeTools(ctx, box, year, plan, income) : null);
}

function planTable(ctx, box, plan) {
  const office = has('office');
  const cols = ['procedure', 'unit', 'due', 'state', 'costYear', 'proposals', 'saving'].concat(office ? ['actions'] : []);
  return table({ id: 'rv-plan' },
    h('caption', null, t('rv.planCaption', { year: plan.year, from: plan.measure_from, to: plan.measure_to })),
    h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col' }, t(`rv.col.${k}`))))),
    h('tbody', null, plan.forms.map((f) => h('tr', { dataset: { id: f.id } },
      h('td', { 'data-label': t('rv.col.procedure') }, h('a', { href: `#/review/items/${f.id}` }, `${localName(f.procedure)} (${f.procedure.code})`)),
      h('td', { 'data-label': t('rv.col.unit') }, localName(f.unit)),
      h('td', { 'data-label': t('rv.col.due') }, f.due),
      h('td', { 'data-label': t('rv.col.state') }, h('span', { class: 'badge' }, t(`rv.state.${f.state}`))),
      h('td', { class: 'num', 'data-label': t('rv.col.costYear') }, f.cost_year === null ? '—' : formatMoney(f.cost_year)),
      h('td', { class: 'num', 'data-label': t('rv.col.proposals') }, `${f.adopted}/${f.proposal_count}`),
      h('td', { class: 'num', 'data-label': t('rv.col.saving') }, formatMoney(f.adopted_saving)),
      office ? h('td', { 'data-label': t('rv.col.actions') }, f.state === 'draft' ? itemTools(ctx, box, f) : null) : null))));
}

/** The office's correction of a plan's item not yet sent: its unit and due
 * date, or its removal after a confirmation. */
function itemTools(ctx, box, f) {
  const slot = h('div', { class: 'rv-item-slot' });
  const name = `${localName(f.procedure)} (${f.procedure.code})`;
  const edit = () => {
    const unit = input('unit', f.unit.code, { required: true });
    const due = input('due', f.due, { type: 'date', required: true });
    const fields = { unit, due };
    replace(slot, h('form', { class: 'rv-item-form', novalidate: true, on: { submit: onSubmit(ctx, box, () => api('PUT', `/api/v1/review/items/${f.id}/plan`, { unit: unit.value.trim(), due: due.value }), fields) } },
      field(t('rv.col.unit'), unit), field(t('rv.col.due'), due),
      h('div', { class: 'button-row' },
        h('button', { type: 'submit', class: 'btn btn-primary' }, t('rv.save')),
        h('button', { type: 'button', class: 'btn btn-secondary', on: { click: () => replace(slot) } }, t('common.cancel')))));
    unit.focus();
  };
  const drop = () => {
    const yes = h('button', { type: 'button', class: 'btn btn-primary rv-item-delete-yes', on: { click: (e) => act(ctx, box, () => api('DELETE', `/api/v1/review/items/${f.id}`), e.currentTarget) } }, t('rv.itemDeleteYes'));
    replace(slot, h('div', { class: 'rv-item-confirm', role: 'alertdialog', 'aria-label': t('rv.itemDeleteAsk', { name }) },
      h('p', null, t('rv.itemDeleteAsk', { name })),
      h('div', { class: 'button-row' }, yes, h('button', { type: 'button', class: 'btn btn-secondary', on: { click: () => replace(slot) } }, t('common.cancel')))));
    yes.focus();
  };
  return h('div', null,
    h('div', { class: 'button-row' },
      h('button', { type: 'button', class: 'btn btn-secondary rv-item-edit', 'aria-label': `${t('rv.itemEdit')}: ${name}`, on: { click: edit } }, t('rv.itemEdit')),
      h('button', { type: 'button', class: 'btn btn-secondary rv-item-delete', 'aria-label': `${t('rv.itemDelete')}: ${name}`, on: { click: drop } }, t('rv.itemDelete'))),
    slot);
}

function officeTools(ctx, box, year, plan, income) {
  const createPlan = creator(), addItem = creator();
  const perHour = input('per_hour', income ? income.per_hour : '', { type: 'number', min: 0, max: 1000000 });
  const incomeForm = h('form', { class: 'card', id: 'rv-income-form', on: { submit: onSubmit(ctx, box, () => api('PUT', `/api/v1/review/incomes/${year}`, { per_hour: Number(perHour.value) })) } },
    h('h2', null, t('rv.incomeTitle', { year })), field(t('rv.perHour'), perHour),
    h('div', { class: 'button-row' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('rv.save'))));
  if (!plan) {
    const from = input('measure_from', `${year - 1}-01-01`, { type: 'date' });
    const to = input('measure_to', `${year - 1}-12-31`, { type: 'date' });
    const y = input('year', year, { type: 'number', min: 2000, max: 2100 });
    return h('div', null, h('form', { class: 'card', id: 'rv-plan-form', on: { submit: onSubmit(ctx, box, async () => { await createPlan('/api/v1/review/plans', { year: Number(y.value), measure_from: from.value, measure_to: to.value }); ctx.path = `/review?year=${y.value}`; }) } },
      h('h2', null, t('rv.newPlan')), field(t('rv.year'), y),
      h('div', { class: 'inline-fields' }, field(t('rv.measureFrom'), from), field(t('rv.measureTo'), to)),
      h('div', { class: 'button-row' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('rv.createPlan')))), incomeForm);
  }
  const code = input('procedure', '', { required: true });
  const unit = input('unit', '');
  const due = input('due', `${year}-06-30`, { type: 'date', required: true });
  return h('div', null,
    h('form', { class: 'card', id: 'rv-add-form', on: { submit: onSubmit(ctx, box, () => addItem(`/api/v1/review/plans/${year}/items`, { procedure: code.value.trim(), due: due.value, ...(unit.value.trim() ? { unit: unit.value.trim() } : {}) })) } },
      h('h2', null, t('rv.addProcedure')), field(t('rv.procedureCode'), code), field(t('rv.unitCode'), unit), field(t('rv.due'), due),
      h('div', { class: 'button-row' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('rv.add')))),
    incomeForm,
    h('div', { class: 'card' }, h('h2', null, t('rv.compileTitle')), h('p', null, t('rv.compileText')),
      h('button', { type: 'button', class: 'btn btn-primary', id: 'rv-compile', on: { click: (e) => act(ctx, box, () => post(`/api/v1/review/plans/${year}/compile`), e.currentTarget) } }, t('rv.compile'))));
}

// ---- one form ----

async function renderForm(ctx, id) {
  const { main } = ctx;
  ctx.path = `/review/items/${id}`;
  let f;
  try {
    f = await get(`/api/v1/review/items/${encodeURIComponent(id)}`);
  } catch (err) {
    replace(main, h('h1', null, t('rv.formTitle')), alert(errorText(err)));
    return;
  }
  if (!ctx.isCurrent()) return;
  ctx.setTitle(`${t('rv.formTitle')} ${f.procedure.code}`);
  const box = h('div', { id: 'rv-messages', 'aria-live': 'polite' });
  const edit = f.may.edit;
  const crit = CRITERIA.map((k) => {
    const sel = h('select', { id: newId(`rv-${k}`), name: `${k}-verdict`, class: 'input', disabled: !edit },
      VERDICTS.map((v) => h('option', { value: v, selected: f.criteria[k].verdict === v }, t(`rv.verdict.${v || 'none'}`))));
    const note = h('textarea', { id: newId(`rv-${k}-note`), name: `${k}-note`, class: 'input', rows: 2, disabled: !edit }, f.criteria[k].note);
    return { k, sel, note };
  });
  const rows = f.cost.activities.map((a) => costRow(a, edit));
  const fees = input('fees', f.cost.fees, { type: 'number', min: 0, disabled: !edit, dataset: { max: MAX_MONEY } });
  const other = input('other_costs', f.cost.other_costs, { type: 'number', min: 0, disabled: !edit, dataset: { max: MAX_MONEY } });
  // The API's field names → the inputs, for its errors.
  const sent = rows.filter((r) => r.declared);
  const fields = Object.fromEntries(crit.map((c) => [`${c.k}.verdict`, c.sel]).concat(crit.map((c) => [`${c.k}.note`, c.note]),
    sent.flatMap((r, i) => [[`activities[${i}].seconds`, r.mins || r.tm], [`activities[${i}].times_milli`, r.tm || r.mins]]),
    [['fees', fees], ['other_costs', other]]));
  const save = () => api('PUT', `/api/v1/review/items/${f.id}`, {
    ...Object.fromEntries(crit.map((c) => [c.k, { verdict: c.sel.value, note: c.note.value }])),
    activities: sent.map((r) => r.value()),
    fees: Number(fees.value), other_costs: Number(other.value),
  });
  const pform = edit ? proposalForm(ctx, box, f) : null;
  replace(main,
    h('div', { class: 'page-intro' },
      h('p', null, h('a', { href: `#/review?year=${f.year}` }, t('rv.backToPlan', { year: f.year }))),
      h('h1', null, `${localName(f.procedure)} (${f.procedure.code})`),
      h('p', { class: 'lead' }, t('rv.formLead', { unit: localName(f.unit), due: f.due }), ' ',
        h('span', { class: 'badge', id: 'rv-state' }, t(`rv.state.${f.state}`)))),
    box,
    // The Office's note is a reason to correct: shown while returned only.
    f.office_note && f.state === 'draft' ? alert(t('rv.officeNote', { note: f.office_note }), 'info') : null,
    measureCard(f),
    h('form', { class: 'card', id: 'rv-form', novalidate: true, on: { submit: onSubmit(ctx, box, save, fields) } },
      h('h2', null, t('rv.criteria')),
      crit.map((c) => h('fieldset', { class: 'fieldset' }, h('legend', null, t(`rv.crit.${c.k}`)),
        field(t('rv.verdict'), c.sel), field(t('rv.note'), c.note))),
      h('h2', null, t('rv.cost')),
      costTable(f.cost, rows),
      h('div', { class: 'inline-fields' }, field(t('rv.fees'), fees), field(t('rv.other'), other)),
      costTotals(f.cost, 'rv-cost'),
      edit ? h('div', { class: 'button-row' },
        h('button', { type: 'submit', class: 'btn btn-primary', id: 'rv-save' }, t('rv.save')),
        h('button', { type: 'button', class: 'btn btn-secondary', id: 'rv-submit', on: { click: (e) => act(ctx, box, async () => { await save(); await post(`/api/v1/review/items/${f.id}/submit`); }, e.currentTarget, fields) } }, t('rv.submit'))) : null),
    proposalsCard(ctx, box, f, pform),
    pform ? pform.form : null,
    f.may.office ? returnForm(ctx, box, f) : null,
    versionsCard(f));
}

function measureCard(f) {
  const m = f.measure;
  const dd = (k, v) => h('div', null, h('dt', null, t(`rv.m.${k}`)), h('dd', { dataset: { m: k } }, v));
  return h('section', { class: 'card', id: 'rv-measure' },
    h('h2', null, t('rv.measureTitle'), ' ', measured()),
    h('p', null, t(m.frozen ? 'rv.frozen' : 'rv.live', { from: m.from, to: m.to })),
    h('dl', { class: 'user-facts' },
      dd('dossiers', formatNumber(m.dossiers)), dd('visits', formatNumber(m.visits)),
      dd('wait', m.wait_seconds === null ? t('rv.noData') : t('rv.minutes', { n: minutes(m.wait_seconds) })),
      dd('counter', m.counter_seconds === null ? t('rv.noData') : t('rv.minutes', { n: minutes(m.counter_seconds) })),
      dd('returns', formatNumber(m.desk_returns)), dd('supplements', formatNumber(m.supplements)),
      dd('result', m.result_hours === null ? t('rv.noData') : t('rv.hours', { n: formatNumber(m.result_hours) }))));
}

/** One activity's row: its inputs where declared (and editable), else its measured value. */
function costRow(a, edit) {
  const mins = input(`${a.activity}-minutes`, Math.round((a.seconds / 60) * 100) / 100, { type: 'number', min: 0, step: 'any', disabled: !edit, dataset: { max: MAX_MINUTES }, 'aria-label': `${localName(a)}: ${t('rv.minutesPer')}` });
  const tm = input(`${a.activity}-times`, a.times_milli / 1000, { type: 'number', min: 0, step: 'any', disabled: !edit, dataset: { max: MAX_TIMES }, 'aria-label': `${localName(a)}: ${t('rv.timesPer')}` });
  const row = h('tr', { dataset: { activity: a.activity } },
    h('th', { scope: 'row', 'data-label': t('rv.activity') }, localName(a)),
    h('td', { class: 'num', 'data-label': t('rv.minutesPer') }, a.seconds_measured ? [t('rv.minutes', { n: minutes(a.seconds) }), ' ', measured()] : mins),
    h('td', { class: 'num', 'data-label': t('rv.timesPer') }, a.times_measured ? [times(a.times_milli), ' ', measured()] : tm),
    h('td', { class: 'num', 'data-label': t('rv.hoursPer') }, t('rv.hours', { n: formatNumber(Math.round((a.seconds * a.times_milli) / 36000) / 100) })));
  return {
    row,
    mins: a.seconds_measured ? null : mins,
    tm: a.times_measured ? null : tm,
    declared: !(a.seconds_measured && a.times_measured),
    value: () => ({ activity: a.activity,
      seconds: a.seconds_measured ? a.seconds : Math.round(Number(mins.value) * 60),
      times_milli: a.times_measured ? a.times_milli : Math.round(Number(tm.value) * 1000) }),
  };
}

function costTable(cost, rows) {
  return table({ id: 'rv-activities' },
    h('caption', null, t('rv.activitiesCaption', { income: formatMoney(cost.income_per_hour) })),
    h('thead', null, h('tr', null, ['activity', 'minutesPer', 'timesPer', 'hoursPer'].map((k) => h('th', { scope: 'col' }, t(`rv.${k}`))))),
    h('tbody', null, rows.map((r) => r.row)));
}

function costTotals(cost, id) {
  const dd = (k, v) => h('div', null, h('dt', null, t(`rv.total.${k}`)), h('dd', { dataset: { total: k } }, v));
  return [h('dl', { class: 'user-facts', id },
    dd('dossiers', [formatNumber(cost.dossiers_per_year), ' ', cost.dossiers_measured ? measured() : null]),
    dd('once', formatMoney(cost.cost_once)), dd('year', formatMoney(cost.cost_year))),
  cost.complete ? null : alert(t('rv.incomeMissingShort'), 'warning')];
}

/** The proposals; the unit edits (in pform) or deletes them while the form is
 * a draft, a leader adopts or rejects them once compiled. */
function proposalsCard(ctx, box, f, pform) {
  if (!f.proposals.length) return h('section', { class: 'card' }, h('h2', null, t('rv.proposals')), h('p', null, t('rv.noProposals')));
  const decide = (p, adopt, e) => act(ctx, box, () => post(`/api/v1/review/proposals/${p.id}/decision`, { adopt }), e.currentTarget);
  const remove = (p, e) => {
    if (!window.confirm(t('rv.deleteConfirm', { text: p.text }))) return;
    act(ctx, box, () => api('DELETE', `/api/v1/review/proposals/${p.id}`), e.currentTarget);
  };
  const tools = (p) => {
    // An enacted proposal is settled: the API refuses a decision (409).
    if (f.may.decide) {
      if (p.enacted_version) return null;
      return h('div', { class: 'button-row' },
        h('button', { type: 'button', class: 'btn btn-primary', on: { click: (e) => decide(p, true, e) } }, t('rv.adopt')),
        h('button', { type: 'button', class: 'btn btn-secondary', on: { click: (e) => decide(p, false, e) } }, t('rv.reject')));
    }
    if (!pform) return null;
    return h('div', { class: 'button-row' },
      h('button', { type: 'button', class: 'btn btn-secondary rv-edit', on: { click: () => pform.load(p) } }, t('rv.edit')),
      h('button', { type: 'button', class: 'btn btn-secondary rv-delete', on: { click: (e) => remove(p, e) } }, t('rv.delete')));
  };
  return h('section', { class: 'card' }, h('h2', null, t('rv.proposals')),
    table({ id: 'rv-proposals' },
      h('thead', null, h('tr', null, ['kind', 'text', 'after', 'saving', 'percent', 'state', pform ? 'actions' : 'decision'].map((k) => h('th', { scope: 'col' }, t(`rv.p.${k}`))))),
      h('tbody', null, f.proposals.map((p) => h('tr', { dataset: { id: p.id } },
        h('td', { 'data-label': t('rv.p.kind') }, t(`rv.kind.${p.kind}`)), h('td', { 'data-label': t('rv.p.text') }, p.text),
        h('td', { class: 'num', 'data-label': t('rv.p.after') }, formatMoney(p.after.cost_year)),
        // A "simplification" that costs more says so, as an increase.
        h('td', { class: `num${p.raises_cost ? ' rv-raises' : ''}`, 'data-label': t('rv.p.saving'), dataset: { saving: p.saving } }, p.raises_cost
          ? [h('span', { class: 'badge badge-raises' }, t('rv.raisesCost')), ' ', t('rv.increase', { amount: formatMoney(-p.saving) })]
          : formatMoney(p.saving)),
        h('td', { class: 'num', 'data-label': t('rv.p.percent') }, p.saving_percent === null ? '—'
          : p.raises_cost ? t('rv.increasePercent', { n: formatNumber(-p.saving_percent) }) : `${formatNumber(p.saving_percent)} %`),
        h('td', { 'data-label': t('rv.p.state') }, t(`rv.pstate.${p.state}`), p.enacted_version ? ` — ${t('rv.enactedIn', { v: p.enacted_version })}` : ''),
        h('td', { 'data-label': t(pform ? 'rv.p.actions' : 'rv.p.decision') }, tools(p)))))));
}

/** The form that adds a proposal or, after load(p), changes proposal p
 * (what the form does not show, fees and dossiers a year, is kept). */
function proposalForm(ctx, box, f) {
  const propose = creator();
  const kind = h('select', { id: newId('rv-kind'), name: 'kind', class: 'input' }, KINDS.map((k) => h('option', { value: k }, t(`rv.kind.${k}`))));
  const text = h('textarea', { id: newId('rv-text'), name: 'text', class: 'input', rows: 2, required: true });
  const changes = f.cost.activities.map((a) => ({
    a,
    mins: input(`p-${a.activity}-minutes`, '', { type: 'number', min: 0, step: 'any', dataset: { max: MAX_MINUTES }, 'aria-label': `${localName(a)}: ${t('rv.minutesPer')}` }),
    tm: input(`p-${a.activity}-times`, '', { type: 'number', min: 0, step: 'any', dataset: { max: MAX_TIMES }, 'aria-label': `${localName(a)}: ${t('rv.timesPer')}` }),
  }));
  const other = input('p-other', '', { type: 'number', min: 0, dataset: { max: MAX_MONEY } });
  let editing = null;
  const sent = () => changes.filter((c) => c.mins.value !== '' || c.tm.value !== '');
  // The API's field names → the inputs, for its errors (the i-th activity
  // sent is the i-th row filled in).
  const fields = () => Object.fromEntries([['kind', kind], ['text', text], ['other_costs', other]].concat(sent().flatMap((c, i) => [
    [`activities[${i}].seconds`, c.mins.value !== '' ? c.mins : c.tm], [`activities[${i}].times_milli`, c.tm.value !== '' ? c.tm : c.mins]])));
  const body = () => ({
    kind: kind.value, text: text.value,
    activities: sent().map((c) => ({
      activity: c.a.activity,
      ...(c.mins.value !== '' ? { seconds: Math.round(Number(c.mins.value) * 60) } : {}),
      ...(c.tm.value !== '' ? { times_milli: Math.round(Number(c.tm.value) * 1000) } : {}) })),
    ...(other.value !== '' ? { other_costs: Number(other.value) } : {}),
    ...(editing ? { fees: editing.changes.fees, dossiers_per_year: editing.changes.dossiers_per_year } : {}),
  });
  const title = h('h2', null, t('rv.newProposal'));
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'rv-propose' }, t('rv.propose'));
  const cancel = h('button', { type: 'button', class: 'btn btn-secondary', id: 'rv-edit-cancel', hidden: true, on: { click: () => load(null) } }, t('rv.cancelEdit'));
  const save = () => (editing
    ? api('PUT', `/api/v1/review/proposals/${editing.id}`, body())
    : propose(`/api/v1/review/items/${f.id}/proposals`, body()));
  const form = h('form', { class: 'card', id: 'rv-proposal-form', novalidate: true, on: { submit: onSubmit(ctx, box, save, fields) } },
    title, h('p', null, t('rv.newProposalText')),
    field(t('rv.p.kind'), kind), field(t('rv.p.text'), text),
    table({}, h('thead', null, h('tr', null, ['activity', 'minutesPer', 'timesPer'].map((k) => h('th', { scope: 'col' }, t(`rv.${k}`))))),
      h('tbody', null, changes.map((c) => h('tr', null, h('th', { scope: 'row', 'data-label': t('rv.activity') }, localName(c.a)), h('td', { 'data-label': t('rv.minutesPer') }, c.mins), h('td', { 'data-label': t('rv.timesPer') }, c.tm))))),
    field(t('rv.other'), other),
    h('div', { class: 'button-row' }, submit, cancel));
  const num = (v, k) => (v === null || v === undefined ? '' : String(v / k));
  function load(p) {
    editing = p;
    kind.value = p ? p.kind : KINDS[0];
    text.value = p ? p.text : '';
    for (const c of changes) {
      const x = p && p.changes.activities.find((y) => y.activity === c.a.activity);
      c.mins.value = x ? num(x.seconds, 60) : '';
      c.tm.value = x ? num(x.times_milli, 1000) : '';
    }
    other.value = p ? num(p.changes.other_costs, 1) : '';
    title.textContent = p ? t('rv.editProposal') : t('rv.newProposal');
    submit.textContent = p ? t('rv.saveProposal') : t('rv.propose');
    cancel.hidden = !p;
    form.dataset.editing = p ? String(p.id) : '';
    if (p) {
      form.scrollIntoView({ block: 'start' });
      kind.focus();
    }
  }
  return { form, load };
}

function returnForm(ctx, box, f) {
  const note = h('textarea', { id: newId('rv-return-note'), name: 'note', class: 'input', rows: 2, required: true });
  return h('form', { class: 'card', id: 'rv-return-form', on: { submit: onSubmit(ctx, box, () => post(`/api/v1/review/items/${f.id}/return`, { note: note.value })) } },
    h('h2', null, t('rv.returnTitle')), field(t('rv.note'), note),
    h('div', { class: 'button-row' }, h('button', { type: 'submit', class: 'btn btn-secondary', id: 'rv-return' }, t('rv.return'))));
}

function versionsCard(f) {
  return h('section', { class: 'card', id: 'rv-versions' }, h('h2', null, t('rv.versions')),
    f.versions.length ? table({},
      h('thead', null, h('tr', null, ['version', 'dossiers', 'costYear'].map((k) => h('th', { scope: 'col' }, t(`rv.v.${k}`))))),
      h('tbody', null, f.versions.map((v) => h('tr', null, h('td', { 'data-label': t('rv.v.version') }, String(v.version)), h('td', { class: 'num', 'data-label': t('rv.v.dossiers') }, formatNumber(v.dossiers)), h('td', { class: 'num', 'data-label': t('rv.v.costYear') }, formatMoney(v.cost.cost_year))))))
      : h('p', null, t('rv.noData')),
    f.enacted.length ? h('ul', null, f.enacted.map((e) => h('li', null, t('rv.enacted', { year: e.year, v: e.version, text: e.text })))) : null);
}
