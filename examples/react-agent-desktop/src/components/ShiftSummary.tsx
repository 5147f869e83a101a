import { useScreenRecording, useScreenRecordingSession } from '@screen-recording/react';
import { coverageSummary, describeGap, listedGaps, unlistedGapsNote } from '../../../shared/messages';
import { useNow } from '../now';

/** This shift's recording coverage: covered share, gaps, the longest one; updated every second. */
export function ShiftSummary() {
  const session = useScreenRecordingSession();
  const { view: coverage } = useScreenRecording((view) => view.coverage);
  const shiftRunning = coverage.start !== null && coverage.end === null;
  useNow(shiftRunning ? 1000 : null);
  const report = session.getCoverage();
  const gaps = listedGaps(report);
  const unlisted = unlistedGapsNote(report);
  return (
    <section className="card" aria-labelledby="shift-title">
      <h2 id="shift-title">This shift</h2>
      <p data-testid="coverage-summary">{coverageSummary(report)}</p>
      {gaps.length > 0 && (
        <ol className="gaps" data-testid="coverage-gaps">
          {gaps.map((gap) => (
            <li key={gap.startedAt}>{describeGap(gap)}</li>
          ))}
        </ol>
      )}
      {unlisted && <p className="hint">{unlisted}</p>}
    </section>
  );
}
