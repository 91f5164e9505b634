// Small DOM helpers for the motcua web shell. Everything is built with
// createElement and textContent, never innerHTML, so text from the API can
// never become markup.

/**
 * h('a', {href: '#/', class: 'x', on: {click: fn}}, 'text', child, [more])
 * Attributes: class, text, dataset (object), on (event map), aria-*, any
 * other attribute by name. null/undefined/false attributes are skipped;
 * true sets an empty attribute. Children: strings, nodes, arrays, null.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
      else if (k === 'value' && 'value' in el) el.value = v;
      else if (k === 'checked' || k === 'selected' || k === 'disabled') el[k] = Boolean(v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces all children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Returns fn delayed until calls stop for ms milliseconds. */
export function debounce(fn, ms) {
  let timer = null;
  const d = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => { timer = null; fn(...args); }, ms);
  };
  d.cancel = () => { clearTimeout(timer); timer = null; };
  return d;
}

let uid = 0;
/** A document-unique id with the given prefix, for label/aria wiring. */
export function newId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * A titled card of a page: <section id aria-labelledby> with its <h2>.
 * section() for the reading pages, deskSection() for the steps of the
 * desk's and the citizen's forms (styled as such).
 */
export function section(id, title, ...content) {
  return card('card section', id, title, content);
}

export function deskSection(id, title, ...content) {
  return card('card section desk-section', id, title, content);
}

function card(cls, id, title, content) {
  return h('section', { class: cls, id, 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h` }, title), content);
}
