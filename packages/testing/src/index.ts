/**
 * `@screen-recording/testing`: what an app's unit tests need to drive a screen recording session without
 * SRS: an in-memory SRS you script, a clock you move by hand, and a session wired to both. For
 * integration tests over real HTTP, in Node or in a browser, use `@screen-recording/simulator`.
 */
export {
  createFakeSrs,
  type FakeAnswer,
  type FakeCall,
  type FakeSrs,
  type FakeSrsOptions,
  type SrsOperation,
} from './fake-srs';
export { ManualClock, settle } from './manual-clock';
export { createTestingSession, type TestingSession, type TestingSessionOptions } from './testing-session';
