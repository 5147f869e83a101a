import { useScreenRecording, useScreenRecordingSession } from '@screen-recording/react';
import { useState, useSyncExternalStore } from 'react';
import { type CommandNotices, createCommandNotices } from '../../../shared/command-notices';
import type { DesktopConfig } from '../../../shared/config';
import type { LoginFormValues } from '../../../shared/login-form';
import { needsLogin, pageFacts } from '../../../shared/messages';
import type { BrowserInspector } from '../App';
import { CoverageBanner } from './CoverageBanner';
import { InspectorSwitch } from './InspectorSwitch';
import { LoginForm } from './LoginForm';
import { MessageBox } from './MessageBox';
import { RecordingCheck } from './RecordingCheck';
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

/** Runs one of the agent's commands; what became of a refused one stays on the page as a notice. */
export type RunCommand = CommandNotices['run'];

export function Desktop({
  config,
  loginValues,
  onLoginValuesChange,
  inspectorOn,
  onInspectorChange,
}: DesktopProps) {
  // Only whether a login is needed: the panels below select what they show, so this does not re-render per poll.
  const { view: showLogin } = useScreenRecording(needsLogin);
  const session = useScreenRecordingSession();
  const [notices] = useState(() => createCommandNotices(pageFacts(config.srsUrl)));
  const notice = useSyncExternalStore(notices.subscribe, notices.current);
  const run = notices.run;

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
          {notice && <MessageBox message={notice} testId="notice" />}
          {showLogin ? (
            <LoginForm values={loginValues} onChange={onLoginValuesChange} run={run} />
          ) : (
            <SessionControls recoveryServer={loginValues.peerServer} run={run} />
          )}
          <StatusPanel srsUrl={config.srsUrl} />
          <ShiftSummary />
          <RecordingCheck config={config} session={session} loginValues={loginValues} />
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
