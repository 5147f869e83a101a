import type {
  ScreenRecordingSession,
  SessionCommands,
  SessionStatus,
  SessionView,
} from '@screen-recording/core';
import { useSelector } from '@xstate/react';
import { useContext, useMemo } from 'react';
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

/**
 * `useSelector` throws a snapshot's `error` when its `status` is `'error'` (an actor that crashed). A
 * view's status is a state of the session machine, which has none by that name: if it ever gets one, this
 * type becomes `never` and `viewSource` stops compiling.
 */
type SelectableView = 'error' extends SessionStatus ? never : SessionView;

/** What `useSelector` subscribes with: an observer, or its `next` alone (the two forms an actor accepts). */
type ViewObserver = { next?: (view: SessionView) => void } | ((view: SessionView) => void);

/**
 * The session's views in the shape `useSelector` reads: an actor's `getSnapshot`, and a `subscribe` that
 * takes an observer and returns `{ unsubscribe }` (the session's takes a listener and returns a function).
 */
function viewSource(session: ScreenRecordingSession) {
  return {
    getSnapshot: (): SelectableView => session.getSnapshot(),
    subscribe(observer: ViewObserver) {
      const next = typeof observer === 'function' ? observer : observer.next;
      return { unsubscribe: session.subscribe((view) => next?.(view)) };
    },
  };
}

/**
 * `@xstate/react`'s `useSelector` over the session's views, not over `session.actor`: the views are
 * already mapped and deduplicated by the core, so the selector runs once per view change (not per machine
 * snapshot, two per poll) and a whole-view `view` is the session's own object.
 */
function useSelectedView<Selected>(
  session: ScreenRecordingSession,
  selector: (view: SessionView) => Selected,
  compare: Compare<Selected>,
): Selected {
  const source = useMemo(() => viewSource(session), [session]);
  return useSelector(source, selector, compare);
}
