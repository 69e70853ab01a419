// Builds DOM nodes; text always goes in as text, never as HTML, so nothing a citizen writes can run.
import { formatDate, t } from './i18n.js';

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false || name === 'params') {
      continue;
    }
    if (name === 'i18n') {
      el.dataset.i18n = value;
      if (attrs.params) {
        el.dataset.i18nParams = JSON.stringify(attrs.params);
      }
      el.textContent = t(value, attrs.params);
    } else if (name === 'placeholderKey') {
      el.dataset.i18nPlaceholder = value;
      el.placeholder = t(value);
    } else if (name === 'labelKey') {
      el.dataset.i18nLabel = value;
      el.setAttribute('aria-label', t(value));
    } else if (name === 'class') {
      el.className = value;
    } else if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'value') {
      el.value = value;
    } else {
      el.setAttribute(name, value === true ? '' : value);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      el.append(child instanceof Node ? child : String(child));
    }
  }
}

/** An element whose text is the translation of key, relabelled when the language changes. */
export function tx(tag, key, params, attrs = {}) {
  return h(tag, { ...attrs, i18n: key, params });
}

export function time(iso, format = 'datetime') {
  if (!iso) {
    return tx('span', 'common.none');
  }
  const el = h('time', { datetime: iso });
  el.dataset.format = format;
  el.textContent = formatDate(iso, format);
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

let fieldSequence = 0;

/**
 * A labelled input with its own error line; the error is tied to the input with aria-describedby so screen
 * readers announce it.
 */
export function field({ name, label, type = 'text', required = false, options, value, maxlength, hint,
  autocomplete, min, max, rows }) {
  const id = `f-${name.replace(/\W/g, '-')}-${++fieldSequence}`;
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const common = {
    id, name, required, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' '), autocomplete,
  };
  let input;
  if (options) {
    input = h('select', common, options.map((option) => h('option', {
      value: option.value, i18n: option.key, params: option.params, selected: option.value === value,
    }, option.key ? null : option.text)));
  } else if (type === 'textarea') {
    input = h('textarea', { ...common, maxlength, rows: rows || 5 });
    if (value) input.value = value;
  } else {
    input = h('input', { ...common, type, maxlength, min, max, value });
  }
  const wrapper = h('div', { class: 'field' },
    h('label', { for: id }, tx('span', label), required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    hint ? tx('p', hint, null, { class: 'hint', id: hintId }) : null,
    input,
    h('p', { class: 'error', id: errorId, role: 'alert' }));
  wrapper.dataset.field = name;
  return wrapper;
}

export function setFieldError(form, name, key, params) {
  const wrapper = form.querySelector(`[data-field="${name}"]`);
  if (!wrapper) {
    return false;
  }
  const error = wrapper.querySelector('.error');
  error.dataset.i18n = key;
  if (params) error.dataset.i18nParams = JSON.stringify(params);
  error.textContent = t(key, params);
  wrapper.querySelector('input, select, textarea').setAttribute('aria-invalid', 'true');
  return true;
}

export function clearFieldErrors(form) {
  form.querySelectorAll('.error').forEach((error) => {
    error.textContent = '';
    delete error.dataset.i18n;
    delete error.dataset.i18nParams;
  });
  form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
}

export function value(form, name) {
  const input = form.elements.namedItem(name);
  return input ? input.value.trim() : '';
}
