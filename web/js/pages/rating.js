// #/rate/KIND/ID?t=TOKEN — the applicant's verdict through a signed link:
// for a visit (the tablet at the counter, when the ticket is finished) or
// a dossier (portal link, QR on the receipt). Five levels from "very
// satisfied" to "very dissatisfied", an optional comment, and for a dossier
// the indices of Circular 01/2018 the applicant answers (contacts with the
// desk, agencies contacted, officers' attitude). One link rates once.
import { h, replace, newId } from '../dom.js';
import { t, localName } from '../i18n.js';
import { get, post, ApiError } from '../api.js';

function levelLabel(level) {
  const labels = {
    very_satisfied: t('rating.level.very_satisfied'),
    satisfied: t('rating.level.satisfied'),
    neutral: t('rating.level.neutral'),
    dissatisfied: t('rating.level.dissatisfied'),
    very_dissatisfied: t('rating.level.very_dissatisfied'),
  };
  return labels[level] || level;
}

function question(key) {
  const q = {
    contacts: t('rating.q.contacts'),
    agencies: t('rating.q.agencies'),
    attitude: t('rating.q.attitude'),
  };
  return q[key] || key;
}

function answerLabel(key, answer) {
  const a = {
    'contacts.none': t('rating.a.contacts.none'),
    'contacts.one': t('rating.a.contacts.one'),
    'contacts.more': t('rating.a.contacts.more'),
    'agencies.none': t('rating.a.agencies.none'),
    'agencies.desk_only': t('rating.a.agencies.desk_only'),
    'agencies.more': t('rating.a.agencies.more'),
    'attitude.no_complaint': t('rating.a.attitude.no_complaint'),
    'attitude.complaint': t('rating.a.attitude.complaint'),
  };
  return a[`${key}.${answer}`] || answer;
}

export async function render(ctx) {
  const { main, match, params } = ctx;
  const kind = match[1];
  const id = match[2];
  const token = params.get('t') || '';
  ctx.setTitle(t('rating.title'));
  let info;
  try {
    info = await get(`/api/v1/ratings/${kind}/${id}`, { token });
  } catch (err) {
    if (!ctx.isCurrent()) return;
    replace(main, h('h1', null, t('rating.title')),
      h('p', { class: 'alert alert-error', role: 'alert' },
        err instanceof ApiError && err.status === 403 ? t('rating.invalidLink') : t('error.unexpected')));
    return;
  }
  if (!ctx.isCurrent()) return;
  const subject = kind === 'visit' ? t('rating.aboutVisit', { label: info.label }) : t('rating.aboutDossier', { label: info.label });
  if (info.used || !info.ready) {
    replace(main, h('h1', null, t('rating.title')), h('p', null, subject),
      h('p', { class: 'alert alert-info', role: 'status' }, info.used ? t('rating.alreadyUsed') : t('rating.notReady')));
    return;
  }
  let level = null;
  const levelButtons = info.levels.map((l) => h('button', {
    type: 'button', class: `rating-level rating-${l}`, 'aria-pressed': 'false', dataset: { level: l },
    on: {
      click: () => {
        level = l;
        for (const b of main.querySelectorAll('.rating-level')) b.setAttribute('aria-pressed', String(b.dataset.level === l));
      },
    },
  }, levelLabel(l)));
  const commentId = newId('comment');
  const comment = h('textarea', { id: commentId, rows: 3, maxlength: 2000 });
  const questions = info.questions.map((q) => {
    const name = newId(`q-${q.key}`);
    return h('fieldset', { class: 'rating-question', dataset: { key: q.key } },
      h('legend', null, question(q.key)),
      q.answers.map((a) => h('label', { class: 'rating-answer' },
        h('input', { type: 'radio', name, value: a }), ' ', answerLabel(q.key, a))));
  });
  const status = h('p', { role: 'status', id: 'rating-status' });
  async function submit(e) {
    e.preventDefault();
    if (!level) { status.className = 'alert alert-error'; status.textContent = t('rating.chooseLevel'); return; }
    const body = { token, satisfaction: level };
    if (comment.value.trim()) body.comment = comment.value.trim();
    for (const fs of main.querySelectorAll('.rating-question')) {
      const c = fs.querySelector('input:checked');
      if (c) body[fs.dataset.key] = c.value;
    }
    try {
      await post(`/api/v1/ratings/${kind}/${id}`, body);
    } catch (err) {
      status.className = 'alert alert-error';
      status.textContent = err instanceof ApiError && err.serverMessage ? err.serverMessage : t('error.network');
      return;
    }
    replace(main, h('h1', { tabindex: '-1', id: 'rating-thanks' }, t('rating.thanks')), h('p', null, subject));
    main.querySelector('h1').focus();
  }
  replace(main,
    h('h1', null, t('rating.title')),
    h('p', { class: 'rating-subject' }, subject, ' · ', localName(info.unit)),
    h('form', { class: 'rating-form', on: { submit } },
      h('fieldset', { class: 'rating-levels' },
        h('legend', null, t('rating.question')),
        h('div', { class: 'rating-level-list' }, levelButtons)),
      questions,
      h('label', { for: commentId, class: 'rating-comment-label' }, t('rating.comment')),
      comment,
      status,
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'rating-submit' }, t('rating.submit'))));
}
