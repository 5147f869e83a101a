import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import { describe, expect, it } from 'vitest';
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
