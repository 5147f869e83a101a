import type { Logger, SessionView } from './types';
import type { SessionSnapshot } from './view';
import { sameView, toView } from './view';

/**
 * The view every binding reads: one object per distinct view (so it can be compared by reference, as
 * `useSyncExternalStore` and signals need), and the listeners told of each new one.
 */
export interface ViewStore {
  getSnapshot(): SessionView;
  /** Calls `listener` with each new view; returns the function that unsubscribes. After `close()`, a no-op. */
  subscribe(listener: (view: SessionView) => void): () => void;
  /** Takes the machine's latest snapshot; tells the listeners if the view changed. */
  publish(snapshot: SessionSnapshot): void;
  /** Drops every listener; later subscriptions are accepted and never called. */
  close(): void;
}

export function createViewStore(initial: SessionSnapshot, logger: Logger): ViewStore {
  let view = toView(initial);
  let closed = false;
  const listeners = new Set<(view: SessionView) => void>();

  return {
    getSnapshot: () => view,
    subscribe(listener) {
      if (closed) return () => {};
      // Each subscription is its own entry, so subscribing one function twice needs two unsubscribes.
      const entry = (next: SessionView) => listener(next);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    publish(snapshot) {
      const next = toView(snapshot);
      if (sameView(next, view)) return;
      const previous = view;
      view = next;
      if (next.status !== previous.status) logStatusChange(logger, previous, next);
      for (const listener of [...listeners]) {
        // One broken listener must neither stop the others nor the session.
        try {
          listener(view);
        } catch (error) {
          logger.error('a screen recording listener threw', { error: String(error) });
        }
      }
    },
    close() {
      closed = true;
      listeners.clear();
    },
  };
}

function logStatusChange(logger: Logger, from: SessionView, to: SessionView): void {
  const details = { from: from.status, to: to.status, dataCenter: to.dataCenter };
  if (to.status === 'failed')
    logger.error(`screen recording session failed: ${to.error?.message ?? 'unknown'}`, details);
  else logger.info(`screen recording session ${from.status} → ${to.status}`, details);
}
