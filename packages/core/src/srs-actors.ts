import { fromPromise } from 'xstate';
import { monotonicReader } from './clock';
import { SessionCancelledError } from './errors';
import type { LoginInput, SrsContact } from './machine';
import {
  buildLoginRequest,
  buildLogoutRequest,
  buildPingRequest,
  type Credentials,
  outcomeToError,
  type SrsRequest,
} from './protocol';
import type { SrsTransport } from './transport';
import type { Clock, Logger, ResolvedOptions } from './types';

/**
 * The machine's three requests to SRS, and the secrets they need. Credentials and the CSRF token stay
 * in this closure: the machine's context is shipped to the inspector and shown in snapshots, so
 * secrets never go there.
 */
export function createSrsActors(deps: {
  settings: ResolvedOptions;
  transport: SrsTransport;
  clock: Clock;
  logger: Logger;
}) {
  const { settings, transport, clock, logger } = deps;
  const monotonicNow = monotonicReader(clock);
  let credentials: Credentials | null = null;
  let csrfToken: string | null = null;

  const requireCredentials = (): Credentials => {
    if (!credentials) throw new SessionCancelledError('The session was logged out.');
    return credentials;
  };

  /** Sends a request that refreshes SRS's session timer; resolves with when, rejects with the typed error. */
  async function exchange(
    request: SrsRequest,
    signal: AbortSignal,
  ): Promise<SrsContact & { csrfToken: string | null }> {
    const sentAt = clock.now();
    const startedAt = monotonicNow();
    const outcome = await transport.send(request, signal);
    if (outcome.kind !== 'ok') throw outcomeToError(outcome, request.operation);
    return {
      sentAt,
      answeredAt: clock.now(),
      elapsedMs: monotonicNow() - startedAt,
      csrfToken: outcome.csrfToken,
    };
  }

  const actors = {
    srsLogin: fromPromise<SrsContact, LoginInput>(async ({ input, signal }) => {
      const request = buildLoginRequest(settings.srsUrl, requireCredentials(), input, {
        csrf: settings.csrf,
      });
      const { csrfToken: token, ...contact } = await exchange(request, signal);
      // A login abandoned by the machine must not overwrite the token of the one that replaced it.
      if (!signal.aborted) csrfToken = settings.csrf ? token : null;
      return contact;
    }),
    srsPing: fromPromise<SrsContact, void>(async ({ signal }) => {
      const { csrfToken: _ignored, ...contact } = await exchange(
        buildPingRequest(settings.srsUrl, requireCredentials()),
        signal,
      );
      return contact;
    }),
    srsLogout: fromPromise<void, void>(async ({ signal }) => {
      if (!credentials) return;
      const outcome = await transport.send(
        buildLogoutRequest(settings.srsUrl, credentials, csrfToken),
        signal,
      );
      // Whatever SRS answers, polling stops; SRS's own session timeout ends a session the logout missed.
      if (outcome.kind !== 'ok') logger.warn(outcomeToError(outcome, 'logout').message);
    }),
  };

  return {
    actors,
    actions: {
      forgetSecrets: () => {
        credentials = null;
        csrfToken = null;
      },
    },
    /** Keeps the agent's credentials for the login about to be sent and the re-logins after it. */
    useCredentials(next: Credentials): void {
      credentials = { username: next.username, password: next.password };
    },
    /** The session already holds exactly these credentials (a repeated login sends nothing new). */
    holdsCredentials(candidate: Credentials): boolean {
      return credentials?.username === candidate.username && credentials.password === candidate.password;
    },
  };
}

export type SrsActors = ReturnType<typeof createSrsActors>;
