import type { BrowserContext, CDPSession } from 'playwright-core';

// Permissions set through a DevTools session are reset when that session detaches (measured: a grant
// made and detached reads `prompt` again), so each browser keeps one session open, on a page of its own.
const permissionSessions = new WeakMap<
  BrowserContext,
  Promise<{ cdp: CDPSession; browserContextId: string }>
>();

function permissionSession(context: BrowserContext) {
  let session = permissionSessions.get(context);
  if (!session) {
    session = (async () => {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      const { targetInfo } = await cdp.send('Target.getTargetInfo');
      return { cdp, browserContextId: targetInfo.browserContextId ?? '' };
    })();
    permissionSessions.set(context, session);
  }
  return session;
}

/**
 * Chromium's Local Network Access permission, set for a page origin through the DevTools protocol,
 * as an agent's answer to the prompt would (headless Chromium answers every prompt with "no").
 * Both names are set: `loopback-network` (Chromium 145+) and `local-network-access` (142 to 144).
 */
export async function setLocalNetworkAccess(
  context: BrowserContext,
  origin: string,
  setting: 'granted' | 'denied' | 'prompt',
): Promise<void> {
  const { cdp, browserContextId } = await permissionSession(context);
  for (const name of ['loopback-network', 'local-network-access']) {
    await cdp.send('Browser.setPermission', { permission: { name }, setting, origin, browserContextId });
  }
}

/** Makes these page origins count as public, as a company's desktop site is, so calls to SRS on loopback need the permission. */
export function publicAddressSpace(origins: readonly string[]): string {
  const hosts = origins.map((origin) => `${new URL(origin).host}=public`);
  return `--ip-address-space-overrides=${hosts.join(',')}`;
}
