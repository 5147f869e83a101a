import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ScreenRecordingService } from '@screen-recording/angular';
import { createBrowserInspector } from '@statelyai/inspect';
import { INSPECTOR_OPTIONS } from '../../../../shared/inspector';
import { INSPECTOR_HINT, INSPECTOR_LOGOUT_QUESTION } from '../../../../shared/messages';
import { SessionHost } from '../session-host';

/**
 * Turns the Stately inspector on or off. The inspector is attached when a session is created, so the
 * desktop logs out and starts a fresh session with (or without) it.
 */
@Component({
  selector: 'app-inspector-switch',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { style: 'display: contents' },
  template: `
    <section class="card inspector" aria-labelledby="inspector-title">
      <h2 id="inspector-title">Stately inspector</h2>
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          [attr.aria-checked]="host.inspectorOn()"
          [checked]="host.inspectorOn()"
          [disabled]="switching()"
          (change)="toggle($event)"
        />
        <span>{{ host.inspectorOn() ? 'On: session events go to the inspector window' : 'Off' }}</span>
      </label>
      <p class="hint">{{ hint }}</p>
    </section>
  `,
})
export class InspectorSwitch {
  protected readonly host = inject(SessionHost);
  private readonly recording = inject(ScreenRecordingService);
  protected readonly switching = signal(false);

  protected readonly hint = INSPECTOR_HINT;

  protected async toggle(event: Event): Promise<void> {
    if (this.recording.view().status !== 'idle' && !window.confirm(INSPECTOR_LOGOUT_QUESTION)) {
      (event.target as HTMLInputElement).checked = this.host.inspectorOn();
      return;
    }
    // Opened now, inside the click: a window opened after an await may be blocked as a pop-up.
    const next = this.host.inspectorOn() ? null : createBrowserInspector(INSPECTOR_OPTIONS);
    this.switching.set(true);
    if (this.recording.view().status !== 'idle') await this.recording.logout().catch(() => {});
    this.switching.set(false);
    this.host.restart(next);
  }
}
