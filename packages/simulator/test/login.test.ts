import { describe, expect, it } from 'vitest';
import {
  ALICE,
  basic,
  GUIDE_DEFAULT_PLACE,
  GUIDE_HOT_SEATING,
  login,
  ping,
  RWS_DC1,
  RWS_DC2,
  usernames,
  useSimulator,
} from './helpers';

describe('login', () => {
  it('logs in with the API guide hot-seating payload and records the place and devices', async () => {
    let clock = 1_000;
    const simulator = await useSimulator({ now: () => clock });
    const response = await login(simulator, GUIDE_HOT_SEATING);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ statusCode: 0 });
    clock = 2_000;
    expect(simulator.sessions()).toEqual([
      {
        username: 'alice',
        server: RWS_DC1,
        peerServer: null,
        place: 'alicePlace',
        devices: [
          { dn: 'DN1', switch: 'SwitchA' },
          { dn: 'DN2', switch: 'SwitchB' },
        ],
        csrfProtected: false,
        createdAt: 1_000,
        lastSeenAt: 1_000,
      },
    ]);
  });

  it('logs in with the API guide default-place payload (server only)', async () => {
    const simulator = await useSimulator();
    const response = await login(simulator, GUIDE_DEFAULT_PLACE);

    expect(response.status).toBe(200);
    expect(simulator.sessions()).toMatchObject([
      { username: 'alice', server: RWS_DC1, place: null, devices: null },
    ]);
  });

  it('accepts a single-DN place without devices and records its DN', async () => {
    const simulator = await useSimulator();
    const response = await login(
      simulator,
      [
        { name: 'server', value: RWS_DC1 },
        { name: 'peer_server', value: RWS_DC2 },
        { name: 'place', value: 'bobPlace' },
      ],
      { auth: basic('bob', 'bob-password') },
    );

    expect(response.status).toBe(200);
    expect(simulator.sessions()).toMatchObject([
      {
        username: 'bob',
        peerServer: RWS_DC2,
        place: 'bobPlace',
        devices: [{ dn: 'DN3', switch: 'SwitchA' }],
      },
    ]);
  });

  it('logs in without configuration on GET /api/v2/me', async () => {
    const simulator = await useSimulator();
    const response = await fetch(`${simulator.url}/api/v2/me`, { headers: { Authorization: ALICE } });

    expect(response.status).toBe(200);
    expect(simulator.sessions()).toMatchObject([{ username: 'alice', server: null, place: null }]);
  });

  it('keeps one session per user and replaces it on a new login (place switch)', async () => {
    const simulator = await useSimulator();
    await login(simulator, GUIDE_DEFAULT_PLACE);
    await login(simulator, GUIDE_DEFAULT_PLACE, { auth: basic('bob', 'bob-password') });
    await login(simulator, GUIDE_HOT_SEATING);

    expect(usernames(simulator).sort()).toEqual(['alice', 'bob']);
    expect(simulator.sessions().find((session) => session.username === 'alice')?.place).toBe('alicePlace');
  });

  it.each([
    ['no Authorization header', null],
    ['a wrong password', basic('alice', 'wrong')],
    ['an unknown user', basic('mallory', 'alice-password')],
    ['a non-Basic scheme', 'Bearer abc'],
  ])('refuses a login with %s (401, no session)', async (_label, auth) => {
    const simulator = await useSimulator();
    const response = await login(simulator, GUIDE_HOT_SEATING, { auth });

    expect(response.status).toBe(401);
    expect(simulator.sessions()).toEqual([]);
  });

  it('refuses a ping with bad credentials even when that user has a session', async () => {
    const simulator = await useSimulator();
    await login(simulator);

    expect((await ping(simulator, { auth: basic('alice', 'wrong') })).status).toBe(401);
    expect((await ping(simulator, { auth: null })).status).toBe(401);
    expect((await ping(simulator)).status).toBe(200);
  });
});

describe('login body validation', () => {
  const server = { name: 'server', value: RWS_DC1 };
  const cases: Array<[string, unknown, RegExp]> = [
    ['a body that is not JSON', '{not json', /JSON/],
    ['a JSON object instead of an array', { server: RWS_DC1 }, /array/],
    ['an entry without a name', [{ value: RWS_DC1 }], /name/],
    ['no server', [{ name: 'place', value: 'bobPlace' }], /'server' is required/],
    ['a server that is not a URL', [{ name: 'server', value: 'rws.dc1.example.com' }], /'server'.*URL/],
    ['a server with another scheme', [{ name: 'server', value: 'ftp://rws.example.com' }], /'server'.*URL/],
    ['a peer_server that is not a URL', [server, { name: 'peer_server', value: 'dc2' }], /'peer_server'/],
    ['an unknown place', [server, { name: 'place', value: 'nowhere' }], /unknown place 'nowhere'/],
    [
      'devices without a place',
      [server, { name: 'devices', value: [{ dn: 'DN1', switch: 'SwitchA' }] }],
      /'devices' requires 'place'/,
    ],
    [
      'a device that does not belong to the place',
      [
        server,
        { name: 'place', value: 'alicePlace' },
        { name: 'devices', value: [{ dn: 'DN3', switch: 'SwitchA' }] },
      ],
      /DN3@SwitchA does not belong to place 'alicePlace'/,
    ],
    [
      'a DN on the wrong switch',
      [
        server,
        { name: 'place', value: 'alicePlace' },
        { name: 'devices', value: [{ dn: 'DN1', switch: 'SwitchB' }] },
      ],
      /does not belong/,
    ],
    [
      'a multi-DN place without devices',
      [server, { name: 'place', value: 'alicePlace' }],
      /several DNs, so 'devices' is required/,
    ],
    [
      'a malformed device',
      [server, { name: 'place', value: 'alicePlace' }, { name: 'devices', value: [{ dn: 'DN1' }] }],
      /dn and switch/,
    ],
    ['an unknown operationName', { operationName: 'Shutdown' }, /operationName/],
  ];

  it.each(cases)(
    'answers 400 with a message for %s, and opens no session',
    async (_label, body, expected) => {
      const simulator = await useSimulator();
      const response = await login(simulator, body);

      expect(response.status).toBe(400);
      const payload = (await response.json()) as { message: string };
      expect(payload.message).toMatch(expected);
      expect(simulator.sessions()).toEqual([]);
    },
  );

  it('leaves an existing session untouched when a later login is invalid', async () => {
    const simulator = await useSimulator();
    await login(simulator, GUIDE_HOT_SEATING);
    expect((await login(simulator, [{ name: 'place', value: 'alicePlace' }])).status).toBe(400);
    expect(simulator.sessions()).toMatchObject([{ username: 'alice', place: 'alicePlace' }]);
  });

  it('accepts any subset of a multi-DN place, and ignores entries it does not know', async () => {
    const simulator = await useSimulator();
    const response = await login(simulator, [
      server,
      { name: 'place', value: 'alicePlace' },
      { name: 'devices', value: [{ dn: 'DN2', switch: 'SwitchB' }] },
      { name: 'future_option', value: 42 },
    ]);
    expect(response.status).toBe(200);
    expect(simulator.sessions()[0]?.devices).toEqual([{ dn: 'DN2', switch: 'SwitchB' }]);
  });
});

describe('routing', () => {
  it('answers 404 for an unknown path and 405 for a wrong method', async () => {
    const simulator = await useSimulator();
    expect((await fetch(`${simulator.url}/api/v2/you`, { headers: { Authorization: ALICE } })).status).toBe(
      404,
    );
    const wrongMethod = await fetch(`${simulator.url}/ping`, {
      method: 'POST',
      headers: { Authorization: ALICE },
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, OPTIONS');
    expect((await fetch(`${simulator.url}/api/v2/me`, { method: 'DELETE' })).status).toBe(405);
  });
});
