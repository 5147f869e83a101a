import { type ScreenRecordingOptions, SrsConfigurationError } from '@screen-recording/core';
import { ScreenRecordingProvider } from '@screen-recording/react';
import type { createBrowserInspector } from '@statelyai/inspect';
import { Component, type ReactNode, useCallback, useMemo, useState } from 'react';
import type { DesktopConfig } from '../../shared/config';
import type { LoginFormValues } from '../../shared/login-form';
import { DEFAULT_LOGIN } from '../../shared/login-form';
import { configurationHint } from '../../shared/messages';
import { desktopClock as clock } from '../../shared/recording-check';
import { Desktop } from './components/Desktop';
import { RecordingCheck } from './components/RecordingCheck';

export type BrowserInspector = ReturnType<typeof createBrowserInspector>;

export function App({ config }: { config: DesktopConfig }) {
  const [loginValues, setLoginValues] = useState(DEFAULT_LOGIN);
  const [inspector, setInspector] = useState<BrowserInspector | null>(null);
  // The provider reads its options once; a new key gives it a new session (the old one is disposed).
  const [generation, setGeneration] = useState(0);

  const options = useMemo<ScreenRecordingOptions>(
    () => ({
      srsUrl: config.srsUrl,
      clock,
      ...config.tuning,
      ...(inspector ? { inspect: inspector.inspect } : {}),
    }),
    [config, inspector],
  );

  // The switch has logged the agent out already; the new session gets the inspector from its first event.
  const changeInspector = useCallback(
    (next: BrowserInspector | null) => {
      inspector?.stop();
      setInspector(next);
      setGeneration((n) => n + 1);
    },
    [inspector],
  );

  return (
    <ConfigurationErrorBoundary config={config} loginValues={loginValues}>
      <ScreenRecordingProvider key={generation} options={options}>
        <Desktop
          config={config}
          loginValues={loginValues}
          onLoginValuesChange={setLoginValues}
          inspectorOn={inspector !== null}
          onInspectorChange={changeInspector}
        />
      </ScreenRecordingProvider>
    </ConfigurationErrorBoundary>
  );
}

/** A bad option (say `?pingIntervalMs=90000`) makes the session refuse to start: say why instead of a blank page. */
class ConfigurationErrorBoundary extends Component<
  { children: ReactNode; config: DesktopConfig; loginValues: LoginFormValues },
  { error: Error | null }
> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="desktop">
        <section className="card">
          <h2>The screen recording session could not start</h2>
          <p role="alert" className="error">
            {this.state.error.message}
          </p>
          <p className="hint">
            {this.state.error instanceof SrsConfigurationError
              ? configurationHint(this.state.error)
              : 'Reload the page; if it happens again, report it.'}
          </p>
        </section>
        <RecordingCheck config={this.props.config} session={null} loginValues={this.props.loginValues} />
      </main>
    );
  }
}
