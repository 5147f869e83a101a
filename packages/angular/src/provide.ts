import {
  DestroyRef,
  type EnvironmentProviders,
  inject,
  makeEnvironmentProviders,
  NgZone,
  PLATFORM_ID,
} from '@angular/core';
import {
  createScreenRecordingSession,
  type ScreenRecordingOptions,
  type ScreenRecordingSession,
} from '@screen-recording/core';
import { createScreenRecordingService, ScreenRecordingService } from './service';

/**
 * What `provideScreenRecording()` takes: the options of a session it creates and owns, or a session
 * the app created (and disposes) itself.
 */
export type ScreenRecordingConfig =
  | {
      /**
       * Options of the session the provider creates, when the service is first injected, and disposes
       * when the providing environment injector is destroyed. Bad options throw `SrsConfigurationError`
       * from that first injection.
       */
      options: ScreenRecordingOptions;
      session?: undefined;
    }
  | {
      /** A session the app owns, for example to use it outside Angular too. The provider never disposes it. */
      session: ScreenRecordingSession;
      options?: undefined;
    };

/**
 * Provides `ScreenRecordingService` for an application (`bootstrapApplication(App, { providers: [...] })`)
 * or a route (`providers: [...]`): one session for everything under that environment injector, however
 * many components inject it. Creating the session sends nothing; `login()` does.
 */
export function provideScreenRecording(config: ScreenRecordingConfig): EnvironmentProviders {
  if (config?.options === undefined && config?.session === undefined) {
    throw new Error(
      'provideScreenRecording() needs { options } (a session it creates) or { session } (yours).',
    );
  }
  return makeEnvironmentProviders([
    { provide: ScreenRecordingService, useFactory: () => serviceFor(config) },
  ]);
}

function serviceFor(config: ScreenRecordingConfig): ScreenRecordingService {
  const zone = inject(NgZone);
  const lifetime = inject(DestroyRef);
  // What isPlatformServer() from @angular/common checks, without depending on that package.
  const onServer = inject(PLATFORM_ID) === 'server';
  const runOutsideAngular = <Result>(work: () => Result) => zone.runOutsideAngular(work);

  const session = config.session ?? runOutsideAngular(() => createScreenRecordingSession(config.options));
  // Registered first, so the service's own streams see the `disposed` view before they complete.
  if (config.session === undefined) lifetime.onDestroy(() => session.dispose());

  return createScreenRecordingService({
    session,
    runOutsideAngular,
    onServer,
    lifetime,
    callerLifetime: injectionContextLifetime,
  });
}

/** The DestroyRef of the current injection context, or null outside one. */
function injectionContextLifetime(): DestroyRef | null {
  try {
    return inject(DestroyRef);
  } catch {
    // Angular has no public "am I in an injection context?" check; inject() throws outside one.
    return null;
  }
}
