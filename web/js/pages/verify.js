// #/verify/CODE — public verification of a signed result (the QR code on
// every result leads here): valid or not, who signed and when, the file's
// SHA-256, and a check that a file in hand is the signed result.
// GET /api/v1/verify/{code}; POST the file as the raw body to compare.
import { h, replace, newId } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { get, upload, ApiError } from '../api.js';

// "2026-03-02T08:30:00+07:00" (the API's one time format) -> "2026-03-02 08:30 (UTC+7)".
function when(s) { return s ? `${s.slice(0, 16).replace('T', ' ')} (UTC+7)` : ''; }

export async function render(ctx) {
  const { main } = ctx;
  const code = decodeURIComponent(ctx.match[1]);
  ctx.setTitle(t('verify.title'));
  let v;
  try {
    v = await get(`/api/v1/verify/${encodeURIComponent(code)}`);
  } catch (err) {
    replace(main, h('h1', null, t('verify.title')),
      h('p', { class: 'alert alert-error', role: 'alert', id: 'verify-verdict' },
        err instanceof ApiError && err.status === 404 ? t('verify.notFound') : t('error.unexpected')));
    return;
  }
  if (!ctx.isCurrent()) return;
  const en = getLang() === 'en';
  const fileId = newId('file');
  const input = h('input', { type: 'file', id: fileId });
  const outcome = h('p', { role: 'status', id: 'verify-match' });
  const check = h('button', { type: 'button', class: 'btn', on: { click: async () => {
    if (!input.files.length) { outcome.textContent = t('docs.chooseFile'); return; }
    try {
      const r = await upload(`/api/v1/verify/${encodeURIComponent(code)}`, input.files[0]);
      outcome.className = r.presented.matches ? 'alert alert-success' : 'alert alert-error';
      outcome.textContent = r.presented.matches ? t('verify.matches') : t('verify.differs');
    } catch (e) {
      outcome.className = 'alert alert-error';
      outcome.textContent = e instanceof ApiError && e.serverMessage ? e.serverMessage : t('error.unexpected');
    }
  } } }, t('verify.check'));
  const s = v.signature;
  replace(main,
    h('h1', null, t('verify.title')),
    h('p', { class: v.valid ? 'alert alert-success' : 'alert alert-error', id: 'verify-verdict', role: 'status' },
      v.valid ? t('verify.valid') : t('verify.invalid', { problem: s.problem || '' })),
    h('dl', { class: 'user-facts' },
      [['code', v.verify_code], ['doc', v.title], ['procedure', en && v.procedure_en ? v.procedure_en : v.procedure],
        ['dossier', v.dossier], ['signer', s.signer], ['issuer', s.issuer], ['signedBy', v.signed_by || ''],
        ['signedAt', when(s.signed_at || v.issued_at)], ['format', v.format === 'pades' ? 'PAdES (PDF)' : 'CMS (.p7s)'],
        ['sha256', h('code', { class: 'hash' }, v.sha256)]]
        .map(([k, val]) => h('div', null, h('dt', null, t(`verify.${k}`)), h('dd', null, val)))),
    h('h2', null, t('verify.checkTitle')),
    h('p', null, t('verify.checkIntro')),
    h('label', { for: fileId }, t('verify.fileLabel')), input, check, outcome);
}
