import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENTS, DEFAULT_PLACES, startSimulator } from '../src/index';
import { basic, login, ping, RWS_DC1, useSimulator } from './helpers';

describe('options', () => {
  it('listens on 127.0.0.1 and an ephemeral port by default', async () => {
    const simulator = await useSimulator();
    expect(simulator.port).toBeGreaterThan(0);
    expect(simulator.url).toBe(`http://127.0.0.1:${simulator.port}`);
  });

  it('tells the address it listens on apart from the URL to reach it', async () => {
    const loopback = await useSimulator();
    expect(loopback.host).toBe('127.0.0.1');
    const everywhere = await useSimulator({ host: '0.0.0.0' });
    expect(everywhere.host).toBe('0.0.0.0');
    expect(everywhere.url).toBe(`http://127.0.0.1:${everywhere.port}`);
  });

  it('ships the agents and places the docs describe', () => {
    expect(DEFAULT_AGENTS.map((agent) => agent.username)).toEqual(['alice', 'bob']);
    expect(DEFAULT_PLACES).toEqual([
      {
        name: 'alicePlace',
        devices: [
          { dn: 'DN1', switch: 'SwitchA' },
          { dn: 'DN2', switch: 'SwitchB' },
        ],
      },
      { name: 'bobPlace', devices: [{ dn: 'DN3', switch: 'SwitchA' }] },
    ]);
  });

  it('uses the agents and places given instead of the defaults', async () => {
    const simulator = await useSimulator({
      agents: [{ username: 'dora', password: 'pw:with:colons' }],
      places: [{ name: 'desk', devices: [{ dn: '5001', switch: 'SIP' }] }],
    });
    const dora = basic('dora', 'pw:with:colons');
    const body = [
      { name: 'server', value: RWS_DC1 },
      { name: 'place', value: 'desk' },
    ];
    expect((await login(simulator, body, { auth: dora })).status).toBe(200);
    expect((await login(simulator, body)).status).toBe(401); // alice is not configured
    expect((await ping(simulator, { auth: dora })).status).toBe(200);
  });

  it('is not affected by later changes to the arrays it was given', async () => {
    const agents = [{ username: 'eve', password: 'first' }];
    const simulator = await useSimulator({ agents });
    (agents[0] as { password: string }).password = 'second';
    expect((await login(simulator, undefined, { auth: basic('eve', 'first') })).status).toBe(200);
  });

  it.each([
    [{ port: 70_000 }, /port/],
    [{ sessionTimeoutMs: 0 }, /sessionTimeoutMs/],
    [{ agents: [] }, /agents must not be empty/],
    [{ agents: [{ username: 'a:b', password: 'x' }] }, /contain no ':'/],
    [
      {
        agents: [
          { username: 'a', password: 'x' },
          { username: 'a', password: 'y' },
        ],
      },
      /listed twice/,
    ],
    [{ places: [{ name: 'p', devices: [] }] }, /has no DN/],
    [{ allowedOrigins: ['*'] }, /not an origin/],
  ])('refuses %j', async (options, expected) => {
    await expect(startSimulator(options)).rejects.toThrow(expected);
  });

  it('rejects when the port is taken', async () => {
    const first = await useSimulator();
    await expect(startSimulator({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('close() can be called twice', async () => {
    const simulator = await startSimulator();
    await Promise.all([simulator.close(), simulator.close()]);
    await simulator.close();
  });
});
