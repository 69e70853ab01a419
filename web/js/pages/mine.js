// "My requests on this device": the numbers and access codes a citizen chose to remember, with their live status,
// each of which can be forgotten; and the way back in for a citizen who lost their codes (mailed anew).
import { api } from '../api.js';
import { field, h, tx, value } from '../dom.js';
import { follow } from '../live.js';
import { debounce, refuse, showError, statusBadge } from '../ui.js';

const STORE = 'councilline.mine';
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/;

/** What this device remembers, oldest first: [{number, code}]. Only with the citizen's consent (submit form). */
export function remembered() {
  try {
    const list = JSON.parse(localStorage.getItem(STORE) || '[]');
    return Array.isArray(list) ? list.filter((e) => e && typeof e.number === 'string') : [];
  } catch (err) {
    console.warn('The remembered requests could not be read; starting afresh', err);
    return [];
  }
}

function save(list) {
  localStorage.setItem(STORE, JSON.stringify(list));
}

export function remember(number, code) {
  save([...remembered().filter((e) => e.number !== number), { number, code }]);
}

/** A request remembered here got a new code (a recovery mail's link): the device keeps the one that works. */
export function renewCode(number, code) {
  if (remembered().some((e) => e.number === number)) remember(number, code);
}

export function forget(number) {
  save(remembered().filter((e) => e.number !== number));
}

export async function render(view, { query }) {
  view.append(tx('h1', 'mine.title'), tx('p', 'mine.intro'));
  const notice = h('div', { id: 'mine-notice', class: 'outcome', tabindex: '-1', role: 'status' });
  const list = h('ul', { class: 'mine', id: 'mine-list' });
  const recovery = recoverSection();
  view.append(notice, list, recovery);
  const stops = new Map();
  const entries = remembered();
  if (!entries.length) {
    list.replaceWith(tx('p', 'mine.empty', null, { id: 'mine-empty' }));
  }
  for (const entry of entries) {
    const item = h('li', { 'data-number': entry.number });
    list.append(item);
    let code = entry.code;
    const load = async () => {
      let request = null;
      let codeInvalid = false;
      try {
        request = await api('/api/requests/' + encodeURIComponent(entry.number), { accessCode: code || undefined });
      } catch (err) {
        if (err.status === 403 && code) {
          // a code replaced by a recovery: show the public status, and stop offering the old code
          code = null;
          codeInvalid = true;
          request = await api('/api/requests/' + encodeURIComponent(entry.number)).catch(() => null);
        } else {
          showError(item, err);
          return;
        }
      }
      draw(item, entry.number, request, codeInvalid, () => {
        stops.get(entry.number)?.();
        stops.delete(entry.number);
        forget(entry.number);
        item.remove();
        notice.replaceChildren(tx('p', 'mine.forgotten', { number: entry.number }, { class: 'notice' }));
        notice.focus();
      });
    };
    await load();
    stops.set(entry.number, follow('/api/requests/' + encodeURIComponent(entry.number) + '/stream', debounce(load)));
  }
  if (query.get('recover')) {
    // after the router has focused the page's main area, which it does once the view is drawn
    requestAnimationFrame(() => recovery.querySelector('input').focus());
  }
  return () => stops.forEach((stop) => stop());
}

function draw(item, number, request, codeInvalid, onForget) {
  // the number in the button's name tells screen-reader users which of the list's "Forget" buttons this is
  const forgetButton = h('button', { type: 'button', class: 'secondary small forget', onclick: onForget },
    tx('span', 'mine.forget'), h('span', { class: 'visually-hidden' }, ' ' + number));
  item.replaceChildren(...[
    h('div', { class: 'mine-head' }, h('a', { href: '#/track/' + encodeURIComponent(number), class: 'hash' }, number),
      ' ', request ? statusBadge(request.status) : null),
    request && request.subject ? h('p', { class: 'subject' }, request.subject) : null,
    codeInvalid ? tx('p', 'mine.codeInvalid', null, { class: 'muted' }) : null,
    h('div', { class: 'actions' }, forgetButton),
  ].filter(Boolean)); // replaceChildren, unlike h(), would write a null as the text "null"
}

function recoverSection() {
  const outcome = h('div', { class: 'outcome', id: 'recover-outcome', tabindex: '-1', role: 'status' });
  const errors = h('div');
  const form = h('form', { class: 'stack', novalidate: true, id: 'recover-form' },
    field({ name: 'email', label: 'mine.email', type: 'email', required: true, maxlength: 254, autocomplete: 'email' }),
    errors, h('div', { class: 'actions' }, h('button', { type: 'submit', i18n: 'mine.recoverSend' })), outcome);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    outcome.replaceChildren();
    const email = value(form, 'email');
    if (!EMAIL.test(email)) {
      refuse(errors, 'validation.email');
      form.elements.namedItem('email').focus();
      return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await api('/api/requests/recover', { method: 'POST', body: { email } });
      outcome.replaceChildren(tx('p', 'mine.recoverSent', null, { class: 'notice' }));
      outcome.focus();
    } catch (err) {
      showError(errors, err, form);
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { id: 'recover', 'aria-labelledby': 'recover-title' },
    tx('h2', 'mine.recoverTitle', null, { id: 'recover-title' }), tx('p', 'mine.recoverIntro'), form);
}
