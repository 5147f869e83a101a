import type { Instant, ResolvedOptions } from './types';

/**
 * Every wait of both statecharts, as pure functions of the options and of what happened: the charts'
 * `assign` actions store what these return and their delays read it. Durations come from the monotonic
 * readings of instants; wall-clock times only for what the view shows.
 */

export const later = (instant: Instant, ms: number): Instant => ({
  at: instant.at + ms,
  mono: instant.mono + ms,
});

export const earlier = (a: Instant, b: Instant | null): Instant => (b && b.mono < a.mono ? b : a);

/** Time between two instants. The larger reading wins: a wall clock set back cannot hide a sleep, nor a paused monotonic clock. */
export const elapsed = (from: Instant, to: Instant): number => Math.max(to.mono - from.mono, to.at - from.at);

/** When SRS drops the session if nothing else reaches it: its timeout after the last refresh. */
export function srsDeadline(settings: ResolvedOptions, lastRefresh: Instant | null): Instant | null {
  return lastRefresh ? later(lastRefresh, settings.sessionTimeoutMs) : null;
}

/** A wait before the next request: how long, and when that is on the wall clock (for the view). */
export interface Wait {
  nextRequestInMs: number;
  nextPollAt: number;
}

/** The next poll after an exchange that refreshed SRS's timer: the interval from its start, never longer. */
export function nextPollAfter(
  settings: ResolvedOptions,
  exchange: { sent: Instant; answered: Instant },
): Wait {
  const { pingIntervalMs } = settings;
  const took = exchange.answered.mono - exchange.sent.mono;
  const nextRequestInMs = Math.min(pingIntervalMs, Math.max(0, pingIntervalMs - took));
  return { nextRequestInMs, nextPollAt: exchange.answered.at + nextRequestInMs };
}

/** After a refused move: the poll that was due on the old seat's schedule, or at once if it is overdue. */
export function resumePollingAfter(
  settings: ResolvedOptions,
  lastRefresh: Instant | null,
  now: Instant,
): Wait {
  const { pingIntervalMs } = settings;
  const dueIn = lastRefresh ? lastRefresh.mono + pingIntervalMs - now.mono : 0;
  const nextRequestInMs = Math.min(pingIntervalMs, Math.max(0, dueIn));
  return { nextRequestInMs, nextPollAt: now.at + nextRequestInMs };
}

// How long before SRS's deadline a retry must leave, so that it arrives in time.
const DEADLINE_MARGIN_MS = 1_000;

/**
 * The wait before retrying a failed request: exponential from `retryDelayMs`, at least what SRS asked
 * for (`Retry-After`, capped at its session timeout), and never past the moment SRS would drop a
 * session it still holds (`deadline`, null when none is held).
 */
export function retryDelay(
  settings: ResolvedOptions,
  failure: { failures: number; retryAfterMs: number | null; failed: Instant; deadline: Instant | null },
): number {
  const { retryDelayMs, sessionTimeoutMs, pingIntervalMs, requestTimeoutMs } = settings;
  const cap = Math.max(retryDelayMs, sessionTimeoutMs - pingIntervalMs - requestTimeoutMs);
  let delay = Math.min(cap, retryDelayMs * 2 ** Math.max(0, failure.failures - 1));
  if (failure.retryAfterMs !== null)
    delay = Math.max(delay, Math.min(failure.retryAfterMs, sessionTimeoutMs));
  if (failure.deadline) {
    const left = failure.deadline.mono - failure.failed.mono - DEADLINE_MARGIN_MS;
    if (left > 0) delay = Math.min(delay, left);
  }
  return Math.max(0, Math.round(delay));
}

// Self-healing: the first try soon, then doubling up to `selfHealIntervalMs`.
export const FIRST_HEAL_MS = 5_000;

/**
 * The wait before a self-healing login of a failed session: 5 s, then doubling up to
 * `selfHealIntervalMs`, and up to 20 % earlier by `jitter` (a draw in [0, 1)), so desktops that failed
 * together do not retry together. Null when self-healing is off.
 */
export function healDelay(settings: ResolvedOptions, healAttempts: number, jitter: number): number | null {
  const cap = settings.selfHealIntervalMs;
  if (cap === null) return null;
  const base = Math.min(cap, FIRST_HEAL_MS * 2 ** healAttempts);
  return Math.round(base * (0.8 + 0.2 * Math.min(1, Math.max(0, jitter))));
}

/** How the tabs of a desktop pace themselves: every delay follows from the session's own timing. */
export interface TabTimings {
  /** A leading tab says it is alive this often. */
  heartbeatMs: number;
  /** A follower that hears nothing from its leader for this long asks it to answer. */
  silenceMs: number;
  /** …and takes the session over when it still hears nothing for this long. */
  confirmMs: number;
  /**
   * A tab handed the lock waits this long before it carries the session on: the browser may grant the
   * lock before the last messages of the tab that let it go (a logout, say) have arrived.
   */
  handoverMs: number;
}

// Time enough for the messages a closing tab sent before its lock came free, short beside any timeout.
const HANDOVER_MS = 250;

// Today's figures with SRS's default timing: a heartbeat every 5 s, a takeover after 15 s of silence.
const LONGEST_SILENCE_MS = 15_000;

/**
 * The tab timings for a session's options. A leader that stops (frozen, crashed) right after a poll is
 * replaced within `silenceMs + confirmMs` of its last heartbeat, which is at most two thirds of the room
 * SRS's timeout leaves after a poll interval: the new leader's login reaches SRS before it drops the
 * session, whatever the interval and timeout.
 */
export function tabTimings(settings: ResolvedOptions): TabTimings {
  const room = settings.sessionTimeoutMs - settings.pingIntervalMs;
  const silenceMs = Math.max(3, Math.min(LONGEST_SILENCE_MS, Math.floor(room / 2)));
  const heartbeatMs = Math.max(1, Math.floor(silenceMs / 3));
  return { heartbeatMs, silenceMs, confirmMs: heartbeatMs, handoverMs: Math.min(HANDOVER_MS, heartbeatMs) };
}
