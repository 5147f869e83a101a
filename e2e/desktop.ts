import type { RequestLogEntry } from '@screen-recording/simulator';

/** Short timings for the page's query string: the first poll comes two seconds after the login. */
export const FAST = 'pingIntervalMs=2000&sessionTimeoutMs=10000&requestTimeoutMs=1000&retryDelayMs=500';

/** How long a test waits for the page or the simulator to show something. */
export const SEEN_WITHIN = { timeout: 20_000, interval: 100 };

export const isLogout = (entry: RequestLogEntry) =>
  entry.method === 'POST' &&
  entry.path === '/api/v2/me' &&
  (entry.body as { operationName?: unknown } | null)?.operationName === 'EndContactCenterSession';

export const isLogin = (entry: RequestLogEntry) =>
  entry.method === 'POST' && entry.path === '/api/v2/me' && !isLogout(entry);
