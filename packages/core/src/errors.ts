/**
 * One error hierarchy for everything a session reports. Messages are written for the person who has
 * to act on them and never contain a password, an Authorization header or a CSRF token.
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
  | 'invalid-state'
  | 'cancelled'
  | 'insecure-context';

export abstract class ScreenRecordingError extends Error {
  abstract readonly code: ScreenRecordingErrorCode;

  /** Errors travel in snapshots and inspector events as plain data. */
  toJSON(): { name: string; code: ScreenRecordingErrorCode; message: string } {
    return { name: this.name, code: this.code, message: this.message };
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
