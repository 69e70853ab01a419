// Success stories: resolved requests the citizen agreed to publish.
import { api } from '../api.js';
import { h, time, tx } from '../dom.js';

export async function render(view) {
  view.append(tx('h1', 'stories.title'), tx('p', 'stories.intro'));
  const stories = await api('/api/success-stories');
  if (!stories.length) {
    view.append(tx('p', 'stories.empty', null, { class: 'muted' }));
    return;
  }
  view.append(h('ul', { class: 'cards', id: 'stories' }, stories.map((s) => h('li', { class: 'card' },
    h('h2', null, s.title), h('p', { class: 'muted' }, tx('span', 'category.' + s.category), ' · ', time(s.publishedAt, 'date')),
    h('p', { class: 'detail' }, s.summary),
    h('a', { href: '#/track/' + encodeURIComponent(s.number) }, s.number)))));
}
