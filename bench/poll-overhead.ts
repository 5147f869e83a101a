/**
 * What one poll cycle costs through the session (statechart, timers, view), against two baselines
 * measured in the same run under the same conditions:
 * - the bare transport sending the same request: what the statechart adds per poll;
 * - the hand-written loop (`setTimeout` + `fetch`): what a team would otherwise run.
 *
 * Two conditions: in process (a `fetch` that answers at once, the fake clock), where only the client's
 * own work is timed; and over loopback to the real simulator (the virtual clock, real HTTP), where a
 * poll costs what it costs in a test rig, the HTTP stack and the server included.
 */
import { performance } from 'node:perf_hooks';
import { buildPingRequest, createFetchTransport } from '../packages/core/src/entry/protocol';
import {
  createScreenRecordingSession,
  DEFAULT_OPTIONS,
  type FetchFunction,
} from '../packages/core/src/index';
import { startSimulator } from '../packages/simulator/src/index';
import { ManualClock } from '../packages/testing/src/manual-clock';
import { startHandWrittenLoop } from './hand-written-loop';
import { integer, median, ratio, table } from './markdown';
import { VirtualClock } from './virtual-clock';

const IN_PROCESS_POLLS = 2_000;
const LOOPBACK_POLLS = 300;
const ROUNDS = 5;
const INTERVAL_MS = DEFAULT_OPTIONS.pingIntervalMs;
const SRS_URL = 'http://127.0.0.1:4100';
const ALICE = { username: 'alice', password: 'alice-password' } as const;
const SERVER = 'https://rws.dc1.example.com:443';

export interface PollCost {
  /** Median over the rounds of the real time per poll, in µs. */
  sessionUs: number;
  loopUs: number;
  /** Only in process: the bare transport. */
  transportUs: number | null;
  polls: number;
  rounds: number;
}

export interface PollOverheadResult {
  inProcess: PollCost;
  loopback: PollCost;
}

const instantSrs: FetchFunction = async () => new Response(null, { status: 200 });

/** Counts the pings a fetch sends. */
function countingPings(fetch: FetchFunction) {
  const counter = { pings: 0 };
  const counted: FetchFunction = (input, init) => {
    if (input.endsWith('/ping')) counter.pings += 1;
    return fetch(input, init);
  };
  return { counter, fetch: counted };
}

/** Both fake clocks: the manual one (in process) and the virtual one (over loopback). */
type BenchClock = ManualClock | VirtualClock;

/**
 * Real time of `polls` poll cycles of one client on `clock`, login excluded. A client is the session
 * (default options) or the hand-written loop.
 */
async function timePolls(
  client: 'session' | 'hand-written loop',
  clock: BenchClock,
  srsUrl: string,
  fetch: FetchFunction,
  polls: number,
): Promise<number> {
  const counted = countingPings(fetch);
  let stop: () => Promise<void>;
  if (client === 'session') {
    const session = createScreenRecordingSession({ srsUrl, clock, fetch: counted.fetch });
    const login = session.login({ ...ALICE, server: SERVER });
    await clock.advance(0);
    await login;
    stop = async () => {
      const loggedOut = session.logout();
      await clock.advance(0);
      await loggedOut;
      session.dispose();
    };
  } else {
    const starting = startHandWrittenLoop({
      srsUrl,
      ...ALICE,
      server: SERVER,
      fetch: counted.fetch,
      timers: clock,
    });
    await clock.advance(0);
    const loop = await starting;
    stop = async () => {
      const stopped = loop.stop();
      await clock.advance(0);
      await stopped;
    };
  }
  const started = performance.now();
  await clock.advance(polls * INTERVAL_MS);
  const elapsed = performance.now() - started;
  await stop();
  if (counted.counter.pings !== polls)
    throw new Error(`${client}: expected ${polls} polls, saw ${counted.counter.pings}`);
  return elapsed;
}

/** The bare transport, driven like the loop: one timer per poll on the manual clock, re-armed after each answer. */
async function timeTransport(polls: number): Promise<number> {
  const clock = new ManualClock();
  const transport = createFetchTransport({ fetch: instantSrs, clock, requestTimeoutMs: 5_000 });
  const request = buildPingRequest(SRS_URL, ALICE);
  let sent = 0;
  const poll = async () => {
    await transport.send(request);
    sent += 1;
    if (sent < polls) clock.setTimeout(poll, INTERVAL_MS);
  };
  clock.setTimeout(poll, INTERVAL_MS);
  const started = performance.now();
  await clock.advance(polls * INTERVAL_MS);
  const elapsed = performance.now() - started;
  if (sent !== polls) throw new Error(`transport: expected ${polls} polls, saw ${sent}`);
  return elapsed;
}

/** Runs each measurement once to warm up, then ROUNDS times interleaved; the median per poll. */
async function rounds(measurements: Record<string, () => Promise<number>>, polls: number) {
  for (const measure of Object.values(measurements)) await measure();
  const times = new Map<string, number[]>(Object.keys(measurements).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, measure] of Object.entries(measurements)) times.get(name)?.push(await measure());
  }
  return (name: string) => (median(times.get(name) ?? []) / polls) * 1000;
}

async function measureInProcess(): Promise<PollCost> {
  const polls = IN_PROCESS_POLLS;
  const perPoll = await rounds(
    {
      session: () => timePolls('session', new ManualClock(), SRS_URL, instantSrs, polls),
      loop: () => timePolls('hand-written loop', new ManualClock(), SRS_URL, instantSrs, polls),
      transport: () => timeTransport(polls),
    },
    polls,
  );
  return {
    sessionUs: perPoll('session'),
    loopUs: perPoll('loop'),
    transportUs: perPoll('transport'),
    polls,
    rounds: ROUNDS,
  };
}

async function measureOverLoopback(): Promise<PollCost> {
  const polls = LOOPBACK_POLLS;
  const overLoopback = async (client: 'session' | 'hand-written loop') => {
    const clock = new VirtualClock();
    const srs = await startSimulator({ port: 0, now: clock.now });
    try {
      const fetch = clock.track((input, init) => globalThis.fetch(input, init));
      return await timePolls(client, clock, srs.url, fetch, polls);
    } finally {
      await srs.close();
    }
  };
  const perPoll = await rounds(
    { session: () => overLoopback('session'), loop: () => overLoopback('hand-written loop') },
    polls,
  );
  return { sessionUs: perPoll('session'), loopUs: perPoll('loop'), transportUs: null, polls, rounds: ROUNDS };
}

/** Takes about 10 s. */
export async function measurePollOverhead(): Promise<PollOverheadResult> {
  return { inProcess: await measureInProcess(), loopback: await measureOverLoopback() };
}

export function formatPollOverhead(result: PollOverheadResult): string {
  const us = (value: number | null) =>
    value === null
      ? '—'
      : `${value.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} µs`;
  const row = (condition: string, cost: PollCost) => [
    condition,
    us(cost.sessionUs),
    us(cost.loopUs),
    ratio(cost.sessionUs, cost.loopUs),
    us(cost.transportUs),
    ratio(cost.sessionUs, cost.transportUs),
  ];
  const { inProcess, loopback } = result;
  return [
    table(
      [
        'real time per poll',
        'session (default options)',
        'hand-written loop (baseline)',
        'session / loop',
        'bare transport (baseline)',
        'session / transport',
      ],
      [
        row(
          `in process: \`fetch\` answers at once, fake clock; median of ${inProcess.rounds} × ${integer(inProcess.polls)} polls`,
          inProcess,
        ),
        row(
          `over loopback to the simulator, virtual clock; median of ${loopback.rounds} × ${integer(loopback.polls)} polls`,
          loopback,
        ),
      ],
      new Set([1, 2, 3, 4, 5]),
    ),
    '',
    'In process, each client is driven the same way: one timer per poll on `ManualClock`, which lets promise ' +
      'chains settle after each timer, so every column pays that too. The transport column is ' +
      "`createFetchTransport().send()` re-armed on a timer: the session's own request path without the statechart. " +
      "Over loopback, the figure includes Node's `fetch`, the HTTP exchange and the simulator answering, all in " +
      'this process: what a poll costs a test rig, and how much of it the library is.',
  ].join('\n');
}
