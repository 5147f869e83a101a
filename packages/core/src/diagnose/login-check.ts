import { SrsConfigurationError } from '../errors';
import { describeError, describeFailure } from '../messages';
import { validateLoginParams } from '../options';
import {
  basicAuthorization,
  buildLoginRequest,
  buildLogoutRequest,
  buildPingRequest,
  outcomeToError,
  type SrsOutcome,
} from '../protocol';
import { createFetchTransport } from '../transport';
import { check, type DiagnosisContext, notRun } from './context';
import type { TokenSeen } from './network-checks';
import type { DiagnosisCheck } from './types';

/**
 * A test login and logout with the credentials the caller gave: the only check that sends any, and the
 * only way a page can see that SRS lets it read the CSRF token. It never opens a second SRS session:
 * it is skipped while this desktop's session (or a tab of it) holds one, or SRS already holds one for
 * the agent, and the session it opens it ends at once.
 */

const TITLE = 'Test login and logout';

export interface LoginTest {
  check: DiagnosisCheck;
  token: TokenSeen;
}

/** Why a test login would disturb a running session; null when none runs here. */
export type RunningSession = string | null;

export async function loginLogoutCheck(
  context: DiagnosisContext,
  reachable: boolean,
  running: RunningSession,
): Promise<LoginTest> {
  const skipped = (why: string): LoginTest => ({
    check: notRun('login-logout', TITLE, why),
    token: 'not-run',
  });
  const { credentials } = context.options;
  const { srsUrl, settings } = context;
  if (!credentials) {
    return skipped(
      'Not asked: pass credentials to try a login and a logout. Nothing sent by this check carried credentials.',
    );
  }
  if (!srsUrl || !settings || !reachable)
    return skipped('SRS cannot be called from here (see the checks above).');
  if (running)
    return skipped(`Skipped so as not to disturb it: ${running} A test login would replace that session.`);
  let login: ReturnType<typeof validateLoginParams>;
  try {
    login = validateLoginParams(credentials);
  } catch (error) {
    if (!(error instanceof SrsConfigurationError)) throw error;
    return {
      token: 'not-run',
      check: check('login-logout', TITLE, {
        result: 'fail',
        finding: `Not sent: ${error.message}`,
        words: describeError(error, 'login', context.where),
      }),
    };
  }
  context.secrets.add(login.password);
  context.secrets.add(basicAuthorization(login));
  const transport = createFetchTransport({
    fetch: context.fetch,
    clock: context.clock,
    requestTimeoutMs: context.timeoutMs,
  });
  // A session SRS holds for this agent already (another browser, another app) answers the poll: leave it be.
  const ping = await transport.send(buildPingRequest(srsUrl, login));
  if (ping.kind === 'ok') {
    return skipped(
      `Skipped so as not to disturb it: SRS already holds a session for ${login.username} (a poll with these credentials was answered ${ping.status}). A test login would replace it.`,
    );
  }
  const loggedIn = await transport.send(buildLoginRequest(srsUrl, login, login, { csrf: settings.csrf }));
  const evidence: Record<string, string | number | boolean | null> = {
    agent: login.username,
    pollBefore: statusOf(ping),
    login: statusOf(loggedIn),
    tokenAsked: settings.csrf,
  };
  if (loggedIn.kind !== 'ok') {
    const error = outcomeToError(loggedIn, 'login', login);
    return {
      token: 'not-run',
      check: check('login-logout', TITLE, {
        result: 'fail',
        finding: `The test login was refused: ${error.message}`,
        evidence,
        words: describeFailure(error, context.where),
      }),
    };
  }
  const token = loggedIn.csrfToken;
  if (token) context.secrets.add(token);
  evidence.tokenReadable = token !== null;
  const loggedOut = await transport.send(buildLogoutRequest(srsUrl, login, token));
  evidence.logout = statusOf(loggedOut);
  const tokenSeen: TokenSeen = !settings.csrf ? 'not-run' : token ? 'readable' : 'hidden';
  if (loggedOut.kind !== 'ok') {
    const error = outcomeToError(loggedOut, 'logout');
    return {
      token: tokenSeen,
      check: check('login-logout', TITLE, {
        result: 'fail',
        finding: `The test login went through (${loggedIn.status}), but its logout did not: ${error.message} The test session ends by itself at SRS's timeout.`,
        evidence,
        words: describeError(error, 'logout', context.where),
      }),
    };
  }
  return {
    token: tokenSeen,
    check: check('login-logout', TITLE, {
      result: 'ok',
      finding: `A test login as ${login.username} (${loggedIn.status}${settings.csrf ? `, CSRF token ${token ? 'readable' : 'not readable'}` : ''}) and its logout (${loggedOut.status}) went through.`,
      evidence,
    }),
  };
}

function statusOf(outcome: SrsOutcome): string | number {
  return outcome.kind === 'unavailable' ? `no answer (${outcome.reason})` : outcome.status;
}
