import {
  createScreenRecordingSession,
  type LoginParams,
  type ScreenRecordingSession,
} from '@screen-recording/core';
import { createFakeSrs, ManualClock } from '@screen-recording/testing';
import { describe, expect, it } from 'vitest';

/** A component of the desk a contract case mounts. */
export interface DeskComponent {
  /** `status`: shows `view.status` through the binding's selector form. `view`: reads the whole view and shows `lastPollAt`. */
  reads: 'status' | 'view';
  /** Calls `login(params)` when the component mounts, as a desktop that logs in on mount does. */
  loginOnMount?: LoginParams;
}

export interface MountedDesk {
  /** The text component `index` shows now. */
  text(index: number): string;
  /** How many times component `index` has rendered (committed, or been checked by change detection). */
  renders(index: number): number;
  unmount(): Promise<void> | void;
}

/** What a binding's tests plug into the shared cases. */
export interface BindingUnderTest {
  /** Shown in the test names, e.g. `React (strict)`. */
  name: string;
  /** What the error outside a provider must say, e.g. `/ScreenRecordingProvider/`. */
  missingProviderMessage: RegExp;
  /** Mounts `components`, in order, under one provider of `session` (the app's own session). */
  mount(session: ScreenRecordingSession, components: readonly DeskComponent[]): Promise<MountedDesk>;
  /** Runs `work`, then lets the framework render what changed (React's `act`, Vue's `nextTick`, Angular's `tick`). */
  act(work: () => Promise<void> | void): Promise<void>;
  /** Renders a component showing `status` on the server, under a provider of `session`; returns the HTML. */
  renderOnServer(session: ScreenRecordingSession): Promise<string>;
  /** Uses the binding with no provider above it; must throw. */
  useWithoutProvider(): unknown;
}

/** The simulator's default agent alice, as a login (test-only credentials; the in-memory SRS takes any). */
export const ALICE_LOGIN: LoginParams = {
  username: 'alice',
  password: 'alice-password',
  server: 'https://rws.dc1.example.com',
};

const PING_INTERVAL_MS = 30_000;

/** A session on a manual clock and an in-memory SRS, whose `subscribe` counts live subscriptions. */
export function createContractSession() {
  const clock = new ManualClock();
  const srs = createFakeSrs({ clock });
  // One tab: sharing a session between tabs is the core's business, tested there.
  const real = createScreenRecordingSession({
    srsUrl: 'http://127.0.0.1:4100',
    fetch: srs.fetch,
    clock,
    tabs: 'independent',
  });
  let liveSubscriptions = 0;
  const session: ScreenRecordingSession = {
    ...real,
    subscribe(listener) {
      const unsubscribe = real.subscribe(listener);
      liveSubscriptions++;
      let active = true;
      return () => {
        if (active) liveSubscriptions--;
        active = false;
        unsubscribe();
      };
    },
  };
  return {
    clock,
    srs,
    session,
    get liveSubscriptions() {
      return liveSubscriptions;
    },
  };
}

/**
 * The behaviours every binding must show, written once: each binding's tests call this with its own
 * `BindingUnderTest`.
 */
export function describeBindingContract(binding: BindingUnderTest): void {
  describe(`${binding.name}: the binding contract`, () => {
    it('sends one login however many components log in when they mount', async () => {
      const { clock, srs, session } = createContractSession();
      const login = { reads: 'status', loginOnMount: ALICE_LOGIN } as const;
      const desk = await binding.mount(session, [login, login, login]);
      await binding.act(() => clock.advance(0));

      expect(srs.count('login')).toBe(1);
      for (const index of [0, 1, 2]) expect(desk.text(index)).toContain('active');
      await desk.unmount();
      session.dispose();
    });

    it('renders a status-only component on transitions, never on a successful poll', async () => {
      const { clock, srs, session } = createContractSession();
      const desk = await binding.mount(session, [{ reads: 'status' }, { reads: 'view' }]);
      await binding.act(async () => {
        void session.login(ALICE_LOGIN);
        await clock.advance(0);
      });
      expect(desk.text(0)).toContain('active');
      const before = { status: desk.renders(0), view: desk.renders(1), polls: srs.count('ping') };

      const POLLS = 10;
      for (let poll = 0; poll < POLLS; poll++) await binding.act(() => clock.advance(PING_INTERVAL_MS));

      const polls = srs.count('ping') - before.polls;
      const statusPerPoll = (desk.renders(0) - before.status) / polls;
      const viewPerPoll = (desk.renders(1) - before.view) / polls;
      console.log(
        `renders per poll (${binding.name}): ${statusPerPoll} for a status-only component, ${viewPerPoll} for the whole view, over ${polls} polls`,
      );
      expect(polls).toBe(POLLS);
      expect(statusPerPoll).toBe(0);
      // The whole view changes with every poll (lastPollAt): the selector is what saves the renders.
      expect(viewPerPoll).toBeGreaterThanOrEqual(1);
      expect(desk.text(1)).toContain(String(session.getSnapshot().lastPollAt));
      await desk.unmount();
      session.dispose();
    });

    it('leaves no listener behind and sends no second login, however often components mount', async () => {
      const contract = createContractSession();
      const { clock, srs, session } = contract;
      for (let round = 0; round < 3; round++) {
        const desk = await binding.mount(session, [
          { reads: 'status', loginOnMount: ALICE_LOGIN },
          { reads: 'view' },
          { reads: 'status' },
        ]);
        await binding.act(() => clock.advance(0));
        expect(contract.liveSubscriptions).toBeGreaterThan(0);
        await desk.unmount();
        expect(contract.liveSubscriptions).toBe(0);
      }
      expect(srs.count('login')).toBe(1);
      expect(srs.count('logout')).toBe(0);
      session.dispose();
    });

    it('renders on the server without a request, a timer or a listener', async () => {
      const contract = createContractSession();
      const html = await binding.renderOnServer(contract.session);

      expect(html).toContain('idle');
      expect(contract.srs.calls).toEqual([]);
      expect(contract.clock.pendingTimers).toBe(0);
      expect(contract.liveSubscriptions).toBe(0);
      contract.session.dispose();
    });

    it('says which provider is missing when used without one', () => {
      expect(() => binding.useWithoutProvider()).toThrow(binding.missingProviderMessage);
    });
  });
}
