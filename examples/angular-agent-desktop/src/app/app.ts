import { NgComponentOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Desktop } from './components/desktop';
import { RecordingCheck } from './components/recording-check';
import { SessionHost } from './session-host';

/** The page: the desktop on the current session's injector, or why the session could not start. */
@Component({
  selector: 'app-root',
  imports: [NgComponentOutlet, RecordingCheck],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let session = host.current();
    @if (session.injector) {
      <ng-container *ngComponentOutlet="desktop; environmentInjector: session.injector" />
    } @else {
      <main class="desktop">
        <section class="card">
          <h2>The screen recording session could not start</h2>
          <p role="alert" class="error">{{ session.error }}</p>
          <p class="hint">{{ session.hint }}</p>
        </section>
        <app-recording-check />
      </main>
    }
  `,
})
export class App {
  protected readonly host = inject(SessionHost);
  protected readonly desktop = Desktop;
}
