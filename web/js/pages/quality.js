// #/quality[/UNIT][?month=YYYY-MM] — the public service quality of a unit
// (no log-in), like the national portal's service-quality page: a month's
// on-time rate, online share, satisfaction and average waiting (GET
// /api/v1/public/quality?unit=&month=), each against the plan's target, in
// the dashboard's colours and words ("no data" when nothing was counted).
// Without a unit: the first unit of the tree (the agency); without a
// month: this one; the picker offers this month and the 24 before it.
import { h, replace } from '../dom.js';
import { t, localName, formatNumber, formatDate } from '../i18n.js';
import { get, ApiError } from '../api.js';
import { field } from '../forms.js';
import { formatRate, status, gauge, statusBadge, todayLocal } from '../kpi.js';

// The reply's figures, with the plan's key that says how each is written.
const FIGURES = [
  ['on_time', 'plan.on_time'], ['online_share', 'plan.online_share'],
  ['satisfaction', 'plan.satisfaction'], ['wait_minutes', 'plan.wait_minutes'],
];

function tile(name, key, f) {
  const st = status(key, f.rate, f.target);
  return h('li', { class: `card kpi-gauge quality-figure kpi-${st}`, dataset: { figure: name, status: st } },
    h('h2', { class: 'kpi-gauge-name' }, t(`quality.${name}`)),
    gauge(key, f.rate, f.target, st),
    h('p', { class: 'kpi-value' }, formatRate(key, f.rate)),
    h('p', { class: 'kpi-target' }, f.target === null ? t('kpi.noTarget') : t('kpi.target', { v: formatRate(key, f.target) })),
    st === 'nodata' ? null : statusBadge(st),
    h('p', { class: 'kpi-count' }, t(`quality.count.${name}`, { n: formatNumber(f.count) })));
}

// This month and the 24 before it (the server's bound), newest first.
const MONTHS_BACK = 24;
function monthsOffered() {
  const today = todayLocal();
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
  const out = [];
  for (let i = 0; i <= MONTHS_BACK; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (--m === 0) { m = 12; y--; }
  }
  return out;
}

export async function render(ctx) {
  const { main, match, params } = ctx;
  ctx.setTitle(t('quality.title'));
  let units;
  try {
    units = (await get('/api/v1/units')).items;
  } catch {
    if (!ctx.isCurrent()) return;
    replace(main, h('h1', null, t('quality.title')), h('p', { class: 'alert alert-error', role: 'alert' }, t('error.unexpected')));
    return;
  }
  const code = match[1] ? decodeURIComponent(match[1]) : (units[0] && units[0].code) || '';
  const month = params.get('month') || '';
  let q;
  let failure = null;
  try {
    q = await get('/api/v1/public/quality', { unit: code, month: month || undefined });
  } catch (err) {
    failure = err instanceof ApiError && err.serverMessage ? err.serverMessage : t('error.unexpected');
  }
  if (!ctx.isCurrent()) return;
  const pick = field({ name: 'unit', id: 'quality-unit', label: t('kpi.unit'), rowClass: 'kpi-pick',
    options: units.map((u) => h('option', { value: u.code, selected: u.code === code }, localName(u))) });
  const months = monthsOffered();
  const shown = month || months[0];
  const pickMonth = field({ name: 'month', id: 'quality-month', label: t('quality.pickMonth'), rowClass: 'kpi-pick',
    options: (months.includes(shown) ? months : [shown, ...months]).map((v) => h('option', { value: v, selected: v === shown },
      t('quality.month', { m: Number(v.slice(5, 7)), y: v.slice(0, 4) }))) });
  const go = () => {
    const qs = pickMonth.input.value === months[0] ? '' : `?month=${pickMonth.input.value}`;
    ctx.navigate(`/quality/${encodeURIComponent(pick.input.value)}${qs}`);
  };
  pick.input.addEventListener('change', go);
  pickMonth.input.addEventListener('change', go);
  const head = [h('h1', null, t('quality.title')), h('form', { class: 'kpi-form', on: { submit: (e) => e.preventDefault() } }, pick.row, pickMonth.row)];
  if (failure) {
    replace(main, head, h('p', { class: 'alert alert-error', role: 'alert', id: 'quality-error' }, failure));
    return;
  }
  const [y, m] = q.month.split('-');
  replace(main, head,
    h('p', { class: 'kpi-scope', id: 'quality-scope' }, h('strong', null, localName(q.unit)), ' · ',
      t('quality.month', { m: Number(m), y }), ' · ', t('kpi.fromTo', { from: formatDate(q.from), to: formatDate(q.to) })),
    h('ul', { class: 'kpi-gauges quality-figures', id: 'quality-figures' }, FIGURES.map(([name, key]) => tile(name, key, q[name]))),
    h('p', { class: 'hint' }, t(q.month === months[0] ? 'quality.note' : 'quality.notePast')));
}
