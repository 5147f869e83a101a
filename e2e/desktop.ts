import type { RequestLogEntry } from '@screen-recording/simulator';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Short timings for the page's query string: the first poll comes two seconds after the login. The
 * request timeout leaves a loaded CI machine room: a timed-out request would show as a failed request.
 */
export const FAST = 'pingIntervalMs=2000&sessionTimeoutMs=10000&requestTimeoutMs=3000&retryDelayMs=500';

/** How long a test waits for the page or the simulator to show something. */
export const SEEN_WITHIN = { timeout: 20_000, interval: 100 };

export const isLogout = (entry: RequestLogEntry) =>
  entry.method === 'POST' &&
  entry.path === '/api/v2/me' &&
  (entry.body as { operationName?: unknown } | null)?.operationName === 'EndContactCenterSession';

export const isLogin = (entry: RequestLogEntry) =>
  entry.method === 'POST' && entry.path === '/api/v2/me' && !isLogout(entry);

/**
 * What every example desktop shows, so one scenario list drives them all: the login form's labels
 * (`User name`, `Password`, `RWS server`, `Recovery RWS server …`), the buttons `Login` and `Logout`,
 * the form `Switch place` with `New place` and `Devices`, and the test ids `session-status` (the status
 * word), `session-message` (the library's words for the view: headline, then detail) and `notice` (what
 * became of the agent's last command, when it was refused).
 */
export async function fillLoginForm(page: Page, agent: 'alice' | 'bob' = 'alice'): Promise<void> {
  // The form is prefilled for the simulator's alice; fill it anyway, as an agent would.
  await page.getByLabel('User name').fill(agent);
  await page.getByLabel('Password').fill(`${agent}-password`);
  await page.getByLabel('RWS server', { exact: true }).fill('https://rws.dc1.example.com');
}

export async function waitForStatus(page: Page, status: string): Promise<void> {
  await expect.poll(() => page.getByTestId('session-status').textContent(), SEEN_WITHIN).toBe(status);
}
