import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { LoginConfig } from './login-config';
import { parseHttpUrl, serverKey } from './login-config';
import { type PageRequest, RequestLog, STATE_PAGE_DEFAULT } from './request-log';
import type {
  ActiveFault,
  FaultOptions,
  RequestLogEntry,
  SimulatorFault,
  SimulatorSession,
  SimulatorState,
  SrsPath,
} from './types';

const SRS_PATHS: readonly SrsPath[] = ['/ping', '/api/v2/me'];

interface SessionRecord extends SimulatorSession {
  /** Kept here only; never copied into what `sessions()` or the control endpoint return. */
  csrfToken: string | null;
}

export type LogoutResult = 'ended' | 'no-session' | 'csrf-token-missing' | 'csrf-token-wrong';

/** What became of a user's last session: the request log says it when a ping or logout finds none. */
type SessionEnd =
  | { cause: 'timed-out'; silentMs: number }
  | { cause: 'expired' | 'restarted' | 'logged-out' }
  | { cause: 'data-center-lost'; server: string };

/**
 * Everything the simulated SRS remembers: sessions per user, the armed fault, the lost data centers and
 * the request log. No I/O and no timers: expiry is computed from `now()` whenever a session is looked at.
 */
export class SimulatorCore {
  readonly #sessions = new Map<string, SessionRecord>();
  /** Per agent (so bounded by the configured agents), until its next login. */
  readonly #ended = new Map<string, SessionEnd>();
  readonly #lostDataCenters = new Map<string, string>();
  #fault: { fault: SimulatorFault; paths: readonly SrsPath[] | null; remaining: number | null } | null = null;
  readonly #log = new RequestLog();

  readonly #now: () => number;
  readonly #sessionTimeoutMs: number;

  constructor(now: () => number, sessionTimeoutMs: number) {
    this.#now = now;
    this.#sessionTimeoutMs = sessionTimeoutMs;
  }

  // --- sessions ---

  /** Start (or restart) the session of `username`. Returns the new CSRF token when one was asked for. */
  login(username: string, config: LoginConfig | null, csrfRequested: boolean): { csrfToken: string | null } {
    const at = this.#now();
    const csrfToken = csrfRequested ? randomBytes(24).toString('base64url') : null;
    this.#ended.delete(username);
    this.#sessions.set(username, {
      username,
      server: config?.server ?? null,
      peerServer: config?.peerServer ?? null,
      place: config?.place ?? null,
      devices: config?.devices ?? null,
      csrfProtected: csrfRequested,
      createdAt: at,
      lastSeenAt: at,
      csrfToken,
    });
    return { csrfToken };
  }

  /** A poll: refreshes a live session; a missing or timed-out one is forgotten and the poll fails. */
  ping(username: string): boolean {
    const session = this.#liveSession(username);
    if (session === null) return false;
    session.lastSeenAt = this.#now();
    return true;
  }

  logout(username: string, csrfToken: string | null): LogoutResult {
    const session = this.#liveSession(username);
    if (session === null) return 'no-session';
    if (session.csrfToken !== null) {
      if (csrfToken === null) return 'csrf-token-missing';
      if (!sameToken(session.csrfToken, csrfToken)) return 'csrf-token-wrong';
    }
    this.#end(username, { cause: 'logged-out' });
    return 'ended';
  }

  /** Why `username` has no live session, for the request log: what ended the last one, if any did. */
  whyNoSession(username: string): string {
    const end = this.#ended.get(username);
    switch (end?.cause) {
      case undefined:
        return 'never logged in';
      case 'timed-out':
        return `timed out, no ping for ${duration(end.silentMs)} (timeout ${duration(this.#sessionTimeoutMs)})`;
      case 'expired':
        return 'expired by expire-sessions';
      case 'restarted':
        return 'lost when SRS restarted';
      case 'data-center-lost':
        return `dropped with its data center ${end.server}`;
      case 'logged-out':
        return 'logged out';
    }
  }

  sessions(): SimulatorSession[] {
    const live: SimulatorSession[] = [];
    for (const username of [...this.#sessions.keys()]) {
      const session = this.#liveSession(username);
      if (session !== null) live.push(publicSession(session));
    }
    return live;
  }

  expireSessions(): void {
    for (const username of [...this.#sessions.keys()]) this.#end(username, { cause: 'expired' });
  }

  restart(): void {
    for (const username of [...this.#sessions.keys()]) this.#end(username, { cause: 'restarted' });
    this.#fault = null;
  }

  #end(username: string, end: SessionEnd): void {
    this.#sessions.delete(username);
    this.#ended.set(username, end);
  }

  #liveSession(username: string): SessionRecord | null {
    const session = this.#sessions.get(username);
    if (session === undefined) return null;
    const silentMs = this.#now() - session.lastSeenAt;
    if (silentMs > this.#sessionTimeoutMs) {
      this.#end(username, { cause: 'timed-out', silentMs });
      return null;
    }
    return session;
  }

  // --- data centers ---

  loseDataCenter(server: string): void {
    const key = requireServerKey(server);
    this.#lostDataCenters.set(key, server);
    for (const [username, session] of this.#sessions) {
      const bound = session.server === null ? null : parseHttpUrl(session.server);
      if (bound !== null && serverKey(bound) === key)
        this.#end(username, { cause: 'data-center-lost', server });
    }
  }

  restoreDataCenter(server: string): void {
    this.#lostDataCenters.delete(requireServerKey(server));
  }

  isDataCenterLost(server: string): boolean {
    const url = parseHttpUrl(server);
    return url !== null && this.#lostDataCenters.has(serverKey(url));
  }

  lostDataCenters(): string[] {
    return [...this.#lostDataCenters.values()];
  }

  // --- faults ---

  injectFault(fault: SimulatorFault, options: FaultOptions = {}): void {
    const checkedFault = checkFault(fault);
    const { paths, times } = options;
    if (paths !== undefined) {
      if (!Array.isArray(paths) || paths.length === 0 || !paths.every((path) => SRS_PATHS.includes(path))) {
        throw new TypeError(`fault paths must be a non-empty list of ${SRS_PATHS.join(', ')}`);
      }
    }
    if (times !== undefined && (!Number.isInteger(times) || times < 1)) {
      throw new RangeError(`fault times must be a positive integer, got ${String(times)}`);
    }
    this.#fault = { fault: checkedFault, paths: paths ? [...paths] : null, remaining: times ?? null };
  }

  clearFault(): void {
    this.#fault = null;
  }

  /** The fault to apply to a request on `path`, counting it against `times`; null when none applies. */
  takeFault(path: string): SimulatorFault | null {
    const armed = this.#fault;
    if (armed === null || !SRS_PATHS.includes(path as SrsPath)) return null;
    if (armed.paths !== null && !armed.paths.includes(path as SrsPath)) return null;
    if (armed.remaining !== null) {
      armed.remaining -= 1;
      if (armed.remaining <= 0) this.#fault = null;
    }
    return armed.fault;
  }

  activeFault(): ActiveFault | null {
    const armed = this.#fault;
    if (armed === null) return null;
    const options: FaultOptions = {};
    if (armed.paths !== null) options.paths = [...armed.paths];
    if (armed.remaining !== null) options.times = armed.remaining;
    return { fault: { ...armed.fault }, options };
  }

  // --- request log ---

  record(entry: RequestLogEntry): void {
    this.#log.add(entry);
  }

  /** The recorded entry got its final status, fault and refusal. */
  settle(entry: RequestLogEntry): void {
    this.#log.settle(entry);
  }

  requests(): RequestLogEntry[] {
    return this.#log.entries();
  }

  clearRequests(): void {
    this.#log.clear();
  }

  /** What the control endpoint answers; the request log is paged (the newest entries by default). */
  state(page: PageRequest = { limit: STATE_PAGE_DEFAULT }): SimulatorState {
    return {
      sessions: this.sessions(),
      fault: this.activeFault(),
      lostDataCenters: this.lostDataCenters(),
      ...this.#log.page(page),
    };
  }
}

/** `750 ms`, `61 s`, `1.5 s`: what a person reads at a glance. */
function duration(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${Number((ms / 1_000).toFixed(1))} s`;
}

function publicSession(session: SessionRecord): SimulatorSession {
  const { csrfToken: _secret, ...rest } = session;
  return { ...rest, devices: rest.devices?.map((device) => ({ ...device })) ?? null };
}

function sameToken(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

function requireServerKey(server: string): string {
  const url = parseHttpUrl(server);
  if (url === null)
    throw new TypeError(`data center server must be an absolute http(s) URL, got '${server}'`);
  return serverKey(url);
}

/** Validate a fault coming from code or from the control endpoint's JSON. */
export function checkFault(fault: unknown): SimulatorFault {
  if (typeof fault !== 'object' || fault === null) throw new TypeError('fault must be an object with a kind');
  const { kind, delayMs, status } = fault as Record<string, unknown>;
  switch (kind) {
    case 'down':
      return { kind };
    case 'slow':
      if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) {
        throw new RangeError('a slow fault needs delayMs, a non-negative number');
      }
      return { kind, delayMs };
    case 'error': {
      if (status === undefined) return { kind };
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 500 || status > 599) {
        throw new RangeError('an error fault status must be a 5xx status code');
      }
      return { kind, status };
    }
    default:
      throw new TypeError("fault kind must be 'down', 'slow' or 'error'");
  }
}
