import type { CheckId, Diagnosis, DiagnosisCheck } from '@screen-recording/core/diagnose';
import type { RequestLogEntry, SrsSimulator } from '@screen-recording/simulator';
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { freePort } from '../packages/test-utils/src/ports';
import { FAST, fillLoginForm, isLogin, isLogout, SEEN_WITHIN, waitForStatus } from './desktop';
import { setLocalNetworkAccess } from './local-network-access';

/**
 * The "Check recording" button of every example desktop, driven into each failing check by a simulator
 * fault or a browser setting, and read back from the page: the verdict, each check's result, and the
 * report's words. Registered by the suites that own the browser and the simulators (each scenario
 * opens its own page), so no browser or desktop is started for them alone.
 */

/** Presses "Check recording" and reads the report the page shows: as data (its JSON) and as text. */
export async function checkRecording(page: Page, options: { testLogin?: boolean } = {}) {
  if (options.testLogin)
    await page.getByRole('checkbox', { name: /log the form's agent in and out/ }).check();
  const button = page.getByRole('button', { name: 'Check recording' });
  await button.click();
  await page.getByTestId('recording-check-verdict').waitFor({ timeout: SEEN_WITHIN.timeout });
  const diagnosis = JSON.parse(
    (await page.getByTestId('recording-check-json').textContent()) ?? '',
  ) as Diagnosis;
  const text = (await page.getByTestId('recording-check-report').textContent()) ?? '';
  const shown = await page.getByTestId('recording-check-verdict').getAttribute('data-verdict');
  expect(shown).toBe(diagnosis.verdict);
  return {
    diagnosis,
    text,
    check(id: CheckId): DiagnosisCheck {
      const found = diagnosis.checks.find((each) => each.id === id);
      if (!found) throw new Error(`the report has no ${id} check`);
      return found;
    },
    results: Object.fromEntries(diagnosis.checks.map((each) => [each.id, each.result])),
  };
}

/** What the scenarios need from the suite that runs them. */
export interface RecordingCheckRig {
  context(): BrowserContext;
  simulator(): SrsSimulator;
  /** A simulator that allows no page origin. */
  refusingSimulator(): SrsSimulator;
  desk: {
    readonly url: string;
    readonly origin: string;
    fromThisPage(srs: SrsSimulator): RequestLogEntry[];
    loggedInPage(query?: string): Promise<Page>;
  };
  /** The figures the suite prints at the end. */
  figures: string[];
  name: string;
}

const SECRETS = [/alice-password/, /Basic [A-Za-z0-9+/=]{8,}/];

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toMatch(secret);
}

export function recordingCheckScenarios(rig: RecordingCheckRig): void {
  const { desk } = rig;

  it('checks a recording desktop without disturbing its session: every check passes, no login is sent, the test login is skipped', async () => {
    const page = await desk.loggedInPage();
    const simulator = rig.simulator();
    const [session] = simulator.sessions();
    const mark = desk.fromThisPage(simulator).length;
    const startedAt = Date.now();
    const report = await checkRecording(page, { testLogin: true });
    rig.figures.push(
      `${rig.name}: recording check of a recording desktop in ${Date.now() - startedAt} ms (report: ${report.diagnosis.durationMs} ms)`,
    );

    expect(report.diagnosis.verdict).toBe('ok');
    expect(report.results).toMatchObject({
      options: 'ok',
      scheme: 'ok',
      'secure-context': 'ok',
      'local-network-access': 'ok',
      'srs-reachable': 'ok',
      'cors-origin': 'ok',
      'cors-preflight': 'ok',
      'page-visibility': 'ok',
      tabs: 'ok',
      coverage: 'ok',
      clock: 'ok',
    });
    expect(report.check('login-logout')).toMatchObject({ result: 'unknown' });
    expect(report.check('login-logout').finding).toMatch(
      /^Skipped so as not to disturb it: this desktop's session is active for alice\./,
    );
    expect(report.check('tabs').evidence).toMatchObject({ role: 'leader', leadHeld: true });
    expect(report.check('page-visibility').evidence).toMatchObject({
      clock: 'createWorkerClock()',
      workerStarts: true,
    });

    // The session carries on as it was: the same SRS session, no login, nothing sent with credentials but its polls.
    await waitForStatus(page, 'active');
    expect(simulator.sessions()).toEqual([session]);
    const sent = desk.fromThisPage(simulator).slice(mark);
    expect(sent.filter((entry) => isLogin(entry) && entry.status === 200)).toEqual([]);
    expect(sent.filter(isLogout)).toEqual([]);
    expect(
      sent
        .filter((entry) => entry.username !== null)
        .every((entry) => entry.path === '/ping' && entry.status === 200),
    ).toBe(true);
    expect(sent.some((entry) => entry.refusal?.reason === 'no-credentials')).toBe(true);
    expectNoSecret(report.text);
  });

  it('reads the CSRF token through a test login and logout when no session runs, and leaves no SRS session behind', async () => {
    const page = await rig.context().newPage();
    await page.goto(`${desk.url}?${FAST}`);
    await fillLoginForm(page);
    const simulator = rig.simulator();
    const mark = desk.fromThisPage(simulator).length;
    const report = await checkRecording(page, { testLogin: true });

    expect(report.diagnosis.verdict).toBe('ok');
    expect(report.check('login-logout')).toMatchObject({
      result: 'ok',
      evidence: { login: 200, logout: 200, tokenReadable: true },
    });
    expect(report.check('csrf-exposed')).toMatchObject({ result: 'ok' });
    const sent = desk.fromThisPage(simulator).slice(mark);
    expect(sent.filter((entry) => isLogin(entry) && entry.status === 200)).toHaveLength(1);
    expect(sent.filter(isLogout)).toEqual([expect.objectContaining({ status: 200, csrfTokenSent: true })]);
    expect(simulator.sessions()).toEqual([]);
    expect(await page.getByTestId('session-status').textContent()).toBe('idle');
    expectNoSecret(report.text);
    expectNoSecret(JSON.stringify(report.diagnosis));
  });

  it('names SRS not running: nothing answers on its port', async () => {
    const port = await freePort();
    const page = await rig.context().newPage();
    await page.goto(`${desk.url}?${FAST}&srsUrl=${encodeURIComponent(`http://127.0.0.1:${port}`)}`);
    const report = await checkRecording(page);

    expect(report.diagnosis.verdict).toBe('fail');
    expect(report.check('srs-reachable')).toMatchObject({ result: 'fail', key: 'srs.unreachable' });
    expect(report.check('srs-reachable').finding).toMatch(
      new RegExp(`^Nothing answers at http://127\\.0\\.0\\.1:${port} \\(after \\d+ ms\\)`),
    );
    expect(report.check('srs-reachable').agent).toBe(
      'The recording service on this computer does not answer; the desktop keeps trying.',
    );
    expect(report.results).toMatchObject({
      'local-network-access': 'ok',
      'cors-origin': 'unknown',
      'cors-preflight': 'unknown',
    });
    expect(report.text).toMatch(/^Screen recording check: FAIL/);
    rig.figures.push(`${rig.name}: SRS down → report:\n${report.text}`);
  });

  it('names an SRS whose CORS settings refuse the page origin, and sends it no credentials', async () => {
    const refusing = rig.refusingSimulator();
    const page = await rig.context().newPage();
    await page.goto(`${desk.url}?${FAST}&srsUrl=${encodeURIComponent(refusing.url)}`);
    const report = await checkRecording(page);

    expect(report.diagnosis.verdict).toBe('fail');
    expect(report.check('srs-reachable').result).toBe('ok');
    expect(report.check('cors-origin')).toMatchObject({ result: 'fail', key: 'srs.refused' });
    expect(report.check('cors-origin').administrator).toContain(
      `allow this desktop's origin (${desk.origin})`,
    );
    expect(report.check('cors-preflight').result).toBe('unknown');
    expect(desk.fromThisPage(refusing).every((entry) => entry.username === null)).toBe(true);
    rig.figures.push(`${rig.name}: origin refused → report:\n${report.text}`);
  });

  it('names a scheme mismatch from the card that says the session could not start', async () => {
    const page = await rig.context().newPage();
    const srsOverHttps = rig.simulator().url.replace(/^http:/, 'https:');
    await page.goto(`${desk.url}?${FAST}&srsUrl=${encodeURIComponent(srsOverHttps)}`);
    await expect.poll(() => page.locator('body').textContent(), SEEN_WITHIN).toMatch(/could not start/);
    const report = await checkRecording(page);

    expect(report.diagnosis.verdict).toBe('fail');
    expect(report.check('scheme')).toMatchObject({
      result: 'fail',
      evidence: { pageScheme: 'http:', srsScheme: 'https:' },
    });
    expect(report.check('scheme').administrator).toMatch(/uses https: but the page is served over http:/);
    expect(report.check('options').result).toBe('ok');
    expect(report.check('coverage').result).toBe('unknown');
    rig.figures.push(`${rig.name}: scheme mismatch → report:\n${report.text}`);
  });

  it('names a denied Local Network Access permission: the browser, not SRS, blocks the call', async () => {
    await setLocalNetworkAccess(rig.context(), desk.origin, 'denied');
    const page = await rig.context().newPage();
    await page.goto(`${desk.url}?${FAST}`);
    const report = await checkRecording(page);

    expect(report.diagnosis.verdict).toBe('fail');
    expect(report.check('local-network-access')).toMatchObject({
      result: 'fail',
      key: 'access.blocked',
      evidence: { localNetworkAccess: 'denied' },
    });
    expect(report.check('srs-reachable')).toMatchObject({ result: 'fail', key: 'access.blocked' });
    expect(report.check('srs-reachable').finding).toMatch(
      /^Blocked by the browser after \d+ ms: the permission to access apps on this device is denied/,
    );
    expect(report.check('local-network-access').administrator).toMatch(/LocalNetworkAccessAllowedForUrls/);
    expect(report.check('srs-reachable').administrator).toBe(
      'See Local Network Access permission and iframe policy above.',
    );
    rig.figures.push(`${rig.name}: Local Network Access denied → report:\n${report.text}`);
  });
}
