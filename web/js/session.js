// Who is logged in. Asked of the server once at start (GET /api/v1/auth/me,
// which also hands out the CSRF token), updated by log-in and log-out.
import { api, get, post, setCsrf, ApiError } from './api.js';

let user = null;
const listeners = new Set();

export function currentUser() { return user; }
export function onSessionChange(fn) { listeners.add(fn); }

function set(u, csrf) {
  user = u || null;
  setCsrf(user ? csrf : null);
  for (const fn of listeners) fn(user);
}

/** Learns the session from the server; an error or 401 means nobody. */
export async function loadSession() {
  try {
    const r = await get('/api/v1/auth/me');
    set(r && r.user, r && r.csrf_token);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    set(null);
  }
  return user;
}

/** Logs in; rejects with ApiError (401 wrong credentials, 429 throttled). */
export async function login(username, password) {
  const r = await post('/api/v1/auth/login', { username, password });
  set(r.user, r.csrf_token);
  // /auth/me adds what the log-in reply leaves out (a citizen's identity
  // and whether it is verified).
  try {
    const me = await get('/api/v1/auth/me');
    if (me && me.user) set(me.user, me.csrf_token);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
  }
  return user;
}

export async function logout() {
  try {
    await api('POST', '/api/v1/auth/logout');
  } finally {
    set(null);
  }
}

/** Roles that make a user an officer (everything except citizen). */
export function isOfficer(u = user) {
  return Boolean(u && Array.isArray(u.roles) && u.roles.some((r) => r !== 'citizen'));
}
