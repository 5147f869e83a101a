import { SessionCancelledError, SessionStateError } from './errors';
import { isRefusedLogout } from './machine';
import type { SessionStatus } from './types';
import { type SessionSnapshot, statusOf } from './view';

/** Where a command leads when it succeeds. */
export type CommandGoal = Extract<SessionStatus, 'active' | 'idle'>;

/**
 * The promise each command returns: it settles when the machine comes to rest (a state tagged
 * `settled`), resolving if that is where the command leads and rejecting with the reason otherwise.
 */
export function createSettlement(currentSnapshot: () => SessionSnapshot) {
  const waiting = new Set<(snapshot: SessionSnapshot) => void>();

  /**
   * @param sentFrom The snapshot the command's event was sent from. Sent from inside a listener, the
   * event waits until the machine is done with the one before it, so that snapshot says nothing yet.
   */
  function until(goal: CommandGoal, sentFrom?: SessionSnapshot): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = (snapshot: SessionSnapshot) => {
        if (snapshot === sentFrom || !snapshot.hasTag('settled')) return;
        waiting.delete(settle);
        const status = statusOf(snapshot);
        const { error } = snapshot.context;
        // Arriving in `active` with an error: the session could not move and stayed on the old seat.
        // Arriving in `idle` with a refused logout: SRS may still record the agent until its timeout.
        if (status === 'active' && error) reject(error);
        else if (status === 'idle' && goal === 'idle' && isRefusedLogout(error)) reject(error);
        else if (status === goal) resolve();
        else if (status === 'failed') reject(error ?? new SessionStateError('The session failed.'));
        else if (status === 'disposed') reject(new SessionCancelledError('The session was disposed.'));
        else reject(new SessionCancelledError(`The session became ${status} first.`));
      };
      // Already where the command leads (a repeated login while active): nothing to wait for.
      if (sentFrom === undefined && statusOf(currentSnapshot()) === goal) {
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
