// #/kiosk/UNIT — the touch-screen kiosk of a desk: the desk's services as
// large buttons (with people waiting), an optional priority (elderly,
// disabled, pregnant), and the ticket taken: number, service, time, people
// ahead and a QR code to follow one's place from a phone, printable on an
// 80 mm thermal printer (css/queue.css, @media print). The page returns to
// the services by itself after a while.
// #/ticket/TOKEN — following one's place from a phone (renderFollow).
import { h, replace } from '../dom.js';
import { t, localName, locale, formatNumber, getLang, setLang, applyStatic } from '../i18n.js';
import { get, post, ApiError } from '../api.js';

const BACK_AFTER_MS = 30000;
const FOLLOW_POLL_MS = 10000;

export function formatClock(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), {
    hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh',
  }).format(new Date(iso));
}

/** Minutes, with a tenth below ten minutes ("0,5 phút"). */
export function formatMinutes(ms) {
  const m = (ms || 0) / 60000;
  return t('queue.minutes', { n: formatNumber(m < 10 ? Math.round(m * 10) / 10 : Math.round(m)) });
}

export function stateLabel(state) {
  const labels = {
    waiting: t('queue.state.waiting'),
    called: t('queue.state.called'),
    serving: t('queue.state.serving'),
    finished: t('queue.state.finished'),
    no_show: t('queue.state.no_show'),
  };
  return labels[state] || state;
}

function priorityLabel(p) {
  const labels = {
    elderly: t('queue.priority.elderly'),
    disabled: t('queue.priority.disabled'),
    pregnant: t('queue.priority.pregnant'),
  };
  return labels[p] || p;
}

/** Screen mode: no site header or footer (kiosk, display board). */
export function screenMode(on) {
  document.body.classList.toggle('screen-mode', on);
}

function ticketCard(tk, { printable = false } = {}) {
  return h('section', { class: `ticket${printable ? ' ticket-print' : ''}`, 'aria-labelledby': 'ticket-number' },
    h('p', { class: 'ticket-agency' }, t('agency.name')),
    h('p', { class: 'ticket-service' }, localName(tk.service)),
    h('p', { class: 'ticket-label' }, t('queue.yourNumber')),
    h('p', { class: 'ticket-number', id: 'ticket-number' }, tk.number),
    tk.priority ? h('p', { class: 'ticket-priority' }, t('queue.priorityTicket')) : null,
    h('p', { class: 'ticket-ahead', id: 'ticket-ahead' },
      tk.state === 'waiting' ? t('queue.ahead', { n: tk.ahead }) : stateLabel(tk.state)),
    h('p', { class: 'ticket-time' }, t('queue.issuedAt', { time: formatClock(tk.issued_at) })),
    tk.follow_token
      ? h('figure', { class: 'ticket-qr' },
        h('img', { src: `/api/v1/queue/tickets/follow/${encodeURIComponent(tk.follow_token)}/qr`, alt: t('queue.qrAlt'), width: 160, height: 160 }),
        h('figcaption', null, t('queue.qrCaption')))
      : null);
}

export async function render(ctx) {
  const { main, match } = ctx;
  const unit = decodeURIComponent(match[1]);
  screenMode(true);
  let timer = null;
  let priority = null;
  let desk;

  async function showServices(message) {
    clearTimeout(timer);
    try {
      desk = await get(`/api/v1/queue/units/${encodeURIComponent(unit)}/kiosk`);
    } catch (err) {
      if (!ctx.isCurrent()) return;
      replace(main, h('h1', null, t('queue.kioskTitle')),
        h('p', { class: 'alert alert-error', role: 'alert' },
          err instanceof ApiError && err.status === 404 ? t('queue.noDesk') : t('error.network')));
      return;
    }
    if (!ctx.isCurrent()) return;
    ctx.setTitle(t('queue.kioskTitle'));
    priority = null;
    const prioButtons = ['elderly', 'disabled', 'pregnant'].map((p) => h('button', {
      type: 'button', class: 'kiosk-prio', 'aria-pressed': 'false', dataset: { priority: p },
      on: {
        click: (e) => {
          priority = priority === p ? null : p;
          for (const b of main.querySelectorAll('.kiosk-prio')) b.setAttribute('aria-pressed', String(b.dataset.priority === priority));
          e.currentTarget.focus();
        },
      },
    }, priorityLabel(p)));
    const langBtn = h('button', {
      type: 'button', class: 'btn btn-secondary kiosk-lang', id: 'kiosk-lang', lang: getLang() === 'vi' ? 'en' : 'vi',
      on: {
        click: async () => {
          await setLang(getLang() === 'vi' ? 'en' : 'vi');
          applyStatic();
          await showServices();
        },
      },
    }, t('layout.switchTo'));
    replace(main,
      h('div', { class: 'kiosk' },
        langBtn,
        h('h1', { class: 'kiosk-title' }, localName(desk.unit)),
        h('p', { class: 'kiosk-lead' }, desk.open ? t('queue.kioskLead') : t('queue.closed')),
        message ? h('p', { class: 'alert alert-error', role: 'alert' }, message) : null,
        desk.open && desk.services.length === 0 ? h('p', { class: 'alert alert-info' }, t('queue.noServices')) : null,
        desk.open ? h('fieldset', { class: 'kiosk-priority' },
          h('legend', null, t('queue.priorityQuestion')),
          h('div', { class: 'kiosk-prio-list' }, prioButtons)) : null,
        h('ul', { class: 'kiosk-services' }, desk.services.map((s) => h('li', null,
          h('button', {
            type: 'button', class: 'kiosk-service', disabled: !desk.open, dataset: { service: s.id, prefix: s.prefix },
            on: { click: () => take(s) },
          },
          h('span', { class: 'kiosk-prefix', 'aria-hidden': 'true' }, s.prefix),
          h('span', { class: 'kiosk-name' }, localName(s)),
          h('span', { class: 'kiosk-waiting' }, t('queue.waitingCount', { n: s.waiting }))))))));
  }

  async function take(service) {
    let tk;
    try {
      tk = await post(`/api/v1/queue/units/${encodeURIComponent(unit)}/tickets`,
        priority ? { service: service.id, priority } : { service: service.id });
    } catch (err) {
      if (!ctx.isCurrent()) return;
      await showServices(err instanceof ApiError && err.serverMessage ? err.serverMessage : t('error.network'));
      return;
    }
    if (!ctx.isCurrent()) return;
    replace(main,
      h('div', { class: 'kiosk kiosk-done' },
        h('h1', { class: 'visually-hidden' }, t('queue.ticketTitle')),
        ticketCard(tk, { printable: true }),
        h('p', { class: 'kiosk-actions no-print' },
          h('button', { type: 'button', class: 'btn btn-primary kiosk-btn', id: 'print-ticket', on: { click: () => window.print() } }, t('queue.print')),
          h('button', { type: 'button', class: 'btn btn-secondary kiosk-btn', id: 'kiosk-back', on: { click: () => showServices() } }, t('queue.done')))));
    main.querySelector('#print-ticket').focus();
    timer = setTimeout(() => { if (ctx.isCurrent()) showServices(); }, BACK_AFTER_MS);
  }

  await showServices();
  return () => { clearTimeout(timer); screenMode(false); };
}

export async function renderFollow(ctx) {
  const { main, match } = ctx;
  const token = decodeURIComponent(match[1]);
  let timer = null;
  async function refresh() {
    let tk;
    try {
      tk = await get(`/api/v1/queue/tickets/follow/${encodeURIComponent(token)}`);
    } catch (err) {
      if (!ctx.isCurrent()) return;
      replace(main, h('h1', null, t('queue.followTitle')),
        h('p', { class: 'alert alert-error', role: 'alert' },
          err instanceof ApiError && err.status === 404 ? t('queue.ticketUnknown') : t('error.network')));
      return;
    }
    if (!ctx.isCurrent()) return;
    ctx.setTitle(t('queue.followTitle'));
    const called = tk.state === 'called' && tk.counter;
    replace(main,
      h('h1', null, t('queue.followTitle')),
      h('div', { class: 'follow' },
        ticketCard({ ...tk, follow_token: null }),
        h('p', { class: called ? 'alert alert-success' : 'alert alert-info', role: 'status', id: 'follow-status' },
          called ? t('queue.calledTo', { counter: tk.counter }) : stateLabel(tk.state)),
        tk.rating_token
          ? h('p', { class: 'follow-rating' },
            h('a', { class: 'btn btn-primary', id: 'follow-rating-link',
              href: `#/rate/visit/${tk.id}?t=${encodeURIComponent(tk.rating_token)}` }, t('queue.rateYourVisit')))
          : null,
        h('p', { class: 'follow-note' }, t('queue.followNote'))));
    if (tk.state === 'waiting' || tk.state === 'called') timer = setTimeout(refresh, FOLLOW_POLL_MS);
  }
  await refresh();
  return () => clearTimeout(timer);
}
