import type { MessageKey } from '../messages';
import type { ScreenRecordingSession } from '../session';
import type { LoginParams, ScreenRecordingOptions } from '../types';

/**
 * The self-check's public shapes: what `diagnose()` takes and the report it gives. A report is plain
 * data (JSON as it is) and holds no password, Authorization header or CSRF token.
 */

/** A check's outcome: fine, worth a look, in the way of recording, or not run (the check says why). */
export type CheckResult = 'ok' | 'warn' | 'fail' | 'unknown';

/** Every check, in the order the report lists them. */
export const CHECK_IDS = [
  'options',
  'scheme',
  'secure-context',
  'local-network-access',
  'srs-reachable',
  'cors-origin',
  'cors-preflight',
  'csrf-exposed',
  'login-logout',
  'page-visibility',
  'tabs',
  'coverage',
  'clock',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

/** What a check saw: status codes, headers, permission states, timings. Never a secret. */
export type Evidence = Readonly<Record<string, string | number | boolean | null>>;

export interface DiagnosisCheck {
  id: CheckId;
  /** What is checked, e.g. "SRS answers". */
  title: string;
  result: CheckResult;
  /** What the check found, in a sentence or two with the figures; for `unknown`, why it did not run. */
  finding: string;
  evidence: Evidence;
  /**
   * For the agent, when there is something to do (`warn`, `fail`): the library's headline for this
   * trouble (`key` names it), or a request to pass the report on. Null otherwise.
   */
  agent: string | null;
  /** The library's message key of `agent`, to translate it by; null when `agent` is not one. */
  key: MessageKey | null;
  /** For an administrator: what to change or look at, when there is something. Null otherwise. */
  administrator: string | null;
}

export interface Diagnosis {
  /** The worst result of the checks that ran (`fail`, `warn` or `ok`); `unknown` when none could run. */
  verdict: CheckResult;
  /** One line: the verdict and the checks that failed or warn. */
  summary: string;
  /** When the check started (wall clock, ISO 8601). */
  checkedAt: string;
  /** How long the checks took, measured on the monotonic clock. */
  durationMs: number;
  /** `browser` for a page (or a browser worker); `node` where there is none (Node, an Electron main process). */
  environment: 'browser' | 'node';
  /** The SRS address checked, as the session calls it (origin form); null when it is unusable. */
  srsUrl: string | null;
  /** The origin SRS must allow: the page's, or the `pageUrl` option's in Node; null when unknown. */
  pageOrigin: string | null;
  /** `navigator.userAgent`, null outside browsers. */
  userAgent: string | null;
  checks: DiagnosisCheck[];
}

/**
 * What `diagnose()` takes: the options of the session (those given to `createScreenRecordingSession`;
 * `srsUrl` is read, and `pageUrl`, `allowRemoteSrs`, `allowSchemeMismatch`, `csrf`, `fetch`, `clock`,
 * the timings), and optionally the running session and credentials for a test login.
 */
export interface DiagnoseOptions extends ScreenRecordingOptions {
  /**
   * The desktop's running session, if there is one: its view, tabs and coverage are read (nothing is
   * sent through it), and while it holds an SRS session no test login is made.
   */
  session?: ScreenRecordingSession;
  /**
   * Credentials for a test login and logout: the one check that needs them, and the only way a page
   * can see that SRS lets it read the CSRF token. Without them, nothing sent carries credentials. The
   * test is skipped while this desktop (or, as far as SRS tells, anyone) holds a session for the agent.
   */
  credentials?: LoginParams;
  /** Each probe is abandoned after this long, in ms. Default 5 000. */
  timeoutMs?: number;
}
