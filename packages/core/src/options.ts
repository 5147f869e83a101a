import { copyDevices } from './devices';
import { SrsConfigurationError } from './errors';
import type { Device, LoginParams, PlaceParams, ResolvedOptions, ScreenRecordingOptions } from './types';

/**
 * The defaults of every optional number and flag; the figures are the API guide's (poll every 30 s, SRS
 * times out after 60 s). `requestTimeoutMs` and `retryDelayMs` shrink when a longer interval leaves less
 * room before SRS's timeout and the application did not set them.
 */
export const DEFAULT_OPTIONS = {
  pingIntervalMs: 30_000,
  sessionTimeoutMs: 60_000,
  csrf: true,
  requestTimeoutMs: 20_000,
  retryDelayMs: 2_000,
  maxConsecutiveFailures: 3,
  selfHealIntervalMs: 30_000,
} as const satisfies Omit<ResolvedOptions, 'srsUrl'>;

// Timers overflow above 2^31 - 1 ms and then fire at once, which would turn a long interval into a tight loop.
const MAX_TIMER_MS = 2_147_483_647;

const EXAMPLE_SRS_URL = 'https://127.0.0.1:8443';

// Generous bounds on what SRS can be sent: real user names and passwords are far shorter, and a longer
// Authorization header is refused by servers (431) before SRS sees it.
const MAX_USERNAME_LENGTH = 256;
const MAX_PASSWORD_LENGTH = 1024;
// Genesys object names (places, DNs, switches) are far shorter; RWS URLs too. The bounds hold wherever a
// value comes from: the app, or another tab of the desktop.
const MAX_NAME_LENGTH = 255;
const MAX_URL_LENGTH = 2048;
const MAX_DEVICES = 64;

/** C0 controls and DEL: never part of a URL or a Genesys object name. */
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const NUMBER_OPTIONS = [
  'pingIntervalMs',
  'sessionTimeoutMs',
  'requestTimeoutMs',
  'retryDelayMs',
  'maxConsecutiveFailures',
] as const;

// The options that share SRS's timeout: the interval, then room for a failed poll and its retry.
const TIMING_OPTIONS = ['pingIntervalMs', 'sessionTimeoutMs', 'requestTimeoutMs', 'retryDelayMs'] as const;

const BOOLEAN_OPTIONS = ['csrf', 'allowRemoteSrs', 'allowSchemeMismatch', 'logoutOnPageHide'] as const;

/**
 * Checks the options of a session and fills in the defaults.
 *
 * @throws SrsConfigurationError naming the option at fault, before anything is sent to SRS.
 */
export function resolveOptions(options: ScreenRecordingOptions): ResolvedOptions {
  if (!isRecord(options)) {
    throw new SrsConfigurationError(
      'options',
      `must be an object such as { srsUrl: "${EXAMPLE_SRS_URL}" }; got ${describeType(options)}.`,
    );
  }

  for (const name of BOOLEAN_OPTIONS) {
    const value = options[name];
    if (value !== undefined && typeof value !== 'boolean') {
      throw new SrsConfigurationError(name, `must be true or false when given; got ${describeType(value)}.`);
    }
  }

  const srsUrl = checkSrsUrl(options.srsUrl, options.allowRemoteSrs === true);
  if (options.allowSchemeMismatch !== true) checkSchemeMatchesPage(srsUrl, options.pageUrl);

  for (const name of NUMBER_OPTIONS) checkDuration(name, options[name]);
  const selfHealIntervalMs = options.selfHealIntervalMs ?? DEFAULT_OPTIONS.selfHealIntervalMs;
  if (selfHealIntervalMs !== false) checkDuration('selfHealIntervalMs', selfHealIntervalMs);
  const pingIntervalMs = options.pingIntervalMs ?? DEFAULT_OPTIONS.pingIntervalMs;
  const sessionTimeoutMs = options.sessionTimeoutMs ?? DEFAULT_OPTIONS.sessionTimeoutMs;
  // Unset timings fit whatever room the interval leaves before SRS's timeout; set ones are checked below.
  const room = sessionTimeoutMs - pingIntervalMs;
  const retryDelayMs =
    options.retryDelayMs ?? Math.max(1, Math.min(DEFAULT_OPTIONS.retryDelayMs, Math.floor(room / 10)));
  const requestTimeoutMs =
    options.requestTimeoutMs ??
    Math.max(1, Math.min(DEFAULT_OPTIONS.requestTimeoutMs, Math.floor((room * 2) / 3)));
  const resolved: ResolvedOptions = {
    srsUrl: srsUrl.origin,
    pingIntervalMs,
    sessionTimeoutMs,
    csrf: options.csrf ?? DEFAULT_OPTIONS.csrf,
    requestTimeoutMs,
    retryDelayMs,
    maxConsecutiveFailures: options.maxConsecutiveFailures ?? DEFAULT_OPTIONS.maxConsecutiveFailures,
    selfHealIntervalMs: selfHealIntervalMs === false ? null : selfHealIntervalMs,
  };
  checkPollingBudget(resolved, options);

  checkTabs(options.tabs);
  checkFetch(options.fetch);
  if (options.random !== undefined && typeof options.random !== 'function') {
    throw new SrsConfigurationError(
      'random',
      `must be a function returning a number in [0, 1), like Math.random; got ${describeType(options.random)}.`,
    );
  }
  checkMethods('clock', options.clock, ['now', 'setTimeout', 'clearTimeout']);
  checkMethods('logger', options.logger, ['debug', 'info', 'warn', 'error']);
  const inspect: unknown = options.inspect;
  if (inspect !== undefined && typeof inspect !== 'function' && !isRecord(inspect)) {
    throw new SrsConfigurationError(
      'inspect',
      `must be an inspection observer (a function or an object with next()); got ${describeType(inspect)}.`,
    );
  }

  return resolved;
}

/** What a login sends besides the password: no secret, so it may cross to another tab of the desktop. */
export interface LoginTarget {
  username: string;
  server: string;
  peerServer: string | null;
  place: string | null;
  devices: Device[] | null;
}

/**
 * Checks what `login()` is given: credentials, the RWS URLs, and the place and devices for hot seating.
 * Returns what is sent: trimmed URLs, copied devices.
 *
 * @throws SrsConfigurationError naming the parameter at fault (`username`, `devices[1].dn`, …). The password is never quoted.
 */
export function validateLoginParams(params: LoginParams): LoginParams {
  const target = validateLoginTarget(params);
  validatePassword(params.password);
  const checked: LoginParams = {
    username: target.username,
    password: params.password,
    server: target.server,
  };
  if (target.peerServer !== null) checked.peerServer = target.peerServer;
  if (target.place === null) return checked;
  return target.devices === null
    ? { ...checked, place: target.place }
    : { ...checked, place: target.place, devices: target.devices };
}

/** Checks a login's password; only its type and length are ever reported. */
export function validatePassword(password: unknown): asserts password is string {
  if (typeof password !== 'string' || password === '') {
    // Only the type is reported: whatever was passed might be a secret.
    throw new SrsConfigurationError(
      'password',
      `must be the agent's password (a non-empty string); got ${password === '' ? 'an empty string' : describeType(password)}. SRS has no single sign-on.`,
    );
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    // A request with an Authorization header this long is refused by servers (431) before SRS reads it.
    throw new SrsConfigurationError(
      'password',
      `is ${password.length} characters long; it cannot be a Config Server password (at most ${MAX_PASSWORD_LENGTH} are sent).`,
    );
  }
}

/**
 * Checks a login's user name, RWS URLs, place and devices: everything but the password. What another
 * tab sends is checked with it, as what the app gives is.
 *
 * @throws SrsConfigurationError naming the parameter at fault.
 */
export function validateLoginTarget(params: unknown): LoginTarget {
  if (!isRecord(params)) {
    throw new SrsConfigurationError(
      'params',
      `login() needs { username, password, server }; got ${describeType(params)}.`,
    );
  }

  const { username } = params;
  if (typeof username !== 'string' || username.trim() === '') {
    throw new SrsConfigurationError(
      'username',
      `must be the agent's Config Server user name (a non-empty string); got ${describeValue(username)}.`,
    );
  }
  if (username.includes(':')) {
    // Basic authentication joins user and password with ':', so SRS would split the name in two.
    throw new SrsConfigurationError(
      'username',
      // Not quoted: a "user:password" typed into the user name field would leak the password.
      "contains ':', which Basic authentication cannot carry in a user name (it separates user and password).",
    );
  }
  if (username.length > MAX_USERNAME_LENGTH) {
    throw new SrsConfigurationError(
      'username',
      `is ${username.length} characters long; SRS and RWS take user names of at most ${MAX_USERNAME_LENGTH}.`,
    );
  }

  const server = checkRwsUrl('server', params.server);
  let peerServer: string | null = null;
  if (params.peerServer != null) {
    const peer = checkRwsUrl('peerServer', params.peerServer);
    if (peer.url.href === server.url.href) {
      throw new SrsConfigurationError(
        'peerServer',
        `is the same RWS as server (${quoteUrl(server.text)}); it must name the RWS of the recovery data center, or be left out.`,
      );
    }
    peerServer = peer.text;
  }

  const target: LoginTarget = { username, server: server.text, peerServer, place: null, devices: null };
  if (params.place == null) {
    if (params.devices != null) {
      throw new SrsConfigurationError(
        'devices',
        'were given without place: hot seating needs the place the agent chose, and every device must belong to it. Omit both for the default place.',
      );
    }
    return target;
  }
  return {
    ...target,
    ...validatePlaceParams({ place: params.place, devices: params.devices } as PlaceParams),
  };
}

/**
 * Checks what `switchPlace()` is given: the new place and, when it has several DNs, its devices. Returns
 * what is sent: the place, and plain copies of the devices (null when none were given).
 *
 * @throws SrsConfigurationError naming the parameter at fault (`place`, `devices[0].switch`, …).
 */
export function validatePlaceParams(params: PlaceParams): { place: string; devices: Device[] | null } {
  if (!isRecord(params)) {
    throw new SrsConfigurationError(
      'params',
      `switchPlace() needs { place, devices? }; got ${describeType(params)}.`,
    );
  }
  if (params.place == null) {
    throw new SrsConfigurationError(
      'place',
      'is required to switch place: give the name of the Place object the agent moved to.',
    );
  }
  checkPlace(params.place, params.devices);
  return { place: params.place, devices: params.devices ? copyDevices(params.devices) : null };
}

function checkSrsUrl(value: unknown, allowRemoteSrs: boolean): URL {
  const url = parseHttpUrl('srsUrl', value, EXAMPLE_SRS_URL);
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(String(value)) || url.pathname !== '/') {
    throw new SrsConfigurationError(
      'srsUrl',
      `must be scheme, host and port only, with no path, query or fragment (SRS answers at its root); got ${quoteUrl(value)}. For example "${EXAMPLE_SRS_URL}".`,
    );
  }
  if (!allowRemoteSrs && !isLoopback(url.hostname)) {
    throw new SrsConfigurationError(
      'srsUrl',
      `must be on this machine (127.0.0.1, localhost or [::1]), where SRS runs; got host ${JSON.stringify(truncate(url.hostname))}. Set allowRemoteSrs to allow another host.`,
    );
  }
  return url;
}

/**
 * The API guide's scheme rule: SRS is called with the page's own scheme (HTTP → HTTP, HTTPS → HTTPS).
 *
 * @throws SrsConfigurationError when they differ, or when the page's URL cannot be read.
 */
export function checkSchemeMatchesPage(srsUrl: URL, pageUrlOption: unknown): void {
  let pageUrl: unknown = pageUrlOption;
  let field = 'pageUrl';
  if (pageUrl === undefined) {
    pageUrl = (globalThis as { location?: { href?: unknown } }).location?.href;
    field = 'location.href';
    // No page (Node, a worker without location): there is no scheme to match.
    if (typeof pageUrl !== 'string') return;
  }
  if (typeof pageUrl !== 'string' || !URL.canParse(pageUrl)) {
    throw new SrsConfigurationError(
      field,
      `must be the absolute URL of the page the desktop runs in, e.g. "https://desktop.example.com/"; got ${quoteUrl(pageUrl)}.`,
    );
  }
  const pageScheme = new URL(pageUrl).protocol;
  // The API guide's rule is about HTTP vs HTTPS; pages from file:, app: and the like have no backend scheme to follow.
  if (pageScheme !== 'http:' && pageScheme !== 'https:') return;
  if (pageScheme !== srsUrl.protocol) {
    throw new SrsConfigurationError(
      'srsUrl',
      `uses ${srsUrl.protocol} but the page is served over ${pageScheme}; the Screen Recording API requires the desktop's own scheme for SRS (HTTP → HTTP, HTTPS → HTTPS). Use SRS's ${pageScheme === 'https:' ? 'HTTPS' : 'HTTP'} port, or set allowSchemeMismatch.`,
    );
  }
}

function checkDuration(name: (typeof NUMBER_OPTIONS)[number] | 'selfHealIntervalMs', value: unknown): void {
  if (value === undefined) return;
  const unit =
    name === 'maxConsecutiveFailures' ? 'a whole number of failures' : 'a whole number of milliseconds';
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new SrsConfigurationError(name, `must be ${unit}, at least 1; got ${describeValue(value)}.`);
  }
  if (value > MAX_TIMER_MS) {
    throw new SrsConfigurationError(
      name,
      `must be at most ${MAX_TIMER_MS} (the longest delay timers accept); got ${value}.`,
    );
  }
}

function checkPollingBudget(resolved: ResolvedOptions, given: ScreenRecordingOptions): void {
  const { pingIntervalMs, sessionTimeoutMs, requestTimeoutMs, retryDelayMs } = resolved;
  // A poll may fail only after a full request timeout; its retry must then reach SRS before SRS gives up
  // (a ping refreshes SRS's timer when SRS receives it, not when the answer comes back).
  if (pingIntervalMs + requestTimeoutMs + retryDelayMs <= sessionTimeoutMs) return;

  // Blame an option the application set: the derived ones always fit.
  const field = TIMING_OPTIONS.find((name) => given[name] !== undefined) ?? 'pingIntervalMs';
  const largestInterval = sessionTimeoutMs - requestTimeoutMs - retryDelayMs;
  const advice =
    largestInterval >= 1
      ? `pingIntervalMs may be at most ${largestInterval} with these values.`
      : "no interval fits: lower requestTimeoutMs or retryDelayMs (or set sessionTimeoutMs to SRS's real timeout if it is longer).";
  throw new SrsConfigurationError(
    field,
    `leaves no room for a failed poll and its retry before SRS drops the session: pingIntervalMs (${pingIntervalMs}) + requestTimeoutMs (${requestTimeoutMs}) + retryDelayMs (${retryDelayMs}) must be at most sessionTimeoutMs (${sessionTimeoutMs}); ${advice}`,
  );
}

function checkTabs(value: unknown): void {
  if (value === undefined || value === 'shared' || value === 'independent') return;
  if (!isRecord(value) || typeof value.openChannel !== 'function') {
    throw new SrsConfigurationError(
      'tabs',
      `must be 'shared', 'independent' or { locks, openChannel }; got ${describeValue(value)}.`,
    );
  }
}

function checkFetch(value: unknown): void {
  if (value !== undefined) {
    if (typeof value !== 'function') {
      throw new SrsConfigurationError(
        'fetch',
        `must be a fetch-compatible function when given; got ${describeType(value)}.`,
      );
    }
    return;
  }
  if (typeof (globalThis as { fetch?: unknown }).fetch !== 'function') {
    throw new SrsConfigurationError(
      'fetch',
      'this environment has no global fetch (Node < 18, or an old browser); pass one in the fetch option.',
    );
  }
}

function checkMethods(field: string, value: unknown, methods: readonly string[]): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    throw new SrsConfigurationError(
      field,
      `must be an object with ${methods.join(', ')}() when given; got ${describeType(value)}.`,
    );
  }
  for (const method of methods) {
    if (typeof value[method] !== 'function') {
      throw new SrsConfigurationError(
        `${field}.${method}`,
        `must be a function: ${field} needs ${methods.map((name) => `${name}()`).join(', ')}.`,
      );
    }
  }
}

/** An RWS URL as it will be sent (`text`: trimmed, otherwise as given) and as parsed (`url`). */
function checkRwsUrl(field: 'server' | 'peerServer', value: unknown): { text: string; url: URL } {
  if (typeof value === 'string' && hasControlCharacter(value)) {
    // The URL parser silently drops tabs and line breaks; SRS would receive them as typed.
    throw new SrsConfigurationError(
      field,
      `contains a control character (a tab, a line break or similar); got ${quoteUrl(value)}. Give the RWS URL on one line, e.g. "https://rws.example.com:443".`,
    );
  }
  const text = typeof value === 'string' ? value.trim() : value;
  if (typeof text === 'string' && text.length > MAX_URL_LENGTH) {
    throw new SrsConfigurationError(
      field,
      `is ${text.length} characters long; an RWS URL is far shorter (at most ${MAX_URL_LENGTH} are sent).`,
    );
  }
  const url = parseHttpUrl(field, text, 'https://rws.example.com:443');
  if (url.username !== '' || url.password !== '') {
    // The URL is shown to the application and sent to SRS; a secret in it would travel with it.
    throw new SrsConfigurationError(
      field,
      `must not contain a user name or password; got ${quoteUrl(value)}. SRS authenticates to RWS with the agent's credentials.`,
    );
  }
  return { text: String(text), url };
}

function parseHttpUrl(field: string, value: unknown, example: string): URL {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SrsConfigurationError(
      field,
      `must be an absolute http(s) URL such as "${example}"; got ${typeof value === 'string' ? 'an empty string' : describeType(value)}.`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SrsConfigurationError(
      field,
      `must be an absolute http(s) URL with scheme, host and port, such as "${example}"; got ${quoteUrl(value)}.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SrsConfigurationError(
      field,
      `must use http: or https:, such as "${example}"; got ${quoteUrl(value)}${value.includes('//') ? '' : ' (is the scheme missing?)'}.`,
    );
  }
  if (field === 'srsUrl' && (url.username !== '' || url.password !== '')) {
    throw new SrsConfigurationError(
      field,
      `must not contain a user name or password; got ${quoteUrl(value)}. The agent's credentials go in the Authorization header.`,
    );
  }
  return url;
}

function checkPlace(place: unknown, devices: unknown): void {
  checkName('place', place, 'the name of the Place object the agent chose, as configured in Genesys');
  if (devices == null) return;
  if (!Array.isArray(devices) || devices.length === 0) {
    throw new SrsConfigurationError(
      'devices',
      `must be a non-empty array of { dn, switch } when given; got ${Array.isArray(devices) ? 'an empty array' : describeType(devices)}. Omit it when the place has a single DN.`,
    );
  }
  if (devices.length > MAX_DEVICES) {
    throw new SrsConfigurationError(
      'devices',
      `lists ${devices.length} devices; a place has far fewer (at most ${MAX_DEVICES} are sent).`,
    );
  }
  const seen = new Map<string, number>();
  devices.forEach((device: unknown, index) => {
    const field = `devices[${index}]`;
    if (!isRecord(device)) {
      throw new SrsConfigurationError(
        field,
        `must be an object { dn, switch }; got ${describeType(device)}.`,
      );
    }
    const { dn, switch: switchName } = device;
    checkName(`${field}.dn`, dn, 'the DN as configured in Genesys');
    checkName(`${field}.switch`, switchName, 'the name of the Switch object the DN belongs to');
    // JSON.stringify of the pair keeps 'a|b' + 'c' apart from 'a' + 'b|c'.
    const key = JSON.stringify([dn, switchName]);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new SrsConfigurationError(
        field,
        `repeats devices[${first}] (DN ${describeValue(dn)} on switch ${describeValue(switchName)}); list each device once.`,
      );
    }
    seen.set(key, index);
  });
}

function checkName(field: string, value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SrsConfigurationError(
      field,
      `must be ${what} (a non-empty string); got ${describeValue(value)}.`,
    );
  }
  if (hasControlCharacter(value)) {
    throw new SrsConfigurationError(
      field,
      `contains a control character (a tab, a line break or similar); got ${describeValue(value)}. It must match the Genesys object's name exactly.`,
    );
  }
  if (value.trim() !== value) {
    // Genesys matches object names exactly, so stray spaces would make SRS reject the login.
    throw new SrsConfigurationError(
      field,
      `has leading or trailing spaces (${describeValue(value)}); it must match the Genesys object's name exactly.`,
    );
  }
  if (value.length > MAX_NAME_LENGTH) {
    throw new SrsConfigurationError(
      field,
      `is ${value.length} characters long; Genesys object names are far shorter (at most ${MAX_NAME_LENGTH} are sent).`,
    );
  }
}

/** A URL's host names this machine: `localhost`, 127.0.0.0/8 or `[::1]` (as `URL.hostname` spells them). */
export function isLoopback(hostname: string): boolean {
  // The URL parser has already normalised IPv4 forms such as 127.1 and upper-case names.
  return (
    hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** For values that are never secret: short strings are quoted, everything else is named by type. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return value === '' ? 'an empty string' : JSON.stringify(truncate(value));
  if (typeof value === 'number') return String(value);
  return describeType(value);
}

/** Quotes a URL the user gave, with any user:password part masked, in case it is there by mistake. */
function quoteUrl(value: unknown): string {
  if (typeof value !== 'string') return describeType(value);
  return JSON.stringify(truncate(maskCredentials(value)));
}

// Masks everything between the scheme's '//' (or the start) and the last '@', even in a string that does
// not parse: a password may hold '/', '#' or spaces that throw a URL parser off.
function maskCredentials(text: string): string {
  const at = text.lastIndexOf('@');
  if (at === -1) return text;
  const slashes = text.indexOf('//');
  const from = slashes !== -1 && slashes < at ? slashes + 2 : 0;
  return `${text.slice(0, from)}***${text.slice(at)}`;
}

function truncate(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
