// #/approvals — the leader's approvals: requests to extend (Form 04) waiting
// for a decision, and draft results waiting at a leader's step (GET
// /api/v1/inbox?box=approvals). Each can be approved here in one step, or
// opened for the whole dossier (where the result is then issued).
import { h, replace } from '../dom.js';
import { t, tn } from '../i18n.js';
import { get, post } from '../api.js';
import { currentUser } from '../session.js';
import {
  stateBadge, dueEl, timeEl, procedureName, dossierHref, errorText, formLink,
} from '../dossiers.js';

const PER_PAGE = 100;

export async function render(ctx) {
  const { main } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate('/login?next=%2Fapprovals'); return; }
  ctx.setTitle(t('approvals.title'));
  const roles = user.roles || [];
  if (!roles.includes('leader') && !roles.includes('head')) {
    replace(main, h('h1', null, t('approvals.title')), h('p', { class: 'alert alert-error', role: 'alert' }, t('approvals.notLeader')));
    return;
  }
  const status = h('div', { id: 'approvals-status', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { id: 'approvals-body', 'aria-busy': 'true' });
  replace(main,
    h('div', { class: 'page-intro' },
      h('h1', null, t('approvals.title')),
      h('p', { class: 'lead' }, t('approvals.intro')),
      h('p', { class: 'page-links' }, h('a', { href: '#/inbox?box=all' }, t('approvals.toInbox')))),
    status,
    body);

  let data;
  try {
    data = await get('/api/v1/inbox', { box: 'approvals', per_page: PER_PAGE });
  } catch (err) {
    if (!ctx.isCurrent()) return;
    body.removeAttribute('aria-busy');
    replace(body, h('p', { class: 'alert alert-error', role: 'alert' }, errorText(err)));
    return;
  }
  if (!ctx.isCurrent()) return;
  body.removeAttribute('aria-busy');
  const items = data.items || [];
  const ext = items.filter((d) => d.extension === 'pending');
  const results = items.filter((d) => d.extension !== 'pending');

  function group(id, title, list, kind) {
    return h('section', { class: 'card section', id, 'aria-labelledby': `${id}-h` },
      h('h2', { id: `${id}-h` }, title, ' ', h('span', { class: 'count-pill' }, String(list.length))),
      list.length === 0 ? h('p', { class: 'empty' }, t(`approvals.none.${kind}`))
        : h('ul', { class: 'approval-list' }, list.map((d) => item(d, kind))));
  }

  function item(d, kind) {
    const msg = h('div', { class: 'approval-msg', role: 'alert' });
    const signMsg = h('div', { class: 'approval-msg', role: 'status' });
    function signButton(code) {
      const b = h('button', {
        type: 'button', class: 'btn btn-primary', id: `sign-${code}`,
        on: {
          click: async () => {
            b.disabled = true;
            replace(signMsg);
            try {
              const r = await post(`/api/v1/dossiers/${encodeURIComponent(code)}/issue`, {});
              if (!ctx.isCurrent()) return;
              b.remove();
              replace(signMsg, h('p', { class: 'alert alert-success' }, t('docs.issued', { code: r.verify_code })));
            } catch (err) {
              if (!ctx.isCurrent()) return;
              b.disabled = false;
              replace(signMsg, h('p', { class: 'alert alert-error' }, errorText(err)));
            }
          },
        },
      }, t('docs.signIssue'), h('span', { class: 'visually-hidden' }, ` ${code}`));
      return b;
    }
    const action = kind === 'extension' ? 'approve_extension' : 'approve';
    const btn = h('button', {
      type: 'button', class: 'btn btn-primary', dataset: { action, code: d.code },
      on: {
        click: async () => {
          btn.disabled = true;
          replace(msg);
          try {
            const nd = await post(`/api/v1/dossiers/${encodeURIComponent(d.code)}/actions/${action}`, {});
            if (!ctx.isCurrent()) return;
            replace(li, h('div', { class: 'approval-done' },
              h('p', { class: 'alert alert-success' },
                t(kind === 'extension' ? 'approvals.extensionApproved' : 'approvals.resultApproved', { code: d.code })),
              h('div', { class: 'button-row' },
                // Approved: signed and issued here too, not on another page (issue 15).
                kind === 'result' ? signButton(d.code) : null,
                h('a', { class: 'btn btn-secondary', href: dossierHref(d.code) }, kind === 'extension' ? t('approvals.open') : t('approvals.openToIssue')),
                kind === 'extension' && nd.code ? formLink(nd.code, '04') : null),
              kind === 'result' ? signMsg : null));
            status.textContent = t(kind === 'extension' ? 'approvals.extensionApproved' : 'approvals.resultApproved', { code: d.code });
          } catch (err) {
            if (!ctx.isCurrent()) return;
            btn.disabled = false;
            replace(msg, h('p', { class: 'alert alert-error' }, errorText(err)));
          }
        },
      },
    }, t(kind === 'extension' ? 'approvals.approveExtension' : 'approvals.approveResult'),
    h('span', { class: 'visually-hidden' }, ` ${d.code}`));
    const li = h('li', { class: 'approval-item', dataset: { code: d.code, kind } },
      h('div', { class: 'approval-main' },
        h('p', { class: 'approval-title' }, h('a', { href: dossierHref(d.code), class: 'code' }, d.code), ' ', stateBadge(d.state)),
        h('p', { class: 'approval-proc' }, procedureName(d.procedure)),
        h('dl', { class: 'result-meta' },
          meta(t('dossier.applicant'), d.applicant || ''),
          meta(t('dossier.receivedAt'), timeEl(d.received_at)),
          meta(t('dossier.dueAt'), dueEl(d.due_at, { paused: d.paused })),
          kind === 'extension' && d.extension_due_at ? meta(t('approvals.proposedDue'), timeEl(d.extension_due_at)) : null),
        kind === 'extension' && d.extension_reason
          ? h('p', { class: 'approval-reason' }, h('span', { class: 'approval-reason-label' }, t('approvals.reason')), ' ', d.extension_reason) : null),
      h('div', { class: 'approval-actions' },
        // The leader sees the draft result before approving it (issue 15).
        kind === 'result' ? h('a', {
          class: 'btn btn-secondary', href: `/api/v1/dossiers/${encodeURIComponent(d.code)}/result/draft`,
          target: '_blank', rel: 'noopener', dataset: { draft: d.code },
        }, t('approvals.viewDraft'), h('span', { class: 'visually-hidden' }, ` ${d.code} ${t('common.newTab')}`)) : null,
        btn,
        h('a', { class: 'btn btn-secondary', href: dossierHref(d.code) }, t('approvals.review'),
          h('span', { class: 'visually-hidden' }, ` ${d.code}`))),
      msg);
    return li;
  }

  status.textContent = items.length ? tn('approvals.count', items.length) : t('approvals.nothing');
  replace(body,
    group('approvals-extensions', t('approvals.extensions'), ext, 'extension'),
    group('approvals-results', t('approvals.results'), results, 'result'));
}

function meta(label, value) {
  return h('div', { class: 'meta-item' }, h('dt', null, label), h('dd', null, value));
}
