import { login } from '../api.js';
import { field, h, tx, value } from '../dom.js';
import { refuse, showError } from '../ui.js';

export function render(view, { query, navigate }) {
  view.append(tx('h1', 'login.title'), tx('p', 'login.intro'));
  const errors = h('div');
  const form = h('form', { class: 'stack', novalidate: true, id: 'login-form' },
    field({ name: 'username', label: 'login.username', required: true, autocomplete: 'username' }),
    field({ name: 'password', label: 'login.password', type: 'password', required: true,
      autocomplete: 'current-password' }),
    errors, h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'login', i18n: 'login.submit' })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!value(form, 'username') || !form.elements.namedItem('password').value) {
      refuse(errors, 'validation.credentials');
      return;
    }
    const button = form.querySelector('#login');
    button.disabled = true;
    try {
      const who = await login(value(form, 'username'), form.elements.namedItem('password').value);
      const next = query.get('next');
      navigate(next || (who.role === 'AUDITOR' ? 'audit' : 'inbox'));
    } catch (err) {
      if (err.status === 401) {
        refuse(errors, 'error.LOGIN_FAILED'); // here a 401 means the credentials, not an expired session
      } else {
        showError(errors, err);
      }
    } finally {
      button.disabled = false;
    }
  });
  view.append(form);
}
