import { request as httpRequest, type IncomingMessage } from 'node:http';
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

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The status, headers and whole body (as text) of an answer from `node:http` or `node:https`. */
export function readAnswer(res: IncomingMessage): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      body += chunk;
    });
    res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    res.on('error', reject);
  });
}

/**
 * A plain-HTTP call with full control of the headers, `Host` included (fetch always sends the URL's own
 * host). Used to act as a page on another name that resolves to loopback would.
 */
export function rawRequest(
  simulator: SrsSimulator,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${simulator.url}${path}`, {
      method: options.method ?? 'GET',
      headers: options.headers,
      setHost: options.headers?.Host === undefined,
      agent: false,
    });
    req.on('response', (res) => readAnswer(res).then(resolve, reject));
    req.on('error', reject);
    req.end(options.body);
  });
}
