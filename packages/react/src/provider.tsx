import {
  openSessionSource,
  type ScreenRecordingOptions,
  type ScreenRecordingSession,
  type ScreenRecordingSource,
} from '@screen-recording/core';
import { type ReactNode, useEffect, useReducer, useRef } from 'react';
import { ScreenRecordingContext } from './context';

/**
 * Props of `<ScreenRecordingProvider>`: either a session you created (and dispose) yourself, or the
 * options of one the provider creates on first render and disposes when it really unmounts. Options are
 * read once: to apply new ones, give the provider a new `key` (after `logout()`).
 */
export type ScreenRecordingProviderProps = ScreenRecordingSource & { children?: ReactNode };

const PROVIDER = '<ScreenRecordingProvider>';

/**
 * Makes one app-wide screen recording session available to `useScreenRecording()` below it.
 * Creating a session sends nothing and starts no timer, so the provider is safe in server rendering.
 */
export function ScreenRecordingProvider({ session, options, children }: ScreenRecordingProviderProps) {
  const owned = useOwnedSession(session === undefined ? options : undefined);
  // Neither a session nor options: the core's error says what to give.
  const value = session ?? owned ?? openSessionSource({} as ScreenRecordingSource, PROVIDER).session;
  // `.Provider` keeps React 18 working too (React 19 also accepts the context itself).
  return <ScreenRecordingContext.Provider value={value}>{children}</ScreenRecordingContext.Provider>;
}

/** The session created from `options`, once, and released when the provider really unmounts. */
function useOwnedSession(options: ScreenRecordingOptions | undefined): ScreenRecordingSession | null {
  // A ref rather than useState/useMemo: StrictMode calls those initialisers twice and would build (and
  // leak) a second session, which the inspector would show as a second actor.
  const opened = useRef<{ source: ReturnType<typeof openSessionSource>; released: boolean } | null>(null);
  const cancelRelease = useRef<(() => void) | null>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  if (options !== undefined && opened.current === null) {
    opened.current = { source: openSessionSource({ options }, PROVIDER), released: false };
  }
  const current = opened.current;

  useEffect(() => {
    if (!current) return;
    if (current.released) {
      // Effects came back after a real release (for example a hidden <Activity> shown again): start afresh.
      opened.current = null;
      rerender();
      return;
    }
    cancelRelease.current?.();
    return () => {
      // StrictMode's simulated unmount runs this cleanup and the effect again in the same task; a real
      // unmount does not come back. Deferring the release by a microtask tells the two apart.
      let cancelled = false;
      cancelRelease.current = () => {
        cancelled = true;
      };
      queueMicrotask(() => {
        if (cancelled) return;
        current.released = true;
        current.source.release();
      });
    };
  }, [current]);

  return current?.source.session ?? null;
}
