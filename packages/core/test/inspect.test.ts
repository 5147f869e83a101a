import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import { describe, expect, it } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { ScreenRecordingError } from '../src/errors';
import { createBrowser } from './support/browser-tabs';
import { ALICE, createHarness, PASSWORD, run } from './support/session-harness';

describe('Stately inspector', () => {
  it('receives the machine, its events and snapshots through the inspect option, with no secret', async () => {
    // The adapter is where the browser inspector would post each event to its window: collect them instead.
    const shipped: StatelyInspectionEvent[] = [];
    const inspector = createInspector({ send: (event) => shipped.push(event) });
    const { clock, srs, session } = createHarness({ inspect: inspector.inspect });

    await run(clock, session.login({ ...ALICE, place: 'alicePlace' }));
    await clock.advance(30_000);
    await run(clock, session.switchPlace({ place: 'bobPlace' }));
    srs.dropSession();
    await clock.advance(30_000);
    await run(clock, session.logout());
    inspector.stop();

    const root = shipped.find((event) => event.type === '@xstate.actor' && event.parentId === undefined);
    expect(root?.type === '@xstate.actor' && root.definition).toContain('switchingPlace');
    const eventTypes = shipped.flatMap((event) => (event.type === '@xstate.event' ? [event.event.type] : []));
    expect(eventTypes).toEqual(
      expect.arrayContaining(['LOGIN', 'SWITCH_PLACE', 'LOGOUT', 'xstate.done.actor.ping']),
    );
    const states = shipped.flatMap((event) => {
      const value =
        event.type === '@xstate.snapshot' ? (event.snapshot as { value?: unknown }).value : undefined;
      return value === undefined ? [] : [JSON.stringify(value)];
    });
    expect(states).toEqual(
      expect.arrayContaining([
        '{"loggingIn":"requesting"}',
        '{"active":"polling"}',
        '{"switchingPlace":"requesting"}',
        '"idle"',
      ]),
    );

    const everything = JSON.stringify(shipped);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(btoa(`alice:${PASSWORD}`));
    for (const token of srs.calls.flatMap((call) => call.headers['x-csrf-token'] ?? [])) {
      expect(everything).not.toContain(token);
    }
    expect(srs.calls.some((call) => call.headers['x-csrf-token'])).toBe(true);
  });
});

describe('Stately inspector, with the tabs of a desktop', () => {
  it("receives both charts' definitions, and contexts deep enough and plain enough to show whole", async () => {
    const shipped: StatelyInspectionEvent[] = [];
    // The depth the docs recommend: at the default of 10, parts of the charts show as "[Object]".
    const inspector = createInspector(
      { send: (event) => shipped.push(event) },
      { serializationDepthLimit: 20 },
    );
    const raw: InspectionEvent[] = [];
    const inspect = (event: InspectionEvent) => {
      raw.push(event);
      inspector.inspect.next?.(event);
    };
    const browser = createBrowser({ inspect });
    const [a, b] = await browser.openTwoTabsLoggedIn({ ...ALICE, place: 'alicePlace' });
    await run(browser.clock, b.session.switchPlace({ place: 'bobPlace' }));
    a.session.dispose();
    await browser.clock.advance(30_000);
    await run(browser.clock, b.session.logout());
    browser.closeAll();
    // The inspector serialises on a timer of its own.
    await new Promise((resolve) => setTimeout(resolve, 20));

    const definitions = shipped.flatMap((event) =>
      event.type === '@xstate.actor' && event.definition ? [JSON.parse(event.definition).id as string] : [],
    );
    expect(definitions).toEqual(expect.arrayContaining(['screenRecording', 'tabs']));
    const text = JSON.stringify(shipped);
    expect(text).not.toMatch(/\[Object\]|\[Array\]|\[Circular\]/);
    expect(text).not.toContain(PASSWORD);

    // What the inspector serialises on its own timer must never throw there: every context is plain data.
    const contexts = raw.flatMap((event) =>
      event.type === '@xstate.snapshot' ? [(event.snapshot as { context?: unknown }).context] : [],
    );
    expect(contexts.length).toBeGreaterThan(20);
    for (const context of contexts) expectPlainData(context, 'context');
  });
});

/** Plain data: what JSON and structured clone carry whole. Errors count, as their toJSON() makes them plain. */
function expectPlainData(value: unknown, path: string): void {
  if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)) return;
  if (value instanceof ScreenRecordingError) {
    expectPlainData(value.toJSON(), path);
    return;
  }
  expect(typeof value, path).toBe('object');
  const prototype = Object.getPrototypeOf(value);
  expect(prototype === Object.prototype || prototype === Array.prototype || prototype === null, path).toBe(
    true,
  );
  for (const [key, item] of Object.entries(value as object)) expectPlainData(item, `${path}.${key}`);
}
