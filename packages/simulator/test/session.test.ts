import { describe, expect, it } from 'vitest';
import { basic, GUIDE_HOT_SEATING, login, ping, usernames, useSimulator } from './helpers';

describe('session lifetime', () => {
  it('drops a session not polled within the timeout: ping gets 401 and the session is gone', async () => {
    let clock = 0;
    const simulator = await useSimulator({ now: () => clock });
    await login(simulator, GUIDE_HOT_SEATING);

    clock = 60_000; // exactly the timeout: still alive
    expect(usernames(simulator)).toEqual(['alice']);
    clock = 60_001;
    expect(simulator.sessions()).toEqual([]);
    expect((await ping(simulator)).status).toBe(401);

    // Time going back does not resurrect it: the session was deleted.
    clock = 0;
    expect((await ping(simulator)).status).toBe(401);
  });

  it('keeps a session alive while it is polled, and updates lastSeenAt', async () => {
    let clock = 0;
    const simulator = await useSimulator({ now: () => clock });
    await login(simulator, GUIDE_HOT_SEATING);

    for (const at of [30_000, 60_000, 90_000, 120_000]) {
      clock = at;
      const response = await ping(simulator);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ statusCode: 0 });
      expect(simulator.sessions()[0]).toMatchObject({ createdAt: 0, lastSeenAt: at });
    }
    clock = 180_001;
    expect((await ping(simulator)).status).toBe(401);
  });

  it('honours a custom sessionTimeoutMs', async () => {
    let clock = 0;
    const simulator = await useSimulator({ now: () => clock, sessionTimeoutMs: 5_000 });
    await login(simulator, GUIDE_HOT_SEATING);
    clock = 5_001;
    expect((await ping(simulator)).status).toBe(401);
  });

  it('answers 401 to a ping from a user who never logged in', async () => {
    const simulator = await useSimulator();
    await login(simulator, GUIDE_HOT_SEATING);
    expect((await ping(simulator, { auth: basic('bob', 'bob-password') })).status).toBe(401);
  });

  it('expireSessions() ends every live session as a timeout would', async () => {
    const simulator = await useSimulator();
    await login(simulator, GUIDE_HOT_SEATING);
    await login(simulator, undefined, { auth: basic('bob', 'bob-password') });
    simulator.expireSessions();

    expect(simulator.sessions()).toEqual([]);
    expect((await ping(simulator)).status).toBe(401);
    // A fresh login works again.
    expect((await login(simulator, GUIDE_HOT_SEATING)).status).toBe(200);
    expect((await ping(simulator)).status).toBe(200);
  });

  it('restart() loses every session and clears the fault', async () => {
    const simulator = await useSimulator();
    await login(simulator, GUIDE_HOT_SEATING);
    simulator.injectFault({ kind: 'error', status: 503 });
    simulator.restart();

    expect(simulator.sessions()).toEqual([]);
    expect((await ping(simulator)).status).toBe(401);
  });
});
