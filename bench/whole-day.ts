/**
 * A whole day of session on the fake clock, at the default 30 s interval, against the in-memory SRS:
 * polls sent, how far any poll strays from `login + k × interval`, the heap after a forced collection at
 * hour 1 and hour 24, and the clock timers still armed after logout and after dispose. The same for the
 * hand-written loop, in the same run, on the same clock and SRS.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import {
  createScreenRecordingSession,
  DEFAULT_OPTIONS,
  type FetchFunction,
} from '../packages/core/src/index';
import { ManualClock } from '../packages/testing/src/manual-clock';
import { startHandWrittenLoop } from './hand-written-loop';
import { createInMemorySrs, type SrsOperation } from './in-memory-srs';
import { integer, kib, ratio, table } from './markdown';

const HOUR_MS = 3_600_000;
const SRS_URL = 'http://127.0.0.1:4100';
const AGENT = { username: 'alice', password: 'alice-password' } as const;
const SERVER = 'https://rws.dc1.example.com';

export type DayClient = 'session' | 'hand-written loop';

export interface DayFigures {
  client: DayClient;
  /** Clients of this kind run side by side, each with its own in-memory SRS, on one clock. */
  clients: number;
  /** Pings sent by each client from its first login to 24 h after it (the fewest of any client). */
  polls: number;
  /** Logins sent, all clients together. */
  logins: number;
  /** The largest |sent − (first login + k × interval)| over every client's pings, in ms. */
  maxDriftMs: number;
  /** heapUsed after forced collections at hour 1 and hour 24 of the day (null without --expose-gc). */
  heapAtHour1: number | null;
  heapAtHour24: number | null;
  /** After a second day, when one was run: growth that goes on past the first day would be a leak. */
  heapAtHour48: number | null;
  /** How much of the growth is V8's code space (code compiled as the day's hot paths warm up). */
  codeSpaceGrowth: number;
  /** Timers still armed on the clock after every client logged out, and after every session was disposed. */
  timersAfterLogout: number;
  /** Null for the loop, which has nothing to dispose. */
  timersAfterDispose: number | null;
}

export interface WholeDayResult {
  hours: number;
  intervalMs: number;
  answerDelayMs: number;
  expectedPolls: number;
  session: DayFigures;
  loop: DayFigures;
  /** The same day with several clients side by side, so that growth per client stands above the heap's noise. */
  sideBySide: { session: DayFigures; loop: DayFigures };
}

/** heapUsed after full collections, or null when the collector is not exposed (`node --expose-gc`). */
export async function retainedHeap(): Promise<number | null> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return null;
  for (let round = 0; round < 4; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const codeSpaceUsed = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'code_space')?.space_used_size ?? 0;

/** Counts one client's requests and tracks how far each ping strays from the schedule set by its first login. */
function createDayRecorder(intervalMs: number) {
  let firstLoginAt: number | null = null;
  const figures = { polls: 0, logins: 0, maxDriftMs: 0 };
  const onRequest = (operation: SrsOperation, at: number) => {
    if (operation === 'login') {
      figures.logins += 1;
      firstLoginAt ??= at;
    } else if (operation === 'ping' && firstLoginAt !== null) {
      figures.polls += 1;
      const drift = Math.abs(at - (firstLoginAt + figures.polls * intervalMs));
      figures.maxDriftMs = Math.max(figures.maxDriftMs, drift);
    }
  };
  return { onRequest, figures };
}

interface DayClientDriver {
  start(): Promise<void>;
  logout(): Promise<void>;
  dispose: (() => void) | null;
}

function createDriver(client: DayClient, clock: ManualClock, fetch: FetchFunction): DayClientDriver {
  if (client === 'session') {
    // Default options: only the I/O (fetch, clock) is injected.
    const session = createScreenRecordingSession({ srsUrl: SRS_URL, clock, fetch });
    return {
      start: () => session.login({ ...AGENT, server: SERVER }),
      logout: () => session.logout(),
      dispose: () => session.dispose(),
    };
  }
  let stop: () => Promise<void> = async () => {};
  return {
    start: async () => {
      ({ stop } = await startHandWrittenLoop({
        srsUrl: SRS_URL,
        ...AGENT,
        server: SERVER,
        fetch,
        timers: clock,
      }));
    },
    logout: () => stop(),
    dispose: null,
  };
}

async function runDay(
  client: DayClient,
  options: { hours: number; clients: number; answerDelayMs: number; secondDay?: boolean },
): Promise<DayFigures> {
  const { hours, clients, answerDelayMs, secondDay = false } = options;
  const intervalMs = DEFAULT_OPTIONS.pingIntervalMs;
  const clock = new ManualClock();
  const recorders = Array.from({ length: clients }, () => createDayRecorder(intervalMs));
  const drivers = recorders.map((recorder) =>
    createDriver(
      client,
      clock,
      createInMemorySrs({ clock, ...AGENT, answerDelayMs, onRequest: recorder.onRequest }),
    ),
  );

  // Hour 1: each login is answered `answerDelayMs` into it.
  const started = drivers.map((driver) => driver.start());
  await clock.advance(HOUR_MS);
  await Promise.all(started);
  const heapAtHour1 = await retainedHeap();
  const codeAtHour1 = codeSpaceUsed();
  await clock.advance((hours - 1) * HOUR_MS);
  // Read before logging out: the day's figures, not the logout's.
  const polls = Math.min(...recorders.map(({ figures }) => figures.polls));
  const maxDriftMs = Math.max(...recorders.map(({ figures }) => figures.maxDriftMs));
  const logins = recorders.reduce((sum, { figures }) => sum + figures.logins, 0);
  const heapAtHour24 = await retainedHeap();
  const codeSpaceGrowth = codeSpaceUsed() - codeAtHour1;
  let heapAtHour48: number | null = null;
  if (secondDay) {
    await clock.advance(hours * HOUR_MS);
    heapAtHour48 = await retainedHeap();
  }

  const loggedOut = drivers.map((driver) => driver.logout());
  await clock.advance(answerDelayMs);
  await Promise.all(loggedOut);
  const timersAfterLogout = clock.pendingTimers;
  let timersAfterDispose: number | null = null;
  if (client === 'session') {
    for (const driver of drivers) driver.dispose?.();
    await clock.advance(0);
    timersAfterDispose = clock.pendingTimers;
  }
  return {
    client,
    clients,
    polls,
    logins,
    maxDriftMs,
    heapAtHour1,
    heapAtHour24,
    heapAtHour48,
    codeSpaceGrowth,
    timersAfterLogout,
    timersAfterDispose,
  };
}

/** Clients side by side in the second measurement: enough that a per-poll leak of a few bytes would show. */
const SIDE_BY_SIDE = 10;

/**
 * Takes about 5 s.
 *
 * @param answerDelayMs How long the in-memory SRS takes to answer, on the fake clock: a loop that re-arms
 * its timer after each answer drifts by this much per poll.
 */
export async function measureWholeDay(options: { answerDelayMs: number }): Promise<WholeDayResult> {
  const hours = 24;
  const { answerDelayMs } = options;
  // A short warm-up of each, so that one-time allocations (lazy module state, first compilations) are
  // not counted in the first client's day.
  await runDay('session', { hours: 2, clients: 1, answerDelayMs });
  await runDay('hand-written loop', { hours: 2, clients: 1, answerDelayMs });
  const session = await runDay('session', { hours, clients: 1, answerDelayMs, secondDay: true });
  const loop = await runDay('hand-written loop', { hours, clients: 1, answerDelayMs, secondDay: true });
  const sideBySide = {
    session: await runDay('session', { hours, clients: SIDE_BY_SIDE, answerDelayMs }),
    loop: await runDay('hand-written loop', { hours, clients: SIDE_BY_SIDE, answerDelayMs }),
  };
  const intervalMs = DEFAULT_OPTIONS.pingIntervalMs;
  return {
    hours,
    intervalMs,
    answerDelayMs,
    expectedPolls: (hours * HOUR_MS) / intervalMs,
    session,
    loop,
    sideBySide,
  };
}

export function formatWholeDay(result: WholeDayResult): string {
  const { session, loop, sideBySide } = result;
  const growth = (day: DayFigures) =>
    day.heapAtHour1 === null || day.heapAtHour24 === null ? null : day.heapAtHour24 - day.heapAtHour1;
  const secondDayGrowth = (day: DayFigures) =>
    day.heapAtHour24 === null || day.heapAtHour48 === null ? null : day.heapAtHour48 - day.heapAtHour24;
  const perClient = (day: DayFigures) => {
    const total = growth(day);
    return total === null ? null : total / day.clients;
  };
  const ms = (value: number) =>
    `${value.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} ms`;
  const row = (
    figure: string,
    sessionValue: number | null,
    loopValue: number | null,
    format: (value: number | null) => string,
  ) => [figure, format(sessionValue), format(loopValue), ratio(sessionValue, loopValue)];
  const count = (value: number | null) => (value === null ? 'n/a' : integer(value));
  const rows = [
    row(
      `polls sent in ${result.hours} h (${integer(result.expectedPolls)} expected)`,
      session.polls,
      loop.polls,
      count,
    ),
    row('logins sent', session.logins, loop.logins, count),
    row(
      `largest drift of a poll from login + k × ${result.intervalMs / 1000} s`,
      session.maxDriftMs,
      loop.maxDriftMs,
      (value) => ms(value ?? 0),
    ),
    row('heap at hour 1, after forced GC (whole process)', session.heapAtHour1, loop.heapAtHour1, (value) =>
      kib(value),
    ),
    row(`heap at hour ${result.hours}, after forced GC`, session.heapAtHour24, loop.heapAtHour24, (value) =>
      kib(value),
    ),
    row(`growth, hour 1 → ${result.hours} (goal: under 1 MB)`, growth(session), growth(loop), (value) =>
      kib(value, true),
    ),
    row('… of which V8 code space (compiled code)', session.codeSpaceGrowth, loop.codeSpaceGrowth, (value) =>
      kib(value, true),
    ),
    row(
      `growth on a second day, hour ${result.hours} → ${2 * result.hours}, same client`,
      secondDayGrowth(session),
      secondDayGrowth(loop),
      (value) => kib(value, true),
    ),
    row(
      `growth per client, hour 1 → ${result.hours}, ${sideBySide.session.clients} clients side by side`,
      perClient(sideBySide.session),
      perClient(sideBySide.loop),
      (value) => kib(value, true),
    ),
    row('clock timers armed after logout (goal 0)', session.timersAfterLogout, loop.timersAfterLogout, count),
    row(
      'clock timers armed after dispose (goal 0)',
      session.timersAfterDispose,
      loop.timersAfterDispose,
      count,
    ),
  ];
  return [
    table(
      ['figure', 'session (default options)', 'hand-written loop (baseline)', 'session / loop'],
      rows,
      new Set([1, 2, 3]),
    ),
    '',
    `The fake clock (\`ManualClock\`) runs ${result.hours} h after login; the in-memory SRS (\`bench/in-memory-srs.ts\`) ` +
      `answers each request ${ms(result.answerDelayMs)} later on that clock: the median \`GET /ping\` round trip to the ` +
      'simulator over loopback, measured at the start of this run. The session schedules each poll from the start of ' +
      'the previous one; the loop re-arms its `setTimeout` after each answer, so it drifts by one answer time per poll ' +
      `(and its last poll of the day falls past hour ${result.hours}).`,
    '',
    'Heap figures are `process.memoryUsage().heapUsed` of the whole benchmark process after `gc()` (node ' +
      "`--expose-gc`); they move by a few hundred KiB from run to run. Part of a lone client's first-day growth " +
      "is V8 compiling its hot paths (the code space row; the compiler's metadata sits outside it), which " +
      'stops once they are compiled: the second-day row, on the same client, shows whether growth goes on. ' +
      `The side-by-side row runs ${sideBySide.session.clients} clients of a kind on one clock, each with its own SRS, ` +
      'and divides their growth by their number: a leak of a few bytes per poll (2,880 polls a day) would show ' +
      'there, above the noise. Timers are counted on the fake clock, which every delay of both clients goes through.',
  ].join('\n');
}
