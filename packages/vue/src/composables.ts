import {
  type Compare,
  type ScreenRecordingSession,
  type SessionCommands,
  type SessionView,
  selectView,
  type ViewSelector,
} from '@screen-recording/core';
import {
  getCurrentInstance,
  getCurrentScope,
  hasInjectionContext,
  inject,
  onMounted,
  onScopeDispose,
  type ShallowRef,
  shallowReadonly,
  shallowRef,
} from 'vue';
import { SCREEN_RECORDING_SESSION, sessionProvidedHere } from './provide';

/** What `useScreenRecording()` returns: the part of the view you selected, as a readonly ref, and the session's commands. */
export type ScreenRecording<Selected = SessionView> = SessionCommands & {
  /**
   * The whole `SessionView` (the session's own object, not a reactive copy), or what your selector picked
   * from it. Readonly: only the session changes it.
   */
  readonly view: Readonly<ShallowRef<Selected>>;
};

const WHERE_TO_PROVIDE = `Install the plugin with app.use(ScreenRecordingPlugin, { options }) (or { session }), or call provideScreenRecording({ options }) in the setup() of a component above this one.`;

/**
 * The session of the nearest `provideScreenRecording()` above (or in) this component, else the app's
 * `ScreenRecordingPlugin`: for advanced use (its `actor`, or its commands in code outside components).
 * Call it in `setup()` (or inside `app.runWithContext()`). Throws when there is no session to find.
 */
export function useScreenRecordingSession(): ScreenRecordingSession {
  return findSession('useScreenRecordingSession()');
}

function findSession(caller: string): ScreenRecordingSession {
  if (!hasInjectionContext()) {
    const where =
      "in a component's setup() (or inside app.runWithContext()), to find the screen recording session";
    throw new Error(`${caller} must be called ${where}. ${WHERE_TO_PROVIDE}`);
  }
  const session = sessionProvidedHere() ?? inject(SCREEN_RECORDING_SESSION, null)?.();
  if (!session) throw new Error(`${caller} found no screen recording session. ${WHERE_TO_PROVIDE}`);
  return session;
}

/**
 * Reads the screen recording session and returns its commands. Call it in a component's `setup()` or in
 * an effect scope that can `inject()` (a Pinia store, `app.runWithContext()`).
 *
 * - `const { view, login, logout } = useScreenRecording()`: `view.value` is the session's `SessionView`;
 *   it changes whenever anything in it does (each poll included).
 * - `const { view: status } = useScreenRecording((view) => view.status)`: `view.value` is what the
 *   selector returns; it changes only when `compare` (default `Object.is`) says the selection did, so a
 *   component that shows the status does not re-render on a successful poll.
 *
 * The commands are the session's own (`session.commands`): they need no `this`. In a component the
 * subscription starts when it mounts (never during server rendering) and ends with its scope.
 */
export function useScreenRecording<Selected = SessionView>(
  selector?: ViewSelector<Selected>,
  compare?: Compare<Selected>,
): ScreenRecording<Selected> {
  if (!getCurrentScope()) {
    const where = "in a component's setup() or inside an effect scope, which ends its subscription";
    throw new Error(`useScreenRecording() must be called ${where}. ${WHERE_TO_PROVIDE}`);
  }
  const session = findSession('useScreenRecording()');
  const selection = selectView(session, selector, compare);
  const view = shallowRef(selection.getSnapshot());
  const follow = () => {
    view.value = selection.getSnapshot();
  };

  let unsubscribe: (() => void) | undefined;
  const start = () => {
    unsubscribe ??= selection.subscribe(follow);
    // The view may have moved between setup() and now (a sibling logged in when it mounted).
    follow();
  };
  onScopeDispose(() => unsubscribe?.());
  // Server rendering runs setup() but never mounts, and never disposes a component's scope: a component
  // subscribes when it mounts, so the server keeps no listener. A scope outside components ends itself.
  if (getCurrentInstance()) onMounted(start);
  else start();

  return { ...session.commands, view: shallowReadonly(view) };
}
