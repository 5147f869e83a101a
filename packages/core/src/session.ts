import { type Actor, createActor, fromPromise } from 'xstate';
import { systemClock } from './clock';
import { SessionCancelledError, SessionStateError } from './errors';
import { resolveOptions, validateLoginParams, validatePlaceParams } from './options';
import {
  buildLoginRequest,
  buildLogoutRequest,
  buildPingRequest,
  type Credentials,
  outcomeToError,
} from './protocol';
import { connect, type SessionSnapshot, sameView, statusOf } from './session.connect';
import {
  type LoginInput,
  type SessionEvent,
  type SrsContact,
  screenRecordingMachine,
} from './session.machine';
import { createFetchTransport } from './transport';
import type {
  Device,
  Logger,
  LoginParams,
  PlaceParams,
  ScreenRecordingOptions,
  SessionCommands,
  SessionStatus,
  SessionView,
} from './types';

/** The app-wide screen-recording session. Bindings subscribe to it; they never create their own. */
export interface ScreenRecordingSession extends SessionCommands {
  /** The XState root actor, for advanced use (its snapshots hold no secret). */
  readonly actor: Actor<typeof screenRecordingMachine>;
  /** The current view; the same object until something in it changes. */
  getSnapshot(): SessionView;
  /** Calls `listener` with each new view. Returns the function that unsubscribes. */
  subscribe(listener: (view: SessionView) => void): () => void;
  /** Stops the actor and every timer, and rejects pending commands. Sends nothing: call `logout()` first. */
  dispose(): void;
}

/**
 * Credentials and the CSRF token, outside the statechart: the machine's context is shipped to the
 * inspector and shown in snapshots, so secrets never go there.
 */
interface SecretHolder {
  credentials: Credentials | null;
  csrfToken: string | null;
}

const SETTLED: readonly SessionStatus[] = ['active', 'failed', 'idle'];

/**
 * Creates the session. Validates the options (throws `SrsConfigurationError`), starts no timer and
 * sends nothing until `login()`.
 */
export function createScreenRecordingSession(options: ScreenRecordingOptions): ScreenRecordingSession {
  const settings = resolveOptions(options);
  const clock = options.clock ?? systemClock;
  const logger = options.logger;
  const transport = createFetchTransport({
    // Late-bound so a page can install a fetch after creating the session (and tests can spy on it).
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock,
    requestTimeoutMs: settings.requestTimeoutMs,
    logger,
  });
  const secrets: SecretHolder = { credentials: null, csrfToken: null };

  const requireCredentials = (): Credentials => {
    if (!secrets.credentials) throw new SessionCancelledError('The session was logged out.');
    return secrets.credentials;
  };

  const machine = screenRecordingMachine.provide({
    actors: {
      srsLogin: fromPromise<SrsContact, LoginInput>(async ({ input, signal }) => {
        const request = buildLoginRequest(settings.srsUrl, requireCredentials(), input, {
          csrf: settings.csrf,
        });
        const sentAt = clock.now();
        const outcome = await transport.send(request, signal);
        if (outcome.kind !== 'ok') throw outcomeToError(outcome, 'login');
        // A login abandoned by the machine must not overwrite the token of the one that replaced it.
        if (!signal.aborted) secrets.csrfToken = settings.csrf ? outcome.csrfToken : null;
        return { sentAt, answeredAt: clock.now() };
      }),
      srsPing: fromPromise<SrsContact, void>(async ({ signal }) => {
        const request = buildPingRequest(settings.srsUrl, requireCredentials());
        const sentAt = clock.now();
        const outcome = await transport.send(request, signal);
        if (outcome.kind !== 'ok') throw outcomeToError(outcome, 'ping');
        return { sentAt, answeredAt: clock.now() };
      }),
      srsLogout: fromPromise<void, void>(async ({ signal }) => {
        if (!secrets.credentials) return;
        const outcome = await transport.send(
          buildLogoutRequest(settings.srsUrl, secrets.credentials, secrets.csrfToken),
          signal,
        );
        // Whatever SRS answers, polling stops; SRS's own session timeout ends a session the logout missed.
        if (outcome.kind !== 'ok') logger?.warn(outcomeToError(outcome, 'logout').message);
      }),
    },
    delays: {
      untilNextPoll: ({ context }) => Math.max(0, (context.nextPollAt ?? 0) - clock.now()),
    },
    actions: {
      forgetSecrets: () => {
        secrets.credentials = null;
        secrets.csrfToken = null;
      },
    },
  });

  const actor = createActor(machine, {
    input: { settings },
    clock,
    ...(options.inspect ? { inspect: options.inspect } : {}),
  });

  let view = connect(actor.getSnapshot());
  const listeners = new Set<(view: SessionView) => void>();
  const pendingCommands = new Set<(snapshot: SessionSnapshot | null) => void>();

  actor.subscribe((snapshot) => {
    const next = connect(snapshot);
    if (next.status !== view.status) logStatusChange(logger, view, next);
    if (!sameView(next, view)) {
      view = next;
      for (const listener of [...listeners]) {
        // One broken listener must neither stop the others nor the session.
        try {
          listener(view);
        } catch (error) {
          logger?.error('a screen recording listener threw', { error: String(error) });
        }
      }
    }
    for (const settle of [...pendingCommands]) settle(snapshot);
  });
  actor.start();

  let disposed = false;

  /** Sends an event and resolves when the machine comes to rest in `active` (or `idle` for logout). */
  function command(event: SessionEvent, doneWhen: SessionStatus, beforeSend?: () => void): Promise<void> {
    if (disposed) return Promise.reject(new SessionStateError('The session was disposed.'));
    const before = actor.getSnapshot();
    if (!before.can(event)) {
      return Promise.reject(
        new SessionStateError(`${describe(event)} is not possible while the session is ${statusOf(before)}.`),
      );
    }
    beforeSend?.();
    actor.send(event);
    return settled(doneWhen);
  }

  function settled(doneWhen: SessionStatus): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = (snapshot: SessionSnapshot | null) => {
        if (!snapshot) {
          pendingCommands.delete(settle);
          reject(new SessionCancelledError('The session was disposed.'));
          return;
        }
        const status = statusOf(snapshot);
        if (!SETTLED.includes(status)) return;
        pendingCommands.delete(settle);
        // Arriving in `active` with an error: the session could not move and stayed on the old seat.
        if (status === doneWhen && !(status === 'active' && snapshot.context.error)) resolve();
        else if (status === 'active') reject(snapshot.context.error);
        else if (status === 'failed')
          reject(snapshot.context.error ?? new SessionStateError('The session failed.'));
        else reject(new SessionCancelledError(`The session became ${status} first.`));
      };
      // Already where the command leads (a repeated login while active): nothing to wait for.
      if (statusOf(actor.getSnapshot()) === doneWhen) {
        resolve();
        return;
      }
      pendingCommands.add(settle);
      settle(actor.getSnapshot());
    });
  }

  return {
    actor,
    getSnapshot: () => view,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    login(params: LoginParams) {
      try {
        validateLoginParams(params);
      } catch (error) {
        return Promise.reject(error);
      }
      const event: SessionEvent = {
        type: 'LOGIN',
        server: params.server,
        peerServer: params.peerServer ?? null,
        place: params.place ?? null,
        devices: plainDevices(params.devices),
      };
      const status = statusOf(actor.getSnapshot());
      // A second login with the same parameters (a StrictMode double effect, a double click) sends nothing.
      if ((status === 'loggingIn' || status === 'active') && isSameLogin(event, params))
        return settled('active');
      return command(event, 'active', () => {
        secrets.credentials = { username: params.username, password: params.password };
      });
    },

    switchPlace(params: PlaceParams) {
      try {
        validatePlaceParams(params);
      } catch (error) {
        return Promise.reject(error);
      }
      return command(
        {
          type: 'SWITCH_PLACE',
          place: params.place,
          devices: plainDevices(params.devices),
        },
        'active',
      );
    },

    logout() {
      const status = statusOf(actor.getSnapshot());
      if (status === 'idle') return Promise.resolve();
      if (status === 'loggingOut') return settled('idle');
      return command({ type: 'LOGOUT' }, 'idle');
    },
    failover: () => command({ type: 'FAILOVER' }, 'active'),
    failback: () => command({ type: 'FAILBACK' }, 'active'),
    retry: () => command({ type: 'RETRY' }, 'active'),

    dispose() {
      if (disposed) return;
      disposed = true;
      actor.stop();
      secrets.credentials = null;
      secrets.csrfToken = null;
      listeners.clear();
      for (const settle of [...pendingCommands]) settle(null);
    },
  };

  function isSameLogin(event: Extract<SessionEvent, { type: 'LOGIN' }>, params: LoginParams): boolean {
    const { context } = actor.getSnapshot();
    return (
      secrets.credentials?.username === params.username &&
      secrets.credentials.password === params.password &&
      context.primaryServer === event.server &&
      context.recoveryServer === event.peerServer &&
      context.pending.place === event.place &&
      JSON.stringify(context.pending.devices) === JSON.stringify(event.devices)
    );
  }
}

/** Copies devices into plain `{ dn, switch }` objects, so later changes by the caller cannot leak in. */
function plainDevices(devices: readonly Device[] | undefined): Device[] | null {
  return devices ? devices.map(({ dn, switch: switchName }) => ({ dn, switch: switchName })) : null;
}

function describe(event: SessionEvent): string {
  const names: Record<SessionEvent['type'], string> = {
    LOGIN: 'login()',
    SWITCH_PLACE: 'switchPlace()',
    FAILOVER: 'failover()',
    FAILBACK: 'failback()',
    RETRY: 'retry()',
    LOGOUT: 'logout()',
  };
  return names[event.type];
}

function logStatusChange(logger: Logger | undefined, from: SessionView, to: SessionView): void {
  if (!logger) return;
  const details = { from: from.status, to: to.status, dataCenter: to.dataCenter };
  if (to.status === 'failed')
    logger.error(`screen recording session failed: ${to.error?.message ?? 'unknown'}`, details);
  else logger.info(`screen recording session ${from.status} → ${to.status}`, details);
}
