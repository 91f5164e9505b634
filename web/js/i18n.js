// Language of the web shell: Vietnamese by default, English on request,
// remembered in localStorage. Every user-visible string comes from
// i18n/<lang>.json through t(); display names of API objects come from
// localName() (name in Vietnamese, name_en in English falling back to name).

export const LANGS = ['vi', 'en'];
const STORAGE_KEY = 'motcua.lang';
const LOCALES = { vi: 'vi-VN', en: 'en-GB' };

let lang = 'vi';
let messages = {};
const loaded = {};

export function storedLang() {
  try {
    const s = localStorage.getItem(STORAGE_KEY);
    if (LANGS.includes(s)) return s;
  } catch { /* storage may be disabled */ }
  return 'vi';
}

/** Loads the message file of l (once) and makes it current. */
export async function setLang(l) {
  if (!LANGS.includes(l)) l = 'vi';
  if (!loaded[l]) {
    const res = await fetch(`i18n/${l}.json`, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`cannot load i18n/${l}.json: ${res.status}`);
    loaded[l] = await res.json();
  }
  messages = loaded[l];
  lang = l;
  document.documentElement.lang = l;
  try { localStorage.setItem(STORAGE_KEY, l); } catch { /* ignore */ }
}

export function getLang() { return lang; }
export function locale() { return LOCALES[lang]; }

/** The message for key with {name} placeholders replaced from params. */
export function t(key, params) {
  let s = messages[key];
  if (typeof s !== 'string') return key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
  return s;
}

/** Plural-aware message: key.one / key.other chosen by Intl.PluralRules. */
export function tn(key, n, params) {
  const cat = new Intl.PluralRules(LOCALES[lang]).select(n);
  const k = messages[`${key}.${cat}`] !== undefined ? `${key}.${cat}` : `${key}.other`;
  return t(k, { n: formatNumber(n), ...params });
}

/** obj.name in Vietnamese; obj.name_en in English, falling back to obj.name. */
export function localName(obj, field = 'name') {
  if (!obj) return '';
  if (lang === 'en') {
    const en = obj[`${field}_en`];
    if (typeof en === 'string' && en.trim() !== '') return en;
  }
  return obj[field] ?? '';
}

export function formatNumber(n) {
  return new Intl.NumberFormat(LOCALES[lang]).format(n);
}

/** An amount in đồng (integer), e.g. "3.000.000 đồng" / "VND 3,000,000". */
export function formatMoney(amount) {
  return t('money.amount', { amount: formatNumber(amount) });
}

/**
 * A date from "YYYY-MM-DD", an ISO timestamp or integer UTC milliseconds.
 * Calendar dates are shown as they are written, whatever the time zone.
 */
export function formatDate(v) {
  if (v === null || v === undefined || v === '') return '';
  let d;
  let tz;
  if (typeof v === 'number') d = new Date(v);
  else if (/^\d{4}-\d{2}-\d{2}$/.test(v)) { d = new Date(`${v}T00:00:00Z`); tz = 'UTC'; } else d = new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  const opts = lang === 'vi'
    ? { day: '2-digit', month: '2-digit', year: 'numeric' }
    : { day: 'numeric', month: 'short', year: 'numeric' };
  if (tz) opts.timeZone = tz;
  return new Intl.DateTimeFormat(LOCALES[lang], opts).format(d);
}

/** Fills [data-i18n] text and [data-i18n-aria-label] labels under root. */
export function applyStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
}

/**
 * 'vi' when localName(obj, field) falls back to the Vietnamese text while the
 * page is in English, so that the element can say which language it is in
 * (WCAG 3.1.2); null otherwise.
 */
export function nameLang(obj, field = 'name') {
  if (lang === 'vi' || !obj) return null;
  const en = obj[`${field}_en`];
  return typeof en === 'string' && en.trim() !== '' ? null : 'vi';
}

/** lang attribute value for text that only exists in Vietnamese. */
export function viOnly() {
  return lang === 'vi' ? null : 'vi';
}
