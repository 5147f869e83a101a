import {
  createScreenRecordingSession,
  type LoginParams,
  type SessionStatus,
  type SessionView,
} from '@screen-recording/core';
import { ScreenRecordingProvider, useScreenRecording } from '@screen-recording/react';
import { type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import { createFakeSrs } from '@screen-recording/test-utils';
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import { Profiler, type ReactNode, useEffect } from 'react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { describeEachReactMode } from './react-modes';

// The root vitest config has no globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

const SRS_URL = 'http://127.0.0.1:4100';
const ALICE: LoginParams = {
  username: 'alice',
  password: 'alice-password',
  server: 'https://rws.dc1.example.com',
};

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
    const srs = createFakeSrs();
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

    await act(() => login(ALICE));
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
