import {
  createScreenRecordingSession,
  type LoginParams,
  type SessionStatus,
  type SessionView,
} from '@screen-recording/core';
import { ScreenRecordingProvider, useScreenRecording } from '@screen-recording/react';
import { type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import { Profiler, type ReactNode, useEffect } from 'react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { describeEachReactMode } from './react-modes';
import { createSrsStandIn } from './srs-stand-in';

// The root vitest config has no globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

const SRS_URL = 'http://127.0.0.1:4100';
const PING_INTERVAL_MS = 30_000;
const ALICE: LoginParams = {
  username: 'alice',
  password: 'alice-password',
  server: 'https://rws.dc1.example.com',
};

/** Shows the status, and records each status it was rendered with. */
function StatusBadge({ statuses }: { statuses: SessionStatus[] }) {
  const { view: status } = useScreenRecording((view) => view.status);
  useEffect(() => {
    if (statuses.at(-1) !== status) statuses.push(status);
  }, [status, statuses]);
  return <p>status: {status}</p>;
}

/** Reads the whole view, so it re-renders with every poll. */
function LastPoll() {
  const { view } = useScreenRecording();
  return <p>last poll: {view.lastPollAt ?? 'never'}</p>;
}

const seatOf = (view: SessionView) => ({ place: view.place, server: view.server });
const sameSeat = (a: ReturnType<typeof seatOf>, b: ReturnType<typeof seatOf>) =>
  a.place === b.place && a.server === b.server;

/** Selects a fresh object each time; `sameSeat` keeps it from re-rendering on polls. */
function Seat() {
  const { view } = useScreenRecording(seatOf, sameSeat);
  return <p>server: {view.server ?? 'none'}</p>;
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
      <button type="button" onClick={() => login(ALICE).catch(() => {})}>
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
    const srs = createSrsStandIn();
    const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch: srs.fetch });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ScreenRecordingProvider session={session}>{children}</ScreenRecordingProvider>
    );
    const { result, rerender } = renderHook(() => useScreenRecording(), { wrapper, reactStrictMode });
    const first = result.current;

    await act(() => first.login(ALICE));
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
    const srs = createSrsStandIn();
    const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch: srs.fetch });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ScreenRecordingProvider session={session}>{children}</ScreenRecordingProvider>
    );
    const { result } = renderHook(() => useScreenRecording((view) => view.status), {
      wrapper,
      reactStrictMode,
    });
    const { login, logout } = result.current;

    await act(() => login(ALICE));
    expect(result.current.view).toBe('active');
    await act(() => logout());
    expect(result.current.view).toBe('idle');
    expect(srs.calls.map((call) => call.operation)).toEqual(['login', 'logout']);
    // The logout carried the token the login was given (CSRF is on by default).
    expect(srs.calls[1]?.csrfTokenSent).toBe(true);
    session.dispose();
  });

  it('passes the typed error of a failed command to the caller', async () => {
    const srs = createSrsStandIn();
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

describeEachReactMode('useScreenRecording re-renders', ({ name, reactStrictMode }) => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a component selecting status renders once per status change, not once per poll', async () => {
    const srs = createSrsStandIn();
    const session = createScreenRecordingSession({
      srsUrl: SRS_URL,
      fetch: srs.fetch,
      pingIntervalMs: PING_INTERVAL_MS,
    });
    // Commits, counted by React itself: StrictMode's double render of one commit counts once.
    const commits = { status: 0, wholeView: 0 };
    const statuses: SessionStatus[] = [];
    render(
      <ScreenRecordingProvider session={session}>
        <Profiler id="status" onRender={() => commits.status++}>
          <StatusBadge statuses={statuses} />
        </Profiler>
        <Profiler id="whole-view" onRender={() => commits.wholeView++}>
          <LastPoll />
        </Profiler>
      </ScreenRecordingProvider>,
      { reactStrictMode },
    );

    await act(() => session.login(ALICE));
    expect(screen.getByText('status: active')).toBeTruthy();
    const before = { ...commits };
    const pollsBefore = srs.count('ping');

    const POLLS = 10;
    await act(() => vi.advanceTimersByTimeAsync(POLLS * PING_INTERVAL_MS));

    const polls = srs.count('ping') - pollsBefore;
    const statusPerPoll = (commits.status - before.status) / polls;
    const wholeViewPerPoll = (commits.wholeView - before.wholeView) / polls;
    console.log(
      `renders per poll (${name}): ${statusPerPoll} for a status selector, ${wholeViewPerPoll} for the whole view, over ${polls} polls`,
    );

    expect(polls).toBe(POLLS);
    expect(statusPerPoll).toBe(0);
    // The whole view does change with every poll (lastPollAt), so the selector is what saves the renders.
    expect(wholeViewPerPoll).toBeGreaterThanOrEqual(1);
    expect(screen.getByText(`last poll: ${session.getSnapshot().lastPollAt}`)).toBeTruthy();
    expect(statuses).toEqual(['idle', 'loggingIn', 'active']);
    session.dispose();
  });

  it('a selector returning a new object re-renders only when compare says it changed', async () => {
    const srs = createSrsStandIn();
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
    await act(() => session.login(ALICE));
    expect(screen.getByText(`server: ${ALICE.server}`)).toBeTruthy();
    const before = commits;

    await act(() => vi.advanceTimersByTimeAsync(5 * 30_000));

    expect(srs.count('ping')).toBe(5);
    expect(commits).toBe(before);
    session.dispose();
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
