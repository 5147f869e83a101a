import { type Actor, createActor, fromCallback } from 'xstate';
import { type CommandPayloads, readCommand, runCommand } from './commands';
import type { SessionEngine } from './engine';
import { ScreenRecordingError, SessionCancelledError, SessionStateError } from './errors';
import type { Credentials } from './protocol';
import { createTabLock } from './tabs-locks';
import { type OutboxEntry, type TabsContext, type TabsEvent, tabsMachine } from './tabs-machine';
import { readMessage, type TabMessage, writeMessage } from './tabs-wire';
import { tabTimings } from './timing';
import type { CommandName, Logger, SessionView, TabChannel, TabRole, TabsEnvironment } from './types';
import { statusOf, type TabPart, toView } from './view';

/**
 * Several tabs of one desktop share one SRS session (see `tabs-machine.ts` for the chart). This file
 * connects the chart to the browser (its BroadcastChannel and Web Locks) and to this tab's session; it
 * keeps no state of its own but the promises of this tab's waiting commands.
 */
export interface TabSharing {
  /** The tab chart's actor (the Stately inspector shows it beside the session's). */
  actor: Actor<typeof tabsMachine>;
  /** This tab's role, and the leader's view when another tab leads: what the view shows. */
  part(): TabPart;
  /** Runs a command where it belongs: here, or in the tab that leads. */
  run<Name extends CommandName>(
    name: Name,
    payload: CommandPayloads[Name],
    credentials?: Credentials,
  ): Promise<void>;
  /** Another tab could carry this tab's session on: a closing leader must not log out. */
  carriedOnElsewhere(): boolean;
  wake(): void;
  leave(): void;
  dispose(): void;
}

// Unique among the tabs of one page's realm (tests), with the random part unique across browser tabs.
let tabsCreated = 0;

export function shareAcrossTabs(engine: SessionEngine, environment: TabsEnvironment): TabSharing {
  const tabId = `${Math.floor(engine.random() * 36 ** 8).toString(36)}-${++tabsCreated}`;
  const channelName = `screen-recording:${engine.settings.srsUrl}`;
  const channel = connectChannel(environment.openChannel(channelName), tabId, engine.logger);
  const commands = tabCommands(engine, tabId, channel.post);
  const lock = createTabLock(environment.locks, channelName, (outcome) => actor.send({ type: outcome }));
  /** This tab's own session, as the leader shows it to the others. */
  const ownView = () => toView(engine.actor.getSnapshot(), { role: 'leader', leaderView: null });

  const machine = tabsMachine.provide({
    actors: { channel: channel.listen },
    actions: {
      announce: ({ context }) =>
        channel.post({ kind: 'hello', from: tabId, agent: context.ownLogin?.username ?? null }),
      sayGoodbye: () => channel.post({ kind: 'bye', from: tabId }),
      postView: () => {
        const { pending } = engine.actor.getSnapshot().context;
        const wanted = { ...pending, devices: pending.devices?.map((device) => ({ ...device })) ?? null };
        channel.post({ kind: 'view', from: tabId, view: ownView(), wanted });
      },
      postHeartbeat: () => channel.post({ kind: 'heartbeat', from: tabId }),
      postLoggedOut: () => channel.post({ kind: 'logged-out', from: tabId }),
      postCommands: (_, { entries, to }) => commands.send(entries, to),
      requestLock: (_, { mode }) => lock.request(mode),
      stopWaitingForLock: () => lock.stopWaiting(),
      releaseLock: () => lock.release(),
      runHere: (_, { entries }) => commands.runHere(entries),
      runForOther: (_, command) => commands.runForOther(command),
      settle: (_, result) => commands.settle(result.id, result.error),
      adopt: ({ context }) => adopt(engine, context),
      relinquish: () => engine.actor.send({ type: 'RELINQUISH' }),
      forgetCredentials: () => {
        if (statusOf(engine.actor.getSnapshot()) === 'idle') engine.secrets.forget();
      },
      cancelOutbox: ({ context }) => commands.cancel(context.outbox),
    },
  });
  const actor = createActor(machine, {
    input: { tabId, timings: tabTimings(engine.settings), locks: environment.locks !== null },
    clock: engine.clock,
    ...(engine.inspect ? { inspect: engine.inspect } : {}),
  });

  // This tab's session: the others hear of each change while it leads, and of its end.
  let lastView: SessionView = ownView();
  let holding = false;
  engine.actor.subscribe((snapshot) => {
    // A disposed tab chart hears nothing more (the session is disposed right after it).
    if (actor.getSnapshot().status !== 'active') return;
    const status = statusOf(snapshot);
    const ended = holding && status === 'idle';
    holding = status !== 'idle' && status !== 'disposed';
    const view = ownView();
    if (ended) actor.send({ type: 'SESSION_ENDED' });
    else if (!sameViewShown(lastView, view)) actor.send({ type: 'SESSION_CHANGED' });
    lastView = view;
  });
  actor.start();

  return {
    actor,
    part: () => partOf(actor),
    run: (name, payload, credentials) =>
      commands.queue((id) => actor.send({ type: 'RUN', id, name, payload }), credentials),
    carriedOnElsewhere() {
      const snapshot = actor.getSnapshot();
      return snapshot.matches('leading') && snapshot.context.candidates.length > 0;
    },
    wake: () => actor.send({ type: 'PAGE_WAKE' }),
    leave: () => actor.send({ type: 'PAGE_LEAVE' }),
    dispose() {
      actor.send({ type: 'DISPOSE' });
      channel.close();
    },
  };
}

/** The channel to the desktop's other tabs: what this tab posts, and what it hears, checked, as events. */
function connectChannel(channel: TabChannel, tabId: string, logger: Logger) {
  let unreadableLogged = false;
  // A disposed tab says nothing more: not even how its cancelled commands ended, which the others
  // then send to the next leader.
  let closed = false;
  return {
    post(message: TabMessage): void {
      if (closed) return;
      try {
        channel.postMessage(writeMessage(message));
      } catch (error) {
        logger.warn('a message to the other tabs could not be sent', { error: String(error) });
      }
    },
    /** The other tabs' messages for this tab; its own, and commands and results for other tabs, left out. */
    listen: fromCallback<TabsEvent>(({ sendBack }) => {
      const listener = (event: { data: unknown }) => {
        const message = readMessage(event.data);
        if (!message) {
          // Another version of the desktop, during a rollout, or a forged message.
          if (!unreadableLogged)
            logger.warn('ignored a message from another tab that this version cannot read');
          unreadableLogged = true;
          return;
        }
        if (message.from === tabId) return;
        if ((message.kind === 'command' || message.kind === 'result') && message.to !== tabId) return;
        sendBack(eventOf(message));
      };
      channel.addEventListener('message', listener);
      return () => channel.removeEventListener('message', listener);
    }),
    close() {
      closed = true;
      channel.close();
    },
  };
}

/** This tab's commands (each a promise until it settles, here or in the leader) and other tabs' commands run here. */
function tabCommands(engine: SessionEngine, tabId: string, post: (message: TabMessage) => void) {
  const waiting = new Map<string, { resolve(): void; reject(error: unknown): void }>();
  /** The credentials of this tab's own logins still in the outbox, until they are run or handed on. */
  const credentialsOf = new Map<string, Credentials>();
  let nextCommand = 1;

  function settle(id: string, error: unknown): void {
    const pending = waiting.get(id);
    waiting.delete(id);
    credentialsOf.delete(id);
    if (error === null) pending?.resolve();
    else pending?.reject(error);
  }

  return {
    settle,
    /** A new command of this tab: its promise, settled when the chart has it run here or elsewhere. */
    queue(send: (id: string) => void, credentials?: Credentials): Promise<void> {
      const id = `${tabId}:${nextCommand++}`;
      if (credentials) credentialsOf.set(id, credentials);
      return new Promise<void>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        send(id);
      });
    },
    runHere(entries: readonly OutboxEntry[]): void {
      for (const { id, name, payload } of entries) {
        runCommand(engine, name, payload, credentialsOf.get(id)).then(
          () => settle(id, null),
          (error: unknown) => settle(id, error),
        );
      }
    },
    /** Sends commands to the leader. A login's credentials stay here, kept for taking the session over. */
    send(entries: readonly OutboxEntry[], to: string): void {
      for (const { id, name, payload } of entries) {
        const credentials = credentialsOf.get(id);
        if (credentials) engine.secrets.keep(credentials);
        credentialsOf.delete(id);
        if (to !== '') post({ kind: 'command', from: tabId, to, id, name, payload });
      }
    },
    /** Runs another tab's command here, checked as the app's are, and tells it how it settled. */
    runForOther(command: { from: string; id: string; name: CommandName; payload: unknown }): void {
      const reply = (error: ScreenRecordingError | null) =>
        post({ kind: 'result', from: tabId, to: command.from, id: command.id, error });
      let running: Promise<void>;
      try {
        running = runCommand(engine, command.name, readCommand(command.name, command.payload));
      } catch (error) {
        running = Promise.reject(error);
      }
      running.then(
        () => reply(null),
        (error: unknown) =>
          reply(error instanceof ScreenRecordingError ? error : new SessionStateError(String(error))),
      );
    },
    cancel(entries: readonly OutboxEntry[]): void {
      for (const { id } of entries) settle(id, new SessionCancelledError('The session was disposed.'));
      credentialsOf.clear();
    },
  };
}

/**
 * Carries on the session the leader held, if it is this tab's agent's and this tab holds their
 * credentials: logging in again on the seat the leader had or was moving to.
 */
function adopt(engine: SessionEngine, context: TabsContext): void {
  const { leaderView, leaderWants, ownLogin } = context;
  const agent = engine.secrets.agent();
  if (!leaderView || !leaderWants || !ownLogin || leaderView.agent !== agent || agent !== ownLogin.username)
    return;
  if (leaderView.status === 'idle' || leaderView.status === 'disposed') return;
  const current =
    leaderView.server === null
      ? null
      : {
          dataCenter: leaderView.dataCenter,
          place: leaderView.place,
          devices: leaderView.devices?.map((device) => ({ ...device })) ?? null,
        };
  engine.actor.send({
    type: 'ADOPT',
    agent,
    server: ownLogin.server,
    peerServer: ownLogin.peerServer,
    current,
    wanted: leaderWants,
    coverage: leaderView.coverage,
  });
}

const ROLES: Record<string, TabRole> = {
  alone: 'alone',
  electing: 'alone',
  leading: 'leader',
  following: 'follower',
  stealing: 'follower',
  takingOver: 'follower',
  watching: 'watcher',
  disposed: 'alone',
};

function partOf(actor: Actor<typeof tabsMachine>): TabPart {
  const snapshot = actor.getSnapshot();
  const state =
    typeof snapshot.value === 'string' ? snapshot.value : (Object.keys(snapshot.value)[0] ?? 'alone');
  return { role: ROLES[state] ?? 'alone', leaderView: snapshot.context.leaderView };
}

/** The same view as far as another tab can tell (its `tab` is the receiver's own). */
function sameViewShown(a: SessionView, b: SessionView): boolean {
  return (Object.keys(a) as Array<keyof SessionView>).every((key) => key === 'tab' || a[key] === b[key]);
}

function eventOf(message: TabMessage): TabsEvent {
  switch (message.kind) {
    case 'hello':
      return { type: 'HELLO', from: message.from, agent: message.agent };
    case 'bye':
      return { type: 'BYE', from: message.from };
    case 'view':
      return { type: 'VIEW', from: message.from, view: message.view, wanted: message.wanted };
    case 'heartbeat':
      return { type: 'HEARTBEAT', from: message.from };
    case 'command':
      return {
        type: 'COMMAND',
        from: message.from,
        id: message.id,
        name: message.name,
        payload: message.payload,
      };
    case 'result':
      return { type: 'RESULT', from: message.from, id: message.id, error: message.error };
    case 'logged-out':
      return { type: 'LOGGED_OUT', from: message.from };
  }
}
