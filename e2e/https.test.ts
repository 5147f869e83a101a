import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createCertificate, type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP_NAMES, DESKTOPS, type DesktopServer } from '../examples/desktops';
import { freePort } from '../packages/test-utils/src/ports';
import { type Browser, launchChromium } from './browser';
import { FAST, isLogin, isLogout, SEEN_WITHIN, waitForStatus } from './desktop';

describe.each(DESKTOP_NAMES)('the %s agent desktop served over HTTPS, in Chromium', (name) => {
  let tempDir: string | undefined;
  let desktop: DesktopServer | undefined;
  let browser: Browser | undefined;
  let httpsSimulator: SrsSimulator | undefined;
  let httpSimulator: SrsSimulator | undefined;
  let pageOrigin: string;

  beforeAll(async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'srs-e2e-https-'));
    const pagePort = await freePort();
    pageOrigin = `https://127.0.0.1:${pagePort}`;
    // Other ports than the page's: every call is cross-origin, with a preflight, as with the real SRS.
    httpsSimulator = await startSimulator({
      host: '127.0.0.1',
      port: 0,
      https: true,
      allowedOrigins: [pageOrigin],
    });
    // Allows the page: if a request reached it, nothing but the scheme rule would have stopped it.
    httpSimulator = await startSimulator({ host: '127.0.0.1', port: 0, allowedOrigins: [pageOrigin] });
    desktop = await DESKTOPS[name]({
      srsUrl: httpsSimulator.url,
      port: pagePort,
      strictPort: true,
      logLevel: 'warn',
      liveReload: false,
      https: await createCertificate('127.0.0.1'),
      // Its own pre-bundled dependencies: nothing shared with a demo or another test running at the same time.
      cacheDir: join(tempDir, 'vite-cache'),
    });
    // The page's and the simulator's certificates are self-signed, made up by this test; a real deployment
    // installs SRS's certificate (and the desktop's) in the machine's trust store instead.
    browser = await launchChromium(['--ignore-certificate-errors']);
  });

  afterEach(async () => {
    await Promise.allSettled((browser?.context.pages() ?? []).map((page) => page.close()));
  });

  afterAll(async () => {
    // Each one closed whatever happened to the others.
    await Promise.allSettled([
      browser?.close(),
      desktop?.close(),
      httpsSimulator?.close(),
      httpSimulator?.close(),
    ]);
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('logs in, polls and logs out over HTTPS from an HTTPS page, with CORS and the CSRF token', async () => {
    if (!browser || !desktop || !httpsSimulator) throw new Error('beforeAll did not finish');
    const srs = httpsSimulator;
    expect(srs.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

    const page = await browser.context.newPage();
    await page.goto(`${desktop.url}?srsUrl=${encodeURIComponent(srs.url)}&${FAST}`);
    expect(new URL(page.url()).origin).toBe(pageOrigin);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);

    await page.getByLabel('User name').fill('alice');
    await page.getByLabel('Password').fill('alice-password');
    await page.getByLabel('RWS server', { exact: true }).fill('https://rws.dc1.example.com');
    await page.getByRole('button', { name: 'Login' }).click();
    await waitForStatus(page, 'active');

    const preflight = srs.requests.find((entry) => entry.method === 'OPTIONS' && entry.path === '/api/v2/me');
    expect(preflight).toMatchObject({ origin: pageOrigin, status: 204 });
    const login = srs.requests.find(isLogin);
    expect(login).toMatchObject({ origin: pageOrigin, status: 200, username: 'alice', csrfRequested: true });
    expect(srs.sessions()).toEqual([expect.objectContaining({ username: 'alice', csrfProtected: true })]);

    // The session is kept alive over HTTPS too.
    await expect
      .poll(
        () =>
          srs.requests.some(
            (entry) =>
              entry.method === 'GET' &&
              entry.path === '/ping' &&
              entry.origin === pageOrigin &&
              entry.username === 'alice' &&
              entry.status === 200,
          ),
        SEEN_WITHIN,
      )
      .toBe(true);

    await page.getByRole('button', { name: 'Logout' }).click();
    await waitForStatus(page, 'idle');
    expect(srs.sessions()).toEqual([]);
    const logout = srs.requests.filter(isLogout).at(-1);
    expect(logout).toMatchObject({ origin: pageOrigin, status: 200, csrfTokenSent: true });
    // Every call, preflights included, came from the HTTPS page.
    expect(srs.requests.filter((entry) => entry.origin !== pageOrigin)).toEqual([]);
  });

  it('refuses an http:// SRS from an HTTPS page, says why, and sends it nothing', async () => {
    if (!browser || !desktop || !httpSimulator) throw new Error('beforeAll did not finish');
    const srs = httpSimulator;
    expect(srs.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const page = await browser.context.newPage();
    // What the browser itself asks of that server, control endpoint included (the simulator logs SRS paths only).
    const srsOrigin = new URL(srs.url).origin;
    const sentToSrs: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).origin === srsOrigin) sentToSrs.push(`${request.method()} ${request.url()}`);
    });
    await page.goto(`${desktop.url}?srsUrl=${encodeURIComponent(srs.url)}&${FAST}`);
    expect(new URL(page.url()).origin).toBe(pageOrigin);

    const error = page.getByRole('alert');
    await expect.poll(() => error.textContent(), SEEN_WITHIN).toMatch(/requires the desktop's own scheme/);
    const message = (await error.textContent()) ?? '';
    expect(message).toMatch(/^srsUrl: /);
    expect(message).toContain('uses http: but the page is served over https:');
    expect(message).toContain('HTTPS');
    expect(await page.getByRole('heading', { name: 'could not start' }).count()).toBe(1);
    // No desktop at all: no login form, no status, nothing to click.
    expect(await page.getByRole('button', { name: 'Login' }).count()).toBe(0);
    expect(await page.getByTestId('session-status').count()).toBe(0);

    // A little longer than the example's quickest timer (its simulator panel refreshes every second).
    await sleep(1_500);
    expect(sentToSrs).toEqual([]);
    expect(srs.requests).toEqual([]);
    expect(srs.sessions()).toEqual([]);
  });
});
