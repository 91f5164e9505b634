// #/dossiers/CODE/documents — the component checklist of a dossier (issue 5):
// for each component how it is satisfied (uploaded online, digitized at the
// desk, reused from the applicant's data store, or exempt with a reason),
// its files, scan upload, "reuse from the store" for the documents the store
// offers, and, for officers, the result: attach the draft, sign and issue
// (leaders and heads), and the signed results with their verification link.
// GET /api/v1/dossiers/{code}/components; POST .../components/{n}/files
// (raw body), .../reuse, .../exempt; POST .../result, .../issue.
import { h, replace, newId } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { get, post, upload, ApiError } from '../api.js';
import { currentUser, isOfficer } from '../session.js';

const EXEMPTIONS = ['electronic', 'shown_only', 'appraisal', 'confidential'];

function errText(err) {
  if (err instanceof ApiError) return err.serverMessage || t('error.unexpected');
  return t('error.unexpected');
}

// "2026-03-02T08:30:00+07:00" (the API's one time format) -> "2026-03-02 08:30".
function fmtTime(s) { return s ? s.slice(0, 16).replace('T', ' ') : ''; }

function sizeText(n) {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

function fileLinks(doc) {
  if (!doc || !doc.files) return null;
  return h('ul', { class: 'doc-files' }, doc.files.map((f) => h('li', null,
    h('a', { href: f.href, download: '' }, t('docs.page', { n: f.n })), ` · ${f.type.toUpperCase()} · ${sizeText(f.size)}`)));
}

function satisfiedText(c) {
  const s = c.satisfied;
  if (!s) return t('docs.notYet');
  if (s.how === 'reused') return t('docs.how.reused', { code: s.reused_from || '' });
  if (s.how === 'exempt') return `${t('docs.how.exempt')}: ${t(`docs.exemption.${s.exemption}`)} — ${s.reason}`;
  return `${t(`docs.how.${s.how}`)}${s.by ? ` (${s.by}, ${fmtTime(s.at)})` : ''}`;
}

export async function render(ctx) {
  const { main } = ctx;
  const code = decodeURIComponent(ctx.match[1]);
  const user = currentUser();
  if (!user) { ctx.navigate(`/login?next=${encodeURIComponent(`/dossiers/${code}/documents`)}`); return; }
  const officer = isOfficer(user);
  const roles = user.roles || [];
  ctx.setTitle(t('docs.title'));
  const status = h('p', { role: 'status', class: 'visually-hidden', 'aria-live': 'polite' });

  async function draw(message) {
    let data;
    try {
      data = await get(`/api/v1/dossiers/${encodeURIComponent(code)}/components`);
    } catch (err) {
      replace(main, h('h1', null, t('docs.title')), h('p', { class: 'alert alert-error', role: 'alert' }, errText(err)));
      return;
    }
    if (!ctx.isCurrent()) return;
    const en = getLang() === 'en';
    const items = data.components.map((c) => {
      const errId = newId('err');
      const err = h('p', { class: 'field-error', id: errId, role: 'alert' });
      const fail = (e) => { err.textContent = errText(e); };
      const parts = [
        h('h3', null, `${c.n}. `, en && c.name_en ? c.name_en : c.name,
          c.mandatory ? h('span', { class: 'badge' }, t('docs.mandatory')) : null),
        h('p', { class: 'doc-state', dataset: { how: c.satisfied ? c.satisfied.how : 'none' } }, satisfiedText(c)),
        fileLinks(c.document),
      ];
      if (data.can_attach) {
        const inputId = newId('file');
        const input = h('input', { type: 'file', id: inputId, accept: '.pdf,.jpg,.jpeg,.png,.tif,.tiff,.docx,.xlsx,.xml', 'aria-describedby': errId });
        const attach = h('button', { type: 'button', class: 'btn', on: { click: async () => {
          if (!input.files.length) { err.textContent = t('docs.chooseFile'); return; }
          attach.disabled = true;
          try {
            await upload(`/api/v1/dossiers/${encodeURIComponent(code)}/components/${c.n}/files`, input.files[0], { name: input.files[0].name });
            await draw(t(officer ? 'docs.digitized' : 'docs.uploaded'));
          } catch (e) { fail(e); attach.disabled = false; }
        } } }, officer ? t('docs.attachScan') : t('docs.attachFile'));
        parts.push(h('div', { class: 'doc-attach' },
          h('label', { for: inputId }, officer ? t('docs.scanLabel') : t('docs.fileLabel')), input, attach));
        if (c.offers.length) {
          parts.push(h('div', { class: 'doc-offers' }, h('p', null, t('docs.offers')),
            h('ul', null, c.offers.map((o) => h('li', null,
              `${o.title} — ${t('docs.fromDossier', { code: o.dossier })}${o.valid_until ? ` · ${t('docs.validUntil', { date: fmtTime(o.valid_until).slice(0, 10) })}` : ''} `,
              h('button', { type: 'button', class: 'btn btn-secondary', dataset: { reuse: String(o.id) }, on: { click: async () => {
                try {
                  await post(`/api/v1/dossiers/${encodeURIComponent(code)}/components/${c.n}/reuse`, { document_id: o.id });
                  await draw(t('docs.reusedDone'));
                } catch (e) { fail(e); }
              } } }, t('docs.reuse')))))));
        }
        if (officer && (!c.satisfied || c.satisfied.how !== 'exempt')) {
          const selId = newId('ex');
          const reasonId = newId('reason');
          const sel = h('select', { id: selId }, EXEMPTIONS.map((x) => h('option', { value: x }, t(`docs.exemption.${x}`))));
          const reason = h('input', { type: 'text', id: reasonId, maxlength: '500' });
          parts.push(h('details', { class: 'doc-exempt' }, h('summary', null, t('docs.exempt')),
            h('label', { for: selId }, t('docs.exemptKind')), sel,
            h('label', { for: reasonId }, t('docs.reason')), reason,
            h('button', { type: 'button', class: 'btn btn-secondary', on: { click: async () => {
              try {
                await post(`/api/v1/dossiers/${encodeURIComponent(code)}/components/${c.n}/exempt`, { exemption: sel.value, reason: reason.value });
                await draw(t('docs.exemptDone'));
              } catch (e) { fail(e); }
            } } }, t('docs.exemptSave'))));
        }
      }
      parts.push(err);
      return h('li', { class: 'card doc-component', dataset: { n: String(c.n) } }, ...parts);
    });

    const results = data.results.map((r) => h('li', null,
      `${t('docs.signedBy', { signer: r.signer, who: r.signed_by || '', at: fmtTime(r.signed_at) })} `,
      h('a', { href: `/api/v1/documents/${r.document_id}/files/1`, download: '' }, t('docs.download')), ' · ',
      h('a', { href: `#/verify/${r.verify_code}` }, t('docs.verifyLink', { code: r.verify_code }))));

    let resultBox = null;
    if (officer && data.state === 'in_process') {
      const fileId = newId('res');
      const typeId = newId('dt');
      const input = h('input', { type: 'file', id: fileId, accept: '.pdf,.xml,.docx,.xlsx' });
      const docType = h('input', { type: 'text', id: typeId, maxlength: '100' });
      const rerr = h('p', { class: 'field-error', role: 'alert' });
      const box = [h('h2', null, t('docs.result')),
        h('label', { for: fileId }, t('docs.resultFile')), input,
        h('label', { for: typeId }, t('docs.resultType')), docType,
        h('button', { type: 'button', class: 'btn', id: 'draft-result', on: { click: async () => {
          if (!input.files.length) { rerr.textContent = t('docs.chooseFile'); return; }
          try {
            await upload(`/api/v1/dossiers/${encodeURIComponent(code)}/result`, input.files[0], { doc_type: docType.value, name: input.files[0].name });
            await draw(t('docs.drafted'));
          } catch (e) { rerr.textContent = errText(e); }
        } } }, t('docs.attachResult'))];
      if (roles.includes('leader') || roles.includes('head')) {
        box.push(h('button', { type: 'button', class: 'btn btn-primary', id: 'sign-issue', on: { click: async () => {
          try {
            const r = await post(`/api/v1/dossiers/${encodeURIComponent(code)}/issue`, {});
            await draw(t('docs.issued', { code: r.verify_code }));
          } catch (e) { rerr.textContent = errText(e); }
        } } }, t('docs.signIssue')));
      }
      box.push(rerr);
      resultBox = h('section', { class: 'card doc-result' }, ...box);
    }

    replace(main,
      h('h1', null, t('docs.title')),
      h('p', null, t('docs.dossier', { code: data.code }), ' · ', data.owner.name,
        officer ? [' · ', h('a', { href: `#/dossiers/${encodeURIComponent(code)}` }, t('docs.backToDossier'))] : null),
      message ? h('p', { class: 'alert alert-success', role: 'status' }, message) : null,
      h('ol', { class: 'doc-list' }, items),
      resultBox,
      results.length ? h('section', null, h('h2', null, t('docs.results')), h('ul', { id: 'results' }, results)) : null,
      status);
  }
  await draw();
}
