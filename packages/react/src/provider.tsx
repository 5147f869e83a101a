import {
  createScreenRecordingSession,
  type ScreenRecordingOptions,
  type ScreenRecordingSession,
} from '@screen-recording/core';
import { type ReactNode, useEffect, useReducer, useRef } from 'react';
import { ScreenRecordingContext } from './context';

/**
 * Props of `<ScreenRecordingProvider>`: either a session you created (and dispose) yourself, or the
 * options of one the provider creates on first render and disposes when it really unmounts.
 */
export type ScreenRecordingProviderProps =
  | {
      /** A session you own. The provider never disposes it. */
      session: ScreenRecordingSession;
      options?: undefined;
      children?: ReactNode;
    }
  | {
      /**
       * Options of the session the provider creates and owns. Read once, on first render: to apply new
       * options, give the provider a new `key` (after `logout()`), which disposes the old session.
       */
      options: ScreenRecordingOptions;
      session?: undefined;
      children?: ReactNode;
    };

interface OwnedSession {
  session: ScreenRecordingSession;
  disposed: boolean;
  cancelDispose: (() => void) | null;
}

/**
 * Makes one app-wide screen recording session available to `useScreenRecording()` below it.
 * Creating a session sends nothing and starts no timer, so the provider is safe in server rendering.
 */
export function ScreenRecordingProvider({ session, options, children }: ScreenRecordingProviderProps) {
  const owned = useOwnedSession(session === undefined ? options : undefined);
  const value = session ?? owned;
  if (!value) {
    throw new Error('<ScreenRecordingProvider> needs either a `session` or `options` prop.');
  }
  // `.Provider` keeps React 18 working too (React 19 also accepts the context itself).
  return <ScreenRecordingContext.Provider value={value}>{children}</ScreenRecordingContext.Provider>;
}

function useOwnedSession(options: ScreenRecordingOptions | undefined): ScreenRecordingSession | null {
  // A ref rather than useState/useMemo: StrictMode calls those initialisers twice and would build (and
  // leak) a second session, which the inspector would show as a second actor.
  const owned = useRef<OwnedSession | null>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  if (options !== undefined && owned.current === null) {
    owned.current = { session: createScreenRecordingSession(options), disposed: false, cancelDispose: null };
  }
  const current = owned.current;

  useEffect(() => {
    if (!current) return;
    if (current.disposed) {
      // Effects came back after a real disposal (for example a hidden <Activity> shown again): start afresh.
      owned.current = null;
      rerender();
      return;
    }
    current.cancelDispose?.();
    current.cancelDispose = null;
    return () => {
      // StrictMode's simulated unmount runs this cleanup and the effect again in the same task; a real
      // unmount does not come back. Deferring the disposal by a microtask tells the two apart.
      let cancelled = false;
      current.cancelDispose = () => {
        cancelled = true;
      };
      queueMicrotask(() => {
        if (cancelled) return;
        current.disposed = true;
        current.session.dispose();
      });
    };
  }, [current]);

  return current?.session ?? null;
}
