// Albanian is the default; every visible string comes from web/i18n/<lang>.json through t().
const dictionaries = {};
const LANGUAGES = ['sq', 'en'];
let current = LANGUAGES.includes(localStorage.getItem('lang')) ? localStorage.getItem('lang') : 'sq';
let listeners = [];

export async function loadLanguages() {
  await Promise.all(LANGUAGES.map(async (lang) => {
    const res = await fetch(`/i18n/${lang}.json`);
    dictionaries[lang] = await res.json();
  }));
  document.documentElement.lang = current;
}

export function language() {
  return current;
}

/**
 * The text of key in the current language. A key with plural forms (key.one, key.other...) takes the form that
 * Intl.PluralRules picks for params.count. A parameter may itself be a list of {key, count} (the parts of a
 * duration, say): each part is translated and the list joined as the language joins lists ("2 days and 3 hours").
 */
export function t(key, params) {
  const dictionary = dictionaries[current] || {};
  let text = dictionary[key];
  if (text === undefined && params && typeof params.count === 'number' && dictionary[key + '.other'] !== undefined) {
    text = dictionary[key + '.' + pluralForm(params.count)] ?? dictionary[key + '.other'];
  }
  if (text === undefined) {
    // a missing key shows itself, so the gap is visible and the i18n test catches it
    return key;
  }
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (match, name) => {
      const v = params[name];
      if (Array.isArray(v)) return joinList(v.map((part) => t(part.key, { count: part.count })));
      return typeof v === 'number' ? formatNumber(v) : (v ?? match);
    });
  }
  return text;
}

function pluralForm(count) {
  // without Albanian locale data the browser answers with English rules, which agree with Albanian's (1 is "one")
  return new Intl.PluralRules(locale()).select(count);
}

/** "a, b and c": browsers without Albanian locale data would join Albanian parts with an English "and". */
function joinList(parts) {
  return parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} ${t('common.and')} ${parts[parts.length - 1]}`;
}

export function has(key) {
  return dictionaries[current]?.[key] !== undefined || dictionaries[current]?.[key + '.other'] !== undefined;
}

/** The non-zero parts of a duration in minutes, largest first, for a {key, count} list parameter. */
export function durationParts(totalMinutes) {
  const parts = [['duration.days', Math.floor(totalMinutes / 1440)], ['duration.hours', Math.floor((totalMinutes % 1440) / 60)],
    ['duration.minutes', totalMinutes % 60]].filter(([, count]) => count > 0).map(([key, count]) => ({ key, count }));
  return parts.length ? parts : [{ key: 'duration.lessThanMinute', count: 1 }];
}

/** Switches language in place: form input, scroll position and live connections survive. */
export function setLanguage(lang) {
  current = lang;
  localStorage.setItem('lang', lang);
  document.documentElement.lang = lang;
  relabel(document);
}

export function relabel(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n, el.dataset.i18nParams ? JSON.parse(el.dataset.i18nParams) : undefined);
  });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  });
  root.querySelectorAll('[data-i18n-label]').forEach((el) => {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  });
  root.querySelectorAll('time[data-format]').forEach((el) => {
    el.textContent = formatDate(el.dateTime, el.dataset.format);
  });
  retitle();
  listeners.forEach((listener) => listener());
}

/** The tab's title names the page (its heading) before the app, so tabs and history can be told apart. */
export function retitle() {
  const heading = document.querySelector('main h1');
  const page = heading ? heading.textContent.trim() : '';
  document.title = page ? `${page} · ${t('app.title')}` : t('app.title');
}

/** Views with drawn content (charts) redraw their labels; cleared on every route change. */
export function onLanguageChange(listener) {
  listeners.push(listener);
}

export function clearLanguageListeners() {
  listeners = [];
}

function locale() {
  return current === 'sq' ? 'sq-AL' : 'en-GB';
}

const ALBANIAN_MONTHS = ['janar', 'shkurt', 'mars', 'prill', 'maj', 'qershor', 'korrik', 'gusht', 'shtator', 'tetor',
  'nëntor', 'dhjetor'];

/**
 * Every date is shown in Tirana's time, whatever the device's zone. Browsers without Albanian locale data would
 * fall back to English month names, so Albanian dates are assembled from the numeric parts.
 */
export function formatDate(iso, format = 'datetime') {
  const date = new Date(iso);
  if (current === 'sq') {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Tirane', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(date).map((part) => [part.type, part.value]));
    const day = `${Number(p.day)} ${ALBANIAN_MONTHS[Number(p.month) - 1]} ${p.year}`;
    if (format === 'date') return day;
    return format === 'seconds' ? `${day}, ${p.hour}:${p.minute}:${p.second}` : `${day}, ${p.hour}:${p.minute}`;
  }
  const options = format === 'date'
    ? { timeZone: 'Europe/Tirane', dateStyle: 'long' }
    : { timeZone: 'Europe/Tirane', dateStyle: 'medium', timeStyle: format === 'seconds' ? 'medium' : 'short' };
  return new Intl.DateTimeFormat(locale(), options).format(date);
}

export function formatNumber(value, digits = 0) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

function tiraneOffsetMinutes(date) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Tirane', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric',
  }).formatToParts(date).map((p) => [p.type, Number(p.value)]));
  return Math.round((Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) - date.getTime()) / 60000);
}

/** A date-time typed as Tirana wall-clock time ("2026-12-01T10:00"), as an ISO instant, wherever the device is. */
export function tiraneToIso(local) {
  const [day, clock] = local.split('T');
  const [y, mo, d] = day.split('-').map(Number);
  const [hh, mi] = clock.split(':').map(Number);
  const naive = Date.UTC(y, mo - 1, d, hh, mi);
  return new Date(naive - tiraneOffsetMinutes(new Date(naive)) * 60000).toISOString();
}
