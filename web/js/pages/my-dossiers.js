// #/my-dossiers[?page=N] — the citizen's own dossiers (GET
// /api/v1/me/dossiers), newest first, in every state: code, procedure,
// state, dates, and the way to open or follow each.
import { h, replace } from '../dom.js';
import { t, tn } from '../i18n.js';
import { get } from '../api.js';
import { currentUser, isOfficer } from '../session.js';
import {
  stateBadge, timeEl, dueEl, procedureName, dossierHref, trackHref, errorText, isEnded, channelLabel,
} from '../dossiers.js';

const PER_PAGE = 20;

export async function render(ctx) {
  const { main, params } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate('/login?next=%2Fmy-dossiers'); return; }
  ctx.setTitle(t('my.title'));
  if (isOfficer(user)) {
    replace(main, h('h1', null, t('my.title')), h('p', { class: 'alert alert-info', role: 'status' }, t('my.officer')),
      h('p', null, h('a', { href: '#/inbox' }, t('area.inbox.title'))));
    return;
  }
  const page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
  const status = h('p', { class: 'results-status', id: 'my-status', role: 'status', 'aria-live': 'polite' });
  const list = h('div', { id: 'my-list', 'aria-busy': 'true' });
  const pager = h('nav', { class: 'pager', 'aria-label': t('catalogue.pagination') });
  replace(main,
    h('div', { class: 'page-intro' },
      h('h1', null, t('my.title')),
      h('p', { class: 'lead' }, t('my.intro')),
      h('p', { class: 'button-row' }, h('a', { class: 'btn btn-primary', href: '#/submit', id: 'my-new' }, t('my.new')))),
    status, list, pager);

  let data;
  try {
    data = await get('/api/v1/me/dossiers', { page, per_page: PER_PAGE });
  } catch (err) {
    if (!ctx.isCurrent()) return;
    list.removeAttribute('aria-busy');
    replace(list, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    return;
  }
  if (!ctx.isCurrent()) return;
  list.removeAttribute('aria-busy');
  const items = data.items || [];
  const total = data.total || 0;
  status.textContent = total ? tn('my.count', total) : t('my.none');
  if (items.length === 0) {
    replace(list, h('p', { class: 'empty' }, t('my.emptyHint'), ' ', h('a', { href: '#/' }, t('home.toCatalogue'))));
  } else {
    replace(list, h('ul', { class: 'result-list my-list' }, items.map((d) => {
      const ended = isEnded(d.state);
      return h('li', { class: 'result my-item', dataset: { code: d.code, state: d.state } },
        h('h2', { class: 'result-title' }, h('a', { href: dossierHref(d.code) }, procedureName(d.procedure))),
        h('p', { class: 'my-state' }, stateBadge(d.state)),
        h('dl', { class: 'result-meta' },
          meta(t('dossier.code'), h('span', { class: 'code' }, d.code)),
          meta(t('dossier.channel'), channelLabel(d.channel)),
          d.submitted_at ? meta(t('dossier.submittedAt'), timeEl(d.submitted_at)) : null,
          d.received_at ? meta(t('dossier.receivedAt'), timeEl(d.received_at)) : null,
          d.due_at ? meta(t('dossier.dueAt'), dueEl(d.due_at, { ended: ended || d.state === 'result_ready', paused: d.paused })) : null),
        h('p', { class: 'my-links' },
          h('a', { href: dossierHref(d.code) }, t('my.open'), h('span', { class: 'visually-hidden' }, ` ${d.code}`)), ' · ',
          h('a', { href: trackHref(d.code) }, t('my.track'), h('span', { class: 'visually-hidden' }, ` ${d.code}`))));
    })));
  }
  const pages = Math.max(1, Math.ceil(total / (data.per_page || PER_PAGE)));
  if (pages > 1) {
    replace(pager,
      h('p', { class: 'pager-info' }, t('catalogue.pageOf', { page, pages })),
      h('div', { class: 'pager-buttons' },
        page > 1 ? h('a', { class: 'btn btn-secondary', href: `#/my-dossiers?page=${page - 1}` }, t('catalogue.prev')) : null,
        page < pages ? h('a', { class: 'btn btn-secondary', href: `#/my-dossiers?page=${page + 1}` }, t('catalogue.next')) : null));
  }
}

function meta(label, value) {
  return h('div', { class: 'meta-item' }, h('dt', null, label), h('dd', null, value));
}
