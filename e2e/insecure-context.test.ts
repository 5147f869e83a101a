import { networkInterfaces } from 'node:os';
import { type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP_NAMES, DESKTOPS, type DesktopServer } from '../examples/desktops';
import { freePort } from '../packages/test-utils/src/ports';
import { type Browser, launchChromium } from './browser';
import { FAST, fillLoginForm, SEEN_WITHIN, waitForStatus } from './desktop';
import { checkRecording } from './recording-check';

/**
 * Every example desktop served over plain HTTP from an intranet host, here this machine's own network
 * address (not loopback): the page is not a secure context, so Chromium refuses every call it makes to
 * SRS on loopback, with no prompt and no permission to grant. (A page on 127.0.0.1 made "public" by an
 * address-space override is still a secure context, so only a real non-loopback origin shows this.)
 * The simulator allows these origins: whatever stops a call is the browser, not CORS.
 */
const address = networkAddress();
let browser: Browser;
let simulator: SrsSimulator;
const desktops = new Map<string, DesktopServer>();

beforeAll(async () => {
  const ports = new Map<string, number>();
  for (const name of DESKTOP_NAMES) ports.set(name, await freePort(address));
  simulator = await startSimulator({
    host: '127.0.0.1',
    port: 0,
    allowedOrigins: [...ports.values()].map((port) => `http://${address}:${port}`),
  });
  browser = await launchChromium();
  for (const name of DESKTOP_NAMES) {
    const options = {
      srsUrl: simulator.url,
      host: address,
      port: ports.get(name) ?? 0,
      strictPort: true,
      logLevel: 'warn',
      liveReload: false,
    } as const;
    desktops.set(name, await DESKTOPS[name](options));
  }
});

afterEach(async () => {
  await Promise.allSettled(browser.context.pages().map((page) => page.close()));
});

afterAll(async () => {
  // Each one closed whatever happened to the others.
  await Promise.allSettled([
    browser?.close(),
    simulator?.close(),
    ...[...desktops.values()].map((desktop) => desktop.close()),
  ]);
});

describe.each(DESKTOP_NAMES)('the %s agent desktop served over plain HTTP from an intranet host', (name) => {
  it('says at login that the page must be served over HTTPS, sends SRS nothing, and does not blame the permission or SRS', async () => {
    const desktop = desktops.get(name);
    if (!desktop) throw new Error(`the ${name} desktop did not start`);
    const origin = new URL(desktop.url).origin;
    expect(origin).toBe(`http://${address}:${new URL(desktop.url).port}`);

    // The browser refuses such calls before any preflight: only its own request events would show one.
    const tried: string[] = [];
    const onRequest = (request: { url(): string }) => {
      const url = request.url();
      if (url.startsWith(simulator.url) && !url.includes('/__simulator/')) tried.push(url);
    };
    browser.context.on('request', onRequest);
    const page = await browser.context.newPage();
    // Self-healing after a second, were it allowed to try.
    await page.goto(`${desktop.url}?${FAST}&selfHealIntervalMs=1000`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);

    // Before the first login, the form says what is wrong, not "allow it in the site's settings".
    const advice = page.getByTestId('permission-advice');
    await expect.poll(() => advice.textContent(), SEEN_WITHIN).toMatch(/served over plain HTTP/);
    expect(await advice.textContent()).not.toMatch(/site's settings/);

    await fillLoginForm(page);
    await page.getByRole('button', { name: 'Login' }).click();
    await waitForStatus(page, 'failed');
    const error = (await page.getByTestId('session-message').textContent()) ?? '';
    expect(error).toContain(`The desktop is served over plain HTTP (${origin})`);
    expect(error).toMatch(/Agent: ask your administrator to serve the desktop over HTTPS/);
    expect(error).toMatch(/Administrator: serve the desktop over HTTPS, and SRS over HTTPS too/);
    expect(error).toContain('OverrideSecurityRestrictionsOnInsecureOrigin');
    // Neither the advice for a denied permission nor "SRS is not running".
    expect(error).not.toMatch(/icon left of the address bar|allow access to apps on this device/);
    expect(error).not.toMatch(/not running|did not answer/);
    expect(error).not.toContain('alice-password');

    // Nothing was tried, then or since: no self-healing against a refusal that cannot change.
    await page.waitForTimeout(2_500);
    browser.context.off('request', onRequest);
    expect(await page.getByTestId('session-status').textContent()).toBe('failed');
    expect(tried).toEqual([]);
    expect(simulator.requests.filter((entry) => entry.origin === origin)).toEqual([]);
    expect(simulator.sessions()).toEqual([]);
  });
});

describe.each(DESKTOP_NAMES)('the %s agent desktop’s recording check over plain HTTP', (name) => {
  it('names the page that is not a secure context, and tells it from SRS being down', async () => {
    const desktop = desktops.get(name);
    if (!desktop) throw new Error(`the ${name} desktop did not start`);
    const page = await browser.context.newPage();
    await page.goto(`${desktop.url}?${FAST}`);
    const report = await checkRecording(page);

    expect(report.diagnosis.verdict).toBe('fail');
    expect(report.check('secure-context')).toMatchObject({ result: 'fail', key: 'page.insecure' });
    expect(report.check('secure-context').administrator).toContain(
      `The desktop is served over plain HTTP (${new URL(desktop.url).origin})`,
    );
    expect(report.check('srs-reachable').finding).toMatch(
      /^Blocked by the browser after \d+ ms: the page is not a secure context/,
    );
    expect(report.check('srs-reachable').finding).not.toMatch(/Nothing answers/);
    expect(simulator.requests.filter((entry) => entry.origin === new URL(desktop.url).origin)).toEqual([]);
    if (name === DESKTOP_NAMES[0]) console.log(`plain-HTTP page → report:\n${report.text}`);
  });
});

/** This machine's first non-loopback IPv4 address: to the browser, a page there is an intranet site. */
function networkAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const entry of addresses ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) return entry.address;
    }
  }
  throw new Error('This machine has no non-loopback IPv4 address to serve an intranet desktop from.');
}
