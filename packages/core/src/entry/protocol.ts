/**
 * `@screen-recording/core/protocol`: the SRS wire protocol as pure functions, the rules a login's
 * parameters must follow, and the one `fetch` transport. Internal: names here may change in a minor release.
 */
export { validateLoginParams, validatePlaceParams } from '../options';
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
  withoutTrailingSlashes,
} from '../protocol';
export { createFetchTransport, type SrsTransport } from '../transport';
