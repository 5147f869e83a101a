/**
 * `@screen-recording/core/machine`: the statechart and how its snapshots become views, for tools,
 * tests and advanced use. Internal: names here may change in a minor release.
 */
export {
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
export { type Instant, type LogoutOutcome, RequestFailure, type SrsContact } from '../outcomes';
export type { ResolvedOptions } from '../types';
export { type SessionSnapshot, sameView, statusOf, toView } from '../view';
