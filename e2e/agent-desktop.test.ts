import { type RequestLogEntry, type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP_NAMES, DESKTOPS, type DesktopServer } from '../examples/desktops';
import { freePort } from '../packages/test-utils/src/ports';
import { type CdpChromium, startCdpChromium } from './browser';
import { FAST, fillLoginForm, isLogin, isLogout, SEEN_WITHIN, waitForStatus } from './desktop';
import { publicAddressSpace, setLocalNetworkAccess } from './local-network-access';
import { recordingCheckScenarios } from './recording-check';

/**
 * The scenarios every example desktop must pass, written once: each desktop in `examples/desktops.ts`
 * runs them in one shared Chromium, against simulators shared by all desktops (each request is told
 * apart by its page's origin). The pages' origins count as public, as a company's desktop site does,
 * so every call to SRS on loopback needs Chromium's Local Network Access permission, granted up front
 * as an agent would, and refused in the scenario about it.
 */
let browser: CdpChromium;
let simulator: SrsSimulator;
let refusingSimulator: SrsSimulator;
const pagePorts = new Map<string, number>();
const desktops = new Map<string, DesktopServer>();
/** Figures the scenarios measure, printed at the end (the closing notes quote them). */
const figures: string[] = [];

beforeAll(async () => {
  for (const name of DESKTOP_NAMES) pagePorts.set(name, await freePort());
  const origins = [...pagePorts.values()].map((port) => `http://127.0.0.1:${port}`);
  // Another port than the pages': every call is cross-origin, with a preflight, as with the real SRS.
  simulator = await startSimulator({ host: '127.0.0.1', port: 0, allowedOrigins: origins });
  refusingSimulator = await startSimulator({ host: '127.0.0.1', port: 0, allowedOrigins: [] });
  // Started without Playwright's focus emulation, so a covered page is really hidden and can be frozen.
  browser = await startCdpChromium([publicAddressSpace(origins)]);
  for (const origin of origins) await setLocalNetworkAccess(browser.context, origin, 'granted');
  for (const name of DESKTOP_NAMES) {
    const port = pagePorts.get(name) ?? 0;
    const options = {
      srsUrl: simulator.url,
      port,
      strictPort: true,
      logLevel: 'warn',
      liveReload: false,
    } as const;
    desktops.set(name, await DESKTOPS[name](options));
  }
});

afterAll(async () => {
  if (figures.length > 0) console.log(`measured in Chromium:\n  ${figures.join('\n  ')}`);
  // Each one closed whatever happened to the others.
  await Promise.allSettled([
    browser?.close(),
    simulator?.close(),
    refusingSimulator?.close(),
    ...[...desktops.values()].map((desktop) => desktop.close()),
  ]);
});

/** One desktop under test: its page origin and server, what its page asked SRS, and a clean slate after each case. */
function useDesktop(name: string) {
  const state = { desktop: undefined as DesktopServer | undefined, origin: '' };
  const fromThisPage = (srs: SrsSimulator) => srs.requests.filter((entry) => entry.origin === state.origin);

  beforeAll(() => {
    state.origin = `http://127.0.0.1:${pagePorts.get(name)}`;
    state.desktop = desktops.get(name);
    if (!state.desktop) throw new Error(`the ${name} desktop did not start`);
  });

  afterEach(async () => {
    await Promise.allSettled(
      browser.context.pages().map((page) => (page.url().startsWith(state.origin) ? page.close() : undefined)),
    );
    simulator.clearFault();
    simulator.restart();
    await setLocalNetworkAccess(browser.context, state.origin, 'granted');
  });

  return {
    get url() {
      return state.desktop?.url ?? '';
    },
    get origin() {
      return state.origin;
    },
    fromThisPage,
    /** What the page asked SRS since a point of the log (the fault panel's calls to the control endpoint left out). */
    since: (mark: number) => fromThisPage(simulator).slice(mark).filter(isSrsCall),
    /** Opens the desktop with short timings and logs alice in. */
    async loggedInPage(query = FAST): Promise<Page> {
      const page = await browser.context.newPage();
      await page.goto(`${state.desktop?.url}?${query}`);
      await fillLoginForm(page);
      await page.getByRole('button', { name: 'Login' }).click();
      await waitForStatus(page, 'active');
      return page;
    },
  };
}

describe.each(DESKTOP_NAMES)('the %s agent desktop in Chromium, against the SRS simulator', (name) => {
  const desk = useDesktop(name);
  const { fromThisPage, since, loggedInPage } = desk;

  it('logs in across origins, recovers from an SRS session timeout, and logs out with the CSRF token', async () => {
    const page = await browser.context.newPage();
    // A healthy session must not look failing to browser monitoring or DevTools: the page neither aborts
    // a request nor cancels a response body (which Chromium reports as net::ERR_ABORTED).
    await page.addInitScript(countAbortsAndCancels);
    const failedRequests: string[] = [];
    let srsRequests = 0;
    page.on('request', (request) => {
      if (request.url().startsWith(simulator.url) && !request.url().includes('/__simulator/')) srsRequests++;
    });
    page.on('requestfailed', (request) => {
      if (request.url().startsWith(simulator.url) && !request.url().includes('/__simulator/')) {
        failedRequests.push(`${request.method()} ${request.url()} ${request.failure()?.errorText}`);
      }
    });
    await page.goto(`${desk.url}?${FAST}`);
    expect(new URL(page.url()).origin).toBe(desk.origin);

    await fillLoginForm(page);
    await page.getByRole('button', { name: 'Login' }).click();
    await waitForStatus(page, 'active');

    const preflight = fromThisPage(simulator).find(
      (entry) => entry.method === 'OPTIONS' && entry.path === '/api/v2/me',
    );
    expect(preflight).toMatchObject({ status: 204 });
    const login = fromThisPage(simulator).find(isLogin);
    expect(login).toMatchObject({ status: 200, username: 'alice', csrfRequested: true });
    expect(simulator.sessions()).toEqual([
      expect.objectContaining({ username: 'alice', csrfProtected: true }),
    ]);
    await expect
      .poll(() => since(0).filter((entry) => isPing(entry) && entry.status === 200).length, SEEN_WITHIN)
      .toBeGreaterThanOrEqual(4);
    expect(await page.evaluate(() => (window as AbortCounting).abortsAndCancels)).toBe(0);
    // Nor does Chromium report one as failed: it did for about one `no-store` answer in three read through a
    // stream reader, though every byte was read (fixed by reading a body of known length whole).
    expect(srsRequests).toBeGreaterThanOrEqual(5);
    expect(failedRequests, failedRequests.join('\n')).toEqual([]);

    // SRS forgets the session; the next poll gets 401 and the desktop logs in again by itself.
    const before = fromThisPage(simulator).length;
    simulator.expireSessions();
    await expect
      .poll(() => since(before).some((entry) => isLogin(entry) && entry.status === 200), SEEN_WITHIN)
      .toBe(true);
    expect(since(before).some((entry) => isPing(entry) && entry.status === 401)).toBe(true);
    await waitForStatus(page, 'active');
    await expect.poll(() => simulator.sessions().length, SEEN_WITHIN).toBe(1);

    await page.getByRole('button', { name: 'Logout' }).click();
    await waitForStatus(page, 'idle');
    expect(simulator.sessions()).toEqual([]);
    const logout = fromThisPage(simulator).filter(isLogout).at(-1);
    expect(logout).toMatchObject({ status: 200, csrfTokenSent: true });

    // Nothing secret is on screen (the password field's value is not page text).
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toContain('alice-password');
    expect(text).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
  });

  // Before the CORS refusal below: after a call of this origin was refused, Chromium 156 sent the
  // keepalive logout's preflight but not the logout itself when the page closed (measured).
  it('ends the SRS session with the CSRF token when the tab closes, and a reload leaves exactly one live session', async () => {
    const page = await loggedInPage();
    let mark = fromThisPage(simulator).length;
    await page.reload();
    await expect
      .poll(() => since(mark).some((entry) => isLogout(entry) && entry.status === 200), SEEN_WITHIN)
      .toBe(true);
    expect(since(mark).filter(isLogout).at(-1)).toMatchObject({ csrfTokenSent: true, status: 200 });
    await fillLoginForm(page);
    await page.getByRole('button', { name: 'Login' }).click();
    await waitForStatus(page, 'active');
    expect(simulator.sessions()).toHaveLength(1);

    // Closing the tab takes the same path (pagehide, a keepalive logout with the token), but headless
    // Chromium 156 drops a closing page's keepalive request now and then, several closes in a row at
    // times (measured: about a third of closes on the Vue and Angular desktops, fewer on React's; the
    // page called fetch each time). So the test reads what the page asked for, through a probe on its
    // fetch, and holds what arrived to the same rules; how many arrive is printed, not asserted.
    await page.evaluate(() => {
      localStorage.removeItem('e2e-farewell');
      const send = window.fetch;
      window.fetch = (input, init) => {
        if (init?.keepalive) {
          const headers = new Headers(init.headers);
          const sent = { url: String(input), method: init.method, token: headers.has('X-CSRF-Token') };
          localStorage.setItem('e2e-farewell', JSON.stringify(sent));
        }
        return send(input, init);
      };
    });
    mark = fromThisPage(simulator).length;
    const closedAt = Date.now();
    await page.close({ runBeforeUnload: true });
    const arrived = await waitUntil(() => since(mark).some(isLogout), 3_000);
    figures.push(
      `${name}: tab closed → logout ${arrived ? `seen by the simulator in ${Date.now() - closedAt} ms` : 'sent by the page, dropped by the closing browser tab'}`,
    );

    const probe = await browser.context.newPage();
    await probe.goto(desk.url);
    const farewell = await probe.evaluate(() => localStorage.getItem('e2e-farewell'));
    await probe.close();
    expect(JSON.parse(farewell ?? 'null')).toEqual({
      url: `${simulator.url}/api/v2/me`,
      method: 'POST',
      token: true,
    });
    expect(since(mark).filter(isLogout)).toEqual(
      arrived ? [expect.objectContaining({ status: 200, csrfTokenSent: true })] : [],
    );
    if (arrived) expect(simulator.sessions()).toEqual([]);
    // What SRS's own timeout would do to a session whose logout never came, for the cases after this one.
    else simulator.restart();
  });

  it('shares one SRS session between three tabs: one poller, a takeover when the leader closes, commands from any tab', async () => {
    const mark = fromThisPage(simulator).length;
    const pings = () => since(mark).filter((entry) => isPing(entry) && entry.status === 200);
    const pages: Page[] = [];
    for (let index = 0; index < 3; index++) {
      const page = await browser.context.newPage();
      await page.goto(`${desk.url}?${FAST}`);
      // The agent logs in in each tab, as a desktop does: only the first reaches SRS.
      await fillLoginForm(page);
      await page.getByRole('button', { name: 'Login' }).click();
      await waitForStatus(page, 'active');
      pages.push(page);
    }
    const roleOf = async (page: Page) =>
      ((await page.locator('body').textContent()) ?? '').match(/talks to SRS|follows another tab/)?.[0];
    expect(await roleOf(pages[0] as Page)).toBe('talks to SRS');
    expect(await roleOf(pages[1] as Page)).toBe('follows another tab');

    await expect.poll(() => pings().length, { timeout: 40_000, interval: 200 }).toBeGreaterThanOrEqual(10);
    expect(since(mark).filter(isLogin)).toHaveLength(1);
    expect(simulator.sessions()).toHaveLength(1);
    // One poller: never two polls closer than most of an interval (2 s here).
    const gaps = (entries: RequestLogEntry[]) =>
      entries.slice(1).map((entry, index) => entry.at - (entries[index]?.at ?? 0));
    expect(Math.min(...gaps(pings()))).toBeGreaterThan(1_500);

    // The leader's tab closes: another carries the session on, without a logout and within SRS's timeout.
    const beforeClose = pings().length;
    await pages[0]?.close({ runBeforeUnload: true });
    await expect.poll(() => pings().length, SEEN_WITHIN).toBeGreaterThan(beforeClose + 2);
    const handover = Math.max(...gaps(pings().slice(beforeClose - 1)));
    figures.push(`${name}: largest gap between polls across a leader tab closing: ${handover} ms`);
    expect(handover).toBeLessThan(10_000);
    // The new leader polls at once (it cannot know when the last poll was), then on its own cadence.
    expect(Math.min(...gaps(pings().slice(beforeClose)))).toBeGreaterThan(1_500);
    expect(since(mark).filter(isLogout)).toEqual([]);
    expect(simulator.sessions()).toHaveLength(1);

    // A follower moves the session to another place, then logs every tab out.
    const roles = await Promise.all([pages[1], pages[2]].map((page) => roleOf(page as Page)));
    const follower = (roles[0] === 'follows another tab' ? pages[1] : pages[2]) as Page;
    await follower.getByLabel('New place').fill('bobPlace');
    await follower.getByRole('button', { name: 'Switch place' }).click();
    await expect.poll(() => simulator.sessions()[0]?.place, SEEN_WITHIN).toBe('bobPlace');
    await follower.getByRole('button', { name: 'Logout' }).click();
    for (const page of pages.slice(1)) await waitForStatus(page as Page, 'idle');
    expect(simulator.sessions()).toEqual([]);
    expect(since(mark).filter(isLogout)).toEqual([
      expect.objectContaining({ status: 200, csrfTokenSent: true }),
    ]);
    figures.push(
      `${name}: SRS logins for a three-tab desktop opened, used for ten polls and closed: ${since(mark).filter(isLogin).length} (the first, the next leader's own when the first tab closed, and the move)`,
    );
  });

  it("refuses another agent's login in a second tab, shows whose session it is, and never records anyone with it", async () => {
    const mark = fromThisPage(simulator).length;
    const alice = await loggedInPage();
    const bob = await browser.context.newPage();
    await bob.goto(`${desk.url}?${FAST}`);
    await fillLoginForm(bob, 'bob');
    await bob.getByRole('button', { name: 'Login' }).click();

    // Bob's login is refused in his tab, which says SRS records alice; nothing of it reached SRS.
    await expect
      .poll(() => bob.getByTestId('notice').getAttribute('data-key'), SEEN_WITHIN)
      .toBe('session.in-use');
    expect(await bob.getByTestId('notice').textContent()).toContain('alice');
    await expect
      .poll(() => bob.getByTestId('session-message').getAttribute('data-key'), SEEN_WITHIN)
      .toBe('tab.watcher');
    expect(await bob.getByTestId('session-message').textContent()).toContain('alice');
    const asBob = () => since(mark).filter((entry) => entry.username === 'bob');
    expect(asBob()).toEqual([]);

    // Alice's tab closes: no tab of hers can carry her session on, and Bob's tab takes nothing over.
    await alice.close({ runBeforeUnload: true });
    await waitForStatus(bob, 'idle');
    await bob.waitForTimeout(3_000);
    expect(asBob()).toEqual([]);
    // Her tab's closing logout ends her session; headless Chromium sometimes shuts a closing page down
    // before that keepalive request leaves (measured in the tab-close scenario), and SRS's timeout ends
    // it instead: here, at once.
    expect(simulator.sessions().map((session) => session.username)).not.toContain('bob');
    simulator.expireSessions();

    // Now Bob logs in from his tab, as himself.
    await bob.getByRole('button', { name: 'Login' }).click();
    await waitForStatus(bob, 'active');
    expect(simulator.sessions()).toEqual([expect.objectContaining({ username: 'bob' })]);
    await bob.getByRole('button', { name: 'Logout' }).click();
    await waitForStatus(bob, 'idle');
  });

  it('shows a notice for a device it cannot read, in the login form and in Switch place, and sends SRS nothing', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${desk.url}?${FAST}`);
    const notice = page.getByTestId('notice');
    let mark = fromThisPage(simulator).length;
    await fillLoginForm(page);
    await page.getByLabel('Place', { exact: true }).fill('alicePlace');
    await page.getByLabel('Devices').fill('DN1 SwitchA');
    await page.getByRole('button', { name: 'Login' }).click();
    await expect.poll(() => notice.textContent(), SEEN_WITHIN).toMatch(/^Not sent: check the devices\./);
    expect(await notice.textContent()).toMatch(/DN@Switch.*"DN1 SwitchA"/);
    expect(await page.getByTestId('session-status').textContent()).toBe('idle');
    expect(since(mark)).toEqual([]);

    // The agent acts again: the notice goes. Logged in, the same mistake in Switch place.
    await page.getByLabel('Place', { exact: true }).fill('');
    await page.getByLabel('Devices').fill('');
    await page.getByRole('button', { name: 'Login' }).click();
    await waitForStatus(page, 'active');
    expect(await notice.count()).toBe(0);
    mark = fromThisPage(simulator).length;
    await page.getByLabel('New place').fill('bobPlace');
    await page.getByLabel('Devices').fill('DN1 SwitchA');
    await page.getByRole('button', { name: 'Switch place' }).click();
    await expect.poll(() => notice.textContent(), SEEN_WITHIN).toMatch(/^Not sent: check the devices\./);
    expect(since(mark).filter(isLogin)).toEqual([]);
    expect(simulator.sessions()).toEqual([expect.objectContaining({ username: 'alice', place: null })]);

    // A place SRS refuses: the notice outlasts the good polls that clear the view's error, until the agent acts.
    await page.getByLabel('Devices').fill('');
    await page.getByLabel('New place').fill('nowherePlace');
    await page.getByRole('button', { name: 'Switch place' }).click();
    await expect
      .poll(() => notice.textContent(), SEEN_WITHIN)
      .toMatch(/^Not moved: the recording service refused this place/);
    mark = fromThisPage(simulator).length;
    await expect
      .poll(() => since(mark).filter((entry) => isPing(entry) && entry.status === 200).length, SEEN_WITHIN)
      .toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('session-message').getAttribute('data-key')).toBe('session.recording');
    expect(await notice.textContent()).toMatch(/^Not moved/);
    await page.getByRole('button', { name: 'Logout' }).click();
    await waitForStatus(page, 'idle');
    expect(await notice.count()).toBe(0);
    expect(await page.getByTestId('session-message').getAttribute('data-key')).toBe('session.off');
  });

  it('explains an SRS that refuses the page origin (CORS) in words a person can act on', async () => {
    const page = await browser.context.newPage();
    const query = `srsUrl=${encodeURIComponent(refusingSimulator.url)}&requestTimeoutMs=1000&retryDelayMs=200&selfHealIntervalMs=60000`;
    await setLocalNetworkAccess(browser.context, desk.origin, 'granted');
    await page.goto(`${desk.url}?${query}`);
    await page.getByLabel('Recovery RWS server', { exact: false }).fill('');
    await page.getByRole('button', { name: 'Login' }).click();

    await waitForStatus(page, 'failed');
    const error = page.getByTestId('session-message');
    await expect.poll(() => error.textContent(), SEEN_WITHIN).toMatch(/SRS/);
    const message = (await error.textContent()) ?? '';
    // The agent reads that the service does not answer; the administrator, what to register where.
    expect(await error.locator('strong').textContent()).toMatch(/does not answer/);
    expect(await error.locator('strong').textContent()).not.toMatch(/CORS|origin/);
    expect(message).toContain('CORS');
    expect(message).toContain(desk.origin);
    expect(message).not.toContain('alice-password');

    // The browser asked, was refused, and sent nothing else: no credentials reached SRS.
    const requests = fromThisPage(refusingSimulator);
    expect(requests.some((entry) => entry.method === 'OPTIONS' && entry.status === 403)).toBe(true);
    expect(requests.filter((entry) => entry.method !== 'OPTIONS')).toEqual([]);
    expect(refusingSimulator.sessions()).toEqual([]);
  });

  it('polls at once when a frozen page resumes, and logs in again when SRS dropped the session meanwhile', async () => {
    const page = await loggedInPage();
    const cdp = await browser.context.newCDPSession(page);
    // Chromium freezes hidden pages only: another tab in front hides it, as when an agent switches tabs.
    const front = await browser.context.newPage();
    await front.bringToFront();
    await expect.poll(() => page.evaluate(() => document.visibilityState), SEEN_WITHIN).toBe('hidden');
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    // A request already on its way when the page froze may still arrive; nothing after it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const mark = fromThisPage(simulator).length;
    // Frozen past a poll; SRS times the session out meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    simulator.expireSessions();
    expect(since(mark)).toEqual([]);

    const resumedAt = Date.now();
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    await front.close();
    await expect
      .poll(() => since(mark).some((entry) => isLogin(entry) && entry.status === 200), SEEN_WITHIN)
      .toBe(true);
    await waitForStatus(page, 'active');
    figures.push(`${name}: resume after a freeze → active in ${Date.now() - resumedAt} ms`);
    const afterResume = since(mark).filter((entry) => entry.method !== 'OPTIONS');
    expect(afterResume.slice(0, 2).map((entry) => `${entry.path} ${entry.status}`)).toEqual([
      '/ping 401',
      '/api/v2/me 200',
    ]);
    await cdp.detach();
  });

  it('shows a banner the moment recording stops, clears it when it resumes, and counts one gap of the right length', async () => {
    const page = await loggedInPage(`${FAST}&selfHealIntervalMs=1000`);
    const banner = page.getByTestId('coverage-banner');
    expect(await banner.count()).toBe(0);
    const mark = fromThisPage(simulator).length;

    const stoppedAt = Date.now();
    simulator.injectFault({ kind: 'down' });
    await banner.waitFor({ state: 'visible', timeout: 2_000 + 1_000 + 2_000 }); // interval + request timeout + margin
    figures.push(`${name}: SRS stopped → banner shown in ${Date.now() - stoppedAt} ms`);
    expect(await banner.textContent()).toMatch(/Screen recording is not active: SRS unreachable since \d/);
    expect(await page.title()).toMatch(/Not recording/);

    const restartedAt = Date.now();
    simulator.clearFault();
    await banner.waitFor({ state: 'detached', timeout: 5_000 });
    await waitForStatus(page, 'active');
    figures.push(`${name}: SRS back → recording again in ${Date.now() - restartedAt} ms`);
    expect(await page.title()).not.toMatch(/Not recording/);

    // The gap runs from the first poll SRS did not answer to the login that worked again.
    const log = since(mark).filter((entry) => entry.method !== 'OPTIONS');
    const firstDropped = log.find((entry) => entry.fault === 'down');
    // SRS kept the session through the outage here, so the first answered poll (or a login) ends the gap.
    const backIn = log.find((entry) => entry.status === 200);
    const expectedSeconds = ((backIn?.at ?? 0) - (firstDropped?.at ?? 0)) / 1000;
    const gaps = (await page.getByTestId('coverage-gaps').textContent()) ?? '';
    const shown = Number(/SRS unreachable \(([\d.]+) s\)/.exec(gaps)?.[1]);
    expect(Math.abs(shown - expectedSeconds)).toBeLessThanOrEqual(0.15);
    expect(await page.getByTestId('coverage-summary').textContent()).toMatch(/ 1 gap /);
  });
});

// After every desktop's other scenarios: once Chromium has refused a page's call to loopback, it sent
// the keepalive logout's preflight but not the logout itself when a page closed, even on other
// origins and after the permission was granted again (measured in Chromium 156).
describe.each(DESKTOP_NAMES)('the %s agent desktop with the permission to call SRS denied', (name) => {
  const desk = useDesktop(name);

  it('names a denied Local Network Access permission, sends nothing more, and records again once it is granted', async () => {
    await setLocalNetworkAccess(browser.context, desk.origin, 'denied');
    const page = await browser.context.newPage();
    // The browser refuses a denied request before any preflight: only its own request events show them.
    const tried: string[] = [];
    const onRequest = (request: { url(): string }) => {
      const url = request.url();
      if (url.startsWith(simulator.url) && !url.includes('/__simulator/')) tried.push(url);
    };
    browser.context.on('request', onRequest);
    await page.goto(`${desk.url}?${FAST}`);
    await expect
      .poll(() => page.getByTestId('permission-advice').textContent(), SEEN_WITHIN)
      .toMatch(/allow access to apps on this device/);
    await fillLoginForm(page);
    await page.getByRole('button', { name: 'Login' }).click();

    await waitForStatus(page, 'failed');
    const error = (await page.getByTestId('session-message').textContent()) ?? '';
    expect(error).toMatch(/allow access to apps on this device/);
    expect(error).toMatch(/LocalNetworkAccessAllowedForUrls/);
    expect(error).toMatch(/allow="loopback-network"/);
    expect(error).not.toMatch(/not running/);
    // Nothing else is tried while the permission stays denied (the self-healing waits for it too).
    const triedWhenRefused = tried.length;
    await page.waitForTimeout(3_000);
    expect(tried.length).toBe(triedWhenRefused);

    const grantedAt = Date.now();
    await setLocalNetworkAccess(browser.context, desk.origin, 'granted');
    await waitForStatus(page, 'active');
    const recoveredMs = Date.now() - grantedAt;
    browser.context.off('request', onRequest);
    figures.push(`${name}: permission granted → active in ${recoveredMs} ms`);
    expect(recoveredMs).toBeLessThan(1_000 + 500); // within a second, plus the page-read polling's own pace
    expect(simulator.sessions()).toHaveLength(1);
  });
});

// Last, for the same reason: several of these checks make Chromium refuse a call of the page's origin.
describe.each(DESKTOP_NAMES)('the %s agent desktop’s "Check recording" button', (name) => {
  recordingCheckScenarios({
    name,
    desk: useDesktop(name),
    context: () => browser.context,
    simulator: () => simulator,
    refusingSimulator: () => refusingSimulator,
    figures,
  });
});

interface AbortCounting {
  abortsAndCancels?: number;
}

/** Runs in the page before its scripts: counts every request abort and every response body cancel. */
function countAbortsAndCancels(): void {
  const counting = window as AbortCounting;
  counting.abortsAndCancels = 0;
  const count = <Args extends unknown[], Result>(original: (...args: Args) => Result) =>
    function (this: unknown, ...args: Args): Result {
      counting.abortsAndCancels = (counting.abortsAndCancels ?? 0) + 1;
      return original.apply(this, args);
    };
  AbortController.prototype.abort = count(AbortController.prototype.abort);
  ReadableStream.prototype.cancel = count(ReadableStream.prototype.cancel);
  ReadableStreamDefaultReader.prototype.cancel = count(ReadableStreamDefaultReader.prototype.cancel);
}

/** Polls `probe` until it is true or `timeoutMs` passes; says which. */
async function waitUntil(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return probe();
}

const isPing = (entry: RequestLogEntry) => entry.method === 'GET' && entry.path === '/ping';
const isSrsCall = (entry: RequestLogEntry) => entry.path === '/ping' || entry.path === '/api/v2/me';
