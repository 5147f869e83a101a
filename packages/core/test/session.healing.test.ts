import { describe, expect, it } from 'vitest';
import { SrsUnauthorizedError } from '../src/errors';
import { ALICE, createHarness, run } from './support/session-harness';

const MINUTE = 60_000;

describe('a failed session heals itself', () => {
  it('SRS down for 10 minutes, then back: active again within one retry period, with no call from the app', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.goDown();
    await clock.advance(10 * MINUTE);
    expect(session.getSnapshot().status).toBe('failed');
    const requestsWhileDown = srs.calls.length;

    srs.comeBack();
    const cameBackAt = clock.monotonicNow();
    for (let waited = 0; waited < 30_000 && session.getSnapshot().status !== 'active'; waited += 100) {
      await clock.advance(100);
    }

    expect(session.getSnapshot()).toMatchObject({ status: 'active', isRecordingSessionActive: true });
    expect(clock.monotonicNow() - cameBackAt).toBeLessThanOrEqual(30_000);
    // A slow cadence while down: a poll and its retries, then one login every 30 s at most once settled.
    expect(requestsWhileDown).toBeLessThan(10 * 2 + 10);
    expect(srs.hasSession).toBe(true);
  });

  it('says in the view when the next try is due, and tries then', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.goDown();
    while (session.getSnapshot().status !== 'failed') await clock.advance(1_000);
    const { nextPollAt } = session.getSnapshot();
    expect(nextPollAt).not.toBeNull();
    const loginsBefore = srs.count('login');

    await clock.advance((nextPollAt ?? 0) - clock.now() - 1);
    expect(srs.count('login')).toBe(loginsBefore);
    await clock.advance(1);
    expect(srs.count('login')).toBe(loginsBefore + 1);
  });

  it('keeps trying no faster than every selfHealIntervalMs once the delays have grown', async () => {
    const { clock, srs, session } = createHarness({ selfHealIntervalMs: 20_000 });
    await run(clock, session.login(ALICE));
    srs.goDown();
    await clock.advance(10 * MINUTE);
    const logins = srs.calls.filter((call) => call.operation === 'login').map((call) => call.at);
    const lastGaps = logins
      .slice(-5)
      .map((at, index, all) => at - (all[index - 1] ?? at))
      .slice(1);
    for (const gap of lastGaps) {
      expect(gap).toBeGreaterThanOrEqual(16_000); // 20 s less its 20 % jitter
      expect(gap).toBeLessThanOrEqual(20_000);
    }
    expect(session.getSnapshot().status).toBe('failed');
  });

  it('refused credentials wait for the app: no retries, and retry() says to log in again', async () => {
    const { clock, srs, session } = createHarness();
    srs.script('login', { status: 401 });
    const outcome = await run(clock, session.login(ALICE));
    expect(!outcome.ok && outcome.error).toBeInstanceOf(SrsUnauthorizedError);
    await clock.advance(10 * MINUTE);
    expect(srs.count('login')).toBe(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'failed', nextPollAt: null });
    await expect(session.retry()).rejects.toThrow(/credentials SRS refused.*login\(\)/);
    expect(srs.count('login')).toBe(1);

    // The app logs in again with corrected credentials.
    expect(await run(clock, session.login({ ...ALICE, password: 'corrected' }))).toEqual({ ok: true });
  });

  it('can be turned off: selfHealIntervalMs false leaves a failed session to the app', async () => {
    const { clock, srs, session } = createHarness({ selfHealIntervalMs: false });
    await run(clock, session.login(ALICE));
    srs.goDown();
    await clock.advance(2 * MINUTE);
    const count = srs.calls.length;
    srs.comeBack();
    await clock.advance(10 * MINUTE);
    expect(srs.calls.length).toBe(count);
    expect(session.getSnapshot()).toMatchObject({ status: 'failed', nextPollAt: null });
  });

  it('stops trying when the agent logs out', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.goDown();
    await clock.advance(3 * MINUTE);
    await run(clock, session.logout());
    const count = srs.calls.length;
    await clock.advance(10 * MINUTE);
    expect(srs.calls.length).toBe(count);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('what a storm of SRS errors does', () => {
  it('moves to the recovery data center only when as many logins in a row were answered 5xx, not after failed polls', async () => {
    const { clock, srs, session, statuses } = createHarness({ selfHealIntervalMs: 5_000 });
    await run(clock, session.login(ALICE));
    for (let i = 0; i < 3; i++) srs.script('ping', { status: 503 });
    srs.script('login', { status: 503 });
    while (session.getSnapshot().status !== 'failed') await clock.advance(1_000);
    // The first self-healing login meets a 503 too: SRS itself is in trouble, which the other data center would not fix.
    while (srs.count('login') < 2) await clock.advance(1_000);
    await clock.advance(0);
    expect(session.getSnapshot()).toMatchObject({ status: 'failed', dataCenter: 'primary' });
    expect(statuses()).not.toContain('failover');

    // Logins keep getting 503 while polls would work: the primary data center's RWS is out of reach.
    for (let i = 0; i < 3; i++) srs.script('login', { status: 503 });
    while (!statuses().includes('failover')) await clock.advance(1_000);
    await clock.advance(0);
    expect(
      srs.calls
        .filter((call) => call.operation === 'login')
        .slice(-4)
        .map((call) => call.body),
    ).toEqual([
      expect.arrayContaining([{ name: 'server', value: ALICE.server }]),
      expect.arrayContaining([{ name: 'server', value: ALICE.server }]),
      expect.arrayContaining([{ name: 'server', value: ALICE.server }]),
      expect.arrayContaining([{ name: 'server', value: ALICE.peerServer }]),
    ]);
    session.dispose();
  });

  it('ends a move that never got an answer in failed, not in active on the old seat', async () => {
    const { clock, srs, session } = createHarness({ selfHealIntervalMs: false });
    await run(clock, session.login(ALICE));
    for (let i = 0; i < 3; i++) srs.script('login', 'network');
    const outcome = await run(clock, session.failover());
    expect(outcome.ok).toBe(false);
    expect(session.getSnapshot()).toMatchObject({ status: 'failed', isRecordingSessionActive: false });
    expect(session.getSnapshot().error?.code).toBe('unavailable');
    session.dispose();
  });

  it('ends a move refused long after the last good poll in failed: nothing says SRS still holds the old seat', async () => {
    const { clock, srs, session } = createHarness({ selfHealIntervalMs: false });
    await run(clock, session.login(ALICE));
    for (let i = 0; i < 3; i++) srs.script('ping', { status: 503 });
    while (session.getSnapshot().status !== 'failed') await clock.advance(1_000);
    await clock.advance(2 * MINUTE);
    for (let i = 0; i < 3; i++) srs.script('login', { status: 503 });
    const outcome = await run(clock, session.failover());
    expect(outcome.ok).toBe(false);
    expect(session.getSnapshot()).toMatchObject({ status: 'failed', isRecordingSessionActive: false });
    session.dispose();
  });

  it('leaves no error behind when a failed session that never opened one logs out', async () => {
    const { clock, srs, session } = createHarness({ selfHealIntervalMs: false });
    srs.goDown();
    await run(clock, session.login(ALICE));
    expect(session.getSnapshot()).toMatchObject({ status: 'failed', error: { code: 'unavailable' } });
    expect(await run(clock, session.logout())).toEqual({ ok: true });
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', error: null });
    session.dispose();
  });
});
