import { Component, inject, type OnInit, provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import {
  injectScreenRecording,
  provideScreenRecording,
  ScreenRecordingService,
} from '@screen-recording/angular';
import { type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import { ALICE_LOGIN, ManualClock } from '@screen-recording/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** What the server-rendered desk saw: the outcome of each command it sent while rendering. */
const outcomes: string[] = [];

/** A desk that logs in, switches place and logs out as soon as it is created, as a careless app might. */
@Component({
  selector: 'server-desk',
  template: `<p>status: {{ status() }}</p>`,
})
class EagerDesk implements OnInit {
  readonly status = injectScreenRecording((view) => view.status);
  private readonly recording = inject(ScreenRecordingService);

  ngOnInit(): void {
    const { login, switchPlace, failover, logout } = this.recording;
    for (const [name, command] of [
      ['login', () => login(ALICE_LOGIN)],
      ['switchPlace', () => switchPlace({ place: 'alicePlace' })],
      ['failover', failover],
      ['logout', logout],
    ] as const) {
      command().then(
        () => outcomes.push(`${name} resolved`),
        (error: Error) => outcomes.push(`${name} rejected: ${error.message}`),
      );
    }
  }
}

describe('on the server platform (Angular SSR)', () => {
  let simulator: SrsSimulator;

  beforeEach(async () => {
    simulator = await startSimulator({ port: 0 });
    outcomes.length = 0;
  });
  afterEach(async () => {
    await simulator.close();
  });

  it('sends nothing, starts no timer, resolves the commands at once as no-ops, and renders idle', async () => {
    const clock = new ManualClock();
    const serverMode = Reflect.get(globalThis, 'ngServerMode');
    let html: string;
    try {
      html = await renderApplication(
        (context) =>
          bootstrapApplication(
            EagerDesk,
            {
              providers: [
                provideServerRendering(),
                provideZonelessChangeDetection(),
                provideScreenRecording({ options: { srsUrl: simulator.url, clock } }),
              ],
            },
            context,
          ),
        {
          document: '<html><body><server-desk></server-desk></body></html>',
          url: 'http://localhost/',
          allowedHosts: ['localhost'],
        },
      );
    } finally {
      Reflect.set(globalThis, 'ngServerMode', serverMode);
    }

    expect(html).toContain('status: idle');
    expect(outcomes).toEqual([
      'login resolved',
      'switchPlace resolved',
      'failover resolved',
      'logout resolved',
    ]);
    expect(simulator.requests).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });
});
