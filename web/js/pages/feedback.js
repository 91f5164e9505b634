// Feedback on regulations and service (phản ánh, kiến nghị; issue 14):
//   #/feedback/send              anyone sends (the desk records a call, a letter)
//   #/feedback/track/CODE?k=KEY  the sender follows, replies, rates, raises again
//   #/feedback/track             the code and the key typed (the answer mail says so)
//   #/feedback/mine[/CODE]       a logged-in citizen's own items, opened without the key
//   #/feedback/answers?q=..      the public page of answered feedback, searchable
//   #/feedback/inbox             the Office, the unit, the leader: the items to act on
//   #/feedback/items/CODE        one item for staff, with the actions it allows now
// The code and the key (given once, when the item is sent) are the sender's
// credential: nobody reads another's item by its code alone.
import { h, replace, newId } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { get, post, api, idempotencyKeys } from '../api.js';
import { currentUser, isOfficer } from '../session.js';
import { timeEl, errorText, factRow } from '../dossiers.js';
import { field as formField, showFieldError, clearFieldError } from '../forms.js';

const STAFF_ACTIONS = ['classify', 'refuse', 'request_info', 'assign', 'reassign', 'hand_back', 'draft', 'send_back', 'approve', 'mark_personal_data', 'confirm_dossier', 'publish'];

const unitName = (u) => (getLang() === 'en' && u.name_en ? u.name_en : u.name_vi);

function stateBadge(s) {
  return h('span', { class: `badge badge-fb-${s.code}`, dataset: { state: s.code } }, t(`feedback.state.${s.code}`));
}

function categoryText(c) {
  return c ? t(`feedback.category.${c}`) : t('feedback.category.none');
}

function field(label, control, hint) {
  const id = newId('fb');
  control.id = id;
  return h('div', { class: 'form-row' }, h('label', { class: 'label', for: id }, label),
    hint ? h('p', { class: 'hint' }, hint) : null, control);
}

function alertBox(id) {
  return h('p', { class: 'alert alert-error', role: 'alert', id, hidden: true });
}

function showError(box, err) {
  box.textContent = errorText(err);
  box.hidden = false;
}

/*
 * Sends body through send(body, key) once per press: the button is disabled
 * while the request runs (a double click sends once) and the same body keeps
 * its Idempotency-Key until a reply came (a retry after a lost reply gets the
 * first reply, not a second item).
 */
function oncePerPress(button, keyFor, send) {
  return async (body) => {
    if (button.disabled) return undefined;
    button.disabled = true;
    try {
      const r = await send(body, keyFor(body));
      keyFor.done();
      return r;
    } catch (x) {
      if (x && x.status >= 400 && x.status < 500) keyFor.done();
      throw x;
    } finally {
      button.disabled = false;
    }
  };
}

/* ---- sending ---- */

function renderSend(ctx) {
  const { main } = ctx;
  const user = currentUser();
  const desk = user && user.roles && user.roles.some((r) => r === 'receiver' || r === 'office');
  ctx.setTitle(t('feedback.send.title'));
  // The fields with their error slots: an error the API names by field is
  // shown at that field; the required ones are marked "(bắt buộc)".
  const F = {
    // The desk records what reached it otherwise than online (the API
    // refuses online from the desk): a phone call first.
    channel: formField({ name: 'channel', label: t('feedback.channelLabel'),
      options: ['phone', 'in_person', 'letter', 'email'].map((c) => h('option', { value: c }, t(`feedback.channel.${c}`))) }),
    name: formField({ name: 'sender_name', label: t('feedback.senderName'), maxlength: 200, required: true, mark: true,
      autocomplete: 'name', value: user && !isOfficer(user) ? user.full_name || '' : '' }),
    email: formField({ name: 'sender_email', label: t('feedback.senderEmail'), hint: t('feedback.senderEmailHint'),
      type: 'email', maxlength: 254, autocomplete: 'email' }),
    phone: formField({ name: 'sender_phone', label: t('feedback.senderPhone'), maxlength: 32, autocomplete: 'tel' }),
    subject: formField({ name: 'subject', label: t('feedback.subject'), maxlength: 300, required: true, mark: true }),
    content: formField({ name: 'content', label: t('feedback.content'), multiline: true, rows: 6, maxlength: 10000,
      required: true, mark: true }),
    dossier: formField({ name: 'dossier_code', label: t('feedback.dossierCode'), hint: t('feedback.dossierHint'), maxlength: 64 }),
    procedure: formField({ name: 'procedure_code', label: t('feedback.procedureCode'), maxlength: 64 }),
  };
  const f = Object.fromEntries(Object.entries(F).map(([k, v]) => [k, v.input]));
  f.priv = h('input', { type: 'checkbox', name: 'private' });
  f.personal = h('input', { type: 'checkbox', name: 'personal_data' });
  const err = alertBox('feedback-send-error');
  const out = h('div', { id: 'feedback-sent' });
  const form = h('form', { class: 'form', id: 'feedback-form', novalidate: true },
    desk ? F.channel.row : null,
    F.name.row, F.email.row, F.phone.row, F.subject.row, F.content.row, F.dossier.row, F.procedure.row,
    h('div', { class: 'form-row' }, h('label', { class: 'check' }, f.priv, ' ', t('feedback.private'))),
    desk ? h('div', { class: 'form-row' }, h('label', { class: 'check' }, f.personal, ' ', t('feedback.personalData'))) : null,
    err,
    h('button', { type: 'submit', class: 'btn btn-primary', id: 'feedback-submit' }, t('feedback.send.submit')));
  const send = oncePerPress(form.querySelector('#feedback-submit'), idempotencyKeys(),
    (body, key) => post('/api/v1/feedback', body, { idempotencyKey: key }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (form.querySelector('#feedback-submit').disabled) return;
    err.hidden = true;
    for (const x of Object.values(F)) clearFieldError(x);
    const body = {
      sender_name: f.name.value.trim(), subject: f.subject.value.trim(), content: f.content.value.trim(),
      private: f.priv.checked,
    };
    for (const [k, el] of [['sender_email', f.email], ['sender_phone', f.phone], ['dossier_code', f.dossier], ['procedure_code', f.procedure]])
      if (el.value.trim()) body[k] = el.value.trim();
    if (desk) {
      body.channel = f.channel.value;
      body.personal_data = f.personal.checked;
    }
    try {
      const r = await send(body);
      if (!r || !ctx.isCurrent()) return;
      const link = `#/feedback/track/${encodeURIComponent(r.code)}?k=${r.key}`;
      replace(out, h('section', { class: 'card', id: 'feedback-receipt' },
        h('h2', null, t('feedback.send.done')),
        h('dl', { class: 'summary' },
          factRow(t('feedback.code'), h('span', { class: 'code', id: 'feedback-code' }, r.code)),
          factRow(t('feedback.key'), h('span', { class: 'code', id: 'feedback-key' }, r.key)),
          dueRows(r)),
        h('p', { class: 'hint' }, t('feedback.send.keepKey')),
        h('p', null, h('a', { href: link, id: 'feedback-track-link' }, t('feedback.send.trackLink'))),
        // The desk reopens what it recorded on its own page, and in the inbox.
        desk ? h('p', null, h('a', { href: `#/feedback/items/${encodeURIComponent(r.code)}`, id: 'feedback-item-link' },
          t('feedback.send.itemLink'))) : null));
      form.hidden = true;
    } catch (x) {
      const at = x && x.field && Object.values(F).find((v) => v.input.name === x.field);
      if (at) {
        showFieldError(at, errorText(x));
        at.input.focus();
      } else showError(err, x);
    }
  });
  replace(main, h('div', { class: 'page-intro' }, h('h1', null, t('feedback.send.title')),
    h('p', { class: 'lead' }, t('feedback.send.intro')),
    h('p', null, h('a', { href: '#/feedback/answers' }, t('feedback.answers.title')))), form, out);
}

/* ---- the sender's page ---- */

function history(item, staff) {
  return h('ol', { class: 'history', id: 'feedback-history' }, item.history.map((e) => h('li', { dataset: { action: e.action } },
    timeEl(e.at), ' — ', t(`feedback.action.${e.action}`),
    staff && e.actor ? ` (${e.actor})` : null,
    e.timeliness ? h('span', { class: `badge badge-${e.timeliness}` }, ' ', t(`feedback.tl.${e.timeliness}`)) : null,
    e.note ? h('p', { class: 'note' }, e.note) : null)));
}

/* One running deadline: what is due by when, with its warning. */
function deadlineText(d) {
  return [t(`feedback.dl.${d.kind}`), ' ', timeEl(d.due_at),
    d.overdue ? h('span', { class: 'badge badge-late' }, ' ', t('feedback.overdue'))
      : d.due_soon ? h('span', { class: 'badge badge-soon' }, ' ', t('feedback.dueSoon')) : null];
}

/*
 * The sender's deadlines (the tracking page's, and the receipt's): the one
 * that runs now (due_kind) unless it is the answer's, then the answer's.
 * Staff see every running one (runningDeadlines).
 */
function dueRows(item, staff = false) {
  const k = item.due_kind;
  return [!staff && k && k !== 'answer' ? factRow(t('feedback.dueNow'), h('span', { id: 'feedback-due-now', dataset: { kind: k } },
    deadlineText({ kind: k, due_at: item.due_at, overdue: item.overdue, due_soon: item.due_soon }))) : null,
  factRow(t('feedback.answerDue'), timeEl(item.deadlines.answer))];
}

function summary(item, staff = false) {
  return h('dl', { class: 'summary' },
    factRow(t('feedback.code'), h('span', { class: 'code' }, item.code)),
    factRow(t('feedback.stateNow'), stateBadge(item.state)),
    factRow(t('feedback.categoryLabel'), categoryText(item.category)),
    factRow(t('feedback.receivedAt'), h('span', { id: 'feedback-received-at' }, timeEl(item.received_at))),
    // Raised again: the first receipt stays; the current round's start beside it.
    item.raised_at ? factRow(t('feedback.raisedAt', { n: item.reraised }), h('span', { id: 'feedback-raised-at' }, timeEl(item.raised_at))) : null,
    dueRows(item, staff),
    item.answered_at ? factRow(t('feedback.answeredAt'), timeEl(item.answered_at)) : null,
    item.dossier_code ? factRow(t('feedback.dossierCode'), item.dossier_code) : null);
}

const KEY_RE = /^[0-9a-f]{32}$/;

/*
 * The code and the key typed by the sender (the key is kept only as its
 * hash, so the answer mail cannot carry it): errors at their field.
 */
function renderTrackForm(ctx, code = '') {
  const { main } = ctx;
  ctx.setTitle(t('feedback.track.title'));
  const F = {
    code: formField({ name: 'code', label: t('feedback.code'), maxlength: 64, required: true, mark: true, value: code,
      autocomplete: 'off', hint: t('feedback.track.codeHint') }),
    key: formField({ name: 'key', label: t('feedback.key'), maxlength: 64, required: true, mark: true,
      autocomplete: 'off', spellcheck: 'false', hint: t('feedback.track.keyHint') }),
  };
  const form = h('form', { class: 'form', id: 'feedback-track-form', novalidate: true }, F.code.row, F.key.row,
    h('button', { type: 'submit', class: 'btn btn-primary', id: 'feedback-track-go' }, t('feedback.track.open')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const f of Object.values(F)) clearFieldError(f);
    const c = F.code.input.value.trim().toUpperCase();
    const k = F.key.input.value.trim().toLowerCase();
    const bad = !c ? [F.code, t('feedback.track.codeMissing')] : !KEY_RE.test(k) ? [F.key, t('feedback.track.keyInvalid')] : null;
    if (bad) {
      showFieldError(bad[0], bad[1]);
      bad[0].input.focus();
      return;
    }
    try {
      await get(`/api/v1/feedback/${encodeURIComponent(c)}/track`, { key: k });
      if (ctx.isCurrent()) ctx.navigate(`/feedback/track/${encodeURIComponent(c)}?k=${k}`);
    } catch (x) {
      const at = x && x.field === 'code' ? F.code : F.key;
      showFieldError(at, x && x.code === 'FEEDBACK_NOT_FOUND' ? t('feedback.track.notFound') : errorText(x));
      at.input.focus();
    }
  });
  const user = currentUser();
  replace(main, h('div', { class: 'page-intro' }, h('h1', null, t('feedback.track.title')),
    h('p', { class: 'lead' }, t('feedback.track.formIntro'))), form,
  user && !isOfficer(user) ? h('p', null, h('a', { href: '#/feedback/mine', id: 'feedback-mine-link' }, t('feedback.mine.title'))) : null);
}

/* A logged-in citizen's own items (sent while logged in): no key needed. */
async function renderMine(ctx) {
  const { main } = ctx;
  if (!currentUser()) { ctx.navigate('/login?next=%2Ffeedback%2Fmine'); return; }
  ctx.setTitle(t('feedback.mine.title'));
  let r;
  try {
    r = await get('/api/v1/me/feedback');
  } catch (x) {
    if (ctx.isCurrent()) replace(main, h('h1', null, t('feedback.mine.title')), h('p', { class: 'alert alert-error', role: 'alert' }, errorText(x)));
    return;
  }
  if (!ctx.isCurrent()) return;
  replace(main, h('h1', null, t('feedback.mine.title')),
    h('p', null, h('a', { href: '#/feedback/send' }, t('feedback.send.title'))),
    r.items.length === 0 ? h('p', { class: 'empty' }, t('feedback.mine.empty'))
      : h('table', { class: 'table', id: 'feedback-mine' },
        h('thead', null, h('tr', null, ['code', 'subjectCol', 'stateNow', 'receivedAt'].map((k) => h('th', { scope: 'col' }, t(`feedback.${k}`))))),
        h('tbody', null, r.items.map((it) => h('tr', { dataset: { code: it.code } },
          h('td', null, h('a', { href: `#/feedback/mine/${encodeURIComponent(it.code)}` }, it.code)),
          h('td', null, it.subject),
          h('td', null, stateBadge(it.state)),
          h('td', null, timeEl(it.received_at)))))));
}

async function renderTrack(ctx, mine = false) {
  const { main, match, params } = ctx;
  const code = decodeURIComponent(match[1]);
  const key = params.get('k') || '';
  if (!mine && !key) { renderTrackForm(ctx, code); return; }
  ctx.setTitle(t('feedback.track.title'));
  const base = mine ? `/api/v1/me/feedback/${encodeURIComponent(code)}` : `/api/v1/feedback/${encodeURIComponent(code)}`;
  let item;
  try {
    item = await (mine ? get(base) : get(`${base}/track`, { key }));
  } catch (x) {
    if (!ctx.isCurrent()) return;
    replace(main, h('h1', null, t('feedback.track.title')),
      h('p', { class: 'alert alert-error', role: 'alert', id: 'feedback-track-error' }, errorText(x)));
    return;
  }
  if (!ctx.isCurrent()) return;
  const err = alertBox('feedback-track-action-error');
  const act = async (action, body) => {
    err.hidden = true;
    try {
      if (mine) await post(`${base}/${action}`, body);
      else await post(`${base}/sender/${action}`, { key, ...body });
      if (ctx.isCurrent()) renderTrack(ctx, mine);
    } catch (x) { showError(err, x); }
  };
  const forms = [];
  if (item.allowed.includes('reply') || item.allowed.includes('reraise')) {
    const action = item.allowed.includes('reply') ? 'reply' : 'reraise';
    const note = h('textarea', { class: 'input', rows: 3, maxlength: 4000, name: 'note' });
    const f = h('form', { class: 'form', id: `feedback-${action}` }, field(t(`feedback.track.${action}Label`), note),
      h('button', { type: 'submit', class: 'btn btn-secondary' }, t(`feedback.track.${action}`)));
    f.addEventListener('submit', (e) => { e.preventDefault(); act(action, { note: note.value.trim() }); });
    forms.push(f);
  }
  if (item.raise_limit_reached) {
    forms.push(h('p', { class: 'alert alert-info', id: 'feedback-raise-limit' }, t('feedback.track.raiseLimit', { n: item.max_raises })));
  }
  if (item.allowed.includes('rate')) {
    forms.push(h('div', { class: 'form-row', id: 'feedback-rate' }, h('p', null, t('feedback.track.rateQ')),
      h('button', { type: 'button', class: 'btn btn-primary', id: 'feedback-rate-yes', on: { click: () => act('rate', { rating: 'satisfied' }) } }, t('feedback.rating.satisfied')), ' ',
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'feedback-rate-no', on: { click: () => act('rate', { rating: 'dissatisfied' }) } }, t('feedback.rating.dissatisfied'))));
  }
  replace(main, h('h1', null, t('feedback.track.title')),
    h('section', { class: 'card', id: 'feedback-card', dataset: { state: item.state.code } },
      h('h2', null, item.subject), summary(item),
      h('p', { class: 'fb-content' }, item.content),
      answerSection(item),
      item.rating ? h('p', { id: 'feedback-rated' }, t(`feedback.rating.${item.rating}`)) : null,
      ...forms, err,
      h('h3', { class: 'fb-history-title' }, t('feedback.historyTitle')), history(item, false)));
}

/*
 * The answer the sender may read: the current one once approved, and, raised
 * again, the earlier one until a new answer is drafted (a draft is not theirs
 * to read before the leader approves it).
 */
function answerSection(item) {
  const now = ['answered', 'published'].includes(item.state.code);
  const earlier = item.reraised > 0 && ['received', 'awaiting_info', 'assigned'].includes(item.state.code);
  if (!item.answer || !(now || earlier)) return null;
  return h('section', { id: 'feedback-answer', dataset: earlier ? { earlier: 'true' } : {} },
    h('h3', null, t(earlier ? 'feedback.track.earlierAnswer' : 'feedback.answer')), h('p', null, item.answer));
}

/* ---- the public page ---- */

async function renderAnswers(ctx) {
  const { main, params } = ctx;
  ctx.setTitle(t('feedback.answers.title'));
  const q = h('input', { class: 'input', name: 'q', value: params.get('q') || '', maxlength: 200 });
  const proc = h('input', { class: 'input', name: 'procedure', value: params.get('procedure') || '', maxlength: 64 });
  const fld = h('input', { class: 'input', name: 'field', value: params.get('field') || '', maxlength: 300 });
  const form = h('form', { class: 'search-form', role: 'search', id: 'feedback-search' },
    field(t('feedback.answers.q'), q), field(t('feedback.procedureCode'), proc), field(t('feedback.answers.field'), fld),
    h('button', { type: 'submit', class: 'btn btn-primary', id: 'feedback-search-go' }, t('feedback.answers.search')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = new URLSearchParams();
    if (q.value.trim()) p.set('q', q.value.trim());
    if (proc.value.trim()) p.set('procedure', proc.value.trim());
    if (fld.value.trim()) p.set('field', fld.value.trim());
    ctx.navigate(`/feedback/answers${p.toString() ? `?${p}` : ''}`);
  });
  const out = h('div', { id: 'feedback-answers' }, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  replace(main, h('div', { class: 'page-intro' }, h('h1', null, t('feedback.answers.title')),
    h('p', { class: 'lead' }, t('feedback.answers.intro')),
    h('p', null, h('a', { href: '#/feedback/send', id: 'feedback-send-link' }, t('feedback.send.title')), ' · ',
      h('a', { href: '#/feedback/track', id: 'feedback-track-form-link' }, t('feedback.track.formLink')))), form, out);
  try {
    const r = await get('/api/v1/feedback/answers', { q: params.get('q'), procedure: params.get('procedure'), field: params.get('field') });
    if (!ctx.isCurrent()) return;
    replace(out, h('p', { id: 'feedback-count', role: 'status' }, t('feedback.answers.found', { n: r.total })),
      r.items.map((it) => h('article', { class: 'card feedback-answer', dataset: { code: it.code } },
        h('h2', null, it.subject),
        h('p', { class: 'meta' }, h('span', { class: 'code' }, it.code), ' · ', categoryText(it.category),
          it.procedure_code ? ` · ${it.procedure_code}` : '', it.field ? ` · ${it.field}` : ''),
        h('p', null, it.content),
        h('h3', null, t('feedback.answer')), h('p', { class: 'fb-answer' }, it.answer),
        h('p', { class: 'meta' }, t('feedback.answeredAt'), ' ', timeEl(it.answered_at)))));
  } catch (x) {
    if (ctx.isCurrent()) replace(out, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(x)));
  }
}

/* ---- staff ---- */

async function renderInbox(ctx) {
  const { main } = ctx;
  if (!currentUser()) { ctx.navigate('/login?next=%2Ffeedback%2Finbox'); return; }
  ctx.setTitle(t('feedback.inbox.title'));
  let r;
  try {
    r = await get('/api/v1/feedback');
  } catch (x) {
    if (ctx.isCurrent()) replace(main, h('h1', null, t('feedback.inbox.title')), h('p', { class: 'alert alert-error', role: 'alert' }, errorText(x)));
    return;
  }
  if (!ctx.isCurrent()) return;
  replace(main, h('h1', null, t('feedback.inbox.title')),
    h('p', null, h('a', { href: '#/feedback/send' }, t('feedback.inbox.record'))),
    r.items.length === 0 ? h('p', { class: 'empty' }, t('feedback.inbox.empty'))
      : h('table', { class: 'table', id: 'feedback-inbox' },
        h('thead', null, h('tr', null, ['code', 'subjectCol', 'stateNow', 'dueCol'].map((k) => h('th', { scope: 'col' }, t(`feedback.${k}`))))),
        h('tbody', null, r.items.map((it) => h('tr', { dataset: { code: it.code, due: it.overdue ? 'overdue' : it.due_soon ? 'due_soon' : '' } },
          h('td', null, h('a', { href: `#/feedback/items/${encodeURIComponent(it.code)}` }, it.code)),
          h('td', null, it.subject),
          h('td', null, stateBadge(it.state)),
          h('td', { class: 'fb-due', dataset: { kind: it.due_kind || '' } },
            it.due_kind ? h('span', { class: 'fb-due-kind' }, t(`feedback.dl.${it.due_kind}`), ' ') : null,
            it.due_at ? timeEl(it.due_at) : '',
            it.overdue ? h('span', { class: 'badge badge-late' }, ' ', t('feedback.overdue'))
              : it.due_soon ? h('span', { class: 'badge badge-soon' }, ' ', t('feedback.dueSoon')) : null))))));
}

function actionForm(ctx, item, action, err) {
  const inputs = {};
  const rows = [];
  if (['refuse', 'request_info', 'send_back', 'hand_back'].includes(action)) {
    inputs.note = h('textarea', { class: 'input', rows: 2, maxlength: 4000, name: 'note' });
    rows.push(field(t('feedback.note'), inputs.note));
  }
  if (action === 'classify' || action === 'assign') {
    inputs.category = h('select', { class: 'input', name: 'category' },
      (action === 'assign' ? [''] : []).concat(['regulation', 'conduct'].concat(action === 'classify' ? ['out_of_scope'] : []))
        .map((c) => h('option', { value: c }, c ? t(`feedback.category.${c}`) : t('feedback.category.keep'))));
    rows.push(field(t('feedback.categoryLabel'), inputs.category));
  }
  if (action === 'assign' || action === 'reassign') {
    // Only the units where an officer can draft the answer (assign_units):
    // an item sent elsewhere would wait for nobody.
    const units = (item.assign_units || []).filter((u) => u.code !== item.unit);
    inputs.unit = h('select', { class: 'input', name: 'unit', required: true },
      h('option', { value: '' }, t('feedback.unitPick')),
      units.map((u) => h('option', { value: u.code }, `${unitName(u)} (${u.code})`)));
    rows.push(field(t('feedback.unit'), inputs.unit, units.length ? null : t('feedback.unitNone')));
  }
  if (action === 'draft') {
    inputs.answer = h('textarea', { class: 'input', rows: 5, maxlength: 20000, name: 'answer' }, item.answer || '');
    rows.push(field(t('feedback.answer'), inputs.answer));
  }
  // Personal data, marked at any step before publishing: such an item is
  // not published. Publishing may show a text with the personal data taken out.
  if (action === 'mark_personal_data') {
    inputs.personal_data = h('input', { type: 'checkbox', name: 'personal_data', checked: item.personal_data });
    rows.push(h('div', { class: 'form-row' }, h('label', { class: 'check' }, inputs.personal_data, ' ', t('feedback.personalData'))));
    inputs.note = h('textarea', { class: 'input', rows: 2, maxlength: 4000, name: 'note' });
    rows.push(field(t('feedback.note'), inputs.note));
  }
  if (action === 'publish') {
    inputs.published_content = h('textarea', { class: 'input', rows: 4, maxlength: 10000, name: 'published_content' }, item.content);
    rows.push(field(t('feedback.publishedContent'), inputs.published_content, t('feedback.publishedContentHint')));
  }
  const button = h('button', { type: 'submit', class: 'btn btn-secondary' }, t(`feedback.do.${action}`));
  const f = h('form', { class: 'form fb-action', id: `feedback-act-${action}` }, ...rows, button);
  const send = oncePerPress(button, idempotencyKeys(), (body, key) =>
    api('POST', `/api/v1/feedback/${encodeURIComponent(item.code)}/actions/${action}`, body, { idempotencyKey: key }));
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (button.disabled) return;
    err.hidden = true;
    const body = {};
    for (const [k, el] of Object.entries(inputs)) {
      if (el.type === 'checkbox') body[k] = el.checked;
      else if (el.value.trim()) body[k] = el.value.trim();
    }
    // The text as sent is published unless the Office changed it.
    if (body.published_content === item.content.trim()) delete body.published_content;
    try {
      // Handed back, the item is no longer the unit's to see: to the inbox.
      if (await send(body) !== undefined && ctx.isCurrent()) {
        if (action === 'hand_back') ctx.navigate('/feedback/inbox');
        else renderItem(ctx);
      }
    } catch (x) { showError(err, x); }
  });
  return f;
}

/* Every deadline that runs in the item's state, with its warning. */
function runningDeadlines(item) {
  const run = item.running_deadlines || [];
  if (!run.length) return null;
  return h('section', { id: 'feedback-deadlines' }, h('h3', null, t('feedback.deadlinesTitle')),
    h('ul', { class: 'fb-deadlines' }, run.map((d) => h('li', { dataset: { kind: d.kind, due: d.overdue ? 'overdue' : d.due_soon ? 'due_soon' : '' } },
      deadlineText(d)))));
}

async function renderItem(ctx) {
  const { main, match } = ctx;
  const code = decodeURIComponent(match[1]);
  ctx.setTitle(t('feedback.item.title', { code }));
  let item;
  try {
    item = await get(`/api/v1/feedback/${encodeURIComponent(code)}`);
  } catch (x) {
    // The registry's wording speaks to a sender ("with this code and key");
    // an officer gave no key: the item does not exist or is not theirs to see.
    const text = x && x.code === 'FEEDBACK_NOT_FOUND' ? t('feedback.item.notFound') : errorText(x);
    if (ctx.isCurrent()) replace(main, h('h1', null, code), h('p', { class: 'alert alert-error', role: 'alert', id: 'feedback-item-load-error' }, text));
    return;
  }
  if (!ctx.isCurrent()) return;
  const err = alertBox('feedback-item-error');
  replace(main, h('h1', null, t('feedback.item.title', { code })),
    h('section', { class: 'card', id: 'feedback-card', dataset: { state: item.state.code } },
      h('h2', null, item.subject), summary(item, true),
      h('dl', { class: 'summary' },
        factRow(t('feedback.senderName'), item.sender.name),
        factRow(t('feedback.senderEmail'), item.sender.email),
        factRow(t('feedback.senderPhone'), item.sender.phone),
        factRow(t('feedback.channelLabel'), t(`feedback.channel.${item.channel}`)),
        // Raised again: how often of feedback.max_raises, and at the limit
        // that the sender cannot raise it again.
        item.reraised > 0 ? factRow(t('feedback.raisesLabel'), h('span', { id: 'feedback-raises', dataset: { limit: String(item.reraised >= item.max_raises) } },
          t('feedback.raises', { n: item.reraised, m: item.max_raises }),
          item.reraised >= item.max_raises ? ` — ${t('feedback.raiseLimitStaff')}` : null)) : null,
        factRow(t('feedback.unit'), item.unit),
        // Whether the dossier named counts the item (766.5.4): the Office
        // confirms a link an anonymous or another sender typed.
        item.dossier_code ? factRow(t('feedback.dossierLink'), h('span', { id: 'feedback-dossier-link', dataset: { confirmed: String(item.dossier_confirmed) } },
          t(item.dossier_confirmed ? 'feedback.dossierConfirmed' : 'feedback.dossierUnconfirmed'))) : null,
        factRow(t('feedback.procedureCode'), item.procedure_code || t('feedback.none')),
        factRow(t('feedback.answers.field'), item.field || t('feedback.none')),
        factRow(t('feedback.privateLabel'), h('span', { id: 'feedback-private', dataset: { private: String(item.private) } },
          t(item.private ? 'feedback.privateYes' : 'feedback.privateNo'))),
        factRow(t('feedback.personalDataLabel'), h('span', { id: 'feedback-personal' },
          t(item.personal_data ? 'feedback.personalDataYes' : 'feedback.personalDataNo')))),
      runningDeadlines(item),
      h('p', { class: 'fb-content' }, item.content),
      item.answer ? h('section', null, h('h3', null, t('feedback.answer')), h('p', { id: 'feedback-staff-answer' }, item.answer)) : null,
      err,
      item.allowed.filter((a) => STAFF_ACTIONS.includes(a)).map((a) => actionForm(ctx, item, a, err)),
      h('h3', null, t('feedback.historyTitle')), history(item, true)));
}

export async function render(ctx) {
  const path = ctx.match[0];
  if (path.startsWith('/feedback/track/')) return renderTrack(ctx);
  if (path === '/feedback/track') return renderTrackForm(ctx);
  if (path.startsWith('/feedback/mine/')) return renderTrack(ctx, true);
  if (path === '/feedback/mine') return renderMine(ctx);
  if (path.startsWith('/feedback/items/')) return renderItem(ctx);
  if (path === '/feedback/answers') return renderAnswers(ctx);
  if (path === '/feedback/inbox') return renderInbox(ctx);
  return renderSend(ctx);
}
