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
import { createApp, createSSRApp, defineComponent, h, ref } from 'vue';
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

  it('throws the configuration error for bad options, before anything is sent', () => {
    expect(() =>
      createApp({}).use(ScreenRecordingPlugin, { options: { srsUrl: 'http://srs.example.com:4100' } }),
    ).toThrow(expect.objectContaining({ code: 'configuration', field: 'srsUrl' }));
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
