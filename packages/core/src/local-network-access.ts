import type { LocalNetworkAccess } from './types';

/**
 * Chromium's Local Network Access permission (142+): a page whose origin is more public than loopback
 * (a company's desktop site) needs it to call SRS on 127.0.0.1. Refused, it makes every call fail
 * exactly as "SRS is not running" does; only the permission state tells them apart. Chromium 145+
 * names it `loopback-network`, 142 to 144 `local-network-access`; other browsers know neither.
 */
const PERMISSION_NAMES = ['loopback-network', 'local-network-access'] as const;

interface PermissionStatusLike {
  state: string;
  addEventListener(type: 'change', listener: () => void): void;
  removeEventListener(type: 'change', listener: () => void): void;
}

interface PermissionsLike {
  query(descriptor: { name: string }): Promise<PermissionStatusLike>;
}

function permissionsApi(): PermissionsLike | null {
  const permissions = (globalThis as { navigator?: { permissions?: PermissionsLike } }).navigator
    ?.permissions;
  return typeof permissions?.query === 'function' ? permissions : null;
}

/** The permission's status object, under whichever name this browser knows; null where it knows neither. */
async function queryStatus(): Promise<PermissionStatusLike | null> {
  const permissions = permissionsApi();
  if (!permissions) return null;
  for (const name of PERMISSION_NAMES) {
    try {
      return await permissions.query({ name });
    } catch {
      // Not a permission this browser knows: try the older name.
    }
  }
  return null;
}

function asAccess(status: PermissionStatusLike | null): LocalNetworkAccess {
  const state = status?.state;
  return state === 'granted' || state === 'prompt' || state === 'denied' ? state : 'unknown';
}

/** Reads the permission now; `unknown` outside browsers and in browsers without it. Never throws. */
export async function readLocalNetworkAccess(): Promise<LocalNetworkAccess> {
  return asAccess(await queryStatus().catch(() => null));
}

/**
 * Reports the permission's state now and each time it changes (the agent allows or blocks the site).
 * Returns the function that stops watching. Does nothing outside browsers.
 */
export function watchLocalNetworkAccess(onState: (state: LocalNetworkAccess) => void): () => void {
  let stopped = false;
  let status: PermissionStatusLike | null = null;
  const report = () => {
    if (!stopped) onState(asAccess(status));
  };
  void queryStatus()
    .catch(() => null)
    .then((found) => {
      status = found;
      if (stopped || !found) return;
      found.addEventListener('change', report);
      report();
    });
  return () => {
    stopped = true;
    status?.removeEventListener('change', report);
  };
}

/** What an agent and an administrator can do about a denied permission. */
export const PERMISSION_DENIED_MESSAGE =
  "The browser blocked this page from calling the Screen Recording Service on this computer: the site's permission to access apps and services on this device (Local Network Access) is denied. " +
  'Agent: click the icon left of the address bar, allow access to apps on this device for this site, and the desktop connects again by itself. ' +
  'Administrator: allow the desktop\'s origin with the LocalNetworkAccessAllowedForUrls policy, and if the desktop runs inside a cross-origin iframe, give that iframe allow="loopback-network".';
