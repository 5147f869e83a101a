/**
 * A clock for running minutes of a session against the real simulator over loopback in a few hundred
 * milliseconds. Time jumps from one timer to the next, and only when nothing is on the wire: every
 * request goes through `track(fetch)`, and while one is in flight (answer and body) the clock stands
 * still, as if the loopback round trip took no time. So real HTTP is spoken while the waits between
 * requests (poll interval, backoff, self-healing) cost nothing, and the session's timeouts never fire
 * because the machine was slow. The simulator reads the same clock through its `now` option.
 */
import type { Clock, FetchFunction } from '../packages/core/src/index';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/** Lets queued continuations (promise chains, actor transitions) run: a few turns of the event loop. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class VirtualClock implements Clock {
  #time: number;
  #nextId = 1;
  #timers: Timer[] = [];
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(start = Date.UTC(2026, 10, 23, 8, 0, 0)) {
    this.#time = start;
  }

  now = (): number => this.#time;

  monotonicNow = (): number => this.#time;

  setTimeout = (callback: () => void, delayMs: number): unknown => {
    const timer = { id: this.#nextId++, at: this.#time + Math.max(0, delayMs), callback };
    this.#timers.push(timer);
    return timer.id;
  };

  clearTimeout = (handle: unknown): void => {
    this.#timers = this.#timers.filter((timer) => timer.id !== handle);
  };

  get pendingTimers(): number {
    return this.#timers.length;
  }

  /**
   * Wraps `fetch` so that the clock waits for each exchange, body included. The body is read here and
   * handed on in a new Response, so the exchange is over when the caller gets it.
   */
  track(fetch: FetchFunction): FetchFunction {
    return (input, init) => {
      const exchange = (async () => {
        const response = await fetch(input, init);
        const body = await response.arrayBuffer();
        return new Response(body.byteLength > 0 ? body : null, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      })();
      this.#inFlight.add(exchange);
      const done = () => this.#inFlight.delete(exchange);
      exchange.then(done, done);
      return exchange;
    };
  }

  /** Waits until no exchange is in flight and what their answers set off has run. */
  async #quiesce(): Promise<void> {
    for (;;) {
      await settle();
      if (this.#inFlight.size === 0) return;
      await Promise.allSettled([...this.#inFlight]);
    }
  }

  /**
   * Fires timers in order, one at a time, each after the exchanges the previous one started are over,
   * until `done()` holds or `limitMs` of clock time has passed. Returns whether `done()` held.
   */
  async runUntil(done: () => boolean, limitMs: number): Promise<boolean> {
    const until = this.#time + limitMs;
    for (;;) {
      await this.#quiesce();
      if (done()) return true;
      const next = this.#timers.reduce<Timer | null>(
        (earliest, timer) =>
          earliest === null || timer.at < earliest.at || (timer.at === earliest.at && timer.id < earliest.id)
            ? timer
            : earliest,
        null,
      );
      if (next === null || next.at > until) {
        this.#time = until;
        return false;
      }
      this.#timers = this.#timers.filter((timer) => timer !== next);
      this.#time = Math.max(this.#time, next.at);
      next.callback();
    }
  }

  /** Moves the clock on by `ms`, firing what comes due on the way. */
  async advance(ms: number): Promise<void> {
    await this.runUntil(() => false, ms);
  }
}
