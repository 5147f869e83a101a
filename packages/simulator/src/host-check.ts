import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Binds that accept connections on every interface. */
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::']);

/**
 * The host name part of a `Host` header (`name`, `name:port`, `[v6]:port`), lower-cased and with IP
 * addresses in the canonical form a browser would use; null when it is not a plain host. Parsing goes
 * through the WHATWG URL parser so that `0x7f000001` and `[0:0::1]` are read as the browser reads them.
 */
export function hostNameOf(hostHeader: string): string | null {
  if (hostHeader === '' || /[\s@/\\?#]/.test(hostHeader)) return null;
  try {
    const hostname = new URL(`http://${hostHeader}`).hostname;
    return hostname === '' ? null : hostname;
  } catch {
    return null;
  }
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms: addresses that never leave the machine. */
export function isLoopbackAddress(address: string): boolean {
  const bare = address.startsWith('[') ? address.slice(1, -1) : address;
  const ipv4 = bare.toLowerCase().startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  if (isIP(ipv4) === 4) return ipv4.startsWith('127.');
  return isIP(bare) === 6 && (bare === '::1' || bare === '0:0:0:0:0:0:0:1');
}

export function isWildcardAddress(address: string): boolean {
  return WILDCARD_ADDRESSES.has(address);
}

/**
 * Names a page can only reach on this machine: `localhost`, anything under `.localhost` (browsers and
 * RFC 6761 resolve those to loopback, and no one can register them in DNS) and loopback addresses.
 */
function isLoopbackName(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || isLoopbackAddress(hostname);
}

/**
 * Validate an `allowedHosts` entry: a host name or IP address without scheme or port; a leading dot
 * (`.ci.example`) allows that domain and every name under it. Returns the entry in the form that
 * `hostNameOf` produces, so that comparisons are plain string equality.
 */
export function checkAllowedHost(entry: string): string {
  const subdomains = entry.startsWith('.');
  const name = subdomains ? entry.slice(1) : entry;
  const bracketed = isIP(name) === 6 ? `[${name}]` : name;
  const hostname = name.includes('://') ? null : hostNameOf(bracketed);
  if (hostname === null) {
    throw new TypeError(
      `allowedHosts entry '${entry}' is not a host name like 'srs-simulator' or '.ci.example'`,
    );
  }
  // What is left after an IPv6 literal's brackets may not hold a colon: that would be a port.
  if (bracketed.replace(/^\[[^\]]*\]/, '').includes(':')) {
    throw new TypeError(`allowedHosts entry '${entry}' must be a name without a port (any port is accepted)`);
  }
  return subdomains ? `.${hostname}` : hostname;
}

/**
 * Decides which `Host` headers the simulator answers. The browser's same-origin rule goes by name, not
 * address: a page on a name its owner points at 127.0.0.1 (DNS rebinding) is same-origin with the
 * simulator and could read its state and arm faults. Such a page sends its own name as `Host`, so only
 * loopback names, the address the simulator listens on and the names the user allowed get an answer.
 */
export class HostPolicy {
  readonly #exact = new Set<string>();
  readonly #domains: string[] = [];
  #boundAddress: string | null = null;

  /** `allowedHosts` entries already checked by `checkAllowedHost`; `configuredHost` is the `host` option. */
  constructor(allowedHosts: readonly string[], configuredHost: string) {
    for (const entry of allowedHosts) {
      if (entry.startsWith('.')) {
        this.#domains.push(entry);
        this.#exact.add(entry.slice(1));
      } else {
        this.#exact.add(entry);
      }
    }
    const configured = hostNameOf(isIP(configuredHost) === 6 ? `[${configuredHost}]` : configuredHost);
    if (configured !== null && !isWildcardAddress(configuredHost)) this.#exact.add(configured);
  }

  /** The address the server ended up bound to (after `listen`), e.g. '0.0.0.0' or '127.0.0.1'. */
  setBoundAddress(address: string): void {
    this.#boundAddress = address;
    if (!isWildcardAddress(address)) {
      const hostname = hostNameOf(isIP(address) === 6 ? `[${address}]` : address);
      if (hostname !== null) this.#exact.add(hostname);
    }
  }

  /** The refused host name for the error message, or null when the request may be served. */
  refusal(hostHeader: string | null): { hostname: string } | null {
    const hostname = hostHeader === null ? null : hostNameOf(hostHeader);
    if (hostname === null) return { hostname: hostHeader ?? '' };
    if (isLoopbackName(hostname) || this.#exact.has(hostname)) return null;
    if (this.#domains.some((domain) => hostname.endsWith(domain))) return null;
    // Bound to every interface: an address of any of them is "the address it listens on". Looked up per
    // request (only for a Host that nothing else allowed) because addresses come and go (DHCP, VPN).
    if (
      this.#boundAddress !== null &&
      isWildcardAddress(this.#boundAddress) &&
      isIP(stripBrackets(hostname))
    ) {
      if (interfaceAddresses().has(stripBrackets(hostname))) return null;
    }
    return { hostname };
  }
}

function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

function interfaceAddresses(): Set<string> {
  const addresses = new Set<string>();
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) addresses.add(entry.address.split('%')[0] ?? entry.address);
  }
  return addresses;
}

/** The 403 body: what was refused, why, and how to allow a name that is legitimately the user's. */
export function hostRefusalMessage(hostname: string): string {
  const shown = hostname.length > 100 ? `${hostname.slice(0, 100)}…` : hostname;
  const allow =
    /^[A-Za-z0-9.[\]:-]+$/.test(shown) && shown !== '' ? ` --allowed-host ${shown}` : ' --allowed-host NAME';
  return (
    `Host '${shown}' is not allowed: the simulator answers only loopback names (localhost, 127.0.0.1, [::1]), ` +
    'the address it listens on and the allowed hosts, so that a web page on another name that resolves to ' +
    'this machine (DNS rebinding) cannot reach it. If this name is yours, allow it with the allowedHosts ' +
    `option or${allow}.`
  );
}
