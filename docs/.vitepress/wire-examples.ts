/**
 * What the library sends SRS, recorded when the site is built: each example runs a real session (the
 * public `createScreenRecordingSession` API) against a `fetch` that records the requests and answers as
 * SRS does. The guides show these records, so a payload on a page is the payload the code sends.
 * Secrets are replaced by what they stand for before anything leaves this file.
 */
import { createScreenRecordingSession, type LoginParams } from '../../packages/core/src/index';

export interface WireRequest {
  method: string;
  path: string;
  headers: [string, string][];
  /** The body as sent, re-indented for reading; null when there is none. */
  body: string | null;
}

export interface WireExample {
  /** The application's calls, as code. */
  code: string;
  /** The requests they sent, in order, polls left out. */
  requests: WireRequest[];
}

const SRS_URL = 'https://127.0.0.1:8443';
export const CSRF_TOKEN_STAND_IN = '<the token from the login answer>';
const AUTHORIZATION_STAND_IN = 'Basic <base64 of username:password>';

/** The simulator's agent and the API guide's place, so the examples also run against `pnpm simulator`. */
const agent = { username: 'alice', password: 'alice-password', server: 'https://rws.dc1.example.com' };

type Step = (session: ReturnType<typeof createScreenRecordingSession>) => Promise<void>;

async function record(code: string, steps: Step[]): Promise<WireExample> {
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
    const body = typeof init.body === 'string' ? JSON.stringify(JSON.parse(init.body), null, 2) : null;
    if (url.pathname !== '/ping')
      requests.push({ method: init.method ?? 'GET', path: url.pathname, headers: shown, body });
    const answer = new Headers({ 'Content-Type': 'application/json' });
    // SRS answers a login that asked for CSRF protection with the session's token.
    if (headers.get('x-support-csrfp') === 'true') answer.set('X-CSRF-Token', `token-${++token}`);
    return new Response('{"statusCode":0}', { status: 200, headers: answer });
  };
  const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch });
  try {
    for (const step of steps) await step(session);
  } finally {
    session.dispose();
  }
  return { code, requests };
}

function canonicalHeaderName(name: string): string {
  const known: Record<string, string> = { 'x-support-csrfp': 'X-Support-CSRFP' };
  return (
    known[name] ??
    name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase())
  );
}

const login =
  (params: LoginParams): Step =>
  (session) =>
    session.login(params);

export async function wireExamples() {
  const hotSeating: LoginParams = {
    ...agent,
    place: 'alicePlace',
    devices: [
      { dn: 'DN1', switch: 'SwitchA' },
      { dn: 'DN2', switch: 'SwitchB' },
    ],
  };
  return {
    defaultPlace: await record(
      `await session.login({
  username: 'alice',
  password: agentPassword,
  server: 'https://rws.dc1.example.com',
});`,
      [login(agent)],
    ),
    hotSeating: await record(
      `await session.login({
  username: 'alice',
  password: agentPassword,
  server: 'https://rws.dc1.example.com',
  place: 'alicePlace',
  devices: [
    { dn: 'DN1', switch: 'SwitchA' },
    { dn: 'DN2', switch: 'SwitchB' },
  ],
});`,
      [login(hotSeating)],
    ),
    singleDnPlace: await record(
      `await session.login({
  username: 'bob',
  password: agentPassword,
  server: 'https://rws.dc1.example.com',
  place: 'bobPlace', // one DN: no devices needed
});`,
      [login({ ...agent, username: 'bob', password: 'bob-password', place: 'bobPlace' })],
    ),
    placeSwitch: await record(
      `await session.login({ username: 'alice', password: agentPassword, server: 'https://rws.dc1.example.com' });
// later, the agent moves to another desk:
await session.switchPlace({ place: 'bobPlace' });`,
      [login(agent), (session) => session.switchPlace({ place: 'bobPlace' })],
    ),
    recovery: await record(
      `await session.login({
  username: 'alice',
  password: agentPassword,
  server: 'https://rws.dc1.example.com',
  peerServer: 'https://rws.dc2.example.com', // the recovery data center's RWS
});
// later, the desktop's backend has moved to the recovery data center:
await session.failover();`,
      [login({ ...agent, peerServer: 'https://rws.dc2.example.com' }), (session) => session.failover()],
    ),
    logout: await record(
      `await session.login({ username: 'alice', password: agentPassword, server: 'https://rws.dc1.example.com' });
await session.logout();`,
      [login(agent), (session) => session.logout()],
    ),
  };
}

export type WireExamples = Awaited<ReturnType<typeof wireExamples>>;
