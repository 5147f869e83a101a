import type { GapEvent, Logger, SessionView } from './types';
import { sameView } from './view';

/**
 * The view every binding reads: one object per distinct view (so it can be compared by reference, as
 * `useSyncExternalStore` and signals need), the listeners told of each new one, and the gap events
 * derived from it.
 */
export interface ViewStore {
  getSnapshot(): SessionView;
  /** Calls `listener` with each new view; returns the function that unsubscribes. After `close()`, a no-op. */
  subscribe(listener: (view: SessionView) => void): () => void;
  /** Calls `listener` when a coverage gap opens or closes; returns the function that unsubscribes. */
  onGap(listener: (event: GapEvent) => void): () => void;
  /** Takes the next view; tells the listeners if it shows something new. */
  publish(next: SessionView): void;
  /** Drops every listener; later subscriptions are accepted and never called. */
  close(): void;
}

export function createViewStore(initial: SessionView, logger: Logger): ViewStore {
  let view = initial;
  let closed = false;
  // Views are told one at a time and in order, even when a listener (one calling a command, say) makes
  // the session publish another view while the first is still being told.
  const queue: Array<() => void> = [];
  let telling = false;
  const listeners = new Set<(view: SessionView) => void>();
  const gapListeners = new Set<(event: GapEvent) => void>();

  /** Adds a listener as its own entry, so subscribing one function twice needs two unsubscribes. */
  function add<T>(set: Set<(value: T) => void>, listener: (value: T) => void): () => void {
    if (closed) return () => {};
    const entry = (value: T) => listener(value);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /** Calls each listener; one that throws neither stops the others nor the session. */
  function tell<T>(set: Set<(value: T) => void>, value: T, what: string): void {
    for (const listener of [...set]) {
      try {
        listener(value);
      } catch (error) {
        logger.error(`a screen recording ${what} listener threw`, { error: String(error) });
      }
    }
  }

  return {
    getSnapshot: () => view,
    subscribe: (listener) => add(listeners, listener),
    onGap: (listener) => add(gapListeners, listener),
    publish(next) {
      if (sameView(next, view)) return;
      const previous = view;
      view = next;
      queue.push(() => {
        if (next.status !== previous.status) logStatusChange(logger, previous, next);
        tell(listeners, next, 'view');
        for (const event of gapEvents(previous, next)) {
          logger.warn(`screen recording ${event.type === 'gap-opened' ? 'stopped' : 'resumed'}`, {
            ...event.gap,
          });
          tell(gapListeners, event, 'gap');
        }
      });
      if (telling) return;
      telling = true;
      try {
        for (let pending = queue.shift(); pending; pending = queue.shift()) pending();
      } finally {
        telling = false;
      }
    },
    close() {
      closed = true;
      listeners.clear();
      gapListeners.clear();
    },
  };
}

/** The gaps that closed and opened between two views, in that order. */
function gapEvents(previous: SessionView, next: SessionView): GapEvent[] {
  const before = previous.coverage;
  const after = next.coverage;
  if (before === after) return [];
  const events: GapEvent[] = [];
  if (after.gapCount > before.gapCount && after.start === before.start) {
    const closed = after.recentGaps[0];
    if (closed) events.push({ type: 'gap-closed', gap: closed });
  }
  if (after.openGap && after.openGap !== before.openGap)
    events.push({ type: 'gap-opened', gap: after.openGap });
  return events;
}

function logStatusChange(logger: Logger, from: SessionView, to: SessionView): void {
  const details = { from: from.status, to: to.status, dataCenter: to.dataCenter };
  if (to.status === 'failed')
    logger.error(`screen recording session failed: ${to.error?.message ?? 'unknown'}`, details);
  else logger.info(`screen recording session ${from.status} → ${to.status}`, details);
}
