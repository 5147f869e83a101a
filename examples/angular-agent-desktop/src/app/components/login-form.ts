import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { injectScreenRecording, ScreenRecordingService } from '@screen-recording/angular';
import { type LoginFormValues, toLoginParams } from '../../../../shared/login-form';
import { loginAdvice, pageFacts } from '../../../../shared/messages';
import { SessionHost } from '../session-host';
import { CommandNotice } from './command-notice';

/** The agent's login: default place, or hot seating with a place and its devices; a recovery RWS optional. */
@Component({
  selector: 'app-login-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { style: 'display: contents' },
  template: `
    @let values = host.loginValues();
    <form class="card" (submit)="$event.preventDefault(); submit()" aria-labelledby="login-title">
      <h2 id="login-title">Agent login</h2>
      @if (advice(); as text) {
        <p class="info" data-testid="permission-advice">{{ text }}</p>
      }
      <div class="grid2">
        <label>
          User name
          <input name="username" [value]="values.username" (input)="update('username', $event)" autocomplete="username" required />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            [value]="values.password"
            (input)="update('password', $event)"
            autocomplete="current-password"
            required
          />
        </label>
      </div>
      <label>
        RWS server
        <input
          name="server"
          type="url"
          [value]="values.server"
          (input)="update('server', $event)"
          placeholder="https://rws.dc1.example.com"
          required
        />
      </label>
      <label>
        <span>Recovery RWS server <span class="muted">(optional, disaster recovery)</span></span>
        <input
          name="peerServer"
          type="url"
          [value]="values.peerServer"
          (input)="update('peerServer', $event)"
          placeholder="https://rws.dc2.example.com"
        />
      </label>
      <fieldset>
        <legend>Hot seating (optional; leave empty for the default place)</legend>
        <label>
          Place
          <input name="place" [value]="values.place" (input)="update('place', $event)" placeholder="alicePlace" />
        </label>
        <label>
          <span>Devices <span class="muted">(one DN&#64;Switch per line)</span></span>
          <textarea
            name="devices"
            rows="2"
            [value]="values.devices"
            (input)="update('devices', $event)"
            [placeholder]="devicesPlaceholder"
          ></textarea>
        </label>
      </fieldset>
      <button type="submit" class="primary">Login</button>
    </form>
  `,
})
export class LoginForm {
  protected readonly host = inject(SessionHost);
  // Commands only: this form reads nothing from the session, so the session never renders it.
  private readonly recording = inject(ScreenRecordingService);
  // Only the permission advice: the form renders when the browser's answer changes, never per poll.
  private readonly where = pageFacts();
  protected readonly advice = injectScreenRecording((view) => loginAdvice(view, this.where));
  private readonly commands = inject(CommandNotice);
  protected readonly devicesPlaceholder = 'DN1@SwitchA\nDN2@SwitchB';

  protected update(field: keyof LoginFormValues, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLTextAreaElement).value;
    this.host.loginValues.update((values) => ({ ...values, [field]: value }));
  }

  protected submit(): void {
    // The form is read inside the command, so a device it cannot read becomes the notice.
    this.commands.run('login', () => this.recording.login(toLoginParams(this.host.loginValues())));
  }
}
