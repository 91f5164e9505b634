// #/procedures/CODE — everything a citizen needs to know about one
// procedure: summary, fees, components, internal process, legal basis,
// result and versions.
import { h, replace, section } from '../dom.js';
import { t, localName, nameLang, viOnly, formatMoney, formatDate } from '../i18n.js';
import { get, ApiError } from '../api.js';
import {
  formatTimeLimit, formatStepDuration, onlineLevelBadge, copyTypeLabel, roleLabel, templateHref,
} from '../format.js';

export async function render(ctx) {
  const { main } = ctx;
  const code = decodeURIComponent(ctx.match[1]);
  const path = `/api/v1/procedures/${encodeURIComponent(code)}`;
  ctx.setTitle(t('procedure.loading'));
  replace(main, h('p', { class: 'loading', role: 'status' }, t('procedure.loading')));

  let p;
  let versions = null;
  try {
    [p, versions] = await Promise.all([
      get(path),
      get(`${path}/versions`).catch(() => null),
    ]);
  } catch (err) {
    if (!ctx.isCurrent()) return;
    const notFound = err instanceof ApiError && err.status === 404;
    ctx.setTitle(notFound ? t('procedure.notFoundTitle') : t('error.title'));
    replace(main,
      backLink(),
      h('h1', null, notFound ? t('procedure.notFoundTitle') : t('error.title')),
      h('p', { class: 'alert alert-error', role: 'alert' },
        notFound ? t('procedure.notFound', { code }) : t('procedure.loadError')));
    return;
  }
  if (!ctx.isCurrent()) return;

  const name = localName(p);
  ctx.setTitle(name);
  const sections = [
    summary(p),
    feesSection(p.fees),
    componentsSection(p.components, p.code),
    processSection(p.process),
    legalSection(p.legal_basis),
    notesSection(p.notes),
    versionsSection(versions && versions.items, p.version),
  ];
  const toc = h('nav', { class: 'toc', 'aria-label': t('procedure.toc') },
    h('ul', null, sections.filter(Boolean).map((s) => {
      const hd = s.querySelector('h2');
      return h('li', null, h('a', { href: `#${s.id}`, dataset: { target: s.id }, on: { click: jump } }, hd.textContent));
    })));

  replace(main,
    backLink(),
    h('article', { class: 'procedure', dataset: { code: p.code } },
      h('header', { class: 'procedure-header' },
        h('p', { class: 'eyebrow' }, h('span', { class: 'code' }, p.code), ' · ', h('span', { lang: nameLang(p, 'field') }, localName(p, 'field'))),
        h('h1', { id: 'procedure-name', lang: nameLang(p) }, name),
        h('div', { class: 'procedure-badges' }, onlineLevelBadge(p.online_level),
          h('span', { class: 'badge badge-time' }, formatTimeLimit(p.time_limit))),
        // Offered online: submitted from here, as on the national portal (issue 15).
        ['full', 'partial'].includes(p.online_level)
          ? h('p', { class: 'button-row' }, h('a', {
            class: 'btn btn-primary', id: 'procedure-submit', href: `#/submit?procedure=${encodeURIComponent(p.code)}`,
          }, t('area.submit.title'))) : null),
      toc,
      sections));
}

/** In-page links must not touch the router's hash. */
function jump(e) {
  e.preventDefault();
  const target = document.getElementById(e.currentTarget.dataset.target);
  if (!target) return;
  const hd = target.querySelector('h2');
  hd.setAttribute('tabindex', '-1');
  hd.focus();
  target.scrollIntoView({ block: 'start' });
}

/** A unit given as {code, name, name_en} or as a bare code. */
function unitName(u) {
  if (!u) return '';
  if (typeof u === 'string') return u;
  return localName(u) || u.code || '';
}

function backLink() {
  return h('p', { class: 'back' }, h('a', { href: '#/', class: 'back-link' }, t('procedure.back')));
}


function row(label, value) {
  if (value === null || value === undefined || value === '') value = t('common.none');
  return h('div', { class: 'summary-row' }, h('dt', null, label), h('dd', null, value));
}

function summary(p) {
  const unit = unitName(p.unit);
  const version = p.version !== undefined
    ? (p.effective_from ? t('procedure.versionFrom', { version: p.version, date: formatDate(p.effective_from) }) : String(p.version))
    : '';
  return section('sec-summary', t('procedure.summary'),
    h('dl', { class: 'summary' },
      row(t('procedure.name'), h('span', { lang: nameLang(p) }, localName(p))),
      row(t('procedure.code'), h('span', { class: 'code' }, p.code)),
      row(t('procedure.nationalCode'), p.national_code ? h('span', { class: 'code' }, p.national_code) : ''),
      row(t('procedure.field'), h('span', { lang: nameLang(p, 'field') }, localName(p, 'field'))),
      row(t('procedure.unit'), unit ? h('span', { lang: typeof p.unit === 'object' ? nameLang(p.unit) : null }, unit) : ''),
      row(t('procedure.onlineLevel'), onlineLevelBadge(p.online_level)),
      row(t('procedure.timeLimit'), formatTimeLimit(p.time_limit)),
      row(t('procedure.resultType'), h('span', { lang: nameLang(p, 'result_type') }, localName(p, 'result_type'))),
      row(t('procedure.version'), version)));
}

function feesSection(fees) {
  if (!Array.isArray(fees) || fees.length === 0) {
    return section('sec-fees', t('procedure.fees'), h('p', null, t('procedure.noFees')));
  }
  // An amount still to be confirmed is said plainly, never 0 or blank (issue 15).
  const unknown = fees.some((f) => typeof f.amount !== 'number');
  return section('sec-fees', t('procedure.fees'),
    unknown ? h('p', { class: 'alert alert-info', id: 'fees-unknown' }, t('procedure.feesUnknown')) : null,
    h('div', { class: 'table-wrap' },
      h('table', { class: 'table table-fees' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('procedure.feeName')),
          h('th', { scope: 'col', class: 'num' }, t('procedure.feeAmount')),
          h('th', { scope: 'col' }, t('procedure.feeNote')))),
        h('tbody', null, fees.map((f) => h('tr', null,
          h('th', { scope: 'row', 'data-label': t('procedure.feeName') }, h('span', { lang: nameLang(f) }, localName(f))),
          h('td', { class: 'num', 'data-label': t('procedure.feeAmount') },
            typeof f.amount === 'number' ? formatMoney(f.amount) : t('procedure.feeUnknown')),
          h('td', { 'data-label': t('procedure.feeNote') }, f.note ? h('span', { class: 'fee-note', lang: nameLang(f, 'note') }, localName(f, 'note')) : '')))))));
}

function componentsSection(components, code) {
  if (!Array.isArray(components) || components.length === 0) {
    return section('sec-components', t('procedure.components'), h('p', null, t('procedure.noComponents')));
  }
  return section('sec-components', t('procedure.components'),
    h('p', { class: 'hint' }, t('procedure.componentsHint')),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'table table-components', id: 'components' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col', class: 'num' }, t('procedure.componentNo')),
          h('th', { scope: 'col' }, t('procedure.componentName')),
          h('th', { scope: 'col' }, t('procedure.copyType')),
          h('th', { scope: 'col', class: 'num' }, t('procedure.copies')),
          h('th', { scope: 'col' }, t('procedure.mandatory')),
          h('th', { scope: 'col' }, t('procedure.template')))),
        h('tbody', null, components.map((c, i) => h('tr', null,
          h('td', { class: 'num', 'data-label': t('procedure.componentNo') }, String(i + 1)),
          h('th', { scope: 'row', 'data-label': t('procedure.componentName') }, h('span', { lang: nameLang(c) }, localName(c))),
          h('td', { 'data-label': t('procedure.copyType') }, copyTypeLabel(c.copy_type)),
          h('td', { class: 'num', 'data-label': t('procedure.copies') }, c.copies ?? ''),
          h('td', { 'data-label': t('procedure.mandatory') }, c.mandatory
            ? h('span', { class: 'badge badge-mandatory' }, t('procedure.mandatoryYes'))
            : h('span', null, h('span', { class: 'badge badge-conditional' }, t('procedure.mandatoryNo')),
              c.condition ? h('span', { class: 'condition' }, ' ', h('span', { lang: nameLang(c, 'condition') }, t('procedure.condition', { condition: localName(c, 'condition') }))) : null)),
          // The template to download (issue 15), drawn by the server from the component.
          h('td', { 'data-label': t('procedure.template') }, c.template
            ? h('a', { href: templateHref(code, i + 1), download: '', class: 'template-link', dataset: { template: String(i + 1) } },
              h('span', { lang: viOnly() }, c.template), h('span', { class: 'visually-hidden' }, ` ${t('procedure.templateDownload')}`))
            : t('common.none'))))))));
}

function processSection(steps) {
  if (!Array.isArray(steps) || steps.length === 0) return null;
  return section('sec-process', t('procedure.process'),
    h('ol', { class: 'steps' }, steps.map((s) => h('li', { class: 'step' },
      h('span', { class: 'step-name', lang: nameLang(s) }, localName(s)),
      h('span', { class: 'step-meta' },
        [s.role ? roleLabel(s.role) : null, unitName(s.unit) || null, formatStepDuration(s) || null].filter(Boolean).join(' · '))))));
}

function legalSection(basis) {
  if (!Array.isArray(basis) || basis.length === 0) {
    return section('sec-legal', t('procedure.legalBasis'), h('p', null, t('common.none')));
  }
  return section('sec-legal', t('procedure.legalBasis'), h('ul', { class: 'legal' }, basis.map((b) => h('li', { lang: viOnly() }, b))));
}

function notesSection(notes) {
  if (!notes) return null;
  return section('sec-notes', t('procedure.notes'), h('p', { class: 'notes', lang: viOnly() }, notes));
}

function versionsSection(items, current) {
  if (!Array.isArray(items) || items.length === 0) return null;
  return section('sec-versions', t('procedure.versions'),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'table table-versions' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col', class: 'num' }, t('procedure.version')),
          h('th', { scope: 'col' }, t('procedure.effectiveFrom')),
          h('th', { scope: 'col' }, t('procedure.status')),
          h('th', { scope: 'col' }, t('procedure.createdAt')))),
        h('tbody', null, items.map((v) => h('tr', { class: v.version === current ? 'is-current' : null },
          h('td', { class: 'num', 'data-label': t('procedure.version') }, String(v.version),
            v.version === current ? h('span', { class: 'visually-hidden' }, ` (${t('procedure.currentVersion')})`) : null),
          h('td', { 'data-label': t('procedure.effectiveFrom') }, formatDate(v.effective_from)),
          h('td', { 'data-label': t('procedure.status') },
            v.status === 'published' || v.status === 'draft' ? t(`procedure.status.${v.status}`) : (v.status || '')),
          h('td', { 'data-label': t('procedure.createdAt') }, formatDate(v.created_at))))))));
}
