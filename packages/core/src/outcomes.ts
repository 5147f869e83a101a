import { ScreenRecordingError, SessionCancelledError } from './errors';

/**
 * A moment read from the session's clock twice: wall-clock time for what a person reads, a monotonic
 * reading for durations (it never jumps when the wall clock is set; only differences count).
 */
export interface Instant {
  /** Wall-clock time, ms since the epoch. */
  at: number;
  /** Monotonic reading, ms. */
  mono: number;
}

/** A request that refreshed SRS's session timer: SRS refreshed it when the request arrived, about `sent`. */
export interface SrsContact {
  sent: Instant;
  answered: Instant;
}

/** What a failed request rejects with: the typed error and when it happened. */
export class RequestFailure {
  constructor(
    readonly error: ScreenRecordingError,
    readonly sent: Instant,
    readonly failed: Instant,
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
    return { error: this.error.toJSON(), sent: this.sent, failed: this.failed };
  }
}

/** What the logout request achieved: SRS confirmed it, or the reason it could not (SRS's timeout then ends the session). */
export interface LogoutOutcome {
  confirmed: boolean;
  error: ScreenRecordingError | null;
}
