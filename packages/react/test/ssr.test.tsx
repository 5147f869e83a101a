// @vitest-environment node
import { ScreenRecordingProvider, useScreenRecording } from '@screen-recording/react';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { describeEachReactMode } from './react-modes';
import { createSrsStandIn } from './srs-stand-in';

function Status() {
  const { view: status } = useScreenRecording((view) => view.status);
  return <p>status: {status}</p>;
}

describeEachReactMode('server rendering', ({ reactStrictMode }) => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('renders the idle session without sending a request or starting a timer', async () => {
    const srs = createSrsStandIn();
    const tree = (
      <ScreenRecordingProvider options={{ srsUrl: 'http://127.0.0.1:4100', fetch: srs.fetch }}>
        <Status />
      </ScreenRecordingProvider>
    );

    const html = renderToString(reactStrictMode ? <StrictMode>{tree}</StrictMode> : tree);
    await Promise.resolve();

    expect(html).toContain('status: <!-- -->idle');
    expect(srs.calls).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
