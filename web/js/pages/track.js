// #/track[/CODE] — public tracking of a dossier (GET /api/v1/track/{code}),
// no log-in: type the code, or arrive from the QR code printed on the
// receipt (Form 01). Shows the procedure, the state, the dates and the units
// the dossier passed through; nothing personal beyond the owner's masked name.
import { h, replace, newId } from '../dom.js';
import { t, localName, nameLang } from '../i18n.js';
import { get, ApiError } from '../api.js';
import { stateBadge, timeEl, dateOnly, procedureName, errorText, factRow } from '../dossiers.js';

export async function render(ctx) {
  const { main, match } = ctx;
  const code = match && match[1] ? decodeURIComponent(match[1]).trim() : '';
  ctx.setTitle(code ? t('track.titleCode', { code }) : t('track.title'));

  const inputId = newId('code');
  const hintId = `${inputId}-hint`;
  const errId = `${inputId}-error`;
  const input = h('input', {
    id: inputId, name: 'code', class: 'input input-code', value: code, autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'characters', 'aria-describedby': `${hintId} ${errId}`, placeholder: '000.00.00.H00.00-260101-0001',
  });
  const error = h('p', { class: 'field-error', id: errId, hidden: true });
  const form = h('form', { class: 'search-form track-form', role: 'search', 'aria-label': t('track.formLabel'), novalidate: true },
    h('div', { class: 'form-row search-row' },
      h('label', { for: inputId, class: 'label' }, t('track.codeLabel')),
      h('p', { class: 'hint', id: hintId }, t('track.codeHint')),
      error,
      h('div', { class: 'search-box' }, input, h('button', { type: 'submit', class: 'btn btn-primary', id: 'track-go' }, t('track.go')))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (!v) {
      error.textContent = t('track.codeMissing');
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    ctx.navigate(`/track/${encodeURIComponent(v)}`);
  });

  const out = h('div', { id: 'track-result' });
  replace(main,
    h('div', { class: 'page-intro' },
      h('h1', null, t('track.title')),
      h('p', { class: 'lead' }, t('track.intro'))),
    form,
    out);
  if (!code) return;

  replace(out, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  let d;
  try {
    d = await get(`/api/v1/track/${encodeURIComponent(code)}`);
  } catch (err) {
    if (!ctx.isCurrent()) return;
    const nf = err instanceof ApiError && err.status === 404;
    replace(out, h('p', { class: 'alert alert-error', role: 'alert', id: 'track-error' }, nf ? t('track.notFound', { code }) : errorText(err)));
    return;
  }
  if (!ctx.isCurrent()) return;
  ctx.setTitle(t('track.titleCode', { code: d.code }));
  const headId = newId('track-h');
  replace(out, h('section', { class: 'card track-card', id: 'track-card', 'aria-labelledby': headId, dataset: { state: d.state } },
    h('p', { class: 'eyebrow' }, t('track.dossier'), ' ', h('span', { class: 'code' }, d.code)),
    h('h2', { id: headId, class: 'track-proc' }, procedureName(d.procedure)),
    h('p', { class: 'track-state' }, h('span', { class: 'track-state-label' }, t('track.stateNow')), ' ', stateBadge(d.state, 'badge-big')),
    h('dl', { class: 'summary' },
      factRow(t('track.owner'), d.owner),
      d.submitted_at ? factRow(t('dossier.submittedAt'), timeEl(d.submitted_at)) : null,
      factRow(t('dossier.receivedAt'), d.received_at ? timeEl(d.received_at) : ''),
      factRow(t('track.dueAt'), d.due_at ? timeEl(d.due_at) : ''),
      d.result_at ? factRow(t('dossier.resultAt'), timeEl(d.result_at)) : null,
      d.returned_at ? factRow(t('dossier.returnedAt'), timeEl(d.returned_at)) : null),
    h('h3', null, t('track.journey')),
    (d.steps || []).length === 0 ? h('p', { class: 'empty' }, t('track.noSteps'))
      : h('ol', { class: 'steps track-steps' }, d.steps.map((s) => h('li', { class: 'step step-done' },
        h('span', { class: 'step-name', lang: nameLang(s, 'unit_name') }, localName(s, 'unit_name') || s.unit),
        h('span', { class: 'step-meta' }, dateOnly(`${s.date}T00:00`))))),
    h('p', { class: 'hint track-note' }, t('track.privacy'))));
}
