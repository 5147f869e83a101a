import { SrsUnavailableError } from '@screen-recording/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALICE,
  cleanup,
  elapse,
  goodPings,
  logins,
  PRIMARY,
  pings,
  rejectionOf,
  start,
  TIMING,
  trace,
  waitFor,
} from './support';

// SRS itself in trouble: down (no answer) or slow (answers after the request timeout).

afterEach(cleanup);

describe('SRS down', () => {
  it('counts failed polls, and recovers without a re-login when SRS comes back in time', async () => {
    const { srs, session, views } = await start({ session: { maxConsecutiveFailures: 6 } });
    await session.login({ ...ALICE, server: PRIMARY });
    await waitFor(() => goodPings(srs).length >= 1, 'a poll answered 200');

    srs.injectFault({ kind: 'down' });
    await waitFor(() => session.getSnapshot().consecutiveFailures >= 2, 'two failed polls in a row');
    expect(session.getSnapshot()).toMatchObject({
      status: 'active',
      error: expect.any(SrsUnavailableError),
    });
    expect(session.getSnapshot().error).toMatchObject({ reason: 'network' });
    srs.clearFault();

    const answered = goodPings(srs).length;
    await waitFor(() => goodPings(srs).length > answered, 'a poll answered 200 after SRS came back');
    await waitFor(() => session.getSnapshot().consecutiveFailures === 0, 'the failure count to reset');
    expect(session.getSnapshot()).toMatchObject({ status: 'active', error: null });
    expect(logins(srs), trace(srs).join('\n')).toHaveLength(1);
    expect(pings(srs).filter((r) => r.fault === 'down').length).toBeGreaterThanOrEqual(2);
    // The count rose one failure at a time and never reached the limit.
    const counts = [...new Set(views.map((view) => view.consecutiveFailures))];
    expect(counts.slice(0, 3)).toEqual([0, 1, 2]);
    expect(Math.max(...counts)).toBeLessThan(6);
    expect(views.some((view) => view.status === 'failed')).toBe(false);
  });

  it('left down, without self-healing: fails with SrsUnavailableError, and retry() recovers once SRS is back', async () => {
    const { srs, session } = await start({
      session: { maxConsecutiveFailures: 3, selfHealIntervalMs: false },
    });
    await session.login({ ...ALICE, server: PRIMARY });
    await waitFor(() => goodPings(srs).length >= 1, 'a poll answered 200');

    srs.injectFault({ kind: 'down' }, { paths: ['/ping'] });
    await waitFor(() => session.getSnapshot().status === 'failed', 'the session to fail');

    const failed = session.getSnapshot();
    expect(failed.error).toBeInstanceOf(SrsUnavailableError);
    expect(failed.error).toMatchObject({ reason: 'network' });
    expect(failed).toMatchObject({
      isRecordingSessionActive: false,
      consecutiveFailures: 3,
      nextPollAt: null,
    });
    expect(pings(srs).filter((r) => r.fault === 'down')).toHaveLength(3);
    // Failed means quiet: no more polls while failed.
    const count = srs.requests.length;
    await elapse(TIMING.pingIntervalMs * 2);
    expect(srs.requests.length, trace(srs).join('\n')).toBe(count);

    srs.clearFault();
    await session.retry();

    expect(logins(srs)).toHaveLength(2);
    expect(logins(srs)[1]).toMatchObject({ status: 200, body: [{ name: 'server', value: PRIMARY }] });
    expect(session.getSnapshot()).toMatchObject({ status: 'active', consecutiveFailures: 0, error: null });
    const answered = goodPings(srs).length;
    await waitFor(() => goodPings(srs).length > answered, 'a poll answered 200 after retry()');
  });

  it('at login: gives up after maxConsecutiveFailures network errors (no failover without a 5xx)', async () => {
    const { srs, session } = await start({ session: { maxConsecutiveFailures: 3 } });
    srs.injectFault({ kind: 'down' });

    const error = await rejectionOf(
      session.login({ ...ALICE, server: PRIMARY, peerServer: 'https://rws.dc2.example.com' }),
    );

    expect(error).toBeInstanceOf(SrsUnavailableError);
    expect(error).toMatchObject({ reason: 'network' });
    expect(logins(srs).map((r) => [r.status, r.fault])).toEqual([
      [null, 'down'],
      [null, 'down'],
      [null, 'down'],
    ]);
    expect(session.getSnapshot()).toMatchObject({ status: 'failed', dataCenter: 'primary' });
  });
  it('logout with SRS down does not hang, ends in idle and stops polling', async () => {
    const { srs, session } = await start();
    await session.login({ ...ALICE, server: PRIMARY });
    srs.injectFault({ kind: 'down' });

    const started = Date.now();
    await session.logout();

    expect(Date.now() - started).toBeLessThan(TIMING.requestTimeoutMs + 200);
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', isRecordingSessionActive: false });
    expect(srs.requests.at(-1)).toMatchObject({ body: { operationName: 'EndContactCenterSession' } });
    const count = srs.requests.length;
    await elapse(TIMING.pingIntervalMs * 2);
    expect(srs.requests.length, trace(srs).join('\n')).toBe(count);
  });
});

describe('slow SRS', () => {
  it('polls answered after the request timeout count as failures (reason timeout)', async () => {
    const { srs, session, views } = await start({ session: { maxConsecutiveFailures: 3 } });
    await session.login({ ...ALICE, server: PRIMARY });
    await waitFor(() => goodPings(srs).length >= 1, 'a poll answered 200');

    srs.injectFault({ kind: 'slow', delayMs: TIMING.requestTimeoutMs * 3 }, { paths: ['/ping'] });
    await waitFor(() => session.getSnapshot().status === 'failed', 'the session to fail', 5_000);

    expect(session.getSnapshot().error).toBeInstanceOf(SrsUnavailableError);
    expect(session.getSnapshot().error).toMatchObject({ reason: 'timeout' });
    const timeouts = views.filter(
      (view) => view.error instanceof SrsUnavailableError && view.error.reason === 'timeout',
    );
    expect([...new Set(timeouts.map((view) => view.consecutiveFailures))]).toEqual([1, 2, 3]);
    // SRS never got to answer: the session gave up on each slow poll first.
    expect(pings(srs).filter((r) => r.fault === 'slow')).toHaveLength(3);
  });

  it('a slow login times out each try and the login fails with reason timeout', async () => {
    const { srs, session } = await start({ session: { maxConsecutiveFailures: 2 } });
    srs.injectFault({ kind: 'slow', delayMs: TIMING.requestTimeoutMs * 3 }, { paths: ['/api/v2/me'] });

    const error = await rejectionOf(session.login({ ...ALICE, server: PRIMARY }));

    expect(error).toBeInstanceOf(SrsUnavailableError);
    expect(error).toMatchObject({ reason: 'timeout' });
    expect(logins(srs)).toHaveLength(2);
    expect(session.getSnapshot()).toMatchObject({ status: 'failed', consecutiveFailures: 2 });
  });
});

describe('a slow SRS does not make the desktop give up', () => {
  it('with the default ratios (scaled down 10×), SRS answering in 0.8 s keeps the session and SRS recording', async () => {
    // The defaults, a tenth: poll 3 s, SRS timeout 6 s; the request timeout and retry delay are derived
    // as they are from the real defaults. SRS answers every poll after 0.8 s (8 s real).
    const { srs, session, views } = await start({
      session: {
        pingIntervalMs: 3_000,
        sessionTimeoutMs: 6_000,
        requestTimeoutMs: undefined,
        retryDelayMs: undefined,
      },
    });
    await session.login({ ...ALICE, server: PRIMARY });
    srs.injectFault({ kind: 'slow', delayMs: 800 }, { paths: ['/ping'] });
    await waitFor(
      () => pings(srs).filter((r) => r.fault === 'slow' && r.status === 200).length >= 3,
      'three slow polls answered',
      15_000,
    );

    expect(session.getSnapshot()).toMatchObject({ status: 'active', isRecordingSessionActive: true });
    expect(views.some((view) => view.consecutiveFailures > 0)).toBe(false);
    expect(srs.sessions()).toHaveLength(1);
    expect(pings(srs).some((r) => r.status === 401)).toBe(false);
  }, 20_000);
});

describe('self-healing against the simulator', () => {
  it('SRS down past the retries, then back: active again with no call from the app', async () => {
    const { srs, session } = await start({ session: { selfHealIntervalMs: 1_000 } });
    await session.login({ ...ALICE, server: PRIMARY });
    await waitFor(() => goodPings(srs).length >= 1, 'a poll answered 200');
    srs.injectFault({ kind: 'down' });
    await waitFor(() => session.getSnapshot().status === 'failed', 'the session to fail');
    expect(session.getSnapshot().nextPollAt).not.toBeNull();
    await elapse(1_500);
    srs.clearFault();
    await waitFor(() => session.getSnapshot().status === 'active', 'the session to heal', 5_000);
    expect(srs.sessions()).toEqual([expect.objectContaining({ username: 'alice' })]);
    expect(session.getCoverage()).toMatchObject({ gapCount: 1, openGap: null });
  });
});
