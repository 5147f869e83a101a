import { platformMonotonicNow, platformNow, systemClock } from './clock';
import type { Clock } from './types';

/** Options of `createWorkerClock()`. */
export interface WorkerClockOptions {
  /**
   * The clock used where no Worker can run (Node, server-side rendering, a CSP without `worker-src blob:`)
   * and for every timer once the worker has failed or the clock is disposed. Default `systemClock`.
   */
  fallback?: Clock;
}

/** A clock whose timers run in a dedicated Worker; `dispose()` ends the worker and cancels every timer. */
export interface WorkerClock extends Clock {
  /**
   * Terminates the worker and cancels every pending timer (none of their callbacks runs). Timers set
   * afterwards run on the fallback clock.
   */
  dispose(): void;
}

/** What the main thread posts to the worker. The worker answers with the bare id of a due timer. */
type TimerRequest = { type: 'set'; id: number; delayMs: number } | { type: 'clear'; id: number };

// The whole worker: a map of id → timer; post the id back when it is due. Plain JS, no imports.
const TIMER_WORKER_SOURCE = `'use strict';
const timers = new Map();
self.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'set') {
    timers.set(request.id, setTimeout(() => {
      timers.delete(request.id);
      self.postMessage(request.id);
    }, request.delayMs));
  } else if (request.type === 'clear') {
    clearTimeout(timers.get(request.id));
    timers.delete(request.id);
  }
};
`;

interface PendingTimer {
  callback: () => void;
  /** Wall-clock time when it is due, to re-arm it with the time left if the worker fails. */
  dueAt: number;
  /** Set once the timer runs on the fallback clock; absent while the worker holds it. */
  fallbackHandle?: { value: unknown };
}

/**
 * A `Clock` for agent desktops that spend the day in a background tab.
 *
 * Why: once a Chromium tab has been hidden for a minute or two, timers armed from timer callbacks are
 * woken only once a minute. In a measurement on headless Chromium 156, a 30 s poll chained that way
 * went to a median of 60 s and a worst case of 64 s, beyond SRS's 60 s session timeout, so SRS
 * ended the recording session. A dedicated Worker's timers are not throttled: the same poll driven
 * by a Worker's timer kept a 30.0 s period. This clock keeps the timers in such a worker (created
 * from a Blob URL, so no extra file has to be served) and runs the callbacks on the page when the
 * worker reports them due.
 *
 * Use one clock for the page's session:
 * ```ts
 * const session = createScreenRecordingSession({ srsUrl, clock: createWorkerClock() });
 * ```
 *
 * Where there is no `Worker` (Node, server-side rendering), where creating one throws, or when the
 * worker reports an `error` event (Chromium's answer to a Content Security Policy that forbids
 * `blob:` workers), the timers run on `options.fallback` (default `systemClock`); timers already
 * handed to a failed worker are moved there with the time they had left. `now()` is the platform's wall clock.
 * Creating the clock starts the worker; `dispose()` ends it.
 *
 * Not covered: a browser that freezes or discards the whole tab (Chrome's Energy Saver or Memory
 * Saver) stops the worker too.
 */
export function createWorkerClock(options: WorkerClockOptions = {}): WorkerClock {
  const fallback = options.fallback ?? systemClock;
  const timers = new Map<number, PendingTimer>();
  let nextId = 1;
  let worker: Worker | null = null;

  const fire = (id: number): void => {
    const timer = timers.get(id);
    // Cleared while the worker's answer was on its way.
    if (!timer) return;
    timers.delete(id);
    timer.callback();
  };

  const armOnFallback = (id: number, timer: PendingTimer, delayMs: number): void => {
    timer.fallbackHandle = { value: fallback.setTimeout(() => fire(id), delayMs) };
  };

  const onMessage = (event: MessageEvent<unknown>): void => {
    if (typeof event.data === 'number') fire(event.data);
  };

  const stopWorker = (): Worker | null => {
    const stopped = worker;
    worker = null;
    if (stopped) {
      stopped.removeEventListener('message', onMessage);
      stopped.removeEventListener('error', onError);
      stopped.terminate();
    }
    return stopped;
  };

  function onError(): void {
    if (!stopWorker()) return;
    const now = platformNow();
    for (const [id, timer] of [...timers]) {
      if (!timer.fallbackHandle) armOnFallback(id, timer, Math.max(0, timer.dueAt - now));
    }
  }

  worker = startTimerWorker();
  worker?.addEventListener('message', onMessage);
  worker?.addEventListener('error', onError);

  const post = (request: TimerRequest): void => worker?.postMessage(request);

  return {
    now: platformNow,
    monotonicNow: platformMonotonicNow,
    setTimeout(callback, delayMs) {
      const id = nextId++;
      const timer: PendingTimer = { callback, dueAt: platformNow() + delayMs };
      timers.set(id, timer);
      if (worker) post({ type: 'set', id, delayMs });
      else armOnFallback(id, timer, delayMs);
      return id;
    },
    clearTimeout(handle) {
      if (typeof handle !== 'number') return;
      const timer = timers.get(handle);
      if (!timer) return;
      timers.delete(handle);
      if (timer.fallbackHandle) fallback.clearTimeout(timer.fallbackHandle.value);
      else post({ type: 'clear', id: handle });
    },
    dispose() {
      stopWorker();
      for (const timer of timers.values()) {
        if (timer.fallbackHandle) fallback.clearTimeout(timer.fallbackHandle.value);
      }
      timers.clear();
    },
  };
}

/** The timer worker, or null where none can be created. */
function startTimerWorker(): Worker | null {
  if (
    typeof Worker !== 'function' ||
    typeof Blob !== 'function' ||
    typeof URL !== 'function' ||
    typeof URL.createObjectURL !== 'function'
  ) {
    return null;
  }
  let url: string;
  try {
    url = URL.createObjectURL(new Blob([TIMER_WORKER_SOURCE], { type: 'text/javascript' }));
  } catch {
    return null;
  }
  try {
    return new Worker(url, { name: 'screen-recording-clock' });
  } catch {
    // A browser may refuse here (a SecurityError); Chromium reports a CSP refusal as an error event instead.
    return null;
  } finally {
    // The worker has resolved the URL when its constructor returns; nothing else needs it.
    URL.revokeObjectURL(url);
  }
}
