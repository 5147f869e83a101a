import { describe, expect, it } from 'vitest';
import {
  LOGGED_BODY_LIMIT,
  LOGGED_TEXT_LIMIT,
  REQUEST_LOG_BYTE_LIMIT,
  REQUEST_LOG_LIMIT,
  RequestLog,
} from '../src/request-log';
import type { RequestLogEntry } from '../src/types';
import {
  ALICE,
  APP_ORIGIN,
  basic,
  control,
  GUIDE_DEFAULT_PLACE,
  GUIDE_HOT_SEATING,
  login,
  logout,
  ping,
  rawRequest,
  useSimulator,
} from './helpers';

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

describe('request log bounds', () => {
  /** A JSON login body of about `bytes` bytes: the guide's payload plus an entry SRS ignores. */
  const paddedLogin = (bytes: number) => {
    const base = JSON.stringify([...GUIDE_DEFAULT_PLACE, { name: 'note', value: '' }]);
    return JSON.stringify([...GUIDE_DEFAULT_PLACE, { name: 'note', value: 'x'.repeat(bytes - base.length) }]);
  };

  it('keeps no body for requests from a refused origin, so they cannot grow the log', async () => {
    const simulator = await useSimulator();
    const body = paddedLogin(64 * 1024 - 100); // under the body limit: the old log kept every one
    for (let round = 0; round < 10; round++) {
      await Promise.all(
        Array.from({ length: 20 }, () =>
          rawRequest(simulator, '/api/v2/me', {
            method: 'POST',
            headers: { Origin: 'http://evil.example', 'Content-Type': 'application/json' },
            body,
          }),
        ),
      );
    }

    const requests = simulator.requests;
    expect(requests).toHaveLength(200);
    expect(requests.every((entry) => entry.status === 403 && entry.body === null)).toBe(true);
    expect(requests[0]?.bodyOmitted).toBe('refused');
    expect(JSON.stringify(requests).length).toBeLessThan(200 * 400);
    const state = await control(simulator, 'GET', 'state');
    expect((await state.text()).length).toBeLessThan(100 * 400);
  });

  it('keeps a body over the per-entry limit out of its entry, and still serves the request', async () => {
    const simulator = await useSimulator();
    const answer = await login(simulator, paddedLogin(LOGGED_BODY_LIMIT + 1));
    const small = await login(simulator, paddedLogin(LOGGED_BODY_LIMIT));

    expect([answer.status, small.status]).toEqual([200, 200]);
    const [large, kept] = simulator.requests;
    expect(large).toMatchObject({ status: 200, body: null, bodyOmitted: 'too-large' });
    expect(kept?.body).toEqual(JSON.parse(paddedLogin(LOGGED_BODY_LIMIT)));
    expect(kept).not.toHaveProperty('bodyOmitted');
  });

  it('drops the oldest entries once the log holds its byte limit, keeping the newest', async () => {
    const simulator = await useSimulator();
    const entries = Math.ceil((REQUEST_LOG_BYTE_LIMIT / LOGGED_BODY_LIMIT) * 1.25);
    for (let sent = 0; sent < entries; sent += 25) {
      await Promise.all(Array.from({ length: 25 }, () => login(simulator, paddedLogin(LOGGED_BODY_LIMIT))));
    }
    await login(simulator, GUIDE_HOT_SEATING);

    const requests = simulator.requests;
    expect(Buffer.byteLength(JSON.stringify(requests))).toBeLessThanOrEqual(REQUEST_LOG_BYTE_LIMIT);
    expect(requests.length).toBeLessThan(entries);
    expect(requests.at(-1)?.body).toEqual(GUIDE_HOT_SEATING);
  });

  it('cuts a long path, origin and user name to a bounded length', async () => {
    const simulator = await useSimulator();
    const long = 'a'.repeat(3_000); // all three stay under Node's 16 KB header limit
    await rawRequest(simulator, `/${long}`, {
      headers: { Origin: `http://${long}.example`, Authorization: basic(long, 'pw') },
    });

    const [entry] = simulator.requests;
    expect(entry?.status).toBe(403);
    for (const text of [entry?.path, entry?.origin, entry?.username]) {
      expect(text?.length).toBeLessThanOrEqual(LOGGED_TEXT_LIMIT + 1);
      expect(text?.endsWith('…')).toBe(true);
    }
  });
});

describe('RequestLog', () => {
  const entry = (index: number): RequestLogEntry => ({
    at: index,
    method: 'GET',
    path: '/ping',
    origin: null,
    status: 200,
    username: `user${index}`,
    csrfRequested: false,
    csrfTokenSent: false,
    body: null,
    fault: null,
  });

  it('measures an entry again when it settles, so that what is set after recording counts too', () => {
    const log = new RequestLog();
    for (let index = 0; index < 3_000; index++) {
      const recorded = { ...entry(index), body: 'b'.repeat(1_000) };
      log.add(recorded);
      // As the server does: the refusal is known once the route has answered.
      recorded.status = 400;
      recorded.refusal = { reason: 'bad-request', detail: 'd'.repeat(500) };
      log.settle(recorded);
    }

    const kept = log.entries();
    expect(Buffer.byteLength(JSON.stringify(kept))).toBeLessThanOrEqual(REQUEST_LOG_BYTE_LIMIT);
    expect(kept.length).toBeGreaterThan(2_000);
    expect(kept.at(-1)).toMatchObject({ at: 2_999, refusal: { reason: 'bad-request' } });
  });

  it('keeps exactly the newest entries by count, in order, before and after it compacts its storage', () => {
    const log = new RequestLog();
    const recorded = REQUEST_LOG_LIMIT * 2 + 1_234; // compaction first happens around twice the limit
    const wrong: string[] = [];
    for (let index = 0; index < recorded; index++) {
      log.add(entry(index));
      // After every add: the right count, the right oldest and newest entries, at the right positions.
      const oldest = Math.max(0, index + 1 - REQUEST_LOG_LIMIT);
      const first = log.page({ since: 0, limit: 1 });
      const last = log.page({ limit: 1 });
      if (
        log.size !== index + 1 - oldest ||
        first.requests[0]?.at !== oldest ||
        first.requestLog.oldest !== oldest ||
        last.requests[0]?.at !== index ||
        last.requestLog.end !== index + 1
      ) {
        wrong.push(
          `after ${index}: size ${log.size}, first ${first.requests[0]?.at}, last ${last.requests[0]?.at}`,
        );
      }
    }

    expect(wrong.slice(0, 3)).toEqual([]);
    const kept = log.entries();
    expect(kept.map((kept) => kept.at)).toEqual(
      Array.from({ length: REQUEST_LOG_LIMIT }, (_, offset) => recorded - REQUEST_LOG_LIMIT + offset),
    );
    expect(log.page({ since: recorded - 3, limit: 2 }).requests).toEqual([
      entry(recorded - 3),
      entry(recorded - 2),
    ]);
  });
});
