import type { Logger } from '@screen-recording/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALICE,
  ALICE_DEVICES,
  cleanup,
  goodPings,
  logins,
  logouts,
  PRIMARY,
  pings,
  RECOVERY,
  rejectionOf,
  start,
  waitFor,
} from './support';

// Everything a desktop may show, log or ship to an inspector must be free of the password, the
// Authorization header and the CSRF tokens, through a whole session with every kind of re-login.

afterEach(cleanup);

/** JSON that survives cycles and shows what plain JSON hides (Error messages and stacks). */
function serialize(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'function') return `[function ${item.name}]`;
    if (typeof item === 'bigint') return item.toString();
    if (item instanceof Error) return { ...item, name: item.name, message: item.message, stack: item.stack };
    if (typeof item === 'object' && item !== null) {
      if (seen.has(item)) return '[seen]';
      seen.add(item);
    }
    return item;
  });
}

function collector() {
  const texts: string[] = [];
  const counts = { views: 0, snapshots: 0, inspections: 0, logs: 0 };
  const record =
    (level: keyof Logger) =>
    (message: string, details?: Record<string, unknown>): void => {
      counts.logs += 1;
      texts.push(serialize({ level, message, details }));
    };
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  return {
    texts,
    counts,
    logger,
    inspect: (event: unknown) => {
      counts.inspections += 1;
      texts.push(serialize(event));
    },
  };
}

function expectNoSecret(texts: readonly string[], secrets: readonly string[]): void {
  for (const secret of secrets) {
    const leaks = texts.filter((text) => text.includes(secret));
    expect(leaks, `a secret (${secret.length} characters) leaked`).toEqual([]);
  }
}

describe('no secret leaks', () => {
  it('through login, polls, place switch, 401 recovery and logout', async () => {
    const seen = collector();
    const { srs, session, csrfTokens, authorizations } = await start({
      session: { logger: seen.logger, inspect: seen.inspect },
    });
    session.subscribe((view) => {
      seen.counts.views += 1;
      seen.texts.push(serialize(view), String(view.error?.stack));
    });
    session.actor.subscribe((snapshot) => {
      seen.counts.snapshots += 1;
      seen.texts.push(JSON.stringify(snapshot), serialize(snapshot.context));
    });

    await session.login({
      ...ALICE,
      server: PRIMARY,
      peerServer: RECOVERY,
      place: 'alicePlace',
      devices: ALICE_DEVICES,
    });
    await waitFor(() => goodPings(srs).length >= 2, 'two polls answered 200');
    await session.switchPlace({ place: 'bobPlace' });
    srs.expireSessions();
    await waitFor(() => logins(srs).length === 3 && srs.sessions().length === 1, 'the re-login after 401');
    const polled = goodPings(srs).length;
    await waitFor(() => goodPings(srs).length > polled, 'a poll after the re-login');
    await session.logout();

    // The run did what it should, or this test would prove nothing.
    expect(pings(srs).some((r) => r.status === 401)).toBe(true);
    expect(logouts(srs)).toEqual([expect.objectContaining({ csrfTokenSent: true, status: 200 })]);
    expect(srs.sessions()).toEqual([]);
    expect(csrfTokens).toHaveLength(3);
    expect(new Set(csrfTokens).size).toBe(3);
    const basic = `Basic ${Buffer.from(`${ALICE.username}:${ALICE.password}`).toString('base64')}`;
    expect(new Set(authorizations)).toEqual(new Set([basic]));
    expect(seen.counts.views).toBeGreaterThan(5);
    expect(seen.counts.snapshots).toBeGreaterThan(5);
    expect(seen.counts.inspections).toBeGreaterThan(20);
    expect(seen.counts.logs).toBeGreaterThan(5);
    expect(seen.texts.some((text) => text.includes('bobPlace'))).toBe(true);
    expect(seen.texts.some((text) => text.includes('no longer knows this session'))).toBe(true);

    const secrets = [ALICE.password, basic, basic.slice('Basic '.length), ...csrfTokens];
    expectNoSecret(seen.texts, secrets);
    // Nor does the simulator keep them, as its README promises.
    expectNoSecret([serialize(srs.requests), serialize(srs.sessions())], secrets);
  });

  it('through failures: bad password, SRS down, a rejected CSRF token at logout', async () => {
    const seen = collector();
    const { srs, session, csrfTokens } = await start({
      session: { logger: seen.logger, inspect: seen.inspect, maxConsecutiveFailures: 2 },
    });
    session.subscribe((view) => seen.texts.push(serialize(view), String(view.error?.stack)));
    session.actor.subscribe((snapshot) => seen.texts.push(JSON.stringify(snapshot)));

    await rejectionOf(session.login({ ...ALICE, password: 'not-the-password', server: PRIMARY }));
    await session.login({ ...ALICE, server: PRIMARY });
    srs.injectFault({ kind: 'down' }, { paths: ['/ping'] });
    await waitFor(() => session.getSnapshot().status === 'failed', 'the session to fail');
    srs.clearFault();
    await session.retry();
    // Another login of the same agent elsewhere replaces the session and its token: this logout gets 403.
    await fetch(`${srs.url}/api/v2/me`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${ALICE.username}:${ALICE.password}`).toString('base64')}`,
        'Content-Type': 'application/json',
        'X-Support-CSRFP': 'true',
      },
      body: JSON.stringify([{ name: 'server', value: PRIMARY }]),
    }).then(async (response) => {
      const token = response.headers.get('x-csrf-token');
      if (token) csrfTokens.push(token);
      await response.body?.cancel();
    });
    await session.logout();

    // SRS refused the stale token; the session logged in once more for a fresh one, and the logout went through.
    expect(
      logouts(srs)
        .slice(-2)
        .map((entry) => entry.status),
    ).toEqual([403, 200]);
    expect(seen.texts.some((text) => text.includes('"level":"warn"'))).toBe(true);
    expect(seen.texts.some((text) => text.includes('"level":"error"'))).toBe(true);
    expect(csrfTokens.length).toBeGreaterThanOrEqual(3);
    const basicOf = (password: string) => Buffer.from(`${ALICE.username}:${password}`).toString('base64');
    expectNoSecret(seen.texts, [
      ALICE.password,
      'not-the-password',
      basicOf(ALICE.password),
      basicOf('not-the-password'),
      ...csrfTokens,
    ]);
  });
});
