import {
  ScreenRecordingError,
  type ScreenRecordingErrorCode,
  SessionInUseError,
  SrsConfigurationError,
  SrsMoveRefusedError,
  SrsUnavailableError,
} from './errors';
import { PERMISSION_DENIED_MESSAGE } from './local-network-access';
import { insecureContextMessage } from './secure-context';
import type { CommandName, SessionView } from './types';

/**
 * The words a desktop shows for a view or a refused command: a headline for the agent (what is
 * happening and what, if anything, to do), a detail for the administrator (the technical cause and what
 * to check), a tone, and a stable key to translate the headline by. Pure: nothing here reads the page.
 *
 * Agents never read about CORS, origins, failover, status codes or SRS: those belong in the detail.
 */

/** How alarming a message is: all is well, for information, recovering by itself, or needs someone. */
export type MessageTone = 'ok' | 'info' | 'warning' | 'error';

/** Every headline, by key, in English. `{agent}` and `{field}` are filled from the message's `params`. */
export const MESSAGE_HEADLINES = {
  'session.off': 'Screen recording is off.',
  'session.starting': 'Starting screen recording…',
  'session.recording': 'Screen recording is on.',
  'place.moving': 'Moving screen recording to your new place…',
  'session.reconnecting': 'Reconnecting screen recording…',
  'session.stopping': 'Stopping screen recording…',
  'session.disposed': 'Screen recording is closed on this page: reload it to start again.',
  'session.expired': 'Screen recording was interrupted: starting it again…',
  'session.retrying': 'Screen recording has stopped; the desktop tries again shortly.',
  'session.stopped': 'Screen recording has stopped. Try again, or call your administrator.',
  'tab.watcher': 'This tab shows the screen recording of {agent}, logged in in another tab.',
  'logout.unconfirmed': 'Logged out. The recording service did not answer; it stops by itself shortly.',
  'logout.refused': 'Logged out, but the recording service did not stop; it stops by itself shortly.',
  'access.will-ask': 'At login your browser asks whether this site may access apps on this device: allow it.',
  'access.blocked':
    'Your browser blocks screen recording here: click the icon left of the address bar and allow access to apps on this device.',
  'page.insecure':
    'This desktop is served over plain HTTP, which cannot reach screen recording: ask your administrator for HTTPS.',
  'login.refused': 'User name or password not accepted: log in again.',
  'login.rejected':
    'The recording service refused the login: check the place and devices, or call your administrator.',
  'srs.refused': 'The recording service refused this desktop: call your administrator.',
  'srs.unreachable': 'The recording service on this computer does not answer; the desktop keeps trying.',
  'srs.slow': 'The recording service on this computer is too slow; the desktop keeps trying.',
  'srs.errors': 'The recording service reports errors; the desktop keeps trying.',
  'srs.busy': 'The recording service is busy; the desktop tries again shortly.',
  'move.refused': 'Not moved: the recording service refused. Recording continues where it was.',
  'place.refused': 'Not moved: the recording service refused this place. Check it and its devices.',
  'place.failed': 'Not moved: the recording service is not answering properly. Try again shortly.',
  'datacenter.not-moved': 'Not moved to the other data center; recording stays where it was.',
  'session.in-use': 'Screen recording is in use by {agent} in another tab: log out there first.',
  'input.invalid': 'Not sent: check the {field}.',
  'command.not-now': 'Not possible right now.',
  'command.cancelled': 'Not done: another action came first.',
  'command.failed': 'Not done: the recording service is not answering properly.',
  unexpected: 'Something went wrong. Try again, or call your administrator.',
} as const;

/** A message's stable identity: translate the headline by it. */
export type MessageKey = keyof typeof MESSAGE_HEADLINES;

export interface SessionMessage {
  key: MessageKey;
  tone: MessageTone;
  /** For the agent, in plain words: `MESSAGE_HEADLINES[key]` with `params` filled in. */
  headline: string;
  /** For the administrator: the cause as the session saw it, and what to check. English only. */
  detail: string;
  /** The values the headline names: `agent` (a user name), `field` (a `login()` or `switchPlace()` parameter). */
  params: Readonly<Record<string, string>>;
}

/** What the details may name about where the desktop runs; each is optional. */
export interface MessageContext {
  /** The SRS address the session calls. */
  srsUrl?: string;
  /** The desktop page's origin, which SRS's CORS settings must allow. */
  pageOrigin?: string;
  /** `globalThis.isSecureContext`: a plain-HTTP page reads the permission as denied, for another reason. */
  secureContext?: boolean;
}

const NO_PARAMS: Readonly<Record<string, string>> = {};

const FIELD_LABELS: Record<string, string> = {
  username: 'user name',
  server: 'RWS server',
  peerServer: 'recovery RWS server',
};

function message(key: MessageKey, tone: MessageTone, detail: string, params = NO_PARAMS): SessionMessage {
  const headline = MESSAGE_HEADLINES[key].replace(/\{(\w+)\}/g, (_, name: string) =>
    name === 'field' ? (FIELD_LABELS[params.field ?? ''] ?? params.field ?? '') : (params[name] ?? ''),
  );
  return { key, tone, headline, detail, params };
}

const join = (...parts: string[]) => parts.filter(Boolean).join(' ');

/** SRS answered and refused: the same request will be refused again, so someone has to act. */
const REFUSALS: ReadonlySet<ScreenRecordingErrorCode> = new Set([
  'unauthorized',
  'forbidden',
  'rejected',
  'permission-denied',
  'insecure-context',
]);
/** A logout SRS answered and refused to carry out (the session object rejects `logout()` for these). */
const REFUSED_LOGOUT: ReadonlySet<ScreenRecordingErrorCode> = new Set([
  'forbidden',
  'rejected',
  'server-error',
  'busy',
]);
/** SRS is down, slow or failing: trying again may work. */
const TRANSIENT: ReadonlySet<ScreenRecordingErrorCode> = new Set(['unavailable', 'server-error', 'busy']);

const SRS_TIMEOUT_NOTE = 'SRS ends the session by itself once polls stop (its timeout, 60 s by default).';

const FAILOVER_NOTE =
  "Logging in with the other data center's RWS: on failover() or failback(), or by itself when maxConsecutiveFailures logins in a row naming the primary RWS (self-healing tries included; polls do not count) were answered 5xx, with a recovery RWS configured.";

/** What an administrator checks for an error SRS (or the browser) gave; empty when its message says it all. */
function adviceFor(error: ScreenRecordingError, where: MessageContext): string {
  const origin = `this desktop's origin${where.pageOrigin ? ` (${where.pageOrigin})` : ''}`;
  switch (error.code) {
    case 'unavailable':
      return error instanceof SrsUnavailableError && error.reason === 'timeout'
        ? "Check the SRS log and the load of the agent's computer."
        : `Check that SRS runs${where.srsUrl ? ` at ${where.srsUrl}` : ''} (that scheme and port) and that its CORS settings allow ${origin}.`;
    case 'server-error':
      return 'At login, SRS answers 5xx when it cannot reach the RWS named in server; 5xx to polls too means SRS itself is failing: check its log.';
    case 'forbidden':
      return `Check that SRS's CORS settings allow ${origin}.`;
    case 'rejected':
      return 'Check the RWS URLs, the place and its devices in Genesys, and that srsUrl is SRS.';
    default:
      return '';
  }
}

/** The view's words: always a message, from "Screen recording is on." to what went wrong and what to do. */
export function describeView(view: SessionView, where: MessageContext = {}): SessionMessage {
  const own = describeSession(view, where);
  if (view.tab !== 'watcher' || view.agent === null) return own;
  return message(
    'tab.watcher',
    own.tone === 'ok' ? 'info' : own.tone,
    join(
      "This tab has not logged in (or another agent holds the session): it shows the leading tab's session and cannot take it over.",
      `That session: ${own.headline}`,
      own.detail,
    ),
    { agent: view.agent },
  );
}

function describeSession(view: SessionView, where: MessageContext): SessionMessage {
  const { status, error } = view;
  switch (status) {
    case 'disposed':
      return message('session.disposed', 'info', 'The session was disposed.');
    case 'idle':
      return describeIdle(view, where);
    case 'loggingOut':
      return message('session.stopping', 'info', 'Ending the SRS session (EndContactCenterSession).');
  }
  if (error) return describeTrouble(view, error, where);
  switch (status) {
    case 'loggingIn':
      return message('session.starting', 'info', 'Logging in to SRS.');
    case 'active': {
      const place = view.place ? `place "${view.place}"` : 'the default place';
      return message(
        'session.recording',
        'ok',
        `SRS holds the session (${place}, ${view.dataCenter} data center, RWS ${view.server}).`,
      );
    }
    case 'switchingPlace':
      return message('place.moving', 'info', 'Logging in to SRS again with the new place.');
    case 'failover':
      return message('session.reconnecting', 'info', FAILOVER_NOTE);
    default:
      return message('session.stopped', 'error', failedNote(view));
  }
}

function failedNote(view: SessionView): string {
  return view.nextPollAt === null
    ? 'The session failed and waits for retry() or login().'
    : 'The session failed and logs in again by itself.';
}

function describeIdle(view: SessionView, where: MessageContext): SessionMessage {
  const { error } = view;
  // In idle, the view's error is the logout's outcome: SRS refused it, or could not be reached.
  if (error) {
    if (REFUSED_LOGOUT.has(error.code)) {
      return message('logout.refused', 'warning', join(error.message, SRS_TIMEOUT_NOTE));
    }
    if (error.code === 'unavailable') {
      return message('logout.unconfirmed', 'info', join(error.message, SRS_TIMEOUT_NOTE));
    }
  }
  if (view.localNetworkAccess === 'prompt') {
    return message(
      'access.will-ask',
      'info',
      "Local Network Access is 'prompt': the first call to SRS prompts; the LocalNetworkAccessAllowedForUrls policy grants it in advance.",
    );
  }
  if (view.localNetworkAccess === 'denied') {
    return where.secureContext === false
      ? message('page.insecure', 'error', insecureContextMessage(where.pageOrigin ?? 'this page'))
      : message('access.blocked', 'warning', PERMISSION_DENIED_MESSAGE);
  }
  return message('session.off', 'info', 'No SRS session.');
}

/** The key of a failure SRS (or the browser) reported; null for codes no request produces. */
function failureKey(error: ScreenRecordingError, failed: boolean): MessageKey | null {
  switch (error.code) {
    case 'unauthorized':
      return failed ? 'login.refused' : 'session.expired';
    case 'forbidden':
      return 'srs.refused';
    case 'rejected':
      return 'login.rejected';
    case 'permission-denied':
      return 'access.blocked';
    case 'insecure-context':
      return 'page.insecure';
    case 'unavailable':
      return error instanceof SrsUnavailableError && error.reason === 'timeout'
        ? 'srs.slow'
        : 'srs.unreachable';
    case 'server-error':
      return 'srs.errors';
    case 'busy':
      return 'srs.busy';
    default:
      return null;
  }
}

/** A move that failed for want of an answer says nothing about the seat the session went back to. */
function failedMoveNote(reason: ScreenRecordingError): string {
  return `A move failed: ${reason.message} The session polls where it was; its next poll shows whether SRS still holds the session.`;
}

function describeTrouble(
  view: SessionView,
  error: ScreenRecordingError,
  where: MessageContext,
): SessionMessage {
  const failed = view.status === 'failed';
  let cause = error;
  let text = error.message;
  if (error instanceof SrsMoveRefusedError) {
    if (REFUSALS.has(error.reason.code)) {
      return message('move.refused', 'warning', join(error.message, adviceFor(error.reason, where)));
    }
    cause = error.reason;
    text = failedMoveNote(error.reason);
  }
  const detail = join(
    failed ? failedNote(view) : '',
    view.status === 'failover' ? FAILOVER_NOTE : '',
    text,
    adviceFor(cause, where),
  );
  let key = failureKey(cause, failed);
  if (key === null) {
    // Not a failure of SRS (a cancelled request, say): a session that carries on says what it does.
    if (!failed) return describeSession({ ...view, error: null }, where);
    key = 'session.retrying';
  }
  // A failed session that plans no new try says so, whatever stopped it.
  if (failed && !REFUSALS.has(cause.code) && view.nextPollAt === null) key = 'session.stopped';
  const tone =
    key === 'session.expired' ? 'warning' : failed || REFUSALS.has(cause.code) ? 'error' : 'warning';
  return message(key, tone, detail);
}

/**
 * The words for a request SRS (or the browser) refused or left unanswered, as a failed login shows them:
 * the agent's headline, and the error's message with what an administrator checks. For a check that
 * met the failure itself rather than through a session (`@screen-recording/core/diagnose`).
 */
export function describeFailure(error: ScreenRecordingError, where: MessageContext = {}): SessionMessage {
  const key = failureKey(error, true) ?? 'unexpected';
  const tone = REFUSALS.has(error.code) || key === 'unexpected' ? 'error' : 'warning';
  return message(key, tone, join(error.message, adviceFor(error, where)));
}

/**
 * The words for a command that rejected (`login()`, `switchPlace()`…): what became of the agent's
 * action. `command` names it, so a refused move reads as the place or data center the agent asked for.
 */
export function describeError(
  error: unknown,
  command?: CommandName,
  where: MessageContext = {},
): SessionMessage {
  if (!(error instanceof ScreenRecordingError)) {
    return message('unexpected', 'error', error instanceof Error ? error.message : String(error));
  }
  const text = error.message;
  if (error instanceof SrsConfigurationError) {
    return message('input.invalid', 'error', text, { field: error.field.split(/[.[]/)[0] ?? '' });
  }
  if (error instanceof SessionInUseError) {
    return message('session.in-use', 'error', text, { agent: error.agent });
  }
  if (error instanceof SrsMoveRefusedError) {
    const { reason } = error;
    const refused = REFUSALS.has(reason.code);
    const detail = join(refused ? text : failedMoveNote(reason), adviceFor(reason, where));
    if (command === 'switchPlace') {
      return message(refused ? 'place.refused' : 'place.failed', 'warning', detail);
    }
    if (command === 'failover' || command === 'failback') {
      return message('datacenter.not-moved', 'warning', detail);
    }
    return message(refused ? 'move.refused' : 'command.failed', 'warning', detail);
  }
  if (error.code === 'invalid-state') return message('command.not-now', 'warning', text);
  if (error.code === 'cancelled') return message('command.cancelled', 'info', text);
  if (command === 'logout' && REFUSED_LOGOUT.has(error.code)) {
    return message('logout.refused', 'warning', join(text, SRS_TIMEOUT_NOTE));
  }
  const detail = join(text, adviceFor(error, where));
  if (TRANSIENT.has(error.code)) return message('command.failed', 'warning', detail);
  return message(failureKey(error, true) ?? 'unexpected', 'error', detail);
}
