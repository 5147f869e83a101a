/**
 * What the browser does to the page that matters to SRS: the page runs again after being frozen,
 * hidden, offline or asleep (catch up at once: SRS may have dropped the session meanwhile), and the page
 * goes away (end the SRS session rather than let SRS record an empty desk until its timeout).
 */
export interface PageLifecycleHandlers {
  /** The page runs again: resumed, shown, back online, or restored from the back/forward cache. */
  wake(): void;
  /** The page is going away (`pagehide`); `persisted` when it may come back from the back/forward cache. */
  leave(persisted: boolean): void;
}

/** Listens to the page's lifecycle events; returns the function that stops. Does nothing outside browsers. */
export function watchPageLifecycle(handlers: PageLifecycleHandlers): () => void {
  const page = globalThis as {
    document?: Document;
    addEventListener?: typeof addEventListener;
    removeEventListener?: typeof removeEventListener;
  };
  const { document } = page;
  if (
    !document ||
    typeof page.addEventListener !== 'function' ||
    typeof page.removeEventListener !== 'function'
  ) {
    return () => {};
  }
  const onVisibility = () => {
    if (document.visibilityState === 'visible') handlers.wake();
  };
  const onPageShow = (event: Event) => {
    if ((event as PageTransitionEvent).persisted) handlers.wake();
  };
  const onPageHide = (event: Event) => handlers.leave((event as PageTransitionEvent).persisted);
  const onWake = () => handlers.wake();

  document.addEventListener('resume', onWake);
  document.addEventListener('visibilitychange', onVisibility);
  page.addEventListener('online', onWake);
  page.addEventListener('pageshow', onPageShow);
  page.addEventListener('pagehide', onPageHide);
  return () => {
    document.removeEventListener('resume', onWake);
    document.removeEventListener('visibilitychange', onVisibility);
    page.removeEventListener?.('online', onWake);
    page.removeEventListener?.('pageshow', onPageShow);
    page.removeEventListener?.('pagehide', onPageHide);
  };
}
