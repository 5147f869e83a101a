import {
  type CommandName,
  describeError,
  type MessageContext,
  type SessionMessage,
} from '@screen-recording/core';

/**
 * The notice a refused command leaves above the forms: what became of the agent's last action (a move
 * SRS refused, a login that did not go through, a device that cannot be read). It lasts until the agent
 * acts again or a later command's refusal replaces it: the view's error of a refused move is gone at
 * the next good poll, which can come before the agent has read it. Framework-free: each desktop
 * subscribes to it in its own way.
 */
export interface CommandNotices {
  /** The notice now; null once the agent acts again, and while their last command went through. */
  current(): SessionMessage | null;
  /** Calls `listener` each time the notice changes; returns the function that stops it. */
  subscribe(listener: () => void): () => void;
  /**
   * Runs the agent's command `name`. Reading a form inside `command` makes a form that cannot be read
   * (a device not written DN@Switch) a notice too, with nothing sent.
   */
  run(name: CommandName, command: () => Promise<void>): void;
}

export function createCommandNotices(where: MessageContext = {}): CommandNotices {
  let notice: SessionMessage | null = null;
  let latest = 0;
  const listeners = new Set<() => void>();
  const show = (next: SessionMessage | null) => {
    if (next === notice) return;
    notice = next;
    for (const listener of [...listeners]) listener();
  };
  return {
    current: () => notice,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    run(name, command) {
      const turn = ++latest;
      show(null);
      Promise.resolve()
        .then(command)
        .catch((error: unknown) => {
          // A later command replaced this one: the agent reads what became of that one instead.
          if (turn === latest) show(describeError(error, name, where));
        });
    },
  };
}
