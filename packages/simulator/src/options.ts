import { DEFAULT_AGENTS, DEFAULT_HOST, DEFAULT_PLACES, DEFAULT_SESSION_TIMEOUT_MS } from './defaults';
import { checkAllowedHost } from './host-check';
import type { SimulatorAgent, SimulatorOptions, SimulatorPlace } from './types';

export interface ResolvedOptions {
  host: string;
  port: number;
  allowedOrigins: ReadonlySet<string>;
  /** Checked and in the form `hostNameOf` produces. */
  allowedHosts: string[];
  agents: SimulatorAgent[];
  places: SimulatorPlace[];
  sessionTimeoutMs: number;
  https: boolean;
  now: () => number;
  log: ((line: string) => void) | null;
}

/** Fill in defaults and reject a configuration that would make the simulator behave surprisingly. */
export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  const host = options.host ?? DEFAULT_HOST;
  if (host.trim() === '') throw new TypeError('host must not be empty');

  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
  }

  const sessionTimeoutMs = options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
  if (!Number.isFinite(sessionTimeoutMs) || sessionTimeoutMs <= 0) {
    throw new RangeError(`sessionTimeoutMs must be a positive number, got ${String(sessionTimeoutMs)}`);
  }

  const allowedOrigins = new Set<string>();
  for (const origin of options.allowedOrigins ?? []) {
    allowedOrigins.add(checkOrigin(origin));
  }

  const allowedHosts = (options.allowedHosts ?? []).map(checkAllowedHost);

  // Copies, so that a caller mutating DEFAULT_AGENTS or its own arrays later cannot change a running simulator.
  const agents = (options.agents ?? DEFAULT_AGENTS).map((agent) => ({ ...agent }));
  checkAgents(agents);
  const places = (options.places ?? DEFAULT_PLACES).map((place) => ({
    name: place.name,
    devices: place.devices.map((device) => ({ ...device })),
  }));
  checkPlaces(places);

  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new TypeError('now must be a function returning milliseconds');
  const log = options.log ?? null;
  if (log !== null && typeof log !== 'function') throw new TypeError('log must be a function taking a line');

  return {
    host,
    port,
    allowedOrigins,
    allowedHosts,
    agents,
    places,
    sessionTimeoutMs,
    https: options.https ?? false,
    now,
    log,
  };
}

/** Browsers send the origin without path or trailing slash; a configured 'http://x:1/' would never match. */
function checkOrigin(origin: string): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(origin);
  } catch {
    // reported below
  }
  if (parsed === null || parsed.origin !== origin) {
    const hint = parsed && parsed.origin !== 'null' ? ` (did you mean '${parsed.origin}'?)` : '';
    throw new TypeError(
      `allowedOrigins entry '${origin}' is not an origin like 'http://localhost:5173'${hint}`,
    );
  }
  return origin;
}

function checkAgents(agents: SimulatorAgent[]): void {
  if (agents.length === 0) throw new TypeError('agents must not be empty: nobody could log in');
  const seen = new Set<string>();
  for (const agent of agents) {
    // Basic credentials are split at the first colon, so a colon in a user name could never match.
    if (agent.username === '' || agent.username.includes(':')) {
      throw new TypeError(`agent username '${agent.username}' must be non-empty and contain no ':'`);
    }
    if (typeof agent.password !== 'string') {
      throw new TypeError(`agent '${agent.username}' needs a password string`);
    }
    if (seen.has(agent.username)) throw new TypeError(`agent '${agent.username}' is listed twice`);
    seen.add(agent.username);
  }
}

function checkPlaces(places: SimulatorPlace[]): void {
  const seen = new Set<string>();
  for (const place of places) {
    if (place.name === '') throw new TypeError('place names must not be empty');
    if (seen.has(place.name)) throw new TypeError(`place '${place.name}' is listed twice`);
    seen.add(place.name);
    if (place.devices.length === 0) throw new TypeError(`place '${place.name}' has no DN`);
    const devices = new Set<string>();
    for (const device of place.devices) {
      if (device.dn === '' || device.switch === '') {
        throw new TypeError(`place '${place.name}' has a device with an empty dn or switch`);
      }
      const key = `${device.dn}@${device.switch}`;
      if (devices.has(key)) throw new TypeError(`place '${place.name}' lists ${key} twice`);
      devices.add(key);
    }
  }
}
