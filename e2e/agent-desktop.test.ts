import { type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP_NAMES, DESKTOPS, type DesktopServer } from '../examples/desktops';
import { type Browser, freePort, launchChromium } from './browser';
import { FAST, fillLoginForm, isLogin, isLogout, SEEN_WITHIN, waitForStatus } from './desktop';

/**
 * The scenarios every example desktop must pass, written once: each desktop in `examples/desktops.ts`
 * runs them in one shared Chromium, against simulators shared by all desktops (each request is told
 * apart by its page's origin).
 */
let browser: Browser;
let simulator: SrsSimulator;
let refusingSimulator: SrsSimulator;
const pagePorts = new Map<string, number>();

beforeAll(async () => {
  for (const name of DESKTOP_NAMES) pagePorts.set(name, await freePort());
  const origins = [...pagePorts.values()].map((port) => `http://127.0.0.1:${port}`);
  // Another port than the pages': every call is cross-origin, with a preflight, as with the real SRS.
  simulator = await startSimulator({ host: '127.0.0.1', port: 0, allowedOrigins: origins });
  refusingSimulator = await startSimulator({ host: '127.0.0.1', port: 0, allowedOrigins: [] });
  browser = await launchChromium();
});

afterAll(async () => {
  // Each one closed whatever happened to the others.
  await Promise.allSettled([browser?.close(), simulator?.close(), refusingSimulator?.close()]);
});

describe.each(DESKTOP_NAMES)('the %s agent desktop in Chromium, against the SRS simulator', (name) => {
  let desktop: DesktopServer;
  let pageOrigin: string;
  const fromThisPage = (srs: SrsSimulator) => srs.requests.filter((entry) => entry.origin === pageOrigin);

  beforeAll(async () => {
    const port = pagePorts.get(name) ?? 0;
    pageOrigin = `http://127.0.0.1:${port}`;
    desktop = await DESKTOPS[name]({ srsUrl: simulator.url, port, strictPort: true, logLevel: 'warn' });
  });

  afterAll(async () => {
    await desktop?.close();
    simulator.restart();
  });

  it('logs in across origins, recovers from an SRS session timeout, and logs out with the CSRF token', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${desktop.url}?${FAST}`);
    expect(new URL(page.url()).origin).toBe(pageOrigin);

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

    // SRS forgets the session; the next poll gets 401 and the desktop logs in again by itself.
    const before = fromThisPage(simulator).length;
    simulator.expireSessions();
    await expect
      .poll(
        () =>
          fromThisPage(simulator)
            .slice(before)
            .some((entry) => isLogin(entry) && entry.status === 200),
        SEEN_WITHIN,
      )
      .toBe(true);
    expect(
      fromThisPage(simulator)
        .slice(before)
        .some((entry) => entry.path === '/ping' && entry.status === 401),
    ).toBe(true);
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
    await page.close();
  });

  it('explains an SRS that refuses the page origin (CORS) in words a person can act on', async () => {
    const page = await browser.context.newPage();
    const query = `srsUrl=${encodeURIComponent(refusingSimulator.url)}&requestTimeoutMs=1000&retryDelayMs=200`;
    await page.goto(`${desktop.url}?${query}`);
    await page.getByLabel('Recovery RWS server', { exact: false }).fill('');
    await page.getByRole('button', { name: 'Login' }).click();

    await waitForStatus(page, 'failed');
    const error = page.getByTestId('session-error');
    await expect.poll(() => error.textContent(), SEEN_WITHIN).toMatch(/SRS/);
    const message = (await error.textContent()) ?? '';
    expect(message).toContain('CORS');
    expect(message).toContain(pageOrigin);
    expect(message).not.toContain('alice-password');

    // The browser asked, was refused, and sent nothing else: no credentials reached SRS.
    const requests = fromThisPage(refusingSimulator);
    expect(requests.some((entry) => entry.method === 'OPTIONS' && entry.status === 403)).toBe(true);
    expect(requests.filter((entry) => entry.method !== 'OPTIONS')).toEqual([]);
    expect(refusingSimulator.sessions()).toEqual([]);
    await page.close();
  });
});
