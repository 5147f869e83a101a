/**
 * The public types, at the bottom of the core: this file imports no implementation (the error classes
 * import nothing either), so every other file can depend on it without an import circle.
 */
import type { InspectionEvent, Observer } from 'xstate';
import type { ScreenRecordingError } from './errors';

/** A device of a place: a DN and the switch it belongs to, as configured in Genesys. */
export interface Device {
  dn: string;
  switch: string;
}

/** Where the agent sits for this session (hot seating). Omit it to use the agent's default place. */
export interface PlaceParams {
  /** The Place object's name, as configured in Genesys. */
  place: string;
  /** The place's DNs. Required when the place has several DNs; each must belong to the place. */
  devices?: readonly Device[];
}

/** What every `login()` needs: the agent's credentials and the RWS that SRS should talk to. */
export interface LoginCredentials {
  /** The agent's Config Server user name. SRS has no single sign-on. */
  username: string;
  /** The agent's password. Kept in memory only, for re-login after SRS drops the session. */
  password: string;
  /** RWS of the active data center, as an absolute URL with scheme and port: `https://rws.dc1.example.com:443`. */
  server: string;
  /** RWS of the recovery data center, sent as `peer_server`; also the target of `failover()`. */
  peerServer?: string;
}

/**
 * What `login()` needs: the credentials, and for hot seating the place the agent chose with its devices.
 * Devices need a place (each must belong to it), so `devices` without `place` does not compile.
 */
export type LoginParams = LoginCredentials &
  (
    | {
        /** Hot seating: the place the agent chose. Omit for the default place. */
        place?: string;
        devices?: undefined;
      }
    | PlaceParams
  );

/**
 * Chromium's Local Network Access permission for this page to call SRS on loopback: `unknown` outside
 * browsers, in browsers that do not have it, and before it was read.
 */
export type LocalNetworkAccess = 'granted' | 'prompt' | 'denied' | 'unknown';

/**
 * This tab's part in a desktop open in several tabs, which share one SRS session (`tabs: 'shared'`):
 * - `alone`: no other tab of the desktop holds the session (or sharing is off): this tab does its own work;
 * - `leader`: this tab talks to SRS for every tab of the desktop;
 * - `follower`: another tab talks to SRS; this one shows its view, passes its commands on, and can take
 *   over (it holds the agent's credentials from its own `login()`);
 * - `watcher`: as a follower, but it cannot take over: `login()` has not been called in this tab (or
 *   was refused because another agent holds the session).
 */
export type TabRole = 'alone' | 'leader' | 'follower' | 'watcher';

/** Which data center's RWS is sent as `server`. */
export type DataCenter = 'primary' | 'recovery';

/**
 * The session's top-level state, as the view shows it. The statechart checks at compile time that its
 * states are exactly these, so a new state shows up in every exhaustive `switch` over `view.status`.
 */
export type SessionStatus =
  | 'idle'
  | 'loggingIn'
  | 'active'
  | 'switchingPlace'
  | 'failover'
  | 'loggingOut'
  | 'failed'
  | 'disposed';

/**
 * A moment read from the session's clock twice: wall-clock time for what a person reads, a monotonic
 * reading for durations (it never jumps when the wall clock is set; only differences count).
 */
export interface Instant {
  /** Wall-clock time, ms since the epoch. */
  at: number;
  /** Monotonic reading, ms. */
  mono: number;
}

/**
 * Every delay of a session goes through one clock, so tests can run hours in milliseconds and a page
 * can swap in timers that background tabs do not throttle (for example a Worker's).
 */
export interface Clock {
  /** Wall-clock time in ms since the epoch: what the view shows. */
  now(): number;
  /**
   * A monotonic reading in ms (only differences count), for durations: it never jumps when the wall clock
   * is set. Optional: without it, durations are read from `now()` and every wait is still capped at its interval.
   */
  monotonicNow?(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Where a session writes what it does. Messages never contain credentials or tokens. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** The `fetch` the transport calls: the global one by default. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

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

/** Options of `createScreenRecordingSession()`. Only `srsUrl` is required. */
export interface ScreenRecordingOptions {
  /**
   * Base URL of the SRS on the agent's machine, for example `https://127.0.0.1:8443`.
   * Must be loopback unless `allowRemoteSrs`; in a browser its scheme must match the page's (the API guide's CORS rule).
   */
  srsUrl: string;
  /** Time between two polls, from the start of one to the start of the next. Default 30 000 (the API guide's figure). */
  pingIntervalMs?: number;
  /** SRS drops a session that has not polled for this long. Default 60 000 (SRS's default). */
  sessionTimeoutMs?: number;
  /** Ask SRS for a CSRF token at login (`X-Support-CSRFP: true`) and send it on logout. Default true. */
  csrf?: boolean;
  /** Allow an SRS that is not on loopback. Credentials then leave the machine: leave it false unless you must. Default false. */
  allowRemoteSrs?: boolean;
  /** Allow an SRS scheme that differs from the page's. Browsers then refuse the call, so default false. */
  allowSchemeMismatch?: boolean;
  /** URL of the page the desktop runs in, for the scheme rule. Default `globalThis.location.href` when there is one. */
  pageUrl?: string;
  /**
   * Each request to SRS is abandoned after this long, answer and body included. Default 20 000, or less
   * when a longer `pingIntervalMs` leaves less room before SRS's timeout. A ping refreshes SRS's timer
   * when SRS receives it, so a slow answer is still a good poll: the default leaves most of the 30 s
   * between the poll interval and SRS's timeout to a slow SRS.
   */
  requestTimeoutMs?: number;
  /**
   * Wait before retrying a failed request; doubles with each consecutive failure, and never lets a held
   * session reach SRS's timeout. Default 2 000, or less when a longer `pingIntervalMs` leaves less room.
   */
  retryDelayMs?: number;
  /** Consecutive failed requests before the session gives up (`failed`), or fails over at login. Default 3. */
  maxConsecutiveFailures?: number;
  /**
   * A `failed` session that trying again can fix (SRS down, 5xx, no answer) logs in again by itself
   * while the agent is logged in: after about 5 s, then doubling up to this interval (with up to 20 %
   * jitter), until it works or the agent logs out. Refused credentials, a refused place, CSRF or
   * origin refusals and a denied browser permission wait for the app. `false` leaves every failed
   * session to the app's `retry()`. Default 30 000.
   */
  selfHealIntervalMs?: number | false;
  /** The `fetch` to call SRS with. Default `globalThis.fetch`. */
  fetch?: FetchFunction;
  /** The clock every delay goes through. Default the platform's timers. */
  clock?: Clock;
  /**
   * The source of chance: a number in [0, 1), like `Math.random`. It spreads the self-healing tries of
   * desktops that failed together, and names this tab among the desktop's tabs. Default `Math.random`.
   */
  random?: () => number;
  /**
   * Inspection observer handed to the session's actors (the session chart and, when tabs are shared,
   * the tab chart), for example `createBrowserInspector().inspect`.
   */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** Where to log what the session does. Default: nothing is logged. */
  logger?: Logger;
  /**
   * When the page goes away (`pagehide`: the tab closes, reloads or navigates), end the SRS session with
   * a `keepalive` logout, so SRS does not record an empty desk until its timeout. A page restored from
   * the back/forward cache logs in again by itself. Default true.
   */
  logoutOnPageHide?: boolean;
  /**
   * In a browser, the tabs of one desktop (same `srsUrl`) share one SRS session: one tab talks to SRS,
   * the others follow it and take over when it closes. `'independent'` makes each tab a session of its
   * own, and no channel or lock is opened. Outside browsers a session is always
   * independent. Tests may pass their own locks and channel. Default `'shared'`.
   */
  tabs?: TabsOption;
}

/** The options with every default filled in, as the session uses them. */
export interface ResolvedOptions {
  srsUrl: string;
  pingIntervalMs: number;
  sessionTimeoutMs: number;
  csrf: boolean;
  requestTimeoutMs: number;
  retryDelayMs: number;
  maxConsecutiveFailures: number;
  /** Null when self-healing is off. */
  selfHealIntervalMs: number | null;
}

/** Why SRS was not recording the agent. */
export type GapReason =
  /** SRS did not answer: not running, restarting or unreachable (at once), or not in time (timeouts, once its session timed out). */
  | 'srs-unreachable'
  /** SRS answered, but with errors (5xx, busy) until its session timed out. */
  | 'srs-error'
  /** SRS no longer had the session (401): it timed out or SRS restarted. */
  | 'session-expired'
  /** SRS refused the login (credentials, CSRF or origin, place or devices). */
  | 'refused'
  /** The browser's Local Network Access permission blocked every call to SRS. */
  | 'permission-denied'
  /** The SRS session was ended on purpose as the page went away (`pagehide`): this tab's, or the leading tab's. */
  | 'logged-out'
  /** The page did not run (frozen, or the machine asleep) for longer than SRS's timeout. */
  | 'page-frozen';

/**
 * A gap in the recording coverage: the one shape the view's ledger, `onGap` and `getCoverage()` all use.
 * Times are wall-clock ms; `durationMs` is measured on the monotonic clock.
 */
export interface CoverageGap {
  reason: GapReason;
  startedAt: number;
  /** Null while the gap is open. */
  endedAt: number | null;
  /** Null while the gap is open (in the ledger and in `onGap`); the time so far in a `CoverageReport`. */
  durationMs: number | null;
}

/** The recording coverage of a shift, as the view carries it: changes only when a gap opens or closes. */
export interface CoverageLedger {
  /** When the first login of this shift succeeded (the request's send time); null before it. */
  start: Instant | null;
  /** When the agent logged out; null while logged in. */
  end: Instant | null;
  /** The gap in progress, if any. */
  openGap: CoverageGap | null;
  /** The monotonic reading where the open gap started, for its duration; null when none is open. */
  openGapMono: number | null;
  /** Closed gaps: how many, their total and the longest, over the whole shift. */
  gapCount: number;
  closedGapMs: number;
  longestGapMs: number;
  /** The last closed gaps, newest first, at most 20. */
  recentGaps: readonly CoverageGap[];
}

/** The figures of a shift at a moment: what `session.getCoverage()` returns. */
export interface CoverageReport {
  /** When the shift's first login succeeded; null before. */
  startedAt: number | null;
  /** When the agent logged out; null while logged in. */
  endedAt: number | null;
  /** From the first successful login to the logout (or now). */
  loggedInMs: number;
  /** Time SRS was known to hold the session. `coveredMs + gapMs === loggedInMs`. */
  coveredMs: number;
  /** Time in gaps, the open one included up to now. */
  gapMs: number;
  /** `coveredMs / loggedInMs`, 1 before any time has passed. */
  coveredRatio: number;
  /** Gaps so far, the open one included. */
  gapCount: number;
  /** The longest gap so far, the open one included. */
  longestGapMs: number;
  /** The gap in progress, with its duration so far. */
  openGap: CoverageGap | null;
  /** The last closed gaps, newest first. */
  recentGaps: readonly CoverageGap[];
}

/** A gap in the recording coverage opened (SRS stopped holding the session) or closed (it holds it again). */
export type GapEvent = { type: 'gap-opened'; gap: CoverageGap } | { type: 'gap-closed'; gap: CoverageGap };

/**
 * What every binding shows: a plain, immutable view of the session. The same object is returned
 * until something in it changes, so it can be compared by reference.
 */
export interface SessionView {
  /** The statechart's top-level state (in a follower tab, the leader's). */
  status: SessionStatus;
  /** True while SRS holds a session for this agent and the desktop keeps it alive by polling. */
  isRecordingSessionActive: boolean;
  /**
   * The user name of the agent SRS records (or is being logged in), never a secret; null when no agent
   * is logged in. A tab of another agent on a shared workstation sees whose session it is.
   */
  agent: string | null;
  /** The place sent at the last successful login; null for the default place. */
  place: string | null;
  /** The devices sent at the last successful login; null when none were sent. */
  devices: readonly Device[] | null;
  /** The RWS URL sent as `server`; null before the first login. */
  server: string | null;
  /** Which data center `server` belongs to. */
  dataCenter: DataCenter;
  /** When the last successful poll was answered (clock time, ms); null before the first. */
  lastPollAt: number | null;
  /**
   * When the next request is due (clock time, ms): the next poll, a retry after a failure, or a
   * self-healing login of a failed session; while a poll is in flight, the time it was due. Null while
   * logging in or out, and when nothing is planned.
   */
  nextPollAt: number | null;
  /** Failed requests in a row; back to 0 on the next success. */
  consecutiveFailures: number;
  /**
   * Why the session is `failed`, the failure it is recovering from, a refused move (`move-refused`,
   * while still `active` on the old seat), or, in `idle`, why the logout was not confirmed by SRS.
   * Null when all is well.
   */
  error: ScreenRecordingError | null;
  /** Chromium's Local Network Access permission for calling SRS, so a desktop can explain the prompt before it shows. */
  localNetworkAccess: LocalNetworkAccess;
  /** This tab's part when the desktop is open in several tabs. */
  tab: TabRole;
  /**
   * The recording coverage of the current (or last) shift: the gap in progress, if any, and the closed
   * ones. Changes only when a gap opens or closes, or a shift starts or ends. `getCoverage()` adds the
   * figures up to now.
   */
  coverage: CoverageLedger;
}

/** The commands a session accepts. Each settles when its transition settles. */
export interface SessionCommands {
  /** Log the agent in to SRS (default place, or hot seating with `place` and `devices`), then keep it alive. */
  login(params: LoginParams): Promise<void>;
  /** Log in again with another place, as the API guide requires when the agent switches place mid-session. */
  switchPlace(params: PlaceParams): Promise<void>;
  /**
   * End the SRS session (`EndContactCenterSession`) and stop polling. Never hangs. Resolves when SRS
   * ended the session, or had none, or cannot be reached (nothing records then); rejects when SRS
   * answered but refused to end it (polling stops anyway, and SRS's timeout ends the session).
   */
  logout(): Promise<void>;
  /** Log in with the recovery data center's RWS as `server` (disaster recovery). */
  failover(): Promise<void>;
  /** Log in with the primary data center's RWS as `server` again. */
  failback(): Promise<void>;
  /** From `failed`: try again with the same parameters. */
  retry(): Promise<void>;
}

/** The names of the six commands, as bindings wrap them (Angular runs each outside its zone, say). */
export type CommandName = keyof SessionCommands;

/** Picks what a component shows from the view, e.g. `(view) => view.status`. */
export type ViewSelector<Selected> = (view: SessionView) => Selected;

/** Decides whether two selections are the same, so nothing that reads them need update. */
export type Compare<T> = (previous: T, next: T) => boolean;
