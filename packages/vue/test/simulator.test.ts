import type { SessionStatus } from '@screen-recording/core';
import { type RequestLogEntry, type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import { ALICE_LOGIN } from '@screen-recording/test-utils';
import { ScreenRecordingPlugin, useScreenRecording, useScreenRecordingSession } from '@screen-recording/vue';
import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, onMounted, ref, watch } from 'vue';

const SEEN_WITHIN = { timeout: 5_000, interval: 20 };

const isLogout = (entry: RequestLogEntry) =>
  entry.method === 'POST' &&
  entry.path === '/api/v2/me' &&
  (entry.body as { operationName?: unknown } | null)?.operationName === 'EndContactCenterSession';
const isLogin = (entry: RequestLogEntry) =>
  entry.method === 'POST' && entry.path === '/api/v2/me' && !isLogout(entry);

/** A minimal desk: the status, Log in, Log out; it records every status it is given. */
function desk(statuses: SessionStatus[]) {
  return defineComponent({
    setup() {
      const { view: status, login, logout } = useScreenRecording((view) => view.status);
      watch(status, (next) => statuses.push(next), { flush: 'sync', immediate: true });
      return () => [
        h('p', `status: ${status.value}`),
        h('button', { onClick: () => login(ALICE_LOGIN).catch(() => {}) }, 'Log in'),
        h('button', { onClick: () => logout().catch(() => {}) }, 'Log out'),
      ];
    },
  });
}

/** Logs in when it mounts, as a desktop panel that appears after the agent's own login might. */
const LoginOnMount = defineComponent({
  setup() {
    const { view: status, login } = useScreenRecording((view) => view.status);
    onMounted(() => void login(ALICE_LOGIN).catch(() => {}));
    return () => h('p', `status: ${status.value}`);
  },
});

describe('the Vue binding against the SRS simulator over loopback', () => {
  let simulator: SrsSimulator;

  beforeEach(async () => {
    simulator = await startSimulator({ port: 0 });
  });
  afterEach(async () => {
    await simulator.close();
  });

  it('shows idle → loggingIn → active → loggingOut → idle as the agent logs in and out', async () => {
    const statuses: SessionStatus[] = [];
    const wrapper = mount(desk(statuses), {
      global: { plugins: [[ScreenRecordingPlugin, { options: { srsUrl: simulator.url } }]] },
    });
    expect(wrapper.text()).toContain('status: idle');

    await wrapper.get('button:nth-of-type(1)').trigger('click');
    await expect.poll(() => wrapper.text(), SEEN_WITHIN).toContain('status: active');
    expect(simulator.sessions().map((session) => session.username)).toEqual(['alice']);

    await wrapper.get('button:nth-of-type(2)').trigger('click');
    await expect.poll(() => wrapper.text(), SEEN_WITHIN).toContain('status: idle');

    expect(statuses).toEqual(['idle', 'loggingIn', 'active', 'loggingOut', 'idle']);
    expect(simulator.sessions()).toEqual([]);
    expect(simulator.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v2/me',
      status: 200,
      csrfTokenSent: true,
    });
    wrapper.unmount();
  });

  it('keeps one SRS session, polled, however often components that log in on mount come and go', async () => {
    const shown = ref(true);
    let session: ReturnType<typeof useScreenRecordingSession> | undefined;
    const wrapper = mount(
      {
        setup() {
          session = useScreenRecordingSession();
          return () => h('main', shown.value ? [h(LoginOnMount), h(LoginOnMount)] : [h('p', 'away')]);
        },
      },
      {
        global: {
          plugins: [
            [
              ScreenRecordingPlugin,
              {
                options: {
                  srsUrl: simulator.url,
                  pingIntervalMs: 300,
                  requestTimeoutMs: 1_000,
                  retryDelayMs: 100,
                  sessionTimeoutMs: 5_000,
                },
              },
            ],
          ],
        },
      },
    );
    const shownStatuses = () => wrapper.findAll('p').map((part) => part.text());
    await expect.poll(shownStatuses, SEEN_WITHIN).toEqual(['status: active', 'status: active']);

    for (let round = 0; round < 5; round++) {
      shown.value = false;
      await nextTick();
      expect(shownStatuses()).toEqual(['away']);
      shown.value = true;
      await nextTick();
      expect(shownStatuses()).toEqual(['status: active', 'status: active']);
    }
    // The session went on polling throughout.
    await expect
      .poll(() => simulator.requests.filter((entry) => entry.path === '/ping').length, SEEN_WITHIN)
      .toBeGreaterThanOrEqual(2);

    expect(simulator.requests.filter(isLogin)).toHaveLength(1);
    expect(simulator.requests.filter(isLogout)).toHaveLength(0);
    expect(simulator.sessions().map((live) => live.username)).toEqual(['alice']);

    // The plugin owns this session: unmounting the app disposes it (and sends nothing, not even a logout).
    const before = simulator.requests.length;
    wrapper.unmount();
    expect(session?.getSnapshot().status).toBe('disposed');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(simulator.requests.length).toBe(before);
  });
});
