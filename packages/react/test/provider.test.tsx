import type { LoginParams, ScreenRecordingSession } from '@screen-recording/core';
import { createScreenRecordingSession, openSessionSource } from '@screen-recording/core';
import {
  ScreenRecordingProvider,
  useScreenRecording,
  useScreenRecordingSession,
} from '@screen-recording/react';
import { type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import { ALICE_LOGIN, createFakeSrs } from '@screen-recording/test-utils';
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import { Activity, Component, type ReactNode, StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { describeEachReactMode } from './react-modes';

// The root vitest config has no globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

const SRS_URL = 'http://127.0.0.1:4100';

// The real function, watched: how many sessions the provider opens is the point of one test.
vi.mock('@screen-recording/core', async (importOriginal) => {
  const core = await importOriginal<typeof import('@screen-recording/core')>();
  return { ...core, openSessionSource: vi.fn(core.openSessionSource) };
});
const createSpy = vi.mocked(openSessionSource);

/** Lets the provider's deferred disposal (a microtask after a real unmount) run. */
const flushMicrotasks = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const isRunning = (session: ScreenRecordingSession) => session.actor.getSnapshot().status === 'active';

/** A desktop that logs the agent in as soon as it mounts: the pattern StrictMode turns into two logins. */
function LoginOnMount({ params }: { params: LoginParams }) {
  const { view: status, login } = useScreenRecording((view) => view.status);
  useEffect(() => {
    login(params).catch(() => {});
  }, [login, params]);
  return <p>status: {status}</p>;
}

/** Collects every session the component is given, render after render. */
function CaptureSession({ into }: { into: Set<ScreenRecordingSession> }) {
  into.add(useScreenRecordingSession());
  return null;
}

describeEachReactMode('ScreenRecordingProvider against the simulator', ({ reactStrictMode }) => {
  let simulator: SrsSimulator;

  beforeEach(async () => {
    simulator = await startSimulator({ port: 0 });
  });
  afterEach(async () => {
    await simulator.close();
  });

  it('sends exactly one login and no logout when a component logs in on mount', async () => {
    const params = { ...ALICE_LOGIN };
    render(
      <ScreenRecordingProvider options={{ srsUrl: simulator.url }}>
        <LoginOnMount params={params} />
      </ScreenRecordingProvider>,
      { reactStrictMode },
    );

    expect(await screen.findByText('status: active')).toBeTruthy();
    await flushMicrotasks();

    const posts = simulator.requests.filter(
      (entry) => entry.method === 'POST' && entry.path === '/api/v2/me',
    );
    const logouts = posts.filter((entry) => isLogoutBody(entry.body));
    expect(posts.length - logouts.length).toBe(1);
    expect(logouts).toHaveLength(0);
    expect(simulator.sessions().map((session) => session.username)).toEqual(['alice']);
    expect(screen.getByText('status: active')).toBeTruthy();
  });
});

describeEachReactMode('ScreenRecordingProvider lifecycle', ({ reactStrictMode }) => {
  it('keeps the session it created alive through mounting, and disposes it on a real unmount', async () => {
    const srs = createFakeSrs();
    const sessions = new Set<ScreenRecordingSession>();
    const { unmount } = render(
      <ScreenRecordingProvider options={{ srsUrl: SRS_URL, fetch: srs.fetch }}>
        <CaptureSession into={sessions} />
      </ScreenRecordingProvider>,
      { reactStrictMode },
    );
    await flushMicrotasks();
    const [session] = sessions;
    if (!session) throw new Error('no session was provided');
    expect(isRunning(session)).toBe(true);

    unmount();
    await flushMicrotasks();
    expect(isRunning(session)).toBe(false);
    // Disposing sends nothing: the app logs out first when it means to.
    expect(srs.calls).toEqual([]);
  });

  it('creates one session however often it renders', async () => {
    createSpy.mockClear();
    const srs = createFakeSrs();
    const sessions = new Set<ScreenRecordingSession>();
    const options = { srsUrl: SRS_URL, fetch: srs.fetch };
    const { rerender } = render(
      <ScreenRecordingProvider options={options}>
        <CaptureSession into={sessions} />
      </ScreenRecordingProvider>,
      { reactStrictMode },
    );
    rerender(
      <ScreenRecordingProvider options={{ ...options }}>
        <CaptureSession into={sessions} />
      </ScreenRecordingProvider>,
    );
    await flushMicrotasks();
    expect(sessions.size).toBe(1);
    // Not even a discarded second one, which the inspector would show as a phantom actor.
    expect(createSpy).toHaveBeenCalledTimes(1);
  });

  it('starts a fresh session when a hidden <Activity> is shown again (hiding ran the unmount)', async () => {
    const srs = createFakeSrs();
    const sessions = new Set<ScreenRecordingSession>();
    const desk = (mode: 'visible' | 'hidden') => (
      <Activity mode={mode}>
        <ScreenRecordingProvider options={{ srsUrl: SRS_URL, fetch: srs.fetch }}>
          <CaptureSession into={sessions} />
        </ScreenRecordingProvider>
      </Activity>
    );
    const { rerender } = render(desk('visible'), { reactStrictMode });
    await flushMicrotasks();
    const [first] = sessions;

    await act(async () => rerender(desk('hidden')));
    await flushMicrotasks();
    await act(async () => rerender(desk('visible')));
    await flushMicrotasks();

    const last = [...sessions].at(-1);
    expect(first && isRunning(first)).toBe(false);
    expect(last).not.toBe(first);
    expect(last && isRunning(last)).toBe(true);
  });

  it('never disposes a session it was given', async () => {
    const srs = createFakeSrs();
    const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch: srs.fetch });
    const { unmount } = render(
      <ScreenRecordingProvider session={session}>
        <p>desk</p>
      </ScreenRecordingProvider>,
      { reactStrictMode },
    );
    unmount();
    await flushMicrotasks();
    expect(isRunning(session)).toBe(true);
    session.dispose();
  });

  it('keeps polling a logged-in session when the provider re-renders with a new tree', async () => {
    const srs = createFakeSrs();
    const params = { ...ALICE_LOGIN };
    const { rerender } = render(
      <ScreenRecordingProvider options={{ srsUrl: SRS_URL, fetch: srs.fetch }}>
        <LoginOnMount params={params} />
      </ScreenRecordingProvider>,
      { reactStrictMode },
    );
    expect(await screen.findByText('status: active')).toBeTruthy();
    rerender(
      <ScreenRecordingProvider options={{ srsUrl: SRS_URL, fetch: srs.fetch }}>
        <section>
          <LoginOnMount params={params} />
        </section>
      </ScreenRecordingProvider>,
    );
    await flushMicrotasks();
    expect(await screen.findByText('status: active')).toBeTruthy();
    expect(srs.count('login')).toBe(1);
    expect(srs.count('logout')).toBe(0);
  });
});

describeEachReactMode('outside a provider', ({ reactStrictMode }) => {
  beforeEach(() => {
    // React reports the thrown error on the console as well; the assertion below is what matters.
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('useScreenRecordingSession() tells the developer to wrap the tree in <ScreenRecordingProvider>', () => {
    expect(() => renderHook(() => useScreenRecordingSession(), { reactStrictMode })).toThrow(
      /wrap the tree in <ScreenRecordingProvider/,
    );
  });
});

describeEachReactMode('ScreenRecordingProvider props', ({ reactStrictMode }) => {
  it('refuses to render without a session or options', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    // @ts-expect-error: neither prop given, which the types forbid too.
    expect(() => render(<ScreenRecordingProvider />, { reactStrictMode })).toThrow(
      /needs either \{ options \}.*or \{ session \}/,
    );
    vi.restoreAllMocks();
  });
});

/** The smallest error boundary: shows the message of what its children threw while rendering. */
class ShowError extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return <p role="alert">{error instanceof Error ? `${error.name}: ${error.message}` : String(error)}</p>;
  }
}

describeEachReactMode('a configuration error in the provider', ({ reactStrictMode }) => {
  beforeEach(() => {
    // React reports an error a boundary caught on the console too.
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reaches the nearest error boundary, which shows it, and nothing is sent', () => {
    const srs = createFakeSrs();
    render(
      <ShowError>
        <ScreenRecordingProvider options={{ srsUrl: 'http://srs.example.com:4100', fetch: srs.fetch }}>
          <p>the desk</p>
        </ScreenRecordingProvider>
      </ShowError>,
      { reactStrictMode },
    );
    expect(screen.getByRole('alert').textContent).toMatch(/^SrsConfigurationError: .*srsUrl/);
    expect(screen.queryByText('the desk')).toBeNull();
    expect(srs.calls).toEqual([]);
  });

  it("reaches createRoot's onUncaughtError when no boundary is above", async () => {
    const container = document.createElement('div');
    const uncaught: unknown[] = [];
    const root = createRoot(container, { onUncaughtError: (error) => uncaught.push(error) });
    const tree = (
      <ScreenRecordingProvider options={{ srsUrl: 'ftp://127.0.0.1:4100' }}>
        <p>the desk</p>
      </ScreenRecordingProvider>
    );
    // As in an app: act() would rethrow the error instead of reporting it to the root.
    const environment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
    const actEnvironment = environment.IS_REACT_ACT_ENVIRONMENT;
    environment.IS_REACT_ACT_ENVIRONMENT = false;
    try {
      root.render(reactStrictMode ? <StrictMode>{tree}</StrictMode> : tree);
      await vi.waitFor(() => expect(uncaught).toHaveLength(1));
      expect(uncaught).toEqual([expect.objectContaining({ name: 'SrsConfigurationError', field: 'srsUrl' })]);
      root.unmount();
    } finally {
      environment.IS_REACT_ACT_ENVIRONMENT = actEnvironment;
    }
  });
});

function isLogoutBody(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { operationName?: unknown }).operationName === 'EndContactCenterSession'
  );
}
