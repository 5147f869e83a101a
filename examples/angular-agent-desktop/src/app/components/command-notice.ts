import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type { CommandName } from '@screen-recording/core';
import { createCommandNotices } from '../../../../shared/command-notices';
import { pageFacts } from '../../../../shared/messages';
import { SessionHost } from '../session-host';

/**
 * Runs the desk's commands. What became of a refused one (a move SRS refused, a form that cannot be
 * read, a command at the wrong moment) stays above the forms until the agent acts again.
 */
@Injectable()
export class CommandNotice {
  private readonly notices = createCommandNotices(pageFacts(inject(SessionHost).config.srsUrl));
  private readonly current = signal(this.notices.current());
  readonly notice = this.current.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(this.notices.subscribe(() => this.current.set(this.notices.current())));
  }

  /** Reads the form inside `command`, so a form that cannot be read becomes a notice, not an uncaught error. */
  run(name: CommandName, command: () => Promise<void>): void {
    this.notices.run(name, command);
  }
}
