import { describe, expect, it, vi } from 'vitest';
import type { SimulatorOptions, SrsSimulator } from '../src/index';
import {
  ALICE,
  APP_ORIGIN,
  basic,
  control,
  GUIDE_DEFAULT_PLACE,
  GUIDE_HOT_SEATING,
  login,
  logout,
  ping,
  RWS_DC1,
  rawRequest,
  useSimulator,
} from './helpers';

/** A simulator whose `log` lines are collected, without their time of day (checked once, below). */
async function useLoggedSimulator(options: SimulatorOptions = {}) {
  const lines: string[] = [];
  const simulator = await useSimulator({ ...options, log: (line) => lines.push(line) });
  return { simulator, lines, bare: () => lines.map((line) => line.replace(TIME, '')) };
}

const TIME = /^\d\d:\d\d:\d\d\.\d{3} /;

describe('log lines', () => {
  it('gives one line per request once answered, starting with the local time of arrival', async () => {
    const arrival = new Date(2026, 0, 2, 9, 5, 7, 42).getTime();
    const { simulator, lines } = await useLoggedSimulator({ now: () => arrival });
    await ping(simulator);

    expect(lines).toEqual([
      '09:05:07.042 GET /ping as alice → 401 refused: no live session: never logged in',
    ]);
    expect(simulator.requests[0]?.refusal).toEqual({ reason: 'no-session', detail: 'never logged in' });
  });

  it('says what became of the session a ping or logout does not find', async () => {
    let clock = 0;
    const { simulator, bare } = await useLoggedSimulator({ now: () => clock, sessionTimeoutMs: 1_000 });
    await login(simulator);
    clock = 1_500;
    await ping(simulator);
    await login(simulator);
    await logout(simulator);
    await logout(simulator);
    await login(simulator);
    simulator.expireSessions();
    await ping(simulator);
    await login(simulator);
    simulator.restart();
    await ping(simulator);
    await login(simulator);
    simulator.loseDataCenter(RWS_DC1);
    await ping(simulator);

    expect(bare().filter((line) => line.includes('401'))).toEqual([
      'GET /ping as alice → 401 refused: no live session: timed out, no ping for 1.5 s (timeout 1 s)',
      'POST /api/v2/me (logout) as alice → 401 refused: no live session: logged out',
      'GET /ping as alice → 401 refused: no live session: expired by expire-sessions',
      'GET /ping as alice → 401 refused: no live session: lost when SRS restarted',
      `GET /ping as alice → 401 refused: no live session: dropped with its data center ${RWS_DC1}`,
    ]);
  });

  it('tells a missing, unreadable or wrong Basic header apart, without ever printing it', async () => {
    const { simulator, bare, lines } = await useLoggedSimulator();
    await ping(simulator, { auth: null });
    await ping(simulator, { auth: 'Bearer alice-password' });
    await ping(simulator, { auth: basic('alice', 'not-her-password') });
    await ping(simulator, { auth: basic('mallory', 'alice-password') });

    expect(bare()).toEqual([
      'GET /ping → 401 refused: no Authorization header',
      'GET /ping → 401 refused: Authorization is not Basic user:password',
      'GET /ping as alice → 401 refused: wrong password',
      'GET /ping as mallory → 401 refused: unknown agent',
    ]);
    const wrong = basic('alice', 'not-her-password').slice('Basic '.length);
    for (const secret of ['alice-password', 'not-her-password', 'Bearer', wrong]) {
      expect(lines.join('\n')).not.toContain(secret);
    }
    expect(simulator.requests.map((entry) => entry.refusal?.reason)).toEqual([
      'no-credentials',
      'no-credentials',
      'bad-credentials',
      'bad-credentials',
    ]);
  });

  it('never holds a password, an Authorization header or a CSRF token', async () => {
    const { simulator, lines } = await useLoggedSimulator({ allowedOrigins: [APP_ORIGIN] });
    const token = (await login(simulator, GUIDE_HOT_SEATING, { csrf: true, origin: APP_ORIGIN })).headers.get(
      'x-csrf-token',
    ) as string;
    await ping(simulator, { origin: APP_ORIGIN });
    await logout(simulator, { origin: APP_ORIGIN });
    await logout(simulator, { token: 'wrong-token-value', origin: APP_ORIGIN });
    await logout(simulator, { token, origin: APP_ORIGIN });

    const text = lines.join('\n');
    expect(lines.map((line) => line.replace(TIME, ''))).toEqual([
      `POST /api/v2/me (login) as alice from ${APP_ORIGIN} → 200`,
      `GET /ping as alice from ${APP_ORIGIN} → 200`,
      `POST /api/v2/me (logout) as alice from ${APP_ORIGIN} → 403 refused: logout without X-CSRF-Token (the session was opened with CSRF)`,
      `POST /api/v2/me (logout) as alice from ${APP_ORIGIN} → 403 refused: X-CSRF-Token is not this session's (an earlier login's?)`,
      `POST /api/v2/me (logout) as alice from ${APP_ORIGIN} → 200`,
    ]);
    for (const secret of ['alice-password', ALICE.slice('Basic '.length), token, 'wrong-token-value']) {
      expect(text).not.toContain(secret);
    }
  });

  it('names the refused origin with the allowed ones, at most four of them', async () => {
    const allowedOrigins = Array.from({ length: 6 }, (_, offset) => `http://127.0.0.1:${5173 + offset}`);
    const { simulator, bare } = await useLoggedSimulator({ allowedOrigins });
    await ping(simulator, { origin: APP_ORIGIN });

    expect(bare()).toEqual([
      `GET /ping as alice from ${APP_ORIGIN} → 403 refused: origin not allowed (allowed: http://127.0.0.1:5173, http://127.0.0.1:5174, http://127.0.0.1:5175, http://127.0.0.1:5176 and 2 more)`,
    ]);
    const none = await useLoggedSimulator();
    await ping(none.simulator, { origin: APP_ORIGIN });
    expect(none.bare()[0]).toMatch(/origin not allowed \(allowed: none\)$/);
  });

  it('names a refused host, an oversized body, a bad login body, an unknown path and a wrong method', async () => {
    const { simulator, bare } = await useLoggedSimulator({ allowedHosts: ['srs-simulator'] });
    await rawRequest(simulator, '/ping', { headers: { Host: 'rebound.example:4100', Authorization: ALICE } });
    await login(simulator, JSON.stringify(GUIDE_DEFAULT_PLACE).padEnd(70 * 1024));
    await login(simulator, [
      { name: 'server', value: RWS_DC1 },
      { name: 'place', value: 'nowhere' },
    ]);
    await login(simulator, '{not json');
    await rawRequest(simulator, '/api/v2/you', { method: 'OPTIONS', headers: { Origin: APP_ORIGIN } });
    await fetch(`${simulator.url}/ping`, { method: 'DELETE', headers: { Authorization: ALICE } });

    expect(bare()).toEqual([
      "GET /ping as alice → 403 refused: host 'rebound.example' not allowed (allowed: loopback names, the listening address, srs-simulator)",
      'POST /api/v2/me as alice → 413 refused: body too large (over 65536 bytes)',
      expect.stringMatching(/^POST \/api\/v2\/me \(login\) as alice → 400 refused: bad request: .*nowhere/),
      'POST /api/v2/me as alice → 400 refused: bad request: body must be JSON',
      expect.stringMatching(
        /^OPTIONS \/api\/v2\/you from http:\/\/localhost:5173 → 403 refused: origin not allowed/,
      ),
      'DELETE /ping as alice → 405 refused: method not allowed (use GET, OPTIONS)',
    ]);
  });

  it('answers a preflight asking for a method or header it does not allow, and says the browser will refuse', async () => {
    const { simulator, bare } = await useLoggedSimulator({ allowedOrigins: [APP_ORIGIN] });
    const preflight = (requestMethod: string, requestHeaders: string) =>
      fetch(`${simulator.url}/api/v2/me`, {
        method: 'OPTIONS',
        headers: {
          Origin: APP_ORIGIN,
          'Access-Control-Request-Method': requestMethod,
          'Access-Control-Request-Headers': requestHeaders,
        },
      });
    const answers = [
      await preflight('POST', 'authorization, content-type, x-support-csrfp'),
      await preflight('POST', 'authorization, x-trace-id'),
      await preflight('PUT', 'authorization'),
    ];

    expect(answers.map((answer) => answer.status)).toEqual([204, 204, 204]);
    expect(bare()).toEqual([
      `OPTIONS /api/v2/me from ${APP_ORIGIN} → 204`,
      `OPTIONS /api/v2/me from ${APP_ORIGIN} → 204, but the browser will refuse: header not allowed (x-trace-id asked; allowed: Authorization, Content-Type, X-Support-CSRFP, X-CSRF-Token)`,
      `OPTIONS /api/v2/me from ${APP_ORIGIN} → 204, but the browser will refuse: method not allowed (PUT asked; use GET, POST)`,
    ]);
  });

  it('names the injected fault, and a dropped request as unanswered', async () => {
    const { simulator, bare } = await useLoggedSimulator();
    await login(simulator);
    simulator.injectFault({ kind: 'error', status: 503 }, { times: 1 });
    await ping(simulator);
    simulator.injectFault({ kind: 'slow', delayMs: 20 }, { times: 1 });
    await ping(simulator);
    simulator.injectFault({ kind: 'down' }, { times: 1 });
    await expect(ping(simulator)).rejects.toThrow();
    await login(simulator, GUIDE_DEFAULT_PLACE);
    simulator.loseDataCenter(RWS_DC1);
    await login(simulator, GUIDE_DEFAULT_PLACE);

    await expect.poll(() => bare().length).toBe(6);
    expect(bare()).toEqual([
      'POST /api/v2/me (login) as alice → 200',
      'GET /ping as alice → 503 (injected fault: error)',
      'GET /ping as alice → 200 (injected fault: slow)',
      'GET /ping as alice → no answer (injected fault: down)',
      'POST /api/v2/me (login) as alice → 200',
      `POST /api/v2/me (login) as alice → 503 refused: data center lost: cannot reach RWS at ${RWS_DC1}`,
    ]);
  });

  it('marks control calls, and leaves out the state reads and preflights a panel makes every second', async () => {
    const { simulator, bare } = await useLoggedSimulator({ allowedOrigins: [APP_ORIGIN] });
    await control(simulator, 'GET', 'state', undefined, APP_ORIGIN);
    await fetch(`${simulator.url}/__simulator/fault`, {
      method: 'OPTIONS',
      headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'DELETE' },
    });
    await control(simulator, 'DELETE', 'fault', undefined, APP_ORIGIN);
    await control(simulator, 'POST', 'fault', { fault: { kind: 'sideways' } });
    await control(simulator, 'GET', 'state', undefined, 'http://evil.example');
    await control(simulator, 'POST', 'nothing');

    expect(bare()).toEqual([
      `control DELETE /__simulator/fault from ${APP_ORIGIN} → 200`,
      "control POST /__simulator/fault → 400 refused: bad request: fault kind must be 'down', 'slow' or 'error'",
      'control GET /__simulator/state from http://evil.example → 403 refused: origin not allowed (allowed: http://localhost:5173)',
      'control POST /__simulator/nothing → 404 refused: no such endpoint',
    ]);
    // Control calls are printed, never kept in the request log.
    expect(simulator.requests).toEqual([]);
  });

  it('prints a client-chosen user name without control characters and cut short', async () => {
    const { simulator, bare } = await useLoggedSimulator();
    await ping(simulator, { auth: basic('eve\u001b[2J\r\nfake\u202eline', 'x') });
    await ping(simulator, { auth: basic('a'.repeat(300), 'x') });

    expect(bare()[0]).toBe('GET /ping as eve?[2J??fake?line → 401 refused: unknown agent');
    expect(bare()[1]).toBe(`GET /ping as ${'a'.repeat(120)}… → 401 refused: unknown agent`);
  });

  it('keeps serving when the log function throws, and warns', async () => {
    const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    let simulator: SrsSimulator;
    try {
      simulator = await useSimulator({
        log: () => {
          throw new Error('disk full');
        },
      });
      expect((await ping(simulator)).status).toBe(401);
      expect((await ping(simulator)).status).toBe(401);
      expect(warnings.mock.calls.map(([text]) => text)).toEqual([
        "the simulator's log option threw: disk full",
        "the simulator's log option threw: disk full",
      ]);
    } finally {
      warnings.mockRestore();
    }
  });

  it('keeps the refusal in the request log and the state endpoint, and nothing for a request served', async () => {
    const { simulator } = await useLoggedSimulator();
    await ping(simulator);
    await login(simulator);
    const state = (await (await control(simulator, 'GET', 'state')).json()) as {
      requests: Record<string, unknown>[];
    };

    expect(state.requests[0]?.refusal).toEqual({ reason: 'no-session', detail: 'never logged in' });
    expect(state.requests[1]).not.toHaveProperty('refusal');
  });

  it('rejects a log that is not a function', async () => {
    await expect(useSimulator({ log: 'stdout' as unknown as () => void })).rejects.toThrow(
      /log must be a function/,
    );
  });
});
