import {
  createScreenRecordingSession,
  type ScreenRecordingSession,
  type SessionStatus,
  type SessionView,
} from '@screen-recording/core';
import { ScreenRecordingProvider, useScreenRecording } from '@screen-recording/react';
import { type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import { ALICE_LOGIN, createContractSession, createFakeSrs } from '@screen-recording/test-utils';
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import { Profiler, type ReactNode, useEffect } from 'react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { describeEachReactMode } from './react-modes';

// The root vitest config has no globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

const SRS_URL = 'http://127.0.0.1:4100';
const seatOf = (view: SessionView) => ({ place: view.place, server: view.server });
const sameSeat = (a: ReturnType<typeof seatOf>, b: ReturnType<typeof seatOf>) =>
  a.place === b.place && a.server === b.server;

/** Selects a fresh object each time; `sameSeat` keeps it from re-rendering on polls. */
function Seat() {
  const { view } = useScreenRecording(seatOf, sameSeat);
  return <p>server: {view.server ?? 'none'}</p>;
}

/** Selects a fresh object with an inline selector and an inline compare: both are new functions each render. */
function InlineSeat() {
  const { view } = useScreenRecording(
    (current) => ({ status: current.status, place: current.place }),
    (a, b) => a.status === b.status && a.place === b.place,
  );
  return <p>seat: {view.status}</p>;
}

/** A minimal desk: status, Log in, Log out. */
function Desk({ statuses }: { statuses: SessionStatus[] }) {
  const { view: status, login, logout } = useScreenRecording((view) => view.status);
  useEffect(() => {
    if (statuses.at(-1) !== status) statuses.push(status);
  }, [status, statuses]);
  return (
    <>
      <p>status: {status}</p>
      <button type="button" onClick={() => login(ALICE_LOGIN).catch(() => {})}>
        Log in
      </button>
      <button type="button" onClick={() => logout().catch(() => {})}>
        Log out
      </button>
    </>
  );
}

describeEachReactMode('useScreenRecording commands', ({ reactStrictMode }) => {
  it('keeps every command the same function across renders and view changes', async () => {
    const srs = createFakeSrs();
    const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch: srs.fetch });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ScreenRecordingProvider session={session}>{children}</ScreenRecordingProvider>
    );
    const { result, rerender } = renderHook(() => useScreenRecording(), { wrapper, reactStrictMode });
    const first = result.current;

    await act(() => first.login(ALICE_LOGIN));
    rerender();
    const later = result.current;

    expect(later.view.status).toBe('active');
    expect(later.view).not.toBe(first.view);
    for (const name of ['login', 'switchPlace', 'logout', 'failover', 'failback', 'retry'] as const) {
      expect(later[name]).toBe(first[name]);
    }
    session.dispose();
  });

  it('commands work when detached from the object (no `this` needed)', async () => {
    const srs = createFakeSrs();
    const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch: srs.fetch });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ScreenRecordingProvider session={session}>{children}</ScreenRecordingProvider>
    );
    const { result } = renderHook(() => useScreenRecording((view) => view.status), {
      wrapper,
      reactStrictMode,
    });
    const { login, logout } = result.current;

    await act(() => login(ALICE_LOGIN));
    expect(result.current.view).toBe('active');
    await act(() => logout());
    expect(result.current.view).toBe('idle');
    expect(srs.calls.map((call) => call.operation)).toEqual(['login', 'logout']);
    // The logout carried the token the login was given (CSRF is on by default).
    expect(srs.calls[1]?.headers['x-csrf-token']).toBeDefined();
    session.dispose();
  });

  it('passes the typed error of a failed command to the caller', async () => {
    const srs = createFakeSrs();
    const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch: srs.fetch });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ScreenRecordingProvider session={session}>{children}</ScreenRecordingProvider>
    );
    const { result } = renderHook(() => useScreenRecording(), { wrapper, reactStrictMode });

    await expect(result.current.switchPlace({ place: 'alicePlace' })).rejects.toMatchObject({
      code: 'invalid-state',
    });
    expect(srs.calls).toEqual([]);
    session.dispose();
  });
});

describeEachReactMode('useScreenRecording re-renders', ({ reactStrictMode }) => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a selector returning a new object re-renders only when compare says it changed', async () => {
    const srs = createFakeSrs();
    const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch: srs.fetch });
    let commits = 0;
    render(
      <ScreenRecordingProvider session={session}>
        <Profiler id="seat" onRender={() => commits++}>
          <Seat />
        </Profiler>
      </ScreenRecordingProvider>,
      { reactStrictMode },
    );
    await act(() => session.login(ALICE_LOGIN));
    expect(screen.getByText(`server: ${ALICE_LOGIN.server}`)).toBeTruthy();
    const before = commits;

    await act(() => vi.advanceTimersByTimeAsync(5 * 30_000));

    expect(srs.count('ping')).toBe(5);
    expect(commits).toBe(before);
    session.dispose();
  });
});

describeEachReactMode('useScreenRecording over the session', ({ reactStrictMode }) => {
  it('an inline selector building an object, with an inline compare, does not re-render on polls', async () => {
    const { clock, srs, session } = createContractSession();
    let commits = 0;
    render(
      <ScreenRecordingProvider session={session}>
        <Profiler id="inline-seat" onRender={() => commits++}>
          <InlineSeat />
        </Profiler>
      </ScreenRecordingProvider>,
      { reactStrictMode },
    );
    await act(async () => {
      void session.login(ALICE_LOGIN);
      await clock.advance(0);
    });
    expect(screen.getByText('seat: active')).toBeTruthy();
    const before = commits;

    for (let poll = 0; poll < 5; poll++) await act(() => clock.advance(30_000));

    expect(srs.count('ping')).toBe(5);
    expect(commits).toBe(before);
    session.dispose();
  });

  it("gives the session's own view object, not a copy made from the machine's snapshot", async () => {
    const { clock, session } = createContractSession();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ScreenRecordingProvider session={session}>{children}</ScreenRecordingProvider>
    );
    const { result } = renderHook(() => useScreenRecording(), { wrapper, reactStrictMode });
    await act(async () => {
      void session.login(ALICE_LOGIN);
      await clock.advance(0);
    });
    await act(() => clock.advance(30_000));

    expect(result.current.view.lastPollAt).not.toBeNull();
    expect(result.current.view).toBe(session.getSnapshot());
    session.dispose();
  });

  it('follows the provider to another session and stops listening to the first', async () => {
    const first = createContractSession();
    const second = createContractSession();
    const desk = (session: ScreenRecordingSession) => (
      <ScreenRecordingProvider session={session}>
        <Desk statuses={[]} />
      </ScreenRecordingProvider>
    );
    const { rerender } = render(desk(first.session), { reactStrictMode });
    expect(first.liveSubscriptions).toBeGreaterThan(0);

    rerender(desk(second.session));
    await act(async () => {
      void second.session.login(ALICE_LOGIN);
      await second.clock.advance(0);
    });

    expect(screen.getByText('status: active')).toBeTruthy();
    expect(first.liveSubscriptions).toBe(0);
    expect(second.liveSubscriptions).toBeGreaterThan(0);
    first.session.dispose();
    second.session.dispose();
  });
});

describeEachReactMode('useScreenRecording against the simulator', ({ reactStrictMode }) => {
  let simulator: SrsSimulator;

  beforeEach(async () => {
    simulator = await startSimulator({ port: 0 });
  });
  afterEach(async () => {
    await simulator.close();
  });

  it('shows idle → loggingIn → active → loggingOut → idle as the agent logs in and out', async () => {
    const statuses: SessionStatus[] = [];
    render(
      <ScreenRecordingProvider options={{ srsUrl: simulator.url }}>
        <Desk statuses={statuses} />
      </ScreenRecordingProvider>,
      { reactStrictMode },
    );
    expect(screen.getByText('status: idle')).toBeTruthy();

    act(() => screen.getByRole('button', { name: 'Log in' }).click());
    expect(await screen.findByText('status: active')).toBeTruthy();
    expect(simulator.sessions()).toHaveLength(1);

    act(() => screen.getByRole('button', { name: 'Log out' }).click());
    expect(await screen.findByText('status: idle')).toBeTruthy();

    expect(statuses).toEqual(['idle', 'loggingIn', 'active', 'loggingOut', 'idle']);
    expect(simulator.sessions()).toEqual([]);
    const logout = simulator.requests.at(-1);
    expect(logout).toMatchObject({ method: 'POST', path: '/api/v2/me', status: 200, csrfTokenSent: true });
  });
});
