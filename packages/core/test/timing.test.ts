import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/options';
import { healDelay, nextPollAfter, resumePollingAfter, retryDelay, tabTimings } from '../src/timing';

const at = (mono: number) => ({ at: 1_800_000_000_000 + mono, mono });
const settingsOf = (options: Record<string, unknown> = {}) =>
  resolveOptions({
    srsUrl: 'http://127.0.0.1:4100',
    fetch: () => Promise.reject(new Error('unused')),
    ...options,
  });

describe('the waits of the session chart', () => {
  it('polls again one interval after the previous poll was sent, however long its answer took', () => {
    const settings = settingsOf();
    expect(nextPollAfter(settings, { sent: at(0), answered: at(800) })).toEqual({
      nextRequestInMs: 29_200,
      nextPollAt: at(30_000).at,
    });
    // An answer slower than the interval: the next poll goes at once, never later.
    expect(nextPollAfter(settings, { sent: at(0), answered: at(45_000) }).nextRequestInMs).toBe(0);
  });

  it('backs off exponentially, honours Retry-After within the timeout, and never past what SRS still holds', () => {
    const settings = settingsOf();
    const failed = at(10_000);
    const wait = (failures: number, retryAfterMs: number | null = null, deadline: number | null = null) =>
      retryDelay(settings, {
        failures,
        retryAfterMs,
        failed,
        deadline: deadline === null ? null : at(deadline),
      });
    expect([1, 2, 3, 4].map((failures) => wait(failures))).toEqual([2_000, 4_000, 8_000, 10_000]);
    expect(wait(1, 7_000)).toBe(7_000);
    expect(wait(1, 600_000)).toBe(60_000);
    // SRS drops the session at 30 s: the retry leaves a second before.
    expect(wait(3, null, 30_000)).toBe(8_000);
    expect(wait(4, null, 15_000)).toBe(4_000);
  });

  it('heals after 5 s, doubling up to the interval, up to 20 % earlier by the draw it is given', () => {
    const settings = settingsOf();
    expect([0, 1, 2, 3].map((attempts) => healDelay(settings, attempts, 1))).toEqual([
      5_000, 10_000, 20_000, 30_000,
    ]);
    expect(healDelay(settings, 0, 0)).toBe(4_000);
    expect(healDelay(settingsOf({ selfHealIntervalMs: false }), 0, 0.5)).toBeNull();
  });

  it('resumes polling on the old seat after a refused move: the poll that was due, or at once', () => {
    const settings = settingsOf();
    expect(resumePollingAfter(settings, at(0), at(12_000)).nextRequestInMs).toBe(18_000);
    expect(resumePollingAfter(settings, at(0), at(40_000)).nextRequestInMs).toBe(0);
  });
});

describe('the waits of the tab chart', () => {
  it('are today’s with SRS’s default timing: a heartbeat every 5 s, a follower asks after 15 s and takes over 5 s later', () => {
    expect(tabTimings(settingsOf())).toEqual({
      heartbeatMs: 5_000,
      silenceMs: 15_000,
      confirmMs: 5_000,
      handoverMs: 250,
    });
  });

  it('follow the session’s timing: a leader that stops is replaced before SRS’s timeout, and hears itself often enough', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000, max: 120_000 }),
        fc.integer({ min: 4_000, max: 600_000 }),
        (pingIntervalMs, sessionTimeoutMs) => {
          fc.pre(pingIntervalMs + 2_000 <= sessionTimeoutMs);
          const settings = settingsOf({
            pingIntervalMs,
            sessionTimeoutMs,
            requestTimeoutMs: 1_000,
            retryDelayMs: 1_000,
          });
          const { heartbeatMs, silenceMs, confirmMs, handoverMs } = tabTimings(settings);
          // Several heartbeats fit in the silence a follower waits out, so one lost message is no takeover.
          expect(silenceMs).toBeGreaterThanOrEqual(3 * heartbeatMs);
          // A leader stopped right after its last heartbeat, itself a poll interval after its last poll:
          // the new leader's login leaves before SRS's timeout, with room for the request.
          expect(pingIntervalMs + silenceMs + confirmMs + handoverMs).toBeLessThan(sessionTimeoutMs);
        },
      ),
    );
  });
});
