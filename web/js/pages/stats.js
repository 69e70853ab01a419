// Public statistics: the headline figures, charts per commission, counselor, category and unit, and the chain head.
import { api } from '../api.js';
import { h, time, tx } from '../dom.js';
import { formatNumber, onLanguageChange, t } from '../i18n.js';

const BREAKDOWNS = ['commission', 'counselor', 'category', 'unit'];
const SERIES = [
  { key: 'received', label: 'stats.received', colour: '#33415c' },
  { key: 'answered', label: 'stats.answered', colour: '#0b4f9c' },
  { key: 'answeredOnTime', label: 'stats.onTime', colour: '#1d6b32' },
];

export async function render(view) {
  view.append(tx('h1', 'stats.title'), tx('p', 'stats.intro'));
  const [summary, head, ...breakdowns] = await Promise.all([api('/api/stats'), api('/api/audit/head'),
    ...BREAKDOWNS.map((by) => api('/api/stats/breakdown?by=' + by))]);
  view.append(figures(summary));
  view.append(tx('h2', 'stats.charts'));
  const charts = h('div', { class: 'charts' });
  view.append(charts);
  const drawn = breakdowns.map((data, i) => chart(charts, BREAKDOWNS[i], data.rows));
  onLanguageChange(() => drawn.forEach((redraw) => redraw()));
  view.append(h('p', null, h('a', { href: '/api/stats.csv', i18n: 'stats.csv' }), ' · ',
    h('a', { href: '/api/open-data/requests.csv', i18n: 'stats.openData' })));
  view.append(tx('h2', 'stats.chain'), tx('p', 'stats.chainIntro'),
    h('dl', { id: 'chain-head' }, tx('dt', 'stats.chainPosition'), h('dd', null, String(head.position ?? 0)),
      tx('dt', 'stats.chainHash'), h('dd', { class: 'hash' }, head.hash || '—')));
  view.append(h('p', { class: 'muted' }, tx('span', 'stats.asOf'), ' ', time(new Date().toISOString())));
}

function figures(s) {
  // rates on too few cases say more about chance than about the council, so they are not shown as numbers
  const shown = (v, format) => (typeof v === 'number' ? h('span', { class: 'value' }, format(v))
    : tx('span', 'stats.tooFew', null, { class: 'value' }));
  const item = (label, valueEl, id) => h('li', { id }, valueEl, tx('span', label));
  const median = s.firstResponseHours.median;
  return h('ul', { class: 'figures', id: 'figures' },
    item('stats.received', shown(s.received, formatNumber), 'fig-received'),
    item('stats.answered', shown(s.answered, formatNumber), 'fig-answered'),
    item('stats.onTimeRate', shown(s.answeredOnTime.rate, (v) => formatNumber(v * 100, 1) + '%'), 'fig-ontime'),
    item('stats.open', shown(s.open, formatNumber), 'fig-open'),
    item('stats.overdue', shown(s.overdueNow, formatNumber), 'fig-overdue'),
    item('stats.medianHours', median == null ? h('span', { class: 'value' }, '—')
      : shown(median, (v) => formatNumber(v, 1)), 'fig-median'),
    item('stats.satisfaction', shown(s.satisfaction.average, (v) => formatNumber(v, 1) + ' / 5'), 'fig-satisfaction'));
}

function label(by, row) {
  if (by === 'category') return t('category.' + row.key);
  if (by === 'unit') return t('unit.name', { n: row.key });
  return row.name || row.key;
}

/** A horizontal bar chart (readable on a phone) with the same figures as a table for screen readers. */
function chart(container, by, rows) {
  const canvas = h('canvas', { role: 'img', id: 'chart-' + by, labelKey: 'stats.chartLabel.' + by });
  const table = h('table');
  const box = h('figure', { class: 'chart', 'data-chart': by }, tx('figcaption', 'stats.by.' + by), canvas,
    h('details', null, tx('summary', 'stats.asTable'), h('div', { class: 'scroll' }, table)));
  container.append(box);
  if (!rows.length) {
    box.append(tx('p', 'stats.noData', null, { class: 'muted' }));
  }
  const instance = new window.Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: SERIES.map((s) => ({ label: '', data: rows.map((r) => r[s.key]), backgroundColor: s.colour })) },
    options: { indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: 'bottom' } } },
  });
  const redraw = () => {
    instance.data.labels = rows.map((r) => label(by, r));
    instance.data.datasets.forEach((d, i) => { d.label = t(SERIES[i].label); });
    instance.update();
    table.replaceChildren(h('tr', null, h('th', null, t('stats.by.' + by)), SERIES.map((s) => h('th', null, t(s.label)))),
      ...rows.map((r) => h('tr', null, h('td', null, label(by, r)), SERIES.map((s) => h('td', null, String(r[s.key]))))));
  };
  redraw();
  return redraw;
}
