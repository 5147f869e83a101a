import {
  type DestroyRef,
  InjectionToken,
  type Signal,
  signal,
  untracked,
  type ValueEqualityFn,
} from '@angular/core';
import {
  type ScreenRecordingSession,
  type SessionCommands,
  type SessionView,
  wrapCommands,
} from '@screen-recording/core';
import { Observable, type Subscriber } from 'rxjs';

/** Picks what a component shows from the session's view, e.g. `(view) => view.status`. */
export type ViewSelector<Selected> = (view: SessionView) => Selected;

/**
 * What `inject(ScreenRecordingService)` gives a component: the session's view as a signal and as an
 * observable, slices of it as their own signals, and the session's six commands.
 */
export interface ScreenRecordingService extends SessionCommands {
  /** The whole `SessionView`; it changes only when the session publishes a new view object (every poll included). */
  readonly view: Signal<SessionView>;
  /**
   * Every view, as an RxJS observable: the current one synchronously on subscribe, then each view the
   * session publishes, in order, none skipped or merged. Completes when the session is disposed or
   * the environment that provides the service is destroyed. Emissions after the first arrive outside
   * the Angular zone (read them through the `async` pipe, `toSignal`, or a signal).
   */
  readonly view$: Observable<SessionView>;
  /**
   * A signal of one slice of the view, set only when `equal` (default `Object.is`) says the slice
   * changed: a poll that changes nothing the selector reads notifies nobody, so no change detection
   * runs for it. Called in an injection context (a component's field, `inject()`-time code), the
   * signal stops following the session when that context is destroyed; elsewhere it follows the
   * session as long as the service lives.
   */
  select<Selected>(selector: ViewSelector<Selected>, equal?: ValueEqualityFn<Selected>): Signal<Selected>;
  /** The core session behind the service (its `actor`, `getSnapshot`, `subscribe`), for advanced use. */
  readonly session: ScreenRecordingSession;
}

/**
 * The injection token of the app's screen recording service: `inject(ScreenRecordingService)`.
 * `provideScreenRecording()` provides it; the description names that function, so Angular's
 * "No provider found" error says what to add.
 */
export const ScreenRecordingService = new InjectionToken<ScreenRecordingService>(
  'ScreenRecordingService (add provideScreenRecording() to the providers)',
);

/** How the service reaches the session and Angular: built by `provideScreenRecording()`. */
export interface ServiceEnvironment {
  session: ScreenRecordingSession;
  /** `NgZone.runOutsideAngular`: the session's timers and requests must not keep a zone app unstable. */
  runOutsideAngular<Result>(work: () => Result): Result;
  /** On the server platform nothing is sent and nothing listens: the view stays as it is. */
  onServer: boolean;
  /** The providing environment's lifetime. */
  lifetime: DestroyRef;
  /** The DestroyRef of the injection context `select()` is called from, or null outside one. */
  callerLifetime(): DestroyRef | null;
}

/** Builds the service over one session. Internal: apps call `provideScreenRecording()`. */
export function createScreenRecordingService(environment: ServiceEnvironment): ScreenRecordingService {
  const { session, onServer } = environment;
  const view = signal(session.getSnapshot());
  const slices = new Set<(view: SessionView) => void>();
  const streams = new Set<Subscriber<SessionView>>();
  let ended = false;

  const deliver = (next: SessionView) => {
    if (ended) return;
    view.set(next);
    for (const slice of [...slices]) slice(next);
    for (const subscriber of [...streams]) subscriber.next(next);
    // A disposed session publishes nothing more: complete the streams rather than leave them hanging.
    if (next.status === 'disposed') end();
  };

  // One listener for the whole service, whatever the number of components; none on the server.
  const unsubscribe = onServer ? () => {} : session.subscribe(deliver);

  function end() {
    if (ended) return;
    ended = true;
    unsubscribe();
    slices.clear();
    for (const subscriber of [...streams]) subscriber.complete();
    streams.clear();
  }
  environment.lifetime.onDestroy(end);
  // A session disposed before it was provided will publish nothing: its streams end at once.
  if (untracked(view).status === 'disposed') end();

  const view$ = new Observable<SessionView>((subscriber) => {
    const current = untracked(view);
    if (ended) {
      subscriber.next(current);
      subscriber.complete();
      return;
    }
    // Added before the first emission, so a view published from inside that emission is not lost.
    streams.add(subscriber);
    subscriber.next(current);
    return () => {
      streams.delete(subscriber);
    };
  });

  function select<Selected>(
    selector: ViewSelector<Selected>,
    equal: ValueEqualityFn<Selected> = Object.is,
  ): Signal<Selected> {
    // Its own signal (not a computed over `view`): it notifies its readers only when `equal` says so.
    const slice = signal(
      untracked(() => selector(view())),
      { equal },
    );
    if (!ended) {
      const follow = (next: SessionView) => slice.set(selector(next));
      slices.add(follow);
      environment.callerLifetime()?.onDestroy(() => slices.delete(follow));
    }
    return slice.asReadonly();
  }

  // Every command started outside the Angular zone, so that what it schedules stays there; on the
  // server none does anything: SRS lives on the agent's machine, not next to the renderer.
  const commands = wrapCommands(session.commands, (command) =>
    onServer ? Promise.resolve() : environment.runOutsideAngular(command),
  );

  return {
    ...commands,
    view: view.asReadonly(),
    view$,
    select,
    session,
  };
}
