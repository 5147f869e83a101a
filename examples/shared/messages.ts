import { ScreenRecordingError, type SessionView } from '@screen-recording/core';
import { formatDevices } from './devices';

/** What the person at the desk can do about an error the session shows. */
export function hintFor(error: ScreenRecordingError, srsUrl: string, pageOrigin: string): string {
  switch (error.code) {
    case 'unavailable':
      return `Is the Screen Recording Service running at ${srsUrl}, and does it allow this page's origin (${pageOrigin}) for CORS?`;
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

/**
 * The notice a failed command leaves on the page, or null. SRS failures are in the view already (status
 * and error) and cancellations are expected; bad input and a command at the wrong moment are not.
 */
export function noticeFor(error: unknown): string | null {
  if (error instanceof ScreenRecordingError) {
    return error.code === 'configuration' || error.code === 'invalid-state' ? error.message : null;
  }
  return error instanceof Error ? error.message : String(error);
}

/** `12:03:04 (in 12 s)`: when the next poll is due, as the status panel shows it. */
export function describeNextPoll(nextPollAt: number | null, now: number): string {
  if (nextPollAt === null) return '—';
  const seconds = Math.max(0, Math.ceil((nextPollAt - now) / 1000));
  return `${new Date(nextPollAt).toLocaleTimeString()} (in ${seconds} s)`;
}

/** The status panel's rows, label → text, the same on every desktop. */
export function statusFacts(view: SessionView): Array<[label: string, text: string]> {
  return [
    ['Recording session', view.isRecordingSessionActive ? 'held by SRS, kept alive' : 'none'],
    ['Data center', view.server ? view.dataCenter : '—'],
    ['RWS server', view.server ?? '—'],
    ['Place', view.server ? (view.place ?? 'default place') : '—'],
    ['Devices', formatDevices(view.devices)],
    ['Last poll', view.lastPollAt === null ? 'never' : new Date(view.lastPollAt).toLocaleTimeString()],
  ];
}
