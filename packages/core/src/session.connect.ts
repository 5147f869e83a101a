import type { SnapshotFrom } from 'xstate';
import type { screenRecordingMachine } from './session.machine';
import type { SessionStatus, SessionView } from './types';

export type SessionSnapshot = SnapshotFrom<typeof screenRecordingMachine>;

/** The top-level state name of a snapshot (`active` for `{ active: 'polling' }`). */
export function statusOf(snapshot: SessionSnapshot): SessionStatus {
  const value = snapshot.value;
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as SessionStatus;
}

const SESSION_HOLDING_STATES: readonly SessionStatus[] = ['active', 'switchingPlace', 'failover'];

/** Maps a snapshot to the view every binding shows. Pure. */
export function connect(snapshot: SessionSnapshot): SessionView {
  const { context } = snapshot;
  const status = statusOf(snapshot);
  const seat = context.current;
  const onRecovery = seat?.dataCenter === 'recovery';
  return {
    status,
    isRecordingSessionActive: context.sessionOpened && SESSION_HOLDING_STATES.includes(status),
    place: seat?.place ?? null,
    devices: seat?.devices ?? null,
    server: seat ? (onRecovery ? context.recoveryServer : context.primaryServer) : null,
    dataCenter: seat?.dataCenter ?? 'primary',
    lastPollAt: context.lastPollAt,
    nextPollAt: status === 'active' ? context.nextPollAt : null,
    consecutiveFailures: context.consecutiveFailures,
    error: context.error,
  };
}

/** True when both views show the same thing, so the previous object can be handed out again. */
export function sameView(a: SessionView, b: SessionView): boolean {
  return (Object.keys(a) as Array<keyof SessionView>).every((key) => a[key] === b[key]);
}
