import { fromPromise } from 'xstate';
import { instantReader } from './clock';
import { ScreenRecordingError, SessionCancelledError, SrsPermissionDeniedError } from './errors';
import { PERMISSION_DENIED_MESSAGE, readLocalNetworkAccess } from './local-network-access';
import type { LoginInput } from './machine';
import { type LogoutOutcome, RequestFailure, type SrsContact } from './outcomes';
import {
  buildLoginRequest,
  buildLogoutRequest,
  buildPingRequest,
  type Credentials,
  outcomeToError,
  type SrsOutcome,
  type SrsRequest,
} from './protocol';
import { insecureContextError } from './secure-context';
import type { SrsTransport } from './transport';
import type { Clock, Logger, ResolvedOptions } from './types';

/** Where a session's secrets live: the agent's credentials and SRS's CSRF token, never in the machine. */
export interface Secrets {
  /** Keeps the agent's credentials for the login about to be sent and the re-logins after it. */
  keep(credentials: Credentials): void;
  /** The session already holds exactly these credentials (a repeated login sends nothing new). */
  holds(credentials: Credentials): boolean;
  /** The user name of the credentials held, or null: not a secret. */
  agent(): string | null;
  /** Drops the credentials and the token: the agent logged out, or the session was disposed. */
  forget(): void;
}

/**
 * The machine's three requests to SRS, and the secrets they need. Credentials and the CSRF token stay
 * in this closure: the machine's context is shipped to the inspector and shown in snapshots, so
 * secrets never go there.
 */
export function createSrsActors(deps: {
  settings: ResolvedOptions;
  transport: SrsTransport;
  clock: Clock;
  random: () => number;
  logger: Logger;
}) {
  const { settings, transport, clock, random, logger } = deps;
  const now = instantReader(clock);
  let credentials: Credentials | null = null;
  let csrfToken: string | null = null;

  /**
   * Sends a request that refreshes SRS's session timer. Resolves with when it was sent and answered;
   * rejects with a `RequestFailure` (the typed error, and when) for anything else, a thrown bug included.
   */
  async function exchange(
    build: (credentials: Credentials) => SrsRequest,
    signal: AbortSignal,
    describe?: { place: string | null; devices: LoginInput['devices'] },
  ): Promise<{ contact: SrsContact; csrfToken: string | null }> {
    const sent = now();
    try {
      if (!credentials) throw new SessionCancelledError('The session was logged out.');
      const request = build(credentials);
      // A page the browser will refuse outright sends nothing, and says why (secure-context.ts).
      const refused = await insecureContextError(settings.srsUrl);
      if (refused) throw refused;
      const outcome = await transport.send(request, signal);
      if (outcome.kind !== 'ok') throw await errorFor(outcome, request.operation, describe);
      return { contact: { sent, answered: now() }, csrfToken: outcome.csrfToken };
    } catch (thrown) {
      const error =
        thrown instanceof ScreenRecordingError
          ? thrown
          : new SessionCancelledError('The request could not be sent.');
      throw new RequestFailure(error, sent, now(), drawJitter());
    }
  }

  const actors = {
    srsLogin: fromPromise<SrsContact, LoginInput>(async ({ input, signal }) => {
      const { contact, csrfToken: token } = await exchange(
        (agent) => buildLoginRequest(settings.srsUrl, agent, input, { csrf: settings.csrf }),
        signal,
        input,
      );
      // A login abandoned by the machine must not overwrite the token of the one that replaced it.
      if (!signal.aborted) csrfToken = settings.csrf ? token : null;
      return contact;
    }),
    srsPing: fromPromise<SrsContact, void>(async ({ signal }) => {
      const { contact } = await exchange((agent) => buildPingRequest(settings.srsUrl, agent), signal);
      return contact;
    }),
    srsLogout: fromPromise<LogoutOutcome, void>(async ({ signal }) => {
      if (!credentials) return { confirmed: false, error: null };
      const outcome = await transport.send(
        buildLogoutRequest(settings.srsUrl, credentials, csrfToken),
        signal,
      );
      if (outcome.kind === 'ok') return { confirmed: true, error: null };
      // Whatever SRS answers, polling stops; SRS's own session timeout ends a session the logout missed.
      const error = outcomeToError(outcome, 'logout');
      logger.warn(error.message);
      return { confirmed: false, error };
    }),
  };

  /** A draw in [0, 1) from the app's source of chance, which may throw or lie. */
  function drawJitter(): number {
    try {
      const value = random();
      return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
    } catch {
      return 0;
    }
  }

  const secrets: Secrets = {
    keep(next) {
      credentials = { username: next.username, password: next.password };
    },
    holds: (candidate) =>
      credentials?.username === candidate.username && credentials.password === candidate.password,
    agent: () => credentials?.username ?? null,
    forget() {
      credentials = null;
      csrfToken = null;
    },
  };

  return {
    actors,
    actions: { forgetSecrets: secrets.forget },
    secrets,
    /**
     * The logout for a page that is going away (`pagehide`): sent with `keepalive` so it outlives the page,
     * and not awaited. Returns false when there was nothing to end.
     */
    sendFarewellLogout(): boolean {
      if (!credentials) return false;
      const request = { ...buildLogoutRequest(settings.srsUrl, credentials, csrfToken), keepalive: true };
      void transport.send(request);
      return true;
    },
    now,
  };
}

export type SrsActors = ReturnType<typeof createSrsActors>;

/**
 * The typed error for a failed outcome. A request that got no answer at all may have been blocked by
 * the browser's Local Network Access permission, which looks exactly like SRS not running: the
 * permission's state tells them apart.
 */
async function errorFor(
  outcome: Exclude<SrsOutcome, { kind: 'ok' }>,
  operation: SrsRequest['operation'],
  login?: { place: string | null; devices: LoginInput['devices'] },
): Promise<ScreenRecordingError> {
  if (
    outcome.kind === 'unavailable' &&
    outcome.reason === 'network' &&
    (await readLocalNetworkAccess()) === 'denied'
  ) {
    return new SrsPermissionDeniedError(PERMISSION_DENIED_MESSAGE);
  }
  return outcomeToError(outcome, operation, login);
}
