// The administration screen for the holiday calendar: the days of a year, adding and removing one, importing an
// iCalendar file.
import { api } from '../../api.js';
import { clear, field, h, time, tx, value } from '../../dom.js';
import { act, showError } from '../../ui.js';
import { editor, scrolling } from './forms.js';

export async function holidaySection(section) {
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
    scrolling(h('table', { id: 'admin-holiday-list' }, h('thead', null, h('tr', null, tx('th', 'admin.day'),
      tx('th', 'admin.holidayName'), h('th', null, h('span', { class: 'visually-hidden', i18n: 'admin.remove' })))),
    list)), form, upload.form);
  await show();
}
