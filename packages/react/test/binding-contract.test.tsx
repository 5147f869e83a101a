import type { LoginParams } from '@screen-recording/core';
import { ScreenRecordingProvider, useScreenRecording } from '@screen-recording/react';
import { type BindingUnderTest, describeBindingContract } from '@screen-recording/test-utils';
import { act, cleanup, render, renderHook } from '@testing-library/react';
import { Profiler, useEffect } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, vi } from 'vitest';
import { MODES, type ReactMode } from './react-modes';

// The root vitest config has no globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

function StatusPart({ index, loginOnMount }: { index: number; loginOnMount?: LoginParams }) {
  const { view: status, login } = useScreenRecording((view) => view.status);
  useEffect(() => {
    if (loginOnMount) login(loginOnMount).catch(() => {});
  }, [login, loginOnMount]);
  return <p data-part={index}>status: {status}</p>;
}

function WholeViewPart({ index }: { index: number }) {
  const { view } = useScreenRecording();
  return <p data-part={index}>last poll: {view.lastPollAt ?? 'never'}</p>;
}

function reactBinding({ name, reactStrictMode }: ReactMode): BindingUnderTest {
  return {
    name: `React (${name})`,
    missingProviderMessage: /<ScreenRecordingProvider/,
    async mount(session, components) {
      // Commits, counted by React itself: StrictMode's double render of one commit counts once.
      const commits = components.map(() => 0);
      const tree = (
        <ScreenRecordingProvider session={session}>
          {components
            .map((component, index) => ({ ...component, index, id: `part-${index}` }))
            .map(({ id, index, ...component }) => (
              <Profiler
                key={index}
                id={`part-${index}`}
                onRender={() => {
                  commits[index] = (commits[index] ?? 0) + 1;
                }}
              >
                {component.reads === 'status' ? (
                  <StatusPart index={index} loginOnMount={component.loginOnMount} />
                ) : (
                  <WholeViewPart index={index} />
                )}
              </Profiler>
            ))}
        </ScreenRecordingProvider>
      );
      let unmount = () => {};
      let container: ParentNode | undefined;
      await act(async () => {
        ({ unmount, container } = render(tree, { reactStrictMode }));
      });
      return {
        text: (index) => container?.querySelector(`[data-part="${index}"]`)?.textContent ?? '',
        renders: (index) => commits[index] ?? 0,
        unmount: () => unmount(),
      };
    },
    act: async (work) => {
      await act(async () => {
        await work();
      });
    },
    renderOnServer: async (session) => {
      const tree = (
        <ScreenRecordingProvider session={session}>
          <StatusPart index={0} />
        </ScreenRecordingProvider>
      );
      return renderToString(tree);
    },
    useWithoutProvider: () => {
      // React reports the thrown error on the console as well; the assertion is on the throw.
      const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        return renderHook(() => useScreenRecording(), { reactStrictMode });
      } finally {
        quiet.mockRestore();
      }
    },
  };
}

for (const mode of MODES) describeBindingContract(reactBinding(mode));
