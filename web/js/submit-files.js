// The components of an online submission with their files (issue 15), as
// on the national portal: for each component its template to download (if
// it has one), its files, uploaded at once into the account's staging area
// (POST /api/v1/uploads; "Xóa" takes one back), or a document chosen from
// the data store; its state (attached / from the data store / missing) and,
// for the whole, whether every mandatory component has a file. The
// submission then names the staged files per component.
import { h, replace, newId } from './dom.js';
import { t, localName, nameLang } from './i18n.js';
import { api, upload, ApiError } from './api.js';
import { copyTypeLabel, templateHref } from './format.js';
import { errorText } from './dossiers.js';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,.docx,.xlsx,.xml';

/** A link to a component's template ("Mẫu số 11/PLI"), or null. */
export function templateLink(code, c, n) {
  if (!c.template) return null;
  return h('a', { class: 'template-link', href: templateHref(code, n), download: '', dataset: { template: String(n) } },
    t('submit.template', { name: c.template }));
}

/**
 * fileChecklist(procedure, store, onChange) → {el, value(), missing(), markError(i, msg), clear()}
 * store: the citizen's data store documents (may be empty).
 */
export function fileChecklist(p, store, onChange) {
  const rows = (p.components || []).map((c, i) => componentRow(p, c, i, store, onChange));
  const el = h('ol', { class: 'file-checklist', id: 'checklist' }, rows.map((r) => r.li));
  return {
    el,
    rows,
    /** The components as POST /api/v1/dossiers takes them. */
    value: () => rows.map((r) => r.value()),
    /** Indexes of mandatory components with no file yet. */
    missing: () => rows.map((r, i) => (r.c.mandatory && !r.has() ? i : -1)).filter((i) => i >= 0),
    markError(i, msg) { return rows[i] ? rows[i].fail(msg) : null; },
    clear() { for (const r of rows) r.fail(''); },
  };
}

function componentRow(p, c, i, store, onChange) {
  const n = i + 1;
  const headId = newId('comp-name');
  const errId = newId('comp-err');
  const stateId = newId('comp-state');
  const files = []; // {id, name, size}
  let reused = null; // a store document
  const err = h('p', { class: 'field-error', id: errId, hidden: true });
  const state = h('p', { class: 'comp-state', id: stateId, 'aria-live': 'polite' });
  const list = h('ul', { class: 'comp-files' });
  const inputId = newId('file');
  const input = h('input', {
    type: 'file', id: inputId, multiple: true, accept: ACCEPT, class: 'comp-file-input',
    'aria-describedby': `${stateId} ${errId}`,
  });
  const offers = store.filter((d) => d.doc_type && d.doc_type === c.doc_type
    && !(d.valid_until && new Date(d.valid_until) <= new Date()));
  const selId = newId('store');
  const select = offers.length ? h('select', { id: selId, class: 'input comp-store' },
    h('option', { value: '' }, t('submit.files.storeNone')),
    offers.map((d) => h('option', { value: String(d.id) },
      `${d.title || c.name}${d.dossier ? ` — ${t('docs.fromDossier', { code: d.dossier })}` : ''}`))) : null;
  const li = h('li', { class: 'comp-row file-row', dataset: { index: String(i), docType: c.doc_type || '' } },
    h('div', { class: 'comp-head' },
      h('span', { class: 'comp-no' }, `${n}.`),
      h('span', { id: headId, class: 'comp-name', lang: nameLang(c) }, localName(c)),
      h('span', { class: 'comp-meta' },
        [copyTypeLabel(c.copy_type), t('comp.copies', { n: c.copies ?? 1 })].filter(Boolean).join(' · '), ' ',
        c.mandatory ? h('span', { class: 'badge badge-mandatory' }, t('procedure.mandatoryYes'))
          : h('span', { class: 'badge badge-conditional' }, t('procedure.mandatoryNo')))),
    templateLink(p.code, c, n) ? h('p', { class: 'comp-template' }, templateLink(p.code, c, n)) : null,
    state, err, list,
    h('div', { class: 'comp-attach' },
      h('label', { for: inputId, class: 'label' }, t('submit.files.choose', { name: localName(c) })), input),
    select ? h('div', { class: 'comp-attach' },
      h('label', { for: selId, class: 'label' }, t('submit.files.fromStore')), select) : null);

  const has = () => files.length > 0 || Boolean(reused);
  function draw() {
    const how = reused ? 'store' : files.length ? 'attached' : c.mandatory ? 'missing' : 'none';
    li.dataset.state = how;
    replace(state, h('span', { class: `badge badge-file-${how}` },
      how === 'attached' ? t('submit.files.state.attached', { n: files.length })
        : how === 'store' ? t('submit.files.state.store')
          : how === 'missing' ? t('submit.files.state.missing') : t('submit.files.state.none')));
    replace(list, files.map((f) => h('li', { dataset: { upload: String(f.id) } },
      h('span', { class: 'comp-file-name' }, f.name || t('submit.files.unnamed')), ' ',
      h('button', { type: 'button', class: 'btn btn-link', 'aria-label': t('submit.files.removeNamed', { name: f.name || '' }),
        on: { click: () => remove(f) } }, t('submit.files.remove')))));
    input.disabled = Boolean(reused);
    onChange();
  }
  function fail(msg) {
    err.textContent = msg;
    err.hidden = !msg;
    li.classList.toggle('has-error', Boolean(msg));
    return msg ? input : null;
  }
  async function remove(f) {
    try {
      await api('DELETE', `/api/v1/uploads/${f.id}`);
    } catch (e) {
      // Already gone (submitted or expired): forgotten here as well.
      if (!(e instanceof ApiError) || e.status !== 422) { fail(errorText(e)); return; }
    }
    files.splice(files.indexOf(f), 1);
    draw();
    input.focus();
  }
  input.addEventListener('change', async () => {
    const chosen = [...input.files];
    input.value = '';
    fail('');
    for (const file of chosen) {
      replace(state, h('span', { class: 'loading' }, t('submit.files.uploading', { name: file.name })));
      try {
        const u = await upload('/api/v1/uploads', file, { name: file.name });
        files.push({ id: u.id, name: u.name || file.name, size: u.size });
      } catch (e) {
        draw();
        fail(`${file.name}: ${errorText(e)}`);
        return;
      }
    }
    draw();
  });
  if (select) {
    select.addEventListener('change', () => {
      reused = offers.find((d) => String(d.id) === select.value) || null;
      fail('');
      draw();
    });
  }
  draw();
  return {
    c,
    li,
    has,
    fail,
    value: () => (reused ? { doc_type: c.doc_type, status: 'uploaded', document_id: reused.id }
      : files.length ? { doc_type: c.doc_type, status: 'uploaded', files: files.map((f) => f.id) }
        : { doc_type: c.doc_type, status: c.mandatory ? 'missing' : 'not_applicable' }),
  };
}
