/**
 * An in-memory SRS behind `fetch`, for the whole-day figure: one agent, Basic auth, a session opened by
 * a login (with a CSRF token when asked), refreshed by a ping, gone after its timeout (401), ended by
 * a logout. Each answer comes `answerDelayMs` later on the given clock, and an aborted request cancels
 * its answer, so that no timer of this SRS outlives the client's requests.
 *
 * Unlike `createFakeSrs` (@screen-recording/testing), it keeps no log: requests are reported to `onRequest` and
 * forgotten, so its heap stays flat over a day and heap growth is the client's own.
 */
import type { Clock, FetchFunction } from '../packages/core/src/index';

export type SrsOperation = 'login' | 'ping' | 'logout';

export interface InMemorySrsOptions {
  clock: Clock;
  username: string;
  password: string;
  /** Time from request to answer, on `clock`. */
  answerDelayMs: number;
  /** @default 60000 */
  sessionTimeoutMs?: number;
  /** Called when a request arrives, with the clock's monotonic reading. */
  onRequest?: (operation: SrsOperation, at: number) => void;
}

export function createInMemorySrs(options: InMemorySrsOptions): FetchFunction {
  const { clock, answerDelayMs, sessionTimeoutMs = 60_000, onRequest } = options;
  const monotonicNow = () => clock.monotonicNow?.() ?? clock.now();
  const expectedAuthorization = `Basic ${btoa(`${options.username}:${options.password}`)}`;
  let session: { csrfToken: string | null; lastSeenAt: number } | null = null;
  let tokens = 0;

  function answer(operation: SrsOperation, headers: Headers): Response {
    const at = monotonicNow();
    if (session && at - session.lastSeenAt > sessionTimeoutMs) session = null;
    if (headers.get('authorization') !== expectedAuthorization) return new Response(null, { status: 401 });
    if (operation === 'login') {
      const csrfToken = headers.get('x-support-csrfp') === 'true' ? `token-${++tokens}` : null;
      session = { csrfToken, lastSeenAt: at };
      return Response.json({ statusCode: 0 }, { headers: csrfToken ? { 'X-CSRF-Token': csrfToken } : {} });
    }
    if (!session) return new Response(null, { status: 401 });
    if (operation === 'ping') {
      session.lastSeenAt = at;
      return Response.json({ statusCode: 0 });
    }
    if (session.csrfToken !== null && headers.get('x-csrf-token') !== session.csrfToken) {
      return new Response(null, { status: 403 });
    }
    session = null;
    return Response.json({ statusCode: 0 });
  }

  return (input, init) => {
    const path = new URL(input).pathname;
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : null;
    const operation: SrsOperation = path === '/ping' ? 'ping' : Array.isArray(body) ? 'login' : 'logout';
    onRequest?.(operation, monotonicNow());
    const headers = new Headers(init.headers);
    return new Promise<Response>((resolve, reject) => {
      const signal = init.signal;
      const onAbort = () => {
        clock.clearTimeout(timer);
        reject(signal?.reason ?? new DOMException('aborted', 'AbortError'));
      };
      const timer = clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(answer(operation, headers));
      }, answerDelayMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };
}
