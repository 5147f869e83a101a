import {
  type CoverageGap,
  type CoverageReport,
  type GapReason,
  ScreenRecordingError,
  type SessionView,
  type SrsConfigurationError,
} from '@screen-recording/core';
import { formatDevices } from './devices';

/** What the status panel says about the session's error: how alarming, a title, and what to do. */
export interface ErrorNotice {
  tone: 'error' | 'warning' | 'info';
  title: string;
  message: string;
  hint: string;
}

/** The error the view carries, as the status panel shows it; null when there is none. */
export function describeSessionError(
  view: SessionView,
  srsUrl: string,
  pageOrigin: string,
): ErrorNotice | null {
  const { error, status } = view;
  if (!error) return null;
  const message = error.message;
  if (error.code === 'move-refused') {
    return {
      tone: 'info',
      title: 'Not moved',
      message,
      hint: 'Check the place and its devices, then try again.',
    };
  }
  if (status === 'idle') {
    return {
      tone: 'warning',
      title: 'Logout not confirmed',
      message,
      hint: 'SRS ends the recording session by itself once it stops receiving polls (60 s by default).',
    };
  }
  return {
    tone: status === 'failed' ? 'error' : 'warning',
    title: status === 'failed' ? 'Failed' : 'Recovering',
    message,
    hint: hintFor(error, srsUrl, pageOrigin),
  };
}

/** What the person at the desk can do about an error the session shows. */
export function hintFor(error: ScreenRecordingError, srsUrl: string, pageOrigin: string): string {
  switch (error.code) {
    case 'unavailable':
      return 'reason' in error && error.reason === 'timeout'
        ? `SRS at ${srsUrl} answers too slowly; the desktop keeps trying.`
        : `Is the Screen Recording Service running at ${srsUrl}, and does it allow this page's origin (${pageOrigin}) for CORS?`;
    case 'unauthorized':
      return 'Log in again with the correct user name and password.';
    case 'forbidden':
      return "SRS refused the request: a stale CSRF token, or this page's origin is not allowed.";
    case 'server-error':
      return 'SRS answered with a server error. At login this usually means it cannot reach the RWS: try failing over.';
    case 'busy':
      return 'SRS asked to wait; the desktop tries again when it said.';
    case 'rejected':
      return 'SRS refused the request as given: check the place and its devices.';
    case 'permission-denied':
      return 'Recording starts again by itself as soon as access is allowed.';
    case 'insecure-context':
      return 'Nothing on this computer can fix it: screen recording starts once the desktop is served over HTTPS.';
    default:
      return '';
  }
}

/**
 * The form shows instead of the session controls: no session, refused credentials, or a tab that shows
 * another tab's session but has not been given the agent's login (it could not carry the session on).
 */
export function needsLogin(view: SessionView): boolean {
  return (
    view.status === 'idle' ||
    view.tab === 'watcher' ||
    (view.status === 'failed' && view.error?.code === 'unauthorized')
  );
}

const TAB_ROLES: Record<SessionView['tab'], string> = {
  alone: 'the only tab of this desktop',
  leader: 'talks to SRS for every tab of this desktop',
  follower: 'follows another tab, and takes over if it closes',
  watcher: 'shows another tab’s session; log in here to take over if it closes',
};

/** What the login form says before the first login, when the browser will ask about local network access. */
export function permissionAdvice(view: SessionView): string | null {
  switch (view.localNetworkAccess) {
    case 'prompt':
      return 'Your browser will ask whether this site may access apps on this device: allow it, or screen recording cannot start.';
    case 'denied':
      // A plain-HTTP page reads "denied" too, and no site setting can allow it (SrsInsecureContextError).
      return globalThis.isSecureContext === false
        ? 'This page is served over plain HTTP, so the browser will not let it reach the Screen Recording Service on this computer: ask your administrator to serve the desktop over HTTPS.'
        : "This site may not access apps on this device, so screen recording cannot start: allow it in the site's settings (the icon left of the address bar).";
    default:
      return null;
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

/** What to fix when the session refuses its options, by the option at fault. */
export function configurationHint(error: SrsConfigurationError): string {
  if (error.field === 'srsUrl' || error.field === 'pageUrl' || error.field === 'location.href') {
    return 'Fix the SRS address (?srsUrl= in the address bar, or the address the desktop was served with), then reload.';
  }
  return `Fix ?${error.field}= in the address bar (or remove it to use the default), then reload.`;
}

/** `12:03:04 (in 12 s)`: when the next request is due, as the status panel shows it. */
export function describeNextPoll(nextPollAt: number | null, now: number): string {
  if (nextPollAt === null) return '—';
  const seconds = Math.max(0, Math.ceil((nextPollAt - now) / 1000));
  return `${new Date(nextPollAt).toLocaleTimeString()} (${seconds === 0 ? 'now' : `in ${seconds} s`})`;
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
    ['Local network access', view.localNetworkAccess],
    ['This tab', TAB_ROLES[view.tab]],
  ];
}

const GAP_REASONS: Record<GapReason, string> = {
  'srs-unreachable': 'SRS unreachable',
  'srs-error': 'SRS answering with errors',
  'session-expired': 'SRS session expired',
  refused: 'SRS refused the login',
  'permission-denied': 'access to apps on this device blocked',
  'logged-out': 'the SRS session was ended (a logout in another tab, or the page closing)',
  'page-frozen': 'the desktop was asleep',
};

export function describeGapReason(reason: GapReason): string {
  return GAP_REASONS[reason];
}

/** The banner's words while a gap is open: "Screen recording is not active: SRS unreachable since 10:42:05". */
export function gapBanner(gap: CoverageGap): string {
  return `Screen recording is not active: ${describeGapReason(gap.reason)} since ${new Date(gap.startedAt).toLocaleTimeString()}.`;
}

const TITLE = 'Agent desktop · screen recording';

/** The tab's title: agents keep the desktop in a background tab, where only the title shows. */
export function pageTitle(view: SessionView): string {
  return view.coverage.openGap && view.status !== 'idle' ? `⚠ Not recording · ${TITLE}` : TITLE;
}

/** "99.2 % covered · 2 gaps · longest 1 min 5 s": the shift's summary. */
export function coverageSummary(report: CoverageReport): string {
  if (report.startedAt === null) return 'No shift yet.';
  const percent = (Math.floor(report.coveredRatio * 1000) / 10).toFixed(1);
  const gaps = `${report.gapCount} ${report.gapCount === 1 ? 'gap' : 'gaps'}`;
  const longest = report.gapCount > 0 ? ` · longest ${formatDuration(report.longestGapMs)}` : '';
  return `${percent} % covered · ${gaps}${longest} · logged in ${formatDuration(report.loggedInMs)}`;
}

/** A closed gap, for the shift's list: "10:42:05 – 10:43:10 · SRS unreachable (1 min 5 s)". */
export function describeGap(gap: CoverageGap): string {
  const from = new Date(gap.startedAt).toLocaleTimeString();
  const to = gap.endedAt === null ? 'now' : new Date(gap.endedAt).toLocaleTimeString();
  return `${from} – ${to} · ${describeGapReason(gap.reason)} (${formatDuration(gap.durationMs ?? 0)})`;
}

/** `1 h 2 min`, `1 min 5 s`, `4.2 s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.floor((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The inspector switch asks first: attaching the inspector needs a new session, so the agent is logged out. */
export const INSPECTOR_LOGOUT_QUESTION =
  'Switching the Stately inspector logs the agent out of screen recording and starts a new session. Continue?';

export const INSPECTOR_HINT =
  'Switching logs the agent out (after asking) and starts a new session. The inspector opens stately.ai in a new window, which needs internet access. Snapshots hold no password and no CSRF token.';
