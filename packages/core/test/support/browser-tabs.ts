import { createFakeSrs, createMemoryTabs, ManualClock } from '@screen-recording/test-utils';
import { createScreenRecordingSession } from '../../src/create-session';
import type { ScreenRecordingSession } from '../../src/session';
import type { Clock, LoginParams, ScreenRecordingOptions } from '../../src/types';
import { ALICE, run } from './session-harness';

/** A desktop open in several tabs of one browser: one fake SRS, one clock, tabs that share a session. */
export function createBrowser(options: Partial<ScreenRecordingOptions> = {}) {
  const clock = new ManualClock();
  const srs = createFakeSrs({ clock, sessionTimeoutMs: options.sessionTimeoutMs ?? 60_000 });
  const tabs = createMemoryTabs();
  /** Which tab sent each request to SRS, and as which agent. */
  const sentBy: Array<{ tab: number; operation: string; at: number; agent: string }> = [];
  const open: ScreenRecordingSession[] = [];

  function openTab() {
    const environment = tabs.environment();
    const page = freezablePage(clock);
    const session = createScreenRecordingSession({
      srsUrl: 'http://127.0.0.1:4100',
      ...options,
      clock: page.clock,
      tabs: environment,
      fetch: (input, init) => {
        const path = new URL(input).pathname;
        const operation =
          path === '/ping'
            ? 'ping'
            : typeof init.body === 'string' && init.body.startsWith('[')
              ? 'login'
              : 'logout';
        const basic = new Headers(init.headers).get('authorization')?.replace(/^Basic /, '') ?? '';
        const agent =
          new TextDecoder().decode(Uint8Array.from(atob(basic), (c) => c.charCodeAt(0))).split(':')[0] ?? '';
        sentBy.push({ tab: environment.tab, operation, at: clock.monotonicNow(), agent });
        return srs.fetch(input, init);
      },
    });
    open.push(session);
    return {
      session,
      tab: environment.tab,
      /** The browser freezes this tab's page: its timers and messages wait. */
      freeze() {
        page.freeze();
        tabs.freeze(environment.tab);
      },
      /**
       * The page runs again. Its overdue timers run before the messages held for it: the browser
       * promises no order, and this one is the harder for a follower that must judge its leader.
       */
      resume() {
        page.resume();
        tabs.resume(environment.tab);
      },
      /** The page is hidden long enough for intensive throttling: its timers run once a minute. */
      throttle: page.throttle,
    };
  }

  /** Opens two tabs, then logs the agent in from each, in order: the first leads. */
  async function openTwoTabsLoggedIn(login: LoginParams = ALICE) {
    const first = openTab();
    const second = openTab();
    await run(clock, first.session.login(login));
    await run(clock, second.session.login(login));
    return [first, second] as const;
  }

  const requestsOf = (tab: number, operation?: string) =>
    sentBy.filter((request) => request.tab === tab && (!operation || request.operation === operation));

  return {
    clock,
    srs,
    tabs,
    openTab,
    openTwoTabsLoggedIn,
    sentBy,
    requestsOf,
    closeAll: () => {
      for (const session of open) session.dispose();
    },
  };
}

/**
 * One tab's view of the shared clock: while its page is frozen, its timers wait, then fire late; while
 * it is throttled (a hidden tab's intensive throttling), each timer fires on the next whole minute.
 */
function freezablePage(clock: ManualClock) {
  let frozen = false;
  let throttled = false;
  const waiting = new Map<unknown, () => void>();
  const pageClock: Clock = {
    now: clock.now,
    monotonicNow: clock.monotonicNow,
    setTimeout(callback, delayMs) {
      const due = clock.monotonicNow() + delayMs;
      const runAt = throttled ? Math.ceil(due / 60_000) * 60_000 : due;
      const handle = clock.setTimeout(() => {
        if (frozen) waiting.set(handle, callback);
        else callback();
      }, runAt - clock.monotonicNow());
      return handle;
    },
    clearTimeout(handle) {
      waiting.delete(handle);
      clock.clearTimeout(handle);
    },
  };
  return {
    clock: pageClock,
    freeze: () => {
      frozen = true;
    },
    throttle: () => {
      throttled = true;
    },
    resume: () => {
      frozen = false;
      const overdue = [...waiting.values()];
      waiting.clear();
      for (const callback of overdue) callback();
    },
  };
}
