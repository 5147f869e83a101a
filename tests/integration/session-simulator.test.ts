import {
  SessionCancelledError,
  SrsMoveRefusedError,
  SrsRejectedError,
  SrsUnauthorizedError,
} from '@screen-recording/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALICE,
  ALICE_DEVICES,
  cleanup,
  elapse,
  goodPings,
  LOGOUT_BODY,
  loginFields,
  logins,
  logouts,
  PRIMARY,
  pings,
  rejectionOf,
  start,
  TIMING,
  trace,
  waitFor,
} from './support';

// The real session against the real simulator over loopback HTTP: what SRS saw, and what the agent sees.

afterEach(cleanup);

describe('login with the default place', () => {
  it('sends only server, opens a session at SRS, then polls at the interval', async () => {
    const { srs, session, views } = await start();
    const before = Date.now();

    await session.login({ ...ALICE, server: PRIMARY });

    expect(logins(srs)).toHaveLength(1);
    expect(logins(srs)[0]?.body).toEqual([{ name: 'server', value: PRIMARY }]);
    expect(logins(srs)[0]).toMatchObject({ status: 200, username: 'alice' });
    expect(srs.sessions()).toEqual([
      expect.objectContaining({ username: 'alice', server: PRIMARY, place: null, devices: null }),
    ]);
    expect(session.getSnapshot()).toMatchObject({
      status: 'active',
      isRecordingSessionActive: true,
      server: PRIMARY,
      dataCenter: 'primary',
      place: null,
      devices: null,
      lastPollAt: null,
    });

    await waitFor(() => goodPings(srs).length >= 3, 'three polls answered 200');
    const loginAt = logins(srs)[0]?.at ?? Number.NaN;
    const pingTimes = goodPings(srs).map((entry) => entry.at);
    // The first poll is due one interval after the login was sent; the first request of a connection
    // reaches the simulator a little late, so that gap may be slightly short of the interval.
    expect((pingTimes[0] ?? Number.NaN) - loginAt).toBeGreaterThan(TIMING.pingIntervalMs - 100);
    expect((pingTimes[0] ?? Number.NaN) - loginAt).toBeLessThan(TIMING.pingIntervalMs + 100);
    // Then start to start: each poll about one interval after the previous one (timer jitter allowed).
    const gaps = pingTimes.slice(1).map((at, index) => at - (pingTimes[index] ?? Number.NaN));
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(TIMING.pingIntervalMs - 20);
      expect(gap).toBeLessThan(TIMING.pingIntervalMs + 100);
    }
    expect(pings(srs).every((entry) => entry.status === 200)).toBe(true);

    // The view's lastPollAt advances with each answered poll.
    await waitFor(
      () => views.filter((view) => view.lastPollAt !== null).length > 0,
      'a view with lastPollAt',
    );
    const pollTimes = [...new Set(views.map((view) => view.lastPollAt).filter((at) => at !== null))];
    expect(pollTimes.length).toBeGreaterThanOrEqual(2);
    expect(pollTimes).toEqual([...pollTimes].sort((a, b) => a - b));
    expect(pollTimes[0]).toBeGreaterThan(before);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', consecutiveFailures: 0, error: null });
  });
});

describe('hot seating', () => {
  it('sends place and devices in the API guide order, and SRS records them', async () => {
    const { srs, session } = await start();

    await session.login({ ...ALICE, server: PRIMARY, place: 'alicePlace', devices: ALICE_DEVICES });

    expect(logins(srs)[0]?.body).toEqual([
      { name: 'server', value: PRIMARY },
      { name: 'place', value: 'alicePlace' },
      { name: 'devices', value: ALICE_DEVICES },
    ]);
    expect(srs.sessions()).toEqual([
      expect.objectContaining({ username: 'alice', place: 'alicePlace', devices: ALICE_DEVICES }),
    ]);
    expect(session.getSnapshot()).toMatchObject({
      status: 'active',
      place: 'alicePlace',
      devices: ALICE_DEVICES,
    });
    await waitFor(() => goodPings(srs).length >= 1, 'a poll answered 200');
  });

  it('reports a device that is not in the place as a rejected login, without retrying', async () => {
    const { srs, session } = await start();

    const error = await rejectionOf(
      session.login({
        ...ALICE,
        server: PRIMARY,
        place: 'alicePlace',
        devices: [{ dn: 'DN3', switch: 'SwitchA' }],
      }),
    );

    expect(error).toBeInstanceOf(SrsRejectedError);
    expect((error as SrsRejectedError).status).toBe(400);
    expect(session.getSnapshot()).toMatchObject({
      status: 'failed',
      isRecordingSessionActive: false,
      error: expect.any(SrsRejectedError),
    });
    // A retry could not fix the parameters: nothing more is sent, however long we wait.
    await elapse(TIMING.pingIntervalMs * 2);
    expect(logins(srs), trace(srs).join('\n')).toHaveLength(1);
    expect(logins(srs)[0]?.status).toBe(400);
    expect(srs.requests).toHaveLength(1);
    expect(srs.sessions()).toEqual([]);
  });
});

describe('bad credentials', () => {
  it('fail the login with SrsUnauthorizedError after exactly one request', async () => {
    const { srs, session } = await start();

    const error = await rejectionOf(session.login({ ...ALICE, password: 'wrong-password', server: PRIMARY }));

    expect(error).toBeInstanceOf(SrsUnauthorizedError);
    expect(session.getSnapshot()).toMatchObject({
      status: 'failed',
      error: expect.any(SrsUnauthorizedError),
    });
    await elapse(TIMING.pingIntervalMs * 2);
    expect(srs.requests.map((r) => [r.path, r.status])).toEqual([['/api/v2/me', 401]]);
    expect(srs.sessions()).toEqual([]);
  });
});

describe('place switch', () => {
  it('logs in again with the new place, and logout uses the new CSRF token', async () => {
    const { srs, session, csrfTokens } = await start();
    await session.login({ ...ALICE, server: PRIMARY, place: 'alicePlace', devices: ALICE_DEVICES });
    await waitFor(() => goodPings(srs).length >= 1, 'a poll answered 200');

    await session.switchPlace({ place: 'bobPlace' });

    expect(logins(srs)).toHaveLength(2);
    expect(logins(srs)[1]?.body).toEqual([
      { name: 'server', value: PRIMARY },
      { name: 'place', value: 'bobPlace' },
    ]);
    expect(srs.sessions()).toEqual([
      expect.objectContaining({
        username: 'alice',
        server: PRIMARY,
        place: 'bobPlace',
        devices: [{ dn: 'DN3', switch: 'SwitchA' }],
      }),
    ]);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', place: 'bobPlace', devices: null });
    // Each login got its own token from SRS.
    expect(csrfTokens).toHaveLength(2);
    expect(csrfTokens[1]).not.toBe(csrfTokens[0]);

    // Polling goes on after the switch.
    const pingsBefore = goodPings(srs).length;
    await waitFor(() => goodPings(srs).length > pingsBefore, 'a poll after the switch');

    // SRS only accepts the newest token: a 200 here means the session sent it.
    await session.logout();
    expect(logouts(srs)).toEqual([
      expect.objectContaining({ body: LOGOUT_BODY, csrfTokenSent: true, status: 200 }),
    ]);
    expect(srs.sessions()).toEqual([]);
    expect(session.getSnapshot().status).toBe('idle');
  });
  it('keeps the old place alive when SRS refuses the new one, and switchPlace() rejects', async () => {
    const { srs, session } = await start();
    await session.login({ ...ALICE, server: PRIMARY, place: 'bobPlace' });

    const error = await rejectionOf(
      session.switchPlace({ place: 'alicePlace', devices: [{ dn: 'DN3', switch: 'SwitchA' }] }),
    );

    expect(error).toBeInstanceOf(SrsMoveRefusedError);
    expect((error as SrsMoveRefusedError).reason).toBeInstanceOf(SrsRejectedError);
    expect((error as Error).message).toMatch(
      /refused the move to place "alicePlace" with devices DN3@SwitchA.*still recorded on place "bobPlace"/,
    );
    expect(logins(srs).map((r) => r.status)).toEqual([200, 400]);
    // SRS still holds the old session, and the desktop keeps it alive.
    expect(srs.sessions()).toEqual([expect.objectContaining({ place: 'bobPlace' })]);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', place: 'bobPlace' });
    // The refusal shows until the next poll is answered.
    expect(session.getSnapshot().error).toBeInstanceOf(SrsMoveRefusedError);
    expect(session.getSnapshot().consecutiveFailures).toBe(0);
    await waitFor(() => session.getSnapshot().lastPollAt !== null, 'a poll answered after the refusal');
    expect(goodPings(srs).length).toBeGreaterThanOrEqual(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', place: 'bobPlace', error: null });
    expect(logins(srs)).toHaveLength(2);
  });

  it('sends switches made during a login one after the other: SRS ends with the last place', async () => {
    const { srs, session } = await start({ session: { requestTimeoutMs: 500 } });
    await session.login({ ...ALICE, server: PRIMARY });
    srs.injectFault({ kind: 'slow', delayMs: 150 }, { paths: ['/api/v2/me'], times: 1 });

    const first = session.switchPlace({ place: 'bobPlace' });
    await waitFor(() => logins(srs).length === 2, 'the first switch to reach SRS');
    const second = session.switchPlace({ place: 'alicePlace', devices: ALICE_DEVICES });
    await Promise.all([first, second]);

    expect(logins(srs).map((r) => loginFields(r).place ?? null)).toEqual([null, 'bobPlace', 'alicePlace']);
    expect(srs.requests.every((r) => r.status === 200)).toBe(true);
    // Never two logins in flight: the last one reached SRS only after the slow one was answered.
    const [, slow, last] = logins(srs);
    expect((last?.at ?? 0) - (slow?.at ?? 0)).toBeGreaterThanOrEqual(140);
    expect(srs.sessions()).toEqual([
      expect.objectContaining({ place: 'alicePlace', devices: ALICE_DEVICES }),
    ]);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', place: 'alicePlace' });

    await session.logout();
    expect(logouts(srs).at(-1)?.status).toBe(200);
    expect(srs.sessions()).toEqual([]);
  });
});

describe('SRS drops the session', () => {
  it('logs in again by itself after a 401 on a poll (session expired), and polls resume', async () => {
    const { srs, session } = await start();
    await session.login({ ...ALICE, server: PRIMARY, place: 'alicePlace', devices: ALICE_DEVICES });
    await waitFor(() => goodPings(srs).length >= 1, 'a poll answered 200');

    srs.expireSessions();

    await waitFor(() => pings(srs).some((r) => r.status === 401), 'a poll answered 401');
    await waitFor(() => logins(srs).length === 2 && srs.sessions().length === 1, 'a second login');
    expect(logins(srs)[1]?.body).toEqual(logins(srs)[0]?.body);
    expect(srs.sessions()).toEqual([
      expect.objectContaining({ place: 'alicePlace', devices: ALICE_DEVICES }),
    ]);
    const afterRelogin = goodPings(srs).length;
    await waitFor(() => goodPings(srs).length > afterRelogin, 'a poll answered 200 after the re-login');
    expect(session.getSnapshot()).toMatchObject({ status: 'active', isRecordingSessionActive: true });
    // One 401, one re-login: no storm.
    expect(pings(srs).filter((r) => r.status === 401)).toHaveLength(1);
    expect(logins(srs)).toHaveLength(2);
  });

  it('logs in again after SRS restarts', async () => {
    const { srs, session } = await start();
    await session.login({ ...ALICE, server: PRIMARY });
    await waitFor(() => goodPings(srs).length >= 1, 'a poll answered 200');

    srs.restart();

    await waitFor(() => pings(srs).some((r) => r.status === 401), 'a poll answered 401');
    await waitFor(() => logins(srs).length === 2 && srs.sessions().length === 1, 'a second login');
    expect(logins(srs)[1]?.body).toEqual([{ name: 'server', value: PRIMARY }]);
    const afterRelogin = goodPings(srs).length;
    await waitFor(() => goodPings(srs).length > afterRelogin, 'a poll answered 200 after the re-login');
    expect(session.getSnapshot()).toMatchObject({ status: 'active', server: PRIMARY, error: null });

    // The re-login's token is the one logout needs.
    await session.logout();
    expect(logouts(srs)[0]?.status).toBe(200);
    expect(srs.sessions()).toEqual([]);
  });
});

describe('CSRF', () => {
  it('asks for a token at login and sends it on logout', async () => {
    const { srs, session, csrfTokens } = await start();
    await session.login({ ...ALICE, server: PRIMARY });

    expect(logins(srs)[0]).toMatchObject({ csrfRequested: true, csrfTokenSent: false });
    expect(srs.sessions()[0]?.csrfProtected).toBe(true);
    expect(csrfTokens).toHaveLength(1);

    await session.logout();

    expect(logouts(srs)).toEqual([
      expect.objectContaining({ body: LOGOUT_BODY, csrfTokenSent: true, status: 200 }),
    ]);
    expect(srs.sessions()).toEqual([]);
  });

  it('with csrf: false, asks for no token and logout still ends the session', async () => {
    const { srs, session, csrfTokens } = await start({ session: { csrf: false } });
    await session.login({ ...ALICE, server: PRIMARY });
    await waitFor(() => goodPings(srs).length >= 1, 'a poll answered 200');

    expect(srs.sessions()[0]?.csrfProtected).toBe(false);

    await session.logout();

    expect(srs.requests.some((r) => r.csrfRequested || r.csrfTokenSent)).toBe(false);
    expect(csrfTokens).toEqual([]);
    expect(logouts(srs)).toEqual([expect.objectContaining({ body: LOGOUT_BODY, status: 200 })]);
    expect(srs.sessions()).toEqual([]);
  });
});

describe('logout', () => {
  it('ends the SRS session and nothing more reaches SRS afterwards', async () => {
    const { srs, session } = await start();
    await session.login({ ...ALICE, server: PRIMARY });
    await waitFor(() => goodPings(srs).length >= 2, 'two polls answered 200');

    await session.logout();

    const last = srs.requests.at(-1);
    expect(last).toMatchObject({ method: 'POST', path: '/api/v2/me', body: LOGOUT_BODY, status: 200 });
    expect(srs.sessions()).toEqual([]);
    expect(session.getSnapshot()).toMatchObject({
      status: 'idle',
      isRecordingSessionActive: false,
      nextPollAt: null,
    });

    const count = srs.requests.length;
    await elapse(TIMING.pingIntervalMs * 3);
    expect(srs.requests.length, trace(srs).join('\n')).toBe(count);
  });

  it('sent while the login is in flight, comes after that login, and SRS ends up with no session', async () => {
    const { srs, session } = await start({ session: { requestTimeoutMs: 500 } });
    // Delay the login only, less than the request timeout, so it succeeds after logout was asked for.
    srs.injectFault({ kind: 'slow', delayMs: 250 }, { paths: ['/api/v2/me'], times: 1 });

    const login = session.login({ ...ALICE, server: PRIMARY });
    await waitFor(() => logins(srs).length === 1, 'the login to reach SRS');
    expect(session.getSnapshot().status).toBe('loggingIn');
    const logout = session.logout();

    const [loginResult, logoutResult] = await Promise.allSettled([login, logout]);

    expect(logoutResult.status).toBe('fulfilled');
    expect(loginResult.status).toBe('rejected');
    expect((loginResult as PromiseRejectedResult).reason).toBeInstanceOf(SessionCancelledError);
    const calls = srs.requests.map((r) => ({ body: r.body, status: r.status }));
    expect(calls).toEqual([
      { body: [{ name: 'server', value: PRIMARY }], status: 200 },
      { body: LOGOUT_BODY, status: 200 },
    ]);
    expect(srs.sessions()).toEqual([]);
    expect(session.getSnapshot().status).toBe('idle');
    await elapse(TIMING.pingIntervalMs * 2);
    expect(srs.requests, trace(srs).join('\n')).toHaveLength(2);
  });
});
