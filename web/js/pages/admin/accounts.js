// The administration screen for accounts: the list with role, counselor and state, creation, deactivation and
// reactivation.
import { api, session } from '../../api.js';
import { field, h, tx, value } from '../../dom.js';
import { t } from '../../i18n.js';
import { act, options } from '../../ui.js';
import { activeBadge, editor, scrolling } from './forms.js';

const ROLES = ['STAFF', 'COUNSELOR', 'AUDITOR', 'ADMIN'];

export function accountSection(counselors, users, reload) {
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
    scrolling(h('table', { id: 'admin-account-list' }, h('thead', null, h('tr', null, tx('th', 'admin.username'),
      tx('th', 'admin.role'), tx('th', 'admin.counselor'), tx('th', 'admin.status'),
      h('th', null, h('span', { class: 'visually-hidden', i18n: 'admin.deactivate' })))),
    h('tbody', null, users.map((u) => h('tr', { 'data-username': u.username }, h('td', null, u.username),
      tx('td', 'role.' + u.role), h('td', null, u.counselorId ? names.get(u.counselorId) || u.counselorId : ''),
      h('td', null, activeBadge(u.active), u.lockedUntil ? [' ', tx('span', 'admin.locked', null,
        { class: 'badge AT_RISK' })] : null),
      h('td', null, accountButton(u, me, errors, reload))))))),
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
