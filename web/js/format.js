// Formatting of catalogue values shared by the pages: time limits, online
// levels, copy types, roles.
import { h } from './dom.js';
import { t, tn } from './i18n.js';

const TIME_UNITS = ['working_days', 'days', 'working_hours'];

/** {value: 5, unit: 'working_days'} -> "5 ngày làm việc" / "5 working days". */
export function formatTimeLimit(tl) {
  if (!tl || tl.value === undefined || tl.value === null) return t('common.unknown');
  const unit = TIME_UNITS.includes(tl.unit) ? tl.unit : 'days';
  return tn(`time.${unit}`, tl.value);
}

/** Step duration of an internal process step: {hours} or {days}. */
export function formatStepDuration(step) {
  if (typeof step.hours === 'number') return tn('time.working_hours', step.hours);
  if (typeof step.days === 'number') return tn('time.days', step.days);
  return '';
}

const LEVELS = ['full', 'partial', 'none'];

export function onlineLevelLabel(level) {
  return LEVELS.includes(level) ? t(`level.${level}`) : t('common.unknown');
}

/** A coloured badge for an online level; the colour is never the only cue. */
export function onlineLevelBadge(level) {
  const known = LEVELS.includes(level) ? level : 'none';
  return h('span', { class: `badge badge-level-${known}` }, onlineLevelLabel(level));
}

const COPY_TYPES = ['original', 'certified_copy', 'copy', 'original_or_certified_copy'];

export function copyTypeLabel(c) {
  return COPY_TYPES.includes(c) ? t(`copy.${c}`) : (c || '');
}

const ROLES = ['admin', 'receiver', 'specialist', 'head', 'leader', 'office', 'citizen'];

export function roleLabel(r) {
  return ROLES.includes(r) ? t(`role.${r}`) : r;
}

/** The download address of component n's (1-based) template (issue 15). */
export function templateHref(code, n) {
  return `/api/v1/procedures/${encodeURIComponent(code)}/components/${n}/template.pdf`;
}
