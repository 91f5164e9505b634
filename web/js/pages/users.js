// #/users — the administrator's staff accounts (issue 15 item 3): the list
// with search and filters (unit, role, state) a page at a time, a form to
// add an account (a generated password is shown once, to be handed over),
// the same form to change one's names, contact, unit and roles, and, with a
// confirmation, resetting the password and disabling (or enabling) the
// account. Each account shows its history of changes. Reads and writes
// /api/v1/users; the server decides which accounts an administrator
// manages (their unit and those under it) and names the field of a wrong
// input, shown at that field. A citizen's identity is verified at the desk
// (#/desk), not here: administrators see no personal data.
import { h, replace, newId } from '../dom.js';
import { t, localName } from '../i18n.js';
import { get, api, post, ApiError, idempotencyKeys } from '../api.js';
import { currentUser } from '../session.js';
import { errorText, formatDateTime } from '../dossiers.js';
import { roleLabel } from '../format.js';
import { field, showFieldError, clearFieldError } from '../forms.js';

const STAFF_ROLES = ['admin', 'receiver', 'specialist', 'head', 'leader', 'office'];
const PAGE = 20;

/**
 * A change as the server records it ("created, roles receiver,office, unit
 * VP"; "disabled"; "password") in the page's language; a part it does not
 * know is shown as it is.
 */
export function whatText(what) {
  return what.split(', ').map((part) => {
    const [word, ...rest] = part.split(' ');
    const arg = rest.join(' ');
    if (part === 'full name') return t('users.what.fullName');
    if (word === 'unit' && arg) return t('users.what.unit', { unit: arg });
    if (word === 'roles' && arg) return t('users.what.roles', { roles: arg.split(',').map(roleLabel).join(', ') });
    const key = { created: 'created', enabled: 'enabled', disabled: 'disabled', 'e-mail': 'email', phone: 'phone', password: 'password' }[part];
    return key ? t(`users.what.${key}`) : part;
  }).join('; ');
}

function byText(by) {
  if (by === 'command line') return t('users.by.commandLine');
  if (by === 'demo data') return t('users.by.demoData');
  return by;
}

export async function render(ctx) {
  const { main } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate(`/login?next=${encodeURIComponent('/users')}`); return; }
  ctx.setTitle(t('users.title'));
  const intro = h('div', { class: 'page-intro' },
    h('h1', { id: 'users-title' }, t('users.title')),
    h('p', { class: 'lead' }, t('users.intro')));
  if (!(Array.isArray(user.roles) && user.roles.includes('admin'))) {
    replace(main, intro,
      h('p', { class: 'alert alert-error', id: 'users-denied', role: 'alert' }, t('users.forbidden')),
      h('p', null, h('a', { href: '#/home' }, t('deskSetup.backHome'))));
    return;
  }
  let units = [];
  try {
    units = (await get('/api/v1/units')).items || [];
  } catch { units = []; }
  if (!ctx.isCurrent()) return;

  const status = h('div', { id: 'users-status', role: 'status' });
  const listBox = h('div', { class: 'table-wrap', id: 'users-list', 'aria-live': 'polite' });
  const pager = h('div', { class: 'pager', id: 'users-pager' });
  const formBox = h('div', { id: 'users-form-box' });
  const unitOptions = (selected, none) => [
    h('option', { value: '' }, none),
    ...units.map((u) => h('option', { value: u.code, selected: u.code === selected }, `${u.code} — ${localName(u)}`)),
  ];

  // ---- the filters ----
  const q = field({ name: 'q', label: t('users.search'), type: 'search', id: 'users-q', maxlength: 100, autocomplete: 'off' });
  const fUnit = field({ name: 'unit', label: t('users.unit'), id: 'users-f-unit', options: unitOptions('', t('users.anyUnit')) });
  const fRole = field({ name: 'role', label: t('users.role'), id: 'users-f-role',
    options: [h('option', { value: '' }, t('users.anyRole')), ...STAFF_ROLES.map((r) => h('option', { value: r }, roleLabel(r)))] });
  const fState = field({ name: 'state', label: t('users.state'), id: 'users-f-state',
    options: [h('option', { value: '' }, t('users.anyState')), h('option', { value: 'active' }, t('users.active')), h('option', { value: 'disabled' }, t('users.disabled'))] });
  const filters = h('form', { class: 'card filters users-filters', id: 'users-filters', role: 'search', 'aria-label': t('users.filters') },
    q.row, fUnit.row, fRole.row, fState.row,
    h('div', { class: 'form-row form-row-end' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'users-filter' }, t('users.filter'))));
  let offset = 0;
  filters.addEventListener('submit', (e) => { e.preventDefault(); offset = 0; load(); });
  for (const f of [fUnit, fRole, fState]) f.input.addEventListener('change', () => { offset = 0; load(); });

  replace(main, intro, status, filters, listBox, pager,
    h('p', { class: 'hint' }, t('users.verifyAtDesk')), formBox);

  async function load() {
    listBox.setAttribute('aria-busy', 'true');
    let page;
    try {
      page = await get('/api/v1/users', { q: q.input.value.trim(), unit: fUnit.input.value, role: fRole.input.value, state: fState.input.value, limit: PAGE, offset });
    } catch (err) {
      if (ctx.isCurrent()) replace(listBox, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
      return;
    } finally { listBox.removeAttribute('aria-busy'); }
    if (!ctx.isCurrent()) return;
    drawList(page);
  }

  function drawList(page) {
    if (!page.items.length) {
      replace(listBox, h('p', { class: 'empty', id: 'users-empty' }, t('users.none')));
      replace(pager);
      return;
    }
    replace(listBox, h('table', { class: 'table', id: 'users-table' },
      h('caption', { class: 'visually-hidden' }, t('users.title')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('users.username')),
        h('th', { scope: 'col' }, t('users.fullName')),
        h('th', { scope: 'col' }, t('users.unit')),
        h('th', { scope: 'col' }, t('users.roles')),
        h('th', { scope: 'col' }, t('users.state')),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('users.actions'))))),
      h('tbody', null, page.items.map((u) => h('tr', { dataset: { username: u.username } },
        h('th', { scope: 'row', 'data-label': t('users.username') }, h('span', { class: 'code' }, u.username)),
        h('td', { 'data-label': t('users.fullName') }, u.full_name),
        h('td', { 'data-label': t('users.unit') }, u.unit ? `${u.unit.code} — ${localName(u.unit)}` : t('common.dash')),
        h('td', { 'data-label': t('users.roles') }, u.roles.map(roleLabel).join(', ')),
        h('td', { 'data-label': t('users.state') }, h('span', { class: `badge ${u.active ? 'badge-ok' : 'badge-paused'}` }, t(u.active ? 'users.active' : 'users.disabled')),
          u.must_change_password ? [' ', h('span', { class: 'badge badge-soon' }, t('users.mustChange'))] : null),
        h('td', null, h('button', {
          type: 'button', class: 'btn btn-secondary btn-small', id: `user-edit-${u.username}`,
          'aria-label': t('users.editOf', { username: u.username }),
          on: { click: () => openUser(u.username) },
        }, t('users.edit'))))))));
    const from = page.offset + 1;
    const to = page.offset + page.items.length;
    replace(pager,
      h('p', { class: 'pager-info', id: 'users-count' }, t('users.count', { from, to, total: page.total })),
      h('div', { class: 'pager-buttons' },
        page.offset > 0 ? h('button', { type: 'button', class: 'btn btn-secondary btn-small', id: 'users-prev', on: { click: () => { offset = Math.max(0, offset - PAGE); load(); } } }, t('users.prev')) : null,
        to < page.total ? h('button', { type: 'button', class: 'btn btn-secondary btn-small', id: 'users-next', on: { click: () => { offset += PAGE; load(); } } }, t('users.next')) : null));
  }

  // ---- one account: the form (new or change), its actions, its history ----
  const createKey = idempotencyKeys();

  async function openUser(username) {
    try {
      const u = await get(`/api/v1/users/${encodeURIComponent(username)}`);
      if (ctx.isCurrent()) userForm(u);
    } catch (err) {
      if (ctx.isCurrent()) replace(status, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    }
  }

  /** The roles as a group of checkboxes, with one error slot. */
  function rolesField(selected) {
    const legendId = newId('user-roles');
    const error = h('p', { class: 'field-error', id: 'user-roles-error', hidden: true });
    const boxes = STAFF_ROLES.map((r) => h('input', { type: 'checkbox', name: 'roles', value: r, id: `user-role-${r}`, checked: selected.includes(r), 'aria-describedby': 'user-roles-error' }));
    const row = h('fieldset', { class: 'fieldset checkbox-row', id: 'user-roles', 'aria-labelledby': legendId },
      h('legend', { id: legendId, class: 'label' }, t('users.roles')),
      error,
      h('div', { class: 'user-roles' }, boxes.map((b, i) => h('label', { class: 'check', for: b.id }, b, roleLabel(STAFF_ROLES[i])))));
    return { row, input: boxes[0], error, values: () => boxes.filter((b) => b.checked).map((b) => b.value) };
  }

  function userForm(u) {
    const editing = Boolean(u);
    const formAlert = h('div', { class: 'form-alert', role: 'alert' });
    const v = (k) => (editing && u[k] ? u[k] : '');
    const username = field({ name: 'username', label: t('users.username'), hint: editing ? null : t('users.usernameHint'), maxlength: 64, autocomplete: 'off', id: 'user-username', value: v('username'), readonly: editing, mark: !editing, required: !editing });
    const fullName = field({ name: 'full_name', label: t('users.fullName'), maxlength: 200, id: 'user-full-name', value: v('full_name'), autocomplete: 'off', mark: true, required: true });
    const email = field({ name: 'email', label: t('users.email'), type: 'email', maxlength: 254, id: 'user-email', value: v('email'), autocomplete: 'off' });
    const phone = field({ name: 'phone', label: t('users.phone'), type: 'tel', maxlength: 32, id: 'user-phone', value: v('phone'), autocomplete: 'off' });
    const unit = field({ name: 'unit', label: t('users.unit'), id: 'user-unit', options: unitOptions(editing && u.unit ? u.unit.code : '', t('units.noParent')) });
    const roles = rolesField(editing ? u.roles : []);
    const password = editing ? null : field({ name: 'password', label: t('users.password'), hint: t('users.passwordHint'), type: 'password', maxlength: 128, id: 'user-password', autocomplete: 'new-password' });
    const fields = { username, full_name: fullName, email, phone, unit, roles, password };
    const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'user-save' }, t(editing ? 'users.save' : 'users.add'));
    const titleId = newId('user-form');
    const form = h('form', { class: 'setup-form', id: 'user-form', novalidate: true, 'aria-labelledby': titleId },
      h('h2', { id: titleId }, editing ? t('users.editOf', { username: u.username }) : t('users.new')),
      editing ? h('p', null, h('span', { class: `badge ${u.active ? 'badge-ok' : 'badge-paused'}`, id: 'user-state' }, t(u.active ? 'users.active' : 'users.disabled')),
        u.must_change_password ? [' ', h('span', { class: 'badge badge-soon', id: 'user-must-change' }, t('users.mustChange'))] : null) : null,
      formAlert,
      h('div', { class: 'setup-grid' }, username.row, fullName.row, email.row, phone.row, unit.row, password ? password.row : null),
      roles.row,
      h('div', { class: 'form-actions' }, save,
        editing ? h('button', { type: 'button', class: 'btn btn-secondary', id: 'user-cancel', on: { click: () => userForm(null) } }, t('common.cancel')) : null));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      for (const f of Object.values(fields)) if (f) clearFieldError(f);
      replace(formAlert);
      let bad = null;
      const need = (f, ok) => { if (!ok) { showFieldError(f, t('units.required')); bad = bad || f; } };
      if (!editing) need(username, username.input.value.trim());
      need(fullName, fullName.input.value.trim());
      need(roles, roles.values().length);
      if (bad) { bad.input.focus(); return; }
      const body = {
        full_name: fullName.input.value.trim(),
        email: email.input.value.trim(),
        phone: phone.input.value.trim(),
        roles: roles.values(),
      };
      if (unit.input.value) body.unit = unit.input.value;
      save.disabled = true;
      try {
        let r;
        if (editing) {
          r = await api('PUT', `/api/v1/users/${encodeURIComponent(u.username)}`, body);
        } else {
          const nb = { username: username.input.value.trim(), ...body };
          if (!nb.email) delete nb.email;
          if (!nb.phone) delete nb.phone;
          if (password.input.value) nb.password = password.input.value;
          r = await post('/api/v1/users', nb, { idempotencyKey: createKey(nb) });
          createKey.done();
        }
        if (!ctx.isCurrent()) return;
        await load();
        userForm(editing ? r.user : null);
        replace(status, done(editing ? t('users.saved', { username: r.user.username }) : t('users.created', { username: r.user.username }), r));
      } catch (err) {
        save.disabled = false;
        showError(err, fields, formAlert);
      }
    });
    replace(formBox, form, editing ? actions(u) : null, editing ? history(u) : null);
    if (editing) fullName.input.focus();
  }

  /** The success message, with a generated password shown this once. */
  function done(message, r) {
    return h('div', { class: 'alert alert-success' },
      h('p', null, message),
      r.initial_password ? h('p', null, t('users.initialPassword'), ' ',
        h('strong', { class: 'code', id: 'user-initial-password' }, r.initial_password)) : null,
      r.initial_password ? h('p', { class: 'hint' }, t('users.initialPasswordHint')) : null);
  }

  function showError(err, fields, where) {
    const name = err instanceof ApiError && err.field ? err.field.replace(/\[\d+\]$/, '') : null;
    const f = name ? fields[name] : null;
    if (f) { showFieldError(f, errorText(err)); f.input.focus(); } else replace(where, h('p', { class: 'alert alert-error' }, errorText(err)));
  }

  /** Reset the password; disable or enable — each after a confirmation in the page. */
  function actions(u) {
    const box = h('div', { class: 'user-actions', id: 'user-actions' });
    const self = u.username === user.username;
    const ask = (question, yesLabel, run) => {
      const yes = h('button', { type: 'button', class: 'btn btn-danger', id: 'user-confirm-yes' }, yesLabel);
      const no = h('button', { type: 'button', class: 'btn btn-secondary', id: 'user-confirm-no', on: { click: () => draw() } }, t('common.cancel'));
      const alert = h('div', { class: 'form-alert', role: 'alert' });
      yes.addEventListener('click', async () => {
        yes.disabled = true;
        try { await run(); } catch (err) { yes.disabled = false; showError(err, {}, alert); }
      });
      replace(box, h('div', { class: 'card confirm-panel', role: 'alertdialog', id: 'user-confirm', 'aria-labelledby': 'user-confirm-q',
        on: { keydown: (e) => { if (e.key === 'Escape') draw(); } } },
        h('p', { id: 'user-confirm-q' }, question), alert,
        h('div', { class: 'form-actions' }, yes, no)));
      no.focus();
    };
    const after = async (r, message) => {
      if (!ctx.isCurrent()) return;
      await load();
      userForm(r.user);
      replace(status, done(message, r));
    };
    const draw = () => replace(box,
      h('h3', null, t('users.actions')),
      h('div', { class: 'form-actions' },
        self ? h('a', { href: '#/password', class: 'btn btn-secondary', id: 'user-own-password' }, t('users.ownPassword')) : h('button', {
          type: 'button', class: 'btn btn-secondary', id: 'user-reset',
          on: { click: () => ask(t('users.resetConfirm', { username: u.username }), t('users.reset'),
            async () => after(await post(`/api/v1/users/${encodeURIComponent(u.username)}/password`, {}), t('users.resetDone', { username: u.username }))) },
        }, t('users.reset')),
        self ? null : h('button', {
          type: 'button', class: `btn ${u.active ? 'btn-danger' : 'btn-secondary'}`, id: u.active ? 'user-disable' : 'user-enable',
          on: { click: () => (u.active
            ? ask(t('users.disableConfirm', { username: u.username }), t('users.disable'),
              async () => after(await api('PUT', `/api/v1/users/${encodeURIComponent(u.username)}`, { active: false }), t('users.disabledDone', { username: u.username })))
            : api('PUT', `/api/v1/users/${encodeURIComponent(u.username)}`, { active: true })
              .then((r) => after(r, t('users.enabledDone', { username: u.username })))
              .catch((err) => showError(err, {}, box))) },
        }, t(u.active ? 'users.disable' : 'users.enable'))));
    draw();
    return box;
  }

  function history(u) {
    const items = u.history || [];
    return h('section', { class: 'user-history', id: 'user-history', 'aria-labelledby': 'user-history-title' },
      h('h3', { id: 'user-history-title' }, t('users.history')),
      items.length ? h('ol', { class: 'history-list' }, items.map((x) => h('li', null,
        h('time', null, formatDateTime(x.at)), ' — ', whatText(x.what), ' — ', byText(x.by))))
        : h('p', { class: 'empty' }, t('users.noHistory')));
  }

  await load();
  if (ctx.isCurrent()) userForm(null);
}
