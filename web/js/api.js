// The one way the pages talk to the app: JSON in, JSON out, refusals as ApiError with the server's code.
const SESSION_KEY = 'councilline.session';

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.error ? body.error : 'HTTP_' + status;
    this.details = body && body.details;
  }
}

export function session() {
  const stored = sessionStorage.getItem(SESSION_KEY);
  return stored ? JSON.parse(stored) : null;
}

function claims(token) {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent(atob(payload).split('').map((c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
  return JSON.parse(json);
}

function store(tokens) {
  const c = claims(tokens.token);
  const value = {
    token: tokens.token, refreshToken: tokens.refreshToken, username: c.sub, role: c.role,
    counselorId: c.counselorId || null,
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
  return value;
}

export async function login(username, password) {
  return store(await api('/api/auth/login', { method: 'POST', body: { username, password }, anonymous: true }));
}

export async function logout() {
  const current = session();
  sessionStorage.removeItem(SESSION_KEY);
  if (current) {
    await fetch('/api/auth/logout', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + current.token },
    }).catch(() => null); // the local session is gone either way; the token expires on its own
  }
}

let refreshing = null;

/** Trades the refresh token once for all callers that hit an expired access token at the same time. */
export async function refresh() {
  const current = session();
  if (!current) {
    return null;
  }
  if (!refreshing) {
    refreshing = fetch('/api/auth/refresh', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken: current.refreshToken }),
    }).then(async (res) => {
      if (!res.ok) {
        sessionStorage.removeItem(SESSION_KEY);
        return null;
      }
      return store(await res.json());
    }).finally(() => { refreshing = null; });
  }
  return refreshing;
}

/**
 * A key for one submission: sent again with a retry of the same submission, it makes the server answer with the
 * request the first attempt made, if it made one, instead of making a second.
 */
export function newIdempotencyKey() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  // randomUUID exists only on https and localhost; getRandomValues everywhere
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * contentType sends body as it is (an uploaded file's text, say) instead of as JSON. timeout (ms) gives up waiting
 * with an ApiError TIMEOUT: the request may still have been done, which an idempotencyKey makes safe to retry.
 */
export async function api(path, { method = 'GET', body, accessCode, anonymous = false, retry = true, contentType,
  idempotencyKey, timeout } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = contentType || 'application/json';
  }
  const current = anonymous ? null : session();
  if (current) {
    headers.Authorization = 'Bearer ' + current.token;
  }
  if (accessCode) {
    headers['X-Access-Code'] = accessCode;
  }
  if (idempotencyKey) {
    headers['Idempotency-Key'] = idempotencyKey;
  }
  const payload = body === undefined || contentType ? body : JSON.stringify(body);
  const res = await send(path, { method, headers, body: payload }, timeout);
  if (res.status === 401 && current && retry && await refresh()) {
    return api(path, { method, body, accessCode, anonymous, retry: false, contentType, idempotencyKey, timeout });
  }
  if (res.status === 204) {
    return null;
  }
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    throw new ApiError(res.status, typeof data === 'object' ? data : null);
  }
  return data;
}

async function send(path, init, timeout) {
  if (!timeout) {
    return fetch(path, init);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    return await fetch(path, { ...init, signal: controller.signal });
  } catch (err) {
    if (err.name === 'AbortError') {
      throw new ApiError(0, { error: 'TIMEOUT', message: 'No answer in time' });
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Where the server points at a field ("#/citizen/email", "/subject"), the form's field name ("citizen.email"). */
export function fieldOf(detail) {
  if (!detail || typeof detail.field !== 'string') {
    return null;
  }
  return detail.field.replace(/^#?\//, '').replace(/\//g, '.') || null;
}
