import type { SimulatorDevice, SimulatorPlace } from './types';

/** What a valid login-with-configuration body asks for. */
export interface LoginConfig {
  server: string;
  peerServer: string | null;
  place: string | null;
  devices: SimulatorDevice[] | null;
}

export type LoginConfigResult = { ok: true; config: LoginConfig } | { ok: false; message: string };

/** An absolute http(s) URL, or null. RWS addresses are given with scheme, host and port. */
export function parseHttpUrl(value: unknown): URL | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url : null;
  } catch {
    return null;
  }
}

/**
 * One spelling per RWS address, so that 'https://rws.example.com', 'https://RWS.example.com:443/' and
 * 'https://rws.example.com/' all name the same data center.
 */
export function serverKey(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

const KNOWN_NAMES = new Set(['server', 'peer_server', 'place', 'devices']);

/**
 * Validate the JSON array of `{name, value}` pairs that `POST /api/v2/me` carries (protocol §3 and the
 * guideExample's hot-seating rules). Unknown names are ignored: SRS's handling of them is undocumented and a
 * client adding a field should not break.
 */
export function parseLoginConfig(body: unknown, places: readonly SimulatorPlace[]): LoginConfigResult {
  const fail = (message: string): LoginConfigResult => ({ ok: false, message });
  if (!Array.isArray(body)) return fail('body must be a JSON array of {name, value} entries');

  const values = new Map<string, unknown>();
  for (const entry of body) {
    if (
      typeof entry !== 'object' ||
      entry === null ||
      typeof entry.name !== 'string' ||
      !('value' in entry)
    ) {
      return fail('every entry must be an object with a string name and a value');
    }
    if (!KNOWN_NAMES.has(entry.name)) continue;
    if (values.has(entry.name)) return fail(`entry '${entry.name}' is given twice`);
    values.set(entry.name, entry.value);
  }

  const serverValue = values.get('server');
  if (serverValue === undefined) return fail("'server' is required");
  if (parseHttpUrl(serverValue) === null) return fail("'server' must be an absolute http(s) URL");
  const server = serverValue as string;

  let peerServer: string | null = null;
  if (values.has('peer_server')) {
    const peerValue = values.get('peer_server');
    if (parseHttpUrl(peerValue) === null) return fail("'peer_server' must be an absolute http(s) URL");
    peerServer = peerValue as string;
  }

  const placeValue = values.get('place');
  const devicesValue = values.get('devices');
  if (placeValue === undefined) {
    // Default place: the agent's own configuration decides the DNs.
    if (devicesValue !== undefined) return fail("'devices' requires 'place'");
    return { ok: true, config: { server, peerServer, place: null, devices: null } };
  }
  if (typeof placeValue !== 'string' || placeValue === '') return fail("'place' must be a non-empty string");
  const place = places.find((candidate) => candidate.name === placeValue);
  if (place === undefined) return fail(`unknown place '${placeValue}'`);

  if (devicesValue === undefined) {
    // The API guide: a place with one DN needs no devices; with several, devices are required.
    if (place.devices.length > 1) {
      return fail(`place '${place.name}' has several DNs, so 'devices' is required`);
    }
    return {
      ok: true,
      config: { server, peerServer, place: place.name, devices: place.devices.map((d) => ({ ...d })) },
    };
  }

  if (!Array.isArray(devicesValue) || devicesValue.length === 0) {
    return fail("'devices' must be a non-empty array of {dn, switch}");
  }
  const devices: SimulatorDevice[] = [];
  const listed = new Set<string>();
  for (const item of devicesValue) {
    if (!isDevice(item)) return fail('every device must be an object with non-empty dn and switch strings');
    const key = `${item.dn}@${item.switch}`;
    if (!place.devices.some((device) => device.dn === item.dn && device.switch === item.switch)) {
      return fail(`device ${key} does not belong to place '${place.name}'`);
    }
    if (listed.has(key)) return fail(`device ${key} is listed twice`);
    listed.add(key);
    devices.push({ dn: item.dn, switch: item.switch });
  }
  return { ok: true, config: { server, peerServer, place: place.name, devices } };
}

function isDevice(value: unknown): value is SimulatorDevice {
  if (typeof value !== 'object' || value === null) return false;
  const { dn, switch: switchName } = value as Record<string, unknown>;
  return typeof dn === 'string' && dn !== '' && typeof switchName === 'string' && switchName !== '';
}
