import { type ScreenRecordingError, SrsForbiddenError, SrsUnavailableError } from '../errors';
import { describeFailure, describeView } from '../messages';
import { buildLoginRequest, buildLogoutRequest, buildPingRequest } from '../protocol';
import type { LocalNetworkAccess } from '../types';
import { ASK_ADMINISTRATOR, check, type DiagnosisContext, formatMs, idleView, notRun } from './context';
import { describeProbe, explainFailure, type Probe, type ProbeOutcome, send } from './probes';
import type { DiagnosisCheck } from './types';

/**
 * The checks that call SRS without credentials: does anything answer, does SRS let this page's origin
 * read its answers, do its preflights allow the headers the library sends, may the page read the CSRF
 * token. In a browser, the browser's verdict is all a page sees (a readable answer or a `TypeError`);
 * in Node, which applies no CORS, the `Origin` is sent by hand and SRS's CORS headers are read directly.
 */

/** Why the browser may have refused a call before it left, read before the network checks. */
export interface BrowserBlock {
  /** The page is not a secure context and the browser refuses its calls to this computer. */
  insecure: boolean;
  /** The permissions policy (an iframe's) refuses calls to this computer. */
  policyRefuses: boolean;
}

const NO_ANSWER = 'SRS did not answer (see SRS answers).';

/** The header names a request of the library carries that make the browser send a preflight first. */
function preflightedHeaders(headers: Record<string, string>): string[] {
  // `Accept: application/json` is safelisted; every other header the library sends is not.
  return Object.keys(headers).filter((name) => name.toLowerCase() !== 'accept');
}

/** The library's requests to SRS, as a preflight sees them: method, path, and headers (never their values). */
function libraryRequests(
  srsUrl: string,
  csrf: boolean,
): Array<{ method: 'GET' | 'POST'; path: string; headers: string[] }> {
  // Placeholder credentials: only the header names are used, nothing is sent with them.
  const credentials = { username: 'diagnose', password: 'diagnose' };
  const login = buildLoginRequest(srsUrl, credentials, { server: 'https://rws.invalid' }, { csrf });
  const logout = buildLogoutRequest(srsUrl, credentials, csrf ? 'token' : null);
  const ping = buildPingRequest(srsUrl, credentials);
  const me = [...new Set([...preflightedHeaders(login.headers), ...preflightedHeaders(logout.headers)])];
  return [
    { method: 'POST', path: '/api/v2/me', headers: me },
    { method: 'GET', path: '/ping', headers: preflightedHeaders(ping.headers) },
  ];
}

function outcomeEvidence(probe: Probe, outcome: ProbeOutcome) {
  return {
    probe: describeProbe(probe),
    outcome: outcome.kind,
    status: outcome.kind === 'answered' ? outcome.status : null,
    error: outcome.kind === 'failed' ? outcome.error : null,
    errorCode: outcome.kind === 'failed' ? outcome.code : null,
    elapsedMs: outcome.elapsedMs,
  };
}

export interface Reachability {
  check: DiagnosisCheck;
  answered: boolean;
}

const PING_WITHOUT_CREDENTIALS: Probe = { method: 'GET', path: '/ping' };

export async function reachabilityCheck(
  context: DiagnosisContext,
  block: BrowserBlock,
  readAccess: () => Promise<LocalNetworkAccess>,
): Promise<Reachability> {
  const title = 'SRS answers';
  const { srsUrl } = context;
  if (!srsUrl) {
    return {
      check: notRun('srs-reachable', title, 'No usable srsUrl (see Session options).'),
      answered: false,
    };
  }
  // In a browser, `no-cors`: whatever answers is seen to answer, whether or not SRS allows this origin.
  const probe: Probe =
    context.environment === 'browser'
      ? { ...PING_WITHOUT_CREDENTIALS, mode: 'no-cors' }
      : PING_WITHOUT_CREDENTIALS;
  const outcome = await send(context, srsUrl, probe);
  const evidence = outcomeEvidence(probe, outcome);
  if (outcome.kind === 'answered') {
    const seen =
      outcome.type === 'opaque' ? 'an answer (which no-cors hides from the page)' : `${outcome.status}`;
    return {
      answered: true,
      check: check('srs-reachable', title, {
        result: 'ok',
        finding: `Something answers at ${srsUrl}: ${describeProbe(probe)} without credentials got ${seen} in ${formatMs(outcome.elapsedMs)}.`,
        evidence,
      }),
    };
  }
  if (outcome.kind === 'timeout') {
    const error = new SrsUnavailableError(
      'timeout',
      `Nothing answered ${describeProbe(probe)} at ${srsUrl} within ${formatMs(context.timeoutMs)}: SRS (or whatever listens there) is hanging or overloaded.`,
    );
    return {
      answered: false,
      check: check('srs-reachable', title, {
        result: 'fail',
        finding: error.message,
        evidence,
        words: describeFailure(error, context.where),
      }),
    };
  }
  // Read again: a prompt the probe raised may have been answered meanwhile.
  const access = await readAccess();
  return {
    answered: false,
    check: unreachable(context, srsUrl, outcome, { ...evidence, localNetworkAccess: access }, block, access),
  };
}

function unreachable(
  context: DiagnosisContext,
  srsUrl: string,
  outcome: Extract<ProbeOutcome, { kind: 'failed' }>,
  evidence: Record<string, string | number | boolean | null>,
  block: BrowserBlock,
  access: LocalNetworkAccess,
): DiagnosisCheck {
  const title = 'SRS answers';
  const after = `after ${formatMs(outcome.elapsedMs)}`;
  if (block.insecure) {
    return check('srs-reachable', title, {
      result: 'fail',
      finding: `Blocked by the browser ${after}: the page is not a secure context, so no call reaches SRS on this computer.`,
      evidence,
      agent: describeView(idleView('denied'), { ...context.where, secureContext: false }).headline,
      administrator: 'See Secure context above.',
    });
  }
  if (block.policyRefuses || access === 'denied' || access === 'prompt') {
    const why = block.policyRefuses
      ? "the page's permissions policy refuses calls to this computer"
      : access === 'denied'
        ? 'the permission to access apps on this device is denied for this site'
        : 'the browser asked whether this site may access apps on this device, and it was not allowed (or nothing answers either)';
    const words = describeView(idleView(access === 'prompt' ? 'prompt' : 'denied'), context.where);
    return check('srs-reachable', title, {
      result: 'fail',
      finding: `Blocked by the browser ${after}: ${why}.`,
      evidence,
      // The words of the permission check above; the administrator's are there too.
      words: { ...words, detail: 'See Local Network Access permission and iframe policy above.' },
    });
  }
  const reason =
    explainFailure(outcome.code) ??
    (context.environment === 'browser'
      ? `no SRS listens on that port, or the connection failed${srsUrl.startsWith('https:') ? " (or SRS's certificate is not trusted by this browser)" : ''}`
      : `the connection failed${outcome.code ? ` (${outcome.code})` : ''}`);
  const error = new SrsUnavailableError('network', `Nothing answers at ${srsUrl} (${after}): ${reason}.`);
  return check('srs-reachable', title, {
    result: 'fail',
    finding: error.message,
    evidence,
    words: describeFailure(error, context.where),
  });
}

/** What the CORS probes found, for the checks that read it. */
export interface CorsFindings {
  origin: DiagnosisCheck;
  /** The `Access-Control-Expose-Headers` SRS sends this origin, read in Node; null in browsers (hidden there). */
  exposedHeaders: string | null;
  originAllowed: boolean;
}

export async function corsOriginCheck(context: DiagnosisContext, answered: boolean): Promise<CorsFindings> {
  const title = 'CORS: SRS allows this page’s origin';
  const { srsUrl, pageOrigin } = context;
  const skipped = (why: string): CorsFindings => ({
    origin: notRun('cors-origin', title, why),
    exposedHeaders: null,
    originAllowed: false,
  });
  if (!srsUrl || !answered) return skipped(NO_ANSWER);
  if (!pageOrigin)
    return skipped(
      "No page origin to check: pass pageUrl, the desktop's address, to check SRS's CORS settings outside a browser.",
    );
  const browser = context.environment === 'browser';
  const probe: Probe = browser
    ? PING_WITHOUT_CREDENTIALS
    : { ...PING_WITHOUT_CREDENTIALS, headers: { Origin: pageOrigin } };
  const outcome = await send(context, srsUrl, probe);
  const allowOrigin =
    !browser && outcome.kind === 'answered' ? outcome.headers.get('Access-Control-Allow-Origin') : null;
  const evidence = { ...outcomeEvidence(probe, outcome), pageOrigin, ...(browser ? {} : { allowOrigin }) };
  const allowed =
    outcome.kind === 'answered' && (browser || allowOrigin === pageOrigin || allowOrigin === '*');
  /** The origin check failed: `error` says how, in the words of the session's own errors. */
  const refused = (error: ScreenRecordingError) => ({
    originAllowed: false,
    exposedHeaders: null,
    origin: check('cors-origin', title, {
      result: 'fail',
      finding: error.message,
      evidence,
      words: describeFailure(error, context.where),
    }),
  });
  if (allowed) {
    const status = outcome.kind === 'answered' ? outcome.status : 0;
    const expected = status === 401;
    const exposedHeaders =
      browser || outcome.kind !== 'answered'
        ? null
        : (outcome.headers.get('Access-Control-Expose-Headers') ?? '');
    return {
      originAllowed: true,
      exposedHeaders,
      origin: check('cors-origin', title, {
        result: expected ? 'ok' : 'warn',
        finding: expected
          ? `SRS lets ${pageOrigin} read its answers: a ping without credentials got 401, as SRS answers it.`
          : `SRS lets ${pageOrigin} read its answers, but a ping without credentials got ${status}, where SRS answers 401: is srsUrl the Screen Recording Service?`,
        evidence,
        agent: expected ? null : ASK_ADMINISTRATOR,
        administrator: expected
          ? undefined
          : 'Check that srsUrl points at SRS, not at a proxy or another service.',
      }),
    };
  }
  if (outcome.kind === 'timeout') {
    return refused(
      new SrsUnavailableError(
        'timeout',
        `No answer to ${describeProbe(probe)} within ${formatMs(context.timeoutMs)}.`,
      ),
    );
  }
  const seen = browser
    ? `SRS answers, but the browser hid its answer from the page: it carries no Access-Control-Allow-Origin for ${pageOrigin}`
    : `SRS answered ${outcome.kind === 'answered' ? outcome.status : 'nothing'} with Access-Control-Allow-Origin ${allowOrigin === null ? 'missing' : JSON.stringify(allowOrigin)} for ${pageOrigin}`;
  return refused(new SrsForbiddenError(`${seen}, so SRS's CORS settings do not allow this origin.`));
}

/** `'authorization, x-csrf-token'` → the names SRS lists, lower case. */
function listed(header: string | null): Set<string> {
  return new Set(
    (header ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** Why a check that needs SRS's answers to this origin did not run. */
function notRunAfter(cors: CorsFindings): string {
  return cors.origin.result === 'unknown'
    ? cors.origin.finding
    : 'SRS does not let this origin read its answers (see CORS: SRS allows this page’s origin).';
}

export async function corsPreflightCheck(
  context: DiagnosisContext,
  cors: CorsFindings,
): Promise<DiagnosisCheck> {
  const title = 'CORS preflight: SRS allows the library’s requests';
  const { srsUrl, pageOrigin, settings } = context;
  if (!srsUrl || !pageOrigin || !cors.originAllowed)
    return notRun('cors-preflight', title, notRunAfter(cors));
  const requests = libraryRequests(srsUrl, settings?.csrf ?? true);
  const browser = context.environment === 'browser';
  const refused: string[] = [];
  const evidence: Record<string, string | number | boolean | null> = {};
  for (const request of requests) {
    const headers = Object.fromEntries(
      request.headers.map((name) => [name, PLACEHOLDER_VALUES[name] ?? 'diagnose']),
    );
    const probe: Probe = browser
      ? {
          method: request.method,
          path: request.path,
          headers,
          ...(request.method === 'POST' ? { body: '[]' } : {}),
        }
      : {
          method: 'OPTIONS',
          path: request.path,
          headers: {
            Origin: pageOrigin,
            'Access-Control-Request-Method': request.method,
            'Access-Control-Request-Headers': request.headers.join(',').toLowerCase(),
          },
        };
    const outcome = await send(context, srsUrl, probe);
    const what = `${request.method} ${request.path} with ${request.headers.join(', ')}`;
    const key = request.path === '/ping' ? 'ping' : 'login';
    evidence[`${key}Probe`] = describeProbe(probe);
    evidence[`${key}Outcome`] = outcome.kind === 'answered' ? outcome.status : outcome.kind;
    if (outcome.kind !== 'answered') {
      refused.push(
        `${what}: ${outcome.kind === 'timeout' ? 'no answer in time' : 'the browser refused it: its preflight (which a page cannot see) did not allow it'}`,
      );
      continue;
    }
    if (browser) continue;
    const missing = missingFromPreflight(outcome, pageOrigin, request.headers);
    evidence[`${key}AllowHeaders`] = outcome.headers.get('Access-Control-Allow-Headers');
    if (missing) refused.push(`${what}: ${missing}`);
  }
  if (refused.length === 0) {
    return check('cors-preflight', title, {
      result: 'ok',
      finding: `SRS's preflights allow ${requests.map((request) => `${request.method} ${request.path} with ${request.headers.join(', ')}`).join(', and ')}${browser ? '. A page cannot see a preflight itself: it saw the browser let both requests through after theirs, and read their answers (401: no credentials were sent)' : ''}.`,
      evidence,
    });
  }
  const error = new SrsForbiddenError(`SRS's CORS preflight refuses ${refused.join('; ')}.`);
  return check('cors-preflight', title, {
    result: 'fail',
    finding: error.message,
    evidence,
    words: describeFailure(error, context.where),
    administrator: `SRS's CORS settings must allow the methods GET and POST and the headers ${[...new Set(requests.flatMap((request) => request.headers))].join(', ')}.`,
  });
}

/** What the probes send in place of secrets: no credentials (a bare scheme), no real token. */
const PLACEHOLDER_VALUES: Record<string, string> = {
  Authorization: 'Basic',
  'Content-Type': 'application/json',
  'X-Support-CSRFP': 'true',
};

/** Why a preflight answer (read in Node) would make a browser refuse the request; null when it would not. */
function missingFromPreflight(
  outcome: Extract<ProbeOutcome, { kind: 'answered' }>,
  origin: string,
  headers: string[],
): string | null {
  if (outcome.status < 200 || outcome.status > 299) return `the preflight got ${outcome.status}`;
  const allowOrigin = outcome.headers.get('Access-Control-Allow-Origin');
  if (allowOrigin !== origin && allowOrigin !== '*')
    return `Access-Control-Allow-Origin is ${allowOrigin ?? 'missing'}`;
  const allowed = listed(outcome.headers.get('Access-Control-Allow-Headers'));
  // A wildcard allows every header but Authorization (Fetch standard).
  const missing = headers.filter(
    (name) => !allowed.has(name.toLowerCase()) && !(allowed.has('*') && name !== 'Authorization'),
  );
  return missing.length > 0 ? `Access-Control-Allow-Headers lacks ${missing.join(', ')}` : null;
}

/** What a test login found about the CSRF token, for the CSRF check in browsers. */
export type TokenSeen = 'readable' | 'hidden' | 'not-run';

export function csrfExposedCheck(
  context: DiagnosisContext,
  cors: CorsFindings,
  token: TokenSeen,
): DiagnosisCheck {
  const title = 'CSRF token readable by the page';
  const { settings } = context;
  if (settings && !settings.csrf) {
    return check('csrf-exposed', title, {
      result: 'ok',
      finding: 'The csrf option is off: the session neither asks SRS for a token nor sends one.',
      evidence: { csrf: false },
    });
  }
  const exposed = cors.exposedHeaders === null ? null : listed(cors.exposedHeaders);
  const readable = exposed === null ? token === 'readable' : exposed.has('x-csrf-token') || exposed.has('*');
  const evidence = {
    exposeHeaders: cors.exposedHeaders,
    testLogin:
      token === 'not-run' ? 'not run' : token === 'readable' ? 'token readable' : 'token not readable',
  };
  if (exposed === null && token === 'not-run') {
    return notRun(
      'csrf-exposed',
      title,
      cors.originAllowed
        ? 'A page sees Access-Control-Expose-Headers only through the token of a real login: run the check with credentials (a test login and logout) while no session runs, or from Node with pageUrl.'
        : notRunAfter(cors),
      evidence,
    );
  }
  if (readable) {
    return check('csrf-exposed', title, {
      result: 'ok',
      finding:
        exposed === null
          ? "The test login's answer let the page read SRS's X-CSRF-Token."
          : `SRS exposes X-CSRF-Token to ${context.pageOrigin} (Access-Control-Expose-Headers: ${cors.exposedHeaders}).`,
      evidence,
    });
  }
  const error = new SrsForbiddenError(
    exposed === null
      ? "The test login succeeded, but the page could not read its X-CSRF-Token: SRS does not list it in Access-Control-Expose-Headers (or sent none), so every logout is refused (403) and sessions end only at SRS's timeout."
      : `SRS's answers to ${context.pageOrigin} list Access-Control-Expose-Headers: ${cors.exposedHeaders || 'none'}; without X-CSRF-Token there a page cannot read the token, and SRS refuses its logouts (403).`,
  );
  return check('csrf-exposed', title, {
    result: 'fail',
    finding: error.message,
    evidence,
    words: describeFailure(error, context.where),
    administrator:
      "List X-CSRF-Token in SRS's Access-Control-Expose-Headers (its CORS settings, exposedHeaders).",
  });
}
