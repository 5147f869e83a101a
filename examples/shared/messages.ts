import {
  type CoverageGap,
  type CoverageReport,
  describeView,
  type GapReason,
  type MessageContext,
  type SessionMessage,
  type SessionView,
  type SrsConfigurationError,
} from '@screen-recording/core';
import { formatDevices } from './devices';

/*
 * What is particular to these example desktops: their status rows, the shift's gaps, the address-bar
 * settings, the inspector switch. The words for a view or a refused command come from the library
 * (`describeView`, `describeError`).
 */

/** What the library's words may name about this page: the SRS address, the page's origin, whether it is secure. */
export function pageFacts(srsUrl?: string): MessageContext {
  return { srsUrl, pageOrigin: globalThis.location?.origin, secureContext: globalThis.isSecureContext };
}

/** The login form's advice before the agent logs in: what the browser will ask, or why it cannot work. */
const LOGIN_ADVICE: ReadonlySet<SessionMessage['key']> = new Set([
  'access.will-ask',
  'access.blocked',
  'page.insecure',
]);

export function loginAdvice(view: SessionView, where: MessageContext): string | null {
  const words = describeView(view, where);
  return LOGIN_ADVICE.has(words.key) ? words.headline : null;
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

/**
 * Gaps shorter than this are not listed one by one. After a 401 (SRS had dropped the session: restarted,
 * or its sessions expired) the desktop logs in again at once, and the ledger's gap runs from that poll to
 * the login: a round trip to SRS on the same computer, a few milliseconds. Listed, each read "(0.0 s)",
 * which tells the agent nothing. Every gap the desktop waits out (SRS down, answering with
 * errors, a refusal) lasts at least one retry delay, hundreds of milliseconds or more.
 */
export const SHORTEST_LISTED_GAP_MS = 100;

/** The shift's recent gaps worth a line each, newest first. */
export function listedGaps(report: CoverageReport): readonly CoverageGap[] {
  return report.recentGaps.filter((gap) => (gap.durationMs ?? 0) >= SHORTEST_LISTED_GAP_MS);
}

/** "and 3 shorter than 0.1 s": the recent gaps left out of the list, or null when none was. */
export function unlistedGapsNote(report: CoverageReport): string | null {
  const unlisted = report.recentGaps.length - listedGaps(report).length;
  return unlisted === 0
    ? null
    : `and ${unlisted} shorter than ${SHORTEST_LISTED_GAP_MS / 1000} s (SRS had dropped the session; the desktop logged in again at once)`;
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
