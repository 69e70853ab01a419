// One request as the council sees it: everything about it, its full timeline, and what the caller may do next.
import { api, session } from '../api.js';
import { clear, field, h, time, tx, value } from '../dom.js';
import { tiraneToIso } from '../i18n.js';
import { follow } from '../live.js';
import {
  UNANSWERED_STATUSES, PRIORITIES, act, debounce, liveStatus, options, showError, statusBadge, submitWith, timeline,
} from '../ui.js';

const STAFF = ['STAFF', 'ADMIN'];
const HANDLERS = ['STAFF', 'ADMIN', 'COUNSELOR'];

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
  view.append(status, h('div', { class: 'two' }, h('div', null, details, tx('h2', 'track.timeline'), events),
    h('div', null, tx('h2', 'request.actions'), errors, actions)));

  const load = async () => {
    const request = await api(path);
    renderDetails(details, request);
    clear(events).append(timeline(request.timeline, { showActor: true }));
    actions.dataset.status = request.status;
    actions.querySelectorAll('[data-when]').forEach((el) => {
      el.hidden = !el.dataset.when.split(' ').includes(request.status);
    });
    return request;
  };
  buildActions(actions, errors, { number, path, who, commissions, counselors, reload: load });
  await load();
  if (who.role === 'COUNSELOR') {
    api(`/api/inbox/${encodeURIComponent(number)}/read`, { method: 'POST' }).catch(() => null); // best effort
  }
  return follow(path + '/stream', debounce(() => load().catch((err) => showError(errors, err))),
    { onState: status.update });
}

function renderDetails(section, request) {
  const c = request.citizen || {};
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
      tx('dt', 'request.channel'), h('dd', null, request.channel ? tx('span', 'channel.' + request.channel) : '',
        request.administrativeUnit ? h('span', null, ' · ', tx('span', 'unit.name', { n: request.administrativeUnit })) : null),
      tx('dt', 'track.submitted'), h('dd', null, time(request.submittedAt)),
      tx('dt', 'track.due'), h('dd', { id: 'due' }, time(request.dueAt))));
}

/** Action forms are built once (typing survives live updates) and shown only in the statuses they apply to. */
function buildActions(section, errors, ctx) {
  const role = ctx.who.role;
  const open = UNANSWERED_STATUSES.join(' ');
  const post = (action, body) => api(`${ctx.path}/${action}`, { method: 'POST', body });
  const add = (roles, when, el) => {
    if (roles.includes(role)) {
      el.dataset.when = when;
      section.append(el);
    }
  };
  const form = (id, title, fields, send, when, roles) => {
    const el = h('form', { class: 'stack', novalidate: true, id: id + '-form' }, tx('h3', title), ...fields,
      h('div', { class: 'actions' }, h('button', { type: 'submit', i18n: 'action.' + id })));
    submitWith(el, errors, send, () => {
      el.reset();
      clear(errors).append(tx('p', 'request.done', null, { class: 'notice', role: 'status' }));
      ctx.reload();
    });
    add(roles, when, el);
  };
  const button = (id, send, when, roles) => {
    const el = h('button', { type: 'button', class: 'secondary', id, i18n: 'action.' + id });
    el.addEventListener('click', async () => {
      if (await act(el, errors, send) !== undefined) ctx.reload();
    });
    add(roles, when, h('div', { class: 'actions' }, el));
  };
  const text = (name, label, required = true, max = 10000) => field({ name, label, type: 'textarea', required,
    maxlength: max, rows: 3 });

  button('acknowledge', () => post('acknowledge'), 'SUBMITTED', STAFF);
  const assignees = [{ value: '', key: 'submit.choose' },
    ...ctx.counselors.filter((c) => c.active).map((c) => ({ value: 'counselorId:' + c.id, text: c.fullName })),
    ...ctx.commissions.filter((c) => c.active).map((c) => ({ value: 'commissionId:' + c.id, text: c.name }))];
  form('assign', 'request.assignTitle', [field({ name: 'assignee', label: 'request.assignee', required: true,
    options: assignees })], (el) => {
    const [kind, id] = value(el, 'assignee').split(':');
    return post('assign', { [kind]: id });
  }, open, STAFF);
  form('respond', 'request.respondTitle', [text('message', 'request.message')],
    (el) => post('respond', { message: value(el, 'message') }), open + ' RESPONDED', HANDLERS);
  form('await-citizen', 'request.askTitle', [text('message', 'request.question')],
    (el) => post('await-citizen', { message: value(el, 'message') }), open.replace('AWAITING_CITIZEN', ''), HANDLERS);
  button('resume', () => post('resume'), 'AWAITING_CITIZEN', STAFF);
  form('refer', 'request.referTitle', [field({ name: 'department', label: 'request.department', required: true,
    maxlength: 200 }), text('note', 'request.note', false, 5000)], (el) => post('refer', {
    department: value(el, 'department'), ...(value(el, 'note') ? { note: value(el, 'note') } : {}),
  }), open, HANDLERS);
  form('invite', 'request.inviteTitle', [field({ name: 'meetingAt', label: 'request.meetingAt', type: 'datetime-local',
    required: true, hint: 'request.tiranaTime' }), field({ name: 'place', label: 'request.place', required: true,
    maxlength: 300 })], (el) => post('invite', { meetingAt: tiraneToIso(value(el, 'meetingAt')), place: value(el, 'place') }),
  open + ' RESPONDED', HANDLERS);
  form('notes', 'request.noteTitle', [text('text', 'request.internalNote')],
    (el) => post('notes', { text: value(el, 'text') }), open + ' RESPONDED RESOLVED CLOSED REJECTED WITHDRAWN', HANDLERS);
  form('priority', 'request.priorityTitle', [field({ name: 'priority', label: 'submit.priority', required: true,
    options: options('priority', PRIORITIES) })], (el) => post('priority', { priority: value(el, 'priority') }), open, STAFF);
  form('extend', 'request.extendTitle', [field({ name: 'dueAt', label: 'request.newDue', type: 'datetime-local',
    required: true, hint: 'request.tiranaTime' }), text('reason', 'request.reason', true, 1000)],
  (el) => post('extend', { dueAt: tiraneToIso(value(el, 'dueAt')), reason: value(el, 'reason') }), open, STAFF);
  button('resolve', () => post('resolve'), open + ' RESPONDED', STAFF);
  button('close', () => post('close'), 'RESOLVED RESPONDED', STAFF);
  form('reject', 'request.rejectTitle', [text('reason', 'request.reason', true, 5000)],
    (el) => post('reject', { reason: value(el, 'reason') }), open, STAFF);
  form('reopen', 'request.reopenTitle', [text('reason', 'request.reason', false, 5000)],
    (el) => post('reopen', value(el, 'reason') ? { reason: value(el, 'reason') } : {}), 'RESPONDED RESOLVED CLOSED', STAFF);
  form('success-story', 'request.storyTitle', [
    field({ name: 'title', label: 'request.storyHeading', required: true, maxlength: 200 }),
    text('summary', 'request.storySummary', true, 5000),
    h('div', { class: 'field', 'data-field': 'citizenConsented' }, h('label', null,
      h('input', { type: 'checkbox', name: 'citizenConsented' }), ' ', tx('span', 'request.consent'))),
    field({ name: 'consentNote', label: 'request.consentNote', maxlength: 500 })],
  (el) => post('success-story', { title: value(el, 'title'), summary: value(el, 'summary'),
    citizenConsented: el.elements.namedItem('citizenConsented').checked,
    ...(value(el, 'consentNote') ? { consentNote: value(el, 'consentNote') } : {}) }), 'RESOLVED CLOSED', STAFF);
}
