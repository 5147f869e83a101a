/**
 * `@screen-recording/core`: what an agent desktop uses. Machine internals live in
 * `@screen-recording/core/machine`, the wire protocol and transport in `@screen-recording/core/protocol`.
 */
export {
  checkSessionSource,
  type DeferredSource,
  deferSessionSource,
  type OpenedSource,
  openSessionSource,
  type ScreenRecordingSource,
  selectView,
  type ViewSelection,
} from './binding';
export { systemClock } from './clock';
export { wrapCommands } from './commands';
export { createScreenRecordingSession } from './create-session';
export {
  ScreenRecordingError,
  type ScreenRecordingErrorCode,
  type ScreenRecordingErrorJson,
  SessionCancelledError,
  SessionInUseError,
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
export {
  describeError,
  describeView,
  MESSAGE_HEADLINES,
  type MessageContext,
  type MessageKey,
  type MessageTone,
  type SessionMessage,
} from './messages';
export { DEFAULT_OPTIONS } from './options';
export type { ScreenRecordingSession } from './session';
export type {
  Clock,
  CommandName,
  Compare,
  CoverageGap,
  CoverageLedger,
  CoverageReport,
  DataCenter,
  Device,
  FetchFunction,
  GapEvent,
  GapReason,
  Instant,
  LocalNetworkAccess,
  Logger,
  LoginCredentials,
  LoginParams,
  PlaceParams,
  ScreenRecordingOptions,
  SessionCommands,
  SessionStatus,
  SessionView,
  TabChannel,
  TabLocks,
  TabRole,
  TabsEnvironment,
  TabsOption,
  ViewSelector,
} from './types';
export { createWorkerClock, type WorkerClock, type WorkerClockOptions } from './worker-clock';
