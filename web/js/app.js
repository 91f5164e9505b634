// Entry point of the motcua web shell: loads the language and the session,
// draws the shared layout (header with agency name, nav, language switch,
// log-in/log-out; footer) and routes hash URLs to pages:
//   #/                    public catalogue        pages/catalogue.js
//   #/procedures/CODE     procedure detail        pages/procedure.js
//   #/login               log-in form             pages/login.js
//   #/register            citizen registration    pages/register.js
//   #/home                officer / citizen home  pages/home.js
//   #/calendar[/YEAR]     working calendar        pages/calendar.js
//   #/kiosk/UNIT          queue kiosk (public)    pages/kiosk.js
//   #/ticket/TOKEN        follow one's ticket     pages/kiosk.js (renderFollow)
//   #/display/UNIT        calling board (public)  pages/display.js
//   #/counter             receiving counter       pages/counter.js
//   #/rate/KIND/ID?t=     rating by signed link   pages/rating.js
//   #/queue-report        desk queue report       pages/queue-report.js
//   #/tracking-book       Form 07 of a unit       pages/tracking-book.js
//   #/payments-day        a day's fees            pages/payments-day.js
//   #/payments-reconcile  the gateway's books     pages/payments-reconcile.js
//   #/desk                receipt at the desk     pages/desk.js
//   #/inbox?box=..        officer's inbox         pages/inbox.js
//   #/dossiers/CODE       one dossier, actions    pages/dossier.js
//   #/approvals           leader's approvals      pages/approvals.js
//   #/submit              online submission       pages/submit.js
//   #/my-dossiers         citizen's dossiers      pages/my-dossiers.js
//   #/track[/CODE]        public tracking         pages/track.js
//   #/desk-setup[/UNIT]   desk set-up (admin)     pages/desk-setup.js
//   #/units               organisation tree (admin) pages/units.js
//   #/users               staff accounts (admin)  pages/users.js
//   #/password            one's own password      pages/password.js
//                         (and every route while an administrator's
//                         password is still to be changed)
//   #/dashboard?unit=..   leader's dashboard      pages/dashboard.js
//   #/kpi/KEY?unit=..     what a figure counted   pages/kpi-items.js
//   #/stats-report?..     the periodic report     pages/stats-report.js
//   #/scorecard?..        an officer's own figures pages/dashboard.js
//   #/closures[/SEQ]      closed periods, checked pages/closures.js
//   #/quality[/UNIT]      service quality (public) pages/quality.js
//   #/review[?year=Y]     procedure review plan   pages/review.js
//   #/review/items/ID     one review form         pages/review.js
//   #/feedback/send|answers|inbox, #/feedback/track/CODE?k=, #/feedback/items/CODE,
//   #/feedback/track (code and key typed), #/feedback/mine[/CODE] (a citizen's own)
//                         feedback (issue 14)     pages/feedback.js
import { h, replace } from './dom.js';
import { t, setLang, storedLang, getLang, applyStatic } from './i18n.js';
import { loadSession, currentUser, onSessionChange, logout, isOfficer } from './session.js';
import { loadWorkflow } from './dossiers.js';

/**
 * A page whose module is fetched when its route is first opened, not with
 * the shell: the first visit loads the shell and one page instead of every
 * page (issue 15, the portal on a phone). name: the function that renders.
 */
function lazy(load, name = 'render') {
  let mod = null;
  return {
    async render(ctx) {
      mod = mod || await load();
      return mod[name](ctx);
    },
  };
}

const catalogue = lazy(() => import('./pages/catalogue.js'));
const procedure = lazy(() => import('./pages/procedure.js'));
const loginPage = lazy(() => import('./pages/login.js'));
const registerPage = lazy(() => import('./pages/register.js'));
const home = lazy(() => import('./pages/home.js'));
const notFound = lazy(() => import('./pages/notfound.js'));
const calendarPage = lazy(() => import('./pages/calendar.js'));
const kioskPage = lazy(() => import('./pages/kiosk.js'));
const displayPage = lazy(() => import('./pages/display.js'));
const counterPage = lazy(() => import('./pages/counter.js'));
const ratingPage = lazy(() => import('./pages/rating.js'));
const queueReportPage = lazy(() => import('./pages/queue-report.js'));
const deskPage = lazy(() => import('./pages/desk.js'));
const inboxPage = lazy(() => import('./pages/inbox.js'));
const dossierPage = lazy(() => import('./pages/dossier.js'));
const approvalsPage = lazy(() => import('./pages/approvals.js'));
const submitPage = lazy(() => import('./pages/submit.js'));
const myDossiersPage = lazy(() => import('./pages/my-dossiers.js'));
const trackPage = lazy(() => import('./pages/track.js'));
const deskDocsPage = lazy(() => import('./pages/desk-docs.js'));
const storePage = lazy(() => import('./pages/store.js'));
const verifyPage = lazy(() => import('./pages/verify.js'));
const deskSetupPage = lazy(() => import('./pages/desk-setup.js'));
const unitsPage = lazy(() => import('./pages/units.js'));
const usersPage = lazy(() => import('./pages/users.js'));
const passwordPage = lazy(() => import('./pages/password.js'));
const dashboardPage = lazy(() => import('./pages/dashboard.js'));
const kpiItemsPage = lazy(() => import('./pages/kpi-items.js'));
const statsReportPage = lazy(() => import('./pages/stats-report.js'));
const qualityPage = lazy(() => import('./pages/quality.js'));
const trackingBookPage = lazy(() => import('./pages/tracking-book.js'));
const paymentsDayPage = lazy(() => import('./pages/payments-day.js'));
const paymentsReconcilePage = lazy(() => import('./pages/payments-reconcile.js'));
const reviewPage = lazy(() => import('./pages/review.js'));
const feedbackPage = lazy(() => import('./pages/feedback.js'));

const routes = [
  { re: /^\/$/, page: catalogue, nav: 'catalogue' },
  { re: /^\/procedures\/([^/]+)$/, page: procedure, nav: 'catalogue' },
  { re: /^\/login$/, page: loginPage, nav: 'login' },
  { re: /^\/register$/, page: registerPage, nav: 'register' },
  { re: /^\/home$/, page: home, nav: 'home' },
  { re: /^\/calendar(?:\/(\d{4}))?$/, page: calendarPage, nav: 'calendar' },
  { re: /^\/kiosk\/([^/]+)$/, page: kioskPage },
  { re: /^\/ticket\/([0-9a-f]+)$/, page: lazy(() => import('./pages/kiosk.js'), 'renderFollow') },
  { re: /^\/display\/([^/]+)$/, page: displayPage },
  { re: /^\/counter$/, page: counterPage, nav: 'home' },
  { re: /^\/rate\/(visit|dossier)\/(\d+)$/, page: ratingPage },
  { re: /^\/queue-report$/, page: queueReportPage, nav: 'home' },
  { re: /^\/desk$/, page: deskPage, nav: 'home' },
  { re: /^\/inbox$/, page: inboxPage, nav: 'home' },
  { re: /^\/dossiers\/([^/]+)$/, page: dossierPage, nav: 'home' },
  { re: /^\/approvals$/, page: approvalsPage, nav: 'home' },
  { re: /^\/submit$/, page: submitPage, nav: 'home' },
  { re: /^\/my-dossiers$/, page: myDossiersPage, nav: 'home' },
  { re: /^\/track(?:\/([^/]+))?$/, page: trackPage, nav: 'track' },
  { re: /^\/dossiers\/([^/]+)\/documents$/, page: deskDocsPage, nav: 'home' },
  { re: /^\/store$/, page: storePage, nav: 'home' },
  { re: /^\/verify\/([^/]+)$/, page: verifyPage },
  { re: /^\/desk-setup(?:\/([^/]+))?$/, page: deskSetupPage, nav: 'home' },
  { re: /^\/units$/, page: unitsPage, nav: 'home' },
  { re: /^\/users$/, page: usersPage, nav: 'home' },
  { re: /^\/procedures-admin(?:\/([^/]+))?$/, page: lazy(() => import('./pages/procedures-admin.js')), nav: 'home' },
  { re: /^\/password$/, page: passwordPage, nav: 'home' },
  { re: /^\/dashboard$/, page: dashboardPage, nav: 'home' },
  { re: /^\/kpi\/([^/]+)$/, page: kpiItemsPage, nav: 'home' },
  { re: /^\/scorecard$/, page: lazy(() => import('./pages/dashboard.js'), 'renderScorecard'), nav: 'home' },
  { re: /^\/stats-report$/, page: statsReportPage, nav: 'home' },
  { re: /^\/closures(?:\/(\d+))?$/, page: lazy(() => import('./pages/closures.js')), nav: 'home' },
  { re: /^\/tracking-book$/, page: trackingBookPage, nav: 'home' },
  { re: /^\/payments-day$/, page: paymentsDayPage, nav: 'home' },
  { re: /^\/payments-reconcile$/, page: paymentsReconcilePage, nav: 'home' },
  { re: /^\/review$/, page: reviewPage, nav: 'home' },
  { re: /^\/review\/items\/(\d+)$/, page: reviewPage, nav: 'home' },
  { re: /^\/quality(?:\/([^/]+))?$/, page: qualityPage, nav: 'quality' },
  { re: /^\/feedback\/(?:track|items|mine)\/([^/]+)$/, page: feedbackPage, nav: 'feedback' },
  { re: /^\/feedback\/(?:send|answers|inbox|track|mine)$/, page: feedbackPage, nav: 'feedback' },
];

const main = document.getElementById('main');
let generation = 0;      // bumps on every render; stale async work checks it
let cleanup = null;      // what the current page wants done when left
let firstRender = true;

/** The current hash as {path, params}; "#/x?a=1" -> {path:'/x', params}. */
export function currentLocation() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const i = raw.indexOf('?');
  const path = i < 0 ? raw : raw.slice(0, i);
  const params = new URLSearchParams(i < 0 ? '' : raw.slice(i + 1));
  return { path, params };
}

/** Goes to a hash route, e.g. navigate('/home'). */
export function navigate(path) {
  const target = `#${path}`;
  if (location.hash === target) render({ focus: true });
  else location.hash = target;
}

/** Changes the query of the current route without a new history entry or render. */
export function replaceParams(params) {
  const { path } = currentLocation();
  const s = params.toString();
  history.replaceState(history.state, '', `#${path}${s ? `?${s}` : ''}`);
}

export function setTitle(pageTitle) {
  document.title = pageTitle ? `${pageTitle} — ${t('agency.short')}` : t('agency.short');
}

function drawHeader() {
  const user = currentUser();
  const langBtn = document.getElementById('lang-switch');
  const other = getLang() === 'vi' ? 'en' : 'vi';
  langBtn.textContent = t('layout.switchTo');
  langBtn.setAttribute('lang', other);
  langBtn.setAttribute('aria-label', t('layout.switchToLabel'));
  langBtn.title = t('layout.switchToLabel');

  const account = document.getElementById('account');
  if (user) {
    replace(account,
      h('a', { class: 'account-name', href: '#/home' },
        h('span', { class: 'visually-hidden' }, t('layout.loggedInAs')), ' ', user.full_name || user.username),
      h('button', { type: 'button', class: 'btn-header', id: 'logout-button', on: { click: onLogout } }, t('layout.logout')));
  } else {
    replace(account,
      h('a', { class: 'btn-header', href: '#/login', id: 'login-link' }, t('layout.login')));
  }

  const { path } = currentLocation();
  const active = (routes.find((r) => r.re.test(path)) || {}).nav;
  const items = [{ key: 'catalogue', href: '#/', label: t('nav.catalogue') },
    { key: 'track', href: '#/track', label: t('nav.track') },
    { key: 'quality', href: '#/quality', label: t('nav.quality') },
    { key: 'feedback', href: '#/feedback/answers', label: t('nav.feedback') }];
  if (user) items.push({ key: 'home', href: '#/home', label: isOfficer(user) ? t('nav.officerHome') : t('nav.citizenHome') });
  else items.push({ key: 'register', href: '#/register', label: t('nav.register') });
  replace(document.getElementById('nav-list'), items.map((it) => h('li', null,
    h('a', { href: it.href, 'aria-current': it.key === active ? 'page' : null }, it.label))));
}

async function onLogout() {
  try {
    await logout();
  } catch { /* the session is dropped locally either way */ }
  navigate('/');
}

/** Renders the route in the hash into <main>. */
async function render({ focus = !firstRender } = {}) {
  const gen = ++generation;
  if (cleanup) { try { cleanup(); } catch { /* ignore */ } cleanup = null; }
  const { path, params } = currentLocation();
  let route = routes.find((r) => r.re.test(path));
  const match = route ? path.match(route.re) : null;
  if (!route) route = { page: notFound };
  // A password an administrator chose is changed before anything else:
  // the server refuses the rest (PASSWORD_CHANGE_REQUIRED).
  const me = currentUser();
  if (me && me.must_change_password && route.page !== loginPage) route = { page: passwordPage };
  drawHeader();
  main.setAttribute('aria-busy', 'true');
  replace(main);
  const ctx = {
    main,
    params,
    match,
    isCurrent: () => gen === generation,
    setTitle,
    navigate,
    replaceParams,
  };
  try {
    const c = await route.page.render(ctx);
    if (gen !== generation) return;
    if (typeof c === 'function') cleanup = c;
  } catch (err) {
    if (gen !== generation) return;
    replace(main, h('h1', { tabindex: '-1' }, t('error.title')),
      h('p', { class: 'alert alert-error', role: 'alert' }, t('error.unexpected')));
    // The failure is shown to the user; keep the detail for developers.
    console.warn(err);
  }
  main.setAttribute('aria-busy', 'false');
  if (focus) {
    const h1 = main.querySelector('h1');
    if (h1) {
      if (!h1.hasAttribute('tabindex')) h1.setAttribute('tabindex', '-1');
      h1.focus({ preventScroll: false });
    }
    window.scrollTo(0, 0);
  }
  firstRender = false;
}

async function switchLanguage() {
  const btn = document.getElementById('lang-switch');
  await setLang(getLang() === 'vi' ? 'en' : 'vi');
  applyStatic();
  await render({ focus: false });
  btn.focus();
}

async function start() {
  // The language file, the session and the workflow are fetched at once.
  const session = Promise.all([loadSession(), loadWorkflow()]);
  await setLang(storedLang());
  applyStatic();
  document.getElementById('skip-link').addEventListener('click', (e) => {
    // The hash is the router's: move focus to <main> without touching it.
    e.preventDefault();
    main.focus();
    main.scrollIntoView();
  });
  document.getElementById('lang-switch').addEventListener('click', switchLanguage);
  await session;
  onSessionChange(() => drawHeader());
  window.addEventListener('hashchange', () => render({ focus: true }));
  await render({ focus: false });
  document.body.classList.add('ready');
}

start();
