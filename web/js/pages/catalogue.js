// #/ — the public catalogue of procedures: search as you type (debounced),
// filter by field and online level, paginated results. The search state lives
// in the hash query (#/?q=..&field=..&level=..&page=..) so that the back button,
// reloads and shared links keep it.
import { h, replace, debounce, newId } from '../dom.js';
import { t, tn, localName, nameLang } from '../i18n.js';
import { get } from '../api.js';
import { formatTimeLimit, onlineLevelBadge } from '../format.js';

const PER_PAGE = 20;
const DEBOUNCE_MS = 300;

export async function render(ctx) {
  const { main, params } = ctx;
  ctx.setTitle(t('catalogue.title'));

  const state = {
    q: params.get('q') || '',
    field: params.get('field') || '',
    level: params.get('level') || '',
    page: Math.max(1, parseInt(params.get('page') || '1', 10) || 1),
  };

  const qId = newId('q');
  const fieldId = newId('field');
  const levelId = newId('level');
  const hintId = newId('q-hint');

  const qInput = h('input', {
    id: qId, type: 'search', name: 'q', class: 'input', value: state.q,
    autocomplete: 'off', spellcheck: 'false', 'aria-describedby': hintId,
    placeholder: t('catalogue.searchPlaceholder'),
  });
  const fieldSelect = h('select', { id: fieldId, name: 'field', class: 'input' },
    h('option', { value: '' }, t('catalogue.allFields')));
  const levelSelect = h('select', { id: levelId, name: 'level', class: 'input' },
    h('option', { value: '' }, t('catalogue.allLevels')),
    ['full', 'partial', 'none'].map((l) => h('option', { value: l, selected: state.level === l }, t(`level.${l}`))));

  const status = h('p', { class: 'results-status', id: 'results-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const results = h('div', { class: 'results', id: 'results' });
  const pager = h('nav', { class: 'pager', 'aria-label': t('catalogue.pagination') });

  const form = h('form', { class: 'search-form', role: 'search', 'aria-label': t('catalogue.searchForm'), novalidate: true },
    h('div', { class: 'form-row search-row' },
      h('label', { for: qId, class: 'label' }, t('catalogue.searchLabel')),
      h('div', { class: 'search-box' },
        qInput,
        h('button', { type: 'submit', class: 'btn btn-primary' }, t('catalogue.searchButton'))),
      h('p', { id: hintId, class: 'hint' }, t('catalogue.searchHint'))),
    h('div', { class: 'filters' },
      h('div', { class: 'form-row' }, h('label', { for: fieldId, class: 'label' }, t('catalogue.field')), fieldSelect),
      h('div', { class: 'form-row' }, h('label', { for: levelId, class: 'label' }, t('catalogue.level')), levelSelect),
      h('div', { class: 'form-row form-row-end' },
        h('button', { type: 'button', class: 'btn btn-secondary', id: 'clear-filters', on: { click: clearAll } }, t('catalogue.clear')))));

  replace(main,
    h('div', { class: 'page-intro' },
      h('h1', null, t('catalogue.title')),
      h('p', { class: 'lead' }, t('catalogue.intro'))),
    form,
    status,
    results,
    pager);

  let controller = null;

  function syncUrl() {
    const p = new URLSearchParams();
    if (state.q) p.set('q', state.q);
    if (state.field) p.set('field', state.field);
    if (state.level) p.set('level', state.level);
    if (state.page > 1) p.set('page', String(state.page));
    ctx.replaceParams(p);
  }

  async function search({ focusResults = false } = {}) {
    if (controller) controller.abort();
    controller = new AbortController();
    const mine = controller;
    results.setAttribute('aria-busy', 'true');
    syncUrl();
    let data;
    try {
      data = await get('/api/v1/procedures', {
        q: state.q.trim(), field: state.field, online_level: state.level, page: state.page, per_page: PER_PAGE,
      }, { signal: mine.signal });
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (!ctx.isCurrent()) return;
      results.removeAttribute('aria-busy');
      replace(results, h('p', { class: 'alert alert-error', role: 'alert' }, t('catalogue.loadError')));
      status.textContent = '';
      replace(pager);
      return;
    }
    if (mine !== controller || !ctx.isCurrent()) return;
    results.removeAttribute('aria-busy');
    showResults(data, focusResults);
  }

  function showResults(data, focusResults) {
    const items = Array.isArray(data.items) ? data.items : [];
    const total = typeof data.total === 'number' ? data.total : items.length;
    const perPage = data.per_page || PER_PAGE;
    const page = data.page || state.page;
    const pages = Math.max(1, Math.ceil(total / perPage));

    status.textContent = total === 0 ? t('catalogue.noneFound') : tn('catalogue.found', total);
    if (items.length === 0) {
      replace(results, h('p', { class: 'empty' }, t('catalogue.emptyHint')));
    } else {
      const first = (page - 1) * perPage + 1;
      replace(results, h('ol', { class: 'result-list', start: String(first) },
        items.map((p) => resultItem(p))));
    }
    drawPager(page, pages);
    if (focusResults) {
      const link = results.querySelector('a');
      if (link) link.focus();
    }
  }

  function drawPager(page, pages) {
    if (pages <= 1) { replace(pager); return; }
    const go = (n) => () => { state.page = n; search({ focusResults: true }); };
    const buttons = [];
    buttons.push(h('button', { type: 'button', class: 'btn btn-secondary', disabled: page <= 1, on: { click: go(page - 1) } }, t('catalogue.prev')));
    for (const n of pageNumbers(page, pages)) {
      if (n === null) buttons.push(h('span', { class: 'pager-gap', 'aria-hidden': 'true' }, '…'));
      else {
        buttons.push(h('button', {
          type: 'button',
          class: n === page ? 'btn btn-page is-current' : 'btn btn-page',
          'aria-current': n === page ? 'page' : null,
          'aria-label': t('catalogue.pageN', { n }),
          on: { click: go(n) },
        }, String(n)));
      }
    }
    buttons.push(h('button', { type: 'button', class: 'btn btn-secondary', disabled: page >= pages, on: { click: go(page + 1) } }, t('catalogue.next')));
    replace(pager, h('p', { class: 'pager-info' }, t('catalogue.pageOf', { page, pages })), h('div', { class: 'pager-buttons' }, buttons));
  }

  const debounced = debounce(() => { state.page = 1; search(); }, DEBOUNCE_MS);
  qInput.addEventListener('input', () => { state.q = qInput.value; debounced(); });
  fieldSelect.addEventListener('change', () => { state.field = fieldSelect.value; state.page = 1; search(); });
  levelSelect.addEventListener('change', () => { state.level = levelSelect.value; state.page = 1; search(); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    debounced.cancel();
    state.q = qInput.value;
    state.page = 1;
    search({ focusResults: true });
  });

  function clearAll() {
    debounced.cancel();
    state.q = ''; state.field = ''; state.level = ''; state.page = 1;
    qInput.value = ''; fieldSelect.value = ''; levelSelect.value = '';
    search();
    qInput.focus();
  }

  // Fields for the filter; the list still works if they fail to load.
  const fieldsLoad = get('/api/v1/fields').then((data) => {
    if (!ctx.isCurrent()) return;
    const items = [...((data && data.items) || [])]
      .sort((a, b) => localName(a).localeCompare(localName(b), document.documentElement.lang));
    for (const f of items) {
      const label = typeof f.count === 'number' ? t('catalogue.fieldWithCount', { name: localName(f), count: f.count }) : localName(f);
      fieldSelect.appendChild(h('option', { value: f.name, selected: f.name === state.field }, label));
    }
    fieldSelect.value = state.field;
  }).catch(() => { /* the filter stays at "all fields" */ });

  await Promise.all([search(), fieldsLoad]);
  return () => { debounced.cancel(); if (controller) controller.abort(); };
}

function resultItem(p) {
  const href = `#/procedures/${encodeURIComponent(p.code)}`;
  return h('li', { class: 'result', dataset: { code: p.code } },
    h('h2', { class: 'result-title' }, h('a', { href, lang: nameLang(p) }, localName(p))),
    h('dl', { class: 'result-meta' },
      meta(t('procedure.code'), h('span', { class: 'code' }, p.code)),
      meta(t('procedure.field'), h('span', { lang: nameLang(p, 'field') }, localName(p, 'field'))),
      meta(t('procedure.timeLimit'), formatTimeLimit(p.time_limit)),
      meta(t('procedure.onlineLevel'), onlineLevelBadge(p.online_level))));
}

function meta(label, value) {
  return h('div', { class: 'meta-item' }, h('dt', null, label), h('dd', null, value));
}

/** Page numbers to show: first, last, and two around the current; null = gap. */
function pageNumbers(page, pages) {
  const set = new Set([1, pages]);
  for (let n = page - 2; n <= page + 2; n++) if (n >= 1 && n <= pages) set.add(n);
  const sorted = [...set].sort((a, b) => a - b);
  const out = [];
  let prev = 0;
  for (const n of sorted) {
    if (n - prev > 1) out.push(null);
    out.push(n);
    prev = n;
  }
  return out;
}
