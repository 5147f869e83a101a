import { SrsServerError } from '@screen-recording/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALICE,
  ALICE_DEVICES,
  cleanup,
  goodPings,
  loginFields,
  logins,
  logouts,
  PRIMARY,
  pings,
  RECOVERY,
  start,
  trace,
  waitFor,
} from './support';

// Disaster recovery against the simulator: SRS answers 503 to logins naming a lost data center's RWS.

afterEach(cleanup);

const MAX_FAILURES = 3;

describe('primary data center lost', () => {
  it('before login: fails over to the recovery RWS after maxConsecutiveFailures 503s', async () => {
    const { srs, session, views } = await start({ session: { maxConsecutiveFailures: MAX_FAILURES } });
    srs.loseDataCenter(PRIMARY);

    await session.login({ ...ALICE, server: PRIMARY, peerServer: RECOVERY });

    const sent = logins(srs);
    expect(
      sent.map((r) => [loginFields(r).server, r.status]),
      trace(srs).join('\n'),
    ).toEqual([...Array.from({ length: MAX_FAILURES }, () => [PRIMARY, 503]), [RECOVERY, 200]]);
    expect(sent.slice(0, MAX_FAILURES).every((r) => loginFields(r).peer_server === RECOVERY)).toBe(true);
    expect(sent[MAX_FAILURES]?.body).toEqual([
      { name: 'server', value: RECOVERY },
      { name: 'peer_server', value: PRIMARY },
    ]);
    expect(srs.sessions()).toEqual([
      expect.objectContaining({ username: 'alice', server: RECOVERY, peerServer: PRIMARY }),
    ]);
    expect(session.getSnapshot()).toMatchObject({
      status: 'active',
      dataCenter: 'recovery',
      server: RECOVERY,
      isRecordingSessionActive: true,
      error: null,
    });
    // On the way, the agent saw the 503s as server errors and the failover state.
    expect(views.some((view) => view.error instanceof SrsServerError && view.error.status === 503)).toBe(
      true,
    );
    expect(views.some((view) => view.status === 'failover')).toBe(true);

    await waitFor(() => goodPings(srs).length >= 1, 'a poll answered 200 on recovery');
  });

  it('while active: re-login to primary gets 503, fails over, then fails back once primary is restored', async () => {
    const { srs, session } = await start({ session: { maxConsecutiveFailures: MAX_FAILURES } });
    await session.login({
      ...ALICE,
      server: PRIMARY,
      peerServer: RECOVERY,
      place: 'alicePlace',
      devices: ALICE_DEVICES,
    });
    await waitFor(() => goodPings(srs).length >= 1, 'a poll answered 200 on primary');

    srs.loseDataCenter(PRIMARY);
    // The simulator drops the session bound to the lost RWS.
    expect(srs.sessions()).toEqual([]);

    await waitFor(() => pings(srs).some((r) => r.status === 401), 'a poll answered 401');
    await waitFor(
      () => session.getSnapshot().status === 'active' && session.getSnapshot().dataCenter === 'recovery',
      'the session to be active on recovery',
    );
    const afterDrop = logins(srs).slice(1);
    expect(
      afterDrop.map((r) => [loginFields(r).server, r.status]),
      trace(srs).join('\n'),
    ).toEqual([...Array.from({ length: MAX_FAILURES }, () => [PRIMARY, 503]), [RECOVERY, 200]]);
    // The seat is kept across the failover.
    expect(loginFields(afterDrop.at(-1))).toEqual({
      server: RECOVERY,
      peer_server: PRIMARY,
      place: 'alicePlace',
      devices: ALICE_DEVICES,
    });
    expect(srs.sessions()).toEqual([
      expect.objectContaining({ server: RECOVERY, peerServer: PRIMARY, place: 'alicePlace' }),
    ]);
    expect(session.getSnapshot()).toMatchObject({ server: RECOVERY, place: 'alicePlace' });
    const onRecovery = goodPings(srs).length;
    await waitFor(() => goodPings(srs).length > onRecovery, 'a poll answered 200 on recovery');

    srs.restoreDataCenter(PRIMARY);
    await session.failback();

    expect(loginFields(logins(srs).at(-1))).toEqual({
      server: PRIMARY,
      peer_server: RECOVERY,
      place: 'alicePlace',
      devices: ALICE_DEVICES,
    });
    expect(logins(srs).at(-1)?.status).toBe(200);
    expect(srs.sessions()).toEqual([
      expect.objectContaining({ server: PRIMARY, peerServer: RECOVERY, place: 'alicePlace' }),
    ]);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', dataCenter: 'primary', server: PRIMARY });
    const onPrimary = goodPings(srs).length;
    await waitFor(() => goodPings(srs).length > onPrimary, 'a poll answered 200 on primary again');

    await session.logout();
    expect(logouts(srs).at(-1)?.status).toBe(200);
    expect(srs.sessions()).toEqual([]);
  });

  it('failover() on demand moves to recovery without waiting for failures', async () => {
    const { srs, session } = await start();
    await session.login({ ...ALICE, server: PRIMARY, peerServer: RECOVERY });

    await session.failover();

    expect(logins(srs).map((r) => [loginFields(r).server, loginFields(r).peer_server, r.status])).toEqual([
      [PRIMARY, RECOVERY, 200],
      [RECOVERY, PRIMARY, 200],
    ]);
    expect(srs.sessions()).toEqual([expect.objectContaining({ server: RECOVERY })]);
    expect(session.getSnapshot()).toMatchObject({ status: 'active', dataCenter: 'recovery' });
  });
});
