// Form helpers: a labelled field with a hint and an error slot wired through
// aria-describedby, and showing or clearing an error next to a field.
import { h, newId } from './dom.js';

/**
 * field({name, label, type, hint, autocomplete, required, inputmode, ...})
 * Returns {row, input, error}. Extra keys become input attributes.
 */
export function field(opts) {
  const { label, hint, rowClass, ...attrs } = opts;
  const id = attrs.id || newId(`f-${attrs.name}`);
  const hintId = hint ? `${id}-hint` : null;
  const errId = `${id}-error`;
  const input = h('input', {
    class: 'input', type: 'text', ...attrs, id,
    'aria-describedby': [hintId, errId].filter(Boolean).join(' '),
  });
  const error = h('p', { class: 'field-error', id: errId, hidden: true });
  const row = h('div', { class: `form-row${rowClass ? ` ${rowClass}` : ''}` },
    h('label', { for: id, class: 'label' }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    error,
    input);
  return { row, input, error };
}

export function showFieldError(f, message) {
  f.error.textContent = message;
  f.error.hidden = false;
  f.input.setAttribute('aria-invalid', 'true');
  f.row.classList.add('has-error');
}

export function clearFieldError(f) {
  f.error.textContent = '';
  f.error.hidden = true;
  f.input.removeAttribute('aria-invalid');
  f.row.classList.remove('has-error');
}
