import { h, tx } from '../dom.js';

export function render(view) {
  const card = (path, title, text) => h('li', { class: 'card' },
    h('h2', null, h('a', { href: '#/' + path, i18n: title })), tx('p', text));
  view.append(tx('h1', 'home.title'), tx('p', 'home.intro'),
    h('ul', { class: 'cards' },
      card('submit', 'home.submit.title', 'home.submit.text'),
      card('track', 'home.track.title', 'home.track.text'),
      card('directory', 'home.directory.title', 'home.directory.text'),
      card('feed', 'home.feed.title', 'home.feed.text'),
      card('stats', 'home.stats.title', 'home.stats.text'),
      card('stories', 'home.stories.title', 'home.stories.text')));
}
