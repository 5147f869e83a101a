import type { TabChannel, TabLocks, TabsEnvironment } from '@screen-recording/core';

type Listener = (event: { data: unknown }) => void;

interface Holder {
  tab: number;
  release(): void;
  /** Rejects the holder's `request()` promise, as a stolen lock does. */
  steal(): void;
}

interface Waiter {
  tab: number;
  grant(): void;
}

/**
 * Several browser tabs in one test: each gets a `TabsEnvironment` whose BroadcastChannel and Web Locks
 * behave as the browser's do (messages to the other tabs only, delivered asynchronously and cloned;
 * one holder per lock, others queued, `ifAvailable`, `steal`, `signal`), with a record of every message
 * and hooks to cut a tab off or freeze it.
 */
export function createMemoryTabs() {
  const channels = new Map<string, Set<{ tab: number; listeners: Set<Listener> }>>();
  const holders = new Map<string, Holder>();
  const queues = new Map<string, Waiter[]>();
  const messages: unknown[] = [];
  const muted = new Set<number>();
  /** Frozen tabs, each with the deliveries held for it until it resumes. */
  const frozen = new Map<number, Array<() => void>>();
  let nextTab = 1;

  function grantNext(name: string): void {
    if (holders.has(name)) return;
    const next = queues.get(name)?.shift();
    next?.grant();
  }

  function environment(): TabsEnvironment & { tab: number } {
    const tab = nextTab++;
    const locks: TabLocks = {
      request(name, options, callback) {
        return new Promise((resolve, reject) => {
          const take = () => {
            let released = false;
            const holder: Holder = {
              tab,
              release: () => {
                if (released) return;
                released = true;
                if (holders.get(name) === holder) holders.delete(name);
                grantNext(name);
              },
              steal: () => {
                released = true;
                reject(new DOMException('The lock was stolen.', 'AbortError'));
              },
            };
            holders.set(name, holder);
            Promise.resolve(callback({ name }))
              .then(resolve, reject)
              .finally(() => holder.release());
          };
          const held = holders.get(name);
          if (options.steal) {
            if (held) {
              holders.delete(name);
              held.steal();
            }
            take();
          } else if (!held) {
            take();
          } else if (options.ifAvailable) {
            Promise.resolve(callback(null)).then(resolve, reject);
          } else {
            const waiter: Waiter = { tab, grant: take };
            const queue = queues.get(name) ?? [];
            queues.set(name, [...queue, waiter]);
            options.signal?.addEventListener('abort', () => {
              queues.set(
                name,
                (queues.get(name) ?? []).filter((each) => each !== waiter),
              );
              reject(new DOMException('The request was aborted.', 'AbortError'));
            });
          }
        });
      },
    };
    return {
      tab,
      locks,
      openChannel(name): TabChannel {
        const member = { tab, listeners: new Set<Listener>(), closed: false };
        const members = channels.get(name) ?? new Set();
        members.add(member);
        channels.set(name, members);
        return {
          postMessage(message) {
            // As a browser's closed BroadcastChannel does.
            if (member.closed) throw new DOMException('The channel is closed.', 'InvalidStateError');
            if (muted.has(tab)) return;
            const copy = structuredClone(message);
            messages.push(copy);
            for (const other of members) {
              if (other === member) continue;
              const deliver = () => {
                for (const listener of other.listeners) listener({ data: structuredClone(copy) });
              };
              // A frozen page gets its messages when it resumes.
              const held = frozen.get(other.tab);
              if (held) held.push(deliver);
              // Asynchronous, as a BroadcastChannel's delivery is.
              else queueMicrotask(deliver);
            }
          },
          addEventListener: (_type, listener) => member.listeners.add(listener),
          removeEventListener: (_type, listener) => member.listeners.delete(listener),
          close: () => {
            member.closed = true;
            members.delete(member);
          },
        };
      },
    };
  }

  return {
    environment,
    /** Every message any tab sent, as the others received it. */
    messages,
    /** The tab holding `name`'s lock, if any. */
    leaderOf: (name: string) => holders.get(name)?.tab ?? null,
    /** The tab's messages no longer reach anyone (a frozen or cut-off tab); `unmute` lets them through again. */
    mute: (tab: number) => muted.add(tab),
    unmute: (tab: number) => muted.delete(tab),
    /** The tab's page is frozen: messages to it wait until `resume`. */
    freeze: (tab: number) => {
      if (!frozen.has(tab)) frozen.set(tab, []);
    },
    /** The frozen tab runs again and gets the messages held for it, in order. */
    resume: (tab: number) => {
      const held = frozen.get(tab) ?? [];
      frozen.delete(tab);
      for (const deliver of held) queueMicrotask(deliver);
    },
  };
}
