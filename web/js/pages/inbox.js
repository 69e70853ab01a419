// The live inbox: open requests sorted by due time, with SLA badges and unread markers, updated as they change.
import { api, session } from '../api.js';
import { clear, field, h, time, tx } from '../dom.js';
import { follow } from '../live.js';
import {
  CATEGORIES, debounce, eventLabel, liveStatus, options, place, showError, slaBadge, statusBadge,
} from '../ui.js';

export async function render(view, { query: route } = {}) {
  const who = session();
  const staff = who.role !== 'COUNSELOR';
  view.append(tx('h1', 'inbox.title'), tx('p', staff ? 'inbox.introStaff' : 'inbox.intro'));
  const status = liveStatus();
  const filters = h('form', { class: 'filters', id: 'inbox-filters' },
    field({ name: 'sla', label: 'inbox.filterSla',
      options: [{ value: '', key: 'common.all' }, ...options('sla', ['ON_TRACK', 'AT_RISK', 'OVERDUE', 'PAUSED'])] }),
    field({ name: 'priority', label: 'inbox.filterPriority',
      options: [{ value: '', key: 'common.all' }, ...options('priority', ['URGENT', 'NORMAL'])] }),
    field({ name: 'category', label: 'inbox.filterCategory',
      options: [{ value: '', key: 'common.all' }, ...options('category', CATEGORIES)] }));
  const list = h('ol', { class: 'list', id: 'inbox' });
  const counter = h('p', { class: 'muted', id: 'inbox-count', 'aria-live': 'polite' });
  const errors = h('div');
  view.append(status, filters, counter, errors, list);
  if (['STAFF', 'ADMIN'].includes(who.role)) { // auditors read; only the desk registers
    view.prepend(h('p', { class: 'actions' }, h('a', { class: 'button', href: '#/submit', i18n: 'inbox.register' })));
  }

  const [commissions, counselors] = await Promise.all([api('/api/commissions'), api('/api/counselors')]);
  const names = new Map([...commissions.map((c) => ['COMMISSION:' + c.id, c.name]),
    ...counselors.map((c) => ['COUNSELOR:' + c.id, c.fullName])]);
  const nameOf = (a) => (a ? names.get(a.type + ':' + a.id) || a.id : null);
  const load = async () => {
    const query = new URLSearchParams({ limit: '500' });
    // the control room's tiles open the inbox of one administrative unit
    const unit = route && route.get('administrativeUnit');
    if (unit) query.set('administrativeUnit', unit);
    for (const name of ['sla', 'priority', 'category']) {
      const v = filters.elements.namedItem(name).value;
      if (v) query.set(name, v);
    }
    try {
      const { items } = await api('/api/inbox?' + query);
      items.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.number.localeCompare(b.number));
      clear(list).append(...items.map((item) => row(item, nameOf)));
      clear(counter).append(tx('span', 'inbox.count', { count: items.length }));
    } catch (err) {
      showError(errors, err);
    }
  };
  filters.addEventListener('change', load);
  await load();
  return follow('/api/inbox/stream', debounce(load), { authenticated: true, onState: status.update });
}

/** One line to triage from: what it is about, who it is for, what happened last and when it is due. */
function row(item, nameOf) {
  const where = place(item);
  return h('li', { class: 'inbox-item' + (item.unread ? ' unread' : ''), 'data-number': item.number },
    h('div', { class: 'line' },
      item.unread ? h('span', { class: 'unread-dot', role: 'img', labelKey: 'inbox.unread' }) : null,
      h('a', { href: '#/request/' + encodeURIComponent(item.number) }, item.number),
      slaBadge(item.sla), statusBadge(item.status),
      item.priority === 'URGENT' ? tx('span', 'priority.URGENT', null, { class: 'badge urgent' }) : null),
    item.subject ? h('div', { class: 'subject' }, item.subject) : null,
    h('div', { class: 'line' }, tx('span', 'track.to'), ': ', h('span', { class: 'to' }, nameOf(item.addressee)),
      item.assignee ? h('span', null, ' · ', tx('span', 'inbox.assignee'), ': ', nameOf(item.assignee)) : null),
    where ? h('div', { class: 'place' }, tx('span', 'place.title'), ': ', where) : null,
    h('div', { class: 'line muted' }, tx('span', 'kind.' + item.kind), ' · ', tx('span', 'category.' + item.category),
      item.lastEvent ? h('span', { class: 'last-event' }, ' · ', tx('span', 'inbox.lastEvent'), ' ',
        eventLabel(item.lastEvent), ' ', time(item.lastActivityAt)) : null,
      ' · ', tx('span', 'inbox.due'), ' ', time(item.dueAt)));
}
