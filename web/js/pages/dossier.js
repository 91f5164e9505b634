// #/dossiers/CODE — one dossier for an officer (or the citizen who owns it):
// state and due times, the applicant, the current step of the internal
// process and its due time, the actions the viewer may take now (each with
// the fields it needs: a reason, an officer, a proposed due time, a result
// code), the printable forms (PDF, new tab), the components and the history
// as a timeline. GET /api/v1/dossiers/{code} (an officer's read is recorded
// by the server), POST /api/v1/dossiers/{code}/actions/{action}; the officers
// to assign or transfer to from GET /api/v1/units/{code}/officers?role=
// (a typed user name if that list cannot be had).
import { h, replace, newId, section } from '../dom.js';
import { t, localName, nameLang } from '../i18n.js';
import { get, post, ApiError } from '../api.js';
import { currentUser, isOfficer } from '../session.js';
import { roleLabel, copyTypeLabel, formatTimeLimit } from '../format.js';
import {
  stateBadge, stateLabel, eventLabel, actionLabel, timeEl, dueEl, channelLabel, procedureName, formLink,
  errorText, trackHref, factRow, componentChecklist, componentIndex, isEnded, FORMS, formatDateTime,
  actionRow, formName,
} from '../dossiers.js';
import { field, textField, showFieldError, clearFieldError } from '../forms.js';
import { paymentsSection } from '../payments.js';

/** The order in which allowed actions are offered: the usual next move first. */
const ORDER = ['accept', 'transfer', 'approve', 'issue_result', 'return_result', 'supplement', 'record_payment',
  'approve_extension', 'assign', 'reassign', 'send_back', 'request_supplement', 'request_extension',
  'request_payment', 'refuse', 'stop', 'withdraw'];
const PRIMARY = ['accept', 'transfer', 'approve', 'issue_result', 'return_result', 'supplement', 'approve_extension'];
const DANGER = ['refuse', 'stop', 'withdraw'];
/** Whether the form asks for the reason: where the action table requires it, and for a withdrawal. */
function noteRequired(action) {
  const r = actionRow(action);
  return (r && r.note !== 'optional') || action === 'withdraw';
}
/** The form an action produces ('01'..'05', from the action table), printed after it. */
function formOf(action) {
  const r = actionRow(action);
  return r && r.form ? String(r.form).padStart(2, '0') : null;
}

let units = null;
async function loadUnits() {
  if (units) return units;
  try {
    const r = await get('/api/v1/units');
    units = new Map((r.items || []).map((u) => [u.code, u]));
  } catch { units = new Map(); }
  return units;
}

/**
 * The actions whose form names an officer (the table's to_user; a dossier
 * sent back goes to the previous step's pool), whether one must be named,
 * and the step whose unit and role that officer must have.
 */
function namesOfficer(action) {
  const r = actionRow(action);
  return !!r && r.to_user !== 'no' && action !== 'send_back';
}
function officerRequired(action) {
  const r = actionRow(action);
  return !!r && r.to_user === 'required';
}
function targetStep(d, action) {
  const cur = (d.step && d.step.number) || 0;
  const n = action === 'transfer' ? cur + 1 : cur;
  return (d.process || []).find((s) => s.number === n) || null;
}

/**
 * The officers each of d's officer-naming actions may choose from, as a Map
 * action → [{username, full_name}]; an action is missing when its list could
 * not be loaded or is empty (the form then asks for a user name).
 */
async function loadOfficers(d) {
  const out = new Map();
  if (!isOfficer(currentUser())) return out;
  const lists = new Map();
  await Promise.all((d.actions || []).filter(namesOfficer).map(async (a) => {
    const s = targetStep(d, a);
    if (!s || !s.unit) return;
    const url = `/api/v1/units/${encodeURIComponent(s.unit)}/officers${s.role ? `?role=${encodeURIComponent(s.role)}` : ''}`;
    if (!lists.has(url)) lists.set(url, get(url).then((r) => r.items || [], () => []));
    const items = await lists.get(url);
    if (items.length) out.set(a, items);
  }));
  return out;
}

/** A <select> of officers: the shared field() with options. */
function officerSelect(action, list) {
  const required = officerRequired(action);
  return field({
    name: 'to_user', label: t('action.officer'), required, mark: required,
    hint: t(required ? 'action.officerHint' : 'action.officerHintTransfer'),
    options: [h('option', { value: '' }, t(required ? 'action.officerChoose' : 'action.officerPool')),
      list.map((o) => h('option', { value: o.username }, `${o.full_name} (${o.username})`))],
  });
}

function unitName(code) {
  const u = units && units.get(code);
  return u ? h('span', { lang: nameLang(u) }, localName(u)) : (code || '');
}

export async function render(ctx) {
  const { main } = ctx;
  const code = decodeURIComponent(ctx.match[1]);
  const user = currentUser();
  if (!user) { ctx.navigate(`/login?next=${encodeURIComponent(`/dossiers/${encodeURIComponent(code)}`)}`); return; }
  ctx.setTitle(t('dossier.title', { code }));
  replace(main, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  let d;
  let officers;
  try {
    [d] = await Promise.all([get(`/api/v1/dossiers/${encodeURIComponent(code)}`), loadUnits()]);
    officers = await loadOfficers(d);
  } catch (err) {
    if (!ctx.isCurrent()) return;
    const nf = err instanceof ApiError && err.status === 404;
    replace(main, back(user),
      h('h1', null, nf ? t('dossier.notFoundTitle') : t('error.title')),
      h('p', { class: 'alert alert-error', role: 'alert' }, nf ? t('dossier.notFound', { code }) : errorText(err)));
    return;
  }
  if (!ctx.isCurrent()) return;
  draw(ctx, d, officers, null);
}

/** An action's name as the user says it: the applicant supplements, the desk records it (issue 15). */
function labelFor(action) {
  if (action === 'supplement' && !isOfficer(currentUser())) return t('action.supplementCitizen');
  return actionLabel(action);
}

/**
 * What the applicant is asked to do now, at the top of the page: the
 * request to supplement in their words with its reasons and where to
 * attach the papers; or, once the result is returned, the rating.
 */
function applicantBox(ctx, d) {
  if (d.state === 'awaiting_supplement') {
    const req = (d.history || []).filter((e) => e.action === 'request_supplement').pop();
    return h('section', { class: 'alert alert-info applicant-box', id: 'supplement-box', 'aria-labelledby': 'supplement-h' },
      h('h2', { id: 'supplement-h' }, t('applicant.supplementTitle')),
      h('p', null, t('applicant.supplementText')),
      req && req.note ? h('blockquote', { class: 'tl-note', id: 'supplement-reason' }, req.note) : null,
      h('p', { class: 'button-row' },
        h('a', { class: 'btn btn-secondary', href: `#/dossiers/${encodeURIComponent(d.code)}/documents` }, t('applicant.attach')),
        (d.actions || []).includes('supplement')
          ? h('a', { class: 'btn btn-primary', href: '#sec-actions', on: { click: (e) => { e.preventDefault(); const b = document.getElementById('act-supplement'); if (b) { b.click(); } } } }, t('action.supplementCitizen'))
          : null));
  }
  if (d.state === 'returned') {
    const msg = h('p', { id: 'rate-message', role: 'status' });
    const btn = h('button', {
      type: 'button', class: 'btn btn-primary', id: 'rate-own',
      on: {
        click: async () => {
          btn.disabled = true;
          try {
            const l = await post(`/api/v1/dossiers/${encodeURIComponent(d.code)}/rating-link`);
            ctx.navigate(`/rate/dossier/${l.id}?t=${encodeURIComponent(l.token)}`);
          } catch (err) {
            btn.disabled = false;
            replace(msg, err instanceof ApiError && err.code === 'RATING_LINK_USED' ? t('applicant.rated') : errorText(err));
          }
        },
      },
    }, t('applicant.rate'));
    return h('section', { class: 'card applicant-box', id: 'rate-box', 'aria-labelledby': 'rate-h' },
      h('h2', { id: 'rate-h' }, t('applicant.rateTitle')),
      h('p', null, t('applicant.rateText')),
      h('p', null, btn), msg);
  }
  return null;
}

function back(user) {
  return isOfficer(user)
    ? h('p', { class: 'back' }, h('a', { href: '#/inbox', class: 'back-link' }, t('dossier.backInbox')))
    : h('p', { class: 'back' }, h('a', { href: '#/my-dossiers', class: 'back-link' }, t('dossier.backMine')));
}

/** Draws the whole page for d; officers from loadOfficers(d); notice = {action, form} after an action. */
function draw(ctx, d, officers, notice) {
  const { main } = ctx;
  const user = currentUser();
  const officer = isOfficer(user);
  ctx.setTitle(t('dossier.title', { code: d.code }));
  const ended = isEnded(d.state);

  const flags = [];
  if (d.paused) flags.push(h('span', { class: 'badge badge-paused' }, t('dossier.paused')));
  if (d.counts_late) flags.push(h('span', { class: 'badge badge-late' }, t('dossier.countsLate')));
  if (d.extension && d.extension.state === 'pending') flags.push(h('span', { class: 'badge badge-paused' }, t('dossier.extensionPending')));
  if (d.extension && d.extension.state === 'approved') flags.push(h('span', { class: 'badge badge-time' }, t('dossier.extensionApproved')));
  if (d.approved && !ended && d.state !== 'result_ready') flags.push(h('span', { class: 'badge badge-ok' }, t('dossier.approvedFlag')));

  const status = h('div', { id: 'dossier-notice', class: 'notice', tabindex: '-1' });
  if (notice) {
    const nn = notice.form;
    replace(status, h('div', { class: 'alert alert-success', role: 'status' },
      h('p', null, t('dossier.done', { action: labelFor(notice.action), state: stateLabel(d.state) })),
      nn ? h('p', null, formLink(d.code, nn, 'btn btn-primary')) : null));
  }

  replace(main,
    back(user),
    h('header', { class: 'dossier-header' },
      h('p', { class: 'eyebrow' }, t('dossier.eyebrow'), ' · ', procedureName(d.procedure)),
      h('h1', { id: 'dossier-code' }, h('span', { class: 'visually-hidden' }, `${t('dossier.code')} `), h('span', { class: 'code' }, d.code)),
      h('div', { class: 'procedure-badges' }, stateBadge(d.state, 'badge-big'), flags)),
    status,
    officer ? null : applicantBox(ctx, d),
    h('div', { class: 'dossier-layout' },
      h('div', { class: 'dossier-main' },
        actionsSection(ctx, d, officer, officers),
        paymentsSection(d, user),
        stepSection(d),
        historySection(d, officer)),
      h('div', { class: 'dossier-side' },
        summarySection(d),
        formsSection(d),
        applicantSection(d),
        componentsSection(d))));
  if (notice) status.focus();
}


function summarySection(d) {
  const ended = isEnded(d.state);
  const extended = d.original_due_at && d.due_at && d.original_due_at !== d.due_at;
  return section('sec-summary', t('dossier.summary'),
    h('dl', { class: 'summary summary-compact' },
      factRow(t('dossier.procedure'), h('span', null, h('span', { class: 'code' }, d.procedure.code), ' ', procedureName(d.procedure))),
      factRow(t('procedure.timeLimit'), formatTimeLimit(d.procedure.time_limit)),
      factRow(t('dossier.channel'), channelLabel(d.channel)),
      d.submitted_at ? factRow(t('dossier.submittedAt'), timeEl(d.submitted_at)) : null,
      factRow(t('dossier.receivedAt'), d.received_at ? timeEl(d.received_at) : ''),
      factRow(t('dossier.dueAt'), d.due_at ? dueEl(d.due_at, { ended: ended || d.state === 'result_ready', paused: d.paused }) : ''),
      extended ? factRow(t('dossier.originalDueAt'), timeEl(d.original_due_at)) : null,
      factRow(t('dossier.receivingUnit'), d.receiving_unit ? h('span', { lang: nameLang(d.receiving_unit) }, localName(d.receiving_unit)) : ''),
      factRow(t('dossier.processingUnit'), d.processing_unit ? h('span', { lang: nameLang(d.processing_unit) }, localName(d.processing_unit)) : ''),
      d.coordinating_units && d.coordinating_units.length ? factRow(t('dossier.coordinating'), h('span', null, d.coordinating_units.map((c, i) => [i ? ', ' : '', unitName(c)]))) : null,
      factRow(t('dossier.sets'), String(d.sets ?? 1)),
      factRow(t('dossier.returnMethod'), d.return_method ? t(`return.${d.return_method}`) : ''),
      d.result_code ? factRow(t('dossier.resultCode'), h('span', { class: 'code' }, d.result_code)) : null,
      d.result_at ? factRow(t('dossier.resultAt'), timeEl(d.result_at)) : null,
      d.returned_at ? factRow(t('dossier.returnedAt'), timeEl(d.returned_at)) : null,
      d.timeliness ? factRow(t('dossier.timeliness'), timelinessBadge(d.timeliness)) : null,
      factRow(t('dossier.tracking'), h('a', { href: trackHref(d.code) }, t('dossier.trackingLink')))));
}

function timelinessBadge(tl) {
  if (!['early', 'on_time', 'late'].includes(tl)) return null;
  return h('span', { class: `badge tl-${tl}` }, t(`timeliness.${tl}`));
}

function partyList(p) {
  if (!p) return null;
  return h('dl', { class: 'summary summary-compact' },
    factRow(t(`party.name.${p.kind === 'organisation' ? 'organisation' : 'person'}`), p.name),
    p.kind === 'organisation' ? factRow(t('party.taxCode'), p.tax_code ? h('span', { class: 'code' }, p.tax_code) : '')
      : factRow(t('party.idNumber'), p.id_number ? h('span', { class: 'code' }, p.id_number) : ''),
    factRow(t('party.address'), p.address),
    factRow(t('party.phone'), p.phone),
    factRow(t('party.email'), p.email));
}

function applicantSection(d) {
  const a = d.applicant || {};
  return section('sec-applicant', t('dossier.applicant'),
    h('h3', { class: 'h-small' }, t('desk.submitter')),
    partyList(a),
    a.owner ? [h('h3', { class: 'h-small' }, t('desk.owner')), partyList(a.owner)] : h('p', { class: 'hint' }, t('dossier.ownerSame')),
    d.request ? [h('h3', { class: 'h-small' }, t('desk.request')), h('p', { class: 'notes' }, d.request)] : null);
}

function componentsSection(d) {
  const comps = d.components || [];
  return section('sec-components', t('dossier.components'),
    h('p', null, h('a', { href: `#/dossiers/${encodeURIComponent(d.code)}/documents`, id: 'documents-link' }, t('dossier.documentsLink'))),
    comps.length === 0 ? h('p', { class: 'empty' }, t('common.none'))
      : h('ol', { class: 'comp-list' }, comps.map((c) => h('li', { class: 'comp-item', dataset: { status: c.status } },
        h('span', { class: 'comp-name', lang: nameLang(c) }, localName(c)),
        h('span', { class: 'comp-meta' }, [copyTypeLabel(c.copy_type), t('comp.copies', { n: c.copies ?? 1 })].join(' · '), ' ',
          h('span', { class: `badge comp-status comp-status-${c.status}` }, t(`comp.status.${c.status}`)))))));
}

function formsSection(d) {
  const done = new Set((d.history || []).map((e) => e.action));
  const have = {
    '01': Boolean(d.received_at),
    '02': done.has('request_supplement'),
    '03': done.has('refuse'),
    '04': done.has('request_extension'),
    '05': done.has('stop') || done.has('withdraw'),
    '06': Boolean(d.received_at),
  };
  const list = FORMS.filter((nn) => have[nn]);
  return section('sec-forms', t('dossier.forms'),
    list.length === 0 ? h('p', { class: 'empty' }, t('dossier.noForms'))
      : [h('p', { class: 'hint' }, t('dossier.formsHint')),
        h('ul', { class: 'form-list' }, list.map((nn) => h('li', null, formLink(d.code, nn, 'form-anchor'))))]);
}

function stepSection(d) {
  const steps = d.process || [];
  const cur = d.step && d.step.number;
  const ended = isEnded(d.state);
  const current = cur && !ended ? h('div', { class: 'current-step', id: 'current-step' },
    h('p', { class: 'current-step-title' },
      h('span', { class: 'step-no' }, t('dossier.stepN', { n: cur })), ' ',
      h('span', { lang: d.step.name_en ? null : nameLang(d.step) }, localName(d.step))),
    h('dl', { class: 'summary summary-compact' },
      factRow(t('dossier.stepUnit'), unitName(d.step.unit)),
      factRow(t('dossier.stepRole'), d.step.role ? roleLabel(d.step.role) : ''),
      factRow(t('dossier.assignee'), d.step.assignee || t('dossier.unassignedPool')),
      factRow(t('dossier.stepStarted'), d.step.started_at ? timeEl(d.step.started_at) : ''),
      factRow(t('dossier.stepDue'), d.step.due_at ? dueEl(d.step.due_at, { paused: d.paused }) : ''))) : null;
  return section('sec-step', t('dossier.process'),
    current,
    ended ? h('p', { class: 'alert alert-info' }, t('dossier.ended', { state: stateLabel(d.state) })) : null,
    steps.length ? h('ol', { class: 'steps process-steps' }, steps.map((s) => {
      const st = ended || d.state === 'returned' ? 'done' : (s.number < cur ? 'done' : (s.number === cur ? 'current' : 'todo'));
      return h('li', { class: `step step-${st}`, 'aria-current': st === 'current' ? 'step' : null },
        h('span', { class: 'step-name', lang: nameLang(s) }, localName(s)),
        h('span', { class: 'step-meta' }, [roleLabel(s.role), units && units.get(s.unit) ? localName(units.get(s.unit)) : s.unit].filter(Boolean).join(' · '),
          st === 'current' ? h('span', { class: 'visually-hidden' }, ` (${t('dossier.currentStepSr')})`) : null,
          st === 'done' ? h('span', { class: 'visually-hidden' }, ` (${t('dossier.doneStepSr')})`) : null));
    })) : null);
}

function historySection(d, officer) {
  const all = d.history || [];
  const views = all.filter((e) => e.action === 'viewed');
  const events = all.filter((e) => e.action !== 'viewed');
  const list = h('ol', { class: 'timeline', id: 'history' });
  let showViews = false;
  const toggle = views.length && officer ? h('button', {
    type: 'button', class: 'btn btn-secondary btn-small', 'aria-pressed': 'false', id: 'history-views',
    on: {
      click: () => {
        showViews = !showViews;
        toggle.setAttribute('aria-pressed', String(showViews));
        fill();
      },
    },
  }, t('dossier.showViews', { n: views.length })) : null;
  function fill() {
    const shown = (showViews ? all : events).slice().reverse();
    replace(list, shown.map((e) => eventItem(e, officer)));
  }
  fill();
  return section('sec-history', t('dossier.history'),
    h('p', { class: 'hint' }, t('dossier.historyHint')),
    toggle ? h('p', null, toggle) : null,
    list);
}

function eventItem(e, officer) {
  const changed = e.from_state && e.to_state && e.from_state !== e.to_state;
  const data = e.data || {};
  return h('li', { class: `tl-item tl-${e.action === 'viewed' ? 'viewed' : 'event'}`, dataset: { action: e.action } },
    h('p', { class: 'tl-head' },
      h('span', { class: 'tl-action' }, eventLabel(e.action)),
      e.timeliness ? [' ', timelinessBadge(e.timeliness)] : null),
    h('p', { class: 'tl-meta' },
      // The applicant is not told officers' names (the server leaves them out).
      timeEl(e.at), e.actor || officer ? [' · ', t('dossier.by', { user: e.actor || t('dossier.system') })] : null,
      changed ? [' · ', stateLabel(e.from_state), ' → ', stateLabel(e.to_state)] : null,
      e.step_from && e.step_to && e.step_from !== e.step_to ? [' · ', t('dossier.stepMove', { from: e.step_from, to: e.step_to })] : null,
      data.to_user ? [' · ', t('dossier.toUser', { user: data.to_user })] : null),
    e.note ? h('p', { class: 'tl-note' }, e.note) : null);
}

/* ---- actions ---- */

function actionsSection(ctx, d, officer, officers) {
  const allowed = ORDER.filter((a) => (d.actions || []).includes(a));
  const panel = h('div', { class: 'action-panel', id: 'action-panel' });
  if (allowed.length === 0) {
    return section('sec-actions', t('dossier.actions'),
      h('p', { class: 'empty', id: 'no-actions' }, isEnded(d.state) ? t('dossier.noActionsEnded') : t('dossier.noActions')));
  }
  let open = null;
  const buttons = allowed.map((a) => {
    const b = h('button', {
      type: 'button',
      class: `btn ${PRIMARY.includes(a) ? 'btn-primary' : (DANGER.includes(a) ? 'btn-danger-outline' : 'btn-secondary')}`,
      id: `act-${a}`, dataset: { action: a }, 'aria-expanded': 'false', 'aria-controls': 'action-panel',
      on: {
        click: () => {
          if (open === a) { close(); return; }
          for (const x of buttons) x.setAttribute('aria-expanded', 'false');
          b.setAttribute('aria-expanded', 'true');
          open = a;
          replace(panel, actionForm(ctx, d, a, officers.get(a), close));
          const first = panel.querySelector('input:not([type=hidden]), textarea, select, button[type=submit]');
          if (first) first.focus();
        },
      },
    }, labelFor(a));
    return b;
  });
  function close() {
    const was = open;
    open = null;
    replace(panel);
    for (const x of buttons) x.setAttribute('aria-expanded', 'false');
    const b = buttons.find((x) => x.dataset.action === was);
    if (b) b.focus();
  }
  return section('sec-actions', officer ? t('dossier.actions') : t('dossier.actionsCitizen'),
    h('p', { class: 'hint' }, t('dossier.actionsHint')),
    h('div', { class: 'button-row action-buttons' }, buttons),
    panel);
}

function actionForm(ctx, d, action, officerList, close) {
  const headId = newId('act-h');
  const alert = h('div', { class: 'form-alert', role: 'alert' });
  const required = noteRequired(action);
  const note = textField({
    name: 'note', label: t(required ? `actionNote.${action}` : 'actionNote.optional'), multiline: true, rows: 3, maxlength: 4000, required,
  });
  const fields = [];
  let toUser = null;
  let proposed = null;
  let resultCode = null;
  let acceptLate = null;
  let checklist = null;
  let legalBasis = null;
  let feeHandling = null;
  if (namesOfficer(action) && officerList) {
    toUser = officerSelect(action, officerList);
    fields.push(toUser.row);
  } else if (namesOfficer(action)) {
    toUser = textField({
      name: 'to_user', label: t('action.toUser'), hint: t(action === 'transfer' ? 'action.toUserHintTransfer' : 'action.toUserHint'),
      maxlength: 64, required: officerRequired(action), autocomplete: 'off',
    });
    toUser.input.setAttribute('autocapitalize', 'none');
    toUser.input.setAttribute('spellcheck', 'false');
    fields.push(toUser.row);
  }
  if (action === 'request_extension') {
    proposed = textField({ name: 'proposed_due_at', type: 'datetime-local', label: t('action.proposedDue'), hint: `${t('action.proposedDueHint', { due: d.due_at ? formatDateTime(d.due_at) : '' })} ${t('action.apologyOnlyHint')}` });
    fields.push(proposed.row);
  }
  // Form 05: the basis for stopping and what happens to the fees paid, chosen here (issue 15 item 16).
  if (action === 'stop') {
    legalBasis = textField({ name: 'legal_basis', label: t('action.legalBasis'), hint: t('action.legalBasisHint'), maxlength: 1000, multiline: true, rows: 2 });
    fields.push(legalBasis.row);
  }
  if (action === 'stop' || action === 'withdraw') {
    const id = newId('fee');
    feeHandling = h('select', { id, name: 'fee_handling' },
      ['none', 'refund', 'no_refund'].map((v) => h('option', { value: v }, t(`action.fee.${v}`))));
    fields.push(h('div', { class: 'form-row' }, h('label', { for: id }, t('action.feeHandling')), feeHandling));
  }
  if (action === 'issue_result') {
    resultCode = textField({ name: 'result_code', label: t('action.resultCode'), hint: t('action.resultCodeHint'), maxlength: 100 });
    fields.push(resultCode.row);
  }
  if (action === 'request_supplement' && d.supplements >= 1 && ['received', 'in_process'].includes(d.state)) {
    const id = newId('late');
    acceptLate = h('input', { type: 'checkbox', id, name: 'accept_late' });
    fields.push(h('div', { class: 'form-row checkbox-row' },
      h('p', { class: 'alert alert-error' }, t('action.secondSupplement')),
      h('label', { class: 'check', for: id }, acceptLate, ' ', t('action.acceptLate'))));
  }
  if (action === 'supplement' && isOfficer(currentUser()) && (d.components || []).length) {
    checklist = componentChecklist(d.components, ['paper', 'uploaded', 'missing'], (c) => (c.status === 'not_applicable' && c.mandatory ? '' : c.status));
    fields.push(h('div', { class: 'form-row' }, h('p', { class: 'label' }, t('action.supplementComponents')), checklist.el));
  }
  fields.push(note.row);
  const submit = h('button', { type: 'submit', class: `btn ${DANGER.includes(action) ? 'btn-danger' : 'btn-primary'}`, id: 'act-confirm' },
    t('action.confirm', { action: labelFor(action) }));
  const form = h('form', { class: 'card action-form', id: `form-${action}`, 'aria-labelledby': headId, novalidate: true },
    h('h3', { id: headId }, labelFor(action)),
    h('p', { class: 'hint' }, t(`actionHelp.${action}`), formOf(action) ? ` ${t('action.producesForm', { name: formName(formOf(action)) })}` : ''),
    alert,
    fields,
    h('div', { class: 'button-row' }, submit,
      h('button', { type: 'button', class: 'btn btn-secondary', on: { click: close } }, t('common.cancel'))));

  // Escape closes the panel, as Cancel does (issue 15).
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !e.defaultPrevented) { e.preventDefault(); close(); }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(alert);
    for (const f of [note, toUser, proposed, resultCode].filter(Boolean)) clearFieldError(f);
    const body = {};
    const n = note.input.value.trim();
    let bad = null;
    if (required && !n) { showFieldError(note, t('action.noteRequired')); bad = bad || note.input; }
    if (n) body.note = n;
    if (toUser) {
      const u = toUser.input.value.trim();
      if (u) body.to_user = u;
      else if (officerRequired(action)) { showFieldError(toUser, t(officerList ? 'action.officerRequired' : 'action.toUserRequired')); bad = bad || toUser.input; }
    }
    if (proposed) {
      const v = proposed.input.value;
      // Empty: the apology alone (the server allows it once the one-working-day limit has passed).
      if (v === '') { /* nothing to send */ } else if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) { showFieldError(proposed, t('action.proposedDueInvalid')); bad = bad || proposed.input; } else body.proposed_due_at = `${v}+07:00`;
    }
    if (resultCode && resultCode.input.value.trim()) body.result_code = resultCode.input.value.trim();
    if (legalBasis && legalBasis.input.value.trim()) body.legal_basis = legalBasis.input.value.trim();
    if (feeHandling) body.fee_handling = feeHandling.value;
    if (acceptLate && acceptLate.checked) body.accept_late = true;
    if (checklist) {
      checklist.clear();
      const un = checklist.unanswered();
      for (const i of un) bad = bad || checklist.markError(i, t('comp.unanswered'));
      body.components = checklist.value();
    }
    if (bad) { bad.focus(); return; }
    submit.disabled = true;
    try {
      const enc = encodeURIComponent(d.code);
      let nd;
      if (action === 'issue_result') {
        // Issuing signs the draft result (POST .../issue, as "Ký số và ban
        // hành"): a result is a signed file (DOMAIN.md 6), never issued bare.
        await post(`/api/v1/dossiers/${enc}/issue`, body.result_code ? { result_code: body.result_code } : {});
        nd = await get(`/api/v1/dossiers/${enc}`);
      } else nd = await post(`/api/v1/dossiers/${enc}/actions/${action}`, body);
      const nofficers = await loadOfficers(nd);
      if (!ctx.isCurrent()) return;
      const produced = nd.form && formOf(action) ? nd.form : (nd.form && action === 'supplement' ? nd.form : null);
      draw(ctx, nd, nofficers, { action, form: produced });
    } catch (err) {
      if (!ctx.isCurrent()) return;
      submit.disabled = false;
      const msg = errorText(err);
      replace(alert, h('p', { class: 'alert alert-error' }, msg));
      const field = err instanceof ApiError ? err.field : null;
      const target = { note, to_user: toUser, proposed_due_at: proposed, result_code: resultCode, legal_basis: legalBasis }[field];
      if (target) { showFieldError(target, msg); target.input.focus(); return; }
      const ci = componentIndex(field);
      if (ci >= 0 && checklist) { const x = checklist.markError(ci, msg); if (x) { x.focus(); return; } }
      alert.setAttribute('tabindex', '-1');
      alert.focus();
    }
  });
  return form;
}
