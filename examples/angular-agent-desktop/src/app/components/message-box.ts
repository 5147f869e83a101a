import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { SessionMessage } from '@screen-recording/core';

/** The library's words: the headline for the agent, the detail for whoever has to fix it. */
@Component({
  selector: 'app-message-box',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { style: 'display: contents' },
  template: `
    @let current = message();
    <div
      [class]="'message ' + current.tone"
      [attr.role]="current.tone === 'warning' || current.tone === 'error' ? 'alert' : 'status'"
      [attr.data-testid]="testId()"
      [attr.data-key]="current.key"
    >
      <strong>{{ current.headline }}</strong>
      <p class="hint">{{ current.detail }}</p>
    </div>
  `,
})
export class MessageBox {
  readonly message = input.required<SessionMessage>();
  readonly testId = input.required<string>();
}
