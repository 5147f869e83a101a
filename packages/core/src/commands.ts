import type { Actor } from 'xstate';
import type { Settlement } from './command-settlement';
import { sameDevices } from './devices';
import { SessionInUseError, SessionStateError } from './errors';
import type { LoginEvent, SessionEvent, screenRecordingMachine } from './machine';
import { type LoginTarget, validateLoginTarget, validatePassword, validatePlaceParams } from './options';
import type { Credentials } from './protocol';
import type { Secrets } from './srs-actors';
import type { CommandName, Instant, LoginParams, PlaceParams, SessionCommands } from './types';
import { statusOf } from './view';

/**
 * The six commands, defined once. Each one checks what it is given and turns it into plain data (its
 * payload: no secret, so a command can cross to the tab that talks to SRS), then runs that payload on a
 * session's statechart and returns the promise of its transition. The command type, the session's
 * commands, the frozen `session.commands`, `wrapCommands` and the forwarding between tabs all come from
 * this table.
 */

/** What a session's statechart offers the commands that run on it. */
export interface CommandTarget {
  actor: Actor<typeof screenRecordingMachine>;
  settlement: Settlement;
  secrets: Secrets;
  now(): Instant;
}

/** A login's payload: the validated login without its password. */
export type LoginPayload = LoginTarget;

interface CommandSpec<Args extends unknown[], Payload> {
  /** Checks the app's arguments (throws `SrsConfigurationError` before anything is sent) and returns the payload. */
  check(...args: Args): Payload;
  /** Checks a payload that came from another tab: untrusted, so checked as the app's arguments are. */
  read(payload: unknown): Payload;
  /**
   * Runs the payload on a session. A login run with `credentials` is this tab's own (the session keeps
   * them); without, it came from another tab and runs with the credentials this session holds, for the
   * same agent only.
   */
  run(target: CommandTarget, payload: Payload, credentials?: Credentials): Promise<void>;
}

type Specs = {
  [Name in CommandName]: CommandSpec<Parameters<SessionCommands[Name]>, CommandPayloads[Name]>;
};

/** What each command carries between tabs. */
export interface CommandPayloads {
  login: LoginPayload;
  switchPlace: { place: string; devices: PlaceParams['devices'] | null };
  logout: null;
  failover: null;
  failback: null;
  retry: null;
}

const noPayload = () => null;

/** Sends the event if the current state accepts it, then waits for the transition to settle. */
function send(
  target: CommandTarget,
  name: CommandName,
  event: SessionEvent,
  goal: 'active' | 'idle',
  beforeSend?: () => void,
): Promise<void> {
  const snapshot = target.actor.getSnapshot();
  if (!snapshot.can(event)) {
    throw new SessionStateError(`${name}() is not possible while the session is ${statusOf(snapshot)}.`);
  }
  beforeSend?.();
  target.actor.send(event);
  return target.settlement.until(goal, snapshot);
}

/** The session already has (or is sending) exactly this login: a StrictMode double effect, a double click. */
function isRepeatedLogin(target: CommandTarget, event: LoginEvent): boolean {
  const snapshot = target.actor.getSnapshot();
  const { context } = snapshot;
  const status = statusOf(snapshot);
  return (
    (status === 'loggingIn' || status === 'active') &&
    context.agent === event.agent &&
    context.servers.primary === event.server &&
    context.servers.recovery === event.peerServer &&
    context.pending.place === event.place &&
    sameDevices(context.pending.devices, event.devices)
  );
}

function runLogin(target: CommandTarget, payload: LoginPayload, credentials?: Credentials): Promise<void> {
  const event: LoginEvent = {
    type: 'LOGIN',
    agent: payload.username,
    server: payload.server,
    peerServer: payload.peerServer,
    place: payload.place,
    devices: payload.devices,
  };
  if (credentials) {
    if (target.secrets.holds(credentials) && isRepeatedLogin(target, event)) {
      return target.settlement.until('active');
    }
    // Kept only once the login is accepted: a refused one must not replace a running session's credentials.
    return send(target, 'login', event, 'active', () => target.secrets.keep(credentials));
  }
  // A login with no password (another tab's, or this tab's own queued one) runs with the credentials this
  // session holds, and for their agent only.
  const agent = target.secrets.agent();
  if (agent === null) {
    throw new SessionStateError(
      'login() reached a tab that no longer holds the screen recording session: log in again.',
    );
  }
  if (agent !== payload.username) {
    throw new SessionInUseError(
      agent,
      `Screen recording on this computer is in use by agent "${agent}" in another tab of this desktop: log out there first, then log in again.`,
    );
  }
  if (isRepeatedLogin(target, event)) return target.settlement.until('active');
  return send(target, 'login', event, 'active');
}

const SPECS: Specs = {
  login: {
    check(params: LoginParams) {
      const target = validateLoginTarget(params);
      validatePassword((params as { password?: unknown } | null)?.password);
      return target;
    },
    read: validateLoginTarget,
    run: runLogin,
  },
  switchPlace: {
    check: validatePlaceParams,
    read: (payload) => validatePlaceParams(payload as PlaceParams),
    run: (target, { place, devices }) =>
      send(target, 'switchPlace', { type: 'SWITCH_PLACE', place, devices: devices ?? null }, 'active'),
  },
  logout: {
    check: noPayload,
    read: noPayload,
    run(target) {
      const status = statusOf(target.actor.getSnapshot());
      if (status === 'idle') return Promise.resolve();
      if (status === 'loggingOut') return target.settlement.until('idle');
      return send(target, 'logout', { type: 'LOGOUT', at: target.now() }, 'idle');
    },
  },
  failover: {
    check: noPayload,
    read: noPayload,
    run: (target) => send(target, 'failover', { type: 'FAILOVER' }, 'active'),
  },
  failback: {
    check: noPayload,
    read: noPayload,
    run: (target) => send(target, 'failback', { type: 'FAILBACK' }, 'active'),
  },
  retry: {
    check: noPayload,
    read: noPayload,
    run(target) {
      const snapshot = target.actor.getSnapshot();
      if (statusOf(snapshot) === 'failed' && snapshot.context.error?.code === 'unauthorized') {
        throw new SessionStateError(
          'retry() would send the credentials SRS refused again: call login() with the corrected user name and password.',
        );
      }
      return send(target, 'retry', { type: 'RETRY' }, 'active');
    },
  },
};

export const COMMAND_NAMES = Object.keys(SPECS) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(SPECS, name);
}

/** Checks a command's arguments and returns its payload; throws `SrsConfigurationError`. */
export function checkCommand<Name extends CommandName>(
  name: Name,
  args: Parameters<SessionCommands[Name]>,
): CommandPayloads[Name] {
  return (SPECS[name].check as (...given: unknown[]) => CommandPayloads[Name])(...args);
}

/** Checks a payload another tab sent; throws `SrsConfigurationError`. */
export function readCommand<Name extends CommandName>(name: Name, payload: unknown): CommandPayloads[Name] {
  return SPECS[name].read(payload) as CommandPayloads[Name];
}

/** Runs a checked payload on a session; a throw becomes the promise's rejection. */
export function runCommand<Name extends CommandName>(
  target: CommandTarget,
  name: Name,
  payload: CommandPayloads[Name],
  credentials?: Credentials,
): Promise<void> {
  try {
    return (SPECS[name].run as CommandSpec<unknown[], unknown>['run'])(target, payload, credentials);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The session's commands from one function that runs any of them by name: each checks its arguments
 * first (a throw becomes the returned promise's rejection). Frozen, and its functions need no `this`,
 * so a binding can spread or wrap it.
 */
export function commandsFrom(
  run: <Name extends CommandName>(
    name: Name,
    payload: CommandPayloads[Name],
    args: Parameters<SessionCommands[Name]>,
  ) => Promise<void>,
): Readonly<SessionCommands> {
  const commands = {} as Record<CommandName, (...args: never[]) => Promise<void>>;
  for (const name of COMMAND_NAMES) {
    commands[name] = (...args: never[]) => {
      try {
        const typed = args as unknown as Parameters<SessionCommands[typeof name]>;
        return run(name, checkCommand(name, typed), typed);
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  return Object.freeze(commands as unknown as SessionCommands);
}

/**
 * The commands, each run through `run`: what a binding needs to start every command its own way (Angular
 * outside its zone, say, or not at all on a server) without naming them.
 */
export function wrapCommands(
  commands: Readonly<SessionCommands>,
  run: (command: () => Promise<void>) => Promise<void>,
): Readonly<SessionCommands> {
  const wrapped = {} as Record<CommandName, (...args: never[]) => Promise<void>>;
  for (const name of COMMAND_NAMES) {
    const command = commands[name] as (...args: never[]) => Promise<void>;
    wrapped[name] = (...args: never[]) => run(() => command(...args));
  }
  return Object.freeze(wrapped as unknown as SessionCommands);
}
