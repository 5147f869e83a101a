import { createScreenRecordingSession } from './create-session';
import type { ScreenRecordingSession } from './session';
import type { Compare, ScreenRecordingOptions, SessionView, ViewSelector } from './types';

/**
 * What every framework binding needs from the core, written once: where the session comes from (and
 * whether the binding disposes it), and a selection of its view that changes only when the selected
 * part does. A binding adds only its framework's reactivity and lifetime.
 */

/**
 * Where a binding's session comes from: the options of one the binding creates and owns (and disposes),
 * or a session the app created and owns itself (never disposed by the binding). Either, not both.
 */
export type ScreenRecordingSource =
  | {
      /**
       * Options of the session to create. Read once: to apply other options, log out and provide a new
       * session (for example under a new `key`).
       */
      options: ScreenRecordingOptions;
      session?: undefined;
    }
  | {
      /** A session the app created and disposes itself. */
      session: ScreenRecordingSession;
      options?: undefined;
    };

/** A source's session, whether the binding created it, and the call that disposes it if so. */
export interface OpenedSource {
  session: ScreenRecordingSession;
  /** True when the binding created the session (from `options`), so it disposes it. */
  owned: boolean;
  /** Disposes the session if the binding created it; does nothing for the app's own. */
  release(): void;
}

/**
 * Opens a source: creates the session from `options` (validating them: throws `SrsConfigurationError`;
 * sends nothing and starts no timer), or takes the app's `session`. `caller` names the binding's call in
 * the error a wrong source gets, e.g. `provideScreenRecording()`.
 */
export function openSessionSource(source: ScreenRecordingSource | undefined, caller: string): OpenedSource {
  checkSessionSource(source, caller);
  if (source.session) return { session: source.session, owned: false, release: () => {} };
  const session = createScreenRecordingSession(source.options as ScreenRecordingOptions);
  return { session, owned: true, release: () => session.dispose() };
}

/** A source opened on first use: see `deferSessionSource()`. */
export interface DeferredSource {
  /** The session: created (from `options`) at the first call, then the same one. */
  session(): ScreenRecordingSession;
  /** Disposes the session if the binding created it; does nothing before the first `session()` call. */
  release(): void;
}

/**
 * Opens a source when its session is first asked for. The source's shape is checked at once (a source
 * with neither or both is a mistake in the code); the session is created by the first `session()` call,
 * so a wrong option throws `SrsConfigurationError` there: where a binding asks for it, inside the
 * framework's error handling (Vue's plugin, from a component's `setup()`).
 */
export function deferSessionSource(
  source: ScreenRecordingSource | undefined,
  caller: string,
): DeferredSource {
  checkSessionSource(source, caller);
  let opened: OpenedSource | undefined;
  return {
    session: () => {
      opened ??= openSessionSource(source, caller);
      return opened.session;
    },
    release: () => opened?.release(),
  };
}

/** Throws a `TypeError` saying what to give unless `source` holds exactly one of `options` and `session`. */
export function checkSessionSource(
  source: ScreenRecordingSource | undefined,
  caller: string,
): asserts source is ScreenRecordingSource {
  const hasSession = source?.session !== undefined;
  const hasOptions = source?.options !== undefined;
  if (hasSession === hasOptions) {
    throw new TypeError(
      `${caller} needs either { options } (the binding creates the session and disposes it) or ` +
        `{ session } (a session you created and dispose yourself); it was given ${hasSession ? 'both' : 'neither'}.`,
    );
  }
}

/** A part of the session's view, as frameworks' stores read one: a current value, and a change signal. */
export interface ViewSelection<Selected> {
  /** The selected part; the same value until `compare` says the selection changed. */
  getSnapshot(): Selected;
  /** Calls `onChange` when the selected part changes (not on every view); returns the unsubscribe function. */
  subscribe(onChange: () => void): () => void;
}

const wholeView = (view: SessionView) => view;

/**
 * A selection of a session's view: `selector` runs once per new view (never per render), and the
 * selection changes only when `compare` (default `Object.is`) says the selected part did. Without a
 * selector it is the whole view, which changes with every new view object. Every binding reads the
 * session this way, with the same two optional arguments.
 */
export function selectView<Selected = SessionView>(
  session: ScreenRecordingSession,
  selector: ViewSelector<Selected> = wholeView as ViewSelector<Selected>,
  compare: Compare<Selected> = Object.is,
): ViewSelection<Selected> {
  let source = session.getSnapshot();
  let selected = selector(source);

  /** Brings the selection up to the session's current view; true when it changed. */
  const refresh = (): boolean => {
    const view = session.getSnapshot();
    if (view === source) return false;
    source = view;
    const next = selector(view);
    if (compare(selected, next)) return false;
    selected = next;
    return true;
  };

  return {
    getSnapshot() {
      refresh();
      return selected;
    },
    subscribe(onChange) {
      return session.subscribe(() => {
        if (refresh()) onChange();
      });
    },
  };
}
