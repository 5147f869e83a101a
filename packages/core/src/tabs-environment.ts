import type { TabChannel, TabLocks, TabsEnvironment, TabsOption } from './types';

/**
 * The environment a session shares its tabs through, or null when it works alone: `'independent'`, or
 * outside browsers (Node, a worker, server-side rendering), where there are no tabs. Read by the shared
 * creator (`create-session.ts`) only: the independent one ships none of the tab sharing.
 */
export function tabsEnvironment(option: TabsOption | undefined): TabsEnvironment | null {
  if (option === 'independent') return null;
  if (option !== undefined && option !== 'shared') return option;
  const platform = globalThis as {
    BroadcastChannel?: new (name: string) => TabChannel;
    navigator?: { locks?: TabLocks };
    document?: unknown;
  };
  if (typeof platform.BroadcastChannel !== 'function' || platform.document === undefined) return null;
  const Channel = platform.BroadcastChannel;
  const locks = platform.navigator?.locks;
  return {
    locks: typeof locks?.request === 'function' ? locks : null,
    openChannel: (name) => new Channel(name),
  };
}
