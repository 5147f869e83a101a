import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { injectScreenRecording } from '@screen-recording/angular';
import { needsLogin } from '../../../../shared/messages';
import { SessionHost } from '../session-host';
import { CommandNotice } from './command-notice';
import { CoverageBanner } from './coverage-banner';
import { InspectorSwitch } from './inspector-switch';
import { LoginForm } from './login-form';
import { MessageBox } from './message-box';
import { RecordingCheck } from './recording-check';
import { SessionControls } from './session-controls';
import { ShiftSummary } from './shift-summary';
import { SimulatorPanel } from './simulator-panel';
import { StatusBadge, StatusPanel } from './status-panel';

/** The agent's desk: the login form or the session controls, the status, the inspector and the simulator. */
@Component({
  selector: 'app-desktop',
  imports: [
    CoverageBanner,
    InspectorSwitch,
    LoginForm,
    MessageBox,
    RecordingCheck,
    SessionControls,
    ShiftSummary,
    SimulatorPanel,
    StatusBadge,
    StatusPanel,
  ],
  providers: [CommandNotice],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="layout">
      <app-coverage-banner />
      <header class="topbar">
        <h1>Agent desktop</h1>
        <span class="muted">
          SRS <code>{{ config.srsUrl }}</code> · page <code>{{ pageOrigin }}</code>
        </span>
        <app-status-badge />
      </header>

      <main class="desktop">
        <div class="column">
          @if (commands.notice(); as notice) {
            <app-message-box [message]="notice" testId="notice" />
          }
          @if (showLogin()) {
            <app-login-form />
          } @else {
            <app-session-controls />
          }
          <app-status-panel />
          <app-shift-summary />
          <app-recording-check />
          <app-inspector-switch />
        </div>
        <div class="column">
          <app-simulator-panel />
        </div>
      </main>
    </div>
  `,
})
export class Desktop {
  // Only whether a login is needed: the panels below read what they show, so this does not render per poll.
  protected readonly showLogin = injectScreenRecording(needsLogin);
  protected readonly commands = inject(CommandNotice);
  protected readonly config = inject(SessionHost).config;
  protected readonly pageOrigin = window.location.origin;
}
