/**
 * The SRS wire protocol as pure functions: what to send for login, ping and logout, and what an answer
 * means. See docs/srs-protocol.md (endpoints, §2; login body, §3; CSRF, §7; status codes, §9).
 */

import { copyDevices } from './devices';
import {
  type ScreenRecordingError,
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
  | { kind: 'server-error'; status: number }
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

/** Sorts an SRS answer by what the session must do about it; 2xx carries the CSRF token, if any. */
export function classifyResponse(response: { status: number; headers: Headers }): SrsOutcome {
  const { status } = response;
  if (status >= 200 && status < 300)
    return { kind: 'ok', status, csrfToken: readCsrfToken(response.headers) };
  if (status === 401) return { kind: 'unauthorized', status };
  if (status === 403) return { kind: 'forbidden', status };
  if (status >= 400 && status < 500) return { kind: 'rejected', status };
  // 5xx, and anything SRS never sends (3xx, 1xx, 0): not the caller's fault, worth a retry.
  return { kind: 'server-error', status };
}

const OPERATION_NOUN = { login: 'the login', ping: 'a poll', logout: 'the logout' } as const;

/**
 * Turns a failed outcome into the error the session reports, with a message that says what to check.
 * Messages hold the operation and the status only: never a URL, a header, a token or a password.
 */
export function outcomeToError(
  outcome: Exclude<SrsOutcome, { kind: 'ok' }>,
  operation: 'login' | 'ping' | 'logout',
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
      return new SrsRejectedError(
        outcome.status,
        operation === 'login'
          ? `SRS rejected the login (${outcome.status}): check server, place and devices (every device must belong to the place), and that srsUrl points at SRS.`
          : `SRS rejected ${noun} (${outcome.status}): check that srsUrl points at SRS.`,
      );
    case 'server-error':
      return new SrsServerError(outcome.status, serverErrorMessage(outcome.status, operation));
    case 'unavailable':
      return new SrsUnavailableError(
        outcome.reason,
        outcome.reason === 'timeout'
          ? `SRS did not answer ${noun} within the request timeout.`
          : `SRS did not answer ${noun} at all: it is not running, the port or scheme is wrong, or the browser blocked the call (CORS).`,
      );
  }
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
