// The control room: a tile per administrative unit and one for the central channels, the same figures per
// commission and counselor, breaches and escalations as they happen, the oldest unacknowledged requests and the last
// 24 hours' throughput. Live: every change of the inbox's stream refreshes the figures.
import { api } from '../api.js';
import { clear, h, time, tx } from '../dom.js';
import { formatNumber, onLanguageChange, t } from '../i18n.js';
import { follow } from '../live.js';
import { debounce, eventLabel, liveStatus, showError, slaBadge } from '../ui.js';

const WORST = { OVERDUE: 0, AT_RISK: 1, ON_TRACK: 2, PAUSED: 3, NONE: 4 };
const COLUMNS = ['name', 'open', 'atRisk', 'overdue', 'paused'];
const REFRESH_MS = 60_000;
const HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Tirane', hour: '2-digit', minute: '2-digit',
  hourCycle: 'h23' });

export async function render(view) {
  view.classList.add('wide');
  view.append(tx('h1', 'ops.title'), tx('p', 'ops.intro'));
  const status = liveStatus();
  const errors = h('div');
  const controls = h('form', { class: 'filters', id: 'ops-controls' },
    select('sort', 'ops.sort', ['unit', 'worst', 'open']),
    select('show', 'ops.show', ['all', 'troubled']));
  const tiles = h('ol', { class: 'ops-tiles', id: 'ops-tiles' });
  const ticker = h('ol', { class: 'ops-ticker', id: 'ops-ticker', 'aria-live': 'polite' });
  const oldest = h('ol', { class: 'list', id: 'ops-oldest' });
  const commissions = ownerTable('commissions');
  const counselors = ownerTable('counselors');
  const canvas = h('canvas', { role: 'img', id: 'ops-chart', labelKey: 'ops.chartLabel' });
  const hours = h('table', { id: 'ops-hours' });
  const updated = h('p', { class: 'muted', id: 'ops-updated' });
  view.append(status, errors,
    h('section', { 'aria-labelledby': 'ops-units' }, tx('h2', 'ops.units', null, { id: 'ops-units' }), controls, tiles),
    h('div', { class: 'ops-columns' },
      h('section', null, tx('h2', 'ops.ticker'), ticker),
      h('section', null, tx('h2', 'ops.oldest'), oldest)),
    h('section', null, tx('h2', 'ops.throughput'), h('figure', { class: 'chart' }, canvas,
      h('details', null, tx('summary', 'ops.asTable'), h('div', { class: 'scroll' }, hours)))),
    h('div', { class: 'ops-columns' }, commissions.section, counselors.section),
    updated);

  const chart = new window.Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: [{ label: '', data: [], backgroundColor: '#33415c' },
      { label: '', data: [], backgroundColor: '#0b4f9c' }] },
    options: { responsive: true, maintainAspectRatio: false, animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: 'bottom' } } },
  });
  let summary = null;
  const draw = () => {
    if (!summary) return;
    drawTiles(tiles, summary.units, controls);
    commissions.fill(summary.commissions);
    counselors.fill(summary.counselors);
    clear(ticker).append(...(summary.ticker.length ? summary.ticker.map(tickerItem)
      : [tx('li', 'ops.tickerEmpty', null, { class: 'muted' })]));
    clear(oldest).append(...(summary.oldestUnacknowledged.length ? summary.oldestUnacknowledged.map(oldItem)
      : [tx('li', 'ops.oldestEmpty', null, { class: 'muted' })]));
    drawThroughput(chart, hours, summary.throughput);
    clear(updated).append(tx('span', 'ops.updated'), ' ', time(summary.generatedAt));
  };
  const load = async () => {
    try {
      summary = await api('/api/ops/summary');
      clear(errors);
      draw();
    } catch (err) {
      showError(errors, err);
    }
  };
  controls.addEventListener('change', draw);
  onLanguageChange(draw);
  await load();
  // the hourly counts are kept by a projection that batches its writes, so a quiet minute still refreshes them
  const timer = setInterval(load, REFRESH_MS);
  const stop = follow('/api/inbox/stream', debounce(load, 400), { authenticated: true, onState: status.update });
  return () => {
    clearInterval(timer);
    stop();
    chart.destroy();
    view.classList.remove('wide');
  };
}

function select(name, label, values) {
  const id = 'ops-' + name;
  return h('p', { class: 'field' }, h('label', { for: id, i18n: label }),
    h('select', { id, name }, values.map((v) => h('option', { value: v, i18n: `${label}.${v}` }))));
}

function unitName(unit) {
  return unit === 0 ? t('ops.central') : t('unit.name', { n: unit });
}

function drawTiles(list, units, controls) {
  const sort = controls.elements.namedItem('sort').value;
  const show = controls.elements.namedItem('show').value;
  const shown = units.filter((u) => show === 'all' || u.worst === 'OVERDUE' || u.worst === 'AT_RISK');
  shown.sort((a, b) => (sort === 'worst' ? WORST[a.worst] - WORST[b.worst] || b.open - a.open
    : sort === 'open' ? b.open - a.open : 0) || a.unit - b.unit);
  clear(list).append(...shown.map(tile));
  if (!shown.length) {
    list.append(tx('li', 'ops.noneTroubled', null, { class: 'muted' }));
  }
}

/** A unit at a glance, coloured by its worst SLA state; it opens the inbox filtered to the unit. */
function tile(u) {
  const href = u.unit === 0 ? '#/inbox' : '#/inbox?administrativeUnit=' + u.unit;
  const figure = (key, value, cls) => h('div', { class: 'figure ' + cls }, h('dt', { i18n: key }),
    h('dd', { class: cls }, formatNumber(value)));
  return h('li', { class: 'ops-tile ' + u.worst, id: 'tile-' + u.unit, 'data-worst': u.worst },
    h('a', { href },
      h('span', { class: 'tile-head' }, h('strong', null, unitName(u.unit)),
        u.worst === 'NONE' ? tx('span', 'ops.worst.NONE', null, { class: 'badge NONE' }) : slaBadge(u.worst)),
      h('dl', null,
        figure('ops.open', u.open, 'open'),
        figure('ops.atRisk', u.atRisk, 'at-risk'),
        figure('ops.overdue', u.overdue, 'overdue'),
        figure('ops.paused', u.paused, 'paused'),
        figure('ops.receivedToday', u.receivedToday, 'received'),
        figure('ops.answeredToday', u.answeredToday, 'answered'),
        h('div', { class: 'figure median' }, h('dt', { i18n: 'ops.median' }), h('dd', { class: 'median' },
          u.medianFirstResponseHours == null ? '—'
            : t('ops.hours', { n: formatNumber(u.medianFirstResponseHours, 1) }))))));
}

/** A sortable table (each column header is a button) of open requests per commission or counselor. */
function ownerTable(kind) {
  const table = h('table', { id: 'ops-' + kind });
  const section = h('section', null, tx('h2', 'ops.' + kind), h('div', { class: 'scroll' }, table));
  let rows = [];
  let by = 'overdue';
  let descending = true;
  const draw = () => {
    const sorted = [...rows].sort((a, b) => {
      const order = by === 'name' ? String(a.name).localeCompare(String(b.name)) : a[by] - b[by];
      return (descending ? -order : order) || String(a.name).localeCompare(String(b.name));
    });
    table.replaceChildren(
      h('tr', null, COLUMNS.map((column) => h('th', {
        scope: 'col', 'aria-sort': column === by ? (descending ? 'descending' : 'ascending') : null,
      }, h('button', { type: 'button', class: 'link', i18n: column === 'name' ? 'ops.name' : 'ops.' + column,
        onclick: () => {
          descending = column === by ? !descending : column !== 'name';
          by = column;
          draw();
        } })))),
      ...(sorted.length ? sorted.map((r) => h('tr', { class: r.worst },
        h('th', { scope: 'row' }, r.name), COLUMNS.slice(1).map((c) => h('td', null, formatNumber(r[c]))))) :
        [h('tr', null, h('td', { colspan: COLUMNS.length, class: 'muted', i18n: 'ops.noOpen' }))]));
  };
  return { section, fill: (data) => { rows = data; draw(); } };
}

function tickerItem(item) {
  return h('li', { class: 'ticker-item ' + item.type, 'data-number': item.number }, time(item.at), ' ',
    eventLabel(item.type), ' · ', h('a', { href: '#/request/' + encodeURIComponent(item.number) }, item.number),
    ' · ', unitName(item.unit));
}

function oldItem(item) {
  return h('li', { 'data-number': item.number },
    h('a', { href: '#/request/' + encodeURIComponent(item.number) }, item.number), ' ', slaBadge(item.sla),
    item.priority === 'URGENT' ? tx('span', 'priority.URGENT', null, { class: 'badge urgent' }) : null,
    ' · ', unitName(item.unit), ' · ', tx('span', 'ops.submitted'), ' ', time(item.submittedAt),
    ' · ', tx('span', 'inbox.due'), ' ', time(item.dueAt));
}

/** Received and answered per hour, as bars and as a table for screen readers. */
function drawThroughput(chart, table, hours) {
  const label = (iso) => HOUR.format(new Date(iso));
  chart.data.labels = hours.map((x) => label(x.hour));
  chart.data.datasets[0].label = t('ops.received');
  chart.data.datasets[0].data = hours.map((x) => x.received);
  chart.data.datasets[1].label = t('ops.answered');
  chart.data.datasets[1].data = hours.map((x) => x.answered);
  chart.update();
  table.replaceChildren(h('tr', null, h('th', { scope: 'col' }, t('ops.hour')), h('th', { scope: 'col' },
    t('ops.received')), h('th', { scope: 'col' }, t('ops.answered'))),
  ...hours.map((x) => h('tr', null, h('th', { scope: 'row' }, label(x.hour)), h('td', null, formatNumber(x.received)),
    h('td', null, formatNumber(x.answered)))));
}
