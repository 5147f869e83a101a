// A zone.js application: zone.js patches the timers, promises and fetch before the app starts.
import 'zone.js';
import {
  type ApplicationRef,
  ChangeDetectionStrategy,
  Component,
  inject,
  NgZone,
  provideZoneChangeDetection,
} from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import {
  injectScreenRecording,
  provideScreenRecording,
  ScreenRecordingService,
} from '@screen-recording/angular';
import { type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import { ALICE_LOGIN } from '@screen-recording/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REAL_TIMING, waitFor } from './support';

/**
 * A status line and a Login button, as a zone.js desktop would have them, with the zone's default change
 * detection: every change detection the zone triggers renders it.
 */
@Component({
  selector: 'zone-desk',
  changeDetection: ChangeDetectionStrategy.Default,
  template: `
    <p data-testid="status">{{ status() }}{{ countRender() }}</p>
    <button type="button" (click)="login()">Log in</button>
  `,
})
class ZoneDesk {
  static renders = 0;
  readonly status = injectScreenRecording((view) => view.status);
  private readonly recording = inject(ScreenRecordingService);

  login(): void {
    this.recording.login(ALICE_LOGIN).catch(() => {});
  }

  countRender(): string {
    ZoneDesk.renders++;
    return '';
  }
}

/** Resolves with true when `appRef.whenStable()` does within `ms`, false otherwise. */
async function stableWithin(appRef: ApplicationRef, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([appRef.whenStable().then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('with zone.js (provideZoneChangeDetection), against the simulator', () => {
  let simulator: SrsSimulator;
  let appRef: ApplicationRef;
  let host: HTMLElement;

  beforeEach(async () => {
    simulator = await startSimulator({ port: 0 });
    host = document.createElement('zone-desk');
    document.body.append(host);
    ZoneDesk.renders = 0;
    appRef = await bootstrapApplication(ZoneDesk, {
      providers: [
        provideZoneChangeDetection(),
        provideScreenRecording({ options: { srsUrl: simulator.url, ...REAL_TIMING } }),
      ],
    });
  });

  afterEach(async () => {
    appRef.destroy();
    host.remove();
    await simulator.close();
  });

  it('runs in a real NgZone', () => {
    expect(appRef.injector.get(NgZone)).toBeInstanceOf(NgZone);
    expect(NgZone.isInAngularZone()).toBe(false);
    expect(typeof Zone).toBe('function');
  });

  it('shows each transition without manual change detection, and whenStable() resolves while the session polls', async () => {
    const status = () => host.querySelector('[data-testid="status"]')?.textContent;
    expect(status()).toBe('idle');

    host.querySelector('button')?.click();
    await waitFor(() => status() === 'active', 'the page to show active');
    const service = appRef.injector.get(ScreenRecordingService);
    await waitFor(() => service.view().lastPollAt !== null, 'a first poll');

    // The session is active and its next poll is pending: a zone app must still become stable.
    expect(service.view().status).toBe('active');
    expect(await stableWithin(appRef, 2_000)).toBe(true);
    expect(simulator.sessions()).toHaveLength(1);
  });

  it('is not re-rendered by successful polls', async () => {
    const service = appRef.injector.get(ScreenRecordingService);
    host.querySelector('button')?.click();
    await waitFor(() => service.view().lastPollAt !== null, 'a first poll');
    await waitFor(
      () => host.querySelector('[data-testid="status"]')?.textContent === 'active',
      'the page to show active',
    );
    const rendersBefore = ZoneDesk.renders;
    const pollsBefore = simulator.requests.filter((entry) => entry.path === '/ping').length;

    await waitFor(
      () => simulator.requests.filter((entry) => entry.path === '/ping').length >= pollsBefore + 3,
      'three more polls',
    );
    await stableWithin(appRef, 1_000);

    const perPoll = (ZoneDesk.renders - rendersBefore) / 3;
    console.log(`renders per poll (Angular with zone.js, default change detection): ${perPoll} over 3 polls`);
    expect(ZoneDesk.renders).toBe(rendersBefore);
    expect(service.view().status).toBe('active');
  });
});
