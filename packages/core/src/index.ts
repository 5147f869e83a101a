export { systemClock } from './clock';
export {
  ScreenRecordingError,
  type ScreenRecordingErrorCode,
  SessionCancelledError,
  SessionStateError,
  SrsConfigurationError,
  SrsForbiddenError,
  SrsRejectedError,
  SrsServerError,
  SrsUnauthorizedError,
  SrsUnavailableError,
} from './errors';
export { DEFAULT_OPTIONS, resolveOptions, validateLoginParams, validatePlaceParams } from './options';
export {
  basicAuthorization,
  buildLoginBody,
  buildLoginRequest,
  buildLogoutRequest,
  buildPingRequest,
  type Credentials,
  classifyResponse,
  type LoginBody,
  type LoginConfiguration,
  outcomeToError,
  readCsrfToken,
  type SrsOutcome,
  type SrsRequest,
} from './protocol';
export { createScreenRecordingSession, type ScreenRecordingSession } from './session';
export { connect, type SessionSnapshot, statusOf } from './session.connect';
export {
  type LoginInput,
  type Seat,
  type SessionContext,
  type SessionEvent,
  type SessionInput,
  type SrsContact,
  screenRecordingMachine,
} from './session.machine';
export { createFetchTransport, type SrsTransport } from './transport';
export type {
  Clock,
  DataCenter,
  Device,
  FetchFunction,
  Logger,
  LoginParams,
  PlaceParams,
  ResolvedOptions,
  ScreenRecordingOptions,
  SessionCommands,
  SessionStatus,
  SessionView,
} from './types';
export { createWorkerClock, type WorkerClock, type WorkerClockOptions } from './worker-clock';
