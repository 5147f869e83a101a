import { createFakeSrs, createMemoryTabs, ManualClock, settle } from '@screen-recording/test-utils';
import { getSimplePaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, type SnapshotFrom } from 'xstate';
import { checkCommand } from '../src/commands';
import { createSessionEngine } from '../src/engine';
import { SessionInUseError } from '../src/errors';
import { resolveOptions } from '../src/options';
import { shareAcrossTabs } from '../src/tabs';
import { type TabsEvent, tabsMachine } from '../src/tabs-machine';
import { tabTimings } from '../src/timing';
import type { SessionView, TabLocks } from '../src/types';
import { toView } from '../src/view';
import { ALICE } from './support/session-harness';

/**
 * Model-based test of the tab chart: @xstate/graph lists every simple path (no state visited twice,
 * where a state is the state value plus whether this tab logged in, knows a leader, and has commands
 * waiting). Each path's events are played on the chart alone (the model, effects left out) and on a
 * real tab sharing over in-memory tabs, whose effects run for real (messages posted, commands run on a
 * real session whose SRS never answers by itself); after every step both are in the same state, the
 * real tab's role says so, and no command of the tab is lost.
 */

type TabsSnapshot = SnapshotFrom<typeof tabsMachine>;
const options = { srsUrl: 'http://127.0.0.1:4100' } as const;
const settings = resolveOptions({ ...options, fetch: () => Promise.reject(new Error('unused')) });
const timings = tabTimings(settings);
const LEADER = 'tab-leader';

function leaderView(status: SessionView['status']): SessionView {
  return {
    status,
    isRecordingSessionActive: status === 'active',
    agent: status === 'idle' ? null : ALICE.username,
    place: null,
    devices: null,
    server: ALICE.server,
    dataCenter: 'primary',
    lastPollAt: null,
    nextPollAt: null,
    consecutiveFailures: 0,
    error: null,
    localNetworkAccess: 'unknown',
    tab: 'follower',
    coverage: {
      start: null,
      end: null,
      openGap: null,
      openGapMono: null,
      gapCount: 0,
      closedGapMs: 0,
      longestGapMs: 0,
      recentGaps: [],
    },
  };
}
const wanted = { dataCenter: 'primary' as const, place: null, devices: null };

/** The events a path may take: what this tab's app, the other tabs, the lock and the page do. */
function eventsFor(snapshot: TabsSnapshot): TabsEvent[] {
  const { outbox } = snapshot.context;
  const events: TabsEvent[] = [
    { type: 'RUN', id: 'login', name: 'login', payload: checkCommand('login', [ALICE]) },
    { type: 'RUN', id: 'logout', name: 'logout', payload: null },
    { type: 'LOCK_GRANTED' },
    { type: 'LOCK_UNAVAILABLE' },
    { type: 'LOCK_LOST' },
    { type: 'VIEW', from: LEADER, view: leaderView('active'), wanted },
    { type: 'HEARTBEAT', from: LEADER },
    { type: 'BYE', from: LEADER },
    { type: 'LOGGED_OUT', from: LEADER },
    { type: 'SESSION_ENDED' },
  ];
  const login = outbox.find((entry) => entry.name === 'login');
  if (login) {
    events.push({
      type: 'RESULT',
      from: LEADER,
      id: login.id,
      error: new SessionInUseError('bob', 'in use'),
    });
  }
  const state = JSON.stringify(snapshot.value);
  if (state.includes('beating'))
    events.push({ type: 'xstate.after.heartbeat.tabs.leading.beating' } as never);
  for (const role of ['following', 'watching']) {
    if (state.includes(`"${role}":"listening"`))
      events.push({ type: `xstate.after.silence.tabs.${role}.listening` } as never);
    if (state.includes(`"${role}":"confirming"`))
      events.push({ type: `xstate.after.confirm.tabs.${role}.confirming` } as never);
  }
  return events;
}

const serialize = (snapshot: TabsSnapshot) =>
  JSON.stringify([snapshot.value, snapshot.context.ownLogin !== null, snapshot.context.outbox.length > 0]);

const ROLE_OF: Record<string, string> = {
  alone: 'alone',
  electing: 'alone',
  leading: 'leader',
  following: 'follower',
  stealing: 'follower',
  takingOver: 'follower',
  watching: 'watcher',
};

/** Web Locks that never answer by themselves: the path's lock events stand for their answers. */
const silentLocks: TabLocks = { request: () => new Promise(() => {}) };

describe('model-based: every simple path of the tab chart', () => {
  const paths = getSimplePaths(tabsMachine, {
    input: { tabId: 'tab-under-test', timings, locks: true },
    events: eventsFor,
    serializeState: serialize,
  });

  it('reaches every state of the chart', () => {
    const reached = new Set(
      paths.map(({ state }) => (typeof state.value === 'string' ? state.value : Object.keys(state.value)[0])),
    );
    expect([...reached].sort()).toEqual(
      ['alone', 'electing', 'following', 'leading', 'stealing', 'takingOver', 'watching'].sort(),
    );
  });

  it('plays each of the paths against a real tab sharing', async () => {
    console.log(`tab chart: ${paths.length} simple paths`);
    expect(paths.length).toBeGreaterThan(40);
    let stepsPlayed = 0;
    for (const path of paths) {
      const clock = new ManualClock();
      const srs = createFakeSrs({ clock, held: true });
      const engine = createSessionEngine({ ...options, clock, fetch: srs.fetch }, settings);
      engine.actor.start();
      const memory = createMemoryTabs();
      const tabs = shareAcrossTabs(engine, { ...memory.environment(), locks: silentLocks });
      const model = createActor(
        tabsMachine.provide({
          actors: { channel: fromCallback(() => {}) },
          actions: {
            announce: () => {},
            sayGoodbye: () => {},
            postView: () => {},
            postHeartbeat: () => {},
            postLoggedOut: () => {},
            postCommands: () => {},
            requestLock: () => {},
            stopWaitingForLock: () => {},
            releaseLock: () => {},
            runHere: () => {},
            runForOther: () => {},
            settle: () => {},
            adopt: () => {},
            relinquish: () => {},
            forgetCredentials: () => {},
            cancelOutbox: () => {},
          },
        }),
        { input: { tabId: 'tab-under-test', timings, locks: true }, clock: new ManualClock() },
      ).start();
      const commands: Array<{ settled: boolean }> = [];
      const track = (promise: Promise<void>) => {
        const entry = { settled: false };
        commands.push(entry);
        const done = () => {
          entry.settled = true;
        };
        promise.then(done, done);
      };

      const description = path.steps.map((step) => step.event.type).join(' → ');
      for (const step of path.steps.slice(1)) {
        const event = step.event as TabsEvent;
        if (!model.getSnapshot().can(event)) continue;
        model.send(event);
        stepsPlayed++;
        if (event.type === 'RUN') {
          track(
            event.name === 'login'
              ? tabs.run('login', event.payload as never, ALICE)
              : tabs.run('logout', null),
          );
        } else if (event.type === 'RESULT') {
          const login = tabs.actor.getSnapshot().context.outbox.find((entry) => entry.name === 'login');
          tabs.actor.send({ ...event, id: login?.id ?? event.id });
        } else if (event.type.startsWith('xstate.after.')) {
          await clock.advanceToNextTimer();
        } else {
          tabs.actor.send(event);
        }
        await settle();

        const real = tabs.actor.getSnapshot();
        expect(JSON.stringify(real.value), description).toBe(JSON.stringify(model.getSnapshot().value));
        const state = typeof real.value === 'string' ? real.value : (Object.keys(real.value)[0] ?? '');
        expect(tabs.part().role, description).toBe(ROLE_OF[state]);
        if (state === 'alone' || state === 'leading') expect(real.context.outbox, description).toEqual([]);
        const view = toView(engine.actor.getSnapshot(), tabs.part());
        expect(view.tab, description).toBe(ROLE_OF[state]);
      }
      tabs.dispose();
      engine.actor.send({ type: 'DISPOSE' });
      await settle();
      // Every command of the tab settled: run here, answered, or cancelled by the disposal.
      expect(
        commands.every((command) => command.settled),
        description,
      ).toBe(true);
      model.stop();
    }
    expect(stepsPlayed).toBeGreaterThan(paths.length * 3);
  }, 300_000);
});
