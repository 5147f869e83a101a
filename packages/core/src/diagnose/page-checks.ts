import { platformNow } from '../clock';
import { SrsConfigurationError, SrsPermissionDeniedError } from '../errors';
import { PERMISSION_DENIED_MESSAGE } from '../local-network-access';
import { describeFailure, describeView } from '../messages';
import { checkSchemeMatchesPage, isLoopback } from '../options';
import type { Clock, LocalNetworkAccess } from '../types';
import {
  ASK_ADMINISTRATOR,
  check,
  type DiagnosisContext,
  formatMs,
  idleView,
  notRun,
  pageIsLocal,
} from './context';
import { blobWorkerStarts } from './probes';
import type { DiagnosisCheck } from './types';

/** The checks of the page the desktop runs in and of the session's options: nothing here is sent. */

const NOT_A_PAGE = 'Not a browser page';

export function optionsCheck(context: DiagnosisContext): DiagnosisCheck {
  const title = 'Session options';
  const { settings, optionsError } = context;
  if (optionsError || !settings) {
    const error = optionsError ?? new SrsConfigurationError('options', 'could not be read.');
    return check('options', title, {
      result: 'fail',
      finding: `createScreenRecordingSession() refuses these options: ${error.message}`,
      evidence: { field: error.field },
      agent: ASK_ADMINISTRATOR,
      administrator: `Fix the option ${error.field}: ${error.message}`,
    });
  }
  const tabs = context.options.tabs;
  return check('options', title, {
    result: 'ok',
    finding: `The session accepts these options: a poll every ${formatMs(settings.pingIntervalMs)}, SRS's timeout ${formatMs(settings.sessionTimeoutMs)}, each request abandoned after ${formatMs(settings.requestTimeoutMs)}, CSRF ${settings.csrf ? 'on' : 'off'}.`,
    evidence: {
      srsUrl: settings.srsUrl,
      pingIntervalMs: settings.pingIntervalMs,
      sessionTimeoutMs: settings.sessionTimeoutMs,
      requestTimeoutMs: settings.requestTimeoutMs,
      csrf: settings.csrf,
      tabs: typeof tabs === 'object' ? 'custom' : (tabs ?? 'shared'),
    },
  });
}

/** The page's URL the scheme rule compares with: the `pageUrl` option, else the page's own. */
function pageUrlOf(context: DiagnosisContext): string | null {
  if (typeof context.options.pageUrl === 'string') return context.options.pageUrl;
  const href = (globalThis as { location?: { href?: unknown } }).location?.href;
  return typeof href === 'string' ? href : null;
}

/** `https:` → `HTTPS`, as a sentence names it. */
const schemeName = (protocol: string) => protocol.replace(/:$/, '').toUpperCase();

export function schemeCheck(context: DiagnosisContext): DiagnosisCheck {
  const title = 'Scheme rule: SRS is called with the page’s scheme';
  const pageUrl = pageUrlOf(context);
  if (!context.srsUrl) return notRun('scheme', title, 'No usable srsUrl (see Session options).');
  if (pageUrl === null || !URL.canParse(pageUrl)) {
    return notRun(
      'scheme',
      title,
      "No page to compare with: pass pageUrl, the desktop's address, to check the scheme rule outside a browser.",
    );
  }
  const srs = new URL(context.srsUrl);
  const pageScheme = new URL(pageUrl).protocol;
  const evidence = {
    pageScheme,
    srsScheme: srs.protocol,
    allowSchemeMismatch: context.options.allowSchemeMismatch === true,
  };
  try {
    checkSchemeMatchesPage(srs, pageUrl);
  } catch (error) {
    if (!(error instanceof SrsConfigurationError)) throw error;
    const allowed = context.options.allowSchemeMismatch === true;
    return check('scheme', title, {
      result: allowed ? 'warn' : 'fail',
      finding: allowed
        ? `SRS is called over ${schemeName(srs.protocol)} from a page served over ${schemeName(pageScheme)} (allowSchemeMismatch is set): SRS may refuse such calls.`
        : `The page is served over ${schemeName(pageScheme)} and srsUrl uses ${schemeName(srs.protocol)}: the session refuses to start.`,
      evidence,
      agent: ASK_ADMINISTRATOR,
      administrator: error.message,
    });
  }
  const rule =
    pageScheme === 'http:' || pageScheme === 'https:'
      ? `The page and SRS both use ${pageScheme}, as the Screen Recording API requires.`
      : `The page is served over ${pageScheme}, which has no scheme for SRS to follow.`;
  return check('scheme', title, { result: 'ok', finding: rule, evidence });
}

export function secureContextCheck(context: DiagnosisContext, access: LocalNetworkAccess): DiagnosisCheck {
  const title = 'Secure context';
  const { page, srsUrl } = context;
  if (!page) return notRun('secure-context', title, `${NOT_A_PAGE}: no page to be a secure context.`);
  const evidence = {
    isSecureContext: page.isSecureContext,
    pageOrigin: page.origin,
    localNetworkAccess: access,
  };
  if (page.isSecureContext || pageIsLocal(page)) {
    return check('secure-context', title, {
      result: 'ok',
      finding:
        'The page is a secure context (HTTPS, or served from this computer): the browser lets it ask to reach SRS.',
      evidence,
    });
  }
  if (srsUrl && !isLoopback(new URL(srsUrl).hostname)) {
    return check('secure-context', title, {
      result: 'warn',
      finding: `The page (${page.origin}) is not a secure context; SRS at ${srsUrl} is not on this computer, so the browser may still let calls through.`,
      evidence,
      agent: ASK_ADMINISTRATOR,
      administrator: 'Serve the desktop over HTTPS.',
    });
  }
  const words = describeView(idleView('denied'), { ...context.where, secureContext: false });
  // Chromium 142+ refuses such a page outright and reads the permission as denied; other browsers let it through for now.
  const refused = access === 'denied';
  return check('secure-context', title, {
    result: refused ? 'fail' : 'warn',
    finding: refused
      ? `The page (${page.origin}) is served over plain HTTP from another computer: the browser refuses every call it makes to SRS on this computer.`
      : `The page (${page.origin}) is served over plain HTTP from another computer: this browser still lets it call SRS (Local Network Access: ${access}), Chromium 142 and later do not.`,
    evidence,
    words,
  });
}

interface PolicyLike {
  allowsFeature(feature: string): boolean;
  features?(): string[];
}

/** The iframe's permissions policy for calls to this computer, where the browser knows the feature. */
function loopbackPolicy(document: Document): { feature: string; allowed: boolean } | null {
  const policies = document as unknown as { permissionsPolicy?: PolicyLike; featurePolicy?: PolicyLike };
  const policy = policies.permissionsPolicy ?? policies.featurePolicy;
  if (typeof policy?.allowsFeature !== 'function') return null;
  const known = typeof policy.features === 'function' ? policy.features() : [];
  const feature = ['loopback-network', 'local-network-access'].find((name) => known.includes(name));
  return feature ? { feature, allowed: policy.allowsFeature(feature) } : null;
}

function inIframe(): boolean {
  const frame = globalThis as { top?: unknown; self?: unknown };
  return frame.top !== undefined && frame.top !== frame.self;
}

export function localNetworkAccessCheck(
  context: DiagnosisContext,
  access: LocalNetworkAccess,
): DiagnosisCheck {
  const title = 'Local Network Access permission and iframe policy';
  const { page } = context;
  if (!page) {
    return notRun(
      'local-network-access',
      title,
      `${NOT_A_PAGE}: Chromium's Local Network Access applies to pages only.`,
      { localNetworkAccess: access },
    );
  }
  const framed = inIframe();
  const policy = loopbackPolicy(page.document);
  const evidence = {
    localNetworkAccess: access,
    inIframe: framed,
    iframePolicy: policy
      ? `${policy.feature} ${policy.allowed ? 'allowed' : 'refused'}`
      : 'not known to this browser',
  };
  if (policy && !policy.allowed) {
    return check('local-network-access', title, {
      result: 'fail',
      finding: `The page's permissions policy does not allow ${policy.feature}${framed ? ' (the desktop runs in an iframe)' : ''}: the browser refuses every call to SRS, whatever the agent allows.`,
      evidence,
      agent: ASK_ADMINISTRATOR,
      administrator: describeFailure(new SrsPermissionDeniedError(PERMISSION_DENIED_MESSAGE), context.where)
        .detail,
    });
  }
  const words = describeView(idleView(access), context.where);
  switch (access) {
    case 'denied':
      if (!page.isSecureContext && !pageIsLocal(page)) {
        return check('local-network-access', title, {
          result: 'fail',
          finding:
            'The permission reads denied because the page is not a secure context: no site setting can allow it.',
          evidence,
          agent: words.headline,
          administrator: 'See Secure context above.',
        });
      }
      return check('local-network-access', title, {
        result: 'fail',
        finding:
          'The permission to access apps on this device is denied for this site: the browser refuses every call to SRS.',
        evidence,
        words,
      });
    case 'prompt':
      return check('local-network-access', title, {
        result: 'warn',
        finding:
          'The browser will ask the agent whether this site may access apps on this device; until allowed, nothing reaches SRS.',
        evidence,
        words,
      });
    case 'granted':
      return check('local-network-access', title, {
        result: 'ok',
        finding: 'Allowed: this site may access apps on this device.',
        evidence,
      });
    default:
      return check('local-network-access', title, {
        result: 'ok',
        finding:
          'This browser has no Local Network Access permission (it is not Chromium 142 or later): there is nothing to allow.',
        evidence,
      });
  }
}

/** `createWorkerClock()`'s clocks are the only ones with the platform's wall clock and a `dispose()`. */
function clockKind(clock: Clock | undefined, platform: Clock['now']): 'worker' | 'platform' | 'custom' {
  if (clock === undefined) return 'platform';
  const disposable = typeof (clock as { dispose?: unknown }).dispose === 'function';
  return disposable && clock.now === platform ? 'worker' : 'custom';
}

const CLOCK_NAMES = {
  worker: 'createWorkerClock()',
  platform: "the page's own timers",
  custom: 'a custom clock',
} as const;

export async function pageVisibilityCheck(context: DiagnosisContext): Promise<DiagnosisCheck> {
  const title = 'Page visibility and timers';
  const { page, view, settings } = context;
  if (!page) {
    return notRun(
      'page-visibility',
      title,
      `${NOT_A_PAGE}: nothing hides it, and timers here are not slowed down.`,
    );
  }
  const visibility = page.document.visibilityState;
  const kind = clockKind(context.options.clock, platformNow);
  const workerStarts = kind === 'worker' ? await blobWorkerStarts(context) : null;
  const lastPollAgoMs =
    view?.status === 'active' && view.lastPollAt !== null
      ? Math.max(0, platformNow() - view.lastPollAt)
      : null;
  const evidence = { visibility, clock: CLOCK_NAMES[kind], workerStarts, lastPollAgoMs };
  const late =
    settings !== null &&
    lastPollAgoMs !== null &&
    lastPollAgoMs > settings.pingIntervalMs + settings.requestTimeoutMs;
  const problems: string[] = [];
  if (workerStarts === false) {
    problems.push(
      "The session's clock is createWorkerClock(), but this page cannot start a Worker from a blob: URL, so its timers run on the page's own, which Chromium slows to once a minute in a background tab.",
    );
  }
  if (late && settings) {
    problems.push(
      `The last poll was ${formatMs(lastPollAgoMs ?? 0)} ago, more than the ${formatMs(settings.pingIntervalMs)} interval plus the request timeout: the timers ran late (a background tab, or the computer slept).`,
    );
  }
  if (visibility === 'hidden' && kind !== 'worker') {
    problems.push(
      `The page is hidden and the session runs on ${CLOCK_NAMES[kind]}: in a background tab Chromium may wake them only once a minute, past SRS's 60 s timeout.`,
    );
  }
  if (problems.length > 0) {
    return check('page-visibility', title, {
      result: 'warn',
      finding: problems.join(' '),
      evidence,
      agent: ASK_ADMINISTRATOR,
      administrator:
        workerStarts === false
          ? "Allow blob: workers in the desktop's Content-Security-Policy (worker-src blob:)."
          : 'Create the session with clock: createWorkerClock() (from @screen-recording/core), whose timers background tabs do not slow down.',
    });
  }
  const timers =
    kind === 'worker'
      ? 'the session runs on createWorkerClock(), whose timers background tabs do not slow down'
      : `the session runs on ${CLOCK_NAMES[kind]}, which Chromium slows down once the tab is in the background (createWorkerClock() is not)`;
  return check('page-visibility', title, {
    result: 'ok',
    finding: `The page is ${visibility}; ${timers}.`,
    evidence,
  });
}
