// The REST client: JSON in and out, the session cookie, the CSRF header, and errors a person can read.
import { t, has, currentLanguage } from './i18n.js';
import { showText } from './ui.js';

const CSRF_COOKIE = 'XSRF-TOKEN';
const CSRF_HEADER = 'X-XSRF-TOKEN';

let signInRequired = false;
let rememberedToken = null;

/** An API failure: HTTP status (0 when the server could not be reached), error code and message. */
export class ApiError extends Error {
  constructor(status, code, message, retryAfter = null) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
    this.redirecting = false;
    this.details = null; // more to act on, e.g. both texts of a 409 edit_conflict
  }
}

/** Pages that need a signed-in user call this: a 401 then sends the browser to the sign-in page. */
export function requireSignIn(required = true) {
  signInRequired = required;
}

/** The token from GET /api/session's body, used only when the cookie cannot be read. */
export function rememberCsrfToken(token) {
  rememberedToken = token || null;
}

function readCookie(name) {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return part.slice(eq + 1).trim();
      }
    }
  }
  return null;
}

/** The CSRF token to send with a changing request (the cookie, read at each call: it changes with the session). */
export function csrfToken() {
  return readCookie(CSRF_COOKIE) || rememberedToken;
}

/** Headers every changing request carries: the CSRF token, when there is one. */
export function csrfHeaders() {
  const token = csrfToken();
  return token ? { [CSRF_HEADER]: token } : {};
}

/** Asks the server for a fresh session (and so a fresh CSRF token); used once after csrf_invalid. */
export async function refreshCsrfToken() {
  const session = await request('GET', '/api/session', undefined, { redirectOn401: false });
  rememberCsrfToken(session && session.csrfToken);
}

/** Goes to the sign-in page, coming back here afterwards. */
export function redirectToSignIn() {
  const path = window.location.pathname;
  if (path === '/' || path === '/index.html') {
    window.location.assign('/index.html');
    return;
  }
  window.location.assign(`/index.html?next=${encodeURIComponent(path + window.location.search)}`);
}

/**
 * Calls the API. body (any JSON value) is sent for non-GET methods. Resolves to the parsed JSON
 * body (null for 204); rejects with an ApiError.
 * options.redirectOn401: overrides requireSignIn() for this call.
 */
export async function request(method, path, body, options = {}) {
  const { redirectOn401 = signInRequired, retried = false } = options;
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined && method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD') Object.assign(headers, csrfHeaders());

  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', e && e.message);
  }

  if (response.ok) {
    if (response.status === 204) return null;
    const type = response.headers.get('Content-Type') || '';
    if (!type.includes('json')) return response.text();
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  let data = {};
  try {
    data = await response.json();
  } catch {
    // not JSON (a proxy page, say): keep the status
  }
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') || '', 10);
  const error = new ApiError(response.status, (data && data.error) || `http_${response.status}`,
    (data && data.message) || response.statusText, Number.isFinite(retryAfter) ? retryAfter : null);
  error.details = (data && data.details) || null;

  // The CSRF guard answers before anything is changed, so one retry with a fresh token is safe.
  if (error.code === 'csrf_invalid' && !retried) {
    try {
      await refreshCsrfToken();
    } catch {
      throw error;
    }
    return request(method, path, body, { ...options, retried: true });
  }

  if (response.status === 401 && redirectOn401 && error.code !== 'bad_credentials') {
    error.redirecting = true;
    redirectToSignIn();
  }
  throw error;
}

/**
 * POSTs a multipart form (a file upload) with XMLHttpRequest, so that the bytes sent can be followed:
 * onProgress(loaded, total) while the body goes out, onSent() once it is all sent (the server is then
 * checking it). Same rules as request(): the CSRF header, one retry after csrf_invalid, the sign-in
 * page on 401. Returns { promise, abort }; the promise resolves to the parsed JSON body and rejects
 * with an ApiError (code "aborted" after abort()).
 */
export function uploadForm(path, formData, { onProgress, onSent, redirectOn401 = signInRequired } = {}) {
  let xhr = null;
  let aborted = false;
  const send = (retried) => new Promise((resolve, reject) => {
    xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.responseType = 'text';
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (onProgress) onProgress(event.loaded, event.lengthComputable ? event.total : 0);
    });
    xhr.upload.addEventListener('load', () => { if (onSent) onSent(); });
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'aborted', 'aborted')));
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network', 'network error')));
    xhr.addEventListener('load', () => {
      let data = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // not JSON (a proxy's error page, say): keep the status
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(data);
        return;
      }
      const retryAfter = Number.parseInt(xhr.getResponseHeader('Retry-After') || '', 10);
      const error = new ApiError(xhr.status, (data && data.error) || `http_${xhr.status}`,
        (data && data.message) || xhr.statusText, Number.isFinite(retryAfter) ? retryAfter : null);
      if (error.code === 'csrf_invalid' && !retried && !aborted) {
        refreshCsrfToken().then(() => send(true)).then(resolve, () => reject(error));
        return;
      }
      if (xhr.status === 401 && redirectOn401) {
        error.redirecting = true;
        redirectToSignIn();
      }
      reject(error);
    });
    xhr.send(formData);
  });
  return {
    promise: send(false),
    abort: () => {
      aborted = true;
      if (xhr) xhr.abort();
    },
  };
}

export const get = (path, options) => request('GET', path, undefined, options);
export const post = (path, body, options) => request('POST', path, body ?? {}, options);
export const put = (path, body, options) => request('PUT', path, body ?? {}, options);
export const patch = (path, body, options) => request('PATCH', path, body ?? {}, options);
export const del = (path, options) => request('DELETE', path, undefined, options);

/**
 * The text to show for an error in the user's language. overrides maps an error code (or
 * "status:403") to an i18n key for this one place, e.g. { forbidden: 'account.wrongCurrent' }.
 */
export function errorText(error, overrides = {}) {
  if (!error) return t('error.unknown');
  const code = error.code || '';
  const override = overrides[code] || overrides[`status:${error.status}`];
  if (override) return t(override, { seconds: error.retryAfter ?? '' });
  if (code === 'too_many_attempts') {
    return error.retryAfter ? t('error.too_many_attempts', { seconds: error.retryAfter }) : t('error.too_many_attempts_soon');
  }
  if (code && has(`error.${code}`)) return t(`error.${code}`);
  // No translation for this code: the server's own message is in English.
  if (currentLanguage() === 'en' && error.message && error.status) return error.message;
  if (code.startsWith('invalid_')) return t('error.invalid');
  if (error.status === 409) return t('error.conflict');
  if (error.status >= 500) return t('error.internal_error');
  if (error.status === 403) return t('error.forbidden');
  if (error.status === 404) return t('error.not_found');
  return (error.status && error.message) || t('error.unknown');
}

/** Shows an error in el (a role="alert" element) in the user's language; it follows a language switch. */
export function showError(el, error, overrides = {}) {
  if (!el || (error && error.redirecting)) return;
  if (!(error instanceof ApiError)) console.error(error);
  showText(el, () => errorText(error, overrides));
  el.dataset.code = (error && error.code) || 'unknown';
}

export { clearMessage as clearError } from './ui.js';
