import type { ScreenRecordingError } from '@screen-recording/core';
import { useScreenRecording } from '@screen-recording/react';
import { Fragment, useEffect, useState } from 'react';
import { describeNextPoll, hintFor, statusFacts } from '../../../shared/messages';

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
      {view.error && <ErrorMessage error={view.error} srsUrl={srsUrl} failed={view.status === 'failed'} />}
    </section>
  );
}

function ErrorMessage({
  error,
  srsUrl,
  failed,
}: {
  error: ScreenRecordingError;
  srsUrl: string;
  failed: boolean;
}) {
  return (
    <div className={failed ? 'error' : 'warning'} role="alert" data-testid="session-error">
      <strong>{failed ? 'Failed' : 'Recovering'}:</strong> {error.message}
      <p className="hint">{hintFor(error, srsUrl, window.location.origin)}</p>
    </div>
  );
}

/** "in 12 s", ticking once a second. */
function NextPoll({ at }: { at: number | null }) {
  const now = useNow(at === null ? null : 1000);
  return <>{describeNextPoll(at, now)}</>;
}

function useNow(everyMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (everyMs === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
