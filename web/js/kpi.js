// Monitoring (issue 12) helpers shared by the dashboard, the drill-down
// list, the report page and the public quality page: periods as local
// (UTC+7) dates, how a figure is written (a share in %, an average in
// minutes or working days, "no data" when the rate is null — never 0 %),
// its colour against its target (green met, amber within 10 % of it, red
// below, grey no data) and the gauge drawn as inline SVG.
import { h } from './dom.js';
import { t, formatNumber } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element (h() makes HTML ones). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** Today in the agency's time zone (UTC+7), "YYYY-MM-DD". */
export function todayLocal() {
  return new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
}

const pad = (n) => String(n).padStart(2, '0');
const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const ISO = /^\d{4}-\d{2}-\d{2}$/;

export const PERIODS = ['month', 'quarter', 'half', 'year', 'range'];
/** How many parts a year has for each kind of period. */
export const PARTS = { month: 12, quarter: 4, half: 2 };

/**
 * The dates of a period: kind month|quarter|half|year|range, the year and
 * the part (1-based), or from/to for a range. The end is never after
 * today (a dossier still open is judged at the period's end).
 */
export function periodDates(kind, year, part, from, to) {
  const today = todayLocal();
  let f;
  let e;
  if (kind === 'range') {
    f = ISO.test(from || '') ? from : `${today.slice(0, 7)}-01`;
    e = ISO.test(to || '') ? to : today;
  } else {
    const months = { month: 1, quarter: 3, half: 6, year: 12 }[kind] || 12;
    const p = kind === 'year' ? 1 : Math.min(Math.max(1, part || 1), 12 / months);
    const m0 = (p - 1) * months + 1;
    const m1 = m0 + months - 1;
    f = `${year}-${pad(m0)}-01`;
    e = `${year}-${pad(m1)}-${pad(lastDay(year, m1))}`;
  }
  if (e > today && f <= today) e = today;
  return { from: f, to: e };
}

/** The scope and period asked in the URL, with the dashboard's defaults
 * (this month; the user's unit, the office's the whole agency). */
export function readScope(params, user, agencyWide) {
  const today = todayLocal();
  const period = PERIODS.includes(params.get('period')) ? params.get('period') : 'month';
  const year = Number(params.get('year')) || Number(today.slice(0, 4));
  const dflt = { month: Number(today.slice(5, 7)), quarter: Math.ceil(Number(today.slice(5, 7)) / 3), half: Number(today.slice(5, 7)) > 6 ? 2 : 1 };
  const part = Number(params.get('part')) || dflt[period] || 1;
  // The office's own unit handles no dossiers (issue 15): it opens on the
  // whole agency; everyone else on their own unit.
  const roles = user.roles || [];
  const officeOnly = roles.includes('office') && !roles.some((r) => r === 'leader' || r === 'head');
  const own = officeOnly ? '' : ((user.unit && user.unit.code) || '');
  let unit = params.has('unit') ? params.get('unit') : own;
  if (!agencyWide) unit = (user.unit && user.unit.code) || '';
  const { from, to } = periodDates(period, year, part, params.get('from'), params.get('to'));
  return { unit, period, year, part, from, to };
}

// Averages: the unit their rate is in; lower is better.
const AVERAGES = { '766.2.2': 'workingDays', 'plan.wait_minutes': 'minutes', 'plan.desk_minutes': 'minutes' };

export const isAverage = (key) => key in AVERAGES;

/** A rate as written: "91,1 %", "12,5 phút", or "Chưa có dữ liệu". */
export function formatRate(key, rate) {
  if (rate === null || rate === undefined) return t('kpi.noData');
  if (isAverage(key)) return t(`kpi.unit.${AVERAGES[key]}`, { n: formatNumber(Math.round(rate * 10) / 10) });
  return `${formatNumber(Math.round(rate * 1000) / 10)} %`;
}

/**
 * How a figure stands against its target: 'nodata' (rate null),
 * 'notarget', 'met', 'near' (within 10 % of the target) or 'below'.
 */
export function status(key, rate, target) {
  if (rate === null || rate === undefined) return 'nodata';
  if (target === null || target === undefined) return 'notarget';
  if (isAverage(key)) {
    if (rate <= target) return 'met';
    return rate <= target / 0.9 ? 'near' : 'below';
  }
  if (rate >= target - 1e-9) return 'met';
  return rate >= target * 0.9 ? 'near' : 'below';
}

/** A 766 indicator's standing: by its points against its maximum. */
export function pointsStatus(ind) {
  if (ind.rate === null) return 'nodata';
  if (!ind.max_points) return 'notarget';
  const f = ind.points / ind.max_points;
  if (f >= 1 - 1e-9) return 'met';
  return f >= 0.9 ? 'near' : 'below';
}

export const statusLabel = (st) => t(`kpi.status.${st}`);

/**
 * A half-circle gauge: the arc filled to the rate (an average: to rate /
 * (2 × target)), a tick at the target, the colour of its status; the
 * words beside it carry the same information for who cannot see colours.
 */
export function gauge(key, rate, target, st) {
  const frac = (v) => {
    if (v === null || v === undefined) return 0;
    if (isAverage(key)) return target ? Math.min(1, v / (2 * target)) : 0;
    return Math.min(1, Math.max(0, v));
  };
  const pt = (f, r) => {
    const a = Math.PI * (1 - f);
    return [60 + r * Math.cos(a), 60 - r * Math.sin(a)];
  };
  const arc = (f) => {
    const [x, y] = pt(f, 48);
    return `M 12 60 A 48 48 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}`;
  };
  const f = frac(rate);
  const tf = target === null || target === undefined ? null : frac(target);
  const tick = tf === null ? null : (() => {
    const [x1, y1] = pt(tf, 38);
    const [x2, y2] = pt(tf, 58);
    return s('line', { x1: x1.toFixed(2), y1: y1.toFixed(2), x2: x2.toFixed(2), y2: y2.toFixed(2), class: 'gauge-target' });
  })();
  return s('svg', { class: `gauge gauge-${st}`, viewBox: '0 0 120 68', width: 120, height: 68, 'aria-hidden': 'true', focusable: 'false' },
    s('path', { d: 'M 12 60 A 48 48 0 0 1 108 60', class: 'gauge-track' }),
    f > 0.001 ? s('path', { d: arc(f), class: 'gauge-fill' }) : null,
    tick);
}

/** The query string of a scope and period (unit, from, to). */
export function scopeQuery(unit, from, to, extra = {}) {
  const p = new URLSearchParams();
  if (unit) p.set('unit', unit);
  p.set('from', from);
  p.set('to', to);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  return p;
}

/** A badge with the words of a status. */
export function statusBadge(st) {
  return h('span', { class: `kpi-badge kpi-badge-${st}` }, statusLabel(st));
}

/**
 * A download button of a file the API makes (XLSX, CSV, PDF): fetched on
 * click, so that a refusal (the signer unavailable, too many dossiers) is
 * said in `status` (an aria-live element) instead of a failed download;
 * the file keeps the name the server gives it.
 */
export function downloadButton(href, id, label, status) {
  const a = h('a', { class: 'btn btn-secondary', id, href, download: '' }, label);
  a.addEventListener('click', async (e) => {
    e.preventDefault();
    status.textContent = '';
    status.hidden = true;
    let res;
    try {
      res = await fetch(href, { credentials: 'same-origin' });
    } catch {
      res = null;
    }
    if (!res || !res.ok) {
      let msg = t('error.unexpected');
      try { msg = (await res.json()).error.message || msg; } catch { /* not JSON */ }
      status.textContent = msg;
      status.hidden = false;
      return;
    }
    const m = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '');
    const url = URL.createObjectURL(await res.blob());
    const save = h('a', { href: url, download: m ? m[1] : '', hidden: true });
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
  return a;
}
