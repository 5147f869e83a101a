import { useScreenRecording } from '@screen-recording/react';
import { Fragment } from 'react';
import {
  describeNextPoll,
  describeSessionError,
  type ErrorNotice,
  statusFacts,
} from '../../../shared/messages';
import { useNow } from '../now';

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
  const notice = describeSessionError(view, srsUrl, window.location.origin);
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
      {notice && <ErrorMessage notice={notice} />}
    </section>
  );
}

function ErrorMessage({ notice }: { notice: ErrorNotice }) {
  return (
    <div className={notice.tone} role="alert" data-testid="session-error">
      <strong>{notice.title}:</strong> {notice.message}
      {notice.hint && <p className="hint">{notice.hint}</p>}
    </div>
  );
}

/** "in 12 s", ticking once a second. */
function NextPoll({ at }: { at: number | null }) {
  const now = useNow(at === null ? null : 1000);
  return <>{describeNextPoll(at, now)}</>;
}
