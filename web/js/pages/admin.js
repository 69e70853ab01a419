// The administrators' screens: the directory (commissions and counselors), accounts and the holiday calendar.
// Each screen is a module of its own under admin/; this page puts them together and reloads them after a change.
import { api } from '../api.js';
import { clear, h, tx } from '../dom.js';
import { accountSection } from './admin/accounts.js';
import { commissionSection } from './admin/commissions.js';
import { counselorSection } from './admin/counselors.js';
import { holidaySection } from './admin/holidays.js';

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
