// #/home — the signed-in user's home: a greeting, their roles (and an
// officer's unit; a citizen's identity), and a grid of the work areas their
// roles open. An area without its page yet says plainly that it is coming.
// A citizen whose account is not verified gets, instead of the data store
// (which would only refuse them), what verification opens and how to get it:
// at the desk, or through the identity provider when one is configured.
import { h, replace } from '../dom.js';
import { t, localName } from '../i18n.js';
import { currentUser, isOfficer } from '../session.js';
import { roleLabel } from '../format.js';

// Work areas by role, in the order they are shown; an area appears once even
// when several of the user's roles open it.
const AREAS = {
  receiver: ['desk', 'queue', 'returns', 'trackingBook', 'queueReport', 'fees', 'scorecard', 'feedbackDesk'],
  specialist: ['inbox', 'drafts', 'scorecard', 'catalogueReview', 'feedback'],
  head: ['inbox', 'assign', 'review', 'dashboard', 'queueReport', 'scorecard', 'catalogueReview', 'feedback'],
  leader: ['inbox', 'sign', 'dashboard', 'reports', 'closures', 'queueReport', 'scorecard', 'catalogueReview', 'feedback'],
  // The office (vanphong, issue 15): the agency's overdue dossiers, the
  // tracking book, the reports.
  office: ['overdue', 'trackingBook', 'reports', 'closures', 'queueReport', 'fees', 'dashboard', 'catalogueReview', 'feedback'],
  admin: ['deskSetup', 'units', 'users', 'procedures', 'calendar', 'dashboard'],
  citizen: ['submit', 'myDossiers', 'dataStore', 'payments'],
};

// Areas that have their page; the others say they are coming.
const LINKS = {
  desk: '#/desk',
  returns: '#/inbox?box=all&state=result_ready',
  inbox: '#/inbox',
  drafts: '#/inbox?box=mine',
  assign: '#/inbox?box=pool',
  review: '#/inbox?box=all&state=in_process',
  sign: '#/approvals',
  submit: '#/submit',
  myDossiers: '#/my-dossiers',
  queue: '#/counter',
  dataStore: '#/store',
  units: '#/units',
  users: '#/users',
  // The procedure editor (issue 15, item 3).
  procedures: '#/procedures-admin',
  dashboard: '#/dashboard',
  scorecard: '#/scorecard',
  reports: '#/stats-report',
  closures: '#/closures',
  overdue: '#/inbox?box=overdue',
  trackingBook: '#/tracking-book',
  queueReport: '#/queue-report',
  // Fees (issue 13): a day's payments; a citizen pays from the dossier's page.
  fees: '#/payments-day',
  payments: '#/my-dossiers',
  // The procedure review and its compliance cost (issue 14).
  catalogueReview: '#/review',
  // Feedback (issue 14): the Office's, unit's and leader's inbox; the desk records.
  feedback: '#/feedback/inbox',
  feedbackDesk: '#/feedback/send',
  // The calendar opens on this year, the one an administrator maintains.
  calendar: `#/calendar/${new Date().getFullYear()}`,
};

export async function render(ctx) {
  const { main } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate('/login?next=%2Fhome'); return; }
  const officer = isOfficer(user);
  ctx.setTitle(officer ? t('home.titleOfficer') : t('home.titleCitizen'));

  const roles = Array.isArray(user.roles) ? user.roles : [];
  // The desk set-up opens on the administrator's own unit.
  const links = { ...LINKS, deskSetup: `#/desk-setup${user.unit && user.unit.code ? `/${encodeURIComponent(user.unit.code)}` : ''}` };
  const areas = [];
  for (const r of roles) for (const a of AREAS[r] || []) if (!areas.includes(a)) areas.push(a);
  if ((user.kind === 'person' || user.kind === 'organisation') && !user.verified) {
    const i = areas.indexOf('dataStore');
    if (i >= 0) areas[i] = 'verify'; else areas.push('verify');
  }

  replace(main,
    h('div', { class: 'page-intro' },
      h('h1', { id: 'home-greeting' }, t('home.greeting', { name: user.full_name || user.username })),
      h('dl', { class: 'user-facts' },
        h('div', null, h('dt', null, t('home.username')), h('dd', null, user.username)),
        h('div', null, h('dt', null, t('home.roles')),
          h('dd', null, roles.length
            ? h('ul', { class: 'role-list' }, roles.map((r) => h('li', { class: 'badge badge-role' }, roleLabel(r))))
            : t('common.none'))),
        officer ? h('div', null, h('dt', null, t('home.unit')), h('dd', null, user.unit ? localName(user.unit) : t('home.noUnit'))) : null,
        identityFact(user))),
    h('h2', null, t('home.areas')),
    h('ul', { class: 'card-grid' }, areas.map((a) => (a === 'verify' ? verifyCard(user) : h('li', { class: `card area-card${links[a] ? ' area-card-link' : ''}`, dataset: { area: a } },
      h('h3', null, links[a] ? h('a', { href: links[a], id: `area-${a}` }, t(`area.${a}.title`)) : t(`area.${a}.title`)),
      h('p', null, t(`area.${a}.text`)),
      links[a] ? null : h('p', { class: 'badge badge-soon' }, t('home.comingSoon')))))),
    h('p', null, h('a', { href: '#/' }, t('home.toCatalogue'))));
}

/** A citizen's identity (issue 10): verified, and how; or how to get verified. */
function identityFact(user) {
  if (user.kind !== 'person' && user.kind !== 'organisation') return null;
  const v = user.verified;
  return h('div', { id: 'home-identity' }, h('dt', null, t('identity.label')),
    h('dd', null, v ? t(v.how === 'oidc' ? 'identity.verifiedOidc' : 'identity.verifiedDesk')
      : t('identity.unverified')));
}

/** The card an unverified citizen gets in place of the data store: what verification opens, and how. */
function verifyCard(user) {
  const online = user.oidc && user.kind === 'person';
  return h('li', { class: 'card area-card area-card-verify', dataset: { area: 'verify' }, id: 'area-verify' },
    h('h3', null, t('area.verify.title')),
    h('p', null, t('area.verify.text')),
    h('p', { class: 'area-how' }, t(user.kind === 'person' ? 'area.verify.desk' : 'area.verify.deskOrg', { username: user.username })),
    online ? h('p', { class: 'area-how' }, t('area.verify.online'), ' ',
      h('a', { href: '/api/v1/auth/oidc/start', id: 'identity-oidc', class: 'btn btn-secondary' }, t('identity.viaOidc'))) : null);
}
