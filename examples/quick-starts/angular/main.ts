// src/main.ts of a new Angular app (ng new my-desktop), in place of what it generated
import { Component, inject, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import {
  injectScreenRecording,
  provideScreenRecording,
  ScreenRecordingService,
} from '@screen-recording/angular';
import { createWorkerClock, describeError, describeView, type LoginParams } from '@screen-recording/core';

// The simulator's agent: a real desktop passes what the agent typed into its own login form.
const agent: LoginParams = {
  username: 'alice',
  password: 'alice-password',
  server: 'https://rws.dc1.example.com',
};

@Component({
  selector: 'app-root',
  template: `
    <main>
      <p>{{ headline() }}</p>
      @if (status() === 'idle') {
        <button type="button" (click)="run(logIn)">Log in</button>
      } @else {
        <button type="button" (click)="run(recording.logout)">Log out</button>
      }
      @if (refusal()) {
        <p role="alert">{{ refusal() }}</p>
      }
    </main>
  `,
})
class App {
  protected readonly recording = inject(ScreenRecordingService);
  // Signals that change only when what they select does: a successful poll changes neither.
  protected readonly status = injectScreenRecording((view) => view.status);
  protected readonly headline = injectScreenRecording((view) => describeView(view).headline);
  protected readonly refusal = signal('');
  protected readonly logIn = () => this.recording.login(agent);

  // A command rejects when it is not done (a logout during the login cancels the login): say why.
  protected run(command: () => Promise<void>): void {
    this.refusal.set('');
    command().catch((error: unknown) => this.refusal.set(describeError(error).headline));
  }
}

bootstrapApplication(App, {
  providers: [
    // SRS on the agent's computer: here `pnpm simulator`. The worker clock keeps polls on time in a background tab.
    provideScreenRecording({ options: { srsUrl: 'http://127.0.0.1:4100', clock: createWorkerClock() } }),
  ],
}).catch((error: unknown) => {
  // A wrong option throws SrsConfigurationError when App first injects the session: show it, not a blank page.
  document.body.textContent = String(error);
});
