import type { Clock } from '@screen-recording/core';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/**
 * A clock the test moves by hand. `advance()` fires due timers in order and lets promise chains
 * (fetch stand-ins, actor transitions) settle after each one, as a real event loop would.
 *
 * Two readings, as a real machine has: `monotonicNow()` (what timers run on) and `now()`, the wall
 * clock, which `stepWallClock()` can set forward or back (an NTP correction, a user fixing the time)
 * and `sleep()` can move without firing anything (a laptop lid closed).
 */
export class ManualClock implements Clock {
  private time: number;
  private wallOffset = 0;
  private nextId = 1;
  private timers: Timer[] = [];

  constructor(start = Date.UTC(2026, 10, 23, 8, 0, 0)) {
    this.time = start;
  }

  now = (): number => this.time + this.wallOffset;

  monotonicNow = (): number => this.time;

  /** Sets the wall clock forward (positive) or back (negative); timers and the monotonic reading are unaffected. */
  stepWallClock(ms: number): void {
    this.wallOffset += ms;
  }

  /**
   * The machine sleeps for `ms`: nothing runs meanwhile. The wall clock moves on; the monotonic clock
   * too when `monotonicTicks` (Windows), not otherwise (macOS, Linux). Timers due during the sleep fire
   * on the next `advance()`, late, as after a real wake-up.
   */
  sleep(ms: number, options: { monotonicTicks?: boolean } = {}): void {
    if (options.monotonicTicks === false) this.wallOffset += ms;
    else this.time += ms;
  }

  setTimeout = (callback: () => void, delayMs: number): unknown => {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return timer.id;
  };

  clearTimeout = (handle: unknown): void => {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  };

  /** Timers not yet fired nor cleared. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Fires the earliest pending timer (and only timers due at that same moment). */
  async advanceToNextTimer(): Promise<void> {
    const next = Math.min(...this.timers.map((timer) => timer.at));
    if (Number.isFinite(next)) await this.advance(next - this.time);
  }

  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    await settle();
    for (;;) {
      const due = this.timers
        .filter((timer) => timer.at <= until)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      // A timer overdue after a sleep fires now, not in the past.
      this.time = Math.max(this.time, due.at);
      due.callback();
      await settle();
    }
    this.time = until;
    await settle();
  }
}

/** A macrotask, so that every microtask queued before it has run: `setImmediate` in Node, a timer elsewhere. */
const nextTask: (callback: () => void) => void =
  typeof setImmediate === 'function' ? setImmediate : (callback) => setTimeout(callback, 0);

/** Lets every queued promise continuation run (fetch stand-ins, actor transitions, framework updates). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => nextTask(resolve));
}
