import { afterEach, describe, expect, it, vi } from 'vitest';
import { SrsBusyError, SrsPermissionDeniedError, SrsRejectedError, SrsUnavailableError } from '../src/errors';
import { ALICE, createHarness, run } from './support/session-harness';

describe('SRS saying "later"', () => {
  it('a 429 at login is temporary: the session waits as long as SRS asked, then logs in', async () => {
    const { clock, srs, session } = createHarness();
    srs.script('login', { status: 429, retryAfterSeconds: 7 });
    const login = run(clock, session.login(ALICE));
    await clock.advance(0);
    expect(session.getSnapshot().error).toBeInstanceOf(SrsBusyError);
    expect(session.getSnapshot().error?.message).toMatch(/busy.*again in 7 s/);
    expect(session.getSnapshot().nextPollAt).toBe(clock.now() + 7_000);
    expect(await login).toEqual({ ok: true });
    const [first, second] = srs.calls;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBe(7_000);
  });

  it('a 503 with Retry-After on a poll retries when asked, but never past SRS timeout', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.script('ping', { status: 503, retryAfterSeconds: 120 });
    await clock.advance(30_000);
    const failedAt = clock.monotonicNow();
    await clock.advance(60_000);
    const retry = srs.calls.filter((call) => call.operation === 'ping')[1];
    // Asked for 120 s, but SRS drops the session 60 s after the last good request (the login): the
    // retry leaves a second before that.
    expect((retry?.at ?? 0) - failedAt).toBe(29_000);
    expect(session.getSnapshot().status).toBe('active');
    expect(srs.hasSession).toBe(true);
  });
});

describe('what the view says about the next request', () => {
  it('gives the time of the retry while retrying, not a stuck "now"', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.script('ping', 'network');
    await clock.advance(30_000);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', consecutiveFailures: 1 });
    expect(session.getSnapshot().nextPollAt).toBe(clock.now() + 2_000);
  });

  it('is one interval after the poll began, never more, right after a poll', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.script('ping', { status: 200, delayMs: 700 });
    await clock.advance(30_700);
    expect(session.getSnapshot().nextPollAt).toBe(clock.now() + 30_000 - 700);
  });
});

describe('a logout SRS did not confirm', () => {
  it('goes idle, and the view says the logout was not confirmed and what happens next', async () => {
    const { clock, srs, session } = createHarness();
    await run(clock, session.login(ALICE));
    srs.goDown();
    expect(await run(clock, session.logout())).toEqual({ ok: true });
    const view = session.getSnapshot();
    expect(view.status).toBe('idle');
    expect(view.error).toBeInstanceOf(SrsUnavailableError);
    expect(view.error?.message).toMatch(/logout/);
  });

  it('a confirmed logout leaves no error', async () => {
    const { clock, session } = createHarness();
    await run(clock, session.login(ALICE));
    await run(clock, session.logout());
    expect(session.getSnapshot().error).toBeNull();
  });
});

describe('an address that is not SRS', () => {
  it('a redirect at login is reported as such, not as "not running", and not retried', async () => {
    const { clock, srs, session } = createHarness();
    srs.script('login', { status: 302 });
    const outcome = await run(clock, session.login(ALICE));
    expect(!outcome.ok && outcome.error).toBeInstanceOf(SrsRejectedError);
    expect(!outcome.ok && (outcome.error as Error).message).toMatch(/redirect.*not at SRS/);
    expect(srs.count('login')).toBe(1);
  });
});

describe("the browser's Local Network Access permission", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** A `navigator.permissions` whose `loopback-network` state the test sets, firing `change` as Chromium does. */
  function stubPermission(initial: PermissionState) {
    const status = Object.assign(new EventTarget(), { state: initial });
    vi.stubGlobal('navigator', {
      permissions: {
        query: async ({ name }: { name: string }) => {
          if (name !== 'loopback-network') throw new TypeError(`unknown permission ${name}`);
          return status;
        },
      },
    });
    return (state: PermissionState) => {
      status.state = state;
      status.dispatchEvent(new Event('change'));
    };
  }

  it('a denial becomes its own error, sends nothing more, and a grant logs in again at once', async () => {
    const setPermission = stubPermission('denied');
    const { clock, srs, session } = createHarness();
    await clock.advance(0);
    expect(session.getSnapshot().localNetworkAccess).toBe('denied');
    srs.goDown(); // what a denied request looks like from the page: a network error
    const outcome = await run(clock, session.login(ALICE));

    expect(!outcome.ok && outcome.error).toBeInstanceOf(SrsPermissionDeniedError);
    const message = (!outcome.ok && (outcome.error as Error).message) || '';
    expect(message).toMatch(/allow access to apps on this device/);
    expect(message).toMatch(/LocalNetworkAccessAllowedForUrls/);
    expect(message).toMatch(/allow="loopback-network"/);
    expect(session.getSnapshot()).toMatchObject({ status: 'failed', nextPollAt: null });
    await clock.advance(10 * 60_000);
    expect(srs.calls).toHaveLength(1);

    srs.comeBack();
    setPermission('granted');
    await clock.advance(0);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', localNetworkAccess: 'granted' });
    expect(srs.count('login')).toBe(2);
    session.dispose();
  });

  it('is unknown where the browser has no such permission', async () => {
    vi.stubGlobal('navigator', {
      permissions: { query: async () => Promise.reject(new TypeError('unknown')) },
    });
    const { clock, session } = createHarness();
    await clock.advance(0);
    expect(session.getSnapshot().localNetworkAccess).toBe('unknown');
    session.dispose();
  });
});
