// #/password — one's own password (PUT /api/v1/auth/password). An officer
// whose password an administrator chose (a new account, a reset) is shown
// this page at whatever route they open until they have changed it: the
// server refuses them everything else (403 PASSWORD_CHANGE_REQUIRED). Any
// logged-in user may open it to change their password.
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { currentUser, loadSession } from '../session.js';
import { errorText } from '../dossiers.js';
import { field, showFieldError, clearFieldError } from '../forms.js';

export async function render(ctx) {
  const { main } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate(`/login?next=${encodeURIComponent('/password')}`); return; }
  ctx.setTitle(t('password.title'));
  const forced = Boolean(user.must_change_password);
  const formAlert = h('div', { class: 'form-alert', role: 'alert' });
  const current = field({ name: 'current_password', label: t(forced ? 'password.currentGiven' : 'password.current'), type: 'password', id: 'pw-current', autocomplete: 'current-password', maxlength: 1024, mark: true, required: true });
  const next = field({ name: 'new_password', label: t('password.new'), hint: t('password.newHint'), type: 'password', id: 'pw-new', autocomplete: 'new-password', maxlength: 128, mark: true, required: true });
  const again = field({ name: 'again', label: t('password.again'), type: 'password', id: 'pw-again', autocomplete: 'new-password', maxlength: 128, mark: true, required: true });
  const fields = { current_password: current, new_password: next, again };
  const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'pw-save' }, t('password.save'));
  const form = h('form', { class: 'card', id: 'pw-form', novalidate: true, 'aria-labelledby': 'pw-title' },
    formAlert, current.row, next.row, again.row, h('div', { class: 'form-actions' }, save));
  replace(main,
    h('div', { class: 'page-intro' },
      h('h1', { id: 'pw-title' }, t('password.title')),
      forced ? h('p', { class: 'alert alert-info', id: 'pw-forced' }, t('password.forced')) : null),
    form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const f of Object.values(fields)) clearFieldError(f);
    replace(formAlert);
    let bad = null;
    for (const f of [current, next, again]) if (!f.input.value) { showFieldError(f, t('units.required')); bad = bad || f; }
    if (!bad && next.input.value !== again.input.value) { showFieldError(again, t('password.mismatch')); bad = again; }
    if (bad) { bad.input.focus(); return; }
    save.disabled = true;
    try {
      await api('PUT', '/api/v1/auth/password', { current_password: current.input.value, new_password: next.input.value });
      await loadSession();
      if (!ctx.isCurrent()) return;
      const path = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
      // Forced: on to what was opened; chosen: back home.
      ctx.navigate(/^\/(password|login)\b/.test(path) ? '/home' : path);
    } catch (err) {
      save.disabled = false;
      const f = err instanceof ApiError && err.field ? fields[err.field] : null;
      if (f) { showFieldError(f, errorText(err)); f.input.focus(); } else replace(formAlert, h('p', { class: 'alert alert-error' }, errorText(err)));
    }
  });
  current.input.focus();
}
