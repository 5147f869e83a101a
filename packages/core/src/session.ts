import { type Actor, createActor } from 'xstate';
import { systemClock } from './clock';
import { createSettlement } from './command-settlement';
import { createCommands } from './commands';
import { type CoverageLedger, type CoverageReport, coverageReport } from './coverage';
import { isolateInspector } from './inspect';
import { watchLocalNetworkAccess } from './local-network-access';
import { isolateLogger } from './logging';
import { type LoginEvent, screenRecordingMachine } from './machine';
import { resolveOptions } from './options';
import { watchPageLifecycle } from './page-lifecycle';
import type { Credentials } from './protocol';
import { createSrsActors } from './srs-actors';
import { shareAcrossTabs, tabsEnvironment } from './tabs';
import { createFetchTransport } from './transport';
import type {
  DataCenter,
  ResolvedOptions,
  ScreenRecordingOptions,
  SessionCommands,
  SessionView,
} from './types';
import { createMachineViewStore, type GapEvent } from './view-store';

/** The app-wide screen-recording session. Bindings subscribe to it; they never create their own. */
export interface ScreenRecordingSession extends SessionCommands {
  /** The six commands in one frozen object whose functions need no `this`: what bindings spread or wrap. */
  readonly commands: Readonly<SessionCommands>;
  /** The XState root actor, for advanced use (its snapshots hold no secret). */
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

/**
 * Creates the session. Validates the options (throws `SrsConfigurationError`), starts no timer and
 * sends nothing until `login()`. In a browser, the tabs of one desktop share one SRS session unless
 * `tabs: 'independent'` (see `tabs.ts`).
 */
export function createScreenRecordingSession(options: ScreenRecordingOptions): ScreenRecordingSession {
  const settings = resolveOptions(options);
  const tabs = tabsEnvironment(options.tabs);
  if (!tabs) return createSessionEngine(options, settings).session;
  let followersRemain = () => false;
  const engine = createSessionEngine(options, settings, { farewellAllowed: () => !followersRemain() });
  const shared = shareAcrossTabs(engine, {
    ...tabs,
    settings,
    clock: options.clock ?? systemClock,
    logger: isolateLogger(options.logger),
  });
  followersRemain = shared.followersRemain;
  return shared.session;
}

/** One tab's session: the statechart, its view and commands, and the browser around the page. */
export interface SessionEngine {
  session: ScreenRecordingSession;
  /** Carries on a session another tab held: its seat and shift, with this tab's own credentials. */
  adopt(credentials: Credentials, handover: Handover): void;
  /** Another tab took the session over: stop talking to SRS, without a logout. */
  relinquish(): void;
  /** What another tab needs to carry this session on; null while none is held. */
  handover(): Handover | null;
}

/** What passes from the tab that held the SRS session to the one taking it over: no secret. */
export interface Handover {
  login: Omit<LoginEvent, 'type'>;
  dataCenter: DataCenter;
  coverage: CoverageLedger;
}

export function createSessionEngine(
  options: ScreenRecordingOptions,
  settings: ResolvedOptions,
  hooks: { farewellAllowed?: () => boolean } = {},
): SessionEngine {
  const clock = options.clock ?? systemClock;
  const logger = isolateLogger(options.logger);
  const transport = createFetchTransport({
    // Late-bound so a page can install a fetch after creating the session (and tests can spy on it).
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock,
    requestTimeoutMs: settings.requestTimeoutMs,
    logger,
  });
  const srsActors = createSrsActors({ settings, transport, clock, logger });

  const actor = createActor(
    screenRecordingMachine.provide({ actors: srsActors.actors, actions: srsActors.actions }),
    {
      input: { settings },
      clock,
      ...(options.inspect ? { inspect: isolateInspector(options.inspect, logger) } : {}),
    },
  );
  const views = createMachineViewStore(actor.getSnapshot(), logger);
  const settlement = createSettlement(() => actor.getSnapshot());
  actor.subscribe((snapshot) => {
    views.publishSnapshot(snapshot);
    settlement.onSnapshot(snapshot);
  });
  actor.start();

  // The browser around the page: its permission to call SRS, and the page freezing, waking and closing.
  const stopWatchingPermission = watchLocalNetworkAccess((state) =>
    actor.send({ type: 'PERMISSION_CHANGED', state }),
  );
  const stopWatchingPage = watchPageLifecycle({
    wake: () => actor.send({ type: 'WAKE', at: srsActors.now() }),
    leave: () => {
      if (options.logoutOnPageHide === false || !actor.getSnapshot().context.sessionOpened) return;
      // Another tab of the desktop carries the session on: ending it would stop its recording.
      if (hooks.farewellAllowed && !hooks.farewellAllowed()) return;
      if (srsActors.sendFarewellLogout()) actor.send({ type: 'FAREWELL_SENT', at: srsActors.now() });
    },
  });

  const commands = createCommands({ actor, settlement, srsActors });
  const session: ScreenRecordingSession = {
    ...commands,
    commands,
    actor,
    getSnapshot: views.getSnapshot,
    subscribe: views.subscribe,
    getCoverage: () => coverageReport(actor.getSnapshot().context.coverage, srsActors.now()),
    onGap: views.onGap,
    dispose() {
      stopWatchingPermission();
      stopWatchingPage();
      if (actor.getSnapshot().status !== 'active') return;
      // The machine's `disposed` state cancels requests and timers and forgets the secrets; the
      // listeners see that view last.
      actor.send({ type: 'DISPOSE' });
      views.close();
    },
  };
  return {
    session,
    adopt(credentials, handover) {
      srsActors.useCredentials(credentials);
      actor.send({ type: 'ADOPT', ...handover });
    },
    relinquish: () => actor.send({ type: 'RELINQUISH' }),
    handover() {
      const { context } = actor.getSnapshot();
      if (!context.sessionOpened || !context.current || context.primaryServer === null) return null;
      return {
        login: {
          server: context.primaryServer,
          peerServer: context.recoveryServer,
          place: context.current.place,
          devices: context.current.devices,
        },
        dataCenter: context.current.dataCenter,
        coverage: context.coverage,
      };
    },
  };
}
