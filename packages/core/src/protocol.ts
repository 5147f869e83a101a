/**
 * The SRS wire protocol as pure functions: what to send for login, ping and logout, and what an answer
 * means. See docs/srs-protocol.md (endpoints, §2; login body, §3; CSRF, §7; status codes, §9).
 */

import { copyDevices, describeDevices } from './devices';
import {
  type ScreenRecordingError,
  SrsBusyError,
  SrsForbiddenError,
  SrsRejectedError,
  SrsServerError,
  SrsUnauthorizedError,
  SrsUnavailableError,
} from './errors';
import type { Device } from './types';

/** The agent's credentials, sent to SRS as Basic authentication on every call. Never logged, never in context. */
export interface Credentials {
  username: string;
  password: string;
}

/** What a login tells SRS besides the credentials: which RWS to use and, for hot seating, the place and its devices. */
export interface LoginConfiguration {
  server: string;
  peerServer?: string | null;
  place?: string | null;
  devices?: readonly Device[] | null;
}

/** One HTTP request to SRS, ready for the transport. Holds the Authorization header: never log or store it. */
export interface SrsRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  operation: 'login' | 'ping' | 'logout';
  /** Let the request outlive the page (`fetch` keepalive): the logout sent when the tab closes. */
  keepalive?: boolean;
}

/** The login-with-configuration body: a JSON array of name/value pairs, not an object. */
export type LoginBody = Array<
  { name: 'server' | 'peer_server' | 'place'; value: string } | { name: 'devices'; value: Device[] }
>;

/** What an SRS answer means to the session. `unavailable` is the transport's: there was no answer. */
export type SrsOutcome =
  | { kind: 'ok'; status: number; csrfToken: string | null }
  | { kind: 'unauthorized'; status: number }
  | { kind: 'forbidden'; status: number }
  | { kind: 'rejected'; status: number }
  /** A 3xx: whatever answered is not SRS (SRS never redirects). Status 0 when the browser hides it. */
  | { kind: 'redirected'; status: number }
  /** 429: SRS asks to be called again later. */
  | { kind: 'busy'; status: number; retryAfterMs: number | null }
  | { kind: 'server-error'; status: number; retryAfterMs: number | null }
  | { kind: 'unavailable'; reason: 'network' | 'timeout' };

const LOGIN_PATH = '/api/v2/me';
const PING_PATH = '/ping';
// The API guide's logout payload; SRS uses the login endpoint for it.
const LOGOUT_BODY = JSON.stringify({ operationName: 'EndContactCenterSession' });

/**
 * Builds the login body in the API guide's order (server, peer_server, place, devices), with only the entries
 * that are given: the default place sends `server` alone. Devices are copied as plain `{ dn, switch }`.
 */
export function buildLoginBody(config: LoginConfiguration): LoginBody {
  const body: LoginBody = [{ name: 'server', value: config.server }];
  // Empty values are left out rather than sent: SRS would take "" as a place or server name.
  if (config.peerServer) body.push({ name: 'peer_server', value: config.peerServer });
  if (config.place) body.push({ name: 'place', value: config.place });
  if (config.devices && config.devices.length > 0) {
    body.push({ name: 'devices', value: copyDevices(config.devices) });
  }
  return body;
}

/**
 * The `Authorization` header value: `Basic ` + base64 of the UTF-8 bytes of `user:password`.
 * Uses TextEncoder and btoa, so it runs in browsers and Node alike without Buffer.
 */
export function basicAuthorization(credentials: Credentials): string {
  const bytes = new TextEncoder().encode(`${credentials.username}:${credentials.password}`);
  // btoa takes one character per byte; building the string in a loop avoids spreading large arrays.
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/**
 * Login with configuration: `POST {srsUrl}/api/v2/me` with the JSON body of {@link buildLoginBody}.
 * With `csrf`, asks SRS for a session CSRF token (`X-Support-CSRFP: true`), which logout must then echo.
 */
export function buildLoginRequest(
  srsUrl: string,
  credentials: Credentials,
  config: LoginConfiguration,
  options: { csrf: boolean },
): SrsRequest {
  const headers: Record<string, string> = {
    Authorization: basicAuthorization(credentials),
    'Content-Type': 'application/json',
    Accept: 'application/json',
  };
  if (options.csrf) headers['X-Support-CSRFP'] = 'true';
  return {
    method: 'POST',
    url: endpoint(srsUrl, LOGIN_PATH),
    headers,
    body: JSON.stringify(buildLoginBody(config)),
    operation: 'login',
  };
}

/** The keep-alive poll: `GET {srsUrl}/ping`. Basic authentication is resent each time rather than relying on a cookie. */
export function buildPingRequest(srsUrl: string, credentials: Credentials): SrsRequest {
  return {
    method: 'GET',
    url: endpoint(srsUrl, PING_PATH),
    headers: { Authorization: basicAuthorization(credentials) },
    operation: 'ping',
  };
}

/**
 * Logout: `POST {srsUrl}/api/v2/me` with `{"operationName":"EndContactCenterSession"}` (the API guide).
 * Carries `X-CSRF-Token` when the login obtained one; SRS may reject the POST without it.
 */
export function buildLogoutRequest(
  srsUrl: string,
  credentials: Credentials,
  csrfToken: string | null,
): SrsRequest {
  const headers: Record<string, string> = {
    Authorization: basicAuthorization(credentials),
    'Content-Type': 'application/json',
  };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return {
    method: 'POST',
    url: endpoint(srsUrl, LOGIN_PATH),
    headers,
    body: LOGOUT_BODY,
    operation: 'logout',
  };
}

// RFC 9110 token characters: anything else makes Headers.get() throw.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Reads the session's CSRF token from a response: `X-CSRF-Token` (Headers are case-insensitive), or the
 * header named by `X-CSRF-HEADER` when SRS uses the GWS-style indirection. Empty or missing gives null.
 * The browser only shows these headers if SRS lists them in Access-Control-Expose-Headers.
 */
export function readCsrfToken(headers: Headers): string | null {
  const indirection = headers.get('X-CSRF-HEADER')?.trim();
  if (indirection && HEADER_NAME.test(indirection)) {
    const token = headers.get(indirection)?.trim();
    if (token) return token;
  }
  return headers.get('X-CSRF-Token')?.trim() || null;
}

/**
 * Sorts an SRS answer by what the session must do about it; 2xx carries the CSRF token, if any. A
 * redirect is reported, never followed (`type` is `opaqueredirect` when a browser hides its status).
 * `now` (the session clock's wall-clock time) is what a `Retry-After` date is read against.
 */
export function classifyResponse(
  response: { status: number; headers: Headers; type?: string },
  now: number,
): SrsOutcome {
  const { status, headers } = response;
  if (response.type === 'opaqueredirect' || (status >= 300 && status < 400))
    return { kind: 'redirected', status };
  if (status >= 200 && status < 300) return { kind: 'ok', status, csrfToken: readCsrfToken(headers) };
  if (status === 401) return { kind: 'unauthorized', status };
  if (status === 403) return { kind: 'forbidden', status };
  if (status === 429) return { kind: 'busy', status, retryAfterMs: readRetryAfter(headers, now) };
  if (status >= 400 && status < 500) return { kind: 'rejected', status };
  // 5xx, and anything SRS never sends (1xx, 0): not the caller's fault, worth a retry.
  return { kind: 'server-error', status, retryAfterMs: readRetryAfter(headers, now) };
}

/** `Retry-After` in ms: delta-seconds, or an HTTP date (read against `now`). Null when absent or unreadable. */
export function readRetryAfter(headers: Headers, now: number): number | null {
  const value = headers.get('Retry-After')?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const OPERATION_NOUN = { login: 'the login', ping: 'a poll', logout: 'the logout' } as const;

/**
 * Turns a failed outcome into the error the session reports, with a message that says what to check.
 * Messages hold the operation and the status only: never a URL, a header, a token or a password.
 */
export function outcomeToError(
  outcome: Exclude<SrsOutcome, { kind: 'ok' }>,
  operation: 'login' | 'ping' | 'logout',
  login?: { place?: string | null; devices?: readonly Device[] | null },
): ScreenRecordingError {
  const noun = OPERATION_NOUN[operation];
  switch (outcome.kind) {
    case 'unauthorized':
      return new SrsUnauthorizedError(
        operation === 'login'
          ? `SRS refused the agent's credentials (${outcome.status}). Check the user name and password.`
          : operation === 'ping'
            ? `SRS no longer knows this session (${outcome.status}): it timed out or SRS restarted.`
            : `SRS no longer knows this session (${outcome.status}) at logout: it had already ended (timed out or SRS restarted).`,
      );
    case 'forbidden':
      return new SrsForbiddenError(
        `SRS refused ${noun} (${outcome.status}): the CSRF token is missing or stale, or this page's origin is not allowed by SRS's CORS settings.`,
      );
    case 'rejected':
      return new SrsRejectedError(outcome.status, rejectedMessage(outcome.status, operation, login));
    case 'redirected':
      return new SrsRejectedError(
        outcome.status,
        `The address in srsUrl answered ${noun} with a redirect${outcome.status ? ` (${outcome.status})` : ''}, which SRS never sends: srsUrl points at another server (a proxy or a web page), not at SRS.`,
      );
    case 'busy':
      return new SrsBusyError(
        outcome.status,
        `SRS is busy and asked to be called again ${outcome.retryAfterMs === null ? 'later' : `in ${Math.ceil(outcome.retryAfterMs / 1000)} s`} (${outcome.status}); the session waits and tries again.`,
        outcome.retryAfterMs,
      );
    case 'server-error':
      return new SrsServerError(
        outcome.status,
        serverErrorMessage(outcome.status, operation),
        outcome.retryAfterMs,
      );
    case 'unavailable':
      return new SrsUnavailableError(
        outcome.reason,
        outcome.reason === 'timeout'
          ? `SRS did not answer ${noun} within the request timeout: SRS is overloaded or hanging.`
          : `SRS did not answer ${noun} at all: it is not running, the port or scheme is wrong, or the browser blocked the call (CORS).`,
      );
  }
}

function rejectedMessage(
  status: number,
  operation: 'login' | 'ping' | 'logout',
  login?: { place?: string | null; devices?: readonly Device[] | null },
): string {
  // 431: the request's headers were too large for the server: the credentials are far longer than any real ones.
  if (status === 431) {
    return `SRS refused ${OPERATION_NOUN[operation]} because its headers were too large (431): the user name or password is far longer than SRS accepts.`;
  }
  if (operation !== 'login')
    return `SRS rejected ${OPERATION_NOUN[operation]} (${status}): check that srsUrl points at SRS.`;
  const seat = login?.place
    ? ` for place ${JSON.stringify(cut(login.place))}${login.devices?.length ? ` with devices ${describeDevices(login.devices)}` : ''}`
    : '';
  return `SRS rejected the login${seat} (${status}): check the RWS server, and that the place exists and every device belongs to it.`;
}

function cut(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function serverErrorMessage(status: number, operation: 'login' | 'ping' | 'logout'): string {
  if (status < 500 || status > 599) {
    return `SRS answered ${status} to ${OPERATION_NOUN[operation]}, which it never does: check that srsUrl points at SRS and not at a proxy or another service.`;
  }
  switch (operation) {
    case 'login':
      return `SRS answered ${status} at login: it could not reach RWS (the data center may be down).`;
    case 'ping':
      return `SRS answered ${status} to a poll: SRS itself is in trouble.`;
    case 'logout':
      return `SRS answered ${status} at logout; the session ends anyway when SRS stops receiving polls.`;
  }
}

function endpoint(srsUrl: string, path: string): string {
  // resolveOptions strips trailing slashes already; doing it again keeps these functions safe on their own.
  return withoutTrailingSlashes(srsUrl) + path;
}

/** `https://127.0.0.1:8443/` → `https://127.0.0.1:8443`, so paths can be appended. */
export function withoutTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}
