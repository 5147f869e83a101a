import type { SnapshotFrom } from 'xstate';
import { screenRecordingMachine } from './machine';
import type { SessionStatus, SessionView, TabRole } from './types';

export type SessionSnapshot = SnapshotFrom<typeof screenRecordingMachine>;

/** Every top-level state of the session chart: the values `view.status` can take. */
export const SESSION_STATUSES = Object.keys(screenRecordingMachine.states) as SessionStatus[];

/** The top-level state name of a snapshot (`active` for `{ active: 'polling' }`). */
export function statusOf(snapshot: SessionSnapshot): SessionStatus {
  const value = snapshot.value;
  if (typeof value === 'string') return value;
  const [status] = Object.keys(value) as Array<keyof typeof value>;
  if (status === undefined) throw new Error('A session snapshot has an empty state value.');
  return status;
}

/**
 * This tab's part in a desktop open in several tabs: its role, and the view of the tab that talks to
 * SRS when that is another tab.
 */
export interface TabPart {
  role: TabRole;
  leaderView: SessionView | null;
}

const ALONE: TabPart = { role: 'alone', leaderView: null };

/**
 * The view every binding shows, built in this one place from the session chart's snapshot and this
 * tab's part: a follower or watcher shows the leading tab's session, every other tab its own. Pure.
 */
export function toView(snapshot: SessionSnapshot, tab: TabPart = ALONE): SessionView {
  const following = tab.role === 'follower' || tab.role === 'watcher';
  if (following && tab.leaderView) return { ...tab.leaderView, tab: tab.role };
  const { context } = snapshot;
  const status = statusOf(snapshot);
  const seat = context.current;
  const onRecovery = seat?.dataCenter === 'recovery';
  return {
    status,
    isRecordingSessionActive: context.sessionOpened && snapshot.hasTag('holdsSession'),
    agent: status === 'idle' || status === 'disposed' ? null : context.agent,
    place: seat?.place ?? null,
    devices: seat?.devices ?? null,
    server: seat ? (onRecovery ? context.servers.recovery : context.servers.primary) : null,
    dataCenter: seat?.dataCenter ?? 'primary',
    lastPollAt: context.lastPollAt,
    // While a poll is in flight, still the time it was due: a poll then changes the view once, not twice.
    nextPollAt: status === 'active' || snapshot.hasTag('waiting') ? context.nextPollAt : null,
    consecutiveFailures: context.consecutiveFailures,
    error: context.error,
    localNetworkAccess: context.localNetworkAccess,
    coverage: context.coverage,
    tab: tab.role,
  };
}

/** True when both views show the same thing, so the previous object can be handed out again. */
export function sameView(a: SessionView, b: SessionView): boolean {
  return (Object.keys(a) as Array<keyof SessionView>).every((key) => a[key] === b[key]);
}
