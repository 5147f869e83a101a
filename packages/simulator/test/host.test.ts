import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../src/index';
import { ALICE, APP_ORIGIN, GUIDE_DEFAULT_PLACE, rawRequest, useSimulator } from './helpers';

/** What a page on `http://rebound.example:<port>` sends once its name resolves to 127.0.0.1. */
const reboundHost = (port: number) => `rebound.example:${port}`;

describe('Host check (DNS rebinding)', () => {
  it('refuses the state endpoint to a Host that is not loopback, with a 403 that says why', async () => {
    const simulator = await useSimulator();
    const answer = await rawRequest(simulator, '/__simulator/state', {
      headers: { Host: reboundHost(simulator.port) },
    });

    expect(answer.status).toBe(403);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    const { message } = JSON.parse(answer.body) as { message: string };
    expect(message).toContain("Host 'rebound.example' is not allowed");
    expect(message).toContain('DNS rebinding');
    expect(message).toContain('--allowed-host rebound.example');
    expect(answer.body).not.toContain('sessions');
  });

  it('arms no fault and logs no body for a rebound page, even a same-origin one', async () => {
    const simulator = await useSimulator();
    const host = reboundHost(simulator.port);
    const fault = await rawRequest(simulator, '/__simulator/fault', {
      method: 'POST',
      headers: { Host: host, 'Content-Type': 'application/json' },
      body: JSON.stringify({ fault: { kind: 'down' } }),
    });
    const restart = await rawRequest(simulator, '/__simulator/restart', {
      method: 'POST',
      headers: { Host: host },
    });
    const loginAnswer = await rawRequest(simulator, '/api/v2/me', {
      method: 'POST',
      headers: {
        Host: host,
        Origin: `http://${host}`,
        Authorization: ALICE,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(GUIDE_DEFAULT_PLACE),
    });

    expect([fault.status, restart.status, loginAnswer.status]).toEqual([403, 403, 403]);
    expect(simulator.sessions()).toEqual([]);
    // No fault was armed: a ping from a loopback name is answered (401: nobody logged in).
    expect((await rawRequest(simulator, '/ping', { headers: { Authorization: ALICE } })).status).toBe(401);
    expect(simulator.requests[0]).toMatchObject({ path: '/api/v2/me', status: 403, body: null });
  });

  it.each([
    ['127.0.0.1 with its port', (port: number) => `127.0.0.1:${port}`],
    ['localhost', (port: number) => `localhost:${port}`],
    ['LocalHost in capitals', (port: number) => `LocalHost:${port}`],
    ['a name under .localhost', (port: number) => `desk.localhost:${port}`],
    ['another 127/8 address', () => '127.0.0.2'],
    ['[::1]', (port: number) => `[::1]:${port}`],
  ])('serves %s', async (_label, host) => {
    const simulator = await useSimulator();
    const answer = await rawRequest(simulator, '/__simulator/state', {
      headers: { Host: host(simulator.port) },
    });
    expect(answer.status).toBe(200);
  });

  it.each([
    ['a public name', 'example.com'],
    ['a name ending in localhost that is not under it', 'evillocalhost'],
    ['localhost as a subdomain of another name', 'localhost.rebound.example'],
    ['an address that is not the one it listens on', '198.51.100.77'],
    ['an empty Host', ''],
    ['a Host with user info', 'localhost@rebound.example'],
  ])('refuses %s', async (_label, host) => {
    const simulator = await useSimulator();
    const answer = await rawRequest(simulator, '/__simulator/state', { headers: { Host: host } });
    expect(answer.status).toBe(403);
  });

  it('serves the name it was told to listen on', async () => {
    const simulator = await useSimulator({ host: 'localhost' });
    const answer = await rawRequest(simulator, '/__simulator/state', {
      headers: { Host: `localhost:${simulator.port}` },
    });
    expect(answer.status).toBe(200);
  });

  it('bound to every interface, serves the addresses of those interfaces and no other', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal);
    const simulator = await useSimulator({ host: '0.0.0.0' });
    const statusFor = async (host: string) =>
      (await rawRequest(simulator, '/__simulator/state', { headers: { Host: host } })).status;

    if (external !== undefined) expect(await statusFor(`${external.address}:${simulator.port}`)).toBe(200);
    const elsewhere = '198.51.100.77'; // documentation range (TEST-NET-2)
    expect(
      Object.values(networkInterfaces())
        .flat()
        .map((entry) => entry?.address),
    ).not.toContain(elsewhere);
    expect(await statusFor(`${elsewhere}:${simulator.port}`)).toBe(403);
    expect(await statusFor(`127.0.0.1:${simulator.port}`)).toBe(200);
  });

  it('serves the names in allowedHosts, and a leading dot allows a domain and its subdomains', async () => {
    const simulator = await useSimulator({
      allowedHosts: ['srs-simulator', '.ci.example'],
      allowedOrigins: [APP_ORIGIN],
    });
    const statusFor = async (host: string) =>
      (await rawRequest(simulator, '/__simulator/state', { headers: { Host: host } })).status;

    expect(await statusFor('srs-simulator:4100')).toBe(200);
    expect(await statusFor('SRS-Simulator')).toBe(200);
    expect(await statusFor('ci.example')).toBe(200);
    expect(await statusFor('runner-7.ci.example:4100')).toBe(200);
    expect(await statusFor('srs-simulator.rebound.example')).toBe(403);
    expect(await statusFor('notci.example')).toBe(403);
  });

  it.each([
    [['http://srs-simulator'], /allowedHosts entry 'http:\/\/srs-simulator' is not a host name/],
    [['srs-simulator:4100'], /without a port/],
    [[''], /is not a host name/],
    [['.'], /is not a host name/],
  ])('refuses allowedHosts %j', async (allowedHosts, expected) => {
    await expect(startSimulator({ port: 0, allowedHosts })).rejects.toThrow(expected);
  });
});
