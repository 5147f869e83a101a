import type { ScreenRecordingSession, SessionCommands, SessionView } from '@screen-recording/core';
import { useCallback, useContext, useMemo, useRef, useSyncExternalStore } from 'react';
import { ScreenRecordingContext } from './context';

/** What `useScreenRecording()` returns: the part of the view you selected, and the session's commands. */
export type ScreenRecording<Selected = SessionView> = SessionCommands & {
  /** The whole `SessionView`, or what your selector picked from it. */
  view: Selected;
};

/** Decides whether two selections are the same, so the component need not re-render. */
export type Compare<T> = (previous: T, next: T) => boolean;

const wholeView = (view: SessionView): SessionView => view;

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
 * The commands are the session's own (`session.commands`): they need no `this` and keep their identity across renders.
 */
export function useScreenRecording(): ScreenRecording<SessionView>;
export function useScreenRecording<Selected>(
  selector: (view: SessionView) => Selected,
  compare?: Compare<Selected>,
): ScreenRecording<Selected>;
export function useScreenRecording<Selected>(
  selector: (view: SessionView) => Selected = wholeView as (view: SessionView) => Selected,
  compare: Compare<Selected> = Object.is,
): ScreenRecording<Selected> {
  const session = useScreenRecordingSession();
  const view = useSelectedView(session, selector, compare);
  return useMemo(() => ({ ...session.commands, view }), [session, view]);
}

interface Selection<Selected> {
  session: ScreenRecordingSession;
  view: SessionView;
  selector: (view: SessionView) => Selected;
  selected: Selected;
}

/** `useSyncExternalStore` over the session, narrowed by a selector and a compare function. */
function useSelectedView<Selected>(
  session: ScreenRecordingSession,
  selector: (view: SessionView) => Selected,
  compare: Compare<Selected>,
): Selected {
  const subscribe = useCallback((onChange: () => void) => session.subscribe(() => onChange()), [session]);

  // The last selection, kept across renders so that an inline selector (a new function each render)
  // or a selector returning a fresh object still yields the same value while nothing it reads changed.
  // React bails out of the render when getSnapshot returns the same value (Object.is).
  const last = useRef<Selection<Selected> | null>(null);
  const getSelection = () => {
    const view = session.getSnapshot();
    const previous = last.current;
    if (previous?.session === session && previous.view === view && previous.selector === selector) {
      return previous.selected;
    }
    const next = selector(view);
    const selected =
      previous?.session === session && compare(previous.selected, next) ? previous.selected : next;
    last.current = { session, view, selector, selected };
    return selected;
  };

  // The server renders the same snapshot: creating a session sends nothing, so it is `idle` there.
  return useSyncExternalStore(subscribe, getSelection, getSelection);
}
