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

export type LogoutResult = 'ended' | 'no-session' | 'bad-csrf-token';

/**
 * Everything the simulated SRS remembers: sessions per user, the armed fault, the lost data centers and
 * the request log. No I/O and no timers: expiry is computed from `now()` whenever a session is looked at.
 */
export class SimulatorCore {
  readonly #sessions = new Map<string, SessionRecord>();
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
    if (session.csrfToken !== null && (csrfToken === null || !sameToken(session.csrfToken, csrfToken))) {
      return 'bad-csrf-token';
    }
    this.#sessions.delete(username);
    return 'ended';
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
    this.#sessions.clear();
  }

  restart(): void {
    this.#sessions.clear();
    this.#fault = null;
  }

  #liveSession(username: string): SessionRecord | null {
    const session = this.#sessions.get(username);
    if (session === undefined) return null;
    if (this.#now() - session.lastSeenAt > this.#sessionTimeoutMs) {
      this.#sessions.delete(username);
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
      if (bound !== null && serverKey(bound) === key) this.#sessions.delete(username);
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
