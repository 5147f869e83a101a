import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { ScreenRecordingService } from '@screen-recording/angular';
import {
  copyReport,
  createRecordingCheck,
  RECORDING_CHECK_HINT,
  TEST_LOGIN_LABEL,
  VERDICT_LABELS,
  VERDICT_TONES,
} from '../../../../shared/recording-check';
import { SessionHost } from '../session-host';

/**
 * "Check recording": the library's self-check, its verdict and the report to send to support. Works
 * without a session too (when the options were refused), then only checks what needs none.
 */
@Component({
  selector: 'app-recording-check',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { style: 'display: contents' },
  template: `
    @let current = state();
    <section class="card" aria-labelledby="check-title">
      <h2 id="check-title">Check recording</h2>
      <p class="hint">{{ hint }}</p>
      <label class="switch">
        <input type="checkbox" [checked]="testLogin()" (change)="testLogin.set($any($event.target).checked)" />
        <span>{{ testLoginLabel }}</span>
      </label>
      <div>
        <button type="button" class="primary" [disabled]="current.running" (click)="run()">
          {{ current.running ? 'Checking…' : 'Check recording' }}
        </button>
      </div>
      @if (current.diagnosis; as diagnosis) {
        <p
          [class]="'message ' + tones[diagnosis.verdict]"
          data-testid="recording-check-verdict"
          [attr.data-verdict]="diagnosis.verdict"
        >
          <strong>{{ labels[diagnosis.verdict] }}.</strong> {{ diagnosis.summary }}
        </p>
        <pre class="report" data-testid="recording-check-report">{{ current.text }}</pre>
        <div>
          <button type="button" (click)="copy()">Copy report</button>
          @if (copied(); as note) {
            {{ ' ' }}<span class="hint">{{ note }}</span>
          }
        </div>
        <details>
          <summary>The report as JSON</summary>
          <pre class="report" data-testid="recording-check-json">{{ current.json }}</pre>
        </details>
      }
    </section>
  `,
})
export class RecordingCheck {
  private readonly host = inject(SessionHost);
  // Absent when the session's options were refused: the check then runs without a session.
  private readonly recording = inject(ScreenRecordingService, { optional: true });
  private readonly check = createRecordingCheck(this.host.config);
  protected readonly state = signal(this.check.current());
  protected readonly testLogin = signal(false);
  protected readonly copied = signal<string | null>(null);
  protected readonly hint = RECORDING_CHECK_HINT;
  protected readonly testLoginLabel = TEST_LOGIN_LABEL;
  protected readonly labels = VERDICT_LABELS;
  protected readonly tones = VERDICT_TONES;

  constructor() {
    inject(DestroyRef).onDestroy(this.check.subscribe(() => this.state.set(this.check.current())));
  }

  protected run(): void {
    this.check.run(this.recording?.session ?? null, this.testLogin() ? this.host.loginValues() : null);
  }

  protected async copy(): Promise<void> {
    this.copied.set((await copyReport(this.state().text)) ? 'Copied.' : 'Select the report and copy it.');
  }
}
