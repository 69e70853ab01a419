// The administration screen for commissions: the list, and a form to add or edit one.
import { api } from '../../api.js';
import { field, h, tx, value } from '../../dom.js';
import { CATEGORIES, options } from '../../ui.js';
import { activeBadge, checkbox, checked, editor, offerCancel, scrolling } from './forms.js';

export function commissionSection(commissions, reload) {
  let editing = null;
  const { form, heading } = editor('admin-commission-form', 'admin.newCommission', [
    field({ name: 'name', label: 'admin.commissionName', required: true, maxlength: 200 }),
    field({ name: 'description', label: 'admin.description', type: 'textarea', maxlength: 2000, rows: 3 }),
    // the topics routed to this commission when a citizen names no addressee
    h('fieldset', { 'data-field': 'policyAreas' }, tx('legend', 'admin.commissionAreas'),
      options('category', CATEGORIES).map((o) => checkbox('policyAreas', tx('span', o.key), false, o.value))),
    h('div', { class: 'field' }, checkbox('active', tx('span', 'admin.active'), true))],
  (el) => {
    const body = { name: value(el, 'name'), description: value(el, 'description'),
      policyAreas: checked(el, 'policyAreas'), active: el.elements.namedItem('active').checked };
    return editing ? api('/api/admin/commissions/' + encodeURIComponent(editing), { method: 'PUT', body })
      : api('/api/admin/commissions', { method: 'POST', body });
  }, () => reload());
  const edit = (c) => {
    editing = c.id;
    delete heading.dataset.i18n; // its parts relabel themselves; the name stays as written
    heading.replaceChildren(tx('span', 'admin.editCommission'), ': ', c.name);
    form.elements.namedItem('name').value = c.name;
    form.elements.namedItem('description').value = c.description || '';
    form.querySelectorAll('input[name="policyAreas"]').forEach((input) => {
      input.checked = (c.policyAreas || []).includes(input.value);
    });
    form.elements.namedItem('active').checked = c.active;
    offerCancel(form, reload);
    form.elements.namedItem('name').focus();
  };
  return h('section', { id: 'admin-commissions' }, tx('h2', 'admin.commissions'),
    scrolling(h('table', null, h('thead', null, h('tr', null, tx('th', 'admin.commissionName'), tx('th', 'admin.policyAreas'),
      tx('th', 'admin.status'),
      h('th', null, h('span', { class: 'visually-hidden', i18n: 'admin.edit' })))),
    h('tbody', null, commissions.map((c) => h('tr', { 'data-id': c.id }, h('td', null, c.name),
      h('td', { class: 'areas' }, (c.policyAreas || []).map((a, i) => [i ? ', ' : '', tx('span', 'category.' + a)])),
      h('td', null, activeBadge(c.active)),
      h('td', null, h('button', { type: 'button', class: 'link', i18n: 'admin.edit', onclick: () => edit(c) }))))))),
    form);
}
