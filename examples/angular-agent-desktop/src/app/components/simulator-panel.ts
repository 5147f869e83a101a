import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import {
  describeFault,
  describeRequestStatus,
  FAULT_BUTTONS,
  type FaultButton,
  recentRequests,
  type SimulatorStateInfo,
  simulatorControl,
  watchSimulator,
} from '../../../../shared/simulator-control';
import { SessionHost } from '../session-host';

/** Drives the simulator's control endpoint: inject faults and watch what SRS sees. */
@Component({
  selector: 'app-simulator-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { style: 'display: contents' },
  template: `
    @let current = state();
    <section class="card simulator" aria-labelledby="simulator-title">
      <h2 id="simulator-title">SRS simulator</h2>
      @if (unreachable(); as reason) {
        <p class="warning">
          No simulator control endpoint at <code>{{ controlUrl }}</code> ({{ reason }}). Against a real SRS this
          panel has nothing to drive.
        </p>
      }

      <fieldset class="fault-buttons">
        <legend>Inject a fault</legend>
        @for (button of buttons; track button.label) {
          <button
            type="button"
            [class.primary]="button.label === 'Clear fault'"
            (click)="apply(button)"
            [disabled]="button.disabled?.(current, primaryServer()) ?? false"
          >
            {{ button.label }}
          </button>
        }
      </fieldset>

      <dl class="facts">
        <dt>Fault</dt>
        <dd data-testid="simulator-fault">{{ faultText(current) }}</dd>
        <dt>Lost data centers</dt>
        <dd>{{ lostDataCenters(current) }}</dd>
      </dl>

      <h3>Live sessions</h3>
      @if (current && current.sessions.length > 0) {
        <table data-testid="simulator-sessions">
          <thead>
            <tr><th>User</th><th>Server</th><th>Place</th><th>CSRF</th><th>Last seen</th></tr>
          </thead>
          <tbody>
            @for (session of current.sessions; track session.username + '-' + session.createdAt) {
              <tr>
                <td>{{ session.username }}</td>
                <td>{{ session.server ?? '—' }}</td>
                <td>{{ session.place ?? 'default' }}</td>
                <td>{{ session.csrfProtected ? 'yes' : 'no' }}</td>
                <td>{{ time(session.lastSeenAt) }}</td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p class="muted">No session.</p>
      }

      <h3>Recent requests</h3>
      @if (current && current.requests.length > 0) {
        <table class="requests">
          <thead>
            <tr><th>Time</th><th>Request</th><th>Status</th><th>User</th><th>CSRF</th></tr>
          </thead>
          <tbody>
            @for (entry of recentRequests(current); track entry.position) {
              <tr>
                <td>{{ time(entry.request.at) }}</td>
                <td><code>{{ entry.request.method }} {{ entry.request.path }}</code></td>
                <td [class]="entry.request.status !== null && entry.request.status < 400 ? 'ok' : 'bad'">
                  {{ describeRequestStatus(entry.request) }}
                </td>
                <td>{{ entry.request.username ?? '—' }}</td>
                <td>{{ entry.request.csrfRequested ? 'asked' : entry.request.csrfTokenSent ? 'token sent' : '' }}</td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p class="muted">No request yet.</p>
      }
    </section>
  `,
})
export class SimulatorPanel {
  private readonly host = inject(SessionHost);
  protected readonly controlUrl = this.host.config.controlUrl;
  private readonly control = simulatorControl(this.controlUrl);
  protected readonly state = signal<SimulatorStateInfo | null>(null);
  protected readonly unreachable = signal<string | null>(null);
  protected readonly buttons = FAULT_BUTTONS;
  protected readonly describeRequestStatus = describeRequestStatus;
  protected readonly recentRequests = recentRequests;

  constructor() {
    const stop = watchSimulator(
      this.control,
      (next) => {
        this.state.set(next);
        this.unreachable.set(null);
      },
      (reason) => this.unreachable.set(reason),
    );
    inject(DestroyRef).onDestroy(stop);
  }

  protected primaryServer(): string {
    return this.host.loginValues().server;
  }

  protected apply(button: FaultButton): void {
    button.apply(this.control, this.primaryServer()).then(
      (next) => this.state.set(next),
      (error: unknown) => this.unreachable.set(String(error)),
    );
  }

  protected faultText(state: SimulatorStateInfo | null): string {
    return state?.fault ? describeFault(state.fault.fault) : 'none';
  }

  protected lostDataCenters(state: SimulatorStateInfo | null): string {
    const recovery = this.host.loginValues().peerServer;
    return state && state.lostDataCenters.length > 0
      ? state.lostDataCenters
          .map((server) => (server === recovery ? `${server} (recovery)` : server))
          .join(', ')
      : 'none';
  }

  protected time(at: number): string {
    return new Date(at).toLocaleTimeString();
  }
}
