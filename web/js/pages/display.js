// #/display/UNIT — the display board on the office's TV: the last number
// called in large type with its counter, the number each counter is
// serving, and the previous calls. Live through Server-Sent Events
// (GET /api/v1/queue/units/UNIT/events): a "snapshot" on connection, then
// a "call" per call or recall, whose spoken phrase (a WAV made by the
// server with espeak-ng) the page plays, and an "update" when a counter
// changes. The browser reconnects by itself and gets a new snapshot.
import { h, replace } from '../dom.js';
import { t, localName } from '../i18n.js';
import { get } from '../api.js';
import { screenMode, formatClock } from './kiosk.js';

function counterRows(counters) {
  return counters.map((c) => h('tr', { dataset: { counter: c.number } },
    h('th', { scope: 'row' }, t('queue.counterN', { n: c.number })),
    h('td', { class: 'display-serving' }, c.ticket || (c.open ? '—' : t('queue.counterClosed')))));
}

export async function render(ctx) {
  const { main, match } = ctx;
  const unit = decodeURIComponent(match[1]);
  screenMode(true);
  ctx.setTitle(t('queue.displayTitle'));
  let audioBlocked = false;
  const queue = []; // phrases to speak, one after the other
  let speaking = false;

  const last = h('div', { class: 'display-last', id: 'display-last', 'aria-live': 'assertive', 'aria-atomic': 'true' },
    h('p', { class: 'display-last-label' }, t('queue.nowCalling')),
    h('p', { class: 'display-last-number', id: 'last-number' }, '—'),
    h('p', { class: 'display-last-counter', id: 'last-counter' }, ''));
  const tbody = h('tbody', { id: 'display-counters' });
  const history = h('ol', { class: 'display-history', id: 'display-history' });
  const soundBtn = h('button', {
    type: 'button', class: 'btn btn-secondary display-sound', id: 'display-sound', hidden: true,
    on: { click: () => { audioBlocked = false; soundBtn.hidden = true; next(); } },
  }, t('queue.enableSound'));
  const status = h('p', { class: 'display-status', id: 'display-status', role: 'status' }, t('queue.connecting'));
  const title = h('h1', { class: 'display-title' }, t('queue.displayTitle'));
  replace(main, h('div', { class: 'display' },
    h('header', { class: 'display-head' }, title, status, soundBtn),
    h('div', { class: 'display-body' },
      last,
      h('section', { class: 'display-counters', 'aria-labelledby': 'counters-h' },
        h('h2', { id: 'counters-h' }, t('queue.counters')),
        h('table', { class: 'display-table' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('queue.counter')), h('th', { scope: 'col' }, t('queue.serving')))),
          tbody)),
      h('section', { class: 'display-calls', 'aria-labelledby': 'calls-h' },
        h('h2', { id: 'calls-h' }, t('queue.recentCalls')),
        history))));

  function showLast(call) {
    main.querySelector('#last-number').textContent = call.number;
    main.querySelector('#last-counter').textContent = t('queue.toCounter', { n: call.counter });
    last.classList.remove('flash');
    void last.offsetWidth; // restart the animation
    last.classList.add('flash');
  }

  function showHistory(calls) {
    replace(history, calls.slice(0, 6).map((c) => h('li', null,
      h('span', { class: 'display-history-number' }, c.number), ' ',
      h('span', { class: 'display-history-counter' }, t('queue.toCounter', { n: c.counter })), ' ',
      h('span', { class: 'display-history-time' }, formatClock(c.at)))));
  }

  function next() {
    if (speaking || audioBlocked || queue.length === 0) return;
    const url = queue.shift();
    const audio = new Audio(url);
    speaking = true;
    const done = () => { speaking = false; next(); };
    audio.addEventListener('ended', done);
    audio.addEventListener('error', done);
    audio.play().catch(() => {
      // Autoplay needs a gesture once on some browsers: ask for it.
      speaking = false;
      audioBlocked = true;
      queue.unshift(url);
      soundBtn.hidden = false;
    });
  }

  let calls = [];
  function snapshot(s) {
    title.textContent = `${t('queue.displayTitle')} — ${localName(s.unit)}`;
    replace(tbody, counterRows(s.counters));
    calls = s.calls;
    if (calls.length) showLast(calls[0]);
    showHistory(calls);
  }

  // The browser reconnects a broken stream by itself, but gives up for good
  // when the server answers with an error (503 when its streams are full,
  // 502 while it restarts behind a proxy): then open a new one, after a
  // while, with jitter so that a room of boards does not return at once.
  let es = null;
  let retry = null;
  function connect() {
    es = new EventSource(`/api/v1/queue/units/${encodeURIComponent(unit)}/events`);
    es.addEventListener('open', () => { status.textContent = t('queue.live'); });
    es.addEventListener('error', () => {
      status.textContent = t('queue.reconnecting');
      if (es.readyState === EventSource.CLOSED && !retry) {
        retry = setTimeout(() => { retry = null; if (ctx.isCurrent()) connect(); }, 5000 + Math.random() * 10000);
      }
    });
    es.addEventListener('snapshot', (e) => snapshot(JSON.parse(e.data)));
    es.addEventListener('call', onCall);
    es.addEventListener('update', onUpdate);
  }
  function onCall(e) {
    const c = JSON.parse(e.data);
    calls = [{ number: c.number, counter: c.counter, at: c.at }, ...calls.filter((x) => x.number !== c.number)];
    showLast(c);
    showHistory(calls);
    const row = tbody.querySelector(`tr[data-counter="${c.counter}"] .display-serving`);
    if (row) row.textContent = c.number;
    if (c.voice) { queue.push(c.voice); next(); }
  }
  // A counter opened, closed, started, finished, skipped or transferred:
  // read the board again (one small request, at most every half second).
  let pending = null;
  function onUpdate() {
    if (pending) return;
    pending = setTimeout(async () => {
      pending = null;
      try {
        const s = await get(`/api/v1/queue/units/${encodeURIComponent(unit)}/display`);
        if (ctx.isCurrent()) snapshot(s);
      } catch { /* the next event or reconnection brings a snapshot */ }
    }, 500);
  }
  connect();
  return () => { es.close(); clearTimeout(pending); clearTimeout(retry); screenMode(false); };
}
