// #/desk-setup[/UNIT] — the administrator's set-up of a unit's one-stop
// desk: its queue services (a letter, names in Vietnamese and English,
// active or not) and counters (number, name, active, the services they
// serve, the receiving officers allowed at them), and the desk's
// "always open" switch. Reads GET /api/v1/queue/units/{unit}/setup and
// the unit's receiving officers; writes with the set-up routes of
// docs/openapi.yaml. Errors the server names a field for are shown at that
// field. Other roles get a message and no controls (the set-up GET is open
// to receiving officers too, the changes are not).
import { h, replace, newId } from '../dom.js';
import { t, localName } from '../i18n.js';
import { get, api, post, ApiError } from '../api.js';
import { currentUser } from '../session.js';
import { errorText } from '../dossiers.js';
import { field, showFieldError, clearFieldError } from '../forms.js';

const enc = encodeURIComponent;

function alertBox(el, kind, text) {
  replace(el, text ? h('p', { class: `alert alert-${kind}` }, text) : null);
}

/** A checkbox with its label: {input, row}. */
function check(name, label, checked, extra = {}) {
  const id = newId(`c-${name}`);
  const input = h('input', { type: 'checkbox', id, name, checked, ...extra });
  return { input, row: h('div', { class: 'checkbox-row' }, h('label', { class: 'check', for: id }, input, h('span', null, label))) };
}

/** A fieldset of checkboxes with an error slot; {el, boxes, error, setError}. */
function checkGroup(name, legend, hint, items) {
  const id = newId(`g-${name}`);
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const boxes = items.map((it) => ({ value: it.value, ...check(name, it.label, it.checked) }));
  const el = h('fieldset', { class: 'fieldset', id, 'aria-describedby': `${id}-hint ${id}-error` },
    h('legend', { class: 'label' }, legend),
    h('p', { class: 'hint', id: `${id}-hint` }, hint),
    error,
    boxes.length ? h('div', { class: 'setup-checks' }, boxes.map((b) => b.row)) : h('p', { class: 'empty' }, t('deskSetup.noneToChoose')));
  return {
    el, boxes, error,
    values: () => boxes.filter((b) => b.input.checked).map((b) => b.value),
    setError(msg) { error.textContent = msg || ''; error.hidden = !msg; el.classList.toggle('has-error', Boolean(msg)); },
  };
}

export async function render(ctx) {
  const { main, match } = ctx;
  const user = currentUser();
  const unit = (match && match[1]) || (user && user.unit && user.unit.code) || '';
  if (!user) {
    ctx.navigate(`/login?next=${enc(`/desk-setup${unit ? `/${unit}` : ''}`)}`);
    return;
  }
  ctx.setTitle(t('deskSetup.title'));
  const isAdmin = Array.isArray(user.roles) && user.roles.includes('admin');
  const heading = h('h1', { id: 'desk-setup-title' }, t('deskSetup.title'));
  const intro = h('div', { class: 'page-intro' }, heading, h('p', { class: 'lead' }, t('deskSetup.intro')));
  const denied = () => replace(main, intro,
    h('p', { class: 'alert alert-error', id: 'desk-setup-denied', role: 'alert' }, t('deskSetup.forbidden')),
    h('p', null, h('a', { href: '#/home' }, t('deskSetup.backHome'))));
  if (!isAdmin) { denied(); return; }

  // The unit picker: any unit's desk can be set up.
  const unitId = newId('unit');
  const unitSelect = h('select', { id: unitId, name: 'unit', class: 'input' },
    h('option', { value: '' }, t('deskSetup.chooseUnit')));
  unitSelect.addEventListener('change', () => { if (unitSelect.value) ctx.navigate(`/desk-setup/${enc(unitSelect.value)}`); });
  const unitRow = h('div', { class: 'form-row setup-unit' }, h('label', { for: unitId, class: 'label' }, t('deskSetup.unit')), unitSelect);
  const body = h('div', { id: 'desk-setup-body' });
  replace(main, intro, unitRow, body);

  const units = await get('/api/v1/units').then((r) => r.items || []).catch(() => []);
  if (!ctx.isCurrent()) return;
  for (const u of units) unitSelect.appendChild(h('option', { value: u.code, selected: u.code === unit }, localName(u)));
  if (!unit) { replace(body, h('p', { class: 'alert alert-info' }, t('deskSetup.pickUnit'))); return; }

  let setup = null;
  let officers = [];
  const base = `/api/v1/queue/units/${enc(unit)}`;

  async function load() {
    try {
      [setup, officers] = await Promise.all([
        get(`${base}/setup`),
        get(`/api/v1/units/${enc(unit)}/officers`, { role: 'receiver' }).then((r) => r.items || []).catch(() => []),
      ]);
    } catch (err) {
      if (!ctx.isCurrent()) return false;
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) { denied(); return false; }
      replace(body, h('p', { class: 'alert alert-error', role: 'alert', id: 'desk-setup-error' },
        err instanceof ApiError && err.status === 404 ? t('queue.noDesk') : errorText(err)));
      return false;
    }
    return ctx.isCurrent();
  }

  if (!(await load())) return;
  heading.textContent = t('deskSetup.titleUnit', { unit: localName(setup.unit) });
  ctx.setTitle(heading.textContent);

  // ---- the desk's hours ----
  const openNow = h('p', { id: 'desk-setup-open-now' }, t(setup.open ? 'deskSetup.openNow' : 'deskSetup.closedNow'));
  const deskStatus = h('div', { id: 'desk-setup-desk-status', role: 'status' });
  const always = check('always_open', t('deskSetup.alwaysOpen'), setup.always_open,
    { 'aria-describedby': 'desk-setup-always-hint' });
  always.input.id = 'desk-setup-always';
  always.row.querySelector('label').setAttribute('for', 'desk-setup-always');
  always.input.addEventListener('change', async () => {
    const want = always.input.checked;
    always.input.disabled = true;
    try {
      const r = await api('PUT', `${base}/desk`, { always_open: want });
      setup.always_open = r.always_open;
      // Whether the desk is open now follows from the switch and the hours.
      const fresh = await get(`${base}/setup`).catch(() => null);
      if (fresh) openNow.textContent = t(fresh.open ? 'deskSetup.openNow' : 'deskSetup.closedNow');
      alertBox(deskStatus, 'success', t(r.always_open ? 'deskSetup.alwaysOn' : 'deskSetup.alwaysOff'));
    } catch (err) {
      always.input.checked = !want;
      alertBox(deskStatus, 'error', errorText(err));
    }
    always.input.disabled = false;
  });
  const deskSection = h('section', { class: 'card setup-section', 'aria-labelledby': 'desk-setup-hours' },
    h('h2', { id: 'desk-setup-hours' }, t('deskSetup.hours')),
    openNow,
    always.row,
    h('p', { class: 'hint', id: 'desk-setup-always-hint' }, t('deskSetup.alwaysHint')),
    deskStatus);

  // ---- services ----
  const svcStatus = h('div', { id: 'desk-setup-svc-status', role: 'status' });
  const svcTableBox = h('div', { class: 'table-wrap', id: 'desk-setup-services' });
  const svcFormBox = h('div', { id: 'desk-setup-svc-form-box' });

  function yesNo(b) { return b ? t('deskSetup.yes') : t('deskSetup.no'); }

  function drawServices() {
    const list = setup.services || [];
    replace(svcTableBox, list.length === 0 ? h('p', { class: 'empty' }, t('deskSetup.noServices'))
      : h('table', { class: 'table', id: 'desk-setup-svc-table' },
        h('caption', { class: 'visually-hidden' }, t('deskSetup.services')),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('deskSetup.prefix')),
          h('th', { scope: 'col' }, t('deskSetup.nameVi')),
          h('th', { scope: 'col' }, t('deskSetup.nameEn')),
          h('th', { scope: 'col' }, t('deskSetup.active')),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('deskSetup.actions'))))),
        h('tbody', null, list.map((s) => h('tr', { dataset: { prefix: s.prefix, id: String(s.id) } },
          h('th', { scope: 'row', 'data-label': t('deskSetup.prefix') }, s.prefix),
          h('td', { 'data-label': t('deskSetup.nameVi') }, h('span', { lang: 'vi' }, s.name)),
          h('td', { 'data-label': t('deskSetup.nameEn') }, s.name_en ? h('span', { lang: 'en' }, s.name_en) : t('common.dash')),
          h('td', { 'data-label': t('deskSetup.active') }, yesNo(s.active)),
          h('td', null, h('button', {
            type: 'button', class: 'btn btn-secondary btn-small', id: `svc-edit-${s.id}`,
            'aria-label': t('deskSetup.editService', { prefix: s.prefix }),
            on: { click: () => serviceForm(s) },
          }, t('deskSetup.edit'))))))));
  }

  function serviceForm(svc) {
    const editing = Boolean(svc);
    const formAlert = h('div', { class: 'form-alert', role: 'alert' });
    const prefix = field({ name: 'prefix', label: t('deskSetup.prefix'), hint: t('deskSetup.prefixHint'), maxlength: 1, autocomplete: 'off', id: 'svc-prefix', value: editing ? svc.prefix : '', readonly: editing });
    const name = field({ name: 'name', label: t('deskSetup.nameVi'), maxlength: 200, id: 'svc-name', lang: 'vi', value: editing ? svc.name : '' });
    const nameEn = field({ name: 'name_en', label: t('deskSetup.nameEn'), maxlength: 200, id: 'svc-name-en', lang: 'en', value: editing ? svc.name_en : '' });
    const active = editing ? check('active', t('deskSetup.active'), svc.active) : null;
    if (active) active.input.id = 'svc-active';
    if (active) active.row.querySelector('label').setAttribute('for', 'svc-active');
    const fields = { prefix, name, name_en: nameEn };
    const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'svc-save' }, t(editing ? 'deskSetup.save' : 'deskSetup.addService'));
    const titleId = newId('svc-form');
    const form = h('form', { class: 'setup-form', id: 'svc-form', novalidate: true, 'aria-labelledby': titleId },
      h('h3', { id: titleId }, editing ? t('deskSetup.editService', { prefix: svc.prefix }) : t('deskSetup.newService')),
      formAlert,
      h('div', { class: 'setup-grid' }, prefix.row, name.row, nameEn.row),
      active ? active.row : null,
      h('div', { class: 'form-actions' }, save,
        editing ? h('button', { type: 'button', class: 'btn btn-secondary', id: 'svc-cancel', on: { click: () => { serviceForm(null); } } }, t('common.cancel')) : null));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      for (const f of Object.values(fields)) clearFieldError(f);
      replace(formAlert);
      const p = prefix.input.value.trim().toUpperCase();
      prefix.input.value = p;
      let bad = null;
      if (!editing && !/^[A-Z]$/.test(p)) { showFieldError(prefix, t('deskSetup.prefixInvalid')); bad = bad || prefix; }
      if (!name.input.value.trim()) { showFieldError(name, t('deskSetup.nameRequired')); bad = bad || name; }
      if (bad) { bad.input.focus(); return; }
      const bodyJson = { name: name.input.value.trim(), name_en: nameEn.input.value.trim() };
      save.disabled = true;
      try {
        let s;
        if (editing) s = await api('PUT', `/api/v1/queue/services/${svc.id}`, { ...bodyJson, active: active.input.checked });
        else s = await post(`${base}/services`, { prefix: p, ...bodyJson });
        if (!ctx.isCurrent()) return;
        const i = setup.services.findIndex((x) => x.id === s.id);
        if (i >= 0) setup.services[i] = s; else setup.services.push(s);
        setup.services.sort((a, b) => a.prefix.localeCompare(b.prefix));
        drawServices();
        drawCounters();
        // The counter form offers the services: redraw it unless being edited.
        if (!ctrEditing) counterForm(null);
        serviceForm(null);
        alertBox(svcStatus, 'success', t(editing ? 'deskSetup.serviceSaved' : 'deskSetup.serviceAdded', { prefix: s.prefix }));
      } catch (err) {
        save.disabled = false;
        const f = err instanceof ApiError && err.field ? fields[err.field] : null;
        if (f) { showFieldError(f, errorText(err)); f.input.focus(); } else replace(formAlert, h('p', { class: 'alert alert-error' }, errorText(err)));
      }
    });
    replace(svcFormBox, form);
    if (editing) name.input.focus();
  }

  // ---- counters ----
  const ctrStatus = h('div', { id: 'desk-setup-ctr-status', role: 'status' });
  const ctrTableBox = h('div', { class: 'table-wrap', id: 'desk-setup-counters' });
  const ctrFormBox = h('div', { id: 'desk-setup-ctr-form-box' });
  const svcById = () => new Map((setup.services || []).map((s) => [s.id, s]));
  // The usernames chosen at counters saved from this page, by counter id: the
  // set-up reply lists officers by id only (see the report of this page).
  const chosen = new Map();
  let ctrEditing = false;

  // Usernames of a counter's officers: those saved from this page, else the
  // unit's officers matched by id (officers of other units stay unnamed).
  function usernamesOf(c) {
    if (chosen.has(c.id)) return chosen.get(c.id);
    const byId = new Map(officers.map((o) => [o.id, o.username]));
    return (c.officers || []).map((id) => byId.get(id)).filter(Boolean);
  }

  function officersText(c) {
    const names = usernamesOf(c);
    if (names && names.length === (c.officers || []).length && names.length) return names.join(', ');
    const n = (c.officers || []).length;
    return n ? t('deskSetup.officerCount', { n }) : t('deskSetup.anyOfficer');
  }

  function drawCounters() {
    const list = setup.counters || [];
    const byId = svcById();
    replace(ctrTableBox, list.length === 0 ? h('p', { class: 'empty' }, t('deskSetup.noCounters'))
      : h('table', { class: 'table', id: 'desk-setup-ctr-table' },
        h('caption', { class: 'visually-hidden' }, t('deskSetup.counters')),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('deskSetup.number')),
          h('th', { scope: 'col' }, t('deskSetup.counterName')),
          h('th', { scope: 'col' }, t('deskSetup.active')),
          h('th', { scope: 'col' }, t('deskSetup.servicesServed')),
          h('th', { scope: 'col' }, t('deskSetup.officers')),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('deskSetup.actions'))))),
        h('tbody', null, list.map((c) => h('tr', { dataset: { number: String(c.number), id: String(c.id) } },
          h('th', { scope: 'row', 'data-label': t('deskSetup.number') }, String(c.number)),
          h('td', { 'data-label': t('deskSetup.counterName') }, c.name || t('common.dash')),
          h('td', { 'data-label': t('deskSetup.active') }, yesNo(c.active)),
          h('td', { class: 'ctr-services', 'data-label': t('deskSetup.servicesServed') }, (c.services || []).map((id) => (byId.get(id) || { prefix: '?' }).prefix).join(', ') || t('common.dash')),
          h('td', { class: 'ctr-officers', 'data-label': t('deskSetup.officers') }, officersText(c)),
          h('td', null, h('button', {
            type: 'button', class: 'btn btn-secondary btn-small', id: `ctr-edit-${c.id}`,
            'aria-label': t('deskSetup.editCounter', { number: c.number }),
            on: { click: () => counterForm(c) },
          }, t('deskSetup.edit'))))))));
  }

  function counterForm(ctr) {
    const editing = Boolean(ctr);
    ctrEditing = editing;
    const formAlert = h('div', { class: 'form-alert', role: 'alert' });
    const number = field({ name: 'number', label: t('deskSetup.number'), hint: t('deskSetup.numberHint'), type: 'number', min: 1, max: 99, inputmode: 'numeric', id: 'ctr-number', value: editing ? String(ctr.number) : '' });
    const name = field({ name: 'name', label: t('deskSetup.counterName'), maxlength: 100, id: 'ctr-name', value: editing ? ctr.name : '' });
    const active = check('active', t('deskSetup.active'), editing ? ctr.active : true);
    active.input.id = 'ctr-active';
    active.row.querySelector('label').setAttribute('for', 'ctr-active');
    const services = checkGroup('services', t('deskSetup.servicesServed'), t('deskSetup.servicesHint'),
      (setup.services || []).map((s) => ({
        value: s.id,
        label: `${s.prefix} — ${localName(s)}${s.active ? '' : ` (${t('deskSetup.inactive')})`}`,
        checked: editing && (ctr.services || []).includes(s.id),
      })));
    const known = (editing && usernamesOf(ctr)) || [];
    const mine = new Set(officers.map((o) => o.username));
    const officerGroup = checkGroup('officers', t('deskSetup.officers'), t('deskSetup.officersHint'),
      officers.map((o) => ({ value: o.username, label: `${o.full_name} (${o.username})`, checked: known.includes(o.username) })));
    const others = field({ name: 'other_officers', label: t('deskSetup.otherOfficers'), hint: t('deskSetup.otherOfficersHint'), autocomplete: 'off', id: 'ctr-other-officers', value: known.filter((u) => !mine.has(u)).join(', ') });
    const unknownOfficers = editing && (ctr.officers || []).length > 0 && known.length !== ctr.officers.length;
    const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'ctr-save' }, t(editing ? 'deskSetup.save' : 'deskSetup.addCounter'));
    const titleId = newId('ctr-form');
    const form = h('form', { class: 'setup-form', id: 'ctr-form', novalidate: true, 'aria-labelledby': titleId },
      h('h3', { id: titleId }, editing ? t('deskSetup.editCounter', { number: ctr.number }) : t('deskSetup.newCounter')),
      formAlert,
      h('div', { class: 'setup-grid' }, number.row, name.row),
      active.row,
      services.el,
      unknownOfficers ? h('p', { class: 'alert alert-info', id: 'ctr-officers-note' }, t('deskSetup.officersUnknown', { n: ctr.officers.length })) : null,
      officerGroup.el,
      others.row,
      h('div', { class: 'form-actions' }, save,
        editing ? h('button', { type: 'button', class: 'btn btn-secondary', id: 'ctr-cancel', on: { click: () => counterForm(null) } }, t('common.cancel')) : null));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearFieldError(number); clearFieldError(name); clearFieldError(others);
      services.setError(null); officerGroup.setError(null);
      replace(formAlert);
      const n = Number(number.input.value);
      if (!Number.isInteger(n) || n < 1 || n > 99) { showFieldError(number, t('deskSetup.numberInvalid')); number.input.focus(); return; }
      const extra = others.input.value.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
      const usernames = [...officerGroup.values()];
      for (const u of extra) if (!usernames.includes(u)) usernames.push(u);
      const bodyJson = { number: n, name: name.input.value.trim(), active: active.input.checked, services: services.values(), officers: usernames };
      save.disabled = true;
      try {
        const c = editing ? await api('PUT', `/api/v1/queue/counters/${ctr.id}`, bodyJson) : await post(`${base}/counters`, bodyJson);
        if (!ctx.isCurrent()) return;
        chosen.set(c.id, usernames);
        const i = setup.counters.findIndex((x) => x.id === c.id);
        if (i >= 0) setup.counters[i] = c; else setup.counters.push(c);
        setup.counters.sort((a, b) => a.number - b.number);
        drawCounters();
        counterForm(null);
        alertBox(ctrStatus, 'success', t(editing ? 'deskSetup.counterSaved' : 'deskSetup.counterAdded', { number: c.number }));
      } catch (err) {
        save.disabled = false;
        const msg = errorText(err);
        const f = err instanceof ApiError ? err.field || '' : '';
        const m = /^officers\[(\d+)\]$/.exec(f);
        if (f === 'number') { showFieldError(number, msg); number.input.focus(); }
        else if (f === 'name') { showFieldError(name, msg); name.input.focus(); }
        else if (/^services/.test(f)) { services.setError(msg); services.el.focus(); }
        else if (m) {
          const who = usernames[Number(m[1])] || '';
          const text = `${who}: ${msg}`;
          if (mine.has(who)) officerGroup.setError(text); else { showFieldError(others, text); others.input.focus(); }
        } else replace(formAlert, h('p', { class: 'alert alert-error' }, msg));
      }
    });
    services.el.setAttribute('tabindex', '-1');
    replace(ctrFormBox, form);
    if (editing) number.input.focus();
  }

  const svcSection = h('section', { class: 'card setup-section', 'aria-labelledby': 'desk-setup-svc-title' },
    h('h2', { id: 'desk-setup-svc-title' }, t('deskSetup.services')),
    svcStatus, svcTableBox, svcFormBox);
  const ctrSection = h('section', { class: 'card setup-section', 'aria-labelledby': 'desk-setup-ctr-title' },
    h('h2', { id: 'desk-setup-ctr-title' }, t('deskSetup.counters')),
    ctrStatus, ctrTableBox, ctrFormBox);
  replace(body, deskSection, svcSection, ctrSection,
    h('p', null, h('a', { href: `#/kiosk/${enc(unit)}`, id: 'desk-setup-kiosk' }, t('deskSetup.toKiosk'))));
  drawServices();
  drawCounters();
  serviceForm(null);
  counterForm(null);
}
