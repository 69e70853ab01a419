// The council directory: who the counselors are, their commissions and policy areas, and a way to write to them.
import { api } from '../api.js';
import { h, tx } from '../dom.js';

function initials(name) {
  return name.split(/\s+/).map((part) => part[0]).join('').slice(0, 2).toUpperCase();
}

export async function render(view) {
  const [commissions, counselors] = await Promise.all([api('/api/commissions'), api('/api/counselors')]);
  const names = new Map(commissions.map((c) => [c.id, c.name]));
  view.append(tx('h1', 'directory.title'), tx('p', 'directory.intro'));
  view.append(tx('h2', 'directory.counselors'));
  view.append(h('ul', { class: 'cards', id: 'counselors' }, counselors.filter((c) => c.active).map((c) =>
    h('li', { class: 'card counselor', 'data-id': c.id },
      h('div', { class: 'person' },
        c.photoUrl ? h('img', { class: 'photo', src: c.photoUrl, alt: '' })
          : h('span', { class: 'photo', 'aria-hidden': 'true' }, initials(c.fullName)),
        h('div', null, h('h3', null, c.fullName),
          h('a', { href: 'mailto:' + c.officialEmail }, c.officialEmail))),
      c.commissions.length ? tx('p', 'directory.commissions', null, { class: 'muted' }) : null,
      h('ul', { class: 'tags' }, c.commissions.map((id) => h('li', null, names.get(id) || id))),
      c.policyAreas.length ? tx('p', 'directory.areas', null, { class: 'muted' }) : null,
      h('ul', { class: 'tags' }, c.policyAreas.map((area) => tx('li', 'category.' + area))),
      h('a', { class: 'button', href: `#/submit?to=COUNSELOR:${encodeURIComponent(c.id)}`, i18n: 'directory.write' })))));
  view.append(tx('h2', 'directory.commissionsTitle'));
  view.append(h('ul', { class: 'cards', id: 'commissions' }, commissions.filter((c) => c.active).map((c) =>
    h('li', { class: 'card' }, h('h3', null, c.name), c.description ? h('p', null, c.description) : null,
      h('a', { class: 'button', href: `#/submit?to=COMMISSION:${encodeURIComponent(c.id)}`, i18n: 'directory.write' })))));
}
