import { createFakeSrs, ManualClock, settle } from '@screen-recording/test-utils';
import { getSimplePaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { createActor, fromPromise } from 'xstate';
import { createScreenRecordingSession } from '../src/create-session';
import { SrsServerError, SrsUnauthorizedError, SrsUnavailableError } from '../src/errors';
import type { SessionEvent } from '../src/machine';
import { type LoginInput, screenRecordingMachine } from '../src/machine';
import { resolveOptions } from '../src/options';
import { type LogoutOutcome, RequestFailure, type SrsContact } from '../src/outcomes';
import type { SessionSnapshot } from '../src/view';
import { statusOf } from '../src/view';
import { ALICE } from './support/session-harness';

/**
 * Model-based test: @xstate/graph walks the statechart and lists every simple path (no state visited
 * twice, where a state is the state value plus whether SRS may hold a session and whether a logout
 * waits). Each path's events are played on the statechart alone (the model: an actor whose requests
 * never settle by themselves) and on a real session whose SRS answers exactly when the path says so;
 * after every step both must be in the same state. (`disposed` is left out: it ends every path.)
 */

const options = {
  srsUrl: 'http://127.0.0.1:4100',
  maxConsecutiveFailures: 2,
} as const;

type ModelEvent =
  | SessionEvent
  | {
      type: 'xstate.done.actor.login' | 'xstate.done.actor.ping' | 'xstate.done.actor.logout';
      output?: unknown;
    }
  | { type: 'xstate.error.actor.login' | 'xstate.error.actor.ping'; error: RequestFailure }
  | { type: `xstate.after.${string}` };

const instant = { at: 0, mono: 0 };
const contact: SrsContact = { sent: instant, answered: instant };
const failure = (error: SrsServerError | SrsUnauthorizedError | SrsUnavailableError) =>
  new RequestFailure(error, instant, instant);
const modelEvents: ModelEvent[] = [
  {
    type: 'LOGIN',
    agent: ALICE.username,
    server: ALICE.server,
    peerServer: ALICE.peerServer ?? null,
    place: null,
    devices: null,
  },
  { type: 'SWITCH_PLACE', place: 'bobPlace', devices: null },
  { type: 'FAILOVER' },
  { type: 'FAILBACK' },
  { type: 'RETRY' },
  { type: 'LOGOUT', at: instant },
  { type: 'xstate.done.actor.login', output: contact },
  { type: 'xstate.error.actor.login', error: failure(new SrsServerError(503, 'RWS unreachable')) },
  { type: 'xstate.error.actor.login', error: failure(new SrsUnauthorizedError('bad credentials')) },
  { type: 'xstate.done.actor.ping', output: contact },
  { type: 'xstate.error.actor.ping', error: failure(new SrsUnauthorizedError('session gone')) },
  { type: 'xstate.error.actor.ping', error: failure(new SrsUnavailableError('network', 'no answer')) },
  { type: 'xstate.done.actor.logout', output: { confirmed: true, error: null } },
];

/** The delayed events a state can receive: its backoff or its poll timer. */
function timerEvents(snapshot: SessionSnapshot): ModelEvent[] {
  const value = JSON.stringify(snapshot.value);
  const events: ModelEvent[] = [];
  for (const state of ['loggingIn', 'switchingPlace', 'failover', 'active']) {
    if (value.includes(`"${state}":"waitingToRetry"`)) {
      events.push({ type: `xstate.after.retryBackoff.screenRecording.${state}.waitingToRetry` });
    }
  }
  if (value.includes('"active":"waiting"'))
    events.push({ type: 'xstate.after.untilNextPoll.screenRecording.active.waiting' });
  if (value === '"failed"') events.push({ type: 'xstate.after.healDelay.screenRecording.failed' });
  return events;
}

const serialize = (snapshot: SessionSnapshot) =>
  JSON.stringify([snapshot.value, snapshot.context.sessionOpened, snapshot.context.logoutRequested]);

const settings = resolveOptions({ ...options, fetch: () => Promise.reject(new Error('unused')) });
/** A request the model never answers by itself: the path's events answer it. */
const neverSettles = <Output, Input>() => fromPromise<Output, Input>(() => new Promise<Output>(() => {}));

describe('model-based: every simple path of the statechart', () => {
  const paths = getSimplePaths(screenRecordingMachine, {
    input: { settings },
    events: (snapshot) => [...modelEvents, ...timerEvents(snapshot)] as SessionEvent[],
    serializeState: (snapshot) => serialize(snapshot),
  });

  it('reaches every top-level state', () => {
    const reached = new Set(paths.map((path) => statusOf(path.state)));
    expect([...reached].sort()).toEqual(
      ['active', 'failed', 'failover', 'idle', 'loggingIn', 'loggingOut', 'switchingPlace'].sort(),
    );
  });

  it(`plays each of the paths against a real session`, async () => {
    console.log(`session chart: ${paths.length} simple paths`);
    expect(paths.length).toBeGreaterThan(100);
    let stepsPlayed = 0;
    for (const path of paths) {
      const clock = new ManualClock();
      const srs = createFakeSrs({ clock, held: true });
      const session = createScreenRecordingSession({ ...options, clock, fetch: srs.fetch });
      const model = createActor(
        screenRecordingMachine.provide({
          actors: {
            srsLogin: neverSettles<SrsContact, LoginInput>(),
            srsPing: neverSettles<SrsContact, void>(),
            srsLogout: neverSettles<LogoutOutcome, void>(),
          },
          actions: { forgetSecrets: () => {} },
        }),
        { input: { settings }, clock: new ManualClock() },
      ).start();
      const ignore = () => {};
      for (const step of path.steps.slice(1)) {
        const event = step.event as ModelEvent;
        // The graph shares one snapshot per serialized state; context that is not serialized (the
        // failure count) can make an event of this path inapplicable here. The model decides.
        if (!model.getSnapshot().can(event as SessionEvent)) continue;
        model.send(event as SessionEvent);
        stepsPlayed++;
        switch (event.type) {
          case 'LOGIN':
            session.login(ALICE).catch(ignore);
            break;
          case 'SWITCH_PLACE':
            session.switchPlace({ place: event.place }).catch(ignore);
            break;
          case 'FAILOVER':
            session.failover().catch(ignore);
            break;
          case 'FAILBACK':
            session.failback().catch(ignore);
            break;
          case 'RETRY':
            session.retry().catch(ignore);
            break;
          case 'LOGOUT':
            session.logout().catch(ignore);
            break;
          case 'xstate.done.actor.login':
            srs.respond('login', { status: 200 });
            break;
          case 'xstate.done.actor.ping':
            srs.respond('ping', { status: 200 });
            break;
          case 'xstate.done.actor.logout':
            srs.respond('logout', { status: 200 });
            break;
          case 'xstate.error.actor.login':
          case 'xstate.error.actor.ping': {
            const operation = event.type === 'xstate.error.actor.login' ? 'login' : 'ping';
            const { error } = (event as { error: RequestFailure }).error;
            srs.respond(
              operation,
              error instanceof SrsUnavailableError
                ? 'network'
                : { status: error instanceof SrsUnauthorizedError ? 401 : 503 },
            );
            break;
          }
          default:
            await clock.advanceToNextTimer();
        }
        await settle();
        const description = path.steps.map((s) => s.event.type).join(' → ');
        expect(serialize(session.actor.getSnapshot()), description).toBe(serialize(model.getSnapshot()));
        if (session.getSnapshot().status === 'idle') {
          // Logged out: nothing in flight, no timer left.
          expect(srs.inFlight, description).toEqual({ login: 0, ping: 0, logout: 0 });
          expect(clock.pendingTimers, description).toBe(0);
        }
      }
      session.dispose();
      model.stop();
    }
    expect(stepsPlayed).toBeGreaterThan(paths.length * 3);
  }, 120_000);
});
