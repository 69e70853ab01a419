// Tracking by number: the public timeline, live; with the access code, the citizen's private view and actions.
import { api } from '../api.js';
import { clear, field, h, time, tx, value } from '../dom.js';
import { durationParts, t } from '../i18n.js';
import { follow } from '../live.js';
import { renewCode } from './mine.js';
import {
  UNANSWERED_STATUSES, act, debounce, liveStatus, place, refuse, showError, statusBadge, timeline,
} from '../ui.js';

const NUMBER = /^[A-Za-z0-9]{1,16}-[0-9]{4}-[0-9]{6,}$/;
const codeKey = (number) => 'councilline.code.' + number;

export async function render(view, { params, query, navigate }) {
  const number = params[0];
  if (!number) {
    return lookup(view, navigate);
  }
  if (query && query.get('code')) {
    // a recovery mail's link carries the new code: kept for this visit (and on this device if it remembers the
    // request), then taken out of the address so it is not left in the history or shared with the page's link
    const given = query.get('code').toUpperCase();
    sessionStorage.setItem(codeKey(number), given);
    renewCode(number, given);
    history.replaceState(null, '', '#/track/' + encodeURIComponent(number));
  }
  let code = sessionStorage.getItem(codeKey(number));
  view.append(h('h1', null, tx('span', 'track.title'), ' ', h('span', { class: 'hash' }, number)));
  const status = liveStatus();
  const errors = h('div');
  const summary = h('section', { id: 'summary' });
  const countdown = h('p', { class: 'countdown', id: 'countdown', 'aria-live': 'off' });
  const events = h('section', { id: 'timeline' });
  const privateArea = h('section', { class: 'private', id: 'private', 'aria-labelledby': 'private-title' });
  const timelineTitle = tx('h2', 'track.timeline');
  // the outcome of the citizen's last action, kept across redraws of the private area
  const outcome = h('div', { class: 'outcome', id: 'private-outcome', tabindex: '-1', 'aria-live': 'polite' });
  view.append(status, errors, summary, countdown, timelineTitle, events, privateArea);

  let current = null;
  let wrongCode = false;
  const load = async () => {
    try {
      current = await api('/api/requests/' + encodeURIComponent(number), { accessCode: code || undefined });
    } catch (err) {
      if (err.status === 403 && code) {
        // a mistyped access code: show the public view and say why the private one stays closed
        sessionStorage.removeItem(codeKey(number));
        code = null;
        wrongCode = true;
        return load();
      }
      if (err.status === 404) {
        // no such request: say what a number looks like rather than show an empty page
        status.hidden = true;
        timelineTitle.hidden = true;
        privateArea.hidden = true;
        errors.replaceChildren(h('div', { class: 'alert', role: 'alert', id: 'unknown-number' },
          tx('p', 'track.unknown', { number }), tx('p', 'validation.number'),
          h('p', null, h('a', { href: '#/track', i18n: 'track.lookupAgain' }))));
        return null;
      }
      showError(errors, err);
      return null;
    }
    renderSummary(summary, current);
    clear(events).append(timeline(current.timeline));
    // the private area holds forms the citizen may be typing in: it is redrawn only when what it shows changed
    const signature = JSON.stringify([code, wrongCode, current.status, current.subject, current.responses,
      current.allowedActions, current.timeline.length]);
    if (signature !== privateArea.dataset.signature) {
      privateArea.dataset.signature = signature;
      renderPrivate(privateArea, current, code, wrongCode, load, (entered) => {
        code = entered;
        wrongCode = false;
        sessionStorage.setItem(codeKey(number), entered);
        return load();
      }, outcome);
    }
    tick();
    return current;
  };
  const tick = () => renderCountdown(countdown, current);
  await load();
  if (!current) {
    return null; // nothing to follow: the stream of an unknown number would be refused over and over
  }
  const timer = setInterval(tick, 1000);
  const stop = follow('/api/requests/' + encodeURIComponent(number) + '/stream', debounce(load), { onState: status.update });
  return () => {
    clearInterval(timer);
    stop();
  };
}

function lookup(view, navigate) {
  view.append(tx('h1', 'track.lookupTitle'), tx('p', 'track.lookupIntro'));
  const errors = h('div');
  const form = h('form', { class: 'stack', novalidate: true },
    field({ name: 'number', label: 'track.number', required: true, hint: 'track.numberHint' }),
    field({ name: 'code', label: 'track.code', hint: 'track.codeHint', autocomplete: 'off' }),
    errors, h('div', { class: 'actions' }, h('button', { type: 'submit', i18n: 'track.go' })),
    h('p', null, h('a', { href: '#/mine?recover=1', id: 'lost-code', i18n: 'track.lost' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const number = value(form, 'number').toUpperCase();
    if (!NUMBER.test(number)) {
      refuse(errors, 'validation.number');
      return;
    }
    if (value(form, 'code')) sessionStorage.setItem(codeKey(number), value(form, 'code').toUpperCase());
    navigate('track/' + encodeURIComponent(number));
  });
  view.append(form);
}

function renderSummary(section, request) {
  const due = request.due || {};
  const where = place(request);
  clear(section).append(...[
    h('p', null, statusBadge(request.status), ' ', tx('span', 'kind.' + request.kind), ' · ',
      tx('span', 'priority.' + request.priority), ' · ', tx('span', 'category.' + request.category)),
    h('dl', null,
      tx('dt', 'track.to'), h('dd', null, tx('span', 'addresseeType.' + request.addressee.type), ': ',
        request.addressee.name || request.addressee.id),
      where ? tx('dt', 'place.title') : null, where ? h('dd', { id: 'place' }, where) : null,
      tx('dt', 'track.submitted'), h('dd', null, time(request.submittedAt)),
      tx('dt', 'track.due'), h('dd', { id: 'due' }, time(request.dueAt),
        due.mode ? h('span', { class: 'muted' }, ' (', tx('span', 'sla.mode.' + due.mode), ')') : null)),
    (due.extensions || []).length ? h('div', null, tx('h2', 'track.extensions'),
      h('ul', null, due.extensions.map((x) => h('li', null, time(x.to || x.dueAt), ' — ', x.reason || '')))) : null,
    (due.pauses || []).length ? tx('p', 'track.paused', { count: due.pauses.length }, { class: 'muted' }) : null,
  ].filter(Boolean)); // Element.append would write a null as the text "null"
}

/** The time left to the due date, ticking; once answered, paused or ended, it says which. */
function renderCountdown(el, request) {
  if (!request) return;
  let key;
  let params;
  if (request.status === 'AWAITING_CITIZEN') {
    key = 'countdown.paused';
  } else if (!UNANSWERED_STATUSES.includes(request.status)) {
    key = 'countdown.' + request.status;
  } else {
    const left = new Date(request.dueAt).getTime() - Date.now();
    params = { time: durationParts(Math.floor(Math.abs(left) / 60000)) };
    key = left >= 0 ? 'countdown.left' : 'countdown.overdue';
  }
  el.dataset.i18n = key;
  el.dataset.i18nParams = JSON.stringify(params || {});
  el.dataset.state = key;
  el.textContent = t(key, params);
}

function renderPrivate(section, request, code, wrongCode, reload, unlock, outcome) {
  clear(section).append(tx('h2', 'private.title', null, { id: 'private-title' }));
  if (!code || request.subject === undefined) {
    const errors = h('div');
    if (wrongCode) refuse(errors, 'private.wrongCode');
    const form = h('form', { class: 'stack', novalidate: true, id: 'code-form' },
      tx('p', 'private.intro'), field({ name: 'code', label: 'track.code', required: true, autocomplete: 'off' }),
      errors, h('div', { class: 'actions' }, h('button', { type: 'submit', i18n: 'private.open' })));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!value(form, 'code')) {
        refuse(errors, 'validation.required');
        return;
      }
      unlock(value(form, 'code').toUpperCase());
    });
    section.append(form);
    return;
  }
  const responses = request.responses || [];
  section.append(
    h('h3', null, request.subject), h('p', { class: 'detail' }, request.body),
    tx('h3', 'private.responses'),
    responses.length
      ? h('ol', { class: 'list', id: 'responses' }, responses.map((r) => h('li', null, time(r.at), h('p', { class: 'detail' }, r.message))))
      : tx('p', 'private.noResponse', null, { id: 'responses', class: 'muted' }));
  const allowed = request.allowedActions || [];
  const done = async (key, ...extra) => {
    outcome.replaceChildren(h('div', { class: 'notice', role: 'status' }, tx('p', key), ...extra));
    await reload();
    outcome.focus();
  };
  section.append(outcome);
  if (allowed.includes('answer')) {
    const asked = [...request.timeline].reverse().find((e) => e.type === 'CitizenInformationRequested');
    section.append(textAction('answer', 'private.answer', 'private.answerLabel', asked && asked.detail
      ? h('div', { id: 'question' }, tx('p', 'private.question', null, { class: 'muted' }),
        h('blockquote', { class: 'detail' }, asked.detail.message)) : null,
    (message) => api(`/api/requests/${request.number}/answer`, { method: 'POST', body: { message }, accessCode: code }),
    (message) => done('private.answered', h('blockquote', { class: 'detail', id: 'your-answer' }, message))));
  }
  if (responses.length) {
    section.append(rating(request, code, allowed.includes('rating'), () => done('private.rated')));
  }
  if (allowed.includes('withdraw')) {
    const withdraw = h('button', { type: 'button', class: 'secondary', id: 'withdraw', i18n: 'private.withdraw' });
    const box = h('div');
    withdraw.addEventListener('click', () => {
      if (!window.confirm(t('private.withdrawConfirm'))) return;
      act(withdraw, box, () => api(`/api/requests/${request.number}/withdraw`, { method: 'POST', accessCode: code }))
        .then((result) => result && done('private.withdrawn'));
    });
    section.append(h('div', { class: 'actions' }, withdraw), box);
  }
}

/** A form with one text to send; the outcome of sending goes next to it, refusals included. */
export function textAction(name, title, label, context, send, after) {
  const errors = h('div');
  const form = h('form', { class: 'stack', novalidate: true, id: name + '-form' }, tx('h3', title), context,
    field({ name: 'message', label, type: 'textarea', required: true, maxlength: 10000, rows: 4 }), errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', i18n: 'action.send' })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = value(form, 'message');
    if (!message) {
      refuse(errors, 'validation.required');
      return;
    }
    const result = await act(form.querySelector('button'), errors, () => send(message), form);
    if (result !== undefined) {
      form.reset();
      await after(message);
    }
  });
  return form;
}

/** The rating form while the latest answer may be rated; the rating given once it was. */
function rating(request, code, open, after) {
  const given = [...request.timeline].reverse().find((e) => e.type === 'CitizenRatedResponse');
  const shown = given && given.detail
    ? tx('p', 'private.ratingGiven', { score: given.detail.score }, { id: 'rating-given' }) : null;
  if (!open) {
    return shown || h('div');
  }
  const errors = h('div');
  const form = h('form', { class: 'stack', novalidate: true, id: 'rating-form' },
    h('fieldset', null, tx('legend', 'private.rate'),
      h('div', { class: 'stars' }, [1, 2, 3, 4, 5].map((score) => h('label', null,
        h('input', { type: 'radio', name: 'score', value: String(score), required: true }),
        tx('span', 'private.score' + score)))),
      field({ name: 'comment', label: 'private.comment', type: 'textarea', maxlength: 2000, rows: 2 })),
    errors, h('div', { class: 'actions' }, h('button', { type: 'submit', i18n: 'private.sendRating' })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = form.querySelector('input[name="score"]:checked');
    if (!chosen) {
      refuse(errors, 'validation.score');
      return;
    }
    const body = { score: Number(chosen.value) };
    if (value(form, 'comment')) body.comment = value(form, 'comment');
    const result = await act(form.querySelector('button'), errors,
      () => api(`/api/requests/${request.number}/rating`, { method: 'POST', body, accessCode: code }));
    if (result !== undefined) {
      form.reset();
      await after();
    }
  });
  return h('div', null, shown, form);
}
