/**
 * `@screen-recording/core/machine`: the two statecharts and how their snapshots become views, for tools,
 * tests and advanced use. Internal: names here may change in a minor release.
 */
export {
  type AdoptEvent,
  type FailureRecord,
  isRefusedLogout,
  type LoginEvent,
  type LoginInput,
  loginInputFor,
  type Seat,
  type SessionContext,
  type SessionEvent,
  type SessionInput,
  type SessionTag,
  type SwitchPlaceEvent,
  screenRecordingMachine,
} from '../machine';
export { resolveOptions } from '../options';
export { type LogoutOutcome, RequestFailure, type SrsContact } from '../outcomes';
export {
  type OutboxEntry,
  type TabsContext,
  type TabsEvent,
  type TabsInput,
  tabsMachine,
} from '../tabs-machine';
export { readMessage, TABS_PROTOCOL_VERSION, type TabMessage, writeMessage } from '../tabs-wire';
export { healDelay, nextPollAfter, retryDelay, type TabTimings, tabTimings } from '../timing';
export type { ResolvedOptions } from '../types';
export { SESSION_STATUSES, type SessionSnapshot, sameView, statusOf, type TabPart, toView } from '../view';
