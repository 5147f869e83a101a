import { describe, expect, it } from 'vitest';
import { ALICE, APP_ORIGIN, login, ping, usernames, useSimulator } from './helpers';

const preflight = (url: string, origin: string, extra: Record<string, string> = {}) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization, content-type, x-support-csrfp',
      ...extra,
    },
  });

describe('CORS', () => {
  it('answers a preflight from an allowed origin with the methods and headers a desktop needs', async () => {
    const simulator = await useSimulator({ allowedOrigins: [APP_ORIGIN] });
    const response = await preflight(`${simulator.url}/api/v2/me`, APP_ORIGIN);

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'Authorization, Content-Type, X-Support-CSRFP, X-CSRF-Token',
    );
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('vary')).toBe('Origin');
    // Only sent when Chromium asks for it.
    expect(response.headers.get('access-control-allow-private-network')).toBeNull();
  });

  it("opts into Chromium's Private Network Access when the preflight asks", async () => {
    const simulator = await useSimulator({ allowedOrigins: [APP_ORIGIN] });
    const response = await preflight(`${simulator.url}/ping`, APP_ORIGIN, {
      'Access-Control-Request-Private-Network': 'true',
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-private-network')).toBe('true');
  });

  it('refuses a preflight from an origin that is not allowed, without any CORS header', async () => {
    const simulator = await useSimulator({ allowedOrigins: [APP_ORIGIN] });
    const response = await preflight(`${simulator.url}/api/v2/me`, 'http://evil.example');

    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('refuses an actual request from an origin that is not allowed, with no effect on sessions', async () => {
    const simulator = await useSimulator({ allowedOrigins: [APP_ORIGIN] });
    const response = await login(simulator, undefined, { origin: 'http://localhost:5174' });

    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(simulator.sessions()).toEqual([]);
  });

  it('puts CORS headers, including the exposed CSRF token header, on answers to an allowed origin', async () => {
    const simulator = await useSimulator({ allowedOrigins: [APP_ORIGIN] });
    const response = await login(simulator, undefined, { origin: APP_ORIGIN, csrf: true });

    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-expose-headers')).toBe('X-CSRF-Token');
    expect(response.headers.get('x-csrf-token')).toBeTruthy();

    // Error answers too, or the page could not even read the status.
    const refused = await ping(simulator, { origin: APP_ORIGIN, auth: 'Basic bm9ib2R5Og==' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  });

  it('serves a request without Origin (a non-browser client) with no CORS headers', async () => {
    const simulator = await useSimulator({ allowedOrigins: [] });
    const response = await login(simulator);

    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(usernames(simulator)).toEqual(['alice']);
  });

  it('refuses every browser origin by default', async () => {
    const simulator = await useSimulator();
    const response = await ping(simulator, { auth: ALICE, origin: APP_ORIGIN });
    expect(response.status).toBe(403);
  });

  it('rejects a configured origin that a browser could never send', async () => {
    await expect(useSimulator({ allowedOrigins: ['http://localhost:5173/'] })).rejects.toThrow(
      /did you mean 'http:\/\/localhost:5173'/,
    );
  });
});
