import { useScreenRecording } from '@screen-recording/react';
import { useCallback, useState } from 'react';
import type { DesktopConfig } from '../../../shared/config';
import type { LoginFormValues } from '../../../shared/login-form';
import { needsLogin, noticeFor } from '../../../shared/messages';
import type { BrowserInspector } from '../App';
import { CoverageBanner } from './CoverageBanner';
import { InspectorSwitch } from './InspectorSwitch';
import { LoginForm } from './LoginForm';
import { SessionControls } from './SessionControls';
import { ShiftSummary } from './ShiftSummary';
import { SimulatorPanel } from './SimulatorPanel';
import { StatusBadge, StatusPanel } from './StatusPanel';

export interface DesktopProps {
  config: DesktopConfig;
  loginValues: LoginFormValues;
  onLoginValuesChange(values: LoginFormValues): void;
  inspectorOn: boolean;
  onInspectorChange(inspector: BrowserInspector | null): void;
}

/** Runs a command; mistakes the session does not show in its view (bad input, wrong moment) become a notice. */
export type RunCommand = (command: () => Promise<void>) => void;

export function Desktop({
  config,
  loginValues,
  onLoginValuesChange,
  inspectorOn,
  onInspectorChange,
}: DesktopProps) {
  // Only whether a login is needed: the panels below select what they show, so this does not re-render per poll.
  const { view: showLogin } = useScreenRecording(needsLogin);
  const [notice, setNotice] = useState<string | null>(null);

  const run = useCallback<RunCommand>((command) => {
    setNotice(null);
    // Through a promise, so that a form that cannot be read (a device not written DN@Switch) becomes a notice too.
    Promise.resolve()
      .then(command)
      .catch((error: unknown) => setNotice(noticeFor(error)));
  }, []);

  return (
    <div className="layout">
      <CoverageBanner />
      <header className="topbar">
        <h1>Agent desktop</h1>
        <span className="muted">
          SRS <code>{config.srsUrl}</code> · page <code>{window.location.origin}</code>
        </span>
        <StatusBadge />
      </header>

      <main className="desktop">
        <div className="column">
          {notice && (
            <p className="notice" role="alert" data-testid="notice">
              {notice}
            </p>
          )}
          {showLogin ? (
            <LoginForm values={loginValues} onChange={onLoginValuesChange} run={run} />
          ) : (
            <SessionControls recoveryServer={loginValues.peerServer} run={run} />
          )}
          <StatusPanel srsUrl={config.srsUrl} />
          <ShiftSummary />
          <InspectorSwitch on={inspectorOn} onChange={onInspectorChange} />
        </div>
        <div className="column">
          <SimulatorPanel
            controlUrl={config.controlUrl}
            primaryServer={loginValues.server}
            recoveryServer={loginValues.peerServer}
          />
        </div>
      </main>
    </div>
  );
}
