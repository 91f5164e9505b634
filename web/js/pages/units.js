// #/units — the administrator's organisation tree: every unit with its
// electronic identifier (the prefix of the dossier codes it gives), parent
// and office hours, a form to add one and the same form to change one (its
// code never changes). Reads GET /api/v1/units; writes POST /api/v1/units
// and PUT /api/v1/units/{code}. Errors the server names a field for are
// shown at that field. Other roles get a message and no controls.
import { h, replace, newId } from '../dom.js';
import { t, localName } from '../i18n.js';
import { get, api, post, ApiError } from '../api.js';
import { currentUser } from '../session.js';
import { errorText } from '../dossiers.js';
import { field, showFieldError, clearFieldError } from '../forms.js';

export async function render(ctx) {
  const { main } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate(`/login?next=${encodeURIComponent('/units')}`); return; }
  ctx.setTitle(t('units.title'));
  const intro = h('div', { class: 'page-intro' },
    h('h1', { id: 'units-title' }, t('units.title')),
    h('p', { class: 'lead' }, t('units.intro')));
  if (!(Array.isArray(user.roles) && user.roles.includes('admin'))) {
    replace(main, intro,
      h('p', { class: 'alert alert-error', id: 'units-denied', role: 'alert' }, t('units.forbidden')),
      h('p', null, h('a', { href: '#/home' }, t('deskSetup.backHome'))));
    return;
  }
  const status = h('div', { id: 'units-status', role: 'status' });
  const tableBox = h('div', { class: 'table-wrap', id: 'units-list' });
  const formBox = h('div', { id: 'units-form-box' });
  replace(main, intro, status, tableBox, formBox);

  let units = [];
  async function load() {
    try {
      units = (await get('/api/v1/units')).items || [];
    } catch (err) {
      if (ctx.isCurrent()) replace(tableBox, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
      return false;
    }
    return ctx.isCurrent();
  }

  function draw() {
    const byCode = new Map(units.map((u) => [u.code, u]));
    replace(tableBox, h('table', { class: 'table', id: 'units-table' },
      h('caption', { class: 'visually-hidden' }, t('units.title')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('units.code')),
        h('th', { scope: 'col' }, t('units.name')),
        h('th', { scope: 'col' }, t('units.ident')),
        h('th', { scope: 'col' }, t('units.parent')),
        h('th', { scope: 'col' }, t('units.hours')),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('units.actions'))))),
      h('tbody', null, units.map((u) => h('tr', { dataset: { code: u.code } },
        h('th', { scope: 'row', 'data-label': t('units.code') }, u.code),
        h('td', { 'data-label': t('units.name') }, localName(u)),
        h('td', { 'data-label': t('units.ident') }, h('span', { class: 'code' }, u.ident)),
        h('td', { 'data-label': t('units.parent') }, u.parent ? localName(byCode.get(u.parent) || { name: u.parent }) : t('common.dash')),
        h('td', { 'data-label': t('units.hours') }, u.office_hours),
        h('td', null, h('button', {
          type: 'button', class: 'btn btn-secondary btn-small', id: `unit-edit-${u.code}`,
          'aria-label': t('units.editOf', { code: u.code }),
          on: { click: () => unitForm(u) },
        }, t('units.edit'))))))));
  }

  function unitForm(unit) {
    const editing = Boolean(unit);
    const formAlert = h('div', { class: 'form-alert', role: 'alert' });
    const v = (k) => (editing ? unit[k] || '' : '');
    const code = field({ name: 'code', label: t('units.code'), hint: t('units.codeHint'), maxlength: 32, autocomplete: 'off', id: 'unit-code', value: v('code'), readonly: editing });
    const ident = field({ name: 'ident', label: t('units.ident'), hint: t('units.identHint'), maxlength: 40, autocomplete: 'off', id: 'unit-ident', value: v('ident') });
    const name = field({ name: 'name', label: t('units.nameVi'), maxlength: 200, id: 'unit-name', lang: 'vi', value: v('name') });
    const nameEn = field({ name: 'name_en', label: t('units.nameEn'), maxlength: 200, id: 'unit-name-en', lang: 'en', value: v('name_en') });
    const hours = field({ name: 'office_hours', label: t('units.hours'), hint: t('units.hoursHint'), maxlength: 400, autocomplete: 'off', id: 'unit-hours', value: editing ? unit.office_hours : '07:30-11:30,13:00-17:00' });
    const parentId = 'unit-parent';
    const parentError = h('p', { class: 'field-error', id: `${parentId}-error`, hidden: true });
    const parentSelect = h('select', { id: parentId, name: 'parent', class: 'input', 'aria-describedby': `${parentId}-error` },
      h('option', { value: '' }, t('units.noParent')),
      units.filter((u) => !editing || u.code !== unit.code).map((u) => h('option', { value: u.code, selected: editing && unit.parent === u.code }, `${u.code} — ${localName(u)}`)));
    const parentRow = h('div', { class: 'form-row' }, h('label', { for: parentId, class: 'label' }, t('units.parent')), parentError, parentSelect);
    const parent = { row: parentRow, input: parentSelect, error: parentError };
    const fields = { code, ident, name, name_en: nameEn, office_hours: hours, parent };
    const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'unit-save' }, t(editing ? 'units.save' : 'units.add'));
    const titleId = newId('unit-form');
    const form = h('form', { class: 'setup-form', id: 'unit-form', novalidate: true, 'aria-labelledby': titleId },
      h('h2', { id: titleId }, editing ? t('units.editOf', { code: unit.code }) : t('units.new')),
      formAlert,
      h('div', { class: 'setup-grid' }, code.row, ident.row, name.row, nameEn.row, parentRow, hours.row),
      h('div', { class: 'form-actions' }, save,
        editing ? h('button', { type: 'button', class: 'btn btn-secondary', id: 'unit-cancel', on: { click: () => unitForm(null) } }, t('common.cancel')) : null));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      for (const f of Object.values(fields)) clearFieldError(f);
      replace(formAlert);
      let bad = null;
      if (!editing && !code.input.value.trim()) { showFieldError(code, t('units.required')); bad = bad || code; }
      if (!ident.input.value.trim()) { showFieldError(ident, t('units.required')); bad = bad || ident; }
      if (!name.input.value.trim()) { showFieldError(name, t('units.required')); bad = bad || name; }
      if (bad) { bad.input.focus(); return; }
      const body = {
        ident: ident.input.value.trim(),
        name: name.input.value.trim(),
        name_en: nameEn.input.value.trim(),
        parent: parentSelect.value,
        office_hours: hours.input.value.trim(),
      };
      save.disabled = true;
      try {
        const u = editing ? await api('PUT', `/api/v1/units/${encodeURIComponent(unit.code)}`, body)
          : await post('/api/v1/units', { code: code.input.value.trim(), ...body, parent: body.parent || undefined });
        if (!ctx.isCurrent()) return;
        if (!(await load())) return;
        draw();
        unitForm(null);
        replace(status, h('p', { class: 'alert alert-success' }, t(editing ? 'units.saved' : 'units.created', { code: u.code })));
      } catch (err) {
        save.disabled = false;
        const f = err instanceof ApiError && err.field ? fields[err.field] : null;
        if (f) { showFieldError(f, errorText(err)); f.input.focus(); } else replace(formAlert, h('p', { class: 'alert alert-error' }, errorText(err)));
      }
    });
    replace(formBox, form);
    if (editing) name.input.focus();
  }

  if (!(await load())) return;
  draw();
  unitForm(null);
}
