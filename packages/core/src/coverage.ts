import type { CoverageGap, CoverageLedger, CoverageReport, GapReason, Instant } from './types';

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

/** Every reason a gap can have, for readers of untrusted data. */
export const GAP_REASONS = [
  'srs-unreachable',
  'srs-error',
  'session-expired',
  'refused',
  'permission-denied',
  'logged-out',
  'page-frozen',
] as const satisfies readonly GapReason[];
/** Fails to compile when a reason is added to `GapReason` but not to the list. */
export const GAP_REASONS_COMPLETE: GapReason extends (typeof GAP_REASONS)[number] ? true : never = true;

/** How many closed gaps the ledger keeps one by one; counts and totals cover all of them. */
export const RECENT_GAPS = 20;

export const EMPTY_LEDGER: CoverageLedger = {
  start: null,
  end: null,
  openGap: null,
  openGapMono: null,
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
  return {
    ...ledger,
    openGap: { reason, startedAt: from.at, endedAt: null, durationMs: null },
    openGapMono: from.mono,
  };
}

/** The agent logged out at `end`: an open gap closes there, and the shift ends. */
export function recordLogout(ledger: CoverageLedger, end: Instant): CoverageLedger {
  if (ledger.start === null || ledger.end !== null) return ledger;
  return { ...closeGap(ledger, end), end };
}

function closeGap(ledger: CoverageLedger, end: Instant): CoverageLedger {
  const { openGap, openGapMono } = ledger;
  if (!openGap || openGapMono === null) return ledger;
  const durationMs = Math.max(0, end.mono - openGapMono);
  const gap: CoverageGap = { ...openGap, endedAt: end.at, durationMs };
  return {
    ...ledger,
    openGap: null,
    openGapMono: null,
    gapCount: ledger.gapCount + 1,
    closedGapMs: ledger.closedGapMs + durationMs,
    longestGapMs: Math.max(ledger.longestGapMs, durationMs),
    recentGaps: [gap, ...ledger.recentGaps].slice(0, RECENT_GAPS),
  };
}

/** The figures of a shift at `now`: what `session.getCoverage()` returns. */
export function coverageReport(ledger: CoverageLedger, now: Instant): CoverageReport {
  const until = ledger.end ?? now;
  const loggedInMs = ledger.start ? Math.max(0, until.mono - ledger.start.mono) : 0;
  const openMs = ledger.openGapMono === null ? 0 : Math.max(0, until.mono - ledger.openGapMono);
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
    openGap: ledger.openGap ? { ...ledger.openGap, durationMs: openMs } : null,
    recentGaps: ledger.recentGaps,
  };
}
