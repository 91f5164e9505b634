// #/procedures-admin — the administrator's procedures (issue 15, item 3):
// every procedure with its published version and its draft, and the way to
// a new one; #/procedures-admin/CODE (or /new) — the editor of one
// procedure's draft: general data, components, internal process, fees and
// time limit. The draft is kept in the page as the catalogue file format
// (data/catalogue/README.md), the one the server reads: "Kiểm tra" sends it
// with ?dry_run=true and shows each problem at its field (the server names
// its path, e.g. components[2].name.vi), "Lưu nháp" saves it (POST for a
// new code, PUT .../draft), "Ban hành" saves and publishes it after a
// confirmation that shows the date it takes effect. The versions list says
// what changed from one version to the next.
import { h, replace, section } from '../dom.js';
import { t, getLang, localName, formatDate, formatMoney } from '../i18n.js';
import { get, api, post, ApiError, serverNow } from '../api.js';
import { currentUser } from '../session.js';
import { errorText } from '../dossiers.js';
import { field, showFieldError, clearFieldError } from '../forms.js';
import { copyTypeLabel, roleLabel, formatTimeLimit } from '../format.js';

const ROLES = ['receiver', 'specialist', 'head', 'leader', 'office', 'admin'];
const COPY_TYPES = ['original', 'certified_copy', 'copy', 'original_or_certified_copy'];
const LIMIT_UNITS = ['working_days', 'days', 'working_hours'];
const LEVELS = ['full', 'partial', 'none'];

function isAdmin(user) {
  return Boolean(user && Array.isArray(user.roles) && user.roles.includes('admin'));
}

/** Refuses anyone but an administrator; true when the page may go on. */
function guard(ctx, next) {
  const user = currentUser();
  if (!user) { ctx.navigate(`/login?next=${encodeURIComponent(next)}`); return false; }
  ctx.setTitle(t('procAdmin.title'));
  if (!isAdmin(user)) {
    replace(ctx.main, h('h1', null, t('procAdmin.title')),
      h('p', { class: 'alert alert-error', id: 'pa-denied', role: 'alert' }, t('procAdmin.forbidden')),
      h('p', null, h('a', { href: '#/home' }, t('deskSetup.backHome'))));
    return false;
  }
  return true;
}

// ---- the list ----

export async function render(ctx) {
  if (ctx.match[1]) return renderEditor(ctx, decodeURIComponent(ctx.match[1]));
  if (!guard(ctx, '/procedures-admin')) return;
  const { main } = ctx;
  const box = h('div', { class: 'table-wrap', id: 'pa-list' }, h('p', { class: 'loading', role: 'status' }, t('procedure.loading')));
  replace(main,
    h('div', { class: 'page-intro' }, h('h1', { id: 'pa-title' }, t('procAdmin.title')), h('p', { class: 'lead' }, t('procAdmin.intro'))),
    h('p', null, h('a', { href: '#/procedures-admin/new', class: 'btn btn-primary', id: 'pa-new' }, t('procAdmin.new'))),
    box);
  let items;
  try {
    items = (await get('/api/v1/procedure-drafts')).items;
  } catch (err) {
    if (ctx.isCurrent()) replace(box, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    return;
  }
  if (!ctx.isCurrent()) return;
  replace(box, h('table', { class: 'table', id: 'pa-table' },
    h('caption', { class: 'visually-hidden' }, t('procAdmin.title')),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t('procedure.code')),
      h('th', { scope: 'col' }, t('procedure.name')),
      h('th', { scope: 'col' }, t('procAdmin.published')),
      h('th', { scope: 'col' }, t('procAdmin.draft')))),
    h('tbody', null, items.map((x) => h('tr', { dataset: { code: x.code } },
      h('th', { scope: 'row', 'data-label': t('procedure.code') },
        h('a', { href: `#/procedures-admin/${encodeURIComponent(x.code)}`, id: `pa-edit-${x.code}` }, x.code)),
      h('td', { 'data-label': t('procedure.name') }, localName(x)),
      h('td', { 'data-label': t('procAdmin.published') }, x.published
        ? t('procAdmin.versionFrom', { version: x.published, date: formatDate(x.effective_from) }) : t('procAdmin.none')),
      h('td', { 'data-label': t('procAdmin.draft') }, x.draft
        ? h('span', { class: 'badge badge-soon' }, t('procAdmin.draftVersion', { version: x.draft })) : t('procAdmin.none')))))));
}

// ---- the draft as the file format ----

const text2 = (vi, en) => ({ vi: vi || '', en: en || '' });
const opt2 = (vi, en) => (vi ? { vi, en: en || '' } : null);

/** A procedure as GET /api/v1/procedures/{code} gives it, as the file format. */
export function toDraft(p) {
  const days = p.time_limit && p.time_limit.unit === 'days';
  const d = {
    code: p.code,
    national_code: p.national_code || null,
    name: text2(p.name, p.name_en),
    field: text2(p.field, p.field_en),
    unit: p.unit && p.unit.code,
    online_level: p.online_level,
    time_limit: { value: p.time_limit.value, unit: p.time_limit.unit },
    result_type: text2(p.result_type, p.result_type_en),
    legal_basis: [...(p.legal_basis || [])],
    notes: p.notes || '',
    subjects: p.subjects ?? null,
    sets: p.sets ?? null,
    decision_date: p.decision_date ?? null,
    published_date: p.published_date ?? null,
    components: (p.components || []).map((c) => ({
      name: text2(c.name, c.name_en), template: c.template || null, copy_type: c.copy_type, copies: c.copies,
      mandatory: c.mandatory, condition: c.mandatory ? null : opt2(c.condition, c.condition_en), doc_type: c.doc_type || '',
    })),
    process: (p.process || []).map((s) => ({ name: text2(s.name, s.name_en), role: s.role, unit: s.unit, [days ? 'days' : 'hours']: days ? s.days : s.hours })),
    fees: (p.fees || []).map((f) => ({
      name: text2(f.name, f.name_en), amount: f.amount, per: f.per || null, due: f.due || 'receipt',
      exemption: f.exemption ? { who: f.exemption.who, basis: f.exemption.basis } : null, note: opt2(f.note, f.note_en),
    })),
  };
  if (p.digitize_at_receipt === false) d.digitize_at_receipt = false;
  return d;
}

function blankDraft(unit) {
  return {
    code: '', national_code: null, name: text2(), field: text2(), unit, online_level: 'partial',
    time_limit: { value: 5, unit: 'working_days' }, result_type: text2(), legal_basis: [], notes: '',
    components: [], process: [], fees: [],
  };
}

const newComponent = () => ({ name: text2(), template: null, copy_type: 'original', copies: 1, mandatory: true, condition: null, doc_type: '' });
const newStep = (unit, days) => ({ name: text2(), role: 'specialist', unit, [days ? 'days' : 'hours']: 8 });
const newFee = () => ({ name: text2(), amount: 0, per: null, due: 'receipt', exemption: null, note: null });

/** The draft as sent: empty optional texts dropped, the step shares named for the limit's unit. */
export function cleaned(d) {
  const days = d.time_limit.unit === 'days';
  const out = JSON.parse(JSON.stringify(d));
  out.process = out.process.map((s) => {
    const share = s.hours ?? s.days ?? 0;
    const x = { name: s.name, role: s.role, unit: s.unit };
    x[days ? 'days' : 'hours'] = share;
    return x;
  });
  for (const c of out.components) {
    if (c.condition && !c.condition.vi && !c.condition.en) c.condition = null;
    if (!c.template) c.template = null;
  }
  for (const f of out.fees) {
    if (f.note && !f.note.vi && !f.note.en) f.note = null;
    if (f.exemption && !f.exemption.who && !f.exemption.basis) f.exemption = null;
    if (!f.per) f.per = null;
  }
  for (const k of ['national_code', 'subjects']) if (!out[k]) out[k] = null;
  return out;
}

// ---- the editor ----

async function renderEditor(ctx, codeArg) {
  if (!guard(ctx, `/procedures-admin/${codeArg}`)) return;
  const { main } = ctx;
  const isNew = codeArg === 'new';
  replace(main, h('p', { class: 'loading', role: 'status' }, t('procedure.loading')));
  let units = [];
  let fields = [];
  let draft;
  let exists = !isNew;
  let hasDraft = false;
  let versions = [];
  try {
    [units, fields] = await Promise.all([
      get('/api/v1/units').then((r) => r.items),
      get('/api/v1/fields').then((r) => r.items).catch(() => []),
    ]);
    if (isNew) {
      draft = blankDraft(units.length ? units[0].code : '');
    } else {
      const path = `/api/v1/procedures/${encodeURIComponent(codeArg)}`;
      versions = (await get(`${path}/versions`)).items;
      const last = versions[versions.length - 1];
      hasDraft = Boolean(last && last.status === 'draft');
      draft = toDraft(await get(path, { version: last.version }));
    }
  } catch (err) {
    if (ctx.isCurrent()) replace(main, h('h1', null, t('procAdmin.title')), h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    return;
  }
  if (!ctx.isCurrent()) return;

  const inputs = new Map(); // field path -> {row, input, error}
  const sectionErrors = new Map(); // section path -> element
  const status = h('div', { id: 'pa-status', role: 'status', 'aria-live': 'polite' });
  const problemsBox = h('div', { id: 'pa-problems' });
  const body = h('div', { id: 'pa-body' });
  const versionsBox = h('div', { id: 'pa-versions' });
  const confirmBox = h('div', { id: 'pa-confirm' });
  const unitOptions = (selected) => units.map((u) => h('option', { value: u.code, selected: u.code === selected }, `${u.code} — ${localName(u)}`));

  /** A field bound to get()/set(v) of the draft, registered under path. */
  function bound(path, opts, getv, setv) {
    const f = field({ ...opts, value: getv() ?? '' });
    const ev = f.input.tagName === 'SELECT' || f.input.type === 'checkbox' ? 'change' : 'input';
    f.input.addEventListener(ev, () => { setv(f.input.type === 'checkbox' ? f.input.checked : f.input.value); dirty(); });
    inputs.set(path, f);
    return f;
  }
  function check(path, label, getv, setv, id) {
    const cid = id || `pa-${path.replace(/[^a-z0-9]+/gi, '-')}`;
    const input = h('input', { type: 'checkbox', id: cid, checked: Boolean(getv()) });
    const error = h('p', { class: 'field-error', id: `${cid}-error`, hidden: true });
    const row = h('div', { class: 'form-row form-check' }, error, h('label', { for: cid }, input, ' ', label));
    input.addEventListener('change', () => { setv(input.checked); dirty(); });
    const f = { row, input, error };
    inputs.set(path, f);
    return f;
  }
  const fid = (path) => `pa-${path.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}`;
  const txt = (path, label, obj, key, extra = {}) => bound(path, { name: path, label, id: fid(path), autocomplete: 'off', ...extra }, () => obj[key], (v) => { obj[key] = v; });
  const pair = (path, label, obj, key, extra = {}) => {
    if (!obj[key]) obj[key] = text2();
    const o = obj[key];
    return [
      txt(`${path}.vi`, t('procAdmin.inVi', { label }), o, 'vi', { lang: 'vi', ...extra }).row,
      txt(`${path}.en`, t('procAdmin.inEn', { label }), o, 'en', { lang: 'en', ...extra }).row,
    ];
  };
  const num = (path, label, obj, key, extra = {}) => bound(path, { name: path, label, id: fid(path), type: 'number', inputmode: 'numeric', ...extra },
    () => obj[key], (v) => { obj[key] = v === '' ? 0 : Number(v); });
  const sel = (path, label, obj, key, options) => bound(path, { name: path, label, id: fid(path), options }, () => obj[key], (v) => { obj[key] = v; });
  const secError = (path) => { const e = h('p', { class: 'field-error', id: fid(`${path}-err`), hidden: true }); sectionErrors.set(path, e); return e; };

  let changed = false;
  function dirty() { changed = true; updateSum(); }

  function moveBtn(list, i, d, what) {
    const j = i + d;
    return h('button', { type: 'button', class: 'btn btn-secondary btn-small', disabled: j < 0 || j >= list.length,
      'aria-label': t(d < 0 ? 'procAdmin.moveUp' : 'procAdmin.moveDown', { what, n: i + 1 }),
      on: { click: () => { [list[i], list[j]] = [list[j], list[i]]; dirty(); draw(); } } }, d < 0 ? '↑' : '↓');
  }
  function removeBtn(list, i, what, id) {
    return h('button', { type: 'button', class: 'btn btn-secondary btn-small', id,
      'aria-label': t('procAdmin.removeOf', { what, n: i + 1 }),
      on: { click: () => { list.splice(i, 1); dirty(); draw(); } } }, t('procAdmin.remove'));
  }
  const itemHead = (title, list, i, what, id) => h('div', { class: 'pa-item-head' }, h('h3', null, title),
    h('div', { class: 'pa-item-tools' }, moveBtn(list, i, -1, what), moveBtn(list, i, 1, what), removeBtn(list, i, what, id)));

  function generalSection() {
    const d = draft;
    const code = txt('code', t('procedure.code'), d, 'code', { maxlength: 32, readonly: exists, hint: t('procAdmin.codeHint') });
    const fieldList = h('datalist', { id: 'pa-fields' }, fields.map((f) => h('option', { value: f.name })));
    const legal = bound('legal_basis', { name: 'legal_basis', label: t('procedure.legalBasis'), id: 'pa-legal', multiline: true, rows: 4, hint: t('procAdmin.legalHint'), lang: 'vi' },
      () => d.legal_basis.join('\n'), (v) => { d.legal_basis = v.split('\n').map((x) => x.trim()).filter(Boolean); });
    d.legal_basis.forEach((_, i) => inputs.set(`legal_basis[${i}]`, legal));
    return section('pa-general', t('procAdmin.general'),
      h('div', { class: 'setup-grid' },
        code.row,
        txt('national_code', t('procedure.nationalCode'), d, 'national_code', { maxlength: 32 }).row,
        ...pair('name', t('procedure.name'), d, 'name', { maxlength: 500 }),
        ...pair('field', t('procedure.field'), d, 'field', { maxlength: 500, list: 'pa-fields' }),
        sel('unit', t('procedure.unit'), d, 'unit', unitOptions(d.unit)).row,
        sel('online_level', t('procedure.onlineLevel'), d, 'online_level', LEVELS.map((l) => h('option', { value: l, selected: d.online_level === l }, t(`level.${l}`)))).row,
        ...pair('result_type', t('procedure.resultType'), d, 'result_type', { maxlength: 500 }),
        txt('subjects', t('procAdmin.subjects'), d, 'subjects', { maxlength: 1000, lang: 'vi' }).row),
      fieldList, legal.row,
      bound('notes', { name: 'notes', label: t('procAdmin.notes'), id: 'pa-notes', multiline: true, rows: 3, hint: t('procAdmin.notesHint'), lang: 'vi' },
        () => d.notes, (v) => { d.notes = v; }).row);
  }

  const sumHint = h('p', { class: 'hint', id: 'pa-share-sum', 'aria-live': 'polite' });
  /** The steps' shares against the time limit, said again on every change. */
  function updateSum() {
    const tl = draft.time_limit;
    const want = tl.unit === 'working_days' ? tl.value * 8 : tl.value;
    const sum = draft.process.reduce((s, x) => s + (Number(x.hours ?? x.days) || 0), 0);
    sumHint.textContent = t(tl.unit === 'days' ? 'procAdmin.sumDays' : 'procAdmin.sumHours', { sum, want });
  }

  function timeSection() {
    const tl = draft.time_limit;
    const unitSel = sel('time_limit.unit', t('procAdmin.limitUnit'), tl, 'unit', LIMIT_UNITS.map((u) => h('option', { value: u, selected: tl.unit === u }, t(`procAdmin.unit.${u}`))));
    // The steps' shares are hours or days with the unit: their fields change.
    unitSel.input.addEventListener('change', () => draw());
    const value = num('time_limit.value', t('procAdmin.limitValue'), tl, 'value', { min: 0, max: 3650 });
    return section('pa-time', t('procedure.timeLimit'), h('div', { class: 'setup-grid' }, value.row, unitSel.row), sumHint);
  }

  function componentsSection() {
    const list = draft.components;
    return section('pa-components', t('procedure.components'), secError('components'),
      h('ol', { class: 'pa-items', id: 'pa-component-list' }, list.map((c, i) => {
        const p = `components[${i}]`;
        const mand = check(`${p}.mandatory`, t('procAdmin.mandatory'), () => c.mandatory, (v) => { c.mandatory = v; if (v) c.condition = null; else c.condition = c.condition || text2(); draw(); });
        return h('li', { class: 'pa-item card', dataset: { index: i } }, secError(p),
          itemHead(t('procAdmin.componentN', { n: i + 1 }), list, i, t('procAdmin.component'), `pa-component-remove-${i}`),
          h('div', { class: 'setup-grid' },
            ...pair(`${p}.name`, t('procedure.componentName'), c, 'name', { maxlength: 500 }),
            sel(`${p}.copy_type`, t('procedure.copyType'), c, 'copy_type', COPY_TYPES.map((x) => h('option', { value: x, selected: c.copy_type === x }, copyTypeLabel(x)))).row,
            num(`${p}.copies`, t('procAdmin.copies'), c, 'copies', { min: 1, max: 10 }).row,
            txt(`${p}.template`, t('procedure.template'), c, 'template', { maxlength: 200, hint: t('procAdmin.templateHint') }).row,
            txt(`${p}.doc_type`, t('procAdmin.docType'), c, 'doc_type', { maxlength: 80, hint: t('procAdmin.docTypeHint') }).row),
          mand.row,
          c.mandatory ? null : h('div', { class: 'setup-grid' }, ...pair(`${p}.condition`, t('procAdmin.condition'), c, 'condition', { maxlength: 1000 })));
      })),
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'pa-component-add', on: { click: () => { list.push(newComponent()); dirty(); draw(`components[${list.length - 1}].name.vi`); } } }, t('procAdmin.addComponent')));
  }

  function stepsSection() {
    const list = draft.process;
    const days = draft.time_limit.unit === 'days';
    return section('pa-process', t('procedure.process'), secError('process'),
      h('ol', { class: 'pa-items', id: 'pa-step-list' }, list.map((s, i) => {
        const p = `process[${i}]`;
        const key = days ? 'days' : 'hours';
        if (s[key] === undefined) { s[key] = s.hours ?? s.days ?? 0; delete s[days ? 'hours' : 'days']; }
        return h('li', { class: 'pa-item card', dataset: { index: i } }, secError(p),
          itemHead(t('procAdmin.stepN', { n: i + 1 }), list, i, t('procAdmin.step'), `pa-step-remove-${i}`),
          h('div', { class: 'setup-grid' },
            ...pair(`${p}.name`, t('procAdmin.stepName'), s, 'name', { maxlength: 500 }),
            sel(`${p}.role`, t('procAdmin.role'), s, 'role', ROLES.map((r) => h('option', { value: r, selected: s.role === r }, roleLabel(r)))).row,
            sel(`${p}.unit`, t('procedure.unit'), s, 'unit', unitOptions(s.unit)).row,
            num(`${p}.${key}`, t(days ? 'procAdmin.shareDays' : 'procAdmin.shareHours'), s, key, { min: 0 }).row));
      })),
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'pa-step-add', on: { click: () => { list.push(newStep(draft.unit, days)); dirty(); draw(`process[${list.length - 1}].name.vi`); } } }, t('procAdmin.addStep')));
  }

  function feesSection() {
    const list = draft.fees;
    return section('pa-fees', t('procedure.fees'), secError('fees'),
      list.length ? null : h('p', { class: 'hint' }, t('procedure.noFees')),
      h('ol', { class: 'pa-items', id: 'pa-fee-list' }, list.map((f, i) => {
        const p = `fees[${i}]`;
        const tbc = check(`${p}.tbc`, t('procAdmin.toBeConfirmed'), () => f.amount === null, (v) => { f.amount = v ? null : 0; draw(); });
        const hasEx = check(`${p}.has_exemption`, t('procAdmin.hasExemption'), () => Boolean(f.exemption), (v) => { f.exemption = v ? { who: '', basis: '' } : null; draw(); });
        return h('li', { class: 'pa-item card', dataset: { index: i } }, secError(p),
          itemHead(t('procAdmin.feeN', { n: i + 1 }), list, i, t('procAdmin.fee'), `pa-fee-remove-${i}`),
          h('div', { class: 'setup-grid' },
            ...pair(`${p}.name`, t('procedure.feeName'), f, 'name', { maxlength: 500 }),
            f.amount === null ? null : num(`${p}.amount`, t('procAdmin.amount'), f, 'amount', { min: 0, hint: t('procAdmin.amountHint') }).row,
            txt(`${p}.per`, t('procAdmin.per'), f, 'per', { maxlength: 32, hint: t('procAdmin.perHint') }).row,
            sel(`${p}.due`, t('procAdmin.due'), f, 'due', ['receipt', 'before_return'].map((x) => h('option', { value: x, selected: f.due === x }, t(`procAdmin.due.${x}`)))).row),
          tbc.row, hasEx.row,
          f.exemption ? h('div', { class: 'setup-grid' },
            txt(`${p}.exemption.who`, t('procAdmin.exemptWho'), f.exemption, 'who', { maxlength: 1000, lang: 'vi' }).row,
            txt(`${p}.exemption.basis`, t('procAdmin.exemptBasis'), f.exemption, 'basis', { maxlength: 1000, lang: 'vi' }).row) : null,
          h('div', { class: 'setup-grid' }, ...pair(`${p}.note`, t('procedure.feeNote'), f, 'note', { maxlength: 1000 })));
      })),
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'pa-fee-add', on: { click: () => { list.push(newFee()); dirty(); draw(`fees[${list.length - 1}].name.vi`); } } }, t('procAdmin.addFee')));
  }

  function draw(focusPath) {
    inputs.clear();
    sectionErrors.clear();
    replace(body, generalSection(), timeSection(), componentsSection(), stepsSection(), feesSection());
    updateSum();
    if (focusPath && inputs.get(focusPath)) inputs.get(focusPath).input.focus();
  }

  // ---- checking, saving, publishing ----

  function clearProblems() {
    for (const f of inputs.values()) clearFieldError(f);
    for (const e of sectionErrors.values()) { e.textContent = ''; e.hidden = true; }
    replace(problemsBox);
  }

  /** The nearest place of path: its field, a shorter path's, or its section. */
  function placeOf(path) {
    for (let p = path; p; p = p.replace(/(\.[^.[]*|\[\d+\])$/, '')) {
      if (inputs.has(p)) return { field: inputs.get(p) };
      if (sectionErrors.has(p)) return { box: sectionErrors.get(p) };
      if (!/(\.[^.[]*|\[\d+\])$/.test(p)) break;
    }
    return null;
  }

  function showProblems(details) {
    clearProblems();
    const msg = (d) => (getLang() === 'en' ? d.en : d.vi);
    let first = null;
    const placed = new Map();
    for (const d of details) {
      const pl = d.field ? placeOf(d.field) : null;
      if (pl && pl.field) {
        const prev = placed.get(pl.field);
        showFieldError(pl.field, prev ? `${prev} ${msg(d)}` : msg(d));
        placed.set(pl.field, pl.field.error.textContent);
        first = first || pl.field.input;
      } else if (pl && pl.box) {
        pl.box.textContent = pl.box.hidden ? msg(d) : `${pl.box.textContent} ${msg(d)}`;
        pl.box.hidden = false;
      }
    }
    replace(problemsBox, h('div', { class: 'alert alert-error', role: 'alert', id: 'pa-problem-list' },
      h('p', null, t('procAdmin.problems', { n: details.length })),
      h('ul', null, details.map((d) => h('li', null, d.field ? h('code', null, d.field) : null, d.field ? ': ' : null, msg(d))))));
    if (first) first.focus();
  }

  async function send(dryRun) {
    const c = cleaned(draft);
    const q = dryRun ? { query: { dry_run: 'true' } } : {};
    if (exists) return api('PUT', `/api/v1/procedures/${encodeURIComponent(draft.code)}/draft`, c, q);
    return api('POST', '/api/v1/procedures', c, q);
  }

  async function run(button, dryRun) {
    clearProblems();
    replace(status);
    button.disabled = true;
    try {
      await send(dryRun);
      if (!ctx.isCurrent()) return false;
      if (dryRun) {
        replace(status, h('p', { class: 'alert alert-success', id: 'pa-valid' }, t('procAdmin.valid')));
      } else {
        replace(status, h('p', { class: 'alert alert-success', id: 'pa-saved' }, t('procAdmin.saved', { code: draft.code })));
        changed = false;
        hasDraft = true;
        if (!exists) {
          exists = true;
          history.replaceState(null, '', `#/procedures-admin/${encodeURIComponent(draft.code)}`);
          draw();
        }
        await loadVersions();
      }
      return true;
    } catch (err) {
      if (!ctx.isCurrent()) return false;
      if (err instanceof ApiError && err.details) showProblems(err.details);
      else if (err instanceof ApiError && err.field && inputs.has(err.field)) {
        showFieldError(inputs.get(err.field), errorText(err));
        inputs.get(err.field).input.focus();
      } else replace(problemsBox, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
      return false;
    } finally {
      button.disabled = false;
    }
  }

  function nextVersion() {
    if (hasDraft) return versions.length ? versions[versions.length - 1].version : 1;
    return (versions.length ? versions[versions.length - 1].version : 0) + 1;
  }

  function confirmPublish() {
    if (exists && !hasDraft && !changed) {
      replace(status, h('p', { class: 'alert alert-info', id: 'pa-nothing' }, t('procAdmin.nothing')));
      return;
    }
    const today = new Date(serverNow() + 7 * 3600000).toISOString().slice(0, 10);
    const date = field({ name: 'effective_from', label: t('procAdmin.effectiveFrom'), id: 'pa-effective', type: 'date', value: today });
    const sentence = h('p', { id: 'pa-confirm-text' });
    const say = () => { sentence.textContent = t('procAdmin.confirmText', { code: draft.code, version: nextVersion(), date: formatDate(date.input.value || today) }); };
    date.input.addEventListener('input', say);
    say();
    const yes = h('button', { type: 'button', class: 'btn btn-primary', id: 'pa-publish-yes' }, t('procAdmin.publishYes'));
    const no = h('button', { type: 'button', class: 'btn btn-secondary', id: 'pa-publish-no', on: { click: () => { replace(confirmBox); publishBtn.focus(); } } }, t('common.cancel'));
    // The procedure's adopted review proposals not yet enacted: ticked ones
    // are linked to this version (publish's "enacts", issue 14).
    const enactsBox = h('div', { id: 'pa-enacts' });
    const ticks = [];
    if (exists) {
      get(`/api/v1/procedures/${encodeURIComponent(draft.code)}/enactable`).then((r) => {
        if (!r.proposals.length) return;
        replace(enactsBox, h('fieldset', { class: 'fieldset' }, h('legend', null, t('procAdmin.enactsTitle')),
          h('p', { class: 'hint' }, t('procAdmin.enactsHint')),
          r.proposals.map((x) => {
            const box = h('input', { type: 'checkbox', id: `pa-enact-${x.id}`, name: 'enacts', value: String(x.id) });
            ticks.push(box);
            return h('div', { class: 'checkbox-row' }, box, ' ',
              h('label', { for: box.id }, t('procAdmin.enactsItem', { year: x.year, kind: x.kind_name, text: x.text })));
          })));
      }).catch(() => replace(enactsBox, h('p', { class: 'alert alert-warning' }, t('procAdmin.enactsUnavailable'))));
    }
    const panel = h('section', { class: 'card section pa-confirm', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'pa-confirm-h' },
      h('h2', { id: 'pa-confirm-h' }, t('procAdmin.confirmTitle')), sentence, date.row, enactsBox, h('div', { class: 'form-actions' }, yes, no));
    panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') no.click(); });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      if (changed || !hasDraft) {
        if (!(await run(saveBtn, false))) { replace(confirmBox); return; }
      }
      try {
        const enacts = ticks.filter((b) => b.checked).map((b) => Number(b.value));
        const r = await post(`/api/v1/procedures/${encodeURIComponent(draft.code)}/publish`, { effective_from: date.input.value || today, ...(enacts.length ? { enacts } : {}) });
        if (!ctx.isCurrent()) return;
        hasDraft = false;
        replace(confirmBox);
        replace(status, h('p', { class: 'alert alert-success', id: 'pa-published' },
          t('procAdmin.published.done', { code: r.code, version: r.version, date: formatDate(date.input.value || today) }), ' ',
          h('a', { href: `#/procedures/${encodeURIComponent(r.code)}`, id: 'pa-public-link' }, t('procAdmin.seePublic'))));
        await loadVersions();
      } catch (err) {
        yes.disabled = false;
        if (ctx.isCurrent()) replace(problemsBox, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
      }
    });
    replace(confirmBox, panel);
    date.input.focus();
  }

  // ---- versions and what changed ----

  async function loadVersions() {
    if (!exists) { replace(versionsBox); return; }
    const path = `/api/v1/procedures/${encodeURIComponent(draft.code)}`;
    try {
      versions = (await get(`${path}/versions`)).items;
      const shown = versions.slice(-8);
      const first = Math.max(0, versions.length - shown.length - 1);
      const full = await Promise.all(versions.slice(first).map((v) => get(path, { version: v.version })));
      if (!ctx.isCurrent()) return;
      const byV = new Map(full.map((p) => [p.version, p]));
      const state = versionStates(versions, new Date(serverNow() + 7 * 3600000).toISOString().slice(0, 10));
      replace(versionsBox, section('pa-versions-sec', t('procedure.versions'),
        h('ol', { class: 'pa-versions', id: 'pa-version-list', reversed: true }, [...shown].reverse().map((v) => {
          const i = versions.indexOf(v);
          const prev = i > 0 ? byV.get(versions[i - 1].version) : null;
          const changes = prev ? diff(prev, byV.get(v.version)) : [t('procAdmin.firstVersion')];
          return h('li', { dataset: { version: v.version } },
            h('p', null, h('strong', null, t('procAdmin.versionN', { version: v.version })), ' ',
              h('span', { class: `badge ${STATE_BADGE[state.get(v.version)]}` }, t(`procAdmin.status.${state.get(v.version)}`)), ' ',
              v.status === 'published' ? t('procAdmin.effective', { date: formatDate(v.effective_from) }) : null),
            h('ul', { class: 'pa-changes' }, (changes.length ? changes : [t('procAdmin.noChange')]).map((c) => h('li', null, c))));
        }))));
    } catch (err) {
      if (ctx.isCurrent()) replace(versionsBox, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    }
  }

  const saveBtn = h('button', { type: 'button', class: 'btn btn-secondary', id: 'pa-save', on: { click: () => run(saveBtn, false) } }, t('procAdmin.save'));
  const checkBtn = h('button', { type: 'button', class: 'btn btn-secondary', id: 'pa-check', on: { click: () => run(checkBtn, true) } }, t('procAdmin.check'));
  const publishBtn = h('button', { type: 'button', class: 'btn btn-primary', id: 'pa-publish', on: { click: confirmPublish } }, t('procAdmin.publish'));
  const title = isNew ? t('procAdmin.newTitle') : t('procAdmin.editTitle', { code: draft.code });
  ctx.setTitle(title);
  replace(main,
    h('p', null, h('a', { href: '#/procedures-admin' }, t('procAdmin.back'))),
    h('div', { class: 'page-intro' }, h('h1', { id: 'pa-editor-title' }, title),
      h('p', { class: 'lead' }, isNew ? t('procAdmin.newIntro') : t(hasDraft ? 'procAdmin.editDraft' : 'procAdmin.editPublished'))),
    problemsBox, body,
    h('div', { class: 'form-actions pa-actions' }, checkBtn, saveBtn, publishBtn),
    status, confirmBox, versionsBox);
  draw();
  await loadVersions();
}

const STATE_BADGE = { draft: 'badge-soon', pending: 'badge-soon', current: 'badge-ok', superseded: 'badge-superseded' };

/**
 * Each version's state on the day `today` (yyyy-mm-dd, Vietnam): the
 * published version in force is the highest one already effective (as the
 * server picks it), published ones before it are superseded, published ones
 * not yet effective are pending, and a draft is a draft.
 */
export function versionStates(versions, today) {
  const live = versions.filter((v) => v.status === 'published' && v.effective_from <= today);
  const current = live.length ? Math.max(...live.map((v) => v.version)) : 0;
  return new Map(versions.map((v) => [v.version,
    v.status !== 'published' ? 'draft'
      : v.version === current ? 'current'
        : v.effective_from > today ? 'pending' : 'superseded']));
}

/** What changed from version a to version b, in words. */
function diff(a, b) {
  const out = [];
  const name = (x) => localName(x);
  if (a.name !== b.name || a.name_en !== b.name_en) out.push(t('procAdmin.chg.name', { name: name(b) }));
  if (a.time_limit.value !== b.time_limit.value || a.time_limit.unit !== b.time_limit.unit) {
    out.push(t('procAdmin.chg.limit', { from: formatTimeLimit(a.time_limit), to: formatTimeLimit(b.time_limit) }));
  }
  if (a.online_level !== b.online_level) out.push(t('procAdmin.chg.level', { level: t(`level.${b.online_level}`) }));
  const names = (l) => l.map((x) => x.name);
  const added = (x, y) => y.filter((n) => !x.includes(n));
  const plus = added(names(a.components), names(b.components));
  const minus = added(names(b.components), names(a.components));
  for (const n of plus) out.push(t('procAdmin.chg.compAdded', { name: n }));
  for (const n of minus) out.push(t('procAdmin.chg.compRemoved', { name: n }));
  if (!plus.length && !minus.length && JSON.stringify(a.components) !== JSON.stringify(b.components)) {
    out.push(t('procAdmin.chg.components'));
  }
  if (JSON.stringify(a.process.map((s) => [s.name, s.role, s.unit, s.hours, s.days])) !== JSON.stringify(b.process.map((s) => [s.name, s.role, s.unit, s.hours, s.days]))) {
    out.push(t('procAdmin.chg.process', { n: b.process.length }));
  }
  const fee = (f) => (typeof f.amount === 'number' ? formatMoney(f.amount) : t('procedure.feeUnknown'));
  for (const f of b.fees) {
    const o = a.fees.find((x) => x.name === f.name);
    if (!o) out.push(t('procAdmin.chg.feeAdded', { name: f.name, amount: fee(f) }));
    else if (o.amount !== f.amount) out.push(t('procAdmin.chg.feeAmount', { name: f.name, from: fee(o), to: fee(f) }));
  }
  for (const f of a.fees) if (!b.fees.some((x) => x.name === f.name)) out.push(t('procAdmin.chg.feeRemoved', { name: f.name }));
  if (JSON.stringify(a.legal_basis) !== JSON.stringify(b.legal_basis)) out.push(t('procAdmin.chg.legal'));
  return out;
}
