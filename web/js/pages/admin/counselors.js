// The administration screen for counselors: the list, and a form to add or edit one with their commissions and
// policy areas.
import { api } from '../../api.js';
import { field, h, tx, value } from '../../dom.js';
import { CATEGORIES, options } from '../../ui.js';
import { activeBadge, checkbox, checked, editor, offerCancel, scrolling } from './forms.js';

export function counselorSection(commissions, counselors, reload) {
  let editing = null;
  const names = new Map(commissions.map((c) => [c.id, c.name]));
  const { form, heading } = editor('admin-counselor-form', 'admin.newCounselor', [
    field({ name: 'fullName', label: 'admin.fullName', required: true, maxlength: 200, autocomplete: 'off' }),
    field({ name: 'officialEmail', label: 'admin.officialEmail', type: 'email', required: true, maxlength: 254,
      autocomplete: 'off' }),
    field({ name: 'photoUrl', label: 'admin.photoUrl', type: 'url', maxlength: 2000 }),
    h('fieldset', { 'data-field': 'commissions' }, tx('legend', 'admin.memberOf'),
      commissions.filter((c) => c.active).map((c) => checkbox('commissions', c.name, false, c.id))),
    h('fieldset', { 'data-field': 'policyAreas' }, tx('legend', 'admin.policyAreas'),
      options('category', CATEGORIES).map((o) => checkbox('policyAreas', tx('span', o.key), false, o.value))),
    h('div', { class: 'field' }, checkbox('active', tx('span', 'admin.active'), true))],
  (el) => {
    const body = { fullName: value(el, 'fullName'), officialEmail: value(el, 'officialEmail'),
      commissions: checked(el, 'commissions'), policyAreas: checked(el, 'policyAreas'),
      active: el.elements.namedItem('active').checked };
    if (value(el, 'photoUrl')) body.photoUrl = value(el, 'photoUrl');
    return editing ? api('/api/admin/counselors/' + encodeURIComponent(editing), { method: 'PUT', body })
      : api('/api/admin/counselors', { method: 'POST', body });
  }, () => reload());
  const edit = (c) => {
    editing = c.id;
    delete heading.dataset.i18n;
    heading.replaceChildren(tx('span', 'admin.editCounselor'), ': ', c.fullName);
    form.elements.namedItem('fullName').value = c.fullName;
    form.elements.namedItem('officialEmail').value = c.officialEmail;
    form.elements.namedItem('photoUrl').value = c.photoUrl || '';
    form.querySelectorAll('input[name="commissions"], input[name="policyAreas"]').forEach((input) => {
      input.checked = c.commissions.includes(input.value) || c.policyAreas.includes(input.value);
    });
    form.elements.namedItem('active').checked = c.active;
    offerCancel(form, reload);
    form.elements.namedItem('fullName').focus();
  };
  return h('section', { id: 'admin-counselors' }, tx('h2', 'admin.counselors'),
    scrolling(h('table', null, h('thead', null, h('tr', null, tx('th', 'admin.fullName'), tx('th', 'admin.officialEmail'),
      tx('th', 'admin.memberOf'), tx('th', 'admin.status'),
      h('th', null, h('span', { class: 'visually-hidden', i18n: 'admin.edit' })))),
    h('tbody', null, counselors.map((c) => h('tr', { 'data-id': c.id }, h('td', null, c.fullName),
      h('td', null, c.officialEmail), h('td', null, c.commissions.map((id) => names.get(id) || id).join(', ')),
      h('td', null, activeBadge(c.active)),
      h('td', null, h('button', { type: 'button', class: 'link', i18n: 'admin.edit', onclick: () => edit(c) }))))))),
    form);
}
