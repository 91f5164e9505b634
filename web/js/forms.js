// Form helpers: a labelled field with a hint and an error slot wired through
// aria-describedby, and showing or clearing an error next to a field.
import { h, newId } from './dom.js';
import { t } from './i18n.js';

/**
 * field({name, label, hint, required, mark, multiline, rows, options, rowClass, id, ...})
 * The one labelled form field of the pages: an <input> (type text unless
 * given), a <textarea> (multiline; rows, default 3) or a <select> (options:
 * its <option> nodes), with its label (and the required mark when mark),
 * a hint and an error slot wired through aria-describedby.
 * Extra keys become the control's attributes. Returns {row, input, error}.
 */
export function field(opts) {
  const { label, hint, rowClass, multiline, rows, options, required, mark, ...attrs } = opts;
  const id = attrs.id || newId(`f-${attrs.name}`);
  const hintId = hint ? `${id}-hint` : null;
  const errId = `${id}-error`;
  const tag = options ? 'select' : (multiline ? 'textarea' : 'input');
  const input = h(tag, {
    class: 'input', type: tag === 'input' ? 'text' : null, rows: multiline ? (rows || 3) : null, ...attrs, id,
    required: required || null,
    'aria-describedby': [hintId, errId].filter(Boolean).join(' '),
  }, options);
  const error = h('p', { class: 'field-error', id: errId, hidden: true });
  const row = h('div', { class: `form-row${rowClass ? ` ${rowClass}` : ''}` },
    h('label', { for: id, class: 'label' }, label,
      mark ? h('span', { class: 'req' }, ` ${t('common.requiredMark')}`) : null),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    error,
    input);
  return { row, input, error };
}

/**
 * A field of the dossier forms: free text the browser does not fill in by
 * itself (autocomplete off unless given), a required one marked as such.
 */
export function textField(opts) {
  return field({ autocomplete: 'off', mark: opts.required, ...opts });
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
