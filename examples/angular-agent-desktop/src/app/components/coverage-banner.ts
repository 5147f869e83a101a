import { ChangeDetectionStrategy, Component, effect } from '@angular/core';
import { injectScreenRecording } from '@screen-recording/angular';
import { gapBanner, pageTitle } from '../../../../shared/messages';

/** Full width the moment a gap in the recording opens; the tab's title says it too, for a background tab. */
@Component({
  selector: 'app-coverage-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { style: 'display: contents' },
  template: `
    @let current = banner();
    @if (current.openGap && current.loggedIn) {
      <div class="coverage-banner" role="alert" data-testid="coverage-banner">
        {{ describe(current.openGap) }}
        <p class="hint">The desktop keeps trying by itself; the status panel says what it is doing.</p>
      </div>
    }
  `,
})
export class CoverageBanner {
  protected readonly banner = injectScreenRecording(
    (view) => ({ openGap: view.coverage.openGap, title: pageTitle(view), loggedIn: view.status !== 'idle' }),
    (a, b) => a.openGap === b.openGap && a.title === b.title && a.loggedIn === b.loggedIn,
  );
  protected readonly describe = gapBanner;

  constructor() {
    effect(() => {
      document.title = this.banner().title;
    });
  }
}
