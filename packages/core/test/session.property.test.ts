import { createFakeSrs, type FakeAnswer, ManualClock } from '@screen-recording/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { createScreenRecordingSession } from '../src/create-session';
import type { Logger, SessionStatus, SessionView } from '../src/types';
import { statusOf } from '../src/view';
import { ALICE, PASSWORD } from './support/session-harness';

/**
 * Random sequences of what the agent (or the app) does, what goes wrong at SRS, what is done to the
 * machine's wall clock, and a logger that throws when it likes; after each, the session's invariants
 * must hold. `pnpm test` runs a CI-friendly count; `pnpm test:property` runs 10,000 sequences
 * (PROPERTY_RUNS sets the count).
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const INTERVAL = 30_000;

type Step =
  | { kind: 'login'; place: string | null }
  | { kind: 'switchPlace'; place: string }
  | { kind: 'logout' }
  | { kind: 'failover' }
  | { kind: 'failback' }
  | { kind: 'retry' }
  | { kind: 'fault'; operation: 'login' | 'ping'; answer: FakeAnswer }
  | { kind: 'srsDropsSession' }
  | { kind: 'wait'; ms: number }
  | { kind: 'stepWallClock'; ms: number }
  | { kind: 'loggerThrows'; throws: boolean };

const place = fc.constantFrom('alicePlace', 'bobPlace', 'carolPlace');
const answer: fc.Arbitrary<FakeAnswer> = fc.oneof(
  fc.constant<FakeAnswer>('network'),
  fc.constant<FakeAnswer>('hang'),
  fc.constantFrom(401, 403, 429, 500, 503).map((status): FakeAnswer => ({ status })),
  fc.integer({ min: 100, max: 4_000 }).map((delayMs): FakeAnswer => ({ status: 200, delayMs })),
  // Answered after the request timeout (20 s by default), though SRS acted on it when it arrived.
  fc.integer({ min: 20_001, max: 25_000 }).map((delayMs): FakeAnswer => ({ status: 200, delayMs })),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('login' as const), place: fc.option(place, { nil: null }) }),
  fc.record({ kind: fc.constant('switchPlace' as const), place }),
  fc.constant({ kind: 'logout' as const }),
  fc.constant({ kind: 'failover' as const }),
  fc.constant({ kind: 'failback' as const }),
  fc.constant({ kind: 'retry' as const }),
  fc.record({
    kind: fc.constant('fault' as const),
    operation: fc.constantFrom('login' as const, 'ping' as const),
    answer,
  }),
  fc.constant({ kind: 'srsDropsSession' as const }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 70_000 }) }),
  // An NTP correction, a time sync or a user fixing the clock, either way, by up to ten minutes.
  fc.record({ kind: fc.constant('stepWallClock' as const), ms: fc.integer({ min: -600_000, max: 600_000 }) }),
  fc.record({ kind: fc.constant('loggerThrows' as const), throws: fc.boolean() }),
);

describe('invariants under random commands, SRS faults, clock steps and a throwing logger', () => {
  it(`hold for every sequence (${RUNS} sequences)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const clock = new ManualClock();
        const srs = createFakeSrs({ clock });
        const inspected: InspectionEvent[] = [];
        const logged: string[] = [];
        const views: SessionView[] = [];
        const statusAtRequest: Array<{ operation: string; status: SessionStatus }> = [];
        let loggerThrows = false;
        const log = (message: string, details?: Record<string, unknown>) => {
          logged.push(JSON.stringify({ message, details }));
          if (loggerThrows) throw new Error('a broken logger');
        };
        const logger: Logger = { debug: log, info: log, warn: log, error: log };
        let session: ReturnType<typeof createScreenRecordingSession> | undefined;
        session = createScreenRecordingSession({
          srsUrl: 'http://127.0.0.1:4100',
          clock,
          logger,
          inspect: (event) => inspected.push(event),
          fetch: (input, init) => {
            if (session) {
              const operation = new URL(input).pathname === '/ping' ? 'ping' : 'other';
              statusAtRequest.push({ operation, status: statusOf(session.actor.getSnapshot()) });
            }
            return srs.fetch(input, init);
          },
        });
        session.subscribe((view) => views.push(view));
        // Every command's promise, to check that each one settles.
        const commands: Array<{ settled: boolean }> = [];
        const track = (promise: Promise<void>) => {
          const entry = { settled: false };
          commands.push(entry);
          promise.then(
            () => {
              entry.settled = true;
            },
            () => {
              entry.settled = true;
            },
          );
        };

        // A logout SRS refused (its token, then the fresh one) says so: SRS's timeout ends that session.
        let logoutRefused = false;
        const trackLogout = (logout: Promise<void>) => {
          track(logout);
          logout.catch((error: { code?: string }) => {
            if (['forbidden', 'rejected', 'server-error', 'busy'].includes(error.code ?? ''))
              logoutRefused = true;
          });
        };

        for (const current of steps) {
          switch (current.kind) {
            case 'login':
              track(session.login({ ...ALICE, ...(current.place ? { place: current.place } : {}) }));
              break;
            case 'switchPlace':
              track(session.switchPlace({ place: current.place }));
              break;
            case 'logout':
              trackLogout(session.logout());
              break;
            case 'failover':
              track(session.failover());
              break;
            case 'failback':
              track(session.failback());
              break;
            case 'retry':
              track(session.retry());
              break;
            case 'fault':
              srs.script(current.operation, current.answer);
              break;
            case 'srsDropsSession':
              srs.dropSession();
              break;
            case 'wait':
              await clock.advance(current.ms);
              break;
            case 'stepWallClock':
              clock.stepWallClock(current.ms);
              break;
            case 'loggerThrows':
              loggerThrows = current.throws;
              break;
          }
          await clock.advance(0);
          // Never two requests in flight.
          expect(srs.maxInFlight).toBeLessThanOrEqual(1);
        }

        // Never polling when not logged in: every ping left from the active state.
        for (const request of statusAtRequest.filter((r) => r.operation === 'ping')) {
          expect(request.status).toBe('active');
        }

        // A logout always reaches SRS once a session was opened (this one, or one still on its way),
        // and every command settles.
        const srsHadSession = srs.hasSession;
        trackLogout(session.logout());
        for (let i = 0; i < 200 && commands.some((command) => !command.settled); i++)
          await clock.advance(1_000);
        expect(commands.every((command) => command.settled)).toBe(true);
        expect(session.getSnapshot().status).toBe('idle');
        if (srsHadSession) expect(srs.count('logout')).toBeGreaterThan(0);
        // A logout that resolved left nothing recording; one SRS refused said so.
        if (!logoutRefused) expect(srs.hasSession).toBe(false);

        // No poll later than the interval: after a poll, the next request comes within it, on the clock
        // SRS counts with, whatever was done to the wall clock.
        const requests = srs.calls;
        requests.forEach((request, index) => {
          const next = requests[index + 1];
          if (request.operation === 'ping' && next)
            expect(next.at - request.at).toBeLessThanOrEqual(INTERVAL);
        });

        // The coverage ledger adds up: gaps within the shift, each closed one counted once.
        const coverage = session.getCoverage();
        expect(coverage.coveredMs + coverage.gapMs).toBe(coverage.loggedInMs);
        expect(coverage.gapMs).toBeGreaterThanOrEqual(0);
        expect(coverage.openGap).toBeNull();
        if (coverage.gapCount <= coverage.recentGaps.length) {
          const closed = coverage.recentGaps.reduce((sum, gap) => sum + (gap.durationMs ?? 0), 0);
          expect(closed).toBe(coverage.gapMs);
        }

        // No timer left behind.
        session.dispose();
        await clock.advance(0);
        expect(clock.pendingTimers).toBe(0);

        // No secret in any snapshot, inspection event, view, error or log line.
        const dump = JSON.stringify([inspected, views, logged]);
        expect(dump).not.toContain(PASSWORD);
        expect(dump).not.toMatch(/token-\d/);
        expect(dump).not.toContain('Basic ');
      }),
      {
        numRuns: RUNS,
        // Sequences that once failed, run first every time: a poll still on the wire at logout.
        examples: [
          [
            [
              { kind: 'fault', operation: 'ping', answer: { status: 200, delayMs: 1001 } },
              { kind: 'login', place: null },
              { kind: 'wait', ms: 30_000 },
            ],
          ],
        ],
      },
    );
  }, 600_000);
});
