// The administrators' screens: the directory (commissions and counselors), accounts and the holiday calendar.
import { api, session } from '../api.js';
import { clear, field, h, time, tx, value } from '../dom.js';
import { t } from '../i18n.js';
import { CATEGORIES, act, options, showError, submitWith } from '../ui.js';

const ROLES = ['STAFF', 'COUNSELOR', 'AUDITOR', 'ADMIN'];

export async function render(view) {
  view.append(tx('h1', 'admin.title'), tx('p', 'admin.intro'));
  const directory = h('div');
  const accounts = h('section', { id: 'admin-accounts' });
  const holidays = h('section', { id: 'admin-holidays' });
  view.append(directory, accounts, holidays);
  const reload = async (notice) => {
    const [commissions, counselors, users] = await Promise.all([api('/api/commissions'), api('/api/counselors'),
      api('/api/admin/users')]);
    clear(directory).append(commissionSection(commissions, reload), counselorSection(commissions, counselors, reload));
    clear(accounts).append(...accountSection(counselors, users, reload));
    if (notice) accounts.querySelector('h2').after(notice);
  };
  await reload();
  await holidaySection(holidays);
}

/**
 * A form that checks its required fields, sends, and reports the refusal next to the fields the server names;
 * done() runs after a success.
 */
function editor(id, title, fields, send, done) {
  const errors = h('div');
  const heading = tx('h3', title);
  const form = h('form', { class: 'stack', novalidate: true, id }, heading, ...fields, errors,
    h('div', { class: 'actions' }, h('button', { type: 'submit', i18n: 'admin.save' })));
  submitWith(form, errors, send, (result) => done(result, errors));
  return { form, heading, errors };
}

/** While a form edits an existing entry, a way back to a blank form for a new one. */
function offerCancel(form, reload) {
  if (!form.querySelector('.cancel-edit')) {
    form.querySelector('.actions').append(h('button', { type: 'button', class: 'secondary cancel-edit',
      i18n: 'admin.cancelEdit', onclick: () => reload() }));
  }
}

function checkbox(name, label, checked, optionValue) {
  return h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value: optionValue || 'on', checked }),
    ' ', label);
}

function checked(form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((input) => input.value);
}

function activeBadge(active) {
  return tx('span', active ? 'admin.active' : 'admin.inactive', null, { class: 'badge ' + (active ? 'ON_TRACK' : 'PAUSED') });
}

function commissionSection(commissions, reload) {
  let editing = null;
  const { form, heading } = editor('admin-commission-form', 'admin.newCommission', [
    field({ name: 'name', label: 'admin.commissionName', required: true, maxlength: 200 }),
    field({ name: 'description', label: 'admin.description', type: 'textarea', maxlength: 2000, rows: 3 }),
    // the topics routed to this commission when a citizen names no addressee
    h('fieldset', { 'data-field': 'policyAreas' }, tx('legend', 'admin.commissionAreas'),
      options('category', CATEGORIES).map((o) => checkbox('policyAreas', tx('span', o.key), false, o.value))),
    h('div', { class: 'field' }, checkbox('active', tx('span', 'admin.active'), true))],
  (el) => {
    const body = { name: value(el, 'name'), description: value(el, 'description'),
      policyAreas: checked(el, 'policyAreas'), active: el.elements.namedItem('active').checked };
    return editing ? api('/api/admin/commissions/' + encodeURIComponent(editing), { method: 'PUT', body })
      : api('/api/admin/commissions', { method: 'POST', body });
  }, () => reload());
  const edit = (c) => {
    editing = c.id;
    delete heading.dataset.i18n; // its parts relabel themselves; the name stays as written
    heading.replaceChildren(tx('span', 'admin.editCommission'), ': ', c.name);
    form.elements.namedItem('name').value = c.name;
    form.elements.namedItem('description').value = c.description || '';
    form.querySelectorAll('input[name="policyAreas"]').forEach((input) => {
      input.checked = (c.policyAreas || []).includes(input.value);
    });
    form.elements.namedItem('active').checked = c.active;
    offerCancel(form, reload);
    form.elements.namedItem('name').focus();
  };
  return h('section', { id: 'admin-commissions' }, tx('h2', 'admin.commissions'),
    h('table', null, h('thead', null, h('tr', null, tx('th', 'admin.commissionName'), tx('th', 'admin.policyAreas'),
      tx('th', 'admin.status'), h('th', null, h('span', { class: 'visually-hidden', i18n: 'admin.edit' })))),
    h('tbody', null, commissions.map((c) => h('tr', { 'data-id': c.id }, h('td', null, c.name),
      h('td', { class: 'areas' }, (c.policyAreas || []).map((a, i) => [i ? ', ' : '', tx('span', 'category.' + a)])),
      h('td', null, activeBadge(c.active)),
      h('td', null, h('button', { type: 'button', class: 'link', i18n: 'admin.edit', onclick: () => edit(c) })))))),
    form);
}

function counselorSection(commissions, counselors, reload) {
  let editing = null;
  const names = new Map(commissions.map((c) => [c.id, c.name]));
  const { form, heading } = editor('admin-counselor-form', 'admin.newCounselor', [
    field({ name: 'fullName', label: 'admin.fullName', required: true, maxlength: 200, autocomplete: 'off' }),
    field({ name: 'officialEmail', label: 'admin.officialEmail', type: 'email', required: true, maxlength: 254,
      autocomplete: 'off' }),
    field({ name: 'photoUrl', label: 'admin.photoUrl', type: 'url', maxlength: 2000 }),
    h('fieldset', { 'data-field': 'commissions' }, tx('legend', 'admin.memberOf'),
      commissions.filter((c) => c.active).map((c) => checkbox('commissions', c.name, false, c.id))),
    h('fieldset', { 'data-field': 'policyAreas' }, tx('legend', 'admin.policyAreas'),
      options('category', CATEGORIES).map((o) => checkbox('policyAreas', tx('span', o.key), false, o.value))),
    h('div', { class: 'field' }, checkbox('active', tx('span', 'admin.active'), true))],
  (el) => {
    const body = { fullName: value(el, 'fullName'), officialEmail: value(el, 'officialEmail'),
      commissions: checked(el, 'commissions'), policyAreas: checked(el, 'policyAreas'),
      active: el.elements.namedItem('active').checked };
    if (value(el, 'photoUrl')) body.photoUrl = value(el, 'photoUrl');
    return editing ? api('/api/admin/counselors/' + encodeURIComponent(editing), { method: 'PUT', body })
      : api('/api/admin/counselors', { method: 'POST', body });
  }, () => reload());
  const edit = (c) => {
    editing = c.id;
    delete heading.dataset.i18n;
    heading.replaceChildren(tx('span', 'admin.editCounselor'), ': ', c.fullName);
    form.elements.namedItem('fullName').value = c.fullName;
    form.elements.namedItem('officialEmail').value = c.officialEmail;
    form.elements.namedItem('photoUrl').value = c.photoUrl || '';
    form.querySelectorAll('input[name="commissions"], input[name="policyAreas"]').forEach((input) => {
      input.checked = c.commissions.includes(input.value) || c.policyAreas.includes(input.value);
    });
    form.elements.namedItem('active').checked = c.active;
    offerCancel(form, reload);
    form.elements.namedItem('fullName').focus();
  };
  return h('section', { id: 'admin-counselors' }, tx('h2', 'admin.counselors'),
    h('table', null, h('thead', null, h('tr', null, tx('th', 'admin.fullName'), tx('th', 'admin.officialEmail'),
      tx('th', 'admin.memberOf'), tx('th', 'admin.status'),
      h('th', null, h('span', { class: 'visually-hidden', i18n: 'admin.edit' })))),
    h('tbody', null, counselors.map((c) => h('tr', { 'data-id': c.id }, h('td', null, c.fullName),
      h('td', null, c.officialEmail), h('td', null, c.commissions.map((id) => names.get(id) || id).join(', ')),
      h('td', null, activeBadge(c.active)),
      h('td', null, h('button', { type: 'button', class: 'link', i18n: 'admin.edit', onclick: () => edit(c) })))))),
    form);
}

function accountSection(counselors, users, reload) {
  const me = session() && session().username;
  const names = new Map(counselors.map((c) => [c.id, c.fullName]));
  const errors = h('div');
  const counselorOptions = [{ value: '', key: 'admin.noCounselor' },
    ...counselors.filter((c) => c.active).map((c) => ({ value: c.id, text: c.fullName }))];
  const { form } = editor('admin-user-form', 'admin.newAccount', [
    field({ name: 'username', label: 'admin.username', required: true, maxlength: 64, autocomplete: 'off',
      hint: 'admin.usernameHint' }),
    field({ name: 'password', label: 'admin.password', type: 'password', required: true, maxlength: 200,
      autocomplete: 'new-password', hint: 'admin.passwordHint' }),
    field({ name: 'role', label: 'admin.role', required: true, options: options('role', ROLES) }),
    field({ name: 'counselorId', label: 'admin.counselor', options: counselorOptions, hint: 'admin.counselorHint' })],
  (el) => {
    const body = { username: value(el, 'username'), password: el.elements.namedItem('password').value,
      role: value(el, 'role') };
    if (value(el, 'counselorId')) body.counselorId = value(el, 'counselorId');
    return api('/api/admin/users', { method: 'POST', body }).then(() => body.username);
  }, (username) => reload(tx('p', 'admin.accountCreated', { username }, { class: 'notice', role: 'status' })));
  return [tx('h2', 'admin.accounts'), errors,
    h('table', { id: 'admin-account-list' }, h('thead', null, h('tr', null, tx('th', 'admin.username'),
      tx('th', 'admin.role'), tx('th', 'admin.counselor'), tx('th', 'admin.status'),
      h('th', null, h('span', { class: 'visually-hidden', i18n: 'admin.deactivate' })))),
    h('tbody', null, users.map((u) => h('tr', { 'data-username': u.username }, h('td', null, u.username),
      tx('td', 'role.' + u.role), h('td', null, u.counselorId ? names.get(u.counselorId) || u.counselorId : ''),
      h('td', null, activeBadge(u.active), u.lockedUntil ? [' ', tx('span', 'admin.locked', null,
        { class: 'badge AT_RISK' })] : null),
      h('td', null, accountButton(u, me, errors, reload)))))),
    form];
}

/**
 * A button that posts one action on an account and reloads with the notice noticeKey. With confirmKey it asks once
 * more first: deactivation cuts every session for good.
 */
function accountAction(username, action, noticeKey, box, reload, confirmKey) {
  const button = h('button', { type: 'button', class: 'link', i18n: 'admin.' + action });
  button.addEventListener('click', async () => {
    if (confirmKey && button.dataset.i18n !== confirmKey) {
      button.dataset.i18n = confirmKey;
      button.dataset.i18nParams = JSON.stringify({ username });
      button.textContent = t(confirmKey, { username });
      return;
    }
    const done = await act(button, box, () => api(`/api/admin/users/${encodeURIComponent(username)}/${action}`,
      { method: 'POST' }));
    if (done !== undefined) {
      await reload(tx('p', noticeKey, { username }, { class: 'notice', role: 'status' }));
    }
  });
  return button;
}

/** Deactivate an active account (not one's own), reactivate an inactive one. */
function accountButton(account, me, box, reload) {
  if (!account.active) {
    return accountAction(account.username, 'reactivate', 'admin.accountReactivated', box, reload);
  }
  return account.username === me ? null : accountAction(account.username, 'deactivate', 'admin.accountDeactivated',
    box, reload, 'admin.confirmDeactivate');
}

async function holidaySection(section) {
  const year = new Date().getFullYear();
  const list = h('tbody');
  const chooser = field({ name: 'year', label: 'admin.year', type: 'number', min: 2000, max: 2100, value: year });
  const show = async () => {
    const days = await api('/api/admin/holidays?year=' + encodeURIComponent(chooser.querySelector('input').value));
    clear(list).append(...days.map((d) => h('tr', { 'data-day': d.day }, h('td', null, time(d.day, 'date')),
      h('td', null, d.name), h('td', null, h('button', {
        type: 'button', class: 'link', i18n: 'admin.remove', onclick: async (event) => {
          if (await act(event.target, errors, () => api('/api/admin/holidays/' + d.day, { method: 'DELETE' }))
            !== undefined) await show();
        },
      })))));
  };
  chooser.querySelector('input').addEventListener('change', () => show().catch((err) => showError(errors, err)));
  const { form, errors } = editor('admin-holiday-form', 'admin.newHoliday', [
    field({ name: 'day', label: 'admin.day', type: 'date', required: true }),
    field({ name: 'name', label: 'admin.holidayName', required: true, maxlength: 200 })],
  (el) => api('/api/admin/holidays', { method: 'POST', body: { day: value(el, 'day'), name: value(el, 'name') } }),
  async (added) => {
    form.reset();
    chooser.querySelector('input').value = added.day.slice(0, 4);
    await show();
  });
  const upload = editor('admin-holiday-import', 'admin.importTitle', [
    field({ name: 'calendar', label: 'admin.calendarFile', type: 'file', required: true, hint: 'admin.calendarHint' })],
  async (el) => {
    const file = el.elements.namedItem('calendar').files[0];
    return api('/api/admin/holidays/import', { method: 'POST', body: await file.text(), contentType: 'text/calendar' });
  },
  async (result, box) => {
    upload.form.reset();
    await show();
    box.replaceChildren(tx('p', 'admin.imported', { count: result.imported }, { class: 'notice', role: 'status' }));
  });
  upload.form.querySelector('input[type=file]').setAttribute('accept', '.ics,text/calendar');
  section.append(tx('h2', 'admin.holidays'), tx('p', 'admin.holidaysIntro'), chooser,
    h('table', { id: 'admin-holiday-list' }, h('thead', null, h('tr', null, tx('th', 'admin.day'),
      tx('th', 'admin.holidayName'), h('th', null, h('span', { class: 'visually-hidden', i18n: 'admin.remove' })))),
    list), form, upload.form);
  await show();
}
