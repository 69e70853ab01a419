// Tracking by number: the public timeline, live; with the access code, the citizen's private view and actions.
import { api } from '../api.js';
import { clear, field, h, time, tx, value } from '../dom.js';
import { t } from '../i18n.js';
import { follow } from '../live.js';
import { UNANSWERED_STATUSES, act, debounce, liveStatus, refuse, showError, statusBadge, timeline } from '../ui.js';

const NUMBER = /^[A-Za-z0-9]{1,16}-[0-9]{4}-[0-9]{6,}$/;
const codeKey = (number) => 'councilline.code.' + number;

export async function render(view, { params, navigate }) {
  const number = params[0];
  if (!number) {
    return lookup(view, navigate);
  }
  let code = sessionStorage.getItem(codeKey(number));
  view.append(h('h1', null, tx('span', 'track.title'), ' ', h('span', { class: 'hash' }, number)));
  const status = liveStatus();
  const errors = h('div');
  const summary = h('section', { id: 'summary' });
  const countdown = h('p', { class: 'countdown', id: 'countdown', 'aria-live': 'off' });
  const events = h('section', { id: 'timeline' });
  const privateArea = h('section', { class: 'private', id: 'private', 'aria-labelledby': 'private-title' });
  view.append(status, errors, summary, countdown, tx('h2', 'track.timeline'), events, privateArea);

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
      showError(errors, err);
      return null;
    }
    renderSummary(summary, current);
    clear(events).append(timeline(current.timeline));
    // the private area holds forms the citizen may be typing in: it is redrawn only when what it shows changed
    const signature = JSON.stringify([code, wrongCode, current.status, current.subject, current.responses]);
    if (signature !== privateArea.dataset.signature) {
      privateArea.dataset.signature = signature;
      renderPrivate(privateArea, current, code, wrongCode, load, (entered) => {
        code = entered;
        wrongCode = false;
        sessionStorage.setItem(codeKey(number), entered);
        return load();
      });
    }
    tick();
    return current;
  };
  const tick = () => renderCountdown(countdown, current);
  await load();
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
    errors, h('div', { class: 'actions' }, h('button', { type: 'submit', i18n: 'track.go' })));
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
  clear(section).append(
    h('p', null, statusBadge(request.status), ' ', tx('span', 'kind.' + request.kind), ' · ',
      tx('span', 'priority.' + request.priority), ' · ', tx('span', 'category.' + request.category)),
    h('dl', null,
      tx('dt', 'track.to'), h('dd', null, tx('span', 'addresseeType.' + request.addressee.type), ': ',
        request.addressee.name || request.addressee.id),
      tx('dt', 'track.submitted'), h('dd', null, time(request.submittedAt)),
      tx('dt', 'track.due'), h('dd', { id: 'due' }, time(request.dueAt),
        due.mode ? h('span', { class: 'muted' }, ' (', tx('span', 'sla.mode.' + due.mode), ')') : null)),
    (due.extensions || []).length ? h('div', null, tx('h2', 'track.extensions'),
      h('ul', null, due.extensions.map((x) => h('li', null, time(x.to || x.dueAt), ' — ', x.reason || '')))) : null,
    (due.pauses || []).length ? tx('p', 'track.paused', { count: due.pauses.length }, { class: 'muted' }) : null);
}

/** The time left to the due date, ticking; once answered or paused, it says so instead. */
function renderCountdown(el, request) {
  if (!request) return;
  let key;
  let params;
  if (request.status === 'AWAITING_CITIZEN') {
    key = 'countdown.paused';
  } else if (!UNANSWERED_STATUSES.includes(request.status)) {
    key = 'countdown.done';
  } else {
    const left = new Date(request.dueAt).getTime() - Date.now();
    const minutes = Math.floor(Math.abs(left) / 60000);
    params = { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60), m: minutes % 60 };
    key = left >= 0 ? 'countdown.left' : 'countdown.overdue';
  }
  el.dataset.i18n = key;
  el.dataset.i18nParams = JSON.stringify(params || {});
  el.dataset.state = key;
  el.textContent = t(key, params);
}

function renderPrivate(section, request, code, wrongCode, reload, unlock) {
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
  const errors = h('div');
  section.append(errors);
  if (request.status === 'AWAITING_CITIZEN') {
    section.append(textAction('answer', 'private.answer', 'private.answerLabel', errors,
      (message) => api(`/api/requests/${request.number}/answer`, { method: 'POST', body: { message }, accessCode: code }), reload));
  }
  if (responses.length) {
    section.append(rating(request, code, errors, reload));
  }
  if (UNANSWERED_STATUSES.includes(request.status)) {
    const withdraw = h('button', { type: 'button', class: 'secondary', id: 'withdraw', i18n: 'private.withdraw' });
    withdraw.addEventListener('click', () => {
      if (!window.confirm(t('private.withdrawConfirm'))) return;
      act(withdraw, errors, () => api(`/api/requests/${request.number}/withdraw`, { method: 'POST', accessCode: code }))
        .then((done) => done && reload());
    });
    section.append(h('div', { class: 'actions' }, withdraw));
  }
}

export function textAction(name, title, label, errors, send, after) {
  const form = h('form', { class: 'stack', novalidate: true, id: name + '-form' }, tx('h3', title),
    field({ name: 'message', label, type: 'textarea', required: true, maxlength: 10000, rows: 4 }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', i18n: 'action.send' })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = value(form, 'message');
    if (!message) {
      refuse(errors, 'validation.required');
      return;
    }
    const done = await act(form.querySelector('button'), errors, () => send(message), form);
    if (done !== undefined) {
      form.reset();
      after();
    }
  });
  return form;
}

function rating(request, code, errors, reload) {
  const form = h('form', { class: 'stack', novalidate: true, id: 'rating-form' },
    h('fieldset', null, tx('legend', 'private.rate'),
      h('div', { class: 'stars' }, [1, 2, 3, 4, 5].map((score) => h('label', null,
        h('input', { type: 'radio', name: 'score', value: String(score), required: true }), ' ',
        tx('span', 'private.score' + score)))),
      field({ name: 'comment', label: 'private.comment', type: 'textarea', maxlength: 2000, rows: 2 })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', i18n: 'private.sendRating' })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = form.querySelector('input[name="score"]:checked');
    if (!chosen) {
      refuse(errors, 'validation.score');
      return;
    }
    const body = { score: Number(chosen.value) };
    if (value(form, 'comment')) body.comment = value(form, 'comment');
    const done = await act(form.querySelector('button'), errors,
      () => api(`/api/requests/${request.number}/rating`, { method: 'POST', body, accessCode: code }));
    if (done !== undefined) {
      clear(errors).append(tx('p', 'private.rated', null, { class: 'notice', role: 'status' }));
      reload();
    }
  });
  return form;
}
