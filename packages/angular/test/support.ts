/**
 * Real timings short enough for tests against the simulator, within the session's budget rule:
 * pingInterval (300) + 2 × requestTimeout (200) + retryDelay (50) = 750 ≤ sessionTimeout (2 000).
 */
export const REAL_TIMING = {
  pingIntervalMs: 300,
  sessionTimeoutMs: 2_000,
  requestTimeoutMs: 200,
  retryDelayMs: 50,
} as const;

/** Polls `probe` every few milliseconds until it is true; fails naming `what` after `timeoutMs`. */
export async function waitFor(probe: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
