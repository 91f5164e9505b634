// #/quality[/UNIT] — the public service quality of a unit (no log-in), like
// the national portal's service-quality page: this month's on-time rate,
// online share, satisfaction and average waiting (GET
// /api/v1/public/quality?unit=), each against the plan's target, in the
// dashboard's colours and words ("no data" when nothing was counted).
// Without a unit: the first unit of the tree (the agency).
import { h, replace } from '../dom.js';
import { t, localName, formatNumber, formatDate } from '../i18n.js';
import { get, ApiError } from '../api.js';
import { field } from '../forms.js';
import { formatRate, status, gauge, statusBadge } from '../kpi.js';

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

export async function render(ctx) {
  const { main, match } = ctx;
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
  let q;
  let failure = null;
  try {
    q = await get('/api/v1/public/quality', { unit: code });
  } catch (err) {
    failure = err instanceof ApiError && err.serverMessage ? err.serverMessage : t('error.unexpected');
  }
  if (!ctx.isCurrent()) return;
  const pick = field({ name: 'unit', id: 'quality-unit', label: t('kpi.unit'), rowClass: 'kpi-pick',
    options: units.map((u) => h('option', { value: u.code, selected: u.code === code }, localName(u))) });
  pick.input.addEventListener('change', () => ctx.navigate(`/quality/${encodeURIComponent(pick.input.value)}`));
  const head = [h('h1', null, t('quality.title')), h('form', { class: 'kpi-form', on: { submit: (e) => e.preventDefault() } }, pick.row)];
  if (failure) {
    replace(main, head, h('p', { class: 'alert alert-error', role: 'alert', id: 'quality-error' }, failure));
    return;
  }
  const [y, m] = q.month.split('-');
  replace(main, head,
    h('p', { class: 'kpi-scope', id: 'quality-scope' }, h('strong', null, localName(q.unit)), ' · ',
      t('quality.month', { m: Number(m), y }), ' · ', t('kpi.fromTo', { from: formatDate(q.from), to: formatDate(q.to) })),
    h('ul', { class: 'kpi-gauges quality-figures', id: 'quality-figures' }, FIGURES.map(([name, key]) => tile(name, key, q[name]))),
    h('p', { class: 'hint' }, t('quality.note')));
}
