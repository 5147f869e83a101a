import { createFakeSrs } from '@screen-recording/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScreenRecordingSession } from '../src/create-session';
import { ALICE, createHarness, run, stubBrowserPage } from './support/session-harness';

const INTERVAL = 30_000;
const TEN_MINUTES = 600_000;

/** The gaps between consecutive pings, on the clock SRS sees (monotonic). */
function pingGaps(calls: ReadonlyArray<{ operation: string; at: number }>): number[] {
  const pings = calls.filter((call) => call.operation === 'ping').map((call) => call.at);
  return pings.slice(1).map((at, index) => at - (pings[index] ?? at));
}

describe('the wall clock set back or forward (NTP, a time sync, a user)', () => {
  it.each([
    ['back', -TEN_MINUTES],
    ['forward', TEN_MINUTES],
  ])(
    'set %s while a poll is in flight: the next poll still comes one interval after the last',
    async (_, step) => {
      const { clock, srs, session } = createHarness();
      await run(clock, session.login(ALICE));
      srs.script('ping', { status: 200, delayMs: 1_000 });
      await clock.advance(INTERVAL); // the poll is in flight
      clock.stepWallClock(step);
      await clock.advance(1_000); // its answer arrives
      await clock.advance(INTERVAL * 4);

      expect(srs.count('ping')).toBe(5);
      expect(Math.max(...pingGaps(srs.calls))).toBeLessThanOrEqual(INTERVAL);
      expect(session.getSnapshot().status).toBe('active');
      expect(srs.hasSession).toBe(true);
    },
  );

  it.each([
    ['back', -TEN_MINUTES],
    ['forward', TEN_MINUTES],
  ])('set %s while waiting: the poll keeps its time', async (_, step) => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    await clock.advance(10_000);
    clock.stepWallClock(step);
    await clock.advance(20_000);
    expect(srs.count('ping')).toBe(1);
    expect(session.getSnapshot().status).toBe('active');
  });

  it('with the clock of the platform: Date set back 10 minutes mid-poll does not delay the next poll', async () => {
    // Only timers and Date are faked: performance.now() keeps its steady course, as on a real machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const srs = createFakeSrs();
      const session = createScreenRecordingSession({ srsUrl: 'http://127.0.0.1:4100', fetch: srs.fetch });
      const login = session.login(ALICE);
      await vi.advanceTimersByTimeAsync(0);
      await login;
      srs.script('ping', { status: 200, delayMs: 1_000 });
      await vi.advanceTimersByTimeAsync(INTERVAL);
      vi.setSystemTime(Date.now() - TEN_MINUTES);
      await vi.advanceTimersByTimeAsync(1_000 + INTERVAL);
      expect(srs.count('ping')).toBe(2);
      session.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a sleeping laptop', () => {
  it('after 10 minutes asleep, the overdue poll goes out at once and its 401 brings a login right after', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    await clock.advance(10_000);
    const before = srs.calls.length;
    clock.sleep(TEN_MINUTES);
    await clock.advance(0);

    const after = srs.calls.slice(before);
    expect(after.map((call) => call.operation)).toEqual(['ping', 'login']);
    // No waiting for the old timer: both at the moment the machine woke.
    expect(new Set(after.map((call) => call.at)).size).toBe(1);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', isRecordingSessionActive: true });
    // The gap is accounted for, as the page not running.
    expect(session.getCoverage().recentGaps[0]).toMatchObject({ reason: 'page-frozen' });
  });
});

describe('the page runs again', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('a wake-up event polls at once when a poll is overdue, even if the timers did not notice the sleep', async () => {
    // macOS and Linux stop the monotonic clock while asleep: timers fire as if no time passed.
    const page = stubBrowserPage();
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    await clock.advance(10_000);
    clock.sleep(TEN_MINUTES, { monotonicTicks: false });
    srs.dropSession(); // SRS timed the session out meanwhile
    const before = srs.calls.length;

    page.dispatch('online');
    await clock.advance(0);

    expect(srs.calls.slice(before).map((call) => call.operation)).toEqual(['ping', 'login']);
    expect(session.getSnapshot().status).toBe('active');
    session.dispose();
  });

  it('a wake-up event sends nothing when the last poll is recent', async () => {
    const page = stubBrowserPage();
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    await clock.advance(5_000);
    page.document.dispatchEvent(new Event('visibilitychange'));
    await clock.advance(0);
    expect(srs.count('ping')).toBe(0);
    session.dispose();
  });
});
