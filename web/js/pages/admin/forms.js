// What the administration screens share: a form that sends and reports, checkboxes, an active badge.
import { h, tx } from '../../dom.js';
import { submitWith } from '../../ui.js';

/**
 * A form that checks its required fields, sends, and reports the refusal next to the fields the server names;
 * done() runs after a success.
 */
export function editor(id, title, fields, send, done) {
  const errors = h('div');
  const heading = tx('h3', title);
  const form = h('form', { class: 'stack', novalidate: true, id }, heading, ...fields, errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', i18n: 'admin.save' })));
  submitWith(form, errors, send, (result) => done(result, errors));
  return { form, heading, errors };
}

/** While a form edits an existing entry, a way back to a blank form for a new one. */
export function offerCancel(form, reload) {
  if (!form.querySelector('.cancel-edit')) {
    form.querySelector('.actions').append(h('button', { type: 'button', class: 'secondary cancel-edit',
      i18n: 'admin.cancelEdit', onclick: () => reload() }));
  }
}

export function checkbox(name, label, checked, optionValue) {
  return h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value: optionValue || 'on', checked }),
    ' ', label);
}

export function checked(form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((input) => input.value);
}

export function activeBadge(active) {
  return tx('span', active ? 'admin.active' : 'admin.inactive', null, { class: 'badge ' + (active ? 'ON_TRACK' : 'PAUSED') });
}

/** A table that scrolls sideways inside its own box on a phone, instead of widening the page. */
export function scrolling(table) {
  return h('div', { class: 'scroll' }, table);
}
