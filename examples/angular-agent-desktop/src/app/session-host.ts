import {
  afterNextRender,
  computed,
  createEnvironmentInjector,
  DestroyRef,
  EnvironmentInjector,
  Injectable,
  Injector,
  inject,
  signal,
} from '@angular/core';
import { provideScreenRecording, ScreenRecordingService } from '@screen-recording/angular';
import { type ScreenRecordingOptions, SrsConfigurationError } from '@screen-recording/core';
import type { createBrowserInspector } from '@statelyai/inspect';
import { readConfig } from '../../../shared/config';
import { DEFAULT_LOGIN } from '../../../shared/login-form';
import { configurationHint } from '../../../shared/messages';
import { desktopClock as clock } from '../../../shared/recording-check';
import { readServedDefaults } from '../../../shared/served-config';

export type BrowserInspector = ReturnType<typeof createBrowserInspector>;

/** The session's environment injector, or why the session could not start (a bad option, say). */
export type SessionEnvironment =
  | { injector: EnvironmentInjector; error: null }
  | { injector: null; error: string; hint: string };

/**
 * What outlives one screen recording session: the settings from the address bar (or the page's
 * server), the login form's values, and the inspector. Each session gets its own environment
 * injector with `provideScreenRecording({ options })`, so turning the inspector on or off destroys
 * that injector (which disposes the session) and starts a new one, as React's provider `key` does.
 */
@Injectable({ providedIn: 'root' })
export class SessionHost {
  readonly config = readConfig(window.location.search, readServedDefaults(document));
  readonly loginValues = signal(DEFAULT_LOGIN);

  private readonly parent = inject(EnvironmentInjector);
  private readonly injector = inject(Injector);
  private readonly inspector = signal<BrowserInspector | null>(null);
  // Declared after `config`, which starting a session reads.
  private readonly environment = signal<SessionEnvironment>(this.start(null));

  readonly inspectorOn = computed(() => this.inspector() !== null);
  readonly current = this.environment.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.environment().injector?.destroy());
  }

  /** Starts a new session that reports to `inspector` (or to none); the old one is disposed once replaced. */
  restart(inspector: BrowserInspector | null): void {
    this.inspector()?.stop();
    this.inspector.set(inspector);
    const previous = this.environment().injector;
    this.environment.set(this.start(inspector));
    // After the desktop has been re-created on the new session, so nothing on screen reads the old one.
    afterNextRender(() => previous?.destroy(), { injector: this.injector });
  }

  private start(inspector: BrowserInspector | null): SessionEnvironment {
    const options: ScreenRecordingOptions = {
      srsUrl: this.config.srsUrl,
      clock,
      ...this.config.tuning,
      ...(inspector ? { inspect: inspector.inspect } : {}),
    };
    const injector = createEnvironmentInjector(
      [provideScreenRecording({ options })],
      this.parent,
      'screen recording session',
    );
    try {
      // The session is created here; a bad option (say `?pingIntervalMs=90000`) throws its explanation.
      injector.get(ScreenRecordingService);
      return { injector, error: null };
    } catch (error) {
      injector.destroy();
      return {
        injector: null,
        error: error instanceof Error ? error.message : String(error),
        hint:
          error instanceof SrsConfigurationError
            ? configurationHint(error)
            : 'Reload the page; if it happens again, report it.',
      };
    }
  }
}
