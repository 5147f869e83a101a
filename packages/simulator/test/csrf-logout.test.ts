import { describe, expect, it } from 'vitest';
import { ALICE, basic, GUIDE_HOT_SEATING, login, logout, ping, usernames, useSimulator } from './helpers';

async function loginWithCsrf(simulator: Awaited<ReturnType<typeof useSimulator>>): Promise<string> {
  const response = await login(simulator, GUIDE_HOT_SEATING, { csrf: true });
  expect(response.status).toBe(200);
  const token = response.headers.get('x-csrf-token');
  expect(token).toBeTruthy();
  return token as string;
}

describe('CSRF', () => {
  it('issues a token only when the login asks for it', async () => {
    const simulator = await useSimulator();
    const plain = await login(simulator, GUIDE_HOT_SEATING);
    expect(plain.headers.get('x-csrf-token')).toBeNull();
    expect(simulator.sessions()[0]?.csrfProtected).toBe(false);

    const asked = await login(simulator, GUIDE_HOT_SEATING, { headers: { 'X-Support-CSRFP': 'True' } });
    expect(asked.headers.get('x-csrf-token')).toMatch(/^[\w-]{16,}$/);
    expect(simulator.sessions()[0]?.csrfProtected).toBe(true);
  });

  it('issues a token on a GET login too, and a new token on every login', async () => {
    const simulator = await useSimulator();
    const first = await fetch(`${simulator.url}/api/v2/me`, {
      headers: { Authorization: ALICE, 'X-Support-CSRFP': 'true' },
    });
    const second = await login(simulator, GUIDE_HOT_SEATING, { csrf: true });
    const firstToken = first.headers.get('x-csrf-token');
    const secondToken = second.headers.get('x-csrf-token');
    expect(firstToken).toBeTruthy();
    expect(secondToken).toBeTruthy();
    expect(secondToken).not.toBe(firstToken);

    // The earlier token belonged to the replaced session.
    expect((await logout(simulator, { token: firstToken as string })).status).toBe(403);
    expect((await logout(simulator, { token: secondToken as string })).status).toBe(200);
  });
});

describe('logout', () => {
  it('refuses a logout without the token with 403 and keeps the session', async () => {
    const simulator = await useSimulator();
    await loginWithCsrf(simulator);
    const response = await logout(simulator);

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Missing or invalid CSRF token' });
    expect(usernames(simulator)).toEqual(['alice']);
    expect((await ping(simulator)).status).toBe(200);
  });

  it('refuses a logout with a different token with 403', async () => {
    const simulator = await useSimulator();
    const token = await loginWithCsrf(simulator);
    const response = await logout(simulator, { token: `${token}x` });

    expect(response.status).toBe(403);
    expect(usernames(simulator)).toEqual(['alice']);
  });

  it('ends the session with the right token; the next ping gets 401', async () => {
    const simulator = await useSimulator();
    const token = await loginWithCsrf(simulator);
    const response = await logout(simulator, { token });

    expect(response.status).toBe(200);
    expect(simulator.sessions()).toEqual([]);
    expect((await ping(simulator)).status).toBe(401);
  });

  it('needs no token when the session was opened without CSRF', async () => {
    const simulator = await useSimulator();
    await login(simulator, GUIDE_HOT_SEATING);
    expect((await logout(simulator)).status).toBe(200);
    expect(simulator.sessions()).toEqual([]);
  });

  it('answers 401 without credentials or without a live session', async () => {
    const simulator = await useSimulator();
    await login(simulator, GUIDE_HOT_SEATING);

    expect((await logout(simulator, { auth: null })).status).toBe(401);
    expect((await logout(simulator, { auth: basic('bob', 'bob-password') })).status).toBe(401);
    expect(usernames(simulator)).toEqual(['alice']);
  });

  it("ends only the caller's session", async () => {
    const simulator = await useSimulator();
    await login(simulator, GUIDE_HOT_SEATING);
    await login(simulator, undefined, { auth: basic('bob', 'bob-password') });
    await logout(simulator, { auth: basic('bob', 'bob-password') });
    expect(usernames(simulator)).toEqual(['alice']);
  });
});
