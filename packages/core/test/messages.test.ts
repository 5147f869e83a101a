import { describe, expect, it } from 'vitest';
import {
  type ScreenRecordingError,
  type ScreenRecordingErrorCode,
  SessionCancelledError,
  SessionInUseError,
  SessionStateError,
  SrsConfigurationError,
  SrsInsecureContextError,
  SrsMoveRefusedError,
  SrsPermissionDeniedError,
  SrsUnavailableError,
} from '../src/errors';
import {
  describeError,
  describeView,
  MESSAGE_HEADLINES,
  type MessageContext,
  type MessageKey,
  type SessionMessage,
} from '../src/messages';
import { outcomeToError } from '../src/protocol';
import type { CommandName, SessionStatus, SessionView, TabRole } from '../src/types';
import { SESSION_STATUSES } from '../src/view';
import { ALICE, createHarness, run } from './support/session-harness';

const WHERE: MessageContext = {
  srsUrl: 'http://127.0.0.1:4100',
  pageOrigin: 'https://desk.example.com',
  secureContext: true,
};

/** One error of each code, with the messages the session really gives where it builds them. */
const ERRORS = {
  configuration: new SrsConfigurationError('devices[0].dn', 'must be the DN as configured in Genesys.'),
  unauthorized: outcomeToError({ kind: 'unauthorized', status: 401 }, 'login'),
  forbidden: outcomeToError({ kind: 'forbidden', status: 403 }, 'login'),
  rejected: outcomeToError({ kind: 'rejected', status: 400 }, 'login', { place: 'alicePlace' }),
  unavailable: outcomeToError({ kind: 'unavailable', reason: 'network' }, 'ping'),
  'server-error': outcomeToError({ kind: 'server-error', status: 503, retryAfterMs: null }, 'ping'),
  busy: outcomeToError({ kind: 'busy', status: 429, retryAfterMs: 2_000 }, 'ping'),
  'permission-denied': new SrsPermissionDeniedError('The browser blocked this page (Local Network Access).'),
  'move-refused': new SrsMoveRefusedError(
    'SRS refused the move to place "bobPlace": SRS rejected the login (400). The agent is still recorded on the default place.',
    outcomeToError({ kind: 'rejected', status: 400 }, 'login', { place: 'bobPlace' }),
  ),
  'in-use': new SessionInUseError('bob', 'Screen recording on this computer is in use by agent "bob".'),
  'invalid-state': new SessionStateError('switchPlace() is not possible while the session is idle.'),
  cancelled: new SessionCancelledError('The session became idle first.'),
  'insecure-context': new SrsInsecureContextError('The desktop is served over plain HTTP (http://10.0.0.5).'),
} satisfies Record<ScreenRecordingErrorCode, ScreenRecordingError>;

const CODES = Object.keys(ERRORS) as ScreenRecordingErrorCode[];
const COMMANDS: Array<CommandName | undefined> = [
  undefined,
  'login',
  'switchPlace',
  'logout',
  'failover',
  'failback',
  'retry',
];
const ROLES: TabRole[] = ['alone', 'leader', 'follower', 'watcher'];

/** A view of a session that worked for a while: the shift started, alice is the agent. */
function viewOf(status: SessionStatus, changes: Partial<SessionView> = {}): SessionView {
  const idle = createHarness().session.getSnapshot();
  return {
    ...idle,
    status,
    agent: status === 'idle' || status === 'disposed' ? null : 'alice',
    server: 'https://rws.dc1.example.com',
    nextPollAt: status === 'failed' ? 1_000 : null,
    coverage: { ...idle.coverage, start: { at: 0, mono: 0 } },
    ...changes,
  };
}

/** Every message a view can produce here: each status, with no error and with each code, in each tab role. */
function everyViewMessage(): Array<{ what: string; message: SessionMessage }> {
  const all: Array<{ what: string; message: SessionMessage }> = [];
  for (const status of SESSION_STATUSES) {
    for (const error of [null, ...Object.values(ERRORS)]) {
      for (const tab of ROLES) {
        for (const nextPollAt of [null, 1_000]) {
          const view = viewOf(status, { error, tab, nextPollAt });
          all.push({ what: `${status} ${error?.code ?? 'ok'} ${tab}`, message: describeView(view, WHERE) });
        }
      }
    }
    for (const localNetworkAccess of ['prompt', 'denied', 'granted', 'unknown'] as const) {
      for (const secureContext of [true, false]) {
        const view = viewOf(status, { localNetworkAccess });
        all.push({ what: `${status} ${localNetworkAccess}`, message: describeView(view, { secureContext }) });
      }
    }
  }
  const moves = [
    new SrsMoveRefusedError('Could not move to the recovery data center.', ERRORS['server-error']),
    new SrsMoveRefusedError(
      'Could not move.',
      new SrsUnavailableError('timeout', 'SRS did not answer in time.'),
    ),
  ];
  for (const error of moves) {
    all.push({
      what: 'active after a move that got no good answer',
      message: describeView(viewOf('active', { error })),
    });
  }
  return all;
}

function everyErrorMessage(): Array<{ what: string; message: SessionMessage }> {
  const errors: unknown[] = [
    ...Object.values(ERRORS),
    new SrsMoveRefusedError('Could not move.', ERRORS['server-error']),
    new SrsUnavailableError('timeout', 'SRS did not answer the login within the request timeout.'),
    new Error('Devices: write each one as DN@Switch.'),
    'a string thrown',
  ];
  return errors.flatMap((error) =>
    COMMANDS.map((command) => ({
      what: `${command ?? 'no command'} rejected with ${error instanceof Error ? error.name : String(error)}`,
      message: describeError(error, command, WHERE),
    })),
  );
}

const ALL = [...everyViewMessage(), ...everyErrorMessage()];

// Words for an administrator, not an agent.
const ADMINISTRATOR_WORDS = /CORS|origin|fail ?over|fail ?back|5xx|\b[1-5]\d\d\b|\bSRS\b|CSRF|srsUrl|\(\)/i;

describe('the words of a view and of a refused command', () => {
  it('has a message, a key and a tone for every status, tab role and error code', () => {
    for (const { what, message } of ALL) {
      expect(Object.keys(MESSAGE_HEADLINES), what).toContain(message.key);
      expect(['ok', 'info', 'warning', 'error'], what).toContain(message.tone);
      expect(message.headline.length, what).toBeGreaterThan(10);
      expect(message.detail.length, what).toBeGreaterThan(10);
    }
    for (const status of SESSION_STATUSES) {
      expect(ALL.some(({ what }) => what.startsWith(`${status} `))).toBe(true);
    }
    for (const code of CODES) {
      expect(describeError(ERRORS[code]).key).toBeTruthy();
    }
  });

  it('keeps its keys: the list below changes only on purpose, since desktops translate by it', () => {
    expect(Object.keys(MESSAGE_HEADLINES)).toEqual([
      'session.off',
      'session.starting',
      'session.recording',
      'place.moving',
      'session.reconnecting',
      'session.stopping',
      'session.disposed',
      'session.expired',
      'session.retrying',
      'session.stopped',
      'tab.watcher',
      'logout.unconfirmed',
      'logout.refused',
      'access.will-ask',
      'access.blocked',
      'page.insecure',
      'login.refused',
      'login.rejected',
      'srs.refused',
      'srs.unreachable',
      'srs.slow',
      'srs.errors',
      'srs.busy',
      'move.refused',
      'place.refused',
      'place.failed',
      'datacenter.not-moved',
      'session.in-use',
      'input.invalid',
      'command.not-now',
      'command.cancelled',
      'command.failed',
      'unexpected',
    ] satisfies MessageKey[]);
  });

  it('gives each key one headline of its own, and uses every key', () => {
    const headlines = Object.values(MESSAGE_HEADLINES);
    expect(new Set(headlines).size).toBe(headlines.length);
    const used = new Set(ALL.map(({ message }) => message.key));
    expect([...Object.keys(MESSAGE_HEADLINES)].filter((key) => !used.has(key as MessageKey))).toEqual([]);
    // The headline is the key's headline with its params filled in, so a translation by key says the same.
    for (const { what, message } of ALL) {
      const pattern = MESSAGE_HEADLINES[message.key]
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{(\w+)\}/g, (_, name: string) => (name in message.params ? '.+' : '<missing>'));
      expect(message.headline, what).toMatch(new RegExp(`^${pattern}$`));
    }
  });

  it('never tells the agent about CORS, origins, failover or status codes: the detail does', () => {
    for (const { what, message } of ALL) expect(message.headline, what).not.toMatch(ADMINISTRATOR_WORDS);
    const unreachable = describeView(viewOf('failed', { error: ERRORS.unavailable }), WHERE);
    expect(unreachable.key).toBe('srs.unreachable');
    expect(unreachable.detail).toContain('CORS');
    expect(unreachable.detail).toContain('https://desk.example.com');
    expect(unreachable.detail).toContain('http://127.0.0.1:4100');
  });

  it('says a watcher shows another agent’s session, and still what that session is going through', () => {
    const watching = describeView(
      viewOf('failed', { tab: 'watcher', agent: 'bob', error: ERRORS.unavailable }),
    );
    expect(watching).toMatchObject({ key: 'tab.watcher', tone: 'error', params: { agent: 'bob' } });
    expect(watching.headline).toMatch(/bob.*another tab/);
    expect(watching.detail).toContain('does not answer');
    expect(describeView(viewOf('active', { tab: 'follower' })).key).toBe('session.recording');
  });

  it('names the other agent when a login is refused because the session is in use', () => {
    const message = describeError(ERRORS['in-use'], 'login');
    expect(message).toMatchObject({ key: 'session.in-use', tone: 'error', params: { agent: 'bob' } });
    expect(message.headline).toContain('bob');
  });

  it('tells a refused place from a move that got no good answer', () => {
    expect(describeError(ERRORS['move-refused'], 'switchPlace').key).toBe('place.refused');
    const noAnswer = new SrsMoveRefusedError(
      'SRS refused the move to place "bobPlace": SRS answered 503 at login. The agent is still recorded on the default place.',
      outcomeToError({ kind: 'server-error', status: 503, retryAfterMs: null }, 'login'),
    );
    const message = describeError(noAnswer, 'switchPlace');
    expect(message.key).toBe('place.failed');
    expect(message.headline).not.toMatch(/check the place/i);
    expect(message.detail).not.toContain('still recorded');
    expect(describeError(noAnswer, 'failover').key).toBe('datacenter.not-moved');
  });

  it('names the field a command was refused for, in words', () => {
    expect(describeError(ERRORS.configuration, 'switchPlace')).toMatchObject({
      key: 'input.invalid',
      params: { field: 'devices' },
      headline: 'Not sent: check the devices.',
    });
    const server = describeError(
      new SrsConfigurationError('server', 'must be an absolute http(s) URL.'),
      'login',
    );
    expect(server.headline).toBe('Not sent: check the RWS server.');
  });
});

describe('the words match what the session went through', () => {
  it('a 5xx storm: the automatic move to the recovery data center fails, and the words say SRS reports errors, not that the agent is recorded', async () => {
    const { clock, srs, session, views } = createHarness({ selfHealIntervalMs: 5_000 });
    await run(clock, session.login(ALICE));
    const start = views.length;
    for (let i = 0; i < 40; i++) srs.script('ping', { status: 503 });
    for (let i = 0; i < 40; i++) srs.script('login', { status: 503 });
    await clock.advance(3 * 60_000);
    const storm = views.slice(start);

    // What the machine did: failed, logged in by itself, moved to the recovery data center, and came back.
    const statuses = storm.map((view) => view.status).filter((status, i, all) => status !== all[i - 1]);
    expect(statuses).toEqual(expect.arrayContaining(['failed', 'loggingIn', 'failover', 'active']));
    const back = storm.find((view) => view.status === 'active' && view.error?.code === 'move-refused');
    expect(back, 'the refused automatic move').toBeDefined();
    const words = describeView(back as SessionView, WHERE);
    expect(words).toMatchObject({ key: 'srs.errors', tone: 'warning' });
    expect(`${words.headline} ${words.detail}`).not.toMatch(/still recorded|check the place/i);
    expect(words.detail).toMatch(/next poll shows whether SRS still holds the session/);

    const moving = storm.find((view) => view.status === 'failover' && view.error !== null);
    const movingWords = describeView(moving as SessionView, WHERE);
    expect(movingWords.key).toBe('srs.errors');
    expect(movingWords.detail).toMatch(
      /by itself when maxConsecutiveFailures logins in a row naming the primary RWS .*polls do not count.* were answered 5xx/,
    );
    // Every view of the storm reads as trouble, never as "Screen recording is on."
    for (const view of storm) expect(describeView(view).key).not.toBe('session.recording');
  });

  it('a login that never worked leaves nothing to say once the agent logs out', async () => {
    const { clock, srs, session } = createHarness({ selfHealIntervalMs: 60_000 });
    srs.goDown();
    await run(clock, session.login(ALICE));
    expect(session.getSnapshot()).toMatchObject({ status: 'failed', error: { code: 'unavailable' } });
    await run(clock, session.logout());
    // The logout cleared the login's error: nothing is left to say.
    expect(session.getSnapshot().error).toBeNull();
    expect(describeView(session.getSnapshot()).key).toBe('session.off');
  });

  it('a logout SRS refused after a shift that worked says so, in the view and for the command', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.script('logout', { status: 500 });
    const outcome = await run(clock, session.logout());
    expect(outcome.ok).toBe(false);
    expect(describeView(session.getSnapshot()).key).toBe('logout.refused');
    expect(describeError(!outcome.ok && outcome.error, 'logout').key).toBe('logout.refused');
  });

  it('SRS gone at logout: logged out, not confirmed, nothing to do', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.goDown();
    expect(await run(clock, session.logout())).toEqual({ ok: true });
    expect(describeView(session.getSnapshot())).toMatchObject({ key: 'logout.unconfirmed', tone: 'info' });
  });
});
