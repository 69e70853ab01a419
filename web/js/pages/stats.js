// Public statistics: the headline figures, charts per commission, counselor, category and unit, and the chain head,
// for all time or for a range of days.
import { api } from '../api.js';
import { clear, field, h, time, tx } from '../dom.js';
import { formatNumber, onLanguageChange, t, tiraneToIso } from '../i18n.js';
import { refuse, showError } from '../ui.js';

const BREAKDOWNS = ['commission', 'counselor', 'category', 'unit'];
const SERIES = [
  { key: 'received', label: 'stats.received', colour: '#33415c' },
  { key: 'answered', label: 'stats.answered', colour: '#0b4f9c' },
  { key: 'answeredOnTime', label: 'stats.onTime', colour: '#1d6b32' },
];
// an axis label longer than this is broken over lines, so a phone's narrow axis shows it whole
const LINE = 16;

export async function render(view) {
  view.append(tx('h1', 'stats.title'), tx('p', 'stats.intro'));
  const filters = h('form', { class: 'filters', id: 'stats-filters', novalidate: true },
    field({ name: 'from', label: 'stats.from', type: 'date' }),
    field({ name: 'to', label: 'stats.to', type: 'date' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', i18n: 'stats.apply' }),
      h('button', { type: 'reset', class: 'secondary', i18n: 'stats.allTime' })));
  const errors = h('div', { id: 'stats-errors' });
  const range = h('p', { class: 'muted', id: 'stats-range', 'aria-live': 'polite' });
  const content = h('div', { id: 'stats-content' });
  view.append(filters, errors, range, content);
  const head = await api('/api/audit/head');
  let redraws = [];
  onLanguageChange(() => redraws.forEach((redraw) => redraw()));

  const show = async () => {
    const query = rangeQuery(filters);
    if (query === null) {
      refuse(errors, 'stats.badRange');
      return;
    }
    errors.replaceChildren();
    try {
      const suffix = query.toString() ? '&' + query : '';
      const [summary, ...breakdowns] = await Promise.all([api('/api/stats?' + query),
        ...BREAKDOWNS.map((by) => api('/api/stats/breakdown?by=' + by + suffix))]);
      destroyCharts(content);
      const charts = h('div', { class: 'charts' });
      clear(content).append(figures(summary), tx('h2', 'stats.charts'), charts,
        h('p', null, h('a', { href: '/api/stats.csv' + (query.toString() ? '?' + query : ''), i18n: 'stats.csv' }),
          ' · ', h('a', { href: '/api/open-data/requests.csv', i18n: 'stats.openData' })));
      redraws = breakdowns.map((data, i) => chart(charts, BREAKDOWNS[i], data.rows));
      clear(range).append(...[rangeText(filters)].flat());
    } catch (err) {
      showError(errors, err);
    }
  };
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    show();
  });
  // a reset clears the inputs only after its event, so the figures for all time are fetched once it has
  filters.addEventListener('reset', () => setTimeout(show));
  await show();
  view.append(tx('h2', 'stats.chain'), tx('p', 'stats.chainIntro'),
    h('dl', { id: 'chain-head' }, tx('dt', 'stats.chainPosition'), h('dd', null, String(head.position ?? 0)),
      tx('dt', 'stats.chainHash'), h('dd', { class: 'hash' }, head.hash || '—')));
  view.append(h('p', { class: 'muted' }, tx('span', 'stats.asOf'), ' ', time(new Date().toISOString())));
  return () => destroyCharts(content);
}

/**
 * The API's from/to for the days chosen, as Tirana's midnights: from the first day's start to the end of the last
 * day (the API's "to" is exclusive). Null when the range ends before it starts.
 */
function rangeQuery(form) {
  const from = form.elements.namedItem('from').value;
  const to = form.elements.namedItem('to').value;
  if (from && to && to < from) return null;
  const query = new URLSearchParams();
  if (from) query.set('from', tiraneToIso(from + 'T00:00'));
  if (to) query.set('to', tiraneToIso(nextDay(to) + 'T00:00'));
  return query;
}

function nextDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function rangeText(form) {
  const from = form.elements.namedItem('from').value;
  const to = form.elements.namedItem('to').value;
  if (!from && !to) return tx('span', 'stats.allTimeShown');
  return [tx('span', 'stats.shownRange'), ' ', from ? time(from + 'T12:00:00Z', 'date') : '…', ' – ',
    to ? time(to + 'T12:00:00Z', 'date') : '…'];
}

function destroyCharts(container) {
  container.querySelectorAll('canvas').forEach((canvas) => window.Chart.getChart(canvas)?.destroy());
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

/** A label as lines of at most LINE characters, broken between words (a longer word keeps a line of its own). */
function lines(text) {
  const out = [];
  for (const word of text.split(/\s+/)) {
    const last = out.length ? out[out.length - 1] : null;
    if (last !== null && (last + ' ' + word).length <= LINE) out[out.length - 1] = last + ' ' + word;
    else out.push(word);
  }
  return out;
}

/** A horizontal bar chart (readable on a phone) with the same figures as a table for screen readers. */
function chart(container, by, rows) {
  const canvas = h('canvas', { role: 'img', id: 'chart-' + by, labelKey: 'stats.chartLabel.' + by });
  const table = h('table');
  const area = h('div', { class: 'chart-area' }, canvas);
  const box = h('figure', { class: 'chart', 'data-chart': by }, tx('figcaption', 'stats.by.' + by), area,
    h('details', null, tx('summary', 'stats.asTable'), h('div', { class: 'scroll' }, table)));
  container.append(box);
  if (!rows.length) {
    box.append(tx('p', 'stats.noData', null, { class: 'muted' }));
  }
  const instance = new window.Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: SERIES.map((s) => ({ label: '', data: rows.map((r) => r[s.key]), backgroundColor: s.colour })) },
    options: { indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } },
      plugins: { legend: { position: 'bottom' },
        tooltip: { callbacks: { title: (items) => (items.length ? label(by, rows[items[0].dataIndex]) : '') } } } },
  });
  const redraw = () => {
    instance.data.labels = rows.map((r) => lines(label(by, r)));
    // every row gets the same height, enough for the most lines any label has, so labels never run into each
    // other; the rest is the legend and the value axis
    const mostLines = Math.max(2, ...instance.data.labels.map((l) => l.length));
    area.style.height = `${Math.max(260, 120 + instance.data.labels.length * (18 * mostLines + 8))}px`;
    instance.data.datasets.forEach((d, i) => { d.label = t(SERIES[i].label); });
    instance.update();
    table.replaceChildren(h('tr', null, h('th', null, t('stats.by.' + by)), SERIES.map((s) => h('th', null, t(s.label)))),
      ...rows.map((r) => h('tr', null, h('td', null, label(by, r)), SERIES.map((s) => h('td', null, String(r[s.key]))))));
  };
  redraw();
  return redraw;
}
