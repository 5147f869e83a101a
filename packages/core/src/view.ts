import type { SnapshotFrom } from 'xstate';
import type { screenRecordingMachine } from './machine';
import type { SessionView } from './types';

export type SessionSnapshot = SnapshotFrom<typeof screenRecordingMachine>;

type TopLevel<Value> = Value extends string ? Value : keyof Value;

/**
 * The statechart's top-level states, read from the machine itself: a new state shows up here, and so in
 * every exhaustive `switch` over a view's `status`.
 */
export type SessionStatus = TopLevel<SessionSnapshot['value']>;

/** The top-level state name of a snapshot (`active` for `{ active: 'polling' }`). */
export function statusOf(snapshot: SessionSnapshot): SessionStatus {
  const value = snapshot.value;
  if (typeof value === 'string') return value;
  const [status] = Object.keys(value) as Array<keyof typeof value>;
  if (status === undefined) throw new Error('A session snapshot has an empty state value.');
  return status;
}

/** Maps a snapshot to the view every binding shows. Pure. */
export function toView(snapshot: SessionSnapshot): SessionView {
  const { context } = snapshot;
  const status = statusOf(snapshot);
  const seat = context.current;
  const onRecovery = seat?.dataCenter === 'recovery';
  return {
    status,
    isRecordingSessionActive: context.sessionOpened && snapshot.hasTag('holdsSession'),
    place: seat?.place ?? null,
    devices: seat?.devices ?? null,
    server: seat ? (onRecovery ? context.recoveryServer : context.primaryServer) : null,
    dataCenter: seat?.dataCenter ?? 'primary',
    lastPollAt: context.lastPollAt,
    // While a poll is in flight, still the time it was due: a poll then changes the view once, not twice.
    nextPollAt: status === 'active' || snapshot.hasTag('waiting') ? context.nextPollAt : null,
    consecutiveFailures: context.consecutiveFailures,
    error: context.error,
    localNetworkAccess: context.localNetworkAccess,
    coverage: context.coverage,
    tab: 'alone',
  };
}

/** True when both views show the same thing, so the previous object can be handed out again. */
export function sameView(a: SessionView, b: SessionView): boolean {
  return (Object.keys(a) as Array<keyof SessionView>).every((key) => a[key] === b[key]);
}
