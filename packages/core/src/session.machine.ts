import { and, assign, fromPromise, setup } from 'xstate';
import { ScreenRecordingError } from './errors';
import type { DataCenter, Device, ResolvedOptions } from './types';

/**
 * The screen-recording session as one statechart (XState v5). It reads top to bottom as the
 * lifecycle the seed describes: log in when the agent logs in, poll while the agent works, log in
 * again when the agent switches place or the data center is lost, log out when the agent logs out.
 *
 * No secret ever enters this machine: credentials and the CSRF token live in a holder that the
 * session object closes over in the actor implementations, so snapshots and inspector events are
 * safe to ship to the Stately inspector.
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

/** When a request that refreshes SRS's session timer was sent and when its answer came. */
export interface SrsContact {
  sentAt: number;
  answeredAt: number;
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
  nextPollAt: number | null;
  consecutiveFailures: number;
  error: ScreenRecordingError | null;
}

export type SessionEvent =
  | {
      type: 'LOGIN';
      server: string;
      peerServer: string | null;
      place: string | null;
      devices: readonly Device[] | null;
    }
  | { type: 'SWITCH_PLACE'; place: string; devices: readonly Device[] | null }
  | { type: 'FAILOVER' }
  | { type: 'FAILBACK' }
  | { type: 'RETRY' }
  | { type: 'LOGOUT' };

export interface SessionInput {
  settings: ResolvedOptions;
}

/** The real implementations come from the session object, which owns the transport and the secrets. */
const notProvided = <Output, Input>(name: string) =>
  fromPromise<Output, Input>(() =>
    Promise.reject(new Error(`${name} is provided by createScreenRecordingSession`)),
  );

function sameDevices(a: readonly Device[] | null, b: readonly Device[] | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((device, index) => device.dn === b[index]?.dn && device.switch === b[index]?.switch);
}

function sameSeat(a: Seat | null, b: Seat | null): boolean {
  if (!a || !b) return a === b;
  return a.dataCenter === b.dataCenter && a.place === b.place && sameDevices(a.devices, b.devices);
}

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

const sessionSetup = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
  },
  actors: {
    /** POST /api/v2/me with the seat's configuration; resolves when SRS accepted it. */
    srsLogin: notProvided<SrsContact, LoginInput>('srsLogin'),
    /** GET /ping; resolves when SRS refreshed its session timer. */
    srsPing: notProvided<SrsContact, void>('srsPing'),
    /** POST /api/v2/me EndContactCenterSession; always resolves (SRS's own timeout is the backstop). */
    srsLogout: notProvided<void, void>('srsLogout'),
  },
  actions: {
    /** Replaced by the session object: drop credentials and the CSRF token. */
    forgetSecrets: () => {},
    acceptLogin: assign(({ event }) => {
      if (event.type !== 'LOGIN') return {};
      return {
        primaryServer: event.server,
        recoveryServer: event.peerServer,
        pending: { dataCenter: 'primary' as const, place: event.place, devices: event.devices },
        consecutiveFailures: 0,
        error: null,
        lastPollAt: null,
      };
    }),
    acceptPlace: assign(({ context, event }) => {
      if (event.type !== 'SWITCH_PLACE') return {};
      return { pending: { ...context.pending, place: event.place, devices: event.devices } };
    }),
    keepCurrentSeat: assign(({ context }) => ({ pending: context.current ?? context.pending })),
    targetRecovery: assign(({ context }) => ({
      pending: { ...context.pending, dataCenter: 'recovery' as const },
      consecutiveFailures: 0,
    })),
    targetPrimary: assign(({ context }) => ({
      pending: { ...context.pending, dataCenter: 'primary' as const },
      consecutiveFailures: 0,
    })),
    recordLogin: assign(({ context, event }) => {
      const contact = (event as unknown as { output: SrsContact }).output;
      return {
        current: context.sent,
        sessionOpened: true,
        consecutiveFailures: 0,
        error: null,
        nextPollAt: contact.sentAt + context.settings.pingIntervalMs,
      };
    }),
    recordFailure: assign(({ context, event }) => ({
      consecutiveFailures: context.consecutiveFailures + 1,
      error: asSessionError((event as { error?: unknown }).error),
    })),
  },
  delays: {
    /** Replaced by the session object to read its clock. */
    untilNextPoll: ({ context }) => Math.max(0, (context.nextPollAt ?? 0) - Date.now()),
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
    isFatalLoginError: ({ event }) => isFatalLoginError((event as { error?: unknown }).error),
    /**
     * A move to another place or data center failed for good (refused, or out of tries) while SRS still
     * holds the session on the old seat.
     */
    moveFailed: ({ context, event }) =>
      (isFatalLoginError((event as { error?: unknown }).error) || isLastAllowedFailure(context)) &&
      context.sessionOpened &&
      context.current !== null &&
      !sameSeat(context.current, context.sent),
    sessionGone: ({ event }) => asSessionError((event as { error?: unknown }).error)?.code === 'unauthorized',
    failuresExhausted: ({ context }) => isLastAllowedFailure(context),
    /**
     * The primary data center looks lost: SRS keeps answering 5xx to logins naming its RWS (SRS is up,
     * RWS is not), and a recovery RWS is configured. A network error means SRS itself is down, which
     * moving to the other data center would not fix.
     */
    primaryDataCenterLost: ({ context, event }) =>
      context.pending.dataCenter === 'primary' &&
      context.recoveryServer !== null &&
      isLastAllowedFailure(context) &&
      asSessionError((event as { error?: unknown }).error)?.code === 'server-error',
    hasRecoveryServer: ({ context }) => context.recoveryServer !== null,
    targetsRecovery: ({ context }) => context.pending.dataCenter === 'recovery',
  },
});

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
    consecutiveFailures: 0,
    error: null,
  }),
  initial: 'idle',
  states: {
    idle: {
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
        LOGIN: { target: 'loggingIn', actions: 'acceptLogin' },
      },
    },

    /** First login, re-login after SRS dropped the session, or `retry()`. */
    loggingIn: loginAttempt(),

    active: {
      initial: 'waiting',
      states: {
        waiting: {
          after: { untilNextPoll: 'polling' },
        },
        polling: {
          invoke: {
            id: 'ping',
            src: 'srsPing',
            onDone: {
              target: 'waiting',
              actions: assign(({ context, event }) => ({
                lastPollAt: event.output.answeredAt,
                // From the poll's start, so the cadence does not drift with response time.
                nextPollAt: event.output.sentAt + context.settings.pingIntervalMs,
                consecutiveFailures: 0,
                error: null,
              })),
            },
            onError: [
              {
                // SRS dropped the session (timeout, restart): log in again with the same seat.
                guard: 'sessionGone',
                target: '#screenRecording.loggingIn',
                actions: assign(({ context, event }) => ({
                  sessionOpened: false,
                  pending: context.current ?? context.pending,
                  error: asSessionError(event.error),
                })),
              },
              {
                guard: 'failuresExhausted',
                target: '#screenRecording.failed',
                actions: 'recordFailure',
              },
              { target: 'waitingToRetry', actions: 'recordFailure' },
            ],
          },
        },
        waitingToRetry: {
          after: { retryBackoff: 'polling' },
        },
      },
      on: {
        SWITCH_PLACE: { target: 'switchingPlace', actions: 'acceptPlace' },
        FAILOVER: { guard: 'hasRecoveryServer', target: 'failover', actions: 'targetRecovery' },
        FAILBACK: { guard: 'targetsRecovery', target: 'failover', actions: 'targetPrimary' },
        LOGOUT: { target: 'loggingOut' },
      },
    },

    /** The seed: "If an agent switches place in the middle of an active session, [...] send a login API request to SRS again". */
    switchingPlace: loginAttempt(),

    /** Disaster recovery: log in with the other data center's RWS as `server` (and this one as `peer_server`). */
    failover: loginAttempt(),

    loggingOut: {
      // The transport bounds the request with requestTimeoutMs, so this never hangs.
      invoke: { id: 'logout', src: 'srsLogout', onDone: 'idle', onError: 'idle' },
    },

    failed: {
      on: {
        RETRY: { target: 'loggingIn', actions: assign({ consecutiveFailures: 0 }) },
        LOGIN: { target: 'loggingIn', actions: 'acceptLogin' },
        FAILOVER: { guard: 'hasRecoveryServer', target: 'failover', actions: 'targetRecovery' },
        FAILBACK: { guard: 'targetsRecovery', target: 'failover', actions: 'targetPrimary' },
        LOGOUT: [{ guard: 'sessionOpened', target: 'loggingOut' }, { target: 'idle' }],
      },
    },
  },
});

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
            { guard: 'logoutRequested', target: '#screenRecording.loggingOut', actions: 'recordLogin' },
            {
              guard: 'dataCenterChangedMeanwhile',
              target: '#screenRecording.failover',
              reenter: true,
              actions: 'recordLogin',
            },
            {
              guard: 'placeChangedMeanwhile',
              target: '#screenRecording.switchingPlace',
              reenter: true,
              actions: 'recordLogin',
            },
            { target: '#screenRecording.active', actions: 'recordLogin' },
          ],
          onError: [
            // The failed login did not open a session, but an earlier one may still be open at SRS.
            { guard: and(['logoutRequested', 'sessionOpened']), target: '#screenRecording.loggingOut' },
            { guard: 'logoutRequested', target: '#screenRecording.idle' },
            { guard: 'dataCenterChangedMeanwhile', target: '#screenRecording.failover', reenter: true },
            { guard: 'placeChangedMeanwhile', target: '#screenRecording.switchingPlace', reenter: true },
            {
              // The session could not move, but SRS still holds it where it was: keep that one alive.
              guard: 'moveFailed',
              target: '#screenRecording.active',
              actions: ['recordFailure', 'keepCurrentSeat'],
            },
            { guard: 'isFatalLoginError', target: '#screenRecording.failed', actions: 'recordFailure' },
            {
              guard: 'primaryDataCenterLost',
              target: '#screenRecording.failover',
              actions: ['recordFailure', 'targetRecovery'],
            },
            { guard: 'failuresExhausted', target: '#screenRecording.failed', actions: 'recordFailure' },
            { target: 'waitingToRetry', actions: 'recordFailure' },
          ],
        },
        on: {
          LOGOUT: { actions: assign({ logoutRequested: true }) },
          SWITCH_PLACE: { actions: 'acceptPlace' },
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
          SWITCH_PLACE: { target: '#screenRecording.switchingPlace', reenter: true, actions: 'acceptPlace' },
          FAILOVER: {
            guard: 'hasRecoveryServer',
            target: '#screenRecording.failover',
            reenter: true,
            actions: 'targetRecovery',
          },
          FAILBACK: {
            guard: 'targetsRecovery',
            target: '#screenRecording.failover',
            reenter: true,
            actions: 'targetPrimary',
          },
        },
      },
    },
  });
}
