import { and, assign, fromPromise, setup } from 'xstate';
import { sameDevices } from './devices';
import { ScreenRecordingError } from './errors';
import type { DataCenter, Device, ResolvedOptions } from './types';

/**
 * The screen-recording session as one statechart (XState v5). It reads top to bottom as the lifecycle
 * of Genesys' "Using the Screen Recording API": log in when the agent logs in, poll while the agent
 * works, log in again when the agent switches place or the data center is lost, log out when the agent
 * logs out.
 *
 * No secret ever enters this machine: credentials and the CSRF token live in the session's SRS actors
 * (`srs-actors.ts`), so snapshots and inspector events are safe to ship to the Stately inspector. The
 * machine does no I/O and reads no clock: the actors measure time and report it in their output.
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

/** What a request that refreshed SRS's session timer reports: wall-clock times for the view, a monotonic duration for timers. */
export interface SrsContact {
  /** Wall-clock time the request was sent (ms since the epoch). */
  sentAt: number;
  /** Wall-clock time the answer came. */
  answeredAt: number;
  /** How long the exchange took, on a monotonic clock. */
  elapsedMs: number;
}

export interface SessionContext {
  settings: ResolvedOptions;
  primaryServer: string | null;
  recoveryServer: string | null;
  /** The seat SRS has: the one the last successful login sent. */
  current: Seat | null;
  /** The seat the agent wants; a login is sent until SRS has it. */
  pending: Seat;
  /** The seat the login in flight carries, to see whether the agent changed their mind meanwhile. */
  sent: Seat | null;
  /** SRS may hold a session for us, so a logout must be sent to end it. */
  sessionOpened: boolean;
  /** The agent logged out while a login was in flight: end the session once that login settles. */
  logoutRequested: boolean;
  lastPollAt: number | null;
  /** Wall-clock time the next poll is due, for the view. */
  nextPollAt: number | null;
  /** How long `active.waiting` waits before the next poll: the interval less the last exchange's duration. */
  nextPollInMs: number;
  consecutiveFailures: number;
  error: ScreenRecordingError | null;
}

export type LoginEvent = {
  type: 'LOGIN';
  server: string;
  peerServer: string | null;
  place: string | null;
  devices: readonly Device[] | null;
};
export type SwitchPlaceEvent = { type: 'SWITCH_PLACE'; place: string; devices: readonly Device[] | null };

export type SessionEvent =
  | LoginEvent
  | SwitchPlaceEvent
  | { type: 'FAILOVER' }
  | { type: 'FAILBACK' }
  | { type: 'RETRY' }
  | { type: 'LOGOUT' }
  | { type: 'DISPOSE' };

export interface SessionInput {
  settings: ResolvedOptions;
}

/** Tags the session object reads instead of keeping its own lists of state names. */
export type SessionTag =
  /** A command waiting for its transition settles when the session reaches one of these states. */
  | 'settled'
  /** SRS holds the agent's session (and the desktop keeps it alive) while in these states. */
  | 'holdsSession';

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

/** A login with these credentials or parameters will not work by trying again. */
function isFatalLoginError(error: unknown): boolean {
  return (
    error instanceof ScreenRecordingError && ['unauthorized', 'forbidden', 'rejected'].includes(error.code)
  );
}

/** The failure being handled is the last one allowed in a row (it is counted by `recordFailure`). */
function isLastAllowedFailure(context: SessionContext): boolean {
  return context.consecutiveFailures + 1 >= context.settings.maxConsecutiveFailures;
}

function asSessionError(error: unknown): ScreenRecordingError | null {
  return error instanceof ScreenRecordingError ? error : null;
}

function sameSeat(a: Seat | null, b: Seat | null): boolean {
  if (!a || !b) return a === b;
  return a.dataCenter === b.dataCenter && a.place === b.place && sameDevices(a.devices, b.devices);
}

/** The RWS URLs a login sends for a seat: on the recovery data center the primary becomes the peer. */
export function loginInputFor(context: SessionContext, seat: Seat): LoginInput {
  const primary = context.primaryServer ?? '';
  const recovery = context.recoveryServer;
  const onRecovery = seat.dataCenter === 'recovery' && recovery !== null;
  return {
    server: onRecovery ? recovery : primary,
    peerServer: onRecovery ? primary : recovery,
    place: seat.place,
    devices: seat.devices,
  };
}

/** When the next poll is due after an exchange that refreshed SRS's timer: the interval from its start. */
function nextPollAfter(context: SessionContext, contact: SrsContact) {
  const { pingIntervalMs } = context.settings;
  // Measured on the monotonic clock and never longer than the interval, whatever the wall clock did.
  const nextPollInMs = Math.min(pingIntervalMs, Math.max(0, pingIntervalMs - contact.elapsedMs));
  return { nextPollInMs, nextPollAt: contact.answeredAt + nextPollInMs };
}

// Params readers for transitions on an invoked request's outcome (typed by XState from the actor).
const errorOf = ({ event }: { event: { error: unknown } }) => ({ error: event.error });
const contactOf = ({ event }: { event: { output: SrsContact } }) => ({ contact: event.output });

const sessionSetup = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
    tags: {} as SessionTag,
  },
  actors: {
    /** POST /api/v2/me with the seat's configuration; resolves when SRS accepted it. */
    srsLogin: requestProvidedBySession<SrsContact, LoginInput>('srsLogin'),
    /** GET /ping; resolves when SRS refreshed its session timer. */
    srsPing: requestProvidedBySession<SrsContact, void>('srsPing'),
    /** POST /api/v2/me EndContactCenterSession; always resolves (SRS's own timeout is the backstop). */
    srsLogout: requestProvidedBySession<void, void>('srsLogout'),
  },
  actions: {
    /** Drops the credentials and the CSRF token, which live outside the machine. */
    forgetSecrets: providedBySession('forgetSecrets'),
    acceptLogin: assign((_, login: LoginEvent) => ({
      primaryServer: login.server,
      recoveryServer: login.peerServer,
      pending: { dataCenter: 'primary' as const, place: login.place, devices: login.devices },
      consecutiveFailures: 0,
      error: null,
      lastPollAt: null,
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
      error: null,
      ...nextPollAfter(context, contact),
    })),
    recordPoll: assign(({ context }, { contact }: { contact: SrsContact }) => ({
      lastPollAt: contact.answeredAt,
      consecutiveFailures: 0,
      error: null,
      ...nextPollAfter(context, contact),
    })),
    recordFailure: assign(({ context }, { error }: { error: unknown }) => ({
      consecutiveFailures: context.consecutiveFailures + 1,
      error: asSessionError(error),
    })),
    /** SRS dropped the session (timeout, restart): log in again with the seat it had. */
    recordSessionLost: assign(({ context }, { error }: { error: unknown }) => ({
      sessionOpened: false,
      pending: context.current ?? context.pending,
      error: asSessionError(error),
    })),
  },
  delays: {
    untilNextPoll: ({ context }) => context.nextPollInMs,
    /**
     * Exponential backoff, capped so that a retried poll still lands before SRS's session timeout:
     * the interval, the failed poll and the retry itself must fit in `sessionTimeoutMs`.
     */
    retryBackoff: ({ context }) => {
      const { retryDelayMs, sessionTimeoutMs, pingIntervalMs, requestTimeoutMs } = context.settings;
      const cap = Math.max(retryDelayMs, sessionTimeoutMs - pingIntervalMs - 2 * requestTimeoutMs);
      return Math.min(cap, retryDelayMs * 2 ** Math.max(0, context.consecutiveFailures - 1));
    },
  },
  guards: {
    logoutRequested: ({ context }) => context.logoutRequested,
    sessionOpened: ({ context }) => context.sessionOpened,
    placeChangedMeanwhile: ({ context }) =>
      context.sent !== null &&
      (context.pending.place !== context.sent.place ||
        !sameDevices(context.pending.devices, context.sent.devices)),
    dataCenterChangedMeanwhile: ({ context }) =>
      context.sent !== null && context.pending.dataCenter !== context.sent.dataCenter,
    isFatalLoginError: (_, { error }: { error: unknown }) => isFatalLoginError(error),
    /**
     * A move to another place or data center failed for good (refused, or out of tries) while SRS still
     * holds the session on the old seat.
     */
    moveFailed: ({ context }, { error }: { error: unknown }) =>
      (isFatalLoginError(error) || isLastAllowedFailure(context)) &&
      context.sessionOpened &&
      context.current !== null &&
      !sameSeat(context.current, context.sent),
    sessionGone: (_, { error }: { error: unknown }) => asSessionError(error)?.code === 'unauthorized',
    failuresExhausted: ({ context }) => isLastAllowedFailure(context),
    /**
     * The primary data center looks lost: SRS keeps answering 5xx to logins naming its RWS (SRS is up,
     * RWS is not), and a recovery RWS is configured. A network error means SRS itself is down, which
     * moving to the other data center would not fix.
     */
    primaryDataCenterLost: ({ context }, { error }: { error: unknown }) =>
      context.pending.dataCenter === 'primary' &&
      context.recoveryServer !== null &&
      isLastAllowedFailure(context) &&
      asSessionError(error)?.code === 'server-error',
    hasRecoveryServer: ({ context }) => context.recoveryServer !== null,
    targetsRecovery: ({ context }) => context.pending.dataCenter === 'recovery',
  },
});

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
            { guard: and(['logoutRequested', 'sessionOpened']), target: '#screenRecording.loggingOut' },
            { guard: 'logoutRequested', target: '#screenRecording.idle' },
            { guard: 'dataCenterChangedMeanwhile', target: '#screenRecording.failover', reenter: true },
            { guard: 'placeChangedMeanwhile', target: '#screenRecording.switchingPlace', reenter: true },
            {
              // The session could not move, but SRS still holds it where it was: keep that one alive.
              guard: { type: 'moveFailed', params: errorOf },
              target: '#screenRecording.active',
              actions: [{ type: 'recordFailure', params: errorOf }, 'keepCurrentSeat'],
            },
            {
              guard: { type: 'isFatalLoginError', params: errorOf },
              target: '#screenRecording.failed',
              actions: { type: 'recordFailure', params: errorOf },
            },
            {
              guard: { type: 'primaryDataCenterLost', params: errorOf },
              target: '#screenRecording.failover',
              actions: [{ type: 'recordFailure', params: errorOf }, 'targetRecovery'],
            },
            {
              guard: 'failuresExhausted',
              target: '#screenRecording.failed',
              actions: { type: 'recordFailure', params: errorOf },
            },
            { target: 'waitingToRetry', actions: { type: 'recordFailure', params: errorOf } },
          ],
        },
        on: {
          LOGOUT: { actions: assign({ logoutRequested: true }) },
          SWITCH_PLACE: { actions: { type: 'acceptPlace', params: ({ event }) => event } },
          FAILOVER: { guard: 'hasRecoveryServer', actions: 'targetRecovery' },
          FAILBACK: { guard: 'targetsRecovery', actions: 'targetPrimary' },
        },
      },
      waitingToRetry: {
        after: { retryBackoff: 'requesting' },
        on: {
          LOGOUT: [
            { guard: 'sessionOpened', target: '#screenRecording.loggingOut' },
            { target: '#screenRecording.idle' },
          ],
          // Try the new seat at once rather than after the backoff.
          SWITCH_PLACE: {
            target: '#screenRecording.switchingPlace',
            reenter: true,
            actions: { type: 'acceptPlace', params: ({ event }) => event },
          },
          ...moveDataCenter({ reenter: true }),
        },
      },
    },
  });
}

export const screenRecordingMachine = sessionSetup.createMachine({
  id: 'screenRecording',
  context: ({ input }) => ({
    settings: input.settings,
    primaryServer: null,
    recoveryServer: null,
    current: null,
    pending: { dataCenter: 'primary', place: null, devices: null },
    sent: null,
    sessionOpened: false,
    logoutRequested: false,
    lastPollAt: null,
    nextPollAt: null,
    nextPollInMs: input.settings.pingIntervalMs,
    consecutiveFailures: 0,
    error: null,
  }),
  initial: 'idle',
  // `dispose()`: from any state, cancel what is in flight and stop for good.
  on: { DISPOSE: '.disposed' },
  states: {
    idle: {
      tags: ['settled'],
      entry: [
        'forgetSecrets',
        assign({
          current: null,
          sent: null,
          sessionOpened: false,
          logoutRequested: false,
          nextPollAt: null,
          consecutiveFailures: 0,
          error: null,
        }),
      ],
      on: {
        LOGIN: { target: 'loggingIn', actions: { type: 'acceptLogin', params: ({ event }) => event } },
      },
    },

    /** First login, re-login after SRS dropped the session, or `retry()`. */
    loggingIn: loginAttempt(),

    active: {
      tags: ['settled', 'holdsSession'],
      initial: 'waiting',
      states: {
        waiting: {
          after: { untilNextPoll: 'polling' },
        },
        polling: {
          invoke: {
            id: 'ping',
            src: 'srsPing',
            onDone: { target: 'waiting', actions: { type: 'recordPoll', params: contactOf } },
            onError: [
              {
                guard: { type: 'sessionGone', params: errorOf },
                target: '#screenRecording.loggingIn',
                actions: { type: 'recordSessionLost', params: errorOf },
              },
              {
                guard: 'failuresExhausted',
                target: '#screenRecording.failed',
                actions: { type: 'recordFailure', params: errorOf },
              },
              { target: 'waitingToRetry', actions: { type: 'recordFailure', params: errorOf } },
            ],
          },
        },
        waitingToRetry: {
          after: { retryBackoff: 'polling' },
        },
      },
      on: {
        SWITCH_PLACE: {
          target: 'switchingPlace',
          actions: { type: 'acceptPlace', params: ({ event }) => event },
        },
        ...moveDataCenter({ reenter: false }),
        LOGOUT: { target: 'loggingOut' },
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

    loggingOut: {
      // The transport bounds the request with requestTimeoutMs, so this never hangs.
      invoke: { id: 'logout', src: 'srsLogout', onDone: 'idle', onError: 'idle' },
    },

    failed: {
      tags: ['settled'],
      on: {
        RETRY: { target: 'loggingIn', actions: assign({ consecutiveFailures: 0 }) },
        LOGIN: { target: 'loggingIn', actions: { type: 'acceptLogin', params: ({ event }) => event } },
        ...moveDataCenter({ reenter: false }),
        LOGOUT: [{ guard: 'sessionOpened', target: 'loggingOut' }, { target: 'idle' }],
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
