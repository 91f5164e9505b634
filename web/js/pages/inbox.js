// #/inbox?box=&procedure=&state=&page= — the officer's inbox (GET
// /api/v1/inbox): boxes mine, pool, due soon, overdue, waiting (and all),
// each with its count; filters by procedure and state; sorted by due time
// (the server's order); paginated. The choice lives in the hash query so that
// reloads, the back button and shared links keep it.
import { h, replace, newId } from '../dom.js';
import { t, tn, localName } from '../i18n.js';
import { get } from '../api.js';
import { currentUser, isOfficer } from '../session.js';
import { roleLabel } from '../format.js';
import {
  STATES, isEnded, stateBadge, dueEl, timeEl, channelLabel, procedureName, dossierHref, errorText,
} from '../dossiers.js';

const BOXES = ['mine', 'pool', 'due_soon', 'overdue', 'waiting', 'all'];
const PER_PAGE = 20;

export async function render(ctx) {
  const { main, params } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate(`/login?next=${encodeURIComponent('/inbox')}`); return; }
  ctx.setTitle(t('inbox.title'));
  if (!isOfficer(user)) {
    replace(main, h('h1', null, t('inbox.title')), h('p', { class: 'alert alert-error', role: 'alert' }, t('inbox.notOfficer')));
    return;
  }
  const state = {
    box: BOXES.includes(params.get('box')) ? params.get('box') : 'mine',
    procedure: params.get('procedure') || '',
    state: STATES.includes(params.get('state')) ? params.get('state') : '',
    page: Math.max(1, parseInt(params.get('page') || '1', 10) || 1),
  };
  const href = (over) => {
    const s = { ...state, page: 1, ...over };
    const p = new URLSearchParams();
    p.set('box', s.box);
    if (s.procedure) p.set('procedure', s.procedure);
    if (s.state) p.set('state', s.state);
    if (s.page > 1) p.set('page', String(s.page));
    return `/inbox?${p}`;
  };

  const tabs = h('nav', { class: 'box-tabs', 'aria-label': t('inbox.boxes') },
    h('ul', null, BOXES.map((b) => h('li', null,
      h('a', {
        href: `#${href({ box: b })}`, class: `box-tab box-${b}`, id: `box-${b}`, 'aria-current': b === state.box ? 'page' : null,
      }, h('span', { class: 'box-name' }, t(`box.${b}`)), ' ', h('span', { class: 'box-count', dataset: { box: b } }))))));

  const procId = newId('f-proc');
  const stateId = newId('f-state');
  const procSelect = h('select', { id: procId, class: 'input', name: 'procedure' }, h('option', { value: '' }, t('inbox.allProcedures')));
  const stateSelect = h('select', { id: stateId, class: 'input', name: 'state' },
    h('option', { value: '' }, t('inbox.allStates')),
    STATES.filter((s) => !isEnded(s))
      .map((s) => h('option', { value: s, selected: s === state.state }, t(`dstate.${s}`))));
  procSelect.addEventListener('change', () => ctx.navigate(href({ procedure: procSelect.value })));
  stateSelect.addEventListener('change', () => ctx.navigate(href({ state: stateSelect.value })));
  const filters = h('form', { class: 'search-form inbox-filters', 'aria-label': t('inbox.filters'), novalidate: true, on: { submit: (e) => e.preventDefault() } },
    h('div', { class: 'filters' },
      h('div', { class: 'form-row' }, h('label', { for: procId, class: 'label' }, t('inbox.procedure')), procSelect),
      h('div', { class: 'form-row' }, h('label', { for: stateId, class: 'label' }, t('inbox.state')), stateSelect),
      h('div', { class: 'form-row form-row-end' },
        h('a', { class: 'btn btn-secondary', href: `#${href({ procedure: '', state: '' })}`, id: 'inbox-clear' }, t('catalogue.clear')))));

  const status = h('p', { class: 'results-status', id: 'inbox-status', role: 'status', 'aria-live': 'polite' });
  const list = h('div', { id: 'inbox-list', 'aria-busy': 'true' });
  const pager = h('nav', { class: 'pager', 'aria-label': t('catalogue.pagination') });

  const roles = (user.roles || []).filter((r) => r !== 'citizen');
  replace(main,
    h('div', { class: 'page-intro' },
      h('h1', null, t('inbox.title')),
      h('p', { class: 'lead' }, t('inbox.intro', { roles: roles.map(roleLabel).join(', ') })),
      h('p', { class: 'page-links' },
        roles.includes('receiver') ? h('a', { href: '#/desk' }, t('inbox.toDesk')) : null,
        roles.includes('leader') ? h('a', { href: '#/approvals' }, t('inbox.toApprovals')) : null)),
    tabs,
    filters,
    h('h2', { class: 'visually-hidden', id: 'inbox-list-h' }, t(`box.${state.box}`)),
    status,
    list,
    pager);

  // Procedures for the filter (the list still works without them).
  const procs = get('/api/v1/procedures', { per_page: 100 }).then((data) => {
    if (!ctx.isCurrent()) return;
    for (const p of [...(data.items || [])].sort((a, b) => a.code.localeCompare(b.code))) {
      procSelect.appendChild(h('option', { value: p.code, selected: p.code === state.procedure }, `${p.code} — ${localName(p)}`));
    }
    procSelect.value = state.procedure;
  }).catch(() => {});

  let data;
  try {
    data = await get('/api/v1/inbox', {
      box: state.box, procedure: state.procedure, state: state.state, page: state.page, per_page: PER_PAGE,
    });
  } catch (err) {
    if (!ctx.isCurrent()) return;
    list.removeAttribute('aria-busy');
    replace(list, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err, 'inbox.loadError')));
    return;
  }
  await procs;
  if (!ctx.isCurrent()) return;
  list.removeAttribute('aria-busy');
  for (const el of tabs.querySelectorAll('.box-count')) {
    const n = data.counts ? data.counts[el.dataset.box] : undefined;
    if (typeof n === 'number') {
      el.textContent = String(n);
      el.classList.toggle('box-count-alert', n > 0 && (el.dataset.box === 'overdue'));
    }
  }
  const items = data.items || [];
  const total = typeof data.total === 'number' ? data.total : items.length;
  status.textContent = total === 0 ? t('inbox.none') : tn('inbox.found', total);
  if (items.length === 0) {
    replace(list, h('p', { class: 'empty' }, t(`inbox.empty.${state.box}`)));
  } else {
    replace(list, table(items));
  }
  const pages = Math.max(1, Math.ceil(total / (data.per_page || PER_PAGE)));
  if (pages > 1) {
    replace(pager,
      h('p', { class: 'pager-info' }, t('catalogue.pageOf', { page: state.page, pages })),
      h('div', { class: 'pager-buttons' },
        state.page > 1 ? h('a', { class: 'btn btn-secondary', href: `#${href({ page: state.page - 1 })}`, id: 'inbox-prev' }, t('catalogue.prev')) : null,
        state.page < pages ? h('a', { class: 'btn btn-secondary', href: `#${href({ page: state.page + 1 })}`, id: 'inbox-next' }, t('catalogue.next')) : null));
  }
}

function table(items) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'table table-inbox', id: 'inbox-table' },
      h('caption', { class: 'visually-hidden' }, t('inbox.caption')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('dossier.code')),
        h('th', { scope: 'col' }, t('dossier.procedure')),
        h('th', { scope: 'col' }, t('dossier.applicant')),
        h('th', { scope: 'col' }, t('dossier.state')),
        h('th', { scope: 'col' }, t('dossier.currentStep')),
        h('th', { scope: 'col' }, t('dossier.dueAt')))),
      h('tbody', null, items.map((d) => h('tr', { class: 'inbox-row', dataset: { code: d.code, state: d.state } },
        cell('th', { scope: 'row', 'data-label': t('dossier.code') },
          h('a', { href: dossierHref(d.code), class: 'code dossier-link' }, d.code),
          h('span', { class: 'row-sub' }, channelLabel(d.channel))),
        cell('td', { 'data-label': t('dossier.procedure') }, h('span', { class: 'proc-code code' }, d.procedure.code), ' ', procedureName(d.procedure)),
        cell('td', { 'data-label': t('dossier.applicant') }, d.applicant || ''),
        cell('td', { 'data-label': t('dossier.state') }, stateBadge(d.state),
          d.counts_late ? h('span', { class: 'badge badge-late' }, t('dossier.countsLate')) : null,
          d.extension === 'pending' ? h('span', { class: 'badge badge-paused' }, t('dossier.extensionPending')) : null),
        cell('td', { 'data-label': t('dossier.currentStep') },
          d.step && d.step.number ? h('span', null, t('dossier.stepN', { n: d.step.number }), d.step.role ? ` · ${roleLabel(d.step.role)}` : '') : '',
          d.step && d.step.assignee ? h('span', { class: 'row-sub' }, t('dossier.assignedTo', { user: d.step.assignee }))
            : h('span', { class: 'row-sub' }, t('dossier.unassigned')),
          d.step && d.step.due_at ? h('span', { class: 'row-sub' }, t('dossier.stepDue'), ' ', timeEl(d.step.due_at)) : null),
        cell('td', { 'data-label': t('dossier.dueAt') }, dueEl(d.due_at || (d.step && d.step.due_at), { paused: d.paused })))))));
}

/** A table cell whose content is one block, so that the phone layout (label, value) stays two columns. */
function cell(tag, attrs, ...children) {
  return h(tag, attrs, h('div', { class: 'cell' }, children));
}
