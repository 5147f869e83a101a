/**
 * The simulator under load, as users run it in their CI: N agents each logged in and polling `GET /ping`
 * with Basic auth on a keep-alive connection, at an accelerated interval (1 s instead of SRS's 30 s).
 * The simulator runs in this process, on its own core; the load comes from a forked process
 * (`simulator-load-client.ts`). The baseline, measured in the same run at every level, is a bare
 * `node:http` server answering the same requests with 200 and the same body: the ratio is what the
 * simulator adds over a trivial server. Loopback only; bounded in sessions and in time.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../packages/simulator/src/index';
import type { ClientMessage, LoadFigures, LoadRun } from './simulator-load-client';

/** Session counts measured by default, then the search goes on up to DEFAULT_MAX_SESSIONS. */
export const DEFAULT_LOAD_LEVELS: readonly number[] = [100, 1_000, 5_000];
export const DEFAULT_MAX_SESSIONS = 15_000;

export interface SimulatorLoadOptions {
  /**
   * Session counts always measured.
   * @default [100, 1000, 5000]
   */
  levels?: number[];
  /**
   * After `levels`, more sessions are tried, this many more each time, until the simulator's p99 passes
   * `p99ThresholdMs` or `maxSessions` is reached. 0 turns the search off.
   * @default 2500
   */
  rampStep?: number;
  /**
   * Upper bound of the search: each session holds a socket at both ends, so keep it under the open-file
   * limit (`ulimit -n`).
   * @default 15000
   */
  maxSessions?: number;
  /** @default 50 */
  p99ThresholdMs?: number;
  /**
   * Each session polls this often.
   * @default 1000
   */
  intervalMs?: number;
  /**
   * Polls before this are not measured (connections and caches settle).
   * @default 1000
   */
  warmupMs?: number;
  /** @default 3000 */
  measureMs?: number;
}

/** The simulator's figures at one level (errors should be 0), beside the baseline server's. */
export interface SimulatorLoadRow extends LoadFigures {
  baselineRequests: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
  baselineMaxMs: number;
  baselineErrors: number;
  /** Simulator p99 over baseline p99. */
  ratio: number;
  /** Simulator p50 over baseline p50. */
  p50Ratio: number;
  /** CPU the simulator's process used while measured, as a share of one core (1 = a whole core). */
  simulatorCpu: number;
  /** The same for the baseline server. */
  baselineCpu: number;
  /**
   * CPU time per measured poll, in µs: the simulator's and the baseline's. Unlike latency, this hardly
   * depends on what else the machine is doing.
   */
  cpuUsPerRequest: number;
  baselineCpuUsPerRequest: number;
}

export interface SimulatorLoadResult {
  intervalMs: number;
  measureMs: number;
  p99ThresholdMs: number;
  rows: SimulatorLoadRow[];
  /**
   * Where the simulator's p99 first passed the threshold: the most sessions measured below it and the
   * fewest above it (null when no level measured was above, up to `maxSessions`).
   */
  threshold: { lastBelow: number | null; firstAbove: number | null };
  durationMs: number;
}

const CLIENT = fileURLToPath(new URL('./simulator-load-client.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USERNAME_PREFIX = 'agent';
const PASSWORD_PREFIX = 'password-';
/** What the simulator answers a ping; the baseline answers the same bytes. */
const PING_BODY = JSON.stringify({ statusCode: 0 });

interface Target {
  port: number;
  close(): Promise<void>;
}

async function startBaseline(): Promise<Target> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(PING_BODY),
      });
      res.end(PING_BODY);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function startLoadedSimulator(sessions: number): Promise<Target> {
  const agents = Array.from({ length: sessions }, (_, index) => ({
    username: `${USERNAME_PREFIX}${index}`,
    password: `${PASSWORD_PREFIX}${index}`,
  }));
  const simulator = await startSimulator({ port: 0, agents });
  return { port: simulator.port, close: () => simulator.close() };
}

/** The forked load generator: one process for the whole measurement, one run at a time. */
function startClient() {
  const child = fork(CLIENT, [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  /** Runs one load and reads this process's CPU time across the measured window. */
  const run = (load: LoadRun): Promise<{ figures: LoadFigures; cpuMs: number }> =>
    new Promise((resolve, reject) => {
      let opened: NodeJS.CpuUsage | null = null;
      let cpuMs = Number.NaN;
      const onMessage = (message: ClientMessage): void => {
        if (message.kind === 'window') {
          if (message.edge === 'open') {
            opened = process.cpuUsage();
          } else if (opened !== null) {
            const used = process.cpuUsage(opened);
            cpuMs = (used.user + used.system) / 1000;
          }
          return;
        }
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (message.kind === 'failed') reject(new Error(`load generator: ${message.message}`));
        else resolve({ figures: message.figures, cpuMs });
      };
      const onExit = (code: number | null): void => {
        child.off('message', onMessage);
        reject(new Error(`load generator exited with ${code}`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(load);
    });
  return { run, stop: () => child.kill() };
}

async function measure(
  client: ReturnType<typeof startClient>,
  target: Target,
  sessions: number,
  options: Required<SimulatorLoadOptions>,
): Promise<{ figures: LoadFigures; cpuMs: number }> {
  try {
    return await client.run({
      port: target.port,
      sessions,
      intervalMs: options.intervalMs,
      warmupMs: options.warmupMs,
      measureMs: options.measureMs,
      usernamePrefix: USERNAME_PREFIX,
      passwordPrefix: PASSWORD_PREFIX,
    });
  } finally {
    await target.close();
  }
}

/**
 * Run the measurement and return its figures; prints nothing. Takes under a minute and a half on two
 * cores with the defaults (each level is about 5 s per server plus connecting and logging in).
 */
export async function measureSimulatorLoad(options: SimulatorLoadOptions = {}): Promise<SimulatorLoadResult> {
  const settings: Required<SimulatorLoadOptions> = {
    levels: [...DEFAULT_LOAD_LEVELS],
    rampStep: 2_500,
    maxSessions: DEFAULT_MAX_SESSIONS,
    p99ThresholdMs: 50,
    intervalMs: 1_000,
    warmupMs: 1_000,
    measureMs: 3_000,
    ...options,
  };
  const began = performance.now();
  const client = startClient();
  const rows: SimulatorLoadRow[] = [];
  try {
    const measureLevel = async (sessions: number): Promise<SimulatorLoadRow> => {
      // Baseline first, then the simulator, at every level: both see the same machine at the same time.
      const baseline = await measure(client, await startBaseline(), sessions, settings);
      const simulator = await measure(client, await startLoadedSimulator(sessions), sessions, settings);
      const row: SimulatorLoadRow = {
        sessions,
        requests: simulator.figures.requests,
        p50Ms: simulator.figures.p50Ms,
        p99Ms: simulator.figures.p99Ms,
        maxMs: simulator.figures.maxMs,
        errors: simulator.figures.errors,
        late: simulator.figures.late,
        baselineRequests: baseline.figures.requests,
        baselineP50Ms: baseline.figures.p50Ms,
        baselineP99Ms: baseline.figures.p99Ms,
        baselineMaxMs: baseline.figures.maxMs,
        baselineErrors: baseline.figures.errors,
        ratio: simulator.figures.p99Ms / baseline.figures.p99Ms,
        p50Ratio: simulator.figures.p50Ms / baseline.figures.p50Ms,
        simulatorCpu: simulator.cpuMs / settings.measureMs,
        baselineCpu: baseline.cpuMs / settings.measureMs,
        cpuUsPerRequest: (simulator.cpuMs * 1000) / simulator.figures.requests,
        baselineCpuUsPerRequest: (baseline.cpuMs * 1000) / baseline.figures.requests,
      };
      rows.push(row);
      return row;
    };

    for (const sessions of settings.levels) await measureLevel(sessions);
    const above = () => rows.some((row) => row.p99Ms > settings.p99ThresholdMs);
    let sessions = Math.max(...settings.levels);
    while (settings.rampStep > 0 && !above() && sessions + settings.rampStep <= settings.maxSessions) {
      sessions += settings.rampStep;
      await measureLevel(sessions);
    }
  } finally {
    client.stop();
  }

  const below = rows.filter((row) => row.p99Ms <= settings.p99ThresholdMs).map((row) => row.sessions);
  const over = rows.filter((row) => row.p99Ms > settings.p99ThresholdMs).map((row) => row.sessions);
  return {
    intervalMs: settings.intervalMs,
    measureMs: settings.measureMs,
    p99ThresholdMs: settings.p99ThresholdMs,
    rows,
    threshold: {
      lastBelow: below.length > 0 ? Math.max(...below) : null,
      firstAbove: over.length > 0 ? Math.min(...over) : null,
    },
    durationMs: performance.now() - began,
  };
}

/** The result as Markdown: a table, each figure next to its baseline, then where p99 passed the threshold. */
export function formatSimulatorLoad(result: SimulatorLoadResult): string {
  const ms = (value: number) => value.toFixed(2);
  const lines = [
    `Simulator under load: sessions polling GET /ping every ${result.intervalMs} ms on keep-alive connections, ` +
      `${result.measureMs / 1000} s measured per level; baseline: a bare node:http server answering 200.`,
    '',
    '| sessions | requests | p50 ms | p99 ms | max ms | baseline p50 ms | baseline p99 ms | p99 ratio | p50 ratio | CPU µs/request (baseline) | CPU share | late | errors |',
    '| -------: | -------: | -----: | -----: | -----: | --------------: | --------------: | --------: | --------: | ------------------------: | --------: | ---: | -----: |',
  ];
  for (const row of result.rows) {
    lines.push(
      `| ${row.sessions} | ${row.requests} | ${ms(row.p50Ms)} | ${ms(row.p99Ms)} | ${ms(row.maxMs)} | ` +
        `${ms(row.baselineP50Ms)} | ${ms(row.baselineP99Ms)} | ${row.ratio.toFixed(2)}× | ${row.p50Ratio.toFixed(2)}× | ` +
        `${row.cpuUsPerRequest.toFixed(0)} (${row.baselineCpuUsPerRequest.toFixed(0)}) | ${Math.round(row.simulatorCpu * 100)} % | ` +
        `${row.late} | ${row.errors + row.baselineErrors} |`,
    );
  }
  const { lastBelow, firstAbove } = result.threshold;
  lines.push('');
  const limit = result.p99ThresholdMs;
  if (firstAbove === null) {
    lines.push(`p99 stayed under ${limit} ms up to ${lastBelow ?? 0} sessions, the most measured.`);
  } else if (lastBelow === null) {
    lines.push(`p99 was over ${limit} ms already at ${firstAbove} sessions, the fewest measured.`);
  } else if (lastBelow > firstAbove) {
    lines.push(
      `p99 was over ${limit} ms at ${firstAbove} sessions but under it at ${lastBelow}: the machine was busy ` +
        'with something else during the run; measure again.',
    );
  } else {
    lines.push(`p99 passes ${limit} ms between ${lastBelow} and ${firstAbove} sessions.`);
  }
  lines.push(`(measured in ${(result.durationMs / 1000).toFixed(0)} s)`);
  return lines.join('\n');
}
