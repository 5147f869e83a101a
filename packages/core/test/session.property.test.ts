import { createFakeSrs, type FakeAnswer, ManualClock } from '@screen-recording/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { createScreenRecordingSession } from '../src/session';
import type { SessionStatus } from '../src/view';
import { statusOf } from '../src/view';
import { ALICE, PASSWORD } from './support/session-harness';

/** What the agent (or the app) does, and what goes wrong at SRS, in any order. */
type Step =
  | { kind: 'login'; place: string | null }
  | { kind: 'switchPlace'; place: string }
  | { kind: 'logout' }
  | { kind: 'failover' }
  | { kind: 'failback' }
  | { kind: 'retry' }
  | { kind: 'fault'; operation: 'login' | 'ping'; answer: FakeAnswer }
  | { kind: 'srsDropsSession' }
  | { kind: 'wait'; ms: number };

const place = fc.constantFrom('alicePlace', 'bobPlace', 'carolPlace');
const answer: fc.Arbitrary<FakeAnswer> = fc.oneof(
  fc.constant<FakeAnswer>('network'),
  fc.constant<FakeAnswer>('hang'),
  fc.constantFrom(401, 403, 500, 503).map((status): FakeAnswer => ({ status })),
  fc.integer({ min: 100, max: 4_000 }).map((delayMs): FakeAnswer => ({ status: 200, delayMs })),
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
);

describe('invariants under random commands and SRS faults', () => {
  it('hold for every sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const clock = new ManualClock();
        const srs = createFakeSrs({ clock });
        const inspected: InspectionEvent[] = [];
        const statusAtRequest: Array<{ operation: string; status: SessionStatus }> = [];
        let session: ReturnType<typeof createScreenRecordingSession> | undefined;
        session = createScreenRecordingSession({
          srsUrl: 'http://127.0.0.1:4100',
          clock,
          inspect: (event) => inspected.push(event),
          fetch: (input, init) => {
            if (session) {
              const operation = new URL(input).pathname === '/ping' ? 'ping' : 'other';
              statusAtRequest.push({ operation, status: statusOf(session.actor.getSnapshot()) });
            }
            return srs.fetch(input, init);
          },
        });
        const ignore = () => {};

        for (const current of steps) {
          switch (current.kind) {
            case 'login':
              session.login({ ...ALICE, ...(current.place ? { place: current.place } : {}) }).catch(ignore);
              break;
            case 'switchPlace':
              session.switchPlace({ place: current.place }).catch(ignore);
              break;
            case 'logout':
              session.logout().catch(ignore);
              break;
            case 'failover':
              session.failover().catch(ignore);
              break;
            case 'failback':
              session.failback().catch(ignore);
              break;
            case 'retry':
              session.retry().catch(ignore);
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
          }
          await clock.advance(0);
          // Never two polls in flight.
          expect(srs.maxPingsInFlight).toBeLessThanOrEqual(1);
        }

        // Never polling when not logged in: every ping left from the active state.
        for (const request of statusAtRequest.filter((r) => r.operation === 'ping')) {
          expect(request.status).toBe('active');
        }

        // A logout always reaches SRS once a session was opened.
        const logoutsBefore = srs.count('logout');
        const srsHadSession = srs.hasSession;
        let loggedOut = false;
        session.logout().then(() => {
          loggedOut = true;
        }, ignore);
        for (let i = 0; i < 200 && !loggedOut; i++) await clock.advance(1_000);
        expect(loggedOut).toBe(true);
        expect(session.getSnapshot().status).toBe('idle');
        if (srsHadSession) expect(srs.count('logout')).toBeGreaterThan(logoutsBefore);
        expect(srs.hasSession).toBe(false);

        // No timer left behind.
        session.dispose();
        await clock.advance(0);
        expect(clock.pendingTimers).toBe(0);

        // No secret in any snapshot or inspection event.
        const dump = JSON.stringify(inspected);
        expect(dump).not.toContain(PASSWORD);
        expect(dump).not.toContain('token-');
        expect(dump).not.toContain('Basic ');
      }),
      { numRuns: 150 },
    );
  });
});
