import { describe, expect, it } from 'vitest';
import {
  SessionCancelledError,
  SessionStateError,
  SrsConfigurationError,
  SrsForbiddenError,
  SrsMoveRefusedError,
  SrsRejectedError,
  SrsServerError,
  SrsUnauthorizedError,
  SrsUnavailableError,
} from '../src/errors';
import { DEFAULT_OPTIONS } from '../src/options';
import { ALICE, createHarness, PASSWORD, run } from './support/session-harness';

const HOUR = 3_600_000;

describe('login', () => {
  it('logs in with the configuration array and becomes active', async () => {
    const { clock, srs, session, statuses } = createHarness();
    expect(
      await run(
        clock,
        session.login({ ...ALICE, place: 'alicePlace', devices: [{ dn: 'DN1', switch: 'SwitchA' }] }),
      ),
    ).toEqual({ ok: true });

    expect(statuses()).toEqual(['idle', 'loggingIn', 'active']);
    expect(srs.calls).toHaveLength(1);
    expect(srs.calls[0]?.body).toEqual([
      { name: 'server', value: 'https://rws.dc1.example.com' },
      { name: 'peer_server', value: 'https://rws.dc2.example.com' },
      { name: 'place', value: 'alicePlace' },
      { name: 'devices', value: [{ dn: 'DN1', switch: 'SwitchA' }] },
    ]);
    expect(srs.calls[0]?.headers['x-support-csrfp']).toBe('true');
    const view = session.getSnapshot();
    expect(view).toMatchObject({
      status: 'active',
      isRecordingSessionActive: true,
      place: 'alicePlace',
      server: 'https://rws.dc1.example.com',
      dataCenter: 'primary',
      consecutiveFailures: 0,
      error: null,
    });
    expect(view.nextPollAt).toBe(clock.now() + 30_000);
  });

  it('rejects bad parameters with a typed error and sends nothing', async () => {
    const { srs, session } = createHarness();
    await expect(
      // @ts-expect-error devices without a place do not compile; JavaScript callers get the runtime check.
      session.login({ ...ALICE, devices: [{ dn: 'DN1', switch: 'SwitchA' }] }),
    ).rejects.toBeInstanceOf(SrsConfigurationError);
    await expect(session.login({ ...ALICE, server: 'rws.example.com' })).rejects.toMatchObject({
      field: 'server',
    });
    expect(srs.calls).toHaveLength(0);
    expect(session.getSnapshot().status).toBe('idle');
  });

  it('rejects invalid options when the session is created', () => {
    expect(() => createHarness({ srsUrl: 'http://10.0.0.7:4100' })).toThrow(SrsConfigurationError);
    expect(() => createHarness({ pingIntervalMs: 55_000, requestTimeoutMs: 5_000 })).toThrow(
      /pingIntervalMs/,
    );
  });

  it('goes to failed without retrying when SRS refuses the credentials', async () => {
    const { clock, srs, session } = createHarness();
    srs.script('login', { status: 401 });
    const outcome = await run(clock, session.login(ALICE));
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toBeInstanceOf(SrsUnauthorizedError);
    expect(session.getSnapshot()).toMatchObject({ status: 'failed', isRecordingSessionActive: false });
    expect(session.getSnapshot().error).toBeInstanceOf(SrsUnauthorizedError);
    await clock.advance(10 * 60_000);
    expect(srs.count('login')).toBe(1);
  });

  it('retries a login that SRS did not answer, with backoff, then succeeds', async () => {
    const { clock, srs, session } = createHarness();
    srs.script('login', 'network', 'network');
    const start = clock.now();
    expect(await run(clock, session.login(ALICE))).toEqual({ ok: true });
    expect(srs.calls.map((call) => call.at - start)).toEqual([0, 2_000, 6_000]);
    expect(session.getSnapshot().consecutiveFailures).toBe(0);
  });

  it('gives up after maxConsecutiveFailures with a reason a person can read', async () => {
    const { clock, srs, session } = createHarness({ maxConsecutiveFailures: 2 });
    srs.script('login', 'network', 'network');
    const outcome = await run(clock, session.login(ALICE));
    expect(!outcome.ok && outcome.error).toBeInstanceOf(SrsUnavailableError);
    expect(session.getSnapshot().status).toBe('failed');
    expect(session.getSnapshot().error?.message).toMatch(/SRS/);
    expect(srs.count('login')).toBe(2);
  });

  it('sends one login when login() is called twice with the same parameters', async () => {
    const { clock, srs, session } = createHarness();
    const first = session.login(ALICE);
    const second = session.login({ ...ALICE });
    expect(
      await run(
        clock,
        Promise.all([first, second]).then(() => undefined),
      ),
    ).toEqual({ ok: true });
    expect(srs.count('login')).toBe(1);
  });

  it('refuses a login for other parameters while one is active', async () => {
    const { clock, session } = createHarness();
    await run(clock, session.login(ALICE));
    await expect(session.login({ ...ALICE, username: 'bob' })).rejects.toBeInstanceOf(SessionStateError);
  });
});

describe('polling', () => {
  it('polls exactly once per interval for 8 hours', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    const loggedInAt = clock.now();
    await clock.advance(8 * HOUR);

    const pings = srs.calls.filter((call) => call.operation === 'ping');
    expect(pings).toHaveLength((8 * HOUR) / 30_000);
    expect(pings.every((ping, i) => ping.at === loggedInAt + (i + 1) * 30_000)).toBe(true);
    expect(srs.hasSession).toBe(true);
    expect(session.getSnapshot().lastPollAt).toBe(loggedInAt + 8 * HOUR);
    expect(session.getSnapshot().nextPollAt).toBe(loggedInAt + 8 * HOUR + 30_000);
  });

  it('schedules from the previous poll start, so slow answers do not make it drift', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    const loggedInAt = clock.now();
    for (let i = 0; i < 10; i++) srs.script('ping', { status: 200, delayMs: 3_000 });
    await clock.advance(10 * 30_000 + 5_000);
    const pings = srs.calls.filter((call) => call.operation === 'ping');
    expect(pings.map((ping) => ping.at - loggedInAt)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i + 1) * 30_000),
    );
  });

  it('never has two polls in flight, even when SRS answers late', async () => {
    const { clock, srs, session } = createHarness({ requestTimeoutMs: 10_000, retryDelayMs: 1_000 });
    await run(clock, session.login(ALICE));
    for (let i = 0; i < 20; i++) srs.script('ping', i % 3 === 0 ? 'hang' : { status: 200, delayMs: 9_000 });
    await clock.advance(20 * 30_000);
    expect(srs.count('ping')).toBeGreaterThan(10);
    expect(srs.maxPingsInFlight).toBe(1);
  });

  it('retries a failed poll with a short backoff that beats the SRS timeout', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    const loggedInAt = clock.now();
    srs.script('ping', { status: 503 }, 'network');
    await clock.advance(60_000);
    const pings = srs.calls.filter((call) => call.operation === 'ping').map((call) => call.at - loggedInAt);
    expect(pings.slice(0, 3)).toEqual([30_000, 32_000, 36_000]);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', consecutiveFailures: 0, error: null });
    expect(srs.hasSession).toBe(true);
  });

  it('shows the failure count and reason while it recovers', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.script('ping', { status: 500 });
    await clock.advance(30_000);
    expect(session.getSnapshot().consecutiveFailures).toBe(1);
    expect(session.getSnapshot().error).toBeInstanceOf(SrsServerError);
    expect(session.getSnapshot().status).toBe('active');
  });

  it('goes to failed after maxConsecutiveFailures polls fail, and retry() recovers', async () => {
    const { clock, srs, session } = createHarness({ selfHealIntervalMs: false });
    await run(clock, session.login(ALICE));
    srs.script('ping', 'network', 'network', 'network');
    await clock.advance(30_000 + 2_000 + 4_000);
    expect(session.getSnapshot()).toMatchObject({
      status: 'failed',
      consecutiveFailures: 3,
      nextPollAt: null,
    });
    expect(session.getSnapshot().error).toBeInstanceOf(SrsUnavailableError);
    const pingsWhenFailed = srs.count('ping');
    await clock.advance(5 * 60_000);
    expect(srs.count('ping')).toBe(pingsWhenFailed);

    expect(await run(clock, session.retry())).toEqual({ ok: true });
    expect(session.getSnapshot()).toMatchObject({ status: 'active', consecutiveFailures: 0, error: null });
  });

  it('logs in again by itself when SRS answers 401 (session dropped), with the same seat', async () => {
    const { clock, srs, session, statuses } = createHarness();
    await run(clock, session.login({ ...ALICE, place: 'alicePlace' }));
    srs.dropSession();
    await clock.advance(30_000);
    expect(statuses()).toEqual(['idle', 'loggingIn', 'active', 'loggingIn', 'active']);
    const logins = srs.calls.filter((call) => call.operation === 'login');
    expect(logins).toHaveLength(2);
    expect(logins[1]?.body).toEqual(logins[0]?.body);
    expect(srs.hasSession).toBe(true);
    await clock.advance(30_000);
    expect(srs.calls.at(-1)?.operation).toBe('ping');
  });
});

describe('switching place', () => {
  it('logs in again with the new place and devices', async () => {
    const { clock, srs, session, statuses } = createHarness();
    await run(clock, session.login(ALICE));
    expect(
      await run(
        clock,
        session.switchPlace({ place: 'bobPlace', devices: [{ dn: 'DN3', switch: 'SwitchA' }] }),
      ),
    ).toEqual({
      ok: true,
    });
    expect(statuses()).toEqual(['idle', 'loggingIn', 'active', 'switchingPlace', 'active']);
    expect(srs.calls.at(-1)?.body).toEqual([
      { name: 'server', value: 'https://rws.dc1.example.com' },
      { name: 'peer_server', value: 'https://rws.dc2.example.com' },
      { name: 'place', value: 'bobPlace' },
      { name: 'devices', value: [{ dn: 'DN3', switch: 'SwitchA' }] },
    ]);
    expect(session.getSnapshot()).toMatchObject({
      place: 'bobPlace',
      devices: [{ dn: 'DN3', switch: 'SwitchA' }],
    });
  });

  it('ends with the last place when switches overlap', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.script('login', { status: 200, delayMs: 1_000 });
    const first = session.switchPlace({ place: 'placeOne' });
    const second = session.switchPlace({ place: 'placeTwo' });
    const third = session.switchPlace({ place: 'placeThree' });
    expect(
      await run(
        clock,
        Promise.all([first, second, third]).then(() => undefined),
      ),
    ).toEqual({ ok: true });
    const logins = srs.calls.filter((call) => call.operation === 'login');
    expect(
      logins.map(
        (call) =>
          (call.body as Array<{ name: string; value: unknown }>).find((e) => e.name === 'place')?.value,
      ),
    ).toEqual([undefined, 'placeOne', 'placeThree']);
    expect(session.getSnapshot().place).toBe('placeThree');
  });

  it('stays on the old place, still polled, when SRS refuses the new one', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login({ ...ALICE, place: 'alicePlace' }));
    const loggedInAt = clock.now();
    srs.script('login', { status: 400 });
    const outcome = await run(clock, session.switchPlace({ place: 'unknownPlace' }));
    expect(!outcome.ok && outcome.error).toBeInstanceOf(SrsMoveRefusedError);
    expect(!outcome.ok && (outcome.error as SrsMoveRefusedError).reason).toBeInstanceOf(SrsRejectedError);
    expect(!outcome.ok && (outcome.error as Error).message).toMatch(
      /refused the move to place "unknownPlace".*still recorded on place "alicePlace"/,
    );
    // A refused move is not a failure of the session: nothing counts up while it stays active.
    expect(session.getSnapshot().consecutiveFailures).toBe(0);
    expect(session.getSnapshot()).toMatchObject({
      status: 'active',
      place: 'alicePlace',
      isRecordingSessionActive: true,
    });
    await clock.advance(loggedInAt + 30_000 - clock.now());
    expect(srs.calls.at(-1)).toMatchObject({ operation: 'ping', at: loggedInAt + 30_000 });
    expect(session.getSnapshot().error).toBeNull();
  });

  it('switches at once, without waiting out the backoff, when a retry is pending', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.script('login', 'network');
    void session.switchPlace({ place: 'placeOne' }).catch(() => {});
    await clock.advance(0);
    expect(session.getSnapshot().consecutiveFailures).toBe(1);
    const before = clock.now();
    expect(await run(clock, session.switchPlace({ place: 'placeTwo' }))).toEqual({ ok: true });
    const logins = srs.calls.filter((call) => call.operation === 'login');
    expect(logins.at(-1)?.at).toBe(before);
    expect(session.getSnapshot().place).toBe('placeTwo');
  });

  it('is refused before login', async () => {
    const { srs, session } = createHarness();
    await expect(session.switchPlace({ place: 'alicePlace' })).rejects.toBeInstanceOf(SessionStateError);
    expect(srs.calls).toHaveLength(0);
  });
});

describe('logout', () => {
  it('ends the SRS session with the CSRF token and leaves no timer running', async () => {
    const { clock, srs, session, statuses } = createHarness();
    await run(clock, session.login(ALICE));
    await clock.advance(65_000);
    expect(await run(clock, session.logout())).toEqual({ ok: true });
    const logout = srs.calls.at(-1);
    expect(logout?.operation).toBe('logout');
    expect(logout?.body).toEqual({ operationName: 'EndContactCenterSession' });
    expect(logout?.headers['x-csrf-token']).toBe('token-1');
    expect(srs.hasSession).toBe(false);
    expect(statuses().slice(-2)).toEqual(['loggingOut', 'idle']);
    expect(clock.pendingTimers).toBe(0);
    const calls = srs.calls.length;
    await clock.advance(HOUR);
    expect(srs.calls).toHaveLength(calls);
  });

  it('sends no CSRF header when csrf is off', async () => {
    const { clock, srs, session } = createHarness({ csrf: false });
    await run(clock, session.login(ALICE));
    await run(clock, session.logout());
    expect(srs.calls[0]?.headers['x-support-csrfp']).toBeUndefined();
    expect(srs.calls.at(-1)?.headers['x-csrf-token']).toBeUndefined();
    expect(srs.hasSession).toBe(false);
  });

  it('during a login, waits for that login and then ends the session it opened', async () => {
    const { clock, srs, session } = createHarness();
    srs.script('login', { status: 200, delayMs: 2_000 });
    const login = session.login(ALICE);
    const logout = session.logout();
    const loginOutcome = run(clock, login);
    expect(await run(clock, logout)).toEqual({ ok: true });
    expect((await loginOutcome).ok).toBe(false);
    expect(srs.calls.map((call) => call.operation)).toEqual(['login', 'logout']);
    expect(srs.hasSession).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('cancels the pending login command with a typed error', async () => {
    const { clock, srs, session } = createHarness();
    srs.script('login', { status: 200, delayMs: 2_000 });
    const login = session.login(ALICE);
    void session.logout();
    const outcome = await run(clock, login);
    expect(!outcome.ok && outcome.error).toBeInstanceOf(SessionCancelledError);
  });

  it('never hangs when SRS does not answer', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.script('logout', 'hang');
    const started = clock.now();
    expect(await run(clock, session.logout())).toEqual({ ok: true });
    expect(clock.now() - started).toBeLessThanOrEqual(DEFAULT_OPTIONS.requestTimeoutMs + 100);
    expect(session.getSnapshot().status).toBe('idle');
    expect(clock.pendingTimers).toBe(0);
  });

  it('from failed, still ends the session SRS may hold', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.script('ping', { status: 500 }, { status: 500 }, { status: 500 });
    await clock.advance(40_000);
    expect(session.getSnapshot().status).toBe('failed');
    await run(clock, session.logout());
    expect(srs.calls.at(-1)?.operation).toBe('logout');
    expect(srs.hasSession).toBe(false);
  });

  it('a second logout() while logging out waits for the same logout', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.script('logout', { status: 200, delayMs: 1_000 });
    const first = session.logout();
    const second = session.logout();
    expect(
      await run(
        clock,
        Promise.all([first, second]).then(() => undefined),
      ),
    ).toEqual({ ok: true });
    expect(srs.count('logout')).toBe(1);
  });

  it('resolves at once when already logged out', async () => {
    const { srs, session } = createHarness();
    await session.logout();
    expect(srs.calls).toHaveLength(0);
  });
});

describe('disaster recovery', () => {
  it('fails over to the recovery RWS when logins naming the primary keep failing with 5xx', async () => {
    const { clock, srs, session, statuses } = createHarness();
    srs.script('login', { status: 503 }, { status: 503 }, { status: 503 });
    expect(await run(clock, session.login(ALICE))).toEqual({ ok: true });
    expect(statuses()).toEqual(['idle', 'loggingIn', 'failover', 'active']);
    expect(srs.calls.at(-1)?.body).toEqual([
      { name: 'server', value: 'https://rws.dc2.example.com' },
      { name: 'peer_server', value: 'https://rws.dc1.example.com' },
    ]);
    expect(session.getSnapshot()).toMatchObject({
      dataCenter: 'recovery',
      server: 'https://rws.dc2.example.com',
    });
  });

  it('does not fail over when SRS itself is unreachable', async () => {
    const { clock, srs, session } = createHarness();
    srs.script('login', 'network', 'network', 'network');
    await run(clock, session.login(ALICE));
    expect(session.getSnapshot().status).toBe('failed');
    expect(
      srs.calls.every((call) => (call.body as Array<{ value: string }>)[0]?.value === ALICE.server),
    ).toBe(true);
  });

  it('fails over on demand from active and back with failback()', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login({ ...ALICE, place: 'alicePlace' }));
    expect(await run(clock, session.failover())).toEqual({ ok: true });
    expect(session.getSnapshot()).toMatchObject({
      status: 'active',
      dataCenter: 'recovery',
      place: 'alicePlace',
    });
    expect(await run(clock, session.failback())).toEqual({ ok: true });
    expect(session.getSnapshot()).toMatchObject({ status: 'active', dataCenter: 'primary' });
    expect(srs.calls.at(-1)?.body).toEqual([
      { name: 'server', value: 'https://rws.dc1.example.com' },
      { name: 'peer_server', value: 'https://rws.dc2.example.com' },
      { name: 'place', value: 'alicePlace' },
    ]);
  });

  it('rejects failback() and stays on recovery while the primary is still lost', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    await run(clock, session.failover());
    srs.script('login', { status: 503 }, { status: 503 }, { status: 503 });
    const outcome = await run(clock, session.failback());
    expect(!outcome.ok && outcome.error).toBeInstanceOf(SrsMoveRefusedError);
    expect(!outcome.ok && (outcome.error as SrsMoveRefusedError).reason).toBeInstanceOf(SrsServerError);
    expect(!outcome.ok && (outcome.error as Error).message).toMatch(
      /Could not move to the primary data center.*503.*still recorded through the recovery data center/,
    );
    expect(session.getSnapshot()).toMatchObject({ status: 'active', dataCenter: 'recovery' });
    await clock.advance(30_000);
    expect(srs.calls.at(-1)?.operation).toBe('ping');
    expect(srs.hasSession).toBe(true);
  });

  it('a repeated login() while recovering from a failed poll resolves without sending', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.script('ping', 'network');
    await clock.advance(30_000);
    expect(session.getSnapshot().consecutiveFailures).toBe(1);
    expect(await run(clock, session.login({ ...ALICE }))).toEqual({ ok: true });
    expect(srs.count('login')).toBe(1);
  });

  it('fails over from loggingIn once the login in flight settles', async () => {
    const { clock, srs, session } = createHarness();
    srs.script('login', 'hang');
    const login = session.login(ALICE);
    const failover = session.failover();
    expect(
      await run(
        clock,
        Promise.all([login, failover]).then(() => undefined),
      ),
    ).toEqual({ ok: true });
    expect(session.getSnapshot().dataCenter).toBe('recovery');
  });

  it('fails over from failed', async () => {
    const { clock, srs, session } = createHarness();
    srs.script('login', 'network', 'network', 'network');
    await run(clock, session.login(ALICE));
    expect(session.getSnapshot().status).toBe('failed');
    expect(await run(clock, session.failover())).toEqual({ ok: true });
    expect(session.getSnapshot().dataCenter).toBe('recovery');
  });

  it('refuses failover() without a recovery server', async () => {
    const { clock, session } = createHarness();
    await run(clock, session.login({ ...ALICE, peerServer: undefined }));
    await expect(session.failover()).rejects.toBeInstanceOf(SessionStateError);
  });
});

describe('secrets', () => {
  it('never puts the password or the CSRF token in a snapshot or a view', async () => {
    const { clock, srs, session, views } = createHarness();
    const dumps: string[] = [];
    session.actor.subscribe((snapshot) => dumps.push(JSON.stringify(snapshot)));
    await run(clock, session.login(ALICE));
    await clock.advance(95_000);
    srs.dropSession();
    await clock.advance(30_000);
    await run(clock, session.logout());
    dumps.push(...views.map((view) => JSON.stringify(view)));
    const everything = dumps.join('\n');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain('token-');
    expect(everything).not.toContain(btoa(`alice:${PASSWORD}`));
  });

  it('a 403 error message carries no token', async () => {
    const { clock, srs, session } = createHarness();
    srs.script('login', { status: 403 });
    const outcome = await run(clock, session.login(ALICE));
    expect(!outcome.ok && outcome.error).toBeInstanceOf(SrsForbiddenError);
    expect(String(!outcome.ok && (outcome.error as Error).message)).not.toContain(PASSWORD);
  });
});

describe('dispose', () => {
  it('stops every timer and rejects pending commands', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.script('ping', 'hang');
    await clock.advance(30_000);
    const switching = session.switchPlace({ place: 'elsewhere' });
    session.dispose();
    await expect(switching).rejects.toBeInstanceOf(SessionCancelledError);
    await clock.advance(0);
    expect(clock.pendingTimers).toBe(0);
    await expect(session.login(ALICE)).rejects.toBeInstanceOf(SessionStateError);
  });

  it('keeps running when a listener throws', async () => {
    const { clock, session } = createHarness();
    const seen: string[] = [];
    session.subscribe(() => {
      throw new Error('broken listener');
    });
    session.subscribe((view) => seen.push(view.status));
    expect(await run(clock, session.login(ALICE))).toEqual({ ok: true });
    expect(seen).toContain('active');
  });

  it('returns the same view object until something changes', async () => {
    const { clock, session } = createHarness();
    const first = session.getSnapshot();
    expect(session.getSnapshot()).toBe(first);
    await run(clock, session.login(ALICE));
    const active = session.getSnapshot();
    expect(active).not.toBe(first);
    expect(session.getSnapshot()).toBe(active);
  });
});
