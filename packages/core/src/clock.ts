import type { Clock } from './types';

/** The platform's timers; `performance.now()` for durations, where the platform has it. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonicNow: () => globalThis.performance?.now() ?? Date.now(),
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Reads durations from the clock's monotonic reading, or from its wall clock when it has none. */
export function monotonicReader(clock: Clock): () => number {
  return clock.monotonicNow ? clock.monotonicNow.bind(clock) : () => clock.now();
}
