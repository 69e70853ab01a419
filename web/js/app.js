// The single-page shell: language, navigation by role, and a hash router whose views clean up after themselves.
import { logout, session } from './api.js';
import { clear, h, tx } from './dom.js';
import { clearLanguageListeners, language, loadLanguages, relabel, retitle, setLanguage } from './i18n.js';
import { showError } from './ui.js';
import * as admin from './pages/admin.js';
import * as audit from './pages/audit.js';
import * as directory from './pages/directory.js';
import * as feed from './pages/feed.js';
import * as home from './pages/home.js';
import * as inbox from './pages/inbox.js';
import * as loginPage from './pages/login.js';
import * as ops from './pages/ops.js';
import * as mine from './pages/mine.js';
import * as request from './pages/request.js';
import * as stats from './pages/stats.js';
import * as stories from './pages/stories.js';
import * as submit from './pages/submit.js';
import * as track from './pages/track.js';

const ROUTES = [
  { pattern: /^$/, page: home },
  { pattern: /^directory$/, page: directory },
  { pattern: /^submit$/, page: submit },
  { pattern: /^track$/, page: track },
  { pattern: /^track\/([^/]+)$/, page: track },
  { pattern: /^mine$/, page: mine },
  { pattern: /^login$/, page: loginPage },
  { pattern: /^inbox$/, page: inbox, roles: ['COUNSELOR', 'STAFF', 'ADMIN', 'AUDITOR'] },
  { pattern: /^request\/([^/]+)$/, page: request, roles: ['COUNSELOR', 'STAFF', 'ADMIN', 'AUDITOR'] },
  { pattern: /^ops$/, page: ops, roles: ['STAFF', 'ADMIN', 'AUDITOR'] },
  { pattern: /^feed$/, page: feed },
  { pattern: /^stats$/, page: stats },
  { pattern: /^stories$/, page: stories },
  { pattern: /^admin$/, page: admin, roles: ['ADMIN'] },
  { pattern: /^audit$/, page: audit, roles: ['AUDITOR'] },
  { pattern: /^audit\/([^/]+)$/, page: audit, roles: ['AUDITOR'] },
];

const view = document.getElementById('view');
let cleanup = null;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  return { path: decodeURIComponent(path || ''), query: new URLSearchParams(query || '') };
}

export function navigate(path) {
  location.hash = '#/' + path;
}

async function route() {
  if (location.hash && !location.hash.startsWith('#/')) {
    return; // an in-page anchor such as the skip link
  }
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  clearLanguageListeners();
  renderNav();
  const { path, query } = parseHash();
  followLanguageOfLink(query);
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
  clear(view);
  if (!match) {
    view.append(tx('h1', 'notFound.title'), h('p', null, h('a', { href: '#/', i18n: 'nav.home' })));
    retitle();
    return;
  }
  if (match.r.roles && !(session() && match.r.roles.includes(session().role))) {
    navigate('login?next=' + encodeURIComponent(path));
    return;
  }
  try {
    cleanup = await match.r.page.render(view, { params: match.m.slice(1), query, navigate }) || null;
  } catch (err) {
    const box = h('div');
    view.append(box);
    showError(box, err);
  }
  retitle();
  view.focus({ preventScroll: true });
}

/**
 * ?lang=en or ?lang=sq, in the address's query (/?lang=en#/feed) or in its #/ part (#/track/TR-2026-000001?lang=en),
 * selects the language and is remembered, so a link can be shared in either language.
 */
function followLanguageOfLink(query) {
  const wanted = query.get('lang');
  if ((wanted === 'sq' || wanted === 'en') && wanted !== language()) {
    setLanguage(wanted);
    renderLanguageSwitch.label?.();
  }
}

function link(path, key) {
  const current = parseHash().path.split('/')[0] === path.split('/')[0];
  return h('a', { href: '#/' + path, i18n: key, 'aria-current': current ? 'page' : null });
}

function renderNav() {
  const nav = clear(document.getElementById('nav'));
  const who = session();
  const links = [link('directory', 'nav.directory'), link('submit', 'nav.submit'), link('track', 'nav.track'), link('mine', 'nav.mine'),
    link('feed', 'nav.feed'), link('stats', 'nav.stats'), link('stories', 'nav.stories')];
  if (who) {
    links.push(link('inbox', 'nav.inbox'));
    if (who.role !== 'COUNSELOR') {
      links.push(link('ops', 'nav.ops'));
    }
    if (who.role === 'AUDITOR') {
      links.push(link('audit', 'nav.audit'));
    }
    if (who.role === 'ADMIN') {
      links.push(link('admin', 'nav.admin'));
    }
  }
  nav.append(h('ul', null, links.map((a) => h('li', null, a))));
  const account = clear(document.getElementById('account'));
  if (who) {
    account.append(h('span', { class: 'who' }, who.username, ' · ', tx('span', 'role.' + who.role)),
      h('button', {
        type: 'button', class: 'link', id: 'logout', i18n: 'nav.logout',
        onclick: async () => { await logout(); navigate(''); },
      }));
  } else {
    account.append(link('login', 'nav.login'));
  }
}

function renderLanguageSwitch() {
  const button = document.getElementById('lang');
  const label = () => {
    const other = language() === 'sq' ? 'en' : 'sq';
    button.textContent = other === 'en' ? 'English' : 'Shqip';
    button.lang = other;
    button.setAttribute('aria-label', other === 'en' ? 'Switch to English' : 'Kalo në shqip');
  };
  renderLanguageSwitch.label = label;
  label();
  button.addEventListener('click', () => {
    setLanguage(language() === 'sq' ? 'en' : 'sq');
    label();
  });
}

async function start() {
  await loadLanguages();
  // a link such as /?lang=en: applied once, so the language switch still works on the page it opened
  followLanguageOfLink(new URLSearchParams(location.search));
  renderLanguageSwitch();
  relabel(document);
  window.addEventListener('hashchange', route);
  await route();
  document.body.dataset.ready = 'true';
}

start();
