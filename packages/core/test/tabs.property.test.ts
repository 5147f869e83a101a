import type { FakeAnswer } from '@screen-recording/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoginParams } from '../src/types';
import { createBrowser } from './support/browser-tabs';
import { ALICE, PASSWORD } from './support/session-harness';

/**
 * Random sequences of what happens to a desktop open in several tabs: tabs open, close, freeze and
 * resume, two agents log in and out from any tab at any moment (racing each other), places change and
 * SRS fails; after each sequence the tab sharing's invariants must hold. `pnpm test` runs a CI-friendly
 * count; `pnpm test:property` runs 10,000 sequences (PROPERTY_RUNS sets the count).
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const BOB: LoginParams = { ...ALICE, username: 'bob', password: 'bobs-own-secret' };
const TAB_SLOTS = 3;

type Step =
  | { kind: 'open'; slot: number }
  | { kind: 'close'; slot: number }
  | { kind: 'freeze'; slot: number }
  | { kind: 'resume'; slot: number }
  | { kind: 'login'; slot: number; agent: 'alice' | 'bob' }
  | { kind: 'logout'; slot: number }
  | { kind: 'switchPlace'; slot: number; place: string }
  | { kind: 'fault'; operation: 'login' | 'ping'; answer: FakeAnswer }
  | { kind: 'wait'; ms: number };

const slot = fc.integer({ min: 0, max: TAB_SLOTS - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('open' as const), slot }), weight: 3 },
  fc.record({ kind: fc.constant('close' as const), slot }),
  fc.record({ kind: fc.constant('freeze' as const), slot }),
  fc.record({ kind: fc.constant('resume' as const), slot }),
  {
    arbitrary: fc.record({
      kind: fc.constant('login' as const),
      slot,
      agent: fc.constantFrom('alice', 'bob'),
    }),
    weight: 3,
  },
  fc.record({ kind: fc.constant('logout' as const), slot }),
  fc.record({
    kind: fc.constant('switchPlace' as const),
    slot,
    place: fc.constantFrom('alicePlace', 'bobPlace'),
  }),
  fc.record({
    kind: fc.constant('fault' as const),
    operation: fc.constantFrom('login' as const, 'ping' as const),
    answer: fc.oneof(
      fc.constant<FakeAnswer>('network'),
      fc.constantFrom(401, 503).map((status): FakeAnswer => ({ status })),
      // A slow SRS: commands wait in the leader meanwhile.
      fc.integer({ min: 1_000, max: 15_000 }).map((delayMs): FakeAnswer => ({ status: 200, delayMs })),
    ),
  }),
  {
    arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
    weight: 3,
  },
);

describe('tab sharing under random tabs, agents, freezes and faults', () => {
  it(`keeps its invariants for every sequence (${RUNS} sequences)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        const browser = createBrowser();
        const tabs: Array<ReturnType<typeof browser.openTab> | null> = Array(TAB_SLOTS).fill(null);
        const frozen = new Set<number>();
        const commands: Array<{ settled: boolean }> = [];
        const track = (promise: Promise<void>) => {
          const entry = { settled: false };
          commands.push(entry);
          const done = () => {
            entry.settled = true;
          };
          promise.then(done, done);
        };

        for (const current of steps) {
          const tab = 'slot' in current ? tabs[current.slot] : null;
          switch (current.kind) {
            case 'open':
              if (!tab) tabs[current.slot] = browser.openTab();
              break;
            case 'close':
              if (tab) {
                if (frozen.delete(current.slot)) tab.resume();
                tab.session.dispose();
                tabs[current.slot] = null;
              }
              break;
            case 'freeze':
              if (tab && !frozen.has(current.slot)) {
                frozen.add(current.slot);
                tab.freeze();
              }
              break;
            case 'resume':
              if (tab && frozen.delete(current.slot)) tab.resume();
              break;
            case 'login':
              if (tab) track(tab.session.login(current.agent === 'alice' ? ALICE : BOB));
              break;
            case 'logout':
              if (tab) track(tab.session.logout());
              break;
            case 'switchPlace':
              if (tab) track(tab.session.switchPlace({ place: current.place }));
              break;
            case 'fault':
              browser.srs.script(current.operation, current.answer);
              break;
            case 'wait':
              await browser.clock.advance(current.ms);
              break;
          }
          await browser.clock.advance(0);
        }

        // Every tab runs again, and every command settles soon: within a takeover and a login's retries.
        for (const index of frozen) tabs[index]?.resume();
        for (let i = 0; i < 18 && commands.some((command) => !command.settled); i++) {
          await browser.clock.advance(5_000);
        }
        expect(commands.every((command) => command.settled)).toBe(true);

        // A tab never polls another agent's session: every poll is sent as the agent of the last login SRS got.
        let lastLoginAgent: string | null = null;
        for (const request of browser.sentBy) {
          if (request.operation === 'login') lastLoginAgent = request.agent;
          if (request.operation === 'ping') expect(request.agent).toBe(lastLoginAgent);
        }

        // Once all is quiet, one tab at most talks to SRS, and the open tabs agree on the session.
        await browser.clock.advance(60_000);
        const mark = browser.sentBy.length;
        await browser.clock.advance(5 * 30_000);
        const talking = new Set(browser.sentBy.slice(mark).map((request) => request.tab));
        expect(talking.size).toBeLessThanOrEqual(1);
        const open = tabs.filter((each) => each !== null);
        const leaders = open.filter((each) => each.session.getSnapshot().tab === 'leader');
        expect(leaders.length).toBeLessThanOrEqual(1);
        for (const each of open) {
          const view = each.session.getSnapshot();
          if (view.tab === 'follower' || view.tab === 'watcher') {
            expect(leaders).toHaveLength(1);
            expect(view.agent).toBe(leaders[0]?.session.getSnapshot().agent);
          }
        }

        // A logout from any open tab ends the SRS session for all.
        const last = open[0];
        if (last) {
          const logout = last.session.logout();
          track(logout);
          for (let i = 0; i < 60 && commands.some((command) => !command.settled); i++) {
            await browser.clock.advance(1_000);
          }
          expect(commands.every((command) => command.settled)).toBe(true);
          await browser.clock.advance(1_000);
          if (open.every((each) => each.session.getSnapshot().agent !== 'bob' || each === last)) {
            for (const each of open) expect(each.session.getSnapshot().status).toBe('idle');
          }
        }

        // No secret ever crossed between tabs.
        const everything = JSON.stringify(browser.tabs.messages);
        expect(everything).not.toContain(PASSWORD);
        expect(everything).not.toContain(BOB.password);
        expect(everything).not.toContain('Basic ');
        expect(everything).not.toMatch(/token-\d/);
        browser.closeAll();
      }),
      { numRuns: RUNS },
    );
  }, 900_000);
});
