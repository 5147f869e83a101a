import { describe, expect, it } from 'vitest';
import { ALICE, APP_ORIGIN, control, GUIDE_HOT_SEATING, login, logout, ping, useSimulator } from './helpers';

describe('request log', () => {
  it('records each SRS request, preflights included, with who, what and the answer', async () => {
    let clock = 5_000;
    const simulator = await useSimulator({ allowedOrigins: [APP_ORIGIN], now: () => clock });
    await fetch(`${simulator.url}/api/v2/me`, {
      method: 'OPTIONS',
      headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST' },
    });
    const token = (await login(simulator, GUIDE_HOT_SEATING, { csrf: true, origin: APP_ORIGIN })).headers.get(
      'x-csrf-token',
    ) as string;
    clock = 6_000;
    await ping(simulator, { origin: APP_ORIGIN });
    await logout(simulator, { token, origin: APP_ORIGIN });

    expect(simulator.requests).toEqual([
      {
        at: 5_000,
        method: 'OPTIONS',
        path: '/api/v2/me',
        origin: APP_ORIGIN,
        status: 204,
        username: null,
        csrfRequested: false,
        csrfTokenSent: false,
        body: null,
        fault: null,
      },
      {
        at: 5_000,
        method: 'POST',
        path: '/api/v2/me',
        origin: APP_ORIGIN,
        status: 200,
        username: 'alice',
        csrfRequested: true,
        csrfTokenSent: false,
        body: GUIDE_HOT_SEATING,
        fault: null,
      },
      expect.objectContaining({ at: 6_000, method: 'GET', path: '/ping', status: 200, username: 'alice' }),
      expect.objectContaining({
        method: 'POST',
        path: '/api/v2/me',
        status: 200,
        csrfTokenSent: true,
        body: { operationName: 'EndContactCenterSession' },
      }),
    ]);
  });

  it('never holds a password, an Authorization header or a CSRF token, nor does the state endpoint', async () => {
    const simulator = await useSimulator();
    const token = (await login(simulator, GUIDE_HOT_SEATING, { csrf: true })).headers.get(
      'x-csrf-token',
    ) as string;
    await ping(simulator);
    await logout(simulator, { token: 'wrong-token-value' });
    await logout(simulator, { token });
    const state = await (await control(simulator, 'GET', 'state')).text();

    for (const text of [JSON.stringify(simulator.requests), JSON.stringify(simulator.sessions()), state]) {
      expect(text).not.toContain('alice-password');
      expect(text).not.toContain(ALICE.slice('Basic '.length));
      expect(text).not.toContain(token);
      expect(text).not.toContain('wrong-token-value');
    }
    expect(simulator.requests.map((entry) => entry.status)).toEqual([200, 200, 403, 200]);
  });

  it('records refused origins and wrong credentials, naming the user the request claimed', async () => {
    const simulator = await useSimulator();
    await ping(simulator, { origin: 'http://evil.example' });
    await ping(simulator, { auth: `Basic ${Buffer.from('alice:guess').toString('base64')}` });

    expect(simulator.requests).toMatchObject([
      { path: '/ping', origin: 'http://evil.example', status: 403 },
      { path: '/ping', origin: null, status: 401, username: 'alice' },
    ]);
    expect(JSON.stringify(simulator.requests)).not.toContain('guess');
  });

  it('hands out a snapshot that later requests and callers cannot change', async () => {
    const simulator = await useSimulator();
    await ping(simulator);
    const snapshot = simulator.requests;
    (snapshot[0] as { status: number | null }).status = 999;
    await ping(simulator);

    expect(snapshot).toHaveLength(1);
    expect(simulator.requests.map((entry) => entry.status)).toEqual([401, 401]);
  });
});
