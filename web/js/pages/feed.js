// The public live feed of council activity: the newest items, then each new one as it happens.
import { api } from '../api.js';
import { h, time, tx } from '../dom.js';
import { follow } from '../live.js';
import { eventLabel, liveStatus } from '../ui.js';

const SHOWN = 50;

export async function render(view) {
  view.append(tx('h1', 'feed.title'), tx('p', 'feed.intro'));
  const status = liveStatus();
  const list = h('ol', { class: 'list', id: 'feed', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  view.append(status, list);
  const { items, last } = await api('/api/feed?latest=' + SHOWN);
  const seen = new Set();
  const add = (item) => {
    if (seen.has(item.position)) return;
    seen.add(item.position);
    list.prepend(entry(item));
    while (list.children.length > SHOWN) list.lastChild.remove();
  };
  items.forEach(add);
  if (!items.length) list.append(tx('li', 'feed.empty', null, { class: 'muted empty' }));
  return follow('/api/feed/stream?since=' + last, ({ id, data }) => {
    list.querySelector('.empty')?.remove();
    add({ position: Number(id), ...data });
  }, { onState: status.update });
}

function entry(item) {
  return h('li', { 'data-position': item.position, 'data-number': item.number || '' },
    h('div', null, h('strong', null, eventLabel(item.type)), ' · ', time(item.at)),
    item.number ? h('a', { href: '#/track/' + encodeURIComponent(item.number) }, item.number) : null,
    facts(item.detail));
}

/**
 * What the server's English sentence says, worded from the item's fields in the reader's language (and reworded
 * when the language changes). Items written before the feed kept fields have none: the label and number carry them.
 */
function facts(detail) {
  if (!detail) return null;
  const parts = [];
  if (detail.kind) {
    parts.push([tx('span', 'kind.' + detail.kind), ' · ', tx('span', 'category.' + detail.category)]);
  }
  if (detail.addressee) parts.push([tx('span', 'track.to'), ': ', detail.addressee.name]);
  if (detail.assignee) parts.push([tx('span', 'inbox.assignee'), ': ', detail.assignee.name]);
  if (detail.department) parts.push([tx('span', 'feed.department'), ': ', detail.department]);
  if (detail.by) {
    parts.push([tx('span', 'feed.answeredBy'), ': ', detail.by.name, ' · ', detail.days > 0
      ? tx('span', 'feed.afterDays', { count: detail.days }) : tx('span', 'feed.withinDay')]);
  }
  const urgent = detail.priority === 'URGENT' ? tx('span', 'priority.URGENT', null, { class: 'badge urgent' }) : null;
  const normal = !detail.kind && detail.priority === 'NORMAL' ? tx('span', 'priority.NORMAL') : null;
  if (!parts.length && !urgent && !normal) return null;
  return h('p', { class: 'muted facts' }, urgent, urgent && parts.length ? ' ' : null, normal,
    parts.flatMap((part, i) => (i ? [' · ', ...part] : part)));
}
