import { type BindingUnderTest, describeBindingContract } from '@screen-recording/test-utils';
import { useScreenRecording } from '@screen-recording/vue';
import { flushPromises } from '@vue/test-utils';
import { vi } from 'vitest';
import { createApp, createSSRApp, defineComponent, h, nextTick } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { PROVIDE_MODES, type ProvideMode, StatusPart, WholeViewPart } from './desk';

function vueBinding(mode: ProvideMode): BindingUnderTest {
  return {
    name: `Vue (${mode.name})`,
    missingProviderMessage: /ScreenRecordingPlugin.*provideScreenRecording/,
    async mount(session, components) {
      // Render-function calls, counted per component: each one is a render Vue decided to do.
      const renders = components.map(() => 0);
      const onRender = (index: number) => () => {
        renders[index] = (renders[index] ?? 0) + 1;
      };
      const root = mode.root(session, () =>
        components.map((component, index) =>
          component.reads === 'status'
            ? h(StatusPart, {
                key: index,
                index,
                loginOnMount: component.loginOnMount,
                onRender: onRender(index),
              })
            : h(WholeViewPart, { key: index, index, onRender: onRender(index) }),
        ),
      );
      const app = createApp(root);
      mode.install(app, session);
      const container = document.createElement('div');
      document.body.append(container);
      app.mount(container);
      await flushPromises();
      return {
        text: (index) => container.querySelector(`[data-part="${index}"]`)?.textContent ?? '',
        renders: (index) => renders[index] ?? 0,
        unmount: () => {
          app.unmount();
          container.remove();
        },
      };
    },
    act: async (work) => {
      await work();
      await flushPromises();
      await nextTick();
    },
    renderOnServer: async (session) => {
      const app = createSSRApp(mode.root(session, () => h(StatusPart, { index: 0 })));
      mode.install(app, session);
      return renderToString(app);
    },
    useWithoutProvider: () => {
      // Vue reports the error on the console as well; the assertion is on the throw.
      const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
      try {
        const app = createApp(
          defineComponent({
            setup() {
              useScreenRecording();
              return () => null;
            },
          }),
        );
        return app.mount(document.createElement('div'));
      } finally {
        quiet.mockRestore();
      }
    },
  };
}

for (const mode of PROVIDE_MODES) describeBindingContract(vueBinding(mode));
