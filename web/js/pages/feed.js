// The public live feed of council activity: the newest items, then each new one as it happens.
import { api } from '../api.js';
import { h, time, tx } from '../dom.js';
import { language, onLanguageChange } from '../i18n.js';
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
  onLanguageChange(() => list.querySelectorAll('.english').forEach((el) => { el.hidden = language() !== 'en'; }));
  if (!items.length) list.append(tx('li', 'feed.empty', null, { class: 'muted empty' }));
  return follow('/api/feed/stream?since=' + last, ({ id, data }) => {
    list.querySelector('.empty')?.remove();
    add({ position: Number(id), ...data, text: data.summary ?? data.text });
  }, { onState: status.update });
}

function entry(item) {
  return h('li', { 'data-position': item.position, 'data-number': item.number || '' },
    h('div', null, h('strong', null, eventLabel(item.type)), ' · ', time(item.at)),
    item.number ? h('a', { href: '#/track/' + encodeURIComponent(item.number) }, item.number) : null,
    // the server words the activity in English; in Albanian the label and number above carry it
    item.text ? h('p', { class: 'muted english', lang: 'en', hidden: language() !== 'en' }, item.text) : null);
}
