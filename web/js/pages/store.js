// #/store — the citizen's data store (kho dữ liệu điện tử): accepted
// components and issued results, each with its type, issuer, validity, the
// dossier it came from and its files to download. GET /api/v1/store.
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { get, ApiError } from '../api.js';
import { currentUser } from '../session.js';

function day(s) { return s ? s.slice(0, 10) : ''; }

export async function render(ctx) {
  const { main } = ctx;
  if (!currentUser()) { ctx.navigate('/login?next=%2Fstore'); return; }
  ctx.setTitle(t('store.title'));
  let data;
  try {
    data = await get('/api/v1/store');
  } catch (err) {
    replace(main, h('h1', null, t('store.title')),
      h('p', { class: 'alert alert-error', role: 'alert' }, err instanceof ApiError && err.serverMessage ? err.serverMessage : t('error.unexpected')));
    return;
  }
  if (!ctx.isCurrent()) return;
  const now = new Date();
  // component, result or receipt (a fee receipt: no result of the procedure).
  const kindLabel = (k) => t(['result', 'receipt'].includes(k) ? `store.kind.${k}` : 'store.kind.component');
  const rows = data.documents.map((d) => {
    const expired = d.valid_until && new Date(d.valid_until) <= now;
    return h('tr', { dataset: { id: String(d.id) } },
      h('td', null, d.title || kindLabel(d.kind)),
      // What the document is, in words (its type id is for the machine, issue 15).
      h('td', null, kindLabel(d.kind)),
      h('td', null, d.issuer || ''),
      h('td', null, d.valid_until ? [day(d.valid_until),
        // No issue date given: the type's months count from the upload (issue 15).
        d.valid_from === 'uploaded' ? h('small', { class: 'muted' }, ` ${t('store.fromUpload')}`) : null,
        expired ? h('span', { class: 'badge badge-expired' }, t('store.expired')) : null] : t('store.noLimit')),
      h('td', null, d.dossier),
      h('td', null, (d.files || []).map((f) => h('a', { href: f.href, download: '', class: 'doc-download' }, t('docs.page', { n: f.n })))));
  });
  replace(main,
    h('h1', null, t('store.title')),
    h('p', null, t('store.intro')),
    rows.length
      ? h('table', { class: 'table', id: 'store-table' },
        h('caption', { class: 'visually-hidden' }, t('store.title')),
        h('thead', null, h('tr', null, ['doc', 'type', 'issuer', 'valid', 'dossier', 'files'].map((k) => h('th', { scope: 'col' }, t(`store.col.${k}`))))),
        h('tbody', null, rows))
      : h('p', { class: 'alert alert-info' }, t('store.empty')));
}
