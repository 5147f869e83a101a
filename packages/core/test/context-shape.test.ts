import { describe, expect, it } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { createBrowser } from './support/browser-tabs';
import { ALICE, run } from './support/session-harness';

/**
 * XState's `assign` builds each new context with `Object.assign({}, context, update)`, and V8 turns an
 * object built that way with 20 or more properties into a dictionary: every later assign and read is
 * then about fifteen times slower (measured on Node 20.20: 0.3 µs an assign at 19 keys, 4 to 5 µs at 20,
 * which added a sixth to the cost of a poll before the context was regrouped). So each chart's context
 * keeps fewer top-level keys than that; group what belongs together in a nested object instead.
 */
const V8_DICTIONARY_THRESHOLD = 20;

describe("the charts' contexts", () => {
  it(`keep fewer than ${V8_DICTIONARY_THRESHOLD} top-level keys, through a shift of two tabs`, async () => {
    const keyCounts = new Map<string, number>();
    const inspect = (event: InspectionEvent) => {
      if (event.type !== '@xstate.snapshot') return;
      const snapshot = event.snapshot as { machine?: { id: string }; context?: object };
      if (!snapshot.machine || !snapshot.context) return;
      const count = Object.keys(snapshot.context).length;
      keyCounts.set(snapshot.machine.id, Math.max(keyCounts.get(snapshot.machine.id) ?? 0, count));
    };
    const browser = createBrowser({ inspect });
    const [a, b] = await browser.openTwoTabsLoggedIn({ ...ALICE, place: 'alicePlace' });
    await run(browser.clock, b.session.switchPlace({ place: 'bobPlace' }));
    browser.srs.dropSession();
    await browser.clock.advance(30_000);
    await run(browser.clock, a.session.logout());
    browser.closeAll();

    expect([...keyCounts.keys()].sort()).toEqual(['screenRecording', 'tabs']);
    for (const [machine, count] of keyCounts) {
      expect(count, `the ${machine} chart's context has ${count} top-level keys`).toBeLessThan(
        V8_DICTIONARY_THRESHOLD,
      );
    }
  });
});
