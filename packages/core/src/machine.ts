import { assign, fromPromise, type SnapshotFrom, setup } from 'xstate';
import { EMPTY_LEDGER, recordCovered, recordGap, recordLogout } from './coverage';
import { describeDevices, sameDevices } from './devices';
import {
  type ScreenRecordingError,
  SrsBusyError,
  SrsMoveRefusedError,
  SrsServerError,
  SrsUnavailableError,
} from './errors';
import { type LogoutOutcome, RequestFailure, type SrsContact } from './outcomes';
import {
  earlier,
  elapsed,
  healDelay,
  nextPollAfter,
  resumePollingAfter,
  retryDelay,
  srsDeadline,
} from './timing';
import type {
  CoverageLedger,
  DataCenter,
  Device,
  GapReason,
  Instant,
  LocalNetworkAccess,
  ResolvedOptions,
  SessionStatus,
} from './types';

/**
 * The screen-recording session as one statechart (XState v5). It reads top to bottom as the lifecycle
 * of Genesys' "Using the Screen Recording API": log in when the agent logs in, poll while the agent
 * works, log in again when the agent switches place or the data center is lost, log out when the agent
 * logs out.
 *
 * No secret ever enters this machine: credentials and the CSRF token live in the session's SRS actors
 * (`srs-actors.ts`), so snapshots and inspector events are safe to ship to the Stately inspector. The
 * machine does no I/O and reads no clock: requests report when they were sent and answered, and
 * commands carry the time they were given.
 */

/** Where SRS should record the agent: which data center's RWS, which place and devices. */
export interface Seat {
  dataCenter: DataCenter;
  place: string | null;
  devices: readonly Device[] | null;
}

/** What one login request carries, built from a seat; no credentials (the actor adds them). */
export interface LoginInput {
  server: string;
  peerServer: string | null;
  place: string | null;
  devices: readonly Device[] | null;
}

/**
 * Kept apart from the context's top level on purpose: V8 turns an object built by `Object.assign` with
 * 20 or more properties into a slow dictionary, and XState's `assign` builds every new context that way
 * (measured on Node 20: 0.3 µs an assign at 19 keys, 4 to 5 µs at 20). `test/context-shape.test.ts`
 * holds both charts' contexts under that.
 */
export interface FailureRecord {
  /** Logins in a row that SRS answered 5xx: SRS is up, but cannot reach the RWS they name. */
  loginServerErrors: number;
  /** Self-healing tries of a `failed` session since it last worked. */
  healAttempts: number;
  /** When the last request failed. */
  last: Instant | null;
  /** The last failure's random draw, in [0, 1): spreads self-healing tries (see `healDelay`). */
  jitter: number;
}

export interface SessionContext {
  settings: ResolvedOptions;
  /** The user name of the agent being logged in or recorded (never a secret); null before the first login. */
  agent: string | null;
  /** The RWS URLs of the agent's login: the primary data center's, and the recovery one's if given. */
  servers: { primary: string | null; recovery: string | null };
  /** The seat SRS has: the one the last successful login sent. */
  current: Seat | null;
  /** The seat the agent wants; a login is sent until SRS has it. */
  pending: Seat;
  /** The seat the login in flight carries, to see whether the agent changed their mind meanwhile. */
  sent: Seat | null;
  /**
   * SRS may hold a session for us, so a logout must be sent to end it: a login succeeded, or got no
   * answer in time (SRS may have opened the session and answered late).
   */
  sessionOpened: boolean;
  /** The agent logged out while a login was in flight: end the session once that login settles. */
  logoutRequested: boolean;
  /** Wall-clock time the last successful poll was answered, for the view. */
  lastPollAt: number | null;
  /** When the last successful login or poll was sent: SRS refreshed its session timer then. */
  lastRefresh: Instant | null;
  /** Wall-clock time the next request (poll, retry or self-healing login) is due, for the view. */
  nextPollAt: number | null;
  /** How long the current wait lasts before that request. */
  nextRequestInMs: number;
  consecutiveFailures: number;
  /** What failures left for failover and self-healing to read. */
  failures: FailureRecord;
  /** This logout already logged in again for a fresh CSRF token after SRS refused the token it had. */
  tokenRenewed: boolean;
  error: ScreenRecordingError | null;
  /** The browser's Local Network Access permission for calling SRS, as last read. */
  localNetworkAccess: LocalNetworkAccess;
  /** The recording coverage of the current shift (since the first successful login). */
  coverage: CoverageLedger;
}

export type LoginEvent = {
  type: 'LOGIN';
  /** The agent's user name (the password stays with the SRS actors). */
  agent: string;
  server: string;
  peerServer: string | null;
  place: string | null;
  devices: readonly Device[] | null;
};
export type SwitchPlaceEvent = { type: 'SWITCH_PLACE'; place: string; devices: readonly Device[] | null };
/** What a tab taking the session over carries on: no secret (its own credentials stay with its SRS actors). */
export type AdoptEvent = {
  type: 'ADOPT';
  agent: string;
  server: string;
  peerServer: string | null;
  /** The seat SRS had through the tab that held the session; null if it had none yet. */
  current: Seat | null;
  /** The seat that tab was sending (a move in flight), or the one SRS had. */
  wanted: Seat;
  coverage: CoverageLedger;
};

export type SessionEvent =
  | LoginEvent
  | SwitchPlaceEvent
  | { type: 'FAILOVER' }
  | { type: 'FAILBACK' }
  | { type: 'RETRY' }
  | { type: 'LOGOUT'; at: Instant }
  /** The page runs again (resumed, shown, back online, restored from the back/forward cache): catch up at once. */
  | { type: 'WAKE'; at: Instant }
  | { type: 'PERMISSION_CHANGED'; state: LocalNetworkAccess }
  /** The page went away and its `pagehide` logout ended the SRS session (it may come back from the cache). */
  | { type: 'FAREWELL_SENT'; at: Instant }
  /** Another tab of the desktop held the SRS session and is gone: carry it on from here, logging in at once. */
  | AdoptEvent
  /** Another tab took the SRS session over: stop talking to SRS, without a logout, keeping the credentials. */
  | { type: 'RELINQUISH' }
  | { type: 'DISPOSE' };

export interface SessionInput {
  settings: ResolvedOptions;
}

/** Tags the session object reads instead of keeping its own lists of state names. */
export type SessionTag =
  /** A command waiting for its transition settles when the session reaches one of these states. */
  | 'settled'
  /** SRS holds the agent's session (and the desktop keeps it alive) while in these states. */
  | 'holdsSession'
  /** A timer runs until the next request; the view shows when it is due. */
  | 'waiting';

/** The real implementations come from `createScreenRecordingSession`, which owns the transport and the secrets. */
const providedBySession = (name: string) => () => {
  throw new Error(
    `${name} is provided by createScreenRecordingSession; use screenRecordingMachine.provide().`,
  );
};
const requestProvidedBySession = <Output, Input>(name: string) =>
  fromPromise<Output, Input>(() =>
    Promise.reject(new Error(`${name} is provided by createScreenRecordingSession`)),
  );

/** Errors that the same request will meet again: they wait for the app (or, for the permission, the browser). */
const WAITS_FOR_THE_APP: ReadonlySet<string> = new Set([
  'unauthorized',
  'forbidden',
  'rejected',
  'permission-denied',
  'insecure-context',
]);

/** A login with these credentials or parameters, from this page, will not work by trying again. */
function isFatalLoginError(error: ScreenRecordingError): boolean {
  return WAITS_FOR_THE_APP.has(error.code);
}

/** The failure being handled is the last one allowed in a row (it is counted by `recordFailure`). */
function isLastAllowedFailure(context: SessionContext): boolean {
  return context.consecutiveFailures + 1 >= context.settings.maxConsecutiveFailures;
}

function sameSeat(a: Seat | null, b: Seat | null): boolean {
  if (!a || !b) return a === b;
  return a.dataCenter === b.dataCenter && a.place === b.place && sameDevices(a.devices, b.devices);
}

/** The RWS URLs a login sends for a seat: on the recovery data center the primary becomes the peer. */
export function loginInputFor(context: SessionContext, seat: Seat): LoginInput {
  const primary = context.servers.primary ?? '';
  const recovery = context.servers.recovery;
  const onRecovery = seat.dataCenter === 'recovery' && recovery !== null;
  return {
    server: onRecovery ? recovery : primary,
    peerServer: onRecovery ? primary : recovery,
    place: seat.place,
    devices: seat.devices,
  };
}

/**
 * Whether a failed request opens a coverage gap, and from when (see `coverage.ts` for what "known
 * alive" means). A failure SRS's timeout can still absorb opens none.
 */
function gapAfter(
  context: SessionContext,
  failure: RequestFailure,
): { reason: GapReason; start: Instant } | null {
  const { error, sent, failed } = failure;
  const deadline = srsDeadline(context.settings, context.lastRefresh);
  const overdue =
    deadline !== null &&
    context.lastRefresh !== null &&
    elapsed(context.lastRefresh, sent) > context.settings.sessionTimeoutMs;
  switch (error.code) {
    case 'permission-denied':
      return { reason: 'permission-denied', start: earlier(sent, deadline) };
    case 'unauthorized':
      return { reason: overdue ? 'page-frozen' : 'session-expired', start: earlier(sent, deadline) };
    case 'forbidden':
    case 'rejected':
      return { reason: 'refused', start: earlier(sent, deadline) };
    case 'unavailable':
      if (isNetworkFailure(error)) {
        return { reason: 'srs-unreachable', start: earlier(sent, deadline) };
      }
      break;
    default:
      break;
  }
  if (!deadline || failed.mono <= deadline.mono) return null;
  return { reason: error.code === 'unavailable' ? 'srs-unreachable' : 'srs-error', start: deadline };
}

const isNetworkFailure = (error: ScreenRecordingError) =>
  error instanceof SrsUnavailableError && error.reason === 'network';
/** SRS still holds the session it last refreshed: its timeout has not run out by `moment`. */
function stillHeldAt(context: SessionContext, moment: Instant): boolean {
  const deadline = srsDeadline(context.settings, context.lastRefresh);
  return deadline !== null && moment.mono <= deadline.mono;
}

/** SRS answered the request (with a refusal or an error), as opposed to no answer at all. */
const srsAnswered = (error: ScreenRecordingError) => !(error instanceof SrsUnavailableError);
const isTimeout = (error: ScreenRecordingError) =>
  error instanceof SrsUnavailableError && error.reason === 'timeout';

/**
 * A logout that SRS answered and refused (403, another 4xx, 5xx, 429): SRS may still record the agent, so
 * the command reports it. A 401 (SRS had no session) or no answer at all (SRS gone) ended nothing that
 * still records.
 */
export function isRefusedLogout(error: ScreenRecordingError | null): boolean {
  return error !== null && ['forbidden', 'rejected', 'server-error', 'busy'].includes(error.code);
}

/** Why a move to another place or data center was refused, and where the agent is still recorded. */
function moveRefusal(context: SessionContext, reason: ScreenRecordingError): SrsMoveRefusedError {
  const from = context.current;
  const to = context.sent;
  const serverOf = (seat: Seat) => loginInputFor(context, seat).server;
  if (from && to && to.dataCenter !== from.dataCenter) {
    return new SrsMoveRefusedError(
      `Could not move to the ${to.dataCenter} data center (${serverOf(to)}): ${reason.message} The agent is still recorded through the ${from.dataCenter} data center (${serverOf(from)}).`,
      reason,
    );
  }
  const place = (seat: Seat | null) => (seat?.place ? `place "${seat.place}"` : 'the default place');
  const devices = to?.devices ? ` with devices ${describeDevices(to.devices)}` : '';
  return new SrsMoveRefusedError(
    `SRS refused the move to ${place(to)}${devices}: ${reason.message} The agent is still recorded on ${place(from)}.`,
    reason,
  );
}

// Params readers for transitions on an invoked request's outcome (typed by XState from the actor).
const failureOf = ({ context, event }: { context: SessionContext; event: { error: unknown } }) => ({
  // The SRS actors always reject with a RequestFailure; anything else is a bug, reported as a cancellation.
  failure: RequestFailure.from(
    event.error,
    context.failures.last ?? context.lastRefresh ?? { at: 0, mono: 0 },
  ),
});
const loginFailureOf = (args: { context: SessionContext; event: { error: unknown } }) => ({
  ...failureOf(args),
  login: true,
});
const contactOf = ({ event }: { event: { output: SrsContact } }) => ({ contact: event.output });
const atOf = ({ event }: { event: { at: Instant } }) => ({ at: event.at });

/** A failed request, and whether it was a login (whose 5xx answers say the RWS it names is out of reach). */
type FailureParams = { failure: RequestFailure; login?: boolean };

const sessionSetup = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
    tags: {} as SessionTag,
  },
  actors: {
    /** POST /api/v2/me with the seat's configuration; resolves when SRS accepted it, rejects with a `RequestFailure`. */
    srsLogin: requestProvidedBySession<SrsContact, LoginInput>('srsLogin'),
    /** GET /ping; resolves when SRS refreshed its session timer, rejects with a `RequestFailure`. */
    srsPing: requestProvidedBySession<SrsContact, void>('srsPing'),
    /** POST /api/v2/me EndContactCenterSession; always resolves (SRS's own timeout is the backstop). */
    srsLogout: requestProvidedBySession<LogoutOutcome, void>('srsLogout'),
  },
  actions: {
    /** Drops the credentials and the CSRF token, which live outside the machine. */
    forgetSecrets: providedBySession('forgetSecrets'),
    acceptLogin: assign(({ context }, login: LoginEvent) => ({
      agent: login.agent,
      servers: { primary: login.server, recovery: login.peerServer },
      pending: { dataCenter: 'primary' as const, place: login.place, devices: login.devices },
      consecutiveFailures: 0,
      failures: { ...context.failures, healAttempts: 0 },
      error: null,
      lastPollAt: null,
    })),
    /**
     * The agent, seat and shift of the tab that held the session before this one. SRS may hold that
     * session (a logout must end it), and this tab logs in again at once: for a CSRF token of its own, and
     * so that SRS has the seat that tab was moving to.
     */
    adoptSession: assign(({ context }, adopted: AdoptEvent) => ({
      agent: adopted.agent,
      servers: { primary: adopted.server, recovery: adopted.peerServer },
      pending: adopted.wanted,
      current: adopted.current,
      sessionOpened: true,
      consecutiveFailures: 0,
      failures: { ...context.failures, healAttempts: 0 },
      error: null,
      coverage: adopted.coverage,
      lastRefresh: null,
    })),
    /** A login from `idle` starts a new shift, with a new coverage ledger. */
    startShift: assign({ coverage: EMPTY_LEDGER, lastRefresh: null }),
    endShift: assign(({ context }, { at }: { at: Instant }) => ({
      // What went wrong before the logout is over; the logout's own outcome is recorded when it comes.
      error: null,
      coverage: recordLogout(context.coverage, at),
    })),
    acceptPlace: assign(({ context }, move: SwitchPlaceEvent) => ({
      pending: { ...context.pending, place: move.place, devices: move.devices },
    })),
    keepCurrentSeat: assign(({ context }) => ({ pending: context.current ?? context.pending })),
    targetRecovery: assign(({ context }) => ({
      pending: { ...context.pending, dataCenter: 'recovery' as const },
      consecutiveFailures: 0,
    })),
    targetPrimary: assign(({ context }) => ({
      pending: { ...context.pending, dataCenter: 'primary' as const },
      consecutiveFailures: 0,
    })),
    recordLogin: assign(({ context }, { contact }: { contact: SrsContact }) => ({
      current: context.sent,
      sessionOpened: true,
      consecutiveFailures: 0,
      failures: { ...context.failures, loginServerErrors: 0, healAttempts: 0 },
      error: null,
      lastRefresh: contact.sent,
      // A logout is already on its way: the shift has ended.
      coverage: context.logoutRequested ? context.coverage : recordCovered(context.coverage, contact.sent),
      ...nextPollAfter(context.settings, contact),
    })),
    recordPoll: assign(({ context }, { contact }: { contact: SrsContact }) => ({
      lastPollAt: contact.answered.at,
      lastRefresh: contact.sent,
      consecutiveFailures: 0,
      failures: { ...context.failures, loginServerErrors: 0 },
      error: null,
      coverage: recordCovered(context.coverage, contact.sent),
      ...nextPollAfter(context.settings, contact),
    })),
    recordFailure: assign(({ context }, { failure, login }: FailureParams) => {
      const consecutive = context.consecutiveFailures + 1;
      const { error, failed } = failure;
      const delay = retryDelay(context.settings, {
        failures: consecutive,
        retryAfterMs:
          error instanceof SrsServerError || error instanceof SrsBusyError ? error.retryAfterMs : null,
        failed,
        deadline: context.sessionOpened ? srsDeadline(context.settings, context.lastRefresh) : null,
      });
      const gap = gapAfter(context, failure);
      return {
        // A login that got no answer in time may still have opened a session at SRS, answering late.
        sessionOpened: context.sessionOpened || isTimeout(error),
        consecutiveFailures: consecutive,
        failures: {
          ...context.failures,
          loginServerErrors:
            login && error.code === 'server-error' ? context.failures.loginServerErrors + 1 : 0,
          last: failed,
          jitter: failure.jitter,
        },
        error,
        nextRequestInMs: delay,
        nextPollAt: failure.failed.at + delay,
        coverage: gap ? recordGap(context.coverage, gap.reason, gap.start) : context.coverage,
      };
    }),
    /** SRS dropped the session (timeout, restart): log in again at once with the seat it had. */
    recordSessionLost: assign(({ context }, { failure }: FailureParams) => {
      const gap = gapAfter(context, failure);
      return {
        sessionOpened: false,
        pending: context.current ?? context.pending,
        error: failure.error,
        failures: { ...context.failures, last: failure.failed, jitter: failure.jitter },
        coverage: gap ? recordGap(context.coverage, gap.reason, gap.start) : context.coverage,
      };
    }),
    /** The session could not move, but SRS still holds it where it was: not a failure of the session. */
    recordRefusedMove: assign(({ context }, { failure }: FailureParams) => {
      const gap = gapAfter(context, failure);
      const kept =
        gap && gap.reason !== 'refused'
          ? recordGap(context.coverage, gap.reason, gap.start)
          : context.coverage;
      return {
        consecutiveFailures: 0,
        error: moveRefusal(context, failure.error),
        failures: { ...context.failures, last: failure.failed },
        // Polling resumes on the old seat's schedule: the poll that was due, or at once if it is overdue.
        ...resumePollingAfter(context.settings, context.lastRefresh, failure.failed),
        coverage: kept,
      };
    }),
    recordLogoutOutcome: assign((_, outcome: LogoutOutcome) => ({
      error: outcome.confirmed ? null : outcome.error,
    })),
    scheduleHealing: assign(({ context }) => {
      const delay = canHeal(context)
        ? healDelay(context.settings, context.failures.healAttempts, context.failures.jitter)
        : null;
      if (delay === null) return { nextPollAt: null };
      return { nextRequestInMs: delay, nextPollAt: (context.failures.last?.at ?? 0) + delay };
    }),
    /** A self-healing try: one login, back to `failed` if it fails. */
    heal: assign(({ context }) => ({
      failures: { ...context.failures, healAttempts: context.failures.healAttempts + 1 },
      consecutiveFailures: Math.max(0, context.settings.maxConsecutiveFailures - 1),
    })),
    notePermission: assign((_, { state }: { state: LocalNetworkAccess }) => ({ localNetworkAccess: state })),
    /** The tab's farewell logout ended the SRS session on purpose: a gap until a login opens a new one. */
    recordFarewell: assign(({ context }, { at }: { at: Instant }) => ({
      sessionOpened: false,
      coverage: recordGap(context.coverage, 'logged-out', at),
    })),
  },
  delays: {
    untilNextPoll: ({ context }) => context.nextRequestInMs,
    retryBackoff: ({ context }) => context.nextRequestInMs,
    healDelay: ({ context }) => context.nextRequestInMs,
  },
  guards: {
    logoutRequested: ({ context }) => context.logoutRequested,
    sessionOpened: ({ context }) => context.sessionOpened,
    /**
     * The agent logged out during a login that failed, and SRS may still hold a session to end: one was
     * opened before, or this login got no answer in time (SRS may have acted on it all the same).
     */
    logoutWithSessionLeft: ({ context }, { failure }: FailureParams) =>
      context.logoutRequested && (context.sessionOpened || isTimeout(failure.error)),
    sessionEnded: ({ context }) => !context.sessionOpened,
    placeChangedMeanwhile: ({ context }) =>
      context.sent !== null &&
      (context.pending.place !== context.sent.place ||
        !sameDevices(context.pending.devices, context.sent.devices)),
    dataCenterChangedMeanwhile: ({ context }) =>
      context.sent !== null && context.pending.dataCenter !== context.sent.dataCenter,
    isFatalLoginError: (_, { failure }: FailureParams) => isFatalLoginError(failure.error),
    /**
     * A move to another place or data center failed for good (refused, or out of tries with SRS
     * answering) while SRS still holds the session on the old seat (refreshed within its timeout). Out of
     * tries with no answer at all, or long after the last refresh, nothing says SRS still holds
     * anything: the session has failed.
     */
    moveFailed: ({ context }, { failure }: FailureParams) =>
      (isFatalLoginError(failure.error) || (isLastAllowedFailure(context) && srsAnswered(failure.error))) &&
      failure.error.code !== 'permission-denied' &&
      context.sessionOpened &&
      context.current !== null &&
      !sameSeat(context.current, context.sent) &&
      stillHeldAt(context, failure.failed),
    sessionGone: (_, { failure }: FailureParams) => failure.error.code === 'unauthorized',
    permissionDenied: (_, { failure }: FailureParams) => failure.error.code === 'permission-denied',
    failuresExhausted: ({ context }) => isLastAllowedFailure(context),
    /**
     * The primary data center looks lost: SRS keeps answering 5xx to logins naming its RWS (SRS is up,
     * RWS is not), and a recovery RWS is configured. Only logins count: polls answered 5xx, or no answer
     * at all, mean SRS itself is in trouble, which moving to the other data center would not fix.
     */
    primaryDataCenterLost: ({ context }, { failure }: FailureParams) =>
      context.pending.dataCenter === 'primary' &&
      context.servers.recovery !== null &&
      failure.error.code === 'server-error' &&
      context.failures.loginServerErrors + 1 >= context.settings.maxConsecutiveFailures,
    hasRecoveryServer: ({ context }) => context.servers.recovery !== null,
    targetsRecovery: ({ context }) => context.pending.dataCenter === 'recovery',
    /** `retry()` would send the same refused credentials again: they need the app (a new `login()`) instead. */
    retryCanHelp: ({ context }) => context.error?.code !== 'unauthorized',
    canHeal: ({ context }) => canHeal(context),
    /** The page slept past a poll: the next one is due already. */
    pollOverdue: ({ context }, { at }: { at: Instant }) =>
      context.lastRefresh === null || elapsed(context.lastRefresh, at) >= context.settings.pingIntervalMs,
    grantedAfterDenial: ({ context }, { state }: { state: LocalNetworkAccess }) =>
      state === 'granted' && context.error?.code === 'permission-denied',
    /** SRS refused the logout's CSRF token (stale, or lost with a login answered too late): get a fresh one, once. */
    tokenRefused: ({ context }, outcome: LogoutOutcome) =>
      context.settings.csrf && !context.tokenRenewed && outcome.error?.code === 'forbidden',
  },
});

/** A failed session tries again by itself unless the error needs the app, or the option is off. */
function canHeal(context: SessionContext): boolean {
  return (
    context.settings.selfHealIntervalMs !== null &&
    context.error !== null &&
    !WAITS_FOR_THE_APP.has(context.error.code)
  );
}

/**
 * `failover()` and `failback()` from a state that is not sending a login: go to `failover` and log in
 * with the other data center's RWS. `reenter` restarts a login attempt that is waiting to retry.
 */
function moveDataCenter(options: { reenter: boolean }) {
  return {
    FAILOVER: {
      guard: 'hasRecoveryServer',
      target: '#screenRecording.failover',
      reenter: options.reenter,
      actions: 'targetRecovery',
    },
    FAILBACK: {
      guard: 'targetsRecovery',
      target: '#screenRecording.failover',
      reenter: options.reenter,
      actions: 'targetPrimary',
    },
  } as const;
}

/**
 * The states that send a login (`loggingIn`, `switchingPlace`, `failover`) share one shape: a
 * request, and a backoff before the next try. Commands that arrive while a login is in flight are
 * queued in `pending`, never sent alongside it, so SRS ends up with the last seat the agent chose and
 * a logout always comes after the login it ends.
 */
function loginAttempt() {
  return sessionSetup.createStateConfig({
    initial: 'requesting',
    states: {
      requesting: {
        entry: assign({ sent: ({ context }) => context.pending }),
        invoke: {
          id: 'login',
          src: 'srsLogin',
          input: ({ context }) => loginInputFor(context, context.pending),
          onDone: [
            {
              guard: 'logoutRequested',
              target: '#screenRecording.loggingOut',
              actions: { type: 'recordLogin', params: contactOf },
            },
            {
              guard: 'dataCenterChangedMeanwhile',
              target: '#screenRecording.failover',
              reenter: true,
              actions: { type: 'recordLogin', params: contactOf },
            },
            {
              guard: 'placeChangedMeanwhile',
              target: '#screenRecording.switchingPlace',
              reenter: true,
              actions: { type: 'recordLogin', params: contactOf },
            },
            { target: '#screenRecording.active', actions: { type: 'recordLogin', params: contactOf } },
          ],
          onError: [
            // The failed login did not open a session, but an earlier one may still be open at SRS.
            {
              guard: { type: 'logoutWithSessionLeft', params: failureOf },
              target: '#screenRecording.loggingOut',
            },
            { guard: 'logoutRequested', target: '#screenRecording.idle', actions: 'forgetSecrets' },
            { guard: 'dataCenterChangedMeanwhile', target: '#screenRecording.failover', reenter: true },
            { guard: 'placeChangedMeanwhile', target: '#screenRecording.switchingPlace', reenter: true },
            {
              // The session could not move, but SRS still holds it where it was: keep that one alive.
              guard: { type: 'moveFailed', params: failureOf },
              target: '#screenRecording.active',
              actions: [{ type: 'recordRefusedMove', params: failureOf }, 'keepCurrentSeat'],
            },
            {
              guard: { type: 'isFatalLoginError', params: failureOf },
              target: '#screenRecording.failed',
              actions: { type: 'recordFailure', params: loginFailureOf },
            },
            {
              guard: { type: 'primaryDataCenterLost', params: failureOf },
              target: '#screenRecording.failover',
              actions: [{ type: 'recordFailure', params: loginFailureOf }, 'targetRecovery'],
            },
            {
              guard: 'failuresExhausted',
              target: '#screenRecording.failed',
              actions: { type: 'recordFailure', params: loginFailureOf },
            },
            { target: 'waitingToRetry', actions: { type: 'recordFailure', params: loginFailureOf } },
          ],
        },
        on: {
          LOGOUT: { actions: [assign({ logoutRequested: true }), { type: 'endShift', params: atOf }] },
          SWITCH_PLACE: { actions: { type: 'acceptPlace', params: ({ event }) => event } },
          FAILOVER: { guard: 'hasRecoveryServer', actions: 'targetRecovery' },
          FAILBACK: { guard: 'targetsRecovery', actions: 'targetPrimary' },
        },
      },
      waitingToRetry: {
        tags: ['waiting'],
        after: { retryBackoff: 'requesting' },
        on: {
          LOGOUT: [
            {
              guard: 'sessionOpened',
              target: '#screenRecording.loggingOut',
              actions: { type: 'endShift', params: atOf },
            },
            {
              target: '#screenRecording.idle',
              actions: [{ type: 'endShift', params: atOf }, 'forgetSecrets'],
            },
          ],
          // Try the new seat at once rather than after the backoff.
          SWITCH_PLACE: {
            target: '#screenRecording.switchingPlace',
            reenter: true,
            actions: { type: 'acceptPlace', params: ({ event }) => event },
          },
          ...moveDataCenter({ reenter: true }),
          WAKE: { target: 'requesting' },
        },
      },
    },
  });
}

export const screenRecordingMachine = sessionSetup.createMachine({
  id: 'screenRecording',
  context: ({ input }) => ({
    settings: input.settings,
    agent: null,
    servers: { primary: null, recovery: null },
    current: null,
    pending: { dataCenter: 'primary', place: null, devices: null },
    sent: null,
    sessionOpened: false,
    logoutRequested: false,
    lastPollAt: null,
    lastRefresh: null,
    nextPollAt: null,
    nextRequestInMs: input.settings.pingIntervalMs,
    consecutiveFailures: 0,
    failures: { loginServerErrors: 0, healAttempts: 0, last: null, jitter: 0 },
    tokenRenewed: false,
    error: null,
    localNetworkAccess: 'unknown',
    coverage: EMPTY_LEDGER,
  }),
  initial: 'idle',
  on: {
    // `dispose()`: from any state, cancel what is in flight and stop for good.
    DISPOSE: '.disposed',
    PERMISSION_CHANGED: { actions: { type: 'notePermission', params: ({ event }) => event } },
    FAREWELL_SENT: { actions: { type: 'recordFarewell', params: atOf } },
    RELINQUISH: { target: '.idle', actions: assign({ error: null }) },
  },
  states: {
    /** No SRS session. Entered with the credentials forgotten, except after RELINQUISH (another tab carries it). */
    idle: {
      tags: ['settled'],
      entry: [
        assign({
          current: null,
          sent: null,
          sessionOpened: false,
          logoutRequested: false,
          nextPollAt: null,
          consecutiveFailures: 0,
        }),
      ],
      on: {
        LOGIN: {
          target: 'loggingIn',
          actions: ['startShift', { type: 'acceptLogin', params: ({ event }) => event }],
        },
        ADOPT: {
          target: 'loggingIn',
          actions: { type: 'adoptSession', params: ({ event }) => event },
        },
      },
    },

    /** First login, re-login after SRS dropped the session, `retry()`, or a self-healing try. */
    loggingIn: loginAttempt(),

    active: {
      tags: ['settled', 'holdsSession'],
      initial: 'waiting',
      states: {
        waiting: {
          tags: ['waiting'],
          after: { untilNextPoll: 'polling' },
          on: {
            WAKE: [
              // Back from the back/forward cache after the farewell logout: log in again at once.
              { guard: 'sessionEnded', target: '#screenRecording.loggingIn', actions: 'keepCurrentSeat' },
              { guard: { type: 'pollOverdue', params: atOf }, target: 'polling' },
            ],
          },
        },
        polling: {
          invoke: {
            id: 'ping',
            src: 'srsPing',
            onDone: { target: 'waiting', actions: { type: 'recordPoll', params: contactOf } },
            onError: [
              {
                // SRS dropped the session (timeout, restart): log in again with the same seat.
                guard: { type: 'sessionGone', params: failureOf },
                target: '#screenRecording.loggingIn',
                actions: { type: 'recordSessionLost', params: failureOf },
              },
              {
                // Every further call would be refused the same way: wait for the permission to change.
                guard: { type: 'permissionDenied', params: failureOf },
                target: '#screenRecording.failed',
                actions: { type: 'recordFailure', params: failureOf },
              },
              {
                guard: 'failuresExhausted',
                target: '#screenRecording.failed',
                actions: { type: 'recordFailure', params: failureOf },
              },
              { target: 'waitingToRetry', actions: { type: 'recordFailure', params: failureOf } },
            ],
          },
        },
        waitingToRetry: {
          tags: ['waiting'],
          after: { retryBackoff: 'polling' },
          on: { WAKE: 'polling' },
        },
      },
      on: {
        SWITCH_PLACE: {
          target: 'switchingPlace',
          actions: { type: 'acceptPlace', params: ({ event }) => event },
        },
        ...moveDataCenter({ reenter: false }),
        LOGOUT: { target: 'loggingOut', actions: { type: 'endShift', params: atOf } },
      },
    },

    /** "If an agent switches place in the middle of an active session, [...] send a login API request to SRS again" (Using the Screen Recording API). */
    switchingPlace: { tags: ['holdsSession'], ...loginAttempt() },

    /**
     * Disaster recovery: log in with the other data center's RWS as `server` (and this one as
     * `peer_server`). Named `failover` after the design, it carries `failback()` too: the move back
     * to the primary data center is the same login with the roles swapped.
     */
    failover: { tags: ['holdsSession'], ...loginAttempt() },

    /**
     * End the SRS session. The transport bounds each request with requestTimeoutMs, so this never hangs.
     * When SRS refuses the CSRF token the session has (a stale one, or none when the login that opened
     * the session was answered too late), the session logs in once more for a fresh token and sends the
     * logout again, as the protocol's CSRF rules ask: a logout SRS refused is never reported as done.
     */
    loggingOut: {
      initial: 'ending',
      entry: assign({ tokenRenewed: false }),
      exit: 'forgetSecrets',
      states: {
        ending: {
          invoke: {
            id: 'logout',
            src: 'srsLogout',
            onDone: [
              {
                // Kept as the outcome until the renewed logout says otherwise.
                guard: { type: 'tokenRefused', params: ({ event }) => event.output },
                target: 'renewingToken',
                actions: { type: 'recordLogoutOutcome', params: ({ event }) => event.output },
              },
              {
                target: '#screenRecording.idle',
                actions: { type: 'recordLogoutOutcome', params: ({ event }) => event.output },
              },
            ],
            onError: '#screenRecording.idle',
          },
        },
        renewingToken: {
          entry: assign({ tokenRenewed: true }),
          invoke: {
            id: 'renewToken',
            src: 'srsLogin',
            input: ({ context }) => loginInputFor(context, context.current ?? context.pending),
            onDone: 'ending',
            // No fresh token: the refusal stands, and the logout reports it.
            onError: '#screenRecording.idle',
          },
        },
      },
    },

    /**
     * Gave up for now. Errors that trying again cannot fix (credentials, CSRF or origin, a refused place,
     * the browser's permission) wait for the app; the others heal: a new login after a few seconds,
     * then at most every `selfHealIntervalMs`, until it works or the agent logs out.
     */
    failed: {
      tags: ['settled', 'waiting'],
      entry: 'scheduleHealing',
      after: { healDelay: { guard: 'canHeal', target: 'loggingIn', actions: 'heal' } },
      on: {
        RETRY: {
          guard: 'retryCanHelp',
          target: 'loggingIn',
          actions: assign(({ context }) => ({
            consecutiveFailures: 0,
            failures: { ...context.failures, healAttempts: 0 },
          })),
        },
        LOGIN: { target: 'loggingIn', actions: { type: 'acceptLogin', params: ({ event }) => event } },
        ...moveDataCenter({ reenter: false }),
        LOGOUT: [
          { guard: 'sessionOpened', target: 'loggingOut', actions: { type: 'endShift', params: atOf } },
          { target: 'idle', actions: [{ type: 'endShift', params: atOf }, 'forgetSecrets'] },
        ],
        WAKE: { guard: 'canHeal', target: 'loggingIn', actions: 'heal' },
        PERMISSION_CHANGED: [
          {
            // The agent allowed access to apps on this device: log in again at once.
            guard: { type: 'grantedAfterDenial', params: ({ event }) => event },
            target: 'loggingIn',
            actions: [
              { type: 'notePermission', params: ({ event }) => event },
              assign(({ context }) => ({
                consecutiveFailures: 0,
                failures: { ...context.failures, healAttempts: 0 },
              })),
            ],
          },
          { actions: { type: 'notePermission', params: ({ event }) => event } },
        ],
      },
    },

    /** After `dispose()`: nothing in flight, no timer, no secret; every command is refused. */
    disposed: {
      tags: ['settled'],
      type: 'final',
      entry: ['forgetSecrets', assign({ current: null, sent: null, sessionOpened: false, nextPollAt: null })],
    },
  },
});

type TopLevel<Value> = Value extends string ? Value : keyof Value;
type MachineStatus = TopLevel<SnapshotFrom<typeof screenRecordingMachine>['value']>;
/** Fails to compile when the chart's top-level states and the public `SessionStatus` differ. */
export const SESSION_STATUSES_MATCH: [MachineStatus] extends [SessionStatus]
  ? [SessionStatus] extends [MachineStatus]
    ? true
    : never
  : never = true;
