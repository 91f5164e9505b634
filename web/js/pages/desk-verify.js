// The desk's account verification (issue 10): a receiving officer who has
// checked a citizen's ID card (or an organisation's papers) marks their
// account verified — POST /api/v1/accounts/{username}/verification. Shown as
// one section at the foot of #/desk.
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { post } from '../api.js';
import { textField, setError, clearError, errorText } from '../dossiers.js';

export function verifySection() {
  const username = textField({ name: 'verify-username', label: t('accountVerify.username'), required: true, maxlength: 64 });
  const number = textField({ name: 'verify-number', label: t('accountVerify.number'), hint: t('accountVerify.numberHint'), required: true, inputmode: 'numeric', maxlength: 14 });
  const evidence = textField({ name: 'verify-evidence', label: t('accountVerify.evidence'), hint: t('accountVerify.evidenceHint'), required: true, maxlength: 200, value: 'CCCD' });
  const replaceBox = h('input', { type: 'checkbox', id: 'verify-replace', name: 'verify-replace' });
  const out = h('div', { id: 'verify-result', role: 'status', 'aria-live': 'polite' });
  const fields = { username, id_number: number, tax_code: number, evidence };
  const form = h('form', { id: 'desk-verify-form', novalidate: true, on: { submit: onSubmit } },
    username.row, number.row, evidence.row,
    h('div', { class: 'form-row checkbox-row' }, replaceBox, h('label', { for: 'verify-replace' }, ' ', t('accountVerify.replace'))),
    h('div', { class: 'button-row' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'verify-submit' }, t('accountVerify.submit'))),
    out);

  async function onSubmit(ev) {
    ev.preventDefault();
    for (const f of [username, number, evidence]) clearError(f);
    replace(out);
    const n = number.input.value.trim().replace(/\s/g, '');
    const body = { evidence: evidence.input.value.trim(), replace: replaceBox.checked };
    if (/^\d{12}$/.test(n)) body.id_number = n; else body.tax_code = n;
    const u = username.input.value.trim();
    if (!u) { setError(username, t('accountVerify.usernameMissing')); username.input.focus(); return; }
    try {
      const a = await post(`/api/v1/accounts/${encodeURIComponent(u)}/verification`, body);
      replace(out, h('p', { class: 'alert alert-success', id: 'verify-done' },
        t('accountVerify.done', { name: a.full_name, username: a.username, number: a.id_number || a.tax_code })));
    } catch (err) {
      const f = err && err.field && fields[err.field];
      if (f) { setError(f, errorText(err)); f.input.focus(); } else replace(out, h('p', { class: 'alert alert-error' }, errorText(err)));
    }
  }

  return h('section', { class: 'card section desk-section', id: 'desk-verify', 'aria-labelledby': 'desk-verify-h' },
    h('h2', { id: 'desk-verify-h' }, t('accountVerify.title')),
    h('p', { class: 'hint' }, t('accountVerify.intro')),
    form);
}
