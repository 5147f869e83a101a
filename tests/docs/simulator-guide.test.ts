// The example of docs/guide/testing-with-the-simulator.md, shown there as it is here: a test that runs.
import { createScreenRecordingSession, type LoginParams } from '@screen-recording/core';
import { type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import { afterEach, beforeEach, expect, test } from 'vitest';

const alice: LoginParams = {
  username: 'alice', // one of the simulator's agents
  password: 'alice-password',
  server: 'https://rws.dc1.example.com',
  peerServer: 'https://rws.dc2.example.com',
};

let srs: SrsSimulator;
beforeEach(async () => {
  srs = await startSimulator(); // a free port on 127.0.0.1: read srs.url
});
afterEach(() => srs.close());

const logins = () => srs.requests.filter((entry) => entry.method === 'POST' && entry.path === '/api/v2/me');

test('the session logs in again by itself after SRS restarts', async () => {
  // Short timings, so the test takes a second or two rather than minutes.
  const session = createScreenRecordingSession({
    srsUrl: srs.url,
    pingIntervalMs: 500,
    sessionTimeoutMs: 3_000,
  });
  try {
    await session.login(alice);
    expect(srs.sessions()).toHaveLength(1);

    srs.restart(); // SRS forgets every session: the next poll gets 401
    await expect.poll(() => logins().length).toBe(2);
    await expect.poll(() => session.getSnapshot().status).toBe('active');
    expect(srs.sessions()).toHaveLength(1);
  } finally {
    await session.logout();
    session.dispose();
  }
});

test('the session moves to the recovery data center when the primary one is lost', async () => {
  srs.loseDataCenter('https://rws.dc1.example.com'); // logins naming it as server get 503
  const session = createScreenRecordingSession({ srsUrl: srs.url, retryDelayMs: 50 });
  try {
    await session.login(alice);
    expect(session.getSnapshot().dataCenter).toBe('recovery');
    expect(srs.sessions()[0]).toMatchObject({
      server: 'https://rws.dc2.example.com',
      peerServer: 'https://rws.dc1.example.com',
    });
  } finally {
    await session.logout();
    session.dispose();
  }
});
