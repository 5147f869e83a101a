/**
 * How fast a session is recording again after SRS loses it, against the real simulator over loopback,
 * with the library's default options (30 s poll, 60 s SRS timeout, its retries and self-healing). The
 * session and the simulator share a `VirtualClock`, so minutes of waiting take milliseconds while every
 * request is real HTTP. Baseline, in the same run and on the same clock: the hand-written loop.
 *
 * Each scenario logs in, polls for five minutes, then, halfway between two polls:
 * - `restart`: SRS restarts (every session lost);
 * - `data center lost`: the primary data center's RWS becomes unreachable (SRS drops sessions bound to
 *   it and answers 503 to logins naming it);
 * - `down 2 min`: SRS stops answering (connections dropped) for two minutes, then comes back as after a
 *   restart, with no session.
 *
 * "Active again": SRS holds a session for the agent opened after the event (on the recovery RWS when the
 * primary was lost), and, for the library, its view says the recording session is active.
 */
import { performance } from 'node:perf_hooks';
import { createScreenRecordingSession, type FetchFunction } from '../packages/core/src/index';
import { type SrsSimulator, startSimulator } from '../packages/simulator/src/index';
import { startHandWrittenLoop } from './hand-written-loop';
import { integer, median, ratio, seconds, table } from './markdown';
import { VirtualClock } from './virtual-clock';

export const RECOVERY_SCENARIOS = ['restart', 'data center lost', 'down 2 min'] as const;
export type RecoveryScenario = (typeof RECOVERY_SCENARIOS)[number];
export type RecoveryClient = 'session' | 'hand-written loop';

const PRIMARY = 'https://rws.dc1.example.com:443';
const RECOVERY = 'https://rws.dc2.example.com:443';
/** One of the simulator's default agents. */
const ALICE = { username: 'alice', password: 'alice-password' } as const;

/** Polling undisturbed before the event, which then comes halfway between two polls. */
const STEADY_MS = 5 * 60_000 + 15_000;
const OUTAGE_MS = 2 * 60_000;
/** Clock time a client is given to be active again before it counts as "not within". */
export const RECOVERY_LIMIT_MS = 10 * 60_000;

export interface RecoveryFigures {
  scenario: RecoveryScenario;
  client: RecoveryClient;
  /**
   * Clock time from the event (for an outage, from SRS's return) to active again; null when not within
   * RECOVERY_LIMIT_MS.
   */
  activeAfterMs: number | null;
  /** Requests the client sent from that same moment until active again (or until the limit). */
  requests: number;
  /** For an outage: requests sent while SRS was down. */
  requestsWhileDown: number | null;
  /** Real time the whole scenario took, login and five minutes of polling included. */
  realMs: number;
}

interface Client {
  start(): Promise<void>;
  /** The client's own word that it is recording; the loop has none. */
  saysActive(): boolean;
  stop(): Promise<void>;
}

function createClient(
  kind: RecoveryClient,
  srs: SrsSimulator,
  clock: VirtualClock,
  fetch: FetchFunction,
): Client {
  if (kind === 'session') {
    // Default options: only the I/O (fetch, clock) is injected.
    const session = createScreenRecordingSession({ srsUrl: srs.url, clock, fetch });
    return {
      start: () => session.login({ ...ALICE, server: PRIMARY, peerServer: RECOVERY }),
      saysActive: () => session.getSnapshot().isRecordingSessionActive,
      async stop() {
        await session.logout();
        session.dispose();
      },
    };
  }
  let stop: () => Promise<void> = async () => {};
  return {
    // A hand-written loop knows one RWS: failing over is what it would not do.
    start: async () => {
      ({ stop } = await startHandWrittenLoop({
        srsUrl: srs.url,
        ...ALICE,
        server: PRIMARY,
        fetch,
        timers: clock,
      }));
    },
    saysActive: () => true,
    stop: () => stop(),
  };
}

async function runScenario(scenario: RecoveryScenario, kind: RecoveryClient): Promise<RecoveryFigures> {
  const began = performance.now();
  const clock = new VirtualClock();
  const srs = await startSimulator({ port: 0, now: clock.now });
  let sent = 0;
  const fetch = clock.track((input, init) => {
    sent += 1;
    return globalThis.fetch(input, init);
  });
  const client = createClient(kind, srs, clock, fetch);
  try {
    const started = client.start();
    await clock.advance(STEADY_MS);
    await started;

    const eventAt = clock.now();
    const sentAtEvent = sent;
    let requestsWhileDown: number | null = null;
    let expectedServer = PRIMARY;
    if (scenario === 'restart') {
      srs.restart();
    } else if (scenario === 'data center lost') {
      srs.loseDataCenter(PRIMARY);
      expectedServer = RECOVERY;
    } else {
      srs.injectFault({ kind: 'down' });
      await clock.advance(OUTAGE_MS);
      requestsWhileDown = sent - sentAtEvent;
      // SRS comes back as a freshly started service: no fault, no session.
      srs.restart();
    }

    const from = clock.now();
    const sentFrom = sent;
    const holdsNewSession = () =>
      srs
        .sessions()
        .some(
          (held) =>
            held.username === ALICE.username && held.createdAt >= eventAt && held.server === expectedServer,
        );
    const active = await clock.runUntil(() => holdsNewSession() && client.saysActive(), RECOVERY_LIMIT_MS);
    const figures: RecoveryFigures = {
      scenario,
      client: kind,
      activeAfterMs: active ? clock.now() - from : null,
      requests: sent - sentFrom,
      requestsWhileDown,
      realMs: 0,
    };
    const stopped = client.stop();
    await clock.advance(0);
    await stopped;
    figures.realMs = performance.now() - began;
    return figures;
  } finally {
    await srs.close();
  }
}

export interface RecoveryRow {
  scenario: RecoveryScenario;
  session: RecoveryFigures[];
  loop: RecoveryFigures[];
}

/**
 * Every scenario with the session and with the loop, `runs` times each (the session's self-healing
 * waits are jittered, so its figures vary from run to run). Takes about a second per run.
 */
export async function measureRecovery(runs = 5): Promise<RecoveryRow[]> {
  const rows: RecoveryRow[] = [];
  for (const scenario of RECOVERY_SCENARIOS) {
    const row: RecoveryRow = { scenario, session: [], loop: [] };
    for (let run = 0; run < runs; run++) {
      row.session.push(await runScenario(scenario, 'session'));
      row.loop.push(await runScenario(scenario, 'hand-written loop'));
    }
    rows.push(row);
  }
  return rows;
}

/** The median, and the range when the runs differ; `format` writes one value. */
function spread(values: number[], format: (value: number) => string): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const middle = format(median(values));
  return low === high ? middle : `${middle} (${format(low)}–${format(high)})`;
}

function activeAfter(runs: RecoveryFigures[]): { text: string; median: number | null } {
  const times = runs.map((run) => run.activeAfterMs);
  const reached = times.filter((time): time is number => time !== null);
  if (reached.length === 0) return { text: `not within ${RECOVERY_LIMIT_MS / 60_000} min`, median: null };
  const missed = times.length - reached.length;
  const text =
    spread(reached, seconds) + (missed > 0 ? `; ${missed} of ${times.length} runs not within the limit` : '');
  return { text, median: median(reached) };
}

export function formatRecovery(rows: RecoveryRow[]): string {
  const runs = rows[0]?.session.length ?? 0;
  const lines = rows.map((row) => {
    const session = activeAfter(row.session);
    const loop = activeAfter(row.loop);
    const requests = (figures: RecoveryFigures[]) => figures.map((run) => run.requests);
    const requestsUntil = (figures: RecoveryFigures[], reached: number | null) =>
      spread(requests(figures), integer) + (reached === null ? ` in ${RECOVERY_LIMIT_MS / 60_000} min` : '');
    const whileDown = (figures: RecoveryFigures[]) =>
      figures.flatMap((run) => (run.requestsWhileDown === null ? [] : [run.requestsWhileDown]));
    const downColumn =
      whileDown(row.session).length > 0
        ? `${spread(whileDown(row.session), integer)}; ${spread(whileDown(row.loop), integer)}`
        : '—';
    const realMs = (figures: RecoveryFigures[]) =>
      spread(
        figures.map((run) => run.realMs),
        integer,
      );
    return [
      row.scenario,
      session.text,
      loop.text,
      ratio(session.median, loop.median),
      requestsUntil(row.session, session.median),
      requestsUntil(row.loop, loop.median),
      session.median === null || loop.median === null
        ? '—'
        : ratio(median(requests(row.session)), median(requests(row.loop))),
      downColumn,
      `${realMs(row.session)}; ${realMs(row.loop)}`,
    ];
  });
  return [
    table(
      [
        'scenario',
        'active again after (session clock): session',
        'hand-written loop',
        'ratio',
        'requests until then: session',
        'hand-written loop',
        'ratio',
        'requests while SRS was down: session; loop',
        'real ms per run: session; loop',
      ],
      lines,
      new Set([1, 2, 3, 4, 5, 6, 7, 8]),
    ),
    '',
    `Median of ${runs} runs of each, with the range when the runs differ. "Active again after" counts from ` +
      'the event (restart, data center lost), and for "down 2 min" from the moment SRS came back; the ' +
      "requests are the client's, counted over the same span.",
  ].join('\n');
}
