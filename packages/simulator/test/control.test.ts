import { describe, expect, it } from 'vitest';
import type { SimulatorState } from '../src/index';
import { APP_ORIGIN, basic, control, GUIDE_HOT_SEATING, login, ping, RWS_DC1, useSimulator } from './helpers';

const state = async (response: Response) => (await response.json()) as SimulatorState;

describe('control endpoint', () => {
  it('GET state reports sessions, fault, lost data centers and the SRS requests (not its own)', async () => {
    const simulator = await useSimulator();
    await login(simulator, GUIDE_HOT_SEATING);
    simulator.injectFault({ kind: 'error', status: 502 }, { paths: ['/ping'], times: 3 });
    simulator.loseDataCenter('https://rws.dc2.example.com');
    await control(simulator, 'GET', 'state');

    const response = await control(simulator, 'GET', 'state');
    expect(response.status).toBe(200);
    const body = await state(response);
    expect(body.sessions).toMatchObject([{ username: 'alice', place: 'alicePlace' }]);
    expect(body.fault).toEqual({
      fault: { kind: 'error', status: 502 },
      options: { paths: ['/ping'], times: 3 },
    });
    expect(body.lostDataCenters).toEqual(['https://rws.dc2.example.com']);
    expect(body.requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      'POST /api/v2/me 200',
    ]);
  });

  it('POST fault arms a fault and reports how many uses remain; DELETE fault clears it', async () => {
    const simulator = await useSimulator();
    const armed = await control(simulator, 'POST', 'fault', {
      fault: { kind: 'error', status: 503 },
      options: { times: 2 },
    });
    expect(armed.status).toBe(200);

    expect((await ping(simulator)).status).toBe(503);
    expect((await state(await control(simulator, 'GET', 'state'))).fault?.options.times).toBe(1);

    const cleared = await control(simulator, 'DELETE', 'fault');
    expect(cleared.status).toBe(200);
    expect((await state(cleared)).fault).toBeNull();
    expect((await ping(simulator)).status).toBe(401); // no session, but no fault either
  });

  it.each([
    ['a body that is not JSON', '{'],
    ['no fault', {}],
    ['an unknown kind', { fault: { kind: 'explode' } }],
    ['a non-5xx status', { fault: { kind: 'error', status: 418 } }],
    ['a slow fault without delay', { fault: { kind: 'slow' } }],
    ['bad options', { fault: { kind: 'down' }, options: 'twice' }],
    ['zero times', { fault: { kind: 'down' }, options: { times: 0 } }],
    ['an unknown path', { fault: { kind: 'down' }, options: { paths: ['/login'] } }],
  ])('POST fault with %s answers 400 and arms nothing', async (_label, body) => {
    const simulator = await useSimulator();
    const response = await control(simulator, 'POST', 'fault', body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBeTruthy();
    expect(simulator.requests).toEqual([]);
    expect((await ping(simulator)).status).toBe(401);
  });

  it('POST lose-data-center and restore-data-center drive the data-center state', async () => {
    const simulator = await useSimulator();
    await login(simulator, [{ name: 'server', value: RWS_DC1 }]);

    const lost = await control(simulator, 'POST', 'lose-data-center', { server: RWS_DC1 });
    expect(lost.status).toBe(200);
    expect(await state(lost)).toMatchObject({ sessions: [], lostDataCenters: [RWS_DC1] });
    expect((await login(simulator, [{ name: 'server', value: RWS_DC1 }])).status).toBe(503);

    const restored = await control(simulator, 'POST', 'restore-data-center', { server: RWS_DC1 });
    expect((await state(restored)).lostDataCenters).toEqual([]);
    expect((await login(simulator, [{ name: 'server', value: RWS_DC1 }])).status).toBe(200);

    expect((await control(simulator, 'POST', 'lose-data-center', { server: 'dc1' })).status).toBe(400);
    expect((await control(simulator, 'POST', 'restore-data-center', {})).status).toBe(400);
  });

  it('POST expire-sessions ends every session', async () => {
    const simulator = await useSimulator();
    await login(simulator, GUIDE_HOT_SEATING);
    await login(simulator, undefined, { auth: basic('bob', 'bob-password') });
    const response = await control(simulator, 'POST', 'expire-sessions');

    expect(response.status).toBe(200);
    expect((await state(response)).sessions).toEqual([]);
    expect((await ping(simulator)).status).toBe(401);
  });

  it('POST restart loses sessions and clears the fault', async () => {
    const simulator = await useSimulator();
    await login(simulator, GUIDE_HOT_SEATING);
    simulator.injectFault({ kind: 'down' });
    const response = await control(simulator, 'POST', 'restart');

    expect(await state(response)).toMatchObject({ sessions: [], fault: null });
    expect((await ping(simulator)).status).toBe(401);
  });

  it('POST clear-requests empties the request log', async () => {
    const simulator = await useSimulator();
    await ping(simulator);
    expect(simulator.requests).toHaveLength(1);
    expect((await state(await control(simulator, 'POST', 'clear-requests'))).requests).toEqual([]);
    expect(simulator.requests).toEqual([]);
  });

  it('GET state answers the newest 100 requests by default and says where they sit in the log', async () => {
    const simulator = await useSimulator();
    for (let sent = 0; sent < 150; sent += 25)
      await Promise.all(Array.from({ length: 25 }, () => ping(simulator)));

    const body = await state(await control(simulator, 'GET', 'state'));
    expect(body.requests).toHaveLength(100);
    expect(body.requests).toEqual(simulator.requests.slice(50));
    expect(body.requestLog).toEqual({ from: 50, next: 150, end: 150, oldest: 0 });
    // The same default applies to the state that the other control calls answer.
    expect((await state(await control(simulator, 'POST', 'expire-sessions'))).requests).toHaveLength(100);
  });

  it('GET state pages the request log with limit and since', async () => {
    const simulator = await useSimulator();
    // Each claims another user, so that no two entries are alike.
    for (let sent = 0; sent < 30; sent++) await ping(simulator, { auth: basic(`user${sent}`, 'pw') });
    const all = simulator.requests;
    const page = async (query: string) => state(await control(simulator, 'GET', `state?${query}`));

    const newest = await page('limit=5');
    expect(newest.requests).toEqual(all.slice(25));
    expect(newest.requestLog).toEqual({ from: 25, next: 30, end: 30, oldest: 0 });

    const first = await page('since=0&limit=20');
    expect(first.requests).toEqual(all.slice(0, 20));
    expect(first.requestLog).toMatchObject({ from: 0, next: 20, end: 30 });
    const rest = await page(`since=${first.requestLog.next}&limit=20`);
    expect(rest.requests).toEqual(all.slice(20));
    expect(rest.requestLog).toMatchObject({ from: 20, next: 30, end: 30 });
    expect((await page('since=30')).requests).toEqual([]);

    // Positions keep counting after a clear; what was cleared is no longer there to read.
    await control(simulator, 'POST', 'clear-requests');
    await ping(simulator);
    const afterClear = await page('since=0');
    expect(afterClear.requestLog).toEqual({ from: 30, next: 31, end: 31, oldest: 30 });
    expect(afterClear.requests).toHaveLength(1);
  });

  it.each(['limit=0', 'limit=abc', 'limit=5001', 'since=-1', 'since=1.5'])(
    'GET state?%s answers 400',
    async (query) => {
      const simulator = await useSimulator();
      const response = await control(simulator, 'GET', `state?${query}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(/limit|since/);
    },
  );

  it('answers 404 for an unknown action and 405 for a wrong method', async () => {
    const simulator = await useSimulator();
    expect((await control(simulator, 'POST', 'explode')).status).toBe(404);
    const wrong = await control(simulator, 'GET', 'restart');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('follows the same CORS rules, and announces DELETE in its preflights', async () => {
    const simulator = await useSimulator({ allowedOrigins: [APP_ORIGIN] });

    const preflight = await fetch(`${simulator.url}/__simulator/fault`, {
      method: 'OPTIONS',
      headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'DELETE' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE, OPTIONS');

    const allowed = await control(simulator, 'GET', 'state', undefined, APP_ORIGIN);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);

    const refused = await control(simulator, 'POST', 'restart', undefined, 'http://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});
