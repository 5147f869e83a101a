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
  | 'invalid-state'
  | 'cancelled';

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

/** SRS could not be reached: not running, wrong port or scheme, CORS refusal, or no answer in time. */
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

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
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
