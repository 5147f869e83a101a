import { connect, createServer, type Socket } from 'node:net';
import { createScreenRecordingSession } from '@screen-recording/core';
import { startSimulator } from '@screen-recording/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, cleanup, goodPings, logouts, PRIMARY, start, waitFor } from './support';

afterEach(cleanup);

describe('what the app hands in cannot stop the session, against the simulator', () => {
  it('a logger that throws on every call changes nothing: login, polls and logout all go through', async () => {
    const thrower = () => {
      throw new Error('a broken logger');
    };
    const { srs, session } = await start({
      session: { logger: { debug: thrower, info: thrower, warn: thrower, error: thrower } },
    });
    await session.login({ ...ALICE, server: PRIMARY });
    await waitFor(() => goodPings(srs).length >= 2, 'two polls answered');
    await session.logout();
    expect(session.getSnapshot().status).toBe('idle');
    expect(logouts(srs)).toEqual([expect.objectContaining({ status: 200 })]);
    expect(srs.sessions()).toEqual([]);
  });
});

describe('connections to SRS', () => {
  it('are reused: a login, sixty polls and a logout need a handful of TCP connections', async () => {
    const srs = await startSimulator({ port: 0 });
    const upstream = new URL(srs.url);
    // A TCP relay in front of the simulator counts the connections the session opens.
    let connections = 0;
    const sockets = new Set<Socket>();
    const relay = createServer((client) => {
      connections++;
      const server = connect(Number(upstream.port), upstream.hostname);
      client.pipe(server).pipe(client);
      for (const socket of [client, server]) {
        sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => sockets.delete(socket));
      }
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
    const address = relay.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const session = createScreenRecordingSession({
      srsUrl: `http://127.0.0.1:${port}`,
      pingIntervalMs: 20,
      sessionTimeoutMs: 2_000,
    });
    try {
      await session.login({ ...ALICE, server: PRIMARY });
      await waitFor(() => goodPings(srs).length >= 60, 'sixty polls answered', 10_000);
      await session.logout();
      const requests = srs.requests.length;
      console.log(`TCP connections for ${requests} requests to SRS: ${connections}`);
      expect(requests).toBeGreaterThanOrEqual(62);
      expect(connections).toBeLessThanOrEqual(3);
    } finally {
      session.dispose();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
      await srs.close();
    }
  });
});
