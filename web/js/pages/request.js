// One request as the council sees it: everything about it, its full timeline, and what the caller may do next.
import { api, session } from '../api.js';
import { clear, field, h, time, tx, value } from '../dom.js';
import { tiraneToIso } from '../i18n.js';
import { follow } from '../live.js';
import {
  PRIORITIES, act, debounce, liveStatus, options, place, showError, statusBadge, submitWith, timeline,
} from '../ui.js';


export async function render(view, { params }) {
  const number = params[0];
  const who = session();
  const path = '/api/requests/' + encodeURIComponent(number);
  const [commissions, counselors] = await Promise.all([api('/api/commissions'), api('/api/counselors')]);
  view.append(h('h1', null, tx('span', 'request.title'), ' ', h('span', { class: 'hash' }, number)));
  const status = liveStatus();
  const errors = h('div', { id: 'action-errors' });
  const details = h('section', { id: 'details' });
  const events = h('section', { id: 'timeline' });
  const actions = h('section', { id: 'actions' });
  const none = tx('p', 'request.noActions', null, { id: 'no-actions', class: 'muted', hidden: true });
  view.append(status, h('div', { class: 'two' }, h('div', null, details, tx('h2', 'track.timeline'), events),
    h('div', null, tx('h2', 'request.actions'), errors, none, actions)));

  const load = async () => {
    const request = await api(path);
    if (!request.allowedActions) {
      // not this caller's request (a counselor it is not addressed to): only its public status, and why
      clear(details).append(tx('p', 'request.notYours', null, { class: 'alert', id: 'not-yours' }),
        h('p', null, statusBadge(request.status)),
        h('p', null, h('a', { href: '#/track/' + encodeURIComponent(number), i18n: 'request.publicView' })));
      clear(events).append(timeline(request.timeline));
      view.querySelector('.two > div:last-child').hidden = true;
      return request;
    }
    renderDetails(details, request);
    clear(events).append(timeline(request.timeline, { showActor: true, names: actorNames(request) }));
    // the server decides what may be done now; the page shows exactly that
    const allowed = new Set(request.allowedActions);
    actions.dataset.status = request.status;
    actions.querySelectorAll('[data-action]').forEach((el) => {
      el.querySelector('.action-body').hidden = !allowed.has(el.dataset.action);
      el.hidden = el.querySelector('.action-body').hidden && !el.querySelector('.outcome').hasChildNodes();
    });
    none.hidden = allowed.size > 0;
    return request;
  };
  buildActions(actions, { number, path, who, commissions, counselors, reload: load });
  await load();
  if (who.role === 'COUNSELOR') {
    api(`/api/inbox/${encodeURIComponent(number)}/read`, { method: 'POST' }).catch(() => null); // best effort
  }
  return follow(path + '/stream', debounce(() => load().catch((err) => showError(errors, err))),
    { onState: status.update });
}

/** Who did what, for the staff timeline: the citizen by name rather than by their data's reference. */
function actorNames(request) {
  const c = request.citizen || {};
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  return (by) => (by.role === 'CITIZEN' ? name : by.id);
}

function renderDetails(section, request) {
  const c = request.citizen || {};
  const whatsapp = request.whatsappMessages || [];
  const where = place(request);
  clear(section).append(
    h('p', null, statusBadge(request.status), ' ', tx('span', 'kind.' + request.kind), ' · ',
      tx('span', 'priority.' + request.priority), ' · ', tx('span', 'category.' + request.category)),
    h('h2', null, request.subject || ''),
    h('p', { class: 'detail', id: 'request-body' }, request.body || ''),
    h('dl', null,
      tx('dt', 'track.to'), h('dd', null, tx('span', 'addresseeType.' + request.addressee.type), ': ',
        request.addressee.name || request.addressee.id),
      tx('dt', 'request.citizen'), h('dd', null, [c.firstName, c.lastName].filter(Boolean).join(' '),
        c.organization ? ` (${c.organization})` : '', c.email ? h('div', null, c.email) : null,
        c.phone ? h('div', null, c.phone) : null),
      tx('dt', 'request.channel'), h('dd', null, request.channel ? tx('span', 'channel.' + request.channel) : ''),
      where ? tx('dt', 'place.title') : null, where ? h('dd', { id: 'place' }, where) : null,
      // a WhatsApp citizen's messages, each with how far it got (sent, delivered, read, or why not)
      whatsapp.length ? tx('dt', 'request.whatsappMessages') : null,
      whatsapp.length ? h('dd', { id: 'whatsapp-messages' }, h('ul', null, ...whatsapp.map((m) => h('li', null,
        tx('span', 'whatsapp.message.' + m.message), ': ', tx('span', 'whatsapp.state.' + (m.deliveryState || m.status)),
        m.errorCode ? ` (${m.errorCode})` : '')))) : null,
      tx('dt', 'track.submitted'), h('dd', null, time(request.submittedAt)),
      tx('dt', 'track.due'), h('dd', { id: 'due' }, time(request.dueAt))));
}

/**
 * Action forms are built once (typing survives live updates) and shown while the server allows them. Each has its
 * outcome line right below it, announced to screen readers, which takes the focus once the action is done (the
 * form itself may disappear, as acknowledging does).
 */
function buildActions(section, ctx) {
  const post = (action, body) => api(`${ctx.path}/${action}`, { method: 'POST', body });
  const wrap = (id, el) => {
    const outcome = h('div', { class: 'outcome', id: id + '-outcome', tabindex: '-1', 'aria-live': 'polite' });
    const box = h('div', { class: 'action', 'data-action': id, hidden: true },
      h('div', { class: 'action-body' }, el), outcome);
    section.append(box);
    return outcome;
  };
  const succeeded = async (id, outcome) => {
    section.querySelectorAll('.outcome').forEach((o) => { if (o !== outcome) clear(o); });
    clear(outcome).append(tx('p', 'request.done.' + id, null, { class: 'notice', role: 'status' }));
    if (ctx.who.role === 'COUNSELOR') {
      // what the counselor just did is not news to them: the inbox keeps it read
      api(`/api/inbox/${encodeURIComponent(ctx.number)}/read`, { method: 'POST' }).catch(() => null);
    }
    await ctx.reload();
    outcome.closest('.action').hidden = false;
    outcome.focus();
  };
  const form = (id, title, fields, send) => {
    const el = h('form', { class: 'stack', novalidate: true, id: id + '-form' }, tx('h3', title), ...fields,
      h('div', { class: 'actions' }, h('button', { type: 'submit', i18n: 'action.' + id })));
    const outcome = wrap(id, el);
    submitWith(el, outcome, send, () => {
      el.reset();
      return succeeded(id, outcome);
    });
  };
  const button = (id, send) => {
    const el = h('button', { type: 'button', class: 'secondary', id, i18n: 'action.' + id });
    const outcome = wrap(id, h('div', { class: 'actions' }, el));
    el.addEventListener('click', async () => {
      if (await act(el, outcome, send) !== undefined) await succeeded(id, outcome);
    });
  };
  const text = (name, label, required = true, max = 10000) => field({ name, label, type: 'textarea', required,
    maxlength: max, rows: 3 });

  button('acknowledge', () => post('acknowledge'));
  const assignees = [{ value: '', key: 'submit.choose' },
    ...ctx.counselors.filter((c) => c.active).map((c) => ({ value: 'counselorId:' + c.id, text: c.fullName })),
    ...ctx.commissions.filter((c) => c.active).map((c) => ({ value: 'commissionId:' + c.id, text: c.name }))];
  form('assign', 'request.assignTitle', [field({ name: 'assignee', label: 'request.assignee', required: true,
    options: assignees })], (el) => {
    const [kind, id] = value(el, 'assignee').split(':');
    return post('assign', { [kind]: id });
  });
  form('respond', 'request.respondTitle', [text('message', 'request.message')],
    (el) => post('respond', { message: value(el, 'message') }));
  form('await-citizen', 'request.askTitle', [text('message', 'request.question')],
    (el) => post('await-citizen', { message: value(el, 'message') }));
  button('resume', () => post('resume'));
  form('refer', 'request.referTitle', [field({ name: 'department', label: 'request.department', required: true,
    maxlength: 200 }), text('note', 'request.note', false, 5000)], (el) => post('refer', {
    department: value(el, 'department'), ...(value(el, 'note') ? { note: value(el, 'note') } : {}),
  }));
  form('invite', 'request.inviteTitle', [field({ name: 'meetingAt', label: 'request.meetingAt', type: 'datetime-local',
    required: true, hint: 'request.tiranaTime' }), field({ name: 'place', label: 'request.place', required: true,
    maxlength: 300 })], (el) => post('invite', { meetingAt: tiraneToIso(value(el, 'meetingAt')), place: value(el, 'place') }));
  form('notes', 'request.noteTitle', [text('text', 'request.internalNote')],
    (el) => post('notes', { text: value(el, 'text') }));
  form('priority', 'request.priorityTitle', [field({ name: 'priority', label: 'submit.priority', required: true,
    options: options('priority', PRIORITIES) })], (el) => post('priority', { priority: value(el, 'priority') }));
  form('extend', 'request.extendTitle', [field({ name: 'dueAt', label: 'request.newDue', type: 'datetime-local',
    required: true, hint: 'request.tiranaTime' }), text('reason', 'request.reason', true, 1000)],
  (el) => post('extend', { dueAt: tiraneToIso(value(el, 'dueAt')), reason: value(el, 'reason') }));
  button('resolve', () => post('resolve'));
  button('close', () => post('close'));
  form('reject', 'request.rejectTitle', [text('reason', 'request.reason', true, 5000)],
    (el) => post('reject', { reason: value(el, 'reason') }));
  form('reopen', 'request.reopenTitle', [text('reason', 'request.reason', false, 5000)],
    (el) => post('reopen', value(el, 'reason') ? { reason: value(el, 'reason') } : {}));
  form('success-story', 'request.storyTitle', [
    field({ name: 'title', label: 'request.storyHeading', required: true, maxlength: 200 }),
    text('summary', 'request.storySummary', true, 5000),
    h('div', { class: 'field', 'data-field': 'citizenConsented' }, h('label', null,
      h('input', { type: 'checkbox', name: 'citizenConsented' }), ' ', tx('span', 'request.consent'))),
    field({ name: 'consentNote', label: 'request.consentNote', maxlength: 500 })],
  (el) => post('success-story', { title: value(el, 'title'), summary: value(el, 'summary'),
    citizenConsented: el.elements.namedItem('citizenConsented').checked,
    ...(value(el, 'consentNote') ? { consentNote: value(el, 'consentNote') } : {}) }));
  button('withdraw-success-story', () => api(`${ctx.path}/success-story`, { method: 'DELETE' }));
  form('spam', 'request.spamTitle', [text('reason', 'request.reason', true, 1000)],
    (el) => post('spam', { reason: value(el, 'reason') }));
}
