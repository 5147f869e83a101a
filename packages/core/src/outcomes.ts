import { ScreenRecordingError, SessionCancelledError } from './errors';
import type { Instant } from './types';

/** A request that refreshed SRS's session timer: SRS refreshed it when the request arrived, about `sent`. */
export interface SrsContact {
  sent: Instant;
  answered: Instant;
}

/** What a failed request rejects with: the typed error, when it happened, and a random draw for jitter. */
export class RequestFailure {
  constructor(
    readonly error: ScreenRecordingError,
    readonly sent: Instant,
    readonly failed: Instant,
    /** A number in [0, 1) from the session's source of chance: spreads the retries of desktops that failed together. */
    readonly jitter = 0,
  ) {}

  /** Errors as XState hands them to the machine: anything not thrown by the SRS actors becomes a cancellation. */
  static from(thrown: unknown, now: Instant): RequestFailure {
    if (thrown instanceof RequestFailure) return thrown;
    const error =
      thrown instanceof ScreenRecordingError
        ? thrown
        : new SessionCancelledError('The request was abandoned.');
    return new RequestFailure(error, now, now);
  }

  /** Inspector events and snapshots carry errors as plain data. */
  toJSON() {
    return { error: this.error.toJSON(), sent: this.sent, failed: this.failed, jitter: this.jitter };
  }
}

/**
 * What the logout request achieved: SRS confirmed it (or no longer had the session), or the error that
 * kept it from ending the session (SRS's timeout then ends it).
 */
export interface LogoutOutcome {
  confirmed: boolean;
  error: ScreenRecordingError | null;
}
