// #/login — the log-in form. After success goes to ?next= (a hash path) or
// to #/home. Wrong credentials (401) and throttling (429) are told plainly.
// When the server has an identity provider (GET /api/v1/auth/oidc), a citizen
// may log in through it instead (issue 10): the provider's flow ends on
// #/home, logged in to the account verified for their ID number.
import { h, replace } from '../dom.js';
import { t, tn } from '../i18n.js';
import { ApiError, get } from '../api.js';
import { login, currentUser } from '../session.js';
import { field } from '../forms.js';

function safeNext(next) {
  // Only in-app hash paths; never an absolute URL.
  return next && /^\/[A-Za-z0-9/_.~%-]*$/.test(next) && !next.startsWith('//') ? next : '/home';
}

export async function render(ctx) {
  const { main, params } = ctx;
  const next = safeNext(params.get('next'));
  if (currentUser()) { ctx.navigate(next); return; }
  ctx.setTitle(t('login.title'));

  const user = field({ name: 'username', label: t('login.username'), autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false', value: params.get('username') || '' });
  const pass = field({ name: 'password', type: 'password', label: t('login.password'), autocomplete: 'current-password', required: true });
  const alert = h('div', { class: 'form-alert', id: 'login-alert', role: 'alert', 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('login.submit'));
  const form = h('form', { class: 'form card', id: 'login-form', novalidate: true },
    alert, user.row, pass.row, submit);

  const notice = params.get('registered') ? h('p', { class: 'alert alert-success', role: 'status' }, t('login.registered')) : null;

  // Offered only when the server says a provider is configured; if it
  // cannot say, the password form alone.
  let oidc = false;
  try { oidc = (await get('/api/v1/auth/oidc')).enabled === true; } catch { oidc = false; }
  if (!ctx.isCurrent()) return;
  const provider = oidc ? h('div', { class: 'login-provider', id: 'login-oidc' },
    h('p', { class: 'login-or' }, t('login.or')),
    h('a', { class: 'btn btn-secondary btn-block', href: '/api/v1/auth/oidc/start', id: 'login-oidc-start' }, t('login.viaOidc')),
    h('p', { class: 'hint' }, t('login.viaOidcHint'))) : null;

  replace(main, h('div', { class: 'narrow' },
    h('h1', null, t('login.title')),
    h('p', { class: 'lead' }, t('login.intro')),
    notice,
    form,
    provider,
    h('p', { class: 'after-form' }, t('login.noAccount'), ' ', h('a', { href: '#/register' }, t('login.registerLink')))));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(alert);
    const username = user.input.value.trim();
    const password = pass.input.value;
    if (!username || !password) {
      replace(alert, h('p', { class: 'alert alert-error' }, t('login.missing')));
      (username ? pass.input : user.input).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.submitting');
    try {
      await login(username, password);
      if (!ctx.isCurrent()) return;
      ctx.navigate(next);
    } catch (err) {
      if (!ctx.isCurrent()) return;
      let msg = t('error.unexpected');
      if (err instanceof ApiError) {
        if (err.status === 401) msg = t('login.failed');
        else if (err.status === 429) msg = err.retryAfter ? tn('login.throttledWait', err.retryAfter) : t('login.throttled');
        else if (err.status === 0) msg = t('error.network');
        else if (err.serverMessage) msg = err.serverMessage;
      }
      replace(alert, h('p', { class: 'alert alert-error' }, msg));
      pass.input.value = '';
      pass.input.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  });
}
