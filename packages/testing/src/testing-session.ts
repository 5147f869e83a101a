import {
  createScreenRecordingSession,
  type ScreenRecordingOptions,
  type ScreenRecordingSession,
} from '@screen-recording/core';
import { createFakeSrs, type FakeSrs, type FakeSrsOptions } from './fake-srs';
import { ManualClock } from './manual-clock';

/** What `createTestingSession()` takes: any session option but `fetch` and `clock`, and how SRS behaves. */
export interface TestingSessionOptions extends Partial<Omit<ScreenRecordingOptions, 'fetch' | 'clock'>> {
  /** The in-memory SRS's options: its session timeout, or `held` to answer each request by hand. */
  srs?: Omit<FakeSrsOptions, 'clock'>;
  /** Where the clock starts, in ms since 1970. Default 23 November 2026, 08:00 UTC. */
  startAt?: number;
}

/** A session wired to an in-memory SRS and a clock the test moves. */
export interface TestingSession {
  /** Give it to the app as its own session; dispose it after the test. */
  session: ScreenRecordingSession;
  /** What SRS received (`calls`, `count()`), and what it answers next (`script()`, `goDown()`…). */
  srs: FakeSrs;
  /** Nothing happens until the test moves it: `advance(ms)` fires the timers due and lets promises settle. */
  clock: ManualClock;
}

/**
 * A session for an app's unit tests: its requests go to an in-memory SRS and its timers run on a manual
 * clock, so a test drives a whole day of polls in milliseconds. Give `session` to the app as its own
 * (`<ScreenRecordingProvider session={session}>`, `app.use(ScreenRecordingPlugin, { session })`,
 * `provideScreenRecording({ session })`); the binding then never disposes it, so the test does.
 *
 * `srsUrl` defaults to `http://127.0.0.1:4100`, and `tabs` to `independent`: a test's session never joins
 * another session of the test process as a tab of one desktop. Every other option is the session's own.
 */
export function createTestingSession(options: TestingSessionOptions = {}): TestingSession {
  const { srs: srsOptions, startAt, ...sessionOptions } = options;
  const clock = new ManualClock(startAt);
  const srs = createFakeSrs({ ...srsOptions, clock });
  const session = createScreenRecordingSession({
    srsUrl: 'http://127.0.0.1:4100',
    tabs: 'independent',
    ...sessionOptions,
    fetch: srs.fetch,
    clock,
  });
  return { session, srs, clock };
}
