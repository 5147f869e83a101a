import { type ApplicationRef, Component, inject, provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import {
  injectScreenRecording,
  provideScreenRecording,
  ScreenRecordingService,
} from '@screen-recording/angular';
import type { SessionStatus } from '@screen-recording/core';
import { type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import { ALICE_LOGIN } from '@screen-recording/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REAL_TIMING, waitFor } from './support';

/** A panel that logs the agent in when it is created: three of them sit on the page below. */
@Component({
  selector: 'login-on-create',
  template: `<p class="status">{{ status() }}</p>`,
})
class LoginOnCreate {
  readonly status = injectScreenRecording((view) => view.status);
  constructor() {
    inject(ScreenRecordingService)
      .login(ALICE_LOGIN)
      .catch(() => {});
  }
}

/** A minimal zoneless desktop: status, Log in, Log out, and three panels that log in on creation. */
@Component({
  selector: 'simulator-desk',
  imports: [LoginOnCreate],
  template: `
    <p data-testid="status">{{ status() }}</p>
    <button type="button" (click)="logout()">Log out</button>
    <login-on-create /><login-on-create /><login-on-create />
  `,
})
class SimulatorDesk {
  readonly status = injectScreenRecording((view) => view.status);
  private readonly recording = inject(ScreenRecordingService);

  logout(): void {
    this.recording.logout().catch(() => {});
  }
}

describe('a zoneless Angular desktop against the SRS simulator over loopback', () => {
  let simulator: SrsSimulator;
  let appRef: ApplicationRef;
  let host: HTMLElement;

  beforeEach(async () => {
    simulator = await startSimulator({ port: 0 });
    host = document.createElement('simulator-desk');
    document.body.append(host);
  });

  afterEach(async () => {
    appRef?.destroy();
    host.remove();
    await simulator.close();
  });

  it('logs in once for every panel, polls, and logs out with the CSRF token, the page following each step', async () => {
    appRef = await bootstrapApplication(SimulatorDesk, {
      providers: [
        provideZonelessChangeDetection(),
        provideScreenRecording({ options: { srsUrl: simulator.url, ...REAL_TIMING } }),
      ],
    });
    const service = appRef.injector.get(ScreenRecordingService);
    const statuses: SessionStatus[] = [];
    service.view$.subscribe((view) => {
      if (statuses.at(-1) !== view.status) statuses.push(view.status);
    });
    const shown = () => host.querySelector('[data-testid="status"]')?.textContent;

    await waitFor(() => shown() === 'active', 'the page to show active');
    const panels = [...host.querySelectorAll('login-on-create .status')].map((panel) => panel.textContent);
    expect(panels).toEqual(['active', 'active', 'active']);
    await waitFor(() => simulator.requests.some((entry) => entry.path === '/ping'), 'a poll');

    const logins = simulator.requests.filter(
      (entry) => entry.method === 'POST' && entry.path === '/api/v2/me',
    );
    expect(logins).toHaveLength(1);
    expect(simulator.sessions()).toEqual([expect.objectContaining({ username: 'alice' })]);

    host.querySelector('button')?.click();
    await waitFor(() => shown() === 'idle', 'the page to show idle');

    expect(statuses).toEqual(['loggingIn', 'active', 'loggingOut', 'idle']);
    expect(simulator.sessions()).toEqual([]);
    expect(simulator.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v2/me',
      status: 200,
      csrfTokenSent: true,
    });
  });
});
