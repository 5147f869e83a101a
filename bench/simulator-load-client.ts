/**
 * The load generator of `simulator-load.ts`, forked into its own process so that the server under test
 * keeps a core to itself. It holds one keep-alive connection per session, logs every session in, then
 * polls `GET /ping` on a fixed cadence and reports latency figures. It speaks just enough HTTP/1.1 over
 * raw sockets (both servers answer with a Content-Length), so that the client costs the same, and little,
 * against the simulator and against the baseline.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface LoadRun {
  port: number;
  sessions: number;
  intervalMs: number;
  warmupMs: number;
  measureMs: number;
  /** Credentials of session i: `${usernamePrefix}${i}` / `${passwordPrefix}${i}`. */
  usernamePrefix: string;
  passwordPrefix: string;
}

export interface LoadFigures {
  sessions: number;
  /** Polls sent in the measured window. */
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers other than 200, and connections that failed, over the whole run (logins included). */
  errors: number;
  /** Polls that came due while the session's previous one was still unanswered. */
  late: number;
}

export type ClientMessage =
  | { kind: 'result'; figures: LoadFigures }
  | { kind: 'failed'; message: string }
  /** Sent when the measured window opens and when it closes, so the server's CPU can be read across it. */
  | { kind: 'window'; edge: 'open' | 'close' };

const HOST = '127.0.0.1';
/** Connections opened at once: the server's accept backlog is 511. */
const CONNECT_BATCH = 250;

/** One session: its connection, its request bytes, and the answer being read. */
class Session {
  readonly socket: Socket;
  readonly ping: Buffer;
  readonly login: Buffer;
  #buffer = '';
  #onAnswer: ((status: number) => void) | null = null;
  busy = false;

  constructor(socket: Socket, ping: Buffer, login: Buffer) {
    this.socket = socket;
    this.ping = ping;
    this.login = login;
    socket.setEncoding('latin1');
    socket.setNoDelay(true);
    socket.on('data', (chunk: string) => this.#read(chunk));
  }

  send(request: Buffer, onAnswer: (status: number) => void): void {
    this.busy = true;
    this.#onAnswer = onAnswer;
    this.socket.write(request);
  }

  /** Complete answers are taken off the front of the buffer: status line, headers, Content-Length bytes. */
  #read(chunk: string): void {
    this.#buffer += chunk;
    for (;;) {
      const headerEnd = this.#buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const head = this.#buffer.slice(0, headerEnd);
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      const end = headerEnd + 4 + length;
      if (this.#buffer.length < end) return;
      this.#buffer = this.#buffer.slice(end);
      const status = Number(head.slice(9, 12));
      const onAnswer = this.#onAnswer;
      this.#onAnswer = null;
      this.busy = false;
      onAnswer?.(status);
    }
  }
}

function requestBytes(run: LoadRun, index: number): { ping: Buffer; login: Buffer } {
  const credentials = `${run.usernamePrefix}${index}:${run.passwordPrefix}${index}`;
  const headers = `Host: ${HOST}:${run.port}\r\nAuthorization: Basic ${Buffer.from(credentials).toString('base64')}\r\n`;
  const body = JSON.stringify([{ name: 'server', value: 'https://rws.example.com' }]);
  return {
    ping: Buffer.from(`GET /ping HTTP/1.1\r\n${headers}\r\n`, 'latin1'),
    login: Buffer.from(
      `POST /api/v2/me HTTP/1.1\r\n${headers}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      'latin1',
    ),
  };
}

async function open(run: LoadRun, counters: { errors: number }): Promise<Session[]> {
  const sessions: Session[] = [];
  for (let first = 0; first < run.sessions; first += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, run.sessions - first) }, (_, offset) => {
      const { ping, login } = requestBytes(run, first + offset);
      return new Promise<Session>((resolve, reject) => {
        const socket = connect({ host: HOST, port: run.port });
        socket.once('connect', () => {
          socket.off('error', reject);
          socket.on('error', () => {
            counters.errors += 1;
          });
          resolve(new Session(socket, ping, login));
        });
        socket.once('error', reject);
      });
    });
    sessions.push(...(await Promise.all(batch)));
  }
  return sessions;
}

async function logIn(sessions: Session[], counters: { errors: number }): Promise<void> {
  await Promise.all(
    sessions.map(
      (session) =>
        new Promise<void>((resolve) =>
          session.send(session.login, (status) => {
            if (status !== 200) counters.errors += 1;
            resolve();
          }),
        ),
    ),
  );
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Session i polls at `start + i × interval / sessions + k × interval`, so the load is spread evenly over
 * each interval. A poll due while the previous one is unanswered is sent as soon as that answer comes,
 * and its latency then counts from when it was due: a stalled server cannot hide behind it.
 */
function poll(run: LoadRun, sessions: Session[], counters: { errors: number }): Promise<LoadFigures> {
  const latencies: number[] = [];
  let late = 0;
  let requests = 0;
  const start = performance.now() + 20;
  const measureFrom = start + run.warmupMs;
  const measureUntil = measureFrom + run.measureMs;
  const step = run.intervalMs / sessions.length;
  // The next due poll is (cycle, index); dues are in index order within a cycle.
  let cycle = 0;
  let index = 0;
  const overdue: Array<number | null> = sessions.map(() => null);

  const send = (session: Session, sessionIndex: number, due: number, countFromDue: boolean): void => {
    const measured = due >= measureFrom && due < measureUntil;
    if (measured) requests += 1;
    const sentAt = performance.now();
    session.send(session.ping, (status) => {
      if (status !== 200) counters.errors += 1;
      if (measured) latencies.push(performance.now() - (countFromDue ? due : sentAt));
      const next = overdue[sessionIndex];
      if (next !== null && next !== undefined) {
        overdue[sessionIndex] = null;
        send(session, sessionIndex, next, true);
      }
    });
  };

  let windowOpen = false;
  return new Promise((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      if (!windowOpen && now >= measureFrom) {
        windowOpen = true;
        process.send?.({ kind: 'window', edge: 'open' } satisfies ClientMessage);
      }
      for (;;) {
        const due = start + cycle * run.intervalMs + index * step;
        if (due > now || due >= measureUntil) break;
        const session = sessions[index] as Session;
        if (!session.busy) {
          send(session, index, due, false);
        } else {
          late += 1;
          // At most one poll waits per session; a later one due meanwhile is the same catch-up.
          overdue[index] ??= due;
        }
        index += 1;
        if (index === sessions.length) {
          index = 0;
          cycle += 1;
        }
      }
      const nextDue = start + cycle * run.intervalMs + index * step;
      if (nextDue < measureUntil) {
        setTimeout(tick, Math.max(0, nextDue - performance.now()));
        return;
      }
      // Every measured poll is sent; wait for the answers still out (bounded, in case the server is stuck).
      process.send?.({ kind: 'window', edge: 'close' } satisfies ClientMessage);
      const waitUntil = performance.now() + 10_000;
      const drain = (): void => {
        if (sessions.some((session) => session.busy) && performance.now() < waitUntil) {
          setTimeout(drain, 5);
          return;
        }
        const sorted = Float64Array.from(latencies).sort();
        resolve({
          sessions: sessions.length,
          requests,
          p50Ms: percentile(sorted, 0.5),
          p99Ms: percentile(sorted, 0.99),
          maxMs: sorted.at(-1) ?? Number.NaN,
          errors: counters.errors + (requests - latencies.length),
          late,
        });
      };
      drain();
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
}

async function runLoad(run: LoadRun): Promise<LoadFigures> {
  const counters = { errors: 0 };
  const sessions = await open(run, counters);
  try {
    await logIn(sessions, counters);
    return await poll(run, sessions, counters);
  } finally {
    for (const session of sessions) session.socket.destroy();
  }
}

process.on('message', (run: LoadRun) => {
  runLoad(run).then(
    (figures) => process.send?.({ kind: 'result', figures } satisfies ClientMessage),
    (error: unknown) =>
      process.send?.({
        kind: 'failed',
        message:
          error instanceof Error
            ? `${error.message} (${(error as { code?: string }).code ?? ''})`
            : String(error),
      } satisfies ClientMessage),
  );
});
