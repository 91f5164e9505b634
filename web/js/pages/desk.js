// #/desk — the one-stop desk (receiver): choose the procedure, enter the
// submitter and the owner if someone else owns the dossier (a person by the
// 12-digit ID number, an organisation by its tax code), tick each component
// as provided on paper, uploaded or missing, then receive it (Form 01), ask
// for a supplement (Form 02) or refuse it (Form 03) — POST /api/v1/dossiers —
// and print the form (a PDF, in a new tab).
import { h, replace, newId, deskSection } from '../dom.js';
import { t, localName } from '../i18n.js';
import { get, post, ApiError, idempotencyKeys } from '../api.js';
import { currentUser } from '../session.js';
import { formatTimeLimit } from '../format.js';
import { verifySection } from './desk-verify.js';
import {
  partyFields, componentChecklist, componentIndex, formLink, errorText, stateBadge, timeEl, dossierHref,
  procedureName,
} from '../dossiers.js';
import { textField, showFieldError, clearFieldError } from '../forms.js';
import { feeTerms } from '../payments.js';

const OUTCOMES = [
  { outcome: 'receive', form: '01', cls: 'btn btn-primary' },
  { outcome: 'request_supplement', form: '02', cls: 'btn btn-secondary' },
  { outcome: 'refuse', form: '03', cls: 'btn btn-danger' },
];

export async function render(ctx) {
  const keyFor = idempotencyKeys(); // one key per body sent: a second press is a retry
  const { main, params } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate('/login?next=%2Fdesk'); return; }
  ctx.setTitle(t('desk.title'));
  if (!(user.roles || []).includes('receiver')) {
    replace(main, h('h1', null, t('desk.title')), h('p', { class: 'alert alert-error', role: 'alert' }, t('desk.notReceiver')));
    return;
  }

  const procId = newId('proc');
  const procSelect = h('select', { id: procId, name: 'procedure', class: 'input', 'aria-describedby': `${procId}-hint` },
    h('option', { value: '' }, t('desk.chooseProcedure')));
  const procInfo = h('div', { class: 'proc-info', id: 'desk-proc-info', 'aria-live': 'polite' });
  const procError = h('p', { class: 'field-error', id: `${procId}-error`, hidden: true });
  const alert = h('div', { class: 'form-alert', id: 'desk-alert', role: 'alert' });
  const result = h('div', { id: 'desk-result' });

  const submitter = partyFields('sub', t('desk.submitter'), {}, { hideLegend: true });
  const ownerToggleId = newId('owner-toggle');
  const ownerToggle = h('input', { type: 'checkbox', id: ownerToggleId, name: 'owner-differs' });
  const owner = partyFields('own', t('desk.owner'), { kind: 'organisation' });
  owner.el.hidden = true;
  ownerToggle.addEventListener('change', () => { owner.el.hidden = !ownerToggle.checked; });

  const compsBox = h('div', { id: 'desk-components' }, h('p', { class: 'empty' }, t('desk.componentsFirst')));
  let checklist = null;
  // The fees of the chosen procedure: its parameters (fee_params) and the demand previewed.
  const feesBox = h('div', { id: 'desk-fees-box' });
  let fees = null;

  const sets = textField({ name: 'sets', label: t('desk.sets'), type: 'number', inputmode: 'numeric', value: '1', rowClass: 'form-row-short' });
  sets.input.min = '1';
  sets.input.max = '100';
  const returnId = newId('return');
  const returnSelect = h('select', { id: returnId, name: 'return_method', class: 'input' },
    ['desk', 'post', 'online'].map((m) => h('option', { value: m }, t(`return.${m}`))));
  const request = textField({ name: 'request', label: t('desk.request'), hint: t('desk.requestHint'), multiline: true, rows: 2, maxlength: 2000 });
  const note = textField({ name: 'note', label: t('desk.note'), hint: t('desk.noteHint'), multiline: true, rows: 3, maxlength: 4000 });

  const buttons = OUTCOMES.map((o) => h('button', {
    type: 'button', class: o.cls, id: `desk-${o.outcome}`, dataset: { outcome: o.outcome },
    on: { click: () => submit(o.outcome) },
  }, t(`desk.outcome.${o.outcome}`)));

  const form = h('form', { class: 'desk-form', id: 'desk-form', novalidate: true, on: { submit: (e) => { e.preventDefault(); submit('receive'); } } },
    alert,
    deskSection('desk-s1', t('desk.step1'),
      h('div', { class: 'form-row' },
        h('label', { for: procId, class: 'label' }, t('desk.procedure'), h('span', { class: 'req' }, ` ${t('common.requiredMark')}`)),
        h('p', { class: 'hint', id: `${procId}-hint` }, t('desk.procedureHint')),
        procError,
        procSelect),
      procInfo),
    deskSection('desk-s2', t('desk.step2'),
      submitter.el,
      h('div', { class: 'form-row checkbox-row' },
        h('label', { class: 'check', for: ownerToggleId }, ownerToggle, ' ', t('desk.ownerDiffers'))),
      owner.el),
    deskSection('desk-s3', t('desk.step3'),
      h('p', { class: 'hint' }, t('desk.componentsHint')),
      compsBox),
    deskSection('desk-s4', t('desk.step4'),
      h('div', { class: 'inline-fields' }, sets.row,
        h('div', { class: 'form-row' }, h('label', { for: returnId, class: 'label' }, t('desk.returnMethod')), returnSelect)),
      feesBox,
      request.row,
      note.row),
    h('div', { class: 'desk-actions card' },
      h('h2', { class: 'h-small' }, t('desk.step5')),
      h('p', { class: 'hint' }, t('desk.outcomeHint')),
      h('div', { class: 'button-row' }, buttons)));

  replace(main,
    h('div', { class: 'page-intro' },
      h('h1', null, t('desk.title')),
      h('p', { class: 'lead' }, t('desk.intro')),
      h('p', { class: 'page-links' },
        h('a', { href: '#/inbox?box=pool&state=submitted', id: 'desk-online-link' }, t('desk.onlineWaiting')), ' · ',
        h('a', { href: '#/inbox?box=mine' }, t('desk.myInbox')), ' · ',
        h('a', { href: '#/inbox?state=result_ready' }, t('desk.toReturn')))),
    result,
    form,
    verifySection());

  let procedure = null;
  async function chooseProcedure(code) {
    procError.hidden = true;
    procSelect.removeAttribute('aria-invalid');
    procedure = null;
    checklist = null;
    fees = null;
    replace(feesBox);
    replace(procInfo);
    if (!code) { replace(compsBox, h('p', { class: 'empty' }, t('desk.componentsFirst'))); return; }
    replace(compsBox, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
    try {
      const p = await get(`/api/v1/procedures/${encodeURIComponent(code)}`);
      if (!ctx.isCurrent() || procSelect.value !== code) return;
      procedure = p;
      replace(procInfo, h('p', { class: 'proc-facts' },
        h('span', { class: 'code' }, p.code), ' · ', t('procedure.timeLimit'), ': ', formatTimeLimit(p.time_limit),
        ' · ', h('a', { href: `#/procedures/${encodeURIComponent(p.code)}`, target: '_blank', rel: 'noopener' },
          t('desk.procedureDetails'), h('span', { class: 'visually-hidden' }, ` ${t('common.newTab')}`))));
      checklist = componentChecklist(p.components || [], ['paper', 'uploaded', 'missing']);
      fees = feeTerms(p);
      replace(feesBox, fees ? fees.el : null);
      replace(compsBox,
        h('div', { class: 'button-row button-row-tight' },
          h('button', { type: 'button', class: 'btn btn-secondary btn-small', id: 'desk-all-paper', on: { click: () => checklist.fill('paper') } }, t('desk.allPaper')),
          h('button', { type: 'button', class: 'btn btn-secondary btn-small', id: 'desk-all-uploaded', on: { click: () => checklist.fill('uploaded') } }, t('desk.allUploaded'))),
        checklist.el);
    } catch (err) {
      if (!ctx.isCurrent()) return;
      replace(compsBox, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    }
  }
  procSelect.addEventListener('change', () => chooseProcedure(procSelect.value));

  function fieldFromApi(name) {
    if (!name) return null;
    if (name === 'procedure_code' || name === 'version') return { focus: procSelect, set: (m) => { procError.textContent = m; procError.hidden = false; procSelect.setAttribute('aria-invalid', 'true'); } };
    if (name === 'note') return { focus: note.input, set: (m) => showFieldError(note, m) };
    if (name === 'sets') return { focus: sets.input, set: (m) => showFieldError(sets, m) };
    if (name === 'request') return { focus: request.input, set: (m) => showFieldError(request, m) };
    const fee = fees && fees.fieldFor(name);
    if (fee) return { focus: fee.input, set: (m) => showFieldError(fee, m) };
    let m = name.match(/^applicant\.owner\.(\w+)$/);
    if (m) {
      const f = owner.fieldFor(m[1]);
      return f ? { focus: f.input, set: (msg) => showFieldError(f, msg) } : null;
    }
    m = name.match(/^applicant\.(\w+)$/);
    if (m) {
      const f = submitter.fieldFor(m[1]);
      return f ? { focus: f.input, set: (msg) => showFieldError(f, msg) } : null;
    }
    const i = componentIndex(name);
    if (i >= 0 && checklist) return { focus: null, set: (msg) => checklist.markError(i, msg), index: i };
    return null;
  }

  /** Checks what the browser can; returns the first control to focus, or null. */
  function check(outcome) {
    let first = null;
    const note1 = (el) => { if (!first && el) first = el; };
    procError.hidden = true;
    procSelect.removeAttribute('aria-invalid');
    for (const f of [note, sets, request]) clearFieldError(f);
    if (fees) for (const f of fees.fields) clearFieldError(f);
    if (!procedure) {
      procError.textContent = t('desk.procedureMissing');
      procError.hidden = false;
      procSelect.setAttribute('aria-invalid', 'true');
      note1(procSelect);
    }
    for (const [f, msg] of submitter.check()) { showFieldError(f, msg); note1(f.input); }
    if (ownerToggle.checked) for (const [f, msg] of owner.check()) { showFieldError(f, msg); note1(f.input); }
    const n = Number(sets.input.value);
    if (!Number.isInteger(n) || n < 1 || n > 100) { showFieldError(sets, t('desk.setsInvalid')); note1(sets.input); }
    if (fees) {
      for (const [f, msg] of fees.check()) { showFieldError(f, msg); note1(f.input); }
    }
    if (checklist) {
      checklist.clear();
      for (const i of checklist.unanswered()) note1(checklist.markError(i, t('comp.unanswered')));
      if (!first) {
        const missing = checklist.missing();
        const mandatoryMissing = missing.filter((i) => checklist.rows[i].c.mandatory);
        if (outcome === 'receive' && mandatoryMissing.length) {
          for (const i of mandatoryMissing) note1(checklist.markError(i, t('desk.missingCannotReceive')));
        }
        if (outcome === 'request_supplement' && missing.length === 0) {
          replace(alert, h('p', { class: 'alert alert-error' }, t('desk.nothingMissing')));
          note1(checklist.rows[0] && checklist.rows[0].group.querySelector('input'));
        }
      }
    }
    if (outcome === 'refuse' && !note.input.value.trim()) { showFieldError(note, t('desk.reasonRequired')); note1(note.input); }
    return first;
  }

  let received = false;
  async function submit(outcome) {
    if (received) return;
    replace(alert);
    const bad = check(outcome);
    if (bad) {
      if (!alert.firstChild) replace(alert, h('p', { class: 'alert alert-error' }, t('desk.fixErrors')));
      bad.focus();
      return;
    }
    const body = {
      procedure_code: procedure.code,
      version: procedure.version,
      channel: 'direct',
      outcome,
      applicant: submitter.value(),
      components: checklist.value(),
      sets: Number(sets.input.value),
      return_method: returnSelect.value,
    };
    if (ownerToggle.checked) body.applicant.owner = owner.value();
    if (fees && Object.keys(fees.params()).length) body.fee_params = fees.params();
    if (fees && fees.exemptions().length) body.fee_exemptions = fees.exemptions();
    const req = request.input.value.trim();
    if (req) body.request = req;
    const n = note.input.value.trim();
    if (n) body.note = n;
    for (const b of buttons) b.disabled = true;
    try {
      const d = await post('/api/v1/dossiers', body, { idempotencyKey: keyFor(body) });
      if (!ctx.isCurrent()) return;
      // The papers are received: the form goes, so that no second press
      // receives them again as a new dossier (issue 15); the key is kept,
      // so that even a press that slipped through answers this dossier.
      received = true;
      form.hidden = true;
      form.inert = true;
      showResult(d, outcome);
    } catch (err) {
      if (!ctx.isCurrent()) return;
      const target = err instanceof ApiError ? fieldFromApi(err.field) : null;
      const msg = errorText(err);
      replace(alert, h('p', { class: 'alert alert-error' }, msg));
      if (target) {
        target.set(msg);
        const focusEl = target.focus || (target.index >= 0 && checklist.rows[target.index].group.querySelector('input'));
        if (focusEl) focusEl.focus();
      } else alert.scrollIntoView({ block: 'center' });
    } finally {
      if (!received) for (const b of buttons) b.disabled = false;
    }
  }

  function showResult(d, outcome) {
    const form = d.form || (OUTCOMES.find((o) => o.outcome === outcome) || {}).form;
    const headingId = newId('result-h');
    replace(result, h('section', { class: `card result-card result-${outcome}`, id: 'desk-result-card', 'aria-labelledby': headingId, tabindex: '-1' },
      h('h2', { id: headingId }, t(`desk.done.${outcome}`)),
      h('dl', { class: 'summary' },
        h('div', { class: 'summary-row' }, h('dt', null, t('dossier.code')), h('dd', null, h('a', { href: dossierHref(d.code), class: 'code code-big', id: 'desk-result-code' }, d.code))),
        h('div', { class: 'summary-row' }, h('dt', null, t('dossier.procedure')), h('dd', null, procedureName(d.procedure))),
        h('div', { class: 'summary-row' }, h('dt', null, t('dossier.state')), h('dd', null, stateBadge(d.state))),
        d.received_at ? h('div', { class: 'summary-row' }, h('dt', null, t('dossier.receivedAt')), h('dd', null, timeEl(d.received_at))) : null,
        d.due_at ? h('div', { class: 'summary-row' }, h('dt', null, t('dossier.dueAt')), h('dd', null, timeEl(d.due_at))) : null),
      // Digitization at receipt (Circular 03/2025): each paper component scanned or exempted with a reason before the dossier leaves the desk.
      outcome === 'receive' && (d.components || []).some((c) => c.status === 'paper')
        ? h('p', { class: 'alert alert-info', id: 'desk-digitize' }, t('desk.digitizeHint'), ' ',
          h('a', { href: `#/dossiers/${encodeURIComponent(d.code)}/documents`, id: 'desk-digitize-link' }, t('desk.digitizeLink')))
        : null,
      h('div', { class: 'button-row' },
        form ? formLink(d.code, form, 'btn btn-primary') : null,
        h('a', { class: 'btn btn-secondary', href: dossierHref(d.code) }, t('desk.openDossier')),
        h('button', { type: 'button', class: 'btn btn-secondary', id: 'desk-new', on: { click: reset } }, t('desk.new')))));
    const card = result.firstChild;
    card.scrollIntoView({ block: 'start' });
    card.focus();
  }

  function reset() {
    ctx.navigate('/desk');
  }

  // Published procedures for the choice.
  try {
    const data = await get('/api/v1/procedures', { per_page: 100 });
    if (!ctx.isCurrent()) return;
    const items = [...(data.items || [])].sort((a, b) => a.code.localeCompare(b.code));
    for (const p of items) procSelect.appendChild(h('option', { value: p.code }, `${p.code} — ${localName(p)}`));
    const pre = params.get('procedure');
    if (pre && items.some((p) => p.code === pre)) {
      procSelect.value = pre;
      await chooseProcedure(pre);
    }
  } catch (err) {
    if (!ctx.isCurrent()) return;
    replace(alert, h('p', { class: 'alert alert-error' }, errorText(err)));
  }
}
