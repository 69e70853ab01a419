// The submission form, for citizens on the web and for desk staff registering on a citizen's behalf.
import { api, newIdempotencyKey, session } from '../api.js';
import { clear, clearFieldErrors, field, h, setFieldError, time, tx, value } from '../dom.js';
import { language } from '../i18n.js';
import { CATEGORIES, KINDS, PRIORITIES, UNITS, options, refuse, showError } from '../ui.js';
import { remember } from './mine.js';

// the same rules the server applies, so most mistakes are caught before anything is sent
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/;
const PHONE = /^\+?[0-9][0-9 ()-]{5,24}$/;
const LIMITS = { subject: 200, body: 20000, 'citizen.firstName': 100, 'citizen.lastName': 100,
  'citizen.organization': 200, 'citizen.email': 254, 'citizen.phone': 32 };
const DESK_UNIT = 'councilline.deskUnit';
/** The point's two fields and their ranges (WGS84 decimal degrees, as the API and Open311 take them). */
const COORDINATES = { 'location.lat': 90, 'location.long': 180 };
const DECIMAL = /^[-+]?\d{1,3}([.,]\d+)?$/;
/** How long the browser may look for the device's position; the page gives up a little later if it never answers. */
const LOCATE_TIMEOUT_MS = 20000;
const LOCATE_WATCHDOG_MS = 25000;
/** The pending "Use my location" give-up timer of the page, cleared when the page is left. */
let locateWatchdog = null;
/** How long the form waits for the receipt before saying so; sending again is then safe (same key). */
const SUBMIT_TIMEOUT_MS = 30000;

function isDesk() {
  const who = session();
  return Boolean(who && (who.role === 'STAFF' || who.role === 'ADMIN'));
}

export async function render(view, { query }) {
  const [commissions, counselors] = await Promise.all([api('/api/commissions'), api('/api/counselors')]);
  const desk = isDesk();
  const [presetType, presetId] = (query.get('to') || 'COUNSELOR:').split(':');
  view.append(tx('h1', desk ? 'submit.deskTitle' : 'submit.title'), tx('p', desk ? 'submit.deskIntro' : 'submit.intro'));
  const errors = h('div', { id: 'form-errors' });
  const addresseeType = field({ name: 'addressee.type', label: 'submit.addresseeType', required: true,
    options: options('addresseeType', ['COUNSELOR', 'COMMISSION', 'TOPIC']), value: presetType });
  const addressee = field({ name: 'addressee.id', label: 'submit.addressee', required: true, options: [] });
  const fillAddressees = () => {
    const select = addressee.querySelector('select');
    const type = addresseeType.querySelector('select').value;
    const people = type === 'COMMISSION'
      ? commissions.filter((c) => c.active).map((c) => ({ id: c.id, name: c.name }))
      : counselors.filter((c) => c.active).map((c) => ({ id: c.id, name: c.fullName }));
    clear(select).append(h('option', { value: '', i18n: 'submit.choose' }),
      ...people.map((p) => h('option', { value: p.id, selected: p.id === presetId }, p.name)));
  };
  addresseeType.querySelector('select').addEventListener('change', fillAddressees);
  fillAddressees();
  // "not sure whom to write to": the topic decides, and the form says where it will go before anything is sent
  const routeNote = h('div', { class: 'notice', id: 'route-note', 'aria-live': 'polite', hidden: true });
  const byTopic = () => addresseeType.querySelector('select').value === 'TOPIC';
  const showRoute = async () => {
    const topic = byTopic();
    addressee.hidden = topic;
    addressee.querySelector('select').required = !topic;
    routeNote.hidden = !topic;
    if (!topic) return;
    const category = form.elements.namedItem('category').value;
    if (!category) {
      routeNote.replaceChildren(tx('span', 'submit.routeChoose'));
      return;
    }
    try {
      const route = await api('/api/routing/' + encodeURIComponent(category));
      if (form.elements.namedItem('category').value !== category || !byTopic()) return; // changed meanwhile
      routeNote.dataset.reason = route.reason;
      routeNote.replaceChildren(route.addressee
        ? tx('span', route.reason === 'DEFAULT' ? 'submit.routeDefault' : 'submit.routeTo', { name: route.addressee.name })
        : tx('span', 'submit.routeNone'));
    } catch (err) {
      showError(routeNote, err);
    }
  };

  const form = h('form', { class: 'stack', novalidate: true, id: 'submit-form' },
    h('fieldset', null, tx('legend', 'submit.aboutRequest'),
      field({ name: 'kind', label: 'submit.kind', required: true, options: options('kind', KINDS), value: 'REQUEST' }),
      field({ name: 'priority', label: 'submit.priority', required: true, options: options('priority', PRIORITIES),
        value: 'NORMAL', hint: 'submit.priorityHint' }),
      field({ name: 'category', label: 'submit.category', required: true,
        options: [{ value: '', key: 'submit.choose' }, ...options('category', CATEGORIES)] }),
      addresseeType, addressee, routeNote,
      field({ name: 'subject', label: 'submit.subject', required: true, maxlength: 200 }),
      field({ name: 'body', label: 'submit.body', type: 'textarea', required: true, maxlength: 20000, rows: 6 })),
    // optional, and public like the subject's category: the place the request is about, not where the citizen lives
    h('fieldset', null, tx('legend', 'submit.where'),
      field({ name: 'location.address', label: 'submit.address', maxlength: 300, hint: 'submit.whereHint',
        autocomplete: 'off' }),
      point(desk),
      desk ? null : field({ name: 'administrativeUnit', label: 'submit.unit',
        options: [{ value: '', key: 'submit.choose' },
          ...UNITS.map((u) => ({ value: String(u), key: 'unit.name', params: { n: u } }))] })),
    h('fieldset', null, tx('legend', desk ? 'submit.aboutCitizenDesk' : 'submit.aboutYou'),
      field({ name: 'citizen.firstName', label: 'submit.firstName', required: true, maxlength: 100,
        autocomplete: desk ? 'off' : 'given-name' }),
      field({ name: 'citizen.lastName', label: 'submit.lastName', required: true, maxlength: 100,
        autocomplete: desk ? 'off' : 'family-name' }),
      field({ name: 'citizen.organization', label: 'submit.organization', maxlength: 200,
        autocomplete: desk ? 'off' : 'organization' }),
      field({ name: 'citizen.email', label: 'submit.email', type: 'email', maxlength: 254, hint: 'submit.contactHint',
        autocomplete: desk ? 'off' : 'email' }),
      field({ name: 'citizen.phone', label: 'submit.phone', type: 'tel', maxlength: 32,
        autocomplete: desk ? 'off' : 'tel' }),
      field({ name: 'language', label: 'submit.language', options: options('language', ['sq', 'en']),
        value: language() }),
      desk ? field({ name: 'administrativeUnit', label: 'submit.unit', required: true,
        options: UNITS.map((u) => ({ value: String(u), key: 'unit.name', params: { n: u } })),
        value: query.get('unit') || localStorage.getItem(DESK_UNIT) || '1' }) : null,
      // a desk's computer serves many citizens: only a citizen's own device offers to remember
      desk ? null : h('div', { class: 'field' }, h('label', { class: 'check' },
        h('input', { type: 'checkbox', name: 'remember', id: 'remember' }), ' ', tx('span', 'submit.remember')))),
    errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'send', i18n: desk ? 'submit.register' : 'submit.send' })));

  addresseeType.querySelector('select').addEventListener('change', showRoute);
  form.elements.namedItem('category').addEventListener('change', showRoute);
  showRoute();

  // Fields are checked when the form is sent; from then on each field is re-checked as it is corrected. Checking on
  // blur instead would move the layout under a pointer on its way to the send button and swallow the click.
  let attempted = false;
  form.addEventListener('input', (event) => {
    const wrapper = event.target.closest('[data-field]');
    if (attempted && wrapper) {
      validate(form, wrapper.dataset.field);
    }
  });
  // One idempotency key per submission: sending the same content again (a double click, a retry after a timeout or
  // a lost answer) reuses it, so the server answers with the request already made instead of making a second one;
  // changed content is a new submission with a new key.
  let attempt = null;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    attempted = true;
    const problems = validate(form);
    if (problems.length) {
      refuse(errors, 'submit.fix', { count: problems.length });
      form.querySelector(`[data-field="${problems[0]}"] :is(input, select, textarea)`).focus();
      return;
    }
    const button = form.querySelector('#send');
    button.disabled = true;
    try {
      const payload = body(form, desk);
      const content = JSON.stringify(payload);
      if (!attempt || attempt.content !== content) {
        attempt = { key: newIdempotencyKey(), content };
      }
      const receipt = await api('/api/requests', { method: 'POST', body: payload, idempotencyKey: attempt.key,
        timeout: SUBMIT_TIMEOUT_MS });
      if (desk) localStorage.setItem(DESK_UNIT, String(payload.administrativeUnit));
      sessionStorage.setItem('councilline.code.' + receipt.number, receipt.accessCode);
      const remembered = !desk && form.elements.namedItem('remember').checked;
      if (remembered) remember(receipt.number, receipt.accessCode);
      clear(view).append(confirmation(receipt, desk, remembered));
      view.focus();
    } catch (err) {
      showError(errors, err, form);
    } finally {
      button.disabled = false;
    }
  });
  view.append(form);
  return () => clearTimeout(locateWatchdog);
}

/**
 * The point the request is about, typed or taken from the device's location. No map: the page fetches nothing from
 * outside the app, and a map needs tiles from a tile server. The browser offers the location only to pages served
 * over HTTPS (or from the machine itself); elsewhere the button is left out and the page says why. A desk's location
 * is the office's, not the place's: the clerk types what the citizen says.
 */
function point(desk) {
  const coordinateField = (name, label) => {
    const wrapper = field({ name, label, maxlength: 20, autocomplete: 'off' });
    const input = wrapper.querySelector('input');
    input.inputMode = 'decimal';
    // the group's hint (the form, both or neither) is read with each field, before the field's own error
    input.setAttribute('aria-describedby', 'point-hint ' + input.getAttribute('aria-describedby'));
    return wrapper;
  };
  const lat = coordinateField('location.lat', 'submit.lat');
  const long = coordinateField('location.long', 'submit.long');
  const status = h('p', { class: 'muted', id: 'locate-status', 'aria-live': 'polite' });
  const group = h('fieldset', { id: 'point' }, tx('legend', 'submit.point'),
    tx('p', 'submit.pointHint', null, { class: 'hint', id: 'point-hint' }), lat, long);
  if (desk) {
    return group;
  }
  if (!('geolocation' in navigator) || !window.isSecureContext) {
    group.append(tx('p', 'submit.noGeolocation', null, { class: 'muted', id: 'no-geolocation' }));
    return group;
  }
  const button = h('button', { type: 'button', class: 'secondary', id: 'locate', i18n: 'submit.locate' });
  const say = (key, params) => status.replaceChildren(tx('span', key, params));
  // busy, not disabled: a disabled button would drop the keyboard focus to the page's start
  const busy = (on) => {
    button.setAttribute('aria-disabled', String(on));
    button.setAttribute('aria-busy', String(on));
  };
  let asked = 0; // the click whose answer is awaited: a late answer to an earlier one changes nothing
  const answered = (token) => {
    if (token !== asked) return false;
    asked += 1;
    clearTimeout(locateWatchdog);
    busy(false);
    return true;
  };
  button.addEventListener('click', () => {
    if (button.getAttribute('aria-disabled') === 'true') return;
    const token = asked;
    busy(true);
    say('submit.locating');
    // a browser may call neither callback when its permission prompt is dismissed, whatever the timeout says
    clearTimeout(locateWatchdog);
    locateWatchdog = setTimeout(() => {
      if (answered(token)) say('submit.locateFailed');
    }, LOCATE_WATCHDOG_MS);
    navigator.geolocation.getCurrentPosition((position) => {
      if (!answered(token)) return;
      // both fields first, then their checks: a check between the two would announce "give both" for a moment
      const inputs = [[lat, position.coords.latitude], [long, position.coords.longitude]].map(([wrapper, degrees]) => {
        const input = wrapper.querySelector('input');
        input.value = degrees.toFixed(5); // about 1 m: enough to find the place, no more of the device's position
        return input;
      });
      inputs.forEach((input) => input.dispatchEvent(new Event('input', { bubbles: true }))); // checked as if typed
      say('submit.located', { metres: Math.max(1, Math.round(position.coords.accuracy)) });
    }, (error) => {
      if (!answered(token)) return;
      say(error.code === error.PERMISSION_DENIED ? 'submit.locateDenied' : 'submit.locateFailed');
    }, { enableHighAccuracy: true, timeout: LOCATE_TIMEOUT_MS, maximumAge: 60000 });
  });
  group.append(h('div', { class: 'actions' }, button), status);
  return group;
}

/** A coordinate as typed (a decimal point or comma), as a number; null when empty, NaN when not a number. */
function coordinate(text) {
  if (text === '') return null;
  return DECIMAL.test(text) ? Number(text.replace(',', '.')) : NaN;
}

/** Both coordinates or neither, each a number within its range: what the server checks too. */
function coordinateProblem(form, name) {
  const own = coordinate(value(form, name));
  const other = coordinate(value(form, name === 'location.lat' ? 'location.long' : 'location.lat'));
  if (own === null) {
    return other === null ? null : ['validation.bothCoordinates'];
  }
  if (Number.isNaN(own)) {
    return ['validation.coordinate'];
  }
  const max = COORDINATES[name];
  return Math.abs(own) > max ? ['validation.range', { min: -max, max }] : null;
}

/** Checks one field, or all when name is absent; returns the names of the fields in error, in form order. */
function validate(form, name) {
  const wanted = (n) => name === undefined || n === name
    || (name.startsWith('citizen.') && (n === 'citizen.email' || n === 'citizen.phone'))
    || (name in COORDINATES && n in COORDINATES);
  const problems = [];
  const wrappers = [...form.querySelectorAll('[data-field]')].filter((w) => wanted(w.dataset.field));
  wrappers.forEach((w) => clearFieldErrors(w));
  for (const wrapper of wrappers) {
    const n = wrapper.dataset.field;
    const input = wrapper.querySelector('input, select, textarea');
    const v = input.value.trim();
    let problem = null;
    if (input.required && v === '') {
      problem = ['validation.required'];
    } else if (LIMITS[n] && v.length > LIMITS[n]) {
      problem = ['validation.tooLong', { max: LIMITS[n] }];
    } else if (n === 'citizen.email' && v && !EMAIL.test(v)) {
      problem = ['validation.email'];
    } else if (n === 'citizen.phone' && v && (!PHONE.test(v) || v.replace(/\D/g, '').length < 6)) {
      problem = ['validation.phone'];
    } else if (n === 'citizen.email' && !v && !value(form, 'citizen.phone')) {
      problem = ['validation.contact'];
    } else if (n in COORDINATES) {
      problem = coordinateProblem(form, n);
    }
    if (problem) {
      setFieldError(form, n, ...problem);
      problems.push(n);
    }
  }
  return problems;
}

function body(form, desk) {
  const optional = (n) => value(form, n) || undefined;
  const payload = {
    kind: value(form, 'kind'),
    priority: value(form, 'priority'),
    category: value(form, 'category'),
    addressee: value(form, 'addressee.type') === 'TOPIC' ? undefined
      : { type: value(form, 'addressee.type'), id: value(form, 'addressee.id') },
    subject: value(form, 'subject'),
    body: value(form, 'body'),
    citizen: {
      firstName: value(form, 'citizen.firstName'),
      lastName: value(form, 'citizen.lastName'),
      organization: optional('citizen.organization'),
      email: optional('citizen.email'),
      phone: optional('citizen.phone'),
    },
    language: value(form, 'language'),
  };
  const lat = coordinate(value(form, 'location.lat'));
  const long = coordinate(value(form, 'location.long'));
  if (optional('location.address') || lat !== null) {
    payload.location = { address: optional('location.address'), lat: lat ?? undefined, long: long ?? undefined };
  }
  if (desk) {
    payload.channel = 'DESK';
  }
  if (optional('administrativeUnit')) {
    payload.administrativeUnit = Number(value(form, 'administrativeUnit'));
  }
  return payload;
}

/** A number or code on a line of its own (never broken in the middle), with a button that copies it. */
function receiptLine(label, id, text) {
  const copied = h('span', { class: 'muted', 'aria-live': 'polite', id: id + '-copied' });
  const copy = h('button', { type: 'button', class: 'secondary small', id: id + '-copy', i18n: 'receipt.copy' });
  copy.addEventListener('click', () => navigator.clipboard.writeText(text).then(
    () => copied.replaceChildren(tx('span', 'receipt.copied')),
    () => copied.replaceChildren(tx('span', 'receipt.copyFailed'))));
  return h('div', { class: 'receipt' }, tx('span', label), h('div', { class: 'copy-line' },
    h('strong', { id }, text), copy, copied));
}

function confirmation(receipt, desk, remembered) {
  return h('section', { class: 'stack', id: 'receipt' },
    tx('h1', desk ? 'receipt.deskTitle' : 'receipt.title'),
    receiptLine('receipt.number', 'receipt-number', receipt.number),
    receiptLine('receipt.code', 'receipt-code', receipt.accessCode),
    tx('p', 'receipt.keepCode', null, { class: 'notice' }),
    remembered ? h('p', { id: 'remembered' }, tx('span', 'receipt.remembered'), ' ',
      h('a', { href: '#/mine', i18n: 'nav.mine' })) : null,
    h('p', null, tx('span', 'receipt.due'), ' ', time(receipt.dueAt)),
    h('div', { class: 'actions' },
      h('a', { class: 'button', id: 'track-link', href: '#/track/' + encodeURIComponent(receipt.number), i18n: 'receipt.track' }),
      desk ? h('button', { type: 'button', class: 'secondary', i18n: 'receipt.print', onclick: () => window.print() }) : null,
      desk ? h('a', { class: 'button', href: '#/submit?again=' + Date.now(), i18n: 'receipt.another' }) : null));
}
