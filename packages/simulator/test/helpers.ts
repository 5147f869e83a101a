import { onTestFinished } from 'vitest';
import type { SimulatorOptions, SrsSimulator } from '../src/index';
import { startSimulator } from '../src/index';

/** Start a simulator on an ephemeral port, closed when the current test finishes. */
export async function useSimulator(options: SimulatorOptions = {}): Promise<SrsSimulator> {
  const simulator = await startSimulator({ port: 0, ...options });
  onTestFinished(() => simulator.close());
  return simulator;
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export const ALICE = basic('alice', 'alice-password');
export const BOB = basic('bob', 'bob-password');
export const APP_ORIGIN = 'http://localhost:5173';
export const RWS_DC1 = 'https://rws.dc1.example.com';
export const RWS_DC2 = 'https://rws.dc2.example.com';

/** The API guide's hot-seating example payload. */
export const GUIDE_HOT_SEATING = [
  { name: 'server', value: RWS_DC1 },
  { name: 'place', value: 'alicePlace' },
  {
    name: 'devices',
    value: [
      { dn: 'DN1', switch: 'SwitchA' },
      { dn: 'DN2', switch: 'SwitchB' },
    ],
  },
];

/** The API guide's default-place example payload. */
export const GUIDE_DEFAULT_PLACE = [{ name: 'server', value: RWS_DC1 }];

export const LOGOUT_BODY = { operationName: 'EndContactCenterSession' };

interface CallOptions {
  auth?: string | null;
  origin?: string;
  headers?: Record<string, string>;
}

function headersFor({ auth = ALICE, origin, headers }: CallOptions): Record<string, string> {
  return {
    ...(auth === null ? {} : { Authorization: auth }),
    ...(origin === undefined ? {} : { Origin: origin }),
    ...headers,
  };
}

export function login(
  simulator: SrsSimulator,
  body: unknown = GUIDE_DEFAULT_PLACE,
  options: CallOptions & { csrf?: boolean } = {},
): Promise<Response> {
  return fetch(`${simulator.url}/api/v2/me`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(options.csrf ? { 'X-Support-CSRFP': 'true' } : {}),
      ...headersFor(options),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function ping(simulator: SrsSimulator, options: CallOptions = {}): Promise<Response> {
  return fetch(`${simulator.url}/ping`, { headers: headersFor(options) });
}

export function logout(
  simulator: SrsSimulator,
  options: CallOptions & { token?: string } = {},
): Promise<Response> {
  return fetch(`${simulator.url}/api/v2/me`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(options.token === undefined ? {} : { 'X-CSRF-Token': options.token }),
      ...headersFor(options),
    },
    body: JSON.stringify(LOGOUT_BODY),
  });
}

export function control(
  simulator: SrsSimulator,
  method: string,
  action: string,
  body?: unknown,
  origin?: string,
): Promise<Response> {
  return fetch(`${simulator.url}/__simulator/${action}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(origin === undefined ? {} : { Origin: origin }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

export function usernames(simulator: SrsSimulator): string[] {
  return simulator.sessions().map((session) => session.username);
}
