/**
 * One error hierarchy for everything a session reports. Messages are written for the person who has
 * to act on them and never contain a password, an Authorization header or a CSRF token.
 *
 * Errors leave the page as plain data (snapshots, inspector events, the messages between the tabs of a
 * desktop) through `toJSON()`, and come back typed through `ScreenRecordingError.fromJSON()`: code,
 * message and fields intact, so `instanceof` and `code` work alike in every tab.
 */
export type ScreenRecordingErrorCode =
  | 'configuration'
  | 'unauthorized'
  | 'forbidden'
  | 'rejected'
  | 'unavailable'
  | 'server-error'
  | 'busy'
  | 'permission-denied'
  | 'move-refused'
  | 'in-use'
  | 'invalid-state'
  | 'cancelled'
  | 'insecure-context';

/** An error as plain data: what `toJSON()` gives and `fromJSON()` reads. */
export interface ScreenRecordingErrorJson {
  name: string;
  code: ScreenRecordingErrorCode;
  message: string;
  [field: string]: unknown;
}

// An error read back from another tab is untrusted input: a longer message is cut.
const MAX_MESSAGE_LENGTH = 4_000;

export abstract class ScreenRecordingError extends Error {
  abstract readonly code: ScreenRecordingErrorCode;

  /** The error as plain data: name, code, message and the fields of its class. */
  toJSON(): ScreenRecordingErrorJson {
    return { name: this.name, code: this.code, message: this.message, ...this.fields() };
  }

  /** The fields a subclass adds, as plain data. */
  protected fields(): Record<string, unknown> {
    return {};
  }

  /**
   * The typed error again from `toJSON()`'s data; null when the data is not such an error (it came from
   * another version of the library, or was forged).
   */
  static fromJSON(data: unknown): ScreenRecordingError | null {
    if (typeof data !== 'object' || data === null) return null;
    const json = data as Record<string, unknown>;
    if (typeof json.message !== 'string' || typeof json.code !== 'string') return null;
    const revive = REVIVERS[json.code as ScreenRecordingErrorCode];
    if (!revive) return null;
    const error = revive(json);
    if (error) error.message = json.message.slice(0, MAX_MESSAGE_LENGTH);
    return error;
  }
}

/** An option or a command parameter is wrong; nothing was sent to SRS. */
export class SrsConfigurationError extends ScreenRecordingError {
  override readonly name = 'SrsConfigurationError';
  readonly code = 'configuration';
  /** The option or parameter at fault, for example `srsUrl` or `devices[1].dn`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }

  protected override fields() {
    return { field: this.field };
  }
}

/** SRS answered 401: bad credentials at login, or the SRS session is gone when polling. */
export class SrsUnauthorizedError extends ScreenRecordingError {
  override readonly name = 'SrsUnauthorizedError';
  readonly code = 'unauthorized';
}

/** SRS answered 403: a missing or stale CSRF token, or the page's origin is not allowed. */
export class SrsForbiddenError extends ScreenRecordingError {
  override readonly name = 'SrsForbiddenError';
  readonly code = 'forbidden';
}

/** SRS refused the request as malformed (another 4xx), for example a device that is not in the place. */
export class SrsRejectedError extends ScreenRecordingError {
  override readonly name = 'SrsRejectedError';
  readonly code = 'rejected';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }

  protected override fields() {
    return { status: this.status };
  }
}

/** SRS could not be reached (not running, wrong port or scheme, CORS refusal) or did not answer in time. */
export class SrsUnavailableError extends ScreenRecordingError {
  override readonly name = 'SrsUnavailableError';
  readonly code = 'unavailable';
  readonly reason: 'network' | 'timeout';

  constructor(reason: 'network' | 'timeout', message: string) {
    super(message);
    this.reason = reason;
  }

  protected override fields() {
    return { reason: this.reason };
  }
}

/** SRS answered 5xx; at login this is how SRS reports that it cannot reach the RWS named in `server`. */
export class SrsServerError extends ScreenRecordingError {
  override readonly name = 'SrsServerError';
  readonly code = 'server-error';
  readonly status: number;
  /** How long SRS asked the client to wait (`Retry-After`), in ms; null when it did not say. */
  readonly retryAfterMs: number | null;

  constructor(status: number, message: string, retryAfterMs: number | null = null) {
    super(message);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }

  protected override fields() {
    return { status: this.status, retryAfterMs: this.retryAfterMs };
  }
}

/** SRS answered 429: it is busy and asked to be called again later; the session waits and retries. */
export class SrsBusyError extends ScreenRecordingError {
  override readonly name = 'SrsBusyError';
  readonly code = 'busy';
  readonly status: number;
  /** How long SRS asked the client to wait (`Retry-After`), in ms; null when it did not say. */
  readonly retryAfterMs: number | null;

  constructor(status: number, message: string, retryAfterMs: number | null) {
    super(message);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }

  protected override fields() {
    return { status: this.status, retryAfterMs: this.retryAfterMs };
  }
}

/**
 * The browser refused to let this page call SRS on the agent's own machine: Chromium's Local Network
 * Access permission ("apps on this device") is denied for the desktop's site, or the desktop runs in a
 * cross-origin iframe without `allow="loopback-network"`. Nothing reaches SRS until that changes; the
 * session logs in again by itself when the permission is granted.
 */
export class SrsPermissionDeniedError extends ScreenRecordingError {
  override readonly name = 'SrsPermissionDeniedError';
  readonly code = 'permission-denied';
}

/**
 * SRS refused to move the session to another place or data center. The session stays where it was
 * (still recorded there), so this is a refused command, not a failed session.
 */
export class SrsMoveRefusedError extends ScreenRecordingError {
  override readonly name = 'SrsMoveRefusedError';
  readonly code = 'move-refused';
  /** Why SRS refused: the error of the last login that tried the new place or data center. */
  readonly reason: ScreenRecordingError;

  constructor(message: string, reason: ScreenRecordingError) {
    super(message);
    this.reason = reason;
  }

  protected override fields() {
    return { reason: this.reason.toJSON() };
  }
}

/**
 * Another agent's SRS session is held by another tab of this desktop (a shared workstation): this tab's
 * `login()` was refused, sent nothing to SRS, and kept nothing. Log out in that tab first.
 */
export class SessionInUseError extends ScreenRecordingError {
  override readonly name = 'SessionInUseError';
  readonly code = 'in-use';
  /** The user name of the agent whose session it is. */
  readonly agent: string;

  constructor(agent: string, message: string) {
    super(message);
    this.agent = agent;
  }

  protected override fields() {
    return { agent: this.agent };
  }
}

/** The command does not apply in the session's current state, for example `switchPlace()` before `login()`. */
export class SessionStateError extends ScreenRecordingError {
  override readonly name = 'SessionStateError';
  readonly code = 'invalid-state';
}

/** The command was overtaken by another one (a logout during a login) or by `dispose()`. */
export class SessionCancelledError extends ScreenRecordingError {
  override readonly name = 'SessionCancelledError';
  readonly code = 'cancelled';
}

/**
 * The desktop page is not a secure context (served over plain HTTP from a host that is not this
 * machine), so Chromium 142+ refuses every call it makes to SRS on this machine, with no prompt and no
 * permission to grant. Raised before anything is sent; only serving the desktop over HTTPS (or an
 * administrator's browser policy) fixes it, so the session waits for the app and does not heal.
 */
export class SrsInsecureContextError extends ScreenRecordingError {
  override readonly name = 'SrsInsecureContextError';
  readonly code = 'insecure-context';
}

const text = (value: unknown, fallback = ''): string =>
  typeof value === 'string' ? value.slice(0, MAX_MESSAGE_LENGTH) : fallback;
const status = (value: unknown): number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 1000 ? value : 0;
const milliseconds = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;

/** How each code's error is built again from its data (the message is set afterwards). */
const REVIVERS: Record<
  ScreenRecordingErrorCode,
  (json: Record<string, unknown>) => ScreenRecordingError | null
> = {
  configuration: (json) => new SrsConfigurationError(text(json.field, 'options'), ''),
  unauthorized: () => new SrsUnauthorizedError(),
  forbidden: () => new SrsForbiddenError(),
  rejected: (json) => new SrsRejectedError(status(json.status), ''),
  unavailable: (json) => new SrsUnavailableError(json.reason === 'timeout' ? 'timeout' : 'network', ''),
  'server-error': (json) => new SrsServerError(status(json.status), '', milliseconds(json.retryAfterMs)),
  busy: (json) => new SrsBusyError(status(json.status), '', milliseconds(json.retryAfterMs)),
  'permission-denied': () => new SrsPermissionDeniedError(),
  'insecure-context': () => new SrsInsecureContextError(),
  'move-refused': (json) => {
    // A refusal names why; a nested move refusal is not one SRS can give.
    const reason = ScreenRecordingError.fromJSON(json.reason);
    return reason && reason.code !== 'move-refused' ? new SrsMoveRefusedError('', reason) : null;
  },
  'in-use': (json) => new SessionInUseError(text(json.agent), ''),
  'invalid-state': () => new SessionStateError(),
  cancelled: () => new SessionCancelledError(),
};
