/**
 * What the library sends SRS, recorded when the site is built: each example runs a real session (the
 * public `createScreenRecordingSession` API) against a `fetch` that records the requests and answers as
 * SRS does. The guides show these records, so a payload on a page is the payload the code sends.
 * Secrets are replaced by what they stand for before anything leaves this file.
 */
import {
  createScreenRecordingSession,
  type LoginParams,
  type PlaceParams,
} from '../../packages/core/src/index';

export interface WireRequest {
  method: string;
  path: string;
  headers: [string, string][];
  /** The body as sent, spaced out for reading (a list one entry per line); null when there is none. */
  body: string | null;
}

export interface WireExample {
  /** The application's calls, written from the very calls that ran. */
  code: string;
  /** The requests they sent, in order, polls left out. */
  requests: WireRequest[];
}

const SRS_URL = 'https://127.0.0.1:8443';
export const CSRF_TOKEN_STAND_IN = '<the token from the login answer>';
const AUTHORIZATION_STAND_IN = 'Basic <base64 of username:password>';

/** The simulator's agent and the API guide's place, so the examples also run against `pnpm simulator`. */
const agent = { username: 'alice', password: 'alice-password', server: 'https://rws.dc1.example.com' };

type Session = ReturnType<typeof createScreenRecordingSession>;

/** One call of the application's, and the same call written as code for the page. */
interface Step {
  run(session: Session): Promise<void>;
  code: string;
}

async function record(steps: Step[]): Promise<WireExample> {
  const requests: WireRequest[] = [];
  let token = 0;
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const headers = new Headers(init.headers);
    const shown: [string, string][] = [];
    headers.forEach((value, name) => {
      if (name === 'authorization') shown.push(['Authorization', AUTHORIZATION_STAND_IN]);
      else if (name === 'x-csrf-token') shown.push(['X-CSRF-Token', CSRF_TOKEN_STAND_IN]);
      else shown.push([canonicalHeaderName(name), value]);
    });
    const body = typeof init.body === 'string' ? forReading(JSON.parse(init.body)) : null;
    if (url.pathname !== '/ping')
      requests.push({ method: init.method ?? 'GET', path: url.pathname, headers: shown, body });
    const answer = new Headers({ 'Content-Type': 'application/json' });
    // SRS answers a login that asked for CSRF protection with the session's token.
    if (headers.get('x-support-csrfp') === 'true') answer.set('X-CSRF-Token', `token-${++token}`);
    return new Response('{"statusCode":0}', { status: 200, headers: answer });
  };
  const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch });
  try {
    for (const step of steps) await step.run(session);
  } finally {
    session.dispose();
  }
  return { code: steps.map((step) => step.code).join('\n'), requests };
}

/** JSON with a space after each colon and comma, and a top-level list one entry per line. */
export function forReading(value: unknown, topLevel = true): string {
  if (Array.isArray(value)) {
    const items = value.map((item) => forReading(item, false));
    return topLevel ? `[\n${items.map((item) => `  ${item}`).join(',\n')}\n]` : `[${items.join(', ')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(
      ([key, item]) => `${JSON.stringify(key)}: ${forReading(item, false)}`,
    );
    return `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

function canonicalHeaderName(name: string): string {
  const known: Record<string, string> = { 'x-support-csrfp': 'X-Support-CSRFP' };
  return (
    known[name] ??
    name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase())
  );
}

/** A call's argument as it would be written in code; the password as the variable that would hold it. */
function asCode(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${indent}  ${asCode(item)},\n`).join('')}${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) =>
      key === 'password' ? `${key}: agentPassword` : `${key}: ${asCode(item, `${indent}  `)}`,
    );
    const inline = `{ ${entries.join(', ')} }`;
    if (indent !== '' || inline.length <= 60) return inline;
    return `{\n${entries.map((entry) => `  ${entry},\n`).join('')}}`;
  }
  return typeof value === 'string' ? `'${value}'` : String(value);
}

const login = (params: LoginParams): Step => ({
  run: (session) => session.login(params),
  code: `await session.login(${asCode(params)});`,
});
const switchPlace = (params: PlaceParams): Step => ({
  run: (session) => session.switchPlace(params),
  code: `await session.switchPlace(${asCode(params)});`,
});
const failover: Step = { run: (session) => session.failover(), code: 'await session.failover();' };
const logout: Step = { run: (session) => session.logout(), code: 'await session.logout();' };

export async function wireExamples() {
  const devices = [
    { dn: 'DN1', switch: 'SwitchA' },
    { dn: 'DN2', switch: 'SwitchB' },
  ];
  return {
    defaultPlace: await record([login(agent)]),
    hotSeating: await record([login({ ...agent, place: 'alicePlace', devices })]),
    singleDnPlace: await record([
      login({ ...agent, username: 'bob', password: 'bob-password', place: 'bobPlace' }),
    ]),
    placeSwitch: await record([login(agent), switchPlace({ place: 'bobPlace' })]),
    recovery: await record([login({ ...agent, peerServer: 'https://rws.dc2.example.com' }), failover]),
    logout: await record([login(agent), logout]),
  };
}

export type WireExamples = Awaited<ReturnType<typeof wireExamples>>;
