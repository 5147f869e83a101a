import { describe, expect, it } from 'vitest';
import { SessionCancelledError, SessionStateError } from '../src/errors';
import type { SessionStatus, SessionView } from '../src/types';
import { ALICE, createHarness, run } from './support/session-harness';

/** Fails to compile when the machine gains a top-level state that this switch does not name. */
function describeStatus(status: SessionStatus): string {
  switch (status) {
    case 'idle':
    case 'loggingIn':
    case 'active':
    case 'switchingPlace':
    case 'loggingOut':
    case 'failed':
    case 'failover':
    case 'disposed':
      return status;
    default:
      return status satisfies never;
  }
}

describe('the command surface', () => {
  it('is one frozen object whose functions need no `this`, the same ones the session carries', async () => {
    const { clock, srs, session } = createHarness();
    const { commands } = session;
    expect(Object.isFrozen(commands)).toBe(true);
    expect(Object.keys(commands).sort()).toEqual(
      ['failback', 'failover', 'login', 'logout', 'retry', 'switchPlace'].sort(),
    );
    for (const name of Object.keys(commands) as Array<keyof typeof commands>) {
      expect(session[name]).toBe(commands[name]);
    }

    const { login, switchPlace, logout } = commands;
    expect(await run(clock, login(ALICE))).toEqual({ ok: true });
    expect(await run(clock, switchPlace({ place: 'bobPlace' }))).toEqual({ ok: true });
    expect(await run(clock, logout())).toEqual({ ok: true });
    expect(srs.calls.map((call) => call.operation)).toEqual(['login', 'login', 'logout']);
  });

  it('names the command and the state when a command does not apply', async () => {
    const { session } = createHarness();
    await expect(session.commands.failover()).rejects.toThrow(
      new SessionStateError('failover() is not possible while the session is idle.'),
    );
  });
});

describe('listeners', () => {
  it('see every view in order, even when one sends a command from inside its call, and that command settles', async () => {
    const { clock, session } = createHarness();
    const seenByFirst: string[] = [];
    const seenBySecond: string[] = [];
    let logout: Promise<void> | undefined;
    session.subscribe((view) => {
      seenByFirst.push(view.status);
      if (view.status === 'active' && !logout) logout = session.logout();
    });
    session.subscribe((view) => seenBySecond.push(view.status));
    await run(clock, session.login(ALICE));
    await clock.advance(1_000);

    expect(await run(clock, logout ?? Promise.reject(new Error('no logout')))).toEqual({ ok: true });
    expect(seenBySecond).toEqual(seenByFirst);
    expect(seenByFirst.filter((status, index) => status !== seenByFirst[index - 1])).toEqual([
      'loggingIn',
      'active',
      'loggingOut',
      'idle',
    ]);
  });
});

describe('after dispose()', () => {
  it('the view says the session is gone, once, to the listeners it had', async () => {
    const { clock, session } = createHarness();
    await run(clock, session.login(ALICE));
    const seen: SessionView[] = [];
    session.subscribe((view) => seen.push(view));

    session.dispose();

    const view = session.getSnapshot();
    expect(describeStatus(view.status)).toBe('disposed');
    expect(view).toMatchObject({ isRecordingSessionActive: false, nextPollAt: null, place: null });
    expect(seen.map((each) => each.status)).toEqual(['disposed']);
    expect(seen[0]).toBe(view);
  });

  it('accepts a late subscribe, never calls it, and returns an unsubscribe that does nothing', async () => {
    const { clock, session } = createHarness();
    session.dispose();
    let calls = 0;
    const unsubscribe = session.subscribe(() => calls++);
    await clock.advance(60_000);
    expect(unsubscribe).not.toThrow();
    expect(calls).toBe(0);
  });

  it.each([
    ['idle', async () => {}],
    [
      'loggingIn',
      async (h: ReturnType<typeof createHarness>) => {
        h.srs.script('login', 'hang');
        void h.session.login(ALICE).catch(() => {});
        await h.clock.advance(0);
      },
    ],
    [
      'active',
      async (h: ReturnType<typeof createHarness>) => {
        await run(h.clock, h.session.login(ALICE));
      },
    ],
    [
      'loggingOut',
      async (h: ReturnType<typeof createHarness>) => {
        await run(h.clock, h.session.login(ALICE));
        h.srs.script('logout', 'hang');
        void h.session.logout().catch(() => {});
        await h.clock.advance(0);
      },
    ],
    [
      'failed',
      async (h: ReturnType<typeof createHarness>) => {
        h.srs.script('login', { status: 401 });
        await run(h.clock, h.session.login(ALICE));
      },
    ],
  ] as const)(
    'from %s, every command rejects with SessionStateError and leaves no timer',
    async (status, reach) => {
      const harness = createHarness();
      await reach(harness);
      expect(harness.session.getSnapshot().status).toBe(status);
      harness.session.dispose();

      const { commands } = harness.session;
      const attempts = [
        commands.login(ALICE),
        commands.switchPlace({ place: 'bobPlace' }),
        commands.logout(),
        commands.failover(),
        commands.failback(),
        commands.retry(),
      ];
      for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(SessionStateError);
      await harness.clock.advance(0);
      expect(harness.clock.pendingTimers).toBe(0);
    },
  );

  it('rejects a command that was waiting with SessionCancelledError', async () => {
    const { clock, srs, session } = createHarness();
    srs.script('login', 'hang');
    const login = session.login(ALICE);
    await clock.advance(0);
    session.dispose();
    await expect(login).rejects.toBeInstanceOf(SessionCancelledError);
  });
});

describe('what the app hands in cannot stop the session', () => {
  it('a logger that throws on every call changes nothing', async () => {
    const thrower = () => {
      throw new Error('broken logger');
    };
    const { clock, session, statuses } = createHarness({
      logger: { debug: thrower, info: thrower, warn: thrower, error: thrower },
    });
    expect(await run(clock, session.login(ALICE))).toEqual({ ok: true });
    await clock.advance(60_000);
    expect(await run(clock, session.logout())).toEqual({ ok: true });
    expect(statuses()).toEqual(['idle', 'loggingIn', 'active', 'loggingOut', 'idle']);
  });

  it('an inspect observer that throws is ignored, and reported once', async () => {
    const errors: string[] = [];
    const noop = () => {};
    const { clock, session } = createHarness({
      inspect: () => {
        throw new Error('broken inspector');
      },
      logger: { debug: noop, info: noop, warn: noop, error: (message) => errors.push(message) },
    });
    expect(await run(clock, session.login(ALICE))).toEqual({ ok: true });
    await clock.advance(60_000);
    expect(session.getSnapshot().status).toBe('active');
    expect(errors.filter((message) => message.includes('inspect'))).toHaveLength(1);
  });
});
