import type { Actor } from 'xstate';
import type { CommandGoal, Settlement } from './command-settlement';
import { copyDevices, sameDevices } from './devices';
import { SessionStateError } from './errors';
import type { LoginEvent, SessionEvent, screenRecordingMachine } from './machine';
import { validateLoginParams, validatePlaceParams } from './options';
import type { SrsActors } from './srs-actors';
import type { SessionCommands } from './types';
import { statusOf } from './view';

/** The names of the six commands, as bindings wrap them (Angular runs each outside its zone, say). */
export type CommandName = keyof SessionCommands;

/**
 * The session's commands, defined once: each one checks its input, sends one event, and returns the
 * promise of its transition. The object is frozen and its functions need no `this`, so a binding can
 * spread or wrap it.
 */
export function createCommands(deps: {
  actor: Actor<typeof screenRecordingMachine>;
  settlement: Settlement;
  srsActors: SrsActors;
}): Readonly<SessionCommands> {
  const { actor, settlement, srsActors } = deps;
  const status = () => statusOf(actor.getSnapshot());

  /** Runs `body` unless the session is disposed; a throw becomes the returned promise's rejection. */
  function attempt(name: CommandName, body: () => Promise<void>): Promise<void> {
    if (status() === 'disposed') {
      return Promise.reject(new SessionStateError(`${name}() is not possible: the session was disposed.`));
    }
    try {
      return body();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Sends the event if the current state accepts it, then waits for the transition to settle. */
  function send(name: CommandName, event: SessionEvent, goal: CommandGoal, beforeSend?: () => void) {
    const snapshot = actor.getSnapshot();
    if (!snapshot.can(event)) {
      throw new SessionStateError(`${name}() is not possible while the session is ${statusOf(snapshot)}.`);
    }
    beforeSend?.();
    actor.send(event);
    return settlement.until(goal, snapshot);
  }

  /** The machine already has (or is sending) exactly this login, with these credentials. */
  function isRepeatedLogin(event: LoginEvent, credentials: { username: string; password: string }) {
    const { context } = actor.getSnapshot();
    return (
      (status() === 'loggingIn' || status() === 'active') &&
      srsActors.holdsCredentials(credentials) &&
      context.primaryServer === event.server &&
      context.recoveryServer === event.peerServer &&
      context.pending.place === event.place &&
      sameDevices(context.pending.devices, event.devices)
    );
  }

  return Object.freeze({
    login: (params) =>
      attempt('login', () => {
        // What is sent is exactly what was checked (trimmed URLs, copied devices).
        const checked = validateLoginParams(params);
        const event: LoginEvent = {
          type: 'LOGIN',
          server: checked.server,
          peerServer: checked.peerServer ?? null,
          place: checked.place ?? null,
          devices: checked.devices ? copyDevices(checked.devices) : null,
        };
        // A second login with the same parameters (a StrictMode double effect, a double click) sends nothing.
        if (isRepeatedLogin(event, checked)) return settlement.until('active');
        return send('login', event, 'active', () => srsActors.useCredentials(checked));
      }),
    switchPlace: (params) =>
      attempt('switchPlace', () => {
        validatePlaceParams(params);
        const devices = params.devices ? copyDevices(params.devices) : null;
        return send('switchPlace', { type: 'SWITCH_PLACE', place: params.place, devices }, 'active');
      }),
    logout: () =>
      attempt('logout', () => {
        if (status() === 'idle') return Promise.resolve();
        if (status() === 'loggingOut') return settlement.until('idle');
        return send('logout', { type: 'LOGOUT', at: srsActors.now() }, 'idle');
      }),
    failover: () => attempt('failover', () => send('failover', { type: 'FAILOVER' }, 'active')),
    failback: () => attempt('failback', () => send('failback', { type: 'FAILBACK' }, 'active')),
    retry: () =>
      attempt('retry', () => {
        if (status() === 'failed' && actor.getSnapshot().context.error?.code === 'unauthorized') {
          throw new SessionStateError(
            'retry() would send the credentials SRS refused again: call login() with the corrected user name and password.',
          );
        }
        return send('retry', { type: 'RETRY' }, 'active');
      }),
  } satisfies SessionCommands);
}

/**
 * The commands, each run through `run`: what a binding needs to start every command its own way (Angular
 * outside its zone, say, or not at all on a server) without naming them.
 */
export function wrapCommands(
  commands: Readonly<SessionCommands>,
  run: (command: () => Promise<void>) => Promise<void>,
): Readonly<SessionCommands> {
  const wrap =
    <Args extends unknown[]>(command: (...args: Args) => Promise<void>) =>
    (...args: Args) =>
      run(() => command(...args));
  return Object.freeze({
    login: wrap(commands.login),
    switchPlace: wrap(commands.switchPlace),
    logout: wrap(commands.logout),
    failover: wrap(commands.failover),
    failback: wrap(commands.failback),
    retry: wrap(commands.retry),
  } satisfies SessionCommands);
}
