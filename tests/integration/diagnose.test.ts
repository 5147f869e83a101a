import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchFunction } from '@screen-recording/core';
import { type CheckId, type Diagnosis, diagnose, formatDiagnosis } from '@screen-recording/core/diagnose';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../packages/test-utils/src/ports';
import { ALICE, cleanup, PRIMARY, start, TIMING, waitFor } from './support';

/**
 * `diagnose()` in Node (an Electron main process, a test rig) against the real simulator over loopback:
 * the checks that make sense without a page run, SRS's CORS answers are read directly (Node applies no
 * CORS, so the page's `Origin` is sent by hand), and the page's checks say why they did not run.
 */

afterEach(cleanup);

const PAGE = 'http://127.0.0.1:5173';
const PAGE_URL = `${PAGE}/desk`;
const ALICE_LOGIN = { ...ALICE, server: PRIMARY };
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function simulator(allowedOrigins: string[] = [PAGE]) {
  const { srs } = await start({ simulator: { allowedOrigins } });
  return srs;
}

function resultsOf(diagnosis: Diagnosis): Record<CheckId, string> {
  return Object.fromEntries(diagnosis.checks.map((each) => [each.id, each.result])) as Record<
    CheckId,
    string
  >;
}

function checkOf(diagnosis: Diagnosis, id: CheckId) {
  const found = diagnosis.checks.find((each) => each.id === id);
  if (!found) throw new Error(`no ${id} check`);
  return found;
}

/** A fetch that notes every CSRF token SRS hands out, to look for it in the report afterwards. */
function tokenWatchingFetch(tokens: string[]): FetchFunction {
  return async (input, init) => {
    const response = await fetch(input, init);
    const token = response.headers.get('x-csrf-token');
    if (token) tokens.push(token);
    return response;
  };
}

/** An "SRS" whose CORS settings a test chooses: it answers every ping 401 and every preflight 204. */
async function misconfiguredSrs(headers: {
  answer: Record<string, string>;
  preflight: Record<string, string>;
}) {
  const server = createServer((request, response) => {
    const preflight = request.method === 'OPTIONS';
    response.writeHead(preflight ? 204 : 401, preflight ? headers.preflight : headers.answer);
    response.end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('diagnose() in Node, against the simulator', () => {
  it('passes every check that makes sense without a page, and says why each other one did not run', async () => {
    const srs = await simulator();
    const diagnosis = await diagnose({ srsUrl: srs.url, pageUrl: PAGE_URL });

    expect(diagnosis).toMatchObject({
      verdict: 'ok',
      environment: 'node',
      srsUrl: srs.url,
      pageOrigin: PAGE,
    });
    expect(resultsOf(diagnosis)).toEqual({
      options: 'ok',
      scheme: 'ok',
      'secure-context': 'unknown',
      'local-network-access': 'unknown',
      'srs-reachable': 'ok',
      'cors-origin': 'ok',
      'cors-preflight': 'ok',
      'csrf-exposed': 'ok',
      'login-logout': 'unknown',
      'page-visibility': 'unknown',
      tabs: 'unknown',
      coverage: 'unknown',
      clock: 'ok',
    });
    for (const each of diagnosis.checks.filter((check) => check.result === 'unknown')) {
      expect(each.finding, each.id).toMatch(/Not a browser page|pass credentials|Pass the running session/);
    }
    expect(checkOf(diagnosis, 'srs-reachable').evidence).toMatchObject({ status: 401, outcome: 'answered' });
    expect(checkOf(diagnosis, 'cors-origin').evidence).toMatchObject({ allowOrigin: PAGE });
    expect(checkOf(diagnosis, 'cors-preflight').finding).toContain(
      'POST /api/v2/me with Authorization, Content-Type, X-Support-CSRFP, X-CSRF-Token',
    );
    expect(checkOf(diagnosis, 'csrf-exposed').evidence).toMatchObject({ exposeHeaders: 'X-CSRF-Token' });
    // The preflights went as a browser sends them, with this page's origin, and no credentials went anywhere.
    const preflights = srs.requests.filter((entry) => entry.method === 'OPTIONS');
    expect(preflights.map((entry) => `${entry.path} ${entry.status} ${entry.origin}`)).toEqual([
      `/api/v2/me 204 ${PAGE}`,
      `/ping 204 ${PAGE}`,
    ]);
    expect(srs.requests.every((entry) => entry.username === null)).toBe(true);
    expect(srs.sessions()).toEqual([]);
  });

  it('names SRS not running: the connection is refused, and nothing after it runs', async () => {
    const port = await freePort();
    const diagnosis = await diagnose({ srsUrl: `http://127.0.0.1:${port}`, pageUrl: PAGE_URL });
    const reachable = checkOf(diagnosis, 'srs-reachable');

    expect(diagnosis.verdict).toBe('fail');
    expect(reachable).toMatchObject({
      result: 'fail',
      key: 'srs.unreachable',
      agent: 'The recording service on this computer does not answer; the desktop keeps trying.',
      evidence: { outcome: 'failed', errorCode: 'ECONNREFUSED' },
    });
    expect(reachable.finding).toMatch(/the connection was refused: nothing listens on that port/);
    expect(reachable.administrator).toContain(
      `Check that SRS runs at http://127.0.0.1:${port} (that scheme and port)`,
    );
    expect(checkOf(diagnosis, 'cors-origin')).toMatchObject({
      result: 'unknown',
      finding: 'SRS did not answer (see SRS answers).',
    });
    expect(checkOf(diagnosis, 'csrf-exposed').finding).toBe('SRS did not answer (see SRS answers).');
    expect(diagnosis.summary).toBe('Failed: SRS answers.');
  });

  it('names an SRS that does not answer in time', async () => {
    const srs = await simulator();
    srs.injectFault({ kind: 'slow', delayMs: 1_000 });
    const diagnosis = await diagnose({ srsUrl: srs.url, pageUrl: PAGE_URL, timeoutMs: 150 });
    expect(checkOf(diagnosis, 'srs-reachable')).toMatchObject({
      result: 'fail',
      key: 'srs.slow',
      evidence: { outcome: 'timeout' },
    });
    expect(checkOf(diagnosis, 'srs-reachable').finding).toMatch(/within 150 ms/);
  });

  it("names an origin SRS's CORS settings refuse, with the status and the missing header", async () => {
    const srs = await simulator([]);
    const diagnosis = await diagnose({ srsUrl: srs.url, pageUrl: PAGE_URL });
    const origin = checkOf(diagnosis, 'cors-origin');

    expect(diagnosis.verdict).toBe('fail');
    expect(checkOf(diagnosis, 'srs-reachable').result).toBe('ok');
    expect(origin).toMatchObject({
      result: 'fail',
      key: 'srs.refused',
      evidence: { status: 403, allowOrigin: null },
    });
    expect(origin.finding).toBe(
      `SRS answered 403 with Access-Control-Allow-Origin missing for ${PAGE}, so SRS's CORS settings do not allow this origin.`,
    );
    expect(origin.administrator).toBe(
      `Check that SRS's CORS settings allow this desktop's origin (${PAGE}).`,
    );
    expect(origin.agent).toBe('The recording service refused this desktop: call your administrator.');
    expect(checkOf(diagnosis, 'cors-preflight').result).toBe('unknown');
  });

  it('names the headers a preflight refuses, and a CSRF token SRS does not expose', async () => {
    const srsUrl = await misconfiguredSrs({
      answer: { 'Access-Control-Allow-Origin': PAGE },
      preflight: {
        'Access-Control-Allow-Origin': PAGE,
        'Access-Control-Allow-Headers': 'authorization, content-type',
      },
    });
    const diagnosis = await diagnose({ srsUrl, pageUrl: PAGE_URL });

    expect(checkOf(diagnosis, 'cors-origin').result).toBe('ok');
    const preflight = checkOf(diagnosis, 'cors-preflight');
    expect(preflight).toMatchObject({ result: 'fail', key: 'srs.refused' });
    expect(preflight.finding).toContain(
      'POST /api/v2/me with Authorization, Content-Type, X-Support-CSRFP, X-CSRF-Token: Access-Control-Allow-Headers lacks X-Support-CSRFP, X-CSRF-Token',
    );
    expect(preflight.finding).not.toContain('GET /ping');
    const csrf = checkOf(diagnosis, 'csrf-exposed');
    expect(csrf).toMatchObject({ result: 'fail', evidence: { exposeHeaders: '' } });
    expect(csrf.administrator).toMatch(/^List X-CSRF-Token in SRS's Access-Control-Expose-Headers/);
  });

  it('takes a wildcard for every header but Authorization, as browsers do', async () => {
    const srsUrl = await misconfiguredSrs({
      answer: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': '*' },
      preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' },
    });
    const diagnosis = await diagnose({ srsUrl, pageUrl: PAGE_URL });
    expect(checkOf(diagnosis, 'cors-preflight').finding).toMatch(/lacks Authorization$|lacks Authorization;/);
    expect(checkOf(diagnosis, 'csrf-exposed').result).toBe('ok');
  });

  it('applies the scheme rule to the pageUrl it is given, and cannot without one', async () => {
    const srs = await simulator(['https://desk.example.com']);
    const mismatch = await diagnose({ srsUrl: srs.url, pageUrl: 'https://desk.example.com/' });
    expect(checkOf(mismatch, 'scheme')).toMatchObject({
      result: 'fail',
      evidence: { pageScheme: 'https:', srsScheme: 'http:' },
      agent: 'Nothing to do on this computer: send this report to your administrator.',
    });
    expect(checkOf(mismatch, 'scheme').administrator).toMatch(
      /^srsUrl: uses http: but the page is served over https:/,
    );
    // The session would not start; the other checks still run.
    expect(checkOf(mismatch, 'options').result).toBe('ok');
    expect(checkOf(mismatch, 'cors-origin').result).toBe('ok');

    const allowed = await diagnose({
      srsUrl: srs.url,
      pageUrl: 'https://desk.example.com/',
      allowSchemeMismatch: true,
    });
    expect(checkOf(allowed, 'scheme').result).toBe('warn');
    const noPage = await diagnose({ srsUrl: srs.url });
    expect(checkOf(noPage, 'scheme')).toMatchObject({ result: 'unknown' });
    expect(checkOf(noPage, 'scheme').finding).toMatch(/pass pageUrl/);
    expect(checkOf(noPage, 'cors-origin').finding).toMatch(/No page origin to check: pass pageUrl/);
  });

  it('reports options the session refuses, and sends nothing to an SRS the session would not call', async () => {
    const srs = await simulator();
    const tooSlow = await diagnose({ srsUrl: srs.url, pageUrl: PAGE_URL, pingIntervalMs: 90_000 });
    expect(checkOf(tooSlow, 'options')).toMatchObject({
      result: 'fail',
      evidence: { field: 'pingIntervalMs' },
    });
    // Another option is at fault, not the address: SRS is still checked.
    expect(checkOf(tooSlow, 'srs-reachable').result).toBe('ok');

    const before = srs.requests.length;
    const remote = await diagnose({ srsUrl: 'http://srs.example.com:4100', pageUrl: PAGE_URL });
    expect(checkOf(remote, 'options')).toMatchObject({ result: 'fail', evidence: { field: 'srsUrl' } });
    expect(checkOf(remote, 'srs-reachable')).toMatchObject({
      result: 'unknown',
      finding: 'No usable srsUrl (see Session options).',
    });
    expect(remote.srsUrl).toBeNull();
    expect(srs.requests.length).toBe(before);
  });
});

describe("diagnose()'s test login", () => {
  it('logs the agent in and out once, reads the CSRF token, and leaves no SRS session', async () => {
    const srs = await simulator();
    const tokens: string[] = [];
    const diagnosis = await diagnose({
      srsUrl: srs.url,
      pageUrl: PAGE_URL,
      credentials: ALICE_LOGIN,
      fetch: tokenWatchingFetch(tokens),
    });

    expect(checkOf(diagnosis, 'login-logout')).toMatchObject({
      result: 'ok',
      evidence: { agent: 'alice', pollBefore: 401, login: 200, tokenReadable: true, logout: 200 },
    });
    const logins = srs.requests.filter((entry) => entry.username === 'alice' && entry.method === 'POST');
    expect(logins.map((entry) => entry.status)).toEqual([200, 200]);
    expect(logins[1]).toMatchObject({ csrfTokenSent: true });
    expect(srs.sessions()).toEqual([]);
    // Nothing secret in the report, as data or as text.
    expect(tokens).toHaveLength(1);
    for (const text of [JSON.stringify(diagnosis), formatDiagnosis(diagnosis)]) {
      expect(text).not.toContain(ALICE.password);
      expect(text).not.toContain(tokens[0]);
      expect(text).not.toMatch(/Basic [A-Za-z0-9+/=]{4,}/);
      expect(text).not.toContain(btoa(`alice:${ALICE.password}`));
    }
  });

  it('names refused credentials, and opens no session', async () => {
    const srs = await simulator();
    const diagnosis = await diagnose({
      srsUrl: srs.url,
      pageUrl: PAGE_URL,
      credentials: { ...ALICE_LOGIN, password: 'not-her-password' },
    });
    expect(checkOf(diagnosis, 'login-logout')).toMatchObject({
      result: 'fail',
      key: 'login.refused',
      agent: 'User name or password not accepted: log in again.',
      evidence: { login: 401 },
    });
    expect(JSON.stringify(diagnosis)).not.toContain('not-her-password');
    expect(srs.sessions()).toEqual([]);
  });

  it("skips itself while this desktop's session runs, and leaves that session as it was", async () => {
    const { srs, session } = await start({ simulator: { allowedOrigins: [PAGE] } });
    await session.login(ALICE_LOGIN);
    const [held] = srs.sessions();
    const before = srs.requests.filter((entry) => entry.username !== null).length;

    const diagnosis = await diagnose({
      srsUrl: srs.url,
      pageUrl: PAGE_URL,
      ...TIMING,
      session,
      credentials: ALICE_LOGIN,
    });
    const login = checkOf(diagnosis, 'login-logout');
    expect(login).toMatchObject({ result: 'unknown' });
    expect(login.finding).toBe(
      "Skipped so as not to disturb it: this desktop's session is active for alice. A test login would replace that session.",
    );
    // Nothing but the session's own polls carried credentials since; the SRS session is the one it was.
    expect(
      srs.requests
        .filter((entry) => entry.username !== null)
        .slice(before)
        .every((entry) => entry.path === '/ping'),
    ).toBe(true);
    expect(srs.sessions()).toEqual([
      expect.objectContaining({ username: 'alice', createdAt: held?.createdAt }),
    ]);
    expect(session.getSnapshot().status).toBe('active');
  });

  it('skips itself when SRS already holds a session for the agent, started elsewhere', async () => {
    const srs = await simulator();
    const elsewhere = await fetch(`${srs.url}/api/v2/me`, {
      headers: { Authorization: `Basic ${btoa(`alice:${ALICE.password}`)}` },
    });
    expect(elsewhere.status).toBe(200);
    const [held] = srs.sessions();

    const diagnosis = await diagnose({ srsUrl: srs.url, pageUrl: PAGE_URL, credentials: ALICE_LOGIN });
    expect(checkOf(diagnosis, 'login-logout').finding).toMatch(
      /^Skipped so as not to disturb it: SRS already holds a session for alice/,
    );
    expect(srs.sessions()).toEqual([held ? { ...held, lastSeenAt: expect.any(Number) } : undefined]);
    expect(srs.requests.filter((entry) => entry.method === 'POST')).toEqual([]);
  });
});

describe('diagnose() with the running session, in Node', () => {
  it('reads the coverage of the shift: an open gap fails, and says what the session shows', async () => {
    const { srs, session } = await start({ simulator: { allowedOrigins: [PAGE] } });
    await session.login(ALICE_LOGIN);
    const healthy = await diagnose({ srsUrl: srs.url, pageUrl: PAGE_URL, ...TIMING, session });
    expect(checkOf(healthy, 'coverage')).toMatchObject({
      result: 'ok',
      evidence: { gapCount: 0, openGap: null },
    });
    expect(checkOf(healthy, 'coverage').finding).toMatch(/^This shift: 100 % covered over \d+ ms, 0 gaps\.$/);

    srs.injectFault({ kind: 'down' });
    await waitFor(() => session.getSnapshot().coverage.openGap, 'an open gap');
    const down = await diagnose({ srsUrl: srs.url, pageUrl: PAGE_URL, ...TIMING, session });
    const coverage = checkOf(down, 'coverage');
    expect(coverage).toMatchObject({ result: 'fail', evidence: { openGap: 'srs-unreachable', gapCount: 1 } });
    expect(coverage.finding).toMatch(/^Not recorded now: a gap \(srs-unreachable\) opened at /);
    expect(coverage.agent).toBe(
      'The recording service on this computer does not answer; the desktop keeps trying.',
    );

    srs.clearFault();
    await waitFor(
      () => session.getSnapshot().coverage.gapCount === 1 && !session.getSnapshot().coverage.openGap,
      'the gap to close',
      5_000,
    );
    const after = await diagnose({ srsUrl: srs.url, pageUrl: PAGE_URL, ...TIMING, session });
    expect(checkOf(after, 'coverage')).toMatchObject({
      result: 'warn',
      agent: null,
      evidence: { gapCount: 1 },
    });
  });

  it('reports a check that throws as not run, and runs the others', async () => {
    const { srs, session } = await start({ simulator: { allowedOrigins: [PAGE] } });
    const broken = {
      ...session,
      getCoverage: () => {
        throw new RangeError('broken');
      },
    };
    const diagnosis = await diagnose({ srsUrl: srs.url, pageUrl: PAGE_URL, ...TIMING, session: broken });
    expect(checkOf(diagnosis, 'coverage')).toMatchObject({
      result: 'unknown',
      finding: 'The check itself failed (RangeError); the others ran.',
    });
    expect(checkOf(diagnosis, 'cors-origin').result).toBe('ok');
  });
});
