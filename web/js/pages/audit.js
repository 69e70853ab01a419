// For auditors: the event log with filters, a request's history at any moment, and the seal chain's verification.
import { api } from '../api.js';
import { clear, field, h, time, tx, value } from '../dom.js';
import { tiraneToIso } from '../i18n.js';
import { EVENT_TYPES } from '../live.js';
import { eventLabel, showError, statusBadge, timeline } from '../ui.js';

const PAGE = 50;
const TYPES = [...EVENT_TYPES.filter((e) => e !== 'InboxRead'), 'AccountCreated', 'AccountDeactivated',
  'AccountReactivated', 'PasswordChanged', 'CommissionCreated', 'CommissionUpdated', 'CounselorRegistered',
  'CounselorUpdated'];

export async function render(view, { params, navigate }) {
  if (params[0]) {
    return history(view, params[0]);
  }
  view.append(tx('h1', 'audit.title'), tx('p', 'audit.intro'));
  view.append(verification());
  const errors = h('div');
  const filters = h('form', { class: 'filters', id: 'audit-filters', novalidate: true },
    field({ name: 'number', label: 'audit.number' }),
    field({ name: 'type', label: 'audit.type', options: [{ value: '', key: 'common.all' },
      ...TYPES.map((e) => ({ value: e, key: 'event.' + e }))] }),
    field({ name: 'actor', label: 'audit.actor' }),
    field({ name: 'from', label: 'audit.from', type: 'datetime-local' }),
    field({ name: 'to', label: 'audit.to', type: 'datetime-local' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', i18n: 'audit.search' })));
  const table = h('table', { id: 'audit-events' });
  const more = h('button', { type: 'button', class: 'secondary', id: 'audit-more', i18n: 'audit.more', hidden: true });
  view.append(tx('h2', 'audit.log'), filters, errors, h('div', { class: 'scroll' }, table), more);
  let after = 0;
  const search = async (append) => {
    const query = new URLSearchParams({ limit: String(PAGE) });
    for (const name of ['number', 'type', 'actor']) {
      if (value(filters, name)) query.set(name, value(filters, name));
    }
    for (const name of ['from', 'to']) {
      if (value(filters, name)) query.set(name, tiraneToIso(value(filters, name)));
    }
    if (append) query.set('after', String(after));
    try {
      const page = await api('/api/audit/events?' + query);
      if (!append) table.replaceChildren(header());
      table.append(...page.items.map((e) => row(e, navigate)));
      after = page.last;
      more.hidden = page.items.length < PAGE;
      errors.replaceChildren();
    } catch (err) {
      showError(errors, err, filters);
    }
  };
  filters.addEventListener('submit', (event) => { event.preventDefault(); search(false); });
  more.addEventListener('click', () => search(true));
  await search(false);
  return null;
}

function header() {
  return h('tr', null, ['audit.position', 'audit.time', 'audit.type', 'audit.request', 'audit.actor', 'audit.payload']
    .map((key) => tx('th', key, null, { scope: 'col' })));
}

function row(e) {
  const request = /^[A-Za-z0-9]{1,16}-[0-9]{4}-[0-9]{6,}$/.test(e.request || '')
    ? h('a', { href: '#/audit/' + encodeURIComponent(e.request) }, e.request) : (e.request || '');
  return h('tr', { 'data-position': e.position },
    h('td', null, String(e.position)), h('td', null, time(e.time, 'seconds')), h('td', null, eventLabel(e.type), ' v', e.version),
    h('td', null, request), h('td', null, e.actor || '', e.role ? h('div', { class: 'muted' }, tx('span', 'role.' + e.role)) : null),
    h('td', null, h('details', null, tx('summary', 'audit.show'), h('pre', { class: 'payload' }, JSON.stringify(e.payload, null, 2)))));
}

function verification() {
  const result = h('div', { id: 'verify-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', id: 'verify', i18n: 'audit.verify' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    clear(result).append(tx('p', 'audit.verifying', null, { class: 'muted' }));
    try {
      const outcome = await api('/api/audit/verify');
      clear(result).append(outcome.status === 'OK'
        ? h('div', { class: 'notice', 'data-status': 'OK' }, tx('p', 'audit.verifiedOk', { count: outcome.verified }),
          h('p', { class: 'hash' }, outcome.head ? outcome.head.hash : ''))
        : h('div', { class: 'alert', 'data-status': outcome.status }, tx('p', 'audit.tampered', { position: outcome.position }),
          h('p', null, outcome.problem || '')));
    } catch (err) {
      showError(result, err);
    } finally {
      button.disabled = false;
    }
  });
  return h('section', null, tx('h2', 'audit.chain'), tx('p', 'audit.chainIntro'), button, result);
}

/** A request as it stood after any of its events: the slider walks its history one event at a time. */
async function history(view, number) {
  view.append(h('h1', null, tx('span', 'audit.historyTitle'), ' ', h('span', { class: 'hash' }, number)),
    h('p', null, h('a', { href: '#/audit', i18n: 'audit.back' })));
  const { items } = await api('/api/audit/events?limit=1000&number=' + encodeURIComponent(number));
  if (!items.length) {
    view.append(tx('p', 'audit.noEvents', null, { class: 'muted' }));
    return null;
  }
  const slider = h('input', { type: 'range', id: 'as-of', min: '0', max: String(items.length - 1),
    value: String(items.length - 1), step: '1', labelKey: 'audit.asOfSlider' });
  const position = h('p', { id: 'as-of-label', 'aria-live': 'polite' });
  const state = h('section', { id: 'as-of-state' });
  view.append(tx('label', 'audit.asOfSlider', null, { for: 'as-of' }), slider, position, state);
  let shown = -1;
  const show = async () => {
    const i = Number(slider.value);
    const event = items[i];
    shown = i;
    const asOf = await api(`/api/audit/requests/${encodeURIComponent(number)}?asOf=${encodeURIComponent(event.time)}`);
    if (shown !== i) return; // the slider moved on while this was loading
    // events recorded within the same instant as this one (a submission and its clock's start) are part of the
    // state as of it: the label counts what the state holds, as the figure below does
    clear(position).append(tx('span', 'audit.afterEvent', { n: Math.max(i + 1, asOf.events), total: items.length }),
      ' · ', eventLabel(event.type), ' · ', time(event.time, 'seconds'));
    clear(state).append(
      h('p', null, statusBadge(asOf.status), ' ', tx('span', 'priority.' + asOf.priority)),
      h('dl', null, tx('dt', 'track.due'), h('dd', null, time(asOf.dueAt)),
        tx('dt', 'audit.eventsSoFar'), h('dd', null, String(asOf.events))),
      timeline(asOf.timeline, { showActor: true }));
  };
  slider.addEventListener('input', show);
  await show();
  return null;
}
