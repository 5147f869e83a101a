import {
  DestroyRef,
  type EnvironmentProviders,
  InjectionToken,
  inject,
  makeEnvironmentProviders,
  NgZone,
  PLATFORM_ID,
  type Signal,
  signal,
  type ValueEqualityFn,
} from '@angular/core';
import {
  checkSessionSource,
  openSessionSource,
  type ScreenRecordingSession,
  type ScreenRecordingSource,
  type SessionCommands,
  type SessionView,
  selectView,
  type ViewSelector,
  wrapCommands,
} from '@screen-recording/core';
import { type Observable, ReplaySubject } from 'rxjs';

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

/**
 * What `provideScreenRecording()` takes: the options of a session it creates when the service is first
 * injected (bad options throw `SrsConfigurationError` from that injection) and disposes when the
 * providing environment injector is destroyed, or a session the app created (and disposes) itself.
 */
export type ScreenRecordingConfig = ScreenRecordingSource;

const PROVIDE = 'provideScreenRecording()';

/**
 * Provides `ScreenRecordingService` for an application (`bootstrapApplication(App, { providers: [...] })`)
 * or a route (`providers: [...]`): one session for everything under that environment injector, however
 * many components inject it. Creating the session sends nothing; `login()` does.
 */
export function provideScreenRecording(config: ScreenRecordingConfig): EnvironmentProviders {
  checkSessionSource(config, PROVIDE);
  return makeEnvironmentProviders([
    { provide: ScreenRecordingService, useFactory: () => serviceFor(config) },
  ]);
}

function serviceFor(config: ScreenRecordingConfig): ScreenRecordingService {
  const zone = inject(NgZone);
  const lifetime = inject(DestroyRef);
  // What isPlatformServer() from @angular/common checks, without depending on that package.
  const onServer = inject(PLATFORM_ID) === 'server';
  // The session's timers and requests run outside the zone, so they do not keep a zone app unstable.
  const { session, release } = zone.runOutsideAngular(() => openSessionSource(config, PROVIDE));
  // Registered first, so the service's own streams see the `disposed` view before they complete.
  lifetime.onDestroy(release);

  const view = signal(session.getSnapshot());
  // The current view on subscribe, then each one in order; after the end, the last one and completion.
  const view$ = new ReplaySubject<SessionView>(1);
  const slices = new Set<() => void>();
  // One listener for the whole service, whatever the number of components; none on the server.
  const unsubscribe = onServer ? () => {} : session.subscribe(deliver);
  function deliver(next: SessionView): void {
    view.set(next);
    for (const slice of [...slices]) slice();
    view$.next(next);
    // A disposed session publishes nothing more: complete the streams rather than leave them hanging.
    if (next.status === 'disposed') end();
  }
  function end(): void {
    unsubscribe();
    slices.clear();
    view$.complete();
  }
  lifetime.onDestroy(end);
  deliver(view());

  function select<Slice>(selector: ViewSelector<Slice>, equal?: ValueEqualityFn<Slice>): Signal<Slice> {
    const selection = selectView(session, selector, equal);
    const slice = signal(selection.getSnapshot());
    const follow = () => slice.set(selection.getSnapshot());
    slices.add(follow);
    callerLifetime()?.onDestroy(() => slices.delete(follow));
    return slice.asReadonly();
  }

  // Every command starts outside the Angular zone, so that what it schedules stays there; on the server
  // none does anything: SRS lives on the agent's machine, not next to the renderer.
  const commands = wrapCommands(session.commands, (command) =>
    onServer ? Promise.resolve() : zone.runOutsideAngular(command),
  );
  return { ...commands, view: view.asReadonly(), view$: view$.asObservable(), select, session };
}

/** The DestroyRef of the current injection context, or null outside one. */
function callerLifetime(): DestroyRef | null {
  try {
    return inject(DestroyRef);
  } catch {
    // Angular has no public "am I in an injection context?" check; inject() throws outside one.
    return null;
  }
}

/**
 * The screen recording view as a signal, from an injection context (a component's field initialiser,
 * say): the whole `SessionView`, or, with a selector, a signal of that slice that changes only when
 * `equal` (default `Object.is`) says it did, and that stops following the session when the component
 * is destroyed. Throws, saying what to add, when no `provideScreenRecording()` is above.
 *
 * ```ts
 * readonly status = injectScreenRecording((view) => view.status);
 * ```
 */
export function injectScreenRecording<Selected = SessionView>(
  selector?: ViewSelector<Selected>,
  equal?: ValueEqualityFn<Selected>,
): Signal<Selected> {
  // Outside an injection context, or without a provider, inject() throws: its error names the token,
  // whose description says to add provideScreenRecording().
  const service = inject(ScreenRecordingService);
  return selector ? service.select(selector, equal) : (service.view as Signal<Selected>);
}
