/**
 * The baseline a team would otherwise write: log in to SRS, then a `setTimeout` re-armed after each
 * `GET /ping` with Basic auth, logging in again when a ping gets 401 (SRS dropped the session). No
 * timeout, retry, backoff, CSRF token or failover: the plain loop, so that every figure of the library
 * can be read against it. Kept free of the library's code, so its bundle size is its own.
 */

/** The timers the loop arms: the platform's by default, a fake clock's in the benchmarks. */
export interface LoopTimers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface HandWrittenLoopOptions {
  srsUrl: string;
  username: string;
  password: string;
  /** RWS of the data center, sent as `server` at login. */
  server: string;
  /** @default 30000 */
  intervalMs?: number;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  timers?: LoopTimers;
}

export interface HandWrittenLoop {
  /** Stops polling and ends the SRS session (EndContactCenterSession). */
  stop(): Promise<void>;
}

const platformTimers: LoopTimers = {
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Logs in, then polls until `stop()`. Resolves once the first login was answered (or failed). */
export async function startHandWrittenLoop(options: HandWrittenLoopOptions): Promise<HandWrittenLoop> {
  const { srsUrl, server, intervalMs = 30_000, timers = platformTimers } = options;
  const fetch = options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init));
  const authorization = `Basic ${btoa(`${options.username}:${options.password}`)}`;
  let timer: unknown;
  let stopped = false;

  const post = (body: unknown) =>
    fetch(`${srsUrl}/api/v2/me`, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const login = () => post([{ name: 'server', value: server }]);

  async function ping(): Promise<void> {
    try {
      const response = await fetch(`${srsUrl}/ping`, { headers: { Authorization: authorization } });
      if (response.status === 401) await login();
    } catch {
      // SRS is not answering: try again at the next tick.
    }
    if (!stopped) timer = timers.setTimeout(ping, intervalMs);
  }

  await login().catch(() => undefined);
  timer = timers.setTimeout(ping, intervalMs);
  return {
    async stop() {
      stopped = true;
      timers.clearTimeout(timer);
      await post({ operationName: 'EndContactCenterSession' }).catch(() => undefined);
    },
  };
}
