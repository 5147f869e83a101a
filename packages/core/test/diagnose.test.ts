import { createFakeSrs } from '@screen-recording/test-utils';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FetchFunction } from '../src';
import { createScreenRecordingSession } from '../src/create-session';
import { diagnose } from '../src/diagnose/diagnose';
import { formatDiagnosis, withoutSecrets } from '../src/diagnose/report';
import type { CheckId, DiagnoseOptions, Diagnosis } from '../src/diagnose/types';
import { createWorkerClock } from '../src/worker-clock';

/**
 * The checks of `diagnose()` that read the browser around the page, with the page's globals stubbed as
 * Chromium shows them (measured in Chromium 156: a call the browser refuses rejects with a bare
 * `TypeError`, whatever the reason). What SRS answers is checked against the real simulator in
 * tests/integration/diagnose.test.ts and in real Chromium by the desktops' e2e scenarios.
 */

const SRS = 'http://127.0.0.1:4100';
const DESKTOP = 'https://desk.example.com';
const LOCK = `screen-recording:${SRS}`;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

interface PageStub {
  url?: string;
  secure?: boolean;
  /** What `navigator.permissions` reads for `loopback-network`; `'throws'`: a browser without it. */
  permission?: PermissionState | 'throws';
  visibility?: DocumentVisibilityState;
  /** The page's permissions policy for `loopback-network` (an iframe's): absent when the browser does not know it. */
  policy?: boolean;
  framed?: boolean;
  locks?: { held: string[]; pending: string[] };
}

function stubPage(stub: PageStub = {}) {
  const url = new URL(stub.url ?? `${DESKTOP}/desk`);
  vi.stubGlobal('location', { href: url.href, origin: url.origin, hostname: url.hostname });
  vi.stubGlobal('isSecureContext', stub.secure ?? url.protocol === 'https:');
  const policy =
    stub.policy === undefined
      ? undefined
      : { features: () => ['loopback-network'], allowsFeature: () => stub.policy };
  vi.stubGlobal('document', { visibilityState: stub.visibility ?? 'visible', featurePolicy: policy });
  if (stub.framed) vi.stubGlobal('top', {});
  const permission = stub.permission ?? 'granted';
  vi.stubGlobal('navigator', {
    userAgent: 'Stubbed/1.0',
    permissions: {
      query: async ({ name }: { name: string }) => {
        if (permission === 'throws' || name !== 'loopback-network')
          throw new TypeError(`unknown permission ${name}`);
        return Object.assign(new EventTarget(), { state: permission });
      },
    },
    ...(stub.locks
      ? {
          locks: {
            request: async () => undefined,
            query: async () => ({
              held: stub.locks?.held.map((name) => ({ name, mode: 'exclusive' })) ?? [],
              pending: stub.locks?.pending.map((name) => ({ name, mode: 'exclusive' })) ?? [],
            }),
          },
        }
      : {}),
  });
}

/** What a browser gives a page for a call it refuses before it leaves: a bare TypeError, at once. */
const refusedByTheBrowser: FetchFunction = () => Promise.reject(new TypeError('Failed to fetch'));

/** A fetch that only counts: every probe gets an opaque answer, as a `no-cors` call to a running SRS does. */
function answeringFetch(calls: Array<{ url: string; headers: Headers }>): FetchFunction {
  return async (url, init) => {
    calls.push({ url, headers: new Headers(init.headers) });
    return new Response(null, { status: 401 });
  };
}

async function check(options: Partial<DiagnoseOptions>, id: CheckId) {
  const diagnosis = await diagnose({ srsUrl: SRS, ...options });
  const found = diagnosis.checks.find((each) => each.id === id);
  if (!found) throw new Error(`no ${id} check`);
  return { diagnosis, check: found };
}

describe('the Local Network Access permission and the iframe policy', () => {
  it('tells a denied permission from SRS not running: the browser blocks the call, and the agent can allow it', async () => {
    stubPage({ permission: 'denied' });
    const { diagnosis, check: permission } = await check(
      { fetch: refusedByTheBrowser },
      'local-network-access',
    );
    expect(permission).toMatchObject({
      result: 'fail',
      key: 'access.blocked',
      agent:
        'Your browser blocks screen recording here: click the icon left of the address bar and allow access to apps on this device.',
      evidence: { localNetworkAccess: 'denied', inIframe: false },
    });
    expect(permission.administrator).toMatch(/LocalNetworkAccessAllowedForUrls/);
    const reachable = diagnosis.checks.find((each) => each.id === 'srs-reachable');
    expect(reachable).toMatchObject({ result: 'fail', key: 'access.blocked' });
    expect(reachable?.finding).toMatch(
      /^Blocked by the browser after \d+ ms: the permission to access apps on this device is denied/,
    );
    expect(reachable?.finding).not.toMatch(/Nothing answers/);
  });

  it('says the browser will ask, before it does', async () => {
    stubPage({ permission: 'prompt' });
    const { check: permission } = await check({ fetch: answeringFetch([]) }, 'local-network-access');
    expect(permission).toMatchObject({ result: 'warn', key: 'access.will-ask' });
    expect(permission.administrator).toMatch(/LocalNetworkAccessAllowedForUrls policy grants it in advance/);
  });

  it('has nothing to allow in a browser without the permission, and reads a granted one as fine', async () => {
    stubPage({ permission: 'throws' });
    expect((await check({ fetch: answeringFetch([]) }, 'local-network-access')).check).toMatchObject({
      result: 'ok',
      evidence: { localNetworkAccess: 'unknown' },
    });
    stubPage({ permission: 'granted' });
    expect((await check({ fetch: answeringFetch([]) }, 'local-network-access')).check.result).toBe('ok');
  });

  it('names an iframe whose permissions policy refuses calls to this computer, whatever the agent allows', async () => {
    stubPage({ permission: 'granted', policy: false, framed: true });
    const { diagnosis, check: permission } = await check(
      { fetch: refusedByTheBrowser },
      'local-network-access',
    );
    expect(permission).toMatchObject({
      result: 'fail',
      agent: 'Nothing to do on this computer: send this report to your administrator.',
      evidence: { inIframe: true, iframePolicy: 'loopback-network refused' },
    });
    expect(permission.finding).toMatch(/does not allow loopback-network \(the desktop runs in an iframe\)/);
    expect(permission.administrator).toContain('allow="loopback-network"');
    expect(diagnosis.checks.find((each) => each.id === 'srs-reachable')?.finding).toMatch(
      /permissions policy refuses calls to this computer/,
    );
  });
});

describe('a page that is not a secure context', () => {
  const INTRANET = 'http://desk.corp.example:8080';

  it('is named as the cause, in the library’s words, where Chromium refuses it', async () => {
    stubPage({ url: `${INTRANET}/desk`, secure: false, permission: 'denied' });
    const { diagnosis, check: secure } = await check(
      { fetch: refusedByTheBrowser, pageUrl: `${INTRANET}/desk` },
      'secure-context',
    );
    expect(secure).toMatchObject({ result: 'fail', key: 'page.insecure' });
    expect(secure.agent).toBe(
      'This desktop is served over plain HTTP, which cannot reach screen recording: ask your administrator for HTTPS.',
    );
    expect(secure.administrator).toContain(
      `OverrideSecurityRestrictionsOnInsecureOrigin listing ${INTRANET}`,
    );
    const byId = Object.fromEntries(diagnosis.checks.map((each) => [each.id, each]));
    expect(byId['local-network-access']?.finding).toMatch(/because the page is not a secure context/);
    expect(byId['srs-reachable']?.finding).toMatch(
      /^Blocked by the browser after \d+ ms: the page is not a secure context/,
    );
    expect(byId['srs-reachable']?.administrator).toBe('See Secure context above.');
  });

  it('is only worth a look in a browser that still lets it through', async () => {
    stubPage({ url: `${INTRANET}/desk`, secure: false, permission: 'throws' });
    const { check: secure } = await check(
      { fetch: answeringFetch([]), pageUrl: `${INTRANET}/desk` },
      'secure-context',
    );
    expect(secure).toMatchObject({ result: 'warn', key: 'page.insecure' });
    expect(secure.finding).toMatch(/this browser still lets it call SRS/);
  });
});

describe('the page’s visibility and the session’s clock', () => {
  it('warns when a hidden page runs the session on the page’s own timers', async () => {
    stubPage({ visibility: 'hidden' });
    const { check: visibility } = await check({ fetch: answeringFetch([]) }, 'page-visibility');
    expect(visibility).toMatchObject({
      result: 'warn',
      evidence: { visibility: 'hidden', clock: "the page's own timers" },
    });
    expect(visibility.administrator).toMatch(/clock: createWorkerClock\(\)/);
  });

  it('is content with a hidden page on createWorkerClock()', async () => {
    stubPage({ visibility: 'hidden' });
    const clock = createWorkerClock();
    const { check: visibility } = await check({ fetch: answeringFetch([]), clock }, 'page-visibility');
    clock.dispose();
    expect(visibility).toMatchObject({ result: 'ok', evidence: { clock: 'createWorkerClock()' } });
  });

  it("warns when createWorkerClock()'s worker cannot start (a Content Security Policy without worker-src blob:)", async () => {
    stubPage();
    // Chromium reports a CSP refusal of a blob: worker as an error event on the worker.
    class RefusedWorker extends EventTarget {
      constructor() {
        super();
        queueMicrotask(() => this.dispatchEvent(new Event('error')));
      }
      terminate() {}
    }
    vi.stubGlobal('Worker', RefusedWorker);
    const clock = createWorkerClock();
    const { check: visibility } = await check({ fetch: answeringFetch([]), clock }, 'page-visibility');
    clock.dispose();
    expect(visibility).toMatchObject({ result: 'warn', evidence: { workerStarts: false } });
    expect(visibility.administrator).toMatch(/worker-src blob:/);
  });
});

describe('the tabs of the desktop', () => {
  it('reads which tab leads from the Web Lock the tabs elect by, and how many wait to take over', async () => {
    stubPage({ locks: { held: [LOCK, 'another-lock'], pending: [LOCK, LOCK] } });
    const { check: tabs } = await check({ fetch: answeringFetch([]) }, 'tabs');
    expect(tabs).toMatchObject({ result: 'ok', evidence: { leadHeld: true, tabsWaitingToTakeOver: 2 } });
    expect(tabs.finding).toBe(
      `A tab of this desktop holds the lead for ${SRS}; 2 other tabs wait to take over.`,
    );
  });

  it('sends no test login while another tab of the desktop holds the SRS session', async () => {
    stubPage({ locks: { held: [LOCK], pending: [] } });
    const calls: Array<{ url: string; headers: Headers }> = [];
    const credentials = { username: 'alice', password: 'alice-password', server: 'https://rws.example.com' };
    const { check: login } = await check({ fetch: answeringFetch(calls), credentials }, 'login-logout');
    expect(login).toMatchObject({ result: 'unknown' });
    expect(login.finding).toMatch(/another tab of this desktop holds the SRS session/);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every(({ headers }) => !headers.get('authorization')?.includes(btoa('alice:')))).toBe(true);
  });

  it('warns when this tab runs a session of its own beside the tab that leads', async () => {
    stubPage({ locks: { held: [LOCK], pending: [] } });
    const srs = createFakeSrs();
    const session = createScreenRecordingSession({
      srsUrl: SRS,
      fetch: srs.fetch,
      tabs: 'independent',
      pageUrl: `${DESKTOP}/`,
      allowSchemeMismatch: true,
    });
    await session.login({ username: 'alice', password: 'alice-password', server: 'https://rws.example.com' });
    const { check: tabs } = await check(
      { fetch: srs.fetch, session, tabs: 'independent', allowSchemeMismatch: true },
      'tabs',
    );
    session.dispose();
    expect(tabs).toMatchObject({
      result: 'warn',
      evidence: { role: 'alone', leadHeld: true, tabsOption: 'independent' },
    });
    expect(tabs.finding).toMatch(/runs a session of its own beside it/);
  });
});

describe('the wall clock against the monotonic clock', () => {
  it.each([
    [10 * 60_000, 'ahead of', /set forward .* or the computer slept/],
    [-10 * 60_000, 'behind', /set back/],
  ])('warns when the wall clock moved by %i ms since the page started', async (stepMs, direction, why) => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + stepMs });
    const { check: clock } = await check({ fetch: answeringFetch([]) }, 'clock');
    expect(clock.result).toBe('warn');
    expect(clock.finding).toMatch(
      new RegExp(`^The wall clock is 600(\\.\\d)? s ${direction} the monotonic clock`),
    );
    expect(clock.finding).toMatch(why);
    expect(Math.abs(Number(clock.evidence.offsetMs) - stepMs)).toBeLessThan(1_000);
  });

  it('finds them in agreement otherwise', async () => {
    expect((await check({ fetch: answeringFetch([]) }, 'clock')).check).toMatchObject({ result: 'ok' });
  });
});

describe('the report', () => {
  it('never holds a password, its Basic header or a CSRF token, whatever the password', async () => {
    // Shorter passwords are not hunted for: any text holds a three-letter string by chance.
    const passwords = fc.string({ minLength: 4, maxLength: 64, unit: 'grapheme' });
    await fc.assert(
      fc.asyncProperty(passwords, async (password) => {
        const srs = createFakeSrs();
        const tokens: string[] = [];
        const fetch: FetchFunction = async (url, init) => {
          const response = await srs.fetch(url, init);
          const token = response.headers.get('X-CSRF-Token');
          if (token) tokens.push(token);
          return response;
        };
        const diagnosis = await diagnose({
          srsUrl: SRS,
          pageUrl: 'http://127.0.0.1:5173/',
          fetch,
          credentials: { username: 'alice', password, server: 'https://rws.example.com' },
        });
        const bytes = new TextEncoder().encode(`alice:${password}`);
        const basic = btoa(String.fromCharCode(...bytes));
        expect(diagnosis.checks.find((each) => each.id === 'login-logout')?.result).toBe('ok');
        expect(tokens).toHaveLength(1);
        for (const text of [JSON.stringify(diagnosis), formatDiagnosis(diagnosis)]) {
          expect(text).not.toContain(password);
          expect(text).not.toContain(basic);
          expect(text).not.toContain(tokens[0]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('hides a secret that slipped into any of its strings', () => {
    const leaked = {
      finding: 'SRS said: hunter22 and Basic YWxpY2U6aHVudGVyMjI=',
      nested: [{ evidence: 'YWxpY2U6aHVudGVyMjI=' }],
      short: 'abc',
    };
    expect(withoutSecrets(leaked, new Set(['hunter22', 'Basic YWxpY2U6aHVudGVyMjI=', 'abc']))).toEqual({
      finding: 'SRS said: [hidden] and [hidden]',
      nested: [{ evidence: '[hidden]' }],
      short: 'abc',
    });
  });

  it('reads as text: the verdict, where it ran, then each check with its words and its evidence', async () => {
    stubPage({ permission: 'denied' });
    // SRS over HTTPS, as the scheme rule asks of an HTTPS desktop.
    const diagnosis: Diagnosis = await diagnose({
      srsUrl: 'https://127.0.0.1:8443',
      fetch: refusedByTheBrowser,
    });
    const text = formatDiagnosis(diagnosis);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Screen recording check: FAIL \(2 FAIL, \d+ ok, \d+ not run\)$/);
    expect(lines[1]).toBe('Failed: Local Network Access permission and iframe policy; SRS answers.');
    expect(lines[2]).toMatch(/^Checked \d{4}-\d\d-\d\dT.* in \d+ ms, in a browser\.$/);
    expect(lines[3]).toBe(`Page: ${DESKTOP} · SRS: https://127.0.0.1:8443`);
    expect(lines[4]).toBe('User agent: Stubbed/1.0');
    expect(text).toContain('\n4. [FAIL] Local Network Access permission and iframe policy\n');
    expect(text).toContain(
      '   Agent: Your browser blocks screen recording here: click the icon left of the address bar and allow access to apps on this device.\n',
    );
    expect(text).toMatch(
      /\n {3}Evidence: probe="GET \/ping \(no-cors\)", outcome=failed, error=TypeError, elapsedMs=\d+, localNetworkAccess=denied\n/,
    );
    expect(diagnosis.checks.map((each) => each.id)).toEqual([
      'options',
      'scheme',
      'secure-context',
      'local-network-access',
      'srs-reachable',
      'cors-origin',
      'cors-preflight',
      'csrf-exposed',
      'login-logout',
      'page-visibility',
      'tabs',
      'coverage',
      'clock',
    ]);
  });
});
