import {
  createScreenRecordingSession,
  type ScreenRecordingOptions,
  type ScreenRecordingSession,
} from '@screen-recording/core';
import type { InjectionKey } from 'vue';

/**
 * Where the session comes from: either the options of one the binding creates and owns (and disposes),
 * or a session the app created and owns itself (never disposed by the binding). Either, not both.
 */
export type ScreenRecordingSource =
  | {
      /**
       * Options of the session to create. Read once: to apply other options, log out and provide a new
       * session (for example by giving the providing component a new `key`).
       */
      options: ScreenRecordingOptions;
      session?: undefined;
    }
  | {
      /** A session the app created and disposes itself. */
      session: ScreenRecordingSession;
      options?: undefined;
    };

/** Where `app.use(ScreenRecordingPlugin)` and `provideScreenRecording()` put the session for `inject()`. */
export const SCREEN_RECORDING_SESSION: InjectionKey<ScreenRecordingSession> =
  Symbol('screen recording session');

/**
 * The session a source names, and whether the caller owns it (created it here, so disposes it).
 * `caller` names the call in the error a wrong source gets, e.g. `app.use(ScreenRecordingPlugin, …)`.
 */
export function resolveSource(
  source: ScreenRecordingSource | undefined,
  caller: string,
): { session: ScreenRecordingSession; owned: boolean } {
  const hasSession = source?.session !== undefined;
  const hasOptions = source?.options !== undefined;
  if (hasSession === hasOptions) {
    throw new Error(
      `${caller} needs either { options } (the binding creates the session and disposes it) or ` +
        `{ session } (a session you created and dispose yourself); it was given ${hasSession ? 'both' : 'neither'}.`,
    );
  }
  if (source?.session) return { session: source.session, owned: false };
  // Validates the options (throws SrsConfigurationError); sends nothing and starts no timer.
  return { session: createScreenRecordingSession(source?.options as ScreenRecordingOptions), owned: true };
}
