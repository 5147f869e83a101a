import { describe, expect, it } from 'vitest';
import { basic, login, ping, RWS_DC1, RWS_DC2, usernames, useSimulator } from './helpers';

const loginTo = (server: string, peer?: string) => [
  { name: 'server', value: server },
  ...(peer === undefined ? [] : [{ name: 'peer_server', value: peer }]),
];

describe('data-center loss', () => {
  it('fails logins naming the lost RWS with 503 and lets logins to the other one through', async () => {
    const simulator = await useSimulator();
    simulator.loseDataCenter(RWS_DC1);

    const refused = await login(simulator, loginTo(RWS_DC1, RWS_DC2));
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ message: `cannot reach RWS at ${RWS_DC1}` });
    expect(simulator.sessions()).toEqual([]);

    // Disaster recovery: log in again with the backup data center as server; the lost one may be the peer.
    expect((await login(simulator, loginTo(RWS_DC2, RWS_DC1))).status).toBe(200);
    expect(simulator.sessions()).toMatchObject([{ username: 'alice', server: RWS_DC2, peerServer: RWS_DC1 }]);
  });

  it('drops live sessions bound to the lost RWS, so their next ping gets 401', async () => {
    const simulator = await useSimulator();
    await login(simulator, loginTo(RWS_DC1));
    await login(simulator, loginTo(RWS_DC2), { auth: basic('bob', 'bob-password') });
    simulator.loseDataCenter(RWS_DC1);

    expect(usernames(simulator)).toEqual(['bob']);
    expect((await ping(simulator)).status).toBe(401);
    expect((await ping(simulator, { auth: basic('bob', 'bob-password') })).status).toBe(200);
  });

  it('treats spellings of the same RWS address as one data center', async () => {
    const simulator = await useSimulator();
    simulator.loseDataCenter('https://RWS.dc1.example.com:443/');
    expect((await login(simulator, loginTo(RWS_DC1))).status).toBe(503);
  });

  it('accepts logins to it again once restored', async () => {
    const simulator = await useSimulator();
    simulator.loseDataCenter(RWS_DC1);
    simulator.restoreDataCenter(RWS_DC1);
    expect((await login(simulator, loginTo(RWS_DC1))).status).toBe(200);
  });

  it('outlives a restart of SRS: the data center is still unreachable', async () => {
    const simulator = await useSimulator();
    simulator.loseDataCenter(RWS_DC1);
    simulator.restart();
    expect((await login(simulator, loginTo(RWS_DC1))).status).toBe(503);
  });

  it('rejects a server that is not a URL', async () => {
    const simulator = await useSimulator();
    expect(() => simulator.loseDataCenter('dc1')).toThrow(TypeError);
  });
});
