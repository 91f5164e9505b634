// What the dossier pages share (desk, inbox, dossier, approvals, online
// submission, my dossiers, tracking): state and action labels, times as the
// API gives them ("2026-03-02T08:30:00+07:00", shown in the agency's time
// whatever the browser's zone), links to the printable forms, the applicant
// fields and the component checklist, and error messages from the API.
import { h, newId } from './dom.js';
import { t, formatDate, localName, nameLang, getLang } from './i18n.js';
import { ApiError, get, serverNow } from './api.js';
import { copyTypeLabel } from './format.js';
import { textField, clearFieldError } from './forms.js';

// The states and the actions are the server's action table (GET
// /api/v1/workflow, generated from src/core/workflow.c), read once at start
// by loadWorkflow(): no list of them is kept here.
export const STATES = [];
const END_STATES = [];
const ACTIONS = [];
// Events no one takes as an action: an officer's reading, the worker's
// marks and the explicit recomputation of due times after a calendar change.
const OTHER_EVENTS = ['viewed', 'due_soon', 'overdue', 'due_recomputed', 'file_downloaded', 'component_uploaded',
  'component_digitized', 'component_exempted', 'component_reused', 'result_drafted', 'result_signed',
  'payment_demanded', 'payment_paid', 'payment_failed', 'payment_refunded', 'payment_cancelled',
  'fee_exempted'];
const EVENTS = [];
let workflow = null;

/** Reads the states and actions from the server (once; again after a failure). */
export async function loadWorkflow() {
  if (workflow) return workflow;
  try {
    workflow = await get('/api/v1/workflow');
  } catch {
    return null;
  }
  STATES.splice(0, STATES.length, ...workflow.states.map((s) => s.name));
  END_STATES.splice(0, END_STATES.length, ...workflow.states.filter((s) => s.end).map((s) => s.name));
  ACTIONS.splice(0, ACTIONS.length, ...workflow.actions.map((a) => a.name), 'viewed');
  EVENTS.splice(0, EVENTS.length, ...ACTIONS, ...OTHER_EVENTS.filter((e) => !ACTIONS.includes(e)));
  return workflow;
}

/** The row of the action table for an action (its attributes), or null. */
export function actionRow(name) {
  return (workflow && workflow.actions.find((a) => a.name === name)) || null;
}

export function stateLabel(state) {
  return STATES.includes(state) ? t(`dstate.${state}`) : (state || '');
}

/** A coloured state badge; the text always says the state (colour is never the only cue). */
export function stateBadge(state, extraClass = '') {
  const known = STATES.includes(state) ? state : 'unknown';
  return h('span', { class: `badge dstate dstate-${known}${extraClass ? ` ${extraClass}` : ''}`, dataset: { state: state || '' } },
    stateLabel(state));
}

export function isEnded(state) { return END_STATES.includes(state); }

/** What an event of the history is called ("Chuyển xử lý"). */
export function eventLabel(action) {
  return EVENTS.includes(action) ? t(`event.${action}`) : action;
}

/** The button text of an action the user can take ("Chuyển bước tiếp theo"). */
export function actionLabel(action) {
  return ACTIONS.includes(action) ? t(`action.${action}`) : action;
}

/** "2026-03-02T08:30:00+07:00" -> {date: '2026-03-02', time: '08:30'} or null. */
function parts(iso) {
  const m = typeof iso === 'string' && iso.match(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/);
  return m ? { date: m[1], time: m[2] } : null;
}

/** "08:30, 02/03/2026" / "2 Mar 2026, 08:30" in the agency's time. */
export function formatDateTime(iso) {
  const p = parts(iso);
  if (!p) return iso ? String(iso) : '';
  return t('dt.at', { date: formatDate(p.date), time: p.time });
}

/** A <time> element for an API time, or the "not yet" dash. */
export function timeEl(iso, empty = null) {
  if (!iso) return empty !== null ? empty : h('span', { class: 'muted' }, t('common.dash'));
  return h('time', { datetime: iso }, formatDateTime(iso));
}

export function dateOnly(iso) {
  const p = parts(iso);
  return p ? formatDate(p.date) : '';
}

/** True once the given time has passed, by the server's clock. */
export function isPast(iso) {
  const ms = Date.parse(iso || '');
  return Number.isFinite(ms) && ms < serverNow();
}

/** The due time of a dossier with "overdue" said in words when it has passed. */
export function dueEl(iso, { ended = false, paused = false } = {}) {
  if (!iso) return h('span', { class: 'muted' }, t('common.dash'));
  const late = !ended && !paused && isPast(iso);
  return h('span', { class: late ? 'due due-late' : 'due' },
    timeEl(iso),
    late ? h('span', { class: 'badge badge-late' }, t('dossier.overdue')) : null,
    paused ? h('span', { class: 'badge badge-paused' }, t('dossier.paused')) : null);
}

export function channelLabel(c) {
  return ['direct', 'online', 'post'].includes(c) ? t(`channel.${c}`) : (c || '');
}

export function procedureName(p) {
  return h('span', { lang: nameLang(p) }, localName(p));
}

/** The address of a printed form (PDF) of a dossier. */
export function formHref(code, nn) {
  return `/api/v1/dossiers/${encodeURIComponent(code)}/forms/${nn}`;
}

export const FORMS = ['01', '02', '03', '04', '05', '06'];

/**
 * The name of a form as the page shows it: the official title from the
 * server's one registry of forms (the title the PDF prints, in sentence
 * case; in English on the English page), and its number.
 */
export function formName(nn) {
  const f = workflow && (workflow.forms || []).find((x) => x.key === nn);
  const no = t('form.number', { nn });
  if (!f) return no;
  if (getLang() === 'en') return `${f.title.en} (${no})`;
  const lower = f.title.vi.toLocaleLowerCase('vi');
  return `${lower.charAt(0).toLocaleUpperCase('vi')}${lower.slice(1)} (${no})`;
}

/** A link to a form that opens in a new tab, and says so. */
export function formLink(code, nn, cls = 'btn btn-secondary') {
  return h('a', {
    class: `${cls} form-link`, href: formHref(code, nn), target: '_blank', rel: 'noopener', dataset: { form: nn },
  }, t('form.print', { name: formName(nn) }), h('span', { class: 'visually-hidden' }, ` ${t('common.newTab')}`));
}

/** The message to show for a failed API call: the server's own (in the page's language) or a general one. */
export function errorText(err, fallbackKey = 'error.unexpected') {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('error.network');
    if (err.serverMessage) return err.serverMessage;
  }
  return t(fallbackKey);
}

/** The tracking address of a dossier on this site. */
export function trackHref(code) {
  return `#/track/${encodeURIComponent(code)}`;
}

export function dossierHref(code) {
  return `#/dossiers/${encodeURIComponent(code)}`;
}

/* ---- the applicant (submitter, owner) ---- */

/**
 * The fields of a party (person by ID number, organisation by tax code).
 * Returns {el, fields, kind(), value(), check() -> [field, message][]}.
 */
export function partyFields(prefix, legend, initial = {}, { hideLegend = false } = {}) {
  const kindName = newId(`${prefix}-kind`);
  let kind = initial.kind === 'organisation' ? 'organisation' : 'person';
  const radios = ['person', 'organisation'].map((k) => {
    const id = newId(`${prefix}-kind-${k}`);
    const r = h('input', { type: 'radio', name: kindName, id, value: k, checked: k === kind, dataset: { kind: k } });
    return { k, r, label: h('label', { class: 'radio', for: id }, r, ' ', t(`party.kind.${k}`)) };
  });
  const f = {
    name: textField({ name: `${prefix}-name`, label: t('party.name.person'), required: true, maxlength: 200, autocomplete: prefix === 'me' ? 'name' : 'off', value: initial.name }),
    id_number: textField({ name: `${prefix}-id`, label: t('party.idNumber'), hint: t('party.idNumberHint'), required: true, inputmode: 'numeric', maxlength: 12, value: initial.id_number }),
    tax_code: textField({ name: `${prefix}-tax`, label: t('party.taxCode'), hint: t('party.taxCodeHint'), required: true, maxlength: 14, value: initial.tax_code }),
    address: textField({ name: `${prefix}-address`, label: t('party.address'), maxlength: 500, autocomplete: prefix === 'me' ? 'street-address' : 'off', value: initial.address }),
    phone: textField({ name: `${prefix}-phone`, label: t('party.phone'), type: 'tel', maxlength: 20, autocomplete: prefix === 'me' ? 'tel' : 'off', value: initial.phone }),
    email: textField({ name: `${prefix}-email`, label: t('party.email'), type: 'email', maxlength: 200, autocomplete: prefix === 'me' ? 'email' : 'off', value: initial.email }),
  };
  const nameLabel = f.name.row.querySelector('label');
  function sync() {
    f.id_number.row.hidden = kind !== 'person';
    f.tax_code.row.hidden = kind !== 'organisation';
    nameLabel.firstChild.textContent = t(`party.name.${kind}`);
  }
  for (const { k, r } of radios) r.addEventListener('change', () => { if (r.checked) { kind = k; sync(); } });
  sync();
  const el = h('fieldset', { class: 'fieldset party', dataset: { party: prefix } },
    h('legend', { class: hideLegend ? 'visually-hidden' : 'label' }, legend),
    h('div', { class: 'form-row' },
      h('div', { class: 'radios', role: 'radiogroup', 'aria-label': t('party.kind') }, radios.map((x) => x.label))),
    h('div', { class: 'party-grid' }, f.name.row, f.id_number.row, f.tax_code.row, f.address.row, f.phone.row, f.email.row));
  return {
    el,
    fields: f,
    kind: () => kind,
    value() {
      const v = { kind, name: f.name.input.value.trim() };
      if (kind === 'person') v.id_number = f.id_number.input.value.trim();
      else v.tax_code = f.tax_code.input.value.trim();
      for (const k of ['address', 'phone', 'email']) {
        const s = f[k].input.value.trim();
        if (s) v[k] = s;
      }
      return v;
    },
    check() {
      const bad = [];
      for (const x of Object.values(f)) clearFieldError(x);
      if (!f.name.input.value.trim()) bad.push([f.name, t('party.nameMissing')]);
      if (kind === 'person' && !/^\d{12}$/.test(f.id_number.input.value.trim())) bad.push([f.id_number, t('party.idNumberInvalid')]);
      if (kind === 'organisation' && !/^\d{10}(-\d{3})?$/.test(f.tax_code.input.value.trim())) bad.push([f.tax_code, t('party.taxCodeInvalid')]);
      const mail = f.email.input.value.trim();
      if (mail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mail)) bad.push([f.email, t('party.emailInvalid')]);
      return bad;
    },
    /** The field named by an API error ("applicant.id_number"), or null. */
    fieldFor(name) {
      const k = { name: 'name', id_number: 'id_number', tax_code: 'tax_code', address: 'address', phone: 'phone', email: 'email' }[name];
      return k ? f[k] : null;
    },
  };
}

/** A table cell whose content is one block, so that the phone layout (label, value) stays two columns. */
function cell(tag, attrs, ...children) {
  return h(tag, attrs, h('div', { class: 'cell' }, children));
}

/* ---- the component checklist ---- */

/**
 * A table of the procedure's components, each with a choice of status.
 * statuses: e.g. ['paper', 'uploaded', 'missing'] (+ 'not_applicable' for
 * conditional components). initial(c) gives a component's first status or ''.
 * Returns {el, value() -> [{doc_type, status}], check() -> [index, message][], markError(i, msg), clear()}.
 */
export function componentChecklist(components, statuses, initial = () => '') {
  const rows = components.map((c, i) => {
    const name = newId('comp');
    const headId = newId('comp-name');
    const errId = newId('comp-err');
    const choices = [...statuses, ...(c.mandatory ? [] : ['not_applicable'])];
    const first = initial(c);
    const radios = choices.map((s) => {
      const id = newId(`comp-${s}`);
      const r = h('input', { type: 'radio', name, id, value: s, checked: s === first, dataset: { status: s } });
      return h('label', { class: `radio comp-choice comp-choice-${s}`, for: id }, r, ' ', t(`comp.status.${s}`));
    });
    const error = h('p', { class: 'field-error', id: errId, hidden: true });
    const group = h('div', {
      class: 'radios comp-radios', role: 'radiogroup', 'aria-labelledby': headId, 'aria-describedby': errId,
    }, radios);
    const tr = h('tr', { class: 'comp-row', dataset: { index: String(i), docType: c.doc_type || '' } },
      cell('td', { class: 'num', 'data-label': t('comp.no') }, String(i + 1)),
      cell('th', { scope: 'row', 'data-label': t('comp.name') },
        h('span', { id: headId, class: 'comp-name', lang: nameLang(c) }, localName(c)),
        h('span', { class: 'comp-meta' },
          [copyTypeLabel(c.copy_type), t('comp.copies', { n: c.copies ?? 1 })].filter(Boolean).join(' · '), ' ',
          c.mandatory ? h('span', { class: 'badge badge-mandatory' }, t('procedure.mandatoryYes'))
            : h('span', { class: 'badge badge-conditional' }, t('procedure.mandatoryNo')))),
      cell('td', { 'data-label': t('comp.status') }, error, group));
    group.addEventListener('change', () => { error.hidden = true; error.textContent = ''; tr.classList.remove('has-error'); });
    return { c, tr, group, error };
  });
  const el = h('div', { class: 'table-wrap' },
    h('table', { class: 'table table-checklist', id: 'checklist' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', class: 'num' }, t('comp.no')),
        h('th', { scope: 'col' }, t('comp.name')),
        h('th', { scope: 'col' }, t('comp.status')))),
      h('tbody', null, rows.map((r) => r.tr))));
  const statusOf = (r) => {
    const x = r.group.querySelector('input:checked');
    return x ? x.value : '';
  };
  const api = {
    el,
    rows,
    value: () => rows.map((r) => ({ doc_type: r.c.doc_type, status: statusOf(r) })),
    missing: () => rows.map((r, i) => (statusOf(r) === 'missing' ? i : -1)).filter((i) => i >= 0),
    /** Sets every unanswered component: mandatory ones to status, the others to not applicable. */
    fill(status) {
      for (const r of rows) {
        if (statusOf(r)) continue;
        const want = r.c.mandatory ? status : 'not_applicable';
        const x = r.group.querySelector(`input[value="${want}"]`);
        if (x) x.checked = true;
      }
      api.clear();
    },
    clear() {
      for (const r of rows) { r.error.hidden = true; r.error.textContent = ''; r.tr.classList.remove('has-error'); }
    },
    markError(i, msg) {
      const r = rows[i];
      if (!r) return null;
      r.error.textContent = msg;
      r.error.hidden = false;
      r.tr.classList.add('has-error');
      return r.group.querySelector('input');
    },
    /** Components without an answer. */
    unanswered: () => rows.map((r, i) => (statusOf(r) ? -1 : i)).filter((i) => i >= 0),
  };
  return api;
}

/** "components[3]" or "components[3].doc_type" -> 3; otherwise -1. */
export function componentIndex(field) {
  const m = typeof field === 'string' && field.match(/^components\[(\d+)\]/);
  return m ? Number(m[1]) : -1;
}

/** A summary list (dl) row; empty values show a dash. */
export function factRow(label, value) {
  const empty = value === null || value === undefined || value === '';
  return h('div', { class: 'summary-row' }, h('dt', null, label), h('dd', null, empty ? h('span', { class: 'muted' }, t('common.dash')) : value));
}
