import type { LoginParams, ScreenRecordingSession } from '@screen-recording/core';
import { provideScreenRecording, ScreenRecordingPlugin, useScreenRecording } from '@screen-recording/vue';
import { type App, defineComponent, h, onMounted, type PropType, type VNodeChild } from 'vue';

/** Shows the status through a selector and logs in when it mounts, if told to. Counts its renders. */
export const StatusPart = defineComponent({
  props: {
    index: { type: Number, required: true },
    loginOnMount: { type: Object as PropType<LoginParams>, default: undefined },
    onRender: { type: Function as PropType<() => void>, default: () => {} },
  },
  setup(props) {
    const { view: status, login } = useScreenRecording((view) => view.status);
    onMounted(() => {
      if (props.loginOnMount) login(props.loginOnMount).catch(() => {});
    });
    return () => {
      props.onRender();
      return h('p', { 'data-part': props.index }, `status: ${status.value}`);
    };
  },
});

/** Reads the whole view and shows the last poll. Counts its renders. */
export const WholeViewPart = defineComponent({
  props: {
    index: { type: Number, required: true },
    onRender: { type: Function as PropType<() => void>, default: () => {} },
  },
  setup(props) {
    const { view } = useScreenRecording();
    return () => {
      props.onRender();
      return h('p', { 'data-part': props.index }, `last poll: ${view.value.lastPollAt ?? 'never'}`);
    };
  },
});

/**
 * The two ways an app puts a session above its components: app-wide with the plugin, or in a component's
 * setup with `provideScreenRecording()`. Each gives the app to set up and the root component to mount.
 */
export interface ProvideMode {
  name: 'plugin' | 'provideScreenRecording';
  /** Installs what the mode needs on the app. */
  install(app: App, session: ScreenRecordingSession): void;
  /** The root component: renders `content` under the session. */
  root(session: ScreenRecordingSession, content: () => VNodeChild): ReturnType<typeof defineComponent>;
}

const contentRoot = (provide: (() => void) | null, content: () => VNodeChild) =>
  defineComponent({
    setup() {
      provide?.();
      return () => h('main', [content()]);
    },
  });

export const PROVIDE_MODES: readonly ProvideMode[] = [
  {
    name: 'plugin',
    install: (app, session) => app.use(ScreenRecordingPlugin, { session }),
    root: (_session, content) => contentRoot(null, content),
  },
  {
    name: 'provideScreenRecording',
    install: () => {},
    root: (session, content) => contentRoot(() => provideScreenRecording({ session }), content),
  },
];
