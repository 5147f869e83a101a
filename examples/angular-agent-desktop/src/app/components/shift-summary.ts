import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { injectScreenRecording, ScreenRecordingService } from '@screen-recording/angular';
import { coverageSummary, describeGap, listedGaps, unlistedGapsNote } from '../../../../shared/messages';

/** This shift's recording coverage: covered share, gaps, the longest one; updated every second. */
@Component({
  selector: 'app-shift-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { style: 'display: contents' },
  template: `
    @let current = report();
    <section class="card" aria-labelledby="shift-title">
      <h2 id="shift-title">This shift</h2>
      <p data-testid="coverage-summary">{{ summary(current) }}</p>
      @let gaps = listed(current);
      @if (gaps.length > 0) {
        <ol class="gaps" data-testid="coverage-gaps">
          @for (gap of gaps; track gap.startedAt) {
            <li>{{ describe(gap) }}</li>
          }
        </ol>
      }
      @if (unlisted(current); as note) {
        <p class="hint">{{ note }}</p>
      }
    </section>
  `,
})
export class ShiftSummary {
  private readonly recording = inject(ScreenRecordingService);
  private readonly coverage = injectScreenRecording((view) => view.coverage);
  private readonly now = signal(Date.now());
  // Read again when the ledger changes or the second ticks.
  protected readonly report = computed(() => {
    this.coverage();
    this.now();
    return this.recording.session.getCoverage();
  });
  protected readonly summary = coverageSummary;
  protected readonly describe = describeGap;
  protected readonly listed = listedGaps;
  protected readonly unlisted = unlistedGapsNote;

  constructor() {
    effect((onCleanup) => {
      const coverage = this.coverage();
      if (coverage.start === null || coverage.end !== null) return;
      const timer = setInterval(() => this.now.set(Date.now()), 1000);
      onCleanup(() => clearInterval(timer));
    });
  }
}
