import type { TabLocks } from './types';

/** How a request for the lead ended, as the tab chart hears it. */
export type LockOutcome = 'LOCK_GRANTED' | 'LOCK_UNAVAILABLE' | 'LOCK_LOST';

/** The lead of a desktop's tabs, as the tab chart drives it: ask, stop waiting, give back. */
export interface TabLock {
  /** Asks for the lock: at once or not at all, in line, or taken from its holder. The outcome is reported. */
  request(mode: 'ifAvailable' | 'wait' | 'steal'): void;
  /** Stops waiting in line; a lock already held stays held. */
  stopWaiting(): void;
  /** Gives the lock back, and stops waiting. */
  release(): void;
}

/**
 * The lead as a Web Lock named `name`: the browser grants it to one tab at a time, hands it to the next in
 * line the moment its holder's page goes, and lets a tab take it from a holder that stopped answering.
 * Held, it stays held until `release()`. Without Web Locks every request is granted at once (but one in
 * line, which the heartbeats settle instead). Outcomes reach `report`, never as exceptions.
 */
export function createTabLock(
  locks: TabLocks | null,
  name: string,
  report: (outcome: LockOutcome) => void,
): TabLock {
  /** Gives back the lock held, if any. */
  let releaseHeld: (() => void) | null = null;
  let waiting: AbortController | null = null;

  function stopWaiting(): void {
    waiting?.abort();
    waiting = null;
  }

  function release(): void {
    stopWaiting();
    releaseHeld?.();
    releaseHeld = null;
  }

  if (!locks) {
    return {
      request(mode) {
        if (mode !== 'wait') queueMicrotask(() => report('LOCK_GRANTED'));
      },
      stopWaiting,
      release,
    };
  }

  return {
    request(mode) {
      if (mode !== 'wait') stopWaiting();
      const controller = new AbortController();
      if (mode === 'wait') waiting = controller;
      let held = false;
      const options =
        mode === 'ifAvailable'
          ? { ifAvailable: true }
          : mode === 'steal'
            ? { steal: true }
            : { signal: controller.signal };
      Promise.resolve()
        .then(() =>
          locks.request(name, options, (lock) => {
            if (waiting === controller) waiting = null;
            if (!lock) {
              report('LOCK_UNAVAILABLE');
              return undefined;
            }
            held = true;
            // Held until `release()`: the callback's promise is the lock's lifetime.
            return new Promise<void>((resolve) => {
              releaseHeld = () => {
                held = false;
                resolve();
              };
              report('LOCK_GRANTED');
            });
          }),
        )
        .catch(() => {
          // Aborted while waiting (nothing to report), taken from this tab while it held the lock, or
          // refused by the browser (then this tab follows whoever leads).
          if (mode === 'ifAvailable' && !held) report('LOCK_UNAVAILABLE');
          if (!held) return;
          held = false;
          releaseHeld = null;
          report('LOCK_LOST');
        });
    },
    stopWaiting,
    release,
  };
}
