/**
 * The errors reference (docs/reference/errors.md) and the status table of Troubleshooting, built from
 * the code when the site is built:
 * - every code of `ScreenRecordingErrorCode` and the class that carries it, its doc comment (the cause)
 *   and its fields, read from packages/core/src/errors.ts with the TypeScript compiler API;
 * - what the agent sees: the headline `describeError()` or `describeView()` gives in each case below,
 *   computed, never copied;
 * - what to do: written here, one entry per code and per status (the `Record`s stop compiling when a
 *   code or a status is added).
 */

import { EMPTY_LEDGER } from '../../packages/core/src/coverage';
import {
  type CommandName,
  describeError,
  describeView,
  MESSAGE_HEADLINES,
  type MessageKey,
  type MessageTone,
  type ScreenRecordingError,
  type ScreenRecordingErrorCode,
  SessionCancelledError,
  SessionInUseError,
  SessionStateError,
  type SessionStatus,
  type SessionView,
  SrsBusyError,
  SrsConfigurationError,
  SrsForbiddenError,
  SrsInsecureContextError,
  SrsMoveRefusedError,
  SrsPermissionDeniedError,
  SrsRejectedError,
  SrsServerError,
  SrsUnauthorizedError,
  SrsUnavailableError,
} from '../../packages/core/src/index';
import { SESSION_STATUSES } from '../../packages/core/src/view';
import { inlineHtml, parseSource, subclassesOf, unionLiterals } from './source-docs';

const ERRORS_FILE = 'packages/core/src/errors.ts';

/** Where a message is produced, for the administrator's part of it (not shown here). */
const WHERE = {
  srsUrl: 'https://127.0.0.1:8443',
  pageOrigin: 'https://desk.example.com',
  secureContext: true,
};

/** A session recording alice on her default place: each case changes what it needs. */
const ACTIVE: SessionView = {
  status: 'active',
  isRecordingSessionActive: true,
  agent: 'alice',
  place: null,
  devices: null,
  server: 'https://rws.dc1.example.com',
  dataCenter: 'primary',
  lastPollAt: 0,
  nextPollAt: 30_000,
  consecutiveFailures: 0,
  error: null,
  localNetworkAccess: 'granted',
  tab: 'alone',
  coverage: EMPTY_LEDGER,
};

/** A case where the agent meets an error: a command that rejected with it, or a view that holds it. */
type Case = { where: string; error: ScreenRecordingError } & (
  | { command: CommandName }
  | { view: Partial<SessionView> }
);

const failedHealing: Partial<SessionView> = { status: 'failed', isRecordingSessionActive: false };
const failedWaiting: Partial<SessionView> = { ...failedHealing, nextPollAt: null };
const loggedOut: Partial<SessionView> = {
  status: 'idle',
  isRecordingSessionActive: false,
  agent: null,
  server: null,
  nextPollAt: null,
};

const unreachable = new SrsUnavailableError('network', '');

/** Each code: where the agent meets it, and what to do. Written here; the headlines are computed. */
export const ERROR_GUIDE: Record<ScreenRecordingErrorCode, { cases: Case[]; todo: string }> = {
  configuration: {
    cases: [
      {
        where: '`login()` rejects (a parameter is wrong)',
        command: 'login',
        error: new SrsConfigurationError('username', ''),
      },
      {
        where: '`switchPlace()` rejects',
        command: 'switchPlace',
        error: new SrsConfigurationError('devices[1].dn', ''),
      },
    ],
    todo: "Fix what `field` names; nothing was sent. `createScreenRecordingSession()` throws it too, for an option: a developer's error, never an agent's. Every check is listed on [Options](/reference/options.md).",
  },
  unauthorized: {
    cases: [
      { where: '`login()` rejects', command: 'login', error: new SrsUnauthorizedError('') },
      {
        where: 'the view of a session that failed at login',
        view: failedWaiting,
        error: new SrsUnauthorizedError(''),
      },
      {
        where: 'the view while SRS had dropped the session (a poll got 401) and the session logs in again',
        view: { status: 'loggingIn', isRecordingSessionActive: false },
        error: new SrsUnauthorizedError(''),
      },
    ],
    todo: 'At login: the agent types the Config Server user name and password again, and the desktop calls `login()` with them (`retry()` refuses to send refused credentials again). After a poll: nothing, the session logs in again by itself.',
  },
  forbidden: {
    cases: [
      { where: '`login()` rejects', command: 'login', error: new SrsForbiddenError('') },
      { where: 'the view of a failed session', view: failedWaiting, error: new SrsForbiddenError('') },
      { where: '`logout()` rejects', command: 'logout', error: new SrsForbiddenError('') },
    ],
    todo: "Register the desktop's exact origin in SRS's CORS settings, and let SRS expose `X-CSRF-Token` (see [CSRF](/guide/csrf.md) and [CORS](/guide/cors-and-the-scheme-rule.md)). A refused logout: SRS ends the session at its timeout.",
  },
  rejected: {
    cases: [
      { where: '`login()` rejects', command: 'login', error: new SrsRejectedError(400, '') },
      { where: 'the view of a failed session', view: failedWaiting, error: new SrsRejectedError(400, '') },
    ],
    todo: 'Check the RWS URLs, the place and its devices in Genesys ([Default place and hot seating](/guide/default-place-and-hot-seating.md)). A redirect means `srsUrl` points at something that is not SRS.',
  },
  unavailable: {
    cases: [
      {
        where: 'the view while a poll is retried',
        view: { consecutiveFailures: 1 },
        error: unreachable,
      },
      {
        where: 'the view while SRS answers too slowly',
        view: { consecutiveFailures: 1 },
        error: new SrsUnavailableError('timeout', ''),
      },
      { where: 'the view of a failed session that heals itself', view: failedHealing, error: unreachable },
      {
        where: 'the same, with self-healing off (`selfHealIntervalMs: false`)',
        view: failedWaiting,
        error: unreachable,
      },
      { where: '`login()` rejects', command: 'login', error: unreachable },
      { where: 'the view after a logout SRS did not answer', view: loggedOut, error: unreachable },
    ],
    todo: "Check that SRS runs on the agent's computer at `srsUrl` (that scheme and port) and allows the desktop's origin. The session keeps trying by itself ([Self-healing](/guide/self-healing.md)).",
  },
  'server-error': {
    cases: [
      {
        where: 'the view while a poll is retried',
        view: { consecutiveFailures: 1 },
        error: new SrsServerError(503, ''),
      },
      {
        where: 'the view while the session moves to the other data center by itself',
        view: { status: 'failover' },
        error: new SrsServerError(503, ''),
      },
      { where: '`login()` rejects', command: 'login', error: new SrsServerError(503, '') },
      { where: '`logout()` rejects', command: 'logout', error: new SrsServerError(500, '') },
    ],
    todo: 'At login, SRS cannot reach the RWS in `server`: give `peerServer`, and the session moves to the recovery data center by itself ([Disaster recovery](/guide/disaster-recovery.md)). To polls: SRS itself is failing; check its log.',
  },
  busy: {
    cases: [
      {
        where: 'the view while a poll is retried',
        view: { consecutiveFailures: 1 },
        error: new SrsBusyError(429, '', 5_000),
      },
      { where: '`logout()` rejects', command: 'logout', error: new SrsBusyError(429, '', null) },
    ],
    todo: "Nothing: the session waits as long as SRS asked (`Retry-After`), never past SRS's timeout, and tries again.",
  },
  'permission-denied': {
    cases: [
      { where: '`login()` rejects', command: 'login', error: new SrsPermissionDeniedError('') },
      { where: 'the view of a failed session', view: failedWaiting, error: new SrsPermissionDeniedError('') },
    ],
    todo: 'The agent allows "apps on this device" from the icon left of the address bar, and the session logs in again by itself; an administrator allows the origin by policy ([Deploying](/guide/deploying.md#local-network-access-for-administrators)).',
  },
  'insecure-context': {
    cases: [
      { where: '`login()` rejects', command: 'login', error: new SrsInsecureContextError('') },
      { where: 'the view of a failed session', view: failedWaiting, error: new SrsInsecureContextError('') },
    ],
    todo: "Serve the desktop over HTTPS ([Deploying](/guide/deploying.md#a-desktop-still-served-over-plain-http)); nothing on the agent's computer can fix it.",
  },
  'move-refused': {
    cases: [
      {
        where: '`switchPlace()` rejects: SRS refused the place',
        command: 'switchPlace',
        error: new SrsMoveRefusedError('', new SrsRejectedError(400, '')),
      },
      {
        where: '`switchPlace()` rejects: SRS kept failing',
        command: 'switchPlace',
        error: new SrsMoveRefusedError('', new SrsServerError(503, '')),
      },
      {
        where: '`failover()` or `failback()` rejects',
        command: 'failover',
        error: new SrsMoveRefusedError('', new SrsServerError(503, '')),
      },
      {
        where: 'the view, still `active` on the old seat',
        view: {},
        error: new SrsMoveRefusedError('', new SrsRejectedError(400, '')),
      },
    ],
    todo: 'Nothing is lost: the session still records on the old place or data center. Check the place and its devices, or try the move again later ([Place switches](/guide/place-switches.md)).',
  },
  'in-use': {
    cases: [
      {
        where: '`login()` rejects in another tab of the desktop',
        command: 'login',
        error: new SessionInUseError('alice', ''),
      },
    ],
    todo: 'The other agent logs out in the tab that holds the session; then log in again here ([Several tabs](/guide/several-tabs.md#another-agent-in-another-tab)).',
  },
  'invalid-state': {
    cases: [
      {
        where: 'a command that does not apply now rejects',
        command: 'switchPlace',
        error: new SessionStateError(''),
      },
    ],
    todo: 'A desktop offers each command only when `view.status` allows it: `switchPlace()`, `failover()` and `failback()` while logged in, `retry()` from `failed`.',
  },
  cancelled: {
    cases: [
      {
        where: 'a command overtaken by another one (or by `dispose()`) rejects',
        command: 'login',
        error: new SessionCancelledError(''),
      },
    ],
    todo: 'Nothing: another command came first (a logout during a login, say). Show nothing, or "not done".',
  },
};

export interface SeenRow {
  whereHtml: string;
  key: MessageKey;
  tone: MessageTone;
  headline: string;
}

export interface ErrorRow {
  code: ScreenRecordingErrorCode;
  className: string;
  causeHtml: string;
  fields: { name: string; type: string; docHtml: string }[];
  seen: SeenRow[];
  todoHtml: string;
}

const seenIn = ({ where, error, ...rest }: Case): SeenRow => {
  const message =
    'command' in rest
      ? describeError(error, rest.command, WHERE)
      : describeView({ ...ACTIVE, ...rest.view, error }, WHERE);
  return { whereHtml: inlineHtml(where), key: message.key, tone: message.tone, headline: message.headline };
};

/** The site's base path, as the config reads it (`DOCS_BASE`). */
const BASE = process.env.DOCS_BASE ?? '/';

/** Inline Markdown as HTML: `code` spans, and links to pages of this site (`/guide/csrf.md#anchor`). */
export function markdownHtml(text: string): string {
  return inlineHtml(text).replace(
    /\[([^\]]+)\]\(\/([^)\s]+)\)/g,
    (_, label: string, target: string) =>
      `<a href="${BASE}${target.replace(/\.md(#|$)/, '.html$1')}">${label}</a>`,
  );
}

export function errorRows(): ErrorRow[] {
  const source = parseSource(ERRORS_FILE);
  const codes = unionLiterals(source, 'ScreenRecordingErrorCode') as ScreenRecordingErrorCode[];
  const classes = subclassesOf(source, 'ScreenRecordingError');
  return codes.map((code) => {
    const owner = classes.find((candidate) => candidate.code === code);
    if (!owner) throw new Error(`no class of ${ERRORS_FILE} has the code '${code}'`);
    const guide = ERROR_GUIDE[code];
    if (!guide?.cases.length) throw new Error(`ERROR_GUIDE says nothing of '${code}'`);
    return {
      code,
      className: owner.name,
      causeHtml: inlineHtml(owner.doc),
      fields: owner.fields.map((field) => ({
        name: field.name,
        type: field.type,
        docHtml: inlineHtml(field.doc),
      })),
      seen: guide.cases.map(seenIn),
      todoHtml: markdownHtml(guide.todo),
    };
  });
}

/** Each status: what it means, in a typical view, and what to do. The headline is computed. */
export const STATUS_GUIDE: Record<
  SessionStatus,
  { view?: Partial<SessionView>; means: string; todo: string }
> = {
  idle: {
    view: loggedOut,
    means: 'No SRS session: before `login()`, after `logout()`.',
    todo: 'Log in. A desktop shows the permission prompt ahead from `view.localNetworkAccess`.',
  },
  loggingIn: {
    view: { isRecordingSessionActive: false },
    means:
      'A login is on its way to SRS: the first one, a login again after SRS dropped the session, `retry()` or a self-healing try.',
    todo: 'Nothing: wait.',
  },
  active: {
    means: 'SRS holds the session and the desktop polls it: the agent is recorded.',
    todo: 'Nothing.',
  },
  switchingPlace: {
    means: 'A login with the new place is on its way; SRS still records on the old one.',
    todo: 'Nothing: wait.',
  },
  failover: {
    means:
      "A login with the other data center's RWS is on its way: `failover()`, `failback()`, or the session moving by itself.",
    todo: 'Nothing: wait.',
  },
  loggingOut: {
    view: { isRecordingSessionActive: false },
    means: 'The logout is on its way; it never hangs.',
    todo: 'Nothing: wait.',
  },
  failed: {
    view: { ...failedHealing, error: unreachable },
    means:
      'The session gave up for now; `view.error` says why (here: SRS does not answer) and `view.nextPollAt` when it tries again by itself.',
    todo: 'See the headline of `view.error` below. `retry()` tries at once.',
  },
  disposed: {
    view: { ...loggedOut, status: 'disposed' },
    means: '`dispose()` ended the session object (a hot reload, a destroyed injector).',
    todo: 'Reload the page, or create a new session.',
  },
};

export interface StatusRow {
  status: SessionStatus;
  key: MessageKey;
  tone: MessageTone;
  headline: string;
  meansHtml: string;
  todoHtml: string;
}

export function statusRows(): StatusRow[] {
  return SESSION_STATUSES.map((status) => {
    const { view, means, todo } = STATUS_GUIDE[status];
    const message = describeView({ ...ACTIVE, status, ...view }, WHERE);
    return {
      status,
      key: message.key,
      tone: message.tone,
      headline: message.headline,
      meansHtml: markdownHtml(means),
      todoHtml: markdownHtml(todo),
    };
  });
}

/** The anchor of a headline's section on the Troubleshooting page: its key, dots as dashes. */
export const anchorOf = (key: MessageKey): string => key.replaceAll('.', '-');

export const HEADLINE_KEYS = Object.keys(MESSAGE_HEADLINES) as MessageKey[];
