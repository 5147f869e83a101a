import {
  createScreenRecordingSession,
  type ScreenRecordingOptions,
  type ScreenRecordingSession,
} from '@screen-recording/core';
import { createFakeSrs, ManualClock } from '@screen-recording/test-utils';
import {
  provideScreenRecording,
  ScreenRecordingPlugin,
  type ScreenRecordingSource,
  useScreenRecording,
  useScreenRecordingSession,
} from '@screen-recording/vue';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createApp, createSSRApp, defineComponent, h, onErrorCaptured, ref } from 'vue';
import { renderToString } from 'vue/server-renderer';

const SRS_URL = 'http://127.0.0.1:4100';

const isDisposed = (session: ScreenRecordingSession) => session.getSnapshot().status === 'disposed';

/** Records the session it is given into `into`, and renders nothing. */
const captureSession = (into: ScreenRecordingSession[]) =>
  defineComponent({
    setup() {
      into.push(useScreenRecordingSession());
      return () => null;
    },
  });

describe('ScreenRecordingPlugin', () => {
  it('with { options }: one session for every component, disposed on app.unmount() without a request', () => {
    const srs = createFakeSrs();
    const seen: ScreenRecordingSession[] = [];
    const Capture = captureSession(seen);
    const app = createApp({ render: () => [h(Capture), h(Capture)] });
    app.use(ScreenRecordingPlugin, { options: { srsUrl: SRS_URL, fetch: srs.fetch } });
    app.mount(document.createElement('div'));

    const [first, second] = seen;
    if (!first) throw new Error('no session was provided');
    expect(second).toBe(first);
    expect(isDisposed(first)).toBe(false);

    app.unmount();
    expect(isDisposed(first)).toBe(true);
    // Disposing sends nothing: the app logs out first when it means to.
    expect(srs.calls).toEqual([]);
  });

  it('with { session }: never disposes the session the app owns', () => {
    const session = createScreenRecordingSession({ srsUrl: SRS_URL });
    const app = createApp({ render: () => null });
    app.use(ScreenRecordingPlugin, { session });
    app.mount(document.createElement('div'));
    app.unmount();
    expect(isDisposed(session)).toBe(false);
    session.dispose();
  });

  it('refuses both a session and options, or neither, saying which', () => {
    const session = createScreenRecordingSession({ srsUrl: SRS_URL });
    const both = { session, options: { srsUrl: SRS_URL } } as unknown as ScreenRecordingSource;
    expect(() => createApp({}).use(ScreenRecordingPlugin, both)).toThrow(
      /app\.use\(ScreenRecordingPlugin, …\) needs either \{ options \}.*or \{ session \}.*given both/,
    );
    const neither = {} as ScreenRecordingSource;
    expect(() => createApp({}).use(ScreenRecordingPlugin, neither)).toThrow(/given neither/);
    expect(isDisposed(session)).toBe(false);
    session.dispose();
  });

  it("hands bad options' configuration error to app.config.errorHandler, from the component that reads the session", () => {
    const srs = createFakeSrs();
    const handled: { error: unknown; info: string }[] = [];
    const Status = defineComponent({
      setup() {
        const { view: status } = useScreenRecording((view) => view.status);
        return () => h('p', status.value);
      },
    });
    const app = createApp(Status);
    app.config.errorHandler = (error, _instance, info) => {
      handled.push({ error, info });
    };
    // Installing is fine: the session is created when a component first reads it.
    app.use(ScreenRecordingPlugin, { options: { srsUrl: 'http://srs.example.com:4100', fetch: srs.fetch } });
    app.mount(document.createElement('div'));

    expect(handled).toEqual([
      {
        error: expect.objectContaining({ name: 'SrsConfigurationError', field: 'srsUrl' }),
        info: 'setup function',
      },
    ]);
    expect(srs.calls).toEqual([]);
    app.unmount();
  });

  it('lets a parent show a configuration error with onErrorCaptured, as Vue users handle errors', async () => {
    const Status = defineComponent({
      setup() {
        const { view: status } = useScreenRecording((view) => view.status);
        return () => h('p', status.value);
      },
    });
    const Fallback = defineComponent({
      setup() {
        const failure = ref('');
        onErrorCaptured((error) => {
          failure.value = error instanceof Error ? error.message : String(error);
          return false; // handled here
        });
        return () => (failure.value ? h('p', { role: 'alert' }, failure.value) : h(Status));
      },
    });
    const app = createApp(Fallback);
    const unhandled: unknown[] = [];
    app.config.errorHandler = (error) => {
      unhandled.push(error);
    };
    app.use(ScreenRecordingPlugin, { options: { srsUrl: 'ftp://127.0.0.1:4100' } });
    const root = document.createElement('div');
    app.mount(root);
    await flushPromises();

    expect(root.querySelector('[role=alert]')?.textContent).toMatch(/srsUrl/);
    expect(unhandled).toEqual([]);
    app.unmount();
  });

  it('renders on the server with { options } without a request or a timer', async () => {
    const clock = new ManualClock();
    const srs = createFakeSrs({ clock });
    const options: ScreenRecordingOptions = { srsUrl: SRS_URL, fetch: srs.fetch, clock };
    const Status = defineComponent({
      setup() {
        const { view } = useScreenRecording();
        return () => h('p', `status: ${view.value.status}, next poll: ${view.value.nextPollAt ?? 'none'}`);
      },
    });
    const app = createSSRApp(Status).use(ScreenRecordingPlugin, { options });

    expect(await renderToString(app)).toBe('<p>status: idle, next poll: none</p>');
    expect(srs.calls).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('provideScreenRecording()', () => {
  /** A section that provides its own session from options, shown while `shown` is true. */
  function togglableSection(options: ScreenRecordingOptions, seen: ScreenRecordingSession[]) {
    const Capture = captureSession(seen);
    const Section = defineComponent({
      setup() {
        provideScreenRecording({ options });
        return () => h('section', [h(Capture)]);
      },
    });
    const shown = ref(true);
    const wrapper = mount({ setup: () => () => (shown.value ? h(Section) : h('p', 'hidden')) });
    return { shown, wrapper };
  }

  it('with { options }: disposes its session when its component unmounts, and makes a new one when it comes back', async () => {
    const srs = createFakeSrs();
    const seen: ScreenRecordingSession[] = [];
    const { shown, wrapper } = togglableSection({ srsUrl: SRS_URL, fetch: srs.fetch }, seen);
    const [first] = seen;
    if (!first) throw new Error('no session was provided');
    expect(isDisposed(first)).toBe(false);

    shown.value = false;
    await flushPromises();
    expect(isDisposed(first)).toBe(true);

    shown.value = true;
    await flushPromises();
    const second = seen.at(-1);
    expect(second).not.toBe(first);
    expect(second && isDisposed(second)).toBe(false);
    wrapper.unmount();
    expect(second && isDisposed(second)).toBe(true);
    expect(srs.calls).toEqual([]);
  });

  it('with { session }: never disposes the session it was given', () => {
    const session = createScreenRecordingSession({ srsUrl: SRS_URL });
    const wrapper = mount({
      setup() {
        provideScreenRecording({ session });
        return () => null;
      },
    });
    wrapper.unmount();
    expect(isDisposed(session)).toBe(false);
    session.dispose();
  });

  it('gives its subtree its own session, nearer than the app-wide one', () => {
    const appWide = createScreenRecordingSession({ srsUrl: SRS_URL });
    const own = createScreenRecordingSession({ srsUrl: SRS_URL });
    const outside: ScreenRecordingSession[] = [];
    const inside: ScreenRecordingSession[] = [];
    const Inner = defineComponent({
      setup() {
        provideScreenRecording({ session: own });
        return () => h(captureSession(inside));
      },
    });
    const wrapper = mount(
      { render: () => [h(captureSession(outside)), h(Inner)] },
      { global: { plugins: [[ScreenRecordingPlugin, { session: appWide }]] } },
    );
    expect(outside).toEqual([appWide]);
    expect(inside).toEqual([own]);
    wrapper.unmount();
    appWide.dispose();
    own.dispose();
  });

  it("hands bad options' configuration error to the parent's onErrorCaptured", () => {
    const captured: unknown[] = [];
    const Section = defineComponent({
      setup() {
        provideScreenRecording({ options: { srsUrl: 'http://srs.example.com:4100' } });
        return () => null;
      },
    });
    const wrapper = mount({
      setup() {
        onErrorCaptured((error) => {
          captured.push(error);
          return false;
        });
        return () => h(Section);
      },
    });
    expect(captured).toEqual([expect.objectContaining({ name: 'SrsConfigurationError', field: 'srsUrl' })]);
    wrapper.unmount();
  });

  it('lets the providing component use the session in its own setup', () => {
    const srs = createFakeSrs();
    let provided: ScreenRecordingSession | undefined;
    let used: ScreenRecordingSession | undefined;
    const wrapper = mount({
      setup() {
        provided = provideScreenRecording({ options: { srsUrl: SRS_URL, fetch: srs.fetch } });
        // Vue's inject() looks only above the component; the composables look here first.
        used = useScreenRecordingSession();
        const { view: status } = useScreenRecording((view) => view.status);
        return () => h('p', `status: ${status.value}`);
      },
    });
    expect(used).toBe(provided);
    expect(wrapper.text()).toBe('status: idle');
    wrapper.unmount();
  });
});
