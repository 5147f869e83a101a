import { SessionCancelledError, SessionStateError } from './errors';
import { type SessionSnapshot, type SessionStatus, statusOf } from './view';

/** Where a command leads when it succeeds. */
export type CommandGoal = Extract<SessionStatus, 'active' | 'idle'>;

/**
 * The promise each command returns: it settles when the machine comes to rest (a state tagged
 * `settled`), resolving if that is where the command leads and rejecting with the reason otherwise.
 */
export function createSettlement(currentSnapshot: () => SessionSnapshot) {
  const waiting = new Set<(snapshot: SessionSnapshot) => void>();

  function until(goal: CommandGoal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = (snapshot: SessionSnapshot) => {
        if (!snapshot.hasTag('settled')) return;
        waiting.delete(settle);
        const status = statusOf(snapshot);
        const { error } = snapshot.context;
        // Arriving in `active` with an error: the session could not move and stayed on the old seat.
        if (status === goal && !(status === 'active' && error)) resolve();
        else if (status === 'active' && error) reject(error);
        else if (status === 'failed') reject(error ?? new SessionStateError('The session failed.'));
        else if (status === 'disposed') reject(new SessionCancelledError('The session was disposed.'));
        else reject(new SessionCancelledError(`The session became ${status} first.`));
      };
      // Already where the command leads (a repeated login while active): nothing to wait for.
      if (statusOf(currentSnapshot()) === goal) {
        resolve();
        return;
      }
      waiting.add(settle);
      settle(currentSnapshot());
    });
  }

  return {
    until,
    /** Hands the machine's latest snapshot to every command still waiting. */
    onSnapshot(snapshot: SessionSnapshot): void {
      for (const settle of [...waiting]) settle(snapshot);
    },
  };
}

export type Settlement = ReturnType<typeof createSettlement>;
