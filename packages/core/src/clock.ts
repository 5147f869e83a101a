import type { Clock, Instant } from './types';

/**
 * Time and chance enter the core through this file only: everything else reads the injected clock and
 * the injected source of chance, so tests can run hours in milliseconds and fix every random draw.
 */

/**
 * The platform's monotonic reading: `performance.now()` from `performance.timeOrigin`, so that readings of
 * two tabs of one desktop (which share a session's coverage) are comparable; `Date.now()` without it.
 */
export function platformMonotonicNow(): number {
  const { performance } = globalThis;
  return performance ? performance.timeOrigin + performance.now() : Date.now();
}

/** The platform's wall clock, in ms since the epoch. */
export const platformNow = (): number => Date.now();

/** The platform's timers; a monotonic reading for durations, where the platform has one. */
export const systemClock: Clock = {
  now: platformNow,
  monotonicNow: platformMonotonicNow,
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The platform's source of chance, a number in [0, 1): the default of the `random` option. */
export const systemRandom = (): number => Math.random();

/** Reads durations from the clock's monotonic reading, or from its wall clock when it has none. */
export function monotonicReader(clock: Clock): () => number {
  return clock.monotonicNow ? clock.monotonicNow.bind(clock) : () => clock.now();
}

/** Reads both of the clock's readings at once: the wall clock for people, the monotonic one for durations. */
export function instantReader(clock: Clock): () => Instant {
  const monotonicNow = monotonicReader(clock);
  return () => ({ at: clock.now(), mono: monotonicNow() });
}
