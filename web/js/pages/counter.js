// #/counter[?unit=CODE&counter=ID] — the receiving officer's counter: pick
// a counter of the desk and sit at it, then call the next ticket (priority
// first, then first come first served across the counter's services),
// recall, start and finish serving, skip a visitor who does not come, move
// a ticket to another service, or flag it as priority. When a ticket is
// finished the page offers the visit's rating to the visitor (the tablet
// at the counter opens the link). People waiting per service are shown.
import { h, replace } from '../dom.js';
import { t, localName } from '../i18n.js';
import { get, post, ApiError } from '../api.js';
import { currentUser } from '../session.js';
import { stateLabel, formatMinutes } from './kiosk.js';

export async function render(ctx) {
  const { main, params } = ctx;
  const user = currentUser();
  if (!user) { ctx.navigate('/login?next=%2Fcounter'); return undefined; }
  ctx.setTitle(t('queue.counterTitle'));
  let unit = params.get('unit') || '';
  let places = []; // the counters this officer may sit at, any unit (issue 15)
  let counterId = params.get('counter') ? Number(params.get('counter')) : null;
  let setup;
  let message = null;
  let rating = null;

  const fail = (err) => {
    message = err instanceof ApiError && err.serverMessage ? err.serverMessage : t('error.network');
  };

  async function load() {
    try {
      places = (await get('/api/v1/queue/my-counters')).items || [];
    } catch (err) {
      if (!ctx.isCurrent()) return;
      replace(main, h('h1', null, t('queue.counterTitle')), h('p', { class: 'alert alert-error', role: 'alert' }, t('error.unexpected')));
      return;
    }
    if (!ctx.isCurrent()) return;
    if (!unit && places.length === 0) {
      // Not a dead end: say why there is nothing, and who can change it.
      replace(main, h('h1', null, t('queue.counterTitle')),
        h('div', { class: 'alert alert-info', role: 'status', id: 'counter-none' },
          h('p', null, t('queue.noCounterAssigned')),
          h('p', null, t('queue.whoAssigns'))),
        h('p', { class: 'page-links' }, h('a', { href: '#/desk' }, t('desk.title'))));
      return;
    }
    if (!unit) unit = places[0].unit.code;
    if (!counterId) {
      const here = places.filter((c) => c.unit.code === unit);
      if (here.length === 1) counterId = here[0].id;
    }
    try {
      setup = await get(`/api/v1/queue/units/${encodeURIComponent(unit)}/setup`);
    } catch (err) {
      if (!ctx.isCurrent()) return;
      replace(main, h('h1', null, t('queue.counterTitle')),
        h('p', { class: 'alert alert-error', role: 'alert' }, err instanceof ApiError && err.status === 404 ? t('queue.noDesk') : t('error.unexpected')));
      return;
    }
    if (!counterId) {
      const mine = setup.counters.find((c) => c.open && c.officer && c.officer.id && c.officer.name === user.full_name);
      if (mine) counterId = mine.id;
    }
    await draw();
  }

  async function act(path, body) {
    message = null;
    try {
      const r = await post(path, body);
      if (r && r.ticket && r.ticket.rating_url) rating = r.ticket;
      else if (r && r.ticket === null) message = t('queue.nobodyWaiting');
    } catch (err) {
      fail(err);
    }
    await draw();
  }

  async function draw() {
    if (!ctx.isCurrent()) return;
    let counter = null;
    let kiosk = null;
    try {
      if (counterId) counter = await get(`/api/v1/queue/counters/${counterId}`);
      kiosk = await get(`/api/v1/queue/units/${encodeURIComponent(unit)}/kiosk`);
    } catch (err) {
      fail(err);
    }
    if (!ctx.isCurrent()) return;
    const pick = h('label', { class: 'counter-pick' }, t('queue.counter'), ' ',
      h('select', {
        id: 'counter-select',
        on: {
          change: (e) => {
            counterId = Number(e.target.value) || null;
            const p = new URLSearchParams(params);
            if (counterId) p.set('counter', String(counterId)); else p.delete('counter');
            if (unit) p.set('unit', unit);
            ctx.replaceParams(p);
            rating = null;
            draw();
          },
        },
      },
      h('option', { value: '' }, t('queue.chooseCounter')),
      setup.counters.filter((c) => c.active).map((c) => h('option', { value: c.id, selected: c.id === counterId },
        `${t('queue.counterN', { n: c.number })}${c.name ? ` — ${c.name}` : ''}`))));
    const tk = counter && counter.ticket;
    const mine = counter && counter.mine;
    const btn = (id, label, onClick, primary = false) => h('button', {
      type: 'button', id, class: `btn ${primary ? 'btn-primary' : 'btn-secondary'}`, on: { click: onClick },
    }, label);
    const controls = [];
    if (counter && !mine) controls.push(btn('counter-open', t('queue.openCounter'), () => act(`/api/v1/queue/counters/${counterId}/open`), true));
    if (mine && !tk) {
      controls.push(btn('call-next', t('queue.callNext'), () => act(`/api/v1/queue/counters/${counterId}/call`), true));
      controls.push(btn('counter-close', t('queue.closeCounter'), () => act(`/api/v1/queue/counters/${counterId}/close`)));
    }
    if (mine && tk) {
      const base = `/api/v1/queue/tickets/${tk.id}`;
      if (tk.state === 'called') {
        controls.push(btn('ticket-start', t('queue.start'), () => act(`${base}/start`), true));
        controls.push(btn('ticket-recall', t('queue.recall'), () => act(`${base}/recall`)));
        controls.push(btn('ticket-skip', t('queue.skip'), () => act(`${base}/skip`)));
      }
      if (tk.state === 'serving') controls.push(btn('ticket-finish', t('queue.finish'), () => act(`${base}/finish`), true));
      const others = setup.services.filter((s) => s.active && s.id !== tk.service.id);
      if (others.length) {
        const sel = h('select', { id: 'transfer-service', 'aria-label': t('queue.transferTo') },
          others.map((s) => h('option', { value: s.id }, `${s.prefix} — ${localName(s)}`)));
        controls.push(h('span', { class: 'counter-transfer' }, sel,
          btn('ticket-transfer', t('queue.transfer'), () => act(`${base}/transfer`, { service: Number(sel.value) }))));
      }
      if (!tk.priority && tk.state === 'called') {
        controls.push(btn('ticket-priority', t('queue.markPriority'), () => act(`${base}/priority`, { reason: 'other' })));
      }
    }
    const mineList = places.length ? h('nav', { class: 'counter-places', id: 'my-counters', 'aria-label': t('queue.myCounters') },
      h('span', null, `${t('queue.myCounters')}: `),
      places.map((c, i) => [i ? ' · ' : null, c.id === counterId
        ? h('strong', { 'aria-current': 'page' }, `${localName(c.unit)} — ${t('queue.counterN', { n: c.number })}`)
        : h('a', { href: `#/counter?unit=${encodeURIComponent(c.unit.code)}&counter=${c.id}` },
          `${localName(c.unit)} — ${t('queue.counterN', { n: c.number })}`)])) : null;
    replace(main,
      h('h1', null, t('queue.counterTitle')),
      h('p', { class: 'counter-unit' }, localName(setup.unit)),
      mineList,
      pick,
      message ? h('p', { class: 'alert alert-info', role: 'status', id: 'counter-message' }, message) : null,
      counter ? h('section', { class: 'card counter-card', 'aria-labelledby': 'counter-h' },
        h('h2', { id: 'counter-h' }, t('queue.counterN', { n: counter.number }),
          ' ', h('span', { class: `badge ${counter.open ? 'badge-level-full' : 'badge-level-none'}` }, counter.open ? t('queue.counterOpen') : t('queue.counterClosed'))),
        tk ? h('div', { class: 'counter-ticket', id: 'counter-ticket', dataset: { ticket: tk.id, state: tk.state } },
          h('p', { class: 'counter-number' }, tk.number),
          h('p', null, `${localName(tk.service)} · ${stateLabel(tk.state)}${tk.priority ? ` · ${t('queue.priorityTicket')}` : ''}`),
          tk.waiting_ms !== null ? h('p', null, t('queue.waited', { time: formatMinutes(tk.waiting_ms) })) : null,
          tk.dossiers.length ? h('p', null, t('queue.dossiers'), ' ', tk.dossiers.map((d) => d.code).join(', ')) : null)
          : h('p', { class: 'counter-empty' }, t('queue.noTicket')),
        h('div', { class: 'counter-controls' }, controls)) : null,
      rating ? h('section', { class: 'alert alert-success counter-rating', id: 'counter-rating' },
        h('p', null, t('queue.offerRating', { number: rating.number })),
        h('a', { class: 'btn btn-primary', href: `#/rate/visit/${rating.id}?t=${encodeURIComponent(rating.rating_token)}`, id: 'rating-link' }, t('queue.openRating'))) : null,
      kiosk ? h('section', { 'aria-labelledby': 'waiting-h' },
        h('h2', { id: 'waiting-h' }, t('queue.waitingNow')),
        h('table', { class: 'table queue-waiting' },
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, t('queue.service')),
            h('th', { scope: 'col' }, t('queue.waitingPeople')),
            h('th', { scope: 'col' }, t('queue.avgWait')),
            h('th', { scope: 'col' }, t('queue.longestWait')))),
          h('tbody', null, kiosk.services.map((s) => h('tr', null,
            h('th', { scope: 'row' }, `${s.prefix} — ${localName(s)}`),
            h('td', null, String(s.waiting)),
            h('td', null, formatMinutes(s.avg_wait_ms)),
            h('td', null, formatMinutes(s.longest_waiting_ms)))))))
        : null);
  }

  await load();
  return undefined;
}
