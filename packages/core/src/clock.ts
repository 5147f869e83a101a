import type { Clock } from './types';

/**
 * The platform's monotonic reading: `performance.now()` from `performance.timeOrigin`, so that readings of
 * two tabs of one desktop (which share a session's coverage) are comparable; `Date.now()` without it.
 */
export function platformMonotonicNow(): number {
  const { performance } = globalThis;
  return performance ? performance.timeOrigin + performance.now() : Date.now();
}

/** The platform's timers; a monotonic reading for durations, where the platform has one. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonicNow: platformMonotonicNow,
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Reads durations from the clock's monotonic reading, or from its wall clock when it has none. */
export function monotonicReader(clock: Clock): () => number {
  return clock.monotonicNow ? clock.monotonicNow.bind(clock) : () => clock.now();
}
