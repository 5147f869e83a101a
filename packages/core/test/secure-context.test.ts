import { createFakeSrs, createMemoryTabs, ManualClock } from '@screen-recording/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScreenRecordingSession } from '../src/create-session';
import { SrsInsecureContextError, SrsPermissionDeniedError } from '../src/errors';
import { insecureContextError } from '../src/secure-context';
import { ALICE, createHarness, PASSWORD, run } from './support/session-harness';

const SRS = 'http://127.0.0.1:4100';
const INTRANET_DESKTOP = 'http://desk.corp.example:8080';

/**
 * The page as Chromium shows it: whether it is a secure context, where it was served from, and what
 * `navigator.permissions` reads for `loopback-network` (`'throws'`: a browser without the permission).
 */
function stubPage(page: { secure: boolean; url: string; permission: PermissionState | 'throws' }) {
  const url = new URL(page.url);
  vi.stubGlobal('isSecureContext', page.secure);
  vi.stubGlobal('location', { href: url.href, origin: url.origin, hostname: url.hostname });
  vi.stubGlobal('navigator', {
    permissions: {
      query: async ({ name }: { name: string }) => {
        if (page.permission === 'throws' || name !== 'loopback-network') {
          throw new TypeError(`unknown permission ${name}`);
        }
        return Object.assign(new EventTarget(), { state: page.permission });
      },
    },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a desktop page that Chromium will not let reach SRS on this machine', () => {
  it('is told apart from a denied permission, named, and explained to the agent and the administrator', async () => {
    stubPage({ secure: false, url: `${INTRANET_DESKTOP}/desk`, permission: 'denied' });
    const error = await insecureContextError(SRS);
    expect(error).toBeInstanceOf(SrsInsecureContextError);
    expect(error).not.toBeInstanceOf(SrsPermissionDeniedError);
    expect(error?.code).toBe('insecure-context');
    const message = error?.message ?? '';
    expect(message).toContain(`served over plain HTTP (${INTRANET_DESKTOP})`);
    expect(message).toMatch(/blocks every call .* Screen Recording Service on this computer/);
    expect(message).toMatch(/Agent: ask your administrator to serve the desktop over HTTPS/);
    expect(message).toMatch(/Administrator: serve the desktop over HTTPS, and SRS over HTTPS too/);
    expect(message).toContain(`OverrideSecurityRestrictionsOnInsecureOrigin listing ${INTRANET_DESKTOP}`);
    // Not the advice for a denied permission, which an agent cannot follow here.
    expect(message).not.toMatch(/icon left of the address bar/);
    expect(error?.toJSON()).toEqual({ name: 'SrsInsecureContextError', code: 'insecure-context', message });
  });

  it.each([
    ['a secure page (HTTPS)', { secure: true, url: 'https://desk.corp.example/', permission: 'prompt' }, SRS],
    // Secure anyway in Chromium; the host alone says the page is on this machine.
    [
      'a page on this machine (127.0.0.1)',
      { secure: false, url: 'http://127.0.0.1:5173/', permission: 'denied' },
      SRS,
    ],
    [
      'a page on this machine (localhost)',
      { secure: false, url: 'http://localhost:5173/', permission: 'denied' },
      SRS,
    ],
    [
      'a page on this machine ([::1])',
      { secure: false, url: 'http://[::1]:5173/', permission: 'denied' },
      SRS,
    ],
    // Browsers without Local Network Access let an HTTP desktop reach SRS, as the Screen Recording API describes.
    [
      'a browser without Local Network Access',
      { secure: false, url: INTRANET_DESKTOP, permission: 'throws' },
      SRS,
    ],
    // A site in Chromium's temporary opt-out trial can still be allowed: the browser decides.
    [
      'a plain-HTTP page the browser may still allow',
      { secure: false, url: INTRANET_DESKTOP, permission: 'prompt' },
      SRS,
    ],
    [
      'an SRS on another host (allowRemoteSrs)',
      { secure: false, url: INTRANET_DESKTOP, permission: 'denied' },
      'http://10.0.0.7:4100',
    ],
  ] as const)('leaves %s alone', async (_, page, srsUrl) => {
    stubPage(page);
    expect(await insecureContextError(srsUrl)).toBeNull();
  });

  it('leaves a session outside browsers alone (no page, no isSecureContext)', async () => {
    expect(await insecureContextError(SRS)).toBeNull();
  });

  it('fails the login before anything is sent, and nothing retries by itself', async () => {
    stubPage({ secure: false, url: INTRANET_DESKTOP, permission: 'denied' });
    const { clock, srs, session, statuses } = createHarness();
    const outcome = await run(clock, session.login(ALICE));

    expect(!outcome.ok && outcome.error).toBeInstanceOf(SrsInsecureContextError);
    expect(srs.calls).toEqual([]);
    const view = session.getSnapshot();
    expect(view).toMatchObject({ status: 'failed', nextPollAt: null, isRecordingSessionActive: false });
    expect(view.error).toBeInstanceOf(SrsInsecureContextError);
    expect(view.error?.message).not.toContain(PASSWORD);
    expect(statuses()).toEqual(['idle', 'loggingIn', 'failed']);

    // Self-healing would only meet the same refusal: ten minutes later nothing was tried.
    await clock.advance(10 * 60_000);
    expect(srs.calls).toEqual([]);
    expect(session.getSnapshot().status).toBe('failed');

    // An explicit retry is refused the same way, still without a request.
    const retried = await run(clock, session.retry());
    expect(!retried.ok && retried.error).toBeInstanceOf(SrsInsecureContextError);
    expect(srs.calls).toEqual([]);
    session.dispose();
  });

  it('shows the same typed error in every tab of the desktop', async () => {
    stubPage({ secure: false, url: INTRANET_DESKTOP, permission: 'denied' });
    const clock = new ManualClock();
    const srs = createFakeSrs({ clock });
    const tabs = createMemoryTabs();
    const open = () =>
      createScreenRecordingSession({ srsUrl: SRS, clock, fetch: srs.fetch, tabs: tabs.environment() });
    const first = open();
    const second = open();
    await clock.advance(0);
    await run(clock, first.login(ALICE));
    await clock.advance(1_000);

    for (const tab of [first, second]) {
      expect(tab.getSnapshot().status).toBe('failed');
      expect(tab.getSnapshot().error).toBeInstanceOf(SrsInsecureContextError);
    }
    expect(srs.calls).toEqual([]);
    first.dispose();
    second.dispose();
  });
});
