/** A DN (directory number) on a switch, as named in the Genesys configuration. */
export interface SimulatorDevice {
  dn: string;
  switch: string;
}

/** An agent the simulator accepts; the credentials are checked against the login's Basic header. */
export interface SimulatorAgent {
  username: string;
  password: string;
}

/** A configured place and the DNs it holds (hot seating picks one of these by name). */
export interface SimulatorPlace {
  name: string;
  devices: SimulatorDevice[];
}

export interface SimulatorOptions {
  /**
   * Interface to listen on. SRS is reached on the agent's own machine, so keep it on loopback.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * Port to listen on; 0 picks a free ephemeral port (read it back from `SrsSimulator.port`).
   * @default 0
   */
  port?: number;
  /**
   * Exact browser origins (scheme + host + port, no trailing slash, e.g. `'http://localhost:5173'`)
   * that may call the simulator. A request carrying any other `Origin` is refused with 403.
   * Requests without an `Origin` header (Node, curl, Electron main process) are always served.
   * @default []
   */
  allowedOrigins?: string[];
  /**
   * Host names, besides loopback ones, that requests may carry in their `Host` header. A leading dot
   * (`'.ci.example'`) allows that domain and every name under it; no scheme, no port (any port matches).
   * Without it the simulator answers only `localhost`, names under `.localhost`, loopback addresses and
   * the address it listens on, and refuses the rest with 403: a web page on a name that resolves to this
   * machine (DNS rebinding) could otherwise read its state and arm faults. Add the name other containers
   * or machines use to reach it, e.g. a CI service name (`'srs-simulator'`).
   * @default []
   */
  allowedHosts?: string[];
  /**
   * Agents whose Basic credentials are accepted.
   * @default DEFAULT_AGENTS
   */
  agents?: SimulatorAgent[];
  /**
   * Places that a hot-seating login may name.
   * @default DEFAULT_PLACES
   */
  places?: SimulatorPlace[];
  /**
   * A session that has not been polled for longer than this is gone (SRS's documented default is 60 s).
   * @default 60_000
   */
  sessionTimeoutMs?: number;
  /**
   * Serve HTTPS with a self-signed certificate for `localhost`, `127.0.0.1` and `::1`, generated at start.
   * The PEM is exposed as `SrsSimulator.certificate` so a client can trust exactly that certificate.
   * @default false
   */
  https?: boolean;
  /**
   * Clock, in milliseconds. Session expiry is computed from it when a request arrives (no timers),
   * so a test can move time forward without waiting.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Called with one line per request once it is answered (or dropped): the time, method, path, user,
   * origin, status and, for a refused request, why (see `RequestLogEntry.refusal`), e.g.
   * `12:00:01.250 OPTIONS /api/v2/me from http://localhost:5173 → 403 refused: origin not allowed
   * (allowed: http://127.0.0.1:5173)`. Control-endpoint calls are marked `control`; its successful
   * state reads (a panel polls them every second) are left out. A line never holds a password, an
   * Authorization header or a CSRF token. The CLI prints these lines unless `--quiet`.
   * @default no lines
   */
  log?: (line: string) => void;
}

export type SimulatorFault =
  /** Destroy the socket without answering: the client sees a network error. */
  | { kind: 'down' }
  /** Answer normally, after `delayMs`. */
  | { kind: 'slow'; delayMs: number }
  /** Answer with this 5xx status (default 500) and no effect on sessions. */
  | { kind: 'error'; status?: number };

/** The SRS endpoints a fault can be limited to. */
export type SrsPath = '/ping' | '/api/v2/me';

export interface FaultOptions {
  /**
   * Only requests to these paths are affected.
   * @default both SRS endpoints
   */
  paths?: SrsPath[];
  /**
   * Affect only the next `times` matching requests, then clear the fault.
   * @default unlimited (until cleared or replaced)
   */
  times?: number;
}

/** A live SRS session as the simulator sees it. Carries no secret (no password, no CSRF token). */
export interface SimulatorSession {
  username: string;
  /** The RWS URL from the login, or null after a login without configuration (`GET /api/v2/me`). */
  server: string | null;
  peerServer: string | null;
  /** The place named by a hot-seating login, or null for the agent's default place. */
  place: string | null;
  /** The devices in use: those listed, the single DN of the place when none were listed, or null. */
  devices: SimulatorDevice[] | null;
  /** Whether the login asked for CSRF protection (then the logout must echo the token). */
  csrfProtected: boolean;
  createdAt: number;
  lastSeenAt: number;
}

/** One request to an SRS path (control endpoint excluded). Carries no secret. */
export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  origin: string | null;
  /** The status answered, or null while unanswered or when the socket was destroyed. */
  status: number | null;
  /** The user named in the Basic header (whether or not the password was right). */
  username: string | null;
  /** Whether the request carried `X-Support-CSRFP: true`. */
  csrfRequested: boolean;
  /** Whether the request carried an `X-CSRF-Token` header (its value is never recorded). */
  csrfTokenSent: boolean;
  /** The parsed JSON body, or null when there was none, it was not JSON or it was not kept. */
  body: unknown;
  /**
   * Present only when the request had a body that `body` does not hold: `'refused'` when the request was
   * refused (Host or origin) before its body was read, `'too-large'` when the body was over the log's
   * per-entry limit (8 KiB) or the simulator's body limit (64 KiB).
   */
  bodyOmitted?: 'refused' | 'too-large';
  /** The fault applied to this request, if any. */
  fault: SimulatorFault['kind'] | null;
  /**
   * Present only when the request was refused: why. On a preflight answered 204 it says why the browser
   * will refuse the request that follows (a method or header the simulator does not allow).
   */
  refusal?: RequestRefusal;
}

/** Why a request was refused; the status alone often does not say (a 401 has four causes). */
export type RefusalReason =
  /** The `Host` header names neither loopback, the listening address nor an allowed host. */
  | 'host-not-allowed'
  /** The `Origin` is not one of `allowedOrigins`. */
  | 'origin-not-allowed'
  /** The body is over `MAX_BODY_BYTES`. */
  | 'body-too-large'
  | 'no-such-endpoint'
  /** The method, or on a preflight the method asked for, is not one the path takes. */
  | 'method-not-allowed'
  /** A preflight asked for request headers the simulator does not allow (`detail` names them). */
  | 'header-not-allowed'
  /** A body or query the endpoint cannot use (`detail` is the answer's message). */
  | 'bad-request'
  /** No `Authorization: Basic` header that could be read. */
  | 'no-credentials'
  /** An unknown agent or a wrong password (`detail` says which). */
  | 'bad-credentials'
  /** A ping or logout without a live session (`detail` says what became of it: timed out, never logged in…). */
  | 'no-session'
  /** A logout of a CSRF-protected session without `X-CSRF-Token`. */
  | 'csrf-token-missing'
  /** A logout whose `X-CSRF-Token` is not the session's (an earlier login's, for example). */
  | 'csrf-token-wrong'
  /** A login naming a lost data center's RWS as `server` (`detail`). */
  | 'data-center-lost'
  /** The simulator itself failed (`detail` is the error's message). */
  | 'simulator-error';

export interface RequestRefusal {
  reason: RefusalReason;
  /** What the reason alone does not tell, cut to 512 characters; never a secret. */
  detail?: string;
}

/** The fault currently armed, as reported by the control endpoint. `times` is what remains. */
export interface ActiveFault {
  fault: SimulatorFault;
  options: FaultOptions;
}

/**
 * Where the `requests` of a state answer sit in the request log. Positions count every request recorded
 * since the simulator started; clearing the log does not reset them.
 */
export interface RequestLogPage {
  /** Position of `requests[0]` (of the next entry when `requests` is empty). */
  from: number;
  /** Position after the last entry of `requests`: ask `?since=<next>` to read on from there. */
  next: number;
  /** Position the next request will get; `next < end` means there is more to read. */
  end: number;
  /** Position of the oldest entry still kept: older ones were dropped (log limits) or cleared. */
  oldest: number;
}

/** What `GET /__simulator/state` answers. */
export interface SimulatorState {
  sessions: SimulatorSession[];
  fault: ActiveFault | null;
  lostDataCenters: string[];
  /** A page of the request log, oldest first: the newest 100 unless `limit` / `since` say otherwise. */
  requests: RequestLogEntry[];
  requestLog: RequestLogPage;
}

export interface SrsSimulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (`https://` in HTTPS mode). */
  readonly url: string;
  readonly port: number;
  /**
   * The address it listens on, as the operating system reports it: `'127.0.0.1'`, or `'0.0.0.0'` / `'::'`
   * for every interface (then `url` names loopback, which is how this machine reaches it).
   */
  readonly host: string;
  /** The self-signed certificate (PEM) in HTTPS mode, to trust exactly it; undefined over HTTP. */
  readonly certificate?: string;
  /** Every request to the simulator except the control endpoint's, preflights included, oldest first. */
  readonly requests: readonly RequestLogEntry[];
  /** Live (non-expired) sessions. */
  sessions(): SimulatorSession[];
  /** Arm a fault; only one is active at a time, so this replaces the previous one. */
  injectFault(fault: SimulatorFault, options?: FaultOptions): void;
  clearFault(): void;
  /**
   * The data center whose RWS is at `server` becomes unreachable from SRS: logins naming it as `server`
   * fail with 503 and live sessions bound to it are dropped (their next ping gets 401).
   */
  loseDataCenter(server: string): void;
  restoreDataCenter(server: string): void;
  /** As if the session timeout had elapsed for every live session. */
  expireSessions(): void;
  /** As if the SRS service restarted: every session is lost and the fault is cleared. */
  restart(): void;
  clearRequests(): void;
  /** Close the server and every open connection. */
  close(): Promise<void>;
}
