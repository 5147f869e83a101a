import { createScreenRecordingSession, type LoginParams, type SessionView } from '@screen-recording/core';
import { ALICE_LOGIN, createContractSession, createFakeSrs, ManualClock } from '@screen-recording/test-utils';
import {
  provideScreenRecording,
  ScreenRecordingPlugin,
  useScreenRecording,
  useScreenRecordingSession,
} from '@screen-recording/vue';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, effectScope, h, isReactive, isReadonly, onBeforeMount } from 'vue';

const SRS_URL = 'http://127.0.0.1:4100';
const ALICE: LoginParams = { ...ALICE_LOGIN, peerServer: 'https://rws.dc2.example.com' };
const PING_INTERVAL_MS = 30_000;

/** Mounts a component that calls `composable` in its setup, under the plugin with `session`; returns what it returned. */
function withSetup<T>(session: ReturnType<typeof createScreenRecordingSession>, composable: () => T) {
  let result: T | undefined;
  const wrapper = mount(
    defineComponent({
      setup() {
        result = composable();
        return () => null;
      },
    }),
    { global: { plugins: [[ScreenRecordingPlugin, { session }]] } },
  );
  return { result: result as T, wrapper };
}

describe('useScreenRecording(): the view', () => {
  it("is the session's own view object in a readonly shallow ref, not a reactive copy", async () => {
    const srs = createFakeSrs();
    const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch: srs.fetch });
    const { result, wrapper } = withSetup(session, () => useScreenRecording());
    expect(result.view.value).toBe(session.getSnapshot());

    await result.login(ALICE);
    await flushPromises();
    expect(result.view.value.status).toBe('active');
    expect(result.view.value).toBe(session.getSnapshot());
    expect(isReactive(result.view.value)).toBe(false);
    expect(isReadonly(result.view)).toBe(true);

    // Only the session changes it: Vue refuses the write (and says so on the console).
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    (result.view as { value: SessionView }).value = { ...result.view.value, status: 'idle' };
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('readonly'), expect.anything());
    warn.mockRestore();
    expect(result.view.value.status).toBe('active');

    wrapper.unmount();
    session.dispose();
  });

  it('shows a change made between setup and mount (a login sent before the component subscribed)', async () => {
    const srs = createFakeSrs({ held: true });
    const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch: srs.fetch });
    const wrapper = mount(
      defineComponent({
        setup() {
          const { view: status, login } = useScreenRecording((view) => view.status);
          // Before mount: the selection was made as `idle`; the subscription starts only after this.
          onBeforeMount(() => void login(ALICE).catch(() => {}));
          return () => h('p', `status: ${status.value}`);
        },
      }),
      { global: { plugins: [[ScreenRecordingPlugin, { session }]] } },
    );
    await flushPromises();
    // The login is held by the fake SRS: nothing else moved the view after mount.
    expect(srs.inFlight.login).toBe(1);
    expect(wrapper.text()).toBe('status: loggingIn');
    wrapper.unmount();
    session.dispose();
  });

  it('a selector building a new object updates only when compare says the selection changed', async () => {
    const clock = new ManualClock();
    const srs = createFakeSrs({ clock });
    const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch: srs.fetch, clock });
    let renders = 0;
    const Seat = defineComponent({
      setup() {
        const { view: seat } = useScreenRecording(
          (view) => ({ server: view.server, dataCenter: view.dataCenter }),
          (a, b) => a.server === b.server && a.dataCenter === b.dataCenter,
        );
        return () => {
          renders++;
          return h('p', `server: ${seat.value.server ?? 'none'} (${seat.value.dataCenter})`);
        };
      },
    });
    const wrapper = mount(Seat, { global: { plugins: [[ScreenRecordingPlugin, { session }]] } });
    void session.login(ALICE);
    await clock.advance(0);
    await flushPromises();
    expect(wrapper.text()).toBe(`server: ${ALICE.server} (primary)`);
    const afterLogin = renders;

    for (let poll = 0; poll < 5; poll++) await clock.advance(PING_INTERVAL_MS);
    await flushPromises();
    expect(srs.count('ping')).toBe(5);
    expect(renders).toBe(afterLogin);

    // A change the selection does see still arrives.
    void session.failover();
    await clock.advance(0);
    await flushPromises();
    expect(wrapper.text()).toBe(`server: ${ALICE.peerServer} (recovery)`);
    expect(renders).toBeGreaterThan(afterLogin);
    wrapper.unmount();
    session.dispose();
  });
});

describe('useScreenRecording(): the commands', () => {
  it("are the session's own functions and work detached from the object", async () => {
    const srs = createFakeSrs();
    const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch: srs.fetch });
    const { result, wrapper } = withSetup(session, () => useScreenRecording((view) => view.status));
    const { view: status, login, logout, ...others } = result;
    expect(login).toBe(session.commands.login);
    expect(logout).toBe(session.commands.logout);
    expect(Object.keys(others).sort()).toEqual(['failback', 'failover', 'retry', 'switchPlace']);

    await login(ALICE);
    expect(status.value).toBe('active');
    await logout();
    expect(status.value).toBe('idle');
    expect(srs.calls.map((call) => call.operation)).toEqual(['login', 'logout']);
    // The logout carried the token the login was given (CSRF is on by default).
    expect(srs.calls[1]?.headers['x-csrf-token']).toBeDefined();
    wrapper.unmount();
    session.dispose();
  });

  it('pass the typed error of a refused command to the caller and send nothing', async () => {
    const srs = createFakeSrs();
    const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch: srs.fetch });
    const { result, wrapper } = withSetup(session, () => useScreenRecording());
    await expect(result.switchPlace({ place: 'alicePlace' })).rejects.toMatchObject({
      code: 'invalid-state',
    });
    expect(srs.calls).toEqual([]);
    wrapper.unmount();
    session.dispose();
  });
});

describe('useScreenRecording() outside components', () => {
  it('follows the session inside an effect scope that can inject, and stops with the scope', async () => {
    const contract = createContractSession();
    const app = createApp({});
    app.use(ScreenRecordingPlugin, { session: contract.session });
    const scope = effectScope();
    const recording = app.runWithContext(() => scope.run(() => useScreenRecording((view) => view.status)));
    if (!recording) throw new Error('the scope ran nothing');
    expect(contract.liveSubscriptions).toBe(1);

    void recording.login(ALICE);
    await contract.clock.advance(0);
    expect(recording.view.value).toBe('active');

    scope.stop();
    expect(contract.liveSubscriptions).toBe(0);
    contract.session.dispose();
  });

  it('says what to do when called outside setup() or an effect scope', () => {
    const advice = /setup\(\).*ScreenRecordingPlugin.*provideScreenRecording/s;
    expect(() => useScreenRecording()).toThrow(advice);
    expect(() => useScreenRecordingSession()).toThrow(advice);
    // In a scope, but nowhere to inject from.
    const scope = effectScope();
    expect(() => scope.run(() => useScreenRecording((view) => view.status))).toThrow(advice);
    scope.stop();
    expect(() => provideScreenRecording({ options: { srsUrl: SRS_URL } })).toThrow(
      /in a component's setup\(\).*app\.use\(ScreenRecordingPlugin/,
    );
  });

  it('says which provider is missing in a component with none above it', () => {
    const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const Orphan = defineComponent({
      setup() {
        useScreenRecordingSession();
        return () => null;
      },
    });
    expect(() => mount(Orphan)).toThrow(
      /found no screen recording session.*app\.use\(ScreenRecordingPlugin.*provideScreenRecording\(/s,
    );
    quiet.mockRestore();
  });
});
