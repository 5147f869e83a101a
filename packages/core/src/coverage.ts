import type { Instant } from './outcomes';

/**
 * The recording coverage ledger: from the desktop's point of view, when SRS was known to hold the
 * agent's session, and the gaps when it was not. Pure functions over an immutable ledger; the
 * statechart calls them as requests succeed and fail.
 *
 * "Known alive": SRS refreshes its session timer when a login or poll reaches it, and keeps the session
 * for `sessionTimeoutMs` (60 s by default) after that. A failed request does not open a gap while that
 * window is still open (a retry may land in time), unless the failure itself proves the session gone:
 * SRS not running (no answer at all), a 401 (SRS no longer has the session), a refusal, or the browser's
 * permission denied. A failure after the window closed opens a gap that starts where the window closed.
 * A gap closes when a login or poll succeeds again, at the moment that request was sent.
 */

/** Why SRS was not recording the agent. */
export type GapReason =
  /** SRS did not answer at all: not running, restarting, or unreachable. */
  | 'srs-unreachable'
  /** SRS answered, but with errors (5xx, busy, timeouts) until its session timed out. */
  | 'srs-error'
  /** SRS no longer had the session (401): it timed out or SRS restarted. */
  | 'session-expired'
  /** SRS refused the login (credentials, CSRF or origin, place or devices). */
  | 'refused'
  /** The browser's Local Network Access permission blocked every call to SRS. */
  | 'permission-denied'
  /** The SRS session was ended on purpose: a logout from another tab, or the tab closing. */
  | 'logged-out'
  /** The page did not run (frozen, or the machine asleep) for longer than SRS's timeout. */
  | 'page-frozen';

/** A gap in the recording coverage. Times are wall-clock ms; `durationMs` is measured on the monotonic clock. */
export interface CoverageGap {
  reason: GapReason;
  startedAt: number;
  /** Null while the gap is open. */
  endedAt: number | null;
  /** For an open gap: null in the ledger, the time so far in a `CoverageReport`. */
  durationMs: number | null;
}

/** How many closed gaps the ledger keeps one by one; counts and totals cover all of them. */
export const RECENT_GAPS = 20;

export interface CoverageLedger {
  /** When the first login of this shift succeeded (the request's send time); null before it. */
  start: Instant | null;
  /** When the agent logged out; null while logged in. */
  end: Instant | null;
  /** The gap in progress, if any. */
  openGap: { reason: GapReason; start: Instant } | null;
  /** Closed gaps: how many, their total and the longest, over the whole shift. */
  gapCount: number;
  closedGapMs: number;
  longestGapMs: number;
  /** The last closed gaps, newest first, at most `RECENT_GAPS`. */
  recentGaps: readonly CoverageGap[];
}

export const EMPTY_LEDGER: CoverageLedger = {
  start: null,
  end: null,
  openGap: null,
  gapCount: 0,
  closedGapMs: 0,
  longestGapMs: 0,
  recentGaps: [],
};

/** A login or poll succeeded: the shift starts (first login), or an open gap closes at the request's send time. */
export function recordCovered(ledger: CoverageLedger, sent: Instant): CoverageLedger {
  if (ledger.start === null) return { ...EMPTY_LEDGER, start: sent };
  return closeGap(ledger, sent);
}

/** SRS stopped holding the session at `start` (clamped to the shift), for `reason`. Keeps an open gap as it is. */
export function recordGap(ledger: CoverageLedger, reason: GapReason, start: Instant): CoverageLedger {
  if (ledger.start === null || ledger.end !== null || ledger.openGap !== null) return ledger;
  const from = start.mono < ledger.start.mono ? ledger.start : start;
  return { ...ledger, openGap: { reason, start: from } };
}

/** The agent logged out at `end`: an open gap closes there, and the shift ends. */
export function recordLogout(ledger: CoverageLedger, end: Instant): CoverageLedger {
  if (ledger.start === null || ledger.end !== null) return ledger;
  return { ...closeGap(ledger, end), end };
}

function closeGap(ledger: CoverageLedger, end: Instant): CoverageLedger {
  const { openGap } = ledger;
  if (!openGap) return ledger;
  const durationMs = Math.max(0, end.mono - openGap.start.mono);
  const gap: CoverageGap = {
    reason: openGap.reason,
    startedAt: openGap.start.at,
    endedAt: end.at,
    durationMs,
  };
  return {
    ...ledger,
    openGap: null,
    gapCount: ledger.gapCount + 1,
    closedGapMs: ledger.closedGapMs + durationMs,
    longestGapMs: Math.max(ledger.longestGapMs, durationMs),
    recentGaps: [gap, ...ledger.recentGaps].slice(0, RECENT_GAPS),
  };
}

/** The figures of a shift at `now`: what `session.getCoverage()` returns. */
export interface CoverageReport {
  /** When the shift's first login succeeded; null before. */
  startedAt: number | null;
  /** When the agent logged out; null while logged in. */
  endedAt: number | null;
  /** From the first successful login to the logout (or now). */
  loggedInMs: number;
  /** Time SRS was known to hold the session. `coveredMs + gapMs === loggedInMs`. */
  coveredMs: number;
  /** Time in gaps, the open one included up to now. */
  gapMs: number;
  /** `coveredMs / loggedInMs`, 1 before any time has passed. */
  coveredRatio: number;
  /** Gaps so far, the open one included. */
  gapCount: number;
  /** The longest gap so far, the open one included. */
  longestGapMs: number;
  /** The gap in progress, with its duration so far. */
  openGap: CoverageGap | null;
  /** The last closed gaps, newest first. */
  recentGaps: readonly CoverageGap[];
}

export function coverageReport(ledger: CoverageLedger, now: Instant): CoverageReport {
  const until = ledger.end ?? now;
  const loggedInMs = ledger.start ? Math.max(0, until.mono - ledger.start.mono) : 0;
  const openMs = ledger.openGap ? Math.max(0, until.mono - ledger.openGap.start.mono) : 0;
  const gapMs = Math.min(loggedInMs, ledger.closedGapMs + openMs);
  return {
    startedAt: ledger.start?.at ?? null,
    endedAt: ledger.end?.at ?? null,
    loggedInMs,
    coveredMs: loggedInMs - gapMs,
    gapMs,
    coveredRatio: loggedInMs === 0 ? 1 : (loggedInMs - gapMs) / loggedInMs,
    gapCount: ledger.gapCount + (ledger.openGap ? 1 : 0),
    longestGapMs: Math.max(ledger.longestGapMs, openMs),
    openGap: ledger.openGap
      ? {
          reason: ledger.openGap.reason,
          startedAt: ledger.openGap.start.at,
          endedAt: null,
          durationMs: openMs,
        }
      : null,
    recentGaps: ledger.recentGaps,
  };
}
