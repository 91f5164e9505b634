// #/register — citizen self-registration: a person by their 12-digit ID
// number, or an organisation by its 10- or 13-digit tax code; full name,
// e-mail, username, password. Errors are shown next to the field they concern,
// whether found here or named by the server ({"error":{"field":...}}).
import { h, replace, newId } from '../dom.js';
import { t } from '../i18n.js';
import { post, ApiError } from '../api.js';
import { field, showFieldError, clearFieldError } from '../forms.js';

const MIN_PASSWORD = 8;

export async function render(ctx) {
  const { main } = ctx;
  ctx.setTitle(t('register.title'));

  const kindName = newId('kind');
  const radio = (value, label, checked) => {
    const id = `${kindName}-${value}`;
    return h('div', { class: 'radio' },
      h('input', { type: 'radio', name: 'kind', id, value, checked }),
      h('label', { for: id }, label));
  };
  const kindSet = h('fieldset', { class: 'fieldset' },
    h('legend', { class: 'label' }, t('register.kind')),
    h('div', { class: 'radios' },
      radio('person', t('register.kindPerson'), true),
      radio('organisation', t('register.kindOrganisation'), false)));

  const f = {
    id_number: field({ name: 'id_number', label: t('register.idNumber'), hint: t('register.idNumberHint'), inputmode: 'numeric', autocomplete: 'off', maxlength: '12', required: true }),
    tax_code: field({ name: 'tax_code', label: t('register.taxCode'), hint: t('register.taxCodeHint'), inputmode: 'numeric', autocomplete: 'off', maxlength: '14', required: true }),
    full_name: field({ name: 'full_name', label: t('register.fullNamePerson'), autocomplete: 'name', required: true, maxlength: '200' }),
    email: field({ name: 'email', type: 'email', label: t('register.email'), autocomplete: 'email', required: true, maxlength: '254' }),
    username: field({ name: 'username', label: t('register.username'), hint: t('register.usernameHint'), autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true, maxlength: '64' }),
    password: field({ name: 'password', type: 'password', label: t('register.password'), hint: t('register.passwordHint', { n: MIN_PASSWORD }), autocomplete: 'new-password', required: true }),
    password2: field({ name: 'password2', type: 'password', label: t('register.password2'), autocomplete: 'new-password', required: true }),
  };
  const fullNameLabel = f.full_name.row.querySelector('label');
  const summary = h('div', { class: 'form-alert', id: 'register-alert', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('register.submit'));
  const form = h('form', { class: 'form card', id: 'register-form', novalidate: true },
    summary, kindSet, f.id_number.row, f.tax_code.row, f.full_name.row, f.email.row, f.username.row, f.password.row, f.password2.row, submit);

  replace(main, h('div', { class: 'narrow' },
    h('h1', null, t('register.title')),
    h('p', { class: 'lead' }, t('register.intro')),
    form,
    h('p', { class: 'after-form' }, t('register.haveAccount'), ' ', h('a', { href: '#/login' }, t('register.loginLink')))));

  const kind = () => form.querySelector('input[name="kind"]:checked').value;
  function showKind() {
    const person = kind() === 'person';
    f.id_number.row.hidden = !person;
    f.tax_code.row.hidden = person;
    fullNameLabel.textContent = person ? t('register.fullNamePerson') : t('register.fullNameOrganisation');
    f.full_name.input.autocomplete = person ? 'name' : 'organization';
  }
  kindSet.addEventListener('change', () => {
    // Errors about the other kind's number no longer apply.
    clearFieldError(f.id_number);
    clearFieldError(f.tax_code);
    replace(summary);
    showKind();
  });
  showKind();

  function validate() {
    const errors = [];
    const v = (k) => f[k].input.value.trim();
    if (kind() === 'person') {
      if (!/^\d{12}$/.test(v('id_number'))) errors.push(['id_number', t('register.errIdNumber')]);
    } else if (!/^\d{10}(\d{3})?$/.test(v('tax_code').replace(/[\s-]/g, ''))) {
      errors.push(['tax_code', t('register.errTaxCode')]);
    }
    if (!v('full_name')) errors.push(['full_name', t('register.errRequired')]);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v('email'))) errors.push(['email', t('register.errEmail')]);
    if (!/^[a-z0-9._-]{3,64}$/.test(v('username'))) errors.push(['username', t('register.errUsername')]);
    if (f.password.input.value.length < MIN_PASSWORD) errors.push(['password', t('register.errPassword', { n: MIN_PASSWORD })]);
    else if (f.password.input.value !== f.password2.input.value) errors.push(['password2', t('register.errPassword2')]);
    return errors;
  }

  function showErrors(errors) {
    for (const [k, msg] of errors) showFieldError(f[k], msg);
    replace(summary, h('div', { class: 'alert alert-error' },
      h('p', null, t('register.fixErrors')),
      h('ul', null, errors.map(([k, msg]) => h('li', null,
        h('a', { href: `#${f[k].input.id}`, on: { click: (e) => { e.preventDefault(); f[k].input.focus(); } } }, msg))))));
    f[errors[0][0]].input.focus();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const x of Object.values(f)) clearFieldError(x);
    replace(summary);
    const errors = validate();
    if (errors.length) { showErrors(errors); return; }

    const body = {
      kind: kind(),
      full_name: f.full_name.input.value.trim(),
      email: f.email.input.value.trim(),
      username: f.username.input.value.trim(),
      password: f.password.input.value,
    };
    if (body.kind === 'person') body.id_number = f.id_number.input.value.trim();
    else body.tax_code = f.tax_code.input.value.trim().replace(/[\s-]/g, '');

    submit.disabled = true;
    try {
      await post('/api/v1/auth/register', body);
      if (!ctx.isCurrent()) return;
      const q = new URLSearchParams({ registered: '1', username: body.username });
      ctx.navigate(`/login?${q}`);
    } catch (err) {
      if (!ctx.isCurrent()) return;
      const known = { PASSWORD_WEAK: 'register.errPasswordWeak' };
      let fieldName = err instanceof ApiError ? err.field : null;
      // The ID number and the tax code are one identity; name the one shown.
      if (fieldName === 'id_number' || fieldName === 'tax_code') fieldName = body.kind === 'person' ? 'id_number' : 'tax_code';
      if (err instanceof ApiError && err.status === 409 && !fieldName) fieldName = 'username';
      if (err instanceof ApiError && fieldName && f[fieldName]) {
        const msg = known[err.code] ? t(known[err.code]) : (err.serverMessage || t('register.errInvalid'));
        showErrors([[fieldName, msg]]);
      } else {
        let msg = t('error.unexpected');
        if (err instanceof ApiError) {
          if (err.status === 0) msg = t('error.network');
          else if (err.serverMessage) msg = err.serverMessage;
        }
        replace(summary, h('p', { class: 'alert alert-error' }, msg));
        summary.scrollIntoView({ block: 'nearest' });
      }
    } finally {
      submit.disabled = false;
    }
  });
}
