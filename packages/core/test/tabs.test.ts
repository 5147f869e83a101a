import { createFakeSrs, createMemoryTabs, ManualClock } from '@screen-recording/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScreenRecordingSession } from '../src/create-session';
import { createScreenRecordingSession as createIndependentSession } from '../src/entry/independent';
import { createBrowser } from './support/browser-tabs';
import { ALICE, PASSWORD, run, stubBrowserPage } from './support/session-harness';

const INTERVAL = 30_000;

describe('several tabs of one desktop', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('elect one leader: one login and one poller, every tab showing the same session', async () => {
    const browser = createBrowser();
    const a = browser.openTab();
    const b = browser.openTab();
    const c = browser.openTab();
    await run(browser.clock, a.session.login(ALICE));
    await run(browser.clock, b.session.login(ALICE));
    await browser.clock.advance(10 * INTERVAL);

    expect(browser.srs.count('login')).toBe(1);
    expect(browser.requestsOf(a.tab, 'ping')).toHaveLength(10);
    expect(browser.requestsOf(b.tab)).toEqual([]);
    expect(browser.requestsOf(c.tab)).toEqual([]);
    expect(a.session.getSnapshot()).toMatchObject({ status: 'active', tab: 'leader' });
    expect(b.session.getSnapshot()).toMatchObject({ status: 'active', tab: 'follower' });
    // A tab that never logged in shows the session but could not carry it on.
    expect(c.session.getSnapshot()).toMatchObject({ status: 'active', tab: 'watcher' });
    expect(b.session.getSnapshot().lastPollAt).toBe(a.session.getSnapshot().lastPollAt);
    browser.closeAll();
  });

  it("pass a follower's command to the leader, and settle it in the follower", async () => {
    const browser = createBrowser();
    const [a, b] = await browser.openTwoTabsLoggedIn();

    expect(await run(browser.clock, b.session.switchPlace({ place: 'bobPlace' }))).toEqual({ ok: true });
    const moved = browser.srs.calls.filter((call) => call.operation === 'login').at(-1);
    expect(moved?.body).toContainEqual({ name: 'place', value: 'bobPlace' });
    expect(browser.requestsOf(a.tab, 'login')).toHaveLength(2);
    expect(b.session.getSnapshot()).toMatchObject({ status: 'active', place: 'bobPlace' });

    // A refusal comes back typed, too.
    await expect(b.session.failback()).rejects.toMatchObject({
      name: 'SessionStateError',
      code: 'invalid-state',
    });
    browser.closeAll();
  });

  it('end the SRS session for every tab on a logout in any of them', async () => {
    const browser = createBrowser();
    const [a, b] = await browser.openTwoTabsLoggedIn();

    expect(await run(browser.clock, b.session.logout())).toEqual({ ok: true });
    expect(browser.srs.count('logout')).toBe(1);
    expect(browser.srs.hasSession).toBe(false);
    await browser.clock.advance(0);
    expect(a.session.getSnapshot().status).toBe('idle');
    expect(b.session.getSnapshot().status).toBe('idle');
    // The follower forgot its credentials with the logout: closing the leader starts nothing.
    a.session.dispose();
    await browser.clock.advance(5 * INTERVAL);
    expect(browser.srs.count('login')).toBe(1);
    browser.closeAll();
  });

  it('carry the session on in another tab when the leader closes, within the SRS timeout, with no second poller', async () => {
    const browser = createBrowser();
    const [a, b] = await browser.openTwoTabsLoggedIn({ ...ALICE, place: 'alicePlace' });
    await browser.clock.advance(2 * INTERVAL + 10_000);
    const lastPollOfA = browser.requestsOf(a.tab, 'ping').at(-1)?.at ?? 0;

    a.session.dispose();
    // A moment for what the closing tab sent last, then the takeover.
    await browser.clock.advance(1_000);

    // The new leader logs in again at once, on the same seat: it gets a CSRF token of its own, which
    // its logout will need.
    const takeover = browser.requestsOf(b.tab)[0];
    expect(takeover).toMatchObject({ operation: 'login' });
    expect((takeover?.at ?? 0) - lastPollOfA).toBeLessThan(60_000);
    expect(browser.srs.calls.at(-1)?.body).toContainEqual({ name: 'place', value: 'alicePlace' });
    expect(b.session.getSnapshot()).toMatchObject({ status: 'active', tab: 'leader', place: 'alicePlace' });
    await browser.clock.advance(5 * INTERVAL);
    expect(browser.requestsOf(a.tab).filter((request) => request.at > lastPollOfA)).toEqual([]);
    expect(browser.requestsOf(b.tab, 'ping').length).toBeGreaterThanOrEqual(5);
    expect(browser.srs.count('login')).toBe(2);
    expect(browser.srs.hasSession).toBe(true);
    browser.closeAll();
  });

  it('take over from a leader that stopped answering (frozen), and the old leader stops polling', async () => {
    const browser = createBrowser();
    const [a, b] = await browser.openTwoTabsLoggedIn();
    await browser.clock.advance(INTERVAL);

    browser.tabs.mute(a.tab);
    await browser.clock.advance(25_000);
    const stolenAt = browser.requestsOf(b.tab)[0]?.at;
    expect(stolenAt).toBeDefined();
    expect(a.session.getSnapshot().tab).toBe('follower');
    await browser.clock.advance(5 * INTERVAL);
    expect(browser.requestsOf(a.tab).filter((request) => request.at > (stolenAt ?? 0))).toEqual([]);
    expect(b.session.getSnapshot()).toMatchObject({ status: 'active', tab: 'leader' });
    expect(browser.srs.hasSession).toBe(true);
    browser.closeAll();
  });

  it('keep a healthy leader when a follower resumes from a long freeze', async () => {
    const browser = createBrowser();
    const [a, b] = await browser.openTwoTabsLoggedIn();
    await browser.clock.advance(INTERVAL);

    // A background follower frozen for 10 minutes heard none of the leader's heartbeats meanwhile; on
    // resuming it asks the leader to answer rather than judge it silent.
    b.freeze();
    await browser.clock.advance(10 * 60_000);
    b.resume();
    await browser.clock.advance(5 * INTERVAL);

    expect(browser.requestsOf(b.tab)).toEqual([]);
    expect(a.session.getSnapshot()).toMatchObject({ status: 'active', tab: 'leader' });
    expect(b.session.getSnapshot()).toMatchObject({ status: 'active', tab: 'follower' });
    expect(b.session.getSnapshot().lastPollAt).toBe(a.session.getSnapshot().lastPollAt);
    expect(browser.srs.count('login')).toBe(1);
    browser.closeAll();
  });

  it('still take over from a frozen leader when the follower resumes from a freeze of its own', async () => {
    const browser = createBrowser();
    const [a, b] = await browser.openTwoTabsLoggedIn();
    await browser.clock.advance(INTERVAL);

    a.freeze();
    b.freeze();
    await browser.clock.advance(2 * 60_000);
    b.resume();
    const resumedAt = browser.clock.monotonicNow();
    await browser.clock.advance(INTERVAL);

    const takeover = browser.requestsOf(b.tab)[0];
    expect(takeover).toBeDefined();
    expect((takeover?.at ?? 0) - resumedAt).toBeLessThanOrEqual(10_000);
    expect(b.session.getSnapshot()).toMatchObject({ status: 'active', tab: 'leader' });
    expect(browser.srs.hasSession).toBe(true);
    browser.closeAll();
  });

  it('keep a healthy leader, and take over a frozen one, from a follower throttled to one timer a minute', async () => {
    const browser = createBrowser();
    const [a, b] = await browser.openTwoTabsLoggedIn();
    b.throttle();
    await browser.clock.advance(10 * INTERVAL);
    expect(browser.requestsOf(b.tab)).toEqual([]);
    expect(a.session.getSnapshot().tab).toBe('leader');

    a.freeze();
    await browser.clock.advance(3 * 60_000);
    expect(browser.requestsOf(b.tab).length).toBeGreaterThan(0);
    expect(b.session.getSnapshot()).toMatchObject({ status: 'active', tab: 'leader' });
    expect(browser.srs.hasSession).toBe(true);
    browser.closeAll();
  });

  it('do not end the SRS session when the leader page hides while another tab can carry it on', async () => {
    const page = stubBrowserPage();
    const browser = createBrowser();
    await browser.openTwoTabsLoggedIn();

    page.dispatch('pagehide', { persisted: false });
    await browser.clock.advance(0);
    expect(browser.srs.count('logout')).toBe(0);
    browser.closeAll();
  });

  it('count again on a follower restored from the back/forward cache: the leader closing then does not log out', async () => {
    const page = stubBrowserPage();
    const browser = createBrowser();
    await browser.openTwoTabsLoggedIn();

    // Both pages go into the cache and come back (these tabs share one stand-in page): each said goodbye.
    page.dispatch('pagehide', { persisted: true });
    await browser.clock.advance(0);
    page.dispatch('pageshow', { persisted: true });
    await browser.clock.advance(0);
    // The leader's page closes for good while the restored follower could carry the session on.
    page.dispatch('pagehide', { persisted: false });
    await browser.clock.advance(0);

    expect(browser.srs.count('logout')).toBe(0);
    expect(browser.srs.hasSession).toBe(true);
    browser.closeAll();
  });

  it('send no secret between tabs', async () => {
    const browser = createBrowser();
    const [a, b] = await browser.openTwoTabsLoggedIn();
    await run(browser.clock, b.session.switchPlace({ place: 'bobPlace' }));
    browser.srs.dropSession();
    await browser.clock.advance(2 * INTERVAL);
    a.session.dispose();
    await browser.clock.advance(INTERVAL);
    await run(browser.clock, b.session.logout());

    const everything = JSON.stringify(browser.tabs.messages);
    expect(browser.tabs.messages.length).toBeGreaterThan(10);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain('Basic ');
    expect(everything).not.toMatch(/token-\d/);
    browser.closeAll();
  });

  it('elect a leader and take over by heartbeats alone where the browser has no Web Locks', async () => {
    const clock = new ManualClock();
    const srs = createFakeSrs({ clock });
    const memory = createMemoryTabs();
    const openTab = () =>
      createScreenRecordingSession({
        srsUrl: 'http://127.0.0.1:4100',
        clock,
        fetch: srs.fetch,
        tabs: { ...memory.environment(), locks: null },
      });
    const a = openTab();
    const b = openTab();
    await run(clock, a.login(ALICE));
    await run(clock, b.login(ALICE));
    expect(srs.count('login')).toBe(1);
    expect(b.getSnapshot().tab).toBe('follower');

    a.dispose();
    await clock.advance(20_000);
    expect(b.getSnapshot()).toMatchObject({ status: 'active', tab: 'leader' });
    expect(srs.hasSession).toBe(true);
    // One login, and the new leader's own when it took over.
    expect(srs.count('login')).toBe(2);
    b.dispose();
  });

  it("are independent with tabs: 'independent'", async () => {
    const clock = new ManualClock();
    const srs = createFakeSrs({ clock });
    const options = {
      srsUrl: 'http://127.0.0.1:4100',
      clock,
      fetch: srs.fetch,
      tabs: 'independent' as const,
    };
    const a = createScreenRecordingSession(options);
    const b = createScreenRecordingSession(options);
    await run(clock, a.login(ALICE));
    await run(clock, b.login(ALICE));
    expect(srs.count('login')).toBe(2);
    expect(a.getSnapshot().tab).toBe('alone');
    a.dispose();
    b.dispose();
  });

  it('are independent with the creator of @screen-recording/core/independent, which opens no channel', async () => {
    stubBrowserPage();
    const channelsOpened = vi.fn();
    vi.stubGlobal(
      'BroadcastChannel',
      class extends EventTarget {
        constructor(name: string) {
          super();
          channelsOpened(name);
        }
        postMessage() {}
        close() {}
      },
    );
    const clock = new ManualClock();
    const srs = createFakeSrs({ clock });
    const options = { srsUrl: 'http://127.0.0.1:4100', clock, fetch: srs.fetch };
    const a = createIndependentSession(options);
    const b = createIndependentSession({ ...options, tabs: 'independent' });
    await run(clock, a.login(ALICE));
    await run(clock, b.login(ALICE));
    expect(srs.count('login')).toBe(2);
    expect(a.getSnapshot()).toMatchObject({ status: 'active', tab: 'alone' });
    expect(channelsOpened).not.toHaveBeenCalled();
    a.dispose();
    b.dispose();

    // The same page with the shared creator opens the channel: the stub above is what it would use.
    createScreenRecordingSession(options).dispose();
    expect(channelsOpened).toHaveBeenCalledWith('screen-recording:http://127.0.0.1:4100');
  });

  it.each(['shared', { locks: null, openChannel: () => ({}) }])(
    'refuse tabs: %o in the independent creator, before anything is sent',
    (tabs) => {
      const srs = createFakeSrs({ clock: new ManualClock() });
      const create = () =>
        createIndependentSession({ srsUrl: 'http://127.0.0.1:4100', fetch: srs.fetch, tabs } as never);
      expect(create).toThrow(expect.objectContaining({ name: 'SrsConfigurationError', field: 'tabs' }));
      expect(srs.calls).toEqual([]);
    },
  );
});
