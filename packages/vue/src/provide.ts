import {
  deferSessionSource,
  openSessionSource,
  type ScreenRecordingSession,
  type ScreenRecordingSource,
} from '@screen-recording/core';
import { type App, getCurrentInstance, type InjectionKey, onScopeDispose, type Plugin, provide } from 'vue';

/**
 * Where `app.use(ScreenRecordingPlugin)` and `provideScreenRecording()` put the session for `inject()`:
 * a function that returns it, so the plugin can create it when a component first asks.
 */
export const SCREEN_RECORDING_SESSION: InjectionKey<() => ScreenRecordingSession> =
  Symbol('screen recording session');

/**
 * Makes one app-wide screen recording session available to `useScreenRecording()` everywhere in the app:
 *
 * - `app.use(ScreenRecordingPlugin, { options })` creates the session when a component first reads it
 *   and disposes it on `app.unmount()`. Bad options throw `SrsConfigurationError` from that component's
 *   `setup()`, where Vue hands it to `onErrorCaptured` hooks and `app.config.errorHandler`;
 * - `app.use(ScreenRecordingPlugin, { session })` uses a session you created; the plugin never disposes it.
 *
 * Creating a session sends nothing and starts no timer, so the plugin is safe in server rendering.
 * Disposing sends nothing either: call `logout()` first to end the SRS session.
 */
export const ScreenRecordingPlugin: Plugin<[ScreenRecordingSource]> = {
  install(app: App, source: ScreenRecordingSource) {
    // Created when a component first asks (a wrong source's shape is refused here, at once).
    const { session, release } = deferSessionSource(source, 'app.use(ScreenRecordingPlugin, …)');
    app.provide(SCREEN_RECORDING_SESSION, session);
    app.onUnmount(release);
  },
};

// The session each component provided, for its own setup: Vue's inject() only looks at the parents.
const providedBy = new WeakMap<object, ScreenRecordingSession>();

/**
 * Makes a screen recording session available to `useScreenRecording()` in this component and below it,
 * instead of app-wide. Call it in a component's `setup()`:
 *
 * - `provideScreenRecording({ options })` creates the session and disposes it when the component unmounts
 *   (its scope is disposed);
 * - `provideScreenRecording({ session })` uses a session you created; it is never disposed here.
 *
 * Returns the session.
 */
export function provideScreenRecording(source: ScreenRecordingSource): ScreenRecordingSession {
  const instance = getCurrentInstance();
  if (!instance) {
    throw new Error(
      "provideScreenRecording() must be called in a component's setup(). For the whole app, use " +
        'app.use(ScreenRecordingPlugin, { options }) instead.',
    );
  }
  const { session, release } = openSessionSource(source, 'provideScreenRecording()');
  provide(SCREEN_RECORDING_SESSION, () => session);
  providedBy.set(instance, session);
  onScopeDispose(release);
  return session;
}

/** The session the current component provided itself, if it did. */
export function sessionProvidedHere(): ScreenRecordingSession | undefined {
  const instance = getCurrentInstance();
  return instance ? providedBy.get(instance) : undefined;
}
