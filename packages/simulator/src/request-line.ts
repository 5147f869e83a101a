import { isControlPath } from './control-routes';
import type { RequestLogEntry, RequestRefusal } from './types';

/** What a line needs besides its entry: the lists a refusal names, so that the reader sees the fix. */
export interface LineContext {
  allowedOrigins: readonly string[];
  allowedHosts: readonly string[];
}

/** Origins a refused-origin line lists before "and N more" (the demo allows twenty). */
const LISTED_ORIGINS = 4;
/** Characters shown of a path, origin, user name or detail, so that lines stay scannable. */
const SHOWN_TEXT = 120;
/**
 * C0 and C1 controls, line and paragraph separators and bidirectional overrides: a user name or header
 * is the client's text, and must not move the cursor, recolour the terminal or reorder the line.
 */
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The one line the `log` option gets for a request, built from its request log entry alone (which holds no
 * secret), e.g. `12:00:01.250 GET /ping as alice from http://localhost:5173 → 200`. Null for what is not
 * worth a line: a successful read of the control endpoint, which a panel polls every second.
 */
export function formatRequestLine(entry: RequestLogEntry, context: LineContext): string | null {
  const control = isControlPath(entry.path);
  const succeeded = entry.status !== null && entry.status < 300 && entry.refusal === undefined;
  if (control && succeeded && (entry.method === 'GET' || entry.method === 'OPTIONS')) return null;

  const parts = [clock(entry.at)];
  if (control) parts.push('control');
  parts.push(entry.method, show(entry.path));
  const operation = srsOperation(entry);
  if (operation !== null) parts.push(`(${operation})`);
  if (entry.username !== null) parts.push('as', show(entry.username));
  if (entry.origin !== null) parts.push('from', show(entry.origin));
  parts.push('→', outcome(entry, context));
  return parts.join(' ');
}

function outcome(entry: RequestLogEntry, context: LineContext): string {
  let text = entry.status === null ? 'no answer' : String(entry.status);
  const { refusal } = entry;
  if (refusal !== undefined) {
    const why = describeRefusal(refusal, context);
    if (refusal.reason === 'simulator-error') text += ` ${why}`;
    else if (entry.status !== null && entry.status < 300) text += `, but the browser will refuse: ${why}`;
    else text += ` refused: ${why}`;
  }
  if (entry.fault !== null) text += ` (injected fault: ${entry.fault})`;
  return text;
}

function describeRefusal({ reason, detail }: RequestRefusal, context: LineContext): string {
  const shown = detail === undefined ? '' : show(detail);
  switch (reason) {
    case 'host-not-allowed':
      return `host '${shown}' not allowed (allowed: ${['loopback names', 'the listening address', ...context.allowedHosts].join(', ')})`;
    case 'origin-not-allowed':
      return `origin not allowed (allowed: ${originList(context.allowedOrigins)})`;
    case 'body-too-large':
      return `body too large (${shown})`;
    case 'no-such-endpoint':
      return 'no such endpoint';
    case 'method-not-allowed':
      return `method not allowed (${shown})`;
    case 'header-not-allowed':
      return `header not allowed (${shown})`;
    case 'bad-request':
      return `bad request: ${shown}`;
    case 'no-credentials':
    case 'bad-credentials':
      return shown; // 'no Authorization header', 'wrong password', 'unknown agent'…
    case 'no-session':
      return `no live session: ${shown}`;
    case 'csrf-token-missing':
      return 'logout without X-CSRF-Token (the session was opened with CSRF)';
    case 'csrf-token-wrong':
      return "X-CSRF-Token is not this session's (an earlier login's?)";
    case 'data-center-lost':
      return `data center lost: cannot reach RWS at ${shown}`;
    case 'simulator-error':
      return `simulator error: ${shown}`;
  }
}

function originList(origins: readonly string[]): string {
  if (origins.length === 0) return 'none';
  const listed = origins.slice(0, LISTED_ORIGINS).map(show).join(', ');
  const more = origins.length - LISTED_ORIGINS;
  return more > 0 ? `${listed} and ${more} more` : listed;
}

/** Login or logout, for the one path that does both; null elsewhere or when the body was not read. */
function srsOperation(entry: RequestLogEntry): 'login' | 'logout' | null {
  if (entry.path !== '/api/v2/me') return null;
  if (entry.method === 'GET') return 'login';
  if (entry.method !== 'POST') return null;
  if (Array.isArray(entry.body)) return 'login';
  const body = entry.body as { operationName?: unknown } | null;
  return body?.operationName === 'EndContactCenterSession' ? 'logout' : null;
}

/** Local time of day with milliseconds, as the browser's developer tools show it. */
function clock(at: number): string {
  const date = new Date(at);
  const two = (value: number) => String(value).padStart(2, '0');
  const millis = String(date.getMilliseconds()).padStart(3, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${millis}`;
}

function show(text: string): string {
  const printable = text.replace(UNPRINTABLE, '?');
  return printable.length > SHOWN_TEXT ? `${printable.slice(0, SHOWN_TEXT)}…` : printable;
}
