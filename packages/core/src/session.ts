import type { Actor } from 'xstate';
import { type CommandPayloads, commandsFrom, runCommand } from './commands';
import { coverageReport } from './coverage';
import { createSessionEngine, type SessionEngine } from './engine';
import { SessionStateError } from './errors';
import { watchLocalNetworkAccess } from './local-network-access';
import type { screenRecordingMachine } from './machine';
import { resolveOptions } from './options';
import { watchPageLifecycle } from './page-lifecycle';
import type { TabSharing } from './tabs';
import type {
  CommandName,
  CoverageReport,
  GapEvent,
  LoginParams,
  ScreenRecordingOptions,
  SessionCommands,
  SessionView,
} from './types';
import { statusOf, toView } from './view';
import { createViewStore } from './view-store';

/** The app-wide screen-recording session. Bindings subscribe to it; they never create their own. */
export interface ScreenRecordingSession extends SessionCommands {
  /** The six commands in one frozen object whose functions need no `this`: what bindings spread or wrap. */
  readonly commands: Readonly<SessionCommands>;
  /**
   * This tab's session statechart: the XState actor that talks to SRS (its snapshots hold no secret).
   * When the desktop's tabs share a session and another tab leads, it rests in `idle` and the view shows
   * the leading tab's session instead; the tab chart, beside it in the inspector, says which tab leads.
   */
  readonly actor: Actor<typeof screenRecordingMachine>;
  /** The current view; the same object until something in it changes. */
  getSnapshot(): SessionView;
  /** The recording coverage of the current (or last) shift, with its figures up to now. */
  getCoverage(): CoverageReport;
  /**
   * Calls `listener` when a gap in the recording coverage opens (SRS stopped holding the agent's session:
   * show it, log it) or closes. Returns the function that unsubscribes.
   */
  onGap(listener: (event: GapEvent) => void): () => void;
  /**
   * Calls `listener` with each new view; returns the function that unsubscribes. After `dispose()` it
   * accepts the listener, never calls it, and returns a function that does nothing.
   */
  subscribe(listener: (view: SessionView) => void): () => void;
  /**
   * Ends the session object for good: cancels what is in flight, stops every timer, forgets the
   * credentials and rejects pending commands with `SessionCancelledError`. The view then says
   * `disposed`, and every later command rejects with `SessionStateError`. Sends nothing to SRS: call
   * `logout()` first to end the SRS session.
   */
  dispose(): void;
}

/** Connects this tab's engine to the desktop's other tabs, or returns null when it works alone. */
export type ShareTabs = (engine: SessionEngine) => TabSharing | null;

/**
 * Builds the session, with the tab sharing passed in or none: the two public creators
 * (`create-session.ts`, `entry/independent.ts`) differ only there, so an app that imports the second
 * ships no tab sharing.
 */
export function buildSession(
  options: ScreenRecordingOptions,
  shareTabs: ShareTabs | null,
): ScreenRecordingSession {
  const settings = resolveOptions(options);
  const engine = createSessionEngine(options, settings);
  const { actor, logger } = engine;
  const views = createViewStore(toView(actor.getSnapshot()), logger);
  const publish = () => views.publish(toView(actor.getSnapshot(), tabs?.part()));
  const isDisposed = () => statusOf(actor.getSnapshot()) === 'disposed';

  // The tab sharing the creator passed in (`create-session.ts`), or none: this tab alone carries the session.
  const tabs = shareTabs?.(engine) ?? null;
  tabs?.actor.subscribe(publish);

  function run<Name extends CommandName>(
    name: Name,
    payload: CommandPayloads[Name],
    args: Parameters<SessionCommands[Name]>,
  ): Promise<void> {
    if (isDisposed()) {
      return Promise.reject(new SessionStateError(`${name}() is not possible: the session was disposed.`));
    }
    const credentials = name === 'login' ? credentialsOf(args[0] as LoginParams) : undefined;
    return tabs ? tabs.run(name, payload, credentials) : runCommand(engine, name, payload, credentials);
  }

  // The browser around the page: its permission to call SRS, and the page freezing, waking and closing.
  const stopWatchingPermission = watchLocalNetworkAccess((state) =>
    actor.send({ type: 'PERMISSION_CHANGED', state }),
  );
  const stopWatchingPage = watchPageLifecycle({
    wake() {
      actor.send({ type: 'WAKE', at: engine.now() });
      tabs?.wake();
    },
    leave() {
      tabs?.leave();
      if (options.logoutOnPageHide === false || !actor.getSnapshot().context.sessionOpened) return;
      // Another tab of the desktop carries the session on: ending it would stop its recording.
      if (tabs?.carriedOnElsewhere()) return;
      if (engine.sendFarewellLogout()) actor.send({ type: 'FAREWELL_SENT', at: engine.now() });
    },
  });

  actor.subscribe(publish);
  actor.start();
  publish();

  const commands = commandsFrom(run);
  return {
    ...commands,
    commands,
    actor,
    getSnapshot: views.getSnapshot,
    subscribe: views.subscribe,
    onGap: views.onGap,
    // A follower's shift is the leader's: its ledger came with the leader's view.
    getCoverage: () => coverageReport(views.getSnapshot().coverage, engine.now()),
    dispose() {
      if (isDisposed()) return;
      stopWatchingPermission();
      stopWatchingPage();
      tabs?.dispose();
      // The machine's `disposed` state cancels requests and timers and forgets the secrets; the
      // listeners see that view last.
      actor.send({ type: 'DISPOSE' });
      views.close();
    },
  };
}

/** The credentials of a `login()` call, already checked: they stay in this tab. */
function credentialsOf({ username, password }: LoginParams) {
  return { username, password };
}
