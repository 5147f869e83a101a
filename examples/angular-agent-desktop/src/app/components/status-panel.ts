import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { injectScreenRecording } from '@screen-recording/angular';
import { describeView } from '@screen-recording/core';
import { describeNextPoll, pageFacts, statusFacts } from '../../../../shared/messages';
import { SessionHost } from '../session-host';
import { MessageBox } from './message-box';

/** The state alone: renders on status changes only, never per poll. */
@Component({
  selector: 'app-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { style: 'display: contents' },
  template: `
    <span [class]="'badge badge-' + status()" data-testid="session-status" aria-live="polite">{{ status() }}</span>
  `,
})
export class StatusBadge {
  protected readonly status = injectScreenRecording((view) => view.status);
}

/** "12:03:04 (in 12 s)", ticking once a second while a poll is scheduled. */
@Component({
  selector: 'app-next-poll',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `{{ describe(at(), now()) }}`,
})
export class NextPoll {
  readonly at = input.required<number | null>();
  protected readonly now = signal(Date.now());
  protected readonly describe = describeNextPoll;

  constructor() {
    effect((onCleanup) => {
      if (this.at() === null) return;
      this.now.set(Date.now());
      const timer = setInterval(() => this.now.set(Date.now()), 1000);
      onCleanup(() => clearInterval(timer));
    });
  }
}

/** Everything the session shows: it reads the whole view, so it renders on every poll. */
@Component({
  selector: 'app-status-panel',
  imports: [MessageBox, NextPoll],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { style: 'display: contents' },
  template: `
    @let current = view();
    <section class="card" aria-labelledby="status-title">
      <h2 id="status-title">Screen recording</h2>
      <dl class="facts">
        <dt>State</dt>
        <dd data-testid="status">{{ current.status }}</dd>
        @for (fact of facts(current); track fact[0]) {
          <dt>{{ fact[0] }}</dt>
          <dd>{{ fact[1] }}</dd>
        }
        <dt>Next poll</dt>
        <dd><app-next-poll [at]="current.nextPollAt" /></dd>
        <dt>Consecutive failures</dt>
        <dd data-testid="failures">{{ current.consecutiveFailures }}</dd>
      </dl>
      <app-message-box [message]="describe(current, where)" testId="session-message" />
    </section>
  `,
})
export class StatusPanel {
  protected readonly view = injectScreenRecording();
  protected readonly where = pageFacts(inject(SessionHost).config.srsUrl);
  protected readonly facts = statusFacts;
  protected readonly describe = describeView;
}
