import { type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleDevServer, startExampleDevServer } from '../examples/react-agent-desktop/dev-server';
import { type Browser, freePort, launchChromium } from './browser';
import { FAST, isLogin, isLogout, SEEN_WITHIN } from './desktop';

describe('the React agent desktop in Chromium, against the SRS simulator', () => {
  let simulator: SrsSimulator;
  let refusingSimulator: SrsSimulator;
  let desktop: ExampleDevServer;
  let browser: Browser;
  let pageOrigin: string;

  beforeAll(async () => {
    const pagePort = await freePort();
    pageOrigin = `http://127.0.0.1:${pagePort}`;
    // Another port than the page's: every call is cross-origin, with a preflight, as with the real SRS.
    simulator = await startSimulator({ host: '127.0.0.1', port: 0, allowedOrigins: [pageOrigin] });
    refusingSimulator = await startSimulator({ host: '127.0.0.1', port: 0, allowedOrigins: [] });
    desktop = await startExampleDevServer({
      srsUrl: simulator.url,
      port: pagePort,
      strictPort: true,
      logLevel: 'warn',
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    // Each one closed whatever happened to the others.
    await Promise.allSettled([
      browser?.close(),
      desktop?.close(),
      simulator?.close(),
      refusingSimulator?.close(),
    ]);
  });

  it('logs in across origins, recovers from an SRS session timeout, and logs out with the CSRF token', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${desktop.url}?${FAST}`);
    expect(new URL(page.url()).origin).toBe(pageOrigin);

    // The form is prefilled for the simulator's alice; fill it anyway, as an agent would.
    await page.getByLabel('User name').fill('alice');
    await page.getByLabel('Password').fill('alice-password');
    await page.getByLabel('RWS server', { exact: true }).fill('https://rws.dc1.example.com');
    await page.getByRole('button', { name: 'Login' }).click();
    await waitForStatus(page, 'active');

    const preflight = simulator.requests.find(
      (entry) => entry.method === 'OPTIONS' && entry.path === '/api/v2/me',
    );
    expect(preflight).toMatchObject({ origin: pageOrigin, status: 204 });
    const login = simulator.requests.find(isLogin);
    expect(login).toMatchObject({ origin: pageOrigin, status: 200, username: 'alice', csrfRequested: true });
    expect(simulator.sessions()).toEqual([
      expect.objectContaining({ username: 'alice', csrfProtected: true }),
    ]);

    // SRS forgets the session; the next poll gets 401 and the desktop logs in again by itself.
    const before = simulator.requests.length;
    simulator.expireSessions();
    await expect
      .poll(
        () => simulator.requests.slice(before).some((entry) => isLogin(entry) && entry.status === 200),
        SEEN_WITHIN,
      )
      .toBe(true);
    expect(
      simulator.requests.slice(before).some((entry) => entry.path === '/ping' && entry.status === 401),
    ).toBe(true);
    await waitForStatus(page, 'active');
    await expect.poll(() => simulator.sessions().length, SEEN_WITHIN).toBe(1);

    await page.getByRole('button', { name: 'Logout' }).click();
    await waitForStatus(page, 'idle');
    expect(simulator.sessions()).toEqual([]);
    const logout = simulator.requests.filter(isLogout).at(-1);
    expect(logout).toMatchObject({ origin: pageOrigin, status: 200, csrfTokenSent: true });

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
    const requests = refusingSimulator.requests;
    expect(requests.some((entry) => entry.method === 'OPTIONS' && entry.status === 403)).toBe(true);
    expect(requests.filter((entry) => entry.method !== 'OPTIONS')).toEqual([]);
    expect(refusingSimulator.sessions()).toEqual([]);
    await page.close();
  });
});

async function waitForStatus(page: Page, status: string): Promise<void> {
  await expect.poll(() => page.getByTestId('session-status').textContent(), SEEN_WITHIN).toBe(status);
}
