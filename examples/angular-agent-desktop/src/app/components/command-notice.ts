import { Injectable, signal } from '@angular/core';
import { noticeFor } from '../../../../shared/messages';

/**
 * Runs the desk's commands. Mistakes the session does not show in its view (bad input, a command at
 * the wrong moment) become the notice above the forms; SRS failures are in the view already.
 */
@Injectable()
export class CommandNotice {
  private readonly message = signal<string | null>(null);
  readonly notice = this.message.asReadonly();

  run(command: () => Promise<void>): void {
    this.message.set(null);
    // Through a promise, so that a form that cannot be read (a device not written DN@Switch) becomes a notice too.
    Promise.resolve()
      .then(command)
      .catch((error: unknown) => this.message.set(noticeFor(error)));
  }
}
