import {
  type ApplicationRef,
  Component,
  ErrorHandler,
  provideZonelessChangeDetection,
  signal,
} from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { injectScreenRecording, provideScreenRecording } from '@screen-recording/angular';
import { createFakeSrs } from '@screen-recording/test-utils';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * A configuration error in `provideScreenRecording({ options })` is thrown where the session is created,
 * at the first injection: inside Angular, which hands it to the app's ErrorHandler, as Angular
 * developers expect of any error in a component. Real bootstraps, not TestBed (which rethrows instead).
 */

/** An ErrorHandler that keeps what it is given, as an app's own handler would show or report it. */
class KeepErrors implements ErrorHandler {
  static readonly seen: unknown[] = [];
  handleError(error: unknown): void {
    KeepErrors.seen.push(error);
  }
}

@Component({ selector: 'status-badge', template: `<p>{{ status() }}</p>` })
class StatusBadge {
  protected readonly status = injectScreenRecording((view) => view.status);
}

@Component({ selector: 'app-root', imports: [StatusBadge], template: `<status-badge />` })
class EagerApp {}

/** Shows the badge only when asked: the first injection happens after the bootstrap. */
@Component({
  selector: 'app-root',
  imports: [StatusBadge],
  template: `@if (shown()) { <status-badge /> } @else { <p>no badge yet</p> }`,
})
class LaterApp {
  readonly shown = signal(false);
}

const BAD_OPTIONS = { srsUrl: 'http://srs.example.com:4100' };
let app: ApplicationRef | undefined;

function host(): HTMLElement {
  document.body.innerHTML = '<app-root></app-root>';
  return document.body;
}

afterEach(() => {
  app?.destroy();
  app = undefined;
  KeepErrors.seen.length = 0;
  document.body.innerHTML = '';
});

describe("a configuration error in provideScreenRecording({ options }) reaches the app's ErrorHandler", () => {
  it('when the root component injects the service: the handler gets it and the bootstrap rejects with it', async () => {
    const srs = createFakeSrs();
    host();
    const bootstrap = bootstrapApplication(EagerApp, {
      providers: [
        provideZonelessChangeDetection(),
        provideScreenRecording({ options: { ...BAD_OPTIONS, fetch: srs.fetch } }),
        { provide: ErrorHandler, useClass: KeepErrors },
      ],
    });

    const configurationError = expect.objectContaining({ name: 'SrsConfigurationError', field: 'srsUrl' });
    await expect(bootstrap).rejects.toEqual(configurationError);
    expect(KeepErrors.seen).toEqual([configurationError]);
    expect(srs.calls).toEqual([]);
  });

  it('when a component shown later injects it: the handler gets it, and the app carries on', async () => {
    const root = host();
    app = await bootstrapApplication(LaterApp, {
      providers: [
        provideZonelessChangeDetection(),
        provideScreenRecording({ options: BAD_OPTIONS }),
        { provide: ErrorHandler, useClass: KeepErrors },
      ],
    });
    expect(root.textContent).toContain('no badge yet');
    expect(KeepErrors.seen).toEqual([]);

    const later = app.components[0]?.instance as LaterApp;
    later.shown.set(true);
    await app.whenStable();

    expect(KeepErrors.seen).toEqual([
      expect.objectContaining({ name: 'SrsConfigurationError', field: 'srsUrl' }),
    ]);
    // The app itself still runs: the handler decides what the agent sees.
    expect(app.destroyed).toBe(false);
  });
});
