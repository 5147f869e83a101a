import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { ScreenRecordingService } from '@screen-recording/angular';
import type { CommandName } from '@screen-recording/core';
import { toPlaceParams } from '../../../../shared/login-form';
import { SessionHost } from '../session-host';
import { CommandNotice } from './command-notice';

/** Fail over, fail back, retry, log out, and switch place, while a session is open. */
@Component({
  selector: 'app-session-controls',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { style: 'display: contents' },
  template: `
    @let current = state();
    @let loggingOut = current.status === 'loggingOut';
    <section class="card" aria-labelledby="session-title">
      <h2 id="session-title">Session</h2>
      <div class="actions">
        <button
          type="button"
          (click)="run('failover', recording.failover)"
          [disabled]="loggingOut || current.dataCenter === 'recovery' || !hasRecoveryServer()"
          [attr.title]="hasRecoveryServer() ? null : 'Log in with a recovery RWS server to fail over'"
        >
          Fail over to recovery
        </button>
        <button type="button" (click)="run('failback', recording.failback)" [disabled]="loggingOut || current.dataCenter === 'primary'">
          Fail back to primary
        </button>
        <button type="button" (click)="run('retry', recording.retry)" [disabled]="current.status !== 'failed'">Retry</button>
        <button type="button" class="danger" (click)="run('logout', recording.logout)" [disabled]="loggingOut">Logout</button>
      </div>

      <form class="switch-place" (submit)="$event.preventDefault(); switchPlace()" aria-label="Switch place">
        <h3>Switch place</h3>
        <div class="grid2">
          <label>
            New place
            <input name="place" [value]="place()" (input)="place.set(valueOf($event))" placeholder="bobPlace" required />
          </label>
          <label>
            <span>Devices <span class="muted">(DN&#64;Switch per line)</span></span>
            <textarea
              name="devices"
              rows="2"
              [value]="devices()"
              (input)="devices.set(valueOf($event))"
              placeholder="DN3@SwitchA"
            ></textarea>
          </label>
        </div>
        <button type="submit" [disabled]="current.status !== 'active'">Switch place</button>
      </form>
    </section>
  `,
})
export class SessionControls {
  protected readonly recording = inject(ScreenRecordingService);
  private readonly commands = inject(CommandNotice);
  private readonly host = inject(SessionHost);

  // Status and data center only: a poll changes neither, so it does not render this panel.
  protected readonly state = this.recording.select(
    (view) => ({ status: view.status, dataCenter: view.dataCenter }),
    (a, b) => a.status === b.status && a.dataCenter === b.dataCenter,
  );
  protected readonly hasRecoveryServer = computed(() => this.host.loginValues().peerServer.trim() !== '');
  protected readonly place = signal('');
  protected readonly devices = signal('');

  // The session refuses what does not apply (and the notice says why); the buttons only grey out the obvious.
  protected run(name: CommandName, command: () => Promise<void>): void {
    this.commands.run(name, command);
  }

  protected switchPlace(): void {
    // The form is read inside the command, so a device it cannot read becomes the notice.
    this.commands.run('switchPlace', () =>
      this.recording.switchPlace(toPlaceParams(this.place(), this.devices())),
    );
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLInputElement | HTMLTextAreaElement).value;
  }
}
