import type { FakeCall } from '@screen-recording/test-utils';
import { describe, expect, it } from 'vitest';
import type { GapEvent } from '../src/types';
import { ALICE, createHarness, type Harness, run } from './support/session-harness';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Advances the clock to an absolute monotonic time. */
async function until(harness: Harness, at: number): Promise<void> {
  await harness.clock.advance(at - harness.clock.monotonicNow());
}

/** The calls from a point of the log on. */
const callsFrom = (harness: Harness, index: number): FakeCall[] => harness.srs.calls.slice(index);

/** The first successful login in the calls (a login the fake SRS answered: the next call is not a retry of it). */
function firstAt(calls: FakeCall[], operation: FakeCall['operation']): number {
  const call = calls.find((each) => each.operation === operation);
  if (!call) throw new Error(`no ${operation} in the log`);
  return call.at;
}

describe('the coverage ledger over a 24 h day with faults', () => {
  it('adds up, to the millisecond, to the gaps the faults caused', async () => {
    const harness = createHarness();
    const { clock, srs, session } = harness;
    const gapEvents: GapEvent[] = [];
    session.onGap((event) => gapEvents.push(event));
    const start = clock.monotonicNow();
    await run(clock, session.login(ALICE));
    const expectedGaps: Array<{ reason: string; ms: number }> = [];

    // 2 h: SRS is down for 5 minutes. The gap runs from the first failed poll to the login that worked.
    await until(harness, start + 2 * HOUR);
    let mark = srs.calls.length;
    srs.goDown();
    await until(harness, start + 2 * HOUR + 5 * MINUTE);
    srs.comeBack();
    await until(harness, start + 2 * HOUR + 6 * MINUTE);
    let calls = callsFrom(harness, mark);
    const downFrom = firstAt(calls, 'ping');
    const backAt = calls.filter((call) => call.operation === 'login').at(-1)?.at ?? Number.NaN;
    expectedGaps.push({ reason: 'srs-unreachable', ms: backAt - downFrom });
    expect(session.getSnapshot().status).toBe('active');

    // 6 h: SRS restarts. The next poll gets 401 and the login follows at once.
    await until(harness, start + 6 * HOUR);
    mark = srs.calls.length;
    srs.dropSession();
    await until(harness, start + 6 * HOUR + MINUTE);
    calls = callsFrom(harness, mark);
    expectedGaps.push({ reason: 'session-expired', ms: firstAt(calls, 'login') - firstAt(calls, 'ping') });

    // 10 h: a short 5xx storm that SRS's timeout absorbs: no gap.
    await until(harness, start + 10 * HOUR);
    srs.script('ping', { status: 503 }, { status: 503 }, { status: 503 });
    await until(harness, start + 10 * HOUR + 2 * MINUTE);
    expect(session.getSnapshot().status).toBe('active');

    // 12 h: the primary data center is lost while SRS restarts: logins naming it fail until the
    // session moves to the recovery data center.
    await until(harness, start + 12 * HOUR);
    mark = srs.calls.length;
    srs.dropSession();
    srs.script('login', { status: 503 }, { status: 503 }, { status: 503 });
    await until(harness, start + 12 * HOUR + 2 * MINUTE);
    calls = callsFrom(harness, mark);
    const movedAt = calls.filter((call) => call.operation === 'login').at(-1)?.at ?? Number.NaN;
    expectedGaps.push({ reason: 'session-expired', ms: movedAt - firstAt(calls, 'ping') });
    expect(session.getSnapshot()).toMatchObject({ status: 'active', dataCenter: 'recovery' });

    // 16 h: a long 5xx storm. The gap starts where SRS's timeout after the last good poll ran out.
    await until(harness, start + 16 * HOUR);
    mark = srs.calls.length;
    const lastGoodPoll = srs.calls.filter((call) => call.operation === 'ping').at(-1)?.at ?? Number.NaN;
    srs.script('ping', ...Array(3).fill({ status: 503 }));
    srs.script('login', ...Array(8).fill({ status: 500 }));
    await until(harness, start + 16 * HOUR + 10 * MINUTE);
    calls = callsFrom(harness, mark);
    const recovered = calls.filter((call) => call.operation === 'login').at(-1)?.at ?? Number.NaN;
    expectedGaps.push({ reason: 'srs-error', ms: recovered - (lastGoodPoll + MINUTE) });
    expect(session.getSnapshot().status).toBe('active');

    // 20 h: logout ends the shift.
    await until(harness, start + 20 * HOUR);
    await run(clock, session.logout());
    const report = session.getCoverage();

    expect(report.loggedInMs).toBe(20 * HOUR);
    expect(report.coveredMs + report.gapMs).toBe(report.loggedInMs);
    expect(report.gapMs).toBe(expectedGaps.reduce((sum, gap) => sum + gap.ms, 0));
    expect(report.gapCount).toBe(expectedGaps.length);
    expect(report.recentGaps.map((gap) => [gap.reason, gap.durationMs]).reverse()).toEqual(
      expectedGaps.map((gap) => [gap.reason, gap.ms]),
    );
    expect(report.openGap).toBeNull();
    // Every gap opened and closed exactly once, in order.
    expect(gapEvents.map((event) => `${event.type} ${event.gap.reason}`)).toEqual(
      expectedGaps.flatMap((gap) => [`gap-opened ${gap.reason}`, `gap-closed ${gap.reason}`]),
    );
    expect(report.coveredRatio).toBeGreaterThan(0.99);

    // 21 h: a new login starts a new shift; at 24 h it is three hours long, without a gap.
    await until(harness, start + 21 * HOUR);
    await run(clock, session.login(ALICE));
    await until(harness, start + 24 * HOUR);
    expect(session.getCoverage()).toMatchObject({ loggedInMs: 3 * HOUR, gapMs: 0, gapCount: 0 });
  });

  it('counts the open gap up to now, and bounds what it keeps', async () => {
    const harness = createHarness({ selfHealIntervalMs: 5_000 });
    const { clock, srs, session } = harness;
    await run(clock, session.login(ALICE));
    for (let outage = 0; outage < 30; outage++) {
      srs.goDown();
      await clock.advance(2 * MINUTE);
      srs.comeBack();
      await clock.advance(2 * MINUTE);
    }
    srs.goDown();
    await clock.advance(3 * MINUTE);
    const report = session.getCoverage();
    expect(report.openGap).toMatchObject({ reason: 'srs-unreachable', endedAt: null });
    expect(report.openGap?.durationMs).toBeGreaterThan(2 * MINUTE);
    expect(report.gapCount).toBe(31);
    expect(report.recentGaps).toHaveLength(20);
    expect(session.getSnapshot().coverage.openGap).not.toBeNull();
  });

  it('does not change the view on a successful poll', async () => {
    const { clock, session } = createHarness();
    await run(clock, session.login(ALICE));
    const coverage = session.getSnapshot().coverage;
    await clock.advance(10 * MINUTE);
    expect(session.getSnapshot().coverage).toBe(coverage);
  });
});
