import type { ManualClock } from './manual-clock';

/** A scripted answer: a status, a network failure, or no answer at all until the request times out. */
export type FakeAnswer = { status: number; delayMs?: number } | 'network' | 'hang';
export type Operation = 'login' | 'ping' | 'logout';

export interface FakeCall {
  operation: Operation;
  at: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * An in-memory stand-in for SRS behind `fetch`, driven by the manual clock, for the timing tests that
 * the real simulator cannot run in fake time. It keeps SRS's session rules (timeout, CSRF, 401 after
 * expiry) and lets a test script the next answers per operation.
 */
export function createFakeSrs(clock: ManualClock, options: { sessionTimeoutMs?: number } = {}) {
  const sessionTimeoutMs = options.sessionTimeoutMs ?? 60_000;
  const calls: FakeCall[] = [];
  const scripted: Record<Operation, FakeAnswer[]> = { login: [], ping: [], logout: [] };
  let session: { token: string | null; lastSeenAt: number } | null = null;
  let tokenCounter = 0;
  let inFlight: Record<Operation, number> = { login: 0, ping: 0, logout: 0 };
  let maxPingsInFlight = 0;

  function answer(operation: Operation, headers: Record<string, string>, body: unknown): Response {
    const now = clock.now();
    if (session && now - session.lastSeenAt > sessionTimeoutMs) session = null;
    if (operation === 'login') {
      const token = headers['x-support-csrfp'] === 'true' ? `token-${++tokenCounter}` : null;
      session = { token, lastSeenAt: now };
      return new Response('{"statusCode":0}', {
        status: 200,
        headers: token ? { 'X-CSRF-Token': token } : {},
      });
    }
    if (operation === 'ping') {
      if (!session) return new Response(null, { status: 401 });
      session.lastSeenAt = now;
      return new Response('{"statusCode":0}', { status: 200 });
    }
    if (!session) return new Response(null, { status: 401 });
    if (session.token && headers['x-csrf-token'] !== session.token)
      return new Response(null, { status: 403 });
    session = null;
    void body;
    return new Response(null, { status: 200 });
  }

  const fetch = (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const headers = Object.fromEntries(
      Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : null;
    const operation: Operation = url.pathname === '/ping' ? 'ping' : Array.isArray(body) ? 'login' : 'logout';
    calls.push({ operation, at: clock.now(), headers, body });
    inFlight[operation]++;
    maxPingsInFlight = Math.max(maxPingsInFlight, inFlight.ping);
    const scriptedAnswer = scripted[operation].shift();
    return new Promise<Response>((resolve, reject) => {
      const done = () => {
        inFlight[operation]--;
      };
      const signal = init.signal;
      signal?.addEventListener('abort', () => {
        done();
        reject(signal.reason ?? new DOMException('aborted', 'AbortError'));
      });
      const deliver = () => {
        if (signal?.aborted) return;
        done();
        if (scriptedAnswer === 'network') reject(new TypeError('fetch failed'));
        else if (scriptedAnswer && scriptedAnswer !== 'hang' && scriptedAnswer.status !== 200)
          resolve(new Response(null, { status: scriptedAnswer.status }));
        else resolve(answer(operation, headers, body));
      };
      if (scriptedAnswer === 'hang') return;
      const delayMs = typeof scriptedAnswer === 'object' ? (scriptedAnswer.delayMs ?? 0) : 0;
      if (delayMs > 0) clock.setTimeout(deliver, delayMs);
      else queueMicrotask(deliver);
    });
  };

  return {
    fetch,
    calls,
    /** Queue answers for the next requests of one operation; later requests get SRS's normal answer. */
    script(operation: Operation, ...answers: FakeAnswer[]) {
      scripted[operation].push(...answers);
    },
    /** SRS forgets the session, as after a restart or its timeout. */
    dropSession() {
      session = null;
    },
    get hasSession() {
      return session !== null && clock.now() - session.lastSeenAt <= sessionTimeoutMs;
    },
    get maxPingsInFlight() {
      return maxPingsInFlight;
    },
    get inFlight() {
      return inFlight;
    },
    resetCounters() {
      inFlight = { login: 0, ping: 0, logout: 0 };
      maxPingsInFlight = 0;
    },
    count(operation: Operation) {
      return calls.filter((call) => call.operation === operation).length;
    },
  };
}

export type FakeSrs = ReturnType<typeof createFakeSrs>;
