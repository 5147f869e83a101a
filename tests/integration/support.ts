import {
  createScreenRecordingSession,
  type FetchFunction,
  type ScreenRecordingOptions,
  type ScreenRecordingSession,
  type SessionView,
} from '@screen-recording/core';
import {
  type RequestLogEntry,
  type SimulatorOptions,
  type SrsSimulator,
  startSimulator,
} from '@screen-recording/simulator';

/**
 * Small real timings that satisfy the session's budget rule:
 * pingInterval (300) + 2 × requestTimeout (200) + retryDelay (50) = 750 ≤ sessionTimeout (2 000).
 */
export const TIMING = {
  pingIntervalMs: 300,
  sessionTimeoutMs: 2_000,
  requestTimeoutMs: 200,
  retryDelayMs: 50,
} as const;

export const PRIMARY = 'https://rws.dc1.example.com:443';
export const RECOVERY = 'https://rws.dc2.example.com:443';

/** One of the simulator's default agents (test-only credentials). */
export const ALICE = { username: 'alice', password: 'alice-password' } as const;
export const ALICE_DEVICES = [
  { dn: 'DN1', switch: 'SwitchA' },
  { dn: 'DN2', switch: 'SwitchB' },
] as const;

export const LOGOUT_BODY = { operationName: 'EndContactCenterSession' };

/**
 * Polls `probe` every few milliseconds until it returns something truthy, and returns that. Fails with
 * `description` and the last value seen after `timeoutMs`.
 */
export async function waitFor<T>(
  probe: () => T,
  description: string,
  timeoutMs = 3_000,
): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Waits for the real time a test needs to observe that nothing happens (only for absence checks). */
export function elapse(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// --- reading the simulator's request log ---

function isLoginBody(body: unknown): body is Array<{ name: string; value: unknown }> {
  return Array.isArray(body);
}

function isLogoutBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'operationName' in body;
}

export const logins = (srs: SrsSimulator): RequestLogEntry[] =>
  srs.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/me' && isLoginBody(r.body));

export const logouts = (srs: SrsSimulator): RequestLogEntry[] =>
  srs.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/me' && isLogoutBody(r.body));

export const pings = (srs: SrsSimulator): RequestLogEntry[] =>
  srs.requests.filter((r) => r.method === 'GET' && r.path === '/ping');

/** Pings SRS answered 200 (the ones that kept the session alive). */
export const goodPings = (srs: SrsSimulator): RequestLogEntry[] => pings(srs).filter((r) => r.status === 200);

/** The login body as a plain `{ name: value }` record, for readable assertions. */
export function loginFields(entry: RequestLogEntry | undefined): Record<string, unknown> {
  if (!entry || !isLoginBody(entry.body)) throw new Error('not a login request');
  return Object.fromEntries(entry.body.map(({ name, value }) => [name, value]));
}

/** A short trace of what SRS saw, for failure messages: `POST /api/v2/me login 503`. */
export function trace(srs: SrsSimulator): string[] {
  return srs.requests.map((r) => {
    const kind = isLogoutBody(r.body) ? 'logout' : isLoginBody(r.body) ? 'login' : '';
    return `${r.method} ${r.path} ${kind} ${r.status ?? 'no answer'}${r.fault ? ` (${r.fault})` : ''}`;
  });
}

// --- one simulator and one session per test ---

export interface Harness {
  srs: SrsSimulator;
  session: ScreenRecordingSession;
  /** Every view the session published, oldest first (the initial one included). */
  views: SessionView[];
  /** Every `X-CSRF-Token` SRS handed out, read from the responses by a wrapped `fetch`. */
  csrfTokens: string[];
  /** Every `Authorization` header the session sent. */
  authorizations: string[];
}

const cleanups: Array<() => Promise<void> | void> = [];

/**
 * Starts a simulator on a free port and a session pointed at it, with the small timings unless
 * overridden. Both are torn down by {@link cleanup} (call it from `afterEach`).
 */
export async function start(
  options: { simulator?: SimulatorOptions; session?: Omit<ScreenRecordingOptions, 'srsUrl'> } = {},
): Promise<Harness> {
  const srs = await startSimulator({
    port: 0,
    sessionTimeoutMs: options.session?.sessionTimeoutMs ?? TIMING.sessionTimeoutMs,
    ...options.simulator,
  });
  cleanups.push(() => srs.close());

  const csrfTokens: string[] = [];
  const authorizations: string[] = [];
  const observingFetch: FetchFunction = async (input, init) => {
    const authorization = new Headers(init.headers).get('authorization');
    if (authorization) authorizations.push(authorization);
    const response = await fetch(input, init);
    const token = response.headers.get('x-csrf-token');
    if (token) csrfTokens.push(token);
    return response;
  };

  const session = createScreenRecordingSession({
    ...TIMING,
    fetch: observingFetch,
    ...options.session,
    srsUrl: srs.url,
  });
  cleanups.push(() => session.dispose());
  const views: SessionView[] = [session.getSnapshot()];
  session.subscribe((view) => views.push(view));

  return { srs, session, views, csrfTokens, authorizations };
}

/** Disposes every session and closes every simulator started by the test, newest first. */
export async function cleanup(): Promise<void> {
  while (cleanups.length > 0) {
    const next = cleanups.pop();
    await next?.();
  }
}

/** Awaits a command that is expected to fail and returns its error (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the command to reject, but it resolved');
}
