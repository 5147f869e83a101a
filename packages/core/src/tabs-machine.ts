import { assign, fromCallback, setup } from 'xstate';
import type { CommandPayloads, LoginPayload } from './commands';
import type { ScreenRecordingError } from './errors';
import type { WireSeat } from './tabs-wire';
import type { TabTimings } from './timing';
import type { CommandName, SessionView } from './types';

/**
 * Which tab of a desktop talks to SRS, as a statechart (XState v5). SRS has one session per agent
 * machine, and a desktop is often open in several tabs (a duplicated tab, a pop-out, a reload): one tab,
 * the leader, talks to SRS; the others follow its view, pass their commands to it, and one of them takes
 * the session over when the leader's page closes, crashes or freezes.
 *
 * - The leader holds a Web Lock named after the SRS address: the browser grants it to exactly one tab,
 *   and to the next in line the moment the leader's page goes. Without Web Locks, the heartbeats alone
 *   elect: of two leaders, the one with the lower id keeps the lead.
 * - The leader sends its view on every change and a heartbeat between; a follower that hears nothing for
 *   a while asks once, then steals the lock, well within SRS's timeout. Every delay follows from the
 *   session's timing (`tabTimings`), and runs on the session's clock.
 * - A tab's own commands wait in its outbox until someone can run them: itself (alone or leading) or
 *   the leader. A command sent to a leader that goes away is sent again to the next one, or run here.
 * - Only a tab that logged in itself (`ownLogin`, no password) can take over, and only the session of its
 *   own agent: a tab of another agent on a shared workstation watches, and its refused login leaves
 *   nothing behind.
 *
 * No secret is in this chart's context and nothing here does I/O or reads a clock: the channel, the
 * locks and this tab's session are reached through actions that `tabs.ts` provides.
 */

/** A command of this tab, waiting for someone to run it; `sentTo` is the leader it was last sent to. */
export interface OutboxEntry {
  id: string;
  name: CommandName;
  payload: CommandPayloads[CommandName];
  sentTo: string | null;
}

export interface TabsContext {
  tabId: string;
  timings: TabTimings;
  /** Whether the browser has Web Locks (without, heartbeats alone elect the leader). */
  locks: boolean;
  /** The tab this one follows; null when it knows none. */
  leader: string | null;
  /** The leader's view, as last heard. */
  leaderView: SessionView | null;
  /** The seat the leader's session is sending or has. */
  leaderWants: WireSeat | null;
  /** This tab's own login without the password: the agent it could carry the session on for. */
  ownLogin: LoginPayload | null;
  /** While leading: the tabs that could carry the session on (a closing leader then does not log out). */
  candidates: string[];
  outbox: OutboxEntry[];
}

export interface TabsInput {
  tabId: string;
  timings: TabTimings;
  locks: boolean;
}

export type TabsEvent =
  // This tab.
  | { type: 'RUN'; id: string; name: CommandName; payload: CommandPayloads[CommandName] }
  /** This tab's session changed while it leads: tell the others. */
  | { type: 'SESSION_CHANGED' }
  /** This tab's session, which it led, is idle again: the agent logged out. */
  | { type: 'SESSION_ENDED' }
  | { type: 'PAGE_WAKE' }
  | { type: 'PAGE_LEAVE' }
  | { type: 'DISPOSE' }
  // The lock.
  | { type: 'LOCK_GRANTED' }
  | { type: 'LOCK_UNAVAILABLE' }
  | { type: 'LOCK_LOST' }
  // The other tabs.
  | { type: 'HELLO'; from: string; agent: string | null }
  | { type: 'BYE'; from: string }
  | { type: 'VIEW'; from: string; view: SessionView; wanted: WireSeat }
  | { type: 'HEARTBEAT'; from: string }
  | { type: 'COMMAND'; from: string; id: string; name: CommandName; payload: unknown }
  | { type: 'RESULT'; from: string; id: string; error: ScreenRecordingError | null }
  | { type: 'LOGGED_OUT'; from: string };

type Event<Type extends TabsEvent['type']> = Extract<TabsEvent, { type: Type }>;

/** The effects `tabs.ts` provides: the channel, the lock, and this tab's session. */
const provided = (name: string) => () => {
  throw new Error(`${name} is provided by the tab sharing of createScreenRecordingSession.`);
};

/**
 * The leader's new view, with each part that did not change kept as the object it was: a follower's
 * components that read only those parts are not told of a change.
 */
function sameContentAs(previous: SessionView | null, next: SessionView): SessionView {
  if (!previous) return next;
  const same = (key: 'coverage' | 'devices' | 'error') =>
    JSON.stringify(previous[key]) === JSON.stringify(next[key]);
  const view = { ...next };
  if (same('coverage')) view.coverage = previous.coverage;
  if (same('devices')) view.devices = previous.devices;
  if (same('error')) view.error = previous.error;
  return (Object.keys(view) as Array<keyof SessionView>).every((key) => view[key] === previous[key])
    ? previous
    : view;
}

/** A session someone could carry on: not over, and not on its way out. */
const isLoggedIn = (view: SessionView | null) =>
  view !== null && view.status !== 'idle' && view.status !== 'disposed' && view.status !== 'loggingOut';

const tabsSetup = setup({
  types: {
    context: {} as TabsContext,
    events: {} as TabsEvent,
    input: {} as TabsInput,
  },
  actors: {
    /** The other tabs' messages, read and checked, as events. */
    channel: fromCallback<TabsEvent>(provided('channel')),
  },
  actions: {
    /** Posts this tab's `hello`, with the agent it could carry the session on for. */
    announce: provided('announce'),
    sayGoodbye: provided('sayGoodbye'),
    /** Posts this tab's session view (leading). */
    postView: provided('postView'),
    postHeartbeat: provided('postHeartbeat'),
    postLoggedOut: provided('postLoggedOut'),
    /** Posts commands of this tab to the leader. */
    postCommands: provided('postCommands') as (
      _: unknown,
      params: { entries: OutboxEntry[]; to: string },
    ) => void,
    /** Asks the browser for the lock: at once or not at all, in line, or taken from its holder. */
    requestLock: provided('requestLock') as (
      _: unknown,
      params: { mode: 'ifAvailable' | 'wait' | 'steal' },
    ) => void,
    /** Stops waiting in line for the lock; a lock already held stays held. */
    stopWaitingForLock: provided('stopWaitingForLock'),
    /** Gives the lock back (and stops waiting for it). */
    releaseLock: provided('releaseLock'),
    /** Runs commands of this tab on this tab's session, in order, and settles their promises. */
    runHere: provided('runHere') as (_: unknown, params: { entries: OutboxEntry[] }) => void,
    /** Runs another tab's command on this tab's session and posts how it settled. */
    runForOther: provided('runForOther') as (_: unknown, params: Event<'COMMAND'>) => void,
    /** Settles a command of this tab that another tab ran. */
    settle: provided('settle') as (_: unknown, params: Event<'RESULT'>) => void,
    /** This tab's session carries on the session the leader held, logging in again with this tab's credentials. */
    adopt: provided('adopt'),
    /** This tab's session stops talking to SRS, without a logout: another tab leads. */
    relinquish: provided('relinquish'),
    /** Forgets this tab's credentials: its login was refused, or the agent logged out. */
    forgetCredentials: provided('forgetCredentials'),
    /** Rejects every command still waiting: the session was disposed. */
    cancelOutbox: provided('cancelOutbox'),

    queue: assign(({ context }, entry: OutboxEntry) => ({ outbox: [...context.outbox, entry] })),
    noteOwnLogin: assign((_, entry: OutboxEntry) =>
      entry.name === 'login' ? { ownLogin: entry.payload as LoginPayload } : {},
    ),
    clearOutbox: assign({ outbox: [] }),
    markOutboxSent: assign(({ context }) => ({
      outbox: context.outbox.map((entry) => ({ ...entry, sentTo: context.leader })),
    })),
    removeFromOutbox: assign(({ context }, { id }: { id: string }) => ({
      outbox: context.outbox.filter((entry) => entry.id !== id),
    })),
    hearLeader: assign(({ context }, message: Event<'VIEW'>) => ({
      leader: message.from,
      leaderView: sameContentAs(context.leaderView, message.view),
      leaderWants: message.wanted,
      // A new leader has not seen this tab's waiting commands: they go to it again.
      outbox:
        message.from === context.leader
          ? context.outbox
          : context.outbox.map((entry) => ({ ...entry, sentTo: null })),
    })),
    forgetLeader: assign({ leader: null, leaderView: null, leaderWants: null }),
    dropOwnLogin: assign({ ownLogin: null }),
    noteCandidate: assign(({ context }, hello: Event<'HELLO'>) => {
      const others = context.candidates.filter((id) => id !== hello.from);
      const sameAgent = hello.agent !== null && hello.agent === context.ownLogin?.username;
      return { candidates: sameAgent ? [...others, hello.from] : others };
    }),
    dropCandidate: assign(({ context }, { from }: { from: string }) => ({
      candidates: context.candidates.filter((id) => id !== from),
    })),
    clearCandidates: assign({ candidates: [] }),
  },
  delays: {
    heartbeat: ({ context }) => context.timings.heartbeatMs,
    silence: ({ context }) => context.timings.silenceMs,
    confirm: ({ context }) => context.timings.confirmMs,
    handover: ({ context }) => context.timings.handoverMs,
  },
  guards: {
    isLogin: ({ event }) => event.type === 'RUN' && event.name === 'login',
    fromLeader: ({ context, event }) => 'from' in event && event.from === context.leader,
    /** A view of a session someone holds: there is a leader to follow. */
    holdsSession: ({ event }) => event.type === 'VIEW' && isLoggedIn(event.view),
    /** Taking the lead now would carry nothing on and run nothing: give the lock back instead. */
    nothingToLead: ({ context }) =>
      context.outbox.length === 0 &&
      !(isLoggedIn(context.leaderView) && context.leaderView?.agent === context.ownLogin?.username),
    /** This tab could take over, and the leader's session is being logged out. */
    leaderLoggingOut: ({ context, event }) =>
      context.ownLogin !== null && event.type === 'VIEW' && event.view.status === 'loggingOut',
    /** Without Web Locks two tabs may both lead: the one with the lower id keeps the lead. */
    yieldsTo: ({ context, event }) => !context.locks && 'from' in event && event.from < context.tabId,
    /** Another tab refused this tab's login: another agent's session is held there. */
    refusedOwnLogin: ({ context, event }) =>
      event.type === 'RESULT' &&
      event.error?.code === 'in-use' &&
      context.outbox.some((entry) => entry.id === event.id && entry.name === 'login'),
  },
});

const runParams = ({ event }: { event: Event<'RUN'> }): OutboxEntry => ({
  id: event.id,
  name: event.name,
  payload: event.payload,
  sentTo: null,
});

/** Runs the whole outbox here, in order, and empties it. */
const runOutboxHere = [
  { type: 'runHere', params: ({ context }: { context: TabsContext }) => ({ entries: context.outbox }) },
  'clearOutbox',
] as const;

/** Posts to the leader the commands it has not been sent yet. */
const sendOutbox = [
  {
    type: 'postCommands',
    params: ({ context }: { context: TabsContext }) => ({
      entries: context.outbox.filter((entry) => entry.sentTo !== context.leader),
      to: context.leader ?? '',
    }),
  },
  'markOutboxSent',
] as const;

/**
 * Following another tab, with or without the means to take over: listen to the leader; when it falls
 * silent, ask once (this tab may have been frozen itself and missed its heartbeats), then act.
 */
function followLeader(onSilence: string) {
  // The leader spoke: the wait for silence starts again. Taken by the child states, so that only they
  // are left and entered again, not the state that waits in line for the lock.
  const heardLeader = {
    VIEW: [
      {
        // The agent is logging out (in any tab): nothing will be left to take over, so this tab stops
        // waiting in line now, before the leader's lock comes free, and forgets the agent.
        guard: 'leaderLoggingOut',
        target: '#tabs.watching',
        actions: [
          { type: 'hearLeader', params: ({ event }: { event: Event<'VIEW'> }) => event },
          'forgetCredentials',
          'dropOwnLogin',
          'announce',
        ],
      },
      {
        target: 'listening',
        reenter: true,
        actions: [
          { type: 'hearLeader', params: ({ event }: { event: Event<'VIEW'> }) => event },
          ...sendOutbox,
        ],
      },
    ],
    HEARTBEAT: { guard: 'fromLeader', target: 'listening', reenter: true },
  } as const;
  return tabsSetup.createStateConfig({
    initial: 'listening',
    states: {
      listening: { after: { silence: 'confirming' }, on: heardLeader },
      confirming: { entry: 'announce', after: { confirm: onSilence }, on: heardLeader },
    },
    on: {
      // The leader's page is going: check at once whether another tab carries on.
      BYE: { guard: 'fromLeader', target: '.confirming' },
      LOGGED_OUT: {
        guard: 'fromLeader',
        target: '#tabs.alone',
        actions: ['forgetCredentials', 'dropOwnLogin'],
      },
      RUN: {
        actions: [
          { type: 'queue', params: runParams },
          { type: 'noteOwnLogin', params: runParams },
          'announce',
          ...sendOutbox,
        ],
      },
    },
  });
}

const listen = followLeader('#tabs.stealing');
const watch = followLeader('#tabs.alone');

/** Taking the lead after a wait or a steal: carry the leader's session on, or run this tab's commands. */
const takeTheLead = [
  { guard: 'nothingToLead', target: '#tabs.alone', actions: 'releaseLock' },
  { target: '#tabs.leading', actions: 'adopt' },
] as const;

export const tabsMachine = tabsSetup.createMachine({
  id: 'tabs',
  context: ({ input }) => ({
    tabId: input.tabId,
    timings: input.timings,
    locks: input.locks,
    leader: null,
    leaderView: null,
    leaderWants: null,
    ownLogin: null,
    candidates: [],
    outbox: [],
  }),
  initial: 'alone',
  entry: 'announce',
  invoke: { src: 'channel' },
  on: {
    DISPOSE: '.disposed',
    PAGE_WAKE: { actions: 'announce' },
    PAGE_LEAVE: { actions: 'sayGoodbye' },
    // A lock this tab no longer wants (granted while it moved on): give it back at once.
    LOCK_GRANTED: { actions: 'releaseLock' },
    // A late answer to a command this tab has run since (or given up): nothing waits for it any more.
    RESULT: {
      actions: [
        { type: 'settle', params: ({ event }) => event },
        { type: 'removeFromOutbox', params: ({ event }) => event },
      ],
    },
  },
  states: {
    /** No other tab holds the session, as far as this one knows: it runs its own commands. */
    alone: {
      entry: ['forgetLeader', ...runOutboxHere],
      on: {
        VIEW: {
          guard: 'holdsSession',
          target: 'watching',
          actions: { type: 'hearLeader', params: ({ event }) => event },
        },
        RUN: [
          {
            guard: 'isLogin',
            target: 'electing',
            actions: [
              { type: 'queue', params: runParams },
              { type: 'noteOwnLogin', params: runParams },
              'announce',
            ],
          },
          { actions: { type: 'runHere', params: ({ event }) => ({ entries: [runParams({ event })] }) } },
        ],
        COMMAND: { actions: { type: 'runForOther', params: ({ event }) => event } },
      },
    },

    /** This tab's login asks for the lead: the lock at once, or follow whoever has it. */
    electing: {
      entry: { type: 'requestLock', params: { mode: 'ifAvailable' } },
      on: {
        LOCK_GRANTED: 'leading',
        LOCK_UNAVAILABLE: 'following',
        VIEW: { actions: { type: 'hearLeader', params: ({ event }) => event } },
        RUN: {
          actions: [
            { type: 'queue', params: runParams },
            { type: 'noteOwnLogin', params: runParams },
          ],
        },
      },
    },

    /** This tab talks to SRS for every tab of the desktop. */
    leading: {
      entry: ['forgetLeader', ...runOutboxHere, 'postView'],
      exit: ['releaseLock', 'clearCandidates'],
      initial: 'beating',
      states: {
        beating: { after: { heartbeat: { target: 'beating', reenter: true, actions: 'postHeartbeat' } } },
      },
      on: {
        RUN: { actions: { type: 'runHere', params: ({ event }) => ({ entries: [runParams({ event })] }) } },
        COMMAND: { actions: { type: 'runForOther', params: ({ event }) => event } },
        HELLO: { actions: [{ type: 'noteCandidate', params: ({ event }) => event }, 'postView'] },
        BYE: { actions: { type: 'dropCandidate', params: ({ event }) => event } },
        SESSION_CHANGED: { actions: 'postView' },
        SESSION_ENDED: { target: 'alone', actions: ['postLoggedOut', 'forgetCredentials', 'dropOwnLogin'] },
        // The lock was taken while this tab was frozen or asleep: another tab leads now.
        LOCK_LOST: { target: 'following', actions: 'relinquish' },
        VIEW: {
          guard: 'yieldsTo',
          target: 'following',
          actions: ['relinquish', { type: 'hearLeader', params: ({ event }) => event }],
        },
        HEARTBEAT: { guard: 'yieldsTo', target: 'following', actions: 'relinquish' },
      },
    },

    /** Another tab leads; this one holds the agent's credentials and waits in line to take over. */
    following: {
      entry: [{ type: 'requestLock', params: { mode: 'wait' } }, ...sendOutbox],
      exit: 'stopWaitingForLock',
      ...listen,
      on: {
        ...listen.on,
        LOCK_GRANTED: 'takingOver',
        RESULT: [
          {
            // Another agent's session is held here: this tab keeps nothing, and watches.
            guard: 'refusedOwnLogin',
            target: 'watching',
            actions: [
              { type: 'settle', params: ({ event }) => event },
              { type: 'removeFromOutbox', params: ({ event }) => event },
              'forgetCredentials',
              'dropOwnLogin',
              'announce',
            ],
          },
          {
            actions: [
              { type: 'settle', params: ({ event }) => event },
              { type: 'removeFromOutbox', params: ({ event }) => event },
            ],
          },
        ],
      },
    },

    /** The leader fell silent: take the lock from it, then the session. */
    stealing: {
      entry: { type: 'requestLock', params: { mode: 'steal' } },
      on: { LOCK_GRANTED: 'takingOver', RUN: { actions: { type: 'queue', params: runParams } } },
    },

    /**
     * This tab holds the lock the leader let go of (or that it took from a silent leader). The leader's
     * last messages may still be on their way: a logout means there is nothing to carry on.
     */
    takingOver: {
      after: { handover: takeTheLead },
      on: {
        VIEW: { actions: { type: 'hearLeader', params: ({ event }) => event } },
        LOGGED_OUT: {
          guard: 'fromLeader',
          target: 'alone',
          actions: ['releaseLock', 'forgetCredentials', 'dropOwnLogin'],
        },
        LOCK_LOST: 'following',
        RUN: { actions: { type: 'queue', params: runParams } },
      },
    },

    /** Another tab leads; this one never logged in (or another agent's session is held): it shows, and passes commands on. */
    watching: {
      entry: sendOutbox,
      ...watch,
      on: {
        ...watch.on,
        RUN: [
          {
            guard: 'isLogin',
            target: 'following',
            actions: [
              { type: 'queue', params: runParams },
              { type: 'noteOwnLogin', params: runParams },
              'announce',
            ],
          },
          { actions: [{ type: 'queue', params: runParams }, ...sendOutbox] },
        ],
      },
    },

    /** After `dispose()`: this tab says goodbye, lets the lock go, and every waiting command is cancelled. */
    disposed: {
      type: 'final',
      entry: ['sayGoodbye', 'cancelOutbox', 'clearOutbox', 'releaseLock', 'forgetLeader'],
    },
  },
});
