import { describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index';
import { APP_ORIGIN, control, GUIDE_HOT_SEATING, login, ping, usernames, useSimulator } from './helpers';

describe('faults', () => {
  it('down: the socket is destroyed, so fetch rejects; clearing the fault brings SRS back', async () => {
    const simulator = await useSimulator();
    simulator.injectFault({ kind: 'down' });

    await expect(login(simulator, GUIDE_HOT_SEATING)).rejects.toThrow(TypeError);
    await expect(ping(simulator)).rejects.toThrow(TypeError);
    expect(simulator.sessions()).toEqual([]);
    expect(simulator.requests.map((entry) => [entry.path, entry.status, entry.fault])).toEqual([
      ['/api/v2/me', null, 'down'],
      ['/ping', null, 'down'],
    ]);

    simulator.clearFault();
    expect((await login(simulator, GUIDE_HOT_SEATING)).status).toBe(200);
  });

  it('slow: the answer comes after delayMs, and is the normal one', async () => {
    const simulator = await useSimulator();
    await login(simulator, GUIDE_HOT_SEATING);
    simulator.injectFault({ kind: 'slow', delayMs: 200 });

    const started = performance.now();
    const response = await ping(simulator);
    const elapsed = performance.now() - started;

    expect(response.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(simulator.requests.at(-1)).toMatchObject({ path: '/ping', status: 200, fault: 'slow' });

    simulator.clearFault();
    const fastStart = performance.now();
    await ping(simulator);
    expect(performance.now() - fastStart).toBeLessThan(150);
  });

  it('error: answers the 5xx with no effect on sessions, until `times` is used up', async () => {
    const simulator = await useSimulator();
    simulator.injectFault({ kind: 'error', status: 503 }, { times: 2 });

    const first = await login(simulator, GUIDE_HOT_SEATING);
    expect(first.status).toBe(503);
    expect(await first.json()).toEqual({ message: 'simulated failure' });
    expect((await login(simulator, GUIDE_HOT_SEATING)).status).toBe(503);
    expect(simulator.sessions()).toEqual([]);

    expect((await login(simulator, GUIDE_HOT_SEATING)).status).toBe(200);
    expect(usernames(simulator)).toEqual(['alice']);
  });

  it('error: defaults to 500 and keeps going without `times`', async () => {
    const simulator = await useSimulator();
    simulator.injectFault({ kind: 'error' });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await ping(simulator)).status).toBe(500);
    }
  });

  it('paths: only the listed endpoint is affected', async () => {
    const simulator = await useSimulator();
    simulator.injectFault({ kind: 'error', status: 502 }, { paths: ['/ping'], times: 1 });

    // The login does not match, so it neither fails nor uses up the single `times`.
    expect((await login(simulator, GUIDE_HOT_SEATING)).status).toBe(200);
    expect((await ping(simulator)).status).toBe(502);
    expect((await ping(simulator)).status).toBe(200);
  });

  it('leaves preflights and the control endpoint alone, so a browser reaches the faulted request', async () => {
    const simulator = await useSimulator({ allowedOrigins: [APP_ORIGIN] });
    simulator.injectFault({ kind: 'down' });

    const preflight = await fetch(`${simulator.url}/ping`, {
      method: 'OPTIONS',
      headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect((await control(simulator, 'GET', 'state')).status).toBe(200);
    await expect(ping(simulator, { origin: APP_ORIGIN })).rejects.toThrow();
  });

  it('carries CORS headers on a simulated error, so the page can read its status', async () => {
    const simulator = await useSimulator({ allowedOrigins: [APP_ORIGIN] });
    simulator.injectFault({ kind: 'error' });
    const response = await ping(simulator, { origin: APP_ORIGIN });
    expect(response.status).toBe(500);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  });

  it('keeps one fault at a time: a new one replaces the previous', async () => {
    const simulator = await useSimulator();
    simulator.injectFault({ kind: 'down' });
    simulator.injectFault({ kind: 'error', status: 504 });
    expect((await ping(simulator)).status).toBe(504);
  });

  it('rejects faults it could not apply', async () => {
    const simulator = await useSimulator();
    expect(() => simulator.injectFault({ kind: 'error', status: 404 })).toThrow(RangeError);
    expect(() => simulator.injectFault({ kind: 'slow', delayMs: -1 })).toThrow(RangeError);
    expect(() => simulator.injectFault({ kind: 'down' }, { times: 0 })).toThrow(RangeError);
    expect(() => simulator.injectFault({ kind: 'down' }, { paths: ['/nope' as '/ping'] })).toThrow(TypeError);
  });

  it('close() does not wait for a slow answer', async () => {
    const simulator = await startSimulator();
    simulator.injectFault({ kind: 'slow', delayMs: 60_000 });
    const pending = ping(simulator).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const started = performance.now();
    await simulator.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(TypeError);
  });
});
