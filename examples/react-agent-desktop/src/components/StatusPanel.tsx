import type { ScreenRecordingError } from '@screen-recording/core';
import { useScreenRecording } from '@screen-recording/react';
import { useEffect, useState } from 'react';
import { formatDevices } from '../devices';

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
        <dt>Recording session</dt>
        <dd>{view.isRecordingSessionActive ? 'held by SRS, kept alive' : 'none'}</dd>
        <dt>Data center</dt>
        <dd>{view.server ? view.dataCenter : '—'}</dd>
        <dt>RWS server</dt>
        <dd>{view.server ?? '—'}</dd>
        <dt>Place</dt>
        <dd>{view.server ? (view.place ?? 'default place') : '—'}</dd>
        <dt>Devices</dt>
        <dd>{formatDevices(view.devices)}</dd>
        <dt>Last poll</dt>
        <dd>{view.lastPollAt === null ? 'never' : new Date(view.lastPollAt).toLocaleTimeString()}</dd>
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
      <p className="hint">{hintFor(error, srsUrl)}</p>
    </div>
  );
}

/** What the person at the desk can do about it. */
function hintFor(error: ScreenRecordingError, srsUrl: string): string {
  switch (error.code) {
    case 'unavailable':
      return `Is the Screen Recording Service running at ${srsUrl}, and does it allow this page's origin (${window.location.origin}) for CORS?`;
    case 'unauthorized':
      return 'SRS refused the user name or password, or dropped the session; the desktop logs in again by itself when it can.';
    case 'forbidden':
      return "SRS refused the request: a stale CSRF token, or this page's origin is not allowed.";
    case 'server-error':
      return 'SRS answered with a server error. At login this usually means it cannot reach the RWS: try failing over.';
    case 'rejected':
      return 'SRS refused the request as given: check the place and its devices.';
    default:
      return '';
  }
}

/** "in 12 s", ticking once a second. */
function NextPoll({ at }: { at: number | null }) {
  const now = useNow(at === null ? null : 1000);
  if (at === null) return <>—</>;
  const seconds = Math.max(0, Math.ceil((at - now) / 1000));
  return (
    <>
      {new Date(at).toLocaleTimeString()} <span className="muted">(in {seconds} s)</span>
    </>
  );
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
