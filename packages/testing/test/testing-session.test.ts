import { SrsUnavailableError } from '@screen-recording/core';
import { createTestingSession, ManualClock } from '@screen-recording/testing';
import { describe, expect, it } from 'vitest';

const ALICE = { username: 'alice', password: 'alice-password', server: 'https://rws.dc1.example.com' };

describe('createTestingSession()', () => {
  it('logs in, polls on the manual clock, and logs out with the CSRF token the login got', async () => {
    const { session, srs, clock } = createTestingSession();
    const login = session.login(ALICE);
    await clock.advance(0);
    await login;
    expect(session.getSnapshot()).toMatchObject({ status: 'active', isRecordingSessionActive: true });
    expect(srs.calls[0]).toMatchObject({ operation: 'login', method: 'POST', path: '/api/v2/me' });
    expect(srs.calls[0]?.headers.authorization).toMatch(/^Basic /);

    await clock.advance(29_999);
    expect(srs.count('ping')).toBe(0);
    await clock.advance(1);
    expect(srs.count('ping')).toBe(1);

    const logout = session.logout();
    await clock.advance(0);
    await logout;
    const token = srs.calls.find((call) => call.operation === 'logout')?.headers['x-csrf-token'];
    expect(token).toMatch(/^token-\d+$/);
    expect(srs.hasSession).toBe(false);
    expect(clock.pendingTimers).toBe(0);
    session.dispose();
  });

  it('takes the session options (but fetch and clock), and the clock starts where told', async () => {
    const startAt = Date.UTC(2030, 0, 1);
    const { session, srs, clock } = createTestingSession({ pingIntervalMs: 10_000, startAt });
    expect(clock.now()).toBe(startAt);
    void session.login(ALICE);
    await clock.advance(30_000);
    expect(srs.count('ping')).toBe(3);
    expect(session.getSnapshot().lastPollAt).toBe(startAt + 30_000);
    session.dispose();
  });

  it('runs the failures a test scripts: SRS down, then back, and a session SRS dropped', async () => {
    const { session, srs, clock } = createTestingSession();
    srs.goDown();
    const login = session.login(ALICE).catch((error: unknown) => error);
    await clock.advance(60_000);
    expect(await login).toBeInstanceOf(SrsUnavailableError);

    srs.comeBack();
    await clock.advance(30_000); // the session heals by itself
    expect(session.getSnapshot().status).toBe('active');

    srs.dropSession(); // as SRS does after a restart: the next poll gets 401, and the session logs in again
    await clock.advance(30_000);
    expect(srs.count('login')).toBeGreaterThanOrEqual(2);
    expect(session.getSnapshot().status).toBe('active');
    expect(srs.hasSession).toBe(true);
    session.dispose();
  });
});

describe('ManualClock', () => {
  it('fires due timers in order on advance(), and steps the wall clock without firing any', async () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => fired.push('a'), 10);
    const cleared = clock.setTimeout(() => fired.push('never'), 15);
    clock.clearTimeout(cleared);

    clock.stepWallClock(-5_000);
    expect([clock.now(), clock.monotonicNow(), fired]).toEqual([-5_000, 0, []]);
    await clock.advance(20);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.pendingTimers).toBe(0);
  });
});
