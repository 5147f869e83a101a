import { systemClock } from '../clock';
import { EMPTY_LEDGER } from '../coverage';
import { SrsConfigurationError } from '../errors';
import type { MessageContext, MessageKey, SessionMessage } from '../messages';
import { isLoopback, resolveOptions } from '../options';
import type { Clock, FetchFunction, LocalNetworkAccess, ResolvedOptions, SessionView } from '../types';
import type { CheckId, CheckResult, DiagnoseOptions, DiagnosisCheck, Evidence } from './types';

/** What every check may read: where it runs, the SRS address, the session's settings and view. */
export interface DiagnosisContext {
  options: DiagnoseOptions;
  /** `browser` when `fetch` applies CORS (a page or a browser worker); `node` otherwise. */
  environment: 'browser' | 'node';
  /** The page (a browser window's document and location); null in Node and in workers. */
  page: PageFacts | null;
  /** The origin SRS must allow: the page's, else the `pageUrl` option's. */
  pageOrigin: string | null;
  /** The SRS address as the session calls it (origin form); null when `srsUrl` is refused. */
  srsUrl: string | null;
  /** The session's settings, or null when the options are refused. */
  settings: ResolvedOptions | null;
  /** Why the options are refused; null when they are not. */
  optionsError: SrsConfigurationError | null;
  /** The running session's view; null without a session. */
  view: SessionView | null;
  fetch: FetchFunction;
  clock: Clock;
  timeoutMs: number;
  /** What the library's words may name: the SRS address, the page origin, whether the page is secure. */
  where: MessageContext;
  /** Strings that must not appear in the report (credentials, tokens), collected as they are used. */
  secrets: Set<string>;
}

export interface PageFacts {
  origin: string;
  hostname: string;
  isSecureContext: boolean;
  document: Document;
}

/** How long a probe may take unless `timeoutMs` says otherwise. */
export const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

/** What the agent reads when only an administrator can fix what a check found. */
export const ASK_ADMINISTRATOR = 'Nothing to do on this computer: send this report to your administrator.';

export function createContext(options: DiagnoseOptions): DiagnosisContext {
  const page = currentPage();
  const environment =
    typeof (globalThis as { location?: { origin?: unknown } }).location?.origin === 'string'
      ? 'browser'
      : 'node';
  const { settings, error } = readSettings(options);
  const srsUrl = settings?.srsUrl ?? usableSrsUrl(options);
  const pageOrigin = page?.origin ?? originOf(options.pageUrl);
  return {
    options,
    environment,
    page,
    pageOrigin,
    srsUrl,
    settings,
    optionsError: error,
    view: readView(options),
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock: options.clock ?? systemClock,
    timeoutMs: options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
    where: {
      srsUrl: srsUrl ?? undefined,
      pageOrigin: pageOrigin ?? undefined,
      secureContext: page?.isSecureContext,
    },
    secrets: new Set(),
  };
}

/** The running session's view; null without one, or when reading it throws (a stand-in session). */
function readView(options: DiagnoseOptions): SessionView | null {
  try {
    return options.session?.getSnapshot() ?? null;
  } catch {
    return null;
  }
}

/** The session's settings as `createScreenRecordingSession` reads them; the scheme rule is its own check. */
function readSettings(options: DiagnoseOptions): {
  settings: ResolvedOptions | null;
  error: SrsConfigurationError | null;
} {
  try {
    return { settings: resolveOptions({ ...options, allowSchemeMismatch: true }), error: null };
  } catch (error) {
    if (error instanceof SrsConfigurationError) return { settings: null, error };
    throw error;
  }
}

/**
 * The SRS address when another option is at fault: checked as the session checks it (loopback unless
 * `allowRemoteSrs`), so no probe goes where the session would not send a request.
 */
function usableSrsUrl(options: DiagnoseOptions): string | null {
  try {
    return resolveOptions({
      srsUrl: options.srsUrl,
      allowRemoteSrs: options.allowRemoteSrs === true,
      allowSchemeMismatch: true,
      fetch: () => Promise.reject(new Error('not used')),
    }).srsUrl;
  } catch {
    return null;
  }
}

function originOf(url: unknown): string | null {
  if (typeof url !== 'string' || !URL.canParse(url)) return null;
  const { origin } = new URL(url);
  return origin === 'null' ? null : origin;
}

function currentPage(): PageFacts | null {
  const page = globalThis as {
    document?: Document;
    isSecureContext?: unknown;
    location?: { origin?: unknown; hostname?: unknown };
  };
  const { document, location, isSecureContext } = page;
  if (!document || typeof location?.origin !== 'string' || typeof location.hostname !== 'string') {
    return null;
  }
  return {
    origin: location.origin,
    hostname: location.hostname,
    isSecureContext: isSecureContext === true,
    document,
  };
}

/** The page is served from this computer (a loopback host), which browsers treat as secure. */
export function pageIsLocal(page: PageFacts): boolean {
  return isLoopback(page.hostname);
}

/** What a check reports; `words` are the library's for the trouble, when it has some. */
export interface CheckDraft {
  result: CheckResult;
  finding: string;
  evidence?: Evidence;
  /** The library's words for the trouble found: the agent's headline and the administrator's detail. */
  words?: SessionMessage;
  /** For the administrator: what this check adds to the library's detail, or says instead of it. */
  administrator?: string;
  /** For the agent when the library's words do not apply: `ASK_ADMINISTRATOR`, or null for nothing to do. */
  agent?: string | null;
}

export function check(id: CheckId, title: string, draft: CheckDraft): DiagnosisCheck {
  const troubled = draft.result === 'fail' || draft.result === 'warn';
  const agent = troubled ? (draft.words?.headline ?? draft.agent ?? null) : null;
  const key: MessageKey | null = troubled && draft.words ? draft.words.key : null;
  // The library's detail often opens with the error's message, which is the finding already.
  const detail = draft.words?.detail.startsWith(draft.finding)
    ? draft.words.detail.slice(draft.finding.length).trim()
    : draft.words?.detail;
  const administrator = [draft.administrator, detail].filter(Boolean).join(' ');
  return {
    id,
    title,
    result: draft.result,
    finding: draft.finding,
    evidence: draft.evidence ?? {},
    agent,
    key,
    administrator: troubled && administrator !== '' ? administrator : null,
  };
}

/** A check that did not run, and why. */
export function notRun(id: CheckId, title: string, why: string, evidence: Evidence = {}): DiagnosisCheck {
  return check(id, title, { result: 'unknown', finding: why, evidence });
}

/** An idle session's view with this permission state: what `describeView` words a page before its login by. */
export function idleView(localNetworkAccess: LocalNetworkAccess): SessionView {
  return {
    status: 'idle',
    isRecordingSessionActive: false,
    agent: null,
    place: null,
    devices: null,
    server: null,
    dataCenter: 'primary',
    lastPollAt: null,
    nextPollAt: null,
    consecutiveFailures: 0,
    error: null,
    localNetworkAccess,
    tab: 'alone',
    coverage: EMPTY_LEDGER,
  };
}

/** `12.3 s`, `850 ms`: a duration as the report writes it. */
export function formatMs(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}
