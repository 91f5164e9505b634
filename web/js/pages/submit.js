// #/submit[?procedure=CODE] — online submission by a citizen, as on the
// national portal (issue 15): choose a procedure offered online, say who
// submits (and who owns the dossier if it is someone else), attach each
// component's files first (or pick a document of the data store; templates
// to download where the component has one), see which mandatory component
// still has no file — "Nộp hồ sơ" works only once none is missing — and
// submit (POST /api/v1/dossiers, naming the files). The dossier is
// "submitted" until the desk accepts it; its code is shown at once, with the
// way to follow it.
import { h, replace, newId, deskSection } from '../dom.js';
import { t, localName } from '../i18n.js';
import { get, post, ApiError, idempotencyKeys } from '../api.js';
import { currentUser, isOfficer } from '../session.js';
import { formatTimeLimit, onlineLevelBadge } from '../format.js';
import {
  partyFields, componentIndex, errorText, stateBadge, timeEl, dossierHref, trackHref, procedureName,
} from '../dossiers.js';
import { fileChecklist } from '../submit-files.js';
import { textField, showFieldError, clearFieldError } from '../forms.js';

export async function render(ctx) {
  const keyFor = idempotencyKeys(); // one key per body sent: a second press is a retry
  const { main, params } = ctx;
  const user = currentUser();
  const pre = params.get('procedure') || '';
  if (!user) { ctx.navigate(`/login?next=${encodeURIComponent(`/submit${pre ? `?procedure=${pre}` : ''}`)}`); return; }
  ctx.setTitle(t('submit.title'));
  if (isOfficer(user) || !(user.roles || []).includes('citizen')) {
    replace(main, h('h1', null, t('submit.title')), h('p', { class: 'alert alert-info', role: 'status' }, t('submit.citizensOnly')));
    return;
  }

  const procId = newId('proc');
  const procSelect = h('select', { id: procId, name: 'procedure', class: 'input', 'aria-describedby': `${procId}-hint ${procId}-error` },
    h('option', { value: '' }, t('desk.chooseProcedure')));
  const procError = h('p', { class: 'field-error', id: `${procId}-error`, hidden: true });
  const procInfo = h('div', { class: 'proc-info', id: 'submit-proc-info' });
  const alert = h('div', { class: 'form-alert', id: 'submit-alert', role: 'alert' });
  const compsBox = h('div', { id: 'submit-components' }, h('p', { class: 'empty' }, t('desk.componentsFirst')));
  // The account's own identity: an organisation's account submits as the organisation (issue 15).
  const me = partyFields('me', t('submit.you'), {
    kind: user.kind === 'organisation' ? 'organisation' : 'person',
    name: user.full_name || '', email: user.email || '', id_number: user.id_number || '', tax_code: user.tax_code || '',
  });
  const ownerToggleId = newId('owner-toggle');
  const ownerToggle = h('input', { type: 'checkbox', id: ownerToggleId, name: 'owner-differs' });
  const owner = partyFields('own', t('desk.owner'), { kind: 'organisation' });
  owner.el.hidden = true;
  ownerToggle.addEventListener('change', () => { owner.el.hidden = !ownerToggle.checked; });
  const request = textField({ name: 'request', label: t('desk.request'), hint: t('submit.requestHint'), multiline: true, rows: 2, maxlength: 2000 });
  const returnId = newId('return');
  const returnSelect = h('select', { id: returnId, name: 'return_method', class: 'input' },
    ['online', 'desk', 'post'].map((m) => h('option', { value: m }, t(`return.${m}`))));
  const consentId = newId('consent');
  const consent = h('input', { type: 'checkbox', id: consentId, name: 'consent', 'aria-describedby': `${consentId}-error` });
  const consentError = h('p', { class: 'field-error', id: `${consentId}-error`, hidden: true });
  consent.addEventListener('change', () => { consentError.hidden = true; consent.removeAttribute('aria-invalid'); });
  // The page's completeness check: "Nộp hồ sơ" only once every mandatory
  // component has a file (the server refuses the same, issue 15).
  const completeness = h('p', { class: 'completeness', id: 'submit-completeness', role: 'status', 'aria-live': 'polite' });
  const submitBtn = h('button', {
    type: 'submit', class: 'btn btn-primary', id: 'submit-send', disabled: true, 'aria-describedby': 'submit-completeness',
  }, t('submit.send'));
  let procedure = null;
  let checklist = null;
  let store = null; // the citizen's data store, read once
  function checkComplete() {
    if (!checklist) {
      submitBtn.disabled = true;
      replace(completeness, t('submit.chooseFirst'));
      completeness.dataset.complete = 'false';
      return;
    }
    const missing = checklist.missing();
    const mandatory = procedure.components.filter((c) => c.mandatory).length;
    submitBtn.disabled = missing.length > 0;
    completeness.dataset.complete = String(missing.length === 0);
    replace(completeness, missing.length === 0
      ? t('submit.complete', { n: mandatory })
      : t('submit.incomplete', { k: missing.length, n: mandatory, list: missing.map((i) => i + 1).join(', ') }));
  }
  checkComplete();

  const form = h('form', { class: 'desk-form', id: 'submit-form', novalidate: true },
    alert,
    deskSection('sub-s1', t('desk.step1'),
      h('div', { class: 'form-row' },
        h('label', { for: procId, class: 'label' }, t('desk.procedure'), h('span', { class: 'req' }, ` ${t('common.requiredMark')}`)),
        h('p', { class: 'hint', id: `${procId}-hint` }, t('submit.procedureHint')),
        procError, procSelect),
      procInfo),
    deskSection('sub-s2', t('submit.step2'),
      me.el,
      h('div', { class: 'form-row checkbox-row' }, h('label', { class: 'check', for: ownerToggleId }, ownerToggle, ' ', t('submit.ownerDiffers'))),
      owner.el),
    deskSection('sub-s3', t('desk.step3'), h('p', { class: 'hint' }, t('submit.componentsHint')), compsBox),
    deskSection('sub-s4', t('submit.step4'),
      request.row,
      h('div', { class: 'form-row' }, h('label', { for: returnId, class: 'label' }, t('desk.returnMethod')), returnSelect),
      h('div', { class: 'form-row checkbox-row' }, consentError,
        h('label', { class: 'check', for: consentId }, consent, ' ', t('submit.consent'))),
      completeness,
      h('div', { class: 'button-row' }, submitBtn)));

  const result = h('div', { id: 'submit-result' });
  replace(main,
    h('div', { class: 'page-intro' },
      h('h1', null, t('submit.title')),
      h('p', { class: 'lead' }, t('submit.intro')),
      h('p', { class: 'page-links' }, h('a', { href: '#/my-dossiers' }, t('submit.toMine')))),
    result,
    form);

  async function choose(code) {
    procedure = null;
    checklist = null;
    checkComplete();
    procError.hidden = true;
    procSelect.removeAttribute('aria-invalid');
    replace(procInfo);
    if (!code) { replace(compsBox, h('p', { class: 'empty' }, t('desk.componentsFirst'))); return; }
    replace(compsBox, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
    try {
      const p = await get(`/api/v1/procedures/${encodeURIComponent(code)}`);
      if (!ctx.isCurrent() || procSelect.value !== code) return;
      procedure = p;
      replace(procInfo, h('p', { class: 'proc-facts' }, onlineLevelBadge(p.online_level), ' ',
        t('procedure.timeLimit'), ': ', formatTimeLimit(p.time_limit), ' · ',
        h('a', { href: `#/procedures/${encodeURIComponent(p.code)}`, target: '_blank', rel: 'noopener' },
          t('desk.procedureDetails'), h('span', { class: 'visually-hidden' }, ` ${t('common.newTab')}`))),
      p.online_level === 'partial' ? h('p', { class: 'alert alert-info' }, t('submit.partialNote')) : null,
      // A fee still to be confirmed is said plainly (issue 15, item 10).
      (p.fees || []).some((f) => typeof f.amount !== 'number')
        ? h('p', { class: 'alert alert-info', id: 'submit-fees-unknown' }, t('procedure.feesUnknown')) : null);
      if (!store) store = await readStore(user);
      if (!ctx.isCurrent() || procSelect.value !== code) return;
      checklist = fileChecklist(p, store, () => checkComplete());
      replace(compsBox, checklist.el);
      checkComplete();
    } catch (err) {
      if (!ctx.isCurrent()) return;
      replace(compsBox, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    }
  }
  procSelect.addEventListener('change', () => choose(procSelect.value));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(alert);
    let first = null;
    const mark = (el) => { if (!first && el) first = el; };
    clearFieldError(request);
    consentError.hidden = true;
    consent.removeAttribute('aria-invalid');
    if (!procedure) {
      procError.textContent = t('desk.procedureMissing');
      procError.hidden = false;
      procSelect.setAttribute('aria-invalid', 'true');
      mark(procSelect);
    }
    for (const [f, m] of me.check()) { showFieldError(f, m); mark(f.input); }
    if (ownerToggle.checked) for (const [f, m] of owner.check()) { showFieldError(f, m); mark(f.input); }
    if (checklist) {
      checklist.clear();
      for (const i of checklist.missing()) mark(checklist.markError(i, t('submit.files.needed')));
    }
    if (!consent.checked) {
      consentError.textContent = t('submit.consentMissing');
      consentError.hidden = false;
      consent.setAttribute('aria-invalid', 'true');
      mark(consent);
    }
    if (first) {
      replace(alert, h('p', { class: 'alert alert-error' }, t('desk.fixErrors')));
      first.focus();
      return;
    }
    const body = {
      procedure_code: procedure.code,
      version: procedure.version,
      channel: 'online',
      applicant: me.value(),
      components: checklist.value(),
      return_method: returnSelect.value,
    };
    if (ownerToggle.checked) body.applicant.owner = owner.value();
    const r = request.input.value.trim();
    if (r) body.request = r;
    submitBtn.disabled = true;
    try {
      const d = await post('/api/v1/dossiers', body, { idempotencyKey: keyFor(body) });
      keyFor.done();
      if (!ctx.isCurrent()) return;
      const hid = newId('done');
      replace(result, h('section', { class: 'card result-card result-receive', id: 'submit-result-card', tabindex: '-1', 'aria-labelledby': hid },
        h('h2', { id: hid }, t('submit.done')),
        h('p', null, t('submit.doneText')),
        h('dl', { class: 'summary' },
          h('div', { class: 'summary-row' }, h('dt', null, t('dossier.code')), h('dd', null, h('span', { class: 'code code-big', id: 'submit-code' }, d.code))),
          h('div', { class: 'summary-row' }, h('dt', null, t('dossier.procedure')), h('dd', null, procedureName(d.procedure))),
          h('div', { class: 'summary-row' }, h('dt', null, t('dossier.state')), h('dd', null, stateBadge(d.state))),
          h('div', { class: 'summary-row' }, h('dt', null, t('dossier.submittedAt')), h('dd', null, timeEl(d.submitted_at)))),
        h('div', { class: 'button-row' },
          h('a', { class: 'btn btn-primary', href: dossierHref(d.code) }, t('submit.openDossier')),
          h('a', { class: 'btn btn-secondary', href: `#/dossiers/${encodeURIComponent(d.code)}/documents`, id: 'submit-files' }, t('submit.seeFiles')),
          h('a', { class: 'btn btn-secondary', href: trackHref(d.code) }, t('submit.track')),
          h('a', { class: 'btn btn-secondary', href: '#/my-dossiers' }, t('submit.toMine')))));
      replace(form);
      form.hidden = true;
      result.firstChild.focus();
    } catch (err) {
      if (!ctx.isCurrent()) return;
      checkComplete();
      const msg = errorText(err);
      replace(alert, h('p', { class: 'alert alert-error' }, msg));
      const field = err instanceof ApiError ? err.field : null;
      let target = null;
      let m = field && field.match(/^applicant\.owner\.(\w+)$/);
      if (m) target = owner.fieldFor(m[1]);
      else if ((m = field && field.match(/^applicant\.(\w+)$/))) target = me.fieldFor(m[1]);
      if (target) { showFieldError(target, msg); target.input.focus(); return; }
      const ci = componentIndex(field);
      if (ci >= 0 && checklist) { const x = checklist.markError(ci, msg); if (x) { x.focus(); checkComplete(); return; } }
      if (field === 'procedure_code') { procSelect.focus(); return; }
      alert.scrollIntoView({ block: 'center' });
    }
  });

  try {
    const data = await get('/api/v1/procedures', { per_page: 100 });
    if (!ctx.isCurrent()) return;
    const items = (data.items || []).filter((p) => p.online_level === 'full' || p.online_level === 'partial')
      .sort((a, b) => a.code.localeCompare(b.code));
    for (const p of items) procSelect.appendChild(h('option', { value: p.code }, `${p.code} — ${localName(p)}`));
    if (pre && items.some((p) => p.code === pre)) {
      procSelect.value = pre;
      await choose(pre);
    }
  } catch (err) {
    if (!ctx.isCurrent()) return;
    replace(alert, h('p', { class: 'alert alert-error' }, errorText(err)));
  }
}

/** The documents of a verified citizen's data store; none for others (it is theirs only once verified). */
async function readStore(user) {
  if (!user.verified) return [];
  try {
    return (await get('/api/v1/store')).documents || [];
  } catch {
    return [];
  }
}
