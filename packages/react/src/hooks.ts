import {
  type Compare,
  type ScreenRecordingSession,
  type SessionCommands,
  type SessionView,
  selectView,
  type ViewSelector,
} from '@screen-recording/core';
import { useContext, useMemo, useSyncExternalStore } from 'react';
import { ScreenRecordingContext } from './context';

/** What `useScreenRecording()` returns: the part of the view you selected, and the session's commands. */
export type ScreenRecording<Selected = SessionView> = SessionCommands & {
  /** The whole `SessionView`, or what your selector picked from it. */
  view: Selected;
};

/**
 * The session of the nearest `<ScreenRecordingProvider>`, for advanced use (its `actor`, or commands in
 * code outside React). Throws outside a provider.
 */
export function useScreenRecordingSession(): ScreenRecordingSession {
  const session = useContext(ScreenRecordingContext);
  if (session === null) {
    throw new Error(
      'useScreenRecording() and useScreenRecordingSession() need a screen recording session: ' +
        'wrap the tree in <ScreenRecordingProvider options={...}> (or session={...}).',
    );
  }
  return session;
}

/**
 * Reads the screen recording session and returns its commands.
 *
 * - `const { view, login, logout } = useScreenRecording()`: `view` is the whole `SessionView`; the
 *   component re-renders whenever anything in it changes (each poll included).
 * - `const { view: status } = useScreenRecording((v) => v.status)`: `view` is what the selector
 *   returns; the component re-renders only when that changes according to `compare` (default `Object.is`).
 *
 * The commands are the session's own (`session.commands`): they need no `this` and keep their identity
 * across renders. A selector defined outside the component (or memoized) is selected once per view.
 */
export function useScreenRecording<Selected = SessionView>(
  selector?: ViewSelector<Selected>,
  compare?: Compare<Selected>,
): ScreenRecording<Selected> {
  const session = useScreenRecordingSession();
  const selection = useMemo(() => selectView(session, selector, compare), [session, selector, compare]);
  const view = useSyncExternalStore(selection.subscribe, selection.getSnapshot, selection.getSnapshot);
  return useMemo(() => ({ ...session.commands, view }), [session, view]);
}
