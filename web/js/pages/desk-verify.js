// The desk's account verification (issue 10): a receiving officer who has
// checked a citizen's ID card (or an organisation's papers) marks their
// account verified — POST /api/v1/accounts/{username}/verification. Shown as
// one section at the foot of #/desk.
//
// The number is typed as people read it off the card ("037 190 007 777"):
// spaces are dropped, its shape says whether it is an ID number (12 digits)
// or a tax code (10, or 13 for a branch), and any other shape is refused here
// with its reason rather than sent. The server's reason for a refusal (its
// error "detail": "not all zeros", a wrong check digit, …) is shown next to
// the field in the page's language.
import { h, replace } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { post, ApiError } from '../api.js';
import { errorText } from '../dossiers.js';
import { textField, showFieldError, clearFieldError } from '../forms.js';

// Room for the separators people type between groups of digits; the digits
// themselves are counted by check(), never cut by the field.
const NUMBER_MAXLENGTH = 24;

/** The number without spaces, and what it is: {id_number} or {tax_code}, or {problem}. */
export function readNumber(raw) {
  const n = raw.replace(/\s+/g, '');
  if (!n) return { problem: t('accountVerify.numberMissing') };
  if (/^\d{12}$/.test(n)) return { id_number: n };
  if (/^\d{10}$|^\d{13}$|^\d{10}-\d{3}$/.test(n)) return { tax_code: n };
  const digits = n.replace(/-/g, '');
  if (/^\d+$/.test(digits)) return { problem: t('accountVerify.numberLength', { n: digits.length }) };
  return { problem: t('accountVerify.numberDigits') };
}

/** The server's reason (error detail, in English) in the page's language; null when it gave none. */
function reasonText(err) {
  if (!(err instanceof ApiError) || !err.detail) return null;
  const known = {
    '12 digits (personal ID number)': () => t('accountVerify.why.idLength'),
    '10 digits, or 13 for a branch (0101234565-001)': () => t('accountVerify.why.taxLength'),
    'digits only (and one dash before a branch\'s 3 digits)': () => t('accountVerify.why.taxDigits'),
    'not all zeros': () => t('accountVerify.why.zeros'),
    'the first 3 digits are not a province code (Circular 07/2016/TT-BCA)': () => t('accountVerify.why.province'),
    'the check digit (10th) is wrong': () => t('accountVerify.why.checkDigit'),
    'the number on the ID card': () => t('accountVerify.why.personNumber'),
    'a person\'s account is verified by ID number': () => t('accountVerify.why.personNumber'),
    'the tax code on the papers': () => t('accountVerify.why.orgNumber'),
    'an organisation\'s account is verified by tax code': () => t('accountVerify.why.orgNumber'),
    'the paper checked, e.g. CCCD': () => t('accountVerify.evidenceMissing'),
    'at most 200 characters': () => t('accountVerify.why.evidenceLong'),
  }[err.detail];
  if (known) return known();
  // An English message ends with the detail already; a Vietnamese one gets
  // it in brackets rather than not at all.
  return getLang() === 'en' ? errorText(err) : `${errorText(err)} (${err.detail})`;
}

export function verifySection() {
  const username = textField({ name: 'verify-username', label: t('accountVerify.username'), required: true, maxlength: 64 });
  const number = textField({ name: 'verify-number', label: t('accountVerify.number'), hint: t('accountVerify.numberHint'), required: true, inputmode: 'numeric', maxlength: NUMBER_MAXLENGTH });
  const evidence = textField({ name: 'verify-evidence', label: t('accountVerify.evidence'), hint: t('accountVerify.evidenceHint'), required: true, maxlength: 200, value: 'CCCD' });
  const replaceError = h('p', { class: 'field-error', id: 'verify-replace-error', hidden: true });
  const replaceBox = h('input', { type: 'checkbox', id: 'verify-replace', name: 'verify-replace', 'aria-describedby': 'verify-replace-error' });
  const replaceRow = h('div', { class: 'form-row checkbox-row', id: 'verify-replace-row' }, replaceError,
    h('label', { class: 'check', for: 'verify-replace' }, replaceBox, h('span', null, t('accountVerify.replace'))));
  const replaceField = { row: replaceRow, input: replaceBox, error: replaceError };
  const out = h('div', { id: 'verify-result', role: 'status', 'aria-live': 'polite' });
  const fields = { username, id_number: number, tax_code: number, evidence };
  const form = h('form', { id: 'desk-verify-form', novalidate: true, on: { submit: onSubmit } },
    username.row, number.row, evidence.row, replaceRow,
    h('div', { class: 'button-row' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'verify-submit' }, t('accountVerify.submit'))),
    out);

  async function onSubmit(ev) {
    ev.preventDefault();
    for (const f of [username, number, evidence, replaceField]) clearFieldError(f);
    replace(out);
    const u = username.input.value.trim();
    const num = readNumber(number.input.value);
    const paper = evidence.input.value.trim();
    const bad = [];
    if (!u) bad.push([username, t('accountVerify.usernameMissing')]);
    if (num.problem) bad.push([number, num.problem]);
    if (!paper) bad.push([evidence, t('accountVerify.evidenceMissing')]);
    if (bad.length) {
      for (const [f, msg] of bad) showFieldError(f, msg);
      bad[0][0].input.focus();
      return;
    }
    const body = { evidence: paper, replace: replaceBox.checked };
    if (num.id_number) body.id_number = num.id_number; else body.tax_code = num.tax_code;
    try {
      const a = await post(`/api/v1/accounts/${encodeURIComponent(u)}/verification`, body);
      replaceBox.checked = false;
      replace(out, h('p', { class: 'alert alert-success', id: 'verify-done' },
        t('accountVerify.done', { name: a.full_name, username: a.username, number: a.id_number || a.tax_code })));
    } catch (err) {
      // Another account holds the verification: the box below resolves it.
      if (err instanceof ApiError && err.code === 'IDENTITY_VERIFIED_ELSEWHERE' && !replaceBox.checked) {
        showFieldError(replaceField, t('accountVerify.elsewhere'));
        replaceBox.focus();
        return;
      }
      const f = err instanceof ApiError && err.field && fields[err.field];
      if (f) {
        const empty = err.code === 'FIELD_MISSING' || (err.code === 'FIELD_TOO_SHORT' && err.field === 'evidence');
        showFieldError(f, err.field === 'evidence' && empty ? t('accountVerify.evidenceMissing') : (reasonText(err) || errorText(err)));
        f.input.focus();
      } else replace(out, h('p', { class: 'alert alert-error' }, reasonText(err) || errorText(err)));
    }
  }

  return h('section', { class: 'card section desk-section', id: 'desk-verify', 'aria-labelledby': 'desk-verify-h' },
    h('h2', { id: 'desk-verify-h' }, t('accountVerify.title')),
    h('p', { class: 'hint' }, t('accountVerify.intro')),
    form);
}
