import { createFakeSrs, ManualClock } from '@screen-recording/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScreenRecordingSession } from '../src/create-session';
import { SessionInUseError, SrsForbiddenError } from '../src/errors';
import { TABS_PROTOCOL_VERSION } from '../src/tabs-wire';
import type { LoginParams } from '../src/types';
import { createBrowser } from './support/browser-tabs';
import { ALICE, PASSWORD, run } from './support/session-harness';

/**
 * What a contact center did to tab sharing (a hostile walk, first in a real Chromium), each scenario
 * replayed here on in-memory tabs: a refused login leaves nothing behind, a command is never lost
 * between tabs, a takeover can end the session it carries on, and what crosses between tabs is checked.
 */
const BOB: LoginParams = { ...ALICE, username: 'bob', password: 'bobs-own-secret' };
const CHANNEL = 'screen-recording:http://127.0.0.1:4100';

/** How long a command took to settle, on the session's clock, and how. */
async function timed(clock: ManualClock, command: Promise<void>) {
  const started = clock.monotonicNow();
  const outcome = await run(clock, command);
  return { ...outcome, tookMs: clock.monotonicNow() - started };
}

/** The id a tab goes by on the channel, read from the messages it sent. */
function idOfLeader(messages: unknown[]): string {
  const view = messages.find((message) => (message as { kind?: string }).kind === 'view') as { from: string };
  return view.from;
}

describe('tab sharing under a hostile walk', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("refuses another agent's login in a second tab, keeps nothing of it, and never records Alice with it", async () => {
    const browser = createBrowser();
    const alice = browser.openTab();
    await run(browser.clock, alice.session.login(ALICE));
    const bob = browser.openTab();

    const refused = await run(browser.clock, bob.session.login(BOB));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toBeInstanceOf(SessionInUseError);
    expect(!refused.ok && (refused.error as SessionInUseError).agent).toBe('alice');
    // Bob's tab says whose session SRS records, and that it cannot carry it on.
    expect(bob.session.getSnapshot()).toMatchObject({ agent: 'alice', tab: 'watcher', status: 'active' });

    // Alice's tab closes: Bob's tab takes nothing over and sends nothing, as Bob or as Alice.
    alice.session.dispose();
    await browser.clock.advance(3 * 60_000);
    expect(browser.requestsOf(bob.tab)).toEqual([]);
    expect(browser.sentBy.filter((request) => request.agent === 'bob')).toEqual([]);
    expect(bob.session.getSnapshot()).toMatchObject({ status: 'idle', agent: null, tab: 'alone' });

    // Now that no one holds the session, Bob logs in from his tab as himself.
    expect(await run(browser.clock, bob.session.login(BOB))).toEqual({ ok: true });
    expect(browser.requestsOf(bob.tab, 'login').map((request) => request.agent)).toEqual(['bob']);
    browser.closeAll();
  });

  it.each([
    ['in the same moment', 0],
    ['1 ms apart', 1],
    ['the second first', -1],
  ])('settles two logins from two tabs %s, with one SRS login and one poller', async (_, apartMs) => {
    const browser = createBrowser();
    const a = browser.openTab();
    const b = browser.openTab();
    await browser.clock.advance(0);
    const [first, second] = apartMs < 0 ? [b, a] : [a, b];
    const one = timed(browser.clock, first.session.login(ALICE));
    if (apartMs > 0) await browser.clock.advance(apartMs);
    const other = timed(browser.clock, second.session.login(ALICE));

    const outcomes = await Promise.all([one, other]);
    for (const outcome of outcomes) {
      expect(outcome.ok).toBe(true);
      expect(outcome.tookMs).toBeLessThan(1_000);
    }
    await browser.clock.advance(5 * 30_000);
    expect(browser.srs.count('login')).toBe(1);
    const pollers = new Set(
      browser.sentBy.filter((request) => request.operation === 'ping').map((r) => r.tab),
    );
    expect(pollers.size).toBe(1);
    expect([a, b].map((tab) => tab.session.getSnapshot().tab).sort()).toEqual(['follower', 'leader']);
    browser.closeAll();
  });

  it("settles another tab's logout and switchPlace at once after the agent logged out in one tab", async () => {
    const browser = createBrowser();
    const [a, b] = await browser.openTwoTabsLoggedIn();
    expect(await run(browser.clock, a.session.logout())).toEqual({ ok: true });

    const logout = await timed(browser.clock, b.session.logout());
    expect(logout).toMatchObject({ ok: true });
    expect(logout.tookMs).toBeLessThan(1_000);
    const move = await timed(browser.clock, b.session.switchPlace({ place: 'bobPlace' }));
    expect(move).toMatchObject({ ok: false, error: expect.objectContaining({ code: 'invalid-state' }) });
    expect(move.tookMs).toBeLessThan(1_000);
    expect(browser.srs.count('logout')).toBe(1);
    browser.closeAll();
  });

  it('takes nothing over when the lock comes free at a logout before the news of it does', async () => {
    const browser = createBrowser();
    const [a, b] = await browser.openTwoTabsLoggedIn();
    const logins = browser.srs.count('login');
    // The follower's messages are held (a busy page): the leader's lock reaches it before they do.
    browser.tabs.freeze(b.tab);
    expect(await run(browser.clock, a.session.logout())).toEqual({ ok: true });
    browser.tabs.resume(b.tab);
    await browser.clock.advance(60_000);

    expect(browser.srs.count('login')).toBe(logins);
    expect(browser.srs.hasSession).toBe(false);
    expect(b.session.getSnapshot()).toMatchObject({ status: 'idle', tab: 'alone' });
    browser.closeAll();
  });

  it('settles a logout sent to a leader that logged out in the same moment', async () => {
    const browser = createBrowser();
    const [a, b] = await browser.openTwoTabsLoggedIn();
    const both = await Promise.all([
      timed(browser.clock, a.session.logout()),
      timed(browser.clock, b.session.logout()),
    ]);
    for (const outcome of both) {
      expect(outcome.ok).toBe(true);
      expect(outcome.tookMs).toBeLessThan(2_000);
    }
    expect(browser.srs.hasSession).toBe(false);
    browser.closeAll();
  });

  it("carries a follower's waiting switchPlace to the next leader when the leader closes, and shows the seat SRS has", async () => {
    const browser = createBrowser();
    const a = browser.openTab();
    const b = browser.openTab();
    const c = browser.openTab();
    for (const tab of [a, b, c]) await run(browser.clock, tab.session.login(ALICE));
    // SRS is slow to answer the move: the leader closes while it is in flight.
    browser.srs.script('login', { status: 200, delayMs: 10_000 });
    const move = timed(browser.clock, c.session.switchPlace({ place: 'bobPlace' }));
    await browser.clock.advance(1_000);
    expect(a.session.getSnapshot().status).toBe('switchingPlace');
    a.session.dispose();

    expect(await move).toMatchObject({ ok: true });
    const leader = [b, c].find((tab) => tab.session.getSnapshot().tab === 'leader');
    expect(leader).toBeDefined();
    for (const tab of [b, c])
      expect(tab.session.getSnapshot()).toMatchObject({ status: 'active', place: 'bobPlace' });
    expect(browser.srs.calls.filter((call) => call.operation === 'login').at(-1)?.body).toContainEqual({
      name: 'place',
      value: 'bobPlace',
    });
    browser.closeAll();
  });

  it('ends the session it carries on: the new leader holds a CSRF token of its own, and its logout is confirmed', async () => {
    const browser = createBrowser();
    const [a, b] = await browser.openTwoTabsLoggedIn();
    a.session.dispose();
    await browser.clock.advance(30_000);
    expect(b.session.getSnapshot().tab).toBe('leader');

    expect(await run(browser.clock, b.session.logout())).toEqual({ ok: true });
    const logout = browser.srs.calls.filter((call) => call.operation === 'logout').at(-1);
    expect(logout?.headers['x-csrf-token']).toMatch(/^token-/);
    expect(browser.srs.hasSession).toBe(false);
    browser.closeAll();
  });

  it('never reports a logout that SRS refused as done', async () => {
    const clock = new ManualClock();
    const srs = createFakeSrs({ clock });
    const session = createScreenRecordingSession({
      srsUrl: 'http://127.0.0.1:4100',
      clock,
      fetch: srs.fetch,
    });
    await run(clock, session.login(ALICE));
    // SRS refuses the token, then refuses again after the session logged in once more for a fresh one.
    srs.script('logout', { status: 403 }, { status: 403 });

    const outcome = await run(clock, session.logout());
    expect(!outcome.ok && outcome.error).toBeInstanceOf(SrsForbiddenError);
    expect(srs.count('logout')).toBe(2);
    // Polling stopped all the same: SRS's own timeout ends what the logout could not.
    expect(session.getSnapshot()).toMatchObject({
      status: 'idle',
      error: expect.objectContaining({ code: 'forbidden' }),
    });
    session.dispose();
  });

  it('ends a session that SRS opened for a login it answered too late', async () => {
    const clock = new ManualClock();
    const srs = createFakeSrs({ clock });
    const session = createScreenRecordingSession({
      srsUrl: 'http://127.0.0.1:4100',
      clock,
      fetch: srs.fetch,
      requestTimeoutMs: 5_000,
      maxConsecutiveFailures: 1,
      selfHealIntervalMs: false,
    });
    srs.script('login', { status: 200, delayMs: 8_000 });
    const login = await run(clock, session.login(ALICE));
    expect(login.ok).toBe(false);
    expect(srs.hasSession).toBe(true);

    expect(await run(clock, session.logout())).toEqual({ ok: true });
    expect(srs.hasSession).toBe(false);
    session.dispose();
  });

  it('keeps a healthy leader with a short SRS timeout: every delay of the tab chart follows from it', async () => {
    const browser = createBrowser({
      pingIntervalMs: 5_000,
      sessionTimeoutMs: 12_000,
      requestTimeoutMs: 3_000,
      retryDelayMs: 1_000,
    });
    const a = browser.openTab();
    await run(browser.clock, a.session.login(ALICE));
    await browser.clock.advance(4_000);
    const b = browser.openTab();
    await run(browser.clock, b.session.login(ALICE));
    await browser.clock.advance(120_000);

    expect(browser.requestsOf(b.tab)).toEqual([]);
    expect(a.session.getSnapshot().tab).toBe('leader');
    // And when the leader does stop, the session is carried on before SRS's 12 s run out.
    const lastPoll = browser.requestsOf(a.tab, 'ping').at(-1)?.at ?? 0;
    a.freeze();
    await browser.clock.advance(15_000);
    const takeover = browser.requestsOf(b.tab)[0];
    expect((takeover?.at ?? Number.POSITIVE_INFINITY) - lastPoll).toBeLessThan(12_000);
    expect(browser.srs.hasSession).toBe(true);
    browser.closeAll();
  });

  it('ignores messages it cannot read (another version, null or empty views), logging it once', async () => {
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, warn: (message: string) => warnings.push(message), error() {} };
    const browser = createBrowser({ logger });
    const [a, b] = await browser.openTwoTabsLoggedIn();
    const forger = browser.tabs.environment().openChannel(CHANNEL);
    const leader = idOfLeader(browser.tabs.messages);
    const before = b.session.getSnapshot();

    for (const message of [
      { v: TABS_PROTOCOL_VERSION + 1, kind: 'view', from: leader, view: before, wanted: {} },
      { v: TABS_PROTOCOL_VERSION, kind: 'view', from: leader, view: null, wanted: null },
      { v: TABS_PROTOCOL_VERSION, kind: 'view', from: leader, view: {}, wanted: {} },
      {},
      null,
      'hello',
    ]) {
      forger.postMessage(message);
    }
    await browser.clock.advance(0);

    expect(b.session.getSnapshot()).toBe(before);
    expect(a.session.getSnapshot().status).toBe('active');
    // Once in each tab that heard them.
    expect(warnings.filter((warning) => warning.includes('cannot read'))).toHaveLength(2);
    browser.closeAll();
  });

  it('bounds what crosses: a forged 4 MB place never reaches SRS, a forged logged-out takes nothing away', async () => {
    const browser = createBrowser();
    const [a, b] = await browser.openTwoTabsLoggedIn();
    const forger = browser.tabs.environment().openChannel(CHANNEL);
    const leader = idOfLeader(browser.tabs.messages);
    const place = 'x'.repeat(4 * 1024 * 1024);
    forger.postMessage({
      v: TABS_PROTOCOL_VERSION,
      kind: 'command',
      from: 'forger',
      to: leader,
      id: 'forged-1',
      name: 'switchPlace',
      payload: { place, devices: null },
    });
    forger.postMessage({ v: TABS_PROTOCOL_VERSION, kind: 'logged-out', from: 'forger' });
    await browser.clock.advance(1_000);
    expect(browser.srs.calls.some((call) => JSON.stringify(call.body).length > 10_000)).toBe(false);
    const answer = browser.tabs.messages.find((message) => {
      const { kind, id } = message as { kind?: string; id?: string };
      return kind === 'result' && id === 'forged-1';
    }) as { error: { field: string } | null } | undefined;
    expect(answer?.error?.field).toBe('place');

    // The follower can still carry the session on when the leader goes.
    a.session.dispose();
    await browser.clock.advance(30_000);
    expect(b.session.getSnapshot()).toMatchObject({ status: 'active', tab: 'leader' });
    expect(browser.srs.hasSession).toBe(true);
    browser.closeAll();
  });

  it('sends no password, Basic header or token between tabs, whoever logs in where', async () => {
    const browser = createBrowser();
    const [a] = await browser.openTwoTabsLoggedIn();
    const bob = browser.openTab();
    await run(browser.clock, bob.session.login(BOB));
    a.session.dispose();
    await browser.clock.advance(60_000);
    const everything = JSON.stringify(browser.tabs.messages);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(BOB.password);
    expect(everything).not.toContain('Basic ');
    expect(everything).not.toMatch(/token-\d/);
    browser.closeAll();
  });
});
