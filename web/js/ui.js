// Pieces several pages share: enumerations, badges, timelines and the way a refusal is shown.
import { fieldOf } from './api.js';
import { clearFieldErrors, h, setFieldError, time, tx } from './dom.js';
import { has, t } from './i18n.js';

export const KINDS = ['MESSAGE', 'REQUEST', 'OFFICIAL_REQUIREMENT', 'PROPOSAL'];
export const PRIORITIES = ['NORMAL', 'URGENT'];
export const CATEGORIES = ['SOCIAL_HOUSING', 'RENTS', 'MARGINALIZED_GROUPS', 'YOUTH', 'FINANCE', 'ENTERPRISES',
  'URBAN_PLANNING', 'ENVIRONMENT', 'TRANSPORT', 'OTHER'];
export const CHANNELS = ['WEB', 'DESK', 'MOBILE', 'API'];
// still waiting for the council's answer (the server's "open" also counts answered requests not yet resolved)
export const UNANSWERED_STATUSES = ['SUBMITTED', 'ACKNOWLEDGED', 'ASSIGNED', 'REFERRED', 'AWAITING_CITIZEN'];
export const UNITS = Array.from({ length: 24 }, (_, i) => i + 1);

export function options(prefix, values) {
  return values.map((v) => ({ value: v, key: `${prefix}.${v}` }));
}

export function statusBadge(status) {
  return tx('span', 'status.' + status, null, { class: 'badge status' });
}

export function slaBadge(sla) {
  return tx('span', 'sla.' + sla, null, { class: 'badge ' + sla });
}

export function eventLabel(type) {
  return has('event.' + type) ? tx('span', 'event.' + type) : h('span', null, type);
}

/** A request's timeline; the server's English summary is shown only where it carries more than the label. */
export function timeline(entries, { showActor = false, names = (by) => by.id } = {}) {
  return h('ol', { class: 'timeline' }, entries.map((entry) => h('li', null,
    h('div', null, eventLabel(entry.type), ' · ', time(entry.at)),
    showActor && entry.by ? h('div', { class: 'muted' }, tx('span', 'role.' + entry.by.role), ' ', names(entry.by)) : null,
    entry.detail && entry.detail.message ? h('p', { class: 'detail' }, entry.detail.message) : null,
    entry.detail && entry.detail.text ? h('p', { class: 'detail' }, entry.detail.text) : null,
    entry.detail && entry.detail.reason && !entry.detail.mode ? h('p', { class: 'detail' }, entry.detail.reason) : null,
    entry.detail && entry.detail.department ? h('p', { class: 'detail' }, entry.detail.department) : null,
    entry.detail && entry.detail.place ? h('p', { class: 'detail' }, entry.detail.place, ' · ',
      time(entry.detail.meetingAt)) : null)));
}

/**
 * Where a request is about, as its views give it: the address, the administrative unit and the point, joined on one
 * line; null when it says nothing. Public like the category (the place, not the citizen's home). Coordinates are
 * shown as the API gives them, with a decimal point in every language, so the two numbers are never confused.
 */
export function place(request) {
  const where = request.location || {};
  const parts = [
    where.address ? h('span', { class: 'address' }, where.address) : null,
    request.administrativeUnit ? tx('span', 'unit.name', { n: request.administrativeUnit }, { class: 'unit' }) : null,
    typeof where.lat === 'number' && typeof where.long === 'number'
      ? tx('span', 'place.point', { lat: String(where.lat), long: String(where.long) }, { class: 'point' }) : null,
  ].filter(Boolean);
  return parts.length ? parts.flatMap((part, i) => (i ? [' · ', part] : [part])) : null;
}

/**
 * A detail the contract's validation wrote in English ("String is too short (6 < minimum 12)"), in the reader's
 * language: the key and parameters of the matching problem, or null when it is not one of the known kinds.
 */
export function problemKey(problem) {
  const text = String(problem || '');
  // an iCalendar file's problems (sla/ICalendar) say where the file is wrong, more than the code's own text does
  let m = /Cannot read the date in '(.*)'/.exec(text);
  if (m) return ['validation.calendarDate', { line: m[1] }];
  m = /lasts more than (\d+) days/.exec(text);
  if (m) return ['validation.calendarTooLong', { days: Number(m[1]) }];
  m = /SUMMARY is longer than (\d+)/.exec(text);
  if (m) return ['validation.tooLong', { max: Number(m[1]) }];
  if (/not an iCalendar file/.test(text)) return ['validation.calendarNotIcs'];
  if (/event has no DTSTART/.test(text)) return ['validation.calendarNoStart'];
  if (/no all-day events/.test(text)) return ['validation.calendarEmpty'];
  // a location's problems (request/Location)
  if (/both coordinates/.test(text)) return ['validation.bothCoordinates'];
  m = /between (-?\d+) and (-?\d+)/.exec(text);
  if (m) return ['validation.range', { min: Number(m[1]), max: Number(m[2]) }];
  m = /too short \(\d+ < (\d+)\)|too short.*?minimum:? (\d+)/i.exec(text);
  if (m) return ['validation.tooShort', { min: Number(m[1] || m[2]) }];
  m = /too long \(\d+ > (\d+)\)|too long.*?maximum:? (\d+)/i.exec(text);
  if (m) return ['validation.tooLong', { max: Number(m[1] || m[2]) }];
  if (/email address or a phone/i.test(text)) return ['validation.contact'];
  if (/required|must not be blank/i.test(text)) return ['validation.required'];
  if (/email/i.test(text)) return ['validation.email'];
  if (/phone/i.test(text)) return ['validation.phone'];
  if (/enum|one of|pattern|format|not a|ISO-8601|type/i.test(text)) return ['validation.format'];
  return null;
}

/**
 * Shows a refusal in the page's language, from its code and details: field errors next to their inputs when the
 * server names them, the rest in the alert box. The server's English wording is never shown; a detail that only
 * repeats what the code already says is left out.
 */
export function showError(box, err, form) {
  box.replaceChildren();
  if (form) clearFieldErrors(form);
  const unplaced = [];
  for (const detail of Array.isArray(err.details) ? err.details : []) {
    const name = fieldOf(detail);
    const [key, params] = problemKey(detail.problem) || ['validation.format'];
    if (!(form && name && setFieldError(form, name, key, params))) {
      if (problemKey(detail.problem)) unplaced.push(tx('li', key, params));
    }
  }
  const key = 'error.' + (err.code || 'UNKNOWN');
  box.append(h('div', { class: 'alert', role: 'alert' }, tx('p', has(key) ? key : 'error.UNKNOWN'),
    unplaced.length ? h('ul', null, unplaced) : null));
}

/** A refusal the page itself makes (a missing field, say), worded in the reader's language. */
export function refuse(box, key, params) {
  box.replaceChildren(tx('p', key, params, { class: 'alert', role: 'alert' }));
}

/** Runs an action from a button, disabled while it runs, and reports a refusal in box. */
export async function act(button, box, action, form) {
  button.disabled = true;
  box.replaceChildren();
  try {
    return await action();
  } catch (err) {
    showError(box, err, form);
    return undefined;
  } finally {
    button.disabled = false;
  }
}

/** Sends a form once its required fields are filled (else refuses and focuses the first); done gets the answer. */
export function submitWith(form, box, send, done) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const missing = [...form.querySelectorAll('[required]')].filter((i) => !i.value.trim() && i.type !== 'checkbox');
    if (missing.length) {
      refuse(box, 'validation.required');
      missing[0].focus();
      return;
    }
    const result = await act(form.querySelector('button[type=submit]'), box, () => send(form), form);
    if (result !== undefined) {
      await done(result);
    }
  });
}

export function liveStatus() {
  const el = tx('p', 'live.connecting', null, { class: 'status-line', 'aria-live': 'polite' });
  el.update = (state) => {
    el.dataset.i18n = state === 'live' ? 'live.connected' : 'live.reconnecting';
    el.dataset.state = state;
    el.textContent = t(el.dataset.i18n);
  };
  return el;
}

export function debounce(fn, ms = 150) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}
