import { SrsInsecureContextError } from './errors';
import { readLocalNetworkAccess } from './local-network-access';
import { isLoopback } from './options';

/**
 * A desktop served over plain HTTP from another host (an intranet site) is not a secure context, and
 * Chromium 142+ refuses every call such a page makes to loopback: no prompt, no permission to grant,
 * nothing reaches SRS, and the page sees the same `TypeError` as "SRS is not running". Chromium then
 * reads the Local Network Access permission as `denied`, which would pass for an agent's "Block".
 * Measured in Chromium 156 (docs/guide/deploying.md).
 */
interface PageSeen {
  isSecureContext: boolean;
  origin: string;
  hostname: string;
}

function currentPage(): PageSeen | null {
  const page = globalThis as {
    isSecureContext?: unknown;
    location?: { origin?: unknown; hostname?: unknown };
  };
  const { isSecureContext, location } = page;
  if (typeof isSecureContext !== 'boolean') return null;
  if (typeof location?.origin !== 'string' || typeof location.hostname !== 'string') return null;
  return { isSecureContext, origin: location.origin, hostname: location.hostname };
}

/**
 * The error for a page whose calls to SRS the browser will refuse for want of a secure context, or null
 * when they may go out. Read before a request is sent, so a refused page sends nothing.
 *
 * Only when the browser itself reads the permission as `denied`: browsers without Local Network Access
 * (`unknown`) still let an HTTP desktop reach SRS on loopback, and a site in Chromium's temporary
 * "Local Network Access from Non-Secure Contexts" trial can still be allowed.
 */
export async function insecureContextError(srsUrl: string): Promise<SrsInsecureContextError | null> {
  const page = currentPage();
  if (!page || page.isSecureContext || isLoopback(page.hostname)) return null;
  // An SRS elsewhere (allowRemoteSrs) may be in the page's own address space, where nothing is refused.
  if (!isLoopback(new URL(srsUrl).hostname)) return null;
  if ((await readLocalNetworkAccess()) !== 'denied') return null;
  return new SrsInsecureContextError(insecureContextMessage(page.origin));
}

/** What an agent and an administrator can do about a desktop served over plain HTTP. */
export function insecureContextMessage(pageOrigin: string): string {
  return (
    `The desktop is served over plain HTTP (${pageOrigin}), so the browser blocks every call it makes to the Screen Recording Service on this computer: only secure (HTTPS) pages may reach apps on this device, and no site setting can allow it. ` +
    'Agent: ask your administrator to serve the desktop over HTTPS. ' +
    `Administrator: serve the desktop over HTTPS, and SRS over HTTPS too, with SRS's certificate trusted on the agent's computer. Meanwhile, the policy OverrideSecurityRestrictionsOnInsecureOrigin listing ${pageOrigin} makes Chromium treat the page as secure (it still travels unencrypted); LocalNetworkAccessAllowedForUrls then spares the prompt.`
  );
}
