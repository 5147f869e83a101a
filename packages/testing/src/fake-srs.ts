import type { Clock, FetchFunction } from '@screen-recording/core';

/** A scripted answer: a status (after a delay), a network failure, or no answer at all until the request is abandoned. */
export type FakeAnswer =
  | { status: number; delayMs?: number; retryAfterSeconds?: number }
  | 'network'
  | 'hang';
/** The three calls a desktop makes to SRS. */
export type SrsOperation = 'login' | 'ping' | 'logout';

export interface FakeCall {
  operation: SrsOperation | 'other';
  /** When the request arrived, on the clock's monotonic reading (its wall clock if it has none). */
  at: number;
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: unknown;
}

export interface FakeSrsOptions {
  /** Drives the session timeout and scripted delays. Default: the platform's timers. */
  clock?: Clock;
  /** SRS drops a session that has not polled for this long. Default 60 000. */
  sessionTimeoutMs?: number;
  /**
   * Hold every request until the test answers it with `respond()`, as a model-based test needs. Held
   * requests get exactly the answer given, whatever SRS's rules would say.
   */
  held?: boolean;
}

const platformClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface HeldRequest {
  operation: SrsOperation;
  answer(answer: FakeAnswer): void;
}

/**
 * An in-memory SRS behind `fetch`, for unit tests: pass `srs.fetch` (and a `ManualClock`) to the session,
 * and each login, poll and logout is answered here, in the same process, with no server and no port. It
 * keeps SRS's session rules (the timeout, the CSRF token a logout must carry, 401 once the session is
 * gone); `script()` makes the next answers of one operation fail, be slow or never come, `goDown()` stops
 * it, and `calls` is every request it received. For the HTTP, CORS and browser side, run the simulator
 * (`@screen-recording/simulator`) instead.
 */
export function createFakeSrs(options: FakeSrsOptions = {}) {
  const clock = options.clock ?? platformClock;
  // SRS times sessions out on its own steady clock, whatever is done to the desktop's wall clock.
  const steadyNow = () => clock.monotonicNow?.() ?? clock.now();
  const sessionTimeoutMs = options.sessionTimeoutMs ?? 60_000;
  const calls: FakeCall[] = [];
  const scripted: Record<SrsOperation, FakeAnswer[]> = { login: [], ping: [], logout: [] };
  const held: HeldRequest[] = [];
  let session: { token: string | null; lastSeenAt: number } | null = null;
  let down = false;
  let tokenCounter = 0;
  let inFlight: Record<SrsOperation, number> = { login: 0, ping: 0, logout: 0 };
  let maxPingsInFlight = 0;
  let maxInFlight = 0;

  const newToken = () => `token-${++tokenCounter}`;

  /** What SRS answers when nothing is scripted. */
  function srsAnswer(operation: SrsOperation, headers: Record<string, string>): Response {
    const now = steadyNow();
    if (session && now - session.lastSeenAt > sessionTimeoutMs) session = null;
    if (operation === 'login') {
      const token = headers['x-support-csrfp'] === 'true' ? newToken() : null;
      session = { token, lastSeenAt: now };
      return new Response('{"statusCode":0}', {
        status: 200,
        headers: token ? { 'X-CSRF-Token': token } : {},
      });
    }
    if (!session) return new Response(null, { status: 401 });
    if (operation === 'ping') {
      session.lastSeenAt = now;
      return new Response('{"statusCode":0}', { status: 200 });
    }
    if (session.token && headers['x-csrf-token'] !== session.token)
      return new Response(null, { status: 403 });
    session = null;
    return new Response(null, { status: 200 });
  }

  /** A held request's answer: exactly what the test said (a login's 200 carries a fresh CSRF token). */
  function literalAnswer(operation: SrsOperation, status: number): Response {
    const headers = operation === 'login' && status === 200 ? { 'X-CSRF-Token': newToken() } : undefined;
    return new Response(null, { status, headers });
  }

  const fetch: FetchFunction = (input, init) => {
    const url = new URL(input);
    const method = init.method ?? 'GET';
    const headers = Object.fromEntries(
      [...new Headers(init.headers).entries()].map(([name, value]) => [name.toLowerCase(), value]),
    );
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : null;
    const operation = operationOf(method, url.pathname, body);
    calls.push({ operation, at: steadyNow(), method, path: url.pathname, headers, body });
    if (operation === 'other') return Promise.resolve(new Response('not found', { status: 404 }));

    inFlight[operation]++;
    maxPingsInFlight = Math.max(maxPingsInFlight, inFlight.ping);
    maxInFlight = Math.max(maxInFlight, inFlight.login + inFlight.ping + inFlight.logout);
    return new Promise<Response>((resolve, reject) => {
      let finished = false;
      const finish = () => {
        if (finished) return false;
        finished = true;
        inFlight[operation]--;
        return true;
      };
      const signal = init.signal;
      const deliver = (answer: FakeAnswer | Response | undefined) => {
        if (signal?.aborted || !finish()) return;
        if (answer instanceof Response) resolve(answer);
        else if (answer === 'network') reject(new TypeError('fetch failed'));
        else if (options.held && answer && answer !== 'hang')
          resolve(literalAnswer(operation, answer.status));
        else if (answer && answer !== 'hang' && answer.status !== 200) resolve(scriptedAnswer(answer));
        else resolve(srsAnswer(operation, headers));
      };
      // A delayed answer's timer, cleared on abort: an abandoned request leaves no timer on the clock.
      let answerTimer: unknown;
      signal?.addEventListener('abort', () => {
        const index = held.findIndex((request) => request.answer === deliver);
        if (index >= 0) held.splice(index, 1);
        if (answerTimer !== undefined) clock.clearTimeout(answerTimer);
        if (finish()) reject(signal.reason ?? new DOMException('aborted', 'AbortError'));
      });

      if (options.held) {
        held.push({ operation, answer: deliver });
        return;
      }
      // Not running: every call fails as a refused connection does, and the session is gone.
      if (down) {
        queueMicrotask(() => deliver('network'));
        return;
      }
      const answer = scripted[operation].shift();
      if (answer === 'hang') return;
      const delayMs = typeof answer === 'object' ? (answer.delayMs ?? 0) : 0;
      // SRS acts on a request when it arrives: a slow 200 has opened, refreshed or ended the session
      // by then, even if the client gave up waiting for the answer.
      const acted =
        typeof answer === 'object' && answer.status === 200 ? srsAnswer(operation, headers) : answer;
      if (delayMs > 0) answerTimer = clock.setTimeout(() => deliver(acted), delayMs);
      else queueMicrotask(() => deliver(acted));
    });
  };

  return {
    fetch,
    calls,
    /** Queues answers for the next requests of one operation; later requests get SRS's normal answer. */
    script(operation: SrsOperation, ...answers: FakeAnswer[]) {
      scripted[operation].push(...answers);
    },
    /** With `held`: answers the oldest held request of this operation. */
    respond(operation: SrsOperation, answer: FakeAnswer) {
      const index = held.findIndex((request) => request.operation === operation);
      if (index < 0) throw new Error(`expected a ${operation} in flight, but none is`);
      const [request] = held.splice(index, 1);
      request?.answer(answer);
    },
    /** SRS forgets the session, as after a restart or its timeout. */
    dropSession() {
      session = null;
    },
    /** SRS stops (every request fails at the network level) and loses its session; `comeBack()` starts it again. */
    goDown() {
      down = true;
      session = null;
    },
    comeBack() {
      down = false;
    },
    get hasSession() {
      return session !== null && steadyNow() - session.lastSeenAt <= sessionTimeoutMs;
    },
    get maxPingsInFlight() {
      return maxPingsInFlight;
    },
    /** The most requests of any kind SRS had in flight at once. */
    get maxInFlight() {
      return maxInFlight;
    },
    /** Requests sent and not yet answered nor abandoned, per operation. */
    get inFlight(): Readonly<Record<SrsOperation, number>> {
      return inFlight;
    },
    resetCounters() {
      inFlight = { login: 0, ping: 0, logout: 0 };
      maxPingsInFlight = 0;
      maxInFlight = 0;
    },
    count(operation: FakeCall['operation']) {
      return calls.filter((call) => call.operation === operation).length;
    },
  };
}

export type FakeSrs = ReturnType<typeof createFakeSrs>;

function scriptedAnswer(answer: { status: number; retryAfterSeconds?: number }): Response {
  const headers: Record<string, string> = {};
  if (answer.retryAfterSeconds !== undefined) headers['Retry-After'] = String(answer.retryAfterSeconds);
  // A redirect as Node's fetch shows it with `redirect: 'manual'`.
  if (answer.status >= 300 && answer.status < 400) headers.Location = 'https://elsewhere.example.com/';
  return new Response(null, { status: answer.status, headers });
}

function operationOf(method: string, path: string, body: unknown): FakeCall['operation'] {
  if (path === '/ping' && method === 'GET') return 'ping';
  if (path !== '/api/v2/me' || method !== 'POST') return 'other';
  return Array.isArray(body) ? 'login' : 'logout';
}
