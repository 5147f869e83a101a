/**
 * `@screen-recording/core`: what an agent desktop uses. Machine internals live in
 * `@screen-recording/core/machine`, the wire protocol and transport in `@screen-recording/core/protocol`.
 */
export { systemClock } from './clock';
export { type CommandName, wrapCommands } from './commands';
export type { CoverageGap, CoverageLedger, CoverageReport, GapReason } from './coverage';
export {
  ScreenRecordingError,
  type ScreenRecordingErrorCode,
  SessionCancelledError,
  SessionStateError,
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
} from './errors';
export { DEFAULT_OPTIONS } from './options';
export { createScreenRecordingSession, type ScreenRecordingSession } from './session';
export type { TabChannel, TabLocks, TabsEnvironment, TabsOption } from './tabs';
export type {
  Clock,
  DataCenter,
  Device,
  FetchFunction,
  LocalNetworkAccess,
  Logger,
  LoginCredentials,
  LoginParams,
  PlaceParams,
  ScreenRecordingOptions,
  SessionCommands,
  SessionView,
  TabRole,
} from './types';
export type { SessionStatus } from './view';
export type { GapEvent } from './view-store';
export { createWorkerClock, type WorkerClock, type WorkerClockOptions } from './worker-clock';
