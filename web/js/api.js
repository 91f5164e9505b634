// JSON client for /api/v1 on the same origin. Sends the CSRF token on every
// mutating request once the session has one, and turns error replies
// ({"error":{"code","message","field"}}) into ApiError.
import { getLang } from './i18n.js';

let csrfToken = null;

export function setCsrf(token) { csrfToken = token || null; }

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;          // 0 when the network failed
    this.code = e.code || null;
    this.field = e.field || null;
    this.serverMessage = e.message || null;
    // Why, in English words of the code that refused ("not all zeros"); an
    // English message already ends with it, a Vietnamese one does not.
    this.detail = e.detail || null;
    // A procedure draft's problems, each {field, en, vi} (CATALOGUE_INVALID).
    this.details = Array.isArray(e.details) ? e.details : null;
  }
}

/**
 * api('GET', '/api/v1/procedures', undefined, {query: {q: 'x'}, signal, idempotencyKey})
 * Resolves with the parsed JSON (null for 204); rejects with ApiError, or
 * with the AbortError when signal aborts.
 */
export async function api(method, path, body, opts = {}) {
  let url = path;
  if (opts.query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) {
      if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
    }
    const s = qs.toString();
    if (s) url += `?${s}`;
  }
  const headers = { Accept: 'application/json', 'Accept-Language': getLang() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  let res;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(0, null);
  }
  noteServerTime(res);
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    // Seconds to wait, on 429 and 503 (null when the server does not say).
    err.retryAfter = Number(res.headers.get('Retry-After')) || null;
    throw err;
  }
  return data;
}

// The server's clock less the browser's (ms), from the X-Server-Time of the
// last API reply: "overdue" is judged by the server's time (issue 15).
let clockSkew = 0;
function noteServerTime(res) {
  const v = Number(res.headers.get('X-Server-Time'));
  if (Number.isFinite(v) && v > 0) clockSkew = v - Date.now();
}

/** Now by the server's clock (ms since the epoch), as of the last API reply. */
export function serverNow() {
  return Date.now() + clockSkew;
}

/**
 * Keys for the Idempotency-Key header of a form that creates something:
 * keyFor(body) gives the same key for the same body until keyFor.done()
 * (call it once the reply came), so pressing again after a lost answer
 * (network error, 5xx) gets the first reply instead of a second dossier; a
 * changed body gets a new key.
 */
export function idempotencyKeys() {
  let last = null;
  const keyFor = (body) => {
    const json = JSON.stringify(body);
    if (!last || last.json !== json) {
      const b = new Uint8Array(16);
      crypto.getRandomValues(b);
      last = { json, key: Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('') };
    }
    return last.key;
  };
  keyFor.done = () => { last = null; };
  return keyFor;
}

export const get = (path, query, opts = {}) => api('GET', path, undefined, { ...opts, query });
export const post = (path, body, opts) => api('POST', path, body ?? {}, opts);

/**
 * Sends a File (or Blob) as the raw body of a POST (documents, issue 5):
 * its type is the declared Content-Type, checked by the server against the
 * content. Resolves with the parsed JSON; rejects with ApiError.
 */
export async function upload(path, file, query) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const url = qs.toString() ? `${path}?${qs}` : path;
  const headers = { Accept: 'application/json', 'Accept-Language': getLang(),
    'Content-Type': file.type || 'application/octet-stream' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(url, { method: 'POST', headers, body: file, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, null);
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    // Seconds to wait, on 429 and 503 (null when the server does not say).
    err.retryAfter = Number(res.headers.get('Retry-After')) || null;
    throw err;
  }
  return data;
}
