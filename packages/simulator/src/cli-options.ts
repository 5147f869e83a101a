import { parseArgs } from 'node:util';
import { resolveOptions } from './options';
import type { SimulatorAgent, SimulatorOptions, SimulatorPlace } from './types';

export const DEFAULT_CLI_PORT = 4100;

/**
 * The origins the CLI allows when no `--origin` is given: where a fresh app's dev server opens it, so a
 * quick start runs against `pnpm simulator` as it is. Vite serves on `localhost:5173` (some open it as
 * `127.0.0.1:5173`), the Angular CLI on `localhost:4200`. `startSimulator()` itself allows none.
 */
export const DEFAULT_CLI_ORIGINS: readonly string[] = [
  'http://localhost:5173',
  'http://127.0.0.1:5173',
  'http://localhost:4200',
];

export const USAGE = `Usage: srs-simulator [options]

Runs a simulated Genesys Screen Recording Service on loopback.

Options:
  --port P                 port to listen on; 0 picks a free one (default ${DEFAULT_CLI_PORT})
  --host H                 interface to listen on (default 127.0.0.1)
  --origin URL             browser origin allowed to call it (repeatable; replaces the default
                           ${DEFAULT_CLI_ORIGINS.join(', ')}:
                           Vite's and the Angular CLI's dev servers)
  --allowed-host NAME      Host header to answer besides loopback names and the listening address,
                           e.g. a CI service name; .example.com allows its subdomains too (repeatable)
  --session-timeout-ms N   drop a session not polled for N ms (default 60000)
  --https                  serve HTTPS with a self-signed certificate generated at start
  --agent user:password    accepted agent (repeatable; replaces alice and bob)
  --place name=DN@Switch,DN@Switch
                           configured place and its DNs (repeatable; replaces alicePlace and bobPlace)
  --quiet                  print no line per request (by default each request is printed as it is
                           answered: method, path, user, origin, status and why a refused one was refused)
  --help                   show this help

At start it prints the URL, the control endpoint (/__simulator/) and the state page (/__simulator/state).`;

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'run'; options: SimulatorOptions; quiet: boolean }
  | { kind: 'error'; message: string };

/** Turn command-line arguments into simulator options; never throws, never exits (the caller decides). */
export function parseCliArgs(argv: string[]): CliCommand {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };

  try {
    const options: SimulatorOptions = {
      port: values.port === undefined ? DEFAULT_CLI_PORT : integer('--port', values.port),
      allowedOrigins: values.origin ?? [...DEFAULT_CLI_ORIGINS],
    };
    if (values.host !== undefined) options.host = values.host;
    if (values['allowed-host'] !== undefined) options.allowedHosts = values['allowed-host'];
    if (values['session-timeout-ms'] !== undefined) {
      options.sessionTimeoutMs = integer('--session-timeout-ms', values['session-timeout-ms']);
    }
    if (values.https) options.https = true;
    if (values.agent !== undefined) options.agents = values.agent.map(parseAgent);
    if (values.place !== undefined) options.places = values.place.map(parsePlace);
    resolveOptions(options); // report a bad origin, port or duplicate here rather than after start
    return { kind: 'run', options, quiet: values.quiet ?? false };
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      origin: { type: 'string', multiple: true },
      'allowed-host': { type: 'string', multiple: true },
      'session-timeout-ms': { type: 'string' },
      https: { type: 'boolean' },
      agent: { type: 'string', multiple: true },
      place: { type: 'string', multiple: true },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function integer(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new TypeError(`${flag} needs a non-negative integer, got '${value}'`);
  return Number(value);
}

function parseAgent(value: string): SimulatorAgent {
  const colon = value.indexOf(':');
  // The value is not echoed: it may well be a password.
  if (colon <= 0) throw new TypeError('--agent needs user:password');
  return { username: value.slice(0, colon), password: value.slice(colon + 1) };
}

function parsePlace(value: string): SimulatorPlace {
  const equals = value.indexOf('=');
  const name = value.slice(0, Math.max(equals, 0)).trim();
  if (equals <= 0 || name === '')
    throw new TypeError(`--place needs name=DN@Switch[,DN@Switch], got '${value}'`);
  const devices = value
    .slice(equals + 1)
    .split(',')
    .map((item) => {
      const at = item.lastIndexOf('@');
      const dn = item.slice(0, Math.max(at, 0)).trim();
      const switchName = item.slice(at + 1).trim();
      if (at <= 0 || dn === '' || switchName === '') {
        throw new TypeError(`--place ${name}: '${item}' is not DN@Switch`);
      }
      return { dn, switch: switchName };
    });
  return { name, devices };
}
