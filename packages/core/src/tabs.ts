import type { CommandName } from './commands';
import { coverageReport } from './coverage';
import {
  ScreenRecordingError,
  type ScreenRecordingErrorCode,
  SessionCancelledError,
  SessionStateError,
  SrsBusyError,
  SrsConfigurationError,
  SrsForbiddenError,
  SrsInsecureContextError,
  SrsMoveRefusedError,
  SrsPermissionDeniedError,
  SrsRejectedError,
  SrsServerError,
  SrsUnauthorizedError,
  SrsUnavailableError,
} from './errors';
import { isolateLogger } from './logging';
import { validateLoginParams } from './options';
import { watchPageLifecycle } from './page-lifecycle';
import type { Credentials } from './protocol';
import type { ScreenRecordingSession, SessionEngine } from './session';
import type {
  Clock,
  Logger,
  LoginParams,
  ResolvedOptions,
  SessionCommands,
  SessionView,
  TabRole,
} from './types';
import { createViewStore } from './view-store';

/**
 * Several tabs of one desktop (a duplicated tab, a pop-out window, a second tab after a reload) share one
 * SRS session: SRS has one session per agent machine, and tabs that each logged in, polled and logged
 * out would fight over it.
 *
 * - One tab, the leader, talks to SRS. It holds a Web Lock named after the SRS address, so exactly one
 *   tab holds it and the next in line gets it the moment the leader's page closes or crashes.
 * - The others mirror the leader's view over a BroadcastChannel and pass their commands to it; each
 *   command's promise settles in the tab that called it when the leader's transition settles.
 * - No secret crosses the channel. Each tab's own `login()` keeps the agent's credentials in that tab's
 *   memory, so a follower can take the session over without being sent them; a tab that never logged in
 *   (a `watcher`) mirrors, but cannot take over. A desktop calls `login()` in every tab the agent uses,
 *   as it would anyway: in a follower it sends nothing to SRS.
 * - The leader sends a heartbeat; a follower that hears nothing for a while (a frozen or sleeping
 *   leader keeps its lock) takes the lock over (`steal`), well within SRS's timeout. A leader that wakes
 *   up to find its lock taken stops talking to SRS, without a logout. A follower that was frozen itself
 *   missed the heartbeats: it asks the leader to answer before judging it silent.
 * - Where Web Locks are missing, the heartbeat alone elects: the tab with the lowest id wins.
 */

/** The subset of `navigator.locks` the tabs use. */
export interface TabLocks {
  request(
    name: string,
    options: { ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown>;
}

/** The subset of `BroadcastChannel` the tabs use. */
export interface TabChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/** How the tabs reach each other: the browser's by default; tests pass in-memory ones. */
export interface TabsEnvironment {
  /** `navigator.locks`, or null where there is none (then the heartbeat alone elects the leader). */
  locks: TabLocks | null;
  openChannel(name: string): TabChannel;
}

/** The `tabs` option: share the SRS session between the tabs of a desktop (the default in browsers), or not. */
export type TabsOption = 'shared' | 'independent' | TabsEnvironment;

/** The environment to share tabs through, or null when the session works alone. */
export function tabsEnvironment(option: TabsOption | undefined): TabsEnvironment | null {
  if (option === 'independent') return null;
  if (option !== undefined && option !== 'shared') return option;
  const platform = globalThis as {
    BroadcastChannel?: new (name: string) => TabChannel;
    navigator?: { locks?: TabLocks };
    document?: unknown;
  };
  // Outside browsers there are no tabs: a Node desktop, a test, a worker.
  if (typeof platform.BroadcastChannel !== 'function' || platform.document === undefined) return null;
  const Channel = platform.BroadcastChannel;
  const locks = platform.navigator?.locks;
  return {
    locks: typeof locks?.request === 'function' ? locks : null,
    openChannel: (name) => new Channel(name),
  };
}

/** A leader says it is alive this often. */
const HEARTBEAT_MS = 5_000;

type WireError = { name: string; code: ScreenRecordingErrorCode; message: string; field?: string };
type WireView = Omit<SessionView, 'error'> & { error: WireError | null };
type NonSecretLogin = Omit<LoginParams, 'password'>;

type TabMessage =
  | { kind: 'hello'; from: string; canTakeOver: boolean }
  | { kind: 'bye'; from: string }
  | { kind: 'view'; from: string; view: WireView }
  | { kind: 'heartbeat'; from: string }
  | { kind: 'command'; from: string; id: string; name: CommandName; args: unknown[] }
  | { kind: 'result'; to: string; id: string; error: WireError | null }
  | { kind: 'logged-out'; from: string };

export function shareAcrossTabs(
  engine: SessionEngine,
  environment: TabsEnvironment & { settings: ResolvedOptions; clock: Clock; logger: Logger },
) {
  const { locks, settings, clock } = environment;
  const logger = isolateLogger(environment.logger);
  const local = engine.session;
  const lockName = `screen-recording:${settings.srsUrl}`;
  const channel = environment.openChannel(lockName);
  const tabId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  // Well within SRS's timeout: a frozen leader's last poll plus this still leaves the new leader time.
  const takeoverAfterMs = Math.min(3 * HEARTBEAT_MS, Math.floor(settings.sessionTimeoutMs / 4));
  const commandTimeoutMs = settings.requestTimeoutMs * 2 + HEARTBEAT_MS;

  let role: 'alone' | 'leader' | 'follower' = 'alone';
  /** This tab's own copy of the agent's credentials, from its own `login()`: what a takeover needs. */
  let credentials: Credentials | null = null;
  /** This tab's own login, without the password: the servers a takeover sends. */
  let ownLogin: NonSecretLogin | null = null;
  /** The leader's view as this tab last heard it. */
  let mirror: SessionView | null = null;
  let lastHeardAt = Number.NEGATIVE_INFINITY;
  let releaseLock: (() => void) | null = null;
  let waitingForLock: AbortController | null = null;
  let disposed = false;
  /** Followers that could take over (they hold credentials): while any remains, a closing leader does not log out. */
  const candidates = new Set<string>();
  const awaiting = new Map<string, { resolve(): void; reject(error: unknown): void; timer: unknown }>();
  let nextCommandId = 1;

  const views = createViewStore(withRole(local.getSnapshot()), logger);

  function withRole(view: SessionView): SessionView {
    const tab: TabRole = role === 'follower' ? (credentials ? 'follower' : 'watcher') : role;
    return view.tab === tab ? view : { ...view, tab };
  }

  /** The view this tab shows: its own session's, or the leader's. */
  function republish(): void {
    const source = role === 'follower' && mirror ? mirror : local.getSnapshot();
    views.publish(withRole(source));
  }

  function post(message: TabMessage): void {
    try {
      channel.postMessage(message);
    } catch (error) {
      logger.warn('a message to the other tabs could not be sent', { error: String(error) });
    }
  }

  // --- leading ---------------------------------------------------------------------------------

  let heartbeat: unknown;
  function beatWhileLeading(): void {
    clock.clearTimeout(heartbeat);
    if (role !== 'leader' || disposed) return;
    post({ kind: 'heartbeat', from: tabId });
    heartbeat = clock.setTimeout(beatWhileLeading, HEARTBEAT_MS);
  }

  function lead(): Promise<void> {
    role = 'leader';
    mirror = null;
    republish();
    post({ kind: 'view', from: tabId, view: toWire(local.getSnapshot()) });
    beatWhileLeading();
    return new Promise<void>((resolve) => {
      releaseLock = resolve;
    });
  }

  /** Gives the lock back (after a logout, or when this tab goes away). */
  function stepDown(next: 'alone' | 'follower'): void {
    releaseLock?.();
    releaseLock = null;
    role = next;
    clock.clearTimeout(heartbeat);
  }

  /** Another tab took the lock (this one was frozen or asleep): stop talking to SRS, without a logout. */
  function lostLeadership(): void {
    if (role !== 'leader') return;
    releaseLock = null;
    role = 'follower';
    clock.clearTimeout(heartbeat);
    engine.relinquish();
    republish();
    if (credentials) queueForLeadership();
  }

  /** Tries to lead at once; false when another tab leads. */
  function tryToLead(): Promise<boolean> {
    if (!locks) {
      if (leaderHeardRecently()) return Promise.resolve(false);
      void lead();
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      locks
        .request(lockName, { ifAvailable: true }, (lock) => {
          if (!lock) {
            resolve(false);
            return undefined;
          }
          resolve(true);
          return lead();
        })
        .catch(lostLeadership);
    });
  }

  /** Waits in line for the lock, to take the session over when the leader's page goes. */
  function queueForLeadership(): void {
    if (!locks || waitingForLock || disposed) return;
    const waiting = new AbortController();
    waitingForLock = waiting;
    locks
      .request(lockName, { signal: waiting.signal }, () => {
        waitingForLock = null;
        return takeOver();
      })
      .catch((error: unknown) => {
        if (waitingForLock === waiting) waitingForLock = null;
        // Aborted after a logout, or the lock was taken from this tab while it led.
        if (!waiting.signal.aborted) lostLeadership();
        void error;
      });
  }

  /**
   * Leads from here, carrying on the session the leader held: its seat and shift, this tab's credentials.
   * With nothing to carry on (the agent logged out meanwhile), the lock goes back at once.
   */
  function takeOver(): Promise<void> | undefined {
    const seen = mirror;
    if (!credentials || !ownLogin || !seen || seen.status === 'idle' || seen.status === 'disposed')
      return undefined;
    const leading = lead();
    engine.adopt(credentials, {
      login: {
        server: ownLogin.server,
        peerServer: ownLogin.peerServer ?? null,
        place: seen.place,
        devices: seen.devices,
      },
      dataCenter: seen.dataCenter,
      coverage: seen.coverage,
    });
    republish();
    return leading;
  }

  // --- following ---------------------------------------------------------------------------------

  function leaderHeardRecently(): boolean {
    return now() - lastHeardAt < takeoverAfterMs;
  }

  /** A follower that hears nothing from its leader for a while takes the session over. */
  let watchdog: unknown;
  function watchTheLeader(askedAfterSleep = false): void {
    clock.clearTimeout(watchdog);
    if (disposed) return;
    const armedAt = now();
    watchdog = clock.setTimeout(() => {
      // Late: this tab was frozen or asleep itself, so it missed the heartbeats of a leader that may be
      // fine. It asks the leader to answer and judges at the next check. Only once in a row: a tab
      // throttled in the background runs every timer late, and must still judge.
      const slept = now() - armedAt > 2 * HEARTBEAT_MS && !askedAfterSleep;
      watchTheLeader(slept);
      if (slept) {
        announce();
        return;
      }
      if (role !== 'follower' || !credentials || leaderHeardRecently()) return;
      logger.warn('the tab holding the screen recording session stopped answering: this tab takes over');
      if (!locks) {
        void takeOver();
        return;
      }
      waitingForLock?.abort();
      waitingForLock = null;
      locks.request(lockName, { steal: true }, () => takeOver()).catch(lostLeadership);
    }, HEARTBEAT_MS);
  }

  function forward(name: CommandName, args: unknown[]): Promise<void> {
    const id = `${tabId}:${nextCommandId++}`;
    return new Promise<void>((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        awaiting.delete(id);
        reject(
          new SessionStateError(
            `${name}() got no answer from the tab that holds the screen recording session.`,
          ),
        );
      }, commandTimeoutMs);
      awaiting.set(id, { resolve, reject, timer });
      post({ kind: 'command', from: tabId, id, name, args });
    });
  }

  // --- the channel -------------------------------------------------------------------------------

  function onMessage(event: { data: unknown }): void {
    const message = event.data as TabMessage;
    if (disposed || typeof message !== 'object' || message === null) return;
    if ('from' in message && message.from === tabId) return;
    switch (message.kind) {
      case 'view':
      case 'heartbeat':
        heard(message);
        break;
      case 'hello':
        if (message.canTakeOver) candidates.add(message.from);
        else candidates.delete(message.from);
        if (role === 'leader') post({ kind: 'view', from: tabId, view: toWire(local.getSnapshot()) });
        break;
      case 'bye':
        candidates.delete(message.from);
        break;
      case 'command':
        if (role === 'leader') void runForwarded(message);
        break;
      case 'result':
        settleForwarded(message);
        break;
      case 'logged-out':
        // A logout in any tab ends the SRS session for all: nothing left to take over.
        forgetTheAgent();
        republish();
        break;
    }
  }

  function heard(message: Extract<TabMessage, { kind: 'view' | 'heartbeat' }>): void {
    // Without Web Locks two tabs may both have claimed the lead: the lower id keeps it.
    if (role === 'leader') {
      if (locks || message.from > tabId) return;
      lostLeadership();
    }
    lastHeardAt = now();
    if (message.kind === 'view') mirror = fromWire(message.view);
    if (role === 'alone' && mirror) role = 'follower';
    // The agent is logging out (from any tab): nothing will be left to take over, so stop waiting in line
    // now, before the leader lets its lock go.
    if (mirror?.status === 'loggingOut') forgetTheAgent();
    republish();
  }

  async function runForwarded(message: Extract<TabMessage, { kind: 'command' }>): Promise<void> {
    let error: unknown = null;
    try {
      await runHere(message.name, message.args);
    } catch (caught) {
      error = caught;
    }
    post({
      kind: 'result',
      to: message.from,
      id: message.id,
      error: error === null ? null : toWireError(error),
    });
  }

  /** A follower's command, run by the leader. A follower's login carries no password: the leader uses its own. */
  function runHere(name: CommandName, args: unknown[]): Promise<void> {
    if (name !== 'login') {
      const command = local.commands[name] as (...params: unknown[]) => Promise<void>;
      return command(...args);
    }
    const login = args[0] as NonSecretLogin;
    if (!credentials || credentials.username !== login.username) {
      return Promise.reject(
        new SessionStateError(
          'Another tab of this desktop holds the SRS session for another agent: log out there first.',
        ),
      );
    }
    return local.commands.login({ ...login, password: credentials.password } as LoginParams);
  }

  function forgetTheAgent(): void {
    credentials = null;
    ownLogin = null;
    waitingForLock?.abort();
    waitingForLock = null;
  }

  function settleForwarded(message: Extract<TabMessage, { kind: 'result' }>): void {
    if (message.to !== tabId) return;
    const waiting = awaiting.get(message.id);
    if (!waiting) return;
    awaiting.delete(message.id);
    clock.clearTimeout(waiting.timer);
    if (message.error) waiting.reject(fromWireError(message.error));
    else waiting.resolve();
  }

  /** Tells the other tabs this one is here and whether it could carry the session on; a leader answers with its view. */
  function announce(): void {
    post({ kind: 'hello', from: tabId, canTakeOver: credentials !== null });
  }

  channel.addEventListener('message', onMessage);
  announce();
  // Going away, the others stop counting on this tab (a closing leader's lock is freed by the browser);
  // back (resumed, shown, restored from the back/forward cache), it says so again.
  const stopWatchingPage = watchPageLifecycle({
    wake: announce,
    leave: () => post({ kind: 'bye', from: tabId }),
  });

  // This tab's own session: its views are shown (and, when leading, sent to the others).
  let wasHolding = false;
  local.subscribe((view) => {
    if (role === 'leader') {
      post({ kind: 'view', from: tabId, view: toWire(view) });
      // Logged out (here, or from another tab through here): every tab is done.
      if (wasHolding && view.status === 'idle') {
        post({ kind: 'logged-out', from: tabId });
        credentials = null;
        ownLogin = null;
        stepDown('alone');
      }
    }
    wasHolding = view.status !== 'idle';
    republish();
  });

  // --- the commands ----------------------------------------------------------------------------

  function run(name: CommandName, args: unknown[]): Promise<void> {
    if (disposed) return local.commands[name](...(args as [never]));
    if (role === 'follower') return forward(name, args);
    return (local.commands[name] as (...params: unknown[]) => Promise<void>)(...args);
  }

  async function login(params: LoginParams): Promise<void> {
    if (disposed) return local.commands.login(params);
    const checked = validateLoginParams(params);
    credentials = { username: checked.username, password: checked.password };
    const { password: _password, ...nonSecret } = checked;
    ownLogin = nonSecret;
    announce();
    // Only a tab that could take over watches the leader: creating a session starts no timer.
    watchTheLeader();
    if (role !== 'leader' && !(await tryToLead())) {
      role = 'follower';
      republish();
      queueForLeadership();
      return forward('login', [nonSecret]);
    }
    return local.commands.login(checked);
  }

  const commands: SessionCommands = Object.freeze({
    login: (params: LoginParams) => login(params),
    switchPlace: (params) => run('switchPlace', [params]),
    logout: () => run('logout', []),
    failover: () => run('failover', []),
    failback: () => run('failback', []),
    retry: () => run('retry', []),
  } satisfies SessionCommands);

  const session: ScreenRecordingSession = {
    ...commands,
    commands,
    actor: local.actor,
    getSnapshot: views.getSnapshot,
    subscribe: views.subscribe,
    onGap: views.onGap,
    // A follower's shift is the leader's: its ledger came with the leader's view.
    getCoverage: () =>
      role === 'follower' && mirror
        ? coverageReport(mirror.coverage, { at: clock.now(), mono: now() })
        : local.getCoverage(),
    dispose() {
      if (disposed) return;
      stopWatchingPage();
      post({ kind: 'bye', from: tabId });
      disposed = true;
      clock.clearTimeout(watchdog);
      clock.clearTimeout(heartbeat);
      waitingForLock?.abort();
      if (role === 'leader') stepDown('alone');
      for (const [id, waiting] of awaiting) {
        clock.clearTimeout(waiting.timer);
        waiting.reject(new SessionCancelledError('The session was disposed.'));
        awaiting.delete(id);
      }
      channel.removeEventListener('message', onMessage);
      channel.close();
      local.dispose();
      role = 'alone';
      republish();
      views.close();
    },
  };

  return {
    session,
    /** A follower that could carry the session on remains: a closing leader must not log out. */
    followersRemain: () => role === 'leader' && candidates.size > 0,
  };

  function now(): number {
    return clock.monotonicNow?.() ?? clock.now();
  }
}

// --- what crosses the channel: plain data, no secret ----------------------------------------------

function toWireError(error: unknown): WireError {
  if (error instanceof ScreenRecordingError) {
    const wire: WireError = { name: error.name, code: error.code, message: error.message };
    if (error instanceof SrsConfigurationError) wire.field = error.field;
    return wire;
  }
  return { name: 'SessionStateError', code: 'invalid-state', message: String(error) };
}

function toWire(view: SessionView): WireView {
  return { ...view, error: view.error ? toWireError(view.error) : null };
}

function fromWire(view: WireView): SessionView {
  return { ...view, error: view.error ? fromWireError(view.error) : null };
}

/** The typed error again, from its code: apps check `instanceof` and `code` in every tab alike. */
function fromWireError(wire: WireError): ScreenRecordingError {
  const { message } = wire;
  switch (wire.code) {
    case 'configuration':
      return Object.assign(new SrsConfigurationError(wire.field ?? 'options', ''), { message });
    case 'unauthorized':
      return new SrsUnauthorizedError(message);
    case 'forbidden':
      return new SrsForbiddenError(message);
    case 'rejected':
      return new SrsRejectedError(0, message);
    case 'unavailable':
      return new SrsUnavailableError('network', message);
    case 'server-error':
      return new SrsServerError(0, message);
    case 'busy':
      return new SrsBusyError(429, message, null);
    case 'permission-denied':
      return new SrsPermissionDeniedError(message);
    case 'insecure-context':
      return new SrsInsecureContextError(message);
    case 'move-refused':
      return new SrsMoveRefusedError(message, new SrsRejectedError(0, message));
    case 'cancelled':
      return new SessionCancelledError(message);
    default:
      return new SessionStateError(message);
  }
}
