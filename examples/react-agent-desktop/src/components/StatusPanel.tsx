import { describeView } from '@screen-recording/core';
import { useScreenRecording } from '@screen-recording/react';
import { Fragment, useMemo } from 'react';
import { describeNextPoll, pageFacts, statusFacts } from '../../../shared/messages';
import { useNow } from '../now';
import { MessageBox } from './MessageBox';

/** The state alone: re-renders on status changes only, never per poll. */
export function StatusBadge() {
  const { view: status } = useScreenRecording((view) => view.status);
  return (
    <span className={`badge badge-${status}`} data-testid="session-status" aria-live="polite">
      {status}
    </span>
  );
}

export function StatusPanel({ srsUrl }: { srsUrl: string }) {
  const { view } = useScreenRecording();
  const where = useMemo(() => pageFacts(srsUrl), [srsUrl]);
  return (
    <section className="card" aria-labelledby="status-title">
      <h2 id="status-title">Screen recording</h2>
      <dl className="facts">
        <dt>State</dt>
        <dd data-testid="status">{view.status}</dd>
        {statusFacts(view).map(([label, text]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{text}</dd>
          </Fragment>
        ))}
        <dt>Next poll</dt>
        <dd>
          <NextPoll at={view.nextPollAt} />
        </dd>
        <dt>Consecutive failures</dt>
        <dd data-testid="failures">{view.consecutiveFailures}</dd>
      </dl>
      <MessageBox message={describeView(view, where)} testId="session-message" />
    </section>
  );
}

/** "in 12 s", ticking once a second. */
function NextPoll({ at }: { at: number | null }) {
  const now = useNow(at === null ? null : 1000);
  return <>{describeNextPoll(at, now)}</>;
}
